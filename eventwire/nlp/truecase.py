"""Text that lost its capital letters: find it and give the parser its case back.

The NER and every rule after it read capital letters.  An article delivered in lower case
(scraped archives, transcripts) or in capitals (wire headlines, whole bulletins) yields almost
no people or places, and nothing in the output says why.  So before the parser runs:

- ``detect_case`` looks at each paragraph (and each line, for a headline in capitals on top of
  a normal paragraph): the share of words with a capital letter and of words all in capitals.
  A caps dateline ("NAIROBI, May 3 (Reuters) -") at a paragraph start is a region of its own.
  The article is ``lower`` or ``upper`` when nearly all its words are damaged that way,
  ``mixed`` when some paragraphs are, ``None`` when none is (a caps dateline alone is the wire's
  convention, not damage: it is restored but not flagged).
- ``restore_case`` rewrites only the damaged regions, one word at a time, and never changes the
  text's length: every character span found in the restored text is a span into the original.

A word's restored form comes, in this order, from: a multi-word name (places from the gazetteer
data, the countries, regions, organizations and news outlets lexicons); the same word written
with its case elsewhere in the article; a lexicon's single-word name or acronym; the word's
case statistics: how cased news text writes it where no neighbour has a capital
(``news_case.tsv.gz``, built by ``scripts/build_news_case_table.py`` from the development parts
of the public sets), else ``word_case.tsv.gz`` (built by ``scripts/build_case_tables.py`` from
spaCy's English lexeme probabilities); a word that is in none of these is taken for a name.
A pair of words that news writes with capitals ("labour party", "the ministry") takes them, and
so does a word that news capitalises right after a capitalised one ("holdings", "cement") when it
follows a name that is no well-known place or name by itself; a capitalised institution goes on
through "of the" and through the words news capitalises after a capital and "of" ("Board of
the Tidal Works", "Ministry of Rural Roads").  Words that
are capitalised only about half the time ("north", "ministry", "trump") take a capital when
they stand next to a word that surely has one.  Sentence starts get a capital.

Normal text costs one regular-expression pass; the tables load the first time damage is seen.
"""
from __future__ import annotations

import dataclasses
import functools
import gzip
import re
from dataclasses import dataclass
from importlib import resources
from typing import Callable, Iterator, Optional

from eventwire.config import choice
from eventwire.errors import DataError
from eventwire.lexicons import geonames_continents, table
from eventwire.lexicons import words as words_of
from eventwire.names import titles as person_titles
from eventwire.nlp import case_model

LOWER, UPPER, MIXED = "lower", "upper", "mixed"
DATELINE = "dateline"          # a region kind only: never an article's case

_LETTERS = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?][\"'\u201d\u2019)\]]*\s+)[\"'\u201c\u2018(\[]*([^\W\d_])")
_URL = re.compile(r"\S+://\S*|www\.\S+")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.\-&][^\W_]+)*")
_DATELINE = re.compile(r"[ \t]*((?:[^\W\d_a-z]{2,}[.'\u2019-]?[ \t]*){1,4}?)(?=[ \t]*(?:,|\(|[-\u2013\u2014]\s|/))")

# Detection thresholds: shares of a unit's words.
MIN_WORDS_LOWER = 4            # a shorter paragraph with no capital says nothing on its own
MAX_CAPITALISED_LOWER = 0.03   # normal prose capitalises 10-20% of its words
MIN_UPPER_WORDS = 3
MIN_UPPER_SHARE = 0.75         # of the words of two letters or more
ARTICLE_SHARE = 0.9            # of the article's words, for ``lower``/``upper`` rather than ``mixed``

# Restoration thresholds: the share of a word's occurrences written with its capital form.
SURE_SHARE = 0.45             # names written in lower case online still reach this ("Odinga", "Blinken")
STOP_WORD_SURE_SHARE = 0.8     # "however" starts so many sentences that it looks capitalised
VERB_FORM_SURE_SHARE = 0.8        # sentence starts lift "agreed" and "added" to about half
MAYBE_SHARE = 0.25
SURELY_A_NAME_SHARE = 0.8      # a word this often capitalised is a name itself ("Nairobi"), not an adjective of one
ACRONYM_MODEL_LETTERS = 5      # unknown words this short are judged by the letter model; names dominate above
ACRONYM_LOG_ODDS = 3.0         # the model must be this sure: a name in capitals reads worse than an acronym without
NAME_LEXICON_SHARE = 0.3
# News shares (``news_case.tsv.gz``) are counted away from sentence starts and capitalised
# neighbours: no allowance for either, but a plain half is a coin toss, not a name.
NEWS_MIN_COUNT = 5             # news occurrences of a word before they outweigh the web's share
NEWS_SURE_SHARE = 0.7
NEWS_MAYBE_SHARE = 0.3
PAIR_SURE_SHARE = 0.65         # a word pair written with its capitals this often in news takes them
AFTER_CAPITAL_SHARE = 0.7     # a word news capitalises this often right after a capitalised one goes on a name
OF_FIELD_SHARE = 0.7           # likewise right after a capitalised word and "of"/"for" ("of Fisheries")
GIVEN_NAME_FLOOR = "0.12"      # compared as text, like the table's shares
_NOT_SENTENCE_END = frozenset("mr mrs ms dr st gen lt col sgt capt maj rep sen gov prof rev jr sr no vs".split())
_VOWELS = re.compile(r"[aeiouy]")
_CODE = re.compile(r"[a-z]{1,3}\d{1,4}")     # "g20", "mh17": letters of a code are capitals
_POSSESSIVE = re.compile(r"['\u2019]s$")
_CONTRACTION_TAILS = frozenset("s t d m ll re ve".split())
_MONTH_ALONE = "may"           # the one month that is also a common word
# Title words that describe rather than name ("former President X"): they keep their lower case.
_TITLE_MODIFIERS = frozenset("former acting then first".split())
# Heads that name an institution with "of": "University of Nairobi", "Ministry of Health".
_OF_HEADS = frozenset("ministry department university court bank council commission institute office bureau "
                      "federation union assembly league association board tribunal academy".split())
_OF_NAMED_BY_ANY_WORD = frozenset("ministry department".split())   # "Ministry of Health"
# Institution nouns that a name before them makes part of the name ("Kenya Red Cross Society",
# "ANC Youth League"); "government", "police" and "army" are left out: "the Kenyan police".
_AFTER_NAME_HEADS = frozenset("council commission committee party front bank university institute foundation "
                              "corporation association federation league union authority bureau tribunal movement "
                              "alliance coalition secretariat group society".split())
# These follow a name as a description ("a Nairobi court", "the Kenyan parliament") but make a
# name with a word that is only sometimes capitalised ("Supreme Court", "Constitutional Court").
_AFTER_NAME_NOT_PLACE_HEADS = frozenset("court assembly parliament ministry department agency directorate".split())
_INSTITUTION_HEADS = _AFTER_NAME_HEADS | _AFTER_NAME_NOT_PLACE_HEADS
_NAME_GOES_ON_HEADS = _INSTITUTION_HEADS | _OF_HEADS | frozenset("institute centre center fund chamber".split())
_NAME_LINKS = frozenset("of for and".split())
_MAX_NAME_GOES_ON = 12         # words from an institution's head noun to the end of its name
# A newspaper or broadcaster named by its head noun after a name ("Afrol News", "Kisumu Times").
_OUTLET_HEADS = frozenset("news times post herald tribune journal gazette telegraph chronicle observer express "
                          "monitor courier".split())
_QUOTES_OPEN = "\"'\u201c\u2018([\u00ab"


@dataclass(frozen=True)
class Region:
    start: int
    end: int
    kind: str                  # LOWER | UPPER | DATELINE


@dataclass(frozen=True)
class CaseCheck:
    case: Optional[str]        # LOWER | UPPER | MIXED, None for normal text
    regions: tuple[Region, ...] = ()


NORMAL = CaseCheck(None)


# --- detection ------------------------------------------------------------------------------

def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


@dataclass
class _Counts:
    words: int = 0
    capitalised: int = 0       # a capital anywhere
    long_words: int = 0        # two letters or more
    upper: int = 0             # all capitals, two letters or more
    starts: int = 0            # sentences that open with a letter
    lower_starts: int = 0      # ... with a lower-case one

    @classmethod
    def of(cls, text: str) -> "_Counts":
        c = cls()
        text = _URL.sub(" ", text)     # a bare link is no evidence of lost case
        for m in _SENTENCE_START.finditer(text):
            c.starts += 1
            c.lower_starts += m.group(1).islower()
        for w in _LETTERS.findall(text):
            c.words += 1
            if not w.islower():
                c.capitalised += 1
            if len(w) > 1:
                c.long_words += 1
                c.upper += w.isupper()
        return c

    def kind(self) -> Optional[str]:
        if self.upper >= MIN_UPPER_WORDS and self.upper >= MIN_UPPER_SHARE * self.long_words:
            return UPPER
        # a long paragraph of plain prose can have as few capitals; its sentence starts keep theirs
        if self.words >= MIN_WORDS_LOWER and self.capitalised <= MAX_CAPITALISED_LOWER * self.words \
                and (not self.starts or 2 * self.lower_starts > self.starts):
            return LOWER
        return None


def detect_case(text: str) -> CaseCheck:
    """The damaged regions of ``text`` and the article's case (see the module docstring)."""
    regions: list[Region] = []
    short: list[tuple[int, int, _Counts]] = []    # too few words to judge alone
    damaged = {LOWER: 0, UPPER: 0}
    total = 0
    for start, end in _paragraphs(text):
        counts = _Counts.of(text[start:end])
        total += counts.words
        kind = counts.kind()
        if kind:
            regions.append(Region(start, end, kind))
            damaged[kind] += counts.words
        elif counts.words < MIN_WORDS_LOWER or counts.upper < MIN_UPPER_WORDS:
            short.append((start, end, counts))
            if counts.words >= MIN_WORDS_LOWER:
                regions += _caps_lines(text, start, end, damaged)
        else:
            regions += _caps_lines(text, start, end, damaged)
    if not total:
        return NORMAL
    case = None
    for kind in (LOWER, UPPER):
        if damaged[kind] >= ARTICLE_SHARE * total:
            case = kind
            # a byline or a one-word paragraph of the same article is damaged the same way
            regions += [Region(s, e, kind) for s, e, c in short if c.words and _looks(kind, c)
                        and not any(r.start <= s < r.end for r in regions)]
    if case is None and any(r.kind in (LOWER, UPPER) for r in regions):
        case = MIXED
    if case is None or case == MIXED:
        regions += _datelines(text, regions)
    regions.sort(key=lambda r: r.start)
    return CaseCheck(case, tuple(regions)) if regions else NORMAL


def _looks(kind: str, counts: _Counts) -> bool:
    if kind == LOWER:
        return counts.capitalised == 0
    return counts.long_words > 0 and counts.upper == counts.long_words


def _caps_lines(text: str, start: int, end: int, damaged: dict) -> list[Region]:
    """Lines in capitals inside a normal paragraph: a headline above its first sentence."""
    out = []
    pos = start
    for line in text[start:end].split("\n"):
        counts = _Counts.of(line)
        if counts.upper >= MIN_UPPER_WORDS and counts.upper >= MIN_UPPER_SHARE * counts.long_words:
            out.append(Region(pos, pos + len(line), UPPER))
            damaged[UPPER] += counts.words
        pos += len(line) + 1
    return out


def _datelines(text: str, regions: list[Region]) -> list[Region]:
    """A place name in capitals opening a normal paragraph, before a comma, bracket or dash."""
    out = []
    for start, end in _paragraphs(text):
        if any(r.start <= start < r.end for r in regions):
            continue
        m = _DATELINE.match(text, start, end)
        if m and len(m.group(1).strip()) >= 3 and m.group(1).isupper():
            out.append(Region(m.start(1), m.start(1) + len(m.group(1).rstrip()), DATELINE))
    return out


# --- restoration ----------------------------------------------------------------------------

def lower_keeping_length(text: str) -> str:
    """``text.lower()`` where that keeps every character to one character ("İ" stays)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(l if len(l) == 1 else c for c, l in ((c, c.lower()) for c in text))


def _upper_first(word: str) -> str:
    up = word[:1].upper()
    return (up if len(up) == 1 and up.lower() == word[:1] else word[:1]) + word[1:]


def _open_table(name: str):
    path = resources.files("eventwire") / "data" / name
    try:
        return gzip.open(path.open("rb"), "rt", encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise DataError(f"data table eventwire/data/{name} is missing from the package "
                        "(scripts/build_case_tables.py builds it)") from exc


def _gz_rows(name: str, columns: tuple[str, ...]) -> Iterator[list[str]]:
    with _open_table(name) as fh:
        lines = [l for l in fh.read().splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t") if lines else []
    if header != list(columns):
        raise DataError(f"data table eventwire/data/{name} has columns {header}, expected {list(columns)}")
    for line in lines[1:]:
        yield line.split("\t")


@dataclass(frozen=True)
class _Tables:
    words: dict                # lower-case word -> (capital form, share), for shares that can matter
    known: frozenset           # every word of the statistics, whatever its case
    phrases: dict              # lower-case phrase, single spaces -> form
    phrase_starts: frozenset   # first words of ``phrases``
    names: dict                # lower-case word -> form: lexicon names and acronyms
    longest: int               # words in the longest phrase
    stop_words: frozenset      # never a name on their own ("us", "who", "also")
    titles: frozenset          # person titles: capitalised before a name
    places: frozenset = frozenset()   # single-word place names and demonyms, lower case
    verb_forms: frozenset = frozenset()   # "agreed", "granted": never names on their share alone
    date_words: frozenset = frozenset()   # "yesterday", "monday": never a surname
    # words that may be a given name before a surname: never seen with a capital (a rare word:
    # "salima", "abiodun") or seen so now and then ("bola", "max"); "coach" and "famous" are neither
    given_name_like: frozenset = frozenset()
    # how news writes a word, away from sentence starts: lower-case word -> (capital form or "", share, count)
    news: dict = dataclasses.field(default_factory=dict)
    # lower-case word pair, one space -> its usual form in news ("prime minister" -> "Prime Minister")
    pairs: dict = dataclasses.field(default_factory=dict)
    # lower-case word -> its form right after a capitalised word, for the words news goes on a name
    # with ("holdings", "cement" after a company's name)
    after_capital: dict = dataclasses.field(default_factory=dict)
    # lower-case word -> its form, for the words news capitalises after a capitalised word and
    # "of"/"for": the fields an institution is named by ("fisheries" in "Ministry of Fisheries")
    of_fields: dict = dataclasses.field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def tables() -> _Tables:
    """The case statistics and name lists, loaded once (the first time damage is seen)."""
    rows = list(_gz_rows("word_case.tsv.gz", ("word", "form", "share")))
    known = frozenset(r[0] for r in rows)
    floor = f"{min(MAYBE_SHARE, NAME_LEXICON_SHARE):.2f}"     # shares are written "0.00".."1.00": compared as text, cheaply
    words = {w: (f, float(s)) for w, f, s in rows if s >= floor}
    phrases = {p: f for p, f in _gz_rows("case_phrases.tsv.gz", ("phrase", "form"))}
    from spacy.lang.en.stop_words import STOP_WORDS

    names: dict[str, str] = {}
    for name in _lexicon_names():
        key = lower_keeping_length(name)
        if " " in name:
            phrases[" ".join(key.split())] = " ".join(name.split())
        elif key != name and key not in STOP_WORDS:
            # an acronym of the lexicons is one ("un" is "UN" in a news article); a name that is also
            # a word ("Meta", "Telegram") needs the statistics to agree
            if name.isupper() or key not in known or words.get(key, ("", 0.0))[1] >= NAME_LEXICON_SHARE:
                names.setdefault(key, name)
    places: set[str] = set()
    for name in _place_names():
        key = lower_keeping_length(name)
        if " " in name:
            phrases[" ".join(key.split())] = " ".join(name.split())
        elif key not in STOP_WORDS:
            names[key] = name       # "Turkey", "Chad", "Georgia": a country before the common word
            places.add(key)
    starts = frozenset(p.split(" ", 1)[0] for p in phrases)
    longest = max((p.count(" ") + 1 for p in phrases), default=1)
    titles = frozenset(w for w in person_titles() if w.isalpha()) - _TITLE_MODIFIERS
    verb_forms = frozenset(row[0] for row in _gz_rows("verb_forms.txt.gz", ("word",)))
    date_words = frozenset(row["word"] for row in table("date_words", ("word",)))
    given_name_like = frozenset(w for w, f, s in rows if not f or GIVEN_NAME_FLOOR <= s < floor)
    news_words, pairs, after_capital, of_fields = news_case()
    known = known | news_words.keys()
    return _Tables(words, known, phrases, starts, names, longest, frozenset(STOP_WORDS), titles, frozenset(places),
                   verb_forms, date_words, given_name_like, news_words, pairs, after_capital, of_fields)


def news_case() -> tuple[dict, dict, dict, dict]:
    """``news_case.tsv.gz`` (``scripts/build_news_case_table.py``): word -> (form, share, count),
    counted where neither neighbour has a capital; pair -> form, for the pairs news writes with a
    capital at least ``PAIR_SURE_SHARE`` of the time; word -> form, for the words news writes with a
    capital at least ``AFTER_CAPITAL_SHARE`` of the time right after a capitalised word; and word ->
    form for those it writes with one at least ``OF_FIELD_SHARE`` of the time right after a
    capitalised word and "of"/"for" ("the" may stand between)."""
    return news_case_from(_gz_rows("news_case.tsv.gz", ("kind", "key", "form", "share", "count")))


def news_case_from(rows) -> tuple[dict, dict, dict, dict]:
    """``news_case``'s four tables from rows (kind, key, form, share, count)."""
    words, pairs, after, of_fields = {}, {}, {}, {}
    for kind, key, form, share, count in rows:
        if kind == "word":
            words[key] = (form, float(share), int(count))
        elif kind == "pair" and float(share) >= PAIR_SURE_SHARE:
            pairs[key] = form
        elif kind == "after" and float(share) >= AFTER_CAPITAL_SHARE:
            after[key] = form
        elif kind == "of_field" and float(share) >= OF_FIELD_SHARE:
            of_fields[key] = form
    return words, pairs, after, of_fields


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _place_names() -> Iterator[str]:
    for row in table("countries", ("name", "aliases")):
        yield row["name"]
        yield from _split(row["aliases"])
    for name in ("admin1", "regions"):
        for row in table(name, ("name", "aliases")):
            yield row["name"]
            yield from _split(row["aliases"])
    for row in table("demonyms", ("demonym",)):
        yield row["demonym"]
    for row in geonames_continents():
        yield row["name"]


def _lexicon_names() -> Iterator[str]:
    for name in ("known_orgs", "news_outlets"):
        for row in table(name, ("name", "aliases")):
            yield row["name"]
            yield from _split(row["aliases"])


def _evidence(text: str, regions: tuple[Region, ...]) -> dict[str, str]:
    """Words written with a capital in the article's undamaged text, not at a sentence start."""
    counts: dict[str, dict[str, int]] = {}
    pos = 0
    spans = []
    for r in regions:
        spans.append((pos, r.start))
        pos = r.end
    spans.append((pos, len(text)))
    for start, end in spans:
        for m in _TOKEN.finditer(text, start, end):
            word = m.group()
            if _sentence_start(text, m.start(), start) or not word[:1].isalpha():
                continue
            forms = counts.setdefault(lower_keeping_length(word), {})
            forms[word] = forms.get(word, 0) + 1
    out = {}
    for key, forms in counts.items():
        best = max(forms, key=forms.get)
        if best != key and forms[best] > forms.get(key, 0) and len(best) == len(key):
            out[key] = best
    return out


def _sentence_start(text: str, at: int, floor: int) -> bool:
    """Whether the word at ``at`` opens a sentence: nothing but space and quotes after a full stop."""
    i = at - 1
    while i >= floor and (text[i] in " \t\r\f\v" or text[i] in _QUOTES_OPEN):
        i -= 1
    if i < floor:
        return True
    ch = text[i]
    if ch == "\n":
        j = i - 1
        while j >= floor and text[j] in " \t\r\f\v":
            j -= 1
        return j < floor or text[j] == "\n" or text[j] in ".!?:\"\u201d"
    if ch in "!?":
        return True
    if ch == ".":
        m = re.search(r"([^\W\d_]+)\.$", text[max(floor, i - 12):i + 1])
        word = m.group(1).lower() if m else ""
        return not (len(word) == 1 or word in _NOT_SENTENCE_END)
    if ch == ":":
        return at - 1 >= 0 and text[at - 1] in _QUOTES_OPEN
    return False


_SURE, _MAYBE, _NONE = 2, 1, 0


def _word_form(word: str, t: _Tables, evidence: dict[str, str]) -> tuple[str, int]:
    """(restored form, how sure) for one lower-case word."""
    if word in evidence:
        return evidence[word], _SURE
    if word in t.names:
        return t.names[word], _SURE
    news = t.news.get(word)
    entry = t.words.get(word)
    if news is not None and news[2] >= NEWS_MIN_COUNT:
        form, share, _ = news
        if form and share >= NEWS_SURE_SHARE:
            return form, _SURE
        # not a name by itself in news ("hurricane", "forest"): at most part of one, where a
        # neighbour has a capital, when news or the web capitalise it now and then
        if not (form and share >= NEWS_MAYBE_SHARE):
            form, share = entry if entry is not None and entry[1] >= MAYBE_SHARE else ("", 0.0)
        if form and form[:1].isupper() and word not in t.stop_words and word not in t.verb_forms:
            return _upper_first(word) if form[1:].islower() else form, _MAYBE
        return word, _NONE
    if entry is not None:
        form, share = entry
        if form and share >= (STOP_WORD_SURE_SHARE if word in t.stop_words
                              else VERB_FORM_SURE_SHARE if word in t.verb_forms else SURE_SHARE):
            return form, _SURE
        if form and share >= MAYBE_SHARE and form[:1].isupper() and word not in t.stop_words \
                and word not in t.verb_forms:
            return _upper_first(word) if form[1:].islower() else form, _MAYBE
        return word, _NONE
    if word in t.known or not word.isalpha():
        return word, _NONE
    if _looks_like_acronym(word):
        return word.upper(), _SURE         # "rrdc", "kgcci": an acronym
    return _upper_first(word), _SURE       # in no table: a name


def shape_features(word: str) -> list[str]:
    """What the acronym-or-name model reads of a word: its length and letter n-grams."""
    marked = f"^{word}$"
    return [f"L{min(len(word), 8)}"] + [marked[i:i + n] for n in (1, 2, 3) for i in range(len(marked) - n + 1)]


def _looks_like_acronym(word: str) -> bool:
    """A word no table knows: short ones by the letter model (``case_shapes.tsv.gz``, trained by
    ``scripts/train_case_shapes.py``), longer ones only when they have no vowel ("rrdc")."""
    if len(word) > ACRONYM_MODEL_LETTERS:
        return len(word) <= 6 and not _VOWELS.search(word)
    weights = shape_weights()
    unseen = weights["<unseen>"]
    return weights["<prior>"] + sum(weights.get(f, unseen) for f in shape_features(word)) > ACRONYM_LOG_ODDS


@functools.lru_cache(maxsize=1)
def shape_weights() -> dict[str, float]:
    return {f: float(v) for f, v in _gz_rows("case_shapes.tsv.gz", ("feature", "log_odds"))}


def _compound_form(word: str, t: _Tables, evidence: dict[str, str]) -> tuple[str, int]:
    """A word, or the parts of a hyphenated or apostrophe word that is not known whole."""
    # a compound's own entry in capitals comes from headlines: its lower-case form is never
    # counted whole ("STATE-OWNED" at 100%), so its parts decide
    whole_in_capitals = "-" in word and t.words.get(word, ("", 0.0))[0].isupper()
    if word in evidence or word in t.names or word in t.words and not whole_in_capitals \
            or not re.search(r"['\u2019\-]", word):
        return _word_form(word, t, evidence)
    parts = re.split(r"(['\u2019\-])", word)
    if len(parts) == 3 and parts[1] in "'\u2019" and parts[2] in _CONTRACTION_TAILS:
        if parts[2] == "t":
            return word, _NONE           # "don't", "can't": never a name
        form, sure = _word_form(parts[0], t, evidence)   # "russia's", "i'm"
        return (form if len(form) == len(parts[0]) else parts[0]) + parts[1] + parts[2], sure
    if word in t.known and not whole_in_capitals:
        return word, _NONE               # "well-known"
    out, best = [], _NONE
    for k, part in enumerate(parts):
        if k % 2 or not part:
            out.append(part)
            continue
        f, s = _word_form(part, t, evidence)
        out.append(f if len(f) == len(part) else part)
        best = max(best, s) if k == 0 or s == _SURE else best
    return "".join(out), best


def _restore_region(low: str, original: str, kind: str, t: _Tables, evidence: dict[str, str],
                    fixed: Optional[dict[int, str]] = None, name_words: Optional[set] = None,
                    learned: Optional[Callable] = None) -> str:
    """One damaged region, already in lower case, in its restored case; ``fixed``: forms decided
    already, by their position in the region; ``name_words`` collects the words context took for parts of a person's name;
    ``learned(features, rule_class, at)``: the class to write the word at ``at`` in instead of the rules', or None."""
    tokens = list(_TOKEN.finditer(low))
    forms: list[Optional[str]] = [None] * len(tokens)
    sure = [_NONE] * len(tokens)
    in_phrase = [False] * len(tokens)     # a multi-word name decided these: no context rule undoes them
    i = 0
    while i < len(tokens):
        n = _phrase_at(low, tokens, i, t)
        if n:
            start, end = tokens[i].start(), tokens[i + n - 1].end()
            phrase = t.phrases[" ".join(low[start:end].split())]
            letters = iter(ch for ch in phrase if not ch.isspace())
            for k in range(i, i + n):
                tok = tokens[k].group()
                form = "".join(next(letters, ch) for ch in tok)
                forms[k], sure[k] = (form, _SURE) if lower_keeping_length(form) == tok else (tok, _NONE)
                in_phrase[k] = True
                _skip_between(low, tokens, k, letters)
            i += n
            continue
        word = tokens[i].group()
        if any(ch.isdigit() for ch in word):
            forms[i], sure[i] = (word.upper(), _SURE) if _CODE.fullmatch(word) else (word, _NONE)
        else:
            # "u.s." is one word with its final stop; "said." is not
            dotted = word + "." if "." in word and low[tokens[i].end():tokens[i].end() + 1] == "." else None
            if dotted and dotted in t.words and t.words[dotted][1] >= SURE_SHARE:
                forms[i], sure[i] = t.words[dotted][0][:len(word)], _SURE
            else:
                forms[i], sure[i] = _compound_form(word, t, evidence)
        i += 1
    _pairs(low, tokens, forms, sure, t, in_phrase, evidence)
    _context(low, tokens, forms, sure, t, in_phrase, name_words)
    for k, m in enumerate(tokens):
        if fixed and m.start() in fixed:
            forms[k] = fixed[m.start()]
    if learned is not None:
        _learned_case(low, tokens, forms, sure, in_phrase, fixed or {}, t, evidence, learned)
    out = list(low)
    for k, m in enumerate(tokens):
        form = forms[k] or m.group()
        if _sentence_start(low, m.start(), 0) and form[:1].islower():
            form = _upper_first(form)
        if kind == UPPER and form == m.group() and original[m.start():m.end()].isupper() and len(form) > 1 \
                and _unknown_acronym(form, t):
            form = original[m.start():m.end()]   # "UNITAMS": no table knows it, keep it in capitals
        if len(form) == m.end() - m.start() and lower_keeping_length(form) == m.group():   # case only
            out[m.start():m.end()] = form
    return "".join(out)


# --- the learned second opinion (``case_model``) -----------------------------------------------

# Off unless asked for (``EVENTWIRE_CASE_MODEL=learned``): on the report splits it lifts the
# lower-case Worldwide Newswire entities but lowers GeoWebNews-lower places F1 (README, "Measuring").
CASE_MODEL_ENV = "EVENTWIRE_CASE_MODEL"            # rules | learned
CASE_MODEL_WEIGHTS_ENV = "EVENTWIRE_CASE_MODEL_WEIGHTS"   # another weights file (one trained without some set)
CASE_MODEL_FILE = "case_model.tsv.gz"              # in eventwire/models/
_LEARNABLE = re.compile(r"[^\W\d_]+(?:['\u2019]s)?")


@functools.lru_cache(maxsize=2)
def case_model_weights(path: Optional[str] = None) -> case_model.CaseModel:
    """The case model's weights: ``eventwire/models/case_model.tsv.gz`` (``scripts/train_case_model.py``),
    or the file at ``path``; a missing or malformed file is a DataError naming it."""
    columns = ("feature",) + case_model.CLASSES
    where = path or f"eventwire/models/{CASE_MODEL_FILE}"
    try:
        source = open(path, "rb") if path else (resources.files("eventwire") / "models" / CASE_MODEL_FILE).open("rb")
        with source, gzip.open(source, "rt", encoding="utf-8") as fh:
            lines = [l.split("\t") for l in fh.read().splitlines() if l and not l.startswith("#")]
    except (OSError, NotADirectoryError) as exc:
        raise DataError(f"case model weights {where} cannot be read ({exc}); scripts/train_case_model.py builds them") from exc
    if not lines or tuple(lines[0]) != columns:
        raise DataError(f"case model weights {where} have columns {lines[:1]}, expected {list(columns)}")
    return case_model.CaseModel({r[0]: (float(r[1]), float(r[2]), float(r[3])) for r in lines[1:]})


def _learned_hook() -> Optional[Callable]:
    """The case model's decision where ``$EVENTWIRE_CASE_MODEL`` is ``learned`` (weights from
    ``$EVENTWIRE_CASE_MODEL_WEIGHTS`` when set); the rules alone otherwise."""
    import os

    if choice(CASE_MODEL_ENV, ("rules", "learned"), "rules") != "learned":
        return None
    model = case_model_weights(os.environ.get(CASE_MODEL_WEIGHTS_ENV) or None)
    return lambda feats, rule_class, at: model.overrule(feats, rule_class)


def _bucket(share: float) -> int:
    return min(9, int(share * 10))


def _word_flags(word: str, t: _Tables, sure: int, in_phrase: bool, evidence: dict[str, str]) -> list[str]:
    """What the tables say of a lower-case word, as the case model's feature names."""
    out = [f"s={sure}"]
    news = t.news.get(word)
    if news is not None:
        form, share, count = news
        out += [f"news={_bucket(share)}", f"nc={min(4, count.bit_length() // 2)}", f"nform={case_model.case_class(form or word)}"]
    entry = t.words.get(word)
    if entry is not None:
        out.append(f"web={_bucket(entry[1])}")
    elif word not in t.known:
        out.append("unknown")
    for flag, holds in (("place", word in t.places), ("name", word in t.names), ("title", word in t.titles),
                        ("stop", word in t.stop_words), ("verb", word in t.verb_forms), ("date", word in t.date_words),
                        ("given", word in t.given_name_like), ("head", word in _NAME_GOES_ON_HEADS),
                        ("outlet", word in _OUTLET_HEADS), ("after", word in t.after_capital),
                        ("of_field", word in t.of_fields), ("phrase", in_phrase), ("evidence", word in evidence)):
        if holds:
            out.append(flag)
    return out


def _learned_case(low: str, tokens, forms: list, sure: list, in_phrase: list, fixed: dict, t: _Tables,
                  evidence: dict[str, str], learned: Callable) -> None:
    """Offer the words the rules decided on the tables' statistics to ``learned``, which may
    rewrite them in another class (all lower case, a capital first, all capitals)."""
    words = [m.group() for m in tokens]
    gaps = [low[(tokens[k - 1].end() if k else max(0, m.start() - 3)):m.start()] for k, m in enumerate(tokens)]
    starts = [_sentence_start(low, m.start(), 0) for m in tokens]
    shown = [_upper_first(forms[k] or words[k]) if starts[k] else forms[k] or words[k] for k in range(len(tokens))]
    classes = [case_model.case_class(f) for f in shown]
    flags = []
    for k, w in enumerate(words):
        f = _word_flags(w, t, sure[k], in_phrase[k], evidence)
        if starts[k]:
            f.append("start")
        if gaps[k].endswith("(") and low[tokens[k].end():tokens[k].end() + 1] == ")":
            f.append("bracketed")
        flags.append(f)
    for k, m in enumerate(tokens):
        w = words[k]
        if starts[k] or in_phrase[k] or m.start() in fixed or w in evidence or w in t.places or w in t.names \
                or not _LEARNABLE.fullmatch(w) or classes[k] is None:
            continue
        cls = learned(case_model.features(k, words, gaps, classes, flags), classes[k], m.start())
        if cls is not None:
            forms[k] = case_model.written_as(w, cls)


def _unknown_acronym(word: str, t: _Tables) -> bool:
    return word not in t.known and word not in t.names and len(word) <= 5 and not any(c in "aeiouy" for c in word[1:])


def _skip_between(low: str, tokens, k: int, letters) -> None:
    """Advance the phrase's letters over the punctuation between token ``k`` and the next one."""
    if k + 1 < len(tokens):
        for ch in low[tokens[k].end():tokens[k + 1].start()]:
            if not ch.isspace():
                next(letters, None)


def _phrase_at(low: str, tokens, i: int, t: _Tables) -> int:
    if tokens[i].group() not in t.phrase_starts:
        return 0
    for n in range(min(t.longest, len(tokens) - i), 1, -1):
        key = " ".join(low[tokens[i].start():tokens[i + n - 1].end()].split())
        if key in t.phrases:
            return n
    return 0


def _given_name(word: str, t: _Tables) -> bool:
    """A word nearly always written with one capital that no lexicon names: "joyce", "jeffrey"
    (a place or an organization before a word describes it: "Kenya police")."""
    form, share = t.words.get(word, ("", 0.0))
    return share >= SURELY_A_NAME_SHARE and form == _upper_first(word) and word not in t.names \
        and word not in t.places


def _could_be_surname(word: str, t: _Tables) -> bool:
    """A word that may close a person's name: no function word, verb, title or institution."""
    return word.replace("-", "").isalpha() and word not in t.stop_words and word not in t.verb_forms \
        and word not in t.titles and word not in t.date_words and word not in _NAME_GOES_ON_HEADS and word not in _OUTLET_HEADS


# Words after which a name is expected: "says X", "talking to X", "with Mrs X", "by name X".
_BEFORE_NAMES = frozenset("said says told explains explained added adds asked to with by like named name".split())


def _surname_word(word: str, form: str, t: _Tables) -> bool:
    """A word restored as a name, not an acronym, that is in no table ("Mukansanga", "Tinubu") or
    that is nearly always capitalised and names no place, organization or day ("Adan", "Urey")."""
    if not word.isalpha() or not form[1:].islower():
        return False
    return word not in t.known or _given_name(word, t) and word not in t.date_words


def _opens_a_name(low: str, tokens, k: int, words: list) -> bool:
    """Whether the word ``k`` stands where a person's name begins: after a title, a verb of speech,
    a preposition that takes a name, or a possessive ("Rwanda's")."""
    if k == 0:
        return False
    between = low[tokens[k - 1].end():tokens[k].start()]
    if between.strip(" .") == "":
        before = words[k - 1]
        return before in _BEFORE_NAMES or bool(_POSSESSIVE.search(before)) or before in tables().titles
    return False


_PROPER_ADJECTIVE = re.compile(r"(?:an|ic|ish|ese)$")


@functools.lru_cache(maxsize=1)
def _name_ending_heads() -> frozenset:
    """Nouns that end an institution's or a company's name after a name and plain words: the
    institution nouns, the organization heads the entity rules use, the company endings."""
    return _AFTER_NAME_HEADS | words_of("org_heads") | words_of("company_endings")


@functools.lru_cache(maxsize=1)
def _demonyms() -> frozenset:
    return frozenset(lower_keeping_length(row["demonym"]) for row in table("demonyms", ("demonym",)))


def _plain_name_word(word: str, t: _Tables) -> bool:
    """A word that may stand inside an institution's name: "wildlife" in "African Wildlife Foundation"."""
    return word.isalpha() and word not in t.stop_words and word not in t.verb_forms and word not in t.date_words


def _pairs(low: str, tokens, forms: list, sure: list, t: _Tables, in_phrase: list, evidence: dict) -> None:
    """Two neighbours that news writes with a capital ("labour party", "the ministry"): the pair's
    form, and no context rule undoes it; the article's own case and multi-word names come first.
    The table counts pairs with no capitalised word beside them, so a pair beside a capital is left
    to the context rules ("Oregon state university" describes; "Prime Minister X" is a title)."""
    n = len(tokens)
    locked = list(in_phrase)      # a pair goes on into the next: "african national congress"
    capital = [sure[k] == _SURE and (forms[k] or "")[:1].isupper() for k in range(n)]

    def joined(a: int, b: int) -> bool:
        return 0 <= a and b < n and low[tokens[a].end():tokens[b].start()] == " "

    for k in range(n - 1):
        a, b = tokens[k], tokens[k + 1]
        if locked[k] or locked[k + 1] or not joined(k, k + 1) \
                or joined(k - 1, k) and capital[k - 1] or joined(k + 1, k + 2) and capital[k + 2]:
            continue
        form = t.pairs.get(a.group() + " " + b.group())
        if form is None:
            continue
        for j, part in ((k, form[:len(a.group())]), (k + 1, form[len(a.group()) + 1:])):
            if tokens[j].group() in evidence or not part[:1].isupper():
                continue
            forms[j], sure[j] = part, _SURE
            in_phrase[j] = True


def _context(low: str, tokens, forms: list, sure: list, t: _Tables, in_phrase: list,
             name_words: Optional[set] = None) -> None:
    """Words the statistics leave open, decided by their neighbours (not those of a multi-word name);
    ``name_words``, when given, collects the words taken for given names and surnames by context."""
    n = len(tokens)
    words = [m.group() for m in tokens]

    def joined(a: int, b: int) -> bool:      # only spaces between tokens a < b
        return low[tokens[a].end():tokens[b].start()].strip() == ""

    def capital(k: int) -> bool:
        return 0 <= k < n and sure[k] == _SURE and (forms[k] or "")[:1].isupper()

    for k, word in enumerate(words):
        if word == _MONTH_ALONE:
            near = [words[j] for j in (k - 1, k + 1) if 0 <= j < n]
            if any(w.isdigit() for w in near):
                forms[k], sure[k] = "May", _SURE
        elif word == "us" and k and words[k - 1] == "the":
            forms[k], sure[k] = "US", _SURE
    changed = True
    while changed:    # a capital spreads along a run of open words: "north korean", "supreme court"
        changed = False
        for k in range(n):
            if sure[k] != _MAYBE or words[k] in t.stop_words:
                continue
            # not across a possessive: "Ukraine's army"
            # nor from a place onto the institution it describes: "the Kenyan parliament"
            left = capital(k - 1) and joined(k - 1, k) and not _POSSESSIVE.search(words[k - 1]) \
                and not (words[k] in _AFTER_NAME_NOT_PLACE_HEADS and words[k - 1] in t.places)
            if left or (capital(k + 1) and joined(k, k + 1)):
                sure[k] = _SURE
                changed = True
    for k in range(1, n):    # "supreme court", "national assembly": open words naming an institution
        if words[k] in _INSTITUTION_HEADS and sure[k - 1] == _MAYBE and words[k - 1] not in t.stop_words \
                and joined(k - 1, k):
            forms[k], sure[k] = _upper_first(words[k]), _SURE
            j = k - 1
            while j >= 0 and sure[j] == _MAYBE and words[j] not in t.stop_words and joined(j, j + 1):
                sure[j] = _SURE
                j -= 1
        # one plain word may stand between: "federal high court"
        elif words[k] in _INSTITUTION_HEADS and k >= 2 and sure[k - 1] == _NONE and sure[k - 2] == _MAYBE \
                and _plain_name_word(words[k - 1], t) and words[k - 2] not in t.stop_words \
                and joined(k - 2, k - 1) and joined(k - 1, k):
            forms[k], sure[k] = _upper_first(words[k]), _SURE
            forms[k - 1], sure[k - 1] = _upper_first(words[k - 1]), _SURE
            sure[k - 2] = _SURE
    _after_capitals(tokens, forms, sure, t, in_phrase, words, joined, capital)
    for k in range(n):
        if sure[k] == _MAYBE:
            forms[k], sure[k] = words[k], _NONE
    for k in range(n - 1):   # "says safia Adan": a given name the statistics call a word, before a surname
        if sure[k] == _NONE and words[k] in t.given_name_like and sure[k + 1] == _SURE \
                and _surname_word(words[k + 1], forms[k + 1], t) and joined(k, k + 1) \
                and _could_be_surname(words[k], t) and words[k] not in t.names \
                and words[k] not in t.places and _opens_a_name(low, tokens, k, words):
            forms[k], sure[k] = _upper_first(words[k]), _SURE
            if name_words is not None:
                name_words.add(words[k])
    for k in range(n - 1, -1, -1):   # right to left: "president joe biden", "prime minister x"
        if words[k] in t.titles and not in_phrase[k]:
            title = capital(k + 1) and joined(k, k + 1)
            forms[k], sure[k] = (_upper_first(words[k]), _SURE) if title else (words[k], _NONE)
    for k in range(n - 2):   # "president joyce banda": after a title and a given name comes the surname
        if words[k] in t.titles and capital(k) and capital(k + 1) and _given_name(words[k + 1], t) \
                and joined(k, k + 1) and joined(k + 1, k + 2) and sure[k + 2] != _SURE \
                and _could_be_surname(words[k + 2], t):
            forms[k + 2], sure[k + 2] = _upper_first(words[k + 2]), _SURE
            if name_words is not None:
                name_words.add(words[k + 2])
    for k in range(1, n):
        after_name = capital(k - 1) and joined(k - 1, k) and not _POSSESSIVE.search(words[k - 1])
        if after_name and sure[k] != _SURE and (
                words[k] in _AFTER_NAME_HEADS or words[k] in _OUTLET_HEADS
                or words[k] in _AFTER_NAME_NOT_PLACE_HEADS and words[k - 1] not in t.places
                and t.words.get(words[k - 1], ("", 1.0))[1] < SURELY_A_NAME_SHARE):
            forms[k], sure[k] = _upper_first(words[k]), _SURE
        if words[k] in _OF_HEADS and k + 2 < n and words[k + 1] == "of" and joined(k, k + 1) and joined(k + 1, k + 2) \
                and (capital(k + 2) or words[k] in _OF_NAMED_BY_ANY_WORD and words[k + 2] not in t.stop_words):
            forms[k], sure[k] = _upper_first(words[k]), _SURE
            if not capital(k + 2):
                forms[k + 2], sure[k + 2] = _upper_first(words[k + 2]), _SURE
    for k in range(2, n):    # "African Wildlife Foundation": a name, one or two plain words, an institution noun
        if words[k] not in _name_ending_heads() or sure[k] == _SURE:
            continue
        j = k - 1
        while j > k - 3 and j >= 0 and sure[j] == _NONE and _plain_name_word(words[j], t) and joined(j, j + 1):
            j -= 1
        # after a proper adjective ("African", "Islamic") or a name that is no place ("Zelmora
        # Heavy Industries"): a place name before plain words describes what follows more often
        # than it names it ("a Kenya state university"); a title is no name ("minister")
        if j < k - 1 and capital(j) and joined(j, j + 1) and not _POSSESSIVE.search(words[j]) \
                and (words[j] in _demonyms() or words[j] not in t.places and words[j] not in t.titles
                     or _PROPER_ADJECTIVE.search(words[j]) and t.words.get(words[j], ("", 0.0))[1] >= SURELY_A_NAME_SHARE):
            for i in range(j + 1, k + 1):
                forms[i], sure[i] = _upper_first(words[i]), _SURE
    # a capitalised institution goes on through "of", "for" and "and": "Institute for Health
    # Research and Policy", "University of Science and Technology", through a list before
    # "and": "Ministry of Water, Energy and Mining", and through "of the" before a word news
    # capitalises after a capital and "of" ("Board of the Tidal Works"); a verb, a stop word or
    # other punctuation ends it
    def open_word(j: int) -> bool:
        w = words[j]
        return w.isalpha() and w not in t.stop_words and w not in t.verb_forms

    def listed(j: int) -> bool:    # "of Water, Energy and Mining": a comma, an open word, "and"
        return 0 < j < n - 2 and low[tokens[j - 1].end():tokens[j].start()] == ", " and open_word(j) \
            and words[j + 1] == "and" and joined(j, j + 1)

    k = 0
    while k < n - 2:
        if not (capital(k) and words[k] in _NAME_GOES_ON_HEADS):
            k += 1
            continue
        j = k + 1
        while True:
            if j > k + 1 and listed(j):
                if not capital(j):
                    forms[j], sure[j] = _upper_first(words[j]), _SURE
                j += 1
                continue
            if j + 2 < n and words[j] in ("of", "for") and words[j + 1] == "the" and joined(j - 1, j) \
                    and joined(j, j + 1) and open_word(j + 2) and (words[j + 2] in t.of_fields or capital(j + 2)):
                j += 1      # "Board of the Tidal Works and Piers": "the" stays lower case
            elif not (j + 1 < n and words[j] in _NAME_LINKS and joined(j - 1, j) and joined(j, j + 1) and open_word(j + 1)
                      and (words[j] != "and" or j > k + 1)):
                break
            if not capital(j + 1):
                forms[j + 1], sure[j + 1] = _upper_first(words[j + 1]), _SURE
            j += 2
            # and the words after a link that news goes on a name with: "Ministry of Coastal Research",
            # "Ministry of Rural Roads"
            while j < n and j - k < _MAX_NAME_GOES_ON and joined(j - 1, j) and open_word(j) \
                    and (words[j] in t.after_capital or words[j] in t.of_fields):
                if not capital(j):
                    forms[j], sure[j] = t.after_capital.get(words[j]) or t.of_fields[words[j]], _SURE
                j += 1
        k = max(j, k + 1)


def _after_capitals(tokens, forms: list, sure: list, t: _Tables, in_phrase: list, words: list, joined, capital) -> None:
    """Left to right, a word that news writes with a capital right after a capitalised one takes it
    after one here: "zelmora cement industries" -> "Zelmora Cement Industries".  Not after a
    possessive ("Zelmora's cement"), nor after a place or a word that is surely a name by itself,
    a town as often as not: they describe what follows more often than they name it ("the Kenyan
    parliament", "a Nairobi court"), and a town's name would grow into another's."""
    for k in range(1, len(tokens)):
        word = words[k]
        if sure[k] == _SURE or in_phrase[k] or word in t.stop_words or word in t.verb_forms \
                or word not in t.after_capital or not capital(k - 1) or not joined(k - 1, k) \
                or _POSSESSIVE.search(words[k - 1]) or words[k - 1] in t.places \
                or t.words.get(words[k - 1], ("", 0.0))[1] >= SURELY_A_NAME_SHARE:
            continue
        forms[k], sure[k] = t.after_capital[word], _SURE


# Words an acronym's letters may pass over ("Ministry of Health (MoH)", "Front for Democracy and
# Justice (FDJ)"); every other word of the name gives the acronym one letter or more.
_ACRONYM_GAP_WORDS = frozenset("of and the for in on to de del la le des du da di y et & at".split())
_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([^\W\d_]{2,10})\s*\)")
_NAMED_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([^\W\d_]{2,20})\s+([^\W\d_]{2,10})\s*\)")
_NAME_IN_BRACKETS = re.compile(r"([^\W\d_]{2,10})\s*\(([^()\n]{4,120})\)")
_MAX_LETTERS_PER_WORD = 3     # "UNILAG": UNIversity of LAGos
_MAX_WORDS_AFTER_OF = 8        # words a name goes on after the part its acronym spells


@dataclass
class _Definitions:
    """What a damaged region spells out: acronyms and names for the whole article, and the
    bracketed acronyms themselves by position (a stop word such as "who" is one only there)."""
    words: dict = dataclasses.field(default_factory=dict)        # acronym -> form
    phrases: dict = dataclasses.field(default_factory=dict)      # lower-case name, single spaces -> form
    at: dict = dataclasses.field(default_factory=dict)           # position in the text -> form


def _acronym_definitions(text: str, regions: tuple[Region, ...], t: _Tables) -> _Definitions:
    """Acronyms that a damaged region spells out, with their names: "academic staff union (asu)"
    or "asu (academic staff union)" gives "ASU" and "Academic Staff Union" wherever they occur."""
    found = _Definitions()
    for r in regions:
        low = lower_keeping_length(text[r.start:r.end])
        for m in _ACRONYM_IN_BRACKETS.finditer(low):
            words = [w.group() for w in _TOKEN.finditer(low, max(0, m.start() - 160), m.start())]
            _define(m.group(1), r.start + m.start(1), _spelled_out(m.group(1), words), found, t)
        for m in _NAMED_ACRONYM_IN_BRACKETS.finditer(low):
            # "umurenge savings and credit cooperative (umurenge sacco)": the name's first word
            # stays a word in the short form, the acronym spells the rest
            words = [w.group() for w in _TOKEN.finditer(low, max(0, m.start() - 160), m.start())]
            tail = _spelled_out(m.group(2), words)
            if tail and len(tail) < len(words) and words[-len(tail) - 1] == m.group(1):
                _define(m.group(2), r.start + m.start(2), [m.group(1)] + tail, found, t)
        for m in _NAME_IN_BRACKETS.finditer(low):
            words = [w.group() for w in _TOKEN.finditer(m.group(2))]
            _define(m.group(1), r.start + m.start(1), words if _spells(m.group(1), words) else None, found, t)
    _unbracketed_acronyms(text, regions, t, found)
    return found


_NAME_FOR_INITIALS_GAPS = r"(?:(?:of|and|for|on|the)\s+)?"


def _unbracketed_acronyms(text: str, regions: tuple[Region, ...], t: _Tables, found: _Definitions) -> None:
    """A word in no table that spells, one letter a word, an institution's name elsewhere in the
    article, with no brackets: "national drug law enforcement agency ... ndlea agents"."""
    lows = [lower_keeping_length(text[r.start:r.end]) for r in regions]
    unknown = {m.group() for low in lows for m in _TOKEN.finditer(low)
               if m.group().isalpha() and 3 <= len(m.group()) <= 7 and m.group() not in t.known
               and m.group() not in found.words}
    for word in sorted(unknown):
        pattern = re.compile(r"\b" + _NAME_FOR_INITIALS_GAPS.join(
            rf"({c}[^\W\d_]*(?:-[^\W\d_]+)*)\s+" for c in word)[:-3] + r"\b")
        for low in lows:
            m = pattern.search(low)
            if m and m.group(len(word)) in _NAME_GOES_ON_HEADS \
                    and not any(w in t.stop_words or w in t.verb_forms for w in m.groups()):
                words = m.group().split()
                found.phrases.setdefault(" ".join(words), " ".join(
                    w if w in _ACRONYM_GAP_WORDS and k else _upper_first(w) for k, w in enumerate(words)))
                found.words.setdefault(word, word.upper())
                break


def _define(acronym: str, at: int, name: Optional[list[str]], found: _Definitions, t: _Tables) -> None:
    if not name:
        return
    found.phrases.setdefault(" ".join(name), " ".join(
        w if w in _ACRONYM_GAP_WORDS and k else re.sub(r"(^|-)(\w)", lambda m: m.group(1) + _upper_first(m.group(2)), w)
        for k, w in enumerate(name)))
    found.at[at] = acronym.upper()
    if acronym not in t.stop_words:
        found.words.setdefault(acronym, acronym.upper())


def _spelled_out(acronym: str, words: list[str]) -> Optional[list[str]]:
    """The last words before the brackets whose initial letters, read in order, spell ``acronym``."""
    for n in range(2, min(len(words), len(acronym) + 4) + 1):
        tail = words[-n:]
        if tail[0] not in _ACRONYM_GAP_WORDS and _spells(acronym, tail):
            return tail
    # the acronym may spell the name's head only, "of" and the rest left out: "Non-Academic
    # Staff Union of Educational and Allied Institutions (NASU)"
    for n in range(3, min(len(words), len(acronym) + _MAX_WORDS_AFTER_OF) + 1):
        tail = words[-n:]
        if tail[0] in _ACRONYM_GAP_WORDS:
            continue
        for m in range(2, n - 1):
            if tail[m] == "of" and _spells(acronym, tail[:m]):
                return tail
    return None


@functools.lru_cache(maxsize=4096)
def _spells_cached(acronym: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not acronym
    head, rest = words[0], words[1:]
    if head in _ACRONYM_GAP_WORDS and _spells_cached(acronym, rest):
        return True
    for n in range(1, min(_MAX_LETTERS_PER_WORD, len(head), len(acronym)) + 1):
        if acronym[:n] == head[:n] and _spells_cached(acronym[n:], rest):
            return True
    return False


def _spells(acronym: str, words: list[str]) -> bool:
    """Whether the words' initials (a hyphenated word's parts each give theirs) spell ``acronym``."""
    parts = tuple(p for w in words for p in w.split("-") if p)
    return len(parts) >= 2 and _spells_cached(acronym, parts)


def _with_phrases(t: _Tables, extra: dict[str, str]) -> _Tables:
    """``t`` with the article's own multi-word names ahead of the tables' ones."""
    if not extra:
        return t
    phrases = {**t.phrases, **extra}
    return dataclasses.replace(t, phrases=phrases, phrase_starts=t.phrase_starts | {p.split(" ", 1)[0] for p in extra},
                               longest=max(t.longest, max(p.count(" ") + 1 for p in extra)))


def _restore_regions(text: str, regions: tuple[Region, ...], t: _Tables, evidence: dict[str, str],
                     defined: _Definitions, name_words: Optional[set] = None, learned: Optional[Callable] = None) -> str:
    out = []
    pos = 0
    for r in regions:
        out.append(text[pos:r.start])
        original = text[r.start:r.end]
        fixed = {at - r.start: form for at, form in defined.at.items() if r.start <= at < r.end}
        in_region = None if learned is None else (lambda f, c, at, start=r.start: learned(f, c, start + at))
        out.append(_restore_region(lower_keeping_length(original), original, r.kind, t, evidence, fixed, name_words,
                                   in_region))
        pos = r.end
    out.append(text[pos:])
    return "".join(out)


def restore_case(text: str, check: Optional[CaseCheck] = None, learned: bool = True,
                 recorder: Optional[Callable] = None, t: Optional[_Tables] = None) -> str:
    """``text`` with its damaged regions in their likely case; the same length as ``text``.
    ``learned``: let the case model (``case_model``) overrule the rules where it is sure, if
    ``EVENTWIRE_CASE_MODEL=learned``;
    ``recorder(features, rule_class, at)``: called instead for every word the model would be asked
    about (``scripts/train_case_model.py`` collects its training rows so); ``t``: tables to use
    instead of ``tables()``."""
    check = check or detect_case(text)
    if not check.regions:
        return text
    t = t or tables()
    evidence = _evidence(text, check.regions)
    defined = _acronym_definitions(text, check.regions, t)
    evidence = {**defined.words, **evidence}
    t = _with_phrases(t, defined.phrases)
    name_words: set[str] = set()
    restored = _restore_regions(text, check.regions, t, evidence, defined, name_words)
    # a name found by context ("President Joyce banda", "says bola Tinubu") is the same name where
    # it stands without that context ("Banda said", "like Abba Kyari, Bola Tinubu")
    name_words -= evidence.keys()
    hook = recorder or (_learned_hook() if learned else None)
    if name_words or hook is not None:
        restored = _restore_regions(text, check.regions, t, {**evidence, **{w: _upper_first(w) for w in name_words}},
                                    defined, learned=hook)
    if len(restored) != len(text):   # a bug, never a silent offset shift
        raise AssertionError("case restoration changed the text's length")
    return restored


_CASE_WORDS = {LOWER: "all in lower case", UPPER: "all in capitals", MIXED: "partly without its case"}


def case_warning(case: str) -> str:
    """The one line that tells an analyst the text had lost its case."""
    return (f"text {_CASE_WORDS.get(case, case)}: case restored before extraction "
            "(names and places may be less reliable)")


def truecase(text: str) -> tuple[str, CaseCheck]:
    """(restored text, what was found): the text itself when nothing is damaged."""
    check = detect_case(text)
    return (restore_case(text, check) if check.regions else text), check
