//! The cells of one worksheet, read from its XML as it is inflated (see [`super::chunks`]):
//! `<row r>` and `<c r s t>` with `<v>`, `<f>` (shared formulas expanded) and `<is>`. Values
//! come out as calamine's `XlsxCellReader::next_cell_with_formula` gives them (its quirks
//! included, so both readers agree cell by cell): a cell without `r` takes the place after
//! the previous one, a row without `r` the row after the previous one; a number styled as a
//! date is a date; `t="s"` indexes the shared strings, `str` is text, `inlineStr` reads `<is>`,
//! `b` a boolean, `e` an error, `d` an ISO date; names may carry a prefix (`<x:c>`).

use std::collections::HashMap;
use std::io::Read;

use calamine::Data;

use super::book::Book;
use super::chunks::Chunks;
use super::scan::{Attrs, Scanner, Token, digits, local, push_text, same};
use super::strings::item;
use super::value::{Typer, short};
use super::{ReadError, fill};

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// Text, in [`Cell::text`].
    Text,
    /// A shared string, by index.
    Shared(usize),
    /// A number, date, boolean or error; a number shown as written has that text in
    /// [`Cell::text`] (see [`super::value::shown_as_written`]).
    Data(Data),
}

/// One cell as read; its buffers are reused from cell to cell.
#[derive(Debug)]
pub struct Cell {
    /// 0-based (row, column).
    pub pos: (u32, u32),
    pub value: Value,
    pub text: String,
    /// The formula (without `=`), when the cell has one.
    pub formula: Option<String>,
}

impl Default for Cell {
    fn default() -> Cell {
        Cell { pos: (0, 0), value: Value::Empty, text: String::new(), formula: None }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before `<sheetData>`.
    Head,
    Data,
    Done,
}

/// The cells of a sheet in the order of its XML.
pub struct SheetCells<'b, R> {
    chunks: Chunks<R>,
    parser: Parser<'b>,
}

/// Where the scan of a sheet stands.
struct Parser<'b> {
    typer: Typer<'b>,
    state: State,
    /// Where a row or cell without `r` goes.
    row: u32,
    col: u32,
    /// Shared formulas by `si`: the formula and its first cell.
    shared: HashMap<usize, (String, (u32, u32))>,
}

enum Step {
    Cell,
    More,
    End,
}

impl<'b> SheetCells<'b, std::io::Empty> {
    /// The cells of a sheet whose part was inflated whole.
    pub fn whole(xml: Vec<u8>, book: &'b Book) -> SheetCells<'b, std::io::Empty> {
        SheetCells { chunks: Chunks::whole(xml), parser: Parser::new(book) }
    }
}

impl<'b, R: Read> SheetCells<'b, R> {
    pub fn new(part: R, book: &'b Book) -> SheetCells<'b, R> {
        SheetCells { chunks: Chunks::new(part), parser: Parser::new(book) }
    }

    /// Reads the next cell into `cell`; false at the end of the sheet's cells. A part that is no
    /// worksheet (no `<sheetData>`) has no cells.
    pub fn next(&mut self, cell: &mut Cell) -> Result<bool, ReadError> {
        loop {
            if self.parser.state == State::Done {
                return Ok(false);
            }
            let (kept, step) = self.parser.scan(self.chunks.data(), cell)?;
            self.chunks.consume(kept);
            match step {
                Step::Cell => return Ok(true),
                Step::End => return Ok(false),
                Step::More => {
                    if !fill(&mut self.chunks, "trang tính")? {
                        if self.parser.state == State::Head {
                            self.parser.state = State::Done;
                            return Ok(false);
                        }
                        return Err(ReadError::new("dữ liệu của trang tính bị cắt cụt (thiếu </sheetData>)"));
                    }
                }
            }
        }
    }
}

impl<'b> Parser<'b> {
    fn new(book: &'b Book) -> Parser<'b> {
        Parser { typer: Typer { book }, state: State::Head, row: 0, col: 0, shared: HashMap::new() }
    }

    /// Scans the bytes at hand up to the next cell; returns the bytes used.
    fn scan(&mut self, data: &[u8], cell: &mut Cell) -> Result<(usize, Step), ReadError> {
        let mut sc = Scanner::new(data);
        let mut kept = 0;
        loop {
            let mark = sc.pos;
            if self.state == State::Data
                && let Some((len, col)) = self.plain_cell(sc.rest(), cell)?
            {
                self.col = col.saturating_add(1);
                return Ok((mark + len, Step::Cell));
            }
            let Some(token) = sc.token() else { return Ok((kept, Step::More)) };
            if self.state == State::Head {
                if let Token::Start { name, empty, .. } = token
                    && let b"sheetData" = local(name)
                {
                    self.state = if empty { State::Done } else { State::Data };
                    if empty {
                        return Ok((sc.pos, Step::End));
                    }
                }
                kept = sc.pos;
                continue;
            }
            match token {
                Token::Start { name, attrs, empty } if let [b'c'] = local(name) => {
                    match self.cell(&mut sc, attrs, empty, cell)? {
                        Some(col) => {
                            self.col = col.saturating_add(1);
                            return Ok((sc.pos, Step::Cell));
                        }
                        None => return Ok((mark, Step::More)),
                    }
                }
                Token::Start { name, attrs, empty } if let b"row" = local(name) => {
                    if let Some(r) = attr3(attrs, [b"r", b"", b""])?[0] {
                        self.row = reference(r, false)?.0;
                    }
                    if empty {
                        self.row = self.row.saturating_add(1);
                        self.col = 0;
                    }
                }
                Token::End { name } if let b"row" = local(name) => {
                    self.row = self.row.saturating_add(1);
                    self.col = 0;
                }
                Token::End { name } if let b"sheetData" = local(name) => {
                    self.state = State::Done;
                    return Ok((sc.pos, Step::End));
                }
                _ => {}
            }
            kept = sc.pos;
        }
    }

    /// The cell most sheets are made of, read in one pass: `<c r=".." s=".." t="..">` (any
    /// order, other attributes passed over) with one `<v>` of plain text, or self-closing;
    /// no prefix, double quotes, no formula. Its length and column, or `None` for anything else
    /// (read then by [`Self::cell`], which reads every cell; both give the same).
    fn plain_cell(&self, b: &[u8], cell: &mut Cell) -> Result<Option<(usize, u32)>, ReadError> {
        if !b.starts_with(b"<c ") {
            return Ok(None);
        }
        let (mut r, mut s, mut t) = (None, None, None);
        let mut i = 3;
        let empty = loop {
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            match b.get(i) {
                Some(b'>') => break false,
                Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                    i += 1;
                    break true;
                }
                Some(_) => {}
                None => return Ok(None),
            }
            let key = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if b.get(i) != Some(&b'=') || b.get(i + 1) != Some(&b'"') {
                return Ok(None);
            }
            let start = i + 2;
            let Some(len) = b[start..].iter().position(|&x| x == b'"') else { return Ok(None) };
            let value = &b[start..start + len];
            match &b[key..i] {
                b"r" => r = Some(value),
                b"s" => s = Some(value),
                b"t" => t = Some(value),
                _ => {}
            }
            i = start + len + 1;
        };
        i += 1;
        let value = if empty {
            None
        } else {
            if !matches!(t, None | Some(b"n" | b"s" | b"b" | b"e")) || !b[i..].starts_with(b"<v>") {
                return Ok(None);
            }
            let start = i + 3;
            let Some(len) = b[start..].iter().position(|&x| x == b'<' || x == b'&') else { return Ok(None) };
            let end = start + len;
            if !b[end..].starts_with(b"</v></c>") || len == 0 {
                return Ok(None);
            }
            i = end + 8;
            Some(&b[start..end])
        };
        cell.pos = match r {
            Some(r) => reference(r, true)?,
            None => (self.row, self.col),
        };
        cell.text.clear();
        cell.formula = None;
        cell.value = match value {
            Some(v) => self.typer.typed_raw(v, s, t, &mut cell.text).map_err(|e| e.in_cell(cell.pos))?,
            None => Value::Empty,
        };
        Ok(Some((i, cell.pos.1)))
    }

    /// Reads a cell after its start tag; its column, or `None` when it does not end within the
    /// bytes at hand.
    fn cell(
        &mut self,
        sc: &mut Scanner<'_>,
        attrs: &[u8],
        empty: bool,
        cell: &mut Cell,
    ) -> Result<Option<u32>, ReadError> {
        let (mut r, mut s, mut t) = (None, None, None);
        for a in Attrs::new(attrs) {
            match a.map_err(ReadError::attribute)? {
                (b"r", v) => r = Some(v),
                (b"s", v) => s = Some(v),
                (b"t", v) => t = Some(v),
                _ => {}
            }
        }
        cell.pos = match r {
            Some(r) => reference(r, true)?,
            None => (self.row, self.col),
        };
        cell.value = Value::Empty;
        cell.text.clear();
        cell.formula = None;
        if empty {
            return Ok(Some(cell.pos.1));
        }
        let pos = cell.pos;
        self.content(sc, s, t, cell).map_err(|e| e.in_cell(pos))
    }

    /// Reads what a cell holds (`<f>`, `<v>`, `<is>`) up to its end tag; its column, or `None`
    /// when it does not end within the bytes at hand.
    fn content(
        &mut self,
        sc: &mut Scanner<'_>,
        s: Option<&[u8]>,
        t: Option<&[u8]>,
        cell: &mut Cell,
    ) -> Result<Option<u32>, ReadError> {
        loop {
            let Some(token) = sc.token() else { return Ok(None) };
            match token {
                Token::Start { name, attrs, empty } => match local(name) {
                    b"f" => {
                        let Some(f) = self.formula(sc, name, attrs, empty, cell.pos)? else { return Ok(None) };
                        cell.formula = f;
                    }
                    b"v" => {
                        let Some(v) = self.value(sc, name, empty, s, t, &mut cell.text)? else { return Ok(None) };
                        cell.value = v;
                    }
                    b"is" => {
                        cell.text.clear();
                        if !empty && item(sc, name, &mut cell.text)?.is_none() {
                            return Ok(None);
                        }
                        cell.value = Value::Text;
                    }
                    other => {
                        return Err(ReadError::new(format!(
                            "thẻ <{}> lạ trong một ô",
                            String::from_utf8_lossy(other).chars().take(40).collect::<String>()
                        )));
                    }
                },
                Token::End { name } if let [b'c'] = local(name) => return Ok(Some(cell.pos.1)),
                _ => {}
            }
        }
    }

    /// Reads `<v>` after its start tag: `Some(None)` … is the value; the outer `None` when it
    /// does not end within the bytes at hand.
    fn value(
        &self,
        sc: &mut Scanner<'_>,
        name: &[u8],
        empty: bool,
        s: Option<&[u8]>,
        t: Option<&[u8]>,
        text: &mut String,
    ) -> Result<Option<Value>, ReadError> {
        match t {
            // The value of an inline string is its <is>; a <v> beside it says nothing.
            Some(b"inlineStr" | b"is") => {
                if !empty && !skip_to_end(sc, name) {
                    return Ok(None);
                }
                Ok(Some(Value::Empty))
            }
            // Plain ASCII types: the raw text up to the first tag or entity.
            None | Some(b"n" | b"s" | b"b" | b"e") => {
                if empty {
                    return Ok(Some(Value::Empty));
                }
                let rest = sc.rest();
                // A value is a few bytes: a loop beats a call to memchr.
                let Some(stop) = rest.iter().position(|&b| b == b'<' || b == b'&') else { return Ok(None) };
                if stop == 0 {
                    let mut peek = Scanner::new(rest);
                    match peek.token() {
                        None => return Ok(None),
                        Some(Token::End { name: end }) if same(end, name) => {
                            sc.pos += peek.pos;
                            return Ok(Some(Value::Empty));
                        }
                        Some(_) => return Ok(skip_to_end(sc, name).then_some(Value::Empty)),
                    }
                }
                let raw = &rest[..stop];
                sc.pos += stop;
                // Most often the end tag follows at once.
                let after = sc.rest();
                if after.len() > name.len() + 2
                    && after.starts_with(b"</")
                    && same(&after[2..2 + name.len()], name)
                    && after[2 + name.len()] == b'>'
                {
                    sc.pos += name.len() + 3;
                } else if !skip_to_end(sc, name) {
                    return Ok(None);
                }
                self.typer.typed_raw(raw, s, t, text).map(Some)
            }
            // Text that may hold entities and line ends: "str", "d", and what calamine refuses.
            Some(_) => {
                let mut raw = String::new();
                if !empty && !collect_text(sc, name, &mut raw)? {
                    return Ok(None);
                }
                self.typer.typed(&raw, s, t, text).map(Some)
            }
        }
    }

    /// Reads `<f>` after its start tag: the formula text, a shared formula's anchor kept and a
    /// shared formula's other cells expanded from it (calamine's `read_formula_record`).
    fn formula(
        &mut self,
        sc: &mut Scanner<'_>,
        name: &[u8],
        attrs: &[u8],
        empty: bool,
        pos: (u32, u32),
    ) -> Result<Option<Option<String>>, ReadError> {
        let mut text = String::new();
        if !empty && !collect_text(sc, name, &mut text)? {
            return Ok(None);
        }
        let [t, si, range] = attr3(attrs, [b"t", b"si", b"ref"])?;
        if t != Some(b"shared") {
            return Ok(Some(Some(text)));
        }
        let si =
            si.and_then(digits).ok_or_else(|| ReadError::new("công thức dùng chung không có số hiệu (si) hợp lệ"))?;
        if let Some(range) = range {
            let first = range.split(|&b| b == b':').next().unwrap_or(range);
            if range.split(|&b| b == b':').count() > 2 {
                return Err(ReadError::new("vùng của công thức dùng chung không đọc được"));
            }
            for part in range.split(|&b| b == b':') {
                reference(part, true)?;
            }
            let start = reference(first, true)?;
            self.shared.insert(si, (text.clone(), start));
            return Ok(Some(Some(text)));
        }
        match self.shared.get(&si) {
            Some((template, start)) => calamine::expand_shared_formula(template, *start, pos)
                .map(|f| Some(Some(f)))
                .map_err(|e| ReadError::new(format!("công thức dùng chung không mở rộng được ({e})"))),
            None => Ok(Some(None)),
        }
    }
}

/// Reads the text of an element up to its end tag `name` (entities and line ends resolved,
/// nested tags passed over, CDATA left out as calamine leaves it out); false when it does not
/// end within the bytes at hand.
fn collect_text(sc: &mut Scanner<'_>, name: &[u8], out: &mut String) -> Result<bool, ReadError> {
    loop {
        match sc.token() {
            None => return Ok(false),
            Some(Token::Text(t)) => push_text(t, out)?,
            Some(Token::End { name: end }) if same(end, name) => return Ok(true),
            Some(_) => {}
        }
    }
}

/// Passes over everything up to the end tag `name` that closes the element open here (nested
/// elements of the same name counted); false when it does not end within the bytes at hand.
fn skip_to_end(sc: &mut Scanner<'_>, name: &[u8]) -> bool {
    let mut depth = 0usize;
    loop {
        match sc.token() {
            None => return false,
            Some(Token::Start { name: n, empty: false, .. }) if same(n, name) => depth += 1,
            Some(Token::End { name: n }) if same(n, name) => {
                if depth == 0 {
                    return true;
                }
                depth -= 1;
            }
            Some(_) => {}
        }
    }
}

/// Three attributes by exact key (an empty key is not looked for), in one pass.
fn attr3<'a>(raw: &'a [u8], keys: [&[u8]; 3]) -> Result<[Option<&'a [u8]>; 3], ReadError> {
    let mut out = [None; 3];
    for a in Attrs::new(raw) {
        let (k, v) = a.map_err(ReadError::attribute)?;
        for (i, key) in keys.iter().enumerate() {
            if !key.is_empty() && k == *key {
                out[i] = Some(v);
            }
        }
    }
    Ok(out)
}

/// A cell reference ("B7", "b7") as 0-based (row, column); a row reference ("7") when
/// `column` is not required.
pub fn reference(raw: &[u8], column: bool) -> Result<(u32, u32), ReadError> {
    let bad = || ReadError::new(format!("địa chỉ ô \"{}\" không đọc được", short(&String::from_utf8_lossy(raw))));
    let mut col: u32 = 0;
    let mut i = 0;
    while i < raw.len() && raw[i].is_ascii_alphabetic() {
        let letter = u32::from(raw[i].to_ascii_uppercase() - b'A') + 1;
        col = col.checked_mul(26).and_then(|c| c.checked_add(letter)).ok_or_else(bad)?;
        i += 1;
    }
    let mut row: u32 = 0;
    if i == raw.len() {
        return Err(bad());
    }
    while i < raw.len() {
        let b = raw[i];
        if !b.is_ascii_digit() {
            return Err(bad());
        }
        row = row.checked_mul(10).and_then(|r| r.checked_add(u32::from(b - b'0'))).ok_or_else(bad)?;
        i += 1;
    }
    let row = row.checked_sub(1).ok_or_else(bad)?;
    if column && col == 0 {
        return Err(bad());
    }
    Ok((row, col.saturating_sub(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        assert_eq!(reference(b"A1", true).unwrap(), (0, 0));
        assert_eq!(reference(b"ab10", true).unwrap(), (9, 27));
        assert_eq!(reference(b"XFD1048576", true).unwrap(), (1_048_575, 16_383));
        assert_eq!(reference(b"7", false).unwrap(), (6, 0));
        assert!(reference(b"7", true).is_err());
        assert!(reference(b"A0", true).is_err());
        assert!(reference(b"A", true).is_err());
        assert!(reference(b"$A$1", true).is_err());
        assert!(reference(b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", true).is_err());
        assert!(reference(b"A99999999999", true).is_err());
    }
}
