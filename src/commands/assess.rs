//! `hoctap assess`: rosters in, unit report out.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;

use super::args::{OutputArgs, PaperArgs, RosterArgs};
use super::{load_criteria, run_options};
use crate::ExitStatus;
use crate::aggregate::dvht_time::When;
use crate::input::Source;
use crate::input::source::expand;
use crate::output::{check_outputs, write_output};
use crate::progress::Progress;
use crate::report::format::{ALL, Accepts, Format, GroupBy, Output, use_color};
use crate::report::recognition::RecognitionCollector;
use crate::report::views::{View, ViewChoice};
use crate::report::{self, views};
use crate::session;

/// Chấm điểm từng người và báo cáo từng đơn vị so với mục tiêu.
///
/// Đọc một hay nhiều danh sách (CSV, Excel, OpenDocument, hoặc cả thư mục; `-` là stdin), chấm
/// điểm từng người theo bộ tiêu chí,
/// rồi in cho mỗi đơn vị: số người được tính, số đạt, tỷ lệ, đạt mục tiêu hay chưa, cần thêm
/// bao nhiêu người, và mức độ Đơn vị học tập.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap assess danh-sach.xlsx --tep-don-vi don-vi.xlsx -o bao-cao.xlsx
  hoctap assess thu-muc-cac-truong --theo cap-hoc
  hoctap assess danh-sach.csv --gan-dat=5 --tung-nguoi ket-qua.csv
  hoctap assess danh-sach.xlsx --dong-loi can-sua.xlsx --format json -o bao-cao.json")]
pub struct AssessArgs {
    #[command(flatten)]
    pub input: RosterArgs,

    /// Báo cáo đơn vị: -o TỆP ghi vào tệp (.xlsx là báo cáo Excel gồm các trang Đơn vị,
    /// Người, Phát hiện, Tệp đã đọc, Tiêu chí).
    #[command(flatten)]
    pub out: OutputArgs,

    /// Ghi kết quả từng người: CSV, JSON (.json) hoặc Excel (.xlsx).
    #[arg(long = "tung-nguoi", alias = "persons", value_name = "TỆP")]
    pub persons: Option<PathBuf>,

    /// Số phát hiện (lỗi, cảnh báo) tối đa in ra màn hình.
    #[arg(long = "so-phat-hien", alias = "max-findings", value_name = "N", default_value_t = 20)]
    pub max_findings: usize,

    /// Ghi mọi phát hiện vào tệp: CSV, JSON (.json) hoặc Excel (.xlsx).
    #[arg(long = "phat-hien", alias = "findings", value_name = "TỆP")]
    pub findings: Option<PathBuf>,

    /// Ghi các dòng Lỗi và Trùng với đúng các cột gốc của tệp cộng lý do, để sửa rồi chạy lại:
    /// CSV, hoặc Excel nếu đuôi .xlsx.
    #[arg(long = "dong-loi", alias = "rows-with-errors", value_name = "TỆP")]
    pub rows_with_errors: Option<PathBuf>,

    /// Luôn trả mã thoát 0 khi chạy được (chỉ để lập báo cáo).
    #[arg(long)]
    pub exit_zero: bool,

    /// Không in tóm tắt, phát hiện và thanh tiến độ ra stderr.
    #[arg(short, long)]
    pub quiet: bool,

    /// Số luồng xử lý (0 = mọi nhân CPU). Kết quả không phụ thuộc số luồng.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// Cỡ mỗi phần (byte) khi một tệp lớn được đọc song song; để kiểm thử.
    #[arg(long, value_name = "BYTE", default_value_t = 0, hide = true)]
    pub part_size: u64,
    /// Ẩn danh: trong danh sách từng người (--tung-nguoi) và các phát hiện, mã định danh chỉ giữ
    /// tối đa 3 ký tự cuối (036201001234 → *********234), họ tên chỉ còn chữ cái đầu
    /// (Nguyễn Văn An → N.V.A.). Kết quả chấm và số dòng không đổi.
    #[arg(long)]
    pub an_danh: bool,

    #[command(flatten)]
    pub reports: ReportArgs,

    #[command(flatten)]
    pub paper: Box<PaperArgs>,
}

/// The report views of `assess`: summaries, divisions, ranking, who is close.
#[derive(Debug, Args, Clone, Default)]
pub struct ReportArgs {
    /// Tổng hợp theo nhóm (cấp học, xã/phường hoặc cấp quản lý, lấy từ tệp đơn vị) kèm dòng
    /// TỔNG, thay cho báo cáo từng đơn vị.
    #[arg(long = "theo", alias = "by", value_enum, value_name = "NHÓM")]
    pub by: Option<GroupBy>,

    /// Chỉ các đơn vị của một phòng thuộc Sở (theo cấp học trong tệp đơn vị): mam-non,
    /// tieu-hoc, trung-hoc, gdnn-gdtx (danh sách trong bộ tiêu chí, bảng [[phong]]).
    #[arg(long, value_name = "MÃ")]
    pub phong: Option<String>,

    /// Năm đánh giá Đơn vị học tập (điều kiện một năm trước mức độ 2, hiệu lực ba năm);
    /// mặc định: cột nam_danh_gia của tệp đơn vị.
    #[arg(long, value_name = "NĂM", value_parser = clap::value_parser!(u16).range(1900..3000))]
    pub nam: Option<u16>,

    /// Ngày đánh giá (dd/mm/yyyy) mà điều kiện thời gian tính đến (ít nhất một năm từ ngày quyết
    /// định công nhận mức độ 1); mặc định: 31/12 của năm đánh giá.
    #[arg(long, value_name = "NGÀY", value_parser = crate::aggregate::dvht_time::parse_date_arg)]
    pub ngay_danh_gia: Option<jiff::civil::Date>,

    /// Những người chưa đạt gần đạt nhất của mỗi đơn vị (N người, mặc định 10), xếp theo số điểm
    /// cần thêm ít nhất, thay cho báo cáo từng đơn vị. Số người viết liền bằng dấu =:
    /// --gan-dat=5 (viết --gan-dat 5 thì 5 là tên tệp).
    #[arg(long, value_name = "N", num_args = 0..=1, require_equals = true, default_missing_value = "10")]
    pub gan_dat: Option<usize>,

    /// Xếp hạng các đơn vị theo tỷ lệ (bằng nhau thì đơn vị đông người hơn, rồi theo mã) và
    /// nêu các đơn vị đề nghị khen thưởng, thay cho báo cáo từng đơn vị.
    #[arg(long)]
    pub xep_hang: bool,

    /// Ghi thêm báo cáo HTML (mọi phần: tổng hợp, biểu đồ, đơn vị chưa đạt, xếp hạng, người gần
    /// đạt nếu có --gan-dat) vào tệp này, cùng lúc với báo cáo của -o: ví dụ
    /// `-o bao-cao.xlsx --html bao-cao.html`.
    #[arg(long, value_name = "TỆP")]
    pub html: Option<PathBuf>,
}

pub fn run(args: &AssessArgs) -> Result<ExitStatus> {
    check_gan_dat(args)?;
    let criteria = load_criteria(&args.input.criteria)?;
    let plan = Plan::resolve(args)?;
    views::check_division(&criteria, args.reports.phong.as_deref())?;
    let outputs: Vec<&Path> = [
        &args.out.output,
        &args.persons,
        &args.findings,
        &args.rows_with_errors,
        &args.reports.html,
        &args.paper.danh_sach_cong_nhan,
    ]
    .into_iter()
    .flatten()
    .map(|p| p.as_path())
    .filter(|p| p.as_os_str() != "-")
    .collect();
    let expansion = expand(&args.input.files, &outputs, args.input.units.as_deref())?;
    let sources = expansion.sources;
    let mut options = run_options(&args.input.read, args.input.don_vi.clone())?;
    options.default_group = args.input.doi_tuong.clone();
    let (threads, warning) = crate::pipeline::threads_for(args.threads);
    if let Some(w) = warning {
        eprintln!("Cảnh báo: {w}");
    }
    options.threads = threads;
    options.part_bytes = args.part_size;
    let wanted =
        crate::progress::wanted(std::io::stderr().is_terminal(), args.quiet, std::env::var("TERM").ok().as_deref());
    options.progress =
        if wanted { Progress::stderr(sources.len(), use_color(args.out.color, true)) } else { Progress::hidden() };

    let mut inputs: Vec<&Path> = sources.iter().filter_map(Source::path).collect();
    if let Some(u) = &args.input.units {
        inputs.push(u);
    }
    check_outputs(&outputs, &inputs)?;

    let bom = args.out.bom;
    let mut lists = plan.lists.as_ref().map(|_| RecognitionCollector::new(&criteria));
    let wanted = session::PersonOutputs {
        persons: plan.persons.as_ref().and_then(Output::file),
        rows_with_errors: plan.rows_with_errors.as_ref().and_then(Output::file),
        findings: plan.findings.as_ref().and_then(Output::file),
        workbook: plan.report.format == Format::Xlsx,
        close: args.reports.gan_dat,
        bom,
        masked: args.an_danh,
        also: lists.as_mut().map(|l| l as &mut dyn crate::pipeline::PersonSink),
    };
    let skipped = session::skipped_findings(&expansion.skipped);
    let (mut report, workbook) = wanted.run(
        &criteria,
        &sources,
        args.input.units.as_deref(),
        options,
        When { year: args.reports.nam, date: args.reports.ngay_danh_gia },
        skipped,
    )?;
    if let Some(code) = &args.reports.phong {
        report = views::restrict_to_division(&criteria, report, code);
    }

    let bytes = match workbook {
        Some(w) => {
            let views: Vec<_> = plan.choice.asked().into_iter().map(|v| v.sheet(&criteria, &report)).collect();
            w.with_paper(args.paper.paper(args.reports.nam)).finish_with_views(&report, &views)?
        }
        None => {
            let options = plan.report.render_options(bom, args.out.color, std::io::stdout().is_terminal());
            views::render(plan.view, plan.report.format, args.reports.by, &criteria, &report, options)?
        }
    };
    write_output(plan.report.to.path(), &bytes)?;
    if let Some(path) = &args.reports.html {
        write_output(Some(path), &report::html::render(&criteria, &report, args.reports.by))?;
    }
    if let (Some(lists), Some((format, path))) = (lists, plan.lists.as_ref().and_then(Output::file)) {
        let lists = lists.finish();
        let paper = args.paper.paper(args.reports.nam);
        let bytes = match format {
            Format::Html => lists.html(&criteria, &report, &paper),
            _ => lists.xlsx(&criteria, &report, &paper)?,
        };
        write_output(Some(path), &bytes)?;
    }

    if !args.quiet {
        // A closed stderr must not turn a finished run into a failure.
        let _ = std::io::stderr().write_all(session::summary_text(&report, args.max_findings).as_bytes());
    }
    let status = if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed };
    // Every output is written: the report is left to the process's exit.
    session::release(report);
    Ok(status)
}

/// `--gan-dat 5` reads 5 as a file name (the count is only `--gan-dat=5`, so that a file after
/// the option is never taken for it): a missing file named by a number says how to write it.
fn check_gan_dat(args: &AssessArgs) -> Result<()> {
    if args.reports.gan_dat.is_none() {
        return Ok(());
    }
    let number = args.input.files.iter().filter(|f| !f.exists()).find_map(|f| f.to_str()?.parse::<usize>().ok());
    match number {
        Some(n) => anyhow::bail!("không có tệp \"{n}\"; số người gần đạt viết liền bằng dấu =: --gan-dat={n}"),
        None => Ok(()),
    }
}

/// Every output of a run settled before anything is read, so a wrong name fails at once.
struct Plan {
    report: Output,
    view: View,
    /// The views asked for: sheets of the Excel report.
    choice: ViewChoice,
    persons: Option<Output>,
    findings: Option<Output>,
    rows_with_errors: Option<Output>,
    lists: Option<Output>,
}

const PEOPLE: &[Format] = &[Format::Csv, Format::Json, Format::Xlsx];

impl Plan {
    fn resolve(args: &AssessArgs) -> Result<Plan> {
        let report = Output::resolve(
            args.out.format,
            args.out.output.as_deref(),
            Accepts { option: "-o", formats: ALL, stdout: true },
        )?;
        let side = |path: &Option<PathBuf>, option: &'static str, formats: &'static [Format]| {
            path.as_deref()
                .map(|p| Output::resolve(None, Some(p), Accepts { option, formats, stdout: false }))
                .transpose()
        };
        side(&args.reports.html, "--html", &[Format::Html])?;
        let r = &args.reports;
        let choice = ViewChoice { by: r.by, gan_dat: r.gan_dat, xep_hang: r.xep_hang };
        Ok(Plan {
            view: View::choose(&choice, report.format, r.html.is_some())?,
            choice,
            report,
            persons: side(&args.persons, "--tung-nguoi", PEOPLE)?,
            findings: side(&args.findings, "--phat-hien", PEOPLE)?,
            rows_with_errors: side(&args.rows_with_errors, "--dong-loi", &[Format::Csv, Format::Xlsx])?,
            lists: side(&args.paper.danh_sach_cong_nhan, "--danh-sach-cong-nhan", &[Format::Xlsx, Format::Html])?,
        })
    }
}
