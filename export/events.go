package export

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"vigie"
	"vigie/search"
)

// EventRow is one signing event as exported: a search.Signing, the
// reports of every source merged, flattened for a table.
type EventRow struct {
	Key         string            `json:"id"` // the id of the event in /api/events
	Date        string            `json:"date"`
	Place       string            `json:"place"`
	Commune     string            `json:"commune_insee,omitempty"` // INSEE code of the commune
	Departement string            `json:"departement,omitempty"`
	Region      string            `json:"region,omitempty"`
	Lat         float64           `json:"lat,omitempty"`
	Lon         float64           `json:"lon,omitempty"`
	Agreement   string            `json:"agreement"`
	Agreements  []string          `json:"agreements,omitempty"` // every wording its sources use, when they differ
	Type        string            `json:"type"`
	Signatories []vigie.Signatory `json:"signatories"`
	Sources     []string          `json:"sources"`   // URLs of the documents that report it
	Documents   []string          `json:"documents"` // ids of those documents
	Title       string            `json:"title"`     // title of the first document that reports it
}

// RowOf returns the row of a signing.
func RowOf(s search.Signing) EventRow {
	r := EventRow{
		Key:         s.ID,
		Date:        s.Date,
		Place:       s.Place,
		Agreement:   s.Agreement,
		Agreements:  slices.Clone(s.Agreements),
		Type:        s.Type,
		Signatories: slices.Clone(s.Signatories),
		Sources:     []string{},
		Documents:   []string{},
	}
	for _, d := range s.Sources {
		r.Sources = append(r.Sources, d.URL)
		r.Documents = append(r.Documents, d.ID)
		if r.Title == "" {
			r.Title = d.Title
		}
	}
	if p := s.PlaceRef; p != nil {
		if p.Kind == vigie.PlaceCommune {
			r.Commune = p.Code
		}
		r.Departement = p.Departement
		if p.Kind == vigie.PlaceDepartement && r.Departement == "" {
			r.Departement = p.Name
		}
		r.Region = p.Region
		if p.Kind == vigie.PlaceRegion && r.Region == "" {
			r.Region = p.Name
		}
		r.Lat, r.Lon = p.Lat, p.Lon
	}
	if r.Signatories == nil {
		r.Signatories = []vigie.Signatory{}
	}
	return r
}

// SignatoriesText formats the signatories as "Name (role, org); ...".
func (r EventRow) SignatoriesText() string {
	parts := make([]string, 0, len(r.Signatories))
	for _, s := range r.Signatories {
		var extra []string
		if s.Role != "" {
			extra = append(extra, s.Role)
		}
		if s.Org != "" {
			extra = append(extra, s.Org)
		}
		if len(extra) > 0 {
			parts = append(parts, s.Name+" ("+strings.Join(extra, ", ")+")")
		} else {
			parts = append(parts, s.Name)
		}
	}
	return strings.Join(parts, "; ")
}

var foldChain = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// Fold lower-cases s, removes its accents and collapses punctuation and
// spaces, for comparing names as people write them.
func Fold(s string) string {
	t, _, err := transform.String(foldChain, s)
	if err != nil {
		t = s
	}
	t = strings.ToLower(t)
	return strings.Join(strings.FieldsFunc(t, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
