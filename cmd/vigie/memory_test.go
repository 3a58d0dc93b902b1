package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimitHeap(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "")
	stop := limitHeap()
	keep := make([][]byte, 0, 600)
	for range 600 { // 600 MiB live: the limit must follow, above the floor
		keep = append(keep, make([]byte, 1<<20))
	}
	runtime.GC()
	want := int64(float64(600<<20) * heapHeadroom)
	deadline := time.Now().Add(5 * time.Second)
	limit := debug.SetMemoryLimit(-1)
	for limit < want && time.Now().Before(deadline) {
		time.Sleep(heapEvery)
		limit = debug.SetMemoryLimit(-1)
	}
	if limit < want || limit > 2*want {
		t.Errorf("limit %d MiB with 600 MiB live, want about %d MiB", limit>>20, want>>20)
	}
	runtime.KeepAlive(keep)
	stop()
	if limit := debug.SetMemoryLimit(-1); limit != math.MaxInt64 {
		t.Errorf("limit after stop = %d, want none", limit)
	}

	t.Setenv("GOMEMLIMIT", "2GiB")
	debug.SetMemoryLimit(2 << 30)
	defer debug.SetMemoryLimit(math.MaxInt64)
	stop = limitHeap()
	time.Sleep(2 * heapEvery)
	if limit := debug.SetMemoryLimit(-1); limit != 2<<30 {
		t.Errorf("limit with GOMEMLIMIT set = %d, want the user's %d", limit, 2<<30)
	}
	stop()
}
