package search

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"sync"
	"time"

	"vigie"
	"vigie/indexer"
)

// Signing is one signing event as the press reported it: the reports of
// several documents that share date, place and signatories or agreement are
// merged into one Signing that lists them all as sources.
type Signing struct {
	ID          string            `json:"id"`
	Date        string            `json:"date"` // the most precise date reported, with a year when one is known
	Place       string            `json:"place"`
	PlaceRef    *vigie.Place      `json:"place_ref,omitempty"`
	Agreement   string            `json:"agreement"`
	Agreements  []string          `json:"agreements,omitempty"` // every wording reported, when they differ
	Type        string            `json:"type"`
	Signatories []vigie.Signatory `json:"signatories"`
	Sources     []vigie.DocRef    `json:"sources"`
}

// EventResults answers a query over signing events.
type EventResults struct {
	Total  uint64                        `json:"total"`
	Events []Signing                     `json:"events"`
	Facets map[string][]vigie.FacetValue `json:"facets"`
	Took   time.Duration                 `json:"took_ns"`
}

// report is one event of one document.
type report struct {
	e   *indexer.Entry
	i   int // index in e.Events
	day indexer.DateRange
	md  string // "MM-DD" when the date has a day, with or without year
	// noYear: the date is "--MM-DD" and the document gives no year.
	noYear bool
	place  string // Fold key of the place
	sigs   []string
	agr    map[string]bool
}

func (r *report) ev() *vigie.Event { return &r.e.Events[r.i] }

// cluster is a merged event: its reports and the derived Signing.
type cluster struct {
	reports []*report
	signing Signing
	date    indexer.DateRange
	sigOrds map[string]bool // Fold keys of signatory names
	orgs    map[string]bool
	geo     [indexer.NumFields]map[string]bool // Fold keys of the event's place, by field (places, communes, departements, regions)
	fv      [indexer.NumFields][]uint32        // facet values, as ordinals of the eventIndex's dicts
	typ     string
	places  []vigie.Place
}

// eventIndex holds every merged event of one generation of the index.
type eventIndex struct {
	gen      uint64
	clusters []*cluster
	byOrd    [][]int32 // document ordinal -> clusters it reports
	dicts    [indexer.NumFields]eventDict
	order    []int32 // clusters by date, newest first, undated last
	// Facet values of the clusters, contiguous by field: those of cluster
	// i are vals[f][pos[f][i]:pos[f][i+1]].
	pos  [indexer.NumFields][]int32
	vals [indexer.NumFields][]uint32
	// year and month of each cluster's date (0: none), as indexes into
	// periods.
	year, month []int32
	periods     []string
}

// eventDict numbers the values of one facet of events.
type eventDict struct {
	byKey  map[string]uint32
	values []string
}

func (d *eventDict) add(v string) uint32 {
	k := indexer.Fold(v)
	if o, ok := d.byKey[k]; ok {
		return o
	}
	if d.byKey == nil {
		d.byKey = map[string]uint32{}
	}
	o := uint32(len(d.values))
	d.byKey[k] = o
	d.values = append(d.values, v)
	return o
}

type eventCache struct {
	mu sync.Mutex
	ei *eventIndex
}

// events returns the merged events of the current index, building them when
// the index has changed.
func (s *Service) events() *eventIndex {
	var ei *eventIndex
	_ = s.ix.Read(func(t *indexer.Table) error {
		s.evc.mu.Lock()
		defer s.evc.mu.Unlock()
		if s.evc.ei != nil && s.evc.ei.gen == t.Gen() {
			ei = s.evc.ei
			return nil
		}
		ei = buildEvents(t)
		s.evc.ei = ei
		return nil
	})
	return ei
}

var agreementStop = map[string]bool{
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "l": true, "d": true,
	"pour": true, "avec": true, "et": true, "en": true, "a": true, "au": true, "aux": true, "un": true, "une": true, "sur": true,
}

func agreementWords(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.FieldsFunc(indexer.Fold(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}) {
		if len(w) > 2 && !agreementStop[w] {
			m[strings.TrimSuffix(w, "s")] = true
		}
	}
	return m
}

func placeKey(ev *vigie.Event) string {
	if ev.PlaceRef != nil && ev.PlaceRef.Name != "" {
		return indexer.Fold(ev.PlaceRef.Name)
	}
	return indexer.Fold(ev.Place)
}

func buildEvents(t *indexer.Table) *eventIndex {
	var reps []*report
	for o := range t.Len() {
		e := t.Entry(uint32(o))
		if e == nil || len(e.Events) == 0 {
			continue
		}
		if e.DuplicateOf != "" {
			if lead := t.Lookup(e.DuplicateOf); lead != nil && lead.ContentHash == e.ContentHash {
				continue // an exact copy reports nothing new
			}
		}
		for i := range e.Events {
			ev := &e.Events[i]
			r := &report{e: e, i: i, place: placeKey(ev), agr: agreementWords(ev.Agreement)}
			r.day, _ = indexer.EventDate(ev.Date, e.Published)
			switch {
			case strings.HasPrefix(ev.Date, "--") && len(ev.Date) == 7:
				r.md = ev.Date[2:]
				r.noYear = !r.day.Valid()
			case len(ev.Date) == 10:
				r.md = ev.Date[5:]
			}
			for _, sg := range ev.Signatories {
				if k := indexer.Fold(sg.Name); k != "" {
					r.sigs = append(r.sigs, k)
				}
			}
			reps = append(reps, r)
		}
	}
	// Union-find over reports that share a day of the year (or, without a
	// day, a place): only those can be the same signing.
	parent := make([]int, len(reps))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	buckets := map[string][]int{}
	for i, r := range reps {
		key := "d" + r.md
		if r.md == "" {
			key = "p" + r.place
		}
		buckets[key] = append(buckets[key], i)
	}
	for _, b := range buckets {
		for x := 0; x < len(b); x++ {
			for y := x + 1; y < len(b); y++ {
				if sameSigning(reps[b[x]], reps[b[y]]) {
					parent[find(b[x])] = find(b[y])
				}
			}
		}
	}
	groups := map[int][]*report{}
	var roots []int
	for i := range reps {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], reps[i])
	}
	ei := &eventIndex{gen: t.Gen(), byOrd: make([][]int32, t.Len())}
	for _, root := range roots {
		c := newCluster(groups[root])
		idx := int32(len(ei.clusters))
		ei.clusters = append(ei.clusters, c)
		for _, r := range c.reports {
			if l := ei.byOrd[r.e.Ord]; len(l) == 0 || l[len(l)-1] != idx {
				ei.byOrd[r.e.Ord] = append(l, idx)
			}
		}
		ei.facetValues(c)
	}
	ei.columns()
	return ei
}

// sameSigning reports whether two reports describe the same signing: same
// place (or one unknown), compatible dates, and overlapping signatories or
// agreement — or, with a full date and place in common, no signatories on
// one side to contradict it.
func sameSigning(a, b *report) bool {
	if a.e == b.e {
		return false // one document does not report the same signing twice
	}
	if a.place != "" && b.place != "" && a.place != b.place {
		return false
	}
	if a.place == "" && b.place == "" {
		return false
	}
	// Dates: both with a year must cover the same day; a day without a year
	// matches its month and day (already the bucket).
	if a.day.Valid() && b.day.Valid() {
		if a.day.Max < b.day.Min || b.day.Max < a.day.Min {
			return false
		}
	} else if a.md == "" || b.md == "" {
		if a.day.Valid() != b.day.Valid() {
			return false
		}
	}
	sigOverlap := false
	for _, x := range a.sigs {
		if slices.Contains(b.sigs, x) {
			sigOverlap = true
			break
		}
	}
	agrOverlap := jaccard(a.agr, b.agr) >= 0.34
	if sigOverlap || agrOverlap {
		return a.place != "" && b.place != "" || sigOverlap
	}
	exact := a.day.Valid() && b.day.Valid() && a.day.Min == a.day.Max && a.day == b.day
	oneSilent := len(a.sigs) == 0 || len(b.sigs) == 0
	return exact && a.place != "" && b.place != "" && oneSilent && !a.noYear && !b.noYear
}

func jaccard(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// precision ranks event dates: a full date with year beats a month, a year,
// or a day without year.
func precision(date string, r indexer.DateRange) int {
	switch {
	case r.Valid() && r.Min == r.Max:
		return 4
	case strings.HasPrefix(date, "--"):
		return 3
	case r.Valid() && r.Max-r.Min <= 31:
		return 2
	case r.Valid():
		return 1
	}
	return 0
}

func newCluster(reps []*report) *cluster {
	slices.SortFunc(reps, func(a, b *report) int {
		if c := strings.Compare(a.e.Published, b.e.Published); c != 0 {
			return c
		}
		return strings.Compare(a.e.ID, b.e.ID)
	})
	c := &cluster{reports: reps, sigOrds: map[string]bool{}, orgs: map[string]bool{}}
	s := &c.signing
	bestDate, bestAgr := -1, -1
	seenSrc := map[string]bool{}
	sigIdx := map[string]int{}
	keys := make([]string, 0, len(reps))
	for _, r := range reps {
		ev := r.ev()
		keys = append(keys, r.e.ID+"#"+ev.Date+"#"+r.place)
		if p := precision(ev.Date, r.day); p > bestDate {
			bestDate = p
			s.Date = ev.Date
			if r.day.Valid() && strings.HasPrefix(ev.Date, "--") {
				s.Date = r.e.Published[:4] + ev.Date[1:]
			}
			c.date = r.day
		}
		if s.Place == "" && ev.Place != "" {
			s.Place = ev.Place
		}
		if ev.PlaceRef != nil && s.PlaceRef == nil {
			p := *ev.PlaceRef
			s.PlaceRef = &p
			s.Place = p.Name
			c.places = append(c.places, p)
		}
		if ev.Agreement != "" {
			if !slices.Contains(s.Agreements, ev.Agreement) {
				s.Agreements = append(s.Agreements, ev.Agreement)
			}
			if len(r.sigs) > bestAgr { // the wording of the most detailed report
				bestAgr = len(r.sigs)
				s.Agreement = ev.Agreement
			}
		}
		if s.Type == "" {
			s.Type = ev.Type
		}
		for _, sg := range ev.Signatories {
			k := indexer.Fold(sg.Name)
			if k == "" {
				continue
			}
			if i, ok := sigIdx[k]; ok {
				cur := &s.Signatories[i]
				if cur.Role == "" {
					cur.Role = sg.Role
				}
				if cur.Org == "" || len(sg.Org) > len(cur.Org) {
					cur.Org = sg.Org
				}
				continue
			}
			sigIdx[k] = len(s.Signatories)
			s.Signatories = append(s.Signatories, sg)
			c.sigOrds[k] = true
		}
		if !seenSrc[r.e.ID] {
			seenSrc[r.e.ID] = true
			s.Sources = append(s.Sources, vigie.DocRef{ID: r.e.ID, URL: r.e.URL, Title: r.e.Title, Site: r.e.Site, Published: r.e.Published})
		}
	}
	for _, sg := range s.Signatories {
		if sg.Org != "" {
			c.orgs[indexer.Fold(sg.Org)] = true
		}
	}
	if len(s.Agreements) < 2 {
		s.Agreements = nil
	}
	if s.Signatories == nil {
		s.Signatories = []vigie.Signatory{}
	}
	c.typ = s.Type
	for f := range c.geo {
		c.geo[f] = map[string]bool{}
	}
	if k := indexer.Fold(s.Place); k != "" {
		c.geo[indexer.Places][k] = true
	}
	for _, p := range c.places {
		c.geo[indexer.Places][indexer.Fold(p.Name)] = true
		switch p.Kind {
		case vigie.PlaceCommune:
			c.geo[indexer.Communes][indexer.Fold(p.Name)] = true
		case vigie.PlaceDepartement:
			c.geo[indexer.Departements][indexer.Fold(p.Name)] = true
		case vigie.PlaceRegion:
			c.geo[indexer.Regions][indexer.Fold(p.Name)] = true
		}
		if p.Departement != "" {
			c.geo[indexer.Departements][indexer.Fold(p.Departement)] = true
		}
		if p.Region != "" {
			c.geo[indexer.Regions][indexer.Fold(p.Region)] = true
		}
	}
	slices.Sort(keys)
	sum := sha256.Sum256([]byte(keys[0]))
	s.ID = hex.EncodeToString(sum[:8])
	return c
}

// Events runs q over signing events: the documents that match q's text and
// filters give their events, merged across documents; signatory, type and
// date filters apply to the events themselves. Events are sorted by date,
// newest first (date_asc: oldest first), and the facets count events.
func (s *Service) Events(ctx context.Context, q vigie.Query) (*EventResults, error) {
	start := time.Now()
	if q.Size == 0 {
		q.Size = DefaultSize
	}
	// Event dates are what an event query filters on, and the entity
	// filters apply to the event itself, not to everything its documents
	// name.
	evq := q
	evq.DateField = "event"
	evq.Signatories, evq.Persons, evq.Orgs, evq.Types = nil, nil, nil, nil
	evq.Places, evq.Communes, evq.Departements, evq.Regions = nil, nil, nil, nil
	want := facetFilters(q)
	for f := range want {
		want[f] = foldAll(want[f])
	}
	p, err := s.compile(evq)
	if err != nil {
		return nil, err
	}
	ms, err := s.matches(ctx, p)
	if err != nil {
		return nil, err
	}
	ei := s.events()
	seen := make([]bool, len(ei.clusters))
	fromTo := p.filter.dates
	for _, m := range ms {
		if int(m.ord) >= len(ei.byOrd) {
			continue
		}
		for _, ci := range ei.byOrd[m.ord] {
			if seen[ci] {
				continue
			}
			c := ei.clusters[ci]
			if !c.matches(&want) {
				continue
			}
			if p.filter.hasDates {
				if !c.date.Valid() || c.date.Max < fromTo.Min || c.date.Min > fromTo.Max {
					continue
				}
			}
			seen[ci] = true
		}
	}
	// The selected events in date order, newest first (date_asc: oldest
	// first, undated last either way).
	sel := make([]int32, 0, 64)
	for _, i := range ei.order {
		if seen[i] {
			sel = append(sel, i)
		}
	}
	if q.Sort == "date_asc" {
		dated := len(sel)
		for dated > 0 && !ei.clusters[sel[dated-1]].date.Valid() {
			dated--
		}
		slices.Reverse(sel[:dated])
		// Events of one day keep their order.
		for i := 0; i < dated; {
			j := i + 1
			for j < dated && ei.clusters[sel[j]].date.Max == ei.clusters[sel[i]].date.Max {
				j++
			}
			slices.Reverse(sel[i:j])
			i = j
		}
	}
	res := &EventResults{Total: uint64(len(sel)), Events: []Signing{}, Facets: ei.facets(sel)}
	for i := q.From; i < len(sel) && i < q.From+q.Size; i++ {
		res.Events = append(res.Events, ei.clusters[sel[i]].signing)
	}
	res.Took = time.Since(start)
	return res, nil
}

// matches reports whether the event has one of the wanted values of every
// entity filter (Fold keys by field).
func (c *cluster) matches(want *[indexer.NumFields][]string) bool {
	for f, vs := range want {
		if len(vs) == 0 {
			continue
		}
		var set map[string]bool
		switch indexer.Field(f) {
		case indexer.Signatories, indexer.Persons:
			set = c.sigOrds
		case indexer.Orgs:
			set = c.orgs
		case indexer.Types:
			set = map[string]bool{indexer.Fold(c.typ): true}
		case indexer.Sites:
			continue // a document filter
		default:
			set = c.geo[f]
		}
		if !anyIn(vs, set) {
			return false
		}
	}
	return true
}

func foldAll(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		out = append(out, indexer.Fold(v))
	}
	return out
}

func anyIn(keys []string, set map[string]bool) bool {
	for _, k := range keys {
		if set[k] {
			return true
		}
	}
	return false
}

// facetValues numbers the facet values of cluster c.
func (ei *eventIndex) facetValues(c *cluster) {
	add := func(f indexer.Field, v string) {
		if v == "" {
			return
		}
		o := ei.dicts[f].add(v)
		if !slices.Contains(c.fv[f], o) {
			c.fv[f] = append(c.fv[f], o)
		}
	}
	s := &c.signing
	for _, sg := range s.Signatories {
		add(indexer.Signatories, sg.Name)
		add(indexer.Persons, sg.Name)
		add(indexer.Orgs, sg.Org)
	}
	add(indexer.Types, s.Type)
	add(indexer.Places, s.Place)
	if p := s.PlaceRef; p != nil {
		switch p.Kind {
		case vigie.PlaceCommune:
			add(indexer.Communes, p.Name)
		case vigie.PlaceDepartement:
			add(indexer.Departements, p.Name)
		case vigie.PlaceRegion:
			add(indexer.Regions, p.Name)
		}
		add(indexer.Departements, p.Departement)
		add(indexer.Regions, p.Region)
	}
	for _, src := range s.Sources {
		add(indexer.Sites, src.Site)
	}
}

// columns lays the clusters' facet values out contiguously and orders the
// clusters by date.
func (ei *eventIndex) columns() {
	n := len(ei.clusters)
	periodIdx := map[string]int32{"": 0}
	ei.periods = []string{""}
	period := func(p string) int32 {
		if i, ok := periodIdx[p]; ok {
			return i
		}
		i := int32(len(ei.periods))
		periodIdx[p] = i
		ei.periods = append(ei.periods, p)
		return i
	}
	for f := range indexer.NumFields {
		ei.pos[f] = make([]int32, 0, n+1)
		ei.pos[f] = append(ei.pos[f], 0)
	}
	ei.year, ei.month = make([]int32, n), make([]int32, n)
	for i, c := range ei.clusters {
		for f := range indexer.NumFields {
			ei.vals[f] = append(ei.vals[f], c.fv[f]...)
			ei.pos[f] = append(ei.pos[f], int32(len(ei.vals[f])))
		}
		if d := c.signing.Date; c.date.Valid() && len(d) >= 4 {
			ei.year[i] = period(d[:4])
			if c.date.Max-c.date.Min <= 31 && len(d) >= 7 {
				ei.month[i] = period(d[:7])
			}
		}
	}
	ei.order = make([]int32, n)
	for i := range ei.order {
		ei.order[i] = int32(i)
	}
	slices.SortFunc(ei.order, func(a, b int32) int {
		ca, cb := ei.clusters[a], ei.clusters[b]
		da, db := ca.date.Max, cb.date.Max
		if da != db {
			if da == 0 || db == 0 {
				if da == 0 {
					return 1
				}
				return -1
			}
			return cmp.Compare(db, da)
		}
		return strings.Compare(ca.signing.ID, cb.signing.ID)
	})
}

// facets counts the selected events by signatory, person, organisation,
// place, commune, département, région, type, site, year and month.
func (ei *eventIndex) facets(sel []int32) map[string][]vigie.FacetValue {
	out := make(map[string][]vigie.FacetValue, indexer.NumFields+2)
	for f := range indexer.NumFields {
		d := &ei.dicts[f]
		counts := make([]int32, len(d.values))
		pos, vals := ei.pos[f], ei.vals[f]
		for _, i := range sel {
			for _, o := range vals[pos[i]:pos[i+1]] {
				counts[o]++
			}
		}
		out[f.Name()] = topCounts(counts, func(o uint32) string { return d.values[o] }, FacetSize)
	}
	pc := make([]int, len(ei.periods))
	for _, i := range sel {
		pc[ei.year[i]]++
		pc[ei.month[i]]++
	}
	years, months := []vigie.FacetValue{}, []vigie.FacetValue{}
	for p, c := range pc {
		if p == 0 || c == 0 {
			continue
		}
		v := vigie.FacetValue{Value: ei.periods[p], Count: c}
		if len(v.Value) == 4 {
			years = append(years, v)
		} else {
			months = append(months, v)
		}
	}
	byValue := func(a, b vigie.FacetValue) int { return strings.Compare(a.Value, b.Value) }
	slices.SortFunc(years, byValue)
	slices.SortFunc(months, byValue)
	out["years"], out["months"] = years, months
	return out
}

func topMap(m map[string]int, k int) []vigie.FacetValue {
	out := make([]vigie.FacetValue, 0, len(m))
	for v, c := range m {
		out = append(out, vigie.FacetValue{Value: v, Count: c})
	}
	slices.SortFunc(out, func(a, b vigie.FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	if len(out) > k {
		out = out[:k]
	}
	return out
}
