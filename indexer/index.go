package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"vigie"
)

// schemaVersion changes whenever the bleve fields or their analysis do; an
// index built with another version is rebuilt from the document store.
const schemaVersion = "vigie-index-8"

// Index is Vigie's search index: a bleve index of the documents' text and
// entities, a store of the documents themselves, and an in-memory Table of
// their facet values. It is safe for concurrent use.
type Index struct {
	bl    bleve.Index
	store *store
	an    *frenchAnalyzer
	dir   string

	wmu sync.Mutex   // serialises writers
	mu  sync.RWMutex // guards t
	t   *Table

	ordsMu      sync.Mutex                   // guards the fields below
	mapped      *mappedSnapshot              // the last snapshot mapped to ordinals
	segOrds     map[segment.Segment][]uint32 // bleve segment -> its documents' ordinal+1
	mapping     bool                         // a background mapping is running
	mapStarts   uint64                       // background mappings started
	syncMapDocs int                          // see syncMapDocs
	bg          sync.WaitGroup               // background mappings
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
	ix := &Index{store: st, an: an, dir: dir, t: newTable(), syncMapDocs: syncMapDocs}
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
		ix.bl, err = bleve.OpenUsing(blDir, map[string]any{"unsafe_batch": true})
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
		// unsafe_batch: Batch returns without waiting for the segment to be
		// on disk. The document store is the durable copy; a bleve index
		// that lost its last batches in a crash has the wrong count at the
		// next Open and is rebuilt from the store.
		ix.bl, err = bleve.NewUsing(blDir, newMapping(), scorch.Name, scorch.Name, map[string]any{"unsafe_batch": true})
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

// metaRecord is what the "docs" bucket holds for a document: the document
// without its text, and the MinHash signature of the text.
type metaRecord struct {
	*vigie.Document
	MinHash []uint32 `json:"minhash,omitempty"`
}

// load fills the Table from the store.
func (ix *Index) load() error {
	return ix.store.each(bucketDocs, func(id string, v []byte) error {
		m := metaRecord{Document: &vigie.Document{}}
		if err := json.Unmarshal(v, &m); err != nil {
			return fmt.Errorf("load %s: %w", id, err)
		}
		ix.t.put(m.Document, m.MinHash)
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
		text, err := ix.store.get(bucketText, id)
		if err != nil {
			return err
		}
		d.Text = string(text)
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
	ix.bg.Wait()
	ix.ordsMu.Lock()
	if ix.mapped != nil {
		ix.mapped.snap.DecRef()
		ix.mapped = nil
	}
	ix.segOrds = nil
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

	sigs := make([]([]uint32), len(prepared))
	for i, d := range prepared {
		sigs[i] = signature(d.Text)
	}

	// Link duplicates: exact copies by content hash, near-copies by
	// MinHash. The table is updated before bleve so that every bleve
	// snapshot only holds documents the table knows, and document by
	// document so that a batch's own duplicates are found.
	ix.mu.Lock()
	entries := make([]*Entry, len(prepared))
	for i, d := range prepared {
		if d.DuplicateOf == "" {
			if first := ix.t.sameContent(d.ContentHash, d.ID); first != "" {
				d.DuplicateOf = first
			} else {
				d.DuplicateOf = ix.t.nearDuplicate(sigs[i], d.ID)
			}
		}
		entries[i] = ix.t.put(d, sigs[i])
	}
	bdocs := make([]*document.Document, 0, len(prepared))
	var deletes []string
	for i, d := range prepared {
		if ix.isExactDup(entries[i]) {
			deletes = append(deletes, d.ID)
		} else {
			bdocs = append(bdocs, ix.bleveDoc(d))
		}
	}
	ix.mu.Unlock()

	recs := make([]record, 0, 3*len(prepared))
	for i, d := range prepared {
		body := *d
		body.Text = ""
		meta, err := json.Marshal(metaRecord{Document: &body, MinHash: sigs[i]})
		if err != nil {
			return fmt.Errorf("put %s: %w", d.ID, err)
		}
		recs = append(recs, record{bucketDocs, d.ID, meta}, record{bucketText, d.ID, []byte(d.Text)})
	}
	if err := ix.store.write(recs); err != nil {
		return fmt.Errorf("put documents: %w", err)
	}

	if err := ix.indexBatches(bdocs, deletes); err != nil {
		return fmt.Errorf("put documents: index: %w", err)
	}
	return nil
}

// minParallelBatch is the size from which a Put is split into concurrent
// bleve batches: each becomes a segment built on its own core.
const minParallelBatch = 256

// indexBatches writes docs and deletes to bleve, in parallel batches when
// there are many.
func (ix *Index) indexBatches(docs []*document.Document, deletes []string) error {
	parts := 1
	if len(docs) >= minParallelBatch {
		parts = min(runtime.GOMAXPROCS(0), len(docs)/(minParallelBatch/2))
	}
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(docs)/parts, (p+1)*len(docs)/parts
		b := ix.bl.NewBatch()
		for _, d := range docs[lo:hi] {
			if err := b.IndexAdvanced(d); err != nil {
				return err
			}
		}
		if p == 0 {
			for _, id := range deletes {
				b.Delete(id)
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[p] = ix.bl.Batch(b)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
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
	text, err := ix.store.get(bucketText, id)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	d.Text = string(text)
	return &d, nil
}

// Text returns the text of the document with the given id, or
// vigie.ErrNotFound.
func (ix *Index) Text(ctx context.Context, id string) (string, error) {
	v, err := ix.store.get(bucketText, id)
	if err != nil {
		return "", fmt.Errorf("get text %s: %w", id, err)
	}
	if v == nil {
		return "", fmt.Errorf("text of %s: %w", id, vigie.ErrNotFound)
	}
	return string(v), nil
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
	if err := ix.store.write([]record{{bucketDocs, id, nil}, {bucketText, id, nil}}); err != nil {
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
