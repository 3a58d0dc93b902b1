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

// departementAfterTitle reports whether the département called name, at
// token i, follows the title of its préfet or council: "le préfet du Nord",
// "la préfecture du Var", "le conseil départemental du Cher".
func departementAfterTitle(toks []token, i int, g *geo.Gazetteer, name string) bool {
	if i < 2 || toks[i-1].sent != toks[i].sent {
		return false
	}
	switch strings.ToLower(toks[i-1].s) {
	case "du", "de", "des":
	default:
		return false
	}
	switch strings.ToLower(toks[i-2].s) {
	case "préfet", "préfète", "préfecture", "sous-préfet", "sous-préfète", "département", "départemental", "départementale":
	default:
		return false
	}
	for _, p := range g.Lookup(name) {
		if p.Kind == vigie.PlaceDepartement {
			return true
		}
	}
	return false
}

// toponymLinks are the lower-case words a toponym of several words may
// hold between its capitalised ones ("Saint-Rémy-de-Provence", "Bar-le-Duc").
var toponymLinks = map[string]bool{"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true, "l'": true, "d'": true, "l’": true, "d’": true, "sur": true, "sous": true, "en": true, "lès": true, "lez": true, "et": true, "au": true, "aux": true, "à": true, "près": true, "devant": true}

// findPlaces spots toponyms: the longest run of up to five words,
// starting with a capital, that the gazetteer knows, outside the spans of
// persons and organisations. Communes named like common words need a
// locative before them ("à Orange"). Homonymous communes are resolved with
// the départements and régions the text names.
func findPlaces(text string, toks []token, g *geo.Gazetteer, blocked func(span) bool) []placeMention {
	type cand struct {
		sp        span
		name      string
		territory bool // a named territory built on a known place or a pays name
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
			if !last.cap && !toponymLinks[strings.ToLower(last.s)] && !strings.Contains(last.s, "-") && toks[i+n-2].s != "-" {
				break // "La réunion": a common noun after a space ends the toponym
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
		if n, name, ok := territory(text, toks, i, g, len(cands) > 0 && cands[len(cands)-1].sp.to >= i-2); ok && n > best {
			// "Haut-Jura", "Sud Alsace", "Vosges saônoises", "Charolais"
			if !blocked(span{i, i + n}) {
				cands = append(cands, cand{sp: span{i, i + n}, name: name, territory: true})
				i += n - 1
				continue
			}
		}
		if best < 0 {
			continue
		}
		sp := span{i, i + best}
		name := bestName
		key := fold(name)
		if placeStop[key] && !departementAfterTitle(toks, i, g, name) || blocked(sp) {
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
			// "Dole, Mâcon, Dreux": a commune named like a word, in a list of communes
			listed := prev == "," && len(cands) > 0 && cands[len(cands)-1].sp.to == i-1 && !cands[len(cands)-1].territory
			if commonWords[key] && !locatives[prev] && !listed || sentenceStart && commonWords[key] {
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
		if c.territory {
			out = append(out, placeMention{sp: c.sp, place: territoryPlace(c.name, g, ctx)})
			continue
		}
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

// territoryPrefixes start the names of territories built on a place:
// "Haut-Jura", "Sud Alsace", "Grand Orly", "Val de Garonne", "Pays de Lunel".
var territoryPrefixes = map[string]bool{
	"Haut": true, "Haute": true, "Hauts": true, "Bas": true, "Basse": true, "Sud": true, "Nord": true,
	"Est": true, "Ouest": true, "Grand": true, "Val": true, "Pays": true, "Cœur": true, "Coeur": true, "Centre": true,
}

// nationalities end in -ais or -ois but are not pays.
var nationalities = map[string]bool{
	"français": true, "française": true, "anglais": true, "anglaise": true, "néerlandais": true, "irlandais": true,
	"écossais": true, "japonais": true, "chinois": true, "portugais": true, "polonais": true, "danois": true,
	"finlandais": true, "suédois": true, "hongrois": true, "libanais": true, "sénégalais": true, "congolais": true,
	"québécois": true, "marseillais": true, "lyonnais": false, "rennais": true, "nantais": true, "lillois": true,
	"parisiens": true, "bordelais": false, "calaisis": false, "gabonais": true, "togolais": true, "maltais": true,
	"taïwanais": true, "vietnamiens": true, "niçois": true, "toulousains": true, "mais": true, "jamais": true,
	"désormais": true, "autrefois": true, "parfois": true, "toutefois": true, "trois": true, "mois": true, "fois": true, "bois": true,
}

// paysName reports whether a capitalised word reads as the name of a pays,
// a traditional territory: "Charolais", "Auxerrois", "Nivernais".
func paysName(w string) bool {
	if !isCap(w) || isUpper(w) || len(w) < 6 {
		return false
	}
	lw := strings.ToLower(w)
	if nationalities[lw] {
		return false
	}
	return strings.HasSuffix(lw, "ais") || strings.HasSuffix(lw, "ois") || strings.HasSuffix(lw, "aisis")
}

// paysAdjective reports whether a lower-case word is an adjective of place
// ("saônoises", "comtois").
func paysAdjective(w string) bool {
	if isCap(w) || len(w) < 5 {
		return false
	}
	for _, suf := range []string{"ais", "aise", "aises", "ois", "oise", "oises", "ain", "aine", "aines"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// territory recognises at token i a territory named from a place or a
// pays: "Haut-Jura", "Sud Alsace", "Val de Garonne", "Vosges saônoises",
// "Auxois Morvan", and a lone pays name ("Charolais") after an article or
// in a list of places. It returns the number of tokens and the name.
func territory(text string, toks []token, i int, g *geo.Gazetteer, inList bool) (int, string, bool) {
	t := toks[i]
	sent := t.sent
	known := func(s string) bool { return g.IsKnown(s) || paysName(s) }
	capAt := func(k int) bool { return k < len(toks) && toks[k].cap && !toks[k].punct && toks[k].sent == sent }
	// Hyphenated: "Haut-Jura", "Nord-Franche-Comté" is known already.
	if first, rest, ok := strings.Cut(t.s, "-"); ok && territoryPrefixes[first] && known(rest) {
		return 1, t.s, true
	}
	if territoryPrefixes[t.s] {
		k := i + 1
		for k < len(toks) && toks[k].sent == sent && (toks[k].s == "de" || toks[k].s == "du" || toks[k].s == "des" || toks[k].s == "d'" || toks[k].s == "d’" || toks[k].s == "la") {
			k++
		}
		for n := 3; n >= 1; n-- {
			if k+n <= len(toks) && capAt(k) && capAt(k+n-1) && known(text[toks[k].start:toks[k+n-1].end]) {
				return k + n - i, text[t.start:toks[k+n-1].end], true
			}
		}
		return 0, "", false
	}
	// A known place or pays followed by an adjective of place: "Vosges saônoises".
	if g.IsKnown(t.s) && i+1 < len(toks) && toks[i+1].sent == sent && paysAdjective(toks[i+1].s) {
		return 2, text[t.start:toks[i+1].end], true
	}
	if paysName(t.s) {
		// "Auxois Morvan", "Haut-Doubs Horloger": two names of one territory
		if capAt(i+1) && !orgHeads[toks[i+1].s] && !stopSurname[toks[i+1].s] && !isFirstName(toks[i+1].s) {
			return 2, text[t.start:toks[i+1].end], true
		}
		prev := ""
		if i > 0 && toks[i-1].sent == sent {
			prev = strings.ToLower(toks[i-1].s)
		}
		next := ""
		if i+1 < len(toks) && toks[i+1].sent == sent {
			next = toks[i+1].s
		}
		if prev == "du" || prev == "le" || prev == "l'" || prev == "l’" || prev == "en" || inList && (prev == "," || prev == "et") || next == "," && i+2 < len(toks) && known(toks[i+2].s) {
			return 1, t.s, true
		}
	}
	return 0, "", false
}

// territoryPlace gives a territory the département and région of the place
// it is named after, when there is one.
func territoryPlace(name string, g *geo.Gazetteer, ctx geo.Context) vigie.Place {
	p := vigie.Place{Name: name, Kind: vigie.PlaceOther}
	words := strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' })
	for k := range words {
		for j := len(words); j > k; j-- {
			if base, ok := g.Resolve(strings.Join(words[k:j], " "), ctx); ok && !base.Ambiguous {
				p.Departement, p.Region, p.Lat, p.Lon = base.Departement, base.Region, base.Lat, base.Lon
				if base.Kind == vigie.PlaceRegion || base.Kind == vigie.PlaceOther {
					p.Departement = ""
				}
				return p
			}
		}
	}
	return p
}
