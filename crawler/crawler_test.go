package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"vigie"
)

// recorder is a Handler that keeps the pages it gets.
type recorder struct {
	mu    sync.Mutex
	pages map[string]*vigie.Page
	gone  []string
	fail  func(p *vigie.Page) error
}

func newRecorder() *recorder { return &recorder{pages: map[string]*vigie.Page{}} }

func (r *recorder) Page(ctx context.Context, p *vigie.Page) error {
	if r.fail != nil {
		if err := r.fail(p); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pages[p.URL] = p
	return nil
}

func (r *recorder) Gone(ctx context.Context, url string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gone = append(r.gone, url)
	return nil
}

func (r *recorder) has(suffix string) *vigie.Page {
	r.mu.Lock()
	defer r.mu.Unlock()
	for u, p := range r.pages {
		if strings.HasSuffix(u, suffix) {
			return p
		}
	}
	return nil
}

// site is a loopback test site that counts the requests of each path.
type site struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func newSite(t *testing.T, h http.HandlerFunc) *site {
	t.Helper()
	s := &site{hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.RequestURI()]++
		s.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func testConfig(t *testing.T) Config {
	cfg := DefaultConfig()
	cfg.DataDir = t.TempDir()
	cfg.Delay = 0
	cfg.AllowPrivate = true
	cfg.Retries = 2
	cfg.MaxBackoff = 50 * time.Millisecond
	cfg.Timeout = 5 * time.Second
	return cfg
}

func crawl(t *testing.T, cfg Config, h Handler, urls ...string) *Report {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var sources []Source
	for _, u := range urls {
		sources = append(sources, Source{URL: u})
	}
	rep, err := c.Crawl(context.Background(), sources, h)
	if err != nil {
		t.Fatalf("crawl: %v", err)
	}
	return rep
}

const article = `<html><head><title>%s</title></head><body><article><h1>%s</h1><p>%s</p></article>%s</body></html>`

func page(w http.ResponseWriter, title, text, links string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, article, title, title, text, links)
}

func TestRobotsAndScope(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /prive/\nCrawl-delay: 0\n")
		case "/":
			page(w, "Accueil", "x", `<a href="/a">a</a> <a href="/prive/secret">s</a> <a href="https://example.invalid/ext">e</a> <a href="/a#frag">f</a> <a href="/a?utm_source=x">u</a>`)
		case "/a":
			page(w, "A", "Texte de A", "")
		case "/prive/secret":
			page(w, "Secret", "ne pas lire", "")
		default:
			http.NotFound(w, r)
		}
	})
	rec := newRecorder()
	rep := crawl(t, testConfig(t), rec, s.URL+"/")
	if rec.has("/a") == nil {
		t.Errorf("page /a not handled; report:\n%s", rep)
	}
	if n := s.count("/prive/secret"); n != 0 {
		t.Errorf("disallowed page fetched %d times", n)
	}
	if rep.Skipped["robots.txt"] == 0 {
		t.Errorf("report does not count the robots.txt skip: %v", rep.Skipped)
	}
	if n := s.count("/a"); n != 1 {
		t.Errorf("/a fetched %d times, want 1 (fragments and utm_* canonicalised)", n)
	}
	if rep.Skipped["out-of-scope"] == 0 {
		t.Errorf("external link not counted out of scope: %v", rep.Skipped)
	}
}

func TestRetryAfter503(t *testing.T) {
	var mu sync.Mutex
	tries := 0
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		tries++
		n := tries
		mu.Unlock()
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		page(w, "Ok", "enfin", "")
	})
	rec := newRecorder()
	rep := crawl(t, testConfig(t), rec, s.URL+"/")
	if rec.has("/") == nil || rep.Retries == 0 {
		t.Errorf("503 then 200 not retried: retries %d, report:\n%s", rep.Retries, rep)
	}
}

func TestRedirectLoopAndTrap(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/":
			page(w, "Accueil", "x", `<a href="/loop">loop</a> <a href="/agenda/2024-01">cal</a>`)
		case r.URL.Path == "/loop":
			http.Redirect(w, r, "/loop2", http.StatusFound)
		case r.URL.Path == "/loop2":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case strings.HasPrefix(r.URL.Path, "/agenda/"):
			// an endless calendar: every month links to the next
			var y, m int
			fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/agenda/"), "%d-%d", &y, &m)
			page(w, "Agenda", "mois", fmt.Sprintf(`<a href="/agenda/%04d-%02d">suivant</a>`, y+m/12, m%12+1))
		default:
			http.NotFound(w, r)
		}
	})
	rec := newRecorder()
	cfg := testConfig(t)
	cfg.MaxDepth = 50
	rep := crawl(t, cfg, rec, s.URL+"/")
	if rep.Skipped["redirects"] == 0 {
		t.Errorf("redirect loop not reported: %v\n%s", rep.Skipped, rep)
	}
	cal := 0
	s.mu.Lock()
	for p, n := range s.hits {
		if strings.HasPrefix(p, "/agenda/") {
			cal += n
		}
	}
	s.mu.Unlock()
	if cal > 1 || rep.Skipped["trap:calendar"] == 0 {
		t.Errorf("calendar trap: %d pages fetched, skipped %v", cal, rep.Skipped)
	}
}

func TestCharsets(t *testing.T) {
	const text = "Signée à Dôle, la déclaration « région–intercos » coûte 12 €."
	enc, _ := charmap.Windows1252.NewEncoder().String(text)
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/declared">d</a> <a href="/meta">m</a> <a href="/undeclared">u</a>`)
		case "/declared":
			w.Header().Set("Content-Type", "text/html; charset=windows-1252")
			fmt.Fprintf(w, "<html><body><p>%s</p></body></html>", enc)
		case "/meta":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><meta charset="iso-8859-1"></head><body><p>%s</p></body></html>`, enc)
		case "/undeclared":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, "<html><body><p>%s</p></body></html>", enc)
		default:
			http.NotFound(w, r)
		}
	})
	rec := newRecorder()
	crawl(t, testConfig(t), rec, s.URL+"/")
	for _, p := range []string{"/declared", "/meta", "/undeclared"} {
		pg := rec.has(p)
		if pg == nil {
			t.Errorf("%s not handled", p)
			continue
		}
		if !strings.Contains(string(pg.Body), text) {
			t.Errorf("%s decoded to %q, want it to contain %q", p, pg.Body, text)
		}
	}
}

// minimalPDF is a one-page PDF whose text is "Convention signee a Dole".
func minimalPDF(text string) []byte {
	stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func TestPDFAndBinary(t *testing.T) {
	pdf := minimalPDF("Convention signee a Dole")
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/conv.pdf">pdf</a> <a href="/photo.jpg">jpg</a> <a href="/fake">fake</a>`)
		case "/conv.pdf":
			w.Header().Set("Content-Type", "application/pdf")
			w.Write(pdf)
		case "/photo.jpg":
			w.Header().Set("Content-Type", "image/jpeg")
			w.Write([]byte{0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0})
		case "/fake":
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte{0, 1, 2, 3}, 100))
		default:
			http.NotFound(w, r)
		}
	})
	rec := newRecorder()
	rep := crawl(t, testConfig(t), rec, s.URL+"/")
	pg := rec.has("/conv.pdf")
	if pg == nil || !strings.Contains(string(pg.Body), "Convention signee a Dole") {
		t.Fatalf("PDF not extracted: %+v\n%s", pg, rep)
	}
	if pg.ContentType != "application/pdf" {
		t.Errorf("PDF page content type %q", pg.ContentType)
	}
	if rep.Skipped["binary:image/jpeg"] != 1 || rep.Skipped["binary"] != 1 {
		t.Errorf("binary responses not counted: %v", rep.Skipped)
	}
}

func TestSitemapAndFeed(t *testing.T) {
	var base string
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nAllow: /\nSitemap: %s/sitemap_index.xml\n", base)
		case "/":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprintf(w, `<html><head><link rel="alternate" type="application/rss+xml" href="/feed"></head><body><p>accueil</p></body></html>`)
		case "/sitemap_index.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>%s/news.xml.gz</loc></sitemap></sitemapindex>`, base)
		case "/news.xml.gz":
			var b bytes.Buffer
			zw := gzip.NewWriter(&b)
			fmt.Fprintf(zw, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>%s/from-sitemap</loc><news:news><news:title>T</news:title></news:news></url></urlset>`, base)
			zw.Close()
			w.Header().Set("Content-Type", "application/gzip")
			w.Write(b.Bytes())
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><item><title>x</title><link>%s/from-feed</link></item></channel></rss>`, base)
		case "/from-sitemap", "/from-feed":
			page(w, r.URL.Path, "article", "")
		default:
			http.NotFound(w, r)
		}
	})
	base = s.URL
	rec := newRecorder()
	rep := crawl(t, testConfig(t), rec, s.URL+"/")
	for _, p := range []string{"/from-sitemap", "/from-feed"} {
		if rec.has(p) == nil {
			t.Errorf("%s (only in a sitemap or feed) not handled:\n%s", p, rep)
		}
	}
}

// linkedSite is a site whose home page links to n pages, /p0 to /p(n-1).
func linkedSite(t *testing.T, n int) *site {
	return newSite(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			var links strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&links, `<a href="/p%d">%d</a> `, i, i)
			}
			page(w, "Accueil", "x", links.String())
			return
		}
		if strings.HasPrefix(r.URL.Path, "/p") {
			page(w, r.URL.Path, "texte", "")
			return
		}
		http.NotFound(w, r)
	})
}

func TestResumeFetchesNothingTwice(t *testing.T) {
	const n = 30
	s := linkedSite(t, n)
	cfg := testConfig(t)
	cfg.Parallelism = 1
	cfg.InFlight = 1 // one request between sending and handling, so one to fetch again
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rec := newRecorder()
	handled := 0
	var mu sync.Mutex
	rec.fail = func(p *vigie.Page) error {
		mu.Lock()
		defer mu.Unlock()
		handled++
		if handled == 10 {
			cancel() // the crawl is killed here
		}
		return nil
	}
	if _, err := c.Crawl(ctx, []Source{{URL: s.URL + "/"}}, rec); err == nil {
		t.Fatal("interrupted crawl returned no error")
	}
	c.Close()
	first := len(rec.pages)
	if first == 0 || first >= n {
		t.Fatalf("first run handled %d pages, want some but not all", first)
	}
	handledBefore := map[string]bool{}
	for u := range rec.pages {
		handledBefore[u[strings.LastIndex(u, "/"):]] = true
	}
	rec.fail = nil
	rep := crawl(t, cfg, rec, s.URL+"/")
	again := 0
	for i := 0; i < n; i++ {
		p := fmt.Sprintf("/p%d", i)
		// Only the request in flight when the crawl was killed (one at
		// Parallelism 1) may be fetched again; nothing handled is.
		switch c := s.count(p); {
		case c == 2 && !handledBefore[p]:
			again++
		case c != 1:
			t.Errorf("%s fetched %d times over the two runs, want 1 (handled before the kill: %v)", p, c, handledBefore[p])
		}
		if rec.has(p) == nil {
			t.Errorf("%s never handled", p)
		}
	}
	if again > 1 {
		t.Errorf("%d pages fetched again, want at most the one in flight", again)
	}
	if rep.ErrorCount != 0 {
		t.Errorf("resumed crawl errors:\n%s", rep)
	}
}

// A handler slower than the network holds the crawl back: no more than
// InFlight requests are between their sending and their handling.
func TestSlowHandlerHoldsTheCrawlBack(t *testing.T) {
	const n, inFlight = 30, 3
	s := linkedSite(t, n)
	fetched := func() int {
		c := 0
		for i := 0; i < n; i++ {
			c += s.count(fmt.Sprintf("/p%d", i))
		}
		return c
	}
	cfg := testConfig(t)
	cfg.InFlight = inFlight
	release := make(chan struct{})
	waiting := make(chan struct{}, n+1)
	rec := newRecorder()
	rec.fail = func(p *vigie.Page) error {
		waiting <- struct{}{}
		<-release
		return nil
	}
	done := make(chan *Report)
	go func() { done <- crawl(t, cfg, rec, s.URL+"/") }()
	for i := 0; i < inFlight; i++ {
		<-waiting // every slot is taken by a page the handler holds
	}
	// Give the crawler time to send more if it would: it must not.
	time.Sleep(300 * time.Millisecond)
	if got := fetched(); got > inFlight {
		t.Errorf("%d pages fetched while the handler held %d, want at most %d", got, inFlight, inFlight)
	}
	close(release)
	rep := <-done
	if got := fetched(); got != n {
		t.Errorf("%d pages fetched in all, want %d:\n%s", got, n, rep)
	}
	if len(rec.pages) != n+1 {
		t.Errorf("%d pages handled, want %d", len(rec.pages), n+1)
	}
}

func TestRecrawlUpdatesAndGone(t *testing.T) {
	var mu sync.Mutex
	version, removed := "première version", false
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v, gone := version, removed
		mu.Unlock()
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/a">a</a> <a href="/b">b</a> <a href="/same">s</a>`)
		case "/a":
			w.Header().Set("ETag", `"`+v+`"`)
			if r.Header.Get("If-None-Match") == `"`+v+`"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			page(w, "A", v, "")
		case "/same":
			page(w, "S", "toujours pareil", "")
		case "/b":
			if gone {
				http.Error(w, "gone", http.StatusGone)
				return
			}
			page(w, "B", "bientôt retiré", "")
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig(t)
	rec := newRecorder()
	crawl(t, cfg, rec, s.URL+"/")
	rep := crawl(t, cfg, newRecorder(), s.URL+"/")
	if rep.NotModified != 1 || rep.Unchanged != 3 || rep.Handled != 0 {
		t.Errorf("unchanged recrawl: not modified %d, unchanged %d, handled %d (want 1, 3, 0)\n%s", rep.NotModified, rep.Unchanged, rep.Handled, rep)
	}
	mu.Lock()
	version, removed = "seconde version", true
	mu.Unlock()
	rec2 := newRecorder()
	rep = crawl(t, cfg, rec2, s.URL+"/")
	if p := rec2.has("/a"); p == nil || !strings.Contains(string(p.Body), "seconde version") {
		t.Errorf("changed page not handled again:\n%s", rep)
	}
	if len(rec2.gone) != 1 || !strings.HasSuffix(rec2.gone[0], "/b") {
		t.Errorf("removed page not marked gone: %v", rec2.gone)
	}
}

func TestTDMReservation(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/.well-known/tdmrep.json":
			fmt.Fprint(w, `[{"location": "/reserve/*", "tdm-reservation": 1}]`)
		case "/":
			page(w, "Accueil", "x", `<a href="/reserve/a">a</a> <a href="/header">h</a> <a href="/meta">m</a> <a href="/libre">l</a>`)
		case "/header":
			w.Header().Set("tdm-reservation", "1")
			page(w, "H", "réservé", "")
		case "/meta":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, `<html><head><meta name="tdm-reservation" content="1"></head><body><p>réservé</p></body></html>`)
		case "/reserve/a", "/libre":
			page(w, r.URL.Path, "texte", "")
		default:
			http.NotFound(w, r)
		}
	})
	rec := newRecorder()
	rep := crawl(t, testConfig(t), rec, s.URL+"/")
	for _, p := range []string{"/reserve/a", "/header", "/meta"} {
		if rec.has(p) != nil {
			t.Errorf("TDM-reserved %s was handled", p)
		}
	}
	if rec.has("/libre") == nil {
		t.Error("free page not handled")
	}
	if rep.Skipped["tdm-reservation"] != 3 {
		t.Errorf("report counts %d TDM reservations, want 3: %v", rep.Skipped["tdm-reservation"], rep.Skipped)
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) { page(w, "x", "x", "") })
	cfg := testConfig(t)
	cfg.AllowPrivate = false
	cfg.Retries = 0
	rec := newRecorder()
	rep := crawl(t, cfg, rec, s.URL+"/")
	if len(rec.pages) != 0 || s.count("/") != 0 {
		t.Errorf("loopback site reached without --allow-private")
	}
	if rep.Skipped["private-address"] == 0 {
		t.Errorf("report does not say why: %v\n%s", rep.Skipped, rep)
	}
}

func TestLimits(t *testing.T) {
	// 16 MiB that gzip to a few kilobytes, made once (it is slow under -race).
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	zw.Write(make([]byte, 16<<20))
	zw.Close()
	bomb := b.Bytes()
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/huge">h</a> <a href="/bomb">b</a> <a href="/endless">e</a> <a href="/ok">o</a>`)
		case "/huge":
			w.Header().Set("Content-Type", "text/html")
			w.Write(bytes.Repeat([]byte("<p>trop long</p>"), 100000))
		case "/bomb":
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		case "/endless":
			w.Header().Set("Content-Type", "text/html")
			for i := 0; i < 1<<16; i++ {
				if _, err := w.Write(bytes.Repeat([]byte("x"), 1024)); err != nil {
					return
				}
			}
		case "/ok":
			page(w, "Ok", "texte", "")
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig(t)
	cfg.MaxBodySize = 256 << 10
	rec := newRecorder()
	rep := crawl(t, cfg, rec, s.URL+"/")
	if rep.Skipped["too-large"] != 3 {
		t.Errorf("too-large pages: %d, want 3: %v\n%s", rep.Skipped["too-large"], rep.Skipped, rep)
	}
	if rec.has("/ok") == nil {
		t.Error("the crawl stopped at the limits")
	}
}

func TestCanonicalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTP://Example.FR:80/a?utm_source=x&b=2&a=1#top", "http://example.fr/a?a=1&b=2"},
		{"https://example.fr:443", "https://example.fr/"},
		{"https://example.fr/spip.php?article12", "https://example.fr/spip.php?article12"},
		{"https://example.fr/p;jsessionid=ABC?fbclid=1", "https://example.fr/p"},
		{"https://example.fr/p?PHPSESSID=1&id=3", "https://example.fr/p?id=3"},
	}
	for _, tt := range tests {
		if got, _ := Canonicalize(tt.in); got != tt.want {
			t.Errorf("Canonicalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIngest(t *testing.T) {
	dir := t.TempDir()
	enc, _ := charmap.Windows1252.NewEncoder().String("<html><body><p>Signée à Dole</p></body></html>")
	os.WriteFile(filepath.Join(dir, "a.html"), []byte(enc), 0o644)
	os.WriteFile(filepath.Join(dir, "b.txt"), []byte("La convention a été signée."), 0o644)
	os.WriteFile(filepath.Join(dir, "c.pdf"), minimalPDF("Protocole signe"), 0o644)
	os.WriteFile(filepath.Join(dir, "d.pdf"), []byte("%PDF-1.4 broken"), 0o644)
	os.WriteFile(filepath.Join(dir, "e.jpg"), []byte{0xff, 0xd8}, 0o644)
	rec := newRecorder()
	rep, err := Ingest(context.Background(), []string{dir, filepath.Join(dir, "missing.html")}, rec)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Handled != 3 || rep.PDFs != 1 {
		t.Errorf("handled %d files (%d PDF), want 3 (1):\n%s", rep.Handled, rep.PDFs, rep)
	}
	if p := rec.has("a.html"); p == nil || !strings.Contains(string(p.Body), "Signée à Dole") {
		t.Errorf("windows-1252 file not decoded: %+v", p)
	}
	if rep.ErrorCount != 2 || rep.Skipped["unsupported-type:.jpg"] != 1 {
		t.Errorf("errors %d (want the broken PDF and the missing file), skipped %v", rep.ErrorCount, rep.Skipped)
	}
}

func TestParseSchedule(t *testing.T) {
	for _, s := range []string{"@every 6h", "hourly", "daily", "daily 06:00"} {
		if _, err := ParseSchedule(s); err != nil {
			t.Errorf("ParseSchedule(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "@every 1s", "weekly", "daily 25:00"} {
		if _, err := ParseSchedule(s); err == nil {
			t.Errorf("ParseSchedule(%q) accepted", s)
		}
	}
}

func TestLoadSourcesExample(t *testing.T) {
	srcs, err := LoadSources(filepath.Join("testdata", "sources.example.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(srcs) != 1 || srcs[0].Name == "" || srcs[0].MaxPages != 2000 || len(srcs[0].exclude) != 2 {
		t.Errorf("example sources = %+v", srcs)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"sources": [{"url": "ftp://x"}]}`), 0o644)
	if _, err := LoadSources(bad); err == nil {
		t.Error("a source with an ftp URL was accepted")
	}
}

func TestSlowServerAndDeepHTML(t *testing.T) {
	s := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			page(w, "Accueil", "x", `<a href="/slow">s</a> <a href="/deep">d</a> <a href="/ok">o</a>`)
		case "/slow":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><p>"))
			w.(http.Flusher).Flush()
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
		case "/deep":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(strings.Repeat("<div>", 20000) + "profond" + strings.Repeat("</div>", 20000)))
		case "/ok":
			page(w, "Ok", "texte", "")
		default:
			http.NotFound(w, r)
		}
	})
	cfg := testConfig(t)
	cfg.Timeout = 300 * time.Millisecond
	cfg.Retries = 0
	rec := newRecorder()
	rep := crawl(t, cfg, rec, s.URL+"/")
	if rec.has("/slow") != nil || rep.ErrorCount == 0 {
		t.Errorf("slow page not cut by the timeout:\n%s", rep)
	}
	if rec.has("/deep") == nil || rec.has("/ok") == nil {
		t.Errorf("deep page or the next one not handled:\n%s", rep)
	}
}

func FuzzXMLLinks(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><urlset><url><loc>https://a.fr/1</loc></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>https://a.fr/s.xml</loc></sitemap></sitemapindex>`))
	f.Add([]byte(`<rss><channel><item><link>https://a.fr/2</link></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://a.fr/3"/></entry></feed>`))
	f.Add([]byte(`<urlset>` + strings.Repeat("<url>", 100) + `</urlset>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		pages, sitemaps, _ := xmlLinks(body)
		if len(pages)+len(sitemaps) > len(body) {
			t.Fatalf("%d links from %d bytes", len(pages)+len(sitemaps), len(body))
		}
	})
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"http://a.fr/x?utm_source=1#f", "https://A.fr:443/p;jsessionid=1", "http://[::1]:80/", "%zz", "http://a.fr/?a&b=&c=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		c, err := Canonicalize(raw)
		if err != nil {
			return
		}
		if again, err := Canonicalize(c); err == nil && again != c {
			t.Fatalf("Canonicalize is not idempotent: %q -> %q -> %q", raw, c, again)
		}
	})
}

func TestCrawlDelayPerHost(t *testing.T) {
	const delay = 300 * time.Millisecond
	var mu sync.Mutex
	var times []time.Time
	slow := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\n")
			return
		case "/.well-known/tdmrep.json":
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		times = append(times, time.Now())
		mu.Unlock()
		page(w, r.URL.Path, "x", `<a href="/a">a</a> <a href="/b">b</a>`)
	})
	fast := newSite(t, func(w http.ResponseWriter, r *http.Request) {
		var links strings.Builder
		for i := 0; i < 20; i++ {
			fmt.Fprintf(&links, `<a href="/p%d">%d</a> `, i, i)
		}
		page(w, r.URL.Path, "x", links.String())
	})
	rec := newRecorder()
	crawl(t, testConfig(t), rec, slow.URL+"/", fast.URL+"/")
	mu.Lock()
	defer mu.Unlock()
	if len(times) != 3 {
		t.Fatalf("slow site: %d page requests, want 3", len(times))
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < delay-20*time.Millisecond {
			t.Errorf("requests %d and %d to the slow host %v apart, want at least the Crawl-delay %v", i-1, i, gap, delay)
		}
	}
	if n := fast.count("/p19"); n != 1 {
		t.Errorf("other host's page fetched %d times, want 1", n)
	}
}

// BenchmarkCrawl measures crawl throughput against a loopback site with
// politeness off (no delay, 8 requests in flight): pages per second.
func BenchmarkCrawl(b *testing.B) {
	const n = 500
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			var links strings.Builder
			for i := 0; i < n; i++ {
				fmt.Fprintf(&links, `<a href="/p%d">%d</a> `, i, i)
			}
			page(w, "Accueil", "x", links.String())
			return
		}
		page(w, r.URL.Path, strings.Repeat("Le texte de l'article, signé à Rodez. ", 80), "")
	}))
	defer srv.Close()
	pages := 0
	for b.Loop() {
		cfg := DefaultConfig()
		cfg.DataDir = b.TempDir()
		cfg.Delay, cfg.Parallelism, cfg.AllowPrivate = 0, 8, true
		c, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		rec := newRecorder()
		if _, err := c.Crawl(context.Background(), []Source{{URL: srv.URL + "/"}}, rec); err != nil {
			b.Fatal(err)
		}
		c.Close()
		if len(rec.pages) != n+1 {
			b.Fatalf("%d pages handled, want %d", len(rec.pages), n+1)
		}
		pages += len(rec.pages)
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}
