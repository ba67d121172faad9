//! The TOML file as written: serde structs that refuse unknown keys. `load.rs` turns them into
//! the checked [`super::Criteria`] model.

use std::collections::BTreeMap;

pub use crate::model::Role;
use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Another set this one extends: the embedded set's code or a path to a TOML file. Each
    /// table this file has replaces the base's table of that name whole.
    pub ke_thua: Option<Spanned<String>>,
    pub bo: Option<Meta>,
    pub cdht: Option<Cdht>,
    pub doi_tuong: Option<Vec<DoiTuong>>,
    /// What any other non-empty title in the group column is.
    pub doi_tuong_khac: Option<DoiTuongKhac>,
    /// The id kinds a roster may carry, most preferred first.
    pub ma_dinh_danh: Option<Vec<MaDinhDanh>>,
    pub trang_thai: Option<TrangThai>,
    pub muc_tieu: Option<MucTieu>,
    pub dvht: Option<Dvht>,
    pub cot: Option<Cot>,
    pub cot_don_vi: Option<CotDonVi>,
    pub gia_tri: Option<GiaTri>,
    pub cap_hoc: Option<Vec<CapHoc>>,
    pub cap_quan_ly: Option<Vec<CapQuanLy>>,
    pub phong: Option<Vec<Phong>>,
    pub dong_khong_phai_nguoi: Option<DongKhongPhaiNguoi>,
}

/// A school level of the unit register (`cap_hoc`): its code, name, the values that mean it
/// and the level that manages such units by default.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapHoc {
    pub ma: Spanned<String>,
    pub ten: String,
    pub gia_tri: Vec<Spanned<String>>,
    pub quan_ly: Option<Spanned<String>>,
}

/// A managing level (`cap_quan_ly`): Sở GDĐT, UBND xã/phường.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapQuanLy {
    pub ma: Spanned<String>,
    pub ten: String,
    pub gia_tri: Vec<Spanned<String>>,
}

/// A division of the Department and the school levels it supervises.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phong {
    pub ma: Spanned<String>,
    pub ten: String,
    pub cap_hoc: Vec<Spanned<String>>,
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
    /// Leading words that make a value this group, compared without diacritics.
    #[serde(default)]
    pub bat_dau: Vec<Spanned<String>>,
}

/// The group and role of any other non-empty title (a staff list's Kế toán, Bảo vệ, …).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DoiTuongKhac {
    pub nhom: Spanned<String>,
    pub vai_tro: Role,
    pub nguon: String,
}

/// One kind of id: its columns and its shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaDinhDanh {
    pub ma: Spanned<String>,
    pub ten: String,
    /// Header names; the kind whose code is `ma_dinh_danh` also takes `cot.ma_dinh_danh`.
    #[serde(default)]
    pub cot: Vec<String>,
    pub so_chu_so: Option<Spanned<u8>>,
    #[serde(default)]
    pub bat_dau: Vec<Spanned<String>>,
    pub nguon: String,
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
    #[serde(default)]
    pub muc_do: Vec<MucDo>,
    /// Retired: counted whole years the other way; refused with a pointer to `hieu_luc`.
    pub hieu_luc_nam: Option<Spanned<toml::Value>>,
    /// How long a recognition holds: through 31/12 of the year recognised + `nam_tiep_theo`.
    pub hieu_luc: Option<HieuLuc>,
    /// A points scale with bands (TT 22/2020) instead of levels of chỉ tiêu.
    pub thang_diem: Option<ThangDiem>,
    /// The tiêu chí as the circular numbers and names them, for the dossier's group rows.
    #[serde(default)]
    pub tieu_chi: Vec<TieuChi>,
    /// The procedure's deadlines: filing and decision, day and month of the next year.
    pub thoi_han: Option<ThoiHan>,
}

/// "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập", with where the title is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieuChi {
    pub so: Spanned<u8>,
    pub ten: String,
    pub nguon: String,
}

/// The days of the year after the data's year by which the dossier is filed and decided.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThoiHan {
    /// "15/01": the unit files its dossier before this day.
    pub nop_ho_so: Spanned<String>,
    /// "15/02": the recognising body decides before this day.
    pub quyet_dinh: Spanned<String>,
    pub nguon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HieuLuc {
    pub nam_tiep_theo: Spanned<u16>,
    pub nguon: String,
    /// The source's own words.
    pub nguyen_van: String,
}

/// The wait before a level: years from the decision date of the level below.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoDoi {
    pub nam: Spanned<u16>,
    pub nguon: String,
    pub nguyen_van: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThangDiem {
    pub nguon: String,
    pub tieu_chi: Vec<TieuChiDiem>,
    pub xep_loai: Vec<XepLoai>,
    /// The name of a total below every band.
    pub duoi_muc_thap_nhat: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TieuChiDiem {
    pub ma: Spanned<String>,
    pub noi_dung: String,
    pub toi_da: Spanned<Number>,
    pub nguon: String,
    /// Its number in the circular ("Tiêu chí 1"), a `so` of `[[dvht.tieu_chi]]`.
    pub tieu_chi: Option<Spanned<u8>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct XepLoai {
    pub ten: Spanned<String>,
    pub tu: Spanned<Number>,
    pub nguon: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MucDo {
    pub muc: Spanned<u8>,
    pub ten: String,
    pub chi_tieu: Vec<ChiTieu>,
    /// Retired: whole calendar years; refused with a pointer to `sau_muc_duoi`.
    pub sau_muc_duoi_nam: Option<Spanned<toml::Value>>,
    /// Time from the decision recognising the level below, to the assessment date.
    pub sau_muc_duoi: Option<ChoDoi>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChiTieu {
    pub ma: Spanned<String>,
    pub noi_dung: String,
    pub nguon: String,
    pub ty_le_cdht: Option<TyLeCdht>,
    /// Which kinds of unit the chỉ tiêu applies to: rules tried in order, the first that
    /// matches decides; a unit no rule matches is "Không áp dụng". No rules: every unit.
    #[serde(default)]
    pub pham_vi: Vec<PhamVi>,
    /// Why the wording or the number is not confirmed by a source; shown wherever it is used.
    pub chua_xac_minh: Option<String>,
    /// Its place in the circular: "Tiêu chí `tieu_chi`, Chỉ tiêu `so`" (both or neither).
    pub tieu_chi: Option<Spanned<u8>>,
    pub so: Option<Spanned<u8>>,
}

/// One rule of a chỉ tiêu's scope: the kinds of unit it matches (every listed dimension must
/// match; an absent one matches any unit) and what follows for them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhamVi {
    pub ket_qua: Spanned<ScopeOutcome>,
    #[serde(default)]
    pub cap_hoc: Vec<Spanned<String>>,
    #[serde(default)]
    pub cap_quan_ly: Vec<Spanned<String>>,
    pub co_so_giao_duc: Option<bool>,
    /// The source that settles it (`ap_dung`, `khong_ap_dung`).
    pub nguon: Option<String>,
    /// Why it is not settled (`chua_du_can_cu`) or why it does not apply.
    pub ly_do: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ScopeOutcome {
    ApDung,
    KhongApDung,
    ChuaDuCanCu,
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
    #[serde(default)]
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
    /// Columns recognised and kept for the per-person output, never scored.
    #[serde(default)]
    pub ngay_sinh: Vec<String>,
    #[serde(default)]
    pub gioi_tinh: Vec<String>,
    #[serde(default)]
    pub lop: Vec<String>,
    #[serde(default)]
    pub khoi: Vec<String>,
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
    #[serde(default)]
    pub cap_hoc: Vec<String>,
    #[serde(default)]
    pub xa_phuong: Vec<String>,
    #[serde(default)]
    pub cap_quan_ly: Vec<String>,
    #[serde(default)]
    pub vung_kho_khan: Vec<String>,
    #[serde(default)]
    pub muc_do_cong_nhan: Vec<String>,
    #[serde(default)]
    pub nam_cong_nhan: Vec<String>,
    #[serde(default)]
    pub so_quyet_dinh: Vec<String>,
    #[serde(default)]
    pub ngay_quyet_dinh: Vec<String>,
    #[serde(default)]
    pub nam_danh_gia: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiaTri {
    pub co: Vec<Spanned<String>>,
    pub khong: Vec<Spanned<String>>,
    pub dat: Vec<Spanned<String>>,
    pub khong_dat: Vec<Spanned<String>>,
    pub khong_ap_dung: Vec<Spanned<String>>,
    /// "Never recognised" in the previous-recognition column.
    #[serde(default)]
    pub chua_cong_nhan: Vec<Spanned<String>>,
}

/// Words that mark a row of a roster as not a person (group titles, totals, signatures, notes).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DongKhongPhaiNguoi {
    pub nguon: String,
    #[serde(default)]
    pub tieu_de_nhom: Vec<String>,
    #[serde(default)]
    pub dong_tong: Vec<String>,
    #[serde(default)]
    pub chu_ky: Vec<String>,
    #[serde(default)]
    pub ghi_chu: Vec<String>,
}
