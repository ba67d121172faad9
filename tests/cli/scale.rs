//! Issue 5: many files read in parallel give the same bytes as one thread; shuffled rows the
//! same unit report; a repeat of an earlier file's id is a duplicate whichever file finishes
//! first; `merge` of shards equals one run; the progress line only on a terminal.

use std::path::PathBuf;

use crate::support::*;

#[path = "../../examples/gen_roster/synth.rs"]
#[allow(dead_code)]
mod synth;

/// A synthetic province of `people` rows, written as `files` CSV files holding whole units
/// (file order = unit order).
fn province(d: &Dir, people: u64, seed: u64, files: usize, stem: &str) -> Vec<PathBuf> {
    let mut roster = synth::Roster::new(people, seed);
    let units = roster.units.len();
    let mut rows: Vec<Vec<Vec<String>>> = vec![Vec::new(); files];
    let mut row = Vec::new();
    while roster.next_row(&mut row) {
        rows[roster.current_unit() * files / units].push(row.clone());
    }
    rows.iter().enumerate().map(|(i, r)| write_roster(d, &format!("{stem}-{i}.csv"), r)).collect()
}

fn all_rows(people: u64, seed: u64) -> Vec<Vec<String>> {
    let mut roster = synth::Roster::new(people, seed);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    while roster.next_row(&mut row) {
        rows.push(row.clone());
    }
    rows
}

fn write_roster(d: &Dir, name: &str, rows: &[Vec<String>]) -> PathBuf {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(synth::HEADER).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    d.write(name, w.into_inner().unwrap())
}

fn run_bytes(files: &[PathBuf], extra: &[&str], env: Option<(&str, &str)>) -> Vec<u8> {
    let mut c = hoctap();
    c.arg("assess").args(files).args(["-q", "--exit-zero"]).args(extra);
    if let Some((k, v)) = env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

#[test]
fn issue_5_threads_do_not_change_a_byte() {
    let d = Dir::new();
    let files = province(&d, 24_000, 7, 5, "p");
    let json = |extra: &[&str], env| run_bytes(&files, &[&["--format", "json"], extra].concat(), env);
    let one = json(&["--threads", "1"], None);
    assert_eq!(one, json(&["--threads", "4"], None), "1 thread and 4 threads");
    assert_eq!(one, json(&["--threads", "4", "--part-size", "65536"], None), "each file read as byte ranges");
    assert_eq!(one, json(&[], Some(("RAYON_NUM_THREADS", "3"))), "RAYON_NUM_THREADS=3");

    // The data exercises what ordering could break: duplicates across files, with the
    // repeated row named in its own file and the first one in an earlier file.
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert!(v["tong"]["so_trung"].as_u64().unwrap() > 0);
    assert!(v["tong"]["so_loi"].as_u64().unwrap() > 0);
    let across = v["phat_hien"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["thong_bao"].as_str().unwrap().contains(" tệp "))
        .count();
    assert!(across > 0, "some duplicate repeats a row of an earlier file");

    // Per-person output keeps input order and final results whatever the threads.
    let persons = |threads: &str| {
        let out = d.path(&format!("persons-{threads}.csv"));
        run_bytes(&files, &["--threads", threads, "--persons", out.to_str().unwrap()], None);
        std::fs::read(out).unwrap()
    };
    assert_eq!(persons("1"), persons("4"));
}

#[test]
fn issue_5_shuffled_rows_give_the_same_unit_report() {
    let d = Dir::new();
    let mut rows = all_rows(15_000, 11);
    // Without repeated ids, the order of rows cannot matter.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| r[0].is_empty() || seen.insert(r[0].clone()));
    let original = write_roster(&d, "in-order.csv", &rows);
    let mut rng = synth::Rng::new(99);
    for i in (1..rows.len()).rev() {
        let j = rng.range(0, i as u64) as usize;
        rows.swap(i, j);
    }
    let shuffled = write_roster(&d, "shuffled.csv", &rows);
    assert_ne!(std::fs::read(&original).unwrap(), std::fs::read(&shuffled).unwrap());
    let a = run_bytes(&[original], &["--format", "csv"], None);
    let b = run_bytes(&[shuffled], &["--format", "csv"], None);
    assert!(a.len() > 1000);
    assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
}

#[test]
fn issue_5_a_repeat_of_an_earlier_file_is_a_duplicate_whichever_finishes_first() {
    let d = Dir::new();
    // A is long, so B is done first when files are read in parallel.
    let mut a = format!("{HEADER}\n{}\n", row("X9", "UA", "Giáo viên", &scores_for(90)));
    for i in 0..5000 {
        a += &row(&format!("A{i}"), "UA", "Học sinh", &scores_for(85));
        a += "\n";
    }
    let a = d.write("a.csv", a);
    // In B, X9 first appears on an invalid row (its problem must not be reported: the row is
    // a duplicate), then again (a repeat within B of a repeat of A).
    let mut blank = scores_for(90);
    blank[3] = String::new();
    let b = d.write(
        "b.csv",
        format!(
            "{HEADER}\n{}\n{}\n{}\n",
            row("B1", "UB", "Giáo viên", &scores_for(90)),
            row("x9", "UB", "Giáo viên", &blank),
            row("X9 ", "UB", "Giáo viên", &scores_for(60)),
        ),
    );
    let files = [a.clone(), b.clone()];
    let four = run_bytes(&files, &["--format", "json", "--threads", "4"], None);
    assert_eq!(four, run_bytes(&files, &["--format", "json", "--threads", "1"], None));
    let v: serde_json::Value = serde_json::from_slice(&four).unwrap();
    let ub = v["don_vi"].as_array().unwrap().iter().find(|u| u["ma_don_vi"] == "UB").unwrap();
    assert_eq!((ub["so_nguoi"].as_u64(), ub["so_trung"].as_u64(), ub["so_loi"].as_u64()), (Some(1), Some(2), Some(0)));
    let findings: Vec<(u64, String)> = v["phat_hien"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["tep"].as_str().unwrap().ends_with("b.csv"))
        .map(|f| (f["dong"].as_u64().unwrap(), f["thong_bao"].as_str().unwrap().to_string()))
        .collect();
    let a_name = a.display().to_string();
    // The three copies disagree: a conflict, listed on each copy with every place, and
    // counted once as Lỗi in UA (the first unit code), whichever file finishes first.
    assert_eq!(findings.iter().map(|f| f.0).collect::<Vec<_>>(), [3, 4]);
    for ((_, message), id) in findings.iter().zip(["x9", "X9"]) {
        assert!(message.starts_with(&format!("mã định danh {id} có 3 bản ghi khác nhau")), "{message}");
        assert!(
            message.contains(&format!("dòng 2 tệp {a_name} (đơn vị UA), dòng 3 (đơn vị UB), dòng 4 (đơn vị UB)")),
            "{message}"
        );
        assert!(message.contains("là Lỗi, ở đơn vị UA"), "{message}");
    }
    let ua = v["don_vi"].as_array().unwrap().iter().find(|u| u["ma_don_vi"] == "UA").unwrap();
    assert_eq!((ua["so_nguoi"].as_u64(), ua["so_loi"].as_u64()), (Some(5001), Some(1)));
    let p = persons(&d, &[a.as_path(), b.as_path()], &["--threads", "4"]);
    assert_eq!(p["x9"]["ket_qua"], "Trùng");
    let order = parse_csv(&d.read("persons.csv")).into_iter().map(|r| r["ma_dinh_danh"].clone()).collect::<Vec<_>>();
    assert_eq!(&order[..2], ["X9", "A0"]);
    assert_eq!(&order[order.len() - 3..], ["B1", "x9", "X9"]);
}

/// Deals rows into shards by id, as a national run would partition its people.
fn shards_by_id(d: &Dir, rows: &[Vec<String>], n: usize) -> Vec<PathBuf> {
    let mut parts = vec![Vec::new(); n];
    for r in rows {
        let key: String = r[0].chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        let h = key.bytes().fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
        parts[(h % n as u64) as usize].push(r.clone());
    }
    parts.iter().enumerate().map(|(i, p)| write_roster(d, &format!("shard-{i}.csv"), p)).collect()
}

fn unit_file(d: &Dir, rows: &[Vec<String>]) -> PathBuf {
    let codes = ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "3.3", "3.4", "3.5", "3.6", "M2-2.1", "M2-2.2"];
    let mut text = format!("ma_don_vi,ten_don_vi,{}\n", codes.join(","));
    let mut units: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    units.dedup();
    for (i, u) in units.iter().enumerate() {
        let value = if i % 4 == 0 { "Không đạt" } else { "Đạt" };
        text += &format!("{u},,{}\n", vec![value; codes.len()].join(","));
    }
    d.write("don-vi.csv", text)
}

fn merge(reports: &[PathBuf], extra: &[&str]) -> std::process::Output {
    hoctap().arg("merge").args(reports).args(["-q", "--exit-zero"]).args(extra).output().unwrap()
}

#[test]
fn issue_5_merge_of_shards_equals_one_run() {
    let d = Dir::new();
    let rows = all_rows(12_000, 5);
    let shards = shards_by_id(&d, &rows, 3);
    let units = unit_file(&d, &rows);
    let units = units.to_str().unwrap();
    let reports: Vec<PathBuf> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let out = d.path(&format!("r{i}.json"));
            run_bytes(std::slice::from_ref(s), &["--format", "json", "-o", out.to_str().unwrap()], None);
            out
        })
        .collect();
    for extra in [&[][..], &["--units", units][..]] {
        let one = run_bytes(&shards, &[&["--format", "csv"], extra].concat(), None);
        let merged = merge(&reports, &[&["--format", "csv"], extra].concat());
        assert_eq!(merged.status.code(), Some(0), "{}", String::from_utf8_lossy(&merged.stderr));
        assert_eq!(String::from_utf8(merged.stdout).unwrap(), String::from_utf8(one.clone()).unwrap());
        let rows = parse_csv(&String::from_utf8(one).unwrap());
        assert!(rows.len() > 10);
        assert!(rows.iter().any(|r| r["so_trung"] != "0"), "duplicates stay inside a shard and are found");
        assert!(rows.iter().any(|r| r["dat_muc_tieu"] == "Chưa đạt"));
    }
    // JSON: the same units, totals and counts; findings of every shard.
    let one: serde_json::Value = serde_json::from_slice(&run_bytes(&shards, &["--format", "json"], None)).unwrap();
    let merged: serde_json::Value = serde_json::from_slice(&merge(&reports, &["--format", "json"]).stdout).unwrap();
    for key in ["don_vi", "tong", "tong_hop", "tep"] {
        assert_eq!(one[key], merged[key], "{key}");
    }
    assert_eq!(one["phat_hien"].as_array().unwrap().len(), merged["phat_hien"].as_array().unwrap().len());
}

#[test]
fn issue_5_merge_refuses_other_criteria_and_counting_twice() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 10, 0));
    let r = d.path("r.json");
    hoctap().args(["assess", "-q", "--format", "json", "-o"]).arg(&r).arg(&f).assert().code(0);
    let out = merge(&[r.clone(), r.clone()], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gộp sẽ đếm những người này hai lần"));

    let toml = hoctap::criteria::EMBEDDED_TOML.replace("ty_le = 97", "ty_le = 95");
    let c = d.write("c.toml", toml);
    let out = merge(std::slice::from_ref(&r), &["--criteria", c.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("bộ tiêu chí khác"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let not_report = d.write("x.json", "{\"a\": 1}");
    let out = merge(&[not_report], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("không phải báo cáo JSON"));

    // The merged target is recomputed, not copied: 10/10 passes 97% either way, 30/31 not.
    let g = d.write("g.csv", roster("U", 20, 1));
    let rg = d.path("g.json");
    hoctap().args(["assess", "-q", "--exit-zero", "--format", "json", "-o"]).arg(&rg).arg(&g).assert().code(0);
    let out = merge(&[r, rg], &["--format", "csv"]);
    let rows = parse_csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!((rows[0]["so_nguoi"].as_str(), rows[0]["so_dat"].as_str()), ("31", "30"));
    assert_eq!(
        (rows[0]["ty_le"].as_str(), rows[0]["dat_muc_tieu"].as_str(), rows[0]["can_them"].as_str()),
        ("96.77", "Chưa đạt", "1")
    );
}

/// Runs `hoctap` under a pseudo-terminal (util-linux `script`), with its input arriving
/// slowly enough that the run lasts past the moment the progress line appears.
fn on_terminal(d: &Dir, extra: &str, env: &str) -> String {
    let roster = d.write("slow.csv", roster("U", 300, 0));
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let cmd = format!(
        "(head -c 2000 {r}; sleep 1.6; tail -c +2001 {r}) | {env} {bin} assess - --format csv -o {out} {extra}",
        r = roster.display(),
        bin = bin.display(),
        out = d.path("o.csv").display(),
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output()
        .expect("util-linux `script` runs the command under a terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text without its colour codes (`ESC [ … m`).
fn without_colours(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match rest.find('m') {
            Some(j) if rest[2..j].bytes().all(|b| b.is_ascii_digit() || b == b';') => rest = &rest[j + 1..],
            _ => {
                out.push('\u{1b}');
                rest = &rest[1..];
            }
        }
    }
    out + rest
}

#[test]
fn issue_5_progress_only_on_a_terminal_and_not_when_quiet() {
    let d = Dir::new();
    // The line reads "0/1 tệp: 300 dòng (180.2/s), 2s"; the summary has no "dòng (".
    let coloured = on_terminal(&d, "", "");
    let shown = without_colours(&coloured);
    assert!(coloured.contains("\u{1b}[36m"), "{coloured:?}");
    assert!(shown.contains("tệp: 300 dòng ("), "{shown:?}");
    assert!(shown.contains("Tóm tắt"), "{shown:?}");
    let quiet = on_terminal(&d, "-q", "");
    assert!(!quiet.contains("dòng ("), "{quiet:?}");
    let plain = on_terminal(&d, "", "NO_COLOR=1");
    assert!(plain.contains("tệp: 300 dòng (") && !plain.contains("\u{1b}[36m"), "{plain:?}");
    // Not a terminal: stderr holds the summary and nothing else.
    let f = d.write("r.csv", roster("U", 5, 0));
    let out = hoctap().args(["assess", "--format", "csv"]).arg(&f).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.starts_with("Tóm tắt") && !stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn issue_5_byte_ranges_survive_quoted_newlines_crlf_and_a_bom() {
    let d = Dir::new();
    let mut rows = all_rows(6_000, 3);
    // Names with a line break inside quotes: some range boundaries fall inside a cell.
    for (i, r) in rows.iter_mut().enumerate() {
        if i % 7 == 0 {
            r[1] = format!("{}\ntổ {}", r[1], i % 5);
        }
    }
    // Blank lines between some records: line numbers must count them the same way whether
    // the file is read in one pass or in ranges.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(synth::HEADER).unwrap();
    let mut text = String::from_utf8(w.into_inner().unwrap()).unwrap();
    for (i, r) in rows.iter().enumerate() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(r).unwrap();
        text += &String::from_utf8(w.into_inner().unwrap()).unwrap();
        if i % 13 == 0 {
            text.push('\n');
        }
    }
    let lf = d.write("lf.csv", &text);
    let crlf = d.write("crlf.csv", text.replace('\n', "\r\n"));
    let bom = d.write("bom.csv", format!("\u{feff}{text}"));
    for f in [lf, crlf, bom] {
        let files = [f];
        let one = run_bytes(&files, &["--format", "json", "--threads", "1"], None);
        for part in ["4096", "20000", "65536"] {
            let many = run_bytes(&files, &["--format", "json", "--threads", "3", "--part-size", part], None);
            assert_eq!(
                String::from_utf8_lossy(&one),
                String::from_utf8_lossy(&many),
                "{} in parts of {part}",
                files[0].display()
            );
        }
        let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
        assert_eq!(v["tong_hop"]["so_dong_doc"], 6_000);
        let lines = v["phat_hien"].as_array().unwrap().iter().filter(|f| f["dong"].as_u64() > Some(1000)).count();
        assert!(lines > 0, "findings far into the file, after blank lines, are compared too");
    }
}

#[test]
fn byte_ranges_keep_group_title_rows_split_names_and_trailing_notes_as_one_pass() {
    let d = Dir::new();
    let rows = all_rows(6_000, 5);
    // The name in two columns ("Họ đệm", "Tên"), a group-title row with no person every 400
    // rows (a Lỗi row, with one message), and signature lines after the last person (notes,
    // not people).
    let mut header: Vec<String> = synth::HEADER.iter().map(|h| h.to_string()).collect();
    header.splice(1..2, ["Họ đệm".to_string(), "Tên".to_string()]);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header).unwrap();
    let blank_row = |label: &str| {
        let mut r = vec![String::new(); header.len()];
        r[1] = label.to_string();
        r
    };
    for (i, r) in rows.iter().enumerate() {
        if i % 400 == 0 {
            w.write_record(blank_row(&format!("NHÓM {}", i / 400 + 1))).unwrap();
        }
        let (last, first) = r[1].rsplit_once(' ').unwrap_or(("", &r[1]));
        let mut split = r.clone();
        split.splice(1..2, [last.to_string(), first.to_string()]);
        w.write_record(&split).unwrap();
    }
    for note in ["Người lập biểu", "HIỆU TRƯỞNG", "(Ký, ghi rõ họ tên)"] {
        w.write_record(blank_row(note)).unwrap();
    }
    let f = d.write("split.csv", w.into_inner().unwrap());
    let files = [f];
    let one = run_bytes(&files, &["--format", "json", "--threads", "1"], None);
    for part in ["4096", "30000"] {
        let many = run_bytes(&files, &["--format", "json", "--threads", "3", "--part-size", part], None);
        assert_eq!(String::from_utf8_lossy(&one), String::from_utf8_lossy(&many), "parts of {part}");
    }
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    // 6,000 people read; the 15 group-title rows and the three signature lines are not
    // people: each is listed, and counted by kind in the file's entry.
    assert_eq!(v["tong_hop"]["so_dong_doc"], 6_000);
    let findings = v["phat_hien"].as_array().unwrap();
    let not_people = |kind: &str| {
        findings
            .iter()
            .filter(|f| f["thong_bao"].as_str().unwrap_or("").starts_with(&format!("không tính là người ({kind})")))
            .count()
    };
    assert_eq!((not_people("tiêu đề nhóm"), not_people("chữ ký")), (15, 3));
    let others = &v["tep"][0]["dong_khong_phai_nguoi"];
    assert_eq!((others["tieu_de_nhom"].as_u64(), others["chu_ky"].as_u64()), (Some(15), Some(3)));
    // The joined name reaches the person output in both modes.
    let persons = d.path("p.csv");
    hoctap()
        .arg("assess")
        .args(&files)
        .args(["-q", "--exit-zero", "--threads", "3", "--part-size", "4096", "--persons"])
        .arg(&persons)
        .assert()
        .code(0);
    let people = parse_csv(&d.read("p.csv"));
    assert_eq!(people.len(), 6_000);
    let first_person = people.iter().find(|p| !p["ma_dinh_danh"].is_empty()).unwrap();
    assert_eq!(first_person["ho_ten"], rows[0][1]);
}
