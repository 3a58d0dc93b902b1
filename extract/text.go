package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// token is a word of the text with its byte offsets.
type token struct {
	s          string // as written
	start, end int
	sent       int  // index of its sentence
	cap        bool // starts with an upper-case letter
	upper      bool // all letters upper case (two letters at least)
	punct      bool // a punctuation mark
}

// tokenize splits text into words and punctuation marks. An elided article
// ("d'", "l’") is a token of its own, apostrophe included; hyphenated words
// stay whole. Sentences end at ".", "!", "?" and line breaks, except after
// titles and initials ("M.", "J.").
func tokenize(text string) []token {
	var toks []token
	sent := 0
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == '\n':
			sent++
			i += size
		case unicode.IsSpace(r):
			i += size
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(text) {
				r2, s2 := utf8.DecodeRuneInString(text[j:])
				if unicode.IsLetter(r2) || unicode.IsDigit(r2) || r2 == '-' && j+s2 < len(text) && isWordRune(text[j+s2:]) {
					j += s2
					continue
				}
				if (r2 == '\'' || r2 == '’') && j > i {
					w := strings.ToLower(text[i:j])
					// Inside a hyphenated name the elision stays in the word:
					// "Le Bourg-d'Oisans", "Vitrai-sous-l'Aigle".
					if (strings.HasSuffix(w, "-d") || strings.HasSuffix(w, "-l")) && j+s2 < len(text) && isWordRune(text[j+s2:]) {
						j += s2
						continue
					}
					// Elision: "d'", "l’", "qu'": the article is a token.
					if elided[w] {
						j += s2
						break
					}
					// Any other apostrophe between letters belongs to the
					// word: "Mov’n Tec", "O'Neill", "aujourd’hui".
					if j+s2 < len(text) && isWordRune(text[j+s2:]) {
						j += s2
						continue
					}
				}
				break
			}
			if j == i {
				j = i + size
			}
			w := text[i:j]
			toks = append(toks, token{s: w, start: i, end: j, sent: sent, cap: isCap(w), upper: isUpper(w)})
			i = j
		default:
			toks = append(toks, token{s: text[i : i+size], start: i, end: i + size, sent: sent, punct: true})
			if (r == '.' || r == '!' || r == '?' || r == '…') && endsSentence(toks) {
				sent++
			}
			i += size
		}
	}
	return toks
}

var elided = map[string]bool{"d": true, "l": true, "qu": true, "n": true, "s": true, "j": true, "c": true, "m": true, "jusqu": true, "lorsqu": true, "puisqu": true}

func isWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// endsSentence reports whether the full stop just appended ends a sentence.
func endsSentence(toks []token) bool {
	if len(toks) < 2 {
		return true
	}
	prev := toks[len(toks)-2]
	if prev.punct {
		return true
	}
	w := prev.s
	if titles[strings.ToLower(w)] || utf8.RuneCountInString(w) == 1 && prev.cap {
		return false // "M.", "Mme.", "J. Dupont"
	}
	return true
}

var titles = map[string]bool{"m": true, "mme": true, "mmes": true, "mm": true, "mlle": true, "dr": true, "me": true, "pr": true, "st": true, "ste": true}

func isCap(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

func isUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			n++
		}
	}
	return n >= 2
}

// titleCase writes an ALL-CAPS or lower-case name part with normal
// capitalisation, keeping hyphenated parts: "BOURGEOIS-RÉPUBLIQUE" ->
// "Bourgeois-République".
func titleCase(w string) string {
	var b strings.Builder
	up := true
	for _, r := range w {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		up = r == '-' || r == '\'' || r == '’' || r == ' '
	}
	return b.String()
}

// fold lower-cases and strips accents, for comparisons.
func fold(s string) string {
	plain := true // ASCII without capitals: already folded
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] < 0x80 && (s[i] < 'A' || s[i] > 'Z')
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		if m, ok := accentFold[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var accentFold = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'ô': "o", 'ö': "o", 'ù': "u", 'û': "u", 'ü': "u", 'ÿ': "y",
	'œ': "oe", 'æ': "ae", '’': "'",
}

// span is a stretch of tokens [from, to).
type span struct{ from, to int }

// overlaps reports whether two spans share a token.
func (s span) overlaps(o span) bool { return s.from < o.to && o.from < s.to }
