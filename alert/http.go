package alert

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Register mounts the alert API and pages on mux:
//
//	GET    /api/alerts                  list
//	POST   /api/alerts                  create (JSON Input); 201 with the alert and its webhook secret
//	GET    /api/alerts/{id}             one alert, with its outbox counts
//	PUT    /api/alerts/{id}             edit (JSON Input, absent fields unchanged)
//	DELETE /api/alerts/{id}             delete; 204
//	GET    /api/alerts/{id}/feed.atom   Atom feed of its matches, newest first
//	GET    /api/alerts/{id}/matches     its matches, newest first (?after=SEQ&limit=N)
//	GET    /api/alerts/{id}/new         matches since the user last looked
//	POST   /api/alerts/{id}/seen        the user has looked (JSON {"seq": N}, optional)
//	POST   /api/alerts/{id}/check       run the alert's search now
//	GET    /alertes                     the alerts page (French)
//	GET    /alertes/{id}                the new matches of an alert; viewing it marks them seen
//	GET    /alertes/static/...          the pages' stylesheet and script
func (s *Service) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/alerts", s.handleList)
	mux.HandleFunc("POST /api/alerts", s.handleCreate)
	mux.HandleFunc("GET /api/alerts/{id}", s.handleGet)
	mux.HandleFunc("PUT /api/alerts/{id}", s.handleEdit)
	mux.HandleFunc("DELETE /api/alerts/{id}", s.handleDelete)
	mux.HandleFunc("GET /api/alerts/{id}/feed.atom", s.handleFeed)
	mux.HandleFunc("GET /api/alerts/{id}/matches", s.handleMatches)
	mux.HandleFunc("GET /api/alerts/{id}/new", s.handleNew)
	mux.HandleFunc("POST /api/alerts/{id}/seen", s.handleSeen)
	mux.HandleFunc("POST /api/alerts/{id}/check", s.handleCheck)
	mux.HandleFunc("GET /alertes", s.handleListPage)
	mux.HandleFunc("GET /alertes/{id}", s.handleAlertPage)
	mux.Handle("GET /alertes/static/", staticHandler())
}

// UnmarshalJSON reads a query as a URL-encoded string or a JSON object of
// parameters whose values are strings, numbers, booleans or arrays of them.
func (q *QueryInput) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := url.ParseQuery(strings.TrimPrefix(strings.TrimSpace(s), "?"))
		if err != nil {
			return invalid("query", "not a URL-encoded query: %v", err)
		}
		q.Values = v
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return invalid("query", "want a URL-encoded string or an object of parameters")
	}
	q.Values = url.Values{}
	for k, x := range m {
		vals, ok := x.([]any)
		if !ok {
			vals = []any{x}
		}
		for _, v := range vals {
			switch v := v.(type) {
			case string:
				q.Values.Add(k, v)
			case float64, bool:
				q.Values.Add(k, fmt.Sprint(v))
			case nil:
			default:
				return invalid("query."+k, "want a string or an array of strings")
			}
		}
	}
	return nil
}

// decodeInput reads a JSON Input of at most 64 KiB.
func decodeInput(r *http.Request) (Input, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 64<<10+1))
	if err != nil {
		return Input{}, invalid("body", "%v", err)
	}
	if len(body) > 64<<10 {
		return Input{}, invalid("body", "larger than 64 KiB")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		return Input{}, invalid("body", "want a JSON object: %v", err)
	}
	for k := range raw {
		switch k {
		case "name", "query", "over", "webhook":
		case "":
			return Input{}, invalid("body", "empty field name")
		default:
			return Input{}, invalid(k, "unknown field (name, query, over, webhook)")
		}
	}
	var in Input
	field := func(name string, dst any) error {
		v, ok := raw[name]
		if !ok {
			return nil
		}
		if err := json.Unmarshal(v, dst); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return fe
			}
			return invalid(name, "%v", err)
		}
		return nil
	}
	if err := field("name", &in.Name); err != nil {
		return Input{}, err
	}
	if err := field("query", &in.Query); err != nil {
		return Input{}, err
	}
	if err := field("over", &in.Over); err != nil {
		return Input{}, err
	}
	if w, ok := raw["webhook"]; ok && bytes.Equal(bytes.TrimSpace(w), []byte("null")) {
		in.removeWebhook = true
	} else if err := field("webhook", &in.Webhook); err != nil {
		return Input{}, err
	}
	return in, nil
}

// View is an alert as the API shows it: without its webhook secret, with
// links and the state of its outbox.
type View struct {
	Alert
	NewMatches int      `json:"new_matches"` // matches since the user last looked
	Pending    int      `json:"pending_deliveries"`
	Failed     int      `json:"failed_deliveries"`
	Links      ViewLink `json:"links"`
}

// ViewLink are the URLs of an alert.
type ViewLink struct {
	Feed string `json:"feed"`
	New  string `json:"new"`
	Page string `json:"page"`
}

func (s *Service) view(a Alert, keepSecret bool) (View, error) {
	if a.Webhook != nil && !keepSecret {
		w := *a.Webhook
		w.Secret = ""
		a.Webhook = &w
	}
	v := View{Alert: a, Links: ViewLink{
		Feed: "/api/alerts/" + a.ID + "/feed.atom",
		New:  "/api/alerts/" + a.ID + "/new",
		Page: "/alertes/" + a.ID,
	}}
	fresh, err := s.store.Matches(a.ID, a.LastSeenSeq, 0)
	if err != nil {
		return View{}, err
	}
	v.NewMatches = len(fresh)
	out, err := s.store.Outbox(a.ID)
	if err != nil {
		return View{}, err
	}
	for _, d := range out {
		if d.Failed {
			v.Failed++
		} else {
			v.Pending++
		}
	}
	return v, nil
}

func (s *Service) handleList(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.store.List()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	views := make([]View, 0, len(alerts))
	for _, a := range alerts {
		v, err := s.view(a, false)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		views = append(views, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": views})
}

func (s *Service) handleCreate(w http.ResponseWriter, r *http.Request) {
	in, err := decodeInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Create(r.Context(), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.view(a, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/alerts/"+a.ID)
	writeJSON(w, http.StatusCreated, v)
}

func (s *Service) handleGet(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Get(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.view(a, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Service) handleEdit(w http.ResponseWriter, r *http.Request) {
	in, err := decodeInput(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a, err := s.Edit(r.Context(), r.PathValue("id"), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.view(a, in.Webhook != nil && in.Webhook.Secret == "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Service) handleDelete(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Delete(r.PathValue("id")); err != nil {
		s.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// MatchList is the answer of /api/alerts/{id}/matches and /new.
type MatchList struct {
	Alert   View      `json:"alert"`
	Since   time.Time `json:"since,omitzero"` // for /new: when the user last looked
	Matches []Match   `json:"matches"`
}

func (s *Service) handleMatches(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Get(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := uintParam(r, "after", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	limit, err := uintParam(r, "limit", 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMatches(w, r, a, after, int(min(limit, 1000)), time.Time{})
}

func (s *Service) handleNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.store.Get(r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeMatches(w, r, a, a.LastSeenSeq, 1000, a.LastSeen)
}

func (s *Service) writeMatches(w http.ResponseWriter, r *http.Request, a Alert, after uint64, limit int, since time.Time) {
	ms, err := s.store.Matches(a.ID, after, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.view(a, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ms == nil {
		ms = []Match{}
	}
	writeJSON(w, http.StatusOK, MatchList{Alert: v, Since: since, Matches: ms})
}

func (s *Service) handleSeen(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Seq uint64 `json:"seq"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(io.LimitReader(r.Body, 4096)).Decode(&body); err != nil && !errors.Is(err, io.EOF) {
			s.fail(w, r, invalid("seq", "want {\"seq\": N}: %v", err))
			return
		}
	}
	a, err := s.MarkSeen(r.PathValue("id"), body.Seq)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.view(a, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func (s *Service) handleCheck(w http.ResponseWriter, r *http.Request) {
	fresh, err := s.monitor.Check(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if fresh == nil {
		fresh = []Match{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"new_matches": fresh})
}

func uintParam(r *http.Request, name string, def uint64) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, invalid(name, "want a non-negative integer")
	}
	return n, nil
}

// fail answers err as JSON {"error": "...", "field": "..."} with the status
// errStatus gives it.
func (s *Service) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := errStatus(err)
	body := map[string]string{"error": err.Error()}
	var fe *FieldError
	if errors.As(err, &fe) {
		body["field"] = fe.Field
	}
	if status == http.StatusInternalServerError {
		s.cfg.Logger.Error("alert api", "method", r.Method, "path", r.URL.Path, "err", err)
		body["error"] = "internal error"
	}
	writeJSON(w, status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// baseURL returns the scheme and host that absolute links start with.
func (s *Service) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
