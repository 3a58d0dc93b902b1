package indexer

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Match runs the bleve query q and calls fn with the Table ordinal and score
// of every matching document, in bleve's document order (see Matches).
// fn runs while the Table is locked for reading: it must not call methods
// of the Index.
func (ix *Index) Match(ctx context.Context, q query.Query, score bool, fn func(t *Table, ord uint32, score float64)) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ms, err := ix.matches(ctx, q, score)
	for _, m := range ms {
		fn(ix.t, m.Ord, m.Score)
	}
	return err
}

// Matches returns the Table ordinal and score of every document that
// matches the bleve query q, in bleve's document order. It visits every
// match, so the caller can count, filter, facet and rank them all itself;
// it loads nothing from the documents. On a large index the documents are
// split in ranges searched on all cores at once.
//
// Without score, matches are not scored (their Score is 0), which is faster
// when they are sorted otherwise.
func (ix *Index) Matches(ctx context.Context, q query.Query, score bool) ([]Scored, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.matches(ctx, q, score)
}

// matches is Matches; the caller holds ix.mu for reading.
func (ix *Index) matches(ctx context.Context, q query.Query, score bool) ([]Scored, error) {
	r, ords, err := ix.reader()
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	defer r.Close()
	parts := 1
	if len(ords) >= ix.splitDocs {
		parts = ix.splitParts
		if parts == 0 {
			parts = min(runtime.GOMAXPROCS(0), maxMatchParts)
		}
	}
	found := make([]*[]Scored, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := uint64(p*len(ords)/parts), uint64((p+1)*len(ords)/parts)
		found[p] = scratch.Get().(*[]Scored)
		run := func() { *found[p], errs[p] = ix.matchRange(ctx, r, ords, q, score, lo, hi, (*found[p])[:0]) }
		if parts == 1 {
			run()
		} else {
			wg.Go(run)
		}
	}
	wg.Wait()
	defer func() {
		for _, buf := range found {
			if cap(*buf) <= maxScratch {
				scratch.Put(buf)
			}
		}
	}()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	n := 0
	for _, ms := range found {
		n += len(*ms)
	}
	// The matches are collected in reused buffers and copied once, so that
	// a query allocates what it returns and no more.
	out := make([]Scored, 0, n)
	for _, ms := range found {
		out = append(out, *ms...)
	}
	return out, nil
}

// scratch holds the buffers matchRange collects matches in.
var scratch = sync.Pool{New: func() any { return new([]Scored) }}

// maxScratch is the capacity past which a buffer is not kept for reuse.
const maxScratch = 1 << 20

// splitMatchDocs is the index size from which Match splits the search;
// maxMatchParts bounds the ranges.
const (
	splitMatchDocs = 20_000
	maxMatchParts  = 4
)

// Scored is a match: a Table ordinal and its score.
type Scored struct {
	Ord   uint32
	Score float64
}

// matchRange appends to out the matches of q among bleve's document
// numbers [lo, hi) of snapshot r.
func (ix *Index) matchRange(ctx context.Context, r *scorch.IndexSnapshot, ords []uint32, q query.Query, score bool, lo, hi uint64, out []Scored) ([]Scored, error) {
	opts := search.SearcherOptions{}
	if !score {
		opts.Score = "none"
	}
	ctx = context.WithValue(ctx, matchStateKey{}, &matchState{t: ix.t, ords: ords})
	s, err := q.Searcher(ctx, r, ix.bl.Mapping(), opts)
	if err != nil {
		return nil, fmt.Errorf("match: %w", err)
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       r,
	}
	var m *search.DocumentMatch
	if lo > 0 {
		m, err = s.Advance(sctx, index.NewIndexInternalID(nil, lo))
	} else {
		m, err = s.Next(sctx)
	}
	for n := 1; ; n++ {
		if err != nil {
			return nil, fmt.Errorf("match: %w", err)
		}
		if m == nil {
			return out, nil
		}
		num := m.IndexInternalID.Value()
		if num >= hi {
			return out, nil
		}
		if num < uint64(len(ords)) && ords[num] != 0 {
			out = append(out, Scored{ords[num] - 1, m.Score})
		}
		sctx.DocumentMatchPool.Put(m)
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		m, err = s.Next(sctx)
	}
}

// Lag returns the number of background mappings started so far and whether
// one is running. While one is, Match may answer from a snapshot that lacks
// the newest documents; a caller that caches matches compares Lag before
// and after.
func (ix *Index) Lag() (starts uint64, running bool) {
	ix.ordsMu.Lock()
	defer ix.ordsMu.Unlock()
	return ix.mapStarts, ix.mapping
}

// mappedSnapshot is a bleve snapshot whose document numbers are mapped to
// Table ordinals; the Index holds a reference to it.
type mappedSnapshot struct {
	snap *scorch.IndexSnapshot
	ords []uint32 // bleve doc number -> ordinal+1 (0: unknown)
}

// syncMapDocs is how many new documents a query maps itself before it
// answers; more (a large merged segment) are mapped in the background while
// queries use the last mapped snapshot.
const syncMapDocs = 20_000

// reader returns a bleve snapshot to query, with a reference the caller
// closes, and the Table ordinal+1 of each of its document numbers.
//
// Bleve numbers documents by segment; segments are immutable, so the
// mapping of each is built once from the "id" doc values and kept while the
// segment lives, and a snapshot's mapping is the concatenation of its
// segments'. The latest snapshot is used when its new segments are small;
// after a large merge the previous snapshot answers until the merged
// segment is mapped. The caller holds ix.mu for reading.
func (ix *Index) reader() (*scorch.IndexSnapshot, []uint32, error) {
	adv, err := ix.bl.Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, nil, fmt.Errorf("unexpected bleve reader %T", r)
	}
	ix.ordsMu.Lock()
	defer ix.ordsMu.Unlock()
	if cur := ix.mapped; cur != nil && cur.snap == snap {
		return snap, cur.ords, nil
	}
	missing := 0
	for _, ss := range snap.Segments() {
		if _, ok := ix.segOrds[ss.Segment()]; !ok {
			missing += int(ss.Segment().Count())
		}
	}
	if missing > ix.syncMapDocs && ix.mapped != nil {
		if !ix.mapping {
			ix.mapping = true
			ix.mapStarts++
			snap.AddRef()
			ix.bg.Add(1)
			go ix.mapInBackground(snap)
		}
		snap.Close()
		cur := ix.mapped
		cur.snap.AddRef()
		return cur.snap, cur.ords, nil
	}
	ords, err := ix.mapSnapshot(snap)
	if err != nil {
		snap.Close()
		return nil, nil, err
	}
	snap.AddRef() // the Index's own reference
	if ix.mapped != nil {
		ix.mapped.snap.DecRef()
	}
	ix.mapped = &mappedSnapshot{snap: snap, ords: ords}
	return snap, ords, nil
}

// mapSnapshot concatenates the mappings of snap's segments, building the
// missing ones. The caller holds ix.mu for reading and ix.ordsMu.
func (ix *Index) mapSnapshot(snap *scorch.IndexSnapshot) ([]uint32, error) {
	segs := snap.Segments()
	total := 0
	for _, ss := range segs {
		total += int(ss.Segment().Count())
	}
	ords := make([]uint32, 0, total)
	live := make(map[segment.Segment][]uint32, len(segs))
	for _, ss := range segs {
		seg := ss.Segment()
		m, ok := ix.segOrds[seg]
		if !ok {
			var err error
			if m, err = ix.segmentOrdinals(seg); err != nil {
				return nil, err
			}
		}
		live[seg] = m
		ords = append(ords, m...)
	}
	if ix.mapping {
		// Keep what the background mapping is adding.
		for seg, m := range ix.segOrds {
			if _, ok := live[seg]; !ok {
				live[seg] = m
			}
		}
	}
	ix.segOrds = live
	return ords, nil
}

// mapInBackground maps the segments of snap that are not mapped yet, then
// releases snap.
func (ix *Index) mapInBackground(snap *scorch.IndexSnapshot) {
	defer ix.bg.Done()
	defer snap.DecRef()
	ix.mu.RLock()
	built := map[segment.Segment][]uint32{}
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		ix.ordsMu.Lock()
		_, ok := ix.segOrds[seg]
		ix.ordsMu.Unlock()
		if ok {
			continue
		}
		m, err := ix.segmentOrdinals(seg)
		if err != nil {
			break // the next query maps it itself
		}
		built[seg] = m
	}
	ix.mu.RUnlock()
	ix.ordsMu.Lock()
	for seg, m := range built {
		ix.segOrds[seg] = m
	}
	ix.mapping = false
	ix.ordsMu.Unlock()
}

// segmentOrdinals maps the documents of one segment to Table ordinal+1.
func (ix *Index) segmentOrdinals(seg segment.Segment) ([]uint32, error) {
	n := seg.Count()
	m := make([]uint32, n)
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("bleve segment %T has no doc values", seg)
	}
	fields := []string{fieldID}
	var cur uint32
	visit := func(field string, term []byte) {
		if o, ok := ix.t.byID[string(term)]; ok {
			cur = o + 1
		}
	}
	var state segment.DocVisitState
	for i := range n {
		cur = 0
		var err error
		if state, err = dv.VisitDocValues(i, fields, visit, state); err != nil {
			return nil, err
		}
		m[i] = cur
	}
	return m, nil
}
