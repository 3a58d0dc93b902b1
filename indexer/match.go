package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Match runs the bleve query q and calls fn with the Table ordinal and score
// of every matching document, in no particular order. It visits every match,
// so the caller can count, filter, facet and rank them all itself; it loads
// nothing from the documents.
//
// Without score, matches are not scored (fn gets 0), which is faster when
// they are sorted otherwise. fn runs while the Table is locked for reading:
// it must not call methods of the Index.
func (ix *Index) Match(ctx context.Context, q query.Query, score bool, fn func(t *Table, ord uint32, score float64)) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	r, ords, err := ix.reader()
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	defer r.Close()
	opts := search.SearcherOptions{}
	if !score {
		opts.Score = "none"
	}
	s, err := q.Searcher(ctx, r, ix.bl.Mapping(), opts)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	defer s.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0),
		IndexReader:       r,
	}
	n := 0
	for {
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		m, err := s.Next(sctx)
		if err != nil {
			return fmt.Errorf("match: %w", err)
		}
		if m == nil {
			return nil
		}
		num := m.IndexInternalID.Value()
		if num < uint64(len(ords)) && ords[num] != 0 {
			fn(ix.t, ords[num]-1, m.Score)
		}
		sctx.DocumentMatchPool.Put(m)
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
