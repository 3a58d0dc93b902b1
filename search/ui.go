package search

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"vigie"
)

//go:embed templates/*.html
var templateFS embed.FS

type ui struct {
	search *template.Template
}

var frMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// frDate writes an ISO date at its precision in French: "27 mai 2024",
// "mars 2019", "2019".
func frDate(s string) string {
	parts := strings.Split(s, "-")
	if len(parts) >= 2 {
		m, err := strconv.Atoi(parts[1])
		if err != nil || m < 1 || m > 12 {
			return s
		}
		if len(parts) == 3 {
			d, err := strconv.Atoi(parts[2])
			if err != nil {
				return s
			}
			day := strconv.Itoa(d)
			if d == 1 {
				day = "1er"
			}
			return day + " " + frMonths[m-1] + " " + parts[0]
		}
		return frMonths[m-1] + " " + parts[0]
	}
	return s
}

func newUI() *ui {
	funcs := template.FuncMap{
		"frDate": frDate,
		// snippet marks a snippet built by Service.snippet, which escapes
		// the text itself and adds only <mark> tags, as safe HTML.
		"snippet": func(s string) template.HTML { return template.HTML(s) },
	}
	t := template.Must(template.New("search.html").Funcs(funcs).ParseFS(templateFS, "templates/search.html"))
	return &ui{search: t}
}

// facetLabels are the French headings of the facets, in display order.
var facetLabels = []struct{ key, param, label string }{
	{"signatories", "signatory", "Signataires"},
	{"persons", "person", "Personnes"},
	{"regions", "region", "Régions"},
	{"departements", "departement", "Départements"},
	{"communes", "commune", "Communes"},
	{"places", "place", "Lieux"},
	{"orgs", "org", "Organisations"},
	{"types", "type", "Types d'accord"},
	{"sites", "site", "Sites"},
	{"years", "", "Années"},
}

type facetLink struct {
	Value  string
	Count  int
	Link   string
	Active bool
}

type facetView struct {
	Label  string
	Values []facetLink
}

type activeFilter struct {
	Label, Value, Remove string
}

type pageData struct {
	Q       vigie.Query
	Results *vigie.Results
	Error   string
	Facets  []facetView
	Active  []activeFilter
	Hidden  []struct{ Name, Value string }
	Prev    string
	Next    string
}

var filterParams = []struct{ param, label string }{
	{"signatory", "Signataire"}, {"person", "Personne"}, {"place", "Lieu"}, {"commune", "Commune"},
	{"departement", "Département"}, {"region", "Région"}, {"org", "Organisation"}, {"type", "Type"},
	{"site", "Site"}, {"from_date", "Depuis"}, {"to_date", "Jusqu'à"},
}

func (srv *server) page(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	data := pageData{}
	status := http.StatusOK
	q, err := ParseQuery(v)
	data.Q = q
	if err == nil {
		ctx, cancel := srv.ctx(r)
		defer cancel()
		data.Results, err = srv.s.Search(ctx, q)
	}
	if err != nil {
		status = statusOf(err)
		if status == http.StatusInternalServerError {
			srv.log.Error("search page", "query", r.URL.RawQuery, "err", err)
			data.Error = "Erreur interne."
		} else {
			data.Error = "Requête invalide : " + err.Error()
		}
	}
	link := func(set func(url.Values)) string {
		c := url.Values{}
		for k, vs := range v {
			c[k] = append([]string(nil), vs...)
		}
		c.Del("from")
		set(c)
		return "/?" + c.Encode()
	}
	for _, fp := range filterParams {
		for _, val := range v[fp.param] {
			data.Active = append(data.Active, activeFilter{Label: fp.label, Value: val, Remove: link(func(c url.Values) {
				var keep []string
				for _, x := range c[fp.param] {
					if x != val {
						keep = append(keep, x)
					}
				}
				c[fp.param] = keep
			})})
			data.Hidden = append(data.Hidden, struct{ Name, Value string }{fp.param, val})
		}
	}
	if res := data.Results; res != nil {
		for _, fl := range facetLabels {
			fv := facetView{Label: fl.label}
			for _, val := range res.Facets[fl.key] {
				fl := fl
				val := val
				l := facetLink{Value: val.Value, Count: val.Count}
				if fl.key == "years" {
					l.Link = link(func(c url.Values) { c.Set("from_date", val.Value); c.Set("to_date", val.Value) })
				} else {
					for _, x := range v[fl.param] {
						if x == val.Value {
							l.Active = true
						}
					}
					l.Link = link(func(c url.Values) {
						if !l.Active {
							c.Add(fl.param, val.Value)
						}
					})
				}
				fv.Values = append(fv.Values, l)
			}
			data.Facets = append(data.Facets, fv)
		}
		if q.From > 0 {
			data.Prev = link(func(c url.Values) { c.Set("from", strconv.Itoa(max(q.From-q.Size, 0))) })
		}
		if uint64(q.From+q.Size) < res.Total {
			data.Next = link(func(c url.Values) { c.Set("from", strconv.Itoa(q.From+q.Size)) })
		}
	}
	var buf bytes.Buffer
	if err := srv.ui.search.Execute(&buf, data); err != nil {
		srv.log.Error("render search page", "err", err)
		http.Error(w, "erreur interne", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
