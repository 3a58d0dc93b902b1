package extract

import (
	"strings"
)

// mention is an entity found in the text: tokens [from, to) and the
// normalised value.
type mention struct {
	sp    span
	value string
}

// stopSurname are capitalised words that never continue a person's name.
var stopSurname = map[string]bool{
	"Président": true, "Présidente": true, "Maire": true, "Ministre": true, "Préfet": true, "Préfète": true,
	"Le": false, "La": false, "Les": true, "Et": true, "De": false, "En": true, "Au": true, "Aux": true,
	"Photo": true, "Crédit": true, "Source": true, "Monsieur": true, "Madame": true, "Lundi": true, "Mardi": true,
	"Mercredi": true, "Jeudi": true, "Vendredi": true, "Samedi": true, "Dimanche": true, "Janvier": true,
	"Février": true, "Mars": true, "Avril": true, "Mai": true, "Juin": true, "Juillet": true, "Août": true,
	"Septembre": true, "Octobre": true, "Novembre": true, "Décembre": true, "Ce": true, "Cette": true, "Il": true,
	"Elle": true, "Un": true, "Une": true, "Pour": true, "Avec": true, "Dans": true, "Sur": true, "Par": true,
	"Vice-Président": true, "Vice-Présidente": true, "Député": true, "Sénateur": true, "Directeur": true, "Directrice": true,
}

// isFirstName reports whether a capitalised word is a first name, hyphenated
// ones included ("Jean-François", "Marie-Guite").
func isFirstName(w string) bool {
	if isUpper(w) {
		w = titleCase(w)
	}
	if notFirstNames[w] {
		return false
	}
	if firstNames[fold(w)] {
		return true
	}
	if first, _, ok := strings.Cut(w, "-"); ok {
		return firstNames[fold(first)] && !notFirstNames[first]
	}
	return false
}

// findPersons returns the people named in the text: a first name from the
// lexicon (or a civility) followed by a family name, with particles and
// hyphens, or two capitalised words followed by a role ("Jean Dupuis,
// maire de ..."). ALL-CAPS parts are written with normal capitalisation.
func findPersons(text string, toks []token, blocked func(span) bool) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap || t.punct {
			continue
		}
		title := i > 0 && titleWords[toks[i-1].s] || i > 1 && toks[i-1].s == "." && titleWords[toks[i-2].s]
		first := isFirstName(t.s)
		start := i
		j := i + 1
		if !first {
			if !title && !roleFollows(toks, i+2) {
				continue
			}
			if title {
				j = i // the family name starts here: "M. Dupont"
			}
		}
		var parts []string
		k := j
		for k < len(toks) && len(parts) < 5 && toks[k].sent == t.sent {
			w := toks[k]
			if w.punct {
				break
			}
			if nameParticles[w.s] && !w.cap || nameParticles[w.s] && (w.s == "Le" || w.s == "La" || w.s == "De" || w.s == "Du" || w.s == "Van" || w.s == "Von" || w.s == "Di" || w.s == "Da" || w.s == "El" || w.s == "Ben" || w.s == "Mac") {
				// a particle counts only before another capitalised word
				if k+1 < len(toks) && toks[k+1].cap && !toks[k+1].punct && toks[k+1].sent == t.sent && !stopSurname[toks[k+1].s] && !orgHeads[toks[k+1].s] {
					parts = append(parts, w.s)
					k++
					continue
				}
				break
			}
			if !w.cap || stopSurname[w.s] || orgHeads[w.s] || len(parts) > 0 && isFirstName(w.s) && !w.upper {
				break
			}
			parts = append(parts, w.s)
			k++
		}
		// Trailing particles are not names.
		for len(parts) > 0 && nameParticles[parts[len(parts)-1]] {
			parts = parts[:len(parts)-1]
			k--
		}
		if len(parts) == 0 || !first && !title && len(parts) != 1 {
			continue
		}
		sp := span{start, k}
		if blocked(sp) {
			continue
		}
		var name []string
		if first || !title {
			name = append(name, normName(t.s))
		}
		for _, p := range parts {
			if nameParticles[p] && !isCap(p) {
				name = append(name, p)
			} else {
				name = append(name, normName(p))
			}
		}
		out = append(out, mention{sp: sp, value: strings.ReplaceAll(strings.Join(name, " "), "d’ ", "d’")})
		i = k - 1
	}
	return out
}

// normName writes a name part with normal capitalisation: ALL-CAPS parts
// are title-cased, others kept as written.
func normName(w string) string {
	if isUpper(w) {
		return titleCase(w)
	}
	return w
}

// roleFollows reports whether a role starts at token i after a comma:
// ", président de ...", ", maire de ...".
func roleFollows(toks []token, i int) bool {
	if i >= len(toks) || toks[i].s != "," || i+1 >= len(toks) {
		return false
	}
	_, ok := roleAt(toks, i+1)
	return ok
}

// roleAt returns the role word starting at token i, if any ("présidente",
// "vice-président", "premier ministre").
func roleAt(toks []token, i int) (string, bool) {
	if i >= len(toks) {
		return "", false
	}
	w := strings.ToLower(toks[i].s)
	two := w
	if i+1 < len(toks) {
		two = w + " " + strings.ToLower(toks[i+1].s)
	}
	for _, r := range roleWords {
		if r == two || r == w {
			return r, true
		}
	}
	return "", false
}
