#!/usr/bin/env bash
# Every test: the test suite and the snippets' own doctests. pytest's exit code 5 ("no tests ran")
# means the suite lost its tests: that is a failure, not a pass.
set -uo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m pytest -q -p no:cacheprovider --durations=15 tests snippets
code=$?
if [ "$code" -eq 5 ]; then
  echo "pytest collected no tests: failing on purpose (exit 5 means the suite is empty)" >&2
  exit 1
fi
exit "$code"
