package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// chromeWords are the words of a class, id or role that mark page chrome:
// menus, cookie banners, share links, related articles, newsletter forms,
// comments, players and the like. A class token is split on "-" and "_"
// and matches when one of its words is here.
var chromeWords = map[string]bool{
	"nav": true, "navbar": true, "navigation": true, "menu": true, "menus": true, "breadcrumb": true, "breadcrumbs": true,
	"ariane": true, "cookie": true, "cookies": true, "consent": true, "gdpr": true, "rgpd": true, "share": true,
	"sharing": true, "partage": true, "social": true, "socials": true, "newsletter": true, "subscribe": true,
	"subscription": true, "abonnement": true, "related": true, "similar": true, "alire": true, "recommend": true,
	"recommended": true, "recommendations": true, "sidebar": true, "widget": true, "widgets": true, "footer": true,
	"masthead": true, "banner": true, "advert": true, "advertisement": true, "ad": true, "ads": true, "pub": true,
	"publicite": true, "promo": true, "sponsor": true, "sponsored": true, "comment": true, "comments": true,
	"commentaires": true, "respond": true, "reply": true, "tags": true, "tagcloud": true, "keywords": true,
	"pagination": true, "pager": true, "print": true, "toolbar": true, "skip": true, "popup": true, "modal": true,
	"overlay": true, "player": true, "jwplayer": true, "outbrain": true, "taboola": true,
	"signup": true, "login": true, "search": true, "recherche": true, "rating": true, "disqus": true, "copyright": true,
	"contentinfo": true, "complementary": true, "teaser": true, "teasers": true, "topbar": true, "offcanvas": true,
	"author": true, "authors": true, "byline": true, "bio": true, "caption": true, "credit": true, "credits": true,
	"meta": true, "trending": true, "popular": true, "mostread": true, "shariff": true, "donate": true, "donation": true,
	"autor": true, "auteur": true, "newsletters": true, "follow": true,
}

// chromePhrases are multi-word markers matched anywhere in a token.
var chromePhrases = []string{"lire-aussi", "lireaussi", "a-lire", "read-more", "readmore", "more-stories", "author-box", "fil-ariane", "post-navigation", "site-header", "site-footer"}

// postTokens are the class tokens that say a widget holds the post.
var postTokens = map[string]bool{"blog": true, "post": true, "posts": true, "article": true, "entry": true, "main": true}

// keepWords protect the article itself: a token naming the body of the
// article is never chrome.
var keepWords = []string{"article-body", "articlebody", "article__body", "article-content", "entry-content", "post-content", "post-body", "story-body", "main-content", "maincontent"}

var dropAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true, atom.Form: true,
	atom.Nav: true, atom.Footer: true, atom.Aside: true, atom.Button: true, atom.Select: true, atom.Input: true,
	atom.Textarea: true, atom.Template: true, atom.Object: true, atom.Embed: true, atom.Video: true, atom.Audio: true,
	atom.Canvas: true, atom.Label: true, atom.Menu: true, atom.Dialog: true, atom.Head: true, atom.Title: true,
	atom.Figcaption: true,
}

// neverChrome are the elements a class cannot turn into chrome.
var neverChrome = map[atom.Atom]bool{atom.Html: true, atom.Body: true, atom.Main: true, atom.Article: true, atom.P: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

// isChrome reports whether an element is page chrome by its tag, class,
// id, role or ARIA attributes.
func isChrome(n *html.Node) bool {
	for i := len(n.Attr) - 1; i >= 0; i-- {
		if n.Attr[i].Key == frameAttr {
			return false
		}
	}
	if dropAtoms[n.DataAtom] {
		return true
	}
	if neverChrome[n.DataAtom] {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id", "role", "data-component":
			if chromeAttr(a.Val) {
				return true
			}
		case "hidden":
			return true
		case "style":
			if strings.Contains(strings.ReplaceAll(a.Val, " ", ""), "display:none") {
				return true
			}
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}

// chromeAttr reports whether a class, id or role value names chrome.
func chromeAttr(v string) bool {
	if len(v) > 2000 {
		v = v[:2000]
	}
	lower := strings.ToLower(v)
	for _, k := range keepWords {
		if strings.Contains(lower, k) {
			return false
		}
	}
	// A widget that says it holds the post (Blogger's "widget Blog") is
	// the article's frame.
	postWidget := false
	for _, tok := range strings.Fields(lower) {
		if postTokens[tok] {
			postWidget = true
		}
	}
	for _, tok := range strings.Fields(lower) {
		if len(tok) > 60 {
			continue
		}
		// Page builders name every block of the page a widget.
		if strings.HasPrefix(tok, "elementor-") || strings.HasPrefix(tok, "et_pb_") || strings.HasPrefix(tok, "vc_") || strings.HasPrefix(tok, "wp-block-") {
			continue
		}
		// A BEM modifier ("l-outer--nav") says how a block looks, not
		// what it is.
		if i := strings.Index(tok, "--"); i > 0 {
			tok = tok[:i]
		}
		// Layout classes of the body or wrappers say what the page has,
		// not what the element is.
		if strings.HasPrefix(tok, "no-") || strings.HasPrefix(tok, "has-") || strings.HasPrefix(tok, "with-") || strings.HasPrefix(tok, "page-") || strings.HasPrefix(tok, "layout") || strings.Contains(tok, "content") {
			continue
		}
		// Taxonomy classes (WordPress "category-popular", "tag-share")
		// name the post's subjects, not the element's role.
		if strings.HasPrefix(tok, "category-") || strings.HasPrefix(tok, "tag-") || strings.HasPrefix(tok, "format-") || strings.HasPrefix(tok, "status-") || strings.HasPrefix(tok, "type-") {
			continue
		}
		for _, p := range chromePhrases {
			if strings.Contains(tok, p) {
				return true
			}
		}
		start := 0
		for i := 0; i <= len(tok); i++ {
			if i == len(tok) || tok[i] == '-' || tok[i] == '_' {
				if w := tok[start:i]; chromeWords[w] && !(postWidget && (w == "widget" || w == "widgets")) {
					return true
				}
				start = i + 1
			}
		}
	}
	return false
}
