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
// persistent frontier. Nothing handled before the kill is fetched again.
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
	first := newRecorder()
	for k, v := range rec.pages {
		first.pages[k] = v
	}
	rec2 := newRecorder()
	rep := crawl(t, cfg, rec2, s.URL+"/", other.URL+"/")
	// Nothing handled before the kill is fetched again; only the request
	// in flight when it came (one per host at Parallelism 1) may be.
	again := 0
	for i := 0; i < n; i++ {
		for _, p := range []string{fmt.Sprintf("/p%d", i), fmt.Sprintf("/q%d", i)} {
			c := s.count(p)
			if c == 2 && first.has(p) == nil {
				again++
			} else if c != 1 {
				t.Errorf("%s fetched %d times over the two runs (handled before the kill: %v)", p, c, first.has(p) != nil)
			}
			if first.has(p) == nil && rec2.has(p) == nil {
				t.Errorf("%s never handled", p)
			}
			if first.has(p) != nil && rec2.has(p) != nil {
				t.Errorf("%s handled in both runs", p)
			}
		}
	}
	if again > 1 {
		t.Errorf("%d pages fetched again, want at most the one in flight", again)
	}
	if rep.ErrorCount != 0 {
		t.Errorf("resumed crawl errors:\n%s", rep)
	}
}
