package extract

import (
	"strings"

	"vigie"
	"vigie/geo"
)

// placeMention is a toponym found in the text and resolved.
type placeMention struct {
	sp    span
	place vigie.Place
}

// locatives are the words that introduce a place: a commune whose name is
// also a common word counts only after one of them.
var locatives = map[string]bool{
	"à": true, "a": false, "de": true, "d'": true, "d’": true, "en": true, "au": true, "aux": true, "dans": true,
	"sur": true, "vers": true, "près": true, "entre": true, "et": true, "du": true, "des": true, "pour": true, "par": true,
}

// placeStop are capitalised words that are never places on their own even
// though a commune or an alias bears the name.
var placeStop = map[string]bool{
	"le": true, "la": true, "les": true, "un": true, "une": true, "ce": true, "cette": true, "il": true, "elle": true,
	"on": true, "nous": true, "mais": true, "pour": true, "avec": true, "dans": true, "sur": true, "par": true,
	"est": true, "ouest": true, "nord": true, "sud": true, "centre": true, "region": true, "etat": true,
	"president": true, "presidente": true, "prefet": true, "maire": true, "ministre": true, "france relance": true,
	"grand": true, "pays": true, "ville": true, "saint": true, "sainte": true, "monsieur": true, "madame": true,
	"territoires": true, "territoire": true, "industrie": true, "action": true, "avenir": true, "quartiers": true,
}

// findPlaces spots toponyms: the longest run of up to five words,
// starting with a capital, that the gazetteer knows, outside the spans of
// persons and organisations. Communes named like common words need a
// locative before them ("à Orange"). Homonymous communes are resolved with
// the départements and régions the text names.
func findPlaces(text string, toks []token, g *geo.Gazetteer, blocked func(span) bool) []placeMention {
	type cand struct {
		sp   span
		name string
	}
	var cands []cand
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.cap || t.punct {
			continue
		}
		// "du Creusot", "au Bourg-d'Oisans": the article of the name is
		// contracted with the preposition.
		article := ""
		if i > 0 && toks[i-1].sent == t.sent {
			switch strings.ToLower(toks[i-1].s) {
			case "du", "au":
				article = "Le "
			case "aux":
				article = "Les "
			}
		}
		best, bestName := -1, ""
		for n := 1; n <= 6 && i+n <= len(toks); n++ {
			last := toks[i+n-1]
			if last.sent != t.sent || last.punct && last.s != "-" {
				break
			}
			if last.punct {
				continue
			}
			name := text[t.start:last.end]
			if g.IsKnown(name) {
				best, bestName = n, name
			} else if article != "" && n > 1 || article != "" && strings.Contains(name, "-") {
				if full := article + name; g.IsKnown(full) {
					best, bestName = n, full
				}
			}
		}
		if best < 0 {
			continue
		}
		sp := span{i, i + best}
		name := bestName
		key := fold(name)
		if placeStop[key] || blocked(sp) {
			continue
		}
		if best == 1 && t.upper && len(t.s) <= 4 {
			continue // acronyms
		}
		if best == 1 && !strings.Contains(name, "-") {
			prev := ""
			if i > 0 && toks[i-1].sent == t.sent {
				prev = strings.ToLower(toks[i-1].s)
			}
			sentenceStart := i == 0 || toks[i-1].sent != t.sent
			if commonWords[key] && !locatives[prev] || sentenceStart && commonWords[key] {
				continue
			}
			// A lone first name ("Florence") or a surname-like word after
			// a first name is a person, not a commune.
			if isFirstName(t.s) {
				continue
			}
			// A small commune named by a single word needs a locative:
			// "Lancé en 2019" is a verb, "à Lancé" the village.
			inList := (prev == "," || prev == "et" || prev == "/") && len(cands) > 0 && cands[len(cands)-1].sp.to >= i-2
			if !inList && i+2 < len(toks) && (toks[i+1].s == "," || toks[i+1].s == "et") && toks[i+2].cap && g.IsKnown(toks[i+2].s) {
				inList = true // the first of a list of communes
			}
			if !inList && !smallLocative(toks, i) && smallCommuneOnly(g, name) {
				continue
			}
		}
		cands = append(cands, cand{sp: sp, name: name})
		i += best - 1
	}
	// Context: the départements and régions the text names.
	var ctx geo.Context
	for _, c := range cands {
		for _, p := range g.Lookup(c.name) {
			switch p.Kind {
			case vigie.PlaceDepartement:
				ctx.Departements = append(ctx.Departements, p.Code)
			case vigie.PlaceRegion:
				ctx.Regions = append(ctx.Regions, p.Name)
			}
			break
		}
	}
	var out []placeMention
	for _, c := range cands {
		p, ok := g.Resolve(c.name, ctx)
		if !ok {
			continue
		}
		if p.Kind == vigie.PlaceEPCI {
			// EPCI are named as bodies more often than as places; the org
			// finder takes those after a role. Keep the name as written.
			p.Name = c.name
		}
		out = append(out, placeMention{sp: c.sp, place: p})
	}
	return out
}

// smallCommuneOnly reports whether every place of that name is a commune of
// fewer than 2,000 inhabitants.
func smallCommuneOnly(g *geo.Gazetteer, name string) bool {
	for _, p := range g.Lookup(name) {
		if p.Kind != vigie.PlaceCommune || g.Population(p.Code) >= 2000 {
			return false
		}
	}
	return true
}

// smallLocative reports whether the word at i is introduced as a commune:
// "à Lancé", "près de Lancé", "la commune de Lancé", "maire de Lancé".
func smallLocative(toks []token, i int) bool {
	if i == 0 || toks[i-1].sent != toks[i].sent {
		return false
	}
	switch strings.ToLower(toks[i-1].s) {
	case "à", "au", "aux", "dans", "vers", "entre", "sur":
		return true
	case "de", "d'", "d’", "du":
		if i >= 2 {
			switch strings.ToLower(toks[i-2].s) {
			case "commune", "communes", "ville", "village", "maire", "mairie", "habitants", "près", "proche", "secteur", "canton":
				return true
			}
		}
	}
	return false
}
