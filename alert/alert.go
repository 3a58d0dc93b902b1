package alert

import (
	"time"

	"vigie/export"
)

// What a saved search watches.
const (
	OverDocuments = "documents" // each new matching document is a match
	OverEvents    = "events"    // each new signing event of a matching document is a match
)

// Alert is a saved search: a query whose new matches are kept in a feed and
// may be posted to a webhook.
type Alert struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Query     string    `json:"query"` // URL-encoded parameters of /api/search, e.g. "q=contrat&region=Occitanie"
	Over      string    `json:"over"`  // OverDocuments or OverEvents
	Webhook   *Webhook  `json:"webhook,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// LastSeen is when the user last looked at the new matches, and
	// LastSeenSeq the newest match they saw then.
	LastSeen    time.Time `json:"last_seen"`
	LastSeenSeq uint64    `json:"last_seen_seq"`
	// LastCheck is when the alert's search last ran, LastError its error.
	LastCheck time.Time `json:"last_check"`
	LastError string    `json:"last_error,omitempty"`
	Matches   int       `json:"matches"` // matches recorded since creation
}

// Webhook is where an alert posts its new matches.
type Webhook struct {
	URL string `json:"url"`
	// Secret keys the HMAC-SHA256 signature of each delivery. The API shows
	// it only in the answer to the request that set it.
	Secret string `json:"secret,omitempty"`
}

// Kinds of match.
const (
	KindDocument = "document"
	KindEvent    = "event"
)

// Match is one new result of an alert, recorded once.
type Match struct {
	Seq       uint64           `json:"seq"` // order of recording within the alert, from 1
	AlertID   string           `json:"alert_id"`
	Kind      string           `json:"kind"` // KindDocument or KindEvent
	Key       string           `json:"key"`  // document id, or the id the event had in /api/events when first met
	FoundAt   time.Time        `json:"found_at"`
	UpdatedAt time.Time        `json:"updated_at,omitzero"` // when a new source of its event was added
	Title     string           `json:"title"`
	URL       string           `json:"url"`
	Site      string           `json:"site,omitempty"`
	Published string           `json:"published,omitempty"`
	Snippet   string           `json:"snippet,omitempty"` // HTML with <mark> around query terms
	Event     *export.EventRow `json:"event,omitempty"`   // for KindEvent, with every source met so far

	// AltKeys are other keys under which the match counts as seen: an
	// event's report by each of its sources.
	AltKeys []string `json:"-"`
}

// EntryID returns the stable id of the match in feeds: the same for the
// same alert and document or event, whenever it is rendered.
func (m Match) EntryID() string {
	return "urn:vigie:alert:" + m.AlertID + ":" + m.Kind + ":" + m.Key
}

// DeliveryID returns the id of the webhook delivery of the match, sent in
// X-Vigie-Delivery: every retry of one delivery carries the same id.
func (m Match) DeliveryID() string {
	return m.AlertID + "-" + m.Key
}

// Delivery is a webhook notification waiting in the outbox.
type Delivery struct {
	ID          string    `json:"id"` // Match.DeliveryID
	AlertID     string    `json:"alert_id"`
	URL         string    `json:"url"`
	Body        []byte    `json:"body"` // the JSON posted
	Attempts    int       `json:"attempts"`
	NextAttempt time.Time `json:"next_attempt"`
	LastError   string    `json:"last_error,omitempty"`
	Failed      bool      `json:"failed,omitempty"` // gave up after the last attempt
	CreatedAt   time.Time `json:"created_at"`
}
