package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"vigie"
)

// startDemo runs the demo pipeline on loopback with the data directory and
// sample-site ports given, and returns the search URL once it serves.
func startDemo(t *testing.T, data string, sitesPort int) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() {
		done <- demo(ctx, demoOptions{Data: data, Addr: "127.0.0.1:0", SitesPort: sitesPort}, log, func(u string) { ready <- u })
	}()
	select {
	case u := <-ready:
		return strings.TrimSuffix(u, "/"), func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("demo: %v", err)
			}
		}
	case err := <-done:
		cancel()
		t.Fatalf("demo stopped before serving: %v", err)
	case <-time.After(2 * time.Minute):
		cancel()
		t.Fatal("demo did not serve within 2 minutes")
	}
	return "", nil
}

// freePorts returns the first of n consecutive free loopback ports.
func freePorts(t *testing.T, n int) int {
	t.Helper()
	for try := 0; try < 50; try++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		first := ln.Addr().(*net.TCPAddr).Port
		ln.Close()
		ok := true
		for i := 0; i < n && ok; i++ {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", first+i))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return first
		}
	}
	t.Fatal("no range of free ports")
	return 0
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %s: %s", u, resp.Status, body)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", u, err)
	}
}

func searchAPI(t *testing.T, base string, params url.Values) vigie.Results {
	t.Helper()
	if params.Get("size") == "" {
		params.Set("size", "100")
	}
	var res vigie.Results
	getJSON(t, base+"/api/search?"+params.Encode(), &res)
	return res
}

func hitIDs(res vigie.Results) map[string]bool {
	ids := map[string]bool{}
	for _, h := range res.Hits {
		ids[h.ID] = true
	}
	return ids
}

func facetCount(res vigie.Results, facet, value string) int {
	for _, fv := range res.Facets[facet] {
		if fv.Value == value {
			return fv.Count
		}
	}
	return 0
}

func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end demo skipped in -short mode")
	}
	data := t.TempDir()
	port := freePorts(t, 5)
	base, stop := startDemo(t, data, port)

	all := searchAPI(t, base, url.Values{"q": {""}})
	if all.Total < 5 {
		t.Fatalf("empty query lists %d documents, want at least the 5 articles", all.Total)
	}
	docs := map[string]*vigie.Document{}
	for _, h := range all.Hits {
		var d vigie.Document
		getJSON(t, base+"/api/documents/"+url.PathEscape(h.ID), &d)
		docs[h.ID] = &d
	}

	t.Run("word", func(t *testing.T) {
		hits := hitIDs(searchAPI(t, base, url.Values{"q": {"réindustrialisation"}}))
		want := 0
		for id, d := range docs {
			if strings.Contains(strings.ToLower(d.Text), "réindustrialisation") {
				want++
				if !hits[id] {
					t.Errorf("q=réindustrialisation misses %s (%s)", id, d.Title)
				}
			}
		}
		if want < 3 {
			t.Errorf("only %d documents contain réindustrialisation, want the corpus's articles", want)
		}
	})

	t.Run("signatory facet", func(t *testing.T) {
		const name = "Sébastien Martin"
		signs := 0
		for _, d := range docs {
			found := false
			for _, e := range d.Events {
				for _, s := range e.Signatories {
					found = found || s.Name == name
				}
			}
			if found {
				signs++
			}
		}
		if signs < 2 {
			t.Fatalf("%s signs in %d documents, want at least 2", name, signs)
		}
		if got := facetCount(all, "signatories", name); got != signs {
			t.Errorf("signatories facet counts %s %d times, want %d", name, got, signs)
		}
		narrowed := searchAPI(t, base, url.Values{"q": {""}, "signatory": {name}})
		if narrowed.Total != uint64(signs) || narrowed.Total >= all.Total {
			t.Errorf("signatory=%s gives %d hits of %d, want %d", name, narrowed.Total, all.Total, signs)
		}
	})

	t.Run("accents", func(t *testing.T) {
		hits := hitIDs(searchAPI(t, base, url.Values{"q": {"Dole"}}))
		sawCircumflex := false
		for id, d := range docs {
			hasDole := containsWord(d.Text, "Dole")
			hasDôle := containsWord(d.Text, "Dôle")
			sawCircumflex = sawCircumflex || hasDôle
			if (hasDole || hasDôle) && !hits[id] {
				t.Errorf("q=Dole misses %s (%s)", id, d.Title)
			}
		}
		if !sawCircumflex {
			t.Error("no document spells Dôle: the corpus lost its accents")
		}
	})

	t.Run("bad parameter", func(t *testing.T) {
		resp, err := http.Get(base + "/api/search?size=abc")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("size=abc: status %d, want 400", resp.StatusCode)
		}
	})
	stop()

	// A second run over the same data directory updates the same documents.
	base, stop = startDemo(t, data, port)
	defer stop()
	again := searchAPI(t, base, url.Values{"q": {""}})
	if again.Total != all.Total {
		t.Errorf("second demo run: %d documents, want %d (no duplicates)", again.Total, all.Total)
	}
}

// containsWord reports whether w occurs in s as a whole word.
func containsWord(s, w string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(w)
		before := start == 0 || !isLetter(s[start-1])
		after := end == len(s) || !isLetter(s[end])
		if before && after {
			return true
		}
		i = end
	}
}

func isLetter(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= 0x80
}
