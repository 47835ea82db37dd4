"""A throwaway PostgreSQL server for the test session (Debian's `postgresql` package).

    url, reason = postgres_url()      # starts it once per process; url is None when it can't
    db = new_database(url)            # an empty database of its own (postgresql+psycopg://...)

The server runs as the `postgres` user when the tests run as root (initdb refuses
root), with its data directory in a temporary folder, listening on 127.0.0.1 on a
free port with `trust` auth, and is stopped and removed when the process exits.
`scripts/test-services.sh` installs the package; without it, `postgres_url()`
returns (None, reason) and the tests that need it skip with that reason.
"""
from __future__ import annotations

import atexit
import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from typing import Optional

_state: dict = {}
_counter = itertools.count(1)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bindir() -> Optional[str]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return os.path.dirname(found[-1])
    initdb = shutil.which("initdb")
    return os.path.dirname(initdb) if initdb else None


def _start() -> tuple[Optional[str], Optional[str]]:
    if os.environ.get("EVENTWIRE_TEST_PG_URL"):          # an existing server, given by the caller
        return os.environ["EVENTWIRE_TEST_PG_URL"], None
    bindir = _bindir()
    if not bindir:
        return None, "PostgreSQL is not installed (initdb not found; scripts/test-services.sh installs Debian's postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed"
    root = os.geteuid() == 0
    prefix: list[str] = []
    if root:
        runuser = shutil.which("runuser")
        try:
            import pwd
            pw = pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no 'postgres' user to run the server as"
        if not runuser:
            return None, "running as root and runuser is missing"
        prefix = [runuser, "-u", "postgres", "--"]
    tmp = tempfile.mkdtemp(prefix="eventwire-pg-")
    os.chmod(tmp, 0o755)
    data, sock, log = os.path.join(tmp, "data"), os.path.join(tmp, "sock"), os.path.join(tmp, "server.log")
    os.mkdir(sock)
    if root:
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        os.chown(sock, pw.pw_uid, pw.pw_gid)
    env = dict(os.environ, LC_ALL="C", LANG="C")
    init = subprocess.run(prefix + [os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
                                    "-E", "UTF8", "--locale=C", "--no-sync"],
                          cwd=tmp, env=env, capture_output=True, text=True)
    if init.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        return None, f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1:]}"
    port = _free_port()
    opts = f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    start = subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-o", opts, "-l", log, "-w", "-t", "60", "start"],
                           cwd=tmp, env=env, capture_output=True, text=True)
    if start.returncode != 0:
        tail = open(log).read()[-400:] if os.path.exists(log) else start.stderr
        shutil.rmtree(tmp, ignore_errors=True)
        return None, f"PostgreSQL did not start: {tail.strip()}"

    def stop():
        subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"],
                       cwd=tmp, env=env, capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)

    atexit.register(stop)
    _state["stop"] = stop
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", None


def postgres_url() -> tuple[Optional[str], Optional[str]]:
    """(url, None) of the session's server, started on first call; (None, reason) when there is none."""
    if "result" not in _state:
        _state["result"] = _start()
    return _state["result"]


def new_database(url: str, name: Optional[str] = None) -> str:
    """Create an empty database on the server at `url` and return its URL (same driver)."""
    import psycopg

    name = name or f"t{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad database name {name!r}")
    base, _, _ = url.rpartition("/")
    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))
    return f"{base}/{name}"


def stop() -> None:
    if "stop" in _state:
        _state.pop("stop")()
