"""End to end over the development articles with the real model: `eventwire extract --out`,
then the project's scorer. Floors for every section a little below the figures measured with the
default model (`make eval`: entities, places, quotes, attributed quotes and figures 1.000, places
within 161 km 0.962, events 0.757, event types 0.909, macro 0.951), so a regression in any extractor
or in the CLI shows here.  These are the articles the extractors were developed against: the
floors guard against regressions, they say nothing about unseen text (`make eval-public` does)."""
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
    below = {name: (result[name]["f1"], floor) for name, floor in FLOORS.items() if result[name]["f1"] < floor}
    assert not below, f"F1 under the floor (got, floor): {below}"
    assert result["geo_acc161"] >= 0.93
    assert result["speaker_acc"] >= 0.97
    assert result["macro_f1"] >= 0.93


# places 0.95: the recall rules of issue 14, chosen on the public sets' development parts, cost the
# dev articles one place (0.962) -- the dev articles are a regression guard, not the measure;
# events 0.70: the coder of issue 13 codes one dev event fewer right (0.703) while the public report
# splits rose (PLOVER GSR target match 0.615 -> 0.837, CASE 2021 weighted F1 0.426 -> 0.668)
FLOORS = {"entities": 0.97, "places": 0.95, "quotes": 0.97, "quotes_attributed": 0.97, "quantities": 0.97,
          "events": 0.70, "event_types": 0.88}
