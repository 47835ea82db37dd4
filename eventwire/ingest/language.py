"""Language identification (py3langid: offline, model shipped in the package)."""
from __future__ import annotations


def detect_language(text: str, default: str = "en") -> str:
    import py3langid

    sample = text[:5000].strip()
    if len(sample) < 20:
        return default  # too short to tell; treat as the feed's default
    lang, _score = py3langid.classify(sample)
    return lang
