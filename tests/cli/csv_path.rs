//! The CSV path (issue 16): records parsed in one loop that also enforces the limits and gives
//! each record's line; duplicates across many files, ranges and threads; the SHA-256 of each
//! input as standard tools compute it.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::support::*;

/// A roster of `rows` teachers of `unit`, where every 50th person's name is a quoted cell over
/// two lines, a blank line follows every 70th row, and the row with id `bad` has a score that
/// is not a number. Returns the text and the line (as an editor shows it) of the `bad` row.
fn tricky_roster(unit: &str, rows: usize, bad: usize) -> (String, u64) {
    let mut text = format!("{HEADER}\n");
    let mut line = 2;
    let mut bad_line = 0;
    for i in 0..rows {
        let mut scores = scores_for(90);
        if i == bad {
            scores[2] = "abc".into();
            bad_line = line;
        }
        let id = format!("{unit}{i:05}");
        let name = if i % 50 == 7 { format!("\"Người\n{id}\"") } else { format!("Người {id}") };
        text.push_str(&format!("{id},{name},{unit},Đơn vị {unit},Giáo viên,,,{}\n", scores.join(",")));
        line += 1 + u64::from(i % 50 == 7);
        if i % 70 == 3 {
            text.push('\n');
            line += 1;
        }
    }
    (text, bad_line)
}

fn json_report(files: &[PathBuf], extra: &[&str]) -> serde_json::Value {
    let out = hoctap()
        .arg("assess")
        .args(files)
        .args(["-q", "--exit-zero", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The lines of the error findings of `file`.
fn error_lines(report: &serde_json::Value, file: &Path) -> Vec<u64> {
    report["phat_hien"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["tep"].as_str() == Some(&file.display().to_string()) && f["muc_do"] == "Lỗi")
        .map(|f| f["dong"].as_u64().unwrap())
        .collect()
}

#[test]
fn lines_after_quoted_multiline_cells_and_blank_lines_come_from_the_parser() {
    let d = Dir::new();
    let (text, bad_line) = tricky_roster("U", 3000, 2900);
    assert!(bad_line > 2900 + 58 + 41, "the quoted cells and blank lines moved it: {bad_line}");
    let lf = d.write("lf.csv", &text);
    let crlf = d.write("crlf.csv", text.replace('\n', "\r\n"));
    for file in [&lf, &crlf] {
        for extra in [&["--threads", "1"][..], &["--threads", "2", "--part-size", "40000"]] {
            let report = json_report(std::slice::from_ref(file), extra);
            assert_eq!(error_lines(&report, file), [bad_line], "{} {extra:?}", file.display());
        }
    }
    // A plain file read in ranges: the lines of the later ranges continue those before.
    let (plain, plain_bad) = {
        let mut text = format!("{HEADER}\n");
        for i in 0..3000 {
            let mut scores = scores_for(90);
            if i == 2500 {
                scores[0] = "x".into();
            }
            text.push_str(&row(&format!("P{i:05}"), "P", "Giáo viên", &scores));
            text.push('\n');
        }
        (d.write("plain.csv", text), 2502)
    };
    let report = json_report(std::slice::from_ref(&plain), &["--threads", "2", "--part-size", "40000"]);
    assert_eq!(error_lines(&report, &plain), [plain_bad]);
}

fn refusal(file: &Path, extra: &[&str]) -> String {
    let out = hoctap().arg("assess").arg(file).arg("-q").args(extra).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("lỗi: ") && !stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn limits_refuse_an_overlong_field_and_too_many_columns_naming_the_records_line() {
    let d = Dir::new();
    let (text, _) = tricky_roster("U", 200, usize::MAX);
    // The header, 200 rows (four of them over two lines) and three blank lines: the next
    // record is on line 209.
    let next = 1 + 200 + 4 + 3 + 1;
    let long = d.write("long.csv", format!("{text}X,\"{}\"\n", "y".repeat(1 << 20)));
    let wide = d.write("wide.csv", format!("{text}{}\n", ",".repeat(16_384)));
    let fits = d.write("fits.csv", format!("{text}{}\n", ",".repeat(16_383)));
    for extra in [&["--threads", "1"][..], &["--threads", "2", "--part-size", "20000"]] {
        let stderr = refusal(&long, extra);
        assert!(stderr.contains(&format!("dòng {next}: một dòng dài hơn 1 MiB")), "{stderr}");
        let stderr = refusal(&wide, extra);
        assert!(stderr.contains(&format!("dòng {next}: một dòng có hơn 16384 cột")), "{stderr}");
    }
    // 16,384 columns are an Excel sheet's width: read (the row is not a person).
    let out = hoctap().arg("assess").arg(&fits).args(["-q", "--exit-zero"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Twelve files of units `K00`..`K11`: each repeats, unchanged, ten people of the file before
/// (plain duplicates), and the person `CONFLICT` appears in three of them with different
/// units and scores.
fn many_files(d: &Dir) -> Vec<PathBuf> {
    (0..12)
        .map(|f| {
            let unit = format!("K{f:02}");
            let mut text = format!("{HEADER}\n");
            for i in 0..400 {
                text.push_str(&row(&format!("{f:02}{i:04}"), &unit, "Giáo viên", &scores_for(90)));
                text.push('\n');
            }
            if f > 0 {
                let before = format!("K{:02}", f - 1);
                for i in 0..10 {
                    text.push_str(&row(&format!("{:02}{i:04}", f - 1), &before, "Giáo viên", &scores_for(90)));
                    text.push('\n');
                }
            }
            if [3, 7, 10].contains(&f) {
                text.push_str(&row("CONFLICT", &unit, "Giáo viên", &scores_for(60 + f as u32)));
                text.push('\n');
            }
            d.write(&format!("f{f:02}.csv"), text)
        })
        .collect()
}

#[test]
fn duplicates_across_many_files_threads_and_ranges_do_not_depend_on_the_order() {
    let d = Dir::new();
    let files = many_files(&d);
    let one = json_report(&files, &["--threads", "1"]);
    let two = json_report(&files, &["--threads", "2", "--part-size", "8000"]);
    assert_eq!(one, two, "threads and ranges change nothing");
    let unit = |v: &serde_json::Value, code: &str| {
        let u = v["don_vi"].as_array().unwrap().iter().find(|u| u["ma_don_vi"] == code).unwrap().clone();
        (u["so_nguoi"].as_u64().unwrap(), u["so_trung"].as_u64().unwrap(), u["so_loi"].as_u64().unwrap())
    };
    // K03 is the first unit code among the conflicting copies: counted there once, as Lỗi
    // (its ten repeats of K02's people are duplicates); the other copies are duplicates.
    assert_eq!(unit(&one, "K03"), (401, 10, 1));
    assert_eq!(unit(&one, "K07"), (400, 11, 0));
    assert_eq!(unit(&one, "K10"), (400, 11, 0));
    assert_eq!(unit(&one, "K05"), (400, 10, 0), "ten plain repeats of K04's people");
    let conflict: Vec<&str> = one["phat_hien"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["gia_tri"] == "CONFLICT")
        .map(|f| f["thong_bao"].as_str().unwrap())
        .collect();
    assert_eq!(conflict.len(), 3, "every copy is listed");
    for message in &conflict {
        assert!(message.contains("có 3 bản ghi khác nhau"), "{message}");
        assert!(message.contains("là Lỗi, ở đơn vị K03"), "{message}");
        for code in ["K03", "K07", "K10"] {
            assert!(message.contains(&format!("(đơn vị {code})")), "{message}");
        }
    }
    // Given in reverse order, the unit report is the same, byte for byte.
    let units = |files: &[PathBuf]| {
        let out = hoctap()
            .arg("assess")
            .args(files)
            .args(["-q", "--exit-zero", "--format", "csv", "--threads", "2"])
            .output()
            .unwrap();
        out.stdout
    };
    let reversed: Vec<PathBuf> = files.iter().rev().cloned().collect();
    assert_eq!(units(&files), units(&reversed));
}

fn sha256_of(path: &Path) -> String {
    let digest = Sha256::digest(std::fs::read(path).unwrap());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn the_sha256_of_each_input_is_the_one_standard_tools_give() {
    let d = Dir::new();
    let (text, _) = tricky_roster("S", 3000, usize::MAX);
    let small = d.write("small.csv", roster("T", 3, 1));
    let big = d.write("big.csv", &text);
    let bom = d.write("bom.csv", format!("\u{feff}{}", text.replace('\n', "\r\n")));
    for extra in [&["--threads", "1"][..], &["--threads", "2", "--part-size", "30000"]] {
        let report = json_report(&[small.clone(), big.clone(), bom.clone()], extra);
        let sums: Vec<&str> = report["tep"].as_array().unwrap().iter().map(|t| t["sha256"].as_str().unwrap()).collect();
        let expected: Vec<String> = [&small, &big, &bom].iter().map(|p| sha256_of(p)).collect();
        assert_eq!(sums, expected, "{extra:?}");
        // The command officers have, where there is one.
        if let Ok(out) = std::process::Command::new("sha256sum").arg(&big).output() {
            let tool = String::from_utf8_lossy(&out.stdout);
            assert_eq!(tool.split_whitespace().next(), Some(sums[1]));
        }
    }
}

/// One copy of an id: its file, line, the place as a message names it from `b.csv` ("dòng L"
/// or "dòng L tệp a.csv"), its total, and whether a score is not a number.
struct Placed {
    file: PathBuf,
    line: u64,
    place: String,
    total: u32,
    broken: bool,
}

/// Two files of 12-digit ids: `a.csv` (800 people) and `b.csv` (15,000 rows), in which every
/// 7th row from the 5,000th on repeats a person of b.csv's first rows, every 97th repeats a
/// person of a.csv, and a few copies come back with other scores. Every 50th person has a
/// score that is not a number, in every copy. Returns the files and each id's copies.
fn repeating_files(d: &Dir) -> (Vec<PathBuf>, std::collections::HashMap<String, Vec<Placed>>) {
    let id = |i: usize| format!("{:012}", 37_100_000_000usize + i * 7919);
    let scores = |person: usize, total: u32| {
        let mut s = scores_for(total);
        if person % 50 == 3 {
            s[2] = "abc".into();
        }
        s
    };
    let mut copies: std::collections::HashMap<String, Vec<Placed>> = std::collections::HashMap::new();
    let (a_path, b_path) = (d.path("a.csv"), d.path("b.csv"));
    let mut a = format!("{HEADER}\n");
    for i in 0..800 {
        a.push_str(&row(&id(i), "KA", "Giáo viên", &scores(i, 90)));
        a.push('\n');
        let line = i as u64 + 2;
        let place = format!("dòng {line} tệp {}", a_path.display());
        let copy = Placed { file: a_path.clone(), line, place, total: 90, broken: i % 50 == 3 };
        copies.entry(id(i)).or_default().push(copy);
    }
    let mut b = format!("{HEADER}\n");
    for i in 0..15_000 {
        // a.csv's people come back in their own unit, unchanged: plain repeats.
        let (person, unit, total) = match i {
            i if i >= 5_000 && i % 97 == 0 => (i % 800, "KA", 90),
            i if i >= 5_000 && i % 7 == 0 => (1_000 + i % 4_000, "KB", if i % 1_001 == 0 { 70 } else { 90 }),
            i => (1_000 + i, "KB", 90),
        };
        b.push_str(&row(&id(person), unit, "Giáo viên", &scores(person, total)));
        b.push('\n');
        let line = i as u64 + 2;
        let copy =
            Placed { file: b_path.clone(), line, place: format!("dòng {line}"), total, broken: person % 50 == 3 };
        copies.entry(id(person)).or_default().push(copy);
    }
    std::fs::write(&a_path, a).unwrap();
    std::fs::write(&b_path, b).unwrap();
    (vec![a_path, b_path], copies)
}

#[test]
fn the_first_copy_of_an_id_wins_across_files_ranges_and_shards() {
    let d = Dir::new();
    let (files, copies) = repeating_files(&d);
    let size = std::fs::metadata(&files[1]).unwrap().len();
    let one = json_report(&files, &["--threads", "1"]);
    // Three ranges of about 5,000 rows: each one's ids are split by shard; a.csv's are not.
    let part = (size / 3 + 1).to_string();
    let two = json_report(&files, &["--threads", "2", "--part-size", &part]);
    assert_eq!(one, two, "ranges and threads change nothing");
    let out = hoctap()
        .arg("assess")
        .args(&files)
        .args(["-q", "--exit-zero", "--format", "json", "--part-size", "60000"])
        .env("RAYON_NUM_THREADS", "3")
        .output()
        .unwrap();
    let three: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one, three, "three threads, twenty ranges");
    let (mut repeats, mut conflicts) = (0, 0);
    let mut cell_errors = std::collections::HashSet::new();
    for f in one["phat_hien"].as_array().unwrap() {
        let (id, message) = (f["gia_tri"].as_str().unwrap(), f["thong_bao"].as_str().unwrap());
        if message.contains("bản ghi khác nhau") {
            conflicts += 1;
        } else if let Some(rest) = message.strip_prefix(&format!("trùng mã định danh {id} với ")) {
            // Every copy of a plain repeat points at the first copy.
            assert_eq!(rest.strip_suffix("; không tính lại"), Some(&*copies[id][0].place), "{message}");
            repeats += 1;
        } else if f["muc_do"] == "Lỗi" {
            cell_errors.insert((PathBuf::from(f["tep"].as_str().unwrap()), f["dong"].as_u64().unwrap()));
        }
    }
    let agree = |c: &[Placed]| c.iter().all(|p| p.total == c[0].total);
    let expected_repeats: usize = copies.values().filter(|c| agree(c)).map(|c| c.len() - 1).sum();
    let expected_conflicts: usize = copies.values().filter(|c| !agree(c)).map(Vec::len).sum();
    assert!(expected_repeats > 1_000 && expected_conflicts > 10);
    assert_eq!((repeats, conflicts), (expected_repeats, expected_conflicts));
    // A broken score is reported once per person, on the copy the run counts: the first.
    let expected_errors: std::collections::HashSet<(PathBuf, u64)> =
        copies.values().filter(|c| agree(c) && c[0].broken).map(|c| (c[0].file.clone(), c[0].line)).collect();
    assert!(expected_errors.iter().any(|(f, _)| f == &files[0]) && expected_errors.len() > 100);
    assert_eq!(cell_errors, expected_errors);
}

#[test]
fn the_checksum_of_a_file_read_in_many_ranges_is_the_files() {
    let d = Dir::new();
    // No line end inside a quoted cell: every range starts at a record.
    let file = d.write("many.csv", format!("\u{feff}{}", roster("R", 11_000, 1_000)));
    let expected = sha256_of(&file);
    // About thirty ranges, read by two and by three threads: readers run ahead of the
    // checksum, which re-reads what they passed.
    for (threads, env) in [("2", None), ("0", Some("3"))] {
        let mut cmd = hoctap();
        cmd.arg("assess").arg(&file).args(["-q", "--exit-zero", "--format", "json", "--part-size", "40000"]);
        cmd.args(["--threads", threads]);
        if let Some(n) = env {
            cmd.env("RAYON_NUM_THREADS", n);
        }
        let out = cmd.output().unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["tep"][0]["sha256"].as_str(), Some(expected.as_str()), "{threads} {env:?}");
        assert_eq!(report["tep"][0]["so_dong"].as_u64(), Some(12_000));
    }
}

#[test]
fn each_person_written_is_the_same_whether_a_file_is_read_in_ranges_or_not() {
    let d = Dir::new();
    let (files, _) = repeating_files(&d);
    let part = (std::fs::metadata(&files[1]).unwrap().len() / 3 + 1).to_string();
    let run = |extra: &[&str], people: &str| {
        let people = d.path(people);
        let report = json_report(&files, &[extra, &["--tung-nguoi", people.to_str().unwrap()]].concat());
        (report, std::fs::read_to_string(people).unwrap())
    };
    let (one, one_people) = run(&["--threads", "1"], "one.csv");
    let (two, two_people) = run(&["--threads", "2", "--part-size", &part], "two.csv");
    // The conflicts are settled by a first reading (in ranges), whose places the second
    // reading, row by row, must find.
    assert!(one_people.contains("có 2 bản ghi khác nhau"));
    assert_eq!(one, two);
    assert_eq!(one_people, two_people);
}
