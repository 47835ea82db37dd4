"""Articles in, extractions out: the one path the CLI, API and batch jobs share."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from eventwire.extract import extract
from eventwire.errors import IngestError
from eventwire.ingest.readers import iter_inputs
from eventwire.nlp import load_nlp, parse_many
from eventwire.records import Article, Extraction


@dataclass
class Result:
    name: str                        # input file name without extension (or article id)
    extraction: Optional[Extraction] = None
    error: Optional[str] = None      # one line: what and why


def load_models(model: Optional[str] = None):
    """The spaCy pipeline and the gazetteer, loaded once per process; returns the pipeline.

    The gazetteer comes before any article: building its cache (once per machine) peaks near
    900 MiB, which must not come on top of a long article's Doc, nor count in its time budget.
    """
    from eventwire.extract.gazetteer import get_gazetteer

    nlp = load_nlp(model)
    get_gazetteer()
    return nlp


def extract_articles(articles: Iterable[Article], model: Optional[str] = None, batch_size: int = 16,
                     max_seconds: Optional[float] = None) -> Iterator[Extraction]:
    """Parse and extract each article, in order.  ``max_seconds``: each article's time budget
    (default: ``eventwire.config.limits().max_article_seconds``; 0 for none)."""
    from eventwire.config import limits

    nlp = load_models(model)
    budget = limits(max_article_seconds=max_seconds).max_article_seconds or None
    for parsed in parse_many(articles, nlp, batch_size=batch_size, max_seconds=budget):
        yield extract(parsed)


def extract_paths(paths: Iterable[str], date: Optional[str] = None, model: Optional[str] = None,
                  glob: Optional[str] = None, max_seconds: Optional[float] = None) -> Iterator[Result]:
    """Read every input (files, directories, '-') and extract each article; errors come back as results."""
    names: dict[str, str] = {}
    errors: list[Result] = []

    def articles():
        for item in iter_inputs(paths, date=date, glob=glob):
            if isinstance(item, IngestError):
                errors.append(Result(name=item.origin, error=str(item)))
                continue
            names[item.id] = _name_for(item)
            yield item

    for extraction in extract_articles(articles(), model=model, max_seconds=max_seconds):
        while errors:
            yield errors.pop(0)
        yield Result(name=names.get(extraction.article.id, extraction.article.id), extraction=extraction)
    yield from errors


def _name_for(article: Article) -> str:
    """The output name: the input file's stem, plus the line number for JSON Lines records."""
    origin = article.origin or ""
    if not origin or origin.startswith("<"):
        return article.id
    path, _, line = origin.rpartition(":")
    if path and line.isdigit() and not Path(origin).exists():
        return f"{Path(path).stem}-{line}"
    return Path(origin).stem or article.id
