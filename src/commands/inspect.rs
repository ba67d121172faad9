//! `hoctap inspect`: what the tool sees in a file, the first thing to run when one does not
//! work. It opens the file exactly as `assess` does and says, in order: the format, the sheet
//! and why, the encoding and delimiter and how they were settled, the header row, which column
//! maps to which field and which are ignored, how many rows there are and how they would
//! score, and the first problems. A file that cannot be read gets its first rows as read and
//! the message `assess` would stop with.

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::Result;
use csv::StringRecord;

use super::{load_criteria, read_options};
use crate::ExitStatus;
use std::path::PathBuf;

use clap::Args;

use super::args::{CriteriaChoice, ReadArgs};
use crate::criteria::Criteria;
use crate::input::header::{Field, HeaderMap, Vocabulary};
use crate::input::open::{OpenedTable, ReadOptions, TableInfo, open_tables_for, own_output_reason};
use crate::input::person::{ID, RosterReader, Status, roster_vocabulary};
use crate::input::source::expand;
use crate::input::spreadsheet::column_letter;
use crate::input::table::read_head;
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
#[command(after_help = "Ví dụ:
  hoctap inspect danh-sach.xlsx
  hoctap inspect truong.xlsx --trang \"Khối 9\"
  hoctap inspect don-vi.xlsx --la-tep-don-vi")]
pub struct InspectArgs {
    /// Các tệp (CSV, .xlsx, .xlsm, .xlsb, .xls, .ods), thư mục, hoặc `-` (stdin).
    #[arg(required = true, value_name = "TỆP")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Xem tệp như một tệp đơn vị (--tep-don-vi của assess) thay vì danh sách người.
    #[arg(long = "la-tep-don-vi", alias = "units")]
    pub units: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Số vấn đề đầu tiên in ra cho mỗi tệp.
    #[arg(long = "so-phat-hien", alias = "max-findings", value_name = "N", default_value_t = 10)]
    pub max_findings: usize,
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
    write_output(None, crate::text::visible_controls(&out).as_bytes())?;
    Ok(status)
}

fn describe_table(out: &mut String, info: &TableInfo) {
    let _ = writeln!(out, "  Định dạng: {}", info.format);
    if let Some(s) = &info.sheet {
        let all: Vec<String> = s.all.iter().map(|n| format!("\"{n}\"")).collect();
        let _ = writeln!(
            out,
            "  Trang tính: \"{}\"{} (trang {} trong {}: {}) — {}",
            s.name,
            if s.hidden { " (trang ẩn)" } else { "" },
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
fn show_rows(out: &mut String, rows: &[(u64, StringRecord)]) {
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

/// Inspects a roster, every sheet of a workbook as `assess` reads them; `Ok(true)` when some
/// row would be `Lỗi` or `Trùng`.
fn inspect_roster(
    out: &mut String,
    source: &Source,
    criteria: &Criteria,
    options: &ReadOptions,
    max: usize,
) -> Result<bool, InputError> {
    let vocab = roster_vocabulary(criteria);
    let opened = open_tables_for(source, options, Some(&vocab))?;
    if let Some(kind) = &opened.own_output {
        let _ = writeln!(out, "  Bỏ qua: {}", own_output_reason(kind));
        return Ok(false);
    }
    for s in &opened.skipped_sheets {
        let hidden = if s.hidden { " (trang ẩn)" } else { "" };
        let _ = writeln!(out, "  Trang \"{}\"{hidden}: bỏ qua — {}", s.name, s.reason);
    }
    let tables: Vec<OpenedTable> =
        if opened.tables.is_empty() { opened.fallback.into_iter().collect() } else { opened.tables };
    let mut failed = false;
    for table in tables {
        failed |= inspect_table(out, source, table, criteria, &vocab, max)?;
    }
    Ok(failed)
}

/// What a row says about its person besides the id: unit, group, area, scores.
type Said = (String, Option<(usize, crate::criteria::Role)>, Option<bool>, Vec<Option<crate::number::Points>>);

fn inspect_table(
    out: &mut String,
    source: &Source,
    table: OpenedTable,
    criteria: &Criteria,
    vocab: &Vocabulary,
    max: usize,
) -> Result<bool, InputError> {
    describe_table(out, &table.info);
    let sheet = table.info.sheet_name().map(str::to_string);
    let in_sheet = |e: InputError| e.in_sheet(sheet.as_deref());
    let mut records = table.records;
    let head = match read_head(records.as_mut(), vocab).map_err(in_sheet)? {
        Ok(head) => head,
        Err((e, rows)) => {
            show_rows(out, &rows);
            return Err(in_sheet(e.into_input_error(source, "danh sách")));
        }
    };
    let mut reader =
        RosterReader::from_head(source, records, head, criteria, vocab, source.stem(), table.info.delimiter);
    describe_header(out, &reader.header, reader.header_line, vocab);

    let mut counts = [0u64; 5];
    let mut problems: Vec<(u64, String)> = Vec::new();
    // The first copy of each id, and what it said: a later copy that says otherwise is a
    // conflict, settled as `assess` settles it (counted once, as Lỗi).
    let mut seen: HashMap<String, (u64, Said, Outcome)> = HashMap::new();
    let id_header = reader.header.header_of(ID).to_string();
    while let Some(row) = reader.next_row().map_err(in_sheet)? {
        let own = assess(criteria, &row).outcome;
        let key = row.id_key().filter(|_| matches!(row.status, Status::Counted));
        let said = (row.unit_code.clone(), row.role, row.disadvantaged, row.scores.clone());
        let first = key.and_then(|k| match seen.get(&k) {
            Some(first) => Some(first.clone()),
            None => {
                seen.insert(k, (row.line, said.clone(), own));
                None
            }
        });
        let outcome = if first.is_some() { Outcome::Duplicate } else { own };
        counts[outcome as usize] += 1;
        match first {
            None if outcome == Outcome::Invalid => {
                for p in &row.problems {
                    let column = if p.column.is_empty() { String::new() } else { format!(", cột \"{}\"", p.column) };
                    problems.push((row.line, format!("dòng {}{column}: {}", row.line, p.message)));
                }
            }
            None => {}
            Some((_, first_said, first_outcome)) if first_said == said && first_outcome == own => {
                let message =
                    format!("dòng {}, cột \"{id_header}\": mã định danh {} đã có ở dòng trước", row.line, row.id);
                problems.push((row.line, message));
            }
            Some((line, _, first_outcome)) => {
                // The copy counted becomes Lỗi (once per id).
                if first_outcome != Outcome::Invalid && counts[first_outcome as usize] > 0 {
                    counts[first_outcome as usize] -= 1;
                    counts[Outcome::Invalid as usize] += 1;
                    if let Some(entry) = row.id_key().and_then(|k| seen.get_mut(&k)) {
                        entry.2 = Outcome::Invalid;
                    }
                }
                let message = format!(
                    "dòng {}, cột \"{id_header}\": mã định danh {} khác bản ghi ở dòng {line} (đơn vị, đối tượng, trạng thái hoặc điểm): tính một lần, là Lỗi",
                    row.line, row.id
                );
                problems.push((row.line, message));
            }
        }
    }
    let rows: u64 = counts.iter().sum();
    let blank = reader.rows.blank_rows;
    let _ = writeln!(
        out,
        "  Số dòng dữ liệu: {rows}{}",
        if blank > 0 { format!(" (bỏ qua {blank} dòng trống)") } else { String::new() }
    );
    let others = reader.rows.classifier.counts();
    if let Some(summary) = others.summary() {
        let _ = writeln!(out, "  Dòng không tính ({summary}):");
        for s in reader.rows.classifier.skipped.iter().take(max) {
            let text = if s.text.is_empty() { String::new() } else { format!(" \"{}\"", s.text) };
            let _ = writeln!(out, "    dòng {}{text}: {} — {}", s.line, s.kind.label(), s.why);
        }
        if reader.rows.classifier.skipped.len() > max {
            let _ = writeln!(out, "    … và {} dòng khác", reader.rows.classifier.skipped.len() - max);
        }
    }
    for (line, why) in &reader.rows.doubtful {
        problems.push((*line, format!("dòng {line}: {why}")));
    }
    problems.sort_by_key(|(l, _)| *l);
    let [dat, chua_dat, loi, loai_tru, trung] = counts;
    let _ = writeln!(
        out,
        "  Kết quả nếu chấm: {dat} đạt, {chua_dat} chưa đạt, {loi} lỗi, {loai_tru} loại trừ, {trung} trùng"
    );
    let problems: Vec<String> = problems.into_iter().map(|(_, p)| p).collect();
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
        let _ = writeln!(out, "    … và {} vấn đề khác (assess --phat-hien TỆP ghi tất cả)", problems.len() - max);
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
        .map(|p| match p.problem.column.as_str() {
            "" => format!("dòng {}: {}", p.line, p.problem.message),
            column => format!("dòng {}, cột \"{column}\": {}", p.line, p.problem.message),
        })
        .collect();
    list_problems(out, &problems, max);
    Ok(!problems.is_empty())
}
