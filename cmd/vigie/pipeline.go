package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"vigie"
	"vigie/extract"
	"vigie/indexer"
)

// defaultDataDir is where every subcommand keeps the index and crawl state
// unless --data says otherwise.
const defaultDataDir = "vigie-data"

// indexDir returns the directory of the search index inside the data directory.
func indexDir(data string) string { return filepath.Join(data, "index") }

// openIndex opens (or creates) the index in the data directory and logs
// what it had to repair in the document store.
func openIndex(data string, log *slog.Logger) (*indexer.Index, error) {
	if err := os.MkdirAll(data, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	ix, err := indexer.Open(indexDir(data))
	if err != nil {
		return nil, fmt.Errorf("open index in %s: %w", data, err)
	}
	for _, r := range ix.Repairs() {
		log.Warn("index repaired", "data", data, "repair", r)
	}
	return ix, nil
}

// pipeline connects the crawler to the extractor and the index: it is the
// crawler's Handler. Each page is extracted and indexed before the crawler
// records it as done, so a crash never loses an acknowledged page.
type pipeline struct {
	parser  *extract.Parser
	index   *indexer.Index
	log     *slog.Logger
	indexed atomic.Int64
	skipped atomic.Int64 // pages that are not articles
	signing atomic.Int64
}

func newPipeline(ix *indexer.Index, log *slog.Logger) *pipeline {
	return &pipeline{parser: extract.New(), index: ix, log: log}
}

// Page extracts one fetched page and indexes the document.
func (p *pipeline) Page(ctx context.Context, pg *vigie.Page) error {
	doc, err := p.parser.Page(pg)
	if errors.Is(err, extract.ErrNotArticle) {
		p.skipped.Add(1)
		p.log.Debug("not an article", "url", pg.URL)
		return nil
	}
	if err != nil {
		return err
	}
	if err := p.index.Put(ctx, doc); err != nil {
		return fmt.Errorf("index %s: %w", pg.URL, err)
	}
	p.indexed.Add(1)
	if doc.IsSigning {
		p.signing.Add(1)
	}
	p.log.Debug("indexed", "url", doc.URL, "title", doc.Title, "events", len(doc.Events))
	return nil
}

// finish merges the index when the run indexed documents (see
// indexer.Index.Merge), so that the next queries find it settled.
func (p *pipeline) finish(ctx context.Context) error {
	if p.indexed.Load() == 0 {
		return nil
	}
	if err := p.index.Merge(ctx); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	return nil
}

// Gone marks the document of a page that now answers 404 or 410.
func (p *pipeline) Gone(ctx context.Context, url string) error {
	return p.index.MarkGone(ctx, vigie.DocumentID(url))
}
