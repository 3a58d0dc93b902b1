package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Latency summarises the latencies of a run of queries.
type Latency struct {
	N          int
	P50        time.Duration
	P95        time.Duration
	P99        time.Duration
	Throughput float64 // queries per second over the run's wall time
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

// searchFunc runs one query of the mix and returns the number of hits.
type searchFunc func(ctx context.Context, q Query) (uint64, error)

// measure runs n queries, cycling through the mix, from the given number of
// concurrent clients, and returns the overall latency and the latency of
// each query of the mix (by index).
func measure(ctx context.Context, mix []Query, n, clients int, search searchFunc) (Latency, []Latency, error) {
	type sample struct {
		q int
		d time.Duration
	}
	samples := make([]sample, n)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		next    int
		firstEr error
	)
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				mu.Lock()
				i := next
				next++
				stop := firstEr != nil
				mu.Unlock()
				if i >= n || stop || ctx.Err() != nil {
					return
				}
				qi := i % len(mix)
				t := time.Now()
				_, err := search(ctx, mix[qi])
				samples[i] = sample{qi, time.Since(t)}
				if err != nil {
					mu.Lock()
					if firstEr == nil {
						firstEr = err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	if firstEr != nil {
		return Latency{}, nil, firstEr
	}
	if err := ctx.Err(); err != nil {
		return Latency{}, nil, err
	}
	all := make([]time.Duration, n)
	per := make([][]time.Duration, len(mix))
	for i, s := range samples {
		all[i] = s.d
		per[s.q] = append(per[s.q], s.d)
	}
	perQ := make([]Latency, len(mix))
	for i := range per {
		perQ[i] = summarise(per[i], 0)
	}
	return summarise(all, wall), perQ, nil
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
