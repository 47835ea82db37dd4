"""eventwire: news articles to a geocoded, queryable record of who did what to whom.

    import eventwire
    x = eventwire.extract_text(text, date="2024-03-04")     # one article, no database
    db = eventwire.open("eventwire.db")                     # or "postgresql://..."
    db.ingest(["examples/"])
    db.events(type="ASSAULT", place="Kharkiv", km=50).to_pandas()

See the README's "Python API".  Everything else (``eventwire.store``, ``eventwire.query``, ...)
is there too, but only these names are the curated surface.
"""
__version__ = "0.1.0"

from eventwire._api import Database, Digest, Records, extract_text, open  # noqa: E402  (after __version__)
from eventwire.errors import (ConfigError, DataError, EventwireError, IngestError, MissingExtraError,  # noqa: E402
                              ModelError, QueryError, SearchSyntaxError, StoreError)
from eventwire.ingestion import IngestReport  # noqa: E402
from eventwire.records import Actor, Article, Entity, Event, Extraction, Place, Quantity, Quote  # noqa: E402

__all__ = [
    "__version__", "extract_text", "open", "Database", "Records", "Digest", "IngestReport",
    "Extraction", "Article", "Entity", "Place", "Quote", "Quantity", "Actor", "Event",
    "EventwireError", "ConfigError", "DataError", "ModelError", "IngestError", "StoreError", "SearchSyntaxError",
    "QueryError", "MissingExtraError",
]
