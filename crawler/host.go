package crawler

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
)

// tdmRule is one entry of a TDMRep /.well-known/tdmrep.json file.
type tdmRule struct {
	Location    string `json:"location"`
	Reservation int    `json:"tdm-reservation"`
}

// ensureHost prepares, once per host and before the first request to it,
// what governs the crawl of that host: its own colly limit rule (the
// per-host delay and parallelism, raised to robots.txt's Crawl-delay), the
// Sitemap lines of robots.txt and the TDMRep file. colly checks the
// robots.txt rules on every request itself. Concurrent callers for one host
// wait until it is ready.
func (r *run) ensureHost(src int, u *url.URL) {
	r.mu.Lock()
	hi, seen := r.hostInfo[u.Host]
	if seen {
		r.mu.Unlock()
		<-hi.ready
		return
	}
	hi = &hostInfo{ready: make(chan struct{})}
	r.hostInfo[u.Host] = hi
	r.mu.Unlock()

	cfg := r.c.cfg
	delay, parallelism := cfg.Delay, cfg.Parallelism
	root := u.Scheme + "://" + u.Host
	var sitemaps []string
	if body, status, ok := r.get(root + "/robots.txt"); ok {
		if robots, err := robotstxt.FromStatusAndBytes(status, body); err == nil {
			if g := robots.FindGroup(cfg.UserAgent); g != nil && g.CrawlDelay > delay {
				delay, parallelism = g.CrawlDelay, 1
				cfg.Logger.Info("robots.txt crawl-delay", "host", u.Host, "delay", g.CrawlDelay)
			}
		}
		if status == http.StatusOK {
			sitemaps = robotsSitemaps(body)
		}
	}
	if body, status, ok := r.get(root + "/.well-known/tdmrep.json"); ok && status == http.StatusOK {
		var rules []tdmRule
		if json.Unmarshal(body, &rules) == nil {
			hi.tdm = rules
		}
	}
	hi.delay = delay
	// colly applies the first rule that matches a host: one exact rule per
	// host gives every host its own delay and parallelism.
	r.col.Limit(&colly.LimitRule{
		DomainRegexp: "^" + regexp.QuoteMeta(u.Host) + "$",
		Parallelism:  parallelism,
		Delay:        delay,
	})
	close(hi.ready)
	for _, sm := range sitemaps {
		r.visit(sm, src, 0, kindSitemap, true)
	}
}

// get fetches a small file of the site with the crawler's client.
func (r *run) get(u string) ([]byte, int, bool) {
	req, err := http.NewRequestWithContext(r.ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, false
	}
	req.Header.Set("User-Agent", r.c.cfg.UserAgent)
	res, err := r.client.Do(req)
	if err != nil {
		return nil, 0, false
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 512<<10))
	if err != nil {
		return nil, 0, false
	}
	return body, res.StatusCode, true
}

// tdmReserved reports whether the publisher reserved its text-and-data-mining
// rights on this page, by the tdm-reservation header or the site's
// tdmrep.json. (The meta tag is checked when the HTML is parsed.)
func (r *run) tdmReserved(res *colly.Response) bool {
	if res.Headers != nil && strings.TrimSpace(res.Headers.Get("tdm-reservation")) == "1" {
		return true
	}
	r.mu.Lock()
	hi := r.hostInfo[res.Request.URL.Host]
	r.mu.Unlock()
	if hi == nil {
		return false
	}
	p := res.Request.URL.Path
	reserved := false
	for _, rule := range hi.tdm {
		if tdmMatch(rule.Location, p) {
			reserved = rule.Reservation == 1 // the last matching rule wins
		}
	}
	return reserved
}

// tdmMatch matches a TDMRep location pattern ("/", "/articles/*", "*.pdf")
// against a URL path.
func tdmMatch(pattern, p string) bool {
	if pattern == "" {
		return false
	}
	if pattern == "/" || pattern == "*" || pattern == "/*" {
		return true
	}
	if strings.HasSuffix(pattern, "*") && !strings.ContainsAny(pattern[:len(pattern)-1], "*?[") {
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	}
	if ok, err := path.Match(pattern, p); err == nil && ok {
		return true
	}
	return strings.HasPrefix(p, pattern) && strings.HasSuffix(pattern, "/")
}
