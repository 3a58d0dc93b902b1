package search

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"vigie"
	"vigie/indexer"
)

// Limits of the query parameters: one request cannot ask for unbounded
// work. Each bound answers 400 with a message that names it.
const (
	DefaultSize     = 10
	MaxSize         = 1000    // hits per page
	MaxFrom         = 1 << 20 // offset of the first hit: deep enough to walk every result page by page
	MaxQueryLength  = 1000    // bytes of q
	MaxQueryTerms   = 64      // words, phrases and prefixed terms of q
	MaxFilterValues = 50      // values of all facet filters together
	MaxValueLength  = 200     // bytes of one filter value
)

// ParseQuery turns the API's query parameters into a vigie.Query:
//
//	q            the text query (see Parse for its syntax); empty lists everything
//	size, from   page size (default 10, at most 1000) and offset
//	signatory, person, place, commune, departement, region, org, type, site
//	             facet filters, repeatable: values of one filter are OR-ed
//	from_date, to_date   inclusive bounds, YYYY, YYYY-MM or YYYY-MM-DD
//	date_field   "published" (default) or "event": which date the bounds,
//	             the date sort and the histograms use
//	near, km     "lat,lon" and a radius in kilometres (default 10)
//	sort         "relevance" (default), "date" (newest first) or "date_asc"
//	include_gone "true" to include pages that have disappeared
//
// Errors wrap vigie.ErrInvalid and name the parameter.
func ParseQuery(v url.Values) (vigie.Query, error) {
	var q vigie.Query
	q.Text = strings.TrimSpace(v.Get("q"))
	if len(q.Text) > MaxQueryLength {
		return q, fmt.Errorf("parameter q: %d bytes, more than the limit of %d: %w", len(q.Text), MaxQueryLength, vigie.ErrInvalid)
	}
	e, err := Parse(q.Text)
	if err != nil {
		return q, err
	}
	terms := 0
	for _, c := range e.Clauses {
		terms += len(c.Alts)
	}
	if terms > MaxQueryTerms {
		return q, fmt.Errorf("parameter q: %d terms, more than the limit of %d: %w", terms, MaxQueryTerms, vigie.ErrInvalid)
	}
	if q.Size, err = intParam(v, "size", DefaultSize, 1, MaxSize); err != nil {
		return q, err
	}
	if q.From, err = intParam(v, "from", 0, 0, MaxFrom); err != nil {
		return q, err
	}
	lists := map[string]*[]string{
		"signatory": &q.Signatories, "person": &q.Persons, "place": &q.Places,
		"commune": &q.Communes, "departement": &q.Departements, "region": &q.Regions,
		"org": &q.Orgs, "type": &q.Types, "site": &q.Sites,
	}
	values := 0
	for name, dst := range lists {
		for _, val := range v[name] {
			if val = strings.TrimSpace(val); val != "" {
				if len(val) > MaxValueLength {
					return q, fmt.Errorf("parameter %s: %d bytes, more than the limit of %d: %w", name, len(val), MaxValueLength, vigie.ErrInvalid)
				}
				if values++; values > MaxFilterValues {
					return q, fmt.Errorf("filters: more than the limit of %d values: %w", MaxFilterValues, vigie.ErrInvalid)
				}
				*dst = append(*dst, val)
			}
		}
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{"from_date", &q.FromDate}, {"to_date", &q.ToDate}} {
		s := strings.TrimSpace(v.Get(p.name))
		if s == "" {
			continue
		}
		if _, ok := indexer.ParseDateRange(s); !ok {
			return q, fmt.Errorf("parameter %s: %q is not a date YYYY, YYYY-MM or YYYY-MM-DD: %w", p.name, s, vigie.ErrInvalid)
		}
		*p.dst = s
	}
	if a, b := q.FromDate, q.ToDate; a != "" && b != "" {
		ra, _ := indexer.ParseDateRange(a)
		rb, _ := indexer.ParseDateRange(b)
		if ra.Min > rb.Max {
			return q, fmt.Errorf("parameters from_date and to_date: %s is after %s: %w", a, b, vigie.ErrInvalid)
		}
	}
	switch df := v.Get("date_field"); df {
	case "", "published":
	case "event":
		q.DateField = df
	default:
		return q, fmt.Errorf("parameter date_field: %q is not published or event: %w", df, vigie.ErrInvalid)
	}
	switch s := v.Get("sort"); s {
	case "", "relevance":
	case "date", "date_asc":
		q.Sort = s
	default:
		return q, fmt.Errorf("parameter sort: %q is not relevance, date or date_asc: %w", s, vigie.ErrInvalid)
	}
	if s := v.Get("include_gone"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return q, fmt.Errorf("parameter include_gone: %q is not true or false: %w", s, vigie.ErrInvalid)
		}
		q.IncludeGone = b
	}
	if s := strings.TrimSpace(v.Get("near")); s != "" {
		g, err := parseNear(s, v.Get("km"))
		if err != nil {
			return q, err
		}
		q.Near = g
	} else if v.Get("km") != "" {
		return q, fmt.Errorf("parameter km: needs near=lat,lon: %w", vigie.ErrInvalid)
	}
	return q, nil
}

func intParam(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fmt.Errorf("parameter %s: %q is not an integer between %d and %d: %w", name, s, lo, hi, vigie.ErrInvalid)
	}
	return n, nil
}

func parseNear(near, km string) (*vigie.GeoFilter, error) {
	a, b, ok := strings.Cut(near, ",")
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if !ok || err1 != nil || err2 != nil || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, fmt.Errorf("parameter near: %q is not lat,lon: %w", near, vigie.ErrInvalid)
	}
	g := &vigie.GeoFilter{Lat: lat, Lon: lon, Km: 10}
	if km = strings.TrimSpace(km); km != "" {
		k, err := strconv.ParseFloat(km, 64)
		if err != nil || !(k > 0 && k <= 20000) {
			return nil, fmt.Errorf("parameter km: %q is not a distance in kilometres: %w", km, vigie.ErrInvalid)
		}
		g.Km = k
	}
	return g, nil
}
