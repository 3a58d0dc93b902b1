package extract

import (
	"strings"
	"testing"
	"time"
)

// TestPublishedFromTimeElements checks how <time> elements give the
// publication date, on pages written for the test.
func TestPublishedFromTimeElements(t *testing.T) {
	body := strings.Repeat("La convention a été signée à Dole par la présidente de la Région. ", 12)
	page := func(head, main string) string {
		return `<!doctype html><html lang="fr"><head><title>Une convention</title></head><body>` + head +
			`<main><h1>Une convention signée</h1>` + main + `<p>` + body + `</p></main></body></html>`
	}
	tests := []struct{ name, html, want string }{
		{"marked times keep page order",
			page("", `<time class="published" datetime="2024-05-15">15 mai 2024</time><p>x</p><time class="published" datetime="2024-05-20">20 mai 2024</time>`), "2024-05-15"},
		{"a time in an aside is another article's",
			page(`<aside><time datetime="2023-01-02">2 janvier 2023</time></aside>`, `<p>Publié le <time datetime="2024-05-15">15 mai 2024</time></p>`), "2024-05-15"},
		{"a time showing its publication line is read by what it shows",
			page("", `<time datetime="2019-07-01T08:00">Publié le 29 juin 2019, mis à jour le 1er juillet</time>`), "2019-06-29"},
		{"an update time is no publication date",
			page("", `<time class="updated" datetime="2024-06-01">1er juin 2024</time><time datetime="2024-05-15">15 mai 2024</time>`), "2024-05-15"},
		{"the weekday date of the banner is the day the page was served",
			page(`<header><a class="logo" href="/">Le Journal</a><span class="date-edition">lun. 5 août 2019</span><nav><a href="/eco">Éco</a></nav></header>`,
				`<p class="meta-date">Publié le 27 juin 2019</p>`), "2019-06-27"},
		{"a time in the banner likewise",
			page(`<header><div id="navwrap"><time datetime="2023-11-01T13:56">Mittwoch, 01. November 2023</time><a href="/">Start</a></div></header>`,
				`<p>Publié le <time datetime="2023-10-31">31 octobre 2023</time></p>`), "2023-10-31"},
		{"an article's own header keeps its date",
			`<!doctype html><html lang="fr"><body><nav><a href="/">Accueil</a></nav><article><header><h1>Une convention signée</h1><span class="date">mardi 14 mai 2024</span><nav><a href="#suite">Suite</a></nav></header><p>` + body + `</p></article></body></html>`, "2024-05-14"},
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range tests {
		pc, err := parsePageAt([]byte(tt.html), "https://journal.example/economie/une-convention", now)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if pc.Published != tt.want {
			t.Errorf("%s: published %q, want %q", tt.name, pc.Published, tt.want)
		}
	}
}

// TestPublishedFromURL checks that a date in the URL counts only with one
// separator throughout.
func TestPublishedFromURL(t *testing.T) {
	html := `<!doctype html><html><head><title>Drei Fragen</title></head><body><main><h1>Drei Fragen</h1><p>` +
		strings.Repeat("Ein Text ohne Datum, lang genug für einen Artikel. ", 20) + `</p></main></body></html>`
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for url, want := range map[string]string{
		"https://zeitung.example/2023/10/3-fragen-an-die-buergermeisterin/": "2023-10",
		"https://zeitung.example/2023/10/03/fragen/":                        "2023-10-03",
		"https://journal.example/actu/2024-05-27-convention-signee":         "2024-05-27",
	} {
		pc, err := parsePageAt([]byte(html), url, now)
		if err != nil {
			t.Fatal(err)
		}
		if pc.Published != want {
			t.Errorf("%s: published %q, want %q", url, pc.Published, want)
		}
	}
}
