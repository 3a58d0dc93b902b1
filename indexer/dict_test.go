package indexer

import (
	"context"
	"reflect"
	"testing"

	"github.com/klauspost/compress/zstd"

	"vigie"
)

// frameDict returns the dictionary ID named by the zstd frame of a record.
func frameDict(t *testing.T, v []byte) uint32 {
	t.Helper()
	var h zstd.Header
	if err := h.Decode(v[1:]); err != nil {
		t.Fatalf("record is not a zstd frame: %v", err)
	}
	return h.DictionaryID
}

// TestDictionaries: once the index holds trainDocs documents it trains its
// compression dictionaries; later records use them and are smaller, and
// records from before and after read back alike, across reopening.
func TestDictionaries(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.trainDocs = 40
	var docs []*vigie.Document
	for i := range 40 {
		docs = append(docs, recordDoc(i))
	}
	if err := ix.Put(ctx, docs[:30]...); err != nil {
		t.Fatal(err)
	}
	if ix.trained {
		t.Fatal("training started under trainDocs documents")
	}
	if err := ix.Put(ctx, docs[30:]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil { // waits for the training
		t.Fatal(err)
	}
	if ix.trainErr != nil {
		t.Fatalf("training: %v", ix.trainErr)
	}
	before := rawRecord(t, dir, bucketText, docs[0].ID)
	if id := frameDict(t, before); id != 0 {
		t.Fatalf("a record written before training names dictionary %d", id)
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if ix.codec.dicts.Load() == nil {
		t.Fatal("the dictionaries were not loaded from the store")
	}
	later := recordDoc(1000)
	if err := ix.Put(ctx, later); err != nil {
		t.Fatal(err)
	}
	want := map[string]*vigie.Document{}
	for _, d := range append(docs, later) {
		got, err := ix.Get(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		want[d.ID] = got
	}
	if got, _ := ix.Get(ctx, later.ID); got.Text != later.Text || !reflect.DeepEqual(got.Mentions, later.Mentions) || !reflect.DeepEqual(got.Events, later.Events) {
		t.Errorf("document written with the dictionaries reads back as %+v", got)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	for _, b := range []bucket{bucketDocs, bucketText} {
		after := rawRecord(t, dir, b, later.ID)
		if frameDict(t, after) == 0 {
			t.Errorf("bucket %d: a record written after training names no dictionary", b)
		}
		plain, err := newCodec()
		if err != nil {
			t.Fatal(err)
		}
		marker := recordZstd
		payload := []byte(nil)
		ix2, _ := OpenMem()
		if b == bucketText {
			marker, payload = recordTextMentions, appendTextMentions(nil, later.Text, later.Mentions)
		} else {
			m, err := ix2.encodeMeta(later, signature(later.Text))
			if err != nil {
				t.Fatal(err)
			}
			payload, _ = ix2.codec.decodeMeta(nil, m)
		}
		ix2.Close()
		if without := plain.encode(marker, payload); len(after) >= len(without) {
			t.Errorf("bucket %d: %d bytes with the dictionary, %d without", b, len(after), len(without))
		}
		plain.close()
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for id, w := range want {
		if got, err := ix.Get(ctx, id); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("Get(%s) after reopening = %+v, %v, want %+v", id, got, err, w)
		}
	}
}
