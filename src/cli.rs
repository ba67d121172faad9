//! Command-line arguments. Each subcommand's `--help` text is the doc comment of its struct.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// hoctap — đánh giá Công dân học tập (QĐ 324/QĐ-KHVN) và Đơn vị học tập (TT 24/2023/TT-BGDĐT)
/// từ danh sách của đơn vị, so với mục tiêu 97% của kế hoạch.
///
/// Mã thoát: 0 = mọi đơn vị đạt mục tiêu, không có dòng lỗi hay trùng; 1 = có đơn vị chưa đạt
/// hoặc có dòng lỗi/trùng; 2 = không chạy được (tệp tiêu chí sai, tệp không đọc được, sai lệnh).
#[derive(Debug, Parser)]
#[command(name = "hoctap", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Assess(AssessArgs),
    Merge(MergeArgs),
    Criteria(CriteriaArgs),
    Template(TemplateArgs),
    Compare(CompareArgs),
    Dvht(DvhtArgs),
    Inspect(InspectArgs),
    Convert(crate::commands::convert::ConvertArgs),
}

/// The rosters of a run and what is read with them; shared by `assess` and `dvht`.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// Các tệp danh sách người (CSV, .xlsx, .xlsm, .xlsb, .xls, .ods), thư mục (đọc mọi tệp
    /// danh sách bên trong, kể cả thư mục con), hoặc `-` để đọc từ stdin.
    #[arg(required = true, value_name = "TỆP")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Tệp đơn vị: mã đơn vị, là cơ sở giáo dục hay không, và các chỉ tiêu Đơn vị học tập
    /// (Đạt / Không đạt / Không áp dụng) mà danh sách người không cho biết.
    #[arg(long, value_name = "TỆP")]
    pub units: Option<PathBuf>,

    /// Mã đơn vị cho tệp không có cột mã đơn vị (mặc định: tên tệp).
    #[arg(long, value_name = "MÃ")]
    pub don_vi: Option<String>,

    /// Đối tượng của mọi dòng trong tệp không có cột đối tượng (chức vụ, vị trí việc làm), ví
    /// dụ "Học sinh" cho tệp học sinh xuất từ CSDL ngành.
    #[arg(long, value_name = "NHÓM")]
    pub doi_tuong: Option<String>,

    #[command(flatten)]
    pub read: ReadArgs,
}

/// How to read the input files: the overrides of what is detected.
#[derive(Debug, Args, Clone, Default)]
pub struct ReadArgs {
    /// Ký tự phân cách cột: `,` `;` hoặc `tab` (mặc định: tự nhận biết).
    #[arg(long, value_name = "KÝ_TỰ", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,

    /// Bảng mã của tệp CSV, ví dụ windows-1258, utf-16le (mặc định: tự nhận biết).
    #[arg(long, value_name = "BẢNG_MÃ")]
    pub encoding: Option<String>,

    /// Trang tính cần đọc trong tệp Excel: tên hoặc số thứ tự từ 1 (mặc định: trang đầu tiên
    /// có dòng tiêu đề của danh sách).
    #[arg(long, value_name = "TÊN|SỐ")]
    pub sheet: Option<String>,
}

/// Bộ tiêu chí dùng cho lần chạy.
#[derive(Debug, Args, Clone)]
pub struct CriteriaChoice {
    /// Tệp tiêu chí TOML, hoặc mã một bộ nhúng sẵn (ninh-binh-2025, dvht-tt22-2020), dùng thay
    /// cho bộ mặc định (criteria/ninh-binh-2025.toml).
    #[arg(long, value_name = "TỆP")]
    pub criteria: Option<PathBuf>,
}

/// Chấm điểm từng người và báo cáo từng đơn vị so với mục tiêu.
///
/// Đọc một hay nhiều danh sách (CSV, Excel, OpenDocument, hoặc cả thư mục; `-` là stdin), chấm
/// điểm từng người theo bộ tiêu chí,
/// rồi in cho mỗi đơn vị: số người được tính, số đạt, tỷ lệ, đạt mục tiêu hay chưa, cần thêm
/// bao nhiêu người, và mức độ Đơn vị học tập.
#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub input: RosterArgs,

    /// Dạng báo cáo đơn vị (`-o TỆP.xlsx` tự chọn xlsx).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Ghi báo cáo đơn vị vào tệp thay vì màn hình. Tệp .xlsx là báo cáo Excel gồm các trang
    /// Đơn vị, Người, Phát hiện, Tệp đã đọc, Tiêu chí.
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Ghi kết quả từng người (CSV, hoặc JSON nếu tên tệp kết thúc bằng .json).
    #[arg(long, value_name = "TỆP")]
    pub persons: Option<PathBuf>,

    /// Thêm BOM UTF-8 vào tệp CSV để Excel hiện đúng dấu tiếng Việt.
    #[arg(long)]
    pub bom: bool,

    /// Số phát hiện (lỗi, cảnh báo) tối đa in ra màn hình.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_findings: usize,

    /// Ghi mọi phát hiện vào tệp: CSV, JSON (.json) hoặc Excel (.xlsx).
    #[arg(long, value_name = "TỆP")]
    pub findings: Option<PathBuf>,

    /// Ghi các dòng Lỗi và Trùng với đúng các cột gốc của tệp cộng lý do, để sửa rồi chạy lại:
    /// CSV, hoặc Excel nếu đuôi .xlsx.
    #[arg(long, value_name = "TỆP")]
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
    /// Ẩn danh: trong danh sách từng người (--persons) và các phát hiện, mã định danh chỉ giữ
    /// tối đa 3 ký tự cuối (036201001234 → *********234), họ tên chỉ còn chữ cái đầu
    /// (Nguyễn Văn An → N.V.A.). Kết quả chấm và số dòng không đổi.
    #[arg(long)]
    pub an_danh: bool,

    #[command(flatten)]
    pub reports: ReportArgs,
}

/// The report views of `assess` (issue 4): summaries, divisions, ranking, who is close.
#[derive(Debug, Args, Clone, Default)]
pub struct ReportArgs {
    /// Tổng hợp theo nhóm (cấp học, xã/phường hoặc cấp quản lý, lấy từ tệp đơn vị) kèm dòng
    /// TỔNG, thay cho báo cáo từng đơn vị.
    #[arg(long, value_enum, value_name = "NHÓM")]
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
    /// cần thêm ít nhất, thay cho báo cáo từng đơn vị. Đặt sau các tệp, hoặc viết --gan-dat=N.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "10")]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// Cấp học
    CapHoc,
    /// Xã/phường
    XaPhuong,
    /// Cấp quản lý (Sở GDĐT, UBND xã/phường)
    QuanLy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// Một tệp HTML tự chứa (in ra PDF được); cũng chọn khi -o kết thúc bằng .html
    Html,
    /// Báo cáo Excel; cần `-o TỆP.xlsx`.
    Xlsx,
}

/// So sánh hai lần đánh giá (sơ kết, tổng kết): từng đơn vị và tổng, tỷ lệ, số đạt, mục tiêu,
/// mức độ Đơn vị học tập; đơn vị mới có và đơn vị không còn.
///
/// Mỗi lần là tệp JSON của `hoctap assess --format json -o TỆP`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Báo cáo JSON của lần trước.
    #[arg(value_name = "CŨ")]
    pub old: PathBuf,

    /// Báo cáo JSON của lần này.
    #[arg(value_name = "MỚI")]
    pub new: PathBuf,

    /// Dạng kết quả.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Ghi kết quả vào tệp thay vì màn hình.
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Thêm BOM UTF-8 vào tệp CSV để Excel hiện đúng dấu tiếng Việt.
    #[arg(long)]
    pub bom: bool,
}

/// Ghi hồ sơ tự đánh giá Đơn vị học tập của từng đơn vị ("Bản tổng hợp kết quả đánh giá các
/// tiêu chí, chỉ tiêu") vào một thư mục: mỗi đơn vị một tệp Excel và một tệp HTML để in.
#[derive(Debug, Args)]
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

    /// Không in tóm tắt ra stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Gộp báo cáo JSON của nhiều lần chạy thành một báo cáo, như một lần chạy trên mọi tệp.
///
/// Mỗi lần chạy (`hoctap assess --format json`) đọc một phần dữ liệu, ở đâu cũng được. Số
/// đếm của từng đơn vị được cộng lại; tỷ lệ, mục tiêu, số cần thêm và mức độ Đơn vị học tập
/// được tính lại từ số đã cộng theo bộ tiêu chí. Hai giới hạn: một người có mặt trong hai
/// phần khác nhau không bị phát hiện trùng (trừ khi dữ liệu được chia theo mã định danh), và
/// các chỉ tiêu ĐVHT khai trong tệp đơn vị cần --units ở lệnh gộp.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Các báo cáo JSON của `hoctap assess --format json`, theo thứ tự các tệp được đọc.
    #[arg(required = true, value_name = "TỆP")]
    pub reports: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Tệp đơn vị, như ở `hoctap assess --units`.
    #[arg(long, value_name = "TỆP")]
    pub units: Option<PathBuf>,

    /// Dạng báo cáo đơn vị.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Ghi báo cáo vào tệp thay vì màn hình.
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Thêm BOM UTF-8 vào tệp CSV để Excel hiện đúng dấu tiếng Việt.
    #[arg(long)]
    pub bom: bool,

    /// Số phát hiện (lỗi, cảnh báo) tối đa in ra màn hình.
    #[arg(long, value_name = "N", default_value_t = 20)]
    pub max_findings: usize,

    /// Luôn trả mã thoát 0 khi chạy được.
    #[arg(long)]
    pub exit_zero: bool,

    /// Không in tóm tắt và phát hiện ra stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// In bộ tiêu chí đang dùng, hoặc kiểm tra một tệp tiêu chí.
#[derive(Debug, Args)]
pub struct CriteriaArgs {
    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Chỉ kiểm tra tệp tiêu chí này: báo lỗi kèm dòng và cột, mã thoát 2 nếu sai.
    #[arg(long, value_name = "TỆP", conflicts_with = "criteria")]
    pub check: Option<PathBuf>,
}

/// Ghi mẫu danh sách trống với đúng các cột bộ tiêu chí cần (CSV, hoặc Excel nếu `-o` có đuôi
/// .xlsx: kèm chú thích nội dung từng chỉ số và trang "Chỉ số").
#[derive(Debug, Args)]
pub struct TemplateArgs {
    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Ghi mẫu tệp đơn vị (--units) thay cho mẫu danh sách người.
    #[arg(long)]
    pub units: bool,

    /// Tệp để ghi (mặc định: màn hình).
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Thêm BOM UTF-8 để Excel hiện đúng dấu tiếng Việt.
    #[arg(long)]
    pub bom: bool,
}

/// Cho biết chương trình thấy gì trong tệp: định dạng, trang tính, bảng mã, dấu phân cách,
/// dòng tiêu đề, cột nào ứng với trường nào, cột bị bỏ qua, số dòng và các vấn đề đầu tiên.
/// Lệnh nên chạy đầu tiên khi một tệp không đọc được.
///
/// Mã thoát: 0 = đọc được, không dòng nào có lỗi; 1 = đọc được nhưng có dòng lỗi hoặc trùng;
/// 2 = có tệp không đọc được.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Các tệp (CSV, .xlsx, .xlsm, .xlsb, .xls, .ods), thư mục, hoặc `-` (stdin).
    #[arg(required = true, value_name = "TỆP")]
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Xem tệp như một tệp đơn vị (--units của assess) thay vì danh sách người.
    #[arg(long)]
    pub units: bool,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Số vấn đề đầu tiên in ra cho mỗi tệp.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_findings: usize,
}

fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "," => Ok(b','),
        ";" => Ok(b';'),
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        "|" => Ok(b'|'),
        _ => Err(format!("\"{s}\" không phải ký tự phân cách; dùng `,` `;` `tab` hoặc `|`")),
    }
}
