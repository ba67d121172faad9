//! HTML: a self-contained page (no network, no script) with the sheet as a table and the
//! footer below. [`sheet_table`] is the same table inside the full HTML report.

use anyhow::Result;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::Renderer;
use crate::model::mark::OutputKind;
use crate::report::format::RenderOptions;
use crate::report::sheet::{Sheet, Tone};

pub struct Html;

/// The page style, shared with the full report (`report/html.rs`).
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

/// The sheet's columns for people as an HTML table (maud escapes every value).
pub fn sheet_table(sheet: &Sheet) -> Markup {
    let columns = sheet.shown(true);
    html! {
        table {
            thead { tr { @for &i in &columns { th { (sheet.columns[i].title) } } } }
            tbody {
                @for row in &sheet.rows {
                    tr class=[row.total.then_some("tong")] {
                        @for &i in &columns {
                            @let cell = &row.cells[i];
                            @let class = match (cell.value.is_numeric(), cell.tone) {
                                (_, Tone::Bad) => Some("chua-dat"),
                                (_, Tone::Good) => Some("dat"),
                                (true, Tone::Plain) => Some("n"),
                                (false, Tone::Plain) => None,
                            };
                            td class=[class] { (super::vi::cell(cell)) }
                        }
                    }
                }
            }
        }
    }
}

/// A self-contained page: the style inline, the kind of output in a `generator` meta tag.
pub fn page(title: &str, kind: OutputKind, body: Markup) -> Vec<u8> {
    page_with_style(title, kind, "", body)
}

/// [`page`] with more style after the common one (a printed paper's page setup).
pub fn page_with_style(title: &str, kind: OutputKind, extra: &str, body: Markup) -> Vec<u8> {
    let page = html! {
        (DOCTYPE)
        html lang="vi" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(format!("hoctap {}", kind.as_str()));
                title { (title) }
                style { (PreEscaped(STYLE)) (PreEscaped(extra)) }
            }
            body { (body) }
        }
    };
    page.into_string().into_bytes()
}

impl Renderer for Html {
    fn render(&self, sheet: &Sheet, _options: RenderOptions) -> Result<Vec<u8>> {
        let body = html! {
            h1 { (sheet.title) }
            (sheet_table(sheet))
            @for line in sheet.footer.lines() { p { (line) } }
        };
        Ok(page(&sheet.title, sheet.kind, body))
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::tests::sample;

    #[test]
    fn a_page_with_the_screen_columns_escaped() {
        let out = String::from_utf8(Html.render(&sample(), RenderOptions::default()).unwrap()).unwrap();
        assert!(out.starts_with("<!DOCTYPE html>"), "{out}");
        assert!(out.contains("<th>Mục tiêu</th>") && !out.contains("Ghi chú"), "{out}");
        assert!(out.contains(r#"<td class="chua-dat">✗ Chưa đạt</td>"#), "{out}");
        assert!(out.contains(r#"<tr class="tong">"#) && out.contains("<p>1 / 1 đơn vị</p>"), "{out}");
    }
}
