package export

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"vigie"
)

// Handler serves exports and reports over a Source.
type Handler struct {
	Source     Source
	ParseQuery func(url.Values) (vigie.Query, error) // search.ParseQuery
	Logger     *slog.Logger
	Now        func() time.Time
}

// Register mounts on mux:
//
//	GET /api/export?format=csv|jsonl|xlsx&rows=events|entities[&sep=semicolon]&<query>
//	    a file of the events (default) or entities of the documents the
//	    query parameters of /api/search and /api/events select
//	GET /rapport?<query>[&download=1]
//	    the report page; with download=1, as a self-contained HTML file
//	GET /rapport/rapport.css, /rapport/rapport.js
//	    the report page's stylesheet and print button
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/export", h.serveExport)
	mux.HandleFunc("GET /rapport", h.serveReport)
	mux.Handle("GET /rapport/", reportStatic())
}

// Rows of an export.
const (
	RowsEvents   = "events"
	RowsEntities = "entities"
)

// Request is a parsed export request.
type Request struct {
	Query   vigie.Query
	Format  Format
	Rows    string // RowsEvents or RowsEntities
	Options Options
}

// ParseRequest reads the format, rows and query parameters of an export.
// Paging parameters (from, size) are ignored: an export has every result.
func ParseRequest(v url.Values, parse func(url.Values) (vigie.Query, error)) (Request, error) {
	var r Request
	var err error
	if r.Format, err = ParseFormat(v.Get("format")); err != nil {
		return r, err
	}
	switch sep := v.Get("sep"); sep {
	case "", ",", "comma":
	case ";", "semicolon":
		r.Options.Semicolon = true
	default:
		return r, invalid("sep", "%q is neither , nor ;", sep)
	}
	switch r.Rows = v.Get("rows"); r.Rows {
	case "", RowsEvents, "evenements", "événements":
		r.Rows = RowsEvents
	case RowsEntities, "entites", "entités":
		r.Rows = RowsEntities
	default:
		return r, invalid("rows", "%q is neither events nor entities", r.Rows)
	}
	q := url.Values{}
	for k, vs := range v {
		switch k {
		case "format", "rows", "sep", "from", "size", "download":
		default:
			q[k] = vs
		}
	}
	if r.Query, err = parse(q); err != nil {
		return r, err
	}
	r.Query.From, r.Query.Size = 0, 0
	return r, nil
}

// Write writes the export r to w and returns the number of rows.
func (src Source) Write(ctx context.Context, r Request, w interface{ Write([]byte) (int, error) }) (int, error) {
	if r.Rows == RowsEntities {
		return WriteEntities(ctx, src, r.Query, r.Format, w, r.Options)
	}
	return WriteEvents(ctx, src, r.Query, r.Format, w, r.Options)
}

// FileName returns the name of the export's file: vigie-evenements-2024-05-20.csv.
func (r Request) FileName(now time.Time) string {
	what := "evenements"
	if r.Rows == RowsEntities {
		what = "entites"
	}
	return "vigie-" + what + "-" + now.Format("2006-01-02") + r.Format.Ext()
}

func (h *Handler) serveExport(w http.ResponseWriter, r *http.Request) {
	req, err := ParseRequest(r.URL.Query(), h.ParseQuery)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	lw := &lazyWriter{w: w, header: func(h http.Header) {
		h.Set("Content-Type", req.Format.ContentType())
		h.Set("Content-Disposition", `attachment; filename="`+req.FileName(time.Now())+`"`)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
	}}
	n, err := h.Source.Write(r.Context(), req, lw)
	if err != nil {
		if !lw.started {
			h.fail(w, r, err)
			return
		}
		// The file is half sent: break the connection rather than end it
		// cleanly, so the client sees a failed download, not a short file.
		h.log().Error("export interrupted", "rows", n, "err", err)
		panic(http.ErrAbortHandler)
	}
	if !lw.started {
		lw.start()
	}
	h.log().Debug("export", "format", req.Format, "rows", req.Rows, "n", n)
}

// lazyWriter sends the headers of a successful answer with the first bytes,
// so an error met before anything is written still gets a JSON error.
type lazyWriter struct {
	w       http.ResponseWriter
	header  func(http.Header)
	started bool
}

func (l *lazyWriter) start() {
	l.started = true
	l.header(l.w.Header())
	l.w.WriteHeader(http.StatusOK)
}

func (l *lazyWriter) Write(p []byte) (int, error) {
	if !l.started {
		l.start()
	}
	return l.w.Write(p)
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, vigie.ErrInvalid):
		status = http.StatusBadRequest
	case errors.Is(err, vigie.ErrNotFound):
		status = http.StatusNotFound
	case r.Context().Err() != nil:
		return // the client left
	}
	body := map[string]string{"error": err.Error()}
	var fe *FieldError
	if errors.As(err, &fe) {
		body["field"] = fe.Field
	}
	if status == http.StatusInternalServerError {
		h.log().Error("export", "path", r.URL.String(), "err", err)
		body["error"] = "internal error"
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func (h *Handler) log() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func errorsIsInvalid(err error) bool { return errors.Is(err, vigie.ErrInvalid) }
