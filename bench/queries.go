package bench

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	"vigie"
)

// Query classes of the mix.
const (
	ClassWord   = "word"   // one word: common, rare, a person's surname, a commune
	ClassWords  = "words"  // two words, both required
	ClassPhrase = "phrase" // a quoted phrase
	ClassFilter = "filter" // a word with a région, département, type or date filter
)

// Classes lists the query classes in the order of the tables.
var Classes = []string{ClassWord, ClassWords, ClassPhrase, ClassFilter}

// Query is one query of the mix. Every query asks for the top 20 hits, all
// facets and the date histograms.
type Query struct {
	Name  string // the query as a person would read it
	Class string
	Q     vigie.Query
}

// hitsPerPage is the number of hits every system returns per query.
const hitsPerPage = 20

// QueryMix returns n distinct queries for a corpus made by g: 30 % single
// words (common and rare words, persons' surnames, communes), 15 % two
// words, 20 % phrases and 35 % words with filters. Queries never repeat, so
// that no system answers from a cache of earlier answers; the mix depends
// only on the seed, the places and n.
func QueryMix(g *Generator, n int) []Query {
	vocab := vocabulary()
	phrases := phraseSources()
	seen := make(map[string]bool, n)
	out := make([]Query, 0, n)
	for k := 0; len(out) < n; k++ {
		r := rand.New(rand.NewPCG(mix(g.seed^0x9e37), uint64(k)))
		q := Query{Q: vigie.Query{Size: hitsPerPage}}
		c := g.pickCommune(r)
		switch u := r.IntN(100); {
		case u < 30:
			q.Class = ClassWord
			switch v := r.IntN(10); {
			case v < 6:
				q.Q.Text = vocab[r.IntN(len(vocab))]
			case v < 8:
				off := []int{offMayor, offRegion, offDept, offEPCI}[r.IntN(4)]
				p := g.party(r, off, c, 2015+r.IntN(11))
				q.Q.Text = p.Name[strings.LastIndexByte(p.Name, ' ')+1:]
			default:
				q.Q.Text = firstWord(c.Name)
			}
		case u < 45:
			q.Class = ClassWords
			ws := strings.Fields(phrases[r.IntN(len(phrases))])
			var long []string
			for _, w := range ws {
				if len(w) >= 5 && !strings.ContainsAny(w, "'()") {
					long = append(long, w)
				}
			}
			if len(long) < 2 {
				continue
			}
			i := r.IntN(len(long) - 1)
			q.Q.Text = long[i] + " " + long[i+1+r.IntN(len(long)-1-i)]
		case u < 65:
			q.Class = ClassPhrase
			ws := strings.Fields(phrases[r.IntN(len(phrases))])
			if len(ws) < 2 {
				continue
			}
			l := min(len(ws), 2+r.IntN(2))
			i := r.IntN(len(ws) - l + 1)
			q.Q.Text = `"` + strings.Trim(strings.Join(ws[i:i+l], " "), "()") + `"`
		default:
			q.Class = ClassFilter
			q.Q.Text = vocab[r.IntN(len(vocab))]
			switch r.IntN(5) {
			case 0:
				q.Q.Regions = []string{c.Region}
			case 1:
				q.Q.Departements = []string{c.Departement}
			case 2:
				q.Q.Text = []string{"signature", "signé", "convention", "contrat", "accord"}[r.IntN(5)]
				q.Q.Types = []string{agreements[r.IntN(len(agreements))].Type}
			case 3:
				y := 2015 + r.IntN(10)
				q.Q.FromDate, q.Q.ToDate = fmt.Sprint(y), fmt.Sprint(y+r.IntN(2))
			default:
				y := 2015 + r.IntN(11)
				q.Q.Regions = []string{c.Region}
				q.Q.FromDate = fmt.Sprintf("%d-01-01", y)
				q.Q.ToDate = fmt.Sprintf("%d-12-31", y)
			}
		}
		q.Name = q.describe()
		if seen[q.Name] {
			continue
		}
		seen[q.Name] = true
		out = append(out, q)
	}
	return out
}

// describe writes the query as a label: the text and its filters.
func (q Query) describe() string {
	s := q.Q.Text
	add := func(k string, vs []string) {
		for _, v := range vs {
			s += " " + k + ":" + v
		}
	}
	add("région", q.Q.Regions)
	add("dépt", q.Q.Departements)
	add("type", q.Q.Types)
	if q.Q.FromDate != "" {
		s += " du:" + q.Q.FromDate
	}
	if q.Q.ToDate != "" {
		s += " au:" + q.Q.ToDate
	}
	return s
}

// stopWords are words of the lexicons that a search engine may drop.
var stopWords = map[string]bool{
	"depuis": true, "notamment": true, "aujourd'hui": true, "plusieurs": true,
	"chaque": true, "prochain": true, "prochaine": true, "encore": true,
	"toutes": true, "autres": true, "d'ici": true, "aussi": true, "avaient": true,
}

// vocabulary returns the distinct words of six letters or more of the
// lexicons: common ("territoire") and rare ("méthaniseur") alike.
func vocabulary() []string {
	var src []string
	src = append(src, themes...)
	src = append(src, projects...)
	src = append(src, fillers...)
	src = append(src, quoteTexts...)
	src = append(src, adjectives...)
	for _, a := range agreements {
		src = append(src, a.Name)
	}
	var out []string
	for _, s := range src {
		for _, w := range strings.FieldsFunc(s, func(r rune) bool {
			return r == ' ' || r == ',' || r == '.' || r == '(' || r == ')' || r == '«' || r == '»'
		}) {
			w = strings.ToLower(w)
			if utf8.RuneCountInString(w) < 6 || strings.ContainsAny(w, "{}'%-0123456789") || stopWords[w] {
				continue
			}
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// phraseSources returns the multi-word names the corpus uses: themes,
// projects and agreements, without their articles.
func phraseSources() []string {
	var out []string
	for _, s := range append(append([]string{}, themes...), projects...) {
		for _, art := range []string{"le ", "la ", "les ", "l'"} {
			if rest, ok := strings.CutPrefix(s, art); ok {
				s = rest
				break
			}
		}
		out = append(out, s)
	}
	for _, a := range agreements {
		out = append(out, a.Name)
	}
	return out
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " -'"); i > 0 {
		return s[:i]
	}
	return s
}

// values returns the URL query of q for the search API.
func (q Query) values() url.Values {
	v := url.Values{}
	v.Set("q", q.Q.Text)
	for _, r := range q.Q.Regions {
		v.Add("region", r)
	}
	for _, d := range q.Q.Departements {
		v.Add("departement", d)
	}
	for _, t := range q.Q.Types {
		v.Add("type", t)
	}
	if q.Q.FromDate != "" {
		v.Set("from_date", q.Q.FromDate)
	}
	if q.Q.ToDate != "" {
		v.Set("to_date", q.Q.ToDate)
	}
	if q.Q.Size > 0 {
		v.Set("size", fmt.Sprint(q.Q.Size))
	}
	return v
}

// words splits a query text into phrases (quoted) and words, for the
// peers' query languages.
func words(text string) (phrases, terms []string) {
	for text != "" {
		text = strings.TrimSpace(text)
		if strings.HasPrefix(text, `"`) {
			end := strings.IndexByte(text[1:], '"')
			if end < 0 {
				end = len(text) - 1
			}
			phrases = append(phrases, text[1:1+end])
			text = text[min(len(text), end+2):]
			continue
		}
		i := strings.IndexAny(text, ` "`)
		if i < 0 {
			i = len(text)
		}
		if w := strings.TrimSpace(text[:i]); w != "" {
			terms = append(terms, w)
		}
		text = text[i:]
	}
	return phrases, terms
}
