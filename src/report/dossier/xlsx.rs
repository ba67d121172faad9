//! The papers of a unit as one workbook, a sheet per paper: A4 portrait, the decree's margins,
//! four columns, every wrapped row given the height its lines need (LibreOffice does not grow
//! a row by itself, so without it the lines of one row print over the next).

use anyhow::Result;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};

use super::{Block, Doc, Names, Row, Style, Unit, papers};
use crate::aggregate::dvht::DvhtResult;
use crate::criteria::Criteria;
use crate::model::mark::OutputKind;
use crate::output::safe_cell;
use crate::report::Report;
use crate::report::model::UnitRow;
use crate::report::paper::{self, Layout, Paper, QUOC_HIEU, TIEU_NGU};
use crate::report::render::xlsx::{base, new_workbook, print_setup, properties};

/// Column widths in characters: label, content, evidence, result (A4 portrait between the
/// decree's margins holds about 88).
pub const WIDTHS: [f64; 4] = [14.0, 32.0, 28.0, 14.0];
const LAYOUT: Layout = Layout { left: (0, 1), right: (2, 3), last: 3 };
/// Points per printed line of 12-point Times New Roman, and the padding of a row.
const LINE: f64 = 15.75;
const PAD: f64 = 3.0;
/// Dotted lines left under each blank for prose.
const PROSE_LINES: usize = 3;
/// Character widths (see [`lines_in`]): paragraphs across the sheet, cells of a table.
/// Dots that fill a line across the sheet (a merged cell clips the rest).
const DOTS: usize = 240;
const WIDE: f64 = 0.85;
const CELL: f64 = 0.92;
const BOLD: f64 = 1.08;

/// How many printed lines `text` takes in a cell `width` characters wide; `factor` is the
/// width of an average character of the text against the column unit (Vietnamese text in
/// Times New Roman runs about 0.8 in a wide paragraph; a narrow cell loses more at each wrap,
/// and bold or capitals are wider). Measured on LibreOffice's printout; rounding up.
pub fn lines_in(text: &str, width: f64, factor: f64) -> usize {
    let room = (width - 1.0).max(1.0);
    text.lines().map(|l| ((l.chars().count().max(1) as f64 * factor) / room).ceil() as usize).sum::<usize>().max(1)
}

fn height(lines: usize) -> f64 {
    LINE * lines as f64 + PAD
}

fn total_width() -> f64 {
    WIDTHS.iter().sum()
}

struct Formats {
    text: Format,
    bold: Format,
    italic: Format,
    centre: Format,
    prose: Format,
    dots: Format,
    head: Format,
    group: Format,
    cell: Format,
}

impl Formats {
    fn new() -> Formats {
        let para = || base().set_text_wrap().set_align(FormatAlign::Top).set_align(FormatAlign::Justify);
        let cell = base().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            text: para(),
            bold: para().set_bold(),
            italic: para().set_italic(),
            centre: base().set_bold().set_text_wrap().set_align(FormatAlign::Center),
            prose: para().set_italic().set_font_color("#555555"),
            dots: base().set_font_color("#777777"),
            head: cell.clone().set_bold().set_align(FormatAlign::Center).set_background_color("#EEEEEE"),
            group: cell.clone().set_bold().set_background_color("#F4F4F4"),
            cell,
        }
    }
}

fn across(ws: &mut Worksheet, row: u32, text: &str, f: &Format) -> Result<(), XlsxError> {
    ws.merge_range(row, 0, row, LAYOUT.last, &safe_cell(text), f)?;
    Ok(())
}

/// The heights of the heading's first three rows: the longer side of each decides.
fn heading_heights(paper: &Paper, number: &str) -> [f64; 3] {
    let left = WIDTHS[0] + WIDTHS[1];
    let right = WIDTHS[2] + WIDTHS[3];
    let pair = |l: &str, lf: f64, r: &str, rf: f64| height(lines_in(l, left, lf).max(lines_in(r, right, rf)));
    [
        pair(&paper.co_quan(), 1.2, QUOC_HIEU, 1.3),
        pair(&paper.don_vi(), 1.35, TIEU_NGU, 1.1),
        pair(number, 1.0, &paper.date_line(), 1.0),
    ]
}

fn write_doc(ws: &mut Worksheet, paper: &Paper, doc: &Doc) -> Result<(), XlsxError> {
    let f = Formats::new();
    ws.set_name(doc.sheet)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let heights = heading_heights(paper, &doc.number);
    let mut row = paper::document_heading_xlsx(ws, paper, &LAYOUT, &doc.number, &doc.title, &doc.lines, heights)?;
    let mut header_row = None;
    for block in &doc.blocks {
        match block {
            Block::Text(text, style) => {
                let (format, factor) = match style {
                    Style::Plain => (&f.text, WIDE),
                    Style::Bold => (&f.bold, WIDE * BOLD),
                    Style::Italic => (&f.italic, WIDE),
                    Style::Centre => (&f.centre, WIDE * BOLD),
                };
                across(ws, row, text, format)?;
                ws.set_row_height(row, height(lines_in(text, total_width(), factor)))?;
                row += 1;
            }
            Block::Prose(what) => {
                let text = format!("[Phần Tổ đánh giá viết: {what}]");
                across(ws, row, &text, &f.prose)?;
                ws.set_row_height(row, height(lines_in(&text, total_width(), WIDE)))?;
                for _ in 0..PROSE_LINES {
                    row += 1;
                    across(ws, row, &".".repeat(DOTS), &f.dots)?;
                    ws.set_row_height(row, height(1))?;
                }
                row += 1;
            }
            Block::Table(t) => {
                if doc.repeat_header {
                    header_row.get_or_insert(row);
                }
                for (c, h) in t.header.iter().enumerate() {
                    ws.write_string_with_format(row, c as u16, h, &f.head)?;
                }
                let lines = t.header.iter().zip(WIDTHS).map(|(h, w)| lines_in(h, w, CELL * BOLD)).max().unwrap_or(1);
                ws.set_row_height(row, height(lines))?;
                for r in &t.rows {
                    row += 1;
                    match r {
                        Row::Group(text) => {
                            across(ws, row, text, &f.group)?;
                            ws.set_row_height(row, height(lines_in(text, total_width(), WIDE * BOLD)))?;
                        }
                        Row::Cells(cells) => {
                            for (c, text) in cells.iter().enumerate() {
                                ws.write_string_with_format(row, c as u16, safe_cell(text), &f.cell)?;
                            }
                            let lines = cells.iter().zip(WIDTHS).map(|(t, w)| lines_in(t, w, CELL)).max().unwrap_or(1);
                            ws.set_row_height(row, height(lines))?;
                        }
                    }
                }
                row += 2;
            }
        }
    }
    let [left, right] = &doc.feet;
    paper::feet_xlsx(ws, row, [(LAYOUT.left.0, LAYOUT.left.1, left), (LAYOUT.right.0, LAYOUT.right.1, right)])?;
    print_setup(ws, header_row)?;
    // Administrative papers are portrait (Decree 30/2020/NĐ-CP, Appendix I).
    ws.set_portrait();
    Ok(())
}

/// The workbook of one unit: Bản tổng hợp, Báo cáo tự đánh giá, Tờ trình.
pub fn xlsx(criteria: &Criteria, report: &Report, r: &UnitRow, d: &DvhtResult, names: &Names) -> Result<Vec<u8>> {
    let unit = Unit::new(criteria, report, r, d, names);
    let mut wb = new_workbook()?;
    // The mark a later run looks for before removing a stale dossier; a fixed date keeps the
    // file the same byte for byte on every run.
    wb.set_properties(&properties(OutputKind::Dossier)?);
    for doc in papers(&unit) {
        let ws = wb.add_worksheet();
        write_doc(ws, &unit.paper, &doc)?;
    }
    Ok(wb.save_to_buffer()?)
}
