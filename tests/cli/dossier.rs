//! The TT 24 dossier of `hoctap dvht`, read back from the files it writes: the Bản tổng hợp
//! numbered as the circular and grouped by tiêu chí, the Báo cáo tự đánh giá with the run's own
//! figures, the Tờ trình with the level and the deadlines, the names of the paper options and
//! of the unit register, the page setup and the row heights.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::papers::{cells, entry};
use crate::support::{Dir, hoctap, xlsx_mark};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xa-gia-tran").join(name)
}

const NAMES: [&str; 8] = [
    "--co-quan",
    "UBND xã Gia Trấn",
    "--nguoi-lap",
    "Trần Thị Bình",
    "--thu-truong",
    "Nguyễn Văn An",
    "--kinh-gui",
    "Chủ tịch UBND xã Gia Trấn",
];

/// Runs `dvht` on the example with `extra` options; returns the folder.
fn dossiers(d: &Dir, register: &Path, extra: &[&str]) -> PathBuf {
    let dir = d.path("ho-so");
    hoctap()
        .arg("dvht")
        .arg(example("danh-sach.csv"))
        .arg("--units")
        .arg(register)
        .args(["--nam", "2025", "-q", "-o"])
        .arg(&dir)
        .args(extra)
        .assert()
        .code(0);
    dir
}

/// The same run's JSON report, unit by code.
fn run_json(register: &Path) -> HashMap<String, Value> {
    let out = hoctap()
        .args(["assess", "--format", "json", "-q", "--exit-zero", "--nam", "2025", "--units"])
        .arg(register)
        .arg(example("danh-sach.csv"))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["don_vi"].as_array().unwrap().iter().map(|u| (u["ma_don_vi"].as_str().unwrap().to_string(), u.clone())).collect()
}

fn texts(c: &[(u32, u32, String)]) -> Vec<&str> {
    c.iter().map(|(_, _, v)| v.as_str()).collect()
}

fn has(c: &[(u32, u32, String)], text: &str) -> bool {
    c.iter().any(|(_, _, v)| v == text)
}

fn containing<'a>(c: &'a [(u32, u32, String)], part: &str) -> Vec<&'a str> {
    c.iter().filter(|(_, _, v)| v.contains(part)).map(|(_, _, v)| v.as_str()).collect()
}

/// A result as the papers print it, from the JSON of one chỉ tiêu.
fn result_text(item: &Value) -> String {
    let r = item["ket_qua"].as_str().unwrap();
    match item["neu_ap_dung"].as_str() {
        Some(w) if r == "Chưa đủ căn cứ" => format!("{r} (nếu áp dụng: {w})"),
        _ => r.to_string(),
    }
}

/// A rate as the papers print it: two decimals with a comma.
fn rate(v: &Value) -> String {
    format!("{:.2}%", v.as_f64().unwrap()).replace('.', ",")
}

/// Row number → height (points), of every row that has one.
fn row_heights(xml: &str) -> HashMap<u32, f64> {
    let mut out = HashMap::new();
    for part in xml.split("<row ").skip(1) {
        let head = &part[..part.find('>').unwrap()];
        let attr = |name: &str| {
            let at = head.find(&format!("{name}=\""))? + name.len() + 2;
            Some(head[at..].split('"').next()?.to_string())
        };
        if let (Some(r), Some(ht)) = (attr("r"), attr("ht")) {
            out.insert(r.parse().unwrap(), ht.parse().unwrap());
        }
    }
    out
}

#[test]
fn the_summary_is_numbered_as_the_circular_grouped_by_tieu_chi_with_each_result() {
    let d = Dir::new();
    let register = example("don-vi.csv");
    let dir = dossiers(&d, &register, &NAMES);
    let book = dir.join("TH-GT.xlsx");
    let c = cells(&book, "Tong hop");
    // Heading: governing body and unit on the left, Quốc hiệu and tiêu ngữ on the right.
    for text in [
        "UBND XÃ GIA TRẤN",
        "TRƯỜNG TIỂU HỌC GIA TRẤN",
        "Số: ……/……",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Gia Trấn, ngày …… tháng …… năm ……",
        "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU",
        "ĐƠN VỊ HỌC TẬP NĂM 2025",
    ] {
        assert!(has(&c, text), "no {text:?} in {:?}", texts(&c));
    }
    // Group rows per level and per tiêu chí, across the table.
    for group in [
        "MỨC ĐỘ 1",
        "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập",
        "Tiêu chí 2: Kết quả học tập của thành viên",
        "Tiêu chí 3: Hiệu quả, tác động của việc xây dựng Đơn vị học tập",
        "MỨC ĐỘ 2 (đạt các chỉ tiêu của Mức độ 1 và các chỉ tiêu sau)",
        "Điều kiện khác",
    ] {
        assert!(has(&c, group), "no group row {group:?}");
    }
    let xml = entry(&book, "xl/worksheets/sheet1.xml");
    let group_row = c.iter().find(|(_, _, v)| v == "Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập").unwrap().0 + 1;
    assert!(xml.contains(&format!(r#"<mergeCell ref="A{group_row}:D{group_row}"/>"#)), "group row not merged");
    // No internal code stands where the circular's number belongs.
    let labels: Vec<&str> = c.iter().filter(|(_, col, _)| *col == 0).map(|(_, _, v)| v.as_str()).collect();
    for code in ["M2-3.2", "M2-2.1", "TG-M2", "3.2", "1.1"] {
        assert!(!labels.contains(&code), "{code} in {labels:?}");
    }
    // Every chỉ tiêu of the run, under its level and tiêu chí, with the run's result.
    let criteria = hoctap::criteria::embedded();
    let mut found = HashMap::new();
    let (mut level, mut criterion) = (0u8, 0u8);
    let mut rows: Vec<&(u32, u32, String)> = c.iter().collect();
    rows.sort_by_key(|(r, col, _)| (*r, *col));
    for (r, col, v) in &rows {
        if *col != 0 {
            continue;
        }
        if let Some(rest) = v.strip_prefix("MỨC ĐỘ ") {
            level = rest[..1].parse().unwrap();
        } else if let Some(rest) = v.strip_prefix("Tiêu chí ") {
            criterion = rest[..rest.find(':').unwrap()].parse().unwrap();
        } else if let Some(n) = v.strip_prefix("Chỉ tiêu ") {
            let result = rows.iter().find(|(r2, c2, _)| r2 == r && *c2 == 3).unwrap().2.clone();
            found.insert((level, criterion, n.parse::<u8>().unwrap()), result);
        }
    }
    let unit = &run_json(&register)["TH-GT"];
    let items = unit["dvht"]["chi_tieu"].as_array().unwrap();
    let mut numbered = 0;
    for item in items {
        let code = item["ma"].as_str().unwrap();
        let Some(n) = criteria.dvht.numbering(code) else { continue };
        let key = (item["muc_do"].as_u64().unwrap() as u8, n.criterion, n.item);
        assert_eq!(
            found.get(&key),
            Some(&result_text(item)),
            "{code} as Tiêu chí {}, Chỉ tiêu {}",
            n.criterion,
            n.item
        );
        numbered += 1;
    }
    assert_eq!(numbered, found.len(), "one row per numbered chỉ tiêu: {found:?}");
    assert!(numbered >= 20, "{numbered}");
    // The time rule, the conclusion, and the signers with the names given.
    assert!(has(&c, "Điều kiện thời gian"));
    assert!(has(&c, "Kết luận: Trường Tiểu học Gia Trấn tự đánh giá đạt Đơn vị học tập Mức độ 1 năm 2025."));
    assert_eq!(unit["muc_do_dvht"], "Mức độ 1");
    assert!(has(&c, "Để đạt mức độ cao hơn còn thiếu: Tiêu chí 3, Chỉ tiêu 2 (Mức độ 2)."), "{:?}", texts(&c));
    for text in ["TỔ TRƯỞNG TỔ ĐÁNH GIÁ", "THỦ TRƯỞNG ĐƠN VỊ", "Trần Thị Bình", "Nguyễn Văn An"]
    {
        assert!(has(&c, text), "no {text:?}");
    }
    // Evidence with the Vietnamese decimal comma.
    assert!(!containing(&c, "85/88 = 96,59% ≥ 95%").is_empty(), "{:?}", texts(&c));
    // A unit below level 1 says so.
    let thcs = cells(&dir.join("THCS-GT.xlsx"), "Tong hop");
    assert!(has(
        &thcs,
        "Kết luận: Trường THCS Gia Trấn chưa đạt Đơn vị học tập năm 2025 (kết quả tự đánh giá: Chưa đạt)."
    ));
}

#[test]
fn every_paper_is_a4_portrait_with_the_decree_margins_and_rows_tall_enough() {
    let d = Dir::new();
    let dir = dossiers(&d, &example("don-vi.csv"), &[]);
    let book = dir.join("TH-GT.xlsx");
    assert_eq!(xlsx_mark(&book).as_deref(), Some("ho-so"), "the mark that stale-dossier cleanup looks for");
    let workbook = entry(&book, "xl/workbook.xml");
    for (i, sheet) in ["Tong hop", "Bao cao", "To trinh"].iter().enumerate() {
        assert!(workbook.contains(&format!(r#"name="{sheet}""#)), "{workbook}");
        let xml = entry(&book, &format!("xl/worksheets/sheet{}.xml", i + 1));
        for setup in [r#"paperSize="9""#, r#"orientation="portrait""#, r#"fitToPage="1""#, r#"left="1.1811"#] {
            assert!(xml.contains(setup), "{sheet}: no {setup}");
        }
        // Each row with text that wraps has a height for all its lines: one line (15.75
        // points) per 115 characters across the sheet, per 36 in the content column, ….
        let heights = row_heights(&xml);
        let c = cells(&book, sheet);
        for (r, col, v) in &c {
            if *r < 5 {
                continue;
            }
            if v.starts_with("....") {
                continue;
            }
            // Characters a line holds, a little more than LibreOffice prints.
            let width = [115, 36, 32, 16][*col as usize];
            let lines = v.chars().count().div_ceil(width) as f64;
            if lines > 1.0 {
                let h = heights.get(&(r + 1)).copied().unwrap_or(0.0);
                assert!(h >= 15.75 * lines, "{sheet} row {} is {h} pt for {lines} lines: {v}", r + 1);
            }
        }
    }
    // Only the summary, which is mostly its table, repeats the table's header on each page.
    assert_eq!(workbook.matches("_xlnm.Print_Titles").count(), 1, "{workbook}");
    assert!(workbook.contains("'Tong hop'!$"), "{workbook}");
}

#[test]
fn the_self_assessment_carries_the_runs_figures_and_blanks_for_the_prose() {
    let d = Dir::new();
    let register = example("don-vi.csv");
    let dir = dossiers(&d, &register, &NAMES);
    let units = run_json(&register);
    for code in ["TH-GT", "THCS-GT", "MN-GT"] {
        let u = &units[code];
        let c = cells(&dir.join(format!("{code}.xlsx")), "Bao cao");
        let row = |label: &str| -> Vec<String> {
            let r = c.iter().find(|(_, col, v)| *col == 0 && v == label).unwrap_or_else(|| panic!("{label}")).0;
            (1..=3).map(|col| c.iter().find(|(r2, c2, _)| *r2 == r && *c2 == col).unwrap().2.clone()).collect()
        };
        let verdict = |v: &Value, need: Option<&Value>| match (v.as_str().unwrap(), need.and_then(Value::as_u64)) {
            ("Chưa đạt", Some(n)) => format!("Chưa đạt (cần thêm {n} người)"),
            (s, _) => s.to_string(),
        };
        assert_eq!(
            row("Toàn đơn vị"),
            [
                format!("{} / {}", u["so_nguoi"], u["so_dat"]),
                rate(&u["ty_le"]),
                verdict(&u["dat_muc_tieu"], Some(&u["can_them"]))
            ],
            "{code}"
        );
        assert_eq!(row("Thành viên")[0], format!("{} / {}", u["thanh_vien_so_nguoi"], u["thanh_vien_so_dat"]));
        assert_eq!(row("Thành viên")[1], rate(&u["ty_le_thanh_vien"]), "{code}");
        if u["nguoi_hoc_so_nguoi"].as_u64() > Some(0) {
            assert_eq!(row("Người học")[0], format!("{} / {}", u["nguoi_hoc_so_nguoi"], u["nguoi_hoc_so_dat"]));
            assert_eq!(row("Người học")[1], rate(&u["ty_le_nguoi_hoc"]), "{code}");
            assert!(row("Người học")[2].starts_with(u["dat_muc_tieu_nguoi_hoc"].as_str().unwrap()), "{code}");
        }
        // Each chỉ tiêu's line, under its number and level, carries the run's result.
        let criteria = hoctap::criteria::embedded();
        for item in u["dvht"]["chi_tieu"].as_array().unwrap() {
            let level = item["muc_do"].as_u64().unwrap();
            let label = match criteria.dvht.numbering(item["ma"].as_str().unwrap()) {
                Some(n) => format!("Chỉ tiêu {}", n.item),
                None => "Điều kiện thời gian".to_string(),
            };
            let start = format!("– {label} (Mức độ {level}): {}", item["noi_dung"].as_str().unwrap());
            let lines: Vec<&str> = texts(&c).into_iter().filter(|v| v.starts_with(&start)).collect();
            assert_eq!(lines.len(), 1, "{code}: {start}");
            assert!(lines[0].contains(&format!("Kết quả: {};", result_text(item))), "{code}: {}", lines[0]);
        }
        // The level, and a marked blank for each part the Tổ đánh giá writes.
        let level = u["muc_do_dvht"].as_str().unwrap();
        assert_eq!(containing(&c, "Kết luận: ").len(), 1);
        assert!(containing(&c, "Kết luận: ")[0].contains(level), "{code}: {level}");
        for part in [
            "I. ĐẶT VẤN ĐỀ",
            "II. KẾT QUẢ TỰ ĐÁNH GIÁ",
            "2. Tự đánh giá từng tiêu chí",
            "III. KẾT LUẬN",
            "IV. KIẾN NGHỊ",
        ] {
            assert!(has(&c, part), "{code}: {part}");
        }
        let blanks = containing(&c, "[Phần Tổ đánh giá viết: ");
        assert_eq!(blanks.len(), 6, "{blanks:?}");
        assert!(has(&c, "[Phần Tổ đánh giá viết: Mô tả, minh chứng, điểm mạnh, điểm yếu của Tiêu chí 3]"));
        assert!(has(&c, "BÁO CÁO") && has(&c, "Số: ……/BC-……") && has(&c, "Tự đánh giá Đơn vị học tập năm 2025"));
        assert!(has(&c, "TỔ TRƯỞNG TỔ ĐÁNH GIÁ") && has(&c, "Trần Thị Bình") && has(&c, "Nguyễn Văn An"));
    }
}

#[test]
fn the_letter_proposes_the_level_reached_with_the_deadlines_of_the_set() {
    let d = Dir::new();
    let register = example("don-vi.csv");
    let dir = dossiers(&d, &register, &NAMES);
    let c = cells(&dir.join("TH-GT.xlsx"), "To trinh");
    for text in [
        "TỜ TRÌNH",
        "Số: ……/TTr-……",
        "Về việc đề nghị công nhận Đơn vị học tập năm 2025",
        "Kính gửi: Chủ tịch UBND xã Gia Trấn",
        "Trường Tiểu học Gia Trấn kính đề nghị Chủ tịch UBND xã Gia Trấn xem xét, công nhận Trường Tiểu học Gia Trấn đạt Đơn vị học tập Mức độ 1 năm 2025.",
        "Nơi nhận:",
        "– Như trên;",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "Nguyễn Văn An",
    ] {
        assert!(has(&c, text), "no {text:?} in {:?}", texts(&c));
    }
    let deadline = containing(&c, "nộp trước ngày ");
    assert_eq!(deadline.len(), 1, "{:?}", texts(&c));
    assert!(
        deadline[0].contains("nộp trước ngày 15/01/2026; quyết định công nhận trước ngày 15/02/2026"),
        "{}",
        deadline[0]
    );
    // Figures of the run.
    assert!(!containing(&c, "có 97/100 người (97,00%) được công nhận Công dân học tập").is_empty(), "{:?}", texts(&c));
    // A unit that reached no level is not proposed, and no deadline is printed for it.
    let thcs = cells(&dir.join("THCS-GT.xlsx"), "To trinh");
    assert!(containing(&thcs, "kính đề nghị").is_empty());
    assert!(containing(&thcs, "nộp trước ngày").is_empty());
    assert!(!containing(&thcs, "chưa đủ điều kiện đề nghị công nhận Đơn vị học tập năm 2025").is_empty());
    // Whom to send it to is a line to fill when not given.
    let plain = Dir::new();
    let c = cells(&dossiers(&plain, &register, &[]).join("TH-GT.xlsx"), "To trinh");
    assert!(has(&c, "Kính gửi: ……………………"), "{:?}", texts(&c));
    // The deadlines are the criteria set's, not the program's.
    let moved = hoctap::criteria::EMBEDDED_TOML.replace("nop_ho_so = \"15/01\"", "nop_ho_so = \"10/01\"");
    assert_ne!(moved, hoctap::criteria::EMBEDDED_TOML);
    let other = Dir::new();
    let set = other.write("bo.toml", moved);
    let dir = dossiers(&other, &register, &["--criteria", set.to_str().unwrap()]);
    let c = cells(&dir.join("TH-GT.xlsx"), "To trinh");
    assert_eq!(containing(&c, "nộp trước ngày 10/01/2026").len(), 1, "{:?}", texts(&c));
}

#[test]
fn names_come_from_the_register_where_it_knows_them() {
    let d = Dir::new();
    // The example's register writes "Gia Trấn": a place, but not whether it is a xã or a phường.
    let dir = dossiers(&d, &example("don-vi.csv"), &[]);
    let c = cells(&dir.join("TH-GT.xlsx"), "To trinh");
    assert!(has(&c, "……………………") && has(&c, "TRƯỜNG TIỂU HỌC GIA TRẤN"), "{:?}", texts(&c));
    assert!(has(&c, "Gia Trấn, ngày …… tháng …… năm ……"));
    // "xã Gia Trấn" under a commune's management names the governing body.
    let text = std::fs::read_to_string(example("don-vi.csv")).unwrap().replace(",Gia Trấn,", ",xã Gia Trấn,");
    let other = Dir::new();
    let register = other.write("don-vi.csv", text);
    let dir = dossiers(&other, &register, &[]);
    let c = cells(&dir.join("TH-GT.xlsx"), "Tong hop");
    assert!(has(&c, "UBND XÃ GIA TRẤN") && has(&c, "Gia Trấn, ngày …… tháng …… năm ……"), "{:?}", texts(&c));
    // The command line's names stand for what the register does not say.
    let dir = dossiers(&other, &register, &["--co-quan", "Phòng Văn hóa - Xã hội", "--dia-danh", "Nho Quan"]);
    let c = cells(&dir.join("TH-GT.xlsx"), "Bao cao");
    assert!(has(&c, "PHÒNG VĂN HÓA - XÃ HỘI") && has(&c, "Nho Quan, ngày …… tháng …… năm ……"), "{:?}", texts(&c));
}

#[test]
fn the_printable_page_holds_the_three_papers() {
    let d = Dir::new();
    let dir = dossiers(&d, &example("don-vi.csv"), &NAMES);
    let html = std::fs::read_to_string(dir.join("TH-GT.html")).unwrap();
    assert!(html.contains(r#"<meta name="generator" content="hoctap ho-so">"#));
    assert_eq!(html.matches("<section class=\"paper\">").count(), 3);
    for text in [
        "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU",
        "<h1 class=\"title\" align=\"center\">BÁO CÁO</h1>",
        "<h1 class=\"title\" align=\"center\">TỜ TRÌNH</h1>",
        r#"<tr class="group"><td colspan="4">Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập</td></tr>"#,
        "<td>Chỉ tiêu 1</td>",
        "Kính gửi: Chủ tịch UBND xã Gia Trấn",
        "size: A4 portrait",
        "Trần Thị Bình",
    ] {
        assert!(html.contains(text), "no {text}");
    }
}

#[test]
fn a_numbering_the_set_cannot_hold_is_refused() {
    let d = Dir::new();
    let base = hoctap::criteria::EMBEDDED_TOML;
    for (from, to, message) in [
        ("tieu_chi = 1\nso = 2\nma = \"1.2\"", "tieu_chi = 1\nso = 1\nma = \"1.2\"", "cùng là Tiêu chí 1, Chỉ tiêu 1"),
        (
            "tieu_chi = 1\nso = 2\nma = \"1.2\"",
            "tieu_chi = 4\nso = 2\nma = \"1.2\"",
            "tieu_chi = 4: không có trong [[dvht.tieu_chi]]",
        ),
        ("tieu_chi = 1\nso = 2\nma = \"1.2\"", "tieu_chi = 1\nma = \"1.2\"", "cần cả tieu_chi và so"),
        ("nop_ho_so = \"15/01\"", "nop_ho_so = \"15/13\"", "phải là ngày/tháng"),
    ] {
        let bad = base.replacen(from, to, 1);
        assert_ne!(bad, base, "{from}");
        let f = d.write("bo.toml", bad);
        hoctap().args(["criteria", "--check"]).arg(&f).assert().code(2).stderr(predicates::str::contains(message));
    }
}

#[test]
fn a_points_scale_set_labels_each_tieu_chi_and_grades_the_total() {
    let d = Dir::new();
    let register = d.write(
        "dv.csv",
        "Mã đơn vị,Tên đơn vị,TC1,TC2,TC3,Năm đánh giá\nTH-GT,Trường Tiểu học Gia Trấn,28,25,35,2021\n",
    );
    let dir = dossiers(&d, &register, &["--tieu-chi", "dvht-tt22-2020"]);
    let c = cells(&dir.join("TH-GT.xlsx"), "Tong hop");
    let label = |n: &str| c.iter().find(|(_, col, v)| *col == 0 && v.starts_with(n)).map(|(_, _, v)| v.clone());
    assert_eq!(
        label("Tiêu chí 1").as_deref(),
        Some("Tiêu chí 1: Điều kiện xây dựng Đơn vị học tập"),
        "{:?}",
        texts(&c)
    );
    assert_eq!(label("Tiêu chí 3").as_deref(), Some("Tiêu chí 3: Hiệu quả, tác động của việc xây dựng Đơn vị học tập"));
    assert!(!containing(&c, "28/30 điểm").is_empty());
    assert!(has(
        &c,
        "Kết luận: Trường Tiểu học Gia Trấn tự đánh giá đạt Đơn vị học tập năm 2025, xếp loại Tốt (88/100 điểm)."
    ));
    // The older circular's set gives no deadlines: none is printed.
    assert!(containing(&c, "nộp trước ngày").is_empty());
}
