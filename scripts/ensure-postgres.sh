#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are on this machine (installs Debian's package when absent).
set -euo pipefail
if compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || [ -n "${PG_BIN:-}" ]; then
  exit 0
fi
echo "PostgreSQL server binaries not found; installing the postgresql package..." >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
# The package starts a cluster of its own; we never use it.
$SUDO service postgresql stop >/dev/null 2>&1 || true
