package crawler

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestRedirectsAndCanonical(t *testing.T) {
	other := newSite(t, func(w http.ResponseWriter, r *http.Request) { page(w, "Ailleurs", "x", "") })
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/old">o</a> <a href="/away">a</a> <a href="/print?id=3&amp;utm_source=x">c</a>`)
		case "/old":
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		case "/new":
			page(w, "Nouveau", "déplacé", "")
		case "/away":
			http.Redirect(w, r, other.URL+"/ext", http.StatusFound)
		case "/print":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, `<html><head><link rel="canonical" href="/article-3#haut"></head><body><p>version imprimable</p></body></html>`)
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig(t)
	rec := newRecorder()
	rep := crawl(t, cfg, rec, s.URL+"/")
	p := rec.has("/new")
	if p == nil || !strings.HasSuffix(p.FetchedURL, "/new") {
		t.Errorf("redirected page: %+v, want URL and FetchedURL ending in /new\n%s", p, rep)
	}
	if rec.has("/ext") != nil || other.count("/ext") > 1 {
		t.Errorf("redirect to another host handled")
	}
	if rep.Skipped["redirect-out-of-scope"] != 1 {
		t.Errorf("redirect out of scope not reported: %v", rep.Skipped)
	}
	if c := rec.has("/article-3"); c == nil || !strings.Contains(c.FetchedURL, "/print?id=3") {
		t.Errorf("rel=canonical not applied: pages %v", keys(rec))
	}
	// A second crawl fetches the redirected and canonicalised pages under
	// the URLs they were queued with, and finds them unchanged.
	rec2 := newRecorder()
	rep = crawl(t, cfg, rec2, s.URL+"/")
	if len(rec2.pages) != 0 || rep.Unchanged != 3 {
		t.Errorf("second crawl handled %v, unchanged %d (want none, 3)\n%s", keys(rec2), rep.Unchanged, rep)
	}
}

func TestCollyEnvironmentCannotDisableRobots(t *testing.T) {
	t.Setenv("COLLY_IGNORE_ROBOTSTXT", "true")
	t.Setenv("COLLY_USER_AGENT", "autre")
	var ua string
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /prive\n")
		case "/":
			ua = r.UserAgent()
			page(w, "Accueil", "x", `<a href="/prive">p</a>`)
		default:
			page(w, "Privé", "x", "")
		}
	})
	cfg := testConfig(t)
	rep := crawl(t, cfg, newRecorder(), s.URL+"/")
	if n := s.count("/prive"); n != 0 {
		t.Errorf("COLLY_IGNORE_ROBOTSTXT=true: disallowed page fetched %d times", n)
	}
	if rep.Skipped["robots.txt"] != 1 {
		t.Errorf("robots.txt skips %v", rep.Skipped)
	}
	if ua != cfg.UserAgent {
		t.Errorf("User-Agent %q, want %q", ua, cfg.UserAgent)
	}
}

func keys(r *recorder) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for k := range r.pages {
		out = append(out, k)
	}
	return out
}

func TestSourceScope(t *testing.T) {
	tests := []struct {
		name string
		src  Source
		url  string
		want string // "" when allowed, else the skip reason
	}{
		{"same host", Source{URL: "https://a.fr/"}, "https://a.fr/x", ""},
		{"www twin", Source{URL: "https://a.fr/"}, "https://www.a.fr/x", ""},
		{"bare twin", Source{URL: "https://www.a.fr/"}, "https://a.fr/x", ""},
		{"other host", Source{URL: "https://a.fr/"}, "https://b.fr/x", "out-of-scope"},
		{"subdomain", Source{URL: "https://a.fr/"}, "https://actu.a.fr/x", "out-of-scope"},
		{"explicit hosts are exact", Source{URL: "https://www.a.fr/", AllowedHosts: []string{"www.a.fr"}}, "https://a.fr/x", "out-of-scope"},
		{"feed host", Source{Feeds: []string{"https://rss.a.fr/feed"}}, "https://rss.a.fr/article", ""},
		{"excluded", Source{URL: "https://a.fr/", Exclude: []string{`/agenda/`}}, "https://a.fr/agenda/x", "excluded"},
		{"not included", Source{URL: "https://a.fr/", Include: []string{`/actualites/`}}, "https://a.fr/contact", "not-included"},
		{"included", Source{URL: "https://a.fr/", Include: []string{`/actualites/`}}, "https://a.fr/actualites/1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.src.compile(); err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tt.url)
			ok, why := tt.src.allows(u)
			if ok != (tt.want == "") || why != tt.want {
				t.Errorf("allows(%q) = %v, %q, want %q", tt.url, ok, why, tt.want)
			}
		})
	}
}
