//! Text helpers shared by every input: NFC normalisation and the folded keys used to match
//! headers and values the way people type them.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// Returns `s` in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || surely_nfc(s) || matches!(is_nfc_quick(s.chars()), unicode_normalization::IsNormalized::Yes) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// A byte scan that proves most Vietnamese text is NFC without looking up any character:
/// every character below U+0300 and every one of Latin Extended Additional (U+1E00–U+1EFF,
/// where precomposed "ễ", "ợ" live) is NFC and starts no combination (a test checks each).
/// Only text with a combining mark or another script goes on to the full check.
pub fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        // ASCII, continuation bytes and two-byte leads up to 0xCB (U+02FF).
        if c < 0xCC {
            i += 1;
        } else if c == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB)) {
            i += 3;
        } else {
            return false;
        }
    }
    true
}

/// Folds a header or a value for matching: no diacritics (`đ` → `d`), lower case, letters and
/// digits only. "Mã định danh Bộ GD&ĐT" and "ma_dinh_danh_bo_gddt" fold alike.
pub fn fold_key(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Folds a header for matching with its Vietnamese marks kept: NFC, lower case, letters and
/// digits only. "Năm" and "Nam" differ; "Họ và tên" and "HỌ VÀ TÊN:" do not.
pub fn fold_marked(s: &str) -> String {
    nfc(s).chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect()
}

/// Folds a value for matching while keeping diacritics: "Không" and "Khong" differ, but case,
/// NFC/NFD and extra spaces do not.
pub fn fold_value(s: &str) -> String {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turns a byte offset in `text` into a 1-based (line, column) pair, column counted in chars.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary(offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Text for a terminal or a plain-text output with its control characters made visible:
/// `\u{1b}` instead of an escape that could retitle the terminal, move the cursor or erase the
/// lines above; `\r` instead of a return that overwrites the line; also the bidirectional
/// overrides that reorder what is shown. Line breaks are kept: they only add lines.
pub fn visible_controls(s: &str) -> Cow<'_, str> {
    let hidden =
        |c: char| (c.is_control() && c != '\n') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !s.chars().any(hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_made_visible() {
        assert_eq!(visible_controls("Lê\u{1b}]0;x\u{7}An"), "Lê\\u{1b}]0;x\\u{7}An");
        assert_eq!(visible_controls("a\rb\tc\nd\u{9b}e\u{202e}f"), "a\\u{d}b\\u{9}c\nd\\u{9b}e\\u{202e}f");
        assert!(matches!(visible_controls("Nguyễn Văn An\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn folds_headers_people_write() {
        assert_eq!(fold_key("Mã định danh Bộ GD&ĐT"), "madinhdanhbogddt");
        assert_eq!(fold_key("  CS 1.1 "), "cs11");
        assert_eq!(fold_key("chi_so_1_1"), fold_key("Chỉ số 1.1"));
    }

    #[test]
    fn nfd_and_nfc_values_fold_alike() {
        let nfd: String = "Học sinh".nfd().collect();
        assert_ne!(nfd, "Học sinh");
        assert_eq!(fold_value(&nfd), fold_value("HỌC  SINH"));
        assert_ne!(fold_value("Không"), fold_value("Khong"));
    }

    #[test]
    fn the_fast_nfc_ranges_are_nfc_and_start_no_combination() {
        use unicode_normalization::char::canonical_combining_class;
        let ranges = ('\u{0}'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in ranges {
            let s = c.to_string();
            assert!(surely_nfc(&s), "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(s.nfc().collect::<String>(), s, "{c:?}");
            // Nothing in these ranges composes with a following character either: a letter
            // followed by a combining mark is refused by the scan, so the full check decides.
        }
        for s in ["Nguyễn Văn Đức", "Trường THCS Ninh Hải", "037201001234", ""] {
            assert!(surely_nfc(s), "{s}");
        }
        let nfd: String = "Nguyễn".nfd().collect();
        assert!(!surely_nfc(&nfd));
        assert_eq!(nfc(&nfd), "Nguyễn");
        assert!(!surely_nfc("\u{1F71}"), "Greek Extended has singletons: left to the full check");
    }

    #[test]
    fn line_col_counts_chars() {
        let t = "ab\nđc=x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, t.find('=').unwrap()), (2, 3));
    }
}
