//! The Learning Unit dossier of one unit: "Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ
//! tiêu" — every chỉ tiêu (or points-scale criterion) with its evidence and result, the level
//! reached, the previous recognition — as Excel (rust_xlsxwriter) and as printable HTML (maud).

use anyhow::Result;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use rust_xlsxwriter::FormatBorder;

use super::Report;
use super::model::UnitRow;
use crate::aggregate::dvht::DvhtResult;

pub const TITLE: &str = "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU";

/// The lines above the table: unit, year, set, people recognised.
fn heading(report: &Report, r: &UnitRow, d: &DvhtResult) -> Vec<(String, String)> {
    let mut lines = vec![
        ("Đơn vị".to_string(), format!("{} ({})", r.ten_don_vi, r.ma_don_vi)),
        ("Năm đánh giá".to_string(), d.nam_danh_gia.map_or_else(|| "chưa ghi".to_string(), |y| y.to_string())),
        ("Bộ tiêu chí".to_string(), format!("{} (phiên bản {})", report.tieu_chi.ten, report.tieu_chi.phien_ban)),
    ];
    if let Some(date) = &d.ngay_danh_gia {
        lines.push(("Điều kiện thời gian tính đến ngày".to_string(), date.clone()));
    }
    if let Some(k) = &r.dang_ky {
        let parts: Vec<&str> = [k.cap_hoc.as_str(), k.xa_phuong.as_str(), k.cap_quan_ly.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if !parts.is_empty() {
            lines.push(("Cấp học, xã/phường, cấp quản lý".to_string(), parts.join(" — ")));
        }
    }
    lines.push((
        "Công dân học tập".to_string(),
        format!(
            "{}/{} người ({}%); thành viên {}/{}; người học {}/{}",
            r.so_dat,
            r.so_nguoi,
            r.rate_text(),
            r.thanh_vien_so_dat,
            r.thanh_vien_so_nguoi,
            r.nguoi_hoc_so_dat,
            r.nguoi_hoc_so_nguoi
        ),
    ));
    if let Some(p) = &d.cong_nhan_truoc {
        lines.push(("Công nhận trước đó".to_string(), p.clone()));
    }
    lines
}

fn conclusion(d: &DvhtResult) -> Vec<String> {
    let mut out = vec![match &d.diem {
        Some(p) => format!("Kết quả tự đánh giá: {} ({p} điểm)", d.muc_do),
        None => format!("Kết quả tự đánh giá: {}", d.muc_do),
    }];
    if !d.thieu.is_empty() {
        let what = if d.muc > 0 {
            "Để lên mức sau còn thiếu"
        } else {
            "Chỉ tiêu chưa đạt hoặc chưa có dữ liệu"
        };
        out.push(format!("{what}: {}", d.thieu.join(", ")));
    }
    out.extend(d.ghi_chu.iter().map(|n| format!("Ghi chú: {n}")));
    out.extend(d.caveats());
    out
}

fn level_label(level: u8) -> String {
    if level == 0 { String::new() } else { level.to_string() }
}

/// The tag that marks a dossier page as hoctap's, so a later `dvht` run may remove it.
pub const GENERATOR_META: &str = r#"<meta name="generator" content="hoctap ho-so">"#;

pub fn html(report: &Report, r: &UnitRow, d: &DvhtResult) -> Vec<u8> {
    let page: Markup = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="generator" content="hoctap ho-so";
                title { (TITLE) " — " (r.ten_don_vi) }
                style { (PreEscaped(r#"
body { font-family: "Times New Roman", serif; font-size: 13pt; margin: 2em; }
h1 { font-size: 14pt; text-align: center; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 3px 6px; vertical-align: top; }
th { background: #eee; }
.ky { display: flex; justify-content: space-between; margin-top: 3em; text-align: center; }
@page { size: A4; margin: 15mm; }
@media print { body { margin: 0; } tr { break-inside: avoid; } }
"#)) }
            }
            body {
                h1 { (TITLE) br; "ĐƠN VỊ HỌC TẬP" }
                @for (k, v) in heading(report, r, d) { p { strong { (k) ": " } (v) } }
                table {
                    thead { tr { th { "Mức độ" } th { "Mã" } th { "Tiêu chí, chỉ tiêu" } th { "Minh chứng" } th { "Kết quả" } } }
                    tbody {
                        @for i in &d.chi_tieu {
                            tr { td { (level_label(i.muc_do)) } td { (i.ma) } td { (i.wording_with_flags()) } td { (i.minh_chung) } td { (i.result_text()) } }
                        }
                    }
                }
                @for line in conclusion(d) { p { strong { (line) } } }
                p { (deadlines(d)) }
                div.ky {
                    div { "NGƯỜI LẬP BIỂU" br; em { "(Ký, ghi rõ họ tên)" } }
                    div { "THỦ TRƯỞNG ĐƠN VỊ" br; em { "(Ký tên, đóng dấu)" } }
                }
            }
        }
    };
    page.into_string().into_bytes()
}

/// Widths of the dossier's columns, in characters.
const WIDTHS: [f64; 5] = [8.0, 10.0, 60.0, 40.0, 16.0];

/// The height a row of wrapped cells needs: LibreOffice does not grow a row by itself, so
/// without it the lines of a long chỉ tiêu print over the next row.
fn row_height(cells: &[&str]) -> f64 {
    let lines = cells
        .iter()
        .zip(WIDTHS)
        .map(|(t, w)| t.lines().map(|l| l.chars().count().max(1).div_ceil((w - 2.0) as usize)).sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);
    16.0 * lines as f64 + 4.0
}

/// "Hồ sơ nộp trước 15/01/2026; quyết định công nhận trước 15/02/2026" for data of 2025.
pub fn deadlines(d: &DvhtResult) -> String {
    match d.nam_danh_gia {
        Some(y) => format!(
            "Hồ sơ (Báo cáo tự đánh giá, Bản tổng hợp, văn bản đề nghị) nộp trước ngày 15/01/{next}; quyết định công nhận trước ngày 15/02/{next}.",
            next = y + 1
        ),
        None => "Hồ sơ nộp trước ngày 15/01 năm sau năm đánh giá; quyết định công nhận trước ngày 15/02.".to_string(),
    }
}

pub fn xlsx(report: &Report, r: &UnitRow, d: &DvhtResult) -> Result<Vec<u8>> {
    use super::render::xlsx::{base, new_workbook, print_setup};
    let mut wb = new_workbook()?;
    // A fixed creation date keeps the file the same byte for byte on every run.
    let props = super::render::xlsx::properties(crate::model::mark::OutputKind::Dossier)?;
    wb.set_properties(&props);
    let ws = wb.add_worksheet();
    ws.set_name("Tong hop")?;
    let title = base().set_bold().set_font_size(13);
    let bold = base().set_bold();
    let cell = base().set_border(FormatBorder::Thin).set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let head = cell.clone().set_bold().set_background_color("#EEEEEE");
    ws.write_string_with_format(0, 0, TITLE, &title)?;
    ws.write_string_with_format(1, 0, "ĐƠN VỊ HỌC TẬP", &title)?;
    let mut row = 3;
    for (k, v) in heading(report, r, d) {
        ws.write_string_with_format(row, 0, &k, &bold)?;
        // The unit's name and the register's texts come from files: never a formula.
        ws.write_string(row, 2, crate::output::safe_cell(&v))?;
        row += 1;
    }
    row += 1;
    let header_row = row;
    print_setup(ws, Some(header_row))?;
    let titles = ["Mức độ", "Mã", "Tiêu chí, chỉ tiêu", "Minh chứng", "Kết quả"];
    for (c, h) in titles.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &head)?;
    }
    for i in &d.chi_tieu {
        row += 1;
        let texts = [
            level_label(i.muc_do),
            i.ma.clone(),
            i.wording_with_flags(),
            crate::output::safe_cell(&i.minh_chung).into_owned(),
            i.result_text(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, t, &cell)?;
        }
        ws.set_row_height(row, row_height(&texts.each_ref().map(String::as_str)))?;
    }
    row += 2;
    for line in conclusion(d).into_iter().chain([deadlines(d)]) {
        ws.write_string_with_format(row, 0, &line, &bold)?;
        row += 1;
    }
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// A file name for a unit code: letters, digits, `-`, `_` and `.` kept, the rest `_`.
pub fn file_stem(code: &str) -> String {
    let s: String =
        code.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "_".to_string() } else { s }
}
