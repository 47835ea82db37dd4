"""Every coordinate in eventwire/data/ is traceable to the source its row states (scripts/check_data_points.py)."""
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_data_points.py"


def test_every_table_point_is_traceable_to_its_source():
    run = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().splitlines()[-1].startswith("0 problem(s)")
