package alert_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"

	"vigie"
	"vigie/alert"
	"vigie/crawler"
	"vigie/indexer"
	"vigie/search"
)

// site is a loopback news site whose articles change between crawls.
type site struct {
	mu       sync.Mutex
	articles map[string][2]string // slug -> title, text
}

func (s *site) set(slug, title, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.articles[slug] = [2]string{title, text}
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case r.URL.Path == "/":
		var slugs []string
		for k := range s.articles {
			slugs = append(slugs, k)
		}
		sort.Strings(slugs)
		fmt.Fprint(w, `<!doctype html><html lang="fr"><head><title>Actu Jura</title></head><body><h1>Actu Jura</h1><ul>`)
		for _, k := range slugs {
			fmt.Fprintf(w, `<li><a href="/articles/%s">%s</a></li>`, k, html.EscapeString(s.articles[k][0]))
		}
		fmt.Fprint(w, `</ul></body></html>`)
	case strings.HasPrefix(r.URL.Path, "/articles/"):
		a, ok := s.articles[strings.TrimPrefix(r.URL.Path, "/articles/")]
		if !ok {
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<!doctype html><html lang="fr"><head><title>%s</title>
<meta property="article:published_time" content="2024-05-20T10:00:00+02:00"></head>
<body><article><h1>%s</h1><p>%s</p></article></body></html>`, html.EscapeString(a[0]), html.EscapeString(a[0]), html.EscapeString(a[1]))
	default:
		http.NotFound(w, r)
	}
}

// indexHandler is the crawler's handler: it turns each article page into
// a document (title and paragraphs; the extractor's own tests cover the
// French analysis) and indexes it.
type indexHandler struct {
	ix *indexer.Index
}

func (h *indexHandler) Page(ctx context.Context, pg *vigie.Page) error {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(pg.Body))
	if err != nil {
		return err
	}
	title := strings.TrimSpace(doc.Find("article h1").Text())
	if title == "" {
		return nil // the home page
	}
	text := strings.TrimSpace(doc.Find("article p").Text())
	return h.ix.Put(ctx, &vigie.Document{URL: pg.URL, Site: pg.Site, Title: title, Text: text, Published: "2024-05-20",
		FetchedAt: pg.FetchedAt, ContentHash: fmt.Sprintf("%x", sha256.Sum256([]byte(title+"\n"+text)))})
}

func (h *indexHandler) Gone(ctx context.Context, url string) error {
	return h.ix.MarkGone(ctx, vigie.DocumentID(url))
}

// hook is a webhook receiver that dedupes by delivery id; its first
// request hangs until released.
type hook struct {
	mu       sync.Mutex
	calls    []string
	unique   map[string]alert.Notification
	inFlight chan struct{}
	release  chan struct{}
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	h.calls = append(h.calls, r.Header.Get(alert.HeaderDelivery))
	first := len(h.calls) == 1
	h.mu.Unlock()
	if !alert.Verify("secret", body, r.Header.Get(alert.HeaderSignature)) {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	if first {
		close(h.inFlight)
		<-h.release
	}
	var n alert.Notification
	if err := json.Unmarshal(body, &n); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	h.mu.Lock()
	h.unique[r.Header.Get(alert.HeaderDelivery)] = n
	h.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (h *hook) counts() (int, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.calls), len(h.unique)
}

// TestEndToEnd crawls a loopback site with the real crawler, extractor,
// index and search: a new article reaches the Atom feed and the webhook
// exactly once across a restart in the middle of the delivery, and an
// unchanged recrawl alerts nothing.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := &site{articles: map[string][2]string{}}
	st.set("dole", "Le contrat Territoires d'industrie signé à Dole",
		"Le président du Grand Dole et la préfète ont signé le contrat Territoires d'industrie le 15 mai 2024 à Dole.")
	st.set("meteo", "La météo du week-end", "Du soleil sur le Jura samedi, des averses dimanche.")
	srv := httptest.NewServer(st)
	defer srv.Close()
	rc := &hook{unique: map[string]alert.Notification{}, inFlight: make(chan struct{}), release: make(chan struct{})}
	hookSrv := httptest.NewServer(rc)
	defer hookSrv.Close()

	ix, err := indexer.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	svc := search.New(ix)
	now := time.Now()
	clock := func() time.Time { return now }
	open := func() (*alert.Store, *alert.Service, *alert.Watcher) {
		store, err := alert.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		s := alert.New(store, alert.Config{Search: svc, Documents: ix, ParseQuery: search.ParseQuery,
			Transport: crawler.SafeTransport(true), AllowPrivate: true,
			Delivery: alert.DeliveryConfig{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, Poll: 20 * time.Millisecond}})
		cfg := crawler.DefaultConfig()
		cfg.DataDir = dir
		cfg.AllowPrivate = true
		cfg.Delay = time.Millisecond
		hourly, _ := alert.ParseSchedule("hourly")
		w := &alert.Watcher{Store: store, Monitor: s.Monitor(), Now: clock,
			Targets: []alert.Target{{Key: srv.URL + "/", Schedule: hourly}},
			Crawl: func(ctx context.Context, keys []string) error {
				c, err := crawler.New(cfg)
				if err != nil {
					return err
				}
				defer c.Close()
				_, err = c.Crawl(ctx, []crawler.Source{{Name: "Actu Jura", URL: srv.URL + "/"}}, &indexHandler{ix: ix})
				return err
			}}
		return store, s, w
	}

	store, s, w := open()
	if _, err := w.Round(ctx); err != nil {
		t.Fatalf("first crawl: %v", err)
	}
	if n, _ := ix.Count(); n < 2 {
		t.Fatalf("index has %d documents after the first crawl, want the two articles", n)
	}
	q := &alert.QueryInput{Values: map[string][]string{"q": {"contrat"}}}
	a, err := s.Create(ctx, alert.Input{Query: q, Webhook: &alert.Webhook{URL: hookSrv.URL, Secret: "secret"}})
	if err != nil {
		t.Fatal(err)
	}

	// A new signing is published; the next scheduled crawl finds it.
	st.set("lons", "Un contrat de relance signé à Lons-le-Saunier",
		"La Région et la communauté de communes ont signé un contrat de relance le 20 mai 2024 à Lons-le-Saunier.")
	now = now.Add(61 * time.Minute)
	if _, err := w.Round(ctx); err != nil {
		t.Fatalf("second crawl: %v", err)
	}
	ms, err := store.Matches(a.ID, 0, 0)
	if err != nil || len(ms) != 1 || !strings.HasSuffix(ms[0].URL, "/articles/lons") {
		t.Fatalf("matches after the second crawl = %+v, %v; want the Lons article only", ms, err)
	}

	// The server stops while the receiver holds the delivery...
	dctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- s.Deliver(dctx) }()
	<-rc.inFlight
	cancel()
	<-done
	store.Close()
	close(rc.release)

	// ...and starts again: the delivery goes out again, with the same id.
	store, s, w = open()
	defer store.Close()
	dctx, cancel = context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	go s.Deliver(dctx)
	deadline := time.Now().Add(20 * time.Second)
	for {
		if out, _ := store.Outbox(a.ID); len(out) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the delivery never left the outbox")
		}
		time.Sleep(10 * time.Millisecond)
	}
	calls, unique := rc.counts()
	if unique != 1 || calls != 2 || rc.calls[0] != rc.calls[1] {
		t.Fatalf("receiver: %d calls (%v), %d unique deliveries; want the same delivery twice, seen once", calls, rc.calls, unique)
	}
	for _, n := range rc.unique {
		if !strings.HasSuffix(n.Match.URL, "/articles/lons") || n.Alert.ID != a.ID {
			t.Errorf("notification = %+v", n)
		}
	}

	// An unchanged recrawl alerts nothing.
	now = now.Add(61 * time.Minute)
	if _, err := w.Round(ctx); err != nil {
		t.Fatalf("third crawl: %v", err)
	}
	if ms, _ := store.Matches(a.ID, 0, 0); len(ms) != 1 {
		t.Errorf("after an unchanged recrawl the alert has %d matches, want 1", len(ms))
	}
	time.Sleep(100 * time.Millisecond)
	if calls, _ := rc.counts(); calls != 2 {
		t.Errorf("after an unchanged recrawl the receiver got %d calls, want still 2", calls)
	}

	// The feed, as a feed reader sees it.
	mux := http.NewServeMux()
	s.Register(mux)
	api := httptest.NewServer(mux)
	defer api.Close()
	feed, err := gofeed.NewParser().ParseURL(api.URL + "/api/alerts/" + a.ID + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 1 || !strings.HasSuffix(feed.Items[0].Link, "/articles/lons") || feed.Items[0].GUID != ms[0].EntryID() {
		t.Errorf("feed items = %+v; want the Lons article with id %s", feed.Items, ms[0].EntryID())
	}
}
