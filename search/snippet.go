package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"html"
	"strings"
	"unicode/utf8"
)

// Snippet sizes, in tokens and bytes.
const (
	snippetTokens = 36
	snippetBytes  = 240
	snippetChunk  = 2048
)

// snippet returns an HTML-escaped extract of text around the densest cluster
// of query terms, with each matching word in <mark>. Without terms it is the
// beginning of the text.
func (s *Service) snippet(text string, terms map[string]bool) string {
	if text == "" {
		return ""
	}
	if len(terms) == 0 {
		return html.EscapeString(cut(text, 0, snippetBytes))
	}
	// Analyse the text a chunk at a time, and stop once a window holds
	// every term: most snippets come from the first kilobytes.
	var toks analysis.TokenStream
	var hits []int // indexes into toks of matching tokens
	found := map[string]bool{}
	for off := 0; off < len(text); {
		end := off + snippetChunk
		if end >= len(text) {
			end = len(text)
		} else if sp := strings.IndexAny(text[end:], " \n\t"); sp >= 0 {
			end += sp
		} else {
			end = len(text)
		}
		for _, t := range s.ix.Analyze(text[off:end]) {
			t.Start += off
			t.End += off
			if terms[string(t.Term)] {
				hits = append(hits, len(toks))
				found[string(t.Term)] = true
			}
			toks = append(toks, t)
		}
		off = end
		if len(found) == len(terms) && toks[len(toks)-1].End-toks[hits[0]].Start > snippetBytes {
			break
		}
	}
	if len(hits) == 0 {
		return html.EscapeString(cut(text, 0, snippetBytes))
	}
	// The window of snippetTokens tokens with the most distinct terms.
	best, bestScore := 0, -1
	for a := range hits {
		distinct := map[string]bool{}
		for b := a; b < len(hits) && hits[b]-hits[a] < snippetTokens; b++ {
			distinct[string(toks[hits[b]].Term)] = true
		}
		score := len(distinct)*100 - hits[a]/64 // prefer earlier windows on ties
		if score > bestScore {
			best, bestScore = a, score
		}
	}
	first := hits[best]
	startTok := max(first-4, 0)
	start := toks[startTok].Start
	if startTok == 0 {
		start = 0
	}
	end := start + snippetBytes
	if end >= len(text) {
		end = len(text)
	} else {
		end = wordEnd(text, end)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("… ")
	}
	pos := start
	for _, i := range hits[best:] {
		t := toks[i]
		if t.Start >= end {
			break
		}
		if t.End > end {
			break
		}
		b.WriteString(html.EscapeString(text[pos:t.Start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[t.Start:t.End]))
		b.WriteString("</mark>")
		pos = t.End
	}
	b.WriteString(html.EscapeString(text[pos:end]))
	if end < len(text) {
		b.WriteString(" …")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// cut returns about n bytes of s from start, ending at a word boundary.
func cut(s string, start, n int) string {
	if start+n >= len(s) {
		return strings.Join(strings.Fields(s[start:]), " ")
	}
	end := wordEnd(s, start+n)
	return strings.Join(strings.Fields(s[start:end]), " ") + " …"
}

// wordEnd returns the end of the word at byte i, on a rune boundary.
func wordEnd(s string, i int) int {
	for i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	for i < len(s) && s[i] != ' ' && s[i] != '\n' && i-0 < len(s) {
		_, n := utf8.DecodeRuneInString(s[i:])
		i += n
	}
	return i
}
