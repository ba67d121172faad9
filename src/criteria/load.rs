//! Reads a criteria TOML file and checks it. Every error names the file, line and column, so a
//! misspelt key or an impossible threshold is found before any roster is scored.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};
use toml::Spanned;

use super::schema::{self, Number};
use super::*;
use crate::number::{Points, Share, parse_points};
use crate::text::{fold_key, fold_value, line_col};

/// The largest criteria file accepted; real ones are a few kilobytes.
const MAX_CRITERIA_BYTES: u64 = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum CriteriaError {
    #[error("không đọc được tệp tiêu chí {file}: {message}")]
    Unreadable { file: String, message: String },
    #[error("tệp tiêu chí {file}, dòng {line}, cột {column}: {message}")]
    Invalid { file: String, line: usize, column: usize, message: String },
}

pub fn load_file(path: &Path) -> Result<Criteria, CriteriaError> {
    let file = path.display().to_string();
    crate::crash::reading(&file);
    let text = read_text(path)?;
    load_text(text, &file, path.parent())
}

fn read_text(path: &Path) -> Result<String, CriteriaError> {
    let file = path.display().to_string();
    let unreadable = |message: String| CriteriaError::Unreadable { file: file.clone(), message };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(crate::io_message::io_message(&e)))?;
    if !meta.is_file() {
        return Err(unreadable("không phải là tệp".into()));
    }
    if meta.len() > MAX_CRITERIA_BYTES {
        return Err(unreadable(format!("tệp quá lớn ({} byte); tệp tiêu chí chỉ vài KB", meta.len())));
    }
    // Read at most one byte over the cap: the file may have grown since `metadata`.
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_CRITERIA_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| unreadable(crate::io_message::io_message(&e)))?;
    text_of(bytes, &file)
}

/// At most 1 MiB of UTF-8.
fn text_of(bytes: Vec<u8>, origin: &str) -> Result<String, CriteriaError> {
    let unreadable = |message: String| CriteriaError::Unreadable { file: origin.to_string(), message };
    if bytes.len() as u64 > MAX_CRITERIA_BYTES {
        return Err(unreadable(format!("tệp quá lớn (hơn {MAX_CRITERIA_BYTES} byte); tệp tiêu chí chỉ vài KB")));
    }
    String::from_utf8(bytes).map_err(|_| unreadable("tệp tiêu chí phải được lưu dạng UTF-8".into()))
}

/// Loads a criteria file from its bytes; a `ke_thua` file is looked for from the current folder.
pub fn load_bytes(bytes: &[u8], origin: &str) -> Result<Criteria, CriteriaError> {
    load_text(text_of(bytes.to_vec(), origin)?, origin, None)
}

pub fn load_str(text: &str, origin: &str) -> Result<Criteria, CriteriaError> {
    load_text(text.to_string(), origin, None)
}

/// The TOML parser's message, with a Vietnamese explanation for the one a hostile or broken
/// file most often meets.
fn toml_message(message: &str) -> String {
    let message = message.trim_end();
    if message.contains("recursion") {
        format!("mảng hoặc bảng lồng nhau quá nhiều tầng ({message})")
    } else {
        message.to_string()
    }
}

/// How many files a chain of `ke_thua` may have; real sets extend the embedded one directly.
const MAX_CHAIN: usize = 4;

/// One file of a `ke_thua` chain: its text (for line and column) and where it came from.
struct Layer {
    text: String,
    origin: String,
    dir: Option<std::path::PathBuf>,
}

/// Each table with the index of the layer it was read from.
#[derive(Default)]
struct Sections {
    bo: Option<(schema::Meta, usize)>,
    cdht: Option<(schema::Cdht, usize)>,
    doi_tuong: Option<(Vec<schema::DoiTuong>, usize)>,
    doi_tuong_khac: Option<(schema::DoiTuongKhac, usize)>,
    ma_dinh_danh: Option<(Vec<schema::MaDinhDanh>, usize)>,
    trang_thai: Option<(schema::TrangThai, usize)>,
    muc_tieu: Option<(schema::MucTieu, usize)>,
    dvht: Option<(schema::Dvht, usize)>,
    cot: Option<(schema::Cot, usize)>,
    cot_don_vi: Option<(schema::CotDonVi, usize)>,
    gia_tri: Option<(schema::GiaTri, usize)>,
    cap_hoc: Option<(Vec<schema::CapHoc>, usize)>,
    cap_quan_ly: Option<(Vec<schema::CapQuanLy>, usize)>,
    phong: Option<(Vec<schema::Phong>, usize)>,
    dong_khong_phai_nguoi: Option<(schema::DongKhongPhaiNguoi, usize)>,
}

impl Sections {
    /// Takes every table of `f` that no later file (closer to the user's) already gave.
    fn fill(&mut self, f: schema::File, layer: usize) {
        fn keep<T>(slot: &mut Option<(T, usize)>, v: Option<T>, layer: usize) {
            if slot.is_none() {
                *slot = v.map(|v| (v, layer));
            }
        }
        keep(&mut self.bo, f.bo, layer);
        keep(&mut self.cdht, f.cdht, layer);
        keep(&mut self.doi_tuong, f.doi_tuong, layer);
        keep(&mut self.doi_tuong_khac, f.doi_tuong_khac, layer);
        keep(&mut self.ma_dinh_danh, f.ma_dinh_danh, layer);
        keep(&mut self.trang_thai, f.trang_thai, layer);
        keep(&mut self.muc_tieu, f.muc_tieu, layer);
        keep(&mut self.dvht, f.dvht, layer);
        keep(&mut self.cot, f.cot, layer);
        keep(&mut self.cot_don_vi, f.cot_don_vi, layer);
        keep(&mut self.gia_tri, f.gia_tri, layer);
        keep(&mut self.cap_hoc, f.cap_hoc, layer);
        keep(&mut self.cap_quan_ly, f.cap_quan_ly, layer);
        keep(&mut self.phong, f.phong, layer);
        keep(&mut self.dong_khong_phai_nguoi, f.dong_khong_phai_nguoi, layer);
    }
}

fn load_text(text: String, origin: &str, dir: Option<&Path>) -> Result<Criteria, CriteriaError> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut sections = Sections::default();
    let mut next = Some(Layer {
        text: text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text),
        origin: origin.to_string(),
        dir: dir.map(Path::to_path_buf),
    });
    let mut extends = false;
    while let Some(layer) = next.take() {
        let index = layers.len();
        let b = Builder { text: &layer.text, origin: &layer.origin };
        let raw: schema::File =
            toml::from_str(&layer.text).map_err(|e| b.err_at(e.span(), toml_message(e.message())))?;
        if index == 0 && raw.bo.is_none() {
            return Err(b.err_at(None, "thiếu bảng [bo] (mã, tên, phiên bản của bộ tiêu chí)".into()));
        }
        if let Some(name) = &raw.ke_thua {
            extends = true;
            if index + 1 >= MAX_CHAIN {
                return b.fail(name.span(), format!("chuỗi ke_thua dài quá {MAX_CHAIN} tệp"));
            }
            let base = resolve_base(name.get_ref().trim(), layer.dir.as_deref())
                .or_else(|m| b.fail(name.span(), format!("ke_thua = \"{}\": {m}", name.get_ref())))?;
            if layers.iter().chain(std::iter::once(&layer)).any(|l| l.origin == base.origin) {
                return b.fail(name.span(), format!("ke_thua = \"{}\": bộ tiêu chí kế thừa chính nó", name.get_ref()));
            }
            next = Some(base);
        }
        sections.fill(raw, index);
        layers.push(layer);
    }
    build(sections, &layers, extends)
}

/// The text a `ke_thua` names: an embedded set by its code, else a file next to this one.
fn resolve_base(name: &str, dir: Option<&Path>) -> Result<Layer, String> {
    if let Some((_, file, text)) = super::EMBEDDED_SETS.iter().find(|(code, _, _)| *code == name) {
        return Ok(Layer { text: text.to_string(), origin: format!("{file} (nhúng sẵn)"), dir: None });
    }
    let path = match dir {
        Some(d) => d.join(name),
        None => std::path::PathBuf::from(name),
    };
    if !path.is_file() {
        let known: Vec<&str> = super::EMBEDDED_SETS.iter().map(|(c, _, _)| *c).collect();
        return Err(format!(
            "không có bộ nhúng sẵn mang mã này ({}) và không tìm thấy tệp {}",
            known.join(", "),
            path.display()
        ));
    }
    let text = read_text(&path).map_err(|e| e.to_string())?;
    Ok(Layer {
        text: text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text),
        origin: path.display().to_string(),
        dir: path.parent().map(Path::to_path_buf),
    })
}

fn build(s: Sections, layers: &[Layer], extends: bool) -> Result<Criteria, CriteriaError> {
    let at = |i: usize| Builder { text: &layers[i].text, origin: &layers[i].origin };
    let first = at(0);
    let missing = |table: &str| {
        let hint = if extends {
            ""
        } else {
            "; hoặc thêm ke_thua = \"ninh-binh-2025\" để kế thừa các bảng không khai báo"
        };
        first.err_at(None, format!("thiếu bảng [{table}]{hint}"))
    };
    let (raw_bo, _) = s.bo.ok_or_else(|| missing("bo"))?;
    let (raw_cdht, li) = s.cdht.ok_or_else(|| missing("cdht"))?;
    let cdht = at(li).cdht(raw_cdht)?;
    let (raw_dt, li) = s.doi_tuong.ok_or_else(|| missing("doi_tuong"))?;
    let mut roles = at(li).roles(&raw_dt, &cdht.groups)?;
    // A set that writes its own [[doi_tuong]] does not take the base's rule for other titles.
    let dt_layer = li;
    if let Some((k, li)) = s.doi_tuong_khac.filter(|(_, l)| *l <= dt_layer) {
        let Some(g) = cdht.groups.iter().position(|g| &g.code == k.nhom.get_ref()) else {
            return at(li).fail(k.nhom.span(), format!("nhóm \"{}\" không có trong cdht.nhom", k.nhom.get_ref()));
        };
        roles.other = Some((g, k.vai_tro, k.nguon));
    }
    let (raw_tt, li) = s.trang_thai.ok_or_else(|| missing("trang_thai"))?;
    let status = at(li).status(raw_tt)?;
    let (raw_mt, li) = s.muc_tieu.ok_or_else(|| missing("muc_tieu"))?;
    let target = Target { share: at(li).share(&raw_mt.ty_le, "muc_tieu.ty_le")?, source: raw_mt.nguon };
    // The register first: a chỉ tiêu's scope names its school levels and managing levels.
    let register = register(
        s.cap_quan_ly.map(|(v, i)| (v, at(i))),
        s.cap_hoc.map(|(v, i)| (v, at(i))),
        s.phong.map(|(v, i)| (v, at(i))),
    )?;
    let (raw_dvht, li) = s.dvht.ok_or_else(|| missing("dvht"))?;
    let dvht = at(li).dvht(raw_dvht, &register)?;
    let (raw_cot, li) = s.cot.ok_or_else(|| missing("cot"))?;
    let (raw_cdv, lj) = s.cot_don_vi.ok_or_else(|| missing("cot_don_vi"))?;
    let generic_ids = raw_cot.ma_dinh_danh.clone();
    let columns = at(li).columns(raw_cot, &at(lj), raw_cdv)?;
    let ids = match s.ma_dinh_danh {
        Some((list, li)) => at(li).ids(list, &generic_ids)?,
        None => vec![IdKind {
            code: "ma_dinh_danh".into(),
            name: "Mã định danh".into(),
            aliases: generic_ids,
            digits: None,
            prefixes: Vec::new(),
            source: "cot.ma_dinh_danh".into(),
        }],
    };
    let (raw_gt, li) = s.gia_tri.ok_or_else(|| missing("gia_tri"))?;
    let values = at(li).values(raw_gt)?;
    let rows = s.dong_khong_phai_nguoi.map(|(r, _)| RowWords::from_table(r)).unwrap_or_default();
    let mut hasher = Sha256::new();
    for l in layers {
        hasher.update(l.text.as_bytes());
    }
    let sha256 = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(Criteria {
        meta: Meta {
            code: raw_bo.ma,
            name: raw_bo.ten,
            version: raw_bo.phien_ban,
            origin: layers.iter().map(|l| l.origin.as_str()).collect::<Vec<_>>().join(" ← "),
            sha256,
        },
        cdht,
        roles,
        ids,
        status,
        target,
        dvht,
        columns,
        values,
        register,
        rows,
    })
}

type Table<'a, T> = Option<(Vec<T>, Builder<'a>)>;

/// The register vocabularies; each is optional (a set without them groups by the text as
/// written).
fn register(
    managers: Table<schema::CapQuanLy>,
    levels: Table<schema::CapHoc>,
    divisions: Table<schema::Phong>,
) -> Result<Register, CriteriaError> {
    let mut reg = Register::default();
    let mut seen_values: HashMap<String, String> = HashMap::new();
    if let Some((list, b)) = managers {
        for m in list {
            if reg.managers.iter().any(|c| c.code == *m.ma.get_ref()) {
                return b.fail(m.ma.span(), format!("cấp quản lý \"{}\" khai báo hai lần", m.ma.get_ref()));
            }
            let values = b.category_values(&m.gia_tri, &m.ten, &mut seen_values)?;
            reg.managers.push(Category { code: m.ma.into_inner(), name: m.ten, values, manager: None });
        }
    }
    seen_values.clear();
    if let Some((list, b)) = levels {
        for l in list {
            if reg.levels.iter().any(|c| c.code == *l.ma.get_ref()) {
                return b.fail(l.ma.span(), format!("cấp học \"{}\" khai báo hai lần", l.ma.get_ref()));
            }
            let manager = match &l.quan_ly {
                None => None,
                Some(q) => match reg.managers.iter().position(|m| m.code == *q.get_ref()) {
                    Some(i) => Some(i),
                    None => {
                        return b
                            .fail(q.span(), format!("cấp quản lý \"{}\" không có trong [[cap_quan_ly]]", q.get_ref()));
                    }
                },
            };
            let values = b.category_values(&l.gia_tri, &l.ten, &mut seen_values)?;
            reg.levels.push(Category { code: l.ma.into_inner(), name: l.ten, values, manager });
        }
    }
    if let Some((list, b)) = divisions {
        for d in list {
            if reg.divisions.iter().any(|c| c.code == *d.ma.get_ref()) {
                return b.fail(d.ma.span(), format!("phòng \"{}\" khai báo hai lần", d.ma.get_ref()));
            }
            let mut members = Vec::new();
            for c in &d.cap_hoc {
                match reg.levels.iter().position(|l| l.code == *c.get_ref()) {
                    Some(i) => members.push(i),
                    None => return b.fail(c.span(), format!("cấp học \"{}\" không có trong [[cap_hoc]]", c.get_ref())),
                }
            }
            reg.divisions.push(Division { code: d.ma.into_inner(), name: d.ten, levels: members });
        }
    }
    Ok(reg)
}

struct Builder<'a> {
    text: &'a str,
    origin: &'a str,
}

impl Builder<'_> {
    fn err_at(&self, span: Option<Range<usize>>, message: String) -> CriteriaError {
        let (line, column) = span.map_or((1, 1), |s| line_col(self.text, s.start));
        CriteriaError::Invalid { file: self.origin.to_string(), line, column, message }
    }

    fn fail<T>(&self, span: Range<usize>, message: impl Into<String>) -> Result<T, CriteriaError> {
        Err(self.err_at(Some(span), message.into()))
    }

    /// The folded values of a category; the name itself always counts as a value.
    fn category_values(
        &self,
        list: &[Spanned<String>],
        name: &str,
        seen: &mut HashMap<String, String>,
    ) -> Result<Vec<String>, CriteriaError> {
        let mut values = vec![fold_value(name)];
        for v in list {
            let key = fold_value(v.get_ref());
            if key.is_empty() {
                return self.fail(v.span(), "giá trị không được để trống");
            }
            if let Some(other) = seen.get(&key)
                && other != name
            {
                return self.fail(v.span(), format!("\"{}\" đã dùng cho {other}", v.get_ref()));
            }
            seen.insert(key.clone(), name.to_string());
            if !values.contains(&key) {
                values.push(key);
            }
        }
        seen.insert(fold_value(name), name.to_string());
        Ok(values)
    }

    fn points(&self, n: &Spanned<Number>, what: &str) -> Result<Points, CriteriaError> {
        let text = n.get_ref().text();
        match parse_points(&text) {
            Ok(p) => Ok(p),
            Err(_) => self.fail(n.span(), format!("{what} = {text}: phải là số không âm, tối đa hai chữ số thập phân")),
        }
    }

    fn share(&self, n: &Spanned<Number>, what: &str) -> Result<Share, CriteriaError> {
        let text = n.get_ref().text();
        match Share::from_percent_text(&text) {
            Some(s) => Ok(s),
            None => self.fail(n.span(), format!("{what} = {text}: phải là phần trăm từ 0 đến 100")),
        }
    }

    fn cdht(&self, raw: schema::Cdht) -> Result<Cdht, CriteriaError> {
        let mut groups = Vec::new();
        let mut group_codes = HashSet::new();
        for g in raw.nhom {
            if !group_codes.insert(g.ma.get_ref().clone()) {
                return self.fail(g.ma.span(), format!("nhóm \"{}\" khai báo hai lần", g.ma.get_ref()));
            }
            groups.push(Group { code: g.ma.into_inner(), name: g.ten });
        }
        if groups.is_empty() {
            return Err(self.err_at(None, "cdht.nhom: cần ít nhất một nhóm đối tượng".into()));
        }

        let mut indicators = Vec::new();
        let mut index_of = HashMap::new();
        for c in raw.chi_so {
            let code = c.ma.get_ref().trim().to_string();
            if code.is_empty() || fold_key(&code).is_empty() {
                return self.fail(c.ma.span(), "mã chỉ số không được để trống");
            }
            if index_of.insert(code.clone(), indicators.len()).is_some() {
                return self.fail(c.ma.span(), format!("chỉ số \"{code}\" khai báo hai lần"));
            }
            let max = self.points(&c.toi_da, "toi_da")?;
            if max == Points(0) {
                return self.fail(c.toi_da.span(), format!("chỉ số {code}: điểm tối đa phải lớn hơn 0"));
            }
            let mut wording_by_group = BTreeMap::new();
            for (g, w) in c.noi_dung_theo_nhom {
                if !group_codes.contains(g.get_ref()) {
                    return self.fail(g.span(), format!("nhóm \"{}\" không có trong cdht.nhom", g.get_ref()));
                }
                wording_by_group.insert(g.into_inner(), w);
            }
            let column = format!("chi_so_{}", code.replace(['.', ' ', '-'], "_"));
            indicators.push(Indicator { code, column, max, wording: c.noi_dung, wording_by_group });
        }
        if indicators.is_empty() {
            return Err(self.err_at(None, "cdht.chi_so: cần ít nhất một chỉ số".into()));
        }

        let mut owner: Vec<Option<String>> = vec![None; indicators.len()];
        let mut competencies = Vec::new();
        for n in raw.nang_luc {
            let mut members = Vec::new();
            for id in &n.chi_so {
                let Some(&i) = index_of.get(id.get_ref().trim()) else {
                    return self.fail(id.span(), format!("năng lực {}: không có chỉ số \"{}\"", n.ma, id.get_ref()));
                };
                if let Some(other) = &owner[i] {
                    return self
                        .fail(id.span(), format!("chỉ số {} thuộc cả năng lực {other} và {}", id.get_ref(), n.ma));
                }
                owner[i] = Some(n.ma.clone());
                members.push(i);
            }
            let max = members.iter().map(|&i| indicators[i].max).sum();
            competencies.push(Competency { code: n.ma, name: n.ten, indicators: members, max });
        }
        if let Some(i) = owner.iter().position(Option::is_none) {
            return Err(
                self.err_at(None, format!("chỉ số {} không thuộc năng lực nào (cdht.nang_luc)", indicators[i].code))
            );
        }

        let total: Points = indicators.iter().map(|i| i.max).sum();
        let smallest = indicators.iter().map(|i| i.max).min().unwrap_or_default();
        let threshold = |t: schema::Threshold, what: &str, limit: Points, limit_name: &str| {
            let points = self.points(&t.gia_tri, what)?;
            if points > limit {
                return self.fail(
                    t.gia_tri.span(),
                    format!("{what} = {points} lớn hơn {limit_name} ({limit}): không ai đạt được"),
                );
            }
            Ok(Threshold { points, source: t.nguon })
        };
        Ok(Cdht {
            pass: threshold(raw.nguong_dat, "nguong_dat", total, "tổng điểm tối đa")?,
            pass_disadvantaged: threshold(
                raw.nguong_dat_vung_kho_khan,
                "nguong_dat_vung_kho_khan",
                total,
                "tổng điểm tối đa",
            )?,
            min_indicator: threshold(
                raw.diem_chi_so_toi_thieu,
                "diem_chi_so_toi_thieu",
                smallest,
                "điểm tối đa nhỏ nhất của một chỉ số",
            )?,
            source: raw.nguon,
            groups,
            competencies,
            indicators,
        })
    }

    fn roles(&self, raw: &[schema::DoiTuong], groups: &[Group]) -> Result<RoleMap, CriteriaError> {
        let mut map = RoleMap::default();
        for d in raw {
            let Some(g) = groups.iter().position(|g| &g.code == d.nhom.get_ref()) else {
                return self.fail(d.nhom.span(), format!("nhóm \"{}\" không có trong cdht.nhom", d.nhom.get_ref()));
            };
            for v in &d.gia_tri {
                let key = fold_value(v.get_ref());
                if key.is_empty() {
                    return self.fail(v.span(), "giá trị đối tượng không được để trống");
                }
                if map.by_value.insert(key, (g, d.vai_tro)).is_some() {
                    return self.fail(v.span(), format!("đối tượng \"{}\" khai báo hai lần", v.get_ref()));
                }
                map.listed.push((v.get_ref().clone(), g, d.vai_tro));
            }
            for p in &d.bat_dau {
                let words = super::vocab::bare_words(p.get_ref());
                if words.is_empty() {
                    return self.fail(p.span(), "bat_dau: giá trị không được để trống");
                }
                if let Some((_, other, _, _)) = map.prefixes.iter().find(|(w, g2, _, _)| *w == words && *g2 != g) {
                    return self.fail(p.span(), format!("\"{}\" đã dùng cho nhóm khác ({other})", p.get_ref()));
                }
                map.prefixes.push((words, g, d.vai_tro, p.get_ref().clone()));
            }
        }
        if map.listed.is_empty() {
            return Err(self.err_at(None, "doi_tuong: cần ít nhất một giá trị đối tượng".into()));
        }
        Ok(map)
    }

    fn ids(&self, raw: Vec<schema::MaDinhDanh>, generic: &[String]) -> Result<Vec<IdKind>, CriteriaError> {
        let mut kinds: Vec<IdKind> = Vec::new();
        let mut headers: HashMap<String, String> = HashMap::new();
        for k in raw {
            let code = k.ma.get_ref().trim().to_string();
            if code.is_empty() || kinds.iter().any(|o| o.code == code) {
                return self.fail(k.ma.span(), format!("loại mã \"{code}\" trống hoặc khai báo hai lần"));
            }
            let mut aliases = vec![code.clone()];
            if code == "ma_dinh_danh" {
                aliases.extend(generic.iter().cloned());
            }
            aliases.extend(k.cot);
            aliases.retain(|a| !fold_key(a).is_empty());
            for a in &aliases {
                if let Some(other) = headers.insert(fold_value(a), code.clone())
                    && other != code
                {
                    return self.fail(k.ma.span(), format!("tên cột \"{a}\" thuộc cả loại mã {other} và {code}"));
                }
            }
            let digits = match &k.so_chu_so {
                Some(n) if !(1..=17).contains(n.get_ref()) => {
                    return self.fail(n.span(), "so_chu_so: từ 1 đến 17");
                }
                Some(n) => Some(usize::from(*n.get_ref())),
                None => None,
            };
            let mut prefixes = Vec::new();
            for p in &k.bat_dau {
                let t = p.get_ref().trim();
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) || digits.is_none_or(|n| t.len() >= n) {
                    return self.fail(p.span(), "bat_dau: các chữ số đầu của mã (cần so_chu_so, ngắn hơn mã)");
                }
                prefixes.push(t.to_string());
            }
            kinds.push(IdKind { code, name: k.ten, aliases, digits, prefixes, source: k.nguon });
        }
        if kinds.is_empty() {
            return Err(self.err_at(None, "ma_dinh_danh: cần ít nhất một loại mã".into()));
        }
        Ok(kinds)
    }

    fn status(&self, raw: schema::TrangThai) -> Result<StatusRules, CriteriaError> {
        let mut seen = HashSet::new();
        let mut check = |v: &Spanned<String>| {
            let key = fold_value(v.get_ref());
            if key.is_empty() {
                return self.fail(v.span(), "giá trị trạng thái không được để trống (ô trống luôn là đang tính)");
            }
            if !seen.insert(key.clone()) {
                return self.fail(v.span(), format!("trạng thái \"{}\" khai báo hai lần", v.get_ref()));
            }
            Ok(key)
        };
        let mut rules = StatusRules {
            source: raw.nguon,
            active: Vec::new(),
            excluded: HashMap::new(),
            reasons: Vec::new(),
            listed_active: Vec::new(),
            listed_excluded: Vec::new(),
        };
        for v in &raw.dang_tinh {
            rules.active.push(check(v)?);
            rules.listed_active.push(v.get_ref().clone());
        }
        for (i, l) in raw.loai_tru.into_iter().enumerate() {
            for v in &l.gia_tri {
                rules.excluded.insert(check(v)?, i);
                rules.listed_excluded.push((v.get_ref().clone(), i));
            }
            rules.reasons.push(l.ly_do);
        }
        Ok(rules)
    }

    /// A positive number of years.
    fn years(&self, n: &Spanned<u16>, what: &str) -> Result<u16, CriteriaError> {
        if *n.get_ref() == 0 {
            return self.fail(n.span(), format!("{what}: số năm phải lớn hơn 0"));
        }
        Ok(*n.get_ref())
    }

    /// A key whose meaning changed: refused, so that an old file is not read the new way.
    fn retired(&self, key: Option<&Spanned<toml::Value>>, message: &str) -> Result<(), CriteriaError> {
        match key {
            Some(k) => self.fail(k.span(), message),
            None => Ok(()),
        }
    }

    fn scope(&self, raw: Vec<schema::PhamVi>, register: &Register) -> Result<Vec<ScopeRule>, CriteriaError> {
        let mut rules = Vec::new();
        for r in raw {
            let pick = |list: &[Spanned<String>], known: &[Category], what: &str, table: &str| {
                list.iter()
                    .map(|c| match known.iter().position(|k| k.code == *c.get_ref()) {
                        Some(i) => Ok(i),
                        None => self.fail(c.span(), format!("{what} \"{}\" không có trong [[{table}]]", c.get_ref())),
                    })
                    .collect::<Result<Vec<usize>, CriteriaError>>()
            };
            let levels = pick(&r.cap_hoc, &register.levels, "cấp học", "cap_hoc")?;
            let managers = pick(&r.cap_quan_ly, &register.managers, "cấp quản lý", "cap_quan_ly")?;
            let outcome = *r.ket_qua.get_ref();
            let note = match (outcome, r.nguon, r.ly_do) {
                (ScopeOutcome::ChuaDuCanCu, _, Some(why)) => why,
                (ScopeOutcome::ChuaDuCanCu, _, None) => {
                    return self.fail(r.ket_qua.span(), "pham_vi: ket_qua = \"chua_du_can_cu\" cần ly_do");
                }
                (_, Some(source), why) => why.map_or(source.clone(), |w| format!("{w} ({source})")),
                (_, None, _) => {
                    return self
                        .fail(r.ket_qua.span(), "pham_vi: ket_qua = \"ap_dung\" hoặc \"khong_ap_dung\" cần nguon");
                }
            };
            rules.push(ScopeRule { outcome, levels, managers, educational: r.co_so_giao_duc, note });
        }
        Ok(rules)
    }

    fn dvht(&self, raw: schema::Dvht, register: &Register) -> Result<Dvht, CriteriaError> {
        self.retired(
            raw.hieu_luc_nam.as_ref(),
            "hieu_luc_nam đã thay bằng [dvht.hieu_luc] (nam_tiep_theo, nguon, nguyen_van): công nhận năm R còn hiệu lực đến hết năm R + nam_tiep_theo",
        )?;
        let mut levels: Vec<Level> = Vec::new();
        let mut codes = HashSet::new();
        for m in raw.muc_do {
            if levels.iter().any(|l| l.level == *m.muc.get_ref()) {
                return self.fail(m.muc.span(), format!("mức độ {} khai báo hai lần", m.muc.get_ref()));
            }
            self.retired(
                m.sau_muc_duoi_nam.as_ref(),
                "sau_muc_duoi_nam đã thay bằng sau_muc_duoi = { nam, nguon, nguyen_van }: tính từ ngày quyết định công nhận mức dưới đến ngày đánh giá",
            )?;
            let mut items: Vec<ChiTieu> = Vec::new();
            for c in m.chi_tieu {
                let number = self.numbering(c.tieu_chi.as_ref(), c.so.as_ref(), &c.ma, &raw.tieu_chi)?;
                if let Some(n) = number
                    && let Some(other) = items.iter().find(|i| i.number == Some(n))
                {
                    return self.fail(
                        c.ma.span(),
                        format!(
                            "chỉ tiêu \"{}\" và \"{}\" cùng là Tiêu chí {}, Chỉ tiêu {} của {}",
                            other.code,
                            c.ma.get_ref().trim(),
                            n.criterion,
                            n.item,
                            m.ten
                        ),
                    );
                }
                let code = c.ma.get_ref().trim().to_string();
                if fold_key(&code).is_empty() {
                    return self.fail(c.ma.span(), "mã chỉ tiêu không được để trống");
                }
                if !codes.insert(code.clone()) {
                    return self.fail(
                        c.ma.span(),
                        format!("chỉ tiêu \"{code}\" khai báo hai lần (mỗi mức độ dùng mã riêng khi nội dung khác)"),
                    );
                }
                let mut scope = self.scope(c.pham_vi, register)?;
                let kind = match c.ty_le_cdht {
                    None => ChiTieuKind::Declared,
                    Some(t) => {
                        // The older way of saying "educational institutions only".
                        if t.chi_co_so_giao_duc && scope.is_empty() {
                            scope.push(ScopeRule {
                                outcome: ScopeOutcome::ApDung,
                                levels: Vec::new(),
                                managers: Vec::new(),
                                educational: Some(true),
                                note: c.nguon.clone(),
                            });
                        }
                        ChiTieuKind::CdhtShare { role: t.vai_tro, share: self.share(&t.nguong, "ty_le_cdht.nguong")? }
                    }
                };
                items.push(ChiTieu {
                    code,
                    wording: c.noi_dung,
                    source: c.nguon,
                    kind,
                    scope,
                    unverified: c.chua_xac_minh.filter(|w| !w.trim().is_empty()),
                    number,
                });
            }
            if items.is_empty() {
                return self.fail(m.muc.span(), format!("mức độ {} không có chỉ tiêu nào", m.muc.get_ref()));
            }
            let after_lower = match m.sau_muc_duoi {
                None => None,
                Some(w) => {
                    Some(Wait { years: self.years(&w.nam, "sau_muc_duoi.nam")?, source: w.nguon, words: w.nguyen_van })
                }
            };
            levels.push(Level { level: m.muc.into_inner(), name: m.ten, items, after_lower });
        }
        levels.sort_by_key(|l| l.level);
        let validity = match raw.hieu_luc {
            None => None,
            Some(v) => Some(Validity {
                years_after: self.years(&v.nam_tiep_theo, "hieu_luc.nam_tiep_theo")?,
                source: v.nguon,
                words: v.nguyen_van,
            }),
        };
        let scale = match raw.thang_diem {
            None => None,
            Some(t) => Some(self.scale(t, &mut codes, &raw.tieu_chi)?),
        };
        let deadlines = match raw.thoi_han {
            None => None,
            Some(t) => Some(Deadlines {
                filing: self.day_month(&t.nop_ho_so, "thoi_han.nop_ho_so")?,
                decision: self.day_month(&t.quyet_dinh, "thoi_han.quyet_dinh")?,
                source: t.nguon,
            }),
        };
        let mut criteria: Vec<CriterionTitle> = Vec::new();
        for t in raw.tieu_chi {
            let number = *t.so.get_ref();
            if number == 0 || criteria.iter().any(|c| c.number == number) {
                return self
                    .fail(t.so.span(), format!("dvht.tieu_chi: số {number} phải lớn hơn 0 và chỉ khai báo một lần"));
            }
            criteria.push(CriterionTitle { number, name: t.ten, source: t.nguon });
        }
        criteria.sort_by_key(|c| c.number);
        if levels.is_empty() && scale.is_none() {
            return Err(self.err_at(None, "dvht: cần [[dvht.muc_do]] hoặc [dvht.thang_diem]".into()));
        }
        if !levels.is_empty() && scale.is_some() {
            return Err(self.err_at(None, "dvht: chỉ dùng một trong [[dvht.muc_do]] và [dvht.thang_diem]".into()));
        }
        Ok(Dvht { source: raw.nguon, levels, validity, scale, criteria, deadlines })
    }

    /// "Tiêu chí n, Chỉ tiêu m" of a chỉ tiêu: both numbers or neither, the tiêu chí one of
    /// `[[dvht.tieu_chi]]`.
    fn numbering(
        &self,
        criterion: Option<&Spanned<u8>>,
        item: Option<&Spanned<u8>>,
        code: &Spanned<String>,
        titles: &[schema::TieuChi],
    ) -> Result<Option<Numbering>, CriteriaError> {
        let code_text = code.get_ref().trim();
        match (criterion, item) {
            (None, None) => Ok(None),
            (Some(c), Some(i)) => {
                self.known_criterion(c, titles)?;
                if *i.get_ref() == 0 {
                    return self.fail(i.span(), format!("chỉ tiêu {code_text}: so phải lớn hơn 0"));
                }
                Ok(Some(Numbering { criterion: *c.get_ref(), item: *i.get_ref() }))
            }
            _ => self.fail(
                code.span(),
                format!("chỉ tiêu {code_text}: cần cả tieu_chi và so (số thứ tự trong văn bản), hoặc không khóa nào"),
            ),
        }
    }

    fn known_criterion(&self, n: &Spanned<u8>, titles: &[schema::TieuChi]) -> Result<(), CriteriaError> {
        if titles.iter().any(|t| t.so.get_ref() == n.get_ref()) {
            Ok(())
        } else {
            self.fail(n.span(), format!("tieu_chi = {}: không có trong [[dvht.tieu_chi]]", n.get_ref()))
        }
    }

    /// "15/01" → (15, 1).
    fn day_month(&self, raw: &Spanned<String>, what: &str) -> Result<(u8, u8), CriteriaError> {
        let parsed = raw
            .get_ref()
            .trim()
            .split_once('/')
            .and_then(|(d, m)| Some((d.parse::<u8>().ok()?, m.parse::<u8>().ok()?)));
        match parsed {
            Some((d, m)) if (1..=12).contains(&m) && (1..=31).contains(&d) => Ok((d, m)),
            _ => self.fail(raw.span(), format!("{what}: \"{}\" phải là ngày/tháng, ví dụ \"15/01\"", raw.get_ref())),
        }
    }

    fn scale(
        &self,
        raw: schema::ThangDiem,
        codes: &mut HashSet<String>,
        titles: &[schema::TieuChi],
    ) -> Result<PointScale, CriteriaError> {
        let mut items = Vec::new();
        for t in raw.tieu_chi {
            let code = t.ma.get_ref().trim().to_string();
            if fold_key(&code).is_empty() {
                return self.fail(t.ma.span(), "mã tiêu chí không được để trống");
            }
            if !codes.insert(code.clone()) {
                return self.fail(t.ma.span(), format!("tiêu chí \"{code}\" khai báo hai lần"));
            }
            let max = self.points(&t.toi_da, "toi_da")?;
            if max == Points(0) {
                return self.fail(t.toi_da.span(), format!("tiêu chí {code}: điểm tối đa phải lớn hơn 0"));
            }
            if let Some(n) = &t.tieu_chi {
                self.known_criterion(n, titles)?;
            }
            let criterion = t.tieu_chi.map(Spanned::into_inner);
            items.push(ScaleItem { code, wording: t.noi_dung, max, source: t.nguon, criterion });
        }
        if items.is_empty() {
            return Err(self.err_at(None, "dvht.thang_diem: cần ít nhất một tiêu chí".into()));
        }
        let total: Points = items.iter().map(|i| i.max).sum();
        let mut bands: Vec<Band> = Vec::new();
        for x in raw.xep_loai {
            let min = self.points(&x.tu, "tu")?;
            if min > total {
                return self.fail(
                    x.tu.span(),
                    format!("xếp loại {}: {min} lớn hơn tổng điểm tối đa ({total})", x.ten.get_ref()),
                );
            }
            if bands.iter().any(|b| b.name == *x.ten.get_ref()) {
                return self.fail(x.ten.span(), format!("xếp loại \"{}\" khai báo hai lần", x.ten.get_ref()));
            }
            if let Some(prev) = bands.last()
                && prev.min <= min
            {
                return self.fail(x.tu.span(), "xếp loại phải theo thứ tự điểm giảm dần (cao nhất trước)");
            }
            bands.push(Band { name: x.ten.into_inner(), min, source: x.nguon });
        }
        if bands.is_empty() {
            return Err(self.err_at(None, "dvht.thang_diem: cần ít nhất một xếp loại".into()));
        }
        Ok(PointScale { source: raw.nguon, items, bands, below: raw.duoi_muc_thap_nhat })
    }

    fn templates(&self, list: Vec<Spanned<String>>, what: &str) -> Result<Vec<String>, CriteriaError> {
        list.into_iter()
            .map(|t| {
                if t.get_ref().contains("{ma}") {
                    Ok(t.into_inner())
                } else {
                    self.fail(t.span(), format!("{what}: mẫu tên cột phải chứa {{ma}}"))
                }
            })
            .collect()
    }

    fn columns(&self, cot: schema::Cot, unit_b: &Builder, unit: schema::CotDonVi) -> Result<Columns, CriteriaError> {
        // Aliases stay as written (for messages); the header reader folds them.
        let fold_all = |field: &str, aliases: Vec<String>| {
            let mut all = vec![field.to_string()];
            all.extend(aliases.into_iter().filter(|a| !fold_key(a).is_empty()));
            (field.to_string(), all)
        };
        Ok(Columns {
            roster: vec![
                fold_all("ma_dinh_danh", cot.ma_dinh_danh),
                fold_all("ho_ten", cot.ho_ten),
                fold_all("ho_dem", cot.ho_dem),
                fold_all("ten", cot.ten),
                fold_all("ma_don_vi", cot.ma_don_vi),
                fold_all("ten_don_vi", cot.ten_don_vi),
                fold_all("doi_tuong", cot.doi_tuong),
                fold_all("vung_kho_khan", cot.vung_kho_khan),
                fold_all("trang_thai", cot.trang_thai),
                fold_all("ngay_sinh", cot.ngay_sinh),
                fold_all("gioi_tinh", cot.gioi_tinh),
                fold_all("lop", cot.lop),
                fold_all("khoi", cot.khoi),
            ],
            indicator_templates: self.templates(cot.chi_so, "cot.chi_so")?,
            unit: vec![
                fold_all("ma_don_vi", unit.ma_don_vi),
                fold_all("ten_don_vi", unit.ten_don_vi),
                fold_all("co_so_giao_duc", unit.co_so_giao_duc),
                fold_all("cap_hoc", unit.cap_hoc),
                fold_all("xa_phuong", unit.xa_phuong),
                fold_all("cap_quan_ly", unit.cap_quan_ly),
                fold_all("vung_kho_khan", unit.vung_kho_khan),
                fold_all("muc_do_cong_nhan", unit.muc_do_cong_nhan),
                fold_all("nam_cong_nhan", unit.nam_cong_nhan),
                fold_all("so_quyet_dinh", unit.so_quyet_dinh),
                fold_all("ngay_quyet_dinh", unit.ngay_quyet_dinh),
                fold_all("nam_danh_gia", unit.nam_danh_gia),
            ],
            chi_tieu_templates: unit_b.templates(unit.chi_tieu, "cot_don_vi.chi_tieu")?,
        })
    }

    fn values(&self, raw: schema::GiaTri) -> Result<Values, CriteriaError> {
        let fold = |list: &[Spanned<String>]| -> Vec<String> { list.iter().map(|v| fold_value(v.get_ref())).collect() };
        let values = Values {
            yes: fold(&raw.co),
            no: fold(&raw.khong),
            met: fold(&raw.dat),
            not_met: fold(&raw.khong_dat),
            not_applicable: fold(&raw.khong_ap_dung),
            never: fold(&raw.chua_cong_nhan),
        };
        for v in &raw.khong {
            if values.yes.contains(&fold_value(v.get_ref())) {
                return self.fail(v.span(), format!("\"{}\" vừa là Có vừa là Không", v.get_ref()));
            }
        }
        for v in raw.khong_dat.iter().chain(&raw.khong_ap_dung) {
            let key = fold_value(v.get_ref());
            if values.met.contains(&key) {
                return self.fail(v.span(), format!("\"{}\" vừa là Đạt vừa là giá trị khác", v.get_ref()));
            }
        }
        for v in &raw.khong_ap_dung {
            if values.not_met.contains(&fold_value(v.get_ref())) {
                return self.fail(v.span(), format!("\"{}\" vừa là Không đạt vừa là Không áp dụng", v.get_ref()));
            }
        }
        Ok(values)
    }
}
