package search

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"vigie"
)

// Expr is a parsed text query: every clause is required (AND), and a clause
// matches if any of its alternatives does (OR).
type Expr struct {
	Clauses []Clause
}

// Clause is a group of alternatives joined by OR.
type Clause struct {
	Alts []Atom
}

// Atom is one word, phrase or field:value of a query.
type Atom struct {
	Field  string // "" (title and text), "title", "text", or a facet parameter: "signatory", "place", ...
	Text   string
	Phrase bool
	Not    bool // excluded with a leading '-' or NOT
	Pos    int  // byte offset in the query, for errors
}

// SyntaxError is a text query that cannot be parsed. It wraps
// vigie.ErrInvalid.
type SyntaxError struct {
	Query string
	Pos   int // byte offset of the problem
	Msg   string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query %q: %s at character %d", e.Query, e.Msg, utf8.RuneCountInString(e.Query[:e.Pos])+1)
}

func (e *SyntaxError) Unwrap() error { return vigie.ErrInvalid }

// fieldAliases maps the field prefixes of the query syntax, in English and
// French, to field names.
var fieldAliases = map[string]string{
	"title": "title", "titre": "title",
	"text": "text", "texte": "text",
	"signatory": "signatory", "signataire": "signatory",
	"person": "person", "personne": "person",
	"place": "place", "lieu": "place",
	"commune":     "commune",
	"departement": "departement", "département": "departement",
	"region": "region", "région": "region",
	"org": "org", "organisation": "org",
	"type": "type",
	"site": "site",
}

// Parse parses a text query: plain words (all required), "quoted phrases",
// -exclusion (or NOT), OR between alternatives, and field prefixes such as
// title:, signatory:"Marie Exemple", place:Dole. A word whose prefix is not
// a known field ("10:30", "https://...") is a plain word. Errors are
// *SyntaxError values.
func Parse(s string) (*Expr, error) {
	p := &parser{s: s}
	return p.parse()
}

type parser struct {
	s   string
	pos int
}

func (p *parser) fail(pos int, format string, args ...any) error {
	return &SyntaxError{Query: p.s, Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) skipSpace() {
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if !unicode.IsSpace(r) {
			return
		}
		p.pos += n
	}
}

// word reads up to the next space or quote.
func (p *parser) word() string {
	start := p.pos
	for p.pos < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.pos:])
		if unicode.IsSpace(r) || r == '"' {
			break
		}
		p.pos += n
	}
	return p.s[start:p.pos]
}

// phrase reads a quoted phrase; p.pos is on the opening quote.
func (p *parser) phrase() (string, error) {
	open := p.pos
	end := strings.IndexByte(p.s[open+1:], '"')
	if end < 0 {
		return "", p.fail(open, "unclosed quote")
	}
	p.pos = open + 1 + end + 1
	return p.s[open+1 : open+1+end], nil
}

func (p *parser) parse() (*Expr, error) {
	e := &Expr{}
	pendingOr := -1 // position of an OR waiting for its right side
	for {
		p.skipSpace()
		if p.pos >= len(p.s) {
			break
		}
		start := p.pos
		if p.s[p.pos] != '"' {
			save := p.pos
			w := p.word()
			switch w {
			case "OR", "OU", "|", "||":
				if len(e.Clauses) == 0 || pendingOr >= 0 {
					return nil, p.fail(start, "OR needs a term on each side")
				}
				pendingOr = start
				continue
			case "AND", "ET", "&&":
				continue
			}
			p.pos = save
		}
		a, err := p.atom()
		if err != nil {
			return nil, err
		}
		if a == nil {
			continue
		}
		if pendingOr >= 0 {
			last := &e.Clauses[len(e.Clauses)-1]
			if a.Not || last.Alts[0].Not {
				return nil, p.fail(pendingOr, "OR cannot join an excluded term")
			}
			last.Alts = append(last.Alts, *a)
			pendingOr = -1
			continue
		}
		e.Clauses = append(e.Clauses, Clause{Alts: []Atom{*a}})
	}
	if pendingOr >= 0 {
		return nil, p.fail(pendingOr, "OR needs a term on each side")
	}
	return e, nil
}

// atom reads one (possibly negated, possibly fielded) word or phrase.
func (p *parser) atom() (*Atom, error) {
	a := &Atom{Pos: p.pos}
	if p.s[p.pos] == '-' || p.s[p.pos] == '!' {
		p.pos++
		if p.pos >= len(p.s) || unicode.IsSpace(rune(p.s[p.pos])) {
			return nil, nil // a lone dash is punctuation
		}
		a.Not = true
	} else if strings.HasPrefix(p.s[p.pos:], "NOT ") {
		p.pos += 4
		p.skipSpace()
		if p.pos >= len(p.s) {
			return nil, p.fail(a.Pos, "NOT needs a term after it")
		}
		a.Not = true
	}
	if p.s[p.pos] == '"' {
		t, err := p.phrase()
		if err != nil {
			return nil, err
		}
		a.Text, a.Phrase = t, true
		return a, nil
	}
	wstart := p.pos
	w := p.word()
	if i := strings.IndexByte(w, ':'); i > 0 {
		if f, ok := fieldAliases[strings.ToLower(w[:i])]; ok {
			a.Field = f
			rest := w[i+1:]
			if rest == "" {
				if p.pos < len(p.s) && p.s[p.pos] == '"' {
					t, err := p.phrase()
					if err != nil {
						return nil, err
					}
					a.Text, a.Phrase = t, true
					return a, nil
				}
				return nil, p.fail(wstart+i+1, "%s: needs a value", w[:i])
			}
			a.Text = rest
			return a, nil
		}
	}
	a.Text = w
	return a, nil
}

// String returns the query in canonical form, for cache keys.
func (e *Expr) String() string {
	var b strings.Builder
	for i, c := range e.Clauses {
		if i > 0 {
			b.WriteString(" ")
		}
		for j, a := range c.Alts {
			if j > 0 {
				b.WriteString(" OR ")
			}
			if a.Not {
				b.WriteString("-")
			}
			if a.Field != "" {
				b.WriteString(a.Field + ":")
			}
			if a.Phrase {
				b.WriteString(`"` + a.Text + `"`)
			} else {
				b.WriteString(a.Text)
			}
		}
	}
	return b.String()
}
