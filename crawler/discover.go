package crawler

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
)

// xmlLinks parses a sitemap, sitemap index, news sitemap, RSS or Atom
// document and returns the URLs it lists. isIndex is set for sitemap
// indexes and feeds' pages are returned as pages. An unknown or broken
// document is an error; links found before the error are returned too.
func xmlLinks(body []byte) (pages, sitemaps []string, err error) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	dec.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		// Feeds in windows-1252 or ISO-8859-1: the body was already decoded
		// to UTF-8 when it was declared; otherwise read it as it is.
		return input, nil
	}
	var (
		root  string
		stack []string
		text  strings.Builder
		n     int
	)
	for {
		tok, terr := dec.Token()
		if terr != nil {
			if errors.Is(terr, io.EOF) {
				break
			}
			return pages, sitemaps, terr
		}
		n++
		if n > 2_000_000 {
			return pages, sitemaps, errors.New("xml document too large")
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if root == "" {
				root = name
				switch root {
				case "urlset", "sitemapindex", "rss", "feed", "rdf":
				default:
					return nil, nil, errors.New("not a sitemap or feed: root element <" + t.Name.Local + ">")
				}
			}
			if len(stack) > 64 {
				return pages, sitemaps, errors.New("xml nested too deeply")
			}
			stack = append(stack, name)
			text.Reset()
			if root == "feed" && name == "link" && parentIs(stack, "entry") {
				rel, href := "", ""
				for _, a := range t.Attr {
					switch strings.ToLower(a.Name.Local) {
					case "rel":
						rel = a.Value
					case "href":
						href = a.Value
					}
				}
				if href != "" && (rel == "" || rel == "alternate") {
					pages = append(pages, strings.TrimSpace(href))
				}
			}
		case xml.CharData:
			if text.Len() < 4096 {
				text.Write(t)
			}
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			v := strings.TrimSpace(text.String())
			switch {
			case name == "loc" && parentIs(stack, "url"):
				pages = append(pages, v)
			case name == "loc" && parentIs(stack, "sitemap"):
				sitemaps = append(sitemaps, v)
			case name == "link" && (parentIs(stack, "item")) && v != "":
				pages = append(pages, v)
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			text.Reset()
		}
	}
	if root == "" {
		return nil, nil, errors.New("not a sitemap or feed: no root element")
	}
	return pages, sitemaps, nil
}

// parentIs reports whether the element on top of the stack is a child of
// an element named parent.
func parentIs(stack []string, parent string) bool {
	return len(stack) >= 2 && stack[len(stack)-2] == parent
}

// robotsSitemaps returns the Sitemap: lines of a robots.txt.
func robotsSitemaps(robots []byte) []string {
	var out []string
	for _, line := range strings.Split(string(robots), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}
