//! The merged blocks of an .xlsx sheet, found cheaply: the merge list sits after every cell in
//! the sheet's XML, so the sheet is inflated once and searched for it as bytes (no XML parsing
//! of the cells), and only the list itself is parsed: a tenth of the cost of scanning the cells.

use std::io::Read;

use calamine::Dimensions;
use quick_xml::events::Event;

/// The most bytes of a merge list kept (a million and a half blocks).
const MAX_LIST: usize = 64 << 20;

/// The merged blocks of a sheet, from its part as it inflates; an unreadable part has none
/// (its cells then fail with their own message).
pub fn merged_blocks(mut entry: impl Read) -> Vec<Dimensions> {
    // The last bytes of the previous piece sit before each new one: a tag can straddle two.
    const TAIL: usize = 64;
    let mut buf = vec![0u8; TAIL + (256 << 10)];
    let mut tail = 0;
    // The bytes from the start of the merge list on, once it is met.
    let mut kept: Vec<u8> = Vec::new();
    let mut found = false;
    loop {
        let n = match entry.read(&mut buf[tail..]) {
            Ok(n) => n,
            Err(e) if super::xlsx::checksum_only(&e) => 0,
            Err(_) => return Vec::new(),
        };
        if n == 0 {
            break;
        }
        let filled = tail + n;
        if found {
            kept.extend_from_slice(&buf[tail..filled]);
            if kept.len() > MAX_LIST {
                break;
            }
            continue;
        }
        if let Some(start) = list_start(&buf[..filled]) {
            kept.extend_from_slice(&buf[start..filled]);
            found = true;
            continue;
        }
        tail = filled.min(TAIL);
        buf.copy_within(filled - tail..filled, 0);
    }
    parse_list(&kept)
}

/// The merged blocks of a sheet whose part is inflated whole.
pub fn merged_blocks_in(xml: &[u8]) -> Vec<Dimensions> {
    match list_start(xml) {
        Some(start) => parse_list(&xml[start..xml.len().min(start + MAX_LIST)]),
        None => Vec::new(),
    }
}

/// Where the merge list's start tag (`<mergeCells`, with a prefix or not) begins: the words
/// "mergeCells" in a cell's text are passed over.
fn list_start(xml: &[u8]) -> Option<usize> {
    let finder = memchr::memmem::Finder::new(b"mergeCells");
    let mut from = 0;
    while let Some(found) = finder.find(&xml[from..]) {
        let at = from + found;
        let name = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
        match xml[..at].iter().rposition(|b| !name(b)) {
            Some(lt) if xml[lt] == b'<' && lt + 1 == at => return Some(lt),
            Some(colon) if xml[colon] == b':' => {
                if let Some(lt) = xml[..colon].iter().rposition(|b| !name(b))
                    && xml[lt] == b'<'
                {
                    return Some(lt);
                }
            }
            _ => {}
        }
        from = at + 1;
    }
    None
}

/// The blocks of a merge list, from its start tag on.
fn parse_list(xml: &[u8]) -> Vec<Dimensions> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "mergeCell" => {
                if let Some(value) = e.try_get_attribute("ref").ok().flatten()
                    && let Some(d) = parse_range(&value.value)
                {
                    out.push(d);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => break,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// "A5:B10" as 0-based (row, column) corners; one cell "A5" as a block of one.
fn parse_range(text: &str) -> Option<Dimensions> {
    let (a, b) = text.split_once(':').unwrap_or((text, text));
    let (start, end) = (parse_cell(a)?, parse_cell(b)?);
    Some(Dimensions { start, end })
}

fn parse_cell(text: &str) -> Option<(u32, u32)> {
    let text = text.trim().trim_start_matches('$');
    let letters = text.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut col = 0u32;
    for b in text[..letters].bytes() {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u32 = text[letters..].trim_start_matches('$').parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_found_by_its_tag_not_by_a_word_in_a_cell() {
        let xml = b"<sheetData><c><is><t>mergeCells</t></is></c></sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A1:A3\"/></x:mergeCells>";
        let want = vec![Dimensions { start: (0, 0), end: (2, 0) }];
        assert_eq!(merged_blocks_in(xml), want);
        assert_eq!(merged_blocks(&xml[..]), want);
        assert_eq!(merged_blocks_in(b"<c><is><t>&lt;mergeCells&gt;</t></is></c><mergeCell ref=\"A1:A3\"/>"), vec![]);
    }

    #[test]
    fn cell_references() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("$C$5"), Some((4, 2)));
        assert_eq!(parse_cell("AA10"), Some((9, 26)));
        assert_eq!(parse_cell("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("ABCD1"), None);
        assert_eq!(parse_range("B2:C9"), Some(Dimensions { start: (1, 1), end: (8, 2) }));
    }
}
