package crawler

import (
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// TestTooManyRequestsPausesHost checks that a 429 with Retry-After holds
// all the requests to the host, not only the refused one, and that the
// refused page is fetched after the pause.
func TestTooManyRequestsPausesHost(t *testing.T) {
	const pause = 400 * time.Millisecond
	var mu sync.Mutex
	var refusedAt time.Time
	var after []time.Time
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" || r.URL.Path == "/.well-known/tdmrep.json" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		now := time.Now()
		first := r.URL.Path != "/" && refusedAt.IsZero() // whichever page comes first
		if first {
			refusedAt = now
		} else if !refusedAt.IsZero() {
			after = append(after, now)
		}
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a> <a href="/d">d</a>`)
		default:
			if first {
				w.Header().Set("Retry-After", "1")
				http.Error(w, "trop de requêtes", http.StatusTooManyRequests)
				return
			}
			page(w, r.URL.Path, "x", "")
		}
	})
	cfg := testConfig(t)
	cfg.Parallelism = 1
	cfg.MaxBackoff = pause // Retry-After: 1 is capped to the pause
	rec := newRecorder()
	rep := crawl(t, cfg, rec, s.URL+"/")
	for _, p := range []string{"/a", "/b", "/c", "/d"} {
		if rec.has(p) == nil {
			t.Errorf("%s not handled\n%s", p, rep)
		}
	}
	if rep.Retries != 1 {
		t.Errorf("retries %d, want 1\n%s", rep.Retries, rep)
	}
	mu.Lock()
	defer mu.Unlock()
	sort.Slice(after, func(i, j int) bool { return after[i].Before(after[j]) })
	// Requests already waiting for the host's slot wait for the pause too.
	early := 0
	for _, at := range after {
		if at.Sub(refusedAt) < pause-50*time.Millisecond {
			early++
		}
	}
	if early > 0 || len(after) < 3 {
		t.Errorf("%d of %d requests reached the host within %v of its 429, want none", early, len(after), pause)
	}
	if len(after) == 0 {
		t.Errorf("no request after the 429:\n%s", rep)
	}
}
