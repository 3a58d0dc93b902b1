package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vigie/geo"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenOutput is what the golden files hold for one text: the evaluation
// record plus the dates found and the mentions, so any change of the
// extraction shows in review.
type goldenOutput struct {
	EvalJSON
	Dates    []string `json:"dates"`
	Mentions []string `json:"mentions"`
}

// TestGoldenTexts runs Parser.Text over each testdata/golden/*.txt, with a
// fixed publication date and clock, and compares the result with the .json
// beside it. Run with -update to rewrite the expected files.
func TestGoldenTexts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden texts: %v", err)
	}
	p := &Parser{Now: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }, Geo: geo.Default()}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			text, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			d := p.Text(name, strings.TrimSpace(string(text)), "2024-06-05")
			out := goldenOutput{EvalJSON: EvalRecord(d), Dates: d.Dates}
			for _, m := range d.Mentions {
				out.Mentions = append(out.Mentions, m.Kind+" "+d.Text[m.Start:m.End]+" => "+m.Value)
			}
			got, err := json.MarshalIndent(out, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			want := strings.TrimSuffix(file, ".txt") + ".json"
			if *update {
				if err := os.WriteFile(want, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenTexts -update)", err)
			}
			if !bytes.Equal(got, exp) {
				t.Errorf("Text(%s) =\n%s\nwant\n%s", name, got, exp)
			}
		})
	}
}
