//! The command line in Vietnamese: clap's help headings, usage line, built-in flags and
//! argument errors. clap words its own texts in English; officers read none of them.
//!
//! [`localize`] rewrites a `clap::Command` tree (help template, headings, the help and version
//! flags); [`error_message`] words a `clap::Error` from its kind and context. Both know clap
//! only; `cli::parse` puts them together.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

const OPTIONS: &str = "Tùy chọn";
const ARGUMENTS: &str = "Đối số";
const COMMANDS: &str = "Lệnh";

/// Help as every command shows it: about, usage, arguments grouped under Vietnamese headings,
/// then the long text after (examples).
const TEMPLATE: &str = "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}";

/// Rewrites the whole tree: every command's template and headings, and Vietnamese help and
/// version flags in place of clap's.
pub fn localize(cmd: Command) -> Command {
    let root = cmd.get_name().to_string();
    localize_one(cmd, &root, true)
}

fn localize_one(cmd: Command, path: &str, root: bool) -> Command {
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading(COMMANDS)
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In trợ giúp (-h: bản tóm tắt)")
                .global(false),
        );
    if root {
        cmd = cmd
            .disable_version_flag(true)
            .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help("In số phiên bản"));
    }
    cmd = cmd.mut_args(|a| {
        let a = vietnamese_notes(a);
        if a.get_help_heading().is_some() {
            a
        } else if a.is_positional() {
            a.help_heading(ARGUMENTS)
        } else {
            a.help_heading(OPTIONS)
        }
    });
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        let sub_path = format!("{path} {name}");
        cmd = cmd.mut_subcommand(&name, |s| localize_one(s, &sub_path, false));
    }
    // clap's usage line says "[OPTIONS]" and "<COMMAND>": render it, then reword those two.
    let mut built = cmd.clone();
    built.build();
    let usage = built.render_usage().to_string();
    let usage = usage.trim_start_matches("Usage:").trim();
    let usage = usage.replace("[OPTIONS]", "[TÙY_CHỌN]").replace("<COMMAND>", "<LỆNH>");
    // A subcommand's usage starts with its own name: the whole command line reads better.
    let usage = match usage.split_once(' ') {
        Some((_, rest)) if !root => format!("{path} {rest}"),
        _ => usage,
    };
    cmd.override_usage(usage)
}

/// clap notes "[default: 20]" and "[possible values: …]" in English: the same notes, worded in
/// Vietnamese inside the help text instead.
fn vietnamese_notes(a: Arg) -> Arg {
    // Flags (true/false) carry no note.
    if !a.get_action().takes_values() {
        return a;
    }
    let mut notes = Vec::new();
    let defaults: Vec<String> = a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if !defaults.is_empty() && !a.is_hide_default_value_set() {
        notes.push(format!("mặc định: {}", defaults.join(", ")));
    }
    let values: Vec<String> =
        a.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
    if !values.is_empty() && !a.is_hide_possible_values_set() {
        notes.push(format!("giá trị: {}", values.join(", ")));
    }
    if notes.is_empty() {
        return a;
    }
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let long = a.get_long_help().map(|h| h.to_string());
    let note = format!(" [{}]", notes.join("; "));
    let a = a.hide_default_value(true).hide_possible_values(true).help(format!("{help}{note}"));
    match long {
        Some(l) => a.long_help(format!("{l}{note}")),
        None => a,
    }
}

/// The error in Vietnamese, with the usage line and where to read more. Help and version
/// "errors" (the flags) are not errors and are printed as clap renders them.
pub fn error_message(err: &clap::Error) -> String {
    let arg = || context(err, ContextKind::InvalidArg);
    let value = || context(err, ContextKind::InvalidValue);
    let mut text = match err.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(err, ContextKind::ValidValue);
            let mut s = match value().as_deref() {
                Some("") | None => format!("{} cần một giá trị", arg().unwrap_or_default()),
                Some(v) => format!("giá trị \"{v}\" không hợp lệ cho {}", arg().unwrap_or_default()),
            };
            if let Some(valid) = valid {
                s.push_str(&format!("; giá trị chấp nhận: {valid}"));
            }
            s
        }
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(err).map(|e| e.to_string()).unwrap_or_default();
            let mut s =
                format!("giá trị \"{}\" không hợp lệ cho {}", value().unwrap_or_default(), arg().unwrap_or_default());
            if !reason.is_empty() {
                s.push_str(&format!(": {reason}"));
            }
            s
        }
        ErrorKind::UnknownArgument => {
            let mut s = format!("không có tùy chọn \"{}\"", arg().unwrap_or_default());
            if let Some(suggest) = context(err, ContextKind::SuggestedArg) {
                s.push_str(&format!("; có phải ý bạn là \"{suggest}\"?"));
            }
            s
        }
        ErrorKind::InvalidSubcommand => {
            let mut s =
                format!("không có lệnh \"{}\"", context(err, ContextKind::InvalidSubcommand).unwrap_or_default());
            if let Some(suggest) = context(err, ContextKind::SuggestedSubcommand) {
                s.push_str(&format!("; có phải ý bạn là \"{suggest}\"?"));
            }
            s
        }
        ErrorKind::NoEquals => {
            format!(
                "{} phải viết liền giá trị bằng dấu =, ví dụ {}=3",
                arg().unwrap_or_default(),
                arg().unwrap_or_default()
            )
        }
        ErrorKind::TooManyValues => {
            format!("thừa giá trị \"{}\" cho {}", value().unwrap_or_default(), arg().unwrap_or_default())
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho {} không đúng", arg().unwrap_or_default())
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(err, ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng {} cùng với {prior}", arg().unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => {
            format!("thiếu đối số bắt buộc: {}", arg().unwrap_or_default())
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh (ví dụ: assess)".to_string()
        }
        ErrorKind::InvalidUtf8 => "đối số có ký tự không phải UTF-8".to_string(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => return err.to_string(),
        _ => "sai cách gọi lệnh".to_string(),
    };
    text.insert_str(0, "lỗi: ");
    if let Some(usage) = context(err, ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim().to_string();
        text.push_str(&format!("\n\nCách dùng: {usage}\n\nXem thêm: thêm --help sau lệnh để đọc hướng dẫn."));
    }
    text.push('\n');
    text
}

fn context(err: &clap::Error, kind: ContextKind) -> Option<String> {
    match err.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(", ")),
        ContextValue::Number(n) => Some(n.to_string()),
        ContextValue::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Words clap writes on its own, which must never reach an officer.
#[cfg(test)]
pub(crate) const ENGLISH: [&str; 12] = [
    "Usage",
    "Options",
    "Arguments",
    "Commands",
    "Print help",
    "Print version",
    "error:",
    "tip:",
    "unexpected",
    "invalid value",
    "For more information",
    "required",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Command {
        Command::new("hoctap").about("Đánh giá").version("1.0").subcommand_required(true).subcommand(
            Command::new("assess")
                .about("Chấm điểm")
                .arg(Arg::new("files").value_name("TỆP").required(true).num_args(1..))
                .arg(Arg::new("n").long("gan-dat").value_parser(clap::value_parser!(usize)).require_equals(true))
                .arg(Arg::new("format").long("format").value_parser(["table", "csv"])),
        )
    }

    fn help(args: &[&str]) -> String {
        let err = localize(sample()).try_get_matches_from(args).expect_err("help is an early exit");
        assert_eq!(err.kind(), ErrorKind::DisplayHelp);
        err.render().to_string()
    }

    fn error(args: &[&str]) -> String {
        let err = localize(sample()).try_get_matches_from(args).expect_err("a wrong call");
        error_message(&err)
    }

    fn assert_vietnamese(text: &str) {
        for word in ENGLISH {
            assert!(!text.contains(word), "English \"{word}\" in:\n{text}");
        }
    }

    #[test]
    fn help_has_vietnamese_headings_and_usage() {
        let root = help(&["hoctap", "--help"]);
        assert!(root.contains("Cách dùng: hoctap <LỆNH>"), "{root}");
        assert!(root.contains("Lệnh:"), "{root}");
        assert!(root.contains("In trợ giúp"), "{root}");
        assert_vietnamese(&root);
        let sub = help(&["hoctap", "assess", "--help"]);
        assert!(sub.contains("Đối số:") && sub.contains("Tùy chọn:"), "{sub}");
        assert_vietnamese(&sub);
    }

    #[test]
    fn errors_are_vietnamese() {
        for (args, expected) in [
            (&["hoctap", "assess", "a.csv", "--bogus"][..], "không có tùy chọn \"--bogus\""),
            (&["hoctap", "asess"][..], "không có lệnh \"asess\""),
            (&["hoctap", "assess", "a.csv", "--format", "pdf"][..], "giá trị \"pdf\" không hợp lệ cho --format"),
            (&["hoctap", "assess", "a.csv", "--gan-dat=x"][..], "giá trị \"x\" không hợp lệ cho --gan-dat"),
            (&["hoctap", "assess"][..], "thiếu đối số bắt buộc"),
            (&["hoctap", "assess", "a.csv", "--gan-dat", "3"][..], "phải viết liền giá trị bằng dấu ="),
        ] {
            let text = error(args);
            assert!(text.contains(expected), "{args:?} gave:\n{text}");
            assert_vietnamese(&text);
        }
    }
}
