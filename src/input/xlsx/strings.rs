//! Strings of a workbook: the shared-strings part (`xl/sharedStrings.xml`, read once per
//! workbook and shared by the sheets' threads) and the rich-text items it and inline cells
//! (`<is>`) hold.
//!
//! An item's text is every `<t>` it holds, in order (plain, or the runs `<r><t>` of rich
//! text), phonetic guides (`<rPh>`) left out; a `<t>` is trimmed of ASCII blanks unless it
//! says `xml:space="preserve"`, then Excel's `_xHHHH_` escapes are decoded: as calamine reads
//! them (`xlsx::read_string_with_bufs`).

use std::io::Read;

use super::chunks::Chunks;
use super::scan::{BadText, Scanner, Token, attr, local, push_cdata, push_text, push_unescaped};
use super::{ReadError, fill};

/// Every shared string in one buffer.
#[derive(Default)]
pub struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    pub fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)?;
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        Some(&self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Reads the shared-strings part.
    pub fn read(part: impl Read) -> Result<SharedStrings, ReadError> {
        let mut chunks = Chunks::new(part);
        let mut out = SharedStrings::default();
        let mut started = false;
        loop {
            let step = {
                let mut sc = Scanner::new(chunks.data());
                let mut done = false;
                let mut kept = 0;
                while let Some(token) = sc.token() {
                    match token {
                        Token::Start { name, empty, .. } if local(name) == b"si" => {
                            if empty {
                                out.ends.push(out.text.len());
                            } else {
                                let start = out.text.len();
                                if item(&mut sc, name, &mut out.text)?.is_none() {
                                    out.text.truncate(start);
                                    break;
                                }
                                out.ends.push(out.text.len());
                            }
                        }
                        Token::Start { name, empty, .. } if local(name) == b"sst" => {
                            started = true;
                            done = empty;
                        }
                        Token::End { name } if local(name) == b"sst" => done = true,
                        _ => {}
                    }
                    kept = sc.pos;
                    if done {
                        break;
                    }
                }
                (kept, done)
            };
            chunks.consume(step.0);
            if step.1 {
                break;
            }
            if !fill(&mut chunks, "chuỗi dùng chung")? {
                if !started {
                    return Err(ReadError::new("phần chuỗi dùng chung (sharedStrings.xml) không có thẻ <sst>"));
                }
                return Err(ReadError::new("phần chuỗi dùng chung (sharedStrings.xml) bị cắt cụt"));
            }
        }
        Ok(out)
    }
}

/// Reads a string item after its start tag `closing` up to its end tag, appending its text to
/// `out`; `None` when the item does not end within the slice.
pub fn item(sc: &mut Scanner<'_>, closing: &[u8], out: &mut String) -> Result<Option<()>, ReadError> {
    let mut phonetic = false;
    while let Some(token) = sc.token() {
        match token {
            Token::Start { name, empty, .. } if local(name) == b"rPh" => phonetic = !empty,
            Token::End { name } if name == closing => return Ok(Some(())),
            Token::End { name } if local(name) == b"rPh" => phonetic = false,
            Token::Start { name, attrs, empty } if local(name) == b"t" && !phonetic => {
                let preserve = attr(attrs, b"xml:space").map_err(ReadError::attribute)? == Some(b"preserve");
                // The text goes straight onto `out`, then is trimmed and unescaped in place.
                let start = out.len();
                if !empty {
                    loop {
                        match sc.token() {
                            None => return Ok(None),
                            Some(Token::Text(t)) => push_text(t, out).map_err(ReadError::text)?,
                            Some(Token::CData(t)) => push_cdata(t, out).map_err(ReadError::text)?,
                            Some(Token::End { name: end }) if end == name => break,
                            Some(_) => {}
                        }
                    }
                }
                if !preserve {
                    const BLANKS: [char; 4] = [' ', '\t', '\r', '\n'];
                    let end = start + out[start..].trim_end_matches(BLANKS).len();
                    out.truncate(end);
                    let lead = out[start..].len() - out[start..].trim_start_matches(BLANKS).len();
                    out.drain(start..start + lead);
                }
                if out[start..].contains("_x") {
                    let text = out.split_off(start);
                    push_unescaped(&text, out);
                }
            }
            _ => {}
        }
    }
    Ok(None)
}

impl From<BadText> for ReadError {
    fn from(e: BadText) -> ReadError {
        ReadError::new(e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared(xml: &str) -> Vec<String> {
        let s = SharedStrings::read(xml.as_bytes()).unwrap();
        (0..s.len()).map(|i| s.get(i).unwrap().to_string()).collect()
    }

    #[test]
    fn plain_rich_phonetic_and_escaped_items() {
        let xml = r#"<?xml version="1.0"?><sst xmlns="x" count="5"><si><t>  Hà Nội </t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Nguyễn </t></r><r><t>Văn A</t></r></si><si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si><si/><si><t>a&amp;b_x000D_c</t></si><si><t/></si></sst>"#;
        assert_eq!(shared(xml), ["Hà Nội", "Nguyễn Văn A", "漢字", "", "a&b\rc", ""]);
    }

    use crate::trickle::Trickle;

    #[test]
    fn strings_split_across_reads_come_whole() {
        let xml = r#"<sst><si><t>Nguyễn Văn Ánh</t></si><si><r><t xml:space="preserve">a </t></r><r><t>&amp; b</t></r></si></sst>"#;
        for step in [1, 2, 5] {
            let s = SharedStrings::read(Trickle(xml.as_bytes(), step)).unwrap();
            assert_eq!((s.get(0), s.get(1), s.len()), (Some("Nguyễn Văn Ánh"), Some("a & b"), 2));
        }
    }

    #[test]
    fn a_part_without_its_end_is_refused() {
        assert!(SharedStrings::read(&b"<sst><si><t>a</t></si>"[..]).is_err());
        assert!(SharedStrings::read(&b"<x/>"[..]).is_err());
    }
}
