package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
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
	adv, err := ix.bl.Advanced()
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
	defer r.Close()

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	ords, err := ix.ordinals(r)
	if err != nil {
		return fmt.Errorf("match: %w", err)
	}
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

// ordinals returns, for the bleve snapshot r, the Table ordinal+1 of each
// bleve document number (0: unknown). Bleve numbers documents by segment;
// segments are immutable, so the mapping of each is built once from the
// "id" doc values and kept while the segment lives, and a snapshot's mapping
// is the concatenation of its segments'. The caller holds ix.mu for reading.
func (ix *Index) ordinals(r index.IndexReader) ([]uint32, error) {
	ix.ordsMu.Lock()
	defer ix.ordsMu.Unlock()
	if ix.ordsSnap == r && ix.ords != nil {
		return ix.ords, nil
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("unexpected bleve reader %T", r)
	}
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
	ix.segOrds = live
	ix.ordsSnap, ix.ords = r, ords
	return ords, nil
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
