//! The time rules of Learning Unit recognition, counted in dates: a level only once a set time
//! has passed from the decision that recognised the level below, up to the assessment date;
//! and a recognition of year R that holds through 31/12 of R + n. The numbers and the sources'
//! words are in the criteria ([`crate::criteria::Wait`], [`crate::criteria::Validity`]).

use jiff::ToSpan;
use jiff::civil::Date;

use super::dvht::ItemStatus;
use crate::criteria::{Validity, Wait};
use crate::input::units::Previous;

/// When a run assesses: the year the data is for (`--nam`) and the date the time rules count
/// to (`--ngay-danh-gia`). Either may be missing; the unit register may give the year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct When {
    pub year: Option<u16>,
    pub date: Option<Date>,
}

/// The assessment of one unit: the year and the date, with whether the date is the default
/// (31/12 of the year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitWhen {
    pub year: Option<u16>,
    pub date: Option<Date>,
    pub end_of_year: bool,
}

impl When {
    /// The run's settings, completed by the register's `nam_danh_gia` for this unit.
    pub fn for_unit(self, register_year: Option<u16>) -> UnitWhen {
        let year = self.year.or(register_year).or_else(|| self.date.and_then(|d| u16::try_from(d.year()).ok()));
        match self.date {
            Some(d) => UnitWhen { year, date: Some(d), end_of_year: false },
            None => UnitWhen { year, date: year.and_then(end_of_year), end_of_year: true },
        }
    }
}

fn end_of_year(year: u16) -> Option<Date> {
    Date::new(i16::try_from(year).ok()?, 12, 31).ok()
}

pub use crate::date::{date_text, parse_date, parse_date_arg};

/// The date a previous recognition counts from: the decision date, else 31/12 of the year
/// recognised (the latest it can be, so the assumption never lets a level come early). The flag
/// says it was assumed.
fn decision_date(date: Option<Date>, year: Option<u16>) -> Option<(Date, bool)> {
    match (date, year) {
        (Some(d), _) => Some((d, false)),
        (None, Some(y)) => end_of_year(y).map(|d| (d, true)),
        (None, None) => None,
    }
}

/// "quyết định số 12/QĐ-UBND ngày 10/02/2024", or what of it the register gives.
fn decision_text(decision: &str, date: Option<Date>, year: Option<u16>) -> String {
    let number =
        if decision.is_empty() { "quyết định".to_string() } else { format!("quyết định số {decision}") };
    match (date, year) {
        (Some(d), _) => format!("{number} ngày {}", date_text(d)),
        (None, Some(y)) => format!("{number} năm {y}, không ghi ngày"),
        (None, None) => number,
    }
}

/// Whether a unit with `previous` recognition may be recognised at a level whose `wait` counts
/// from the recognition of level `lower`, assessed at `when`.
pub fn time_rule(previous: &Previous, lower: u8, wait: &Wait, when: &UnitWhen) -> (ItemStatus, String) {
    let (level, name, year, date, decision) = match previous {
        Previous::Never => return (ItemStatus::NotMet, "chưa được công nhận Đơn vị học tập lần nào".into()),
        Previous::Level { level: 0, name, .. } => {
            return (ItemStatus::Unknown, format!("mức độ đã công nhận \"{name}\" không đọc được"));
        }
        Previous::Level { level, name, year, date, decision } => (*level, name, *year, *date, decision),
    };
    let what = decision_text(decision, date, year);
    if level > lower {
        return (ItemStatus::Met, format!("đã được công nhận {name} ({what})"));
    }
    if level < lower {
        return (ItemStatus::NotMet, format!("mới được công nhận {name} ({what})"));
    }
    let Some((from, assumed)) = decision_date(date, year) else {
        return (
            ItemStatus::Unknown,
            format!("đã công nhận {name} nhưng tệp đơn vị thiếu ngày quyết định và năm công nhận"),
        );
    };
    let Some(at) = when.date else {
        return (ItemStatus::Unknown, "chưa biết ngày đánh giá (--ngay-danh-gia, --nam hoặc cột nam_danh_gia)".into());
    };
    if from > at {
        return (
            ItemStatus::Unknown,
            format!("ngày quyết định {} sau ngày đánh giá {}", date_text(from), date_text(at)),
        );
    }
    let Ok(due) = from.checked_add(i64::from(wait.years).years()) else {
        return (ItemStatus::Unknown, format!("không tính được ngày đủ {} năm từ {}", wait.years, date_text(from)));
    };
    let days = from.until(at).map_or(0, |s| s.get_days());
    let assumed = if assumed {
        format!(", coi là ngày {} vì tệp đơn vị chỉ ghi năm", date_text(from))
    } else {
        String::new()
    };
    let at_text = if when.end_of_year { format!("{} (cuối năm đánh giá)", date_text(at)) } else { date_text(at) };
    let enough = at >= due;
    let verdict = if enough { "đủ" } else { "chưa đủ" };
    (
        if enough { ItemStatus::Met } else { ItemStatus::NotMet },
        format!(
            "công nhận {name} theo {what}{assumed}; đến ngày đánh giá {at_text} được {days} ngày, {verdict} {} năm (đủ từ ngày {})",
            wait.years,
            date_text(due)
        ),
    )
}

/// The year a recognition is of: the decision's year, else the year the register gives.
fn recognised_year(date: Option<Date>, year: Option<u16>) -> Option<u16> {
    date.and_then(|d| u16::try_from(d.year()).ok()).or(year)
}

/// "Mức độ 1 (quyết định số 12/QĐ-UBND ngày 10/02/2022), còn hiệu lực đến hết năm 2025", for
/// the dossier and the report.
pub fn describe(previous: &Previous, validity: Option<&Validity>, year: Option<u16>) -> String {
    let Previous::Level { name, year: given, date, decision, .. } = previous else {
        return "chưa được công nhận".into();
    };
    let what = decision_text(decision, *date, *given);
    let Some(r) = recognised_year(*date, *given) else { return format!("{name} ({what}; thiếu năm công nhận)") };
    match validity {
        Some(v) => {
            let through = u32::from(r) + u32::from(v.years_after);
            match year {
                Some(y) if u32::from(y) > through => format!("{name} ({what}), đã hết hiệu lực (hết năm {through})"),
                _ => format!("{name} ({what}), còn hiệu lực đến hết năm {through}"),
            }
        }
        None => format!("{name} ({what})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    fn level(l: u8, date: Option<&str>, year: Option<u16>) -> Previous {
        Previous::Level {
            level: l,
            name: format!("Mức độ {l}"),
            year,
            date: date.map(d),
            decision: if date.is_some() { "12/QĐ-UBND".into() } else { String::new() },
        }
    }

    fn wait() -> Wait {
        Wait { years: 1, source: "QĐ 304".into(), words: "sau ít nhất 1 năm".into() }
    }

    fn at(date: &str) -> UnitWhen {
        When { year: None, date: Some(d(date)) }.for_unit(None)
    }

    #[test]
    fn dates_in_the_ways_officers_write_them() {
        assert_eq!(d("10/02/2024"), d("2024-02-10"));
        assert_eq!(d("1/2/2024"), d("01.02.2024"));
        assert_eq!(d("1-2-2024"), d("01/02/2024"));
        for bad in ["29/02/2023", "32/01/2024", "2024", "10/02/24", "", "a/b/c", "10/13/2024", "1/1/1800"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(parse_date("29/02/2024"), Some(Date::new(2024, 2, 29).unwrap()));
        assert_eq!(date_text(d("1/2/2024")), "01/02/2024");
    }

    #[test]
    fn one_year_from_the_decision_date_to_the_day() {
        // 10/02/2022 + 364 days = 09/02/2023; + 365 days = 10/02/2023 (no 29 February between).
        let p = level(1, Some("10/02/2022"), None);
        let (s, e) = time_rule(&p, 1, &wait(), &at("09/02/2023"));
        assert_eq!(s, ItemStatus::NotMet, "{e}");
        assert!(e.contains("được 364 ngày, chưa đủ 1 năm (đủ từ ngày 10/02/2023)"), "{e}");
        let (s, e) = time_rule(&p, 1, &wait(), &at("10/02/2023"));
        assert_eq!(s, ItemStatus::Met, "{e}");
        assert!(e.contains("quyết định số 12/QĐ-UBND ngày 10/02/2022"), "{e}");
        assert!(e.contains("được 365 ngày, đủ 1 năm"), "{e}");
    }

    #[test]
    fn a_decision_on_29_february_is_a_year_old_on_28_february() {
        let p = level(1, Some("29/02/2024"), None);
        assert_eq!(time_rule(&p, 1, &wait(), &at("27/02/2025")).0, ItemStatus::NotMet);
        assert_eq!(time_rule(&p, 1, &wait(), &at("28/02/2025")).0, ItemStatus::Met);
    }

    #[test]
    fn a_year_alone_counts_from_its_last_day_and_says_so() {
        let p = level(1, None, Some(2024));
        let end_2025 = When { year: Some(2025), date: None }.for_unit(None);
        let (s, e) = time_rule(&p, 1, &wait(), &end_2025);
        assert_eq!(s, ItemStatus::Met, "{e}");
        assert!(e.contains("coi là ngày 31/12/2024 vì tệp đơn vị chỉ ghi năm"), "{e}");
        assert!(e.contains("31/12/2025 (cuối năm đánh giá)"), "{e}");
        // Assessed before the end of 2025: the assumed date is not a year old yet.
        assert_eq!(time_rule(&p, 1, &wait(), &at("30/12/2025")).0, ItemStatus::NotMet);
    }

    #[test]
    fn other_cases_of_the_wait() {
        let w = wait();
        let end_2025 = When { year: Some(2025), date: None }.for_unit(None);
        assert_eq!(time_rule(&Previous::Never, 1, &w, &end_2025).0, ItemStatus::NotMet);
        assert_eq!(time_rule(&level(2, None, Some(2025)), 1, &w, &end_2025).0, ItemStatus::Met, "already level 2");
        assert_eq!(time_rule(&level(1, None, None), 1, &w, &end_2025).0, ItemStatus::Unknown);
        assert_eq!(time_rule(&level(1, Some("01/03/2026"), None), 1, &w, &end_2025).0, ItemStatus::Unknown);
        let unknown_date = When::default().for_unit(None);
        assert_eq!(time_rule(&level(1, None, Some(2020)), 1, &w, &unknown_date).0, ItemStatus::Unknown);
        // An old level 1 no longer valid still counts: no source asks for a valid level 1.
        assert_eq!(time_rule(&level(1, None, Some(2015)), 1, &w, &end_2025).0, ItemStatus::Met);
    }

    #[test]
    fn the_register_year_fills_in_and_the_flag_date_wins() {
        let w = When { year: None, date: None }.for_unit(Some(2025));
        assert_eq!((w.year, w.date, w.end_of_year), (Some(2025), Some(d("31/12/2025")), true));
        let w = When { year: Some(2024), date: Some(d("15/01/2025")) }.for_unit(Some(2023));
        assert_eq!((w.year, w.date, w.end_of_year), (Some(2024), Some(d("15/01/2025")), false));
    }

    proptest::proptest! {
        #[test]
        fn every_date_reads_back_and_a_year_is_365_or_366_days(
            y in 1900i16..2990, m in 1i8..=12, d in 1i8..=31, later in 0i64..1200, more in 0i64..800,
        ) {
            let Ok(from) = Date::new(y, m, d) else { return Ok(()) };
            proptest::prop_assert_eq!(parse_date(&date_text(from)), Some(from));
            let p = Previous::Level { level: 1, name: "Mức độ 1".into(), year: None, date: Some(from), decision: String::new() };
            let met = |days: i64| {
                let at = When { year: None, date: Some(from.checked_add(days.days()).unwrap()) }.for_unit(None);
                time_rule(&p, 1, &wait(), &at).0 == ItemStatus::Met
            };
            // Never before 365 days, always from 366, and once met, met on every later date.
            proptest::prop_assert!(later >= 365 || !met(later));
            proptest::prop_assert!(later < 366 || met(later));
            proptest::prop_assert!(!met(later) || met(later + more));
        }
    }

    #[test]
    fn recognised_in_2022_holds_through_2025() {
        let v = Validity { years_after: 3, source: "QĐ 304".into(), words: "3 năm tiếp theo".into() };
        let p = level(1, Some("10/02/2022"), None);
        assert_eq!(
            describe(&p, Some(&v), Some(2025)),
            "Mức độ 1 (quyết định số 12/QĐ-UBND ngày 10/02/2022), còn hiệu lực đến hết năm 2025"
        );
        assert_eq!(
            describe(&p, Some(&v), Some(2026)),
            "Mức độ 1 (quyết định số 12/QĐ-UBND ngày 10/02/2022), đã hết hiệu lực (hết năm 2025)"
        );
        assert_eq!(
            describe(&level(2, None, Some(2022)), Some(&v), Some(2025)),
            "Mức độ 2 (quyết định năm 2022, không ghi ngày), còn hiệu lực đến hết năm 2025"
        );
    }
}
