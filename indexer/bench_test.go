package indexer

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vigie"
)

// benchDoc returns a press release of about 1,000 words whose wording
// varies with n, so that documents are neither exact nor near duplicates.
func benchDoc(n int) *vigie.Document {
	d := recordDoc(n)
	words := []string{"contrat", "territoire", "commune", "région", "département", "convention", "signature", "projet", "maire", "présidente", "agglomération", "industrie"}
	var b strings.Builder
	for i := range 120 {
		fmt.Fprintf(&b, "%s %s %d %s à %s, %d euros. ", words[(n+i)%len(words)], words[(n*7+i*3)%len(words)], n*1000+i,
			words[(n*5+i*11)%len(words)], d.Places[0].Name, (n+1)*(i+1))
	}
	d.Text = b.String()
	d.ContentHash = fmt.Sprintf("bench-%d", n)
	return d
}

// BenchmarkPut indexes batches of 100 documents into an index on disk, and
// reports the size of the document store per document.
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	ix, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	const batch = 100
	n := 0
	textBytes := 0
	b.ReportAllocs()
	for b.Loop() {
		docs := make([]*vigie.Document, batch)
		for i := range docs {
			docs[i] = benchDoc(n)
			textBytes += len(docs[i].Title) + len(docs[i].Text)
			n++
		}
		if err := ix.Put(ctx, docs...); err != nil {
			b.Fatal(err)
		}
	}
	if c, _ := ix.Count(); c != uint64(n) {
		b.Fatalf("Count = %d, want %d", c, n)
	}
	if err := ix.Close(); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(filepath.Join(dir, storeFile))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(fi.Size())/float64(textBytes), "store/text")
}
