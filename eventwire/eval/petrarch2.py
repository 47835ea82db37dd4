"""PETRARCH2 validation records: stylised CAMEO-coded sentences, one record per item.

Split, fixed once: records sorted by sentence ``id``; report = index % 2 == 0, development = the rest.
The records marked ``error=`` (malformed on purpose) are skipped.

Gold conversion:
- CAMEO code -> PLOVER type through ``../plover-gsr/CAMEO2PLOVER-2021.txt`` (the code itself, else its
  shorter prefixes down to the two-digit root); codings whose code the table does not cover
  (roots 01, 02 and 21 up) are skipped and counted in a note.
- actor code -> names through ``dictionaries/PETR.Validate.actors.txt`` (an entry, its ``+`` synonyms)
  and, for the agent part (``GOV`` in ``ARNGOV``, ``---GOV``), ``PETR.Validate.agents.txt``: the
  names of the whole code and of its three-letter country part; ``---`` alone means no actor.
  Our actors are compared with ``score.py``'s ``actor_match``.

- ``exact``: share of event codings for which one of our events has the type, source and target;
- ``type``: share of codings for which one of our events has the type;
- ``no_event``: share of no-event records where we code nothing.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Optional

from eventwire.eval.core import Item, SetSpec, Sheet, every_nth, shared_scorer

RECORDS = "PETR.UnitTest.records.xml"
CAMEO_TABLE = Path("..") / "plover-gsr" / "CAMEO2PLOVER-2021.txt"
NOBODY = "---"


def read_cameo_table(text: str) -> dict[str, str]:
    """``030: AGREE, ...`` lines -> {"030": "AGREE"}; a root listed twice (08) keeps its first type."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            out.setdefault(m.group(1), m.group(2))
    return out


def plover_type(code: str, table: dict[str, str]) -> Optional[str]:
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


def _dictionary_lines(text: str):
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if line.strip():
            yield line


def _name(raw: str) -> str:
    return raw.strip().strip("_").replace("_", " ").strip()


def read_actors(text: str) -> dict[str, set[str]]:
    """Actor dictionary -> {code: names}.  An entry is ``NAME [CODE]`` or ``NAME`` with ``+SYNONYM`` lines
    and the code on a later indented line; only the first code of dated code blocks is kept."""
    codes: dict[str, set[str]] = defaultdict(set)
    names: list[str] = []
    current: Optional[str] = None     # the entry's latest code: later synonyms belong to it too
    for line in _dictionary_lines(text):
        head = line.split("[", 1)[0]
        if line.startswith("+"):
            names.append(_name(head[1:]))
        elif head.strip() and not line[0].isspace():
            names, current = [_name(head)], None
        code = re.search(r"\[([^\]\s<>]+)", line)
        if code:
            current = code.group(1)
        if current:
            codes[current].update(n.lower() for n in names if n and "!" not in n)
    return codes


def read_agents(text: str) -> dict[str, set[str]]:
    """Agent dictionary -> {suffix code ("GOV"): names}."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in _dictionary_lines(text):
        m = re.match(r"^([^\[{]+?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]+)\]", line)
        if m and "!" not in m.group(1):
            out[m.group(2)].add(_name(m.group(1)).lower())
    return out


def actor_names(code: str, actors: dict[str, set[str]], agents: dict[str, set[str]]) -> Optional[list[str]]:
    """Names a gold actor code stands for; None when it stands for nobody."""
    if not code or code == NOBODY:
        return None
    root, agent = code[:3], code[3:]
    names = set(actors.get(code, ())) | (set(actors.get(root, ())) if root != NOBODY else set())
    if root == NOBODY or not names:
        for k in range(len(agent), 2, -3):          # agent codes come in threes: GOVMIL ...
            names |= agents.get(agent[:k], set())
    return sorted(names) or [code]


def load(folder: Path, split: str) -> list[Item]:
    table = read_cameo_table((folder / CAMEO_TABLE).read_text(encoding="utf-8"))
    dictionaries = folder / "dictionaries"
    actors = read_actors((dictionaries / "PETR.Validate.actors.txt").read_text(encoding="utf-8", errors="replace"))
    agents = read_agents((dictionaries / "PETR.Validate.agents.txt").read_text(encoding="utf-8", errors="replace"))
    records = []
    for s in ET.parse(folder / RECORDS).getroot().iter("Sentence"):
        codings = s.findall("EventCoding")
        if any(c.get("error") for c in codings):
            continue
        gold = {"no_event": any(c.get("noevents") for c in codings), "codings": [], "unmapped": 0}
        for c in codings:
            if c.get("noevents"):
                continue
            plover = plover_type(c.get("eventcode", ""), table)
            if plover is None:
                gold["unmapped"] += 1
                continue
            gold["codings"].append({"type": plover, "source": actor_names(c.get("sourcecode", ""), actors, agents),
                                    "target": actor_names(c.get("targetcode", ""), actors, agents)})
        date = s.get("date", "")
        date = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else "2000-01-01"
        text = " ".join((s.findtext("Text") or "").split())
        records.append(Item(id=s.get("id"), text=text, date=date, gold=gold))
    keep = every_nth((r.id for r in records), 2, split)
    return [r for r in records if r.id in keep]


def score(items, extractions, sheet: Sheet) -> None:
    actor_match = shared_scorer().actor_match
    codings = exact = typed = no_event_n = no_event_ok = unmapped = 0
    for item, ex in zip(items, extractions):
        gold = item.gold
        unmapped += gold["unmapped"]
        if gold["no_event"]:
            no_event_n += 1
            no_event_ok += not ex.events
            if ex.events:
                sheet.error(f"petrarch2 {item.id}: no event expected, got {[e.type for e in ex.events]}")
        for c in gold["codings"]:
            codings += 1
            same_type = [e for e in ex.events if e.type == c["type"]]
            typed += bool(same_type)
            right = any(actor_match(e.source.to_dict() if e.source else None, c["source"])
                        and actor_match(e.target.to_dict() if e.target else None, c["target"]) for e in same_type)
            exact += right
            if not right:
                got = [(e.type, e.source and e.source.name, e.target and e.target.name) for e in ex.events]
                sheet.error(f"petrarch2 {item.id}: gold {c['type']} {c['source'][:2] if c['source'] else None} -> "
                            f"{c['target'][:2] if c['target'] else None}, got {got}")
    sheet.row("exact", exact / codings if codings else 0.0, codings)
    sheet.row("type", typed / codings if codings else 0.0, codings)
    sheet.row("no_event", no_event_ok / no_event_n if no_event_n else 0.0, no_event_n)
    if unmapped:
        sheet.note(f"petrarch2-validation: {unmapped} codings skipped (CAMEO code not in CAMEO2PLOVER-2021.txt)")


SPEC = SetSpec("petrarch2-validation", "events", "petrarch2-validation", load, score)
