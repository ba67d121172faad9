//! CSV: the columns' keys as the header, then the rows, then the mark column (see
//! [`crate::model::mark`]). Text from the user's files is neutralised against formulas.

use anyhow::Result;

use super::Renderer;
use crate::model::mark::{CSV_COLUMN, OutputKind};
use crate::output::safe_cell;
use crate::report::format::RenderOptions;
use crate::report::sheet::{Row, Sheet, Value};

pub struct Csv;

/// The UTF-8 byte order mark, which Excel needs to show Vietnamese letters in a CSV opened by
/// double-click. Every CSV writer of hoctap starts with [`start`].
const BOM: &str = "\u{feff}";

/// Starts a CSV output: the BOM when asked for.
pub fn start<W: std::io::Write>(mut out: W, bom: bool) -> std::io::Result<csv::Writer<W>> {
    if bom {
        out.write_all(BOM.as_bytes())?;
    }
    Ok(csv::Writer::from_writer(out))
}

/// A header with the mark column, for a CSV about people or units (a template has none).
pub fn marked_header<'a>(keys: impl IntoIterator<Item = &'a str>, kind: OutputKind) -> Vec<String> {
    let mut h: Vec<String> = keys.into_iter().map(|k| safe_cell(k).into_owned()).collect();
    if kind != OutputKind::Template {
        h.push(CSV_COLUMN.to_string());
    }
    h
}

/// A record with the mark cell appended (nothing for a template).
pub fn marked_record(mut cells: Vec<String>, kind: OutputKind) -> Vec<String> {
    if kind != OutputKind::Template {
        cells.push(kind.as_str().to_string());
    }
    cells
}

/// A row's cells for the columns shown, text neutralised.
pub fn record(row: &Row, columns: &[usize]) -> Vec<String> {
    columns
        .iter()
        .map(|&i| match &row.cells[i].value {
            Value::Text(s) => safe_cell(s).into_owned(),
            // Numbers are ours.
            v => v.text(),
        })
        .collect()
}

impl Renderer for Csv {
    fn render(&self, sheet: &Sheet, options: RenderOptions) -> Result<Vec<u8>> {
        let columns = sheet.shown(false);
        let mut w = start(Vec::new(), options.bom)?;
        w.write_record(marked_header(columns.iter().map(|&i| sheet.columns[i].key.as_str()), sheet.kind))?;
        for row in &sheet.rows {
            w.write_record(marked_record(record(row, &columns), sheet.kind))?;
        }
        Ok(w.into_inner().map_err(|e| e.into_error())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::tests::sample;

    #[test]
    fn writes_data_columns_neutralised_and_marked() {
        let out = Csv.render(&sample(), RenderOptions { bom: true, color: false }).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "\u{feff}ma_don_vi,so_nguoi,ty_le,ghi_chu,hoctap");
        assert_eq!(lines[1], "'=A1,3,66.67,x,bao-cao");
        assert_eq!(lines[2], "TỔNG,3,,,bao-cao");
    }

    #[test]
    fn a_template_has_no_mark() {
        let mut s = sample();
        s.kind = OutputKind::Template;
        s.rows.clear();
        let out = Csv.render(&s, RenderOptions::default()).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ma_don_vi,so_nguoi,ty_le,ghi_chu\n");
    }
}
