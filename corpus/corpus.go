package corpus

import (
	"embed"
	"fmt"
	"net/http"
	"strings"
)

//go:embed seeds/*.txt templates/*.html
var files embed.FS

// Site is one bundled publisher website.
type Site struct {
	Name    string       // human name, e.g. "Le Fil de Bourgogne"
	Slug    string       // short stable identifier, e.g. "fil-bourgogne"
	Handler http.Handler // serves the whole site (home, articles, robots.txt, sitemap.xml, feed)
}

// Article is one article of the corpus: the seed document it reproduces,
// the slug of the site that publishes it, its path on that site (with the
// query string for sites that route on it) and its title.
type Article struct {
	SeedID, Site, Path, Title string
}

// PrivateMarker is a phrase printed only on the pages of the section that
// robots.txt disallows (see Sites). A crawl that obeys robots.txt never
// indexes it.
const PrivateMarker = "Brouillon interne Zéphyrine"

// Sites returns the five bundled sites, in a fixed order. Each call builds
// new handlers; they share no state.
func Sites() []Site {
	defs := siteDefs()
	sites := make([]Site, len(defs))
	for i, d := range defs {
		sites[i] = Site{Name: d.name, Slug: d.slug, Handler: newHandler(d)}
	}
	return sites
}

// Articles lists every article of the corpus, in the order of Sites.
func Articles() []Article {
	var out []Article
	for _, d := range siteDefs() {
		for _, p := range d.pages {
			if p.Article != nil {
				out = append(out, Article{SeedID: p.Article.SeedID, Site: d.slug, Path: p.Path, Title: p.Article.Title})
			}
		}
	}
	return out
}

// seed returns the lines of an embedded seed text. The seeds are part of
// the binary, so a missing one is a build defect and panics.
func seed(id string) []string {
	b, err := files.ReadFile("seeds/" + id + ".txt")
	if err != nil {
		panic(fmt.Sprintf("corpus: seed %s not embedded: %v", id, err))
	}
	return strings.Split(string(b), "\n")
}

// articleView is what an article template sees.
type articleView struct {
	SeedID    string
	Title     string
	Published string   // date the seed supports, at its precision ("2024-05-27", "2019-03") or ""
	Lines     []string // every line of the seed, blank ones included
	Lead      string   // the line used as description in metadata and feeds
	Section   string
}

// Paras returns the non-blank lines of the seed: its paragraphs.
func (a *articleView) Paras() []string {
	var out []string
	for _, l := range a.Lines {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

// item is one entry of a listing page.
type item struct {
	Title, Path, Excerpt string
	Published            string // ISO date at the seed's precision, or ""
}

// page is one HTML page of a site.
type page struct {
	Path     string // route: path, plus "?query" for query-routed pages
	Kind     string // home, list, article, page, private
	Title    string
	Article  *articleView
	Items    []item
	Prev     string // pagination links
	Next     string
	PageNum  int
	Pages    int
	Text     []string // paragraphs of a non-article page
	Redirect string   // answer 301 to this path instead of a page
}

// siteDef describes a whole site; newHandler serves it.
type siteDef struct {
	name, slug  string
	charset     string // "utf-8" or "windows-1252"
	tmpl        string // template file under templates/
	feedPath    string
	feedKind    string // "rss" or "atom"
	feedCharset string
	sitemaps    map[string][]string // sitemap path -> page paths; "/sitemap.xml" may be an index of the others
	robots      string              // robots.txt; "{base}" is replaced by the site's base URL
	pages       []page
}

func (d *siteDef) page(path string) *page {
	for i := range d.pages {
		if d.pages[i].Path == path {
			return &d.pages[i]
		}
	}
	return nil
}

func (d *siteDef) articles() []*page {
	var out []*page
	for i := range d.pages {
		if d.pages[i].Article != nil {
			out = append(out, &d.pages[i])
		}
	}
	return out
}

func newArticle(id, title, published, section string, lead int) *articleView {
	lines := seed(id)
	return &articleView{SeedID: id, Title: title, Published: published, Lines: lines, Lead: lines[lead], Section: section}
}

func staticPage(path, title string, text ...string) page {
	return page{Path: path, Kind: "page", Title: title, Text: text}
}

// siteDefs defines the five sites. Extra pages are never articles: legal
// notices, contact pages, listings and practical notices, none of them
// dated and none reporting a signing.
func siteDefs() []*siteDef {
	return []*siteDef{filBourgogne(), intercosNordEst(), coeurArtois(), entreprendreBFC(), industrieMag()}
}

// filBourgogne is a regional news site on a WordPress-like CMS: div soup,
// OpenGraph, JSON-LD @graph with a NewsArticle (undated: the seed gives no
// publication date), a video player left-over, a sitemap index.
func filBourgogne() *siteDef {
	const path = "/economie/dole-la-region-et-les-intercommunalites-signent-une-declaration-pour-la-reindustrialisation/"
	a := newArticle("000_dc31db6745f71bc3",
		"Réindustrialisation : la Région Bourgogne-Franche-Comté et Intercommunalités de France signent une déclaration commune à Dole",
		"", "Économie", 0)
	it := []item{{Title: a.Title, Path: path, Excerpt: a.Lead}}
	return &siteDef{
		name: "Le Fil de Bourgogne", slug: "fil-bourgogne", charset: "utf-8", tmpl: "fil-bourgogne.html",
		feedPath: "/feed/", feedKind: "rss", feedCharset: "utf-8",
		sitemaps: map[string][]string{
			"/post-sitemap.xml": {path},
			"/page-sitemap.xml": {"/", "/economie/", "/tag/reindustrialisation/", "/tag/grand-dole/", "/contact/", "/mentions-legales/"},
		},
		robots: "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\nSitemap: {base}/sitemap.xml\n",
		pages: []page{
			{Path: "/", Kind: "home", Title: "Le Fil de Bourgogne – L’actualité de Dijon, de la Côte-d’Or et de la région", Items: it},
			{Path: "/economie/", Kind: "list", Title: "Économie", Items: it},
			{Path: "/tag/reindustrialisation/", Kind: "list", Title: "Réindustrialisation", Items: it},
			{Path: "/tag/grand-dole/", Kind: "list", Title: "Grand Dole", Items: it},
			{Path: path, Kind: "article", Title: a.Title, Article: a},
			{Path: "/?p=19491", Redirect: path},
			staticPage("/contact/", "Contact",
				"Une information, une correction, un communiqué ? Écrivez à la rédaction du Fil de Bourgogne.",
				"Rédaction : redaction@fil-bourgogne.example – Publicité : pub@fil-bourgogne.example",
				"Nous ne publions pas les communiqués anonymes."),
			staticPage("/mentions-legales/", "Mentions légales",
				"Le Fil de Bourgogne est un site d’information édité par une association à but non lucratif dont le siège est à Dijon.",
				"Directeur de la publication : le président de l’association.",
				"Hébergement : prestataire établi dans l’Union européenne.",
				"Les contenus de ce site sont protégés par le droit d’auteur ; toute reproduction sans autorisation est interdite."),
		},
	}
}

// intercosNordEst is the news page of a federation of intercommunalités:
// semantic HTML5, OpenGraph without dates, no JSON-LD, and a members' area
// that robots.txt disallows.
func intercosNordEst() *siteDef {
	const path = "/actualites/article.35517.initiative-declaration-de-bethune-les-intercommunalites-et-la-region-des-hauts-de-france"
	a := newArticle("001_bdcb333641b655ee",
		"Initiative : déclaration de Béthune, les intercommunalités et la Région des Hauts-de-France",
		"", "Développement économique", 0)
	it := []item{{Title: a.Title, Path: path, Excerpt: a.Lead}}
	return &siteDef{
		name: "Intercos Nord-Est", slug: "intercos-nord-est", charset: "utf-8", tmpl: "intercos-nord-est.html",
		feedPath: "/rss.xml", feedKind: "rss", feedCharset: "utf-8",
		sitemaps: map[string][]string{
			"/sitemap.xml": {"/", "/actualites/", path, "/documents/", "/qui-sommes-nous/", "/mentions-legales/"},
		},
		robots: "User-agent: *\nDisallow: /espace-adherents/\n\nSitemap: {base}/sitemap.xml\n",
		pages: []page{
			{Path: "/", Kind: "home", Title: "Intercos Nord-Est – Fédération des intercommunalités", Items: it},
			{Path: "/actualites/", Kind: "list", Title: "Actualités", Items: it},
			{Path: path, Kind: "article", Title: a.Title, Article: a},
			staticPage("/documents/", "Documents",
				"Les accords, délibérations types et notes de la fédération sont mis à la disposition de ses adhérents.",
				"Pour les consulter, connectez-vous à l’espace adhérents avec les identifiants transmis à votre intercommunalité."),
			staticPage("/qui-sommes-nous/", "Qui sommes-nous ?",
				"Intercos Nord-Est rassemble des communautés de communes, d’agglomération et urbaines du nord et de l’est de la France.",
				"La fédération relaie l’actualité du réseau national des intercommunalités, accompagne les élus et les équipes techniques et porte leur voix auprès des régions et de l’État."),
			staticPage("/mentions-legales/", "Mentions légales",
				"Éditeur : Intercos Nord-Est, association à but non lucratif.",
				"Directeur de la publication : le président de la fédération.",
				"Pour exercer vos droits sur vos données personnelles, écrivez au délégué à la protection des données de la fédération."),
			{Path: "/espace-adherents/", Kind: "private", Title: "Espace adhérents", Text: []string{
				PrivateMarker + " : cet espace est réservé aux adhérents de la fédération.",
				"Documents de travail en cours de relecture, à ne pas diffuser.",
			}},
			{Path: "/espace-adherents/note-du-bureau-brouillon/", Kind: "private", Title: "Note du bureau (brouillon)", Text: []string{
				PrivateMarker + " : projet de note du bureau, version de travail non relue.",
				"Positions provisoires sur la feuille de route économique ; ce texte n’est pas validé et ne doit pas être publié.",
			}},
		},
	}
}

// notices are the practical notices of the local-government site: not
// articles, undated, they fill the first page of its news listing.
var notices = []struct {
	slug, title string
	text        []string
}{
	{"decheteries-horaires", "Déchèteries : les horaires d’ouverture", []string{
		"Les déchèteries de l’agglomération sont ouvertes du lundi au samedi, de 9 h à 12 h et de 14 h à 18 h, et le dimanche matin.",
		"L’accès est gratuit pour les particuliers sur présentation du badge, à demander à l’accueil du siège."}},
	{"transport-a-la-demande", "Transport à la demande : comment réserver", []string{
		"Le service de transport à la demande dessert les communes rurales de l’agglomération.",
		"Réservez votre trajet la veille avant 17 h par téléphone ou depuis l’application mobile."}},
	{"renovation-habitat", "Rénovation de l’habitat : un conseiller vous répond", []string{
		"Vous souhaitez isoler votre logement ou changer votre chauffage ? Les conseillers de l’espace habitat vous reçoivent gratuitement, sur rendez-vous.",
		"Ils vous aident à monter votre dossier d’aides et à choisir les bons artisans."}},
	{"recrutement-charge-de-mission", "Recrutement : chargé(e) de mission développement économique", []string{
		"L’agglomération recrute un ou une chargé(e) de mission pour accompagner les entreprises du territoire dans leurs projets d’implantation et d’extension.",
		"Candidature (lettre et CV) à adresser au service des ressources humaines."}},
}

// coeurArtois is a local-government site: Bootstrap-like markup, OpenGraph
// with article:published_time, JSON-LD NewsArticle with datePublished, an
// Atom feed, and a paginated news listing on which the article appears only
// on page 2.
func coeurArtois() *siteDef {
	const path = "/actualites/les-intercommunalites-la-cle-pour-la-reindustrialisation-des-territoires/"
	a := newArticle("002_c69e99a093ba249c", "", "2024-05-27", "Économie", 5)
	a.Title = a.Lines[3]
	var noticeItems []item
	pages := []page{}
	for _, n := range notices {
		p := "/infos-pratiques/" + n.slug + "/"
		noticeItems = append(noticeItems, item{Title: n.title, Path: p, Excerpt: n.text[0]})
		pages = append(pages, page{Path: p, Kind: "page", Title: n.title, Text: n.text})
	}
	articleItem := item{Title: a.Title, Path: path, Excerpt: a.Lead, Published: a.Published}
	page2 := append(append([]item{}, noticeItems[3:]...), articleItem)
	pages = append(pages,
		page{Path: "/", Kind: "home", Title: "Cœur d’Artois Agglo – Site officiel de la communauté d’agglomération", Items: noticeItems[:3]},
		page{Path: "/actualites/", Kind: "list", Title: "Actualités", Items: noticeItems[:3], PageNum: 1, Pages: 2, Next: "/actualites/page/2/"},
		page{Path: "/actualites/page/2/", Kind: "list", Title: "Actualités – Page 2", Items: page2, PageNum: 2, Pages: 2, Prev: "/actualites/"},
		page{Path: path, Kind: "article", Title: a.Title, Article: a},
		staticPage("/contact/", "Contact",
			"Hôtel communautaire – accueil du public du lundi au vendredi, de 8 h 30 à 12 h et de 13 h 30 à 17 h.",
			"Téléphone : 03 21 00 00 00 – formulaire de contact en ligne."),
		staticPage("/mentions-legales/", "Mentions légales",
			"Ce site est édité par la communauté d’agglomération Cœur d’Artois.",
			"Directeur de la publication : le président de la communauté d’agglomération.",
			"Crédits photos : service communication de l’agglomération, sauf mention contraire."),
	)
	var all []string
	for _, p := range pages {
		all = append(all, p.Path)
	}
	return &siteDef{
		name: "Cœur d’Artois Agglo", slug: "coeur-artois", charset: "utf-8", tmpl: "coeur-artois.html",
		feedPath: "/actualites/feed.atom", feedKind: "atom", feedCharset: "utf-8",
		sitemaps: map[string][]string{"/sitemap.xml": all},
		robots:   "User-agent: *\nDisallow: /recherche\nDisallow: /*?print=\n\nSitemap: {base}/sitemap.xml\n",
		pages:    pages,
	}
}

// entreprendreBFC is a regional economic agency on a Drupal-like CMS. It
// carries no metadata at all: no OpenGraph, no JSON-LD, no description.
func entreprendreBFC() *siteDef {
	const path = "/actualites/territoires-dindustrie-en-bourgogne-franche-comte"
	a := newArticle("003_f3bcce110872fe65",
		"Territoires d’industrie : le programme en Bourgogne-Franche-Comté",
		"", "Filières et territoires", 0)
	it := []item{{Title: a.Title, Path: path, Excerpt: a.Lead}}
	return &siteDef{
		name: "Entreprendre en Bourgogne-Franche-Comté", slug: "entreprendre-bfc", charset: "utf-8", tmpl: "entreprendre-bfc.html",
		feedPath: "/rss.xml", feedKind: "rss", feedCharset: "utf-8",
		sitemaps: map[string][]string{"/sitemap.xml": {"/", "/actualites", path, "/services", "/contact", "/mentions-legales"}},
		robots: "#\n# robots.txt\n#\nUser-agent: *\nDisallow: /admin/\nDisallow: /user/login\nDisallow: /search/\nDisallow: /node/add/\n\n" +
			"User-agent: GPTBot\nDisallow: /\n",
		pages: []page{
			{Path: "/", Kind: "home", Title: "Accueil | Entreprendre en Bourgogne-Franche-Comté", Items: it},
			{Path: "/actualites", Kind: "list", Title: "Actualités", Items: it},
			{Path: path, Kind: "article", Title: a.Title, Article: a},
			staticPage("/services", "Nos services aux entreprises",
				"Implantation, développement, innovation, export : l’agence accompagne gratuitement les entreprises et les porteurs de projets industriels.",
				"Elle réalise des portraits économiques des territoires et anime les réseaux de développeurs économiques de la région."),
			staticPage("/contact", "Contact",
				"Agence économique régionale – accueil téléphonique du lundi au vendredi.",
				"Pour un projet d’implantation, précisez votre secteur d’activité, vos besoins en foncier et en recrutement."),
			staticPage("/mentions-legales", "Mentions légales",
				"Ce site est édité par l’agence économique régionale, association financée par la Région.",
				"Responsable de la publication : la direction générale de l’agence."),
		},
	}
}

// industrieMag is a trade magazine on an old SPIP-like CMS: table layout,
// query-string URLs, pages and RSS feed in windows-1252, minimal OpenGraph
// without dates (the seed gives the month only, which the page prints).
func industrieMag() *siteDef {
	const path = "/spip.php?article1842"
	a := newArticle("004_983d71d8b608f7b1", "", "2019-03", "Dossiers", 16)
	a.Title = a.Lines[10]
	it := []item{{Title: a.Title, Path: path, Excerpt: a.Lead, Published: a.Published}}
	return &siteDef{
		name: "Industrie Mag", slug: "industrie-mag", charset: "windows-1252", tmpl: "industrie-mag.html",
		feedPath: "/spip.php?page=backend", feedKind: "rss", feedCharset: "windows-1252",
		sitemaps: map[string][]string{"/sitemap.xml": {"/", "/spip.php?rubrique3", path, "/spip.php?page=mentions"}},
		robots: "# robots.txt\n# @url: {base}\n# @generator: SPIP\n\nUser-agent: *\nDisallow: /local/\nDisallow: /ecrire/\n" +
			"Disallow: /plugins/\nDisallow: /prive/\nDisallow: /squelettes-dist/\nDisallow: /squelettes/\n\nSitemap: {base}/sitemap.xml\n",
		pages: []page{
			{Path: "/", Kind: "home", Title: "Industrie Mag - le magazine de l'industrie en régions", Items: it},
			{Path: "/spip.php?rubrique3", Kind: "list", Title: "Dossiers", Items: it},
			{Path: path, Kind: "article", Title: a.Title, Article: a},
			staticPage("/spip.php?page=mentions", "Mentions légales",
				"Industrie Mag est un magazine en ligne consacré à l'industrie et aux territoires.",
				"Directeur de la publication : le gérant de la société éditrice.",
				"Conformément à la loi Informatique et libertés, vous disposez d'un droit d'accès et de rectification des données vous concernant."),
		},
	}
}
