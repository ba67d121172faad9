//! Trust, second round (issue 15): hostile spreadsheets within bounded memory, `--an-danh`
//! masking every quoted value, terminal safety, merge/compare reading what they are given,
//! `dvht` findings and its own stale dossiers, inputs at scale. One test per defect.

use std::io::Write;
use std::path::Path;
use std::process::Command as StdCommand;

use crate::support::*;

/// Peak resident memory allowed to a run that refuses a hostile sheet: the program itself, one
/// workbook in memory and the scan, with room to spare; the bombs below asked for 1 to 3 GB.
const BOMB_PEAK_KIB: u64 = 150 * 1024;

/// Runs the binary and returns its output and peak resident set size in KiB, measured by
/// `/usr/bin/time -v` (GNU time reads the kernel's `ru_maxrss` of the child).
fn run_measured(args: &[&std::ffi::OsStr]) -> (std::process::Output, u64) {
    let bin = assert_cmd::cargo::cargo_bin("hoctap");
    let out = StdCommand::new("/usr/bin/time").arg("-v").arg(bin).args(args).output().expect("/usr/bin/time -v");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes): "))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stderr}"));
    (out, peak)
}

fn zip_file(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(body).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// An .xlsx of one sheet whose XML is `sheet_data` inside `<sheetData>`, after `head`.
fn xlsx(head: &str, sheet_data: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{head}<sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip_file(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ])
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A small roster sheet: the header and two people, in rows 1 to 3.
fn roster_rows() -> String {
    let mut rows = String::new();
    let lines = [
        HEADER.to_string(),
        row("001", "T1", "Giáo viên", &scores_for(80)),
        row("002", "T1", "Giáo viên", &scores_for(90)),
    ];
    for (r, line) in lines.iter().enumerate() {
        rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in line.split(',').enumerate() {
            let col = (b'A' + c as u8) as char;
            rows.push_str(&inline(&format!("{col}{}", r + 1), v));
        }
        rows.push_str("</row>");
    }
    rows
}

fn assert_refused(out: &std::process::Output, expect: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "expected {e:?} in {stderr}");
    }
    assert!(!stderr.contains("panicked") && !stderr.contains("lỗi nội bộ"), "{stderr}");
}

/// One stray cell at AL1048576 under a real roster: 38 columns × 1,048,576 rows is under the old
/// 40-million-cell cap, and calamine laid the grid out at 32 bytes a cell (1.25 GB).
#[test]
fn a_far_cell_in_a_small_xlsx_is_refused_in_little_memory() {
    let d = Dir::new();
    let rows = format!("{}<row r=\"1048576\">{}</row>", roster_rows(), inline("AL1048576", "x"));
    let book = xlsx(r#"<dimension ref="A1:AL1048576"/>"#, &rows);
    assert!(book.len() < 8 << 10, "{}", book.len());
    let path = d.write("xa.xlsx", &book);
    let (out, peak) = run_measured(&["assess".as_ref(), "-q".as_ref(), path.as_os_str()]);
    assert_refused(&out, &["trang tính \"DS\"", "đến ô AL1048576", "giới hạn 10 triệu ô"]);
    assert!(peak < BOMB_PEAK_KIB, "peak {peak} KiB");
}

/// A formula in a far cell: the cells were bounded, the formulas were laid out as a grid of
/// their own (24 bytes a cell) without a bound.
#[test]
fn a_far_formula_does_not_allocate_its_grid() {
    let d = Dir::new();
    let rows = format!("{}<row r=\"1048576\"><c r=\"AL1048576\"><f>1+1</f></c></row>", roster_rows());
    let path = d.write("cong-thuc.xlsx", xlsx("", &rows));
    let (out, peak) = run_measured(&["assess".as_ref(), "-q".as_ref(), path.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    // The formula alone spans 38 × 1,048,576 cells: 960 MB as a grid of formulas.
    assert!(peak < BOMB_PEAK_KIB, "peak {peak} KiB");
    eprintln!("peak {peak} KiB");
}

/// A 1 KB .ods whose one row of 64 repeated cells is repeated a million times: calamine expands
/// the repeats when it opens the file (64 million cells, 3.5 GB with the formula grid).
#[test]
fn repeated_rows_and_columns_in_a_small_ods_are_refused_before_expanding() {
    let d = Dir::new();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Bom"><table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="string" table:number-columns-repeated="64"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let book = zip_file(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", content.as_bytes()),
    ]);
    assert!(book.len() < 1 << 10, "{}", book.len());
    let path = d.write("bom.ods", &book);
    let (out, peak) = run_measured(&["assess".as_ref(), "-q".as_ref(), path.as_os_str()]);
    assert_refused(&out, &["trang tính \"Bom\"", "1000000 hàng × 64 cột", "giới hạn 10 triệu ô"]);
    assert!(peak < BOMB_PEAK_KIB, "peak {peak} KiB");
}

/// Reads every output file of a run as text: an Excel file by its cells.
fn output_text(path: &Path) -> String {
    if path.extension().is_some_and(|e| e == "xlsx") {
        let mut all = String::new();
        for (_, rows) in crate::book::read(path) {
            for cell in rows.iter().flatten() {
                all.push_str(&cell.to_string());
                all.push('\n');
            }
        }
        return all;
    }
    std::fs::read_to_string(path).unwrap()
}

/// Rows whose personal values sit in checked columns (a shifted row): the name as the group,
/// the birth date as "vùng khó khăn", an id as a score, a name as a score. Every output of an
/// `--an-danh` run is searched for every personal value of the input.
#[test]
fn an_danh_masks_personal_values_in_the_wrong_column() {
    let d = Dir::new();
    let s = scores_for(80);
    let mut text = format!("{HEADER},ngay_sinh\n");
    text.push_str(&format!(
        "037201000001,Trần Thị Lạc Cột,U,Đơn vị U,Trần Thị Lạc Cột,21/07/2016,,{},21/07/2016\n",
        s.join(",")
    ));
    text.push_str(&format!(
        "037201000002,Vũ Văn Dịch Hàng,U,Đơn vị U,Giáo viên,,,037201000002,{},14/02/2015\n",
        s[1..].join(",")
    ));
    text.push_str(&format!(
        "037201000003,Hoàng Lê Điểm Tên,U,Đơn vị U,Giáo viên,,,Hoàng Lê Điểm Tên,{},30/09/2014\n",
        s[1..].join(",")
    ));
    text.push_str(&format!("037201000004,Lý Thị Đủ Điểm,U,Đơn vị U,Giáo viên,,,{},05/05/2013\n", s.join(",")));
    let secrets = [
        "037201000001",
        "037201000002",
        "037201000003",
        "037201000004",
        "Trần Thị Lạc Cột",
        "Vũ Văn Dịch Hàng",
        "Hoàng Lê Điểm Tên",
        "Lý Thị Đủ Điểm",
        "21/07/2016",
        "14/02/2015",
        "30/09/2014",
        "05/05/2013",
    ];
    let f = d.write("ds.csv", text);
    let mut texts = Vec::new();
    for (report, persons, fix, findings) in [
        ("bc.json", "ng.csv", "sua.csv", "ph.csv"),
        ("bc.xlsx", "ng.json", "sua.xlsx", "ph.json"),
        ("bc.html", "ng2.csv", "sua2.csv", "ph.xlsx"),
    ] {
        let out = hoctap()
            .args(["assess", "--an-danh", "--gan-dat=5", "-o"])
            .arg(d.path(report))
            .arg("--persons")
            .arg(d.path(persons))
            .arg("--rows-with-errors")
            .arg(d.path(fix))
            .arg("--findings")
            .arg(d.path(findings))
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        texts.push(("stdout".to_string(), String::from_utf8_lossy(&out.stdout).into_owned()));
        texts.push(("stderr".to_string(), String::from_utf8_lossy(&out.stderr).into_owned()));
        for name in [report, persons, fix, findings] {
            texts.push((name.to_string(), output_text(&d.path(name))));
        }
    }
    let stderr = &texts[1].1;
    assert!(stderr.contains("Lỗi"), "the shifted rows are reported: {stderr}");
    for (name, text) in &texts {
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} leaked into {name}:\n{text}");
        }
    }
}

/// Escape sequences in cells (retitle the terminal, erase the line above, overwrite a line)
/// reach neither the table, the findings on stderr, nor `inspect`: they are shown as `\u{1b}`.
#[test]
fn control_characters_from_cells_never_reach_the_terminal() {
    let d = Dir::new();
    let s = scores_for(80);
    let mut bad = s.clone();
    bad[0] = "7\u{1b}[1A\u{1b}[2K".into();
    let text = format!(
        "{HEADER}\n001,Lê \u{1b}]0;pwned\u{7}An,T1,Trường \u{1b}[31mĐỏ\u{8},Giáo viên,,,{}\n002,Lê Bình,T1,Trường \u{1b}[31mĐỏ\u{8},Giáo viên,,,{}\n",
        s.join(","),
        bad.join(",")
    );
    let f = d.write("ds.csv", text);
    let outputs = [
        hoctap().args(["assess", "--format", "table"]).arg(&f).output().unwrap(),
        hoctap().args(["inspect"]).arg(&f).output().unwrap(),
    ];
    let (table, summary) = (String::from_utf8_lossy(&outputs[0].stdout), String::from_utf8_lossy(&outputs[0].stderr));
    assert!(table.contains("Trường \\u{1b}[31mĐỏ\\u{8}"), "{table}");
    assert!(summary.contains("\"7\\u{1b}[1A\\u{1b}[2K\""), "{summary}");
    let inspect = String::from_utf8_lossy(&outputs[1].stdout);
    assert!(inspect.contains("\"7\\u{1b}[1A\\u{1b}[2K\" không phải là số"), "{inspect}");
    for out in &outputs {
        for bytes in [&out.stdout, &out.stderr] {
            assert!(!bytes.iter().any(|&b| b == 0x1b || b == 0x07 || b == 0x08), "{}", String::from_utf8_lossy(bytes));
        }
    }
}

/// A roster of `n` people of unit T1, all recognised.
fn small_roster(n: usize) -> String {
    let mut text = format!("{HEADER}\n");
    for i in 0..n {
        text.push_str(&row(&format!("0372010{i:05}"), "T1", "Giáo viên", &scores_for(90)));
        text.push('\n');
    }
    text
}

fn json_report(d: &Dir, roster: &str, report: &str) -> std::path::PathBuf {
    let f = d.write(roster, small_roster(3));
    hoctap().args(["assess", "-q", "--format", "json", "-o"]).arg(d.path(report)).arg(&f).assert().code(0);
    d.path(report)
}

fn assert_exit_2(out: &std::process::Output, expect: &[&str]) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("lỗi nội bộ") && !stderr.contains("panicked"), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "expected {e:?} in {stderr}");
    }
}

/// The same roster copied under another name and assessed on its own: its people would be
/// counted twice (318 instead of 159). The reports list each input's SHA-256.
#[test]
fn merge_refuses_the_same_roster_under_another_name() {
    let d = Dir::new();
    let a = json_report(&d, "truong-a.csv", "a.json");
    let b = json_report(&d, "ban-sao.csv", "b.json");
    let out = hoctap().arg("merge").arg(&a).arg(&b).output().unwrap();
    assert_exit_2(&out, &["b.json", "ban-sao.csv (cùng nội dung với", "truong-a.csv", "hai lần"]);
}

/// Rewrites one count of a saved report.
fn edit_report(path: &Path, to: &Path, unit_field: &str, value: u64) {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["don_vi"][0][unit_field] = serde_json::json!(value);
    std::fs::write(to, serde_json::to_string(&v).unwrap()).unwrap();
}

/// A report edited to 75 recognised of 3 people (2500%), and one with a count near 2^64: both
/// refused by `merge` and `compare` with the file and the field named, never added or wrapped.
#[test]
fn merge_and_compare_refuse_counts_out_of_bounds() {
    let d = Dir::new();
    let a = json_report(&d, "a.csv", "a.json");
    let b = json_report(&d, "b.csv", "b.json");
    let over = d.path("qua.json");
    edit_report(&b, &over, "so_dat", 75);
    let huge = d.path("lon.json");
    edit_report(&b, &huge, "so_nguoi", u64::MAX - 5);
    for (bad, expect) in
        [(&over, "so_dat = 75 lớn hơn so_nguoi = 3"), (&huge, "so_nguoi = 18446744073709551610 vượt giới hạn")]
    {
        let name = bad.file_name().unwrap().to_str().unwrap();
        let out = hoctap().arg("merge").arg(&a).arg(bad).output().unwrap();
        assert_exit_2(&out, &[name, "đơn vị \"T1\"", expect]);
        let out = hoctap().arg("compare").arg(&a).arg(bad).output().unwrap();
        assert_exit_2(&out, &[name, expect]);
    }
    // Within bounds the difference is exact.
    let out = hoctap().args(["compare", "--format", "json"]).arg(&a).arg(&b).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

/// `dvht` reports the rows in error like `assess` (findings on stderr, status 1), and removes
/// its own dossiers of units no longer in the run, never another file of the folder.
#[test]
fn dvht_reports_errors_and_removes_only_its_own_stale_dossiers() {
    let d = Dir::new();
    let mut both = format!("{HEADER}\n");
    for unit in ["A", "B"] {
        for i in 0..4 {
            both.push_str(&row(&format!("{unit}{i}"), unit, "Giáo viên", &scores_for(90)));
            both.push('\n');
        }
    }
    let both = d.write("hai.csv", both);
    let dir = d.path("ho-so");
    hoctap().args(["dvht", "-q", "-o"]).arg(&dir).arg(&both).assert().code(0);
    for f in ["A.html", "A.xlsx", "B.html", "B.xlsx"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    // The officer's own files in the folder: an HTML page and a workbook hoctap did not mark.
    std::fs::write(dir.join("ghi-chu.html"), "<html><head><title>Ghi chú</title></head></html>").unwrap();
    std::fs::write(dir.join("C.xlsx"), xlsx("", &roster_rows())).unwrap();

    let mut only_a = format!("{HEADER}\n");
    for i in 0..4 {
        only_a.push_str(&row(&format!("A{i}"), "A", "Giáo viên", &scores_for(90)));
        only_a.push('\n');
    }
    let mut bad = scores_for(90);
    bad[0] = "abc".into();
    only_a.push_str(&row("A9", "A", "Giáo viên", &bad));
    only_a.push('\n');
    only_a.push_str(&row("A0", "A", "Giáo viên", &scores_for(90)));
    only_a.push('\n');
    let only_a = d.write("mot.csv", only_a);
    let out = hoctap().args(["dvht", "-o"]).arg(&dir).arg(&only_a).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Lỗi: ") && stderr.contains("\"abc\" không phải là số"), "{stderr}");
    assert!(stderr.contains("1 lỗi") && stderr.contains("1 trùng"), "{stderr}");
    assert!(stderr.contains("Đã xóa 2 hồ sơ cũ"), "{stderr}");
    let mut left: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    left.sort();
    assert_eq!(left, ["A.html", "A.xlsx", "C.xlsx", "ghi-chu.html"]);
}

/// `--threads` beyond the machine's cores is capped with a warning (a huge value once pushed the
/// load to ~1600); the results are those of any thread count.
#[test]
fn threads_are_capped_to_the_cores_with_a_warning() {
    let d = Dir::new();
    let f = d.write("ds.csv", small_roster(5));
    let cores = std::thread::available_parallelism().unwrap().get();
    let out = hoctap().args(["assess", "--format", "json", "--threads", "512"]).arg(&f).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(&format!("--threads 512 nhiều hơn số nhân CPU của máy ({cores}); dùng {cores} luồng")),
        "{stderr}"
    );
    let one = hoctap().args(["assess", "--format", "json", "--threads", "1"]).arg(&f).output().unwrap();
    assert_eq!(out.stdout, one.stdout);
    assert!(!String::from_utf8_lossy(&one.stderr).contains("--threads"));
}

/// A unit name that starts a formula, behind a line break or not, stays text in the dossier.
#[test]
fn dossier_unit_names_cannot_start_a_formula() {
    let d = Dir::new();
    let mut text = format!("{HEADER}\n");
    for (i, name) in ["\"\n=1+2\"", "=3+4"].iter().enumerate() {
        for k in 0..3 {
            let unit = format!("U{i}");
            text.push_str(&format!("{unit}{k},Người {k},{unit},{name},Giáo viên,,,{}\n", scores_for(90).join(",")));
        }
    }
    let f = d.write("ds.csv", text);
    let dir = d.path("ho-so");
    hoctap().args(["dvht", "-q", "-o"]).arg(&dir).arg(&f).assert().code(0);
    for (unit, name) in [("U0", "=1+2"), ("U1", "=3+4")] {
        let mut seen = 0;
        for (_, rows) in crate::book::read(&dir.join(format!("{unit}.xlsx"))) {
            for cell in rows.iter().flatten().map(|c| c.to_string()) {
                assert!(!cell.starts_with(['=', '\n', '+', '-', '@']), "{cell:?}");
                seen += usize::from(cell.starts_with('\'') && cell.contains(name));
            }
        }
        // The name heads each of the three papers, and opens sentences of the Tờ trình.
        assert!(seen >= 3, "{unit}: the name is written, neutralised ({seen})");
    }
}

/// Peak memory allowed to a run with 100,000 findings of about a kilobyte each over a 55 MB
/// roster: with every finding held to the end (and all of them in the JSON report) it took
/// 412 MB; keeping the first 10,000 and the rest on disk, about 100 MB.
const FINDINGS_PEAK_KIB: u64 = 150 * 1024;

/// A roster whose every row quotes a long broken cell: the report lists the first findings and
/// counts them all; `--phat-hien` has every one, in line order; memory stays bounded.
#[test]
fn findings_beyond_the_kept_ones_are_counted_and_written_in_bounded_memory() {
    let d = Dir::new();
    let rows = 100_000;
    let mut text = String::from(
        "ma_dinh_danh,ho_ten,ma_don_vi,doi_tuong,chi_so_1_1,chi_so_1_2,chi_so_1_3,chi_so_1_4,chi_so_2_1,chi_so_2_2,chi_so_2_3,chi_so_2_4,chi_so_3_1,chi_so_3_2\n",
    );
    let broken = "x".repeat(500);
    for i in 0..rows {
        text += &format!("ID{i:07},Người {i},U{},Giáo viên,{broken},9,9,9,9,9,9,9,9,9\n", i % 7);
    }
    let roster = d.write("hong.csv", text);
    let (report, all) = (d.path("r.json"), d.path("ph.csv"));
    let args = ["assess".as_ref(), "--format".as_ref(), "json".as_ref(), "-o".as_ref(), report.as_os_str()];
    let more = ["--phat-hien".as_ref(), all.as_os_str(), roster.as_os_str()];
    let (out, peak) = run_measured(&[&args[..], &more[..]].concat());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("… và 99980 phát hiện khác (99980 lỗi)"), "{stderr}");
    let r: serde_json::Value = serde_json::from_str(&d.read("r.json")).unwrap();
    assert_eq!(r["phat_hien"].as_array().unwrap().len(), 10_000, "the first ones listed");
    assert_eq!(r["so_phat_hien"]["loi"], rows, "all counted");
    // Every finding in the file, each row's once, in line order.
    let lines: Vec<u64> = parse_csv(&d.read("ph.csv")).iter().map(|f| f["dong"].parse().unwrap()).collect();
    assert_eq!(lines, (2..rows + 2).collect::<Vec<u64>>());
    assert!(peak < FINDINGS_PEAK_KIB, "peak {peak} KiB");
    eprintln!("peak {peak} KiB");
}

/// A saved report lists its first findings and counts them all: a merge lists what each report
/// listed and counts the ones they did not list too.
#[test]
fn merge_counts_the_findings_a_report_no_longer_lists() {
    let d = Dir::new();
    let a = json_report(&d, "a.csv", "a.json");
    let b = json_report(&d, "b.csv", "b.json");
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&b).unwrap()).unwrap();
    let listed = v["phat_hien"].as_array().unwrap().len() as u64;
    v["so_phat_hien"] = serde_json::json!({"loi": 5000, "canh_bao": 0, "thong_tin": listed});
    // Another school's roster (the same bytes would be refused as counted twice).
    v["tep"][0]["sha256"] = serde_json::json!("0".repeat(64));
    std::fs::write(&b, serde_json::to_string(&v).unwrap()).unwrap();
    let out = d.path("gop.json");
    let run = hoctap().args(["merge", "--format", "json", "-o"]).arg(&out).arg(&a).arg(&b).output().unwrap();
    assert!(matches!(run.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&run.stderr));
    let merged: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(merged["so_phat_hien"]["loi"], 5000, "the 5,000 errors b.json counted but did not list");
}
