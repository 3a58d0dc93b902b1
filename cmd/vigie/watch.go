package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"slices"

	"vigie/alert"
	"vigie/crawler"
	"vigie/export"
	"vigie/indexer"
	"vigie/search"
)

func runWatch(ctx context.Context, args []string) error {
	fs := newFlagSet("watch", "--sources FILE [flags]",
		"Crawl the sources of FILE on their schedules (\"@every 6h\", \"hourly\", \"daily 06:00\";\n"+
			"every six hours when a source gives none), index what is new or changed, then\n"+
			"check every saved search (alert): new matches go to its Atom feed and, if it has\n"+
			"one, to its webhook. This is 'vigie serve' without the web server; the two must\n"+
			"not run on the same data directory at once.")
	data := fs.String("data", defaultDataDir, "data directory (index, crawl state and alerts)")
	sourcesFile := fs.String("sources", "", "JSON file of sources to crawl (see the README)")
	once := fs.Bool("once", false, "crawl the sources that are due, check the alerts, send the webhooks, then exit")
	verbose := fs.Bool("v", false, "log every page")
	cfg := crawler.DefaultConfig()
	bindCrawlerFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	sources, err := crawlSources(*sourcesFile, fs.Args())
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		fs.Usage()
		return errors.New("watch: give --sources FILE (or start URLs)")
	}
	log := newLogger(*verbose)
	ix, err := openIndex(*data, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	cfg.DataDir = *data
	cfg.Logger = log
	m, err := startMonitoring(*data, ix, search.New(ix), sources, cfg, log)
	if err != nil {
		return err
	}
	defer m.Close()
	log.Info("watching", "sources", len(sources), "data", *data, "allow_private", cfg.AllowPrivate)
	if *once {
		next, err := m.Watcher.Round(ctx)
		if err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		if err := m.Alerts.Flush(ctx); err != nil {
			return fmt.Errorf("watch: %w", err)
		}
		fmt.Fprintf(os.Stderr, "next crawl due at %s\n", next.Local().Format("2006-01-02 15:04"))
		return nil
	}
	errc := make(chan error, 1)
	go func() { errc <- m.Alerts.Deliver(ctx) }()
	err = m.Watcher.Run(ctx)
	<-errc
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// monitoring is the alerting side of Vigie over one data directory: the
// alert service (API, feeds, webhook outbox), the export handler and, with
// sources, the watcher that crawls them on their schedules.
//
// `vigie serve` uses it the same way as `vigie watch`:
//
//	m, err := startMonitoring(data, ix, svc, sources, crawlCfg, log) // svc: the *search.Service the server uses
//	defer m.Close()
//	m.Register(mux)                      // /api/alerts..., /alertes..., /api/export, /rapport
//	go m.Alerts.Deliver(ctx)             // the webhook outbox
//	if m.Watcher != nil { go m.Watcher.Run(ctx) } // scheduled crawls, then alert checks
type monitoring struct {
	Status  *crawlStatus // the crawl in progress, for /api/status
	Store   *alert.Store
	Alerts  *alert.Service
	Export  *export.Handler
	Watcher *alert.Watcher // nil without sources
}

// startMonitoring opens DATA/alerts.db and wires alerts and exports to the
// index. Webhooks follow the crawler's rule on private addresses
// (cfg.AllowPrivate).
func startMonitoring(data string, ix *indexer.Index, svc *search.Service, sources []crawler.Source, cfg crawler.Config, log *slog.Logger) (*monitoring, error) {
	st, err := alert.Open(data)
	if err != nil {
		return nil, err
	}
	m := &monitoring{Store: st, Status: &crawlStatus{}}
	m.Alerts = alert.New(st, alert.Config{
		Search:       svc,
		Documents:    ix,
		ParseQuery:   search.ParseQuery,
		Transport:    crawler.SafeTransport(cfg.AllowPrivate),
		AllowPrivate: cfg.AllowPrivate,
		Delivery:     alert.DefaultDeliveryConfig(),
		Logger:       log,
	})
	m.Export = &export.Handler{Source: export.Source{Search: svc, Documents: ix}, ParseQuery: search.ParseQuery, Logger: log}
	if len(sources) == 0 {
		return m, nil
	}
	var targets []alert.Target
	for _, s := range sources {
		sched, err := alert.ParseSchedule(s.Schedule)
		if err != nil {
			st.Close()
			return nil, fmt.Errorf("source %s: %w", s.URL, err)
		}
		targets = append(targets, alert.Target{Key: s.URL, Schedule: sched})
		log.Info("source", "url", s.URL, "schedule", sched.String())
	}
	m.Watcher = &alert.Watcher{
		Store:   st,
		Monitor: m.Alerts.Monitor(),
		Targets: targets,
		Log:     log,
		Crawl: func(ctx context.Context, keys []string) error {
			var due []crawler.Source
			for _, s := range sources {
				if slices.Contains(keys, s.URL) {
					due = append(due, s)
				}
			}
			c, err := crawler.New(cfg)
			if err != nil {
				return err
			}
			p := newPipeline(ix, log)
			m.Status.start(c)
			report, err := c.Crawl(ctx, due, p)
			m.Status.finish(report)
			if cerr := c.Close(); err == nil {
				err = cerr
			}
			if report != nil {
				log.Info("crawl done", "report", fmt.Sprint(report))
			}
			log.Info("indexed", "pages", p.indexed.Load(), "signing", p.signing.Load())
			return err
		},
	}
	return m, nil
}

// Register mounts the alert API and pages, the export API and the report
// page on mux, beside search's handler (mounted on "/").
func (m *monitoring) Register(mux *http.ServeMux) {
	m.Alerts.Register(mux)
	m.Export.Register(mux)
	mux.Handle("GET /api/status", m.Status)
}

// Close closes the alert store.
func (m *monitoring) Close() error { return m.Store.Close() }
