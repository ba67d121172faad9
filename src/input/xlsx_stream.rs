//! An .xlsx sheet read as a stream of rows: never the whole sheet's rows in memory.
//!
//! A thread of its own scans the sheet's XML cell by cell ([`super::xlsx`], with the workbook
//! opened once and shared) and hands rows over in batches ([`super::xlsx::batch`], one text
//! buffer per 256 rows, reused) through a bounded channel, so a sheet of a million people holds
//! a few batches at a time, and the unzipping and XML parsing run beside the scoring. A sheet
//! part up to [`WHOLE_PART`] (a school's roster) is inflated once, whole; a larger one is
//! inflated twice, a piece at a time, so that memory stays at a few MiB: the merge list sits
//! after the cells in the XML and is needed first. The rows read as the grid of the in-memory
//! reader did (`spreadsheet::GridSheet`, kept for .xls, .xlsb and .ods):
//!
//! - rows from the first to the last with a value, blank rows between them included;
//! - record index `i` is sheet column `i`; a row ends at its last cell with a value;
//! - merged blocks are filled down their first column (the merge list is read first: a byte
//!   search, without building cells);
//! - a formula without a saved value (or any formula of a workbook that asks to be
//!   recalculated) is reported through [`Stored::Formula`];
//! - cells spanning more than [`super::zip_guard::MAX_SHEET_CELLS`] stop the sheet with the same
//!   message, when the far cell is met.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, SyncSender, TryRecvError, channel, sync_channel};

use calamine::Dimensions;
use csv::StringRecord;

use super::InputError;
use super::csv_source::{RawRecord, RecordSource};
use super::spreadsheet::{Stored, check_span, render, stored_of};
use super::xlsx::batch::Batch;
use super::xlsx::book::open_part;
use super::xlsx::sheet::{Cell, SheetCells, Value as CellValue};
use super::xlsx::{Book, ReadError};

/// Rows per hand-over from the sheet's thread.
const BATCH_ROWS: usize = 256;
/// Batches waiting in the channel: what is read ahead of the scoring.
const BATCHES_AHEAD: usize = 4;
/// Rows whose stored kinds stay known after they were handed out: the readers that look ahead
/// (the header search, the legacy-font sample of 1,000 records) ask about rows behind the
/// stream by at most this much.
const STORED_WINDOW: u64 = 4096;
/// The largest sheet part inflated whole, once (a larger one is inflated twice, a piece at a
/// time, to stay within a few MiB of memory).
pub const WHOLE_PART: u64 = 8 << 20;
/// The most cells filled down from merged blocks in one sheet (as the in-memory reader).
const MAX_FILLED: u64 = 1_000_000;

enum Msg {
    Rows(Batch),
    Done,
    Failed(InputError),
}

/// What the sheet's thread needs: the opened workbook, the sheet, and how to name it.
pub struct SheetRequest {
    pub book: Arc<Book>,
    /// The sheet's index in [`Book::sheets`].
    pub index: usize,
    /// The file, for messages.
    pub file: String,
    /// The largest sheet part inflated whole ([`WHOLE_PART`]; tests lower it).
    pub whole_part: u64,
}

/// The rows of one .xlsx sheet, read by a thread of its own.
pub struct XlsxStream {
    rx: Receiver<Msg>,
    /// Batches read, the last being read; earlier ones are kept while their rows are within
    /// [`STORED_WINDOW`] (for [`RecordSource::stored`]): (rows handed before it, batch).
    batches: VecDeque<(u64, Batch)>,
    /// The next row of the last batch.
    next: usize,
    /// Batches done with, back to the sheet's thread to be filled again.
    spent: Sender<Batch>,
    /// Rows handed out once and put back (the header search looks at the first rows).
    replay: VecDeque<(u64, StringRecord)>,
    /// The row looked up last by [`RecordSource::stored`]: (line, its batch's rows before, index).
    looked: std::cell::Cell<Option<(u64, u64, usize)>>,
    handed: u64,
    done: bool,
    file: String,
}

impl XlsxStream {
    /// Starts reading the sheet on a thread of its own.
    pub fn start(request: SheetRequest) -> Result<XlsxStream, InputError> {
        let (tx, rx) = sync_channel(BATCHES_AHEAD);
        let (spent, reuse) = channel();
        let file = request.file.clone();
        std::thread::Builder::new()
            .name("xlsx".into())
            .spawn(move || {
                // The reader is the project's own code: a panic is a bug, said loudly.
                let msg = match crate::crash::caught(|| produce(&request, &tx, &reuse)) {
                    Ok(Ok(())) => Msg::Done,
                    Ok(Err(e)) => Msg::Failed(e),
                    Err(panic) => Msg::Failed(broken_book(&request.file, &panic)),
                };
                let _ = tx.send(msg);
            })
            .map_err(|e| InputError::file(&file, format!("không tạo được luồng đọc bảng tính: {e}")))?;
        Ok(XlsxStream {
            rx,
            batches: VecDeque::new(),
            next: 0,
            spent,
            replay: VecDeque::new(),
            looked: std::cell::Cell::new(None),
            handed: 0,
            done: false,
            file,
        })
    }

    /// Puts rows back to be read again, in order, before the rest of the stream.
    pub fn unread(&mut self, rows: Vec<(u64, StringRecord)>) {
        for row in rows.into_iter().rev() {
            self.replay.push_front(row);
        }
    }

    /// Moves to the next row: (its batch, its index), or `None` at the end.
    fn next_row(&mut self) -> Result<Option<(&Batch, usize)>, InputError> {
        loop {
            if self.batches.back().is_some_and(|(_, b)| self.next < b.len()) {
                break;
            }
            if self.done {
                return Ok(None);
            }
            let msg = match self.rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => self.rx.recv().unwrap_or(Msg::Failed(self.lost())),
                Err(TryRecvError::Disconnected) => Msg::Failed(self.lost()),
            };
            match msg {
                Msg::Rows(batch) => {
                    // Batches whose last row is out of the window are done with.
                    while self
                        .batches
                        .front()
                        .is_some_and(|(before, b)| before + b.len() as u64 + STORED_WINDOW < self.handed)
                    {
                        if let Some((_, old)) = self.batches.pop_front() {
                            let _ = self.spent.send(old);
                        }
                    }
                    self.batches.push_back((self.handed, batch));
                    self.next = 0;
                }
                Msg::Done => self.done = true,
                Msg::Failed(e) => {
                    self.done = true;
                    return Err(e);
                }
            }
        }
        let i = self.next;
        self.next += 1;
        self.handed += 1;
        Ok(self.batches.back().map(|(_, b)| (b, i)))
    }

    fn lost(&self) -> InputError {
        broken_book(&self.file, "luồng đọc dừng giữa chừng")
    }
}

fn broken_book(file: &str, why: &str) -> InputError {
    InputError::file(&file, format!("bảng tính hỏng, không đọc được ({why}); mở bằng Excel rồi lưu lại dạng .xlsx"))
}

impl RecordSource for XlsxStream {
    fn read(&mut self, rec: &mut StringRecord) -> Result<Option<u64>, InputError> {
        if let Some((line, r)) = self.replay.pop_front() {
            *rec = r;
            return Ok(Some(line));
        }
        let Some((batch, i)) = self.next_row()? else { return Ok(None) };
        rec.clear();
        for field in batch.fields(i) {
            rec.push_field(field);
        }
        Ok(Some(batch.rows[i].line))
    }

    fn read_bytes(&mut self, rec: &mut RawRecord) -> Result<Option<u64>, InputError> {
        if let Some((line, r)) = self.replay.pop_front() {
            rec.set_text(r.iter());
            return Ok(Some(line));
        }
        let Some((batch, i)) = self.next_row()? else { return Ok(None) };
        rec.set_text(batch.fields(i));
        Ok(Some(batch.rows[i].line))
    }

    fn stored(&self, line: u64, col: usize) -> Stored {
        // Most often the row just read, or the row looked up last (its cells are asked about
        // one after another); else a row of the batches kept, which hold rows in order.
        if let Some((_, last)) = self.batches.back()
            && let Some(s) = self.next.checked_sub(1).and_then(|i| last.stored_at(i, line, col))
        {
            return s;
        }
        if let Some((l, id, i)) = self.looked.get()
            && l == line
            && let Some((_, batch)) = self.batches.iter().rev().find(|(before, _)| *before == id)
            && let Some(s) = batch.stored_at(i, line, col)
        {
            return s;
        }
        let in_range = |b: &Batch| b.lines().is_some_and(|(first, last)| (first..=last).contains(&line));
        let found = self
            .batches
            .iter()
            .rev()
            .filter(|(_, b)| in_range(b))
            .chain(self.batches.iter().rev().filter(|(_, b)| !in_range(b)))
            .find_map(|(before, b)| b.row_of(line).map(|i| (*before, b, i)));
        match found {
            Some((before, batch, i)) => {
                self.looked.set(Some((line, before, i)));
                batch.stored_at(i, line, col).unwrap_or(Stored::Text)
            }
            None => Stored::Text,
        }
    }
}

/// A cell's value as read: its text, how it was stored.
#[derive(Clone)]
struct Value {
    text: String,
    stored: Stored,
}

/// A cell of the row being read: its text in the row's buffer.
struct RowCell {
    col: u32,
    text: std::ops::Range<usize>,
    stored: Stored,
    /// Has a value (a formula without one is kept for its [`Stored::Formula`]).
    filled: bool,
}

/// The cells of the row being read, their texts in one buffer.
#[derive(Default)]
struct RowCells {
    cells: Vec<RowCell>,
    text: String,
}

impl RowCells {
    fn clear(&mut self) {
        self.cells.clear();
        self.text.clear();
    }

    fn value(&self, cell: &RowCell) -> Value {
        Value { text: self.text[cell.text.clone()].to_string(), stored: cell.stored.clone() }
    }
}

/// A merged block filling its first column down, from the row after its top.
struct Fill {
    col: u32,
    last_row: u32,
    value: Value,
}

/// The sheet's thread: reads rows and sends them until the end, an error, or the reader is
/// gone (a closed channel: the rest of the sheet is not needed).
fn produce(request: &SheetRequest, tx: &SyncSender<Msg>, reuse: &Receiver<Batch>) -> Result<(), InputError> {
    let book = &request.book;
    let sheet = &book.sheets[request.index];
    let broken = |e: &ReadError| {
        InputError::file(&request.file, format!("không đọc được trang tính \"{}\" ({e}); tệp có thể hỏng", sheet.name))
    };
    let mut archive = book.archive();
    let mut part = open_part(&mut archive, &sheet.path)
        .map_err(|e| broken(&e))?
        .ok_or_else(|| broken(&ReadError::new(format!("thiếu phần {}", sheet.path))))?;
    // A sheet of a school (a few MiB of XML) is inflated once, whole: its merge list and its
    // cells are read from memory. A larger one is inflated twice, a piece at a time: once to
    // find the merge list (after every cell), once for the cells.
    if part.size() <= request.whole_part {
        let mut xml = Vec::with_capacity(part.size() as usize);
        super::xlsx::read_part((&mut part).take(request.whole_part + 1), &mut xml)
            .map_err(|e| broken(&ReadError::new(format!("không giải nén được phần {} ({e})", sheet.path))))?;
        if xml.len() as u64 <= request.whole_part {
            let merges = super::xlsx_merges::merged_blocks_in(&xml);
            return lay_out(request, SheetCells::whole(xml, book), merges, tx, reuse);
        }
    }
    drop(part);
    let merges = match open_part(&mut archive, &sheet.path) {
        Ok(Some(part)) => super::xlsx_merges::merged_blocks(part),
        _ => Vec::new(),
    };
    let part = open_part(&mut archive, &sheet.path)
        .map_err(|e| broken(&e))?
        .ok_or_else(|| broken(&ReadError::new(format!("thiếu phần {}", sheet.path))))?;
    lay_out(request, SheetCells::new(part, book), merges, tx, reuse)
}

/// Lays the cells out in rows and sends them.
fn lay_out<R: Read>(
    request: &SheetRequest,
    mut cells: SheetCells<'_, R>,
    merges: Vec<Dimensions>,
    tx: &SyncSender<Msg>,
    reuse: &Receiver<Batch>,
) -> Result<(), InputError> {
    let book = &request.book;
    let sheet = &book.sheets[request.index];
    let broken = |e: &ReadError| {
        InputError::file(&request.file, format!("không đọc được trang tính \"{}\" ({e}); tệp có thể hỏng", sheet.name))
    };
    let mut merges: Vec<Dimensions> = merges.into_iter().filter(|m| m.end.0 > m.start.0).collect();
    merges.sort_by_key(|m| (m.start.0, m.start.1));
    let mut rows = Rows {
        merges,
        next_merge: 0,
        fills: Vec::new(),
        filled: 0,
        bounds: None,
        last_line: None,
        batch: Batch::default(),
        tx,
        reuse,
        request,
        sheet: &sheet.name,
    };
    let mut current: Option<u32> = None;
    let mut row = RowCells::default();
    let mut cell = Cell::default();
    while cells.next(&mut cell).map_err(|e| broken(&e))? {
        let (r, c) = cell.pos;
        if current != Some(r) {
            if let Some(done) = current
                && !rows.finish(done, &mut row)?
            {
                return Ok(());
            }
            current = Some(r);
        }
        let shared = match cell.value {
            CellValue::Shared(i) => book.strings.get(i).unwrap_or_default(),
            _ => "",
        };
        let (filled, blank) = match &cell.value {
            CellValue::Empty => (false, true),
            CellValue::Text => (true, cell.text.is_empty()),
            CellValue::Shared(_) => (true, shared.is_empty()),
            CellValue::Data(_) => (true, false),
        };
        let formula = cell.formula.take().filter(|f| !f.is_empty() && (blank || book.recalculate));
        if !filled && formula.is_none() {
            continue;
        }
        let start = row.text.len();
        let stored = match &cell.value {
            CellValue::Shared(_) => {
                row.text.push_str(shared);
                Stored::Text
            }
            CellValue::Text => {
                row.text.push_str(&cell.text);
                Stored::Text
            }
            CellValue::Empty => Stored::Text,
            CellValue::Data(data) => {
                if cell.text.is_empty() {
                    render(data, &mut row.text);
                } else {
                    row.text.push_str(&cell.text);
                }
                stored_of(data)
            }
        };
        let stored = formula.map_or(stored, |f| Stored::Formula(format!("={f}")));
        row.cells.push(RowCell { col: c, text: start..row.text.len(), stored, filled });
    }
    if let Some(done) = current
        && !rows.finish(done, &mut row)?
    {
        return Ok(());
    }
    rows.flush();
    Ok(())
}

/// The rows being laid out and sent.
struct Rows<'a> {
    merges: Vec<Dimensions>,
    next_merge: usize,
    fills: Vec<Fill>,
    filled: u64,
    /// (top, left, bottom, right) of the cells with a value so far.
    bounds: Option<(u32, u32, u32, u32)>,
    /// The last row handed out (0-based).
    last_line: Option<u32>,
    batch: Batch,
    tx: &'a SyncSender<Msg>,
    reuse: &'a Receiver<Batch>,
    request: &'a SheetRequest,
    sheet: &'a str,
}

impl Rows<'_> {
    /// Ends row `r` with its cells; false when the reader is gone.
    fn finish(&mut self, r: u32, cells: &mut RowCells) -> Result<bool, InputError> {
        let mut cols = cells.cells.iter().filter(|c| c.filled).map(|c| c.col);
        let Some(first) = cols.next() else {
            cells.clear();
            return Ok(true);
        };
        let (left, right) = cols.fold((first, first), |(l, h), c| (l.min(c), h.max(c)));
        // The span grows cell by cell; when the whole row keeps it within the cap, so does each
        // cell. Else the row is walked to name the cell that goes over.
        let saved = self.bounds;
        if self.widen(r, left).and_then(|()| self.widen(r, right)).is_err() {
            self.bounds = saved;
            for c in &cells.cells {
                if c.filled {
                    self.widen(r, c.col)?;
                }
            }
        }
        // Rows without a value between two with one are blank rows of the sheet.
        if let Some(last) = self.last_line {
            for gap in last.saturating_add(1)..r {
                let mut none = RowCells::default();
                if !self.emit(gap, &mut none) {
                    return Ok(false);
                }
            }
        }
        Ok(self.emit(r, cells))
    }

    /// Extends the span of the sheet's values to cell (r, c), refusing a span over the cap.
    fn widen(&mut self, r: u32, c: u32) -> Result<(), InputError> {
        let (top, left, bottom, right) = match self.bounds {
            Some((t, l, b, rt)) => (t.min(r), l.min(c), b.max(r), rt.max(c)),
            None => (r, c, r, c),
        };
        self.bounds = Some((top, left, bottom, right));
        check_span(&self.request.file, self.sheet, (top, left, bottom, right))
    }

    /// Lays out row `r` (its merged cells filled down) and queues it; false when the reader is
    /// gone.
    fn emit(&mut self, r: u32, row: &mut RowCells) -> bool {
        self.fills.retain(|f| f.last_row >= r);
        for f in &self.fills {
            if self.filled >= MAX_FILLED {
                break;
            }
            let start = row.text.len();
            match row.cells.iter_mut().find(|c| c.col == f.col) {
                Some(c) if !c.filled => {
                    row.text.push_str(&f.value.text);
                    (c.text, c.stored, c.filled) = (start..row.text.len(), f.value.stored.clone(), true);
                }
                Some(_) => continue,
                None => {
                    row.text.push_str(&f.value.text);
                    let text = start..row.text.len();
                    row.cells.push(RowCell { col: f.col, text, stored: f.value.stored.clone(), filled: true });
                }
            }
            self.filled += 1;
        }
        // Merged blocks whose top is this row start filling from the next one.
        while let Some(m) = self.merges.get(self.next_merge).filter(|m| m.start.0 <= r) {
            if m.start.0 == r
                && let Some(top) = row.cells.iter().find(|c| c.col == m.start.1 && c.filled)
            {
                self.fills.push(Fill { col: m.start.1, last_row: m.end.0, value: row.value(top) });
            }
            self.next_merge += 1;
        }
        row.cells.sort_by_key(|c| c.col);
        let mut at = 0u32;
        for c in row.cells.drain(..) {
            while at < c.col {
                self.batch.push_field("");
                at += 1;
            }
            self.batch.push_field(&row.text[c.text]);
            self.batch.push_stored(c.col as usize, c.stored);
            at = c.col + 1;
        }
        row.text.clear();
        self.last_line = Some(r);
        self.batch.end_row(u64::from(r) + 1);
        if self.batch.len() >= BATCH_ROWS {
            return self.flush();
        }
        true
    }

    /// Sends the rows queued; false when the reader is gone.
    fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        let mut next = self.reuse.try_recv().unwrap_or_default();
        next.clear();
        let rows = std::mem::replace(&mut self.batch, next);
        self.tx.send(Msg::Rows(rows)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{Format, Formula, Workbook};

    fn rows(bytes: &[u8], whole_part: u64) -> Vec<(u64, Vec<String>, Vec<Stored>)> {
        let book = Arc::new(Book::open(Arc::from(bytes)).unwrap());
        let request = SheetRequest { book, index: 0, file: "t.xlsx".into(), whole_part };
        let mut stream = XlsxStream::start(request).unwrap();
        let mut rec = StringRecord::new();
        let mut out = Vec::new();
        while let Some(line) = stream.read(&mut rec).unwrap() {
            let stored = (0..rec.len()).map(|c| stream.stored(line, c)).collect();
            out.push((line, rec.iter().map(str::to_string).collect(), stored));
        }
        out
    }

    /// A sheet inflated whole and one inflated a piece at a time, twice (merge list, then
    /// cells), give the same rows, merged blocks filled down and formulas without a value known.
    #[test]
    fn a_sheet_read_whole_or_in_pieces_gives_the_same_rows() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_formula_result_default("");
        for r in 0..3000u32 {
            ws.write_string(r, 0, format!("P{r:05}")).unwrap();
            ws.write_number(r, 3, f64::from(r) / 8.0).unwrap();
        }
        ws.merge_range(100, 1, 2900, 1, "Đơn vị gộp", &Format::new()).unwrap();
        ws.write_formula(2950, 4, Formula::new("=D2951*2")).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let whole = rows(&bytes, WHOLE_PART);
        let pieces = rows(&bytes, 0);
        assert_eq!(whole.len(), 3000);
        assert_eq!(whole, pieces);
        assert_eq!(whole[2900].1[1], "Đơn vị gộp");
        assert_eq!(whole[2951].1[1], "");
        assert_eq!(whole[2950].2[4], Stored::Formula("=D2951*2".into()));
        assert_eq!(whole[7].2[3], Stored::Number(7.0 / 8.0));
    }
}
