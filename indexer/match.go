package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Match runs the bleve query q and calls fn with the Table ordinal and score
// of every matching document, in no particular order. It visits every match,
// so the caller can count, filter, facet and rank them all itself; it loads
// nothing from the documents.
//
// fn runs while the Table is locked for reading: it must not call methods of
// the Index.
func (ix *Index) Match(ctx context.Context, q query.Query, fn func(t *Table, ord uint32, score float64)) error {
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
	s, err := q.Searcher(ctx, r, ix.bl.Mapping(), search.SearcherOptions{})
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
// bleve document number. It is built from the "id" doc values once per
// snapshot. The caller holds ix.mu for reading.
func (ix *Index) ordinals(r index.IndexReader) ([]uint32, error) {
	ix.ordsMu.Lock()
	defer ix.ordsMu.Unlock()
	if ix.ordsSnap == r && ix.ords != nil {
		return ix.ords, nil
	}
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, err
	}
	defer all.Close()
	dv, err := r.DocValueReader([]string{fieldID})
	if err != nil {
		return nil, err
	}
	var ords []uint32
	if n, err := r.DocCount(); err == nil {
		ords = make([]uint32, 0, n+n/4)
	}
	var cur uint32
	visit := func(field string, term []byte) {
		if o, ok := ix.t.byID[string(term)]; ok {
			cur = o + 1
		}
	}
	for {
		id, err := all.Next()
		if err != nil {
			return nil, err
		}
		if id == nil {
			break
		}
		num := id.Value()
		cur = 0
		if err := dv.VisitDocValues(id, visit); err != nil {
			return nil, err
		}
		for uint64(len(ords)) <= num {
			ords = append(ords, 0)
		}
		ords[num] = cur
	}
	ix.ordsSnap, ix.ords = r, ords
	return ords, nil
}
