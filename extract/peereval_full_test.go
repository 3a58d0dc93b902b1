package extract

import (
	"os"
	"path/filepath"
	"testing"
)

// TestPeerSetsFull scores the whole peer sets (about a minute on a loaded
// machine) when VIGIE_EVAL_FULL is set, and holds floors a little under
// what the extractor reaches: main-text F1 0.907, date accuracy 0.906.
func TestPeerSetsFull(t *testing.T) {
	if os.Getenv("VIGIE_EVAL_FULL") == "" {
		t.Skip("set VIGIE_EVAL_FULL=1 to score the whole peer sets")
	}
	shared := sharedDir(t)
	text, err := EvalMainText(filepath.Join(shared, "peer-eval", "trafilatura"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("main text:\n%s", text)
	if text.F1() < 0.90 {
		t.Errorf("main-text F1 %.3f under the 0.90 floor", text.F1())
	}
	dates, err := EvalPublished(filepath.Join(shared, "peer-eval", "htmldate"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("publication dates:\n%s", dates)
	if dates.Accuracy() < 0.900 {
		t.Errorf("publication-date accuracy %.3f under the 0.900 floor", dates.Accuracy())
	}
}
