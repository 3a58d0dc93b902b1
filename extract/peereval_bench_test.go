package extract

import (
	"path/filepath"
	"testing"
)

// BenchmarkParsePagePeer measures the HTML layer on 40 real pages of the
// trafilatura set (skipped without ../shared) and reports the time a page.
func BenchmarkParsePagePeer(b *testing.B) {
	dir := filepath.Join(sharedDir(b), "peer-eval", "trafilatura")
	pages, err := loadPeer(dir)
	if err != nil {
		b.Fatal(err)
	}
	var bodies [][]byte
	var urls []string
	size := 0
	for i := 0; i < len(pages) && len(bodies) < 40; i += len(pages) / 40 {
		body, err := readGz(filepath.Join(dir, "..", pages[i].Path))
		if err != nil {
			b.Fatal(err)
		}
		bodies, urls = append(bodies, body), append(urls, pages[i].URL)
		size += len(body)
	}
	b.SetBytes(int64(size / len(bodies)))
	n := 0
	for b.Loop() {
		i := n % len(bodies)
		n++
		pc, err := parsePage(bodies[i], urls[i])
		if err != nil {
			b.Fatal(err)
		}
		if pc.Text == "" && pc.Title == "" {
			b.Fatalf("%s: nothing extracted", urls[i])
		}
	}
}
