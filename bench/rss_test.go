package bench

import (
	"runtime"
	"testing"
	"time"
)

func TestAnonSamplerSeesAnAllocation(t *testing.T) {
	if rssAnon() == 0 {
		t.Skip("no RssAnon in /proc/self/status here")
	}
	s := startAnonSampler(time.Millisecond)
	before := rssAnon()
	buf := make([]byte, 64<<20)
	for i := range buf {
		buf[i] = byte(i) // touch every page
	}
	time.Sleep(20 * time.Millisecond)
	peak := s.Stop()
	runtime.KeepAlive(buf)
	if peak < before+48<<20 {
		t.Errorf("peak anonymous memory %d MiB after touching 64 MiB from %d MiB", peak>>20, before>>20)
	}
}
