//! Blank rosters as Excel workbooks (`hoctap template -o mau.xlsx`): the headers the criteria
//! accept, each with a note saying what goes in the column (the indicator's wording, the
//! accepted values), the id column formatted as text so typed ids keep their leading zeros,
//! scores checked to lie between 0 and the maximum, and a second sheet listing the indicators
//! (or chỉ tiêu) in full.

use anyhow::Result;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Note, Workbook, Worksheet, XlsxError,
};

use super::render::xlsx::{base, new_sheet, new_workbook};
use crate::criteria::{ChiTieuKind, Criteria};
use crate::input::units::{declared_codes, scale_codes};

/// The roster headers: the canonical field names, so the file round-trips exactly.
pub fn roster_headers(c: &Criteria) -> Vec<String> {
    let mut h: Vec<String> =
        ["ma_dinh_danh", "ho_ten", "ma_don_vi", "ten_don_vi", "doi_tuong", "vung_kho_khan", "trang_thai"]
            .iter()
            .map(|s| s.to_string())
            .collect();
    h.extend(c.cdht.indicators.iter().map(|i| i.column.clone()));
    h
}

/// The named columns of the unit file after its chỉ tiêu, in template order.
const UNIT_TAIL: [&str; 9] = [
    "cap_hoc",
    "xa_phuong",
    "cap_quan_ly",
    "vung_kho_khan",
    "muc_do_cong_nhan",
    "so_quyet_dinh",
    "ngay_quyet_dinh",
    "nam_cong_nhan",
    "nam_danh_gia",
];

/// The unit-file headers: the canonical field names and chỉ tiêu codes.
pub fn unit_headers(c: &Criteria) -> Vec<String> {
    let mut h: Vec<String> = ["ma_don_vi", "ten_don_vi", "co_so_giao_duc"].iter().map(|s| s.to_string()).collect();
    h.extend(declared_codes(c));
    h.extend(scale_codes(c));
    h.extend(UNIT_TAIL.iter().map(|s| s.to_string()));
    h
}

const LAST_ROW: u32 = 1_048_575;

fn header() -> Format {
    base().set_bold().set_text_wrap().set_background_color(rust_xlsxwriter::Color::RGB(0xDDEBF7))
}

fn note(text: &str) -> Note {
    Note::new(text).add_author_prefix(false).set_width(320).set_height(140)
}

/// The first human-written alias of a named field (the list starts with the canonical name).
fn display_name(aliases: &[(String, Vec<String>)], field: &str) -> String {
    aliases
        .iter()
        .find(|(f, _)| f == field)
        .and_then(|(_, a)| a.get(1).or(a.first()))
        .cloned()
        .unwrap_or_else(|| field.to_string())
}

fn templated(templates: &[String], code: &str, fallback: &str) -> String {
    templates.first().map_or_else(|| fallback.to_string(), |t| t.replace("{ma}", code))
}

fn finish(mut workbook: Workbook, sheets: Vec<Worksheet>) -> Result<Vec<u8>> {
    for s in sheets {
        workbook.push_worksheet(s);
    }
    workbook.set_properties(&super::render::xlsx::properties(crate::model::mark::OutputKind::Template)?);
    Ok(workbook.save_to_buffer()?)
}

fn header_row(ws: &mut Worksheet, cells: &[(String, String)]) -> Result<(), XlsxError> {
    let bold = header();
    for (c, (h, n)) in cells.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, h, &bold)?;
        ws.insert_note(0, c, &note(n))?;
        ws.set_column_width(c, (h.chars().count() + 4).clamp(10, 40) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The blank roster.
pub fn roster(c: &Criteria) -> Result<Vec<u8>> {
    let names = &c.columns.roster;
    let roles: Vec<&str> = c.roles.listed.iter().map(|(v, _, _)| v.as_str()).collect();
    let excluded: Vec<&str> = c.status.listed_excluded.iter().map(|(v, _)| v.as_str()).collect();
    let mut cells: Vec<(String, String)> = vec![
        (
            display_name(names, "ma_dinh_danh"),
            "Mã định danh Bộ GD&ĐT hoặc số CCCD (12 chữ số). Cột đã định dạng Văn bản để giữ số 0 đầu; đừng đổi thành Số.".into(),
        ),
        (display_name(names, "ho_ten"), "Họ và tên đầy đủ. Có thể thay bằng hai cột \"Họ đệm\" và \"Tên\".".into()),
        (
            display_name(names, "ma_don_vi"),
            "Mã đơn vị (trường, trung tâm…). Tệp chỉ có một đơn vị có thể bỏ cột này: khi đó dùng --don-vi hoặc tên tệp.".into(),
        ),
        (display_name(names, "ten_don_vi"), "Tên đơn vị (không bắt buộc).".into()),
        (display_name(names, "doi_tuong"), format!("Bắt buộc. Giá trị chấp nhận: {}.", roles.join(", "))),
        (
            display_name(names, "vung_kho_khan"),
            format!(
                "Có: người ở vùng sâu, vùng xa, vùng đặc biệt khó khăn, vùng đồng bào dân tộc thiểu số (ngưỡng đạt {} điểm thay cho {}). Trống hoặc Không: còn lại.",
                c.cdht.pass_disadvantaged.points, c.cdht.pass.points
            ),
        ),
        (
            display_name(names, "trang_thai"),
            format!(
                "Trống hoặc {}: được tính. Loại trừ khỏi mẫu số (báo cáo riêng): {}.",
                c.status.listed_active.join(", "),
                excluded.join(", ")
            ),
        ),
    ];
    let first_score = cells.len();
    for comp in &c.cdht.competencies {
        for &i in &comp.indicators {
            let ind = &c.cdht.indicators[i];
            cells.push((
                templated(&c.columns.indicator_templates, &ind.code, &ind.column),
                format!("Chỉ số {} — {} (0–{} điểm; viết 7,5 hoặc 7.5): {}", ind.code, comp.name, ind.max, ind.wording),
            ));
        }
    }

    let mut ws = new_sheet()?;
    ws.set_name("Danh sách")?;
    header_row(&mut ws, &cells)?;
    ws.set_column_format(0, &base().set_num_format("@"))?;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 28)?;
    for (k, comp_ind) in c.cdht.competencies.iter().flat_map(|comp| comp.indicators.iter()).enumerate() {
        let ind = &c.cdht.indicators[*comp_ind];
        let max = f64::from(ind.max.0) / 100.0;
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, max))
            .set_input_title(format!("Chỉ số {}", ind.code))?
            .set_input_message(format!("Nhập điểm từ 0 đến {} (viết 7,5 hoặc 7.5).", ind.max))?
            .set_error_title("Điểm không hợp lệ")?
            .set_error_message(format!("Điểm chỉ số {} là số từ 0 đến {}.", ind.code, ind.max))?;
        let col = (first_score + k) as u16;
        ws.add_data_validation(1, col, LAST_ROW, col, &rule)?;
    }
    let mut lists = Lists::default();
    let status: Vec<String> =
        c.status.listed_active.iter().cloned().chain(excluded.iter().map(|s| s.to_string())).collect();
    let role_values: Vec<String> = roles.iter().map(|s| s.to_string()).collect();
    lists.dropdown(&mut ws, 4, "Đối tượng", &role_values, true)?;
    lists.dropdown(&mut ws, 5, "Vùng khó khăn", &yes_no(), true)?;
    lists.dropdown(&mut ws, 6, "Trạng thái", &status, true)?;

    let mut list = new_sheet()?;
    list.set_name("Chỉ số")?;
    let bold = header();
    let groups: Vec<&crate::criteria::Group> = c
        .cdht
        .groups
        .iter()
        .filter(|g| c.cdht.indicators.iter().any(|i| i.wording_by_group.contains_key(&g.code)))
        .collect();
    let mut heads: Vec<String> = ["Mã", "Năng lực", "Điểm tối đa", "Nội dung"].map(String::from).to_vec();
    heads.extend(groups.iter().map(|g| format!("Nội dung cho nhóm {}", g.name)));
    for (i, h) in heads.iter().enumerate() {
        list.write_string_with_format(0, i as u16, h, &bold)?;
        list.set_column_width(i as u16, if i < 3 { 12 } else { 60 })?;
    }
    let wrap = base().set_text_wrap();
    let mut r = 0;
    for comp in &c.cdht.competencies {
        for &i in &comp.indicators {
            let ind = &c.cdht.indicators[i];
            r += 1;
            list.write_string(r, 0, &ind.code)?;
            list.write_string(r, 1, format!("{} {}", comp.code, comp.name))?;
            list.write_number(r, 2, f64::from(ind.max.0) / 100.0)?;
            list.write_string_with_format(r, 3, &ind.wording, &wrap)?;
            for (k, g) in groups.iter().enumerate() {
                list.write_string_with_format(r, 4 + k as u16, ind.wording_for(&g.code), &wrap)?;
            }
        }
    }
    list.set_freeze_panes(1, 0)?;
    let guide = guide(c, &cells, false)?;
    finish(new_workbook()?, vec![ws, list, guide, lists.finish()?])
}

/// The blank unit file (`--units`).
pub fn units(c: &Criteria) -> Result<Vec<u8>> {
    let names = &c.columns.unit;
    let mut cells: Vec<(String, String)> = vec![
        (display_name(names, "ma_don_vi"), "Mã đơn vị, trùng với mã trong danh sách người.".into()),
        (display_name(names, "ten_don_vi"), "Tên đơn vị.".into()),
        (
            display_name(names, "co_so_giao_duc"),
            "Có: trường học, trung tâm (tính tỷ lệ người học đạt). Không: đơn vị khác. Để trống: tự suy ra từ danh sách người.".into(),
        ),
    ];
    let declared = declared_codes(c);
    for code in &declared {
        let item = c
            .dvht
            .levels
            .iter()
            .flat_map(|l| &l.items)
            .find(|i| &i.code == code && matches!(i.kind, ChiTieuKind::Declared));
        let wording = item.map_or_else(String::new, |i| format!("{} ({})", i.wording, i.source));
        cells.push((
            templated(&c.columns.chi_tieu_templates, code, code),
            format!("Chỉ tiêu {code}: {wording}. Ghi Đạt, Không đạt hoặc Không áp dụng."),
        ));
    }
    let scale = scale_codes(c);
    for code in &scale {
        let item = c.dvht.scale.as_ref().and_then(|s| s.items.iter().find(|i| &i.code == code));
        let max = item.map_or_else(String::new, |i| format!(" (tối đa {} điểm)", i.max));
        cells.push((templated(&c.columns.chi_tieu_templates, code, code), format!("Điểm của nội dung {code}{max}.")));
    }
    let reg = &c.register;
    let category_names = |list: &[crate::criteria::Category]| list.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
    let mut previous: Vec<String> = vec!["Chưa".to_string()];
    previous.extend(c.dvht.levels.iter().map(|l| l.name.clone()));
    for field in UNIT_TAIL {
        let help = match field {
            "cap_hoc" => format!("Cấp học: {}.", category_names(&reg.levels).join(", ")),
            "xa_phuong" => "Xã / phường của đơn vị (để tổng hợp theo xã).".to_string(),
            "cap_quan_ly" => {
                format!("Cấp quản lý: {}. Để trống: theo cấp học.", category_names(&reg.managers).join(", "))
            }
            "vung_kho_khan" => {
                "Có: đơn vị ở vùng khó khăn (ngưỡng đạt CDHT thấp hơn). Trống hoặc Không: còn lại.".to_string()
            }
            "muc_do_cong_nhan" => format!(
                "Mức độ Đơn vị học tập đã được công nhận trước đây: {}. Trống: chưa được công nhận.",
                previous.join(", ")
            ),
            "so_quyet_dinh" => "Số, ký hiệu quyết định công nhận trước đây, ví dụ 125/QĐ-UBND.".to_string(),
            "ngay_quyet_dinh" => {
                "Ngày của quyết định công nhận trước đây, viết dd/mm/yyyy (cột dạng Văn bản).".to_string()
            }
            "nam_cong_nhan" => "Năm được công nhận trước đây (khi không có ngày quyết định).".to_string(),
            _ => "Năm đánh giá, ví dụ 2025 (dữ liệu từ 01/01 đến 31/12 của năm này).".to_string(),
        };
        cells.push((display_name(names, field), help));
    }
    let mut ws = new_sheet()?;
    ws.set_name("Đơn vị")?;
    header_row(&mut ws, &cells)?;
    let text = base().set_num_format("@");
    let at = |field: &str| cells.iter().position(|(h, _)| *h == display_name(names, field)).map(|i| i as u16);
    for col in [at("ma_don_vi"), at("ngay_quyet_dinh"), at("so_quyet_dinh")].into_iter().flatten() {
        ws.set_column_format(col, &text)?;
    }
    let mut lists = Lists::default();
    if let Some(col) = at("co_so_giao_duc") {
        lists.dropdown(&mut ws, col, "Cơ sở giáo dục", &yes_no(), true)?;
    }
    let verdicts: Vec<String> = ["Đạt", "Không đạt", "Không áp dụng"].map(String::from).to_vec();
    for k in 0..declared.len() {
        lists.dropdown(&mut ws, 3 + k as u16, "Chỉ tiêu", &verdicts, true)?;
    }
    for (k, code) in scale.iter().enumerate() {
        let item = c.dvht.scale.as_ref().and_then(|s| s.items.iter().find(|i| &i.code == code));
        let max = item.map_or(100.0, |i| f64::from(i.max.0) / 100.0);
        let col = (3 + declared.len() + k) as u16;
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, max))
            .set_input_message(format!("Nhập điểm từ 0 đến {max}."))?
            .set_error_message(format!("Điểm nội dung {code} là số từ 0 đến {max}."))?;
        ws.add_data_validation(1, col, LAST_ROW, col, &rule)?;
    }
    for (field, title, values, strict) in [
        ("cap_hoc", "Cấp học", category_names(&reg.levels), false),
        ("cap_quan_ly", "Cấp quản lý", category_names(&reg.managers), false),
        ("vung_kho_khan", "Vùng khó khăn", yes_no(), true),
        ("muc_do_cong_nhan", "Mức độ đã công nhận", previous.clone(), true),
    ] {
        if let Some(col) = at(field) {
            lists.dropdown(&mut ws, col, title, &values, strict)?;
        }
    }
    for field in ["nam_cong_nhan", "nam_danh_gia"] {
        if let Some(col) = at(field) {
            let rule = DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(1990, 2100))
                .set_input_message("Năm bốn chữ số, ví dụ 2025.")?
                .set_error_message("Năm là số bốn chữ số, ví dụ 2025.")?;
            ws.add_data_validation(1, col, LAST_ROW, col, &rule)?;
        }
    }

    let mut list = new_sheet()?;
    list.set_name("Chỉ tiêu")?;
    let bold = header();
    for (i, h) in ["Mức độ", "Mã", "Nội dung", "Cách đánh giá", "Nguồn"].iter().enumerate() {
        list.write_string_with_format(0, i as u16, *h, &bold)?;
        list.set_column_width(i as u16, [12, 10, 60, 40, 40][i])?;
    }
    let wrap = base().set_text_wrap();
    let mut r = 0;
    for level in &c.dvht.levels {
        for item in &level.items {
            r += 1;
            let how = match &item.kind {
                ChiTieuKind::Declared => "ghi trong tệp đơn vị".to_string(),
                ChiTieuKind::CdhtShare { share, .. } => {
                    format!("tính từ danh sách người (ngưỡng {}%)", share.percent_text())
                }
            };
            list.write_string(r, 0, &level.name)?;
            list.write_string(r, 1, &item.code)?;
            list.write_string_with_format(r, 2, &item.wording, &wrap)?;
            list.write_string_with_format(r, 3, &how, &wrap)?;
            list.write_string_with_format(r, 4, &item.source, &wrap)?;
        }
    }
    list.set_freeze_panes(1, 0)?;
    let guide = guide(c, &cells, true)?;
    finish(new_workbook()?, vec![ws, list, guide, lists.finish()?])
}

fn yes_no() -> Vec<String> {
    vec!["Có".to_string(), "Không".to_string()]
}

/// The hidden sheet the dropdowns read their values from (a list typed into the rule itself
/// may hold only 255 characters).
pub const LISTS_SHEET: &str = "Danh mục";
pub const GUIDE_SHEET: &str = "Hướng dẫn";

#[derive(Default)]
struct Lists {
    columns: Vec<(String, Vec<String>)>,
}

impl Lists {
    /// A dropdown on column `col` of `ws` with `values`; `strict` refuses anything else, else
    /// a value not listed only draws a warning.
    fn dropdown(
        &mut self,
        ws: &mut Worksheet,
        col: u16,
        title: &str,
        values: &[String],
        strict: bool,
    ) -> Result<(), XlsxError> {
        let k = self.columns.len() as u16;
        self.columns.push((title.to_string(), values.to_vec()));
        let letter = rust_xlsxwriter::utility::column_number_to_name(k);
        let range = format!("='{LISTS_SHEET}'!${letter}$2:${letter}${}", values.len().max(1) + 1);
        let style = if strict { DataValidationErrorStyle::Stop } else { DataValidationErrorStyle::Warning };
        let rule = DataValidation::new()
            .allow_list_formula(Formula::new(range))
            .set_input_title(title.chars().take(32).collect::<String>())?
            .set_input_message("Chọn trong danh sách.")?
            .set_error_title("Giá trị không có trong danh sách")?
            .set_error_message(format!("{title}: chọn một giá trị trong danh sách."))?
            .set_error_style(style);
        ws.add_data_validation(1, col, LAST_ROW, col, &rule)?;
        Ok(())
    }

    fn finish(self) -> Result<Worksheet, XlsxError> {
        let mut ws = new_sheet()?;
        ws.set_name(LISTS_SHEET)?;
        let bold = header();
        for (c, (title, values)) in self.columns.iter().enumerate() {
            let c = c as u16;
            ws.write_string_with_format(0, c, title, &bold)?;
            for (r, v) in values.iter().enumerate() {
                ws.write_string(r as u32 + 1, c, v)?;
            }
            ws.set_column_width(c, 24)?;
        }
        ws.set_hidden(true);
        Ok(ws)
    }
}

/// The "Hướng dẫn" sheet: each column and what to write in it, then the rules that apply.
fn guide(c: &Criteria, cells: &[(String, String)], units: bool) -> Result<Worksheet, XlsxError> {
    let mut ws = new_sheet()?;
    ws.set_name(GUIDE_SHEET)?;
    let bold = header();
    let wrap = base().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 100)?;
    let title = if units { "Cách ghi tệp đơn vị" } else { "Cách ghi danh sách người" };
    ws.write_string_with_format(0, 0, title, &base().set_bold().set_font_size(14))?;
    ws.write_string_with_format(2, 0, "Cột", &bold)?;
    ws.write_string_with_format(2, 1, "Cách ghi", &bold)?;
    let mut r = 3;
    for (h, n) in cells {
        ws.write_string_with_format(r, 0, h, &wrap)?;
        ws.write_string_with_format(r, 1, n, &wrap)?;
        // One printed line holds about 110 characters of the wide column.
        ws.set_row_height(r, 16.0 * n.chars().count().div_ceil(110).max(1) as f64 + 2.0)?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Quy tắc", &bold)?;
    let cdht = &c.cdht;
    let rules = if units {
        vec![
            "Mỗi dòng một đơn vị; mã đơn vị trùng với mã trong danh sách người.".to_string(),
            "Chỉ tiêu do đơn vị tự đánh giá: ghi Đạt, Không đạt hoặc Không áp dụng; các chỉ tiêu tính từ danh sách người không ghi ở đây.".to_string(),
            "Đơn vị đã được công nhận: ghi mức độ, số và ngày quyết định (dd/mm/yyyy); mức độ 2 chỉ xét sau ít nhất một năm kể từ ngày quyết định công nhận mức độ 1.".to_string(),
            "Hồ sơ đề nghị nộp trước ngày 15/01; quyết định công nhận trước ngày 15/02.".to_string(),
            "Kiểm tra tệp: hoctap inspect TỆP; tính kết quả: hoctap assess DANH-SÁCH --units TỆP.".to_string(),
        ]
    } else {
        vec![
            "Mỗi dòng một người; không gộp ô, không để dòng tổng cộng trong bảng.".to_string(),
            format!(
                "Đạt Công dân học tập: tổng điểm từ {} trở lên ({} ở vùng khó khăn) và không chỉ số nào dưới {} điểm ({}).",
                cdht.pass.points, cdht.pass_disadvantaged.points, cdht.min_indicator.points, cdht.source
            ),
            format!(
                "Mục tiêu của đơn vị: tối thiểu {}% số người được tính đạt ({}).",
                c.target.share.percent_text(),
                c.target.source
            ),
            "Mã định danh giữ nguyên số 0 ở đầu: cột đã định dạng Văn bản.".to_string(),
            "Kiểm tra tệp: hoctap inspect TỆP; tính kết quả: hoctap assess TỆP.".to_string(),
        ]
    };
    for rule in rules {
        r += 1;
        ws.merge_range(r, 0, r, 1, &rule, &wrap)?;
        ws.set_row_height(r, 16.0 * rule.chars().count().div_ceil(120).max(1) as f64 + 2.0)?;
    }
    Ok(ws)
}
