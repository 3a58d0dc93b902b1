package extract

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"
)

// lowerASCII lower-cases the ASCII letters of s, keeping byte offsets.
func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 32
		}
	}
	return string(b)
}

// lowered is a text with its ASCII letters lower-cased (offsets are
// kept), and the positions of its words, for the gated regexps.
type lowered struct {
	s     string
	words map[string][]int // built on first use
}

func newLowered(text string) *lowered { return &lowered{s: lowerASCII(text)} }

// wordAt returns the positions where k stands as a whole word: a maximal
// run of letters (isLetterByte). It reports false when k is not made of
// letters only, for the caller to search it otherwise.
func (l *lowered) wordAt(k string) ([]int, bool) {
	for i := range len(k) {
		if !isLetterByte(k, i) {
			return nil, false
		}
	}
	if l.words == nil {
		l.words = make(map[string][]int)
		s := l.s
		for i := 0; i < len(s); {
			if !isLetterByte(s, i) {
				i++
				continue
			}
			j := i + 1
			for j < len(s) && isLetterByte(s, j) {
				j++
			}
			w := s[i:j]
			l.words[w] = append(l.words[w], i)
			i = j
		}
	}
	return l.words[k], true
}

// gatedRe is a regexp run only around the places where one of its
// keywords occurs: most of a page never reaches the backtracker.
type gatedRe struct {
	re            *regexp.Regexp
	lre           *regexp.Regexp // re for ASCII-lowered text, when re ignores case; else nil
	keys          []string       // lower-case (ASCII-lowered) keywords, one of which every match contains
	whole         bool           // keywords count only as whole words
	before, after int            // bytes of text examined before and after a keyword
}

func gated(expr string, keys ...string) gatedRe {
	return gatedRe{re: regexp.MustCompile(expr), lre: forLowered(expr), keys: keys, before: windowBefore, after: windowAfter}
}

// gatedWords is gated with keywords that must stand as whole words.
func gatedWords(expr string, keys ...string) gatedRe {
	g := gated(expr, keys...)
	g.whole = true
	return g
}

// forLowered returns, for a case-insensitive expr, a regexp that matches
// the same spans of lowerASCII(text) that expr matches in text, and nil
// for other expressions. Its ASCII literals are lower-case and
// case-sensitive: the matcher compares them byte for byte instead of
// folding every rune, which is most of the cost of a case-insensitive
// regexp. Non-ASCII literals still fold ("É" is left as it is by
// lowerASCII).
func forLowered(expr string) *regexp.Regexp {
	if !strings.HasPrefix(expr, "(?i)") {
		return nil
	}
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		panic(err)
	}
	var lower func(*syntax.Regexp)
	lower = func(r *syntax.Regexp) {
		if r.Op == syntax.OpLiteral && r.Flags&syntax.FoldCase != 0 {
			ascii := true
			for _, c := range r.Rune {
				ascii = ascii && c < utf8.RuneSelf
			}
			if ascii {
				for i, c := range r.Rune {
					if 'A' <= c && c <= 'Z' {
						r.Rune[i] = c + 'a' - 'A'
					}
				}
				r.Flags &^= syntax.FoldCase
			}
		}
		for _, sub := range r.Sub {
			lower(sub)
		}
	}
	lower(re)
	return regexp.MustCompile(re.String())
}

// within narrows the windows to what a match can span: a match starts at
// most before bytes ahead of its keyword and ends at most after bytes past
// the keyword's start. The backtracker's work grows with the window, and
// the keywords of common words ("site", "mai", "conseil") open many.
func (g gatedRe) within(before, after int) gatedRe {
	g.before, g.after = before, after
	return g
}

func isLetterByte(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return false
	}
	c := s[i]
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// windowBefore and windowAfter bound the text examined around a keyword.
const windowBefore, windowAfter = 80, 200

// FindAllStringSubmatchIndex is regexp's, on the windows around keywords
// of lower (lowerASCII of text).
func (g gatedRe) FindAllStringSubmatchIndex(text string, lw *lowered) [][]int {
	var hits []int
	lower := lw.s
	for _, k := range g.keys {
		if g.whole {
			if at, ok := lw.wordAt(k); ok {
				hits = append(hits, at...)
				continue
			}
		}
		for from := 0; ; {
			i := strings.Index(lower[from:], k)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(k)
			if g.whole && (isLetterByte(lower, at-1) || isLetterByte(lower, at+len(k))) {
				continue
			}
			hits = append(hits, at)
		}
	}
	if g.lre != nil {
		return inWindows(g.lre, lw.s, hits, g.before, g.after)
	}
	return inWindows(g.re, text, hits, g.before, g.after)
}

// inWindows runs re on the windows of text around the sorted or unsorted
// positions hits (before bytes ahead, after bytes past each), merged where
// they overlap, and returns the matches with offsets into text.
func inWindows(re *regexp.Regexp, text string, hits []int, before, after int) [][]int {
	if len(hits) == 0 {
		return nil
	}
	sort.Ints(hits)
	var out [][]int
	start, end := -1, -1
	flush := func() {
		if start < 0 {
			return
		}
		for _, m := range re.FindAllStringSubmatchIndex(text[start:end], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += start
				}
			}
			out = append(out, m)
		}
	}
	for _, h := range hits {
		s, e := wordStart(text, max(0, h-before)), wordEnd(text, min(len(text), h+after))
		if start >= 0 && s <= end {
			end = max(end, e)
			continue
		}
		flush()
		start, end = s, e
	}
	flush()
	return out
}

// numericDateRe is a regexp of dates written with digits ("2024-05-15",
// "27.05.24"), run only around a digit, separator, digit sequence.
type numericDateRe struct{ re *regexp.Regexp }

// FindAllStringSubmatchIndex is regexp's, on the windows around each
// separator between digits: a date starts at most 4 bytes before one and
// ends at most 8 bytes after it.
func (n numericDateRe) FindAllStringSubmatchIndex(text string) [][]int {
	var hits []int
	for i := 1; i+1 < len(text); i++ {
		c := text[i]
		if (c == '-' || c == '.' || c == '/') && isDigit(text[i-1]) && isDigit(text[i+1]) {
			hits = append(hits, i)
		}
	}
	return inWindows(n.re, text, hits, 5, 9)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// FindAllStringIndex returns the whole-match ranges.
func (g gatedRe) FindAllStringIndex(text string, lower *lowered) [][]int {
	ms := g.FindAllStringSubmatchIndex(text, lower)
	for i, m := range ms {
		ms[i] = m[:2]
	}
	return ms
}

// wordStart moves i back to the start of a line or after a space, so a
// window never begins inside a word.
func wordStart(s string, i int) int {
	for i > 0 && s[i-1] != ' ' && s[i-1] != '\n' {
		i--
	}
	return i
}

// wordEnd moves i forward to a space or the end.
func wordEnd(s string, i int) int {
	for i < len(s) && s[i] != ' ' && s[i] != '\n' {
		i++
	}
	return i
}
