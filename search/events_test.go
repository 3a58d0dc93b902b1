package search

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"vigie"
)

// signingDocs mirrors the seed documents with fictional names: two signings
// (Béthune in December, Dole in May), each reported by two documents, one of
// which gives the Béthune date without a year and another only mentions the
// Dole signing without signatories.
func signingDocs() []*vigie.Document {
	bethune := vigie.Place{Name: "Béthune", Kind: vigie.PlaceCommune, Departement: "Pas-de-Calais", Region: "Hauts-de-France", Lat: 50.53, Lon: 2.64}
	dole := vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	return []*vigie.Document{
		{URL: "https://a.example/dole", Site: "a.example", Title: "Déclaration commune à Dole", Text: "Signature à Dole.",
			Published: "", ContentHash: "1", IsSigning: true, Places: []vigie.Place{dole, bethune},
			Events: []vigie.Event{
				{Date: "2024-05-15", Place: "Dole", PlaceRef: &dole, Agreement: "déclaration commune pour la réindustrialisation", Type: "déclaration",
					Signatories: []vigie.Signatory{{Name: "Lucie Fictive", Role: "présidente", Org: "Région Bourgogne-Franche-Comté"}, {Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}}},
				{Date: "2023-12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "pacte similaire avec la Région Hauts-de-France"},
			}},
		{URL: "https://b.example/bethune", Site: "b.example", Title: "Déclaration de Béthune", Text: "Les intercommunalités et la région.",
			Published: "", ContentHash: "2", IsSigning: true, Places: []vigie.Place{bethune},
			Events: []vigie.Event{{Date: "--12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "déclaration commune région-intercos pour la réindustrialisation des territoires", Type: "déclaration",
				Signatories: []vigie.Signatory{{Name: "Hugo Modèle", Role: "président", Org: "Région Hauts-de-France"}, {Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}, {Name: "Olivier Témoin", Role: "président", Org: "Communauté d'agglomération de Béthune"}}}}},
		{URL: "https://c.example/accord", Site: "c.example", Title: "L'accord de Béthune, six mois après", Text: "Retour sur l'accord de Béthune.",
			Published: "2024-05-27", ContentHash: "3", IsSigning: true, Places: []vigie.Place{bethune, dole},
			Events: []vigie.Event{
				{Date: "2023-12-18", Place: "Béthune", PlaceRef: &bethune, Agreement: "déclaration commune région-intercommunalités (accord de Béthune)", Type: "déclaration",
					Signatories: []vigie.Signatory{{Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}, {Name: "Hugo Modèle", Role: "président du conseil régional", Org: "Région Hauts-de-France"}}},
				{Date: "2024-05-15", Place: "Dôle", PlaceRef: &dole, Agreement: "déclaration similaire avec la Région Bourgogne-Franche-Comté"},
			}},
		// Another signing the same day in another place: not merged.
		{URL: "https://d.example/autre", Site: "d.example", Title: "Un contrat à Arras", Text: "Contrat signé à Arras.",
			Published: "2023-12-19", ContentHash: "4", IsSigning: true,
			Events: []vigie.Event{{Date: "2023-12-18", Place: "Arras", Agreement: "contrat de relance", Type: "contrat",
				Signatories: []vigie.Signatory{{Name: "Marc Exemple", Role: "président", Org: "Intercommunalités de France"}}}}},
	}
}

func TestEventsMerged(t *testing.T) {
	s := New(mustIndex(t, signingDocs()...))
	res, err := s.Events(context.Background(), vigie.Query{Size: 50})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 {
		for _, e := range res.Events {
			t.Logf("%s %s %s %d sources", e.Date, e.Place, e.Agreement, len(e.Sources))
		}
		t.Fatalf("Events: total %d, want 3 (Dole, Béthune, Arras)", res.Total)
	}
	byPlace := map[string]Signing{}
	for _, e := range res.Events {
		byPlace[e.Place] = e
	}
	b := byPlace["Béthune"]
	if len(b.Sources) != 3 || b.Date != "2023-12-18" {
		t.Errorf("Béthune event: date %q, %d sources, want 2023-12-18 and 3", b.Date, len(b.Sources))
	}
	var names []string
	for _, sg := range b.Signatories {
		names = append(names, sg.Name)
	}
	slices.Sort(names)
	if strings.Join(names, ",") != "Hugo Modèle,Marc Exemple,Olivier Témoin" {
		t.Errorf("Béthune signatories = %v", names)
	}
	if d := byPlace["Dole"]; len(d.Sources) != 2 || d.Date != "2024-05-15" {
		t.Errorf("Dole event: date %q, %d sources, want 2", d.Date, len(d.Sources))
	}
	if a := byPlace["Arras"]; len(a.Sources) != 1 {
		t.Errorf("Arras event has %d sources, want 1", len(a.Sources))
	}
	if got := []string{res.Events[0].Place, res.Events[1].Place, res.Events[2].Place}; got[0] != "Dole" {
		t.Errorf("events order = %v, want newest (Dole) first", got)
	}
	if fv := res.Facets["signatories"]; len(fv) == 0 || fv[0] != (vigie.FacetValue{Value: "Marc Exemple", Count: 3}) {
		t.Errorf("signatories facet = %v", fv)
	}
}

func TestEventFilters(t *testing.T) {
	s := New(mustIndex(t, signingDocs()...))
	tests := []struct {
		name string
		q    vigie.Query
		want []string // places
	}{
		{"signatory", vigie.Query{Signatories: []string{"hugo modele"}}, []string{"Béthune"}},
		{"region since", vigie.Query{Regions: []string{"Hauts-de-France"}, FromDate: "2023"}, []string{"Béthune"}},
		{"date range", vigie.Query{FromDate: "2024-01-01"}, []string{"Dole"}},
		{"type", vigie.Query{Types: []string{"contrat"}}, []string{"Arras"}},
		{"text", vigie.Query{Text: "accord Béthune"}, []string{"Dole", "Béthune"}},
		{"date asc", vigie.Query{Sort: "date_asc"}, []string{"Béthune", "Arras", "Dole"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Events(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range res.Events {
				got = append(got, e.Place)
			}
			if tt.name != "date asc" {
				slices.Sort(got)
				slices.Sort(tt.want)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Events(%+v) = %v, want %v", tt.q, got, tt.want)
			}
		})
	}
}

func TestEntities(t *testing.T) {
	s := New(mustIndex(t, signingDocs()...))
	ctx := context.Background()
	p, err := s.Entity(ctx, EntityPersons, "marc exemple")
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "Marc Exemple" || len(p.Events) != 3 {
		t.Errorf("person: name %q, %d events, want 3", p.Name, len(p.Events))
	}
	if len(p.Roles) != 1 || p.Roles[0] != (RoleSeen{Role: "président", Org: "Intercommunalités de France", Count: 3}) {
		t.Errorf("person roles = %+v", p.Roles)
	}
	if len(p.CoSignatories) == 0 || p.CoSignatories[0] != (vigie.FacetValue{Value: "Hugo Modèle", Count: 1}) {
		t.Errorf("co-signatories = %+v", p.CoSignatories)
	}
	if p.FirstSeen != "2023-12-18" || p.LastSeen != "2024-05-27" {
		t.Errorf("first/last seen = %q, %q", p.FirstSeen, p.LastSeen)
	}
	if len(p.Documents) != 4 {
		t.Errorf("person documents = %d, want 4", len(p.Documents))
	}

	pl, err := s.Entity(ctx, EntityPlaces, "Bethune")
	if err != nil {
		t.Fatal(err)
	}
	if pl.Place == nil || pl.Place.Departement != "Pas-de-Calais" || pl.Place.Region != "Hauts-de-France" || len(pl.Events) != 1 {
		t.Errorf("place = %+v, %d events", pl.Place, len(pl.Events))
	}
	reg, err := s.Entity(ctx, EntityPlaces, "hauts-de-france")
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Events) != 1 || reg.Events[0].Place != "Béthune" {
		t.Errorf("région events = %+v", reg.Events)
	}

	org, err := s.Entity(ctx, EntityOrgs, "Intercommunalités de France")
	if err != nil {
		t.Fatal(err)
	}
	if len(org.Persons) != 1 || org.Persons[0].Value != "Marc Exemple" || len(org.CoSignatories) == 0 {
		t.Errorf("org persons = %+v, co = %+v", org.Persons, org.CoSignatories)
	}
	if _, err := s.Entity(ctx, EntityPersons, "Nobody Here"); !errors.Is(err, vigie.ErrNotFound) {
		t.Errorf("unknown person: %v, want ErrNotFound", err)
	}
	if _, err := s.Entity(ctx, "animals", "x"); !errors.Is(err, vigie.ErrInvalid) {
		t.Errorf("unknown kind: %v, want ErrInvalid", err)
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	var spec struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &spec); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(spec.OpenAPI, "3.") {
		t.Errorf("openapi version %q", spec.OpenAPI)
	}
	srv := &server{}
	described := map[string]bool{}
	for _, rt := range srv.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		if !strings.HasPrefix(path, "/api/") && path != "/healthz" {
			continue
		}
		described[strings.ToLower(method)+" "+path] = true
		if _, ok := spec.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %s is not in openapi.json", rt.pattern)
		}
	}
	for path, ops := range spec.Paths {
		for m := range ops {
			if !described[m+" "+path] {
				t.Errorf("openapi.json describes %s %s, which no route serves", m, path)
			}
		}
	}
	ts := httptest.NewServer(NewHandler(New(mustIndex(t, signingDocs()...)), Config{}))
	defer ts.Close()
	for _, path := range []string{"/api/openapi.json", "/api/events?q=Béthune", "/api/entities/persons/Marc%20Exemple", "/api/entities/places/Dole"} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
	for path, want := range map[string]int{"/api/entities/persons/Inconnu": 404, "/api/entities/robots/x": 400, "/api/events?to_date=x": 400, "/api/nope": 404} {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
}
