package bench

import (
	"reflect"
	"strings"
	"testing"
)

func TestQueryMix(t *testing.T) {
	g := mustGenerator(t, 5)
	mix := QueryMix(g, 300)
	if len(mix) != 300 {
		t.Fatalf("QueryMix(300) returned %d queries", len(mix))
	}
	if again := QueryMix(mustGenerator(t, 5), 300); !reflect.DeepEqual(mix, again) {
		t.Errorf("QueryMix is not deterministic")
	}
	seen := map[string]bool{}
	classes := map[string]int{}
	for _, q := range mix {
		if seen[q.Name] {
			t.Errorf("query %q repeats: answers could come from a cache", q.Name)
		}
		seen[q.Name] = true
		classes[q.Class]++
		if strings.TrimSpace(q.Q.Text) == "" {
			t.Errorf("query %q has no text", q.Name)
		}
		if q.Q.Size != hitsPerPage {
			t.Errorf("query %q asks for %d hits, want %d", q.Name, q.Q.Size, hitsPerPage)
		}
		if q.Class == ClassPhrase && !strings.HasPrefix(q.Q.Text, `"`) {
			t.Errorf("phrase query %q is not quoted", q.Q.Text)
		}
		if q.Class == ClassFilter && len(q.Q.Regions)+len(q.Q.Departements)+len(q.Q.Types) == 0 && q.Q.FromDate == "" {
			t.Errorf("filter query %q has no filter", q.Name)
		}
	}
	for _, c := range Classes {
		if classes[c] < 30 {
			t.Errorf("%d %s queries of 300, want at least 30", classes[c], c)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in             string
		phrases, terms []string
	}{
		{`convention`, nil, []string{"convention"}},
		{`contrat ville`, nil, []string{"contrat", "ville"}},
		{`"maison de santé" gymnase`, []string{"maison de santé"}, []string{"gymnase"}},
		{`"unclosed phrase`, []string{"unclosed phrase"}, nil},
	}
	for _, tt := range tests {
		p, w := words(tt.in)
		if !reflect.DeepEqual(p, tt.phrases) || !reflect.DeepEqual(w, tt.terms) {
			t.Errorf("words(%q) = %q, %q, want %q, %q", tt.in, p, w, tt.phrases, tt.terms)
		}
	}
}
