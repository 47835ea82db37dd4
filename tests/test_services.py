"""A missing test service fails the test in CI and skips it elsewhere."""
import pytest

from services import service_missing


def test_missing_service_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="service missing in CI: no server here"):
        service_missing("no server here")


def test_missing_service_skips_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no server here"):
        service_missing("no server here")
