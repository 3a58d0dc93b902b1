#!/usr/bin/env bash
# Installs the PostgreSQL server (with the unaccent extension) that
# `vigie bench` compares Vigie with, from Debian's packages. The benchmark
# starts its own server on loopback in a temporary directory, so nothing is
# configured here; it also installs the package itself when run as root.
# Does nothing when a server binary is already present.
set -euo pipefail

if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1; then
  echo "install-postgres: PostgreSQL already installed"
  exit 0
fi
sudo=
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
fi
echo "install-postgres: installing postgresql"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# Debian 12 ships unaccent in postgresql-15 itself; older releases need
# postgresql-contrib.
$sudo apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib >/dev/null ||
  $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls /usr/lib/postgresql/*/share/extension/unaccent.control /usr/share/postgresql/*/extension/unaccent.control 2>/dev/null | head -1 ||
  echo "install-postgres: warning: unaccent extension not found" >&2
echo "install-postgres: done"
