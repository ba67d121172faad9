//! The unit report as a table for people: Vietnamese headings, units below the target marked
//! so they stand out with or without colour.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table};

use super::model::{Report, UnitRow};
use crate::aggregate::dvht::ItemStatus;

pub fn render(report: &Report, color: bool) -> Vec<u8> {
    let target = &report.tieu_chi.muc_tieu_phan_tram;
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(vec![
        "Mã đơn vị".to_string(),
        "Tên đơn vị".into(),
        "Số người".into(),
        "Đạt CDHT".into(),
        "Tỷ lệ %".into(),
        format!("Mục tiêu {target}%"),
        "Cần thêm".into(),
        "Thành viên %".into(),
        "Người học %".into(),
        "Loại trừ".into(),
        "Lỗi".into(),
        "Trùng".into(),
        "Đơn vị học tập".into(),
    ]);
    if !color {
        table.force_no_tty();
    } else {
        table.enforce_styling();
    }
    for r in &report.don_vi {
        table.add_row(row(r, color, false));
    }
    table.add_row(row(&report.tong, color, true));
    for i in [2, 3, 4, 6, 7, 8, 9, 10, 11] {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    let mut out = table.to_string();
    out.push('\n');
    let c = &report.tong_hop;
    out.push_str(&format!(
        "{} / {} đơn vị đạt mục tiêu {target}% CDHT. Bộ tiêu chí: {} (phiên bản {}).\n",
        c.so_don_vi_dat_muc_tieu, c.so_don_vi, report.tieu_chi.ten, report.tieu_chi.phien_ban
    ));
    out.into_bytes()
}

fn row(r: &UnitRow, color: bool, total: bool) -> Vec<Cell> {
    let below = !r.meets_target();
    let verdict = if below { format!("✗ {}", r.dat_muc_tieu) } else { format!("✓ {}", r.dat_muc_tieu) };
    let mut verdict = Cell::new(verdict);
    if color {
        verdict = verdict.fg(if below { Color::Red } else { Color::Green });
    }
    let dvht = dvht_cell(r);
    let cells = vec![
        Cell::new(&r.ma_don_vi),
        Cell::new(&r.ten_don_vi),
        Cell::new(r.so_nguoi),
        Cell::new(r.so_dat),
        Cell::new(r.rate_text()),
        verdict,
        Cell::new(if r.can_them == 0 { String::new() } else { r.can_them.to_string() }),
        role_cell(r.ty_le_thanh_vien, r.dat_muc_tieu_thanh_vien, color),
        role_cell(r.ty_le_nguoi_hoc, r.dat_muc_tieu_nguoi_hoc, color),
        Cell::new(r.so_loai_tru),
        Cell::new(r.so_loi),
        Cell::new(r.so_trung),
        Cell::new(dvht),
    ];
    if total && color { cells.into_iter().map(|c| c.add_attribute(Attribute::Bold)).collect() } else { cells }
}

/// One role's rate, "✗" and red when below the target (even if the unit as a whole meets it).
fn role_cell(rate: Option<crate::number::Rate>, verdict: &str, color: bool) -> Cell {
    let text = rate.map_or_else(String::new, |x| x.to_string());
    if verdict != super::model::NOT_MET {
        return Cell::new(text);
    }
    let cell = Cell::new(format!("✗ {text}"));
    if color { cell.fg(Color::Red) } else { cell }
}

/// "Mức độ 1 (để lên mức sau: chưa đạt M2-3.2)", or the level with what is unmet and how many
/// chỉ tiêu still have no data, short enough for a table cell.
fn dvht_cell(r: &UnitRow) -> String {
    let Some(d) = &r.dvht else { return r.muc_do_dvht.clone() };
    if d.thieu.is_empty() {
        return d.muc_do.clone();
    }
    let status = |code: &String| d.chi_tieu.iter().find(|i| &i.ma == code).map(|i| i.ket_qua);
    let unmet: Vec<&str> =
        d.thieu.iter().filter(|c| status(c) == Some(ItemStatus::NotMet)).map(String::as_str).collect();
    let unsettled: Vec<&str> =
        d.thieu.iter().filter(|c| status(c) == Some(ItemStatus::NoBasis)).map(String::as_str).collect();
    let unknown = d.thieu.len() - unmet.len() - unsettled.len();
    let mut parts = Vec::new();
    if !unmet.is_empty() {
        parts.push(format!("không đạt {}", unmet.join(", ")));
    }
    if !unsettled.is_empty() {
        parts.push(format!("chưa đủ căn cứ {}", unsettled.join(", ")));
    }
    if unknown > 0 {
        parts.push(format!("{unknown} chỉ tiêu chưa có dữ liệu"));
    }
    let prefix = if d.muc > 0 { "lên mức sau: " } else { "" };
    format!("{} ({prefix}{})", d.muc_do, parts.join("; "))
}
