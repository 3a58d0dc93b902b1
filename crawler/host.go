package crawler

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
)

// tdmRule is one entry of a TDMRep /.well-known/tdmrep.json file.
type tdmRule struct {
	Location    string `json:"location"`
	Reservation int    `json:"tdm-reservation"`
}

// prepareHost reads, once per host, what governs the crawl of that host:
// robots.txt (its Crawl-delay and Sitemap lines) and the TDMRep file.
// colly checks robots.txt rules on every request itself.
func (r *run) prepareHost(src int, start string) {
	s := r.sources[src]
	if start == "" && len(s.Feeds) > 0 {
		start = s.Feeds[0]
	}
	if start == "" && len(s.Sitemaps) > 0 {
		start = s.Sitemaps[0]
	}
	u, err := url.Parse(start)
	if err != nil || u.Host == "" {
		return
	}
	r.mu.Lock()
	if _, seen := r.hostInfo[u.Host]; seen {
		r.mu.Unlock()
		return
	}
	hi := &hostInfo{}
	r.hostInfo[u.Host] = hi
	r.mu.Unlock()

	root := u.Scheme + "://" + u.Host
	if body, status, ok := r.get(root + "/robots.txt"); ok {
		if robots, err := robotstxt.FromStatusAndBytes(status, body); err == nil {
			if g := robots.FindGroup(r.c.cfg.UserAgent); g != nil && g.CrawlDelay > r.c.cfg.Delay {
				r.col.Limit(&colly.LimitRule{DomainGlob: u.Host, Parallelism: 1, Delay: g.CrawlDelay})
				r.c.cfg.Logger.Info("robots.txt crawl-delay", "host", u.Host, "delay", g.CrawlDelay)
			}
		}
		if status == http.StatusOK {
			for _, sm := range robotsSitemaps(body) {
				r.visit(sm, src, 0, kindSitemap, true)
			}
		}
	}
	if body, status, ok := r.get(root + "/.well-known/tdmrep.json"); ok && status == http.StatusOK {
		var rules []tdmRule
		if json.Unmarshal(body, &rules) == nil {
			hi.tdm = rules
		}
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
