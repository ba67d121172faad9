//! `hoctap dvht`: one Learning Unit dossier per unit, in Excel and printable HTML, in a folder.

use std::collections::HashSet;

use anyhow::{Context, Result};

use std::path::{Path, PathBuf};

use clap::Args;

use super::args::{PaperNames, RosterArgs};
use super::{load_criteria, run_options};
use crate::ExitStatus;
use crate::aggregate::dvht_time::When;
use crate::input::Source;
use crate::input::open::output_mark;
use crate::input::source::expand;
use crate::model::mark::OutputKind;
use crate::output::{check_not_input, write_output};
use crate::report::{dossier, views};
use crate::session::{self, prepare};

/// Ghi hồ sơ Đơn vị học tập của từng đơn vị theo TT 24/2023 vào một thư mục: Bản tổng hợp kết
/// quả đánh giá các tiêu chí, chỉ tiêu; Báo cáo tự đánh giá (số liệu điền sẵn, chỗ trống cho
/// phần Tổ đánh giá viết); Tờ trình đề nghị công nhận. Mỗi đơn vị một tệp Excel (mỗi văn bản
/// một trang tính) và một tệp HTML để in. Tên đơn vị, địa danh, cơ quan chủ quản lấy từ tệp
/// đơn vị khi có; --nguoi-lap là Tổ trưởng Tổ đánh giá.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap dvht danh-sach.xlsx --tep-don-vi don-vi.xlsx --nam 2025 -o ho-so-dvht
  hoctap dvht danh-sach.xlsx --tep-don-vi don-vi.xlsx -o ho-so --kinh-gui \"Chủ tịch UBND xã Gia Trấn\" --thu-truong \"Nguyễn Văn An\"")]
pub struct DvhtArgs {
    #[command(flatten)]
    pub input: RosterArgs,

    /// Năm đánh giá (mặc định: cột nam_danh_gia của tệp đơn vị).
    #[arg(long, value_name = "NĂM", value_parser = clap::value_parser!(u16).range(1900..3000))]
    pub nam: Option<u16>,

    /// Ngày đánh giá (dd/mm/yyyy) mà điều kiện thời gian tính đến; mặc định: 31/12 của năm đánh giá.
    #[arg(long, value_name = "NGÀY", value_parser = crate::aggregate::dvht_time::parse_date_arg)]
    pub ngay_danh_gia: Option<jiff::civil::Date>,

    /// Chỉ các đơn vị của một phòng thuộc Sở.
    #[arg(long, value_name = "MÃ")]
    pub phong: Option<String>,

    /// Thư mục để ghi hồ sơ (được tạo nếu chưa có).
    #[arg(short, long, value_name = "THƯ_MỤC")]
    pub output: PathBuf,

    #[command(flatten)]
    pub paper: PaperNames,

    /// Nơi nhận Tờ trình đề nghị công nhận (cơ quan, người có thẩm quyền công nhận), ví dụ
    /// "Chủ tịch UBND xã Gia Trấn"; không ghi thì để dòng trống để viết tay.
    #[arg(long, value_name = "TÊN")]
    pub kinh_gui: Option<String>,

    /// Không in tóm tắt ra stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: &DvhtArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.input.criteria)?;
    views::check_division(&criteria, args.phong.as_deref())?;
    let sources = expand(&args.input.files, &[], args.input.units.as_deref())?.sources;
    let mut options = run_options(&args.input.read, args.input.don_vi.clone())?;
    options.default_group = args.input.doi_tuong.clone();
    let mut report = prepare(
        &criteria,
        &sources,
        args.input.units.as_deref(),
        options,
        When { year: args.nam, date: args.ngay_danh_gia },
        None,
        Vec::new(),
    )?;
    if let Some(code) = &args.phong {
        report = views::restrict_to_division(&criteria, report, code);
    }
    std::fs::create_dir_all(&args.output)
        .with_context(|| format!("không tạo được thư mục {}", args.output.display()))?;
    let mut inputs: Vec<&std::path::Path> = sources.iter().filter_map(Source::path).collect();
    if let Some(u) = &args.input.units {
        inputs.push(u);
    }
    let names = dossier::Names { paper: args.paper.paper(args.nam), kinh_gui: args.kinh_gui.clone() };
    let mut used = HashSet::new();
    let mut written = 0;
    for r in &report.don_vi {
        let Some(d) = &r.dvht else { continue };
        // Two codes that make the same file name get a number, so no dossier overwrites another.
        let base = dossier::file_stem(&r.ma_don_vi);
        let mut stem = base.clone();
        let mut n = 2;
        while !used.insert(stem.to_lowercase()) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        let html_path = args.output.join(format!("{stem}.html"));
        let xlsx_path = args.output.join(format!("{stem}.xlsx"));
        for p in [&html_path, &xlsx_path] {
            check_not_input(p, &inputs)?;
        }
        write_output(Some(&html_path), &dossier::html(&criteria, &report, r, d, &names))?;
        write_output(
            Some(&xlsx_path),
            &dossier::xlsx(&criteria, &report, r, d, &names).context("không tạo được tệp Excel")?,
        )?;
        written += 1;
    }
    let removed = remove_stale_dossiers(&args.output, &used)?;
    if !args.quiet {
        // The findings and the summary, as `assess` prints them.
        eprint!("{}", session::summary_text(&report, MAX_FINDINGS_SHOWN));
        eprintln!(
            "Đã ghi hồ sơ Đơn vị học tập của {written} đơn vị vào {} (mỗi đơn vị một tệp .xlsx và một tệp .html: Bản tổng hợp, Báo cáo tự đánh giá, Tờ trình).",
            args.output.display()
        );
        if !removed.is_empty() {
            let names = removed.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
            eprintln!(
                "{}",
                crate::text::visible_controls(&format!(
                    "Đã xóa {} hồ sơ cũ của đơn vị không còn trong lần chạy này: {names}",
                    removed.len()
                ))
            );
        }
    }
    // Rows in error or duplicated change the counts behind every dossier: the run is not clean.
    Ok(if report.tong.so_loi > 0 || report.tong.so_trung > 0 { ExitStatus::Failed } else { ExitStatus::Passed })
}

/// Findings printed before the summary (the default of `assess --max-findings`).
const MAX_FINDINGS_SHOWN: usize = 20;

/// Removes the dossiers an earlier run wrote into `folder` for units no longer in the run:
/// only files hoctap marked as dossiers (the Excel document property `hoctap` = `ho-so`, the
/// HTML `generator` meta tag), never another file; `kept` holds the stems written now
/// (lower case). Returns the files removed.
fn remove_stale_dossiers(folder: &Path, kept: &HashSet<String>) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(folder).with_context(|| format!("không đọc được thư mục {}", folder.display()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let (Some(stem), Some(ext)) =
            (path.file_stem().and_then(|s| s.to_str()), path.extension().and_then(|s| s.to_str()))
        else {
            continue;
        };
        if kept.contains(&stem.to_lowercase())
            || !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file())
        {
            continue;
        }
        let ours = match ext.to_ascii_lowercase().as_str() {
            "xlsx" => {
                std::fs::read(&path).ok().and_then(|b| output_mark(&b)).as_deref() == Some(OutputKind::Dossier.as_str())
            }
            "html" => is_marked_html(&path),
            _ => false,
        };
        if ours {
            std::fs::remove_file(&path).with_context(|| format!("không xóa được hồ sơ cũ {}", path.display()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Whether an HTML file's head carries the dossier's `generator` meta tag.
fn is_marked_html(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else { return false };
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    memchr::memmem::find(&head, dossier::GENERATOR_META.as_bytes()).is_some()
}
