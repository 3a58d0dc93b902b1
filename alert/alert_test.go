package alert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"vigie"
	"vigie/crawler"
	"vigie/search"
)

func TestParseSchedule(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"", "@every 6h0m0s", false},
		{"@every 6h", "@every 6h0m0s", false},
		{"@every 90m", "@every 1h30m0s", false},
		{"hourly", "@every 1h0m0s", false},
		{"daily", "daily 06:00", false},
		{"daily 18:30", "daily 18:30", false},
		{"  Daily 7:05 ", "daily 07:05", false},
		{"@every 10s", "", true},
		{"@every soon", "", true},
		{"daily 25:00", "", true},
		{"weekly", "", true},
	}
	for _, tt := range tests {
		got, err := ParseSchedule(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseSchedule(%q) error = %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err == nil && got.String() != tt.want {
			t.Errorf("ParseSchedule(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestScheduleNext(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	last := time.Date(2024, 5, 15, 10, 0, 0, 0, paris)
	tests := []struct {
		sched string
		last  time.Time
		want  time.Time
	}{
		{"@every 6h", last, last.Add(6 * time.Hour)},
		{"daily 06:00", last, time.Date(2024, 5, 16, 6, 0, 0, 0, paris)},
		{"daily 18:00", last, time.Date(2024, 5, 15, 18, 0, 0, 0, paris)},
		{"daily 10:00", last, time.Date(2024, 5, 16, 10, 0, 0, 0, paris)},
		{"hourly", time.Time{}, time.Time{}},
	}
	for _, tt := range tests {
		s, _ := ParseSchedule(tt.sched)
		if got := s.Next(tt.last); !got.Equal(tt.want) {
			t.Errorf("ParseSchedule(%q).Next(%v) = %v, want %v", tt.sched, tt.last, got, tt.want)
		}
	}
}

func TestDocumentAlert(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)}
	docs := newDocSet(t, signing("http://actu.test/ancien", "Contrat signé à Dole", "2024-05-01", "Dole", "39198", "Marie Exemple"))
	dir := t.TempDir()
	st := mustOpen(t, dir)
	defer st.Close()
	s := newTestService(t, st, docs, clk.Now)

	name := "Contrats"
	over := OverDocuments
	a, err := s.Create(ctx, Input{Name: &name, Over: &over, Query: &QueryInput{Values: map[string][]string{"q": {"contrat"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.Check(ctx); err != nil || n != 0 {
		t.Fatalf("Check after creation = %d, %v; want 0: existing results are not news", n, err)
	}

	clk.Add(time.Hour)
	docs.put(t, signing("http://actu.test/nouveau", "Un contrat signé à Lons-le-Saunier", "2024-05-20", "Lons-le-Saunier", "39300", "Jean Exemple"))
	docs.put(t, signing("http://actu.test/autre", "Une charte signée à Dole", "2024-05-20", "Dole", "39198", "Jean Exemple"))
	if n, err := s.Check(ctx); err != nil || n != 1 {
		t.Fatalf("Check after a new article = %d, %v; want 1", n, err)
	}
	// A re-crawled, unchanged article is not news again.
	docs.put(t, signing("http://actu.test/nouveau", "Un contrat signé à Lons-le-Saunier", "2024-05-20", "Lons-le-Saunier", "39300", "Jean Exemple"))
	if n, err := s.Check(ctx); err != nil || n != 0 {
		t.Fatalf("Check after an unchanged recrawl = %d, %v; want 0", n, err)
	}
	clk.Add(time.Hour)
	docs.put(t, signing("http://actu.test/dernier", "Dernier contrat", "2024-05-21", "Dole", "39198", "Anne Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("Check after a second new article = %d; want 1", n)
	}

	srv := serveMux(s)
	defer srv.Close()
	feed := parseFeed(t, srv.URL+"/api/alerts/"+a.ID+"/feed.atom")
	if len(feed.Items) != 2 {
		t.Fatalf("feed has %d entries, want 2", len(feed.Items))
	}
	if feed.Items[0].Link != "http://actu.test/dernier" || feed.Items[1].Link != "http://actu.test/nouveau" {
		t.Errorf("feed entries = %s, %s; want newest first", feed.Items[0].Link, feed.Items[1].Link)
	}
	if feed.Title != "Vigie — Contrats" {
		t.Errorf("feed title = %q", feed.Title)
	}
	ids := []string{feed.Items[0].GUID, feed.Items[1].GUID}
	if ids[0] == ids[1] || !strings.HasPrefix(ids[0], "urn:vigie:alert:"+a.ID+":document:") {
		t.Errorf("entry ids = %q, want distinct urn:vigie:alert:%s:document:... ids", ids, a.ID)
	}
	// The ids are the same when the feed is fetched again after a restart.
	st.Close()
	st2 := mustOpen(t, dir)
	defer st2.Close()
	s2 := newTestService(t, st2, docs, clk.Now)
	srv2 := serveMux(s2)
	defer srv2.Close()
	again := parseFeed(t, srv2.URL+"/api/alerts/"+a.ID+"/feed.atom")
	if len(again.Items) != 2 || again.Items[0].GUID != ids[0] || again.Items[1].GUID != ids[1] {
		t.Errorf("entry ids after restart differ: %v", again.Items)
	}

	// New since last looked: both, then none once seen.
	var nl MatchList
	getJSON(t, srv2.URL+"/api/alerts/"+a.ID+"/new", &nl)
	if len(nl.Matches) != 2 || nl.Alert.NewMatches != 2 {
		t.Fatalf("/new has %d matches (new_matches %d), want 2", len(nl.Matches), nl.Alert.NewMatches)
	}
	resp, err := http.Get(srv2.URL + "/alertes/" + a.ID)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "2 nouveaux résultats") || !strings.Contains(string(page), "Dernier contrat") {
		t.Errorf("alert page does not show the two new matches:\n%s", page)
	}
	getJSON(t, srv2.URL+"/api/alerts/"+a.ID+"/new", &nl)
	if len(nl.Matches) != 0 {
		t.Errorf("/new after viewing the page has %d matches, want 0", len(nl.Matches))
	}
}

func parseFeed(t *testing.T, url string) *gofeed.Feed {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/atom+xml") {
		t.Errorf("feed Content-Type = %q", ct)
	}
	b, _ := io.ReadAll(resp.Body)
	feed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatalf("gofeed cannot parse the feed: %v\n%s", err, b)
	}
	if feed.FeedType != "atom" {
		t.Errorf("feed type = %q, want atom", feed.FeedType)
	}
	return feed
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s %s", url, resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

func TestEventAlertSecondSource(t *testing.T) {
	ctx := context.Background()
	docs := newDocSet(t)
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	s := newTestService(t, st, docs, time.Now)
	over := OverEvents
	a, err := s.Create(ctx, Input{Over: &over, Query: &QueryInput{Values: map[string][]string{"q": {"contrat"}}}})
	if err != nil {
		t.Fatal(err)
	}
	docs.put(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("first report: %d new matches, want 1", n)
	}
	// The same signing reported by another site, with one more signatory.
	other := signing("http://autre.test/b", "Le contrat de Dole est signé", "2024-05-15", "Dole", "39198", "Marie Exemple", "Paul Exemple")
	other.Site = "autre.test"
	docs.put(t, other)
	if n, _ := s.Check(ctx); n != 0 {
		t.Fatalf("second source of the same signing: %d new matches, want 0", n)
	}
	ms, err := st.Matches(a.ID, 0, 0)
	if err != nil || len(ms) != 1 {
		t.Fatalf("matches = %v, %v; want one", ms, err)
	}
	ev := ms[0].Event
	if ev == nil || len(ev.Sources) != 2 || len(ev.Signatories) != 2 {
		t.Fatalf("event match = %+v; want both sources and both signatories", ev)
	}
	// A different signing is news.
	docs.put(t, signing("http://actu.test/c", "Contrat signé à Lons", "2024-06-03", "Lons-le-Saunier", "39300", "Marie Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("another signing: %d new matches, want 1", n)
	}
	// Two signings reported by one article are two matches.
	two := signing("http://actu.test/d", "Un contrat et une charte signés à Poligny", "2024-06-10", "Poligny", "39434", "Luc Exemple")
	charte := two.Events[0]
	charte.Agreement, charte.Type = "charte forestière", "charte"
	charte.Signatories = []vigie.Signatory{{Name: "Zoé Exemple", Role: "maire", Org: "Commune de Poligny"}}
	two.Events = append(two.Events, charte)
	docs.put(t, two)
	if n, _ := s.Check(ctx); n != 2 {
		t.Fatalf("an article with two signings: %d new matches, want 2", n)
	}
}

// receiver is a webhook endpoint that records deliveries and dedupes them
// by X-Vigie-Delivery, as the documentation tells receivers to.
type receiver struct {
	mu       sync.Mutex
	secret   string
	calls    []string // delivery ids in arrival order
	unique   map[string]Notification
	badSigs  int
	handle   func(n int, w http.ResponseWriter) bool // optional: takes over call n (from 1)
	attempts []string
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	id := r.Header.Get(HeaderDelivery)
	rc.calls = append(rc.calls, id)
	rc.attempts = append(rc.attempts, r.Header.Get(HeaderAttempt))
	n := len(rc.calls)
	if !Verify(rc.secret, body, r.Header.Get(HeaderSignature)) {
		rc.badSigs++
	}
	handle := rc.handle
	rc.mu.Unlock()
	if handle != nil && handle(n, w) {
		return
	}
	var note Notification
	if err := json.Unmarshal(body, &note); err != nil || note.DeliveryID != id {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	rc.mu.Lock()
	if rc.unique == nil {
		rc.unique = make(map[string]Notification)
	}
	rc.unique[id] = note
	rc.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (rc *receiver) counts() (calls, unique, badSigs int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.calls), len(rc.unique), rc.badSigs
}

func createWithWebhook(t *testing.T, s *Service, url, secret string) Alert {
	t.Helper()
	over := OverEvents
	a, err := s.Create(context.Background(), Input{Over: &over, Query: &QueryInput{Values: map[string][]string{"q": {"contrat"}}},
		Webhook: &Webhook{URL: url, Secret: secret}})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestWebhookRetriesWithBackoff(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{secret: "s3cret", handle: func(n int, w http.ResponseWriter) bool {
		if n <= 2 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return true
		}
		return false
	}}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	docs := newDocSet(t)
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	s := newTestService(t, st, docs, time.Now)
	a := createWithWebhook(t, s, hook.URL, "s3cret")
	docs.put(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("%d new matches, want 1", n)
	}
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	go s.Deliver(dctx)
	waitFor(t, func() bool { out, _ := st.Outbox(a.ID); return len(out) == 0 })
	cancel()
	calls, unique, bad := rc.counts()
	if calls != 3 || unique != 1 || bad != 0 {
		t.Errorf("calls %d, unique %d, bad signatures %d; want 3 attempts, 1 delivery, 0 bad", calls, unique, bad)
	}
	if strings.Join(rc.attempts, ",") != "1,2,3" {
		t.Errorf("X-Vigie-Attempt headers = %v, want 1,2,3", rc.attempts)
	}
	if len(rc.calls) == 3 && (rc.calls[0] != rc.calls[2] || rc.calls[0] != a.ID+"-"+rc.unique[rc.calls[0]].Match.Key) {
		t.Errorf("delivery ids = %v, want one stable id", rc.calls)
	}
	note := rc.unique[rc.calls[0]]
	if note.Alert.ID != a.ID || note.Match.Event == nil || note.Match.Event.Place != "Dole" {
		t.Errorf("notification = %+v", note)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{handle: func(int, http.ResponseWriter) bool { panic(http.ErrAbortHandler) }}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	docs := newDocSet(t)
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	s := newTestService(t, st, docs, time.Now)
	a := createWithWebhook(t, s, hook.URL, "")
	docs.put(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	s.Check(ctx)
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	go s.Deliver(dctx)
	waitFor(t, func() bool { out, _ := st.Outbox(a.ID); return len(out) == 1 && out[0].Failed })
	cancel()
	if calls, _, _ := rc.counts(); calls != 5 {
		t.Errorf("%d attempts, want MaxAttempts = 5", calls)
	}
	var v View
	srv := serveMux(s)
	defer srv.Close()
	getJSON(t, srv.URL+"/api/alerts/"+a.ID, &v)
	if v.Failed != 1 || v.Pending != 0 {
		t.Errorf("view: failed %d, pending %d; want 1, 0", v.Failed, v.Pending)
	}
}

// TestWebhookExactlyOnceAcrossRestart stops the service while the receiver
// holds the first delivery: the restarted service sends it again with the
// same id, and the deduping receiver sees the match once.
func TestWebhookExactlyOnceAcrossRestart(t *testing.T) {
	ctx := context.Background()
	inFlight := make(chan struct{})
	release := make(chan struct{})
	rc := &receiver{secret: "k"}
	rc.handle = func(n int, w http.ResponseWriter) bool {
		if n == 1 {
			close(inFlight)
			<-release // the sender is gone by then: its answer is lost
			return false
		}
		return false
	}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	dir := t.TempDir()
	docs := newDocSet(t)

	st := mustOpen(t, dir)
	s := newTestService(t, st, docs, time.Now)
	a := createWithWebhook(t, s, hook.URL, "k")
	docs.put(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("%d new matches, want 1", n)
	}
	dctx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- s.Deliver(dctx) }()
	<-inFlight
	cancel() // the server stops in the middle of the delivery
	<-done
	st.Close()
	close(release)

	st2 := mustOpen(t, dir)
	defer st2.Close()
	if out, _ := st2.Outbox(a.ID); len(out) != 1 {
		t.Fatalf("outbox after the restart has %d deliveries, want the interrupted one", len(out))
	}
	s2 := newTestService(t, st2, docs, time.Now)
	// The restarted service finds nothing new: the match was recorded once.
	if n, _ := s2.Check(ctx); n != 0 {
		t.Fatalf("check after restart: %d new matches, want 0", n)
	}
	dctx2, cancel2 := context.WithTimeout(ctx, 10*time.Second)
	defer cancel2()
	go s2.Deliver(dctx2)
	waitFor(t, func() bool { out, _ := st2.Outbox(a.ID); return len(out) == 0 })
	calls, unique, bad := rc.counts()
	if calls != 2 || unique != 1 || bad != 0 {
		t.Errorf("calls %d, unique %d, bad signatures %d; want 2 posts of 1 delivery", calls, unique, bad)
	}
	if rc.calls[0] != rc.calls[1] {
		t.Errorf("delivery ids %q and %q differ across the restart", rc.calls[0], rc.calls[1])
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAPI(t *testing.T) {
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	docs := newDocSet(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	s := New(st, Config{Search: docs, Documents: docs, ParseQuery: parseQuery})
	srv := serveMux(s)
	defer srv.Close()

	do := func(method, path, body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		b, _ := io.ReadAll(resp.Body)
		if len(bytes.TrimSpace(b)) > 0 {
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s %s: not JSON: %s", method, path, b)
			}
		}
		return resp.StatusCode, m
	}

	bad := []struct {
		body, field string
	}{
		{`{"name": "x"}`, "query"},
		{`not json`, "body"},
		{`{"query": "q=contrat", "over": "tweets"}`, "over"},
		{`{"query": "q=contrat&color=red"}`, "query"},
		{`{"query": {"q": {"a": 1}}}`, "query.q"},
		{`{"query": "q=contrat", "webhook": {"url": "ftp://x"}}`, "webhook.url"},
		{`{"query": "q=contrat", "webhook": {"url": "http://127.0.0.1:9/hook"}}`, "webhook.url"},
		{`{"query": "q=contrat", "webhook": {"url": "http://10.1.2.3/hook"}}`, "webhook.url"},
		{`{"query": "q=contrat", "colour": 1}`, "colour"},
	}
	for _, tt := range bad {
		code, m := do("POST", "/api/alerts", tt.body)
		if code != 400 || m["field"] != tt.field || m["error"] == "" {
			t.Errorf("POST %s = %d %v, want 400 naming field %q", tt.body, code, m, tt.field)
		}
	}

	code, m := do("POST", "/api/alerts", `{"name": "Dole", "query": {"q": "contrat", "region": ["Bourgogne-Franche-Comté"]}, "over": "events", "webhook": {"url": "https://hooks.example.org/vigie"}}`)
	if code != 201 {
		t.Fatalf("create = %d %v", code, m)
	}
	id := m["id"].(string)
	wh := m["webhook"].(map[string]any)
	if s, _ := wh["secret"].(string); len(s) < 32 {
		t.Errorf("create answer has webhook secret %q, want a generated one", s)
	}
	if m["query"] != "q=contrat&region=Bourgogne-Franche-Comt%C3%A9" {
		t.Errorf("stored query = %q", m["query"])
	}
	code, m = do("GET", "/api/alerts/"+id, "")
	if code != 200 || m["webhook"].(map[string]any)["secret"] != nil {
		t.Errorf("GET = %d %v; want the alert without its secret", code, m)
	}
	code, m = do("PUT", "/api/alerts/"+id, `{"name": "Dole et Jura", "webhook": null}`)
	if code != 200 || m["name"] != "Dole et Jura" || m["webhook"] != nil || m["over"] != "events" {
		t.Errorf("PUT = %d %v; want renamed, webhook removed, over kept", code, m)
	}
	code, m = do("PUT", "/api/alerts/"+id, `{"over": "nope"}`)
	if code != 400 || m["field"] != "over" {
		t.Errorf("bad PUT = %d %v", code, m)
	}
	code, m = do("GET", "/api/alerts", "")
	if list, _ := m["alerts"].([]any); code != 200 || len(list) != 1 {
		t.Errorf("list = %d %v", code, m)
	}
	if code, _ := do("DELETE", "/api/alerts/"+id, ""); code != 204 {
		t.Errorf("DELETE = %d, want 204", code)
	}
	for _, p := range []string{"/api/alerts/" + id, "/api/alerts/" + id + "/feed.atom", "/api/alerts/" + id + "/new"} {
		if code, m := do("GET", p, ""); code != 404 || m["error"] == nil {
			t.Errorf("GET %s after delete = %d %v, want 404", p, code, m)
		}
	}
	resp, err := http.Get(srv.URL + "/alertes")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /alertes = %v %v", resp, err)
	}
	resp.Body.Close()
}

func TestWatcherRound(t *testing.T) {
	ctx := context.Background()
	clk := &clock{t: time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	st := mustOpen(t, dir)
	hourly, _ := ParseSchedule("hourly")
	six, _ := ParseSchedule("@every 6h")
	var crawled [][]string
	w := &Watcher{Store: st, Now: clk.Now,
		Targets: []Target{{Key: "http://a.test/", Schedule: hourly}, {Key: "http://b.test/", Schedule: six}},
		Crawl:   func(_ context.Context, keys []string) error { crawled = append(crawled, keys); return nil },
	}
	next, err := w.Round(ctx)
	if err != nil || len(crawled) != 1 || len(crawled[0]) != 2 {
		t.Fatalf("first round crawled %v (%v); want both sources", crawled, err)
	}
	if want := clk.Now().Add(time.Hour); !next.Equal(want) {
		t.Errorf("next = %v, want %v", next, want)
	}
	clk.Add(30 * time.Minute)
	w.Round(ctx)
	if len(crawled) != 1 {
		t.Fatalf("round after 30 min crawled %v; want nothing", crawled[1:])
	}
	clk.Add(31 * time.Minute)
	w.Round(ctx)
	if len(crawled) != 2 || len(crawled[1]) != 1 || crawled[1][0] != "http://a.test/" {
		t.Fatalf("round after 61 min crawled %v; want the hourly source", crawled[1:])
	}
	// A restarted watcher remembers when it crawled.
	st.Close()
	st2 := mustOpen(t, dir)
	defer st2.Close()
	w.Store = st2
	clk.Add(10 * time.Minute)
	w.Round(ctx)
	if len(crawled) != 2 {
		t.Fatalf("restarted watcher crawled %v again", crawled[2:])
	}
}

// TestBehindGuard serves the alert API and pages behind the server's
// protections: writes need the API token, and the pages work under its
// Content-Security-Policy (no inline script or style).
func TestBehindGuard(t *testing.T) {
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	docs := newDocSet(t)
	s := New(st, Config{Search: docs, Documents: docs, ParseQuery: parseQuery})
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(search.Guard(mux, search.GuardConfig{Token: "jeton"}))
	defer srv.Close()

	post := func(token string) int {
		req, _ := http.NewRequest("POST", srv.URL+"/api/alerts", strings.NewReader(`{"query": "q=contrat"}`))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(""); code != http.StatusUnauthorized {
		t.Errorf("POST without token = %d, want 401", code)
	}
	if code := post("jeton"); code != http.StatusCreated {
		t.Errorf("POST with token = %d, want 201", code)
	}
	alerts, _ := st.List()
	if len(alerts) != 1 {
		t.Fatalf("%d alerts stored, want 1", len(alerts))
	}
	for _, path := range []string{"/alertes", "/alertes/" + alerts[0].ID} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		for _, bad := range []string{"<script>", "<style>", "style=", "onclick="} {
			if strings.Contains(string(b), bad) {
				t.Errorf("GET %s: page contains %q, which the Content-Security-Policy blocks", path, bad)
			}
		}
	}
	for _, asset := range []string{"/alertes/static/alertes.js", "/alertes/static/alertes.css"} {
		resp, err := http.Get(srv.URL + asset)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", asset, resp.StatusCode)
		}
	}
}

func FuzzDecodeInput(f *testing.F) {
	for _, s := range []string{
		`{"name": "x", "query": "q=contrat&region=Occitanie", "over": "events", "webhook": {"url": "https://h.example/x"}}`,
		`{"query": {"q": ["a", "b"], "size": 3, "include_gone": true}}`,
		`{"webhook": null}`, `[]`, `{"query": 3}`, `{"query": {"q": {"x": null}}}`,
	} {
		f.Add(s)
	}
	st := mustOpen(f, f.TempDir())
	defer st.Close()
	s := New(st, Config{ParseQuery: parseQuery})
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/alerts", strings.NewReader(body))
		in, err := decodeInput(r)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field == "" {
				t.Fatalf("decodeInput(%q) error %v does not name a field", body, err)
			}
			return
		}
		var a Alert
		if err := s.apply(&a, in); err == nil && in.Query != nil && a.Over == "" {
			t.Fatalf("apply(%q) left Over empty", body)
		}
	})
}

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"", "hourly", "daily 06:00", "@every 6h", "daily 7:5", "@every -1h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseSchedule(s)
		if err != nil {
			return
		}
		last := time.Date(2024, 3, 31, 1, 30, 0, 0, time.UTC) // the night Paris changes to summer time
		if next := sc.Next(last); !next.After(last) {
			t.Fatalf("ParseSchedule(%q).Next(%v) = %v, not after", s, last, next)
		}
		again, err := ParseSchedule(sc.String())
		if err != nil || again.String() != sc.String() {
			t.Fatalf("ParseSchedule(%q).String() = %q does not parse back (%v)", s, sc.String(), err)
		}
	})
}

// TestWebhookPrivateAddressRefused checks the rule at dial time: a webhook
// whose address is private (here stored without the API's check, as a host
// name resolving to loopback would pass it) is never reached through the
// crawler's safe transport.
func TestWebhookPrivateAddressRefused(t *testing.T) {
	ctx := context.Background()
	rc := &receiver{}
	hook := httptest.NewServer(rc)
	defer hook.Close()
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	docs := newDocSet(t)
	s := New(st, Config{Search: docs, Documents: docs, ParseQuery: parseQuery, Transport: crawler.SafeTransport(false),
		Delivery: DeliveryConfig{MinBackoff: time.Hour}})
	a, err := st.Create(Alert{Name: "x", Query: "q=contrat", Over: OverDocuments, Webhook: &Webhook{URL: hook.URL, Secret: "k"}})
	if err != nil {
		t.Fatal(err)
	}
	docs.put(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	if n, _ := s.Check(ctx); n != 1 {
		t.Fatalf("%d new matches, want 1", n)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if calls, _, _ := rc.counts(); calls != 0 {
		t.Errorf("the receiver on a loopback address got %d calls", calls)
	}
	out, _ := st.Outbox(a.ID)
	if len(out) != 1 || out[0].Attempts != 1 || !strings.Contains(out[0].LastError, "private") {
		t.Errorf("outbox = %+v; want one attempt refused for its private address", out)
	}
}

// BenchmarkCheck measures one check of an alert matching 2,000 documents,
// one of them new.
func BenchmarkCheck(b *testing.B) {
	ctx := context.Background()
	var all []*vigie.Document
	for i := range 2000 {
		all = append(all, signing(fmt.Sprintf("http://actu.test/%d", i), fmt.Sprintf("Contrat numéro %d", i), "2024-05-15", "Dole", "39198", "Marie Exemple"))
	}
	docs := newDocSet(b, all...)
	st := mustOpen(b, b.TempDir())
	defer st.Close()
	s := newTestService(b, st, docs, time.Now)
	if _, err := s.Create(ctx, Input{Query: &QueryInput{Values: map[string][]string{"q": {"contrat"}}}}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		docs.put(b, signing(fmt.Sprintf("http://actu.test/new/%d", i), fmt.Sprintf("Nouveau contrat %d", i), "2024-06-01", "Dole", "39198", "Marie Exemple"))
		b.StartTimer()
		n, err := s.Check(ctx)
		if err != nil || n != 1 {
			b.Fatalf("Check = %d, %v; want 1 new match", n, err)
		}
	}
}
