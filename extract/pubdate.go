package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pubCueRe finds the visible publication line of a page: "Publié le
// 27.05.24", "Publication : mars 2019", "Mis à jour le 03/07/2015",
// "Publié par C. Martin le 3 mai 2024", "Veröffentlicht am 3. Mai 2024",
// "Published on May 3, 2024", "Publicado el 3 de mayo de 2024".
var pubCueRe = gated(`(?i)(?:^|[^\pL])(publiée?|[ée]dition du|communiqué(?: de presse)? du|mise? en ligne|date de (?:publication|parution|mise en ligne)|publication|parution|postée?|rédigée?|posted|published|last updated|updated|mise? à jour|actualisée?|modifiée?|veröffentlicht|erschienen|erstellt|aktualisiert|zuletzt geändert|publicado|actualizado|pubblicato|aggiornato|atualizado|gepubliceerd|geplaatst|bijgewerkt|`+
	// Content systems' submission lines and the last-change lines of
	// wikis and official sites: "Submitted by X on 3 May 2024",
	// "Gespeichert von X am 24. Juli 2017", "Stand: 09.10.2017",
	// "Letzte Änderung: 14.01.2022", "Diese Seite wurde zuletzt am 29.
	// Januar 2020 geändert", "This page was last modified on 4 November
	// 2020", "La dernière modification de cette page a été faite le 3 mai
	// 2024".
	`submitted|gespeichert|stand:|letzte änderung|geändert am|wurde zuletzt|last modified|last edited|dernière modification(?: de cette page a été faite)?)`+
	`(?:\s+(?:par|by|von|por|da|door)\s+[^\n\d]{1,40}?)?`+
	`(?:\s*(?:le|on|am|el|il|em|op|:|–|-|,)){0,2}\s*(?:\$date:\s*)?(?:`+weekdayRe+`\s+|\pL{5,12},?\s+)?(?P<date>`+
	`\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|`+
	`\d{4}-\d{2}-\d{2}|\d{4}/\d{1,2}/\d{1,2}|`+
	`(?:1er|\d{1,2})\.?\s+(?:de\s+)?\pL{3,12}\.?,?\s+(?:de\s+)?\d{4}|`+
	`\pL{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|`+
	`\pL{3,12}\.?\s+\d{4})`,
	// The keywords every cue holds, ASCII-lowered, to run the pattern
	// only around them.
	"publi", "pubbli", "dition du", "communiqu", "en ligne", "parution", "post", "dig", "updat", "jour", "actualis", "modifi",
	"ffentlicht", "erschienen", "erstellt", "aktualis", "ndert", "actualiz", "aggiorn", "atualiz", "geplaatst", "bijgewerkt",
	"submitted", "gespeichert", "stand:", "letzte Änderung", "letzte änderung", "zuletzt", "edited",
).within(30, 220)

var pubCueDate = pubCueRe.re.SubexpIndex("date")

// headingCueRe names the cues that give the publication date only when
// they head a line: "Édition du 19 novembre 2010" above the article, not
// "l'édition du 3 mai 2024 du salon"; "Communiqué de presse du 12 mars
// 2024", not "dans son communiqué du 12 mars".
var headingCueRe = regexp.MustCompile(`(?i)^(?:édition|edition|communiqué)`)

// authorCueRe names the cues that give the publication date only with
// the author's name, as content systems write them: "Submitted by admin
// on 3 May 2024", not "the plan submitted on 3 May 2024"; "Gespeichert
// von rasos am 24. Juli 2017", not "Daten gespeichert am 24. Juli 2017".
var (
	authorCueRe   = regexp.MustCompile(`(?i)^(?:submitted|gespeichert)$`)
	authorNamedRe = regexp.MustCompile(`(?i)^\s+(?:by|von)\s`)
)

// atLineStart tells whether only blanks and bullets stand between the
// start of the line and pos.
func atLineStart(text string, pos int) bool {
	line := text[strings.LastIndexByte(text[:pos], '\n')+1 : pos]
	return strings.Trim(line, " \t•·-–|>") == ""
}

// updateCueRe tells an update line from a publication line.
var updateCueRe = regexp.MustCompile(`(?i)jour|actualis|modifi|updat|aktualisiert|geändert|actualizado|aggiornato|atualizado|bijgewerkt|stand|nderung|zuletzt|edited`)

// visiblePublished returns the publication date the text shows, at the
// precision it shows it, and its byte range; an update date counts only
// when no publication date is shown.
func visiblePublished(text string) (value string, start, end int) {
	var upd string
	var us, ue int
	// A byline: "Par C. Martin - Le 23 mars 2015".
	if m := findByline(text); m != nil {
		if v := parseLooseDate(text[m[2]:m[3]]); v != "" {
			return v, m[2], m[3]
		}
	}
	cues := pubCueRe.FindAllStringSubmatchIndex(text, newLowered(text))
	for _, m := range cues[:min(len(cues), 8)] {
		ds, de := m[2*pubCueDate], m[2*pubCueDate+1]
		v := parseLooseDate(text[ds:de])
		if v == "" || headingCueRe.MatchString(text[m[2]:m[3]]) && !atLineStart(text, m[2]) {
			continue
		}
		if authorCueRe.MatchString(text[m[2]:m[3]]) && !authorNamedRe.MatchString(text[m[3]:ds]) {
			continue
		}
		if !updateCueRe.MatchString(text[m[2]:m[3]]) {
			return v, ds, de
		}
		if upd == "" {
			upd, us, ue = v, ds, de
		}
	}
	// A dateline at the head of the text: "Le 11 octobre 2018",
	// "Rennes, le 3 mai 2024", "Vendredi 7 février 2020".
	// The day a header shows above the menu is not one.
	head := text[:min(len(text), datelineSpan)]
	for _, m := range datelineRe.FindAllStringSubmatchIndex(head, 4) {
		ds, de := m[2*datelineDate], m[2*datelineDate+1]
		if v := parseLooseDate(head[ds:de]); len(v) == len("2006-01-02") && !isHeaderDate(text, ds) {
			return v, ds, de
		}
	}
	return upd, us, ue
}

// datelineSpan is how far into the text a dateline may stand.
const datelineSpan = 1500

// datelineRe is a line that holds nothing but a date, maybe after a place
// and "le", and maybe followed by "Communiqué de presse".
// A German dateline may write the year in two digits ("Party, 30.10.23")
// and any dateline may give the time after the date ("28.09.19 12:44").
var datelineRe = regexp.MustCompile(`(?im)^[\t •·-]*(?:communiqué de presse[ \t]*[-–|:]?[ \t]*)?(?:\p{Lu}[\pL' -]{1,40},\s*)?(?:le\s+)?(?:` + weekdayRe + `\s+)?(?P<date>(?:1er|\d{1,2})\s+` + monthRe + `\s+(?:19|20)\d\d|\d{1,2}/\d{1,2}/(?:19|20)\d\d|\d{1,2}\.\d{1,2}\.(?:19|20)\d\d|\d\d\.\d\d\.\d\d)` + datelineTime + `[ \t]*(?:[-–,]?[ \t]*communiqué de presse)?[ \t]*$`)

// datelineTime is the time a dateline may give after its date: "à
// 10h12", ", 12:44", "um 09:25 Uhr".
const datelineTime = `(?:,?[ \t]+(?:à|um|at|-|\|)?[ \t]*\d{1,2}[:h]\d{2}(?:[ \t]*(?:Uhr|h))?)?`

var datelineDate = datelineRe.SubexpIndex("date")

// bylineRe is an author line that ends on the date: "Par C. Martin - Le
// 23 mars 2015", "Von: Björn Jahner | 31.10.23", "By Ann Lee, May 3,
// 2024".
var bylineRe = regexp.MustCompile(`(?m)^\s*(?:Par|par|By|by|Von|von)(?:\s*:)?\s[^\n]{2,60}?\s[-–|,]\s*(?:(?:[Ll]e|am|on)\s+)?(\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\.\d{1,2}\.\d{2}|(?:1er|\d{1,2})\.?\s+\pL{3,12}\.?\s+\d{4}|\pL{3,12}\.?\s+\d{1,2},?\s+\d{4})\b`)

// findByline returns the submatch indexes of the first byline of text, or
// nil. It runs bylineRe only on the lines that open with its words.
func findByline(text string) []int {
	for start := 0; start < len(text); {
		end := strings.IndexByte(text[start:], '\n')
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		line := strings.TrimLeft(text[start:end], " \t")
		for _, w := range []string{"Par", "par", "By", "by", "Von", "von"} {
			if strings.HasPrefix(line, w) && len(line) > len(w) && (line[len(w)] == ' ' || line[len(w)] == ':' || line[len(w)] == '\t') {
				win := text[start:min(len(text), start+bylineSpan)]
				if m := bylineRe.FindStringSubmatchIndex(win); m != nil {
					for i := range m {
						if m[i] >= 0 {
							m[i] += start
						}
					}
					return m
				}
				break
			}
		}
		start = end + 1
	}
	return nil
}

// bylineSpan bounds the text a byline spans: its line and the date that
// may follow on the next.
const bylineSpan = 400

var (
	looseNumeric   = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$`)
	looseYearFirst = regexp.MustCompile(`^((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})$`)
)

// worldMonths names the months, full and abbreviated, in the languages
// other than French that pages are written in: English, German, Spanish,
// Italian, Portuguese, Dutch, Romanian, Polish and Russian in the
// genitive a date takes ("15 августа 2016"), and Arabic. A name shared by two
// languages means the same month in both.
var worldMonths = map[string]int{
	"january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	"januar": 1, "jänner": 1, "jän": 1, "märz": 3, "mär": 3, "mrz": 3, "juni": 6, "juli": 7,
	"oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
	"enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
	"septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
	"gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
	"ottobre": 10, "dicembre": 12,
	"janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5, "junho": 6, "julho": 7, "setembro": 9, "outubro": 10,
	"dezembro": 12,
	"januari":  1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
	"ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6, "iulie": 7, "septembrie": 9,
	"octombrie": 10, "noiembrie": 11, "decembrie": 12,
	"stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7, "sierpnia": 8,
	"września": 9, "października": 10, "listopada": 11, "grudnia": 12,
	"января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
	"сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
	// Arabic, in the names Egypt and the Gulf write ("07 أكتوبر 2020"),
	// with and without the hamza.
	"يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
	"يوليو": 7, "يوليه": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}

// monthNumber reads a month name, French or another language's, with or
// without its abbreviation dot; 0 when the word names no month.
func monthNumber(w string) int {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	if m := months[w]; m > 0 {
		return m
	}
	return worldMonths[w]
}

// dayNumber reads a day of the month: "3", "03", "1er", "3rd", "3.".
func dayNumber(w string) int {
	w = strings.TrimSuffix(strings.ToLower(w), ".")
	for _, suf := range []string{"er", "re", "st", "nd", "rd", "th"} {
		w = strings.TrimSuffix(w, suf)
	}
	d, err := strconv.Atoi(w)
	if err != nil || d < 1 || d > 31 {
		return 0
	}
	return d
}

// parseLooseDate reads one date expression at its precision: "27.05.24",
// "2024-05-27", "27 mai 2024", "3. Mai 2024", "May 3, 2024", "3 de mayo
// de 2024" give a day, "mars 2019" and "March 2019" a month.
func parseLooseDate(s string) string {
	s = strings.TrimSpace(s)
	if m := looseNumeric.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		y, _ := strconv.Atoi(m[3])
		if y < 100 {
			y += 2000
			if y >= 2070 {
				y -= 100
			}
		}
		if t, ok := mkDate(y, mo, d); ok {
			return t.Format("2006-01-02")
		}
		return ""
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format("2006-01-02")
	}
	if m := looseYearFirst.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	var f []string
	for _, w := range strings.Fields(strings.ToLower(strings.ReplaceAll(s, ",", " "))) {
		if w != "de" && w != "del" && w != "of" {
			f = append(f, w)
		}
	}
	switch len(f) {
	case 2:
		mo := monthNumber(f[0])
		y, err := strconv.Atoi(f[1])
		if mo > 0 && err == nil && y >= 1990 && y <= 2100 {
			return fmt.Sprintf("%04d-%02d", y, mo)
		}
	case 3:
		d, mo := dayNumber(f[0]), monthNumber(f[1])
		if d == 0 || mo == 0 {
			d, mo = dayNumber(f[1]), monthNumber(f[0])
		}
		y, _ := strconv.Atoi(f[2])
		if t, ok := mkDate(y, mo, d); ok {
			return t.Format("2006-01-02")
		}
	}
	return ""
}
