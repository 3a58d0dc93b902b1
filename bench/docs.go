package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"vigie"
)

// docsFile is where the ingest phase keeps the extracted documents, one
// JSON object a line, so that indexing and the peers load the very same
// documents.
const docsFile = "documents.jsonl"

// readDocs calls fn with batches of at most n documents read from the
// JSON-lines file at path.
func readDocs(path string, n int, fn func([]*vigie.Document) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read documents: %w", err)
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	batch := make([]*vigie.Document, 0, n)
	for {
		d := new(vigie.Document)
		if err := dec.Decode(d); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("read documents %s: %w", path, err)
		}
		batch = append(batch, d)
		if len(batch) == n {
			if err := fn(batch); err != nil {
				return err
			}
			batch = make([]*vigie.Document, 0, n)
		}
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

// facetNames are the facets every system computes for every query, with
// the date histograms. They are the facets of Vigie's search API, and
// facetValues gives a document the same values Vigie's index does.
var facetNames = []string{"signatories", "persons", "places", "communes", "departements", "regions", "orgs", "types", "sites"}

// histograms are the date histograms every query asks for: every year and
// every month of publication, in order.
var histograms = []string{"years", "months"}

// facetValues returns the values of every facet of d, by facet name; peers
// store them in their own columns and count them in SQL.
func facetValues(d *vigie.Document) map[string][]string {
	v := make(map[string][]string, len(facetNames))
	add := func(f, s string) {
		if s = strings.TrimSpace(s); s != "" {
			v[f] = append(v[f], s)
		}
	}
	addPlace := func(p vigie.Place) {
		add("places", p.Name)
		switch p.Kind {
		case vigie.PlaceCommune:
			add("communes", p.Name)
		case vigie.PlaceDepartement:
			add("departements", p.Name)
		case vigie.PlaceRegion:
			add("regions", p.Name)
		}
		add("departements", p.Departement)
		add("regions", p.Region)
	}
	for _, p := range d.Places {
		addPlace(p)
	}
	for _, p := range d.Persons {
		add("persons", p)
	}
	for _, o := range d.Orgs {
		add("orgs", o)
	}
	add("sites", d.Site)
	for _, ev := range d.Events {
		add("types", ev.Type)
		if ev.PlaceRef != nil {
			addPlace(*ev.PlaceRef)
		} else {
			add("places", ev.Place)
		}
		for _, s := range ev.Signatories {
			add("signatories", s.Name)
			add("persons", s.Name)
			add("orgs", s.Org)
		}
	}
	for f, vs := range v {
		v[f] = uniq(vs)
	}
	return v
}

// uniq returns the distinct values of v, sorted.
func uniq(v []string) []string {
	slices.Sort(v)
	return slices.Compact(v)
}

// year returns the year of a Published value ("2024-05-27", "2019-03",
// "2019"), or 0.
func year(published string) int {
	if len(published) < 4 {
		return 0
	}
	y := 0
	for _, c := range published[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

// dateBound turns a YYYY[-MM[-DD]] bound into a full date: the first day
// for a lower bound, the last for an upper one.
func dateBound(s string, upper bool) string {
	switch len(s) {
	case 4:
		if upper {
			return s + "-12-31"
		}
		return s + "-01-01"
	case 7:
		if upper {
			return s + "-31" // compared as text, so 31 covers every month
		}
		return s + "-01"
	}
	return s
}
