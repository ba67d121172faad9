//! The "Tờ trình" asking the recognising body to recognise the unit at the level it reached,
//! with the filing and decision deadlines; the head of the unit signs, Nơi nhận beside.

use super::summary::share;
use super::{Block, Doc, Style, Unit};
use crate::report::paper::Foot;

fn plain(s: impl Into<String>) -> Block {
    Block::Text(s.into(), Style::Plain)
}

pub fn doc(u: &Unit) -> Doc {
    let r = u.row;
    let d = u.dvht;
    let name = u.name();
    let recipient = u.recipient();
    let mut blocks = vec![
        Block::Text(format!("Kính gửi: {recipient}"), Style::Centre),
        plain(format!("Căn cứ {};", u.criteria.dvht.source)),
        plain(format!(
            "Căn cứ kết quả tự đánh giá của Tổ đánh giá (Báo cáo tự đánh giá và Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu kèm theo), năm {} {name} có {} được công nhận Công dân học tập; thành viên {}; người học {}. Kết quả tự đánh giá: {}.",
            u.year(),
            share(r.so_dat, r.so_nguoi),
            share(r.thanh_vien_so_dat, r.thanh_vien_so_nguoi),
            share(r.nguoi_hoc_so_dat, r.nguoi_hoc_so_nguoi),
            u.level_text()
        )),
    ];
    if let Some(p) = &d.cong_nhan_truoc {
        blocks.push(plain(format!("Công nhận trước đó: {}.", u.relabel(p))));
    }
    if d.muc > 0 {
        let level = if d.diem.is_some() {
            format!("năm {}, {}", u.year(), u.level_text())
        } else {
            format!("{} năm {}", d.muc_do, u.year())
        };
        blocks.push(Block::Text(
            format!("{name} kính đề nghị {recipient} xem xét, công nhận {name} đạt Đơn vị học tập {level}."),
            Style::Bold,
        ));
    } else {
        blocks.push(Block::Text(
            format!(
                "Kết quả tự đánh giá chưa đạt mức độ nào ({}): đơn vị chưa đủ điều kiện đề nghị công nhận Đơn vị học tập năm {}.",
                u.level_text(),
                u.year()
            ),
            Style::Bold,
        ));
    }
    blocks.push(plain("Hồ sơ kèm theo: Báo cáo tự đánh giá; Bản tổng hợp kết quả đánh giá các tiêu chí, chỉ tiêu."));
    // The deadlines and the closing line belong to a letter that asks for something.
    if d.muc > 0 {
        blocks.extend(u.deadlines(false).map(|l| Block::Text(l, Style::Italic)));
        blocks.push(plain(format!("Kính trình {recipient} xem xét, quyết định./.")));
    }
    let head = u.paper.thu_truong.clone().unwrap_or_default();
    Doc {
        sheet: "To trinh",
        number: "Số: ……/TTr-……".to_string(),
        title: "TỜ TRÌNH".to_string(),
        lines: vec![format!("Về việc đề nghị công nhận Đơn vị học tập năm {}", u.year())],
        blocks,
        repeat_header: false,
        feet: [
            Foot::Recipients(vec!["– Như trên;".into(), "– Lưu: VT.".into()]),
            Foot::signer("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)", head),
        ],
    }
}
