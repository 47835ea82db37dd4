"""examples/analyst.ipynb runs headless (nbclient, the venv's ipykernel) on the example articles in
a temporary folder: ingest -> events on a map -> a claim series plot -> the brief."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "examples" / "analyst.ipynb"

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for mime in ("text/plain", "text/markdown", "text/html"):
            parts.append(str(out.get("data", {}).get(mime, "")))
    return "\n".join(parts)


def _has_image(cell) -> bool:
    return any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_written_notebook_is_what_the_generator_writes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_notebook", ROOT / "scripts" / "make_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sources = [c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells]
    assert sources == [c.source for c in module.build().cells]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebook")
    for path in (ROOT / "examples").iterdir():
        if path.is_file():
            shutil.copy(path, folder / path.name)
    nb = nbformat.read(folder / "analyst.ipynb", as_version=4)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        mp.delenv("EVENTWIRE_DB", raising=False)
        client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                         resources={"metadata": {"path": str(folder)}})
        client.execute()
    return nb, folder


def test_notebook_runs_ingest_map_claims_and_brief(executed):
    nb, folder = executed
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    ingest, event_map, table, claims, plot, brief, _close = code
    assert "stored 16 new articles in analyst.db (0 already stored or duplicate, 0 failed)" in _text(ingest)
    assert (folder / "analyst.db").exists()
    assert _has_image(event_map) and _has_image(plot)
    assert "source_name" in _text(table)
    claims_text = _text(claims)
    assert "2024-03-06" in claims_text and "True" in claims_text          # the conflicting day
    assert "# Latest developments — 2024-03-06" in _text(brief)
