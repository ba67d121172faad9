//! A report as a table: its columns (declared once per report, in the report's own module) and
//! its rows. Every renderer in `render/` draws this one structure, so the terminal table, CSV,
//! JSON, Excel and HTML of a view never disagree.

use crate::model::mark::OutputKind;
use crate::number::Rate;

/// Which renderings show a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// Every rendering.
    All,
    /// Files for programs and filing (CSV, JSON, Excel): the full set of fields.
    Data,
    /// Renderings for people (terminal table, HTML): a shorter, composed cell.
    Screen,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// The CSV header and JSON key: a file-format field, so Vietnamese without diacritics.
    pub key: String,
    /// The heading people read.
    pub title: String,
    pub show: Show,
}

impl Column {
    pub fn new(key: impl Into<String>, title: impl Into<String>) -> Column {
        Column { key: key.into(), title: title.into(), show: Show::All }
    }

    pub fn data(mut self) -> Column {
        self.show = Show::Data;
        self
    }

    pub fn screen(mut self) -> Column {
        self.show = Show::Screen;
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text that may come from the user's files: neutralised against formulas when written.
    Text(String),
    Count(u64),
    /// A rate; empty when nobody is counted. Excel shows it as a percentage.
    Rate(Option<Rate>),
    /// A number this program wrote as text (a signed change, "+3", "-1.25"), or nothing.
    Figure(String),
}

impl Value {
    pub fn text(&self) -> String {
        match self {
            Value::Text(s) | Value::Figure(s) => s.clone(),
            Value::Count(n) => n.to_string(),
            Value::Rate(r) => r.map_or_else(String::new, |r| r.to_string()),
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Value::Text(_))
    }
}

/// How a renderer may set a cell or row apart (colour in a table or workbook, a class in HTML).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tone {
    #[default]
    Plain,
    Good,
    Bad,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub value: Value,
    /// What people see instead of the value, when it differs ("✓ Đạt", a blank for 0).
    pub shown: Option<String>,
    pub tone: Tone,
}

impl Cell {
    pub fn screen_text(&self) -> String {
        self.shown.clone().unwrap_or_else(|| self.value.text())
    }
}

impl From<Value> for Cell {
    fn from(value: Value) -> Cell {
        Cell { value, shown: None, tone: Tone::Plain }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Value::Text(s.to_string()).into()
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Value::Text(s).into()
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Value::Count(n).into()
    }
}

impl From<Option<Rate>> for Cell {
    fn from(r: Option<Rate>) -> Cell {
        Value::Rate(r).into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub cells: Vec<Cell>,
    /// A row below target is `Bad`.
    pub tone: Tone,
    /// The total row: bold, and kept below the rows a filter sorts.
    pub total: bool,
}

impl Row {
    pub fn new(cells: Vec<Cell>) -> Row {
        Row { cells, tone: Tone::Plain, total: false }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// What the output is, for its mark (see [`crate::model::mark`]).
    pub kind: OutputKind,
    /// The sheet's name in a workbook and the title of a page.
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Lines printed under a table or page ("3 / 4 đơn vị đạt mục tiêu").
    pub footer: String,
    /// The JSON of the view, when it has a serde model of its own (same keys as the columns);
    /// otherwise JSON is an array of objects keyed by the columns.
    pub json: Option<String>,
}

impl Sheet {
    pub fn new(kind: OutputKind, title: impl Into<String>, columns: Vec<Column>) -> Sheet {
        Sheet { kind, title: title.into(), columns, rows: Vec::new(), footer: String::new(), json: None }
    }

    /// Adds a row; its cells must follow the columns.
    pub fn push(&mut self, row: Row) {
        debug_assert_eq!(row.cells.len(), self.columns.len(), "row of {}", self.title);
        self.rows.push(row);
    }

    /// The JSON of a view's serde model.
    pub fn with_json<T: serde::Serialize + ?Sized>(mut self, model: &T) -> Sheet {
        self.json = Some(serde_json::to_string_pretty(model).expect("view serialises"));
        self
    }

    /// Indices of the columns a rendering shows: for people (`screen`) or for files.
    pub fn shown(&self, screen: bool) -> Vec<usize> {
        let wanted = if screen { Show::Screen } else { Show::Data };
        (0..self.columns.len())
            .filter(|&i| matches!(self.columns[i].show, Show::All) || self.columns[i].show == wanted)
            .collect()
    }
}

/// A column declared with the cell it takes from a row of type `R`: a report's columns are one
/// `const` array of these, which every renderer then follows.
pub struct Field<R> {
    pub key: &'static str,
    pub title: &'static str,
    pub show: Show,
    pub cell: fn(&R) -> Cell,
}

impl<R> Field<R> {
    pub const fn all(key: &'static str, title: &'static str, cell: fn(&R) -> Cell) -> Field<R> {
        Field { key, title, show: Show::All, cell }
    }

    pub const fn data(key: &'static str, title: &'static str, cell: fn(&R) -> Cell) -> Field<R> {
        Field { key, title, show: Show::Data, cell }
    }

    pub const fn screen(key: &'static str, title: &'static str, cell: fn(&R) -> Cell) -> Field<R> {
        Field { key, title, show: Show::Screen, cell }
    }
}

/// The columns of a field list.
pub fn columns<R>(fields: &[Field<R>]) -> Vec<Column> {
    fields.iter().map(|f| Column { key: f.key.to_string(), title: f.title.to_string(), show: f.show }).collect()
}

/// One row's cells from a field list.
pub fn cells<R>(fields: &[Field<R>], row: &R) -> Vec<Cell> {
    fields.iter().map(|f| (f.cell)(row)).collect()
}
