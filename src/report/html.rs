//! The HTML report: one self-contained file (no network, no script, no external style or
//! font) with the summary, a bar chart of each unit's rate against the target line, the
//! Learning Unit levels, the units below target, the ranking and, with `--gan-dat`, who is
//! close. Printable to PDF from a browser. Built with maud, which escapes every value.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::model::UnitRow;
use super::summary::{self, Summary};
use super::{Report, close, ranking};
use crate::cli::GroupBy;
use crate::criteria::Criteria;

const STYLE: &str = r#"
body { font-family: "Times New Roman", "Noto Serif", serif; font-size: 12pt; margin: 1.5em; color: #111; }
h1 { font-size: 16pt; margin-bottom: 0.2em; }
h2 { font-size: 13pt; margin-top: 1.4em; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin: 0.8em 0 0.3em; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; }
th, td { border: 1px solid #888; padding: 2px 5px; vertical-align: top; }
th { background: #eee; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.tong td { font-weight: bold; }
.chua-dat { color: #a00; }
.dat { color: #060; }
.canh-bao { border: 2px solid #a00; padding: 0.4em 0.8em; background: #fff3f3; }
.meta { color: #444; font-size: 10pt; }
svg text { font-size: 10px; font-family: sans-serif; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; }
  h2 { break-after: avoid; }
  tr, svg, .canh-bao { break-inside: avoid; }
  thead { display: table-header-group; }
}
"#;

pub fn render(criteria: &Criteria, report: &Report, by: Option<GroupBy>) -> Vec<u8> {
    // Group the chart by what was asked, else by school level when the register gives it.
    let by = by.or_else(|| report.don_vi.iter().any(|r| r.dang_ky.is_some()).then_some(GroupBy::CapHoc));
    let grouped = by.map(|b| summary::summarise(criteria, report, b));
    let target = &report.tieu_chi.muc_tieu_phan_tram;
    let below: Vec<&UnitRow> = report.don_vi.iter().filter(|r| !r.meets_target()).collect();
    let hidden: Vec<&UnitRow> = report.don_vi.iter().filter(|r| r.members_hidden_below()).collect();
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "Báo cáo Công dân học tập, Đơn vị học tập" }
                style { (PreEscaped(STYLE)) }
            }
            body {
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
                @if below.is_empty() { p { "Mọi đơn vị đạt mục tiêu." } } @else { (unit_table(&below, false)) }
                @if !hidden.is_empty() {
                    div.canh-bao {
                        h3 { "Đạt mục tiêu chung nhưng tỷ lệ thành viên dưới " (target) "% (" (hidden.len()) ")" }
                        p { "Mục tiêu tính trên thành viên và người học cộng lại; người học đông hơn nên che được thành viên chưa đạt: "
                            strong { (hidden.iter().map(|r| format!("{} (thành viên {}/{} = {}%)", r.ma_don_vi, r.thanh_vien_so_dat, r.thanh_vien_so_nguoi, r.ty_le_thanh_vien.map_or_else(String::new, |x| x.to_string()))).collect::<Vec<_>>().join(", ")) } }
                    }
                }
                h2 { "Đơn vị học tập" }
                (levels(criteria, report))
                h2 { "Xếp hạng và đề nghị khen thưởng" }
                (ranking_table(report))
                @if report.gan_dat.is_some() {
                    h2 { "Người gần đạt nhất của mỗi đơn vị" }
                    (close_table(report))
                }
                h2 { "Tất cả đơn vị" }
                (unit_table(&report.don_vi.iter().chain(std::iter::once(&report.tong)).collect::<Vec<_>>(), true))
                (findings(report))
            }
        }
    };
    page.into_string().into_bytes()
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

fn unit_table(rows: &[&UnitRow], all: bool) -> Markup {
    html! {
        table {
            thead { tr {
                th { "Mã đơn vị" } th { "Tên đơn vị" }
                @if all { th { "Cấp học" } th { "Xã/phường" } }
                th { "Số người" } th { "Đạt CDHT" } th { "Tỷ lệ %" } th { "Mục tiêu" } th { "Cần thêm" }
                th { "Thành viên %" } th { "Người học %" }
                th { "Đơn vị học tập" } th { "Chỉ tiêu chưa đạt / chưa có dữ liệu" }
            } }
            tbody {
                @for r in rows {
                    tr class=[(r.dvht.is_none()).then_some("tong")] {
                        td { (r.ma_don_vi) } td { (r.ten_don_vi) }
                        @if all {
                            td { (r.dang_ky.as_ref().map_or("", |d| d.cap_hoc.as_str())) }
                            td { (r.dang_ky.as_ref().map_or("", |d| d.xa_phuong.as_str())) }
                        }
                        td.n { (r.so_nguoi) } td.n { (r.so_dat) } td.n { (r.rate_text()) }
                        td class=(if r.meets_target() { "dat" } else { "chua-dat" }) { (r.dat_muc_tieu) }
                        td.n { @if r.can_them > 0 { (r.can_them) } }
                        (role_cell(r.ty_le_thanh_vien, r.dat_muc_tieu_thanh_vien))
                        (role_cell(r.ty_le_nguoi_hoc, r.dat_muc_tieu_nguoi_hoc))
                        td { (r.muc_do_dvht) }
                        td { (r.dvht_thieu.join(", ")) }
                    }
                }
            }
        }
    }
}

/// One role's rate, red and marked when below the target.
fn role_cell(rate: Option<crate::number::Rate>, verdict: &str) -> Markup {
    let text = rate.map_or_else(String::new, |x| x.to_string());
    html! {
        @if verdict == super::model::NOT_MET { td.n.chua-dat { (text) " ✗" } } @else { td.n { (text) } }
    }
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
        table {
            thead { tr { th { "Hạng" } th { "Mã đơn vị" } th { "Tên đơn vị" } th { "Số người" } th { "Đạt CDHT" } th { "Tỷ lệ %" } th { "Đơn vị học tập" } th { "Đề nghị khen thưởng" } } }
            tbody {
                @for r in &rows {
                    tr {
                        td.n { (r.hang) } td { (r.ma_don_vi) } td { (r.ten_don_vi) } td.n { (r.so_nguoi) } td.n { (r.so_dat) }
                        td.n { (r.ty_le.map_or_else(String::new, |x| x.to_string())) } td { (r.muc_do_dvht) } td { (r.de_nghi_khen_thuong) }
                    }
                }
            }
        }
    }
}

fn close_table(report: &Report) -> Markup {
    let rows = close::rows(report);
    html! {
        p { "Xếp theo số điểm cần thêm ít nhất (để tổng đạt ngưỡng và mọi chỉ số đạt mức tối thiểu), rồi số chỉ số dưới mức tối thiểu, rồi mã định danh." }
        table {
            thead { tr { th { "Đơn vị" } th { "Đơn vị cần thêm" } th { "#" } th { "Mã định danh" } th { "Họ và tên" } th { "Tổng điểm" } th { "Ngưỡng" } th { "Chỉ số dưới mức tối thiểu" } th { "Điểm cần thêm" } } }
            tbody {
                @for r in &rows {
                    tr {
                        td { (r.ma_don_vi) } td.n { (r.can_them) } td.n { (r.thu_tu) } td { (r.ma_dinh_danh) } td { (r.ho_ten) }
                        td.n { (r.tong_diem) } td.n { (r.nguong) } td { (r.chi_so_duoi_toi_thieu) } td.n { (r.diem_can_them) }
                    }
                }
            }
        }
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
