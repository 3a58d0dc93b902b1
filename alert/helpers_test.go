package alert

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"vigie"
	"vigie/indexer"
	"vigie/search"
)

// docSet is an in-memory index with its search service.
type docSet struct {
	*search.Service
	ix *indexer.Index
}

func newDocSet(tb testing.TB, docs ...*vigie.Document) *docSet {
	tb.Helper()
	ix, err := indexer.OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	s := &docSet{Service: search.New(ix), ix: ix}
	if err := ix.Put(context.Background(), docs...); err != nil {
		tb.Fatal(err)
	}
	return s
}

func (s *docSet) put(tb testing.TB, d *vigie.Document) {
	tb.Helper()
	if err := s.ix.Put(context.Background(), d); err != nil {
		tb.Fatal(err)
	}
}

func (s *docSet) Get(ctx context.Context, id string) (*vigie.Document, error) {
	return s.ix.Get(ctx, id)
}

var parseQuery = search.ParseQuery

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
	d := &vigie.Document{URL: url, Site: "actu.test", Title: title, Text: title + ". Texte de l'article.", Published: date, IsSigning: true,
		ContentHash: url + title}
	e := vigie.Event{Date: date, Place: place, Agreement: "contrat Territoires d'industrie", Type: "contrat",
		PlaceRef: &vigie.Place{Name: place, Kind: vigie.PlaceCommune, Code: code, Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}}
	for _, s := range signers {
		e.Signatories = append(e.Signatories, vigie.Signatory{Name: s, Role: "président", Org: "Région Bourgogne-Franche-Comté"})
	}
	d.Events = []vigie.Event{e}
	return d
}
