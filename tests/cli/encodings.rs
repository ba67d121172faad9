//! Text files in the encodings Vietnamese Windows writes, and text in the legacy TCVN3 and VNI
//! font encodings, which must stop the file with a way to convert it, never be scored.

use encoding_rs::{WINDOWS_1252, WINDOWS_1258};
use unicode_normalization::UnicodeNormalization;

use crate::book::{self, Sheet, t};
use crate::support::*;

const SCORES: &str = "9;9;9;9;9;9;9;8,5;9;9";

fn vietnamese_roster() -> String {
    format!(
        "Trường Tiểu học Gia Trấn\r\nMã định danh;Họ và tên;Mã trường;Đối tượng;Trạng thái;{}\r\n\
         001;Nguyễn Thị Hương;TH-GT;Giáo viên;Đang làm việc;{SCORES}\r\n\
         002;Đỗ Quốc Việt;TH-GT;Học sinh;;{SCORES}\r\n\
         003;Trần Văn Ước;TH-GT;Học sinh;Đã chuyển đi;;;;;;;;;;\r\n",
        "CS1.1;CS1.2;CS1.3;CS1.4;CS2.1;CS2.2;CS2.3;CS2.4;CS3.1;CS3.2"
    )
}

/// Vietnamese text as "CSV" from Excel on Vietnamese Windows: windows-1258 keeps the shaped
/// vowels (ê, ơ, ă …) whole and writes each tone as a combining mark after the letter.
fn windows_1258(text: &str) -> Vec<u8> {
    let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::new();
    for c in text.nfc() {
        let parts: Vec<char> = c.nfd().collect();
        let shaped: String = parts.iter().filter(|p| !tones.contains(p)).collect::<String>().nfc().collect();
        out.push_str(&shaped);
        out.extend(parts.iter().filter(|p| tones.contains(p)));
    }
    let (bytes, _, errors) = WINDOWS_1258.encode(&out);
    assert!(!errors, "{text} has letters windows-1258 cannot hold");
    bytes.into_owned()
}

fn reference(d: &Dir) -> std::collections::HashMap<String, std::collections::HashMap<String, String>> {
    let clean = d.write("TH-GT-utf8.csv", vietnamese_roster());
    let (_, rows, _) = assess_csv(&[&clean], &[]);
    let u = &rows["TH-GT"];
    assert_eq!((u["so_nguoi"].as_str(), u["so_dat"].as_str(), u["so_loai_tru"].as_str()), ("2", "2", "1"));
    assert_eq!(u["ten_don_vi"], "");
    rows
}

#[test]
fn windows_1258_is_detected_and_its_decomposed_letters_end_nfc() {
    let d = Dir::new();
    let expected = reference(&d);
    let bytes = windows_1258(&vietnamese_roster());
    assert!(bytes.windows(2).any(|w| w == b"\xEA\xDE"), "ễ is ê followed by a combining tilde");
    let f = d.write("r1258.csv", &bytes);
    let (_, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(rows, expected, "{stderr}");
    let p = persons(&d, &[&f], &[]);
    assert_eq!(p["001"]["ho_ten"], "Nguyễn Thị Hương");
    assert!(p["001"]["ho_ten"].nfc().eq(p["001"]["ho_ten"].chars()), "names are written in NFC");
    assert_eq!(p["002"]["ho_ten"], "Đỗ Quốc Việt");
    assert_eq!(p["003"]["ket_qua"], "Loại trừ");
    let out = hoctap().arg("inspect").arg(&f).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Bảng mã: windows-1258 (tự nhận biết)"), "{text}");
    assert!(text.contains("Dấu phân cách: \";\" (tự nhận biết)"), "{text}");
    // Forcing the encoding gives the same.
    let (_, rows, _) = assess_csv(&[&f], &["--encoding", "cp1258"]);
    assert_eq!(rows, expected);
}

#[test]
fn excel_unicode_text_is_utf16_with_tabs_and_reads_alike() {
    let d = Dir::new();
    let expected = reference(&d);
    let tabbed = vietnamese_roster().replace(';', "\t");
    let mut le = vec![0xFF, 0xFE];
    le.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    let f = d.write("unicode-text.txt", &le);
    let (_, rows, stderr) = assess_csv(&[&f], &[]);
    assert_eq!(rows, expected, "{stderr}");
    let mut be = vec![0xFE, 0xFF];
    be.extend(tabbed.encode_utf16().flat_map(u16::to_be_bytes));
    let g = d.write("be.txt", &be);
    let (_, rows, stderr) = assess_csv(&[&g], &[]);
    assert_eq!(rows, expected, "{stderr}");
    let out = hoctap().arg("inspect").arg(&f).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Bảng mã: UTF-16LE (có BOM)"), "{text}");
    assert!(text.contains("Dấu phân cách: tab (tự nhận biết)"), "{text}");
}

/// The bytes of text typed with a legacy font: each character is the Windows Latin letter of
/// the byte the font drew as a Vietnamese letter.
fn legacy_bytes(shown: &str) -> Vec<u8> {
    let (bytes, _, errors) = WINDOWS_1252.encode(shown);
    assert!(!errors);
    bytes.into_owned()
}

const TCVN3_CSV: &str = "Tr\u{AD}êng THCS Ninh H¶i\n\
    M· ®Þnh danh,Hä vµ tªn,§èi t\u{AD}îng,1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2\n\
    001,NguyÔn V¨n An,Gi¸o viªn,9,9,9,9,9,9,9,9,9,9\n\
    002,TrÇn ThÞ B×nh,Häc sinh,9,9,9,9,9,9,9,9,9,9\n";

const VNI_CSV: &str = "Tröôøng THCS Ninh Haûi\n\
    Maõ ñònh danh,Hoï vaø teân,Ñoái töôïng,1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2\n\
    001,Nguyeãn Vaên An,Giaùo vieân,9,9,9,9,9,9,9,9,9,9\n\
    002,Traàn Thò Bình,Hoïc sinh,9,9,9,9,9,9,9,9,9,9\n";

const HOW_TO: &str = "Cách chuyển: chạy `hoctap convert TỆP -o TỆP-unicode.xlsx` (hoặc .csv): chỉ các ô chữ bảng mã cũ được chuyển sang Unicode";

#[test]
fn tcvn3_text_stops_the_file_with_how_to_convert_it() {
    let d = Dir::new();
    let f = d.write("vntime.csv", legacy_bytes(TCVN3_CSV));
    let out = hoctap().args(["assess", "--format", "csv"]).arg(&f).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing is scored");
    assert!(stderr.contains("vntime.csv, dòng 1: cột A: chữ \""), "{stderr}");
    assert!(
        stderr.contains("\" được gõ bằng bảng mã cũ TCVN3 (ABC, phông chữ .VnTime, .VnTimeH), không phải Unicode (đọc đúng là \"Trường THCS Ninh Hải\")"),
        "{stderr}"
    );
    assert!(stderr.contains(HOW_TO), "{stderr}");
    assert!(stderr.contains("dòng 3, cột B: \"NguyÔn V¨n An\" → \"Nguyễn Văn An\""), "{stderr}");
    // The same text kept as Unicode characters, as in a CSV UTF-8 saved from such a sheet.
    let g = d.write("vntime-utf8.csv", TCVN3_CSV);
    hoctap()
        .arg("assess")
        .arg(&g)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("(đọc đúng là \"Trường THCS Ninh Hải\")"));
    // inspect says the same.
    let out = hoctap().arg("inspect").arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("KHÔNG ĐỌC ĐƯỢC: ") && text.contains("vntime.csv, dòng 1: cột A: chữ"), "{text}");
}

#[test]
fn vni_text_stops_the_file_with_how_to_convert_it() {
    let d = Dir::new();
    let f = d.write("vni.csv", legacy_bytes(VNI_CSV));
    hoctap()
        .arg("assess")
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "vni.csv, dòng 1: cột A: chữ \"Tröôøng THCS Ninh Haûi\" được gõ bằng bảng mã cũ VNI Windows (phông chữ VNI-Times, VNI-…), không phải Unicode (đọc đúng là \"Trường THCS Ninh Hải\")",
        ))
        .stderr(predicates::str::contains(HOW_TO));
}

#[test]
fn legacy_text_in_a_spreadsheet_names_sheet_line_and_column() {
    let d = Dir::new();
    let f = d.path("vntime.xlsx");
    let rows: Vec<Vec<_>> = TCVN3_CSV.lines().skip(1).map(|l| l.split(',').map(t).collect()).collect();
    let mut with_title = vec![vec![], vec![]];
    with_title.extend(rows);
    book::write(&f, vec![Sheet::new("DS", with_title)]);
    hoctap().arg("assess").arg(&f).assert().code(2).stderr(predicates::str::contains(
        "vntime.xlsx, trang \"DS\", dòng 3: cột A: chữ \"M· ®Þnh danh\" được gõ bằng bảng mã cũ TCVN3 (ABC, phông chữ .VnTime, .VnTimeH), không phải Unicode (đọc đúng là \"Mã định danh\")",
    ));
    let v = d.path("vni.xlsx");
    let rows: Vec<Vec<_>> = VNI_CSV.lines().map(|l| l.split(',').map(t).collect()).collect();
    book::write(&v, vec![Sheet::new("Sheet1", rows)]);
    hoctap()
        .arg("assess")
        .arg(&v)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("vni.xlsx, trang \"Sheet1\", dòng 1: cột A: chữ \"Tröôøng THCS Ninh Haûi\""));
}

#[test]
fn genuine_text_with_foreign_names_is_not_taken_for_legacy_fonts() {
    let d = Dir::new();
    let scores = "9,9,9,9,9,9,9,9,9,9";
    let codes = "1.1,1.2,1.3,1.4,2.1,2.2,2.3,2.4,3.1,3.2";
    let utf8 = format!(
        "Mã định danh,Họ và tên,Mã đơn vị,Đối tượng,{codes}\n\
         001,Müller Jürgen,U,Giảng viên,{scores}\n002,Peña José,U,Giảng viên,{scores}\n\
         003,Zoë Brontë,U,Giảng viên,{scores}\n004,H'Hen Niê,U,Giáo viên,{scores}\n\
         005,Ksor Y Phun,U,Giáo viên,{scores}\n"
    );
    // Windows Latin bytes, as an English or French Excel would save them.
    let latin = format!(
        "ma_dinh_danh,ho_ten,ma_don_vi,doi_tuong,{codes}\n\
         001,Müller Jürgen,U,Giáo viên,{scores}\n002,Peña José,U,Giáo viên,{scores}\n\
         003,Zoë Brontë,U,Giáo viên,{scores}\n004,François Côté,U,Giáo viên,{scores}\n\
         005,Ana Núñez,U,Giáo viên,{scores}\n"
    );
    for (name, bytes) in [("u8.csv", utf8.into_bytes()), ("w1252.csv", legacy_bytes(&latin))] {
        let f = d.write(name, bytes);
        let (code, rows, stderr) = assess_csv(&[&f], &[]);
        assert_eq!((code, rows["U"]["so_dat"].as_str()), (0, "5"), "{name}: {stderr}");
    }
}
