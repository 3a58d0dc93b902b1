package indexer

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"vigie"
)

// pressRelease returns a text of about 150 words about subject.
func pressRelease(subject string) string {
	var b strings.Builder
	for i := range 12 {
		fmt.Fprintf(&b, "Phrase %d du communiqué sur %s : les élus du territoire ont présenté le projet numéro %d aux habitants. ", i, subject, i*7)
	}
	return b.String()
}

func TestNearDuplicates(t *testing.T) {
	ctx := context.Background()
	ix := mustOpenMem(t)
	orig := pressRelease("la déclaration de Béthune")
	edited := strings.Replace(orig, "Phrase 3 du communiqué", "Troisième paragraphe repris par notre rédaction", 1) + " Photo : DR."
	var ob strings.Builder
	for i := range 15 {
		fmt.Fprintf(&ob, "Le contrat de ville signé à Dole engage la communauté d'agglomération pour %d ans, avec %d millions d'euros de crédits. ", i+3, i*2)
	}
	other := ob.String()
	docs := []*vigie.Document{
		{URL: "https://a.example/1", Title: "Déclaration", Text: orig, ContentHash: "1"},
		{URL: "https://b.example/2", Title: "Déclaration (repris)", Text: edited, ContentHash: "2"},
		{URL: "https://c.example/3", Title: "Contrat", Text: other, ContentHash: "3"},
		{URL: "https://d.example/4", Title: "Court", Text: "Trop court pour comparer.", ContentHash: "4"},
		{URL: "https://e.example/5", Title: "Court", Text: "Trop court pour comparer.", ContentHash: "5"},
	}
	for _, d := range docs {
		if err := ix.Put(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]string{
		"https://a.example/1": "",
		"https://b.example/2": vigie.DocumentID("https://a.example/1"),
		"https://c.example/3": "",
		"https://d.example/4": "",
		"https://e.example/5": "",
	}
	for u, w := range want {
		d, err := ix.Get(ctx, vigie.DocumentID(u))
		if err != nil {
			t.Fatal(err)
		}
		if d.DuplicateOf != w {
			t.Errorf("%s: DuplicateOf = %q, want %q", u, d.DuplicateOf, w)
		}
	}
	// Re-indexing the first document does not make it a duplicate of its copy.
	if err := ix.Put(ctx, docs[0]); err != nil {
		t.Fatal(err)
	}
	if d, _ := ix.Get(ctx, vigie.DocumentID(docs[0].URL)); d.DuplicateOf != "" {
		t.Errorf("re-indexed original: DuplicateOf = %q", d.DuplicateOf)
	}
	if sim := resemblance(signature(orig), signature(other)); sim > 0.3 {
		t.Errorf("resemblance of different releases = %.2f", sim)
	}
}

// bandChain returns the ordinals in the LSH chain of sig's first band.
func bandChain(t *Table, sig []uint32) []uint32 {
	var out []uint32
	k := bandKeys(sig)[0]
	for c := t.bands[0][k]; c != 0; c = t.bandNext[int(c-1)*lshBands] {
		out = append(out, c-1)
	}
	return out
}

func TestNearDuplicateChains(t *testing.T) {
	tb := newTable()
	text := pressRelease("le contrat de relance de Dole")
	sig := signature(text)
	var ids []string
	for i := range 4 {
		d := &vigie.Document{ID: fmt.Sprintf("doc%d", i), URL: fmt.Sprintf("https://a.example/%d", i), Text: text}
		tb.put(d, sig)
		ids = append(ids, d.ID)
	}
	if got := bandChain(tb, sig); len(got) != 4 {
		t.Fatalf("chain after 4 puts = %v, want 4 ordinals", got)
	}
	// Remove from the middle, the head and the tail of the chain.
	for _, id := range []string{"doc1", "doc3", "doc0"} {
		tb.remove(id)
	}
	if got := bandChain(tb, sig); len(got) != 1 || tb.entries[got[0]].ID != "doc2" {
		t.Fatalf("chain after removals = %v, want only doc2", got)
	}
	if got := tb.nearDuplicate(sig, "new"); got != "doc2" {
		t.Errorf("nearDuplicate after removals = %q, want doc2", got)
	}
	// Re-putting a document with another text moves it to other chains.
	var ob strings.Builder
	for i := range 15 {
		fmt.Fprintf(&ob, "Le contrat de ville signé à Dole engage la communauté d'agglomération pour %d ans, avec %d millions d'euros de crédits. ", i+3, i*2)
	}
	other := signature(ob.String())
	tb.put(&vigie.Document{ID: "doc2", URL: "https://a.example/2"}, other)
	if got := bandChain(tb, sig); len(got) != 0 {
		t.Errorf("chain of the old text after re-put = %v, want empty", got)
	}
	if got := tb.nearDuplicate(sig, "new"); got != "" {
		t.Errorf("nearDuplicate of the old text = %q, want none", got)
	}
	if got := tb.nearDuplicate(other, "new"); got != "doc2" {
		t.Errorf("nearDuplicate of the new text = %q, want doc2", got)
	}
	tb.remove("doc2")
	for b := range tb.bands {
		if len(tb.bands[b]) != 0 {
			t.Errorf("band %d keeps %d keys after every document left", b, len(tb.bands[b]))
		}
	}
}
