package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"vigie"
)

// Extractor turns a fetched page into a document (extract.Parser).
type Extractor interface {
	Page(p *vigie.Page) (*vigie.Document, error)
}

// Index stores documents (indexer.Index).
type Index interface {
	Put(ctx context.Context, docs ...*vigie.Document) error
	// Merge merges the index as the commands do when a load ends.
	Merge(ctx context.Context) error
	Close() error
}

// System is Vigie as the harness measures it; cmd/vigie wires it to the
// extract, indexer and search packages.
type System struct {
	// NewExtractor returns an extractor; each worker gets its own.
	NewExtractor func() Extractor
	// OpenIndex opens or creates the index in dir.
	OpenIndex func(dir string) (Index, error)
	// OpenSearch opens the index in dir and returns the search API's
	// handler (GET /api/search) and what to close when done.
	OpenSearch func(dir string) (http.Handler, io.Closer, error)
}

// Peer names.
const (
	PeerPostgres = "postgres"
	PeerSQLite   = "sqlite"
)

// Config is one run of the harness.
type Config struct {
	Docs    int    // corpus size
	Seed    uint64 // corpus seed
	Data    string // working directory: indexes, documents, peers' files
	Peers   []string
	Clients int // concurrent clients for the throughput run
	Queries int // queries per latency run
	Batch   int // documents per index batch
	// Budget bounds each latency run: past it no more queries start, and
	// the run reports the queries done. Zero means no bound.
	Budget  time.Duration
	Workers int // extraction workers in the end-to-end ingest
	// IndexPhase indexes the saved documents again in a fresh process to
	// measure indexing alone. When false, indexing is measured inside the
	// end-to-end ingest (with extraction competing for the cores) and its
	// index is the one queried: a 100k run takes one indexing less.
	IndexPhase bool
	// ExtractSample is the number of pages extracted on one core to
	// measure extraction speed.
	ExtractSample int
	// PGURL is an existing PostgreSQL server to use instead of starting
	// one; its database is overwritten.
	PGURL string
	// InstallPostgres installs PostgreSQL with apt-get when it is missing.
	InstallPostgres bool

	Places Places
	System System
	Log    *slog.Logger
	// Progress, if set, is called with the report so far after each
	// phase, so that a long run leaves its results behind if interrupted.
	Progress func(*Report)
	// Spawn runs a phase in a fresh process (so that its peak memory is
	// its own) and returns what RunPhase wrote; nil runs phases in this
	// process.
	Spawn func(ctx context.Context, phase string) ([]byte, error)
}

// DefaultConfig returns the configuration of a 10,000-document run
// against both peers.
func DefaultConfig() Config {
	return Config{
		Docs:            10000,
		Seed:            20240515,
		Peers:           []string{PeerPostgres, PeerSQLite},
		Clients:         16,
		Queries:         360,
		Batch:           500,
		Workers:         runtime.GOMAXPROCS(0),
		ExtractSample:   2000,
		IndexPhase:      true,
		Budget:          4 * time.Minute,
		InstallPostgres: true,
		Log:             slog.New(slog.DiscardHandler),
	}
}

// Phases run in a fresh process.
const (
	PhaseIngest = "ingest" // generate, extract and index every page; save the documents
	PhaseIndex  = "index"  // index the saved documents in batches
)

// PhaseResult is what a phase measured.
type PhaseResult struct {
	Phase      string        `json:"phase"`
	Docs       int           `json:"docs"`
	Failed     int           `json:"failed"` // pages the extractor rejected
	Signing    int           `json:"signing"`
	Wall       time.Duration `json:"wall_ns"`
	IndexBusy  time.Duration `json:"index_busy_ns"` // time in Put, Merge and Close
	PeakRSS    int64         `json:"peak_rss"`
	PeakAnon   int64         `json:"peak_anon"` // peak anonymous resident memory, see anonSampler
	IndexBytes int64         `json:"index_bytes"`
	TextBytes  int64         `json:"text_bytes"` // title and text of the extracted documents
	InProcess  bool          `json:"in_process,omitempty"`
	// WithIngest marks indexing measured inside the end-to-end ingest.
	WithIngest bool `json:"with_ingest,omitempty"`
}

func (c *Config) dir(name string) string { return filepath.Join(c.Data, name) }

// RunPhase runs one phase and writes its PhaseResult as JSON to w.
func RunPhase(ctx context.Context, cfg Config, phase string, w io.Writer) error {
	var res *PhaseResult
	var err error
	switch phase {
	case PhaseIngest:
		res, err = ingest(ctx, cfg)
	case PhaseIndex:
		res, err = indexDocs(ctx, cfg)
	default:
		return fmt.Errorf("bench: unknown phase %q", phase)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(w).Encode(res)
}

// runPhase runs a phase in a child process when cfg.Spawn is set, in this
// process otherwise.
func runPhase(ctx context.Context, cfg Config, phase string) (*PhaseResult, error) {
	if cfg.Spawn == nil {
		var res *PhaseResult
		var err error
		if phase == PhaseIngest {
			res, err = ingest(ctx, cfg)
		} else {
			res, err = indexDocs(ctx, cfg)
		}
		if res != nil {
			res.InProcess = true
		}
		return res, err
	}
	out, err := cfg.Spawn(ctx, phase)
	if err != nil {
		return nil, fmt.Errorf("bench %s phase: %w", phase, err)
	}
	res := new(PhaseResult)
	if err := json.Unmarshal(out, res); err != nil {
		return nil, fmt.Errorf("bench %s phase: bad result %q: %w", phase, out, err)
	}
	return res, nil
}

// ingest runs the whole pipeline on the corpus: workers generate and
// extract pages, one goroutine indexes them in batches and saves the
// documents for the later phases.
func ingest(ctx context.Context, cfg Config) (*PhaseResult, error) {
	g, err := NewGenerator(cfg.Seed, cfg.Places)
	if err != nil {
		return nil, err
	}
	dir := cfg.dir("ingest-index")
	if !cfg.IndexPhase {
		dir = cfg.dir("index")
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	f, err := os.Create(cfg.dir(docsFile))
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	out := bufio.NewWriterSize(f, 1<<20)
	enc := json.NewEncoder(out)

	start := time.Now()
	anon := startAnonSampler(anonEvery)
	ix, err := cfg.System.OpenIndex(dir)
	if err != nil {
		anon.Stop()
		return nil, fmt.Errorf("ingest: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var failed atomic.Int64
	docs := make(chan *vigie.Document, 4*cfg.Batch)
	var wg sync.WaitGroup
	for range max(1, cfg.Workers) {
		x := cfg.System.NewExtractor()
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= cfg.Docs {
					return
				}
				d, err := x.Page(g.Page(i))
				if err != nil {
					failed.Add(1)
					cfg.Log.Debug("extract", "page", i, "err", err)
					continue
				}
				select {
				case docs <- d:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() { wg.Wait(); close(docs) }()

	res := &PhaseResult{Phase: PhaseIngest}
	batch := make([]*vigie.Document, 0, cfg.Batch)
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		t := time.Now()
		if err := ix.Put(ctx, batch...); err != nil {
			return fmt.Errorf("ingest: index: %w", err)
		}
		res.IndexBusy += time.Since(t)
		batch = batch[:0]
		return nil
	}
	var ferr error
	for d := range docs {
		if ferr != nil {
			continue // drain
		}
		res.Docs++
		res.TextBytes += int64(len(d.Title) + len(d.Text))
		if d.IsSigning {
			res.Signing++
		}
		if err := enc.Encode(d); err != nil {
			ferr = fmt.Errorf("ingest: save documents: %w", err)
			cancel()
			continue
		}
		batch = append(batch, d)
		if len(batch) == cfg.Batch {
			if ferr = flush(); ferr != nil {
				cancel()
			}
		}
		if res.Docs%max(1000, cfg.Docs/10) == 0 {
			cfg.Log.Info("ingest", "pages", res.Docs, "elapsed", time.Since(start).Round(time.Second))
		}
	}
	if ferr == nil {
		ferr = flush()
	}
	t := time.Now()
	if ferr == nil {
		if err := ix.Merge(ctx); err != nil {
			ferr = fmt.Errorf("ingest: merge index: %w", err)
		}
	}
	if err := ix.Close(); ferr == nil && err != nil {
		ferr = fmt.Errorf("ingest: close index: %w", err)
	}
	res.IndexBusy += time.Since(t)
	res.Wall = time.Since(start)
	res.PeakRSS = peakRSS()
	res.PeakAnon = anon.Stop()
	if ferr != nil {
		return nil, ferr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := out.Flush(); err != nil {
		return nil, fmt.Errorf("ingest: save documents: %w", err)
	}
	res.Failed = int(failed.Load())
	res.IndexBytes = dirSize(dir)
	if cfg.IndexPhase {
		// The index of the indexing phase is the one queried.
		os.RemoveAll(dir)
	}
	return res, nil
}

// anonEvery is how often the phases sample their anonymous memory.
const anonEvery = 50 * time.Millisecond

// indexDocs indexes the saved documents in batches, timing only Put, Merge
// and Close (not the decoding of the saved documents).
func indexDocs(ctx context.Context, cfg Config) (*PhaseResult, error) {
	dir := cfg.dir("index")
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	start := time.Now()
	anon := startAnonSampler(anonEvery)
	ix, err := cfg.System.OpenIndex(dir)
	if err != nil {
		anon.Stop()
		return nil, fmt.Errorf("index: %w", err)
	}
	res := &PhaseResult{Phase: PhaseIndex}
	err = readDocs(cfg.dir(docsFile), cfg.Batch, func(docs []*vigie.Document) error {
		t := time.Now()
		if err := ix.Put(ctx, docs...); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		res.IndexBusy += time.Since(t)
		res.Docs += len(docs)
		for _, d := range docs {
			res.TextBytes += int64(len(d.Title) + len(d.Text))
		}
		return nil
	})
	t := time.Now()
	if err == nil {
		if merr := ix.Merge(ctx); merr != nil {
			err = fmt.Errorf("index: merge: %w", merr)
		}
	}
	if cerr := ix.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("index: close: %w", cerr)
	}
	res.IndexBusy += time.Since(t)
	res.Wall = time.Since(start)
	res.PeakRSS = peakRSS()
	res.PeakAnon = anon.Stop()
	if err != nil {
		return nil, err
	}
	res.IndexBytes = dirSize(dir)
	return res, nil
}

// dirSize returns the bytes the files under dir take.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// ExtractResult is the extraction speed on one core, and how the
// extractor fared against what the generator wrote.
type ExtractResult struct {
	Pages         int
	Generate      time.Duration // time to generate the pages
	Extract       time.Duration // time in the extractor, one goroutine
	Failed        int
	Signing       int // signing articles
	SigningFound  int // of which the extractor flagged
	Others        int // near misses and news
	OthersFlagged int // of which the extractor wrongly flagged
	PersonsTrue   int // persons named in signing articles
	PersonsFound  int // of which the extractor found
}

// measureExtraction extracts the first n pages on one goroutine.
func measureExtraction(cfg Config, g *Generator, n int) ExtractResult {
	r := ExtractResult{Pages: n}
	pages := make([]*vigie.Page, n)
	arts := make([]*Article, n)
	t := time.Now()
	for i := range n {
		arts[i] = g.Article(i)
		pages[i] = g.Page(i)
	}
	r.Generate = time.Since(t) / 2 // each page was generated twice
	x := cfg.System.NewExtractor()
	docs := make([]*vigie.Document, n)
	t = time.Now()
	for i, p := range pages {
		d, err := x.Page(p)
		if err != nil {
			r.Failed++
			continue
		}
		docs[i] = d
	}
	r.Extract = time.Since(t)
	for i, d := range docs {
		a := arts[i]
		if d == nil {
			continue
		}
		if a.Kind == KindSigning {
			r.Signing++
			if d.IsSigning {
				r.SigningFound++
			}
			for _, p := range a.Persons {
				r.PersonsTrue++
				for _, q := range d.Persons {
					if q == p {
						r.PersonsFound++
						break
					}
				}
			}
		} else {
			r.Others++
			if d.IsSigning {
				r.OthersFlagged++
			}
		}
	}
	return r
}

// Report is everything a run measured.
type Report struct {
	Config   Config
	Started  time.Time
	Extract  ExtractResult
	Ingest   *PhaseResult
	Index    *PhaseResult
	Systems  []*SystemResult // Vigie first, then the peers that ran
	Mix      []Query         // the single-client queries, whose answers are compared
	mixes    mixes
	Notes    []string // what went wrong or was skipped
	Duration time.Duration
	// LoadBefore and LoadAfter are the machine's load averages when the
	// run started and ended: other work on the machine skews timings.
	LoadBefore, LoadAfter string
}

// SystemResult is the load and query measurements of one system.
type SystemResult struct {
	Name       string
	LoadDocs   int
	Load       time.Duration // load and index build (peers) or indexing phase (Vigie)
	SizeBytes  int64
	Single     Latency
	Latencies  []time.Duration // single client, per query of Report.Mix
	Concurrent Latency
	Results    []*vigie.Results // totals and facets, per query of Report.Mix
}

// Run runs the harness: extraction speed, the end-to-end ingest and the
// indexing phases (in fresh processes when cfg.Spawn is set), the query
// mix against Vigie's search API over HTTP on loopback, then against each
// peer. It returns what it measured; Report.Render prints the table.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Docs <= 0 {
		return nil, fmt.Errorf("bench: %w: --docs must be positive", vigie.ErrInvalid)
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(cfg.Data, 0o755); err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	g, err := NewGenerator(cfg.Seed, cfg.Places)
	if err != nil {
		return nil, err
	}
	const warm = 20
	n := max(cfg.Queries, 8)
	rep := &Report{Config: cfg, Started: time.Now(), mixes: splitMix(QueryMix(g, warm+2*n), n)}
	rep.Mix = rep.mixes.single
	rep.LoadBefore = loadAverage()
	log := cfg.Log

	log.Info("measuring extraction on one core", "pages", min(cfg.Docs, cfg.ExtractSample))
	rep.Extract = measureExtraction(cfg, g, min(cfg.Docs, cfg.ExtractSample))
	progress := func() {
		if cfg.Progress != nil {
			cfg.Progress(rep)
		}
	}
	progress()

	log.Info("end-to-end ingest: generate, extract, index", "pages", cfg.Docs, "workers", cfg.Workers, "batch", cfg.Batch)
	if rep.Ingest, err = runPhase(ctx, cfg, PhaseIngest); err != nil {
		return nil, err
	}
	log.Info("ingest done", "docs", rep.Ingest.Docs, "wall", rep.Ingest.Wall.Round(time.Millisecond))
	progress()
	if cfg.IndexPhase {
		log.Info("indexing the extracted documents", "docs", rep.Ingest.Docs, "batch", cfg.Batch)
		if rep.Index, err = runPhase(ctx, cfg, PhaseIndex); err != nil {
			return nil, err
		}
		log.Info("indexing done", "wall", rep.Index.Wall.Round(time.Millisecond))
	} else {
		ix := *rep.Ingest
		ix.Phase, ix.WithIngest = PhaseIndex, true
		rep.Index = &ix
	}
	progress()

	vig, err := runVigieQueries(ctx, cfg, rep)
	if err != nil {
		return nil, err
	}
	rep.Systems = append(rep.Systems, vig)
	progress()

	for _, name := range cfg.Peers {
		sr, err := runPeer(ctx, cfg, rep, name)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			log.Error("peer failed", "peer", name, "err", err)
			rep.Notes = append(rep.Notes, fmt.Sprintf("%s: not measured: %v", name, err))
			continue
		}
		rep.Systems = append(rep.Systems, sr)
		progress()
	}
	rep.Duration = time.Since(rep.Started)
	rep.LoadAfter = loadAverage()
	return rep, nil
}

// searchClient queries Vigie's search API over HTTP.
type searchClient struct {
	base string
	http *http.Client
}

func (c *searchClient) search(ctx context.Context, q Query) (*vigie.Results, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/api/search?"+q.values().Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Name, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Name, err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("search %q: %s: %.200s", q.Name, resp.Status, body)
	}
	res := new(vigie.Results)
	if err := json.Unmarshal(body, res); err != nil {
		return nil, fmt.Errorf("search %q: decode: %w", q.Name, err)
	}
	return res, nil
}

// runVigieQueries serves the index built by the indexing phase with the
// search API on a loopback port and runs the mix over HTTP.
func runVigieQueries(ctx context.Context, cfg Config, rep *Report) (*SystemResult, error) {
	h, closer, err := cfg.System.OpenSearch(cfg.dir("index"))
	if err != nil {
		return nil, fmt.Errorf("bench: open search: %w", err)
	}
	defer closer.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l)
	defer srv.Close()
	c := &searchClient{
		base: "http://" + l.Addr().String(),
		http: &http.Client{Transport: &http.Transport{MaxIdleConns: 64, MaxIdleConnsPerHost: 64}, Timeout: time.Minute},
	}
	sr := &SystemResult{Name: "Vigie", LoadDocs: rep.Index.Docs, Load: rep.Index.IndexBusy, SizeBytes: rep.Index.IndexBytes}
	err = runQueries(ctx, cfg, rep.mixes, sr, c.search)
	return sr, err
}

// runQueries warms the system up with a few queries of its own, then
// runs the single-client queries of the mix (keeping their answers) and the
// concurrent ones. No query repeats, so no answer comes from a cache.
func runQueries(ctx context.Context, cfg Config, m mixes, sr *SystemResult, search searchFunc) error {
	log := cfg.Log
	if _, _, _, err := measure(ctx, m.warm, 1, false, cfg.Budget, search); err != nil {
		return err
	}
	log.Info("queries, one client", "system", sr.Name, "queries", len(m.single))
	var err error
	if sr.Single, sr.Latencies, sr.Results, err = measure(ctx, m.single, 1, true, cfg.Budget, search); err != nil {
		return err
	}
	log.Info("queries, concurrent clients", "system", sr.Name, "clients", cfg.Clients, "queries", len(m.concurrent))
	if sr.Concurrent, _, _, err = measure(ctx, m.concurrent, cfg.Clients, false, cfg.Budget, search); err != nil {
		return err
	}
	log.Info("queries done", "system", sr.Name, "p50", sr.Single.P50, "p99", sr.Single.P99, "qps", fmt.Sprintf("%.1f", sr.Concurrent.Throughput))
	return nil
}

// mixes splits the query mix into warm-up, single-client and concurrent
// queries.
type mixes struct{ warm, single, concurrent []Query }

func splitMix(all []Query, n int) mixes {
	w := len(all) - 2*n
	return mixes{warm: all[:w], single: all[w : w+n], concurrent: all[w+n:]}
}

// runPeer loads the saved documents into a peer and runs the mix.
func runPeer(ctx context.Context, cfg Config, rep *Report, name string) (*SystemResult, error) {
	var (
		p interface {
			Name() string
			Load(context.Context, string) (int, error)
			Size(context.Context) (int64, error)
			Search(context.Context, Query) (*vigie.Results, error)
			Close()
		}
		err error
	)
	switch name {
	case PeerPostgres:
		url := cfg.PGURL
		if url == "" {
			srv, err := startPostgres(ctx, cfg.Log, cfg.InstallPostgres)
			if err != nil {
				return nil, err
			}
			defer srv.stop()
			url = srv.url()
		} else {
			cfg.Log.Info("using the PostgreSQL server given", "url", url)
		}
		p, err = newPGPeer(ctx, url, cfg.Clients)
	case PeerSQLite:
		p, err = newSQLitePeer(cfg.Data, cfg.Clients)
	default:
		return nil, fmt.Errorf("unknown peer %q (want %s or %s)", name, PeerPostgres, PeerSQLite)
	}
	if err != nil {
		return nil, err
	}
	defer p.Close()
	sr := &SystemResult{Name: p.Name()}
	cfg.Log.Info("loading documents", "system", sr.Name)
	t := time.Now()
	if sr.LoadDocs, err = p.Load(ctx, cfg.dir(docsFile)); err != nil {
		return nil, err
	}
	sr.Load = time.Since(t)
	if sr.SizeBytes, err = p.Size(ctx); err != nil {
		return nil, err
	}
	cfg.Log.Info("loaded", "system", sr.Name, "docs", sr.LoadDocs, "took", sr.Load.Round(time.Millisecond))
	if err := runQueries(ctx, cfg, rep.mixes, sr, p.Search); err != nil {
		return nil, err
	}
	return sr, nil
}
