use crate::support::*;

const EMBEDDED: &str = include_str!("../../criteria/ninh-binh-2025.toml");

fn check(d: &Dir, toml: &str) -> (i32, String) {
    let f = d.write("c.toml", toml);
    let out = hoctap().args(["criteria", "--check"]).arg(&f).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// The line (1-based) of the first occurrence of `needle` in the embedded file.
fn line_of(needle: &str) -> usize {
    EMBEDDED.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn unknown_key_is_refused_with_line_and_column() {
    let d = Dir::new();
    let toml = EMBEDDED.replace("phien_ban = \"2025.1\"", "phien_ban = \"2025.1\"\nphien_bam = 2");
    let (code, err) = check(&d, &toml);
    assert_eq!(code, 2);
    let line = line_of("phien_ban = \"2025.1\"") + 1;
    assert!(err.contains(&format!("dòng {line}, cột 1")), "{err}");
    assert!(err.contains("phien_bam"), "{err}");
}

#[test]
fn missing_field_is_refused() {
    let d = Dir::new();
    let toml = EMBEDDED.replace("ty_le = 97\n", "");
    let (code, err) = check(&d, &toml);
    assert_eq!(code, 2);
    assert!(err.contains("ty_le"), "{err}");
}

#[test]
fn indicator_max_zero_is_refused_at_its_value() {
    let d = Dir::new();
    let toml = EMBEDDED.replacen("toi_da = 10", "toi_da = 0", 1);
    let (code, err) = check(&d, &toml);
    assert_eq!(code, 2);
    let line = line_of("toi_da = 10");
    assert!(err.contains(&format!("dòng {line}, cột 10: chỉ số 1.1: điểm tối đa phải lớn hơn 0")), "{err}");
}

#[test]
fn threshold_above_the_maximum_is_refused() {
    let d = Dir::new();
    let toml = EMBEDDED.replace("nguong_dat = { gia_tri = 80,", "nguong_dat = { gia_tri = 101,");
    let (code, err) = check(&d, &toml);
    assert_eq!(code, 2);
    assert!(err.contains("nguong_dat = 101 lớn hơn tổng điểm tối đa (100)"), "{err}");
    assert!(err.contains(&format!("dòng {}", line_of("nguong_dat = {"))), "{err}");
}

#[test]
fn indicator_in_two_competencies_is_refused() {
    let d = Dir::new();
    let toml = EMBEDDED.replace("chi_so = [\"3.1\", \"3.2\"]", "chi_so = [\"3.1\", \"3.2\", \"1.1\"]");
    let (code, err) = check(&d, &toml);
    assert_eq!(code, 2);
    assert!(err.contains("chỉ số 1.1 thuộc cả năng lực TC1 và TC3"), "{err}");
    assert!(err.contains(&format!("dòng {}", line_of("chi_so = [\"3.1\", \"3.2\"]"))), "{err}");
}

#[test]
fn another_set_changes_the_result() {
    let d = Dir::new();
    let f = d.write("r.csv", roster("U", 95, 5));
    let (code, rows, _) = assess_csv(&[&f], &[]);
    assert_eq!((code, rows["U"]["dat_muc_tieu"].as_str()), (1, "Chưa đạt"));
    let c = d.write("c.toml", EMBEDDED.replace("ty_le = 97\n", "ty_le = 95\n"));
    let (code, rows, _) = assess_csv(&[&f], &["--criteria", c.to_str().unwrap()]);
    assert_eq!(rows["U"]["dat_muc_tieu"], "Đạt");
    assert_eq!(code, 0);
    let bad = d.write("bad.toml", "[bo]\n");
    hoctap()
        .args(["assess", "--criteria"])
        .arg(&bad)
        .arg(&f)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("tệp tiêu chí"));
}
