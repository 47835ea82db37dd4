"""What every public-set module shares: items, the extraction run, splits, rows and the scoring helpers.

A set module turns its files into ``Item``s (one article or sentence each, with its gold in
the set's own terms), the runner extracts every item exactly as ``eventwire extract`` does
(one model per process, ``parse_many`` batching, then ``extract``), and the module scores the
extractions into ``Row``s on a ``Sheet``.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence

from eventwire.geo import haversine_km
from eventwire.ingest.language import detect_language
from eventwire.records import Article, Extraction

REPORT, DEV = "report", "dev"
FIXED_DATE = "2000-01-01"   # for items without a date: extraction needs one, no set scores dates


@dataclass
class Row:
    set: str
    section: str
    metric: str
    value: float
    items: int
    seconds: float = 0.0


@dataclass
class Item:
    """One unit the extractor sees (an article or a sentence) and its gold, in the set's terms."""
    id: str
    text: str
    gold: Any = None
    date: str = FIXED_DATE


class Sheet:
    """Collects one set's rows, free-form notes (printed under the table) and, on the
    development split only, item-level errors."""

    def __init__(self, set_name: str, section: str, errors: bool = False):
        self.set, self.section = set_name, section
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.errors: Optional[list[str]] = [] if errors else None

    def row(self, metric: str, value: float, items: int, section: Optional[str] = None) -> None:
        self.rows.append(Row(self.set, section or self.section, metric, round(float(value), 4), int(items)))

    def prf(self, prefix: str, sys_right: int, sys_total: int, gold_found: int, gold_total: int,
            section: Optional[str] = None) -> None:
        """Rows PREFIXp, PREFIXr, PREFIXf1.  Precision is over system items, recall over gold items
        (the two counts differ where several mentions may hit one gold span)."""
        p = sys_right / sys_total if sys_total else 0.0
        r = gold_found / gold_total if gold_total else 0.0
        self.row(f"{prefix}p", p, sys_total, section)
        self.row(f"{prefix}r", r, gold_total, section)
        self.row(f"{prefix}f1", 2 * p * r / (p + r) if p + r else 0.0, gold_total, section)

    def counts(self, prefix: str, tp: int, fp: int, fn: int, section: Optional[str] = None) -> None:
        """P/R/F1 rows from one-to-one matching counts."""
        self.prf(prefix, tp, tp + fp, tp, tp + fn, section)

    def note(self, line: str) -> None:
        self.notes.append(line)

    def error(self, line: str) -> None:
        if self.errors is not None:
            self.errors.append(line)


# --- splits -------------------------------------------------------------------------------------

def sort_key(item_id: str):
    """Numeric ids sort as numbers ("2" before "10"), others as text."""
    return (0, int(item_id), "") if item_id.isdigit() else (1, 0, item_id)


def every_nth(ids: Iterable[str], n: int, split: str) -> set[str]:
    """The ids of ``split``: sorted, index % n == 0 is the report part, the rest is development."""
    ordered = sorted(set(ids), key=sort_key)
    return {i for k, i in enumerate(ordered) if (k % n == 0) == (split == REPORT)}


# --- running the product ------------------------------------------------------------------------

def article_of(item: Item) -> Article:
    """The Article ``eventwire extract`` would build, but with the text kept byte for byte so
    that gold character offsets stay valid (the readers strip and normalise line ends)."""
    return Article(text=item.text, date=item.date, date_inferred=True, language=detect_language(item.text),
                   origin=item.id)


def extract_items(items: Sequence[Item], nlp, batch_size: int = 16) -> list[Extraction]:
    """Every item through the real pipeline, in order: ``parse_many`` then ``extract``."""
    from eventwire.extract import extract
    from eventwire.nlp import parse_many

    return [extract(parsed) for parsed in parse_many((article_of(i) for i in items), nlp, batch_size=batch_size)]


@dataclass
class SetSpec:
    """One public set: its name, section, where its files are and the functions that load and score it."""
    name: str
    section: str
    folder: str
    load: Callable[[Path, str], list[Item]]
    score: Callable[[list[Item], list[Extraction], Sheet], None]


def run_set(spec: SetSpec, data_dir: Path, nlp, split: str, limit: int = 0, errors: bool = False) -> Sheet:
    start = time.perf_counter()
    items = spec.load(data_dir / spec.folder, split)
    if limit:
        items = items[:limit]
    sheet = Sheet(spec.name, spec.section, errors=errors)
    extractions = extract_items(items, nlp)
    not_english = sum(1 for x in extractions if x.article.language != "en")
    if not_english:
        sheet.note(f"{spec.name}: {not_english} of {len(items)} items detected as not English "
                   "(extracted as nothing, as the product does)")
    from eventwire.extract import section_failed

    failed = [w for x in extractions for w in x.warnings if section_failed(w)]
    if failed:
        # a crashing extractor scores as if it found nothing: say so beside the figures
        sheet.note(f"{spec.name}: {len(failed)} extractor failures in {len(items)} items, first: {failed[0]}")
    spec.score(items, extractions, sheet)
    seconds = round(time.perf_counter() - start, 1)
    for row in sheet.rows:
        row.seconds = seconds
    return sheet


# --- scoring helpers ----------------------------------------------------------------------------

def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return haversine_km(lat1, lon1, lat2, lon2)


WORST_KM = 20038.0   # half the Earth's circumference: the error of a matched place without coordinates


def place_spans(extraction: Extraction) -> list[tuple[int, int, Any]]:
    """(start, end, place) for every mention of every place, in text order."""
    return sorted((s, e, p) for p in extraction.places for s, e in p.spans)


def distance_rows(sheet: Sheet, errors_km: list[float], prefix: str = "",
                  features: Optional[list[str]] = None) -> None:
    """acc161, mean and median error over matched gold places with coordinates; with ``features``
    (our place's feature class, one per error), acc161 of each class too (``acc161_admin``): where
    the pins that land far come from, in totals that the report split may print."""
    n = len(errors_km)
    ordered = sorted(errors_km)
    median = (ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2) if n else 0.0
    sheet.row(f"{prefix}acc161", sum(d <= 161 for d in errors_km) / n if n else 0.0, n)
    sheet.row(f"{prefix}mean_km", sum(errors_km) / n if n else 0.0, n)
    sheet.row(f"{prefix}median_km", median, n)
    for feature in sorted(set(features or ())):
        of_class = [d for d, f in zip(errors_km, features) if f == feature]
        sheet.row(f"{prefix}acc161_{feature}", sum(d <= 161 for d in of_class) / len(of_class), len(of_class))


def standalone(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` stands alone, i.e. is not one word of a longer
    capitalized name ("Kentucky State Police", "CBC Toronto", "University of Manitoba"): the words
    right beside it on its line are not capitalized words other than stop words. A scorer's diagnostic
    for toponyms inside organization and facility names, which eventwire's GUIDELINES leave out."""
    from spacy.lang.en.stop_words import STOP_WORDS

    def name_word(w: str) -> bool:
        w = w.strip(".,;:!?\"'()[]\u2018\u2019\u201c\u201d")
        return w[:1].isupper() and w.lower() not in STOP_WORDS

    before = text[:start].rsplit("\n", 1)[-1]
    after = text[end:].split("\n", 1)[0]
    left = before.split()[-4:] if before[-1:].isspace() else []
    right = after.split()[:1] if after[:1].isspace() else []
    if (right and name_word(right[0])) or (left and name_word(left[-1])):
        return False
    while left and left[-1].lower() in ("of", "the"):   # "University of X", "Bank of the X"
        left.pop()
        if left and name_word(left[-1]) and left[-1].lower() not in ("of", "the"):
            return False
    return True


def find_near(text: str, phrase: str, start: int, window: int = 10) -> Optional[int]:
    """Where ``phrase`` starts nearest to ``start`` (within ``window`` characters), for drifted offsets."""
    hits = [i for i in range(max(0, start - window), min(len(text), start + window + 1)) if text.startswith(phrase, i)]
    return min(hits, key=lambda i: abs(i - start)) if hits else None


def shared_scorer():
    """``../shared/eval/score.py`` loaded by path (its matching rules: norm, name_match, actor_match)."""
    import importlib.util

    from eventwire.eval.paths import shared_eval_dir

    path = shared_eval_dir() / "score.py"
    spec = importlib.util.spec_from_file_location("eventwire_shared_score", path)
    if spec is None or not path.exists():
        raise FileNotFoundError(f"the shared scorer is missing: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

