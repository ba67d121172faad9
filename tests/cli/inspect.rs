//! `hoctap inspect`: what the tool saw in a file, the first thing to run when one does not work.

use crate::support::*;

fn inspect(args: &[&std::path::Path], extra: &[&str]) -> (i32, String) {
    let out = hoctap().arg("inspect").args(args).args(extra).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_readable_csv_is_explained_column_by_column() {
    let d = Dir::new();
    let text = "\u{feff}TRƯỜNG THCS A\r\n\r\nSTT;Mã định danh;Họ và tên;Đối tượng;CS1.1;CS1.2;CS1.3;CS1.4;CS2.1;CS2.2;CS2.3;CS2.4;CS3.1;CS3.2\r\n\
        1;001;An;Giáo viên;9;9;9;9;9;9;9;9;9;9\r\n\
        2;002;Bình;12;9;9;9;9;9;9;9;9;9;9\r\n\
        3;001;An;Giáo viên;9;9;9;9;9;9;9;9;9;9\r\n\
        \r\n\
        4;004;Cúc;Học sinh;5;5;5;5;5;5;5;5;5;x\r\n";
    let f = d.write("truong.csv", text);
    let (code, out) = inspect(&[&f], &["--max-findings", "2"]);
    assert_eq!(code, 1, "a row would be Lỗi: {out}");
    let expected = [
        "  Định dạng: CSV",
        "  Bảng mã: UTF-8 (có BOM)",
        "  Dấu phân cách: \";\" (tự nhận biết)",
        "  Dòng tiêu đề: dòng 3",
        "  Cột → trường:",
        "       A  \"STT\" → (bỏ qua)",
        "       B  \"Mã định danh\" → ma_dinh_danh",
        "       C  \"Họ và tên\" → ho_ten",
        "       D  \"Đối tượng\" → doi_tuong",
        "       E  \"CS1.1\" → chi_so_1_1",
        "  Cột không dùng đến: STT",
        "  Số dòng dữ liệu: 4",
        "  Kết quả nếu chấm: 1 đạt, 0 chưa đạt, 2 lỗi, 0 loại trừ, 1 trùng",
        "  Vấn đề đầu tiên (2 trong 3):",
        "    dòng 5, cột \"Đối tượng\": đối tượng \"12\" không có trong bộ tiêu chí (xem hoctap criteria)",
        "    dòng 6, cột \"Mã định danh\": mã định danh 001 đã có ở dòng trước",
        "    … và 1 vấn đề khác (assess --phat-hien TỆP ghi tất cả)",
    ];
    for line in expected {
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
    assert!(out.starts_with(&format!("Tệp: {}\n", f.display())), "{out}");
    // After a blank line the row keeps the number the officer sees.
    let (_, out) = inspect(&[&f], &["--max-findings", "3"]);
    assert!(out.contains("    dòng 8, cột \"CS3.2\": điểm chỉ số 3.2 \"x\" không phải là số"), "{out}");
}

#[test]
fn an_unreadable_file_shows_what_was_read_and_why_it_stops() {
    let d = Dir::new();
    let f = d.write("la.csv", "Danh sách lớp 6A\nSTT,Tên học sinh,Điểm\n1,An,8\n");
    let ok = d.write("ok.csv", roster("U", 1, 0));
    let (code, out) = inspect(&[&f, &ok], &[]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("  Các dòng đầu như chương trình đọc được:\n    dòng 1: Danh sách lớp 6A\n    dòng 2: STT | Tên học sinh | Điểm\n    dòng 3: 1 | An | 8\n"), "{out}");
    assert!(out.contains("  KHÔNG ĐỌC ĐƯỢC: "), "{out}");
    assert!(out.contains("la.csv: không tìm thấy dòng tiêu đề trong 30 dòng đầu"), "{out}");
    assert!(
        out.contains("  Kết quả nếu chấm: 1 đạt, 0 chưa đạt, 0 lỗi, 0 loại trừ, 0 trùng"),
        "the next file is still inspected: {out}"
    );
}

#[test]
fn a_unit_file_can_be_inspected_too() {
    let d = Dir::new();
    let f = d.write("dv.csv", "Mã đơn vị,Tên đơn vị,Chỉ tiêu 1.1,Ghi chú\nA,Trường A,Đạt,\nB,Trường B,Có lẽ,x\n");
    let (code, out) = inspect(&[&f], &["--units"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("       C  \"Chỉ tiêu 1.1\" → 1.1"), "{out}");
    assert!(out.contains("  Cột không dùng đến: Ghi chú"), "{out}");
    assert!(out.contains("  Số đơn vị: 2"), "{out}");
    assert!(
        out.contains("dòng 3, cột \"Chỉ tiêu 1.1\": chỉ tiêu 1.1: \"Có lẽ\" phải là Đạt, Không đạt hoặc Không áp dụng"),
        "{out}"
    );
}
