package alert

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"vigie"
	"vigie/export"
)

// Config wires a Service to the rest of Vigie.
type Config struct {
	Search     Searcher                              // *search.Service
	Documents  Documents                             // *indexer.Index
	ParseQuery func(url.Values) (vigie.Query, error) // search.ParseQuery: the API's parameter names
	// Transport carries webhook requests. It must refuse private, loopback
	// and link-local addresses unless AllowPrivate: give it the crawler's
	// safe transport.
	Transport    http.RoundTripper
	AllowPrivate bool // accept webhook URLs on private addresses (tests, intranets)
	Delivery     DeliveryConfig
	BaseURL      string // public base URL for the links of feeds; "" derives it from each request
	Logger       *slog.Logger
	Now          func() time.Time
}

// Service is the monitoring side of Vigie: saved searches, their feeds and
// webhooks, over one Store.
type Service struct {
	store     *Store
	monitor   *Monitor
	deliverer *Deliverer
	cfg       Config
}

// New returns the service of the store. Run its deliverer with Deliver and
// check its alerts with Check (Watcher does after each crawl).
func New(store *Store, cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	dc := cfg.Delivery
	if dc.Client == nil {
		dc.Client = &http.Client{
			Transport: cfg.Transport,
			// A receiver answers; it does not send Vigie elsewhere.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	s := &Service{store: store, cfg: cfg}
	s.deliverer = NewDeliverer(store, dc, cfg.Now, cfg.Logger)
	s.monitor = &Monitor{
		Store: store,
		// Each check reads at most the newest 5,000 results of an alert,
		// in pages of 500: what appears in an index shows up among them.
		Source:     export.Source{Search: cfg.Search, Documents: cfg.Documents, PageSize: 500, Limit: 5000},
		ParseQuery: cfg.ParseQuery,
		Now:        cfg.Now,
		Log:        cfg.Logger,
		Notify:     s.deliverer.Wake,
	}
	return s
}

// Store returns the service's store.
func (s *Service) Store() *Store { return s.store }

// Monitor returns the monitor that checks the alerts.
func (s *Service) Monitor() *Monitor { return s.monitor }

// Deliver posts the webhook outbox until ctx is done.
func (s *Service) Deliver(ctx context.Context) error { return s.deliverer.Run(ctx) }

// Flush makes one pass over the due webhook deliveries.
func (s *Service) Flush(ctx context.Context) error { return s.deliverer.Flush(ctx) }

// Check runs every alert's search and records their new matches; it
// returns how many there were.
func (s *Service) Check(ctx context.Context) (int, error) { return s.monitor.CheckAll(ctx) }

// Input is the JSON body of POST /api/alerts and PUT /api/alerts/{id}.
// In a PUT, absent fields keep their value; "webhook": null removes the
// webhook.
type Input struct {
	Name    *string     `json:"name"`
	Query   *QueryInput `json:"query"`
	Over    *string     `json:"over"`
	Webhook *Webhook    `json:"webhook"`

	removeWebhook bool
}

// QueryInput is a saved search's query: either the URL-encoded parameters
// of /api/search ("q=contrat&region=Occitanie") or a JSON object of the
// same parameters ({"q": "contrat", "region": ["Occitanie"]}).
type QueryInput struct{ Values url.Values }

// FieldError is a bad field of a request; it wraps vigie.ErrInvalid.
type FieldError = export.FieldError

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Create validates in, stores the new alert, and marks its current results
// as seen. It returns the alert with the webhook secret it was given (the
// only time it is shown).
func (s *Service) Create(ctx context.Context, in Input) (Alert, error) {
	var a Alert
	if in.Query == nil {
		return Alert{}, invalid("query", "required")
	}
	if err := s.apply(&a, in); err != nil {
		return Alert{}, err
	}
	now := s.cfg.Now().UTC()
	a.CreatedAt, a.UpdatedAt, a.LastSeen = now, now, now
	a, err := s.store.Create(a)
	if err != nil {
		return Alert{}, err
	}
	if err := s.monitor.Baseline(ctx, a.ID); err != nil {
		s.store.Delete(a.ID)
		return Alert{}, err
	}
	return s.store.Get(a.ID)
}

// Edit applies in to the stored alert. A changed query or kind of match is
// baselined again: what it matches already is not news.
func (s *Service) Edit(ctx context.Context, id string, in Input) (Alert, error) {
	var changed bool
	a, err := s.store.Update(id, func(a *Alert) error {
		q, over := a.Query, a.Over
		if err := s.apply(a, in); err != nil {
			return err
		}
		changed = a.Query != q || a.Over != over
		a.UpdatedAt = s.cfg.Now().UTC()
		return nil
	})
	if err != nil {
		return Alert{}, err
	}
	if changed {
		if err := s.monitor.Baseline(ctx, id); err != nil {
			return Alert{}, err
		}
	}
	return a, nil
}

// queryParams are the parameters of /api/search and /api/events a saved
// search may keep; a typo in a parameter name would otherwise widen the
// search silently.
var queryParams = []string{"q", "signatory", "person", "place", "commune", "departement", "region", "org", "type", "site",
	"from_date", "to_date", "date_field", "near", "km", "sort", "include_gone"}

// apply validates in and sets its fields on a.
func (s *Service) apply(a *Alert, in Input) error {
	if in.Query != nil {
		v := in.Query.Values
		v.Del("from")
		v.Del("size")
		for k := range v {
			if !slices.Contains(queryParams, k) {
				return invalid("query", "unknown parameter %q (known: %s)", k, strings.Join(queryParams, ", "))
			}
		}
		if _, err := s.cfg.ParseQuery(v); err != nil {
			return invalid("query", "%v", err)
		}
		a.Query = v.Encode()
	}
	if in.Over != nil {
		switch o := strings.TrimSpace(*in.Over); o {
		case OverDocuments, OverEvents:
			a.Over = o
		case "":
			a.Over = OverDocuments
		default:
			return invalid("over", "%q is neither %q nor %q", o, OverDocuments, OverEvents)
		}
	}
	if a.Over == "" {
		a.Over = OverDocuments
	}
	if in.Name != nil {
		a.Name = strings.TrimSpace(*in.Name)
	}
	if len(a.Name) > 200 {
		return invalid("name", "longer than 200 bytes")
	}
	if a.Name == "" {
		a.Name = defaultName(a.Query)
	}
	if in.removeWebhook {
		a.Webhook = nil
	}
	if w := in.Webhook; w != nil {
		if err := s.checkWebhookURL(w.URL); err != nil {
			return err
		}
		secret := w.Secret
		if secret == "" && a.Webhook != nil && a.Webhook.URL != "" {
			secret = a.Webhook.Secret // an edit that does not set a new one keeps it
		}
		if secret == "" {
			secret = newID() + newID() + newID()
		}
		if len(secret) > 200 {
			return invalid("webhook.secret", "longer than 200 bytes")
		}
		a.Webhook = &Webhook{URL: w.URL, Secret: secret}
	}
	return nil
}

// defaultName names an alert after its query: "contrat · Occitanie".
func defaultName(query string) string {
	v, _ := url.ParseQuery(query)
	var parts []string
	if q := strings.TrimSpace(v.Get("q")); q != "" {
		parts = append(parts, q)
	}
	for k, vs := range v {
		if k != "q" && k != "sort" {
			parts = append(parts, strings.Join(vs, ", "))
		}
	}
	if len(parts) == 0 {
		return "Toutes les publications"
	}
	name := strings.Join(parts, " · ")
	if len(name) > 120 {
		name = name[:120]
	}
	return strings.ToValidUTF8(name, "")
}

// checkWebhookURL accepts absolute http(s) URLs; without AllowPrivate, not
// on a literal private, loopback or link-local address (names are checked
// again when the transport dials).
func (s *Service) checkWebhookURL(raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid("webhook.url", "want an absolute http or https URL")
	}
	if u.User != nil {
		return invalid("webhook.url", "must not carry credentials")
	}
	if s.cfg.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return invalid("webhook.url", "%s is a private address", host)
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() ||
		(ip.To4() != nil && ip.To4()[0] == 100 && ip.To4()[1]&0xc0 == 64)) { // and carrier-grade NAT
		return invalid("webhook.url", "%s is a private address", host)
	}
	return nil
}

// MarkSeen records that the user saw the alert's matches up to seq (0: all).
func (s *Service) MarkSeen(id string, seq uint64) (Alert, error) {
	newest, err := s.store.Matches(id, 0, 1)
	if err != nil {
		return Alert{}, err
	}
	return s.store.Update(id, func(a *Alert) error {
		if seq == 0 && len(newest) > 0 {
			seq = newest[0].Seq
		}
		if seq > a.LastSeenSeq {
			a.LastSeenSeq = seq
		}
		a.LastSeen = s.cfg.Now().UTC()
		return nil
	})
}

// errStatus maps an error to its HTTP status.
func errStatus(err error) int {
	switch {
	case errors.Is(err, vigie.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, vigie.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
