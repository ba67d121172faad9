//! Writing outputs: atomically (a temporary file in the same folder, renamed on success, so a
//! failed run never leaves a half-written report), never over an input, and safe to open in
//! Excel (a cell cannot start a formula).

use std::borrow::Cow;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Neutralises a cell that Excel would read as a formula: `=`, `+`, `-`, `@`, tab or CR at the
/// start gets a leading apostrophe, which Excel shows as text.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Refuses to write over any of the inputs.
pub fn check_not_input(output: &Path, inputs: &[&Path]) -> Result<()> {
    for input in inputs {
        if same_file(output, input) {
            bail!(
                "tệp kết quả {} trùng với tệp đầu vào {}; hãy chọn tên khác (hoctap không bao giờ ghi đè tệp đầu vào)",
                output.display(),
                input.display()
            );
        }
    }
    Ok(())
}

/// Refuses outputs that are an input, and two outputs that are one file (the second would
/// silently replace the first).
pub fn check_outputs(outputs: &[&Path], inputs: &[&Path]) -> Result<()> {
    for (i, out) in outputs.iter().enumerate() {
        check_not_input(out, inputs)?;
        if let Some(other) = outputs[..i].iter().find(|o| same_file(out, o)) {
            bail!("hai tệp kết quả {} và {} là một; hãy chọn hai tên khác nhau", other.display(), out.display());
        }
    }
    Ok(())
}

/// Whether two paths name one file: the same path after resolving symbolic links, or (on Unix)
/// the same inode, which catches hard links.
fn same_file(a: &Path, b: &Path) -> bool {
    if canonical_or_self(a) == canonical_or_self(b) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

/// The resolved path; for a file not yet written, its resolved folder and its name.
fn canonical_or_self(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    match (std::fs::canonicalize(parent), p.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => p.to_path_buf(),
    }
}

/// A file being written; it appears at its path only on [`AtomicFile::commit`].
pub struct AtomicFile {
    path: PathBuf,
    writer: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".hoctap-").suffix(".tmp");
        // A report is an ordinary file: created as `File::create` would (0666 less the umask),
        // not with the private 0600 of a temporary file.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let tmp = builder
            .tempfile_in(&dir)
            .with_context(|| format!("không tạo được tệp tạm trong thư mục {}", dir.display()))?;
        Ok(AtomicFile { path: path.to_path_buf(), writer: BufWriter::new(tmp) })
    }

    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let tmp = self
            .writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("không ghi được {}", path.display()))?;
        tmp.as_file().sync_all().ok();
        tmp.persist(&path).with_context(|| format!("không ghi được {}", path.display()))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Writes `bytes` to `path` atomically, or to stdout when `path` is `None` or `-`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let mut f = AtomicFile::create(p)?;
            f.write_all(bytes).with_context(|| format!("không ghi được {}", p.display()))?;
            f.commit()
        }
        _ => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_formula_starts() {
        for s in ["=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(safe_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(safe_cell("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(safe_cell("97.50"), "97.50");
    }
}
