package search

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"vigie"
	"vigie/indexer"
)

func mustIndex(tb testing.TB, docs ...*vigie.Document) *indexer.Index {
	tb.Helper()
	ix, err := indexer.OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), docs...); err != nil {
		tb.Fatal(err)
	}
	return ix
}

func sampleDocs() []*vigie.Document {
	dole := vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	bethune := vigie.Place{Name: "Béthune", Kind: vigie.PlaceCommune, Departement: "Pas-de-Calais", Region: "Hauts-de-France", Lat: 50.53, Lon: 2.64}
	return []*vigie.Document{
		{URL: "https://journal.example/dole", Site: "journal.example", Title: "Un contrat signé à Dôle",
			Text:      "La communauté d'agglomération du Grand Dole a signé le contrat Territoires d'industrie avec l'État.",
			Published: "2024-05-27", ContentHash: "a", IsSigning: true, Places: []vigie.Place{dole},
			Persons: []string{"Anne Fictive"}, Orgs: []string{"Grand Dole"},
			Events: []vigie.Event{{Date: "2024-05-15", Place: "Dole", PlaceRef: &dole, Agreement: "contrat Territoires d'industrie", Type: "contrat",
				Signatories: []vigie.Signatory{{Name: "Anne Fictive", Role: "présidente", Org: "Grand Dole"}}}}},
		{URL: "https://region.example/bethune", Site: "region.example", Title: "Déclaration commune à Béthune",
			Text:      "La Région et les intercommunalités ont signé une déclaration commune à Bethune.",
			Published: "2023-12-18", ContentHash: "b", IsSigning: true, Places: []vigie.Place{bethune},
			Persons: []string{"Paul Imaginaire"}, Orgs: []string{"Intercommunalités de France"},
			Events: []vigie.Event{{Date: "2023-12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "déclaration commune", Type: "déclaration",
				Signatories: []vigie.Signatory{{Name: "Paul Imaginaire", Role: "président", Org: "Intercommunalités de France"}}}}},
		{URL: "https://journal.example/meteo", Site: "journal.example", Title: "La météo du week-end",
			Text: "Du soleil sur le Jura <b>samedi</b>.", Published: "2019-03", ContentHash: "c"},
	}
}

func TestSearchAccentsFiltersFacets(t *testing.T) {
	s := New(mustIndex(t, sampleDocs()...))
	ctx := context.Background()
	tests := []struct {
		name   string
		params string
		want   []string // titles, in order
	}{
		{"accent-insensitive", "q=Dole", []string{"Un contrat signé à Dôle"}},
		{"accented query finds unaccented text", "q=Béthune", []string{"Déclaration commune à Béthune"}},
		{"empty lists everything newest first", "q=", []string{"Un contrat signé à Dôle", "Déclaration commune à Béthune", "La météo du week-end"}},
		{"signatory filter", "signatory=anne+fictive", []string{"Un contrat signé à Dôle"}},
		{"region hierarchy", "region=Hauts-de-France", []string{"Déclaration commune à Béthune"}},
		{"site filter OR", "site=journal.example&site=region.example&q=signé", []string{"Un contrat signé à Dôle", "Déclaration commune à Béthune"}},
		{"date range", "from_date=2024", []string{"Un contrat signé à Dôle"}},
		{"to_date month", "to_date=2019-03", []string{"La météo du week-end"}},
		{"unknown facet value", "person=Personne+Inconnue", nil},
		{"phrase", `q="déclaration commune"`, []string{"Déclaration commune à Béthune"}},
		{"exclusion", "q=signé+-Béthune", []string{"Un contrat signé à Dôle"}},
		{"OR", "q=météo+OR+Béthune", []string{"Déclaration commune à Béthune", "La météo du week-end"}},
		{"near", "near=50.5,2.6&km=20", []string{"Déclaration commune à Béthune"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, _ := url.ParseQuery(tt.params)
			q, err := ParseQuery(v)
			if err != nil {
				t.Fatal(err)
			}
			res, err := s.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Title)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || int(res.Total) != len(tt.want) {
				t.Errorf("Search(%s) = %d %q, want %q", tt.params, res.Total, got, tt.want)
			}
		})
	}
}

func TestSnippetEscapedAndMarked(t *testing.T) {
	s := New(mustIndex(t, sampleDocs()...))
	res, err := s.Search(context.Background(), vigie.Query{Text: "samedi"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 {
		t.Fatalf("hits = %d", len(res.Hits))
	}
	want := "Du soleil sur le Jura &lt;b&gt;<mark>samedi</mark>&lt;/b&gt;."
	if res.Hits[0].Snippet != want {
		t.Errorf("snippet = %q, want %q", res.Hits[0].Snippet, want)
	}
}

func TestAPI(t *testing.T) {
	ix := mustIndex(t, sampleDocs()...)
	srv := httptest.NewServer(NewHandler(New(ix), Config{}))
	defer srv.Close()
	get := func(path string) (int, map[string]any) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		return resp.StatusCode, body
	}
	status, body := get("/api/search?q=contrat")
	if status != 200 || body["total"].(float64) != 1 {
		t.Fatalf("GET /api/search?q=contrat = %d %v", status, body)
	}
	facets := body["facets"].(map[string]any)
	for _, k := range []string{"signatories", "persons", "places", "orgs", "sites", "years"} {
		if _, ok := facets[k]; !ok {
			t.Errorf("facet %q missing", k)
		}
	}
	sig := facets["signatories"].([]any)[0].(map[string]any)
	if sig["value"] != "Anne Fictive" || sig["count"].(float64) != 1 {
		t.Errorf("signatories facet = %v", sig)
	}
	for _, bad := range []string{"/api/search?size=abc", "/api/search?from=-1", "/api/search?from_date=hier", `/api/search?q=%22ouvert`, "/api/search?q=OR+x", "/api/search?sort=random", "/api/search?near=abc"} {
		status, body := get(bad)
		if status != 400 || body["error"] == nil {
			t.Errorf("GET %s = %d %v, want 400 with error", bad, status, body)
		}
	}
	id := vigie.DocumentID("https://journal.example/dole")
	status, body = get("/api/documents/" + id)
	if status != 200 || body["title"] != "Un contrat signé à Dôle" || len(body["events"].([]any)) != 1 {
		t.Errorf("GET /api/documents/%s = %d %v", id, status, body)
	}
	if status, _ := get("/api/documents/nope"); status != 404 {
		t.Errorf("GET /api/documents/nope = %d, want 404", status)
	}
	if status, body := get("/healthz"); status != 200 || body["documents"].(float64) != 3 {
		t.Errorf("GET /healthz = %d %v", status, body)
	}
	resp, err := http.Get(srv.URL + "/?q=Dole&region=Bourgogne-Franche-Comt%C3%A9")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	page := b.String()
	for _, want := range []string{"1 résultat", "<mark>Dole</mark>", "Signataires", "Anne Fictive", "Région : Bourgogne-Franche-Comté"} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
}

func TestStoriesCollapse(t *testing.T) {
	var text strings.Builder
	for i := range 15 {
		text.WriteString("Le conseil communautaire a voté la convention de revitalisation, étape " + string(rune('a'+i)) + " du programme régional. ")
	}
	docs := []*vigie.Document{
		{URL: "https://a.example/x", Site: "a.example", Title: "Convention votée", Text: text.String(), Published: "2024-01-02", ContentHash: "x"},
		{URL: "https://b.example/y", Site: "b.example", Title: "Convention votée (AFP)", Text: text.String() + " Avec AFP.", Published: "2024-01-03", ContentHash: "y"},
		{URL: "https://c.example/z", Site: "c.example", Title: "Copie exacte", Text: text.String(), Published: "2024-01-04", ContentHash: "x"},
	}
	s := New(mustIndex(t, docs...))
	for _, q := range []string{"convention", ""} {
		res, err := s.Search(context.Background(), vigie.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 1 || len(res.Hits) != 1 {
			t.Fatalf("Search(%q): total %d, want one story", q, res.Total)
		}
		h := res.Hits[0]
		if h.ID != vigie.DocumentID("https://a.example/x") || len(h.Duplicates) != 2 {
			t.Errorf("Search(%q): hit %s with %d duplicates, want the first document with 2", q, h.Title, len(h.Duplicates))
		}
	}
}

func TestPaginationWalksEveryResult(t *testing.T) {
	var docs []*vigie.Document
	for i := range 57 {
		docs = append(docs, &vigie.Document{
			URL: "https://p.example/" + string(rune('a'+i%26)) + string(rune('a'+i/26)), Title: "Convention numéro",
			Text: "Une convention signée.", Published: "2024-01-" + string(rune('1'+i%9)), ContentHash: string(rune(1000 + i)),
		})
	}
	s := New(mustIndex(t, docs...))
	for _, sort := range []string{"", "date", "date_asc"} {
		seen := map[string]bool{}
		for from := 0; ; from += 10 {
			res, err := s.Search(context.Background(), vigie.Query{Text: "convention", From: from, Size: 10, Sort: sort})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 57 {
				t.Fatalf("total = %d", res.Total)
			}
			if len(res.Hits) == 0 {
				break
			}
			for _, h := range res.Hits {
				if seen[h.ID] {
					t.Fatalf("sort %q: %s seen twice", sort, h.ID)
				}
				seen[h.ID] = true
			}
		}
		if len(seen) != 57 {
			t.Errorf("sort %q: walked %d results, want 57", sort, len(seen))
		}
	}
}

func TestGoneAndHistogram(t *testing.T) {
	ctx := context.Background()
	ix := mustIndex(t, sampleDocs()...)
	s := New(ix)
	if err := ix.MarkGone(ctx, vigie.DocumentID("https://journal.example/meteo")); err != nil {
		t.Fatal(err)
	}
	res, err := s.Search(ctx, vigie.Query{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 {
		t.Errorf("after MarkGone: total %d, want 2", res.Total)
	}
	res, _ = s.Search(ctx, vigie.Query{IncludeGone: true})
	if res.Total != 3 {
		t.Errorf("IncludeGone: total %d, want 3", res.Total)
	}
	want := []vigie.FacetValue{{Value: "2019-03", Count: 1}, {Value: "2023-12", Count: 1}, {Value: "2024-05", Count: 1}}
	if got := res.Facets["months"]; !slices.Equal(got, want) {
		t.Errorf("months = %v, want %v", got, want)
	}
	res, _ = s.Search(ctx, vigie.Query{DateField: "event"})
	want = []vigie.FacetValue{{Value: "2023-12", Count: 1}, {Value: "2024-05", Count: 1}}
	if got := res.Facets["months"]; !slices.Equal(got, want) {
		t.Errorf("event months = %v, want %v", got, want)
	}
}

// TestFacetComplement checks that counting the documents that do not match
// and subtracting them from the whole index gives the direct counts.
func TestFacetComplement(t *testing.T) {
	ix := mustIndex(t, signingDocs()...)
	s := New(ix)
	res, err := s.Search(context.Background(), vigie.Query{Text: "déclaration OR contrat OR accord"})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := s.compile(vigie.Query{Text: "déclaration OR contrat OR accord"})
	ms, _ := s.matches(context.Background(), p)
	_ = ix.Read(func(tb *indexer.Table) error {
		for f := range indexer.NumFields {
			direct := make([]int32, tb.Dict(f).Len())
			for _, m := range ms {
				for _, v := range tb.Values(f, m.ord) {
					direct[v]++
				}
			}
			got := s.countFields(tb, ms, false)[f]
			if !slices.Equal(got, direct) {
				t.Errorf("%s: complement counts %v, direct %v", f.Name(), got, direct)
			}
		}
		return nil
	})
	if int(res.Total) != len(ms) || len(ms) <= 2 {
		t.Fatalf("matches = %d, total %d: the test needs most documents to match", len(ms), res.Total)
	}
}

func TestTitleMatchesRankFirst(t *testing.T) {
	docs := []*vigie.Document{
		{URL: "https://r.example/1", Title: "Budget primitif", Text: "La convention, la convention et encore la convention de partenariat.", ContentHash: "1"},
		{URL: "https://r.example/2", Title: "Une convention signée", Text: "Le texte parle d'autre chose, puis de la convention.", ContentHash: "2"},
	}
	s := New(mustIndex(t, docs...))
	res, err := s.Search(context.Background(), vigie.Query{Text: "convention"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].Title != "Une convention signée" {
		t.Errorf("hits = %+v, want the title match first", res.Hits)
	}
}

// TestConcurrentPutAndSearch runs searches, events and entity pages while
// documents are indexed (run with -race).
func TestConcurrentPutAndSearch(t *testing.T) {
	ix := mustIndex(t, signingDocs()...)
	s := New(ix)
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 40 {
			d := *sampleDocs()[i%3]
			d.URL += "/" + string(rune('a'+i%26)) + string(rune('a'+i/26))
			d.ContentHash = d.URL
			if err := ix.Put(ctx, &d); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for {
		select {
		case <-done:
			res, err := s.Search(ctx, vigie.Query{})
			if err != nil || res.Total != 44 {
				t.Errorf("after concurrent puts: %v, %v", res.Total, err)
			}
			return
		default:
		}
		if _, err := s.Search(ctx, vigie.Query{Text: "signé OR contrat", Regions: []string{"Hauts-de-France"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Events(ctx, vigie.Query{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Entity(ctx, EntityPersons, "Marc Exemple"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCachedMatchesFollowTheIndex(t *testing.T) {
	ctx := context.Background()
	ix := mustIndex(t, sampleDocs()...)
	s := New(ix)
	count := func() uint64 {
		res, err := s.Search(ctx, vigie.Query{Text: "contrat"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := count(); n != 1 {
		t.Fatalf("before: %d", n)
	}
	if err := ix.Put(ctx, &vigie.Document{URL: "https://n.example/1", Title: "Nouveau contrat", Text: "Un contrat.", ContentHash: "n"}); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 2 {
		t.Errorf("after Put: %d, want 2", n)
	}
	if err := ix.Delete(ctx, vigie.DocumentID("https://n.example/1")); err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 1 {
		t.Errorf("after Delete: %d, want 1", n)
	}
}

// TestFiltersLeaveRankingAlone checks that a text query with facet filters
// returns exactly the unfiltered hits that pass the filters, in the same
// order and with the same scores: the filters narrow the text query inside
// the engine, and must not change how matches are scored.
func TestFiltersLeaveRankingAlone(t *testing.T) {
	s := newSynth()
	var docs []*vigie.Document
	for i := range 400 {
		docs = append(docs, s.doc(i))
	}
	svc := New(mustIndex(t, docs...))
	ctx := context.Background()
	all := func(q vigie.Query) []vigie.Hit {
		q.Size = 1000
		res, err := svc.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	filters := []vigie.Query{
		{Regions: []string{s.regions[0]}},
		{Regions: []string{s.regions[1], s.regions[2]}, Types: []string{s.agrees[0][0]}},
		{Persons: []string{s.person(rand.New(rand.NewPCG(3, 7)))}},
		{Orgs: []string{s.orgs[0]}},
	}
	for _, text := range []string{"convention", "territoire projet", s.words[3], `"transition écologique"`} {
		unfiltered := all(vigie.Query{Text: text})
		for _, f := range filters {
			keep := map[string]bool{}
			for _, h := range all(f) {
				keep[h.ID] = true
			}
			var want []vigie.Hit
			for _, h := range unfiltered {
				if keep[h.ID] {
					want = append(want, h)
				}
			}
			f.Text = text
			got := all(f)
			if len(got) != len(want) {
				t.Errorf("%q with %+v: %d hits, want %d", text, f, len(got), len(want))
				continue
			}
			for i := range got {
				if got[i].ID != want[i].ID || math.Abs(got[i].Score-want[i].Score) > 1e-9 {
					t.Errorf("%q with %+v: hit %d is %s (%.6f), want %s (%.6f)", text, f, i, got[i].ID, got[i].Score, want[i].ID, want[i].Score)
					break
				}
			}
			if len(want) == 0 {
				t.Logf("%q with %+v: no hits", text, f)
			}
		}
	}
}
