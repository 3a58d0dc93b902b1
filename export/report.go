package export

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	_ "time/tzdata" // Paris time in reports, even without a system tz database

	"vigie"
)

// Count is a value and how many events have it.
type Count struct {
	Value string
	N     int
}

// Report is the summary of the signing events a query selects.
type Report struct {
	Query       string    // the query's URL parameters
	Description string    // the query in words
	Generated   time.Time // when the report was made
	Total       int       // events
	Documents   int       // documents reporting them
	Events      []EventRow
	Truncated   bool // Events holds the first MaxReportEvents only
	ByRegion    []Count
	Regions     int     // known régions among ByRegion
	ByMonth     []Count // chronological, "2024-05"; events without a month are left out
	Signatories []Count // the most frequent, at most ten
	Orgs        []Count
	Undated     int // events without a month
	Unmapped    int // events without coordinates in metropolitan France
	Timeline    template.HTML
	Map         template.HTML
}

const unknownRegion = "(région inconnue)"

// MaxReportEvents is the most events a report lists; it counts them all.
const MaxReportEvents = 2000

// BuildReport reads the events of q and summarises them.
func BuildReport(ctx context.Context, src Source, q vigie.Query, rawQuery string, now time.Time) (*Report, error) {
	r := &Report{Query: rawQuery, Description: describe(rawQuery), Generated: now}
	regions := map[string]int{}
	months := map[string]int{}
	signers := map[string]*Count{}
	orgs := map[string]*Count{}
	docs := map[string]bool{}
	var points []EventRow
	err := src.Events(ctx, q, func(e EventRow) error {
		r.Total++
		for _, d := range e.Documents {
			docs[d] = true
		}
		if e.Region != "" {
			regions[e.Region]++
		} else {
			regions[unknownRegion]++
		}
		if len(e.Date) >= 7 && !strings.HasPrefix(e.Date, "--") {
			months[e.Date[:7]]++
		} else {
			r.Undated++
		}
		seenOrg := map[string]bool{}
		for _, s := range e.Signatories {
			bump(signers, s.Name)
			if s.Org != "" && !seenOrg[Fold(s.Org)] {
				seenOrg[Fold(s.Org)] = true
				bump(orgs, s.Org)
			}
		}
		if inFrance(e.Lat, e.Lon) {
			points = append(points, EventRow{Place: e.Place, Date: e.Date, Agreement: e.Agreement, Lat: e.Lat, Lon: e.Lon})
		} else {
			r.Unmapped++
		}
		if len(r.Events) < MaxReportEvents {
			r.Events = append(r.Events, e)
		} else {
			r.Truncated = true
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.Documents = len(docs)
	for k, n := range regions {
		r.ByRegion = append(r.ByRegion, Count{k, n})
		if k != unknownRegion {
			r.Regions++
		}
	}
	slices.SortFunc(r.ByRegion, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Value, b.Value)) })
	r.ByMonth = fillMonths(months)
	r.Signatories = top(signers, 10)
	r.Orgs = top(orgs, 10)
	r.Timeline = timelineSVG(r.ByMonth)
	r.Map = mapSVG(points)
	return r, nil
}

func bump(m map[string]*Count, name string) {
	if name == "" {
		return
	}
	k := Fold(name)
	if m[k] == nil {
		m[k] = &Count{Value: name}
	}
	m[k].N++
}

func top(m map[string]*Count, k int) []Count {
	out := make([]Count, 0, len(m))
	for _, c := range m {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Value, b.Value)) })
	return out[:min(k, len(out))]
}

// fillMonths returns the counts per month from the first to the last, with
// the empty months in between (at most ten years of them).
func fillMonths(months map[string]int) []Count {
	if len(months) == 0 {
		return nil
	}
	keys := make([]string, 0, len(months))
	for k := range months {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	first, err1 := time.Parse("2006-01", keys[0])
	last, err2 := time.Parse("2006-01", keys[len(keys)-1])
	if err1 != nil || err2 != nil || last.Sub(first) > 10*366*24*time.Hour {
		out := make([]Count, len(keys))
		for i, k := range keys {
			out[i] = Count{k, months[k]}
		}
		return out
	}
	var out []Count
	for t := first; !t.After(last); t = t.AddDate(0, 1, 0) {
		k := t.Format("2006-01")
		out = append(out, Count{k, months[k]})
	}
	return out
}

var frMonths = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre"}

var frMonthsShort = []string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// frDate writes an ISO date at its precision in French: "15 mai 2024",
// "mai 2024", "2024", "15 mai" for "--05-15".
func frDate(iso string) string {
	if t, err := time.Parse("2006-01-02", iso); err == nil {
		day := fmt.Sprint(t.Day())
		if t.Day() == 1 {
			day = "1er"
		}
		return day + " " + frMonths[t.Month()-1] + " " + t.Format("2006")
	}
	if t, err := time.Parse("2006-01", iso); err == nil {
		return frMonths[t.Month()-1] + " " + t.Format("2006")
	}
	if t, err := time.Parse("--01-02", iso); err == nil {
		return fmt.Sprint(t.Day()) + " " + frMonths[t.Month()-1]
	}
	return iso
}

func frMonth(ym string) string {
	if t, err := time.Parse("2006-01", ym); err == nil {
		return frMonthsShort[t.Month()-1] + " " + t.Format("2006")
	}
	return ym
}

// timelineSVG draws one bar per month.
func timelineSVG(months []Count) template.HTML {
	if len(months) == 0 {
		return ""
	}
	const w, h, pad = 720.0, 180.0, 24.0
	maxN := 1
	for _, m := range months {
		maxN = max(maxN, m.N)
	}
	bw := (w - 2*pad) / float64(len(months))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="frise" viewBox="0 0 %.0f %.0f" role="img" aria-label="Signatures par mois">`, w, h+30)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#888"/>`, pad, h, w-pad, h)
	step := max(1, len(months)/12)
	for i, m := range months {
		bh := (h - pad) * float64(m.N) / float64(maxN)
		x := pad + float64(i)*bw
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#000091"><title>%s : %d</title></rect>`,
			x+bw*0.1, h-bh, bw*0.8, bh, template.HTMLEscapeString(frMonth(m.Value)), m.N)
		if m.N > 0 && bw >= 14 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="10" text-anchor="middle">%d</text>`, x+bw/2, h-bh-3, m.N)
		}
		if i%step == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.0f" font-size="10" text-anchor="middle">%s</text>`, x+bw/2, h+14, template.HTMLEscapeString(frMonth(m.Value)))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Bounds of the map: metropolitan France and Corsica.
const (
	mapLonMin, mapLonMax = -5.3, 9.7
	mapLatMin, mapLatMax = 41.2, 51.2
)

func inFrance(lat, lon float64) bool {
	return (lat != 0 || lon != 0) && lat >= mapLatMin && lat <= mapLatMax && lon >= mapLonMin && lon <= mapLonMax
}

// franceOutline and corsicaOutline are rough outlines (lon, lat) of
// metropolitan France and Corsica, enough to place points by eye.
var franceOutline = [][2]float64{
	{2.55, 51.09}, {1.85, 50.95}, {1.6, 50.7}, {1.55, 50.2}, {1.08, 49.93}, {0.1, 49.5}, {-0.3, 49.3},
	{-1.26, 49.67}, {-1.95, 49.72}, {-1.6, 48.83}, {-2.0, 48.65}, {-3.45, 48.82}, {-4.78, 48.6},
	{-4.78, 48.33}, {-4.73, 48.04}, {-3.37, 47.73}, {-3.1, 47.48}, {-2.2, 47.27}, {-1.78, 46.5},
	{-1.15, 46.16}, {-1.05, 45.6}, {-1.25, 44.65}, {-1.56, 43.48}, {-1.78, 43.37}, {-0.7, 42.95},
	{0.7, 42.8}, {1.75, 42.5}, {3.17, 42.43}, {3.05, 42.9}, {3.7, 43.4}, {4.6, 43.35}, {5.35, 43.2},
	{5.93, 43.1}, {6.65, 43.25}, {7.27, 43.7}, {7.5, 43.78}, {7.0, 44.25}, {6.9, 44.85}, {7.1, 45.5},
	{6.85, 45.9}, {6.2, 46.3}, {6.1, 46.6}, {6.95, 47.4}, {7.6, 47.58}, {7.8, 48.6}, {8.23, 48.97},
	{6.7, 49.2}, {6.1, 49.47}, {5.8, 49.55}, {4.85, 50.15}, {4.15, 49.98}, {3.7, 50.35}, {3.1, 50.78},
}

var corsicaOutline = [][2]float64{
	{9.4, 43.0}, {9.55, 42.6}, {9.4, 41.4}, {9.1, 41.38}, {8.6, 41.9}, {8.7, 42.55}, {9.3, 42.7},
}

// project maps (lon, lat) to the map's pixels: an equirectangular
// projection at France's mean latitude.
func project(lon, lat float64) (x, y float64) {
	const scale = 40.0
	k := math.Cos(46.5 * math.Pi / 180)
	return 10 + (lon-mapLonMin)*k*scale, 10 + (mapLatMax-lat)*scale
}

// mapSVG draws the events with coordinates on an outline of France; the
// size of a dot grows with the events at one place.
func mapSVG(points []EventRow) template.HTML {
	w, _ := project(mapLonMax, 0)
	_, h := project(0, mapLatMin)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="carte" viewBox="0 0 %.0f %.0f" role="img" aria-label="Carte des signatures">`, w+10, h+10)
	for _, outline := range [][][2]float64{franceOutline, corsicaOutline} {
		b.WriteString(`<polygon fill="#f1f1f6" stroke="#888" stroke-width="1" points="`)
		for _, p := range outline {
			x, y := project(p[0], p[1])
			fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
		}
		b.WriteString(`"/>`)
	}
	type spot struct {
		lat, lon float64
		names    []string
	}
	spots := map[[2]float64]*spot{}
	var order [][2]float64
	for _, p := range points {
		k := [2]float64{math.Round(p.Lat*100) / 100, math.Round(p.Lon*100) / 100}
		if spots[k] == nil {
			spots[k] = &spot{lat: p.Lat, lon: p.Lon}
			order = append(order, k)
		}
		spots[k].names = append(spots[k].names, strings.TrimSpace(p.Place+" — "+frDate(p.Date)+" — "+p.Agreement))
	}
	for _, k := range order {
		s := spots[k]
		x, y := project(s.lon, s.lat)
		r := 4 + 2*math.Sqrt(float64(len(s.names)-1))
		title := strings.Join(s.names[:min(len(s.names), 10)], "\n")
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="#e1000f" fill-opacity=".75" stroke="#fff"><title>%s</title></circle>`,
			x, y, r, template.HTMLEscapeString(title))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// describe writes the query parameters in words for the report's heading.
func describe(raw string) string {
	v, _ := url.ParseQuery(raw)
	labels := []struct{ key, label string }{
		{"q", "recherche"}, {"signatory", "signataire"}, {"person", "personne"}, {"place", "lieu"},
		{"commune", "commune"}, {"departement", "département"}, {"region", "région"}, {"org", "organisation"},
		{"type", "type"}, {"site", "site"}, {"from_date", "depuis"}, {"to_date", "jusqu’au"},
	}
	var parts []string
	for _, l := range labels {
		var vals []string
		for _, x := range v[l.key] {
			if x = strings.TrimSpace(x); x != "" {
				vals = append(vals, "« "+x+" »")
			}
		}
		if len(vals) > 0 {
			parts = append(parts, l.label+" "+strings.Join(vals, " ou "))
		}
	}
	if len(parts) == 0 {
		return "toutes les signatures"
	}
	return strings.Join(parts, ", ")
}

//go:embed templates/report.html static
var reportFS embed.FS

// reportCSS is the report's stylesheet: linked from the page the server
// shows (its Content-Security-Policy forbids inline styles), inlined in
// the downloaded file so that it stands alone.
var reportCSS = func() template.CSS {
	b, err := reportFS.ReadFile("static/rapport.css")
	if err != nil {
		panic(err)
	}
	return template.CSS(b)
}()

func reportStatic() http.Handler {
	sub, _ := fs.Sub(reportFS, "static")
	fh := http.StripPrefix("/rapport/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fh.ServeHTTP(w, r)
	})
}

var reportTemplate = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"frDate":  frDate,
	"frMonth": frMonth,
	"frTime": func(t time.Time) string {
		if loc, err := time.LoadLocation("Europe/Paris"); err == nil {
			t = t.In(loc)
		}
		return frDate(t.Format("2006-01-02")) + " à " + t.Format("15 h 04")
	},
	"pct": func(n, total int) string {
		if total == 0 {
			return "0"
		}
		return fmt.Sprintf("%.0f", 100*float64(n)/float64(total))
	},
}).ParseFS(reportFS, "templates/report.html"))

// RenderReport writes the report as one self-contained HTML page: styles
// and drawings inline, no external requests.
func RenderReport(r *Report, standalone bool) ([]byte, error) {
	var buf bytes.Buffer
	err := reportTemplate.Execute(&buf, map[string]any{"R": r, "Standalone": standalone, "CSS": reportCSS})
	return buf.Bytes(), err
}

func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request) {
	req, err := ParseRequest(r.URL.Query(), h.ParseQuery)
	if err != nil {
		h.failPage(w, err)
		return
	}
	v := r.URL.Query()
	download := v.Get("download") != "" && v.Get("download") != "0"
	for _, k := range []string{"download", "format", "rows", "sep", "from", "size"} {
		v.Del(k)
	}
	now := h.now()
	rep, err := BuildReport(r.Context(), h.Source, req.Query, v.Encode(), now)
	if err != nil {
		h.failPage(w, err)
		return
	}
	page, err := RenderReport(rep, download)
	if err != nil {
		h.failPage(w, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if download {
		w.Header().Set("Content-Disposition", `attachment; filename="vigie-rapport-`+now.Format("2006-01-02")+`.html"`)
	}
	w.Write(page)
}

func (h *Handler) failPage(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	msg := "Erreur interne : le rapport n’a pas pu être produit."
	if errorsIsInvalid(err) {
		status, msg = http.StatusBadRequest, "Requête invalide : "+err.Error()
	} else {
		h.log().Error("report", "err", err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<!doctype html><html lang="fr"><meta charset="utf-8"><title>Rapport — Vigie</title><p>%s</p><p><a href="/">Retour à la recherche</a></p></html>`,
		template.HTMLEscapeString(msg))
}
