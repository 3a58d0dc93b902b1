package alert

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"time"

	"vigie"
	"vigie/export"
)

// Searcher runs a query over documents and signing events;
// *search.Service satisfies it.
type Searcher = export.Searcher

// Documents returns a stored document by id, or vigie.ErrNotFound;
// *indexer.Index satisfies it.
type Documents interface {
	Get(ctx context.Context, id string) (*vigie.Document, error)
}

// Monitor runs the saved searches and records their new matches.
type Monitor struct {
	Store      *Store
	Source     export.Source                         // where documents come from
	ParseQuery func(url.Values) (vigie.Query, error) // search.ParseQuery
	Now        func() time.Time
	Log        *slog.Logger
	// Notify is called after a check that put deliveries in the outbox.
	Notify func()
}

// query returns the vigie.Query of an alert.
func (m *Monitor) query(a Alert) (vigie.Query, error) {
	v, err := url.ParseQuery(a.Query)
	if err != nil {
		return vigie.Query{}, fmt.Errorf("query: %w: %w", vigie.ErrInvalid, err)
	}
	v.Del("from")
	v.Del("size")
	q, err := m.ParseQuery(v)
	if err != nil {
		return vigie.Query{}, fmt.Errorf("query: %w", err)
	}
	q.From, q.Size = 0, 0
	return q, nil
}

// candidates runs the alert's search and returns every current result,
// oldest first, so that the newest gets the highest sequence number.
func (m *Monitor) candidates(ctx context.Context, a Alert) ([]Candidate, error) {
	q, err := m.query(a)
	if err != nil {
		return nil, err
	}
	var out []Candidate
	if a.Over == OverEvents {
		err = m.Source.Events(ctx, q, func(r export.EventRow) error {
			c := Candidate{Kind: KindEvent, Key: eventKey(r), Title: eventTitle(r), Published: r.Date, Event: &r}
			if len(r.Sources) > 0 {
				c.URL = r.Sources[0]
			}
			c.AltKeys = reportKeys(r)
			out = append(out, c)
			return nil
		})
	} else {
		err = m.Source.Hits(ctx, q, func(h vigie.Hit) error {
			out = append(out, Candidate{Kind: KindDocument, Key: h.ID, Title: h.Title, URL: h.URL, Site: h.Site,
				Published: h.Published, Snippet: h.Snippet})
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	// The search lists the newest first: record the oldest first, so the
	// newest gets the highest sequence number.
	slices.Reverse(out)
	return out, nil
}

// eventKey returns the key of an event: its id in /api/events and its
// wording, since two signings of one article at one place and date can
// share an id there.
func eventKey(r export.EventRow) string {
	sum := sha256.Sum256([]byte(export.Fold(r.Agreement)))
	return r.Key + "." + hex.EncodeToString(sum[:4])
}

// reportKeys returns the keys of the reports of an event by each of its
// sources: the id of a merged event may change when a new source joins it,
// these do not. A report is a document, the place and one wording of the
// agreement, so that two signings in one article stay apart.
func reportKeys(r export.EventRow) []string {
	wordings := r.Agreements
	if len(wordings) == 0 {
		wordings = []string{r.Agreement}
	}
	var keys []string
	for _, d := range r.Documents {
		for _, w := range wordings {
			keys = append(keys, "src:"+d+"#"+export.Fold(r.Place)+"#"+export.Fold(w))
		}
	}
	return keys
}

// eventTitle names an event in a feed: "contrat Territoires d'industrie — Dole, 15 mai 2024".
func eventTitle(r export.EventRow) string {
	t := r.Agreement
	if t == "" {
		t = r.Type
	}
	if t == "" {
		t = r.Title
	}
	where := r.Place
	if r.Date != "" {
		if where != "" {
			where += ", "
		}
		where += frDate(r.Date)
	}
	if where != "" {
		t += " — " + where
	}
	return t
}

// Baseline marks every current result of the alert as seen without
// recording matches: an alert reports what appears after it is created.
func (m *Monitor) Baseline(ctx context.Context, id string) error {
	a, err := m.Store.Get(id)
	if err != nil {
		return err
	}
	cands, err := m.candidates(ctx, a)
	if err != nil {
		return fmt.Errorf("baseline alert %s: %w", id, err)
	}
	_, err = m.Store.Record(id, cands, true, m.now(), nil)
	return err
}

// Check runs one alert's search and records its new matches, with their
// webhook deliveries. It returns the new matches.
func (m *Monitor) Check(ctx context.Context, id string) ([]Match, error) {
	a, err := m.Store.Get(id)
	if err != nil {
		return nil, err
	}
	cands, err := m.candidates(ctx, a)
	if err != nil {
		if ctx.Err() == nil && !errors.Is(err, vigie.ErrNotFound) {
			m.Store.SetCheckError(id, m.now(), err)
		}
		return nil, fmt.Errorf("check alert %s: %w", id, err)
	}
	fresh, err := m.Store.Record(id, cands, false, m.now(), Payload)
	if err != nil {
		return nil, err
	}
	if len(fresh) > 0 {
		if a.Webhook != nil && m.Notify != nil {
			m.Notify()
		}
		m.log().Info("new matches", "alert", id, "name", a.Name, "matches", len(fresh))
	}
	return fresh, nil
}

// CheckAll checks every alert and returns the number of new matches. An
// alert whose search fails is logged and recorded with its error; the
// others still run.
func (m *Monitor) CheckAll(ctx context.Context) (int, error) {
	alerts, err := m.Store.List()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, a := range alerts {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		fresh, err := m.Check(ctx, a.ID)
		if err != nil {
			if ctx.Err() != nil {
				return n, ctx.Err()
			}
			m.log().Error("alert check failed", "alert", a.ID, "err", err)
			continue
		}
		n += len(fresh)
	}
	return n, nil
}

func (m *Monitor) now() time.Time {
	if m.Now != nil {
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

func (m *Monitor) log() *slog.Logger {
	if m.Log != nil {
		return m.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Notification is the JSON body of a webhook delivery.
type Notification struct {
	DeliveryID string   `json:"delivery_id"` // also in X-Vigie-Delivery; the same on every retry
	Alert      AlertRef `json:"alert"`
	Match      Match    `json:"match"` // match.event is set for alerts over events
}

// AlertRef names the alert of a notification.
type AlertRef struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Query string `json:"query"`
	Over  string `json:"over"`
}

// Payload returns the JSON body posted for match m of alert a.
func Payload(a Alert, m Match) ([]byte, error) {
	return json.Marshal(Notification{
		DeliveryID: m.DeliveryID(),
		Alert:      AlertRef{ID: a.ID, Name: a.Name, Query: a.Query, Over: a.Over},
		Match:      m,
	})
}
