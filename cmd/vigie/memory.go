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
// heapHeadroom times the live heap plus what the runtime holds besides
// heap objects (never under heapFloor), so the heap peaks about a third
// above what is live, at the price of more frequent collections (see
// bench/results for what it costs and saves).
//
// Serving is left alone: there the runtime's default keeps collections,
// and the latency they add, rare.
const (
	heapHeadroom = 1.35
	heapFloor    = 384 << 20
	heapEvery    = 250 * time.Millisecond
)

// heapTarget returns the soft memory limit for what is live now:
// heapHeadroom times the live heap, plus what the runtime holds besides
// heap objects (goroutine stacks, its metadata, the unused parts of heap
// spans), which the limit also counts and no collection frees.
func heapTarget() int64 {
	s := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/total:bytes"},
		{Name: "/memory/classes/heap/released:bytes"},
		{Name: "/memory/classes/heap/free:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	metrics.Read(s)
	var v [5]int64
	for i := range s {
		if s[i].Value.Kind() != metrics.KindUint64 {
			return math.MaxInt64
		}
		v[i] = int64(s[i].Value.Uint64())
	}
	live, total, released, free, objects := v[0], v[1], v[2], v[3], v[4]
	overhead := max(0, total-released-free-objects)
	return max(heapFloor, int64(float64(live)*heapHeadroom)+overhead)
}

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
		tick := time.NewTicker(heapEvery)
		defer tick.Stop()
		var limit int64
		for {
			want := heapTarget()
			if want < limit*95/100 || want > limit*105/100 {
				limit = want
				debug.SetMemoryLimit(limit)
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
