//! The views of one run: the unit report, a summary by group, the ranking, the close list,
//! each declared once as columns and rows ([`Sheet`]) and drawn by every renderer; or
//! everything at once in the HTML report.

use anyhow::{Result, bail};

use super::format::{Format, GroupBy, RenderOptions};
use super::model::UnitRow;
use super::sheet::{Cell, Field, Row, Sheet, Tone, Value, cells, columns};
use super::summary::{self, GroupRow, Summary};
use super::{Report, close, ranking, render};
use crate::aggregate::dvht::ItemStatus;
use crate::criteria::Criteria;
use crate::model::TargetVerdict;
use crate::model::mark::OutputKind;

pub use super::summary::restrict_to_division;

/// The view options of a command line (`--by`, `--gan-dat`, `--xep-hang`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewChoice {
    pub by: Option<GroupBy>,
    pub gan_dat: Option<usize>,
    pub xep_hang: bool,
}

impl ViewChoice {
    /// The views other than the unit report that the command line asks for, in a fixed order.
    pub fn asked(&self) -> Vec<View> {
        let mut views: Vec<View> = self.by.map(View::Summary).into_iter().collect();
        if self.xep_hang {
            views.push(View::Ranking);
        }
        if self.gan_dat.is_some() {
            views.push(View::Close);
        }
        views
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Units,
    Summary(GroupBy),
    Ranking,
    Close,
}

impl View {
    /// The view asked for, checked up front. One of `--by`, `--gan-dat`, `--xep-hang` per
    /// report; the HTML report has all of them, so with `--format html`, or when a side HTML
    /// report (`--html`) takes them all, several may be given.
    pub fn choose(c: &ViewChoice, format: Format, side_html: bool) -> Result<View> {
        if c.gan_dat == Some(0) {
            bail!("--gan-dat cần số người lớn hơn 0 cho mỗi đơn vị");
        }
        // The HTML report has every view; the Excel report has a sheet for each view asked.
        if format == Format::Xlsx {
            return Ok(View::Units);
        }
        if c.asked().len() > 1 {
            if format == Format::Html || side_html {
                return Ok(View::Units);
            }
            bail!(
                "chỉ chọn một trong --theo, --gan-dat, --xep-hang cho một báo cáo bảng/CSV/JSON; báo cáo Excel (-o bao-cao.xlsx) và HTML (-o bao-cao.html hoặc --html) có tất cả"
            );
        }
        Ok(match (c.by, c.gan_dat, c.xep_hang) {
            (Some(by), _, _) => View::Summary(by),
            (_, Some(_), _) => View::Close,
            (_, _, true) => View::Ranking,
            _ => View::Units,
        })
    }

    /// The view as a sheet.
    pub fn sheet(self, criteria: &Criteria, report: &Report) -> Sheet {
        match self {
            View::Units => units_sheet(report),
            View::Summary(by) => summary_sheet(report, &summary::summarise(criteria, report, by)),
            View::Ranking => ranking_sheet(&ranking::rank(report)),
            View::Close => close::sheet(&close::rows(report)),
        }
    }
}

/// Refuses a `--phong` the criteria do not list, naming those they do.
pub fn check_division(criteria: &Criteria, code: Option<&str>) -> Result<()> {
    let Some(code) = code else { return Ok(()) };
    if criteria.register.division(code).is_none() {
        let known: Vec<&str> = criteria.register.divisions.iter().map(|d| d.code.as_str()).collect();
        bail!(
            "không có phòng \"{code}\" trong bộ tiêu chí; các phòng: {}",
            if known.is_empty() {
                "(bộ tiêu chí không có bảng [[phong]])".to_string()
            } else {
                known.join(", ")
            }
        );
    }
    Ok(())
}

/// A view in a format other than the full Excel workbook (which the caller fills during the
/// run): the HTML report for HTML, else the view's sheet through its renderer.
pub fn render(
    view: View,
    format: Format,
    by: Option<GroupBy>,
    criteria: &Criteria,
    report: &Report,
    options: RenderOptions,
) -> Result<Vec<u8>> {
    if format == Format::Html {
        return Ok(super::html::render(criteria, report, by));
    }
    let mut sheet = view.sheet(criteria, report);
    if format == Format::Json && matches!(view, View::Units) {
        // Only JSON shows the model; for tens of thousands of units it is a large text.
        sheet = sheet.with_json(report);
    }
    render::render(format, &sheet, options)
}

fn verdict_cell(v: TargetVerdict) -> Cell {
    let (mark, tone) = if v.is_met() { ("✓", Tone::Good) } else { ("✗", Tone::Bad) };
    Cell { value: Value::Text(v.label().to_string()), shown: Some(format!("{mark} {v}")), tone }
}

/// A count people read as "nothing to do" when it is 0.
fn blank_zero(n: u64) -> Cell {
    Cell { value: Value::Count(n), shown: (n == 0).then(String::new), tone: Tone::Plain }
}

/// A role's rate against the target ("" verdict: nobody of the role is counted); marked when
/// below, so a unit whose members fall short shows it even when the combined rate is met.
fn role_rate(rate: Option<crate::number::Rate>, verdict: &str) -> Cell {
    let below = verdict == TargetVerdict::NotMet.label();
    let mut cell = Cell::from(rate);
    if below {
        cell.tone = Tone::Bad;
    }
    cell
}

/// The same, as people read it: "96.00 ✗".
fn role_shown(rate: Option<crate::number::Rate>, verdict: &str) -> Cell {
    let mut cell = role_rate(rate, verdict);
    let text = rate.map_or_else(String::new, |r| super::render::vi::number(&r.to_string()));
    cell.shown = Some(if cell.tone == Tone::Bad { format!("{text} ✗") } else { text });
    cell
}

/// The unit report's columns; the CSV keys are a contract for scripts.
const UNIT_FIELDS: &[Field<UnitRow>] = &[
    Field::all("ma_don_vi", "Mã đơn vị", |r| r.ma_don_vi.as_str().into()),
    Field::all("ten_don_vi", "Tên đơn vị", |r| r.ten_don_vi.as_str().into()),
    Field::all("so_nguoi", "Số người", |r| r.so_nguoi.into()),
    Field::all("so_dat", "Đạt CDHT", |r| r.so_dat.into()),
    Field::all("ty_le", "Tỷ lệ %", |r| r.ty_le.into()),
    Field::all("dat_muc_tieu", "Mục tiêu", |r| verdict_cell(r.dat_muc_tieu)),
    Field::all("can_them", "Cần thêm", |r| blank_zero(r.can_them)),
    Field::screen("thanh_vien_phan_tram", "Thành viên %", |r| {
        role_shown(r.ty_le_thanh_vien, r.dat_muc_tieu_thanh_vien)
    }),
    Field::screen("nguoi_hoc_phan_tram", "Người học %", |r| {
        role_shown(r.ty_le_nguoi_hoc, r.dat_muc_tieu_nguoi_hoc)
    }),
    Field::data("thanh_vien_so_nguoi", "Thành viên", |r| r.thanh_vien_so_nguoi.into()),
    Field::data("thanh_vien_so_dat", "Thành viên đạt", |r| r.thanh_vien_so_dat.into()),
    Field::data("nguoi_hoc_so_nguoi", "Người học", |r| r.nguoi_hoc_so_nguoi.into()),
    Field::data("nguoi_hoc_so_dat", "Người học đạt", |r| r.nguoi_hoc_so_dat.into()),
    Field::all("so_loai_tru", "Loại trừ", |r| r.so_loai_tru.into()),
    Field::all("so_loi", "Lỗi", |r| r.so_loi.into()),
    Field::all("so_trung", "Trùng", |r| r.so_trung.into()),
    // Level names and chỉ tiêu codes come from the criteria file, which may be anyone's.
    Field::data("muc_do_dvht", "Mức độ ĐVHT", |r| r.muc_do_dvht.as_str().into()),
    Field::data("dvht_thieu", "Chỉ tiêu ĐVHT chưa đạt hoặc chưa có dữ liệu", |r| {
        r.dvht_thieu.join("; ").into()
    }),
    Field::screen("dvht", "Đơn vị học tập", |r| dvht_cell(r).into()),
    // Each role against the same target, beside the combined rate of record (TT 24 counts
    // members and learners apart; learners, more numerous, can hide members below it).
    Field::data("ty_le_thanh_vien", "Tỷ lệ thành viên", |r| {
        role_rate(r.ty_le_thanh_vien, r.dat_muc_tieu_thanh_vien)
    }),
    Field::data("dat_muc_tieu_thanh_vien", "Thành viên: mục tiêu", |r| r.dat_muc_tieu_thanh_vien.into()),
    Field::data("ty_le_nguoi_hoc", "Tỷ lệ người học", |r| {
        role_rate(r.ty_le_nguoi_hoc, r.dat_muc_tieu_nguoi_hoc)
    }),
    Field::data("dat_muc_tieu_nguoi_hoc", "Người học: mục tiêu", |r| r.dat_muc_tieu_nguoi_hoc.into()),
];

/// The unit report: every unit, then the `TỔNG` row. Its JSON model is added by [`render`]
/// when JSON is asked for.
pub fn units_sheet(report: &Report) -> Sheet {
    let target = &report.tieu_chi.muc_tieu_phan_tram;
    let mut sheet = Sheet::new(OutputKind::Report, super::xlsx::UNIT_SHEET, columns(UNIT_FIELDS));
    for c in sheet.columns.iter_mut() {
        if c.key.starts_with("dat_muc_tieu") {
            c.title = format!("{} {target}%", c.title);
        }
    }
    for u in &report.don_vi {
        let mut row = Row::new(cells(UNIT_FIELDS, u));
        if !u.meets_target() {
            row.tone = Tone::Bad;
        }
        sheet.push(row);
    }
    let mut total = Row::new(cells(UNIT_FIELDS, &report.tong));
    total.total = true;
    sheet.push(total);
    let c = &report.tong_hop;
    sheet.footer = format!(
        "{} / {} đơn vị đạt mục tiêu {target}% CDHT. Bộ tiêu chí: {} (phiên bản {}).\n{}",
        c.so_don_vi_dat_muc_tieu,
        c.so_don_vi,
        report.tieu_chi.ten,
        report.tieu_chi.phien_ban,
        register_check_text(report)
    );
    sheet
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

const GROUP_FIELDS: &[Field<GroupRow>] = &[
    // The first title is the grouping's name, set when the sheet is built.
    Field::all("nhom", "Nhóm", |g| g.nhom.as_str().into()),
    Field::all("so_don_vi", "Số đơn vị", |g| g.so_don_vi.into()),
    Field::all("so_don_vi_dat_muc_tieu", "Đơn vị đạt mục tiêu", |g| g.so_don_vi_dat_muc_tieu.into()),
    Field::all("so_nguoi", "Số người", |g| g.so_nguoi.into()),
    Field::all("so_dat", "Đạt CDHT", |g| g.so_dat.into()),
    Field::all("ty_le", "Tỷ lệ %", |g| g.ty_le.into()),
    Field::all("dat_muc_tieu", "Mục tiêu", |g| g.dat_muc_tieu.label().into()),
    Field::all("can_them", "Cần thêm", |g| g.can_them.into()),
    Field::all("so_loai_tru", "Loại trừ", |g| g.so_loai_tru.into()),
    Field::all("so_loi", "Lỗi", |g| g.so_loi.into()),
    Field::all("so_trung", "Trùng", |g| g.so_trung.into()),
];

fn summary_sheet(report: &Report, s: &Summary) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::Report, s.theo.clone(), columns(GROUP_FIELDS)).with_json(s);
    sheet.columns[0].title = s.theo.clone();
    // One count column per Learning Unit result the criteria name.
    for l in &s.tong.dvht {
        sheet
            .columns
            .push(super::sheet::Column::new(format!("dvht_{}", slug(&l.muc_do)), format!("ĐVHT: {}", l.muc_do)));
    }
    for (g, total) in s.nhom.iter().map(|g| (g, false)).chain([(&s.tong, true)]) {
        let mut c = cells(GROUP_FIELDS, g);
        for l in &s.tong.dvht {
            c.push(g.dvht.iter().find(|x| x.muc_do == l.muc_do).map_or(0, |x| x.so_don_vi).into());
        }
        let mut row = Row::new(c);
        row.total = total;
        sheet.push(row);
    }
    sheet.footer = summary_footer(report, s);
    sheet
}

fn summary_footer(report: &Report, s: &Summary) -> String {
    let mut out = format!(
        "Theo {}: {} nhóm, {}/{} đơn vị đạt mục tiêu {}%. Cần thêm = tổng số người các đơn vị còn thiếu.\n",
        s.theo.to_lowercase(),
        s.nhom.len(),
        s.tong.so_don_vi_dat_muc_tieu,
        s.tong.so_don_vi,
        report.tieu_chi.muc_tieu_phan_tram
    );
    if let Some(p) = &report.phong {
        out.push_str(&format!("Chỉ các đơn vị của {p}.\n"));
    }
    out.push_str(&register_check_text(report));
    out
}

const RANK_FIELDS: &[Field<ranking::RankRow>] = &[
    Field::all("hang", "Hạng", |r| (r.hang as u64).into()),
    Field::all("ma_don_vi", "Mã đơn vị", |r| r.ma_don_vi.as_str().into()),
    Field::all("ten_don_vi", "Tên đơn vị", |r| r.ten_don_vi.as_str().into()),
    Field::all("so_nguoi", "Số người", |r| r.so_nguoi.into()),
    Field::all("so_dat", "Đạt CDHT", |r| r.so_dat.into()),
    Field::all("ty_le", "Tỷ lệ %", |r| r.ty_le.into()),
    Field::all("dat_muc_tieu", "Mục tiêu", |r| r.dat_muc_tieu.label().into()),
    Field::all("muc_do_dvht", "Đơn vị học tập", |r| r.muc_do_dvht.as_str().into()),
    Field::all("de_nghi_khen_thuong", "Đề nghị khen thưởng", |r| r.de_nghi_khen_thuong.as_str().into()),
];

pub fn ranking_sheet(rows: &[ranking::RankRow]) -> Sheet {
    let mut sheet = Sheet::new(OutputKind::Report, "Xếp hạng", columns(RANK_FIELDS)).with_json(rows);
    for r in rows {
        sheet.push(Row::new(cells(RANK_FIELDS, r)));
    }
    sheet
}

/// "mức độ 2" → "muc_do_2": a CSV column name from a level's name.
pub fn slug(name: &str) -> String {
    let folded: String = name
        .split(|c: char| !c.is_alphanumeric())
        .map(crate::text::fold_key)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    folded
}

/// What the register and the rosters disagree on, for the terminal: prominent, never silent.
pub fn register_check_text(report: &Report) -> String {
    let Some(c) = &report.doi_chieu else { return String::new() };
    let mut out = String::new();
    if !c.khong_co_danh_sach.is_empty() {
        out.push_str(&format!(
            "ĐỐI CHIẾU: {} đơn vị có trong tệp đơn vị nhưng không có danh sách người (chưa nộp?): {}\n",
            c.khong_co_danh_sach.len(),
            c.khong_co_danh_sach.join(", ")
        ));
    }
    if !c.khong_co_trong_tep_don_vi.is_empty() {
        out.push_str(&format!(
            "ĐỐI CHIẾU: {} đơn vị có danh sách người nhưng không có trong tệp đơn vị: {}\n",
            c.khong_co_trong_tep_don_vi.len(),
            c.khong_co_trong_tep_don_vi.join(", ")
        ));
    }
    out
}
