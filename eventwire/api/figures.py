"""One figure with its evidence (the article and the sentence it was read from), for the figures
view's "evidence one click away": SQLAlchemy Core, bound values."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select

from eventwire.store import schema as S


def figure_evidence(store, figure_id: int) -> Optional[dict]:
    """The figure's row, plus ``article`` (id, date, title, source, url) and ``sentence`` (its text)."""
    f, a = S.figures, S.articles
    with store.engine.connect() as conn:
        row = conn.execute(
            select(f.c.id, f.c.article_id, f.c.article_date.label("date"), f.c.position, f.c.value, f.c.high,
                   f.c.metric, f.c.object, f.c.source, f.c.lower_bound, f.c.upper_bound, f.c.text, f.c.span,
                   f.c.sentence_span, a.c.title, a.c.source.label("article_source"), a.c.url, a.c.text.label("body"))
            .join(a, a.c.id == f.c.article_id).where(f.c.id == figure_id)).mappings().first()
    if row is None:
        return None
    out = {k: v for k, v in row.items() if k not in ("title", "article_source", "url", "body")}
    out["lower_bound"], out["upper_bound"] = bool(out["lower_bound"]), bool(out["upper_bound"])
    out["article"] = {"id": row["article_id"], "date": row["date"], "title": row["title"],
                      "source": row["article_source"], "url": row["url"]}
    start, end = (row["sentence_span"] or (0, 0))[:2]
    out["sentence"] = row["body"][start:end] if end > start else None
    return out
