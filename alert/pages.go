package alert

import (
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"
)

//go:embed templates/*.html
var templateFS embed.FS

// staticFS holds the pages' stylesheet and script: files, not inline, so
// the server's Content-Security-Policy (script-src 'self') allows them.
//
//go:embed static
var staticFS embed.FS

func staticHandler() http.Handler {
	sub, _ := fs.Sub(staticFS, "static")
	fh := http.StripPrefix("/alertes/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fh.ServeHTTP(w, r)
	})
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

// frDate writes an ISO date at its precision in French: "15 mai 2024",
// "mai 2024", "2024", "15 mai" for "--05-15".
func frDate(iso string) string {
	if t, err := time.Parse("--01-02", iso); err == nil {
		return fmt.Sprint(t.Day()) + " " + frMonths[t.Month()-1]
	}
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, iso); err == nil {
			if layout == "2006-01" {
				return frMonths[t.Month()-1] + " " + t.Format("2006")
			}
			day := fmt.Sprint(t.Day())
			if t.Day() == 1 {
				day = "1er"
			}
			return day + " " + frMonths[t.Month()-1] + " " + t.Format("2006")
		}
	}
	return iso
}

// frTime writes a time in Paris in French: "15 mai 2024 à 14 h 05".
func frTime(t time.Time) string {
	t = t.In(paris())
	return frDate(t.Format("2006-01-02")) + " à " + t.Format("15 h 04")
}

var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"frDate": frDate,
	"frTime": frTime,
	// safe marks the search's snippets as HTML: search escapes the text
	// and adds only <mark> tags.
	"safe": func(s string) template.HTML { return template.HTML(onlyMarks(s)) },
}).ParseFS(templateFS, "templates/*.html"))

// onlyMarks keeps an escaped snippet's <mark> and </mark> tags and escapes
// any other tag, in case a snippet was not escaped.
func onlyMarks(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "\x00")
	s = strings.ReplaceAll(s, "</mark>", "\x01")
	s = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(s)
	return strings.NewReplacer("\x00", "<mark>", "\x01", "</mark>").Replace(s)
}

func (s *Service) handleListPage(w http.ResponseWriter, r *http.Request) {
	alerts, err := s.store.List()
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	var views []View
	for _, a := range alerts {
		v, err := s.view(a, false)
		if err != nil {
			s.failPage(w, r, err)
			return
		}
		views = append(views, v)
	}
	s.render(w, "list", map[string]any{"Alerts": views, "Query": r.URL.Query().Get("query")})
}

// handleAlertPage shows the matches found since the user's last visit,
// then records this visit.
func (s *Service) handleAlertPage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	a, err := s.store.Get(id)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	all, err := s.store.Matches(id, 0, 200)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	var fresh, older []Match
	for _, m := range all {
		if m.Seq > a.LastSeenSeq {
			fresh = append(fresh, m)
		} else if len(older) < 50 {
			older = append(older, m)
		}
	}
	v, err := s.view(a, false)
	if err != nil {
		s.failPage(w, r, err)
		return
	}
	if _, err := s.MarkSeen(id, 0); err != nil {
		s.failPage(w, r, err)
		return
	}
	s.render(w, "alert", map[string]any{"Alert": v.Alert, "Pending": v.Pending, "Failed": v.Failed,
		"New": fresh, "Older": older, "Since": a.LastSeen, "FirstVisit": a.LastSeen.Equal(a.CreatedAt)})
}

func (s *Service) render(w http.ResponseWriter, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := pageTemplates.ExecuteTemplate(w, name, data); err != nil {
		s.cfg.Logger.Error("render alert page", "page", name, "err", err)
	}
}

func (s *Service) failPage(w http.ResponseWriter, r *http.Request, err error) {
	status := errStatus(err)
	msg := "Erreur interne."
	switch status {
	case http.StatusNotFound:
		msg = "Cette alerte n’existe pas (ou plus)."
	case http.StatusBadRequest:
		msg = "Requête invalide : " + err.Error()
	default:
		s.cfg.Logger.Error("alert page", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Vigie</title><p>%s</p><p><a href="/alertes">Alertes</a></p></html>`,
		template.HTMLEscapeString(msg))
}
