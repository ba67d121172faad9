//! The "Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu": each level, each tiêu chí as
//! a group row, each chỉ tiêu numbered as the circular numbers it, with evidence and result;
//! the conclusion; the Tổ trưởng and the head of the unit sign.

use super::{Block, Doc, Row, Style, Table, Unit};
use crate::aggregate::dvht::ItemResult;
use crate::report::paper::Foot;
use crate::report::render::vi;

pub const TITLE: &str = "BẢN TỔNG HỢP KẾT QUẢ ĐÁNH GIÁ CÁC TIÊU CHÍ, CHỈ TIÊU";

/// The signers of the papers the Tổ đánh giá draws up.
pub fn team_signers(u: &Unit) -> [Foot; 2] {
    let name = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        Foot::signer("TỔ TRƯỞNG TỔ ĐÁNH GIÁ", "(Ký, ghi rõ họ tên)", name(&u.paper.nguoi_lap)),
        Foot::signer("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", name(&u.paper.thu_truong)),
    ]
}

/// "97/100 người (97,00%)".
pub fn share(part: u64, whole: u64) -> String {
    match crate::number::Rate::of(part, whole) {
        Some(r) => format!(
            "{}/{} người ({}%)",
            vi::number(&part.to_string()),
            vi::number(&whole.to_string()),
            vi::number(&r.to_string())
        ),
        None => "không có người nào được tính".to_string(),
    }
}

/// The lines above the table: unit, set, period, people recognised.
fn facts(u: &Unit) -> Vec<String> {
    let r = u.row;
    let t = &u.report.tieu_chi;
    let mut lines = vec![
        format!("Đơn vị: {} (mã {})", u.name(), r.ma_don_vi),
        format!("Bộ tiêu chí: {} (phiên bản {}); căn cứ: {}", t.ten, t.phien_ban, u.criteria.dvht.source),
    ];
    if let Some(y) = u.dvht.nam_danh_gia {
        lines.push(format!("Số liệu từ ngày 01/01/{y} đến ngày 31/12/{y}"));
    }
    lines.push(format!(
        "Công dân học tập: {}; thành viên {}; người học {}",
        share(r.so_dat, r.so_nguoi),
        share(r.thanh_vien_so_dat, r.thanh_vien_so_nguoi),
        share(r.nguoi_hoc_so_dat, r.nguoi_hoc_so_nguoi)
    ));
    lines
}

fn cells(u: &Unit, label: String, i: &ItemResult) -> Row {
    Row::Cells([label, i.wording_with_flags(), u.relabel(&i.minh_chung), i.result_text()])
}

/// The rows of the items of one level (all items for a points scale): a group row per tiêu
/// chí, then the items the set does not number (the time rule) under "Điều kiện khác".
fn level_rows(u: &Unit, items: &[&ItemResult], rows: &mut Vec<Row>) {
    let dvht = &u.criteria.dvht;
    for c in u.criteria_of(items.iter().copied()) {
        let mut of: Vec<(u8, &ItemResult)> = items
            .iter()
            .filter_map(|i| dvht.numbering(&i.ma).filter(|n| n.criterion == c).map(|n| (n.item, *i)))
            .collect();
        of.sort_by_key(|(n, _)| *n);
        let title = u.criterion_title(c);
        // A points-scale item is the whole tiêu chí: its own row says so, no group row.
        if of.iter().any(|(n, _)| *n > 0) {
            rows.push(Row::Group(title.clone()));
        }
        for (n, i) in of {
            let label = if n == 0 { title.clone() } else { format!("Chỉ tiêu {n}") };
            rows.push(cells(u, label, i));
        }
    }
    let others: Vec<&&ItemResult> = items.iter().filter(|i| dvht.numbering(&i.ma).is_none()).collect();
    if !others.is_empty() {
        rows.push(Row::Group("Điều kiện khác".to_string()));
        for i in others {
            rows.push(cells(u, u.label(i), i));
        }
    }
}

fn table(u: &Unit) -> Table {
    let levels = &u.criteria.dvht.levels;
    let mut rows = Vec::new();
    if levels.is_empty() {
        let all: Vec<&ItemResult> = u.dvht.chi_tieu.iter().collect();
        level_rows(u, &all, &mut rows);
    }
    for (k, level) in levels.iter().enumerate() {
        let items: Vec<&ItemResult> = u.dvht.chi_tieu.iter().filter(|i| i.muc_do == level.level).collect();
        if levels.len() > 1 {
            let name = level.name.to_uppercase();
            rows.push(Row::Group(if k > 0 {
                format!("{name} (đạt các chỉ tiêu của {} và các chỉ tiêu sau)", levels[k - 1].name)
            } else {
                name
            }));
        }
        level_rows(u, &items, &mut rows);
    }
    Table { header: ["Tiêu chí, chỉ tiêu", "Nội dung", "Minh chứng", "Kết quả"].map(String::from), rows }
}

pub fn doc(u: &Unit) -> Doc {
    let mut blocks: Vec<Block> = facts(u).into_iter().map(|l| Block::Text(l, Style::Plain)).collect();
    blocks.push(Block::Table(table(u)));
    blocks.push(Block::Text(u.conclusion(), Style::Bold));
    blocks.extend(u.notes().into_iter().map(|l| Block::Text(l, Style::Plain)));
    blocks.extend(u.deadlines(true).map(|l| Block::Text(l, Style::Italic)));
    Doc {
        sheet: "Tong hop",
        number: "Số: ……/……".to_string(),
        title: TITLE.to_string(),
        lines: vec![format!("ĐƠN VỊ HỌC TẬP NĂM {}", u.year())],
        blocks,
        repeat_header: true,
        feet: team_signers(u),
    }
}
