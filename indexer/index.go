package indexer

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"vigie"
)

// schemaVersion changes whenever the bleve fields or their analysis do; an
// index built with another version is rebuilt from the document store.
const schemaVersion = "vigie-index-3"

// Index is Vigie's search index: a bleve index of the documents' text and
// entities, a store of the documents themselves, and an in-memory Table of
// their facet values. It is safe for concurrent use.
type Index struct {
	bl    bleve.Index
	store *store
	an    analysis.Analyzer
	dir   string

	wmu sync.Mutex   // serialises writers
	mu  sync.RWMutex // guards t
	t   *Table

	ordsMu   sync.Mutex
	ordsSnap index.IndexReader // snapshot ords was built for
	ords     []uint32          // bleve doc number -> ordinal+1 (0: unknown)
}

// Open opens the index under dir, creating it if missing: the bleve index in
// dir/bleve and the documents in dir/docs.db.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	st, err := openStore(filepath.Join(dir, "docs.db"))
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix, err := open(dir, st)
	if err != nil {
		st.close()
		return nil, err
	}
	return ix, nil
}

// OpenMem returns an index held in memory, for tests.
func OpenMem() (*Index, error) {
	st, _ := openStore("")
	return open("", st)
}

func open(dir string, st *store) (*Index, error) {
	an, err := newFrenchAnalyzer()
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix := &Index{store: st, an: an, dir: dir, t: newTable()}
	if err := ix.load(); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	version, err := st.get(bucketConfig, "schema")
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	blDir := ""
	if dir != "" {
		blDir = filepath.Join(dir, "bleve")
	}
	rebuild := string(version) != schemaVersion
	if !rebuild && blDir != "" {
		ix.bl, err = bleve.Open(blDir)
		if err != nil {
			rebuild = true // a missing or damaged index is rebuilt from the store
		} else if n, err := ix.bl.DocCount(); err != nil || n != uint64(ix.indexable()) {
			ix.bl.Close()
			rebuild = true
		}
	}
	if rebuild || ix.bl == nil {
		if blDir != "" {
			if err := os.RemoveAll(blDir); err != nil {
				return nil, fmt.Errorf("open index: %w", err)
			}
		}
		ix.bl, err = bleve.NewUsing(blDir, newMapping(), scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, fmt.Errorf("open index: create %s: %w", blDir, err)
		}
		if err := ix.reindex(); err != nil {
			ix.bl.Close()
			return nil, fmt.Errorf("open index: rebuild: %w", err)
		}
		if err := st.write([]record{{bucketConfig, "schema", []byte(schemaVersion)}}); err != nil {
			ix.bl.Close()
			return nil, fmt.Errorf("open index: %w", err)
		}
	}
	return ix, nil
}

// load fills the Table from the store.
func (ix *Index) load() error {
	return ix.store.each(bucketMeta, func(id string, v []byte) error {
		var d vigie.Document
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("load %s: %w", id, err)
		}
		ix.t.put(&d)
		return nil
	})
}

// indexable returns the number of documents that have a bleve document:
// every one but exact duplicates.
func (ix *Index) indexable() int {
	n := 0
	for _, e := range ix.t.entries {
		if e != nil && !ix.isExactDup(e) {
			n++
		}
	}
	return n
}

func (ix *Index) isExactDup(e *Entry) bool {
	return ix.t.sameContent(e.ContentHash, e.ID) != ""
}

// reindex indexes every stored document into bleve again.
func (ix *Index) reindex() error {
	const batchSize = 500
	b := ix.bl.NewBatch()
	err := ix.store.each(bucketDocs, func(id string, v []byte) error {
		var d vigie.Document
		if err := json.Unmarshal(v, &d); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		if e := ix.t.Lookup(id); e != nil && ix.isExactDup(e) {
			return nil
		}
		if err := b.IndexAdvanced(ix.bleveDoc(&d)); err != nil {
			return err
		}
		if b.Size() >= batchSize {
			if err := ix.bl.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return ix.bl.Batch(b)
}

// Close closes the index.
func (ix *Index) Close() error {
	ix.ordsMu.Lock()
	ix.ordsSnap, ix.ords = nil, nil
	ix.ordsMu.Unlock()
	err := ix.bl.Close()
	if err2 := ix.store.close(); err == nil {
		err = err2
	}
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// Put indexes the documents in one batch, replacing any earlier version of
// each (documents are keyed by ID; an empty ID is derived from the URL). A
// document whose content hash equals another document's is stored and
// linked to it (DuplicateOf) but not indexed for text search again.
// Documents without ID and URL are rejected with vigie.ErrInvalid.
func (ix *Index) Put(ctx context.Context, docs ...*vigie.Document) error {
	if len(docs) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	ix.wmu.Lock()
	defer ix.wmu.Unlock()

	prepared := make([]*vigie.Document, 0, len(docs))
	seen := make(map[string]int, len(docs))
	for _, d := range docs {
		if d == nil {
			continue
		}
		c := *d
		if c.ID == "" {
			if c.URL == "" {
				return fmt.Errorf("put document: no id and no url: %w", vigie.ErrInvalid)
			}
			c.ID = vigie.DocumentID(c.URL)
		}
		if i, ok := seen[c.ID]; ok { // the last version in the batch wins
			prepared[i] = &c
			continue
		}
		seen[c.ID] = len(prepared)
		prepared = append(prepared, &c)
	}

	// Link duplicates: exact copies by content hash, near-copies by shingles.
	ix.mu.RLock()
	byHash := make(map[string]string)
	for _, d := range prepared {
		if d.DuplicateOf != "" || d.ContentHash == "" {
			continue
		}
		if first := ix.t.sameContent(d.ContentHash, d.ID); first != "" {
			d.DuplicateOf = first
		} else if first, ok := byHash[d.ContentHash]; ok {
			d.DuplicateOf = first
		} else {
			byHash[d.ContentHash] = d.ID
		}
	}
	ix.mu.RUnlock()

	recs := make([]record, 0, 2*len(prepared))
	for _, d := range prepared {
		full, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("put %s: %w", d.ID, err)
		}
		m := *d
		m.Text, m.Mentions = "", nil
		meta, err := json.Marshal(&m)
		if err != nil {
			return fmt.Errorf("put %s: %w", d.ID, err)
		}
		recs = append(recs, record{bucketDocs, d.ID, full}, record{bucketMeta, d.ID, meta})
	}
	if err := ix.store.write(recs); err != nil {
		return fmt.Errorf("put documents: %w", err)
	}

	// The table is updated before bleve so that every bleve snapshot only
	// holds documents the table knows.
	b := ix.bl.NewBatch()
	ix.mu.Lock()
	for _, d := range prepared {
		e := ix.t.put(d)
		if ix.isExactDup(e) {
			b.Delete(d.ID)
		} else if err := b.IndexAdvanced(ix.bleveDoc(d)); err != nil {
			ix.mu.Unlock()
			return fmt.Errorf("put %s: %w", d.ID, err)
		}
	}
	ix.mu.Unlock()
	if err := ix.bl.Batch(b); err != nil {
		return fmt.Errorf("put documents: index: %w", err)
	}
	return nil
}

// Get returns the document with the given ID, or vigie.ErrNotFound.
func (ix *Index) Get(ctx context.Context, id string) (*vigie.Document, error) {
	v, err := ix.store.get(bucketDocs, id)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	if v == nil {
		return nil, fmt.Errorf("document %s: %w", id, vigie.ErrNotFound)
	}
	var d vigie.Document
	if err := json.Unmarshal(v, &d); err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	return &d, nil
}

// MarkGone records that the page of document id now answers 404 or 410: the
// document leaves the default search results (Query.IncludeGone shows it).
// It returns vigie.ErrNotFound for an unknown id.
func (ix *Index) MarkGone(ctx context.Context, id string) error {
	d, err := ix.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("mark gone: %w", err)
	}
	if d.Gone {
		return nil
	}
	d.Gone = true
	return ix.Put(ctx, d)
}

// Delete removes the document with the given id. Deleting a missing
// document is not an error.
func (ix *Index) Delete(ctx context.Context, id string) error {
	ix.wmu.Lock()
	defer ix.wmu.Unlock()
	if err := ix.store.write([]record{{bucketDocs, id, nil}, {bucketMeta, id, nil}}); err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	ix.mu.Lock()
	ix.t.remove(id)
	ix.mu.Unlock()
	if err := ix.bl.Delete(id); err != nil {
		return fmt.Errorf("delete %s: %w", id, err)
	}
	return nil
}

// Count returns the number of documents in the index.
func (ix *Index) Count() (uint64, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return uint64(ix.t.live), nil
}

// Read calls fn with the Table of the index, which must not be kept or
// changed after fn returns. Writers wait while fn runs.
func (ix *Index) Read(fn func(t *Table) error) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return fn(ix.t)
}

// Analyze returns the tokens of s under the analyzer of the text fields, with
// their byte offsets in s.
func (ix *Index) Analyze(s string) analysis.TokenStream { return ix.an.Analyze([]byte(s)) }

// Mapping returns the bleve mapping of the index.
func (ix *Index) Mapping() mapping.IndexMapping { return ix.bl.Mapping() }
