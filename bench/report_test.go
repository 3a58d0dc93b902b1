package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestRenderPartialReport(t *testing.T) {
	rep := &Report{Config: DefaultConfig(), Started: time.Now(), Extract: ExtractResult{Pages: 10, Extract: time.Second}}
	var buf bytes.Buffer
	rep.Render(&buf)
	out := buf.String()
	for _, want := range []string{"| extraction, pages/s per core | 10.0 |", "| end-to-end ingest", "Partial report"} {
		if !strings.Contains(out, want) {
			t.Errorf("partial report has no %q:\n%s", want, out)
		}
	}
}

func TestPercentile(t *testing.T) {
	d := make([]time.Duration, 100)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	l := summarise(d, time.Second)
	if l.P50 != 50*time.Millisecond || l.P95 != 95*time.Millisecond || l.P99 != 99*time.Millisecond || l.Throughput != 100 {
		t.Errorf("summarise(1..100 ms) = %+v, want p50 50ms, p95 95ms, p99 99ms, 100 q/s", l)
	}
}
