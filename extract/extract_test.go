package extract

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"vigie"
	"vigie/geo"
)

func TestFindDates(t *testing.T) {
	tests := []struct {
		name, text, pub string
		want            []string
	}{
		{"full date", "La convention a été signée le 15 mai 2024 à Dole.", "", []string{"2024-05-15"}},
		{"first of month", "Le contrat entre en vigueur le 1er juillet 2023.", "", []string{"2023-07-01"}},
		{"weekday", "Signature prévue vendredi 10 février 2023 à La Mure.", "", []string{"2023-02-10"}},
		{"numeric short year", "Publié le 27.05.24 par la rédaction.", "", []string{"2024-05-27"}},
		{"numeric slashes", "Séance du 03/07/2015.", "", []string{"2015-07-03"}},
		{"month year", "Le programme a été lancé en mars 2019.", "", []string{"2019-03"}},
		{"no year, no reference", "Le 18 décembre, les présidents ont signé.", "", []string{"--12-18"}},
		{"no year, publication date", "Le 18 décembre, les présidents ont signé.", "2024-01-10", []string{"2023-12-18"}},
		{"dernier against publication", "signée le 18 décembre dernier", "2024-05-27", []string{"2023-12-18"}},
		{"dernier against a date of the text", "Le 15 mai 2024 à Dole. Une démarche initiée le 18 décembre dernier.", "", []string{"2024-05-15", "2023-12-18"}},
		{"prochain", "La signature aura lieu le 3 janvier prochain.", "2024-12-20", []string{"2025-01-03"}},
		{"hier", "Le maire a signé hier la convention.", "2024-03-12", []string{"2024-03-11"}},
		{"hier without reference", "Le maire a signé hier la convention.", "", nil},
		{"hier with month precision", "Le maire a signé hier la convention.", "2019-03", []string{"2019-03"}},
		{"lundi dernier", "Lundi dernier, la charte a été paraphée.", "2024-05-16", []string{"2024-05-13"}},
		{"ce jour", "Le protocole est signé ce jour.", "2022-12-09", []string{"2022-12-09"}},
		{"year", "Un premier contrat avait été signé en 2015.", "", []string{"2015"}},
		{"invalid day", "le 31 février 2024", "", nil},
		{"same day written in full", "Vendredi 7 février 2020. Vendredi dernier 7 février, les contrats ont été signés.", "", []string{"2020-02-07", "2020-02-07"}},
		{"term, not a date", "Le contrat court jusqu'en 2028.", "", nil},
		{"month prochain", "Les partenaires signeront la charte en mai prochain.", "2024-09-10", []string{"2025-05"}},
		{"month prochain, later this year", "La signature aura lieu en novembre prochain.", "2024-09-10", []string{"2024-11"}},
		{"month dernier", "Le pacte, signé en septembre dernier, entre en vigueur.", "2024-03-02", []string{"2023-09"}},
		{"month dernier against a date of the text", "Dole, le 15 mai 2024. Signé en mars dernier, le contrat avance.", "", []string{"2024-05-15", "2024-03"}},
		{"month prochain without reference", "La charte sera signée en juin prochain.", "", nil},
		{"a weekday on its own", "Mardi, au siège de la Région, les présidents ont signé le pacte.", "2024-06-10", []string{"2024-06-04"}},
		{"a weekday after the verb", "Le contrat a été signé jeudi matin à Dole.", "2024-06-10", []string{"2024-06-06"}},
		{"the weekday of publication", "Le contrat a été signé lundi à Dole.", "2024-06-10", []string{"2024-06-10"}},
		{"weekdays of a habit or a span", "Le marché se tient le mardi. Ouvert du lundi au samedi, et chaque jeudi soir. Fête du mardi gras.", "2024-06-10", nil},
		{"a weekday without reference", "Mardi, les présidents ont signé le pacte.", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range findDates(tt.text, newLowered(tt.text), parseRef(tt.pub)) {
				if d.value != "" {
					got = append(got, d.value)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("findDates(%q, %q) = %v, want %v", tt.text, tt.pub, got, tt.want)
			}
		})
	}
}

func TestPersons(t *testing.T) {
	p := New()
	tests := []struct {
		text string
		want []string
	}{
		{"Carole DELGA, présidente de la Région Occitanie, était présente.", []string{"Carole Delga"}},
		{"Marie-Guite Dufay et Jean-François Montagne ont pris la parole.", []string{"Marie-Guite Dufay", "Jean-François Montagne"}},
		{"Sylvie Valente Le Hir, vice-présidente, a salué l'accord.", []string{"Sylvie Valente Le Hir"}},
		{"Le maire Pierre de La Fontaine a reçu Anne-Sophie BOURGEOIS-RÉPUBLIQUE.", []string{"Pierre de La Fontaine", "Anne-Sophie Bourgeois-République"}},
		{"M. Dupuis et Mme Lefort ont signé.", []string{"Dupuis", "Lefort"}},
		{"Gaspard Quenardel, maire de Rodez, a signé.", []string{"Gaspard Quenardel"}},
		{"Le Grand Dole et la Banque des Territoires financent le projet.", nil},
		{"Business France et Pôle emploi sont partenaires à Saint-Denis.", nil},
		{"Photo : Florence Brutus", []string{"Florence Brutus"}},
	}
	for _, tt := range tests {
		d := p.Text("t", tt.text, "")
		if !reflect.DeepEqual(d.Persons, tt.want) && !(len(d.Persons) == 0 && len(tt.want) == 0) {
			t.Errorf("persons of %q = %q, want %q", tt.text, d.Persons, tt.want)
		}
	}
}

func placeNames(ps []vigie.Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Name)
	}
	return out
}

func TestPlaces(t *testing.T) {
	p := New()
	tests := []struct {
		text string
		want []string
	}{
		{"La signature a eu lieu à Dôle, dans le Jura.", []string{"Dole", "Jura"}},
		{"Le préfet des Pyrénées-Orientales était à Perpignan.", []string{"Pyrénées-Orientales", "Perpignan"}},
		{"La présidente de la Région Hauts-de-France a signé.", nil},
		{"Les communes du Nord Franche Comté se mobilisent.", []string{"Nord-Franche-Comté"}},
		{"Orange, la ville, accueille le festival. Le contrat est signé à Orange.", []string{"Orange"}},
		{"Rendez-vous à Valence, dans la Drôme.", []string{"Valence", "Drôme"}},
		{"La communauté urbaine de Dunkerque investit.", nil},
		{"Lancé en 2019, le programme réunit 136 territoires.", nil},
		{"Sont retenus le Haut-Jura, le Charolais, Sud Alsace et les Vosges saônoises.", []string{"Haut-Jura", "Charolais", "Sud Alsace", "Vosges saônoises"}},
		{"Les Français et les Anglais ont voté.", nil},
		{"Les élus du Bourg-d'Oisans étaient là.", []string{"Le Bourg-d'Oisans"}},
		{"La fête du village se tient à Lancé.", []string{"Lancé"}},
		{"Ont signé Aurillac, Dole, Mâcon et Vierzon.", []string{"Aurillac", "Dole", "Mâcon", "Vierzon"}},
		{"Un mâcon blanc accompagne le repas.", nil},
		{"Le préfet du Nord et la préfète du Var ont signé.", []string{"Nord", "Var"}},
		{"Le vent du nord souffle sur le Var.", []string{"Var"}},
		{"Les villes de Saint-Dié et de Cherbourg sont retenues.", []string{"Saint-Dié-des-Vosges", "Cherbourg-en-Cotentin"}},
	}
	for _, tt := range tests {
		d := p.Text("t", tt.text, "")
		got := placeNames(d.Places)
		if !reflect.DeepEqual(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
			t.Errorf("places of %q = %q, want %q", tt.text, got, tt.want)
		}
	}
	d := p.Text("t", "Rendez-vous à Valence, dans la Drôme.", "")
	if d.Places[0].Departement != "Drôme" || d.Places[0].Region != "Auvergne-Rhône-Alpes" || d.Places[0].Code != "26362" {
		t.Errorf("Valence in the Drôme resolved to %+v", d.Places[0])
	}
}

func TestOrgs(t *testing.T) {
	p := New()
	tests := []struct {
		text string
		want []string
	}{
		{"Marie Dupont, présidente de la Région Bourgogne-Franche-Comté, a signé.", []string{"Région Bourgogne-Franche-Comté"}},
		{"Le conseil régional des Hauts-de-France finance le projet.", []string{"Conseil régional des Hauts-de-France"}},
		{"La Communauté d'agglomération du Grand Dole et la communauté de communes de la Matheysine.", []string{"Communauté d'agglomération du Grand Dole", "Communauté de communes de la Matheysine"}},
		{"Avec Bpifrance, la Banque des Territoires et l'État.", []string{"Bpifrance", "Banque des Territoires", "État"}},
		{"Le ministère de la Cohésion des territoires et l'ADEME.", []string{"ministère de la Cohésion des territoires", "ADEME"}},
		{"L'Agence de développement économique (AER) accompagne l'usine Quenardel Industries.", []string{"Agence de développement économique", "Quenardel Industries"}},
		{"Carcassonne Agglo et Montpellier Méditerranée Métropole.", []string{"Carcassonne Agglo", "Montpellier Méditerranée Métropole"}},
		{"L’AER BFC participe au comité. Suivez Industrie Mag sur le Web.", []string{"AER BFC", "Industrie Mag"}},
		{"Après la fermeture de Quenardel en 2020 et le sort des sites de Bertoval et Morvanex à Calais.", []string{"Quenardel", "Bertoval", "Morvanex"}},
		{"Étaient là Yann Morel, directeur général d’ACC et Antoine Cuvin, directeur général de Mov’n Tec.", []string{"ACC", "Mov’n Tec"}},
		{"Anne Roux, directrice générale d’Atout France, et Luc Petit, fondateur de Biocoop Sud, ont signé.", []string{"Atout France", "Biocoop Sud"}},
		{"Le PDG de Naval Group a rencontré la cofondatrice de Vélo Ouest.", []string{"Naval Group", "Vélo Ouest"}},
		{"Envies de ville, plateforme de solutions pour nos territoires, donne la parole aux élus.", []string{"Envies de ville"}},
		{"Ecoloc, une start-up lyonnaise, a signé une convention avec la commune.", []string{"Ecoloc"}},
		{"La Région, le Département et l'État ont signé. Les financeurs (Région, Département, État) sont réunis.", []string{"État"}},
		{"En présence de la présidente de la communauté de communes du Val de Morteau Hélène Bertoval.", []string{"Communauté de communes du Val de Morteau"}},
		{"Les communautés de communes du Grand Dole et de la Plaine Jurassienne ont signé.", []string{"Communauté de communes du Grand Dole", "Communauté de communes de la Plaine Jurassienne"}},
		{"Les communautés d'agglomération de Bresse Revermont, du Val de Saône et d'Arbois ont signé.", []string{"Communauté d'agglomération de Bresse Revermont", "Communauté d'agglomération du Val de Saône", "Communauté d'agglomération d'Arbois"}},
	}
	for _, tt := range tests {
		d := p.Text("t", tt.text, "")
		for _, w := range tt.want {
			if !slices.Contains(d.Orgs, w) {
				t.Errorf("orgs of %q = %q, want %q among them", tt.text, d.Orgs, w)
			}
		}
	}
}

// TestNotOrgs lists names that the organisation rules must leave alone.
func TestNotOrgs(t *testing.T) {
	p := New()
	tests := []struct{ text, not string }{
		{"L’objectif est de réunir pouvoirs publics (régions, intercommunalités, Etat, opérateurs, etc.) et industriels.", "État"},
		{"Jean Morel, directeur de Cabinet du préfet, est venu.", "Cabinet"},
		{"Léa Blanc, directrice de Lyon Habitat et Paul Martin, gérant de la boulangerie, sont venus.", "Paul Martin"},
		{"Le directeur d'Emmanuel Macron a parlé.", "Emmanuel Macron"},
		{"Avant l’intervention des enfants, le réseau a été présenté.", "Avant l’intervention des enfants"},
		{"Lyon, ville hôte, accueille le salon. Marie Dupont, société civile, parle.", "Lyon"},
		{"Marie Dupont, société civile, a parlé.", "Marie Dupont"},
		{"Aujourd’hui, la commune signe. Presqu’île, le quartier change.", "Aujourd’hui"},
	}
	for _, tt := range tests {
		d := p.Text("t", tt.text, "")
		if slices.Contains(d.Orgs, tt.not) {
			t.Errorf("orgs of %q = %q, want no %q", tt.text, d.Orgs, tt.not)
		}
	}
}

func TestEvents(t *testing.T) {
	p := New()
	tests := []struct {
		name, text, pub string
		signing         bool
		date, place     string
		signatories     []string
		typ             string
	}{
		{name: "coordinated subjects",
			text:    "Le 12 mars 2021 à Rodez, Gaspard Quenardel, maire de Rodez, et Hélène Bertoval, présidente du Département de l'Aveyron, ont signé une convention de revitalisation du centre-ville.",
			signing: true, date: "2021-03-12", place: "Rodez", signatories: []string{"Gaspard Quenardel", "Hélène Bertoval"}, typ: "convention"},
		{name: "passive with par",
			text: "La charte a été paraphée hier à Lille par Jeanne Morvanel, préfète du Nord.",
			pub:  "2022-06-15", signing: true, date: "2022-06-14", place: "Lille", signatories: []string{"Jeanne Morvanel"}, typ: "charte"},
		{name: "witness and quoted",
			text:    "Louis Tardivel, président de l'agglomération, et Anne Corbelin, maire, ont signé le contrat le 4 avril 2022 en présence de Paul Vérignac. « Un grand jour », a déclaré Marc Ferlandier.",
			signing: true, date: "2022-04-04", signatories: []string{"Louis Tardivel", "Anne Corbelin"}, typ: "contrat"},
		{name: "saluting is not signing",
			text: "Claire Dambreville et Hugo Salvetat saluent la signature des premiers contrats de territoire.",
			pub:  "2019-03", signing: true, date: "2019-03", signatories: nil, typ: "contrat"},
		{name: "respectivement",
			text:    "Paul Arnelle et Sophie Garmier, respectivement maire de Figeac et vice-présidente de la Région Occitanie, ont signé le 7 février 2020 le contrat bourg-centre.",
			signing: true, date: "2020-02-07", signatories: []string{"Paul Arnelle", "Sophie Garmier"}, typ: "contrat"},
		{name: "anaphoric subject",
			text:    "La ministre de la Ruralité, Odile Ferrandon, était à Figeac hier (11 février). L'occasion pour elle de visiter le chantier et de signer une convention de financement.",
			signing: true, date: "--02-11", place: "Figeac", signatories: []string{"Odile Ferrandon"}, typ: "convention"},
		{name: "represented",
			text:    "Le 2 juin 2022, Jeanne Morvanel, maire de Rodez, et Luc Davesne, président du Département, représenté par Alice Quérou, ont signé le pacte.",
			signing: true, date: "2022-06-02", signatories: []string{"Jeanne Morvanel", "Alice Quérou"}, typ: "pacte"},
		{name: "nominal list",
			text: "Signature du protocole de Figeac : Paul Arnelle, maire de Figeac ; Sophie Garmier, vice-présidente de la Région Occitanie.",
			pub:  "2021-05-04", signing: true, date: "2021-05-04", signatories: []string{"Paul Arnelle", "Sophie Garmier"}, typ: "protocole"},
		{name: "vote", text: "Le conseil municipal a adopté à l'unanimité la convention et autorise le maire à signer tout document.", signing: false},
		{name: "vague intention", text: "Le pacte devrait être signé dans les prochains mois entre l'État et la Région.", signing: false},
		{name: "assembly", text: "La convention fédérale du parti s'est tenue à Clermont-Ferrand le 12 juin 2023.", signing: false},
		{name: "figurative", text: "Ce succès signe le retour de l'industrie. L'auteur Marc Ferlandier signera son livre samedi à Roanne.", signing: false},
		{name: "announced with date",
			text:    "La convention sera signée le 10 février 2023 à La Mure.",
			signing: true, date: "2023-02-10", place: "La Mure", typ: "convention"},
		{name: "announced without date", text: "Une convention sera signée entre les partenaires.", signing: false},
		{name: "venue in a town",
			text:    "Les conventions ont été signées à la mairie de Pamiers le 8 décembre 2022 par Jeanne Morvanel, préfète de l'Ariège.",
			signing: true, date: "2022-12-08", place: "Pamiers", signatories: []string{"Jeanne Morvanel"}, typ: "convention"},
		{name: "dateline of the day",
			text:    "Rennes, le 8 février 2019\nLe Premier ministre et le président de la Région ont signé ce jour le pacte d'accessibilité pour la Bretagne.",
			signing: true, date: "2019-02-08", place: "Rennes", typ: "pacte"},
		{name: "dateline of another day",
			text:    "Rennes, le 8 février 2019\nLe pacte avait été signé le 3 janvier 2019 par les partenaires.",
			signing: true, date: "2019-01-03", place: "", typ: "pacte"},
		{name: "the verb's own date",
			text:    "L'ancien contrat de ville, signé en 2015, arrivait à échéance le 31 décembre 2023.",
			signing: true, date: "2015", typ: "contrat"},
		{name: "town hall",
			text:    "Le contrat a été signé le 3 mai 2023 à l'hôtel de ville de Dole par le maire, Paul Arnelle.",
			signing: true, date: "2023-05-03", place: "Dole", signatories: []string{"Paul Arnelle"}, typ: "contrat"},
		{name: "announced for a month",
			text: "La Région Occitanie et la commune de Millau signeront la charte en mai prochain à Millau.",
			pub:  "2024-03-05", signing: true, date: "2024-05", place: "Millau", typ: "charte"},
		{name: "announced after a past step, with no date of its own",
			text: "Le projet de pacte territorial a été présenté le 3 mars aux élus ; sa signature est prévue à l'automne.",
			pub:  "2024-03-05", signing: false},
		{name: "officials present at a signing that names no signer",
			text:    "Les conventions ont été signées à la mairie de Pamiers le 8 décembre 2022, en présence de Mme Jeanne Morvanel préfète de l’Ariège et de l’ensemble des partenaires.",
			signing: true, date: "2022-12-08", place: "Pamiers", signatories: []string{"Jeanne Morvanel"}, typ: "convention"},
		{name: "officials present at an announced signing",
			text:    "Une signature de convention est prévue le 10 février 2023 à La Mure, en présence du préfet de l'Isère Gaspard Quenardel, du maire de La Mure Paul Arnelle, et de la présidente de la communauté de communes de la Matheysine Hélène Bertoval.",
			signing: true, date: "2023-02-10", place: "La Mure", signatories: []string{"Gaspard Quenardel", "Paul Arnelle", "Hélène Bertoval"}, typ: "convention"},
		{name: "signed by others in the presence of an official",
			text:    "La convention a été signée par les partenaires à Dole le 3 mai 2024 en présence du préfet Gaspard Quenardel.",
			signing: true, date: "2024-05-03", place: "Dole", typ: "convention"},
		{name: "present without a title",
			text:    "Le contrat a été signé le 3 mai 2024 en présence de Paul Arnelle.",
			signing: true, date: "2024-05-03", typ: "contrat"},
		{name: "present officials are witnesses when someone signs",
			text:    "Paul Arnelle, maire de Dole, a signé le contrat le 3 mai 2024. La signature s'est déroulée en présence de la préfète Jeanne Morvanel.",
			signing: true, date: "2024-05-03", signatories: []string{"Paul Arnelle"}, typ: "contrat"},
		{name: "heads of the signing parties",
			text:    "Enedis, EDF et la commune de Gap se sont retrouvés le 3 mai 2024 pour signer un nouveau contrat de concession. Enedis investira, comme l'explique Paul Arnelle, le directeur d'Enedis Alpes du Sud. C'est ce que souligne Jeanne Morvanel, la maire de Gap.",
			signing: true, date: "2024-05-03", signatories: []string{"Paul Arnelle", "Jeanne Morvanel"}, typ: "contrat"},
		{name: "mayors of signing communes",
			text:    "Ce mercredi 4 juin 2025, onze communes du Pays Cévennes ont signé leur contrat bourg-centre avec la Région. « Nous rayonnons sur 6 000 habitants », a témoigné Paul Arnelle, maire de Vézénobres.",
			signing: true, date: "2025-06-04", signatories: []string{"Paul Arnelle"}, typ: "contrat"},
		{name: "the head of another body",
			text:    "La commune de Dole a signé le 3 mai 2024 un contrat avec la Région. Gaspard Quenardel, président du Département du Jura, n'était pas là.",
			signing: true, date: "2024-05-03", place: "", typ: "contrat"},
		{name: "heads of a gathering",
			text:    "Le 3 mai 2024, les communes ont signé la charte. Étaient là Paul Arnelle, maire de Dole, Jeanne Morvanel, maire de Lons-le-Saunier, Gaspard Quenardel, maire de Salins-les-Bains, Hélène Bertoval, maire de Poligny, et Luc Davesne, maire d'Arbois.",
			signing: true, date: "2024-05-03", typ: "charte"},
		{name: "a venue as written when no commune is named",
			text:    "La signature de la convention par Paul Arnelle et Jeanne Morvanel se déroulera le mardi 9 décembre 2014, à 18 heures, à l’Hôtel de Région.",
			signing: true, date: "2014-12-09", place: "Hôtel de Région", signatories: []string{"Paul Arnelle", "Jeanne Morvanel"}, typ: "convention"},
		{name: "a room of a building",
			text: "La signature du contrat de ville a eu lieu dans la salle Jean-Moulin de la sous-préfecture, mardi 19 mars.",
			pub:  "2024-03-25", signing: true, date: "2024-03-19", place: "salle Jean-Moulin de la sous-préfecture", typ: "contrat"},
		{name: "the ceremony told in the next sentence",
			text:    "Le protocole d'accord du territoire d'industrie est désormais signé. La cérémonie a eu lieu dans les locaux de l'agglomération, à Orly, le 22 mars 2019.",
			signing: true, date: "2019-03-22", place: "Orly", typ: "protocole"},
		{name: "an earlier signing does not take the place of the next one",
			text:    "Une signature de convention est prévue vendredi 10 février 2023 à La Mure. Une première convention avait été signée en avril 2021.",
			signing: true, date: "2023-02-10", place: "La Mure", typ: "convention"},
		{name: "a future signing after a date is no date", text: "« Les premiers contrats seront signés à la fin de la Semaine de l'industrie, soit après le 24 mars », a précisé Paul Arnelle.", pub: "2019-03-06", signing: false},
		{name: "signed some time, generically", text: "Conseil municipal : des conventions ont été signées. Les élus ont examiné plusieurs dossiers.", signing: false},
		{name: "an agreement's name stops at its auxiliary",
			text:    "La convention de revitalisation avait été signée le 3 mai 2021 à Dole.",
			signing: true, date: "2021-05-03", place: "Dole", typ: "convention"},
		{name: "a tally of signings", text: "Plus de 600 contrats ont ainsi été conclus entre 2018 et 2025, dont 11 dans le Pays Cévennes.", signing: false},
		{name: "a count qualified as a tally", text: "Près de 200 conventions ont été signées avec les communes du département.", signing: false},
		{name: "a period of the agreement is not a tally",
			text:    "Le contrat, qui court entre 2021 et 2026, a été signé le 3 mai 2021 à Dole.",
			signing: true, date: "2021-05-03", place: "Dole", typ: "contrat"},
		{name: "towards a signing", text: "Vers la signature de la convention de revitalisation à Dole. La convention devrait être signée à l'automne.", signing: false},
		{name: "soon signed", text: "Dole : l'accord de coopération bientôt signé. La Région et la commune signeront l'accord dans les prochaines semaines.", pub: "2022-08-08", signing: false},
		{name: "another clause's date",
			text: "Le projet de charte a été présenté le 6 janvier 2019 aux élus ; sa signature est prévue à la mairie de Dole.",
			pub:  "2019-01-08", signing: true, date: "", place: "Dole", typ: "charte"},
		{name: "headline participle", text: "Territoires d'industrie : les premiers contrats signés fin mars. Une réunion qui devait permettre de signer les contrats.", signing: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := p.Text("t", tt.text, tt.pub)
			if d.IsSigning != tt.signing {
				t.Fatalf("signing of %q = %v, want %v (events %+v)", tt.text, d.IsSigning, tt.signing, d.Events)
			}
			if !tt.signing {
				return
			}
			e := d.Events[0]
			var names []string
			for _, s := range e.Signatories {
				names = append(names, s.Name)
			}
			if e.Date != tt.date || e.Place != tt.place || !reflect.DeepEqual(names, tt.signatories) || e.Type != tt.typ {
				t.Errorf("event of %q = date %q place %q signatories %q type %q, want %q %q %q %q",
					tt.text, e.Date, e.Place, names, e.Type, tt.date, tt.place, tt.signatories, tt.typ)
			}
		})
	}
}

// An earlier signing told after a dated one keeps no place of its own: the
// place of the sentence before belongs to another day.
func TestEarlierSigningKeepsItsOwnPlace(t *testing.T) {
	d := New().Text("t", "Une signature de convention est prévue vendredi 10 février 2023 à La Mure. Une première convention avait été signée en avril 2021.", "2023-02-01")
	if len(d.Events) != 2 {
		t.Fatalf("events %+v, want two", d.Events)
	}
	if e := d.Events[1]; e.Date != "2021-04" || e.Place != "" || e.Agreement != "première convention" {
		t.Errorf("earlier signing = date %q place %q agreement %q, want 2021-04, no place, \"première convention\"", e.Date, e.Place, e.Agreement)
	}
}

func TestSignatoryRoles(t *testing.T) {
	want := []vigie.Signatory{
		{Name: "Gaspard Quenardel", Role: "préfet de l'Aveyron", Org: "État"},
		{Name: "Hélène Bertoval", Role: "présidente", Org: "Région Occitanie"},
	}
	for _, text := range []string{
		"Le 3 mars 2023, Gaspard Quenardel, préfet de l'Aveyron, et Hélène Bertoval, présidente de la Région Occitanie, ont signé le contrat.",
		"Le 3 mars 2023, Gaspard Quenardel (préfet de l'Aveyron) et Hélène Bertoval (présidente de la Région Occitanie) ont signé le contrat.",
	} {
		d := New().Text("t", text, "")
		if len(d.Events) != 1 || len(d.Events[0].Signatories) != 2 {
			t.Fatalf("events of %q: %+v", text, d.Events)
		}
		if got := d.Events[0].Signatories; !reflect.DeepEqual(got, want) {
			t.Errorf("signatories of %q = %+v, want %+v", text, got, want)
		}
	}
}

func TestMentionsPointIntoText(t *testing.T) {
	d := New().Text("t", "Le 15 mai 2024 à Dole, Marie Dupont, présidente de la Région Bourgogne-Franche-Comté, a signé.", "")
	kinds := map[string]bool{}
	for _, m := range d.Mentions {
		if m.Start < 0 || m.End > len(d.Text) || m.Start >= m.End {
			t.Fatalf("mention %+v out of the text", m)
		}
		kinds[m.Kind] = true
	}
	for _, k := range []string{vigie.MentionPerson, vigie.MentionPlace, vigie.MentionOrg, vigie.MentionDate} {
		if !kinds[k] {
			t.Errorf("no %s mention in %+v", k, d.Mentions)
		}
	}
}

func TestHTMLPage(t *testing.T) {
	page := `<html lang="fr"><head><title>Signature à Dole – Le Journal</title>
<meta property="og:site_name" content="Le Journal"><meta property="og:type" content="article">
<meta property="article:published_time" content="2024-05-16T08:00:00+02:00">
<link rel="canonical" href="/eco/signature-dole"></head><body>
<nav><a href="/">Accueil</a> <a href="/eco">Économie</a></nav>
<div class="cookie-banner">Nous utilisons des cookies. Accepter Refuser</div>
<article><h1>Signature à Dole</h1>
<p>Le 15 mai 2024 à Dole, Marie Dupont, présidente de la Région Bourgogne-Franche-Comté, et Paul Martinel, président du Grand Dole, ont signé une déclaration commune pour l'industrie.</p>
<div class="share">Partager sur Facebook Partager sur X</div>
<p>Cette signature ouvre une nouvelle méthode de travail entre les élus et les chefs d'entreprise du territoire, avec des rencontres régulières.</p>
<aside class="related"><h2>À lire aussi</h2><a href="/x">Autre article</a></aside>
</article>
<form class="newsletter">Inscrivez-vous à notre newsletter</form>
<footer>© Le Journal</footer></body></html>`
	p := &Parser{Now: func() time.Time { return time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC) }, Geo: geo.Default()}
	d, err := p.Page(&vigie.Page{URL: "https://journal.example/eco/signature-dole", ContentType: "text/html", Body: []byte(page), Site: "Le Journal"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "Signature à Dole" || d.Published != "2024-05-16" {
		t.Errorf("title %q published %q", d.Title, d.Published)
	}
	for _, chrome := range []string{"cookies", "Partager", "newsletter", "Autre article", "©", "Accueil"} {
		if strings.Contains(d.Text, chrome) {
			t.Errorf("main text keeps chrome %q:\n%s", chrome, d.Text)
		}
	}
	if !strings.Contains(d.Text, "nouvelle méthode de travail") || !d.IsSigning || d.Events[0].Place != "Dole" {
		t.Errorf("text %q, events %+v", d.Text, d.Events)
	}
	home := `<html><body><h2><a href="/a">Un</a></h2><h2><a href="/b">Deux</a></h2><h2><a href="/c">Trois</a></h2><h2><a href="/d">Quatre</a></h2></body></html>`
	if _, err := p.Page(&vigie.Page{URL: "https://journal.example/", ContentType: "text/html", Body: []byte(home)}); err == nil {
		t.Error("a home page was taken for an article")
	}
}

func TestVisiblePublished(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Le protocole a été signé le 18 mars.\nPar C. M. de Condinguy - Le 23 mars 2015.", "2015-03-23"},
		{"Mis à jour le 03/07/2015\nSignature du contrat", "2015-07-03"},
		{"Publié le 27.05.24 – mis à jour le 28.05.24", "2024-05-27"},
		{"Publication : mars 2019", "2019-03"},
		{"Aucune date de publication.", ""},
	}
	for _, tt := range tests {
		if got, _, _ := visiblePublished(tt.text); got != tt.want {
			t.Errorf("visiblePublished(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestPublishedPrecision(t *testing.T) {
	tests := []struct{ html, want string }{
		{`<html><body><p class="date">Publication : mars 2019</p><article><p>texte</p></article></body></html>`, "2019-03"},
		{`<html><body><div>Publié le 27.05.24</div><p>texte</p></body></html>`, "2024-05-27"},
		{`<html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","datePublished":"2023-12-19T10:00:00Z"}]}</script></head><body><p>x</p></body></html>`, "2023-12-19"},
		{`<html><body><time datetime="2021-04-02" pubdate>2 avril</time><p>x</p></body></html>`, "2021-04-02"},
		{`<html><body><p>Aucune date ici.</p></body></html>`, ""},
		{`<html><head><meta property="article:published_time" content="2031-01-01"></head><body></body></html>`, ""},
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		pc, err := parsePageAt([]byte(tt.html), "https://x.example/p", now)
		if err != nil || pc.Published != tt.want {
			t.Errorf("published of %s = %q (%v), want %q", tt.html, pc.Published, err, tt.want)
		}
	}
}

// TestCouncilOfNamedRegion checks that the conseil régional of a Région the
// text names is that Région, while the council of a former région stays.
func TestCouncilOfNamedRegion(t *testing.T) {
	p := New()
	tests := []struct {
		text string
		want []string
	}{
		{"La Région Occitanie investit. Le conseil régional d'Occitanie a voté.", []string{"Région Occitanie"}},
		{"Le conseil régional des Hauts-de-France finance le projet.", []string{"Conseil régional des Hauts-de-France"}},
		{"La Région Hauts-de-France succède au conseil régional du Nord-Pas-de-Calais.", []string{"Région Hauts-de-France", "Conseil régional du Nord-Pas-de-Calais"}},
	}
	for _, tt := range tests {
		d := p.Text("t", tt.text, "")
		got := slices.Clone(d.Orgs)
		slices.Sort(got)
		want := slices.Clone(tt.want)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("orgs of %q = %q, want %q", tt.text, d.Orgs, tt.want)
		}
	}
}
