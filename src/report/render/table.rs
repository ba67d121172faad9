//! The terminal table: the columns for people, numbers aligned right, rows below target
//! marked so they stand out with or without colour, then the footer.

use anyhow::Result;
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, CellAlignment, Color, ContentArrangement, Table as Comfy};

use super::Renderer;
use crate::report::format::RenderOptions;
use crate::report::sheet::{Sheet, Tone};

pub struct Table;

impl Renderer for Table {
    fn render(&self, sheet: &Sheet, options: RenderOptions) -> Result<Vec<u8>> {
        let columns = sheet.shown(true);
        let mut t = Comfy::new();
        t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
        if options.color {
            t.enforce_styling();
        } else {
            t.force_no_tty();
        }
        t.set_header(columns.iter().map(|&i| sheet.columns[i].title.clone()));
        for row in &sheet.rows {
            t.add_row(columns.iter().map(|&i| {
                let cell = &row.cells[i];
                let mut c = comfy_table::Cell::new(crate::text::visible_controls(&super::vi::cell(cell)));
                if options.color {
                    match cell.tone {
                        Tone::Good => c = c.fg(Color::Green),
                        Tone::Bad => c = c.fg(Color::Red),
                        Tone::Plain => {}
                    }
                    if row.total {
                        c = c.add_attribute(Attribute::Bold);
                    }
                }
                c
            }));
        }
        for (n, &i) in columns.iter().enumerate() {
            let numeric = sheet.rows.iter().any(|r| r.cells[i].value.is_numeric());
            if numeric && let Some(c) = t.column_mut(n) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        Ok(format!("{t}\n{}", sheet.footer).into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::tests::sample;

    #[test]
    fn shows_screen_columns_marks_and_footer() {
        let out = String::from_utf8(Table.render(&sample(), RenderOptions::default()).unwrap()).unwrap();
        assert!(out.contains("Mục tiêu") && !out.contains("Ghi chú"), "{out}");
        assert!(out.contains("✗ Chưa đạt") && out.contains("66,67"), "{out}");
        assert!(out.ends_with("1 / 1 đơn vị\n"), "{out}");
        assert!(!out.contains('\u{1b}'), "no colour unless asked");
        let coloured = Table.render(&sample(), RenderOptions { bom: false, color: true }).unwrap();
        assert!(String::from_utf8(coloured).unwrap().contains('\u{1b}'));
    }
}
