"""What a test does when a service it needs (Chromium, PostgreSQL) is missing.

In CI (``CI=true``) it fails with the reason: CI installs every service (``scripts/test-services.sh``),
so a missing one is a broken run, not a test to leave out.  Elsewhere it skips with the reason.
"""
from __future__ import annotations

import os

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def service_missing(reason: str):
    """Fail (in CI) or skip (elsewhere) the calling test or fixture, with ``reason``."""
    if in_ci():
        pytest.fail(f"service missing in CI: {reason}", pytrace=False)
    pytest.skip(reason)
