package geo

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sort"
	"strconv"
	"strings"
	"sync"

	"vigie"
)

//go:embed data/gazetteer.tsv.gz
var gazetteerData []byte

// Gazetteer is the French administrative geography: régions, départements,
// communes (with INSEE codes, population and, for about 8,400 of them,
// coordinates), EPCI with their member communes, and the other names these
// places go by. It is immutable once built and safe for concurrent use.
type Gazetteer struct {
	regions  map[string]*entry // by code
	depts    map[string]*entry // by code
	communes map[string]*entry // by INSEE code
	epcis    map[string]*entry // by SIREN
	byName   map[string][]*entry
}

// entry is one place of the gazetteer.
type entry struct {
	kind     string
	code     string
	name     string
	parent   string // département code of a commune, région code of a département
	pop      int
	lat, lon float64
	members  []string // INSEE codes of an EPCI's communes
}

var (
	defaultOnce sync.Once
	defaultGaz  *Gazetteer
)

// Default returns the gazetteer embedded in the binary, decoded on first use.
func Default() *Gazetteer {
	defaultOnce.Do(func() {
		g, err := parse(gazetteerData)
		if err != nil {
			panic("geo: embedded gazetteer: " + err.Error()) // the file is generated and tested
		}
		defaultGaz = g
	})
	return defaultGaz
}

func parse(gz []byte) (*Gazetteer, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	g := &Gazetteer{
		regions: map[string]*entry{}, depts: map[string]*entry{}, communes: map[string]*entry{},
		epcis: map[string]*entry{}, byName: map[string][]*entry{},
	}
	type alias struct{ name, code string }
	var aliases []alias
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		flt := func(i int) float64 {
			if i >= len(f) {
				return 0
			}
			v, _ := strconv.ParseFloat(f[i], 64)
			return v
		}
		switch f[0] {
		case "R":
			g.regions[f[1]] = &entry{kind: vigie.PlaceRegion, code: f[1], name: f[2], lat: flt(3), lon: flt(4)}
		case "D":
			g.depts[f[1]] = &entry{kind: vigie.PlaceDepartement, code: f[1], name: f[2], parent: f[3], lat: flt(4), lon: flt(5)}
		case "C":
			pop, _ := strconv.Atoi(f[4])
			g.communes[f[1]] = &entry{kind: vigie.PlaceCommune, code: f[1], name: f[2], parent: f[3], pop: pop, lat: flt(5), lon: flt(6)}
		case "A":
			aliases = append(aliases, alias{f[1], f[2]})
		case "E":
			var members []string
			if f[4] != "" {
				members = strings.Split(f[4], ",")
			}
			g.epcis[f[1]] = &entry{kind: vigie.PlaceEPCI, code: f[1], name: f[2], parent: f[3], members: members}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	add := func(name string, e *entry) {
		k := Fold(name)
		if k == "" {
			return
		}
		for _, have := range g.byName[k] {
			if have == e {
				return
			}
		}
		g.byName[k] = append(g.byName[k], e)
	}
	for _, e := range g.regions {
		add(e.name, e)
	}
	for _, e := range g.depts {
		add(e.name, e)
	}
	for _, e := range g.communes {
		add(e.name, e)
	}
	for _, a := range aliases {
		if e := g.communes[a.code]; e != nil && g.byName[Fold(a.name)] == nil {
			add(a.name, e)
		}
	}
	for _, e := range g.epcis {
		add(e.name, e)
		for _, n := range epciNames(e.name) {
			add(n, e)
		}
	}
	// Former régions and usual names point to the current région.
	for old, code := range formerRegions {
		if r := g.regions[code]; r != nil {
			add(old, &entry{kind: vigie.PlaceOther, code: "", name: old, parent: code})
		}
	}
	add("France", &entry{kind: vigie.PlaceCountry, name: "France", lat: 46.6, lon: 2.4})
	for k, es := range g.byName {
		sort.SliceStable(es, func(i, j int) bool { return rank(es[i]) > rank(es[j]) })
		g.byName[k] = es
	}
	return g, nil
}

// rank orders the candidates of one name: régions and départements first,
// then communes by population, then EPCI.
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

// formerRegions maps the régions of before 2016 (still common in the press)
// to the INSEE code of the région that took them in.
var formerRegions = map[string]string{
	"Alsace": "44", "Lorraine": "44", "Champagne-Ardenne": "44",
	"Aquitaine": "75", "Limousin": "75", "Poitou-Charentes": "75",
	"Auvergne": "84", "Rhône-Alpes": "84",
	"Bourgogne": "27", "Franche-Comté": "27",
	"Languedoc-Roussillon": "76", "Midi-Pyrénées": "76",
	"Nord-Pas-de-Calais": "32", "Picardie": "32",
	"Basse-Normandie": "28", "Haute-Normandie": "28",
	"Nord-Franche-Comté": "27",
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
// "Communauté d'agglomération du Grand Dole" and "Grand Dole".
func epciNames(official string) []string {
	var out []string
	for _, p := range epciPrefixes {
		rest, ok := strings.CutPrefix(official, p.short)
		if !ok {
			continue
		}
		out = append(out, p.long+rest)
		bare := rest
		for _, art := range []string{"de la ", "de l'", "de l’", "des ", "du ", "de ", "d'", "d’"} {
			if b, ok := strings.CutPrefix(rest, art); ok {
				bare = b
				break
			}
		}
		// A bare name that is only a commune's name would make every
		// mention of the commune an EPCI: keep bare names with a
		// distinctive word ("Grand Dole", "Pays de Lunel", "Cœur d'Artois").
		first := strings.Fields(Fold(bare))
		if len(first) > 0 && (first[0] == "grand" || first[0] == "pays" || first[0] == "coeur" || first[0] == "terres" || first[0] == "val" || first[0] == "vallee" || first[0] == "portes") {
			out = append(out, bare)
		}
	}
	return out
}

func (g *Gazetteer) place(e *entry) vigie.Place {
	p := vigie.Place{Name: e.name, Kind: e.kind, Code: e.code, Lat: e.lat, Lon: e.lon}
	switch e.kind {
	case vigie.PlaceCommune:
		if d := g.depts[e.parent]; d != nil {
			p.Departement = d.name
			if r := g.regions[d.parent]; r != nil {
				p.Region = r.name
			}
		}
	case vigie.PlaceDepartement:
		p.Departement = e.name
		if r := g.regions[e.parent]; r != nil {
			p.Region = r.name
		}
	case vigie.PlaceRegion:
		p.Region = e.name
	case vigie.PlaceOther:
		if r := g.regions[e.parent]; r != nil {
			p.Region = r.name
			if !p.HasCoords() {
				p.Lat, p.Lon = r.lat, r.lon
			}
		}
	case vigie.PlaceEPCI:
		g.epciGeography(e, &p)
	}
	return p
}

// epciGeography gives an EPCI the département and région of most of its
// communes and the coordinates of its most populous commune that has some.
func (g *Gazetteer) epciGeography(e *entry, p *vigie.Place) {
	count := map[string]int{}
	best := -1
	for _, code := range e.members {
		c := g.communes[code]
		if c == nil {
			continue
		}
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
	if d := g.depts[top]; d != nil {
		p.Departement = d.name
		if r := g.regions[d.parent]; r != nil {
			p.Region = r.name
		}
	}
}

// Lookup returns every place that a toponym as written may be: all the
// homonymous communes, EPCI, départements, régions, and other names. The
// most likely come first. It returns nil for an unknown name.
func (g *Gazetteer) Lookup(name string) []vigie.Place {
	es := g.byName[Fold(name)]
	out := make([]vigie.Place, 0, len(es))
	for _, e := range es {
		out = append(out, g.place(e))
	}
	return out
}

// IsKnown reports whether the toponym is in the gazetteer.
func (g *Gazetteer) IsKnown(name string) bool { return len(g.byName[Fold(name)]) > 0 }

// Context is what a document says of its geography, to tell homonymous
// communes apart: départements and régions it names (codes or names).
type Context struct {
	Departements []string
	Regions      []string
}

// Resolve returns the place a toponym most likely is in a document with the
// given context, and false for an unknown name. Among homonymous communes it
// keeps the one whose département or région the document names; failing
// that, one at least 20 times as populous as every other; failing that, it
// returns the most populous with Ambiguous set and no département or région.
// A région, département or EPCI of that name wins over communes.
func (g *Gazetteer) Resolve(name string, ctx Context) (vigie.Place, bool) {
	es := g.byName[Fold(name)]
	if len(es) == 0 {
		return vigie.Place{}, false
	}
	if es[0].kind != vigie.PlaceCommune && es[0].kind != vigie.PlaceEPCI {
		// Paris is a département and the commune in it: the commune.
		for _, e := range es[1:] {
			if es[0].kind == vigie.PlaceDepartement && e.kind == vigie.PlaceCommune && e.parent == es[0].code {
				return g.place(e), true
			}
		}
		return g.place(es[0]), true
	}
	var communes []*entry
	for _, e := range es {
		if e.kind == vigie.PlaceCommune {
			communes = append(communes, e)
		}
	}
	if len(communes) == 0 {
		return g.place(es[0]), true
	}
	if len(communes) == 1 {
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
		if d := g.depts[c.parent]; d != nil && regions[d.parent] {
			inRegion = append(inRegion, c)
		}
	}
	switch {
	case len(inDept) == 1:
		return g.place(inDept[0]), true
	case len(inDept) == 0 && len(inRegion) == 1:
		return g.place(inRegion[0]), true
	}
	if communes[0].pop >= 20*max(communes[1].pop, 1) {
		return g.place(communes[0]), true
	}
	return vigie.Place{Name: communes[0].name, Kind: vigie.PlaceCommune, Ambiguous: true}, true
}

// Departement returns the département with this INSEE code or name.
func (g *Gazetteer) Departement(codeOrName string) (vigie.Place, bool) {
	if e := g.depts[strings.ToUpper(strings.TrimSpace(codeOrName))]; e != nil {
		return g.place(e), true
	}
	for _, e := range g.byName[Fold(codeOrName)] {
		if e.kind == vigie.PlaceDepartement {
			return g.place(e), true
		}
	}
	return vigie.Place{}, false
}

// Region returns the région with this INSEE code or name (a former région's
// name gives the current région).
func (g *Gazetteer) Region(codeOrName string) (vigie.Place, bool) {
	if e := g.regions[strings.TrimSpace(codeOrName)]; e != nil {
		return g.place(e), true
	}
	for _, e := range g.byName[Fold(codeOrName)] {
		switch e.kind {
		case vigie.PlaceRegion:
			return g.place(e), true
		case vigie.PlaceOther:
			if r := g.regions[e.parent]; r != nil {
				return g.place(r), true
			}
		}
	}
	return vigie.Place{}, false
}

// Commune returns the commune with this INSEE code.
func (g *Gazetteer) Commune(code string) (vigie.Place, bool) {
	if e := g.communes[code]; e != nil {
		return g.place(e), true
	}
	return vigie.Place{}, false
}

// Population returns the population of the commune with this INSEE code.
func (g *Gazetteer) Population(code string) int {
	if e := g.communes[code]; e != nil {
		return e.pop
	}
	return 0
}

// Members returns the member communes of an EPCI (by its SIREN code).
func (g *Gazetteer) Members(epci vigie.Place) []vigie.Place {
	e := g.epcis[epci.Code]
	if e == nil {
		return nil
	}
	out := make([]vigie.Place, 0, len(e.members))
	for _, code := range e.members {
		if c := g.communes[code]; c != nil {
			out = append(out, g.place(c))
		}
	}
	return out
}
