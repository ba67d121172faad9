//! Dates as officers write them in registers and on the command line. A leaf: the unit-file
//! reader and the Learning Unit time rules both read dates here.

use jiff::civil::Date;

/// "dd/mm/yyyy".
pub fn date_text(d: Date) -> String {
    d.strftime("%d/%m/%Y").to_string()
}

/// A date as officers write it: "10/02/2024", "1/2/2024", "10-02-2024", "10.02.2024", or
/// ISO "2024-02-10". `None` for anything else or a day that does not exist.
pub fn parse_date(raw: &str) -> Option<Date> {
    let raw = raw.trim();
    let parts: Vec<&str> = raw.split(['/', '-', '.']).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let num = |s: &str| {
        if !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse::<i16>().ok()
        } else {
            None
        }
    };
    let (y, m, d) = if a.len() == 4 {
        (num(a)?, num(b)?, num(c)?)
    } else if c.len() == 4 {
        (num(c)?, num(b)?, num(a)?)
    } else {
        return None;
    };
    if !(1900..3000).contains(&y) {
        return None;
    }
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

/// `--ngay-danh-gia`.
pub fn parse_date_arg(raw: &str) -> Result<Date, String> {
    parse_date(raw).ok_or_else(|| format!("\"{raw}\" không phải là ngày dd/mm/yyyy (ví dụ 31/12/2025)"))
}
