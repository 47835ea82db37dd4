"""``Store``: the database behind ``eventwire ingest`` / ``query`` / ``serve``.

    from eventwire.store import Store

    with Store.open("eventwire.db") as store:          # or "sqlite:///x.db", "postgresql://..."
        counts = store.add(extractions)                  # one transaction; stored articles skipped
        store.has_article("3f2a...")                     # -> bool
        store.article("3f2a...")                         # -> dict: article + every item with spans
        store.extraction("3f2a...")                      # -> Extraction, as it was added
        store.stats()                                    # -> {"articles": 12, "entities": 40, ...}
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, Optional

from sqlalchemy import distinct, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from eventwire.records import Article, Entity, Event, Extraction, Place
from eventwire.store import schema as S
from eventwire.store.backend import Backend, StoreError, backend_for, normalize_url
from eventwire.store.keys import entity_key, place_key


def _add_source_id_and_warnings(conn, backend) -> None:
    """Version 2: the input's own id and the warnings of reading and extracting each article."""
    conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN source_id TEXT")
    conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN ingest_warnings JSON")
    conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN extraction_warnings JSON")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_articles_source_id ON articles (source_id)")



def _add_place_resolution(conn, backend) -> None:
    """Version 3: places.resolution (how fine the pin is), filled from the feature class stored before it."""
    conn.execute(text("ALTER TABLE places ADD COLUMN resolution VARCHAR(16)"))
    conn.execute(text("UPDATE places SET resolution = CASE feature WHEN 'country' THEN 'country' "
                      "WHEN 'admin' THEN 'admin1' WHEN 'city' THEN 'city' WHEN 'region' THEN 'region' END"))


# version -> function(conn, backend) bringing a database from version-1 up to version.
def _add_text_case(conn, backend) -> None:
    """Version 4: articles.text_case, the case damage found before parsing (issue 16)."""
    conn.exec_driver_sql("ALTER TABLE articles ADD COLUMN text_case VARCHAR(8)")


def _add_event_background(conn, backend) -> None:
    """Version 5: events.background (an earlier act the article states as fact); stored events are not."""
    conn.execute(text("ALTER TABLE events ADD COLUMN background BOOLEAN NOT NULL DEFAULT FALSE"))


MIGRATIONS: dict = {2: _add_source_id_and_warnings, 3: _add_place_resolution, 4: _add_text_case,
                    5: _add_event_background}

_CHUNK = 500


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _span(value):
    return list(value) if value is not None else None


def _spans(values):
    return [list(v) for v in (values or [])]


class Store:
    """A database of articles and everything extracted from them (SQLAlchemy Core)."""

    tables = S

    def __init__(self, engine, backend: Backend, url: str):
        self.engine = engine
        self.backend = backend
        self.url = url
        self._stories = None          # StoryClusterer, loaded on the first add()

    # -- opening -------------------------------------------------------------------------------
    @classmethod
    def open(cls, url_or_path: Optional[str] = None, create: bool = True) -> "Store":
        """Open (and on first use create) the store at a path or URL; default ``./eventwire.db``.

        ``create=False`` (the read-only commands, the API) raises StoreError instead of creating
        anything when there is no eventwire database there -- not even an empty SQLite file.
        """
        url = normalize_url(url_or_path)
        backend = backend_for(url)
        if not create:
            backend.require_existing()
        engine = backend.create_engine()
        store = cls(engine, backend, url)
        try:
            store._ensure_schema(create)
        except SQLAlchemyError as exc:
            engine.dispose()
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {reason}") from None
        except Exception:
            engine.dispose()
            raise
        return store

    def _ensure_schema(self, create: bool) -> None:
        with self.engine.begin() as conn:
            version = None
            if self.engine.dialect.has_table(conn, "meta"):
                row = conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).first()
                version = int(row[0]) if row else None
            if version is None:
                if not create:
                    raise StoreError(f"no eventwire database at {self.engine.url.render_as_string(hide_password=True)}")
                S.metadata.create_all(conn)
                self.backend.setup(conn)
                conn.execute(S.meta.insert(), [{"key": "schema_version", "value": str(S.SCHEMA_VERSION)},
                                               {"key": "created_at", "value": _now()}])
                return
            if version > S.SCHEMA_VERSION:
                raise StoreError(f"database schema version {version} is newer than this eventwire "
                                 f"(knows {S.SCHEMA_VERSION}); upgrade eventwire")
            while version < S.SCHEMA_VERSION:
                version += 1
                MIGRATIONS[version](conn, self.backend)
                conn.execute(S.meta.update().where(S.meta.c.key == "schema_version").values(value=str(version)))

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(S.meta.c.value).where(S.meta.c.key == "schema_version")).scalar_one())

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __repr__(self):
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- reading ids ---------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(S.articles.c.seq).where(S.articles.c.id == article_id)).first() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        ids = list(dict.fromkeys(ids))
        with self.engine.connect() as conn:
            return self._existing(conn, ids)

    @staticmethod
    def _existing(conn, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            found.update(conn.execute(select(S.articles.c.id).where(S.articles.c.id.in_(chunk))).scalars())
        return found

    # -- writing -------------------------------------------------------------------------------
    def add(self, extractions: Iterable[Extraction], story_ids: Optional[dict] = None) -> dict:
        """Store a batch of extractions in ONE transaction; articles already stored are skipped.

        ``story_ids`` optionally maps article id -> near-duplicate cluster id.  Returns counts:
        articles (added), skipped, entities, new_entities, places, quotes, figures, events.
        """
        batch = list(extractions)
        counts = dict(articles=0, skipped=0, entities=0, new_entities=0, places=0, quotes=0, figures=0, events=0)
        if not batch:
            return counts
        try:
            with self.engine.begin() as conn:
                seen = self._existing(conn, [x.article.id for x in batch])
                for extraction in batch:
                    art = extraction.article
                    if art.id in seen:
                        counts["skipped"] += 1
                        continue
                    seen.add(art.id)
                    story, signature = (story_ids or {}).get(art.id), None
                    if story is None:
                        story, signature = self._story_of(conn, art)
                    _Writer(conn, self.backend, counts).add(extraction, story)
                    if signature is not None:
                        conn.execute(S.article_signatures.insert().values(article_id=art.id, signature=signature))
        except BaseException:
            self._stories = None      # it may hold articles that were rolled back: reload next time
            raise
        return counts

    def _story_of(self, conn, art: Article):
        """(story_id, packed signature) for a new article: the story of its nearest earlier near-duplicate."""
        from eventwire.store import stories   # datasketch: loaded only when something is stored

        if self._stories is None:
            a, sg = S.articles, S.article_signatures
            rows = conn.execute(select(sg.c.article_id, sg.c.signature, a.c.story_id)
                                .join(a, a.c.id == sg.c.article_id).order_by(a.c.seq))
            self._stories = stories.StoryClusterer.from_rows(rows)
        sig = stories.signature(art.text)
        return self._stories.add(art.id, sig), stories.pack_signature(sig)

    def set_story(self, article_id: str, story_id: Optional[str]) -> None:
        """Put an article in a near-duplicate cluster (None: a story of its own)."""
        with self.engine.begin() as conn:
            conn.execute(S.articles.update().where(S.articles.c.id == article_id).values(story_id=story_id))

    # -- reading -------------------------------------------------------------------------------
    def article(self, article_id: str, with_text: bool = True) -> Optional[dict]:
        """The article and every item extracted from it, with spans and database ids; None if unknown."""
        with self.engine.connect() as conn:
            row = conn.execute(select(S.articles).where(S.articles.c.id == article_id)).mappings().first()
            if row is None:
                return None
            article = {k: row[k] for k in ("id", "source_id", "date", "date_precision", "date_inferred", "title",
                                           "source", "url", "language", "origin", "text", "truncated", "story_id",
                                           "ingested_at")}
            article["case"] = row["text_case"]
            if not with_text:
                article.pop("text")
            article["date_inferred"] = bool(article["date_inferred"])
            article["truncated"] = bool(article["truncated"])
            article["ingest_warnings"] = list(row["ingest_warnings"] or [])
            warnings = list(row["extraction_warnings"] or [])

            e, m = S.entities, S.entity_mentions
            ents = [{
                "entity_id": r.entity_id, "name": r.name_in_article, "canonical_name": r.canonical_name,
                "type": r.type, "aliases": list(r.aliases or []), "spans": _spans(r.spans),
                "sentence_spans": _spans(r.sentence_spans)}
                for r in conn.execute(select(m, e.c.name.label("canonical_name")).join(e, e.c.id == m.c.entity_id)
                                      .where(m.c.article_id == article_id).order_by(m.c.position, m.c.id))]

            p, pm = S.places, S.place_mentions
            places = [{
                "place_id": r.place_id, "name": r.name_in_article, "mentions": list(r.mentions or []),
                "country_code": r.country_code, "admin1": r.admin1, "lat": r.lat, "lon": r.lon,
                "geonameid": r.geonameid, "feature": r.feature, "resolution": r.resolution,
                "gazetteer_source": r.gazetteer_source,
                "spans": _spans(r.spans), "sentence_spans": _spans(r.sentence_spans)}
                for r in conn.execute(select(pm, p.c.country_code, p.c.admin1, p.c.lat, p.c.lon, p.c.geonameid,
                                             p.c.feature, p.c.resolution, p.c.gazetteer_source)
                                      .join(p, p.c.id == pm.c.place_id)
                                      .where(pm.c.article_id == article_id).order_by(pm.c.position, pm.c.id))]

            q = S.quotes
            quotes = [{
                "id": r.id, "text": r.text, "speaker": r.speaker, "speaker_type": r.speaker_type,
                "speaker_entity_id": r.speaker_entity_id, "span": _span(r.span), "spans": _spans(r.spans),
                "speaker_span": _span(r.speaker_span), "sentence_span": _span(r.sentence_span)}
                for r in conn.execute(select(q).where(q.c.article_id == article_id).order_by(q.c.position, q.c.id))]

            f = S.figures
            figures = [{
                "id": r.id, "value": r.value, "metric": r.metric, "object": r.object, "source": r.source,
                "source_entity_id": r.source_entity_id, "lower_bound": bool(r.lower_bound),
                "upper_bound": bool(r.upper_bound), "high": r.high, "text": r.text or "",
                "span": _span(r.span), "sentence_span": _span(r.sentence_span)}
                for r in conn.execute(select(f).where(f.c.article_id == article_id).order_by(f.c.position, f.c.id))]

            ev = S.events
            events = [_event_dict(r) for r in conn.execute(
                select(ev).where(ev.c.article_id == article_id).order_by(ev.c.position, ev.c.id)).mappings()]
        return {"article": article, "entities": ents, "places": places, "quotes": quotes,
                "quantities": figures, "events": events, "warnings": warnings}

    def extraction(self, article_id: str) -> Optional[Extraction]:
        """The Extraction as it was added (per-article names), or None."""
        data = self.article(article_id)
        return Extraction.from_dict(data) if data else None

    @staticmethod
    def _story_events():
        """One row per distinct event within a story (near-duplicate articles share a story)."""
        ev, a = S.events, S.articles
        return (select(func.coalesce(a.c.story_id, a.c.id).label("story"), ev.c.type, ev.c.source_name,
                       ev.c.target_name, ev.c.place, ev.c.date)
                .select_from(ev.join(a, a.c.id == ev.c.article_id)).distinct())

    def stats(self) -> dict:
        """Counts: articles, stories, entities, people, organizations, places, places_with_coordinates,
        quotes, figures, events (once per story), events_counted_per_article (once in every article that
        reports them, copies of a story included), non_english."""
        a, e, p = S.articles, S.entities, S.places
        with self.engine.connect() as conn:
            def count(stmt):
                return int(conn.execute(stmt).scalar() or 0)
            return {
                "articles": count(select(func.count()).select_from(a)),
                "stories": count(select(func.count(distinct(func.coalesce(a.c.story_id, a.c.id))))),
                "entities": count(select(func.count()).select_from(e)),
                "people": count(select(func.count()).select_from(e).where(e.c.type == "PERSON")),
                "organizations": count(select(func.count()).select_from(e).where(e.c.type == "ORG")),
                "places": count(select(func.count()).select_from(p)),
                "places_with_coordinates": count(select(func.count()).select_from(p).where(p.c.lat.is_not(None))),
                "quotes": count(select(func.count()).select_from(S.quotes)),
                "figures": count(select(func.count()).select_from(S.figures)),
                # an event reported by several copies of one story counts once (per-article count beside it)
                "events": count(select(func.count()).select_from(self._story_events().subquery())),
                "events_counted_per_article": count(select(func.count()).select_from(S.events)),
                "non_english": count(select(func.count()).select_from(a).where(
                    a.c.language.is_not(None), a.c.language != "en")),
            }


def _event_dict(r) -> dict:
    return {
        "id": r["id"], "type": r["type"], "mode": r["mode"],
        "source": r["source"], "target": r["target"],
        "source_entity_id": r["source_entity_id"], "target_entity_id": r["target_entity_id"],
        "place": r["place"], "place_id": r["place_id"], "lat": r["lat"], "lon": r["lon"],
        "place_detail": r["place_detail"], "date": r["date"], "date_inferred": bool(r["date_inferred"]),
        "claimed_by": r["claimed_by"], "background": bool(r["background"]), "trigger": r["trigger"] or "",
        "span": _span(r["span"]),
        "sentence": r["sentence"] or "", "sentence_span": _span(r["sentence_span"]),
    }


class _Writer:
    """Writes one extraction inside the caller's transaction."""

    def __init__(self, conn, backend: Backend, counts: dict):
        self.conn = conn
        self.backend = backend
        self.counts = counts
        self.local_entities: dict[str, int] = {}     # name/alias keys in this article -> entity id
        self.local_places: dict[str, tuple] = {}     # lowercased names/mentions -> (place id, lat, lon)

    def add(self, x: Extraction, story_id: Optional[str]) -> None:
        art = x.article
        self._article(art, story_id, x.warnings)
        for i, ent in enumerate(x.entities):
            self._entity(art.id, i, ent)
        for i, place in enumerate(x.places):
            self._place_mention(art.id, i, place)
        conn = self.conn
        if x.quotes:
            conn.execute(S.quotes.insert(), [{
                "article_id": art.id, "position": i, "speaker": q.speaker, "speaker_type": q.speaker_type,
                "speaker_entity_id": self._resolve(q.speaker), "text": q.text, "span": _span(q.span),
                "spans": _spans(q.spans), "speaker_span": _span(q.speaker_span),
                "sentence_span": _span(q.sentence_span)} for i, q in enumerate(x.quotes)])
        if x.quantities:
            conn.execute(S.figures.insert(), [{
                "article_id": art.id, "article_date": art.date, "position": i, "value": float(q.value),
                "high": q.high, "metric": q.metric, "object": q.object, "source": q.source,
                "source_entity_id": self._resolve(q.source, global_too=True), "lower_bound": bool(q.lower_bound),
                "upper_bound": bool(q.upper_bound), "text": q.text, "span": _span(q.span),
                "sentence_span": _span(q.sentence_span)} for i, q in enumerate(x.quantities)])
        if x.events:
            conn.execute(S.events.insert(), [self._event_row(art, i, ev) for i, ev in enumerate(x.events)])
        self.counts["articles"] += 1
        self.counts["entities"] += len(x.entities)
        self.counts["places"] += len(x.places)
        self.counts["quotes"] += len(x.quotes)
        self.counts["figures"] += len(x.quantities)
        self.counts["events"] += len(x.events)

    # articles
    def _article(self, art: Article, story_id, extraction_warnings: list[str]):
        result = self.conn.execute(S.articles.insert().values(
            id=art.id, date=art.date, date_precision=art.date_precision, date_inferred=bool(art.date_inferred),
            title=art.title, source=art.source, url=art.url, language=art.language, origin=art.origin,
            text=art.text, truncated=bool(art.truncated), text_case=art.case, story_id=story_id, ingested_at=_now(),
            source_id=art.source_id, ingest_warnings=list(art.ingest_warnings) or None,
            extraction_warnings=list(extraction_warnings) or None))
        self.backend.index_article(self.conn, result.inserted_primary_key[0], art.title, art.text)

    # entities
    def _entity(self, article_id: str, position: int, ent: Entity) -> None:
        conn, e, al = self.conn, S.entities, S.entity_aliases
        etype = ent.type or "ORG"
        key = entity_key(ent.name, etype)
        alias_keys = {entity_key(a, etype) for a in ent.aliases} - {key, ""}
        entity_id = conn.execute(select(e.c.id).where(e.c.type == etype, e.c.key == key)).scalar()
        if entity_id is None:
            # a known alias of exactly one entity ("Petrenko" -> "Anna Petrenko")
            ids = conn.execute(select(al.c.entity_id).join(e, e.c.id == al.c.entity_id)
                               .where(al.c.key == key, e.c.type == etype).distinct().limit(2)).scalars().all()
            if len(ids) == 1:
                entity_id = ids[0]
        if entity_id is None and alias_keys:
            # this article's aliases name exactly one known entity: "Anna Petrenko" (aka Petrenko) joins "Petrenko"
            rows = conn.execute(select(e.c.id, e.c.name).where(e.c.type == etype, e.c.key.in_(sorted(alias_keys)))
                                .limit(2)).all()
            if len(rows) == 1:
                entity_id, old_name = rows[0]
                if len(ent.name.split()) > len(old_name.split()):   # the fuller name becomes canonical
                    conn.execute(e.update().where(e.c.id == entity_id).values(name=ent.name, key=key))
        if entity_id is None:
            conn.execute(self.backend.insert_ignore(e).values(name=ent.name, type=etype, key=key))
            entity_id = conn.execute(select(e.c.id).where(e.c.type == etype, e.c.key == key)).scalar_one()
            self.counts["new_entities"] += 1
        for alias in dict.fromkeys([ent.name, *ent.aliases]):
            if alias:
                conn.execute(self.backend.insert_ignore(al).values(entity_id=entity_id, alias=alias,
                                                                   key=entity_key(alias, etype)))
        conn.execute(S.entity_mentions.insert().values(
            entity_id=entity_id, article_id=article_id, position=position, name_in_article=ent.name, type=etype,
            aliases=list(ent.aliases), spans=_spans(ent.spans), sentence_spans=_spans(ent.sentence_spans)))
        for name in (ent.name, *ent.aliases):
            for t in (etype, None):
                self.local_entities.setdefault(entity_key(name, t), entity_id)
            self.local_entities.setdefault(name.casefold(), entity_id)

    def _resolve(self, name: Optional[str], global_too: bool = False) -> Optional[int]:
        """The entity id a speaker / source / actor name refers to (this article's entities first)."""
        if not name:
            return None
        for candidate in (name.casefold(), entity_key(name, None), entity_key(name, "PERSON"), entity_key(name, "ORG")):
            if candidate in self.local_entities:
                return self.local_entities[candidate]
        if global_too:
            e, al = S.entities, S.entity_aliases
            keys = sorted({entity_key(name, t) for t in ("PERSON", "ORG", None)} - {""})
            ids = self.conn.execute(select(e.c.id).where(e.c.key.in_(keys)).distinct().limit(2)).scalars().all()
            if not ids:
                ids = self.conn.execute(select(al.c.entity_id).where(al.c.key.in_(keys))
                                        .distinct().limit(2)).scalars().all()
            if len(ids) == 1:
                return ids[0]
        return None

    # places
    def _place_id(self, place: Place) -> int:
        p = S.places
        key = place_key(place.name, place.country_code, place.geonameid)
        place_id = self.conn.execute(select(p.c.id).where(p.c.key == key)).scalar()
        if place_id is None:
            self.conn.execute(self.backend.insert_ignore(p).values(
                key=key, name=place.name, country_code=place.country_code, admin1=place.admin1, lat=place.lat,
                lon=place.lon, geonameid=place.geonameid, feature=place.feature, resolution=place.resolution,
                gazetteer_source=place.gazetteer_source))
            place_id = self.conn.execute(select(p.c.id).where(p.c.key == key)).scalar_one()
        return place_id

    def _place_mention(self, article_id: str, position: int, place: Place) -> None:
        place_id = self._place_id(place)
        self.conn.execute(S.place_mentions.insert().values(
            place_id=place_id, article_id=article_id, position=position, name_in_article=place.name,
            mentions=list(place.mentions), spans=_spans(place.spans), sentence_spans=_spans(place.sentence_spans)))
        for name in (place.name, *place.mentions):
            self.local_places.setdefault(name.casefold(), (place_id, place.lat, place.lon))

    # events
    def _event_row(self, art: Article, position: int, ev: Event) -> dict:
        place_id = lat = lon = None
        if ev.place_detail is not None:
            place_id, lat, lon = self._place_id(ev.place_detail), ev.place_detail.lat, ev.place_detail.lon
        elif ev.place:
            place_id, lat, lon = self.local_places.get(ev.place.casefold(), (None, None, None))
        src, tgt = ev.source, ev.target
        return {
            "article_id": art.id, "position": position, "type": ev.type, "mode": ev.mode,
            "source_name": src.name if src else None, "source_country": src.country if src else None,
            "source_role": src.role if src else None, "source": src.to_dict() if src else None,
            "source_entity_id": self._resolve_actor(src),
            "target_name": tgt.name if tgt else None, "target_country": tgt.country if tgt else None,
            "target_role": tgt.role if tgt else None, "target": tgt.to_dict() if tgt else None,
            "target_entity_id": self._resolve_actor(tgt),
            "place": ev.place, "lat": lat, "lon": lon, "place_id": place_id,
            "place_detail": ev.place_detail.to_dict() if ev.place_detail else None,
            "date": ev.date, "date_inferred": bool(ev.date_inferred), "claimed_by": ev.claimed_by,
            "background": bool(ev.background),
            "trigger": ev.trigger, "sentence": ev.sentence, "span": _span(ev.span),
            "sentence_span": _span(ev.sentence_span),
        }

    def _resolve_actor(self, actor) -> Optional[int]:
        if actor is None:
            return None
        for name in (actor.name, *actor.aliases):
            found = self._resolve(name)
            if found is not None:
                return found
        return None
