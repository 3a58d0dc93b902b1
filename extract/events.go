package extract

import (
	"regexp"
	"slices"
	"strings"

	"vigie"
)

var (
	signingSet = func() map[string]bool {
		m := map[string]bool{}
		for _, w := range signingWords {
			m[w] = true
		}
		return m
	}()
	// weakTriggers report a signature only beside an agreement noun.
	weakTriggers = map[string]bool{"conclu": true, "conclue": true, "conclus": true, "conclues": true, "scellé": true, "scellée": true, "ratifié": true, "ratifiée": true, "s'engagent": true}
	// futureMarks make a signing an announcement: it counts only with a date or a place.
	futureMarks = []string{"sera signé", "sera signée", "seront signés", "seront signées", "signera", "signeront", "va signer", "vont signer", "doit être signé", "doit être signée", "doivent être signés", "sera paraphé", "seront paraphés", "signature prévue", "signature est prévue", "signature aura lieu", "signature est programmée", "sera conclu", "bientôt signé", "bientôt signée", "bientôt signés", "bientôt signées", "prochainement signé", "prochainement signée", "prochainement signés", "prochainement signées"}
	// vagueMarks make it an intention, never a signing.
	vagueMarks = []string{"devait permettre", "doit permettre", "permettre de signer", "permettra de signer", "d'ici fin", "d'ici la fin", "devrait être sign", "devraient être sign", "pourrait être sign", "pourraient être sign", "devrait sign", "devraient sign", "autorise le maire à signer", "autoriser le maire à signer", "autorisé à signer", "autorise le président à signer", "autoriser le président à signer", "autorise la présidente à signer", "d'autoriser", "appelé à signer", "appelés à signer", "invite à signer", "envisage de signer", "souhaite signer", "projet de convention", "sera soumis", "sera soumise", "pas encore signé", "n'a pas été signé", "n'ont pas signé", "refusé de signer", "refuse de signer", "vers la signature", "en vue de la signature", "préparer la signature", "prépare la signature", "préparent la signature"}
	// figurative uses of "signer" and "signature".
	figurativeMarks = []string{"signe de", "sous le signe", "signé un doublé", "signe son retour", "signé son retour", "signature de livres", "séance de dédicace", "dédicace", "signature du livre", "son livre", "signer le livre", "signature de son", "signé un but", "signe un but", "signé chez", "signe chez", "a signé pour", "signé pour deux ans", "signature vocale", "signature électronique de", "marque de fabrique", "signature sonore", "signature culinaire", "signé la victoire", " album ", " auteur ", "l'auteur", "autographe"}
	// assemblyWords after "convention" make it a gathering, not an agreement.
	assemblyWords = map[string]bool{"fédérale": true, "nationale": true, "citoyenne": true, "démocrate": true, "républicaine": true, "annuelle": true, "d'affaires": true, "collective": false}
	// notSignatoryCues: the people after them attend; they do not sign.
	// speechVerbs before a name make it a quoted speaker.
	speechVerbs = map[string]bool{"précise": true, "explique": true, "indique": true, "souligne": true, "ajoute": true, "rappelle": true, "confie": true, "déclare": true, "estime": true, "affirme": true, "note": true, "commente": true, "résume": true, "insiste": true, "poursuit": true, "conclut": true, "annonce": true, "selon": true}
	// otherVerbs between a subject and the signing word give the subject another part: "X salue la signature".
	otherVerbs       = []string{"salue", "saluent", "a salué", "ont salué", "se félicite", "se félicitent", "se réjouit", "se réjouissent", "a assisté", "ont assisté", "assistait", "assistaient", "a présidé", "présidait", "accueille", "accueillait", "a accueilli", "participe", "participait", "a participé", "ont participé", "a annoncé", "ont annoncé", "annonce", "a rappelé", "a souligné", "a évoqué", "a célébré", "ont célébré", "étaient présents", "était présent", "était présente", "étaient présentes", "a reçu", "a rencontré"}
	notSignatoryCues = []string{"représentaient", "représentait", "représentant", "au nom de", "en présence de", "en présence du", "en présence des", "aux côtés de", "aux côtés du", "devant", "sous l'égide de", "sous l’égide de", "sous le regard de", "salué", "saluent", "a salué", "ont salué", "se félicite", "se félicitent", "a déclaré", "ont déclaré", "selon", "explique", "a rappelé", "a souligné", "accueillis par", "accueilli par", "accueillie par", "reçus par", "reçu par"}
)

// sentence is a stretch of tokens and its byte range.
type sentence struct {
	from, to   int // tokens
	start, end int // bytes
}

func sentences(toks []token) []sentence {
	var out []sentence
	for i := 0; i < len(toks); {
		j := i
		for j < len(toks) && toks[j].sent == toks[i].sent {
			j++
		}
		out = append(out, sentence{from: i, to: j, start: toks[i].start, end: toks[j-1].end})
		i = j
	}
	return out
}

// analysis is what the entity finders found, for the event finder.
type analysis struct {
	text    string
	toks    []token
	dates   []dateMention
	persons []mention
	places  []placeMention
	orgs    []orgMention
	pub     refDate
	present map[string]bool // signatories taken from "en présence de" (presentOfficials)
}

// findEvents finds the signings the text reports: one per ceremony, with
// date, place, agreement and signatories.
func (a *analysis) findEvents() []vigie.Event {
	var events []vigie.Event
	undated := map[string]bool{} // signings to come on no day given
	sents := sentences(a.toks)
	for si, s := range sents {
		var triggers []int
		for k := s.from; k < s.to; k++ {
			if signingSet[strings.ToLower(strings.ReplaceAll(a.toks[k].s, "’", "'"))] {
				triggers = append(triggers, k)
			}
		}
		if len(triggers) == 0 {
			continue // most sentences: no need to look for vague or future marks
		}
		lower := strings.ToLower(a.text[s.start:s.end])
		lower = " " + strings.ReplaceAll(lower, "’", "'") + " "
		if containsAny(lower, vagueMarks) || containsAny(lower, figurativeMarks) {
			continue
		}
		future := containsAny(lower, futureMarks)
		for _, trig := range triggers {
			if ev, ok := a.eventAt(sents, si, trig, future); ok {
				events = append(events, ev)
				if future && ev.Date == "" {
					undated[ev.Agreement+"|"+ev.Place] = true
				}
			}
		}
	}
	a.dropPresentIfSigned(events)
	events = mergeEvents(events)
	// A signing reported with no date of its own happened when the
	// article was published; one still to come has no date yet.
	for i := range events {
		if events[i].Date == "" && a.pub.prec > 0 && !undated[events[i].Agreement+"|"+events[i].Place] {
			events[i].Date = a.pub.String()
		}
	}
	return events
}

// eventAt builds the event reported by the signing word at token trig of
// sentence si.
func (a *analysis) eventAt(sents []sentence, si, trig int, future bool) (vigie.Event, bool) {
	s := sents[si]
	head, headTok := a.agreementIn(s)
	if head == "" && weakTriggers[strings.ToLower(a.toks[trig].s)] {
		return vigie.Event{}, false
	}
	if headTok >= 0 && strings.HasPrefix(strings.ToLower(a.toks[headTok].s), "convention") && headTok+1 < len(a.toks) && assemblyWords[strings.ToLower(a.toks[headTok+1].s)] {
		return vigie.Event{}, false
	}
	if a.aggregate(s, headTok) {
		return vigie.Event{}, false // "plus de 600 contrats ont été conclus entre 2018 et 2025": a tally, no signing
	}
	date := a.nearestDate(s, trig, 10)
	if date == "" && a.datesIn(s) == 1 {
		date = a.nearestDate(s, trig, 0) // the only date of the sentence, however far
	}
	if future && (a.before(date) || a.windowDate(s, date)) {
		// "présenté le 3 mars ; sa signature est prévue à l'automne",
		// "seront signés après le 24 mars": not the day of the signing
		date = ""
	}
	place := a.signingPlace(s, trig)
	if future && date == "" && place == nil {
		return vigie.Event{}, false
	}
	sigs := a.signatories(s, trig)
	if len(sigs) == 0 && a.anaphoricSubject(s, trig) {
		// "Il a signé", "les ministres ont signé": the people named just before.
		for k := si - 1; k >= 0 && k >= si-3; k-- {
			if got := a.namedIn(sents[k]); len(got) > 0 {
				sigs = got
				if date == "" {
					date = a.nearestDate(sents[k], -1, 0)
				}
				if place == nil {
					place = a.signingPlace(sents[k], sents[k].to)
				}
				break
			}
		}
	}
	if len(sigs) == 0 {
		sigs = a.presentOfficials(s, trig)
		for _, sg := range sigs {
			if a.present == nil {
				a.present = map[string]bool{}
			}
			a.present[sg.Name] = true
		}
	}
	if len(sigs) == 0 && strings.Contains(strings.ToLower(a.text[s.start:s.end]), "signataires") {
		sigs = a.listedAfter(sents, si)
	}
	if len(sigs) == 0 && !future {
		sigs = a.partyHeads(sents, si)
	}
	if (date == "" || place == nil) && si+1 < len(sents) && a.ceremony(sents[si+1]) {
		// "Le protocole est signé. La cérémonie a eu lieu à Orly, le 22 mars 2019."
		next := sents[si+1]
		if date == "" {
			date = a.nearestDate(next, -1, 0)
		}
		if place == nil {
			place = a.signingPlace(next, next.from)
		}
	}
	ownDate := date
	if date == "" && si > 0 {
		date = a.nearestDate(sents[si-1], -1, 0)
	}
	if place == nil && si > 0 {
		// the place of the sentence before, unless it tells of another day:
		// "signée le 10 février à La Mure. Une première convention avait été signée en avril 2021."
		if prev := a.nearestDate(sents[si-1], -1, 0); ownDate == "" || prev == "" || compatibleDates(ownDate, prev) {
			place = a.signingPlace(sents[si-1], sents[si-1].to)
		}
	}
	if place == nil && date != "" {
		place = a.datelinePlace(date)
	}
	venue := ""
	if place == nil {
		venue = a.venueNamed(s, trig)
	}
	ev := vigie.Event{Date: date, Signatories: sigs}
	weak := a.weakTrigger(trig)
	if place != nil {
		ev.Place = place.Name
		p := *place
		ev.PlaceRef = &p
	} else {
		ev.Place = venue
	}
	if head == "" && si > 0 {
		head, headTok = a.agreementIn(sents[si-1])
	}
	if head != "" {
		ev.Agreement = a.agreementName(headTok)
		ev.Type = head
	}
	if ev.Agreement == "" && len(ev.Signatories) == 0 {
		return vigie.Event{}, false // "la signature" with nothing signed and nobody signing
	}
	if ev.Date == "" && ev.Place == "" && len(ev.Signatories) == 0 && headTok > 0 && ev.Agreement == a.toks[headTok].s && strings.EqualFold(a.toks[headTok-1].s, "des") {
		return vigie.Event{}, false // "des conventions ont été signées", and nothing else: no signing in particular
	}
	if weak && ev.Date == "" && ev.Place == "" && len(ev.Signatories) == 0 && a.pub.prec == 0 {
		return vigie.Event{}, false // "de signer les contrats", "contrats signés fin mars": nothing says it happened
	}
	return ev, true
}

// yearSpanRe finds a span of years: "entre 2018 et 2025".
var yearSpanRe = regexp.MustCompile(`\bentre\s+(?:19|20)\d\d\s+et\s+(?:19|20)\d\d\b`)

// aggregate reports whether the sentence tallies signings rather than
// reporting one: a count of agreements qualified as a tally ("plus de 600
// contrats", "près de 200 conventions"), or signings "entre 2018 et 2025"
// in a sentence that gives no day.
func (a *analysis) aggregate(s sentence, headTok int) bool {
	if headTok > 0 {
		for k := max(s.from, headTok-4); k < headTok; k++ {
			switch strings.ToLower(a.toks[k].s) {
			case "plus", "près", "moins", "quelque", "quelques", "total", "centaines", "dizaines", "milliers":
				if k+1 < headTok && (isNumberWord(a.toks[k+1].s) || strings.EqualFold(a.toks[k+1].s, "de")) {
					return true
				}
			}
		}
	}
	for _, d := range a.dates {
		if d.start >= s.start && d.start < s.end && (len(d.value) == len("2006-01-02") || strings.HasPrefix(d.value, "--")) {
			return false
		}
	}
	return yearSpanRe.MatchString(a.text[s.start:s.end])
}

// clauseBetween reports whether a semicolon separates tokens i and j.
func (a *analysis) clauseBetween(i, j int) bool {
	for k := min(i, j) + 1; k < max(i, j); k++ {
		if a.toks[k].s == ";" {
			return true
		}
	}
	return false
}

// windowDate reports whether date d is written in sentence s as a bound
// ("après le 24 mars", "avant le 1er juin", "à partir du 3 mai"), not a day.
func (a *analysis) windowDate(s sentence, d string) bool {
	if d == "" {
		return false
	}
	for _, m := range a.dates {
		if m.value != d || m.start < s.start || m.start >= s.end {
			continue
		}
		before := strings.TrimSpace(strings.ToLower(a.text[max(s.start, m.start-16):m.start]))
		before = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(before, " le"), " du"))
		if strings.HasSuffix(before, "après") || strings.HasSuffix(before, "avant") || strings.HasSuffix(before, "à partir") || strings.HasSuffix(before, "à compter") || strings.HasSuffix(before, "au-delà") {
			return true
		}
	}
	return false
}

// before reports whether the full date d precedes the publication day: a
// signing still to come cannot have happened on it.
func (a *analysis) before(d string) bool {
	return a.pub.prec == 3 && len(d) == len("2006-01-02") && d[0] != '-' && d < a.pub.t.Format("2006-01-02")
}

// weakTrigger reports whether the signing word does not say a signature
// took place: an infinitive ("signer"), or a participle with no auxiliary
// before it ("les contrats signés fin mars").
func (a *analysis) weakTrigger(trig int) bool {
	w := strings.ToLower(a.toks[trig].s)
	if strings.HasSuffix(w, "er") {
		return true
	}
	if !strings.HasSuffix(w, "é") && !strings.HasSuffix(w, "ée") && !strings.HasSuffix(w, "és") && !strings.HasSuffix(w, "ées") {
		return false
	}
	for k := trig - 1; k >= 0 && k >= trig-3 && a.toks[k].sent == a.toks[trig].sent; k-- {
		switch strings.ToLower(a.toks[k].s) {
		case "a", "ont", "été", "est", "sont", "avait", "avaient", "était", "étaient", "fut", "furent", "aura", "auront":
			return false
		}
	}
	return true
}

// datesIn counts the distinct event dates of a sentence.
func (a *analysis) datesIn(s sentence) int {
	seen := map[string]bool{}
	for _, d := range a.dates {
		if d.start >= s.start && d.end <= s.end && d.value != "" && !d.pub {
			seen[d.value] = true
		}
	}
	return len(seen)
}

// anaphoricSubject reports whether the signing word has a pronoun or a
// bare role as its subject: "il a signé", "pour lui de signer", "les
// ministres ont signé".
func (a *analysis) anaphoricSubject(s sentence, trig int) bool {
	for i := max(s.from, trig-12); i < trig; i++ {
		switch strings.ToLower(a.toks[i].s) {
		case "il", "elle", "ils", "elles", "lui", "ministres", "ministre", "préfet", "préfète", "maire", "président", "présidente", "élus", "deux", "signataires", "partenaires":
			return true
		}
	}
	return false
}

// namedIn returns the people of a sentence, with their roles, who are not
// introduced as witnesses or speakers.
func (a *analysis) namedIn(s sentence) []vigie.Signatory {
	var out []vigie.Signatory
	for _, p := range a.persons {
		if p.sp.from < s.from || p.sp.to > s.to || a.excluded(s, p.sp.from) {
			continue
		}
		role, org := a.roleOf(p, s)
		out = append(out, vigie.Signatory{Name: p.value, Role: role, Org: org})
	}
	return out
}

// presentOfficials returns the people "en présence de" a signing that names
// no one signing it, when each comes with a title: "La convention a été
// signée à Pamiers en présence de la préfète Sylvie Feucher", "signature
// prévue en présence du préfet X, du maire de Y Z et de la présidente de la
// communauté de communes W". With nobody else said to sign, the officials
// present for the signing are its parties. A signing by someone ("signée par
// les partenaires en présence du préfet") or one attendee without a title
// gives nothing.
func (a *analysis) presentOfficials(s sentence, trig int) []vigie.Signatory {
	seg := strings.ReplaceAll(strings.ToLower(a.text[a.toks[trig].start:s.end]), "’", "'")
	k := strings.Index(seg, "en présence d")
	if k < 0 || strings.Contains(seg[:k], " par ") {
		return nil
	}
	at := a.toks[trig].start + k
	var out []vigie.Signatory
	for _, p := range a.persons {
		if p.sp.from < s.from || p.sp.to > s.to || a.toks[p.sp.from].start < at {
			continue
		}
		// only "en présence" may stand between the signing and the person
		before := strings.ReplaceAll(strings.ToLower(a.text[at:a.toks[p.sp.from].start]), "’", "'")
		if containsAny(before, otherVerbs) || a.quoted(p.sp.from) || a.represented(p.sp.to, s.to) {
			break
		}
		role, org := a.roleOf(p, s)
		if role == "" {
			return nil
		}
		out = append(out, vigie.Signatory{Name: p.value, Role: role, Org: org})
	}
	return out
}

// headTitles are the roles of people who sign for the body they head.
var headTitles = map[string]bool{
	"maire": true, "président": true, "présidente": true, "directeur": true, "directrice": true,
	"pdg": true, "p-dg": true, "ceo": true, "dg": true, "préfet": true, "préfète": true, "ministre": true,
}

// partyHeads returns, for a signing whose text names no one signing, the
// heads of its signing parties named elsewhere in the text with their
// titles: "Enedis, EDF et la commune de Gap se sont retrouvés pour signer un
// contrat ... Roger Exemple, le maire de Gap ... Jean Exemple, directeur
// d'Enedis Alpes du Sud". The parties are the bodies and communes of the
// signing sentence (and of a list of "signataires" after it); "11 communes
// ont signé" makes every mayor named a head. At most four heads: more is a
// gathering, not a signing table.
func (a *analysis) partyHeads(sents []sentence, si int) []vigie.Signatory {
	s := sents[si]
	span := []sentence{s}
	if si+1 < len(sents) && strings.Contains(strings.ToLower(a.text[sents[si+1].start:sents[si+1].end]), "signataires") {
		span = append(span, sents[si+1])
	}
	var parties []string
	anyCommune := false
	for _, sp := range span {
		for _, o := range a.orgs {
			if o.start >= sp.start && o.end <= sp.end && !o.alias {
				parties = append(parties, fold(o.name))
			}
		}
		for _, p := range a.places {
			if p.sp.from >= sp.from && p.sp.to <= sp.to && p.place.Kind == vigie.PlaceCommune {
				parties = append(parties, fold(p.place.Name))
			}
		}
		for k := sp.from; k < sp.to; k++ {
			switch strings.ToLower(a.toks[k].s) {
			case "communes", "villes", "maires":
				anyCommune = true
			}
		}
	}
	if len(parties) == 0 && !anyCommune {
		return nil
	}
	var out []vigie.Signatory
	seen := map[string]bool{}
	k := 0
	for _, p := range a.persons {
		for k < len(sents) && sents[k].to <= p.sp.from {
			k++
		}
		if k == len(sents) || seen[p.value] {
			continue
		}
		ps := sents[k]
		role, org := a.roleOf(p, ps)
		title, _, _ := strings.Cut(strings.ToLower(role), " ")
		if !headTitles[title] || strings.Contains(strings.ToLower(role), "adjoint") {
			continue
		}
		lr := fold(role)
		head := anyCommune && title == "maire"
		for _, party := range parties {
			if party != "" && (strings.Contains(lr, party) || fold(org) == party) {
				head = true
			}
		}
		if head {
			seen[p.value] = true
			out = append(out, vigie.Signatory{Name: p.value, Role: role, Org: org})
		}
	}
	if len(out) > 4 {
		return nil
	}
	return out
}

// dropPresentIfSigned removes the officials taken as signatories for being
// present (presentOfficials) when the text names anyone signing: they were
// then witnesses of that signing.
func (a *analysis) dropPresentIfSigned(events []vigie.Event) {
	if len(a.present) == 0 {
		return
	}
	signed := false
	for _, ev := range events {
		for _, sg := range ev.Signatories {
			signed = signed || !a.present[sg.Name]
		}
	}
	if !signed {
		return
	}
	for i := range events {
		events[i].Signatories = slices.DeleteFunc(events[i].Signatories, func(sg vigie.Signatory) bool { return a.present[sg.Name] })
	}
}

// listedAfter returns the people listed in the lines after a sentence that
// announces the signatories ("Les signataires :"), one per line.
func (a *analysis) listedAfter(sents []sentence, si int) []vigie.Signatory {
	var out []vigie.Signatory
	for k := si + 1; k < len(sents) && k <= si+12; k++ {
		got := a.namedIn(sents[k])
		if len(got) == 0 {
			if len(out) > 0 {
				break
			}
			continue
		}
		if len(got) > 1 || got[0].Role == "" {
			break
		}
		out = append(out, got...)
	}
	return out
}

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// agreementIn returns the type and token of the first agreement noun of a
// sentence.
func (a *analysis) agreementIn(s sentence) (string, int) {
	for i := s.from; i < s.to; i++ {
		w := strings.ToLower(a.toks[i].s)
		if typ, ok := agreementHeads[w]; ok {
			if w == "feuille" && (i+2 >= s.to || strings.ToLower(a.toks[i+2].s) != "route") {
				continue
			}
			if w == "engagement" || w == "partenariat" {
				continue // too common as plain nouns; named only with another head
			}
			return typ, i
		}
	}
	return "", -1
}

// agreementName returns the name of the agreement whose head noun is at
// token h: the head and what qualifies it, up to a clause boundary.
// nameStops end an agreement's name: relative pronouns, prepositions of
// purpose and the auxiliaries of its verb ("la convention avait été signée").
var nameStops = map[string]bool{
	"qui": true, "que": true, "afin": true, "visant": true, "dont": true, "lors": true, "par": true,
	"ont": true, "a": true, "sont": true, "est": true, "sera": true, "seront": true, "serait": true, "seraient": true,
	"avait": true, "avaient": true, "était": true, "étaient": true, "aura": true, "auront": true,
	"devrait": true, "devraient": true, "doit": true, "doivent": true, "va": true, "vont": true, "vient": true, "viennent": true,
}

func (a *analysis) agreementName(h int) string {
	start := h
	// an ordinal or adjective before the head: "première déclaration", "nouveau contrat"
	if h > 0 && !a.toks[h-1].punct {
		switch strings.ToLower(a.toks[h-1].s) {
		case "première", "premier", "seconde", "second", "deuxième", "nouveau", "nouvelle", "nouveaux", "nouvelles", "premiers", "premières":
			start = h - 1
		}
		if isNumberWord(a.toks[h-1].s) {
			start = h - 1
			if h > 1 && isNumberWord(a.toks[h-2].s) || h > 1 && (strings.EqualFold(a.toks[h-2].s, "premiers") || strings.EqualFold(a.toks[h-2].s, "premières")) {
				start = h - 2
			}
		}
	}
	end := h + 1
	words := 1
	for i := h + 1; i < len(a.toks) && a.toks[i].sent == a.toks[h].sent && words < 14; i++ {
		t := a.toks[i]
		lw := strings.ToLower(t.s)
		if t.punct && t.s != "-" && t.s != "'" && t.s != "’" && t.s != "(" && t.s != ")" {
			break
		}
		if nameStops[lw] || lw == "en" && i+1 < len(a.toks) && strings.HasPrefix(strings.ToLower(a.toks[i+1].s), "présence") || signingSet[lw] {
			break
		}
		if lw == "le" || lw == "à" || lw == "ce" {
			// "le 15 mai", "à Dole", "ce lundi" end the name
			if a.dateAt(t.start) || lw == "à" && a.placeAt(i+1) {
				break
			}
		}
		if a.dateAt(t.start) {
			break
		}
		end = i + 1
		words++
	}
	for end > h+1 && (connectors[strings.ToLower(a.toks[end-1].s)] || a.toks[end-1].s == "(") {
		end--
	}
	name := a.text[a.toks[start].start:a.toks[end-1].end]
	if strings.Count(name, "(") > strings.Count(name, ")") {
		name += ")"
	}
	return name
}

func isNumberWord(w string) bool {
	switch strings.ToLower(w) {
	case "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "quinze", "vingt":
		return true
	}
	return w != "" && w[0] >= '0' && w[0] <= '9' && len(w) <= 3
}

func (a *analysis) dateAt(pos int) bool {
	for _, d := range a.dates {
		if d.start == pos {
			return true
		}
	}
	return false
}

func (a *analysis) placeAt(tok int) bool {
	for _, p := range a.places {
		if p.sp.from == tok {
			return true
		}
	}
	return false
}

// nearestDate returns the resolved date of the sentence nearest to token
// trig (at most maxDist tokens away when maxDist > 0; trig < 0 takes the
// first date of the sentence), or "". A bare year counts only when the
// sentence has no fuller date, and dates that give the page's publication
// are never event dates.
func (a *analysis) nearestDate(s sentence, trig, maxDist int) string {
	best, bestDist, bestPrec := "", 1<<30, 0
	attached, attachedDist := "", 1<<30
	for _, d := range a.dates {
		if d.start < s.start || d.end > s.end || d.value == "" || d.pub {
			continue
		}
		dist := 0
		if trig >= 0 {
			i := tokenAt(a.toks, d.start)
			if i < 0 {
				i = byteSpan(a.toks, d.start, d.end).from
			}
			dist = i - trig
			if a.clauseBetween(i, trig) {
				continue // "présenté le 6 janvier ; sa signature est prévue": another clause's date
			}
			if dist > 0 && dist <= 3 && dist < attachedDist {
				// "signé en 2015", "signée le 3 mai": the verb's own date
				attached, attachedDist = d.value, dist
			}
			if dist < 0 {
				dist = -dist
			}
			if maxDist > 0 && dist > maxDist {
				continue
			}
		}
		prec := 2
		if len(d.value) == 4 {
			prec = 1
		}
		if prec > bestPrec || prec == bestPrec && dist < bestDist {
			best, bestDist, bestPrec = d.value, dist, prec
		}
	}
	if attached != "" {
		return attached
	}
	return best
}

// signingPlace returns the commune introduced by "à" nearest to the
// trigger in the sentence.
func (a *analysis) signingPlace(s sentence, trig int) *vigie.Place {
	var best *vigie.Place
	bestDist := 1 << 30
	for i := range a.places {
		p := &a.places[i]
		if p.sp.from < s.from || p.sp.to > s.to || p.place.Kind != vigie.PlaceCommune || p.sp.from == 0 {
			continue
		}
		prev := strings.ToLower(a.toks[p.sp.from-1].s)
		if prev != "à" && prev != "a" && !a.venueBefore(p.sp.from, s.from) {
			continue
		}
		dist := p.sp.from - trig
		if dist < 0 {
			dist = -dist + 2 // a place after the verb ("signé à Dole") is more likely
		}
		if dist < bestDist {
			best, bestDist = &p.place, dist
		}
	}
	return best
}

// datelinePlace returns the commune of a dateline that gives the date of
// the event: "Rennes, le 8 février 2019" in a release signed that day.
func (a *analysis) datelinePlace(date string) *vigie.Place {
	for i := range a.places {
		p := &a.places[i]
		if p.place.Kind != vigie.PlaceCommune || p.sp.to+1 >= len(a.toks) || a.toks[p.sp.to].s != "," {
			continue
		}
		if p.sp.from > 0 && a.toks[p.sp.from-1].sent == a.toks[p.sp.from].sent && !a.toks[p.sp.from-1].punct {
			continue // not at the head of a line or sentence
		}
		k := p.sp.to + 1
		if strings.EqualFold(a.toks[k].s, "le") {
			k++
		}
		if k >= len(a.toks) {
			continue
		}
		for _, d := range a.dates {
			if d.start == a.toks[k].start && d.value == date {
				return &p.place
			}
		}
	}
	return nil
}

// venueBefore reports whether the place at token from is the town of a
// venue where something happens: "à la mairie de Pamiers", "à l'hôtel de
// ville de Dole", "au siège de ...".
func (a *analysis) venueBefore(from, sentFrom int) bool {
	k := from - 1
	if k-1 < sentFrom {
		return false
	}
	switch strings.ToLower(a.toks[k].s) {
	case "de", "d'", "d’":
	default:
		return false
	}
	if !venueNouns[strings.ToLower(a.toks[k-1].s)] {
		return false
	}
	for j := k - 2; j >= sentFrom && j >= k-6; j-- {
		switch w := strings.ToLower(a.toks[j].s); {
		case w == "à" || w == "au" || w == "en":
			return true
		case a.toks[j].punct:
			return false
		}
	}
	return false
}

// ceremonyVerbs tell where and when a ceremony took place.
var ceremonyVerbs = []string{"a eu lieu", "ont eu lieu", "s'est déroulée", "s'est déroulé", "s'est tenue", "s'est tenu", "aura lieu", "se déroulera", "se tiendra"}

// ceremony reports whether sentence s tells where or when the signing just
// reported took place: "La cérémonie a eu lieu dans les locaux de ..., à
// Orly, le 22 mars 2019."
func (a *analysis) ceremony(s sentence) bool {
	subject := false
	for k := s.from; k < s.to && k < s.from+3; k++ {
		switch strings.ToLower(a.toks[k].s) {
		case "cérémonie", "signature", "elle", "celle-ci", "rencontre":
			subject = true
		}
	}
	if !subject {
		return false
	}
	lower := strings.ReplaceAll(strings.ToLower(a.text[s.start:s.end]), "’", "'")
	return containsAny(lower, ceremonyVerbs)
}

// venueHeads start the name of a venue: "salle", "Hôtel de Région".
var venueHeads = map[string]bool{
	"salle": true, "hôtel": true, "studio": true, "maison": true, "siège": true, "palais": true, "château": true,
	"théâtre": true, "auditorium": true, "amphithéâtre": true, "hémicycle": true, "préfecture": true,
	"sous-préfecture": true, "espace": true, "abbaye": true, "halle": true, "usine": true,
}

// venueStops end a venue's name.
var venueStops = map[string]bool{
	"pour": true, "avec": true, "entre": true, "en": true, "lors": true, "par": true, "afin": true, "où": true,
	"qui": true, "et": true, "le": true, "ce": true, "cet": true, "cette": true, "devant": true, "sous": true, "à": true,
}

// venueNamed returns the venue of a signing as written, for a sentence that
// names no commune for it: "à l'Hôtel de Région", "dans la salle
// Maurice-Viollette de la sous-préfecture", "au studio 104 de la Maison de
// la Radio". The venue after the signing word, or else the nearest before.
func (a *analysis) venueNamed(s sentence, trig int) string {
	best, bestDist := "", 1<<30
	for k := s.from; k+2 < s.to; k++ {
		switch strings.ToLower(a.toks[k].s) {
		case "à", "au", "dans":
		default:
			continue
		}
		j := k + 1
		switch strings.ToLower(a.toks[j].s) {
		case "la", "le", "l'", "l’", "les":
			j++
		}
		if j >= s.to || !venueHeads[strings.ToLower(a.toks[j].s)] {
			continue
		}
		e := j + 1
		for ; e < s.to && e < j+9; e++ {
			t := a.toks[e]
			if t.punct && t.s != "-" || venueStops[strings.ToLower(t.s)] || signingSet[strings.ToLower(t.s)] || a.dateAt(t.start) {
				break
			}
		}
		for e > j+1 && connectors[strings.ToLower(a.toks[e-1].s)] {
			e--
		}
		dist := j - trig
		if dist < 0 {
			dist = -dist + 100
		}
		if dist < bestDist {
			best, bestDist = a.text[a.toks[j].start:a.toks[e-1].end], dist
		}
	}
	return best
}

var venueNouns = map[string]bool{
	"mairie": true, "préfecture": true, "sous-préfecture": true, "ville": true, "siège": true, "hôtel": true,
	"château": true, "palais": true, "maison": true, "campus": true, "hôtel-de-ville": true,
}

// signatories returns the people who sign in the sentence: those before
// the signing verb (its subject) and after "par" or "entre" following it,
// not those introduced as present, quoted or saluting.
func (a *analysis) signatories(s sentence, trig int) []vigie.Signatory {
	var out []vigie.Signatory
	var names []mention
	for _, p := range a.persons {
		if p.sp.from < s.from || p.sp.to > s.to {
			continue
		}
		if a.excluded(s, p.sp.from) || a.quoted(p.sp.from) || a.represented(p.sp.to, s.to) {
			continue
		}
		if p.sp.from < trig && !a.otherVerbBetween(p.sp.to, trig) || a.afterAgent(trig, p.sp.from) || a.afterNominal(trig, p.sp.from) {
			names = append(names, p)
		}
	}
	roles := a.respectively(s, len(names))
	for i, p := range names {
		sig := vigie.Signatory{Name: p.value}
		if roles != nil {
			sig.Role, sig.Org = roles[i].Role, roles[i].Org
		} else {
			sig.Role, sig.Org = a.roleOf(p, s)
		}
		out = append(out, sig)
	}
	return out
}

// represented reports whether the person whose name ends at token i is
// represented by someone else at the signing: "X, ..., représenté par Y".
func (a *analysis) represented(i, limit int) bool {
	end := min(limit, i+14)
	if end <= i {
		return false
	}
	seg := strings.ToLower(a.text[a.toks[i].start:a.toks[end-1].end])
	k := strings.Index(seg, "représenté")
	if k < 0 {
		return false
	}
	// no other name between the person and the cue
	for _, p := range a.persons {
		if p.sp.from >= i && a.toks[p.sp.from].start < a.toks[i].start+k {
			return false
		}
	}
	return true
}

// quoted reports whether a speech verb stands just before the person at
// token i ("précise Jeanne Dupont").
func (a *analysis) quoted(i int) bool {
	for k := max(0, i-3); k < i; k++ {
		if speechVerbs[strings.ToLower(a.toks[k].s)] {
			return true
		}
	}
	return false
}

// otherVerbBetween reports whether a verb of another part (saluting,
// attending, hosting) stands between a subject and the signing word.
func (a *analysis) otherVerbBetween(from, trig int) bool {
	if from >= trig {
		return false
	}
	between := " " + strings.ToLower(a.text[a.toks[from].start:a.toks[trig].start]) + " "
	for _, v := range otherVerbs {
		if strings.Contains(between, " "+v+" ") {
			return true
		}
	}
	return false
}

// excluded reports whether the person at token i follows a cue that makes
// them a witness, host or speaker rather than a signatory.
func (a *analysis) excluded(s sentence, i int) bool {
	before := strings.ToLower(a.text[s.start:a.toks[i].start])
	before = strings.ReplaceAll(before, "’", "'")
	last := -1
	for _, cue := range notSignatoryCues {
		if k := strings.LastIndex(before, cue); k > last {
			last = k
		}
	}
	if last < 0 {
		return false
	}
	// a signing verb between the cue and the person resets it
	for _, w := range strings.Fields(before[last:]) {
		if signingSet[strings.Trim(w, ",.;")] {
			return false
		}
	}
	return true
}

// afterNominal reports whether the person at token i is listed after a
// nominal "signature" with no verb between: "Signature des accords de
// Béthune, Sébastien Martin, président de ...; Xavier Bertrand, ...".
func (a *analysis) afterNominal(trig, i int) bool {
	w := strings.ToLower(a.toks[trig].s)
	if (w != "signature" && w != "signatures") || i <= trig {
		return false
	}
	for k := trig + 1; k < i; k++ {
		switch strings.ToLower(a.toks[k].s) {
		case "est", "a", "ont", "sont", "était", "étaient", "sera", "seront", "fut", "avait", "avaient", "aura", "été", "lors", "après", "avant", "pour", "qui", "que", "dont", "où":
			return false
		}
	}
	return true
}

// afterAgent reports whether the person at token i is introduced after the
// trigger by "par" or "entre" ("signée par X", "signée entre X et Y").
func (a *analysis) afterAgent(trig, i int) bool {
	if i <= trig {
		return false
	}
	for k := trig + 1; k < i; k++ {
		w := strings.ToLower(a.toks[k].s)
		if w == "par" || w == "entre" || w == "avec" {
			return true
		}
	}
	return false
}

// roleAfter reads ", présidente de la Région X" after a name: the role as
// written and the organisation (an org mention, a place for a mayor, or
// "État" for ministers and préfets).
func (a *analysis) roleAfter(from, limit int) (role, org string) {
	i := from
	if i < limit && (a.toks[i].s == "," || a.toks[i].s == "(") {
		i++ // "Jean Exemple, maire de Dole", "Jean Exemple (maire de Dole)"
	}
	r, ok := roleAt(a.toks, i)
	if !ok && i+1 < limit && i > from {
		// "Roger Exemple, le maire de Gap"
		if art := strings.ToLower(a.toks[i].s); art == "le" || art == "la" || art == "l'" || art == "l’" {
			if r, ok = roleAt(a.toks, i+1); ok {
				i++
			}
		}
	}
	if !ok {
		return "", ""
	}
	// the role runs to the next comma, "et" before a name, or the verb
	end := i
	for j := i; j < limit; j++ {
		t := a.toks[j]
		lw := strings.ToLower(t.s)
		if t.s == "," || t.s == ";" || t.s == "." || t.s == "(" || t.s == ")" || signingSet[lw] || lw == "ont" || lw == "a" && j > i {
			break
		}
		if lw == "et" && j+1 < limit && a.toks[j+1].cap {
			break
		}
		if lw == "et" && j > i {
			if _, ok := roleAt(a.toks, j+1); ok {
				break // "maire de Dole et président de ...": the next role
			}
			if a.groupAfter(j+1, limit) {
				break // "préfète de l'Ariège et de l'ensemble des partenaires": other people
			}
		}
		end = j + 1
	}
	roleEnd := end
	for _, o := range a.orgs {
		if o.start >= a.toks[i].start && o.start < a.toks[max(end-1, i)].end+1 && !o.alias {
			org = o.name
			roleEnd = tokenAt(a.toks, o.start)
			break
		}
	}
	if org == "" {
		for _, p := range a.places {
			if p.sp.from > i && p.sp.from < end {
				org = p.place.Name
				switch p.place.Kind {
				case vigie.PlaceRegion:
					org = "Région " + p.place.Name // "président des Hauts-de-France"
				case vigie.PlaceDepartement:
					org = "Département " + p.place.Name
				}
				break
			}
		}
	}
	lr := strings.ToLower(r)
	if strings.Contains(lr, "ministre") || strings.Contains(lr, "préfet") || strings.Contains(lr, "préfète") || strings.Contains(lr, "secrétaire d") {
		org = "État"
	}
	if roleEnd <= i {
		roleEnd = i + 1
	}
	for roleEnd > i+1 && connectors[strings.ToLower(a.toks[roleEnd-1].s)] {
		roleEnd--
	}
	role = a.text[a.toks[i].start:a.toks[roleEnd-1].end]
	return role, org
}

// groupNouns name other people after "et (de)": the role before them ends.
var groupNouns = map[string]bool{
	"ensemble": true, "élus": true, "représentants": true, "représentantes": true, "partenaires": true,
	"acteurs": true, "membres": true, "maires": true, "habitants": true, "équipes": true, "invités": true,
	"personnalités": true, "agents": true, "signataires": true, "autres": true, "nombreux": true, "nombreuses": true,
}

// groupAfter reports whether the words from token j, past articles and
// prepositions, name a group of people: "(et) de l'ensemble des
// partenaires", "(et) des élus".
func (a *analysis) groupAfter(j, limit int) bool {
	for k := j; k < limit && k < j+4; k++ {
		w := strings.ToLower(strings.ReplaceAll(a.toks[k].s, "’", "'"))
		switch w {
		case "de", "du", "des", "d'", "l'", "la", "le", "les", "tous", "toutes":
			continue
		}
		if strings.HasPrefix(w, "l'") || strings.HasPrefix(w, "d'") {
			w = w[2:]
		}
		return groupNouns[w]
	}
	return false
}

// roleOf returns the role of person p in sentence s: written after the
// name, or else before it.
func (a *analysis) roleOf(p mention, s sentence) (role, org string) {
	if role, org = a.roleAfter(p.sp.to, s.to); role == "" {
		role, org = a.roleBefore(p.sp.from, s.from)
	}
	return role, org
}

// roleBefore reads a role written before a name: "le Premier ministre,
// Manuel Valls", "le préfet de l'Isère Laurent Prévost".
func (a *analysis) roleBefore(nameTok, limit int) (role, org string) {
	i := nameTok - 1
	if i >= limit && a.toks[i].s == "," {
		i--
	}
	for k := i; k >= limit && k >= i-8; k-- {
		if a.toks[k].punct && a.toks[k].s != "'" && a.toks[k].s != "’" {
			return "", ""
		}
		if r, ok := roleAt(a.toks, k); ok {
			end := i + 1
			org = ""
			for _, o := range a.orgs {
				if !o.alias && o.start >= a.toks[k].start && o.end <= a.toks[i].end {
					org = o.name
					break
				}
			}
			lr := strings.ToLower(r)
			if strings.Contains(lr, "ministre") || strings.Contains(lr, "préfet") || strings.Contains(lr, "préfète") {
				org = "État"
			}
			return a.text[a.toks[k].start:a.toks[end-1].end], org
		}
	}
	return "", ""
}

// respectively handles "X et Y, respectivement maire de A et président de
// B": it returns one role per name, or nil.
func (a *analysis) respectively(s sentence, n int) []vigie.Signatory {
	if n < 2 {
		return nil
	}
	for i := s.from; i < s.to; i++ {
		if strings.ToLower(a.toks[i].s) != "respectivement" {
			continue
		}
		var out []vigie.Signatory
		j := i + 1
		for len(out) < n && j < s.to {
			role, org := a.roleAfter(j, s.to)
			if role == "" {
				break
			}
			out = append(out, vigie.Signatory{Role: role, Org: org})
			// skip to after the next "et" or ","
			for j < s.to && !(a.toks[j].s == "," || strings.ToLower(a.toks[j].s) == "et") {
				j++
			}
			j++
		}
		if len(out) == n {
			return out
		}
	}
	return nil
}

// mergeEvents keeps one event per ceremony: reports with the same date
// (or none) and the same place (or none) are one event.
func mergeEvents(evs []vigie.Event) []vigie.Event {
	var out []vigie.Event
	for _, e := range evs {
		merged := false
		for k := range out {
			o := &out[k]
			sameDate := compatibleDates(e.Date, o.Date)
			samePlace := e.Place == o.Place || e.Place == "" || o.Place == ""
			if sameDate && samePlace {
				if len(e.Date) > len(o.Date) || strings.HasPrefix(o.Date, "--") && !strings.HasPrefix(e.Date, "--") && e.Date != "" {
					o.Date = e.Date // the more precise date
				}
				if o.Place == "" {
					o.Place, o.PlaceRef = e.Place, e.PlaceRef
				}
				if o.Agreement == "" {
					o.Agreement, o.Type = e.Agreement, e.Type
				}
				o.Signatories = mergeSignatories(o.Signatories, e.Signatories)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, e)
		}
	}
	return out
}

// compatibleDates reports whether two event dates may be one day:
// equal, one unknown, one a month or year of the other ("2023-12" and
// "2023-12-18"), or a day without a year ("--12-18") and that day.
func compatibleDates(a, b string) bool {
	if a == b || a == "" || b == "" {
		return true
	}
	if strings.HasPrefix(a, "--") != strings.HasPrefix(b, "--") {
		if strings.HasPrefix(b, "--") {
			a, b = b, a
		}
		return len(b) == 10 && b[4:] == a[1:]
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

func mergeSignatories(a, b []vigie.Signatory) []vigie.Signatory {
	for _, s := range b {
		found := false
		for i := range a {
			if fold(a[i].Name) == fold(s.Name) {
				found = true
				if a[i].Role == "" {
					a[i].Role, a[i].Org = s.Role, s.Org
				}
			}
		}
		if !found {
			a = append(a, s)
		}
	}
	return a
}
