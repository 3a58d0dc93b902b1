package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageContent is what the HTML layer finds on a page, before any French
// text analysis.
type pageContent struct {
	Title     string // article title
	Text      string // main text without page chrome, paragraphs separated by "\n"
	Published string // publication date at the page's precision ("2024-05-27", "2019-03") or ""
	SiteName  string // og:site_name or publisher name, if the page gives one
	Canonical string // rel=canonical or og:url, absolute, if the page gives one
	Lang      string // html lang attribute
	Article   bool   // the page is an article, not a listing, home or service page
}

// maxNodes bounds the work on one page: deeper or larger documents are
// cut, never a hang.
const maxNodes = 200000

// parsePage extracts the title, main text and publication date of an HTML page.
func parsePage(body []byte, pageURL string) (pageContent, error) {
	return parsePageAt(body, pageURL, time.Time{})
}

// parsePageAt is parsePage with the fetch time, after which no date is a
// publication date (zero: no bound).
func parsePageAt(body []byte, pageURL string, now time.Time) (pageContent, error) {
	root, err := html.ParseWithOptions(bytes.NewReader(body), html.ParseOptionEnableScripting(false))
	if err != nil {
		return pageContent{}, fmt.Errorf("parse html: %w", err)
	}
	doc := goquery.NewDocumentFromNode(root)
	var pc pageContent
	pc.Lang, _ = doc.Find("html").Attr("lang")
	ld := jsonLD(doc)
	meta := indexMeta(doc)
	pc.SiteName = firstNonEmpty(metaContent(meta, `meta[property="og:site_name"]`), ld.publisher)
	pc.Canonical = firstNonEmpty(attr(doc, `link[rel="canonical"]`, "href"), metaContent(meta, `meta[property="og:url"]`))
	if pc.Canonical != "" {
		if base, err := url.Parse(pageURL); err == nil {
			if u, err := base.Parse(pc.Canonical); err == nil {
				pc.Canonical = u.String()
			}
		}
	}
	pc.Title = pageTitle(doc, meta, ld, pc.SiteName)
	pc.Published = publishedDate(doc, meta, ld, pageURL, now)
	pc.Text = cleanLines(mainText(doc))
	pc.Article = isArticle(doc, meta, ld, pageURL, pc)
	if len(pc.Published) < len("2006-01-02") {
		text := pageText(doc)
		if v, _, _ := visiblePublished(text); v != "" && plausible(v, now) && strings.HasPrefix(v, pc.Published) {
			// The page's own publication line, at its own precision.
			pc.Published = v
		} else if v := scriptDate(body, now); v != "" && strings.HasPrefix(v, pc.Published) {
			pc.Published = v
		} else {
			if v := scanPublished(text, pc.Published, now); v != "" {
				pc.Published = v
			}
		}
	}
	return pc, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// metaIndex holds the page's <meta> contents by attribute and value, as
// `name="date"` or `property="og:title"`, the first of each.
type metaIndex map[string]string

// indexMeta reads every <meta> element of the page in one pass.
func indexMeta(doc *goquery.Document) metaIndex {
	m := metaIndex{}
	doc.Find("meta").Each(func(_ int, s *goquery.Selection) {
		n := s.Nodes[0]
		content, ok := s.Attr("content")
		if !ok {
			return
		}
		for _, a := range n.Attr {
			if a.Key == "name" || a.Key == "property" || a.Key == "itemprop" {
				k := a.Key + `="` + a.Val + `"`
				if _, seen := m[k]; !seen {
					m[k] = strings.TrimSpace(content)
				}
			}
		}
	})
	return m
}

// metaContent returns the content of the meta element the selector
// meta[attr="value"] names, or "".
func metaContent(m metaIndex, sel string) string {
	return m[strings.TrimSuffix(strings.TrimPrefix(sel, "meta["), "]")]
}

func attr(doc *goquery.Document, sel, name string) string {
	return strings.TrimSpace(doc.Find(sel).First().AttrOr(name, ""))
}

// ldInfo is what JSON-LD tells of the page.
type ldInfo struct {
	headline, published, publisher string
	article                        bool // a NewsArticle, BlogPosting, Report...
}

// jsonLD reads the JSON-LD blocks of the page (including @graph arrays)
// and keeps the article's headline, datePublished and publisher.
func jsonLD(doc *goquery.Document) ldInfo {
	var info ldInfo
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v any
		if json.Unmarshal([]byte(s.Text()), &v) != nil {
			return
		}
		walkLD(v, &info, 0)
	})
	return info
}

func walkLD(v any, info *ldInfo, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			walkLD(e, info, depth+1)
		}
	case map[string]any:
		typ := fmt.Sprint(x["@type"])
		article := strings.Contains(typ, "Article") || strings.Contains(typ, "Posting") || strings.Contains(typ, "Report") || strings.Contains(typ, "WebPage")
		if article {
			if strings.Contains(typ, "Article") || strings.Contains(typ, "Posting") || strings.Contains(typ, "Report") {
				info.article = true
			}
			if h, ok := x["headline"].(string); ok && info.headline == "" {
				info.headline = h
			}
			if d, ok := x["datePublished"].(string); ok && (info.published == "" || !strings.Contains(typ, "WebPage")) {
				if info.published == "" || strings.Contains(typ, "Article") {
					info.published = d
				}
			}
			if p, ok := x["publisher"].(map[string]any); ok && info.publisher == "" {
				if n, ok := p["name"].(string); ok {
					info.publisher = n
				}
			}
		}
		if g, ok := x["@graph"]; ok {
			walkLD(g, info, depth+1)
		}
		if m, ok := x["mainEntity"]; ok {
			walkLD(m, info, depth+1)
		}
	}
}

// pageTitle returns the article's title: og:title, JSON-LD headline, the
// first h1, or <title> without its " - Site" suffix.
func pageTitle(doc *goquery.Document, meta metaIndex, ld ldInfo, site string) string {
	t := firstNonEmpty(metaContent(meta, `meta[property="og:title"]`), ld.headline, squash(doc.Find("h1").First().Text()))
	if t == "" {
		t = squash(doc.Find("title").First().Text())
	}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: "} {
		if i := strings.LastIndex(t, sep); i > 0 {
			tail := strings.TrimSpace(t[i+len(sep):])
			if site != "" && strings.EqualFold(tail, site) || len(tail) < 30 && i > 15 {
				t = strings.TrimSpace(t[:i])
				break
			}
		}
	}
	return squash(t)
}

// squash collapses runs of white space (Unicode white space included,
// such as no-break spaces) into one space and trims the ends.
func squash(s string) string {
	var b []byte
	space, started := false, false
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			space = true
		} else {
			if b == nil {
				b = make([]byte, 0, len(s))
			}
			if space && started {
				b = append(b, ' ')
			}
			space, started = false, true
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// Publication date.

var (
	pubMetaSelectors = []string{
		`meta[property="article:published_time"]`, `meta[name="article:published_time"]`,
		`meta[property="og:published_time"]`, `meta[name="pubdate"]`, `meta[name="publishdate"]`,
		`meta[name="publish-date"]`, `meta[name="publication_date"]`, `meta[name="date"]`,
		`meta[name="DC.date.issued"]`, `meta[name="dc.date.issued"]`, `meta[name="DC.date"]`, `meta[name="dc.date"]`,
		`meta[name="dcterms.date"]`, `meta[name="dcterms.created"]`, `meta[name="sailthru.date"]`,
		`meta[name="parsely-pub-date"]`, `meta[property="article:published"]`, `meta[name="citation_publication_date"]`,
		`meta[name="Date"]`, `meta[itemprop="datePublished"]`, `meta[name="original-publish-date"]`, `meta[name="cXenseParse:recs:publishtime"]`,
	}
	// One separator throughout: "/2023/10/03/", "/2023-10-03-titre"; in
	// "/2023/10/3-fragen/" the 3 begins a slug.
	urlDateRe  = regexp.MustCompile(`/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$|\.)|/((?:19|20)\d\d)-([01]?\d)-([0-3]?\d)(?:[-/]|$|\.)`)
	urlMonthRe = regexp.MustCompile(`/((?:19|20)\d\d)/([01]\d)/`)
	isoLikeRe  = regexp.MustCompile(`((?:19|20)\d\d)-([01]\d)-([0-3]\d)|((?:19|20)\d\d)([01]\d)([0-3]\d)T`)
	dmyRe      = regexp.MustCompile(`\b([0-3]?\d)[./]([01]?\d)[./]((?:19|20)\d\d)\b`)
	enDateRe   = regexp.MustCompile(`(?i)\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	enDate2Re  = regexp.MustCompile(`(?i)\b([0-3]?\d)(?:st|nd|rd|th)?\.?\s+(January|February|March|April|May|June|July|August|September|October|November|December|Januar|Februar|März|Mai|Juni|Juli|Oktober|Dezember)\s+((?:19|20)\d\d)\b`)
)

var enMonths = map[string]int{"january": 1, "jan": 1, "januar": 1, "february": 2, "feb": 2, "februar": 2, "march": 3, "mar": 3, "märz": 3,
	"april": 4, "apr": 4, "may": 5, "mai": 5, "june": 6, "jun": 6, "juni": 6, "july": 7, "jul": 7, "juli": 7, "august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "oktober": 10, "november": 11, "nov": 11, "december": 12, "dec": 12, "dezember": 12}

// publishedDate finds the original publication date: JSON-LD, meta tags,
// <time> elements, the URL, then dates written near the top of the page.
func publishedDate(doc *goquery.Document, meta metaIndex, ld ldInfo, pageURL string, now time.Time) string {
	// A full date in the URL is the most reliable: sites put the
	// original publication day there and never change it.
	if v := urlDay(pageURL); v != "" && plausible(v, now) {
		return v
	}
	cands := []string{ld.published}
	for _, sel := range pubMetaSelectors {
		cands = append(cands, metaContent(meta, sel))
	}
	doc.Find(`[itemprop="datePublished"]`).Each(func(_ int, s *goquery.Selection) {
		cands = append(cands, s.AttrOr("datetime", s.AttrOr("content", s.Text())))
	})
	for _, c := range cands {
		if v := isoDate(c); v != "" && plausible(v, now) {
			return v
		}
	}
	// <time> marked as publication, then the first <time> of the article,
	// in page order; none inside asides, navigation, footers, comments or
	// lists of other articles. A <time> that shows its own publication
	// line ("Publié le 29 juin 2019") is read by what it shows.
	var marked, all []string
	doc.Find("time").Each(func(_ int, s *goquery.Selection) {
		if s.Closest(`aside, nav, footer, [class*="comment"], [class*="sidebar"], [class*="related"], [class*="widget"]`).Length() > 0 || servedDay(s, s.Text()) {
			return
		}
		dt, text := s.AttrOr("datetime", ""), s.Text()
		cand := []string{dt, text}
		if v, start, end := visiblePublished(text); v != "" {
			cand = []string{text[start:end], dt}
		}
		mark := strings.ToLower(s.AttrOr("class", "") + s.AttrOr("itemprop", "") + s.AttrOr("pubdate", "x"))
		if strings.Contains(mark, "modif") || strings.Contains(mark, "update") {
			return
		}
		all = append(all, cand...)
		if _, pub := s.Attr("pubdate"); pub || strings.Contains(mark, "publi") || strings.Contains(mark, "created") {
			marked = append(marked, cand...)
		}
	})
	// Marks on times of several days (a list of articles) single out none.
	days := map[string]bool{}
	for _, c := range marked {
		if v := isoDate(c); v != "" {
			days[v] = true
		}
	}
	timeCand := all
	if len(days) <= 1 {
		timeCand = append(marked, all...)
	}
	for _, c := range timeCand {
		if v := firstNonEmpty(isoDate(c), textDate(c)); v != "" && plausible(v, now) {
			return v
		}
	}
	if u, err := url.Parse(pageURL); err == nil {
		if m := urlDateRe.FindStringSubmatch(u.Path); m != nil {
			if m[1] == "" {
				m = m[3:]
			}
			if v := ymd(m[1], m[2], m[3]); v != "" && plausible(v, now) {
				return v
			}
		}
	}
	// Elements whose class or id speaks of a date, near the top.
	var v string
	doc.Find(`[class*="date"], [id*="date"], [class*="time"], [class*="publi"], [class*="meta"], [class*="byline"], [class*="info"]`).EachWithBreak(func(i int, s *goquery.Selection) bool {
		if i > 60 {
			return false
		}
		cls := strings.ToLower(s.AttrOr("class", "") + s.AttrOr("id", ""))
		if strings.Contains(cls, "modif") || strings.Contains(cls, "update") || strings.Contains(cls, "comment") {
			return true
		}
		t := squash(s.Text())
		if len(t) > 200 {
			return true
		}
		if servedDay(s, t) {
			return true
		}
		if d := firstNonEmpty(textDate(t), isoDate(t)); d != "" && plausible(d, now) {
			v = d
			return false
		}
		return true
	})
	if v != "" {
		return v
	}
	if u, err := url.Parse(pageURL); err == nil {
		if m := urlMonthRe.FindStringSubmatch(u.Path); m != nil {
			if v := fmt.Sprintf("%s-%s", m[1], m[2]); plausible(v, now) {
				return v
			}
		}
	}
	return ""
}

// servedDay reports whether s, showing text, is the day the page was
// served: a date led by its weekday ("lun. 5 août 2019", "Mittwoch, 01.
// November 2023") in the page's banner, a header that holds the site
// navigation and no article.
func servedDay(s *goquery.Selection, text string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	if !weekdayNames[strings.ToLower(strings.Trim(first, ".,"))] {
		return false
	}
	h := s.Closest("header")
	if h.Length() == 0 || s.Closest("article").Length() > 0 {
		return false
	}
	return h.Find(`nav, [role="navigation"], [id*="nav"], [class*="nav"], [class*="menu"]`).Length() > 0
}

// isoDate reads an ISO 8601 date or date-time, at day precision.
func isoDate(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if m := isoLikeRe.FindStringSubmatch(s); m != nil {
		if m[1] != "" {
			return ymd(m[1], m[2], m[3])
		}
		return ymd(m[4], m[5], m[6])
	}
	if t, err := time.Parse(time.RFC1123Z, s); err == nil {
		return t.Format("2006-01-02")
	}
	if t, err := time.Parse(time.RFC1123, s); err == nil {
		return t.Format("2006-01-02")
	}
	return ""
}

// textDate reads a date written out: "27/05/2024", "15 mai 2024",
// "May 15, 2024", "15. Mai 2024".
func textDate(s string) string {
	if m := dmyRe.FindStringSubmatch(s); m != nil {
		return ymd(m[3], m[2], m[1])
	}
	if m := dayMonthRe.re.FindStringSubmatch(s); m != nil && m[4] != "" {
		day := 1
		fmt.Sscanf(strings.TrimRight(strings.ToLower(m[2]), "erp"), "%d", &day)
		return ymd(m[4], fmt.Sprint(months[strings.TrimSuffix(strings.ToLower(m[3]), ".")]), fmt.Sprint(day))
	}
	if m := enDateRe.FindStringSubmatch(s); m != nil {
		return ymd(m[3], fmt.Sprint(enMonths[strings.ToLower(m[1])]), m[2])
	}
	if m := enDate2Re.FindStringSubmatch(s); m != nil {
		return ymd(m[3], fmt.Sprint(enMonths[strings.ToLower(m[2])]), m[1])
	}
	return ""
}

func ymd(y, m, d string) string {
	var yi, mi, di int
	fmt.Sscanf(y, "%d", &yi)
	fmt.Sscanf(m, "%d", &mi)
	fmt.Sscanf(d, "%d", &di)
	if t, ok := mkDate(yi, mi, di); ok {
		return t.Format("2006-01-02")
	}
	return ""
}

// plausible rejects dates before 1995 and after now (when now is known).
func plausible(v string, now time.Time) bool {
	r := parseRef(v)
	if r.prec == 0 || r.t.Year() < 1995 {
		return false
	}
	return now.IsZero() || !r.t.After(now.AddDate(0, 0, 1))
}

// Main text.

var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true, atom.Pre: true, atom.Section: true, atom.Article: true,
	atom.Main: true, atom.Header: true, atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true, atom.Hr: true, atom.Br: true, atom.Tbody: true,
	atom.Center: true, atom.Details: true, atom.Summary: true,
}

// textOf returns the text of a node without chrome, whitespace squashed.
func textOf(n *html.Node, depth int) string {
	var b strings.Builder
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		if depth > 200 || b.Len() > 1<<20 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if isChrome(n) {
				return
			}
			fallthrough
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c, depth+1)
			}
		}
	}
	rec(n, depth)
	return squash(b.String())
}

// linkDensity is the share of an element's text inside links.
func linkDensity(n *html.Node) float64 {
	total := len(textOf(n, 0))
	if total == 0 {
		return 0
	}
	links := 0
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		if depth > 100 {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.A {
			links += len(textOf(n, 0))
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth+1)
		}
	}
	rec(n, 0)
	return min(float64(links)/float64(total), 1)
}

// render writes the text of a container, one block a line, leaving out
// chrome and lines that are mostly links.
func render(root *html.Node) string {
	var lines []string
	var cur strings.Builder
	var curLinks int
	flush := func() {
		line := squash(cur.String())
		if line != "" {
			if !(curLinks*2 > len(line) && len(line) < 200) {
				lines = append(lines, line)
			}
		}
		cur.Reset()
		curLinks = 0
	}
	count := 0
	var rec func(n *html.Node, depth int, inLink bool)
	rec = func(n *html.Node, depth int, inLink bool) {
		count++
		if count > maxNodes || depth > 200 {
			return
		}
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			if inLink {
				curLinks += len(strings.TrimSpace(n.Data))
			}
			return
		case html.ElementNode:
			if isChrome(n) && n != root {
				return
			}
			if n.DataAtom == atom.A {
				inLink = true
			}
			block := blockAtoms[n.DataAtom]
			if block {
				flush()
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				rec(c, depth+1, inLink)
			}
			if block {
				flush()
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth+1, inLink)
		}
	}
	rec(root, 0, false)
	flush()
	return strings.Join(lines, "\n")
}

// pageText is the visible text of the whole page (chrome included), for
// publication lines outside the article ("Publié le ...").
func pageText(doc *goquery.Document) string {
	body := doc.Find("body").Nodes
	if len(body) == 0 {
		return ""
	}
	var b strings.Builder
	count := 0
	var rec func(n *html.Node, depth int)
	rec = func(n *html.Node, depth int) {
		count++
		if count > maxNodes || depth > 200 || b.Len() > 200000 {
			return
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Noscript) {
			return
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		if n.Type == html.ElementNode && blockAtoms[n.DataAtom] {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c, depth+1)
		}
	}
	rec(body[0], 0)
	return b.String()
}

// serviceTitles are the pages of a site that are not articles.
var serviceTitles = regexp.MustCompile(`(?i)mentions l[ée]gales|contact|qui sommes-nous|plan du site|cookies|accessibilit[ée]|confidentialit[ée]|conditions g[ée]n[ée]rales|cgu|recherche|connexion|newsletter|abonnement|page \d+|^accueil$|^archives?$`)

// isArticle tells an article from a home page, a listing or a service
// page: the page says so (og:type, JSON-LD), or it has enough text of its
// own, few headline links, and neither the site's root path nor a service
// title.
func isArticle(doc *goquery.Document, meta metaIndex, ld ldInfo, pageURL string, pc pageContent) bool {
	if serviceTitles.MatchString(pc.Title) {
		return false
	}
	u, err := url.Parse(pageURL)
	if err == nil && (u.Path == "" || u.Path == "/") && u.RawQuery == "" {
		return false
	}
	ogType := strings.ToLower(strings.TrimSpace(metaContent(meta, `meta[property="og:type"]`)))
	if ld.article || ogType == "article" {
		return true
	}
	if err == nil && listingPath.MatchString(u.Path) {
		return false // "/tag/grand-dole/", "/categorie/economie/page/2/"
	}
	if len(pc.Text) < 600 {
		return false
	}
	headlines := doc.Find("h2 a, h3 a, h4 a").Length()
	if ogType == "website" && headlines > 0 {
		// The page calls itself a website, not an article, and lists
		// headlines that link elsewhere: a section, tag or news listing.
		return false
	}
	return headlines < 4
}

// listingPath matches the paths of tag, category, author, archive and
// pagination pages.
var listingPath = regexp.MustCompile(`(?i)/(?:tags?|etiquettes?|étiquettes?|mots-cles|mot-cle|categor(?:y|ie|ies)|rubriques?|themes?|thematiques?|auteurs?|authors?|archives?|recherche|search)(?:/[^/]*)?/?$|/page/\d+/?$`)
