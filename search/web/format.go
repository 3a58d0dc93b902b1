package web

import (
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"vigie"
)

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// frDate writes an ISO date at its precision in French: "15 mai 2024",
// "1er mars 2019", "mai 2024", "2019", and "15 mai" for "--05-15". Anything
// else is returned as it is.
func frDate(s string) string {
	if strings.HasPrefix(s, "--") && len(s) == 7 {
		m, err1 := strconv.Atoi(s[2:4])
		d, err2 := strconv.Atoi(s[5:7])
		if err1 != nil || err2 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
			return s
		}
		return frDay(d) + " " + frMonths[m-1]
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return s
	}
	if _, err := strconv.Atoi(parts[0]); err != nil {
		return s
	}
	if len(parts) == 1 {
		return s
	}
	m, err := strconv.Atoi(parts[1])
	if err != nil || m < 1 || m > 12 {
		return s
	}
	if len(parts) == 2 {
		return frMonths[m-1] + " " + parts[0]
	}
	d, err := strconv.Atoi(parts[2])
	if err != nil || d < 1 || d > 31 {
		return s
	}
	return frDay(d) + " " + frMonths[m-1] + " " + parts[0]
}

func frDay(d int) string {
	if d == 1 {
		return "1er"
	}
	return strconv.Itoa(d)
}

// frShortMonth is the abbreviated month of "2024-05": "mai", "janv.".
func frShortMonth(m int) string {
	short := [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
	if m < 1 || m > 12 {
		return ""
	}
	return short[m-1]
}

// plural returns one or many according to n: plural(2, "source", "sources").
func plural(n int, one, many string) string {
	if n <= 1 {
		return frInt(n) + " " + one
	}
	return frInt(n) + " " + many
}

// frInt writes n with a narrow no-break space between thousands: "12 345".
func frInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + frInt(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	return b.String()
}

// state is the URL state of a page: the query parameters, copied before
// each change so that links never share their values.
type state url.Values

func (s state) with(edit func(url.Values)) url.Values {
	c := url.Values{}
	for k, vs := range s {
		c[k] = slices.Clone(vs)
	}
	edit(c)
	return c
}

// link returns path with the state changed by edit; the page offset is
// reset unless edit sets it.
func (s state) link(path string, edit func(url.Values)) string {
	c := s.with(func(c url.Values) { c.Del("from"); edit(c) })
	for k, vs := range c {
		if len(vs) == 0 || len(vs) == 1 && vs[0] == "" {
			delete(c, k)
		}
	}
	if len(c) == 0 {
		return path
	}
	return path + "?" + c.Encode()
}

func (s state) has(param, value string) bool {
	return slices.Contains(url.Values(s)[param], value)
}

// highlight returns text as HTML with each mention wrapped in a <mark> whose
// class names its kind. Mentions out of range, not on character boundaries
// or overlapping an earlier one are skipped; all text is escaped.
func highlight(text string, ms []vigie.Mention) template.HTML {
	ms = slices.Clone(ms)
	slices.SortStableFunc(ms, func(a, b vigie.Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End // the longer mention first
	})
	var b strings.Builder
	pos := 0
	for _, m := range ms {
		if m.Start < pos || m.End <= m.Start || m.End > len(text) ||
			!boundary(text, m.Start) || !boundary(text, m.End) {
			continue
		}
		kind := mentionClass(m.Kind)
		if kind == "" {
			continue
		}
		b.WriteString(template.HTMLEscapeString(text[pos:m.Start]))
		b.WriteString(`<mark class="` + kind + `" title="` + mentionLabel(m.Kind) + ``)
		if m.Value != "" && m.Value != text[m.Start:m.End] {
			b.WriteString(" : " + template.HTMLEscapeString(m.Value))
		}
		b.WriteString(`">`)
		b.WriteString(template.HTMLEscapeString(text[m.Start:m.End]))
		b.WriteString("</mark>")
		pos = m.End
	}
	b.WriteString(template.HTMLEscapeString(text[pos:]))
	return template.HTML(b.String())
}

func boundary(s string, i int) bool {
	return i == len(s) || utf8.RuneStart(s[i])
}

func mentionClass(kind string) string {
	switch kind {
	case vigie.MentionPerson:
		return "m-person"
	case vigie.MentionPlace:
		return "m-place"
	case vigie.MentionOrg:
		return "m-org"
	case vigie.MentionDate:
		return "m-date"
	}
	return ""
}

func mentionLabel(kind string) string {
	switch kind {
	case vigie.MentionPerson:
		return "Personne"
	case vigie.MentionPlace:
		return "Lieu"
	case vigie.MentionOrg:
		return "Organisation"
	case vigie.MentionDate:
		return "Date"
	}
	return ""
}
