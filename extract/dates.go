package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateMention is a date found in the text.
type dateMention struct {
	start, end int    // byte offsets
	value      string // "2024-05-15", "2019-03", "2019", "--12-18", or "" when it cannot be resolved
	pub        bool   // the date the page gives as its publication date
}

// refDate is the date relative expressions are resolved against, at the
// precision it is known: 0 unknown, 1 year, 2 month, 3 day.
type refDate struct {
	t    time.Time
	prec int
}

// parseRef reads an ISO date of any precision ("2024-05-27", "2019-03", "2019").
func parseRef(s string) refDate {
	for prec, layout := range map[int]string{3: "2006-01-02", 2: "2006-01", 1: "2006"} {
		if len(s) == len(layout) {
			if t, err := time.Parse(layout, s); err == nil {
				return refDate{t: t, prec: prec}
			}
		}
	}
	return refDate{}
}

func (r refDate) String() string {
	switch r.prec {
	case 3:
		return r.t.Format("2006-01-02")
	case 2:
		return r.t.Format("2006-01")
	case 1:
		return r.t.Format("2006")
	}
	return ""
}

var months = map[string]int{
	"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
	"janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday, "jeudi": time.Thursday,
	"vendredi": time.Friday, "samedi": time.Saturday, "dimanche": time.Sunday,
}

const (
	monthRe   = `(janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv\.|f[ée]vr\.|avr\.|juil\.|sept\.|oct\.|nov\.|d[ée]c\.)`
	weekdayRe = `(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)`
)

var (
	// "lundi 15 mai 2024", "le 1er juillet", "18 décembre dernier", "du 3 au 5 mars 2023" (the 5)
	dayMonthRe = gatedWords(`(?i)(?:\b`+weekdayRe+`\s+)?\b(1er|1re|premier|[0-3]?\d)\s+`+monthRe+`(?:\s+((?:19|20)\d\d)\b)?(?:\s+(dernier|prochain))?`, "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre", "janv", "févr", "fevr", "avr", "juil", "sept", "oct", "nov", "déc", "dec").within(30, 45)
	// "27.05.24", "27/05/2024", "27-05-2024"
	numericRe = numericDateRe{regexp.MustCompile(`\b([0-3]?\d)[./-]([01]?\d)[./-]((?:19|20)\d\d|\d\d)\b`)}
	// "2024-05-27"
	isoRe = numericDateRe{regexp.MustCompile(`\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b`)}
	// "mars 2019", "en mars 2019"
	monthYearRe = gatedWords(`(?i)\b`+monthRe+`\s+((?:19|20)\d\d)\b`, "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août", "aout", "septembre", "octobre", "novembre", "décembre", "decembre", "janv", "févr", "fevr", "avr", "juil", "sept", "oct", "nov", "déc", "dec").within(5, 35)
	// "hier", "ce jour", "lundi dernier", "ce mardi"
	relativeRe = gatedWords(`(?i)\b(avant-hier|hier|aujourd['’]hui|ce jour|ce matin|cet après-midi|ce soir|`+weekdayRe+`\s+(dernier|prochain)|ce\s+`+weekdayRe+`)\b`, "hier", "avant-hier", "aujourd", "jour", "matin", "soir", "après-midi", "dernier", "prochain", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche").within(20, 35)
	// "Mardi, ...", "a signé jeudi la convention": a weekday on its own
	bareWeekdayRe = gatedWords(`(?i)\b`+weekdayRe+`\b`, "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche").within(0, 9)
	// "en mai prochain", "septembre dernier": a month of the year before or after
	monthRelRe = gatedWords(`(?i)\b`+monthRe+`\s+(prochain|dernier)\b`, "prochain", "dernier").within(15, 12)
	// "en 2022", "depuis 2015"
	yearRe = gated(`(?i)\b(?:en|depuis|dès|courant|fin|début)\s+((?:19|20)\d\d)\b`, " 19", " 20").within(15, 15)
)

// findDates returns the dates of the text in order, resolved against pub
// (the publication date, possibly unknown). A day and month without a year
// take the year that puts them nearest the publication date ("dernier": the
// last occurrence before it, "prochain": the next after it); when the
// publication date is unknown, "dernier"/"prochain" are resolved against the
// latest full date of the text, and other such dates are "--MM-DD".
// Relative dates ("hier") take the precision of the publication date, and
// are unresolved ("") without one. lower is newLowered(text).
func findDates(text string, lower *lowered, pub refDate) []dateMention {
	var out []dateMention
	taken := func(s, e int) bool {
		for _, m := range out {
			if s < m.end && m.start < e {
				return true
			}
		}
		return false
	}
	type partial struct {
		start, end int
		day, month int
		dir        string // "dernier", "prochain"
	}
	var partials []partial
	var latest refDate
	noteFull := func(t time.Time) {
		if latest.prec == 0 || t.After(latest.t) {
			latest = refDate{t: t, prec: 3}
		}
	}
	for _, m := range isoRe.FindAllStringSubmatchIndex(text) {
		y, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		d, _ := strconv.Atoi(text[m[6]:m[7]])
		if t, ok := mkDate(y, mo, d); ok {
			out = append(out, dateMention{start: m[0], end: m[1], value: t.Format("2006-01-02")})
			noteFull(t)
		}
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) {
			continue
		}
		dayS := strings.ToLower(text[m[4]:m[5]])
		day := 1
		if dayS[0] >= '0' && dayS[0] <= '9' {
			day, _ = strconv.Atoi(strings.TrimRight(dayS, "erp"))
		}
		month := months[strings.TrimSuffix(strings.ToLower(text[m[6]:m[7]]), ".")]
		if m[8] >= 0 {
			y, _ := strconv.Atoi(text[m[8]:m[9]])
			if t, ok := mkDate(y, month, day); ok {
				out = append(out, dateMention{start: m[0], end: m[1], value: t.Format("2006-01-02")})
				noteFull(t)
			} else {
				out = append(out, dateMention{start: m[0], end: m[1]}) // "31 février 2024"
			}
			continue
		}
		dir := ""
		if m[10] >= 0 {
			dir = strings.ToLower(text[m[10]:m[11]])
		}
		if _, ok := mkDate(2000, month, day); ok {
			partials = append(partials, partial{start: m[0], end: m[1], day: day, month: month, dir: dir})
		}
		out = append(out, dateMention{start: m[0], end: m[1]}) // resolved below, or invalid
	}
	for _, m := range numericRe.FindAllStringSubmatchIndex(text) {
		if taken(m[0], m[1]) {
			continue
		}
		d, _ := strconv.Atoi(text[m[2]:m[3]])
		mo, _ := strconv.Atoi(text[m[4]:m[5]])
		y, _ := strconv.Atoi(text[m[6]:m[7]])
		if y < 100 {
			y += 2000 // two-digit years: 1970-2069
			if y >= 2070 {
				y -= 100
			}
		}
		if t, ok := mkDate(y, mo, d); ok {
			out = append(out, dateMention{start: m[0], end: m[1], value: t.Format("2006-01-02")})
			noteFull(t)
		}
	}
	for _, m := range monthYearRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) {
			continue
		}
		month := months[strings.TrimSuffix(strings.ToLower(text[m[2]:m[3]]), ".")]
		y, _ := strconv.Atoi(text[m[4]:m[5]])
		out = append(out, dateMention{start: m[0], end: m[1], value: fmt.Sprintf("%04d-%02d", y, month)})
	}
	for _, m := range relativeRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) {
			continue
		}
		out = append(out, dateMention{start: m[0], end: m[1], value: resolveRelative(strings.ToLower(text[m[2]:m[3]]), pub)})
	}
	for _, m := range bareWeekdayRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) || !bareWeekday(lower.s, m[0], m[1]) {
			continue
		}
		// "Mardi, les élus ont signé": the last such day, as "ce mardi"
		out = append(out, dateMention{start: m[0], end: m[1], value: resolveRelative("ce "+strings.ToLower(text[m[2]:m[3]]), pub)})
	}
	for _, m := range monthRelRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) {
			continue
		}
		month := months[strings.TrimSuffix(strings.ToLower(text[m[2]:m[3]]), ".")]
		ref := pub
		if ref.prec == 0 {
			ref = latest
		}
		out = append(out, dateMention{start: m[0], end: m[1], value: resolveMonth(month, strings.ToLower(text[m[4]:m[5]]), ref)})
	}
	for _, m := range yearRe.FindAllStringSubmatchIndex(text, lower) {
		if taken(m[0], m[1]) || strings.HasSuffix(lower.s[max(0, m[0]-6):m[0]], "jusqu'") || strings.HasSuffix(lower.s[max(0, m[0]-8):m[0]], "jusqu’") {
			continue // "jusqu'en 2028" is a term, not a date of the past
		}
		out = append(out, dateMention{start: m[2], end: m[3], value: text[m[2]:m[3]]})
	}
	// Days and months without a year. The same day written in full
	// elsewhere in the text ("Vendredi 7 février 2020 ... vendredi dernier
	// 7 février") gives its year.
	full := map[string]string{}
	for _, m := range out {
		if len(m.value) == 10 && m.value[0] != '-' {
			full[m.value[5:]] = m.value
		}
	}
	for _, p := range partials {
		ref := pub
		if ref.prec == 0 && p.dir != "" {
			ref = latest
		}
		v := resolveDayMonth(p.day, p.month, p.dir, ref)
		if ref.prec == 0 {
			if same, ok := full[fmt.Sprintf("%02d-%02d", p.month, p.day)]; ok {
				v = same
			}
		}
		for i := range out {
			if out[i].start == p.start {
				out[i].value = v
			}
		}
	}
	sortDates(out)
	return out
}

func sortDates(ds []dateMention) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].start < ds[j-1].start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

func mkDate(y, m, d int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t, t.Day() == d
}

// resolveDayMonth gives a day and month the year the reference implies.
func resolveDayMonth(day, month int, dir string, ref refDate) string {
	if ref.prec == 0 {
		return fmt.Sprintf("--%02d-%02d", month, day)
	}
	y := ref.t.Year()
	// Compare at the reference's precision: with only a month known, a
	// date in that month counts as before it for "dernier".
	refT := ref.t
	if ref.prec == 2 {
		refT = time.Date(y, ref.t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	} else if ref.prec == 1 {
		refT = time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	best, bestDist := time.Time{}, time.Duration(1<<62)
	for _, cand := range []int{y - 1, y, y + 1} {
		t, ok := mkDate(cand, month, day)
		if !ok {
			continue
		}
		switch dir {
		case "dernier":
			if t.After(refT) {
				continue
			}
		case "prochain":
			if t.Before(ref.t) {
				continue
			}
		}
		d := t.Sub(refT)
		if d < 0 {
			d = -d
		}
		if d < bestDist {
			best, bestDist = t, d
		}
	}
	if best.IsZero() {
		return fmt.Sprintf("--%02d-%02d", month, day)
	}
	return best.Format("2006-01-02")
}

// bareWeekday reports whether the weekday at lower[start:end] names one
// day, not a habit or a span ("le mardi", "chaque jeudi", "du lundi au
// samedi") nor a feast ("mardi gras"), and no day number
// follows it (a date the other patterns read).
func bareWeekday(lower string, start, end int) bool {
	before := strings.TrimRight(lower[max(0, start-12):start], " \t")
	for _, w := range []string{"le", "les", "chaque", "du", "au", "tous", "jusqu'au", "jusqu’au", "dès", "un", "ce", "/"} {
		if strings.HasSuffix(before, " "+w) || before == w || strings.HasSuffix(before, "'"+w) {
			return false
		}
	}
	after := strings.TrimLeft(lower[end:min(len(lower), end+12)], " \t")
	if after == "" {
		return true
	}
	if c := after[0]; c >= '0' && c <= '9' {
		return false // "mardi 4"
	}
	for _, w := range []string{"gras", "saint", "de pâques", "de pentecôte", "dernier", "prochain", "au ", "et "} {
		if strings.HasPrefix(after, w) {
			return false
		}
	}
	return true
}

// resolveRelative resolves "hier", "lundi dernier"... against the
// publication date, at its precision.
func resolveRelative(expr string, ref refDate) string {
	if ref.prec < 3 {
		if ref.prec > 0 {
			return ref.String()
		}
		return ""
	}
	t := ref.t
	f := strings.Fields(strings.ReplaceAll(expr, "’", "'"))
	switch {
	case expr == "ce jour" || strings.HasPrefix(expr, "aujourd") || expr == "ce matin" || expr == "ce soir" || expr == "cet après-midi":
	case expr == "hier":
		t = t.AddDate(0, 0, -1)
	case expr == "avant-hier":
		t = t.AddDate(0, 0, -2)
	case len(f) == 2 && f[1] == "dernier":
		wd := weekdays[f[0]]
		t = t.AddDate(0, 0, -1)
		for t.Weekday() != wd {
			t = t.AddDate(0, 0, -1)
		}
	case len(f) == 2 && f[1] == "prochain":
		wd := weekdays[f[0]]
		t = t.AddDate(0, 0, 1)
		for t.Weekday() != wd {
			t = t.AddDate(0, 0, 1)
		}
	case len(f) == 2 && f[0] == "ce":
		// "ce lundi": the nearest such day, in the past week by default
		wd := weekdays[f[1]]
		for t.Weekday() != wd {
			t = t.AddDate(0, 0, -1)
		}
	}
	return t.Format("2006-01-02")
}

// resolveMonth returns the month of ref's year or of the year before
// ("dernier": the last such month before ref) or after ("prochain": the
// next after it), at month precision; "" when ref is unknown.
func resolveMonth(month int, dir string, ref refDate) string {
	if ref.prec == 0 || month < 1 || month > 12 {
		return ""
	}
	y, m := ref.t.Year(), int(ref.t.Month())
	switch {
	case dir == "prochain" && month <= m:
		y++
	case dir == "dernier" && month >= m:
		y--
	}
	return fmt.Sprintf("%04d-%02d", y, month)
}
