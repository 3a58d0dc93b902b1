package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"vigie/corpus"
	"vigie/crawler"
)

// demoOptions configures `vigie demo`.
type demoOptions struct {
	Data      string // data directory
	Addr      string // address of the search server
	SitesPort int    // first loopback port of the sample sites; 0 picks free ports
	Verbose   bool
	Serve     serveOptions
}

func runDemo(ctx context.Context, args []string) error {
	fs := newFlagSet("demo", "[flags]",
		"Serve the bundled sample publisher sites on loopback ports, crawl them (robots.txt\n"+
			"honoured), extract and index their articles into the data directory, then serve\n"+
			"search on --addr. Running it again updates the same documents.")
	opts := demoOptions{Data: defaultDataDir, Addr: defaultServeOptions().Addr, SitesPort: 8091}
	fs.StringVar(&opts.Data, "data", opts.Data, "data directory (index and crawl state)")
	opts.Serve = serveOptions{Addr: opts.Addr}
	bindServeFlags(fs, &opts.Serve)
	fs.IntVar(&opts.SitesPort, "sites-port", opts.SitesPort, "first of the five loopback ports of the sample sites (0: any free ports)")
	fs.BoolVar(&opts.Verbose, "v", false, "log every page")
	if err := fs.Parse(args); err != nil {
		return err
	}
	opts.Addr = opts.Serve.Addr
	return demo(ctx, opts, newLogger(opts.Verbose), func(url string) {
		fmt.Fprintf(os.Stderr, "\nVigie démo : ouvrez %s\n(Ctrl-C pour arrêter)\n", url)
	})
}

// demo runs the whole pipeline over the bundled corpus and serves search
// until ctx is done. ready receives the search URL.
func demo(ctx context.Context, opts demoOptions, log *slog.Logger, ready func(url string)) error {
	sources, stop, err := serveCorpus(opts.SitesPort, log)
	if err != nil {
		return err
	}
	defer stop()

	ix, err := openIndex(opts.Data, log)
	if err != nil {
		return err
	}
	defer ix.Close()

	cfg := crawler.DefaultConfig()
	cfg.DataDir = opts.Data
	cfg.Logger = log
	cfg.AllowPrivate = true // the sample sites live on loopback
	cfg.Delay = 5 * time.Millisecond
	if isTerminal(os.Stderr) {
		cfg.Progress = os.Stderr
	}
	c, err := crawler.New(cfg)
	if err != nil {
		return err
	}
	p := newPipeline(ix, log)
	report, err := c.Crawl(ctx, sources, p)
	if cerr := c.Close(); err == nil {
		err = cerr
	}
	if report != nil {
		fmt.Fprintln(os.Stderr, report)
	}
	if err == nil {
		err = p.finish(ctx)
	}
	if err != nil {
		return fmt.Errorf("demo crawl: %w", err)
	}
	n, err := ix.Count()
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%d articles indexed in this run (%d report a signing, %d other pages skipped); %d documents in %s\n",
		p.indexed.Load(), p.signing.Load(), p.skipped.Load(), n, indexDir(opts.Data))
	so := opts.Serve
	so.Data, so.Addr = opts.Data, opts.Addr
	so.Crawler = crawler.DefaultConfig()
	so.Crawler.AllowPrivate = true
	return serveIndex(ctx, ix, so, log, ready)
}

// serveCorpus serves each bundled site on its own loopback port, starting
// at firstPort (0 picks free ports), and returns them as crawl sources.
func serveCorpus(firstPort int, log *slog.Logger) ([]crawler.Source, func(), error) {
	var (
		sources []crawler.Source
		servers []*http.Server
	)
	stop := func() {
		for _, s := range servers {
			s.Close()
		}
	}
	for i, site := range corpus.Sites() {
		addr := "127.0.0.1:0"
		if firstPort > 0 {
			addr = fmt.Sprintf("127.0.0.1:%d", firstPort+i)
		}
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			stop()
			return nil, nil, fmt.Errorf("serve sample site %s on %s: %w (choose other ports with --sites-port)", site.Slug, addr, err)
		}
		srv := &http.Server{Handler: site.Handler, ReadHeaderTimeout: 5 * time.Second}
		servers = append(servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("sample site stopped", "site", site.Slug, "err", err)
			}
		}()
		url := "http://" + ln.Addr().String() + "/"
		log.Info("sample site", "name", site.Name, "url", url)
		sources = append(sources, crawler.Source{Name: site.Name, URL: url})
	}
	return sources, stop, nil
}
