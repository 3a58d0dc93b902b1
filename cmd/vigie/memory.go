package main

import (
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// The heap of a bulk load. By default the Go runtime lets the heap grow to
// twice what is live before it collects; while crawling or ingesting,
// most of what is allocated dies within a batch, and that doubling is most
// of the process's memory. limitHeap keeps a soft memory limit at
// heapHeadroom times the live heap (never under heapFloor), so the heap
// peaks about a third above what is live. In the bench, indexing 100,000
// documents under such a limit took no longer and peaked at about half
// the anonymous memory (see bench/results).
//
// Serving is left alone: there the runtime's default keeps collections,
// and the latency they add, rare.
const (
	heapHeadroom = 1.35
	heapFloor    = 384 << 20
	heapEvery    = 250 * time.Millisecond
)

// limitHeap starts keeping the soft memory limit as above and returns the
// function that stops it and lifts the limit. It does nothing when the
// user set GOMEMLIMIT.
func limitHeap() (stop func()) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(heapEvery)
		defer tick.Stop()
		var limit int64
		for {
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				want := max(heapFloor, int64(float64(sample[0].Value.Uint64())*heapHeadroom))
				if want < limit*95/100 || want > limit*105/100 {
					limit = want
					debug.SetMemoryLimit(limit)
				}
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(math.MaxInt64)
	}
}
