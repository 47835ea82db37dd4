"""The analyst's page: static files here (``static/``), vendored JavaScript from installed xstatic
packages (no CDN, no build step), country outlines from ``outlines``."""
from __future__ import annotations

import importlib
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"

# URL prefix under /vendor/ -> the xstatic package whose BASE_DIR holds the files.
VENDOR = {
    "leaflet": "xstatic.pkg.leaflet",                          # xstatic-leaflet
    "markercluster": "xstatic.pkg.leaflet_markercluster",      # xstatic-leaflet-markercluster
}


def vendor_dir(name: str) -> str:
    """The folder of one vendored package's files (see VENDOR)."""
    return importlib.import_module(VENDOR[name]).BASE_DIR


__all__ = ["STATIC", "VENDOR", "vendor_dir"]
