//! The layer rule of docs/ARCHITECTURE.md: each module of `src/` imports only modules of its
//! own layer or of layers below it, and no subcommand imports another. A `crate::` path in
//! code (comments aside) that points upwards fails this test, naming the file and the line.

use std::path::Path;

/// Layers from the bottom up; a module may use its own layer and those before it.
const LAYERS: &[&[&str]] = &[
    &["number", "text", "date", "crash", "progress", "io_message", "trickle"],
    &["model"],
    &["criteria"],
    &["input"],
    &["scoring"],
    &["aggregate"],
    &["pipeline"],
    &["report", "output", "privacy"],
    &["session"],
    &["commands"],
    &["cli_vi", "desktop"],
    &["cli", "harness"],
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level modules a line of code names through `crate::`, including `use crate::{a, b}`.
fn targets(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                out.push(name);
            }
        } else {
            out.push(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// Every breach of the rule in one file, given its path under `src/` and its text.
fn breaches(relative: &Path, text: &str) -> Vec<String> {
    let mut parts = relative.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string());
    let Some(module) = parts.next() else { return Vec::new() };
    let sub = parts.next();
    let Some(own) = rank(&module) else {
        // lib.rs and main.rs sit above every layer.
        return match module.as_str() {
            "lib" | "main" => Vec::new(),
            _ => vec![format!("{}: module `{module}` is in no layer of tests/cli/layers.rs", relative.display())],
        };
    };
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        for target in targets(line) {
            match rank(&target) {
                Some(r) if r > own => found.push(format!(
                    "{}:{}: layer `{module}` uses the higher layer `{target}`",
                    relative.display(),
                    n + 1
                )),
                _ => {}
            }
        }
        // Subcommands share only what `commands/mod.rs` and `commands/args.rs` hold.
        if module == "commands" && sub.as_deref().is_some_and(|s| s != "mod" && s != "args") {
            let code = line.split("//").next().unwrap_or("");
            for other in command_uses(code) {
                if Some(other.as_str()) != sub.as_deref() {
                    found.push(format!(
                        "{}:{}: subcommand `{}` uses subcommand `{other}`",
                        relative.display(),
                        n + 1,
                        sub.as_deref().unwrap_or("")
                    ));
                }
            }
        }
    }
    found
}

/// The subcommand modules a line names through `crate::commands::x` or `super::x`.
fn command_uses(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    for prefix in ["crate::commands::", "super::"] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            rest = &rest[at + prefix.len()..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && name != "args" && name.chars().next().is_some_and(char::is_lowercase) {
                // `super::load_criteria` is a function of commands/mod.rs, not a subcommand.
                if rest[name.len()..].starts_with("::") {
                    out.push(name);
                }
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "src/ should hold the crate");
    let mut all = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        all.extend(breaches(f.strip_prefix(&src).unwrap(), &text));
    }
    assert!(all.is_empty(), "layer rule broken:\n{}", all.join("\n"));
}

#[test]
fn the_layer_check_sees_an_upward_import() {
    let bad = "use crate::model::PersonRow;\nuse crate::{text, report::Report};\n";
    let found = breaches(Path::new("input/person.rs"), bad);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("input/person.rs:2") && found[0].contains("`report`"), "{found:?}");
    // A comment naming a higher layer is not an import.
    assert!(breaches(Path::new("scoring/mod.rs"), "/// see [`crate::report`]\n").is_empty());
    assert_eq!(breaches(Path::new("commands/merge.rs"), "use super::assess::prepare;\n").len(), 1);
    assert!(breaches(Path::new("commands/merge.rs"), "use super::load_criteria;\n").is_empty());
    assert_eq!(breaches(Path::new("newthing.rs"), "").len(), 1);
}
