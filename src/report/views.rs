//! The views of one run: the unit report, a summary by group, the ranking, the close list, or
//! everything at once in HTML. Each view is a pure rendering of the [`Report`]; table and CSV
//! share one list of headers and cells so they never disagree.

use std::path::Path;

use anyhow::{Result, bail};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use super::Report;
use super::summary::{self, Summary};
use super::{close, ranking};
use crate::cli::{Format, GroupBy, ReportArgs};
use crate::criteria::Criteria;
use crate::output::safe_cell;

pub use super::summary::restrict_to_division;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Units(Format),
    Summary(Format, GroupBy),
    Ranking(Format),
    Close(Format),
    Html,
    /// The Excel workbook; its people sheet is filled during the run (see `report::xlsx`).
    Xlsx,
}

impl View {
    /// The view asked for, checked up front: one of `--by`, `--gan-dat`, `--xep-hang` for a
    /// table, CSV or JSON; all of them at once in HTML (`--format html` or `-o *.html`).
    pub fn choose(r: &ReportArgs, format: Format, output: Option<&Path>) -> Result<View> {
        let extension = output.and_then(|p| p.extension()).map(|e| e.to_string_lossy().to_ascii_lowercase());
        let html = format == Format::Html || matches!(extension.as_deref(), Some("html" | "htm"));
        if html {
            return Ok(View::Html);
        }
        let xlsx_name = extension.as_deref() == Some("xlsx");
        match (format, xlsx_name) {
            (Format::Xlsx, false) => bail!("báo cáo Excel cần tên tệp: thêm -o bao-cao.xlsx"),
            (Format::Csv | Format::Json, true) => {
                bail!("tệp .xlsx là báo cáo Excel; bỏ --format hoặc đặt tên tệp .csv/.json cho báo cáo dạng văn bản")
            }
            (Format::Table | Format::Xlsx, true) => {
                // With --html these options feed the HTML report written beside the workbook.
                if (r.by.is_some() || r.gan_dat.is_some() || r.xep_hang) && r.html.is_none() {
                    bail!(
                        "--by, --gan-dat và --xep-hang chưa có dạng Excel; thêm --html bao-cao.html (có tất cả) hoặc dùng --format csv"
                    );
                }
                return Ok(View::Xlsx);
            }
            _ => {}
        }
        let chosen = [r.by.is_some(), r.gan_dat.is_some(), r.xep_hang].iter().filter(|b| **b).count();
        if chosen > 1 {
            bail!(
                "chỉ chọn một trong --by, --gan-dat, --xep-hang cho một báo cáo bảng/CSV/JSON; báo cáo HTML (-o bao-cao.html) có tất cả"
            );
        }
        if r.gan_dat == Some(0) {
            bail!("--gan-dat cần số người lớn hơn 0 cho mỗi đơn vị");
        }
        Ok(match (r.by, r.gan_dat, r.xep_hang) {
            (Some(by), _, _) => View::Summary(format, by),
            (_, Some(_), _) => View::Close(format),
            (_, _, true) => View::Ranking(format),
            _ => View::Units(format),
        })
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

pub fn render(view: View, args: &ReportArgs, criteria: &Criteria, report: &Report, color: bool, bom: bool) -> Vec<u8> {
    match view {
        // The workbook is written by the caller, which fills it during the run; choose() never
        // pairs another view with Format::Xlsx, so both fall back to the plain table.
        View::Units(Format::Table | Format::Xlsx) | View::Xlsx => {
            let mut out = super::table::render(report, color);
            out.extend(register_check_text(report).into_bytes());
            out
        }
        View::Units(Format::Csv) => super::csv::render(report, bom),
        View::Units(Format::Json) => super::json::render(report),
        View::Units(Format::Html) | View::Html => super::html::render(criteria, report, args.by),
        View::Summary(f, by) => {
            let s = summary::summarise(criteria, report, by);
            sheet(f, &summary_sheet(&s), &s, bom, &summary_footer(report, &s))
        }
        View::Ranking(f) => {
            let rows = ranking::rank(report);
            sheet(f, &ranking_sheet(&rows), &rows, bom, "")
        }
        View::Close(f) => {
            let rows = close::rows(report);
            sheet(f, &close::sheet(&rows), &rows, bom, "")
        }
    }
}

/// Headers and cells of a view, shared by its table and CSV renderings.
pub struct Sheet {
    pub headers: Vec<String>,
    /// Display headers for the table.
    pub titles: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Columns aligned right in the table.
    pub numeric: Vec<usize>,
}

pub fn sheet<T: serde::Serialize + ?Sized>(format: Format, s: &Sheet, json: &T, bom: bool, footer: &str) -> Vec<u8> {
    match format {
        Format::Csv | Format::Html => {
            let mut out = Vec::new();
            if bom {
                out.extend_from_slice("\u{feff}".as_bytes());
            }
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&s.headers).expect("write to memory");
            // Text cells may come from the user's files: neutralise formulas. Numbers are ours.
            for r in &s.rows {
                let cells = r
                    .iter()
                    .enumerate()
                    .map(|(i, c)| if s.numeric.contains(&i) { c.clone() } else { safe_cell(c).into_owned() });
                w.write_record(cells).expect("write to memory");
            }
            w.into_inner().expect("write to memory")
        }
        Format::Json => {
            let mut out = serde_json::to_vec_pretty(json).expect("view serialises");
            out.push(b'\n');
            out
        }
        Format::Table | Format::Xlsx => {
            let mut t = Table::new();
            t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic);
            t.force_no_tty();
            t.set_header(s.titles.clone());
            for r in &s.rows {
                t.add_row(r.clone());
            }
            for &i in &s.numeric {
                if let Some(c) = t.column_mut(i) {
                    c.set_cell_alignment(CellAlignment::Right);
                }
            }
            format!("{t}\n{footer}").into_bytes()
        }
    }
}

fn summary_sheet(s: &Summary) -> Sheet {
    let mut headers: Vec<String> = [
        "nhom",
        "so_don_vi",
        "so_don_vi_dat_muc_tieu",
        "so_nguoi",
        "so_dat",
        "ty_le",
        "dat_muc_tieu",
        "can_them",
        "so_loai_tru",
        "so_loi",
        "so_trung",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    let mut titles: Vec<String> = [
        s.theo.as_str(),
        "Số đơn vị",
        "Đơn vị đạt mục tiêu",
        "Số người",
        "Đạt CDHT",
        "Tỷ lệ %",
        "Mục tiêu",
        "Cần thêm",
        "Loại trừ",
        "Lỗi",
        "Trùng",
    ]
    .iter()
    .map(|h| h.to_string())
    .collect();
    for l in &s.tong.dvht {
        headers.push(format!("dvht_{}", slug(&l.muc_do)));
        titles.push(format!("ĐVHT: {}", l.muc_do));
    }
    let cells = |g: &summary::GroupRow| -> Vec<String> {
        let mut c = vec![
            g.nhom.clone(),
            g.so_don_vi.to_string(),
            g.so_don_vi_dat_muc_tieu.to_string(),
            g.so_nguoi.to_string(),
            g.so_dat.to_string(),
            g.ty_le.map_or_else(String::new, |r| r.to_string()),
            g.dat_muc_tieu.to_string(),
            g.can_them.to_string(),
            g.so_loai_tru.to_string(),
            g.so_loi.to_string(),
            g.so_trung.to_string(),
        ];
        for l in &s.tong.dvht {
            c.push(g.dvht.iter().find(|x| x.muc_do == l.muc_do).map_or(0, |x| x.so_don_vi).to_string());
        }
        c
    };
    let rows = s.nhom.iter().chain(std::iter::once(&s.tong)).map(cells).collect();
    let numeric = (1..headers.len()).filter(|&i| i != 6).collect();
    Sheet { headers, titles, rows, numeric }
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

fn ranking_sheet(rows: &[ranking::RankRow]) -> Sheet {
    let headers = [
        "hang",
        "ma_don_vi",
        "ten_don_vi",
        "so_nguoi",
        "so_dat",
        "ty_le",
        "dat_muc_tieu",
        "muc_do_dvht",
        "de_nghi_khen_thuong",
    ];
    let titles = [
        "Hạng",
        "Mã đơn vị",
        "Tên đơn vị",
        "Số người",
        "Đạt CDHT",
        "Tỷ lệ %",
        "Mục tiêu",
        "Đơn vị học tập",
        "Đề nghị khen thưởng",
    ];
    let rows = rows
        .iter()
        .map(|r| {
            vec![
                r.hang.to_string(),
                r.ma_don_vi.clone(),
                r.ten_don_vi.clone(),
                r.so_nguoi.to_string(),
                r.so_dat.to_string(),
                r.ty_le.map_or_else(String::new, |x| x.to_string()),
                r.dat_muc_tieu.to_string(),
                r.muc_do_dvht.clone(),
                r.de_nghi_khen_thuong.clone(),
            ]
        })
        .collect();
    Sheet {
        headers: headers.iter().map(|s| s.to_string()).collect(),
        titles: titles.iter().map(|s| s.to_string()).collect(),
        rows,
        numeric: vec![0, 3, 4, 5],
    }
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
