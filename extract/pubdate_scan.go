package extract

import (
	"fmt"
	"strings"
	"time"
)

// scanPublished is the last resort for the publication date: every full
// date written in the page's text is a candidate, and the one written most
// often wins (the earliest on a tie, the original date rather than an
// update). prefix, when the URL gave a year or month, keeps only dates
// within it. It returns "" when the page writes no plausible date.
func scanPublished(text string, prefix string, now time.Time) string {
	if len(text) > 300000 {
		text = text[:300000]
	}
	type cand struct {
		n     int
		first int
	}
	cands := map[string]*cand{}
	add := func(v string, pos int) {
		if v == "" || !plausible(v, now) || !strings.HasPrefix(v, prefix) {
			return
		}
		if c := cands[v]; c != nil {
			c.n++
			c.first = min(c.first, pos)
			return
		}
		cands[v] = &cand{1, pos}
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
	best, bestN, bestPos := "", 0, 0
	for v, c := range cands {
		if c.n > bestN || c.n == bestN && (v < best) {
			best, bestN, bestPos = v, c.n, c.first
		}
	}
	_ = bestPos
	return best
}
