"""Write examples/analyst.ipynb (without outputs) with nbformat: the Python API walkthrough.

    .venv/bin/python scripts/make_notebook.py

Edit the cells here, rerun, commit both; tests/test_notebook.py executes the notebook headless.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

OUT = Path(__file__).resolve().parent.parent / "examples" / "analyst.ipynb"

CELLS = [
    ("md", """# eventwire in a notebook

Ingest the example articles (the folder of this notebook), put their events on a map, plot one
casualty claim over time with its conflicts, and read the daily brief. Everything below is the
Python API of the README (`import eventwire`); pandas and matplotlib come with
`pip install 'eventwire[pandas]' matplotlib`."""),
    ("code", """import os

import matplotlib.pyplot as plt
import pandas as pd

import eventwire

EXAMPLES = os.environ.get("EVENTWIRE_EXAMPLES", ".")        # the example articles: this notebook's folder
DB = os.environ.get("EVENTWIRE_NOTEBOOK_DB", "analyst.db")  # created if missing; rerunning skips what is stored

db = eventwire.open(DB)
report = db.ingest([EXAMPLES])
print(report.summary(DB))
for line in report.error_lines:
    print("error:", line)"""),
    ("md", """## Events on a map

Every event with a place, over the country outlines the web page uses (Natural Earth, simplified),
coloured by PLOVER type; the view is fitted to the events."""),
    ("code", """from eventwire.web.outlines import country_outlines

events = db.events(limit=None).to_pandas()
located = events.dropna(subset=["lat", "lon"])

fig, ax = plt.subplots(figsize=(11, 5.5))
for feature in (country_outlines() or {"features": []})["features"]:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for rings in polygons:
        lons, lats = zip(*rings[0])
        ax.fill(lons, lats, facecolor="#f4f1e8", edgecolor="#9aa7b0", linewidth=0.4)
for event_type, group in located.groupby("type"):
    ax.scatter(group["lon"], group["lat"], s=36, label=event_type, zorder=3, edgecolors="white", linewidths=0.6)
margin = 4
ax.set_xlim(located["lon"].min() - margin, located["lon"].max() + margin)
ax.set_ylim(located["lat"].min() - margin, located["lat"].max() + margin)
ax.set_aspect("equal")
ax.set_facecolor("#dfe9f0")
ax.legend(fontsize=8, loc="lower left", ncol=2)
ax.set_title(f"{len(located)} of {len(events)} events located")
plt.show()"""),
    ("code", """located[["date", "type", "source_name", "target_name", "place", "sentence"]].head(10)"""),
    ("md", """## One figure over time: the General Staff's tally

`claims` gives one row per date; a day whose articles disagree has several values and is
flagged as a conflict."""),
    ("code", """series = db.claims(metric="killed", source="General Staff").to_pandas()
series[["date", "source", "object", "values", "conflict", "conflicts"]]"""),
    ("code", """points = series.explode("values")
points["day"] = pd.to_datetime(points["date"], format="mixed")
points["claimed"] = points["values"].astype(float)
conflicting = points[points["conflict"]]

fig, ax = plt.subplots(figsize=(9, 3.5))
ax.plot(points["day"], points["claimed"], marker="o", label="claimed")
ax.scatter(conflicting["day"], conflicting["claimed"], s=220, facecolors="none", edgecolors="red", linewidths=2,
           label="conflicting figures")
ax.set_title(f"{series['metric'].iloc[0]}: {series['object'].iloc[0]}, according to {series['source'].iloc[0]}")
ax.legend()
fig.autofmt_xdate()
plt.show()"""),
    ("md", """## The brief

The day's stories ranked, each with a verbatim lead sentence and its evidence, then the figures
since the day before with conflicts flagged (`digest.to_dict()` is what `eventwire brief --format json` prints)."""),
    ("code", """digest = db.brief(date="2024-03-06")
digest"""),
    ("code", """db.close()"""),
]


def build() -> nbformat.NotebookNode:
    nb = new_notebook(cells=[new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in CELLS])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def main() -> None:
    nb = build()
    nbformat.validate(nb)
    for cell in nb.cells:                  # stable ids, so that rewriting it changes nothing
        cell["id"] = f"cell-{nb.cells.index(cell):02d}"
    nbformat.write(nb, OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
