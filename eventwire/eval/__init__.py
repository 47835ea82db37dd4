"""The product's own evaluation on the eight public gold sets in ``../shared/data/``.

``python -m eventwire.eval`` (``make eval-public``) runs the real extraction over each set's
fixed report split and prints one table.  A top layer like ``eventwire/cli.py``: nothing
else in the package imports it.  One module per set, each stating its split and what it counts;
``core`` holds what they share; ``damaged`` runs two sets again with their case taken away.
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
    """The SetSpec of set ``name``: a published set, or a damaged run of one (``geowebnews-lower``)."""
    from eventwire.eval.damaged import damaged_names, damaged_spec

    if name in damaged_names():
        original, damage = damaged_names()[name]
        return damaged_spec(spec(original), damage)
    return importlib.import_module(f"eventwire.eval.{SET_MODULES[name]}").SPEC


def set_names(damages=None) -> list[str]:
    """Set names in the table's order, each published set followed by its damaged runs: those
    of ``damages`` (default: the ones a plain ``make eval-public`` runs)."""
    from eventwire.eval.damaged import DAMAGED_SETS, IN_DEFAULT_RUN, damaged_name

    damages = IN_DEFAULT_RUN if damages is None else damages
    return [n for s in SET_MODULES
            for n in [s] + ([damaged_name(s, d) for d in damages] if s in DAMAGED_SETS else [])]
