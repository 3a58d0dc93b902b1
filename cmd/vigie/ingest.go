package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"vigie/crawler"
)

func runIngest(ctx context.Context, args []string) error {
	fs := newFlagSet("ingest", "[flags] PATH...",
		"Ingest local files and folders (HTML, plain text, PDF) through the same\n"+
			"extraction and index as crawled pages. Folders are walked recursively; every\n"+
			"file that cannot be read is reported with the reason.")
	data := fs.String("data", defaultDataDir, "data directory (index and crawl state)")
	verbose := fs.Bool("v", false, "log every file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return errors.New("ingest: give at least one file or folder")
	}
	log := newLogger(*verbose)
	ix, err := openIndex(*data, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	defer limitHeap()()
	p := newPipeline(ix, log)
	report, err := crawler.Ingest(ctx, fs.Args(), p)
	if report != nil {
		fmt.Fprintln(os.Stderr, report)
	}
	if err == nil {
		err = p.finish(ctx)
	}
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	fmt.Fprintf(os.Stderr, "%d files indexed, %d report a signing\n", p.indexed.Load(), p.signing.Load())
	return nil
}
