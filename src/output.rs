//! Writing outputs: atomically (a temporary file in the same folder, renamed on success, so a
//! failed run never leaves a half-written report), never over an input, and safe to open in
//! Excel (a cell cannot start a formula).

use std::borrow::Cow;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Neutralises a cell that Excel would read as a formula: `=`, `+`, `-`, `@`, tab, CR or LF at
/// the start gets a leading apostrophe, which Excel shows as text (a line break first hides a
/// formula on the line after it).
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r' | b'\n') => Cow::Owned(format!("'{s}")),
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

/// A file being written. A regular file (or a new one) is written to a hidden temporary file
/// beside it and appears at its path only on [`AtomicFile::commit`]; a device, a FIFO or
/// `/dev/stdout` is written straight into, never replaced; a symbolic link is followed and its
/// target written.
pub struct AtomicFile {
    path: PathBuf,
    /// `None` once committed.
    target: Option<Target>,
}

enum Target {
    Replace { writer: BufWriter<tempfile::NamedTempFile>, keep: Option<Kept> },
    Direct(BufWriter<std::fs::File>),
}

/// What the file being replaced had, so the new one keeps it.
struct Kept {
    permissions: std::fs::Permissions,
    #[cfg(unix)]
    owner: (u32, u32),
}

impl AtomicFile {
    pub fn create(path: &Path) -> Result<AtomicFile> {
        if writes_in_place(path) {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| anyhow::anyhow!("không ghi được {}: {}", path.display(), write_message(&e)))?;
            return Ok(AtomicFile { path: path.to_path_buf(), target: Some(Target::Direct(BufWriter::new(file))) });
        }
        let target = resolve_links(path);
        let keep = match std::fs::metadata(&target) {
            Ok(meta) => Some(kept(&target, &meta)?),
            Err(_) => None,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        cleanup::install();
        // tempfile creates it readable by its owner only (0600): a process killed before the
        // rename leaves nothing that others can read. The final permissions are set at commit.
        let tmp = tempfile::Builder::new().prefix(cleanup::PREFIX).suffix(".tmp").tempfile_in(&dir).map_err(|e| {
            anyhow::anyhow!("không tạo được tệp tạm trong thư mục {}: {}", dir.display(), write_message(&e))
        })?;
        cleanup::register(tmp.path());
        Ok(AtomicFile { path: target, target: Some(Target::Replace { writer: BufWriter::new(tmp), keep }) })
    }

    pub fn commit(mut self) -> Result<()> {
        let path = std::mem::take(&mut self.path);
        let failed = |e: io::Error| anyhow::anyhow!("không ghi được {}: {}", path.display(), write_message(&e));
        match self.target.take().expect("committed once") {
            Target::Direct(mut w) => w.flush().map_err(failed),
            Target::Replace { writer, keep } => {
                let tmp = writer.into_inner().map_err(|e| failed(e.into_error()))?;
                tmp.as_file().sync_all().ok();
                match &keep {
                    Some(kept) => {
                        #[cfg(unix)]
                        {
                            // Only root may give a file away; anyone else keeps the file as theirs.
                            let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(kept.owner.0), Some(kept.owner.1));
                        }
                        tmp.as_file().set_permissions(kept.permissions.clone()).map_err(failed)?;
                    }
                    None => {
                        #[cfg(unix)]
                        tmp.as_file().set_permissions(new_file_permissions()).map_err(failed)?;
                    }
                }
                let tmp_path = tmp.path().to_path_buf();
                let persisted = tmp.persist(&path).map_err(|e| failed(e.error));
                cleanup::unregister(&tmp_path);
                persisted.map(drop)
            }
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // An abandoned file: tempfile removes it; forget it here too.
        if let Some(Target::Replace { writer, .. }) = &self.target {
            cleanup::unregister(writer.get_ref().path());
        }
    }
}

/// A write error as an officer reads it, naming the file: "D:\\bc\\ph.csv: đĩa đã đầy". The
/// writers above the file (CSV, JSON, the findings and persons lists) pass it on as it is.
impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let written = match &mut self.target {
            Some(Target::Replace { writer, .. }) => writer.write(buf),
            Some(Target::Direct(w)) => w.write(buf),
            None => Ok(0),
        };
        written.map_err(|e| self.named(&e))
    }
    fn flush(&mut self) -> io::Result<()> {
        let flushed = match &mut self.target {
            Some(Target::Replace { writer, .. }) => writer.flush(),
            Some(Target::Direct(w)) => w.flush(),
            None => Ok(()),
        };
        flushed.map_err(|e| self.named(&e))
    }
}

impl AtomicFile {
    fn named(&self, e: &io::Error) -> io::Error {
        io::Error::new(e.kind(), format!("{}: {}", self.path.display(), write_message(e)))
    }
}

/// Devices, FIFOs and sockets, and the `/dev/std*` and `/proc/self/fd` names of the process's
/// own streams, are written into: replacing them would break the system (`/dev/null`) or the
/// shell's redirection.
fn writes_in_place(path: &Path) -> bool {
    if path.starts_with("/dev") || path.starts_with("/proc") {
        return path.exists();
    }
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The file a path names after following symbolic links, also a link to a file not yet
/// written (its target is created, the link kept).
fn resolve_links(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::read_link(&p) {
            Ok(next) => {
                p = match p.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                }
            }
            Err(_) => return p,
        }
    }
    p
}

fn kept(path: &Path, meta: &std::fs::Metadata) -> Result<Kept> {
    if meta.is_dir() {
        bail!(
            "{} là thư mục, không phải tệp; hãy cho tên tệp kết quả, ví dụ {}",
            path.display(),
            path.join("bao-cao.xlsx").display()
        );
    }
    if meta.permissions().readonly() {
        bail!(
            "tệp {} đang để chỉ đọc; hoctap không ghi đè tệp chỉ đọc: bỏ thuộc tính chỉ đọc hoặc chọn tên khác",
            path.display()
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Ok(Kept { permissions: meta.permissions(), owner: (meta.uid(), meta.gid()) })
    }
    #[cfg(not(unix))]
    Ok(Kept { permissions: meta.permissions() })
}

/// What `File::create` gives a new file: 0666 less the process's umask.
#[cfg(unix)]
fn new_file_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o666 & !umask())
}

/// The process's umask, read without changing it (Linux shows it in /proc/self/status); the
/// usual 022 where it cannot be read.
#[cfg(unix)]
fn umask() -> u32 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find_map(|l| l.strip_prefix("Umask:").map(|v| v.trim().to_string())))
        .and_then(|v| u32::from_str_radix(&v, 8).ok())
        .unwrap_or(0o022)
}

/// An error while writing, in Vietnamese and once: a file another program holds open (Excel
/// on Windows) is the usual cause of "access denied".
fn write_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied if cfg!(windows) => {
            "tệp đang mở trong chương trình khác (thường là Excel) hoặc không có quyền ghi; hãy đóng tệp rồi chạy lại"
                .into()
        }
        io::ErrorKind::PermissionDenied => "không có quyền ghi vào đây".into(),
        io::ErrorKind::NotFound => "thư mục không tồn tại".into(),
        io::ErrorKind::StorageFull => "đĩa đã đầy".into(),
        io::ErrorKind::ReadOnlyFilesystem => "ổ đĩa chỉ đọc".into(),
        io::ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".into(),
        _ => format!("lỗi khi ghi ({e})"),
    }
}

/// Temporary files still being written, removed when the run is stopped by Ctrl-C, SIGTERM or
/// SIGHUP: a stopped run leaves no copy of personal data behind.
mod cleanup {
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, Once};

    pub const PREFIX: &str = ".hoctap-";

    static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    static INSTALL: Once = Once::new();

    pub fn install() {
        INSTALL.call_once(|| {
            // Another handler already set (a library user's) stays; the files are then removed
            // by the normal paths only.
            let _ = ctrlc::set_handler(|| {
                let live = LIVE.lock().map(|l| l.clone()).unwrap_or_default();
                for p in live {
                    let _ = std::fs::remove_file(p);
                }
                eprintln!("\nđã dừng theo yêu cầu: không ghi tệp kết quả nào đang ghi dở");
                std::process::exit(2);
            });
        });
    }

    pub fn register(p: &Path) {
        if let Ok(mut l) = LIVE.lock() {
            l.push(p.to_path_buf());
        }
    }

    pub fn unregister(p: &Path) {
        if let Ok(mut l) = LIVE.lock() {
            l.retain(|q| q != p);
        }
    }
}

/// Writes `bytes` to `path` atomically, or to stdout when `path` is `None` or `-`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) if p.as_os_str() != "-" => {
            let mut f = AtomicFile::create(p)?;
            f.write_all(bytes).map_err(|e| anyhow::anyhow!("không ghi được {e}"))?;
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
    fn devices_and_streams_are_written_in_place() {
        // Only asks; nothing is opened or written.
        for p in ["/dev/null", "/dev/stdout", "/dev/stderr", "/proc/self/fd/1"] {
            assert!(writes_in_place(Path::new(p)), "{p}");
        }
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("bao-cao.csv");
        assert!(!writes_in_place(&file));
        std::fs::write(&file, "x").unwrap();
        assert!(!writes_in_place(&file));
    }

    #[test]
    fn neutralises_formula_starts() {
        for s in ["=1+1", "+84", "-2", "@SUM(A1)", "\tx", "\rx", "\n=1+1"] {
            assert!(safe_cell(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(safe_cell("Nguyễn Văn An"), "Nguyễn Văn An");
        assert_eq!(safe_cell("97.50"), "97.50");
    }
}
