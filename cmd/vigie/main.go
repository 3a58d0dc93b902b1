// Command vigie crawls French press and local-government sites, extracts
// signing events and their signatories, places and organisations, indexes
// them and serves faceted search.
//
// Each subcommand lives in its own file with a run function; main only
// dispatches and turns errors into an exit status.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "serve the bundled sample sites, crawl, extract and index them, then serve search", runDemo},
		{"crawl", "crawl URLs or configured sources into the data directory", runCrawl},
		{"ingest", "ingest local files and folders (HTML, text, PDF)", runIngest},
		{"serve", "serve search, the API and the web interface over the data directory", runServe},
		{"search", "search the data directory from the command line", runSearch},
		{"watch", "run the configured crawls on their schedules and check saved searches", runWatch},
		{"export", "export signing events or entities as CSV, JSON lines or XLSX", runExport},
		{"extract", "extract entities and signing events from JSON lines on stdin", runExtract},
		{"eval", "score the extractor on the shared evaluation sets", runEval},
		{"bench", "benchmark extraction, indexing and search on a synthetic corpus", runBench},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vigie:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			for _, c := range commands() {
				if c.name == args[1] {
					return c.run(ctx, []string{"-h"})
				}
			}
		}
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:])
		}
	}
	usage(os.Stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	cmds := commands()
	fmt.Fprintln(w, "Vigie follows the signing of agreements in the French press.")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: vigie COMMAND [flags] [args]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'vigie COMMAND -h' or 'vigie help COMMAND' for the flags of a command.")
}

// newFlagSet returns a flag set whose usage message starts with the
// command's synopsis and description.
func newFlagSet(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: vigie %s %s\n\n%s\n\nFlags:\n", name, synopsis, description)
		fs.PrintDefaults()
	}
	return fs
}
