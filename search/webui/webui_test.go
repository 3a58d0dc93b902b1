package webui

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"vigie"
	"vigie/indexer"
	"vigie/search"
)

// testDocs are fictional articles: two signings reported by several
// sources, one hostile title and one article without signing.
func testDocs() []*vigie.Document {
	dole := vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	bethune := vigie.Place{Name: "Béthune", Kind: vigie.PlaceCommune, Departement: "Pas-de-Calais", Region: "Hauts-de-France", Lat: 50.53, Lon: 2.64}
	text := "Le 15 mai 2024, Lucie Fictive, présidente de la Région Bourgogne-Franche-Comté, a signé à Dole la déclaration commune."
	mention := func(kind, s, value string) vigie.Mention {
		i := strings.Index(text, s)
		return vigie.Mention{Kind: kind, Start: i, End: i + len(s), Value: value}
	}
	return []*vigie.Document{
		{URL: "https://journal-a.example/dole", Site: "journal-a.example", Title: "Déclaration commune signée à Dole",
			Text: text, Published: "2024-05-15", ContentHash: "a", IsSigning: true,
			Places: []vigie.Place{dole}, Persons: []string{"Lucie Fictive"}, Orgs: []string{"Région Bourgogne-Franche-Comté"},
			Events: []vigie.Event{{Date: "2024-05-15", Place: "Dole", PlaceRef: &dole, Agreement: "déclaration commune pour la réindustrialisation", Type: "déclaration",
				Signatories: []vigie.Signatory{{Name: "Lucie Fictive", Role: "présidente", Org: "Région Bourgogne-Franche-Comté"}, {Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}}}},
			Mentions: []vigie.Mention{
				mention(vigie.MentionDate, "15 mai 2024", "2024-05-15"),
				mention(vigie.MentionPerson, "Lucie Fictive", "Lucie Fictive"),
				mention(vigie.MentionOrg, "Région Bourgogne-Franche-Comté", "Région Bourgogne-Franche-Comté"),
				mention(vigie.MentionPlace, "Dole", "Dole"),
			}},
		{URL: "https://journal-b.example/dole-bis", Site: "journal-b.example", Title: "À Dole, la région et les intercommunalités s'engagent",
			Text: "La déclaration commune a été signée à Dole par Lucie Fictive et Marc Exemple.", Published: "2024-05-16", ContentHash: "b", IsSigning: true,
			Places: []vigie.Place{dole}, Persons: []string{"Lucie Fictive", "Marc Exemple"},
			Events: []vigie.Event{{Date: "2024-05-15", Place: "Dole", PlaceRef: &dole, Agreement: "déclaration commune", Type: "déclaration",
				Signatories: []vigie.Signatory{{Name: "Lucie Fictive", Role: "présidente", Org: "Région Bourgogne-Franche-Comté"}, {Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}}}}},
		{URL: "https://journal-c.example/bethune", Site: "journal-c.example", Title: "Un contrat signé à Béthune",
			Text: "Hugo Modèle et Marc Exemple ont signé un contrat de relance à Béthune.", Published: "2023-12-18", ContentHash: "c", IsSigning: true,
			Places: []vigie.Place{bethune}, Persons: []string{"Hugo Modèle", "Marc Exemple"},
			Events: []vigie.Event{{Date: "2023-12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "contrat de relance", Type: "contrat",
				Signatories: []vigie.Signatory{{Name: "Hugo Modèle", Role: "président", Org: "Région Hauts-de-France"}, {Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}}}}},
		// The same press release republished word for word.
		{URL: "https://journal-e.example/reprise", Site: "journal-e.example", Title: "Déclaration commune signée à Dole",
			Text: text, Published: "2024-05-17", ContentHash: "a"},
		{URL: "https://journal-d.example/xss", Site: "journal-d.example", Title: "<script>alert(1)</script>",
			Text: "Un texte <b>piégé</b> & <script>alert(2)</script> sur la déclaration.", Published: "2024-01", ContentHash: "d"},
	}
}

func mustHandler(tb testing.TB) (http.Handler, []*vigie.Document) {
	tb.Helper()
	ix, err := indexer.OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	docs := testDocs()
	if err := ix.Put(context.Background(), docs...); err != nil {
		tb.Fatal(err)
	}
	return New(search.New(ix)), docs
}

func get(tb testing.TB, h http.Handler, target string) (int, string) {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
	b, _ := io.ReadAll(rec.Result().Body)
	return rec.Code, string(b)
}

func docID(tb testing.TB, h http.Handler, title string) string {
	tb.Helper()
	_, body := get(tb, h, "/?"+url.Values{"q": {"title:" + title}}.Encode())
	i := strings.Index(body, `href="/documents/`)
	if i < 0 {
		tb.Fatalf("no document link for title %q", title)
	}
	rest := body[i+len(`href="/documents/`):]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestFrDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2024-05-15", "15 mai 2024"},
		{"2024-05-01", "1er mai 2024"},
		{"2024-05", "mai 2024"},
		{"2019-08", "août 2019"},
		{"2024", "2024"},
		{"--12-18", "18 décembre"},
		{"", ""},
		{"2024-13", "2024-13"},
		{"demain", "demain"},
	}
	for _, tt := range tests {
		if got := frDate(tt.in); got != tt.want {
			t.Errorf("frDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSearchPage(t *testing.T) {
	h, _ := mustHandler(t)
	code, body := get(t, h, "/?q=d%C3%A9claration")
	if code != http.StatusOK {
		t.Fatalf("GET /?q=déclaration: status %d", code)
	}
	for _, want := range []string{
		`<mark>déclaration</mark>`, // highlighted snippet
		"15 mai 2024", "mai 2024",  // French dates
		`name="signatory" value="Lucie Fictive"`, // facet checkbox
		"Signataires", "Régions", "Départements", "Type d&#39;accord", "Période",
		`<svg viewBox="0 0`,             // timeline or map
		`class="land"`,                  // map outline
		`href="/evenements?place=Dole"`, // map point link
		`href="/alertes?query=q%3Dd%25C3%25A9claration"`,
		`href="/api/export?format=csv&amp;q=d%C3%A9claration"`,
		`<script src="/static/vigie.js" defer></script>`,
		"Aide sur la syntaxe",
		`<option value="relevance" selected>pertinence</option>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	// The timeline links a month.
	code, body = get(t, h, "/")
	if !strings.Contains(body, `href="/?from_date=2024-05&amp;to_date=2024-05"`) {
		t.Errorf("timeline lacks a link to May 2024")
	}
	if !strings.Contains(body, `<option value="date" selected>plus récents</option>`) {
		t.Errorf("home page does not say results are newest first")
	}
	if !strings.Contains(body, "Articles par mois") {
		t.Errorf("home page lacks the timeline")
	}
}

func TestSearchEscapes(t *testing.T) {
	h, _ := mustHandler(t)
	_, body := get(t, h, "/?q=pi%C3%A9g%C3%A9")
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>piégé") {
		t.Fatalf("search page renders markup from a document:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("search page lacks the escaped hostile title")
	}
	if !strings.Contains(body, "&lt;b&gt;<mark>piégé</mark>&lt;/b&gt;") {
		t.Errorf("snippet is not escaped with <mark> around the match")
	}
	id := docID(t, h, "script")
	code, body := get(t, h, "/documents/"+id)
	if code != http.StatusOK {
		t.Fatalf("document page: status %d", code)
	}
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<b>") {
		t.Fatalf("document page renders markup from the document")
	}
	if !strings.Contains(body, "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>") {
		t.Errorf("document page lacks the escaped title")
	}
	// A query with markup is echoed escaped.
	_, body = get(t, h, "/?q=%3Cimg+src%3Dx%3E")
	if strings.Contains(body, "<img") {
		t.Errorf("search page echoes the query unescaped")
	}
}

func TestDuplicates(t *testing.T) {
	h, _ := mustHandler(t)
	_, body := get(t, h, "/?q=Lucie")
	if !strings.Contains(body, "1 autre source du même article") || !strings.Contains(body, "journal-e.example") {
		t.Errorf("search page does not list the republished copy under its hit")
	}
	_, body = get(t, h, "/?site=journal-e.example")
	i := strings.Index(body, `href="/documents/`)
	if i < 0 {
		t.Fatal("no hit for the copy")
	}
	rest := body[i+len(`href="`):]
	_, body = get(t, h, rest[:strings.IndexByte(rest, '"')])
	if !strings.Contains(body, "Cet article reprend") {
		t.Errorf("the copy's page does not name the article it repeats")
	}
}

func TestFacetsAndChips(t *testing.T) {
	h, _ := mustHandler(t)
	_, all := get(t, h, "/")
	_, body := get(t, h, "/?signatory=Hugo+Mod%C3%A8le")
	if !strings.Contains(body, "<strong>1</strong> article") {
		t.Errorf("filter signatory=Hugo Modèle: want 1 article")
	}
	if !strings.Contains(all, "<strong>4</strong> articles") {
		t.Errorf("home page: want 4 articles")
	}
	if !strings.Contains(body, `name="signatory" value="Hugo Modèle" checked`) {
		t.Errorf("active facet value is not checked")
	}
	if !strings.Contains(body, `href="/" aria-label="Retirer le filtre Signataire : Hugo Modèle"`) {
		t.Errorf("chip does not link to the page without the filter")
	}
	_, body = get(t, h, "/?q=contrat&region=Hauts-de-France")
	if !strings.Contains(body, `href="/?q=contrat" aria-label="Retirer le filtre Région : Hauts-de-France"`) {
		t.Errorf("region chip does not keep the text query")
	}
	// Years set a period.
	if !strings.Contains(all, `href="/?from_date=2023&amp;to_date=2023"`) {
		t.Errorf("home page lacks the 2023 period link")
	}
}

func TestPaging(t *testing.T) {
	h, _ := mustHandler(t)
	_, body := get(t, h, "/?size=2")
	if !strings.Contains(body, `href="/?from=2&amp;size=2" rel="next"`) || !strings.Contains(body, "1–2 sur 4") {
		t.Errorf("page 1 of 2: no link to the next page keeping size")
	}
	if !strings.Contains(body, `<input type="hidden" name="size" value="2">`) {
		t.Errorf("the form does not keep the page size")
	}
	_, body = get(t, h, "/?size=2&from=2")
	if !strings.Contains(body, `href="/?size=2" rel="prev"`) || strings.Contains(body, `rel="next"`) {
		t.Errorf("page 2 of 2: wrong links")
	}
}

func TestMessages(t *testing.T) {
	h, _ := mustHandler(t)
	code, body := get(t, h, "/?q=%22accord+de")
	if code != http.StatusBadRequest || !strings.Contains(body, "La requête n&#39;est pas valide") || !strings.Contains(body, "Fermez les guillemets") {
		t.Errorf("unclosed quote: status %d, want 400 with a French hint", code)
	}
	_, body = get(t, h, "/?q=zzzinconnu")
	if !strings.Contains(body, "Aucun article ne correspond à « zzzinconnu »") || !strings.Contains(body, "Essayez moins de mots") {
		t.Errorf("zero results: no French advice")
	}
	_, body = get(t, h, "/?from_date=hier")
	if !strings.Contains(body, "AAAA-MM-JJ") {
		t.Errorf("bad date: no hint on the date format")
	}
	for _, p := range []string{"/documents/0000000000000000", "/evenements/ffff", "/personnes/Personne%20Inconnue", "/nulle-part"} {
		if code, body := get(t, h, p); code != http.StatusNotFound || !strings.Contains(body, "Erreur 404") {
			t.Errorf("GET %s: status %d, want a French 404 page", p, code)
		}
	}
}

func TestEventsAndEventPage(t *testing.T) {
	h, _ := mustHandler(t)
	code, body := get(t, h, "/evenements")
	if code != http.StatusOK || !strings.Contains(body, "<strong>2</strong> signatures") {
		t.Fatalf("events page: status %d, want 2 signatures", code)
	}
	if !strings.Contains(body, "15 mai 2024") || !strings.Contains(body, "2 sources") {
		t.Errorf("events page lacks the date or the count of sources")
	}
	if !strings.Contains(body, `href="/api/export?format=xlsx"`) || !strings.Contains(body, `href="/alertes?query="`) {
		t.Errorf("events page lacks the export or alert links")
	}
	if !strings.Contains(body, "Signatures par mois") || !strings.Contains(body, `class="land"`) {
		t.Errorf("events page lacks the timeline or the map")
	}
	_, body = get(t, h, "/evenements?place=Dole")
	if !strings.Contains(body, "<strong>1</strong> signature") {
		t.Errorf("events?place=Dole: want 1 signature")
	}
	i := strings.Index(body, `href="/evenements/`)
	if i < 0 {
		t.Fatal("no event link")
	}
	rest := body[i+len(`href="`):]
	code, body = get(t, h, rest[:strings.IndexByte(rest, '"')])
	if code != http.StatusOK {
		t.Fatalf("event page: status %d", code)
	}
	for _, want := range []string{"Déclaration commune signée à Dole", "À Dole, la région et les intercommunalités s&#39;engagent", "2 sources", "Lucie Fictive", "Jura"} {
		if !strings.Contains(body, want) {
			t.Errorf("event page lacks %q", want)
		}
	}
}

func TestDocumentPage(t *testing.T) {
	h, _ := mustHandler(t)
	id := docID(t, h, "Déclaration")
	code, body := get(t, h, "/documents/"+id)
	if code != http.StatusOK {
		t.Fatalf("document page: status %d", code)
	}
	for _, want := range []string{
		`<a class="m m-person" href="/personnes/Lucie%20Fictive" title="personne : Lucie Fictive">Lucie Fictive</a>`,
		`<a class="m m-place" href="/lieux/Dole"`,
		`class="m m-org"`,
		`<mark class="m m-date" title="date : 15 mai 2024">15 mai 2024</mark>`,
		`href="https://journal-a.example/dole"`,
		"Autres sources de la même signature",
		"À Dole, la région",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
}

func TestEntityPages(t *testing.T) {
	h, _ := mustHandler(t)
	code, body := get(t, h, "/personnes/marc%20exemple")
	if code != http.StatusOK {
		t.Fatalf("person page: status %d", code)
	}
	for _, want := range []string{"<h1>Marc Exemple</h1>", "Cosignataires", "Lucie Fictive", "Hugo Modèle", "Première mention", "18 décembre 2023", `href="/?person=Marc&#43;Exemple"`} {
		if !strings.Contains(body, want) {
			t.Errorf("person page lacks %q", want)
		}
	}
	if code, body := get(t, h, "/lieux/Dole"); code != http.StatusOK || !strings.Contains(body, "Jura") {
		t.Errorf("place page: status %d, or no département", code)
	}
	if code, _ := get(t, h, "/organisations/R%C3%A9gion%20Hauts-de-France"); code != http.StatusOK {
		t.Errorf("org page: status %d", code)
	}
}

func TestStatic(t *testing.T) {
	h, _ := mustHandler(t)
	for _, p := range []string{"/static/vigie.css", "/static/vigie.js"} {
		if code, body := get(t, h, p); code != http.StatusOK || len(body) < 100 {
			t.Errorf("GET %s: status %d, %d bytes", p, code, len(body))
		}
	}
}

func TestSegments(t *testing.T) {
	text := "Dole et Béthune"
	got := segments(text, []vigie.Mention{
		{Kind: vigie.MentionPlace, Start: 8, End: 16, Value: "Béthune"},
		{Kind: vigie.MentionPlace, Start: 0, End: 4, Value: "Dole"},
		{Kind: vigie.MentionPlace, Start: 2, End: 6},   // overlaps
		{Kind: vigie.MentionPlace, Start: 9, End: 10},  // inside a rune
		{Kind: vigie.MentionPlace, Start: 10, End: 99}, // out of range
	})
	var b strings.Builder
	for _, s := range got {
		if s.Kind != "" {
			b.WriteString("[" + s.Text + "]")
		} else {
			b.WriteString(s.Text)
		}
	}
	if b.String() != "[Dole] et [Béthune]" {
		t.Errorf("segments = %q, want %q", b.String(), "[Dole] et [Béthune]")
	}
}

func TestFillMonths(t *testing.T) {
	got := fillMonths([]vigie.FacetValue{{Value: "2023-11", Count: 2}, {Value: "2024-02", Count: 1}, {Value: "bad", Count: 9}})
	var b strings.Builder
	for _, m := range got {
		fmt.Fprintf(&b, "%s:%d ", m.Value, m.Count)
	}
	if want := "2023-11:2 2023-12:0 2024-01:0 2024-02:1 "; b.String() != want {
		t.Errorf("fillMonths = %q, want %q", b.String(), want)
	}
}

func TestFacetGroup(t *testing.T) {
	var fv []vigie.FacetValue
	for i := range 8 {
		fv = append(fv, vigie.FacetValue{Value: fmt.Sprintf("Site %d", i), Count: 10 - i})
	}
	v := url.Values{"site": {"Site 6", "Ailleurs"}}
	g := group("Source", "sites", "site", map[string][]vigie.FacetValue{"sites": fv}, v)
	if len(g.Top) != facetsShown || len(g.Top)+len(g.More) != 9 {
		t.Fatalf("group: %d shown + %d under voir plus, want %d + %d", len(g.Top), len(g.More), facetsShown, 9-facetsShown)
	}
	if g.Top[0].Value != "Ailleurs" || !g.Top[0].Checked {
		t.Errorf("an active value missing from the facet is not shown first and checked: %+v", g.Top[0])
	}
	for _, x := range append(g.Top, g.More...) {
		if x.Checked != (x.Value == "Site 6" || x.Value == "Ailleurs") {
			t.Errorf("value %q checked = %v", x.Value, x.Checked)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	ix, err := indexer.OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	h := New(search.New(ix))
	code, body := get(t, h, "/")
	if code != http.StatusOK || !strings.Contains(body, "aucun article") || !strings.Contains(body, "vigie crawl") {
		t.Errorf("empty index: status %d, no French explanation", code)
	}
	if code, body := get(t, h, "/evenements"); code != http.StatusOK || !strings.Contains(body, "Aucune signature ne correspond") {
		t.Errorf("empty index events: status %d, no French message", code)
	}
}

// TestMountedBesideAPI mounts the interface as cmd/vigie does, beside the
// JSON API at "/": the patterns must not conflict and each side answers its
// own paths.
func TestMountedBesideAPI(t *testing.T) {
	ix, err := indexer.OpenMem()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Put(context.Background(), testDocs()...); err != nil {
		t.Fatal(err)
	}
	svc := search.New(ix)
	mux := http.NewServeMux()
	mux.Handle("/", search.NewHandler(svc, search.Config{}))
	ui := New(svc)
	for _, p := range Patterns() {
		mux.Handle(p, ui)
	}
	if code, body := get(t, mux, "/?q=Dole"); code != http.StatusOK || !strings.Contains(body, `href="/static/vigie.css"`) {
		t.Errorf("GET /: status %d, not the web interface", code)
	}
	if code, body := get(t, mux, "/api/search?q=Dole"); code != http.StatusOK || !strings.HasPrefix(body, `{"total":`) {
		t.Errorf("GET /api/search: status %d, not JSON: %.60s", code, body)
	}
}
