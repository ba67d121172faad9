//! The TOML file as written: serde structs that refuse unknown keys. `load.rs` turns them into
//! the checked [`super::Criteria`] model.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub bo: Meta,
    pub cdht: Cdht,
    pub doi_tuong: Vec<DoiTuong>,
    pub trang_thai: TrangThai,
    pub muc_tieu: MucTieu,
    pub dvht: Dvht,
    pub cot: Cot,
    pub cot_don_vi: CotDonVi,
    pub gia_tri: GiaTri,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    pub ma: String,
    pub ten: String,
    pub phien_ban: String,
}

/// A number as TOML holds it; kept as text so that 97.5 stays exactly 97.5.
#[derive(Debug, Deserialize, Clone, Copy)]
#[serde(untagged)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn text(self) -> String {
        match self {
            Number::Int(i) => i.to_string(),
            Number::Float(f) => f.to_string(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub gia_tri: Spanned<Number>,
    pub nguon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cdht {
    pub nguon: String,
    pub nguong_dat: Threshold,
    pub nguong_dat_vung_kho_khan: Threshold,
    pub diem_chi_so_toi_thieu: Threshold,
    pub nhom: Vec<Nhom>,
    pub nang_luc: Vec<NangLuc>,
    pub chi_so: Vec<ChiSo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nhom {
    pub ma: Spanned<String>,
    pub ten: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NangLuc {
    pub ma: String,
    pub ten: String,
    pub chi_so: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiSo {
    pub ma: Spanned<String>,
    pub toi_da: Spanned<Number>,
    pub noi_dung: String,
    #[serde(default)]
    pub noi_dung_theo_nhom: BTreeMap<Spanned<String>, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoiTuong {
    pub nhom: Spanned<String>,
    pub vai_tro: Role,
    pub gia_tri: Vec<Spanned<String>>,
}

/// Which Learning Unit share a person counts towards (TT 24/2023, Tiêu chí 3).
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    ThanhVien,
    NguoiHoc,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrangThai {
    pub nguon: String,
    #[serde(default)]
    pub dang_tinh: Vec<Spanned<String>>,
    #[serde(default)]
    pub loai_tru: Vec<LoaiTru>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoaiTru {
    pub gia_tri: Vec<Spanned<String>>,
    pub ly_do: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MucTieu {
    pub ty_le: Spanned<Number>,
    pub nguon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dvht {
    pub nguon: String,
    pub muc_do: Vec<MucDo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MucDo {
    pub muc: Spanned<u8>,
    pub ten: String,
    pub chi_tieu: Vec<ChiTieu>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiTieu {
    pub ma: Spanned<String>,
    pub noi_dung: String,
    pub nguon: String,
    pub ty_le_cdht: Option<TyLeCdht>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TyLeCdht {
    pub vai_tro: Role,
    pub nguong: Spanned<Number>,
    #[serde(default)]
    pub chi_co_so_giao_duc: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cot {
    pub ma_dinh_danh: Vec<String>,
    pub ho_ten: Vec<String>,
    /// Name split over two columns; optional so that older criteria files still load.
    #[serde(default = "default_ho_dem")]
    pub ho_dem: Vec<String>,
    #[serde(default = "default_ten")]
    pub ten: Vec<String>,
    pub ma_don_vi: Vec<String>,
    pub ten_don_vi: Vec<String>,
    pub doi_tuong: Vec<String>,
    pub vung_kho_khan: Vec<String>,
    pub trang_thai: Vec<String>,
    pub chi_so: Vec<Spanned<String>>,
}

fn default_ho_dem() -> Vec<String> {
    vec!["Họ đệm".into(), "Họ và đệm".into(), "Họ và tên đệm".into(), "Họ lót".into()]
}

fn default_ten() -> Vec<String> {
    vec!["Tên".into()]
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CotDonVi {
    pub ma_don_vi: Vec<String>,
    pub ten_don_vi: Vec<String>,
    pub co_so_giao_duc: Vec<String>,
    pub chi_tieu: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiaTri {
    pub co: Vec<Spanned<String>>,
    pub khong: Vec<Spanned<String>>,
    pub dat: Vec<Spanned<String>>,
    pub khong_dat: Vec<Spanned<String>>,
    pub khong_ap_dung: Vec<Spanned<String>>,
}
