package bench

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"vigie"
)

// Article kinds.
const (
	KindSigning  = "signing"   // reports a signing that took place
	KindNearMiss = "near-miss" // a vote, an adoption, a signing to come
	KindNews     = "news"      // local news with no signing
)

// Places is the part of the gazetteer the generator draws from. Communes
// should come most important first (by population): the generator picks
// from the head more often, as the press does.
type Places struct {
	Communes []vigie.Place // Kind commune, with Departement and Region names
	EPCIs    []vigie.Place // Kind epci, with Departement (of their seat) and Region
}

// Generator makes synthetic French press-release pages. Page i depends only
// on the seed and i, so any page can be made without the ones before it.
// A Generator is safe for concurrent use.
type Generator struct {
	seed           uint64
	places         Places
	communesByDept map[string][]int
	epcisByDept    map[string][]int
	start          time.Time // first publication day
	days           int       // publication days span
}

// NewGenerator returns a generator for the seed drawing places from p, or an
// error if p has no communes.
func NewGenerator(seed uint64, p Places) (*Generator, error) {
	if len(p.Communes) == 0 {
		return nil, errors.New("bench: generator needs at least one commune")
	}
	g := &Generator{
		seed:           seed,
		places:         p,
		communesByDept: make(map[string][]int),
		epcisByDept:    make(map[string][]int),
		start:          time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	g.days = int(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(g.start).Hours() / 24)
	for i, c := range p.Communes {
		g.communesByDept[c.Departement] = append(g.communesByDept[c.Departement], i)
	}
	for i, e := range p.EPCIs {
		g.epcisByDept[e.Departement] = append(g.epcisByDept[e.Departement], i)
	}
	return g, nil
}

// Article is one generated press release with what it truly says, so tests
// and the harness can check what the extractor finds.
type Article struct {
	Index      int
	Kind       string // KindSigning, KindNearMiss or KindNews
	URL        string
	Site       string // host name
	SiteName   string
	Title      string
	Author     string
	Published  time.Time
	Lead       string   // chapô
	Paragraphs []string // body paragraphs, lead excluded
	Quote      string   // a pull quote shown in a blockquote, or ""
	Tags       []string
	Related    []string // headlines of related articles
	Commune    vigie.Place
	Persons    []string     // fictional persons named in the text
	Event      *vigie.Event // the signing reported, for KindSigning
	JSONLD     bool         // the page carries JSON-LD NewsArticle metadata
	OpenGraph  bool         // the page carries Open Graph metadata
	NoArticle  bool         // the text sits in a div, not an <article>
}

// TextLen returns the length in bytes of the article's text.
func (a *Article) TextLen() int {
	n := len(a.Title) + len(a.Lead)
	for _, p := range a.Paragraphs {
		n += len(p) + 1
	}
	return n
}

// mix is splitmix64: it spreads consecutive page numbers over the whole
// seed space of PCG.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// rng returns the random source of page i.
func (g *Generator) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(mix(g.seed), mix(uint64(i)^0x5bd1e995)))
}

// hash returns a stable hash of the key under the generator's seed.
func (g *Generator) hash(key string) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d|%s", g.seed, key)
	return mix(h.Sum64())
}

// person returns the fictional person identified by key (an office and its
// term) and whether the first name is a woman's.
func (g *Generator) person(key string) (string, bool) {
	h := g.hash(key)
	female := h&1 == 0
	h >>= 1
	var first string
	if female {
		first = femaleFirstNames[h%uint64(len(femaleFirstNames))]
	} else {
		first = maleFirstNames[h%uint64(len(maleFirstNames))]
	}
	h /= 64
	stem := surnameStems[h%uint64(len(surnameStems))]
	h /= 64
	end := surnameEndings[h%uint64(len(surnameEndings))]
	return first + " " + stem + end, female
}

// pickCommune picks a commune, more often from the head of the list.
func (g *Generator) pickCommune(r *rand.Rand) vigie.Place {
	u := r.Float64()
	return g.places.Communes[int(u*u*u*float64(len(g.places.Communes)))]
}

// neighbour picks another commune of the same département.
func (g *Generator) neighbour(r *rand.Rand, c vigie.Place) vigie.Place {
	ids := g.communesByDept[c.Departement]
	if len(ids) < 2 {
		return g.pickCommune(r)
	}
	u := r.Float64()
	return g.places.Communes[ids[int(u*u*float64(len(ids)))]]
}

// epciOf picks an intercommunalité of the commune's département, or
// returns false when the gazetteer has none.
func (g *Generator) epciOf(c vigie.Place) (vigie.Place, bool) {
	ids := g.epcisByDept[c.Departement]
	if len(ids) == 0 {
		return vigie.Place{}, false
	}
	return g.places.EPCIs[ids[g.hash("epci|"+c.Code)%uint64(len(ids))]], true
}

// party is one signatory (or would-be signatory) with the words that
// introduce them.
type party struct {
	Name   string
	Female bool
	Role   string // "présidente", "maire", ...
	Org    string // "Région Bretagne", "Dole", ...
	Title  string // "présidente de la Région Bretagne"
}

func (p party) String() string { return p.Name + ", " + p.Title }

// gender returns the feminine form when female.
func gender(female bool, m, f string) string {
	if female {
		return f
	}
	return m
}

// term returns the start year of the mandate running in year y, for
// offices elected in the given years.
func term(y int, elections ...int) int {
	t := elections[0]
	for _, e := range elections {
		if y >= e {
			t = e
		}
	}
	return t
}

// office kinds a party can hold.
const (
	offRegion = iota
	offDept
	offPrefect
	offMayor
	offEPCI
	offCompany
	offInstitution
	offVicePresident
)

// party returns the holder of the office in year y around commune c.
func (g *Generator) party(r *rand.Rand, office int, c vigie.Place, y int) party {
	var p party
	switch office {
	case offRegion:
		p.Name, p.Female = g.person(fmt.Sprintf("region|%s|%d", c.Region, term(y, 2015, 2021)))
		p.Role = gender(p.Female, "président", "présidente")
		p.Org = "Région " + c.Region
		p.Title = p.Role + " de la " + p.Org
	case offVicePresident:
		th := themes[r.IntN(len(themes))]
		p.Name, p.Female = g.person(fmt.Sprintf("vp|%s|%s|%d", c.Region, th, term(y, 2015, 2021)))
		p.Role = gender(p.Female, "vice-président", "vice-présidente")
		p.Org = "Région " + c.Region
		p.Title = p.Role + " de la " + p.Org + gender(p.Female, " chargé de ", " chargée de ") + th
	case offDept:
		p.Name, p.Female = g.person(fmt.Sprintf("dept|%s|%d", c.Departement, term(y, 2015, 2021)))
		p.Role = gender(p.Female, "président", "présidente")
		p.Org = "Département " + deDepartement(c.Departement)
		p.Title = p.Role + " du " + p.Org
	case offPrefect:
		p.Name, p.Female = g.person(fmt.Sprintf("prefet|%s|%d", c.Departement, y/3))
		p.Role = gender(p.Female, "préfet", "préfète")
		p.Org = "État"
		p.Title = p.Role + " " + deDepartement(c.Departement)
	case offEPCI:
		if e, ok := g.epciOf(c); ok {
			p.Name, p.Female = g.person(fmt.Sprintf("epci|%s|%d", e.Code, term(y, 2014, 2020)))
			p.Role = gender(p.Female, "président", "présidente")
			p.Org = epciLongName(e.Name)
			p.Title = p.Role + " " + deOrg(p.Org)
			break
		}
		fallthrough
	case offMayor:
		p.Name, p.Female = g.person(fmt.Sprintf("maire|%s|%d", c.Code, term(y, 2014, 2020)))
		p.Role = "maire"
		p.Org = c.Name
		p.Title = "maire " + deName(c.Name)
	case offCompany:
		co := g.company(r)
		p.Name, p.Female = g.person("dg|" + co)
		p.Role = gender(p.Female, "directeur général", "directrice générale")
		p.Org = co
		p.Title = p.Role + " de " + co
	case offInstitution:
		inst := institutions[r.IntN(len(institutions))]
		p.Name, p.Female = g.person(fmt.Sprintf("inst|%s|%s|%d", inst, c.Region, y/4))
		p.Role = gender(p.Female, "directeur régional", "directrice régionale")
		p.Org = inst
		p.Title = p.Role + " " + deOrg(inst)
	}
	return p
}

// company returns an invented company name.
func (g *Generator) company(r *rand.Rand) string {
	return companyStems[r.IntN(len(companyStems))] + companyEndings[r.IntN(len(companyEndings))] +
		" " + companyKinds[r.IntN(len(companyKinds))]
}

// deName returns "de X" with the French contraction for a place name:
// "du Mans", "de l'Ain", "des Vosges", "de la Marne", "de Dole".
func deName(name string) string {
	switch {
	case strings.HasPrefix(name, "Le "):
		return "du " + name[3:]
	case strings.HasPrefix(name, "Les "):
		return "des " + name[4:]
	case strings.HasPrefix(name, "La "), strings.HasPrefix(name, "L'"):
		return "de " + name
	}
	if startsWithVowel(name) {
		return "d'" + name
	}
	return "de " + name
}

// masculineDepartements and pluralDepartements take "du" and "des";
// other départements ending in -e take "de la".
var masculineDepartements = map[string]bool{
	"Rhône": true, "Finistère": true, "Puy-de-Dôme": true, "Calvados": true,
	"Doubs": true, "Gers": true, "Lot": true, "Cher": true, "Nord": true,
	"Pas-de-Calais": true, "Morbihan": true, "Tarn": true, "Cantal": true,
	"Jura": true, "Var": true, "Gard": true, "Loiret": true, "Aveyron": true,
	"Territoire de Belfort": true, "Haut-Rhin": true, "Bas-Rhin": true,
	"Lot-et-Garonne": true, "Tarn-et-Garonne": true, "Vaucluse": true,
	"Maine-et-Loire": true, "Loir-et-Cher": true, "Val-de-Marne": true,
	"Val-d'Oise": true,
}

var pluralDepartements = map[string]bool{
	"Vosges": true, "Yvelines": true, "Landes": true, "Ardennes": true,
	"Deux-Sèvres": true, "Bouches-du-Rhône": true, "Côtes-d'Armor": true,
	"Alpes-Maritimes": true, "Alpes-de-Haute-Provence": true, "Hautes-Alpes": true,
	"Hautes-Pyrénées": true, "Pyrénées-Atlantiques": true, "Pyrénées-Orientales": true,
	"Hauts-de-Seine": true,
}

func deDepartement(name string) string {
	switch {
	case pluralDepartements[name]:
		return "des " + name
	case masculineDepartements[name]:
		return "du " + name
	case strings.HasPrefix(name, "Haute-"):
		return "de la " + name
	case startsWithVowel(name):
		return "de l'" + name
	case name == "Paris" || name == "Mayotte":
		return "de " + name
	case strings.HasSuffix(strings.SplitN(name, "-", 2)[0], "e"):
		return "de la " + name
	}
	return "du " + name
}

// deOrg returns "de la Communauté de communes ...", "de Bpifrance",
// "d'Action Logement", "de l'ADEME".
func deOrg(org string) string {
	for _, f := range []string{"Communauté", "Métropole", "Banque", "Caisse", "Chambre", "Région"} {
		if strings.HasPrefix(org, f) {
			return "de la " + org
		}
	}
	for _, f := range []string{"Agence", "ADEME", "Établissement"} {
		if strings.HasPrefix(org, f) {
			return "de l'" + org
		}
	}
	if startsWithVowel(org) {
		return "d'" + org
	}
	return "de " + org
}

// epciLongName expands the abbreviations of intercommunalités' official
// names ("CC du Pays de Lure" -> "Communauté de communes du Pays de Lure").
func epciLongName(name string) string {
	for _, ab := range [][2]string{
		{"CC ", "Communauté de communes "},
		{"CA ", "Communauté d'agglomération "},
		{"CU ", "Communauté urbaine "},
	} {
		if strings.HasPrefix(name, ab[0]) {
			return ab[1] + name[len(ab[0]):]
		}
	}
	return name
}

func startsWithVowel(s string) bool {
	for _, v := range []string{"A", "E", "I", "O", "U", "Y", "H", "É", "È", "Î", "Ô", "Â"} {
		if strings.HasPrefix(s, v) {
			return true
		}
	}
	return false
}

// frenchDate writes d as "12 mars 2021" ("1er" for the first).
func frenchDate(d time.Time, year bool) string {
	day := fmt.Sprint(d.Day())
	if d.Day() == 1 {
		day = "1er"
	}
	s := day + " " + monthNames[d.Month()-1]
	if year {
		s += fmt.Sprintf(" %d", d.Year())
	}
	return s
}

// dateWords writes the date of an event as the press does: "le 12 mars
// 2021", "le mardi 12 mars 2021", "mardi 12 mars" (year implied).
func dateWords(r *rand.Rand, d time.Time) string {
	switch r.IntN(10) {
	case 0, 1, 2, 3, 4:
		return "le " + frenchDate(d, true)
	case 5, 6:
		return "le " + weekdayNames[d.Weekday()] + " " + frenchDate(d, true)
	default:
		return weekdayNames[d.Weekday()] + " " + frenchDate(d, false)
	}
}

// Article returns article i of the corpus.
func (g *Generator) Article(i int) *Article {
	r := g.rng(i)
	a := &Article{Index: i}
	a.Published = g.start.AddDate(0, 0, r.IntN(g.days)).Add(time.Duration(6+r.IntN(14))*time.Hour + time.Duration(r.IntN(60))*time.Minute)
	a.Commune = g.pickCommune(r)
	switch k := r.IntN(100); {
	case k < 45:
		a.Kind = KindSigning
	case k < 65:
		a.Kind = KindNearMiss
	default:
		a.Kind = KindNews
	}
	if r.IntN(10) == 0 {
		a.Site = "www.ville-" + slug(a.Commune.Name) + ".fr"
		a.SiteName = "Ville " + deName(a.Commune.Name)
		a.SiteName = strings.ToUpper(a.SiteName[:1]) + a.SiteName[1:]
	} else {
		pt := pressTitles[r.IntN(len(pressTitles))]
		a.Site, a.SiteName = pt.Host, pt.Name
	}
	a.JSONLD = r.IntN(10) < 4
	a.OpenGraph = r.IntN(10) < 6
	a.NoArticle = r.IntN(10) < 3
	a.Author, _ = g.person(fmt.Sprintf("auteur|%s|%d", a.Site, r.IntN(6)))

	w := &writer{g: g, r: r, a: a, year: a.Published.Year()}
	target := 2100 + r.IntN(7900) // text bytes, 2 to 10 KB
	switch a.Kind {
	case KindSigning:
		w.signing()
	case KindNearMiss:
		w.nearMiss()
	default:
		w.news()
	}
	for a.TextLen() < target {
		a.Paragraphs = append(a.Paragraphs, w.paragraph(target-a.TextLen()))
	}
	a.Persons = mentioned(a.Persons, a.Lead, a.Paragraphs)
	a.URL = fmt.Sprintf("https://%s/actualites/%d/%02d/%s-%d.html", a.Site,
		a.Published.Year(), a.Published.Month(), slug(firstWords(a.Title, 8)), i)
	for n := 2 + r.IntN(3); n > 0; n-- {
		a.Tags = append(a.Tags, tagWords[r.IntN(len(tagWords))])
	}
	for n := 3 + r.IntN(4); n > 0; n-- {
		a.Related = append(a.Related, w.headline())
	}
	return a
}

// Page returns page i of the corpus, as the crawler would hand it over.
func (g *Generator) Page(i int) *vigie.Page {
	a := g.Article(i)
	return &vigie.Page{
		URL:         a.URL,
		FetchedURL:  a.URL,
		Site:        a.Site,
		Status:      200,
		ContentType: "text/html",
		Body:        renderHTML(a),
		FetchedAt:   a.Published.Add(36 * time.Hour),
	}
}

// mentioned keeps the persons whose name the text contains.
func mentioned(persons []string, lead string, paras []string) []string {
	var kept []string
	for _, p := range persons {
		if strings.Contains(lead, p) || slices.ContainsFunc(paras, func(s string) bool { return strings.Contains(s, p) }) {
			kept = append(kept, p)
		}
	}
	return kept
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// slug lowercases s, strips accents and joins words with hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case strings.ContainsRune("àâä", c):
			b.WriteByte('a')
			dash = false
		case strings.ContainsRune("éèêë", c):
			b.WriteByte('e')
			dash = false
		case strings.ContainsRune("îï", c):
			b.WriteByte('i')
			dash = false
		case strings.ContainsRune("ôö", c):
			b.WriteByte('o')
			dash = false
		case strings.ContainsRune("ùûü", c):
			b.WriteByte('u')
			dash = false
		case c == 'ç':
			b.WriteByte('c')
			dash = false
		case c == 'œ':
			b.WriteString("oe")
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
