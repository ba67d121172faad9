//! `hoctap compare OLD NEW`: what changed between two saved reports.

use std::path::Path;

use anyhow::{Context, Result};

use crate::ExitStatus;
use crate::cli::{CompareArgs, Format};
use crate::output::{check_not_input, write_output};
use crate::report::compare::{self, SavedReport};
use crate::report::views;

/// The largest report accepted: a province-wide one is a few megabytes.
const MAX_REPORT_BYTES: u64 = 512 << 20;

fn read(path: &Path) -> Result<SavedReport> {
    let what = || format!("không đọc được báo cáo {}", path.display());
    let meta = std::fs::metadata(path).map_err(|e| anyhow::anyhow!(crate::input::io_message(&e))).with_context(what)?;
    if meta.len() > MAX_REPORT_BYTES {
        anyhow::bail!("báo cáo {} quá lớn ({} byte)", path.display(), meta.len());
    }
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!(crate::input::io_message(&e))).with_context(what)?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("tệp không phải UTF-8")).with_context(what)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    serde_json::from_str(text)
        .map_err(|e| anyhow::anyhow!("{e}; cần tệp JSON của `hoctap assess --format json -o TỆP`"))
        .with_context(what)
}

pub fn run(args: &CompareArgs) -> Result<ExitStatus> {
    if args.format == Format::Html {
        anyhow::bail!("compare chưa có dạng html; dùng --format table, csv hoặc json");
    }
    if let Some(out) = &args.output {
        check_not_input(out, &[args.old.as_path(), args.new.as_path()])?;
    }
    let old = read(&args.old)?;
    let new = read(&args.new)?;
    if old.tieu_chi.ma != new.tieu_chi.ma || old.tieu_chi.muc_tieu_phan_tram != new.tieu_chi.muc_tieu_phan_tram {
        eprintln!(
            "Cảnh báo: hai lần dùng bộ tiêu chí khác nhau ({} mục tiêu {}% và {} mục tiêu {}%); so sánh vẫn theo số liệu từng lần.",
            old.tieu_chi.ma, old.tieu_chi.muc_tieu_phan_tram, new.tieu_chi.ma, new.tieu_chi.muc_tieu_phan_tram
        );
    }
    let c = compare::compare(&old, &new);
    let format = args.format;
    let mut footer = String::new();
    if !c.don_vi_moi.is_empty() {
        footer.push_str(&format!("Đơn vị mới có ở lần sau: {}\n", c.don_vi_moi.join(", ")));
    }
    if !c.don_vi_khong_con.is_empty() {
        footer.push_str(&format!("Đơn vị không còn ở lần sau: {}\n", c.don_vi_khong_con.join(", ")));
    }
    let bytes = views::sheet(format, &compare::sheet(&c), &c, args.bom, &footer);
    write_output(args.output.as_deref(), &bytes)?;
    Ok(ExitStatus::Passed)
}
