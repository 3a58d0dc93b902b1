package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"vigie/geo"
)

func FuzzFindDates(f *testing.F) {
	for _, s := range []string{"le 15 mai 2024", "27.05.24", "le 18 décembre dernier", "lundi dernier", "hier", "1er juillet", "mars 2019", "31/02/2024", "en 2015", "99.99.99"} {
		f.Add(s, "2024-05-27")
	}
	f.Fuzz(func(t *testing.T, text, pub string) {
		for _, d := range findDates(text, newLowered(text), parseRef(pub)) {
			if d.start < 0 || d.end > len(text) || d.start > d.end {
				t.Fatalf("date mention %+v outside %q", d, text)
			}
		}
	})
}

func FuzzNames(f *testing.F) {
	for _, s := range []string{"Carole DELGA, présidente de la Région Occitanie", "M. Dupont", "Jean-François Le Hir de La Fontaine", "Sylvie Valente Le Hir", "Marie-", "Mme", "d' d' d'"} {
		f.Add(s)
	}
	g := geo.Default()
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize(text)
		for _, p := range findPersons(text, toks, func(span) bool { return false }) {
			if p.sp.from < 0 || p.sp.to > len(toks) || p.sp.from >= p.sp.to || !utf8.ValidString(p.value) && utf8.ValidString(text) {
				t.Fatalf("person %+v from %q", p, text)
			}
		}
		findOrgs(text, newLowered(text), toks, g)
	})
}

func FuzzPage(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "html", "*.html"))
	for _, file := range files {
		if b, err := os.ReadFile(file); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("<html><body><article><p>Le 15 mai 2024 à Dole, Marie Dupont a signé.</p></article></body></html>")
	f.Add(strings.Repeat("<div>", 5000) + "texte")
	f.Add("<p>\xff\xfe invalid utf-8 \xc3</p>")
	p := &Parser{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }, Geo: geo.Default()}
	f.Fuzz(func(t *testing.T, html string) {
		d, err := p.HTML("https://example.fr/a", []byte(html))
		if err != nil {
			return
		}
		for _, m := range d.Mentions {
			if m.Start < 0 || m.End > len(d.Text) || m.Start > m.End {
				t.Fatalf("mention %+v outside the text", m)
			}
		}
	})
}
