//! The HTML report: one self-contained file (no network, no script, no external style or
//! font) with the summary, a bar chart of each unit's rate against the target line, the
//! Learning Unit levels, the units below target, the ranking and, with `--gan-dat`, who is
//! close. Printable to PDF from a browser. Built with maud, which escapes every value.

use maud::{Markup, html};

use super::format::GroupBy;
use super::model::UnitRow;
use super::render::html::{page, sheet_table};
use super::render::vi;
use super::summary::{self, Summary};
use super::views;
use super::{Report, close, ranking};
use crate::criteria::Criteria;
use crate::model::mark::OutputKind;
use crate::number::Rate;

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
            let rate = r.ty_le_thanh_vien.map_or_else(String::new, |x| vi::number(&x.to_string()));
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
            "; toàn bộ: " (report.tong.so_dat) "/" (report.tong.so_nguoi) " = " (vi::number(&report.tong.rate_text())) "%."
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
                        td.n { (g.ty_le.map_or_else(String::new, |r| vi::number(&r.to_string()))) } td.n { (g.can_them) }
                        @for l in &s.tong.dvht {
                            td.n { (g.dvht.iter().find(|x| x.muc_do == l.muc_do).map_or(0, |x| x.so_don_vi)) }
                        }
                    }
                }
            }
        }
    }
}

/// Past this many units the chart shows one bar per group, and the units below target are
/// listed in the table after it, so the printout stays short.
pub const CHART_UNITS: usize = 60;

/// One bar: label, rate in hundredths of a percent, whether it meets the target.
struct Bar {
    label: String,
    rate: Option<u64>,
    met: bool,
}

/// "MN-GT-2" before "MN-GT-10": digit runs compare as numbers.
fn natural_key(code: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut rest = code;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits > 0 {
            let (d, r) = rest.split_at(digits);
            key.push((0, d.parse().unwrap_or(u64::MAX), d.to_string()));
            rest = r;
        } else {
            let end = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
            let (t, r) = rest.split_at(end);
            key.push((1, 0, t.to_lowercase()));
            rest = r;
        }
    }
    key
}

fn unit_bars(rows: &[&UnitRow]) -> Vec<Bar> {
    let mut rows = rows.to_vec();
    rows.sort_by_cached_key(|r| natural_key(&r.ma_don_vi));
    rows.iter().map(|r| Bar { label: r.ma_don_vi.clone(), rate: r.ty_le.map(|x| x.0), met: r.meets_target() }).collect()
}

/// Bars against the target with an axis from `low` to 100% (80% unless a rate is lower), so
/// the distance to the target shows: 96,96% and 97,00% no longer look the same.
fn chart(report: &Report, grouped: Option<&Summary>) -> Markup {
    let units = report.don_vi.len();
    let groups: Vec<(String, Vec<Bar>)> = match grouped {
        Some(s) if units > CHART_UNITS => vec![(
            format!("Theo {} ({} đơn vị; đơn vị chưa đạt xem bảng bên dưới)", s.theo, units),
            s.nhom
                .iter()
                .map(|g| Bar { label: g.nhom.clone(), rate: g.ty_le.map(|x| x.0), met: g.dat_muc_tieu.is_met() })
                .collect(),
        )],
        Some(s) => s
            .nhom
            .iter()
            .map(|g| {
                let rows: Vec<&UnitRow> = report.don_vi.iter().filter(|r| g.don_vi.contains(&r.ma_don_vi)).collect();
                (g.nhom.clone(), unit_bars(&rows))
            })
            .collect(),
        None if units > CHART_UNITS => {
            let below: Vec<&UnitRow> = report.don_vi.iter().filter(|r| !r.meets_target()).collect();
            vec![(format!("Các đơn vị chưa đạt ({} trong {units} đơn vị)", below.len()), unit_bars(&below))]
        }
        None => vec![(String::new(), unit_bars(&report.don_vi.iter().collect::<Vec<_>>()))],
    };
    let target_text = &report.tieu_chi.muc_tieu_phan_tram;
    let target: f64 = target_text.parse().unwrap_or(0.0);
    let lowest = groups.iter().flat_map(|(_, b)| b).filter_map(|b| b.rate).min().map_or(100.0, |r| r as f64 / 100.0);
    let low = if lowest >= 80.0 { 80.0 } else { (lowest / 10.0).floor() * 10.0 };
    let step = if 100.0 - low <= 30.0 { 5.0 } else { 10.0 };
    let (label_w, bar_w, row_h, axis_h) = (170.0, 460.0, 18.0, 30.0);
    let x = move |rate: f64| label_w + bar_w * ((rate - low).max(0.0) / (100.0 - low));
    let ticks: Vec<f64> = (0..).map(|i| low + step * i as f64).take_while(|t| *t <= 100.0).collect();
    html! {
        @for (name, bars) in &groups {
            @if !name.is_empty() { h3 { (name) } }
            @let height = row_h * bars.len() as f64 + axis_h;
            @let width = label_w + bar_w + 80.0;
            @let bottom = row_h * bars.len() as f64 + 4.0;
            svg role="img" width=(width) height=(height) viewBox=(format!("0 0 {width} {height}")) {
                title { "Tỷ lệ đạt CDHT " (name) ", trục từ " (low) "% đến 100%" }
                @for t in &ticks {
                    line x1=(x(*t)) y1="0" x2=(x(*t)) y2=(bottom) stroke="#ddd" {}
                    text x=(x(*t) - 8.0) y=(bottom + 12.0) font-size="10" { (t) "%" }
                }
                @for (i, b) in bars.iter().enumerate() {
                    @let y = row_h * i as f64;
                    @let rate = b.rate.map_or(0.0, |r| r as f64 / 100.0);
                    text x="0" y=(y + 12.0) { (b.label) }
                    rect x=(label_w) y=(y + 2.0) width=(format!("{:.1}", x(rate) - label_w)) height="12"
                        fill=(if b.met { "#3a7d44" } else { "#c0392b" }) {}
                    text x=(label_w + bar_w + 4.0) y=(y + 12.0) {
                        (b.rate.map_or_else(String::new, |r| vi::number(&Rate(r).to_string()))) "%"
                    }
                }
                line x1=(x(target)) y1="0" x2=(x(target)) y2=(bottom) stroke="#000" stroke-width="1.5" stroke-dasharray="4 3" {}
                text x=(x(target) - 30.0) y=(bottom + 24.0) font-weight="bold" { "Mục tiêu " (vi::number(target_text)) "%" }
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
    let all = report.so_phat_hien.total();
    if all == 0 {
        return html! {};
    }
    let listed = f.len().min(MAX_FINDINGS) as u64;
    html! {
        h2 { "Phát hiện khi đọc dữ liệu (" (super::render::vi::number(&all.to_string())) ")" }
        table {
            thead { tr { th { "Mức" } th { "Vị trí" } th { "Giá trị" } th { "Nội dung" } } }
            tbody {
                @for x in f.iter().take(MAX_FINDINGS) {
                    tr { td { (x.muc_do.label()) } td { (x.location()) } td { (x.gia_tri) } td { (x.thong_bao) } }
                }
            }
        }
        @if all > listed { p { "… và " (super::render::vi::number(&(all - listed).to_string())) " phát hiện khác (ghi tất cả bằng --phat-hien TỆP)." } }
    }
}
