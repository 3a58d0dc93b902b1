package search

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"vigie"
)

func TestQueryLimits(t *testing.T) {
	many := url.Values{}
	for i := 0; i < MaxFilterValues+1; i++ {
		many.Add("place", "Lieu"+strings.Repeat("x", i%5))
	}
	tests := []struct {
		name string
		v    url.Values
		want string // the bound the error names
	}{
		{"long query", url.Values{"q": {strings.Repeat("a", MaxQueryLength+1)}}, "parameter q"},
		{"too many terms", url.Values{"q": {strings.Repeat("mot ", MaxQueryTerms+1)}}, "terms"},
		{"page size", url.Values{"size": {"100000"}}, "parameter size"},
		{"depth", url.Values{"from": {"999999999"}}, "parameter from"},
		{"long filter value", url.Values{"org": {strings.Repeat("b", MaxValueLength+1)}}, "parameter org"},
		{"too many filter values", many, "filters"},
	}
	for _, tt := range tests {
		_, err := ParseQuery(tt.v)
		if !errors.Is(err, vigie.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want ErrInvalid naming %q", tt.name, err, tt.want)
		}
	}
	if _, err := ParseQuery(url.Values{"q": {strings.Repeat("mot ", MaxQueryTerms)}, "size": {"1000"}, "from": {"5000"}}); err != nil {
		t.Errorf("a query at the limits was refused: %v", err)
	}
	// Wildcard, regex and fuzzy characters are plain characters, never
	// expanded: they cannot make a query expensive.
	for _, q := range []string{"Dol*", "/.*/", "Dole~2", "?ole"} {
		if _, err := ParseQuery(url.Values{"q": {q}}); err != nil {
			t.Errorf("q=%s: %v", q, err)
		}
	}
}
