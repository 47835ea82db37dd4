"""The database schema (SQLAlchemy Core), the same on SQLite and PostgreSQL.

Dialect-specific pieces (full-text index, pragmas, upserts) live in
``eventwire.store.backend``; everything here is portable.

Bump ``SCHEMA_VERSION`` and add a step to ``MIGRATIONS`` in
``eventwire.store.store`` whenever a table changes.
"""
from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
                        Text, UniqueConstraint)

SCHEMA_VERSION = 5                  # 2: articles.source_id, ingest_warnings, extraction_warnings; 3: places.resolution;
                                    # 4: articles.text_case; 5: events.background

metadata = MetaData()

meta = Table(
    "meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles", metadata,
    # seq: an integer row number (the full-text index's rowid on SQLite); id: the content hash everyone uses.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("date", String(10)),
    Column("date_precision", String(5)),
    Column("date_inferred", Boolean, nullable=False, default=False),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("truncated", Boolean, nullable=False, default=False),
    # lost case found in the text (lower | upper | mixed; null: normal); "case" is an SQL keyword
    Column("text_case", String(8)),
    Column("story_id", String(64)),                  # near-duplicate cluster (null: a story of its own)
    Column("ingested_at", String(32), nullable=False),
    Column("source_id", Text),                       # the input's own id (a JSON Lines record's "id")
    Column("ingest_warnings", JSON),                 # reading it: a guessed encoding, a replaced date
    Column("extraction_warnings", JSON),             # an extractor that failed, the time budget running out
    Index("ix_articles_date", "date"),
    Index("ix_articles_source", "source"),
    Index("ix_articles_story", "story_id"),
    Index("ix_articles_source_id", "source_id"),
)

# MinHash signatures of article bodies (eventwire.store.stories), to cluster near-duplicates.
article_signatures = Table(
    "article_signatures", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

entities = Table(
    "entities", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("key", Text, nullable=False),
    UniqueConstraint("type", "key", name="uq_entities_type_key"),
)

entity_aliases = Table(
    "entity_aliases", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("alias", Text, nullable=False),
    Column("key", Text, nullable=False),
    UniqueConstraint("entity_id", "alias", name="uq_entity_aliases"),
    Index("ix_entity_aliases_key", "key"),
)

entity_mentions = Table(
    "entity_mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, default=0),  # order within the article's extraction
    Column("name_in_article", Text, nullable=False),
    Column("type", String(16), nullable=False),
    Column("aliases", JSON, nullable=False),
    Column("spans", JSON, nullable=False),
    Column("sentence_spans", JSON, nullable=False),
    Index("ix_entity_mentions_entity", "entity_id"),
    Index("ix_entity_mentions_article", "article_id"),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", Text, nullable=False, unique=True),   # "gn:<geonameid>" or "name:<name>|<cc>"
    Column("name", Text, nullable=False),
    Column("country_code", String(8)),
    Column("admin1", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("feature", String(16)),
    Column("resolution", String(16)),                # country | admin1 | admin2 | city | sub-city | region
    Column("gazetteer_source", Text),
    Index("ix_places_name", "name"),
    Index("ix_places_latlon", "lat", "lon"),
)

place_mentions = Table(
    "place_mentions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("name_in_article", Text, nullable=False),
    Column("mentions", JSON, nullable=False),
    Column("spans", JSON, nullable=False),
    Column("sentence_spans", JSON, nullable=False),
    Index("ix_place_mentions_place", "place_id"),
    Index("ix_place_mentions_article", "article_id"),
)

quotes = Table(
    "quotes", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("speaker", Text),
    Column("speaker_type", String(16)),
    Column("speaker_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    Column("span", JSON),
    Column("spans", JSON),
    Column("speaker_span", JSON),
    Column("sentence_span", JSON),
    Index("ix_quotes_article", "article_id"),
    Index("ix_quotes_speaker_entity", "speaker_entity_id"),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("article_date", String(10)),
    Column("position", Integer, nullable=False, default=0),
    Column("value", Float, nullable=False),
    Column("high", Float),
    Column("metric", String(32), nullable=False),
    Column("object", Text),
    Column("source", Text),
    Column("source_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("lower_bound", Boolean, nullable=False, default=False),
    Column("upper_bound", Boolean, nullable=False, default=False),
    Column("text", Text),
    Column("span", JSON),
    Column("sentence_span", JSON),
    Index("ix_figures_metric_date", "metric", "article_date"),
    Index("ix_figures_article", "article_id"),
)

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, default=0),
    Column("type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("source_name", Text),
    Column("source_country", String(8)),
    Column("source_role", String(32)),
    Column("source_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("source", JSON),                          # the whole Actor record
    Column("target_name", Text),
    Column("target_country", String(8)),
    Column("target_role", String(32)),
    Column("target_entity_id", Integer, ForeignKey("entities.id", ondelete="SET NULL")),
    Column("target", JSON),
    Column("place", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_id", Integer, ForeignKey("places.id", ondelete="SET NULL")),
    Column("place_detail", JSON),
    Column("date", String(10)),
    Column("date_inferred", Boolean, nullable=False, default=False),
    Column("claimed_by", Text),
    Column("background", Boolean, nullable=False, default=False),   # schema 5
    Column("trigger", Text),
    Column("sentence", Text),
    Column("span", JSON),
    Column("sentence_span", JSON),
    Index("ix_events_type_date", "type", "date"),
    Index("ix_events_article", "article_id"),
    Index("ix_events_latlon", "lat", "lon"),
    Index("ix_events_source_entity", "source_entity_id"),
    Index("ix_events_target_entity", "target_entity_id"),
)
