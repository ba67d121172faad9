//! The one place that decides how a file is read: by its extension and content, with the
//! user's overrides. Subcommands never build a reader themselves.

use encoding_rs::Encoding;

use super::csv_source::{CsvSource, RecordSource};
use super::decode::{self, Checksum};
use super::{InputError, Source};

/// The user's overrides for reading tables.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub delimiter: Option<u8>,
    pub encoding: Option<&'static Encoding>,
}

/// What was learnt while opening a table, for `inspect` and messages.
#[derive(Debug, Clone)]
pub struct TableInfo {
    pub format: String,
    pub encoding: Option<String>,
    pub delimiter: Option<u8>,
}

pub struct OpenedTable {
    pub records: Box<dyn RecordSource>,
    pub info: TableInfo,
    pub checksum: Checksum,
}

pub fn open_table(source: &Source, options: &ReadOptions) -> Result<OpenedTable, InputError> {
    crate::crash::reading(source);
    let (raw, checksum) = decode::open_raw(source)?;
    let decoded = decode::decode(source, raw, options.encoding)?;
    let encoding = decoded.info.encoding.name().to_string();
    let csv = CsvSource::open(source, decoded, options.delimiter)?;
    let info = TableInfo { format: "CSV".into(), encoding: Some(encoding), delimiter: Some(csv.delimiter) };
    Ok(OpenedTable { records: Box::new(csv), info, checksum })
}
