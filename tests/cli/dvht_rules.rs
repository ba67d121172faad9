//! Issue 14: the Learning Unit rules as the sources say — time rules counted from dates, which
//! chỉ tiêu apply to which kind of unit, the missing chỉ tiêu, unverified values flagged, and
//! each role's rate against the 97% target.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::*;

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// The declared chỉ tiêu of the embedded set.
const DECLARED: [&str; 16] = [
    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.3", "3.4", "3.5", "3.6", "M2-2.1", "M2-2.2", "M2-3.4",
    "M2-3.5",
];

/// One register row: the unit's kind, its declared chỉ tiêu ("Đạt" unless `over` says
/// otherwise; "" leaves the cell blank) and its previous recognition.
struct Unit<'a> {
    code: &'a str,
    level: &'a str,
    over: &'a [(&'a str, &'a str)],
    previous: [&'a str; 4],
}

const REGISTER_HEADER: &str = "ma_don_vi,ten_don_vi,co_so_giao_duc,cap_hoc";
const PREVIOUS_HEADER: &str = "muc_do_cong_nhan,so_quyet_dinh,ngay_quyet_dinh,nam_cong_nhan";

fn register(units: &[Unit]) -> String {
    let mut out = format!("{REGISTER_HEADER},{},{PREVIOUS_HEADER}\n", DECLARED.join(","));
    for u in units {
        let cells: Vec<&str> =
            DECLARED.iter().map(|c| u.over.iter().find(|(code, _)| code == c).map_or("Đạt", |(_, v)| *v)).collect();
        out += &format!("{},Trường {},Có,{},{},{}\n", u.code, u.code, u.level, cells.join(","), u.previous.join(","));
    }
    out
}

fn unit<'a>(code: &'a str, level: &'a str, previous: [&'a str; 4]) -> Unit<'a> {
    Unit { code, level, over: &[], previous }
}

/// (recognised, counted) of one role.
type Counts = (usize, usize);

/// A roster: for each unit, its members' and its learners' counts.
fn rosters(d: &Dir, units: &[(&str, Counts, Counts)]) -> PathBuf {
    let mut text = format!("{HEADER}\n");
    for (code, (mok, mall), (lok, lall)) in units {
        for (who, ok, all) in [("Giáo viên", mok, mall), ("Học sinh", lok, lall)] {
            for i in 0..*all {
                let total = if i < *ok { 90 } else { 60 };
                text += &row(&format!("{code}-{who}-{i}"), code, who, &scores_for(total));
                text += "\n";
            }
        }
    }
    d.write("r.csv", text)
}

/// Runs `assess --format json` and returns each unit's row by code, with the stderr.
fn assess_json(args: &[&str]) -> (HashMap<String, serde_json::Value>, String) {
    let out = hoctap().arg("assess").args(args).args(["--format", "json"]).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{stderr}"));
    let mut rows: HashMap<String, serde_json::Value> = v["don_vi"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ma_don_vi"].as_str().unwrap().to_string(), r.clone()))
        .collect();
    rows.insert("TỔNG".into(), v["tong"].clone());
    (rows, stderr)
}

fn item<'a>(row: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    row["dvht"]["chi_tieu"].as_array().unwrap().iter().find(|i| i["ma"] == code).unwrap_or_else(|| panic!("{code}"))
}

#[test]
fn a_recognition_of_2022_holds_through_2025_and_not_2026() {
    let d = Dir::new();
    let f = rosters(&d, &[("A", (20, 20), (40, 40))]);
    let u = d.write("u.csv", register(&[unit("A", "THPT", ["Mức độ 1", "12/QĐ-UBND", "10/02/2022", "2022"])]));
    let previous = |year: &str| {
        let (rows, err) = assess_json(&[p(&f), "--units", p(&u), "--nam", year, "-q"]);
        (rows["A"]["dvht"]["cong_nhan_truoc"].as_str().unwrap_or_else(|| panic!("{err}")).to_string(), rows)
    };
    let (text, rows) = previous("2025");
    assert_eq!(text, "Mức độ 1 (quyết định số 12/QĐ-UBND ngày 10/02/2022), còn hiệu lực đến hết năm 2025");
    assert_eq!(rows["A"]["muc_do_dvht"], "Mức độ 2");
    let (text, rows) = previous("2026");
    assert_eq!(text, "Mức độ 1 (quyết định số 12/QĐ-UBND ngày 10/02/2022), đã hết hiệu lực (hết năm 2025)");
    // No source asks that level 1 still hold for level 2: an expired level 1 does not cap the unit.
    assert_eq!(rows["A"]["muc_do_dvht"], "Mức độ 2");
    assert_eq!(item(&rows["A"], "TG-M2")["ket_qua"], "Đạt");
}

#[test]
fn level_two_is_asked_364_and_365_days_after_the_level_one_decision() {
    let d = Dir::new();
    let f = rosters(&d, &[("A", (20, 20), (40, 40))]);
    let u = d.write("u.csv", register(&[unit("A", "THPT", ["Mức độ 1", "7/QĐ-UBND", "10/02/2022", "2022"])]));
    let at = |date: &str| assess_json(&[p(&f), "--units", p(&u), "--nam", "2022", "--ngay-danh-gia", date, "-q"]).0;
    let rows = at("09/02/2023");
    assert_eq!(
        (rows["A"]["muc_do_dvht"].as_str(), rows["A"]["dvht_thieu"][0].as_str()),
        (Some("Mức độ 1"), Some("TG-M2"))
    );
    let rule = item(&rows["A"], "TG-M2");
    assert_eq!(rule["ket_qua"], "Không đạt");
    assert_eq!(
        rule["minh_chung"],
        "công nhận Mức độ 1 theo quyết định số 7/QĐ-UBND ngày 10/02/2022; đến ngày đánh giá 09/02/2023 được 364 ngày, chưa đủ 1 năm (đủ từ ngày 10/02/2023)"
    );
    assert!(rule["noi_dung"].as_str().unwrap().contains("\"sau ít nhất 1 năm kể từ ngày ra quyết định công nhận\""));
    let rows = at("10/02/2023");
    assert_eq!(rows["A"]["muc_do_dvht"], "Mức độ 2");
    assert_eq!(rows["A"]["dvht"]["ngay_danh_gia"], "10/02/2023");
    assert!(item(&rows["A"], "TG-M2")["minh_chung"].as_str().unwrap().contains("được 365 ngày, đủ 1 năm"));
    // Without --ngay-danh-gia the rules count to 31/12 of the year assessed.
    let rows = assess_json(&[p(&f), "--units", p(&u), "--nam", "2022", "-q"]).0;
    assert_eq!(
        (rows["A"]["muc_do_dvht"].as_str(), rows["A"]["dvht"]["ngay_danh_gia"].as_str()),
        (Some("Mức độ 1"), Some("31/12/2022"))
    );
    // A date that is not one stops the run with a message.
    hoctap()
        .args(["assess", p(&f), "--ngay-danh-gia", "30/02/2025"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("\"30/02/2025\" không phải là ngày dd/mm/yyyy"));
}

#[test]
fn a_register_with_only_a_year_still_works_and_says_what_it_assumed() {
    let d = Dir::new();
    let f = rosters(&d, &[("A", (20, 20), (40, 40)), ("B", (20, 20), (40, 40)), ("C", (20, 20), (40, 40))]);
    // The register of earlier years: level and year, no decision number or date.
    let mut text = format!("{REGISTER_HEADER},{},muc_do_cong_nhan,nam_cong_nhan\n", DECLARED.join(","));
    let met = vec!["Đạt"; DECLARED.len()].join(",");
    for (code, previous) in [("A", "Mức độ 1,2024"), ("B", "Mức độ 1,2025"), ("C", "Mức độ 1,")] {
        text += &format!("{code},Trường {code},Có,THPT,{met},{previous}\n");
    }
    let u = d.write("u.csv", text);
    let (rows, err) = assess_json(&[p(&f), "--units", p(&u), "--nam", "2025"]);
    assert_eq!(rows["A"]["muc_do_dvht"], "Mức độ 2", "{err}");
    assert!(
        item(&rows["A"], "TG-M2")["minh_chung"]
            .as_str()
            .unwrap()
            .contains("coi là ngày 31/12/2024 vì tệp đơn vị chỉ ghi năm"),
        "the evidence says what was assumed"
    );
    assert_eq!(rows["B"]["muc_do_dvht"], "Mức độ 1", "31/12/2025 is not a year after 31/12/2025");
    assert_eq!(item(&rows["C"], "TG-M2")["ket_qua"], "Chưa có dữ liệu");
    assert!(
        err.contains("tệp đơn vị không có cột ngay_quyet_dinh với 2 đơn vị đã được công nhận (dòng 2, 3): coi năm công nhận là năm ra quyết định và ngày quyết định là 31/12 của năm đó"),
        "{err}"
    );
    assert!(err.contains("đơn vị C đã được công nhận Mức độ 1 nhưng thiếu ngày quyết định và năm công nhận"), "{err}");
    // A decision date that is not a date is an error on its cell.
    let bad = d.write("bad.csv", register(&[unit("A", "THPT", ["Mức độ 1", "", "31/02/2024", "2024"])]));
    let (_, err) = assess_json(&[p(&f), "--units", p(&bad), "--nam", "2025"]);
    assert!(
        err.contains("dòng 2, cột \"ngay_quyet_dinh\": ngày quyết định \"31/02/2024\" không phải là ngày dd/mm/yyyy"),
        "{err}"
    );
}

#[test]
fn the_learner_share_applies_to_a_provincial_school_and_is_unsettled_for_a_commune_one() {
    let d = Dir::new();
    // Learners 96/100: level 1's 95% met, level 2's 97% not.
    let f = rosters(&d, &[("TH", (20, 20), (96, 100)), ("THPT", (20, 20), (96, 100)), ("MN", (20, 20), (0, 0))]);
    let previous = ["Mức độ 1", "3/QĐ-UBND", "15/02/2024", "2024"];
    let u = d.write(
        "u.csv",
        register(&[unit("TH", "Tiểu học", previous), unit("THPT", "THPT", previous), unit("MN", "Mầm non", previous)]),
    );
    let (rows, err) = assess_json(&[p(&f), "--units", p(&u), "--nam", "2025", "-q"]);
    // The provincial school: the share applies, and decides level 1.
    let thpt = &rows["THPT"];
    assert_eq!(
        (thpt["muc_do_dvht"].as_str(), thpt["dvht_thieu"][0].as_str()),
        (Some("Mức độ 1"), Some("M2-3.2")),
        "{err}"
    );
    assert_eq!(item(thpt, "M2-3.2")["ket_qua"], "Không đạt");
    assert_eq!(item(thpt, "M2-3.2")["minh_chung"], "96/100 = 96.00% < 97%");
    // The primary school under the commune: neither passed nor failed on it, and it says so.
    let th = &rows["TH"];
    let share = item(th, "M2-3.2");
    assert_eq!((share["ket_qua"].as_str(), share["neu_ap_dung"].as_str()), (Some("Chưa đủ căn cứ"), Some("Không đạt")));
    assert!(share["minh_chung"].as_str().unwrap().starts_with("chưa có văn bản xác định chỉ tiêu người học"));
    assert!(share["minh_chung"].as_str().unwrap().ends_with("nếu áp dụng: 96/100 = 96.00% < 97%"));
    assert_eq!(
        (item(th, "3.2")["ket_qua"].as_str(), item(th, "3.2")["neu_ap_dung"].as_str()),
        (Some("Chưa đủ căn cứ"), Some("Đạt"))
    );
    assert_eq!(th["muc_do_dvht"], "Mức độ 1");
    assert_eq!(th["dvht"]["chua_du_can_cu"], serde_json::json!(["3.2", "M2-3.2"]));
    assert_eq!(
        th["dvht"]["ghi_chu"][0],
        "đạt Mức độ 2 nếu chỉ tiêu M2-3.2 không áp dụng cho đơn vị: chưa có văn bản xác định"
    );
    // A preschool's children are not assessed: not applicable.
    assert_eq!(item(&rows["MN"], "M2-3.2")["ket_qua"], "Không áp dụng");
    assert_eq!(rows["MN"]["muc_do_dvht"], "Mức độ 2");
    // When the unsettled share is the only thing at level 1, no level is given.
    let g = rosters(&d, &[("TH", (20, 20), (90, 100))]);
    let (rows, _) = assess_json(&[p(&g), "--units", p(&u), "--nam", "2025", "-q"]);
    assert_eq!(rows["TH"]["muc_do_dvht"], "Chưa đủ căn cứ");
    let out = hoctap()
        .args(["assess", p(&g), "--units", p(&u), "--nam", "2025", "-q", "--format", "table"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains("Chưa đủ căn cứ (chưa đủ căn cứ 3.2)"), "{table}");
}

#[test]
fn a_thpt_reaches_the_level_its_digital_transformation_reaches() {
    let d = Dir::new();
    let f = rosters(
        &d,
        &[
            ("NONE", (20, 20), (40, 40)),
            ("BASIC", (20, 20), (40, 40)),
            ("FULL", (20, 20), (40, 40)),
            ("TH", (20, 20), (40, 40)),
        ],
    );
    let previous = ["Mức độ 1", "", "01/02/2024", "2024"];
    let u = d.write(
        "u.csv",
        register(&[
            Unit {
                code: "NONE", level: "THPT", over: &[("3.5", "Không đạt"), ("M2-3.5", "Không đạt")], previous
            },
            Unit { code: "BASIC", level: "THPT", over: &[("M2-3.5", "Không đạt")], previous },
            Unit { code: "FULL", level: "Trường THPT", over: &[], previous },
            // A primary school: digital transformation is not asked, whatever the cell says.
            Unit {
                code: "TH", level: "Tiểu học", over: &[("3.5", "Không đạt"), ("M2-3.5", "Không đạt")], previous
            },
        ]),
    );
    let (_, rows, err) = assess_csv(&[&f], &["--units", p(&u), "--nam", "2025"]);
    let level = |c: &str| (rows[c]["muc_do_dvht"].as_str(), rows[c]["dvht_thieu"].as_str());
    assert_eq!(level("NONE"), ("Chưa đạt", "3.5"), "{err}");
    assert_eq!(level("BASIC"), ("Mức độ 1", "M2-3.5"));
    assert_eq!(level("FULL"), ("Mức độ 2", ""));
    assert_eq!(level("TH"), ("Mức độ 2", ""), "TH: its \"Không đạt\" cells are not read");
    let (rows, _) = assess_json(&[p(&f), "--units", p(&u), "--nam", "2025", "-q"]);
    assert_eq!(
        item(&rows["TH"], "M2-3.5")["minh_chung"],
        "không áp dụng: chỉ áp dụng cho THPT, Liên cấp có THPT, GDNN-GDTX thuộc Sở GDĐT; tệp đơn vị ghi Không đạt, không dùng"
    );
}

#[test]
fn the_third_chi_tieu_of_tieu_chi_2_must_be_answered() {
    let d = Dir::new();
    let f = rosters(&d, &[("A", (20, 20), (40, 40))]);
    let u = d.write(
        "u.csv",
        register(&[Unit {
            code: "A",
            level: "THPT",
            over: &[("2.3", "")],
            previous: ["Mức độ 1", "", "01/02/2024", ""],
        }]),
    );
    let (rows, _) = assess_json(&[p(&f), "--units", p(&u), "--nam", "2025", "-q"]);
    assert_eq!(rows["A"]["muc_do_dvht"], "Chưa đủ dữ liệu");
    assert_eq!(rows["A"]["dvht_thieu"], serde_json::json!(["2.3"]));
    assert_eq!(item(&rows["A"], "2.3")["chua_xac_minh"], "chưa tìm được nội dung chỉ tiêu này");
    // The unit-file template asks for it, with the decision's number and date.
    let out = hoctap().args(["template", "--units"]).output().unwrap();
    let header = String::from_utf8(out.stdout).unwrap();
    for column in ["2.3", "M2-3.5", "so_quyet_dinh", "ngay_quyet_dinh"] {
        assert!(header.trim_end().split(',').any(|c| c == column), "{column} in {header}");
    }
    // The dossier flags what no source confirms, and what no source settles.
    let dir = d.path("ho-so");
    hoctap().args(["dvht", p(&f), "--units", p(&u), "--nam", "2025", "-q", "-o", p(&dir)]).assert().code(0);
    let html = std::fs::read_to_string(dir.join("A.html")).unwrap();
    assert!(html.contains("[CHƯA XÁC MINH: chưa tìm được nội dung chỉ tiêu này]"), "{html}");
    assert!(html.contains("Chưa xác minh: Tiêu chí 2, Chỉ tiêu 1 (Mức độ 2) — ngưỡng 95% là phỏng đoán"), "{html}");
    assert!(html.contains("Điều kiện thời gian tính đến ngày 31/12/2025"), "{html}");
    // A primary school's dossier says what the unsettled share would give.
    let th = d.write("th.csv", register(&[unit("A", "Tiểu học", ["Mức độ 1", "", "01/02/2024", ""])]));
    let dir = d.path("ho-so-th");
    hoctap().args(["dvht", p(&f), "--units", p(&th), "--nam", "2025", "-q", "-o", p(&dir)]).assert().code(0);
    let html = std::fs::read_to_string(dir.join("A.html")).unwrap();
    assert!(html.contains("<td>Chưa đủ căn cứ (nếu áp dụng: Đạt)</td>"), "{html}");
}

#[test]
fn members_at_96_percent_show_beside_a_combined_98_percent() {
    let d = Dir::new();
    // 24/25 members = 96%, 74/75 learners = 98.66%, 98/100 together = 98%.
    let f = rosters(&d, &[("A", (24, 25), (74, 75)), ("B", (25, 25), (75, 75))]);
    let (code, rows, err) = assess_csv(&[&f], &[]);
    assert_eq!(code, 0, "the combined rate stays the target of record: {err}");
    let a = &rows["A"];
    let fields = [
        "ty_le",
        "dat_muc_tieu",
        "ty_le_thanh_vien",
        "dat_muc_tieu_thanh_vien",
        "ty_le_nguoi_hoc",
        "dat_muc_tieu_nguoi_hoc",
    ];
    let got: Vec<&str> = fields.iter().map(|k| a[*k].as_str()).collect();
    assert_eq!(got, ["98.00", "Đạt", "96.00", "Chưa đạt", "98.66", "Đạt"]);
    let total: Vec<&str> = fields.iter().map(|k| rows["TỔNG"][*k].as_str()).collect();
    assert_eq!(total, ["99.00", "Đạt", "98.00", "Đạt", "99.33", "Đạt"]);
    // JSON: numbers, like ty_le.
    let (json, _) = assess_json(&[p(&f), "-q"]);
    assert_eq!(
        (json["A"]["ty_le_thanh_vien"].as_f64(), json["A"]["dat_muc_tieu_thanh_vien"].as_str()),
        (Some(96.0), Some("Chưa đạt"))
    );
    // The HTML report names the unit; the Excel report paints its members' cells.
    let html = d.path("bao-cao.html");
    let xlsx = d.path("bao-cao.xlsx");
    hoctap().args(["assess", p(&f), "-q", "-o", p(&xlsx), "--html", p(&html)]).assert().code(0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Đạt mục tiêu chung nhưng tỷ lệ thành viên dưới 97% (1)"), "{page}");
    assert!(page.contains("A (thành viên 24/25 = 96,00%)"), "{page}");
    assert!(page.contains(r#"<td class="chua-dat">96,00 ✗</td>"#), "{page}");
    let sheets = crate::book::read(&xlsx);
    let top = sheets[0].1.iter().position(|r| r[0] == "Mã đơn vị").expect("the table's header");
    let units = &sheets[0].1[top..];
    let head: Vec<String> = units[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        head[16..],
        ["Tỷ lệ thành viên", "Thành viên: mục tiêu 97%", "Tỷ lệ người học", "Người học: mục tiêu 97%"]
    );
    assert_eq!(units[1][16], calamine::Data::Float(0.96));
    assert_eq!(units[1][17].to_string(), "Chưa đạt");
    // A's members' cells carry the red fill; B's do not.
    let ws = crate::book::part(&xlsx, "xl/worksheets/sheet1.xml");
    let style_of = |cell: &str| {
        let at = ws.find(&format!(r#"<c r="{cell}""#)).unwrap_or_else(|| panic!("{cell}"));
        ws[at..].split('>').next().unwrap().split("s=\"").nth(1).map(|s| s.split('"').next().unwrap().to_string())
    };
    assert_ne!(style_of("Q10"), style_of("Q11"), "A's members' rate is marked, B's is not");
    assert_eq!(style_of("S10"), style_of("S11"), "A's learners meet the target like B's");
}

#[test]
fn criteria_show_scope_time_rules_with_their_words_and_every_unverified_value() {
    let out = hoctap().arg("criteria").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "PHẠM VI ÁP DỤNG",
        "cơ sở giáo dục thuộc UBND xã/phường",
        "Chưa đủ căn cứ",
        "THPT, Liên cấp có THPT, GDNN-GDTX thuộc Sở GDĐT",
        "\"sau ít nhất 1 năm kể từ ngày ra quyết định công nhận\"",
        "\"trong thời hạn 3 năm tiếp theo năm được công nhận\"",
        "Công nhận năm R còn hiệu lực đến hết 31/12 năm R + 3",
        "⚠ CHƯA XÁC MINH: chưa tìm được nội dung chỉ tiêu này",
        "⚠ 3 chỉ tiêu có nội dung hoặc ngưỡng CHƯA XÁC MINH",
        "Tập thể lao động tiên tiến trở lên",
        "trong đơn vị và với các đơn vị khác",
        "\"đáp ứng\" theo Quyết định 4725/QĐ-BGDĐT",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    assert!(!text.contains("chưa đối chiếu văn bản gốc"), "the TT 24 notes that no longer hold are gone");
    let tt22 = String::from_utf8(hoctap().args(["criteria", "--criteria", "dvht-tt22-2020"]).output().unwrap().stdout)
        .unwrap();
    assert!(tt22.contains("Hiệu quả, tác động của việc xây dựng Đơn vị học tập"), "{tt22}");
    assert!(tt22.contains("Điều kiện xây dựng Đơn vị học tập"), "{tt22}");
    assert!(!tt22.contains("chưa đối chiếu"), "{tt22}");
}

#[test]
fn old_time_keys_are_refused_with_the_new_ones_named() {
    let d = Dir::new();
    let base = hoctap::criteria::EMBEDDED_TOML;
    let old = base.replace(
        "[dvht.hieu_luc]\nnam_tiep_theo = 3",
        "hieu_luc_nam = { gia_tri = 3, nguon = \"x\" }\n\n[dvht.hieu_luc]\nnam_tiep_theo = 3",
    );
    assert_ne!(old, base);
    let f = d.write("cu.toml", old);
    hoctap()
        .args(["criteria", "--check", p(&f)])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("hieu_luc_nam đã thay bằng [dvht.hieu_luc]"));
    let scope = base.replacen("cap_quan_ly = [\"so\"]\nnguon", "cap_quan_ly = [\"huyen\"]\nnguon", 1);
    assert_ne!(scope, base);
    let f = d.write("pv.toml", scope);
    hoctap()
        .args(["criteria", "--check", p(&f)])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cấp quản lý \"huyen\" không có trong [[cap_quan_ly]]"));
}

/// `hoctap criteria` gives each chỉ tiêu its place in the circular, as the dossier numbers it,
/// and the tiêu chí titles with their sources.
#[test]
fn criteria_show_each_chi_tieu_numbered_as_the_circular() {
    let out = hoctap().arg("criteria").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |code: &str| {
        let row = text.lines().find(|l| l.starts_with("│ Mức độ") && l.contains(&format!("┆ {code} ")));
        row.unwrap_or_else(|| panic!("no row {code}")).to_string()
    };
    assert!(row("1.1").contains("┆ Tiêu chí 1, Chỉ tiêu 1 ┆"), "{}", row("1.1"));
    assert!(row("3.1").contains("┆ Tiêu chí 3, Chỉ tiêu 1 ┆"), "{}", row("3.1"));
    assert!(row("M2-3.4").contains("┆ Tiêu chí 3, Chỉ tiêu 4 ┆"), "{}", row("M2-3.4"));
    assert!(text.contains("\nTiêu chí 1: Điều kiện xây dựng Đơn vị học tập (TT 24/2023/TT-BGDĐT"), "{text}");
}
