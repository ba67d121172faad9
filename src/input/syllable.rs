//! Whether a word can be one Vietnamese syllable: an initial consonant, a vowel nucleus with at
//! most one tone mark, and a final consonant, each from the short lists Vietnamese spelling
//! allows. Used to tell genuine Unicode text from text in a legacy font encoding: "Bình" is a
//! syllable, "B×nh" (TCVN3 read as Windows Latin) and "Coäng" (VNI) are not.
//!
//! Deliberately lenient (tone placement and which initial goes with which vowel are not
//! checked): it only has to reject the letter soup that a wrong encoding produces.

use unicode_normalization::UnicodeNormalization;

const INITIALS: [&str; 28] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g", "h", "k", "l", "m",
    "n", "p", "q", "r", "s", "t", "v", "x",
];
const FINALS: [&str; 9] = ["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];

/// Vowel nuclei (tone marks removed) that may take a final consonant.
const CLOSABLE: [&str; 26] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "iê", "oa", "oă", "oe", "oo", "ôô", "uâ", "uê", "uô",
    "uơ", "uy", "ươ", "yê", "uyê",
];
/// Nuclei that end in a glide, so nothing may follow them.
const OPEN_ONLY: [&str; 30] = [
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưi", "ưu", "oai",
    "oay", "oao", "oeo", "uây", "uôi", "uya", "ươi", "ươu", "iêu", "yêu", "uyu",
];

const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
const CIRCUMFLEX: char = '\u{302}';
const BREVE: char = '\u{306}';
const HORN: char = '\u{31B}';

/// Spells a word in bare letters (shape marks kept, tone dropped), or `None` when it holds a
/// letter or mark Vietnamese does not use, or more than one tone.
fn letters(word: &str) -> Option<String> {
    let mut out = String::new();
    let mut tones = 0;
    let mut pending: Option<char> = None;
    let mut shape: Option<char> = None;
    let flush = |out: &mut String, base: Option<char>, shape: Option<char>| -> Option<()> {
        let Some(b) = base else { return shape.is_none().then_some(()) };
        let c = match (b, shape) {
            (b, None) => b,
            ('a', Some(CIRCUMFLEX)) => 'â',
            ('e', Some(CIRCUMFLEX)) => 'ê',
            ('o', Some(CIRCUMFLEX)) => 'ô',
            ('a', Some(BREVE)) => 'ă',
            ('o', Some(HORN)) => 'ơ',
            ('u', Some(HORN)) => 'ư',
            _ => return None,
        };
        out.push(c);
        Some(())
    };
    for c in word.nfd().flat_map(char::to_lowercase) {
        if TONES.contains(&c) {
            if !pending.is_some_and(is_vowel) {
                return None;
            }
            tones += 1;
        } else if matches!(c, CIRCUMFLEX | BREVE | HORN) {
            if shape.is_some() || pending.is_none() {
                return None;
            }
            shape = Some(c);
        } else if c.is_ascii_lowercase() || c == 'đ' {
            flush(&mut out, pending, shape)?;
            pending = Some(c);
            shape = None;
        } else {
            return None;
        }
    }
    flush(&mut out, pending, shape)?;
    (tones <= 1).then_some(out)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư')
}

fn rhyme_is_valid(rest: &str) -> bool {
    let split = rest.char_indices().find(|(_, c)| !is_vowel(*c)).map_or(rest.len(), |(i, _)| i);
    let (nucleus, last) = rest.split_at(split);
    if nucleus.is_empty() || !FINALS.contains(&last) {
        return false;
    }
    if OPEN_ONLY.contains(&nucleus) {
        return last.is_empty();
    }
    if !CLOSABLE.contains(&nucleus) {
        return false;
    }
    // ă and â never end a syllable: "ăn", "ân", but no "ă".
    !(last.is_empty() && (nucleus.ends_with('ă') || nucleus.ends_with('â')))
}

/// True when `word` (any case, NFC or NFD) can be one Vietnamese syllable.
pub fn is_syllable(word: &str) -> bool {
    let Some(w) = letters(word) else { return false };
    if rhyme_is_valid(&w) {
        return true;
    }
    INITIALS.iter().any(|i| w.strip_prefix(i).is_some_and(rhyme_is_valid))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genuine_vietnamese_words_are_syllables() {
        let text = "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc Trường Trung học cơ sở \
                    Ninh Bình Nguyễn Thị Thu Hương Trần Văn Quốc Khánh Giáo viên Học sinh Hiệu trưởng \
                    Nhân viên Đối tượng Mã định danh Họ và tên Chỉ số Vùng khó khăn Trạng thái Đang làm việc \
                    Nghỉ dài hạn Đã chuyển đi thuở khuya chuyện nguyễn quyển huỳnh khoẻ xoăn luật xuân \
                    hoà thuý người ngoài giữa yêu uống ươm oán ấm ước ẩm ở ạ ừ gìn giặt";
        for w in text.split_whitespace() {
            assert!(is_syllable(w), "{w}");
        }
    }

    #[test]
    fn legacy_font_text_read_as_windows_latin_is_not() {
        // TCVN3 (.VnTime) and VNI Windows bytes shown as Windows Latin letters.
        for w in ["B×nh", "hßa", "ViÖt", "nghÜa", "Tr\u{AD}êng", "Gi¸o", "viªn", "Häc", "§èi", "t\u{AD}îng"]
        {
            assert!(!is_syllable(w), "{w}");
        }
        for w in ["Coäng", "hoøa", "Vieät", "Tröôøng", "Giaùo", "vieân", "Hoïc", "Nguyeãn", "Ñoái", "caùc"]
        {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn english_and_foreign_letters_are_not() {
        for w in ["Müller", "Peña", "façade", "straße", "ä", "â", "ă"] {
            assert!(!is_syllable(w), "{w}");
        }
    }
}
