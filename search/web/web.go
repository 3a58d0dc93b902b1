package web

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"vigie"
	"vigie/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config configures the web interface.
type Config struct {
	Logger  *slog.Logger  // nil discards logs
	Timeout time.Duration // deadline of the searches of one page; 0 means 10s
}

// DefaultConfig returns the configuration New uses for zero fields.
func DefaultConfig() Config {
	return Config{Timeout: 10 * time.Second}
}

// Handler serves the pages of the web interface. It answers every path it
// does not know with a French 404 page, so it is mounted at "/" behind the
// JSON API's "/api/".
type Handler struct {
	svc  *search.Service
	cfg  Config
	log  *slog.Logger
	tmpl map[string]*template.Template
	mux  *http.ServeMux
}

// contentSecurityPolicy allows nothing but this server's own styles,
// scripts and images: no inline script, no third party.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// New returns the web interface over svc:
//
//	GET /                        search: facets, timeline, map, results
//	GET /evenements              signing events matching the same parameters
//	GET /evenements/{id}         one signing event with every article reporting it
//	GET /documents/{id}          one article with its entities highlighted
//	GET /personnes/{name}        a person: roles, events, co-signatories, documents
//	GET /lieux/{name}            a place
//	GET /organisations/{name}    an organisation
//	GET /static/...              the stylesheet and the script
//
// Pages take the query parameters of the JSON API (see search.ParseQuery),
// so a page's URL holds its whole state.
func New(svc *search.Service, cfg Config) *Handler {
	def := DefaultConfig()
	if cfg.Timeout <= 0 {
		cfg.Timeout = def.Timeout
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	h := &Handler{svc: svc, cfg: cfg, log: cfg.Logger, tmpl: parseTemplates(), mux: http.NewServeMux()}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	h.mux.HandleFunc("GET /{$}", h.searchPage)
	h.mux.HandleFunc("GET /evenements", h.eventsPage)
	h.mux.HandleFunc("GET /evenements/{id}", h.eventPage)
	h.mux.HandleFunc("GET /documents/{id}", h.documentPage)
	h.mux.HandleFunc("GET /personnes/{name}", h.entityPage(search.EntityPersons))
	h.mux.HandleFunc("GET /lieux/{name}", h.entityPage(search.EntityPlaces))
	h.mux.HandleFunc("GET /organisations/{name}", h.entityPage(search.EntityOrgs))
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, http.StatusNotFound, "Page introuvable", "Cette adresse ne correspond à aucune page de Vigie.")
	})
	return h
}

// ServeHTTP sets the security headers and serves the page.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", contentSecurityPolicy)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	hd.Set("X-Frame-Options", "DENY")
	h.mux.ServeHTTP(w, r)
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

var pageNames = []string{"search", "events", "event", "document", "entity", "error"}

func parseTemplates() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t := template.Must(base.Clone())
		out[name] = template.Must(t.ParseFS(templateFS, "templates/"+name+".html"))
	}
	return out
}

var funcs = template.FuncMap{
	"frDate":  frDate,
	"frInt":   frInt,
	"plural":  plural,
	"person":  func(name string) string { return "/personnes/" + pathEscape(name) },
	"place":   func(name string) string { return "/lieux/" + pathEscape(name) },
	"org":     func(name string) string { return "/organisations/" + pathEscape(name) },
	"docLink": func(id string) string { return "/documents/" + pathEscape(id) },
	"evLink":  func(id string) string { return "/evenements/" + pathEscape(id) },
	// snippet trusts the snippets of search.Service, which escapes the text
	// itself and adds only <mark> tags.
	"snippet": func(s string) template.HTML { return template.HTML(s) },
	"add":     func(a, b int) int { return a + b },
	"add2":    func(a, b float64) float64 { return a + b },
	"int":     func(n uint64) int { return int(n) },
	"timelineData": func(t *timeline, toggle string) any {
		return struct {
			T      *timeline
			Toggle string
		}{t, toggle}
	},
}

// page is what every template receives.
type page struct {
	Title string
	Nav   string // the active section: "recherche", "evenements"
	Query string // the query string the navigation keeps between sections
	Data  any
}

func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	var buf bytes.Buffer
	if err := h.tmpl[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		h.log.Error("render page", "page", name, "path", r.URL.Path, "err", err)
		http.Error(w, "Erreur interne : la page n'a pas pu être affichée.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the data of the error template.
type errorPage struct {
	Heading, Message string
	Status           int
}

func (h *Handler) fail(w http.ResponseWriter, r *http.Request, status int, heading, msg string) {
	h.render(w, r, status, "error", page{Title: heading, Data: errorPage{Heading: heading, Message: msg, Status: status}})
}

// failErr answers with the page that suits err: 404 for vigie.ErrNotFound,
// 400 for vigie.ErrInvalid, 504 for a timeout, 500 otherwise. It is the
// only place that maps errors to statuses.
func (h *Handler) failErr(w http.ResponseWriter, r *http.Request, what string, err error) {
	status, heading, msg := statusOf(err)
	if status == http.StatusInternalServerError {
		h.log.Error("page failed", "path", r.URL.Path, "query", r.URL.RawQuery, "err", err)
	}
	if status == http.StatusNotFound {
		msg = what + " n'existe pas ou n'est plus dans l'index. Lancez une recherche pour retrouver ce qui s'en approche."
	}
	h.fail(w, r, status, heading, msg)
}

func statusOf(err error) (status int, heading, msg string) {
	switch {
	case errors.Is(err, vigie.ErrNotFound):
		return http.StatusNotFound, "Introuvable", ""
	case errors.Is(err, vigie.ErrInvalid):
		return http.StatusBadRequest, "Requête invalide", "La requête n'a pas pu être comprise : " + err.Error() +
			". Vérifiez les guillemets et les préfixes (signataire:, lieu:…) ou retirez des filtres."
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout, "Recherche trop longue",
			"La recherche a dépassé le temps imparti. Précisez-la avec plus de mots ou des filtres."
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "Requête interrompue", "La requête a été interrompue. Réessayez."
	}
	return http.StatusInternalServerError, "Erreur interne",
		"Vigie n'a pas pu répondre. Réessayez dans un instant ; si l'erreur persiste, consultez les journaux du serveur."
}

func (h *Handler) ctx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), h.cfg.Timeout)
}
