package web

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"vigie"
)

// bar is one month of the timeline.
type bar struct {
	X, Y, W, H float64
	Label      string // "mai 2024"
	Tick       string // shown under the bar when there is room: "mai", "2024"
	Count      int
	Link       string
	Active     bool
}

// timeline is the chart of matches per month.
type timeline struct {
	Width, Height, Base float64
	Bars                []bar
	Max                 int
	Event               bool // counts signing dates rather than publication dates
}

// maxTimelineMonths bounds the chart: beyond it, the last months are drawn.
const maxTimelineMonths = 120

// newTimeline draws months ("YYYY-MM" facet values) as bars over every month
// from the first to the last, empty ones included, each linking to link(month).
func newTimeline(months []vigie.FacetValue, link func(string) string, active func(string) bool) *timeline {
	counts := map[int]int{}
	first, last := math.MaxInt, math.MinInt
	for _, m := range months {
		y, err1 := strconv.Atoi(m.Value[:min(4, len(m.Value))])
		if len(m.Value) != 7 || err1 != nil {
			continue
		}
		mo, err := strconv.Atoi(m.Value[5:])
		if err != nil || mo < 1 || mo > 12 {
			continue
		}
		k := y*12 + mo - 1
		counts[k] += m.Count
		first, last = min(first, k), max(last, k)
	}
	if len(counts) == 0 {
		return nil
	}
	first = max(first, last-maxTimelineMonths+1)
	n := last - first + 1
	t := &timeline{Width: 720, Height: 150, Base: 120}
	for k := first; k <= last; k++ {
		t.Max = max(t.Max, counts[k])
	}
	slot := t.Width / float64(n)
	w := max(slot*0.8, 1)
	every := int(math.Ceil(48 / slot)) // a tick label every 48 px at least
	for i := 0; i < n; i++ {
		k := first + i
		y, mo := k/12, k%12+1
		month := fmt.Sprintf("%04d-%02d", y, mo)
		c := counts[k]
		h := 0.0
		if t.Max > 0 {
			h = float64(c) / float64(t.Max) * (t.Base - 10)
		}
		if c > 0 {
			h = max(h, 2)
		}
		b := bar{X: float64(i)*slot + (slot-w)/2, W: w, H: h, Y: t.Base - h, Count: c,
			Label: frMonths[mo-1] + " " + strconv.Itoa(y), Link: link(month), Active: active(month)}
		if i%every == 0 {
			if mo == 1 || i == 0 || every >= 12 {
				b.Tick = strconv.Itoa(y)
				if every < 12 && mo != 1 {
					b.Tick = frShortMonth(mo) + " " + strconv.Itoa(y)
				}
			} else {
				b.Tick = frShortMonth(mo)
			}
		}
		t.Bars = append(t.Bars, b)
	}
	return t
}

// Map of metropolitan France: an equirectangular projection of this box.
const (
	mapW, mapH                     = 400.0, 380.0
	lonMin, lonMax, latMin, latMax = -5.4, 9.8, 41.2, 51.2
)

func project(lat, lon float64) (x, y float64) {
	// Equirectangular with the cosine of the mean latitude, so that France
	// keeps its shape.
	k := math.Cos((latMin + latMax) / 2 * math.Pi / 180)
	sx := mapW / ((lonMax - lonMin) * k)
	sy := mapH / (latMax - latMin)
	s := min(sx, sy)
	x = (lon-lonMin)*k*s + (mapW-(lonMax-lonMin)*k*s)/2
	y = (latMax - lat) * s
	return math.Round(x*10) / 10, math.Round(y*10) / 10
}

// outline is a simplified coast and border of metropolitan France and of
// Corsica, as lon/lat points.
var outline = [][][2]float64{{
	{2.54, 51.09}, {3.1, 50.78}, {3.7, 50.3}, {4.2, 49.95}, {4.8, 50.15}, {4.85, 49.8}, {5.4, 49.6},
	{6.1, 49.5}, {6.5, 49.45}, {7.0, 49.15}, {7.6, 49.05}, {8.2, 48.97}, {7.8, 48.6}, {7.75, 48.3},
	{7.55, 47.8}, {7.55, 47.55}, {7.0, 47.45}, {6.85, 47.1}, {6.45, 46.9}, {6.1, 46.55}, {6.1, 46.25},
	{5.97, 46.2}, {6.8, 46.4}, {7.0, 45.9}, {6.8, 45.7}, {7.1, 45.2}, {6.65, 45.0}, {7.0, 44.6},
	{6.9, 44.3}, {7.5, 44.1}, {7.5, 43.78}, {7.2, 43.65}, {6.6, 43.2}, {5.9, 43.1}, {5.35, 43.3},
	{4.8, 43.4}, {4.2, 43.5}, {3.5, 43.28}, {3.0, 42.9}, {3.15, 42.45}, {2.5, 42.35}, {1.7, 42.5},
	{0.7, 42.8}, {-0.3, 42.8}, {-1.0, 43.05}, {-1.78, 43.37}, {-1.5, 43.5}, {-1.25, 44.5}, {-1.15, 45.5},
	{-1.1, 45.85}, {-1.55, 46.2}, {-2.1, 46.85}, {-2.2, 47.25}, {-2.8, 47.5}, {-3.4, 47.7}, {-4.4, 47.8},
	{-4.7, 48.1}, {-4.75, 48.4}, {-4.6, 48.65}, {-3.9, 48.72}, {-3.0, 48.8}, {-2.2, 48.6}, {-1.55, 48.65},
	{-1.6, 49.2}, {-1.9, 49.7}, {-1.25, 49.7}, {-1.1, 49.4}, {-0.2, 49.3}, {0.2, 49.45}, {0.3, 49.75},
	{1.2, 49.95}, {1.6, 50.2}, {1.6, 50.75}, {1.85, 50.95},
}, {
	{9.4, 43.0}, {9.55, 42.6}, {9.4, 41.9}, {9.2, 41.37}, {8.8, 41.55}, {8.6, 41.9}, {8.55, 42.3}, {8.7, 42.6}, {9.3, 42.7},
}}

// landmarks are a few cities drawn in grey so that a reader finds the way.
var landmarks = []struct {
	Name     string
	Lat, Lon float64
}{
	{"Paris", 48.86, 2.35}, {"Lyon", 45.76, 4.84}, {"Marseille", 43.30, 5.37}, {"Toulouse", 43.60, 1.44},
	{"Bordeaux", 44.84, -0.58}, {"Nantes", 47.22, -1.55}, {"Lille", 50.63, 3.06}, {"Strasbourg", 48.57, 7.75},
}

type mapPoint struct {
	X, Y, R float64
	Name    string
	Count   int
	Link    string
}

type landmark struct {
	X, Y float64
	Name string
}

// franceMap is the map of the places of matching signings.
type franceMap struct {
	Width, Height float64
	Outline       []string // SVG path data, one per polygon
	Landmarks     []landmark
	Points        []mapPoint
	Elsewhere     []mapPoint // places with coordinates outside the metropolitan box
	Missing       int        // events whose place has no coordinates
}

// newFranceMap places one point per distinct place of the events, sized by
// their number, each linking to link(place).
func newFranceMap(events []eventPlace, link func(string) string) *franceMap {
	m := &franceMap{Width: mapW, Height: mapH}
	for _, poly := range outline {
		var b strings.Builder
		for i, p := range poly {
			x, y := project(p[1], p[0])
			if i == 0 {
				fmt.Fprintf(&b, "M%g %g", x, y)
			} else {
				fmt.Fprintf(&b, "L%g %g", x, y)
			}
		}
		b.WriteString("Z")
		m.Outline = append(m.Outline, b.String())
	}
	for _, l := range landmarks {
		x, y := project(l.Lat, l.Lon)
		m.Landmarks = append(m.Landmarks, landmark{X: x, Y: y, Name: l.Name})
	}
	type agg struct {
		lat, lon float64
		n        int
	}
	byName := map[string]*agg{}
	var names []string
	for _, e := range events {
		if e.Place == nil || !e.Place.HasCoords() {
			m.Missing++
			continue
		}
		a, ok := byName[e.Place.Name]
		if !ok {
			a = &agg{lat: e.Place.Lat, lon: e.Place.Lon}
			byName[e.Place.Name] = a
			names = append(names, e.Place.Name)
		}
		a.n++
	}
	// Bigger points first, so that small ones stay clickable on top.
	slices.SortFunc(names, func(a, b string) int {
		if byName[a].n != byName[b].n {
			return byName[b].n - byName[a].n
		}
		return strings.Compare(a, b)
	})
	for _, name := range names {
		a := byName[name]
		p := mapPoint{Name: name, Count: a.n, Link: link(name), R: 4 + 2.5*math.Sqrt(float64(a.n-1))}
		if a.lat < latMin || a.lat > latMax || a.lon < lonMin || a.lon > lonMax {
			m.Elsewhere = append(m.Elsewhere, p)
			continue
		}
		p.X, p.Y = project(a.lat, a.lon)
		m.Points = append(m.Points, p)
	}
	return m
}

// eventPlace is the place of one event, for the map.
type eventPlace struct {
	Place *vigie.Place
}
