"""The query functions (see ``eventwire.query``)."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from datetime import date as _date
from typing import Iterator, Optional, Sequence

from sqlalchemy import Text, and_, cast, func, or_, select
from sqlalchemy.exc import DBAPIError

from eventwire.dates import date_problem, first_day, last_day
from eventwire.errors import QueryError, SearchSyntaxError
from eventwire.geo import EARTH_KM, haversine_km
from eventwire.store import schema as S

MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
METRICS = ("killed", "injured", "displaced", "detained", "missing", "materiel_lost", "deployed", "affected")
ENTITY_TYPES = ("PERSON", "ORG")
_EXPORT_CHUNK = 1000


# -- parameter checking ------------------------------------------------------------------------
# The one place the CLI, the API and library callers check parameters: each raises QueryError
# ("name: what is wrong", a ValueError) with at most a short excerpt of the value.
MAX_INT = 2 ** 63 - 1          # the largest integer SQLite and PostgreSQL (BIGINT) store


def shown(value, limit: int = 40) -> str:
    """``repr(value)``, cut to ``limit`` characters: an error names a bad value without echoing kilobytes."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def parse_text(value, name: str = "text") -> Optional[str]:
    """A text parameter, stripped (None when empty); a NUL character is refused, not ignored."""
    if value is None:
        return None
    value = str(value)
    if "\x00" in value:
        raise QueryError(f"{name}: contains a NUL character")
    return value.strip() or None


def parse_int(value, name: str, minimum: int = 0, maximum: int = MAX_INT) -> int:
    """A whole number from ``minimum`` to ``maximum`` (beyond 64 bits is an error, not an overflow)."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        raise QueryError(f"{name}: {shown(value)} is not a whole number") from None
    if number < minimum:
        raise QueryError(f"{name}: must be at least {minimum}, not {shown(number)}")
    if number > maximum:
        raise QueryError(f"{name}: must be at most {maximum}, not {shown(number)}")
    return number


def parse_id(value, name: str = "id") -> int:
    """A stored row id: a whole number from 1 to the largest the database holds."""
    return parse_int(value, name, minimum=1)


def parse_date(value: Optional[str], name: str = "date") -> Optional[str]:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (checked: a calendar date in eventwire.dates' year range), or None."""
    if value is None or value == "":
        return None
    value = str(value).strip()
    problem = date_problem(value)
    if problem:
        raise QueryError(f"{name}: {shown(value)} is {problem}")
    return value


def parse_period(since, until) -> tuple[Optional[str], Optional[str]]:
    """Checked ``since`` and ``until``; ``since`` after ``until`` is an error (``2022-08`` covers all of August)."""
    since, until = parse_date(since, "since"), parse_date(until, "until")
    if since and until and first_day(since) > last_day(until):
        raise QueryError(f"since: {since} is after until {until}")
    return since, until


def parse_near(value) -> Optional[tuple[float, float]]:
    """``"LAT,LON"`` or a (lat, lon) pair -> checked (lat, lon)."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, str):
            parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
        else:
            parts = list(value)
        if len(parts) != 2:
            raise ValueError
        lat, lon = float(parts[0]), float(parts[1])
    except (TypeError, ValueError):
        raise QueryError(f"near: {value!r} is not LAT,LON (e.g. 46.64,32.61)") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or math.isnan(lat) or math.isnan(lon):
        raise QueryError(f"near: {lat},{lon} is out of range (lat -90..90, lon -180..180)")
    return lat, lon


def _km(km, default: Optional[float] = None) -> Optional[float]:
    if km is None:
        return default
    try:
        km = float(km)
    except (TypeError, ValueError):
        raise QueryError(f"km: {km!r} is not a number") from None
    if not km > 0 or math.isinf(km):
        raise QueryError(f"km: must be a positive number of kilometres, not {km}")
    return km


def parse_page(limit, offset, max_limit: int = MAX_LIMIT) -> tuple[int, int]:
    """Checked (limit, offset): limit 1..``max_limit`` (larger is cut to it), offset 0..MAX_INT."""
    limit = parse_int(limit if limit is not None else DEFAULT_LIMIT, "limit", minimum=1)
    offset = parse_int(offset or 0, "offset")
    return min(limit, max_limit), offset


def _choice(value, allowed: Sequence[str], name: str, upper: bool = False) -> Optional[str]:
    if value is None or value == "":
        return None
    v = str(value).strip()
    v = v.upper() if upper else v.lower()
    if v not in allowed:
        raise QueryError(f"{name}: {value!r} is not one of {', '.join(allowed)}")
    return v


def _until(value: Optional[str]) -> Optional[str]:
    """The inclusive upper bound for a string date comparison: 2022-08 covers 2022-08-31."""
    if value is None:
        return None
    return value + {4: "-99-99", 7: "-99"}.get(len(value), "")


def _date_filter(col, since, until) -> list:
    since, until = parse_period(since, until)
    out = []
    if since:
        out.append(col >= since)
    if until:
        out.append(col <= _until(until))
    return out


def _contains(col, value: str):
    return col.icontains(value, autoescape=True)





# -- geography -----------------------------------------------------------------------------------
def _bbox(lat_col, lon_col, lat: float, lon: float, km: float):
    """A lat/lon bounding box (SQL prefilter) that contains the circle of ``km`` around (lat, lon)."""
    dlat = math.degrees(km / EARTH_KM) * 1.01
    cond = [lat_col.is_not(None), lon_col.is_not(None), lat_col.between(lat - dlat, lat + dlat)]
    if abs(lat) + dlat >= 89.9:
        return and_(*cond)                                   # near a pole: every longitude
    dlon = dlat / max(math.cos(math.radians(abs(lat) + dlat)), 1e-6)
    if dlon >= 180:
        return and_(*cond)
    lo, hi = lon - dlon, lon + dlon
    if lo < -180:
        cond.append(or_(lon_col >= lo + 360, lon_col <= hi))
    elif hi > 180:
        cond.append(or_(lon_col >= lo, lon_col <= hi - 360))
    else:
        cond.append(lon_col.between(lo, hi))
    return and_(*cond)


def _within(rows: list[dict], near, km) -> list[dict]:
    lat, lon = near
    out = []
    for r in rows:
        d = haversine_km(lat, lon, r["lat"], r["lon"])
        if d <= km:
            r["distance_km"] = round(d, 2)
            out.append(r)
    out.sort(key=lambda r: r["distance_km"])
    return out


# -- articles ------------------------------------------------------------------------------------
def articles(store, search: Optional[str] = None, since: Optional[str] = None, until: Optional[str] = None,
             source: Optional[str] = None, language: Optional[str] = None,
             limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """Articles, newest first (best match first with ``search``: full-text over title + text)."""
    limit, offset = parse_page(limit, offset)
    a = S.articles
    cols = [a.c.id, a.c.source_id, a.c.date, a.c.date_inferred, a.c.title, a.c.source, a.c.url, a.c.language,
            a.c.origin, a.c.story_id, a.c.text_case.label("case")]
    where = _date_filter(a.c.date, since, until)
    if parse_text(source, "source"):
        where.append(_contains(a.c.source, parse_text(source, "source")))
    if parse_text(language, "language"):
        where.append(a.c.language == parse_text(language, "language"))
    search = parse_text(search, "search")
    if search:
        s = store.backend.search(a, search)
        stmt = select(*cols, s.snippet.label("snippet"))
        stmt = stmt.select_from(a.join(s.target, s.onclause) if s.target is not None else a)
        stmt = stmt.where(s.where, *where).order_by(s.rank, a.c.date.desc(), a.c.id)
    else:
        stmt = select(*cols, func.substr(a.c.text, 1, 200).label("snippet")).where(*where) \
            .order_by(a.c.date.desc(), a.c.seq.desc())
    stmt = stmt.limit(limit).offset(offset)
    try:
        with store.engine.connect() as conn:
            rows = [dict(r) for r in conn.execute(stmt).mappings()]
    except DBAPIError as exc:
        if search and store.backend.is_search_error(exc):
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise SearchSyntaxError(f"search: cannot parse {search!r} ({reason}); "
                                    f"put words in double quotes to search for them literally") from None
        raise
    for r in rows:
        r["date_inferred"] = bool(r["date_inferred"])
        r["snippet"] = re.sub(r"\s+", " ", r["snippet"] or "").strip()
    return rows


def article(store, article_id: str) -> Optional[dict]:
    """One article with its text and every extracted item (spans included); None if unknown."""
    article_id = parse_text(article_id, "article_id")
    return store.article(article_id) if article_id else None


# -- entities ------------------------------------------------------------------------------------
def _entity_ids_matching(name: str):
    """A subquery of entity ids whose name or an alias contains ``name``."""
    e, al = S.entities, S.entity_aliases
    return select(e.c.id).where(_contains(e.c.name, name)).union(
        select(al.c.entity_id).where(_contains(al.c.alias, name)))


def _entity_stats():
    m, a = S.entity_mentions, S.articles
    return (select(m.c.entity_id, func.count(func.distinct(m.c.article_id)).label("articles"),
                   func.min(a.c.date).label("first_seen"), func.max(a.c.date).label("last_seen"))
            .join(a, a.c.id == m.c.article_id).group_by(m.c.entity_id).subquery())


def _aliases(conn, ids) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    if ids:
        al, e = S.entity_aliases, S.entities
        for eid, alias, name in conn.execute(select(al.c.entity_id, al.c.alias, e.c.name)
                                             .join(e, e.c.id == al.c.entity_id)
                                             .where(al.c.entity_id.in_(list(ids))).order_by(al.c.id)):
            if alias != name:
                out[eid].append(alias)
    return out


def entities(store, name: Optional[str] = None, type: Optional[str] = None,
             limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """People and organizations (most articles first) with aliases, article counts, first/last seen."""
    limit, offset = parse_page(limit, offset)
    etype = _choice(type, ENTITY_TYPES, "type", upper=True)
    e = S.entities
    st = _entity_stats()
    stmt = select(e.c.id, e.c.name, e.c.type, func.coalesce(st.c.articles, 0).label("articles"),
                  st.c.first_seen, st.c.last_seen).select_from(e.outerjoin(st, st.c.entity_id == e.c.id))
    if parse_text(name, "name"):
        stmt = stmt.where(e.c.id.in_(_entity_ids_matching(parse_text(name, "name"))))
    if etype:
        stmt = stmt.where(e.c.type == etype)
    stmt = stmt.order_by(func.coalesce(st.c.articles, 0).desc(), e.c.name, e.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(stmt).mappings()]
        aliases = _aliases(conn, [r["id"] for r in rows])
    for r in rows:
        r["aliases"] = aliases.get(r["id"], [])
    return rows


def entity(store, entity_id) -> Optional[dict]:
    """One entity: aliases, articles, mentions over time, quotes, events as source or target; None if unknown."""
    entity_id = parse_id(entity_id, "entity_id")
    e, m, a, q, ev = S.entities, S.entity_mentions, S.articles, S.quotes, S.events
    with store.engine.connect() as conn:
        row = conn.execute(select(e.c.id, e.c.name, e.c.type).where(e.c.id == entity_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        out["aliases"] = _aliases(conn, [entity_id]).get(entity_id, [])
        arts = [dict(r) for r in conn.execute(
            select(a.c.id, a.c.date, a.c.title, a.c.source,
                   func.min(m.c.name_in_article).label("name_in_article"),
                   func.count().label("mentions"))
            .join(m, m.c.article_id == a.c.id).where(m.c.entity_id == entity_id)
            .group_by(a.c.id, a.c.date, a.c.title, a.c.source)
            .order_by(a.c.date, a.c.id)).mappings()]
        out["article_count"] = len(arts)
        out["first_seen"] = min((x["date"] for x in arts if x["date"]), default=None)
        out["last_seen"] = max((x["date"] for x in arts if x["date"]), default=None)
        timeline: dict = defaultdict(lambda: {"articles": 0, "mentions": 0})
        spans = {r.article_id: r.n for r in conn.execute(
            select(m.c.article_id, m.c.spans.label("n")).where(m.c.entity_id == entity_id))}
        for x in arts:
            t = timeline[x["date"]]
            t["articles"] += 1
            t["mentions"] += max(1, len(spans.get(x["id"]) or []))
        out["timeline"] = [{"date": d, **v} for d, v in sorted(timeline.items(), key=lambda kv: kv[0] or "")]
        out["articles"] = arts[-MAX_LIMIT:]
        out["quotes"] = [dict(r) for r in conn.execute(
            select(q.c.id, q.c.article_id, a.c.date, q.c.speaker, q.c.text, q.c.span, q.c.sentence_span)
            .join(a, a.c.id == q.c.article_id).where(q.c.speaker_entity_id == entity_id)
            .order_by(a.c.date.desc(), q.c.id).limit(MAX_LIMIT)).mappings()]
        rows = conn.execute(_event_select().where(or_(ev.c.source_entity_id == entity_id,
                                                      ev.c.target_entity_id == entity_id))
                            .order_by(ev.c.date.desc(), ev.c.id).limit(MAX_LIMIT)).mappings()
        out["events"] = []
        for r in rows:
            d = _event_row(r)
            d["role"] = "source" if r["source_entity_id"] == entity_id else "target"
            out["events"].append(d)
    return out


# -- places --------------------------------------------------------------------------------------
def _place_ids_matching(name: str):
    p, pm = S.places, S.place_mentions
    return select(p.c.id).where(_contains(p.c.name, name)).union(
        select(pm.c.place_id).where(or_(_contains(pm.c.name_in_article, name),
                                        _contains(cast(pm.c.mentions, Text), name))))


def places(store, name: Optional[str] = None, near=None, km: Optional[float] = None,
           country: Optional[str] = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """Resolved places with article counts; ``near=(lat, lon)`` + ``km`` (default 50) adds distance_km."""
    limit, offset = parse_page(limit, offset)
    near = parse_near(near)
    km = _km(km, 50.0 if near else None)
    if km is not None and near is None:
        raise QueryError("km: needs near=LAT,LON")
    p, pm = S.places, S.place_mentions
    counts = (select(pm.c.place_id, func.count(func.distinct(pm.c.article_id)).label("articles"))
              .group_by(pm.c.place_id).subquery())
    stmt = select(p.c.id, p.c.name, p.c.country_code, p.c.admin1, p.c.lat, p.c.lon, p.c.geonameid, p.c.feature,
                  p.c.resolution, func.coalesce(counts.c.articles, 0).label("articles")) \
        .select_from(p.outerjoin(counts, counts.c.place_id == p.c.id))
    if parse_text(name, "name"):
        stmt = stmt.where(p.c.id.in_(_place_ids_matching(parse_text(name, "name"))))
    if parse_text(country, "country"):
        stmt = stmt.where(func.upper(p.c.country_code) == parse_text(country, "country").upper())
    order = (func.coalesce(counts.c.articles, 0).desc(), p.c.name, p.c.id)
    with store.engine.connect() as conn:
        if near:
            rows = [dict(r) for r in conn.execute(stmt.where(_bbox(p.c.lat, p.c.lon, near[0], near[1], km))
                                                  .order_by(*order)).mappings()]
            rows = _within(rows, near, km)[offset:offset + limit]
        else:
            rows = [dict(r) for r in conn.execute(stmt.order_by(*order).limit(limit).offset(offset)).mappings()]
        mentions: dict[int, dict] = defaultdict(dict)
        if rows:
            for pid, names, own in conn.execute(select(pm.c.place_id, pm.c.mentions, pm.c.name_in_article)
                                                .where(pm.c.place_id.in_([r["id"] for r in rows]))):
                for n in list(names or []):
                    mentions[pid].setdefault(n, None)
    for r in rows:
        r["mentions"] = list(mentions.get(r["id"], {}))
    return rows


# -- quotes --------------------------------------------------------------------------------------
def quotes(store, speaker: Optional[str] = None, search: Optional[str] = None, since: Optional[str] = None,
           until: Optional[str] = None, limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """Direct quotations, newest first; ``speaker`` matches the speaker's name or any alias of their entity."""
    limit, offset = parse_page(limit, offset)
    q, a, e = S.quotes, S.articles, S.entities
    stmt = (select(q.c.id, q.c.article_id, a.c.date, a.c.title, q.c.speaker, q.c.speaker_type,
                   q.c.speaker_entity_id, e.c.name.label("speaker_canonical"), q.c.text, q.c.span, q.c.spans,
                   q.c.sentence_span)
            .join(a, a.c.id == q.c.article_id).outerjoin(e, e.c.id == q.c.speaker_entity_id))
    where = _date_filter(a.c.date, since, until)
    if parse_text(speaker, "speaker"):
        where.append(or_(_contains(q.c.speaker, parse_text(speaker, "speaker")),
                         q.c.speaker_entity_id.in_(_entity_ids_matching(parse_text(speaker, "speaker")))))
    if parse_text(search, "search"):
        where.append(_contains(q.c.text, parse_text(search, "search")))
    stmt = stmt.where(*where).order_by(a.c.date.desc(), q.c.article_id, q.c.position).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


# -- figures and claims --------------------------------------------------------------------------
def _figure_select(metric, source, object, since, until):
    f, a, e = S.figures, S.articles, S.entities
    stmt = (select(f.c.id, f.c.article_id, f.c.article_date.label("date"), a.c.title, f.c.value, f.c.high,
                   f.c.metric, f.c.object, f.c.source, f.c.source_entity_id, e.c.name.label("source_canonical"),
                   f.c.lower_bound, f.c.upper_bound, f.c.text, f.c.span, f.c.sentence_span)
            .join(a, a.c.id == f.c.article_id).outerjoin(e, e.c.id == f.c.source_entity_id))
    where = _date_filter(f.c.article_date, since, until)
    metric = _choice(metric, METRICS, "metric")
    if metric:
        where.append(f.c.metric == metric)
    if parse_text(source, "source"):
        where.append(or_(_contains(f.c.source, parse_text(source, "source")),
                         f.c.source_entity_id.in_(_entity_ids_matching(parse_text(source, "source")))))
    if parse_text(object, "object"):
        where.append(_contains(f.c.object, parse_text(object, "object")))
    return stmt.where(*where)


def _figure_row(r) -> dict:
    d = dict(r)
    d["lower_bound"], d["upper_bound"] = bool(d["lower_bound"]), bool(d["upper_bound"])
    return d


def figures(store, metric: Optional[str] = None, source: Optional[str] = None, object: Optional[str] = None,
            since: Optional[str] = None, until: Optional[str] = None,
            limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """Numeric claims (value, metric, object, source), newest first."""
    limit, offset = parse_page(limit, offset)
    f = S.figures
    stmt = _figure_select(metric, source, object, since, until) \
        .order_by(f.c.article_date.desc(), f.c.article_id, f.c.position).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        return [_figure_row(r) for r in conn.execute(stmt).mappings()]


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"


def claims(store, metric: str, source: Optional[str] = None, object: Optional[str] = None,
           since: Optional[str] = None, until: Optional[str] = None, cumulative: bool = True) -> list[dict]:
    """The series of one figure over time across articles.

    One row per (date, source, metric, object): ``value`` (None when the articles disagree), ``values``
    (distinct, ascending), ``articles`` (ids), ``conflict`` and ``conflicts`` (reasons): different values
    from the same source for the same date, or (``cumulative``) a value below an earlier date's.
    Rows come grouped by series (source, object), oldest date first.
    """
    if not parse_text(metric, "metric"):
        raise QueryError("metric: required (one of " + ", ".join(METRICS) + ")")
    f = S.figures
    stmt = _figure_select(metric, source, object, since, until).order_by(f.c.article_date, f.c.id)
    groups: dict[tuple, dict] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            src = r["source_canonical"] or (r["source"] or "").strip() or None
            obj = (r["object"] or "").strip()
            key = ((src or "").casefold(), r["metric"], obj.casefold(), r["date"] or "")
            g = groups.get(key)
            if g is None:
                g = groups[key] = {"date": r["date"], "source": src, "metric": r["metric"], "object": obj or None,
                                   "values": set(), "articles": [], "lower_bound": False, "figures": []}
            g["values"].add(float(r["value"]))
            if r["article_id"] not in g["articles"]:
                g["articles"].append(r["article_id"])
            g["lower_bound"] = g["lower_bound"] or bool(r["lower_bound"])
            g["figures"].append(r["id"])
    series: dict[tuple, list[dict]] = defaultdict(list)
    for key, g in groups.items():
        series[key[:3]].append(g)
    out = []
    for skey in sorted(series, key=lambda k: (k[0], k[2])):
        best_before = None          # (value, date) of the highest value so far in the series
        for g in sorted(series[skey], key=lambda g: g["date"] or ""):
            values = sorted(g["values"])
            conflicts = []
            if len(values) > 1:
                conflicts.append(f"{len(values)} different values the same day: " + ", ".join(map(_fmt, values)))
            if cumulative and best_before and max(values) < best_before[0]:
                conflicts.append(f"goes down: {_fmt(max(values))} < {_fmt(best_before[0])} on {best_before[1]}")
            if not best_before or max(values) > best_before[0]:
                best_before = (max(values), g["date"])
            out.append({"date": g["date"], "source": g["source"], "metric": g["metric"], "object": g["object"],
                        "value": values[0] if len(values) == 1 else None, "values": values,
                        "lower_bound": g["lower_bound"], "articles": g["articles"], "figures": g["figures"],
                        "conflict": bool(conflicts), "conflicts": conflicts})
    return out


# -- events --------------------------------------------------------------------------------------
def _event_select(export: bool = False):
    """The event columns of ``events`` and ``iter_events``, with the article's source id and case and the event's
    place record; an export adds the actor and place records and the article's citation (title, url,
    publication) that the PLOVER record carries."""
    ev, a, p = S.events, S.articles, S.places
    cols = [ev.c.id, ev.c.article_id, a.c.source_id.label("article_source_id"), ev.c.position, ev.c.date,
            ev.c.date_inferred, a.c.date.label("article_date"), a.c.text_case.label("article_case"),
            ev.c.type, ev.c.mode, ev.c.source_name, ev.c.source_country, ev.c.source_role,
            ev.c.source_entity_id, ev.c.target_name, ev.c.target_country, ev.c.target_role,
            ev.c.target_entity_id, ev.c.place, ev.c.place_id, ev.c.lat, ev.c.lon, ev.c.claimed_by, ev.c.background,
            ev.c.trigger, ev.c.sentence, ev.c.span, ev.c.sentence_span,
            p.c.geonameid.label("place_geonameid"), p.c.feature.label("place_feature"),
            p.c.resolution.label("place_resolution"), p.c.country_code.label("place_country")]
    if export:
        cols += [ev.c.source.label("source_actor"), ev.c.target.label("target_actor"), ev.c.place_detail,
                 a.c.title.label("article_title"), a.c.url.label("article_url"),
                 a.c.source.label("article_publication")]
    return select(*cols).join(a, a.c.id == ev.c.article_id).outerjoin(p, p.c.id == ev.c.place_id)


def _event_row(r) -> dict:
    d = dict(r)
    d["date_inferred"] = bool(d["date_inferred"])
    d["background"] = bool(d["background"])
    return d


def _resolve_place(conn, name: str) -> tuple[float, float]:
    """Coordinates of the best-known place called ``name`` (exact name, then a mention, then a substring)."""
    p, pm = S.places, S.place_mentions
    counts = (select(pm.c.place_id, func.count().label("n")).group_by(pm.c.place_id).subquery())
    base = select(p.c.lat, p.c.lon).select_from(p.outerjoin(counts, counts.c.place_id == p.c.id)) \
        .where(p.c.lat.is_not(None), p.c.lon.is_not(None)) \
        .order_by(func.coalesce(counts.c.n, 0).desc(), p.c.id).limit(1)
    for cond in (func.lower(p.c.name) == name.lower(), p.c.id.in_(_place_ids_matching(name))):
        row = conn.execute(base.where(cond)).first()
        if row:
            return float(row[0]), float(row[1])
    raise QueryError(f"place: no stored place matches {name!r} (try `eventwire query places --name ...`)")


def _event_filters(conn, type, actor, place, near, km, since, until):
    ev = S.events
    near = parse_near(near)
    etype = _choice(type, PLOVER_TYPES, "type", upper=True)
    where = _date_filter(ev.c.date, since, until)
    if etype:
        where.append(ev.c.type == etype)
    actor = parse_text(actor, "actor")
    if actor:
        ids = _entity_ids_matching(actor)
        where.append(or_(_contains(ev.c.source_name, actor), _contains(ev.c.target_name, actor),
                         ev.c.source_entity_id.in_(ids), ev.c.target_entity_id.in_(ids)))
    place = parse_text(place, "place")
    km = _km(km)
    if place and near:
        raise QueryError("give either place or near, not both")
    if place and km is not None:
        near = _resolve_place(conn, place)
    elif place:
        where.append(or_(_contains(ev.c.place, place), ev.c.place_id.in_(_place_ids_matching(place))))
    if near:
        km = km if km is not None else 50.0
        where.append(_bbox(ev.c.lat, ev.c.lon, near[0], near[1], km))
    elif km is not None:
        raise QueryError("km: needs a place or near=LAT,LON")
    return where, near, km


def events(store, type: Optional[str] = None, actor: Optional[str] = None, place: Optional[str] = None,
           near=None, km: Optional[float] = None, since: Optional[str] = None, until: Optional[str] = None,
           limit: int = DEFAULT_LIMIT, offset: int = 0) -> list[dict]:
    """PLOVER events, newest first (nearest first with a radius).

    ``actor`` matches source or target name (or any alias of their entity); ``place`` matches the event's
    place name, or with ``km`` the circle around the stored place of that name; ``near=(lat, lon)`` + ``km``.
    """
    limit, offset = parse_page(limit, offset)
    ev = S.events
    with store.engine.connect() as conn:
        where, near, km = _event_filters(conn, type, actor, place, near, km, since, until)
        stmt = _event_select().where(*where).order_by(ev.c.date.desc(), ev.c.id)
        if near:
            rows = [_event_row(r) for r in conn.execute(stmt).mappings()]
            return _within(rows, near, km)[offset:offset + limit]
        return [_event_row(r) for r in conn.execute(stmt.limit(limit).offset(offset)).mappings()]


def iter_events(store, type: Optional[str] = None, actor: Optional[str] = None, place: Optional[str] = None,
                near=None, km: Optional[float] = None, since: Optional[str] = None,
                until: Optional[str] = None) -> Iterator[dict]:
    """Every matching event (no page cap), in storage order, streamed in chunks: for exports."""
    ev = S.events
    last = 0
    with store.engine.connect() as conn:
        where, near, km = _event_filters(conn, type, actor, place, near, km, since, until)
    while True:
        with store.engine.connect() as conn:
            rows = [_event_row(r) for r in conn.execute(
                _event_select(export=True).where(*where, ev.c.id > last).order_by(ev.c.id).limit(_EXPORT_CHUNK))
                .mappings()]
        if not rows:
            return
        last = rows[-1]["id"]
        if near:
            rows = [r for r in rows if haversine_km(near[0], near[1], r["lat"], r["lon"]) <= km]
        yield from rows


def stats(store) -> dict:
    """Counts of everything stored (articles, stories, entities, places, quotes, figures, events, ...)."""
    return store.stats()
