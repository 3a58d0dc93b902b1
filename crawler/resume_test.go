package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"vigie"
)

// TestResumeDeepFrontier kills a crawl after some pages and resumes it with
// the sources in another order: the pages two links deep, queued from
// pages already handled (which are not fetched again), must come from the
// persistent frontier, each fetched exactly once over the two runs.
func TestResumeDeepFrontier(t *testing.T) {
	const n = 20
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			var links strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&links, `<a href="/p%d">%d</a> `, i, i)
			}
			page(w, "Accueil", "x", links.String())
		case strings.HasPrefix(r.URL.Path, "/p"):
			page(w, r.URL.Path, "texte", fmt.Sprintf(`<a href="/q%s">suite</a>`, strings.TrimPrefix(r.URL.Path, "/p")))
		case strings.HasPrefix(r.URL.Path, "/q"):
			page(w, r.URL.Path, "suite", "")
		default:
			http.NotFound(w, r)
		}
	})
	other := newSite(t, func(w http.ResponseWriter, r *http.Request) { page(w, "Autre", "x", "") })
	cfg := testConfig(t)
	cfg.Parallelism = 1
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var mu sync.Mutex
	handled := 0
	rec := newRecorder()
	rec.fail = func(p *vigie.Page) error {
		mu.Lock()
		defer mu.Unlock()
		handled++
		if handled == n {
			cancel()
		}
		return nil
	}
	if _, err := c.Crawl(ctx, []Source{{URL: other.URL + "/"}, {URL: s.URL + "/"}}, rec); err == nil {
		t.Fatal("interrupted crawl returned no error")
	}
	c.Close()
	rec.fail = nil
	rep := crawl(t, cfg, rec, s.URL+"/", other.URL+"/")
	for i := 0; i < n; i++ {
		for _, p := range []string{fmt.Sprintf("/p%d", i), fmt.Sprintf("/q%d", i)} {
			if c := s.count(p); c != 1 {
				t.Errorf("%s fetched %d times over the two runs, want 1", p, c)
			}
			if rec.has(p) == nil {
				t.Errorf("%s never handled", p)
			}
		}
	}
	if rep.ErrorCount != 0 {
		t.Errorf("resumed crawl errors:\n%s", rep)
	}
}
