//! Rows handed from a sheet's thread to the reader in one piece: their texts in one buffer, so a
//! batch of 256 rows is a handful of allocations, reused once the reader is done with it
//! (allocating a record per row on one thread and freeing it on another cost a tenth of the
//! time in the allocator's locks).

use std::ops::Range;

use crate::input::spreadsheet::Stored;

/// One row of a batch.
#[derive(Debug, Clone)]
pub struct BatchRow {
    /// The sheet's row number (1-based).
    pub line: u64,
    /// Its fields, as indexes into [`Batch::ends`].
    fields: Range<usize>,
    /// Its cells that are not plain text, as indexes into [`Batch::stored`].
    stored: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Batch {
    text: String,
    /// Where each field ends in `text` (fields follow one another).
    ends: Vec<usize>,
    pub rows: Vec<BatchRow>,
    /// (column, how stored) of the rows' cells that are not plain text.
    stored: Vec<(usize, Stored)>,
    /// Where the row being written starts in `ends` and `stored`.
    open: (usize, usize),
}

impl Batch {
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
        self.stored.clear();
        self.open = (0, 0);
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends a field to the row being written.
    pub fn push_field(&mut self, text: &str) {
        self.text.push_str(text);
        self.ends.push(self.text.len());
    }

    /// Notes how the row's last field was stored, unless it is plain text.
    pub fn push_stored(&mut self, col: usize, stored: Stored) {
        if stored != Stored::Text {
            self.stored.push((col, stored));
        }
    }

    /// Ends the row being written, as sheet row `line`.
    pub fn end_row(&mut self, line: u64) {
        let (fields, stored) = self.open;
        self.rows.push(BatchRow { line, fields: fields..self.ends.len(), stored: stored..self.stored.len() });
        self.open = (self.ends.len(), self.stored.len());
    }

    /// The fields of row `i`.
    pub fn fields(&self, i: usize) -> impl Iterator<Item = &str> {
        self.rows[i].fields.clone().map(|f| {
            let start = if f == 0 { 0 } else { self.ends[f - 1] };
            &self.text[start..self.ends[f]]
        })
    }

    /// How cell `col` of row `i` was stored, when row `i` is sheet row `line`.
    pub fn stored_at(&self, i: usize, line: u64, col: usize) -> Option<Stored> {
        let row = self.rows.get(i).filter(|r| r.line == line)?;
        let cells = &self.stored[row.stored.clone()];
        Some(cells.iter().find(|(c, _)| *c == col).map_or(Stored::Text, |(_, s)| s.clone()))
    }

    /// The index of the row at `line`, if it is in this batch.
    pub fn row_of(&self, line: u64) -> Option<usize> {
        // Lines come in order (a sheet's rows are written in order): look the line up by halves;
        // rows out of order are looked for one by one.
        let at = self.rows.partition_point(|r| r.line < line);
        match self.rows.get(at) {
            Some(r) if r.line == line => Some(at),
            _ => self.rows.iter().rposition(|r| r.line == line),
        }
    }

    /// How cell `col` of the row at `line` was stored, if the row is in this batch.
    pub fn stored(&self, line: u64, col: usize) -> Option<Stored> {
        self.stored_at(self.row_of(line)?, line, col)
    }

    /// The sheet rows this batch holds, first and last.
    pub fn lines(&self) -> Option<(u64, u64)> {
        Some((self.rows.first()?.line, self.rows.last()?.line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fields_and_stored_cells() {
        let mut b = Batch::default();
        b.push_field("a");
        b.push_field("");
        b.push_field("7.5");
        b.push_stored(2, Stored::Number(7.5));
        b.end_row(3);
        b.end_row(4);
        b.push_field("x");
        b.push_stored(0, Stored::Text);
        b.end_row(6);
        assert_eq!(b.fields(0).collect::<Vec<_>>(), ["a", "", "7.5"]);
        assert_eq!(b.fields(1).count(), 0);
        assert_eq!(b.fields(2).collect::<Vec<_>>(), ["x"]);
        assert_eq!(b.stored(3, 2), Some(Stored::Number(7.5)));
        assert_eq!(b.stored(3, 0), Some(Stored::Text));
        assert_eq!(b.stored(6, 0), Some(Stored::Text));
        assert_eq!(b.stored(5, 0), None);
        assert_eq!(b.lines(), Some((3, 6)));
        b.clear();
        assert!(b.is_empty());
    }
}
