package export

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"vigie"
)

// EventRow is one signing event as exported: the event as the first source
// reported it, with the signatories and source URLs of every source merged.
type EventRow struct {
	Key         string            `json:"key"` // EventKey of the event
	Date        string            `json:"date"`
	Place       string            `json:"place"`
	Commune     string            `json:"commune_insee,omitempty"` // INSEE code of the commune
	Departement string            `json:"departement,omitempty"`
	Region      string            `json:"region,omitempty"`
	Lat         float64           `json:"lat,omitempty"`
	Lon         float64           `json:"lon,omitempty"`
	Agreement   string            `json:"agreement"`
	Type        string            `json:"type"`
	Signatories []vigie.Signatory `json:"signatories"`
	Sources     []string          `json:"sources"`   // URLs of the documents that report it
	Documents   []string          `json:"documents"` // ids of those documents
	Title       string            `json:"title"`     // title of the first document that reports it
}

// NewEventRow returns the row of event e reported by document d.
func NewEventRow(d *vigie.Document, e vigie.Event) EventRow {
	r := EventRow{
		Key:         EventKey(e),
		Date:        e.Date,
		Place:       e.Place,
		Agreement:   e.Agreement,
		Type:        e.Type,
		Signatories: slices.Clone(e.Signatories),
		Sources:     []string{d.URL},
		Documents:   []string{d.ID},
		Title:       d.Title,
	}
	if p := e.PlaceRef; p != nil {
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

// Merge adds what another report of the same event brings: its source and
// the signatories the row does not have yet. It reports whether the row
// changed.
func (r *EventRow) Merge(o EventRow) bool {
	changed := false
	for i, u := range o.Sources {
		if !slices.Contains(r.Sources, u) {
			r.Sources = append(r.Sources, u)
			if i < len(o.Documents) {
				r.Documents = append(r.Documents, o.Documents[i])
			}
			changed = true
		}
	}
	for _, s := range o.Signatories {
		if !slices.ContainsFunc(r.Signatories, func(t vigie.Signatory) bool { return Fold(t.Name) == Fold(s.Name) }) {
			r.Signatories = append(r.Signatories, s)
			changed = true
		}
	}
	fill := func(dst *string, src string) {
		if *dst == "" && src != "" {
			*dst, changed = src, true
		}
	}
	fill(&r.Commune, o.Commune)
	fill(&r.Departement, o.Departement)
	fill(&r.Region, o.Region)
	fill(&r.Agreement, o.Agreement)
	if r.Lat == 0 && r.Lon == 0 && (o.Lat != 0 || o.Lon != 0) {
		r.Lat, r.Lon, changed = o.Lat, o.Lon, true
	}
	return changed
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

// EventKey returns the identity of a signing event, the same whichever
// source reports it: its date, its place (INSEE code when resolved) and the
// type of agreement. When the date is not a full day or the place is
// unknown, the folded name of the agreement is part of the key too, so that
// two different signings of one month are not merged.
func EventKey(e vigie.Event) string {
	place := Fold(e.Place)
	if e.PlaceRef != nil && e.PlaceRef.Code != "" {
		place = e.PlaceRef.Kind + ":" + e.PlaceRef.Code
	}
	typ := Fold(e.Type)
	if typ == "" {
		typ = firstWord(Fold(e.Agreement))
	}
	parts := []string{e.Date, place, typ}
	if len(e.Date) != len("2006-01-02") || place == "" {
		parts = append(parts, Fold(e.Agreement))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "|")))
	return hex.EncodeToString(sum[:8])
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
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

// MatchEvent reports whether event e meets the filters of q that apply to
// events: signatories, places, types and, when q.DateField is "event", the
// date range. The document already matched the query; this keeps, among its
// events, those the query is about.
func MatchEvent(q vigie.Query, e vigie.Event) bool {
	if len(q.Signatories) > 0 && !anyFold(q.Signatories, func(v string) bool {
		return slices.ContainsFunc(e.Signatories, func(s vigie.Signatory) bool { return Fold(s.Name) == v })
	}) {
		return false
	}
	if len(q.Types) > 0 && !anyFold(q.Types, func(v string) bool {
		return Fold(e.Type) == v || strings.HasPrefix(Fold(e.Agreement), v)
	}) {
		return false
	}
	p := vigie.Place{Name: e.Place}
	if e.PlaceRef != nil {
		p = *e.PlaceRef
	}
	if len(q.Communes) > 0 && !anyFold(q.Communes, func(v string) bool {
		return p.Kind == vigie.PlaceCommune && (Fold(p.Name) == v || p.Code == v) || Fold(e.Place) == v
	}) {
		return false
	}
	if len(q.Departements) > 0 && !anyFold(q.Departements, func(v string) bool {
		return Fold(p.Departement) == v || (p.Kind == vigie.PlaceDepartement && (Fold(p.Name) == v || p.Code == v))
	}) {
		return false
	}
	if len(q.Regions) > 0 && !anyFold(q.Regions, func(v string) bool {
		return Fold(p.Region) == v || (p.Kind == vigie.PlaceRegion && (Fold(p.Name) == v || p.Code == v))
	}) {
		return false
	}
	if q.DateField == "event" && (q.FromDate != "" || q.ToDate != "") {
		if e.Date == "" || strings.HasPrefix(e.Date, "--") {
			return false
		}
		if q.FromDate != "" && e.Date < q.FromDate[:min(len(q.FromDate), len(e.Date))] {
			return false
		}
		if q.ToDate != "" && e.Date[:min(len(q.ToDate), len(e.Date))] > q.ToDate {
			return false
		}
	}
	return true
}

// anyFold reports whether f holds for the folded form of one of the values.
func anyFold(values []string, f func(string) bool) bool {
	for _, v := range values {
		if f(Fold(v)) {
			return true
		}
	}
	return false
}
