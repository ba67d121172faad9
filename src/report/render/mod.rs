//! Renderers: one file per format, each a pure function from a [`Sheet`] to bytes behind the
//! one [`Renderer`] trait. Adding a format is one file here, one arm in [`renderer`] and one
//! variant of [`Format`].

pub mod csv;
pub mod html;
pub mod json;
mod table;
pub mod vi;
pub mod xlsx;

pub use self::csv::Csv;
pub use self::html::{Html, sheet_table};
pub use self::json::Json;
pub use self::table::Table;
pub use self::xlsx::Xlsx;

use anyhow::Result;

use super::format::{Format, RenderOptions};
use super::sheet::Sheet;

pub trait Renderer {
    fn render(&self, sheet: &Sheet, options: RenderOptions) -> Result<Vec<u8>>;
}

/// The renderer of a format.
pub fn renderer(format: Format) -> &'static dyn Renderer {
    match format {
        Format::Table => &Table,
        Format::Csv => &Csv,
        Format::Json => &Json,
        Format::Html => &Html,
        Format::Xlsx => &Xlsx,
    }
}

/// Renders a sheet in a format.
pub fn render(format: Format, sheet: &Sheet, options: RenderOptions) -> Result<Vec<u8>> {
    renderer(format).render(sheet, options)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::sheet::{Cell, Column, Row, Sheet, Tone, Value};
    use crate::model::mark::OutputKind;
    use crate::number::Rate;

    /// A small sheet with every kind of cell, for the renderers' tests.
    pub fn sample() -> Sheet {
        let mut s = Sheet::new(
            OutputKind::Report,
            "Đơn vị",
            vec![
                Column::new("ma_don_vi", "Mã đơn vị"),
                Column::new("so_nguoi", "Số người"),
                Column::new("ty_le", "Tỷ lệ %"),
                Column::new("ghi_chu", "Ghi chú").data(),
                Column::new("muc_tieu", "Mục tiêu").screen(),
            ],
        );
        let verdict =
            Cell { value: Value::Text("Chưa đạt".into()), shown: Some("✗ Chưa đạt".into()), tone: Tone::Bad };
        let mut bad = Row::new(vec!["=A1".into(), 3u64.into(), Some(Rate(6667)).into(), "x".into(), verdict]);
        bad.tone = Tone::Bad;
        s.push(bad);
        let mut total = Row::new(vec!["TỔNG".into(), 3u64.into(), None.into(), "".into(), "".into()]);
        total.total = true;
        s.push(total);
        s.footer = "1 / 1 đơn vị\n".into();
        s
    }
}
