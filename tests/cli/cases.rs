//! The command-line cases under `tests/cases/`: each folder is one case (`cmd.toml` with the
//! arguments and exit status, `cmd.stdout` and `cmd.stderr` with the expected output,
//! `cmd.in/` with the input files, `cmd.out/` with expected output files). Adding a case is
//! adding a folder; `TRYCMD=overwrite cargo test --test cli cases` writes the expected files
//! of a new one for review.

#[test]
fn cases() {
    trycmd::TestCases::new()
        .register_bin("hoctap", trycmd::cargo::cargo_bin("hoctap"))
        .env("NO_COLOR", "1")
        .case("tests/cases/*/cmd.toml");
}
