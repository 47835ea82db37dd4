"""The README's "Python API" examples run, in order, in a folder holding examples/ (real model)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def python_blocks(markdown: str, heading: str) -> list[str]:
    """The ```python blocks of one `## heading` section (up to the next `## ` heading outside code)."""
    start = markdown.index(f"\n## {heading}\n")
    lines, in_code, section = markdown[start + 1:].splitlines()[1:], False, []
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("## "):
            break
        section.append(line)
    return re.findall(r"^```python\n(.*?)^```", "\n".join(section) + "\n", flags=re.S | re.M)


@pytest.fixture(scope="module")
def namespace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readme")
    (folder / "examples").symlink_to(ROOT / "examples")
    blocks = python_blocks(README, "Python API")
    assert len(blocks) >= 3
    ns: dict = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(folder)
        mp.delenv("EVENTWIRE_DB", raising=False)
        for i, block in enumerate(blocks):
            exec(compile(block, f"README.md: Python API block {i + 1}", "exec"), ns)
    return ns


def test_readme_python_examples_run_and_give_what_their_comments_say(namespace):
    x = namespace["x"]
    assert [(p.name, p.lat, p.lon) for p in x.places] == [("Kupyansk", 49.71003, 37.61581)]
    assert [(q.value, q.metric, q.object) for q in x.quantities] == [(2, "killed", "teachers")]
    assert (x.events[0].type, x.events[0].source.name, x.events[0].target.name) == ("ASSAULT", "Russia", "school")
    assert namespace["record"] == x.to_dict()
    report = namespace["report"]
    assert (report.articles, report.errors) == (16, 0)
    assert list(namespace["df"].columns)[-1] == "bound"
    series = namespace["series"]
    assert [r["date"] for r in series if r["conflict"]] == ["2024-03-06"]
    assert namespace["everything"].num_rows == namespace["report"].events
    assert namespace["brief_json"]["period"]["date"] == "2024-03-06" and namespace["brief_json"]["stories"]


def test_the_section_is_found_and_stops_at_the_next_heading():
    text = "intro\n## Python API\n```python\na = 1\n```\n```sh\n## not a heading\n```\n## Next\n```python\nb = 2\n```\n"
    assert python_blocks(text, "Python API") == ["a = 1\n"]
