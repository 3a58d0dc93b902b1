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

	"vigie/indexer"
	"vigie/search"
)

func runServe(ctx context.Context, args []string) error {
	fs := newFlagSet("serve", "[flags]",
		"Serve the web interface and the JSON API over the index of the data directory.")
	data := fs.String("data", defaultDataDir, "data directory (index and crawl state)")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	verbose := fs.Bool("v", false, "log every request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected arguments %q", fs.Args())
	}
	log := newLogger(*verbose)
	ix, err := openIndex(*data)
	if err != nil {
		return err
	}
	defer ix.Close()
	return serveIndex(ctx, ix, *addr, log, func(url string) {
		fmt.Fprintf(os.Stderr, "Vigie is serving %s on %s\n", indexDir(*data), url)
	})
}

// serveIndex serves search over ix on addr until ctx is done. ready is
// called with the base URL once the server listens.
func serveIndex(ctx context.Context, ix *indexer.Index, addr string, log *slog.Logger, ready func(url string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	srv := &http.Server{
		Handler:           search.NewHandler(search.New(ix), search.Config{Logger: log}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	log.Info("serving", "addr", ln.Addr().String())
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
