package search

import (
	"encoding/json"

	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"github.com/blevesearch/bleve/v2/search/query"
	"math"
	"slices"
	"sync"
	"time"

	"vigie"
	"vigie/indexer"
)

// Service answers queries over an index.
type Service struct {
	ix    *indexer.Index
	cache *facetCache
	evc   eventCache
	raw   *rawCache
	// universe is the facet counts of the whole index, for broad queries.
	universe universe
}

// New returns a search service over ix.
func New(ix *indexer.Index) *Service {
	return &Service{ix: ix, cache: newFacetCache(256), raw: newRawCache(16)}
}

// match is one matching document. It holds no pointer, so that the
// garbage collector does not scan the matches of a broad query.
type match struct {
	ord   uint32
	date  indexer.Day // the date sorts use
	score float64
}

// plan is a query compiled against the index.
type plan struct {
	q      vigie.Query
	expr   *Expr
	terms  map[string]bool // analysed query terms, for snippets
	filter *filter
}

func (s *Service) compile(q vigie.Query) (*plan, error) {
	expr, err := Parse(q.Text)
	if err != nil {
		return nil, err
	}
	if q.Size < 0 || q.From < 0 || q.Size > MaxSize {
		return nil, fmt.Errorf("size %d or from %d out of range: %w", q.Size, q.From, vigie.ErrInvalid)
	}
	f, err := newFilter(q)
	if err != nil {
		return nil, err
	}
	return &plan{q: q, expr: expr, filter: f}, nil
}

// matches returns every document that matches the plan's text query and
// filters, in ordinal order.
func (s *Service) matches(ctx context.Context, p *plan) ([]match, error) {
	bq, terms, titleQ := s.bleveQuery(p.expr)
	bq = withFilters(bq, &p.filter.values)
	p.terms = terms
	event := p.q.DateField == "event"
	mk := func(t *indexer.Table, o uint32, score float64) match {
		m := match{ord: o, score: score}
		if event {
			m.date = t.EventMax(o)
		} else {
			m.date = t.Pub(o).Max
		}
		return m
	}
	var out []match
	if bq == nil {
		err := s.ix.Read(func(t *indexer.Table) error {
			keep := p.filter.bind(t)
			out = make([]match, 0, t.Live())
			for o := range uint32(t.Len()) {
				if keep(o) {
					out = append(out, mk(t, o, 0))
				}
			}
			return nil
		})
		return out, err
	}
	score := p.q.Sort == "" || p.q.Sort == "relevance"
	raw, err := s.rawMatches(ctx, bq, titleQ, score)
	sorted := true
	n := 0
	if err == nil {
		err = s.ix.Read(func(t *indexer.Table) error {
			keep := p.filter.bind(t)
			n = t.Len()
			out = make([]match, 0, len(raw))
			for _, r := range raw {
				if int(r.Ord) < n && keep(r.Ord) {
					if k := len(out); k > 0 && out[k-1].ord > r.Ord {
						sorted = false
					}
					out = append(out, mk(t, r.Ord, r.Score))
				}
			}
			return nil
		})
	}
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return nil, err
		}
		return nil, fmt.Errorf("search %q: %w", p.q.Text, err)
	}
	if !sorted {
		out = byOrdinal(out, n)
	}
	return out, nil
}

// rawMatches returns every document that matches the bleve query bq, with
// the title query's scores added when scoring. The matches of recent
// queries are cached until the index changes, so that paging and adding
// filters do not run bleve again.
func (s *Service) rawMatches(ctx context.Context, bq, titleQ query.Query, score bool) ([]indexer.Scored, error) {
	var gen uint64
	_ = s.ix.Read(func(t *indexer.Table) error { gen = t.Gen(); return nil })
	key := fmt.Sprintf("%v\x00%s", score, queryKey(bq))
	if titleQ != nil {
		key += "\x00" + queryKey(titleQ)
	}
	if raw, ok := s.raw.get(gen, key); ok {
		return raw, nil
	}
	starts, lagging := s.ix.Lag()
	// Matches in the title rank higher: a second, cheap pass over the
	// short title postings, run on the other core, adds their scores.
	var titles map[uint32]float64
	titleErr := make(chan error, 1)
	if score && titleQ != nil {
		titles = map[uint32]float64{}
		go func() {
			titleErr <- s.ix.Match(ctx, titleQ, true, func(_ *indexer.Table, o uint32, score float64) { titles[o] = score })
		}()
	} else {
		titleErr <- nil
	}
	raw, err := s.ix.Matches(ctx, bq, score)
	if terr := <-titleErr; err == nil {
		err = terr
	}
	if err != nil {
		return nil, err
	}
	if len(titles) > 0 {
		for i := range raw {
			raw[i].Score += titles[raw[i].Ord]
		}
	}
	if starts2, lagging2 := s.ix.Lag(); !lagging && !lagging2 && starts == starts2 {
		s.raw.put(gen, key, raw)
	}
	return raw, nil
}

// queryKey returns a canonical form of a bleve query for cache keys.
func queryKey(q query.Query) string {
	b, err := json.Marshal(q)
	if err != nil {
		return fmt.Sprintf("%#v", q)
	}
	return string(b)
}

// byOrdinal returns ms in ordinal order (ordinals below n), in linear time:
// facets read the columns in that order.
func byOrdinal(ms []match, n int) []match {
	buf := ordScratch.Get().(*[]int32)
	if cap(*buf) < n {
		*buf = make([]int32, n)
	}
	at := (*buf)[:n] // all zero
	defer func() {
		for i := range ms {
			if int(ms[i].ord) < n {
				at[ms[i].ord] = 0
			}
		}
		ordScratch.Put(buf)
	}()
	for i := range ms {
		if int(ms[i].ord) >= n {
			slices.SortFunc(ms, func(a, b match) int { return cmp.Compare(a.ord, b.ord) })
			return ms
		}
		at[ms[i].ord] = int32(i) + 1
	}
	out := make([]match, 0, len(ms))
	for _, i := range at {
		if i != 0 {
			out = append(out, ms[i-1])
		}
	}
	return out
}

// ordScratch holds zeroed arrays for byOrdinal, one slot per ordinal.
var ordScratch = sync.Pool{New: func() any { return new([]int32) }}

// Search runs q and returns one page of hits with the facets of all matches.
// A malformed q gets an error wrapping vigie.ErrInvalid.
func (s *Service) Search(ctx context.Context, q vigie.Query) (*vigie.Results, error) {
	start := time.Now()
	if q.Size == 0 {
		q.Size = DefaultSize
	}
	p, err := s.compile(q)
	if err != nil {
		return nil, err
	}
	ms, err := s.matches(ctx, p)
	if err != nil {
		return nil, err
	}
	ms = s.collapse(ms)
	res := &vigie.Results{Total: uint64(len(ms)), Hits: []vigie.Hit{}}
	page := topK(ms, sortOrder(q), q.From, q.Size)
	// Facets and hits are independent: count on one core while the other
	// builds the hits' snippets.
	facets := make(chan map[string][]vigie.FacetValue, 1)
	go func() { facets <- s.facets(p, ms) }()
	entries := make([]*indexer.Entry, len(page))
	_ = s.ix.Read(func(t *indexer.Table) error {
		for i, m := range page {
			entries[i] = t.Entry(m.ord)
		}
		return nil
	})
	for i, m := range page {
		res.Hits = append(res.Hits, s.hit(ctx, p, entries[i], m))
	}
	res.Facets = <-facets
	res.Took = time.Since(start)
	return res, nil
}

// collapse folds the documents of one story into its first document: a
// duplicate (exact or near) is dropped when the document it duplicates also
// matches, and is listed in that hit's Duplicates instead.
func (s *Service) collapse(ms []match) []match {
	_ = s.ix.Read(func(t *indexer.Table) error {
		var in []bool
		out := ms[:0]
		for _, m := range ms {
			if lead, ok := t.Lead(m.ord); ok {
				if in == nil {
					in = make([]bool, t.Len())
					for i := range ms {
						in[ms[i].ord] = true
					}
				}
				if in[lead] {
					continue
				}
			}
			out = append(out, m)
		}
		ms = out
		return nil
	})
	return ms
}

// hit builds the hit of match m, whose entry is e, with its snippet.
func (s *Service) hit(ctx context.Context, p *plan, e *indexer.Entry, m match) vigie.Hit {
	h := vigie.Hit{ID: e.ID, URL: e.URL, Title: e.Title, Site: e.Site, Published: e.Published, Score: round(m.score)}
	seen := map[string]bool{}
	for _, ev := range e.Events {
		for _, sg := range ev.Signatories {
			if sg.Name != "" && !seen[sg.Name] {
				seen[sg.Name] = true
				h.Signatories = append(h.Signatories, sg.Name)
			}
		}
	}
	seen = map[string]bool{}
	for _, pl := range e.Places {
		if pl.Name != "" && !seen[pl.Name] {
			seen[pl.Name] = true
			h.Places = append(h.Places, pl.Name)
		}
	}
	_ = s.ix.Read(func(t *indexer.Table) error {
		for _, d := range t.Duplicates(e.ID) {
			if d.Gone && !p.q.IncludeGone {
				continue
			}
			h.Duplicates = append(h.Duplicates, vigie.DocRef{ID: d.ID, URL: d.URL, Title: d.Title, Site: d.Site, Published: d.Published})
		}
		return nil
	})
	if text, err := s.ix.Text(ctx, e.ID); err == nil {
		h.Snippet = s.snippet(text, p.terms)
	}
	return h
}

func round(f float64) float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return math.Round(f*1e4) / 1e4
}

// less orders two matches for a page: it reports whether a comes before b.
type less func(a, b *match) bool

func sortOrder(q vigie.Query) less {
	date := func(m *match) indexer.Day { return m.date }
	tie := func(a, b *match) bool { return a.ord < b.ord }
	byDate := func(a, b *match) bool {
		da, db := date(a), date(b)
		if da != db {
			return da > db
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return tie(a, b)
	}
	switch {
	case q.Sort == "date":
		return byDate
	case q.Sort == "date_asc":
		return func(a, b *match) bool {
			da, db := date(a), date(b)
			if da != db {
				// Undated documents come last in both orders.
				if da == 0 || db == 0 {
					return db == 0
				}
				return da < db
			}
			return tie(a, b)
		}
	case q.Text == "":
		return byDate // with nothing to rank by, newest first
	}
	return func(a, b *match) bool {
		if a.score != b.score {
			return a.score > b.score
		}
		return byDate(a, b)
	}
}

// topK returns ms[from:from+size] in the order of lt, keeping a heap of
// from+size matches rather than sorting them all.
func topK(ms []match, lt less, from, size int) []match {
	k := from + size
	if from >= len(ms) || size == 0 {
		return nil
	}
	if k > len(ms) {
		k = len(ms)
	}
	h := &matchHeap{lt: lt, ms: make([]match, 0, k)}
	for i := range ms {
		if len(h.ms) < k {
			heap.Push(h, ms[i])
		} else if lt(&ms[i], &h.ms[0]) {
			h.ms[0] = ms[i]
			heap.Fix(h, 0)
		}
	}
	out := make([]match, len(h.ms))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(match)
	}
	return out[from:]
}

// matchHeap keeps the worst of the best k matches on top.
type matchHeap struct {
	lt less
	ms []match
}

func (h *matchHeap) Len() int           { return len(h.ms) }
func (h *matchHeap) Less(i, j int) bool { return h.lt(&h.ms[j], &h.ms[i]) }
func (h *matchHeap) Swap(i, j int)      { h.ms[i], h.ms[j] = h.ms[j], h.ms[i] }
func (h *matchHeap) Push(x any)         { h.ms = append(h.ms, x.(match)) }
func (h *matchHeap) Pop() any {
	x := h.ms[len(h.ms)-1]
	h.ms = h.ms[:len(h.ms)-1]
	return x
}
