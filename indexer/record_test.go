package indexer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gojson "github.com/goccy/go-json"

	"vigie"
)

// recordDoc returns a document with every kind of field filled and a text
// long enough for a MinHash signature.
func recordDoc(n int) *vigie.Document {
	var text strings.Builder
	for i := range 60 {
		fmt.Fprintf(&text, "Le contrat %d-%d de la commune %d-%d a été signé à Dole. ", n, i, i, n)
	}
	dole := vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Code: "39198", Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	return &vigie.Document{
		ID:          vigie.DocumentID(fmt.Sprintf("https://exemple.fr/%d", n)),
		URL:         fmt.Sprintf("https://exemple.fr/%d", n),
		Site:        "exemple.fr",
		Title:       fmt.Sprintf("Signature du contrat %d à Dole", n),
		Text:        text.String(),
		Published:   "2024-05-27",
		FetchedAt:   time.Date(2024, 5, 28, 10, 0, 0, 0, time.UTC),
		ContentHash: fmt.Sprintf("hash-%d", n),
		IsSigning:   true,
		Events: []vigie.Event{{Date: "2024-05-26", Place: "Dole", PlaceRef: &dole, Agreement: "contrat de relance", Type: "contrat",
			Signatories: []vigie.Signatory{{Name: "Marie Exemple", Role: "maire", Org: "Ville de Dole"}}}},
		Persons: []string{"Marie Exemple"},
		Places:  []vigie.Place{dole},
		Orgs:    []string{"Ville de Dole"},
		Dates:   []string{"2024-05-26"},
		Mentions: []vigie.Mention{
			{Kind: vigie.MentionPlace, Start: 59, End: 63, Value: "Dole"},
			{Kind: vigie.MentionDate, Start: 3, End: 10, Value: "2024-05-26"},
			{Kind: vigie.MentionPerson, Start: 70, End: 75, Value: "Marie Exemple"},
			{Kind: vigie.MentionOrg, Start: 80, End: 90, Value: "Ville de Dole"},
		},
	}
}

func TestMentionsRoundTrip(t *testing.T) {
	text := "Signé à Dole le 26 mai par Marie Exemple (Ville de Dole)."
	tests := []struct {
		name string
		ms   []vigie.Mention
	}{
		{"none", nil},
		{"spans", []vigie.Mention{
			{Kind: vigie.MentionPlace, Start: 9, End: 13, Value: "Dole"},
			{Kind: vigie.MentionPerson, Start: 29, End: 42, Value: "Marie Exemple"},
		}},
		{"normalised values and unsorted starts", []vigie.Mention{
			{Kind: vigie.MentionDate, Start: 17, End: 23, Value: "--05-26"},
			{Kind: vigie.MentionPlace, Start: 9, End: 13, Value: "Dole"},
		}},
		{"unknown kind and spans out of the text", []vigie.Mention{
			{Kind: "événement", Start: 0, End: 5, Value: "Signé"},
			{Kind: vigie.MentionOrg, Start: 50, End: 500, Value: "hors texte"},
			{Kind: "", Start: -3, End: -1, Value: ""},
			{Kind: vigie.MentionPlace, Start: 12, End: 9, Value: "à l'envers"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := appendTextMentions(nil, text, tt.ms)
			gotText, ms, err := decodeTextPayload(p)
			if err != nil || gotText != text || !reflect.DeepEqual(ms, tt.ms) {
				t.Fatalf("decode(encode(%v)) = %q, %v, %v", tt.ms, gotText, ms, err)
			}
			// Every truncation fails cleanly.
			for n := range len(p) {
				if _, _, err := decodeTextPayload(p[:n]); !errors.Is(err, errCorrupt) {
					t.Errorf("payload cut at %d of %d bytes: error %v, want a corrupt record error", n, len(p), err)
				}
			}
		})
	}
}

// decodeTextPayload decodes what appendTextMentions wrote.
func decodeTextPayload(p []byte) (string, []vigie.Mention, error) {
	c, err := newCodec()
	if err != nil {
		return "", nil, err
	}
	defer c.close()
	text, ms, has, err := c.decodeText(c.encode(recordTextMentions, p), true)
	if err == nil && !has {
		err = errors.New("record without mentions")
	}
	return text, ms, err
}

// rawRecord returns the stored bytes of key in bucket of the store at dir.
func rawRecord(t *testing.T, dir string, b bucket, key string) []byte {
	t.Helper()
	st, err := openStore(filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	v, err := st.get(b, key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// writeRaw stores records straight into the store at dir.
func writeRaw(t *testing.T, dir string, recs ...record) {
	t.Helper()
	st, err := openStore(filepath.Join(dir, storeFile))
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	if err := st.write(recs); err != nil {
		t.Fatal(err)
	}
}

func TestRecordRoundTrip(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*vigie.Document{recordDoc(1), recordDoc(2), {URL: "https://exemple.fr/court", Title: "Court", Text: "", ContentHash: "c"}}
	docs[2].ID = vigie.DocumentID(docs[2].URL)
	if err := ix.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	sig := ix.t.Lookup(docs[0].ID).Sig
	if sig == nil {
		t.Fatal("no MinHash signature for a long text")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	for b, marker := range map[bucket]byte{bucketDocs: recordZstd, bucketText: recordTextMentions} {
		v := rawRecord(t, dir, b, docs[0].ID)
		if len(v) == 0 || v[0] != marker {
			t.Fatalf("bucket %d record starts with %q, want the marker %#x", b, v[:min(len(v), 4)], marker)
		}
		if b == bucketText && len(v) >= len(docs[0].Text) {
			t.Errorf("text record of %d bytes for %d bytes of text: not compressed", len(v), len(docs[0].Text))
		}
	}

	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, d := range docs {
		got, err := ix.Get(ctx, d.ID)
		if err != nil {
			t.Fatalf("Get(%s) after reopen: %v", d.ID, err)
		}
		if !reflect.DeepEqual(got, d) {
			t.Errorf("Get(%s) after reopen = %+v, want %+v", d.ID, got, d)
		}
		text, err := ix.Text(ctx, d.ID)
		if err != nil || text != d.Text {
			t.Errorf("Text(%s) = %q, %v, want %q", d.ID, text, err, d.Text)
		}
	}
	if got := ix.t.Lookup(docs[0].ID).Sig; !reflect.DeepEqual(got, sig) {
		t.Errorf("signature after reopen = %v, want %v", got, sig)
	}
}

// legacyMeta is the "docs" record of stores written before compression:
// plain JSON with the signature as numbers.
type legacyMeta struct {
	*vigie.Document
	MinHash []uint32 `json:"minhash,omitempty"`
}

func legacyRecords(t *testing.T, d *vigie.Document) []record {
	t.Helper()
	body := *d
	body.Text = ""
	meta, err := json.Marshal(legacyMeta{Document: &body, MinHash: signature(d.Text)})
	if err != nil {
		t.Fatal(err)
	}
	return []record{{bucketDocs, d.ID, meta}, {bucketText, d.ID, []byte(d.Text)}}
}

func TestRecordReadsUncompressedStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	old, dup := recordDoc(1), recordDoc(1)
	dup.URL, dup.ID, dup.ContentHash = "https://ailleurs.fr/1", vigie.DocumentID("https://ailleurs.fr/1"), "autre"
	dup.Text += " Une phrase de plus."
	writeRaw(t, dir, append(legacyRecords(t, old), record{bucketConfig, "schema", []byte("vigie-index-7")})...)

	ix, err := Open(dir)
	if err != nil {
		t.Fatalf("Open(uncompressed store) = %v", err)
	}
	got, err := ix.Get(ctx, old.ID)
	if err != nil || !reflect.DeepEqual(got, old) {
		t.Fatalf("Get(%s) from an uncompressed store = %+v, %v, want %+v", old.ID, got, err, old)
	}
	if text, err := ix.Text(ctx, old.ID); err != nil || text != old.Text {
		t.Errorf("Text(%s) from an uncompressed store = %q, %v", old.ID, text, err)
	}
	if e := ix.t.Lookup(old.ID); e == nil || !reflect.DeepEqual(e.Sig, signature(old.Text)) {
		t.Errorf("legacy signature not loaded: %v", e)
	}
	// The old record's signature still finds near duplicates, and its
	// text was indexed again.
	if err := ix.Put(ctx, dup); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Get(ctx, dup.ID); got.DuplicateOf != old.ID {
		t.Errorf("near duplicate of a legacy document: DuplicateOf = %q, want %q", got.DuplicateOf, old.ID)
	}
	if n, err := ix.bl.DocCount(); err != nil || n != 2 {
		t.Errorf("bleve DocCount = %d, %v, want 2", n, err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// The old record stays as it was until the document is put again;
	// the new one is compressed. Both read back after reopening.
	if v := rawRecord(t, dir, bucketDocs, old.ID); v[0] != '{' {
		t.Errorf("legacy record rewritten: starts with %q", v[:1])
	}
	if v := rawRecord(t, dir, bucketDocs, dup.ID); v[0] != recordZstd {
		t.Errorf("new record starts with %q, want the compressed marker", v[:1])
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, d := range []*vigie.Document{old, dup} {
		if got, err := ix.Get(ctx, d.ID); err != nil || got.Text != d.Text {
			t.Errorf("Get(%s) from a mixed store: %v", d.ID, err)
		}
	}
}

func TestRecordCorrupt(t *testing.T) {
	ctx := context.Background()
	good := recordDoc(1)
	tests := []struct {
		name   string
		bucket bucket
		value  []byte
		atOpen bool // the damage shows when the index opens
	}{
		{"truncated compressed meta", bucketDocs, []byte{recordZstd, 0x28, 0xb5, 0x2f}, true},
		{"garbage after marker", bucketDocs, append([]byte{recordZstd}, "not a zstd frame at all"...), true},
		{"meta neither JSON nor compressed", bucketDocs, []byte("\x01\x02garbage"), true},
		{"broken JSON", bucketDocs, []byte(`{"id":"x","title":`), true},
		{"empty meta", bucketDocs, []byte{}, true},
		{"garbage text after marker", bucketText, append([]byte{recordZstd}, 0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff), false},
		{"text not UTF-8", bucketText, []byte{0xff, 0xfe, 'a'}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.Put(ctx, good); err != nil {
				t.Fatal(err)
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			writeRaw(t, dir, record{tt.bucket, good.ID, tt.value})

			ix, err = Open(dir)
			if tt.atOpen {
				if err == nil {
					ix.Close()
					t.Fatal("Open with a corrupt document record succeeded")
				}
				if !errors.Is(err, errCorrupt) || !strings.Contains(err.Error(), good.ID) {
					t.Errorf("Open error = %v, want a corrupt record error naming %s", err, good.ID)
				}
				return
			}
			if err != nil {
				t.Fatalf("Open = %v", err)
			}
			defer ix.Close()
			if _, err := ix.Get(ctx, good.ID); !errors.Is(err, errCorrupt) {
				t.Errorf("Get with a corrupt text = %v, want a corrupt record error", err)
			}
			if _, err := ix.Text(ctx, good.ID); !errors.Is(err, errCorrupt) {
				t.Errorf("Text with a corrupt text = %v, want a corrupt record error", err)
			}
		})
	}
}

func FuzzDecodeMentions(f *testing.F) {
	text := "Signé à Dole le 26 mai par Marie Exemple."
	f.Add(appendTextMentions(nil, text, recordDoc(1).Mentions)[len(text)+1:])
	f.Add([]byte{1, 3, 0, 8, 0})
	f.Fuzz(func(t *testing.T, p []byte) {
		ms, err := decodeMentions(p, text)
		if err != nil {
			return
		}
		// What decodes encodes to a payload that decodes to the same.
		if got := appendTextMentions(nil, text, ms)[len(text)+1:]; len(ms) > 0 && !reflect.DeepEqual(decodeOrNil(t, got, text), ms) {
			t.Errorf("re-encoding %v does not round trip", ms)
		}
	})
}

func decodeOrNil(t *testing.T, p []byte, text string) []vigie.Mention {
	ms, err := decodeMentions(p, text)
	if err != nil {
		t.Fatalf("decodeMentions of an encoding: %v", err)
	}
	return ms
}

// The store's meta records are read with a faster JSON decoder than the one
// that writes them. On records and on thousands of damaged variants of
// them (cut, bytes changed, spans deleted), it must not panic, and what
// both decoders accept must decode the same.
func TestFastJSONDecoderAgrees(t *testing.T) {
	var records [][]byte
	for i := range 3 {
		p, err := json.Marshal(metaRecord{Document: recordDoc(i), MinHash: []uint32{1, 2, 3}})
		if err != nil {
			t.Fatal(err)
		}
		records = append(records, p)
	}
	records = append(records, []byte(`{"id":"x","places":[{"name":"Dole","kind":"commune"}],"events":null,"x":{"y":[1,2]}}`))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		p := slices.Clone(records[i%len(records)])
		if i >= len(records) {
			switch k := r.IntN(len(p)); r.IntN(3) {
			case 0:
				p = p[:k]
			case 1:
				p[k] = byte(r.IntN(256))
			default:
				p = slices.Delete(p, k, min(len(p), k+1+r.IntN(20)))
			}
		}
		fast := metaRecord{Document: &vigie.Document{}}
		fastErr := gojson.Unmarshal(p, &fast)
		std := metaRecord{Document: &vigie.Document{}}
		if err := json.Unmarshal(p, &std); err != nil || fastErr != nil {
			if err == nil && utf8.Valid(p) {
				t.Fatalf("fast decoder refuses what encoding/json reads: %v\n%s", fastErr, p)
			}
			continue
		}
		if !reflect.DeepEqual(fast, std) {
			t.Fatalf("decoders disagree on %s:\nfast %+v\nstd  %+v", p, fast.Document, std.Document)
		}
	}
}
