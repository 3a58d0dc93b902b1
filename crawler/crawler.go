package crawler

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"vigie"
)

// Handler receives what the crawl finds. cmd/vigie connects it to the
// extractor and the index.
type Handler interface {
	// Page extracts and indexes one fetched page. A nil return
	// acknowledges it in the crawl state: it is not fetched again when an
	// interrupted crawl resumes.
	Page(ctx context.Context, p *vigie.Page) error
	// Gone is called for a page known before that now answers 404 or 410.
	Gone(ctx context.Context, url string) error
}

// Kinds of queued URLs.
const (
	kindPage = iota
	kindFeed
	kindSitemap
)

// Crawler fetches the pages of sources with colly, politely, and hands
// them to a Handler. It keeps its state under Config.DataDir, so a crawl
// can be interrupted and resumed, and a later crawl is incremental.
type Crawler struct {
	cfg   Config
	st    *state
	stats counters
}

// New returns a crawler with the configuration cfg, or an error if its
// state cannot be opened.
func New(cfg Config) (*Crawler, error) {
	cfg.fill()
	st, err := openState(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	c := &Crawler{cfg: cfg, st: st}
	var env []string
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "COLLY_") {
			k, _, _ := strings.Cut(e, "=")
			env = append(env, k)
		}
	}
	if len(env) > 0 {
		cfg.Logger.Warn("COLLY_* environment variables are ignored: the crawler's own settings win", "variables", env)
	}
	cfg.Logger.Info("crawler configuration", "user_agent", cfg.UserAgent, "delay", cfg.Delay,
		"parallelism", cfg.Parallelism, "timeout", cfg.Timeout, "max_body_size", cfg.MaxBodySize,
		"retries", cfg.Retries, "max_depth", cfg.MaxDepth, "max_pages", cfg.MaxPages,
		"allow_private", cfg.AllowPrivate, "robots_txt", "honoured", "state", cfg.DataDir)
	return c, nil
}

// Close closes the crawl state.
func (c *Crawler) Close() error { return c.st.close() }

// Stats returns the counters of the crawl in progress (or of the last one).
func (c *Crawler) Stats() Stats { return c.stats.snapshot() }

// run is one call of Crawl.
type run struct {
	c        *Crawler
	ctx      context.Context
	cancel   context.CancelFunc
	fatal    error // a storage error that stops the crawl (disk full, read-only)
	h        Handler
	col      *colly.Collector
	client   *http.Client
	sources  []Source
	run      uint64
	resumed  bool
	report   *Report
	mu       sync.Mutex
	perHost  map[string]int
	hostInfo map[string]*hostInfo
	handling *slots
}

// hostInfo is what the crawl learnt of a host: robots.txt delay, sitemaps,
// TDM reservations.
type hostInfo struct {
	ready chan struct{} // closed once the host is prepared
	delay time.Duration // effective delay between two requests
	tdm   []tdmRule

	mu        sync.Mutex
	notBefore time.Time // after a 429 or 503: no request to the host before then
}

// pause holds every request to the host until the given time (after a 429
// or 503).
func (hi *hostInfo) pause(until time.Time) {
	hi.mu.Lock()
	if until.After(hi.notBefore) {
		hi.notBefore = until
	}
	hi.mu.Unlock()
}

// backoff is the wait before retry number attempt+1: the Retry-After header
// when there is one, else exponential from half a second.
func backoff(hdr *http.Header, attempt int) time.Duration {
	wait := time.Duration(1<<min(attempt, 10)) * 500 * time.Millisecond
	if hdr != nil {
		if ra := hdr.Get("Retry-After"); ra != "" {
			if secs, err := strconv.Atoi(strings.TrimSpace(ra)); err == nil {
				wait = time.Duration(secs) * time.Second
			} else if t, err := http.ParseTime(ra); err == nil {
				wait = time.Until(t)
			}
		}
	}
	return wait
}

// holdHost makes a request wait while its host is paused. The transport
// calls it once colly has given the request its slot of the host, so the
// requests already queued for the host wait too.
func (r *run) holdHost(req *http.Request) error {
	hi := r.host(req.URL.Host)
	if hi == nil {
		return nil
	}
	if d := hi.wait(time.Now()); d > 0 {
		return sleepCtx(req.Context(), d)
	}
	return nil
}

// wait returns how long a request to the host must still wait.
func (hi *hostInfo) wait(now time.Time) time.Duration {
	hi.mu.Lock()
	defer hi.mu.Unlock()
	return hi.notBefore.Sub(now)
}

// host returns what the crawl knows of a host, or nil.
func (r *run) host(h string) *hostInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hostInfo[h]
}

// Crawl crawls the sources and hands every page to h. It returns when the
// frontier is empty or ctx is done; an interrupted crawl resumes from its
// state on the next call. The report counts what was fetched, skipped and
// failed, and why.
func (c *Crawler) Crawl(ctx context.Context, sources []Source, h Handler) (*Report, error) {
	for i := range sources {
		if err := sources[i].compile(); err != nil {
			return nil, fmt.Errorf("source %q: %w", sources[i].URL, err)
		}
	}
	runID, resumed, err := c.st.beginRun()
	if err != nil {
		return nil, fmt.Errorf("crawl state: %w", err)
	}
	c.stats.reset()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{
		c: c, ctx: ctx, cancel: cancel, h: h, sources: sources, run: runID, resumed: resumed,
		report:   newReport(),
		perHost:  map[string]int{},
		hostInfo: map[string]*hostInfo{},
		client:   newClient(c.cfg),
		handling: newSlots(c.cfg.InFlight),
	}
	if resumed {
		c.cfg.Logger.Info("resuming an interrupted crawl", "run", runID)
	}
	r.client.Transport.(*limitTransport).hold = r.holdHost
	r.col = r.newCollector()
	stopProgress := c.progress(ctx)
	start := time.Now()

	for i, s := range sources {
		if s.URL != "" {
			r.visit(s.URL, i, 0, kindPage, true)
		}
		for _, f := range s.Feeds {
			r.visit(f, i, 0, kindFeed, true)
		}
		for _, sm := range s.Sitemaps {
			r.visit(sm, i, 0, kindSitemap, true)
		}
	}
	if resumed {
		fr, err := c.st.frontier()
		if err != nil {
			return nil, fmt.Errorf("crawl state: %w", err)
		}
		byKey := map[string]int{}
		for i := range sources {
			byKey[sourceKey(&sources[i])] = i
		}
		for u, q := range fr {
			// Resume only the URLs of sources crawled now, under their
			// current position in the list.
			if i, ok := byKey[q.Key]; ok {
				r.visit(u, i, q.Depth, q.Kind, false)
			}
		}
	}
	r.col.Wait()
	stopProgress()
	r.report.Duration = time.Since(start)
	r.report.Stats = c.stats.snapshot()
	r.mu.Lock()
	fatal := r.fatal
	r.mu.Unlock()
	if fatal != nil {
		return r.report, fmt.Errorf("crawl stopped, it resumes on the next run: %w", fatal)
	}
	if err := ctx.Err(); err != nil {
		return r.report, fmt.Errorf("crawl interrupted, it resumes on the next run: %w", err)
	}
	if err := c.st.finishRun(); err != nil {
		return r.report, fmt.Errorf("crawl state: %w", err)
	}
	return r.report, nil
}

func (r *run) newCollector() *colly.Collector {
	cfg := r.c.cfg
	col := colly.NewCollector()
	// NewCollector applies COLLY_* variables last: set everything after it.
	col.Async = true
	col.IgnoreRobotsTxt = false
	col.UserAgent = cfg.UserAgent
	col.MaxBodySize = 0 // the transport bounds bodies, after decompression
	col.MaxDepth = 0    // depth is a per-source rule, checked in visit
	col.AllowURLRevisit = false
	col.ParseHTTPErrorResponse = true
	col.DetectCharset = false
	col.CacheDir = ""
	col.Context = r.ctx
	col.SetClient(r.client)
	col.DisableCookies()

	col.OnRequest(func(req *colly.Request) {
		if r.ctx.Err() != nil {
			req.Abort()
			return
		}
		// A host that answered 429 or 503 gets no request until its
		// Retry-After (or backoff) has passed.
		if hi := r.host(req.URL.Host); hi != nil {
			if d := hi.wait(time.Now()); d > 0 && sleepCtx(r.ctx, d) != nil {
				req.Abort()
				return
			}
		}
		r.c.stats.inFlight.Add(1)
		if req.Ctx.GetAny("kind") == kindPage && req.Ctx.Get("seed") == "" {
			key := req.Ctx.Get("url")
			if key == "" {
				key = req.URL.String()
			}
			if ps, ok := r.c.st.page(key); ok && ps.Handled && !ps.Gone {
				if ps.ETag != "" {
					req.Headers.Set("If-None-Match", ps.ETag)
				}
				if ps.LastModified != "" {
					req.Headers.Set("If-Modified-Since", ps.LastModified)
				}
			}
		}
	})
	col.OnResponseHeaders(func(res *colly.Response) {
		// Still holding the host's slot: pause the host before any other
		// request to it goes. The pause is bounded by half the request
		// timeout, which it must not exhaust; the refused request itself
		// waits its whole backoff before it is retried.
		if res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusServiceUnavailable {
			if hi := r.host(res.Request.URL.Host); hi != nil {
				wait := min(max(backoff(res.Headers, ctxInt(res.Ctx, "attempt")), 0), cfg.MaxBackoff, cfg.Timeout/2)
				hi.pause(time.Now().Add(wait))
			}
		}
	})
	col.OnRequestHeaders(func(req *colly.Request) {
		// Sent only with a slot (the host's slot is already held): fetched
		// pages waiting for a slow handler stop the crawl from sending more.
		if !r.handling.take(r.ctx, req.ID) {
			req.Abort()
		}
	})
	col.OnResponse(func(res *colly.Response) {
		defer r.handling.give(res.Request.ID)
		r.c.stats.inFlight.Add(-1)
		r.response(res)
	})
	col.OnError(func(res *colly.Response, err error) {
		defer r.handling.give(res.Request.ID)
		r.c.stats.inFlight.Add(-1)
		r.failure(res, err)
	})
	return col
}

// visit queues u (relative URLs must be resolved by the caller) for source
// src at depth. seed marks start URLs, which are never fetched
// conditionally and are fetched again in a resumed run.
func (r *run) visit(raw string, src, depth, kind int, seed bool) {
	if t, ok := r.admit(raw, src, depth, kind, seed); ok {
		r.send([]target{t})
	}
}

// target is a URL admitted to the frontier.
type target struct {
	canon            string
	cu               *url.URL
	src, depth, kind int
	seed             bool
}

// admit checks raw against the scope rules, trap defences and limits of
// source src, and returns it canonicalised when it is to be fetched.
//
// A stopped crawl still admits URLs, so that the links of a page handled
// as it stopped reach the persistent frontier for the next run.
func (r *run) admit(raw string, src, depth, kind int, seed bool) (target, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return target{}, false
	}
	canon := canonical(u)
	cu, _ := url.Parse(canon)
	s := &r.sources[src]
	if ok, why := s.allows(cu); !ok {
		r.report.skip(why, canon)
		return target{}, false
	}
	if why := trap(cu); why != "" {
		r.report.skip("trap:"+why, canon)
		return target{}, false
	}
	maxDepth := s.MaxDepth
	if maxDepth <= 0 {
		maxDepth = r.c.cfg.MaxDepth
	}
	if depth > maxDepth && kind == kindPage {
		r.report.skip("max-depth", canon)
		return target{}, false
	}
	if r.resumed && !seed && r.c.st.isDone(canon) {
		return target{}, false
	}
	r.ensureHost(src, cu)
	r.mu.Lock()
	maxPages := s.MaxPages
	if maxPages <= 0 {
		maxPages = r.c.cfg.MaxPages
	}
	if r.perHost[cu.Host] >= maxPages {
		r.mu.Unlock()
		r.report.skip("max-pages", canon)
		return target{}, false
	}
	r.mu.Unlock()
	return target{canon: canon, cu: cu, src: src, depth: depth, kind: kind, seed: seed}, true
}

// send records the targets in the persistent frontier, in one transaction
// (one disk sync for all the links of a page), then hands them to colly.
func (r *run) send(ts []target) {
	if len(ts) == 0 {
		return
	}
	qs := make(map[string]queued, len(ts))
	for _, t := range ts {
		if _, dup := qs[t.canon]; !dup {
			qs[t.canon] = queued{Source: t.src, Key: sourceKey(&r.sources[t.src]), Depth: t.depth, Kind: t.kind}
		}
	}
	if err := r.c.st.enqueueAll(qs); err != nil {
		for _, t := range ts {
			r.report.fail(t.canon, 0, fmt.Errorf("crawl state: %w", err))
		}
		r.stopOnStorageError(err)
		return
	}
	if r.ctx.Err() != nil {
		return // queued for the next run
	}
	for _, t := range ts {
		r.request(t)
	}
}

// request hands a target, already in the frontier, to colly.
func (r *run) request(t target) {
	canon, cu := t.canon, t.cu
	ctx := colly.NewContext()
	ctx.Put("src", t.src)
	ctx.Put("depth", t.depth)
	ctx.Put("kind", t.kind)
	ctx.Put("url", canon)
	if t.seed {
		ctx.Put("seed", "1")
	}
	err := r.col.Request(http.MethodGet, canon, nil, ctx, nil)
	var already *colly.AlreadyVisitedError
	switch {
	case err == nil:
		r.mu.Lock()
		r.perHost[cu.Host]++
		r.mu.Unlock()
		r.c.stats.queued.Add(1)
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.report.skip("robots.txt", canon)
		r.markDone(canon, pageState{Status: 0})
	case errors.As(err, &already):
	case errors.Is(err, ErrPrivateAddress):
		r.report.skip("private-address", canon)
		r.report.fail(canon, 0, err)
	default:
		r.report.fail(canon, 0, err)
	}
}

// sourceKey identifies a source across calls: its start URL, or its first
// feed or sitemap.
func sourceKey(s *Source) string {
	switch {
	case s.URL != "":
		return s.URL
	case len(s.Feeds) > 0:
		return s.Feeds[0]
	case len(s.Sitemaps) > 0:
		return s.Sitemaps[0]
	}
	return s.Name
}

// markDone records a URL as finished in this run.
func (r *run) markDone(u string, ps pageState) {
	if ps.FetchedAt.IsZero() {
		ps.FetchedAt = r.c.cfg.Now()
	}
	ps.Run = r.run
	if err := r.c.st.done(u, ps); err != nil {
		r.report.fail(u, ps.Status, fmt.Errorf("crawl state: %w", err))
		r.stopOnStorageError(err)
	}
}

// stopOnStorageError stops the crawl when the disk is full or read-only:
// every further page would fail the same way. What was acknowledged stays.
func (r *run) stopOnStorageError(err error) {
	if !errors.Is(err, syscall.ENOSPC) && !errors.Is(err, syscall.EROFS) && !errors.Is(err, syscall.EDQUOT) && !errors.Is(err, syscall.EIO) {
		return
	}
	r.mu.Lock()
	if r.fatal == nil {
		r.fatal = err
		r.c.cfg.Logger.Error("stopping the crawl: the data directory cannot be written", "err", err)
	}
	r.mu.Unlock()
	r.cancel()
}

func ctxInt(ctx *colly.Context, key string) int {
	v, _ := ctx.GetAny(key).(int)
	return v
}

// response handles an HTTP response of any status.
func (r *run) response(res *colly.Response) {
	if r.ctx.Err() != nil {
		return // fetched as the crawl stopped: stays in the frontier for the next run
	}
	u, fetched := requestKey(res), res.Request.URL.String()
	src, depth, kind := ctxInt(res.Ctx, "src"), ctxInt(res.Ctx, "depth"), ctxInt(res.Ctx, "kind")
	r.c.stats.fetched.Add(1)
	if fetched != u {
		// Redirected: the page must still be inside the source's scope.
		if ok, _ := r.sources[src].allows(res.Request.URL); !ok {
			r.report.skip("redirect-out-of-scope", u)
			r.markDone(u, pageState{Status: res.StatusCode})
			return
		}
	}
	prev, known := r.c.st.page(u)
	switch code := res.StatusCode; {
	case code == http.StatusNotModified:
		r.report.count(&r.report.NotModified)
		prev.Status = code
		r.markDone(u, prev)
		return
	case code == http.StatusNotFound || code == http.StatusGone:
		if known && prev.Handled && !prev.Gone {
			if err := r.h.Gone(r.ctx, u); err != nil {
				r.report.fail(u, code, fmt.Errorf("mark gone: %w", err))
				return
			}
			r.report.count(&r.report.Gone)
			prev.Gone = true
		} else if kind != kindSitemap {
			r.report.fail(u, code, errors.New(http.StatusText(code)))
		}
		prev.Status = code
		r.markDone(u, prev)
		return
	case code == http.StatusTooManyRequests || code >= 500:
		if r.retry(res.Request, res.Headers, code) {
			return
		}
		r.report.fail(u, code, fmt.Errorf("%s after %d retries", http.StatusText(code), r.c.cfg.Retries))
		return
	case code >= 300:
		r.report.fail(u, code, errors.New(http.StatusText(code)))
		r.markDone(u, pageState{Status: code})
		return
	}

	ct := res.Headers.Get("Content-Type")
	mt := mediaType(ct)
	body := res.Body
	if kind != kindPage || strings.Contains(mt, "xml") && !strings.Contains(mt, "xhtml") {
		r.xmlDocument(u, src, depth, body, mt)
		r.markDone(u, pageState{Status: res.StatusCode})
		return
	}
	if r.tdmReserved(res) {
		r.report.skip("tdm-reservation", u)
		r.markDone(u, pageState{Status: res.StatusCode})
		return
	}
	page := &vigie.Page{
		URL: canonical(res.Request.URL), FetchedURL: fetched, Site: r.sources[src].Name, Status: res.StatusCode,
		FetchedAt: r.c.cfg.Now(), LastModified: res.Headers.Get("Last-Modified"),
		ETag: res.Headers.Get("ETag"), Depth: depth,
	}
	switch {
	case mt == "application/pdf" || mt == "" && bytes.HasPrefix(body, []byte("%PDF-")):
		text, err := pdfText(body)
		if err != nil {
			r.report.fail(u, res.StatusCode, fmt.Errorf("pdf: %w", err))
			r.markDone(u, pageState{Status: res.StatusCode})
			return
		}
		page.ContentType, page.Body = "application/pdf", []byte(text)
		r.report.count(&r.report.PDFs)
	case mt == "text/html" || mt == "application/xhtml+xml" || mt == "" || mt == "text/plain":
		if looksBinary(body) {
			r.report.skip("binary", u)
			r.markDone(u, pageState{Status: res.StatusCode})
			return
		}
		// colly has already decoded a body whose header declares its
		// charset; otherwise the charset is found in the body.
		declared := ct
		if strings.Contains(strings.ToLower(ct), "charset") {
			declared = ""
		}
		page.Body = toUTF8(body, declared)
		page.ContentType = mt
		if mt == "" || mt == "application/xhtml+xml" {
			page.ContentType = "text/html"
		}
	default:
		r.report.skip("binary:"+mt, u)
		r.markDone(u, pageState{Status: res.StatusCode})
		return
	}
	if page.ContentType == "text/html" {
		if reserved := r.links(page, src, depth); reserved {
			r.report.skip("tdm-reservation", u)
			r.markDone(u, pageState{Status: res.StatusCode})
			return
		}
	}
	sum := sha256.Sum256(page.Body)
	hash := hex.EncodeToString(sum[:])
	ps := pageState{ETag: page.ETag, LastModified: page.LastModified, Hash: hash, Status: res.StatusCode, Handled: true, FetchedAt: page.FetchedAt}
	if known && prev.Handled && prev.Hash == hash && !prev.Gone {
		r.report.count(&r.report.Unchanged)
		r.markDone(u, ps)
		return
	}
	if err := r.h.Page(r.ctx, page); err != nil {
		r.c.stats.errors.Add(1)
		r.report.fail(u, res.StatusCode, err)
		r.stopOnStorageError(err)
		return // stays in the frontier: a resumed crawl tries it again
	}
	r.c.stats.handled.Add(1)
	r.report.count(&r.report.Handled)
	r.markDone(u, ps)
	if page.URL != u {
		r.markDone(page.URL, ps)
	}
}

// links queues the links, feeds and canonical URL of an HTML page, sets
// page.URL to its canonical URL, and reports a TDM reservation meta tag.
func (r *run) links(page *vigie.Page, src, depth int) (reserved bool) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page.Body))
	if err != nil {
		return false
	}
	if v, ok := doc.Find(`meta[name="tdm-reservation"]`).Attr("content"); ok && strings.TrimSpace(v) == "1" {
		return true
	}
	base, _ := url.Parse(page.URL)
	if href, ok := doc.Find(`base[href]`).Attr("href"); ok {
		if b, err := base.Parse(href); err == nil {
			base = b
		}
	}
	if href, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok {
		if cu, err := base.Parse(href); err == nil {
			if ok, _ := r.sources[src].allows(cu); ok {
				page.URL = canonical(cu)
			}
		}
	}
	doc.Find(`link[rel="alternate"][href]`).Each(func(_ int, s *goquery.Selection) {
		t := strings.ToLower(s.AttrOr("type", ""))
		if strings.Contains(t, "rss") || strings.Contains(t, "atom") {
			if fu, err := base.Parse(s.AttrOr("href", "")); err == nil {
				r.visit(fu.String(), src, depth, kindFeed, false)
			}
		}
	})
	var batch []target
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href := strings.TrimSpace(s.AttrOr("href", ""))
		if href == "" || strings.HasPrefix(href, "#") || strings.HasPrefix(strings.ToLower(href), "javascript:") || strings.HasPrefix(strings.ToLower(href), "mailto:") {
			return
		}
		if strings.Contains(strings.ToLower(s.AttrOr("rel", "")), "nofollow") {
			return
		}
		lu, err := base.Parse(href)
		if err != nil {
			return
		}
		if t, ok := r.admit(lu.String(), src, depth+1, kindPage, false); ok {
			batch = append(batch, t)
		}
	})
	r.send(batch)
	return false
}

// xmlDocument queues the URLs of a sitemap or feed.
func (r *run) xmlDocument(u string, src, depth int, body []byte, mt string) {
	pages, sitemaps, err := xmlLinks(body)
	if err != nil {
		r.report.fail(u, 200, fmt.Errorf("sitemap or feed: %w", err))
	}
	base, _ := url.Parse(u)
	var batch []target
	for _, p := range pages {
		if pu, err := base.Parse(p); err == nil {
			if t, ok := r.admit(pu.String(), src, depth+1, kindPage, false); ok {
				batch = append(batch, t)
			}
		}
	}
	r.send(batch)
	for _, s := range sitemaps {
		if su, err := base.Parse(s); err == nil {
			r.visit(su.String(), src, depth, kindSitemap, false)
		}
	}
	if len(pages)+len(sitemaps) > 0 {
		r.report.count(&r.report.Feeds)
	}
}

// retry schedules the request again after a backoff when it has retries
// left: Retry-After when the server gives it, else exponential.
func (r *run) retry(req *colly.Request, hdr *http.Header, code int) bool {
	attempt := ctxInt(req.Ctx, "attempt")
	if attempt >= r.c.cfg.Retries || r.ctx.Err() != nil {
		return false
	}
	wait := backoff(hdr, attempt)
	wait = min(max(wait, 0), r.c.cfg.MaxBackoff)
	if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
		if hi := r.host(req.URL.Host); hi != nil {
			hi.pause(time.Now().Add(wait))
		}
	}
	req.Ctx.Put("attempt", attempt+1)
	r.handling.give(req.ID) // the backoff holds no handling slot
	r.report.count(&r.report.Retries)
	r.c.cfg.Logger.Info("retrying", "url", req.URL.String(), "status", code, "wait", wait, "attempt", attempt+1)
	// The retry sends a copy: the transport may still read the headers of
	// the failed request, and colly keeps using req after this callback.
	// The backoff is slept here, in colly's goroutine of the failed request,
	// so that colly's wait group counts the retry all along (the host's
	// parallelism slot is already released).
	again := *req
	hdr2 := req.Headers.Clone()
	again.Headers = &hdr2
	if sleepCtx(r.ctx, wait) != nil {
		return true // stays in the frontier for the next run
	}
	if err := again.Retry(); err != nil {
		r.report.fail(req.URL.String(), code, fmt.Errorf("retry: %w", err))
	}
	return true
}

// requestKey returns the canonical URL a request was queued under (colly
// re-parses URLs and follows redirects, which may change Request.URL).
func requestKey(res *colly.Response) string {
	if u := res.Ctx.Get("url"); u != "" {
		return u
	}
	return res.Request.URL.String()
}

// failure handles a request that got no usable response.
func (r *run) failure(res *colly.Response, err error) {
	u := requestKey(res)
	if r.ctx.Err() != nil {
		return
	}
	if res.StatusCode == 0 && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrPrivateAddress) && !isRedirectError(err) {
		if r.retry(res.Request, nil, 0) {
			return
		}
	}
	switch {
	case errors.Is(err, ErrTooLarge):
		r.report.skip("too-large", u)
	case errors.Is(err, ErrPrivateAddress):
		r.report.skip("private-address", u)
	case isRedirectError(err):
		r.report.skip("redirects", u)
	}
	r.c.stats.errors.Add(1)
	r.report.fail(u, res.StatusCode, err)
	r.markDone(u, pageState{Status: res.StatusCode})
}

func isRedirectError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "stopped after 10 redirects")
}
