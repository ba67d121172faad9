//! The mark every output of hoctap carries, so that a later run never reads it as a roster.

/// Name of the custom document property in every .xlsx hoctap writes; its value is the kind
/// of output (`OutputKind::as_str`).
pub const XLSX_PROPERTY: &str = "hoctap";

/// Header of the last column of every CSV hoctap writes about people or units (its cells
/// hold the kind of output); a CSV template carries no mark (a filled template is a roster).
pub const CSV_COLUMN: &str = "hoctap";

/// The sheets of an Excel template that explain it (not rosters): a template's reader passes
/// over them without a word.
pub const TEMPLATE_HELP_SHEETS: [&str; 4] = ["Chỉ số", "Chỉ tiêu", "Hướng dẫn", "Danh mục"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputKind {
    Report,
    Persons,
    Findings,
    RowsWithErrors,
    Dossier,
    Template,
    List,
}

impl OutputKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutputKind::Report => "bao-cao",
            OutputKind::Persons => "nguoi",
            OutputKind::Findings => "phat-hien",
            OutputKind::RowsWithErrors => "dong-loi",
            OutputKind::Dossier => "ho-so",
            OutputKind::Template => "mau",
            OutputKind::List => "danh-sach",
        }
    }

    #[allow(clippy::should_implement_trait)]
    pub fn from_str(s: &str) -> Option<OutputKind> {
        [
            OutputKind::Report,
            OutputKind::Persons,
            OutputKind::Findings,
            OutputKind::RowsWithErrors,
            OutputKind::Dossier,
            OutputKind::Template,
            OutputKind::List,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back() {
        for s in ["bao-cao", "nguoi", "phat-hien", "dong-loi", "ho-so", "mau", "danh-sach"] {
            assert_eq!(OutputKind::from_str(s).map(OutputKind::as_str), Some(s));
        }
        assert_eq!(OutputKind::from_str("hoctap"), None);
    }
}
