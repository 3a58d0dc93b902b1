package indexer

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/registry"
	"golang.org/x/text/unicode/norm"
)

// frenchAnalyzer is the analyzer of Vigie's text fields. In one pass over
// the text it finds words (letters and digits, with inner apostrophes),
// lower-cases them and folds their accents ("Dôle" and "Dole" are one
// term), removes French elision (l', d', qu', jusqu'...) and stop words, and
// applies the minimal French stemmer, which folds plurals and a few
// inflections but keeps unrelated words (maire, mairie) apart.
//
// It does what bleve's "fr" analysis chain does with the minimal stemmer
// and accent folding, several times faster: indexing speed is bounded by
// analysis. Tokens keep their byte offsets in the original text, and stop
// words leave gaps in positions, as in bleve, so phrases stay exact.
type frenchAnalyzer struct {
	stop     map[string]bool
	articles map[string]bool
}

func newFrenchAnalyzer() (*frenchAnalyzer, error) {
	cache := registry.NewCache()
	stop, err := cache.TokenMapNamed(fr.StopName)
	if err != nil {
		return nil, fmt.Errorf("french analyzer: %w", err)
	}
	arts, err := cache.TokenMapNamed(fr.ArticlesName)
	if err != nil {
		return nil, fmt.Errorf("french analyzer: %w", err)
	}
	a := &frenchAnalyzer{stop: map[string]bool{}, articles: map[string]bool{}}
	for w := range stop {
		a.stop[strings.ToLower(foldAccents(w))] = true
	}
	for w := range arts {
		a.articles[w] = true
	}
	return a, nil
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// Analyze returns the tokens of text.
func (a *frenchAnalyzer) Analyze(text []byte) analysis.TokenStream {
	toks := make([]analysis.Token, 0, len(text)/7+1)
	arena := make([]byte, 0, len(text)+8)
	var word []byte // folded, lower-cased current word
	pos := 0
	i := 0
	for i < len(text) {
		r, n := utf8.DecodeRune(text[i:])
		if !isWordRune(r) {
			i += n
			continue
		}
		start := i
		word = word[:0]
		elided := -1 // byte length of the elided article in word, if any
		wordStart := start
		for i < len(text) {
			r, n := utf8.DecodeRune(text[i:])
			if isWordRune(r) {
				word = appendFolded(word, r)
				i += n
				continue
			}
			if isApostrophe(r) && i+n < len(text) {
				if r2, _ := utf8.DecodeRune(text[i+n:]); isWordRune(r2) {
					if elided < 0 && a.articles[string(word)] {
						// l'État -> État
						elided = len(word)
						word = word[:0]
						wordStart = i + n
					} else {
						word = append(word, '\'')
					}
					i += n
					continue
				}
			}
			break
		}
		pos++
		if len(word) == 0 || a.stop[string(word)] {
			continue
		}
		word = minStem(word)
		off := len(arena)
		arena = append(arena, word...)
		toks = append(toks, analysis.Token{
			Start: wordStart, End: i, Term: arena[off:len(arena):len(arena)],
			Position: pos, Type: analysis.AlphaNumeric,
		})
	}
	out := make(analysis.TokenStream, len(toks))
	for k := range toks {
		out[k] = &toks[k]
	}
	return out
}

// appendFolded appends r lower-cased and without diacritics.
func appendFolded(b []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	}
	if f, ok := foldTable[r]; ok {
		return append(b, f...)
	}
	if unicode.Is(unicode.Mn, r) {
		return b
	}
	r = unicode.ToLower(r)
	for _, d := range norm.NFD.String(string(r)) {
		if !unicode.Is(unicode.Mn, d) {
			b = utf8.AppendRune(b, d)
		}
	}
	return b
}

// foldTable folds the letters of French and its neighbours.
var foldTable = func() map[rune]string {
	m := map[rune]string{'œ': "oe", 'Œ': "oe", 'æ': "ae", 'Æ': "ae", 'ß': "ss"}
	for _, p := range []string{"àáâãäåa", "ÀÁÂÃÄÅa", "çc", "Çc", "èéêëe", "ÈÉÊËe", "ìíîïi", "ÌÍÎÏi", "ñn", "Ñn", "òóôõöo", "ÒÓÔÕÖo", "ùúûüu", "ÙÚÛÜu", "ýÿy", "Ýy"} {
		rs := []rune(p)
		for _, r := range rs[:len(rs)-1] {
			m[r] = string(rs[len(rs)-1])
		}
	}
	return m
}()

// minStem is a minimal French stemmer on a folded word, after Lucene's
// FrenchMinimalStemmer: it removes the plural (-s, -x, -aux -> -al) of words
// of four letters or more, then, from words still six letters long, a final
// -r, -e and doubled letter (signataire/signataires, présidente/président).
// Unlike Lucene's, it strips the plural before measuring the word, so that
// "maires" meets "maire" while "mairie" stays apart.
func minStem(w []byte) []byte {
	n := len(w)
	if n < 4 || utf8.RuneCount(w) < 4 {
		return w
	}
	switch {
	case n >= 5 && w[n-3] == 'a' && w[n-2] == 'u' && w[n-1] == 'x':
		w[n-2] = 'l'
		return w[:n-1]
	case w[n-1] == 'x':
		return w[:n-1]
	case w[n-1] == 's' && w[n-2] != 's':
		n--
	}
	if utf8.RuneCount(w[:n]) < 6 {
		return w[:n]
	}
	if w[n-1] == 'r' {
		n--
	}
	if w[n-1] == 'e' {
		n--
	}
	if w[n-1] == w[n-2] {
		n--
	}
	return w[:n]
}

// foldAccents removes combining marks and spells ligatures out: "Dôle" ->
// "Dole", "cœur" -> "coeur".
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
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
