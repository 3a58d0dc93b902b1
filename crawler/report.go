package crawler

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// FetchError is a URL the crawl could not fetch or handle.
type FetchError struct {
	URL    string
	Status int // HTTP status, 0 when there was no response
	Err    error
}

func (e *FetchError) Error() string {
	if e.Status != 0 {
		return fmt.Sprintf("%s: status %d: %v", e.URL, e.Status, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.URL, e.Err)
}

func (e *FetchError) Unwrap() error { return e.Err }

// maxReportedErrors bounds the errors a report keeps; the count is exact.
const maxReportedErrors = 1000

// Report says what a crawl did.
type Report struct {
	Handled     int            // pages handed to the handler and acknowledged
	Unchanged   int            // pages fetched again whose content had not changed
	NotModified int            // pages the server said had not changed (304)
	Gone        int            // known pages that now answer 404 or 410
	PDFs        int            // PDF documents whose text was extracted
	Feeds       int            // sitemaps and feeds read
	Retries     int            // requests retried after a transient error
	Skipped     map[string]int // URLs not fetched or not handled, by reason
	ErrorCount  int            // errors, all counted
	Errors      []*FetchError  // the first errors
	Duration    time.Duration
	Stats       Stats

	mu sync.Mutex
}

func newReport() *Report { return &Report{Skipped: map[string]int{}} }

func (r *Report) count(n *int) {
	r.mu.Lock()
	*n++
	r.mu.Unlock()
}

func (r *Report) skip(reason, url string) {
	r.mu.Lock()
	r.Skipped[reason]++
	r.mu.Unlock()
}

func (r *Report) fail(url string, status int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ErrorCount++
	if len(r.Errors) < maxReportedErrors {
		r.Errors = append(r.Errors, &FetchError{URL: url, Status: status, Err: err})
	}
}

// String summarises the report for a terminal.
func (r *Report) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	fmt.Fprintf(&b, "crawl: %d pages handled, %d unchanged, %d not modified, %d gone, %d PDF, %d sitemaps/feeds, %d retries, %d errors in %s",
		r.Handled, r.Unchanged, r.NotModified, r.Gone, r.PDFs, r.Feeds, r.Retries, r.ErrorCount, r.Duration.Round(time.Millisecond))
	if len(r.Skipped) > 0 {
		reasons := make([]string, 0, len(r.Skipped))
		for k := range r.Skipped {
			reasons = append(reasons, k)
		}
		sort.Strings(reasons)
		b.WriteString("\nskipped:")
		for _, k := range reasons {
			fmt.Fprintf(&b, " %s=%d", k, r.Skipped[k])
		}
	}
	for i, e := range r.Errors {
		if i == 20 {
			fmt.Fprintf(&b, "\n  ... %d more errors", r.ErrorCount-20)
			break
		}
		fmt.Fprintf(&b, "\n  error: %v", e)
	}
	return b.String()
}

// Stats are the live counters of a crawl, safe to read while it runs.
type Stats struct {
	Fetched  int64     `json:"fetched"`
	Queued   int64     `json:"queued"`
	Handled  int64     `json:"handled"`
	Errors   int64     `json:"errors"`
	InFlight int64     `json:"in_flight"`
	Started  time.Time `json:"started"`
}

// PagesPerSecond is the fetch rate since the crawl started.
func (s Stats) PagesPerSecond() float64 {
	d := time.Since(s.Started).Seconds()
	if d <= 0 || s.Started.IsZero() {
		return 0
	}
	return float64(s.Fetched) / d
}

type counters struct {
	fetched, queued, handled, errors, inFlight atomic.Int64
	started                                    atomic.Int64
}

func (c *counters) reset() {
	c.fetched.Store(0)
	c.queued.Store(0)
	c.handled.Store(0)
	c.errors.Store(0)
	c.inFlight.Store(0)
	c.started.Store(time.Now().UnixNano())
}

func (c *counters) snapshot() Stats {
	return Stats{
		Fetched: c.fetched.Load(), Queued: c.queued.Load(), Handled: c.handled.Load(),
		Errors: c.errors.Load(), InFlight: c.inFlight.Load(), Started: time.Unix(0, c.started.Load()),
	}
}

// progress writes a live progress line to Config.Progress until the
// returned function is called.
func (c *Crawler) progress(ctx interface{ Done() <-chan struct{} }) func() {
	w := c.cfg.Progress
	if w == nil {
		return func() {}
	}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				writeProgress(w, c.stats.snapshot())
			case <-stop:
				writeProgress(w, c.stats.snapshot())
				fmt.Fprintln(w)
				return
			case <-ctx.Done():
				return
			}
		}
	}()
	return func() { close(stop); <-done }
}

func writeProgress(w io.Writer, s Stats) {
	fmt.Fprintf(w, "\rfetched %d  queued %d  indexed %d  errors %d  %.1f pages/s   ",
		s.Fetched, s.Queued, s.Handled, s.Errors, s.PagesPerSecond())
}
