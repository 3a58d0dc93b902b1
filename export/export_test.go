package export_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"vigie"
	"vigie/export"
	"vigie/indexer"
	"vigie/search"
)

var (
	dole    = vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Code: "39198", Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	bethune = vigie.Place{Name: "Béthune", Kind: vigie.PlaceCommune, Code: "62119", Departement: "Pas-de-Calais", Region: "Hauts-de-France", Lat: 50.53, Lon: 2.64}
)

// corpus has two reports of the Dole signing (two sites), one of the
// Béthune declaration, and an article without a signing.
func corpus() []*vigie.Document {
	doleEvent := func(signers ...vigie.Signatory) vigie.Event {
		return vigie.Event{Date: "2024-05-15", Place: "Dole", PlaceRef: &dole, Agreement: "contrat Territoires d'industrie", Type: "contrat", Signatories: signers}
	}
	anne := vigie.Signatory{Name: "Anne Fictive", Role: "présidente", Org: "Grand Dole"}
	eloise := vigie.Signatory{Name: "Éloïse Préfète", Role: "préfète", Org: "État"}
	return []*vigie.Document{
		{URL: "https://journal.example/dole", Site: "journal.example", Title: "Un contrat signé à Dole",
			Text: "Le Grand Dole a signé le contrat Territoires d'industrie.", Published: "2024-05-27", ContentHash: "a", IsSigning: true,
			Places: []vigie.Place{dole}, Persons: []string{"Anne Fictive"}, Orgs: []string{"Grand Dole"}, Events: []vigie.Event{doleEvent(anne)}},
		{URL: "https://prefecture.example/dole", Site: "prefecture.example", Title: "Signature du contrat Territoires d'industrie du Grand Dole",
			Text: "La préfète et la présidente du Grand Dole ont signé le contrat.", Published: "2024-05-16", ContentHash: "b", IsSigning: true,
			Places: []vigie.Place{dole}, Persons: []string{"Anne Fictive", "Éloïse Préfète"}, Orgs: []string{"Grand Dole", "État"},
			Events: []vigie.Event{doleEvent(anne, eloise)}},
		{URL: "https://region.example/bethune", Site: "region.example", Title: "Déclaration commune à Béthune",
			Text: "La Région et les intercommunalités ont signé une déclaration commune, « pour l'industrie ».", Published: "2023-12-18",
			ContentHash: "c", IsSigning: true, Places: []vigie.Place{bethune}, Persons: []string{"Paul Imaginaire"}, Orgs: []string{"Intercommunalités de France"},
			Events: []vigie.Event{{Date: "2023-12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "déclaration commune", Type: "déclaration",
				Signatories: []vigie.Signatory{{Name: "Paul Imaginaire", Role: "président", Org: "Intercommunalités de France"}}}}},
		{URL: "https://journal.example/meteo", Site: "journal.example", Title: "La météo du week-end",
			Text: "Du soleil sur le Jura samedi.", Published: "2024-05-30", ContentHash: "d", Places: []vigie.Place{dole}},
	}
}

func mustSource(tb testing.TB, docs ...*vigie.Document) export.Source {
	tb.Helper()
	ix, err := indexer.OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	if err := ix.Put(context.Background(), docs...); err != nil {
		tb.Fatal(err)
	}
	return export.Source{Search: search.New(ix), Documents: ix, PageSize: 2} // small pages exercise paging
}

// wantEvents are the events of corpus() as exported, newest document first.
var wantEvents = [][]string{
	{"2024-05-15", "Dole", "39198", "Jura", "Bourgogne-Franche-Comté", "contrat Territoires d'industrie", "contrat",
		"Anne Fictive (présidente, Grand Dole); Éloïse Préfète (préfète, État)", "https://prefecture.example/dole https://journal.example/dole"},
	{"2023-12-18", "Béthune", "62119", "Pas-de-Calais", "Hauts-de-France", "déclaration commune", "déclaration",
		"Paul Imaginaire (président, Intercommunalités de France)", "https://region.example/bethune"},
}

func TestEventsCSVRoundTrip(t *testing.T) {
	src := mustSource(t, corpus()...)
	var buf bytes.Buffer
	n, err := export.WriteEvents(context.Background(), src, vigie.Query{}, export.CSV, &buf, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("WriteEvents wrote %d events, want 2 (two reports of Dole are one event)", n)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatal("CSV has no UTF-8 BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(export.EventColumns, ",") {
		t.Errorf("header = %q", recs[0])
	}
	if len(recs)-1 != len(wantEvents) {
		t.Fatalf("got %d rows, want %d:\n%s", len(recs)-1, len(wantEvents), b)
	}
	for i, want := range wantEvents {
		if got := recs[i+1]; strings.Join(got, "\t") != strings.Join(want, "\t") {
			t.Errorf("row %d:\n got %q\nwant %q", i+1, got, want)
		}
	}
	// The rows are the events of /api/events, in its order.
	res, err := src.Search.Events(context.Background(), vigie.Query{Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != len(recs)-1 {
		t.Fatalf("/api/events has %d events, the CSV %d", len(res.Events), len(recs)-1)
	}
	for i, e := range res.Events {
		if want := export.EventCells(export.RowOf(e)); strings.Join(recs[i+1], "\t") != strings.Join(want, "\t") {
			t.Errorf("row %d = %q, want event %s: %q", i+1, recs[i+1], e.ID, want)
		}
	}
}

func TestEventsJSONLinesAndFilters(t *testing.T) {
	src := mustSource(t, corpus()...)
	tests := []struct {
		name  string
		q     vigie.Query
		wantN int
	}{
		{"all", vigie.Query{}, 2},
		{"region", vigie.Query{Regions: []string{"Hauts-de-France"}}, 1},
		{"signatory", vigie.Query{Signatories: []string{"Éloïse Préfète"}}, 1},
		{"event date", vigie.Query{FromDate: "2024-01"}, 1},
		{"text", vigie.Query{Text: "météo"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := export.WriteEvents(context.Background(), src, tt.q, export.JSONL, &buf, export.Options{}); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(&buf)
			n := 0
			for sc.Scan() {
				var r export.EventRow
				if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
					t.Fatalf("line %d: %v", n+1, err)
				}
				if r.Key == "" || len(r.Sources) == 0 {
					t.Errorf("line %d lacks key or sources: %s", n+1, sc.Bytes())
				}
				n++
			}
			if n != tt.wantN {
				t.Errorf("%d lines, want %d", n, tt.wantN)
			}
		})
	}
}

func TestEventsXLSX(t *testing.T) {
	src := mustSource(t, corpus()...)
	var buf bytes.Buffer
	if _, err := export.WriteEvents(context.Background(), src, vigie.Query{}, export.XLSX, &buf, export.Options{}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot open the export: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header + 2", len(rows))
	}
	for i, want := range wantEvents {
		if strings.Join(rows[i+1], "\t") != strings.Join(want, "\t") {
			t.Errorf("row %d:\n got %q\nwant %q", i+2, rows[i+1], want)
		}
	}
}

func TestEntities(t *testing.T) {
	src := mustSource(t, corpus()...)
	rows, err := src.Entities(context.Background(), vigie.Query{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]export.EntityRow{}
	for _, r := range rows {
		got[r.Kind+"/"+r.Name] = r
	}
	want := []export.EntityRow{
		{Kind: "personne", Name: "Anne Fictive", Documents: 2, Events: 1},
		{Kind: "personne", Name: "Éloïse Préfète", Documents: 1, Events: 1},
		{Kind: "organisation", Name: "Grand Dole", Documents: 2, Events: 1},
		{Kind: "lieu", Name: "Dole", Code: "39198", Documents: 3, Events: 1},
		{Kind: "lieu", Name: "Béthune", Code: "62119", Documents: 1, Events: 1},
	}
	for _, w := range want {
		if g := got[w.Kind+"/"+w.Name]; g != w {
			t.Errorf("entity %s/%s = %+v, want %+v", w.Kind, w.Name, g, w)
		}
	}
	if rows[0].Name != "Dole" {
		t.Errorf("first entity = %s, want the most cited (Dole)", rows[0].Name)
	}
	var buf bytes.Buffer
	n, err := export.WriteEntities(context.Background(), src, vigie.Query{}, export.XLSX, &buf, export.Options{})
	if err != nil || n != len(rows) {
		t.Fatalf("WriteEntities = %d, %v", n, err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(f.GetSheetList()[0], "D2"); v != "3" {
		t.Errorf("D2 = %q, want 3", v)
	}
}

func newServer(t *testing.T, src export.Source) *httptest.Server {
	t.Helper()
	h := &export.Handler{Source: src, ParseQuery: search.ParseQuery, Now: func() time.Time { return time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC) }}
	mux := http.NewServeMux()
	h.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestExportHTTP(t *testing.T) {
	srv := newServer(t, mustSource(t, corpus()...))
	tests := []struct {
		query, wantType, wantFile string
		wantStatus                int
		check                     func(t *testing.T, body []byte)
	}{
		{"format=csv&region=Bourgogne-Franche-Comté", "text/csv; charset=utf-8", "vigie-evenements-", 200, func(t *testing.T, b []byte) {
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
			if err != nil || len(recs) != 2 || recs[1][1] != "Dole" {
				t.Errorf("records = %q, %v; want the Dole event", recs, err)
			}
		}},
		{"format=csv&sep=semicolon&rows=entities&q=Béthune", "text/csv; charset=utf-8", "vigie-entites-", 200, func(t *testing.T, b []byte) {
			if !strings.HasPrefix(string(b), "\uFEFFType;Nom;Code;Documents;Événements\n") || !strings.Contains(string(b), "personne;Paul Imaginaire;;1;1") {
				t.Errorf("semicolon CSV = %q", b)
			}
		}},
		{"sep=tab", "application/json; charset=utf-8", "", 400, nil},
		{"format=jsonl&rows=entities&q=Béthune", "application/x-ndjson; charset=utf-8", "vigie-entites-", 200, func(t *testing.T, b []byte) {
			if !strings.Contains(string(b), `"name":"Paul Imaginaire"`) || strings.Contains(string(b), "Anne Fictive") {
				t.Errorf("entities = %s", b)
			}
		}},
		{"format=xlsx&size=1", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", 200, func(t *testing.T, b []byte) {
			f, err := excelize.OpenReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			rows, _ := f.GetRows(f.GetSheetList()[0])
			if len(rows) != 3 {
				t.Errorf("%d rows, want 3: size is ignored, an export has every event", len(rows))
			}
		}},
		{"format=pdf", "application/json; charset=utf-8", "", 400, func(t *testing.T, b []byte) {
			if !strings.Contains(string(b), `"field":"format"`) {
				t.Errorf("error = %s, want it to name the format field", b)
			}
		}},
		{"from_date=hier", "application/json; charset=utf-8", "", 400, nil},
		{"rows=people", "application/json; charset=utf-8", "", 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/api/export?" + tt.query)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus || resp.Header.Get("Content-Type") != tt.wantType {
				t.Fatalf("status %d type %q, want %d %q: %s", resp.StatusCode, resp.Header.Get("Content-Type"), tt.wantStatus, tt.wantType, b)
			}
			if cd := resp.Header.Get("Content-Disposition"); tt.wantFile != "" && !strings.Contains(cd, tt.wantFile) {
				t.Errorf("Content-Disposition = %q, want %q in it", cd, tt.wantFile)
			}
			if tt.check != nil {
				tt.check(t, b)
			}
		})
	}
}

func TestReport(t *testing.T) {
	srv := newServer(t, mustSource(t, corpus()...))
	get := func(q string) (*http.Response, string) {
		resp, err := http.Get(srv.URL + "/rapport?" + q)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := get("q=contrat+OR+déclaration")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, page)
	}
	for _, want := range []string{
		"<strong>2</strong>signatures", "<strong>3</strong>articles sources", // two events from three articles
		"Bourgogne-Franche-Comté", "Hauts-de-France", "Anne Fictive", "Grand Dole",
		"15 mai 2024", "18 décembre 2023", "déc. 2023", "<svg class=\"carte\"", "<circle", "<svg class=\"frise\"",
		"Télécharger", `href="/rapport/rapport.css"`, "Établi le 1er juin 2024 à 12 h 00",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// Months without signings between the two are drawn as empty bars.
	if n := strings.Count(page, "<rect x="); n != 6 {
		t.Errorf("timeline has %d bars, want 6 (déc. 2023 to mai 2024)", n)
	}
	resp, page = get("region=Hauts-de-France&download=1")
	if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
		t.Errorf("download Content-Disposition = %q", cd)
	}
	if strings.Contains(page, "Anne Fictive") || !strings.Contains(page, "Paul Imaginaire") {
		t.Error("downloaded report does not follow the région filter")
	}
	// Self-contained: no external stylesheet, script, image or font.
	for _, bad := range []string{"<link", "<script src", "<img", "@import", "url("} {
		if strings.Contains(page, bad) {
			t.Errorf("downloaded report contains %q", bad)
		}
	}
	if strings.Contains(page, "Télécharger") {
		t.Error("downloaded report still has the download links")
	}
	if !strings.Contains(page, "@media print") || !strings.Contains(page, "<style>") {
		t.Error("downloaded report lacks its inline stylesheet with print rules")
	}
	// The page the server shows has no inline script or style attribute,
	// which the server's Content-Security-Policy would block.
	_, online := get("q=contrat")
	for _, bad := range []string{"<script>", "onclick=", "style=", "<style>"} {
		if strings.Contains(online, bad) {
			t.Errorf("report page contains %q", bad)
		}
	}
	for _, asset := range []string{"/rapport/rapport.css", "/rapport/rapport.js"} {
		resp, err := http.Get(srv.URL + asset)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s = %v, %v", asset, resp.Status, err)
			continue
		}
		resp.Body.Close()
	}
	resp, _ = get("sort=sideways")
	if resp.StatusCode != 400 {
		t.Errorf("bad query: status %d, want 400", resp.StatusCode)
	}
	resp, page = get("q=introuvable")
	if resp.StatusCode != 200 || !strings.Contains(page, "Aucune signature") {
		t.Errorf("empty report: %d %s", resp.StatusCode, page)
	}
}

// BenchmarkWriteEventsCSV measures a streaming export of 2,000 documents.
func BenchmarkWriteEventsCSV(b *testing.B) {
	var docs []*vigie.Document
	for i := range 2000 {
		d := corpus()[i%3]
		c := *d
		c.URL = fmt.Sprintf("https://journal.example/%d", i)
		c.ContentHash = fmt.Sprint(i)
		c.Events = []vigie.Event{d.Events[0]}
		c.Events[0].Date = fmt.Sprintf("%d-%02d-%02d", 2000+i/84, 1+i%12, 1+i%28) // one signing per day
		c.Events[0].Agreement = fmt.Sprintf("convention %d", i)
		c.Events[0].Signatories = []vigie.Signatory{{Name: fmt.Sprintf("Personne Numéro%d", i), Role: "maire"}}
		docs = append(docs, &c)
	}
	src := mustSource(b, docs...)
	src.PageSize = 200
	b.ResetTimer()
	n := 0
	for range b.N {
		var err error
		n, err = export.WriteEvents(context.Background(), src, vigie.Query{}, export.CSV, io.Discard, export.Options{})
		if err != nil || n < 1000 {
			b.Fatalf("WriteEvents = %d, %v; want over 1,000 events", n, err)
		}
	}
	b.ReportMetric(float64(n), "events/op")
}
