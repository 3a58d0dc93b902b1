package indexer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"vigie"
)

// storeContents returns every key and value of the store, by bucket.
func storeContents(t *testing.T, s *store) map[bucket]map[string]string {
	t.Helper()
	out := map[bucket]map[string]string{}
	for b := range numBuckets {
		out[b] = map[string]string{}
		if err := s.each(b, func(k string, v []byte) error {
			out[b][k] = string(v)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func mustOpenStore(t *testing.T, path string) *store {
	t.Helper()
	s, err := openStore(path)
	if err != nil {
		t.Fatalf("openStore(%s): %v", path, err)
	}
	return s
}

func mustWrite(t *testing.T, s *store, recs ...record) {
	t.Helper()
	if err := s.write(recs); err != nil {
		t.Fatal(err)
	}
}

func TestStoreReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), storeFile)
	s := mustOpenStore(t, path)
	mustWrite(t, s,
		record{bucketDocs, "a", []byte("meta a")},
		record{bucketText, "a", []byte("text a")},
		record{bucketDocs, "b", []byte("meta b")},
		record{bucketConfig, "schema", []byte("v1")})
	mustWrite(t, s,
		record{bucketDocs, "a", []byte("meta a, second version")},
		record{bucketDocs, "b", nil},
		record{bucketDocs, "c", []byte{}},
		record{bucketText, "gone", nil})
	want := map[bucket]map[string]string{
		bucketDocs:   {"a": "meta a, second version", "c": ""},
		bucketText:   {"a": "text a"},
		bucketConfig: {"schema": "v1"},
	}
	if got := storeContents(t, s); !reflect.DeepEqual(got, want) {
		t.Fatalf("store = %v, want %v", got, want)
	}
	if v, err := s.get(bucketDocs, "b"); v != nil || err != nil {
		t.Errorf("get(deleted) = %q, %v, want nil", v, err)
	}
	if v, err := s.get(bucketDocs, "c"); v == nil || len(v) != 0 || err != nil {
		t.Errorf("get(empty value) = %#v, %v, want an empty value", v, err)
	}
	_, dead := s.size()
	if dead != int64(len("meta a")+len("meta b")) {
		t.Errorf("dead bytes = %d, want %d", dead, len("meta a")+len("meta b"))
	}
	if err := s.close(); err != nil {
		t.Fatal(err)
	}
	s = mustOpenStore(t, path)
	defer s.close()
	if got := storeContents(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after reopening: store = %v, want %v", got, want)
	}
	if len(s.repairs) != 0 {
		t.Errorf("repairs of a sound store: %v", s.repairs)
	}
	var order []string
	s.each(bucketDocs, func(k string, _ []byte) error { order = append(order, k); return nil })
	if !reflect.DeepEqual(order, []string{"a", "c"}) {
		t.Errorf("each order = %v, want the order of the last writes", order)
	}
}

// TestStoreTornWrite: a crash in the middle of a write leaves part of a
// frame at the end of the log; Open cuts it off and keeps everything
// acknowledged before it.
func TestStoreTornWrite(t *testing.T) {
	for _, cut := range []int{1, frameHeader - 1, frameHeader, frameHeader + 3, -1} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), storeFile)
			s := mustOpenStore(t, path)
			mustWrite(t, s, record{bucketDocs, "kept", []byte("acknowledged")})
			end, _ := s.size()
			mustWrite(t, s, record{bucketDocs, "torn", []byte(strings.Repeat("x", 100))})
			s.close()
			full, _ := os.Stat(path)
			size := end + int64(cut)
			if cut < 0 { // the whole frame but its last byte
				size = full.Size() - 1
			}
			if err := os.Truncate(path, size); err != nil {
				t.Fatal(err)
			}
			s = mustOpenStore(t, path)
			want := map[string]string{"kept": "acknowledged"}
			if got := storeContents(t, s)[bucketDocs]; !reflect.DeepEqual(got, want) {
				t.Errorf("after a torn write: %v, want %v", got, want)
			}
			if len(s.repairs) != 1 || !strings.Contains(s.repairs[0], "unfinished write") {
				t.Errorf("repairs = %q, want one unfinished write", s.repairs)
			}
			mustWrite(t, s, record{bucketDocs, "later", []byte("after the crash")})
			s.close()
			s = mustOpenStore(t, path)
			defer s.close()
			want["later"] = "after the crash"
			if got := storeContents(t, s)[bucketDocs]; !reflect.DeepEqual(got, want) {
				t.Errorf("writing after the repair: %v, want %v", got, want)
			}
			if len(s.repairs) != 0 {
				t.Errorf("repairs after the log was cut: %q", s.repairs)
			}
		})
	}
}

// TestStoreDamagedFrame: a damaged frame before the end of the log loses
// its own records only, and says so.
func TestStoreDamagedFrame(t *testing.T) {
	path := filepath.Join(t.TempDir(), storeFile)
	s := mustOpenStore(t, path)
	mustWrite(t, s, record{bucketDocs, "one", []byte("first")})
	start, _ := s.size()
	mustWrite(t, s, record{bucketDocs, "two", []byte("second")}, record{bucketDocs, "one", []byte("first, replaced")})
	mustWrite(t, s, record{bucketDocs, "three", []byte("third")})
	s.close()
	for name, at := range map[string]int64{"payload": start + frameHeader + 4, "length": start + 4} {
		t.Run(name, func(t *testing.T) {
			damaged := filepath.Join(t.TempDir(), storeFile)
			b, _ := os.ReadFile(path)
			b[at] ^= 0x5a
			if err := os.WriteFile(damaged, b, 0o644); err != nil {
				t.Fatal(err)
			}
			s := mustOpenStore(t, damaged)
			defer s.close()
			want := map[string]string{"one": "first", "three": "third"}
			if got := storeContents(t, s)[bucketDocs]; !reflect.DeepEqual(got, want) {
				t.Errorf("after damage to the second frame: %v, want %v", got, want)
			}
			if len(s.repairs) != 1 || !strings.Contains(s.repairs[0], "damaged bytes") {
				t.Errorf("repairs = %q, want one damaged stretch", s.repairs)
			}
		})
	}
}

func TestStoreNotALog(t *testing.T) {
	path := filepath.Join(t.TempDir(), storeFile)
	if err := os.WriteFile(path, []byte("<html>not a log</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := openStore(path); err == nil || !strings.Contains(err.Error(), "not a Vigie document log") {
		t.Errorf("openStore(HTML file) = %v, want a clear error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "<html>not a log</html>" {
		t.Errorf("a file that is not a log was changed: %q", b)
	}
}

func TestStoreCompaction(t *testing.T) {
	path := filepath.Join(t.TempDir(), storeFile)
	s := mustOpenStore(t, path)
	big := strings.Repeat("v", 1000)
	for i := range 50 {
		mustWrite(t, s, record{bucketText, "k", []byte(fmt.Sprint(i, big))}, record{bucketDocs, fmt.Sprint("doc", i%5), []byte(fmt.Sprint(i))})
	}
	want := storeContents(t, s)
	before, dead := s.size()
	s.close()
	s, err := openStoreCompacting(path, 1000)
	if err != nil {
		t.Fatal(err)
	}
	after, deadAfter := s.size()
	if after >= before-dead/2 || deadAfter != 0 {
		t.Errorf("compaction: %d bytes (%d dead) became %d (%d dead)", before, dead, after, deadAfter)
	}
	if got := storeContents(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("after compaction: %v, want %v", got, want)
	}
	s.close()
	if fi, _ := os.Stat(path); fi.Size() != after {
		t.Errorf("file of %d bytes, log of %d", fi.Size(), after)
	}
	if _, err := os.Stat(path + ".compact"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the compacted copy was left behind: %v", err)
	}
	s = mustOpenStore(t, path)
	defer s.close()
	if got := storeContents(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("reopened after compaction: %v, want %v", got, want)
	}
}

// failingFile fails its writes or syncs on demand.
type failingFile struct {
	memFile
	failWrite, failSync bool
}

func (f *failingFile) WriteAt(p []byte, off int64) (int, error) {
	if f.failWrite {
		n, _ := f.memFile.WriteAt(p[:len(p)/2], off) // half a frame reaches the disk
		return n, errors.New("no space left on device")
	}
	return f.memFile.WriteAt(p, off)
}

func (f *failingFile) Sync() error {
	if f.failSync {
		return errors.New("input/output error")
	}
	return nil
}

func TestStoreFailedWrite(t *testing.T) {
	s := mustOpenStore(t, "")
	f := &failingFile{}
	f.memFile.b = append([]byte(nil), s.f.(*memFile).b...)
	s.f = f
	mustWrite(t, s, record{bucketDocs, "a", []byte("first")})
	for _, fail := range []string{"write", "sync"} {
		f.failWrite, f.failSync = fail == "write", fail == "sync"
		err := s.write([]record{{bucketDocs, "a", []byte("lost")}, {bucketDocs, "b", []byte("lost")}})
		if err == nil {
			t.Fatalf("%s failure: write succeeded", fail)
		}
		if got := storeContents(t, s)[bucketDocs]; !reflect.DeepEqual(got, map[string]string{"a": "first"}) {
			t.Errorf("after a failed %s: %v", fail, got)
		}
	}
	f.failWrite, f.failSync = false, false
	mustWrite(t, s, record{bucketDocs, "b", []byte("second")})
	want := map[string]string{"a": "first", "b": "second"}
	if got := storeContents(t, s)[bucketDocs]; !reflect.DeepEqual(got, want) {
		t.Errorf("after recovering: %v, want %v", got, want)
	}
	// What the failed writes left is read back as the log on disk would be.
	s2 := &store{f: &memFile{b: f.memFile.b}}
	for b := range s2.live {
		s2.live[b] = map[string]span{}
	}
	if err := s2.scan(int64(len(f.memFile.b))); err != nil {
		t.Fatal(err)
	}
	if got := storeContents(t, s2)[bucketDocs]; !reflect.DeepEqual(got, want) {
		t.Errorf("log read back: %v, want %v", got, want)
	}
}

func TestOpenLocked(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix2, err := Open(dir); err == nil || !errors.Is(err, errStoreLocked) {
		if err == nil {
			ix2.Close()
		}
		t.Fatalf("second Open of an open index = %v, want %v", err, errStoreLocked)
	}
}

// TestMigrateBolt opens an index whose documents are in the bbolt store of
// earlier versions: they are moved into the log, with nothing lost.
func TestMigrateBolt(t *testing.T) {
	ctx := context.Background()
	src := t.TempDir()
	ix, err := Open(src)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*vigie.Document{recordDoc(1), recordDoc(2), recordDoc(3)}
	if err := ix.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	want := make([]*vigie.Document, len(docs))
	for i, d := range docs {
		if want[i], err = ix.Get(ctx, d.ID); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	db, err := bolt.Open(filepath.Join(dir, "docs.db"), 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, bb := range boltBuckets {
			bk, err := tx.CreateBucket([]byte(bb.name))
			if err != nil {
				return err
			}
			if err := ix.store.each(bb.b, func(k string, v []byte) error { return bk.Put([]byte(k), bytes.Clone(v)) }); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	ix.Close()
	if err != nil {
		t.Fatal(err)
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatalf("Open(bbolt store) = %v", err)
	}
	defer ix.Close()
	if ix.rebuilt != true {
		t.Error("bleve was not built from the migrated store")
	}
	for _, w := range want {
		got, err := ix.Get(ctx, w.ID)
		if err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Get(%s) after migration = %+v, %v, want %+v", w.ID, got, err, w)
		}
	}
	if n, _ := ix.Count(); n != uint64(len(docs)) {
		t.Errorf("Count after migration = %d, want %d", n, len(docs))
	}
	if _, err := os.Stat(filepath.Join(dir, "docs.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the bbolt file is still there after migration: %v", err)
	}
}

func FuzzStoreScan(f *testing.F) {
	s := mustOpenStoreF(f)
	s.write([]record{{bucketDocs, "a", []byte("one")}, {bucketText, "a", nil}})
	s.write([]record{{bucketConfig, "schema", []byte("v")}})
	f.Add(s.f.(*memFile).b[len(logMagic):])
	f.Add([]byte(logMagic + "\x52\x46\x47\x56\xff\xff\xff\x7f"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s := &store{f: &memFile{b: append([]byte(logMagic), b...)}}
		for b := range s.live {
			s.live[b] = map[string]span{}
		}
		if err := s.scan(int64(len(logMagic) + len(b))); err != nil {
			t.Fatalf("scan: %v", err)
		}
		for bk := range numBuckets {
			if err := s.each(bk, func(string, []byte) error { return nil }); err != nil {
				t.Fatalf("each after scan: %v", err)
			}
		}
	})
}

func mustOpenStoreF(f *testing.F) *store {
	s, err := openStore("")
	if err != nil {
		f.Fatal(err)
	}
	return s
}
