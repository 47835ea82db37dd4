"""The eventwire store: one SQLite file by default, PostgreSQL given a URL.

    from eventwire.store import Store
    store = Store.open("eventwire.db")   # or "postgresql://user@host/db"
"""
from eventwire.store.backend import DEFAULT_DB, SearchSyntaxError, StoreError, normalize_url
from eventwire.store.schema import SCHEMA_VERSION
from eventwire.store.store import Store

__all__ = ["Store", "StoreError", "SearchSyntaxError", "DEFAULT_DB", "SCHEMA_VERSION", "normalize_url"]
