//! `hoctap criteria`: shows the loaded set as tables, or checks a file.

use anyhow::{Context, Result};
use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ContentArrangement, Table};

use super::load_criteria;
use crate::ExitStatus;
use std::path::PathBuf;

use clap::Args;

use super::args::CriteriaChoice;
use crate::criteria::{ChiTieuKind, Criteria, Role, ScopeOutcome, load_file};
use crate::output::write_output;

/// In bộ tiêu chí đang dùng, hoặc kiểm tra một tệp tiêu chí.
#[derive(Debug, Args)]
#[command(after_help = "Ví dụ:
  hoctap criteria
  hoctap criteria --tieu-chi dvht-tt22-2020
  hoctap criteria --kiem-tra tieu-chi-moi.toml")]
pub struct CriteriaArgs {
    #[command(flatten)]
    pub criteria: CriteriaChoice,

    /// Chỉ kiểm tra tệp tiêu chí này: báo lỗi kèm dòng và cột, mã thoát 2 nếu sai.
    #[arg(long = "kiem-tra", alias = "check", value_name = "TỆP", conflicts_with = "criteria")]
    pub check: Option<PathBuf>,
}

pub fn run(args: &CriteriaArgs) -> Result<ExitStatus> {
    if let Some(path) = &args.check {
        let c = load_file(path).context("tệp tiêu chí không hợp lệ")?;
        let dvht = match &c.dvht.scale {
            Some(s) => format!("thang điểm Đơn vị học tập {} tiêu chí, {} xếp loại", s.items.len(), s.bands.len()),
            None => format!("{} mức độ Đơn vị học tập", c.dvht.levels.len()),
        };
        let text = format!(
            "Hợp lệ: {} — {} (phiên bản {}), {} chỉ số, {dvht}.\n",
            path.display(),
            c.meta.name,
            c.meta.version,
            c.cdht.indicators.len(),
        );
        write_output(None, text.as_bytes())?;
        return Ok(ExitStatus::Passed);
    }
    let criteria = load_criteria(&args.criteria)?;
    write_output(None, describe(&criteria).as_bytes())?;
    Ok(ExitStatus::Passed)
}

fn new_table(header: Vec<&str>) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED).set_content_arrangement(ContentArrangement::Dynamic).set_header(header);
    t
}

fn role_name(r: Role) -> &'static str {
    match r {
        Role::ThanhVien => "thành viên",
        Role::NguoiHoc => "người học",
    }
}

/// The whole set as readable text: what is checked, with which numbers, on which authority.
pub fn describe(c: &Criteria) -> String {
    let mut out = String::new();
    let m = &c.meta;
    out.push_str(&format!(
        "{}\nMã: {}  Phiên bản: {}  Tệp: {}\nSHA-256: {}\n\n",
        m.name, m.code, m.version, m.origin, m.sha256
    ));

    out.push_str(&format!("CÔNG DÂN HỌC TẬP — {}\n", c.cdht.source));
    let mut t = new_table(vec!["Năng lực", "Chỉ số", "Điểm tối đa", "Nội dung"]);
    for comp in &c.cdht.competencies {
        for &i in &comp.indicators {
            let ind = &c.cdht.indicators[i];
            t.add_row(vec![
                format!("{} {}", comp.code, comp.name),
                ind.code.clone(),
                ind.max.to_string(),
                ind.wording.clone(),
            ]);
        }
    }
    out.push_str(&format!("{t}\n"));
    let d = &c.cdht;
    out.push_str(&format!(
        "Đạt khi tổng ≥ {} ({}), hoặc ≥ {} ở vùng khó khăn ({}), và không chỉ số nào dưới {} ({}).\n\n",
        d.pass.points,
        d.pass.source,
        d.pass_disadvantaged.points,
        d.pass_disadvantaged.source,
        d.min_indicator.points,
        d.min_indicator.source
    ));

    let mut t = new_table(vec!["Nhóm", "Vai trò", "Giá trị cột Đối tượng"]);
    for (gi, g) in c.cdht.groups.iter().enumerate() {
        for role in [Role::ThanhVien, Role::NguoiHoc] {
            let values: Vec<&str> = c
                .roles
                .listed
                .iter()
                .filter(|(_, g2, r)| *g2 == gi && *r == role)
                .map(|(v, _, _)| v.as_str())
                .collect();
            if !values.is_empty() {
                t.add_row(vec![g.name.clone(), role_name(role).into(), values.join(", ")]);
            }
        }
    }
    out.push_str(&format!("{t}\n"));

    let s = &c.status;
    let mut t = new_table(vec!["Trạng thái", "Xử lý"]);
    t.add_row(vec![format!("(trống), {}", s.listed_active.join(", ")), "được tính".to_string()]);
    for (i, reason) in s.reasons.iter().enumerate() {
        let values: Vec<&str> = s.listed_excluded.iter().filter(|(_, j)| *j == i).map(|(v, _)| v.as_str()).collect();
        t.add_row(vec![values.join(", "), format!("loại trừ — {reason}")]);
    }
    out.push_str(&format!("{t}\nNguồn: {}\n\n", s.source));

    out.push_str(&format!(
        "MỤC TIÊU: tối thiểu {}% số người được tính của mỗi đơn vị đạt CDHT.\nNguồn: {}\n\n",
        c.target.share.percent_text(),
        c.target.source
    ));

    out.push_str(&format!("ĐƠN VỊ HỌC TẬP — {}\n", c.dvht.source));
    out.push_str(&dvht_levels(c));
    if let Some(s) = &c.dvht.scale {
        let mut t = new_table(vec!["Tiêu chí", "Nội dung", "Điểm tối đa", "Nguồn"]);
        for i in &s.items {
            t.add_row(vec![i.code.clone(), i.wording.clone(), i.max.to_string(), i.source.clone()]);
        }
        out.push_str(&format!("Thang điểm — {}\n{t}\n", s.source));
        let mut t = new_table(vec!["Xếp loại", "Tổng điểm", "Nguồn"]);
        for b in &s.bands {
            t.add_row(vec![b.name.clone(), format!("≥ {}", b.min), b.source.clone()]);
        }
        t.add_row(vec![s.below.clone(), "thấp hơn mọi mức trên".to_string(), String::new()]);
        out.push_str(&format!("{t}\n"));
    }
    out.push_str(&crate::criteria::describe_vocabularies(c));
    let reg = &c.register;
    if !reg.levels.is_empty() {
        out.push_str("\nTỆP ĐƠN VỊ — cấp học, cấp quản lý mặc định và phòng theo dõi\n");
        let mut t = new_table(vec!["Cấp học", "Giá trị cột cap_hoc", "Cấp quản lý mặc định", "Phòng"]);
        for (i, l) in reg.levels.iter().enumerate() {
            let divisions: Vec<&str> =
                reg.divisions.iter().filter(|d| d.levels.contains(&i)).map(|d| d.code.as_str()).collect();
            t.add_row(vec![
                l.name.clone(),
                l.values.join(", "),
                l.manager.map_or_else(String::new, |m| reg.managers[m].name.clone()),
                divisions.join(", "),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    out
}

/// A source, with the warning when the value it backs is not confirmed.
fn source_cell(source: &str, unverified: Option<&str>) -> String {
    match unverified {
        Some(why) => format!("{source}\n⚠ CHƯA XÁC MINH: {why}"),
        None => source.to_string(),
    }
}

/// The chỉ tiêu of each level, which kinds of unit each applies to, and the time rules, each
/// with its source; every value no source confirms is marked.
fn dvht_levels(c: &Criteria) -> String {
    let mut out = String::new();
    if c.dvht.levels.is_empty() {
        return out;
    }
    let numbered = c.dvht.levels.iter().flat_map(|l| &l.items).any(|i| i.number.is_some());
    let mut heading = vec!["Mức độ", "Mã", "Chỉ tiêu", "Cách đánh giá", "Áp dụng cho", "Nguồn"];
    if numbered {
        heading.insert(2, "Theo thông tư");
    }
    let mut t = new_table(heading);
    let mut scoped = new_table(vec!["Mã", "Loại đơn vị", "Kết quả", "Căn cứ hoặc lý do"]);
    let mut unverified = 0;
    for level in &c.dvht.levels {
        for item in &level.items {
            let how = match &item.kind {
                ChiTieuKind::Declared => "tệp đơn vị: Đạt / Không đạt / Không áp dụng".to_string(),
                ChiTieuKind::CdhtShare { role, share } => {
                    format!("tỷ lệ {} đạt CDHT ≥ {}%", role_name(*role), share.percent_text())
                }
            };
            let applies = if item.scope.is_empty() { "mọi đơn vị" } else { "theo bảng phạm vi" };
            unverified += usize::from(item.unverified.is_some());
            let mut row = vec![
                level.name.clone(),
                item.code.clone(),
                item.wording.clone(),
                how,
                applies.to_string(),
                source_cell(&item.source, item.unverified.as_deref()),
            ];
            if numbered {
                row.insert(2, item.number.map(|n| n.label()).unwrap_or_default());
            }
            t.add_row(row);
            for rule in &item.scope {
                let outcome = match rule.outcome {
                    ScopeOutcome::ApDung => "Áp dụng",
                    ScopeOutcome::KhongApDung => "Không áp dụng",
                    ScopeOutcome::ChuaDuCanCu => "Chưa đủ căn cứ",
                };
                scoped.add_row(vec![
                    item.code.clone(),
                    rule.describe(&c.register),
                    outcome.to_string(),
                    rule.note.clone(),
                ]);
            }
            if !item.scope.is_empty() {
                scoped.add_row(vec![item.code.clone(), "đơn vị khác".into(), "Không áp dụng".into(), String::new()]);
            }
        }
    }
    out.push_str(&format!("{t}\nMức độ cao hơn gồm mọi chỉ tiêu của mức độ thấp hơn.\n"));
    for title in &c.dvht.criteria {
        out.push_str(&format!("Tiêu chí {}: {} ({})\n", title.number, title.name, title.source));
    }
    if unverified > 0 {
        out.push_str(&format!(
            "⚠ {unverified} chỉ tiêu có nội dung hoặc ngưỡng CHƯA XÁC MINH với văn bản gốc (đánh dấu ở cột Nguồn và trong hồ sơ từng đơn vị).\n"
        ));
    }
    if c.dvht.levels.iter().flat_map(|l| &l.items).any(|i| !i.scope.is_empty()) {
        out.push_str(&format!(
            "\nPHẠM VI ÁP DỤNG — xét theo thứ tự, dòng đầu tiên khớp với đơn vị quyết định; \"Chưa đủ căn cứ\": chưa có văn bản xác định, đơn vị được báo riêng, không coi là đạt hay không đạt\n{scoped}\n"
        ));
    }
    for level in &c.dvht.levels {
        if let Some(r) = &level.after_lower {
            out.push_str(&format!(
                "{} chỉ được công nhận sau ít nhất {} năm kể từ ngày quyết định công nhận mức thấp hơn, tính đến ngày đánh giá (--ngay-danh-gia, mặc định 31/12 của năm đánh giá). Nguồn: {}: \"{}\".\n",
                level.name, r.years, r.source, r.words
            ));
        }
    }
    if let Some(v) = &c.dvht.validity {
        out.push_str(&format!(
            "Công nhận năm R còn hiệu lực đến hết 31/12 năm R + {}. Nguồn: {}: \"{}\".\n",
            v.years_after, v.source, v.words
        ));
    }
    out
}
