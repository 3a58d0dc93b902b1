package extract

import (
	"regexp"
	"strings"
	"unicode"

	"vigie"
	"vigie/geo"
)

// orgMention is an organisation named in the text. alias is set when the
// words only refer to an organisation named elsewhere ("la Région").
type orgMention struct {
	start, end int // byte offsets
	name       string
	alias      bool
	town       bool // the body of a place that keeps its own mention: "mairie de Pamiers"
}

var (
	regionOrgRe = gated(`\b(?:[Rr]égion|[Cc]onseil régional|Conseil Régional|[Rr]egion)\s+(?:(?:de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`, "région", "regional", "régional", "region").within(15, 45)
	deptOrgRe   = gated(`\b(?:[Dd]épartement|[Cc]onseil départemental|Conseil Départemental|[Cc]onseil général)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)`, "département", "départemental", "conseil général").within(15, 50)
	epciOrgRe   = gated(`\b([Cc]ommunautés?)\s+(de\s+[Cc]ommunes|d['’]\s?[Aa]gglomération|[Uu]rbaine|d['’]\s?[Aa]gglo)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`, "communauté").within(5, 60)
	// coordPrepRe continues a coordinated list of bodies: " et de la ", ", du ".
	coordPrepRe   = regexp.MustCompile(`^\s*(?:,|et|ou)\s+(de\s+l['’]|de\s+la|des|du|de|d['’])\s*`)
	metroOrgRe    = gated(`\b(Métropole(?:\s+européenne)?|Eurométropole)\s+(?:(de\s+l['’]|de\s+la|des|du|de|d['’])\s*)?`, "métropole", "eurométropole").within(5, 50)
	ministryRe    = gated(`\b([Mm]inistères?)\s+(?:de\s+l['’]|de\s+la|des|du|de|d['’])`, "ministère").within(5, 30)
	companyCue    = gated(`(?i)\b(?:l['’]entreprise|la société|le groupe|l['’]usine|l['’]industriel|le fabricant|la start-up|l['’]équipementier|le constructeur|l['’]enseigne|le laboratoire|le cabinet|chez|les sociétés|les entreprises|(?:la )?fermeture (?:de l['’]usine |du site |de l['’]entreprise )?(?:de|d['’])|(?:les |le )?sites? (?:de|d['’])|(?:la )?reprise (?:de|d['’])|(?:le )?rachat (?:de|d['’])|(?:les )?salariés (?:de|d['’])|(?:l['’])?implantation (?:de|d['’]))\s*`, "entreprise", "société", "groupe", "usine", "industriel", "fabricant", "start-up", "équipementier", "constructeur", "enseigne", "laboratoire", "cabinet", "chez", "sociétés", "entreprises", "fermeture", "site", "sites", "reprise", "rachat", "salariés", "implantation").within(35, 35)
	execCue       = gated(`\b(?:[Pp]résident-directeur général|[Pp]résidente-directrice générale|[Dd]irecteur général|[Dd]irectrice générale|[Dd]irecteur|[Dd]irectrice|PDG|CEO|[Ff]ondateur|[Ff]ondatrice|[Cc]o-?fondateur|[Cc]o-?fondatrice|[Gg]érant|[Gg]érante|[Dd]irigeant|[Dd]irigeante|[Pp]atron|[Pp]atronne)(?:\s+(?:délégué|déléguée|adjoint|adjointe|France|Europe|monde))?\s+(?:de|d['’]|du)\s*`, "directeur", "directrice", "pdg", "ceo", "fondat", "gérant", "dirigeant", "patron").within(25, 55)
	localBodyRe   = gated(`\b(?:[Pp]réfecture|[Ss]ous-préfecture|[Gg]endarmerie|[Mm]airie|[Cc]ommune|[Vv]ille|[Cc]ollectivité départementale|[Cc]ollectivité territoriale)\s+(?:de\s+l['’]|de\s+la\s+|des\s+|du\s+|de\s+|d['’])`, "préfecture", "gendarmerie", "mairie", "commune", "ville", "collectivité").within(15, 50)
	ministrySplit = regexp.MustCompile(`\s+et\s+(?:de\s+la|de\s+l['’]|du)\s+`)
	deptAlias     = gated(`\b(?:le|Le|du|au|par le)\s+(Département)\b`, "département").within(12, 20)
	regionAlias   = gated(`\b(?:la|La|de la|à la|par la)\s+(Région)\b`, "région").within(12, 15)
)

// connectors may join the words of an organisation's name.
var connectors = map[string]bool{
	"de": true, "des": true, "du": true, "la": true, "le": true, "les": true, "l'": true, "l’": true, "d'": true, "d’": true,
	"et": true, "sur": true, "en": true, "aux": true, "au": true,
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

// beforePerson cuts the territory name of an intercommunalité or a
// métropole, from byte start to end, before a person named right after it:
// "la présidente de la communauté de communes de la Matheysine Coraline
// Saurat" is the Matheysine's. A person is a first name (not after a hyphen:
// "Saint-Pierre") followed by a capitalised word; the territory keeps at
// least one word.
func beforePerson(toks []token, start, end int) int {
	i := tokenAt(toks, start)
	if i < 0 || end < 0 {
		return end
	}
	for k := i + 1; k+1 < len(toks) && toks[k].start < end; k++ {
		t, next := toks[k], toks[k+1]
		if t.cap && !t.punct && toks[k-1].s != "-" && next.cap && !next.punct && next.sent == t.sent && isFirstName(t.s) {
			return toks[k-1].end
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

// findOrgs returns the organisations of the text; lower is newLowered(text).
func findOrgs(text string, lower *lowered, toks []token, g *geo.Gazetteer) []orgMention {
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
	// The conseil régional of a Région the text also names is that Région.
	councils := map[int]string{} // index in out -> "Région X"
	for _, m := range regionOrgRe.FindAllStringIndex(text, lower) {
		end := capSpanAt(text, toks, m[1], false, 6)
		if end < 0 {
			continue
		}
		written := text[m[1]:end]
		if _, ok := g.Region(written); !ok {
			p := firstKnownPrefix(text, toks, m[1], end, g.Region)
			if p == "" {
				continue
			}
			written, end = p, m[1]+len(p)
		}
		r, _ := g.Region(written)
		head := strings.ToLower(text[m[0]:m[0]+len("conseil")]) == "conseil"
		switch {
		case head:
			// "conseil régional des Hauts-de-France": the body as written
			n := len(out)
			add(m[0], end, capFirst(strings.Join(strings.Fields(text[m[0]:end]), " ")), false)
			if len(out) > n && r.Kind == vigie.PlaceRegion && fold(written) == fold(r.Name) {
				councils[n] = "Région " + r.Name
			}
		case r.Kind == vigie.PlaceRegion:
			add(m[0], end, "Région "+r.Name, false)
		default:
			// a former région ("région Rhône-Alpes") keeps its name
			add(m[0], end, "Région "+written, false)
		}
	}
	for _, m := range deptOrgRe.FindAllStringSubmatchIndex(text, lower) {
		end := capSpanAt(text, toks, m[1], false, 6)
		if end < 0 {
			continue
		}
		if d, ok := g.Departement(text[m[1]:end]); ok {
			if strings.EqualFold(text[m[0]:m[0]+len("conseil")], "conseil") {
				add(m[0], end, capFirst(strings.Join(strings.Fields(text[m[0]:end]), " ")), false)
			} else {
				add(m[0], end, "Département "+prepOf(text[m[2]:m[3]])+d.Name, false)
			}
		}
	}
	for _, m := range epciOrgRe.FindAllStringSubmatchIndex(text, lower) {
		end := beforePerson(toks, m[1], capSpanAt(text, toks, m[1], false, 8))
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
		if strings.HasSuffix(strings.ToLower(text[m[2]:m[3]]), "s") {
			// "les communautés de communes du Grand Dole et de la Plaine
			// Jurassienne": one organisation each
			for {
				n := coordPrepRe.FindStringSubmatchIndex(text[end:])
				if n == nil {
					break
				}
				start := end + n[1]
				next := beforePerson(toks, start, capSpanAt(text, toks, start, false, 8))
				if next < 0 {
					break
				}
				add(start, next, "Communauté "+kind+" "+prepOf(text[end+n[2]:end+n[3]])+text[start:next], false)
				end = next
			}
		}
	}
	for _, m := range metroOrgRe.FindAllStringSubmatchIndex(text, lower) {
		end := beforePerson(toks, m[1], capSpanAt(text, toks, m[1], false, 5))
		if end < 0 {
			continue
		}
		prep := ""
		if m[4] >= 0 {
			prep = prepOf(text[m[4]:m[5]])
		}
		add(m[0], end, text[m[2]:m[3]]+" "+prep+text[m[1]:end], false)
	}
	for _, m := range ministryRe.FindAllStringSubmatchIndex(text, lower) {
		end := nameAfterHead(toks, tokenAt(toks, m[0]), 20)
		if end <= m[1] {
			continue
		}
		head := text[m[2]:m[3]]
		rest := text[m[3]:end]
		if strings.HasSuffix(head, "s") {
			// "les ministères de l'Economie et de la Cohésion des territoires": one each
			parts := ministrySplit.Split(rest, -1)
			seps := ministrySplit.FindAllString(rest, -1)
			pos := m[3]
			for k, p := range parts {
				prep := ""
				if k > 0 {
					prep = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(seps[k-1]), "et")) + " "
				}
				name := strings.TrimSpace(prep + strings.TrimSpace(p))
				out = append(out, orgMention{start: pos, end: pos + len(p), name: "ministère " + name})
				pos += len(p)
				if k < len(seps) {
					pos += len(seps[k])
				}
			}
			continue
		}
		add(m[0], end, "ministère"+rest, false)
	}
	for _, m := range localBodyRe.FindAllStringSubmatchIndex(text, lower) {
		end := capSpanAt(text, toks, m[1], false, 5)
		if end < 0 || !g.IsKnown(text[m[1]:end]) {
			continue
		}
		n := len(out)
		add(m[0], end, strings.Join(strings.Fields(text[m[0]:end]), " "), false)
		if len(out) > n {
			out[n].town = true
		}
	}
	for _, m := range suffixEPCIs(text, toks) {
		name := text[m[0]:m[1]]
		if p, ok := g.Resolve(name, geo.Context{}); ok && (p.Kind == vigie.PlaceRegion || p.Kind == vigie.PlaceDepartement || p.Kind == vigie.PlaceOther) {
			continue
		}
		if strings.HasPrefix(name, "Grand") {
			before := strings.ToLower(strings.TrimSpace(text[max(0, m[0]-4):m[0]]))
			if !strings.HasSuffix(before, "du") && !strings.HasSuffix(before, "le") && !strings.HasSuffix(before, "au") {
				continue // "Grand Orly" in a list of territories is a place
			}
		}
		add(m[0], m[1], name, false)
	}
	for i, t := range toks {
		if t.s == "État" || t.s == "Etat" || t.s == "ÉTAT" {
			// "secrétaire d'État", "chef de l'État", "coup d'État" are not the State as a party
			if i >= 2 {
				before := strings.ToLower(toks[i-2].s)
				if before == "secrétaire" || before == "secrétaires" || before == "chef" || before == "coup" || before == "conseil" || before == "ministre" {
					continue
				}
			}
			if stateAsCategory(toks, i) {
				continue
			}
			add(t.start, t.end, "État", false)
		}
	}
	// Names from the lexicon of national bodies and companies.
	for i := range toks {
		if toks[i].punct {
			continue
		}
		f := fold(toks[i].s)
		span := knownOrgFirst[f]
		if !toks[i].cap && !lowerOrgFirst[f] || span == 0 {
			continue // a lower-case word starts only the names the press writes in lower case
		}
		for n := min(5, span); n >= 1; n-- {
			if i+n > len(toks) {
				continue
			}
			key := fold(text[toks[i].start:toks[i+n-1].end])
			key = strings.Join(strings.Fields(strings.ReplaceAll(key, "-", " ")), " ")
			if canon, ok := knownOrgs[key]; ok && (toks[i].cap || toks[i].upper || lowerOrgs[key]) {
				add(toks[i].start, toks[i+n-1].end, canon, false)
				break
			}
		}
	}
	// Bodies with a generic head word: "Agence de développement économique", "Conférence des présidents d'université".
	for i, t := range toks {
		if !orgHeadWords[t.s] || t.end >= len(text) || !isSpaceByte(text[t.end]) {
			continue
		}
		end := nameAfterHead(toks, i, 9)
		if end <= t.end || end < 0 {
			continue
		}
		name := text[t.start:end]
		if len(strings.Fields(name)) < 2 || strings.HasPrefix(name, "Conseil municipal") || strings.HasPrefix(name, "Conseil communautaire") {
			continue
		}
		add(t.start, end, name, false)
	}
	// companies adds the companies named in text[from:end], one per
	// coordinated name ("les sites de Meccano et Synthexim"); a name that
	// is a place, a person, a public body or a common noun is skipped, and
	// with stopAtPerson ends the list ("directeur d'ACC et Antoine Cumin").
	companies := func(from, end int, stopAtPerson bool) {
		pos := from
		for _, name := range strings.Split(text[from:end], " et ") {
			start := pos
			pos += len(name) + len(" et ")
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			first := strings.Fields(name)[0]
			if g.IsKnown(name) || isFirstName(first) || orgHeads[first] || determiners[first] || stopAtPerson && execStop[strings.ToLower(first)] {
				if stopAtPerson {
					return
				}
				continue
			}
			add(start, start+len(name), name, false)
		}
	}
	// Companies after a cue: "l'usine Whirlpool", "chez Bridgestone".
	for _, m := range companyCue.FindAllStringIndex(text, lower) {
		if end := capSpanAt(text, toks, m[1], false, 5); end >= 0 {
			companies(m[1], end, false)
		}
	}
	// Companies after the title of their head: "directeur général de
	// Mov’n Tec", "fondatrice d'Ecoloc". Public bodies have rules of their
	// own above; a place, a person or a common noun in capitals
	// ("directeur de Cabinet") is no company.
	for _, m := range execCue.FindAllStringIndex(text, lower) {
		if end := capSpanAt(text, toks, m[1], false, 4); end >= 0 {
			companies(m[1], end, true)
		}
	}
	// A name that opens a sentence and is described in apposition by the
	// kind of body it is: "Envies de ville, plateforme de solutions pour
	// nos territoires, ...", "Ecoloc, une start-up lyonnaise, ...".
	for c := 1; c+1 < len(toks); c++ {
		if toks[c].s != "," || toks[c+1].sent != toks[c].sent {
			continue
		}
		k := c + 1
		if k+1 < len(toks) && apposArticles[strings.ToLower(toks[k].s)] {
			k++
		}
		if !apposKinds[strings.ToLower(toks[k].s)] {
			continue
		}
		start := c - 1
		for start > 0 && toks[start-1].sent == toks[c].sent && !toks[start-1].punct && c-start < 5 {
			start--
		}
		if start > 0 && toks[start-1].sent == toks[c].sent || !toks[start].cap || toks[start].punct {
			continue // not the whole opening of the sentence
		}
		common := false // "Avant l'intervention des enfants, ..." is a clause
		for k := start + 1; k < c-1; k++ {
			common = common || apposArticles[toks[k].s] || toks[k].s == "les" || toks[k].s == "des" && !toks[k+1].cap
		}
		name := text[toks[start].start:toks[c-1].end]
		first := toks[start].s
		if common {
			continue
		}
		if g.IsKnown(name) || isFirstName(first) || determiners[first] || orgHeads[first] || stopSurname[first] {
			continue
		}
		add(toks[start].start, toks[c-1].end, name, false)
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
		if j-i >= 3 || j < len(toks) && toks[j].cap && !toks[j].punct && toks[j].sent == t.sent || i > 0 && toks[i-1].cap && !toks[i-1].punct && !toks[i-1].upper && toks[i-1].sent == t.sent && !strings.HasSuffix(toks[i-1].s, "'") && !strings.HasSuffix(toks[i-1].s, "’") {
			i = j - 1
			continue
		}
		if j-i >= 2 {
			long := false
			for k := i; k < j; k++ {
				long = long || len([]rune(toks[k].s)) > 4
			}
			if long {
				i = j - 1
				continue // a line in capitals, not acronyms
			}
		}
		if j-i == 1 && wordLike(t.s) {
			i = j - 1
			continue
		}
		alias := i > 0 && toks[i-1].s == "(" && j < len(toks) && toks[j].s == ")"
		if !alias && g.IsKnown(text[start:end]) && len(text[start:end]) > 3 {
			i = j - 1
			continue
		}
		add(start, end, text[start:end], alias)
		i = j - 1
	}
	// Press titles: "Industrie Mag", "Lyon Hebdo", "Dijon Actu".
	for i, t := range toks {
		if mediaSuffixes[t.s] && i > 0 && toks[i-1].cap && !toks[i-1].punct && toks[i-1].sent == t.sent && !determiners[toks[i-1].s] {
			add(toks[i-1].start, t.end, text[toks[i-1].start:t.end], false)
		}
	}
	// "la Région" for a région named elsewhere, or the région of the article.
	for _, m := range regionAlias.FindAllStringSubmatchIndex(text, lower) {
		add(m[2], m[3], "Région", true)
	}
	for _, m := range deptAlias.FindAllStringSubmatchIndex(text, lower) {
		add(m[2], m[3], "Département", true)
	}
	named := map[string]bool{}
	for i, o := range out {
		if _, ok := councils[i]; !ok {
			named[o.name] = true
		}
	}
	for i, r := range councils {
		if named[r] {
			out[i].name = r
		}
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

// nameAfterHead returns the byte end of an organisation's name that starts
// with a head word at token i ("ministère de la Cohésion des territoires",
// "Association des maires de France"): capitalised words, connectors, and
// lower-case words after a connector or a capitalised word, up to a verb,
// a clause word or punctuation.
func nameAfterHead(toks []token, i, maxWords int) int {
	if i < 0 {
		return -1
	}
	end := toks[i].end
	sent := toks[i].sent
	words := 1
	for j := i + 1; j < len(toks) && words < maxWords && toks[j].sent == sent; j++ {
		w := toks[j]
		lw := strings.ToLower(w.s)
		if w.punct {
			if w.s == "-" || w.s == "'" || w.s == "’" {
				continue
			}
			break
		}
		if clauseWords[lw] && !(lw == "avec" && j+2 < len(toks) && strings.HasPrefix(strings.ToLower(toks[j+2].s), "collectivit")) {
			break
		}
		if connectors[lw] {
			// an acronym after "et de" is another body: "... et de l'AER"
			k := j
			for k < len(toks) && connectors[strings.ToLower(toks[k].s)] {
				k++
			}
			if k < len(toks) && toks[k].upper || lw == "et" && k < len(toks) && toks[k].cap && headLike(toks[k].s) {
				break
			}
			continue
		}
		end = w.end
		words++
	}
	return end
}

// clauseWords end a name: verbs, pronouns and clause openers.
var clauseWords = map[string]bool{
	"a": true, "ont": true, "est": true, "sont": true, "qui": true, "que": true, "avec": true, "pour": true, "dans": true,
	"lors": true, "afin": true, "ce": true, "cette": true, "ces": true, "se": true, "sa": true, "son": true, "ses": true,
	"leur": true, "leurs": true, "été": true, "était": true, "ainsi": true, "aussi": true, "également": true, "par": true,
	"signé": true, "signée": true, "signent": true, "vont": true, "va": true, "sera": true, "seront": true, "doit": true,
	"peut": true, "pourra": true, "entre": true, "auprès": true, "depuis": true, "chargé": true, "chargée": true, "il": true, "elle": true,
	"le": true, "la": false, "les": false, "un": true, "une": true, "ou": true, "où": true, "dont": true, "mais": true, "sur": true, "sous": true,
}

func headLike(w string) bool { return orgHeads[w] }

// wordLike reports whether a word in capitals reads as a word (a title in
// capitals) rather than an acronym: long, or mostly vowels.
func wordLike(w string) bool {
	r := []rune(w)
	if len(r) > 5 {
		return true
	}
	v := 0
	for _, c := range strings.ToLower(w) {
		if strings.ContainsRune("aeiouyéèêàâîôû", c) {
			v++
		}
	}
	return len(r) >= 4 && v*2 > len(r)
}

// capFirst upper-cases the first letter.
func capFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// knownOrgFirst holds the first words of the lexicon's organisations, so
// that only tokens that may start one are looked up, and for each the most
// tokens such a name can take: a name of k words and numbers spans at most
// 2k tokens, with the punctuation between them ("Caisse d'épargne").
var knownOrgFirst = func() map[string]int {
	m := map[string]int{}
	for k := range knownOrgs {
		span := 2 * wordCount(k)
		note := func(first string) { m[first] = max(m[first], span) }
		first, _, _ := strings.Cut(strings.ReplaceAll(k, "-", " "), " ")
		note(first)
		if i := strings.IndexAny(k, "- "); i > 0 {
			note(k[:i])
		}
		note(k)
	}
	return m
}()

// wordCount returns the number of runs of letters and digits in s.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

var epciSuffixes = map[string]bool{"Agglo": true, "Agglomération": true, "Communauté": true, "Métropole": true}

// suffixEPCIs finds EPCI named by a suffix ("Carcassonne Agglo",
// "Mayenne Communauté", "Montpellier Méditerranée Métropole") or by
// "Grand" ("Grand Figeac"), as byte ranges.
func suffixEPCIs(text string, toks []token) [][2]int {
	var out [][2]int
	for i, t := range toks {
		switch {
		case epciSuffixes[t.s] && i > 0:
			k := i - 1
			nameWord := func(k int) bool {
				w := toks[k]
				return w.cap && !w.punct && w.sent == t.sent && !orgHeads[w.s] && !stopSurname[w.s] && !determiners[w.s]
			}
			if !nameWord(k) {
				continue
			}
			if k > 0 && nameWord(k-1) {
				k--
			}
			// "Pays de Montbéliard Agglomération"
			if k > 1 && (toks[k-1].s == "de" || toks[k-1].s == "du" || toks[k-1].s == "des") && nameWord(k-2) {
				k -= 2
			}
			end := t.end
			if t.s == "Métropole" && i+1 < len(toks) && toks[i+1].cap && !toks[i+1].punct && toks[i+1].sent == t.sent {
				end = toks[i+1].end
			}
			out = append(out, [2]int{toks[k].start, end})
		case t.s == "Grand" && i+1 < len(toks) && toks[i+1].cap && !toks[i+1].punct && toks[i+1].sent == t.sent:
			end := i + 1
			for end+1 < len(toks) && end < i+3 && toks[end+1].cap && !toks[end+1].punct && toks[end+1].sent == t.sent && !stopSurname[toks[end+1].s] {
				end++
			}
			out = append(out, [2]int{t.start, toks[end].end})
		}
	}
	return out
}

var determiners = map[string]bool{"La": true, "Le": true, "Les": true, "L'": true, "L’": true, "Un": true, "Une": true, "Des": true, "Du": true, "De": true, "Cette": true, "Ce": true}

// mediaSuffixes end the names of press titles.
var mediaSuffixes = map[string]bool{"Mag": true, "Magazine": true, "Hebdo": true, "Infos": true, "Info": true, "Actu": true, "Actus": true, "Matin": true, "Soir": true, "Médias": true, "TV": true, "Radio": true}

// lowerOrgs are lexicon names that the press writes in lower case.
var lowerOrgs = map[string]bool{"gendarmerie nationale": true, "police nationale": true, "banque des territoires": true, "caisse des depots": true, "education nationale": true, "pole emploi": true}

// execStop are the capitalised common nouns that follow a director's title
// without naming a company: "directeur de Cabinet", "directrice de
// Recherche".
var execStop = map[string]bool{"cabinet": true, "recherche": true, "communication": true, "publication": true, "projet": true, "projets": true, "site": true, "usine": true, "production": true, "service": true, "services": true, "campagne": true, "thèse": true, "école": true, "ecole": true, "agence": true}

// stateAsCategory reports whether the State at toks[i] is one kind of actor
// in a list of common nouns, written without an article: "réunir pouvoirs
// publics (régions, intercommunalités, Etat, opérateurs, etc.)".
func stateAsCategory(toks []token, i int) bool {
	lowerWord := func(k int) bool {
		return k >= 0 && k < len(toks) && !toks[k].punct && !toks[k].cap && toks[k].sent == toks[i].sent
	}
	if i == 0 || !toks[i-1].punct || toks[i-1].s != "," && toks[i-1].s != "(" {
		return false // "l'État", "avec l'Etat": the State itself
	}
	before := toks[i-1].s == "," && lowerWord(i-2)
	after := i+1 < len(toks) && toks[i+1].s == "," && lowerWord(i+2)
	return before || after
}

// apposKinds are the kinds of body that describe a name in apposition.
var apposKinds = map[string]bool{
	"plateforme": true, "média": true, "magazine": true, "entreprise": true, "société": true, "start-up": true, "startup": true,
	"association": true, "cabinet": true, "groupe": true, "filiale": true, "pme": true, "eti": true, "coopérative": true,
	"fabricant": true, "éditeur": true, "équipementier": true, "opérateur": true, "gestionnaire": true, "bailleur": true,
	"fondation": true, "fédération": true, "banque": true, "industriel": true, "leader": true, "spécialiste": true, "réseau": true,
}

var apposArticles = map[string]bool{"une": true, "un": true, "la": true, "le": true, "l'": true, "l’": true}

// lowerOrgFirst holds the first words of lowerOrgs.
var lowerOrgFirst = func() map[string]bool {
	m := map[string]bool{}
	for k := range lowerOrgs {
		first, _, _ := strings.Cut(k, " ")
		m[first] = true
	}
	return m
}()

// orgHeadWords are the generic head words of the names of bodies, as
// written at the start of a name.
var orgHeadWords = map[string]bool{"Agence": true, "Association": true, "Fédération": true, "Syndicat": true, "Chambre": true, "Caisse": true, "Office": true, "Institut": true, "Union": true, "Établissement": true, "Etablissement": true, "Université": true, "Comité": true, "Conférence": true, "Commission": true, "Direction": true, "Conseil": true, "Collectivité": true, "Assemblée": true, "Parc": true, "Groupe": true, "Société": true, "Banque": true, "Centre": true, "Pôle": true}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }
