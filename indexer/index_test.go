package indexer

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"

	"vigie"
)

func mustOpenMem(tb testing.TB) *Index {
	tb.Helper()
	ix, err := OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func TestPutGetReplaceDelete(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	d := &vigie.Document{URL: "https://exemple.fr/a", Title: "Signature à Dôle", Text: "Le contrat est signé.", ContentHash: "h1"}
	if err := ix.Put(ctx, d); err != nil {
		t.Fatal(err)
	}
	id := vigie.DocumentID(d.URL)
	got, err := ix.Get(ctx, id)
	if err != nil || got.Title != d.Title {
		t.Fatalf("Get(%q) = %v, %v", id, got, err)
	}
	d2 := *d
	d2.ID, d2.Title = id, "Titre corrigé"
	if err := ix.Put(ctx, &d2); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 1 {
		t.Errorf("Count after re-index = %d, want 1", n)
	}
	if got, _ := ix.Get(ctx, id); got.Title != "Titre corrigé" {
		t.Errorf("Get after re-index: title %q", got.Title)
	}
	if err := ix.MarkGone(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Get(ctx, id); !got.Gone {
		t.Error("MarkGone did not mark the document")
	}
	if err := ix.MarkGone(ctx, "nope"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("MarkGone(unknown) = %v, want ErrNotFound", err)
	}
	if err := ix.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Get(ctx, id); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("Get after Delete = %v, want ErrNotFound", err)
	}
	if n, _ := ix.Count(); n != 0 {
		t.Errorf("Count after Delete = %d, want 0", n)
	}
	if err := ix.Put(ctx, &vigie.Document{Title: "sans url"}); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("Put without id or url = %v, want ErrInvalid", err)
	}
}

func TestReopenKeepsDocumentsAndRebuilds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	docs := []*vigie.Document{
		{URL: "https://a.fr/1", Title: "Un", Text: "réindustrialisation du territoire", ContentHash: "1"},
		{URL: "https://a.fr/2", Title: "Deux", Text: "autre chose", ContentHash: "2"},
	}
	if err := ix.Put(ctx, docs...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 2 {
		t.Fatalf("Count after reopen = %d, want 2", n)
	}
	bl, _ := ix.bl.DocCount()
	if bl != 2 {
		t.Errorf("bleve DocCount after reopen = %d, want 2", bl)
	}
	if ix.rebuilt {
		t.Error("Open rebuilt a bleve index that was closed cleanly: Close lost its last batches")
	}
}

func TestExactDuplicateIndexedOnce(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	a := &vigie.Document{URL: "https://a.fr/x", Title: "Même", Text: "même texte", ContentHash: "same"}
	b := &vigie.Document{URL: "https://b.fr/y", Title: "Même", Text: "même texte", ContentHash: "same"}
	if err := ix.Put(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, b); err != nil {
		t.Fatal(err)
	}
	got, _ := ix.Get(ctx, vigie.DocumentID(b.URL))
	if got.DuplicateOf != vigie.DocumentID(a.URL) {
		t.Errorf("DuplicateOf = %q, want %q", got.DuplicateOf, vigie.DocumentID(a.URL))
	}
	if n, _ := ix.bl.DocCount(); n != 1 {
		t.Errorf("bleve DocCount = %d, want 1 (exact copies indexed once)", n)
	}
}

func TestParseDateRange(t *testing.T) {
	tests := []struct {
		in   string
		want DateRange
		ok   bool
	}{
		{"2024-05-27", DateRange{20240527, 20240527}, true},
		{"2019-03", DateRange{20190301, 20190331}, true},
		{"2024-02", DateRange{20240201, 20240229}, true},
		{"2019", DateRange{20190101, 20191231}, true},
		{"2024-05-27T10:00:00Z", DateRange{20240527, 20240527}, true},
		{"--12-18", DateRange{}, false},
		{"2019-13", DateRange{}, false},
		{"2019-02-30", DateRange{}, false},
		{"hier", DateRange{}, false},
		{"", DateRange{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDateRange(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDateRange(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if r, ok := EventDate("--12-18", "2023-12-20"); !ok || r.Min != 20231218 {
		t.Errorf("EventDate(--12-18, 2023-12-20) = %v, %v", r, ok)
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Hauts-de-France":         "hauts de france",
		"  Côte-d’Or ":            "cote d or",
		"Bourgogne–Franche-Comté": "bourgogne franche comte",
		"CŒUR":                    "coeur",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMatchAfterBackgroundMapping checks that a query answers from the last
// mapped snapshot while a large new segment is mapped in the background,
// and sees the new documents once it is.
func TestMatchAfterBackgroundMapping(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	ix.syncMapDocs = 0
	count := func() int {
		n := 0
		if err := ix.Match(ctx, query.NewMatchAllQuery(), false, func(*Table, uint32, float64) { n++ }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := ix.Put(ctx, &vigie.Document{URL: "https://a.example/1", Text: "un"}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Fatalf("first query: %d matches, want 1", n)
	}
	if err := ix.Put(ctx, &vigie.Document{URL: "https://a.example/2", Text: "deux"}); err != nil {
		t.Fatal(err)
	}
	n := count() // answered by the previous snapshot, or the new one if already mapped
	if n != 1 && n != 2 {
		t.Fatalf("second query: %d matches", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for count() != 2 {
		if time.Now().After(deadline) {
			t.Fatal("the new document never became searchable")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSplitMatchAgrees checks that a search split in document ranges finds
// the same documents with the same scores as one search, for every kind of
// query, on an index of several segments.
func TestSplitMatchAgrees(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	for i := 0; i < 300; i += 50 { // one bleve segment per Put
		docs := make([]*vigie.Document, 0, 50)
		for n := i; n < i+50; n++ {
			docs = append(docs, benchDoc(n))
		}
		if err := ix.Put(ctx, docs...); err != nil {
			t.Fatal(err)
		}
	}
	phrase := query.NewPhraseQuery([]string{"territoir", "region"}, FieldText)
	term := query.NewTermQuery("industri")
	term.SetField(FieldText)
	rare := query.NewTermQuery("100007")
	rare.SetField(FieldText)
	not := query.NewBooleanQuery([]query.Query{term}, nil, []query.Query{phrase})
	queries := map[string]query.Query{
		"all": query.NewMatchAllQuery(), "term": term, "rare": rare, "phrase": phrase, "not": not,
		"and": query.NewConjunctionQuery([]query.Query{term, phrase}),
		"or":  query.NewDisjunctionQuery([]query.Query{rare, phrase}),
	}
	run := func(q query.Query, parts int) map[uint32]float64 { return splitMatch(t, ix, q, parts) }
	for name, q := range queries {
		want := run(q, 1)
		if len(want) == 0 || name != "all" && name != "term" && len(want) == 300 {
			t.Fatalf("%s: %d matches of 300, a useless test query", name, len(want))
		}
		for _, parts := range []int{2, 3, 7} {
			got := run(q, parts)
			if len(got) != len(want) {
				t.Errorf("%s in %d ranges: %d matches, want %d", name, parts, len(got), len(want))
				continue
			}
			for o, s := range want {
				if g, ok := got[o]; !ok || g != s {
					t.Errorf("%s in %d ranges: document %d scored %v (found %v), want %v", name, parts, o, g, ok, s)
					break
				}
			}
		}
	}
}

// TestPhraseQueryAgreesWithBleve checks that PhraseQuery finds the
// documents bleve's phrase query finds, with the same scores.
func TestPhraseQueryAgreesWithBleve(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	var docs []*vigie.Document
	for n := range 200 {
		docs = append(docs, benchDoc(n))
	}
	if err := ix.Put(ctx, docs[:120]...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(ctx, docs[120:]...); err != nil {
		t.Fatal(err)
	}
	phrases := [][]string{
		{"territoir", "region"},
		{"contrat", "contrat"},
		{"dole", "", "euro"}, // "Dole, 3 euros": a gap
		{"territoir", "", "industri"},
		{"region", "territoir"},
		{"", "commune", "signatur"},
		{"signatur", "nulle"},
	}
	matched := 0
	for _, ph := range phrases {
		for _, f := range []string{FieldText, FieldTitle} {
			want, got := map[uint32]float64{}, map[uint32]float64{}
			bq := query.NewPhraseQuery(ph, f)
			bq.SetBoost(2)
			q := NewPhraseQuery(ph, f)
			q.SetBoost(2)
			for _, run := range []struct {
				q   query.Query
				out map[uint32]float64
			}{{bq, want}, {q, got}} {
				if err := ix.Match(ctx, run.q, true, func(_ *Table, o uint32, s float64) { run.out[o] = s }); err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != len(want) {
				t.Errorf("%q in %s: %d matches, bleve %d", ph, f, len(got), len(want))
				continue
			}
			matched += len(want)
			for o, s := range want {
				if g := got[o]; g != s {
					t.Errorf("%q in %s: document %d scored %v, bleve %v", ph, f, o, g, s)
					break
				}
			}
		}
	}
	if matched == 0 {
		t.Fatal("no phrase matched: a useless test")
	}
}

// TestMerge checks that Merge leaves no more segments than the merge policy
// allows, where a load of small batches leaves many, and that every
// document is still found.
func TestMerge(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for n := range 60 { // one bleve segment per Put
		if err := ix.Put(ctx, benchDoc(n)); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.flush(); err != nil {
		t.Fatal(err)
	}
	before, err := segmentCount(scorchOf(t, ix))
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Merge(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := segmentCount(scorchOf(t, ix))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d segments before Merge, %d after", before, after)
	if after > mergeSegmentsPerTier {
		t.Errorf("%d segments after Merge, want at most %d", after, mergeSegmentsPerTier)
	}
	term := query.NewTermQuery("industri")
	term.SetField(FieldText)
	found := 0
	if err := ix.Match(ctx, term, false, func(*Table, uint32, float64) { found++ }); err != nil {
		t.Fatal(err)
	}
	if found != 60 {
		t.Errorf("after Merge, %d documents match, want 60", found)
	}
	mem := mustOpenMem(t)
	if err := mem.Merge(ctx); err != nil {
		t.Errorf("Merge in memory: %v", err)
	}
}

// splitMatch returns the score of every match of q, the search split in
// parts document ranges.
func splitMatch(t *testing.T, ix *Index, q query.Query, parts int) map[uint32]float64 {
	t.Helper()
	ix.splitDocs, ix.splitParts = 1, parts
	got := map[uint32]float64{}
	if err := ix.Match(context.Background(), q, true, func(_ *Table, o uint32, s float64) { got[o] = s }); err != nil {
		t.Fatal(err)
	}
	return got
}

// scorchOf returns the bleve scorch index under ix.
func scorchOf(t *testing.T, ix *Index) *scorch.Scorch {
	t.Helper()
	adv, err := ix.bl.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("bleve index %T is not scorch", adv)
	}
	return sc
}
