package search

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"log/slog"
	"net/http"
	"time"

	"vigie"
)

// Config configures the HTTP handler.
type Config struct {
	Logger  *slog.Logger  // nil discards logs
	Timeout time.Duration // per request search deadline; 0 means 10s
}

// server serves the JSON API and the HTML pages.
type server struct {
	s   *Service
	log *slog.Logger
	cfg Config
	ui  *ui
}

// NewHandler returns the HTTP handler of the API and the web interface:
//
//	GET /                      the search page
//	GET /api/search            documents matching the query parameters (see ParseQuery)
//	GET /api/documents/{id}    one stored document with its entities
//	GET /api/events            signing events matching the same parameters
//	GET /api/entities/{kind}/{name}  a person, place or organisation (kind: persons, places, orgs)
//	GET /api/openapi.json      the OpenAPI 3 description of the API
//	GET /healthz               liveness and document count
func NewHandler(s *Service, cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	srv := &server{s: s, log: cfg.Logger, cfg: cfg, ui: newUI()}
	mux := http.NewServeMux()
	for _, rt := range srv.routes() {
		mux.HandleFunc(rt.pattern, rt.h)
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		srv.writeJSON(w, http.StatusNotFound, errorBody{Error: "no such endpoint: " + r.Method + " " + r.URL.Path})
	})
	return mux
}

type route struct {
	pattern string // net/http pattern: "GET /api/search"
	h       http.HandlerFunc
}

// routes lists every endpoint; openapi.json describes each of the /api ones
// and /healthz (a test checks it).
func (srv *server) routes() []route {
	return []route{
		{"GET /api/search", srv.apiSearch},
		{"GET /api/events", srv.apiEvents},
		{"GET /api/documents/{id}", srv.apiDocument},
		{"GET /api/entities/{kind}/{name}", srv.apiEntity},
		{"GET /api/openapi.json", srv.apiOpenAPI},
		{"GET /healthz", srv.healthz},
		{"GET /{$}", srv.page},
	}
}

type errorBody struct {
	Error string `json:"error"`
}

// writeJSON writes v as JSON. HTML characters are not escaped, so the body
// is byte for byte what `vigie search --json` prints.
func (srv *server) writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		srv.log.Error("encode response", "err", err)
		http.Error(w, `{"error":"internal error"}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// writeError answers with the status of err and a JSON error.
func (srv *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	msg := err.Error()
	if status == http.StatusInternalServerError {
		srv.log.Error("request failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
		msg = "internal error"
	}
	srv.writeJSON(w, status, errorBody{Error: msg})
}

func (srv *server) ctx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), srv.cfg.Timeout)
}

func (srv *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	ctx, cancel := srv.ctx(r)
	defer cancel()
	res, err := srv.s.Search(ctx, q)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	srv.writeJSON(w, http.StatusOK, res)
}

func (srv *server) apiDocument(w http.ResponseWriter, r *http.Request) {
	d, err := srv.s.Document(r.Context(), r.PathValue("id"))
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	srv.writeJSON(w, http.StatusOK, d)
}

func (srv *server) healthz(w http.ResponseWriter, r *http.Request) {
	n, err := srv.s.ix.Count()
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	srv.writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "documents": n})
}

// Document returns the stored document with the given id, or
// vigie.ErrNotFound.
func (s *Service) Document(ctx context.Context, id string) (*vigie.Document, error) {
	return s.ix.Get(ctx, id)
}

func (srv *server) apiEvents(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	ctx, cancel := srv.ctx(r)
	defer cancel()
	res, err := srv.s.Events(ctx, q)
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	srv.writeJSON(w, http.StatusOK, res)
}

func (srv *server) apiEntity(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := srv.ctx(r)
	defer cancel()
	e, err := srv.s.Entity(ctx, r.PathValue("kind"), r.PathValue("name"))
	if err != nil {
		srv.writeError(w, r, err)
		return
	}
	srv.writeJSON(w, http.StatusOK, e)
}

//go:embed openapi.json
var openAPI []byte

func (srv *server) apiOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
