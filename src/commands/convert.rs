//! `hoctap convert`: a Unicode copy of a roster whose cells are partly in a legacy font
//! encoding (TCVN3, VNI). Only the cells found to be legacy text are converted, each one
//! listed; Unicode cells stay exactly as they are, so a mixed file comes out whole (converting
//! the whole file in UniKey would garble its Unicode names).

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use csv::StringRecord;

use super::args::{CriteriaChoice, ReadArgs};
use super::{load_criteria, read_options};
use crate::ExitStatus;
use crate::input::Source;
use crate::input::legacy::{ByteView, Legacy, LegacyScan};
use crate::input::open::open_table_unchecked;
use crate::input::person::roster_vocabulary;
use crate::input::spreadsheet::{Stored, column_letter};
use crate::output::{check_not_input, write_output};
use crate::report::format::{Accepts, Format, Output};

/// Chép một danh sách sang Unicode: chỉ các ô gõ bằng bảng mã cũ (TCVN3/ABC, VNI) được chuyển,
/// từng ô được liệt kê; các ô đã là Unicode giữ nguyên.
///
/// Tệp kết quả là CSV UTF-8 (có BOM, để Excel hiện đúng dấu) hoặc Excel nếu `-o` có đuôi .xlsx.
/// Tệp đầu vào không bị sửa.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap convert danh-sach-vntime.xls -o danh-sach-unicode.xlsx")]
pub struct ConvertArgs {
    /// Tệp danh sách (CSV, .xlsx, .xls, .ods, …).
    #[arg(value_name = "TỆP")]
    pub input: PathBuf,

    /// Tệp Unicode để ghi (.csv hoặc .xlsx).
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Không liệt kê từng ô ra stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// One record as read: its line, cells, and the number cells of a spreadsheet.
struct Row {
    line: u64,
    cells: StringRecord,
    numbers: Vec<Option<f64>>,
}

pub fn run(args: &ConvertArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let options = read_options(&args.read)?;
    let source = Source::from_arg(&args.input);
    if let Some(input) = source.path() {
        check_not_input(&args.output, &[input])?;
    }
    // The format from the name, settled where every output's is: a Unicode copy is a table,
    // so CSV or a workbook, and a file (never the screen, where the list of cells goes).
    let output = Output::resolve(
        None,
        Some(&args.output),
        Accepts { option: "-o", formats: &[Format::Csv, Format::Xlsx], stdout: false },
    )?;
    let xlsx = output.format == Format::Xlsx;
    let vocab = roster_vocabulary(&criteria);
    let mut table = open_table_unchecked(&source, &options, Some(&vocab))?;
    let mut rows = Vec::new();
    let mut rec = StringRecord::new();
    while let Some(line) = table.records.read(&mut rec)? {
        let numbers = (0..rec.len())
            .map(|c| match table.records.stored(line, c) {
                Stored::Number(n) => Some(n),
                _ => None,
            })
            .collect();
        rows.push(Row { line, cells: rec.clone(), numbers });
    }

    let mut scan = LegacyScan::default();
    let mut converted = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            if let Some(found) = scan.cell(row.line, c, cell, ByteView::Unicode) {
                converted.push((r, c, found.clone()));
            }
        }
    }
    let mut listing = String::new();
    let mut counts = [0usize; 2];
    for (r, c, found) in &converted {
        counts[found.legacy as usize] += 1;
        listing.push_str(&format!(
            "dòng {}, cột {} ({}): \"{}\" → \"{}\"\n",
            found.line,
            column_letter(found.column),
            match found.legacy {
                Legacy::Tcvn3 => "TCVN3",
                Legacy::Vni => "VNI",
            },
            found.cell,
            found.converted
        ));
        let row = &mut rows[*r];
        let mut cells: Vec<String> = row.cells.iter().map(str::to_string).collect();
        cells[*c] = found.converted.clone();
        row.cells = StringRecord::from(cells);
    }

    let sheet = table.info.sheet_name().unwrap_or("Danh sách").to_string();
    let bytes = if xlsx { write_xlsx(&rows, &sheet)? } else { write_csv(&rows, table.info.delimiter.unwrap_or(b',')) };
    write_output(Some(&args.output), &bytes)?;
    if !args.quiet {
        let _ = std::io::stderr().write_all(listing.as_bytes());
        let _ = writeln!(
            std::io::stderr(),
            "Đã chuyển {} ô sang Unicode (TCVN3: {}, VNI: {}); các ô khác giữ nguyên. Đã ghi {}.",
            converted.len(),
            counts[0],
            counts[1],
            args.output.display()
        );
    }
    Ok(ExitStatus::Passed)
}

/// A CSV UTF-8 copy: each record on the line it had (blank lines put back), with a BOM.
fn write_csv(rows: &[Row], delimiter: u8) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    let mut line = 1u64;
    for row in rows {
        while line < row.line {
            out.push(b'\n');
            line += 1;
        }
        let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
        // Writing into a Vec cannot fail.
        let _ = w.write_record(&row.cells);
        let record = w.into_inner().unwrap_or_default();
        line += memchr::memchr_iter(b'\n', &record).count() as u64;
        out.extend_from_slice(&record);
    }
    out
}

/// An Excel copy: each cell in the row and column it had; numbers stay numbers.
fn write_xlsx(rows: &[Row], sheet: &str) -> Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    if ws.set_name(sheet).is_err() {
        ws.set_name("Danh sách")?;
    }
    for row in rows {
        let r = u32::try_from(row.line.saturating_sub(1))?;
        for (c, cell) in row.cells.iter().enumerate() {
            let col = u16::try_from(c)?;
            match row.numbers.get(c).copied().flatten() {
                Some(n) => ws.write_number(r, col, n)?,
                None if cell.is_empty() => continue,
                None => ws.write_string(r, col, cell)?,
            };
        }
    }
    Ok(book.save_to_buffer()?)
}
