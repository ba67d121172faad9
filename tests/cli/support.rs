use std::collections::HashMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

pub const HEADER: &str = "ma_dinh_danh,ho_ten,ma_don_vi,ten_don_vi,doi_tuong,vung_kho_khan,trang_thai,chi_so_1_1,chi_so_1_2,chi_so_1_3,chi_so_1_4,chi_so_2_1,chi_so_2_2,chi_so_2_3,chi_so_2_4,chi_so_3_1,chi_so_3_2";

/// A temporary folder holding the files of one test.
pub struct Dir {
    pub dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir { dir: tempfile::tempdir().unwrap() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, contents).unwrap();
        p
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }
}

pub fn hoctap() -> Command {
    let mut c = Command::cargo_bin("hoctap").unwrap();
    // Colour only where a test asks for it (tests/cli/cli_options.rs).
    c.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    c
}

/// Ten scores that add up to `total` (whole points), each between 5 and 10.
pub fn scores_for(total: u32) -> Vec<String> {
    assert!((50..=100).contains(&total));
    let mut s = vec![5u32; 10];
    let mut rest = total - 50;
    for v in s.iter_mut() {
        let add = rest.min(5);
        *v += add;
        rest -= add;
    }
    s.into_iter().map(|v| v.to_string()).collect()
}

/// One roster row in the canonical column order.
pub fn row(id: &str, unit: &str, doi_tuong: &str, scores: &[String]) -> String {
    row_full(id, unit, doi_tuong, "", "", scores)
}

pub fn row_full(id: &str, unit: &str, doi_tuong: &str, vkk: &str, status: &str, scores: &[String]) -> String {
    format!("{id},Người {id},{unit},Đơn vị {unit},{doi_tuong},{vkk},{status},{}", scores.join(","))
}

/// A roster of `recognised` people at 90 points and `not` people at 60, all teachers of `unit`.
pub fn roster(unit: &str, recognised: usize, not: usize) -> String {
    let mut out = format!("{HEADER}\n");
    for i in 0..recognised + not {
        let total = if i < recognised { 90 } else { 60 };
        out.push_str(&row(&format!("{unit}-{i:05}"), unit, "Giáo viên", &scores_for(total)));
        out.push('\n');
    }
    out
}

/// Parses CSV output into rows keyed by column name.
pub fn parse_csv(text: &str) -> Vec<HashMap<String, String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers.iter().zip(rec.iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect()
        })
        .collect()
}

/// Runs `assess --format csv` and returns (exit code, unit rows by code, stderr).
pub fn assess_csv(args: &[&Path], extra: &[&str]) -> (i32, HashMap<String, HashMap<String, String>>, String) {
    let out = hoctap().arg("assess").args(args).args(["--format", "csv"]).args(extra).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let rows = parse_csv(&stdout).into_iter().map(|r| (r["ma_don_vi"].clone(), r)).collect();
    (out.status.code().unwrap(), rows, stderr)
}

/// Runs `assess` with `--persons` and returns each person's row keyed by id.
pub fn persons(dir: &Dir, args: &[&Path], extra: &[&str]) -> HashMap<String, HashMap<String, String>> {
    let out = dir.path("persons.csv");
    hoctap()
        .arg("assess")
        .args(args)
        .arg("--persons")
        .arg(&out)
        .args(["--format", "csv", "--exit-zero", "-q"])
        .args(extra)
        .assert()
        .success();
    parse_csv(&dir.read("persons.csv")).into_iter().map(|r| (r["ma_dinh_danh"].clone(), r)).collect()
}

/// The kind of output an .xlsx written by hoctap says it is (its `hoctap` custom property).
pub fn xlsx_mark(path: &Path) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("docProps/custom.xml").ok()?, &mut xml).ok()?;
    let at = xml.find(r#"name="hoctap""#)?;
    let value = &xml[at..];
    let start = value.find("<vt:lpwstr>")? + "<vt:lpwstr>".len();
    let end = value.find("</vt:lpwstr>")?;
    Some(value[start..end].to_string())
}
