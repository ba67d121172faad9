//! The criteria a run applies: who is recognised as a Công dân học tập, the plan's target, the
//! Đơn vị học tập levels, and how roster headers and values map onto them. Loaded from TOML
//! (`load.rs`); the official set is embedded in the binary.

mod describe;
mod load;
mod schema;
mod vocab;

use std::collections::{BTreeMap, HashMap};

pub use describe::{describe_vocabularies, titles_of_files, titles_text};
pub use load::{CriteriaError, load_bytes, load_file, load_str};
pub use schema::{Role, ScopeOutcome};
pub use vocab::{GroupHow, TitleCount, merge_titles};

use crate::number::{Points, Share};

/// The default set, shipped in `criteria/` and embedded so that `hoctap` runs with no setup.
pub const EMBEDDED_NAME: &str = "criteria/ninh-binh-2025.toml";
pub const EMBEDDED_TOML: &str = include_str!("../../criteria/ninh-binh-2025.toml");

/// Every set shipped in `criteria/`: (code, file, text). `--criteria CODE` and
/// `ke_thua = "CODE"` name them without a path.
pub const EMBEDDED_SETS: [(&str, &str, &str); 2] = [
    ("ninh-binh-2025", EMBEDDED_NAME, EMBEDDED_TOML),
    ("dvht-tt22-2020", "criteria/dvht-tt22-2020.toml", include_str!("../../criteria/dvht-tt22-2020.toml")),
];

/// Loads a shipped set by its code.
pub fn embedded_named(code: &str) -> Option<Result<Criteria, CriteriaError>> {
    let (_, file, text) = EMBEDDED_SETS.iter().find(|(c, _, _)| *c == code)?;
    Some(if *file == EMBEDDED_NAME { Ok(embedded()) } else { load_str(text, &format!("{file} (nhúng sẵn)")) })
}

/// The embedded default set. It is validated by a test, so failure here is a build bug.
/// Parsed once per process: the version line and the run both need it, and parsing is a
/// large part of a small run's time.
pub fn embedded() -> Criteria {
    static PARSED: std::sync::OnceLock<Criteria> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| {
            load_str(EMBEDDED_TOML, &format!("{EMBEDDED_NAME} (nhúng sẵn)"))
                .expect("embedded criteria are validated by tests")
        })
        .clone()
}

#[derive(Debug, Clone)]
pub struct Criteria {
    pub meta: Meta,
    pub cdht: Cdht,
    pub roles: RoleMap,
    /// The id kinds a roster may carry, most preferred first.
    pub ids: Vec<IdKind>,
    pub status: StatusRules,
    pub target: Target,
    pub dvht: Dvht,
    pub columns: Columns,
    pub values: Values,
    pub register: Register,
    /// Words that mark a roster row as not a person.
    pub rows: RowWords,
}

/// Words that mark a roster row as not a person, folded with [`crate::text::fold_value`]; a
/// cell is marked when it starts with one of them as whole words.
#[derive(Debug, Clone, Default)]
pub struct RowWords {
    pub source: String,
    pub titles: Vec<String>,
    pub totals: Vec<String>,
    pub signatures: Vec<String>,
    pub notes: Vec<String>,
}

impl RowWords {
    fn from_table(t: schema::DongKhongPhaiNguoi) -> RowWords {
        let fold = |v: Vec<String>| -> Vec<String> {
            v.iter().map(|w| crate::text::fold_value(w)).filter(|w| !w.is_empty()).collect()
        };
        RowWords {
            source: t.nguon,
            titles: fold(t.tieu_de_nhom),
            totals: fold(t.dong_tong),
            signatures: fold(t.chu_ky),
            notes: fold(t.ghi_chu),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Meta {
    pub code: String,
    pub name: String,
    pub version: String,
    /// Where the set came from: a path, or the embedded file's name.
    pub origin: String,
    /// SHA-256 of the TOML text, so a report says exactly which rules produced it.
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct Threshold {
    pub points: Points,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Cdht {
    pub source: String,
    pub pass: Threshold,
    pub pass_disadvantaged: Threshold,
    pub min_indicator: Threshold,
    pub groups: Vec<Group>,
    pub competencies: Vec<Competency>,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Competency {
    pub code: String,
    pub name: String,
    /// Indexes into [`Cdht::indicators`].
    pub indicators: Vec<usize>,
    pub max: Points,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    /// "1.1"
    pub code: String,
    /// Canonical roster column, "chi_so_1_1".
    pub column: String,
    pub max: Points,
    pub wording: String,
    pub wording_by_group: BTreeMap<String, String>,
}

impl Indicator {
    pub fn wording_for(&self, group: &str) -> &str {
        self.wording_by_group.get(group).unwrap_or(&self.wording)
    }
}

/// `đối tượng` values, folded, to the group index and the role.
#[derive(Debug, Clone, Default)]
pub struct RoleMap {
    pub by_value: HashMap<String, (usize, Role)>,
    /// The values as written, for messages and the template.
    pub listed: Vec<(String, usize, Role)>,
    /// Leading words (folded without diacritics, one string per word) that make a value a
    /// group, with the words as written.
    pub prefixes: Vec<(Vec<String>, usize, Role, String)>,
    /// The group and role of any other non-empty title, and the rule's source.
    pub other: Option<(usize, Role, String)>,
}

/// One kind of id a roster may carry (`[[ma_dinh_danh]]`).
#[derive(Debug, Clone)]
pub struct IdKind {
    pub code: String,
    pub name: String,
    /// Header names as written.
    pub aliases: Vec<String>,
    /// How many digits the id has, when it is all digits of a fixed length.
    pub digits: Option<usize>,
    /// The digits it may begin with (any of them), when `digits` is set.
    pub prefixes: Vec<String>,
    pub source: String,
}

impl IdKind {
    /// True when `digits` (ASCII digits only) has this kind's shape.
    pub fn fits(&self, digits: &str) -> bool {
        self.digits == Some(digits.len())
            && (self.prefixes.is_empty() || self.prefixes.iter().any(|p| digits.starts_with(p.as_str())))
    }

    /// True when the shape begins with 0, so a number cell cannot hold it.
    pub fn begins_with_zero(&self) -> bool {
        self.digits.is_some() && !self.prefixes.is_empty() && self.prefixes.iter().all(|p| p.starts_with('0'))
    }

    /// The shape in words: "10 chữ số, bắt đầu bằng 37 hoặc 36".
    pub fn shape_text(&self) -> Option<String> {
        let n = self.digits?;
        let mut s = format!("{n} chữ số");
        if !self.prefixes.is_empty() {
            s.push_str(&format!(", bắt đầu bằng {}", self.prefixes.join(" hoặc ")));
        }
        Some(s)
    }
}

#[derive(Debug, Clone)]
pub struct StatusRules {
    pub source: String,
    /// Folded values that mean "counted".
    pub active: Vec<String>,
    /// Folded value → index into `reasons`.
    pub excluded: HashMap<String, usize>,
    pub reasons: Vec<String>,
    /// The values as written, for messages.
    pub listed_active: Vec<String>,
    pub listed_excluded: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct Target {
    pub share: Share,
    pub source: String,
}

#[derive(Debug, Clone)]
pub struct Dvht {
    pub source: String,
    /// Ordered by level, lowest first. Empty when the set grades on a points scale.
    pub levels: Vec<Level>,
    /// How long a recognition holds.
    pub validity: Option<Validity>,
    /// A points scale with bands (the older TT 22/2020 way), read from the unit register.
    pub scale: Option<PointScale>,
    /// The circular's tiêu chí, by number (empty when the set does not give them).
    pub criteria: Vec<CriterionTitle>,
    /// When the dossier is filed and decided.
    pub deadlines: Option<Deadlines>,
}

/// "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập".
#[derive(Debug, Clone)]
pub struct CriterionTitle {
    pub number: u8,
    pub name: String,
    pub source: String,
}

/// Days (day, month) of the year after the data's year: the dossier is filed before `filing`
/// and decided before `decision`.
#[derive(Debug, Clone)]
pub struct Deadlines {
    pub filing: (u8, u8),
    pub decision: (u8, u8),
    pub source: String,
}

/// A chỉ tiêu's place in the circular: "Tiêu chí 3, Chỉ tiêu 1".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    pub criterion: u8,
    /// 0 for a points-scale item, which is a whole tiêu chí.
    pub item: u8,
}

impl Numbering {
    /// "Tiêu chí 3, Chỉ tiêu 1"; "Tiêu chí 1" for a points-scale item.
    pub fn label(&self) -> String {
        match self.item {
            0 => format!("Tiêu chí {}", self.criterion),
            item => format!("Tiêu chí {}, Chỉ tiêu {item}", self.criterion),
        }
    }
}

impl Dvht {
    /// The numbering of the chỉ tiêu or points-scale item with `code`, when the set gives it.
    pub fn numbering(&self, code: &str) -> Option<Numbering> {
        let item = self.levels.iter().flat_map(|l| &l.items).find(|i| i.code == code).and_then(|i| i.number);
        item.or_else(|| {
            let s = self.scale.as_ref()?.items.iter().find(|i| i.code == code)?;
            s.criterion.map(|criterion| Numbering { criterion, item: 0 })
        })
    }

    /// The title of tiêu chí `n`.
    pub fn criterion(&self, n: u8) -> Option<&CriterionTitle> {
        self.criteria.iter().find(|c| c.number == n)
    }
}

#[derive(Debug, Clone)]
pub struct Level {
    pub level: u8,
    pub name: String,
    pub items: Vec<ChiTieu>,
    /// Time that must pass from the decision recognising the level below.
    pub after_lower: Option<Wait>,
}

/// A recognition of year R holds through 31/12 of R + `years_after`.
#[derive(Debug, Clone)]
pub struct Validity {
    pub years_after: u16,
    pub source: String,
    /// The source's own words.
    pub words: String,
}

/// A level may be recognised once `years` have passed from the date of the decision that
/// recognised the level below, counted to the assessment date.
#[derive(Debug, Clone)]
pub struct Wait {
    pub years: u16,
    pub source: String,
    pub words: String,
}

/// Points per criterion, summed, then the highest band the total reaches: the same
/// mechanism that scores a person ([`crate::scoring::scale`]).
#[derive(Debug, Clone)]
pub struct PointScale {
    pub source: String,
    pub items: Vec<ScaleItem>,
    /// Highest first.
    pub bands: Vec<Band>,
    /// The name of a total below every band.
    pub below: String,
}

#[derive(Debug, Clone)]
pub struct ScaleItem {
    pub code: String,
    pub wording: String,
    pub max: Points,
    pub source: String,
    /// Its tiêu chí number in the circular.
    pub criterion: Option<u8>,
}

#[derive(Debug, Clone)]
pub struct Band {
    pub name: String,
    pub min: Points,
    pub source: String,
}

/// The unit register's vocabularies: school levels, managing levels, divisions.
#[derive(Debug, Clone, Default)]
pub struct Register {
    pub levels: Vec<Category>,
    pub managers: Vec<Category>,
    pub divisions: Vec<Division>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub code: String,
    pub name: String,
    /// Folded values that mean this category.
    pub values: Vec<String>,
    /// For a school level: index into [`Register::managers`] of its default managing level.
    pub manager: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Division {
    pub code: String,
    pub name: String,
    /// Indexes into [`Register::levels`].
    pub levels: Vec<usize>,
}

impl Register {
    pub fn level_of(&self, folded: &str) -> Option<usize> {
        self.levels.iter().position(|c| c.values.iter().any(|v| v == folded))
    }
    pub fn manager_of(&self, folded: &str) -> Option<usize> {
        self.managers.iter().position(|c| c.values.iter().any(|v| v == folded))
    }
    pub fn division(&self, code: &str) -> Option<&Division> {
        self.divisions.iter().find(|d| d.code == code)
    }
}

#[derive(Debug, Clone)]
pub struct ChiTieu {
    pub code: String,
    pub wording: String,
    pub source: String,
    pub kind: ChiTieuKind,
    /// Which kinds of unit it applies to; empty: every unit.
    pub scope: Vec<ScopeRule>,
    /// Why the wording or number is not confirmed by a source.
    pub unverified: Option<String>,
    /// Its place in the circular, when the set gives it.
    pub number: Option<Numbering>,
}

#[derive(Debug, Clone)]
pub enum ChiTieuKind {
    /// Declared Đạt / Không đạt / Không áp dụng in the unit file, in the column named by code.
    Declared,
    /// Computed from the rosters: the share of people of `role` recognised as CDHT.
    CdhtShare { role: Role, share: Share },
}

/// A kind of unit and what follows for it. Each listed dimension must match; an empty list
/// or `None` matches any unit.
#[derive(Debug, Clone)]
pub struct ScopeRule {
    pub outcome: ScopeOutcome,
    /// Indexes into [`Register::levels`].
    pub levels: Vec<usize>,
    /// Indexes into [`Register::managers`].
    pub managers: Vec<usize>,
    pub educational: Option<bool>,
    /// The source that settles it, or the reason it is not settled.
    pub note: String,
}

impl ScopeRule {
    /// "THPT, Liên cấp có THPT thuộc Sở GDĐT", "cơ sở giáo dục thuộc UBND xã/phường", for
    /// tables and evidence.
    pub fn describe(&self, register: &Register) -> String {
        let names = |list: &[usize], all: &[Category]| {
            list.iter().map(|&i| all[i].name.as_str()).collect::<Vec<_>>().join(", ")
        };
        let mut out = match (self.levels.is_empty(), self.educational) {
            (false, _) => names(&self.levels, &register.levels),
            (true, Some(true)) => "cơ sở giáo dục".into(),
            (true, Some(false)) => "đơn vị không phải cơ sở giáo dục".into(),
            (true, None) if self.managers.is_empty() => return "mọi đơn vị".into(),
            (true, None) => "đơn vị".into(),
        };
        if !self.managers.is_empty() {
            out.push_str(&format!(" thuộc {}", names(&self.managers, &register.managers)));
        }
        if !self.levels.is_empty() && self.educational == Some(false) {
            out.push_str(" (không phải cơ sở giáo dục)");
        }
        out
    }
}

/// Header aliases, folded, for every field the roster and unit readers know.
#[derive(Debug, Clone)]
pub struct Columns {
    pub roster: Vec<(String, Vec<String>)>,
    /// Templates with `{ma}` for indicator columns.
    pub indicator_templates: Vec<String>,
    pub unit: Vec<(String, Vec<String>)>,
    pub chi_tieu_templates: Vec<String>,
}

/// Folded cell values with a fixed meaning.
#[derive(Debug, Clone)]
pub struct Values {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub met: Vec<String>,
    pub not_met: Vec<String>,
    pub not_applicable: Vec<String>,
    /// "Never recognised" in the previous-recognition column.
    pub never: Vec<String>,
}
