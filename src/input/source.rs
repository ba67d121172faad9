//! Where rosters come from: paths given on the command line (files, or `-` for stdin).

use std::fmt;
use std::path::{Path, PathBuf};

use super::InputError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stdin,
    Path(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" { Source::Stdin } else { Source::Path(arg.to_path_buf()) }
    }

    /// The unit code used when a roster has no unit column: the file's stem.
    pub fn stem(&self) -> String {
        match self {
            Source::Stdin => "stdin".into(),
            Source::Path(p) => {
                p.file_stem().map_or_else(|| p.display().to_string(), |s| s.to_string_lossy().into_owned())
            }
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Source::Stdin => None,
            Source::Path(p) => Some(p),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => write!(f, "<stdin>"),
            Source::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Resolves the command-line inputs into the list of rosters to read, in a stable order.
/// A folder is refused here; reading folders is a feature of its own.
pub fn expand_sources(args: &[PathBuf]) -> Result<Vec<Source>, InputError> {
    let mut out = Vec::new();
    for arg in args {
        let source = Source::from_arg(arg);
        if let Source::Path(p) = &source {
            let meta = std::fs::metadata(p).map_err(|e| InputError::file(&source, super::io_message(&e)))?;
            if meta.is_dir() {
                return Err(InputError::file(&source, "đây là thư mục; hãy chỉ ra từng tệp danh sách"));
            }
        }
        if out.contains(&source) {
            return Err(InputError::file(&source, "tệp được nêu hai lần; mỗi tệp chỉ đọc một lần"));
        }
        out.push(source);
    }
    if out.iter().filter(|s| **s == Source::Stdin).count() > 1 {
        return Err(InputError::file(&"-", "chỉ đọc được stdin một lần"));
    }
    Ok(out)
}
