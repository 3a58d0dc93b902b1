package geo

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"vigie"
)

//go:embed data/gazetteer.tsv.gz
var gazetteerData []byte

// Gazetteer is the French administrative geography: régions, départements,
// communes (with INSEE codes, population and, for about 8,100 of them,
// coordinates), EPCI with their member communes, and the other names these
// places go by. It is immutable once built and safe for concurrent use.
type Gazetteer struct {
	entries  []entry
	regions  map[string]int32 // by INSEE code
	depts    map[string]int32 // by INSEE code
	communes map[string]int32 // by INSEE code
	epcis    map[string]int32 // by SIREN
	byName   map[string][]int32
	risky    map[string]bool // folded commune names that are common words or first names
}

// entry is one place of the gazetteer. Its strings point into the decoded
// data file.
type entry struct {
	kind     string
	code     string
	name     string
	parent   string // département code of a commune, région code of a département or former région
	pop      int
	lat, lon float64
	members  string // comma-separated INSEE codes of an EPCI's communes
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
)

// Default returns the gazetteer embedded in the binary, decoded on first
// use. It panics if the embedded file is corrupt, which the package's tests
// rule out.
func Default() *Gazetteer {
	defaultOnce.Do(func() {
		g, err := parse(gazetteerData)
		if err != nil {
			panic("geo: embedded gazetteer: " + err.Error())
		}
		defaultGaz = g
	})
	return defaultGaz
}

// parse decodes a gzip'd gazetteer file (see gen/main.go for the format).
func parse(gz []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("parse gazetteer: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("parse gazetteer: %w", err)
	}
	data := string(raw)
	n := strings.Count(data, "\n")
	g := &Gazetteer{
		entries:  make([]entry, 0, n),
		regions:  make(map[string]int32, 32),
		depts:    make(map[string]int32, 128),
		communes: make(map[string]int32, 36000),
		epcis:    make(map[string]int32, 1300),
		byName:   make(map[string][]int32, 44000),
		risky:    map[string]bool{},
	}
	type alias struct{ name, code string }
	var aliases []alias
	var f [8]string
	for line := 1; data != ""; line++ {
		var l string
		l, data, _ = strings.Cut(data, "\n")
		nf := split(l, &f)
		flt := func(i int) float64 {
			v, _ := strconv.ParseFloat(f[i], 64)
			return v
		}
		add := func(m map[string]int32, e entry) {
			m[e.code] = int32(len(g.entries))
			g.entries = append(g.entries, e)
		}
		switch {
		case f[0] == "R" && nf >= 5:
			add(g.regions, entry{kind: vigie.PlaceRegion, code: f[1], name: f[2], lat: flt(3), lon: flt(4)})
		case f[0] == "D" && nf >= 6:
			add(g.depts, entry{kind: vigie.PlaceDepartement, code: f[1], name: f[2], parent: f[3], lat: flt(4), lon: flt(5)})
		case f[0] == "C" && nf >= 7:
			pop, _ := strconv.Atoi(f[4])
			add(g.communes, entry{kind: vigie.PlaceCommune, code: f[1], name: f[2], parent: f[3], pop: pop, lat: flt(5), lon: flt(6)})
		case f[0] == "A" && nf >= 3:
			aliases = append(aliases, alias{f[1], f[2]})
		case f[0] == "E" && nf >= 5:
			add(g.epcis, entry{kind: vigie.PlaceEPCI, code: f[1], name: f[2], parent: f[3], members: f[4]})
		case (f[0] == "W" || f[0] == "F") && nf >= 2:
			g.risky[Fold(f[1])] = true
		case l == "":
		default:
			return nil, fmt.Errorf("parse gazetteer: line %d: bad record %q", line, l)
		}
	}
	if len(g.regions) == 0 || len(g.depts) == 0 || len(g.communes) == 0 {
		return nil, fmt.Errorf("parse gazetteer: no régions, départements or communes")
	}
	// Official names first, then the other names where they are free.
	for i := range g.entries {
		if g.entries[i].kind != vigie.PlaceEPCI {
			g.add(g.entries[i].name, int32(i))
		}
	}
	for _, a := range aliases {
		if i, ok := g.communes[a.code]; ok {
			if k := Fold(a.name); g.byName[k] == nil {
				g.byName[k] = []int32{i}
			}
		}
	}
	g.addShortNames()
	for _, i := range g.epcis {
		g.add(g.entries[i].name, i)
	}
	for _, i := range g.epcis {
		for _, n := range epciNames(g.entries[i].name) {
			if g.freeFor(n, vigie.PlaceEPCI) {
				g.add(n, i)
			}
		}
	}
	for _, o := range otherNames {
		r, ok := g.regions[o.region]
		switch {
		case !ok:
		case o.official == g.entries[r].name:
			g.add(o.name, r) // "PACA"
		case g.freeFor(o.name, vigie.PlaceOther):
			g.add(o.name, int32(len(g.entries)))
			g.entries = append(g.entries, entry{kind: vigie.PlaceOther, name: o.official, parent: o.region})
		}
	}
	g.add("France", int32(len(g.entries)))
	g.entries = append(g.entries, entry{kind: vigie.PlaceCountry, code: "FR", name: "France", lat: 46.6, lon: 2.4})
	for _, es := range g.byName {
		if len(es) > 1 {
			slices.SortStableFunc(es, func(a, b int32) int { return rank(&g.entries[b]) - rank(&g.entries[a]) })
		}
	}
	return g, nil
}

// split cuts a tab-separated line into f and returns the number of fields.
func split(l string, f *[8]string) int {
	n := 0
	for n < len(f)-1 {
		var ok bool
		f[n], l, ok = strings.Cut(l, "\t")
		n++
		if !ok {
			break
		}
	}
	if l != "" && n == len(f)-1 {
		f[n] = l
		n++
	}
	for i := n; i < len(f); i++ {
		f[i] = ""
	}
	return n
}

// shortLinks join the short name of a town to the rest of its official
// name: Cherbourg-en-Cotentin, Saint-Dié-des-Vosges.
var shortLinks = []string{"-en-", "-sur-", "-sous-", "-des-", "-lès-", "-les-", "-le-", "-la-", "-de-", "-du-", "-aux-"}

// addShortNames files towns under the short names the press uses:
// "Cherbourg" for Cherbourg-en-Cotentin, "Saint-Dié" for
// Saint-Dié-des-Vosges. A short name is the part before a linking word; it
// is filed only when it names nothing else, is no common word or first
// name, and belongs to one town of 10,000 inhabitants or more and to no
// other town of 5,000 or more ("Aix" and "Nogent" stay unknown).
func (g *Gazetteer) addShortNames() {
	shorts := map[string][]int32{}
	for _, i := range g.communes {
		e := &g.entries[i]
		if e.pop < 5000 {
			continue
		}
		cut := -1
		for _, l := range shortLinks {
			if k := strings.Index(e.name, l); k > 0 && (cut < 0 || k < cut) {
				cut = k
			}
		}
		if cut > 0 {
			k := Fold(e.name[:cut])
			shorts[k] = append(shorts[k], i)
		}
	}
	for k, es := range shorts {
		if len(es) == 1 && g.entries[es[0]].pop >= 10000 && g.byName[k] == nil && !g.risky[k] {
			g.byName[k] = es
		}
	}
}

// add files entry i under the folded name.
func (g *Gazetteer) add(name string, i int32) {
	k := Fold(name)
	if k == "" {
		return
	}
	es := g.byName[k]
	if !slices.Contains(es, i) {
		g.byName[k] = append(es, i)
	}
}

// freeFor reports whether a derived name may be filed for a place of the
// given kind: it must not already name a place of another kind, so that
// "Rennes" (from "Rennes Métropole") stays the commune.
func (g *Gazetteer) freeFor(name, kind string) bool {
	for _, i := range g.byName[Fold(name)] {
		if g.entries[i].kind != kind {
			return false
		}
	}
	return true
}

// rank orders the candidates of one name: the country, régions,
// départements and former régions first, then communes by population,
// then EPCI.
func rank(e *entry) int {
	switch e.kind {
	case vigie.PlaceCountry:
		return 1 << 40
	case vigie.PlaceRegion:
		return 1 << 39
	case vigie.PlaceDepartement:
		return 1 << 38
	case vigie.PlaceOther:
		return 1 << 37
	case vigie.PlaceCommune:
		return 1<<30 + e.pop
	}
	return 1 << 29
}

// otherNames are names the press uses for areas that are not (or no
// longer) administrative units: the régions of before 2016 and usual names
// of current régions, with the INSEE code of the région they lie in.
var otherNames = []struct{ name, official, region string }{
	{"Alsace", "Alsace", "44"}, {"Lorraine", "Lorraine", "44"}, {"Champagne-Ardenne", "Champagne-Ardenne", "44"},
	{"Aquitaine", "Aquitaine", "75"}, {"Limousin", "Limousin", "75"}, {"Poitou-Charentes", "Poitou-Charentes", "75"},
	{"Auvergne", "Auvergne", "84"}, {"Rhône-Alpes", "Rhône-Alpes", "84"},
	{"Bourgogne", "Bourgogne", "27"}, {"Franche-Comté", "Franche-Comté", "27"}, {"Nord-Franche-Comté", "Nord-Franche-Comté", "27"},
	{"Languedoc-Roussillon", "Languedoc-Roussillon", "76"}, {"Midi-Pyrénées", "Midi-Pyrénées", "76"},
	{"Nord-Pas-de-Calais", "Nord-Pas-de-Calais", "32"}, {"Picardie", "Picardie", "32"},
	{"Basse-Normandie", "Basse-Normandie", "28"}, {"Haute-Normandie", "Haute-Normandie", "28"},
	{"Région Centre", "Centre", "24"}, {"PACA", "Provence-Alpes-Côte d'Azur", "93"}, {"Région Sud", "Provence-Alpes-Côte d'Azur", "93"},
}

// epciPrefixes are the legal forms that start EPCI names in the official
// data, with the long forms the press uses.
var epciPrefixes = []struct{ short, long string }{
	{"CC ", "Communauté de communes "},
	{"CA ", "Communauté d'agglomération "},
	{"CU ", "Communauté urbaine "},
	{"Métropole ", "Métropole "},
}

// epciNames returns the other names of an EPCI: "CA du Grand Dole" is also
// "Communauté d'agglomération du Grand Dole", "Grand Dole"; "CA Pays de
// Montbéliard Agglomération" is also "Pays de Montbéliard"; "Rennes
// Métropole" is also "Rennes" (which the caller keeps for the commune).
func epciNames(official string) []string {
	var out []string
	rest := official
	for _, p := range epciPrefixes {
		if r, ok := strings.CutPrefix(official, p.short); ok {
			rest = r
			if p.short != p.long {
				out = append(out, p.long+r)
			}
			break
		}
	}
	for _, art := range []string{"de la ", "de l'", "de l’", "des ", "du ", "de ", "d'", "d’"} {
		if b, ok := strings.CutPrefix(rest, art); ok {
			rest = b
			break
		}
	}
	if rest != official {
		out = append(out, rest)
	}
	for _, suf := range []string{" Agglomération", " Agglo", " Métropole"} {
		if b, ok := strings.CutSuffix(rest, suf); ok && b != "" {
			out = append(out, b)
		}
	}
	// A bare name of one word is too often a natural region ("Perche",
	// "Boulonnais"), an adjective ("Thelloise", "Serein") or a commune's
	// short name ("Thonon"): only long forms and names of two words or more
	// ("Grand Dole") are kept.
	kept := out[:0]
	for _, n := range out {
		if strings.Contains(Fold(n), " ") {
			kept = append(kept, n)
		}
	}
	return kept
}

func (g *Gazetteer) place(e *entry) vigie.Place {
	p := vigie.Place{Name: e.name, Kind: e.kind, Code: e.code, Lat: e.lat, Lon: e.lon}
	switch e.kind {
	case vigie.PlaceCommune:
		if i, ok := g.depts[e.parent]; ok {
			d := &g.entries[i]
			p.Departement = d.name
			p.Region = g.regionName(d.parent)
		}
	case vigie.PlaceDepartement:
		p.Departement = e.name
		p.Region = g.regionName(e.parent)
	case vigie.PlaceRegion:
		p.Region = e.name
	case vigie.PlaceOther:
		if i, ok := g.regions[e.parent]; ok {
			r := &g.entries[i]
			p.Region = r.name
			p.Lat, p.Lon = r.lat, r.lon
		}
	case vigie.PlaceEPCI:
		g.epciGeography(e, &p)
	}
	return p
}

func (g *Gazetteer) regionName(code string) string {
	if i, ok := g.regions[code]; ok {
		return g.entries[i].name
	}
	return ""
}

// epciGeography gives an EPCI the département and région of most of its
// communes and the coordinates of its most populous commune that has some.
func (g *Gazetteer) epciGeography(e *entry, p *vigie.Place) {
	count := map[string]int{}
	best := -1
	for code := range strings.SplitSeq(e.members, ",") {
		i, ok := g.communes[code]
		if !ok {
			continue
		}
		c := &g.entries[i]
		count[c.parent]++
		if c.lat != 0 && c.pop > best {
			best, p.Lat, p.Lon = c.pop, c.lat, c.lon
		}
	}
	top, n := "", 0
	for d, k := range count {
		if k > n || k == n && d < top {
			top, n = d, k
		}
	}
	if i, ok := g.depts[top]; ok {
		d := &g.entries[i]
		p.Departement = d.name
		p.Region = g.regionName(d.parent)
	}
}

// Lookup returns every place a toponym as written may be: all the
// homonymous communes, EPCI, départements, régions, former régions and the
// country. The country, régions, départements and former régions come
// first, then communes from the most populous, then EPCI. It returns nil
// for an unknown name.
func (g *Gazetteer) Lookup(name string) []vigie.Place {
	es := g.byName[Fold(name)]
	if len(es) == 0 {
		return nil
	}
	out := make([]vigie.Place, 0, len(es))
	for _, i := range es {
		out = append(out, g.place(&g.entries[i]))
	}
	return out
}

// IsKnown reports whether the toponym, as written, names a place of the
// gazetteer. It does not allocate for names without accents or "Saint".
func (g *Gazetteer) IsKnown(name string) bool { return len(g.byName[Fold(name)]) > 0 }

// Risky reports whether the toponym is the name of a commune that is also
// a common French word ("Orange", "Pont", "Vire", "Bar", "Eu", "Y", "Le
// Tablier") or a first name ("Albert", "Antony", "Yves"): a text spotter
// should take it for a place only with evidence, such as a preposition of
// place before it ("à Orange"). Surnames are not marked.
func (g *Gazetteer) Risky(name string) bool { return g.risky[Fold(name)] }

// Context is what a document says of its geography, to tell homonymous
// communes apart: the départements and régions it names, by INSEE code or
// name (a former région's name stands for the current région).
type Context struct {
	Departements []string
	Regions      []string
}

// Resolve returns the place a toponym most likely is in a document with
// the given context, and false for an unknown name.
//
// A name that is that of the country, a région, a département or a former
// région resolves to it, except that a département that is also one of its
// own communes (Paris) resolves to the commune, and an overseas
// collectivity (Saint-Martin) gives way to a homonymous commune in a
// département or région of the context. Otherwise the communes of
// that name are the candidates (an EPCI only when no commune has the name):
//
//   - those in a département of the context, or failing any, those in a
//     région of the context, or failing any, all of them, are kept;
//   - a single one kept is the answer;
//   - else one at least 20 times as populous as each other kept is;
//   - else the answer is the most populous one's name, with Kind commune,
//     Ambiguous set and no code or coordinates; its Departement and Region
//     are set only when every kept candidate shares them.
func (g *Gazetteer) Resolve(name string, ctx Context) (vigie.Place, bool) {
	es := g.byName[Fold(name)]
	if len(es) == 0 {
		return vigie.Place{}, false
	}
	top := &g.entries[es[0]]
	if top.kind != vigie.PlaceCommune && top.kind != vigie.PlaceEPCI && !g.overseasWithHomonym(top, es, ctx) {
		if top.kind == vigie.PlaceDepartement {
			for _, i := range es[1:] {
				if e := &g.entries[i]; e.kind == vigie.PlaceCommune && e.parent == top.code {
					return g.place(e), true
				}
			}
		}
		return g.place(top), true
	}
	var communes []*entry
	for _, i := range es {
		if e := &g.entries[i]; e.kind == vigie.PlaceCommune {
			communes = append(communes, e)
		}
	}
	switch len(communes) {
	case 0:
		return g.place(top), true
	case 1:
		return g.place(communes[0]), true
	}
	depts, regions := map[string]bool{}, map[string]bool{}
	for _, d := range ctx.Departements {
		if p, ok := g.Departement(d); ok {
			depts[p.Code] = true
		}
	}
	for _, r := range ctx.Regions {
		if p, ok := g.Region(r); ok {
			regions[p.Code] = true
		}
	}
	var inDept, inRegion []*entry
	for _, c := range communes {
		if depts[c.parent] {
			inDept = append(inDept, c)
		}
		if i, ok := g.depts[c.parent]; ok && regions[g.entries[i].parent] {
			inRegion = append(inRegion, c)
		}
	}
	kept := communes
	switch {
	case len(inDept) > 0:
		kept = inDept
	case len(inRegion) > 0:
		kept = inRegion
	}
	if len(kept) == 1 || kept[0].pop >= 20*max(kept[1].pop, 1) {
		return g.place(kept[0]), true
	}
	p := vigie.Place{Name: kept[0].name, Kind: vigie.PlaceCommune, Ambiguous: true}
	first := g.place(kept[0])
	p.Departement, p.Region = first.Departement, first.Region
	for _, c := range kept[1:] {
		if c.parent != kept[0].parent {
			p.Departement = ""
		}
		if g.place(c).Region != first.Region {
			p.Region = ""
		}
	}
	return p, true
}

// overseasWithHomonym reports whether top is an overseas collectivity
// (Saint-Martin, Saint-Barthélemy: région and département codes from 975)
// and one of the communes in es lies in a département or région of the
// context, which then wins.
func (g *Gazetteer) overseasWithHomonym(top *entry, es []int32, ctx Context) bool {
	if len(top.code) != 3 || top.code < "975" {
		return false
	}
	for _, i := range es {
		e := &g.entries[i]
		if e.kind != vigie.PlaceCommune || e.parent == top.code {
			continue
		}
		p := g.place(e)
		for _, d := range ctx.Departements {
			if q, ok := g.Departement(d); ok && q.Name == p.Departement {
				return true
			}
		}
		for _, r := range ctx.Regions {
			if q, ok := g.Region(r); ok && q.Name == p.Region {
				return true
			}
		}
	}
	return false
}

// Departement returns the département with this INSEE code ("39", "2A",
// "971") or name ("Jura", "Cotes d'Armor"), and false if there is none.
func (g *Gazetteer) Departement(codeOrName string) (vigie.Place, bool) {
	code := strings.ToUpper(strings.TrimSpace(codeOrName))
	if len(code) == 1 && code[0] >= '1' && code[0] <= '9' {
		code = "0" + code
	}
	if i, ok := g.depts[code]; ok {
		return g.place(&g.entries[i]), true
	}
	for _, i := range g.byName[Fold(codeOrName)] {
		if e := &g.entries[i]; e.kind == vigie.PlaceDepartement {
			return g.place(e), true
		}
	}
	return vigie.Place{}, false
}

// Region returns the région with this INSEE code ("27") or name
// ("Bourgogne-Franche-Comté", "Ile de France"); a former région's name
// ("Franche-Comté") gives the région that took it in. It returns false if
// there is none.
func (g *Gazetteer) Region(codeOrName string) (vigie.Place, bool) {
	if i, ok := g.regions[strings.TrimSpace(codeOrName)]; ok {
		return g.place(&g.entries[i]), true
	}
	for _, i := range g.byName[Fold(codeOrName)] {
		switch e := &g.entries[i]; e.kind {
		case vigie.PlaceRegion:
			return g.place(e), true
		case vigie.PlaceOther:
			if j, ok := g.regions[e.parent]; ok {
				return g.place(&g.entries[j]), true
			}
		}
	}
	return vigie.Place{}, false
}

// Commune returns the current commune with this INSEE code, and false if
// there is none.
func (g *Gazetteer) Commune(code string) (vigie.Place, bool) {
	if i, ok := g.communes[strings.TrimSpace(code)]; ok {
		return g.place(&g.entries[i]), true
	}
	return vigie.Place{}, false
}

// Population returns the population of the commune with this INSEE code,
// or 0 if there is no such commune.
func (g *Gazetteer) Population(code string) int {
	if i, ok := g.communes[code]; ok {
		return g.entries[i].pop
	}
	return 0
}

// Members returns the member communes of an EPCI, found by its SIREN code
// (epci.Code), in the order of the official data. It returns nil for a
// place that is not a known EPCI.
func (g *Gazetteer) Members(epci vigie.Place) []vigie.Place {
	i, ok := g.epcis[epci.Code]
	if !ok {
		return nil
	}
	var out []vigie.Place
	for code := range strings.SplitSeq(g.entries[i].members, ",") {
		if j, ok := g.communes[code]; ok {
			out = append(out, g.place(&g.entries[j]))
		}
	}
	return out
}
