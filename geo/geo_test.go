package geo

import (
	"testing"

	"vigie"
)

func TestFold(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Dôle", "Dole"}, {"DOLE", "dole"}, {"Nord Franche Comté", "Nord-Franche-Comté"},
		{"Saint-Denis", "St Denis"}, {"Sainte-Maxime", "Ste-Maxime"}, {"L'Haÿ-les-Roses", "L’Hay les Roses"},
		{"Île-de-France", "Ile de France"}, {"Cœur", "coeur"},
	}
	for _, tt := range tests {
		if Fold(tt.a) != Fold(tt.b) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q, want equal", tt.a, Fold(tt.a), tt.b, Fold(tt.b))
		}
	}
	if Fold("Dole") == Fold("Dol") {
		t.Error("Fold merges different names")
	}
}

func TestResolve(t *testing.T) {
	g := Default()
	tests := []struct {
		name      string
		ctx       Context
		want      string
		kind      string
		dept      string
		region    string
		ambiguous bool
	}{
		{name: "Dôle", want: "Dole", kind: vigie.PlaceCommune, dept: "Jura", region: "Bourgogne-Franche-Comté"},
		{name: "Béthune", want: "Béthune", kind: vigie.PlaceCommune, dept: "Pas-de-Calais", region: "Hauts-de-France"},
		{name: "Jura", want: "Jura", kind: vigie.PlaceDepartement, region: "Bourgogne-Franche-Comté", dept: "Jura"},
		{name: "Pyrénées-Orientales", want: "Pyrénées-Orientales", kind: vigie.PlaceDepartement, region: "Occitanie", dept: "Pyrénées-Orientales"},
		{name: "Hauts de France", want: "Hauts-de-France", kind: vigie.PlaceRegion, region: "Hauts-de-France"},
		{name: "Franche-Comté", want: "Franche-Comté", kind: vigie.PlaceOther, region: "Bourgogne-Franche-Comté"},
		{name: "Paris", want: "Paris", kind: vigie.PlaceCommune, dept: "Paris", region: "Île-de-France"},
		{name: "Valence", ctx: Context{Departements: []string{"Drôme"}}, want: "Valence", kind: vigie.PlaceCommune, dept: "Drôme"},
		{name: "Valence", ctx: Context{Departements: []string{"82"}}, want: "Valence", kind: vigie.PlaceCommune, dept: "Tarn-et-Garonne"},
		{name: "Saint-Denis", ctx: Context{Regions: []string{"La Réunion"}}, want: "Saint-Denis", kind: vigie.PlaceCommune, dept: "La Réunion"},
		{name: "Grand Dole", want: "CA du Grand Dole", kind: vigie.PlaceEPCI, dept: "Jura"},
		{name: "Valence", want: "Valence", kind: vigie.PlaceCommune, ambiguous: true},
		{name: "France", want: "France", kind: vigie.PlaceCountry},
	}
	for _, tt := range tests {
		p, ok := g.Resolve(tt.name, tt.ctx)
		if !ok {
			t.Errorf("Resolve(%q) unknown", tt.name)
			continue
		}
		if p.Name != tt.want || p.Kind != tt.kind || p.Departement != tt.dept || (tt.region != "" && p.Region != tt.region) || p.Ambiguous != tt.ambiguous {
			t.Errorf("Resolve(%q, %v) = %+v, want %s %s dept=%q region=%q ambiguous=%v", tt.name, tt.ctx, p, tt.kind, tt.want, tt.dept, tt.region, tt.ambiguous)
		}
	}
	if _, ok := g.Resolve("Zzyzx-sur-Rien", Context{}); ok {
		t.Error("unknown toponym resolved")
	}
}

func TestMembersAndCoordinates(t *testing.T) {
	g := Default()
	p, _ := g.Resolve("Grand Dole", Context{})
	found := false
	for _, m := range g.Members(p) {
		found = found || m.Name == "Dole"
	}
	if !found {
		t.Errorf("members of %s lack Dole", p.Name)
	}
	d, _ := g.Resolve("Dole", Context{})
	if !d.HasCoords() || d.Lat < 46 || d.Lat > 48 || d.Lon < 5 || d.Lon > 6 {
		t.Errorf("Dole coordinates %v,%v", d.Lat, d.Lon)
	}
	if d.Code != "39198" {
		t.Errorf("Dole INSEE code %q, want 39198", d.Code)
	}
}

func BenchmarkResolve(b *testing.B) {
	g := Default()
	names := []string{"Dole", "Béthune", "Saint-Denis", "Nord Franche Comté", "Inconnu"}
	for i := 0; b.Loop(); i++ {
		g.Resolve(names[i%len(names)], Context{})
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := parse(gazetteerData); err != nil {
			b.Fatal(err)
		}
	}
}
