//! Finding the header row and mapping its cells onto the fields the criteria know. Headers
//! are matched against the canonical name and the aliases listed in the criteria file, with no
//! case, spaces or punctuation, and a point note in brackets dropped ("Chỉ số 1.1 (10 điểm)").
//! Vietnamese letters are compared with their marks ("Nam" is not "Năm"); a name of several
//! words typed without marks ("Ho va ten") matches when no name matches exactly. A cell with no
//! letter (a number, a date, "3/2", "-3") only matches an item code written exactly ("1.1").

use std::collections::HashMap;

use csv::StringRecord;

use crate::text::{fold_key, fold_marked};

/// How many rows at the top of a file may be titles above the header.
pub const MAX_TITLE_ROWS: usize = 30;

/// A field a header can map to: a named field, or indicator/chỉ tiêu number `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Named(&'static str),
    Item(usize),
    /// Id kind `k` of the criteria (`[[ma_dinh_danh]]`).
    Id(usize),
}

/// How one header cell matches the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderMatch {
    None,
    Field(Field),
    /// Typed without marks, it is the name of several fields: reported, never guessed.
    Ambiguous(Vec<Field>),
}

/// The vocabulary of one kind of file: folded alias → field, plus display names.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Folded with marks kept.
    by_alias: HashMap<String, Field>,
    /// Names of several words, folded without marks: used when no name matches exactly.
    by_bare: HashMap<String, Vec<Field>>,
    /// Names without a letter (item codes such as "1.1"), as written without spaces.
    by_code: HashMap<String, Field>,
    /// Display name and first aliases of each field, for "missing column" messages.
    pub names: Vec<(Field, String, Vec<String>)>,
    pub required: Vec<Field>,
    /// Fields that may instead be written over several columns ("Họ đệm" + "Tên").
    joins: Vec<(Field, Vec<Field>)>,
    /// Fields read from the first of several columns present (the id from its preferred kind).
    choices: Vec<(Field, Vec<Field>)>,
}

/// A header without a trailing note in brackets: "Chỉ số 1.1 (10 điểm)" → "Chỉ số 1.1".
fn without_note(h: &str) -> Option<&str> {
    let t = h.trim_end();
    let close = t.chars().last()?;
    let open = match close {
        ')' => '(',
        ']' => '[',
        _ => return None,
    };
    let at = t.rfind(open)?;
    let rest = t[..at].trim_end();
    (!fold_key(rest).is_empty()).then_some(rest)
}

fn code_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

impl Vocabulary {
    fn add_alias(&mut self, alias: &str, field: Field) {
        if !alias.chars().any(char::is_alphabetic) {
            self.by_code.entry(code_key(alias)).or_insert(field);
            return;
        }
        self.by_alias.entry(fold_marked(alias)).or_insert(field);
        let words = alias.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
        if words >= 2 {
            let fields = self.by_bare.entry(fold_key(alias)).or_default();
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
    }

    /// How a header cell matches (see the module's notes).
    pub fn match_header(&self, header: &str) -> HeaderMatch {
        let m = self.match_exactly(header);
        match (&m, without_note(header)) {
            (HeaderMatch::None, Some(short)) => self.match_exactly(short),
            _ => m,
        }
    }

    fn match_exactly(&self, header: &str) -> HeaderMatch {
        if !header.chars().any(char::is_alphabetic) {
            return self.by_code.get(&code_key(header)).map_or(HeaderMatch::None, |&f| HeaderMatch::Field(f));
        }
        if let Some(&f) = self.by_alias.get(&fold_marked(header)) {
            return HeaderMatch::Field(f);
        }
        match self.by_bare.get(&fold_key(header)).map(Vec::as_slice) {
            Some([f]) => HeaderMatch::Field(*f),
            Some(many) if many.len() > 1 => HeaderMatch::Ambiguous(many.to_vec()),
            _ => HeaderMatch::None,
        }
    }

    /// A column that maps to no field, as listed among the ignored ones: an ambiguous name
    /// says which fields it could be.
    pub fn describe_unmapped(&self, header: &str) -> String {
        match self.match_header(header) {
            HeaderMatch::Ambiguous(fields) => {
                let names: Vec<&str> = fields.iter().map(|f| self.display(*f)).collect();
                format!(
                    "{header} (gõ không dấu, có thể là {}: không đoán, hãy gõ đúng dấu tên cột)",
                    names.join(" hoặc ")
                )
            }
            _ => header.to_string(),
        }
    }

    /// Lets `target` be read from the first of `options` the file has, when it has no column
    /// for `target` itself; the other options stay mapped.
    pub fn with_choice(mut self, target: Field, options: &[Field]) -> Vocabulary {
        self.choices.push((target, options.to_vec()));
        self
    }

    /// Adds a field with its names as written.
    pub fn with_field(mut self, field: Field, display: &str, aliases: Vec<String>) -> Vocabulary {
        for a in &aliases {
            self.add_alias(a, field);
        }
        self.names.push((field, display.to_string(), aliases));
        self
    }

    /// The fields a missing `target` may be read from, in order of preference.
    pub fn choices_for(&self, target: Field) -> &[Field] {
        self.choices.iter().find(|(t, _)| *t == target).map_or(&[], |(_, o)| o.as_slice())
    }

    /// A required field no longer required (a value given on the command line stands in).
    pub fn optional(mut self, field: Field) -> Vocabulary {
        self.required.retain(|f| *f != field);
        self
    }
}

impl Vocabulary {
    /// `named` lists (field, aliases as written); `items` lists (canonical column, code),
    /// whose aliases come from the `{ma}` templates.
    pub fn new(
        named: &[(String, Vec<String>)],
        named_fields: &[&'static str],
        items: &[(String, String)],
        templates: &[String],
        required_named: &[&'static str],
        items_required: bool,
    ) -> Vocabulary {
        let mut v = Vocabulary {
            by_alias: HashMap::new(),
            by_bare: HashMap::new(),
            by_code: HashMap::new(),
            names: Vec::new(),
            required: required_named.iter().map(|f| Field::Named(f)).collect(),
            joins: Vec::new(),
            choices: Vec::new(),
        };
        for &f in named_fields {
            let aliases =
                named.iter().find(|(n, _)| n == f).map(|(_, a)| a.clone()).unwrap_or_else(|| vec![f.to_string()]);
            v = v.with_field(Field::Named(f), f, aliases);
        }
        for (i, (column, code)) in items.iter().enumerate() {
            let mut aliases = vec![column.clone()];
            aliases.extend(templates.iter().map(|t| t.replace("{ma}", code)));
            aliases.retain(|a| !fold_key(a).is_empty());
            v = v.with_field(Field::Item(i), column, aliases);
        }
        if items_required {
            v.required.extend((0..items.len()).map(Field::Item));
        }
        v
    }

    /// Lets `target` be read from the `parts` columns joined by a space when the file has no
    /// column for `target` itself. The join shows among the target's accepted names.
    pub fn with_join(mut self, target: Field, parts: &[Field]) -> Vocabulary {
        let label = |f: &Field| {
            self.names
                .iter()
                .find(|(g, _, _)| g == f)
                .map_or_else(String::new, |(_, n, a)| a.get(1).unwrap_or(n).clone())
        };
        let shown = parts.iter().map(label).collect::<Vec<_>>().join(" + ");
        if let Some((_, _, aliases)) = self.names.iter_mut().find(|(g, _, _)| *g == target) {
            aliases.insert(aliases.len().min(1), format!("hai cột {shown}"));
        }
        self.joins.push((target, parts.to_vec()));
        self
    }

    pub fn field_of(&self, header: &str) -> Option<Field> {
        match self.match_header(header) {
            HeaderMatch::Field(f) => Some(f),
            _ => None,
        }
    }

    pub fn display(&self, field: Field) -> &str {
        self.names.iter().find(|(f, _, _)| *f == field).map_or("?", |(_, n, _)| n)
    }
}

/// The result of reading a header row.
#[derive(Debug, Clone, Default)]
pub struct HeaderMap {
    /// Column index of each mapped field.
    pub columns: HashMap<Field, usize>,
    /// The header text of every column, as written.
    pub headers: Vec<String>,
    /// Columns that matched no field (reported, otherwise ignored).
    pub ignored: Vec<String>,
    /// How many rows the header took (1, or 2 for a two-row header).
    pub rows: usize,
    /// The number of columns the file has; `headers` may go on with joined columns.
    pub width: usize,
    /// Joined columns: the index each is read at, and the file columns joined into it.
    pub joins: Vec<(usize, Vec<usize>)>,
    /// Fields read from one of several columns, and the field of the column chosen (the id
    /// and its kind): each column maps to one field only.
    pub chosen: Vec<(Field, Field)>,
}

impl HeaderMap {
    pub fn col(&self, field: Field) -> Option<usize> {
        self.columns.get(&field).copied()
    }

    pub fn header_of(&self, field: Field) -> &str {
        self.col(field).and_then(|c| self.headers.get(c)).map_or("", String::as_str)
    }

    /// Appends the joined columns to a record read from the file (no-op without joins).
    pub fn extend_record(&self, rec: &mut StringRecord) {
        if self.joins.is_empty() {
            return;
        }
        while rec.len() < self.width {
            rec.push_field("");
        }
        rec.truncate(self.width);
        let mut joined = String::new();
        for (_, parts) in &self.joins {
            joined.clear();
            for v in parts.iter().filter_map(|&c| rec.get(c)).map(str::trim).filter(|v| !v.is_empty()) {
                if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(v);
            }
            rec.push_field(&joined);
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderError {
    NotFound,
    Duplicate {
        field: String,
        first: String,
        second: String,
    },
    /// Required fields with no column: which row was judged the header (index in the rows
    /// searched, and how many rows it took), what its columns matched, and every accepted name
    /// of each missing field.
    Missing {
        at: usize,
        rows: usize,
        matched: Vec<Matched>,
        missing: Vec<(String, Vec<String>)>,
    },
}

/// A header cell that matched a field: column index, the cell as written, the field's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matched {
    pub column: usize,
    pub header: String,
    pub field: String,
}

/// A field found in two columns: the field, the first column, the second.
type Clash = (Field, usize, usize);

/// Maps one candidate header (one row, or two rows read together column by column).
fn map_row(vocab: &Vocabulary, cells: &[String]) -> (HashMap<Field, usize>, Vec<Clash>) {
    let mut columns = HashMap::new();
    let mut clashes = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        if let Some(f) = vocab.field_of(cell) {
            match columns.get(&f) {
                Some(&first) => clashes.push((f, first, i)),
                None => {
                    columns.insert(f, i);
                }
            }
        }
    }
    (columns, clashes)
}

/// A row of the title area: its cells trimmed, and the field each maps to (looked up once:
/// every row is tried alone, as the lower half of a pair and as the upper half of the next).
struct Mapped {
    cells: Vec<String>,
    fields: Vec<Option<Field>>,
}

impl Mapped {
    fn of(row: &StringRecord, vocab: &Vocabulary) -> Mapped {
        let cells: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
        let fields = cells.iter().map(|c| vocab.field_of(c)).collect();
        Mapped { cells, fields }
    }

    /// How many fields the row maps (a field named twice counts once, as in [`map_row`]).
    fn count(&self) -> usize {
        let mut seen: Vec<Field> = Vec::new();
        for f in self.fields.iter().flatten() {
            if !seen.contains(f) {
                seen.push(*f);
            }
        }
        seen.len()
    }
}

/// Reads a merged two-row header column by column: the lower cell when it maps to a field,
/// otherwise the upper one ("Chỉ số" merged above "1.1 … 3.2").
fn combine(upper: &Mapped, lower: &Mapped, vocab: &Vocabulary) -> Mapped {
    let n = upper.cells.len().max(lower.cells.len());
    let mut out = Mapped { cells: Vec::with_capacity(n), fields: Vec::with_capacity(n) };
    for i in 0..n {
        let up = upper.cells.get(i).map_or("", String::as_str);
        let up_field = upper.fields.get(i).copied().flatten();
        let low = lower.cells.get(i).map_or("", String::as_str);
        let low_field = lower.fields.get(i).copied().flatten();
        let (cell, field) = if !low.is_empty() && (low_field.is_some() || up.is_empty()) {
            (low.to_string(), low_field)
        } else if low.is_empty() {
            (up.to_string(), up_field)
        } else {
            let both = format!("{up} {low}");
            match vocab.field_of(&both) {
                Some(f) => (both, Some(f)),
                None => (up.to_string(), up_field),
            }
        };
        out.cells.push(cell);
        out.fields.push(field);
    }
    out
}

/// Finds the header among the first rows: the row (or pair of rows) that maps the most fields.
/// Returns the header and the index of the first data row in `rows`.
pub fn find_header(rows: &[StringRecord], vocab: &Vocabulary) -> Result<(HeaderMap, usize), HeaderError> {
    let mapped: Vec<Mapped> = rows.iter().take(MAX_TITLE_ROWS + 1).map(|r| Mapped::of(r, vocab)).collect();
    let mut best: Option<(usize, Vec<String>, usize)> = None; // (mapped, cells, rows used)
    let mut best_at = 0;
    for (r, row) in mapped.iter().enumerate().take(MAX_TITLE_ROWS) {
        let single_mapped = row.count();
        let mut candidate = (single_mapped, None, 1);
        // Two rows count as one header only when together they map more than either alone.
        if let Some(next) = mapped.get(r + 1) {
            let pair = combine(row, next, vocab);
            let count = pair.count();
            if count > single_mapped && count > next.count() {
                candidate = (count, Some(pair.cells), 2);
            }
        }
        if candidate.0 > best.as_ref().map_or(1, |b| b.0) {
            let (count, cells, used) = candidate;
            best = Some((count, cells.unwrap_or_else(|| row.cells.clone()), used));
            best_at = r;
        }
    }
    let Some((_, mut headers, used)) = best else { return Err(HeaderError::NotFound) };
    let (mut columns, clashes) = map_row(vocab, &headers);
    if let Some((f, a, b)) = clashes.first() {
        return Err(HeaderError::Duplicate {
            field: vocab.display(*f).to_string(),
            first: headers[*a].clone(),
            second: headers[*b].clone(),
        });
    }
    let width = headers.len();
    let mut joins = Vec::new();
    for (target, parts) in &vocab.joins {
        let cols: Option<Vec<usize>> = parts.iter().map(|p| columns.get(p).copied()).collect();
        if let (false, Some(cols)) = (columns.contains_key(target), cols) {
            let shown: Vec<&str> = cols.iter().map(|&c| headers[c].as_str()).collect();
            let joined = shown.join(" + ");
            columns.insert(*target, headers.len());
            headers.push(joined);
            joins.push((headers.len() - 1, cols));
        } else {
            // The file has the whole field (or only some parts): the parts are not used.
            for p in parts {
                columns.remove(p);
            }
        }
    }
    let mut chosen = Vec::new();
    for (target, options) in &vocab.choices {
        if !columns.contains_key(target)
            && let Some((o, c)) = options.iter().find_map(|o| columns.get(o).map(|c| (*o, *c)))
        {
            columns.remove(&o);
            columns.insert(*target, c);
            chosen.push((*target, o));
        }
    }
    let missing: Vec<(String, Vec<String>)> = vocab
        .required
        .iter()
        .filter(|f| !columns.contains_key(f))
        .map(|f| {
            let (_, name, aliases) = vocab.names.iter().find(|(g, _, _)| g == f).expect("field listed");
            (name.clone(), aliases.clone())
        })
        .collect();
    if !missing.is_empty() {
        let mut matched: Vec<Matched> = columns
            .iter()
            .map(|(f, &c)| Matched { column: c, header: headers[c].clone(), field: vocab.display(*f).to_string() })
            .collect();
        matched.sort_by_key(|m| m.column);
        return Err(HeaderError::Missing { at: best_at, rows: used, matched, missing });
    }
    let ignored = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !h.is_empty() && !columns.values().any(|c| c == i))
        .map(|(_, h)| vocab.describe_unmapped(h))
        .collect();
    Ok((HeaderMap { columns, headers, ignored, rows: used, width, joins, chosen }, best_at + used))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::criteria::embedded;
    use crate::input::person::roster_vocabulary;
    use crate::input::units::unit_vocabulary;

    #[test]
    fn numbers_dates_and_codes_never_match_a_header() {
        let v = roster_vocabulary(&embedded());
        for cell in ["11", "3/2", "-3", "32", "1,1", "15/03/2010", "2025"] {
            assert_eq!(v.field_of(cell), None, "{cell}");
        }
        assert_eq!(v.field_of("1.1"), Some(Field::Item(0)));
        assert_eq!(v.field_of(" 3.2 "), Some(Field::Item(9)));
        assert_eq!(v.field_of("Chỉ số 1.1 (10 điểm)"), Some(Field::Item(0)));
        assert_eq!(v.field_of("Tiêu chí 2.4"), Some(Field::Item(7)));
    }

    #[test]
    fn letters_are_compared_with_their_marks_unless_nothing_matches_exactly() {
        let u = unit_vocabulary(&embedded());
        assert_eq!(u.field_of("Năm"), Some(Field::Named("nam_danh_gia")));
        assert_eq!(u.field_of("Nam"), None, "a count of men is not the year");
        let v = roster_vocabulary(&embedded());
        assert_eq!(v.field_of("Ho va ten"), Some(Field::Named("ho_ten")), "several words typed without marks");
        assert_eq!(v.field_of("HỌ VÀ TÊN:"), Some(Field::Named("ho_ten")));
        assert_eq!(v.field_of("Ten"), Some(Field::Named("ten")), "the canonical name");
        assert_eq!(v.field_of("Tến"), None);
    }

    #[test]
    fn an_ambiguous_name_is_reported_not_guessed() {
        let named =
            vec![("a".to_string(), vec!["Mã cơ sở".to_string()]), ("b".to_string(), vec!["Mà cổ sơ".to_string()])];
        let v = Vocabulary::new(&named, &["a", "b"], &[], &[], &[], false);
        assert_eq!(v.field_of("Mã cơ sở"), Some(Field::Named("a")));
        assert_eq!(v.match_header("Ma co so"), HeaderMatch::Ambiguous(vec![Field::Named("a"), Field::Named("b")]));
        assert!(v.describe_unmapped("Ma co so").contains("có thể là a hoặc b"));
    }
}
