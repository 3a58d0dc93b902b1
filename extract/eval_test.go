package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// sharedDir returns ../shared beside the repository, or skips the test.
func sharedDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "gold")); err != nil {
		tb.Skipf("evaluation sets not found in %s: skipping (they are not part of the repository)", shared)
	}
	return shared
}

// TestPeerSets scores main text and publication dates on a deterministic
// third of the peer sets (vigie eval scores them whole) and holds floors
// a little under what the extractor reaches.
func TestPeerSets(t *testing.T) {
	if testing.Short() {
		t.Skip("peer sets skipped in -short mode")
	}
	shared := sharedDir(t)
	text, err := evalMainText(filepath.Join(shared, "peer-eval", "trafilatura"), 3)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("main text, every third page of the trafilatura set:\n%s", text)
	if text.F1() < 0.89 {
		t.Errorf("main-text F1 %.3f under the 0.89 floor", text.F1())
	}
	dates, err := evalPublished(filepath.Join(shared, "peer-eval", "htmldate"), 3)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("publication dates, every third page of the htmldate set:\n%s", dates)
	if dates.Accuracy() < 0.87 {
		t.Errorf("publication-date accuracy %.3f under the 0.87 floor", dates.Accuracy())
	}
}

// TestGold runs the extractor over the labelled documents, writes the
// predictions, and scores them with the shared scoring script when
// python3 is installed.
func TestGold(t *testing.T) {
	shared := sharedDir(t)
	p := New()
	floors := map[string]map[string]float64{
		"seeds": {"persons": 0.95, "signatories": 0.95, "is_signing": 0.95, "event_dates": 0.95, "places": 0.93, "orgs": 0.95},
		"dev":   {"persons": 0.93, "signatories": 0.68, "is_signing": 0.93, "event_dates": 0.86, "places": 0.88, "orgs": 0.78},
	}
	for _, set := range []string{"seeds", "dev"} {
		gold := filepath.Join(shared, "gold", set+".jsonl")
		f, err := os.Open(gold)
		if err != nil {
			t.Fatal(err)
		}
		pred := filepath.Join(t.TempDir(), set+".pred.jsonl")
		out, err := os.Create(pred)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		enc := json.NewEncoder(out)
		for sc.Scan() {
			var in struct{ ID, Text, HTML, URL string }
			if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
				t.Fatal(err)
			}
			d := p.Text(in.ID, in.Text, "")
			if in.HTML != "" {
				if d, err = p.HTML(in.URL, []byte(in.HTML)); err != nil {
					t.Fatal(err)
				}
				d.ID = in.ID
			}
			enc.Encode(EvalRecord(d))
		}
		f.Close()
		out.Close()
		python, err := exec.LookPath("python3")
		if err != nil {
			t.Logf("python3 not installed: predictions in %s are not scored", pred)
			continue
		}
		args := []string{filepath.Join(shared, "eval", "score.py"), gold, pred, "--json"}
		res, err := exec.Command(python, args...).Output()
		if err != nil {
			t.Fatalf("score.py: %v", err)
		}
		var report map[string]any
		if err := json.Unmarshal(res, &report); err != nil {
			t.Fatalf("score.py output %q: %v", res, err)
		}
		var lines []string
		for field, floor := range floors[set] {
			v, ok := report[field].(map[string]any)
			if !ok {
				t.Fatalf("score.py: no %s in %s", field, res)
			}
			f1, _ := v["f1"].(float64)
			lines = append(lines, fmt.Sprintf("%s=%.3f", field, f1))
			if f1 < floor {
				t.Errorf("%s %s F1 %.3f under the %.2f floor", set, field, f1, floor)
			}
		}
		t.Logf("%s: %s", set, strings.Join(lines, " "))
	}
}
