package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie/crawler"
)

// TestSearchWhileCrawling runs a bounded load of searches over HTTP on
// loopback while a crawl indexes in the background, and reports errors
// (there must be none) and latency.
func TestSearchWhileCrawling(t *testing.T) {
	if testing.Short() {
		t.Skip("load test skipped in -short mode")
	}
	const clients, perClient = 8, 50
	site, _ := articleSite(t, 200)
	data := t.TempDir()
	ix, err := openIndex(data, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	served := make(chan error, 1)
	opts := serveOptions{Data: data, Addr: "127.0.0.1:0", Crawler: crawler.DefaultConfig()}
	go func() { served <- serveIndex(ctx, ix, opts, log, func(u string) { ready <- u }) }()
	base := <-ready

	cfg := crawler.DefaultConfig()
	cfg.DataDir, cfg.AllowPrivate, cfg.Delay, cfg.Logger = data, true, 0, log
	c, err := crawler.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := newPipeline(ix, log)
	crawled := make(chan error, 1)
	go func() {
		_, err := c.Crawl(ctx, []crawler.Source{{URL: site.URL + "/"}}, p)
		crawled <- err
	}()

	queries := []string{"convention", "Rodez", `"centre-ville"`, "signé -Millau", "", "revitalisation commerces"}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		failures  []string
	)
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 15 * time.Second}
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perClient; i++ {
				q := url.Values{"q": {queries[(w+i)%len(queries)]}}
				if i%3 == 0 {
					q.Set("departement", "Aveyron")
				}
				start := time.Now()
				resp, err := client.Get(base + "api/search?" + q.Encode())
				d := time.Since(start)
				mu.Lock()
				latencies = append(latencies, d)
				switch {
				case err != nil:
					failures = append(failures, err.Error())
				case resp.StatusCode != http.StatusOK:
					failures = append(failures, resp.Status)
				}
				mu.Unlock()
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}(w)
	}
	wg.Wait()
	if err := <-crawled; err != nil {
		t.Errorf("crawl: %v", err)
	}
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(p*float64(len(latencies)-1))] }
	t.Logf("%d searches by %d clients while %d pages were indexed: %d errors, p50 %v, p95 %v, p99 %v, max %v",
		len(latencies), clients, p.indexed.Load(), len(failures), pct(0.5), pct(0.95), pct(0.99), latencies[len(latencies)-1])
	if len(failures) > 0 {
		t.Errorf("%d failed searches, first: %s", len(failures), failures[0])
	}
	if n := p.indexed.Load(); n != 200 {
		t.Errorf("%d pages indexed, want 200", n)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("serve: %v", err)
	}
}

func TestStatusEndpoint(t *testing.T) {
	var s crawlStatus
	c, err := crawler.New(crawler.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/status", nil))
	if !strings.Contains(rec.Body.String(), `"crawling":false`) {
		t.Errorf("idle status %s", rec.Body)
	}
	s.start(c)
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/status", nil))
	if !strings.Contains(rec.Body.String(), `"crawling":true`) || !strings.Contains(rec.Body.String(), `"fetched"`) {
		t.Errorf("crawling status %s", rec.Body)
	}
	s.finish(&crawler.Report{Handled: 3, Skipped: map[string]int{"robots.txt": 1}})
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/api/status", nil))
	if !strings.Contains(rec.Body.String(), `"handled":3`) {
		t.Errorf("status after a crawl %s", rec.Body)
	}
}
