"""Read-only queries over a Store: plain functions returning JSON-ready lists of dicts.

The CLI (``eventwire query ...``) and the HTTP API are thin layers over exactly these:

    from eventwire import query
    query.articles(store, search="Kherson", since="2022-08-01", limit=20)
    query.entities(store, name="Zavalniuk")
    query.places(store, near=(46.64, 32.61), km=50)
    query.claims(store, "killed", source="General Staff")

Invalid parameter values raise ``QueryError`` (a ValueError) with a one-line message.
The ``parse_*`` checks are the ones the CLI and the API apply to their parameters.
"""
from eventwire.query.core import (DEFAULT_LIMIT, MAX_INT, MAX_LIMIT, METRICS, PLOVER_TYPES, QueryError, article,
                                  articles, claims, entities, entity, events, figures, haversine_km, iter_events,
                                  parse_date, parse_id, parse_int, parse_near, parse_page, parse_period, parse_text,
                                  places, quotes, stats)

__all__ = ["articles", "article", "entities", "entity", "places", "quotes", "figures", "claims", "events",
           "iter_events", "stats", "QueryError", "MAX_LIMIT", "MAX_INT", "DEFAULT_LIMIT", "PLOVER_TYPES", "METRICS",
           "parse_date", "parse_period", "parse_int", "parse_id", "parse_page", "parse_text", "parse_near",
           "haversine_km"]
