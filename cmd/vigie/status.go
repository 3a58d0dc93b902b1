package main

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"vigie/crawler"
)

// crawlStatus follows the scheduled crawls of serve and watch, and serves
// their counters as JSON at /api/status.
type crawlStatus struct {
	mu       sync.Mutex
	current  *crawler.Crawler
	last     *crawler.Report
	lastDone time.Time
}

func (s *crawlStatus) start(c *crawler.Crawler) {
	s.mu.Lock()
	s.current = c
	s.mu.Unlock()
}

func (s *crawlStatus) finish(r *crawler.Report) {
	s.mu.Lock()
	s.current, s.last, s.lastDone = nil, r, time.Now()
	s.mu.Unlock()
}

// statusBody is the JSON of /api/status.
type statusBody struct {
	Crawling       bool           `json:"crawling"`
	Stats          *crawler.Stats `json:"stats,omitempty"` // the crawl in progress
	PagesPerSecond float64        `json:"pages_per_second,omitempty"`
	LastCrawl      *lastCrawl     `json:"last_crawl,omitempty"`
}

type lastCrawl struct {
	Finished time.Time      `json:"finished"`
	Handled  int            `json:"handled"`
	Errors   int            `json:"errors"`
	Skipped  map[string]int `json:"skipped"`
}

func (s *crawlStatus) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	var body statusBody
	if s.current != nil {
		st := s.current.Stats()
		body.Crawling, body.Stats, body.PagesPerSecond = true, &st, st.PagesPerSecond()
	}
	if s.last != nil {
		body.LastCrawl = &lastCrawl{Finished: s.lastDone, Handled: s.last.Handled, Errors: s.last.ErrorCount, Skipped: s.last.Skipped}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(body)
}
