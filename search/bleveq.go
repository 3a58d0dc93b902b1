package search

import (
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie/indexer"
)

// titleBoost weighs a match in the title against one in the text.
const titleBoost = 2.0

// bleveQuery turns a parsed text query into a bleve query, and returns the
// analysed terms of its positive text atoms, for highlighting, and a query
// of those atoms on titles, whose matches rank higher. It returns a nil
// query when nothing in e constrains the match (e is empty or only stop
// words).
func (s *Service) bleveQuery(e *Expr) (query.Query, map[string]bool, query.Query) {
	terms := make(map[string]bool)
	var must, should, mustNot []query.Query
	for _, c := range e.Clauses {
		var alts []query.Query
		for _, a := range c.Alts {
			q := s.atomQuery(a, a.Field, terms)
			if q == nil {
				continue
			}
			if a.Field == "" && !a.Not {
				// Rank documents that have the words in their title higher.
				should = append(should, s.atomQuery(a, "title", nil))
			}
			if a.Not {
				mustNot = append(mustNot, q)
			} else {
				alts = append(alts, q)
			}
		}
		switch {
		case len(alts) == 1:
			must = append(must, alts[0])
		case len(alts) > 1:
			must = append(must, query.NewDisjunctionQuery(alts))
		}
	}
	var title query.Query
	switch len(should) {
	case 0:
	case 1:
		title = should[0]
	default:
		title = query.NewDisjunctionQuery(should)
	}
	if len(must) == 0 && len(mustNot) == 0 {
		return nil, terms, nil
	}
	if len(must) == 0 {
		must = append(must, query.NewMatchAllQuery())
	}
	var mq query.Query = must[0]
	if len(must) > 1 {
		mq = query.NewConjunctionQuery(must)
	}
	if len(mustNot) == 0 {
		return mq, terms, title
	}
	return query.NewBooleanQuery([]query.Query{mq}, nil, mustNot), terms, title
}

// atomQuery returns the query of one atom on field (the atom's own, or
// "title" for the ranking clause), or nil if it has no terms. It adds the
// atom's analysed terms to terms, for highlighting.
func (s *Service) atomQuery(a Atom, field string, terms map[string]bool) query.Query {
	switch field {
	case "", "title", "text":
		toks := s.ix.Analyze(a.Text)
		if len(toks) == 0 {
			return nil
		}
		if !a.Not && terms != nil {
			for _, t := range toks {
				terms[string(t.Term)] = true
			}
		}
		f := indexer.FieldText
		if field == "title" {
			f = indexer.FieldTitle
		}
		{
			var q query.Query
			if len(toks) == 1 {
				tq := query.NewTermQuery(string(toks[0].Term))
				tq.SetField(f)
				q = tq
			} else {
				// Stop words leave gaps in positions; an empty term keeps
				// the gap in the phrase.
				first := toks[0].Position
				ph := make([]string, toks[len(toks)-1].Position-first+1)
				for _, t := range toks {
					ph[t.Position-first] = string(t.Term)
				}
				q = indexer.NewPhraseQuery(ph, f)
			}
			if f == indexer.FieldTitle {
				q.(query.BoostableQuery).SetBoost(titleBoost)
			}
			return q
		}
	default:
		f, ok := indexer.FieldByParam(a.Field)
		if !ok {
			return nil
		}
		return indexer.NewFacetQuery(f, a.Text)
	}
}

// withFilters narrows the text query bq to the documents that have one of
// the values of each facet filter, so that bleve skips the others rather
// than scoring every match of a broad word and leaving the filter to the
// Table: a filter on a rare value leads bleve's conjunction, and the text
// terms are only read for the documents it keeps. The filter clauses have
// a zero boost: they add nothing to scores and leave the query norm alone,
// so ranking is unchanged. They read the same Table values as the Table's
// own filter, applied afterwards, which so keeps the same documents.
func withFilters(bq query.Query, values *[indexer.NumFields][]string) query.Query {
	if bq == nil {
		return nil
	}
	and := []query.Query{bq}
	for f, vs := range values {
		if len(vs) == 0 {
			continue
		}
		fq := indexer.NewFacetQuery(indexer.Field(f), vs...)
		fq.SetBoost(0)
		and = append(and, fq)
	}
	if len(and) == 1 {
		return bq
	}
	return query.NewConjunctionQuery(and)
}
