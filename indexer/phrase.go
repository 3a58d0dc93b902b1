package indexer

import (
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// PhraseQuery matches the documents whose field holds the terms at
// consecutive positions; an empty term is a gap (a stop word) that any word
// fills. It matches and scores exactly as bleve's phrase query, several
// times faster on common words: bleve reads the positions of every term in
// every document that has them all and allocates a location for each,
// where this query first finds those documents and their scores without
// positions, then reads the positions of the candidates only, into reused
// buffers.
type PhraseQuery struct {
	Terms    []string     `json:"terms"`
	Field    string       `json:"field"`
	BoostVal *query.Boost `json:"boost,omitempty"`
}

// NewPhraseQuery returns the phrase query of the analysed terms in field.
func NewPhraseQuery(terms []string, field string) *PhraseQuery {
	return &PhraseQuery{Terms: terms, Field: field}
}

// SetBoost implements query.BoostableQuery.
func (q *PhraseQuery) SetBoost(b float64) {
	boost := query.Boost(b)
	q.BoostVal = &boost
}

// Boost implements query.BoostableQuery.
func (q *PhraseQuery) Boost() float64 { return q.BoostVal.Value() }

// Searcher implements query.Query.
func (q *PhraseQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts search.SearcherOptions) (search.Searcher, error) {
	opts.IncludeTermVectors = false
	var (
		terms   []search.Searcher
		readers []index.TermFieldReader
		offsets []uint64
	)
	fail := func(err error) (search.Searcher, error) {
		for _, s := range terms {
			s.Close()
		}
		for _, tr := range readers {
			tr.Close()
		}
		return nil, fmt.Errorf("phrase %q: %w", q.Terms, err)
	}
	for i, t := range q.Terms {
		if t == "" {
			continue
		}
		s, err := searcher.NewTermSearcher(ctx, r, t, q.Field, q.Boost(), opts)
		if err != nil {
			return fail(err)
		}
		terms = append(terms, s)
		tr, err := r.TermFieldReader(ctx, []byte(t), q.Field, false, false, true)
		if err != nil {
			return fail(err)
		}
		readers = append(readers, tr)
		offsets = append(offsets, uint64(i))
	}
	switch len(terms) {
	case 0:
		return searcher.NewMatchNoneSearcher(r)
	case 1:
		readers[0].Close()
		return terms[0], nil
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, terms, opts)
	if err != nil {
		return fail(err)
	}
	ps := &phraseSearcher{Searcher: conj, readers: readers, offsets: offsets, docs: make([]*index.TermFieldDoc, len(readers))}
	for i := range ps.docs {
		ps.docs[i] = &index.TermFieldDoc{}
	}
	return ps, nil
}

// phraseSearcher keeps the matches of the conjunction of a phrase's terms
// that have the terms at the phrase's positions.
type phraseSearcher struct {
	search.Searcher                         // the conjunction of the terms, scored as bleve's phrase
	readers         []index.TermFieldReader // each term's positions
	offsets         []uint64                // each term's position in the phrase
	docs            []*index.TermFieldDoc   // reused by the readers
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	m, err := s.Searcher.Next(ctx)
	return s.keep(ctx, m, err)
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	m, err := s.Searcher.Advance(ctx, id)
	return s.keep(ctx, m, err)
}

// keep returns the first of m and the conjunction's next matches that holds
// the phrase.
func (s *phraseSearcher) keep(ctx *search.SearchContext, m *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for m != nil && err == nil {
		ok, err := s.holds(m.IndexInternalID)
		if err != nil || ok {
			return m, err
		}
		ctx.DocumentMatchPool.Put(m)
		m, err = s.Searcher.Next(ctx)
	}
	return m, err
}

// holds reports whether document id, which has every term, has them at the
// phrase's positions.
func (s *phraseSearcher) holds(id index.IndexInternalID) (bool, error) {
	for i, tr := range s.readers {
		d, err := tr.Advance(id, s.docs[i].Reset())
		if err != nil {
			return false, err
		}
		if d == nil || !d.ID.Equals(id) {
			return false, nil
		}
		s.docs[i] = d
	}
	// Positions come in increasing order; the phrase starts where the
	// first term stands.
	for _, v := range s.docs[0].Vectors {
		if v.Pos < s.offsets[0] {
			continue
		}
		start := v.Pos - s.offsets[0]
		all := true
		for i := 1; i < len(s.docs) && all; i++ {
			want := start + s.offsets[i]
			_, all = slices.BinarySearchFunc(s.docs[i].Vectors, want, func(v *index.TermFieldVector, p uint64) int {
				switch {
				case v.Pos < p:
					return -1
				case v.Pos > p:
					return 1
				}
				return 0
			})
		}
		if all {
			return true, nil
		}
	}
	return false, nil
}

func (s *phraseSearcher) Close() error {
	err := s.Searcher.Close()
	for _, tr := range s.readers {
		if cerr := tr.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (s *phraseSearcher) Size() int { return s.Searcher.Size() + 64*len(s.readers) }
