//! A province as officers send it: one .xlsx per school of 400 to 1,000 people, each with an
//! instructions sheet, the roster sheet (two-line heading and title merged across, the header
//! on row 7, a signature block under the people) and a summary sheet. Deterministic as the CSV.
//!
//! The people are the rows of one [`Roster`] (the same ids, units and scores as the CSV of the
//! same size and seed) cut into files, so a unit may span two files.

use std::path::Path;

use anyhow::{Context, Result};
use rust_xlsxwriter::{Format, Workbook};

use crate::synth::{HEADER, Rng, Roster};

/// The sheet that holds the people, and the row (0-based) of its header.
pub const ROSTER_SHEET: &str = "Danh sách";
pub const HEADER_ROW: u32 = 6;

/// What was written: files and people.
pub struct Written {
    pub files: usize,
    pub people: u64,
}

/// Writes `files` workbooks into `dir` (tinh-0001.xlsx …).
pub fn write_province(dir: &Path, files: usize, seed: u64) -> Result<Written> {
    std::fs::create_dir_all(dir).with_context(|| format!("không tạo được {}", dir.display()))?;
    let mut sizes_rng = Rng::new(seed ^ 0x5EED);
    let sizes: Vec<u64> = (0..files).map(|_| sizes_rng.range(400, 1000)).collect();
    let mut roster = Roster::new(sizes.iter().sum(), seed);
    let mut row = Vec::with_capacity(HEADER.len());
    for (i, size) in sizes.iter().enumerate() {
        let path = dir.join(format!("tinh-{:04}.xlsx", i + 1));
        let mut book = Workbook::new();
        let guide = book.add_worksheet();
        guide.set_name("Hướng dẫn")?;
        guide.write_string(0, 0, "Hướng dẫn điền danh sách")?;
        guide.write_string(1, 0, "Mỗi người một dòng; điểm từng chỉ số theo thang của bộ tiêu chí.")?;
        guide.write_string(2, 0, "Không xóa dòng tiêu đề; không gộp ô trong phần danh sách.")?;

        let sheet = book.add_worksheet();
        sheet.set_name(ROSTER_SHEET)?;
        let bold = Format::new().set_bold();
        sheet.merge_range(0, 0, 0, 4, "UBND TỈNH NINH BÌNH", &bold)?;
        sheet.merge_range(0, 8, 0, 16, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", &bold)?;
        sheet.merge_range(1, 0, 1, 4, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", &bold)?;
        sheet.merge_range(1, 8, 1, 16, "Độc lập - Tự do - Hạnh phúc", &bold)?;
        let title = format!("DANH SÁCH ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2025 (tệp số {})", i + 1);
        sheet.merge_range(3, 0, 3, 16, &title, &bold)?;
        sheet.merge_range(4, 0, 4, 16, "(Kèm theo báo cáo của đơn vị)", &Format::new())?;
        for (c, h) in HEADER.iter().enumerate() {
            sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &bold)?;
        }
        let mut r = HEADER_ROW;
        for _ in 0..*size {
            if !roster.next_row(&mut row) {
                break;
            }
            r += 1;
            write_person(sheet, r, &row)?;
        }
        // The signature block: a place and date, the signers' titles, then their names.
        r += 2;
        sheet.write_string(r, 3, "Ninh Bình, ngày 15 tháng 5 năm 2025")?;
        sheet.write_string(r + 1, 1, "NGƯỜI LẬP BIỂU")?;
        sheet.write_string(r + 1, 3, "HIỆU TRƯỞNG")?;
        sheet.write_string(r + 2, 3, "(Ký, ghi rõ họ tên, đóng dấu)")?;
        sheet.write_string(r + 5, 1, "Nguyễn Thị Lan")?;
        sheet.write_string(r + 5, 3, "Trần Văn Minh")?;

        let summary = book.add_worksheet();
        summary.set_name("Tổng hợp")?;
        summary.write_string(0, 0, "Nội dung")?;
        summary.write_string(0, 1, "Số lượng")?;
        summary.write_string(1, 0, "Số người trong danh sách")?;
        summary.write_number(1, 1, *size as f64)?;
        book.save(&path).with_context(|| format!("không ghi được {}", path.display()))?;
    }
    Ok(Written { files, people: sizes.iter().sum() })
}

/// One person's cells: scores as numbers, ids and names as text (leading zeros kept).
pub fn write_person(sheet: &mut rust_xlsxwriter::Worksheet, r: u32, row: &[String]) -> Result<()> {
    for (c, cell) in row.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        let number = if c >= 7 { cell.replace(',', ".").parse::<f64>().ok() } else { None };
        match number {
            Some(n) => sheet.write_number(r, c as u16, n)?,
            None => sheet.write_string(r, c as u16, cell)?,
        };
    }
    Ok(())
}
