//! Reads a criteria TOML file and checks it. Every error names the file, line and column, so a
//! misspelt key or an impossible threshold is found before any roster is scored.

use std::collections::{BTreeMap, HashMap, HashSet};
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
    let unreadable = |message: String| CriteriaError::Unreadable { file: file.clone(), message };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(crate::input::io_message(&e)))?;
    if !meta.is_file() {
        return Err(unreadable("không phải là tệp".into()));
    }
    if meta.len() > MAX_CRITERIA_BYTES {
        return Err(unreadable(format!("tệp quá lớn ({} byte); tệp tiêu chí chỉ vài KB", meta.len())));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(crate::input::io_message(&e)))?;
    let text = String::from_utf8(bytes).map_err(|_| unreadable("tệp tiêu chí phải được lưu dạng UTF-8".into()))?;
    load_str(&text, &file)
}

pub fn load_str(text: &str, origin: &str) -> Result<Criteria, CriteriaError> {
    let text_no_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
    let err_at = |span: Option<Range<usize>>, message: String| {
        let (line, column) = span.map_or((1, 1), |s| line_col(text_no_bom, s.start));
        CriteriaError::Invalid { file: origin.to_string(), line, column, message }
    };
    let raw: schema::File =
        toml::from_str(text_no_bom).map_err(|e| err_at(e.span(), e.message().trim_end().to_string()))?;
    let mut b = Builder { err_at: &err_at };
    let criteria = b.build(raw, origin, text)?;
    Ok(criteria)
}

struct Builder<'a> {
    err_at: &'a dyn Fn(Option<Range<usize>>, String) -> CriteriaError,
}

impl Builder<'_> {
    fn fail<T>(&self, span: Range<usize>, message: impl Into<String>) -> Result<T, CriteriaError> {
        Err((self.err_at)(Some(span), message.into()))
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

    fn build(&mut self, raw: schema::File, origin: &str, text: &str) -> Result<Criteria, CriteriaError> {
        let cdht = self.cdht(raw.cdht)?;
        let roles = self.roles(&raw.doi_tuong, &cdht.groups)?;
        let status = self.status(raw.trang_thai)?;
        let target = Target { share: self.share(&raw.muc_tieu.ty_le, "muc_tieu.ty_le")?, source: raw.muc_tieu.nguon };
        let dvht = self.dvht(raw.dvht)?;
        let columns = self.columns(raw.cot, raw.cot_don_vi)?;
        let values = self.values(raw.gia_tri)?;
        let sha256 = Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
        Ok(Criteria {
            meta: Meta {
                code: raw.bo.ma,
                name: raw.bo.ten,
                version: raw.bo.phien_ban,
                origin: origin.to_string(),
                sha256,
            },
            cdht,
            roles,
            status,
            target,
            dvht,
            columns,
            values,
        })
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
            return Err((self.err_at)(None, "cdht.nhom: cần ít nhất một nhóm đối tượng".into()));
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
            return Err((self.err_at)(None, "cdht.chi_so: cần ít nhất một chỉ số".into()));
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
            return Err((self.err_at)(
                None,
                format!("chỉ số {} không thuộc năng lực nào (cdht.nang_luc)", indicators[i].code),
            ));
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
        }
        if map.listed.is_empty() {
            return Err((self.err_at)(None, "doi_tuong: cần ít nhất một giá trị đối tượng".into()));
        }
        Ok(map)
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

    fn dvht(&self, raw: schema::Dvht) -> Result<Dvht, CriteriaError> {
        let mut levels: Vec<Level> = Vec::new();
        let mut codes = HashSet::new();
        for m in raw.muc_do {
            if levels.iter().any(|l| l.level == *m.muc.get_ref()) {
                return self.fail(m.muc.span(), format!("mức độ {} khai báo hai lần", m.muc.get_ref()));
            }
            let mut items = Vec::new();
            for c in m.chi_tieu {
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
                let kind = match c.ty_le_cdht {
                    None => ChiTieuKind::Declared,
                    Some(t) => ChiTieuKind::CdhtShare {
                        role: t.vai_tro,
                        share: self.share(&t.nguong, "ty_le_cdht.nguong")?,
                        only_educational: t.chi_co_so_giao_duc,
                    },
                };
                items.push(ChiTieu { code, wording: c.noi_dung, source: c.nguon, kind });
            }
            if items.is_empty() {
                return self.fail(m.muc.span(), format!("mức độ {} không có chỉ tiêu nào", m.muc.get_ref()));
            }
            levels.push(Level { level: m.muc.into_inner(), name: m.ten, items });
        }
        levels.sort_by_key(|l| l.level);
        Ok(Dvht { source: raw.nguon, levels })
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

    fn columns(&self, cot: schema::Cot, unit: schema::CotDonVi) -> Result<Columns, CriteriaError> {
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
            ],
            indicator_templates: self.templates(cot.chi_so, "cot.chi_so")?,
            unit: vec![
                fold_all("ma_don_vi", unit.ma_don_vi),
                fold_all("ten_don_vi", unit.ten_don_vi),
                fold_all("co_so_giao_duc", unit.co_so_giao_duc),
            ],
            chi_tieu_templates: self.templates(unit.chi_tieu, "cot_don_vi.chi_tieu")?,
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
