//! One large file read as byte ranges on several threads (see [`crate::input::parts`]).

use super::*;

/// Reads a file: each of its tables (one for a CSV, one per sheet of a workbook) as one part,
/// or a large plain UTF-8 CSV split into byte ranges read in parallel when the pool has
/// threads to spare. The parts of a table come back in file order with the table's summary
/// on the last one.
pub(super) fn read_file_in_parts(ctx: &Ctx<'_>, index: usize) -> Result<Vec<Vec<FileRun>>, RunError> {
    if ctx.threaded
        && let Some(parts) = read_ranges(ctx, index)?
    {
        return Ok(vec![parts]);
    }
    Ok(read_file(ctx, index)?.into_iter().map(|t| vec![t]).collect())
}

/// The parallel reading of one file, or `None` when it cannot be used or its check fails
/// (a range that did not start at a record, a carriage return, any error): the caller then
/// reads the file in one go, which gives the same result, or the exact error.
pub(super) fn read_ranges(ctx: &Ctx<'_>, index: usize) -> Result<Option<Vec<FileRun>>, RunError> {
    let source = &ctx.sources[index];
    let Some(path) = source.path() else { return Ok(None) };
    let Ok(meta) = std::fs::metadata(path) else { return Ok(None) };
    let (size, modified) = (meta.len(), meta.modified().ok());
    let part = match ctx.options.part_bytes {
        0 => PART_BYTES,
        n => n,
    };
    if size < 2 * part {
        return Ok(None);
    }
    // Opening checks what the single pass checks first (binary files, encodings, the header).
    let mut opened = open_tables_for(source, &ctx.options.read, Some(ctx.vocab))?;
    if opened.tables.len() != 1 {
        return Ok(None);
    }
    let mut table = opened.tables.swap_remove(0);
    // Spreadsheets are never split: they have no delimiter.
    let (Some("UTF-8"), Some(delimiter), None) =
        (table.info.encoding.as_deref(), table.info.delimiter, table.info.sheet.as_ref())
    else {
        return Ok(None);
    };
    let default_unit = ctx.options.default_unit.clone().unwrap_or_else(|| source.stem());
    // A file without a roster header: the single pass makes its entry.
    let Ok(head) = read_head(table.records.as_mut(), ctx.vocab)? else { return Ok(None) };
    let reader = RosterReader::from_head(
        source,
        table.records,
        head,
        ctx.criteria,
        ctx.vocab,
        person::RowDefaults { unit: default_unit.clone(), group: ctx.options.default_group.clone() },
        Some(delimiter),
    );
    // A name joined from two columns is typed from an owned record: the single pass does it.
    if !reader.header.joins.is_empty() {
        return Ok(None);
    }
    let Ok(Some(ranges)) = parts::split(path, size, part) else { return Ok(None) };
    let per_row = bytes_per_row(reader.pending_rows());
    let first = FirstRows {
        header: &reader.header,
        header_line: reader.header_line,
        header_end_line: reader.header_end_line,
        default_unit: &default_unit,
        delimiter,
        per_row,
        summary: FileSummary {
            tep: source.to_string(),
            dinh_dang: table.info.format.clone(),
            trang_tinh: None,
            bang_ma: table.info.encoding.clone(),
            dong_tieu_de: reader.header_line,
            so_dong: 0,
            so_dong_trong: 0,
            sha256: String::new(),
            doi_tuong: Vec::new(),
            an: false,
            bo_qua: None,
            dong_khong_phai_nguoi: NonPersonRows::default(),
        },
    };
    // The checksum is taken by the readers as they read (see `parts::OrderedSha`).
    let Ok(sha) = parts::OrderedSha::new(path, &ranges).map(std::sync::Arc::new) else { return Ok(None) };
    // Ranges are taken in file order, each by the next free thread, so that the reader of
    // the range whose bytes come next in the checksum is never far behind the others.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = rayon::current_num_threads().min(ranges.len());
    let mut runs: Vec<(usize, Result<RangeRun, RunError>)> = (0..workers)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut read = Vec::new();
            loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(range) = ranges.get(k) else { break };
                let run = read_range(ctx, index, &first, path, (k, &sha), *range);
                // Bytes a later range's reader read before their turn: hashed while it reads on.
                let caught_up = sha.catch_up().map_err(|e| RunError::Threads(e.to_string()));
                read.push((k, caught_up.and(run)));
            }
            read
        })
        .collect();
    runs.sort_by_key(|(k, _)| *k);
    let runs: Vec<Result<RangeRun, RunError>> = runs.into_iter().map(|(_, run)| run).collect();
    // A range that failed: the single pass gives the exact error, and the checksum.
    if runs.iter().any(Result::is_err) {
        return Ok(None);
    }
    let Ok(sha) = std::sync::Arc::into_inner(sha).ok_or(()).and_then(|sha| sha.finish(size).map_err(drop)) else {
        return Ok(None);
    };
    // The single pass refuses a file that changes while it is read; so do the ranges, which
    // read it through handles of their own.
    let now = std::fs::metadata(path).ok();
    if now.as_ref().map(|m| (m.len(), m.modified().ok())) != Some((size, modified)) {
        let changed = std::io::Error::other(crate::input::decode::ChangedWhileReading);
        return Err(InputError::file(source, crate::input::io_message(&changed)).into());
    }
    let mut out = Vec::with_capacity(runs.len());
    let mut newlines_before = 0;
    let (mut rows, mut blank, mut others) = (0, 0, NonPersonRows::default());
    let count = runs.len();
    let mut titles = Vec::new();
    for (k, run) in runs.into_iter().enumerate() {
        let Ok(mut part) = run else { return Ok(None) };
        let starts_next = ranges.get(k + 1).is_none_or(|next| part.next_start == Some(next.start));
        // A range that ends inside a signature block would have its next range start
        // outside one: the single pass decides.
        if part.carriage_return || !starts_next || (part.signature_block && k + 1 < count) {
            return Ok(None);
        }
        part.run.shift_lines(newlines_before);
        newlines_before += part.newlines;
        rows += part.run.summary.so_dong;
        blank += part.run.summary.so_dong_trong;
        others.merge(&part.run.summary.dong_khong_phai_nguoi);
        crate::criteria::merge_titles(&mut titles, &part.run.summary.doi_tuong);
        out.push(part.run);
    }
    if let Some(last) = out.last_mut() {
        last.summary = FileSummary {
            so_dong: rows,
            so_dong_trong: blank,
            sha256: sha,
            doi_tuong: titles,
            dong_khong_phai_nguoi: others,
            ..first.summary
        };
    }
    ctx.options.progress.file_done();
    Ok(Some(out))
}

/// What every range of a file shares: its header and what the first rows told.
pub(super) struct FirstRows<'a> {
    pub(super) header: &'a HeaderMap,
    pub(super) header_line: u64,
    pub(super) header_end_line: u64,
    pub(super) default_unit: &'a str,
    pub(super) delimiter: u8,
    pub(super) per_row: Option<u64>,
    pub(super) summary: FileSummary,
}

/// One range read: its run (lines counted from the range's start), the newlines inside it,
/// whether it holds a carriage return, and where the record after it starts.
pub(super) struct RangeRun {
    pub(super) run: FileRun,
    pub(super) newlines: u64,
    pub(super) carriage_return: bool,
    pub(super) next_start: Option<u64>,
    /// The range ends inside a signature block.
    pub(super) signature_block: bool,
}

pub(super) fn read_range(
    ctx: &Ctx<'_>,
    index: usize,
    first: &FirstRows<'_>,
    path: &std::path::Path,
    (k, sha): (usize, &std::sync::Arc<parts::OrderedSha>),
    range: parts::Range,
) -> Result<RangeRun, RunError> {
    let failed = |e: &dyn std::fmt::Display| RunError::Threads(e.to_string());
    crate::crash::reading(&ctx.sources[index]);
    let mut records =
        parts::RangeRecords::open(path, range, first.delimiter, Some((sha.clone(), k))).map_err(|e| failed(&e))?;
    let mut file = FileState {
        rows: RowReader::new(
            ctx.criteria,
            ctx.vocab,
            first.header,
            person::RowDefaults { unit: first.default_unit.to_string(), group: ctx.options.default_group.clone() },
            Some(first.delimiter),
        ),
        scorer: Scorer {
            ctx,
            earlier: None,
            sink: None,
            unreported: 0,
            rows: 0,
            // The table's id, as the single pass names it (a CSV is sheet 0 of its file): a
            // run that writes each person matches the places of a first reading by it.
            out: FileRun::new(table_id(index, 0), first.summary.clone(), first.header),
        },
    };
    if k == 0 {
        note_ignored_columns(&mut file.scorer.out, first.header, first.header_line);
    }
    if let Some(per_row) = first.per_row {
        file.scorer.out.lists.reserve(usize::try_from((range.end - range.start) / per_row).unwrap_or(0));
    }
    let mut batch = Batch::default();
    loop {
        batch.lines.clear();
        let mut more = true;
        while batch.lines.len() < BATCH_ROWS {
            let i = batch.lines.len();
            if batch.records.len() == i {
                batch.records.push(RawRecord::default());
            }
            match records.read(&mut batch.records[i]).map_err(|e| failed(&e))? {
                // The title and header rows, at the top of the first range.
                Some(line) if k == 0 && line <= first.header_end_line => {}
                Some(line) => batch.lines.push(line),
                None => {
                    more = false;
                    break;
                }
            }
        }
        file.batch(&batch)?;
        if !more {
            break;
        }
    }
    // Legacy-font text: the whole file decides, and lists every cell, in one pass.
    if file.rows.typer.legacy_seen() {
        return Err(RunError::Threads("legacy-font text in a range".into()));
    }
    file.scorer.out.summary.doi_tuong = file.rows.typer.titles().to_vec();
    ctx.options.progress.rows(file.scorer.unreported);
    let (newlines, carriage_return) = records.counted();
    let FileState { rows, scorer } = file;
    let mut run = scorer.out;
    note_rows(&mut run, &rows);
    run.summary.so_dong = scorer.rows;
    run.summary.so_dong_trong = rows.blank_rows;
    let signature_block = rows.classifier.signature_block;
    Ok(RangeRun { run, newlines, carriage_return, next_start: records.next_start, signature_block })
}
