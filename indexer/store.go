package indexer

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"
)

// store keeps the documents themselves in an append-only log file next to
// the bleve index (or in memory). It is the source of truth: the bleve
// index and the in-memory Table are rebuilt from it when needed.
//
// Three buckets: "docs" holds the document without its text and mentions
// (what Open loads into memory), "text" its text and mentions, both
// compressed (see record.go), and "config" the schema version.
//
// The log is the file header (logMagic) and a sequence of frames, one per
// write: a frame header (frameMagic, payload length, CRC-32C of the
// payload) and the payload, the records of the write one after the other
// (bucket, key length, key, value length+1 or 0 for a delete, value).
// Every write appends one frame and syncs the file before it returns.
// Open reads the whole log once and keeps, per bucket, where the last value
// of each key lies; reads are positioned reads of the file, so the log is
// never mapped into memory. A torn last frame (a crash in the middle of a
// write, which was never acknowledged) is cut off; a damaged frame before
// the end is skipped, the frames after it are kept and the damage is
// reported (see repairs). Values replaced or deleted stay in the file until
// Open finds them to be more than half of it and rewrites the log.
type store struct {
	f    logFile
	path string // "" in memory
	lock *os.File

	wmu  sync.Mutex   // serialises writers
	mu   sync.RWMutex // guards the fields below
	end  int64        // the end of the last good frame: where the next is written
	dead int64        // bytes of values that were replaced or deleted
	live [numBuckets]map[string]span

	repairs []string // what Open found damaged and how it recovered
}

// bucket is one of the store's key spaces.
type bucket byte

const (
	bucketDocs bucket = iota
	bucketText
	bucketConfig
	numBuckets
)

// span is where a value lies in the log.
type span struct {
	off int64
	n   uint32
}

// logFile is the log's storage: an *os.File, or memFile in memory.
type logFile interface {
	io.ReaderAt
	io.WriterAt
	Truncate(size int64) error
	Sync() error
	Close() error
}

const (
	logMagic    = "VIGIE-DOCS-LOG-1"
	frameMagic  = 0x5647_4652 // "VGFR"
	frameHeader = 12
	// maxFrame bounds a frame's payload: a write larger than that is split
	// into several frames, and a header claiming more is damaged.
	maxFrame = 1 << 30
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// errStoreLocked reports a store that another process has open.
var errStoreLocked = errors.New("the index is open in another process")

// compactFrom is how many bytes of replaced and deleted values the log may
// hold before Open rewrites it (when they are also more than half of it).
const compactFrom = 64 << 20

func openStore(path string) (*store, error) { return openStoreCompacting(path, compactFrom) }

// openStoreCompacting opens the store at path ("" in memory), compacting
// it if it holds more than minDead bytes of dead values, half of the log.
func openStoreCompacting(path string, minDead int64) (*store, error) {
	s := &store{path: path}
	for b := range s.live {
		s.live[b] = map[string]span{}
	}
	if path == "" {
		s.f = &memFile{}
		if _, err := s.f.WriteAt([]byte(logMagic), 0); err != nil {
			return nil, err
		}
		s.end = int64(len(logMagic))
		return s, nil
	}
	lock, err := lockFile(path + ".lock")
	if err != nil {
		return nil, fmt.Errorf("open document store %s: %w", path, err)
	}
	s.lock = lock
	ok := false
	defer func() {
		if !ok {
			s.close()
		}
	}()
	if err := s.openFile(); err != nil {
		return nil, fmt.Errorf("open document store %s: %w", path, err)
	}
	if s.dead > minDead && s.dead > s.end/2 {
		if err := s.compact(); err != nil {
			return nil, fmt.Errorf("compact document store %s: %w", path, err)
		}
	}
	ok = true
	return s, nil
}

// openFile opens or creates the log at s.path and reads it.
func (s *store) openFile() error {
	f, err := os.OpenFile(s.path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	s.f = f
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() == 0 {
		if _, err := f.WriteAt([]byte(logMagic), 0); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		s.end = int64(len(logMagic))
		return syncDir(filepath.Dir(s.path))
	}
	return s.scan(fi.Size())
}

// scan reads the log, of the given size, and fills s.live.
func (s *store) scan(size int64) error {
	r := bufio.NewReaderSize(io.NewSectionReader(s.f, 0, size), 1<<20)
	head := make([]byte, len(logMagic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != logMagic {
		return fmt.Errorf("not a Vigie document log (header %q)", head)
	}
	off := int64(len(logMagic))
	var payload []byte
	var hdr [frameHeader]byte
	for off < size {
		n, err := readFrame(r, hdr[:], &payload, size-off)
		if err == nil {
			if err = s.apply(payload, off+frameHeader); err == nil {
				off += frameHeader + int64(n)
				continue
			}
		}
		// A damaged frame. At the end of the file it is a write that a
		// crash cut short: it was never acknowledged and is cut off.
		// Before the end, the frames after it are kept.
		next := s.resync(off+1, size)
		if next < 0 {
			s.repairs = append(s.repairs, fmt.Sprintf("document store: cut off %d bytes of an unfinished write at offset %d", size-off, off))
			if err := s.f.Truncate(off); err != nil {
				return err
			}
			break
		}
		s.repairs = append(s.repairs, fmt.Sprintf("document store: skipped %d damaged bytes at offset %d (%v); the documents written there are lost", next-off, off, err))
		s.dead += next - off
		off = next
		r.Reset(io.NewSectionReader(s.f, off, size-off))
	}
	s.end = off
	return nil
}

// readFrame reads one frame from r into *payload and returns its payload
// length; at most left bytes remain in the file.
func readFrame(r io.Reader, hdr []byte, payload *[]byte, left int64) (int, error) {
	if left < frameHeader {
		return 0, io.ErrUnexpectedEOF
	}
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, err
	}
	if binary.LittleEndian.Uint32(hdr) != frameMagic {
		return 0, errors.New("no frame header")
	}
	n := binary.LittleEndian.Uint32(hdr[4:])
	if n > maxFrame || int64(n) > left-frameHeader {
		return 0, fmt.Errorf("frame of %d bytes", n)
	}
	if cap(*payload) < int(n) {
		*payload = make([]byte, n)
	}
	*payload = (*payload)[:n]
	if _, err := io.ReadFull(r, *payload); err != nil {
		return 0, err
	}
	if crc32.Checksum(*payload, crcTable) != binary.LittleEndian.Uint32(hdr[8:]) {
		return 0, errors.New("checksum mismatch")
	}
	return int(n), nil
}

// resync returns the offset of the first good frame at or after from, or
// -1 if there is none.
func (s *store) resync(from, size int64) int64 {
	const chunk = 1 << 20
	buf := make([]byte, chunk+4)
	var magic [4]byte
	binary.LittleEndian.PutUint32(magic[:], frameMagic)
	var payload []byte
	hdr := make([]byte, frameHeader)
	for at := from; at < size; at += chunk {
		n, _ := s.f.ReadAt(buf, at)
		for i := 0; i+4 <= n; {
			j := bytes.Index(buf[i:n], magic[:])
			if j < 0 {
				break
			}
			cand := at + int64(i+j)
			if _, err := readFrame(io.NewSectionReader(s.f, cand, size-cand), hdr, &payload, size-cand); err == nil {
				return cand
			}
			i += j + 1
		}
	}
	return -1
}

// apply records where the values of a frame's records lie; base is the
// offset of the payload in the log.
func (s *store) apply(p []byte, base int64) error {
	// Check the whole frame before recording any of it.
	if err := eachRecord(p, func(bucket, []byte, int, int, bool) {}); err != nil {
		return err
	}
	return eachRecord(p, func(b bucket, key []byte, at, n int, del bool) {
		s.set(b, string(key), span{base + int64(at), uint32(n)}, del)
	})
}

// set records the new location of key in bucket; s.mu must be held or the
// store not yet shared.
func (s *store) set(b bucket, key string, sp span, del bool) {
	m := s.live[b]
	if old, ok := m[key]; ok {
		s.dead += int64(old.n)
	}
	if del {
		delete(m, key)
		return
	}
	m[key] = sp
}

// eachRecord calls fn with every record of a frame's payload: its bucket,
// key, the offset and length of its value in p, and whether it is a delete.
func eachRecord(p []byte, fn func(b bucket, key []byte, at, n int, del bool)) error {
	bad := func(what string, at int) error { return fmt.Errorf("%w: %s at %d in a frame", errCorrupt, what, at) }
	for i := 0; i < len(p); {
		b := bucket(p[i])
		if b >= numBuckets {
			return bad("bucket", i)
		}
		i++
		kl, k := binary.Uvarint(p[i:])
		if k <= 0 || kl > uint64(len(p)-i-k) {
			return bad("key", i)
		}
		i += k
		key := p[i : i+int(kl)]
		i += int(kl)
		vl, k := binary.Uvarint(p[i:])
		if k <= 0 || vl > uint64(len(p)-i-k)+1 {
			return bad("value", i)
		}
		i += k
		if vl == 0 {
			fn(b, key, i, 0, true)
			continue
		}
		fn(b, key, i, int(vl-1), false)
		i += int(vl - 1)
	}
	return nil
}

// compact rewrites the log with the live values only, in the order they
// had, and replaces the file with it.
func (s *store) compact() error {
	tmp := s.path + ".compact"
	out, err := openStoreFile(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	type kv struct {
		b   bucket
		key string
		sp  span
	}
	var all []kv
	for b, m := range s.live {
		for k, sp := range m {
			all = append(all, kv{bucket(b), k, sp})
		}
	}
	slices.SortFunc(all, func(x, y kv) int { return int(x.sp.off - y.sp.off) })
	var recs []record
	var size int
	var value []byte
	flush := func() error {
		err := out.write(recs)
		recs, size = recs[:0], 0
		return err
	}
	for _, r := range all {
		if value, err = s.read(r.sp, value); err != nil {
			out.close()
			return err
		}
		recs = append(recs, record{r.b, r.key, bytes.Clone(value)})
		if size += len(value); size >= 4<<20 {
			if err := flush(); err != nil {
				out.close()
				return err
			}
		}
	}
	if err := flush(); err != nil {
		out.close()
		return err
	}
	if err := out.close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(s.path)); err != nil {
		return err
	}
	s.f.Close()
	for b := range s.live {
		s.live[b] = map[string]span{}
	}
	s.dead = 0
	return s.openFile()
}

// openStoreFile creates a new, empty log at path, without a lock (for
// compact and migrations, which write a file no one else knows yet).
func openStoreFile(path string) (*store, error) {
	os.Remove(path)
	s := &store{path: path}
	for b := range s.live {
		s.live[b] = map[string]span{}
	}
	if err := s.openFile(); err != nil {
		if s.f != nil {
			s.f.Close()
		}
		return nil, err
	}
	return s, nil
}

func (s *store) close() error {
	var err error
	if s.f != nil {
		err = s.f.Close()
	}
	if s.lock != nil {
		unlockFile(s.lock)
	}
	return err
}

// record is one key's new value in a bucket; a nil value deletes the key.
type record struct {
	bucket bucket
	key    string
	value  []byte
}

// write appends the records to the log in one frame (several if they
// exceed maxFrame) and syncs the file. On error nothing is recorded: the
// next write starts where the failed one did, and Open cuts off what a
// failed write left past the last good frame.
func (s *store) write(recs []record) error {
	if len(recs) == 0 {
		return nil
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	type placed struct {
		b   bucket
		key string
		sp  span // off: in buf until the frame is written, then in the log
		del bool
	}
	spans := make([]placed, 0, len(recs))
	at := s.end
	buf := make([]byte, frameHeader, frameHeader+64<<10)
	first := 0 // the first record of the frame in buf
	emit := func() error {
		binary.LittleEndian.PutUint32(buf, frameMagic)
		binary.LittleEndian.PutUint32(buf[4:], uint32(len(buf)-frameHeader))
		binary.LittleEndian.PutUint32(buf[8:], crc32.Checksum(buf[frameHeader:], crcTable))
		if _, err := s.f.WriteAt(buf, at); err != nil {
			return err
		}
		for i := first; i < len(spans); i++ {
			spans[i].sp.off += at
		}
		at += int64(len(buf))
		buf, first = buf[:frameHeader], len(spans)
		return nil
	}
	for _, r := range recs {
		size := 1 + 2*binary.MaxVarintLen64 + len(r.key) + len(r.value)
		if len(buf) > frameHeader && len(buf)-frameHeader+size > maxFrame {
			if err := emit(); err != nil {
				return s.failed(err)
			}
		}
		buf = append(buf, byte(r.bucket))
		buf = binary.AppendUvarint(buf, uint64(len(r.key)))
		buf = append(buf, r.key...)
		if r.value == nil {
			buf = binary.AppendUvarint(buf, 0)
			spans = append(spans, placed{b: r.bucket, key: r.key, del: true})
			continue
		}
		buf = binary.AppendUvarint(buf, uint64(len(r.value))+1)
		spans = append(spans, placed{b: r.bucket, key: r.key, sp: span{int64(len(buf)), uint32(len(r.value))}})
		buf = append(buf, r.value...)
	}
	if err := emit(); err != nil {
		return s.failed(err)
	}
	if err := s.f.Sync(); err != nil {
		return s.failed(err)
	}
	s.mu.Lock()
	for _, p := range spans {
		s.set(p.b, p.key, p.sp, p.del)
	}
	s.end = at
	s.mu.Unlock()
	return nil
}

// failed undoes what a failed write left past the end of the log, as far
// as it can, and returns err.
func (s *store) failed(err error) error {
	s.f.Truncate(s.end)
	return fmt.Errorf("write document store: %w", err)
}

// read returns the value at sp, in buf if it is large enough.
func (s *store) read(sp span, buf []byte) ([]byte, error) {
	if buf == nil || cap(buf) < int(sp.n) {
		buf = make([]byte, sp.n)
	}
	buf = buf[:sp.n]
	if _, err := s.f.ReadAt(buf, sp.off); err != nil {
		return nil, fmt.Errorf("read document store at %d: %w", sp.off, err)
	}
	return buf, nil
}

// get returns a copy of the value of key in bucket, or nil.
func (s *store) get(b bucket, key string) ([]byte, error) {
	s.mu.RLock()
	sp, ok := s.live[b][key]
	s.mu.RUnlock()
	if !ok {
		return nil, nil
	}
	return s.read(sp, nil)
}

// each calls fn with every key and value of bucket, in the order they were
// written. The value is only valid during the call.
func (s *store) each(b bucket, fn func(k string, v []byte) error) error {
	type kv struct {
		key string
		sp  span
	}
	s.mu.RLock()
	all := make([]kv, 0, len(s.live[b]))
	for k, sp := range s.live[b] {
		all = append(all, kv{k, sp})
	}
	s.mu.RUnlock()
	slices.SortFunc(all, func(x, y kv) int { return int(x.sp.off - y.sp.off) })
	var buf []byte
	for _, r := range all {
		v, err := s.read(r.sp, buf)
		if err != nil {
			return err
		}
		buf = v
		if err := fn(r.key, v); err != nil {
			return err
		}
	}
	return nil
}

// size returns the bytes of the log and how many of them are values
// replaced or deleted.
func (s *store) size() (total, dead int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.end, s.dead
}

// memFile is a log held in memory.
type memFile struct {
	mu sync.RWMutex
	b  []byte
}

func (m *memFile) ReadAt(p []byte, off int64) (int, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if off >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (m *memFile) WriteAt(p []byte, off int64) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if end := off + int64(len(p)); end > int64(len(m.b)) {
		m.b = slices.Grow(m.b, int(end)-len(m.b))[:end]
	}
	return copy(m.b[off:], p), nil
}

func (m *memFile) Truncate(size int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if size < int64(len(m.b)) {
		m.b = m.b[:size]
	}
	return nil
}

func (m *memFile) Sync() error  { return nil }
func (m *memFile) Close() error { return nil }

// syncDir syncs a directory, so that a file created or renamed in it
// survives a crash.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
