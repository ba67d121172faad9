//! Which cell styles show a number as a date: `xl/styles.xml`, the number format (`numFmtId`)
//! of each cell format (`cellXfs/xf`, indexed by a cell's `s`), custom formats (`numFmts`)
//! before built-in ones. Decided by the rule calamine 0.38 uses (`formats.rs`, not public), so
//! that a cell reads the same through both readers.

use std::collections::HashMap;

use super::ReadError;
use super::scan::{Scanner, Token, attr, attr_text, local};

/// What a number format makes of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The format of every cell style, by index.
pub fn cell_formats(xml: &[u8]) -> Result<Vec<CellFormat>, ReadError> {
    let mut custom: HashMap<Vec<u8>, String> = HashMap::new();
    let mut out = Vec::new();
    let (mut in_num_fmts, mut in_cell_xfs) = (false, false);
    let mut sc = Scanner::new(xml);
    while let Some(token) = sc.token() {
        match token {
            Token::Start { name, attrs, empty } => match local(name) {
                b"numFmts" => in_num_fmts = !empty,
                b"cellXfs" => in_cell_xfs = !empty,
                b"numFmt" if in_num_fmts => {
                    let id = attr(attrs, b"numFmtId").map_err(ReadError::attribute)?;
                    let code = attr(attrs, b"formatCode").map_err(ReadError::attribute)?;
                    if let (Some(id), Some(code)) = (id, code) {
                        custom.insert(id.to_vec(), attr_text(code)?);
                    }
                }
                b"xf" if in_cell_xfs => {
                    let id = attr(attrs, b"numFmtId").map_err(ReadError::attribute)?;
                    out.push(id.map_or(CellFormat::Other, |id| match custom.get(id) {
                        Some(code) => custom_format(code),
                        None => builtin_format(id),
                    }));
                }
                _ => {}
            },
            Token::End { name } => match local(name) {
                b"numFmts" => in_num_fmts = false,
                b"cellXfs" => in_cell_xfs = false,
                _ => {}
            },
            _ => {}
        }
    }
    Ok(out)
}

/// A custom number format code: a date or time unless its first section holds no date or time
/// token outside quotes, escapes and brackets (`[h]`, `[mm]`, `[ss]` make a duration).
pub fn custom_format(format: &str) -> CellFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            // `\` escapes, `_` skips width, `*` fills: the next character is a literal.
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return CellFormat::Other,
            ('[', ..) => brackets = brackets.saturating_add(1),
            (']', .., 1) if hms => return CellFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return CellFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return CellFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    CellFormat::Other
}

/// A built-in number format, by its id as written (`"14"`, not `"014"`).
pub fn builtin_format(id: &[u8]) -> CellFormat {
    match id {
        // Dates and times, then the East Asian built-in dates and clock times.
        b"14" | b"15" | b"16" | b"17" | b"18" | b"19" | b"20" | b"21" | b"22" | b"45" | b"47" => CellFormat::DateTime,
        b"27" | b"28" | b"29" | b"30" | b"31" | b"32" | b"33" | b"34" | b"35" | b"36" | b"50" | b"51" | b"52"
        | b"53" | b"54" | b"55" | b"56" | b"57" | b"58" => CellFormat::DateTime,
        // [h]:mm:ss
        b"46" => CellFormat::TimeDelta,
        _ => CellFormat::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_formats_as_calamine_decides() {
        use CellFormat::*;
        for (code, want) in [
            ("DD/MM/YY", DateTime),
            ("dd/mm/yyyy", DateTime),
            ("H:MM:SS;@", DateTime),
            ("#,##0\\ [$\\u20bd-46D]", Other),
            ("m\"M\"d\"D\";@", DateTime),
            ("[h]:mm:ss", TimeDelta),
            ("\"Y: \"0.00\"m\";\"Y: \"-0.00\"m\";\"Y: <num>m\";@", Other),
            ("\"$\"#,##0_);[Red](\"$\"#,##0)", Other),
            ("[$-404]e\"\\xfc\"m\"\\xfc\"d\"\\xfc\"", DateTime),
            ("0_ ;[Red]\\-0\\ ", Other),
            ("\\Y000000", Other),
            ("0.00", Other),
            ("[mm]", TimeDelta),
            ("[>=100][Magenta].00", Other),
            ("ha/p\\\\m", DateTime),
            ("#,##0*y", Other),
            ("*-yyyy-mm-dd", DateTime),
        ] {
            assert_eq!(custom_format(code), want, "{code}");
        }
    }

    #[test]
    fn styles_part() {
        let xml = r#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot;đ&quot;"/></numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="14"/><xf/><xf numFmtId="46"/></cellXfs></styleSheet>"#.as_bytes();
        use CellFormat::*;
        assert_eq!(cell_formats(xml).unwrap(), [Other, DateTime, Other, DateTime, Other, TimeDelta]);
    }
}
