package extract

import (
	"regexp"
	"strings"

	"vigie"
	"vigie/geo"
)

// orgMention is an organisation named in the text. alias is set when the
// words only refer to an organisation named elsewhere ("la Région").
type orgMention struct {
	start, end int // byte offsets
	name       string
	alias      bool
}

var (
	regionOrgRe = regexp.MustCompile(`\b(?:[Rr]égion|[Cc]onseil régional|Conseil Régional|[Rr]egion)\s+(?:(?:de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`)
	deptOrgRe   = regexp.MustCompile(`\b(?:[Dd]épartement|[Cc]onseil départemental|Conseil Départemental|[Cc]onseil général)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)`)
	epciOrgRe   = regexp.MustCompile(`\b([Cc]ommunauté)\s+(de\s+[Cc]ommunes|d['’]\s?[Aa]gglomération|[Uu]rbaine|d['’]\s?[Aa]gglo)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`)
	metroOrgRe  = regexp.MustCompile(`\b(Métropole(?:\s+européenne)?|Eurométropole)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`)
	stateRe     = regexp.MustCompile(`(?:^|[^\p{L}])([ÉE]tat)(?:[^\p{L}]|$)`)
	ministryRe  = regexp.MustCompile(`\b([Mm]inistère)\s+(?:de\s+l['’]|de\s+la|des|du|de|d['’])`)
	headOrgRe   = regexp.MustCompile(`\b(Agence|Association|Fédération|Syndicat|Chambre|Caisse|Office|Institut|Union|Établissement|Etablissement|Université|Comité|Conférence|Commission|Direction|Conseil|Collectivité|Assemblée|Parc|Groupe|Société|Banque|Centre|Pôle)\s+`)
	companyCue  = regexp.MustCompile(`(?i)\b(?:l['’]entreprise|la société|le groupe|l['’]usine|l['’]industriel|le fabricant|la start-up|l['’]équipementier|le constructeur|l['’]enseigne|le laboratoire|le cabinet|chez|les sociétés|les entreprises)\s+`)
	regionAlias = regexp.MustCompile(`\b(?:la|La|de la|à la|par la)\s+(Région)\b`)
)

// connectors may join the words of an organisation's name.
var connectors = map[string]bool{
	"de": true, "des": true, "du": true, "la": true, "le": true, "les": true, "l'": true, "l’": true, "d'": true, "d’": true,
	"et": true, "sur": true, "en": true, "aux": true, "au": true, "pour": true, "à": true,
}

// capSpanAt returns the end of the capitalised name that starts at byte pos:
// capitalised words, possibly joined by connectors ("Béthune-Bruay Artois
// Lys Romane", "Plaines et Monts de France"); lowerAdj also takes
// lower-case words after a capitalised one ("Transition écologique").
func capSpanAt(text string, toks []token, pos int, lowerAdj bool, maxWords int) int {
	i := tokenAt(toks, pos)
	if i < 0 || !toks[i].cap || toks[i].punct {
		return -1
	}
	end := toks[i].end
	n := 1
	sent := toks[i].sent
	for j := i + 1; j < len(toks) && n < maxWords && toks[j].sent == sent; j++ {
		w := toks[j]
		switch {
		case w.punct && w.s == "-":
			continue
		case w.punct:
			return end
		case w.cap:
			if stopSurname[w.s] && w.s != "Le" && w.s != "La" {
				return end
			}
			end = w.end
			n++
		case connectors[strings.ToLower(w.s)]:
			// only when a capitalised word follows the connectors
			k := j
			for k < len(toks) && connectors[strings.ToLower(toks[k].s)] && !toks[k].punct {
				k++
			}
			if k < len(toks) && toks[k].cap && !toks[k].punct && toks[k].sent == sent && (strings.ToLower(w.s) != "et" || lowerAdj || k == j+1) {
				j = k - 1
				continue
			}
			return end
		case lowerAdj && isAdjective(w.s):
			end = w.end
			n++
		default:
			return end
		}
	}
	return end
}

// isAdjective is a rough test for the lower-case adjectives of official
// names ("écologique", "nationale", "territoriales").
func isAdjective(w string) bool {
	for _, suf := range []string{"ique", "iques", "ale", "ales", "al", "aux", "elle", "elles", "el", "els", "ienne", "iennes", "aire", "aires", "ive", "ives", "if", "ifs", "ée", "ées", "é", "és", "ère", "ères", "ier", "iers", "ane", "aine", "aines", "oise", "oises", "ois"} {
		if strings.HasSuffix(w, suf) && len(w) > len(suf)+2 {
			return true
		}
	}
	return false
}

// tokenAt returns the index of the token starting at byte pos, or -1.
func tokenAt(toks []token, pos int) int {
	lo, hi := 0, len(toks)
	for lo < hi {
		m := (lo + hi) / 2
		if toks[m].start < pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(toks) && toks[lo].start == pos {
		return lo
	}
	return -1
}

// findOrgs returns the organisations of the text.
func findOrgs(text string, toks []token, g *geo.Gazetteer) []orgMention {
	var out []orgMention
	add := func(start, end int, name string, alias bool) {
		for _, o := range out {
			if start < o.end && o.start < end {
				return
			}
		}
		out = append(out, orgMention{start: start, end: end, name: strings.TrimSpace(name), alias: alias})
	}
	// Régions and départements: "Région Occitanie", "conseil régional des Hauts-de-France".
	for _, m := range regionOrgRe.FindAllStringIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], false, 6)
		if end < 0 {
			continue
		}
		if r, ok := g.Region(text[m[1]:end]); ok {
			add(m[0], end, "Région "+r.Name, false)
		} else if p := firstKnownPrefix(text, toks, m[1], end, g.Region); p != "" {
			add(m[0], m[1]+len(p), "Région "+mustRegion(g, p), false)
		}
	}
	for _, m := range deptOrgRe.FindAllStringSubmatchIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], false, 6)
		if end < 0 {
			continue
		}
		if d, ok := g.Departement(text[m[1]:end]); ok {
			add(m[0], end, "Département "+prepOf(text[m[2]:m[3]])+d.Name, false)
		}
	}
	for _, m := range epciOrgRe.FindAllStringSubmatchIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], false, 8)
		if end < 0 {
			continue
		}
		kind := strings.ToLower(strings.Join(strings.Fields(text[m[4]:m[5]]), " "))
		kind = strings.ReplaceAll(strings.ReplaceAll(kind, "’ ", "'"), "’", "'")
		kind = strings.ReplaceAll(kind, "' ", "'")
		if kind == "d'agglo" {
			kind = "d'agglomération"
		}
		prep := ""
		if m[6] >= 0 {
			prep = prepOf(text[m[6]:m[7]])
		}
		add(m[0], end, "Communauté "+kind+" "+prep+text[m[1]:end], false)
	}
	for _, m := range metroOrgRe.FindAllStringSubmatchIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], false, 5)
		if end < 0 {
			continue
		}
		prep := ""
		if m[4] >= 0 {
			prep = prepOf(text[m[4]:m[5]])
		}
		add(m[0], end, text[m[2]:m[3]]+" "+prep+text[m[1]:end], false)
	}
	for _, m := range ministryRe.FindAllStringIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], true, 14)
		if end < 0 {
			continue
		}
		add(m[0], end, "ministère "+strings.TrimPrefix(text[m[0]:end], text[m[0]:m[0]+len("ministère ")]), false)
	}
	for _, m := range stateRe.FindAllStringSubmatchIndex(text, -1) {
		add(m[2], m[3], "État", false)
	}
	// Names from the lexicon of national bodies and companies.
	for i := range toks {
		if toks[i].punct {
			continue
		}
		for n := 5; n >= 1; n-- {
			if i+n > len(toks) {
				continue
			}
			key := fold(text[toks[i].start:toks[i+n-1].end])
			key = strings.Join(strings.Fields(strings.ReplaceAll(key, "-", " ")), " ")
			if canon, ok := knownOrgs[key]; ok && (toks[i].cap || toks[i].upper) {
				add(toks[i].start, toks[i+n-1].end, canon, false)
				break
			}
		}
	}
	// Bodies with a generic head word: "Agence de développement économique", "Conférence des présidents d'université".
	for _, m := range headOrgRe.FindAllStringSubmatchIndex(text, -1) {
		end := capSpanAt(text, toks, m[2], true, 10)
		if end <= m[3] || end < 0 {
			continue
		}
		name := text[m[2]:end]
		if len(strings.Fields(name)) < 2 || strings.HasPrefix(name, "Conseil municipal") || strings.HasPrefix(name, "Conseil communautaire") {
			continue
		}
		add(m[2], end, name, false)
	}
	// Companies after a cue: "l'usine Whirlpool", "chez Bridgestone".
	for _, m := range companyCue.FindAllStringIndex(text, -1) {
		end := capSpanAt(text, toks, m[1], false, 3)
		if end < 0 {
			continue
		}
		name := text[m[1]:end]
		if g.IsKnown(name) || isFirstName(strings.Fields(name)[0]) {
			continue
		}
		add(m[1], end, name, false)
	}
	// Acronyms: "ACC", "AER BFC"; an acronym in brackets after a name is
	// an alias of that name.
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.upper || acronymStop[t.s] || len(t.s) > 10 || isRoman(t.s) {
			continue
		}
		j := i + 1
		for j < len(toks) && toks[j].upper && !acronymStop[toks[j].s] && toks[j].sent == t.sent {
			j++
		}
		start, end := t.start, toks[j-1].end
		// An ALL-CAPS person name or title line is not an acronym.
		if j-i >= 3 || j < len(toks) && toks[j].cap && !toks[j].punct && toks[j].sent == t.sent || i > 0 && toks[i-1].cap && !toks[i-1].punct && !toks[i-1].upper && toks[i-1].sent == t.sent {
			i = j - 1
			continue
		}
		alias := i > 0 && toks[i-1].s == "(" && j < len(toks) && toks[j].s == ")"
		if !alias && g.IsKnown(text[start:end]) {
			i = j - 1
			continue
		}
		add(start, end, text[start:end], alias)
		i = j - 1
	}
	// "la Région" for a région named elsewhere, or the région of the article.
	for _, m := range regionAlias.FindAllStringSubmatchIndex(text, -1) {
		add(m[2], m[3], "Région", true)
	}
	return out
}

// prepOf normalises the preposition of a name: "de la " , "des ", "d'".
func prepOf(p string) string {
	p = strings.Join(strings.Fields(strings.ReplaceAll(p, "’", "'")), " ")
	if strings.HasSuffix(p, "'") {
		return p
	}
	return p + " "
}

// firstKnownPrefix returns the longest run of words from start that the
// lookup knows ("Hauts-de-France" in "Hauts-de-France Normandie").
func firstKnownPrefix(text string, toks []token, start, end int, look func(string) (vigie.Place, bool)) string {
	i := tokenAt(toks, start)
	if i < 0 {
		return ""
	}
	best := ""
	for j := i; j < len(toks) && toks[j].end <= end; j++ {
		if _, ok := look(text[start:toks[j].end]); ok {
			best = text[start:toks[j].end]
		}
	}
	return best
}

func mustRegion(g *geo.Gazetteer, name string) string {
	r, _ := g.Region(name)
	return r.Name
}

func isRoman(w string) bool {
	for _, r := range w {
		if !strings.ContainsRune("IVXLCDM", r) {
			return false
		}
	}
	return true
}
