#!/usr/bin/env bash
# Runs every test: unit tests per stage and the end-to-end tests that build seeds/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build --build-tests
swift test --skip-build
