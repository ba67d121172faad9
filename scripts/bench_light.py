#!/usr/bin/env python3
"""A lighter job than hoctap's, written the way an analyst would in Polars or DuckDB, for
`scripts/bench_run.py` to set beside hoctap. Not the same report: no exclusions, no duplicate
ids, no validation of values, one pass mark (no lower mark for disadvantaged areas).

    python3 scripts/bench_light.py polars-csv ROSTER.csv CRITERIA.toml OUT.csv
    python3 scripts/bench_light.py duckdb-csv ROSTER.csv CRITERIA.toml OUT.csv
    python3 scripts/bench_light.py polars-xlsx FOLDER CRITERIA.toml OUT.csv [SHEET HEADER_ROW]

Every row with an id counts; a person is recognised when no indicator is below the minimum
and the ten indicators add up to the pass mark. Writes ma_don_vi, so_nguoi, so_dat per unit,
sorted by unit, so that two tools doing this job on the same people can be checked equal
(the .xlsx folder and the CSV of the same people give the same file). The .xlsx folder is read
with Polars `read_excel` (engine "calamine", that is fastexcel), every cell as text, as the CSV.
"""

import sys
import tomllib
from pathlib import Path


def criteria(path):
    with open(path, "rb") as f:
        c = tomllib.load(f)["cdht"]
    codes = [i["ma"] for i in c["chi_so"]]
    return codes, c["nguong_dat"]["gia_tri"], c["diem_chi_so_toi_thieu"]["gia_tri"]


def polars_job(frame, codes, pass_mark, minimum):
    import polars as pl

    score = lambda code: pl.col(f"Chỉ số {code}").str.replace(",", ".").cast(pl.Float64, strict=False)
    scores = [score(code) for code in codes]
    return (
        frame.filter(pl.col("Mã định danh").is_not_null() & (pl.col("Mã định danh").str.strip_chars() != ""))
        .with_columns(
            total=pl.sum_horizontal(scores),
            low=pl.any_horizontal([s < minimum for s in scores]),
        )
        .group_by(ma_don_vi=pl.col("Mã đơn vị"))
        .agg(so_nguoi=pl.len(), so_dat=((pl.col("total") >= pass_mark - 1e-9) & ~pl.col("low")).sum())
        .sort("ma_don_vi")
    )


def main():
    kind, source, criteria_path, out = sys.argv[1:5]
    codes, pass_mark, minimum = criteria(criteria_path)
    if kind == "duckdb-csv":
        import duckdb

        total = " + ".join(f"s_{i}" for i in range(len(codes)))
        low = " OR ".join(f"s_{i} < {minimum}" for i in range(len(codes)))
        cols = ", ".join(
            f"TRY_CAST(replace(\"Chỉ số {c}\", ',', '.') AS DOUBLE) AS s_{i}" for i, c in enumerate(codes)
        )
        src = source.replace("'", "''")
        query = f"""
        WITH r AS (SELECT "Mã định danh" AS id, "Mã đơn vị" AS unit, {cols}
                   FROM read_csv('{src}', all_varchar = true, header = true))
        SELECT unit AS ma_don_vi, count(*) AS so_nguoi,
               count(*) FILTER (WHERE coalesce(({total}) >= {pass_mark} - 1e-9 AND NOT ({low}), false)) AS so_dat
        FROM r WHERE trim(coalesce(id, '')) <> '' GROUP BY unit ORDER BY unit
        """
        duckdb.connect().execute(f"COPY ({query}) TO '{out}' (HEADER, DELIMITER ',')")
        return
    import polars as pl

    if kind == "polars-csv":
        frame = pl.read_csv(source, infer_schema=False)
    elif kind == "polars-xlsx":
        sheet = sys.argv[5] if len(sys.argv) > 5 else "Danh sách"
        header_row = int(sys.argv[6]) if len(sys.argv) > 6 else 0
        frames = [
            pl.read_excel(f, sheet_name=sheet, engine="calamine", read_options={"header_row": header_row, "dtypes": "string"})
            for f in sorted(Path(source).glob("*.xlsx"))
        ]
        frame = pl.concat(frames, how="diagonal_relaxed")
    else:
        raise SystemExit(f"unknown job {kind}")
    polars_job(frame, codes, pass_mark, minimum).write_csv(out)


if __name__ == "__main__":
    main()
