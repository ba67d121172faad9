//! The "Báo cáo tự đánh giá" skeleton: every figure the run computed is written in (people
//! counted and recognised per role against the target, each chỉ tiêu's result, the level);
//! the prose the Tổ đánh giá writes is left as marked blanks.

use super::summary::team_signers;
use super::{Block, Doc, Row, Style, Table, Unit};
use crate::aggregate::dvht::ItemResult;
use crate::number::Rate;
use crate::report::render::vi;

fn bold(s: impl Into<String>) -> Block {
    Block::Text(s.into(), Style::Bold)
}

fn plain(s: impl Into<String>) -> Block {
    Block::Text(s.into(), Style::Plain)
}

/// One role's row: counted and recognised, rate, against the target.
fn role_row(u: &Unit, who: &str, part: u64, whole: u64) -> Row {
    let target = &u.criteria.target.share;
    let (rate, verdict) = match Rate::of(part, whole) {
        None => ("—".to_string(), "không có người nào được tính".to_string()),
        Some(r) => {
            let verdict = if target.is_met(part, whole) {
                "Đạt".to_string()
            } else {
                format!("Chưa đạt (cần thêm {} người)", vi::number(&target.shortfall(part, whole).to_string()))
            };
            (format!("{}%", vi::number(&r.to_string())), verdict)
        }
    };
    let counts = format!("{} / {}", vi::number(&whole.to_string()), vi::number(&part.to_string()));
    Row::Cells([who.to_string(), counts, rate, verdict])
}

fn figures(u: &Unit) -> Table {
    let r = u.row;
    let goal = u.criteria.target.share.percent_text();
    Table {
        header: [
            "Đối tượng".to_string(),
            "Số người được tính / đạt Công dân học tập".to_string(),
            "Tỷ lệ đạt".to_string(),
            format!("So với mục tiêu {}%", vi::number(&goal)),
        ],
        rows: vec![
            role_row(u, "Thành viên", r.thanh_vien_so_dat, r.thanh_vien_so_nguoi),
            role_row(u, "Người học", r.nguoi_hoc_so_dat, r.nguoi_hoc_so_nguoi),
            role_row(u, "Toàn đơn vị", r.so_dat, r.so_nguoi),
        ],
    }
}

/// "- Chỉ tiêu 1 (Mức độ 1): wording. Kết quả: Đạt; căn cứ: evidence."
fn item_line(u: &Unit, i: &ItemResult, label: &str) -> Block {
    let result = i.result_text();
    let evidence = u.relabel(&i.minh_chung);
    // "Đạt (tệp đơn vị)" says the result twice: keep where it comes from.
    let evidence = evidence
        .strip_prefix(&format!("{result} ("))
        .and_then(|rest| rest.strip_suffix(')'))
        .map_or(evidence.clone(), str::to_string);
    plain(format!("– {label}: {}. Kết quả: {result}; căn cứ: {evidence}.", i.wording_with_flags()))
}

/// Part 2: each tiêu chí with the results of its chỉ tiêu at every level, then a blank for
/// the Tổ đánh giá's account of it.
fn criteria_part(u: &Unit, blocks: &mut Vec<Block>) {
    let dvht = &u.criteria.dvht;
    let numbers = u.criteria_of(&u.dvht.chi_tieu);
    for (k, c) in numbers.iter().enumerate() {
        blocks.push(bold(format!("2.{}. {}", k + 1, u.criterion_title(*c))));
        for i in u.dvht.chi_tieu.iter().filter(|i| dvht.numbering(&i.ma).is_some_and(|n| n.criterion == *c)) {
            let label = u.full_label(i);
            let short = label.split_once(", ").map_or(label.as_str(), |(_, rest)| rest).to_string();
            blocks.push(item_line(u, i, &short));
        }
        blocks.push(Block::Prose(format!("Mô tả, minh chứng, điểm mạnh, điểm yếu của Tiêu chí {c}")));
    }
    let others: Vec<&ItemResult> = u.dvht.chi_tieu.iter().filter(|i| dvht.numbering(&i.ma).is_none()).collect();
    if !others.is_empty() {
        blocks.push(bold(format!("2.{}. Điều kiện khác", numbers.len() + 1)));
        for i in others {
            blocks.push(item_line(u, i, &u.full_label(i)));
        }
    }
}

pub fn doc(u: &Unit) -> Doc {
    let r = u.row;
    let d = u.dvht;
    let period =
        d.nam_danh_gia.map_or_else(String::new, |y| format!(" (số liệu từ ngày 01/01/{y} đến ngày 31/12/{y})"));
    let mut blocks = vec![
        bold("I. ĐẶT VẤN ĐỀ"),
        Block::Prose("Đặc điểm, tình hình của đơn vị; việc xây dựng Đơn vị học tập trong năm; thành lập Tổ đánh giá, cách thu thập minh chứng".into()),
        bold("II. KẾT QUẢ TỰ ĐÁNH GIÁ"),
        bold(format!("1. Công dân học tập{period}")),
        Block::Table(figures(u)),
        plain(format!(
            "Tổng số: {} người được tính, {} người đạt Công dân học tập; không tính {} người loại trừ (theo trạng thái), {} dòng lỗi, {} dòng trùng. Mục tiêu: {}% ({}).",
            vi::number(&r.so_nguoi.to_string()),
            vi::number(&r.so_dat.to_string()),
            vi::number(&r.so_loai_tru.to_string()),
            vi::number(&r.so_loi.to_string()),
            vi::number(&r.so_trung.to_string()),
            vi::number(&u.criteria.target.share.percent_text()),
            u.criteria.target.source
        )),
        bold("2. Tự đánh giá từng tiêu chí"),
    ];
    criteria_part(u, &mut blocks);
    blocks.push(bold("III. KẾT LUẬN"));
    blocks.push(bold(u.conclusion()));
    blocks.extend(u.notes().into_iter().map(plain));
    blocks.push(Block::Prose("Nhận xét chung của Tổ đánh giá".into()));
    blocks.push(bold("IV. KIẾN NGHỊ"));
    if d.muc > 0 {
        blocks.push(plain(format!(
            "Đề nghị {} xem xét, công nhận {} đạt Đơn vị học tập {} năm {}.",
            u.recipient(),
            u.name(),
            u.level_text(),
            u.year()
        )));
    }
    blocks.push(Block::Prose("Kiến nghị với cấp trên, với đơn vị".into()));
    blocks.extend(u.deadlines(true).map(|l| Block::Text(l, Style::Italic)));
    Doc {
        sheet: "Bao cao",
        number: "Số: ……/BC-……".to_string(),
        title: "BÁO CÁO".to_string(),
        lines: vec![format!("Tự đánh giá Đơn vị học tập năm {}", u.year())],
        blocks,
        repeat_header: false,
        feet: team_signers(u),
    }
}
