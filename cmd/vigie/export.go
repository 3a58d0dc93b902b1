package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"vigie/export"
	"vigie/search"
)

func runExport(ctx context.Context, args []string) error {
	fs := newFlagSet("export", "[flags] [QUERY]",
		"Export the signing events (one row per event, its sources merged, as /api/events\n"+
			"lists them) or the entities (one row per person, organisation or place, with its\n"+
			"counts) of the documents a query selects, as CSV, JSON lines or XLSX.\n"+
			"CSV is UTF-8 with a byte-order mark, so accents survive in Excel and LibreOffice;\n"+
			"fields are comma-separated, or with --sep ';' for Excel under French regional\n"+
			"settings. QUERY and -f filters are those of 'vigie search' and of the API\n"+
			"(e.g. -f region=Occitanie -f from_date=2024). The export streams: memory does\n"+
			"not grow with the number of documents.")
	data := fs.String("data", defaultDataDir, "data directory (index and crawl state)")
	format := fs.String("format", "", "csv, jsonl or xlsx (default: from the -o file name, else csv)")
	rows := fs.String("rows", export.RowsEvents, "events or entities")
	out := fs.String("o", "", "output file (default: standard output)")
	sep := fs.String("sep", ",", "CSV field separator: \",\" or \";\" (what Excel expects under French regional settings)")
	var filters filterList
	fs.Var(&filters, "f", "filter `name=value` (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	v := url.Values{}
	v.Set("q", strings.Join(fs.Args(), " "))
	for _, f := range filters {
		name, value, ok := strings.Cut(f, "=")
		if !ok {
			return fmt.Errorf("export: filter %q is not name=value", f)
		}
		v.Add(name, value)
	}
	if *format == "" && *out != "" {
		*format = strings.TrimPrefix(filepath.Ext(*out), ".")
	}
	v.Set("format", *format)
	v.Set("rows", *rows)
	v.Set("sep", *sep)
	req, err := export.ParseRequest(v, search.ParseQuery)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if *out == "" && req.Format == export.XLSX && isTerminal(os.Stdout) {
		return errors.New("export: XLSX is binary: give -o FILE or redirect standard output")
	}
	if _, err := os.Stat(indexDir(*data)); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("export: no index in %s: run 'vigie crawl' or 'vigie demo' first", *data)
	}
	ix, err := openIndex(*data, newLogger(false))
	if err != nil {
		return err
	}
	defer ix.Close()
	src := export.Source{Search: search.New(ix), Documents: ix}

	if *out == "" {
		n, err := src.Write(ctx, req, os.Stdout)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		fmt.Fprintf(os.Stderr, "%s exported\n", exportedCount(n, req.Rows))
		return nil
	}
	// Write beside the target and rename, so a failed export leaves no
	// truncated file behind.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".vigie-export-*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	n, err := src.Write(ctx, req, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(os.Stderr, "%s exported to %s\n", exportedCount(n, req.Rows), *out)
	return nil
}

// exportedCount writes "1 event", "2 events", "1 entity", "3 entities".
func exportedCount(n int, rows string) string {
	one := map[string]string{export.RowsEvents: "event", export.RowsEntities: "entity"}[rows]
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, rows)
}
