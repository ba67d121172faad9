//! The ordered merge: files (and a file's ranges) added in the order they were given, so
//! that the result is that of reading them one after another.

use super::*;

/// Adds the files to the run in the order they were given.
pub(super) struct Merger<'a> {
    pub(super) sources: &'a [Source],
    /// Every id claimed so far; values are packed places (file, line).
    pub(super) seen: IdMap,
    pub(super) tallies: UnitTallies,
    /// (unit code, name) pairs already warned about.
    pub(super) clashes: HashSet<(String, String)>,
    pub(super) findings: Vec<Finding>,
    pub(super) files: Vec<FileSummary>,
}

impl<'a> Merger<'a> {
    pub(super) fn new(sources: &'a [Source]) -> Merger<'a> {
        Merger {
            sources,
            seen: IdMap::default(),
            tallies: UnitTallies::default(),
            clashes: HashSet::new(),
            findings: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Adds a file read in one or more parts, in order; the last part holds its summary.
    pub(super) fn add_parts(&mut self, parts: Vec<FileRun>) {
        if parts.len() > 1 {
            // Sized once for every id the parts claimed, rather than doubled on the way.
            self.seen.reserve(parts.iter().map(|p| p.claims.len()).sum());
        }
        let whole = parts.len() == 1;
        let mut summary = None;
        for part in parts {
            summary = Some(self.add(part, whole));
        }
        self.files.extend(summary);
    }

    pub(super) fn add(&mut self, mut f: FileRun, whole: bool) -> FileSummary {
        let index = f.index;
        // Rows whose cell problems are no longer reported: an earlier file had their id.
        let mut now_repeats: HashSet<u64> = HashSet::new();
        if self.seen.is_empty() && whole {
            // Nothing earlier can repeat: keep the file's map, only re-labelling its values.
            let big_units = &f.big_units;
            f.claims.map_values(|c| pack_place(index, Claim::unpack(c, big_units).line));
            self.seen = std::mem::take(&mut f.claims);
        } else {
            // In chunks whose slots are prefetched first: the set is large and the ids random.
            let claims: Vec<(IdKey<'static>, u64)> = f.claims.drain().collect();
            for chunk in claims.chunks(64) {
                for (key, _) in chunk {
                    self.seen.prefetch(key);
                }
                for (key, packed) in chunk {
                    let claim = Claim::unpack(*packed, &f.big_units);
                    self.merge_claim(&mut f, key, claim, &mut now_repeats);
                }
            }
        }
        for r in std::mem::take(&mut f.repeats) {
            let first = self.seen.get(&r.key).map_or(r.first, unpack_place);
            let message = duplicate_reason(&r.id, index, first, self.sources);
            f.findings.push(repeat_finding(&f.summary.tep, &f.id_header, r.line, r.id.into_string(), message));
        }
        if !now_repeats.is_empty() {
            f.findings.retain(|n| !(n.rank == 1 && now_repeats.contains(&n.line)));
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
        f.findings.sort_by_key(|n| (n.line, n.rank));
        let sheet = &f.summary.trang_tinh;
        self.findings.extend(f.findings.into_iter().map(|n| Finding { trang_tinh: sheet.clone(), ..n.finding }));
        f.summary
    }

    /// Adds one id a file claimed, in one search of the run's set: new, it is the run's; seen
    /// in an earlier file, the file's row becomes a duplicate of that one.
    pub(super) fn merge_claim(
        &mut self,
        f: &mut FileRun,
        key: &IdKey<'_>,
        claim: Claim,
        now_repeats: &mut HashSet<u64>,
    ) {
        let Some(first) = self.seen.insert_new(key, pack_place(f.index, claim.line)) else { return };
        f.units.units[claim.unit].tally.reclassify_as_duplicate(claim.role, claim.outcome);
        if claim.outcome == Outcome::Invalid {
            now_repeats.insert(claim.line);
        }
        let id = f.typed_ids.get(&claim.line).map_or_else(|| key.text().into_owned(), |t| t.to_string());
        let message = duplicate_reason(&id, f.index, unpack_place(first), self.sources);
        f.findings.push(repeat_finding(&f.summary.tep, &f.id_header, claim.line, id, message));
    }

    pub(super) fn finish(self) -> RunResult {
        RunResult { tallies: self.tallies, findings: self.findings, files: self.files }
    }
}

pub(super) fn repeat_finding(file: &str, id_header: &str, line: u64, id: String, message: String) -> Noted {
    Noted {
        line,
        rank: 2,
        finding: Finding {
            tep: file.to_string(),
            trang_tinh: None,
            dong: Some(line),
            cot: id_header.to_string(),
            gia_tri: id,
            muc_do: Severity::Error,
            thong_bao: message,
        },
    }
}
