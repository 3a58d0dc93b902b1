package alert

import (
	"cmp"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie"
)

// docSet is a small in-memory document collection answering the Searcher
// and Documents interfaces the way the search service does: text filter,
// newest first, paged. The end-to-end test uses the real index and search.
type docSet struct {
	mu   sync.Mutex
	docs map[string]*vigie.Document
}

func newDocSet(docs ...*vigie.Document) *docSet {
	s := &docSet{docs: make(map[string]*vigie.Document)}
	for _, d := range docs {
		s.put(d)
	}
	return s
}

func (s *docSet) put(d *vigie.Document) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d.ID == "" {
		d.ID = vigie.DocumentID(d.URL)
	}
	s.docs[d.ID] = d
}

func (s *docSet) Search(ctx context.Context, q vigie.Query) (*vigie.Results, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []vigie.Hit
	for _, d := range s.docs {
		if q.Text != "" && !strings.Contains(strings.ToLower(d.Title+" "+d.Text), strings.ToLower(q.Text)) {
			continue
		}
		hits = append(hits, vigie.Hit{ID: d.ID, URL: d.URL, Title: d.Title, Site: d.Site, Published: d.Published, Snippet: d.Text})
	}
	slices.SortFunc(hits, func(a, b vigie.Hit) int {
		return cmp.Or(cmp.Compare(b.Published, a.Published), cmp.Compare(a.ID, b.ID))
	})
	res := &vigie.Results{Total: uint64(len(hits))}
	from, size := q.From, q.Size
	if size == 0 {
		size = 10
	}
	if from < len(hits) {
		res.Hits = hits[from:min(from+size, len(hits))]
	}
	return res, nil
}

func (s *docSet) Get(ctx context.Context, id string) (*vigie.Document, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[id]
	if !ok {
		return nil, vigie.ErrNotFound
	}
	c := *d
	return &c, nil
}

// parseQuery stands for search.ParseQuery: q and sort only.
func parseQuery(v url.Values) (vigie.Query, error) {
	for k := range v {
		if k != "q" && k != "sort" && k != "region" {
			return vigie.Query{}, &FieldError{Field: k, Msg: "unknown parameter"}
		}
	}
	return vigie.Query{Text: v.Get("q"), Regions: v["region"], Sort: v.Get("sort")}, nil
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func mustOpen(tb testing.TB, dir string) *Store {
	tb.Helper()
	st, err := Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return st
}

func newTestService(tb testing.TB, st *Store, docs *docSet, now func() time.Time) *Service {
	tb.Helper()
	return New(st, Config{
		Search: docs, Documents: docs, ParseQuery: parseQuery, AllowPrivate: true, Now: now,
		Delivery: DeliveryConfig{MinBackoff: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond, MaxAttempts: 5,
			Poll: 10 * time.Millisecond, Timeout: 5 * time.Second},
	})
}

func serveMux(s *Service) *httptest.Server {
	mux := http.NewServeMux()
	s.Register(mux)
	return httptest.NewServer(mux)
}

func signing(url, title, date, place, code string, signers ...string) *vigie.Document {
	d := &vigie.Document{URL: url, Site: "actu.test", Title: title, Text: title + ". Texte de l'article.", Published: date, IsSigning: true}
	e := vigie.Event{Date: date, Place: place, Agreement: "contrat Territoires d'industrie", Type: "contrat",
		PlaceRef: &vigie.Place{Name: place, Kind: vigie.PlaceCommune, Code: code, Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}}
	for _, s := range signers {
		e.Signatories = append(e.Signatories, vigie.Signatory{Name: s, Role: "président", Org: "Région Bourgogne-Franche-Comté"})
	}
	d.Events = []vigie.Event{e}
	return d
}
