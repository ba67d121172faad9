//! The HTML report: one self-contained file (no network, no script, no external style or
//! font) with the summary, a bar chart of each unit's rate against the target line, the
//! Learning Unit levels, the units below target, the ranking and, with `--gan-dat`, who is
//! close. Printable to PDF from a browser. Built with maud, which escapes every value.

use maud::{Markup, html};

use super::format::GroupBy;
use super::model::UnitRow;
use super::render::html::{page, sheet_table};
use super::summary::{self, Summary};
use super::views;
use super::{Report, close, ranking};
use crate::criteria::Criteria;
use crate::model::mark::OutputKind;

pub fn render(criteria: &Criteria, report: &Report, by: Option<GroupBy>) -> Vec<u8> {
    // Group the chart by what was asked, else by school level when the register gives it.
    let by = by.or_else(|| report.don_vi.iter().any(|r| r.dang_ky.is_some()).then_some(GroupBy::CapHoc));
    let grouped = by.map(|b| summary::summarise(criteria, report, b));
    let target = &report.tieu_chi.muc_tieu_phan_tram;
    let below: Vec<&UnitRow> = report.don_vi.iter().filter(|r| !r.meets_target()).collect();
    let hidden: Vec<&UnitRow> = report.don_vi.iter().filter(|r| r.members_hidden_below()).collect();
    let body = html! {
        h1 { "Báo cáo Công dân học tập và Đơn vị học tập" }
        @if let Some(p) = &report.phong { p { strong { (p) } } }
        p.meta {
            "Bộ tiêu chí: " (report.tieu_chi.ten) " (mã " (report.tieu_chi.ma) ", phiên bản "
            (report.tieu_chi.phien_ban) "), SHA-256 " (report.tieu_chi.sha256) "."
            br;
            "Mục tiêu: tối thiểu " (target) "% số người được tính của mỗi đơn vị đạt CDHT — " (report.tieu_chi.nguon_muc_tieu)
        }
        (overview(report))
        (register_check(report))
        @if let Some(s) = &grouped { (summary_table(s)) }
        h2 { "Tỷ lệ đạt CDHT của từng đơn vị so với mục tiêu " (target) "%" }
        (chart(report, grouped.as_ref()))
        h2 { "Đơn vị chưa đạt mục tiêu (" (below.len()) ")" }
        @if below.is_empty() { p { "Mọi đơn vị đạt mục tiêu." } } @else { (units_table(report, true)) }
        @if !hidden.is_empty() { (members_hidden(&hidden, target)) }
        h2 { "Đơn vị học tập" }
        (levels(criteria, report))
        h2 { "Xếp hạng và đề nghị khen thưởng" }
        (ranking_table(report))
        @if report.gan_dat.is_some() {
            h2 { "Người gần đạt nhất của mỗi đơn vị" }
            (close_table(report))
        }
        h2 { "Tất cả đơn vị" }
        (units_table(report, false))
        (findings(report))
    };
    page("Báo cáo Công dân học tập, Đơn vị học tập", OutputKind::Report, body)
}

/// Units that meet the target while their members do not: learners, more numerous, carry the
/// combined rate.
fn members_hidden(hidden: &[&UnitRow], target: &str) -> Markup {
    let listed: Vec<String> = hidden
        .iter()
        .map(|r| {
            let rate = r.ty_le_thanh_vien.map_or_else(String::new, |x| x.to_string());
            format!("{} (thành viên {}/{} = {rate}%)", r.ma_don_vi, r.thanh_vien_so_dat, r.thanh_vien_so_nguoi)
        })
        .collect();
    html! {
        div.canh-bao {
            h3 { "Đạt mục tiêu chung nhưng tỷ lệ thành viên dưới " (target) "% (" (hidden.len()) ")" }
            p { "Mục tiêu tính trên thành viên và người học cộng lại; người học đông hơn nên che được thành viên chưa đạt: "
                strong { (listed.join(", ")) } }
        }
    }
}

fn overview(report: &Report) -> Markup {
    let c = &report.tong_hop;
    html! {
        p {
            (c.so_tep) " tệp, " (c.so_dong_doc) " dòng đọc = " (c.so_nguoi) " được tính (" (c.so_dat) " đạt, "
            (c.so_loi) " lỗi) + " (c.so_loai_tru) " loại trừ + " (c.so_trung) " trùng. "
            strong { (c.so_don_vi_dat_muc_tieu) "/" (c.so_don_vi) " đơn vị đạt mục tiêu " (report.tieu_chi.muc_tieu_phan_tram) "%" }
            "; toàn bộ: " (report.tong.so_dat) "/" (report.tong.so_nguoi) " = " (report.tong.rate_text()) "%."
        }
    }
}

fn register_check(report: &Report) -> Markup {
    let Some(c) = &report.doi_chieu else { return html! {} };
    if c.khong_co_danh_sach.is_empty() && c.khong_co_trong_tep_don_vi.is_empty() {
        return html! { p { "Đối chiếu tệp đơn vị: mọi đơn vị đăng ký đều có danh sách, mọi danh sách đều có trong tệp đơn vị." } };
    }
    html! {
        div.canh-bao {
            h3 { "Đối chiếu tệp đơn vị với danh sách người" }
            @if !c.khong_co_danh_sach.is_empty() {
                p { (c.khong_co_danh_sach.len()) " đơn vị có trong tệp đơn vị nhưng không có danh sách người (chưa nộp?): "
                    strong { (c.khong_co_danh_sach.join(", ")) } }
            }
            @if !c.khong_co_trong_tep_don_vi.is_empty() {
                p { (c.khong_co_trong_tep_don_vi.len()) " đơn vị có danh sách người nhưng không có trong tệp đơn vị: "
                    strong { (c.khong_co_trong_tep_don_vi.join(", ")) } }
            }
        }
    }
}

fn summary_table(s: &Summary) -> Markup {
    html! {
        h2 { "Tổng hợp theo " (s.theo.to_lowercase()) }
        table {
            thead { tr {
                th { (s.theo) } th { "Số đơn vị" } th { "Đơn vị đạt mục tiêu" } th { "Số người" } th { "Đạt CDHT" }
                th { "Tỷ lệ %" } th { "Cần thêm" }
                @for l in &s.tong.dvht { th { "ĐVHT: " (l.muc_do) } }
            } }
            tbody {
                @for g in s.nhom.iter().chain(std::iter::once(&s.tong)) {
                    tr class=[(g.nhom == s.tong.nhom).then_some("tong")] {
                        td { (g.nhom) } td.n { (g.so_don_vi) } td.n { (g.so_don_vi_dat_muc_tieu) }
                        td.n { (g.so_nguoi) } td.n { (g.so_dat) }
                        td.n { (g.ty_le.map_or_else(String::new, |r| r.to_string())) } td.n { (g.can_them) }
                        @for l in &s.tong.dvht {
                            td.n { (g.dvht.iter().find(|x| x.muc_do == l.muc_do).map_or(0, |x| x.so_don_vi)) }
                        }
                    }
                }
            }
        }
    }
}

/// Horizontal bars, one per unit, with the target as a dashed line; grouped when asked.
fn chart(report: &Report, grouped: Option<&Summary>) -> Markup {
    let target: f64 = report.tieu_chi.muc_tieu_phan_tram.parse().unwrap_or(0.0);
    let groups: Vec<(String, Vec<&UnitRow>)> = match grouped {
        Some(s) => s
            .nhom
            .iter()
            .map(|g| (g.nhom.clone(), report.don_vi.iter().filter(|r| g.don_vi.contains(&r.ma_don_vi)).collect()))
            .collect(),
        None => vec![(String::new(), report.don_vi.iter().collect())],
    };
    let (label_w, bar_w, row_h) = (150.0, 480.0, 18.0);
    html! {
        @for (name, rows) in &groups {
            @if !name.is_empty() { h3 { (name) } }
            @let height = row_h * rows.len() as f64 + 20.0;
            @let x_target = label_w + bar_w * target / 100.0;
            svg role="img" width=(label_w + bar_w + 70.0) height=(height) viewBox=(format!("0 0 {} {height}", label_w + bar_w + 70.0)) {
                title { "Tỷ lệ đạt CDHT " (name) }
                @for (i, r) in rows.iter().enumerate() {
                    @let y = row_h * i as f64;
                    @let rate = r.ty_le.map_or(0.0, |x| x.0 as f64 / 100.0);
                    text x="0" y=(y + 12.0) { (r.ma_don_vi) }
                    rect x=(label_w) y=(y + 2.0) width=(bar_w * rate / 100.0) height="12"
                        fill=(if r.meets_target() { "#3a7d44" } else { "#c0392b" }) {}
                    text x=(label_w + bar_w + 4.0) y=(y + 12.0) { (r.rate_text()) "%" }
                }
                line x1=(x_target) y1="0" x2=(x_target) y2=(height - 14.0) stroke="#000" stroke-dasharray="4 3" {}
                text x=(x_target - 10.0) y=(height - 3.0) { (report.tieu_chi.muc_tieu_phan_tram) "%" }
            }
        }
    }
}

/// The unit report's table (the same columns as on screen); only the units below target
/// when `below` is set.
fn units_table(report: &Report, below: bool) -> Markup {
    let mut sheet = views::units_sheet(report);
    if below {
        sheet.rows.retain(|r| !r.total && r.tone == super::sheet::Tone::Bad);
    }
    sheet_table(&sheet)
}

fn levels(criteria: &Criteria, report: &Report) -> Markup {
    let labels = summary::dvht_labels(criteria);
    html! {
        p.meta { (criteria.dvht.source) }
        table {
            thead { tr { th { "Kết quả" } th { "Số đơn vị" } th { "Đơn vị" } } }
            tbody {
                @for l in &labels {
                    @let units: Vec<&str> = report.don_vi.iter().filter(|r| &r.muc_do_dvht == l).map(|r| r.ma_don_vi.as_str()).collect();
                    tr { td { (l) } td.n { (units.len()) } td { (units.join(", ")) } }
                }
            }
        }
    }
}

fn ranking_table(report: &Report) -> Markup {
    let rows = ranking::rank(report);
    let proposed: Vec<&ranking::RankRow> = rows.iter().filter(|r| !r.de_nghi_khen_thuong.is_empty()).collect();
    html! {
        p { "Đề nghị khen thưởng (" (proposed.len()) "): "
            @if proposed.is_empty() { "chưa có đơn vị nào đạt 100% CDHT hoặc mức cao nhất của Đơn vị học tập." }
            @else { (proposed.iter().map(|r| format!("{} ({})", r.ma_don_vi, r.de_nghi_khen_thuong)).collect::<Vec<_>>().join(", ")) }
        }
        (sheet_table(&views::ranking_sheet(&rows)))
    }
}

fn close_table(report: &Report) -> Markup {
    html! {
        p { "Xếp theo số điểm cần thêm ít nhất (để tổng đạt ngưỡng và mọi chỉ số đạt mức tối thiểu), rồi số chỉ số dưới mức tối thiểu, rồi mã định danh." }
        (sheet_table(&close::sheet(&close::rows(report))))
    }
}

/// At most this many findings in the page; the rest are counted.
const MAX_FINDINGS: usize = 500;

fn findings(report: &Report) -> Markup {
    let f = &report.phat_hien;
    if f.is_empty() {
        return html! {};
    }
    html! {
        h2 { "Phát hiện khi đọc dữ liệu (" (f.len()) ")" }
        table {
            thead { tr { th { "Mức" } th { "Vị trí" } th { "Giá trị" } th { "Nội dung" } } }
            tbody {
                @for x in f.iter().take(MAX_FINDINGS) {
                    tr { td { (x.muc_do.label()) } td { (x.location()) } td { (x.gia_tri) } td { (x.thong_bao) } }
                }
            }
        }
        @if f.len() > MAX_FINDINGS { p { "… và " (f.len() - MAX_FINDINGS) " phát hiện khác (xem --format json)." } }
    }
}
