package alert

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"net/http"
	"time"
)

// Atom (RFC 4287) elements of a feed.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   *atomText  `xml:"content,omitempty"`
	Category  []atomCat  `xml:"category,omitempty"`
}

type atomCat struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feedSize is the number of entries in a feed: readers keep what they saw.
const feedSize = 100

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Feed returns the Atom feed of an alert's matches, newest first. Entry ids
// are Match.EntryID, stable across renderings and restarts; base is the
// absolute URL prefix of links ("http://host").
func (s *Service) Feed(id, base string) ([]byte, error) {
	a, err := s.store.Get(id)
	if err != nil {
		return nil, err
	}
	ms, err := s.store.Matches(id, 0, feedSize)
	if err != nil {
		return nil, err
	}
	self := base + "/api/alerts/" + id + "/feed.atom"
	f := atomFeed{
		Title:     "Vigie — " + a.Name,
		Subtitle:  "Nouveaux résultats de l’alerte « " + a.Name + " »",
		ID:        "urn:vigie:alert:" + id,
		Updated:   atomTime(a.CreatedAt),
		Author:    atomPerson{Name: "Vigie"},
		Generator: "Vigie",
		Links: []atomLink{
			{Href: self, Rel: "self", Type: "application/atom+xml"},
			{Href: base + "/alertes/" + id, Rel: "alternate", Type: "text/html"},
		},
	}
	if len(ms) > 0 {
		f.Updated = atomTime(ms[0].FoundAt)
	}
	for _, m := range ms {
		var content bytes.Buffer
		if err := pageTemplates.ExecuteTemplate(&content, "entry", m); err != nil {
			return nil, err
		}
		e := atomEntry{
			Title:     m.Title,
			ID:        m.EntryID(),
			Updated:   atomTime(cmp.Or(m.UpdatedAt, m.FoundAt)),
			Published: atomTime(m.FoundAt),
			Links:     []atomLink{{Href: m.URL, Rel: "alternate", Type: "text/html"}},
			Content:   &atomText{Type: "html", Body: content.String()},
			Category:  []atomCat{{Term: m.Kind, Label: kindLabel(m.Kind)}},
		}
		if e.Title == "" {
			e.Title = m.URL
		}
		if m.Event != nil {
			for _, u := range m.Event.Sources[1:] {
				e.Links = append(e.Links, atomLink{Href: u, Rel: "related", Type: "text/html"})
			}
		}
		f.Entries = append(f.Entries, e)
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), out...), nil
}

func kindLabel(kind string) string {
	if kind == KindEvent {
		return "Signature"
	}
	return "Article"
}

func (s *Service) handleFeed(w http.ResponseWriter, r *http.Request) {
	b, err := s.Feed(r.PathValue("id"), s.baseURL(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Write(b)
}
