//! Reading one file (or one byte range of it): every row typed, scored and tallied as it
//! comes; the ids it claims and its findings kept for the merge.

use super::*;

pub(super) use super::findings_log::{FindingLog, Noted};

/// A row that repeats an id: its key, line and id as typed, the first claim it was compared
/// with, and what the row said (unit in the file, role, outcome, fingerprint), for the merge
/// to tell a plain repeat from a conflict.
pub(super) struct Repeat {
    pub(super) key: IdKey<'static>,
    pub(super) line: u64,
    pub(super) id: Box<str>,
    pub(super) first: (usize, u64),
    pub(super) unit: usize,
    pub(super) role: Option<Role>,
    pub(super) outcome: Outcome,
    pub(super) print: u32,
}

/// The units of one file: codes, first names and tallies, looked up fast (consecutive rows
/// nearly always share their unit).
#[derive(Default)]
pub(super) struct FileUnits {
    pub(super) index: HashMap<Box<str>, usize, FixedState>,
    pub(super) units: Vec<FileUnit>,
    pub(super) last: usize,
    /// Each distinct non-blank name of a unit, where it first appears, in line order.
    pub(super) names: Vec<(usize, Box<str>, u64)>,
    pub(super) names_seen: HashSet<(usize, Box<str>), FixedState>,
}

pub(super) struct FileUnit {
    pub(super) code: Box<str>,
    /// The first non-blank name (NFC), and as it was typed: a row typed the same way needs
    /// no NFC to know it names the unit alike.
    pub(super) first_name: Box<str>,
    pub(super) first_raw: Box<str>,
    pub(super) tally: Tally,
}

impl FileUnits {
    pub(super) fn unit_of(&mut self, code: &str, raw_name: &str, line: u64) -> usize {
        let u = match self.units.get(self.last) {
            Some(unit) if &*unit.code == code => self.last,
            _ => match self.index.get(code) {
                Some(&u) => u,
                None => {
                    self.units.push(FileUnit {
                        code: code.into(),
                        first_name: "".into(),
                        first_raw: "".into(),
                        tally: Tally::default(),
                    });
                    self.index.insert(code.into(), self.units.len() - 1);
                    self.units.len() - 1
                }
            },
        };
        self.last = u;
        let unit = &mut self.units[u];
        if !raw_name.is_empty() && *unit.first_raw != *raw_name {
            let name = nfc(raw_name);
            if unit.first_name.is_empty() {
                unit.first_name = name.as_ref().into();
                unit.first_raw = raw_name.into();
                self.names.push((u, name.as_ref().into(), line));
            } else if *unit.first_name != *name && self.names_seen.insert((u, name.as_ref().into())) {
                self.names.push((u, name.as_ref().into(), line));
            }
        }
        u
    }
}

/// Everything one file contributes to the run, before the merge.
pub(super) struct FileRun {
    pub(super) index: usize,
    pub(super) summary: FileSummary,
    pub(super) id_header: String,
    pub(super) name_header: String,
    pub(super) units: FileUnits,
    /// Ids claimed by the file's counted rows, when its rows are written out one by one
    /// (each row must know whether its id came before); values are a packed [`Claim`] and
    /// the row's fingerprint.
    pub(super) claims: IdMap,
    /// The same, as lists, for a run that only counts: the merge finds the repeats.
    pub(super) lists: IdLists,
    /// Lines to add to those packed in `lists` (a range's lines count from the range's start).
    pub(super) lists_shift: u64,
    pub(super) big_units: HashMap<u64, usize>,
    /// Line → id as typed, where it differs from its key (" x1 " for "X1").
    pub(super) typed_ids: HashMap<u64, Box<str>>,
    pub(super) repeats: Vec<Repeat>,
    pub(super) findings: FindingLog,
}

impl FileRun {
    pub(super) fn new(index: usize, summary: FileSummary, header: &HeaderMap) -> FileRun {
        FileRun {
            index,
            summary,
            id_header: header.header_of(person::ID).to_string(),
            name_header: header.header_of(person::UNIT_NAME).to_string(),
            units: FileUnits::default(),
            claims: IdMap::default(),
            lists: IdLists::default(),
            lists_shift: 0,
            big_units: HashMap::new(),
            typed_ids: HashMap::new(),
            repeats: Vec::new(),
            findings: FindingLog::default(),
        }
    }

    /// The entry of a file or sheet that is not read.
    pub(super) fn skipped(index: usize, summary: FileSummary, finding: Finding) -> FileRun {
        let mut run = FileRun::new(index, summary, &HeaderMap::default());
        run.findings.push(Noted { line: 0, rank: 0, finding });
        run
    }

    /// Moves every line by `by`: a range's lines count from the range's start.
    pub(super) fn shift_lines(&mut self, by: u64) {
        if by == 0 {
            return;
        }
        self.findings.shift_lines(by);
        // The lists (and `big_units` with them) keep their lines; the merge adds the shift.
        self.lists_shift += by;
        if !self.claims.is_empty() {
            let old_big = std::mem::take(&mut self.big_units);
            let mut big = HashMap::new();
            self.claims.map_values(|[c, print]| {
                let mut claim = Claim::unpack(c, &old_big);
                claim.line += by;
                [claim.pack(&mut big), print]
            });
            self.big_units = big;
        }
        self.typed_ids = std::mem::take(&mut self.typed_ids).into_iter().map(|(l, id)| (l + by, id)).collect();
        for r in &mut self.repeats {
            r.line += by;
            if r.first.0 == self.index {
                r.first.1 += by;
            }
        }
        for (_, _, line) in &mut self.units.names {
            *line += by;
        }
    }
}

/// One table of a file to read, or an entry for what is not read.
pub(super) enum Job {
    Table { id: usize, source: usize, table: OpenedTable },
    Skip { id: usize, summary: FileSummary, finding: Finding },
}

/// Opens file `index` and lists its tables: the file, or each sheet of a workbook (read or
/// not, in the workbook's order). A file with no roster header is an entry with the reason:
/// in a folder it is passed over, and the run stops only when no file is a roster.
pub(super) fn open_jobs(ctx: &Ctx<'_>, index: usize) -> Result<Vec<Job>, RunError> {
    let source = &ctx.sources[index];
    let opened = open_tables_for(source, &ctx.options.read, Some(ctx.vocab))?;
    let tep = source.to_string();
    let skip = |id: usize, summary: FileSummary, muc_do: Severity| {
        let finding = Finding {
            tep: tep.clone(),
            trang_tinh: summary.trang_tinh.clone(),
            dong: None,
            cot: String::new(),
            gia_tri: String::new(),
            muc_do,
            thong_bao: format!("bỏ qua: {}", summary.bo_qua.as_deref().unwrap_or("")),
        };
        Job::Skip { id, summary, finding }
    };
    if let Some(kind) = &opened.own_output {
        let summary = FileSummary::skipped(tep.clone(), "Excel (.xlsx)".into(), None, false, own_output_reason(kind));
        return Ok(vec![skip(table_id(index, 0), summary, Severity::Info)]);
    }
    let format = opened.tables.first().or(opened.fallback.as_ref()).map_or_else(String::new, |t| t.info.format.clone());
    // Sheets read and sheets passed over, in the workbook's order.
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    for s in &opened.skipped_sheets {
        let position = opened
            .tables
            .iter()
            .chain(opened.fallback.as_ref())
            .filter_map(|t| t.info.sheet.as_ref())
            .find(|i| i.name == s.name)
            .map_or(usize::MAX, |i| i.position);
        let position = if position == usize::MAX { sheet_position(&opened, &s.name) } else { position };
        let severity = if s.warn { Severity::Warning } else { Severity::Info };
        let summary =
            FileSummary::skipped(tep.clone(), format.clone(), Some(s.name.clone()), s.hidden, s.reason.clone());
        entries.push((position, Err((summary, severity))));
    }
    let no_table = opened.tables.is_empty();
    for t in opened.tables {
        entries.push((t.info.sheet.as_ref().map_or(0, |i| i.position), Ok(t)));
    }
    entries.sort_by_key(|(p, _)| *p);
    if entries.len() > MAX_SHEETS {
        return Err(
            InputError::file(source, format!("bảng tính có hơn {MAX_SHEETS} trang; hãy tách thành nhiều tệp")).into()
        );
    }
    let mut jobs = Vec::new();
    for (k, (_, entry)) in entries.into_iter().enumerate() {
        let id = table_id(index, k);
        jobs.push(match entry {
            Ok(table) => Job::Table { id, source: index, table },
            Err((summary, severity)) => skip(id, summary, severity),
        });
    }
    if no_table {
        // No sheet of the workbook is a roster: one entry for the file says so.
        let reason = "không trang nào có dòng tiêu đề của danh sách".to_string();
        let summary = FileSummary::skipped(tep.clone(), format, None, false, reason);
        jobs.push(skip(table_id(index, jobs.len().min(MAX_SHEETS - 1)), summary, Severity::Warning));
    }
    Ok(jobs)
}

/// A table to read, or the entry (and the weight of its finding) of one that is not.
type Entry = Result<OpenedTable, (FileSummary, Severity)>;

/// The 1-based place of a sheet in its workbook, from any table's list of sheet names.
fn sheet_position(opened: &crate::input::open::OpenedFile, name: &str) -> usize {
    opened
        .tables
        .iter()
        .chain(opened.fallback.as_ref())
        .filter_map(|t| t.info.sheet.as_ref())
        .find_map(|i| i.all.iter().position(|n| n == name))
        .map_or(usize::MAX, |p| p + 1)
}

/// Reads every table of file `index` (see [`open_jobs`]), one run per table.
pub(super) fn read_file(ctx: &Ctx<'_>, index: usize) -> Result<Vec<FileRun>, RunError> {
    let runs = open_jobs(ctx, index)?.into_iter().map(|job| read_job(ctx, job, None, None)).collect();
    ctx.options.progress.file_done();
    runs
}

/// The ids already claimed by earlier tables, and their tables' names (per-person outputs
/// read one table after another).
pub(super) type Earlier<'a> = (&'a IdMap, &'a HashMap<usize, String>);

/// Reads one table (or makes the entry of one that is not read).
pub(super) fn read_job(
    ctx: &Ctx<'_>,
    job: Job,
    earlier: Option<Earlier<'_>>,
    sink: Option<&mut dyn PersonSink>,
) -> Result<FileRun, RunError> {
    let (id, index, table) = match job {
        Job::Table { id, source, table } => (id, source, table),
        Job::Skip { id, summary, finding } => return Ok(FileRun::skipped(id, summary, finding)),
    };
    let source = &ctx.sources[index];
    let sheet = table.info.sheet_name().map(str::to_string);
    let hidden = table.info.sheet.as_ref().is_some_and(|s| s.hidden);
    let in_sheet = |e: InputError| e.in_sheet(sheet.as_deref());
    let default_unit = ctx.options.default_unit.clone().unwrap_or_else(|| source.stem());
    let mut records = table.records;
    let head = read_head(records.as_mut(), ctx.vocab).map_err(in_sheet)?;
    let tep = source.to_string();
    let head = match head {
        Ok(head) => head,
        // A CSV without a roster header (a timetable, an output of this tool): not read.
        Err((e, _)) if e.is_not_a_table() => {
            let severity = if matches!(e, HeadError::OwnOutput) { Severity::Info } else { Severity::Warning };
            let reason = e.message("danh sách");
            let summary =
                FileSummary::skipped(tep.clone(), table.info.format.clone(), sheet.clone(), hidden, reason.clone());
            let finding = Finding {
                tep,
                trang_tinh: sheet,
                dong: None,
                cot: String::new(),
                gia_tri: String::new(),
                muc_do: severity,
                thong_bao: format!("bỏ qua: {reason}"),
            };
            return Ok(FileRun::skipped(id, summary, finding));
        }
        Err((e, _)) => return Err(in_sheet(e.into_input_error(source, "danh sách")).into()),
    };
    let delimiter = table.info.delimiter;
    let defaults = person::RowDefaults { unit: default_unit, group: ctx.options.default_group.clone() };
    let mut reader = RosterReader::from_head(source, records, head, ctx.criteria, ctx.vocab, defaults, delimiter);
    let header_line = reader.header_line;
    let mut sink = sink;
    if let Some(s) = sink.as_deref_mut() {
        s.begin_file(&FileContext { file: &tep, sheet: sheet.as_deref(), header: &reader.header })?;
    }
    // The fast path (records parsed as bytes on a reader thread, typed without copying) is
    // for a plain CSV read for the unit report. A spreadsheet (cells stored as numbers), a
    // name joined from two columns, and per-person outputs (which get each record as read)
    // go through the roster reader's single pass instead: the same row reader, one row at a
    // time.
    let single_pass = sheet.is_some() || !reader.header.joins.is_empty() || sink.is_some();
    let summary = FileSummary {
        tep,
        dinh_dang: table.info.format.clone(),
        trang_tinh: sheet.clone(),
        bang_ma: table.info.encoding.clone(),
        dong_tieu_de: header_line,
        so_dong: 0,
        so_dong_trong: 0,
        sha256: String::new(),
        an: hidden,
        bo_qua: None,
        dong_khong_phai_nguoi: NonPersonRows::default(),
        doi_tuong: Vec::new(),
    };
    let mut scorer =
        Scorer { ctx, earlier, sink, unreported: 0, rows: 0, out: FileRun::new(id, summary, &reader.header) };
    note_ignored_columns(&mut scorer.out, &reader.header, header_line);
    if hidden {
        note_hidden(&mut scorer.out, header_line);
    }
    let rows = if single_pass {
        while let Some((row, typer, record)) = reader.next_typed().map_err(in_sheet)? {
            scorer.score(&row, typer, Some(record))?;
        }
        reader.rows
    } else {
        let (records, pending, rows) = reader.into_parts();
        let mut file = FileState { rows, scorer };
        if let Some(n) = estimate_rows(source, &pending) {
            file.scorer.out.lists.reserve(n);
        }
        for (line, rec) in &pending {
            file.row(rec, *line)?;
        }
        read_batches(records, ctx.threaded, |batch| file.batch(batch)).map_err(|e| match e {
            RunError::Input(e) => RunError::Input(in_sheet(e)),
            other => other,
        })?;
        scorer = file.scorer;
        file.rows
    };
    ctx.options.progress.rows(scorer.unreported);
    if let Some((line, message)) = rows.typer.legacy_stop() {
        return Err(in_sheet(InputError::Line { file: source.to_string(), line, message }).into());
    }
    let mut out = scorer.out;
    out.summary.doi_tuong = rows.typer.titles().to_vec();
    note_rows(&mut out, &rows);
    out.summary.so_dong = scorer.rows;
    out.summary.so_dong_trong = rows.blank_rows;
    // The stream has been read to its end: the checksum covers every byte.
    out.summary.sha256 = table.checksum.hex();
    Ok(out)
}

/// The rows that were not people (each a finding, and counted by kind in the summary), and
/// the person rows that looked like something else.
pub(super) fn note_rows(out: &mut FileRun, rows: &RowReader<'_>) {
    out.summary.dong_khong_phai_nguoi = rows.classifier.counts();
    for s in &rows.classifier.skipped {
        out.findings.push(Noted {
            line: s.line,
            rank: 1,
            finding: Finding {
                tep: out.summary.tep.clone(),
                trang_tinh: None,
                dong: Some(s.line),
                cot: String::new(),
                gia_tri: s.text.clone(),
                muc_do: Severity::Info,
                thong_bao: format!("không tính là người ({}): {}", s.kind.label(), s.why),
            },
        });
    }
    for (line, why) in &rows.doubtful {
        out.findings.push(Noted {
            line: *line,
            rank: 4,
            finding: Finding {
                tep: out.summary.tep.clone(),
                trang_tinh: None,
                dong: Some(*line),
                cot: String::new(),
                gia_tri: String::new(),
                muc_do: Severity::Warning,
                thong_bao: why.clone(),
            },
        });
    }
}

fn note_hidden(out: &mut FileRun, line: u64) {
    out.findings.push(Noted {
        line,
        rank: 0,
        finding: Finding {
            tep: out.summary.tep.clone(),
            trang_tinh: None,
            dong: None,
            cot: String::new(),
            gia_tri: String::new(),
            muc_do: Severity::Info,
            thong_bao: "trang tính bị ẩn trong Excel; vẫn được đọc như các trang khác".into(),
        },
    });
}

pub(super) fn bytes_per_row(first: &std::collections::VecDeque<(u64, csv::StringRecord)>) -> Option<u64> {
    let start = first.front()?.1.position()?.byte();
    let end = first.back()?.1.position()?.byte();
    Some((end.checked_sub(start)? / (first.len() as u64).checked_sub(1).filter(|&n| n > 0)?).max(1))
}

/// How many rows a file holds, from its size and the length of its first rows: the id set
/// is sized once rather than doubled (and copied) on the way.
pub(super) fn estimate_rows(
    source: &Source,
    first: &std::collections::VecDeque<(u64, csv::StringRecord)>,
) -> Option<usize> {
    let size = std::fs::metadata(source.path()?).ok()?.len();
    let per_row = bytes_per_row(first)?;
    usize::try_from(size / per_row + size / per_row / 20).ok()
}

pub(super) fn note_ignored_columns(out: &mut FileRun, header: &HeaderMap, line: u64) {
    if !header.ignored.is_empty() {
        out.findings.push(Noted {
            line,
            rank: 0,
            finding: Finding {
                tep: out.summary.tep.clone(),
                trang_tinh: None,
                dong: Some(line),
                cot: String::new(),
                gia_tri: header.ignored.join(", "),
                muc_do: Severity::Info,
                thong_bao: format!("các cột không dùng đến, được bỏ qua: {}", header.ignored.join(", ")),
            },
        });
    }
}

/// Reading one file on the fast path: each record classified and, when it is a person,
/// typed by the same [`RowReader`] as the single pass, and handed to the scorer.
pub(super) struct FileState<'a, 's> {
    pub(super) rows: RowReader<'a>,
    pub(super) scorer: Scorer<'a, 's>,
}

/// Scores and tallies each typed row of a file as it comes, and keeps what the merge needs.
pub(super) struct Scorer<'a, 's> {
    pub(super) ctx: &'a Ctx<'a>,
    /// The ids of the tables before this one, when they have been read already.
    pub(super) earlier: Option<Earlier<'a>>,
    pub(super) sink: Option<&'s mut dyn PersonSink>,
    /// Rows not yet reported to the progress line.
    pub(super) unreported: u64,
    pub(super) rows: u64,
    pub(super) out: FileRun,
}

pub(super) const PROGRESS_EVERY: u64 = 4096;

impl FileState<'_, '_> {
    pub(super) fn batch(&mut self, batch: &Batch) -> Result<(), RunError> {
        for (rec, &line) in batch.records.iter().zip(&batch.lines) {
            self.byte_row(rec, line)?;
        }
        Ok(())
    }

    pub(super) fn byte_row(&mut self, rec: &RawRecord, line: u64) -> Result<(), RunError> {
        match Utf8Record::new(rec) {
            Some(text) => self.row(&text, line),
            None => Err(not_utf8(&self.scorer.out.summary.tep, line).into()),
        }
    }

    /// One record as read: the same steps as [`RosterReader::next_typed`], on borrowed cells.
    pub(super) fn row(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> Result<(), RunError> {
        if !self.rows.is_person(rec, line) {
            return Ok(());
        }
        let row = self.rows.type_row(rec, line, rec.len());
        self.scorer.score(&row, &self.rows.typer, None)
    }
}

impl Scorer<'_, '_> {
    /// Scores one typed row (its scores and problems in `typer`), claims its id and tallies
    /// it. `record` is the row's cells as read, for the per-person outputs.
    pub(super) fn score(
        &mut self,
        row: &TypedRow<'_>,
        typer: &RowTyper<'_>,
        record: Option<&StringRecord>,
    ) -> Result<(), RunError> {
        let line = row.line;
        if line > MAX_LINE {
            return Err(InputError::Line {
                file: self.out.summary.tep.clone(),
                line,
                message: "tệp quá dài: hãy chia thành nhiều tệp".into(),
            }
            .into());
        }
        self.rows += 1;
        self.unreported += 1;
        if self.unreported == PROGRESS_EVERY {
            self.ctx.options.progress.rows(PROGRESS_EVERY);
            self.unreported = 0;
        }
        let Self { ctx, earlier, sink, out, .. } = self;
        let criteria = ctx.criteria;
        let role = row.role.map(|(_, r)| r);
        // A row that does not say uses its unit's area from the register.
        let disadvantaged = row.disadvantaged.or_else(|| ctx.areas.contains(&row.unit_code).then_some(true));
        // The verdict as if the id were new, and the unit: neither depends on the id, so the
        // id set is searched once, by the insert that claims the id.
        let fresh =
            verdict(criteria, row.status, disadvantaged == Some(true), !typer.problems().is_empty(), typer.scores());
        let unit = out.units.unit_of(&row.unit_code, row.raw_unit_name, line);
        let key = if row.status == Status::Counted { IdKey::of(&row.id) } else { None };
        let print = if key.is_some() { fingerprint(row, typer.scores(), disadvantaged) } else { 0 };
        // An id whose copies disagree, settled by a first reading of every table: the chosen
        // copy is `Lỗi`, the others `Trùng`, whatever the order.
        if let Some(key) = &key
            && let Some(c) = ctx.resolution.filter(|r| !r.is_empty()).and_then(|r| r.get(&key.clone().into_static()))
        {
            let place = (out.index, line);
            let message = c.messages.get(&place).cloned().unwrap_or_default();
            let chosen = c.winner == place;
            let outcome = if chosen { Outcome::Invalid } else { Outcome::Duplicate };
            if chosen {
                let claim = Claim { line, unit, role, outcome }.pack(&mut out.big_units);
                out.claims.insert_new(key, [claim, u64::from(print)]);
                note_problems(out, line, typer.problems(), Severity::Error);
            }
            out.findings.push(conflict_finding(out, line, &row.id, message.clone()));
            out.units.units[unit].tally.record(role, outcome);
            if let Some(sink) = sink.as_deref_mut() {
                let mut person = typer.to_person_row(row);
                person.disadvantaged = disadvantaged;
                let assessment = if chosen {
                    person.problems.push(Problem { column: out.id_header.clone(), value: person.id.clone(), message });
                    explain(criteria, &person, Verdict { outcome, ..fresh })
                } else {
                    Assessment {
                        outcome,
                        competency_sums: Vec::new(),
                        total: None,
                        threshold: fresh.threshold,
                        reasons: vec![message],
                    }
                };
                match record {
                    Some(record) => sink.person_with_record(&person, &assessment, record)?,
                    None => sink.person(&person, &assessment)?,
                }
            }
            return Ok(());
        }
        // A run that writes no row only lists the ids; the merge finds which came before.
        let listed = sink.is_none();
        let first = key.as_ref().and_then(|key| {
            if let Some([place, _]) = earlier.and_then(|(e, _)| e.get(key)) {
                return Some(unpack_place(place));
            }
            let claim = Claim { line, unit, role, outcome: fresh.outcome }.pack(&mut out.big_units);
            if listed {
                out.lists.push(key, (claim, print));
                if typed_differs(&row.id, key) {
                    out.typed_ids.insert(line, row.id.as_ref().into());
                }
                return None;
            }
            match out.claims.insert_new(key, [claim, u64::from(print)]) {
                Some([c, _]) => Some((out.index, Claim::unpack(c, &out.big_units).line)),
                None => {
                    if typed_differs(&row.id, key) {
                        out.typed_ids.insert(line, row.id.as_ref().into());
                    }
                    None
                }
            }
        });
        let v = match (first, key) {
            (Some(first), Some(key)) => {
                out.repeats.push(Repeat {
                    key: key.into_static(),
                    line,
                    id: row.id.as_ref().into(),
                    first,
                    unit,
                    role,
                    outcome: fresh.outcome,
                    print,
                });
                Verdict { outcome: Outcome::Duplicate, total: None, threshold: criteria.cdht.pass.points }
            }
            _ => fresh,
        };
        if v.outcome == Outcome::Invalid {
            note_problems(out, line, typer.problems(), Severity::Error);
        }
        note_problems(out, line, typer.warnings(), Severity::Warning);
        out.units.units[unit].tally.record(role, v.outcome);
        if let Some(sink) = sink.as_deref_mut() {
            let mut person = match record {
                Some(r) => typer.to_person_row_with(row, r),
                None => typer.to_person_row(row),
            };
            person.disadvantaged = disadvantaged;
            let names = earlier.map(|(_, n)| n);
            let here = table_name(&out.summary);
            write_person(ctx, &person, v, first.map(|f| (f, names, here.as_str())), out.index, record, sink)?;
        }
        Ok(())
    }
}

/// A row's cell problems as findings: errors of a row that is `Lỗi`, or warnings.
fn note_problems(out: &mut FileRun, line: u64, problems: &[Problem], severity: Severity) {
    for p in problems {
        out.findings.push(Noted {
            line,
            rank: 1,
            finding: Finding {
                tep: out.summary.tep.clone(),
                trang_tinh: None,
                dong: Some(line),
                cot: p.column.clone(),
                gia_tri: p.value.clone(),
                muc_do: severity,
                thong_bao: p.message.clone(),
            },
        });
    }
}

/// A copy of an id whose copies disagree, as a finding.
pub(super) fn conflict_finding(out: &FileRun, line: u64, id: &str, message: String) -> Noted {
    Noted {
        line,
        rank: 2,
        finding: Finding {
            tep: out.summary.tep.clone(),
            trang_tinh: None,
            dong: Some(line),
            cot: out.id_header.clone(),
            gia_tri: id.to_string(),
            muc_do: Severity::Error,
            thong_bao: message,
        },
    }
}

/// Whether the id as typed differs from its key's text (then a later message needs it).
pub(super) fn typed_differs(id: &str, key: &IdKey<'_>) -> bool {
    match key {
        IdKey::Number(_) => !id.bytes().all(|b| b.is_ascii_digit()),
        IdKey::Text(t) => t.as_ref() != id,
    }
}

/// The first copy of a repeated id, the names of the tables read before, and this table's.
pub(super) type FirstCopy<'a> = ((usize, u64), Option<&'a HashMap<usize, String>>, &'a str);

pub(super) fn write_person(
    ctx: &Ctx<'_>,
    person: &PersonRow,
    v: Verdict,
    first: Option<FirstCopy<'_>>,
    this_file: usize,
    record: Option<&StringRecord>,
    sink: &mut dyn PersonSink,
) -> Result<(), RunError> {
    let assessment = match first {
        Some(((table, line), names, here)) => {
            let name =
                if table == this_file { here } else { names.and_then(|n| n.get(&table)).map_or("", String::as_str) };
            Assessment {
                outcome: Outcome::Duplicate,
                competency_sums: Vec::new(),
                total: None,
                threshold: v.threshold,
                reasons: vec![duplicate_reason(&person.id, this_file == table, line, name)],
            }
        }
        None => explain(ctx.criteria, person, v),
    };
    match record {
        Some(record) => sink.person_with_record(person, &assessment, record)?,
        None => sink.person(person, &assessment)?,
    }
    Ok(())
}

pub(super) fn duplicate_reason(id: &str, same_table: bool, line: u64, table: &str) -> String {
    let where_ = if same_table { format!("dòng {line}") } else { format!("dòng {line} tệp {table}") };
    format!("trùng mã định danh {id} với {where_}; không tính lại")
}

/// How a table is named in messages: the file, and the sheet of a workbook.
pub(super) fn table_name(s: &FileSummary) -> String {
    match &s.trang_tinh {
        Some(sheet) => format!("{}, trang \"{sheet}\"", s.tep),
        None => s.tep.clone(),
    }
}
