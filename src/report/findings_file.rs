//! Every finding of a run (`--findings FILE`, and the "Phát hiện" sheet of the Excel report),
//! declared once as columns. The screen shows the first few; this file has all.

use anyhow::Result;

use super::format::{Format, RenderOptions};
use super::render;
use super::sheet::{Field, Row, Sheet, Value, cells, columns};
use crate::model::Finding;
use crate::model::mark::OutputKind;

const FIELDS: &[Field<Finding>] = &[
    Field::all("tep", "Tệp", |f| f.tep.as_str().into()),
    Field::all("trang_tinh", "Trang tính", |f| f.trang_tinh.as_deref().unwrap_or("").into()),
    Field::all("dong", "Dòng", |f| Value::Figure(f.dong.map_or_else(String::new, |l| l.to_string())).into()),
    Field::all("cot", "Cột", |f| f.cot.as_str().into()),
    Field::all("gia_tri", "Giá trị", |f| f.gia_tri.as_str().into()),
    Field::all("muc_do", "Mức độ", |f| f.muc_do.label().into()),
    Field::all("thong_bao", "Thông báo", |f| f.thong_bao.as_str().into()),
];

/// The findings as a sheet; at most `limit` rows (an Excel sheet's size), JSON always all.
pub fn sheet(findings: &[Finding], limit: usize) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::Findings, super::xlsx::FINDINGS_SHEET, columns(FIELDS)).with_json(findings);
    for f in findings.iter().take(limit) {
        sheet.push(Row::new(cells(FIELDS, f)));
    }
    sheet
}

/// The findings in a format settled by [`super::format::Output::resolve`].
pub fn render(findings: &[Finding], format: Format, bom: bool) -> Result<Vec<u8>> {
    let limit = if format == Format::Xlsx { render::xlsx::SHEET_ROWS as usize - 1 } else { usize::MAX };
    render::render(format, &sheet(findings, limit), RenderOptions { bom, color: false })
}
