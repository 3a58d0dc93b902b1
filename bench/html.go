package bench

import (
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// renderHTML writes the article as a news site would serve it: header,
// navigation, cookie banner, breadcrumb, the article with its byline, share
// links, tags and related articles, a newsletter box and a footer; Open
// Graph and JSON-LD metadata on a share of pages.
func renderHTML(a *Article) []byte {
	var b strings.Builder
	b.Grow(a.TextLen() + 6000)
	e := html.EscapeString
	iso := a.Published.Format("2006-01-02T15:04:05") + "+01:00"
	b.WriteString("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n")
	fmt.Fprintf(&b, "<title>%s - %s</title>\n", e(a.Title), e(a.SiteName))
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	fmt.Fprintf(&b, "<meta name=\"description\" content=\"%s\">\n", e(firstWords(a.Lead, 25)))
	fmt.Fprintf(&b, "<link rel=\"canonical\" href=\"%s\">\n", e(a.URL))
	b.WriteString("<link rel=\"stylesheet\" href=\"/static/css/main.min.css\">\n")
	if a.OpenGraph {
		fmt.Fprintf(&b, "<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:title\" content=\"%s\">\n", e(a.Title))
		fmt.Fprintf(&b, "<meta property=\"og:url\" content=\"%s\">\n<meta property=\"og:site_name\" content=\"%s\">\n", e(a.URL), e(a.SiteName))
		fmt.Fprintf(&b, "<meta property=\"article:published_time\" content=\"%s\">\n", iso)
		b.WriteString("<meta property=\"og:locale\" content=\"fr_FR\">\n")
	}
	if a.JSONLD {
		ld, _ := json.Marshal(map[string]any{
			"@context":      "https://schema.org",
			"@type":         "NewsArticle",
			"headline":      a.Title,
			"datePublished": iso,
			"author":        map[string]string{"@type": "Person", "name": a.Author},
			"publisher":     map[string]string{"@type": "Organization", "name": a.SiteName},
			"url":           a.URL,
		})
		fmt.Fprintf(&b, "<script type=\"application/ld+json\">%s</script>\n", ld)
	}
	b.WriteString("<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}</script>\n</head>\n<body class=\"single-post\">\n")

	b.WriteString("<div id=\"cookie-banner\" class=\"cookie-consent\" role=\"dialog\"><p>Nous utilisons des cookies pour mesurer l'audience et améliorer votre expérience. En poursuivant votre navigation, vous acceptez leur utilisation.</p><button>Tout accepter</button> <button>Paramétrer</button> <a href=\"/politique-cookies\">En savoir plus</a></div>\n")
	fmt.Fprintf(&b, "<header class=\"site-header\"><a class=\"logo\" href=\"/\">%s</a>\n<nav class=\"main-nav\"><ul>", e(a.SiteName))
	for _, n := range navItems {
		fmt.Fprintf(&b, "<li><a href=\"/%s\">%s</a></li>", slug(n), e(n))
	}
	b.WriteString("</ul></nav>\n<form class=\"search\" action=\"/recherche\"><input name=\"s\" placeholder=\"Rechercher\"></form></header>\n")
	fmt.Fprintf(&b, "<nav class=\"breadcrumb\"><a href=\"/\">Accueil</a> &gt; <a href=\"/actualites\">Actualités</a> &gt; <span>%s</span></nav>\n", e(a.Commune.Name))

	b.WriteString("<main id=\"content\">\n")
	if a.NoArticle {
		b.WriteString("<div class=\"post-content entry\">\n")
	} else {
		b.WriteString("<article class=\"post\">\n")
	}
	fmt.Fprintf(&b, "<h1 class=\"entry-title\">%s</h1>\n", e(a.Title))
	fmt.Fprintf(&b, "<div class=\"meta\"><span class=\"byline\">Par %s</span> · ", e(a.Author))
	if a.Index%10 < 7 {
		fmt.Fprintf(&b, "<time datetime=\"%s\">%s</time>", iso, e(publishedWords(a.Published)))
	} else {
		fmt.Fprintf(&b, "<span class=\"date\">%s</span>", e(publishedWords(a.Published)))
	}
	b.WriteString("</div>\n")
	fmt.Fprintf(&b, "<p class=\"chapo\"><strong>%s</strong></p>\n", e(a.Lead))
	for k, p := range a.Paragraphs {
		if k == 2 && a.Quote != "" {
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", e(a.Quote))
		}
		if k > 0 && k%3 == 0 {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", e(capFirst(firstWords(p, 5))))
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", e(p))
		if k == 1 {
			fmt.Fprintf(&b, "<figure><img src=\"/uploads/%d/%s.jpg\" alt=\"\"><figcaption>%s. Photo DR</figcaption></figure>\n",
				a.Published.Year(), slug(a.Commune.Name), e(a.Commune.Name))
		}
	}
	b.WriteString("<div class=\"share\">Partager : <a href=\"#\" class=\"fb\">Facebook</a> <a href=\"#\" class=\"x\">X</a> <a href=\"#\" class=\"li\">LinkedIn</a> <a href=\"#\" class=\"mail\">Envoyer par e-mail</a> <a href=\"#\" onclick=\"window.print()\">Imprimer</a></div>\n")
	b.WriteString("<ul class=\"tags\">")
	for _, t := range a.Tags {
		fmt.Fprintf(&b, "<li><a href=\"/tag/%s\">%s</a></li>", slug(t), e(t))
	}
	b.WriteString("</ul>\n")
	if a.NoArticle {
		b.WriteString("</div>\n")
	} else {
		b.WriteString("</article>\n")
	}
	b.WriteString("<aside class=\"related\"><h3>À lire aussi</h3><ul>")
	for k, h := range a.Related {
		fmt.Fprintf(&b, "<li><a href=\"/actualites/%s-%d.html\">%s</a></li>", slug(firstWords(h, 6)), a.Index*7+k, e(h))
	}
	b.WriteString("</ul></aside>\n</main>\n")
	b.WriteString("<section class=\"newsletter\"><h3>Newsletter</h3><p>Recevez chaque matin l'essentiel de l'actualité de votre territoire.</p><form><input type=\"email\" placeholder=\"Votre adresse e-mail\"><button>S'inscrire</button></form></section>\n")
	fmt.Fprintf(&b, "<footer class=\"site-footer\"><ul><li><a href=\"/mentions-legales\">Mentions légales</a></li><li><a href=\"/plan-du-site\">Plan du site</a></li><li><a href=\"/contact\">Contact</a></li><li><a href=\"/accessibilite\">Accessibilité : partiellement conforme</a></li></ul><p>© %d %s. Tous droits réservés.</p></footer>\n",
		a.Published.Year(), e(a.SiteName))
	b.WriteString("<script src=\"/static/js/main.min.js\" defer></script>\n</body>\n</html>\n")
	return []byte(b.String())
}
