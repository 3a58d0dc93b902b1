package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pubCueRe finds the visible publication line of a page: "Publié le
// 27.05.24", "Publication : mars 2019", "Mis à jour le 03/07/2015".
var pubCueRe = regexp.MustCompile(`(?i)\b(publié|publiée|mis en ligne|mise en ligne|date de publication|publication|posted on|published|mis à jour|mise à jour|actualisé|modifié|updated)\s*(?:le|on|:|–|-)?\s*(?:(?:le|on)\s+)?(?:` + weekdayRe + `\s+)?` +
	`(\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|(?:1er|\d{1,2})\s+` + monthRe + `\s+\d{4}|` + monthRe + `\s+\d{4}|\d{4}-\d{2}-\d{2})`)

// visiblePublished returns the publication date the text shows, at the
// precision it shows it, and its byte range; an update date counts only
// when no publication date is shown.
func visiblePublished(text string) (value string, start, end int) {
	var upd string
	var us, ue int
	// A byline: "Par C. Martin - Le 23 mars 2015".
	if m := bylineRe.FindStringSubmatchIndex(text); m != nil {
		if v := parseLooseDate(text[m[2]:m[3]]); v != "" {
			return v, m[2], m[3]
		}
	}
	for _, m := range pubCueRe.FindAllStringSubmatchIndex(text, 8) {
		cue := strings.ToLower(text[m[2]:m[3]])
		v := parseLooseDate(text[m[6]:m[7]])
		if v == "" {
			continue
		}
		update := strings.Contains(cue, "jour") || cue == "actualisé" || cue == "modifié" || cue == "updated"
		if !update {
			return v, m[6], m[7]
		}
		if upd == "" {
			upd, us, ue = v, m[6], m[7]
		}
	}
	return upd, us, ue
}

var bylineRe = regexp.MustCompile(`(?m)^\s*(?:Par|par)\s[^\n]{2,60}?\s[-–|,]\s*(?:[Ll]e\s+)?(\d{1,2}[./-]\d{1,2}[./-]\d{4}|(?:1er|\d{1,2})\s+` + monthRe + `\s+\d{4})`)

var looseNumeric = regexp.MustCompile(`^(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})$`)

// parseLooseDate reads one date expression at its precision.
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
	f := strings.Fields(strings.ToLower(s))
	switch len(f) {
	case 2:
		mo := months[strings.TrimSuffix(f[0], ".")]
		y, err := strconv.Atoi(f[1])
		if mo > 0 && err == nil && y >= 1990 && y <= 2100 {
			return fmt.Sprintf("%04d-%02d", y, mo)
		}
	case 3:
		d, _ := strconv.Atoi(strings.TrimRight(f[0], "er"))
		mo := months[strings.TrimSuffix(f[1], ".")]
		y, _ := strconv.Atoi(f[2])
		if t, ok := mkDate(y, mo, d); ok {
			return t.Format("2006-01-02")
		}
	}
	return ""
}
