package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"vigie"
	"vigie/indexer"
	"vigie/search"
)

func pathEscape(s string) string { return url.PathEscape(s) }

// facetDefs are the facets of the sidebar, in display order. Places are
// drawn as one tree, région > département > commune.
var facetDefs = []struct{ key, param, label string }{
	{"signatories", "signatory", "Signataires"},
	{"persons", "person", "Personnes"},
	{"regions", "region", "Régions"},
	{"departements", "departement", "Départements"},
	{"communes", "commune", "Communes"},
	{"places", "place", "Lieux cités"},
	{"orgs", "org", "Organisations"},
	{"types", "type", "Type d'accord"},
	{"sites", "site", "Source"},
}

// chipDefs label the filters shown as removable chips.
var chipDefs = []struct{ param, label string }{
	{"signatory", "Signataire"}, {"person", "Personne"}, {"region", "Région"}, {"departement", "Département"},
	{"commune", "Commune"}, {"place", "Lieu"}, {"org", "Organisation"}, {"type", "Type"}, {"site", "Source"},
	{"from_date", "Depuis"}, {"to_date", "Jusqu'à"}, {"near", "Autour de"},
}

// shownValues is the number of values of a facet shown before "voir plus".
const shownValues = 5

type facetValue struct {
	Param   string // the query parameter the checkbox sets
	Value   string
	Count   int
	Checked bool
	ID      string // the checkbox's id
	Link    string // the page with this value toggled, for the entity link
	Sub     []facetValue
}

type facetGroup struct {
	Label, Param string
	Shown, More  []facetValue
}

type chip struct {
	Label, Value, Remove string
}

type sidebar struct {
	Action   string
	Groups   []facetGroup
	Places   *facetGroup // the tree of régions, départements and communes
	Years    []facetValue
	FromDate string
	ToDate   string
	Hidden   []hidden
}

type hidden struct{ Name, Value string }

// newSidebar builds the facets of one page from counts: checked values
// first, then by count; a checked value the counts lack is kept, so that
// submitting the form never drops a filter.
func newSidebar(action string, st state, facets map[string][]vigie.FacetValue, parents map[string]string) *sidebar {
	sb := &sidebar{Action: action, FromDate: url.Values(st).Get("from_date"), ToDate: url.Values(st).Get("to_date")}
	ids := 0
	values := func(key, param string) []facetValue {
		var out []facetValue
		seen := map[string]bool{}
		for _, v := range url.Values(st)[param] {
			if v = strings.TrimSpace(v); v != "" && !seen[indexer.Fold(v)] {
				seen[indexer.Fold(v)] = true
				out = append(out, facetValue{Param: param, Value: v, Count: -1, Checked: true})
			}
		}
		for _, fv := range facets[key] {
			if i := slices.IndexFunc(out, func(x facetValue) bool { return indexer.Fold(x.Value) == indexer.Fold(fv.Value) }); i >= 0 {
				out[i].Count = fv.Count
				continue
			}
			out = append(out, facetValue{Param: param, Value: fv.Value, Count: fv.Count})
		}
		for i := range out {
			ids++
			out[i].ID = fmt.Sprintf("f%d", ids)
		}
		return out
	}
	split := func(g *facetGroup, vs []facetValue) {
		n := max(shownValues, countChecked(vs))
		if len(vs) <= n+1 {
			g.Shown = vs
			return
		}
		g.Shown, g.More = vs[:n], vs[n:]
	}
	var regions, depts, communes []facetValue
	for _, d := range facetDefs {
		vs := values(d.key, d.param)
		switch d.param {
		case "region":
			regions = vs
			continue
		case "departement":
			depts = vs
			continue
		case "commune":
			communes = vs
			continue
		}
		if len(vs) == 0 {
			continue
		}
		g := facetGroup{Label: d.label, Param: d.param}
		split(&g, vs)
		sb.Groups = append(sb.Groups, g)
	}
	// The place tree: communes under their département, départements under
	// their région, when the events say which; the others at the top.
	if len(regions)+len(depts)+len(communes) > 0 {
		var tree []facetValue
		deptsWith := slices.Clone(depts)
		var loose []facetValue
		for _, c := range communes {
			if i := indexByFold(deptsWith, parents["c:"+indexer.Fold(c.Value)]); i >= 0 {
				deptsWith[i].Sub = append(deptsWith[i].Sub, c)
			} else {
				loose = append(loose, c)
			}
		}
		regionsWith := slices.Clone(regions)
		for _, d := range deptsWith {
			if i := indexByFold(regionsWith, parents["d:"+indexer.Fold(d.Value)]); i >= 0 {
				regionsWith[i].Sub = append(regionsWith[i].Sub, d)
			} else {
				tree = append(tree, d)
			}
		}
		tree = append(regionsWith, append(tree, loose...)...)
		g := facetGroup{Label: "Lieux", Param: ""}
		split(&g, tree)
		sb.Places = &g
	}
	for _, y := range facets["years"] {
		fv := facetValue{Value: y.Value, Count: y.Count}
		fv.Checked = sb.FromDate == y.Value && sb.ToDate == y.Value
		fv.Link = st.link(action, func(c url.Values) {
			if fv.Checked {
				c.Del("from_date")
				c.Del("to_date")
			} else {
				c.Set("from_date", y.Value)
				c.Set("to_date", y.Value)
			}
		})
		sb.Years = append(sb.Years, fv)
	}
	// Parameters the sidebar has no input for travel as hidden fields.
	for _, p := range []string{"date_field", "near", "km", "include_gone", "size"} {
		for _, v := range url.Values(st)[p] {
			sb.Hidden = append(sb.Hidden, hidden{p, v})
		}
	}
	return sb
}

func indexByFold(vs []facetValue, key string) int {
	if key == "" {
		return -1
	}
	return slices.IndexFunc(vs, func(v facetValue) bool { return indexer.Fold(v.Value) == key })
}

func countChecked(vs []facetValue) int {
	n := 0
	for _, v := range vs {
		if v.Checked {
			n++
		}
	}
	return n
}

// placeParents maps "c:"+commune and "d:"+département (Fold keys) to the
// Fold key of their département and région, from the events' places.
func placeParents(evs []search.Signing) map[string]string {
	m := map[string]string{}
	for _, e := range evs {
		p := e.PlaceRef
		if p == nil {
			continue
		}
		if p.Kind == vigie.PlaceCommune && p.Departement != "" {
			m["c:"+indexer.Fold(p.Name)] = indexer.Fold(p.Departement)
		}
		if p.Departement != "" && p.Region != "" {
			m["d:"+indexer.Fold(p.Departement)] = indexer.Fold(p.Region)
		}
	}
	return m
}

func chips(action string, st state) []chip {
	var out []chip
	for _, d := range chipDefs {
		for _, v := range url.Values(st)[d.param] {
			if strings.TrimSpace(v) == "" {
				continue
			}
			label := v
			if d.param == "from_date" || d.param == "to_date" {
				label = frDate(v)
			}
			out = append(out, chip{Label: d.label, Value: label, Remove: st.link(action, func(c url.Values) {
				c[d.param] = slices.DeleteFunc(c[d.param], func(x string) bool { return x == v })
				if d.param == "near" {
					c.Del("km")
				}
			})})
		}
	}
	return out
}

type pageLink struct {
	N       int
	Link    string
	Current bool
	Gap     bool
}

type pager struct {
	Prev, Next string
	Pages      []pageLink
	First      int // 1-based rank of the first item shown
	Last       int
}

func newPager(path string, st state, from, size int, total uint64) *pager {
	p := &pager{}
	if total == 0 || size <= 0 {
		return p
	}
	p.First = from + 1
	p.Last = min(from+size, int(total))
	at := func(f int) string {
		return st.link(path, func(c url.Values) {
			if f > 0 {
				c.Set("from", strconv.Itoa(f))
			}
		})
	}
	if from > 0 {
		p.Prev = at(max(from-size, 0))
	}
	if uint64(from+size) < total {
		p.Next = at(from + size)
	}
	n := int((total + uint64(size) - 1) / uint64(size))
	cur := from/size + 1
	if n <= 1 {
		return p
	}
	last := 0
	for i := 1; i <= n; i++ {
		if i == 1 || i == n || i >= cur-2 && i <= cur+2 {
			if last != 0 && i > last+1 {
				p.Pages = append(p.Pages, pageLink{Gap: true})
			}
			p.Pages = append(p.Pages, pageLink{N: i, Link: at((i - 1) * size), Current: i == cur})
			last = i
		}
	}
	return p
}

type sortOption struct {
	Value, Label string
	Selected     bool
}

type searchData struct {
	Q        vigie.Query
	Results  *vigie.Results
	Err      *errorPage
	Side     *sidebar
	Chips    []chip
	Sorts    []sortOption
	Pager    *pager
	Timeline *timeline
	Map      *franceMap
	// Events is the number of signing events among the matches; EventsLink
	// lists them.
	Events     uint64
	EventsLink string
	DateField  string
	ToggleDate string // the timeline by the other date
	ClearAll   string
}

func (h *Handler) searchPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	st := state(v)
	d := searchData{Chips: chips("/", st), DateField: v.Get("date_field"), ClearAll: st.link("/", func(c url.Values) {
		for k := range c {
			if k != "q" {
				c.Del(k)
			}
		}
	})}
	status := http.StatusOK
	q, err := search.ParseQuery(v)
	d.Q = q
	var evs *search.EventResults
	if err == nil {
		ctx, cancel := h.ctx(r)
		defer cancel()
		d.Results, err = h.svc.Search(ctx, q)
		if err == nil {
			eq := q
			eq.From, eq.Size, eq.Sort = 0, search.MaxSize, ""
			evs, err = h.svc.Events(ctx, eq)
		}
	}
	for _, s := range []sortOption{{"relevance", "Pertinence", false}, {"date", "Plus récents", false}, {"date_asc", "Plus anciens", false}} {
		s.Selected = q.Sort == s.Value || q.Sort == "" && s.Value == "relevance"
		d.Sorts = append(d.Sorts, s)
	}
	if err != nil {
		var heading, msg string
		status, heading, msg = statusOf(err)
		if status == http.StatusInternalServerError {
			h.log.Error("search page", "query", r.URL.RawQuery, "err", err)
		}
		d.Err = &errorPage{Heading: heading, Message: msg, Status: status}
		d.Side = newSidebar("/", st, nil, nil)
		h.render(w, r, status, "search", page{Title: "Recherche", Nav: "recherche", Query: r.URL.RawQuery, Data: d})
		return
	}
	d.Events = evs.Total
	d.EventsLink = st.link("/evenements", func(c url.Values) { c.Del("sort"); c.Del("date_field") })
	d.Side = newSidebar("/", st, d.Results.Facets, placeParents(evs.Events))
	d.Pager = newPager("/", st, q.From, q.Size, d.Results.Total)
	monthOf := func(m string) bool { return v.Get("from_date") == m && v.Get("to_date") == m }
	d.Timeline = newTimeline(d.Results.Facets["months"], func(m string) string {
		return st.link("/", func(c url.Values) {
			if monthOf(m) {
				c.Del("from_date")
				c.Del("to_date")
				return
			}
			c.Set("from_date", m)
			c.Set("to_date", m)
		})
	}, monthOf)
	if d.Timeline != nil {
		d.Timeline.Event = q.DateField == "event"
	}
	d.ToggleDate = st.link("/", func(c url.Values) {
		if q.DateField == "event" {
			c.Del("date_field")
		} else {
			c.Set("date_field", "event")
		}
	})
	places := make([]eventPlace, 0, len(evs.Events))
	for _, e := range evs.Events {
		places = append(places, eventPlace{Place: e.PlaceRef})
	}
	d.Map = newFranceMap(places, func(name string) string {
		return st.link("/evenements", func(c url.Values) { c.Del("sort"); c.Del("date_field"); c["place"] = []string{name} })
	})
	title := "Recherche"
	if q.Text != "" {
		title = q.Text
	}
	h.render(w, r, status, "search", page{Title: title, Nav: "recherche", Query: r.URL.RawQuery, Data: d})
}

type eventsData struct {
	Q        vigie.Query
	Results  *search.EventResults
	Side     *sidebar
	Chips    []chip
	Pager    *pager
	Docs     string // the documents of the same query
	ClearAll string
}

func (h *Handler) eventsPage(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	st := state(v)
	d := eventsData{Chips: chips("/evenements", st), Docs: st.link("/", func(url.Values) {}),
		ClearAll: st.link("/evenements", func(c url.Values) {
			for k := range c {
				if k != "q" {
					c.Del(k)
				}
			}
		})}
	q, err := search.ParseQuery(v)
	if err == nil {
		ctx, cancel := h.ctx(r)
		defer cancel()
		d.Q = q
		d.Results, err = h.svc.Events(ctx, q)
	}
	if err != nil {
		h.failErr(w, r, "", err)
		return
	}
	d.Side = newSidebar("/evenements", st, d.Results.Facets, placeParents(d.Results.Events))
	d.Pager = newPager("/evenements", st, q.From, q.Size, d.Results.Total)
	h.render(w, r, http.StatusOK, "events", page{Title: "Signatures", Nav: "evenements", Query: r.URL.RawQuery, Data: d})
}

// findEvent returns the signing event with the given id, or
// vigie.ErrNotFound. search.Service has no lookup by id, so it walks the
// event list page by page.
func (h *Handler) findEvent(ctx context.Context, id string) (*search.Signing, error) {
	for from := 0; ; from += search.MaxSize {
		res, err := h.svc.Events(ctx, vigie.Query{From: from, Size: search.MaxSize})
		if err != nil {
			return nil, err
		}
		for i := range res.Events {
			if res.Events[i].ID == id {
				return &res.Events[i], nil
			}
		}
		if len(res.Events) < search.MaxSize || uint64(from+search.MaxSize) >= res.Total {
			return nil, fmt.Errorf("event %q: %w", id, vigie.ErrNotFound)
		}
	}
}

type eventData struct {
	Event *search.Signing
}

func (h *Handler) eventPage(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.ctx(r)
	defer cancel()
	ev, err := h.findEvent(ctx, r.PathValue("id"))
	if err != nil {
		h.failErr(w, r, "Cet événement", err)
		return
	}
	title := ev.Agreement
	if title == "" {
		title = "Signature"
	}
	h.render(w, r, http.StatusOK, "event", page{Title: title, Nav: "evenements", Data: eventData{Event: ev}})
}

type documentData struct {
	Doc      *vigie.Document
	Body     any
	Related  []vigie.DocRef
	Signings []search.Signing
	Lead     string // the document this one duplicates
	Counts   map[string]int
}

func (h *Handler) documentPage(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := h.ctx(r)
	defer cancel()
	doc, err := h.svc.Document(ctx, r.PathValue("id"))
	if err != nil {
		h.failErr(w, r, "Ce document", err)
		return
	}
	d := documentData{Doc: doc, Body: highlight(doc.Text, doc.Mentions), Lead: doc.DuplicateOf, Counts: map[string]int{}}
	for _, m := range doc.Mentions {
		d.Counts[m.Kind]++
	}
	d.Signings, d.Related = h.related(ctx, doc)
	title := doc.Title
	if title == "" {
		title = "Document sans titre"
	}
	h.render(w, r, http.StatusOK, "document", page{Title: title, Data: d})
}

// related returns the merged signing events doc reports and the other
// documents that report them. search.Service has no lookup by document, so
// it asks for the events at each event's place (or of its signatories) and
// keeps those that list doc among their sources.
func (h *Handler) related(ctx context.Context, doc *vigie.Document) ([]search.Signing, []vigie.DocRef) {
	var sigs []search.Signing
	var refs []vigie.DocRef
	seenEv, seenDoc := map[string]bool{}, map[string]bool{doc.ID: true}
	for _, ev := range doc.Events {
		q := vigie.Query{Size: search.MaxSize}
		switch {
		case ev.PlaceRef != nil && ev.PlaceRef.Name != "":
			q.Places = []string{ev.PlaceRef.Name}
		case ev.Place != "":
			q.Places = []string{ev.Place}
		case len(ev.Signatories) > 0:
			q.Signatories = []string{ev.Signatories[0].Name}
		default:
			continue
		}
		res, err := h.svc.Events(ctx, q)
		if err != nil {
			h.log.Warn("related events", "doc", doc.ID, "err", err)
			continue
		}
		for _, s := range res.Events {
			if seenEv[s.ID] || !slices.ContainsFunc(s.Sources, func(r vigie.DocRef) bool { return r.ID == doc.ID }) {
				continue
			}
			seenEv[s.ID] = true
			sigs = append(sigs, s)
			for _, src := range s.Sources {
				if !seenDoc[src.ID] {
					seenDoc[src.ID] = true
					refs = append(refs, src)
				}
			}
		}
	}
	return sigs, refs
}

type entityData struct {
	Kind     string // "personne", "lieu", "organisation"
	Entity   *search.Entity
	Search   string // documents naming the entity
	EvSearch string
}

func (h *Handler) entityPage(kind string) http.HandlerFunc {
	label, param := map[string]string{search.EntityPersons: "personne", search.EntityPlaces: "lieu", search.EntityOrgs: "organisation"}[kind],
		map[string]string{search.EntityPersons: "person", search.EntityPlaces: "place", search.EntityOrgs: "org"}[kind]
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := h.ctx(r)
		defer cancel()
		e, err := h.svc.Entity(ctx, kind, r.PathValue("name"))
		if err != nil {
			what := map[string]string{"personne": "Cette personne", "lieu": "Ce lieu", "organisation": "Cette organisation"}[label]
			h.failErr(w, r, what, err)
			return
		}
		p := param
		if kind == search.EntityPlaces && e.Place != nil {
			switch e.Place.Kind {
			case vigie.PlaceRegion:
				p = "region"
			case vigie.PlaceDepartement:
				p = "departement"
			}
		}
		d := entityData{Kind: label, Entity: e,
			Search:   "/?" + url.Values{p: {e.Name}}.Encode(),
			EvSearch: "/evenements?" + url.Values{p: {e.Name}}.Encode()}
		h.render(w, r, http.StatusOK, "entity", page{Title: e.Name, Data: d})
	}
}
