"""Name normalization helpers shared by entity extraction and the store.

* ``translit_key``: a spelling-tolerant form of a name (unidecode, lower case,
  common romanization variants collapsed: "Yermolayev" ~ "Ermolaev",
  "Nikolayev" ~ "Nikolaev").
* ``strip_title``: drops honorifics and office titles at the start of a name.
* ``canonical_key(name, type)``: the key the store merges entities on across
  articles (title-free, transliteration-normalized; organizations also
  order-free, so "Ministry of Defense of Ukraine" == "Ukrainian Defense Ministry").
"""
from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz.distance import Levenshtein

from unidecode import unidecode as _unidecode

from eventwire import lexicons

APOSTROPHES = "’‘`´ʼ"
# Every helper here is a pure function of a short string, called again and again for each mention of
# the same name: memoized, so that grouping the mentions of a long article stays near linear.
_memo = functools.lru_cache(maxsize=65536)
STOP = {"the", "of", "a", "an", "and", "for", "on", "in", "to", "s", "de", "des", "du", "la", "le"}

# Ordered substitutions applied to a lower-cased ASCII name token.
_ROMANIZATION = [
    (r"shch", "sh"), (r"sch", "sh"), (r"tch", "ch"), (r"zh", "z"), (r"kh", "h"),
    (r"ts", "c"), (r"tz", "c"), (r"ck", "k"), (r"ph", "f"), (r"w", "v"), (r"q", "k"),
    (r"x", "ks"), (r"j", "i"), (r"y", "i"), (r"ou", "u"), (r"ie", "e"),
    (r"io", "e"), (r"yo", "e"), (r"ia", "a"), (r"iu", "u"),
    (r"([aeiou])i([aeiou])", r"\1\2"),   # Nikolayev ~ Nikolaev
    (r"ii\b", "i"), (r"ei\b", "i"), (r"(.)\1", r"\1"), (r"gh", "g"), (r"dj", "d"),
]


def ascii_fold(text: str) -> str:
    return _unidecode(unicodedata.normalize("NFC", text or ""))


LEADING_MARKS = re.compile(r"^[\"'(\[“”]+")
TRAILING_MARKS = re.compile(r"[\"')\],.;:“”!?]+$")


@_memo
def clean_surface(text: str) -> str:
    """Collapse whitespace, unify apostrophes, strip trailing punctuation and possessive 's.  A ")" that
    closes the name's own bracket stays ("Party X(L).": "Party X(L)")."""
    text = re.sub(r"\s+", " ", text or "").strip()
    for ch in APOSTROPHES:
        text = text.replace(ch, "'")
    text = LEADING_MARKS.sub("", text)
    body = TRAILING_MARKS.sub("", text)
    if text[len(body):].startswith(")") and body.count("(") == body.count(")") + 1:
        body += ")"
    text = re.sub(r"(?<=\w)'s?$", "", body.strip()).strip()
    return text


def strip_the(text: str) -> str:
    return re.sub(r"^(?:the|The|THE)\s+", "", text)


@functools.lru_cache(maxsize=65536)
def romanize_token(tok: str) -> str:
    t = ascii_fold(tok).lower()
    t = re.sub(r"[^a-z0-9]", "", t)
    for pat, rep in _ROMANIZATION:
        t = re.sub(pat, rep, t)
    return t


@_memo
def translit_key(name: str) -> str:
    """Spelling-tolerant key: 'Sergey Yermolayev' and 'Sergei Ermolaev' give the same key."""
    toks = re.split(r"[\s\-]+", clean_surface(name))
    return " ".join(k for k in (romanize_token(t) for t in toks) if k)


@_memo
def plain_key(name: str) -> str:
    """Lower-case ASCII tokens, punctuation dropped (for exact-form comparison)."""
    s = ascii_fold(clean_surface(name)).lower()
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def similarity(a: str, b: str) -> float:
    """Normalized edit similarity (0..1) of two romanized tokens or names."""
    if not a or not b:
        return 0.0
    return Levenshtein.normalized_similarity(a, b)


@functools.lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Words stripped from the front of a person's name: the ``title`` rows of ``titles.tsv``."""
    return frozenset(r["word"].lower() for r in lexicons.table("titles", columns=("word", "title")) if r["title"] == "y")


def is_title_word(tok: str) -> bool:
    return tok.lower().rstrip(".") in titles() or tok.lower() in titles()


@_memo
def strip_title(name: str) -> str:
    """'Defense Minister Anna Petrenko' -> 'Anna Petrenko'; 'Mr. Smith' -> 'Smith'."""
    toks = clean_surface(name).split()
    while len(toks) > 1 and (is_title_word(toks[0]) or toks[0].lower() in _demonym_words()
                             or toks[0].lower() in {"the", "deputy", "vice", "acting", "former"}):
        toks = toks[1:]
    return " ".join(toks)


@functools.lru_cache(maxsize=1)
@functools.lru_cache(maxsize=None)
def _demonym_map() -> dict[str, str]:
    out = {}
    for row in lexicons.table("demonyms", columns=("demonym", "country")):
        if row["demonym"] and row["country"]:
            out[row["demonym"].lower()] = row["country"].lower()
    out.update({"us": "united states", "u.s.": "united states", "uk": "united kingdom", "un": "united nations"})
    return out


@functools.lru_cache(maxsize=None)
def _demonym_words() -> frozenset[str]:
    return frozenset(k for k in _demonym_map() if k not in {"us", "uk", "un", "u.s."})


def is_demonym(word: str) -> bool:
    return word.lower() in _demonym_words()


_SPELLING = {"defence": "defense", "organisation": "organization", "programme": "program",
             "centre": "center", "labour": "labor", "taskforce": "task force",
             "services": "service", "forces": "force", "ministries": "ministry"}


@_memo
def org_tokens(name: str) -> tuple[str, ...]:
    """Order-free content tokens of an organization name, demonyms mapped to countries."""
    s = plain_key(strip_the(clean_surface(name)))
    for k, v in _SPELLING.items():
        s = re.sub(rf"\b{k}\b", v, s)
    out = []
    for t in s.split():
        if t in STOP:
            continue
        country = _demonym_map().get(t)
        out.extend(country.split() if country else [t])
    return tuple(sorted(set(out)))


def canonical_key(name: str, type: str) -> str:
    """Key for merging entities across articles.

    PERSON: title-free, transliteration-normalized full name ("President
    Volodymyr Zelenskyy" -> "volodimir zelenski").  ORG: known outlets map to
    their lexicon name; otherwise the sorted content tokens ("Russian Defence
    Ministry" == "Ministry of Defense of Russia").
    """
    if type == "PERSON":
        return "person:" + translit_key(strip_title(name))
    known = known_org(name)
    if known:
        name = known
    return "org:" + " ".join(org_tokens(name))


# --- organization lexicon (news outlets + well-known organizations) -------------

@functools.lru_cache(maxsize=1)
def org_lexicon() -> dict[str, tuple[str, tuple[str, ...]]]:
    """plain_key(form) -> (canonical name, all forms) for every lexicon name and alias."""
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for table_name in ("news_outlets", "known_orgs"):
        for row in lexicons.table(table_name, columns=("name", "aliases")):
            name = row.get("name", "")
            if not name:
                continue
            forms = tuple([name] + [a for a in row.get("aliases", "").split("|") if a])
            for f in forms:
                out.setdefault(plain_key(strip_the(f)), (name, forms))
                if len(f.split()) >= 2:
                    out.setdefault("tokens:" + " ".join(org_tokens(f)), (name, forms))
    return out


@_memo
def _lexicon_hit(name: str):
    lex = org_lexicon()
    hit = lex.get(plain_key(strip_the(clean_surface(name))))
    if hit is None and len(name.split()) >= 2:
        hit = lex.get("tokens:" + " ".join(org_tokens(name)))
    return hit


def known_org(name: str):
    """The lexicon name of a known news outlet or organization ('KCNA' -> 'Korean Central News Agency')."""
    hit = _lexicon_hit(name)
    return hit[0] if hit else None


def known_org_forms(name: str) -> tuple[str, ...]:
    hit = _lexicon_hit(name)
    return hit[1] if hit else ()


@_memo
def acronym_of(name: str) -> str:
    """Initials of the capitalized content words: 'Rapid Support Forces' -> 'RSF'."""
    toks = [t for t in re.split(r"[\s\-]+", clean_surface(strip_the(name))) if t]
    letters = [t[0] for t in toks if t[0].isupper() and t.lower() not in STOP]
    return "".join(letters).upper()


def is_acronym(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z&\.]{1,7}", text)) and sum(c.isalpha() for c in text) >= 2


# --- Arabic name particles ------------------------------------------------------------------

_ABD = re.compile(r"\babd(?:[\s\-]*(?:el|ul|al|ol|il|ar|ur|er|as|us|an|un|ad|ud))?[\s\-]*(?=[a-z])")
_ARTICLE = re.compile(r"\b(?:al|el|ad|ed|ar|as|ash|at|az|an|ul|ud)[\s\-]+(?=[a-z])")


@_memo
def arabic_key(name: str) -> str:
    """A key that ignores how Arabic name particles are spelled and spaced: 'Abdel Rahman',
    'Abdulrahman', 'Abd al-Rahman', 'Abd-el Rahman' -> one key; 'al-Sham'/'el Sham'/'Sham' too."""
    s = ascii_fold(clean_surface(name)).lower()
    s = re.sub(r"[^a-z\s\-]", "", s)
    s = _ABD.sub("abd", s)
    s = _ARTICLE.sub("", s)
    s = re.sub(r"[\s\-]+", "", s)
    return romanize_token(s)
