package bench

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"vigie"
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

func TestMeasureStopsAtBudget(t *testing.T) {
	qs := make([]Query, 50)
	slow := func(ctx context.Context, q Query) (*vigie.Results, error) {
		time.Sleep(5 * time.Millisecond)
		return &vigie.Results{Total: 1}, nil
	}
	l, lat, res, err := measure(context.Background(), qs, 2, true, 20*time.Millisecond, slow)
	if err != nil {
		t.Fatal(err)
	}
	if l.N == 0 || l.N >= len(qs) {
		t.Fatalf("measure with a 20 ms budget ran %d of %d 5-ms queries", l.N, len(qs))
	}
	ran := 0
	for i := range qs {
		if (lat[i] > 0) != (res[i] != nil) {
			t.Errorf("query %d: latency %v but results %v", i, lat[i], res[i])
		}
		if lat[i] > 0 {
			ran++
		}
	}
	if ran != l.N {
		t.Errorf("%d queries have a latency, summary counts %d", ran, l.N)
	}
}

func TestMeasureCountsErrors(t *testing.T) {
	qs := make([]Query, 30)
	n := 0
	var mu sync.Mutex
	flaky := func(ctx context.Context, q Query) (*vigie.Results, error) {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n%3 == 0 {
			return nil, errors.New("timeout")
		}
		return &vigie.Results{}, nil
	}
	l, _, _, err := measure(context.Background(), qs, 1, false, 0, flaky)
	if err != nil {
		t.Fatalf("measure with one query in three failing: %v", err)
	}
	if l.N != 20 || l.Errors != 10 || l.FirstError != "timeout" {
		t.Errorf("measure = %d ok, %d errors (%q), want 20 and 10 (timeout)", l.N, l.Errors, l.FirstError)
	}
	failing := func(ctx context.Context, q Query) (*vigie.Results, error) { return nil, errors.New("down") }
	if _, _, _, err := measure(context.Background(), qs, 1, false, 0, failing); err == nil {
		t.Errorf("measure with every query failing returned no error")
	}
}
