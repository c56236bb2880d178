# Sourced by scripts/install-*.sh: installs Debian packages without alarming output when it works.
#
# apt prints errors for attempts that a retry then fixes: on a machine whose package lists are stale or empty the
# first `apt-get install` fails ("E: Unable to correct problems, you have held broken packages", or 404s) and only
# succeeds after `apt-get update`. So apt's output is kept in a log and shown only when the install finally fails.

# Installs the packages (as root), refreshing the package lists first when there are none and again before one
# retry. Prints nothing on success; on failure prints apt's own output to stderr and returns 1.
apt_install_quietly() {
  local log status=0
  log="$(mktemp "${TMPDIR:-/tmp}/chartbridge-apt.XXXXXX")"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt_lists_present; then
    apt-get update -q > "$log" 2>&1 || true
  fi
  if ! apt-get install -y -q --no-install-recommends "$@" >> "$log" 2>&1; then
    # Stale lists are the usual cause: refresh them and try once more, keeping only this attempt's output.
    if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "$@"; } > "$log" 2>&1; then
      cat "$log" >&2
      status=1
    fi
  fi
  rm -f "$log"
  return "$status"
}

# Whether apt has any package lists (a fresh container has none until `apt-get update`).
apt_lists_present() {
  compgen -G "/var/lib/apt/lists/*_Packages*" > /dev/null
}

# The packages of the list that are not installed, one line each, in the list's order.
apt_missing_packages() {
  local -A state=()
  local p status
  # One dpkg-query for all of them (it runs before every OCR command); packages dpkg never heard of are not in its
  # output at all.
  while IFS=$'\t' read -r p status; do
    state["$p"]="$status"
  done < <(dpkg-query -W -f='${Package}\t${Status}\n' "$@" 2> /dev/null || true)
  for p in "$@"; do
    [[ "${state[$p]:-}" == "install ok installed" ]] || echo "$p"
  done
}
