package corpus

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"strings"

	"golang.org/x/text/encoding/charmap"
)

// handler serves one site. Absolute URLs (canonical links, OpenGraph,
// sitemaps, feeds, robots.txt) are built from the request's Host, because
// the sites run on whatever loopback port is free.
type handler struct {
	def  *siteDef
	tmpl *template.Template
}

func newHandler(d *siteDef) *handler {
	funcs := template.FuncMap{
		// cut splits s around the first sep, for lines that carry a link.
		"cut": func(s, sep string) []string {
			before, after, _ := strings.Cut(s, sep)
			return []string{before, after}
		},
		"trim": strings.TrimSpace,
		"frdate": func(iso string) string {
			if len(iso) == 10 {
				return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
			}
			return iso
		},
	}
	t := template.Must(template.New(d.tmpl).Funcs(funcs).ParseFS(files, "templates/"+d.tmpl))
	return &handler{def: d, tmpl: t}
}

// view is the data of a page template.
type view struct {
	*page
	SiteName string
	Base     string // scheme and host, without trailing slash
	URL      string // absolute URL of the page
	FeedURL  string
	FeedType string
	FeedLink template.HTML // <link rel="alternate"> to the feed
	Charset  string
	JSONLD   template.JS // JSON-LD script body, or ""
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "méthode non autorisée", http.StatusMethodNotAllowed)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	base := scheme + "://" + r.Host
	key := r.URL.Path
	if r.URL.RawQuery != "" {
		key += "?" + r.URL.RawQuery
	}
	d := h.def

	switch {
	case r.URL.Path == "/robots.txt":
		h.write(w, r, "text/plain; charset=utf-8", []byte(strings.ReplaceAll(d.robots, "{base}", base)))
		return
	case key == d.feedPath:
		body, err := feed(d, base)
		if err == nil {
			body, err = encode(body, d.feedCharset)
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		ct := "application/rss+xml"
		if d.feedKind == "atom" {
			ct = "application/atom+xml"
		}
		h.write(w, r, ct+"; charset="+d.feedCharset, body)
		return
	case r.URL.Path == "/sitemap.xml" || d.sitemaps[r.URL.Path] != nil:
		h.write(w, r, "application/xml; charset=utf-8", sitemap(d, r.URL.Path, base))
		return
	}

	p := d.page(key)
	if p == nil && r.URL.RawQuery != "" && r.URL.Path != "/spip.php" {
		p = d.page(r.URL.Path) // unknown parameters are ignored, as most CMS do
	}
	if p == nil && !strings.HasSuffix(r.URL.Path, "/") && d.page(r.URL.Path+"/") != nil {
		http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
		return
	}
	status := http.StatusOK
	if p == nil {
		status = http.StatusNotFound
		p = &page{Path: r.URL.Path, Kind: "notfound", Title: "Page introuvable",
			Text: []string{"La page demandée n’existe pas ou a été déplacée."}}
	}
	if p.Redirect != "" {
		http.Redirect(w, r, p.Redirect, http.StatusMovedPermanently)
		return
	}
	body, err := h.render(p, base)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	ct := "text/html; charset=" + d.charset
	if status != http.StatusOK {
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		w.Write(body)
		return
	}
	h.write(w, r, ct, body)
}

// write answers with body, an ETag and conditional-request support.
func (h *handler) write(w http.ResponseWriter, r *http.Request, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("ETag", etag(body))
	http.ServeContent(w, r, "", zeroTime, bytes.NewReader(body))
}

// render executes the site template for p and encodes it in the site's
// charset.
func (h *handler) render(p *page, base string) ([]byte, error) {
	d := h.def
	v := view{
		page:     p,
		SiteName: d.name,
		Base:     base,
		URL:      base + p.Path,
		FeedURL:  base + d.feedPath,
		FeedType: "application/rss+xml",
		Charset:  d.charset,
	}
	if d.feedKind == "atom" {
		v.FeedType = "application/atom+xml"
	}
	v.FeedLink = template.HTML(fmt.Sprintf(`<link rel="alternate" type="%s" title="%s" href="%s">`,
		v.FeedType, html.EscapeString(d.name), html.EscapeString(v.FeedURL)))
	if p.Article != nil {
		ld, err := jsonLD(d, p, base)
		if err != nil {
			return nil, err
		}
		v.JSONLD = ld
	}
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, "page", v); err != nil {
		return nil, fmt.Errorf("render %s%s: %w", d.slug, p.Path, err)
	}
	return encode(buf.Bytes(), d.charset)
}

// encode converts UTF-8 text to charset ("utf-8" or "windows-1252").
func encode(b []byte, charset string) ([]byte, error) {
	if charset != "windows-1252" {
		return b, nil
	}
	out, err := charmap.Windows1252.NewEncoder().Bytes(b)
	if err != nil {
		return nil, fmt.Errorf("encode page in windows-1252: %w", err)
	}
	return out, nil
}

// jsonLD returns the JSON-LD of an article page on the sites that publish
// one, or "". datePublished appears only when the seed supports a day.
func jsonLD(d *siteDef, p *page, base string) (template.JS, error) {
	a := p.Article
	article := map[string]any{
		"@type":            "NewsArticle",
		"headline":         a.Title,
		"description":      a.Lead,
		"inLanguage":       "fr-FR",
		"articleSection":   a.Section,
		"mainEntityOfPage": base + p.Path,
		"publisher":        map[string]any{"@type": "Organization", "name": d.name, "url": base + "/"},
	}
	if len(a.Published) == len("2006-01-02") {
		article["datePublished"] = a.Published
	}
	var doc any
	switch d.slug {
	case "fil-bourgogne":
		article["@id"] = base + p.Path + "#article"
		doc = map[string]any{
			"@context": "https://schema.org",
			"@graph": []any{
				map[string]any{"@type": "WebSite", "@id": base + "/#website", "name": d.name, "url": base + "/", "inLanguage": "fr-FR"},
				article,
				map[string]any{"@type": "BreadcrumbList", "itemListElement": []any{
					map[string]any{"@type": "ListItem", "position": 1, "name": "Accueil", "item": base + "/"},
					map[string]any{"@type": "ListItem", "position": 2, "name": a.Section, "item": base + "/economie/"},
					map[string]any{"@type": "ListItem", "position": 3, "name": a.Title},
				}},
			},
		}
	case "coeur-artois":
		article["@context"] = "https://schema.org"
		article["author"] = map[string]any{"@type": "Organization", "name": "Service communication"}
		doc = article
	default:
		return "", nil
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return "", fmt.Errorf("json-ld of %s: %w", p.Path, err)
	}
	return template.JS(b), nil
}
