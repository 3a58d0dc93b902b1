package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// mainText returns the article's text: the container with the most
// paragraph text (an <article>, [itemprop=articleBody] or the like when
// there is one with enough text), without chrome, one block a line.
func mainText(doc *goquery.Document) string {
	body := doc.Find("body").Nodes
	if len(body) == 0 {
		return ""
	}
	markFrames(body[0])
	// Explicit article containers first, when they hold at least half
	// of the page's paragraph text.
	bodyLen := paragraphLen(body[0], 0)
	for _, sel := range []string{`[itemprop="articleBody"]`, "article", `[class*="article-body"]`, `[class*="article__body"]`, `[class*="entry-content"]`, `[class*="post-content"]`, `[class*="article-content"]`, `[class*="field-name-body"]`, `[class*="field--name-body"]`, "main", `[role="main"]`, `#content`} {
		var best *html.Node
		bestLen := 0
		doc.Find(sel).Each(func(_ int, s *goquery.Selection) {
			n := s.Nodes[0]
			if l := paragraphLen(n, 0); l > bestLen {
				best, bestLen = n, l
			}
		})
		if best != nil && bestLen >= 400 && bestLen*2 >= bodyLen {
			if t := render(best); t != "" {
				return withLead(best, t)
			}
		}
	}
	// Otherwise the element whose direct paragraphs carry the most text.
	scores := map[*html.Node]float64{}
	var order []*html.Node // scored nodes in document order, for stable ties
	add := func(n *html.Node, sc float64) {
		if _, seen := scores[n]; !seen {
			order = append(order, n)
		}
		scores[n] += sc
	}
	count := 0
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		count++
		if count > maxNodes || depth > 200 {
			return
		}
		if n.Type == html.ElementNode && isChrome(n) {
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.P || n.DataAtom == atom.Pre || n.DataAtom == atom.Blockquote || n.DataAtom == atom.Td) {
			t := textOf(n, 0)
			l := len(t)
			if l >= 25 {
				sc := 1 + float64(strings.Count(t, ",")) + min(float64(l)/100, 3)
				sc *= 1 - linkDensity(n)
				if p := n.Parent; p != nil {
					add(p, sc)
					if gp := p.Parent; gp != nil {
						add(gp, sc/2)
					}
				}
			}
		} else if n.Type == html.ElementNode && textBlockAtoms[n.DataAtom] {
			// Text written straight into a block, lines split by <br>
			// (blog posts, old sites), counts as that block's paragraphs.
			if sc := directTextScore(n); sc > 0 {
				add(n, sc)
				if p := n.Parent; p != nil {
					add(p, sc/2)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(body[0], 0)
	var best *html.Node
	bestScore := 0.0
	for _, n := range order {
		if s := scores[n]; s > bestScore {
			best, bestScore = n, s
		}
	}
	if best == nil {
		return render(body[0])
	}
	// Siblings that score well belong to the same text (a lead, a second
	// column of paragraphs).
	if p := best.Parent; p != nil && best.DataAtom != atom.Body {
		var parts []string
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c == best || c.Type == html.ElementNode && !isChrome(c) && (scores[c] >= bestScore*0.1 || siblingParagraph(c)) {
				if t := render(c); t != "" {
					parts = append(parts, t)
				}
			}
		}
		if len(parts) > 0 {
			return withLead(best, strings.Join(parts, "\n"))
		}
	}
	if t := render(best); t != "" {
		return withLead(best, t)
	}
	return render(body[0])
}

// paragraphLen is the length of the text in the element's paragraphs.
func paragraphLen(n *html.Node, depth int) int {
	if depth > 200 || n.Type == html.ElementNode && isChrome(n) {
		return 0
	}
	if n.Type == html.ElementNode && n.DataAtom == atom.P {
		return len(textOf(n, 0))
	}
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		total += paragraphLen(c, depth+1)
	}
	return total
}

// textBlockAtoms are the blocks that may hold paragraphs as bare text.
var textBlockAtoms = map[atom.Atom]bool{atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.Center: true, atom.Dd: true}

// inlineAtoms are the elements that sit inside a line of text.
var inlineAtoms = map[atom.Atom]bool{atom.B: true, atom.I: true, atom.Em: true, atom.Strong: true, atom.Span: true,
	atom.Font: true, atom.U: true, atom.Small: true, atom.Sup: true, atom.Sub: true, atom.Abbr: true, atom.Q: true, atom.Cite: true}

// directTextScore scores the text an element holds outside its child
// blocks (its own text nodes and those of its inline children, links left
// out) as paragraphs split at <br>, the way paragraphs are scored.
func directTextScore(n *html.Node) float64 {
	score := 0.0
	var b strings.Builder
	flush := func() {
		if b.Len() >= 25 {
			if t := squash(b.String()); len(t) >= 25 {
				score += 1 + float64(strings.Count(t, ",")) + min(float64(len(t))/100, 3)
			}
		}
		b.Reset()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
		case c.Type == html.ElementNode && c.DataAtom == atom.Br:
			flush()
		case c.Type == html.ElementNode && inlineAtoms[c.DataAtom] && !isChrome(c):
			for cc := c.FirstChild; cc != nil; cc = cc.NextSibling {
				if cc.Type == html.TextNode {
					b.WriteString(cc.Data)
				}
			}
		}
	}
	flush()
	return score
}

// frameAttr marks an element whose class or tag names chrome but which
// frames the page: isChrome lets it through.
const frameAttr = "data-vigie-frame"

// markFrames finds the elements that look like chrome by their tag
// (a <form> around an ASP.NET page) or their class ("main-menu
// off-canvas-wrap", "content-wrapper right-sidebar", "entry share") but
// hold two fifths of the page's text or more with few links, and marks
// them as frames. Comment sections stay chrome however long they are.
func markFrames(body *html.Node) {
	type cand struct {
		n           *html.Node
		text, links int
	}
	var cands []cand
	count := 0
	var rec func(n *html.Node, depth int, inLink bool) (text, links int)
	rec = func(n *html.Node, depth int, inLink bool) (text, links int) {
		count++
		if count > maxNodes || depth > 200 {
			return 0, 0
		}
		if n.Type == html.TextNode {
			l := len(strings.TrimSpace(n.Data))
			if inLink {
				return l, l
			}
			return l, 0
		}
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return 0, 0
		}
		isCand := false
		if n.Type == html.ElementNode {
			if dropAtoms[n.DataAtom] && n.DataAtom != atom.Form {
				return 0, 0
			}
			isCand = n.DataAtom == atom.Form || isChrome(n) && !commentAttr(n)
			inLink = inLink || n.DataAtom == atom.A
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			t, l := rec(c, depth+1, inLink)
			text += t
			links += l
		}
		if isCand {
			cands = append(cands, cand{n, text, links})
		}
		return text, links
	}
	total, _ := rec(body, 0, false)
	if total < 200 {
		return
	}
	for _, c := range cands {
		if c.text*5 >= total*2 && c.links*2 < c.text {
			c.n.Attr = append(c.n.Attr, html.Attribute{Key: frameAttr})
		}
	}
}

// commentAttr reports whether an element's class or id names a comment
// section.
func commentAttr(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key == "class" || a.Key == "id" {
			v := strings.ToLower(a.Val)
			for _, w := range []string{"comment", "kommentar", "disqus", "respond", "reply", "reactions", "réactions"} {
				if strings.Contains(v, w) {
					return true
				}
			}
		}
	}
	return false
}

// siblingParagraph reports whether an element beside the best container
// is a paragraph of the same text: a long one with few links, or a
// shorter one ending a sentence.
func siblingParagraph(n *html.Node) bool {
	if n.DataAtom != atom.P {
		return false
	}
	t := textOf(n, 0)
	ld := linkDensity(n)
	return len(t) >= 80 && ld < 0.25 || len(t) > 0 && len(t) < 80 && ld == 0 && strings.HasSuffix(t, ".")
}

// leadWords are the class or id words of an article's lead (chapô,
// standfirst, teaser text, excerpt), often written outside its body.
var leadWords = map[string]bool{"lead": true, "intro": true, "introduction": true, "chapo": true, "chapeau": true,
	"standfirst": true, "excerpt": true, "summary": true, "description": true, "abstract": true, "teaser": true,
	"leadtext": true, "teasertext": true, "deck": true}

// isLead reports whether an element is marked as an article's lead.
func isLead(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "itemprop":
			if a.Val == "description" || a.Val == "abstract" {
				return true
			}
		case "class", "id":
			for _, tok := range strings.Fields(strings.ToLower(a.Val)) {
				if len(tok) > 60 {
					continue
				}
				for _, w := range strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' }) {
					if leadWords[w] {
						return true
					}
				}
			}
		}
	}
	return false
}

// withLead puts before the text of the container the article's lead
// when the page writes it before the container, near it (under one of
// its three nearest ancestors) and outside any chrome.
func withLead(container *html.Node, text string) string {
	var lead *html.Node
	anc := container
	for i := 0; i < 3 && lead == nil && anc.Parent != nil && anc.Parent.DataAtom != atom.Body; i++ {
		anc = anc.Parent
		if anc.Type == html.ElementNode && isChrome(anc) {
			break
		}
		done := false
		count := 0
		var rec func(n *html.Node, depth int)
		rec = func(n *html.Node, depth int) {
			count++
			if done || lead != nil || count > 5000 || depth > 50 {
				return
			}
			if n == container {
				done = true
				return
			}
			if n.Type != html.ElementNode {
				return
			}
			if isLead(n) && !dropAtoms[n.DataAtom] {
				lead = n
				return
			}
			if isChrome(n) {
				return
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c, depth+1)
			}
		}
		rec(anc, 0)
	}
	if lead == nil {
		return text
	}
	l := render(lead)
	if len(l) < 40 || linkDensity(lead) > 0.3 {
		return text
	}
	if head := l[:min(len(l), 60)]; strings.Contains(text, head) {
		return text
	}
	return l + "\n" + text
}
