package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"vigie/crawler"
	"vigie/indexer"
	"vigie/search"
	"vigie/search/webui"
)

// serveOptions configures the HTTP server of `vigie serve` and `vigie demo`.
type serveOptions struct {
	Data         string
	Addr         string
	Token        string   // API token for endpoints that change state; "" generates one
	ProtectReads bool     // require the token for reading too
	CORS         []string // origins allowed to call the API from a browser
	Sources      string   // sources config file: crawled on their schedules
	Crawler      crawler.Config
	Limits       serverLimits // zero fields take the defaults
}

// serverLimits bound what one client can hold of the server.
type serverLimits struct {
	ReadHeader, Read, Write, Idle time.Duration
	MaxHeaderBytes                int
}

func (l serverLimits) withDefaults() serverLimits {
	def := serverLimits{ReadHeader: 10 * time.Second, Read: 30 * time.Second, Write: 2 * time.Minute, Idle: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	if l.ReadHeader == 0 {
		l.ReadHeader = def.ReadHeader
	}
	if l.Read == 0 {
		l.Read = def.Read
	}
	if l.Write == 0 {
		l.Write = def.Write // exports stream for a while
	}
	if l.Idle == 0 {
		l.Idle = def.Idle
	}
	if l.MaxHeaderBytes == 0 {
		l.MaxHeaderBytes = def.MaxHeaderBytes
	}
	return l
}

// defaultServeOptions listens on loopback: reaching Vigie from elsewhere
// is a choice made with --addr.
func defaultServeOptions() serveOptions {
	return serveOptions{Data: defaultDataDir, Addr: "127.0.0.1:8080", Crawler: crawler.DefaultConfig()}
}

// bindServeFlags binds the server's flags shared by serve and demo.
func bindServeFlags(fs *flag.FlagSet, o *serveOptions) {
	fs.StringVar(&o.Addr, "addr", o.Addr, "address to listen on (loopback unless you say otherwise)")
	fs.StringVar(&o.Token, "token", os.Getenv("VIGIE_TOKEN"), "API token required to change state (default $VIGIE_TOKEN, else a random one printed at start-up)")
	fs.BoolVar(&o.ProtectReads, "protect-reads", false, "require the API token for reading too")
	fs.Func("cors", "allow cross-origin API calls from this `origin` (repeatable; none by default)", func(v string) error {
		o.CORS = append(o.CORS, v)
		return nil
	})
}

func runServe(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[flags]",
		"Serve the web interface and the JSON API over the index of the data directory,\n"+
			"with saved searches (alerts), their feeds and webhooks, and exports. With\n"+
			"--sources, the sources are also crawled on their schedules.")
	opts := defaultServeOptions()
	fs.StringVar(&opts.Data, "data", opts.Data, "data directory (index and crawl state)")
	fs.StringVar(&opts.Sources, "sources", "", "JSON file of sources to crawl on their schedules (see the README)")
	fs.BoolVar(&opts.Crawler.AllowPrivate, "allow-private", false, "allow crawls and webhooks to reach private, loopback and link-local addresses")
	verbose := fs.Bool("v", false, "log every request")
	bindServeFlags(fs, &opts)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	log := newLogger(*verbose)
	ix, err := openIndex(opts.Data, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	return serveIndex(ctx, ix, opts, log, func(url string) {
		fmt.Fprintf(os.Stderr, "Vigie is serving %s on %s\n", indexDir(opts.Data), url)
	})
}

// serveIndex serves search, alerts and exports over ix until ctx is done.
// ready is called with the base URL once the server listens.
func serveIndex(ctx context.Context, ix *indexer.Index, opts serveOptions, log *slog.Logger, ready func(url string)) error {
	var sources []crawler.Source
	if opts.Sources != "" {
		var err error
		if sources, err = crawler.LoadSources(opts.Sources); err != nil {
			return err
		}
	}
	svc := search.New(ix)
	opts.Crawler.DataDir = opts.Data
	opts.Crawler.Logger = log
	m, err := startMonitoring(opts.Data, ix, svc, sources, opts.Crawler, log)
	if err != nil {
		return err
	}
	defer m.Close()

	mux := http.NewServeMux()
	m.Register(mux)
	ui := webui.NewLogged(svc, log)
	for _, p := range webui.Patterns() {
		mux.Handle(p, ui) // the French web interface; its "/" wins over search's plain page
	}
	mux.Handle("/", search.NewHandler(svc, search.Config{Logger: log})) // the JSON API, /healthz

	token := opts.Token
	generated := token == ""
	if generated {
		token = search.NewToken()
	}
	handler := search.Guard(mux, search.GuardConfig{Token: token, ProtectReads: opts.ProtectReads, CORSOrigins: opts.CORS})

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	lim := opts.Limits.withDefaults()
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: lim.ReadHeader,
		ReadTimeout:       lim.Read,
		WriteTimeout:      lim.Write,
		IdleTimeout:       lim.Idle,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		log.Warn("listening beyond loopback: anyone who reaches this address can search; writes need the API token", "addr", ln.Addr().String())
	}
	log.Info("serving", "addr", ln.Addr().String(), "protect_reads", opts.ProtectReads, "cors", strings.Join(opts.CORS, ","), "sources", len(sources))
	if generated {
		fmt.Fprintf(os.Stderr, "API token for this run (set --token or VIGIE_TOKEN to choose it): %s\n", token)
	}

	bg, stopBg := context.WithCancel(ctx)
	defer stopBg()
	go m.Alerts.Deliver(bg)
	if m.Watcher != nil {
		go m.Watcher.Run(bg)
	}
	ready("http://" + ln.Addr().String() + "/")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
