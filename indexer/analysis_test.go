package indexer

import (
	"strings"
	"testing"
)

func TestFrenchAnalyzer(t *testing.T) {
	a, err := newFrenchAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	terms := func(s string) string {
		var out []string
		for _, tk := range a.Analyze([]byte(s)) {
			out = append(out, string(tk.Term))
		}
		return strings.Join(out, " ")
	}
	tests := []struct{ in, want string }{
		{"Dôle Dole DOLE", "dole dole dole"},
		{"l’intercommunalité L'Intercommunalités d'industrie", "intercommunalit intercommunalit industri"},
		{"la déclaration et les déclarations", "declaration declaration"},
		{"Béthune Bethune", "bethun bethun"},
		{"maire maires mairie mairies", "maire maire mairi mairi"},
		{"régional régionaux", "regional regional"},
		{"signataire signataires présidente présidents", "signatair signatair president president"},
		{"aujourd'hui", "aujourd'hui"},
		{"Saint-Denis 2024", "saint deni 2024"},
		{"cœur Œuvre", "coeur oeuvr"},
		{"", ""},
		{"' - ’", ""},
	}
	for _, tt := range tests {
		if got := terms(tt.in); got != tt.want {
			t.Errorf("Analyze(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Offsets and positions: stop words leave gaps, offsets are bytes of
	// the original text without the elided article.
	toks := a.Analyze([]byte("Signé à l’Élysée"))
	if len(toks) != 2 {
		t.Fatalf("tokens = %d, want 2", len(toks))
	}
	if toks[1].Position != 3 || "Signé à l’Élysée"[toks[1].Start:toks[1].End] != "Élysée" {
		t.Errorf("second token at position %d, bytes %d:%d", toks[1].Position, toks[1].Start, toks[1].End)
	}
}

func FuzzAnalyze(f *testing.F) {
	a, err := newFrenchAnalyzer()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"l'État", "Dôle", "a'", "'b", "\xff\xfe", "ÀÉÎÕÜ’’x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, tk := range a.Analyze([]byte(s)) {
			if tk.Start < 0 || tk.End > len(s) || tk.Start >= tk.End || tk.Position <= prev || len(tk.Term) == 0 {
				t.Fatalf("bad token %+v in %q", tk, s)
			}
			prev = tk.Position
		}
	})
}
