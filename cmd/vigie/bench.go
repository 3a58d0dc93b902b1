package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"vigie"
	"vigie/bench"
	"vigie/extract"
	"vigie/geo"
	"vigie/indexer"
	"vigie/search"
)

// runBench generates a synthetic corpus, measures extraction, indexing,
// end-to-end ingest, index size, peak memory and query latency over HTTP,
// runs the same documents and queries against PostgreSQL and SQLite FTS5,
// and prints one table.
func runBench(ctx context.Context, args []string) error {
	cfg := bench.DefaultConfig()
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprint(w, `Usage: vigie bench [flags]

Generates a synthetic corpus of French press releases (deterministic from
--seed), then measures on it: extraction pages/s per core, indexing of the
extracted documents (documents/s), end-to-end ingest (pages/s), index size,
peak memory (RSS) while indexing, and query latency p50/p95/p99 over HTTP on
loopback from one client and from --clients concurrent clients, for a mix of
words, phrases and filtered queries, each with every facet and the date
histograms. The same documents and queries then run against PostgreSQL
full-text search (french configuration, unaccent, GIN) and SQLite FTS5, and
the table shows the ratios Vigie/peer. When PostgreSQL is missing, the
harness installs it with apt-get (as root) and says so; it always starts its
own server on 127.0.0.1 in a temporary directory.

Ingest and indexing run in fresh processes so that their peak memory is
their own. Do not run it next to other heavy work: it measures the machine.

Examples:
  vigie bench                          10,000 documents, both peers
  vigie bench --docs 1000 --peers none a quick look
  vigie bench --docs 100000 --out bench/results/100k.md

Flags:
`)
		fs.PrintDefaults()
	}
	fs.IntVar(&cfg.Docs, "docs", cfg.Docs, "number of documents in the corpus (1,000 to 1,000,000)")
	fs.StringVar(&cfg.Data, "data", "", "working directory for indexes, documents and the peers' files (default: a temporary directory, removed afterwards)")
	peers := fs.String("peers", strings.Join(cfg.Peers, ","), "peers to compare with: postgres, sqlite, both comma-separated, or none")
	fs.IntVar(&cfg.Clients, "clients", cfg.Clients, "concurrent clients for the throughput run")
	fs.IntVar(&cfg.Queries, "queries", cfg.Queries, "queries per latency run (each run uses distinct queries)")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "seed of the corpus and the query mix")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "documents per index batch")
	fs.DurationVar(&cfg.Budget, "budget", cfg.Budget, "time budget of each latency run: past it no more queries start (0: none)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "extraction workers in the end-to-end ingest")
	fs.BoolVar(&cfg.IndexPhase, "index-phase", cfg.IndexPhase, "index the extracted documents again in a fresh process to measure indexing alone (false: measure it within the ingest, one indexing less)")
	fs.IntVar(&cfg.ExtractSample, "extract-sample", cfg.ExtractSample, "pages extracted on one core to measure extraction speed")
	fs.StringVar(&cfg.PGURL, "pg-url", "", "use this PostgreSQL server (its tables are replaced) instead of starting one")
	noInstall := fs.Bool("no-install", false, "do not install PostgreSQL when it is missing; skip it instead")
	out := fs.String("out", "", "also write the report, with the machine and the command, to this Markdown file")
	cpuProfile := fs.String("cpuprofile", "", "write CPU profiles to this file (phases add .ingest and .index)")
	verbose := fs.Bool("v", false, "log progress at debug level")
	phase := fs.String("phase", "", "internal: run one phase (ingest or index) in this process and print its result as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	cfg.Log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	cfg.InstallPostgres = !*noInstall
	switch *peers {
	case "", "none":
		cfg.Peers = nil
	default:
		cfg.Peers = strings.Split(*peers, ",")
		for _, p := range cfg.Peers {
			if p != bench.PeerPostgres && p != bench.PeerSQLite {
				return fmt.Errorf("bench: --peers: unknown peer %q (want postgres, sqlite or none)", p)
			}
		}
	}
	if cfg.Docs < 1 || cfg.Docs > 10_000_000 {
		return fmt.Errorf("bench: --docs %d: want 1 to 10,000,000", cfg.Docs)
	}
	if cfg.Clients < 1 || cfg.Queries < 1 || cfg.Batch < 1 || cfg.Workers < 1 {
		return errors.New("bench: --clients, --queries, --batch and --workers must be positive")
	}
	places, err := benchPlaces()
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	cfg.Places = places
	cfg.System = benchSystem()

	if *phase != "" {
		if cfg.Data == "" {
			return errors.New("bench: --phase needs --data")
		}
		if *cpuProfile != "" {
			stop, err := startCPUProfile(*cpuProfile + "." + *phase)
			if err != nil {
				return err
			}
			defer stop()
		}
		// Both phases are bulk loads (see limitHeap).
		defer limitHeap()()
		return bench.RunPhase(ctx, cfg, *phase, os.Stdout)
	}

	if cfg.Data == "" {
		dir, err := os.MkdirTemp("", "vigie-bench-")
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer os.RemoveAll(dir)
		cfg.Data = dir
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	cfg.Spawn = func(ctx context.Context, phase string) ([]byte, error) {
		a := []string{"bench", "-phase", phase, "-data", cfg.Data,
			"-docs", strconv.Itoa(cfg.Docs), "-seed", strconv.FormatUint(cfg.Seed, 10),
			"-batch", strconv.Itoa(cfg.Batch), "-workers", strconv.Itoa(cfg.Workers),
			"-index-phase=" + strconv.FormatBool(cfg.IndexPhase)}
		if *cpuProfile != "" {
			a = append(a, "-cpuprofile", *cpuProfile)
		}
		if *verbose {
			a = append(a, "-v")
		}
		cmd := exec.CommandContext(ctx, self, a...)
		var stdout bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, err
		}
		return stdout.Bytes(), nil
	}
	cfg.Log.Info("vigie bench", "docs", cfg.Docs, "seed", cfg.Seed, "peers", cfg.Peers, "clients", cfg.Clients,
		"queries", cfg.Queries, "batch", cfg.Batch, "workers", cfg.Workers, "data", cfg.Data, "GOMAXPROCS", runtime.GOMAXPROCS(0))
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	if *out != "" {
		cfg.Progress = func(rep *bench.Report) {
			if err := writeBenchReport(*out, args, rep); err != nil {
				cfg.Log.Error("write partial report", "err", err)
			}
		}
	}
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Render(os.Stdout)
	if *out != "" {
		return writeBenchReport(*out, args, rep)
	}
	return nil
}

// writeBenchReport writes the report to path as Markdown, headed by the
// command and the machine it ran on.
func writeBenchReport(path string, args []string, rep *bench.Report) error {
	var doc bytes.Buffer
	fmt.Fprintf(&doc, "# Vigie benchmark, %s documents\n\n", strconv.Itoa(rep.Config.Docs))
	fmt.Fprintf(&doc, "- Command: `vigie bench %s`\n", strings.Join(args, " "))
	fmt.Fprintf(&doc, "- Machine: %s\n", bench.Machine())
	fmt.Fprintf(&doc, "- Date: %s\n\n", rep.Started.UTC().Format(time.DateOnly))
	rep.Render(&doc)
	if err := os.WriteFile(path, doc.Bytes(), 0o644); err != nil {
		return fmt.Errorf("bench: %w", err)
	}
	return nil
}

// benchSystem wires the harness to Vigie's extractor, index and search API.
func benchSystem() bench.System {
	return bench.System{
		NewExtractor: func() bench.Extractor { return extract.New() },
		OpenIndex: func(dir string) (bench.Index, error) {
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

func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("bench: cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("bench: cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// benchPlaces returns the communes (most populous first) and
// intercommunalités of the gazetteer for the corpus generator. The
// gazetteer offers lookups, not a listing: communes are found by walking
// the INSEE codes, intercommunalités by the names they usually take after
// their main commune ("Communauté d'agglomération du Grand Dole", "Pays de
// Lure").
func benchPlaces() (bench.Places, error) {
	gz := geo.Default()
	var p bench.Places
	var prefixes []string
	for d := 1; d <= 95; d++ {
		prefixes = append(prefixes, fmt.Sprintf("%02d", d))
	}
	prefixes = append(prefixes, "2A", "2B", "97")
	for _, pre := range prefixes {
		for n := range 1000 {
			if c, ok := gz.Commune(fmt.Sprintf("%s%03d", pre, n)); ok && c.Departement != "" && c.Region != "" {
				p.Communes = append(p.Communes, c)
			}
		}
	}
	if len(p.Communes) == 0 {
		return p, errors.New("the gazetteer has no communes")
	}
	pop := make(map[string]int, len(p.Communes))
	for _, c := range p.Communes {
		pop[c.Code] = gz.Population(c.Code)
	}
	slices.SortStableFunc(p.Communes, func(a, b vigie.Place) int { return cmp.Compare(pop[b.Code], pop[a.Code]) })
	seen := map[string]bool{}
	for _, c := range p.Communes[:min(len(p.Communes), 5000)] {
		for _, name := range []string{
			"Grand " + c.Name, "Pays de " + c.Name, "Communauté de communes de " + c.Name,
			"Communauté de communes du Pays de " + c.Name, "Communauté d'agglomération de " + c.Name,
			"Communauté d'agglomération du Grand " + c.Name, c.Name + " Métropole", "Métropole de " + c.Name,
		} {
			for _, e := range gz.Lookup(name) {
				if e.Kind == vigie.PlaceEPCI && e.Departement != "" && !seen[e.Code] {
					seen[e.Code] = true
					p.EPCIs = append(p.EPCIs, e)
				}
			}
		}
	}
	return p, nil
}
