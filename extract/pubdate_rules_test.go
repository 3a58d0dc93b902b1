package extract

import (
	"strings"
	"testing"
	"time"
)

// TestVisiblePublishedMoreCues checks the submission, byline and
// last-change lines of content systems and wikis, and datelines in German
// numeric form.
func TestVisiblePublishedMoreCues(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"drupal submitted", "Submitted by admin on 3 May 2024 - 10:12\nThe council signed.", "2024-05-03"},
		{"drupal german", "Gespeichert von rasos am 24. Juli 2017 - 18:55\nText", "2017-07-24"},
		{"submitted without an author", "The plan submitted on 3 May 2024 was approved.", ""},
		{"saved without an author", "Die Daten wurden gespeichert am 24. Juli 2017.", ""},
		{"as of", "Ihr Pfad: Startseite\n[Stand: 09.10.2017, 01:40 Uhr]", "2017-10-09"},
		{"last change label", "Letzte Änderung:\n 14.01.2022 um 09:25", "2022-01-14"},
		{"changed on", "Geändert am 02.03.2021", "2021-03-02"},
		{"mediawiki german", "Diese Seite wurde zuletzt am 29. Januar 2020 um 13:22 Uhr geändert.", "2020-01-29"},
		{"mediawiki english", "This page was last edited on 25 October 2020, at 13:22 (UTC).", "2020-10-25"},
		{"last modified", "This page was last modified on 4 November 2020, at 19:23.", "2020-11-04"},
		{"mediawiki french", "La dernière modification de cette page a été faite le 3 mai 2024 à 10:12.", "2024-05-03"},
		{"rcs keyword", "Updated:\n$Date: 2016/11/18 06:31:41 $", "2016-11-18"},
		{"publication beats last change", "Publié le 2 mai 2024\nDernière modification : 3 mai 2024", "2024-05-02"},
		{"german byline", "Von:  Björn Jahner | \n  31.10.23\nText", "2023-10-31"},
		{"german byline comma", "von  Klaus-Peter Schöppner , 8.5.12\nText", "2012-05-08"},
		{"english byline", "By Ann Lee | May 3, 2024\nText", "2024-05-03"},
		{"french byline", "Par C. Martin - Le 23 mars 2015\nTexte", "2015-03-23"},
		{"dotted dateline short year", "Magazin\nParty, 30.10.23\nLast-Minute-Kostüme", "2023-10-30"},
		{"dotted dateline with time", "Unser Bayern\n06.10.2017 11:15\nHerbstzeit", "2017-10-06"},
		{"stand inside a sentence", "Der Stand der Technik vom 3. Mai 2024 gilt.", ""},
		{"version is no dateline", "Version\n1.10.23\nNotes", ""},
		{"header day above the menu", "Mercredi 12 juin 2024\nAccueil\nActualités\nAgenda\nServices\nContact\nUne convention signée\nLe 10 juin 2024\nLa Région signe.", "2024-06-10"},
		{"dateline above the article", "Mercredi 12 juin 2024\nLa Région et l'agglomération ont signé ce matin leur contrat de territoire.", "2024-06-12"},
	}
	checkVisiblePublished(t, tests)
}

func TestParseLooseDateMoreForms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2016/11/18", "2016-11-18"},
		{"2016/2/3", "2016-02-03"},
		{"2016/13/18", ""},
		{"07 أكتوبر 2020", "2020-10-07"},
		{"3 مايو 2024", "2024-05-03"},
	}
	for _, tt := range tests {
		if got := parseLooseDate(tt.in); got != tt.want {
			t.Errorf("parseLooseDate(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestScanPublishedHeadersAndDatelines(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	menu := "\nMenu\nHome\nAsia\nInternational\nBusiness\nWeather\n"
	filler := strings.Repeat("A paragraph of the article that holds no date at all. ", 25)
	tests := []struct{ name, text, want string }{
		{"header date above the menu",
			"Tue, 14 Jan 2020" + menu + "Megablaze under control\nNews24\n13 Jan 2020, 22:11 GMT+10\n" + filler, "2020-01-13"},
		{"german header date",
			"Mittwoch, 01. November 2023" + menu + "Im Schlepptau\nDragqueens sind am 31. Oktober 2023 aufgetreten.", "2023-10-31"},
		{"weekday date above the article stays",
			"MIDP Emulator\nDonnerstag, 15.2.2018, 19:51\nNeulich packte mich das Verlangen, ein Spiel zu spielen. Links 2014-04-23", "2018-02-15"},
		{"weekday date above the title stays",
			"Finanzas\n/ martes 17 de marzo de 2020\nPrecio del petróleo mexicano cae a un mínimo de 18 años\n" + filler + "desde el 6 de marzo de 2002.", "2020-03-17"},
		{"only a header date",
			"Tue, 14 Jan 2020" + menu + filler, "2020-01-14"},
		{"dateline beats a caption",
			"Paris theater\nFILE PHOTO: Macron in Orleans, France, January 16, 2020. Pool via REUTERS\nJanuary 18, 2020\nPARIS (Reuters) - Protesters gathered.", "2020-01-18"},
		{"dateline with a category",
			"Verträge (zum 28.02.2017 gekündigt) und weitere Regelungen der Branche\n" + filler + "\n24. April 2020 | Pressemitteilungen\nText", "2020-04-24"},
		{"a list of dated lines is no dateline",
			"Das Projekt wurde am 14. Dezember 2015 vorgestellt und gut aufgenommen.\n" + filler + "\nAnna\n15. Dezember 2015 at 11:21\nSchön!\nBen\n16. Dezember 2015 at 21:50\nJa.", "2015-12-14"},
		{"two-digit year when no year is written in full",
			"Forum\nmacbacchi 28.09.19 12:44\nhallo, iOS 13.1.1 hilft nicht", "2019-09-28"},
		{"two-digit year loses to a full year",
			"Am 28.09.19 begann es. Bericht vom 3. Oktober 2019", "2019-10-03"},
		{"version numbers are no dates", "Version 13.10.19.2 und 1.28.09.19", ""},
		{"month first in german", "Blog\nJuli 12, 2017 von Anna\nText", "2017-07-12"},
		{"month first in spanish", "Noticias\nmarzo 3, 2020\nTexto", "2020-03-03"},
		{"a word before a number is no month", "Kapitel 12, 2017 geschrieben", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scanPublished(tt.text, "", now); got != tt.want {
				t.Errorf("scanPublished(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestScriptDateWholeKeys(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, html, want string }{
		{"bare date key", `<script>var page = {"date":"2021-03-04"};</script>`, "2021-03-04"},
		{"end of a longer key", `<script>{"highest_rating_date":"2013-02-17T01:50:24-05:00"}</script>`, ""},
		{"event start", `<script>{"startDate":"2020-06-30T22:00:00.000Z"}</script>`, ""},
		{"reference date", `<script>{"publishDate":"","refDate":"2014-05-19"}</script>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := scriptDate([]byte(tt.html), now); got != tt.want {
				t.Errorf("scriptDate(%q) = %q, want %q", tt.html, got, tt.want)
			}
		})
	}
}

// TestPublishedFromArabicText checks a page whose only date is written
// out in Arabic, in a meta tag and in its text.
func TestPublishedFromArabicText(t *testing.T) {
	body := `<!doctype html><html><head><meta property="article:published_time" content="الأربعاء، 07 أكتوبر 2020 - 12:09 م"></head>` +
		`<body><main><h1>عنوان</h1><p>القاهرة: الأربعاء، 07 أكتوبر 2020 12:19 م</p><p>` + strings.Repeat("نص المقال. ", 40) + `</p></main></body></html>`
	pc, err := parsePageAt([]byte(body), "https://journal.example/news/1", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if pc.Published != "2020-10-07" {
		t.Errorf("Published = %q, want 2020-10-07", pc.Published)
	}
}
