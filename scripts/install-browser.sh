#!/usr/bin/env bash
# Installs the headless browser the console's end-to-end tests drive: Debian's chromium and chromium-driver
# (/usr/bin/chromium, /usr/bin/chromedriver). Never downloads a browser build of its own. Idempotent: does nothing
# when both are there. Without root it prints the command to run instead.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "install-browser: chromium and chromedriver are installed"
  exit 0
fi

packages=(chromium chromium-driver)
if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-browser: run as root: apt-get update && apt-get install -y --no-install-recommends ${packages[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"
/usr/bin/chromium --version
/usr/bin/chromedriver --version
