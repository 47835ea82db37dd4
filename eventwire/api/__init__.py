"""The read-only HTTP JSON API and the analyst's web page, in one FastAPI app.

    app = create_app("eventwire.db")          # or a postgresql:// URL, or an open Store
    uvicorn.run(app)

Every endpoint is a GET over `eventwire.query`; the Store comes in through FastAPI's
dependency injection (`get_store`).  Parameters are typed and range-checked by
FastAPI, so a bad one is a 422 whose body names it; an unknown id is a 404.
No SQL is built here: filters go to the query layer as values.
"""
from __future__ import annotations

from eventwire.api.app import create_app, get_store

__all__ = ["create_app", "get_store"]
