package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// scanPublished is the last resort for the publication date: the first
// full date written in the page's text (pages put the date of the article
// above or beside it, and later dates are events, comments or updates).
// prefix, when the URL gave a year or month, keeps only dates within it.
// It returns "" when the page writes no plausible date.
func scanPublished(text string, prefix string, now time.Time) string {
	if len(text) > 300000 {
		text = text[:300000]
	}
	first := map[string]int{} // date -> first position
	add := func(v string, pos int) {
		if v == "" || !plausible(v, now) || !strings.HasPrefix(v, prefix) {
			return
		}
		if p, ok := first[v]; !ok || pos < p {
			first[v] = pos
		}
	}
	for _, m := range isoLikeRe.FindAllStringSubmatchIndex(text, 200) {
		if m[2] >= 0 {
			add(ymd(text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]), m[0])
		}
	}
	for _, m := range dmyRe.FindAllStringSubmatchIndex(text, 200) {
		add(ymd(text[m[6]:m[7]], text[m[4]:m[5]], text[m[2]:m[3]]), m[0])
	}
	for _, m := range enDateRe.FindAllStringSubmatchIndex(text, 200) {
		add(ymd(text[m[6]:m[7]], fmt.Sprint(enMonths[strings.ToLower(text[m[2]:m[3]])]), text[m[4]:m[5]]), m[0])
	}
	for _, m := range enDate2Re.FindAllStringSubmatchIndex(text, 200) {
		add(ymd(text[m[6]:m[7]], fmt.Sprint(enMonths[strings.ToLower(text[m[4]:m[5]])]), text[m[2]:m[3]]), m[0])
	}
	for _, m := range dayMonthRe.re.FindAllStringSubmatchIndex(text, 200) {
		if m[8] < 0 {
			continue
		}
		add(textDate(text[m[0]:m[1]]), m[0])
	}
	for _, m := range wordDateRe.FindAllStringSubmatchIndex(text, 200) {
		if mo := monthNumber(text[m[4]:m[5]]); mo > 0 {
			add(ymd(text[m[6]:m[7]], fmt.Sprint(mo), text[m[2]:m[3]]), m[2])
		}
	}
	for _, m := range ymdDotRe.FindAllStringSubmatchIndex(text, 200) {
		add(ymd(text[m[2]:m[3]], text[m[4]:m[5]], text[m[6]:m[7]]), m[0])
	}
	best, bestPos := "", 0
	for v, p := range first {
		if best == "" || p < bestPos {
			best, bestPos = v, p
		}
	}
	return best
}

var (
	// wordDateRe finds a day, a month name in any language monthNumber
	// reads, and a year: "13 Oct 2020", "21. Jan 2022", "15 августа
	// 2016", "20 septembrie 2020", "3 de mayo de 2024".
	wordDateRe = regexp.MustCompile(`(?i)(?:^|[^\pL\d])([0-3]?\d)(?:\.|st|nd|rd|th)?\s+(?:de\s+)?(\pL{3,12})\.?,?\s+(?:de\s+)?((?:19|20)\d\d)(?:[^\d]|$)`)
	// ymdDotRe finds a year-first date with dots or slashes: "2023.11.02",
	// "2020/04/17".
	ymdDotRe     = regexp.MustCompile(`(?:^|[^\d.])((?:19|20)\d\d)[./]([01]?\d)[./]([0-3]?\d)(?:[^\d]|$)`)
	urlCompactRe = regexp.MustCompile(`/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|[-_]|$)`)
	urlDMYRe     = regexp.MustCompile(`/([0-3]?\d)-([01]?\d)-((?:19|20)\d\d)(?:[/-]|$|\.)`)
	// scriptDateRe finds a publication date in the page's scripts and
	// data attributes: "date":"2022-01-28", publishDate: '2022-01-28'.
	scriptDateRe = regexp.MustCompile(`(?i)["']?(?:datePublished|date_published|publishDate|publish_date|publishedAt|published_at|pubDate|publicationDate|date)["']?\s*[:=]\s*["']((?:19|20)\d\d)-([01]\d)-([0-3]\d)`)
)

// urlDay reads a full date from the URL's path: /2024/05/27/, /2024-05-27-,
// /20240527/, /27-05-2024.
func urlDay(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	if m := urlDateRe.FindStringSubmatch(u.Path); m != nil {
		if v := ymd(m[1], m[2], m[3]); v != "" {
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
// raw HTML's scripts or attributes, or "".
func scriptDate(body []byte, now time.Time) string {
	if len(body) > 2<<20 {
		body = body[:2<<20]
	}
	// Run the pattern only around the keys it needs ("...ate" or
	// "...At"), not over the whole page.
	seen := 0
	for i := 0; i < len(body) && seen < 2000; {
		j := bytes.Index(body[i:], []byte("ate"))
		k := bytes.Index(body[i:], []byte("edAt"))
		if j < 0 || k >= 0 && k < j {
			j = k
		}
		if j < 0 {
			break
		}
		seen++
		at := i + j
		from, to := max(0, at-20), min(len(body), at+40)
		if m := scriptDateRe.FindSubmatch(body[from:to]); m != nil {
			if v := ymd(string(m[1]), string(m[2]), string(m[3])); v != "" && plausible(v, now) {
				return v
			}
		}
		i = at + 3
	}
	return ""
}
