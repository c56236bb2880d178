#!/usr/bin/env bash
# Installs the native OCR libraries the scans connector needs (Tesseract 5 + Leptonica, English and OSD data).
# The -dev packages matter: they add the unversioned libtesseract.so / libleptonica.so links that JNA loads.
# Idempotent: silent when everything is present. Without root it prints the command to run instead. apt's output is
# shown only when the install fails (scripts/lib/apt.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev)

mapfile -t missing < <(apt_missing_packages "${PACKAGES[@]}")
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
  echo "OCR libraries missing: ${missing[*]}" >&2
  echo "Run as root: apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "Installing OCR libraries: ${missing[*]}"
if ! apt_install_quietly "${missing[@]}"; then
  echo "install-ocr: apt-get could not install ${missing[*]} (its output is above)" >&2
  exit 1
fi
echo "OCR libraries installed: $(tesseract --version 2>&1 | head -n 1)"
