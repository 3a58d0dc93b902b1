package extract

import (
	"testing"
)

func TestPeerQuick(t *testing.T) {
	s, err := evalMainText("../../shared/peer-eval/trafilatura", 3)
	if err != nil {
		t.Skip(err)
	}
	t.Logf("\n%s", s)
	d, err := evalPublished("../../shared/peer-eval/htmldate", 3)
	if err != nil {
		t.Skip(err)
	}
	t.Logf("\n%s", d)
}
