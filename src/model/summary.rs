//! What was read from each input file, as every report lists it.

/// What was read from one input table: a CSV file, or one sheet of a workbook. A file or
/// sheet that was not read has an entry too, with the reason in `bo_qua`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct FileSummary {
    pub tep: String,
    pub dinh_dang: String,
    /// The sheet read, for a spreadsheet.
    pub trang_tinh: Option<String>,
    pub bang_ma: Option<String>,
    pub dong_tieu_de: u64,
    pub so_dong: u64,
    pub so_dong_trong: u64,
    pub sha256: String,
    /// The group values (titles) met, with their counts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub doi_tuong: Vec<TitleCount>,
    /// The workbook hides the sheet (it is read like the others).
    #[serde(default)]
    pub an: bool,
    /// Why the file or sheet was not read; `None` when it was.
    #[serde(default)]
    pub bo_qua: Option<String>,
    /// Rows that are not people (never counted), by kind.
    #[serde(default)]
    pub dong_khong_phai_nguoi: NonPersonRows,
}

impl FileSummary {
    /// An entry for a file (or a sheet) that is not read.
    pub fn skipped(
        tep: String,
        dinh_dang: String,
        trang_tinh: Option<String>,
        an: bool,
        reason: String,
    ) -> FileSummary {
        FileSummary {
            tep,
            dinh_dang,
            trang_tinh,
            bang_ma: None,
            dong_tieu_de: 0,
            so_dong: 0,
            so_dong_trong: 0,
            sha256: String::new(),
            doi_tuong: Vec::new(),
            an,
            bo_qua: Some(reason),
            dong_khong_phai_nguoi: NonPersonRows::default(),
        }
    }
}

/// The part of the summary line about rows that are not people, over every table read:
/// "bỏ qua 7 dòng không phải người: 3 tiêu đề nhóm, 1 dòng tổng, 3 chữ ký".
pub fn non_person_summary(files: &[FileSummary]) -> Option<String> {
    let mut all = NonPersonRows::default();
    for f in files {
        all.merge(&f.dong_khong_phai_nguoi);
    }
    all.summary()
}

/// A kind of row that is not a person (or, in a unit file, not a unit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NonPerson {
    RepeatedHeader,
    GroupTitle,
    Total,
    Signature,
    Note,
}

impl NonPerson {
    pub const ALL: [NonPerson; 5] =
        [NonPerson::RepeatedHeader, NonPerson::GroupTitle, NonPerson::Total, NonPerson::Signature, NonPerson::Note];

    /// The words of the summary line ("3 tiêu đề nhóm").
    pub fn label(self) -> &'static str {
        match self {
            NonPerson::RepeatedHeader => "tiêu đề lặp lại",
            NonPerson::GroupTitle => "tiêu đề nhóm",
            NonPerson::Total => "dòng tổng",
            NonPerson::Signature => "chữ ký",
            NonPerson::Note => "ghi chú",
        }
    }
}

/// How many rows of each kind were not people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NonPersonRows {
    pub tieu_de_lap_lai: u64,
    pub tieu_de_nhom: u64,
    pub dong_tong: u64,
    pub chu_ky: u64,
    pub ghi_chu: u64,
}

impl NonPersonRows {
    pub fn get(&self, kind: NonPerson) -> u64 {
        match kind {
            NonPerson::RepeatedHeader => self.tieu_de_lap_lai,
            NonPerson::GroupTitle => self.tieu_de_nhom,
            NonPerson::Total => self.dong_tong,
            NonPerson::Signature => self.chu_ky,
            NonPerson::Note => self.ghi_chu,
        }
    }

    pub fn add(&mut self, kind: NonPerson, n: u64) {
        let slot = match kind {
            NonPerson::RepeatedHeader => &mut self.tieu_de_lap_lai,
            NonPerson::GroupTitle => &mut self.tieu_de_nhom,
            NonPerson::Total => &mut self.dong_tong,
            NonPerson::Signature => &mut self.chu_ky,
            NonPerson::Note => &mut self.ghi_chu,
        };
        *slot += n;
    }

    pub fn merge(&mut self, other: &NonPersonRows) {
        for k in NonPerson::ALL {
            self.add(k, other.get(k));
        }
    }

    pub fn total(&self) -> u64 {
        NonPerson::ALL.iter().map(|&k| self.get(k)).sum()
    }

    pub fn is_zero(&self) -> bool {
        self.total() == 0
    }

    /// "bỏ qua 7 dòng không phải người: 3 tiêu đề nhóm, 1 dòng tổng, 3 chữ ký"; `None` when none.
    pub fn summary(&self) -> Option<String> {
        if self.is_zero() {
            return None;
        }
        let parts: Vec<String> = NonPerson::ALL
            .iter()
            .filter(|&&k| self.get(k) > 0)
            .map(|&k| format!("{} {}", self.get(k), k.label()))
            .collect();
        Some(format!("bỏ qua {} dòng không phải người: {}", self.total(), parts.join(", ")))
    }
}

/// A title seen in a group column and how many rows carry it, for the run's summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TitleCount {
    /// The title as first written (NFC, trimmed).
    pub chuc_danh: String,
    pub so_dong: u64,
    /// The group code it was read as.
    pub nhom: String,
    /// True when no rule lists it: it was taken as a member by `[doi_tuong_khac]`.
    pub chuc_danh_khac: bool,
}
