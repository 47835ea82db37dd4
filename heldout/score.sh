#!/usr/bin/env bash
# Score eventwire on the held-out set. Run from the repository root: bash heldout/score.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .artifacts/heldout
mkdir -p .artifacts/heldout
.venv/bin/eventwire extract heldout/*.txt --out .artifacts/heldout
.venv/bin/python /work/shared/eval/score.py .artifacts/heldout heldout -v "$@"
