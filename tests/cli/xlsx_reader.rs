//! The project's .xlsx reader against calamine's, cell by cell: every worksheet of workbooks
//! written by rust_xlsxwriter (dates in the 1900 and 1904 systems, built-in and custom formats,
//! booleans, errors, shared, inline and rich strings, entities and `_x000D_`, formulas with and
//! without a value, hidden and very hidden sheets, a chart sheet, merged cells) and of one
//! written by hand (prefixed names, cells and rows without `r`, shared formulas, phonetic
//! guides, CDATA, comments, ISO dates). Positions, values and formulas must be equal, and so
//! must the sheets' names, kinds and states and the merged blocks.

use std::io::{Cursor, Read, Write};
use std::sync::Arc;

use calamine::{Data, Reader, SheetType, SheetVisible, Xlsx, XlsxError};
use hoctap::input::xlsx::book::open_part;
use hoctap::input::xlsx::sheet::{Cell, SheetCells, Value};
use hoctap::input::xlsx::{Book, SheetKind, read_part};
// Hands out a few bytes at a time: every element straddles two reads somewhere.
use hoctap::trickle::Trickle;
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Formula, Workbook};

type Cells = Vec<((u32, u32), Data, Option<String>)>;

/// Our reader's cells of sheet `index`, read from the part inflated whole; the same cells must
/// come when the part arrives a few bytes at a time (a sheet too large to inflate whole), and
/// the same merged blocks.
fn ours(book: &Book, index: usize) -> Cells {
    let mut archive = book.archive();
    let mut xml = Vec::new();
    read_part(open_part(&mut archive, &book.sheets[index].path).unwrap().unwrap(), &mut xml).unwrap();
    let whole = collect(SheetCells::whole(xml.clone(), book), book);
    for step in [1, 7, 64] {
        assert_eq!(collect(SheetCells::new(Trickle(&xml, step), book), book), whole, "{step} bytes at a time");
        assert_eq!(
            hoctap::input::xlsx_merges::merged_blocks(Trickle(&xml, step)),
            hoctap::input::xlsx_merges::merged_blocks_in(&xml)
        );
    }
    whole
}

fn collect<R: Read>(mut cells: SheetCells<'_, R>, book: &Book) -> Cells {
    let mut cell = Cell::default();
    let mut out = Vec::new();
    while cells.next(&mut cell).unwrap() {
        let value = match &cell.value {
            Value::Empty => Data::Empty,
            Value::Text => Data::String(cell.text.clone()),
            Value::Shared(i) => Data::String(book.strings.get(*i).unwrap().to_string()),
            Value::Data(d) => d.clone(),
        };
        out.push((cell.pos, value, cell.formula.clone()));
    }
    out
}

fn calamines(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Cells {
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Vec::new(),
        Err(e) => panic!("{name}: {e}"),
    };
    let mut out = Vec::new();
    while let Some(c) = reader.next_cell_with_formula().unwrap() {
        out.push((c.pos, Data::from(c.value), c.formula));
    }
    out
}

/// Both readers over `bytes`: the same sheets, cells and merged blocks. Returns the number of
/// cells compared.
fn same_as_calamine(bytes: Vec<u8>) -> usize {
    let book = Book::open(Arc::from(&bytes[..])).unwrap();
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    let meta = wb.sheets_metadata().to_vec();
    assert_eq!(book.sheets.len(), meta.len());
    let mut compared = 0;
    for (i, (mine, theirs)) in book.sheets.iter().zip(&meta).enumerate() {
        assert_eq!(mine.name, theirs.name);
        assert_eq!(mine.kind == SheetKind::Worksheet, theirs.typ == SheetType::WorkSheet, "{}", mine.name);
        assert_eq!(mine.hidden, theirs.visible != SheetVisible::Visible, "{}", mine.name);
        let (a, b) = (ours(&book, i), calamines(&mut wb, &theirs.name));
        assert_eq!(a.len(), b.len(), "{}", mine.name);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "sheet {}", mine.name);
        }
        compared += a.len();
        if mine.kind == SheetKind::Worksheet {
            let mut archive = book.archive();
            let part = open_part(&mut archive, &mine.path).unwrap().unwrap();
            let mut xml = Vec::new();
            read_part(part, &mut xml).unwrap();
            let mut merges = hoctap::input::xlsx_merges::merged_blocks_in(&xml);
            let mut want = wb.merge_cells_by_sheet_name(&mine.name).unwrap();
            merges.sort_by_key(|m| (m.start, m.end));
            want.sort_by_key(|m| (m.start, m.end));
            assert_eq!(merges, want, "{}", mine.name);
        }
    }
    compared
}

/// A workbook with every kind of value rust_xlsxwriter writes.
fn written(constant_memory: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let formats = [
        Format::new().set_num_format("d-mmm-yy"),
        Format::new().set_num_format("dd/mm/yyyy hh:mm"),
        Format::new().set_num_format("hh:mm:ss"),
        Format::new().set_num_format("[h]:mm:ss"),
        Format::new().set_num_format_index(14),
        Format::new().set_num_format_index(22),
        Format::new().set_num_format("0.00"),
        Format::new().set_num_format("#,##0"),
        Format::new().set_num_format("0.0\"đ\""),
        Format::new().set_num_format("[$-42A]dd/mm/yyyy"),
    ];
    let ws = if constant_memory { wb.add_worksheet_with_constant_memory() } else { Ok(wb.add_worksheet()) }.unwrap();
    ws.set_name("Danh sách").unwrap();
    let texts = [
        "Nguyễn Văn Ánh",
        "A & B <c> \"q\" 'a'",
        "  lề hai bên  ",
        "dòng 1\ndòng 2",
        "có\r\nCR",
        "_x000D_ viết sẵn",
        "tab\tở giữa",
        "",
        "Tiếng Việt: ắằẳẵặ ỡ ự",
        "😀 ngoài BMP",
    ];
    for (c, t) in texts.iter().enumerate() {
        ws.write_string(0, c as u16, *t).unwrap();
    }
    let numbers = [7.5, 8.0, 8.299999999999999, 37201001234.0, -2.25, 1e-7, 1.2345678901234567e17, 0.0];
    for (c, n) in numbers.iter().enumerate() {
        ws.write_number(1, c as u16, *n).unwrap();
    }
    let day = ExcelDateTime::from_ymd(1985, 3, 15).unwrap();
    let moment = ExcelDateTime::parse_from_str("2024-02-29T13:45:30").unwrap();
    ws.write_datetime_with_format(2, 0, &day, &date).unwrap();
    ws.write_datetime_with_format(2, 1, &day, &Format::new().set_num_format("dd/mm/yyyy")).unwrap();
    for (c, f) in formats.iter().enumerate() {
        ws.write_datetime_with_format(3, c as u16, &moment, f).unwrap();
        ws.write_number_with_format(4, c as u16, 45_000.25 + c as f64, f).unwrap();
    }
    ws.write_boolean(5, 0, true).unwrap();
    ws.write_boolean(5, 1, false).unwrap();
    ws.write_formula(6, 0, Formula::new("=1/0").set_result("#DIV/0!")).unwrap();
    ws.write_formula(6, 1, Formula::new("=NA()").set_result("#N/A")).unwrap();
    ws.write_formula(6, 2, Formula::new("=#REF!").set_result("#REF!")).unwrap();
    ws.write_formula(6, 3, Formula::new("=B2+1").set_result("9")).unwrap();
    ws.write_formula(6, 4, Formula::new("=\"a\"&\"b\"").set_result("ab")).unwrap();
    ws.write_formula(6, 5, Formula::new("=A1<>B1").set_result("TRUE")).unwrap();
    ws.write_formula(6, 6, "=SUM(A2:C2)").unwrap();
    ws.write_rich_string(7, 0, &[(&bold, "Nguyễn "), (&Format::default(), "Văn "), (&bold, "A & B")]).unwrap();
    ws.write_rich_string(7, 1, &[(&bold, "  đầu"), (&Format::default(), " cuối  ")]).unwrap();
    ws.merge_range(10, 2, 14, 2, "Đơn vị gộp", &Format::new()).unwrap();
    ws.merge_range(16, 0, 16, 3, "Tiêu đề gộp ngang", &Format::new()).unwrap();
    for r in 20..60u32 {
        ws.write_string(r, 0, format!("P{r:05}")).unwrap();
        ws.write_number(r, 5, f64::from(r) / 4.0).unwrap();
        ws.write_datetime_with_format(r, 7, &day, &date).unwrap();
    }

    let ws = wb.add_worksheet();
    ws.set_name("Ẩn").unwrap();
    ws.set_hidden(true);
    ws.write_string(0, 0, "trang ẩn").unwrap();
    ws.set_formula_result_default("");
    ws.write_formula(1, 0, "=A1&\"x\"").unwrap();
    ws.write_formula(1, 1, "=1+1").unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Rất ẩn").unwrap();
    ws.set_very_hidden(true);
    ws.write_number(3, 3, 42.0).unwrap();

    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("'Danh sách'!$F$21:$F$30");
    let cs = wb.add_chartsheet();
    cs.set_name("Biểu đồ").unwrap();
    cs.insert_chart(0, 0, &chart).unwrap();

    let ws = wb.add_worksheet();
    ws.set_name("Trống").unwrap();
    let _ = ws;
    wb.save_to_buffer().unwrap()
}

/// The archive with part `path` changed by `edit`.
fn patch(bytes: &[u8], path: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().unwrap().into_owned();
        if name == path {
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        parts.push((name, data));
    }
    archive(&parts.iter().map(|(n, d)| (n.as_str(), &d[..])).collect::<Vec<_>>())
}

fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_written_workbook_reads_as_calamine_reads_it() {
    assert!(same_as_calamine(written(false)) > 150);
}

#[test]
fn inline_strings_of_a_constant_memory_sheet_read_as_calamine_reads_them() {
    let bytes = written(true);
    let sheet = {
        let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
        xml
    };
    assert!(sheet.contains("t=\"inlineStr\""), "the sheet must hold inline strings");
    assert!(same_as_calamine(bytes) > 150);
}

#[test]
fn dates_of_the_1904_system_read_as_calamine_reads_them() {
    let bytes =
        patch(&written(false), "xl/workbook.xml", |xml| xml.replace("<workbookPr", "<workbookPr date1904=\"1\""));
    let book = Book::open(Arc::from(&bytes[..])).unwrap();
    assert!(book.date1904);
    let cells = ours(&book, 0);
    // 15/03/1985 written as a 1900 serial reads four years and a day earlier in 1904.
    assert!(cells.iter().any(|(pos, d, _)| *pos == (2, 0) && matches!(d, Data::DateTime(t) if t.is_datetime())));
    assert!(same_as_calamine(bytes) > 150);
}

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr date1904="true"/><sheets><sheet name="Tay &amp; máy" sheetId="1" r:id="rId1"/><sheet name="Không r" sheetId="2" state="veryHidden" r:id="rId2"/></sheets><calcPr calcId="191029"/></workbook>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const STRINGS: &str = "<?xml version=\"1.0\"?>\r\n<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"7\" uniqueCount=\"7\"><si><t>Mã</t></si><si><r><rPr><b/></rPr><t xml:space=\"preserve\">Họ </t></r><r><t>tên</t></r></si><si><t>漢字</t><rPh sb=\"0\" eb=\"2\"><t>かんじ</t></rPh><phoneticPr fontId=\"1\"/></si><si><t>  cắt hai bên \r\n </t></si><si><t>a_x005F_x000D_b&lt;&gt;&#x1EA0;</t></si><si/><si><t><![CDATA[cdata <x>]]></t></si><si><t xml:space=\"preserve\">dòng\r\nhai</t></si></sst>";

const STYLES: &str = r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm"/><numFmt numFmtId="166" formatCode="0.0&quot;đ&quot;"/></numFmts><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="14"/></cellXfs></styleSheet>"#;

const SHEET1: &str = "<?xml version=\"1.0\"?><x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:dimension ref=\"A1:E10\"/><x:sheetData>\
<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c t=\"s\"><x:v>1</x:v></x:c><x:c/><x:c t=\"inlineStr\"><x:is><x:t xml:space=\"preserve\"> nội &amp; tuyến </x:t></x:is></x:c><x:c t=\"s\"><x:v>6</x:v></x:c></x:row>\
<x:row><x:c><x:v>1.5</x:v></x:c><x:c s=\"1\"><x:v>31122</x:v></x:c><x:c s=\"2\"><x:v>1.25</x:v></x:c><x:c s=\"3\"><x:v>7.25</x:v></x:c><x:c s=\"4\"><x:v>45000.5</x:v></x:c></x:row>\
<x:row r=\"5\"><x:c r=\"B5\"><x:f t=\"shared\" ref=\"B5:B8\" si=\"0\">A5*2+$A$1</x:f><x:v>2</x:v></x:c><x:c r=\"C5\" t=\"b\"><x:v>true</x:v></x:c><x:c r=\"D5\" t=\"e\"><x:v>#N/A</x:v></x:c><x:c r=\"E5\" t=\"d\"><x:v>2024-03-15T00:00:00</x:v></x:c></x:row>\
<x:row r=\"6\"><x:c r=\"B6\"><x:f t=\"shared\" si=\"0\"/></x:c><x:c r=\"C6\" t=\"str\"><x:f>\"a\"&amp;\"b\"</x:f><x:v>a&amp;b&#13;&#10;c_x000D_ x\r\ny</x:v></x:c><x:c r=\"D6\"><x:v></x:v></x:c><x:c r=\"E6\"><x:v>không phải số</x:v></x:c></x:row>\
<x:row r=\"7\"><x:c r=\"B7\"><x:f t=\"shared\" si=\"0\"/><x:v>6</x:v></x:c><!-- <x:c r=\"Z7\"><x:v>9</x:v></x:c> --><x:c r=\"C7\" t=\"s\"><x:v>2</x:v></x:c><x:c r=\"D7\" t=\"s\"><x:v>7</x:v></x:c></x:row>\
<x:row r=\"8\" spans=\"1:5\"/>\
<x:row r=\"9\"><x:c r=\"A9\" t=\"s\"><x:v>3</x:v></x:c><x:c r=\"B9\" t=\"s\"><x:v>4</x:v></x:c><x:c r=\"C9\" t=\"s\"><x:v>5</x:v></x:c><x:c r=\"D9\" s=\"1\"><x:f>DATE(2020,1,1)</x:f></x:c><x:c r=\"E9\" t=\"b\"><x:v>0</x:v></x:c></x:row>\
<x:row r=\"10\"><x:c r=\"B10\" t=\"inlineStr\"><x:is><x:r><x:t>giàu </x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t>chữ</x:t></x:r></x:is></x:c></x:row>\
</x:sheetData><x:mergeCells count=\"1\"><x:mergeCell ref=\"A9:A10\"/></x:mergeCells></x:worksheet>";

const SHEET2: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="s"><v>0</v></c><c><v>2</v></c></row><row><c/><c><v>3</v></c><c s="4"><v>44000</v></c></row><row r="7"><c><v>4</v></c></row><row><c r="C8"><v>5</v></c><c><v>6</v></c></row></sheetData></worksheet>"#;

fn by_hand() -> Vec<u8> {
    archive(&[
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
        ("xl/sharedStrings.xml", STRINGS.as_bytes()),
        ("xl/styles.xml", STYLES.as_bytes()),
        ("xl/worksheets/sheet1.xml", SHEET1.as_bytes()),
        ("xl/worksheets/sheet2.xml", SHEET2.as_bytes()),
    ])
}

#[test]
fn a_workbook_written_by_hand_reads_as_calamine_reads_it() {
    let bytes = by_hand();
    let book = Book::open(Arc::from(&bytes[..])).unwrap();
    assert_eq!(book.sheets[0].name, "Tay & máy");
    assert!(book.sheets[1].hidden);
    let cells = ours(&book, 0);
    let at = |pos| cells.iter().find(|(p, _, _)| *p == pos).unwrap_or_else(|| panic!("{pos:?}"));
    // Cells without `r` follow the one before; a row without `r` follows the row before.
    assert_eq!(at((0, 1)).1, Data::String("Họ tên".into()));
    assert_eq!(at((0, 3)).1, Data::String(" nội & tuyến ".into()));
    assert_eq!(at((1, 0)).1, Data::Float(1.5));
    // The shared formula, expanded in the cells that only name it.
    assert_eq!(at((5, 1)).2.as_deref(), Some("A6*2+$A$1"));
    assert_eq!(at((6, 1)).2.as_deref(), Some("A7*2+$A$1"));
    assert_eq!(at((8, 3)).2.as_deref(), Some("DATE(2020,1,1)"));
    assert_eq!(at((6, 2)).1, Data::String("漢字".into()));
    assert!(same_as_calamine(bytes) >= 30);
    let rows = ours(&book, 1);
    assert_eq!(
        rows.iter().map(|(p, _, _)| *p).collect::<Vec<_>>(),
        [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (6, 0), (7, 2), (7, 3)]
    );
}

/// The archive with the checksum of part `path` changed, in its local header and in the
/// central directory.
fn wrong_checksum(bytes: &[u8], path: &str) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut changed = 0;
    for at in 0..out.len().saturating_sub(46) {
        let (crc, name_len, name) = match &out[at..at + 4] {
            b"PK\x03\x04" => (at + 14, at + 26, at + 30),
            b"PK\x01\x02" => (at + 16, at + 28, at + 46),
            _ => continue,
        };
        let len = usize::from(u16::from_le_bytes([out[name_len], out[name_len + 1]]));
        if out.get(name..name + len) == Some(path.as_bytes()) {
            out[crc] ^= 0xFF;
            changed += 1;
        }
    }
    assert_eq!(changed, 2);
    out
}

/// calamine stops reading a part at the end of the XML it needs and never sees a checksum
/// that does not match; such a workbook reads as it always did, a sheet whole or in pieces.
#[test]
fn a_checksum_that_does_not_match_is_passed_over_as_calamine_passes_it_over() {
    let bytes = by_hand();
    let good = Book::open(Arc::from(&bytes[..])).unwrap();
    let mut changed = bytes.clone();
    for part in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"] {
        changed = wrong_checksum(&changed, part);
    }
    assert!(
        zip::ZipArchive::new(Cursor::new(&changed[..]))
            .unwrap()
            .by_name("xl/workbook.xml")
            .unwrap()
            .read_to_end(&mut Vec::new())
            .is_err()
    );
    let book = Book::open(Arc::from(&changed[..])).unwrap();
    assert_eq!(ours(&book, 0), ours(&good, 0));
    let mut archive = book.archive();
    let part = open_part(&mut archive, &book.sheets[0].path).unwrap().unwrap();
    assert_eq!(collect(SheetCells::new(part, &book), &book), ours(&good, 0));
    assert_eq!(same_as_calamine(changed), same_as_calamine(bytes));
}

/// A binary workbook (.xlsb) saved under an .xlsx name is named for what it is.
#[test]
fn a_binary_workbook_under_an_xlsx_name_is_named() {
    let rels = PACKAGE_RELS.replace("xl/workbook.xml", "xl/workbook.bin");
    let bytes = archive(&[("_rels/.rels", rels.as_bytes()), ("xl/workbook.bin", b"\x83\x01\x00")]);
    let err = Book::open(Arc::from(&bytes[..])).err().unwrap();
    assert!(err.0.contains("(.xlsb)"), "{err}");
}

/// A cell the reader cannot type stops the file with the file, the sheet and the cell named
/// as Excel names it (here a shared-string index past the table, in B3).
#[test]
fn a_cell_that_cannot_be_read_is_named_by_its_address() {
    use crate::book::{Sheet, t};
    use crate::support::{Dir, hoctap, roster};
    let d = Dir::new();
    let csv = roster("A", 3, 0);
    let rows = csv.lines().map(|l| l.split(',').map(t).collect()).collect();
    let good = d.path("good.xlsx");
    crate::book::write(&good, vec![Sheet::new("DS", rows)]);
    let bytes = patch(&std::fs::read(&good).unwrap(), "xl/worksheets/sheet1.xml", |xml| {
        let at = xml.find(r#"<c r="B3""#).expect("B3 written");
        let v = at + xml[at..].find("<v>").unwrap() + 3;
        let end = v + xml[v..].find("</v>").unwrap();
        format!("{}999999{}", &xml[..v], &xml[end..])
    });
    let bad = d.path("bad.xlsx");
    std::fs::write(&bad, bytes).unwrap();
    let out = hoctap().arg("assess").arg(&bad).arg("-q").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("bad.xlsx"), "{said}");
    assert!(said.contains("trang tính \"DS\" (ô B3: trỏ tới chuỗi dùng chung thứ 999999, bảng chỉ có"), "{said}");
}
