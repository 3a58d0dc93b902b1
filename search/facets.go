package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"vigie"
	"vigie/indexer"
)

// FacetSize is the number of values returned for each entity facet.
const FacetSize = 10

// facets counts the values of every facet over all the matches, from the
// ordinals of the in-memory Table: one array increment per value of each
// matching document, then a top-k. Results are cached until the index
// changes.
func (s *Service) facets(p *plan, ms []match) map[string][]vigie.FacetValue {
	var out map[string][]vigie.FacetValue
	_ = s.ix.Read(func(t *indexer.Table) error {
		key := cacheKey(p.q, p.expr)
		if f, ok := s.cache.get(t.Gen(), key); ok {
			out = f
			return nil
		}
		out = make(map[string][]vigie.FacetValue, indexer.NumFields+2)
		for f := range indexer.NumFields {
			out[f.Name()] = countField(t, f, ms, FacetSize)
		}
		out["years"], out["months"] = histogram(ms, p.q.DateField == "event")
		s.cache.put(t.Gen(), key, out)
		return nil
	})
	return out
}

// countField returns the top k values of field f among ms.
func countField(t *indexer.Table, f indexer.Field, ms []match, k int) []vigie.FacetValue {
	d := t.Dict(f)
	counts := make([]int32, d.Len())
	var touched []uint32
	for i := range ms {
		for _, o := range ms[i].e.Values[f] {
			if int(o) >= len(counts) {
				continue // a value added since the dictionary was sized
			}
			if counts[o] == 0 {
				touched = append(touched, o)
			}
			counts[o]++
		}
	}
	return topValues(touched, func(o uint32) int { return int(counts[o]) }, d.Value, k)
}

// topValues returns the k values with the highest counts, ties broken by
// value, keeping a small sorted buffer rather than sorting every value.
func topValues(ords []uint32, count func(uint32) int, value func(uint32) string, k int) []vigie.FacetValue {
	better := func(a, b vigie.FacetValue) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	}
	top := make([]vigie.FacetValue, 0, k+1)
	for _, o := range ords {
		c := count(o)
		if len(top) == k && c < top[k-1].Count {
			continue
		}
		fv := vigie.FacetValue{Value: value(o), Count: c}
		i, _ := slices.BinarySearchFunc(top, fv, func(a, b vigie.FacetValue) int {
			if better(a, b) {
				return -1
			}
			if better(b, a) {
				return 1
			}
			return 0
		})
		if i >= k {
			continue
		}
		top = slices.Insert(top, i, fv)
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// histogram counts matches by year and by month of their publication date
// (or event dates), in chronological order. A document with several events
// counts once in each period it has one in.
func histogram(ms []match, event bool) (years, months []vigie.FacetValue) {
	ys := make(map[int]int)
	mos := make(map[int]int)
	var seenY, seenM []int
	for i := range ms {
		e := ms[i].e
		ranges := e.EventDates
		if !event {
			if !e.Pub.Valid() {
				continue
			}
			ranges = []indexer.DateRange{e.Pub}
		}
		seenY, seenM = seenY[:0], seenM[:0]
		for _, r := range ranges {
			y := int(r.Min) / 10000
			if !slices.Contains(seenY, y) {
				seenY = append(seenY, y)
				ys[y]++
			}
			// A date known only to the year has no month.
			if r.Max-r.Min > 31 {
				continue
			}
			m := int(r.Min) / 100
			if !slices.Contains(seenM, m) {
				seenM = append(seenM, m)
				mos[m]++
			}
		}
	}
	years = make([]vigie.FacetValue, 0, len(ys))
	for y, c := range ys {
		years = append(years, vigie.FacetValue{Value: fmt.Sprintf("%04d", y), Count: c})
	}
	months = make([]vigie.FacetValue, 0, len(mos))
	for m, c := range mos {
		months = append(months, vigie.FacetValue{Value: fmt.Sprintf("%04d-%02d", m/100, m%100), Count: c})
	}
	byValue := func(a, b vigie.FacetValue) int { return strings.Compare(a.Value, b.Value) }
	slices.SortFunc(years, byValue)
	slices.SortFunc(months, byValue)
	return years, months
}

// cacheKey identifies the set of matches of a query: its text and filters,
// not its page or sort.
func cacheKey(q vigie.Query, e *Expr) string {
	var b strings.Builder
	b.WriteString(e.String())
	for f, vs := range facetFilters(q) {
		for _, v := range vs {
			fmt.Fprintf(&b, "\x00%d=%s", f, indexer.Fold(v))
		}
	}
	fmt.Fprintf(&b, "\x00%s\x00%s\x00%s\x00%v", q.FromDate, q.ToDate, q.DateField, q.IncludeGone)
	if q.Near != nil {
		fmt.Fprintf(&b, "\x00%v", *q.Near)
	}
	return b.String()
}

// facetCache keeps the facets of recent queries for one generation of the
// index.
type facetCache struct {
	mu   sync.Mutex
	max  int
	gen  uint64
	vals map[string]map[string][]vigie.FacetValue
}

func newFacetCache(max int) *facetCache {
	return &facetCache{max: max, vals: make(map[string]map[string][]vigie.FacetValue)}
}

func (c *facetCache) get(gen uint64, key string) (map[string][]vigie.FacetValue, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil, false
	}
	v, ok := c.vals[key]
	return v, ok
}

func (c *facetCache) put(gen uint64, key string, v map[string][]vigie.FacetValue) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || len(c.vals) >= c.max {
		c.vals = make(map[string]map[string][]vigie.FacetValue)
		c.gen = gen
	}
	c.vals[key] = v
}
