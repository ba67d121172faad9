//! The Learning Unit dossier of one unit, the papers TT 24/2023 asks the unit's Tổ đánh giá to
//! file: the "Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu" (numbered as the circular
//! numbers them, grouped by tiêu chí), a "Báo cáo tự đánh giá" with every figure of the run
//! filled in and blanks for the prose, and the "Tờ trình" asking for recognition. Each paper is
//! a [`Doc`], written once as a sheet of one workbook (`xlsx.rs`) and once as a page of one
//! printable HTML file (`page.rs`).

mod page;
mod proposal;
mod self_report;
mod summary;
mod xlsx;

use super::Report;
use super::model::UnitRow;
use super::paper::{BLANK, Foot, Paper};
use crate::aggregate::dvht::{DvhtResult, ItemResult, time_rule_code};
use crate::criteria::Criteria;

pub use page::{GENERATOR_META, html};
pub use summary::TITLE;
pub use xlsx::xlsx;

/// One paper: its heading, its body, its two feet.
#[derive(Debug, Clone)]
pub struct Doc {
    /// The sheet's name in the workbook.
    pub sheet: &'static str,
    /// "Số: ……/BC-……", under the unit's name.
    pub number: String,
    pub title: String,
    /// Lines under the title (bold, centred): the summary of a Tờ trình, the year.
    pub lines: Vec<String>,
    pub blocks: Vec<Block>,
    pub feet: [Foot; 2],
    /// Whether the table's header row repeats on every printed page (a paper that is mostly
    /// its table); not for a paper whose table is one part among others.
    pub repeat_header: bool,
}

#[derive(Debug, Clone)]
pub enum Block {
    Text(String, Style),
    /// Prose the Tổ đánh giá writes: what to write, then dotted lines to write on.
    Prose(String),
    Table(Table),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    Italic,
    /// Centred, bold: "Kính gửi: …".
    Centre,
}

/// A four-column table: a header, group rows across the table, rows of four cells.
#[derive(Debug, Clone)]
pub struct Table {
    pub header: [String; 4],
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub enum Row {
    /// "MỨC ĐỘ 1" or "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập", across the table.
    Group(String),
    Cells([String; 4]),
}

/// The names a unit's papers carry beyond those of [`Paper`]: whom the Tờ trình is sent to.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// The names from the command line (`--co-quan`, `--dia-danh`, `--nguoi-lap`, …).
    pub paper: Paper,
    /// `--kinh-gui`: the body that recognises the unit.
    pub kinh_gui: Option<String>,
}

/// Everything one unit's papers are made from.
pub struct Unit<'a> {
    pub criteria: &'a Criteria,
    pub report: &'a Report,
    pub row: &'a UnitRow,
    pub dvht: &'a DvhtResult,
    /// The names for this unit: the register's where it knows them, else the command line's.
    pub paper: Paper,
    pub kinh_gui: Option<String>,
}

impl<'a> Unit<'a> {
    pub fn new(
        criteria: &'a Criteria,
        report: &'a Report,
        row: &'a UnitRow,
        dvht: &'a DvhtResult,
        names: &Names,
    ) -> Self {
        Unit {
            criteria,
            report,
            row,
            dvht,
            paper: unit_paper(&names.paper, row, dvht.nam_danh_gia),
            kinh_gui: names.kinh_gui.clone().filter(|s| !s.trim().is_empty()),
        }
    }

    /// The unit's name as written in sentences.
    pub fn name(&self) -> String {
        self.paper.don_vi.clone().unwrap_or_else(|| BLANK.to_string())
    }

    /// "2025", or a blank to fill.
    pub fn year(&self) -> String {
        self.dvht.nam_danh_gia.map_or_else(|| "……".to_string(), |y| y.to_string())
    }

    /// Whom the Tờ trình goes to, or a blank line.
    pub fn recipient(&self) -> String {
        self.kinh_gui.clone().unwrap_or_else(|| BLANK.to_string())
    }

    /// The paper's place in the circular: "Tiêu chí 3, Chỉ tiêu 1", "Tiêu chí 1" for a
    /// points-scale item, "Điều kiện thời gian" for the time rule, else the set's own code.
    pub fn label(&self, item: &ItemResult) -> String {
        match self.criteria.dvht.numbering(&item.ma) {
            Some(n) => n.label(),
            None if item.ma == time_rule_code(item.muc_do) => "Điều kiện thời gian".to_string(),
            None => item.ma.clone(),
        }
    }

    /// "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập" (the number alone when the set gives no
    /// title).
    pub fn criterion_title(&self, n: u8) -> String {
        self.criteria.dvht.criterion(n).map_or_else(|| format!("Tiêu chí {n}"), |t| format!("Tiêu chí {n}: {}", t.name))
    }

    /// The tiêu chí numbers of `items`, in order, once each.
    pub fn criteria_of<'i>(&self, items: impl IntoIterator<Item = &'i ItemResult>) -> Vec<u8> {
        let mut out: Vec<u8> =
            items.into_iter().filter_map(|i| self.criteria.dvht.numbering(&i.ma)).map(|n| n.criterion).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The label with its level when the set has several levels: "Tiêu chí 3, Chỉ tiêu 2
    /// (Mức độ 2)".
    pub fn full_label(&self, item: &ItemResult) -> String {
        let label = self.label(item);
        match self.criteria.dvht.levels.iter().find(|l| l.level == item.muc_do) {
            Some(l) if self.criteria.dvht.levels.len() > 1 => format!("{label} ({})", l.name),
            _ => label,
        }
    }

    /// A text of the results with every chỉ tiêu code replaced by its label and the decimals
    /// written the Vietnamese way.
    pub fn relabel(&self, text: &str) -> String {
        let mut items: Vec<&ItemResult> = self.dvht.chi_tieu.iter().collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.ma.len()));
        let mut out = text.to_string();
        for i in items {
            let label = self.full_label(i);
            out = replace_code(&out.replace(&format!("chỉ tiêu {}", i.ma), &label), &i.ma, &label);
        }
        decimal_commas(&out)
    }

    /// The codes of `codes` as labels, joined: "Tiêu chí 3, Chỉ tiêu 4 (Mức độ 2); …".
    pub fn labels_of(&self, codes: &[String]) -> String {
        codes
            .iter()
            .map(|c| self.dvht.chi_tieu.iter().find(|i| &i.ma == c).map_or_else(|| c.clone(), |i| self.full_label(i)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// "Mức độ 1", or "xếp loại Tốt (86/100 điểm)" on a points scale: what the unit reached.
    pub fn level_text(&self) -> String {
        let d = self.dvht;
        match &d.diem {
            Some(p) => format!("xếp loại {} ({} điểm)", d.muc_do, decimal_commas(p)),
            None => d.muc_do.clone(),
        }
    }

    /// The conclusion line: the level reached, or not.
    pub fn conclusion(&self) -> String {
        let d = self.dvht;
        let (name, year, level) = (self.name(), self.year(), self.level_text());
        if d.muc == 0 {
            format!("Kết luận: {name} chưa đạt Đơn vị học tập năm {year} (kết quả tự đánh giá: {level}).")
        } else if d.diem.is_some() {
            format!("Kết luận: {name} tự đánh giá đạt Đơn vị học tập năm {year}, {level}.")
        } else {
            format!("Kết luận: {name} tự đánh giá đạt Đơn vị học tập {level} năm {year}.")
        }
    }

    /// What keeps the unit from its next level, with the notes and caveats of the result.
    pub fn notes(&self) -> Vec<String> {
        let d = self.dvht;
        let mut out = Vec::new();
        if !d.thieu.is_empty() {
            let what = if d.muc > 0 {
                "Để đạt mức độ cao hơn còn thiếu"
            } else {
                "Chỉ tiêu chưa đạt hoặc chưa có dữ liệu"
            };
            out.push(format!("{what}: {}.", self.labels_of(&d.thieu)));
        }
        out.extend(d.ghi_chu.iter().map(|n| format!("Ghi chú: {}.", self.relabel(n))));
        for i in &d.chi_tieu {
            if let Some(why) = &i.chua_xac_minh {
                out.push(format!("Chưa xác minh: {} — {why}.", self.full_label(i)));
            }
        }
        if let Some(p) = &d.cong_nhan_truoc {
            out.push(format!("Công nhận trước đó: {}.", self.relabel(p)));
        }
        if let Some(date) = &d.ngay_danh_gia {
            out.push(format!("Điều kiện thời gian tính đến ngày {date}."));
        }
        out
    }

    /// "Hồ sơ … nộp trước ngày 15/01/2026; quyết định công nhận trước ngày 15/02/2026." from the
    /// set's deadlines, with their source when `cite`; `None` when the set gives none.
    pub fn deadlines(&self, cite: bool) -> Option<String> {
        let t = self.criteria.dvht.deadlines.as_ref()?;
        let day = |(d, m): (u8, u8)| match self.dvht.nam_danh_gia {
            Some(y) => format!("{d:02}/{m:02}/{}", y + 1),
            None => format!("{d:02}/{m:02} năm sau năm đánh giá"),
        };
        let source = if cite { format!(" ({})", t.source) } else { String::new() };
        Some(format!(
            "Hồ sơ (Báo cáo tự đánh giá, Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu, văn bản đề nghị) nộp trước ngày {}; quyết định công nhận trước ngày {}{source}.",
            day(t.filing),
            day(t.decision),
        ))
    }
}

/// The unit's own names: its name from the register or the rosters, the place from the
/// register's xã/phường, the governing body when the register names the commune; the command
/// line fills what the register does not say.
fn unit_paper(base: &Paper, r: &UnitRow, year: Option<u16>) -> Paper {
    let given = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let commune = r.dang_ky.as_ref().map(|k| k.xa_phuong.trim()).filter(|s| !s.is_empty());
    let named = commune.and_then(|c| commune_kind(c).map(|k| (k, c)));
    let managed_by_commune = r.dang_ky.as_ref().is_some_and(|k| k.cap_quan_ly_ma == "xa");
    Paper {
        co_quan: given(&base.co_quan)
            .or_else(|| named.filter(|_| managed_by_commune).map(|(_, c)| format!("UBND {}", lowercase_first(c)))),
        don_vi: Some(r.ten_don_vi.trim().to_string()).filter(|s| !s.is_empty()).or_else(|| given(&base.don_vi)),
        dia_danh: given(&base.dia_danh)
            .or_else(|| commune.map(|c| named.map_or(c, |(k, c)| c[k.len()..].trim_start()).to_string())),
        nguoi_lap: given(&base.nguoi_lap),
        thu_truong: given(&base.thu_truong),
        nam: year.or(base.nam),
    }
}

/// The kind word a commune's name starts with ("xã Gia Trấn" → "xã"), if any.
fn commune_kind(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    ["xã ", "phường ", "thị trấn ", "đặc khu "].into_iter().find(|k| lower.starts_with(k)).map(|k| k.trim_end())
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// "85/88 = 96.59% < 97%" → "85/88 = 96,59% < 97%": a `.` between digits becomes `,`.
pub fn decimal_commas(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let digit = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(char::is_ascii_digit);
            if c == '.' && digit(i.checked_sub(1)) && digit(Some(i + 1)) { ',' } else { c }
        })
        .collect()
}

/// Replaces `code` in `text` where it stands alone (not inside a longer number or word).
fn replace_code(text: &str, code: &str, label: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(code) {
        let before = rest[..at].chars().next_back();
        let tail = &rest[at + code.len()..];
        let mut next = tail.chars();
        let after_alone = match next.next() {
            None => true,
            // A full stop or comma after the code, not a decimal point.
            Some('.' | ',') => !next.next().is_some_and(|c| c.is_ascii_digit()),
            Some(c) => !(c.is_alphanumeric() || c == '-' || c == '/'),
        };
        let before_alone = before.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '.' | '-' | ',' | '/')));
        out.push_str(&rest[..at]);
        if before_alone && after_alone {
            out.push_str(label);
        } else {
            out.push_str(code);
        }
        rest = &rest[at + code.len()..];
    }
    out.push_str(rest);
    out
}

/// The three papers of a unit, in the order they are filed.
pub fn papers(unit: &Unit) -> [Doc; 3] {
    [summary::doc(unit), self_report::doc(unit), proposal::doc(unit)]
}

/// A file name for a unit code: letters, digits, `-`, `_` and `.` kept, the rest `_`.
pub fn file_stem(code: &str) -> String {
    let s: String =
        code.chars().map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "_".to_string() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_take_a_comma_and_codes_take_their_labels() {
        assert_eq!(decimal_commas("85/88 = 96.59% < 97%; 12/02/2024"), "85/88 = 96,59% < 97%; 12/02/2024");
        assert_eq!(
            replace_code("đạt nếu M2-3.2, M2-3.4 không áp dụng", "M2-3.2", "X"),
            "đạt nếu X, M2-3.4 không áp dụng"
        );
        // "3.2" inside "M2-3.2" or "13.2" is not the code "3.2".
        assert_eq!(replace_code("M2-3.2 và 13.2 và 3.2.", "3.2", "X"), "M2-3.2 và 13.2 và X.");
    }

    #[test]
    fn the_register_names_the_commune_and_the_command_line_fills_the_rest() {
        let c = crate::criteria::embedded();
        let tally = crate::aggregate::Tally::default();
        let mut r = crate::report::model::unit_row(&c, "TH-GT", "Trường Tiểu học Gia Trấn", &tally, None);
        r.dang_ky = Some(crate::report::model::RegisterRow {
            xa_phuong: "xã Gia Trấn".into(),
            cap_quan_ly_ma: "xa".into(),
            ..Default::default()
        });
        let base = Paper { don_vi: Some("Sở".into()), thu_truong: Some("Lê Văn A".into()), ..Paper::default() };
        let p = unit_paper(&base, &r, Some(2025));
        assert_eq!(p.co_quan.as_deref(), Some("UBND xã Gia Trấn"));
        assert_eq!(p.don_vi.as_deref(), Some("Trường Tiểu học Gia Trấn"));
        assert_eq!(p.dia_danh.as_deref(), Some("Gia Trấn"));
        assert_eq!(p.thu_truong.as_deref(), Some("Lê Văn A"));
        // A bare commune name does not say xã or phường: no governing body is made up.
        r.dang_ky.as_mut().unwrap().xa_phuong = "Gia Trấn".into();
        let p = unit_paper(&Paper::default(), &r, None);
        assert_eq!((p.co_quan, p.dia_danh.as_deref()), (None, Some("Gia Trấn")));
    }
}
