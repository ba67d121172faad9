//! `hoctap template`: a blank roster (or unit file) with the headers the criteria expect.

use anyhow::Result;

use super::load_criteria;
use crate::ExitStatus;
use clap::Args;

use super::args::{CriteriaChoice, OutputArgs};
use crate::model::mark::OutputKind;
use crate::output::write_output;
use crate::report::format::{Accepts, Format, Output};
use crate::report::render;
use crate::report::sheet::{Column, Sheet};

/// Ghi mẫu danh sách trống với đúng các cột bộ tiêu chí cần (CSV, hoặc Excel nếu `-o` có đuôi
/// .xlsx: kèm chú thích nội dung từng chỉ số và trang "Chỉ số").
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap template -o mau-danh-sach.xlsx
  hoctap template --mau-tep-don-vi -o mau-don-vi.xlsx")]
pub struct TemplateArgs {
    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Ghi mẫu tệp đơn vị (--tep-don-vi) thay cho mẫu danh sách người.
    #[arg(long = "mau-tep-don-vi", alias = "units")]
    pub units: bool,

    /// Tệp để ghi (mặc định: màn hình): CSV, hoặc Excel nếu đuôi .xlsx.
    #[command(flatten)]
    pub out: OutputArgs,
}

pub use crate::report::template_xlsx::{roster_headers, unit_headers};

pub fn run(args: &TemplateArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let formats = &[Format::Csv, Format::Xlsx];
    let out =
        Output::resolve(args.out.format, args.out.output.as_deref(), Accepts { option: "-o", formats, stdout: true })?;
    let bytes = match (out.format, args.units) {
        (Format::Xlsx, true) => crate::report::template_xlsx::units(&criteria)?,
        (Format::Xlsx, false) => crate::report::template_xlsx::roster(&criteria)?,
        (format, units) => {
            let headers = if units { unit_headers(&criteria) } else { roster_headers(&criteria) };
            // A blank template: the header row and no mark, since a filled one is a roster.
            let columns = headers.iter().map(|h| Column::new(h.as_str(), h.as_str())).collect();
            let sheet = Sheet::new(OutputKind::Template, "Mẫu", columns);
            render::render(format, &sheet, out.render_options(args.out.bom, args.out.color, false))?
        }
    };
    write_output(out.to.path(), &bytes)?;
    Ok(ExitStatus::Passed)
}
