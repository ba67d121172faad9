//! Reads every cell of the first sheet of an .xlsx workbook with calamine and counts the rows
//! and non-empty cells: the cost of getting a workbook's values into memory, for
//! `scripts/bench.sh` to set beside `hoctap` on the CSV of the same data.
//!
//! ```sh
//! cargo run --release --example xlsx_read -- roster.xlsx
//! ```

use calamine::{Data, Reader, open_workbook_auto};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args_os().nth(1).ok_or("cần đường dẫn tệp .xlsx")?;
    let mut book = open_workbook_auto(&path)?;
    let range = book.worksheet_range_at(0).ok_or("tệp không có trang tính nào")??;
    let (mut rows, mut cells) = (0u64, 0u64);
    for row in range.rows() {
        rows += 1;
        cells += row.iter().filter(|c| !matches!(c, Data::Empty)).count() as u64;
    }
    println!("{rows} dòng, {cells} ô");
    Ok(())
}
