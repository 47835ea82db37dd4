"""Language identification (py3langid: offline, model shipped in the package)."""
from __future__ import annotations

import functools
import re

MIN_CHARS = 20            # shorter is too short to tell: the feed's default
MIN_CONFIDENCE = 0.5      # another language must be more likely than all others together to beat the default
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019.\-][^\W\d_]+)*")


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _without_names(sample: str) -> str:
    """The sample less its capitalised words: names carry no language, and a short English item
    made mostly of them ("President Ion Popescu hosted Ion Rusu in Bucharest") reads as Latin.
    Words in capitals stay (a German or French text in capitals is still that language)."""
    return _WORD.sub(lambda m: " " if m.group()[0].isupper() and m.group()[1:2].islower() else m.group(), sample)


def detect_language(text: str, default: str = "en") -> str:
    sample = text[:5000].strip()
    if len(sample) < MIN_CHARS:
        return default
    rest = _without_names(sample)
    if len(_WORD.findall(rest)) < 3:
        rest = sample           # little but names: judge it whole
    lang, confidence = _identifier().classify(rest)
    return lang if lang == default or confidence >= MIN_CONFIDENCE else default
