//! The option names (issue 13): one naming rule with the old names kept as hidden aliases,
//! one meaning per name, `--gan-dat=N`, the version line, completions, the man page and
//! `--color`.

use std::collections::HashMap;

use crate::support::*;

fn example(name: &str) -> String {
    format!("{}/examples/xa-gia-tran/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The binary with none of the colour variables of the test's own environment.
fn plain() -> assert_cmd::Command {
    let mut c = hoctap();
    c.env_remove("TERM");
    c
}

/// Status, stdout and stderr of one run.
fn run(args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = plain().args(args).output().unwrap();
    (out.status.code(), out.stdout, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// The renamed options, new name first: the old one must still work, hidden.
const RENAMED: [(&str, &str); 11] = [
    ("--tep-don-vi", "--units"),
    ("--tung-nguoi", "--persons"),
    ("--phat-hien", "--findings"),
    ("--dong-loi", "--rows-with-errors"),
    ("--trang", "--sheet"),
    ("--tieu-chi", "--criteria"),
    ("--so-phat-hien", "--max-findings"),
    ("--theo", "--by"),
    ("--kiem-tra", "--check"),
    ("--la-tep-don-vi", "--units"),
    ("--mau-tep-don-vi", "--units"),
];

#[test]
fn new_names_and_old_names_write_the_same_files() {
    let d = Dir::new();
    let roster = example("danh-sach.csv");
    let units = example("don-vi.csv");
    let mut outputs = Vec::new();
    for (tag, names) in [
        ("moi", ["--tep-don-vi", "--tung-nguoi", "--phat-hien", "--dong-loi", "--so-phat-hien"]),
        ("cu", ["--units", "--persons", "--findings", "--rows-with-errors", "--max-findings"]),
    ] {
        let files: Vec<String> = ["nguoi.csv", "ph.csv", "loi.csv"]
            .iter()
            .map(|f| d.path(&format!("{tag}-{f}")).to_string_lossy().into_owned())
            .collect();
        let (code, stdout, stderr) = run(&[
            "assess", &roster, names[0], &units, names[1], &files[0], names[2], &files[1], names[3], &files[2],
            names[4], "1", "--format", "csv",
        ]);
        assert_eq!(code, Some(1), "{tag}: {stderr}");
        let written: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
        assert!(written[0].len() > 1000, "{tag}: the per-person list has every row");
        outputs.push((stdout, stderr, written));
    }
    assert!(outputs[0] == outputs[1], "old and new names give different results");
}

#[test]
fn renamed_options_of_other_commands_keep_their_old_names() {
    let d = Dir::new();
    let roster = example("danh-sach.csv");
    let units = example("don-vi.csv");
    let book = d.path("mau.xlsx");
    plain().args(["template", "-o"]).arg(&book).assert().success();
    let book = book.to_string_lossy().into_owned();
    let toml = format!("{}/criteria/ninh-binh-2025.toml", env!("CARGO_MANIFEST_DIR"));
    let pairs: [(Vec<&str>, Vec<&str>); 7] = [
        (
            vec!["assess", &roster, "--tep-don-vi", &units, "--theo", "cap-hoc"],
            vec!["assess", &roster, "--units", &units, "--by", "cap-hoc"],
        ),
        (vec!["inspect", &book, "--trang", "1"], vec!["inspect", &book, "--sheet", "1"]),
        (vec!["criteria", "--tieu-chi", "dvht-tt22-2020"], vec!["criteria", "--criteria", "dvht-tt22-2020"]),
        (vec!["criteria", "--kiem-tra", &toml], vec!["criteria", "--check", &toml]),
        (vec!["inspect", &units, "--la-tep-don-vi"], vec!["inspect", &units, "--units"]),
        (vec!["template", "--mau-tep-don-vi"], vec!["template", "--units"]),
        (vec!["inspect", &roster, "--so-phat-hien", "1"], vec!["inspect", &roster, "--max-findings", "1"]),
    ];
    for (new, old) in pairs {
        let a = run(&new);
        assert!(matches!(a.0, Some(0 | 1)), "{new:?}: {}", a.2);
        assert_eq!(a, run(&old), "{new:?} and {old:?} differ");
    }
    // The unit file view and the template really are the unit file's, not the roster's.
    let (_, text, _) = run(&["template", "--mau-tep-don-vi"]);
    assert!(String::from_utf8(text).unwrap().starts_with("ma_don_vi,"));
}

/// Every long option the help shows, per subcommand, and whether it takes a value.
fn visible_options() -> HashMap<String, Vec<(String, bool)>> {
    let mut out: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    for sub in hoctap::cli::command().get_subcommands() {
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            if let Some(long) = arg.get_long() {
                let takes = arg.get_action().takes_values();
                out.entry(long.to_string()).or_default().push((sub.get_name().to_string(), takes));
            }
        }
    }
    out
}

#[test]
fn one_meaning_per_option_name_and_old_names_hidden() {
    let options = visible_options();
    for (name, uses) in &options {
        let takes: Vec<bool> = uses.iter().map(|(_, t)| *t).collect();
        assert!(
            takes.windows(2).all(|w| w[0] == w[1]),
            "--{name} is a flag in one command and takes a value in another: {uses:?}"
        );
    }
    // The help shows only the new names; the old ones still parse (tests above).
    for (new, old) in RENAMED {
        assert!(options.contains_key(new.trim_start_matches("--")), "{new} is not shown");
        assert!(!options.contains_key(old.trim_start_matches("--")), "{old} is still shown");
    }
    for sub in hoctap::cli::command().get_subcommands() {
        let (_, help, _) = run(&[sub.get_name(), "--help"]);
        let help = String::from_utf8(help).unwrap();
        for (_, old) in RENAMED {
            assert!(!help.contains(&format!("{old} ")), "{} --help shows {old}", sub.get_name());
        }
    }
}

#[test]
fn gan_dat_never_takes_a_file_name_as_its_number() {
    let d = Dir::new();
    let a = d.write("a.csv", std::fs::read(example("danh-sach.csv")).unwrap());
    // `--gan-dat` before a file: the file is read, and the list has the default ten per unit.
    let (code, out, err) = run(&["assess", "--gan-dat", a.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("Tóm tắt: 1 tệp, 161 dòng đọc"), "{err}");
    let all = String::from_utf8(out).unwrap().lines().count();
    // A number after a space is a file name, never the count.
    let (code, _, err) = run(&["assess", a.to_str().unwrap(), "--gan-dat", "3"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("--gan-dat=3"), "{err}");
    // `--gan-dat=N` is the count.
    let (code, out, err) = run(&["assess", a.to_str().unwrap(), "--gan-dat=1", "--format", "csv"]);
    assert_eq!(code, Some(1), "{err}");
    let one = String::from_utf8(out).unwrap().lines().count();
    assert!(one < all, "--gan-dat=1 lists fewer people ({one}) than the default ({all})");
}

#[test]
fn version_names_the_embedded_criteria_set() {
    let out = plain().arg("--version").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.trim_end(),
        format!("hoctap {} (bộ tiêu chí ninh-binh-2025, phiên bản 2025.1)", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_every_shell_know_the_vietnamese_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = plain().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for word in ["assess", "tep-don-vi", "gan-dat", "color"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        if shell != "bash" {
            // The shells that show descriptions show the Vietnamese ones.
            assert!(script.contains("Chấm điểm từng người"), "{shell}");
        }
    }
    // The bash script is valid bash, where bash is installed.
    if std::process::Command::new("bash").arg("--version").output().is_ok() {
        let d = Dir::new();
        let script = d.write("hoctap.bash", plain().args(["completions", "bash"]).output().unwrap().stdout);
        let check = std::process::Command::new("bash").arg("-n").arg(&script).output().unwrap();
        assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    }
    let (code, _, err) = run(&["completions", "cmd"]);
    assert!(code == Some(2) && err.contains("không hợp lệ"), "{err}");
}

#[test]
fn the_man_page_has_every_command_in_vietnamese_and_is_reproducible() {
    let d = Dir::new();
    let path = d.path("hoctap.1");
    plain().args(["man", "-o"]).arg(&path).assert().success();
    let page = d.read("hoctap.1");
    assert!(page.contains(".TH HOCTAP 1"), "{page}");
    assert!(page.contains("bộ tiêu chí ninh\\-binh\\-2025"), "the version line");
    for sub in hoctap::cli::command().get_subcommands() {
        let heading = format!(".SH \"LỆNH {}\"", sub.get_name().to_uppercase());
        assert!(page.contains(&heading), "no {heading}");
    }
    for word in ["\\-\\-tep\\-don\\-vi", "\\-\\-gan\\-dat", "Ví dụ:", ".SH \"CÁCH DÙNG\"", ".SS \"TÙY CHỌN\""] {
        assert!(page.contains(word), "no {word}");
    }
    for english in [
        ".SH NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        ".SH OPTIONS",
        "EXTRA",
        ".SH VERSION",
        "Possible values",
        "default",
        "(1)",
    ] {
        assert!(!page.contains(english), "English \"{english}\" in the man page");
    }
    // Where groff is installed, the page is valid roff: no warning at all.
    if let Ok(check) =
        std::process::Command::new("groff").args(["-k", "-man", "-Tutf8", "-ww", "-z"]).arg(&path).output()
    {
        assert!(check.status.success() && check.stderr.is_empty(), "{}", String::from_utf8_lossy(&check.stderr));
    }
    // To the screen, the same page, byte for byte.
    let (code, screen, _) = run(&["man"]);
    assert_eq!(code, Some(0));
    assert_eq!(screen, std::fs::read(&path).unwrap());
}

/// Whether the unit table printed to stdout (a pipe here, never a terminal) has colour codes.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let mut c = plain();
    c.args(["assess", &example("danh-sach.csv"), "-q"]).args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{args:?} {env:?}");
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("THCS-GT"), "a table");
    table.contains('\u{1b}')
}

#[test]
fn colour_follows_the_flag_then_no_color_clicolor_force_and_term() {
    // auto, into a pipe: no colour.
    assert!(!coloured(&[], &[]));
    assert!(!coloured(&["--color", "auto"], &[("TERM", "xterm-256color")]));
    // CLICOLOR_FORCE colours even a pipe, unless it is 0 or NO_COLOR is set.
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "0")]));
    assert!(!coloured(&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    // Forced colour is forced on a dumb terminal too.
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
    // The flag wins over every variable.
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    // Colour is for the screen only: a table written to a file never has it.
    let d = Dir::new();
    let file = d.path("bang.txt");
    plain().args(["assess", &example("danh-sach.csv"), "-q", "--color", "always", "-o"]).arg(&file).assert().code(1);
    assert!(!d.read("bang.txt").contains('\u{1b}'));
}
