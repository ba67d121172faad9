//! Blank rosters as Excel workbooks (`hoctap template -o mau.xlsx`): the headers the criteria
//! accept, each with a note saying what goes in the column (the indicator's wording, the
//! accepted values), the id column formatted as text so typed ids keep their leading zeros,
//! scores checked to lie between 0 and the maximum, and a second sheet listing the indicators
//! (or chỉ tiêu) in full.

use anyhow::Result;
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Note, Workbook, Worksheet, XlsxError};

use crate::criteria::{ChiTieuKind, Criteria};
use crate::input::units::declared_codes;

const LAST_ROW: u32 = 1_048_575;

fn header() -> Format {
    Format::new().set_bold().set_text_wrap().set_background_color(rust_xlsxwriter::Color::RGB(0xDDEBF7))
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

    let mut ws = Worksheet::new();
    ws.set_name("Danh sách")?;
    header_row(&mut ws, &cells)?;
    ws.set_column_format(0, &Format::new().set_num_format("@"))?;
    ws.set_column_width(0, 20)?;
    ws.set_column_width(1, 28)?;
    for (k, comp_ind) in c.cdht.competencies.iter().flat_map(|comp| comp.indicators.iter()).enumerate() {
        let ind = &c.cdht.indicators[*comp_ind];
        let max = f64::from(ind.max.0) / 100.0;
        let rule = DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(0.0, max))
            .set_error_title("Điểm không hợp lệ")?
            .set_error_message(format!("Điểm chỉ số {} là số từ 0 đến {}.", ind.code, ind.max))?;
        let col = (first_score + k) as u16;
        ws.add_data_validation(1, col, LAST_ROW, col, &rule)?;
    }
    let yes_no = DataValidation::new().allow_list_strings(&["Có", "Không"])?;
    ws.add_data_validation(1, 5, LAST_ROW, 5, &yes_no)?;

    let mut list = Worksheet::new();
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
    let wrap = Format::new().set_text_wrap();
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
    finish(Workbook::new(), vec![ws, list])
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
    for code in declared_codes(c) {
        let item = c
            .dvht
            .levels
            .iter()
            .flat_map(|l| &l.items)
            .find(|i| i.code == code && matches!(i.kind, ChiTieuKind::Declared));
        let wording = item.map_or_else(String::new, |i| format!("{} ({})", i.wording, i.source));
        cells.push((
            templated(&c.columns.chi_tieu_templates, &code, &code),
            format!("Chỉ tiêu {code}: {wording}. Ghi Đạt, Không đạt hoặc Không áp dụng."),
        ));
    }
    let mut ws = Worksheet::new();
    ws.set_name("Đơn vị")?;
    header_row(&mut ws, &cells)?;

    let mut list = Worksheet::new();
    list.set_name("Chỉ tiêu")?;
    let bold = header();
    for (i, h) in ["Mức độ", "Mã", "Nội dung", "Cách đánh giá", "Nguồn"].iter().enumerate() {
        list.write_string_with_format(0, i as u16, *h, &bold)?;
        list.set_column_width(i as u16, [12, 10, 60, 40, 40][i])?;
    }
    let wrap = Format::new().set_text_wrap();
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
    finish(Workbook::new(), vec![ws, list])
}
