//! Files as schools export them (docs: CSDL ngành, vnEdu, SMAS, the accountant's staff list):
//! two id columns, no unit or group column, job titles, export header names, ids stored as
//! numbers, formulas without saved values, legacy-font blocks, a stray byte. Every fixture is
//! built here (made-up people) except the .xls, which no Rust crate writes: it is committed
//! with the script that made it (tests/fixtures/make_vnedu_xls.py).

use std::path::Path;

use crate::book::{self, Cell, Sheet, n, t};
use crate::support::*;

const CODES: [&str; 10] = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2"];

fn ten(v: f64) -> Vec<Cell> {
    vec![n(v); 10]
}

fn unit<'a>(
    rows: &'a std::collections::HashMap<String, std::collections::HashMap<String, String>>,
    code: &str,
) -> (&'a str, &'a str, &'a str, &'a str) {
    let u = rows.get(code).unwrap_or_else(|| panic!("no unit {code} in {rows:?}"));
    (u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_loi"].as_str(), u["so_loai_tru"].as_str())
}

/// A CSDL ngành class export: title rows, two id columns (the Ministry code and the citizen
/// number), no unit and no group column, statuses as the database writes them.
#[test]
fn a_csdl_nganh_pupil_export_reads_with_two_ids_and_no_group_column() {
    let d = Dir::new();
    let f = d.path("lop-6a.xlsx");
    let head: Vec<Cell> = [
        "STT",
        "Mã định danh Bộ GD&ĐT",
        "Họ tên",
        "Ngày sinh",
        "Giới tính",
        "Dân tộc",
        "Trạng thái",
        "SĐT liên hệ",
        "Lớp học",
        "Khối học",
        "Số định danh cá nhân",
    ]
    .iter()
    .map(|h| t(h))
    .chain(CODES.iter().map(|c| t(&format!("Chỉ số {c}"))))
    .collect();
    // (code, name, status, score on every indicator): hand count below.
    let pupils = [
        ("3720100201", "Hoàng Minh Khôi", "Đang học", 9.0),
        ("3720100202", "Ngô Thu Lan", "Đang học", 8.0),
        ("3720100203", "Bùi Quang Minh", "Đang học", 9.0),
        ("3720100204", "Tạ Thị Ngọc", "Đang học", 8.5),
        ("3720100205", "Đào Văn Phong", "Đang học", 7.0),
        ("3720100206", "Lý Thị Quyên", "Thôi học", 9.0),
        ("3720100207", "Mai Anh Sơn", "Chuyển trường", 9.0),
        ("3720100208", "Kiều Thanh Tâm", "Đang học", 10.0),
    ];
    let mut rows =
        vec![vec![t("SỞ GIÁO DỤC VÀ ĐÀO TẠO NINH BÌNH")], vec![t("DANH SÁCH HỌC SINH LỚP 6A")], vec![], head];
    for (i, (code, name, status, score)) in pupils.iter().enumerate() {
        let mut r = vec![
            n(i as f64 + 1.0),
            t(code),
            t(name),
            t("03/02/2014"),
            t("Nam"),
            t("Kinh"),
            t(status),
            t("0912000111"),
            t("6A"),
            t("Khối 6"),
            t(&format!("0372140{:05}", 201 + i)),
        ];
        r.extend(ten(*score));
        rows.push(r);
    }
    book::write(&f, vec![Sheet::new("6A", rows)]);
    // Before: both id columns were the id (stop), and no group column (stop).
    let (code, units, stderr) = assess_csv(&[&f], &["--doi-tuong", "Học sinh", "--don-vi", "37THCS01"]);
    // 8 rows: 2 excluded (Thôi học, Chuyển trường); of 6 counted, Phong (70) fails: 5 of 6.
    assert_eq!(unit(&units, "37THCS01"), ("6", "5", "0", "2"), "{stderr}");
    assert_eq!(code, 1, "5 of 6 is below 97%");
    let p = persons(&d, &[&f], &["--doi-tuong", "Học sinh", "--don-vi", "37THCS01"]);
    assert_eq!(p["3720100201"]["ket_qua"], "Đạt", "the Ministry code is the id: {p:?}");
    assert_eq!(p["3720100201"]["doi_tuong"], "Học sinh");
    assert!(!p.contains_key("037214000201"), "the citizen number is kept, not the id");
    assert_eq!(p["3720100201"]["ma_khac"], "so_dinh_danh_ca_nhan:037214000201", "and shown beside it");
    // Without --doi-tuong the missing column is named, with the option that fills it.
    let out = hoctap().arg("assess").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("thiếu cột bắt buộc: doi_tuong"));
}

/// A CSDL ngành staff export: the school's name but no unit code, a "Vị trí việc làm" column
/// as the group, "Đang làm việc" and a maternity leave that keeps a teacher on the books.
#[test]
fn a_csdl_nganh_staff_export_reads_its_job_title_column_as_the_group() {
    let d = Dir::new();
    let f = d.path("thcs-gia-trung.xlsx");
    let head: Vec<Cell> =
        ["UBND Xã", "Tên trường", "Mã định danh Bộ GD&ĐT", "Họ tên", "Ngày sinh", "Trạng thái", "Vị trí việc làm"]
            .iter()
            .map(|h| t(h))
            .chain(CODES.iter().map(|c| t(&format!("Tiêu chí {c}"))))
            .collect();
    let staff = [
        ("3710000301", "Giáo viên", "Đang làm việc", 9.0),
        ("3710000302", "Giáo viên", "Đang làm việc", 8.5),
        ("3710000303", "Giáo viên", "Nghỉ thai sản", 9.0),
        ("3710000304", "Cán bộ quản lý", "Đang làm việc", 9.5),
        ("3710000305", "Nhân viên", "Đang làm việc", 8.0),
        ("3710000306", "Kế toán", "Đang làm việc", 8.0),
        ("3710000307", "Giáo viên", "Đang làm việc", 6.0),
    ];
    let mut rows = vec![head];
    for (code, title, status, score) in staff {
        let mut r = vec![
            t("UBND xã Gia Trung"),
            t("Trường THCS Gia Trung"),
            t(code),
            t("Người Thử"),
            t("01/01/1985"),
            t(status),
            t(title),
        ];
        r.extend(ten(score));
        rows.push(r);
    }
    book::write(&f, vec![Sheet::new("CBGVNV", rows)]);
    let (_, units, stderr) = assess_csv(&[&f], &[]);
    // 7 counted (maternity leave included); the teacher at 60 fails: 6 of 7.
    assert_eq!(unit(&units, "thcs-gia-trung"), ("7", "6", "0", "0"), "{stderr}");
    assert!(stderr.contains("Kế toán 1 (can_bo)"), "{stderr}");
}

/// vnEdu's report: an old binary .xls whose Mã học sinh are 10-digit numbers stored as numbers.
#[test]
fn a_vnedu_xls_with_ids_stored_as_numbers_is_scored() {
    let f = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vnedu_lop_6a.xls");
    let (_, units, stderr) = assess_csv(&[&f], &["--doi-tuong", "Học sinh", "--don-vi", "GT"]);
    // Hand count in make_vnedu_xls.py: 6 pupils, Phúc has a 4: 5 of 6, no error.
    assert_eq!(unit(&units, "GT"), ("6", "5", "0", "0"), "{stderr}");
    let d = Dir::new();
    let p = persons(&d, &[&f], &["--doi-tuong", "Học sinh", "--don-vi", "GT"]);
    assert_eq!(p["3720100106"]["ket_qua"], "Chưa đạt");
    assert_eq!(p["3720100101"]["ket_qua"], "Đạt");
}

/// The accountant's staff list: every everyday title is a member; one title no rule lists is a
/// member too and the summary lists every title with its count; statuses of people still on the
/// books are counted, an unknown one is a warning.
#[test]
fn a_staff_list_with_everyday_titles_counts_everyone_as_members() {
    let d = Dir::new();
    let titles = [
        "Hiệu trưởng",
        "Phó Hiệu trưởng",
        "Tổ trưởng chuyên môn",
        "Giáo viên",
        "Giáo viên",
        "Giáo viên",
        "Giáo viên",
        "Giáo viên",
        "Giáo viên hợp đồng",
        "Tổng phụ trách Đội",
        "Kế toán",
        "Thủ quỹ",
        "Văn thư",
        "Nhân viên y tế",
        "Thư viện",
        "Nhân viên thiết bị",
        "Bảo vệ",
        "Phục vụ",
        "Nhân viên bán trú",
        "Giáo viên",
    ];
    let mut text = String::from("STT;Mã CBGVNV;Họ và tên;Chức vụ;Trạng thái;Tổ chuyên môn;");
    text += &CODES.iter().map(|c| format!("{c} (10đ)")).collect::<Vec<_>>().join(";");
    text.push('\n');
    for (i, title) in titles.iter().enumerate() {
        let status = match i {
            3 => "Nghỉ thai sản",
            4 => "Nghỉ ốm",
            5 => "Nghỉ chế độ",
            _ => "Đang làm việc",
        };
        // Bảo vệ (row 17) has 70 points: the only one who fails.
        let total = if *title == "Bảo vệ" { 70 } else { 90 };
        text +=
            &format!("{};CB{:03};Người {i};{title};{status};Tổ Văn phòng;{}\n", i + 1, i, scores_for(total).join(";"));
    }
    let f = d.write("nhan-su.csv", text);
    let (code, units, stderr) = assess_csv(&[&f], &["--don-vi", "MN01"]);
    assert_eq!(unit(&units, "MN01"), ("20", "19", "0", "0"), "{stderr}");
    assert_eq!(units["MN01"]["ty_le"], "95.00", "19 of 20, not the 50% of before");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("Cảnh báo")
            && stderr.contains("trạng thái \"Nghỉ chế độ\" không có trong bộ tiêu chí: người này vẫn được tính"),
        "{stderr}"
    );
    assert!(!stderr.contains("Nghỉ thai sản\" không có"), "{stderr}");
    assert!(stderr.contains("Đối tượng/chức danh đã gặp: Giáo viên 6 (can_bo)"), "{stderr}");
    assert!(stderr.contains("Nhân viên bán trú 1 (can_bo, chức danh khác → thành viên)"), "{stderr}");
    assert!(stderr.contains("Bảo vệ 1 (can_bo)"), "{stderr}");
}

/// Header names as the exports and schools write them: split names (Họ + Tên), MSHS, a job
/// title column, a point note after an indicator, "Tiêu chí 1.2", and a disadvantaged-area
/// column under its usual name, which lowers the threshold to 70.
#[test]
fn export_header_names_are_read_and_the_area_column_lowers_the_threshold() {
    let d = Dir::new();
    let mut text =
        String::from("STT;MSHS;Họ;Tên;Chức danh;\"Vùng sâu, vùng xa\";Chỉ số 1.1 (10 điểm);Tiêu chí 1.2;CS1.3;TC1.4");
    for c in &CODES[4..] {
        text += &format!(";Chỉ số {c} (10 điểm)");
    }
    text.push('\n');
    text += &format!("1;HS001;Lê Văn;An;Giáo viên;Có;{}\n", scores_for(75).join(";"));
    text += &format!("2;HS002;Trần Thị;Bích;Giáo viên;Không;{}\n", scores_for(75).join(";"));
    let f = d.write("ds.csv", text);
    let (_, units, stderr) = assess_csv(&[&f], &["--don-vi", "U"]);
    assert_eq!(unit(&units, "U"), ("2", "1", "0", "0"), "{stderr}");
    let p = persons(&d, &[&f], &["--don-vi", "U"]);
    assert_eq!((p["HS001"]["ho_ten"].as_str(), p["HS001"]["ket_qua"].as_str()), ("Lê Văn An", "Đạt"));
    assert_eq!(p["HS002"]["ket_qua"], "Chưa đạt");
    // Other spellings: "Họ tên học sinh", "Số ĐDCN", "Đơn vị công tác", "Vị trí việc làm".
    let g = d.write(
        "hs.csv",
        format!(
            "Số ĐDCN,Họ tên học sinh,Đơn vị công tác,Vị trí việc làm,{}\n037214000999,Hà An,THCS X,Học sinh,{}\n",
            CODES.join(","),
            ["9"; 10].join(",")
        ),
    );
    let (_, units, stderr) = assess_csv(&[&g], &["--don-vi", "X"]);
    assert_eq!(unit(&units, "X"), ("1", "1", "0", "0"), "{stderr}");
}

/// Ids written differently are one person; damaged ids are errors.
#[test]
fn ids_are_normalised_before_comparison_and_damaged_ids_are_errors() {
    let d = Dir::new();
    let s = scores_for(90).join(",");
    let text = format!(
        "{HEADER}\n\
        037201001234,A,U,,Giáo viên,,,{s}\n\
        ０３７２０１００１２３４,A,U,,Giáo viên,,,{s}\n\
        037\u{200B}201001234,A,U,,Giáo viên,,,{s}\n\
        '037201001234,A,U,,Giáo viên,,,{s}\n\
        \"=\"\"037201001234\"\"\",A,U,,Giáo viên,,,{s}\n\
        037 201-001 234,A,U,,Giáo viên,,,{s}\n\
        37201001234.0,B,U,,Giáo viên,,,{s}\n\
        3.7201E11,C,U,,Giáo viên,,,{s}\n\
        TRUE,D,U,,Giáo viên,,,{s}\n\
        15/03/2010,E,U,,Giáo viên,,,{s}\n"
    );
    let f = d.write("ids.csv", text);
    let (_, units, stderr) = assess_csv(&[&f], &[]);
    let u = &units["U"];
    // One person, five repeats of them, four damaged ids.
    assert_eq!(
        (u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_trung"].as_str(), u["so_loi"].as_str()),
        ("5", "1", "5", "4"),
        "{stderr}"
    );
    hoctap().arg("assess").arg(&f).arg("--persons").arg(d.path("p.csv")).args(["-q", "--exit-zero"]).assert().success();
    let people = parse_csv(&d.read("p.csv"));
    // The persons output shows each id normalised.
    let ids: Vec<&str> = people.iter().take(6).map(|p| p["ma_dinh_danh"].as_str()).collect();
    assert_eq!(ids, ["037201001234"; 6]);
    let results: Vec<&str> = people.iter().take(6).map(|p| p["ket_qua"].as_str()).collect();
    assert_eq!(results, ["Đạt", "Trùng", "Trùng", "Trùng", "Trùng", "Trùng"]);
}

/// A score sheet written by a program: formulas, no saved values. Both ways a program does it:
/// an empty value, and 0 with the "recalculate on opening" flag.
#[test]
fn formulas_without_saved_values_are_named_with_the_remedy() {
    let d = Dir::new();
    for (name, empty_result) in [("rong.xlsx", true), ("so-0.xlsx", false)] {
        let f = d.path(name);
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Điểm").unwrap();
        if empty_result {
            ws.set_formula_result_default("");
        }
        for (c, h) in ["Mã định danh", "Họ và tên", "Đối tượng", "Tự chấm"].iter().chain(CODES.iter()).enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for r in 1..=3u32 {
            ws.write_string(r, 0, format!("GV{r}")).unwrap();
            ws.write_string(r, 1, "Người Thử").unwrap();
            ws.write_string(r, 2, "Giáo viên").unwrap();
            ws.write_number(r, 3, 9.0).unwrap();
            for c in 4..14u16 {
                ws.write_formula(r, c, rust_xlsxwriter::Formula::new(format!("=$D{}", r + 1))).unwrap();
            }
        }
        wb.save(&f).unwrap();
        let (_, units, stderr) = assess_csv(&[&f], &["--don-vi", "U"]);
        assert_eq!(unit(&units, "U"), ("3", "0", "3", "0"), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("{name}, trang \"Điểm\", dòng 2, cột \"1.1\": chỉ số 1.1: ô E2 có công thức =$D2 nhưng chưa có giá trị đã lưu")),
            "{name}: {stderr}"
        );
        assert!(stderr.contains("mở tệp bằng Excel hoặc LibreOffice, lưu lại một lần"), "{stderr}");
        assert!(!stderr.contains("thiếu điểm"), "{name}: {stderr}");
    }
}

/// One stray byte that is not UTF-8 in a UTF-8 file: the file stays UTF-8 (names intact), the
/// byte is a finding with its line and column, and only its row is an error.
#[test]
fn a_stray_byte_spoils_its_row_only() {
    let d = Dir::new();
    let mut text = format!("{HEADER}\n").into_bytes();
    for i in 0..30 {
        let line = row(&format!("P{i:02}"), "U", "Giáo viên", &scores_for(90))
            .replace(&format!("Người P{i:02}"), "Nguyễn Thị Hương");
        let mut bytes = line.into_bytes();
        if i == 7 {
            // Line 9: "Hương" with a windows-1258 byte pasted in after its H.
            let at = bytes.windows(3).position(|w| w == "Hư".as_bytes()).unwrap();
            bytes.insert(at + 1, 0xEC);
        }
        text.extend_from_slice(&bytes);
        text.push(b'\n');
    }
    let f = d.write("mot-byte.csv", &text);
    let (_, units, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(unit(&units, "U"), ("30", "29", "1", "0"), "{stderr}");
    assert!(
        stderr.contains("mot-byte.csv, dòng 9, cột \"ho_ten\": ô B9 có byte không phải UTF-8 ở ký tự thứ"),
        "{stderr}"
    );
    assert_eq!(units["U"]["ten_don_vi"], "Đơn vị U", "names are not mojibake");
}

/// Names and titles as they look in a legacy font, stored as Windows Latin letters.
const TCVN3_ROWS: [(&str, &str, &str, &str); 4] = [
    ("NguyÔn V¨n An", "Nguyễn Văn An", "Gi¸o viªn", "Giáo viên"),
    ("TrÇn ThÞ B×nh", "Trần Thị Bình", "Häc sinh", "Học sinh"),
    ("Lª Hoµng Nam", "Lê Hoàng Nam", "Gi¸o viªn", "Giáo viên"),
    ("Ph¹m Thu Hµ", "Phạm Thu Hà", "Häc sinh", "Học sinh"),
];
const VNI_ROWS: [(&str, &str, &str, &str); 4] = [
    ("Nguyeãn Vaên An", "Nguyễn Văn An", "Giaùo vieân", "Giáo viên"),
    ("Traàn Thò Bình", "Trần Thị Bình", "Hoïc sinh", "Học sinh"),
    ("Leâ Hoaøng Nam", "Lê Hoàng Nam", "Giaùo vieân", "Giáo viên"),
    ("Phaïm Thu Haø", "Phạm Thu Hà", "Hoïc sinh", "Học sinh"),
];

/// 1,300 people, Unicode but for rows 1,101–1,300 typed in a legacy font (or all Unicode).
fn mixed_roster(legacy: &[(&str, &str, &str, &str); 4], all_unicode: bool) -> String {
    let mut out = String::from("Mã định danh,Họ và tên,Mã đơn vị,Đối tượng,");
    out += &CODES.join(",");
    out.push('\n');
    for i in 0..1300 {
        let (old_name, name, old_title, title) = legacy[i % 4];
        let in_block = (1100..1300).contains(&i) && !all_unicode;
        let (name, title) = if in_block { (old_name, old_title) } else { (name, title) };
        let total = if i % 10 == 0 { 70 } else { 90 };
        out += &format!("{:06},{name},U{},{title},{}\n", i, i % 3, scores_for(total).join(","));
    }
    out
}

fn convert(src: &Path, out: &Path) -> String {
    let o = hoctap().arg("convert").arg(src).arg("-o").arg(out).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stderr).unwrap()
}

#[test]
fn a_legacy_block_after_row_1000_stops_the_file_and_convert_round_trips() {
    for (kind, rows) in [("tcvn3", &TCVN3_ROWS), ("vni", &VNI_ROWS)] {
        let d = Dir::new();
        let mixed = d.write("tron.csv", mixed_roster(rows, false));
        let clean = d.write("unicode.csv", mixed_roster(rows, true));
        let out = hoctap().arg("assess").arg(&mixed).output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{kind}: {stderr}");
        // 200 rows, two legacy cells each (the name and the title).
        assert!(stderr.contains("tron.csv, dòng 1102: cột B: chữ \""), "{kind}: {stderr}");
        assert!(stderr.contains("Có 400 ô chữ bảng mã cũ"), "{kind}: {stderr}");
        assert!(stderr.contains("dòng 1102, cột D: "), "{kind}: {stderr}");
        assert!(stderr.contains("hoctap convert") && !stderr.contains("Ctrl+Shift+F6"), "{kind}: {stderr}");

        let fixed = d.path("da-chuyen.csv");
        let listing = convert(&mixed, &fixed);
        assert_eq!(listing.lines().filter(|l| l.starts_with("dòng ")).count(), 400, "{kind}: every cell listed");
        assert!(
            listing.contains(&format!(
                "dòng 1102, cột B ({}): \"{}\" → \"{}\"",
                kind.to_uppercase(),
                rows[0].0,
                rows[0].1
            )),
            "{listing}"
        );
        let (c1, converted, e1) = assess_csv(&[&fixed], &[]);
        let (c2, unicode, e2) = assess_csv(&[&clean], &[]);
        assert_eq!(converted, unicode, "{kind}: {e1}\n{e2}");
        assert_eq!(c1, c2);
        // The Unicode rows were left exactly as they were.
        let before = std::fs::read_to_string(&clean).unwrap();
        let after = d.read("da-chuyen.csv");
        assert_eq!(after.trim_start_matches('\u{feff}'), before, "{kind}");
        // As a workbook too.
        let xlsx = d.path("da-chuyen.xlsx");
        convert(&mixed, &xlsx);
        assert_eq!(assess_csv(&[&xlsx], &[]).1, unicode, "{kind}");
    }
}

/// One legacy word in a category cell is found, not taken for a new job title.
#[test]
fn a_single_legacy_category_cell_is_named() {
    let d = Dir::new();
    let text = format!(
        "{HEADER}\n{}\n{}\n",
        row("1", "U", "Häc sinh", &scores_for(90)),
        row("2", "U", "Học sinh", &scores_for(90))
    );
    let f = d.write("mot-o.csv", text);
    let (_, units, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(unit(&units, "U"), ("2", "1", "1", "0"), "{stderr}");
    assert!(stderr.contains("đối tượng \"Häc sinh\" được gõ bằng bảng mã cũ TCVN3 (ABC, phông chữ .VnTime, .VnTimeH) (đọc đúng là \"Học sinh\"); chạy hoctap convert"), "{stderr}");
}

/// `hoctap criteria` lists the reading vocabularies: id kinds with their shape and source, the
/// words that make a learner, the rule for any other title, statuses that stay counted.
#[test]
fn the_criteria_command_lists_id_kinds_group_words_and_statuses() {
    let out = hoctap().arg("criteria").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "MÃ ĐỊNH DANH",
        "Mã định danh Bộ GD&ĐT [ma_bo_gddt] — 10 chữ số, bắt đầu bằng 37 hoặc 36 hoặc 35",
        "Số định danh cá nhân (số CCCD) [so_dinh_danh_ca_nhan] — 12 chữ số, bắt đầu bằng 0",
        "Trẻ… → Học sinh, sinh viên, học viên (người học)",
        "Mọi chức danh khác (không trống) → Cán bộ, công chức, viên chức (thành viên)",
        "Nghỉ thai sản",
        "Trạng thái không có trong bảng trạng thái: cảnh báo",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
}

/// `--an-danh`: the other id columns are ids too, and the kept columns (birth date) are left
/// blank in the rows written back.
#[test]
fn an_danh_masks_every_id_column_and_the_kept_columns() {
    let d = Dir::new();
    let mut text = String::from("Mã định danh Bộ GD&ĐT,Số định danh cá nhân,Họ và tên,Ngày sinh,Đối tượng,");
    text += &CODES.join(",");
    text += "\n3720100301,037214000301,Lê Văn An,13/12/2014,Học sinh,9,9,9,9,9,9,9,9,9,\n";
    let f = d.write("an.csv", text);
    hoctap()
        .arg("assess")
        .arg(&f)
        .args(["--an-danh", "-q", "--exit-zero", "--rows-with-errors"])
        .arg(d.path("loi.csv"))
        .assert()
        .success();
    let out = d.read("loi.csv");
    assert!(out.contains("*******301") && out.contains("*********301"), "{out}");
    for secret in ["3720100301", "037214000301", "13/12/2014", "Lê Văn An"] {
        assert!(!out.contains(secret), "{secret} leaked into:\n{out}");
    }
}
