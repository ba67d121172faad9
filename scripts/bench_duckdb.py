#!/usr/bin/env python3
"""The job `hoctap assess --format csv` does, written the way an analyst would in DuckDB SQL.

    python3 scripts/bench_duckdb.py ROSTER.csv CRITERIA.toml OUT.csv

Reads a roster as written by `examples/gen_roster` (Vietnamese headers), scores every person
with the criteria file's numbers, resolves duplicate ids (the first counted row of an id
counts, later ones are "Trùng"), aggregates per unit and writes the unit report's columns
with the same names and number formats as hoctap, so that `bench_compare.py` can check the two
outputs equal. The rules are hoctap's, row for row:

- a row whose status is an exclusion value is excluded (even if it has other problems);
- a row with an id key already claimed by an earlier counted row is a duplicate; the key is
  the id without whitespace in upper case, and an id that Excel turned into "3,70E+11" has none;
  when the copies of an id disagree (unit, group, status, area or a score), the person counts
  once, as invalid, in the first unit by code, and every other copy is a duplicate;
- a row with any problem (missing or damaged id, unknown role, unknown status or area value,
  a score that is not a number of at most two decimals within 0..max) is invalid: counted,
  not recognised;
- otherwise recognised when no indicator is below the minimum and the total reaches the
  threshold (the lower one for disadvantaged areas).
"""

import sys
import time
import tomllib
import unicodedata

import duckdb


def fold(value: str) -> str:
    """hoctap's fold_value: NFC, lower case, runs of whitespace as one space."""
    return " ".join(unicodedata.normalize("NFC", value).lower().split())


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_list(values) -> str:
    return "(" + ", ".join(sql_str(v) for v in values) + ")" if values else "(NULL)"


def share(percent) -> tuple[int, int]:
    """The target as an exact fraction num/den of one, as hoctap's Share."""
    whole, _, frac = repr(percent).partition(".")
    frac = frac.rstrip("0")
    return int(whole + frac), 100 * 10 ** len(frac)


def folded(expr: str) -> str:
    """hoctap's fold_value in SQL."""
    return f"lower(regexp_replace(trim(nfc_normalize({expr})), '\\s+', ' ', 'g'))"


def main() -> None:
    roster, criteria_path, out = sys.argv[1:4]
    with open(criteria_path, "rb") as f:
        c = tomllib.load(f)
    cdht = c["cdht"]
    pass_pts = round(cdht["nguong_dat"]["gia_tri"] * 100)
    pass_dis = round(cdht["nguong_dat_vung_kho_khan"]["gia_tri"] * 100)
    min_pts = round(cdht["diem_chi_so_toi_thieu"]["gia_tri"] * 100)
    indicators = [(i["ma"], round(i["toi_da"] * 100)) for i in cdht["chi_so"]]
    roles = [(fold(v), d["vai_tro"]) for d in c["doi_tuong"] for v in d["gia_tri"]]
    active = [fold(v) for v in c["trang_thai"]["dang_tinh"]]
    excluded = [fold(v) for g in c["trang_thai"]["loai_tru"] for v in g["gia_tri"]]
    yes = [fold(v) for v in c["gia_tri"]["co"]]
    no = [fold(v) for v in c["gia_tri"]["khong"]]
    num, den = share(c["muc_tieu"]["ty_le"])

    started = time.perf_counter()
    con = duckdb.connect()
    # Role lookup as a small table joined on the folded value.
    con.execute("CREATE TEMP TABLE roles (v VARCHAR, role VARCHAR)")
    con.executemany("INSERT INTO roles VALUES (?, ?)", roles)

    # Rows keep the file's order (preserve_insertion_order), so rowid is the row's position:
    # the first of two rows with one id is the one that counts.
    con.execute(f"CREATE TABLE r AS SELECT * FROM read_csv({sql_str(roster)}, all_varchar = true, header = true)")
    loaded = time.perf_counter()

    # Scores, as hoctap's parse_points: once trailing zeros after the decimal mark are
    # dropped, at most 6 whole digits and 2 decimals, nothing else.
    names = [code.replace(".", "_") for code, _ in indicators]
    texts = ", ".join(
        f"replace(trim(coalesce(\"Chỉ số {code}\", '')), ',', '.') AS t_{n}" for (code, _), n in zip(indicators, names)
    )
    trimmed = ", ".join(f"CASE WHEN contains(t_{n}, '.') THEN rtrim(t_{n}, '0') ELSE t_{n} END AS u_{n}" for n in names)
    points = ", ".join(
        f"CASE WHEN regexp_full_match(u_{n}, '[0-9]{{0,6}}([.][0-9]{{0,2}})?') AND u_{n} NOT IN ('', '.')"
        f" THEN CAST(CAST(u_{n} AS DECIMAL(9, 2)) * 100 AS INTEGER) END AS p_{n}"
        for n in names
    )
    bad_score = " OR ".join(f"p_{n} IS NULL OR p_{n} > {max_pts}" for n, (_, max_pts) in zip(names, indicators))
    below_min = " OR ".join(f"p_{n} < {min_pts}" for n in names)
    total = " + ".join(f"p_{n}" for n in names)
    excel = "CASE WHEN contains(id, '+') THEN regexp_full_match(upper(id), '[0-9.,]+E\\+[0-9]+') ELSE false END"

    query = f"""
    WITH
    -- Each column's distinct values folded once (NFC, lower case, spaces collapsed).
    dt AS (SELECT d.v, roles.role FROM (SELECT DISTINCT coalesce("Đối tượng", '') AS v FROM r) d
           LEFT JOIN roles ON roles.v = {folded("d.v")}),
    vk AS (SELECT v, {folded("v")} AS f FROM (SELECT DISTINCT coalesce("Vùng khó khăn", '') AS v FROM r)),
    tt AS (SELECT v, {folded("v")} AS f FROM (SELECT DISTINCT coalesce("Trạng thái", '') AS v FROM r)),
    cells AS (
        SELECT r.rowid AS rn,
            trim(coalesce("Mã định danh", '')) AS id,
            trim(coalesce("Mã đơn vị", '')) AS unit,
            trim(coalesce("Tên đơn vị", '')) AS unit_name,
            dt.role, vk.f AS vkk, tt.f AS st, trim(coalesce(r."Đối tượng", '')) AS grp,
            {texts}
        FROM r
        LEFT JOIN dt ON dt.v = coalesce(r."Đối tượng", '')
        LEFT JOIN vk ON vk.v = coalesce(r."Vùng khó khăn", '')
        LEFT JOIN tt ON tt.v = coalesce(r."Trạng thái", '')
    ), dec AS MATERIALIZED (
        SELECT *, {trimmed} FROM cells
    ), typed AS MATERIALIZED (
        SELECT rn, id, unit, unit_name, role, vkk, st, grp, {points} FROM dec
    ), keyed AS (
        SELECT *,
            CASE WHEN {excel} THEN NULL
                 WHEN translate(id, '0123456789', '') = '' THEN nullif(id, '')
                 ELSE nullif(upper(regexp_replace(id, '\\s', '', 'g')), '') END AS id_key,
            st IN {sql_list(excluded)} AS is_excluded,
            vkk IN {sql_list(yes)} AS disadvantaged,
            (id = '' OR {excel} OR unit = '' OR role IS NULL
             OR NOT (vkk = '' OR vkk IN {sql_list(no)} OR vkk IN {sql_list(yes)})
             OR NOT (st = '' OR st IN {sql_list(active)} OR st IN {sql_list(excluded)})
             OR {bad_score}) AS has_problem
        FROM typed
    ), ranked AS (
        SELECT *,
            CASE WHEN id_key IS NOT NULL AND NOT is_excluded
                 THEN row_number() OVER (PARTITION BY id_key, is_excluded ORDER BY rn) END AS nth,
            -- Copies of an id that disagree (unit, group, status, area or a score): the person
            -- counts once, as invalid, in the first unit by code (then by role), the others
            -- are duplicates.
            CASE WHEN id_key IS NOT NULL AND NOT is_excluded
                 THEN count(DISTINCT hash(unit, grp, st, vkk, {", ".join(f"p_{n}" for n in names)}))
                      OVER (PARTITION BY id_key, is_excluded) END AS variants,
            CASE WHEN id_key IS NOT NULL AND NOT is_excluded
                 THEN row_number() OVER (PARTITION BY id_key, is_excluded ORDER BY unit,
                      CASE role WHEN 'thanh_vien' THEN 1 WHEN 'nguoi_hoc' THEN 2 ELSE 0 END, rn) END AS wrank
        FROM keyed
    ), scored AS (
        SELECT unit, unit_name, rn, role,
            CASE
                WHEN is_excluded THEN 'excluded'
                WHEN variants > 1 AND wrank = 1 THEN 'invalid'
                WHEN variants > 1 OR nth > 1 THEN 'duplicate'
                WHEN has_problem THEN 'invalid'
                WHEN ({below_min}) THEN 'not'
                WHEN ({total}) >= CASE WHEN disadvantaged THEN {pass_dis} ELSE {pass_pts} END THEN 'pass'
                ELSE 'not'
            END AS outcome
        FROM ranked
    ), units AS (
        SELECT unit AS ma_don_vi,
            coalesce(arg_min(unit_name, rn) FILTER (WHERE unit_name <> ''), '') AS ten_don_vi,
            count(*) FILTER (WHERE outcome IN ('pass', 'not', 'invalid')) AS so_nguoi,
            count(*) FILTER (WHERE outcome = 'pass') AS so_dat,
            count(*) FILTER (WHERE outcome IN ('pass', 'not', 'invalid') AND role = 'thanh_vien') AS tv_n,
            count(*) FILTER (WHERE outcome = 'pass' AND role = 'thanh_vien') AS tv_d,
            count(*) FILTER (WHERE outcome IN ('pass', 'not', 'invalid') AND role = 'nguoi_hoc') AS nh_n,
            count(*) FILTER (WHERE outcome = 'pass' AND role = 'nguoi_hoc') AS nh_d,
            count(*) FILTER (WHERE outcome = 'excluded') AS so_loai_tru,
            count(*) FILTER (WHERE outcome = 'invalid') AS so_loi,
            count(*) FILTER (WHERE outcome = 'duplicate') AS so_trung
        FROM scored GROUP BY unit
    ), with_total AS (
        SELECT 0 AS ord, * FROM units
        UNION ALL
        SELECT 1, 'TỔNG', '', sum(so_nguoi), sum(so_dat), sum(tv_n), sum(tv_d), sum(nh_n), sum(nh_d),
               sum(so_loai_tru), sum(so_loi), sum(so_trung)
        FROM units
    )
    SELECT ma_don_vi, ten_don_vi, so_nguoi, so_dat,
        CASE WHEN so_nguoi > 0 THEN
            printf('%d.%02d', (so_dat * 10000 // so_nguoi) // 100, (so_dat * 10000 // so_nguoi) % 100)
        ELSE '' END AS ty_le,
        CASE WHEN so_nguoi > 0 AND {den} * so_dat >= {num} * so_nguoi THEN 'Đạt' ELSE 'Chưa đạt' END
            AS dat_muc_tieu,
        greatest(0, ({num} * so_nguoi + {den - 1}) // {den} - so_dat) AS can_them,
        tv_n AS thanh_vien_so_nguoi, tv_d AS thanh_vien_so_dat,
        nh_n AS nguoi_hoc_so_nguoi, nh_d AS nguoi_hoc_so_dat,
        so_loai_tru, so_loi, so_trung
    FROM with_total ORDER BY ord, ma_don_vi
    """
    con.execute(f"COPY ({query}) TO {sql_str(out)} (HEADER, DELIMITER ',')")
    done = time.perf_counter()
    print(
        f"duckdb {duckdb.__version__}: load {loaded - started:.2f} s, score+aggregate+write {done - loaded:.2f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
