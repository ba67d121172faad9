//! The ordered merge: tables (files, sheets, and a file's ranges) added in the order they were
//! given, so that every count is that of reading them one after another; then the ids seen
//! more than once are settled by a rule that does not depend on that order.
//!
//! The duplicate rule (also in the README): copies of an id that say the same (unit, group,
//! status, area, scores and so the same result) are one person, counted once; every other
//! copy is `Trùng`, pointing at the first copy by file name, sheet and line. Copies that
//! disagree are a conflict: the person is counted once, as `Lỗi`, in the unit whose code comes
//! first (then by role) among the copies, every other copy is `Trùng`, and every copy is
//! listed with all the places. Neither depends on the order of files, sheets or rows.

use super::*;
use crate::model::FindingCounts;

/// One copy of an id seen more than once: where, and what it said.
#[derive(Debug, Clone)]
pub(super) struct Copy {
    pub(super) place: (usize, u64),
    pub(super) said: Said,
    /// The id as typed (the key's text for the copy the run's set holds).
    pub(super) id: Box<str>,
}

/// How the copies of an id that disagree were settled: the copy counted (as `Lỗi`), and the
/// message each copy gets.
#[derive(Debug, Clone, Default)]
pub(super) struct Conflict {
    pub(super) winner: (usize, u64),
    pub(super) messages: HashMap<(usize, u64), String>,
}

pub(super) type Resolution = HashMap<IdKey<'static>, Conflict>;

/// A table's contribution kept until the end: its findings are completed by the duplicates.
struct TableOut {
    findings: FindingLog,
    summary: FileSummary,
    id_header: String,
}

/// A claim in a table's lists, with its line in the table, and what that copy said.
fn listed_claim(f: &FileRun, units: &[u32], (packed, print): ids::ListValue) -> (Claim, Said) {
    let mut claim = Claim::unpack(packed, &f.big_units);
    claim.line += f.lists_shift;
    (claim, Said { print, unit: units[claim.unit], role: claim.role, outcome: claim.outcome })
}

/// Every finding of a run's tables, given in report order by [`RunFindings::drain`].
#[derive(Debug, Default)]
pub struct RunFindings {
    /// Findings given as a list (a merge of saved reports), before the tables'.
    listed: Vec<Finding>,
    /// Findings counted but not listed (a saved report's beyond its list).
    unlisted: FindingCounts,
    /// Each table's sheet (for CSV, none) and findings.
    tables: Vec<(Option<String>, FindingLog)>,
}

impl RunFindings {
    /// Findings already in a list, and the counts of those that are not.
    pub fn from_list(listed: Vec<Finding>, unlisted: FindingCounts) -> RunFindings {
        RunFindings { listed, unlisted, tables: Vec::new() }
    }

    pub fn unlisted(&self) -> FindingCounts {
        self.unlisted
    }

    /// Gives every finding, table by table, each table's by line.
    pub fn drain(self, mut each: impl FnMut(Finding) -> std::io::Result<()>) -> std::io::Result<()> {
        self.listed.into_iter().try_for_each(&mut each)?;
        for (sheet, log) in self.tables {
            log.drain(|n| each(Finding { trang_tinh: sheet.clone(), ..n.finding }))?;
        }
        Ok(())
    }
}

/// Adds the tables to the run in the order they were given.
pub(super) struct Merger {
    /// Every id claimed so far: packed place (table, line) and what that copy said.
    pub(super) seen: IdMap,
    /// The name of each table added (file, and sheet), for messages.
    pub(super) names: HashMap<usize, String>,
    pub(super) tallies: UnitTallies,
    /// (unit code, name) pairs already warned about.
    pub(super) clashes: HashSet<(String, String)>,
    tables: Vec<TableOut>,
    at: HashMap<usize, usize>,
    /// Unit codes by run-wide index.
    unit_codes: Vec<String>,
    unit_ids: HashMap<String, u32>,
    /// Every copy of each id seen more than once, the run's copy first.
    repeats: HashMap<IdKey<'static>, Vec<Copy>>,
}

impl Merger {
    pub(super) fn new() -> Merger {
        Merger {
            seen: IdMap::default(),
            names: HashMap::new(),
            tallies: UnitTallies::default(),
            clashes: HashSet::new(),
            tables: Vec::new(),
            at: HashMap::new(),
            unit_codes: Vec::new(),
            unit_ids: HashMap::new(),
            repeats: HashMap::new(),
        }
    }

    /// Adds a table whose rows knew, as they were read, the ids of the tables before (runs
    /// that write each person): its ids are in `claims`, its repeats found already.
    pub(super) fn add_table(&mut self, mut f: FileRun) {
        let units = self.begin(&f);
        let index = f.index;
        let said = |claim: &Claim, print: u64| Said {
            print: print as u32,
            unit: units[claim.unit],
            role: claim.role,
            outcome: claim.outcome,
        };
        let mut now_repeats = HashSet::new();
        if self.seen.is_empty() {
            // Nothing earlier can repeat: keep the table's map, only re-labelling its values.
            let big_units = &f.big_units;
            f.claims.map_values(|[c, print]| {
                let claim = Claim::unpack(c, big_units);
                [pack_place(index, claim.line), said(&claim, print).pack()]
            });
            self.seen = std::mem::take(&mut f.claims);
        } else {
            let claims: Vec<(IdKey<'static>, [u64; 2])> = f.claims.drain().collect();
            for (key, [packed, print]) in claims {
                let claim = Claim::unpack(packed, &f.big_units);
                let value = [pack_place(index, claim.line), said(&claim, print).pack()];
                let Some([first, first_said]) = self.seen.insert_new(&key, value) else { continue };
                let held = Copy { place: unpack_place(first), said: Said::unpack(first_said), id: key.text().into() };
                self.repeat_claim(&mut f, &key, claim, said(&claim, print), held, &mut now_repeats);
            }
        }
        self.end(f, &units, now_repeats);
    }

    /// Adds tables (files, sheets and a file's ranges, in the order given) whose ids are in
    /// `lists`: the ids claimed more than once are found shard by shard in parallel, the
    /// first claim in that order winning, then each table is added in order.
    pub(super) fn add_listed(&mut self, mut parts: Vec<FileRun>) {
        let units: Vec<Vec<u32>> = parts.iter().map(|f| self.begin(f)).collect();
        let mut lists: Vec<&mut IdLists> = parts.iter_mut().map(|f| &mut f.lists).collect();
        let repeated = ids::repeated(&mut lists);
        drop(lists);
        // The first copies, taken while every table is at hand.
        let firsts: Vec<Copy> = repeated
            .iter()
            .map(|r| {
                let (f, units) = (&parts[r.first.list], &units[r.first.list]);
                let (claim, said) = listed_claim(f, units, r.first.value);
                Copy { place: (f.index, claim.line), said, id: r.key.text().into() }
            })
            .collect();
        let mut repeated = repeated.into_iter().zip(firsts).peekable();
        for (k, (mut f, units)) in parts.into_iter().zip(units).enumerate() {
            f.lists = IdLists::default();
            let mut now_repeats = HashSet::new();
            while let Some((r, held)) = repeated.next_if(|(r, _)| r.at.list == k) {
                let (claim, said) = listed_claim(&f, &units, r.at.value);
                self.repeat_claim(&mut f, &r.key, claim, said, held, &mut now_repeats);
            }
            self.end(f, &units, now_repeats);
        }
    }

    /// Names a table and gives its units' run-wide indexes.
    fn begin(&mut self, f: &FileRun) -> Vec<u32> {
        self.names.insert(f.index, table_name(&f.summary));
        f.units.units.iter().map(|u| self.unit_id(&u.code)).collect()
    }

    /// A claim of table `f` that an earlier one (`held`, the copy the run counts) made
    /// first: this copy is not counted, and is listed among the id's copies.
    fn repeat_claim(
        &mut self,
        f: &mut FileRun,
        key: &IdKey<'static>,
        claim: Claim,
        said: Said,
        held: Copy,
        now_repeats: &mut HashSet<u64>,
    ) {
        f.units.units[claim.unit].tally.reclassify_as_duplicate(claim.role, claim.outcome);
        if claim.outcome == Outcome::Invalid {
            // Its cell problems are no longer reported: the duplicate's finding says why.
            now_repeats.insert(claim.line);
        }
        let id = f.typed_ids.get(&claim.line).map_or_else(|| key.text().into_owned(), |t| t.to_string());
        let copies = self.repeats.entry(key.clone()).or_insert_with(|| vec![held]);
        copies.push(Copy { place: (f.index, claim.line), said, id: id.into() });
    }

    fn unit_id(&mut self, code: &str) -> u32 {
        if let Some(&u) = self.unit_ids.get(code) {
            return u;
        }
        self.unit_codes.push(code.to_string());
        let u = (self.unit_codes.len() - 1) as u32;
        self.unit_ids.insert(code.to_string(), u);
        u
    }

    /// The copy the run's set holds for `key`, as a [`Copy`].
    fn held(&self, key: &IdKey<'_>) -> Option<Copy> {
        let [place, said] = self.seen.get(key)?;
        Some(Copy { place: unpack_place(place), said: Said::unpack(said), id: key.text().into() })
    }

    fn note_repeat(&mut self, key: &IdKey<'static>, copy: Copy) {
        if !self.repeats.contains_key(key) {
            let Some(first) = self.held(key) else { return };
            self.repeats.insert(key.clone(), vec![first]);
        }
        if let Some(copies) = self.repeats.get_mut(key) {
            copies.push(copy);
        }
    }

    /// The rest of adding a table, once its repeated claims are settled: the repeats its rows
    /// found themselves, its tallies, unit names and findings.
    fn end(&mut self, mut f: FileRun, units: &[u32], now_repeats: HashSet<u64>) {
        let index = f.index;
        for r in std::mem::take(&mut f.repeats) {
            let s = Said { print: r.print, unit: units[r.unit], role: r.role, outcome: r.outcome };
            self.note_repeat(&r.key, Copy { place: (index, r.line), said: s, id: r.id });
        }
        if !now_repeats.is_empty() {
            f.findings.drop_row_errors(&now_repeats);
        }
        for unit in &f.units.units {
            self.tallies.units.entry(unit.code.to_string()).or_default().tally.add(&unit.tally);
        }
        for (u, name, line) in &f.units.names {
            let code = &*f.units.units[*u].code;
            let Some(entry) = self.tallies.units.get_mut(code) else { continue };
            if entry.name.is_empty() {
                entry.name = name.to_string();
            } else if entry.name != **name && self.clashes.insert((code.to_string(), name.to_string())) {
                f.findings.push(Noted {
                    line: *line,
                    rank: 3,
                    finding: Finding {
                        tep: f.summary.tep.clone(),
                        trang_tinh: None,
                        dong: Some(*line),
                        cot: f.name_header.clone(),
                        gia_tri: name.to_string(),
                        muc_do: Severity::Warning,
                        thong_bao: format!("đơn vị {code} đã có tên \"{}\"; báo cáo dùng tên đó", entry.name),
                    },
                });
            }
        }
        // The parts of one table come one after another: the last one holds its summary.
        match self.at.get(&index) {
            Some(&t) => {
                let table = &mut self.tables[t];
                table.findings.append(&mut f.findings);
                table.summary = f.summary;
            }
            None => {
                self.at.insert(index, self.tables.len());
                self.tables.push(TableOut { findings: f.findings, summary: f.summary, id_header: f.id_header });
            }
        }
    }

    /// Where a copy is, as a message names it from table `from`.
    fn place_text(&self, (table, line): (usize, u64), from: usize) -> String {
        if table == from {
            format!("dòng {line}")
        } else {
            format!("dòng {line} tệp {}", self.names.get(&table).map_or("?", String::as_str))
        }
    }

    /// The order of copies that no input order changes: table name, then line.
    fn sort_copies(&self, copies: &mut [Copy]) {
        let name = |c: &Copy| self.names.get(&c.place.0).cloned().unwrap_or_default();
        copies.sort_by_key(|c| (name(c), c.place.1));
    }

    fn push_finding(&mut self, copy: &Copy, message: String) {
        let Some(&t) = self.at.get(&copy.place.0) else { return };
        let table = &mut self.tables[t];
        table.findings.push(Noted {
            line: copy.place.1,
            rank: 2,
            finding: Finding {
                tep: table.summary.tep.clone(),
                trang_tinh: None,
                dong: Some(copy.place.1),
                cot: table.id_header.clone(),
                gia_tri: copy.id.to_string(),
                muc_do: Severity::Error,
                thong_bao: message,
            },
        });
    }

    /// Settles every repeated id (see the module's rule) and gives the run's result.
    pub(super) fn finish(mut self) -> (RunResult, Resolution) {
        let mut resolution = Resolution::new();
        let mut repeats: Vec<(IdKey<'static>, Vec<Copy>)> = std::mem::take(&mut self.repeats).into_iter().collect();
        repeats.sort_by(|a, b| a.0.text().cmp(&b.0.text()));
        for (key, mut copies) in repeats {
            // The copy the tallies count: the one the run's set holds.
            let counted = copies[0].clone();
            self.sort_copies(&mut copies);
            let agree = copies.iter().all(|c| c.said == counted.said);
            if agree {
                let first = copies[0].place;
                for c in &copies[1..] {
                    let message = format!(
                        "trùng mã định danh {} với {}; không tính lại",
                        c.id,
                        self.place_text(first, c.place.0)
                    );
                    self.push_finding(c, message);
                }
                continue;
            }
            let role_rank = |r: Option<Role>| match r {
                None => 0,
                Some(Role::ThanhVien) => 1,
                Some(Role::NguoiHoc) => 2,
            };
            let winner = copies
                .iter()
                .min_by(|a, b| {
                    let key = |c: &Copy| (self.unit_codes[c.said.unit as usize].clone(), role_rank(c.said.role));
                    key(a).cmp(&key(b))
                })
                .expect("two copies at least")
                .clone();
            let code = |u: u32| self.unit_codes[u as usize].clone();
            let (counted_code, winner_code) = (code(counted.said.unit), code(winner.said.unit));
            if let Some(u) = self.tallies.units.get_mut(&counted_code) {
                u.tally.reclassify_as_duplicate(counted.said.role, counted.said.outcome);
            }
            if let Some(u) = self.tallies.units.get_mut(&winner_code) {
                u.tally.reclassify_duplicate_as(winner.said.role, Outcome::Invalid);
            }
            let mut messages = Vec::new();
            for c in &copies {
                let others: Vec<String> = copies
                    .iter()
                    .map(|o| format!("{} (đơn vị {})", self.place_text(o.place, c.place.0), code(o.said.unit)))
                    .collect();
                messages.push(format!(
                    "mã định danh {} có {} bản ghi khác nhau (đơn vị, đối tượng, trạng thái hoặc điểm): {}; người này được tính một lần, là Lỗi, ở đơn vị {winner_code} (mã đơn vị đứng đầu theo thứ tự chữ cái, không phụ thuộc thứ tự tệp hay dòng); sửa cho các bản ghi giống nhau hoặc xóa bản thừa rồi chạy lại",
                    c.id,
                    copies.len(),
                    others.join(", ")
                ));
            }
            let mut conflict = Conflict { winner: winner.place, messages: HashMap::new() };
            for (c, message) in copies.iter().zip(messages) {
                conflict.messages.insert(c.place, message.clone());
                self.push_finding(c, message);
            }
            resolution.insert(key, conflict);
        }
        let mut findings = RunFindings::default();
        let mut files = Vec::new();
        for t in self.tables {
            findings.tables.push((t.summary.trang_tinh.clone(), t.findings));
            files.push(t.summary);
        }
        (RunResult { tallies: self.tallies, findings, files }, resolution)
    }
}
