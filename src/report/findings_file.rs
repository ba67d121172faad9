//! Every finding of a run written to a file (`--findings FILE`): CSV, JSON when the name ends in
//! `.json`, Excel when it ends in `.xlsx`. The screen shows the first few; this file has all.

use std::path::Path;

use anyhow::Result;

use crate::findings::Finding;
use crate::output::safe_cell;

pub const COLUMNS: [&str; 7] = ["tep", "trang_tinh", "dong", "cot", "gia_tri", "muc_do", "thong_bao"];

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The findings in the format the file name asks for.
pub fn render(findings: &[Finding], path: &Path, bom: bool) -> Result<Vec<u8>> {
    if has_extension(path, "json") {
        let mut out = serde_json::to_vec_pretty(findings)?;
        out.push(b'\n');
        return Ok(out);
    }
    if has_extension(path, "xlsx") {
        return super::xlsx::findings_workbook(findings);
    }
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for f in findings {
        w.write_record([
            safe_cell(&f.tep).as_ref(),
            safe_cell(f.trang_tinh.as_deref().unwrap_or("")).as_ref(),
            &f.dong.map_or_else(String::new, |l| l.to_string()),
            safe_cell(&f.cot).as_ref(),
            safe_cell(&f.gia_tri).as_ref(),
            f.muc_do.label(),
            safe_cell(&f.thong_bao).as_ref(),
        ])?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}
