//! What was read from each input file, as every report lists it.

/// What was read from one input file.
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
}
