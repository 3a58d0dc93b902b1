package geo

import (
	"bytes"
	"compress/gzip"
	"runtime"
	"strings"
	"testing"

	"vigie"
)

func TestFold(t *testing.T) {
	same := []struct{ a, b string }{
		{"Dôle", "Dole"}, {"DOLE", "dole"}, {"Nord Franche Comté", "Nord-Franche-Comté"},
		{"Saint-Denis", "St Denis"}, {"Saint-Denis", "St.-Denis"}, {"Sainte-Maxime", "Ste-Maxime"},
		{"L'Haÿ-les-Roses", "L’Hay les Roses"}, {"Île-de-France", "Ile de France"}, {"Cœur", "coeur"},
		{"  Pays   de  Montbéliard ", "pays de montbeliard"}, {"Saint\u00a0Étienne", "saint-etienne"},
		{"ÉPINAL", "Epinal"}, {"Bourg-en-Bresse", "Bourg en Bresse"},
	}
	for _, tt := range same {
		if Fold(tt.a) != Fold(tt.b) {
			t.Errorf("Fold(%q) = %q, Fold(%q) = %q, want equal", tt.a, Fold(tt.a), tt.b, Fold(tt.b))
		}
	}
	exact := []struct{ in, want string }{
		{"Saint-Étienne", "st etienne"}, {"Sainte-Foy-lès-Lyon", "ste foy les lyon"},
		{"Saintes", "saintes"}, {"Toussaint", "toussaint"}, {"Côtes-d'Armor", "cotes d armor"}, {"", ""},
	}
	for _, tt := range exact {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, pair := range [][2]string{{"Dole", "Dol"}, {"Saintes", "Saint"}, {"Sète", "Sete-Est"}} {
		if Fold(pair[0]) == Fold(pair[1]) {
			t.Errorf("Fold(%q) == Fold(%q), want different", pair[0], pair[1])
		}
	}
}

// has reports whether ps holds a place of that kind and code.
func has(ps []vigie.Place, kind, code string) bool {
	for _, p := range ps {
		if p.Kind == kind && p.Code == code {
			return true
		}
	}
	return false
}

func TestLookup(t *testing.T) {
	g := Default()
	tests := []struct {
		name, kind, code string
	}{
		{"Dôle", vigie.PlaceCommune, "39198"},
		{"DOLE", vigie.PlaceCommune, "39198"},
		{"Saint-Denis", vigie.PlaceCommune, "93066"},
		{"Saint-Denis", vigie.PlaceCommune, "97411"},
		{"St-Denis", vigie.PlaceCommune, "97411"},
		{"St-Étienne", vigie.PlaceCommune, "42218"},
		{"Ste-Maxime", vigie.PlaceCommune, "83115"},
		{"L’Haÿ-les-Roses", vigie.PlaceCommune, "94038"},
		{"Valence", vigie.PlaceCommune, "26362"},
		{"Valence", vigie.PlaceCommune, "82186"},
		{"Béthune", vigie.PlaceCommune, "62119"},
		{"Paris 15e Arrondissement", vigie.PlaceCommune, "75056"}, // municipal arrondissement
		{"Bellegarde-sur-Valserine", vigie.PlaceCommune, "01033"}, // commune déléguée of Valserhône
		{"CA du Grand Dole", vigie.PlaceEPCI, "200010650"},
		{"Grand Dole", vigie.PlaceEPCI, "200010650"},
		{"Communauté d'agglomération du Grand Dole", vigie.PlaceEPCI, "200010650"},
		{"Pays de Montbéliard", vigie.PlaceEPCI, "200065647"},
		{"Grand Paris", vigie.PlaceEPCI, "200054781"},
		{"Jura", vigie.PlaceDepartement, "39"},
		{"Pyrénées Orientales", vigie.PlaceDepartement, "66"},
		{"Cotes d'Armor", vigie.PlaceDepartement, "22"},
		{"Ile de France", vigie.PlaceRegion, "11"},
		{"Hauts de France", vigie.PlaceRegion, "32"},
		{"PACA", vigie.PlaceRegion, "93"},
		{"France", vigie.PlaceCountry, "FR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := g.Lookup(tt.name); !has(got, tt.kind, tt.code) {
				t.Errorf("Lookup(%q) = %+v, want a %s with code %s", tt.name, got, tt.kind, tt.code)
			}
			if !g.IsKnown(tt.name) {
				t.Errorf("IsKnown(%q) = false", tt.name)
			}
		})
	}
	// Homonyms: every commune of the name, the most populous first.
	sd := g.Lookup("Saint-Denis")
	if len(sd) < 4 || sd[0].Code != "97411" {
		t.Errorf("Lookup(Saint-Denis) = %+v, want at least 4 communes, 97411 first", sd)
	}
	// Derived EPCI names never hide a commune: "Rennes" is the commune only.
	if got := g.Lookup("Rennes"); len(got) != 1 || got[0].Kind != vigie.PlaceCommune {
		t.Errorf("Lookup(Rennes) = %+v, want the commune alone", got)
	}
	for _, name := range []string{"Zzyzx-sur-Rien", "", "   ", "Dol-de-Franche"} {
		if got := g.Lookup(name); got != nil {
			t.Errorf("Lookup(%q) = %+v, want nil", name, got)
		}
		if g.IsKnown(name) {
			t.Errorf("IsKnown(%q) = true", name)
		}
	}
}

func TestResolve(t *testing.T) {
	g := Default()
	const bfc = "Bourgogne-Franche-Comté"
	tests := []struct {
		name      string
		ctx       Context
		kind      string
		want      string // official name
		code      string
		dept      string
		region    string
		ambiguous bool
	}{
		{name: "Dôle", kind: vigie.PlaceCommune, want: "Dole", code: "39198", dept: "Jura", region: bfc},
		{name: "Béthune", kind: vigie.PlaceCommune, want: "Béthune", code: "62119", dept: "Pas-de-Calais", region: "Hauts-de-France"},
		{name: "Jura", kind: vigie.PlaceDepartement, want: "Jura", code: "39", dept: "Jura", region: bfc},
		{name: "Pyrénées-Orientales", kind: vigie.PlaceDepartement, want: "Pyrénées-Orientales", code: "66", dept: "Pyrénées-Orientales", region: "Occitanie"},
		{name: "Hauts de France", kind: vigie.PlaceRegion, want: "Hauts-de-France", code: "32", region: "Hauts-de-France"},
		{name: "Franche-Comté", kind: vigie.PlaceOther, want: "Franche-Comté", region: bfc},
		{name: "Nord Franche Comté", kind: vigie.PlaceOther, want: "Nord-Franche-Comté", region: bfc},
		{name: "Midi-Pyrénées", kind: vigie.PlaceOther, want: "Midi-Pyrénées", region: "Occitanie"},
		{name: "Rhône-Alpes", kind: vigie.PlaceOther, want: "Rhône-Alpes", region: "Auvergne-Rhône-Alpes"},
		{name: "Basse-Normandie", kind: vigie.PlaceOther, want: "Basse-Normandie", region: "Normandie"},
		{name: "Paris", kind: vigie.PlaceCommune, want: "Paris", code: "75056", dept: "Paris", region: "Île-de-France"},
		{name: "France", kind: vigie.PlaceCountry, want: "France", code: "FR"},
		{name: "Grand Dole", kind: vigie.PlaceEPCI, want: "CA du Grand Dole", code: "200010650", dept: "Jura", region: bfc},
		// Homonyms told apart by the département or région named nearby.
		{name: "Valence", ctx: Context{Departements: []string{"Drôme"}}, kind: vigie.PlaceCommune, want: "Valence", code: "26362", dept: "Drôme", region: "Auvergne-Rhône-Alpes"},
		{name: "Valence", ctx: Context{Departements: []string{"82"}}, kind: vigie.PlaceCommune, want: "Valence", code: "82186", dept: "Tarn-et-Garonne", region: "Occitanie"},
		{name: "Valence", ctx: Context{Regions: []string{"Occitanie"}}, kind: vigie.PlaceCommune, want: "Valence", code: "82186", dept: "Tarn-et-Garonne", region: "Occitanie"},
		{name: "Valence", ctx: Context{Regions: []string{"Midi-Pyrénées"}}, kind: vigie.PlaceCommune, want: "Valence", code: "82186", dept: "Tarn-et-Garonne", region: "Occitanie"},
		{name: "Saint-Denis", ctx: Context{Regions: []string{"La Réunion"}}, kind: vigie.PlaceCommune, want: "Saint-Denis", code: "97411", dept: "La Réunion", region: "La Réunion"},
		{name: "Saint-Denis", ctx: Context{Departements: []string{"Seine-Saint-Denis"}}, kind: vigie.PlaceCommune, want: "Saint-Denis", code: "93066", dept: "Seine-Saint-Denis", region: "Île-de-France"},
		{name: "St Denis", ctx: Context{Departements: []string{"93"}}, kind: vigie.PlaceCommune, want: "Saint-Denis", code: "93066", dept: "Seine-Saint-Denis"},
		// A context that names none of the homonyms' places does not help.
		{name: "Valence", ctx: Context{Departements: []string{"Jura"}}, kind: vigie.PlaceCommune, want: "Valence", ambiguous: true},
		// Without context: ambiguous, unless one is 20 times as populous.
		{name: "Valence", kind: vigie.PlaceCommune, want: "Valence", ambiguous: true},
		{name: "Saint-Denis", kind: vigie.PlaceCommune, want: "Saint-Denis", ambiguous: true},
		{name: "Montreuil", kind: vigie.PlaceCommune, want: "Montreuil", code: "93048", dept: "Seine-Saint-Denis"},
		{name: "La Rochelle", kind: vigie.PlaceCommune, want: "La Rochelle", code: "17300", dept: "Charente-Maritime"},
		// An overseas collectivity gives way to a commune in the context.
		{name: "Saint-Martin", kind: vigie.PlaceRegion, want: "Saint-Martin", code: "978", region: "Saint-Martin"},
		{name: "Saint-Martin", ctx: Context{Departements: []string{"Hautes-Pyrénées"}}, kind: vigie.PlaceCommune, want: "Saint-Martin", code: "65392", dept: "Hautes-Pyrénées"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := g.Resolve(tt.name, tt.ctx)
			if !ok {
				t.Fatalf("Resolve(%q, %+v) unknown", tt.name, tt.ctx)
			}
			if p.Name != tt.want || p.Kind != tt.kind || p.Code != tt.code || p.Departement != tt.dept ||
				(tt.region != "" || tt.ambiguous) && p.Region != tt.region || p.Ambiguous != tt.ambiguous {
				t.Errorf("Resolve(%q, %+v) = %+v, want %s %q code=%q dept=%q region=%q ambiguous=%v",
					tt.name, tt.ctx, p, tt.kind, tt.want, tt.code, tt.dept, tt.region, tt.ambiguous)
			}
			if tt.ambiguous && p.HasCoords() {
				t.Errorf("Resolve(%q) ambiguous with coordinates %v,%v", tt.name, p.Lat, p.Lon)
			}
		})
	}
	if p, ok := g.Resolve("Zzyzx-sur-Rien", Context{}); ok {
		t.Errorf("Resolve(unknown) = %+v, true; want false", p)
	}
}

func TestDepartementRegion(t *testing.T) {
	g := Default()
	depts := []struct{ in, code, name, region string }{
		{"39", "39", "Jura", "Bourgogne-Franche-Comté"},
		{"Jura", "39", "Jura", "Bourgogne-Franche-Comté"},
		{"1", "01", "Ain", "Auvergne-Rhône-Alpes"},
		{"2a", "2A", "Corse-du-Sud", "Corse"},
		{"971", "971", "Guadeloupe", "Guadeloupe"},
		{"pyrenees orientales", "66", "Pyrénées-Orientales", "Occitanie"},
		{"Côtes d’Armor", "22", "Côtes-d'Armor", "Bretagne"},
	}
	for _, tt := range depts {
		p, ok := g.Departement(tt.in)
		if !ok || p.Code != tt.code || p.Name != tt.name || p.Region != tt.region || p.Kind != vigie.PlaceDepartement {
			t.Errorf("Departement(%q) = %+v, %v; want %s %s in %s", tt.in, p, ok, tt.code, tt.name, tt.region)
		}
	}
	regions := []struct{ in, code, name string }{
		{"27", "27", "Bourgogne-Franche-Comté"},
		{"bourgogne franche comte", "27", "Bourgogne-Franche-Comté"},
		{"Franche-Comté", "27", "Bourgogne-Franche-Comté"},
		{"Alsace", "44", "Grand Est"},
		{"Picardie", "32", "Hauts-de-France"},
		{"Languedoc-Roussillon", "76", "Occitanie"},
		{"Limousin", "75", "Nouvelle-Aquitaine"},
		{"Ile-de-France", "11", "Île-de-France"},
		{"PACA", "93", "Provence-Alpes-Côte d'Azur"},
	}
	for _, tt := range regions {
		p, ok := g.Region(tt.in)
		if !ok || p.Code != tt.code || p.Name != tt.name || p.Kind != vigie.PlaceRegion {
			t.Errorf("Region(%q) = %+v, %v; want %s %s", tt.in, p, ok, tt.code, tt.name)
		}
	}
	for _, bad := range []string{"", "00", "Dole", "Bourgogne-Comté"} {
		if p, ok := g.Departement(bad); ok {
			t.Errorf("Departement(%q) = %+v, want false", bad, p)
		}
		if p, ok := g.Region(bad); ok {
			t.Errorf("Region(%q) = %+v, want false", bad, p)
		}
	}
}

func TestMembers(t *testing.T) {
	g := Default()
	epci, _ := g.Resolve("Grand Dole", Context{})
	ms := g.Members(epci)
	if len(ms) < 40 {
		t.Fatalf("Members(%s) = %d communes, want the ~47 of the Grand Dole", epci.Name, len(ms))
	}
	found := false
	for _, m := range ms {
		found = found || m.Code == "39198"
		if m.Kind != vigie.PlaceCommune || m.Departement != "Jura" {
			t.Errorf("member %+v of %s is not a commune of the Jura", m, epci.Name)
		}
	}
	if !found {
		t.Errorf("Members(%s) lacks Dole", epci.Name)
	}
	if ms := g.Members(vigie.Place{Kind: vigie.PlaceCommune, Code: "39198"}); ms != nil {
		t.Errorf("Members(commune) = %v, want nil", ms)
	}
}

func TestCoordinatesAndPopulation(t *testing.T) {
	g := Default()
	tests := []struct {
		code                   string
		latMin, latMax, lonMin float64
		lonMax                 float64
	}{
		{"39198", 46.9, 47.2, 5.3, 5.6},     // Dole
		{"97411", -21.0, -20.8, 55.3, 55.6}, // Saint-Denis (La Réunion)
		{"75056", 48.8, 48.9, 2.2, 2.5},     // Paris
		{"62119", 50.4, 50.6, 2.5, 2.8},     // Béthune
		{"82186", 44.0, 44.2, 0.8, 1.0},     // Valence (Tarn-et-Garonne), not the Drôme's
	}
	for _, tt := range tests {
		p, ok := g.Commune(tt.code)
		if !ok || p.Lat < tt.latMin || p.Lat > tt.latMax || p.Lon < tt.lonMin || p.Lon > tt.lonMax {
			t.Errorf("Commune(%s) = %+v, %v; want coordinates in [%v,%v]x[%v,%v]", tt.code, p, ok, tt.latMin, tt.latMax, tt.lonMin, tt.lonMax)
		}
	}
	if r, _ := g.Region("Bretagne"); !r.HasCoords() {
		t.Errorf("Region(Bretagne) = %+v, want the coordinates of its chef-lieu", r)
	}
	if n := g.Population("39198"); n < 20000 || n > 30000 {
		t.Errorf("Population(39198) = %d, want Dole's ~24,000", n)
	}
	if n := g.Population("00000"); n != 0 {
		t.Errorf("Population(00000) = %d, want 0", n)
	}
}

// Towns known by the part of their name before a linking word are found
// by it when it is theirs alone; a short name several towns share is not.
func TestShortNames(t *testing.T) {
	g := Default()
	for short, want := range map[string]string{"Saint-Dié": "Saint-Dié-des-Vosges", "Châlons": "Châlons-en-Champagne", "Brive": "Brive-la-Gaillarde"} {
		if ps := g.Lookup(short); len(ps) != 1 || ps[0].Name != want {
			t.Errorf("Lookup(%q) = %+v, want %s", short, ps, want)
		}
	}
	for short, town := range map[string]string{"Fontenay": "Fontenay-sous-Bois", "Noisy": "Noisy-le-Grand", "Villefranche": "Villefranche-sur-Saône"} {
		for _, p := range g.Lookup(short) {
			if p.Name == town {
				t.Errorf("Lookup(%q) gives %s, one of several towns of that short name", short, town)
			}
		}
	}
}

func TestRisky(t *testing.T) {
	g := Default()
	for _, name := range []string{"Orange", "Pont", "Vire", "Bar", "Eu", "Y", "orange", "Albert", "Antony", "Yves"} {
		if !g.Risky(name) {
			t.Errorf("Risky(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"Béthune", "Besançon", "Montbéliard", "Jura", "Zzyzx"} {
		if g.Risky(name) {
			t.Errorf("Risky(%q) = true, want false", name)
		}
	}
}

// TestEveryCommune checks the whole data set: every current commune is
// found by its name and carries its département and région.
func TestEveryCommune(t *testing.T) {
	g := Default()
	if n := len(g.communes); n < 34000 || n > 36000 {
		t.Fatalf("%d communes, want about 35,000", n)
	}
	coords := 0
	for code, i := range g.communes {
		e := &g.entries[i]
		p := g.place(e)
		if p.Departement == "" || p.Region == "" {
			t.Errorf("commune %s %s lacks its département or région: %+v", code, e.name, p)
		}
		if !has(g.Lookup(e.name), vigie.PlaceCommune, code) {
			t.Errorf("Lookup(%q) misses commune %s", e.name, code)
		}
		if p.HasCoords() {
			coords++
		}
	}
	if coords < 8000 {
		t.Errorf("%d communes with coordinates, want more than 8,000", coords)
	}
	if n := len(g.epcis); n < 1200 {
		t.Errorf("%d EPCI, want about 1,250", n)
	}
}

func TestParseErrors(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	for name, data := range map[string][]byte{
		"not gzip":   []byte("R\t27\tBourgogne"),
		"bad record": gz("R\t27\tBourgogne-Franche-Comté\t\t\nX\tfoo\n"),
		"empty":      gz(""),
		"short line": gz("C\t39198\tDole\n"),
	} {
		if _, err := parse(data); err == nil {
			t.Errorf("parse(%s) succeeded, want an error", name)
		} else if !strings.HasPrefix(err.Error(), "parse gazetteer") {
			t.Errorf("parse(%s) error %q does not name the operation", name, err)
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	g := Default()
	names := []string{"Dole", "Béthune", "Saint-Denis", "Nord Franche Comté", "Inconnu"}
	n := 0
	for i := 0; b.Loop(); i++ {
		n += len(g.Lookup(names[i%len(names)]))
	}
	if n == 0 {
		b.Fatal("Lookup found nothing")
	}
}

func BenchmarkIsKnown(b *testing.B) {
	g := Default()
	names := []string{"Dole", "Béthune", "Saint-Denis", "Nord Franche Comté", "Inconnu"}
	n := 0
	for i := 0; b.Loop(); i++ {
		if g.IsKnown(names[i%len(names)]) {
			n++
		}
	}
	if n == 0 {
		b.Fatal("IsKnown found nothing")
	}
}

func BenchmarkResolve(b *testing.B) {
	g := Default()
	names := []string{"Dole", "Béthune", "Saint-Denis", "Valence", "Inconnu"}
	ctx := Context{Departements: []string{"Drôme"}}
	for i := 0; b.Loop(); i++ {
		g.Resolve(names[i%len(names)], ctx)
	}
	if p, _ := g.Resolve("Valence", ctx); p.Code != "26362" {
		b.Fatalf("Resolve(Valence) = %+v", p)
	}
}

// BenchmarkLoad measures the decoding of the embedded data, which
// Default does once, and reports the heap the gazetteer keeps.
func BenchmarkLoad(b *testing.B) {
	var g *Gazetteer
	var err error
	for b.Loop() {
		if g, err = parse(gazetteerData); err != nil {
			b.Fatal(err)
		}
	}
	var before, after runtime.MemStats
	g = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	g, _ = parse(gazetteerData)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if !g.IsKnown("Dole") {
		b.Fatal("Dole unknown")
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-kept")
}

func TestEPCINames(t *testing.T) {
	tests := []struct {
		official string
		want     []string
	}{
		{"CA du Grand Dole", []string{"Communauté d'agglomération du Grand Dole", "Grand Dole"}},
		{"CA Pays de Montbéliard Agglomération", []string{"Communauté d'agglomération Pays de Montbéliard Agglomération", "Pays de Montbéliard Agglomération", "Pays de Montbéliard"}},
		{"CC du Perche", []string{"Communauté de communes du Perche"}},
		{"CA Thonon Agglomération", []string{"Communauté d'agglomération Thonon Agglomération", "Thonon Agglomération"}},
		{"Métropole du Grand Paris", []string{"Grand Paris"}},
		{"Rennes Métropole", nil},
	}
	for _, tt := range tests {
		got := epciNames(tt.official)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("epciNames(%q) = %q, want %q", tt.official, got, tt.want)
		}
	}
	g := Default()
	for _, name := range []string{"Perche", "Thonon", "Serein"} {
		for _, p := range g.Lookup(name) {
			if p.Kind == vigie.PlaceEPCI {
				t.Errorf("Lookup(%q) has EPCI %s", name, p.Name)
			}
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Dôle", "Saint-Denis", "L’Haÿ-les-Roses", "  Ste  Foy ", "\xff\xfe", "SAINT", "Œuilly"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if Fold(k) != k {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, Fold(k), k)
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Errorf("Fold(%q) = %q, has stray spaces", s, k)
		}
		Default().IsKnown(s)
	})
}
