package indexer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// newFrenchAnalyzer returns the analyzer of Vigie's text fields: Unicode
// words, lower-cased, French elision removed (l', d', qu'), French stop words
// removed, accents folded ("Dôle" and "Dole" are one term), then the minimal
// French stemmer, which only folds plurals and a few inflections so that
// unrelated words (maire, mairie) stay apart.
//
// Tokens keep their byte offsets in the original text, so snippets can be
// highlighted from them.
func newFrenchAnalyzer() (analysis.Analyzer, error) {
	cache := registry.NewCache()
	tok, err := cache.TokenizerNamed(unicodetok.Name)
	if err != nil {
		return nil, fmt.Errorf("french analyzer: %w", err)
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{lowercase.Name, fr.ElisionName, fr.StopName} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("french analyzer: %w", err)
		}
		filters = append(filters, f)
	}
	filters = append(filters, foldFilter{})
	stem, err := cache.TokenFilterNamed(fr.MinimalStemmerName)
	if err != nil {
		return nil, fmt.Errorf("french analyzer: %w", err)
	}
	filters = append(filters, stem)
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
}

// foldFilter removes diacritics from terms in place.
type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if !isASCII(t.Term) {
			t.Term = []byte(foldAccents(string(t.Term)))
		}
	}
	return in
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldAccents removes combining marks and spells ligatures out: "Dôle" ->
// "Dole", "cœur" -> "coeur".
func foldAccents(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ':
			b.WriteString("oe")
		case r == 'Œ':
			b.WriteString("OE")
		case r == 'æ':
			b.WriteString("ae")
		case r == 'Æ':
			b.WriteString("AE")
		case r == '’' || r == 'ʼ' || r == '‘':
			b.WriteByte('\'')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold returns the key under which a facet value (a name, a place, an
// organisation) is matched: lower case, accents folded, apostrophes and
// dashes unified, spaces collapsed. "Hauts-de-France" and "hauts de france"
// have the same key.
func Fold(s string) string {
	s = strings.ToLower(foldAccents(s))
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '-' || r == '–' || r == '—' || r == '\'' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
