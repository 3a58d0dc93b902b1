#!/usr/bin/env bash
# Regenerates the lexicons of this directory from Debian's
# hunspell-fr-comprehensive (Dicollecte French dictionary, MPL 2.0):
#   prenoms.txt       first names (entries tagged po:prn)
#   mots.txt          common French words that are also commune names
#                     (so "Orange" at the start of a sentence is not taken
#                     for the commune without context)
# Run from the repository root: bash extract/lexicon/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && apt-get download hunspell-fr-comprehensive >/dev/null && dpkg -x hunspell-fr-comprehensive_*.deb x)
dic="$tmp/x/usr/share/hunspell/fr.dic"
grep -E 'po:prn' "$dic" | cut -d/ -f1 | cut -d' ' -f1 | grep -E '^[[:upper:]]' | LC_ALL=C sort -u > "$here/prenoms.txt"
# Lower-case words, then those that are also commune names (case-folded).
grep -vE 'po:(npr|prn|patr)' "$dic" | cut -d/ -f1 | cut -d' ' -f1 | grep -E '^[[:lower:]]' | LC_ALL=C sort -u > "$tmp/words"
zcat "$here/../../geo/data/gazetteer.tsv.gz" | awk -F'\t' '$1=="C"{print tolower($3)}' | LC_ALL=C sort -u > "$tmp/communes"
LC_ALL=C comm -12 "$tmp/words" "$tmp/communes" > "$here/mots.txt"
wc -l "$here/prenoms.txt" "$here/mots.txt"
