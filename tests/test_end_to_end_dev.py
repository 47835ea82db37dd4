"""End to end over the development articles with the real model: `eventwire extract --out`,
then the project's scorer. Guards the issue's floors (entities and places F1 >= 0.85, places
within 161 km >= 0.90), so a regression in any extractor or in the CLI shows here."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from apidata import DEV

SCORER = DEV.parent / "score.py"
pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"no scorer at {SCORER}")


def test_extract_out_dir_scores_above_the_floors(tmp_path):
    articles = sorted(DEV.glob("*.txt"))
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "eventwire.cli", "extract", *map(str, articles), "--out", str(out)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert sorted(p.stem for p in out.glob("*.json")) == sorted(p.stem for p in articles)
    for path in out.glob("*.json"):
        record = json.loads(path.read_text())
        text_len = len(Path(DEV / f"{path.stem}.txt").read_text())
        for item in record["entities"] + record["places"]:
            assert all(0 <= s < e <= text_len for s, e in item["spans"])   # evidence spans inside the text
    scored = subprocess.run([sys.executable, str(SCORER), str(out), str(DEV), "--json"],
                            capture_output=True, text=True, timeout=120)
    result = json.loads(scored.stdout)
    assert result["entities"]["f1"] >= 0.85
    assert result["places"]["f1"] >= 0.85
    assert result["geo_acc161"] >= 0.90
