package main

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"vigie/crawler"
)

// startServer serves an empty index with the given limits and returns the
// base URL.
func startServer(t *testing.T, opts serveOptions) string {
	t.Helper()
	data := t.TempDir()
	ix, err := openIndex(data, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	opts.Data, opts.Addr, opts.Crawler = data, "127.0.0.1:0", crawler.DefaultConfig()
	go func() {
		done <- serveIndex(ctx, ix, opts, slog.New(slog.NewTextHandler(io.Discard, nil)), func(u string) { ready <- u })
	}()
	t.Cleanup(func() { cancel(); <-done; ix.Close() })
	return <-ready
}

func TestServerLimits(t *testing.T) {
	base := startServer(t, serveOptions{Token: "secret", Limits: serverLimits{ReadHeader: 200 * time.Millisecond, Read: 300 * time.Millisecond, MaxHeaderBytes: 4 << 10}})
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")

	// A client that never finishes its headers is cut off.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	conn.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	line, _ := bufio.NewReader(conn).ReadString('\n')
	conn.Close()
	if time.Since(start) > 4*time.Second || strings.Contains(line, "200") {
		t.Errorf("slow headers not cut off: %q after %v", line, time.Since(start))
	}

	// Oversized headers are refused.
	req, _ := http.NewRequest("GET", base+"healthz", nil)
	req.Header.Set("X-Big", strings.Repeat("a", 8<<10))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("8 KiB header: status %d, want 431", resp.StatusCode)
	}

	// Writes need the token; reads do not; every answer has the security headers.
	resp, err = http.Post(base+"api/alerts", "application/json", strings.NewReader(`{"name":"x","query":"q=a"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("alert creation without token: %d, want 401", resp.StatusCode)
	}
	resp, err = http.Get(base + "api/search?q=")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("search: %d, CSP %q, CORS %q", resp.StatusCode, resp.Header.Get("Content-Security-Policy"), resp.Header.Get("Access-Control-Allow-Origin"))
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("server listens on %s", addr)
	}
}

func TestServeDefaultsToLoopback(t *testing.T) {
	fs := newFlagSet("serve", "", "")
	opts := defaultServeOptions()
	bindServeFlags(fs, &opts)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	host, _, _ := net.SplitHostPort(opts.Addr)
	if !net.ParseIP(host).IsLoopback() {
		t.Errorf("default address %s is not loopback", opts.Addr)
	}
}
