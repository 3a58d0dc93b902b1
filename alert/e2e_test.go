package alert_test

import (
	"context"
	"encoding/json"
	"errors"
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

	"github.com/mmcdole/gofeed"

	"vigie"
	"vigie/alert"
	"vigie/crawler"
	"vigie/extract"
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
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-20T10:00:00+02:00"></head>
<body><article><h1>%s</h1><p>%s</p></article></body></html>`, html.EscapeString(a[0]), html.EscapeString(a[0]),
			strings.ReplaceAll(html.EscapeString(a[1]), "\n", "</p><p>"))
	default:
		http.NotFound(w, r)
	}
}

// indexHandler is the crawler's handler, as cmd/vigie wires it: extract,
// then index.
type indexHandler struct {
	parser *extract.Parser
	ix     *indexer.Index
}

func (h *indexHandler) Page(ctx context.Context, pg *vigie.Page) error {
	d, err := h.parser.Page(pg)
	if errors.Is(err, extract.ErrNotArticle) {
		return nil // the home page
	}
	if err != nil {
		return err
	}
	return h.ix.Put(ctx, d)
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

// TestEndToEnd crawls two loopback sites with the real crawler, extractor,
// index and search. A new signing reaches the Atom feeds and the webhook
// exactly once, across a restart in the middle of the delivery; a second
// source of the same signing is added to it without a new notification;
// an unchanged recrawl alerts nothing.
func TestEndToEnd(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	siteA := &site{articles: map[string][2]string{}}
	siteA.set("meteo", "La météo du week-end", "Du soleil sur le Jura samedi, des averses dimanche.")
	siteB := &site{articles: map[string][2]string{}}
	srvA := httptest.NewServer(siteA)
	defer srvA.Close()
	srvB := httptest.NewServer(siteB)
	defer srvB.Close()
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
	sources := []crawler.Source{{Name: "Actu Jura", URL: srvA.URL + "/"}, {Name: "Préfecture", URL: srvB.URL + "/"}}
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
			Targets: []alert.Target{{Key: sources[0].URL, Schedule: hourly}, {Key: sources[1].URL, Schedule: hourly}},
			Crawl: func(ctx context.Context, keys []string) error {
				c, err := crawler.New(cfg)
				if err != nil {
					return err
				}
				defer c.Close()
				_, err = c.Crawl(ctx, sources, &indexHandler{parser: extract.New(), ix: ix})
				return err
			}}
		return store, s, w
	}
	round := func(w *alert.Watcher) {
		t.Helper()
		now = now.Add(61 * time.Minute)
		if _, err := w.Round(ctx); err != nil {
			t.Fatalf("crawl: %v", err)
		}
	}

	store, s, w := open()
	round(w)
	docAlert, err := s.Create(ctx, alert.Input{Query: &alert.QueryInput{Values: map[string][]string{"q": {"contrat"}}}})
	if err != nil {
		t.Fatal(err)
	}
	over := alert.OverEvents
	evAlert, err := s.Create(ctx, alert.Input{Over: &over, Query: &alert.QueryInput{Values: map[string][]string{"q": {""}}},
		Webhook: &alert.Webhook{URL: hookSrv.URL, Secret: "secret"}})
	if err != nil {
		t.Fatal(err)
	}

	// A new signing is published; the next scheduled crawl finds it.
	siteA.set("dole", "Le Grand Dole signe son contrat Territoires d'industrie",
		"Jean-Pascal Fichère, président du Grand Dole, et Marie Dupont, préfète du Jura, ont signé le 15 mai 2024 à Dole le contrat Territoires d'industrie.\n"+
			"Le contrat prévoit des aides pour les entreprises du territoire.")
	round(w)
	ms, err := store.Matches(docAlert.ID, 0, 0)
	if err != nil || len(ms) != 1 || !strings.HasSuffix(ms[0].URL, "/articles/dole") {
		t.Fatalf("document matches after the signing = %+v, %v; want the Dole article only", ms, err)
	}
	evs, err := store.Matches(evAlert.ID, 0, 0)
	if err != nil || len(evs) != 1 || evs[0].Event == nil || evs[0].Event.Place != "Dole" || evs[0].Event.Date != "2024-05-15" {
		t.Fatalf("event matches after the signing = %+v, %v; want the Dole signing", evs, err)
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
	waitOutbox := func() {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			if out, _ := store.Outbox(evAlert.ID); len(out) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatal("the delivery never left the outbox")
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitOutbox()
	calls, unique := rc.counts()
	if unique != 1 || calls != 2 || rc.calls[0] != rc.calls[1] {
		t.Fatalf("receiver: %d calls (%v), %d unique deliveries; want the same delivery twice, seen once", calls, rc.calls, unique)
	}
	for _, n := range rc.unique {
		if n.Alert.ID != evAlert.ID || n.Match.Event == nil || n.Match.Event.Commune != "39198" || len(n.Match.Event.Signatories) != 2 {
			t.Errorf("notification = %+v", n)
		}
	}

	// A second site reports the same signing: a new document, not a new event.
	siteB.set("dole-contrat", "Signature du contrat Territoires d'industrie du Grand Dole",
		"Marie Dupont, préfète du Jura, et Jean-Pascal Fichère, président du Grand Dole, ont signé le 15 mai 2024 à Dole le contrat Territoires d'industrie du Grand Dole.")
	round(w)
	if ms, _ := store.Matches(docAlert.ID, 0, 0); len(ms) != 2 {
		t.Errorf("document alert has %d matches after the second source, want 2", len(ms))
	}
	evs, _ = store.Matches(evAlert.ID, 0, 0)
	if len(evs) != 1 || len(evs[0].Event.Sources) != 2 {
		t.Errorf("event alert after the second source = %+v; want one event with two sources", evs)
	}

	// An unchanged recrawl alerts nothing.
	round(w)
	if ms, _ := store.Matches(docAlert.ID, 0, 0); len(ms) != 2 {
		t.Errorf("after an unchanged recrawl the document alert has %d matches, want 2", len(ms))
	}
	if evs, _ := store.Matches(evAlert.ID, 0, 0); len(evs) != 1 {
		t.Errorf("after an unchanged recrawl the event alert has %d matches, want 1", len(evs))
	}
	s.Flush(ctx)
	if calls, unique := rc.counts(); calls != 2 || unique != 1 {
		t.Errorf("at the end the receiver got %d calls of %d deliveries, want 2 of 1", calls, unique)
	}

	// The feeds, as a feed reader sees them.
	mux := http.NewServeMux()
	s.Register(mux)
	api := httptest.NewServer(mux)
	defer api.Close()
	feed, err := gofeed.NewParser().ParseURL(api.URL + "/api/alerts/" + evAlert.ID + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 1 || feed.Items[0].GUID != evs[0].EntryID() {
		t.Fatalf("event feed has %d items; want the Dole signing with id %s", len(feed.Items), evs[0].EntryID())
	}
	for _, u := range []string{srvA.URL + "/articles/dole", srvB.URL + "/articles/dole-contrat"} {
		if !strings.Contains(feed.Items[0].Content, u) {
			t.Errorf("event feed entry does not cite source %s: %s", u, feed.Items[0].Content)
		}
	}
	feed, err = gofeed.NewParser().ParseURL(api.URL + "/api/alerts/" + docAlert.ID + "/feed.atom")
	if err != nil {
		t.Fatal(err)
	}
	if len(feed.Items) != 2 || !strings.Contains(feed.Items[0].Link, srvB.URL) || !strings.Contains(feed.Items[1].Link, srvA.URL) {
		t.Errorf("document feed items = %v, %v; want site B's article then site A's", feed.Items[0].Link, feed.Items[1].Link)
	}
}
