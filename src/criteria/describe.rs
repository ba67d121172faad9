//! The reading vocabularies of a criteria set in words: id kinds, group words, statuses (for
//! `hoctap criteria`), and the titles a run met (for the run's summary).

use super::{Criteria, Role, TitleCount};

fn role_name(r: Role) -> &'static str {
    match r {
        Role::ThanhVien => "thành viên",
        Role::NguoiHoc => "người học",
    }
}

/// The id kinds, group words and status values the roster reader knows, with their sources.
pub fn describe_vocabularies(c: &Criteria) -> String {
    let mut out = String::from(
        "\nMÃ ĐỊNH DANH — theo thứ tự ưu tiên (nhiều cột mã: cột đứng trước là mã, các cột khác được giữ lại)\n",
    );
    for (i, k) in c.ids.iter().enumerate() {
        let shape = k.shape_text().unwrap_or_else(|| "không có dạng chung".to_string());
        let shown: Vec<&str> = k.aliases.iter().skip(1).map(String::as_str).collect();
        out.push_str(&format!(
            "{}. {} [{}] — {shape}; tên cột: {}\n   Nguồn: {}\n",
            i + 1,
            k.name,
            k.code,
            if shown.is_empty() { "(không có)".into() } else { shown.join(", ") },
            k.source
        ));
    }
    let r = &c.roles;
    if !r.prefixes.is_empty() {
        out.push_str("\nĐỐI TƯỢNG theo từ đầu của ô (so cả khi gõ không dấu):\n");
        for (_, g, role, written) in &r.prefixes {
            out.push_str(&format!("  {written}… → {} ({})\n", c.cdht.groups[*g].name, role_name(*role)));
        }
    }
    if let Some((g, role, source)) = &r.other {
        out.push_str(&format!(
            "Mọi chức danh khác (không trống) → {} ({}); tóm tắt của lần chạy liệt kê các chức danh đã gặp.\n   Nguồn: {source}\n",
            c.cdht.groups[*g].name,
            role_name(*role)
        ));
    }
    out.push_str("Trạng thái không có trong bảng trạng thái: cảnh báo, người đó vẫn được tính.\n");
    out
}

/// The titles met in group columns with their counts, one line each; empty when none.
pub fn titles_text(titles: &[TitleCount]) -> String {
    if titles.is_empty() {
        return String::new();
    }
    let mut sorted: Vec<&TitleCount> = titles.iter().collect();
    sorted.sort_by(|a, b| b.so_dong.cmp(&a.so_dong).then_with(|| a.chuc_danh.cmp(&b.chuc_danh)));
    let parts: Vec<String> = sorted
        .iter()
        .map(|t| {
            let note = if t.chuc_danh_khac { ", chức danh khác → thành viên" } else { "" };
            format!("{} {} ({}{note})", t.chuc_danh, t.so_dong, t.nhom)
        })
        .collect();
    format!("Đối tượng/chức danh đã gặp: {}.\n", parts.join("; "))
}

/// The titles of every file read, counted together: the line the run's summary prints.
pub fn titles_of_files(files: &[crate::model::FileSummary]) -> String {
    let mut all = Vec::new();
    for f in files {
        super::merge_titles(&mut all, &f.doi_tuong);
    }
    titles_text(&all)
}
