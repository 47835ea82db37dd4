#!/usr/bin/env bash
# Installs what the browser and PostgreSQL tests need (Debian packages), when missing.
# Idempotent: does nothing when chromium, chromedriver and PostgreSQL's initdb are present.
# The tests themselves start a throwaway PostgreSQL server (tests/pgserver.py, as the
# `postgres` user on 127.0.0.1) and headless Chromium.  A failed install exits non-zero, so
# `make test` and CI stop here; in CI (CI=true) a test whose service is missing fails, elsewhere
# it skips with the reason (tests/services.py).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "test-services: no apt-get to install ${need[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
  echo "test-services: installing Debian packages: ${need[*]}"
  if ! $SUDO apt-get update -qq >/tmp/test-services-apt.log 2>&1; then
    echo "test-services: apt-get update failed (see /tmp/test-services-apt.log)" >&2
    exit 1
  fi
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" \
      >>/tmp/test-services-apt.log 2>&1; then
    echo "test-services: could not install ${need[*]} (see /tmp/test-services-apt.log)" >&2
    exit 1
  fi
fi
echo "test-services: chromium: $(command -v chromium || echo missing); postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || echo missing)"
