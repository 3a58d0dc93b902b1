package export

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"vigie"
)

// Searcher runs a query over documents; *search.Service satisfies it.
type Searcher interface {
	Search(ctx context.Context, q vigie.Query) (*vigie.Results, error)
}

// Documents returns a stored document by id, or vigie.ErrNotFound;
// *indexer.Index satisfies it.
type Documents interface {
	Get(ctx context.Context, id string) (*vigie.Document, error)
}

// Source is where exports read documents from.
type Source struct {
	Search    Searcher
	Documents Documents
	PageSize  int // documents per search request; 0 means 100
	Limit     int // most documents read by one export; 0 means 100,000
}

// Hits calls f with each hit of q, newest first, reading the results page
// by page, at most Limit of them. It stops at the first error f returns.
func (s Source) Hits(ctx context.Context, q vigie.Query, f func(vigie.Hit) error) error {
	size := s.PageSize
	if size <= 0 {
		size = 100
	}
	limit := s.Limit
	if limit <= 0 {
		limit = 100_000
	}
	q.Size = size
	if q.Sort == "" || q.Sort == "relevance" {
		q.Sort = "date" // a stable order across pages
	}
	seen := make(map[string]bool) // a document that moves between pages is passed once
	for from := 0; from < limit; from += size {
		if err := ctx.Err(); err != nil {
			return err
		}
		q.From = from
		res, err := s.Search.Search(ctx, q)
		if err != nil {
			return fmt.Errorf("search page at %d: %w", from, err)
		}
		for _, h := range res.Hits {
			if seen[h.ID] {
				continue
			}
			seen[h.ID] = true
			if err := f(h); err != nil {
				return err
			}
		}
		if len(res.Hits) < size || uint64(from+size) >= res.Total {
			return nil
		}
	}
	return nil
}

// scan calls f with each document matching q, newest first, and the
// documents carrying the same story that search folded into its hit.
func (s Source) scan(ctx context.Context, q vigie.Query, f func(*vigie.Document, []vigie.DocRef) error) error {
	return s.Hits(ctx, q, func(h vigie.Hit) error {
		d, err := s.Documents.Get(ctx, h.ID)
		if errors.Is(err, vigie.ErrNotFound) {
			return nil // deleted since the search
		}
		if err != nil {
			return fmt.Errorf("get document %s: %w", h.ID, err)
		}
		return f(d, h.Duplicates)
	})
}

// eventRow returns the row of e reported by d and its duplicates.
func eventRow(d *vigie.Document, dups []vigie.DocRef, e vigie.Event) EventRow {
	r := NewEventRow(d, e)
	for _, c := range dups {
		if c.URL != "" && !slices.Contains(r.Sources, c.URL) {
			r.Sources = append(r.Sources, c.URL)
			r.Documents = append(r.Documents, c.ID)
		}
	}
	return r
}

// ScanEvents calls f once per signing event reported by the documents
// matching q and kept by MatchEvent, with the row of its first report, in
// the order of the documents (newest first). Reports of the same event
// (same EventKey) in later documents are not passed again.
func (s Source) ScanEvents(ctx context.Context, q vigie.Query, f func(d *vigie.Document, r EventRow) error) error {
	done := make(map[string]bool)
	return s.scan(ctx, q, func(d *vigie.Document, dups []vigie.DocRef) error {
		if d.Gone && !q.IncludeGone {
			return nil
		}
		for _, e := range d.Events {
			if !MatchEvent(q, e) {
				continue
			}
			r := eventRow(d, dups, e)
			if done[r.Key] {
				continue
			}
			done[r.Key] = true
			if err := f(d, r); err != nil {
				return err
			}
		}
		return nil
	})
}

// Events calls f with each signing event of the documents matching q, each
// event once with the sources and signatories of all its reports. It reads
// the documents twice: first to gather the reports of each event (keys and
// URLs only), then to hand each event over when it is first met.
func (s Source) Events(ctx context.Context, q vigie.Query, f func(EventRow) error) error {
	extra := make(map[string][]EventRow) // later reports of each event
	first := make(map[string]bool)
	err := s.ScanAllEvents(ctx, q, func(r EventRow) error {
		if !first[r.Key] {
			first[r.Key] = true
			return nil
		}
		r.Title = ""
		extra[r.Key] = append(extra[r.Key], EventRow{Sources: r.Sources, Documents: r.Documents, Signatories: r.Signatories,
			Commune: r.Commune, Departement: r.Departement, Region: r.Region, Lat: r.Lat, Lon: r.Lon})
		return nil
	})
	if err != nil {
		return err
	}
	return s.ScanEvents(ctx, q, func(_ *vigie.Document, r EventRow) error {
		for _, o := range extra[r.Key] {
			r.Merge(o)
		}
		return f(r)
	})
}

// ScanAllEvents calls f with every report of an event in the documents
// matching q, duplicates included.
func (s Source) ScanAllEvents(ctx context.Context, q vigie.Query, f func(EventRow) error) error {
	return s.scan(ctx, q, func(d *vigie.Document, dups []vigie.DocRef) error {
		if d.Gone && !q.IncludeGone {
			return nil
		}
		for _, e := range d.Events {
			if MatchEvent(q, e) {
				if err := f(eventRow(d, dups, e)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
