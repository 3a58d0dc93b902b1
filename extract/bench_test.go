package extract

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"vigie"
	"vigie/geo"
)

// BenchmarkPage measures the whole extraction of one article page: HTML,
// main text, dates, entities and events.
func BenchmarkPage(b *testing.B) {
	body, err := os.ReadFile(filepath.Join("testdata", "html", "article.html"))
	if err != nil {
		b.Fatal(err)
	}
	p := &Parser{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }, Geo: geo.Default()}
	pg := &vigie.Page{URL: "https://journal.example/eco/signature-dole", ContentType: "text/html", Body: body}
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		d, err := p.Page(pg)
		if err != nil {
			b.Fatal(err)
		}
		if !d.IsSigning || len(d.Events[0].Signatories) != 2 {
			b.Fatalf("events %+v", d.Events)
		}
	}
}
