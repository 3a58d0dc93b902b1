package corpus

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"sort"
	"time"
)

// zeroTime tells http.ServeContent that pages have no modification time:
// no Last-Modified header, since the seeds rarely support a date.
var zeroTime time.Time

func etag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// sitemap renders the sitemap at path. "/sitemap.xml" is an index of the
// other sitemaps when the site has several. Only articles whose seed gives a
// date carry a lastmod, at the seed's precision (W3C datetime allows
// "2019-03").
func sitemap(d *siteDef, path, base string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if path == "/sitemap.xml" && d.sitemaps[path] == nil {
		var names []string
		for name := range d.sitemaps {
			names = append(names, name)
		}
		sort.Strings(names)
		b.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
		for _, name := range names {
			fmt.Fprintf(&b, "  <sitemap><loc>%s</loc></sitemap>\n", esc(base+name))
		}
		b.WriteString("</sitemapindex>\n")
		return b.Bytes()
	}
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for _, p := range d.sitemaps[path] {
		b.WriteString("  <url><loc>" + esc(base+p) + "</loc>")
		if pg := d.page(p); pg != nil && pg.Article != nil && pg.Article.Published != "" {
			b.WriteString("<lastmod>" + pg.Article.Published + "</lastmod>")
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

// feed renders the site's RSS 2.0 or Atom feed of its articles, in UTF-8
// (the handler re-encodes it). RSS items carry a pubDate only when the seed
// gives a day; Atom entries need one, so the Atom site dates its articles.
func feed(d *siteDef, base string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<?xml version=\"1.0\" encoding=\"%s\"?>\n", d.feedCharset)
	if d.feedKind == "atom" {
		var updated string
		for _, p := range d.articles() {
			if len(p.Article.Published) != len("2006-01-02") {
				return nil, fmt.Errorf("atom feed of %s: article %s has no day of publication", d.slug, p.Path)
			}
			if p.Article.Published > updated {
				updated = p.Article.Published
			}
		}
		b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">` + "\n")
		fmt.Fprintf(&b, "  <title>%s – Actualités</title>\n  <id>%s/</id>\n  <updated>%sT00:00:00Z</updated>\n", esc(d.name), esc(base), updated)
		fmt.Fprintf(&b, "  <link rel=\"self\" href=\"%s\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"%s/\"/>\n", esc(base+d.feedPath), esc(base))
		fmt.Fprintf(&b, "  <author><name>%s</name></author>\n", esc(d.name))
		for _, p := range d.articles() {
			a := p.Article
			u := esc(base + p.Path)
			fmt.Fprintf(&b, "  <entry>\n    <title>%s</title>\n    <id>%s</id>\n    <link rel=\"alternate\" type=\"text/html\" href=\"%s\"/>\n", esc(a.Title), u, u)
			fmt.Fprintf(&b, "    <published>%sT00:00:00Z</published>\n    <updated>%sT00:00:00Z</updated>\n", a.Published, a.Published)
			fmt.Fprintf(&b, "    <summary>%s</summary>\n  </entry>\n", esc(a.Lead))
		}
		b.WriteString("</feed>\n")
		return b.Bytes(), nil
	}
	b.WriteString(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">` + "\n<channel>\n")
	fmt.Fprintf(&b, "  <title>%s</title>\n  <link>%s/</link>\n  <description>Les dernières publications de %s</description>\n  <language>fr</language>\n",
		esc(d.name), esc(base), esc(d.name))
	fmt.Fprintf(&b, "  <atom:link href=\"%s\" rel=\"self\" type=\"application/rss+xml\"/>\n", esc(base+d.feedPath))
	for _, p := range d.articles() {
		a := p.Article
		u := esc(base + p.Path)
		fmt.Fprintf(&b, "  <item>\n    <title>%s</title>\n    <link>%s</link>\n    <guid isPermaLink=\"true\">%s</guid>\n", esc(a.Title), u, u)
		if len(a.Published) == len("2006-01-02") {
			t, err := time.Parse("2006-01-02", a.Published)
			if err != nil {
				return nil, fmt.Errorf("rss feed of %s: %w", d.slug, err)
			}
			fmt.Fprintf(&b, "    <pubDate>%s</pubDate>\n", t.Format(time.RFC1123Z))
		}
		fmt.Fprintf(&b, "    <category>%s</category>\n    <description>%s</description>\n  </item>\n", esc(a.Section), esc(a.Lead))
	}
	b.WriteString("</channel>\n</rss>\n")
	return b.Bytes(), nil
}
