package search

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"vigie"
)

// synth generates deterministic synthetic press releases for benchmarks:
// fictional people, a fictional gazetteer (régions > départements >
// communes with coordinates), signing events and 300–900 words of French
// text. Document i is a pure function of i.
type synth struct {
	regions  []string
	depts    []synthDept
	communes []vigie.Place
	first    []string
	last     []string
	orgs     []string
	words    []string
	sites    []string
	agrees   [][2]string // type, name
}

type synthDept struct{ name, region string }

var (
	synthSyll   = []string{"ba", "ver", "lon", "mor", "san", "tel", "ri", "cha", "mon", "gue", "ly", "dor", "fa", "nes", "pra", "qui", "bel", "cor", "va", "zan", "tru", "sel", "mi", "gon"}
	synthCommon = strings.Fields("la le les des du de un une et en pour avec sur par dans au aux qui que ce cette ces son sa ses leur leurs plus entre après avant ainsi comme territoire territoires région communauté commune communes projet projets développement économique emploi entreprises industrie industriel réindustrialisation transition écologique énergie signature signé signée convention contrat accord partenariat président présidente maire conseil départemental régional agglomération intercommunalité État ministre financement millions euros investissement formation jeunes santé logement mobilité eau agriculture tourisme numérique innovation acteurs élus habitants services public action plan programme stratégie objectif ambition engagement")
)

func newSynth() *synth {
	r := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(synthSyll[r.IntN(len(synthSyll))])
		}
		s := b.String()
		return strings.ToUpper(s[:1]) + s[1:]
	}
	s := &synth{}
	for i := range 13 {
		s.regions = append(s.regions, fmt.Sprintf("Région %s", word(3)+fmt.Sprint(i)))
	}
	for i := range 96 {
		s.depts = append(s.depts, synthDept{name: word(3) + fmt.Sprint(i), region: s.regions[i%len(s.regions)]})
	}
	for i := range 3000 {
		d := s.depts[i%len(s.depts)]
		s.communes = append(s.communes, vigie.Place{
			Name: word(2+i%2) + fmt.Sprint(i), Kind: vigie.PlaceCommune, Code: fmt.Sprintf("%05d", i),
			Departement: d.name, Region: d.region,
			Lat: 42 + r.Float64()*9, Lon: -4 + r.Float64()*12,
		})
	}
	for range 60 {
		s.first = append(s.first, word(2))
	}
	for range 400 {
		s.last = append(s.last, word(3))
	}
	for i := range 800 {
		s.orgs = append(s.orgs, "Organisation "+word(2)+fmt.Sprint(i))
	}
	for range 4000 {
		s.words = append(s.words, strings.ToLower(word(2+r.IntN(3))))
	}
	for i := range 40 {
		s.sites = append(s.sites, fmt.Sprintf("site%d.example", i))
	}
	for _, t := range []string{"contrat", "convention", "déclaration", "pacte", "accord", "charte", "protocole"} {
		for j := range 4 {
			s.agrees = append(s.agrees, [2]string{t, fmt.Sprintf("%s %s", t, word(3)+fmt.Sprint(j))})
		}
	}
	return s
}

// zipf picks an index in [0, n) skewed towards small indexes.
func zipf(r *rand.Rand, n int) int {
	x := r.Float64()
	return int(float64(n) * x * x * x)
}

func (s *synth) person(r *rand.Rand) string {
	return s.first[zipf(r, len(s.first))] + " " + s.last[zipf(r, len(s.last))]
}

// doc returns synthetic document i.
func (s *synth) doc(i int) *vigie.Document {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	d := &vigie.Document{
		URL:  fmt.Sprintf("https://%s/articles/%d", s.sites[zipf(r, len(s.sites))], i),
		Site: "", Published: fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28)),
		ContentHash: fmt.Sprint("h", i),
	}
	d.Site = strings.Split(strings.TrimPrefix(d.URL, "https://"), "/")[0]
	var text strings.Builder
	n := 300 + r.IntN(600)
	for w := range n {
		if r.IntN(3) == 0 {
			text.WriteString(synthCommon[r.IntN(len(synthCommon))])
		} else {
			text.WriteString(s.words[zipf(r, len(s.words))])
		}
		if w%15 == 14 {
			text.WriteString(". ")
		} else {
			text.WriteByte(' ')
		}
	}
	for range 5 {
		p := s.communes[zipf(r, len(s.communes))]
		d.Places = append(d.Places, p)
		text.WriteString(" à " + p.Name)
	}
	for range 5 {
		d.Persons = append(d.Persons, s.person(r))
	}
	for range 4 {
		d.Orgs = append(d.Orgs, s.orgs[zipf(r, len(s.orgs))])
	}
	if r.IntN(3) > 0 {
		d.IsSigning = true
		a := s.agrees[r.IntN(len(s.agrees))]
		place := d.Places[0]
		ev := vigie.Event{Date: d.Published, Place: place.Name, PlaceRef: &place, Agreement: a[1], Type: a[0]}
		for k := range 2 + r.IntN(2) {
			ev.Signatories = append(ev.Signatories, vigie.Signatory{Name: d.Persons[k], Role: "président", Org: d.Orgs[k]})
		}
		d.Events = []vigie.Event{ev}
		text.WriteString(" La signature de la " + a[1] + ".")
	}
	d.Title = fmt.Sprintf("%s : %s %s", d.Places[0].Name, s.words[zipf(r, len(s.words))], s.words[zipf(r, len(s.words))])
	d.Text = text.String()
	return d
}
