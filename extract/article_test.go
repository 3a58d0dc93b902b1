package extract

import (
	"errors"
	"strings"
	"testing"

	"vigie"
)

// TestListingsAreNotArticles checks that tag, category and news listing
// pages are told from articles, on pages written for the test.
func TestListingsAreNotArticles(t *testing.T) {
	body := strings.Repeat("La convention a été signée à Dole par la présidente de la Région et le président de l’agglomération. ", 8)
	teaser := `<h3><a href="/economie/une-convention-signee/">Une convention signée à Dole pour l’industrie</a></h3><p>` + body + `</p>`
	page := func(ogType, main string) string {
		og := ""
		if ogType != "" {
			og = `<meta property="og:type" content="` + ogType + `">`
		}
		return `<!doctype html><html lang="fr"><head><title>Page</title>` + og + `</head><body><nav><a href="/">Accueil</a></nav><main>` + main + `</main></body></html>`
	}
	article := `<h1>Une convention signée à Dole pour l’industrie</h1><p>` + body + `</p><p>` + body + `</p>`
	tests := []struct {
		name, url, html string
		article         bool
	}{
		{"article", "https://journal.example/economie/une-convention-signee/", page("", article), true},
		{"article saying website", "https://mairie.example/actualites/une-convention-signee", page("website", article), true},
		{"article with related headlines", "https://journal.example/economie/une-convention-signee/", page("article", article+teaser+teaser), true},
		{"tag page", "https://journal.example/tag/grand-dole/", page("", `<h1>Grand Dole</h1>`+teaser), false},
		{"category page 2", "https://journal.example/economie/page/2/", page("", `<h1>Économie</h1>`+teaser), false},
		{"author page", "https://journal.example/auteur/la-redaction", page("", `<h1>La rédaction</h1>`+teaser), false},
		{"news listing calling itself a website", "https://agglo.example/actualites/", page("website", `<h1>Actualités</h1>`+teaser+`<h3><a href="/infos/horaires/">Horaires</a></h3>`), false},
	}
	p := New()
	for _, tt := range tests {
		_, err := p.Page(&vigie.Page{URL: tt.url, ContentType: "text/html", Body: []byte(tt.html)})
		if got := !errors.Is(err, ErrNotArticle); got != tt.article {
			t.Errorf("%s: article = %v (err %v), want %v", tt.name, got, err, tt.article)
		}
	}
}
