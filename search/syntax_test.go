package search

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"vigie"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // canonical form
	}{
		{"réindustrialisation territoires", "réindustrialisation territoires"},
		{`"déclaration commune" Béthune`, `"déclaration commune" Béthune`},
		{"charte OR convention Dole", "charte OR convention Dole"},
		{"charte OU convention", "charte OR convention"},
		{"Béthune -Dole NOT Arras", "Béthune -Dole -Arras"},
		{`signataire:"Marie Exemple" lieu:Dole titre:contrat`, `signatory:"Marie Exemple" place:Dole title:contrat`},
		{"10:30 https://exemple.fr", "10:30 https://exemple.fr"},
		{"a - b", "a b"},
		{"a AND b", "a b"},
		{"", ""},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		pos  int
		want string
	}{
		{`"accord de`, 0, "unclosed quote"},
		{`Béthune "accord`, 9, "unclosed quote"},
		{"OR charte", 0, "OR needs a term on each side"},
		{"charte OR", 7, "OR needs a term on each side"},
		{"charte OR OR convention", 10, "OR needs a term on each side"},
		{"title: Dole", 6, "title: needs a value"},
		{"a OR -b", 2, "OR cannot join an excluded term"},
		{"a NOT ", 2, "NOT needs a term after it"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) = %v, want a SyntaxError", tt.in, err)
			continue
		}
		if se.Pos != tt.pos || se.Msg != tt.want || !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.in, se.Msg, se.Pos, tt.want, tt.pos)
		}
		if !strings.Contains(err.Error(), "at character") {
			t.Errorf("Parse(%q) error %q does not say where", tt.in, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{`"a b" -c OR d title:"x`, "OR", `signataire:"`, "a:b:c", "-", "NOT NOT a", "é\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("Parse(%q): bad error %v", s, err)
			}
			_ = err.Error()
			return
		}
		// The canonical form parses to itself.
		e2, err := Parse(e.String())
		if err != nil || e2.String() != e.String() {
			t.Fatalf("Parse(%q) -> %q -> %v, %v", s, e.String(), e2, err)
		}
	})
}

func TestParseQuery(t *testing.T) {
	v, _ := url.ParseQuery("q=Dole&size=5&from=10&region=Occitanie&region=Bretagne&from_date=2023&to_date=2024-06&date_field=event&near=47.1,5.5&km=25&sort=date&include_gone=1")
	q, err := ParseQuery(v)
	if err != nil {
		t.Fatal(err)
	}
	if q.Text != "Dole" || q.Size != 5 || q.From != 10 || len(q.Regions) != 2 || q.FromDate != "2023" || q.ToDate != "2024-06" ||
		q.DateField != "event" || q.Near == nil || q.Near.Km != 25 || q.Sort != "date" || !q.IncludeGone {
		t.Errorf("ParseQuery = %+v", q)
	}
	for _, bad := range []string{"size=-1", "size=100000", "from=x", "from_date=2024-02-30", "from_date=2025&to_date=2024", "date_field=x",
		"sort=x", "include_gone=maybe", "near=91,0", "near=1,2&km=-3", "km=3", `q=a+OR`} {
		v, _ := url.ParseQuery(bad)
		if _, err := ParseQuery(v); !errors.Is(err, vigie.ErrInvalid) {
			t.Errorf("ParseQuery(%s) = %v, want ErrInvalid", bad, err)
		}
	}
}
