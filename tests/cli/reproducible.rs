//! Reproducibility: the report names the criteria set (name, version, SHA-256 of its file) and
//! the SHA-256 of every input, and the same inputs give the same bytes in every format.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::support::*;

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn example(p: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(p)
}

#[test]
fn the_report_records_the_checksums_of_the_criteria_and_of_every_input() {
    let d = Dir::new();
    let ds = example("xa-gia-tran/danh-sach.csv");
    let dv = example("xa-gia-tran/don-vi.csv");
    let thcs = example("thcs-ninh-hai.csv");
    let own =
        d.write("bo.toml", hoctap::criteria::EMBEDDED_TOML.replace("phien_ban = \"2025.1\"", "phien_ban = \"thử\""));
    for criteria in [None, Some(&own)] {
        let mut cmd = hoctap();
        cmd.args(["assess", "-q", "--exit-zero", "--format", "json"]).arg(&ds).arg(&thcs).arg("--units").arg(&dv);
        if let Some(c) = criteria {
            cmd.arg("--criteria").arg(c);
        }
        let out = cmd.output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let toml = match criteria {
            None => hoctap::criteria::EMBEDDED_TOML.as_bytes().to_vec(),
            Some(c) => std::fs::read(c).unwrap(),
        };
        let t = &v["tieu_chi"];
        assert_eq!(t["sha256"], sha256_hex(&toml));
        assert_eq!(t["ma"], "ninh-binh-2025");
        assert_eq!(t["phien_ban"], if criteria.is_some() { "thử" } else { "2025.1" });
        assert!(t["ten"].as_str().unwrap().contains("QĐ 324"));
        for (i, f) in [&ds, &thcs].iter().enumerate() {
            assert_eq!(v["tep"][i]["sha256"], sha256_hex(&std::fs::read(f).unwrap()), "{}", f.display());
        }
        assert_eq!(v["tep_don_vi"]["sha256"], sha256_hex(&std::fs::read(&dv).unwrap()));
    }
    // A roster read from stdin is summed as it streams.
    let bytes = std::fs::read(&thcs).unwrap();
    let out = hoctap()
        .args(["assess", "-q", "--exit-zero", "--format", "json", "-"])
        .write_stdin(bytes.clone())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["tep"][0]["sha256"], sha256_hex(&bytes));
}

#[test]
fn the_same_inputs_give_the_same_bytes_in_every_output() {
    let d = Dir::new();
    let ds = example("xa-gia-tran/danh-sach.csv");
    let dv = example("xa-gia-tran/don-vi.csv");
    let thcs = example("thcs-ninh-hai.csv");
    let run = |tag: &str, format: &str, persons_ext: &str| {
        let report = d.path(&format!("{tag}.{format}"));
        let persons = d.path(&format!("{tag}-nguoi.{persons_ext}"));
        hoctap()
            .args(["assess", "-q", "--exit-zero", "--format", format, "-o"])
            .arg(&report)
            .arg("--persons")
            .arg(&persons)
            .arg(&ds)
            .arg(&thcs)
            .arg("--units")
            .arg(&dv)
            .assert()
            .code(0);
        (std::fs::read(report).unwrap(), std::fs::read(persons).unwrap())
    };
    for (format, persons_ext) in [("csv", "csv"), ("json", "json"), ("table", "csv")] {
        let a = run("a", format, persons_ext);
        let b = run("b", format, persons_ext);
        assert!(!a.0.is_empty() && !a.1.is_empty());
        assert_eq!(a.0, b.0, "report as {format}");
        assert_eq!(a.1, b.1, "persons as {persons_ext}");
    }
    // The stderr summary too.
    let summary = || hoctap().args(["assess", "--format", "csv"]).arg(&thcs).output().unwrap().stderr;
    assert_eq!(summary(), summary());
}
