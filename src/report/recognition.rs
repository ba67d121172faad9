//! Danh sách đề nghị công nhận "Công dân học tập" (`--danh-sach-cong-nhan FILE`): the people
//! recognised, unit by unit, with the roster's own Ngày sinh, Giới tính and Lớp / Chức vụ, their
//! competency sums and total, under the heading of an administrative document and above the
//! signature block; and the people not yet recognised with what each lacks, for the school to
//! act on. As an Excel workbook (the run's list, then one sheet per unit) or printable HTML.

use std::collections::BTreeMap;
use std::io;

use anyhow::Result;
use maud::{Markup, html};
use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::Report;
use super::close::{self, CloseRow};
use super::paper::{self, Paper};
use super::render::html::{page_with_style, sheet_table};
use super::render::xlsx::{Styles, new_workbook, properties, sheet_name, table_width, write_table};
use super::sheet::{Column, Row, Sheet, Value};
use crate::aggregate::close::CloseCollector;
use crate::criteria::Criteria;
use crate::input::person::PersonRow;
use crate::model::mark::OutputKind;
use crate::number::Points;
use crate::pipeline::PersonSink;
use crate::scoring::{Assessment, Outcome};

/// Units past this many get no sheet of their own (the run's sheet lists them all).
pub const UNIT_SHEETS: usize = 200;

pub const TITLE: &str = "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN \"CÔNG DÂN HỌC TẬP\"";
pub const NOT_YET_TITLE: &str = "DANH SÁCH CHƯA ĐẠT \"CÔNG DÂN HỌC TẬP\" VÀ ĐIỀU CÒN THIẾU";
const NOT_YET_SHEET: &str = "Chưa đạt";
const RUN_SHEET: &str = "Toàn bộ";

/// One recognised person as the list shows them.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub ho_ten: String,
    pub ngay_sinh: String,
    pub gioi_tinh: String,
    pub ma_dinh_danh: String,
    /// The criteria's group (Cán bộ, giáo viên…; Học sinh…).
    pub nhom: String,
    /// The class for a learner ("6A", or the grade), else the title as the roster writes it.
    pub chuc_vu_lop: String,
    pub sums: Vec<Points>,
    pub total: Points,
    pub threshold: Points,
    pub ghi_chu: String,
}

/// Collects the recognised people of each unit, in roster order, and everyone not yet
/// recognised with what they lack.
pub struct RecognitionCollector<'c> {
    criteria: &'c Criteria,
    units: BTreeMap<String, (String, Vec<Recognised>)>,
    not_yet: CloseCollector<'c>,
}

fn detail<'r>(row: &'r PersonRow, field: &str) -> &'r str {
    row.details.iter().find(|(f, _)| f == field).map_or("", |(_, v)| v.as_str())
}

impl<'c> RecognitionCollector<'c> {
    pub fn new(criteria: &'c Criteria) -> Self {
        RecognitionCollector { criteria, units: BTreeMap::new(), not_yet: CloseCollector::new(criteria, usize::MAX) }
    }

    /// The lists, with the report that names the units and holds the run's counts.
    pub fn finish(self) -> Lists {
        Lists { units: self.units, not_yet: Some(self.not_yet.finish()) }
    }
}

impl PersonSink for RecognitionCollector<'_> {
    fn person(&mut self, row: &PersonRow, a: &Assessment) -> io::Result<()> {
        self.not_yet.person(row, a)?;
        let (Outcome::Recognised, Some(total)) = (a.outcome, a.total) else { return Ok(()) };
        let class = [detail(row, "lop"), detail(row, "khoi")].into_iter().find(|v| !v.is_empty());
        let nhom = row.role.and_then(|(g, _)| self.criteria.cdht.groups.get(g)).map_or("", |g| g.name.as_str());
        let ghi_chu = if a.threshold < self.criteria.cdht.pass.points {
            format!("Vùng khó khăn (ngưỡng {})", a.threshold)
        } else {
            String::new()
        };
        let person = Recognised {
            ho_ten: row.name.clone(),
            ngay_sinh: detail(row, "ngay_sinh").to_string(),
            gioi_tinh: detail(row, "gioi_tinh").to_string(),
            ma_dinh_danh: row.id.clone(),
            nhom: nhom.to_string(),
            chuc_vu_lop: class.unwrap_or(&row.doi_tuong).to_string(),
            sums: a.competency_sums.clone(),
            total,
            threshold: a.threshold,
            ghi_chu,
        };
        let unit = self.units.entry(row.unit_code.clone()).or_insert_with(|| (row.unit_name.clone(), Vec::new()));
        unit.1.push(person);
        Ok(())
    }
}

/// The recognised people of each unit (by code: name, people) and who is not yet recognised.
pub struct Lists {
    pub units: BTreeMap<String, (String, Vec<Recognised>)>,
    not_yet: Option<BTreeMap<String, crate::aggregate::close::CloseUnit>>,
}

/// The list's columns; the run's list adds the unit first.
fn list_sheet(criteria: &Criteria, title: &str, people: &[(&str, &Recognised)], with_unit: bool) -> Sheet {
    let mut columns = vec![Column::new("stt", "STT")];
    if with_unit {
        columns.push(Column::new("ma_don_vi", "Mã đơn vị"));
    }
    for (k, t) in [
        ("ho_ten", "Họ và tên"),
        ("ngay_sinh", "Ngày sinh"),
        ("gioi_tinh", "Giới tính"),
        ("ma_dinh_danh", "Mã định danh"),
        ("doi_tuong", "Đối tượng"),
        ("chuc_vu_lop", "Chức vụ / Lớp"),
    ] {
        columns.push(Column::new(k, t));
    }
    for c in &criteria.cdht.competencies {
        columns.push(Column::new(c.code.to_lowercase(), format!("{} ({})", c.code, c.name)));
    }
    for (k, t) in [("tong_diem", "Tổng điểm"), ("nguong", "Ngưỡng"), ("ket_qua", "Kết quả"), ("ghi_chu", "Ghi chú")]
    {
        columns.push(Column::new(k, t));
    }
    let mut sheet = Sheet::new(OutputKind::List, title, columns);
    for (i, (unit, p)) in people.iter().enumerate() {
        let mut cells: Vec<Value> = vec![Value::Count(i as u64 + 1)];
        if with_unit {
            cells.push(Value::Text(unit.to_string()));
        }
        for v in [&p.ho_ten, &p.ngay_sinh, &p.gioi_tinh, &p.ma_dinh_danh, &p.nhom, &p.chuc_vu_lop] {
            cells.push(Value::Text(v.clone()));
        }
        for s in &p.sums {
            cells.push(Value::Figure(s.to_string()));
        }
        cells.push(Value::Figure(p.total.to_string()));
        cells.push(Value::Figure(p.threshold.to_string()));
        cells.push(Value::Text(Outcome::Recognised.label().to_string()));
        cells.push(Value::Text(p.ghi_chu.clone()));
        sheet.push(Row::new(cells.into_iter().map(Into::into).collect()));
    }
    sheet
}

impl Lists {
    fn everyone(&self) -> Vec<(&str, &Recognised)> {
        self.units.iter().flat_map(|(code, (_, people))| people.iter().map(move |p| (code.as_str(), p))).collect()
    }

    fn not_yet_rows(&self, report: &Report) -> Vec<CloseRow> {
        let mut report = report.clone();
        report.gan_dat = self.not_yet.clone();
        close::rows(&report)
    }

    /// The workbook: the run's list, each unit's list, and who is not yet recognised.
    pub fn xlsx(&self, criteria: &Criteria, report: &Report, paper: &Paper) -> Result<Vec<u8>> {
        let mut workbook = new_workbook()?;
        let styles = Styles::new();
        let everyone = self.everyone();
        let lines = subtitle(report, paper, None, everyone.len());
        let run = list_sheet(criteria, RUN_SHEET, &everyone, true);
        let mut sheets = vec![paper_sheet(&mut workbook, RUN_SHEET, TITLE, &lines, &run, &styles, paper)?];
        let mut used = vec![RUN_SHEET.to_string(), NOT_YET_SHEET.to_string()];
        for (code, (name, people)) in self.units.iter().take(UNIT_SHEETS) {
            let people: Vec<(&str, &Recognised)> = people.iter().map(|p| (code.as_str(), p)).collect();
            let lines = subtitle(report, paper, Some((code, name)), people.len());
            let sheet = list_sheet(criteria, code, &people, false);
            let title = unique_name(&mut used, code);
            sheets.push(paper_sheet(&mut workbook, &title, TITLE, &lines, &sheet, &styles, paper)?);
        }
        let rows = self.not_yet_rows(report);
        let lines = [format!("Số người chưa đạt: {}", rows.len())];
        let sheet = close::sheet(&rows);
        sheets.push(paper_sheet(&mut workbook, NOT_YET_SHEET, NOT_YET_TITLE, &lines, &sheet, &styles, paper)?);
        for s in sheets {
            workbook.push_worksheet(s);
        }
        workbook.set_properties(&properties(OutputKind::List)?);
        Ok(workbook.save_to_buffer()?)
    }

    /// The printable page: the run's list, each unit's list on its own page, then who is not
    /// yet recognised.
    pub fn html(&self, criteria: &Criteria, report: &Report, paper: &Paper) -> Vec<u8> {
        let everyone = self.everyone();
        let section = |title: &str, lines: &[String], sheet: &Sheet| -> Markup {
            html! {
                section.paper {
                    (paper::heading_html(paper, title, lines))
                    (sheet_table(sheet))
                    (paper::signatures_html(paper))
                }
            }
        };
        let rows = self.not_yet_rows(report);
        let body = html! {
            (section(TITLE, &subtitle(report, paper, None, everyone.len()), &list_sheet(criteria, RUN_SHEET, &everyone, true)))
            @for (code, (name, people)) in &self.units {
                @let people: Vec<(&str, &Recognised)> = people.iter().map(|p| (code.as_str(), p)).collect();
                (section(TITLE, &subtitle(report, paper, Some((code, name)), people.len()), &list_sheet(criteria, code, &people, false)))
            }
            (section(NOT_YET_TITLE, &[format!("Số người chưa đạt: {}", rows.len())], &close::sheet(&rows)))
        };
        page_with_style("Danh sách đề nghị công nhận Công dân học tập", OutputKind::List, paper::PAPER_CSS, body)
    }
}

fn subtitle(report: &Report, paper: &Paper, unit: Option<(&String, &String)>, count: usize) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some((code, name)) = unit {
        lines.push(format!("Đơn vị: {name} ({code})"));
    }
    let t = &report.tieu_chi;
    lines.push(format!("Bộ tiêu chí: {} (phiên bản {}); {}", t.ten, t.phien_ban, paper.year_line().to_lowercase()));
    lines.push(format!("Số người đề nghị công nhận: {count}"));
    lines
}

/// A sheet name Excel accepts and no other sheet has.
fn unique_name(used: &mut Vec<String>, code: &str) -> String {
    let base = sheet_name(code);
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.to_lowercase() == name.to_lowercase()) || name.is_empty() {
        let tail = format!(" ({n})");
        name = format!("{}{tail}", base.chars().take(31 - tail.chars().count()).collect::<String>());
        n += 1;
    }
    used.push(name.clone());
    name
}

/// One sheet as a paper: heading block, table, signature block.
fn paper_sheet(
    workbook: &mut Workbook,
    name: &str,
    title: &str,
    lines: &[String],
    sheet: &Sheet,
    styles: &Styles,
    paper: &Paper,
) -> Result<Worksheet, XlsxError> {
    let mut ws = workbook.new_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    let columns = table_width(sheet);
    let top = paper::heading_xlsx(&mut ws, paper, title, lines, columns)?;
    let (mut ws, row) = write_table(ws, top, sheet, styles)?;
    paper::signatures_xlsx(&mut ws, row + 1, paper, columns)?;
    Ok(ws)
}
