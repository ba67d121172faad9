//! Argument groups more than one subcommand takes, defined once and flattened into each
//! command's own arguments.

use std::path::PathBuf;

use clap::Args;

use crate::report::format::{ColorChoice, Format};

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
    #[arg(long = "tep-don-vi", alias = "units", value_name = "TỆP")]
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
    #[arg(long = "trang", alias = "sheet", value_name = "TÊN|SỐ")]
    pub sheet: Option<String>,
}

/// Bộ tiêu chí dùng cho lần chạy.
#[derive(Debug, Args, Clone)]
pub struct CriteriaChoice {
    /// Tệp tiêu chí TOML, hoặc mã một bộ nhúng sẵn (ninh-binh-2025, dvht-tt22-2020), dùng thay
    /// cho bộ mặc định (criteria/ninh-binh-2025.toml).
    #[arg(long = "tieu-chi", alias = "criteria", value_name = "TỆP")]
    pub criteria: Option<PathBuf>,
}

/// Where the command's result goes and in which form; the form is settled once by
/// `report::format::Output::resolve`.
#[derive(Debug, Args, Clone, Default)]
pub struct OutputArgs {
    /// Dạng kết quả (mặc định: theo đuôi tệp của -o: .csv .json .html .xlsx; không có đuôi thì
    /// bảng).
    #[arg(long, value_enum, value_name = "DẠNG")]
    pub format: Option<Format>,

    /// Ghi kết quả vào tệp thay vì màn hình.
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,

    /// Thêm BOM UTF-8 vào tệp CSV để Excel hiện đúng dấu tiếng Việt.
    #[arg(long)]
    pub bom: bool,

    /// Tô màu bảng và dòng tiến độ; auto: chỉ khi in ra màn hình, tắt bởi NO_COLOR hoặc
    /// TERM=dumb, bật cả vào tệp bởi CLICOLOR_FORCE.
    #[arg(long, value_enum, value_name = "KHI", default_value = "auto")]
    pub color: ColorChoice,
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

/// Who issues and signs the printed papers (heading and signature blocks); a name not given
/// is left as a dotted line to write by hand.
#[derive(Debug, Args, Clone, Default)]
pub struct PaperNames {
    /// Cơ quan chủ quản in ở góc trái tiêu đề, ví dụ "UBND xã Gia Viễn".
    #[arg(long, value_name = "TÊN")]
    pub co_quan: Option<String>,

    /// Đơn vị lập báo cáo, in dưới cơ quan chủ quản, ví dụ "Trường THCS Gia Hòa".
    #[arg(long, value_name = "TÊN")]
    pub don_vi_lap: Option<String>,

    /// Địa danh của dòng ngày tháng, ví dụ "Gia Viễn".
    #[arg(long, value_name = "TÊN")]
    pub dia_danh: Option<String>,

    /// Họ tên người lập biểu (khối chữ ký).
    #[arg(long, value_name = "HỌ_TÊN")]
    pub nguoi_lap: Option<String>,

    /// Họ tên thủ trưởng đơn vị (khối chữ ký).
    #[arg(long, value_name = "HỌ_TÊN")]
    pub thu_truong: Option<String>,
}

impl PaperNames {
    /// The names as the report layer takes them, for the year `nam`.
    pub fn paper(&self, nam: Option<u16>) -> crate::report::paper::Paper {
        crate::report::paper::Paper {
            co_quan: self.co_quan.clone(),
            don_vi: self.don_vi_lap.clone(),
            dia_danh: self.dia_danh.clone(),
            nguoi_lap: self.nguoi_lap.clone(),
            thu_truong: self.thu_truong.clone(),
            nam,
        }
    }
}

/// The printed papers of `assess`: who issues and signs them, and the recognition list.
#[derive(Debug, Args, Clone, Default)]
pub struct PaperArgs {
    #[command(flatten)]
    pub names: PaperNames,

    /// Ghi danh sách đề nghị công nhận "Công dân học tập" (toàn bộ và từng đơn vị, có ngày
    /// sinh, giới tính, lớp / chức vụ), kèm danh sách người chưa đạt và điều còn thiếu: Excel
    /// (.xlsx) hoặc HTML để in (.html).
    #[arg(long, value_name = "TỆP")]
    pub danh_sach_cong_nhan: Option<PathBuf>,
}

impl PaperArgs {
    /// The names as the report layer takes them, for the year `nam`.
    pub fn paper(&self, nam: Option<u16>) -> crate::report::paper::Paper {
        self.names.paper(nam)
    }
}
