//! The whole report as JSON, with the same field names as the CSV.

use super::model::Report;

pub fn render(report: &Report) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(report).expect("report serialises");
    out.push(b'\n');
    out
}
