package indexer

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"

	"errors"
	"fmt"
	gojson "github.com/goccy/go-json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"vigie"
)

// schemaVersion changes whenever the bleve fields or their analysis do; an
// index built with another version is rebuilt from the document store.
const schemaVersion = "vigie-index-9"

// Index is Vigie's search index: a bleve index of the documents' text and
// entities, a store of the documents themselves, and an in-memory Table of
// their facet values. It is safe for concurrent use.
type Index struct {
	bl    bleve.Index
	store *store
	codec *codec
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
	splitDocs   int                          // see splitMatchDocs
	splitParts  int                          // ranges of a split search (0: one per core, up to maxMatchParts)

	trainDocs int   // see trainDocs
	trained   bool  // the dictionaries were trained or are being trained (guarded by wmu)
	trainErr  error // why training failed, if it did

	rebuilt bool       // Open rebuilt the bleve index from the store
	bgErrs  chan error // bleve's background errors (see bleveErrors); nil in memory
}

// bleveErrors routes the errors bleve meets in the background (a segment
// it cannot write for want of space, a failed merge) to the index they
// belong to: bleve reports them through one callback registered by name,
// with the index directory.
var bleveErrors sync.Map // bleve directory -> chan error

// bleveErrorCallback is the name of that callback.
const bleveErrorCallback = "vigie-indexer"

func init() {
	scorch.RegistryAsyncErrorCallbacks[bleveErrorCallback] = func(err error, path string) {
		ch, ok := bleveErrors.Load(path)
		if !ok { // scorch names its own directory, inside the index's
			ch, ok = bleveErrors.Load(filepath.Dir(path))
		}
		if ok {
			select {
			case ch.(chan error) <- err:
			default: // an earlier error is still unread
			}
		}
	}
}

// Open opens the index under dir, creating it if missing: the bleve index in
// dir/bleve and the documents in dir/docs.log. A document store in the
// bbolt format of earlier versions (dir/docs.db) is moved into the log
// first. Open fails with a clear error when another process has the index
// open.
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	logPath := filepath.Join(dir, storeFile)
	if _, err := os.Stat(logPath); errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(filepath.Join(dir, "docs.db")); err == nil {
			if err := migrateBolt(filepath.Join(dir, "docs.db"), logPath); err != nil {
				return nil, fmt.Errorf("open index: %w", err)
			}
		}
	}
	st, err := openStore(logPath)
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

// storeFile is the name of the document store in the index directory.
const storeFile = "docs.log"

// Repairs returns what Open found damaged in the document store and how it
// recovered (a write cut short by a crash, a damaged stretch skipped), one
// sentence each; nil when the store was sound.
func (ix *Index) Repairs() []string { return ix.store.repairs }

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
	cd, err := newCodec()
	if err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	ix := &Index{store: st, codec: cd, an: an, dir: dir, t: newTable(), syncMapDocs: syncMapDocs, splitDocs: splitMatchDocs, trainDocs: trainDocs}
	ok := false
	defer func() {
		if !ok {
			cd.close()
		}
	}()
	if err := ix.loadDicts(); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
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
		ix.bgErrs = make(chan error, 1)
		bleveErrors.Store(blDir, ix.bgErrs)
		defer func() {
			if !ok {
				bleveErrors.Delete(blDir)
			}
		}()
	}
	rebuild := string(version) != schemaVersion
	if !rebuild && blDir != "" {
		ix.bl, err = bleve.OpenUsing(blDir, bleveConfig())
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
		ix.bl, err = bleve.NewUsing(blDir, newMapping(), scorch.Name, scorch.Name, bleveConfig())
		if err != nil {
			return nil, fmt.Errorf("open index: create %s: %w", blDir, err)
		}
		ix.rebuilt = true
		if err := ix.reindex(); err != nil {
			ix.bl.Close()
			return nil, fmt.Errorf("open index: rebuild: %w", err)
		}
		if err := st.write([]record{{bucketConfig, "schema", []byte(schemaVersion)}}); err != nil {
			ix.bl.Close()
			return nil, fmt.Errorf("open index: %w", err)
		}
	}
	ok = true
	return ix, nil
}

// bleveConfig is the configuration of the bleve index.
//
// unsafe_batch: Batch returns without waiting for the segment to be on
// disk. The document store is the durable copy; a bleve index that lost
// its last batches in a crash has the wrong count at the next Open and is
// rebuilt from the store.
//
// The merge policy keeps at most 4 segments per size tier where bleve's
// default keeps 10: a bulk load in batches of a few hundred documents left
// 46 segments at 100,000 documents, and every term of a query is looked up
// in every segment.
func bleveConfig() map[string]any {
	return map[string]any{
		"unsafe_batch":           true,
		"asyncErrorCallbackName": bleveErrorCallback,
		"scorchMergePlanOptions": map[string]any{
			"MaxSegmentsPerTier":   mergeSegmentsPerTier,
			"SegmentsPerMergeTask": mergeSegmentsPerTier,
		},
	}
}

// mergePlanOptions returns the merge policy of bleveConfig, as Merge
// passes it to bleve: bleve's default with mergeSegmentsPerTier.
func mergePlanOptions() mergeplan.MergePlanOptions {
	o := mergeplan.DefaultMergePlanOptions
	o.MaxSegmentsPerTier = mergeSegmentsPerTier
	o.SegmentsPerMergeTask = mergeSegmentsPerTier
	return o
}

// mergeSegmentsPerTier: see bleveConfig.
const mergeSegmentsPerTier = 4

// metaRecord is the payload of a "docs" record (see record.go): the
// document without its text, and the MinHash signature of the text as
// little-endian uint32s (stores written before compression hold it as
// numbers in MinHash).
type metaRecord struct {
	*vigie.Document
	Sig     []byte   `json:"sig,omitempty"`
	MinHash []uint32 `json:"minhash,omitempty"`
}

// signature returns the record's MinHash signature, or nil.
func (m *metaRecord) signature() ([]uint32, error) {
	if m.MinHash != nil || m.Sig == nil {
		return m.MinHash, nil
	}
	if len(m.Sig) != 4*minHashes {
		return nil, fmt.Errorf("%w: signature of %d bytes", errCorrupt, len(m.Sig))
	}
	sig := make([]uint32, minHashes)
	for i := range sig {
		sig[i] = binary.LittleEndian.Uint32(m.Sig[4*i:])
	}
	return sig, nil
}

// encodeMeta returns the "docs" record of d, whose text is left out, and
// of its MinHash signature.
func (ix *Index) encodeMeta(d *vigie.Document, sig []uint32) ([]byte, error) {
	body := *d
	body.Text, body.Mentions = "", nil // in the "text" record
	m := metaRecord{Document: &body}
	if sig != nil {
		m.Sig = make([]byte, 4*len(sig))
		for i, v := range sig {
			binary.LittleEndian.PutUint32(m.Sig[4*i:], v)
		}
	}
	p, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return ix.codec.encode(recordZstd, p), nil
}

// decodeMeta decodes a "docs" record into a document without its text and
// the MinHash signature of the text. buf is scratch space, returned for
// reuse.
func (ix *Index) decodeMeta(buf, v []byte) (*vigie.Document, []uint32, []byte, error) {
	p, err := ix.codec.decodeMeta(buf[:0], v)
	if err != nil {
		return nil, nil, buf, err
	}
	m := metaRecord{Document: &vigie.Document{}}
	if err := gojson.Unmarshal(p, &m); err != nil {
		return nil, nil, p, fmt.Errorf("%w: %w", errCorrupt, err)
	}
	sig, err := m.signature()
	return m.Document, sig, p, err
}

// load fills the Table from the store. Records are decoded by batches on
// every core, and put into the Table in store order (the order ordinals
// follow) by one goroutine.
func (ix *Index) load() error {
	type record struct {
		id  string
		v   []byte
		d   *vigie.Document
		sig []uint32
		err error
	}
	type batch struct {
		recs    []record
		decoded chan struct{}
	}
	const batchLen = 256
	workers := max(1, runtime.GOMAXPROCS(0))
	jobs := make(chan *batch, 2*workers)
	inOrder := make(chan *batch, 4*workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf []byte
			for b := range jobs {
				for i := range b.recs {
					r := &b.recs[i]
					r.d, r.sig, buf, r.err = ix.decodeMeta(buf, r.v)
					r.v = nil
				}
				close(b.decoded)
			}
		})
	}
	putErr := make(chan error, 1)
	go func() {
		var err error
		for b := range inOrder {
			<-b.decoded
			for i := 0; i < len(b.recs) && err == nil; i++ {
				r := &b.recs[i]
				if r.err != nil {
					err = fmt.Errorf("load %s: %w", r.id, r.err)
					break
				}
				ix.t.put(r.d, r.sig)
			}
		}
		putErr <- err
	}()
	cur := &batch{decoded: make(chan struct{})}
	send := func() {
		inOrder <- cur
		jobs <- cur
		cur = &batch{recs: make([]record, 0, batchLen), decoded: make(chan struct{})}
	}
	err := ix.store.each(bucketDocs, func(id string, v []byte) error {
		// v is only valid in the store's transaction: the workers get a copy.
		cur.recs = append(cur.recs, record{id: id, v: bytes.Clone(v)})
		if len(cur.recs) == batchLen {
			send()
		}
		return nil
	})
	if len(cur.recs) > 0 {
		send()
	}
	close(jobs)
	close(inOrder)
	wg.Wait()
	if perr := <-putErr; err == nil {
		err = perr
	}
	return err
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
	var buf []byte
	err := ix.store.each(bucketDocs, func(id string, v []byte) error {
		if e := ix.t.Lookup(id); e != nil && ix.isExactDup(e) {
			return nil
		}
		d, _, b2, err := ix.decodeMeta(buf, v)
		buf = b2
		if err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		if d.Text, _, _, err = ix.text(id, false); err != nil {
			return fmt.Errorf("document %s: %w", id, err)
		}
		if err := b.IndexAdvanced(ix.bleveDoc(d)); err != nil {
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

// flushTimeout bounds how long Close waits for bleve to write its last
// batches.
const flushTimeout = 2 * time.Minute

// flush waits until bleve has written every batch to disk. With
// unsafe_batch, Batch returns before its segment is persisted, and closing
// bleve then drops what is still in memory: the next Open would find the
// wrong document count and rebuild the whole index. bleve persists its
// snapshots in order, so the callback of an empty batch sent last fires
// once everything before it is on disk.
func (ix *Index) flush() error {
	if ix.dir == "" {
		return nil
	}
	done := make(chan error, 1)
	b := ix.bl.NewBatch()
	b.SetPersistedCallback(func(err error) {
		select {
		case done <- err:
		default:
		}
	})
	select {
	case <-ix.bgErrs: // from before this flush: only a new one counts
	default:
	}
	if err := ix.bl.Batch(b); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("flush: %w", err)
		}
		return nil
	case err := <-ix.bgErrs:
		// bleve retries forever; the next Open rebuilds what it lost.
		return fmt.Errorf("flush: bleve cannot write the index: %w", err)
	case <-time.After(flushTimeout):
		return fmt.Errorf("flush: bleve did not write its last batches in %v", flushTimeout)
	}
}

// Merge merges the index's segments until bleve's merge policy (see
// bleveConfig) asks for no more merges, and returns when they are on disk.
// bleve merges in the background, so a bulk load ends with its last
// batches' segments still apart, to be merged during the next process's
// first queries, and every term of a query is looked up in every segment:
// crawls and ingests call Merge when they end. It returns early, without
// error, when ctx is done.
func (ix *Index) Merge(ctx context.Context) error {
	if ix.dir == "" {
		return nil
	}
	if err := ix.flush(); err != nil { // bleve merges persisted segments only
		return fmt.Errorf("merge: %w", err)
	}
	adv, err := ix.bl.Advanced()
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return fmt.Errorf("merge: unexpected bleve index %T", adv)
	}
	opts := mergePlanOptions()
	prev := -1
	// Each pass merges what the policy asks of the current segments; a
	// merged segment may in turn fill a larger tier.
	for range maxMergePasses {
		n, err := segmentCount(sc)
		if err != nil {
			return fmt.Errorf("merge: %w", err)
		}
		if n <= 1 || n == prev || ctx.Err() != nil {
			return nil
		}
		prev = n
		if err := sc.ForceMerge(ctx, &opts); err != nil {
			return fmt.Errorf("merge: %w", err)
		}
	}
	return nil
}

// maxMergePasses bounds the passes of Merge.
const maxMergePasses = 8

// segmentCount returns the number of segments of bleve's current snapshot.
func segmentCount(sc *scorch.Scorch) (int, error) {
	r, err := sc.Reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("unexpected bleve reader %T", r)
	}
	return len(snap.Segments()), nil
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
	err := ix.flush()
	if err2 := ix.bl.Close(); err == nil {
		err = err2
	}
	if ix.bgErrs != nil {
		bleveErrors.Delete(filepath.Join(ix.dir, "bleve"))
	}
	ix.codec.close()
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
	parallel(len(prepared), func(i int) { sigs[i] = signature(prepared[i].Text) })

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
	dup := make([]bool, len(prepared))
	for i := range prepared {
		dup[i] = ix.isExactDup(entries[i])
	}
	ix.mu.Unlock()
	// bleve documents only need the document, not the Table: they are
	// built without holding queries up.
	bdocs := make([]*document.Document, 0, len(prepared))
	var deletes []string
	for i, d := range prepared {
		if dup[i] {
			deletes = append(deletes, d.ID)
		} else {
			bdocs = append(bdocs, ix.bleveDoc(d))
		}
	}

	recs := make([]record, 2*len(prepared))
	errs := make([]error, len(prepared))
	parallel(len(prepared), func(i int) {
		d := prepared[i]
		meta, err := ix.encodeMeta(d, sigs[i])
		if err != nil {
			errs[i] = fmt.Errorf("put %s: %w", d.ID, err)
			return
		}
		recs[2*i] = record{bucketDocs, d.ID, meta}
		recs[2*i+1] = record{bucketText, d.ID, ix.codec.encodeText(d.Text, d.Mentions)}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	// The store and bleve are written at the same time: the store mostly
	// waits for the disk, bleve for the processors. Should the store fail
	// alone, bleve holds documents the store does not, and the next Open
	// finds the count wrong and rebuilds bleve from the store.
	stored := make(chan error, 1)
	go func() { stored <- ix.store.write(recs) }()
	ierr := ix.indexBatches(bdocs, deletes)
	if err := <-stored; err != nil {
		return fmt.Errorf("put documents: %w", err)
	}
	if ierr != nil {
		return fmt.Errorf("put documents: index: %w", ierr)
	}
	ix.maybeTrain()
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
	d, _, _, err := ix.decodeMeta(nil, v)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	text, ms, has, err := ix.text(id, true)
	if err != nil {
		return nil, fmt.Errorf("get document %s: %w", id, err)
	}
	d.Text = text
	if has {
		d.Mentions = ms
	}
	return d, nil
}

// text returns the stored text of document id, "" if there is none, and
// its mentions if withMentions is set and the text record holds them (see
// codec.decodeText).
func (ix *Index) text(id string, withMentions bool) (string, []vigie.Mention, bool, error) {
	v, err := ix.store.get(bucketText, id)
	if err != nil || v == nil {
		return "", nil, false, err
	}
	return ix.codec.decodeText(v, withMentions)
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
	text, _, _, err := ix.codec.decodeText(v, false)
	if err != nil {
		return "", fmt.Errorf("get text %s: %w", id, err)
	}
	return text, nil
}

// parallel calls fn(i) for every i in [0, n), on up to GOMAXPROCS
// goroutines.
func parallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
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
