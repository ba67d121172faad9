//! One roster row typed against the criteria: NFC text, the role its `đối tượng` maps to,
//! whether it is excluded, and each indicator score, with every problem named by column and
//! value. Nothing here decides recognition; that is `scoring`.

use std::collections::VecDeque;

use csv::StringRecord;

use super::csv_source::RecordSource;
use super::header::{Field, HeaderError, HeaderMap, MAX_TITLE_ROWS, Vocabulary, find_header};
use super::{InputError, Source};
use crate::criteria::{Criteria, Role};
use crate::number::{Points, PointsError, parse_points};
use crate::text::{fold_value, nfc};

pub const ID: Field = Field::Named("ma_dinh_danh");
pub const NAME: Field = Field::Named("ho_ten");
pub const UNIT_CODE: Field = Field::Named("ma_don_vi");
pub const UNIT_NAME: Field = Field::Named("ten_don_vi");
pub const DOI_TUONG: Field = Field::Named("doi_tuong");
pub const DISADVANTAGED: Field = Field::Named("vung_kho_khan");
pub const STATUS: Field = Field::Named("trang_thai");
pub const FAMILY_AND_MIDDLE_NAME: Field = Field::Named("ho_dem");
pub const GIVEN_NAME: Field = Field::Named("ten");

const NAMED: [&str; 9] =
    ["ma_dinh_danh", "ho_ten", "ma_don_vi", "ten_don_vi", "doi_tuong", "vung_kho_khan", "trang_thai", "ho_dem", "ten"];
const REQUIRED: [&str; 3] = ["ma_dinh_danh", "ho_ten", "doi_tuong"];

/// The roster vocabulary of a criteria set.
pub fn roster_vocabulary(criteria: &Criteria) -> Vocabulary {
    let items: Vec<(String, String)> =
        criteria.cdht.indicators.iter().map(|i| (i.column.clone(), i.code.clone())).collect();
    Vocabulary::new(&criteria.columns.roster, &NAMED, &items, &criteria.columns.indicator_templates, &REQUIRED, true)
        .with_join(NAME, &[FAMILY_AND_MIDDLE_NAME, GIVEN_NAME])
}

/// A problem with one cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Counted,
    /// Index into the criteria's exclusion reasons.
    Excluded(usize),
}

#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Line as the user's editor or spreadsheet numbers it.
    pub line: u64,
    pub id: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub doi_tuong: String,
    /// Group index and role, when the `đối tượng` is known.
    pub role: Option<(usize, Role)>,
    /// `None` when the row does not say: then the unit register's value applies.
    pub disadvantaged: Option<bool>,
    pub status: Status,
    /// One per indicator, `None` where the cell has a problem.
    pub scores: Vec<Option<Points>>,
    pub problems: Vec<Problem>,
}

impl PersonRow {
    /// The key under which two rows are the same person: the id without spaces, upper case.
    /// A damaged id (Excel scientific notation) has no key: it cannot identify anyone.
    pub fn id_key(&self) -> Option<String> {
        if looks_like_excel_number(&self.id) {
            return None;
        }
        let key: String = self.id.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
        (!key.is_empty()).then_some(key)
    }
}

/// Reads a roster: finds its header, then yields typed rows.
pub struct RosterReader<'c> {
    records: Box<dyn RecordSource + 'c>,
    pending: VecDeque<(u64, StringRecord)>,
    criteria: &'c Criteria,
    pub header: HeaderMap,
    pub header_line: u64,
    /// Unit code for files without a unit column.
    default_unit: String,
    record: StringRecord,
    pub blank_rows: u64,
    /// Rows with no person in them, held until a person row shows they are inside the table.
    held: VecDeque<(u64, StringRecord)>,
    released: VecDeque<(u64, StringRecord)>,
    /// Lines after the last person that hold no person: notes and signatures, not counted.
    pub note_lines: Vec<u64>,
}

/// Rows without a person held at most at once; a longer run is typed like any rows.
const MAX_HELD: usize = 50;

impl<'c> RosterReader<'c> {
    pub fn new(
        source: &Source,
        mut records: Box<dyn RecordSource + 'c>,
        criteria: &'c Criteria,
        vocab: &Vocabulary,
        default_unit: String,
    ) -> Result<RosterReader<'c>, InputError> {
        let mut head = Vec::new();
        let mut lines = Vec::new();
        let mut rec = StringRecord::new();
        while head.len() < MAX_TITLE_ROWS + 1 {
            match records.read(&mut rec)? {
                Some(line) => {
                    lines.push(line);
                    head.push(rec.clone());
                }
                None => break,
            }
        }
        if head.is_empty() {
            return Err(InputError::file(source, "tệp rỗng: không có dòng nào"));
        }
        let (header, first_data) = find_header(&head, vocab).map_err(|e| header_error(source, e))?;
        let header_line = lines[first_data - header.rows];
        let pending = lines.into_iter().zip(head).skip(first_data).collect();
        Ok(RosterReader {
            records,
            pending,
            criteria,
            header,
            header_line,
            default_unit,
            record: StringRecord::new(),
            blank_rows: 0,
            held: VecDeque::new(),
            released: VecDeque::new(),
            note_lines: Vec::new(),
        })
    }

    /// The next non-blank row, typed.
    pub fn next_row(&mut self) -> Result<Option<PersonRow>, InputError> {
        loop {
            let line = if let Some((line, rec)) = self.released.pop_front() {
                self.record = rec;
                line
            } else {
                let line = match self.pending.pop_front() {
                    Some((line, rec)) => {
                        self.record = rec;
                        line
                    }
                    None => match self.records.read(&mut self.record)? {
                        Some(line) => line,
                        None => {
                            self.note_lines.extend(self.held.drain(..).map(|(l, _)| l));
                            return Ok(None);
                        }
                    },
                };
                if self.record.iter().all(|c| c.trim().is_empty()) {
                    self.blank_rows += 1;
                    continue;
                }
                // A row without id, đối tượng or score is held: after the last person it is a
                // note or a signature ("HIỆU TRƯỞNG"); before another person it is a row.
                if holds_no_person(&self.header, &self.record) && self.held.len() < MAX_HELD {
                    self.held.push_back((line, self.record.clone()));
                    continue;
                }
                if !self.held.is_empty() {
                    self.released.extend(self.held.drain(..));
                    self.released.push_back((line, std::mem::take(&mut self.record)));
                    continue;
                }
                line
            };
            self.header.extend_record(&mut self.record);
            let mut row = type_row(self.criteria, &self.header, &self.record, line, &self.default_unit);
            self.check_cell_types(&mut row);
            return Ok(Some(row));
        }
    }

    /// The cells of the row last returned, as read from the file (joined columns after them).
    pub fn record(&self) -> &StringRecord {
        &self.record
    }

    /// What only a spreadsheet shows: an id stored as a number has lost any leading zero and
    /// any digit past Excel's fifteenth, so it is refused whatever it looks like.
    fn check_cell_types(&self, row: &mut PersonRow) {
        let Some(col) = self.header.col(ID) else { return };
        if row.id.is_empty() || !self.records.stored_as_number(row.line, col) {
            return;
        }
        let column = self.header.header_of(ID).to_string();
        row.problems.retain(|p| p.column != column);
        row.problems.insert(
            0,
            Problem {
                column,
                value: row.id.clone(),
                message: format!(
                    "mã định danh \"{}\" được lưu dạng số trong bảng tính nên có thể đã mất số 0 đầu; định dạng cột là Văn bản (Text) rồi nhập lại mã, hoặc gõ dấu ' trước mã",
                    row.id
                ),
            },
        );
    }
}

fn header_error(source: &Source, e: HeaderError) -> InputError {
    let message = match e {
        HeaderError::NotFound => format!(
            "không tìm thấy dòng tiêu đề trong {MAX_TITLE_ROWS} dòng đầu; cần các cột như \"Mã định danh\", \"Họ và tên\", \"Đối tượng\", \"Chỉ số 1.1\" … (xem hoctap template); chạy hoctap inspect với tệp này để xem chương trình đọc được gì"
        ),
        HeaderError::Duplicate { field, first, second } => {
            format!("hai cột \"{first}\" và \"{second}\" cùng là {field}; hãy xóa hoặc đổi tên một cột")
        }
        HeaderError::Missing(fields) => {
            let list: Vec<String> = fields
                .iter()
                .map(|(name, aliases)| {
                    let shown: Vec<String> = aliases.iter().take(4).map(|a| format!("\"{a}\"")).collect();
                    format!("{name} (tên cột chấp nhận: {})", shown.join(", "))
                })
                .collect();
            format!("thiếu cột bắt buộc: {}", list.join("; "))
        }
    };
    InputError::file(source, message)
}

fn cell<'r>(header: &HeaderMap, rec: &'r StringRecord, field: Field) -> &'r str {
    header.col(field).and_then(|c| rec.get(c)).map_or("", str::trim)
}

/// No id, no đối tượng and no score: nothing of a person to score (a group title such as
/// "II. GIÁO VIÊN", a note, a signature).
fn holds_no_person(header: &HeaderMap, rec: &StringRecord) -> bool {
    let items = header.columns.keys().filter(|f| matches!(f, Field::Item(_)));
    cell(header, rec, ID).is_empty()
        && cell(header, rec, DOI_TUONG).is_empty()
        && items.into_iter().all(|f| cell(header, rec, *f).is_empty())
}

/// Types one record. Pure: the same record always gives the same row.
pub fn type_row(
    criteria: &Criteria,
    header: &HeaderMap,
    rec: &StringRecord,
    line: u64,
    default_unit: &str,
) -> PersonRow {
    let text = |f: Field| nfc(cell(header, rec, f)).into_owned();
    let mut problems = Vec::new();
    let mut problem = |f: Field, value: &str, message: String| {
        problems.push(Problem { column: header.header_of(f).to_string(), value: value.to_string(), message });
    };

    let id = text(ID);
    if id.is_empty() {
        problem(ID, "", "thiếu mã định danh".into());
    } else if looks_like_excel_number(&id) {
        problem(
            ID,
            &id,
            format!("mã định danh \"{id}\" đã bị Excel đổi thành số; định dạng cột là Văn bản (Text) rồi nhập lại"),
        );
    } else if lost_leading_zero(header.header_of(ID), &id) {
        problem(
            ID,
            &id,
            format!(
                "số CCCD \"{id}\" có 11 chữ số, số CCCD có 12 (bắt đầu bằng 0): số 0 đầu đã bị Excel bỏ; định dạng cột là Văn bản (Text) rồi nhập lại đủ 12 chữ số"
            ),
        );
    }

    let unit_code = if header.col(UNIT_CODE).is_some() { text(UNIT_CODE) } else { default_unit.to_string() };
    if unit_code.is_empty() {
        problem(UNIT_CODE, "", "thiếu mã đơn vị".into());
    }

    let doi_tuong = text(DOI_TUONG);
    let role = criteria.roles.by_value.get(&fold_value(&doi_tuong)).copied();
    if role.is_none() {
        let message = if doi_tuong.is_empty() {
            "thiếu đối tượng".to_string()
        } else {
            format!("đối tượng \"{doi_tuong}\" không có trong bộ tiêu chí (xem hoctap criteria)")
        };
        problem(DOI_TUONG, &doi_tuong, message);
    }

    let raw_vkk = text(DISADVANTAGED);
    let vkk = fold_value(&raw_vkk);
    let disadvantaged = if vkk.is_empty() {
        None
    } else if criteria.values.no.contains(&vkk) {
        Some(false)
    } else if criteria.values.yes.contains(&vkk) {
        Some(true)
    } else {
        problem(DISADVANTAGED, &raw_vkk, format!("vùng khó khăn \"{raw_vkk}\" phải là Có hoặc Không"));
        Some(false)
    };

    let raw_status = text(STATUS);
    let st = fold_value(&raw_status);
    let status = if st.is_empty() || criteria.status.active.contains(&st) {
        Status::Counted
    } else if let Some(&i) = criteria.status.excluded.get(&st) {
        Status::Excluded(i)
    } else {
        problem(STATUS, &raw_status, format!("trạng thái \"{raw_status}\" không có trong bộ tiêu chí"));
        Status::Counted
    };

    let scores = criteria
        .cdht
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let f = Field::Item(i);
            let raw = cell(header, rec, f);
            let message = match parse_points(raw) {
                Ok(p) if p <= ind.max => return Some(p),
                Ok(p) => format!("chỉ số {} = {p} ngoài khoảng 0–{}", ind.code, ind.max),
                Err(PointsError::Blank) => format!("thiếu điểm chỉ số {}", ind.code),
                Err(PointsError::NotANumber) if looks_like_date(raw) => format!(
                    "điểm chỉ số {} \"{raw}\" là ngày tháng: Excel đã đổi điểm gõ có dấu chấm (như 7.5) thành ngày; định dạng cột là Số hoặc Văn bản rồi nhập lại điểm",
                    ind.code
                ),
                Err(PointsError::NotANumber) => format!("điểm chỉ số {} \"{raw}\" không phải là số", ind.code),
                Err(PointsError::TooManyDecimals) => {
                    format!("điểm chỉ số {} \"{raw}\" có quá hai chữ số thập phân", ind.code)
                }
            };
            problem(f, raw, message);
            None
        })
        .collect();

    if holds_no_person(header, rec) {
        // One clear message instead of one per empty cell.
        problems = vec![Problem {
            column: header.header_of(ID).to_string(),
            value: String::new(),
            message: "dòng không có mã định danh, đối tượng hay điểm nào; nếu là dòng tiêu đề nhóm hoặc ghi chú, hãy xóa khỏi danh sách; nếu là một người, hãy điền đủ".into(),
        }];
    }

    PersonRow {
        line,
        id,
        name: text(NAME),
        unit_code,
        unit_name: text(UNIT_NAME),
        doi_tuong,
        role,
        disadvantaged,
        status,
        scores,
        problems,
    }
}

/// A citizen number (số CCCD, số định danh cá nhân) has 12 digits and begins with 0, the first
/// digit of the province code (001–096); Excel drops that 0 when the column holds numbers.
/// Checked only under a header that names the citizen number, where 11 digits cannot be right.
fn lost_leading_zero(header: &str, id: &str) -> bool {
    let h = crate::text::fold_key(header);
    (h.contains("cccd") || h.contains("cancuoc") || h.contains("dinhdanhcanhan"))
        && id.len() == 11
        && id.bytes().all(|b| b.is_ascii_digit())
}

/// "07/05/2025": what a spreadsheet shows for a date cell (see `spreadsheet::render`).
fn looks_like_date(raw: &str) -> bool {
    let date = raw.split(' ').next().unwrap_or("");
    let parts: Vec<&str> = date.split('/').collect();
    matches!(parts[..], [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4
        && [d, m, y].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
}

/// "1,23457E+11", "1.23457e+11": what Excel shows after turning a 12-digit id into a number.
fn looks_like_excel_number(id: &str) -> bool {
    let upper = id.to_ascii_uppercase();
    let Some((mantissa, exp)) = upper.split_once("E+") else { return false };
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
        && !exp.is_empty()
        && exp.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spots_citizen_numbers_without_their_leading_zero() {
        assert!(lost_leading_zero("Số CCCD", "37201001234"));
        assert!(lost_leading_zero("Số định danh cá nhân", "37201001234"));
        assert!(!lost_leading_zero("Số CCCD", "037201001234"));
        assert!(!lost_leading_zero("Mã định danh Bộ GD&ĐT", "37201001234"));
        assert!(!lost_leading_zero("CCCD", "3720100123a"));
    }

    #[test]
    fn spots_scientific_ids() {
        assert!(looks_like_excel_number("1,23457E+11"));
        assert!(looks_like_excel_number("1.23457e+11"));
        assert!(!looks_like_excel_number("036201001234"));
        assert!(!looks_like_excel_number("E+11"));
    }
}
