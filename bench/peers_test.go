package bench

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"vigie"
)

// truthDocument is the document a perfect extractor would return for a.
func truthDocument(a *Article) *vigie.Document {
	d := &vigie.Document{
		ID: vigie.DocumentID(a.URL), URL: a.URL, Site: a.Site, Title: a.Title,
		Text:      strings.Join(append([]string{a.Lead}, a.Paragraphs...), "\n"),
		Published: a.Published.Format("2006-01-02"),
		IsSigning: a.Event != nil,
		Persons:   a.Persons,
		Places:    []vigie.Place{a.Commune},
	}
	if a.Event != nil {
		d.Events = []vigie.Event{*a.Event}
		for _, s := range a.Event.Signatories {
			d.Orgs = append(d.Orgs, s.Org)
		}
	}
	return d
}

// writeTruthDocs writes the truth documents of the first n articles where
// the ingest phase would, and returns them.
func writeTruthDocs(tb testing.TB, g *Generator, dir string, n int) []*vigie.Document {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, docsFile))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	docs := make([]*vigie.Document, n)
	for i := range n {
		docs[i] = truthDocument(g.Article(i))
		if err := enc.Encode(docs[i]); err != nil {
			tb.Fatal(err)
		}
	}
	return docs
}

// fold lowercases s and strips its accents.
func fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, _ := transform.String(t, strings.ToLower(s))
	return out
}

// containsWord reports whether text has the word w, ignoring case and
// accents, as FTS5's unicode61 tokenizer sees words.
func containsWord(text, w string) bool {
	w = fold(w)
	for _, tok := range strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if tok == w {
			return true
		}
	}
	return false
}

// expected computes by brute force the total and region counts of a
// one-word query with an optional region filter.
func expected(docs []*vigie.Document, q Query) (uint64, map[string]int) {
	var total uint64
	regions := map[string]int{}
	for _, d := range docs {
		if !containsWord(d.Title+" "+d.Text, q.Q.Text) {
			continue
		}
		fv := facetValues(d)
		if len(q.Q.Regions) > 0 && !strings.Contains(strings.Join(fv["regions"], "|"), q.Q.Regions[0]) {
			continue
		}
		total++
		for _, r := range fv["regions"] {
			regions[r]++
		}
	}
	return total, regions
}

func checkPeer(t *testing.T, name string, p interface {
	Load(context.Context, string) (int, error)
	Size(context.Context) (int64, error)
	Search(context.Context, Query) (*vigie.Results, error)
}, dir string, docs []*vigie.Document, mix []Query) {
	ctx := context.Background()
	n, err := p.Load(ctx, filepath.Join(dir, docsFile))
	if err != nil {
		t.Fatalf("%s Load: %v", name, err)
	}
	if n != len(docs) {
		t.Fatalf("%s Load = %d documents, want %d", name, n, len(docs))
	}
	if size, err := p.Size(ctx); err != nil || size <= 0 {
		t.Errorf("%s Size = %d, %v, want > 0", name, size, err)
	}
	for _, q := range mix {
		r, err := p.Search(ctx, q)
		if err != nil {
			t.Fatalf("%s Search(%s): %v", name, q.Name, err)
		}
		if r.Total > 0 && len(r.Hits) == 0 {
			t.Errorf("%s Search(%s): total %d but no hits", name, q.Name, r.Total)
		}
		if len(r.Hits) > hitsPerPage {
			t.Errorf("%s Search(%s): %d hits, want at most %d", name, q.Name, len(r.Hits), hitsPerPage)
		}
		years := 0
		for _, y := range r.Facets["years"] {
			years += y.Count
		}
		if uint64(years) != r.Total {
			t.Errorf("%s Search(%s): yearly histogram sums to %d, total is %d", name, q.Name, years, r.Total)
		}
	}
	// Words the French stemmer leaves alone, so that the count must be the
	// brute-force one in every system.
	convention := Query{Name: "convention région", Q: vigie.Query{Text: "convention", Regions: []string{"Bourgogne-Franche-Comté"}}}
	for _, q := range []Query{{Name: "méthaniseur", Q: vigie.Query{Text: "méthaniseur"}}, {Name: "gymnase", Q: vigie.Query{Text: "gymnase"}}, convention} {
		r, err := p.Search(ctx, q)
		if err != nil {
			t.Fatalf("%s Search(%s): %v", name, q.Name, err)
		}
		want, regions := expected(docs, q)
		if r.Total != want {
			t.Errorf("%s Search(%s).Total = %d, want %d", name, q.Name, r.Total, want)
		}
		if want == 0 {
			t.Errorf("query %s matches nothing: a useless test", q.Name)
		}
		if len(r.Facets["regions"]) == 0 {
			t.Errorf("%s Search(%s): no regions facet", name, q.Name)
		}
		for _, fv := range r.Facets["regions"] {
			if regions[fv.Value] != fv.Count {
				t.Errorf("%s Search(%s): region %s counted %d, want %d", name, q.Name, fv.Value, fv.Count, regions[fv.Value])
			}
		}
	}
}

func TestSQLitePeer(t *testing.T) {
	dir := t.TempDir()
	g := mustGenerator(t, 3)
	docs := writeTruthDocs(t, g, dir, 200)
	p, err := newSQLitePeer(dir, 4)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	checkPeer(t, "sqlite", p, dir, docs, QueryMix(g, 40))
}

func TestPostgresPeer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	ctx := context.Background()
	srv, err := startPostgres(ctx, slog.New(slog.DiscardHandler), false)
	if errors.Is(err, errNoPostgres) {
		t.Skipf("PostgreSQL comparison skipped: %v (scripts/install-postgres.sh installs it)", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	dir := t.TempDir()
	g := mustGenerator(t, 3)
	docs := writeTruthDocs(t, g, dir, 200)
	p, err := newPGPeer(ctx, srv.url(), 4)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	checkPeer(t, "postgres", p, dir, docs, QueryMix(g, 40))
}
