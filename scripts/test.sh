#!/usr/bin/env bash
# Runs every test: unit tests per stage, the end-to-end tests that build seeds/, and the
# browser tests that serve the built seeds with nginx and read every page in headless
# Chromium (Tests/browser/run.sh). Exits non-zero if any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build --build-tests
status=0
swift test --skip-build || status=$?
Tests/browser/run.sh .build/debug/dossier || status=$?
exit "$status"
