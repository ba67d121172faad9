//! What a cell's `<v>` means, by its type `t` and style `s`: calamine's `read_v`, so that both
//! readers type a cell alike. A number keeps the text it was written with when Excel shows it
//! that way ([`shown_as_written`]), sparing its formatting.

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};

use super::ReadError;
use super::book::Book;
use super::scan::{digits, push_unescaped, utf8};
use super::sheet::Value;
use super::styles::CellFormat;

/// Types the values of one workbook's cells.
pub struct Typer<'b> {
    pub book: &'b Book,
}

impl Typer<'_> {
    /// [`Self::typed`] for raw bytes: numbers and string indexes need no UTF-8 check.
    pub fn typed_raw(
        &self,
        v: &[u8],
        s: Option<&[u8]>,
        t: Option<&[u8]>,
        text: &mut String,
    ) -> Result<Value, ReadError> {
        match t {
            Some(b"s") if !v.is_empty() => self.shared(digits(v).unwrap_or(0)),
            Some(b"n") | None if !v.is_empty() => match fast_float2::parse::<f64, _>(v) {
                Ok(n) => {
                    let value = self.number(n, s);
                    if matches!(value, Value::Data(Data::Float(_))) && shown_as_written(v) {
                        // Plain ASCII digits, checked just above.
                        text.push_str(std::str::from_utf8(v).unwrap_or_default());
                    }
                    Ok(value)
                }
                Err(_) => self.typed(utf8(v)?, s, t, text),
            },
            _ => self.typed(utf8(v)?, s, t, text),
        }
    }

    fn shared(&self, index: usize) -> Result<Value, ReadError> {
        if index >= self.book.strings.len() {
            return Err(ReadError::new(format!(
                "trỏ tới chuỗi dùng chung thứ {index}, bảng chỉ có {} chuỗi",
                self.book.strings.len()
            )));
        }
        Ok(Value::Shared(index))
    }

    /// A number, a date when its style says so.
    fn number(&self, n: f64, s: Option<&[u8]>) -> Value {
        let format = match s {
            Some(s) => self.book.formats.get(digits(s).unwrap_or(0)).copied(),
            None => Some(CellFormat::Other),
        };
        let kind = match format {
            Some(CellFormat::DateTime) => ExcelDateTimeType::DateTime,
            Some(CellFormat::TimeDelta) => ExcelDateTimeType::TimeDelta,
            _ => return Value::Data(Data::Float(n)),
        };
        Value::Data(Data::DateTime(ExcelDateTime::new(n, kind, self.book.date1904)))
    }

    /// A `<v>` value by the cell's type `t` and style `s` (calamine's `read_v`).
    pub fn typed(&self, v: &str, s: Option<&[u8]>, t: Option<&[u8]>, text: &mut String) -> Result<Value, ReadError> {
        match t {
            Some(b"s") => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                self.shared(digits(v.as_bytes()).unwrap_or(0))
            }
            Some(b"b") => {
                let b = v.trim();
                if b.is_empty() {
                    Ok(Value::Empty)
                } else if b == "0" || b.eq_ignore_ascii_case("false") {
                    Ok(Value::Data(Data::Bool(false)))
                } else if b == "1" || b.eq_ignore_ascii_case("true") {
                    Ok(Value::Data(Data::Bool(true)))
                } else {
                    Err(ReadError::new(format!("giá trị đúng/sai \"{}\" không đọc được", short(v))))
                }
            }
            Some(b"d") => Ok(Value::Data(Data::DateTimeIso(v.to_string()))),
            Some(b"e") => v
                .parse::<CellErrorType>()
                .map(|e| Value::Data(Data::Error(e)))
                .map_err(|_| ReadError::new(format!("mã lỗi \"{}\" không đọc được", short(v)))),
            Some(b"str") => {
                push_unescaped(v, text);
                Ok(Value::Text)
            }
            None | Some(b"n") => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                match fast_float2::parse::<f64, _>(v.as_bytes()) {
                    Ok(n) => Ok(self.number(n, s)),
                    // Without a type, what is not a number is text.
                    Err(_) if t.is_none() => {
                        text.push_str(v);
                        Ok(Value::Text)
                    }
                    Err(_) => Err(ReadError::new(format!("số \"{}\" không đọc được", short(v)))),
                }
            }
            Some(t) => Err(ReadError::new(format!("kiểu ô t=\"{}\" không biết", short(&String::from_utf8_lossy(t))))),
        }
    }
}

/// Whether a number written as `v` shows in Excel as written: `-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?`
/// with at most 15 significant digits (not "-0"). Such a decimal is the shortest text that reads
/// back as its value, so [`crate::input::spreadsheet::push_number`] would write it back as it
/// is: the text is kept and the formatting of the number spared.
pub fn shown_as_written(v: &[u8]) -> bool {
    let digits = v.strip_prefix(b"-").unwrap_or(v);
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(dot) => (&digits[..dot], Some(&digits[dot + 1..])),
        None => (digits, None),
    };
    if whole.is_empty() || !whole.iter().all(u8::is_ascii_digit) || (whole.len() > 1 && whole[0] == b'0') {
        return false;
    }
    let significant = match fraction {
        None => {
            if whole == b"0" && digits.len() != v.len() {
                return false;
            }
            whole.len()
        }
        Some(f) => {
            if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || f.last() == Some(&b'0') {
                return false;
            }
            if whole == b"0" { f.len() - f.iter().take_while(|&&b| b == b'0').count() } else { whole.len() + f.len() }
        }
    };
    significant <= 15 && whole.len() <= 15
}

/// The start of a long value, for a message.
pub fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_shown_as_written() {
        let check = |v: &str| {
            let n: f64 = v.parse().unwrap();
            let mut shown = String::new();
            crate::input::spreadsheet::push_number(n, &mut shown);
            (shown_as_written(v.as_bytes()), shown == v)
        };
        for v in ["0", "7.5", "8", "-2.25", "0.0000001", "123456789012345", "0.1", "-0.5", "37201001234", "9.95"] {
            assert_eq!(check(v), (true, true), "{v}");
        }
        for v in
            ["1234567890123456", "8.299999999999999", "1.10", "007", "-0", "1E5", "0.30000000000000004", ".5", "5."]
        {
            assert!(!shown_as_written(v.as_bytes()), "{v}");
        }
        // Whatever Rust writes for a number of up to 15 digits is shown as written.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = format!("{}", (x % 10_000_000_000) as f64 / 10f64.powi((x % 12) as i32));
            if shown_as_written(v.as_bytes()) {
                assert_eq!(check(&v), (true, true), "{v}");
            }
        }
    }
}
