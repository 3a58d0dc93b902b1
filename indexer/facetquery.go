package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// FacetQuery matches the documents whose facet field has one of the
// values, compared by Fold key, as the Table's filters do. It reads the
// Table's columns rather than a bleve field: facet values are not indexed
// in bleve, where the many distinct names of persons, places and
// organisations made every segment build and merge a third slower. It
// only runs within Index.Match and Index.Matches.
//
// A match scores its boost (0 makes a pure filter) and adds nothing to the
// query norm, so that it leaves the ranking of the text terms alone.
type FacetQuery struct {
	Field    Field        `json:"facet"`
	Values   []string     `json:"values"`
	BoostVal *query.Boost `json:"boost,omitempty"`
}

// NewFacetQuery returns the query of the documents whose field f has one of
// values.
func NewFacetQuery(f Field, values ...string) *FacetQuery {
	return &FacetQuery{Field: f, Values: values}
}

// FieldByParam returns the facet field whose query parameter is name
// ("signatory", "place", ...).
func FieldByParam(name string) (Field, bool) {
	for f, p := range fieldParams {
		if p == name {
			return Field(f), true
		}
	}
	return 0, false
}

// SetBoost implements query.BoostableQuery.
func (q *FacetQuery) SetBoost(b float64) {
	boost := query.Boost(b)
	q.BoostVal = &boost
}

// Boost implements query.BoostableQuery.
func (q *FacetQuery) Boost() float64 { return q.BoostVal.Value() }

// matchState is what a search within matches needs beyond bleve's reader:
// the Table and the Table ordinal+1 of each bleve document number of the
// snapshot searched. It travels in the context.
type matchState struct {
	t    *Table
	ords []uint32
}

type matchStateKey struct{}

// Searcher implements query.Query.
func (q *FacetQuery) Searcher(ctx context.Context, _ index.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	st, ok := ctx.Value(matchStateKey{}).(*matchState)
	if !ok {
		return nil, fmt.Errorf("facet query on %s: only runs within Index.Match or Index.Matches", q.Field.Param())
	}
	if q.Field < 0 || q.Field >= NumFields {
		return nil, fmt.Errorf("facet query: no field %d", q.Field)
	}
	s := &facetSearcher{st: st, f: q.Field}
	if opts.Score != "none" {
		s.score = q.Boost()
	}
	dict := st.t.Dict(q.Field)
	for _, v := range q.Values {
		if o, ok := dict.Lookup(v); ok {
			s.want = append(s.want, o)
			s.count += uint64(st.t.DocFreq(q.Field, o))
		}
	}
	if len(s.want) == 0 {
		s.next = uint64(len(st.ords)) // matches nothing
	}
	return s, nil
}

// facetSearcher walks bleve's document numbers in order and keeps those
// whose Table entry has one of the wanted values.
type facetSearcher struct {
	st    *matchState
	f     Field
	want  []uint32
	count uint64
	score float64
	next  uint64 // the next document number to look at
	last  uint64 // the document number last returned, if any
	any   bool
}

// Next implements search.Searcher.
func (s *facetSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	ords := s.st.ords
	for ; s.next < uint64(len(ords)); s.next++ {
		o := ords[s.next]
		if o != 0 && s.st.t.HasAny(s.f, o-1, s.want) {
			m := ctx.DocumentMatchPool.Get()
			m.IndexInternalID = index.NewIndexInternalID(m.IndexInternalID, s.next)
			m.Score = s.score
			s.last, s.any = s.next, true
			s.next++
			return m, nil
		}
	}
	return nil, nil
}

// Advance implements search.Searcher.
// An ID at or before the document last returned returns that document
// again.
func (s *facetSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if n := id.Value(); s.any && s.last >= n {
		s.next = s.last
	} else {
		s.next = max(s.next, n)
	}
	return s.Next(ctx)
}

// Count implements search.Searcher: the documents that have the values,
// which bleve's conjunctions use to let the rarest clause lead.
func (s *facetSearcher) Count() uint64 { return s.count }

// Weight implements search.Searcher: nothing, see FacetQuery.
func (s *facetSearcher) Weight() float64 { return 0 }

// SetQueryNorm implements search.Searcher.
func (s *facetSearcher) SetQueryNorm(float64) {}

// Min implements search.Searcher.
func (s *facetSearcher) Min() int { return 0 }

// Size implements search.Searcher.
func (s *facetSearcher) Size() int { return 64 + 4*len(s.want) }

// DocumentMatchPoolSize implements search.Searcher.
func (s *facetSearcher) DocumentMatchPoolSize() int { return 1 }

// Close implements search.Searcher.
func (s *facetSearcher) Close() error { return nil }
