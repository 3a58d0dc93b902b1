package webui

import (
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"vigie"
)

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// frDate writes an ISO date at its precision in French: "15 mai 2024",
// "mai 2024", "2024", and "18 décembre" for a date without a year
// ("--12-18"). Anything else is returned as is.
func frDate(s string) string {
	year, rest, _ := strings.Cut(s, "-")
	if strings.HasPrefix(s, "--") {
		year, rest = "", s[2:]
	}
	if rest == "" {
		return s
	}
	ms, ds, hasDay := strings.Cut(rest, "-")
	m, err := strconv.Atoi(ms)
	if err != nil || m < 1 || m > 12 || len(ms) != 2 {
		return s
	}
	out := frMonths[m-1]
	if hasDay {
		d, err := strconv.Atoi(ds)
		if err != nil || d < 1 || d > 31 {
			return s
		}
		day := strconv.Itoa(d)
		if d == 1 {
			day = "1er"
		}
		out = day + " " + out
	}
	if year != "" {
		out += " " + year
	}
	return out
}

var funcs = template.FuncMap{
	"frDate": frDate,
	// snippet marks a search snippet as HTML. search.Service builds it by
	// escaping the document text with html.EscapeString and adding only
	// <mark> tags; a test checks it on a document full of markup.
	"snippet": func(s string) template.HTML { return template.HTML(s) },
	"path":    url.PathEscape,
	"plural": func(n any, one, many string) string {
		var k int
		switch x := n.(type) {
		case int:
			k = x
		case uint64:
			k = int(x)
		}
		if k > 1 {
			return many
		}
		return one
	},
	"checked": func(v url.Values, param, value string) bool { return slices.Contains(v[param], value) },
	// with returns the query params with param set to value, as a query string.
	"with": func(v url.Values, param, value string) string {
		c := clone(v)
		c.Set(param, value)
		return c.Encode()
	},
	"add":      func(a, b int) int { return a + b },
	"capfirst": capFirst,
	"lower":    strings.ToLower,
}

// segment is a run of a document's text: plain, or an entity mention of a
// kind with its normalised value.
type segment struct {
	Text  string
	Kind  string // "", or one of the vigie.Mention* kinds
	Value string
	Link  string // entity page of the mention, if any
}

// Label is the French name of the segment's kind.
func (s segment) Label() string {
	switch s.Kind {
	case vigie.MentionPerson:
		return "personne"
	case vigie.MentionPlace:
		return "lieu"
	case vigie.MentionOrg:
		return "organisation"
	case vigie.MentionDate:
		return "date"
	}
	return ""
}

// segments cuts text at the mentions. Mentions out of range, inside a UTF-8
// sequence or overlapping an earlier one are ignored.
func segments(text string, mentions []vigie.Mention) []segment {
	ms := slices.Clone(mentions)
	slices.SortStableFunc(ms, func(a, b vigie.Mention) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		return b.End - a.End // the longest first
	})
	var out []segment
	at := 0
	for _, m := range ms {
		if m.Start < at || m.End <= m.Start || m.End > len(text) {
			continue
		}
		if !utf8.RuneStart(text[m.Start]) || (m.End < len(text) && !utf8.RuneStart(text[m.End])) {
			continue
		}
		if m.Start > at {
			out = append(out, segment{Text: text[at:m.Start]})
		}
		sg := segment{Text: text[m.Start:m.End], Kind: m.Kind, Value: m.Value}
		if sg.Value == "" {
			sg.Value = sg.Text
		}
		switch m.Kind {
		case vigie.MentionPerson:
			sg.Link = "/personnes/" + url.PathEscape(sg.Value)
		case vigie.MentionPlace:
			sg.Link = "/lieux/" + url.PathEscape(sg.Value)
		case vigie.MentionOrg:
			sg.Link = "/organisations/" + url.PathEscape(sg.Value)
		case vigie.MentionDate:
			sg.Value = frDate(sg.Value)
		default:
			sg.Kind = ""
		}
		out = append(out, sg)
		at = m.End
	}
	if at < len(text) {
		out = append(out, segment{Text: text[at:]})
	}
	return out
}

// capFirst upper-cases the first letter of s, for an agreement's name used
// as a heading.
func capFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
