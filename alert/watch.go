package alert

import (
	"context"
	"log/slog"
	"time"
)

// Target is one thing crawled on a schedule: a source, by a key unique
// among the targets (its URL).
type Target struct {
	Key      string
	Schedule Schedule
}

// Watcher crawls each target when its schedule says so, then checks every
// alert, so that what the crawl indexed reaches feeds and webhooks. The time
// of each target's last crawl is kept in the store: a restarted watcher
// does not crawl again what it crawled an hour ago on a six-hour schedule.
type Watcher struct {
	Store   *Store
	Monitor *Monitor
	Targets []Target
	// Crawl crawls the targets with the given keys and indexes what is new
	// or changed.
	Crawl func(ctx context.Context, keys []string) error
	Now   func() time.Time
	Log   *slog.Logger
	// MaxSleep is the longest the watcher sleeps between two looks at the
	// schedules (0: one minute).
	MaxSleep time.Duration
}

// Run crawls and checks until ctx is done; it returns ctx's error.
func (w *Watcher) Run(ctx context.Context) error {
	for {
		next, err := w.Round(ctx)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			w.log().Error("watch", "err", err)
		}
		sleep := w.MaxSleep
		if sleep <= 0 {
			sleep = time.Minute
		}
		if !next.IsZero() {
			sleep = min(sleep, max(next.Sub(w.now()), time.Second))
		}
		t := time.NewTimer(sleep)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}

// Round crawls the targets that are due, then, if it crawled any, checks
// the alerts. It returns when the next target is due. A crawl error is
// returned after the alerts are checked on what it did index.
func (w *Watcher) Round(ctx context.Context) (next time.Time, err error) {
	now := w.now()
	var due []string
	for _, t := range w.Targets {
		last, err := w.Store.LastCrawl(t.Key)
		if err != nil {
			return time.Time{}, err
		}
		if !t.Schedule.Next(last).After(now) {
			due = append(due, t.Key)
		}
	}
	var crawlErr error
	if len(due) > 0 {
		w.log().Info("crawling", "sources", len(due))
		crawlErr = w.Crawl(ctx, due)
		if ctx.Err() != nil {
			return time.Time{}, ctx.Err()
		}
		for _, k := range due {
			if err := w.Store.SetLastCrawl(k, now); err != nil {
				return time.Time{}, err
			}
		}
		if w.Monitor != nil {
			n, err := w.Monitor.CheckAll(ctx)
			if err != nil {
				return time.Time{}, err
			}
			w.log().Info("alerts checked", "new_matches", n)
		}
	}
	for _, t := range w.Targets {
		last, _ := w.Store.LastCrawl(t.Key)
		if n := t.Schedule.Next(last); next.IsZero() || n.Before(next) {
			next = n
		}
	}
	return next, crawlErr
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Watcher) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}
