//! Invariants over generated rosters (proptest), checked through the library: random scores
//! (in range, out of range, unparsable, blank), duplicate ids, excluded and unknown statuses,
//! random header order and aliases, title rows, both delimiters, BOM or not, NFC or NFD, CRLF
//! or LF. An independent oracle says what every row must become; the report must agree with it,
//! keep its sums, and give the same numbers however the rows are ordered or split into files.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use hoctap::criteria::{self, Criteria};
use hoctap::input::Source;
use hoctap::input::open::ReadOptions;
use hoctap::input::person::PersonRow;
use hoctap::number::{Rate, Share};
use hoctap::pipeline::{self, PersonSink, RunOptions};
use hoctap::report::{self, Report};
use hoctap::scoring::{Assessment, Outcome};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use unicode_normalization::UnicodeNormalization;

const UNITS: [(&str, &str); 3] =
    [("TH-GT", "Trường Tiểu học Gia Trấn"), ("THCS-GT", "Trường THCS Gia Trấn"), ("MN-ĐT", "Trường Mầm non Đồng Tâm")];

#[derive(Debug, Clone)]
enum Score {
    /// Hundredths of a point, a multiple of 50 within 0–10.
    Valid(u32, bool),
    OutOfRange(u32),
    Unparsable(&'static str),
    Blank,
}

impl Score {
    fn text(&self) -> String {
        let halves = |h: u32, comma: bool| {
            let whole = h / 100;
            match (h % 100, comma) {
                (0, _) => whole.to_string(),
                (_, true) => format!("{whole},5"),
                (_, false) => format!("{whole}.5"),
            }
        };
        match self {
            Score::Valid(h, comma) => halves(*h, *comma),
            Score::OutOfRange(h) => halves(*h, true),
            Score::Unparsable(s) => s.to_string(),
            Score::Blank => String::new(),
        }
    }
}

fn score() -> impl Strategy<Value = Score> {
    prop_oneof![
        12 => (0u32..=20, any::<bool>()).prop_map(|(h, c)| Score::Valid(h * 50, c)),
        1 => (21u32..=40).prop_map(|h| Score::OutOfRange(h * 50)),
        1 => select(vec!["tám", "7,5,1", "-1", "1e3", "7.125", "x"]).prop_map(Score::Unparsable),
        1 => Just(Score::Blank),
    ]
}

#[derive(Debug, Clone)]
enum Id {
    /// Index into the id pool; `true` writes it in lower case with a space, the same person.
    Pool(usize, bool),
    Blank,
    /// What Excel makes of a 12-digit id.
    Excel,
}

#[derive(Debug, Clone)]
enum Choice {
    Blank,
    /// Index into the criteria's listed values (taken modulo their number).
    Listed(Index),
    Unknown,
}

#[derive(Debug, Clone)]
struct Row {
    id: Id,
    unit: usize,
    doi_tuong: Choice,
    /// Listed values: `yes` then `no`.
    vkk: Choice,
    /// Listed values: active then excluded.
    status: Choice,
    scores: Vec<Score>,
}

fn choice(blank: u32, listed: u32, unknown: u32) -> impl Strategy<Value = Choice> {
    prop_oneof![
        blank => Just(Choice::Blank),
        listed => any::<Index>().prop_map(Choice::Listed),
        unknown => Just(Choice::Unknown),
    ]
}

fn row(pool: usize) -> impl Strategy<Value = Row> {
    (
        prop_oneof![
            20 => (0..pool, any::<bool>()).prop_map(|(i, v)| Id::Pool(i, v)),
            1 => Just(Id::Blank),
            1 => Just(Id::Excel),
        ],
        0..UNITS.len(),
        choice(1, 30, 1),
        choice(6, 6, 1),
        choice(10, 10, 1),
        proptest::collection::vec(score(), 10),
    )
        .prop_map(|(id, unit, doi_tuong, vkk, status, scores)| Row { id, unit, doi_tuong, vkk, status, scores })
}

/// How one file is written.
#[derive(Debug, Clone)]
struct Format {
    delimiter: u8,
    bom: bool,
    nfd: bool,
    crlf: bool,
    title_rows: usize,
    /// Column order: a permutation of the 17 roster fields.
    order: Vec<usize>,
    /// Which accepted header name each field uses (taken modulo their number).
    alias: Vec<Index>,
}

fn format() -> impl Strategy<Value = Format> {
    (
        select(vec![b',', b';', b'\t']),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0usize..3,
        Just((0..17).collect::<Vec<usize>>()).prop_shuffle(),
        proptest::collection::vec(any::<Index>(), 17),
    )
        .prop_map(|(delimiter, bom, nfd, crlf, title_rows, order, alias)| Format {
            delimiter,
            bom,
            nfd,
            crlf,
            title_rows,
            order,
            alias,
        })
}

struct Fixture {
    criteria: Criteria,
    /// Per field, the header names the criteria accept for it.
    headers: Vec<Vec<String>>,
    roles: Vec<String>,
    yes: Vec<String>,
    no: Vec<String>,
    active: Vec<String>,
    excluded: Vec<String>,
}

impl Fixture {
    fn new() -> Fixture {
        let criteria = criteria::embedded();
        // The fields the generator writes, in `cells` order, with every name the criteria accept.
        let fields = ["ma_dinh_danh", "ho_ten", "ma_don_vi", "ten_don_vi", "doi_tuong", "vung_kho_khan", "trang_thai"];
        let mut headers: Vec<Vec<String>> = fields
            .iter()
            .map(|f| criteria.columns.roster.iter().find(|(name, _)| name == f).unwrap().1.clone())
            .collect();
        for ind in &criteria.cdht.indicators {
            let mut names = vec![ind.column.clone()];
            names.extend(criteria.columns.indicator_templates.iter().map(|t| t.replace("{ma}", &ind.code)));
            headers.push(names);
        }
        assert_eq!(headers.len(), 17);
        Fixture {
            headers,
            roles: criteria.roles.listed.iter().map(|(v, _, _)| v.clone()).collect(),
            yes: criteria.values.yes.clone(),
            no: criteria.values.no.clone(),
            active: criteria.status.listed_active.clone(),
            excluded: criteria.status.listed_excluded.iter().map(|(v, _)| v.clone()).collect(),
            criteria,
        }
    }

    fn id_text(&self, id: &Id) -> String {
        match id {
            Id::Pool(i, false) => format!("0372010{i:05}"),
            Id::Pool(i, true) => format!("0372010 {i:05}"),
            Id::Blank => String::new(),
            Id::Excel => "3,72010E+11".into(),
        }
    }

    fn pick(&self, c: &Choice, listed: &[&[String]]) -> String {
        let all: Vec<&String> = listed.iter().flat_map(|l| l.iter()).collect();
        match c {
            Choice::Blank => String::new(),
            Choice::Listed(i) => i.get(&all).to_string(),
            Choice::Unknown => "Không rõ".into(),
        }
    }

    /// The row's cells in canonical field order.
    fn cells(&self, n: usize, r: &Row) -> Vec<String> {
        let (code, name) = UNITS[r.unit];
        let mut cells = vec![
            self.id_text(&r.id),
            format!("Nguyễn Thị Người {n}"),
            code.to_string(),
            name.to_string(),
            self.pick(&r.doi_tuong, &[self.roles.as_slice()]),
            self.pick(&r.vkk, &[self.yes.as_slice(), self.no.as_slice()]),
            self.pick(&r.status, &[self.active.as_slice(), self.excluded.as_slice()]),
        ];
        cells.extend(r.scores.iter().map(Score::text));
        cells
    }

    fn write(&self, rows: &[(usize, Row)], f: &Format) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(f.delimiter)
            .flexible(true)
            .terminator(if f.crlf { csv::Terminator::CRLF } else { csv::Terminator::Any(b'\n') })
            .from_writer(Vec::new());
        for t in 0..f.title_rows {
            w.write_record([format!("DANH SÁCH ĐÁNH GIÁ CÔNG DÂN HỌC TẬP NĂM 2025 ({t})")]).unwrap();
        }
        let header: Vec<String> = f.order.iter().map(|&c| f.alias[c].get(&self.headers[c]).clone()).collect();
        w.write_record(&header).unwrap();
        for (n, r) in rows {
            let cells = self.cells(*n, r);
            w.write_record(f.order.iter().map(|&c| &cells[c])).unwrap();
        }
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        let text: String = if f.nfd { text.nfd().collect() } else { text };
        let mut out = if f.bom { "\u{feff}".as_bytes().to_vec() } else { Vec::new() };
        out.extend_from_slice(text.as_bytes());
        out
    }

    /// What each row must become, decided here without the library's code. Copies of an id
    /// that say the same are one person (the first counted, the rest `Trùng`); copies that
    /// disagree are counted once, as `Lỗi`, on the first copy of the smallest unit code (then
    /// role), the rest `Trùng`.
    fn oracle(&self, rows: &[(usize, Row)]) -> Vec<Outcome> {
        let n_active = self.active.len();
        let own: Vec<Option<Outcome>> = rows
            .iter()
            .map(|(_, r)| {
                let excluded =
                    matches!(&r.status, Choice::Listed(i) if i.index(n_active + self.excluded.len()) >= n_active);
                (!excluded).then(|| self.own_outcome(r))
            })
            .collect();
        let mut out: Vec<Outcome> = own.iter().map(|o| o.unwrap_or(Outcome::Excluded)).collect();
        let mut copies: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, (_, r)) in rows.iter().enumerate() {
            if let (Id::Pool(i, _), Some(_)) = (&r.id, own[k]) {
                copies.entry(*i).or_default().push(k);
            }
        }
        for ks in copies.values().filter(|ks| ks.len() > 1) {
            let said = |k: usize| (self.said(&rows[k].1), own[k]);
            let agree = ks.iter().all(|&k| said(k) == said(ks[0]));
            let counted = if agree {
                ks[0]
            } else {
                let rank = |k: usize| {
                    let role = self.role(&rows[k].1).map(|(_, r)| r);
                    (UNITS[rows[k].1.unit].0, role.map_or(0, |r| if r == criteria::Role::ThanhVien { 1 } else { 2 }))
                };
                let chosen = *ks.iter().min_by_key(|&&k| rank(k)).unwrap();
                out[chosen] = Outcome::Invalid;
                chosen
            };
            for &k in ks.iter().filter(|&&k| k != counted) {
                out[k] = Outcome::Duplicate;
            }
        }
        out
    }

    /// The group a row's title puts it in: a listed value, else any title ("Không rõ") is
    /// a member of the criteria's `[doi_tuong_khac]` group.
    fn role(&self, r: &Row) -> Option<(usize, criteria::Role)> {
        let text = self.pick(&r.doi_tuong, &[self.roles.as_slice()]);
        if text.is_empty() {
            return None;
        }
        let listed = self.criteria.roles.by_value.get(&hoctap::text::fold_value(&text)).copied();
        listed.or_else(|| self.criteria.roles.other.as_ref().map(|(g, role, _)| (*g, *role)))
    }

    /// What a row says about its person besides the id: unit, group, status, area, scores.
    #[allow(clippy::type_complexity)]
    fn said(&self, r: &Row) -> (usize, Option<(usize, criteria::Role)>, bool, Option<bool>, Vec<Option<u32>>) {
        let area = match &r.vkk {
            Choice::Blank => None,
            Choice::Listed(i) => Some(i.index(self.yes.len() + self.no.len()) < self.yes.len()),
            Choice::Unknown => Some(false),
        };
        let scores = r.scores.iter().map(|s| if let Score::Valid(h, _) = s { Some(*h) } else { None }).collect();
        (r.unit, self.role(r), matches!(r.status, Choice::Unknown), area, scores)
    }

    /// A row's outcome on its own (not excluded, not a repeat).
    fn own_outcome(&self, r: &Row) -> Outcome {
        let invalid = matches!(r.id, Id::Blank | Id::Excel)
            // Any other title is a member; an unknown status is a warning, counted.
            || matches!(r.doi_tuong, Choice::Blank)
            || matches!(r.vkk, Choice::Unknown)
            || r.scores.iter().any(|s| !matches!(s, Score::Valid(..)));
        if invalid {
            return Outcome::Invalid;
        }
        let points: Vec<u32> =
            r.scores.iter().map(|s| if let Score::Valid(h, _) = s { *h } else { unreachable!() }).collect();
        let disadvantaged =
            matches!(&r.vkk, Choice::Listed(i) if i.index(self.yes.len() + self.no.len()) < self.yes.len());
        let threshold = if disadvantaged { 7000 } else { 8000 };
        if points.iter().sum::<u32>() >= threshold && points.iter().all(|&p| p >= 500) {
            Outcome::Recognised
        } else {
            Outcome::NotRecognised
        }
    }
}

#[derive(Default)]
struct Outcomes(Vec<(String, Outcome)>);

impl PersonSink for Outcomes {
    fn person(&mut self, row: &PersonRow, a: &Assessment) -> std::io::Result<()> {
        self.0.push((row.unit_code.clone(), a.outcome));
        Ok(())
    }
}

/// Writes the files, runs the pipeline over them in order, builds the report.
fn run(fx: &Fixture, files: &[(Vec<(usize, Row)>, Format)]) -> (Report, Vec<(String, Outcome)>) {
    let dir = tempfile::tempdir().unwrap();
    let sources: Vec<Source> = files
        .iter()
        .enumerate()
        .map(|(i, (rows, f))| {
            let p: PathBuf = dir.path().join(format!("ds-{i}.csv"));
            std::fs::write(&p, fx.write(rows, f)).unwrap();
            Source::Path(p)
        })
        .collect();
    let options = RunOptions { read: ReadOptions::default(), default_unit: None, ..RunOptions::default() };
    let mut sink = Outcomes::default();
    let result =
        pipeline::run(&fx.criteria, &sources, &options, None, Some(&mut sink)).expect("a generated roster is read");
    (report::build(&fx.criteria, result, None, None), sink.0)
}

fn numbers(report: &Report) -> Vec<u8> {
    let sheet = report::views::units_sheet(report);
    report::render::render(report::format::Format::Csv, &sheet, Default::default()).expect("CSV in memory")
}

/// 97% checked with integers written out here, not with the library's `Share`.
fn check_can_them(report: &Report) {
    for u in report.don_vi.iter().chain([&report.tong]) {
        let (n, r, k) = (u.so_nguoi, u.so_dat, u.can_them);
        assert!(100 * (r + k) >= 97 * n, "{}: {r}+{k} of {n} meets 97%", u.ma_don_vi);
        assert!(k == 0 || 100 * (r + k - 1) < 97 * n, "{}: {k} is the least", u.ma_don_vi);
        if let Some(rate) = u.ty_le {
            assert!(rate.0 <= 10_000);
        }
    }
}

fn with_numbers(rows: Vec<Row>) -> Vec<(usize, Row)> {
    rows.into_iter().enumerate().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every row read ends as exactly the outcome the oracle gives, and the report's numbers
    /// are the sums of those outcomes.
    #[test]
    fn every_row_is_accounted_for_exactly_once(
        rows in proptest::collection::vec(row(12), 0..40),
        f in format(),
    ) {
        let fx = Fixture::new();
        let rows = with_numbers(rows);
        let expected = fx.oracle(&rows);
        let (report, got) = run(&fx, &[(rows.clone(), f)]);
        let got_outcomes: Vec<Outcome> = got.iter().map(|(_, o)| *o).collect();
        prop_assert_eq!(&got_outcomes, &expected);
        prop_assert_eq!(report.tong_hop.so_dong_doc, rows.len() as u64);
        hoctap::harness::check_report(&fx.criteria, &report);
        check_can_them(&report);
        // Per unit, the report counts what the oracle says.
        let mut per_unit: HashMap<&str, [u64; 5]> = HashMap::new();
        for ((_, r), o) in rows.iter().zip(&expected) {
            per_unit.entry(UNITS[r.unit].0).or_default()[*o as usize] += 1;
        }
        for u in &report.don_vi {
            let c = per_unit.get(u.ma_don_vi.as_str()).copied().unwrap_or_default();
            prop_assert_eq!(
                [u.so_dat, u.so_nguoi - u.so_dat - u.so_loi, u.so_loi, u.so_loai_tru, u.so_trung],
                c,
                "unit {}", u.ma_don_vi
            );
        }
        prop_assert_eq!(report.don_vi.len(), per_unit.len());
    }

    /// Rows in another order, or split over several files written in other formats, give
    /// the same numbers (ids unique, so no row's fate depends on which came first).
    #[test]
    fn order_and_files_change_no_number(
        rows in proptest::collection::vec(row(1000), 1..40),
        formats in proptest::collection::vec(format(), 4),
        cuts in proptest::collection::vec(any::<Index>(), 2),
        seed in any::<u64>(),
    ) {
        let fx = Fixture::new();
        let mut ids = HashSet::new();
        let rows: Vec<(usize, Row)> = with_numbers(rows)
            .into_iter()
            .filter(|(_, r)| match r.id { Id::Pool(i, _) => ids.insert(i), _ => true })
            .collect();
        let (whole, _) = run(&fx, &[(rows.clone(), formats[0].clone())]);

        let mut shuffled = rows.clone();
        let mut rng = seed;
        for i in (1..shuffled.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let mut cut: Vec<usize> = cuts.iter().map(|c| c.index(shuffled.len() + 1)).collect();
        cut.sort();
        let parts = [&shuffled[..cut[0]], &shuffled[cut[0]..cut[1]], &shuffled[cut[1]..]];
        let files: Vec<(Vec<(usize, Row)>, Format)> =
            parts.iter().zip(&formats[1..]).map(|(p, f)| (p.to_vec(), f.clone())).collect();
        let (split, _) = run(&fx, &files);

        prop_assert_eq!(String::from_utf8(numbers(&whole)).unwrap(), String::from_utf8(numbers(&split)).unwrap());
        prop_assert_eq!(whole.tong_hop.so_dong_doc, split.tong_hop.so_dong_doc);
        hoctap::harness::check_report(&fx.criteria, &split);
    }

    /// Duplicates, identical or conflicting, in any order of rows and files: the same bytes.
    #[test]
    fn any_order_of_rows_and_files_gives_the_same_report_with_duplicates(
        rows in proptest::collection::vec(row(6), 1..40),
        formats in proptest::collection::vec(format(), 3),
        cut in any::<Index>(),
        seed in any::<u64>(),
    ) {
        let fx = Fixture::new();
        let rows = with_numbers(rows);
        let (whole, _) = run(&fx, &[(rows.clone(), formats[0].clone())]);
        let mut shuffled = rows.clone();
        let mut rng = seed;
        for i in (1..shuffled.len()).rev() {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (rng >> 33) as usize % (i + 1));
        }
        let at = cut.index(shuffled.len() + 1);
        let a = (shuffled[..at].to_vec(), formats[1].clone());
        let b = (shuffled[at..].to_vec(), formats[2].clone());
        let (ab, _) = run(&fx, &[a.clone(), b.clone()]);
        let (ba, _) = run(&fx, &[b, a]);
        prop_assert_eq!(String::from_utf8(numbers(&whole)).unwrap(), String::from_utf8(numbers(&ab)).unwrap());
        prop_assert_eq!(numbers(&ab), numbers(&ba));
    }

    /// With duplicates, splitting in order (the first occurrence stays first) changes nothing.
    #[test]
    fn splitting_in_order_keeps_duplicates_apart(
        rows in proptest::collection::vec(row(8), 1..40),
        f in format(),
        g in format(),
        cut in any::<Index>(),
    ) {
        let fx = Fixture::new();
        let rows = with_numbers(rows);
        let at = cut.index(rows.len() + 1);
        let (whole, a) = run(&fx, &[(rows.clone(), f.clone())]);
        let (split, b) = run(&fx, &[(rows[..at].to_vec(), f), (rows[at..].to_vec(), g)]);
        prop_assert_eq!(numbers(&whole), numbers(&split));
        prop_assert_eq!(a, b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// For any target share and any unit size, the shortfall is the least number that meets
    /// the target, and the rate is the truncated exact fraction within [0, 100].
    #[test]
    fn can_them_is_the_least_that_meets_any_target(
        tenths in 0u64..=1000,
        n in 0u64..2_000_000_000_000,
        r_frac in 0u64..=1000,
    ) {
        let r = n / 1000 * r_frac + (n % 1000) * r_frac / 1000;
        prop_assume!(r <= n);
        let text = if tenths % 10 == 0 { (tenths / 10).to_string() } else { format!("{}.{}", tenths / 10, tenths % 10) };
        let share = Share::from_percent_text(&text).unwrap();
        // meets(part) ⟺ part / n ≥ tenths / 1000, in integers.
        let meets = |part: u64| 1000 * u128::from(part) >= u128::from(tenths) * u128::from(n);
        prop_assert_eq!(share.is_met(r, n), meets(r));
        let k = share.shortfall(r, n);
        prop_assert!(meets(r + k));
        prop_assert!(k == 0 || !meets(r + k - 1));
        prop_assert!(r + k <= n.max(r));
        if let Some(rate) = Rate::of(r, n) {
            prop_assert!(rate.0 <= 10_000);
            prop_assert!(u128::from(rate.0) * u128::from(n) <= u128::from(r) * 10_000);
            prop_assert!(u128::from(r) * 10_000 < u128::from(rate.0 + 1) * u128::from(n));
        }
    }
}
