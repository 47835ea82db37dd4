"""End to end: invented daily reports go through ingest (real model) and `eventwire claims`
builds the series across articles, flagging the one deliberate conflict."""
import json
import subprocess
import sys

REPORT = """date {date}
The General Staff of the Armed Forces of Eastland reported on {weekday} that {value} Northland soldiers had been killed since the start of the invasion. Northland also lost {tanks} tanks and 310 aircraft, the General Staff said.

Shelling continued near the border town of Kupiansk overnight, regional officials said.
"""


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True, timeout=600)


def test_claim_series_across_articles_flags_the_conflicting_day(tmp_path):
    days = [("2024-04-01", "Monday", "12,100", "1,010"), ("2024-04-02", "Tuesday", "12,350", "1,022"),
            ("2024-04-03", "Wednesday", "12,600", "1,030"),
            ("2024-04-03", "Wednesday", "12,060", "1,030")]   # a second outlet, the same day, another value
    for i, (date, weekday, value, tanks) in enumerate(days):
        (tmp_path / f"report-{i}.txt").write_text(REPORT.format(date=date, weekday=weekday, value=value, tanks=tanks))
    db = str(tmp_path / "claims.db")
    ingest = _cli("ingest", str(tmp_path), "--glob", "*.txt", "--db", db, "--workers", "1", "--no-progress")
    assert ingest.returncode == 0, ingest.stderr

    run = _cli("claims", "--metric", "killed", "--source", "General Staff", "--json", "--db", db)
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    by_date = {r["date"]: r for r in rows}
    assert sorted(by_date) == ["2024-04-01", "2024-04-02", "2024-04-03"]
    assert by_date["2024-04-01"]["value"] == 12100 and not by_date["2024-04-01"]["conflict"]
    assert by_date["2024-04-02"]["value"] == 12350 and not by_date["2024-04-02"]["conflict"]
    conflict = by_date["2024-04-03"]
    assert conflict["conflict"] and sorted(conflict["values"]) == [12060, 12600]
    assert len(conflict["articles"]) == 2

    tanks = json.loads(_cli("claims", "--metric", "materiel_lost", "--source", "General Staff",
                            "--object", "tanks", "--json", "--db", db).stdout)
    assert [r["value"] for r in tanks] == [1010, 1022, 1030] and not any(r["conflict"] for r in tanks)
