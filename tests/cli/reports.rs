//! Issue 4: the reports a Department and its schools file — the unit register, summaries by
//! group and division, Learning Unit time rules and the TT 22/2020 scale, who is close,
//! comparisons over time, ranking, the HTML report and the per-unit dossiers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::support::*;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xa-gia-tran").join(name)
}

/// Runs `hoctap` with `args` and returns (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = hoctap().args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn by_key(rows: Vec<HashMap<String, String>>, key: &str) -> HashMap<String, HashMap<String, String>> {
    rows.into_iter().map(|r| (r[key].clone(), r)).collect()
}

/// The declared chỉ tiêu of the embedded set, all "Đạt".
const CODES: [&str; 16] = [
    "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.3", "3.4", "3.5", "3.6", "M2-2.1", "M2-2.2", "M2-3.4",
    "M2-3.5",
];

/// A register of upper-secondary schools (every chỉ tiêu applies) that meet every declared
/// chỉ tiêu, with extra columns per unit.
fn register(extra_header: &str, units: &[(&str, &str)]) -> String {
    let met = vec!["Đạt"; CODES.len()].join(",");
    let mut out = format!("ma_don_vi,ten_don_vi,co_so_giao_duc,cap_hoc,{},{extra_header}\n", CODES.join(","));
    for (code, extra) in units {
        out += &format!("{code},Trường {code},Có,THPT,{met},{extra}\n");
    }
    out
}

#[test]
fn register_mismatches_are_listed_prominently() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("A", 5, 0) + &roster("X", 3, 0).lines().skip(1).collect::<Vec<_>>().join("\n"));
    let u = d.write("u.csv", "Mã đơn vị,Tên đơn vị\nA,Trường A\nB,Trường B chưa nộp\n");
    let (code, out, err) = run(&["assess", p(&f), "--units", p(&u), "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["doi_chieu"]["khong_co_danh_sach"], serde_json::json!(["B"]));
    assert_eq!(v["doi_chieu"]["khong_co_trong_tep_don_vi"], serde_json::json!(["X"]));
    assert!(
        err.contains("ĐỐI CHIẾU: 1 đơn vị có trong tệp đơn vị nhưng không có danh sách người (chưa nộp?): B"),
        "{err}"
    );
    assert!(err.contains("ĐỐI CHIẾU: 1 đơn vị có danh sách người nhưng không có trong tệp đơn vị: X"), "{err}");
    let (_, table, _) = run(&["assess", p(&f), "--units", p(&u), "-q"]);
    assert!(table.contains("chưa nộp?): B"), "{table}");
}

#[test]
fn a_disadvantaged_unit_lowers_the_threshold_unless_the_row_says_otherwise() {
    let d = Dir::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n",
        row_full("BLANK", "K", "Giáo viên", "", "", &scores_for(72)),
        row_full("NO", "K", "Giáo viên", "Không", "", &scores_for(72)),
        row_full("OTHER", "T", "Giáo viên", "", "", &scores_for(72)),
        row_full("YES", "T", "Giáo viên", "Có", "", &scores_for(72)),
    );
    let f = d.write("r.csv", text);
    let u = d.write("u.csv", "ma_don_vi,ten_don_vi,vung_kho_khan\nK,Trường vùng khó khăn,Có\nT,Trường thị trấn,\n");
    let people = persons(&d, &[&f], &["--units", p(&u)]);
    assert_eq!((people["BLANK"]["ket_qua"].as_str(), people["BLANK"]["nguong"].as_str()), ("Đạt", "70"));
    assert_eq!((people["NO"]["ket_qua"].as_str(), people["NO"]["nguong"].as_str()), ("Chưa đạt", "80"));
    assert_eq!((people["OTHER"]["ket_qua"].as_str(), people["OTHER"]["nguong"].as_str()), ("Chưa đạt", "80"));
    assert_eq!(people["YES"]["nguong"], "70");
    // Without the register, the blank row keeps the usual threshold.
    let people = persons(&d, &[&f], &[]);
    assert_eq!(people["BLANK"]["nguong"], "80");
}

/// Five units in three levels and two communes:
/// MN1 (Mầm non, Xã A) 10/10 · TH1 (Tiểu học, Xã A) 9/10 · TH2 (TH, Xã B) 20/20 ·
/// LC1 (TH&THCS liên cấp, Xã B) 30/33 · PT1 (THPT, Xã B, managed by the Sở) 0/0 (no roster).
fn five_units(d: &Dir) -> (PathBuf, PathBuf) {
    let mut text = roster("MN1", 10, 0);
    for (unit, ok, not) in [("TH1", 9, 1), ("TH2", 20, 0), ("LC1", 30, 3)] {
        text += &roster(unit, ok, not).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
    }
    let f = d.write("r.csv", text);
    let u = d.write(
        "u.csv",
        "Mã đơn vị,Tên đơn vị,Cấp học,Xã/phường,Cấp quản lý\n\
         MN1,Trường MN1,Mầm non,Xã A,\n\
         TH1,Trường TH1,Tiểu học,Xã A,\n\
         TH2,Trường TH2,TH,Xã B,\n\
         LC1,Trường LC1,TH&THCS,Xã B,UBND xã\n\
         PT1,Trường PT1,THPT,Xã B,\n",
    );
    (f, u)
}

fn summary(args: &[&str]) -> HashMap<String, HashMap<String, String>> {
    let (_, out, err) = run(args);
    assert!(out.starts_with("nhom,"), "{out}{err}");
    by_key(parse_csv(&out), "nhom")
}

#[test]
fn summaries_by_level_commune_and_manager_add_up_to_the_total() {
    let d = Dir::new();
    let (f, u) = five_units(&d);
    let base = ["assess", p(&f), "--units", p(&u), "--format", "csv", "-q"];
    let g = summary(&[&base[..], &["--by", "cap-hoc"]].concat());
    let cols =
        ["so_don_vi", "so_don_vi_dat_muc_tieu", "so_nguoi", "so_dat", "can_them", "dvht_muc_do_1", "dvht_chua_dat"];
    let get = |g: &HashMap<String, HashMap<String, String>>, k: &str, c: &str| g[k][c].parse::<u64>().unwrap();
    // Tiểu học: TH1 9/10 + TH2 20/20 = 29/30 = 96.66%; 1 of 2 units meets 97%; TH1 needs 1.
    assert_eq!(
        (get(&g, "Tiểu học", "so_don_vi"), get(&g, "Tiểu học", "so_dat"), get(&g, "Tiểu học", "so_nguoi")),
        (2, 29, 30)
    );
    assert_eq!(g["Tiểu học"]["ty_le"], "96.66");
    assert_eq!((get(&g, "Tiểu học", "so_don_vi_dat_muc_tieu"), get(&g, "Tiểu học", "can_them")), (1, 1));
    // Liên cấp: 30/33 needs ceil(0.97 × 33) − 30 = 3.
    assert_eq!(get(&g, "Liên cấp", "can_them"), 3);
    assert_eq!(get(&g, "THPT", "so_nguoi"), 0);
    let t = &g["TỔNG"];
    assert_eq!((t["so_don_vi"].as_str(), t["so_nguoi"].as_str(), t["so_dat"].as_str()), ("5", "73", "69"));
    for by in ["cap-hoc", "xa-phuong", "quan-ly"] {
        let g = summary(&[&base[..], &["--by", by]].concat());
        for c in cols {
            let sum: u64 = g.iter().filter(|(k, _)| *k != "TỔNG").map(|(k, _)| get(&g, k, c)).sum();
            assert_eq!(sum, get(&g, "TỔNG", c), "--by {by}: column {c} adds up");
        }
    }
    let g = summary(&[&base[..], &["--by", "xa-phuong"]].concat());
    assert_eq!((g["Xã A"]["so_nguoi"].as_str(), g["Xã B"]["so_nguoi"].as_str()), ("20", "53"));
    // The Sở manages THPT by default; LC1 says UBND xã; the others default to UBND xã.
    let g = summary(&[&base[..], &["--by", "quan-ly"]].concat());
    assert_eq!((g["Sở GDĐT"]["so_don_vi"].as_str(), g["UBND xã/phường"]["so_don_vi"].as_str()), ("1", "4"));
}

#[test]
fn each_division_sees_its_own_schools_with_its_own_total() {
    let d = Dir::new();
    let (f, u) = five_units(&d);
    let (code, rows, _) = assess_csv(&[&f], &["--units", p(&u), "--phong", "tieu-hoc"]);
    let mut codes: Vec<&String> = rows.keys().collect();
    codes.sort();
    assert_eq!(codes, ["LC1", "TH1", "TH2", "TỔNG"], "primary sees TH and liên cấp schools");
    assert_eq!((rows["TỔNG"]["so_nguoi"].as_str(), rows["TỔNG"]["so_dat"].as_str()), ("63", "59"));
    assert_eq!(code, 1);
    let (code, rows, _) = assess_csv(&[&f], &["--units", p(&u), "--phong", "mam-non"]);
    assert_eq!((code, rows.len(), rows["TỔNG"]["so_dat"].as_str()), (0, 2, "10"));
    let (code, _, err) = run(&["assess", p(&f), "--units", p(&u), "--phong", "dai-hoc"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("không có phòng \"dai-hoc\"") && err.contains("mam-non, tieu-hoc, trung-hoc, gdnn-gdtx"),
        "{err}"
    );
}

/// Units whose rosters and declarations meet every chỉ tiêu of level 2.
fn level_two_rosters(d: &Dir, units: &[&str]) -> PathBuf {
    let mut text = format!("{HEADER}\n");
    for unit in units {
        for i in 0..20 {
            text += &row(&format!("{unit}-gv-{i}"), unit, "Giáo viên", &scores_for(90));
            text += "\n";
        }
        for i in 0..40 {
            text += &row(&format!("{unit}-hs-{i}"), unit, "Học sinh", &scores_for(90));
            text += "\n";
        }
    }
    d.write("r.csv", text)
}

#[test]
fn level_two_needs_one_year_from_a_register_that_gives_only_years() {
    let d = Dir::new();
    let f = level_two_rosters(&d, &["A", "B", "C", "D", "E", "F"]);
    let u = d.write(
        "u.csv",
        register(
            "muc_do_cong_nhan,nam_cong_nhan",
            &[
                ("A", "Mức độ 1,2024"), // 2025 − 2024 = 1 year: level 2
                ("B", "Mức độ 1,2025"), // 0 years: level 1
                ("C", "Chưa,"),         // never recognised: level 1
                ("D", "1,2022"),        // recognised 2022: no source asks that it still holds
                ("E", "2,2023"),        // level 2 held since 2023: still valid
                ("F", "Mức độ 1,"),     // year missing: cannot decide
            ],
        ),
    );
    let (_, rows, err) = assess_csv(&[&f], &["--units", p(&u), "--nam", "2025"]);
    let level = |c: &str| (rows[c]["muc_do_dvht"].as_str(), rows[c]["dvht_thieu"].as_str());
    assert_eq!(level("A"), ("Mức độ 2", ""), "{err}");
    assert_eq!(level("B"), ("Mức độ 1", "TG-M2"));
    assert_eq!(level("C"), ("Mức độ 1", "TG-M2"));
    assert_eq!(level("D"), ("Mức độ 2", ""));
    assert_eq!(level("E"), ("Mức độ 2", ""));
    assert_eq!(level("F"), ("Mức độ 1", "TG-M2"));
    assert!(err.contains("đơn vị F đã được công nhận Mức độ 1 nhưng thiếu ngày quyết định và năm công nhận"), "{err}");
    assert!(err.contains("không có cột ngay_quyet_dinh với 4 đơn vị đã được công nhận"), "{err}");
    // In 2024, A's recognition of 2024 (taken as 31/12/2024) is not a year old.
    let (_, rows, _) = assess_csv(&[&f], &["--units", p(&u), "--nam", "2024"]);
    assert_eq!(rows["D"]["muc_do_dvht"], "Mức độ 2");
    assert_eq!(rows["A"]["muc_do_dvht"], "Mức độ 1");
    // The evidence says why, and the year comes from the register when --nam is absent.
    let u2 = d.write(
        "u2.csv",
        std::fs::read_to_string(&u)
            .unwrap()
            .replace("nam_cong_nhan\n", "nam_cong_nhan,nam_danh_gia\n")
            .replace(",2024\n", ",2024,2025\n"),
    );
    let (_, out, _) = run(&["assess", p(&f), "--units", p(&u2), "--format", "json", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let a = &v["don_vi"][0];
    assert_eq!(a["ma_don_vi"], "A");
    assert_eq!(a["muc_do_dvht"], "Mức độ 2");
    assert_eq!(a["dvht"]["nam_danh_gia"], 2025);
    assert_eq!(
        a["dvht"]["cong_nhan_truoc"],
        "Mức độ 1 (quyết định năm 2024, không ghi ngày), còn hiệu lực đến hết năm 2027"
    );
    let rule = a["dvht"]["chi_tieu"].as_array().unwrap().iter().find(|i| i["ma"] == "TG-M2").unwrap();
    assert_eq!(
        rule["minh_chung"],
        "công nhận Mức độ 1 theo quyết định năm 2024, không ghi ngày, coi là ngày 31/12/2024 vì tệp đơn vị chỉ ghi năm; đến ngày đánh giá 31/12/2025 (cuối năm đánh giá) được 365 ngày, đủ 1 năm (đủ từ ngày 31/12/2025)"
    );
    // Other units have no nam_danh_gia: the rule cannot be decided.
    let b = &v["don_vi"][1];
    let rule = b["dvht"]["chi_tieu"].as_array().unwrap().iter().find(|i| i["ma"] == "TG-M2").unwrap();
    assert_eq!(rule["ket_qua"], "Chưa có dữ liệu");
}

#[test]
fn without_a_previous_recognition_column_the_time_rule_is_not_applied_and_says_so() {
    let d = Dir::new();
    let f = level_two_rosters(&d, &["A"]);
    let u = d.write("u.csv", register("xa_phuong", &[("A", "Xã A")]));
    let (_, out, _) = run(&["assess", p(&f), "--units", p(&u), "--format", "json", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["don_vi"][0]["muc_do_dvht"], "Mức độ 2");
    assert!(v["don_vi"][0]["dvht"]["ghi_chu"][0].as_str().unwrap().contains("không có cột muc_do_cong_nhan"));
}

#[test]
fn the_tt22_scale_grades_at_its_boundaries() {
    let d = Dir::new();
    let units = ["T85", "K8499", "K70", "TB6999", "TB50", "CD4999", "BLANK", "OVER"];
    let mut text = format!("{HEADER}\n");
    for u in units {
        text += &row(&format!("{u}-1"), u, "Giáo viên", &scores_for(90));
        text += "\n";
    }
    let f = d.write("r.csv", text);
    let u = d.write(
        "u.csv",
        "ma_don_vi,ten_don_vi,TC1,TC2,TC3\n\
         T85,A,30,30,25\n\
         K8499,A,30,30,\"24,99\"\n\
         K70,A,20,20,30\n\
         TB6999,A,20,20,29.99\n\
         TB50,A,10,10,30\n\
         CD4999,A,10,10,29.99\n\
         BLANK,A,30,30,\n\
         OVER,A,31,30,30\n",
    );
    for criteria in
        ["dvht-tt22-2020".to_string(), format!("{}/criteria/dvht-tt22-2020.toml", env!("CARGO_MANIFEST_DIR"))]
    {
        let (_, rows, err) = assess_csv(&[&f], &["--units", p(&u), "--criteria", &criteria]);
        let grade = |c: &str| rows[c]["muc_do_dvht"].clone();
        assert_eq!(grade("T85"), "Tốt", "{err}");
        assert_eq!(grade("K8499"), "Khá");
        assert_eq!(grade("K70"), "Khá");
        assert_eq!(grade("TB6999"), "Trung bình");
        assert_eq!(grade("TB50"), "Trung bình");
        assert_eq!(grade("CD4999"), "Chưa đạt");
        assert_eq!((grade("BLANK"), rows["BLANK"]["dvht_thieu"].as_str()), ("Chưa đủ dữ liệu".into(), "TC3"));
        assert_eq!(grade("OVER"), "Chưa đủ dữ liệu");
        assert!(err.contains("cột \"TC1\": tiêu chí TC1 = 31 ngoài khoảng 0–30"), "{err}");
        // The person scale is untouched: the rosters' 90-point teachers are all recognised.
        assert_eq!(rows["TỔNG"]["so_dat"], "8");
    }
    let (_, out, _) =
        run(&["assess", p(&f), "--units", p(&u), "--criteria", "dvht-tt22-2020", "--format", "json", "-q"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let k = v["don_vi"].as_array().unwrap().iter().find(|x| x["ma_don_vi"] == "K8499").unwrap();
    assert_eq!(k["dvht"]["diem"], "84.99/100");
    let t = v["don_vi"].as_array().unwrap().iter().find(|x| x["ma_don_vi"] == "T85").unwrap();
    assert_eq!(t["dvht"]["cao_nhat"], true);
}

#[test]
fn a_set_can_extend_another_and_replace_whole_tables() {
    let d = Dir::new();
    let child = d.write(
        "ke-thua.toml",
        "ke_thua = \"ninh-binh-2025\"\n\n[bo]\nma = \"thu\"\nten = \"Thử\"\nphien_ban = \"1\"\n\n[muc_tieu]\nty_le = 95\nnguon = \"thử\"\n",
    );
    let (code, out, err) = run(&["criteria", "--check", p(&child)]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("10 chỉ số, 2 mức độ"), "{out}");
    let f = d.write("r.csv", roster("U", 95, 5));
    let (code, rows, _) = assess_csv(&[&f], &["--criteria", p(&child)]);
    assert_eq!((code, rows["U"]["dat_muc_tieu"].as_str()), (0, "Đạt"), "95% meets the child's 95");
    // A misspelt key in the child is refused at its line and column in the child.
    let bad = d.write("bad.toml", "ke_thua = \"ninh-binh-2025\"\n[bo]\nma = \"x\"\nten = \"x\"\nphien_ban = \"1\"\n[muc_tieu]\nty_le = 95\nnguon = \"x\"\nty_lee = 1\n");
    let (code, _, err) = run(&["criteria", "--check", p(&bad)]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml, dòng 9, cột 1") && err.contains("ty_lee"), "{err}");
    // A base that does not exist, and a file with neither a base nor every table.
    let nobase = d.write("nobase.toml", "ke_thua = \"khong-co\"\n[bo]\nma = \"x\"\nten = \"x\"\nphien_ban = \"1\"\n");
    let (code, _, err) = run(&["criteria", "--check", p(&nobase)]);
    assert!(code == 2 && err.contains("dòng 1, cột 11") && err.contains("không có bộ nhúng sẵn"), "{err}");
    let partial = d.write("partial.toml", "[bo]\nma = \"x\"\nten = \"x\"\nphien_ban = \"1\"\n");
    let (code, _, err) = run(&["criteria", "--check", p(&partial)]);
    assert!(code == 2 && err.contains("thiếu bảng [cdht]") && err.contains("ke_thua"), "{err}");
    // A chain through a file next to the child.
    let grand =
        d.write("chau.toml", "ke_thua = \"ke-thua.toml\"\n[bo]\nma = \"chau\"\nten = \"Cháu\"\nphien_ban = \"1\"\n");
    let (code, rows, _) = assess_csv(&[&f], &["--criteria", p(&grand)]);
    assert_eq!((code, rows["U"]["dat_muc_tieu"].as_str()), (0, "Đạt"));
    let cycle = d.write("vong.toml", "ke_thua = \"vong.toml\"\n[bo]\nma = \"v\"\nten = \"v\"\nphien_ban = \"1\"\n");
    let (code, _, err) = run(&["criteria", "--check", p(&cycle)]);
    assert!(code == 2 && err.contains("kế thừa chính nó"), "{err}");
}

#[test]
fn the_close_list_puts_who_lacks_least_first() {
    let d = Dir::new();
    let nine = |first: &str, second: &str| {
        let mut v = vec!["9".to_string(); 10];
        v[0] = first.into();
        v[1] = second.into();
        v
    };
    let rows = [
        row("P4", "U", "Giáo viên", &scores_for(60)),     // needs 20
        row("P1", "U", "Giáo viên", &scores_for(79)),     // needs 1, no low indicator
        row("P5", "U", "Giáo viên", &nine("4.5", "4.5")), // 81; two at 4.5: needs 1
        row("P3", "U", "Giáo viên", &s(&["7.5", "8", "8", "8", "8", "8", "8", "8", "8", "8"])), // 79.5: needs 0.5
        row("P2", "U", "Giáo viên", &nine("4", "9")),     // 85; one at 4: needs 1
        row("P0", "U", "Giáo viên", &scores_for(79)),     // as P1, smaller id
        row("OK", "U", "Giáo viên", &scores_for(90)),     // recognised: never listed
    ];
    let f = d.write("r.csv", format!("{HEADER}\n{}\n", rows.join("\n")));
    let (_, out, _) = run(&["assess", p(&f), "--gan-dat", "--format", "csv", "-q"]);
    let list = parse_csv(&out);
    let ids: Vec<&str> = list.iter().map(|r| r["ma_dinh_danh"].as_str()).collect();
    assert_eq!(ids, ["P3", "P0", "P1", "P2", "P5", "P4"]);
    let need: Vec<&str> = list.iter().map(|r| r["diem_can_them"].as_str()).collect();
    assert_eq!(need, ["0.5", "1", "1", "1", "1", "20"]);
    assert_eq!(list[3]["chi_so_duoi_toi_thieu"], "1.1 = 4");
    assert_eq!(list[4]["chi_so_duoi_toi_thieu"], "1.1 = 4.5; 1.2 = 4.5");
    assert_eq!((list[0]["so_chua_dat"].as_str(), list[0]["can_them"].as_str()), ("6", "6"));
    // Only the nearest N are kept.
    let (_, out, _) = run(&["assess", p(&f), "--gan-dat=3", "--format", "csv", "-q"]);
    let ids: Vec<String> = parse_csv(&out).into_iter().map(|r| r["ma_dinh_danh"].clone()).collect();
    assert_eq!(ids, ["P3", "P0", "P1"]);
    let (code, _, err) = run(&["assess", p(&f), "--gan-dat=3", "--by", "cap-hoc", "-q"]);
    assert!(code == 2 && err.contains("chỉ chọn một"), "{err}");
}

#[test]
fn ranking_breaks_ties_deterministically_and_names_candidates_for_commendation() {
    let d = Dir::new();
    let f = level_two_rosters(&d, &["L2"]);
    let mut text = std::fs::read_to_string(&f).unwrap();
    for (unit, ok, not) in [("A", 10, 0), ("B", 20, 0), ("C", 97, 3), ("D", 32, 1), ("E", 64, 2)] {
        text += &roster(unit, ok, not).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
    }
    let f = d.write("all.csv", text);
    let u = d.write("u.csv", register("xa_phuong", &[("L2", "X")]) + "Z,Trường Z chưa nộp,Có\n");
    let (_, out, _) = run(&["assess", p(&f), "--units", p(&u), "--xep-hang", "--format", "csv", "-q"]);
    let rows = parse_csv(&out);
    let order: Vec<&str> = rows.iter().map(|r| r["ma_don_vi"].as_str()).collect();
    // 100%: L2 (60 people), B (20), A (10); then D 32/33 = E 64/66 exactly (E larger), C 97%; Z nobody.
    assert_eq!(order, ["L2", "B", "A", "C", "E", "D", "Z"]);
    let khen: Vec<&str> = rows.iter().map(|r| r["de_nghi_khen_thuong"].as_str()).collect();
    assert_eq!(khen, ["100% CDHT; ĐVHT Mức độ 2", "100% CDHT", "100% CDHT", "", "", "", ""]);
    assert_eq!(rows[0]["hang"], "1");
}

#[test]
fn compare_shows_what_changed_and_units_that_came_and_went() {
    let d = Dir::new();
    let join = |parts: &[String]| {
        let mut t = format!("{HEADER}\n");
        for p in parts {
            t += &p.lines().skip(1).map(|l| format!("{l}\n")).collect::<String>();
        }
        t
    };
    let old = d.write("old.csv", join(&[roster("A", 9, 1), roster("B", 10, 0), roster("C", 5, 0)]));
    let new = d.write("new.csv", join(&[roster("A", 10, 0), roster("B", 9, 1), roster("D", 3, 0)]));
    for (src, out) in [(&old, "old.json"), (&new, "new.json")] {
        hoctap()
            .args(["assess", "-q", "--exit-zero", "--format", "json", "-o"])
            .arg(d.path(out))
            .arg(src)
            .assert()
            .code(0);
    }
    let (code, out, err) = run(&["compare", p(&d.path("old.json")), p(&d.path("new.json")), "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let rows = by_key(parse_csv(&out), "ma_don_vi");
    let a = &rows["A"];
    assert_eq!(
        (a["so_dat_truoc"].as_str(), a["so_dat_sau"].as_str(), a["so_dat_thay_doi"].as_str()),
        ("9", "10", "+1")
    );
    assert_eq!((a["ty_le_thay_doi"].as_str(), a["muc_tieu_thay_doi"].as_str()), ("+10.00", "mới đạt"));
    let b = &rows["B"];
    assert_eq!((b["so_dat_thay_doi"].as_str(), b["ty_le_thay_doi"].as_str()), ("-1", "-10.00"));
    assert_eq!(b["muc_tieu_thay_doi"], "không còn đạt");
    assert_eq!((rows["C"]["trang_thai"].as_str(), rows["C"]["so_dat_sau"].as_str()), ("không còn", ""));
    assert_eq!((rows["D"]["trang_thai"].as_str(), rows["D"]["so_dat_truoc"].as_str()), ("mới có", ""));
    // Total: 24/25 = 96.00% then 22/23 = 95.65%.
    let t = &rows["TỔNG"];
    assert_eq!(
        (t["ty_le_truoc"].as_str(), t["ty_le_sau"].as_str(), t["ty_le_thay_doi"].as_str()),
        ("96.00", "95.65", "-0.35")
    );
    let (_, out, _) = run(&["compare", p(&d.path("old.json")), p(&d.path("new.json")), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["don_vi_moi"], serde_json::json!(["D"]));
    assert_eq!(v["don_vi_khong_con"], serde_json::json!(["C"]));
    let (_, table, _) = run(&["compare", p(&d.path("old.json")), p(&d.path("new.json"))]);
    assert!(table.contains("Đơn vị mới có ở lần sau: D") && table.contains("Đơn vị không còn ở lần sau: C"), "{table}");
    let (code, _, err) = run(&["compare", p(&old), p(&d.path("new.json"))]);
    assert!(code == 2 && err.contains("hoctap assess --format json"), "{err}");
}

#[test]
fn the_html_report_is_self_contained_with_the_numbers_in_it() {
    let d = Dir::new();
    let out = d.path("bao-cao.html");
    let (code, _, err) = run(&[
        "assess",
        p(&example("danh-sach.csv")),
        "--units",
        p(&example("don-vi.csv")),
        "--gan-dat=3",
        "-o",
        p(&out),
        "-q",
    ]);
    assert_eq!(code, 1, "{err}");
    let html = d.read("bao-cao.html");
    for needle in [
        "<!DOCTYPE html>",
        "97,48",
        "96,96",
        "155/159",
        "3/4 đơn vị đạt mục tiêu",
        "<svg",
        "Tổng hợp theo cấp học",
        "Đơn vị chưa đạt mục tiêu (1)",
        "THCS-GT",
        "Mức độ 2",
        "100% CDHT; ĐVHT Mức độ 2",
        "3787489755",
        "@media print",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    for banned in ["http://", "https://", "src=", "@import", "<script", "<link", "url("] {
        assert!(!html.contains(banned), "external reference {banned}");
    }
    // Data is escaped.
    let f = d.write("x.csv", roster("<b>U</b>", 1, 0).replace("Đơn vị <b>U</b>", "Trường <i>&</i>"));
    let (_, html, _) = run(&["assess", p(&f), "--format", "html", "-q"]);
    assert!(html.contains("&lt;b&gt;U&lt;/b&gt;") && html.contains("Trường &lt;i&gt;&amp;&lt;/i&gt;"), "not escaped");
    assert!(!html.contains("<b>U</b>"));
}

#[test]
fn dvht_writes_one_dossier_per_unit_in_excel_and_html() {
    let d = Dir::new();
    let dir = d.path("ho-so");
    let (roster, units) = (example("danh-sach.csv"), example("don-vi.csv"));
    let args = ["dvht", p(&roster), "--units", p(&units), "-o", p(&dir)];
    let (code, _, err) = run(&args);
    assert_eq!(code, 0, "{err}");
    let mut names: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 8, "{names:?}");
    assert!(names.contains(&"TH-GT.html".to_string()) && names.contains(&"TH-GT.xlsx".to_string()));
    let th = std::fs::read_to_string(dir.join("TH-GT.html")).unwrap();
    for needle in [
        "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU",
        "Trường Tiểu học Gia Trấn",
        "85/88 = 96,59% &lt; 97%",
        "Tiêu chí 3, Chỉ tiêu 2 (Mức độ 2)",
        "Điều kiện thời gian",
        "Kết quả tự đánh giá: Mức độ 1",
        "Mức độ 1 (quyết định số 186/QĐ-UBND ngày 12/02/2024), còn hiệu lực đến hết năm 2027",
        "Chưa đủ căn cứ",
    ] {
        assert!(th.contains(needle), "missing {needle}");
    }
    let xlsx = std::fs::read(dir.join("TH-GT.xlsx")).unwrap();
    assert!(xlsx.starts_with(b"PK"), "an xlsx is a zip");
    let dir2 = d.path("lan-2");
    let (code, _, _) = run(&[&args[..4], &["-o", p(&dir2)]].concat());
    assert_eq!(code, 0);
    assert_eq!(std::fs::read(dir2.join("TH-GT.xlsx")).unwrap(), xlsx, "same input, same bytes");
}

#[test]
fn bundled_example_tours_summary_and_previous_term() {
    let d = Dir::new();
    let (_, out, _) = run(&[
        "assess",
        p(&example("danh-sach.csv")),
        "--units",
        p(&example("don-vi.csv")),
        "--by",
        "cap-hoc",
        "--format",
        "csv",
        "-q",
    ]);
    let g = by_key(parse_csv(&out), "nhom");
    assert_eq!((g["Tiểu học"]["so_dat"].as_str(), g["THCS"]["can_them"].as_str()), ("97", "1"));
    assert_eq!(g["TỔNG"]["so_nguoi"], "159");
    for (src, reg, out) in [
        (example("ky-truoc/danh-sach.csv"), example("ky-truoc/don-vi.csv"), "truoc.json"),
        (example("danh-sach.csv"), example("don-vi.csv"), "nay.json"),
    ] {
        hoctap()
            .args(["assess", "-q", "--exit-zero", "--format", "json", "--units"])
            .arg(reg)
            .arg("-o")
            .arg(d.path(out))
            .arg(src)
            .assert()
            .code(0);
    }
    let (_, out, _) = run(&["compare", p(&d.path("truoc.json")), p(&d.path("nay.json")), "--format", "csv"]);
    let rows = by_key(parse_csv(&out), "ma_don_vi");
    assert_eq!((rows["TH-GT"]["so_dat_truoc"].as_str(), rows["TH-GT"]["so_dat_sau"].as_str()), ("92", "97"));
    assert_eq!(rows["TH-GT"]["dvht_thay_doi"], "lên");
    assert_eq!(rows["MG-GT-B"]["trang_thai"], "không còn");
    assert_eq!(rows["TTHTCD-GT"]["trang_thai"], "mới có");
}

#[test]
fn a_family_set_is_added_as_data_without_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/gia-dinh-hoc-tap");
    let criteria = dir.join("tieu-chi.toml");
    let (code, rows, err) = assess_csv(&[&dir.join("danh-sach.csv")], &["--criteria", p(&criteria)]);
    // H01 86, H02 72, H03 96 in T1: 2/3 = 66.66% ≥ 60%; H04 70, H05 86 in T2: 1/2 = 50%.
    assert_eq!((rows["T1"]["so_dat"].as_str(), rows["T1"]["ty_le"].as_str()), ("2", "66.66"), "{err}");
    assert_eq!((rows["T2"]["dat_muc_tieu"].as_str(), rows["T2"]["can_them"].as_str()), ("Chưa đạt", "1"));
    assert_eq!(code, 1);
}

#[test]
fn one_run_writes_the_excel_and_the_html_report_together() {
    let d = Dir::new();
    let (xlsx, html) = (d.path("bao-cao.xlsx"), d.path("bao-cao.html"));
    let (code, _, err) = run(&[
        "assess",
        p(&example("danh-sach.csv")),
        "--units",
        p(&example("don-vi.csv")),
        "--gan-dat=3",
        "-o",
        p(&xlsx),
        "--html",
        p(&html),
        "-q",
    ]);
    assert_eq!(code, 1, "{err}");
    // The Excel report has the view asked for as a sheet; the HTML has everything.
    assert_eq!(xlsx_mark(&xlsx).as_deref(), Some("bao-cao"), "a marked workbook");
    let page = d.read("bao-cao.html");
    for needle in ["97,48", "Tổng hợp theo cấp học", "Đơn vị chưa đạt mục tiêu (1)", "3787489755"] {
        assert!(page.contains(needle), "missing {needle}");
    }
    // Without --gan-dat, -o bao-cao.xlsx is the full report workbook.
    let (code, _, err) = run(&["assess", p(&example("danh-sach.csv")), "-o", p(&xlsx), "-q"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(xlsx_mark(&xlsx).as_deref(), Some("bao-cao"));
}
