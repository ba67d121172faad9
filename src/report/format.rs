//! The one place that decides how an output is written: its format (from `--format` or the
//! file's extension), whether it goes to a file or to the screen, and the BOM and colour.
//! Every command asks [`Output::resolve`]; no renderer looks at a file name.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Bảng cho người đọc trên màn hình.
    Table,
    Csv,
    Json,
    /// Một tệp HTML tự chứa (in ra PDF được); cũng chọn khi -o kết thúc bằng .html
    Html,
    /// Sổ Excel; cần `-o TỆP.xlsx`.
    Xlsx,
}

/// How to split report rows into groups (`--theo`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupBy {
    /// Cấp học
    CapHoc,
    /// Xã/phường
    XaPhuong,
    /// Cấp quản lý (Sở GDĐT, UBND xã/phường)
    QuanLy,
}

/// Extensions of files hoctap reads or that look like reports but cannot be written: naming
/// one for an output is a mistake, never a silent CSV with the wrong name.
const UNWRITABLE: [&str; 8] = ["xls", "xlsm", "xlsb", "ods", "pdf", "doc", "docx", "odt"];

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
        }
    }

    /// The format a file name asks for: `None` when the extension names no format (a table
    /// then goes into the file as text).
    pub fn of_path(path: &Path) -> Result<Option<Format>> {
        let Some(ext) = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()) else {
            return Ok(None);
        };
        Ok(match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "html" | "htm" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            e if UNWRITABLE.contains(&e) => {
                bail!("hoctap không ghi được tệp .{e} ({}); hãy đặt đuôi .xlsx, .csv, .json hoặc .html", path.display())
            }
            _ => None,
        })
    }
}

/// Where an output goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Stdout,
    File(PathBuf),
}

impl Destination {
    pub fn path(&self) -> Option<&Path> {
        match self {
            Destination::Stdout => None,
            Destination::File(p) => Some(p),
        }
    }
}

/// What one output accepts: its formats (the first is the default) and whether `-` or no file
/// (the screen) is allowed. `option` names it in messages (`-o`, `--tung-nguoi`).
#[derive(Debug, Clone, Copy)]
pub struct Accepts {
    pub option: &'static str,
    pub formats: &'static [Format],
    pub stdout: bool,
}

/// An output with its format and destination settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub format: Format,
    pub to: Destination,
}

impl Output {
    /// Settles an output from `--format` (if the command has one) and the file named (`None`
    /// or `-` for the screen). A flag and an extension that disagree, an extension hoctap
    /// cannot write, a format this output has not, and the screen where it is not allowed are
    /// errors that say what to do.
    pub fn resolve(flag: Option<Format>, path: Option<&Path>, accepts: Accepts) -> Result<Output> {
        let to = match path {
            Some(p) if p.as_os_str() != "-" => Destination::File(p.to_path_buf()),
            _ => Destination::Stdout,
        };
        if to == Destination::Stdout && !accepts.stdout {
            bail!("{} cần tên tệp: `-` (màn hình) không dùng được ở đây", accepts.option);
        }
        let from_name = match to.path() {
            Some(p) => Format::of_path(p)?,
            None => None,
        };
        let format = match (flag, from_name) {
            (Some(f), Some(n)) if f != n => {
                if n == Format::Xlsx {
                    bail!(
                        "tệp .xlsx là báo cáo Excel; bỏ --format hoặc đặt tên tệp .{} cho báo cáo dạng {}",
                        f.name(),
                        f.name()
                    );
                }
                bail!("--format {} không khớp đuôi tệp {}; bỏ một trong hai", f.name(), to_text(&to))
            }
            (Some(f), _) => f,
            (None, Some(n)) => n,
            (None, None) => accepts.formats[0],
        };
        if !accepts.formats.contains(&format) {
            let names: Vec<&str> = accepts.formats.iter().map(|f| f.name()).collect();
            bail!("{} không ghi được dạng {}; các dạng có: {}", accepts.option, format.name(), names.join(", "));
        }
        if format == Format::Xlsx && to == Destination::Stdout {
            bail!("báo cáo Excel cần tên tệp: thêm -o bao-cao.xlsx");
        }
        Ok(Output { format, to })
    }

    /// The format and file of an output that goes to a file.
    pub fn file(&self) -> Option<(Format, &Path)> {
        self.to.path().map(|p| (self.format, p))
    }

    /// The settings every renderer gets, decided here once: a BOM only in CSV that asked for
    /// it, colour only in a table on the screen when [`use_color`] allows it.
    pub fn render_options(&self, bom: bool, color: ColorChoice, stdout_is_terminal: bool) -> RenderOptions {
        RenderOptions {
            bom: bom && self.format == Format::Csv,
            color: self.format == Format::Table
                && self.to == Destination::Stdout
                && use_color(color, stdout_is_terminal),
        }
    }
}

fn to_text(to: &Destination) -> String {
    to.path().map_or_else(|| "-".to_string(), |p| p.display().to_string())
}

/// `--color`: whether tables and the progress line on the screen are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ColorChoice {
    /// Tô màu khi in ra màn hình (terminal), trừ khi NO_COLOR hoặc TERM=dumb; CLICOLOR_FORCE
    /// bật màu cả khi không phải màn hình.
    #[default]
    Auto,
    /// Luôn tô màu.
    Always,
    /// Không bao giờ tô màu.
    Never,
}

/// The environment variables the colour decision reads (<https://no-color.org>,
/// <https://bixense.com/clicolors/>).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ColorEnv {
    /// `NO_COLOR` set and not empty.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` set, not empty and not `0`.
    pub clicolor_force: bool,
    /// `TERM=dumb`: a terminal that shows escape codes as text.
    pub dumb: bool,
}

impl ColorEnv {
    pub fn current() -> ColorEnv {
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        ColorEnv {
            no_color: set("NO_COLOR").is_some(),
            clicolor_force: set("CLICOLOR_FORCE").is_some_and(|v| v != "0"),
            dumb: std::env::var_os("TERM").is_some_and(|v| v == "dumb"),
        }
    }

    /// The one rule: `--color always|never` wins; under `auto`, NO_COLOR turns colour off
    /// (before CLICOLOR_FORCE, since it is the reader's own wish), CLICOLOR_FORCE turns it on
    /// even into a file or pipe, and otherwise only a terminal that is not `dumb` is coloured.
    pub fn decide(self, choice: ColorChoice, stream_is_terminal: bool) -> bool {
        match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if self.no_color => false,
            ColorChoice::Auto if self.clicolor_force => true,
            ColorChoice::Auto => stream_is_terminal && !self.dumb,
        }
    }
}

/// Whether to colour what goes to a stream (stdout for tables, stderr for the progress line),
/// from `--color` and the environment of this process.
pub fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    ColorEnv::current().decide(choice, stream_is_terminal)
}

/// How a renderer writes, decided once by [`Output::render_options`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderOptions {
    pub bom: bool,
    pub color: bool,
}

/// Every format a report of units or people can take.
pub const ALL: &[Format] = &[Format::Table, Format::Csv, Format::Json, Format::Html, Format::Xlsx];

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: Accepts = Accepts { option: "-o", formats: ALL, stdout: true };
    const FILE_ONLY: Accepts =
        Accepts { option: "--tung-nguoi", formats: &[Format::Csv, Format::Json, Format::Xlsx], stdout: false };

    fn fmt(flag: Option<Format>, path: Option<&str>, a: Accepts) -> Result<Format> {
        Output::resolve(flag, path.map(Path::new), a).map(|o| o.format)
    }

    #[test]
    fn the_extension_decides_when_no_flag_is_given() {
        assert_eq!(fmt(None, Some("out.csv"), REPORT).unwrap(), Format::Csv);
        assert_eq!(fmt(None, Some("out.JSON"), REPORT).unwrap(), Format::Json);
        assert_eq!(fmt(None, Some("out.htm"), REPORT).unwrap(), Format::Html);
        assert_eq!(fmt(None, Some("out.xlsx"), REPORT).unwrap(), Format::Xlsx);
        assert_eq!(fmt(None, Some("out"), REPORT).unwrap(), Format::Table);
        assert_eq!(fmt(None, None, REPORT).unwrap(), Format::Table);
        assert_eq!(fmt(None, Some("p.xlsx"), FILE_ONLY).unwrap(), Format::Xlsx);
        assert_eq!(fmt(None, Some("p"), FILE_ONLY).unwrap(), Format::Csv);
    }

    #[test]
    fn wrong_choices_are_errors() {
        for bad in ["mau.xls", "x.ods", "x.pdf"] {
            let e = fmt(None, Some(bad), REPORT).unwrap_err().to_string();
            assert!(e.contains("không ghi được tệp"), "{bad}: {e}");
        }
        assert!(fmt(Some(Format::Csv), Some("x.json"), REPORT).is_err());
        assert!(fmt(Some(Format::Csv), Some("x.xlsx"), REPORT).unwrap_err().to_string().contains("bỏ --format"));
        assert!(fmt(Some(Format::Xlsx), None, REPORT).unwrap_err().to_string().contains("cần tên tệp"));
        assert!(fmt(None, Some("-"), FILE_ONLY).unwrap_err().to_string().contains("--tung-nguoi cần tên tệp"));
        assert!(fmt(None, Some("p.html"), FILE_ONLY).unwrap_err().to_string().contains("không ghi được dạng html"));
        assert_eq!(fmt(Some(Format::Csv), Some("x.csv"), REPORT).unwrap(), Format::Csv);
    }

    #[test]
    fn bom_and_colour_are_decided_once() {
        let csv = Output::resolve(None, Some(Path::new("a.csv")), REPORT).unwrap();
        assert_eq!(csv.render_options(true, ColorChoice::Auto, true), RenderOptions { bom: true, color: false });
        let json = Output::resolve(None, Some(Path::new("a.json")), REPORT).unwrap();
        assert!(!json.render_options(true, ColorChoice::Auto, true).bom);
        let file_table = Output::resolve(None, Some(Path::new("a.txt")), REPORT).unwrap();
        assert!(!file_table.render_options(false, ColorChoice::Always, true).color);
        let screen = Output::resolve(None, None, REPORT).unwrap();
        assert!(screen.render_options(false, ColorChoice::Always, false).color);
        assert!(!screen.render_options(false, ColorChoice::Never, true).color);
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment() {
        use ColorChoice::*;
        let plain = ColorEnv::default();
        let no_color = ColorEnv { no_color: true, ..plain };
        let force = ColorEnv { clicolor_force: true, ..plain };
        let dumb = ColorEnv { dumb: true, ..plain };
        // auto: a terminal is coloured, a file or pipe is not.
        assert!(plain.decide(Auto, true));
        assert!(!plain.decide(Auto, false));
        // NO_COLOR turns colour off on a terminal, and wins over CLICOLOR_FORCE.
        assert!(!no_color.decide(Auto, true));
        assert!(!ColorEnv { clicolor_force: true, ..no_color }.decide(Auto, true));
        // CLICOLOR_FORCE colours a pipe, and a dumb terminal.
        assert!(force.decide(Auto, false));
        assert!(ColorEnv { dumb: true, ..force }.decide(Auto, true));
        // TERM=dumb: no colour on a terminal.
        assert!(!dumb.decide(Auto, true));
        // The flag wins over every variable.
        for env in [plain, no_color, force, dumb] {
            assert!(env.decide(Always, false), "{env:?}");
            assert!(!env.decide(Never, true), "{env:?}");
        }
    }
}
