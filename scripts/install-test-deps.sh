#!/usr/bin/env bash
# Installs what the full test suite needs beyond Go, from Debian's packages:
# Chromium for the browser tests of the web interface and PostgreSQL for the
# benchmark comparison. Each is skipped when already present. Tests that need
# one of them skip with a message when it is missing, so `go test ./...` also
# passes without this script.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  need+=(postgresql postgresql-contrib)
fi
if [ ${#need[@]} -eq 0 ]; then
  echo "install-test-deps: chromium and postgresql already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  sudo=sudo
else
  sudo=
fi
echo "install-test-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# Debian starts a cluster on install where it can; the tests start their own.
echo "install-test-deps: done"
