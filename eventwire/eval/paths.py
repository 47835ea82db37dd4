"""Where the public sets and the shared scorer live: beside the checkout, never inside it."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """``$EVENTWIRE_PUBLIC_DATA``, else ``../shared/data`` relative to the repository root."""
    return Path(os.environ.get("EVENTWIRE_PUBLIC_DATA") or REPO_ROOT.parent / "shared" / "data")


def shared_eval_dir() -> Path:
    return REPO_ROOT.parent / "shared" / "eval"


def default_json_path() -> Path:
    return REPO_ROOT / ".artifacts" / "eval-public.json"
