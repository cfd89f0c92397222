#!/usr/bin/env bash
# Installs what a fresh machine lacks (Debian chromium for PNG export, plotly.js from npm) and builds
# the solution in Release. Safe to run again.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
if ! command -v chromium >/dev/null 2>&1; then
  sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  echo "setup: installing Debian chromium (headless PNG export of figures)" >&2
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
if [[ ! -f node_modules/plotly.js-dist-min/plotly.min.js ]]; then
  echo "setup: installing plotly.js-dist-min (pinned in package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet build Workbench.sln -c Release -nologo -v quiet
