#!/usr/bin/env bash
# Every test group (Makefile: test-run), two at a time. pytest's exit code 5 ("no tests ran") means a group lost
# its tests: that is a failure, not a pass (make stops on any non-zero exit).
set -uo pipefail
cd "$(dirname "$0")/.."
exec make --no-print-directory -j2 -O test-run
