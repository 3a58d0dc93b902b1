package webui

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"vigie"
	"vigie/search"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// handler serves the pages of the web interface.
type handler struct {
	svc  *search.Service
	log  *slog.Logger
	tmpl *template.Template
	mux  *http.ServeMux
}

// requestTimeout bounds the searches of one page.
const requestTimeout = 10 * time.Second

// New returns the handler of the French web interface over svc:
//
//	GET /                        the search page
//	GET /evenements              signing events matching the same parameters
//	GET /evenements/{id}         one event with all its source articles
//	GET /documents/{id}          one document with its entities highlighted
//	GET /personnes/{name}        a person
//	GET /lieux/{name}            a place
//	GET /organisations/{name}    an organisation
//	GET /static/...              the stylesheet and the script
//
// Pages take the query parameters of the JSON API (see search.ParseQuery).
func New(svc *search.Service) http.Handler {
	return NewLogged(svc, nil)
}

// NewLogged is New with a logger for the errors of the pages (internal
// errors and failed templates); nil discards them.
func NewLogged(svc *search.Service, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	h := &handler{svc: svc, log: log, mux: http.NewServeMux()}
	h.tmpl = template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/*.html"))
	static, _ := fs.Sub(staticFS, "static")
	h.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheControl(http.FileServerFS(static))))
	h.mux.HandleFunc("GET /{$}", h.searchPage)
	h.mux.HandleFunc("GET /evenements", h.eventsPage)
	h.mux.HandleFunc("GET /evenements/{id}", h.eventPage)
	h.mux.HandleFunc("GET /documents/{id}", h.documentPage)
	h.mux.HandleFunc("GET /personnes/{name}", h.entityPage(search.EntityPersons))
	h.mux.HandleFunc("GET /lieux/{name}", h.entityPage(search.EntityPlaces))
	h.mux.HandleFunc("GET /organisations/{name}", h.entityPage(search.EntityOrgs))
	h.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, vigie.ErrNotFound)
	})
	return h.mux
}

// Patterns returns the net/http patterns the interface answers, for a
// server that mounts it beside other handlers:
//
//	ui := webui.New(svc)
//	for _, p := range webui.Patterns() {
//		mux.Handle(p, ui)
//	}
func Patterns() []string {
	return []string{"GET /{$}", "GET /evenements", "GET /evenements/{id}", "GET /documents/{id}",
		"GET /personnes/{name}", "GET /lieux/{name}", "GET /organisations/{name}", "GET /static/"}
}

func cacheControl(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

// page is what every template receives.
type page struct {
	Title string
	Nav   string // "search" or "events": the current section
	Query string // the encoded query parameters of the page, for the links to alerts, report and export
	Data  any
}

// Link returns path with the page's query parameters.
func (p page) Link(path string) string {
	if p.Query == "" {
		return path
	}
	return path + "?" + p.Query
}

// AlertLink returns the link that creates an alert for the page's query.
func (p page) AlertLink() string {
	return "/alertes?" + url.Values{"query": {p.Query}}.Encode()
}

// ExportLink returns the link of the export of the page's query in format.
func (p page) ExportLink(format string) string {
	s := "/api/export?format=" + url.QueryEscape(format)
	if p.Query != "" {
		s += "&" + p.Query
	}
	return s
}

func (h *handler) render(w http.ResponseWriter, status int, name string, p page) {
	var buf bytes.Buffer
	if err := h.tmpl.ExecuteTemplate(&buf, name, p); err != nil {
		h.log.Error("render page", "template", name, "err", err)
		http.Error(w, "erreur interne", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorData is the body of the error page.
type errorData struct {
	Status  int
	Message string
	Hint    string
}

// statusOf maps an error to an HTTP status and a French explanation.
func statusOf(err error) (int, string, string) {
	switch {
	case errors.Is(err, vigie.ErrNotFound):
		return http.StatusNotFound, "Cette page n'existe pas ou ce contenu n'est pas dans l'index.", "Vérifiez l'adresse, ou lancez une recherche depuis l'accueil."
	case errors.Is(err, vigie.ErrInvalid):
		return http.StatusBadRequest, "La requête n'est pas valide : " + err.Error(), "Fermez les guillemets, retirez un OR isolé ou corrigez la date (AAAA, AAAA-MM ou AAAA-MM-JJ)."
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return http.StatusGatewayTimeout, "La recherche a pris trop de temps.", "Précisez la requête ou ajoutez un filtre."
	}
	return http.StatusInternalServerError, "Une erreur interne est survenue.", "Réessayez dans un instant."
}

func (h *handler) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg, hint := statusOf(err)
	if status == http.StatusInternalServerError {
		h.log.Error("page failed", "path", r.URL.Path, "err", err)
	}
	h.render(w, status, "error", page{Title: "Erreur", Data: errorData{status, msg, hint}})
}

func (h *handler) ctx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), requestTimeout)
}

// stateParams are the query parameters that make the state of a search
// page; the links keep them.
var stateParams = []string{"q", "signatory", "person", "place", "commune", "departement", "region", "org", "type", "site", "from_date", "to_date", "date_field", "sort", "size", "near", "km", "include_gone"}

// state is the query string of a page, without paging.
func state(v url.Values) url.Values {
	c := url.Values{}
	for _, k := range stateParams {
		for _, x := range v[k] {
			if strings.TrimSpace(x) != "" {
				c.Add(k, x)
			}
		}
	}
	return c
}

func clone(v url.Values) url.Values {
	c := url.Values{}
	for k, vs := range v {
		c[k] = slices.Clone(vs)
	}
	return c
}

// link returns path with the query v.
func link(path string, v url.Values) string {
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// chip is an active filter, with the link that removes it.
type chip struct {
	Label, Value, Remove string
}

var chipLabels = []struct{ param, label string }{
	{"q", "Texte"}, {"signatory", "Signataire"}, {"person", "Personne"}, {"place", "Lieu"},
	{"region", "Région"}, {"departement", "Département"}, {"commune", "Commune"},
	{"org", "Organisation"}, {"type", "Type d'accord"}, {"site", "Source"},
	{"from_date", "Depuis"}, {"to_date", "Jusqu'à"}, {"near", "Autour de"},
}

func chips(path string, v url.Values) []chip {
	var out []chip
	for _, cl := range chipLabels {
		for _, val := range v[cl.param] {
			c := clone(v)
			c[cl.param] = slices.DeleteFunc(slices.Clone(c[cl.param]), func(x string) bool { return x == val })
			if len(c[cl.param]) == 0 {
				delete(c, cl.param)
			}
			if cl.param == "near" {
				delete(c, "km")
			}
			shown := val
			if strings.HasSuffix(cl.param, "_date") {
				shown = frDate(val)
			}
			out = append(out, chip{Label: cl.label, Value: shown, Remove: link(path, c)})
		}
	}
	return out
}

// facetValue is one checkbox of the sidebar.
type facetValue struct {
	Param, Value string
	Count        int
	Checked      bool
	Link         string // the page with this value toggled, for the entity link
}

// facetGroup is one heading of the sidebar; Values beyond the first few are
// under "voir plus".
type facetGroup struct {
	Label string
	Top   []facetValue
	More  []facetValue
	Sub   []facetGroup
}

// facetsShown is the number of values shown before "voir plus".
const facetsShown = 5

func group(label, key, param string, facets map[string][]vigie.FacetValue, v url.Values) facetGroup {
	g := facetGroup{Label: label}
	var vals []facetValue
	seen := map[string]bool{}
	for _, fv := range facets[key] {
		seen[fv.Value] = true
		vals = append(vals, facetValue{Param: param, Value: fv.Value, Count: fv.Count, Checked: slices.Contains(v[param], fv.Value)})
	}
	// An active value stays visible even when it is not among the top ones.
	for _, x := range v[param] {
		if !seen[x] {
			vals = append([]facetValue{{Param: param, Value: x, Checked: true}}, vals...)
		}
	}
	if len(vals) > facetsShown {
		g.Top, g.More = vals[:facetsShown], vals[facetsShown:]
	} else {
		g.Top = vals
	}
	return g
}

func (g facetGroup) Empty() bool {
	if len(g.Top) > 0 {
		return false
	}
	for _, s := range g.Sub {
		if !s.Empty() {
			return false
		}
	}
	return true
}

// sidebar builds the facet groups of a result page.
func sidebar(facets map[string][]vigie.FacetValue, v url.Values) []facetGroup {
	places := facetGroup{Label: "Lieux", Sub: []facetGroup{
		group("Régions", "regions", "region", facets, v),
		group("Départements", "departements", "departement", facets, v),
		group("Communes", "communes", "commune", facets, v),
	}}
	return []facetGroup{
		group("Signataires", "signatories", "signatory", facets, v),
		group("Personnes", "persons", "person", facets, v),
		places,
		group("Organisations", "orgs", "org", facets, v),
		group("Type d'accord", "types", "type", facets, v),
		group("Source", "sites", "site", facets, v),
	}
}

// yearLink is one year of the "Période" facet.
type yearLink struct {
	Year   string
	Count  int
	Link   string
	Active bool
}

func years(path string, facets map[string][]vigie.FacetValue, v url.Values) []yearLink {
	var out []yearLink
	for _, y := range facets["years"] {
		c := clone(v)
		c.Set("from_date", y.Value)
		c.Set("to_date", y.Value)
		active := v.Get("from_date") == y.Value && v.Get("to_date") == y.Value
		out = append(out, yearLink{Year: y.Value, Count: y.Count, Link: link(path, c), Active: active})
	}
	return out
}

// pager links the previous and next pages.
type pager struct {
	Prev, Next string
	From, To   int
	Total      uint64
}

func paging(path string, v url.Values, q vigie.Query, total uint64) pager {
	p := pager{Total: total, From: q.From + 1, To: min(q.From+q.Size, int(total))}
	if q.From > 0 {
		c := clone(v)
		if f := max(q.From-q.Size, 0); f > 0 {
			c.Set("from", strconv.Itoa(f))
		}
		p.Prev = link(path, c)
	}
	if uint64(q.From+q.Size) < total {
		c := clone(v)
		c.Set("from", strconv.Itoa(q.From+q.Size))
		p.Next = link(path, c)
	}
	return p
}

// searchData is the body of the search page.
type searchData struct {
	Q         vigie.Query
	Params    url.Values
	Error     *errorData
	Results   *vigie.Results
	Chips     []chip
	Facets    []facetGroup
	Years     []yearLink
	Timeline  *timeline
	Map       *franceMap
	Pager     pager
	Noun      string // what the timeline counts
	Empty     bool   // nothing asked yet
	Sort      string // the effective order: relevance, date or date_asc
	ClearLink string
}

func (h *handler) searchPage(w http.ResponseWriter, r *http.Request) {
	all := r.URL.Query()
	v := state(all)
	// Without text, results come newest first: the select says so.
	sort := v.Get("sort")
	if sort == "" {
		sort = "relevance"
		if strings.TrimSpace(v.Get("q")) == "" {
			sort = "date"
		}
	}
	d := searchData{Params: v, Chips: chips("/", v), Sort: sort, ClearLink: "/", Noun: "Articles"}
	status := http.StatusOK
	q, err := search.ParseQuery(all)
	d.Q = q
	ctx, cancel := h.ctx(r)
	defer cancel()
	if err == nil {
		d.Results, err = h.svc.Search(ctx, q)
	}
	if err == nil {
		d.Facets = sidebar(d.Results.Facets, v)
		d.Years = years("/", d.Results.Facets, v)
		d.Timeline = newTimeline("/", d.Results.Facets["months"], v)
		d.Pager = paging("/", v, q, d.Results.Total)
		d.Empty = len(v) == 0
		// The map shows where the matching events took place.
		eq := q
		eq.From, eq.Size, eq.Sort = 0, search.MaxSize, ""
		if ev, err := h.svc.Events(ctx, eq); err == nil {
			d.Map = newMap(ev.Events)
		} else {
			h.log.Warn("events for the map", "err", err)
		}
	} else {
		st, msg, hint := statusOf(err)
		status = st
		d.Error = &errorData{st, msg, hint}
	}
	title := "Recherche"
	if q.Text != "" {
		title = q.Text + " — Recherche"
	}
	h.render(w, status, "search", page{Title: title, Nav: "search", Query: v.Encode(), Data: d})
}

// eventsData is the body of the events page.
type eventsData struct {
	Q        vigie.Query
	Params   url.Values
	Error    *errorData
	Results  *search.EventResults
	Chips    []chip
	Facets   []facetGroup
	Years    []yearLink
	Timeline *timeline
	Map      *franceMap
	Noun     string
	Pager    pager
}

func (h *handler) eventsPage(w http.ResponseWriter, r *http.Request) {
	all := r.URL.Query()
	v := state(all)
	d := eventsData{Params: v, Chips: chips("/evenements", v), Noun: "Signatures"}
	status := http.StatusOK
	q, err := search.ParseQuery(all)
	d.Q = q
	ctx, cancel := h.ctx(r)
	defer cancel()
	if err == nil {
		d.Results, err = h.svc.Events(ctx, q)
	}
	if err == nil {
		d.Facets = sidebar(d.Results.Facets, v)
		d.Years = years("/evenements", d.Results.Facets, v)
		d.Timeline = newTimeline("/evenements", d.Results.Facets["months"], v)
		if d.Results.Total <= uint64(q.Size) && q.From == 0 {
			d.Map = newMap(d.Results.Events)
		} else {
			eq := q
			eq.From, eq.Size = 0, search.MaxSize
			if all, err := h.svc.Events(ctx, eq); err == nil {
				d.Map = newMap(all.Events)
			}
		}
		d.Pager = paging("/evenements", v, q, d.Results.Total)
	} else {
		st, msg, hint := statusOf(err)
		status = st
		d.Error = &errorData{st, msg, hint}
	}
	h.render(w, status, "events", page{Title: "Événements", Nav: "events", Query: v.Encode(), Data: d})
}

// findEvent returns the signing with the given id, or vigie.ErrNotFound.
// The events of q are read page by page.
func (h *handler) findEvent(ctx context.Context, q vigie.Query, id string) (*search.Signing, error) {
	q.Size = search.MaxSize
	for q.From = 0; ; q.From += q.Size {
		res, err := h.svc.Events(ctx, q)
		if err != nil {
			return nil, err
		}
		for i := range res.Events {
			if res.Events[i].ID == id {
				return &res.Events[i], nil
			}
		}
		if uint64(q.From+q.Size) >= res.Total {
			return nil, vigie.ErrNotFound
		}
	}
}

func (h *handler) eventPage(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.ctx(r)
	defer cancel()
	ev, err := h.findEvent(ctx, vigie.Query{}, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	title := "Signature"
	if ev.Agreement != "" {
		title = ev.Agreement
	}
	h.render(w, http.StatusOK, "event", page{Title: title, Nav: "events", Data: ev})
}

// documentData is the body of the document page.
type documentData struct {
	Doc      *vigie.Document
	Segments []segment
	Others   []vigie.DocRef // other sources of the same signings
	Original *vigie.DocRef  // the document this one repeats
	Events   []eventRow
}

// eventRow is one event of a document, with the merged signing it belongs
// to when known.
type eventRow struct {
	vigie.Event
	SigningID string
}

func (h *handler) documentPage(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.ctx(r)
	defer cancel()
	doc, err := h.svc.Document(ctx, r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d := documentData{Doc: doc, Segments: segments(doc.Text, doc.Mentions)}
	if doc.DuplicateOf != "" {
		if o, err := h.svc.Document(ctx, doc.DuplicateOf); err == nil {
			d.Original = &vigie.DocRef{ID: o.ID, URL: o.URL, Title: o.Title, Site: o.Site, Published: o.Published}
		}
	}
	signings := h.signingsOf(ctx, doc)
	seen := map[string]bool{doc.ID: true}
	for _, s := range signings {
		for _, src := range s.Sources {
			if !seen[src.ID] {
				seen[src.ID] = true
				d.Others = append(d.Others, src)
			}
		}
	}
	for _, ev := range doc.Events {
		row := eventRow{Event: ev}
		for _, s := range signings {
			if sameReport(s, ev) {
				row.SigningID = s.ID
				break
			}
		}
		d.Events = append(d.Events, row)
	}
	title := doc.Title
	if title == "" {
		title = doc.URL
	}
	h.render(w, http.StatusOK, "document", page{Title: title, Data: d})
}

// signingsOf returns the merged signings that doc is a source of. They are
// looked up among the events of the places doc's events name.
func (h *handler) signingsOf(ctx context.Context, doc *vigie.Document) []search.Signing {
	if len(doc.Events) == 0 {
		return nil
	}
	var out []search.Signing
	got := map[string]bool{}
	places := map[string]bool{}
	for _, ev := range doc.Events {
		if ev.Place != "" {
			places[ev.Place] = true
		}
	}
	queries := []vigie.Query{}
	for p := range places {
		queries = append(queries, vigie.Query{Places: []string{p}, Size: search.MaxSize})
	}
	if len(places) < len(doc.Events) {
		// Events without a place: read them all (bounded).
		queries = append(queries, vigie.Query{Size: search.MaxSize})
	}
	for _, q := range queries {
		res, err := h.svc.Events(ctx, q)
		if err != nil {
			h.log.Warn("events of a document", "id", doc.ID, "err", err)
			continue
		}
		for _, s := range res.Events {
			if got[s.ID] {
				continue
			}
			for _, src := range s.Sources {
				if src.ID == doc.ID {
					got[s.ID] = true
					out = append(out, s)
					break
				}
			}
		}
	}
	return out
}

// sameReport reports whether ev is plausibly one of the reports merged
// into s: same place and compatible date.
func sameReport(s search.Signing, ev vigie.Event) bool {
	if !strings.EqualFold(s.Place, ev.Place) && (ev.PlaceRef == nil || s.PlaceRef == nil || ev.PlaceRef.Name != s.PlaceRef.Name) {
		return false
	}
	if ev.Date == "" || s.Date == "" {
		return true
	}
	return strings.HasSuffix(s.Date, strings.TrimLeft(ev.Date, "-")) || strings.HasPrefix(s.Date, ev.Date) || strings.HasPrefix(ev.Date, s.Date)
}

// entityData is the body of an entity page.
type entityData struct {
	E     *search.Entity
	Label string // "Personne", "Lieu", "Organisation"
	Param string // the search parameter of the entity
}

// SearchLink returns the search page filtered on the entity.
func (d entityData) SearchLink() string {
	return "/?" + url.Values{d.Param: {d.E.Name}}.Encode()
}

func (h *handler) entityPage(kind string) http.HandlerFunc {
	label, param := "Personne", "person"
	switch kind {
	case search.EntityPlaces:
		label, param = "Lieu", "place"
	case search.EntityOrgs:
		label, param = "Organisation", "org"
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := h.ctx(r)
		defer cancel()
		e, err := h.svc.Entity(ctx, kind, r.PathValue("name"))
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.render(w, http.StatusOK, "entity", page{Title: e.Name, Data: entityData{E: e, Label: label, Param: param}})
	}
}
