#!/usr/bin/env bash
# Installs what the browser and PostgreSQL tests need (Debian packages), when missing.
# Idempotent: does nothing when chromium, chromedriver and PostgreSQL's initdb are present.
# The tests themselves start a throwaway PostgreSQL server (tests/pgserver.py, as the
# `postgres` user on 127.0.0.1) and headless Chromium; a test whose service is missing
# skips with the reason, and everything else still runs.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo -n"
    echo "test-services: installing Debian packages: ${need[*]}"
    $SUDO apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
      || echo "test-services: warning: could not install ${need[*]}; those tests will skip"
  else
    echo "test-services: no apt-get; missing ${need[*]}; those tests will skip"
  fi
fi
echo "test-services: chromium: $(command -v chromium || echo missing); postgresql: $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | tail -1 || echo missing)"
exit 0
