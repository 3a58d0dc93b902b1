package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"vigie"
	"vigie/indexer"
	"vigie/search"
)

// Fictional places with their coordinates.
var (
	dole     = vigie.Place{Name: "Dole", Kind: vigie.PlaceCommune, Code: "39198", Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 47.09, Lon: 5.49}
	lons     = vigie.Place{Name: "Lons-le-Saunier", Kind: vigie.PlaceCommune, Code: "39300", Departement: "Jura", Region: "Bourgogne-Franche-Comté", Lat: 46.67, Lon: 5.55}
	besancon = vigie.Place{Name: "Besançon", Kind: vigie.PlaceCommune, Code: "25056", Departement: "Doubs", Region: "Bourgogne-Franche-Comté", Lat: 47.24, Lon: 6.02}
	bethune  = vigie.Place{Name: "Béthune", Kind: vigie.PlaceCommune, Code: "62119", Departement: "Pas-de-Calais", Region: "Hauts-de-France", Lat: 50.53, Lon: 2.64}
	vannes   = vigie.Place{Name: "Vannes", Kind: vigie.PlaceCommune, Code: "56260", Departement: "Morbihan", Region: "Bretagne", Lat: 47.66, Lon: -2.76}
	mulhouse = vigie.Place{Name: "Mulhouse", Kind: vigie.PlaceCommune, Code: "68224", Departement: "Haut-Rhin", Region: "Grand Est", Lat: 47.75, Lon: 7.34}
)

// xssTitle is the title of the crafted document.
const xssTitle = `<script>alert(1)</script>`

type fixture struct {
	id, site, title, published, text string
	places                           []vigie.Place
	events                           []vigie.Event
	persons, orgs                    []string
}

func sig(name, role, org string) vigie.Signatory {
	return vigie.Signatory{Name: name, Role: role, Org: org}
}

func ref(p vigie.Place) *vigie.Place { return &p }

func fixtures() []fixture {
	doleEvent := vigie.Event{Date: "2024-05-15", Place: "Dole", PlaceRef: ref(dole), Agreement: "contrat Territoire d'industrie", Type: "contrat",
		Signatories: []vigie.Signatory{sig("Claire Vautrin", "maire", "Ville de Dole"), sig("Marc Jobelin", "président", "Région Bourgogne-Franche-Comté")}}
	fx := []fixture{
		{id: "dole1", site: "actu-dole.example", title: "Dole signe son contrat Territoire d'industrie", published: "2024-05-15",
			text:   "Le contrat Territoire d'industrie a été signé le 15 mai 2024 à Dole par Claire Vautrin, maire, et Marc Jobelin, président de la Région Bourgogne-Franche-Comté.\n\nL'usine de la zone des Épenottes recevra les premiers crédits dès l'automne, selon Claire Vautrin.",
			places: []vigie.Place{dole}, events: []vigie.Event{doleEvent},
			persons: []string{"Claire Vautrin", "Marc Jobelin"}, orgs: []string{"Région Bourgogne-Franche-Comté"}},
		{id: "dole2", site: "progres-jura.example", title: "Industrie : la Région et Dole s'engagent", published: "2024-05-16",
			text:   "Mercredi, Marc Jobelin et Claire Vautrin ont paraphé à Dole le document qui lie la Région Bourgogne-Franche-Comté au bassin dolois pour six ans de soutien aux entreprises industrielles.",
			places: []vigie.Place{dole}, events: []vigie.Event{doleEvent},
			persons: []string{"Marc Jobelin", "Claire Vautrin"}, orgs: []string{"Région Bourgogne-Franche-Comté"}},
		{id: "bethune", site: "voix-artois.example", title: "La déclaration de Béthune signée par dix intercommunalités", published: "2024-03-12",
			text:   "Paul Deroche, maire de Béthune, et Sophie Lenain, présidente de la Communauté d'agglomération Béthune-Bruay, ont signé la déclaration de Béthune le 12 mars 2024 en présence des élus du bassin minier.",
			places: []vigie.Place{bethune},
			events: []vigie.Event{{Date: "2024-03-12", Place: "Béthune", PlaceRef: ref(bethune), Agreement: "déclaration de Béthune", Type: "déclaration",
				Signatories: []vigie.Signatory{sig("Paul Deroche", "maire", "Ville de Béthune"), sig("Sophie Lenain", "présidente", "Communauté d'agglomération Béthune-Bruay")}}},
			persons: []string{"Paul Deroche", "Sophie Lenain"}, orgs: []string{"Communauté d'agglomération Béthune-Bruay"}},
		{id: "vannes", site: "ouest-morbihan.example", title: "Vannes : le CRTE du golfe enfin signé", published: "2023-11-20",
			text:   "Le préfet Yann Kerbrat et Anne Le Floch, présidente de Golfe du Morbihan Agglomération, ont signé le contrat de relance et de transition écologique à Vannes le 20 novembre 2023.",
			places: []vigie.Place{vannes},
			events: []vigie.Event{{Date: "2023-11-20", Place: "Vannes", PlaceRef: ref(vannes), Agreement: "contrat de relance et de transition écologique", Type: "contrat",
				Signatories: []vigie.Signatory{sig("Yann Kerbrat", "préfet", "État"), sig("Anne Le Floch", "présidente", "Golfe du Morbihan Agglomération")}}},
			persons: []string{"Yann Kerbrat", "Anne Le Floch"}, orgs: []string{"Golfe du Morbihan Agglomération"}},
		{id: "mulhouse", site: "alsace-sud.example", title: "Mulhouse et la Société rhénane de mobilité signent une convention", published: "2024-01-09",
			text:   "Thomas Weber, directeur de la Société rhénane de mobilité, a signé le 9 janvier 2024 une convention de partenariat avec la Ville de Mulhouse pour des navettes électriques.",
			places: []vigie.Place{mulhouse},
			events: []vigie.Event{{Date: "2024-01-09", Place: "Mulhouse", PlaceRef: ref(mulhouse), Agreement: "convention de partenariat", Type: "convention",
				Signatories: []vigie.Signatory{sig("Thomas Weber", "directeur", "Société rhénane de mobilité")}}},
			persons: []string{"Thomas Weber"}, orgs: []string{"Société rhénane de mobilité", "Ville de Mulhouse"}},
		{id: "noel", site: "actu-dole.example", title: "Dole : le marché de Noël ouvre ses portes", published: "2023-12-01",
			text:    "Claire Vautrin a inauguré vendredi soir le marché de Noël de la place aux Fleurs, avec quarante chalets d'artisans jurassiens et une patinoire.",
			places:  []vigie.Place{dole},
			persons: []string{"Claire Vautrin"}},
		{id: "xss", site: "piege.example", title: xssTitle, published: "2024-05-20",
			text:   `Un texte piégé <img src=x onerror=alert(2)> signé à Lons-le-Saunier par "><script>alert(3)</script> pour la charte des rivières.`,
			places: []vigie.Place{lons},
			events: []vigie.Event{{Date: "2024-05-20", Place: "Lons-le-Saunier", PlaceRef: ref(lons), Agreement: `charte <b onmouseover=alert(4)>des rivières</b>`, Type: "charte",
				Signatories: []vigie.Signatory{sig(`"><script>alert(3)</script>`, "maire", "<i>Ville</i>")}}},
			persons: []string{`"><script>alert(3)</script>`}},
	}
	// Besançon: a series of distinct signings, enough for two pages.
	topics := []struct{ month, agreement, text string }{
		{"02", "pacte pour la rénovation des écoles", "Les huit groupes scolaires de Planoise seront isolés avant la rentrée, financés à parts égales."},
		{"03", "charte de la vie nocturne", "Bars, étudiants et riverains de Battant se sont accordés sur des horaires et un médiateur de nuit."},
		{"04", "protocole de soins non programmés", "Le centre hospitalier et les médecins libéraux organisent une permanence le samedi matin."},
		{"06", "convention de fouilles archéologiques", "Les archéologues étudieront pendant deux étés le quartier antique sous le parking Saint-Paul."},
		{"07", "accord de covoiturage", "Trois lignes réservées relieront Besançon aux villages du plateau dès septembre pour les salariés."},
		{"08", "contrat de rivière du Doubs", "Les seuils vétustes seront effacés pour rendre la continuité aux truites et aux ombres communs."},
		{"09", "pacte de lecture publique", "Les médiathèques ouvriront le dimanche et prêteront des liseuses aux lycéens boursiers."},
		{"10", "charte de l'arbre urbain", "Chaque abattage sera compensé par trois plantations d'essences adaptées aux étés secs."},
	}
	for i, tp := range topics {
		date := "2024-" + tp.month + "-1" + string(rune('0'+i))
		fx = append(fx, fixture{id: "besancon" + tp.month, site: "est-doubs.example", title: "Besançon : " + tp.agreement, published: date,
			text:   "Lucie Fontaine a signé à Besançon le " + tp.agreement + ". " + tp.text,
			places: []vigie.Place{besancon},
			events: []vigie.Event{{Date: date, Place: "Besançon", PlaceRef: ref(besancon), Agreement: tp.agreement, Type: strings.Fields(tp.agreement)[0],
				Signatories: []vigie.Signatory{sig("Lucie Fontaine", "adjointe au maire", "Ville de Besançon")}}},
			persons: []string{"Lucie Fontaine"}})
	}
	return fx
}

// mentions finds every occurrence of the document's entities in its text.
func mentions(f fixture) []vigie.Mention {
	var out []vigie.Mention
	add := func(kind, s string) {
		for from := 0; ; {
			i := strings.Index(f.text[from:], s)
			if i < 0 || s == "" {
				return
			}
			out = append(out, vigie.Mention{Kind: kind, Start: from + i, End: from + i + len(s), Value: s})
			from += i + len(s)
		}
	}
	for _, p := range f.persons {
		add(vigie.MentionPerson, p)
	}
	for _, p := range f.places {
		add(vigie.MentionPlace, p.Name)
	}
	for _, o := range f.orgs {
		add(vigie.MentionOrg, o)
	}
	for _, d := range []string{"15 mai 2024", "12 mars 2024", "20 novembre 2023", "9 janvier 2024"} {
		add(vigie.MentionDate, d)
	}
	return out
}

func (f fixture) document() *vigie.Document {
	return &vigie.Document{ID: f.id, URL: "https://" + f.site + "/" + f.id, Site: f.site, Title: f.title, Text: f.text,
		Published: f.published, ContentHash: f.id, IsSigning: len(f.events) > 0, Events: f.events,
		Persons: f.persons, Places: f.places, Orgs: f.orgs, Mentions: mentions(f)}
}

// newTestService indexes the fixtures in memory.
func newTestService(tb testing.TB) *search.Service {
	tb.Helper()
	ix, err := indexer.OpenMem()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	var docs []*vigie.Document
	for _, f := range fixtures() {
		docs = append(docs, f.document())
	}
	if err := ix.Put(context.Background(), docs...); err != nil {
		tb.Fatal(err)
	}
	return search.New(ix)
}

// newTestServer serves the web interface over the fixtures on loopback.
func newTestServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(New(newTestService(tb), Config{}))
	tb.Cleanup(srv.Close)
	return srv
}
