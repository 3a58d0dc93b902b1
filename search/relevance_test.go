package search

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"vigie"
	"vigie/indexer"
)

// relevanceFile is one file of the relevance suite: documents, and queries
// with the hits, events and facet counts they must return.
type relevanceFile struct {
	Description string            `json:"description"`
	Documents   []*vigie.Document `json:"documents"`
	Cases       []relevanceCase   `json:"cases"`
}

type relevanceCase struct {
	Name     string                        `json:"name"`
	Endpoint string                        `json:"endpoint"` // "search" (default) or "events"
	Params   string                        `json:"params"`   // the API's query string
	Hits     []string                      `json:"hits"`     // document ids
	Ordered  bool                          `json:"ordered"`
	Total    int                           `json:"total"` // when different from len(hits), with pagination
	Events   []relevanceEvent              `json:"events"`
	Facets   map[string][]vigie.FacetValue `json:"facets"` // values that must have these counts
	Error    bool                          `json:"error"`  // the query must be rejected as invalid
}

type relevanceEvent struct {
	Date    string   `json:"date"`
	Place   string   `json:"place"`
	Sources []string `json:"sources"`
}

func TestRelevance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "relevance", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no relevance files: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var rf relevanceFile
			if err := json.Unmarshal(data, &rf); err != nil {
				t.Fatal(err)
			}
			ix, err := indexer.OpenMem()
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if err := ix.Put(context.Background(), rf.Documents...); err != nil {
				t.Fatal(err)
			}
			s := New(ix)
			for _, c := range rf.Cases {
				t.Run(c.Name, func(t *testing.T) { runRelevanceCase(t, s, c) })
			}
		})
	}
}

func runRelevanceCase(t *testing.T, s *Service, c relevanceCase) {
	ctx := context.Background()
	v, err := url.ParseQuery(c.Params)
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("size") == "" {
		v.Set("size", "100")
	}
	q, err := ParseQuery(v)
	if c.Error {
		if !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("ParseQuery(%s) = %v, want an ErrInvalid error", c.Params, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("ParseQuery(%s): %v", c.Params, err)
	}
	var facets map[string][]vigie.FacetValue
	if c.Endpoint == "events" {
		res, err := s.Events(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []relevanceEvent
		for _, e := range res.Events {
			re := relevanceEvent{Date: e.Date, Place: e.Place}
			for _, src := range e.Sources {
				re.Sources = append(re.Sources, src.ID)
			}
			slices.Sort(re.Sources)
			got = append(got, re)
		}
		if !slices.EqualFunc(got, c.Events, func(a, b relevanceEvent) bool {
			return a.Date == b.Date && a.Place == b.Place && slices.Equal(a.Sources, b.Sources)
		}) {
			t.Errorf("events %s:\n got %+v\nwant %+v", c.Params, got, c.Events)
		}
		facets = res.Facets
	} else {
		res, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		want := slices.Clone(c.Hits)
		if !c.Ordered {
			slices.Sort(got)
			slices.Sort(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("search %s:\n got %q\nwant %q", c.Params, got, want)
		}
		total := c.Total
		if total == 0 {
			total = len(c.Hits)
		}
		if int(res.Total) != total {
			t.Errorf("search %s: total %d, want %d", c.Params, res.Total, total)
		}
		facets = res.Facets
	}
	for name, want := range c.Facets {
		for _, w := range want {
			i := slices.IndexFunc(facets[name], func(f vigie.FacetValue) bool { return f.Value == w.Value })
			if i < 0 || facets[name][i].Count != w.Count {
				t.Errorf("facet %s: %q has %v, want count %d (facet: %v)", name, w.Value, i >= 0 && facets[name][i].Count == w.Count, w.Count, facets[name])
			}
		}
	}
}
