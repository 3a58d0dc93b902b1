package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"

	"vigie/search"
)

// filterList collects repeated -f name=value flags.
type filterList []string

func (f *filterList) String() string     { return strings.Join(*f, ",") }
func (f *filterList) Set(v string) error { *f = append(*f, v); return nil }

func runSearch(ctx context.Context, args []string) error {
	fs := newFlagSet("search", "[flags] QUERY",
		"Search the index of the data directory. QUERY uses the syntax of the web\n"+
			"interface: words (all required), \"quoted phrases\", -exclusion, OR, and field\n"+
			"prefixes such as title:, signatory: and place:. Filters take the names of the\n"+
			"API's parameters, e.g. -f region=Occitanie -f from_date=2023-01-01.")
	data := fs.String("data", defaultDataDir, "data directory (index and crawl state)")
	asJSON := fs.Bool("json", false, "print the JSON of the API's /api/search")
	size := fs.Int("size", 10, "number of hits")
	var filters filterList
	fs.Var(&filters, "f", "filter `name=value` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v := url.Values{}
	v.Set("q", strings.Join(fs.Args(), " "))
	v.Set("size", fmt.Sprint(*size))
	for _, f := range filters {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			return fmt.Errorf("search: filter %q is not name=value", f)
		}
		v.Add(name, value)
	}
	q, err := search.ParseQuery(v)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if _, err := os.Stat(indexDir(*data)); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("search: no index in %s: run 'vigie crawl' or 'vigie demo' first", *data)
	}
	ix, err := openIndex(*data, newLogger(false))
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := search.New(ix).Search(ctx, q)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if *asJSON {
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	fmt.Printf("%d résultat(s)\n\n", res.Total)
	for _, h := range res.Hits {
		fmt.Printf("%s  %s\n  %s\n  %s\n\n", orDash(h.Published), h.Title, h.URL, plainSnippet(h.Snippet))
	}
	return nil
}

var markTag = regexp.MustCompile(`</?mark>`)

// plainSnippet turns an HTML snippet into terminal text.
func plainSnippet(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(markTag.ReplaceAllString(s, ""))), " ")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
