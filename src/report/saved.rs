//! The saved JSON report (`hoctap assess --format json -o TỆP`) as later commands read it back:
//! `merge` adds up its counts, `compare` sets two side by side. This is the one description of
//! what is read and the one reader (size limit, BOM, version); the writer is [`super::Report`].

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;

use crate::aggregate::Tally;
use crate::io_message::io_message;
use crate::model::{FileSummary, Finding, FindingCounts, TargetVerdict};

/// The version written in every JSON report (`phien_ban_bao_cao`). A reader refuses a report
/// of a later version; a report without the field is from before versions were written.
pub const REPORT_VERSION: u32 = 1;

/// The most people one count of a report may hold: ten times the country's population. A
/// larger count is not a real report; refusing it keeps every sum and difference of `merge` and
/// `compare` far from overflow.
pub const MAX_COUNT: u64 = 1_000_000_000;

/// The largest report accepted: a province-wide one is a few megabytes.
const MAX_REPORT_BYTES: u64 = 512 << 20;

#[derive(Debug, Clone, Deserialize)]
pub struct SavedReport {
    #[serde(default)]
    pub phien_ban_bao_cao: Option<u32>,
    pub tieu_chi: SavedCriteria,
    #[serde(default)]
    pub tep: Vec<FileSummary>,
    pub don_vi: Vec<SavedUnit>,
    pub tong: SavedUnit,
    #[serde(default)]
    pub phat_hien: Vec<Finding>,
    /// The counts of all the findings; a report made before they were written has its list
    /// counted instead (see [`read`]).
    #[serde(default)]
    pub so_phat_hien: Option<FindingCounts>,
}

impl SavedReport {
    /// The counts of all the report's findings.
    pub fn finding_counts(&self) -> FindingCounts {
        self.so_phat_hien.unwrap_or_else(|| FindingCounts::of(&self.phat_hien))
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct SavedCriteria {
    pub ma: String,
    pub phien_ban: String,
    #[serde(default)]
    pub sha256: String,
    pub muc_tieu_phan_tram: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedUnit {
    pub ma_don_vi: String,
    pub ten_don_vi: String,
    pub so_nguoi: u64,
    pub so_dat: u64,
    pub dat_muc_tieu: TargetVerdict,
    #[serde(default)]
    pub thanh_vien_so_nguoi: u64,
    #[serde(default)]
    pub thanh_vien_so_dat: u64,
    #[serde(default)]
    pub nguoi_hoc_so_nguoi: u64,
    #[serde(default)]
    pub nguoi_hoc_so_dat: u64,
    #[serde(default)]
    pub so_loai_tru: u64,
    #[serde(default)]
    pub so_loi: u64,
    #[serde(default)]
    pub so_trung: u64,
    /// Absent from reports of versions before `merge` existed.
    #[serde(default)]
    pub nguoi_hoc_so_dong: Option<u64>,
    #[serde(default)]
    pub muc_do_dvht: String,
    #[serde(default)]
    pub dvht: Option<SavedDvht>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SavedDvht {
    pub muc: u8,
}

impl SavedUnit {
    /// The unit's counts, when the report has every one of them.
    pub fn tally(&self) -> Option<Tally> {
        Some(Tally {
            counted: self.so_nguoi,
            recognised: self.so_dat,
            members_counted: self.thanh_vien_so_nguoi,
            members_recognised: self.thanh_vien_so_dat,
            learners_counted: self.nguoi_hoc_so_nguoi,
            learners_recognised: self.nguoi_hoc_so_dat,
            excluded: self.so_loai_tru,
            invalid: self.so_loi,
            duplicates: self.so_trung,
            learners_seen: self.nguoi_hoc_so_dong?,
        })
    }
}

/// Reads a saved report: at most [`MAX_REPORT_BYTES`], UTF-8 with or without a BOM, of a
/// version this program knows.
pub fn read(path: &Path) -> Result<SavedReport> {
    let what = || format!("không đọc được báo cáo {}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| anyhow!(io_message(&e))).with_context(what)?;
    if meta.len() > MAX_REPORT_BYTES {
        bail!("báo cáo {} quá lớn ({} byte)", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).map_err(|e| anyhow!(io_message(&e))).with_context(what)?;
    parse(&bytes).with_context(what)
}

/// [`read`] for bytes already in memory.
pub fn parse(bytes: &[u8]) -> Result<SavedReport> {
    let text = std::str::from_utf8(bytes).map_err(|_| anyhow!("tệp không phải UTF-8"))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let report: SavedReport = serde_json::from_str(text).map_err(|e| {
        anyhow!("không phải báo cáo JSON của hoctap ({e}); cần tệp của `hoctap assess --format json -o TỆP`")
    })?;
    if let Some(v) = report.phien_ban_bao_cao.filter(|v| *v > REPORT_VERSION) {
        bail!(
            "báo cáo phiên bản {v} được lập bằng hoctap mới hơn (chương trình này đọc đến phiên bản {REPORT_VERSION})"
        );
    }
    for u in report.don_vi.iter().chain([&report.tong]) {
        u.check()?;
    }
    if let Some(c) = &report.so_phat_hien
        && [c.loi, c.canh_bao, c.thong_tin].iter().any(|n| *n > MAX_COUNT)
    {
        bail!("so_phat_hien vượt quá {MAX_COUNT}: báo cáo bị sửa hoặc hỏng");
    }
    Ok(report)
}

impl SavedUnit {
    /// Every count within [`MAX_COUNT`], and no part larger than its whole (`so_dat` ≤
    /// `so_nguoi`…): a report edited by hand or damaged is refused, naming the unit and field.
    fn check(&self) -> Result<()> {
        let unit = if self.ma_don_vi.is_empty() {
            "dòng tổng".to_string()
        } else {
            format!("đơn vị \"{}\"", self.ma_don_vi)
        };
        let counts = [
            ("so_nguoi", self.so_nguoi),
            ("so_dat", self.so_dat),
            ("thanh_vien_so_nguoi", self.thanh_vien_so_nguoi),
            ("thanh_vien_so_dat", self.thanh_vien_so_dat),
            ("nguoi_hoc_so_nguoi", self.nguoi_hoc_so_nguoi),
            ("nguoi_hoc_so_dat", self.nguoi_hoc_so_dat),
            ("so_loai_tru", self.so_loai_tru),
            ("so_loi", self.so_loi),
            ("so_trung", self.so_trung),
            ("nguoi_hoc_so_dong", self.nguoi_hoc_so_dong.unwrap_or(0)),
        ];
        if let Some((field, n)) = counts.iter().find(|(_, n)| *n > MAX_COUNT) {
            bail!(
                "{unit}: {field} = {n} vượt giới hạn {MAX_COUNT} người; báo cáo bị sửa hoặc hỏng, hãy lập lại bằng hoctap assess --format json"
            );
        }
        let parts = [
            ("so_dat", self.so_dat, "so_nguoi", self.so_nguoi),
            ("so_loi", self.so_loi, "so_nguoi", self.so_nguoi),
            ("thanh_vien_so_dat", self.thanh_vien_so_dat, "thanh_vien_so_nguoi", self.thanh_vien_so_nguoi),
            ("nguoi_hoc_so_dat", self.nguoi_hoc_so_dat, "nguoi_hoc_so_nguoi", self.nguoi_hoc_so_nguoi),
            ("thanh_vien_so_nguoi", self.thanh_vien_so_nguoi, "so_nguoi", self.so_nguoi),
            ("nguoi_hoc_so_nguoi", self.nguoi_hoc_so_nguoi, "so_nguoi", self.so_nguoi),
        ];
        if let Some((part, p, whole, w)) = parts.iter().find(|(_, p, _, w)| p > w) {
            bail!(
                "{unit}: {part} = {p} lớn hơn {whole} = {w}; báo cáo bị sửa hoặc hỏng, hãy lập lại bằng hoctap assess --format json"
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNIT: &str = r#"{"ma_don_vi":"A","ten_don_vi":"","so_nguoi":2,"so_dat":2,"dat_muc_tieu":"Đạt"}"#;

    fn report(extra: &str, finding_level: &str) -> String {
        format!(
            r#"{{{extra}"tieu_chi":{{"ma":"x","phien_ban":"1","muc_tieu_phan_tram":"97"}},"don_vi":[{UNIT}],"tong":{UNIT},
            "phat_hien":[{{"tep":"a.csv","dong":2,"cot":"c","gia_tri":"v","muc_do":"{finding_level}","thong_bao":"m"}}]}}"#
        )
    }

    #[test]
    fn reads_with_a_bom_and_without_a_version() {
        let text = format!("\u{feff}{}", report("", "Cảnh báo"));
        let r = parse(text.as_bytes()).unwrap();
        assert_eq!(r.don_vi[0].dat_muc_tieu, TargetVerdict::Met);
        assert_eq!(r.phat_hien[0].muc_do, crate::model::Severity::Warning);
    }

    #[test]
    fn an_unknown_severity_is_an_error_not_information() {
        let err = parse(report("", "Nghiêm trọng").as_bytes()).unwrap_err();
        assert!(format!("{err:#}").contains("Nghiêm trọng"), "{err:#}");
    }

    #[test]
    fn a_later_version_is_refused() {
        assert!(parse(report(r#""phien_ban_bao_cao":1,"#, "Lỗi").as_bytes()).is_ok());
        let err = parse(report(r#""phien_ban_bao_cao":2,"#, "Lỗi").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("phiên bản 2"), "{err}");
    }

    #[test]
    fn counts_out_of_bounds_are_refused_by_field() {
        let text = report("", "Lỗi").replacen("\"so_dat\":2", "\"so_dat\":25", 1);
        let err = parse(text.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("đơn vị \"A\": so_dat = 25 lớn hơn so_nguoi = 2"), "{err}");
        let text = report("", "Lỗi").replacen("\"so_nguoi\":2", "\"so_nguoi\":18446744073709551615", 1);
        let err = parse(text.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("so_nguoi = 18446744073709551615 vượt giới hạn"), "{err}");
    }

    /// A report lists its first findings and counts them all; one made before the counts were
    /// written is counted from its list; a count past the bound is refused.
    #[test]
    fn finding_counts_are_read_bounded_or_counted_from_the_list() {
        let old = parse(report("", "Lỗi").as_bytes()).unwrap();
        assert_eq!(old.finding_counts(), FindingCounts { loi: 1, canh_bao: 0, thong_tin: 0 });
        let counted = report(r#""so_phat_hien":{"loi":12000,"canh_bao":3,"thong_tin":0},"#, "Lỗi");
        assert_eq!(parse(counted.as_bytes()).unwrap().finding_counts().total(), 12_003);
        let huge = report(r#""so_phat_hien":{"loi":1000000001,"canh_bao":0,"thong_tin":0},"#, "Lỗi");
        let err = parse(huge.as_bytes()).unwrap_err().to_string();
        assert!(err.contains("so_phat_hien vượt quá 1000000000"), "{err}");
    }

    #[test]
    fn an_unknown_target_verdict_is_an_error() {
        let text = report("", "Lỗi").replacen("\"Đạt\"", "\"Gần đạt\"", 1);
        assert!(parse(text.as_bytes()).is_err());
    }
}
