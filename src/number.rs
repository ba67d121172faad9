//! Exact numbers: scores as fixed-point hundredths and percentage thresholds as fractions, so
//! no comparison that decides a person's title ever goes through floating point.

use std::fmt;

/// A score or a sum of scores in hundredths of a point (`7,5` is 750).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Points(pub u32);

impl Points {
    pub const fn whole(n: u32) -> Self {
        Points(n * 100)
    }
}

impl fmt::Display for Points {
    /// Prints with `.` and no trailing zeros: 80, 7.5, 7.25.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (whole, frac) = (self.0 / 100, self.0 % 100);
        match frac {
            0 => write!(f, "{whole}"),
            n if n % 10 == 0 => write!(f, "{whole}.{}", n / 10),
            n => write!(f, "{whole}.{n:02}"),
        }
    }
}

impl std::ops::Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0.saturating_add(rhs.0))
    }
}

impl std::iter::Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points(0), |a, b| a + b)
    }
}

/// Why a cell could not be read as a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointsError {
    Blank,
    NotANumber,
    TooManyDecimals,
}

/// Parses a score as officers type it: `8`, `7,5`, `7.5`, ` 9 `. Negative numbers and more than
/// two decimals are refused; range checks belong to the criteria.
#[inline]
pub fn parse_points(raw: &str) -> Result<Points, PointsError> {
    // The shapes nearly every cell has ("8", "10", "7,5", "10.5", "7.25"), read directly;
    // everything else goes the general way, which gives the same result for these.
    let d = |b: u8| (b as char).to_digit(10);
    let sep = |b: u8| b == b',' || b == b'.';
    let fast = match *raw.as_bytes() {
        [a] => d(a).map(|a| a * 100),
        [a, b] => d(a).zip(d(b)).map(|(a, b)| (a * 10 + b) * 100),
        [a, s, f] if sep(s) => d(a).zip(d(f)).map(|(a, f)| a * 100 + f * 10),
        [a, b, s, f] if sep(s) => d(a).zip(d(b)).zip(d(f)).map(|((a, b), f)| (a * 10 + b) * 100 + f * 10),
        [a, s, f, g] if sep(s) => d(a).zip(d(f)).zip(d(g)).map(|((a, f), g)| a * 100 + f * 10 + g),
        _ => None,
    };
    match fast {
        Some(hundredths) => Ok(Points(hundredths)),
        None => parse_points_general(raw),
    }
}

fn parse_points_general(raw: &str) -> Result<Points, PointsError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(PointsError::Blank);
    }
    let (whole, frac) = match s.find([',', '.']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return Err(PointsError::NotANumber);
    }
    if frac.len() > 2 {
        // "7,50" is fine, "7,500" is not a score anyone gives; refuse rather than round.
        if frac[2..].bytes().any(|b| b != b'0') {
            return Err(PointsError::TooManyDecimals);
        }
    }
    let whole: u32 = if whole.is_empty() {
        0
    } else if whole.len() > 6 {
        return Err(PointsError::NotANumber);
    } else {
        whole.parse().map_err(|_| PointsError::NotANumber)?
    };
    let mut hundredths = 0;
    for (i, b) in frac.bytes().take(2).enumerate() {
        hundredths += u32::from(b - b'0') * if i == 0 { 10 } else { 1 };
    }
    Ok(Points(whole * 100 + hundredths))
}

/// A share threshold such as 97% kept as an exact fraction `num / den` of 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    num: u64,
    den: u64,
}

impl Share {
    /// Builds a share from a percentage written in TOML (97, 97.5). Floats go through their
    /// shortest decimal form, which is exactly what the user typed.
    pub fn from_percent_text(text: &str) -> Option<Share> {
        let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
        let frac = frac.trim_end_matches('0');
        if whole.is_empty() || frac.len() > 6 {
            return None;
        }
        let digits: String = format!("{whole}{frac}");
        let num: u64 = digits.parse().ok()?;
        let den = 100 * 10u64.pow(frac.len() as u32);
        (num <= den).then_some(Share { num, den })
    }

    /// True when `part / whole` reaches this share: `den * part >= num * whole`, in integers.
    pub fn is_met(&self, part: u64, whole: u64) -> bool {
        u128::from(self.den) * u128::from(part) >= u128::from(self.num) * u128::from(whole)
    }

    /// The least number of recognised people that meets the share among `whole` people:
    /// `ceil(num * whole / den)`.
    pub fn least_part(&self, whole: u64) -> u64 {
        let n = u128::from(self.num) * u128::from(whole);
        let d = u128::from(self.den);
        n.div_ceil(d) as u64
    }

    /// How many more recognised people are needed (0 when met).
    pub fn shortfall(&self, part: u64, whole: u64) -> u64 {
        self.least_part(whole).saturating_sub(part)
    }

    /// The percentage as written, e.g. "97" or "97.5".
    pub fn percent_text(&self) -> String {
        let scale = self.den / 100;
        let (w, f) = (self.num / scale, self.num % scale);
        if f == 0 {
            w.to_string()
        } else {
            let width = scale.ilog10() as usize;
            let frac = format!("{f:0width$}");
            format!("{w}.{}", frac.trim_end_matches('0'))
        }
    }
}

/// A rate in hundredths of a percent, truncated (never rounded up), so that a unit below the
/// target never shows a rate that reads as the target: 3299/3400 is 97.02, 96.999…% is 96.99.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub u64);

impl Rate {
    pub fn of(part: u64, whole: u64) -> Option<Rate> {
        (whole > 0).then(|| Rate((u128::from(part) * 10_000 / u128::from(whole)) as u64))
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scores_as_typed() {
        assert_eq!(parse_points("8"), Ok(Points(800)));
        assert_eq!(parse_points(" 7,5 "), Ok(Points(750)));
        assert_eq!(parse_points("7.25"), Ok(Points(725)));
        assert_eq!(parse_points("7,50"), Ok(Points(750)));
        assert_eq!(parse_points(",5"), Ok(Points(50)));
        assert_eq!(parse_points(""), Err(PointsError::Blank));
        assert_eq!(parse_points("-1"), Err(PointsError::NotANumber));
        assert_eq!(parse_points("7,5,1"), Err(PointsError::NotANumber));
        assert_eq!(parse_points("tám"), Err(PointsError::NotANumber));
        assert_eq!(parse_points("7.125"), Err(PointsError::TooManyDecimals));
        assert_eq!(parse_points("99999999999"), Err(PointsError::NotANumber));
    }

    proptest::proptest! {
        /// The fast shapes read exactly what the general parser reads.
        #[test]
        fn fast_path_agrees_with_the_general_parser(s in "[0-9 ,.a-]{0,6}") {
            proptest::prop_assert_eq!(parse_points(&s), parse_points_general(&s));
        }
    }

    #[test]
    fn prints_points_without_noise() {
        assert_eq!(Points(8000).to_string(), "80");
        assert_eq!(Points(7950).to_string(), "79.5");
        assert_eq!(Points(725).to_string(), "7.25");
    }

    #[test]
    fn share_is_exact_at_the_boundary() {
        let p97 = Share::from_percent_text("97").unwrap();
        assert!(p97.is_met(97, 100));
        assert!(!p97.is_met(96, 99)); // 96.97 %
        assert!(!p97.is_met(31, 33)); // 93.9 %
        assert!(p97.is_met(33, 33));
        assert_eq!(p97.least_part(100), 97);
        assert_eq!(p97.least_part(33), 33); // 32.01 rounds up
        assert_eq!(p97.least_part(34), 33); // 32.98 → 33, and 33/34 = 97.06 %
        assert_eq!(p97.shortfall(32, 33), 1);
        assert_eq!(p97.shortfall(40, 33), 0);
        let p975 = Share::from_percent_text("97.5").unwrap();
        assert!(p975.is_met(39, 40));
        assert!(!p975.is_met(38, 40));
        assert_eq!(p975.percent_text(), "97.5");
        assert_eq!(p97.percent_text(), "97");
        assert!(Share::from_percent_text("101").is_none());
    }

    #[test]
    fn rate_truncates() {
        assert_eq!(Rate::of(32, 33).unwrap().to_string(), "96.96");
        assert_eq!(Rate::of(99_999, 100_000).unwrap().to_string(), "99.99");
        assert_eq!(Rate::of(1, 1).unwrap().to_string(), "100.00");
        assert!(Rate::of(0, 0).is_none());
    }
}
