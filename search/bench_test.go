package search

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"vigie"
	"vigie/indexer"
)

// benchDocs is the size of the benchmark corpus; -bench.docs changes it.
var benchDocs = flag.Int("bench.docs", 100_000, "documents in the benchmark index")

var bench struct {
	once sync.Once
	dir  string
	ix   *indexer.Index
	rate float64 // documents indexed per second
	err  error
}

// benchIndex builds the benchmark index once per process, in a temporary
// directory removed by TestMain. It skips unless benchmarks were asked for.
func benchIndex(b *testing.B) *indexer.Index {
	b.Helper()
	if f := flag.Lookup("test.bench"); f == nil || f.Value.String() == "" {
		b.Skip("benchmark index is only built with -bench")
	}
	bench.once.Do(func() {
		bench.dir, bench.err = os.MkdirTemp("", "vigie-bench-")
		if bench.err != nil {
			return
		}
		bench.ix, bench.err = indexer.Open(bench.dir)
		if bench.err != nil {
			return
		}
		g := newSynth()
		const batch = 1000
		start := time.Now()
		cpu0 := cpuTime()
		docs := make([]*vigie.Document, 0, batch)
		for i := range *benchDocs {
			docs = append(docs, g.doc(i))
			if len(docs) == batch || i == *benchDocs-1 {
				if bench.err = bench.ix.Put(context.Background(), docs...); bench.err != nil {
					return
				}
				docs = docs[:0]
			}
		}
		bench.rate = float64(*benchDocs) / time.Since(start).Seconds()
		cpu := cpuTime() - cpu0
		fmt.Fprintf(os.Stderr, "built benchmark index: %d documents at %.0f documents/s, %.0f documents per CPU-second (generation included)\n",
			*benchDocs, bench.rate, float64(*benchDocs)/cpu.Seconds())
	})
	if bench.err != nil {
		b.Fatal(bench.err)
	}
	return bench.ix
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.ix != nil {
		bench.ix.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

// benchQueries is the query mix: common words, a rare word, two words, a
// phrase, an empty query, each also with a région filter; all with every
// facet.
func benchQueries(g *synth) []vigie.Query {
	var qs []vigie.Query
	texts := []string{"", "signature", "projet", g.words[5], g.words[3000], "territoire " + g.words[10], `"signature de la"`, g.words[1] + " OR " + g.words[2], "-projet " + g.words[20]}
	for i, t := range texts {
		qs = append(qs, vigie.Query{Text: t, Size: 20})
		qs = append(qs, vigie.Query{Text: t, Size: 20, Regions: []string{g.regions[i%len(g.regions)]}})
		qs = append(qs, vigie.Query{Text: t, Size: 20, FromDate: "2020", Sort: "date"})
	}
	return qs
}

// BenchmarkSearch measures query latency with all facets on the benchmark
// index (100,000 documents by default), without the facet cache, and
// reports p50 and p99 in milliseconds.
func BenchmarkSearch(b *testing.B) {
	ix := benchIndex(b)
	s := New(ix)
	s.cache, s.raw = nil, nil // measure the work, not the caches
	qs := benchQueries(newSynth())
	ctx := context.Background()
	// Warm up: the first query of a snapshot maps bleve documents to ordinals.
	if _, err := s.Search(ctx, qs[1]); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		t := time.Now()
		res, err := s.Search(ctx, q)
		lat = append(lat, time.Since(t))
		if err != nil {
			b.Fatal(err)
		}
		if q.Text == "" && len(q.Regions) == 0 && q.FromDate == "" && res.Total != uint64(*benchDocs) {
			b.Fatalf("empty query: total %d, want %d", res.Total, *benchDocs)
		}
		if len(res.Facets) < 11 {
			b.Fatalf("facets: %d, want 11", len(res.Facets))
		}
	}
	reportLatency(b, lat)
}

// BenchmarkEvents measures GET /api/events queries.
func BenchmarkEvents(b *testing.B) {
	ix := benchIndex(b)
	s := New(ix)
	s.cache, s.raw = nil, nil
	qs := benchQueries(newSynth())
	ctx := context.Background()
	if _, err := s.Events(ctx, qs[0]); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if _, err := s.Events(ctx, qs[i%len(qs)]); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	reportLatency(b, lat)
}

func reportLatency(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
	if bench.rate > 0 {
		b.ReportMetric(bench.rate, "build-docs/s")
	}
}
