"""One place with its evidence (articles mentioning it, events located there): SQLAlchemy Core, bound values."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select

from eventwire.store import schema as S

MAX_ROWS = 500


def place_detail(store, place_id: int) -> Optional[dict]:
    p, pm, a, ev = S.places, S.place_mentions, S.articles, S.events
    with store.engine.connect() as conn:
        row = conn.execute(select(p.c.id, p.c.name, p.c.country_code, p.c.admin1, p.c.lat, p.c.lon, p.c.geonameid,
                                  p.c.feature, p.c.resolution).where(p.c.id == place_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        mentions: dict[str, None] = {}
        articles = []
        for r in conn.execute(
                select(a.c.id, a.c.date, a.c.title, a.c.source, pm.c.name_in_article, pm.c.mentions, pm.c.position)
                .join(pm, pm.c.article_id == a.c.id).where(pm.c.place_id == place_id)
                .order_by(a.c.date.desc(), a.c.id).limit(MAX_ROWS)).mappings():
            for m in r["mentions"] or []:
                mentions.setdefault(m, None)
            articles.append({"id": r["id"], "date": r["date"], "title": r["title"], "source": r["source"],
                             "position": r["position"], "mentions": list(r["mentions"] or [])})
        out["mentions"] = list(mentions)
        out["articles"] = articles
        out["article_count"] = conn.execute(select(func.count(func.distinct(pm.c.article_id)))
                                            .where(pm.c.place_id == place_id)).scalar() or 0
        out["events"] = [dict(r) for r in conn.execute(
            select(ev.c.id, ev.c.article_id, ev.c.type, ev.c.date, ev.c.source_name, ev.c.target_name, ev.c.sentence)
            .where(ev.c.place_id == place_id).order_by(ev.c.date.desc(), ev.c.id).limit(MAX_ROWS)).mappings()]
    return out
