package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"vigie/extract"
)

func TestExtractLines(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a", "text": "Le 15 mai 2024 à Dole, Marie Dupont, présidente de la Région Bourgogne-Franche-Comté, et Paul Martinel, maire de Dole, ont signé une déclaration commune."}`,
		`not json`,
		`{"text": "sans id"}`,
		``,
		`{"id": "b", "url": "https://journal.example/a", "html": "<html><body><article><p>Le conseil municipal a voté le budget.</p></article></body></html>"}`,
	}, "\n")
	var out, errs bytes.Buffer
	err := extractLines(context.Background(), extract.New(), strings.NewReader(in), &out, &errs)
	if err == nil || !strings.Contains(err.Error(), "2 bad line") {
		t.Errorf("error %v, want 2 bad lines", err)
	}
	for _, want := range []string{"line 2:", "line 3:"} {
		if !strings.Contains(errs.String(), want) {
			t.Errorf("stderr %q does not name %s", errs.String(), want)
		}
	}
	var recs []extract.EvalJSON
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var r extract.EvalJSON
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("output line %q: %v", l, err)
		}
		recs = append(recs, r)
	}
	if len(recs) != 2 || recs[0].ID != "a" || recs[1].ID != "b" {
		t.Fatalf("records %+v", recs)
	}
	a := recs[0]
	if !a.IsSigning || len(a.Events) != 1 || *a.Events[0].Date != "2024-05-15" || *a.Events[0].Place != "Dole" || len(a.Events[0].Signatories) != 2 {
		t.Errorf("record a = %+v", a)
	}
	if recs[1].IsSigning {
		t.Errorf("a vote was taken for a signing: %+v", recs[1])
	}
}
