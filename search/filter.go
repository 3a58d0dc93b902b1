package search

import (
	"math"

	"vigie"
	"vigie/indexer"
)

// filter holds a query's filters before they are bound to a Table.
type filter struct {
	values      [indexer.NumFields][]string
	dates       indexer.DateRange
	hasDates    bool
	event       bool
	near        *vigie.GeoFilter
	includeGone bool
}

// facetFilters returns the query's filter values by field.
func facetFilters(q vigie.Query) [indexer.NumFields][]string {
	var v [indexer.NumFields][]string
	v[indexer.Signatories] = q.Signatories
	v[indexer.Persons] = q.Persons
	v[indexer.Places] = q.Places
	v[indexer.Communes] = q.Communes
	v[indexer.Departements] = q.Departements
	v[indexer.Regions] = q.Regions
	v[indexer.Orgs] = q.Orgs
	v[indexer.Types] = q.Types
	v[indexer.Sites] = q.Sites
	return v
}

func newFilter(q vigie.Query) (*filter, error) {
	f := &filter{values: facetFilters(q), near: q.Near, includeGone: q.IncludeGone, event: q.DateField == "event"}
	f.dates = indexer.DateRange{Min: 0, Max: math.MaxInt32}
	if q.FromDate != "" {
		r, ok := indexer.ParseDateRange(q.FromDate)
		if !ok {
			return nil, invalidf("from_date %q is not a date", q.FromDate)
		}
		f.dates.Min, f.hasDates = r.Min, true
	}
	if q.ToDate != "" {
		r, ok := indexer.ParseDateRange(q.ToDate)
		if !ok {
			return nil, invalidf("to_date %q is not a date", q.ToDate)
		}
		f.dates.Max, f.hasDates = r.Max, true
	}
	if g := q.Near; g != nil && (g.Km <= 0 || math.IsNaN(g.Km) || g.Lat < -90 || g.Lat > 90 || g.Lon < -180 || g.Lon > 180) {
		return nil, invalidf("near: bad point or radius")
	}
	return f, nil
}

// bind resolves the filter's values to ordinals of t and returns the
// predicate on document ordinals, which reads the Table's dense columns.
// Values one filter lists are OR-ed; filters are AND-ed.
func (f *filter) bind(t *indexer.Table) func(o uint32) bool {
	type set struct {
		field indexer.Field
		ords  []uint32
	}
	var sets []set
	none := false
	for i, vs := range f.values {
		if len(vs) == 0 {
			continue
		}
		s := set{field: indexer.Field(i)}
		for _, v := range vs {
			if o, ok := t.Dict(indexer.Field(i)).Lookup(v); ok {
				s.ords = append(s.ords, o)
			}
		}
		if len(s.ords) == 0 {
			none = true
		}
		sets = append(sets, s)
	}
	if none {
		return func(uint32) bool { return false }
	}
	return func(o uint32) bool {
		if !t.Exists(o) || t.Gone(o) && !f.includeGone {
			return false
		}
		for _, s := range sets {
			if !t.HasAny(s.field, o, s.ords) {
				return false
			}
		}
		if f.hasDates {
			if f.event {
				if !t.HasEventDate(o, f.dates) {
					return false
				}
			} else if p := t.Pub(o); !p.Valid() || p.Max < f.dates.Min || p.Min > f.dates.Max {
				return false
			}
		}
		if f.near != nil && !near(t.Entry(o).Coords, f.near) {
			return false
		}
		return true
	}
}

// near reports whether one of cs is within g.Km of g's point.
func near(cs []indexer.Coord, g *vigie.GeoFilter) bool {
	for _, c := range cs {
		if haversineKm(c.Lat, c.Lon, g.Lat, g.Lon) <= g.Km {
			return true
		}
	}
	return false
}

// haversineKm returns the great-circle distance between two points.
func haversineKm(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0088
	rad := math.Pi / 180
	dlat := (lat2 - lat1) * rad
	dlon := (lon2 - lon1) * rad
	a := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}
