//! A synthetic province: units of very different sizes (a 5-person community learning centre,
//! a 3,000-pupil upper-secondary school), Vietnamese names with diacritics, 12-digit citizen
//! ids, about 92% learners and 96% recognised, a few excluded, broken and duplicate rows.
//!
//! Deterministic: the same seed and size give the same bytes on every machine. The random
//! numbers come from SplitMix64, written out here (a dozen lines) rather than taken from a
//! crate, so that a dependency upgrade can never change the benchmark's data.

/// The header as an officer's export writes it (Vietnamese, with diacritics).
pub const HEADER: [&str; 17] = [
    "Mã định danh",
    "Họ và tên",
    "Mã đơn vị",
    "Tên đơn vị",
    "Đối tượng",
    "Vùng khó khăn",
    "Trạng thái",
    "Chỉ số 1.1",
    "Chỉ số 1.2",
    "Chỉ số 1.3",
    "Chỉ số 1.4",
    "Chỉ số 2.1",
    "Chỉ số 2.2",
    "Chỉ số 2.3",
    "Chỉ số 2.4",
    "Chỉ số 3.1",
    "Chỉ số 3.2",
];

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fixed forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `per_million / 1_000_000`.
    pub fn chance(&mut self, per_million: u64) -> bool {
        self.next_u64() % 1_000_000 < per_million
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// Picks by weight from `(item, weight)` pairs.
    pub fn weighted<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.next_u64() % total;
        for (item, w) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].0
    }
}

/// The kinds of unit a province has, with their sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Preschool: staff are assessed, the children are not.
    MamNon,
    TieuHoc,
    Thcs,
    Thpt,
    Gdtx,
    /// Community learning centre: a handful of members.
    Tthtcd,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::MamNon => "MN",
            Kind::TieuHoc => "TH",
            Kind::Thcs => "THCS",
            Kind::Thpt => "THPT",
            Kind::Gdtx => "GDTX",
            Kind::Tthtcd => "HTCD",
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::MamNon => "Trường Mầm non",
            Kind::TieuHoc => "Trường Tiểu học",
            Kind::Thcs => "Trường THCS",
            Kind::Thpt => "Trường THPT",
            Kind::Gdtx => "Trung tâm GDNN-GDTX",
            Kind::Tthtcd => "Trung tâm Học tập cộng đồng xã",
        }
    }

    /// Everyone the unit assesses, smallest and largest.
    fn size_range(self) -> (u64, u64) {
        match self {
            Kind::MamNon => (15, 70),
            Kind::TieuHoc => (250, 1300),
            Kind::Thcs => (200, 1200),
            Kind::Thpt => (800, 3000),
            Kind::Gdtx => (120, 700),
            Kind::Tthtcd => (5, 20),
        }
    }

    /// One staff member for this many people (0: everyone is staff).
    fn people_per_staff(self) -> u64 {
        match self {
            Kind::MamNon | Kind::Tthtcd => 0,
            Kind::TieuHoc | Kind::Thcs => 16,
            Kind::Thpt => 18,
            Kind::Gdtx => 14,
        }
    }
}

const KINDS: [(Kind, u64); 6] =
    [(Kind::MamNon, 17), (Kind::TieuHoc, 30), (Kind::Thcs, 26), (Kind::Thpt, 8), (Kind::Gdtx, 4), (Kind::Tthtcd, 15)];

/// Communes and wards of the merged Ninh Bình province; the last ones are mountain or
/// coastal communes whose units score with the disadvantaged-area threshold.
const PLACES: [&str; 40] = [
    "Gia Trấn",
    "Ninh Hải",
    "Hoa Lư",
    "Yên Khánh",
    "Kim Sơn",
    "Yên Mô",
    "Gia Viễn",
    "Tam Điệp",
    "Đông Thành",
    "Ninh Giang",
    "Vụ Bản",
    "Ý Yên",
    "Mỹ Lộc",
    "Xuân Trường",
    "Giao Thủy",
    "Hải Hậu",
    "Trực Ninh",
    "Nghĩa Hưng",
    "Nam Trực",
    "Thiên Trường",
    "Phủ Lý",
    "Duy Tiên",
    "Kim Bảng",
    "Thanh Liêm",
    "Bình Lục",
    "Lý Nhân",
    "Đồng Văn",
    "Liêm Tuyền",
    "Châu Sơn",
    "Trần Hưng Đạo",
    "Quỳnh Lưu",
    "Phú Long",
    "Thạch Bình",
    "Cúc Phương",
    "Kỳ Phú",
    "Phú Sơn",
    "Gia Hưng",
    "Quang Thiện",
    "Cồn Thoi",
    "Bình Minh",
];
const DISADVANTAGED_FROM: usize = 32;

const FAMILY: [(&str, u64); 20] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Vũ", 45),
    ("Đặng", 30),
    ("Bùi", 30),
    ("Đỗ", 30),
    ("Ngô", 15),
    ("Đinh", 15),
    ("Đoàn", 12),
    ("Mai", 10),
    ("Phan", 20),
    ("Dương", 10),
    ("Lương", 8),
    ("Tạ", 5),
    ("Hà", 10),
    ("Trịnh", 10),
    ("Lại", 5),
];
const MIDDLE_MALE: [&str; 8] = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Gia", "Thành", "Tiến"];
const MIDDLE_FEMALE: [&str; 8] = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Khánh", "Bảo"];
const GIVEN_MALE: [&str; 20] = [
    "An", "Bình", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong", "Phúc",
    "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt",
];
const GIVEN_FEMALE: [&str; 20] = [
    "Anh", "Chi", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Huyền", "Lan", "Linh", "Mai", "Ngân", "Nhung", "Phương",
    "Quỳnh", "Thảo", "Thủy", "Trang", "Uyên", "Yến",
];

const STAFF: [(&str, u64); 5] =
    [("Giáo viên", 70), ("Nhân viên", 15), ("Cán bộ quản lý", 6), ("GV", 6), ("Phó hiệu trưởng", 3)];
const COMMUNITY: [(&str, u64); 3] = [("Viên chức", 40), ("Người lao động", 40), ("Nông dân", 20)];
const ACTIVE: [&str; 2] = ["Đang làm việc", "Đang học"];
const EXCLUDED: [&str; 5] = ["Nghỉ dài hạn", "Đã chuyển đi", "Chuyển trường", "Thôi học", "Nghỉ hưu"];

/// One unit of the synthetic province.
#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub kind: Kind,
    pub size: u64,
    pub staff: u64,
    pub disadvantaged: bool,
    /// Chance that a counted person is recognised, per million.
    pub pass_per_million: u64,
}

/// Units whose sizes add up to exactly `people`.
pub fn plan_units(people: u64, rng: &mut Rng) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut left = people;
    let mut per_place = vec![[0u32; 6]; PLACES.len()];
    while left > 0 {
        let kind = *rng.weighted(&KINDS);
        let (lo, hi) = kind.size_range();
        let mut size = rng.range(lo, hi).min(left);
        if left - size < 5 {
            size = left; // never leave a unit smaller than the smallest real one
        }
        left -= size;
        let place_index = rng.next_u64() as usize % PLACES.len();
        let kind_index = KINDS.iter().position(|(k, _)| *k == kind).unwrap_or(0);
        let nth = &mut per_place[place_index][kind_index];
        *nth += 1;
        let place = PLACES[place_index];
        let name = match *nth {
            1 => format!("{} {place}", kind.title()),
            n => format!("{} {place} số {n}", kind.title()),
        };
        let staff = match kind.people_per_staff() {
            0 => size,
            k => (size / k).max(1),
        };
        // Most units clear the target; a good share sits just below it.
        let pass_per_million =
            if rng.chance(600_000) { rng.range(965_000, 997_000) } else { rng.range(900_000, 972_000) };
        units.push(Unit {
            code: format!("37{}{:05}", kind.prefix(), units.len() + 1),
            name,
            kind,
            size,
            staff,
            disadvantaged: place_index >= DISADVANTAGED_FROM,
            pass_per_million,
        });
    }
    units
}

/// Rates of the rarer rows, per million rows.
const EXCLUDED_PPM: u64 = 5_000;
const BROKEN_PPM: u64 = 600;
const DUPLICATE_PPM: u64 = 300;

/// Writes the roster row by row: `emit` receives each row's cells.
pub struct Roster {
    rng: Rng,
    pub units: Vec<Unit>,
    unit: usize,
    in_unit: u64,
    person: u64,
    /// Recent ids, to repeat one now and then (a person entered twice).
    recent: Vec<String>,
}

impl Roster {
    pub fn new(people: u64, seed: u64) -> Roster {
        let mut rng = Rng::new(seed);
        let units = plan_units(people, &mut rng);
        Roster { rng, units, unit: 0, in_unit: 0, person: 0, recent: Vec::new() }
    }

    /// The index of the unit the next row belongs to (units are written one after another).
    pub fn current_unit(&self) -> usize {
        self.unit
    }

    /// Fills `row` with the next person's 17 cells; false at the end.
    pub fn next_row(&mut self, row: &mut Vec<String>) -> bool {
        while self.unit < self.units.len() && self.in_unit == self.units[self.unit].size {
            self.unit += 1;
            self.in_unit = 0;
        }
        if self.unit >= self.units.len() {
            return false;
        }
        let u = self.units[self.unit].clone();
        let is_staff = self.in_unit < u.staff;
        self.in_unit += 1;
        self.person += 1;
        row.clear();
        let rng = &mut self.rng;

        let female = rng.chance(520_000);
        let born_2000s = !is_staff || rng.chance(150_000);
        let mut id = cccd(self.person, female, born_2000s, rng);
        if rng.chance(DUPLICATE_PPM) && !self.recent.is_empty() {
            id = rng.pick(&self.recent).clone();
        }
        if self.recent.len() < 64 {
            self.recent.push(id.clone());
        } else {
            let i = rng.next_u64() as usize % 64;
            self.recent[i] = id.clone();
        }
        let name = full_name(female, rng);
        let doi_tuong = if !is_staff {
            if u.kind == Kind::Gdtx { "Học viên" } else { "Học sinh" }
        } else if u.kind == Kind::Tthtcd {
            *rng.weighted(&COMMUNITY)
        } else {
            *rng.weighted(&STAFF)
        };
        let vkk = if u.disadvantaged { "Có" } else { "" };
        let excluded = rng.chance(EXCLUDED_PPM);
        let status = if excluded {
            *rng.pick(&EXCLUDED)
        } else if rng.chance(300_000) {
            ACTIVE[usize::from(!is_staff)]
        } else {
            ""
        };
        let threshold = if u.disadvantaged { 70 } else { 80 };
        let scores = if excluded && rng.chance(700_000) {
            vec![String::new(); 10]
        } else {
            scores(rng.chance(u.pass_per_million), threshold, rng)
        };

        row.extend([id, name, u.code.clone(), u.name.clone(), doi_tuong.into(), vkk.into(), status.into()]);
        row.extend(scores);
        if rng.chance(BROKEN_PPM) {
            break_row(row, rng);
        }
        true
    }
}

/// A 12-digit citizen id (CCCD): birth-province code, century-and-sex digit, then eight digits
/// that are a fixed permutation of the person's number, so no two people share an id.
fn cccd(person: u64, female: bool, born_2000s: bool, rng: &mut Rng) -> String {
    let province = rng.pick(&["037", "036", "035", "037", "037"]);
    let century_sex = u8::from(female) + if born_2000s { 2 } else { 0 };
    // 12_345_677 is odd and not a multiple of 5: coprime to 10^8, so this is a bijection.
    let tail = (person.wrapping_mul(12_345_677).wrapping_add(4_242_424)) % 100_000_000;
    format!("{province}{century_sex}{tail:08}")
}

fn full_name(female: bool, rng: &mut Rng) -> String {
    let family = rng.weighted(&FAMILY);
    let (middle, given) = if female {
        (rng.pick(&MIDDLE_FEMALE), rng.pick(&GIVEN_FEMALE))
    } else {
        (rng.pick(&MIDDLE_MALE), rng.pick(&GIVEN_MALE))
    };
    format!("{family} {middle} {given}")
}

/// Ten indicator scores in half points: recognised ones reach `threshold` with none below 5;
/// the others either fall short of the total or have one indicator below 5.
fn scores(recognised: bool, threshold: u32, rng: &mut Rng) -> Vec<String> {
    let mut halves: Vec<u32> = (0..10).map(|_| rng.range(14, 20) as u32).collect(); // 7–10 points
    let total = |h: &[u32]| h.iter().sum::<u32>();
    if recognised {
        while total(&halves) < threshold * 2 {
            let i = halves.iter().enumerate().min_by_key(|(_, v)| **v).map_or(0, |(i, _)| i);
            halves[i] += 1;
        }
    } else if rng.chance(550_000) {
        // Falls short of the total: scores 5–8.
        for h in halves.iter_mut() {
            *h = rng.range(10, 16) as u32;
        }
        while total(&halves) >= threshold * 2 {
            let i = halves.iter().enumerate().max_by_key(|(_, v)| **v).map_or(0, |(i, _)| i);
            halves[i] -= 1;
        }
    } else {
        let i = rng.next_u64() as usize % 10;
        halves[i] = rng.range(4, 9) as u32; // 2–4.5 points
    }
    halves
        .into_iter()
        .map(|h| match (h / 2, h % 2) {
            (w, 0) => w.to_string(),
            // Excel on Vietnamese Windows writes a decimal comma; some people type a point.
            (w, _) if rng.chance(300_000) => format!("{w},5"),
            (w, _) => format!("{w}.5"),
        })
        .collect()
}

/// Damages one cell the way real rosters get damaged.
fn break_row(row: &mut [String], rng: &mut Rng) {
    match rng.next_u64() % 6 {
        0 => row[7 + (rng.next_u64() % 10) as usize] = String::new(),
        1 => row[7 + (rng.next_u64() % 10) as usize] = "tám".into(),
        2 => row[7 + (rng.next_u64() % 10) as usize] = "11".into(),
        3 => row[0] = format!("3,70{}E+11", rng.range(1000, 9999)),
        4 => row[4] = "Bảo vệ".into(),
        _ => row[0] = String::new(),
    }
}
