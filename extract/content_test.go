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

func TestChromeAttr(t *testing.T) {
	tests := []struct {
		class string
		want  bool
	}{
		{"share-buttons", true},
		{"author-box", true},
		{"entry-meta", true},
		{"post-byline", true},
		{"widget Blog", false},                            // Blogger wraps the post in a widget
		{"elementor-widget elementor-widget-text", false}, // page builders name every block a widget
		{"cols-wrapper loading", false},                   // a loading state, not a block
		{"post-1113 post hentry category-popular tag-share-economy", false},
		{"article-body paywall-google", false}, // the article's body, whatever else it is
		{"comments-area entry-content", false}, // a body token protects the element
		{"trending-articles", true},
	}
	for _, tt := range tests {
		if got := chromeAttr(tt.class); got != tt.want {
			t.Errorf("chromeAttr(%q) = %v, want %v", tt.class, got, tt.want)
		}
	}
}

func TestCleanLines(t *testing.T) {
	body := strings.TrimSuffix(strings.Repeat("Le conseil communautaire a voté la convention à l'unanimité, après un long débat.\n", 6), "\n")
	tests := []struct {
		name, in, want string
	}{
		{"german related heading cuts the tail", body + "\nWeitere Themen\nAndere Nachricht", body},
		{"french heading cuts the tail", body + "\nVos réactions\nTrès bien !", body},
		{"spanish heading cuts the tail", body + "\nTemas relacionados:\nOtra noticia", body},
		{"author box heading cuts the tail", body + "\nAbout the author\nJane writes about towns.", body},
		{"bare dates dropped", "15. Mai 2019, 05:28 Uhr\nJanuary 13, 2020\n16 marca 2021\n" + body, body},
		{"stamps dropped", "Aktualisiert: 11.04.2020, 10:27\nPublié le 3 mars 2024 à 10h12\n" + body, body},
		{"reading time dropped", "4 Min Read\n11 minut czytania\n21 minutes - 4312 words\n" + body, body},
		{"credits dropped", "Stau © aremac / Clipdealer\nLa place du marché / AFP\nCrédits photos : Bestimage\n" + body, body},
		{"player and embed debris dropped", "Loading the player...\nChargement…\nKlicken Sie auf den unteren Button, um den Inhalt von www.example.org zu laden.\nVeuillez activer JavaScript pour voir la vidéo.\n" + body, body},
		{"see-also lines dropped", "Lire aussi : Le département signe avec la région\nLeia também: a região\nCzytaj też Region i miasto\n" + body + "\nLesen Sie auch Die Stadt und der Kreis", body},
		{"bylines dropped at the head", "Par Jean Dupont\nVon Anna Schmidt, dpa\nBy Jane Doe on May 4, 2020\nPar Matthieu Hy le 07 Mai 2020\n" + body, body},
		{"headings like bylines kept", "Von Risiken und Nebenwirkungen\nPar la voie des airs\nLire aussitôt la convention\n" + body, "Von Risiken und Nebenwirkungen\nPar la voie des airs\nLire aussitôt la convention\n" + body},
		{"advert label dropped", "- Anzeige-\n" + body, body},
		{"a sentence with a date is kept", "Le 12 mars 2024, les élus ont signé la convention.\n" + body, "Le 12 mars 2024, les élus ont signé la convention.\n" + body},
		{"german recommendation heading cuts the tail", body + "\nEmpfohlene Beiträge\nAndere Nachricht", body},
		{"tail service lines dropped", body + "\nAbonnez-vous à notre newsletter pour ne rien manquer.\nThis site uses Akismet to reduce spam.\nDieser Text wurde veröffentlicht unter der Lizenz CC-BY-NC-ND-4.0-DE.", body},
		{"a newsletter named early is kept", "La newsletter de la région présente la convention.\n" + body, "La newsletter de la région présente la convention.\n" + body},
		{"an early heading is only dropped", "Partager\n" + body, body},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanLines(tt.in); got != tt.want {
				t.Errorf("cleanLines(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMainTextDropsCaptionsAndBylines(t *testing.T) {
	page := `<html><body><div class="widget Blog"><div class="post hentry category-popular">
<h1>Une convention pour la mobilité</h1>
<div class="byline">Par Jean Dupont</div>
<figure><img src="a.jpg"><figcaption>Les deux présidents à la signature. Photo DR</figcaption></figure>
<p>La convention a été signée hier à Dole par les deux présidents, après deux ans de travail commun entre les services.</p>
<p>Elle engage les deux collectivités pour six ans et prévoit un budget de deux millions d'euros, réparti à parts égales.</p>
<div class="author-bio"><p>Jean Dupont couvre la vie locale depuis dix ans pour le journal, de Dole à Lons-le-Saunier.</p></div>
</div></div></body></html>`
	pc, err := parsePage([]byte(page), "https://x.example/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"La convention a été signée", "six ans et prévoit"} {
		if !strings.Contains(pc.Text, want) {
			t.Errorf("text %q lost %q", pc.Text, want)
		}
	}
	for _, chrome := range []string{"Par Jean Dupont", "Photo DR", "couvre la vie locale"} {
		if strings.Contains(pc.Text, chrome) {
			t.Errorf("text %q kept %q", pc.Text, chrome)
		}
	}
}

func TestMainTextFrames(t *testing.T) {
	para := `<p>La convention a été signée hier à Dole par les deux présidents, après deux ans de travail commun entre les services des deux collectivités.</p>`
	tests := []struct {
		name, body  string
		want, avoid []string
	}{
		{"wrapper named like a menu", `<div class="main-menu off-canvas-wrap"><ul class="menu"><li><a href="/">Accueil</a></li></ul><div class="post">` + strings.Repeat(para, 4) + `</div><div class="share">Partager sur Facebook</div></div>`,
			[]string{"La convention a été signée"}, []string{"Partager", "Accueil"}},
		{"page wrapped in a form", `<form id="aspnetForm" method="post"><div class="story">` + strings.Repeat(para, 4) + `</div><form class="search"><input name="q"> Chercher dans le site</form></form>`,
			[]string{"La convention a été signée"}, []string{"Chercher"}},
		{"long comment section stays out", `<div class="post">` + para + para + `</div><div id="comments" class="comments">` + strings.Repeat(`<p>Merci pour cet article très complet sur la signature, nous attendions cette convention depuis des années ici.</p>`, 8) + `</div>`,
			[]string{"La convention a été signée"}, []string{"Merci pour cet article"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pc, err := parsePage([]byte(`<html><body>`+tt.body+`</body></html>`), "https://x.example/a")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(pc.Text, w) {
					t.Errorf("text %q lost %q", pc.Text, w)
				}
			}
			for _, w := range tt.avoid {
				if strings.Contains(pc.Text, w) {
					t.Errorf("text %q kept %q", pc.Text, w)
				}
			}
		})
	}
}

func TestMainTextSiblings(t *testing.T) {
	para := `<p>La convention a été signée hier à Dole par les deux présidents, après deux ans de travail commun entre les services.</p>`
	page := `<html><body><div class="page"><p>Le département et la région s'engagent ensemble pour six ans sur les mobilités du quotidien.</p>
<div class="text">` + strings.Repeat(para, 5) + `</div>
<p>Elle prendra effet au 1er janvier.</p>
<p><a href="/a">Un autre article sur le sujet qui mérite une lecture attentive</a></p>
<div class="share">Partager</div></div></body></html>`
	pc, err := parsePage([]byte(page), "https://x.example/a")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"s'engagent ensemble", "La convention a été signée", "Elle prendra effet"} {
		if !strings.Contains(pc.Text, w) {
			t.Errorf("text %q lost %q", pc.Text, w)
		}
	}
	for _, w := range []string{"Un autre article", "Partager"} {
		if strings.Contains(pc.Text, w) {
			t.Errorf("text %q kept %q", pc.Text, w)
		}
	}
}

func TestMainTextTieIsStable(t *testing.T) {
	para := `<p>Le conseil a voté la convention, après un long débat, à l'unanimité des présents ce soir-là.</p>`
	page := `<html><body><div class="a">` + strings.Repeat(para, 3) + `</div><span></span><section><div class="b">` + strings.Repeat(strings.Replace(para, "conseil", "bureau", 1), 3) + `</div></section></body></html>`
	for range 20 {
		pc, err := parsePage([]byte(page), "https://x.example/a")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(pc.Text, "Le conseil") {
			t.Fatalf("text %q: the first of two equal containers should win", pc.Text)
		}
	}
}

func TestMainTextLead(t *testing.T) {
	para := `<p>La convention a été signée hier à Dole par les deux présidents, après deux ans de travail commun entre les services.</p>`
	page := `<html><body><div class="sidebar"><p class="excerpt">Un autre article de la semaine, résumé en quelques mots pour donner envie.</p></div>
<div class="page"><header><h1>Mobilités</h1><p class="article-chapo">Le département et la région s'engagent pour six ans sur les mobilités du quotidien.</p></header>
<div class="wrap"><div itemprop="articleBody">` + strings.Repeat(para, 5) + `</div></div></div>
<div class="more"><div class="teaser-text"><p>Un autre sujet sans rapport avec la convention de mobilité signée à Dole.</p></div></div></body></html>`
	pc, err := parsePage([]byte(page), "https://x.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(pc.Text, "Le département et la région s'engagent") || !strings.Contains(pc.Text, "La convention a été signée") {
		t.Errorf("text %q should open with the lead, then the body", pc.Text)
	}
	for _, w := range []string{"Un autre article", "Un autre sujet"} {
		if strings.Contains(pc.Text, w) {
			t.Errorf("text %q kept %q", pc.Text, w)
		}
	}
}
