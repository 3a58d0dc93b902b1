package search

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"vigie"
	"vigie/indexer"
)

// Entity kinds of GET /api/entities/{kind}/{name}.
const (
	EntityPersons = "persons"
	EntityPlaces  = "places"
	EntityOrgs    = "orgs"
)

// Entity is what the index knows of one person, place or organisation.
type Entity struct {
	Kind  string `json:"kind"` // persons, places or orgs
	Name  string `json:"name"`
	Total int    `json:"total_documents"`
	// Persons: the roles and organisations they signed with.
	Roles []RoleSeen         `json:"roles,omitempty"`
	Orgs  []vigie.FacetValue `json:"orgs,omitempty"`
	// Organisations: the people who signed for them.
	Persons []vigie.FacetValue `json:"persons,omitempty"`
	// Places: where the place is.
	Place *vigie.Place `json:"place,omitempty"`
	// Persons and organisations: who signed alongside.
	CoSignatories []vigie.FacetValue `json:"co_signatories,omitempty"`
	Events        []Signing          `json:"events"`
	Documents     []vigie.DocRef     `json:"documents"`
	FirstSeen     string             `json:"first_seen,omitempty"`
	LastSeen      string             `json:"last_seen,omitempty"`
}

// RoleSeen is one role and organisation a person signed as.
type RoleSeen struct {
	Role  string `json:"role"`
	Org   string `json:"org"`
	Count int    `json:"count"`
}

// maxEntityDocuments caps the documents listed on an entity page.
const maxEntityDocuments = 100

// Entity returns what the index knows of the person, place or organisation
// name (matched by Fold key). It returns vigie.ErrInvalid for an unknown
// kind and vigie.ErrNotFound for a name no document has.
func (s *Service) Entity(ctx context.Context, kind, name string) (*Entity, error) {
	var field indexer.Field
	switch kind {
	case EntityPersons:
		field = indexer.Persons
	case EntityPlaces:
		field = indexer.Places
	case EntityOrgs:
		field = indexer.Orgs
	default:
		return nil, fmt.Errorf("entity kind %q is not persons, places or orgs: %w", kind, vigie.ErrInvalid)
	}
	key := indexer.Fold(name)
	ent := &Entity{Kind: kind, Events: []Signing{}, Documents: []vigie.DocRef{}}
	var docs []*indexer.Entry
	err := s.ix.Read(func(t *indexer.Table) error {
		fields := []indexer.Field{field}
		if kind == EntityPlaces {
			// A département or a région also stands for the places in it.
			fields = []indexer.Field{indexer.Places, indexer.Communes, indexer.Departements, indexer.Regions}
		}
		var ords [indexer.NumFields]uint32
		var has [indexer.NumFields]bool
		for _, f := range fields {
			if o, ok := t.Dict(f).Lookup(name); ok {
				ords[f], has[f] = o, true
				if ent.Name == "" {
					ent.Name = t.Dict(f).Value(o)
				}
			}
		}
		if ent.Name == "" {
			return fmt.Errorf("%s %q: %w", kind, name, vigie.ErrNotFound)
		}
		for o := range t.Len() {
			e := t.Entry(uint32(o))
			if e == nil || e.Gone {
				continue
			}
			for _, f := range fields {
				if has[f] && slices.Contains(e.Values[f], ords[f]) {
					docs = append(docs, e)
					break
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(docs, func(a, b *indexer.Entry) int {
		if a.Pub.Max != b.Pub.Max {
			return int(b.Pub.Max - a.Pub.Max)
		}
		return strings.Compare(a.ID, b.ID)
	})
	ent.Total = len(docs)
	var first, last indexer.Day
	var firstS, lastS string
	see := func(d string, r indexer.DateRange) {
		if !r.Valid() {
			return
		}
		if first == 0 || r.Min < first {
			first, firstS = r.Min, d
		}
		if r.Max > last {
			last, lastS = r.Max, d
		}
	}
	for i, e := range docs {
		if i < maxEntityDocuments {
			ent.Documents = append(ent.Documents, vigie.DocRef{ID: e.ID, URL: e.URL, Title: e.Title, Site: e.Site, Published: e.Published})
		}
		see(e.Published, e.Pub)
		if kind == EntityPlaces && ent.Place == nil {
			for _, p := range e.Places {
				if indexer.Fold(p.Name) == key {
					pc := *p
					ent.Place = &pc
					break
				}
			}
		}
	}
	// Events: signings the entity took part in (persons, orgs) or that took
	// place there (places).
	ei := s.events()
	roles := map[[2]string]int{}
	orgs := map[string]int{}
	persons := map[string]int{}
	co := map[string]int{}
	for _, c := range ei.clusters {
		sg := &c.signing
		in := false
		switch kind {
		case EntityPersons:
			in = c.sigOrds[key]
		case EntityOrgs:
			in = c.orgs[key]
		case EntityPlaces:
			for _, p := range c.places {
				if indexer.Fold(p.Name) == key || indexer.Fold(p.Departement) == key || indexer.Fold(p.Region) == key {
					in = true
				}
			}
			if indexer.Fold(sg.Place) == key {
				in = true
			}
		}
		if !in {
			continue
		}
		ent.Events = append(ent.Events, *sg)
		see(sg.Date, c.date)
		for _, x := range sg.Signatories {
			k := indexer.Fold(x.Name)
			switch kind {
			case EntityPersons:
				if k == key {
					roles[[2]string{x.Role, x.Org}]++
					if x.Org != "" {
						orgs[x.Org]++
					}
					continue
				}
				co[x.Name]++
			case EntityOrgs:
				if indexer.Fold(x.Org) == key {
					persons[x.Name]++
					continue
				}
				co[x.Name]++
			}
		}
	}
	slices.SortFunc(ent.Events, func(a, b Signing) int { return strings.Compare(b.Date, a.Date) })
	for r, n := range roles {
		ent.Roles = append(ent.Roles, RoleSeen{Role: r[0], Org: r[1], Count: n})
	}
	slices.SortFunc(ent.Roles, func(a, b RoleSeen) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Role+a.Org, b.Role+b.Org)
	})
	ent.Orgs = topMap(orgs, 50)
	ent.Persons = topMap(persons, 50)
	ent.CoSignatories = topMap(co, 50)
	if len(ent.Orgs) == 0 {
		ent.Orgs = nil
	}
	if len(ent.Persons) == 0 {
		ent.Persons = nil
	}
	if len(ent.CoSignatories) == 0 {
		ent.CoSignatories = nil
	}
	ent.FirstSeen, ent.LastSeen = firstS, lastS
	return ent, nil
}
