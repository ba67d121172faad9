//! The time rules of Learning Unit recognition (TT 24/2023): a higher level only after the
//! level below has been held for some years, and a recognition that holds for a fixed number
//! of years. Years are whole calendar years: data for year Y is assessed as year Y.

use super::dvht::ItemStatus;
use crate::input::units::Previous;

/// Whether a unit with `previous` recognition may be recognised at a level that needs level
/// `lower` held for `years` years, in assessment year `year`. A recognition that no longer
/// holds (`validity`) does not count.
pub fn time_rule(
    previous: &Previous,
    lower: u8,
    years: u16,
    validity: Option<u16>,
    year: Option<u16>,
) -> (ItemStatus, String) {
    let (level, name, since) = match previous {
        Previous::Never => return (ItemStatus::NotMet, "chưa được công nhận Đơn vị học tập lần nào".into()),
        Previous::Level { level: 0, name, .. } => {
            return (ItemStatus::Unknown, format!("mức độ đã công nhận \"{name}\" không đọc được"));
        }
        Previous::Level { year: None, name, .. } => {
            return (ItemStatus::Unknown, format!("đã công nhận {name} nhưng tệp đơn vị thiếu năm công nhận"));
        }
        Previous::Level { level, name, year: Some(y) } => (*level, name, *y),
    };
    let Some(year) = year else {
        return (ItemStatus::Unknown, "chưa biết năm đánh giá (--nam hoặc cột nam_danh_gia)".into());
    };
    if since > year {
        return (ItemStatus::Unknown, format!("năm công nhận {since} sau năm đánh giá {year}"));
    }
    let held = year - since;
    if level < lower {
        return (ItemStatus::NotMet, format!("mới được công nhận {name} (năm {since})"));
    }
    if let Some(v) = validity
        && held >= v
    {
        return (
            ItemStatus::NotMet,
            format!("công nhận {name} năm {since} đã hết hiệu lực sau {v} năm (hết năm {})", since + v - 1),
        );
    }
    if held < years {
        return (
            ItemStatus::NotMet,
            format!("công nhận {name} năm {since}: {year} − {since} = {held} năm < {years} năm"),
        );
    }
    (ItemStatus::Met, format!("công nhận {name} năm {since}: {year} − {since} = {held} năm ≥ {years} năm"))
}

/// "Mức độ 1 năm 2023, còn hiệu lực đến hết năm 2025", for the dossier and the report.
pub fn describe(previous: &Previous, validity: Option<u16>, year: Option<u16>) -> String {
    match previous {
        Previous::Never => "chưa được công nhận".into(),
        Previous::Level { name, year: None, .. } => format!("{name} (thiếu năm công nhận)"),
        Previous::Level { name, year: Some(since), .. } => match (validity, year) {
            (Some(v), Some(y)) if y >= *since && y - since >= v => {
                format!("{name} năm {since}, đã hết hiệu lực (hết năm {})", since + v - 1)
            }
            (Some(v), _) => format!("{name} năm {since}, còn hiệu lực đến hết năm {}", since + v - 1),
            (None, _) => format!("{name} năm {since}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn level(l: u8, y: u16) -> Previous {
        Previous::Level { level: l, name: format!("Mức độ {l}"), year: Some(y) }
    }

    #[test]
    fn one_year_after_level_one_and_within_three_years() {
        let rule = |p: &Previous, y: u16| time_rule(p, 1, 1, Some(3), Some(y)).0;
        assert_eq!(rule(&level(1, 2024), 2024), ItemStatus::NotMet, "same year: 0 years held");
        assert_eq!(rule(&level(1, 2024), 2025), ItemStatus::Met, "one year held");
        assert_eq!(rule(&level(1, 2022), 2024), ItemStatus::Met, "last year of validity");
        assert_eq!(rule(&level(1, 2022), 2025), ItemStatus::NotMet, "expired after three years");
        assert_eq!(rule(&Previous::Never, 2025), ItemStatus::NotMet);
        assert_eq!(time_rule(&level(1, 2024), 1, 1, Some(3), None).0, ItemStatus::Unknown);
        assert_eq!(rule(&level(1, 2026), 2025), ItemStatus::Unknown);
    }

    #[test]
    fn validity_text_names_the_last_year() {
        assert_eq!(describe(&level(1, 2023), Some(3), Some(2025)), "Mức độ 1 năm 2023, còn hiệu lực đến hết năm 2025");
        assert_eq!(describe(&level(2, 2021), Some(3), Some(2025)), "Mức độ 2 năm 2021, đã hết hiệu lực (hết năm 2023)");
    }
}
