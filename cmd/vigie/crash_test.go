package main

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"vigie"
	"vigie/indexer"
)

// buildVigie compiles the binary under test into a temporary directory.
func buildVigie(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "vigie")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	out, err := exec.Command(gobin, "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// articleSite serves n articles linked from its home page; each answer
// takes a little time, so that a crawl can be killed in the middle.
func articleSite(t *testing.T, n int) (*httptest.Server, func(string) int) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/" {
			fmt.Fprint(w, "<html><body><h1>Actualités</h1><ul>")
			for i := 0; i < n; i++ {
				fmt.Fprintf(w, `<li><a href="/articles/%d">Article %d</a></li>`, i, i)
			}
			fmt.Fprint(w, "</ul></body></html>")
			return
		}
		var i int
		if _, err := fmt.Sscanf(r.URL.Path, "/articles/%d", &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		time.Sleep(25 * time.Millisecond)
		fmt.Fprintf(w, `<html><head><meta property="og:type" content="article"><title>Convention numéro %d</title></head><body><article><h1>Convention numéro %d</h1>
<p>Le %d mars 2023 à Rodez, Gaspard Quenardel, maire de Rodez, et Hélène Bertoval, présidente du Département de l'Aveyron, ont signé la convention numéro %d pour la revitalisation du centre-ville et de ses commerces.</p>
<p>Cette convention engage les partenaires pendant cinq ans sur des actions précises : habitat, commerce, mobilité et espaces publics, avec un suivi annuel présenté en conseil municipal.</p></article></body></html>`, i, i, i%28+1, i)
	}))
	t.Cleanup(srv.Close)
	return srv, func(p string) int { mu.Lock(); defer mu.Unlock(); return hits[p] }
}

// TestCrashSafety kills `vigie crawl` with SIGKILL at random moments, then
// checks that the index opens, keeps every document acknowledged before the
// kill, and that the crawl resumes to the end without duplicates.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("kill loop skipped in -short mode")
	}
	const pages, kills = 300, 8
	bin := buildVigie(t)
	srv, hits := articleSite(t, pages)
	data := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[string]bool{}
	finished := false
	args := []string{"crawl", "--data", data, "--allow-private", "--delay", "0", "--parallel", "2", "-v", srv.URL + "/"}
	for k := 0; k < kills; k++ {
		cmd := exec.Command(bin, args...)
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		var lines []string
		done := make(chan struct{})
		go func() {
			sc := bufio.NewScanner(stderr)
			for sc.Scan() {
				lines = append(lines, sc.Text())
			}
			close(done)
		}()
		wait := time.Duration(150+rng.IntN(700)) * time.Millisecond
		time.Sleep(wait)
		cmd.Process.Signal(syscall.SIGKILL)
		<-done
		cmd.Wait()
		for _, l := range lines {
			finished = finished || strings.HasPrefix(l, "crawl: ")
		}
		for _, l := range lines {
			if strings.Contains(l, "msg=indexed") {
				if u := field(l, "url"); u != "" {
					acked[u] = true
				}
			}
		}
		ix, err := indexer.Open(filepath.Join(data, "index"))
		if err != nil {
			t.Fatalf("kill %d after %v: index does not open: %v", k, wait, err)
		}
		for u := range acked {
			if _, err := ix.Get(context.Background(), vigie.DocumentID(u)); err != nil {
				t.Errorf("kill %d after %v: acknowledged %s lost: %v", k, wait, u, err)
			}
		}
		if n, _ := ix.Count(); n > pages {
			t.Errorf("kill %d: %d documents for %d articles", k, n, pages)
		}
		ix.Close()
		t.Logf("kill %d after %v: %d documents acknowledged so far", k, wait, len(acked))
		if finished {
			t.Logf("the crawl finished before kill %d", k)
			break
		}
	}
	// A crawl that already finished is not run again: a new run would be
	// a recrawl, which fetches every page again by design (the site sends
	// no validators).
	if !finished {
		out, err := exec.Command(bin, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("final crawl: %v\n%s", err, out)
		}
	}
	ix, err := indexer.Open(filepath.Join(data, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != pages {
		t.Errorf("after resuming: %d documents, want %d", n, pages)
	}
	refetched := 0
	for i := 0; i < pages; i++ {
		if c := hits(fmt.Sprintf("/articles/%d", i)); c > 1 {
			refetched += c - 1
		}
	}
	// Only pages in flight or being indexed at a kill (two of each with
	// --parallel 2, a few more on a loaded machine) may be fetched again.
	if refetched > kills*6 {
		t.Errorf("%d pages fetched again across %d kills, want at most %d", refetched, kills, kills*6)
	}
	t.Logf("%d kills, %d pages fetched again", kills, refetched)
}

// field returns the value of key=value in a structured log line.
func field(line, key string) string {
	i := strings.Index(line, " "+key+"=")
	if i < 0 {
		return ""
	}
	v := line[i+len(key)+2:]
	if strings.HasPrefix(v, `"`) {
		if j := strings.Index(v[1:], `"`); j >= 0 {
			return v[1 : j+1]
		}
	}
	if j := strings.IndexByte(v, ' '); j >= 0 {
		v = v[:j]
	}
	return v
}

func TestUnwritableDataDir(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := runCrawl(context.Background(), []string{"--data", filepath.Join(file, "data"), "http://127.0.0.1:1/"})
	if err == nil || !strings.Contains(err.Error(), "data directory") {
		t.Errorf("crawl into a data directory under a file: %v, want a clear error", err)
	}
}
