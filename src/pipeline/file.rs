//! Reading one file (or one byte range of it): every row typed, scored and tallied as it
//! comes; the ids it claims and its findings kept for the merge.

use super::*;

/// A finding with where it sorts: its line, then its kind within the row (header 0,
/// cell problems 1, duplicate 2, unit name 3), as reading row by row would list them.
pub(super) struct Noted {
    pub(super) line: u64,
    pub(super) rank: u8,
    pub(super) finding: Finding,
}

/// A row that repeats an id: its key, line and id as typed, and the first claim it was
/// compared with (a merge may find an earlier one in a file read before).
pub(super) struct Repeat {
    pub(super) key: IdKey<'static>,
    pub(super) line: u64,
    pub(super) id: Box<str>,
    pub(super) first: (usize, u64),
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
    /// Ids claimed by the file's counted rows; values are packed [`Claim`]s.
    pub(super) claims: IdMap,
    pub(super) big_units: HashMap<u64, usize>,
    /// Line → id as typed, where it differs from its key (" x1 " for "X1").
    pub(super) typed_ids: HashMap<u64, Box<str>>,
    pub(super) repeats: Vec<Repeat>,
    pub(super) findings: Vec<Noted>,
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
            big_units: HashMap::new(),
            typed_ids: HashMap::new(),
            repeats: Vec::new(),
            findings: Vec::new(),
        }
    }

    /// Moves every line by `by`: a range's lines count from the range's start.
    pub(super) fn shift_lines(&mut self, by: u64) {
        if by == 0 {
            return;
        }
        for n in &mut self.findings {
            n.line += by;
            n.finding.dong = n.finding.dong.map(|d| d + by);
        }
        let old_big = std::mem::take(&mut self.big_units);
        let mut big = HashMap::new();
        self.claims.map_values(|c| {
            let mut claim = Claim::unpack(c, &old_big);
            claim.line += by;
            claim.pack(&mut big)
        });
        self.big_units = big;
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

pub(super) fn read_file(
    ctx: &Ctx<'_>,
    index: usize,
    earlier: Option<&IdMap>,
    sink: Option<&mut dyn PersonSink>,
) -> Result<FileRun, RunError> {
    let source = &ctx.sources[index];
    let table = open_table_for(source, &ctx.options.read, Some(ctx.vocab))?;
    let sheet = table.info.sheet_name().map(str::to_string);
    let in_sheet = |e: InputError| e.in_sheet(sheet.as_deref());
    let default_unit = ctx.options.default_unit.clone().unwrap_or_else(|| source.stem());
    let defaults = person::RowDefaults { unit: default_unit, group: ctx.options.default_group.clone() };
    let mut reader =
        RosterReader::new(source, table.records, ctx.criteria, ctx.vocab, defaults.clone()).map_err(in_sheet)?;
    let header_line = reader.header_line;
    let tep = source.to_string();
    let mut sink = sink;
    if let Some(s) = sink.as_deref_mut() {
        s.begin_file(&FileContext { file: &tep, sheet: sheet.as_deref(), header: &reader.header })?;
    }
    // The fast path (records parsed as bytes on a reader thread, typed without copying) is
    // for a plain CSV read for the unit report. A spreadsheet (cells stored as numbers), a
    // name joined from two columns, and per-person outputs (which get each record as read)
    // go through the roster reader's single pass instead: the same typer, one row at a time.
    let single_pass = sheet.is_some() || !reader.header.joins.is_empty() || sink.is_some();
    let mut file = FileState {
        typer: RowTyper::new(ctx.criteria, &reader.header, defaults),
        held: HeldRows::default(),
        scorer: Scorer {
            ctx,
            earlier,
            sink,
            unreported: 0,
            rows: 0,
            blank: 0,
            out: FileRun::new(
                index,
                FileSummary {
                    tep,
                    dinh_dang: table.info.format.clone(),
                    trang_tinh: sheet.clone(),
                    bang_ma: table.info.encoding.clone(),
                    dong_tieu_de: header_line,
                    so_dong: 0,
                    so_dong_trong: 0,
                    sha256: String::new(),
                    doi_tuong: Vec::new(),
                },
                &reader.header,
            ),
        },
    };
    note_ignored_columns(&mut file.scorer.out, &reader.header, header_line);
    if single_pass {
        while let Some((row, typer, record)) = reader.next_typed().map_err(in_sheet)? {
            file.scorer.score(&row, typer, Some(record))?;
        }
        file.scorer.blank = reader.blank_rows;
        note_trailing_rows(&mut file.scorer.out, reader.note_lines());
        file.scorer.out.summary.doi_tuong = reader.titles().to_vec();
    } else {
        let (records, pending) = reader.into_parts();
        if let Some(rows) = estimate_rows(source, &pending) {
            file.scorer.out.claims.reserve(rows);
        }
        for (line, rec) in &pending {
            file.row(rec, *line)?;
        }
        read_batches(records, ctx.threaded, |batch| file.batch(batch)).map_err(|e| match e {
            RunError::Input(e) => RunError::Input(in_sheet(e)),
            other => other,
        })?;
        file.held.finish();
        note_trailing_rows(&mut file.scorer.out, &file.held.note_lines);
        if let Some((line, message)) = file.typer.legacy_stop() {
            return Err(in_sheet(InputError::Line { file: source.to_string(), line, message }).into());
        }
        file.scorer.out.summary.doi_tuong = file.typer.titles().to_vec();
    }
    ctx.options.progress.rows(file.scorer.unreported);
    ctx.options.progress.file_done();
    let scorer = file.scorer;
    let mut out = scorer.out;
    out.summary.so_dong = scorer.rows;
    out.summary.so_dong_trong = scorer.blank;
    // The stream has been read to its end: the checksum covers every byte.
    out.summary.sha256 = table.checksum.hex();
    Ok(out)
}

/// Rows after the last person that hold no person: a warning, since they are not counted.
pub(super) fn note_trailing_rows(out: &mut FileRun, note_lines: &[u64]) {
    let Some(&first) = note_lines.first() else { return };
    let lines: Vec<String> = note_lines.iter().map(u64::to_string).collect();
    out.findings.push(Noted {
        line: first,
        rank: 4,
        finding: Finding {
            tep: out.summary.tep.clone(),
            trang_tinh: None,
            dong: Some(first),
            cot: String::new(),
            gia_tri: lines.join(", "),
            muc_do: Severity::Warning,
            thong_bao: format!(
                "{} dòng cuối bảng (dòng {}) không có mã định danh, đối tượng hay điểm nào: coi là ghi chú hoặc chữ ký, không tính là người; nếu là người, hãy điền đủ rồi chạy lại",
                note_lines.len(),
                lines.join(", ")
            ),
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

/// Reading one file on the fast path: blank rows skipped, rows without a person held, the
/// rest typed here and handed to the scorer.
pub(super) struct FileState<'a, 's> {
    pub(super) typer: RowTyper<'a>,
    pub(super) held: HeldRows,
    pub(super) scorer: Scorer<'a, 's>,
}

/// Scores and tallies each typed row of a file as it comes, and keeps what the merge needs.
pub(super) struct Scorer<'a, 's> {
    pub(super) ctx: &'a Ctx<'a>,
    /// The ids of the files before this one, when they have been read already.
    pub(super) earlier: Option<&'a IdMap>,
    pub(super) sink: Option<&'s mut dyn PersonSink>,
    /// Rows not yet reported to the progress line.
    pub(super) unreported: u64,
    pub(super) rows: u64,
    pub(super) blank: u64,
    pub(super) out: FileRun,
}

pub(super) const PROGRESS_EVERY: u64 = 4096;

/// How many rows ahead the id set's slots are prefetched.
pub(super) const PREFETCH_AHEAD: usize = 16;

impl FileState<'_, '_> {
    pub(super) fn batch(&mut self, batch: &Batch) -> Result<(), RunError> {
        let n = batch.lines.len();
        for rec in &batch.records[..n.min(PREFETCH_AHEAD)] {
            self.prefetch_id(rec);
        }
        for (i, (rec, &line)) in batch.records[..n].iter().zip(&batch.lines).enumerate() {
            if i + PREFETCH_AHEAD < n {
                self.prefetch_id(&batch.records[i + PREFETCH_AHEAD]);
            }
            self.byte_row(rec, line)?;
        }
        Ok(())
    }

    /// Starts loading the id set's slot for a row about to be scored. Only a hint: a cell
    /// that needs trimming or NFC is simply not prefetched.
    pub(super) fn prefetch_id(&self, rec: &ByteRecord) {
        if let Some(key) = self.typer.id_column().and_then(|c| rec.get(c)).and_then(IdKey::of_digits) {
            self.scorer.out.claims.prefetch(&key);
        }
    }

    pub(super) fn byte_row(&mut self, rec: &ByteRecord, line: u64) -> Result<(), RunError> {
        match Utf8Record::new(rec) {
            Some(text) => self.row(&text, line),
            None => Err(not_utf8(&self.scorer.out.summary.tep, line).into()),
        }
    }

    /// One record as read: the same steps as [`RosterReader::next_typed`] (blank rows, rows
    /// without a person held in [`HeldRows`]), on borrowed cells.
    pub(super) fn row(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> Result<(), RunError> {
        if is_blank(rec) {
            self.scorer.blank += 1;
            return Ok(());
        }
        let no_person = self.typer.holds_no_person(rec);
        if self.held.hold(no_person, line, || owned_record(rec)) {
            return Ok(());
        }
        if !self.held.is_empty() {
            let released: Vec<(u64, StringRecord)> = self.held.release().collect();
            for (l, r) in &released {
                self.typed_row(r, *l)?;
            }
        }
        self.typed_row(rec, line)
    }

    fn typed_row(&mut self, rec: &(impl Cells + ?Sized), line: u64) -> Result<(), RunError> {
        let row = self.typer.type_record(rec, line);
        self.scorer.score(&row, &self.typer, None)
    }
}

/// A record's cells copied, for a row held until it is known to be a row.
fn owned_record(rec: &(impl Cells + ?Sized)) -> StringRecord {
    let mut owned = StringRecord::new();
    for i in 0..rec.len() {
        owned.push_field(rec.cell(i).unwrap_or(""));
    }
    owned
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
        let disadvantaged = row.disadvantaged.or_else(|| {
            (!ctx.options.disadvantaged_units.is_empty() && ctx.options.disadvantaged_units.contains(&*row.unit_code))
                .then_some(true)
        });
        // The verdict as if the id were new, and the unit: neither depends on the id, so the
        // id set is searched once, by the insert that claims the id.
        let fresh =
            verdict(criteria, row.status, disadvantaged == Some(true), !typer.problems().is_empty(), typer.scores());
        let unit = out.units.unit_of(&row.unit_code, row.raw_unit_name, line);
        let key = if row.status == Status::Counted { IdKey::of(&row.id) } else { None };
        let first = key.as_ref().and_then(|key| {
            if let Some(place) = earlier.and_then(|e| e.get(key)) {
                return Some(unpack_place(place));
            }
            let claim = Claim { line, unit, role, outcome: fresh.outcome }.pack(&mut out.big_units);
            match out.claims.insert_new(key, claim) {
                Some(c) => Some((out.index, Claim::unpack(c, &out.big_units).line)),
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
                out.repeats.push(Repeat { key: key.into_static(), line, id: row.id.as_ref().into(), first });
                Verdict { outcome: Outcome::Duplicate, total: None, threshold: criteria.cdht.pass.points }
            }
            _ => fresh,
        };
        if v.outcome == Outcome::Invalid {
            for p in typer.problems() {
                out.findings.push(Noted {
                    line,
                    rank: 1,
                    finding: Finding {
                        tep: out.summary.tep.clone(),
                        trang_tinh: None,
                        dong: Some(line),
                        cot: p.column.clone(),
                        gia_tri: p.value.clone(),
                        muc_do: Severity::Error,
                        thong_bao: p.message.clone(),
                    },
                });
            }
        }
        for p in typer.warnings() {
            out.findings.push(Noted {
                line,
                rank: 1,
                finding: Finding {
                    tep: out.summary.tep.clone(),
                    trang_tinh: None,
                    dong: Some(line),
                    cot: p.column.clone(),
                    gia_tri: p.value.clone(),
                    muc_do: Severity::Warning,
                    thong_bao: p.message.clone(),
                },
            });
        }
        out.units.units[unit].tally.record(role, v.outcome);
        if let Some(sink) = sink.as_deref_mut() {
            let mut person = match record {
                Some(r) => typer.to_person_row_with(row, r),
                None => typer.to_person_row(row),
            };
            person.disadvantaged = disadvantaged;
            write_person(ctx, &person, v, first, out.index, record, sink)?;
        }
        Ok(())
    }
}

/// Whether the id as typed differs from its key's text (then a later message needs it).
pub(super) fn typed_differs(id: &str, key: &IdKey<'_>) -> bool {
    match key {
        IdKey::Number(_) => !id.bytes().all(|b| b.is_ascii_digit()),
        IdKey::Text(t) => t.as_ref() != id,
    }
}

pub(super) fn write_person(
    ctx: &Ctx<'_>,
    person: &PersonRow,
    v: Verdict,
    first: Option<(usize, u64)>,
    this_file: usize,
    record: Option<&StringRecord>,
    sink: &mut dyn PersonSink,
) -> Result<(), RunError> {
    let assessment = match first {
        Some(first) => Assessment {
            outcome: Outcome::Duplicate,
            competency_sums: Vec::new(),
            total: None,
            threshold: v.threshold,
            reasons: vec![duplicate_reason(&person.id, this_file, first, ctx.sources)],
        },
        None => explain(ctx.criteria, person, v),
    };
    match record {
        Some(record) => sink.person_with_record(person, &assessment, record)?,
        None => sink.person(person, &assessment)?,
    }
    Ok(())
}

pub(super) fn duplicate_reason(id: &str, this_file: usize, (file, line): (usize, u64), sources: &[Source]) -> String {
    let where_ =
        if file == this_file { format!("dòng {line}") } else { format!("dòng {line} tệp {}", sources[file]) };
    format!("trùng mã định danh {id} với {where_}; không tính lại")
}
