//! `hoctap template`: a blank roster (or unit file) with the headers the criteria expect.

use anyhow::Result;

use super::load_criteria;
use crate::ExitStatus;
use crate::cli::TemplateArgs;
use crate::criteria::Criteria;
use crate::input::units::{declared_codes, scale_codes};
use crate::output::{safe_cell, write_output};

/// The roster headers: the canonical field names, so the file round-trips exactly.
pub fn roster_headers(c: &Criteria) -> Vec<String> {
    let mut h: Vec<String> =
        ["ma_dinh_danh", "ho_ten", "ma_don_vi", "ten_don_vi", "doi_tuong", "vung_kho_khan", "trang_thai"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    h.extend(c.cdht.indicators.iter().map(|i| i.column.clone()));
    h
}

pub fn unit_headers(c: &Criteria) -> Vec<String> {
    let mut h: Vec<String> = ["ma_don_vi", "ten_don_vi", "co_so_giao_duc"].iter().map(|s| s.to_string()).collect();
    h.extend(declared_codes(c));
    h.extend(scale_codes(c));
    h.extend(
        [
            "cap_hoc",
            "xa_phuong",
            "cap_quan_ly",
            "vung_kho_khan",
            "muc_do_cong_nhan",
            "so_quyet_dinh",
            "ngay_quyet_dinh",
            "nam_cong_nhan",
            "nam_danh_gia",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    h
}

pub fn run(args: &TemplateArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let xlsx = args.output.as_deref().is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx")));
    if xlsx {
        let bytes = if args.units {
            crate::report::template_xlsx::units(&criteria)?
        } else {
            crate::report::template_xlsx::roster(&criteria)?
        };
        write_output(args.output.as_deref(), &bytes)?;
        return Ok(ExitStatus::Passed);
    }
    let headers = if args.units { unit_headers(&criteria) } else { roster_headers(&criteria) };
    let mut out = Vec::new();
    if args.bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    // Indicator and chỉ tiêu codes come from the criteria file.
    w.write_record(headers.iter().map(|h| safe_cell(h).into_owned()))?;
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitStatus::Passed)
}
