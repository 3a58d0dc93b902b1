package export

import (
	"context"
	"errors"
	"fmt"

	"vigie"
	"vigie/search"
)

// Searcher runs a query over documents and over signing events;
// *search.Service satisfies it.
type Searcher interface {
	Search(ctx context.Context, q vigie.Query) (*vigie.Results, error)
	Events(ctx context.Context, q vigie.Query) (*search.EventResults, error)
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
	PageSize  int // documents or events per search request; 0 means 100
	Limit     int // most documents or events read by one export; 0 means 100,000
}

// Hits calls f with each hit of q, newest first, reading the results page
// by page, at most Limit of them. It stops at the first error f returns.
func (s Source) Hits(ctx context.Context, q vigie.Query, f func(vigie.Hit) error) error {
	size, limit := s.sizes()
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

// Events calls f with each signing event matching q, as /api/events
// lists them (merged across their sources, newest first unless q.Sort is
// date_asc), reading them page by page.
func (s Source) Events(ctx context.Context, q vigie.Query, f func(EventRow) error) error {
	size, limit := s.sizes()
	q.Size = size
	seen := make(map[string]bool) // an event that moves between pages is passed once
	for from := 0; from < limit; from += size {
		if err := ctx.Err(); err != nil {
			return err
		}
		q.From = from
		res, err := s.Search.Events(ctx, q)
		if err != nil {
			return fmt.Errorf("events page at %d: %w", from, err)
		}
		for _, e := range res.Events {
			k := e.ID + "\x00" + e.Date + "\x00" + e.Place + "\x00" + e.Agreement
			if seen[k] {
				continue
			}
			seen[k] = true
			if err := f(RowOf(e)); err != nil {
				return err
			}
		}
		if len(res.Events) < size || uint64(from+size) >= res.Total {
			return nil
		}
	}
	return nil
}

func (s Source) sizes() (size, limit int) {
	size, limit = s.PageSize, s.Limit
	if size <= 0 {
		size = 100
	}
	if limit <= 0 {
		limit = 100_000
	}
	return size, limit
}
