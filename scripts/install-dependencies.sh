#!/usr/bin/env bash
# Installs the Debian packages Dossier builds and tests with, when missing.
set -euo pipefail
# libjemalloc-dev: the allocator the dossier binary is linked with (see Package.swift).
# nginx, chromium and linkchecker: the browser tests (Tests/browser/run.sh) serve the built
# site, load every page in headless Chromium and check its links.
packages=(libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libjemalloc-dev pkg-config nginx chromium linkchecker)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# The browser tests drive Chromium through the DevTools protocol with websocket-client.
if ! python3 -c 'import websocket' >/dev/null 2>&1; then
  echo "Installing websocket-client"
  python3 -m pip install --quiet websocket-client
fi
