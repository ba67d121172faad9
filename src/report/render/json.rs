//! JSON: the view's own serde model when it has one (the unit report, the summaries, the
//! comparison), else an array of objects keyed like the CSV columns.

use anyhow::Result;
use serde_json::{Map, Value as JsonValue};

use super::Renderer;
use crate::report::format::RenderOptions;
use crate::report::sheet::{Sheet, Value};

pub struct Json;

impl Renderer for Json {
    fn render(&self, sheet: &Sheet, _options: RenderOptions) -> Result<Vec<u8>> {
        let mut out = match &sheet.json {
            Some(text) => text.clone().into_bytes(),
            None => {
                let columns = sheet.shown(false);
                let rows: Vec<JsonValue> = sheet
                    .rows
                    .iter()
                    .map(|row| {
                        let mut object = Map::new();
                        for &i in &columns {
                            let value = match &row.cells[i].value {
                                Value::Count(n) => JsonValue::from(*n),
                                // Two decimals exactly as in CSV.
                                Value::Rate(Some(r)) => JsonValue::from(r.0 as f64 / 100.0),
                                Value::Rate(None) => JsonValue::Null,
                                Value::Text(s) | Value::Figure(s) => JsonValue::from(s.as_str()),
                            };
                            object.insert(sheet.columns[i].key.clone(), value);
                        }
                        JsonValue::Object(object)
                    })
                    .collect();
                serde_json::to_vec_pretty(&rows)?
            }
        };
        out.push(b'\n');
        Ok(out)
    }
}

/// A JSON array written an element at a time, one per line: the lists fed while a run reads
/// (`--tung-nguoi`, `--phat-hien`), which never wait whole in memory.
pub struct ArrayWriter {
    file: crate::output::AtomicFile,
    first: bool,
}

impl ArrayWriter {
    pub fn create(path: &std::path::Path) -> Result<ArrayWriter> {
        let mut file = crate::output::AtomicFile::create(path)?;
        std::io::Write::write_all(&mut file, b"[")?;
        Ok(ArrayWriter { file, first: true })
    }

    /// The file, its separator written, for the next element.
    pub fn element(&mut self) -> std::io::Result<&mut crate::output::AtomicFile> {
        std::io::Write::write_all(&mut self.file, if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        Ok(&mut self.file)
    }

    /// Closes the array and puts the file in place; `failed` names the list in a write error.
    pub fn finish(mut self, failed: impl Fn(std::io::Error) -> anyhow::Error) -> Result<()> {
        let end: &[u8] = if self.first { b"]\n" } else { b"\n]\n" };
        std::io::Write::write_all(&mut self.file, end).map_err(failed)?;
        self.file.commit()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::render::tests::sample;

    #[test]
    fn rows_become_objects_keyed_like_the_csv() {
        let out = Json.render(&sample(), RenderOptions::default()).unwrap();
        let v: JsonValue = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["ma_don_vi"], "=A1");
        assert_eq!(v[0]["so_nguoi"], 3);
        assert_eq!(v[0]["ty_le"], 66.67);
        assert!(v[0].get("muc_tieu").is_none(), "screen-only column");
        assert!(v[1]["ty_le"].is_null());
    }

    #[test]
    fn a_view_model_is_written_as_it_is() {
        let s = sample().with_json(&serde_json::json!({"a": 1}));
        assert_eq!(Json.render(&s, RenderOptions::default()).unwrap(), b"{\n  \"a\": 1\n}\n");
    }
}
