"""Numbers in text: digits ("44,100", "3 000", "2.9 million") and words ("two",
"twenty-five", "a hundred", "a dozen"), with bounds ("at least", "up to") and ranges.

``find_numbers(doc)`` returns :class:`NumberMention` objects over spaCy tokens; values are
floats.  Nothing here decides what is counted: that is ``quantities``' job.  Vague words
("dozens", "hundreds", "several", "numerous") are not numbers.
"""
from __future__ import annotations

import functools

import re
from dataclasses import dataclass
from typing import Optional

from eventwire.nlp.pipeline import text_of
from eventwire import lexicons

_DIGITS = re.compile(r"^\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
_GROUP3 = re.compile(r"^\d{3}$")
_RANGE_TOKEN = re.compile(r"^(\d[\d,]*)[-\u2013](\d[\d,]*)$")
_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|bn|mln)$", re.I)


@dataclass
class NumberMention:
    start: int                  # first token index (of the number itself, not the bound words)
    end: int                    # one past the last token
    value: float
    text: str
    start_char: int
    end_char: int
    high: Optional[float] = None
    bound: Optional[str] = None  # lower | upper | approx
    bound_start: Optional[int] = None  # token index where the bound phrase starts


@functools.lru_cache(maxsize=None)
def _words():
    out = {}
    for row in lexicons.table("number_words"):
        out[row["word"]] = (float(row["value"]), row["kind"])
    return out


def _bounds():
    rows = [(tuple(r["phrase"].split()), r["bound"]) for r in lexicons.table("quantity_bounds")]
    rows.sort(key=lambda r: -len(r[0]))
    return rows


def digit_value(text: str) -> Optional[float]:
    t = text.strip()
    m = _SUFFIXED.match(t)
    if m:
        scale = _words().get(m.group(2).lower())
        return float(m.group(1)) * scale[0] if scale else None
    if not _DIGITS.match(t):
        return None
    return float(re.sub(r"[,\u00a0\u202f ]", "", t))


def _word_parts(tok_text: str):
    """'twenty-five' -> ['twenty', 'five']."""
    return [p for p in tok_text.lower().split("-") if p]


def is_number_token(tok) -> bool:
    w = _words()
    if digit_value(tok.text) is not None:
        return True
    parts = _word_parts(tok.text)
    return bool(parts) and all(p in w for p in parts)


def words_value(parts: list[str]) -> Optional[float]:
    """Value of number words: ['two', 'hundred', 'and', 'fifty'] -> 250."""
    w = _words()
    total, current, seen = 0.0, 0.0, False
    for p in parts:
        if p in ("and", "a", "an"):
            if p in ("a", "an"):
                current = current or 1.0
            continue
        if p not in w:
            num = digit_value(p)
            if num is None:
                return None
            current += num
            seen = True
            continue
        val, kind = w[p]
        seen = True
        if kind == "scale":
            current = (current or 1.0) * val
            if val >= 1000:
                total += current
                current = 0.0
        else:
            current += val
    return total + current if seen else None


def _bare_scale(tok, w) -> bool:
    """A scale word ("hundred", "thousand", "dozen") with no number or article before it."""
    parts = _word_parts(tok.text)
    return len(parts) == 1 and parts[0] in w and w[parts[0]][1] == "scale"


def _is_time(tok) -> bool:
    return bool(re.match(r"^\d{1,2}[:.]\d{2}$", tok.text)) and ":" in tok.text


def find_numbers(doc) -> list[NumberMention]:
    """Every count-like number in ``doc`` (tokens), with bounds and ranges."""
    w = _words()
    out: list[NumberMention] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        low = tok.lower_
        # "a hundred", "a dozen": the article starts the number
        starts_with_article = low in ("a", "an") and i + 1 < n and doc[i + 1].lower_ in ("hundred", "thousand", "dozen", "million")
        if not (is_number_token(tok) or starts_with_article or _RANGE_TOKEN.match(tok.text) or _SUFFIXED.match(tok.text)):
            i += 1
            continue
        if not starts_with_article and _bare_scale(tok, w):
            i += 1  # "several hundred", "a few thousand", "many millions": not a value
            continue
        if _is_time(tok) or tok.like_url:
            i += 1
            continue
        j = i + 1 if not starts_with_article else i + 2
        # extend: scale words, "3 000", word compounds ("one hundred and fifty", "twenty - five")
        while j < n:
            t, prev = doc[j], doc[j - 1]
            # "3 000": a group of three digits after a space
            if _GROUP3.match(t.text) and re.match(r"^\d{1,3}$", prev.text) and prev.whitespace_ in (" ", "\u00a0", "\u202f"):
                j += 1
                continue
            parts = _word_parts(t.text)
            if parts and all(p in w for p in parts):
                kind, val = w[parts[0]][1], w[parts[0]][0]
                pw = w.get(prev.lower_)
                if kind == "scale" and (pw or digit_value(prev.text) is not None or prev.lower_ in ("a", "an")):
                    j += 1
                    continue
                if pw and kind == "unit" and ((pw[1] == "unit" and pw[0] >= 20 and pw[0] % 10 == 0 and val < 10)
                                              or pw[1] == "scale"):
                    j += 1
                    continue
                break
            if t.text in ("-", "\u2010") and not t.whitespace_ and not prev.whitespace_ and j + 1 < n \
                    and prev.lower_ in w and doc[j + 1].lower_ in w:
                j += 2
                continue
            if t.lower_ == "and" and j + 1 < n and doc[j + 1].lower_ in w and prev.lower_ in ("hundred", "thousand") \
                    and w[doc[j + 1].lower_][1] != "scale":
                j += 2
                continue
            break
        span = doc[i:j]
        text = span.text
        m = _RANGE_TOKEN.match(text)
        high = None
        if m:
            value, high = digit_value(m.group(1)), digit_value(m.group(2))
        elif len(span) == 1 and digit_value(text) is not None:
            value = digit_value(text)
        else:
            pieces = []
            for t in span:
                if t.text in ("-", "\u2010"):
                    continue
                if digit_value(t.text) is not None and pieces and all(ch.isdigit() for ch in t.text) \
                        and _GROUP3.match(t.text) and re.match(r"^\d+$", pieces[-1]):
                    pieces[-1] = pieces[-1] + t.text
                    continue
                pieces.extend(_word_parts(t.text) if not digit_value(t.text) else [t.text.replace(",", "")])
            value = words_value(pieces)
        if value is None:
            i = j
            continue
        num = NumberMention(i, j, value, text, span.start_char, span.end_char, high=high)
        _attach_range(doc, num, w)
        _attach_bound(doc, num)
        out.append(num)
        i = max(j, num.end)
    return out


def _attach_range(doc, num: NumberMention, w) -> None:
    """'10 to 15', '10-15', 'between 10 and 15': value low, high set."""
    j = num.end
    if j + 1 < len(doc) and doc[j].lower_ in ("to", "-", "\u2013", "or") and is_number_token(doc[j + 1]):
        if doc[j].lower_ == "or" or (num.start > 0 and doc[num.start - 1].lower_ == "up"):
            return
        nxt = doc[j + 1]
        hv = digit_value(nxt.text)
        if hv is None:
            hv = words_value(_word_parts(nxt.text))
        k = j + 2
        while k < len(doc) and doc[k].lower_ in ("hundred", "thousand", "million", "billion"):
            hv = (hv or 1) * _words()[doc[k].lower_][0]
            k += 1
        if hv is not None and hv > num.value:
            num.high = hv
            num.end = k
            num.text = doc[num.start:k].text
            num.end_char = doc[k - 1].idx + len(doc[k - 1].text)
    elif num.start > 0 and doc[num.start - 1].lower_ == "between" and j + 1 < len(doc) \
            and doc[j].lower_ == "and" and is_number_token(doc[j + 1]):
        hv = digit_value(doc[j + 1].text) or words_value(_word_parts(doc[j + 1].text))
        if hv and hv > num.value:
            num.high = hv
            num.end = j + 2
            num.text = doc[num.start:j + 2].text
            num.end_char = doc[j + 1].idx + len(doc[j + 1].text)


def _attach_bound(doc, num: NumberMention) -> None:
    before = [t.lower_ for t in doc[max(0, num.start - 3):num.start]]
    for phrase, bound in _bounds():
        k = len(phrase)
        if k <= len(before) and tuple(before[-k:]) == phrase:
            num.bound = bound
            num.bound_start = num.start - k
            return


def excluded_context(doc, num: NumberMention) -> bool:
    """True when the number is a date, time, year, age, percentage, amount of money, duration,
    ordinal or an identifier ("Channel 5")."""
    rows = lexicons.table("number_exclusions")
    after = {r["word"] for r in rows if r["where"] == "after"}
    before = {r["word"] for r in rows if r["where"] == "before"}
    first = doc[num.start]
    if any(t.ent_type_ in ("DATE", "TIME", "PERCENT", "MONEY", "ORDINAL") for t in doc[num.start:num.end]):
        # spaCy also tags "five days" DATE; the words after decide below, a DATE tag alone is enough
        return True
    text = text_of(doc)
    if num.end_char + 1 < len(text) and text[num.end_char] in "-\u2010" and text[num.end_char + 1].isalpha() \
            and text[num.end_char + 1:num.end_char + 8].split("-")[0].lower().rstrip(" ,.") not in _words():
        return True  # a modifier: "10,000-member force", "24-hour strike"
    nxt = doc[num.end] if num.end < len(doc) else None
    if nxt is not None:
        nl = nxt.lower_
        if nl in after or nl.rstrip("s") in after or nl.startswith("year-old") or nl in ("-year", "-years"):
            return True
        if nl == "-" and num.end + 1 < len(doc) and doc[num.end + 1].lower_ in ("year", "years", "day", "month", "hour", "week"):
            return True
        if nl in ("st", "nd", "rd", "th"):
            return True
        if nxt.text in (":",) and num.end + 1 < len(doc) and doc[num.end + 1].like_num:
            return True
    prv = doc[num.start - 1] if num.start > 0 else None
    if prv is not None:
        pl = prv.lower_
        if pl in before or prv.text in before:
            return True
        if pl == "of" and num.start > 1 and doc[num.start - 2].lower_ in ("factor", "age", "page"):
            return True
        if prv.text == "." and num.start > 1 and doc[num.start - 2].lower_ == "no":
            return True  # "No. 2 Detention Centre", tokenized "No" "." "2"
        # an identifier after a proper name: "Channel 5", "Brigade 93" (not "Ukraine lost 5 tanks": a verb between)
        if prv.pos_ == "PROPN" and prv.text[:1].isupper() and first.text[:1].isdigit() and not prv.ent_type_ in ("GPE", "NORP") \
                and prv.dep_ in ("compound", "nmod", "appos") or (prv.pos_ == "PROPN" and first.dep_ in ("nummod", "appos")
                                                                 and first.head.i == prv.i):
            return True
    # years: four digits, no separator, 1800-2100
    if len(first.text) == 4 and first.text.isdigit() and num.start + 1 == num.end and 1800 <= num.value <= 2100:
        return True
    if re.match(r"^\d+(st|nd|rd|th)$", first.text, re.I) or first.lower_ in ("first", "second", "third"):
        return True
    return False
