package indexer

import (
	"strconv"
	"strings"

	"vigie"
)

// Field names one of the facet fields kept in memory for every document.
type Field int

// The facet fields, in the order of Fields.
const (
	Signatories Field = iota
	Persons
	Places
	Communes
	Departements
	Regions
	Orgs
	Types
	Sites
	NumFields
)

// Name returns the field's name in the API: "signatories", "persons", ...
func (f Field) Name() string { return fieldNames[f] }

// Param returns the field's query parameter name: "signatory", "person", ...
func (f Field) Param() string { return fieldParams[f] }

var (
	fieldNames  = [NumFields]string{"signatories", "persons", "places", "communes", "departements", "regions", "orgs", "types", "sites"}
	fieldParams = [NumFields]string{"signatory", "person", "place", "commune", "departement", "region", "org", "type", "site"}
)

// Day is a date as the integer yyyymmdd; 0 means unknown.
type Day int32

// DateRange is the span of days a date at some precision covers: "2019-03"
// is [20190301, 20190331]. The zero value means no date.
type DateRange struct{ Min, Max Day }

// Valid reports whether r holds a date.
func (r DateRange) Valid() bool { return r.Min != 0 }

// ParseDateRange parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a longer ISO
// timestamp is cut to its date). It reports false for anything else,
// including "--MM-DD" dates without a year.
func ParseDateRange(s string) (DateRange, bool) {
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return DateRange{}, false
	}
	var n [3]int
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return DateRange{}, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return DateRange{}, false
		}
		n[i] = v
	}
	y := n[0]
	if y < 1000 {
		return DateRange{}, false
	}
	switch len(parts) {
	case 1:
		return DateRange{Day(y*10000 + 101), Day(y*10000 + 1231)}, true
	case 2:
		if n[1] < 1 || n[1] > 12 {
			return DateRange{}, false
		}
		return DateRange{Day(y*10000 + n[1]*100 + 1), Day(y*10000 + n[1]*100 + daysIn(y, n[1]))}, true
	default:
		if n[1] < 1 || n[1] > 12 || n[2] < 1 || n[2] > daysIn(y, n[1]) {
			return DateRange{}, false
		}
		d := Day(y*10000 + n[1]*100 + n[2])
		return DateRange{d, d}, true
	}
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// EventDate resolves an event's date: a full or partial ISO date as it is,
// and "--MM-DD" in the year of the publication date when there is one.
func EventDate(date, published string) (DateRange, bool) {
	if strings.HasPrefix(date, "--") && len(published) >= 4 {
		date = published[:4] + date[1:]
	}
	return ParseDateRange(date)
}

// Coord is a point with coordinates.
type Coord struct{ Lat, Lon float64 }

// Entry is what the index keeps in memory for one document: its metadata,
// facet values as ordinals into the Table's dictionaries, dates as day
// ranges and events. It is immutable once in a Table.
type Entry struct {
	Ord         uint32
	ID          string
	URL         string
	Title       string
	Site        string
	Published   string
	ContentHash string
	Gone        bool
	DuplicateOf string // the document this one duplicates, given or detected
	IsSigning   bool
	Pub         DateRange   // publication date
	EventDates  []DateRange // dates of the events, resolved
	Values      [NumFields][]uint32
	Coords      []Coord
	Events      []vigie.Event
	Places      []*vigie.Place // shared by the entries that name the same place: read only
	Sig         []uint32       // MinHash signature of the text, nil if too short
}

// HasDate reports whether the entry has a date, of publication or of an
// event, within r.
func (e *Entry) HasDate(event bool, r DateRange) bool {
	if !event {
		return e.Pub.Valid() && e.Pub.Max >= r.Min && e.Pub.Min <= r.Max
	}
	for _, d := range e.EventDates {
		if d.Max >= r.Min && d.Min <= r.Max {
			return true
		}
	}
	return false
}

// Dict maps the values of one facet field to small integer ordinals. Values
// are matched by their Fold key; the first spelling seen is shown.
type Dict struct {
	byKey  map[string]uint32
	byRaw  map[string]uint32 // every spelling seen: most values repeat, and folding costs
	values []string
	keys   []string // Fold keys, by ordinal
}

func newDict() *Dict {
	return &Dict{byKey: make(map[string]uint32), byRaw: make(map[string]uint32)}
}

// Len returns the number of distinct values ever seen.
func (d *Dict) Len() int { return len(d.values) }

// Value returns the display value of ordinal o.
func (d *Dict) Value(o uint32) string { return d.values[o] }

// key returns the Fold key of ordinal o.
func (d *Dict) key(o uint32) string { return d.keys[o] }

// Lookup returns the ordinal of value v, compared by Fold key.
func (d *Dict) Lookup(v string) (uint32, bool) {
	o, ok := d.byKey[Fold(v)]
	return o, ok
}

func (d *Dict) add(v string) uint32 {
	if o, ok := d.byRaw[v]; ok {
		return o
	}
	k := Fold(v)
	o, ok := d.byKey[k]
	if !ok {
		o = uint32(len(d.values))
		d.byKey[k] = o
		d.values = append(d.values, v)
		d.keys = append(d.keys, k)
	}
	d.byRaw[v] = o
	return o
}

// column holds one facet field of every document, contiguously: the values
// of ordinal o are vals[pos[o]>>8:][:pos[o]&0xff]. A document re-indexed
// appends its new values; the old ones are garbage until compact. df[v] is
// the number of documents that have value v.
type column struct {
	pos     []uint64
	vals    []uint32
	df      []uint32
	garbage int
}

func (c *column) set(o uint32, vs []uint32) {
	for len(c.pos) <= int(o) {
		c.pos = append(c.pos, 0)
	}
	for _, v := range c.get(o) {
		c.df[v]--
	}
	c.garbage += int(c.pos[o] & 0xff)
	if len(vs) > 0xff {
		vs = vs[:0xff]
	}
	for _, v := range vs {
		for len(c.df) <= int(v) {
			c.df = append(c.df, 0)
		}
		c.df[v]++
	}
	c.pos[o] = uint64(len(c.vals))<<8 | uint64(len(vs))
	c.vals = append(c.vals, vs...)
}

func (c *column) get(o uint32) []uint32 {
	if int(o) >= len(c.pos) {
		return nil
	}
	p := c.pos[o]
	s := p >> 8
	return c.vals[s : s+p&0xff : s+p&0xff]
}

// Per-ordinal flags.
const (
	flagLive = 1 << iota
	flagGone
)

// Table holds an Entry for every document, addressed by ordinal. Ordinals
// are dense and stable for the life of the process: re-indexing a document
// keeps its ordinal, deleting it leaves a nil entry.
type Table struct {
	entries []*Entry
	byID    map[string]uint32
	dicts   [NumFields]*Dict
	byHash  map[string]uint32 // content hash -> first live document with it
	// LSH buckets of the MinHash signatures: per band, a key's chain of
	// documents, as the ordinal+1 of its latest document in bands and,
	// for document o, the ordinal+1 of the next one in
	// bandNext[o*lshBands+band] (0 ends the chain).
	bands    [lshBands]map[uint64]uint32
	bandNext []uint32
	follow   map[string][]uint32 // id of a story's first document -> its duplicates
	live     int

	// Dense columns by ordinal, for scans over many documents: facet
	// values, publication dates, flags, and the ordinal+1 of the document
	// each one duplicates.
	cols  [NumFields]column
	pub   []DateRange
	evMin []Day // earliest event date
	evMax []Day // latest event date
	flags []uint8
	lead  []uint32
	gen   uint64

	scratch []uint32                     // reused while building an entry
	strs    map[string]string            // see intern
	places  map[vigie.Place]*vigie.Place // see internPlace
}

func newTable() *Table {
	t := &Table{byID: make(map[string]uint32), byHash: make(map[string]uint32), follow: make(map[string][]uint32), strs: make(map[string]string), places: make(map[vigie.Place]*vigie.Place)}
	for i := range t.bands {
		t.bands[i] = make(map[uint64]uint32)
	}
	for i := range t.dicts {
		t.dicts[i] = newDict()
	}
	return t
}

// Len returns the number of ordinals (live or deleted).
func (t *Table) Len() int { return len(t.entries) }

// Live returns the number of documents.
func (t *Table) Live() int { return t.live }

// Entry returns the entry of ordinal o, or nil if it was deleted.
func (t *Table) Entry(o uint32) *Entry { return t.entries[o] }

// Lookup returns the entry of the document with the given id, or nil.
func (t *Table) Lookup(id string) *Entry {
	if o, ok := t.byID[id]; ok {
		return t.entries[o]
	}
	return nil
}

// Values returns the ordinals of the values of field f of document o. The
// slice is only valid while the Table is read.
func (t *Table) Values(f Field, o uint32) []uint32 { return t.cols[f].get(o) }

// HasAny reports whether field f of document o has one of the values of
// ordinals want.
func (t *Table) HasAny(f Field, o uint32, want []uint32) bool {
	for _, h := range t.cols[f].get(o) {
		for _, w := range want {
			if h == w {
				return true
			}
		}
	}
	return false
}

// DocFreq returns the number of documents whose field f has the value of
// ordinal v (deleted documents excluded, exact duplicates included).
func (t *Table) DocFreq(f Field, v uint32) int {
	if df := t.cols[f].df; int(v) < len(df) {
		return int(df[v])
	}
	return 0
}

// Pub returns the publication date of document o.
func (t *Table) Pub(o uint32) DateRange { return t.pub[o] }

// EventMax returns the latest event date of document o, or 0.
func (t *Table) EventMax(o uint32) Day { return t.evMax[o] }

// HasEventDate reports whether document o has an event dated within r.
func (t *Table) HasEventDate(o uint32, r DateRange) bool {
	if t.evMax[o] == 0 || t.evMax[o] < r.Min || t.evMin[o] > r.Max {
		return false
	}
	return t.entries[o].HasDate(true, r)
}

// Exists reports whether ordinal o holds a document.
func (t *Table) Exists(o uint32) bool { return t.flags[o]&flagLive != 0 }

// Gone reports whether document o's page has disappeared.
func (t *Table) Gone(o uint32) bool { return t.flags[o]&flagGone != 0 }

// Lead returns the ordinal of the document that document o duplicates, if
// it is in the index.
func (t *Table) Lead(o uint32) (uint32, bool) {
	l := t.lead[o]
	if l == 0 || t.flags[l-1]&flagLive == 0 {
		return 0, false
	}
	return l - 1, true
}

// Dict returns the dictionary of field f.
func (t *Table) Dict(f Field) *Dict { return t.dicts[f] }

// Gen returns a number that changes whenever the table does, for caches.
func (t *Table) Gen() uint64 { return t.gen }

// ordFor returns the ordinal of id, allocating one.
func (t *Table) ordFor(id string) uint32 {
	if o, ok := t.byID[id]; ok {
		return o
	}
	o := uint32(len(t.entries))
	t.byID[id] = o
	t.entries = append(t.entries, nil)
	t.pub = append(t.pub, DateRange{})
	t.evMin = append(t.evMin, 0)
	t.evMax = append(t.evMax, 0)
	t.flags = append(t.flags, 0)
	t.lead = append(t.lead, 0)
	return o
}

// put replaces the entry of d's document; sig is the MinHash signature of
// its text.
func (t *Table) put(d *vigie.Document, sig []uint32) *Entry {
	o := t.ordFor(d.ID)
	if old := t.entries[o]; old != nil {
		if old.ContentHash != d.ContentHash {
			t.unlinkHash(old)
		}
		t.unlinkStory(old)
	} else {
		t.live++
	}
	e := t.entry(o, d)
	e.Sig = sig
	t.entries[o] = e
	t.linkStory(e)
	t.setColumns(e)
	if e.ContentHash != "" {
		if _, ok := t.byHash[e.ContentHash]; !ok {
			t.byHash[e.ContentHash] = o
		}
	}
	t.gen++
	return e
}

func (t *Table) remove(id string) bool {
	o, ok := t.byID[id]
	if !ok || t.entries[o] == nil {
		return false
	}
	t.unlinkHash(t.entries[o])
	t.unlinkStory(t.entries[o])
	t.entries[o] = nil
	t.flags[o] = 0
	for f := range t.cols {
		t.cols[f].set(o, nil)
	}
	t.live--
	t.gen++
	return true
}

// setColumns copies e into the dense columns.
func (t *Table) setColumns(e *Entry) {
	o := e.Ord
	t.pub[o] = e.Pub
	t.evMin[o], t.evMax[o] = 0, 0
	for i, d := range e.EventDates {
		if i == 0 || d.Min < t.evMin[o] {
			t.evMin[o] = d.Min
		}
		t.evMax[o] = max(t.evMax[o], d.Max)
	}
	t.flags[o] = flagLive
	if e.Gone {
		t.flags[o] |= flagGone
	}
	t.lead[o] = 0
	if e.DuplicateOf != "" {
		t.lead[o] = t.ordFor(e.DuplicateOf) + 1
	}
	for f := range t.cols {
		c := &t.cols[f]
		c.set(o, e.Values[f])
		if c.garbage > 1024 && c.garbage > len(c.vals)/2 {
			t.compact(Field(f))
		}
	}
}

// compact rewrites column f without garbage.
func (t *Table) compact(f Field) {
	c := column{pos: make([]uint64, 0, len(t.entries)), vals: make([]uint32, 0, len(t.cols[f].vals)-t.cols[f].garbage)}
	for o, e := range t.entries {
		var vs []uint32
		if e != nil {
			vs = e.Values[f]
		}
		c.set(uint32(o), vs)
	}
	t.cols[f] = c
}

// Duplicates returns the live documents linked to the story of the
// document with the given id (its near and exact duplicates).
func (t *Table) Duplicates(id string) []*Entry {
	var out []*Entry
	for _, o := range t.follow[id] {
		if e := t.entries[o]; e != nil {
			out = append(out, e)
		}
	}
	return out
}

func (t *Table) linkStory(e *Entry) {
	if e.DuplicateOf != "" {
		t.follow[e.DuplicateOf] = append(t.follow[e.DuplicateOf], e.Ord)
	}
	if e.Sig != nil {
		base := int(e.Ord) * lshBands
		if n := base + lshBands; len(t.bandNext) < n {
			t.bandNext = append(t.bandNext, make([]uint32, n-len(t.bandNext))...)
		}
		for b, k := range bandKeys(e.Sig) {
			t.bandNext[base+b] = t.bands[b][k]
			t.bands[b][k] = e.Ord + 1
		}
	}
}

func (t *Table) unlinkStory(e *Entry) {
	if e.DuplicateOf != "" {
		t.follow[e.DuplicateOf] = removeOrd(t.follow[e.DuplicateOf], e.Ord)
		if len(t.follow[e.DuplicateOf]) == 0 {
			delete(t.follow, e.DuplicateOf)
		}
	}
	if e.Sig != nil {
		for b, k := range bandKeys(e.Sig) {
			t.unlinkBand(b, k, e.Ord)
		}
	}
}

// unlinkBand removes document o from the chain of key k in band b.
func (t *Table) unlinkBand(b int, k uint64, o uint32) {
	next := t.bandNext[int(o)*lshBands+b]
	cur := t.bands[b][k]
	if cur == o+1 {
		if next == 0 {
			delete(t.bands[b], k)
		} else {
			t.bands[b][k] = next
		}
		return
	}
	for cur != 0 {
		at := int(cur-1)*lshBands + b
		if t.bandNext[at] == o+1 {
			t.bandNext[at] = next
			return
		}
		cur = t.bandNext[at]
	}
}

func removeOrd(l []uint32, o uint32) []uint32 {
	for i, x := range l {
		if x == o {
			return append(l[:i:i], l[i+1:]...)
		}
	}
	return l
}

// nearDuplicate returns the id of the story that a text with signature sig
// belongs to (the first document of it), or "" if it is new. id is the
// document's own id, which is never its own duplicate.
func (t *Table) nearDuplicate(sig []uint32, id string) string {
	if sig == nil {
		return ""
	}
	best, bestSim := "", nearDupThreshold
	seen := map[uint32]bool{}
	for b, k := range bandKeys(sig) {
		for c := t.bands[b][k]; c != 0; c = t.bandNext[int(c-1)*lshBands+b] {
			o := c - 1
			if seen[o] {
				continue
			}
			seen[o] = true
			e := t.entries[o]
			if e == nil || e.ID == id || e.Sig == nil || e.DuplicateOf == id {
				continue // itself, or one of its own duplicates
			}
			lead := e.ID
			if e.DuplicateOf != "" && t.Lookup(e.DuplicateOf) != nil {
				lead = e.DuplicateOf
			}
			if sim := resemblance(sig, e.Sig); sim >= bestSim && (sim > bestSim || best == "" || lead < best) {
				best, bestSim = lead, sim
			}
		}
	}
	return best
}

func (t *Table) unlinkHash(e *Entry) {
	if e.ContentHash == "" {
		return
	}
	if o, ok := t.byHash[e.ContentHash]; ok && o == e.Ord {
		delete(t.byHash, e.ContentHash)
		// Hand the hash to another live document that has it, if any.
		for _, other := range t.entries {
			if other != nil && other.Ord != e.Ord && other.ContentHash == e.ContentHash {
				t.byHash[e.ContentHash] = other.Ord
				break
			}
		}
	}
}

// sameContent returns the id of another live document with the content
// hash h, or "".
func (t *Table) sameContent(h, id string) string {
	if h == "" {
		return ""
	}
	if o, ok := t.byHash[h]; ok {
		if e := t.entries[o]; e != nil && e.ID != id {
			return e.ID
		}
	}
	return ""
}

// entry builds the in-memory entry of d.
func (t *Table) entry(o uint32, d *vigie.Document) *Entry {
	e := &Entry{
		Ord: o, ID: d.ID, URL: d.URL, Title: d.Title, Site: t.intern(d.Site), Published: t.intern(d.Published),
		ContentHash: d.ContentHash, Gone: d.Gone, DuplicateOf: d.DuplicateOf, IsSigning: d.IsSigning,
	}
	e.Places, e.Events = t.compactEntities(d.Places, d.Events)
	e.Pub, _ = ParseDateRange(d.Published)
	nc := 0
	for _, p := range d.Places {
		if p.HasCoords() {
			nc++
		}
	}
	for _, ev := range d.Events {
		if ev.PlaceRef != nil && ev.PlaceRef.HasCoords() {
			nc++
		}
	}
	if nc > 0 {
		e.Coords = make([]Coord, 0, nc)
	}
	var vals [NumFields][]string
	add := func(f Field, v string) {
		if v = strings.TrimSpace(v); v != "" {
			vals[f] = append(vals[f], v)
		}
	}
	addPlace := func(p vigie.Place) {
		add(Places, p.Name)
		switch p.Kind {
		case vigie.PlaceCommune:
			add(Communes, p.Name)
		case vigie.PlaceDepartement:
			add(Departements, p.Name)
		case vigie.PlaceRegion:
			add(Regions, p.Name)
		}
		add(Departements, p.Departement)
		add(Regions, p.Region)
		if p.HasCoords() {
			e.Coords = append(e.Coords, Coord{p.Lat, p.Lon})
		}
	}
	for _, p := range d.Places {
		addPlace(p)
	}
	for _, p := range d.Persons {
		add(Persons, p)
	}
	for _, p := range d.Orgs {
		add(Orgs, p)
	}
	add(Sites, d.Site)
	for _, ev := range d.Events {
		if r, ok := EventDate(ev.Date, d.Published); ok {
			e.EventDates = append(e.EventDates, r)
		}
		add(Types, ev.Type)
		if ev.PlaceRef != nil {
			addPlace(*ev.PlaceRef)
		} else {
			add(Places, ev.Place)
		}
		for _, s := range ev.Signatories {
			add(Signatories, s.Name)
			add(Persons, s.Name)
			add(Orgs, s.Org)
		}
	}
	// The ordinals of all fields share one exact-size array.
	buf := t.scratch[:0]
	var ends [NumFields]int
	for f := range NumFields {
		buf = t.appendOrdinals(buf, Field(f), vals[f])
		ends[f] = len(buf)
	}
	t.scratch = buf
	if len(buf) > 0 {
		all := append([]uint32(nil), buf...)
		start := 0
		for f, end := range ends {
			if end > start {
				e.Values[f] = all[start:end:end]
			}
			start = end
		}
	}
	return e
}

// appendOrdinals appends the distinct ordinals of vs in field f to buf.
func (t *Table) appendOrdinals(buf []uint32, f Field, vs []string) []uint32 {
	start := len(buf)
	for _, v := range vs {
		o := t.dicts[f].add(v)
		dup := false
		for _, x := range buf[start:] {
			if x == o {
				dup = true
				break
			}
		}
		if !dup {
			buf = append(buf, o)
		}
	}
	return buf
}

// intern returns the Table's copy of s: the names of places, sites,
// organisations and roles recur across thousands of documents, and the
// Table keeps one copy of each. (A map is several times faster than
// package unique here; it keeps the strings of deleted documents, which
// the vocabulary of live ones mostly holds anyway.)
func (t *Table) intern(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := t.strs[s]; ok {
		return c
	}
	s = strings.Clone(s) // not a slice of a whole page's text
	t.strs[s] = s
	return s
}

// internPlace returns the Table's one copy of place p: a corpus names a
// few thousand places hundreds of thousands of times.
func (t *Table) internPlace(p vigie.Place) *vigie.Place {
	if q, ok := t.places[p]; ok {
		return q
	}
	p.Name, p.Kind, p.Code = t.intern(p.Name), t.intern(p.Kind), t.intern(p.Code)
	p.Departement, p.Region = t.intern(p.Departement), t.intern(p.Region)
	q := &p
	t.places[p] = q
	return q
}

// compactEntities returns a document's places and events for an Entry:
// the Table's shared copies of the places, and copies of the events with
// interned strings, so that the entry shares nothing with the document it
// was built from.
func (t *Table) compactEntities(places []vigie.Place, events []vigie.Event) ([]*vigie.Place, []vigie.Event) {
	var ps []*vigie.Place
	if len(places) > 0 {
		ps = make([]*vigie.Place, len(places))
		for i, p := range places {
			ps[i] = t.internPlace(p)
		}
	}
	if len(events) == 0 {
		return ps, nil
	}
	nsig := 0
	for _, ev := range events {
		nsig += len(ev.Signatories)
	}
	sigs := make([]vigie.Signatory, 0, nsig)
	evs := make([]vigie.Event, len(events))
	for i, ev := range events {
		c := vigie.Event{
			Date: t.intern(ev.Date), Place: t.intern(ev.Place), Agreement: t.intern(ev.Agreement), Type: t.intern(ev.Type),
		}
		if ev.PlaceRef != nil {
			c.PlaceRef = t.internPlace(*ev.PlaceRef)
		}
		if len(ev.Signatories) > 0 {
			start := len(sigs)
			for _, sg := range ev.Signatories {
				sigs = append(sigs, vigie.Signatory{Name: t.intern(sg.Name), Role: t.intern(sg.Role), Org: t.intern(sg.Org)})
			}
			c.Signatories = sigs[start:len(sigs):len(sigs)]
		}
		evs[i] = c
	}
	return ps, evs
}
