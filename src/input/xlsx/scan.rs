//! The XML of a workbook's parts read as tags and text over a slice of bytes: the smallest
//! tokenizer the cell and string readers need (see the module documentation of [`super`] for
//! why it is not quick-xml's reader). A token is returned only when it is complete in the
//! slice; the caller then fetches more bytes and scans again from a point it kept.

use quick_xml::events::BytesText;

/// One piece of XML.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Token<'a> {
    /// `<name attrs>` or `<name attrs/>` (`empty`).
    Start { name: &'a [u8], attrs: &'a [u8], empty: bool },
    /// `</name>`.
    End { name: &'a [u8] },
    /// Raw text between tags (entities not resolved).
    Text(&'a [u8]),
    /// The content of `<![CDATA[...]]>`.
    CData(&'a [u8]),
    /// A comment, a processing instruction, a declaration.
    Other,
}

/// The local part of a qualified name (`x:c` → `c`).
#[inline]
pub fn local(name: &[u8]) -> &[u8] {
    // Names are short: a loop beats a call to memchr.
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// Two short names equal (a loop: names are a few bytes, shorter than a call to memcmp).
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Tokens of a slice, from a position.
pub struct Scanner<'a> {
    data: &'a [u8],
    pub pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(data: &'a [u8]) -> Scanner<'a> {
        Scanner { data, pos: 0 }
    }

    /// The bytes from the position on.
    #[inline]
    pub fn rest(&self) -> &'a [u8] {
        &self.data[self.pos.min(self.data.len())..]
    }

    /// The next complete token, or `None` when the rest of the slice holds none (more bytes
    /// are needed, or the part has ended).
    #[inline]
    pub fn token(&mut self) -> Option<Token<'a>> {
        let data = self.data;
        let start = self.pos;
        if start >= data.len() {
            return None;
        }
        if data[start] != b'<' {
            // Text runs to the next tag; in sheet XML it is a short value.
            let mut end = start;
            while end < data.len() && data[end] != b'<' {
                end += 1;
            }
            if end == data.len() {
                return None;
            }
            self.pos = end;
            return Some(Token::Text(&data[start..end]));
        }
        let rest = &data[start + 1..];
        match rest.first()? {
            b'/' => {
                let gt = memchr::memchr(b'>', rest)?;
                self.pos = start + 1 + gt + 1;
                Some(Token::End { name: rest[1..gt].trim_ascii_end() })
            }
            b'!' => {
                if rest.starts_with(b"![CDATA[") {
                    let end = memchr::memmem::find(&rest[8..], b"]]>")?;
                    self.pos = start + 1 + 8 + end + 3;
                    Some(Token::CData(&rest[8..8 + end]))
                } else if rest.starts_with(b"!--") {
                    let end = memchr::memmem::find(&rest[3..], b"-->")?;
                    self.pos = start + 1 + 3 + end + 3;
                    Some(Token::Other)
                } else if rest.len() < 8 {
                    // "<![CDATA[" or "<!--" may not be whole yet.
                    None
                } else {
                    let gt = memchr::memchr(b'>', rest)?;
                    self.pos = start + 1 + gt + 1;
                    Some(Token::Other)
                }
            }
            b'?' => {
                let end = memchr::memmem::find(rest, b"?>")?;
                self.pos = start + 1 + end + 2;
                Some(Token::Other)
            }
            _ => {
                // The name, then attributes up to a '>' outside quotes.
                let mut i = 0;
                while i < rest.len() && !matches!(rest[i], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                let name_end = i;
                let mut quote = 0u8;
                loop {
                    let b = *rest.get(i)?;
                    if quote != 0 {
                        if b == quote {
                            quote = 0;
                        }
                    } else if b == b'>' {
                        break;
                    } else if b == b'"' || b == b'\'' {
                        quote = b;
                    }
                    i += 1;
                }
                let empty = i > name_end && rest[i - 1] == b'/';
                let attrs_end = if empty { i - 1 } else { i };
                self.pos = start + 1 + i + 1;
                Some(Token::Start { name: &rest[..name_end], attrs: &rest[name_end..attrs_end], empty })
            }
        }
    }
}

/// A malformed attribute list.
#[derive(Debug)]
pub struct BadAttribute;

/// The attributes of a tag as (key, raw value) pairs, keys with their prefix.
pub struct Attrs<'a> {
    raw: &'a [u8],
    pos: usize,
}

impl<'a> Attrs<'a> {
    pub fn new(raw: &'a [u8]) -> Attrs<'a> {
        Attrs { raw, pos: 0 }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<(&'a [u8], &'a [u8]), BadAttribute>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let raw = self.raw;
        let mut pos = self.pos;
        while pos < raw.len() && raw[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= raw.len() {
            self.pos = pos;
            return None;
        }
        self.pos = raw.len();
        let key_start = pos;
        while pos < raw.len() && raw[pos] != b'=' {
            pos += 1;
        }
        if pos >= raw.len() {
            return Some(Err(BadAttribute));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < raw.len() && raw[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match raw.get(pos) {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => return Some(Err(BadAttribute)),
        };
        let value_start = pos + 1;
        let mut end = value_start;
        while end < raw.len() && raw[end] != quote {
            end += 1;
        }
        if end == raw.len() {
            return Some(Err(BadAttribute));
        }
        self.pos = end + 1;
        Some(Ok((key, &raw[value_start..end])))
    }
}

/// The raw value of attribute `key` (exact, prefix included).
pub fn attr<'a>(raw: &'a [u8], key: &[u8]) -> Result<Option<&'a [u8]>, BadAttribute> {
    for a in Attrs::new(raw) {
        let (k, v) = a?;
        if k == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// The raw value of the attribute whose local name is `key` (`r:id` for `id`).
pub fn attr_local<'a>(raw: &'a [u8], key: &[u8]) -> Result<Option<&'a [u8]>, BadAttribute> {
    for a in Attrs::new(raw) {
        let (k, v) = a?;
        if local(k) == key {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Text that is not what XML allows (bad UTF-8, an unknown entity).
#[derive(Debug)]
pub struct BadText(pub String);

/// Raw bytes as UTF-8.
pub fn utf8(raw: &[u8]) -> Result<&str, BadText> {
    std::str::from_utf8(raw).map_err(|_| BadText("chữ không phải UTF-8".into()))
}

/// Appends raw XML text as its characters: line ends normalized as XML 1.0 says, then entities
/// and character references resolved (the order quick-xml's events give).
pub fn push_text(raw: &[u8], out: &mut String) -> Result<(), BadText> {
    let text = utf8(raw)?;
    if !text.contains(['\r', '&']) {
        out.push_str(text);
        return Ok(());
    }
    let text = BytesText::from_escaped(text);
    let normal = text.xml10_content();
    let resolved = quick_xml::escape::unescape(&normal).map_err(|e| BadText(format!("thực thể XML sai: {e}")))?;
    out.push_str(&resolved);
    Ok(())
}

/// Appends CDATA content (line ends normalized, no entities).
pub fn push_cdata(raw: &[u8], out: &mut String) -> Result<(), BadText> {
    out.push_str(&BytesText::from_escaped(utf8(raw)?).xml10_content());
    Ok(())
}

/// An attribute value with its entities resolved.
pub fn attr_text(raw: &[u8]) -> Result<String, BadText> {
    let text = utf8(raw)?;
    quick_xml::escape::unescape(text).map(|c| c.into_owned()).map_err(|e| BadText(format!("thực thể XML sai: {e}")))
}

/// Excel writes characters XML cannot hold as `_xHHHH_` (a UTF-16 unit: `_x000D_` is a carriage
/// return, a pair of them a character beyond the BMP) and a literal `_x` as `_x005F_x`. Decoded
/// as calamine decodes them (`utils::unescape_xml`), so that both readers give the same text.
pub fn push_unescaped(text: &str, out: &mut String) {
    let Some(mut found) = find_escape(text, 0) else {
        out.push_str(text);
        return;
    };
    let mut copied = 0;
    loop {
        let (mut index, unit) = found;
        out.push_str(&text[copied..index]);
        index += ESCAPE_LEN;
        match unit {
            0xD800..=0xDBFF => match parse_escape(text, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += ESCAPE_LEN;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find_escape(text, index) {
            Some(next) => found = next,
            None => break,
        }
    }
    out.push_str(&text[copied..]);
}

const ESCAPE_LEN: usize = 7;

fn find_escape(text: &str, mut start: usize) -> Option<(usize, u16)> {
    while let Some(offset) = memchr::memchr(b'_', &text.as_bytes()[start..]) {
        let index = start + offset;
        if let Some(unit) = parse_escape(text, index) {
            return Some((index, unit));
        }
        start = index + 1;
    }
    None
}

fn parse_escape(text: &str, index: usize) -> Option<u16> {
    let b = text.as_bytes().get(index..index + ESCAPE_LEN)?;
    if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' || !b[2..6].iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
}

/// A decimal number of digits only (what a style or string index is); `None` otherwise.
pub fn digits(raw: &[u8]) -> Option<usize> {
    if raw.is_empty() {
        return None;
    }
    let mut n: usize = 0;
    for &b in raw {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(xml: &[u8]) -> Vec<Token<'_>> {
        let mut s = Scanner::new(xml);
        std::iter::from_fn(|| s.token()).collect()
    }

    #[test]
    fn tags_text_and_the_rest() {
        let t = tokens(
            b"<?xml version=\"1.0\"?><x:c r=\"A1\" t='s'><v>3</v></x:c><c a=\"1>2\"/><!-- <c> --><![CDATA[a<b]]><z>",
        );
        assert_eq!(t[0], Token::Other);
        assert_eq!(t[1], Token::Start { name: b"x:c", attrs: b" r=\"A1\" t='s'", empty: false });
        assert_eq!(t[2], Token::Start { name: b"v", attrs: b"", empty: false });
        assert_eq!(t[3], Token::Text(b"3"));
        assert_eq!(t[4], Token::End { name: b"v" });
        assert_eq!(t[5], Token::End { name: b"x:c" });
        assert_eq!(t[6], Token::Start { name: b"c", attrs: b" a=\"1>2\"", empty: true });
        assert_eq!(t[7], Token::Other);
        assert_eq!(t[8], Token::CData(b"a<b"));
        assert_eq!(t[9], Token::Start { name: b"z", attrs: b"", empty: false });
        assert_eq!(t.len(), 10);
    }

    #[test]
    fn an_unfinished_token_is_not_returned() {
        for xml in [&b"<c r=\"A1"[..], b"12", b"</c", b"<!-- x", b"<![CDATA[x]]", b"<!-"] {
            let mut s = Scanner::new(xml);
            assert_eq!(s.token(), None, "{}", String::from_utf8_lossy(xml));
            assert_eq!(s.pos, 0);
        }
    }

    #[test]
    fn attributes_by_key() {
        let raw = b" r=\"B7\" s = '3' r:id=\"rId2\"";
        assert_eq!(attr(raw, b"s").unwrap(), Some(&b"3"[..]));
        assert_eq!(attr(raw, b"id").unwrap(), None);
        assert_eq!(attr_local(raw, b"id").unwrap(), Some(&b"rId2"[..]));
        assert!(attr(b" r=B7", b"r").is_err());
        assert!(attr(b" r", b"r").is_err());
    }

    #[test]
    fn text_is_decoded_as_xml_says() {
        let mut out = String::new();
        push_text(b"a&amp;b&#x41;&#66;\r\nc\rd", &mut out).unwrap();
        assert_eq!(out, "a&bAB\nc\nd");
        assert!(push_text(b"&nope;", &mut String::new()).is_err());
        assert!(push_text(b"\xff", &mut String::new()).is_err());
    }

    #[test]
    fn excel_escapes() {
        let mut out = String::new();
        push_unescaped("a_x000D_b_x005F_x000D__xD83D__xDE00__xD800_z_x12_", &mut out);
        assert_eq!(out, "a\rb_x000D_😀\u{FFFD}z_x12_");
    }

    #[test]
    fn digit_runs() {
        assert_eq!(digits(b"0042"), Some(42));
        assert_eq!(digits(b""), None);
        assert_eq!(digits(b"1a"), None);
        assert_eq!(digits(b"99999999999999999999999"), None);
    }
}
