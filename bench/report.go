package bench

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"vigie"
)

// rate returns n per second of d.
func rate(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// num formats a number with thin grouping, as the tables do: 12,345.
func num(f float64) string {
	switch {
	case f == 0 || math.IsNaN(f) || math.IsInf(f, 0):
		return "–" // not measured
	case f < 10:
		return fmt.Sprintf("%.2f", f)
	case f < 100:
		return fmt.Sprintf("%.1f", f)
	}
	s := fmt.Sprintf("%.0f", f)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func mib(b int64) string { return num(float64(b) / (1 << 20)) }

// count formats an integer count: 12,345.
func count(n uint64) string {
	if n < 100 {
		return fmt.Sprint(n)
	}
	return num(float64(n))
}

// ratio returns a/b as "2.5x", or "" when either is missing.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return ""
	}
	r := a / b
	if r >= 10 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}

// Render writes the report as Markdown: the main table, the per-query
// table with hit counts, and the agreement of hit and facet counts.
func (r *Report) Render(w io.Writer) {
	c := r.Config
	fmt.Fprintf(w, "### %s documents, seed %d\n\n", num(float64(c.Docs)), c.Seed)
	// A run in progress or interrupted has only some phases: the others
	// print as "–".
	vig := &SystemResult{Name: "Vigie"}
	var peers []*SystemResult
	if len(r.Systems) > 0 {
		vig, peers = r.Systems[0], r.Systems[1:]
	}
	ingest, index := r.Ingest, r.Index
	if ingest == nil {
		ingest = &PhaseResult{}
	}
	if index == nil {
		index = &PhaseResult{}
	}
	head := "| measure | Vigie |"
	sep := "| --- | ---: |"
	for _, p := range peers {
		head += " " + p.Name + " |"
		sep += " ---: |"
	}
	for _, p := range peers {
		head += " Vigie/" + strings.Fields(p.Name)[0] + " |"
		sep += " ---: |"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	row := func(name string, v string, pv func(*SystemResult) string, ratios func(*SystemResult) string) {
		fmt.Fprintf(w, "| %s | %s |", name, v)
		for _, p := range peers {
			s := "–"
			if pv != nil {
				s = pv(p)
			}
			fmt.Fprintf(w, " %s |", s)
		}
		for _, p := range peers {
			s := ""
			if ratios != nil {
				s = ratios(p)
			}
			fmt.Fprintf(w, " %s |", s)
		}
		fmt.Fprintln(w)
	}
	x := r.Extract
	extractRate := rate(x.Pages-x.Failed, x.Extract)
	row("extraction, pages/s per core", num(extractRate), nil, nil)
	loadRate := func(s *SystemResult) float64 { return rate(s.LoadDocs, s.Load) }
	indexing := fmt.Sprintf("indexing extracted documents, documents/s (batches of %d)", c.Batch)
	if index.WithIngest {
		indexing += ", within the ingest"
	}
	row(indexing, num(loadRate(vig)),
		func(p *SystemResult) string { return num(loadRate(p)) },
		func(p *SystemResult) string { return ratio(loadRate(vig), loadRate(p)) })
	row(fmt.Sprintf("end-to-end ingest (generate, extract, index; %d workers), pages/s", c.Workers),
		num(rate(ingest.Docs+ingest.Failed, ingest.Wall)), nil, nil)
	perDoc := func(s *SystemResult) float64 { return float64(s.SizeBytes) / float64(max(1, s.LoadDocs)) / 1024 }
	row("index size on disk, KB per document", num(perDoc(vig)),
		func(p *SystemResult) string { return num(perDoc(p)) },
		func(p *SystemResult) string { return ratio(perDoc(vig), perDoc(p)) })
	text := float64(index.TextBytes)
	row(fmt.Sprintf("index size / extracted text (%s MiB)", mib(index.TextBytes)), num(float64(vig.SizeBytes)/text),
		func(p *SystemResult) string { return num(float64(p.SizeBytes) / text) }, nil)
	if !index.WithIngest {
		row("peak RSS while indexing (anonymous memory), MiB", mib(index.PeakRSS)+anonOf(index)+inProc(index), nil, nil)
	}
	row("peak RSS, end-to-end ingest (anonymous memory), MiB", mib(ingest.PeakRSS)+anonOf(ingest)+inProc(ingest), nil, nil)
	lat := func(l Latency) string { return ms(l.P50) + " / " + ms(l.P95) + " / " + ms(l.P99) }
	latRatio := func(a, b Latency) string {
		return ratio(float64(a.P50), float64(b.P50)) + " / " + ratio(float64(a.P95), float64(b.P95)) + " / " + ratio(float64(a.P99), float64(b.P99))
	}
	row("query latency, 1 client, p50 / p95 / p99, ms", lat(vig.Single),
		func(p *SystemResult) string { return lat(p.Single) },
		func(p *SystemResult) string { return latRatio(vig.Single, p.Single) })
	row(fmt.Sprintf("query latency, %d clients, p50 / p95 / p99, ms", c.Clients), lat(vig.Concurrent),
		func(p *SystemResult) string { return lat(p.Concurrent) },
		func(p *SystemResult) string { return latRatio(vig.Concurrent, p.Concurrent) })
	row(fmt.Sprintf("throughput, %d clients, queries/s", c.Clients), num(vig.Concurrent.Throughput),
		func(p *SystemResult) string { return num(p.Concurrent.Throughput) },
		func(p *SystemResult) string { return ratio(vig.Concurrent.Throughput, p.Concurrent.Throughput) })
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Ratios are Vigie/peer: above 1 Vigie is faster for rates, below 1 it is faster for latencies and smaller for sizes. "+
		"Latencies: %d distinct queries from one client, then %d others from %d clients, after %d warm-up queries; no query repeats, so no system answers from a cache. "+
		"Every query asks for the top %d hits, the %d facets (top 10 values each) and the yearly and monthly histograms.\n\n",
		len(r.mixes.single), len(r.mixes.concurrent), c.Clients, len(r.mixes.warm), hitsPerPage, len(facetNames))

	if len(vig.Results) == 0 {
		r.renderNotes(w, ingest, index, peers)
		return
	}

	// Per class of query.
	head, sep = "| class | queries | median hits |", "| --- | ---: | ---: |"
	for _, s := range r.Systems {
		head += " p50 / p99 ms " + strings.Fields(s.Name)[0] + " |"
		sep += " ---: |"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	for _, class := range Classes {
		var hits []float64
		per := make([][]time.Duration, len(r.Systems))
		for i, q := range r.Mix {
			if q.Class != class {
				continue
			}
			if vig.Results[i] != nil {
				hits = append(hits, float64(vig.Results[i].Total))
			}
			for k, s := range r.Systems {
				if s.Latencies[i] > 0 {
					per[k] = append(per[k], s.Latencies[i])
				}
			}
		}
		if len(hits) == 0 {
			continue
		}
		slices.Sort(hits)
		fmt.Fprintf(w, "| %s | %d | %s |", class, len(hits), count(uint64(hits[len(hits)/2])))
		for k := range r.Systems {
			l := summarise(per[k], 0)
			fmt.Fprintf(w, " %s / %s |", ms(l.P50), ms(l.P99))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	// A sample of queries with their hit counts in every system.
	head, sep = "| query | class |", "| --- | --- |"
	for _, s := range r.Systems {
		head += " hits " + strings.Fields(s.Name)[0] + " |"
		sep += " ---: |"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	shown := map[string]int{}
	for i, q := range r.Mix {
		if shown[q.Class] == 3 {
			continue
		}
		shown[q.Class]++
		fmt.Fprintf(w, "| %s | %s |", strings.ReplaceAll(q.Name, "|", `\|`), q.Class)
		for _, s := range r.Systems {
			if s.Results[i] == nil {
				fmt.Fprint(w, " – |")
				continue
			}
			fmt.Fprintf(w, " %s |", count(s.Results[i].Total))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	// Agreement.
	for _, p := range peers {
		sameTotal, sameFacets, facets, compared := 0, 0, 0, 0
		var diffs []string
		for i, q := range r.Mix {
			a, b := vig.Results[i], p.Results[i]
			if a == nil || b == nil {
				continue
			}
			compared++
			if a.Total == b.Total {
				sameTotal++
			} else if len(diffs) < 3 {
				diffs = append(diffs, fmt.Sprintf("%s: %d hits in Vigie, %d in %s", q.Name, a.Total, b.Total, p.Name))
			}
			for _, f := range append(slices.Clone(facetNames), histograms...) {
				facets++
				if facetsEqual(a.Facets[f], b.Facets[f]) {
					sameFacets++
				}
			}
		}
		fmt.Fprintf(w, "- %s agrees with Vigie on the hit count of %d of %d queries and on %d of %d facet lists (values and counts, histograms included).",
			p.Name, sameTotal, compared, sameFacets, facets)
		if len(diffs) > 0 {
			fmt.Fprintf(w, " For example %s.", strings.Join(diffs, "; "))
		}
		fmt.Fprintln(w)
	}
	r.renderNotes(w, ingest, index, peers)
}

// renderNotes writes the notes under the tables.
func (r *Report) renderNotes(w io.Writer, ingest, index *PhaseResult, peers []*SystemResult) {
	x := r.Extract
	if x.Pages > 0 {
		fmt.Fprintf(w, "- Extraction on the first %d pages: %d of %d signing articles flagged as signings, %d of %d other articles (near misses, news) wrongly flagged, %d of %d persons of signing articles found, %d pages rejected. Generating a page takes %s ms.\n",
			x.Pages, x.SigningFound, x.Signing, x.OthersFlagged, x.Others, x.PersonsFound, x.PersonsTrue, x.Failed,
			ms(x.Generate/time.Duration(max(1, x.Pages))))
	}
	if index.Docs > 0 {
		fmt.Fprintf(w, "- Indexing: %d documents in %s (time in Put, Merge and Close); the end-to-end ingest took %s and flagged %d signings; %d pages failed extraction.\n",
			index.Docs, index.IndexBusy.Round(time.Millisecond), ingest.Wall.Round(time.Millisecond), ingest.Signing, ingest.Failed)
		if index.WithIngest {
			fmt.Fprintln(w, "- Indexing was measured inside the end-to-end ingest (--index-phase=false): the time in Put, Merge and Close while the extraction workers competed for the cores, so it overstates the cost of indexing alone.")
		}
	}
	for _, s := range peers {
		fmt.Fprintf(w, "- %s: load and index build of %d documents took %s.\n", s.Name, s.LoadDocs, s.Load.Round(time.Millisecond))
	}
	for _, s := range r.Systems {
		for _, l := range []Latency{s.Single, s.Concurrent} {
			if l.Errors > 0 {
				fmt.Fprintf(w, "- %s: %d queries failed and are not in the latencies, the first with: %s.\n", s.Name, l.Errors, l.FirstError)
			}
		}
	}
	all := append([]*SystemResult{}, r.Systems...)
	for _, s := range all {
		if n := len(r.mixes.single); s.Single.N < n || s.Concurrent.N < len(r.mixes.concurrent) {
			fmt.Fprintf(w, "- %s: the latency runs stopped at their time budget of %s: %d of %d queries from one client, %d of %d from %d clients.\n",
				s.Name, r.Config.Budget, s.Single.N, n, s.Concurrent.N, len(r.mixes.concurrent), r.Config.Clients)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	if r.Duration == 0 {
		fmt.Fprintf(w, "- **Partial report**: the run was still going or was interrupted after %s; load averages (1, 5, 15 min) %s at the start, %s at the last phase.\n",
			time.Since(r.Started).Round(time.Second), r.LoadBefore, loadAverage())
		return
	}
	fmt.Fprintf(w, "- The whole run took %s; load averages (1, 5, 15 min) %s at the start, %s at the end.\n",
		r.Duration.Round(time.Second), r.LoadBefore, r.LoadAfter)
}

// anonOf returns the phase's peak anonymous memory, in brackets: what the
// process needs without the pages of its memory-mapped files.
func anonOf(p *PhaseResult) string {
	if p.PeakAnon == 0 {
		return ""
	}
	return " (" + mib(p.PeakAnon) + ")"
}

func inProc(p *PhaseResult) string {
	if p.InProcess {
		return " (in-process)"
	}
	return ""
}

// facetsEqual reports whether two facet lists have the same values and
// counts, in any order (ties may be ordered differently).
func facetsEqual(a, b []vigie.FacetValue) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 0 {
		return true
	}
	m := make(map[string]int, len(a))
	for _, v := range a {
		m[v.Value] = v.Count
	}
	for _, v := range b {
		if c, ok := m[v.Value]; !ok || c != v.Count {
			// A tie at the cut-off may keep a different value with the
			// same count: accept it when it is the last one.
			if v.Count != a[len(a)-1].Count {
				return false
			}
		}
	}
	return true
}
