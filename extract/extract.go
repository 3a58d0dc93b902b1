package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"vigie"
	"vigie/geo"
)

// Parser turns pages into documents. Now is the clock, used only to reject
// publication dates in the future; relative dates are resolved against the
// publication date. Geo is the gazetteer that resolves places.
type Parser struct {
	Now func() time.Time
	Geo *geo.Gazetteer
}

// New returns a parser with the system clock and the embedded gazetteer.
func New() *Parser {
	return &Parser{Now: time.Now, Geo: geo.Default()}
}

// ErrNotArticle is returned by Page for an HTML page that is not an
// article: a home page, a listing, a legal notice.
var ErrNotArticle = errors.New("not an article")

// Page extracts a fetched page: HTML pages through HTML, plain text and the
// text of PDF documents through Text. It returns an error wrapping
// vigie.ErrInvalid for a page it cannot read.
func (p *Parser) Page(pg *vigie.Page) (*vigie.Document, error) {
	var d *vigie.Document
	switch pg.ContentType {
	case "text/html", "application/xhtml+xml", "":
		pc, err := parsePageAt(pg.Body, pg.URL, p.now())
		if err != nil {
			return nil, fmt.Errorf("extract %s: %w: %w", pg.URL, err, vigie.ErrInvalid)
		}
		if !pc.Article {
			return nil, fmt.Errorf("extract %s: %w", pg.URL, ErrNotArticle)
		}
		d = p.fromPage(pg.URL, pc)
	case "text/plain", "application/pdf":
		d = p.Text(vigie.DocumentID(pg.URL), string(pg.Body), "")
		d.Title = firstLine(d.Text)
	default:
		return nil, fmt.Errorf("extract %s: content type %q: %w", pg.URL, pg.ContentType, vigie.ErrInvalid)
	}
	d.ID = vigie.DocumentID(pg.URL)
	d.URL = pg.URL
	d.Site = pg.Site
	d.FetchedAt = pg.FetchedAt
	return d, nil
}

// HTML extracts an HTML page: its title, main text without page chrome,
// publication date, and everything Text finds in the text.
func (p *Parser) HTML(pageURL string, body []byte) (*vigie.Document, error) {
	pc, err := parsePageAt(body, pageURL, p.now())
	if err != nil {
		return nil, fmt.Errorf("extract %s: %w: %w", pageURL, err, vigie.ErrInvalid)
	}
	return p.fromPage(pageURL, pc), nil
}

func (p *Parser) now() time.Time {
	if p.Now == nil {
		return time.Time{}
	}
	return p.Now()
}

// fromPage analyses the text of a parsed page.
func (p *Parser) fromPage(pageURL string, pc pageContent) *vigie.Document {
	d := p.Text(vigie.DocumentID(pageURL), pc.Text, pc.Published)
	d.URL = pageURL
	d.Title = pc.Title
	d.Site = pc.SiteName
	d.ContentHash = contentHash(d.Title, d.Text)
	return d
}

// Text analyses plain text with an optional known publication date
// ("2024-05-27", "2019-03" or "").
func (p *Parser) Text(id, text, published string) *vigie.Document {
	g := p.Geo
	if g == nil {
		g = geo.Default()
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	pubStart, pubEnd := -1, -1
	if published == "" {
		published, pubStart, pubEnd = visiblePublished(text)
	}
	d := &vigie.Document{ID: id, Text: text, Published: published}
	a := analyze(text, published, g)
	for i := range a.dates {
		if a.dates[i].start < pubEnd && pubStart < a.dates[i].end {
			a.dates[i].pub = true
		}
	}
	d.Events = a.findEvents()
	d.IsSigning = len(d.Events) > 0
	d.Persons, d.Places, d.Orgs = a.lists()
	for _, m := range a.dates {
		if m.value != "" {
			d.Dates = appendUnique(d.Dates, m.value)
		}
	}
	d.Mentions = a.mentions()
	d.ContentHash = contentHash(d.Title, d.Text)
	return d
}

func contentHash(title, text string) string {
	sum := sha256.Sum256([]byte(title + "\n" + text))
	return hex.EncodeToString(sum[:])
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	if len(line) > 200 {
		line = line[:200]
		for !utf8Start(line) {
			line = line[:len(line)-1]
		}
	}
	return line
}

func utf8Start(s string) bool {
	return s == "" || s[len(s)-1] < 0x80 || s[len(s)-1] >= 0xC0
}

// analyze runs the entity finders in order: dates, organisations, persons
// outside organisations, places outside both.
func analyze(text, published string, g *geo.Gazetteer) *analysis {
	toks := tokenize(text)
	a := &analysis{text: text, toks: toks, pub: parseRef(published)}
	lower := newLowered(text) // shared by the date and organisation finders
	a.dates = findDates(text, lower, a.pub)
	a.orgs = findOrgs(text, lower, toks, g)
	orgSpans := make([]span, 0, len(a.orgs))
	for _, o := range a.orgs {
		if o.alias && o.name != "Région" || o.town {
			continue // "mairie de Pamiers" also names Pamiers
		}
		orgSpans = append(orgSpans, byteSpan(toks, o.start, o.end))
	}
	inOrg := func(s span) bool {
		for _, o := range orgSpans {
			if o.overlaps(s) {
				return true
			}
		}
		return false
	}
	a.persons = findPersons(text, toks, inOrg)
	blocked := func(s span) bool {
		if inOrg(s) {
			return true
		}
		for _, p := range a.persons {
			if p.sp.overlaps(s) {
				return true
			}
		}
		return false
	}
	a.places = findPlaces(text, toks, g, blocked)
	return a
}

// byteSpan converts byte offsets to the tokens they cover.
func byteSpan(toks []token, start, end int) span {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].end > start })
	j := i
	for j < len(toks) && toks[j].start < end {
		j++
	}
	return span{i, j}
}

// lists returns the deduplicated persons, places and organisations.
func (a *analysis) lists() (persons []string, places []vigie.Place, orgs []string) {
	seen := map[string]bool{}
	for _, p := range a.persons {
		k := fold(p.value)
		if !seen[k] {
			seen[k] = true
			persons = append(persons, p.value)
		}
	}
	// A single family name already part of a full name is the same person.
	seenPlace := map[string]bool{}
	var epciOrgs []string
	for _, p := range a.places {
		if p.place.Kind == vigie.PlaceEPCI && a.afterRole(p.sp.from) {
			// "président de Béthune Bruay Artois Lys Romane": the body
			epciOrgs = append(epciOrgs, p.place.Name)
			continue
		}
		k := p.place.Kind + "|" + fold(p.place.Name)
		if !seenPlace[k] {
			seenPlace[k] = true
			places = append(places, p.place)
		}
	}
	seenOrg := map[string]bool{}
	hasRegion := false
	for _, o := range a.orgs {
		if !o.alias && strings.HasPrefix(o.name, "Région ") {
			hasRegion = true
		}
	}
	hasDept := false
	for _, o := range a.orgs {
		if !o.alias && (strings.HasPrefix(o.name, "Département ") || strings.HasPrefix(o.name, "Conseil départemental")) {
			hasDept = true
		}
	}
	for _, o := range a.orgs {
		if o.alias && (o.name != "Région" || hasRegion) && (o.name != "Département" || hasDept) {
			continue
		}
		k := fold(o.name)
		if !seenOrg[k] {
			seenOrg[k] = true
			orgs = append(orgs, o.name)
		}
	}
	// Communes that are parties: listed in a sentence about an agreement,
	// or the body a signing mayor represents; intercommunalities.
	for _, name := range append(a.partyCommunes(), epciOrgs...) {
		k := fold(name)
		if !seenOrg[k] {
			seenOrg[k] = true
			orgs = append(orgs, name)
		}
	}
	return persons, places, orgs
}

// afterRole reports whether the words before token i give someone's role
// in a body: "président de", "vice-présidente du", "élus de la".
func (a *analysis) afterRole(i int) bool {
	for k := i - 1; k >= 0 && k >= i-3 && a.toks[k].sent == a.toks[i].sent; k-- {
		if _, ok := roleAt(a.toks, k); ok {
			return true
		}
	}
	return false
}

// partyCommunes returns the communes named as contracting parties: three or
// more communes listed in a sentence that speaks of an agreement or a
// signature.
func (a *analysis) partyCommunes() []string {
	var out []string
	for _, s := range sentences(a.toks) {
		if head, _ := a.agreementIn(s); head == "" {
			has := false
			for i := s.from; i < s.to && !has; i++ {
				has = signingSet[strings.ToLower(a.toks[i].s)]
			}
			if !has {
				continue
			}
		}
		var names []string
		for _, p := range a.places {
			if p.sp.from >= s.from && p.sp.to <= s.to && p.place.Kind == vigie.PlaceCommune {
				names = append(names, p.place.Name)
			}
		}
		if len(names) >= 3 {
			out = append(out, names...)
		}
	}
	return out
}

// mentions returns the positions of every entity in the text, in order.
func (a *analysis) mentions() []vigie.Mention {
	var out []vigie.Mention
	for _, p := range a.persons {
		out = append(out, vigie.Mention{Kind: vigie.MentionPerson, Start: a.toks[p.sp.from].start, End: a.toks[p.sp.to-1].end, Value: p.value})
	}
	for _, p := range a.places {
		out = append(out, vigie.Mention{Kind: vigie.MentionPlace, Start: a.toks[p.sp.from].start, End: a.toks[p.sp.to-1].end, Value: p.place.Name})
	}
	for _, o := range a.orgs {
		out = append(out, vigie.Mention{Kind: vigie.MentionOrg, Start: o.start, End: o.end, Value: o.name})
	}
	for _, d := range a.dates {
		if d.value != "" {
			out = append(out, vigie.Mention{Kind: vigie.MentionDate, Start: d.start, End: d.end, Value: d.value})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

func appendUnique(list []string, v string) []string {
	for _, x := range list {
		if x == v {
			return list
		}
	}
	return append(list, v)
}

// EvalJSON is one document in the schema of the evaluation sets: what
// `vigie extract` prints.
type EvalJSON struct {
	ID        string      `json:"id"`
	Published *string     `json:"published"`
	IsSigning bool        `json:"is_signing"`
	Events    []EvalEvent `json:"events"`
	Persons   []string    `json:"persons"`
	Places    []string    `json:"places"`
	Orgs      []string    `json:"orgs"`
}

// EvalEvent is a signing event in the evaluation schema.
type EvalEvent struct {
	Date        *string           `json:"date"`
	Place       *string           `json:"place"`
	Agreement   string            `json:"agreement"`
	Signatories []vigie.Signatory `json:"signatories"`
}

// EvalRecord converts a document to the evaluation schema.
func EvalRecord(d *vigie.Document) EvalJSON {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	r := EvalJSON{ID: d.ID, Published: opt(d.Published), IsSigning: d.IsSigning,
		Events: []EvalEvent{}, Persons: nonNil(d.Persons), Orgs: nonNil(d.Orgs), Places: []string{}}
	for _, e := range d.Events {
		sigs := e.Signatories
		if sigs == nil {
			sigs = []vigie.Signatory{}
		}
		r.Events = append(r.Events, EvalEvent{Date: opt(e.Date), Place: opt(e.Place), Agreement: e.Agreement, Signatories: sigs})
	}
	for _, p := range d.Places {
		r.Places = append(r.Places, p.Name)
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
