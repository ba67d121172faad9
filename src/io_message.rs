//! I/O errors told in Vietnamese, for every reader (rosters, unit files, criteria, reports).

use std::io;

/// An I/O error told in Vietnamese, with what to do about it.
pub fn io_message(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "không tìm thấy tệp: kiểm tra lại tên và đường dẫn".into(),
        io::ErrorKind::PermissionDenied => "không có quyền đọc tệp".into(),
        io::ErrorKind::IsADirectory => "đây là thư mục, không phải tệp".into(),
        io::ErrorKind::NotADirectory => "đường dẫn sai: một phần của đường dẫn là tệp, không phải thư mục".into(),
        io::ErrorKind::InvalidData => "tệp chứa dữ liệu không đọc được".into(),
        _ => format!("lỗi khi đọc: {e}"),
    }
}
