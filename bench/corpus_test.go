package bench

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"vigie"
)

// testPlaces is a few real communes and intercommunalités, enough to
// exercise the generator without the gazetteer.
func testPlaces() Places {
	bfc, hdf := "Bourgogne-Franche-Comté", "Hauts-de-France"
	return Places{
		Communes: []vigie.Place{
			{Name: "Dijon", Kind: vigie.PlaceCommune, Code: "21231", Departement: "Côte-d'Or", Region: bfc},
			{Name: "Dole", Kind: vigie.PlaceCommune, Code: "39198", Departement: "Jura", Region: bfc},
			{Name: "Lons-le-Saunier", Kind: vigie.PlaceCommune, Code: "39300", Departement: "Jura", Region: bfc},
			{Name: "Béthune", Kind: vigie.PlaceCommune, Code: "62119", Departement: "Pas-de-Calais", Region: hdf},
			{Name: "Arras", Kind: vigie.PlaceCommune, Code: "62041", Departement: "Pas-de-Calais", Region: hdf},
			{Name: "Le Quesnoy", Kind: vigie.PlaceCommune, Code: "59481", Departement: "Nord", Region: hdf},
			{Name: "Autun", Kind: vigie.PlaceCommune, Code: "71014", Departement: "Saône-et-Loire", Region: bfc},
		},
		EPCIs: []vigie.Place{
			{Name: "CA du Grand Dole", Kind: vigie.PlaceEPCI, Code: "243900479", Departement: "Jura", Region: bfc},
			{Name: "CA de Béthune-Bruay, Artois-Lys Romane", Kind: vigie.PlaceEPCI, Code: "200072460", Departement: "Pas-de-Calais", Region: hdf},
		},
	}
}

func mustGenerator(tb testing.TB, seed uint64) *Generator {
	tb.Helper()
	g, err := NewGenerator(seed, testPlaces())
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func TestPageIsDeterministicAndRandomAccess(t *testing.T) {
	g1, g2 := mustGenerator(t, 42), mustGenerator(t, 42)
	// Page 150 made first, then the others: page i must not depend on
	// the pages made before it.
	late := g1.Page(150)
	for i := range 200 {
		g2.Page(i)
	}
	if again := g2.Page(150); !bytes.Equal(late.Body, again.Body) || late.URL != again.URL {
		t.Fatalf("Page(150) differs between two generators with the same seed")
	}
	other := mustGenerator(t, 43).Page(150)
	if bytes.Equal(late.Body, other.Body) {
		t.Errorf("Page(150) is the same for seeds 42 and 43")
	}
}

func TestCorpusShape(t *testing.T) {
	g := mustGenerator(t, 1)
	const n = 300
	kinds := map[string]int{}
	urls := map[string]bool{}
	years := map[int]bool{}
	var jsonld, og int
	for i := range n {
		a := g.Article(i)
		p := g.Page(i)
		kinds[a.Kind]++
		years[a.Published.Year()] = true
		if urls[p.URL] {
			t.Errorf("page %d: duplicate URL %s", i, p.URL)
		}
		urls[p.URL] = true
		if l := a.TextLen(); l < 2048 || l > 10240 {
			t.Errorf("page %d: text is %d bytes, want 2 to 10 KB", i, l)
		}
		if !utf8.Valid(p.Body) {
			t.Errorf("page %d: body is not UTF-8", i)
		}
		body := string(p.Body)
		for _, want := range []string{"<nav", "cookie", "Partager", "À lire aussi", "<footer", "<h1"} {
			if !strings.Contains(body, want) {
				t.Errorf("page %d: no %q in the HTML", i, want)
			}
		}
		if a.JSONLD != strings.Contains(body, "application/ld+json") {
			t.Errorf("page %d: JSONLD = %v but the HTML disagrees", i, a.JSONLD)
		}
		if a.JSONLD {
			jsonld++
		}
		if a.OpenGraph {
			og++
		}
		for _, person := range a.Persons {
			if !strings.Contains(body, person) {
				t.Errorf("page %d: person %q not in the page", i, person)
			}
		}
		switch a.Kind {
		case KindSigning:
			if a.Event == nil || len(a.Event.Signatories) < 2 || a.Event.Date == "" || a.Event.Place == "" {
				t.Errorf("page %d: signing without a full event: %+v", i, a.Event)
			}
			if !strings.Contains(a.Lead, "sign") && !strings.Contains(a.Lead, "paraph") {
				t.Errorf("page %d: signing lead has no signing verb: %s", i, a.Lead)
			}
		default:
			if a.Event != nil {
				t.Errorf("page %d: %s article has an event", i, a.Kind)
			}
		}
	}
	for _, k := range []string{KindSigning, KindNearMiss, KindNews} {
		if kinds[k] < n/10 {
			t.Errorf("%d %s articles in %d, want at least %d", kinds[k], k, n, n/10)
		}
	}
	if len(years) < 10 {
		t.Errorf("publication years span %d years, want the ten years 2015-2025", len(years))
	}
	if jsonld == 0 || jsonld == n || og == 0 || og == n {
		t.Errorf("JSON-LD on %d and Open Graph on %d of %d pages, want a share of pages", jsonld, og, n)
	}
}

func TestPersonsAreFictionalAndStable(t *testing.T) {
	g := mustGenerator(t, 7)
	a, _ := g.person("maire|39198|2020")
	b, _ := g.person("maire|39198|2020")
	if a != b {
		t.Fatalf("person(same key) = %q then %q", a, b)
	}
	surname := a[strings.LastIndexByte(a, ' ')+1:]
	found := false
	for _, s := range surnameStems {
		if strings.HasPrefix(surname, s) {
			found = true
		}
	}
	if !found {
		t.Errorf("person() = %q: surname not built from the invented stems", a)
	}
}

func TestFrenchContractions(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Le Mans", "du Mans"},
		{"Les Sables-d'Olonne", "des Sables-d'Olonne"},
		{"La Rochelle", "de La Rochelle"},
		{"Autun", "d'Autun"},
		{"Dole", "de Dole"},
	}
	for _, tt := range tests {
		if got := deName(tt.in); got != tt.want {
			t.Errorf("deName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	deps := []struct{ in, want string }{
		{"Jura", "du Jura"}, {"Marne", "de la Marne"}, {"Ain", "de l'Ain"},
		{"Vosges", "des Vosges"}, {"Haute-Savoie", "de la Haute-Savoie"}, {"Rhône", "du Rhône"},
		{"Côte-d'Or", "de la Côte-d'Or"}, {"Seine-Saint-Denis", "de la Seine-Saint-Denis"}, {"Paris", "de Paris"},
	}
	for _, tt := range deps {
		if got := deDepartement(tt.in); got != tt.want {
			t.Errorf("deDepartement(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkPage(b *testing.B) {
	g := mustGenerator(b, 1)
	var n int64
	for i := 0; b.Loop(); i++ {
		n += int64(len(g.Page(i).Body))
	}
	b.SetBytes(n / int64(b.N))
}
