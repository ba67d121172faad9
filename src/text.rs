//! Text helpers shared by every input: NFC normalisation and the folded keys used to match
//! headers and values the way people type them.

use std::borrow::Cow;

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark, is_nfc_quick};

/// Returns `s` in Unicode NFC, borrowing when it already is (the common case).
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || matches!(is_nfc_quick(s.chars()), unicode_normalization::IsNormalized::Yes) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn line_col_counts_chars() {
        let t = "ab\nđc=x";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, t.find('=').unwrap()), (2, 3));
    }
}
