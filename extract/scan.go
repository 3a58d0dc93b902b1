package extract

import (
	"regexp"
	"sort"
	"strings"
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

// gatedRe is a regexp run only around the places where one of its
// keywords occurs: most of a page never reaches the backtracker.
type gatedRe struct {
	re            *regexp.Regexp
	keys          []string // lower-case (ASCII-lowered) keywords, one of which every match contains
	whole         bool     // keywords count only as whole words
	before, after int      // bytes of text examined before and after a keyword
}

func gated(expr string, keys ...string) gatedRe {
	return gatedRe{re: regexp.MustCompile(expr), keys: keys, before: windowBefore, after: windowAfter}
}

// gatedWords is gated with keywords that must stand as whole words.
func gatedWords(expr string, keys ...string) gatedRe {
	return gatedRe{re: regexp.MustCompile(expr), keys: keys, whole: true, before: windowBefore, after: windowAfter}
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
func (g gatedRe) FindAllStringSubmatchIndex(text, lower string) [][]int {
	var hits []int
	for _, k := range g.keys {
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
		for _, m := range g.re.FindAllStringSubmatchIndex(text[start:end], -1) {
			for i := range m {
				if m[i] >= 0 {
					m[i] += start
				}
			}
			out = append(out, m)
		}
	}
	for _, h := range hits {
		s, e := wordStart(text, max(0, h-g.before)), wordEnd(text, min(len(text), h+g.after))
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

// FindAllStringIndex returns the whole-match ranges.
func (g gatedRe) FindAllStringIndex(text, lower string) [][]int {
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
