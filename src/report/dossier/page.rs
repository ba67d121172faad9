//! The papers of a unit as one printable HTML file: a page per paper, A4 portrait.

use maud::{Markup, html};

use super::{Block, Doc, Names, Row, Style, Unit, papers};
use crate::aggregate::dvht::DvhtResult;
use crate::criteria::Criteria;
use crate::model::mark::OutputKind;
use crate::report::Report;
use crate::report::model::UnitRow;
use crate::report::paper::{self, Paper};
use crate::report::render::html::page_with_style;

/// The tag that marks a dossier page as hoctap's, so a later `dvht` run may remove it.
pub const GENERATOR_META: &str = r#"<meta name="generator" content="hoctap ho-so">"#;

/// The papers' style after the shared one: portrait, justified text, blanks to write on.
const CSS: &str = "@page { size: A4 portrait; margin: 20mm 15mm 20mm 30mm; }
p.text { text-align: justify; margin: 3pt 0; }
p.centre { text-align: center; font-weight: bold; }
p.prose { font-style: italic; color: #555; margin: 6pt 0 0 0; }
div.dots { border-bottom: 1px dotted #777; height: 18pt; }
tr.group td { font-weight: bold; background: #f4f4f4; }
td.recipients { text-align: left; font-size: 11pt; }";

fn section(paper: &Paper, doc: &Doc, first: bool) -> Markup {
    let [left, right] = &doc.feet;
    html! {
        section.paper {
            // A new sheet of paper for each paper; said inline too, for LibreOffice.
            @if !first { p style="page-break-before: always; margin: 0" {} }
            (paper::document_heading_html(paper, &doc.number, &doc.title, &doc.lines))
            @for block in &doc.blocks {
                @match block {
                    Block::Text(text, Style::Plain) => p.text { (text) },
                    Block::Text(text, Style::Bold) => p.text { strong { (text) } },
                    Block::Text(text, Style::Italic) => p.text { em { (text) } },
                    Block::Text(text, Style::Centre) => p.centre { (text) },
                    Block::Prose(what) => {
                        p.prose { "[Phần Tổ đánh giá viết: " (what) "]" }
                        div.dots {} div.dots {} div.dots {}
                    }
                    // Attributes as well as the style: LibreOffice and mail readers ignore much CSS.
                    Block::Table(t) => table border="1" cellspacing="0" cellpadding="3" width="100%" {
                        colgroup { col width="15%"; col width="38%"; col width="32%"; col width="15%"; }
                        thead { tr { @for h in &t.header { th { (h) } } } }
                        tbody {
                            @for r in &t.rows {
                                @match r {
                                    Row::Group(text) => tr.group { td colspan="4" { (text) } },
                                    Row::Cells(cells) => tr { @for c in cells { td { (c) } } },
                                }
                            }
                        }
                    },
                }
            }
            (paper::feet_html([left, right]))
        }
    }
}

/// The printable page of one unit: Bản tổng hợp, Báo cáo tự đánh giá, Tờ trình.
pub fn html(criteria: &Criteria, report: &Report, r: &UnitRow, d: &DvhtResult, names: &Names) -> Vec<u8> {
    let unit = Unit::new(criteria, report, r, d, names);
    let body = html! { @for (k, doc) in papers(&unit).iter().enumerate() { (section(&unit.paper, doc, k == 0)) } };
    let title = format!("Hồ sơ Đơn vị học tập — {}", r.ten_don_vi);
    page_with_style(&title, OutputKind::Dossier, &format!("{}\n{CSS}", paper::PAPER_CSS), body)
}
