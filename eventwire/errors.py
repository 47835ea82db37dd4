"""One error tree: every expected failure eventwire raises derives from ``EventwireError``.

Each carries a one-line message meant for a user (the CLI prints it as ``error: ...``,
the API answers it as a 4xx); anything else escaping is a bug.
"""
from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class ConfigError(EventwireError, ValueError):
    """A setting (limit, environment variable) with a value that is not usable: names the variable."""


class DataError(EventwireError):
    """A data table or model the package needs is missing or malformed: names it."""


class ModelError(DataError, RuntimeError):
    """The spaCy model asked for is not installed."""


class IngestError(EventwireError):
    """An expected problem with one input: reported as one line, the batch goes on."""

    def __init__(self, origin: str, reason: str):
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class RetryLaterError(IngestError):
    """A server answered 429/503 asking (Retry-After) for a longer wait than we make: try after ``retry_at``."""

    def __init__(self, origin: str, reason: str, retry_at: float):
        super().__init__(origin, reason)
        self.retry_at = retry_at          # seconds since the epoch


class StoreError(EventwireError):
    """An expected problem opening or using a store (bad URL, newer schema ...)."""


class SearchSyntaxError(StoreError, ValueError):
    """The full-text query could not be parsed by the database."""


class QueryError(EventwireError, ValueError):
    """An invalid query parameter."""


class MissingExtraError(EventwireError, ImportError):
    """An optional package is not installed: names the extra that brings it (``pip install 'eventwire[pandas]'``)."""


__all__ = ["EventwireError", "ConfigError", "DataError", "ModelError", "IngestError", "RetryLaterError", "StoreError",
           "SearchSyntaxError", "QueryError", "MissingExtraError"]
