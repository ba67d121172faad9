//! `hoctap merge`: several runs' JSON reports in, one report out, as if one run had read
//! every file. For provinces and nations sharded over days or machines.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;

use super::{load_criteria, use_color};
use crate::ExitStatus;
use crate::cli::{MergeArgs, ReportArgs};
use crate::commands::assess::{read_units, summary_text};
use crate::input::reports::merge_reports;
use crate::output::{check_not_input, write_output};
use crate::report::{self, views};

pub fn run(args: &MergeArgs) -> Result<ExitStatus> {
    let criteria = load_criteria(&args.criteria)?;
    let mut inputs: Vec<&Path> = args.reports.iter().map(|p| p.as_path()).collect();
    if let Some(u) = &args.units {
        inputs.push(u);
    }
    if let Some(out) = &args.output {
        check_not_input(out, &inputs)?;
    }
    let reports: Vec<&Path> = args.reports.iter().map(|p| p.as_path()).collect();
    let run = merge_reports(&criteria, &reports)?;

    let units = read_units(args.units.as_deref(), &criteria, &Default::default())?;
    let (unit_file, unit_summary) = match units {
        Some((f, s)) => (Some(f), Some(s)),
        None => (None, None),
    };
    let report = report::build(&criteria, run, unit_file.as_ref(), unit_summary);
    // The same views as `assess` (table, CSV, JSON, HTML, Excel); the Excel report has no
    // people sheet rows, since a merge reads no roster.
    let view = views::View::choose(&ReportArgs::default(), args.format, args.output.as_deref())?;
    let bytes = match view {
        views::View::Xlsx => report::xlsx::XlsxReport::new(&criteria)?.finish(&report)?,
        _ => {
            let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
            views::render(view, &ReportArgs::default(), &criteria, &report, use_color(to_terminal), args.bom)
        }
    };
    write_output(args.output.as_deref(), &bytes)?;
    if !args.quiet {
        eprint!("{}", summary_text(&report, args.max_findings));
    }
    Ok(if args.exit_zero || report.all_passed() { ExitStatus::Passed } else { ExitStatus::Failed })
}
