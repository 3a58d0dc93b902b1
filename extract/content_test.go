package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPublishedFallbacks(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name, url, html, want string
	}{
		{"url day wins over meta", "https://x.example/2019/10/22/titre", `<html><head><meta name="date" content="2012-01-01"></head><body><p>x</p></body></html>`, "2019-10-22"},
		{"first written date", "https://x.example/a", `<html><body><p>Texte du 12.03.2021, cité le 01.02.2020 et le 01.02.2020.</p></body></html>`, "2021-03-12"},
		{"url month narrows the scan", "https://x.example/2018/08/roadtrip", `<html><body><p>Le 2 août 2018 nous sommes partis. Le 5 mai 2017, le 5 mai 2017.</p></body></html>`, "2018-08-02"},
		{"visible month kept at its precision", "https://x.example/a", `<html><body><p>Publication : mars 2019</p><p>Le 4 mars 2019, le 4 mars 2019.</p></body></html>`, "2019-03"},
		{"future dates rejected", "https://x.example/a", `<html><body><p>Rendez-vous le 12.03.2030.</p></body></html>`, ""},
		{"day-first URL date", "https://x.example/newsroom/23-01-2022-titre", `<html><body><p>Le 5 mai 2017.</p></body></html>`, "2022-01-23"},
		{"compact URL date", "https://x.example/20200428/titre", `<html><body><p>x</p></body></html>`, "2020-04-28"},
		{"script date", "https://x.example/a", `<html><body><p>x</p><script>window.x={kicker:"a",date:"2022-01-28"}</script></body></html>`, "2022-01-28"},
		{"no date", "https://x.example/a", `<html><body><p>Rien.</p></body></html>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc, err := parsePageAt([]byte(tt.html), tt.url, now)
			if err != nil {
				t.Fatal(err)
			}
			if pc.Published != tt.want {
				t.Errorf("parsePageAt(%q).Published = %q, want %q", tt.html, pc.Published, tt.want)
			}
		})
	}
}

func TestChromeLayoutClasses(t *testing.T) {
	page := `<html><body class="single no-sidebar page-sidebar-right"><div class="widget Header"><p>Menu du site, rubriques et liens divers</p></div>
<div class="post-body">La convention a été signée hier à Dole par les deux présidents, après deux ans de travail commun.<br>Elle engage les deux collectivités pour six ans.</div>
<div class="share-buttons">Partager sur Facebook</div></body></html>`
	pc, err := parsePage([]byte(page), "https://x.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(pc.Text, "La convention a été signée") || !strings.Contains(pc.Text, "six ans") {
		t.Errorf("text %q lost the article", pc.Text)
	}
	if strings.Contains(pc.Text, "Partager") || strings.Contains(pc.Text, "Menu du site") {
		t.Errorf("text %q kept chrome", pc.Text)
	}
}

func BenchmarkParsePage(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "html", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		pc, err := parsePage(body, "https://journal.example/eco/signature-dole")
		if err != nil {
			b.Fatal(err)
		}
		if pc.Title == "" || len(pc.Text) < 200 {
			b.Fatalf("page %+v", pc)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte("<html><body><article><p>Publié le 27.05.24</p></article></body></html>"))
	f.Add([]byte(strings.Repeat("<div class=x>", 3000) + "texte"))
	f.Add([]byte("<p>\xff\xfe invalid \xc3</p><time datetime=\"2024-99-99\">x</time>"))
	f.Add([]byte(`<div class="` + strings.Repeat("share-", 5000) + `">x</div><script type="application/ld+json">{"@graph":[{"@graph":[{"datePublished":"2019-03"}]}]}</script>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		pc, err := parsePageAt(body, "https://x.example/2019/03/a", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil {
			return
		}
		if p := pc.Published; p != "" && len(p) != 4 && len(p) != 7 && len(p) != 10 {
			t.Fatalf("published %q", p)
		}
	})
}
