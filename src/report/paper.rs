//! The parts of an administrative document (Decree 30/2020/NĐ-CP) that the printed reports
//! share: the heading block (governing body and issuing unit on the left, Quốc hiệu and tiêu
//! ngữ on the right, place and date, title) and the signature block. Names come from the
//! command line; where one is not given, a dotted line is left to write it by hand.

use maud::{Markup, html};
use rust_xlsxwriter::{Format, FormatAlign, Worksheet, XlsxError};

use super::render::xlsx::base;

pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";
/// A line to be filled in by hand.
pub const BLANK: &str = "……………………";

/// Who issues and signs a paper (`--co-quan`, `--don-vi-lap`, `--dia-danh`, `--nguoi-lap`,
/// `--thu-truong`) and the year it covers.
#[derive(Debug, Clone, Default)]
pub struct Paper {
    /// Governing body (cơ quan chủ quản), e.g. "UBND xã Gia Viễn".
    pub co_quan: Option<String>,
    /// The issuing unit (đơn vị lập), e.g. "Trường THCS Gia Hòa".
    pub don_vi: Option<String>,
    /// Place name of the date line.
    pub dia_danh: Option<String>,
    /// Người lập biểu.
    pub nguoi_lap: Option<String>,
    /// Thủ trưởng đơn vị.
    pub thu_truong: Option<String>,
    /// Year assessed (`--nam`).
    pub nam: Option<u16>,
}

fn or_blank(v: &Option<String>) -> String {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map_or_else(|| BLANK.to_string(), str::to_string)
}

impl Paper {
    pub fn co_quan(&self) -> String {
        or_blank(&self.co_quan).to_uppercase()
    }

    pub fn don_vi(&self) -> String {
        or_blank(&self.don_vi).to_uppercase()
    }

    /// "Gia Viễn, ngày …… tháng …… năm ……": the day of signing is written by hand.
    pub fn date_line(&self) -> String {
        format!("{}, ngày …… tháng …… năm ……", or_blank(&self.dia_danh))
    }

    /// "Năm đánh giá: 2025", or a blank to fill.
    pub fn year_line(&self) -> String {
        format!("Năm đánh giá: {}", self.nam.map_or_else(|| "……".to_string(), |y| y.to_string()))
    }

    /// The two signers of a list or report: (title, note under it, name).
    pub fn signers(&self) -> [(&'static str, &'static str, String); 2] {
        let name = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty()).unwrap_or_default();
        [
            ("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", name(&self.nguoi_lap)),
            ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", name(&self.thu_truong)),
        ]
    }
}

/// Cell styles of the heading and signature blocks.
struct Styles {
    plain: Format,
    bold: Format,
    italic: Format,
    title: Format,
}

impl Styles {
    fn new() -> Styles {
        let centre = || base().set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
        Styles {
            plain: centre(),
            bold: centre().set_bold(),
            italic: centre().set_italic(),
            title: centre().set_bold().set_font_size(14),
        }
    }
}

/// Text across columns `first..=last` of `row` (one cell when the range is a single column);
/// names come from files and the command line, so a text that would start a formula is
/// neutralised.
fn span(ws: &mut Worksheet, row: u32, first: u16, last: u16, text: &str, f: &Format) -> Result<(), XlsxError> {
    let text = crate::output::safe_cell(text);
    let text = text.as_ref();
    if last > first {
        ws.merge_range(row, first, row, last, text, f)?;
    } else {
        ws.write_string_with_format(row, first, text, f)?;
    }
    Ok(())
}

/// Where the left and right halves of a `columns`-wide sheet lie.
fn halves(columns: u16) -> ((u16, u16), (u16, u16)) {
    let columns = columns.max(2);
    let split = columns * 2 / 5;
    let split = split.max(1);
    ((0, split - 1), (split, columns - 1))
}

/// Writes the heading block from row 0 of a sheet `columns` wide; returns the first free row
/// (one blank row left before the table).
pub fn heading_xlsx(
    ws: &mut Worksheet,
    paper: &Paper,
    title: &str,
    lines: &[String],
    columns: u16,
) -> Result<u32, XlsxError> {
    let s = Styles::new();
    let ((l0, l1), (r0, r1)) = halves(columns);
    let last = columns.max(2) - 1;
    span(ws, 0, l0, l1, &paper.co_quan(), &s.plain)?;
    span(ws, 0, r0, r1, QUOC_HIEU, &s.bold)?;
    span(ws, 1, l0, l1, &paper.don_vi(), &s.bold)?;
    span(ws, 1, r0, r1, TIEU_NGU, &s.bold)?;
    span(ws, 2, r0, r1, &paper.date_line(), &s.italic)?;
    span(ws, 4, 0, last, title, &s.title)?;
    ws.set_row_height(4, 24)?;
    let mut row = 5;
    for line in lines {
        span(ws, row, 0, last, line, &s.plain)?;
        row += 1;
    }
    Ok(row + 1)
}

/// Writes the signature block from row `row` (after a blank row); returns the row after it.
pub fn signatures_xlsx(ws: &mut Worksheet, row: u32, paper: &Paper, columns: u16) -> Result<u32, XlsxError> {
    let ((l0, l1), (r0, r1)) = halves(columns);
    let [left, right] = paper.signers().map(|(t, n, name)| Foot::signer(t, n, name));
    feet_xlsx(ws, row, [(l0, l1, &left), (r0, r1, &right)])
}

/// What stands at the foot of a paper, left or right: a signer, or the Nơi nhận list.
#[derive(Debug, Clone)]
pub enum Foot {
    /// Title ("THỦ TRƯỞNG ĐƠN VỊ"), note under it, name (empty: written by hand).
    Signer { title: String, note: String, name: String },
    /// "Nơi nhận:" and its lines ("- Như trên;", "- Lưu: VT.").
    Recipients(Vec<String>),
}

impl Foot {
    pub fn signer(title: &str, note: &str, name: String) -> Foot {
        Foot::Signer { title: title.to_string(), note: note.to_string(), name }
    }
}

/// Writes two feet side by side from row `row` (after a blank row), each across its columns
/// `(first, last)`; returns the row after them.
pub fn feet_xlsx(ws: &mut Worksheet, row: u32, feet: [(u16, u16, &Foot); 2]) -> Result<u32, XlsxError> {
    let s = Styles::new();
    let row = row + 1;
    let left_note = base().set_align(FormatAlign::Left).set_italic().set_bold().set_font_size(11);
    let left_line = base().set_align(FormatAlign::Left).set_font_size(11);
    // Cells (row, first, last, text, format), written row by row: a sheet in constant-memory
    // mode drops a cell written above the last row written.
    let mut cells: Vec<(u32, u16, u16, &str, &Format)> = Vec::new();
    for (first, last, foot) in feet {
        match foot {
            Foot::Signer { title, note, name } => {
                cells.push((row, first, last, title, &s.bold));
                cells.push((row + 1, first, last, note, &s.italic));
                // Room to sign: four empty rows, then the name.
                cells.push((row + 6, first, last, name, &s.bold));
            }
            Foot::Recipients(lines) => {
                cells.push((row, first, last, "Nơi nhận:", &left_note));
                for (i, l) in lines.iter().enumerate() {
                    cells.push((row + 1 + i as u32, first, last, l, &left_line));
                }
            }
        }
    }
    cells.sort_by_key(|c| (c.0, c.1));
    for &(r, first, last, text, f) in &cells {
        span(ws, r, first, last, text, f)?;
    }
    Ok(cells.iter().map(|c| c.0 + 1).max().unwrap_or(row))
}

/// The two feet of a printable HTML paper.
pub fn feet_html(feet: [&Foot; 2]) -> Markup {
    html! {
        table.signatures width="100%" {
            tr {
                @for foot in feet {
                    @match foot {
                        Foot::Signer { title, note, name } => {
                            td width="50%" align="center" { strong { (title) } br; em { (note) } div.sign {} strong { (name) } }
                        }
                        Foot::Recipients(lines) => {
                            td.recipients width="50%" { strong { em { "Nơi nhận:" } } @for l in lines { br; (l) } }
                        }
                    }
                }
            }
        }
    }
}

/// The heading of an administrative document on a sheet whose columns are not even: the
/// governing body, the unit and the number (`Số: …/…`) across columns `left`, Quốc hiệu, tiêu
/// ngữ and the date line across `right`, the title and its lines across `0..=last`. Text
/// wraps; `heights` gives each of the first three rows its height in points. Returns the
/// first free row (one blank row left).
pub struct Layout {
    pub left: (u16, u16),
    pub right: (u16, u16),
    pub last: u16,
}

pub fn document_heading_xlsx(
    ws: &mut Worksheet,
    paper: &Paper,
    layout: &Layout,
    number: &str,
    title: &str,
    lines: &[String],
    heights: [f64; 3],
) -> Result<u32, XlsxError> {
    let s = Styles::new();
    let wrap = |f: &Format| f.clone().set_text_wrap();
    let ((l0, l1), (r0, r1)) = (layout.left, layout.right);
    span(ws, 0, l0, l1, &paper.co_quan(), &wrap(&s.plain))?;
    span(ws, 0, r0, r1, QUOC_HIEU, &wrap(&s.bold))?;
    span(ws, 1, l0, l1, &paper.don_vi(), &wrap(&s.bold))?;
    span(ws, 1, r0, r1, TIEU_NGU, &wrap(&s.bold))?;
    span(ws, 2, l0, l1, number, &wrap(&s.plain))?;
    span(ws, 2, r0, r1, &paper.date_line(), &wrap(&s.italic))?;
    for (r, h) in heights.into_iter().enumerate() {
        ws.set_row_height(r as u32, h)?;
    }
    span(ws, 4, 0, layout.last, title, &s.title)?;
    ws.set_row_height(4, 24)?;
    let mut row = 5;
    for line in lines {
        span(ws, row, 0, layout.last, line, &s.bold)?;
        row += 1;
    }
    Ok(row + 1)
}

/// The heading of an administrative document as HTML, with its number under the unit (the
/// alignment also as attributes, for readers that ignore the style).
pub fn document_heading_html(paper: &Paper, number: &str, title: &str, lines: &[String]) -> Markup {
    html! {
        table.heading width="100%" {
            tr {
                td align="center" width="45%" { (paper.co_quan()) br; strong { (paper.don_vi()) } br; (number) }
                td align="center" { strong { (QUOC_HIEU) } br; strong { (TIEU_NGU) } br; em { (paper.date_line()) } }
            }
        }
        h1.title align="center" { (title) }
        @for l in lines { p.subtitle align="center" { strong { (l) } } }
    }
}

/// The heading block of a printable HTML paper.
pub fn heading_html(paper: &Paper, title: &str, lines: &[String]) -> Markup {
    html! {
        table.heading {
            tr {
                td { (paper.co_quan()) br; strong { (paper.don_vi()) } }
                td { strong { (QUOC_HIEU) } br; strong { (TIEU_NGU) } br; em { (paper.date_line()) } }
            }
        }
        h1.title { (title) }
        @for l in lines { p.subtitle { (l) } }
    }
}

/// The signature block of a printable HTML paper.
pub fn signatures_html(paper: &Paper) -> Markup {
    let [left, right] = paper.signers().map(|(t, n, name)| Foot::signer(t, n, name));
    feet_html([&left, &right])
}

/// The style of the HTML papers: A4 landscape, Times New Roman, the decree's margins.
pub const PAPER_CSS: &str = "@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Times New Roman', Times, serif; font-size: 12pt; }
table.heading, table.signatures { width: 100%; border: none; margin: 0 0 8pt 0; }
table.heading td, table.signatures td { border: none; text-align: center; vertical-align: top; width: 50%; }
h1.title { text-align: center; font-size: 14pt; margin: 12pt 0 4pt 0; }
p.subtitle { text-align: center; margin: 0; }
div.sign { height: 60pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
section.paper { page-break-after: always; }
section.paper:last-child { page-break-after: auto; }";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_where_no_name_is_given() {
        let p =
            Paper {
                dia_danh: Some("Gia Viễn".into()), don_vi: Some("Trường THCS Gia Hòa".into()), ..Paper::default()
            };
        assert_eq!(p.date_line(), "Gia Viễn, ngày …… tháng …… năm ……");
        assert_eq!(p.don_vi(), "TRƯỜNG THCS GIA HÒA");
        assert_eq!(p.co_quan(), BLANK);
        assert_eq!(p.signers()[1].2, "");
        assert_eq!(halves(10), ((0, 3), (4, 9)));
        assert_eq!(halves(1), ((0, 0), (1, 1)));
    }
}
