"""Limits, in one place, with sane defaults; each overridable by an environment variable
(and, where a command takes it, a CLI option).

    from eventwire.config import limits
    limits().max_article_chars        # 1_000_000, or $EVENTWIRE_MAX_ARTICLE_CHARS

| setting            | env var                        | default     | used by                                   |
|--------------------|--------------------------------|-------------|-------------------------------------------|
| max_article_chars  | EVENTWIRE_MAX_ARTICLE_CHARS    | 1,000,000   | readers: longer articles are truncated and flagged (`truncated`), never dropped; `ingest --max-chars` |
| max_article_seconds| EVENTWIRE_MAX_ARTICLE_SECONDS  | 120 s       | NLP: one article's time budget; when it runs out the article is stored with what was extracted and a warning (0: no budget); `ingest --max-seconds` |
| api_max_page       | EVENTWIRE_API_MAX_PAGE         | 500         | API: largest `limit` a list endpoint accepts (422 above) |
| api_max_body_bytes | EVENTWIRE_API_MAX_BODY_BYTES   | 1 MiB       | API: a request body larger than this is refused with 413 |
| fetch_max_bytes    | EVENTWIRE_FETCH_MAX_BYTES      | 5 MiB       | fetcher: a page larger than this is an error (checked while streaming) |
| fetch_timeout      | EVENTWIRE_FETCH_TIMEOUT        | 20 s        | fetcher: per-request timeout              |
| fetch_retries      | EVENTWIRE_FETCH_RETRIES        | 2           | fetcher: retries on connection errors, 429 and 5xx |
| fetch_max_retry_after | EVENTWIRE_FETCH_MAX_RETRY_AFTER | 120 s    | fetcher: longest `Retry-After` (429/503) waited for; a longer one is not retried |

A bad value (not a number, or below the minimum) is an error naming the variable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Optional

from eventwire.errors import ConfigError


@dataclass(frozen=True)
class Limits:
    max_article_chars: int = 1_000_000     # spaCy's default max_length; news articles are ~2k-50k
    max_article_seconds: float = 120.0     # a news article takes well under a second; 0: no budget
    api_max_page: int = 500
    api_max_body_bytes: int = 1024 * 1024
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_timeout: float = 20.0
    fetch_retries: int = 2
    fetch_max_retry_after: float = 120.0


ENV = {f: "EVENTWIRE_" + f.upper() for f in Limits.__dataclass_fields__}
MINIMUM = {"max_article_chars": 1, "max_article_seconds": 0, "api_max_page": 1, "api_max_body_bytes": 0,
           "fetch_max_bytes": 1, "fetch_timeout": 0.1, "fetch_retries": 0, "fetch_max_retry_after": 0}


def _parse(name: str, raw: str, kind):
    try:
        value = kind(raw.replace("_", "").strip()) if kind is int else kind(raw.strip())
    except ValueError:
        raise ConfigError(f"{ENV[name]}: not a number: {raw!r}") from None
    if value < MINIMUM[name]:
        raise ConfigError(f"{ENV[name]}: must be at least {MINIMUM[name]} (got {raw!r})")
    return value


def limits(environ: Optional[dict] = None, strict: bool = True, **overrides) -> Limits:
    """The limits: defaults, then environment variables, then ``overrides`` (None values ignored).

    ``strict=False`` (for module-level defaults, read at import time) ignores a bad
    environment value instead of raising; the command that uses the limit reads it
    strictly and reports the bad value as one line.
    """
    environ = os.environ if environ is None else environ
    values = {}
    for f in fields(Limits):
        kind = float if f.type in ("float", float) else int
        raw = environ.get(ENV[f.name])
        if raw not in (None, ""):
            try:
                values[f.name] = _parse(f.name, raw, kind)
            except ConfigError:
                if strict:
                    raise
        if overrides.get(f.name) is not None:
            values[f.name] = _parse(f.name, str(overrides[f.name]), kind)
    return Limits(**values)


_ON, _OFF = ("on", "1", "true", "yes"), ("off", "0", "false", "no")


def _env_word(name: str, environ: Optional[dict]) -> str:
    return (os.environ if environ is None else environ).get(name, "").strip().lower()


def switch(name: str, default: bool, environ: Optional[dict] = None) -> bool:
    """An on/off environment switch (``EVENTWIRE_SPEAKER_RANKER=off``): on/1/true/yes or
    off/0/false/no, any case; unset or empty gives ``default``; anything else is a ConfigError
    naming the variable, so a typo never silently runs the other configuration."""
    raw = _env_word(name, environ)
    if not raw:
        return default
    if raw in _ON:
        return True
    if raw in _OFF:
        return False
    raise ConfigError(f"{name}: expected on or off, got {raw!r}")


def choice(name: str, options: tuple[str, ...], default: str, environ: Optional[dict] = None) -> str:
    """A named choice from the environment (``EVENTWIRE_PLACE_RANKER=learned``): one of ``options``,
    any case; unset or empty gives ``default``; anything else is a ConfigError naming the variable."""
    raw = _env_word(name, environ)
    if not raw:
        return default
    if raw in options:
        return raw
    raise ConfigError(f"{name}: expected one of {', '.join(options)}, got {raw!r}")


__all__ = ["Limits", "limits", "switch", "choice", "ConfigError", "ENV"]
