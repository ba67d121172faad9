//! The criteria a run applies: who is recognised as a Công dân học tập, the plan's target, the
//! Đơn vị học tập levels, and how roster headers and values map onto them. Loaded from TOML
//! (`load.rs`); the official set is embedded in the binary.

mod load;
mod schema;

use std::collections::{BTreeMap, HashMap};

pub use load::{CriteriaError, load_bytes, load_file, load_str};
pub use schema::Role;

use crate::number::{Points, Share};

/// The default set, shipped in `criteria/` and embedded so that `hoctap` runs with no setup.
pub const EMBEDDED_NAME: &str = "criteria/ninh-binh-2025.toml";
pub const EMBEDDED_TOML: &str = include_str!("../../criteria/ninh-binh-2025.toml");

/// Loads the embedded default set. It is validated by a test, so failure here is a build bug.
pub fn embedded() -> Criteria {
    load_str(EMBEDDED_TOML, &format!("{EMBEDDED_NAME} (nhúng sẵn)")).expect("embedded criteria are validated by tests")
}

#[derive(Debug, Clone)]
pub struct Criteria {
    pub meta: Meta,
    pub cdht: Cdht,
    pub roles: RoleMap,
    pub status: StatusRules,
    pub target: Target,
    pub dvht: Dvht,
    pub columns: Columns,
    pub values: Values,
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
    /// Ordered by level, lowest first.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone)]
pub struct Level {
    pub level: u8,
    pub name: String,
    pub items: Vec<ChiTieu>,
}

#[derive(Debug, Clone)]
pub struct ChiTieu {
    pub code: String,
    pub wording: String,
    pub source: String,
    pub kind: ChiTieuKind,
}

#[derive(Debug, Clone)]
pub enum ChiTieuKind {
    /// Declared Đạt / Không đạt / Không áp dụng in the unit file, in the column named by code.
    Declared,
    /// Computed from the rosters: the share of people of `role` recognised as CDHT.
    CdhtShare { role: Role, share: Share, only_educational: bool },
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

impl Columns {
    pub fn roster_aliases(&self, field: &str) -> &[String] {
        lookup(&self.roster, field)
    }
    pub fn unit_aliases(&self, field: &str) -> &[String] {
        lookup(&self.unit, field)
    }
}

fn lookup<'a>(list: &'a [(String, Vec<String>)], field: &str) -> &'a [String] {
    list.iter().find(|(f, _)| f == field).map_or(&[], |(_, a)| a.as_slice())
}

/// Folded cell values with a fixed meaning.
#[derive(Debug, Clone)]
pub struct Values {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub met: Vec<String>,
    pub not_met: Vec<String>,
    pub not_applicable: Vec<String>,
}

impl Criteria {
    pub fn indicator_max_total(&self) -> Points {
        self.cdht.indicators.iter().map(|i| i.max).sum()
    }
}
