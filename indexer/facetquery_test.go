package indexer

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie"
)

// facetDoc is benchDoc n with persons, organisations and sites that vary
// from document to document; version changes them, as a new edition of
// the page would.
func facetDoc(n, version int) *vigie.Document {
	d := benchDoc(n)
	d.Persons = []string{fmt.Sprintf("Personne Numéro%d", (n+version)%7), fmt.Sprintf("Élise Autre%d", n%11)}
	d.Orgs = []string{fmt.Sprintf("Organisation %d", (n+version)%5)}
	d.Site = fmt.Sprintf("site%d.example", n%3)
	d.Events = nil
	return d
}

// TestFacetQuery checks that FacetQuery matches exactly the documents
// whose Table values hold one of its values, alone and inside
// conjunctions, exclusions and disjunctions, in one range or split, after
// documents were replaced and deleted; and that its count, which orders
// bleve's conjunctions, is the number of documents that have each value.
func TestFacetQuery(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	for i := 0; i < 300; i += 50 { // one bleve segment per Put
		docs := make([]*vigie.Document, 0, 50)
		for n := i; n < i+50; n++ {
			docs = append(docs, facetDoc(n, 0))
		}
		if err := ix.Put(ctx, docs...); err != nil {
			t.Fatal(err)
		}
	}
	for n := 0; n < 300; n += 13 { // new editions with other values
		if err := ix.Put(ctx, facetDoc(n, 1)); err != nil {
			t.Fatal(err)
		}
	}
	for n := 5; n < 300; n += 31 {
		if err := ix.Delete(ctx, facetDoc(n, 0).ID); err != nil {
			t.Fatal(err)
		}
	}

	// want returns the ordinals whose field f has one of vs, from the
	// Table's entries.
	want := func(f Field, vs ...string) map[uint32]bool {
		out := map[uint32]bool{}
		ix.Read(func(tb *Table) error {
			for o := range uint32(tb.Len()) {
				e := tb.Entry(o)
				if e == nil {
					continue
				}
				for _, v := range e.Values[f] {
					if slices.Contains(vs, tb.Dict(f).Value(v)) || slices.Contains(vs, Fold(tb.Dict(f).Value(v))) {
						out[o] = true
					}
				}
			}
			return nil
		})
		return out
	}
	run := func(q query.Query, parts int) map[uint32]float64 { return splitMatch(t, ix, q, parts) }
	term := query.NewTermQuery("industri")
	term.SetField(FieldText)
	terms := run(term, 1)

	cases := []struct {
		f  Field
		vs []string
	}{
		{Persons, []string{"Personne Numéro3"}},
		{Persons, []string{"personne numero3"}}, // compared by Fold key
		{Persons, []string{"Personne Numéro1", "Élise Autre4"}},
		{Orgs, []string{"Organisation 2"}},
		{Sites, []string{"site0.example", "site2.example"}},
		{Orgs, []string{"Organisation inconnue"}},
	}
	for _, c := range cases {
		wantSet := want(c.f, c.vs...)
		fq := NewFacetQuery(c.f, c.vs...)
		filter := NewFacetQuery(c.f, c.vs...)
		filter.SetBoost(0)
		queries := map[string]query.Query{
			"alone":  fq,
			"and":    query.NewConjunctionQuery([]query.Query{term, filter}),
			"not":    query.NewBooleanQuery([]query.Query{term}, nil, []query.Query{fq}),
			"or":     query.NewDisjunctionQuery([]query.Query{fq, NewFacetQuery(Sites, "site1.example")}),
			"nested": query.NewConjunctionQuery([]query.Query{filter, query.NewDisjunctionQuery([]query.Query{term, fq})}),
		}
		expect := map[string]map[uint32]bool{
			"alone": wantSet, "and": {}, "not": {}, "or": maps.Clone(wantSet), "nested": wantSet,
		}
		for o := range terms {
			if wantSet[o] {
				expect["and"][o] = true
			} else {
				expect["not"][o] = true
			}
		}
		for o := range want(Sites, "site1.example") {
			expect["or"][o] = true
		}
		for name, q := range queries {
			for _, parts := range []int{1, 2, 3, 7} {
				got := run(q, parts)
				if len(got) != len(expect[name]) {
					t.Errorf("%v %q %s in %d ranges: %d matches, want %d", c.f.Name(), c.vs, name, parts, len(got), len(expect[name]))
					continue
				}
				for o := range expect[name] {
					if _, ok := got[o]; !ok {
						t.Errorf("%v %q %s in %d ranges: document %d missing", c.f.Name(), c.vs, name, parts, o)
						break
					}
				}
			}
		}
		// A zero-boost filter leaves the scores of the text terms alone.
		for o, s := range run(queries["and"], 1) {
			if s != terms[o] {
				t.Errorf("%v %q: filtered score %v of document %d, want %v unfiltered", c.f.Name(), c.vs, s, o, terms[o])
				break
			}
		}
		// The count bleve orders conjunctions by.
		ix.mu.RLock()
		sr, err := fq.Searcher(context.WithValue(ctx, matchStateKey{}, &matchState{t: ix.t}), nil, nil, search.SearcherOptions{})
		ix.mu.RUnlock()
		if err != nil {
			t.Fatal(err)
		}
		sum := 0 // a document with two of the values counts twice
		for _, v := range c.vs {
			sum += len(want(c.f, v))
		}
		if n := sr.Count(); n != uint64(sum) {
			t.Errorf("%v %q: count %d, want %d", c.f.Name(), c.vs, n, sum)
		}
		if len(wantSet) == 0 && c.vs[0] != "Organisation inconnue" {
			t.Errorf("%v %q matches nothing: a useless test case", c.f.Name(), c.vs)
		}
	}

	if _, err := NewFacetQuery(Persons, "x").Searcher(ctx, nil, nil, search.SearcherOptions{}); err == nil {
		t.Error("a facet query searched outside Match: no error")
	}
}
