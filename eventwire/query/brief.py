"""The daily brief: a sourced "Latest developments" digest built from the store.

    from eventwire.query.brief import build_brief, to_markdown, to_html, to_json
    brief = build_brief(store, date="2022-08-17")            # or since=/until=, place= (+ km=), actor=
    print(to_markdown(brief))

Extractive only: every lead sentence is a verbatim slice of a stored article (article id + span);
figures, places and quotes are stored records shown with their article id and span.  Nothing is
generated.  The work is a fixed number of bounded queries over the period's articles (no query
per article), so thousands of articles take a second or two.

Stories: the period's articles grouped by near-duplicate cluster (``story_id``) plus articles that
share an event (type, source actor, target actor, place) or, for articles without events, a named
source's figure for the same thing on the same day (a daily tally), union-find.  Ranked by independent sources,
casualties (killed + injured, log-scaled), event severity (``data/event_severity.tsv``) and novelty
against the previous day.  "Figures since yesterday": each series (source, metric, object) reported
in the period with its previous value, the change, and conflicts flagged.
"""
from __future__ import annotations

import functools
import html
import json
import math
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date as _date, timedelta
from typing import Any, Optional

from sqlalchemy import Text, cast, func, or_, select

from eventwire.dates import first_day, last_day
from eventwire.query.core import (QueryError, _bbox, _contains, _entity_ids_matching, _km, _place_ids_matching,
                                  _resolve_place, haversine_km, parse_date, parse_period, parse_text)
from eventwire.store import schema as S

METRIC_ORDER = ("killed", "injured", "missing", "detained", "displaced", "materiel_lost", "deployed", "affected")
CASUALTY_METRICS = ("killed", "injured")
TALLY_MIN = 10_000          # a killed/injured figure this large is a running tally, not this story's casualties
WEIGHTS = {"sources": 2.0, "casualties": 1.0, "severity": 3.0, "novelty": 2.0}
DEFAULT_SEVERITY = 0.2
MAX_STORIES = 20
MAX_FIGURE_SERIES = 30
STORY_FIGURES = 6
STORY_PLACES = 8
LEAD_MAX_CHARS = 600


# -- the result ----------------------------------------------------------------------------------
@dataclass
class Story:
    rank: int
    id: str                                   # the story_id of its earliest article
    score: float
    scores: dict                              # the parts: sources, casualties, severity, novelty
    independent_sources: int
    casualties: float
    event_types: list[str]
    novelty: float
    lead: dict                                # text (verbatim), article_id, span, kind, hl
    figures: list[dict] = field(default_factory=list)
    places: list[dict] = field(default_factory=list)
    quote: Optional[dict] = None
    articles: list[dict] = field(default_factory=list)


@dataclass
class Brief:
    period: dict                              # date, since, until, previous_day, filters
    stories: list[Story]
    figures: list[dict]                       # "figures since yesterday"
    counts: dict                              # articles, stories, stories_shown, figure_series
    message: Optional[str] = None             # set when the period is empty


# -- helpers -------------------------------------------------------------------------------------
def _text(value) -> Optional[str]:
    """A stored value, stripped (None when empty)."""
    if value is None:
        return None
    return str(value).strip() or None


def _severity_table() -> dict[str, float]:
    from eventwire.lexicons import table
    return {r["type"].upper(): float(r["weight"]) for r in table("event_severity", columns=("type", "weight"))}


def _fold(value) -> str:
    return _fold_str(value) if isinstance(value, str) else _fold_str(str(value or ""))


@functools.lru_cache(maxsize=65536)
def _fold_str(value: str) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold()


def _fmt(v) -> str:
    if v is None:
        return ""
    v = float(v)
    return f"{v:,.0f}" if v.is_integer() else f"{v:,}"


def _signed(v) -> str:
    if v is None:
        return ""
    return ("+" if v > 0 else "") + _fmt(v) if v != 0 else "0"


def _raw(col):
    """A JSON column read as its text (decoded only for the rows that are shown)."""
    return cast(col, Text).label(col.name)


def _json(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _span(value) -> Optional[list]:
    value = _json(value)
    if value is None:
        return None
    try:
        s, e = int(value[0]), int(value[1])
    except (TypeError, ValueError, IndexError):
        return None
    return [s, e]


class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, x):
        parent = self.parent
        parent.setdefault(x, x)
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


_SENTENCE_END = re.compile(r"[.!?][\"'”’»)\]]*(?=\s+[\"'“‘«(\[]?[A-Z0-9])")


def first_sentence(text: str, max_chars: int = LEAD_MAX_CHARS) -> tuple[int, int]:
    """Span of the article's first sentence (first paragraph, up to the first sentence end)."""
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    end = n if end < 0 else end
    m = _SENTENCE_END.search(text, start, end)
    if m:
        end = m.end()
    if end - start > max_chars:                      # no sentence end: cut at a word boundary
        cut = text.rfind(" ", start, start + max_chars)
        end = cut if cut > start else start + max_chars
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# -- period and filters --------------------------------------------------------------------------
def _resolve_period(conn, date, since, until) -> tuple[_date, _date]:
    """The first and last day of the brief: ``date`` (a day, or all of a month or year), else
    ``since``..``until`` (checked as everywhere: since after until is an error), else the latest day."""
    date = parse_date(date, "date")
    since, until = parse_period(since, until)
    if date and (since or until):
        raise QueryError("date: give either date or since/until, not both")
    if date:
        return first_day(date), last_day(date)
    a = S.articles
    if since is None and until is None:
        latest = conn.execute(select(func.max(a.c.date)).where(func.length(a.c.date) == 10)).scalar()
        day = _stored_day(latest) or _date.today()
        return day, day
    if since is None:
        return first_day(until), last_day(until)
    start = first_day(since)
    if until is None:
        latest = conn.execute(select(func.max(a.c.date)).where(func.length(a.c.date) == 10,
                                                               a.c.date >= start.isoformat())).scalar()
        return start, max(start, _stored_day(latest) or start)
    return start, last_day(until)


def _stored_day(value: Optional[str]) -> Optional[_date]:
    try:
        return _date.fromisoformat(value) if value and parse_date(value) else None
    except (ValueError, QueryError):
        return None


def _filter_conditions(conn, place, km, actor) -> tuple[list, dict]:
    """Conditions on articles.id for --place/--km/--actor, and a description of them."""
    a, ev, pm, p, m = S.articles, S.events, S.place_mentions, S.places, S.entity_mentions
    conds, desc = [], {}
    actor = parse_text(actor, "actor")
    if actor:
        ids = _entity_ids_matching(actor)
        conds.append(or_(
            a.c.id.in_(select(m.c.article_id).where(m.c.entity_id.in_(ids))),
            a.c.id.in_(select(ev.c.article_id).where(or_(_contains(ev.c.source_name, actor),
                                                         _contains(ev.c.target_name, actor),
                                                         ev.c.source_entity_id.in_(ids),
                                                         ev.c.target_entity_id.in_(ids))))))
        desc["actor"] = actor
    place = parse_text(place, "place")
    km = _km(km)
    if km is not None and not place:
        raise QueryError("km: needs a place")
    if place and km is not None:
        lat, lon = _resolve_place(conn, place)
        rows = conn.execute(select(p.c.id, p.c.lat, p.c.lon).where(_bbox(p.c.lat, p.c.lon, lat, lon, km))).all()
        ids = [r.id for r in rows if haversine_km(lat, lon, r.lat, r.lon) <= km]
        conds.append(or_(a.c.id.in_(select(pm.c.article_id).where(pm.c.place_id.in_(ids))),
                         a.c.id.in_(select(ev.c.article_id).where(ev.c.place_id.in_(ids)))))
        desc.update(place=place, km=km, center=[lat, lon])
    elif place:
        pids = _place_ids_matching(place)
        conds.append(or_(a.c.id.in_(select(pm.c.article_id).where(pm.c.place_id.in_(pids))),
                         a.c.id.in_(select(ev.c.article_id).where(or_(ev.c.place_id.in_(pids),
                                                                      _contains(ev.c.place, place))))))
        desc["place"] = place
    return conds, desc


def _article_ids(since: str, until: str, conds: list):
    a = S.articles
    return select(a.c.id).where(a.c.date >= since, a.c.date <= until, *conds)


# -- event keys ----------------------------------------------------------------------------------
def _actor_key(name, entity_id) -> Optional[str]:
    if entity_id is not None:
        return f"e{entity_id}"
    name = _fold(name)
    return f"n:{name}" if name else None


def _event_key(r) -> tuple:
    place = f"p{r['place_id']}" if r["place_id"] is not None else (f"n:{_fold(r['place'])}" if _fold(r["place"]) else None)
    return (r["type"], _actor_key(r["source_name"], r["source_entity_id"]),
            _actor_key(r["target_name"], r["target_entity_id"]), place)


def _groups_stories(key: tuple) -> bool:
    """Whether an event is specific enough to join articles into one story.

    A place and at least one actor, or (no place) two actors that are named entities: "Russia attacked
    Ukraine" alone does not make every such article one story.
    """
    _, src, tgt, place = key
    if place:
        return bool(src or tgt)
    return bool(src and tgt and src.startswith("e") and tgt.startswith("e") and src != tgt)


# -- the brief -----------------------------------------------------------------------------------
def build_brief(store, date: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
                place: Optional[str] = None, km: Optional[float] = None, actor: Optional[str] = None,
                max_stories: int = MAX_STORIES, max_figures: int = MAX_FIGURE_SERIES,
                lookback_days: int = 1) -> Brief:
    """The brief for one day (``date``; default the latest stored day) or ``since``..``until``.

    ``place`` (+ ``km``: radius around it) and ``actor`` keep the articles that mention them.
    ``lookback_days``: how far before the period the "previous" figure of a series may come from.
    """
    severity = _severity_table()
    a, ev, f, q, pm, p, m, e = (S.articles, S.events, S.figures, S.quotes, S.place_mentions, S.places,
                                S.entity_mentions, S.entities)
    with store.engine.connect() as conn:
        start, end = _resolve_period(conn, date, since, until)
        conds, filters = _filter_conditions(conn, place, km, actor)
        since_s, until_s = start.isoformat(), end.isoformat()
        previous = (start - timedelta(days=1)).isoformat()
        period = {"date": since_s if start == end else None, "since": since_s, "until": until_s,
                  "previous_day": previous, "filters": filters}
        ids_sel = _article_ids(since_s, until_s, conds)

        arts = [dict(r) for r in conn.execute(
            select(a.c.id, a.c.date, a.c.title, a.c.source, a.c.url, a.c.story_id,
                   func.length(a.c.text).label("length"))
            .where(a.c.date >= since_s, a.c.date <= until_s, *conds).order_by(a.c.date, a.c.seq)).mappings()]
        if not arts:
            figures = _figure_series(conn, start, end, conds, lookback_days, max_figures)
            where = f"{since_s}" if start == end else f"{since_s} to {until_s}"
            extra = "".join(f" {k}={v}" for k, v in filters.items() if k != "center")
            return Brief(period=period, stories=[], figures=figures,
                         counts={"articles": 0, "stories": 0, "stories_shown": 0, "figure_series": len(figures)},
                         message=f"No articles stored for {where}{(' matching' + extra) if extra else ''}.")

        events = [dict(r) for r in conn.execute(
            select(ev.c.article_id, ev.c.position, ev.c.type, ev.c.source_name, ev.c.source_entity_id,
                   ev.c.target_name, ev.c.target_entity_id, ev.c.place, ev.c.place_id, ev.c.lat, ev.c.lon,
                   ev.c.sentence, _raw(ev.c.sentence_span))
            .where(ev.c.article_id.in_(ids_sel)).order_by(ev.c.article_id, ev.c.position)).mappings()]
        figs = [dict(r) for r in conn.execute(
            select(f.c.article_id, f.c.position, f.c.value, f.c.high, f.c.metric, f.c.object, f.c.source,
                   e.c.name.label("source_canonical"), f.c.lower_bound, f.c.upper_bound, f.c.text, _raw(f.c.span),
                   _raw(f.c.sentence_span))
            .outerjoin(e, e.c.id == f.c.source_entity_id)
            .where(f.c.article_id.in_(ids_sel)).order_by(f.c.article_id, f.c.position)).mappings()]
        quotes = [dict(r) for r in conn.execute(
            select(q.c.article_id, q.c.position, q.c.text, q.c.speaker, q.c.speaker_type,
                   e.c.name.label("speaker_canonical"), _raw(q.c.span), _raw(q.c.spans))
            .outerjoin(e, e.c.id == q.c.speaker_entity_id)
            .where(q.c.article_id.in_(ids_sel), q.c.speaker.is_not(None))).mappings()]
        places = [dict(r) for r in conn.execute(
            select(pm.c.article_id, pm.c.place_id, p.c.name, p.c.country_code, p.c.lat, p.c.lon, pm.c.position,
                   _raw(pm.c.spans))
            .join(p, p.c.id == pm.c.place_id).where(pm.c.article_id.in_(ids_sel))).mappings()]
        mentions = conn.execute(select(m.c.article_id, m.c.entity_id)
                                .where(m.c.article_id.in_(ids_sel))).all()

        # the previous day (unfiltered): what was already known
        prev_ids = select(a.c.id).where(a.c.date == previous)
        prev_events = {_event_key(dict(r)) for r in conn.execute(
            select(ev.c.type, ev.c.source_name, ev.c.source_entity_id, ev.c.target_name, ev.c.target_entity_id,
                   ev.c.place, ev.c.place_id).where(ev.c.article_id.in_(prev_ids))).mappings()}
        prev_entities = set(conn.execute(select(m.c.entity_id).where(m.c.article_id.in_(prev_ids))
                                         .distinct()).scalars())

        stories = _stories(arts, events, figs, quotes, places, mentions, prev_events, prev_entities, severity,
                           max(0, int(max_stories)))
        shown = stories[:max(0, int(max_stories))]
        texts = dict(conn.execute(select(a.c.id, a.c.text)
                                  .where(a.c.id.in_(sorted({s.lead["article_id"] for s in shown})))).all()) \
            if shown else {}
        for s in shown:
            _fill_lead(s, texts.get(s.lead["article_id"], ""))
        figures = _figure_series(conn, start, end, conds, lookback_days, max_figures)
    return Brief(period=period, stories=shown, figures=figures,
                 counts={"articles": len(arts), "stories": len(stories), "stories_shown": len(shown),
                         "figure_series": len(figures)})


def _stories(arts, events, figs, quotes, places, mentions, prev_events, prev_entities, severity,
             max_stories: int = MAX_STORIES) -> list[Story]:
    by_id = {r["id"]: r for r in arts}
    uf = _UnionFind()
    for r in arts:
        r["story_key"] = r["story_id"] or r["id"]
        uf.union(r["story_key"], "a:" + r["id"])
    ev_by_art, fig_by_art, q_by_art, pl_by_art = (defaultdict(list) for _ in range(4))
    ents_by_art: dict = defaultdict(set)
    first_with_key: dict = {}
    for r in events:
        r["key"] = _event_key(r)
        r["severity"] = severity.get((r["type"] or "").upper(), DEFAULT_SEVERITY)
        ev_by_art[r["article_id"]].append(r)
        if _groups_stories(r["key"]):
            other = first_with_key.setdefault(r["key"], r["article_id"])
            uf.union("a:" + other, "a:" + r["article_id"])
    first_with_series: dict = {}
    for r in figs:
        fig_by_art[r["article_id"]].append(r)
        # articles with no event that carry the same named source's figure for the same thing the same day
        # (a daily tally told by several outlets) are one story; a tally appended to other news joins nothing
        if r["source_canonical"] and _fold(r["object"]) and not ev_by_art.get(r["article_id"]):
            k = (_fold(r["source_canonical"]), r["metric"], _fold(r["object"]), by_id[r["article_id"]]["date"])
            other = first_with_series.setdefault(k, r["article_id"])
            uf.union("a:" + other, "a:" + r["article_id"])
    for r in quotes:
        q_by_art[r["article_id"]].append(r)
    for r in places:
        pl_by_art[r["article_id"]].append(r)
    for art_id, ent_id in mentions:
        ents_by_art[art_id].add(ent_id)

    members: dict = defaultdict(list)
    for r in arts:
        members[uf.find("a:" + r["id"])].append(r)

    seen = {("ev",) + k for k in prev_events} | {("ent", i) for i in prev_entities}
    out, details = [], {}
    for group in members.values():
        group.sort(key=lambda r: (r["date"] or "", r["id"]))
        gids = [r["id"] for r in group]
        g_events = [x for i in gids for x in ev_by_art[i]]
        g_figs = [x for i in gids for x in fig_by_art[i]]
        g_quotes = [x for i in gids for x in q_by_art[i]]
        g_places = [x for i in gids for x in pl_by_art[i]]
        g_ents = set().union(*(ents_by_art[i] for i in gids))

        independent = len({("s:" + _fold(r["source"])) if _fold(r["source"]) else ("c:" + r["story_key"])
                           for r in group})
        # casualties: one value per (metric, source, object) -- the largest -- so republications count once
        best: dict = {}
        for x in g_figs:
            if x["metric"] in CASUALTY_METRICS and float(x["value"]) < TALLY_MIN:
                k = (x["metric"], _fold(x["source_canonical"] or x["source"]), _fold(x["object"]))
                best[k] = max(best.get(k, 0.0), float(x["value"]))
        casualties = sum(best.values())
        sev = max((x["severity"] for x in g_events), default=0.0)
        items = {("ev",) + x["key"] for x in g_events} | {("ent", i) for i in g_ents}
        novelty = (len(items - seen) / len(items)) if items else 1.0
        scores = {"sources": round(WEIGHTS["sources"] * math.log2(1 + independent), 3),
                  "casualties": round(WEIGHTS["casualties"] * math.log10(1 + casualties), 3),
                  "severity": round(WEIGHTS["severity"] * sev, 3),
                  "novelty": round(WEIGHTS["novelty"] * novelty, 3)}

        # the most complete article: most extracted items, then the longest, then the earliest
        def completeness(r):
            i = r["id"]
            n = len(ev_by_art[i]) + len(fig_by_art[i]) + len(q_by_art[i]) + len(pl_by_art[i]) + len(ents_by_art[i])
            return (-n, -(r["length"] or 0), r["date"] or "", i)
        lead_art = min(group, key=completeness)
        length = max(1, lead_art["length"] or 1)

        def lead_rank(x):       # severity, discounted by how far into the article the sentence is
            start = (_span(x["sentence_span"]) or [length])[0]
            return (-x["severity"] * (1 - 0.5 * min(1.0, start / length)), start, x["position"])
        lead_events = sorted(ev_by_art[lead_art["id"]], key=lead_rank)
        lead_event = next((x for x in lead_events if x["sentence"]), None)
        lead = {"article_id": lead_art["id"], "kind": "event" if lead_event else "first_sentence",
                "event": lead_event, "text": None, "span": None, "hl": None}

        out.append(Story(
            rank=0, id=group[0]["story_key"], score=round(sum(scores.values()), 3), scores=scores,
            independent_sources=independent, casualties=casualties,
            event_types=sorted({x["type"] for x in g_events}, key=lambda t: (-severity.get(t, DEFAULT_SEVERITY), t)),
            novelty=round(novelty, 3), lead=lead,
            articles=[{"id": r["id"], "date": r["date"], "title": r["title"], "source": r["source"], "url": r["url"]}
                      for r in group]))
        details[id(out[-1])] = (g_figs, g_places, g_events, g_quotes)
    out.sort(key=lambda s: (-s.score, -len(s.articles), s.articles[0]["date"] or "", s.id))
    for i, s in enumerate(out, 1):
        s.rank = i
    for s in out[:max_stories]:          # the details only for the stories shown
        g_figs, g_places, g_events, g_quotes = details[id(s)]
        s.figures, s.places, s.quote = _story_figures(g_figs), _story_places(g_places, g_events), _story_quote(g_quotes)
    return out


def _fill_lead(story: Story, text: str) -> None:
    """The lead sentence as a verbatim slice of its article: the event's sentence, else the first sentence."""
    lead = story.lead
    ev = lead.pop("event", None)
    span = None
    if ev is not None:
        sentence = ev["sentence"] or ""
        s = _span(ev["sentence_span"])
        if s and 0 <= s[0] < s[1] <= len(text) and text[s[0]:s[1]] == sentence:
            span = s
        elif sentence and sentence in text:
            i = text.index(sentence)
            span = [i, i + len(sentence)]
        if span:
            lead["hl"] = f"event-{ev['position']}"
            lead["event_type"] = ev["type"]
    if span is None:
        lead["kind"] = "first_sentence"
        span = list(first_sentence(text))
    lead["span"] = span
    lead["text"] = text[span[0]:span[1]]


@functools.lru_cache(maxsize=1)
def _bound_phrases() -> tuple[str, ...]:
    from eventwire.lexicons import table
    return tuple(sorted({r["phrase"].casefold() for r in table("quantity_bounds", columns=("phrase",))},
                        key=len, reverse=True))


def _bound(x) -> str:
    """"at least" / "up to" for a bounded figure, unless its own text already says so ("At least 11")."""
    written = _fold(x.get("text"))
    if any(written.startswith(ph + " ") for ph in _bound_phrases()):
        return ""
    if x.get("lower_bound"):
        return "at least"
    if x.get("upper_bound"):
        return "up to"
    return ""


def _story_figures(figs: list[dict]) -> list[dict]:
    seen, out = set(), []
    order = {mname: i for i, mname in enumerate(METRIC_ORDER)}
    values: dict = defaultdict(set)         # one source's figure for one thing with two values: flagged
    for x in figs:
        values[(x["metric"], _fold(x["source_canonical"] or x["source"]), _fold(x["object"]))].add(float(x["value"]))
    for x in sorted(figs, key=lambda x: (order.get(x["metric"], 99), -float(x["value"]))):
        source = x["source_canonical"] or x["source"]
        k = (x["metric"], float(x["value"]), x["high"], _fold(source), _fold(x["object"]), bool(x["lower_bound"]),
             bool(x["upper_bound"]))
        if k in seen:
            continue
        seen.add(k)
        out.append({"value": x["value"], "high": x["high"], "text": x["text"] or "", "metric": x["metric"],
                    "object": x["object"], "source": source, "bound": _bound(x),
                    "lower_bound": bool(x["lower_bound"]), "upper_bound": bool(x["upper_bound"]),
                    "article_id": x["article_id"], "span": _span(x["span"]),
                    "sentence_span": _span(x["sentence_span"]), "hl": f"figure-{x['position']}",
                    "conflict": bool(source) and len(values[(x["metric"], _fold(source), _fold(x["object"]))]) > 1})
        if len(out) >= STORY_FIGURES:
            break
    return out


def _story_places(places: list[dict], events: list[dict]) -> list[dict]:
    count: dict = defaultdict(int)
    info: dict = {}
    for r in places:
        k = r["place_id"]
        count[k] += max(1, len(_json(r["spans"]) or []))
        info.setdefault(k, {"name": r["name"], "country_code": r["country_code"], "lat": r["lat"], "lon": r["lon"],
                            "article_id": r["article_id"], "hl": f"place-{r['position']}"})
    for r in events:                        # an event's place counts double: it is where things happened
        if r["place_id"] is not None and r["place_id"] in info:
            count[r["place_id"]] += 2
    ranked = sorted(count, key=lambda k: (-count[k], info[k]["name"]))
    return [dict(info[k], mentions=count[k]) for k in ranked[:STORY_PLACES]]


def _story_quote(quotes: list[dict]) -> Optional[dict]:
    named = [x for x in quotes if _text(x["speaker"]) and (x["speaker_type"] or "PERSON") in ("PERSON", "ORG")]
    if not named:
        return None
    x = min(named, key=lambda x: (-len(x["text"] or ""), x["article_id"], x["position"]))
    return {"text": x["text"], "speaker": x["speaker_canonical"] or x["speaker"], "speaker_in_article": x["speaker"],
            "article_id": x["article_id"], "span": _span(x["span"]), "spans": [_span(s) for s in (_json(x["spans"]) or [])],
            "hl": f"quote-{x['position']}"}


# -- figures since yesterday ---------------------------------------------------------------------
def _figure_series(conn, start: _date, end: _date, conds: list, lookback_days: int, limit: int) -> list[dict]:
    """Each series (source, metric, object) reported in the period: latest value, the value before, change,
    conflicts (different values the same day; a series going down)."""
    f, e = S.figures, S.entities
    window = (start - timedelta(days=max(1, int(lookback_days)))).isoformat()
    since_s, until_s = start.isoformat(), end.isoformat()
    rows = conn.execute(
        select(f.c.article_id, f.c.article_date, f.c.position, f.c.value, f.c.metric, f.c.object, f.c.source,
               e.c.name.label("source_canonical"), f.c.lower_bound, f.c.text, _raw(f.c.span))
        .outerjoin(e, e.c.id == f.c.source_entity_id)
        .where(f.c.article_date >= window, f.c.article_date <= until_s,
               f.c.article_id.in_(_article_ids(window, until_s, conds)))
        .order_by(f.c.article_date, f.c.article_id, f.c.position)).mappings()
    series: dict = {}
    for r in rows:
        source = _text(r["source_canonical"]) or _text(r["source"])
        if not source or len(r["article_date"] or "") != 10:
            continue
        k = (_fold(source), r["metric"], _fold(r["object"]))
        s = series.setdefault(k, {"source": source, "metric": r["metric"], "object": _text(r["object"]),
                                  "days": defaultdict(lambda: {"values": set(), "lower_bound": False,
                                                               "evidence": []})})
        d = s["days"][r["article_date"]]
        d["values"].add(float(r["value"]))
        d["lower_bound"] = d["lower_bound"] or bool(r["lower_bound"])
        d["evidence"].append({"article_id": r["article_id"], "span": r["span"], "text": r["text"] or "",
                              "value": float(r["value"]), "hl": f"figure-{r['position']}"})
    out = []
    for s in series.values():
        days = sorted(s["days"])
        current = [d for d in days if since_s <= d <= until_s]
        if not current:
            continue
        cur_day = current[-1]
        before = [d for d in days if d < cur_day]
        prev_day = before[-1] if before else None

        def point(day):
            if day is None:
                return None
            d = s["days"][day]
            values = sorted(d["values"])
            return {"date": day, "value": values[0] if len(values) == 1 else None, "values": values,
                    "lower_bound": d["lower_bound"], "evidence": d["evidence"]}
        cur, prev = point(cur_day), point(prev_day)
        conflicts = []
        for pt in (prev, cur):
            if pt and len(pt["values"]) > 1:
                conflicts.append(f"{len(pt['values'])} different values on {pt['date']}: "
                                 + ", ".join(_fmt(v) for v in pt["values"]))
        if prev and max(cur["values"]) < max(prev["values"]):
            conflicts.append(f"goes down: {_fmt(max(cur['values']))} on {cur['date']} < "
                             f"{_fmt(max(prev['values']))} on {prev['date']}")
        change = (cur["value"] - prev["value"]) if prev and cur["value"] is not None and prev["value"] is not None \
            else None
        out.append({"source": s["source"], "metric": s["metric"], "object": s["object"], "previous": prev,
                    "current": cur, "change": change, "conflict": bool(conflicts), "conflicts": conflicts,
                    "articles": len({x["article_id"] for x in cur["evidence"]})})
    # keep the most telling series, then show them in a stable reading order
    out.sort(key=lambda x: (not x["conflict"], x["previous"] is None, -x["articles"]))
    out = out[:max(0, int(limit))]
    for x in out:                            # spans decoded only for the series kept
        for pt in (x["previous"], x["current"]):
            for ev in (pt or {}).get("evidence", []):
                ev["span"] = _span(ev["span"])
    order = {mname: i for i, mname in enumerate(METRIC_ORDER)}
    out.sort(key=lambda x: (_fold(x["source"]), order.get(x["metric"], 99), _fold(x["object"])))
    return out


# -- renderers -----------------------------------------------------------------------------------
def to_dict(brief: Brief) -> dict:
    return asdict(brief)


def to_json(brief: Brief, indent: Optional[int] = 2) -> str:
    return json.dumps(to_dict(brief), ensure_ascii=False, indent=indent)


def _title(brief: Brief) -> str:
    p = brief.period
    when = p["date"] or f"{p['since']} to {p['until']}"
    extra = []
    flt = p.get("filters") or {}
    if flt.get("place"):
        extra.append(f"within {_fmt(flt['km'])} km of {flt['place']}" if flt.get("km") else f"place: {flt['place']}")
    if flt.get("actor"):
        extra.append(f"actor: {flt['actor']}")
    return f"Latest developments — {when}" + (f" ({'; '.join(extra)})" if extra else "")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _ref(article_id: str, span) -> str:
    return f"{article_id}:{span[0]}-{span[1]}" if span else article_id


def _figure_words(x: dict) -> str:
    number = _one_line(x.get("text")) or _fmt(x["value"])
    what = x["metric"].replace("_", " ") + (f" ({x['object']})" if x.get("object") else "")
    return (" ".join(w for w in (x.get("bound"), number, what) if w) + (f" — {x['source']}" if x.get("source") else "")
            + (" (⚠ conflicting values)" if x.get("conflict") else ""))


def _point_words(pt: Optional[dict]) -> str:
    if not pt:
        return "—"
    vals = " / ".join(_fmt(v) for v in pt["values"])
    return ("at least " if pt["lower_bound"] else "") + vals


def _md_cell(text: str) -> str:
    return _one_line(text).replace("|", "\\|")


def to_markdown(brief: Brief) -> str:
    lines = [f"# {_title(brief)}", ""]
    c = brief.counts
    if brief.message:
        lines += [brief.message, ""]
    else:
        lines += [f"{c['stories']} stories from {c['articles']} articles"
                  + (f" (top {c['stories_shown']} shown)" if c["stories_shown"] < c["stories"] else "")
                  + f"; novelty against {brief.period['previous_day']}.", ""]
    for s in brief.stories:
        lead = s.lead
        lines.append(f"{s.rank}. ► {_one_line(lead['text'])} [{_ref(lead['article_id'], lead['span'])}]")
        lines.append(f"   - Why: {s.independent_sources} independent source(s)"
                     + (f", {', '.join(s.event_types)}" if s.event_types else "")
                     + (f", {_fmt(s.casualties)} killed/injured" if s.casualties else "")
                     + f", novelty {s.novelty:.0%} (score {s.score:g})")
        if s.figures:
            lines.append("   - Figures: " + "; ".join(f"{_figure_words(x)} [{_ref(x['article_id'], x['span'])}]"
                                                       for x in s.figures))
        if s.places:
            lines.append("   - Places: " + ", ".join(x["name"] for x in s.places))
        if s.quote:
            qt = s.quote
            lines.append(f"   - Quote: “{_one_line(qt['text'])}” — {qt['speaker']} [{_ref(qt['article_id'], qt['span'])}]")
        lines.append(f"   - Articles ({len(s.articles)}): " + "; ".join(
            " ".join(w for w in (x["date"], x["source"] and f"{x['source']}:", _one_line(x["title"] or "") or None,
                                 f"[{x['id']}]") if w) for x in s.articles))
        lines.append("")
    if brief.figures:
        p = brief.period
        lines += ["## Figures since yesterday", "",
                  "| Source | Metric | Object | Before | Latest | Change | Evidence | Note |",
                  "|---|---|---|---|---|---|---|---|"]
        for x in brief.figures:
            prev, cur = x["previous"], x["current"]
            before = f"{_point_words(prev)} ({prev['date']})" if prev else "—"
            latest = f"{_point_words(cur)} ({cur['date']})"
            change = _signed(x["change"]) if x["change"] is not None else ("new" if not prev else "?")
            evidence = ", ".join(_ref(ev["article_id"], ev["span"]) for ev in cur["evidence"][:3])
            note = ("⚠ " + "; ".join(x["conflicts"])) if x["conflict"] else ""
            lines.append("| " + " | ".join(_md_cell(v) for v in (
                x["source"], x["metric"], x["object"] or "", before, latest, change, evidence, note)) + " |")
        lines.append("")
        del p
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem} ol.stories>li{margin:0 0 1.2rem} .lead{font-weight:600}
.meta,.why{color:#555;font-size:.9em} ul.detail{margin:.3rem 0;padding-left:1.2rem}
a.ev{font-size:.8em;color:#06c;text-decoration:none;margin-left:.3em} table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3rem .4rem;text-align:left;vertical-align:top;font-size:.92em}
tr.conflict td{background:#fff3f0} .warn{color:#b00}
"""


def to_html(brief: Brief, base: str = "/") -> str:
    """A standalone page; every item links to its evidence in the article view (``base#/article/ID?hl=...``).
    All text is escaped (titles and quotes from articles are never markup)."""
    esc = html.escape

    def link(article_id, hl=None, label="evidence"):
        href = f"{base}#/article/{_url_part(article_id)}" + (f"?hl={_url_part(hl)}" if hl else "")
        return f'<a class="ev" href="{esc(href)}" title="{esc(article_id)}">{esc(label)}</a>'

    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           f"<title>{esc(_title(brief))}</title><style>{_CSS}</style></head><body>",
           f"<h1>{esc(_title(brief))}</h1>"]
    c = brief.counts
    if brief.message:
        out.append(f'<p class="empty">{esc(brief.message)}</p>')
    else:
        out.append(f'<p class="meta">{c["stories"]} stories from {c["articles"]} articles; '
                   f'novelty against {esc(brief.period["previous_day"])}.</p>')
        out.append('<ol class="stories">')
        for s in brief.stories:
            lead = s.lead
            why = (f"{s.independent_sources} independent source(s)"
                   + (f", {', '.join(s.event_types)}" if s.event_types else "")
                   + (f", {_fmt(s.casualties)} killed/injured" if s.casualties else "")
                   + f", novelty {s.novelty:.0%}, score {s.score:g}")
            out.append(f'<li><p><span class="lead">{esc(_one_line(lead["text"]))}</span>'
                       f'{link(lead["article_id"], lead.get("hl"))}</p><p class="why">{esc(why)}</p><ul class="detail">')
            if s.figures:
                out.append("<li>Figures: " + "; ".join(
                    f"{esc(_figure_words(x))}{link(x['article_id'], x['hl'])}" for x in s.figures) + "</li>")
            if s.places:
                out.append("<li>Places: " + esc(", ".join(x["name"] for x in s.places)) + "</li>")
            if s.quote:
                qt = s.quote
                out.append(f"<li>Quote: <q>{esc(_one_line(qt['text']))}</q> — {esc(qt['speaker'])}"
                           f"{link(qt['article_id'], qt['hl'])}</li>")
            out.append(f"<li>Articles ({len(s.articles)}): " + "; ".join(
                f"{esc(x['date'] or '')} {esc((x['source'] + ': ') if x['source'] else '')}"
                f"{link(x['id'], None, _one_line(x['title'] or '') or x['id'])}" for x in s.articles) + "</li>")
            out.append("</ul></li>")
        out.append("</ol>")
    if brief.figures:
        out.append("<h2>Figures since yesterday</h2><table><thead><tr><th>Source</th><th>Metric</th><th>Object</th>"
                   "<th>Before</th><th>Latest</th><th>Change</th><th>Evidence</th><th>Note</th></tr></thead><tbody>")
        for x in brief.figures:
            prev, cur = x["previous"], x["current"]
            before = f"{_point_words(prev)} ({prev['date']})" if prev else "—"
            latest = f"{_point_words(cur)} ({cur['date']})"
            change = _signed(x["change"]) if x["change"] is not None else ("new" if not prev else "?")
            evidence = " ".join(link(ev["article_id"], ev["hl"], ev["article_id"][:8]) for ev in cur["evidence"][:3])
            note = f'<span class="warn">⚠ {esc("; ".join(x["conflicts"]))}</span>' if x["conflict"] else ""
            out.append(f'<tr{" class=conflict" if x["conflict"] else ""}><td>{esc(x["source"])}</td>'
                       f'<td>{esc(x["metric"])}</td><td>{esc(x["object"] or "")}</td><td>{esc(before)}</td>'
                       f'<td>{esc(latest)}</td><td>{esc(change)}</td><td>{evidence}</td><td>{note}</td></tr>')
        out.append("</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _url_part(value: Any) -> str:
    from urllib.parse import quote
    return quote(str(value), safe="")
