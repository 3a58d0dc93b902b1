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
