use std::process::ExitCode;

use clap::Parser;
use hoctap::{ExitStatus, cli::Cli, is_broken_pipe, run};

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "hoctap gặp lỗi nội bộ và phải dừng ({info}).\nĐây là lỗi của chương trình, không phải của tệp. Vui lòng gửi thông báo này cùng lệnh đã chạy (không cần gửi dữ liệu cá nhân) cho nhóm phát triển."
        );
    }));
    let cli = Cli::parse();
    let status = match run(&cli) {
        Ok(status) => status,
        Err(e) if is_broken_pipe(&e) => ExitStatus::Passed,
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            ExitStatus::Error
        }
    };
    ExitCode::from(status as u8)
}
