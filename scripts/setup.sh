#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine with Swift, builds dossier and renders seeds/ into public/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
swift build -c release
.build/release/dossier build
echo "The dossier site is in $(pwd)/public/ (open public/index.html)."
