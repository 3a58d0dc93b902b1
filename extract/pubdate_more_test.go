package extract

import (
	"strings"
	"testing"
	"time"
)

func TestVisiblePublishedCues(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"publié par", "Publié par la Communauté de communes le 12 avril 2023 dans Actualités", "2023-04-12"},
		{"posté", "Posté le 4 février 2022 à 10h12", "2022-02-04"},
		{"date de parution", "Date de parution : 07/11/2021", "2021-11-07"},
		{"weekday", "Publié le vendredi 3 mai 2024", "2024-05-03"},
		{"month precision", "Publication : Mars 2019\nLa convention a été signée.", "2019-03"},
		{"two-digit year", "Publié le 27.05.24", "2024-05-27"},
		{"update only", "Article mis à jour le 1er juillet 2021", "2021-07-01"},
		{"publication beats update", "Mis à jour le 28/05/2024 — Publié le 20/05/2024", "2024-05-20"},
		{"german", "Veröffentlicht am 3. Mai 2024 von Anna Berg", "2024-05-03"},
		{"german update", "Aktualisiert am 12.01.2022, 10:15 Uhr", "2022-01-12"},
		{"english month first", "Published on Monday, March 4, 2024 by the editors", "2024-03-04"},
		{"english day first", "Posted on 13 Oct 2020", "2020-10-13"},
		{"english month only", "Published: September 2018", "2018-09"},
		{"spanish", "Publicado el 3 de mayo de 2024", "2024-05-03"},
		{"italian", "Pubblicato il 14 gennaio 2020", "2020-01-14"},
		{"dutch", "Gepubliceerd op 2 maart 2021", "2021-03-02"},
		{"le and colon", "Publié le : 27/05/2024 - 14:30", "2024-05-27"},
		{"on and colon", "Published on: 13 Oct 2020", "2020-10-13"},
		{"press release of", "Communiqué de presse du 12 mars 2024\nLa Région et l'agglomération signent.", "2024-03-12"},
		{"release before dateline", "COMMUNIQUÉ DE PRESSE – Lille, le 5 avril 2023\nTexte", "2023-04-05"},
		{"edition", "Le quotidien des élus\nÉdition du vendredi 19 novembre 2010\nJeunesse", "2010-11-19"},
		{"dateline", "Le 11 octobre 2018\n\nLa Région signe le contrat de territoire.", "2018-10-11"},
		{"dateline with place", "COMMUNIQUÉ\nRennes, le 3 mai 2024\nLa convention est signée le 2 mai.", "2024-05-03"},
		{"dateline and release", "Le 11 octobre 2018 Communiqué de presse\nTexte", "2018-10-11"},
		{"dateline weekday", "Dix contrats signés\n  • Vendredi 7 février 2020\nTexte", "2020-02-07"},
		{"cue beats dateline", "Le 11 octobre 2018\nPublié le 12 octobre 2018", "2018-10-12"},
		{"date inside a sentence", "La convention a été signée le 3 mai 2024 à Rennes.", ""},
		{"edition inside a sentence", "Les exposants de l'édition du 3 mai 2024 du salon sont connus.", ""},
		{"release quoted in a sentence", "La Région, dans son communiqué du 12 mars 2024, annonce la signature.", ""},
		{"festival edition", "La 12e édition du festival aura lieu le 3 mai 2024.", ""},
		{"not a month", "Publication : rapport 2023 de la chambre", ""},
		{"no cue", "La convention du 3 mai 2024 est signée.", ""},
		{"created is no publication", "L'agglomération créée le 1er janvier 2017 réunit 40 communes.", ""},
	}
	checkVisiblePublished(t, tests)
}

// checkVisiblePublished runs a table of visiblePublished cases: the date
// found, and the range it reports holding that date.
func checkVisiblePublished(t *testing.T, tests []struct{ name, text, want string }) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, start, end := visiblePublished(tt.text)
			if got != tt.want {
				t.Fatalf("visiblePublished(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if got != "" && parseLooseDate(tt.text[start:end]) != got {
				t.Errorf("visiblePublished(%q) range %d-%d holds %q, not the date", tt.text, start, end, tt.text[start:end])
			}
		})
	}
}

func TestVisiblePublishedDatelineNearTop(t *testing.T) {
	long := strings.Repeat("Une phrase de l'article sans date. ", 60)
	if got, _, _ := visiblePublished(long + "\nLe 11 octobre 2018\n"); got != "" {
		t.Errorf("a date line deep in the text was taken for the dateline: %q", got)
	}
	if got, _, _ := visiblePublished("Le 11 octobre 2018\n" + long); got != "2018-10-11" {
		t.Errorf("dateline at the head = %q, want 2018-10-11", got)
	}
}

func TestParseLooseDateLanguages(t *testing.T) {
	tests := []struct{ in, want string }{
		{"27 mai 2024", "2024-05-27"},
		{"1er juillet 2021", "2021-07-01"},
		{"3. März 2024", "2024-03-03"},
		{"21. Jan 2022", "2022-01-21"},
		{"March 4, 2024", "2024-03-04"},
		{"Sept. 3rd 2019", "2019-09-03"},
		{"3 de mayo de 2024", "2024-05-03"},
		{"20 septembrie 2020", "2020-09-20"},
		{"15 августа 2016", "2016-08-15"},
		{"mars 2019", "2019-03"},
		{"Oktober 2017", "2017-10"},
		{"31 février 2024", ""},
		{"12 pommes 2024", ""},
		{"rapport 2023", ""},
	}
	for _, tt := range tests {
		if got := parseLooseDate(tt.in); got != tt.want {
			t.Errorf("parseLooseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScanPublishedLanguages(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, text, prefix, want string }{
		{"english abbreviation", "World\nNews24\n13 Jan 2020, 22:11 GMT+10\nFires burn on.", "", "2020-01-13"},
		{"german abbreviation", "Blog\n21. Jan 2022 // Dominik\nText vom 3. Februar 2022", "", "2022-01-21"},
		{"russian", "Германия\n15 августа 2016, 13:43\nПодольски", "", "2016-08-15"},
		{"spanish", "Ciudad de México, 2 de abril de 2020. La aduana", "", "2020-04-02"},
		{"year first dots", "입력 2023.11.02. 오후 8:06", "", "2023-11-02"},
		{"year first slashes", "showDate 2020/04/17 01:43", "", "2020-04-17"},
		{"first date wins", "Le 4 mars 2021, puis le 2 mars 2021", "", "2021-03-04"},
		{"url month keeps", "Событие 3 марта 2019. Статья 15 августа 2016", "2016-08", "2016-08-15"},
		{"iso", "Mis en ligne 2021-06-04T10:00 par la rédaction", "", "2021-06-04"},
		{"compact iso", "id 20210604T101500Z", "", "2021-06-04"},
		{"numeric", "Accueil > Actualités\n04/06/2021\nLa commune", "", "2021-06-04"},
		{"english month first", "Home\nSeptember 15, 2020 by Anna\nText", "", "2020-09-15"},
		{"french with weekday", "Accueil\nvendredi 4 juin 2021\nLa commune", "", "2021-06-04"},
		{"future date refused", "Rendez-vous le 3 juin 2030", "", ""},
		{"no month word", "Il y a 12 choses 2020 fois", "", ""},
		{"version number", "version 2.2020.1.5 du logiciel", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanPublished(tt.text, tt.prefix, now); got != tt.want {
				t.Errorf("scanPublished(%q, %q) = %q, want %q", tt.text, tt.prefix, got, tt.want)
			}
		})
	}
}

func TestScriptDate(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, html, want string }{
		{"json key", `<script>var p = {"datePublished":"2022-01-28T10:00:00Z"};</script>`, "2022-01-28"},
		{"snake case key", `<script>window.product = {"title":"Café","published_at":"2019-03-02T06:22:28+01:00"}</script>`, "2019-03-02"},
		{"dublin core meta", `<meta name="DC.Date"         content="2006-12-16T08:00+01:00">`, "2006-12-16"},
		{"rdfa property", `<span property="schema:dateCreated" content="2022-01-28T12:45:46+00:00" class="hidden"></span>`, "2022-01-28"},
		{"written out", `<script type="application/json">{"datePublished":"Tue, Sep 15 2020 10:01:41 EDT"}</script>`, "2020-09-15"},
		{"modified skipped", `<meta itemprop="dateModified" content="2021-05-05"><meta itemprop="dateCreated" content="2020-04-04">`, "2020-04-04"},
		{"event start skipped", `<meta itemprop="startDate" content="2025-09-01">`, ""},
		{"future refused", `<script>{"publishDate":"2031-01-01"}</script>`, ""},
		{"none", `<p>Rien de daté ici, mais beaucoup de mots qui finissent en ate: chocolate, update.</p>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scriptDate([]byte(tt.html), now); got != tt.want {
				t.Errorf("scriptDate(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

// TestScriptDateLargePage checks that a page full of keys and no date
// ends, and finds a date after them.
func TestScriptDateLargePage(t *testing.T) {
	body := []byte(strings.Repeat("<p>late state date rate</p>", 20000) + `<script>{"published_at":"2019-03-02"}</script>`)
	if got := scriptDate(body, time.Time{}); got != "" {
		t.Errorf("scriptDate found %q past its 2000 keys", got)
	}
	body = []byte(strings.Repeat("<p>nothing here at all</p>", 20000) + `<script>{"published_at":"2019-03-02"}</script>`)
	if got := scriptDate(body, time.Time{}); got != "2019-03-02" {
		t.Errorf("scriptDate = %q, want 2019-03-02", got)
	}
}

// FuzzPublishedText checks that any text gives either no publication date
// or a valid one whose range holds it.
func FuzzPublishedText(f *testing.F) {
	for _, s := range []string{"Publié le 27.05.24", "Le 11 octobre 2018\nTexte", "Veröffentlicht am 3. Mai 2024", "13 Oct 2020 18:29", "2023.11.02.", "Publication : mars 2019", "Publié par  le 99/99/99"} {
		f.Add(s)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		v, start, end := visiblePublished(text)
		if v != "" {
			if parseRef(v).prec < 2 {
				t.Fatalf("visiblePublished(%q) = %q, not a date", text, v)
			}
			if start < 0 || end > len(text) || start > end || parseLooseDate(text[start:end]) != v {
				t.Fatalf("visiblePublished(%q) = %q at %d-%d", text, v, start, end)
			}
		}
		if s := scanPublished(text, "", now); s != "" && parseRef(s).prec != 3 {
			t.Fatalf("scanPublished(%q) = %q, not a day", text, s)
		}
		if s := scriptDate([]byte(text), now); s != "" && parseRef(s).prec != 3 {
			t.Fatalf("scriptDate(%q) = %q, not a day", text, s)
		}
	})
}

func TestURLDay(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://journal.example/2024/05/27/signature-du-contrat/", "2024-05-27"},
		{"https://journal.example/actu/2024-05-27-signature-du-contrat", "2024-05-27"},
		{"https://journal.example/2024/5/7/signature", "2024-05-07"},
		{"https://journal.example/20240527/signature", "2024-05-27"},
		{"https://journal.example/article/27-05-2024.html", "2024-05-27"},
		{"https://blog.example/2023/10/3-questions-a-la-maire/", ""},
		{"https://blog.example/2023/10/12-communes-signent/", ""},
		{"https://journal.example/2024/05/signature/", ""},
		{"https://journal.example/2024/13/40/x", ""},
	}
	for _, tt := range tests {
		if got := urlDay(tt.url); got != tt.want {
			t.Errorf("urlDay(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}
