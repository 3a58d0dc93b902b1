package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"vigie"
)

// Latency summarises the latencies of a run of queries.
type Latency struct {
	N          int
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Throughput float64 // queries per second over the run's wall time
	Errors     int     // queries that failed (not counted in N)
	FirstError string
}

// percentile returns the p-th percentile (0 < p <= 100) of sorted d, by
// the nearest-rank method.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	k := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(k, len(sorted)-1))]
}

func summarise(d []time.Duration, wall time.Duration) Latency {
	slices.Sort(d)
	l := Latency{N: len(d), P50: percentile(d, 50), P95: percentile(d, 95), P99: percentile(d, 99)}
	if wall > 0 {
		l.Throughput = float64(len(d)) / wall.Seconds()
	}
	return l
}

// searchFunc runs one query.
type searchFunc func(ctx context.Context, q Query) (*vigie.Results, error)

// measure runs the queries from the given number of concurrent clients and
// returns the latency summary, the latency of each query and, when keep is
// set, each query's results. Past the budget (if not zero) no more queries
// start: the queries not run have a zero latency and nil results, and the
// summary counts only those that ran. Failed queries (a timeout, a server
// error) are counted in Latency.Errors and the run goes on, unless every
// one of the first ten fails.
func measure(ctx context.Context, qs []Query, clients int, keep bool, budget time.Duration, search searchFunc) (Latency, []time.Duration, []*vigie.Results, error) {
	lat := make([]time.Duration, len(qs))
	var res []*vigie.Results
	if keep {
		res = make([]*vigie.Results, len(qs))
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		next    int
		errs    int
		firstEr error
		fatal   bool
	)
	start := time.Now()
	for range max(1, clients) {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := fatal || budget > 0 && time.Since(start) > budget
				mu.Unlock()
				if i >= len(qs) || stop || ctx.Err() != nil {
					return
				}
				t := time.Now()
				r, err := search(ctx, qs[i])
				d := time.Since(t)
				if err != nil {
					mu.Lock()
					if firstEr == nil {
						firstEr = err
					}
					errs++
					fatal = errs == 10 && next <= 10+clients
					mu.Unlock()
					continue
				}
				lat[i] = d
				if keep {
					r.Hits = nil // keep totals and facets only
					res[i] = r
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if err := ctx.Err(); err != nil {
		return Latency{}, nil, nil, err
	}
	if fatal {
		return Latency{}, nil, nil, fmt.Errorf("the first queries all failed: %w", firstEr)
	}
	var ran []time.Duration
	for _, d := range lat {
		if d > 0 {
			ran = append(ran, d)
		}
	}
	l := summarise(ran, wall)
	if errs > 0 {
		l.Errors, l.FirstError = errs, firstEr.Error()
	}
	return l, lat, res, nil
}

// ms formats a duration in milliseconds with a precision that suits it.
func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case f == 0:
		return "0"
	case f < 10:
		return fmt.Sprintf("%.2f", f)
	case f < 100:
		return fmt.Sprintf("%.1f", f)
	}
	return fmt.Sprintf("%.0f", f)
}
