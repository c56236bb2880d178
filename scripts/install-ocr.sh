#!/usr/bin/env bash
# Installs the native OCR libraries the scans connector needs (Tesseract 5 + Leptonica, English and OSD data).
# The -dev packages matter: they add the unversioned libtesseract.so / libleptonica.so links that JNA loads.
# Idempotent: silent when everything is present. Without root it prints the command to run instead.
set -euo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd libtesseract-dev libleptonica-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "OCR libraries missing: ${missing[*]}" >&2
  echo "Run as root: $cmd" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "Installing OCR libraries: ${missing[*]}"
# The package lists on a fresh machine may be stale or empty: refresh them only when the first try fails.
if ! $cmd >/dev/null; then
  apt-get update -q >/dev/null
  $cmd >/dev/null
fi
echo "OCR libraries installed: $(tesseract --version 2>&1 | head -n 1)"
