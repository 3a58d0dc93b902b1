package webui

import (
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"vigie"
	"vigie/search"
)

// timeline is a bar chart of matches by month, drawn as inline SVG; each
// bar links to the page restricted to its month.
type timeline struct {
	Width, Height int
	Base          int // y of the axis
	Bars          []bar
	Ticks         []tick // years
	Months        []tick // month initials under the bars, when there is room
	Max           int
}

type bar struct {
	X, Y, W, H float64
	Label      string // "mai 2024 : 3 résultats"
	Link       string
	Active     bool
}

type tick struct {
	X     float64
	Label string
}

const (
	timelineWidth  = 640
	timelineHeight = 130
	timelineBase   = 92 // y of the axis
)

// newTimeline draws the months histogram, or returns nil when it has fewer
// than two months to show.
func newTimeline(path string, months []vigie.FacetValue, v url.Values) *timeline {
	months = fillMonths(months)
	if len(months) < 2 {
		return nil
	}
	t := &timeline{Width: timelineWidth, Height: timelineHeight, Base: timelineBase}
	for _, m := range months {
		t.Max = max(t.Max, m.Count)
	}
	if t.Max == 0 {
		return nil
	}
	slot := float64(timelineWidth) / float64(len(months))
	w := math.Max(slot*0.8, 1)
	lastYear := ""
	for i, m := range months {
		h := float64(m.Count) / float64(t.Max) * (timelineBase - 6)
		if m.Count > 0 {
			h = math.Max(h, 2)
		}
		c := clone(v)
		c.Set("from_date", m.Value)
		c.Set("to_date", m.Value)
		c.Del("from")
		x := float64(i) * slot
		t.Bars = append(t.Bars, bar{
			X: round1(x + (slot-w)/2), Y: round1(timelineBase - h), W: round1(w), H: round1(h),
			Label:  fmt.Sprintf("%s : %d résultat%s", frDate(m.Value), m.Count, plural(m.Count)),
			Link:   link(path, c),
			Active: v.Get("from_date") == m.Value && v.Get("to_date") == m.Value,
		})
		y, mm, _ := strings.Cut(m.Value, "-")
		if y != lastYear {
			lastYear = y
			// A year that starts too close to the previous label takes
			// its place: labels must not overlap.
			if n := len(t.Ticks); n > 0 && x-t.Ticks[n-1].X < 40 {
				t.Ticks = t.Ticks[:n-1]
			}
			t.Ticks = append(t.Ticks, tick{X: round1(x), Label: y})
		}
		if len(months) <= 18 {
			if k, err := strconv.Atoi(mm); err == nil && k >= 1 && k <= 12 {
				t.Months = append(t.Months, tick{X: round1(x + slot/2), Label: frMonthsShort[k-1]})
			}
		}
	}
	// Too many year labels overlap: keep one in n.
	if n := len(t.Ticks); n > 12 {
		step := (n + 11) / 12
		var keep []tick
		for i, tk := range t.Ticks {
			if i%step == 0 {
				keep = append(keep, tk)
			}
		}
		t.Ticks = keep
	}
	return t
}

var frMonthsShort = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// maxMonths bounds the months the timeline draws (from the latest).
const maxMonths = 240

// fillMonths adds the months without matches between the first and the
// last month of a histogram, so that bars sit on a regular time axis.
// Values that are not YYYY-MM are dropped.
func fillMonths(in []vigie.FacetValue) []vigie.FacetValue {
	counts := map[int]int{}
	lo, hi := math.MaxInt, math.MinInt
	for _, fv := range in {
		y, m, ok := strings.Cut(fv.Value, "-")
		yy, err1 := strconv.Atoi(y)
		mm, err2 := strconv.Atoi(m)
		if !ok || err1 != nil || err2 != nil || mm < 1 || mm > 12 || len(y) != 4 {
			continue
		}
		k := yy*12 + mm - 1
		counts[k] += fv.Count
		lo, hi = min(lo, k), max(hi, k)
	}
	if len(counts) == 0 {
		return nil
	}
	lo = max(lo, hi-maxMonths+1)
	out := make([]vigie.FacetValue, 0, hi-lo+1)
	for k := lo; k <= hi; k++ {
		out = append(out, vigie.FacetValue{Value: fmt.Sprintf("%04d-%02d", k/12, k%12+1), Count: counts[k]})
	}
	return out
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// franceOutline is a coarse outline of metropolitan France (lon, lat),
// clockwise from Dunkerque: about fifty points, enough to place the
// signings, not to draw borders.
var franceOutline = [][2]float64{
	{2.55, 51.09}, {3.2, 50.75}, {4.15, 50.28}, {4.85, 50.15}, {5.4, 49.62}, {5.9, 49.5},
	{6.36, 49.47}, {7.05, 49.12}, {8.2, 48.97}, {7.8, 48.55}, {7.58, 47.9}, {7.59, 47.56},
	{7.0, 47.45}, {6.45, 47.0}, {6.1, 46.5}, {6.1, 46.2}, {6.8, 46.4}, {7.04, 45.92},
	{6.8, 45.6}, {7.15, 45.25}, {6.63, 45.1}, {7.0, 44.65}, {6.9, 44.4}, {7.7, 44.1},
	{7.53, 43.78}, {6.95, 43.5}, {6.4, 43.15}, {5.35, 43.2}, {4.8, 43.35}, {3.9, 43.52},
	{3.05, 42.95}, {3.15, 42.45}, {2.5, 42.35}, {1.75, 42.5}, {0.7, 42.8}, {-0.5, 42.8},
	{-1.78, 43.37}, {-1.45, 43.65}, {-1.25, 44.6}, {-1.15, 45.55}, {-1.2, 46.2}, {-2.15, 46.9},
	{-2.2, 47.25}, {-3.0, 47.5}, {-4.37, 47.8}, {-4.79, 48.36}, {-4.3, 48.65}, {-3.0, 48.82},
	{-2.0, 48.65}, {-1.55, 48.65}, {-1.6, 49.2}, {-1.94, 49.72}, {-1.26, 49.68}, {-1.1, 49.35},
	{-0.3, 49.3}, {0.1, 49.47}, {0.2, 49.72}, {1.37, 50.06}, {1.6, 50.72}, {1.85, 50.96},
}

// corsicaOutline is a coarse outline of Corsica.
var corsicaOutline = [][2]float64{
	{9.35, 43.0}, {9.55, 42.15}, {9.2, 41.38}, {8.8, 41.6}, {8.6, 42.1}, {8.65, 42.6}, {9.3, 42.75},
}

// The map's frame, in degrees, and its scale in SVG units per degree of
// latitude. Longitudes shrink by cos(46.5°): an equirectangular projection
// centred on France.
const (
	mapLonMin = -5.3
	mapLonMax = 9.8
	mapLatMin = 41.2
	mapLatMax = 51.3
	mapScale  = 40.0
)

var mapCos = math.Cos(46.5 * math.Pi / 180)

func project(lon, lat float64) (x, y float64) {
	return round1((lon - mapLonMin) * mapCos * mapScale), round1((mapLatMax - lat) * mapScale)
}

func inFrame(lon, lat float64) bool {
	return lon >= mapLonMin && lon <= mapLonMax && lat >= mapLatMin && lat <= mapLatMax
}

func polygon(pts [][2]float64) string {
	var b strings.Builder
	for i, p := range pts {
		x, y := project(p[0], p[1])
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%g,%g", x, y)
	}
	return b.String()
}

// franceMap places the signings of a result page on an outline of France.
type franceMap struct {
	Width, Height float64
	Outline       string
	Corsica       string
	Points        []point
	Outside       int // events with coordinates outside metropolitan France
}

type point struct {
	X, Y, R float64
	Label   string // "Dole : 2 signatures"
	Link    string
}

// newMap places the events that have coordinates, one point per place
// sized by its number of events, or returns nil when none has any.
func newMap(events []search.Signing) *franceMap {
	type agg struct {
		p vigie.Place
		n int
	}
	byPlace := map[string]*agg{}
	outside := 0
	for _, ev := range events {
		p := ev.PlaceRef
		if p == nil || !p.HasCoords() {
			continue
		}
		if !inFrame(p.Lon, p.Lat) {
			outside++
			continue
		}
		a := byPlace[p.Name]
		if a == nil {
			a = &agg{p: *p}
			byPlace[p.Name] = a
		}
		a.n++
	}
	if len(byPlace) == 0 && outside == 0 {
		return nil
	}
	w, _ := project(mapLonMax, mapLatMin)
	_, h := project(mapLonMin, mapLatMin)
	m := &franceMap{Width: w, Height: h, Outline: polygon(franceOutline), Corsica: polygon(corsicaOutline), Outside: outside}
	for _, a := range byPlace {
		x, y := project(a.p.Lon, a.p.Lat)
		label := fmt.Sprintf("%s : %d signature%s", a.p.Name, a.n, plural(a.n))
		m.Points = append(m.Points, point{X: x, Y: y, R: round1(7 + 3*math.Sqrt(float64(a.n-1))), Label: label,
			Link: "/evenements?" + url.Values{"place": {a.p.Name}}.Encode()})
	}
	// Big points first, so that small ones stay clickable on top.
	sort.Slice(m.Points, func(i, j int) bool {
		if m.Points[i].R != m.Points[j].R {
			return m.Points[i].R > m.Points[j].R
		}
		return m.Points[i].Label < m.Points[j].Label
	})
	return m
}
