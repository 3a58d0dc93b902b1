package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"vigie"
)

// writer writes the text of one article.
type writer struct {
	g    *Generator
	r    *rand.Rand
	a    *Article
	year int
	main []party // the parties of the lead, quoted later
}

func (w *writer) pick(list []string) string { return list[w.r.IntN(len(list))] }

// named records a person named in the text.
func (w *writer) named(p party) party {
	for _, n := range w.a.Persons {
		if n == p.Name {
			return p
		}
	}
	w.a.Persons = append(w.a.Persons, p.Name)
	return p
}

// parties returns the two or three parties of an agreement.
func (w *writer) parties(c vigie.Place) []party {
	first := []int{offRegion, offRegion, offDept, offPrefect, offVicePresident}
	second := []int{offMayor, offMayor, offEPCI, offEPCI, offCompany, offInstitution}
	ps := []party{
		w.named(w.g.party(w.r, first[w.r.IntN(len(first))], c, w.year)),
		w.named(w.g.party(w.r, second[w.r.IntN(len(second))], c, w.year)),
	}
	if w.r.IntN(5) == 0 {
		ps = append(ps, w.named(w.g.party(w.r, offInstitution, c, w.year)))
	}
	if ps[0].Name == ps[1].Name { // the same invented person twice: drop one
		ps = ps[:1]
		ps = append(ps, w.named(w.g.party(w.r, offCompany, c, w.year)))
	}
	return ps
}

// list joins parties as "A, role, et B, role" (with commas around roles).
func list(ps []party) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	if len(s) == 2 {
		return s[0] + ", et " + s[1] + ","
	}
	return strings.Join(s[:len(s)-1], ", ") + ", et " + s[len(s)-1] + ","
}

func signed(ag agreement) string { return gender(ag.Feminine, "signé", "signée") }

// the returns the agreement with its definite article: "le contrat ...",
// "la convention ...", "l'accord ...".
func (ag agreement) the() string {
	if startsWithVowel(ag.Name) || strings.HasPrefix(ag.Name, "a") {
		return "l'" + ag.Name
	}
	return gender(ag.Feminine, "le ", "la ") + ag.Name
}

// of returns "du contrat ...", "de la convention ...", "de l'accord ...".
func (ag agreement) of() string {
	if t := ag.the(); strings.HasPrefix(t, "l'") {
		return "de " + t
	} else if ag.Feminine {
		return "de " + t
	}
	return "du " + ag.Name
}

// one returns "un contrat ...", "une convention ...".
func (ag agreement) one() string { return gender(ag.Feminine, "un ", "une ") + ag.Name }

// this returns "ce contrat", "cet accord", "cette convention".
func (ag agreement) this() string {
	switch {
	case ag.Feminine:
		return "cette " + ag.Type
	case startsWithVowel(ag.Type) || strings.HasPrefix(ag.Type, "a"):
		return "cet " + ag.Type
	}
	return "ce " + ag.Type
}

func capFirst(s string) string {
	for i := range s {
		if i > 0 {
			return strings.ToUpper(s[:i]) + s[i:]
		}
	}
	return strings.ToUpper(s)
}

// signing writes the title and lead of an article reporting a signing.
func (w *writer) signing() {
	a, r := w.a, w.r
	c := a.Commune
	ag := agreements[r.IntN(len(agreements))]
	evDay := a.Published.AddDate(0, 0, -r.IntN(6))
	date := dateWords(r, evDay)
	ps := w.parties(c)
	w.main = ps
	at := "à " + c.Name
	all := list(ps)
	var lead string
	switch r.IntN(7) {
	case 0:
		lead = fmt.Sprintf("%s ont signé %s %s %s.", all, date, at, ag.the())
	case 1:
		lead = fmt.Sprintf("%s, %s, %s ont paraphé %s.", capFirst(date), at, all, ag.the())
	case 2:
		lead = fmt.Sprintf("%s a été %s %s %s par %s.", capFirst(ag.the()), signed(ag), date, at, strings.TrimSuffix(all, ","))
	case 3:
		lead = fmt.Sprintf("La signature %s a eu lieu %s %s. Le document a été signé par %s.", ag.of(), date, at, strings.TrimSuffix(all, ","))
	case 4:
		lead = fmt.Sprintf("C'est %s que %s ont signé, %s, %s.", at, all, date, ag.the())
	case 5:
		lead = fmt.Sprintf("%s, %s ont officiellement signé %s en mairie %s.", capFirst(date), all, ag.the(), deName(c.Name))
	default:
		lead = fmt.Sprintf("%s et %s ont signé %s %s %s. Le texte a été signé par %s.", orgSubject(ps[0]), orgSubject(ps[1]), date, at, ag.one(), strings.TrimSuffix(all, ","))
	}
	a.Lead = lead
	ev := &vigie.Event{
		Date:      evDay.Format("2006-01-02"),
		Place:     c.Name,
		Agreement: ag.Name,
		Type:      ag.Type,
	}
	for _, p := range ps {
		ev.Signatories = append(ev.Signatories, vigie.Signatory{Name: p.Name, Role: p.Role, Org: p.Org})
	}
	a.Event = ev
	switch r.IntN(4) {
	case 0:
		a.Title = fmt.Sprintf("%s : %s %s", c.Name, ag.one(), signed(ag))
	case 1:
		a.Title = fmt.Sprintf("Signature %s à %s", ag.of(), c.Name)
	case 2:
		a.Title = fmt.Sprintf("%s et %s signent %s", capFirst(shortOrg(ps[0])), shortOrg(ps[1]), ag.one())
	default:
		a.Title = fmt.Sprintf("%s %s pour %s", capFirst(ag.Name), signed(ag), w.pick(themes))
	}
	a.Paragraphs = append(a.Paragraphs, w.context(ag), w.quote())
}

// orgSubject names a party's organisation as the subject of a sentence.
func orgSubject(p party) string {
	switch {
	case p.Org == "État":
		return "L'État"
	case strings.HasPrefix(p.Org, "Région "), strings.HasPrefix(p.Org, "Communauté"), strings.HasPrefix(p.Org, "Métropole"):
		return "La " + p.Org
	case strings.HasPrefix(p.Org, "Département "):
		return "Le " + p.Org
	}
	return capFirst(p.Org)
}

// shortOrg names a party's organisation as a headline does.
func shortOrg(p party) string {
	switch {
	case p.Org == "État":
		return "l'État"
	case strings.HasPrefix(p.Org, "Région "):
		return "la Région"
	case strings.HasPrefix(p.Org, "Département "):
		return "le Département"
	}
	return p.Org
}

// nearMiss writes the title and lead of an article that mentions an
// agreement without reporting its signing: a vote, an adoption, a signing
// to come.
func (w *writer) nearMiss() {
	a, r := w.a, w.r
	c := a.Commune
	ag := agreements[r.IntN(len(agreements))]
	date := dateWords(r, a.Published.AddDate(0, 0, -r.IntN(4)))
	// no month: a signing announced for a date (or at a place) is a signing
	later := []string{"dans les prochaines semaines", "à l'automne", "d'ici la fin de l'année", "au printemps prochain", "dans les prochains mois"}
	ps := w.parties(c)
	w.main = ps
	switch r.IntN(6) {
	case 0:
		a.Lead = fmt.Sprintf("Le conseil communautaire a voté %s l'adoption %s, qui devrait être %s %s.", date, ag.of(), signed(ag), w.pick(later))
		a.Title = fmt.Sprintf("%s : les élus votent %s", c.Name, ag.the())
	case 1:
		a.Lead = fmt.Sprintf("%s devrait être %s %s à %s par %s.", capFirst(ag.the()), signed(ag), w.pick(later), c.Name, strings.TrimSuffix(list(ps), ","))
		a.Title = fmt.Sprintf("Vers la signature %s à %s", ag.of(), c.Name)
	case 2:
		a.Lead = fmt.Sprintf("Réunis en séance plénière %s, les élus de la Région %s ont adopté %s, présenté%s par %s.", date, c.Region, ag.the(), gender(ag.Feminine, "", "e"), ps[0])
		a.Title = fmt.Sprintf("La Région %s adopte %s", c.Region, ag.the())
	case 3:
		// no place: a signing announced with a place (or a date) is a signing
		a.Lead = fmt.Sprintf("%s signeront %s %s.", list(ps), ag.the(), w.pick(later))
		a.Title = fmt.Sprintf("%s : %s bientôt %s", c.Name, ag.the(), signed(ag))
	case 4:
		a.Lead = fmt.Sprintf("Le projet %s a été présenté %s aux élus %s ; sa signature est prévue %s.", ag.of(), date, deName(c.Name), w.pick(later))
		a.Title = fmt.Sprintf("%s : le projet %s présenté aux élus", c.Name, ag.of())
	default:
		a.Lead = fmt.Sprintf("Le conseil municipal %s a approuvé %s, à l'unanimité, %s, qui sera soumis%s à la signature de %s.", deName(c.Name), date, ag.the(), gender(ag.Feminine, "", "e"), ps[0])
		a.Title = fmt.Sprintf("Conseil municipal : %s approuvé%s", ag.the(), gender(ag.Feminine, "", "e"))
	}
	a.Paragraphs = append(a.Paragraphs, w.context(ag), w.quote())
}

// news writes the title and lead of local news with no agreement.
func (w *writer) news() {
	a, r := w.a, w.r
	c := a.Commune
	date := dateWords(r, a.Published.AddDate(0, 0, -r.IntN(4)))
	pr := w.pick(projects)
	mayor := w.named(w.g.party(r, offMayor, c, w.year))
	w.main = []party{mayor}
	switch r.IntN(3) {
	case 0:
		a.Lead = fmt.Sprintf("%s, a inauguré %s %s, en présence de nombreux élus et habitants.", mayor, date, pr)
		a.Title = fmt.Sprintf("%s : inauguration %s", c.Name, ofProject(pr))
	case 1:
		a.Lead = fmt.Sprintf("Les travaux %s %s ont débuté %s, pour un montant de %s.", ofProject(pr), deName(c.Name), date, w.amount())
		a.Title = fmt.Sprintf("%s : top départ pour %s", c.Name, pr)
	default:
		th := w.pick(themes)
		a.Lead = fmt.Sprintf("Une réunion publique consacrée à %s s'est tenue %s à %s, à l'initiative de %s.", th, date, c.Name, mayor)
		a.Title = fmt.Sprintf("%s : les habitants débattent de %s", c.Name, th)
	}
	a.Paragraphs = append(a.Paragraphs, w.quote())
}

// context explains what the agreement is for.
func (w *writer) context(ag agreement) string {
	c := w.a.Commune
	return fmt.Sprintf("%s porte sur %s et sur %s. D'un montant de %s sur %d ans, %s concerne %d communes %s et prévoit notamment la création %s à %s.",
		capFirst(ag.this()), w.pick(themes), w.pick(themes), w.amount(), 3+w.r.IntN(5), gender(ag.Feminine, "il", "elle"),
		5+w.r.IntN(60), deDepartement(c.Departement), ofProject(w.pick(projects)), w.g.neighbour(w.r, c).Name)
}

var quoteTexts = []string{
	"C'est une étape importante pour notre territoire et pour ses habitants",
	"Nous avons besoin de tous les partenaires pour réussir {theme}",
	"Les habitants attendaient {project} depuis des années",
	"Ce partenariat traduit notre volonté commune d'agir au plus près des besoins",
	"Nous voulons faire de {commune} un territoire pilote pour {theme}",
	"Les moyens sont là, il faut maintenant que les projets sortent de terre",
	"Ce travail collectif montre que les collectivités savent avancer ensemble",
	"Sans l'engagement des communes, rien n'aurait été possible",
	"C'est un signal fort adressé aux entreprises et aux habitants",
	"Nous serons attentifs au calendrier et à la qualité des réalisations",
}

// quote writes a paragraph quoting one of the article's persons.
func (w *writer) quote() string {
	p := w.main[w.r.IntN(len(w.main))]
	q := w.fill(w.pick(quoteTexts))
	verb := w.pick([]string{"a déclaré", "a souligné", "se félicite", "a rappelé", "insiste"})
	if w.a.Quote == "" && w.r.IntN(2) == 0 {
		w.a.Quote = "« " + q + ". » — " + p.Name
	}
	return fmt.Sprintf("« %s », %s %s. %s", q, verb, p, w.fill(w.pick(fillers)))
}

var fillers = []string{
	"Le projet représente un investissement de {amount}, dont {pct} % financés par {inst}.",
	"À {commune2}, {project} devrait ouvrir ses portes en {year2}.",
	"Les élus {dept} ont rappelé que {theme} reste une priorité du mandat.",
	"Près de {n} emplois sont concernés sur le territoire, selon {inst}.",
	"La démarche associe les communes, les entreprises et les associations du bassin de vie.",
	"Un comité de pilotage se réunira deux fois par an pour suivre l'avancement des actions.",
	"L'entreprise {company} prévoit de recruter {n} salariés d'ici {year2}.",
	"Le calendrier prévoit une première tranche de travaux dès {month} {year2}.",
	"Plusieurs maires du secteur de {commune2} ont fait le déplacement.",
	"La Région {region} accompagne ce projet {adj} à hauteur de {amount}.",
	"Le dispositif a déjà permis de financer {n} opérations depuis {year0}.",
	"Les habitants pourront suivre l'avancement {du_project} sur le site de la commune.",
	"Une enveloppe de {amount} est réservée à {theme}.",
	"Ce dossier {adj} mobilise aussi {inst} et les services de l'État.",
	"La population de {commune} a progressé de {pct} % en dix ans.",
	"Un appel à projets sera lancé en {month} pour les communes de moins de {n} habitants.",
	"Le conseil de développement a rendu un avis favorable sur {theme}.",
	"Les premières réalisations concernent {project} et la rénovation de l'éclairage public.",
	"Selon les chiffres de {inst}, le territoire compte {n} entreprises industrielles.",
	"La commune de {commune2} accueillera la prochaine réunion du comité technique.",
	"Le bilan sera présenté aux élus {dept} à la fin de l'année {year2}.",
	"L'étude de faisabilité {du_project} a été confiée au cabinet {company}.",
	"Des permanences sont organisées chaque mois à la mairie de {commune2}.",
	"Le plan de financement associe l'Europe, l'État, la Région {region} et {inst}.",
	"Ce chantier {adj} doit aussi servir d'exemple pour {theme}.",
	"Le site de {company} à {commune2} emploie aujourd'hui {n} personnes.",
	"Le territoire a été retenu parmi {n} candidats au niveau national.",
	"Les associations locales seront associées à la définition des actions sur {theme}.",
	"Un premier bilan d'étape est attendu en {month} {year2}.",
	"Le maire {de_commune2} a salué une démarche {adj} et collective.",
	"La fréquentation {du_project} devrait atteindre {n} visiteurs par an.",
	"Le coût de fonctionnement est estimé à {amount} par an.",
	"Les travaux seront réalisés par des entreprises du département {dept}.",
	"Le schéma prévoit aussi {n} kilomètres de liaisons douces entre {commune} et {commune2}.",
	"Ce programme {adj} s'inscrit dans la stratégie régionale pour {theme}.",
	"Les partenaires se retrouveront en {month} {year2} pour un point d'étape.",
}

// fill replaces the slots of a template.
func (w *writer) fill(t string) string {
	if !strings.Contains(t, "{") {
		return t
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		b.WriteString(w.slot(t[i+1 : i+j]))
		t = t[i+j+1:]
	}
}

func (w *writer) slot(name string) string {
	c := w.a.Commune
	switch name {
	case "theme":
		return w.pick(themes)
	case "project":
		return w.pick(projects)
	case "du_project":
		return ofProject(w.pick(projects))
	case "commune":
		return c.Name
	case "commune2":
		return w.g.neighbour(w.r, c).Name
	case "de_commune2":
		return deName(w.g.neighbour(w.r, c).Name)
	case "dept":
		return deDepartement(c.Departement)
	case "region":
		return c.Region
	case "amount":
		return w.amount()
	case "pct":
		return fmt.Sprint(5 + w.r.IntN(70))
	case "n":
		return fmt.Sprint([]int{12, 25, 40, 80, 150, 300, 1200, 3500}[w.r.IntN(8)] + w.r.IntN(10))
	case "inst":
		return w.pick(institutions)
	case "company":
		return w.g.company(w.r)
	case "adj":
		return w.pick(adjectives)
	case "month":
		return w.pick(monthNames)
	case "year2":
		return fmt.Sprint(w.year + 1 + w.r.IntN(3))
	case "year0":
		return fmt.Sprint(w.year - 1 - w.r.IntN(5))
	}
	return name
}

// amount returns a sum of money as the press writes it.
func (w *writer) amount() string {
	if w.r.IntN(2) == 0 {
		return fmt.Sprintf("%d %03d euros", 50+w.r.IntN(900), 10*w.r.IntN(100))
	}
	return fmt.Sprintf("%d,%d millions d'euros", 1+w.r.IntN(40), w.r.IntN(10))
}

// paragraph writes a body paragraph of at most about max bytes.
func (w *writer) paragraph(max int) string {
	var b strings.Builder
	n := 3 + w.r.IntN(4)
	for k := 0; k < n && b.Len() < max; k++ {
		if k > 0 {
			b.WriteByte(' ')
		}
		if w.r.IntN(12) == 0 {
			d := w.a.Published.AddDate(0, w.r.IntN(10)-3, w.r.IntN(28))
			fmt.Fprintf(&b, "Une réunion d'information est prévue le %s à %s.", frenchDate(d, true), w.g.neighbour(w.r, w.a.Commune).Name)
			continue
		}
		b.WriteString(w.fill(w.pick(fillers)))
	}
	return b.String()
}

// headline writes the title of another article, for "À lire aussi".
func (w *writer) headline() string {
	c := w.g.neighbour(w.r, w.a.Commune)
	switch w.r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s : %s ouvrira en %d", c.Name, w.pick(projects), w.year+1)
	case 1:
		return fmt.Sprintf("%s : %s au cœur du conseil municipal", c.Name, capFirst(w.pick(themes)))
	case 2:
		return fmt.Sprintf("%s %s fait peau neuve", capFirst(w.pick(projects)), deName(c.Name))
	}
	return fmt.Sprintf("%s : les élus misent sur %s", c.Name, w.pick(themes))
}

// ofProject turns "le tiers-lieu" into "du tiers-lieu".
func ofProject(p string) string {
	if rest, ok := strings.CutPrefix(p, "le "); ok {
		return "du " + rest
	}
	return "de " + p
}

// publishedWords is the visible publication line.
func publishedWords(t time.Time) string {
	return fmt.Sprintf("Publié le %s à %02dh%02d", frenchDate(t, true), t.Hour(), t.Minute())
}
