package search

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"vigie"
	"vigie/indexer"
)

// FacetSize is the number of values returned for each entity facet.
const FacetSize = 10

// facets counts the values of every facet over all the matches, from the
// ordinal columns of the in-memory Table: one array increment per value of
// each matching document, then a top-k. When the matches are most of the
// index, it counts the documents that do not match instead and subtracts
// them from the counts of the whole index, which are kept per generation.
// Results are cached until the index changes.
func (s *Service) facets(p *plan, ms []match) map[string][]vigie.FacetValue {
	var out map[string][]vigie.FacetValue
	_ = s.ix.Read(func(t *indexer.Table) error {
		key := cacheKey(p.q, p.expr)
		if f, ok := s.cache.get(t.Gen(), key); ok {
			out = f
			return nil
		}
		counts := s.countFields(t, ms, p.q.IncludeGone)
		out = make(map[string][]vigie.FacetValue, indexer.NumFields+2)
		for f := range indexer.NumFields {
			out[f.Name()] = topCounts(counts[f], t.Dict(f).Value, FacetSize)
			countScratch.Put(&counts[f])
		}
		out["years"], out["months"] = histogram(t, ms, p.q.DateField == "event")
		s.cache.put(t.Gen(), key, out)
		return nil
	})
	return out
}

// universe holds the facet counts of every document of one generation of
// the index that is not gone.
type universe struct {
	mu     sync.Mutex
	gen    uint64
	n      int
	counts [indexer.NumFields][]int32
}

// countFields returns, for every facet field, the number of matches that
// have each value (indexed by value ordinal).
func (s *Service) countFields(t *indexer.Table, ms []match, includeGone bool) [indexer.NumFields][]int32 {
	var counts [indexer.NumFields][]int32
	u := &s.universe
	u.mu.Lock()
	if u.gen != t.Gen() || u.counts[0] == nil {
		u.n = 0
		for f := range indexer.NumFields {
			u.counts[f] = make([]int32, t.Dict(f).Len())
		}
		for o := range uint32(t.Len()) {
			if !t.Exists(o) || t.Gone(o) {
				continue
			}
			u.n++
			for f := range indexer.NumFields {
				c := u.counts[f]
				for _, v := range t.Values(f, o) {
					c[v]++
				}
			}
		}
		u.gen = t.Gen()
	}
	complement := !includeGone && len(ms) > u.n/2
	if complement {
		for f := range indexer.NumFields {
			counts[f] = append(zeroCounts(0), u.counts[f]...)
		}
	}
	u.mu.Unlock()
	if complement {
		in := make([]uint64, (t.Len()+63)/64)
		for i := range ms {
			in[ms[i].ord/64] |= 1 << (ms[i].ord % 64)
		}
		eachField(len(ms), func(f indexer.Field) {
			c := counts[f]
			for o := range uint32(t.Len()) {
				if in[o/64]&(1<<(o%64)) != 0 || !t.Exists(o) || t.Gone(o) {
					continue
				}
				for _, v := range t.Values(f, o) {
					c[v]--
				}
			}
		})
		return counts
	}
	eachField(len(ms), func(f indexer.Field) {
		c := zeroCounts(t.Dict(f).Len())
		for i := range ms {
			for _, v := range t.Values(f, ms[i].ord) {
				c[v]++
			}
		}
		counts[f] = c
	})
	return counts
}

// countScratch holds count arrays for reuse: a query counts the values of
// every facet field, hundreds of kilobytes that would otherwise be garbage.
var countScratch = sync.Pool{New: func() any { return new([]int32) }}

// zeroCounts returns an array of n zero counts.
func zeroCounts(n int) []int32 {
	c := *countScratch.Get().(*[]int32)
	if cap(c) < n {
		return make([]int32, n)
	}
	c = c[:n]
	clear(c)
	return c
}

// parallelFacetMatches is the number of matches from which the fields are
// counted on all cores at once.
const parallelFacetMatches = 2000

// eachField calls fn for every facet field: on several goroutines, which
// take the next field as they finish one, when there are enough matches.
func eachField(matches int, fn func(f indexer.Field)) {
	workers := min(runtime.GOMAXPROCS(0), int(indexer.NumFields))
	if matches < parallelFacetMatches || workers < 2 {
		for f := range indexer.NumFields {
			fn(f)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for f := indexer.Field(next.Add(1) - 1); f < indexer.NumFields; f = indexer.Field(next.Add(1) - 1) {
				fn(f)
			}
		})
	}
	wg.Wait()
}

// topCounts returns the k values with the highest non-zero counts (counts
// is indexed by value ordinal), ties broken by value, keeping a small sorted
// buffer rather than sorting every value.
func topCounts(counts []int32, value func(uint32) string, k int) []vigie.FacetValue {
	better := func(a, b vigie.FacetValue) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	}
	top := make([]vigie.FacetValue, 0, k+1)
	for o, n := range counts {
		c := int(n)
		if c <= 0 || len(top) == k && c < top[k-1].Count {
			continue
		}
		fv := vigie.FacetValue{Value: value(uint32(o)), Count: c}
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
func histogram(t *indexer.Table, ms []match, event bool) (years, months []vigie.FacetValue) {
	const firstYear, lastYear = 1900, 2200
	ys := make([]int, lastYear-firstYear)
	mos := make([]int, (lastYear-firstYear)*12)
	var seenY, seenM []int
	count := func(r indexer.DateRange) {
		y := int(r.Min) / 10000
		if y < firstYear || y >= lastYear {
			return
		}
		if !slices.Contains(seenY, y) {
			seenY = append(seenY, y)
			ys[y-firstYear]++
		}
		// A date known only to the year has no month.
		if r.Max-r.Min > 31 {
			return
		}
		m := (y-firstYear)*12 + int(r.Min)/100%100 - 1
		if !slices.Contains(seenM, m) {
			seenM = append(seenM, m)
			mos[m]++
		}
	}
	for i := range ms {
		seenY, seenM = seenY[:0], seenM[:0]
		if !event {
			if r := t.Pub(ms[i].ord); r.Valid() {
				count(r)
			}
			continue
		}
		for _, r := range t.Entry(ms[i].ord).EventDates {
			count(r)
		}
	}
	years, months = []vigie.FacetValue{}, []vigie.FacetValue{}
	for i, c := range ys {
		if c > 0 {
			years = append(years, vigie.FacetValue{Value: fmt.Sprintf("%04d", firstYear+i), Count: c})
		}
	}
	for i, c := range mos {
		if c > 0 {
			months = append(months, vigie.FacetValue{Value: fmt.Sprintf("%04d-%02d", firstYear+i/12, i%12+1), Count: c})
		}
	}
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

// rawCache keeps the bleve matches of recent queries for one generation of
// the index.
type rawCache struct {
	mu   sync.Mutex
	max  int
	gen  uint64
	vals map[string][]indexer.Scored
}

func newRawCache(max int) *rawCache {
	return &rawCache{max: max, vals: make(map[string][]indexer.Scored)}
}

func (c *rawCache) get(gen uint64, key string) ([]indexer.Scored, bool) {
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

func (c *rawCache) put(gen uint64, key string, v []indexer.Scored) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || len(c.vals) >= c.max {
		c.vals = make(map[string][]indexer.Scored)
		c.gen = gen
	}
	c.vals[key] = v
}
