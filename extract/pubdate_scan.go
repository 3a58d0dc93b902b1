package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

// scanPublished is the last resort for the publication date: the first
// full date written in the page's text (pages put the date of the article
// above or beside it, and later dates are events, comments or updates).
// A dateline, a date on a short line of its own that heads no list, comes
// before dates in sentences and captions; the day a header shows above the
// menu counts only when the page writes no other; a dotted date with a
// two-digit year ("28.09.19") only when none is written in full. prefix,
// when the URL gave a year or month, keeps only dates within it. It
// returns "" when the page writes no plausible date.
func scanPublished(text string, prefix string, now time.Time) string {
	if len(text) > 300000 {
		text = text[:300000]
	}
	first := map[string]int{}  // date -> first position
	header := map[string]int{} // the same for the dates of the page's header
	var alone []dated          // dates on a short line of their own
	add := func(v string, pos int) {
		if v == "" || !plausible(v, now) || !strings.HasPrefix(v, prefix) {
			return
		}
		seen := first
		switch {
		case isHeaderDate(text, pos):
			seen = header
		case onShortLine(text, pos):
			alone = append(alone, dated{v, pos})
		}
		if p, ok := seen[v]; !ok || pos < p {
			seen[v] = pos
		}
	}
	// Each pattern runs only around the digits it needs.
	var dashes, dots, starts []int
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case isDigit(c) && (i == 0 || !isDigit(text[i-1])):
			starts = append(starts, i)
		case (c == '-' || c == 'T') && i >= 4 && isDigit(text[i-1]) && isDigit(text[i-4]):
			dashes = append(dashes, i)
		case (c == '.' || c == '/') && i > 0 && i+1 < len(text) && isDigit(text[i-1]) && isDigit(text[i+1]):
			dots = append(dots, i)
		}
	}
	first200 := func(ms [][]int) [][]int { return ms[:min(len(ms), 200)] }
	for _, m := range first200(inWindows(isoLikeRe, text, dashes, 9, 7)) {
		if m[2] >= 0 {
			add(ymd(text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]), m[0])
		} else {
			add(ymd(text[m[8]:m[9]], text[m[10]:m[11]], text[m[12]:m[13]]), m[0])
		}
	}
	for _, m := range first200(inWindows(dmyRe, text, dots, 6, 9)) {
		add(ymd(text[m[6]:m[7]], text[m[4]:m[5]], text[m[2]:m[3]]), m[0])
	}
	for _, m := range first200(inWindows(enDateRe, text, starts, 16, 14)) {
		add(ymd(text[m[6]:m[7]], fmt.Sprint(enMonths[strings.ToLower(text[m[2]:m[3]])]), text[m[4]:m[5]]), m[0])
	}
	for _, m := range first200(inWindows(enDate2Re, text, starts, 1, 40)) {
		add(ymd(text[m[6]:m[7]], fmt.Sprint(enMonths[strings.ToLower(text[m[4]:m[5]])]), text[m[2]:m[3]]), m[0])
	}
	for _, m := range first200(inWindows(dayMonthRe.re, text, starts, 12, 40)) {
		if m[8] < 0 {
			continue
		}
		add(textDate(text[m[0]:m[1]]), m[0])
	}
	for _, m := range findWordDates(text) {
		if mo := monthNumber(text[m[4]:m[5]]); mo > 0 {
			add(ymd(text[m[6]:m[7]], fmt.Sprint(mo), text[m[2]:m[3]]), m[2])
		}
	}
	for _, m := range first200(inWindows(monthFirstRe, text, afterMonthName(text, starts), 30, 14)) {
		if mo := monthNumber(text[m[2]:m[3]]); mo > 0 {
			add(ymd(text[m[6]:m[7]], fmt.Sprint(mo), text[m[4]:m[5]]), m[2])
		}
	}
	for _, m := range findYMDDots(text) {
		add(ymd(text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]), m[0])
	}
	if len(first) == 0 && len(header) == 0 {
		// Only when the page writes no year in full: "28.09.19 12:44"
		// in forums and German news, where a dotted date with two-digit
		// day, month and year is a date, not a version number.
		for _, m := range findShortDotDates(text) {
			add(ymd(fmt.Sprint(2000+atoi2(text[m[6]:m[7]])), text[m[4]:m[5]], text[m[2]:m[3]]), m[0])
		}
	}
	if v := datelineOf(alone); v != "" {
		return v
	}
	if len(first) == 0 {
		first = header
	}
	best, bestPos := "", 0
	for v, p := range first {
		if best == "" || p < bestPos {
			best, bestPos = v, p
		}
	}
	return best
}

// shortDotDateRe is a day-first dotted date with a two-digit year,
// standing alone: "28.09.19", not "1.28.09.19" nor "13.10.19.2".
var shortDotDateRe = regexp.MustCompile(`(?:^|[^\d.])(\d\d)\.(\d\d)\.(\d\d)(?:$|[^\d.]|\.(?:$|[^\d]))`)

// findShortDotDates runs shortDotDateRe where two digits follow a dot, the
// first 200 matches.
func findShortDotDates(text string) [][]int {
	var hits []int
	for i := 2; i+2 < len(text) && len(hits) < 2000; i++ {
		if text[i] == '.' && isDigit(text[i-1]) && isDigit(text[i-2]) && isDigit(text[i+1]) && isDigit(text[i+2]) {
			hits = append(hits, i)
			i += 2
		}
	}
	ms := inWindows(shortDotDateRe, text, hits, 3, 8)
	return ms[:min(len(ms), 200)]
}

// atoi2 reads two digits.
func atoi2(s string) int { return int(s[0]-'0')*10 + int(s[1]-'0') }

var (
	// wordDateRe finds a day, a month name in any language monthNumber
	// reads, and a year: "13 Oct 2020", "21. Jan 2022", "15 августа
	// 2016", "20 septembrie 2020", "3 de mayo de 2024".
	wordDateRe = regexp.MustCompile(`(?i)(?:^|[^\pL\d])([0-3]?\d)(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(\pL{3,12})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)(?:[^\d]|$)`)
	// monthFirstRe finds a month name in any language monthNumber reads,
	// then the day and the year: "Juli 12, 2017", "Sept. 3rd 2019".
	monthFirstRe = regexp.MustCompile(`(?i)(?:^|[^\pL])(\pL{3,12})\.?\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)(?:[^\d]|$)`)
	// ymdDotRe finds a year-first date with dots or slashes: "2023.11.02",
	// "2020/04/17".
	ymdDotRe     = regexp.MustCompile(`(?:^|[^\d.])((?:19|20)\d\d)[./]([01]?\d)[./]([0-3]?\d)(?:[^\d]|$)`)
	urlDaySepRe  = regexp.MustCompile(`/((?:19|20)\d\d)([/-])([01]?\d)([/-])([0-3]?\d)([/-]|$|\.)`)
	urlCompactRe = regexp.MustCompile(`/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|[-_]|$)`)
	urlDMYRe     = regexp.MustCompile(`/([0-3]?\d)-([01]?\d)-((?:19|20)\d\d)(?:[/-]|$|\.)`)
	// scriptDateRe finds a publication date in the page's scripts and
	// data attributes: "date":"2022-01-28", publishDate: '2022-01-28'. A
	// bare "date" is a whole key, not the end of "startDate",
	// "refDate" or "highest_rating_date".
	scriptDateRe = regexp.MustCompile(`(?i)["']?(?:datePublished|date_published|publishDate|publish_date|publishedAt|published_at|pubDate|publicationDate|\bdate)["']?\s*[:=]\s*["']((?:19|20)\d\d)-([01]\d)-([0-3]\d)`)
)

// afterMonthName keeps the positions of starts that follow a month name
// and a space, as the day of "Juli 12, 2017" does.
func afterMonthName(text string, starts []int) []int {
	var hits []int
	for _, i := range starts {
		j := i
		for j > 0 && i-j < 3 && (text[j-1] == ' ' || text[j-1] == '\t') {
			j--
		}
		if j == i {
			continue
		}
		if j > 0 && text[j-1] == '.' {
			j--
		}
		k := j
		for k > 0 && j-k < 30 && isLetterByte(text, k-1) {
			k--
		}
		if k < j && monthNumber(strings.ToValidUTF8(text[k:j], "")) > 0 {
			hits = append(hits, i)
		}
	}
	return hits
}

// findWordDates runs wordDateRe only where a number is followed by a
// word, the first 200 matches.
func findWordDates(text string) [][]int {
	var hits []int
	for i := 0; i < len(text) && len(hits) < 2000; i++ {
		if !isDigit(text[i]) || i > 0 && isDigit(text[i-1]) {
			continue
		}
		j := i + 1
		for j < len(text) && j < i+6 && !isLetterByte(text, j) && text[j] != '\n' {
			j++
		}
		if j > i+1 && isLetterByte(text, j) {
			hits = append(hits, i)
		}
	}
	ms := inWindows(wordDateRe, text, hits, 1, 48)
	return ms[:min(len(ms), 200)]
}

// findYMDDots runs ymdDotRe only where four digits are followed by a dot
// or a slash, the first 200 matches.
func findYMDDots(text string) [][]int {
	var hits []int
	for i := 4; i+1 < len(text) && len(hits) < 2000; i++ {
		if (text[i] == '.' || text[i] == '/') && isDigit(text[i+1]) && isDigit(text[i-1]) && isDigit(text[i-2]) && isDigit(text[i-3]) && isDigit(text[i-4]) {
			hits = append(hits, i)
		}
	}
	ms := inWindows(ymdDotRe, text, hits, 5, 8)
	return ms[:min(len(ms), 200)]
}

// urlDay reads a full date from the URL's path: /2024/05/27/, /2024-05-27-,
// /20240527/, /27-05-2024.
func urlDay(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	for _, m := range urlDaySepRe.FindAllStringSubmatch(u.Path, 4) {
		// One separator throughout: /2024/05/27/ or /2024-05-27-, not
		// /2023/10/3-fragen, where the "day" opens the slug.
		if m[2] != m[4] || m[2] == "/" && m[6] == "-" {
			continue
		}
		if v := ymd(m[1], m[3], m[5]); v != "" {
			return v
		}
	}
	if m := urlCompactRe.FindStringSubmatch(u.Path); m != nil {
		if v := ymd(m[1], m[2], m[3]); v != "" {
			return v
		}
	}
	if m := urlDMYRe.FindStringSubmatch(u.Path); m != nil {
		return ymd(m[3], m[2], m[1])
	}
	return ""
}

// scriptDate returns the first plausible publication date written in the
// raw HTML's scripts or attributes, or "": "datePublished":"2022-01-28",
// "published_at":"2019-03-02T06:22:28", <meta name="DC.Date"
// content="2006-12-16">, <span property="schema:dateCreated"
// content="2022-01-28T12:45:46">, "datePublished":"Tue, Sep 15 2020".
func scriptDate(body []byte, now time.Time) string {
	if len(body) > 2<<20 {
		body = body[:2<<20]
	}
	// Run the patterns only around the keys they need ("...ate",
	// "...edAt", "..ed_at"), not over the whole page.
	keys := [][]byte{[]byte("ate"), []byte("edAt"), []byte("ed_at")}
	next := make([]int, len(keys)) // next position of each key at or after i, -1 when none is left
	for k := range next {
		next[k] = -2
	}
	for i, seen := 0, 0; i < len(body) && seen < 2000; seen++ {
		at := -1
		for k, key := range keys {
			if next[k] == -2 || next[k] >= 0 && next[k] < i {
				if n := bytes.Index(body[i:], key); n >= 0 {
					next[k] = i + n
				} else {
					next[k] = -1
				}
			}
			if next[k] >= 0 && (at < 0 || next[k] < at) {
				at = next[k]
			}
		}
		if at < 0 {
			break
		}
		if v := scriptDateAt(body[max(0, at-40):min(len(body), at+90)]); v != "" && plausible(v, now) {
			return v
		}
		i = at + 3
	}
	return ""
}

// scriptDateAt reads a publication date from the bytes around a key.
func scriptDateAt(b []byte) string {
	if m := scriptDateRe.FindSubmatch(b); m != nil {
		return ymd(string(m[1]), string(m[2]), string(m[3]))
	}
	if m := attrDateRe.FindSubmatch(b); m != nil && !notPublishedKeyRe.Match(m[1]) {
		return ymd(string(m[2]), string(m[3]), string(m[4]))
	}
	if m := scriptTextDateRe.FindSubmatch(b); m != nil {
		return firstNonEmpty(isoDate(string(m[1])), textDate(string(m[1])))
	}
	return ""
}

var (
	// attrDateRe is an element attribute naming a date, with the date as
	// its content: name="DC.Date" content="2006-12-16T08:00+01:00".
	attrDateRe = regexp.MustCompile(`(?i)\b(?:name|property|itemprop)\s*=\s*["']([\w:.-]{0,30}?(?:date|created|issued)[\w:.-]{0,20})["']\s+content\s*=\s*["']((?:19|20)\d\d)-([01]\d)-([0-3]\d)`)
	// notPublishedKeyRe names the dates that are not the publication:
	// updates, validity, events, births.
	notPublishedKeyRe = regexp.MustCompile(`(?i)modif|updat|expir|valid|start|end|birth|death|last|revis|current|print|review`)
	// scriptTextDateRe is a publication key whose value is a date written
	// out: "datePublished":"Tue, Sep 15 2020 10:01:41 EDT".
	scriptTextDateRe = regexp.MustCompile(`(?i)["']?(?:datePublished|date_published|publishDate|publish_date|publishedAt|published_at|pubDate|publicationDate)["']?\s*[:=]\s*["']([^"'<>]{8,40})["']`)
)

// headerSpan is how far into the page's text its header runs.
const headerSpan = 1000

// isHeaderDate tells whether the date at pos is the day a page header
// shows above its menu, "Tuesday, (08 Dec 2020)" then "About", "Contact",
// "Politics"...: led by its weekday at the head of the page and followed
// by short menu lines, not by a title or the article. It is the day the
// page was served, not the day it was written.
func isHeaderDate(text string, pos int) bool {
	if pos >= headerSpan {
		return false
	}
	line := text[strings.LastIndexByte(text[:pos], '\n')+1 : pos]
	line = strings.TrimRight(line, " \t,.(")
	word := line[strings.LastIndexAny(line, " \t,(|[")+1:]
	if !weekdayNames[strings.ToLower(word)] {
		return false
	}
	rest := text[pos:]
	if nl := strings.IndexByte(rest, '\n'); nl >= 0 {
		rest = rest[nl+1:]
	} else {
		return false
	}
	menu := 0
	for _, l := range strings.Split(rest[:min(len(rest), 3000)], "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if len(l) > 30 {
			return false
		}
		if menu++; menu == menuLines {
			return true
		}
	}
	return false
}

// menuLines is how many short lines make a menu.
const menuLines = 5

// weekdayNames are the days of the week, full and abbreviated, in the
// languages of monthNumber; two-letter abbreviations ("Mo", "So") are too
// common as words to count.
var weekdayNames = fieldSet(`monday tuesday wednesday thursday friday saturday sunday
	mon tue tues wed thu thur thurs fri sat sun
	montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
	lundi mardi mercredi jeudi vendredi samedi dimanche lun mer jeu ven sam dim
	lunes martes miércoles jueves viernes sábado domingo
	lunedì martedì mercoledì giovedì venerdì sabato domenica
	maandag dinsdag woensdag donderdag vrijdag zaterdag zondag`)

func fieldSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// onShortLine tells whether the date at pos stands on a short line of its
// own, as a dateline does ("January 18, 2020", "24. April 2020 |
// Pressemitteilungen"), not inside a sentence or a caption.
func onShortLine(text string, pos int) bool {
	start := strings.LastIndexByte(text[:pos], '\n') + 1
	end := strings.IndexByte(text[pos:], '\n')
	if end < 0 {
		end = len(text)
	} else {
		end += pos
	}
	return len(strings.TrimSpace(text[start:end])) <= shortLine
}

// shortLine is the length of a line that holds a date and little else.
const shortLine = 50

// dated is a date found at a position of the text.
type dated struct {
	v   string
	pos int
}

// listGap is how close two dated lines stand in a list: comments, events,
// other articles.
const listGap = 1000

// datelineOf returns the first date of ds when it stands apart from the
// others, the page's dateline, or "" when it heads a list.
func datelineOf(ds []dated) string {
	sort.Slice(ds, func(i, j int) bool { return ds[i].pos < ds[j].pos })
	if len(ds) == 0 {
		return ""
	}
	for _, d := range ds[1:] {
		if d.pos-ds[0].pos >= listGap {
			break
		}
		if d.v != ds[0].v {
			return ""
		}
	}
	return ds[0].v
}
