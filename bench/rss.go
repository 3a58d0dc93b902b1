package bench

import (
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// peakRSS returns the peak resident set size of this process in bytes:
// VmHWM from /proc/self/status, or getrusage's maxrss where /proc is not
// available.
func peakRSS() int64 {
	if n := procStatus("VmHWM"); n > 0 {
		return n
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		return ru.Maxrss << 10 // kilobytes on Linux
	}
	return 0
}

// anonSampler keeps the peak of this process's anonymous resident memory
// (RssAnon: the heap, stacks and runtime), sampled periodically. Peak RSS
// also counts the file-backed pages of memory-mapped files, such as the
// index's segments and document store, which the kernel drops under
// pressure; the two figures together tell what the process needs.
type anonSampler struct {
	peak atomic.Int64
	stop chan struct{}
	done chan struct{}
}

// startAnonSampler samples every interval until Stop.
func startAnonSampler(every time.Duration) *anonSampler {
	s := &anonSampler{stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if n := rssAnon(); n > s.peak.Load() {
				s.peak.Store(n)
			}
			select {
			case <-s.stop:
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop ends the sampling and returns the peak in bytes, 0 where
// /proc/self/status has no RssAnon.
func (s *anonSampler) Stop() int64 {
	close(s.stop)
	<-s.done
	if n := rssAnon(); n > s.peak.Load() {
		s.peak.Store(n)
	}
	return s.peak.Load()
}

// rssAnon returns RssAnon from /proc/self/status in bytes, or 0.
func rssAnon() int64 { return procStatus("RssAnon") }

// procStatus returns the field of /proc/self/status given in kB, in bytes,
// or 0 where it is missing.
func procStatus(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}
