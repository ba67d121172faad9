//! `hoctap completions SHELL` and `hoctap man`: the shell completions and the manual page,
//! both generated from the command tree the program parses with (given by `cli`), so they show
//! the same Vietnamese help and option names as `--help`.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::Shell;

use crate::ExitStatus;
use crate::output::write_output;

/// In đoạn mã gợi ý lệnh (bấm Tab) cho một shell: bash, zsh, fish, powershell, elvish.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap completions bash > ~/.local/share/bash-completion/completions/hoctap
  hoctap completions zsh > ~/.zfunc/_hoctap
  hoctap completions powershell >> $PROFILE")]
pub struct CompletionsArgs {
    /// Shell cần gợi ý lệnh.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// Ghi trang hướng dẫn (man page) của hoctap, gồm mọi lệnh và tùy chọn.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap man -o hoctap.1
  hoctap man | man -l -")]
pub struct ManArgs {
    /// Tệp để ghi (mặc định: màn hình).
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,
}

pub fn run(args: &CompletionsArgs, mut tree: clap::Command) -> Result<ExitStatus> {
    let mut script = Vec::new();
    let name = tree.get_name().to_string();
    clap_complete::generate(args.shell, &mut tree, name, &mut script);
    write_output(None, &script)?;
    Ok(ExitStatus::Passed)
}

pub fn man(args: &ManArgs, tree: clap::Command) -> Result<ExitStatus> {
    let page = man_page(tree).context("không tạo được trang hướng dẫn")?;
    write_output(args.output.as_deref(), &page)?;
    Ok(ExitStatus::Passed)
}

/// clap_mangen's own section titles, in Vietnamese (its option sections already carry the
/// tree's Vietnamese headings).
const TITLES: [(&str, &str); 6] = [
    ("NAME", "TÊN"),
    ("SYNOPSIS", "\"CÁCH DÙNG\""),
    ("DESCRIPTION", "\"MÔ TẢ\""),
    ("EXTRA", "\"VÍ DỤ\""),
    ("VERSION", "\"PHIÊN BẢN\""),
    ("Lệnh", "LỆNH"),
];

/// The lines every roff text clap_mangen renders starts with; the page needs them once.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// One page: the program, then every subcommand's description, usage, options and examples
/// as subsections. No date, so the same program always writes the same page.
fn man_page(tree: clap::Command) -> std::io::Result<Vec<u8>> {
    let version = tree.get_version().map(|v| v.to_string()).unwrap_or_default();
    let mut out = Vec::new();
    clap_mangen::Man::new(tree.clone()).render(&mut out)?;
    for sub in tree.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{} {}", tree.get_name(), sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().bin_name(&name));
        let mut part = format!(".SH \"LỆNH {}\"\n", sub.get_name().to_uppercase()).into_bytes();
        let mut sections = Vec::new();
        page.render_description_section(&mut sections)?;
        page.render_synopsis_section(&mut sections)?;
        page.render_options_section(&mut sections)?;
        if sub.get_after_help().is_some() {
            page.render_extra_section(&mut sections)?;
        }
        // A subcommand's sections sit under its own heading.
        let sections = String::from_utf8_lossy(&sections).replace(PREAMBLE, "").replace(".SH ", ".SS ");
        part.extend_from_slice(sections.as_bytes());
        out.extend(part);
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    // The title line with an empty date (clap_mangen drops an empty field, which shifts the
    // others), the version as the source and a Vietnamese manual name.
    if let Some(start) = text.find(".TH ") {
        let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
        let title = format!(".TH HOCTAP 1 \"\" \"hoctap {version}\" \"Hướng dẫn hoctap\"");
        text.replace_range(start..end, &title);
    }
    // The program's one-line description already starts with its name.
    let root = tree.get_name();
    text = text.replacen(&format!("{root} \\- {root} — "), &format!("{root} \\- "), 1);
    // The list of subcommands points to pages of their own; here they are sections.
    for sub in tree.get_subcommands() {
        let root = tree.get_name();
        let name = sub.get_name().replace('-', "\\-");
        text = text.replace(&format!("{root}\\-{name}(1)"), &format!("\\fB{root} {name}\\fR"));
    }
    for (english, vietnamese) in TITLES {
        for macro_ in [".SH", ".SS"] {
            text = text.replace(&format!("{macro_} {english}\n"), &format!("{macro_} {vietnamese}\n"));
        }
    }
    Ok(text.into_bytes())
}
