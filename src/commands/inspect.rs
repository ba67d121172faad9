//! `hoctap inspect`: what the tool sees in a file, the first thing to run when one does not
//! work. It opens the file exactly as `assess` does and says, in order: the format, the sheet
//! and why, the encoding and delimiter and how they were settled, the header row, which column
//! maps to which field and which are ignored, how many rows there are and how they would
//! score, and the first problems. A file that cannot be read gets its first rows as read and
//! the message `assess` would stop with.

use std::collections::{HashSet, VecDeque};
use std::fmt::Write as _;

use anyhow::Result;
use csv::StringRecord;

use super::{load_criteria, read_options};
use crate::ExitStatus;
use std::path::PathBuf;

use clap::Args;

use super::args::{CriteriaChoice, ReadArgs};
use crate::criteria::Criteria;
use crate::input::csv_source::RecordSource;
use crate::input::header::{Field, HeaderMap, MAX_TITLE_ROWS, Vocabulary};
use crate::input::open::{ReadOptions, TableInfo, open_table_for};
use crate::input::person::{ID, RosterReader, Status, roster_vocabulary};
use crate::input::source::expand;
use crate::input::spreadsheet::column_letter;
use crate::input::units::{read_unit_file, unit_vocabulary};
use crate::input::{InputError, Source};
use crate::output::write_output;
use crate::scoring::{Outcome, assess};

/// Cho biết chương trình thấy gì trong tệp: định dạng, trang tính, bảng mã, dấu phân cách,
/// dòng tiêu đề, cột nào ứng với trường nào, cột bị bỏ qua, số dòng và các vấn đề đầu tiên.
/// Lệnh nên chạy đầu tiên khi một tệp không đọc được.
///
/// Mã thoát: 0 = đọc được, không dòng nào có lỗi; 1 = đọc được nhưng có dòng lỗi hoặc trùng;
/// 2 = có tệp không đọc được.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Các tệp (CSV, .xlsx, .xlsm, .xlsb, .xls, .ods), thư mục, hoặc `-` (stdin).
    #[arg(required = true, value_name = "TỆP")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Xem tệp như một tệp đơn vị (--units của assess) thay vì danh sách người.
    #[arg(long)]
    pub units: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Số vấn đề đầu tiên in ra cho mỗi tệp.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_findings: usize,
}

/// Records read ahead (to show them if the header is not found), then the rest.
struct Replay {
    ahead: VecDeque<(u64, StringRecord)>,
    rest: Box<dyn RecordSource>,
}

impl RecordSource for Replay {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        match self.ahead.pop_front() {
            Some((line, r)) => {
                *rec = r;
                Ok(Some(line))
            }
            None => self.rest.read(rec),
        }
    }

    fn stored_as_number(&self, line: u64, col: usize) -> bool {
        self.rest.stored_as_number(line, col)
    }
}

pub fn run(args: &InspectArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let options = read_options(&args.read)?;
    let expansion = expand(&args.files, &[], None)?;
    let mut out = String::new();
    let mut status = ExitStatus::Passed;
    for s in &expansion.skipped {
        let _ = writeln!(out, "Bỏ qua {}: {}", s.path.display(), s.reason);
    }
    for source in &expansion.sources {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "Tệp: {source}");
        let result = if args.units {
            inspect_units(&mut out, source, &criteria, &options, args.max_findings)
        } else {
            inspect_roster(&mut out, source, &criteria, &options, args.max_findings)
        };
        status = match result {
            Ok(false) => status,
            Ok(true) if status == ExitStatus::Passed => ExitStatus::Failed,
            Ok(true) => status,
            Err(e) => {
                let _ = writeln!(out, "  KHÔNG ĐỌC ĐƯỢC: {e}");
                ExitStatus::Error
            }
        };
    }
    write_output(None, out.as_bytes())?;
    Ok(status)
}

fn describe_table(out: &mut String, info: &TableInfo) {
    let _ = writeln!(out, "  Định dạng: {}", info.format);
    if let Some(s) = &info.sheet {
        let all: Vec<String> = s.all.iter().map(|n| format!("\"{n}\"")).collect();
        let _ = writeln!(
            out,
            "  Trang tính: \"{}\" (trang {} trong {}: {}) — {}",
            s.name,
            s.position,
            s.all.len(),
            all.join(", "),
            s.chosen_because
        );
    }
    if let Some(e) = &info.encoding {
        let _ = writeln!(out, "  Bảng mã: {e} ({})", info.encoding_how.unwrap_or(""));
    }
    if let Some(d) = info.delimiter {
        let shown = match d {
            b'\t' => "tab".to_string(),
            other => format!("\"{}\"", other as char),
        };
        let how = if info.delimiter_guessed { "tự nhận biết" } else { "chỉ định bằng --delimiter" };
        let _ = writeln!(out, "  Dấu phân cách: {shown} ({how})");
    }
}

/// The first rows as the tool read them, for a file whose header was not found.
fn show_rows(out: &mut String, rows: &VecDeque<(u64, StringRecord)>) {
    let _ = writeln!(out, "  Các dòng đầu như chương trình đọc được:");
    for (line, rec) in rows.iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty())).take(8) {
        let cells: Vec<String> = rec
            .iter()
            .map(|c| {
                let c = c.trim();
                if c.chars().count() > 24 {
                    format!("{}…", c.chars().take(23).collect::<String>())
                } else {
                    c.to_string()
                }
            })
            .collect();
        let _ = writeln!(out, "    dòng {line}: {}", cells.join(" | "));
    }
}

fn describe_header(out: &mut String, header: &HeaderMap, header_line: u64, vocab: &Vocabulary) {
    if header.rows == 2 {
        let _ = writeln!(out, "  Dòng tiêu đề: dòng {header_line}–{} (tiêu đề hai dòng)", header_line + 1);
    } else {
        let _ = writeln!(out, "  Dòng tiêu đề: dòng {header_line}");
    }
    let _ = writeln!(out, "  Cột → trường:");
    let field_at = |i: usize| header.columns.iter().find(|(_, c)| **c == i).map(|(f, _)| *f);
    let name = |f: Field| vocab.display(f).to_string();
    for (i, h) in header.headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        let target = field_at(i).map_or_else(|| "(bỏ qua)".to_string(), name);
        let place = if i < header.width { column_letter(i) } else { "ghép".into() };
        let _ = writeln!(out, "    {place:>4}  \"{h}\" → {target}");
    }
    if header.ignored.is_empty() {
        let _ = writeln!(out, "  Cột không dùng đến: không có");
    } else {
        let _ = writeln!(out, "  Cột không dùng đến: {}", header.ignored.join(", "));
    }
}

/// Inspects a roster; `Ok(true)` when some row would be `Lỗi` or `Trùng`.
fn inspect_roster(
    out: &mut String,
    source: &Source,
    criteria: &Criteria,
    options: &ReadOptions,
    max: usize,
) -> Result<bool, InputError> {
    let vocab = roster_vocabulary(criteria);
    let table = open_table_for(source, options, Some(&vocab))?;
    describe_table(out, &table.info);
    let sheet = table.info.sheet_name().map(str::to_string);
    let mut records = table.records;
    let mut ahead = VecDeque::new();
    let mut rec = StringRecord::new();
    while ahead.len() <= MAX_TITLE_ROWS {
        match records.read(&mut rec).map_err(|e| e.in_sheet(sheet.as_deref()))? {
            Some(line) => ahead.push_back((line, rec.clone())),
            None => break,
        }
    }
    let shown = ahead.clone();
    let replay = Replay { ahead, rest: records };
    let mut reader = match RosterReader::new(source, Box::new(replay), criteria, &vocab, source.stem()) {
        Ok(r) => r,
        Err(e) => {
            show_rows(out, &shown);
            return Err(e.in_sheet(sheet.as_deref()));
        }
    };
    describe_header(out, &reader.header, reader.header_line, &vocab);

    let mut counts = [0u64; 5];
    let mut problems: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    while let Some(row) = reader.next_row().map_err(|e| e.in_sheet(sheet.as_deref()))? {
        let key = row.id_key();
        let duplicate = matches!(row.status, Status::Counted) && key.as_ref().is_some_and(|k| !seen.insert(k.clone()));
        let outcome = if duplicate { Outcome::Duplicate } else { assess(criteria, &row).outcome };
        counts[outcome as usize] += 1;
        if outcome == Outcome::Invalid {
            for p in &row.problems {
                problems.push(format!("dòng {}, cột \"{}\": {}", row.line, p.column, p.message));
            }
        } else if duplicate {
            problems.push(format!(
                "dòng {}, cột \"{}\": mã định danh {} đã có ở dòng trước",
                row.line,
                reader.header.header_of(ID),
                row.id
            ));
        }
    }
    let rows: u64 = counts.iter().sum();
    let _ = writeln!(
        out,
        "  Số dòng dữ liệu: {rows}{}",
        if reader.blank_rows > 0 { format!(" (bỏ qua {} dòng trống)", reader.blank_rows) } else { String::new() }
    );
    if !reader.note_lines().is_empty() {
        let lines: Vec<String> = reader.note_lines().iter().map(u64::to_string).collect();
        let _ = writeln!(out, "  Dòng cuối bảng không tính (ghi chú, chữ ký): {}", lines.join(", "));
    }
    let [dat, chua_dat, loi, loai_tru, trung] = counts;
    let _ = writeln!(
        out,
        "  Kết quả nếu chấm: {dat} đạt, {chua_dat} chưa đạt, {loi} lỗi, {loai_tru} loại trừ, {trung} trùng"
    );
    list_problems(out, &problems, max);
    Ok(loi + trung > 0)
}

fn list_problems(out: &mut String, problems: &[String], max: usize) {
    if problems.is_empty() {
        let _ = writeln!(out, "  Vấn đề: không có");
        return;
    }
    let _ = writeln!(out, "  Vấn đề đầu tiên ({} trong {}):", problems.len().min(max), problems.len());
    for p in problems.iter().take(max) {
        let _ = writeln!(out, "    {p}");
    }
    if problems.len() > max {
        let _ = writeln!(out, "    … và {} vấn đề khác (assess --findings TỆP ghi tất cả)", problems.len() - max);
    }
}

/// Inspects a unit file; `Ok(true)` when some value could not be used.
fn inspect_units(
    out: &mut String,
    source: &Source,
    criteria: &Criteria,
    options: &ReadOptions,
    max: usize,
) -> Result<bool, InputError> {
    let file = read_unit_file(source, criteria, options)?;
    describe_table(out, &file.info);
    let vocab = unit_vocabulary(criteria);
    describe_header(out, &file.header, file.header_line, &vocab);
    let _ = writeln!(out, "  Số đơn vị: {}", file.units.len());
    let problems: Vec<String> = file
        .problems
        .iter()
        .map(|p| format!("dòng {}, cột \"{}\": {}", p.line, p.problem.column, p.problem.message))
        .collect();
    list_problems(out, &problems, max);
    Ok(!problems.is_empty())
}
