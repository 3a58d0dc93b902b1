package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"vigie/extract"
)

// extractInput is one line of `vigie extract`'s input.
type extractInput struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	HTML string `json:"html"`
	URL  string `json:"url"`
}

func runExtract(ctx context.Context, args []string) error {
	fs := newFlagSet("extract", "[flags] < input.jsonl > output.jsonl",
		"Read JSON lines from standard input, each {\"id\", \"text\"} or {\"id\", \"html\", \"url\"},\n"+
			"and write one JSON line per input with what was extracted: id, published,\n"+
			"is_signing, events (date, place, agreement, signatories with name, role, org),\n"+
			"persons, places and orgs. A bad line is reported on standard error with its\n"+
			"number and the other lines are still processed.")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return extractLines(ctx, extract.New(), os.Stdin, os.Stdout, os.Stderr)
}

// extractLines runs the extractor over JSON lines from r and writes the
// results to w, reporting bad lines on errw.
func extractLines(ctx context.Context, p *extract.Parser, r io.Reader, w, errw io.Writer) error {
	in := bufio.NewReaderSize(r, 1<<20)
	out := bufio.NewWriter(w)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := 0
	for n := 1; ; n++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, readErr := in.ReadBytes('\n')
		if readErr != nil && !errors.Is(readErr, io.EOF) {
			return fmt.Errorf("extract: read line %d: %w", n, readErr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			rec, err := extractLine(p, line)
			if err != nil {
				failed++
				fmt.Fprintf(errw, "vigie extract: line %d: %v\n", n, err)
			} else if err := enc.Encode(rec); err != nil {
				return fmt.Errorf("extract: write line %d: %w", n, err)
			}
		}
		if readErr != nil {
			break
		}
	}
	if failed > 0 {
		return fmt.Errorf("extract: %d bad line(s)", failed)
	}
	return nil
}

func extractLine(p *extract.Parser, line []byte) (any, error) {
	var in extractInput
	if err := json.Unmarshal(line, &in); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if in.ID == "" {
		return nil, errors.New(`missing "id"`)
	}
	switch {
	case in.HTML != "":
		doc, err := p.HTML(in.URL, []byte(in.HTML))
		if err != nil {
			return nil, err
		}
		doc.ID = in.ID
		return extract.EvalRecord(doc), nil
	case in.Text != "":
		return extract.EvalRecord(p.Text(in.ID, in.Text, "")), nil
	default:
		return nil, errors.New(`need "text", or "html" with "url"`)
	}
}
