package bench

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"vigie"
	"vigie/extract"
	"vigie/indexer"
	"vigie/search"
)

// vigieSystem wires the harness to the real extractor, index and search
// API, as cmd/vigie does.
func vigieSystem() System {
	return System{
		NewExtractor: func() Extractor { return extract.New() },
		OpenIndex: func(dir string) (Index, error) {
			ix, err := indexer.Open(dir)
			if err != nil {
				return nil, err
			}
			return ix, nil
		},
		OpenSearch: func(dir string) (http.Handler, io.Closer, error) {
			ix, err := indexer.Open(dir)
			if err != nil {
				return nil, nil, err
			}
			return search.NewHandler(search.New(ix), search.Config{}), ix, nil
		},
	}
}

func TestRunSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole harness on 200 documents")
	}
	cfg := DefaultConfig()
	cfg.Docs = 200
	cfg.Data = t.TempDir()
	cfg.Peers = []string{PeerSQLite}
	cfg.Queries = 30
	cfg.Clients = 4
	cfg.Batch = 50
	cfg.ExtractSample = 50
	cfg.Places = testPlaces()
	cfg.System = vigieSystem()
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Ingest.Docs+rep.Ingest.Failed != cfg.Docs {
		t.Errorf("ingest saw %d documents and %d failures, want %d pages", rep.Ingest.Docs, rep.Ingest.Failed, cfg.Docs)
	}
	if rep.Index.Docs != rep.Ingest.Docs {
		t.Errorf("indexing phase indexed %d documents, ingest extracted %d", rep.Index.Docs, rep.Ingest.Docs)
	}
	if rep.Index.IndexBytes <= 0 || rep.Index.PeakRSS <= 0 || rep.Index.PeakAnon <= 0 && rssAnon() > 0 {
		t.Errorf("index size %d, peak RSS %d: want both measured", rep.Index.IndexBytes, rep.Index.PeakRSS)
	}
	if len(rep.Systems) != 2 {
		t.Fatalf("%d systems measured, want Vigie and SQLite (notes: %q)", len(rep.Systems), rep.Notes)
	}
	for _, s := range rep.Systems {
		if s.Single.N != cfg.Queries || s.Concurrent.N != cfg.Queries {
			t.Errorf("%s: %d and %d queries measured, want %d each", s.Name, s.Single.N, s.Concurrent.N, cfg.Queries)
		}
		if s.Single.P50 <= 0 || s.Single.P50 > s.Single.P99 {
			t.Errorf("%s: p50 %v, p99 %v", s.Name, s.Single.P50, s.Single.P99)
		}
		if len(s.Results) != len(rep.Mix) {
			t.Errorf("%s: %d results kept for %d queries", s.Name, len(s.Results), len(rep.Mix))
		}
	}
	var any bool
	for _, r := range rep.Systems[0].Results {
		if r.Total > 0 && len(r.Facets["regions"]) > 0 && len(r.Facets["persons"]) > 0 {
			any = true
		}
	}
	if !any {
		t.Errorf("no Vigie answer has hits with région and person facets")
	}
	var buf bytes.Buffer
	rep.Render(&buf)
	out := buf.String()
	for _, want := range []string{"extraction, pages/s per core", "Vigie/SQLite", "p50 / p95 / p99", "agrees with Vigie"} {
		if !strings.Contains(out, want) {
			t.Errorf("report has no %q:\n%s", want, out)
		}
	}
	t.Log("\n" + out)
}

func TestRunIndexWithinIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the harness on 60 documents")
	}
	cfg := DefaultConfig()
	cfg.Docs = 60
	cfg.Data = t.TempDir()
	cfg.Peers = nil
	cfg.Queries = 10
	cfg.Clients = 2
	cfg.Batch = 25
	cfg.ExtractSample = 10
	cfg.IndexPhase = false
	cfg.Places = testPlaces()
	cfg.System = vigieSystem()
	rep, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Index.WithIngest || rep.Index.Docs != rep.Ingest.Docs || rep.Index.IndexBusy <= 0 {
		t.Errorf("index result %+v, want the ingest's indexing", rep.Index)
	}
	if len(rep.Systems) != 1 || rep.Systems[0].Single.N != cfg.Queries {
		t.Fatalf("systems %d, want Vigie queried on the ingest's index", len(rep.Systems))
	}
	if rep.Systems[0].SizeBytes <= 0 {
		t.Errorf("index size %d, want the ingest index measured", rep.Systems[0].SizeBytes)
	}
}

// BenchmarkExtractGenerated extracts generated press-release pages on one
// goroutine: the extraction figure of `vigie bench`, per page.
func BenchmarkExtractGenerated(b *testing.B) {
	g := mustGenerator(b, 1)
	pages := make([]*vigie.Page, 500)
	for i := range pages {
		pages[i] = g.Page(i)
	}
	x := extract.New()
	var n int64
	for i := 0; b.Loop(); i++ {
		p := pages[i%len(pages)]
		if _, err := x.Page(p); err != nil {
			b.Fatal(err)
		}
		n += int64(len(p.Body))
	}
	b.SetBytes(n / int64(b.N))
}
