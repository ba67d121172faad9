//! Numbers as Vietnamese readers write them, for the renderings people read (terminal table,
//! HTML, printed papers): `,` before the decimals and `.` between thousands — `97,00`,
//! `1.607`. Files for programs (CSV, JSON) keep `.` and no grouping: the script contract.

use crate::report::sheet::{Cell, Value};

/// "1607" → "1.607", "97.00" → "97,00", "-1234.5" → "-1.234,5", "+3" → "+3"; text that is not
/// a plain decimal number is returned unchanged.
pub fn number(text: &str) -> String {
    let (sign, rest) = match text.chars().next() {
        Some(c @ ('+' | '-')) => (c.to_string(), &text[1..]),
        _ => (String::new(), text),
    };
    let (whole, frac) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.is_some_and(|f| !digits(f)) {
        return text.to_string();
    }
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped},{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A value as people read it: numbers the Vietnamese way, text as it is.
pub fn value(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Count(_) | Value::Rate(_) | Value::Figure(_) => number(&v.text()),
    }
}

/// What a cell shows people: its own composed text if it has one, else its value.
pub fn cell(c: &Cell) -> String {
    c.shown.clone().unwrap_or_else(|| value(&c.value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_with_a_comma_and_thousands_with_a_dot() {
        assert_eq!(number("97.00"), "97,00");
        assert_eq!(number("1607"), "1.607");
        assert_eq!(number("1234567.5"), "1.234.567,5");
        assert_eq!(number("-1.25"), "-1,25");
        assert_eq!(number("+3"), "+3");
        assert_eq!(number("999"), "999");
        for text in ["", "M2-3.2", "1.2.3", "abc", "7,5", "-"] {
            assert_eq!(number(text), text);
        }
        assert_eq!(value(&Value::Count(12_000)), "12.000");
        assert_eq!(value(&Value::Text("2025".into())), "2025", "text is never touched");
    }
}
