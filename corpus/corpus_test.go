package corpus

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/temoto/robotstxt"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
)

const agent = "VigieTest"

// fetched is one decoded response.
type fetched struct {
	status  int
	header  http.Header
	raw     []byte // bytes on the wire
	body    string // decoded to UTF-8
	charset string
}

func fetch(tb testing.TB, client *http.Client, u string) fetched {
	tb.Helper()
	resp, err := client.Get(u)
	if err != nil {
		tb.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatalf("read %s: %v", u, err)
	}
	f := fetched{status: resp.StatusCode, header: resp.Header, raw: raw, body: string(raw), charset: "utf-8"}
	if _, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type")); err == nil && params["charset"] != "" {
		f.charset = strings.ToLower(params["charset"])
	}
	switch f.charset {
	case "utf-8":
		if !utf8.Valid(raw) {
			tb.Errorf("%s: declared utf-8 but bytes are not valid UTF-8", u)
		}
	case "windows-1252":
		dec, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			tb.Fatalf("%s: decode windows-1252: %v", u, err)
		}
		f.body = string(dec)
	default:
		tb.Errorf("%s: unexpected charset %q", u, f.charset)
	}
	return f
}

var spaces = regexp.MustCompile(`[ \t\r\n\f]+`)

// norm collapses HTML white space (not no-break spaces) and trims.
func norm(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

// visibleText is the text of the page's body without scripts, as goquery
// extracts it, normalised.
func visibleText(tb testing.TB, body string) string {
	tb.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		tb.Fatalf("parse html: %v", err)
	}
	doc.Find("script, style, head").Remove()
	return norm(doc.Text())
}

// seedParas returns the non-blank lines of an embedded seed, normalised.
func seedParas(id string) []string {
	var out []string
	for _, l := range seed(id) {
		if n := norm(l); strings.Trim(n, "\u00a0 ") != "" {
			out = append(out, n)
		}
	}
	return out
}

// crawl follows same-host links from "/" and returns the pages reached
// (path with query -> page), obeying robots.txt, plus every internal link
// seen, allowed or not.
type crawlResult struct {
	pages  map[string]fetched
	links  map[string]map[string]bool // target -> pages linking to it
	robots *robotstxt.RobotsData
}

func crawlSite(t *testing.T, srv *httptest.Server) crawlResult {
	t.Helper()
	base, _ := url.Parse(srv.URL)
	rb := fetch(t, srv.Client(), srv.URL+"/robots.txt")
	robots, err := robotstxt.FromBytes(rb.raw)
	if err != nil {
		t.Fatalf("robots.txt does not parse: %v", err)
	}
	res := crawlResult{pages: map[string]fetched{}, links: map[string]map[string]bool{}, robots: robots}
	queue := []string{"/"}
	for len(queue) > 0 {
		key := queue[0]
		queue = queue[1:]
		if _, seen := res.pages[key]; seen {
			continue
		}
		f := fetch(t, srv.Client(), srv.URL+key)
		res.pages[key] = f
		if f.status != http.StatusOK {
			t.Errorf("GET %s = %d, want 200 (linked from %v)", key, f.status, res.links[key])
			continue
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(f.body))
		if err != nil {
			t.Fatalf("parse %s: %v", key, err)
		}
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			from, _ := url.Parse(srv.URL + key)
			u, err := from.Parse(href)
			if err != nil || u.Host != base.Host || (u.Scheme != "http" && u.Scheme != "https") {
				return
			}
			target := u.EscapedPath()
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			if res.links[target] == nil {
				res.links[target] = map[string]bool{}
			}
			res.links[target][key] = true
			if robots.TestAgent(target, agent) {
				queue = append(queue, target)
			}
		})
	}
	return res
}

func siteArticles(slug string) []Article {
	var out []Article
	for _, a := range Articles() {
		if a.Site == slug {
			out = append(out, a)
		}
	}
	return out
}

func serve(t *testing.T, s Site) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(s.Handler)
	t.Cleanup(srv.Close)
	return srv
}

var siteTests = []struct {
	slug       string
	charset    string
	feedType   string
	disallowed string // a linked section robots.txt forbids, or ""
	paginated  string // listing page the article is reached through, or ""
	jsonLD     bool
	openGraph  bool
}{
	{slug: "fil-bourgogne", charset: "utf-8", feedType: "application/rss+xml", jsonLD: true, openGraph: true},
	{slug: "intercos-nord-est", charset: "utf-8", feedType: "application/rss+xml", disallowed: "/espace-adherents/", openGraph: true},
	{slug: "coeur-artois", charset: "utf-8", feedType: "application/atom+xml", paginated: "/actualites/page/2/", jsonLD: true, openGraph: true},
	{slug: "entreprendre-bfc", charset: "utf-8", feedType: "application/rss+xml"},
	{slug: "industrie-mag", charset: "windows-1252", feedType: "application/rss+xml", openGraph: true},
}

func siteBySlug(t *testing.T, slug string) Site {
	for _, s := range Sites() {
		if s.Slug == slug {
			return s
		}
	}
	t.Fatalf("no site %q", slug)
	return Site{}
}

func TestSitesAndArticles(t *testing.T) {
	sites := Sites()
	if len(sites) != len(siteTests) {
		t.Fatalf("Sites() returns %d sites, want %d", len(sites), len(siteTests))
	}
	seeds := map[string]bool{}
	for i, s := range sites {
		if s.Slug != siteTests[i].slug || s.Name == "" || s.Handler == nil {
			t.Errorf("Sites()[%d] = %q %q, want slug %q with a name and handler", i, s.Name, s.Slug, siteTests[i].slug)
		}
		if n := len(siteArticles(s.Slug)); n != 1 {
			t.Errorf("site %s has %d articles, want 1", s.Slug, n)
		}
	}
	for _, a := range Articles() {
		if seeds[a.SeedID] {
			t.Errorf("seed %s published twice", a.SeedID)
		}
		seeds[a.SeedID] = true
		if a.Title == "" || !strings.HasPrefix(a.Path, "/") {
			t.Errorf("article %+v: want a title and an absolute path", a)
		}
	}
	if len(seeds) != 5 {
		t.Errorf("Articles() covers %d seeds, want 5", len(seeds))
	}
}

func TestCrawl(t *testing.T) {
	for _, tt := range siteTests {
		t.Run(tt.slug, func(t *testing.T) {
			srv := serve(t, siteBySlug(t, tt.slug))
			c := crawlSite(t, srv)
			for _, a := range siteArticles(tt.slug) {
				if _, ok := c.pages[a.Path]; !ok {
					t.Errorf("article %s not reachable from the home page", a.Path)
				}
				if !c.robots.TestAgent(a.Path, agent) {
					t.Errorf("robots.txt disallows article %s", a.Path)
				}
				if tt.paginated != "" {
					if c.links[a.Path]["/"] {
						t.Errorf("home page links %s directly; want it reached through pagination", a.Path)
					}
					if !c.links[a.Path][tt.paginated] {
						t.Errorf("%s is not linked from %s", a.Path, tt.paginated)
					}
					if !c.links[tt.paginated]["/actualites/"] {
						t.Errorf("%s is not linked from the first listing page", tt.paginated)
					}
				}
			}
			for target, from := range c.links {
				if c.robots.TestAgent(target, agent) {
					continue
				}
				if tt.disallowed == "" {
					t.Errorf("site links %s (from %v), which robots.txt disallows; only the disallowed-section site should", target, from)
				} else if !strings.HasPrefix(target, tt.disallowed) {
					t.Errorf("disallowed link %s outside %s", target, tt.disallowed)
				}
			}
			for key, f := range c.pages {
				if !strings.HasPrefix(f.header.Get("Content-Type"), "text/html") {
					continue
				}
				if strings.Contains(f.body, PrivateMarker) {
					t.Errorf("allowed page %s shows the private marker", key)
				}
				if f.charset != tt.charset {
					t.Errorf("%s served in %s, want %s", key, f.charset, tt.charset)
				}
				doc, _ := goquery.NewDocumentFromReader(strings.NewReader(f.body))
				feed, ok := doc.Find(`link[rel="alternate"][type="` + tt.feedType + `"]`).Attr("href")
				if !ok || !strings.HasPrefix(feed, srv.URL+"/") {
					t.Errorf("%s: no absolute <link rel=alternate type=%s> to the feed (got %q)", key, tt.feedType, feed)
				}
				og := doc.Find(`meta[property^="og:"]`).Length() > 0
				if _, isArticle := articleAt(tt.slug, key); isArticle && og != tt.openGraph {
					t.Errorf("%s: OpenGraph present = %v, want %v", key, og, tt.openGraph)
				}
				if !tt.openGraph && og {
					t.Errorf("%s: OpenGraph on a site without metadata", key)
				}
			}
			if tt.disallowed != "" {
				if len(c.links[tt.disallowed]) == 0 {
					t.Errorf("disallowed section %s is not linked from the site", tt.disallowed)
				}
				f := fetch(t, srv.Client(), srv.URL+tt.disallowed)
				if f.status != http.StatusOK || !strings.Contains(f.body, PrivateMarker) {
					t.Errorf("GET %s = %d; want 200 and the private marker (the section must exist)", tt.disallowed, f.status)
				}
			}
		})
	}
}

func articleAt(slug, path string) (Article, bool) {
	for _, a := range siteArticles(slug) {
		if a.Path == path {
			return a, true
		}
	}
	return Article{}, false
}

// TestArticleText checks that each article page shows every seed paragraph,
// after decoding and goquery text extraction.
func TestArticleText(t *testing.T) {
	for _, tt := range siteTests {
		t.Run(tt.slug, func(t *testing.T) {
			srv := serve(t, siteBySlug(t, tt.slug))
			for _, a := range siteArticles(tt.slug) {
				f := fetch(t, srv.Client(), srv.URL+a.Path)
				if f.status != http.StatusOK {
					t.Fatalf("GET %s = %d", a.Path, f.status)
				}
				text := visibleText(t, f.body)
				for _, p := range seedParas(a.SeedID) {
					if !strings.Contains(text, p) {
						t.Errorf("%s misses seed paragraph %q", a.Path, p)
					}
				}
				doc, _ := goquery.NewDocumentFromReader(strings.NewReader(f.body))
				if h1 := norm(doc.Find("h1").First().Text()); h1 != a.Title {
					t.Errorf("%s: h1 = %q, want %q", a.Path, h1, a.Title)
				}
			}
		})
	}
}

// TestWindows1252 checks the bytes on the wire of the windows-1252 site.
func TestWindows1252(t *testing.T) {
	srv := serve(t, siteBySlug(t, "industrie-mag"))
	a := siteArticles("industrie-mag")[0]
	f := fetch(t, srv.Client(), srv.URL+a.Path)
	if ct := f.header.Get("Content-Type"); ct != "text/html; charset=windows-1252" {
		t.Errorf("Content-Type = %q, want text/html; charset=windows-1252", ct)
	}
	if utf8.Valid(f.raw) {
		t.Error("page bytes are valid UTF-8; want windows-1252 bytes")
	}
	if !bytes.Contains(f.raw, []byte("Publication: Mars 2019")) || !bytes.Contains(f.raw, []byte{'r', 0xE9, 'g', 'u', 'l', 'i', 0xE8, 'r', 'e'}) {
		t.Error("page bytes lack the windows-1252 encoding of the seed")
	}
	// The charset sniffing of a browser (meta tag) agrees with the header.
	r, err := charset.NewReader(bytes.NewReader(f.raw), "text/html")
	if err != nil {
		t.Fatal(err)
	}
	sniffed, _ := io.ReadAll(r)
	if string(sniffed) != f.body {
		t.Error("decoding by the page's meta charset differs from decoding by the header")
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(f.body))
	text := doc.Text()
	for _, l := range seed(a.SeedID) {
		if strings.TrimSpace(l) != "" && !strings.Contains(text, l) {
			t.Errorf("decoded page misses the exact seed line %q", l)
		}
	}
	feed := fetch(t, srv.Client(), srv.URL+"/spip.php?page=backend")
	if feed.charset != "windows-1252" || utf8.Valid(feed.raw) {
		t.Errorf("feed charset %s; want windows-1252 bytes", feed.charset)
	}
}

type sitemapDoc struct {
	XMLName xml.Name
	URLs    []struct {
		Loc     string `xml:"loc"`
		Lastmod string `xml:"lastmod"`
	} `xml:"url"`
	Sitemaps []struct {
		Loc string `xml:"loc"`
	} `xml:"sitemap"`
}

type feedDoc struct {
	XMLName xml.Name
	Items   []struct {
		Link    string `xml:"link"`
		PubDate string `xml:"pubDate"`
	} `xml:"channel>item"`
	Entries []struct {
		Link struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Updated string `xml:"updated"`
	} `xml:"entry"`
}

func decodeXML(tb testing.TB, f fetched, v any) {
	tb.Helper()
	d := xml.NewDecoder(bytes.NewReader(f.raw))
	d.CharsetReader = charset.NewReaderLabel
	if err := d.Decode(v); err != nil {
		tb.Fatalf("xml does not parse: %v", err)
	}
}

func TestSitemapAndFeed(t *testing.T) {
	for _, tt := range siteTests {
		t.Run(tt.slug, func(t *testing.T) {
			srv := serve(t, siteBySlug(t, tt.slug))
			robots, _ := robotstxt.FromBytes(fetch(t, srv.Client(), srv.URL+"/robots.txt").raw)
			sitemaps := []string{srv.URL + "/sitemap.xml"}
			if robots != nil && len(robots.Sitemaps) > 0 {
				sitemaps = robots.Sitemaps
			}
			locs := map[string]string{}
			for len(sitemaps) > 0 {
				u := sitemaps[0]
				sitemaps = sitemaps[1:]
				f := fetch(t, srv.Client(), u)
				if f.status != http.StatusOK {
					t.Fatalf("GET %s = %d", u, f.status)
				}
				var sm sitemapDoc
				decodeXML(t, f, &sm)
				for _, s := range sm.Sitemaps {
					sitemaps = append(sitemaps, s.Loc)
				}
				for _, l := range sm.URLs {
					locs[l.Loc] = l.Lastmod
				}
			}
			for loc := range locs {
				if !strings.HasPrefix(loc, srv.URL+"/") {
					t.Errorf("sitemap URL %s is not on the site", loc)
				} else if f := fetch(t, srv.Client(), loc); f.status != http.StatusOK {
					t.Errorf("sitemap URL %s answers %d", loc, f.status)
				}
			}
			home := fetch(t, srv.Client(), srv.URL+"/")
			doc, _ := goquery.NewDocumentFromReader(strings.NewReader(home.body))
			feedURL, _ := doc.Find(`link[rel="alternate"][type="` + tt.feedType + `"]`).Attr("href")
			f := fetch(t, srv.Client(), feedURL)
			if f.status != http.StatusOK || !strings.HasPrefix(f.header.Get("Content-Type"), tt.feedType) {
				t.Fatalf("GET %s = %d %s, want 200 %s", feedURL, f.status, f.header.Get("Content-Type"), tt.feedType)
			}
			var fd feedDoc
			decodeXML(t, f, &fd)
			links := map[string]bool{}
			for _, it := range fd.Items {
				links[it.Link] = true
			}
			for _, e := range fd.Entries {
				links[e.Link.Href] = true
				if e.Updated == "" {
					t.Errorf("atom entry %s has no updated", e.Link.Href)
				}
			}
			for _, a := range siteArticles(tt.slug) {
				if _, ok := locs[srv.URL+a.Path]; !ok {
					t.Errorf("sitemap misses %s", a.Path)
				}
				if !links[srv.URL+a.Path] {
					t.Errorf("feed %s misses %s", feedURL, a.Path)
				}
			}
		})
	}
}

func TestJSONLD(t *testing.T) {
	for _, tt := range siteTests {
		t.Run(tt.slug, func(t *testing.T) {
			srv := serve(t, siteBySlug(t, tt.slug))
			c := crawlSite(t, srv)
			articles := 0
			for key, f := range c.pages {
				doc, _ := goquery.NewDocumentFromReader(strings.NewReader(f.body))
				doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
					var v map[string]any
					if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
						t.Errorf("%s: JSON-LD does not parse: %v", key, err)
						return
					}
					nodes := []any{v}
					if g, ok := v["@graph"].([]any); ok {
						nodes = g
					}
					for _, n := range nodes {
						m, _ := n.(map[string]any)
						if m["@type"] != "NewsArticle" {
							continue
						}
						articles++
						a, ok := articleAt(tt.slug, key)
						if !ok {
							t.Errorf("%s: NewsArticle on a page that is not an article", key)
							continue
						}
						if m["headline"] != a.Title {
							t.Errorf("%s: headline %q, want %q", key, m["headline"], a.Title)
						}
						want := published(a.SeedID)
						if len(want) != len("2006-01-02") {
							want = ""
						}
						if got, _ := m["datePublished"].(string); got != want {
							t.Errorf("%s: datePublished %q, want %q", key, got, want)
						}
					}
				})
			}
			if (articles > 0) != tt.jsonLD {
				t.Errorf("site has %d NewsArticle, want JSON-LD = %v", articles, tt.jsonLD)
			}
		})
	}
}

// published returns the publication date a seed supports, from the site
// definitions.
func published(seedID string) string {
	for _, d := range siteDefs() {
		for _, p := range d.articles() {
			if p.Article.SeedID == seedID {
				return p.Article.Published
			}
		}
	}
	return ""
}

var datePatterns = regexp.MustCompile(`(?i)\d{4}-\d{2}(?:-\d{2})?|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|` +
	`\b(?:1er|\d{1,2})\s+(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b|` +
	`\b(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\s+\d{4}\b|` +
	`\b(?:19|20)\d{2}\b`)

// namespaces are XML namespace and DTD URLs, whose years are not dates.
var namespaces = regexp.MustCompile(`https?://www\.w3\.org/\S*`)

// allowedDates returns the date strings a page of the site may carry
// outside the seed text: the publication dates its seeds support.
func allowedDates(slug string) map[string]bool {
	ok := map[string]bool{}
	for _, a := range siteArticles(slug) {
		p := published(a.SeedID)
		if p == "" {
			continue
		}
		ok[p] = true
		ok[p[:4]] = true
		if len(p) == 10 {
			ok[p[8:10]+"/"+p[5:7]+"/"+p[:4]] = true
		}
		if p == "2019-03" {
			ok["mars 2019"] = true
		}
	}
	return ok
}

// TestNoUnsupportedDates scans every page, sitemap, feed and robots.txt of
// each site, seed text removed, for dates the seeds do not support.
func TestNoUnsupportedDates(t *testing.T) {
	for _, tt := range siteTests {
		t.Run(tt.slug, func(t *testing.T) {
			srv := serve(t, siteBySlug(t, tt.slug))
			c := crawlSite(t, srv)
			docs := map[string]fetched{}
			for k, f := range c.pages {
				docs[k] = f
			}
			for _, p := range []string{"/robots.txt", "/sitemap.xml"} {
				docs[p] = fetch(t, srv.Client(), srv.URL+p)
			}
			for _, s := range c.robots.Sitemaps {
				docs[s] = fetch(t, srv.Client(), s)
			}
			home, _ := goquery.NewDocumentFromReader(strings.NewReader(c.pages["/"].body))
			feedURL, _ := home.Find(`link[rel="alternate"]`).Attr("href")
			docs[feedURL] = fetch(t, srv.Client(), feedURL)
			for _, a := range siteArticles(tt.slug) {
				f := fetch(t, srv.Client(), srv.URL+a.Path)
				if lm := f.header.Get("Last-Modified"); lm != "" {
					t.Errorf("%s has Last-Modified %s", a.Path, lm)
				}
			}

			var seedText []string
			for _, a := range siteArticles(tt.slug) {
				seedText = append(seedText, seedParas(a.SeedID)...)
			}
			allowed := allowedDates(tt.slug)
			for key, f := range docs {
				s := norm(html.UnescapeString(f.body))
				s = namespaces.ReplaceAllString(s, " ")
				for _, p := range seedText {
					s = strings.ReplaceAll(s, p, " ")
				}
				for _, m := range datePatterns.FindAllString(s, -1) {
					if !allowed[strings.ToLower(m)] && !allowed[m] {
						t.Errorf("%s carries date %q; the seeds support only %v", key, m, allowed)
					}
				}
			}
		})
	}
}

func TestHandler(t *testing.T) {
	srv := serve(t, siteBySlug(t, "fil-bourgogne"))
	noRedirect := *srv.Client()
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	a := siteArticles("fil-bourgogne")[0]
	tests := []struct {
		name, method, path string
		want               int
		location           string
	}{
		{"home", "GET", "/", 200, ""},
		{"head", "HEAD", a.Path, 200, ""},
		{"unknown page", "GET", "/nulle-part/", 404, ""},
		{"post", "POST", "/", 405, ""},
		{"shortlink", "GET", "/?p=19491", 301, a.Path},
		{"missing slash", "GET", "/contact", 301, "/contact/"},
		{"tracking parameter", "GET", "/contact/?utm_source=lettre", 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
			if loc := resp.Header.Get("Location"); loc != tt.location {
				t.Errorf("%s %s Location = %q, want %q", tt.method, tt.path, loc, tt.location)
			}
		})
	}
	t.Run("etag", func(t *testing.T) {
		f := fetch(t, srv.Client(), srv.URL+a.Path)
		req, _ := http.NewRequest("GET", srv.URL+a.Path, nil)
		req.Header.Set("If-None-Match", f.header.Get("ETag"))
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET = %d, want 304", resp.StatusCode)
		}
	})
	t.Run("host", func(t *testing.T) {
		req := httptest.NewRequest("GET", "/sitemap.xml", nil)
		req.Host = "exemple.test:8123"
		rec := httptest.NewRecorder()
		siteBySlug(t, "intercos-nord-est").Handler.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), "<loc>http://exemple.test:8123/</loc>") {
			t.Errorf("sitemap does not use the request host:\n%s", rec.Body.String())
		}
	})
}

// sharedDir returns ../shared relative to the repository root, or skips.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the package directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "gold", "seeds.jsonl")); err != nil {
		t.Skipf("shared data absent (%v): skipping comparison with the seed labels", err)
	}
	return shared
}

// TestSeedsMatchShared checks the embedded seeds and their dates against
// the shared seeds and gold labels.
func TestSeedsMatchShared(t *testing.T) {
	shared := sharedDir(t)
	gold, err := os.ReadFile(filepath.Join(shared, "gold", "seeds.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(gold)), "\n") {
		var g struct {
			ID        string  `json:"id"`
			Published *string `json:"published"`
		}
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			t.Fatalf("gold line: %v", err)
		}
		want[g.ID] = true
		t.Run(g.ID, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(shared, "seeds", g.ID+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(seed(g.ID), "\n"); got != string(text) {
				t.Errorf("embedded seed %s differs from the shared one", g.ID)
			}
			wantDate := ""
			if g.Published != nil {
				wantDate = *g.Published
			}
			if got := published(g.ID); got != wantDate {
				t.Errorf("published(%s) = %q, want %q", g.ID, got, wantDate)
			}
		})
	}
	for _, a := range Articles() {
		if !want[a.SeedID] {
			t.Errorf("article %s has no gold label", a.SeedID)
		}
		delete(want, a.SeedID)
	}
	if len(want) > 0 {
		t.Errorf("gold seeds without article: %v", want)
	}
}

func ExampleArticles() {
	for _, a := range Articles() {
		fmt.Println(a.Site, a.SeedID)
	}
	// Output:
	// fil-bourgogne 000_dc31db6745f71bc3
	// intercos-nord-est 001_bdcb333641b655ee
	// coeur-artois 002_c69e99a093ba249c
	// entreprendre-bfc 003_f3bcce110872fe65
	// industrie-mag 004_983d71d8b608f7b1
}
