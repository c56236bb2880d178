#!/usr/bin/env bash
# Installs the headless browser the console's end-to-end tests drive: Debian's chromium and chromium-driver
# (/usr/bin/chromium, /usr/bin/chromedriver). Never downloads a browser build of its own. Idempotent: silent when
# both are there. Without root it prints the command to run instead. apt's output is shown only when the install
# fails (scripts/lib/apt.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi

packages=(chromium chromium-driver)
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-browser: run as root: apt-get update && apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi

echo "Installing the headless browser for the console tests: ${packages[*]}"
if ! apt_install_quietly "${packages[@]}"; then
  echo "install-browser: apt-get could not install ${packages[*]} (its output is above)" >&2
  exit 1
fi
echo "Installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1), $(/usr/bin/chromedriver --version 2>/dev/null | head -n 1)"
