package bench

import (
	"fmt"
	"net/url"
	"strings"

	"vigie"
)

// Query classes of the mix.
const (
	ClassWord   = "word"   // one word
	ClassWords  = "words"  // several words, all required
	ClassPhrase = "phrase" // a quoted phrase
	ClassFilter = "filter" // words with région, département, type or date filters
)

// Query is one query of the mix. Every query asks for the top 20 hits, all
// facets and the yearly date histogram.
type Query struct {
	Name  string // short label for the tables
	Class string
	Q     vigie.Query
}

// hitsPerPage is the number of hits every system returns per query.
const hitsPerPage = 20

// QueryMix returns the fixed query mix for a corpus made by g: common and
// rare words, a person's surname and a commune, phrases, and filtered
// queries. It depends only on the seed and the places.
func QueryMix(g *Generator) []Query {
	c := g.places.Communes[0]
	mayor, _ := g.person(fmt.Sprintf("maire|%s|%d", c.Code, 2020))
	surname := mayor[strings.LastIndexByte(mayor, ' ')+1:]
	q := func(name, class, text string) Query {
		return Query{Name: name, Class: class, Q: vigie.Query{Text: text, Size: hitsPerPage}}
	}
	mix := []Query{
		q("convention", ClassWord, "convention"),
		q("signature", ClassWord, "signature"),
		q("hydrogène", ClassWord, "hydrogène"),
		q("méthaniseur", ClassWord, "méthaniseur"),
		q("gymnase", ClassWord, "gymnase"),
		q("surname", ClassWord, surname),
		q("commune", ClassWord, firstWord(c.Name)),
		q("contrat ville", ClassWords, "contrat ville"),
		q("transition écologique", ClassWords, "transition écologique"),
		q("aire covoiturage", ClassWords, "aire covoiturage"),
		q(`"maison de santé"`, ClassPhrase, `"maison de santé"`),
		q(`"transition écologique"`, ClassPhrase, `"transition écologique"`),
		q(`"territoires d'industrie"`, ClassPhrase, `"territoires d'industrie"`),
	}
	f := q("convention + région", ClassFilter, "convention")
	f.Q.Regions = []string{c.Region}
	mix = append(mix, f)
	f = q("signature + 2020-2021", ClassFilter, "signature")
	f.Q.FromDate, f.Q.ToDate = "2020-01-01", "2021-12-31"
	mix = append(mix, f)
	f = q("contrat + type", ClassFilter, "contrat")
	f.Q.Types = []string{"contrat"}
	mix = append(mix, f)
	f = q("réindustrialisation + dépt", ClassFilter, "réindustrialisation")
	f.Q.Departements = []string{c.Departement}
	mix = append(mix, f)
	f = q("santé + région + 2019", ClassFilter, "santé")
	f.Q.Regions = []string{c.Region}
	f.Q.FromDate, f.Q.ToDate = "2019-01-01", "2019-12-31"
	mix = append(mix, f)
	return mix
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
