"""The product's own evaluation on the eight public gold sets in ``../shared/data/``.

``python -m eventwire.eval`` (``make eval-public``) runs the real extraction over each set's
fixed report split and prints one table.  A top layer like ``eventwire/cli.py``: nothing
else in the package imports it.  One module per set, each stating its split and what it counts;
``core`` holds what they share.
"""
from __future__ import annotations

import importlib

# set name -> module; the order is the table's order
SET_MODULES = {
    "tr-news": "trnews",
    "geowebnews": "geowebnews",
    "polnear": "polnear",
    "worldwide-newswire": "newswire",
    "idetect": "idetect",
    "plover-gsr": "plover_gsr",
    "case2021-task2": "case2021",
    "petrarch2-validation": "petrarch2",
}


def spec(name: str):
    """The SetSpec of set ``name``."""
    return importlib.import_module(f"eventwire.eval.{SET_MODULES[name]}").SPEC
