use crate::support::*;

fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[test]
fn scoring_edges_exactly_80_and_79_5_and_indicator_5_and_4_5() {
    let d = Dir::new();
    let mut text = format!("{HEADER}\n");
    // 80 exactly, all indicators ≥ 5: recognised.
    text += &row("A80", "U", "Giáo viên", &scores_for(80));
    text += "\n";
    // 79.5: not recognised.
    text += &row("A795", "U", "Giáo viên", &s(&["7.5", "8", "8", "8", "8", "8", "8", "8", "8", "8"]));
    text += "\n";
    // One indicator exactly 5, total 86: recognised.
    text += &row("I5", "U", "Giáo viên", &s(&["5", "9", "9", "9", "9", "9", "9", "9", "9", "9"]));
    text += "\n";
    // One indicator 4.5, total 85.5: not recognised however high the total.
    text += &row("I45", "U", "Giáo viên", &s(&["4.5", "9", "9", "9", "9", "9", "9", "9", "9", "9"]));
    text += "\n";
    let f = d.write("r.csv", text);
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["A80"]["ket_qua"], "Đạt");
    assert_eq!(p["A80"]["tong_diem"], "80");
    assert_eq!(p["A80"]["nguong"], "80");
    assert_eq!(p["A795"]["ket_qua"], "Chưa đạt");
    assert_eq!(p["A795"]["tong_diem"], "79.5");
    assert_eq!(p["A795"]["ly_do"], "Tổng 79.5 < 80");
    assert_eq!(p["I5"]["ket_qua"], "Đạt");
    assert_eq!(p["I45"]["ket_qua"], "Chưa đạt");
    assert_eq!(p["I45"]["ly_do"], "Chỉ số 1.1 = 4.5 < 5");
    assert_eq!(p["I45"]["tc1"], "31.5");
    assert_eq!(p["I45"]["tc2"], "36");
    assert_eq!(p["I45"]["tc3"], "18");
}

#[test]
fn disadvantaged_area_uses_70() {
    let d = Dir::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n",
        row_full("V72", "U", "Giáo viên", "Có", "", &scores_for(72)),
        row_full("N72", "U", "Giáo viên", "Không", "", &scores_for(72)),
        row_full("V69", "U", "Giáo viên", "có", "", &s(&["7", "7", "7", "7", "7", "7", "7", "7", "7", "6"])),
    );
    let f = d.write("r.csv", text);
    let p = persons(&d, &[&f], &[]);
    assert_eq!((p["V72"]["ket_qua"].as_str(), p["V72"]["nguong"].as_str()), ("Đạt", "70"));
    assert_eq!((p["N72"]["ket_qua"].as_str(), p["N72"]["nguong"].as_str()), ("Chưa đạt", "80"));
    assert_eq!(p["V69"]["ket_qua"], "Chưa đạt");
    assert_eq!(p["V69"]["ly_do"], "Tổng 69 < 70");
}

#[test]
fn rate_and_can_them_at_the_boundary() {
    let d = Dir::new();
    let a = d.write("a.csv", roster("U97", 97, 3));
    let b = d.write("b.csv", roster("U96", 96, 4));
    let c = d.write("c.csv", roster("U32", 32, 1));
    let e = d.write("e.csv", roster("U33", 33, 0));
    let (code, rows, _) = assess_csv(&[&a, &b, &c, &e], &[]);
    assert_eq!(code, 1, "U96 and U32 are below target");
    let u = &rows["U97"];
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["ty_le"].as_str()), ("100", "97", "97.00"));
    assert_eq!((u["dat_muc_tieu"].as_str(), u["can_them"].as_str()), ("Đạt", "0"));
    let u = &rows["U96"];
    assert_eq!((u["ty_le"].as_str(), u["dat_muc_tieu"].as_str(), u["can_them"].as_str()), ("96.00", "Chưa đạt", "1"));
    // 32 of 33 is 96.96…%: below; 33 of 33 is needed.
    let u = &rows["U32"];
    assert_eq!((u["ty_le"].as_str(), u["dat_muc_tieu"].as_str(), u["can_them"].as_str()), ("96.96", "Chưa đạt", "1"));
    assert_eq!(rows["U33"]["dat_muc_tieu"], "Đạt");
    let t = &rows["TỔNG"];
    assert_eq!((t["so_nguoi"].as_str(), t["so_dat"].as_str()), ("266", "258"));
    // ceil(0.97 × 266) = 259 (258.02 rounds up).
    assert_eq!(t["can_them"], "1");
}

#[test]
fn exclusions_leave_the_denominator_and_are_reported() {
    let d = Dir::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n",
        row("P1", "U", "Giáo viên", &scores_for(90)),
        row_full("P2", "U", "Giáo viên", "", "Nghỉ dài hạn", &vec![String::new(); 10]),
        row_full("P3", "U", "Học sinh", "", "đã chuyển đi", &vec![String::new(); 10]),
        row_full("P4", "U", "Giáo viên", "", "Đang làm việc", &scores_for(85)),
    );
    let f = d.write("r.csv", text);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    let u = &rows["U"];
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_loai_tru"].as_str()), ("2", "2", "2"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("4 dòng đọc = 2 được tính (2 đạt, 0 lỗi) + 2 loại trừ + 0 trùng"), "{stderr}");
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["P2"]["ket_qua"], "Loại trừ");
    assert_eq!(p["P2"]["ly_do"], "Nghỉ dài hạn: không tính vào mẫu số");
    assert_eq!(p["P3"]["ket_qua"], "Loại trừ");
}

#[test]
fn duplicates_are_counted_once_and_name_the_first_row() {
    let d = Dir::new();
    let a = d.write(
        "a.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("X1", "U", "Giáo viên", &scores_for(90)),
            row("X1", "U", "Giáo viên", &scores_for(60))
        ),
    );
    let b = d.write("b.csv", format!("{HEADER}\n{}\n", row(" x1 ", "V", "Giáo viên", &scores_for(90))));
    let (code, rows, stderr) = assess_csv(&[&a, &b], &[]);
    assert_eq!(code, 1, "a duplicate fails the run");
    assert_eq!((rows["U"]["so_nguoi"].as_str(), rows["U"]["so_trung"].as_str()), ("1", "1"));
    assert_eq!((rows["V"]["so_nguoi"].as_str(), rows["V"]["so_trung"].as_str()), ("0", "1"));
    // The three copies disagree (scores, unit): a conflict, counted once as Lỗi in the unit
    // whose code comes first, every copy listed with every place.
    assert!(stderr.contains("a.csv, dòng 3, cột \"ma_dinh_danh\": mã định danh X1 có 3 bản ghi khác nhau"), "{stderr}");
    assert!(stderr.contains("dòng 2 (đơn vị U), dòng 3 (đơn vị U), dòng 2 tệp"), "{stderr}");
    assert!(stderr.contains("b.csv, dòng 2, cột \"ma_dinh_danh\": mã định danh x1 có 3 bản ghi"), "{stderr}");
    assert!(stderr.contains("3 dòng đọc = 1 được tính (0 đạt, 1 lỗi) + 0 loại trừ + 2 trùng"), "{stderr}");
    // Identical copies stay plain duplicates naming the first.
    let c = d.write(
        "c.csv",
        format!(
            "{HEADER}\n{}\n{}\n",
            row("X2", "U", "Giáo viên", &scores_for(90)),
            row("X2", "U", "Giáo viên", &scores_for(90))
        ),
    );
    let (_, rows, stderr) = assess_csv(&[&c], &[]);
    assert_eq!((rows["U"]["so_dat"].as_str(), rows["U"]["so_trung"].as_str()), ("1", "1"));
    assert!(stderr.contains("c.csv, dòng 3, cột \"ma_dinh_danh\": trùng mã định danh X2 với dòng 2;"), "{stderr}");
}

#[test]
fn a_person_who_moved_is_excluded_at_one_school_and_counted_at_the_other() {
    let d = Dir::new();
    let a = d.write(
        "a.csv",
        format!("{HEADER}\n{}\n", row_full("M1", "A", "Giáo viên", "", "Đã chuyển đi", &vec![String::new(); 10])),
    );
    let b = d.write("b.csv", format!("{HEADER}\n{}\n", row("M1", "B", "Giáo viên", &scores_for(90))));
    let (code, rows, _) = assess_csv(&[&a, &b], &[]);
    assert_eq!(rows["A"]["so_loai_tru"], "1");
    assert_eq!((rows["B"]["so_dat"].as_str(), rows["B"]["so_trung"].as_str()), ("1", "0"));
    assert_eq!(code, 1, "unit A has nobody counted, so it cannot meet the target");
}

#[test]
fn invalid_rows_count_as_not_recognised_with_reasons() {
    let d = Dir::new();
    let mut blank = scores_for(90);
    blank[5] = String::new();
    let mut high = scores_for(90);
    high[0] = "11".into();
    let mut text_score = scores_for(90);
    text_score[9] = "tám".into();
    let text = format!(
        "{HEADER}\n{}\n{}\n{}\n{}\n{}\n{}\n",
        row("E1", "U", "Giáo viên", &blank),
        row("E2", "U", "Giáo viên", &high),
        row("E3", "U", "Giáo viên", &text_score),
        row("E4", "U", "12", &scores_for(90)),
        row("", "U", "Giáo viên", &scores_for(90)),
        row("OK", "U", "Giáo viên", &scores_for(90)),
    );
    let f = d.write("r.csv", text);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(code, 1);
    let u = &rows["U"];
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_loi"].as_str()), ("6", "1", "5"));
    assert!(stderr.contains("r.csv, dòng 2, cột \"chi_so_2_2\": thiếu điểm chỉ số 2.2"), "{stderr}");
    assert!(stderr.contains("dòng 3, cột \"chi_so_1_1\": chỉ số 1.1 = 11 ngoài khoảng 0–10"), "{stderr}");
    assert!(stderr.contains("dòng 4, cột \"chi_so_3_2\": điểm chỉ số 3.2 \"tám\" không phải là số"), "{stderr}");
    assert!(stderr.contains("dòng 5, cột \"doi_tuong\": đối tượng \"12\" không có trong bộ tiêu chí"), "{stderr}");
    assert!(stderr.contains("dòng 6, cột \"ma_dinh_danh\": thiếu mã định danh"), "{stderr}");
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["E1"]["ket_qua"], "Lỗi");
    assert_eq!(p["E1"]["tong_diem"], "");
}

#[test]
fn vietnamese_headers_semicolons_decimal_comma_bom_and_crlf() {
    let d = Dir::new();
    let text = "\u{feff}TRƯỜNG THCS A\r\n\r\nSTT;Mã định danh Bộ GD&ĐT;Họ và tên;Mã trường;Tên trường;Đối tượng;CS1.1;CS 1.2;Chỉ số 1.3;TC1.4;2.1;Điểm 2.2;chi so 2.3;CHỈ SỐ 2.4;Cs3.1;cs3.2\r\n\
        1;001;Lê Văn An;T1;Trường A;Giáo viên;8,5;8;8;8;8;8;8;8;8;8\r\n\
        2;002;Trần Thị Bình;T1;Trường A;Học sinh;7,5;8;8;8;8;8;8;8;8;7,5\r\n";
    let f = d.write("r.csv", text);
    let (code, rows, stderr) = assess_csv(&[&f], &[]);
    let u = &rows["T1"];
    assert_eq!(u["ten_don_vi"], "Trường A");
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str()), ("2", "1"), "{stderr}");
    assert_eq!((u["thanh_vien_so_dat"].as_str(), u["nguoi_hoc_so_nguoi"].as_str()), ("1", "1"));
    assert_eq!(code, 1);
    assert!(stderr.contains("các cột không dùng đến, được bỏ qua: STT"), "{stderr}");
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["001"]["tong_diem"], "80.5");
    assert_eq!(p["002"]["tong_diem"], "79");
    // Line numbers are the ones the officer sees, after a title and a blank line, with CRLF.
    let mut e = text.replace(";7,5;8;8;8;8;8;8;8;8;7,5", ";7,5;8;8;8;8;8;8;8;8;x");
    e.push_str("3;003;Ngô An;T1;Trường A;Giáo viên;8;8;8;8;8;8;8;8;8;8\r\n");
    let g = d.write("g.csv", e);
    let (_, _, stderr) = assess_csv(&[&g], &[]);
    assert!(stderr.contains("g.csv, dòng 5, cột \"cs3.2\""), "{stderr}");
}

#[test]
fn tab_and_forced_delimiter() {
    let d = Dir::new();
    let text = roster("U", 3, 0).replace(',', "\t");
    let f = d.write("r.tsv", &text);
    let (_, rows, _) = assess_csv(&[&f], &[]);
    assert_eq!(rows["U"]["so_dat"], "3");
    let p = d.write("p.txt", roster("U", 2, 0).replace(',', "|"));
    let (_, rows, _) = assess_csv(&[&p], &["--delimiter", "|"]);
    assert_eq!(rows["U"]["so_dat"], "2");
}

#[test]
fn nfd_text_matches_nfc_values_and_is_written_as_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let d = Dir::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n",
        row_full("N1", "U", "Học sinh", "", "", &scores_for(90)),
        row_full("N2", "U", "GIÁO VIÊN", "", "Nghỉ dài hạn", &vec![String::new(); 10]),
    );
    let nfd: String = text.nfd().collect();
    assert_ne!(nfd, text);
    let f = d.write("r.csv", &nfd);
    let (_, rows, _) = assess_csv(&[&f], &[]);
    assert_eq!((rows["U"]["nguoi_hoc_so_dat"].as_str(), rows["U"]["so_loai_tru"].as_str()), ("1", "1"));
    assert_eq!(rows["U"]["ten_don_vi"], "Đơn vị U");
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["N1"]["ho_ten"], "Người N1");
    assert_eq!(p["N1"]["doi_tuong"], "Học sinh");
}

#[test]
fn file_without_unit_column_is_one_unit_named_by_flag_or_stem() {
    let d = Dir::new();
    let text = roster("X", 2, 0).replace(",X,Đơn vị X,", ",").replace("ma_don_vi,ten_don_vi,", "");
    let f = d.write("truong-a.csv", text);
    let (_, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(rows["truong-a"]["so_dat"], "2", "{stderr}");
    let (_, rows, _) = assess_csv(&[&f], &["--don-vi", "37001"]);
    assert_eq!(rows["37001"]["so_dat"], "2");
}

#[test]
fn stdin_is_read_with_dash() {
    let out = hoctap().args(["assess", "-", "--format", "csv", "-q"]).write_stdin(roster("S", 4, 0)).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rows = parse_csv(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(rows[0]["ma_don_vi"], "S");
    assert_eq!(rows[0]["so_dat"], "4");
}

#[test]
fn csv_contract_columns_and_total_row() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("B", 1, 0) + &roster("A", 1, 0).lines().skip(1).collect::<Vec<_>>().join("\n"));
    let out = hoctap().args(["assess", "--format", "csv", "-q"]).arg(&f).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert_eq!(
        first,
        "ma_don_vi,ten_don_vi,so_nguoi,so_dat,ty_le,dat_muc_tieu,can_them,thanh_vien_so_nguoi,thanh_vien_so_dat,nguoi_hoc_so_nguoi,nguoi_hoc_so_dat,so_loai_tru,so_loi,so_trung,muc_do_dvht,dvht_thieu,ty_le_thanh_vien,dat_muc_tieu_thanh_vien,ty_le_nguoi_hoc,dat_muc_tieu_nguoi_hoc,hoctap"
    );
    // Every row carries the mark of a report, so a later run never reads it as a roster.
    assert!(parse_csv(&text).iter().all(|r| r["hoctap"] == "bao-cao"), "{text}");
    let codes: Vec<String> = parse_csv(&text).into_iter().map(|r| r["ma_don_vi"].clone()).collect();
    assert_eq!(codes, ["A", "B", "TỔNG"], "sorted by code, total last");
}

#[test]
fn json_uses_the_same_names() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 32, 1));
    let out = hoctap().args(["assess", "--format", "json", "-q"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let u = &v["don_vi"][0];
    assert_eq!(u["ma_don_vi"], "U");
    assert_eq!(u["so_nguoi"], 33);
    assert_eq!(u["ty_le"], 96.96);
    assert_eq!(u["dat_muc_tieu"], "Chưa đạt");
    assert_eq!(u["can_them"], 1);
    assert_eq!(v["tong"]["ma_don_vi"], "TỔNG");
    assert_eq!(v["tong_hop"]["so_dong_doc"], 33);
    assert_eq!(v["tieu_chi"]["muc_tieu_phan_tram"], "97");
    assert_eq!(v["tep"][0]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn learning_unit_levels_from_shares_and_unit_file() {
    let d = Dir::new();
    // Unit L2: 20 teachers all recognised, 40 pupils all recognised, every chỉ tiêu Đạt.
    // Unit L1: members 19/20 = 95% (level 2 needs 95%: met), pupils 39/40 = 97.5% (met),
    //          but M2-3.4 declared Không đạt → level 1.
    // Unit NO: pupils 37/40 = 92.5% < 95% → Chưa đạt whatever else.
    // Unit UNK: everything met from rosters, blank 1.3 in the unit file → Chưa đủ dữ liệu.
    let mut text = format!("{HEADER}\n");
    let mut add = |unit: &str, who: &str, n: usize, failing: usize| {
        for i in 0..n {
            let total = if i < failing { 60 } else { 90 };
            text += &row(&format!("{unit}-{who}-{i}"), unit, who, &scores_for(total));
            text += "\n";
        }
    };
    add("L2", "Giáo viên", 20, 0);
    add("L2", "Học sinh", 40, 0);
    add("L1", "Giáo viên", 20, 1);
    add("L1", "Học sinh", 40, 1);
    add("NO", "Giáo viên", 20, 0);
    add("NO", "Học sinh", 40, 3);
    add("UNK", "Giáo viên", 20, 0);
    add("UNK", "Học sinh", 40, 0);
    let f = d.write("r.csv", text);
    let codes = [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "3.3", "3.4", "3.5", "3.6", "M2-2.1", "M2-2.2",
        "M2-3.4", "M2-3.5",
    ];
    // Upper-secondary schools: every chỉ tiêu applies, the learner share too.
    let mut units = format!("ma_don_vi,ten_don_vi,co_so_giao_duc,cap_hoc,{}\n", codes.join(","));
    for (code, over) in [("L2", ""), ("L1", "M2-3.4"), ("NO", ""), ("UNK", "1.3")] {
        let cells: Vec<&str> = codes
            .iter()
            .map(|c| if *c == over { if code == "UNK" { "" } else { "Không đạt" } } else { "Đạt" })
            .collect();
        units += &format!("{code},Trường {code},Có,THPT,{}\n", cells.join(","));
    }
    let u = d.write("units.csv", units);
    let (_, rows, stderr) = assess_csv(&[&f], &["--units", u.to_str().unwrap()]);
    assert_eq!(rows["L2"]["muc_do_dvht"], "Mức độ 2", "{stderr}");
    assert_eq!(rows["L2"]["dvht_thieu"], "");
    assert_eq!(rows["L1"]["muc_do_dvht"], "Mức độ 1");
    assert_eq!(rows["L1"]["dvht_thieu"], "M2-3.4");
    assert_eq!(rows["NO"]["muc_do_dvht"], "Chưa đạt");
    assert_eq!(rows["NO"]["dvht_thieu"], "3.2; M2-3.2".split("; ").next().unwrap());
    assert_eq!(rows["UNK"]["muc_do_dvht"], "Chưa đủ dữ liệu");
    assert_eq!(rows["UNK"]["dvht_thieu"], "1.3");
    assert_eq!(rows["L2"]["ten_don_vi"], "Đơn vị L2", "the roster's name wins over the unit file's");
}

#[test]
fn without_unit_file_shares_still_decide_a_failure() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 17, 3)); // members 85% < 90%
    let (_, rows, _) = assess_csv(&[&f], &[]);
    assert_eq!(rows["U"]["muc_do_dvht"], "Chưa đạt");
    assert!(rows["U"]["dvht_thieu"].split("; ").any(|c| c == "3.1"));
    let g = d.write("g.csv", roster("G", 20, 0));
    let (_, rows, _) = assess_csv(&[&g], &[]);
    assert_eq!(rows["G"]["muc_do_dvht"], "Chưa đủ dữ liệu");
    assert!(rows["G"]["dvht_thieu"].starts_with("1.1; 1.2"));
}

#[test]
fn registered_unit_without_roster_is_listed_and_fails() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("A", 5, 0));
    let u = d.write("u.csv", "Mã đơn vị,Tên đơn vị\nA,Trường A\nB,Trường B chưa nộp\n");
    let (code, rows, stderr) = assess_csv(&[&f], &["--units", u.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert_eq!(rows["B"]["ten_don_vi"], "Trường B chưa nộp");
    assert_eq!((rows["B"]["so_nguoi"].as_str(), rows["B"]["dat_muc_tieu"].as_str()), ("0", "Chưa đạt"));
    assert!(stderr.contains("đơn vị B có trong tệp đơn vị nhưng không có trong danh sách người nào"), "{stderr}");
}

#[test]
fn two_columns_of_one_id_kind_stop_the_run() {
    // Two columns of one id kind cannot both be the id (two kinds can: see exports.rs).
    let d = Dir::new();
    let twice = d.write("t.csv", "Mã HS,MSHS,Họ và tên,Đối tượng\n1,2,An,GV\n");
    hoctap()
        .args(["assess"])
        .arg(&twice)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("hai cột \"Mã HS\" và \"MSHS\" cùng là ma_truong"));
}

#[test]
fn outputs_are_written_to_files_and_never_over_an_input() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 3, 0));
    hoctap().args(["assess", "-q", "--format", "csv", "--bom", "-o"]).arg(d.path("out.csv")).arg(&f).assert().code(0);
    let out = std::fs::read(d.path("out.csv")).unwrap();
    assert!(out.starts_with("\u{feff}ma_don_vi,".as_bytes()));
    let before = std::fs::read(&f).unwrap();
    hoctap()
        .args(["assess", "-q", "-o"])
        .arg(&f)
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("trùng với tệp đầu vào"));
    hoctap().args(["assess", "-q", "--persons"]).arg(&f).arg(&f).assert().code(2);
    assert_eq!(std::fs::read(&f).unwrap(), before, "the input is untouched");
    let leftovers: Vec<_> = std::fs::read_dir(d.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".hoctap-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn persons_json_and_formula_cells_are_neutralised() {
    let d = Dir::new();
    let text = format!("{HEADER}\n{}\n", row("=HYPERLINK(1)", "U", "Giáo viên", &scores_for(90)));
    let f = d.write("r.csv", text.replace("Người =HYPERLINK(1)", "@evil"));
    hoctap().args(["assess", "-q", "--persons"]).arg(d.path("p.json")).arg(&f).assert().code(0);
    let v: serde_json::Value = serde_json::from_str(&d.read("p.json")).unwrap();
    assert_eq!(v[0]["ket_qua"], "Đạt");
    assert_eq!(v[0]["tc1"], "40");
    hoctap().args(["assess", "-q", "--persons"]).arg(d.path("p.csv")).arg(&f).assert().code(0);
    let p = parse_csv(&d.read("p.csv"));
    assert_eq!(p[0]["ma_dinh_danh"], "'=HYPERLINK(1)");
    assert_eq!(p[0]["ho_ten"], "'@evil");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let d = Dir::new();
    let ex = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xa-gia-tran");
    let run = |name: &str| {
        hoctap()
            .args(["assess", "-q", "--exit-zero", "--format", "json", "-o"])
            .arg(d.path(name))
            .arg(ex.join("danh-sach.csv"))
            .arg("--units")
            .arg(ex.join("don-vi.csv"))
            .assert()
            .code(0);
        std::fs::read(d.path(name)).unwrap()
    };
    assert_eq!(run("a.json"), run("b.json"));
}

#[test]
fn template_round_trips_through_assess() {
    let d = Dir::new();
    hoctap().args(["template", "-o"]).arg(d.path("mau.csv")).assert().code(0);
    let header = d.read("mau.csv");
    assert_eq!(header.trim_end(), HEADER);
    let filled = format!("{header}{}\n", row("T1", "U", "Giáo viên", &scores_for(90)));
    let f = d.write("filled.csv", filled);
    let (code, rows, _) = assess_csv(&[&f], &[]);
    assert_eq!((code, rows["U"]["so_dat"].as_str()), (0, "1"));
    hoctap().args(["template", "--units", "-o"]).arg(d.path("dv.csv")).assert().code(0);
    assert!(d.read("dv.csv").starts_with("ma_don_vi,ten_don_vi,co_so_giao_duc,1.1,1.2"));
}

#[cfg(unix)]
#[test]
fn reports_get_the_permissions_of_an_ordinary_new_file() {
    use std::os::unix::fs::PermissionsExt;
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 3, 0));
    hoctap().args(["assess", "-q", "--format", "csv", "-o"]).arg(d.path("out.csv")).arg(&f).assert().code(0);
    let reference = d.path("reference");
    std::fs::File::create(&reference).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&d.path("out.csv")), mode(&reference));
}
