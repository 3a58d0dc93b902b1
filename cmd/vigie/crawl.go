package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"vigie/crawler"
)

func runCrawl(ctx context.Context, args []string) error {
	fs := newFlagSet("crawl", "[flags] URL...",
		"Crawl the given start URLs (and the sources of --sources), extract every page\n"+
			"and index it into the data directory. A crawl that is interrupted resumes\n"+
			"where it stopped the next time it runs on the same data directory.")
	data := fs.String("data", defaultDataDir, "data directory (index and crawl state)")
	sourcesFile := fs.String("sources", "", "JSON file of sources to crawl (see the README)")
	verbose := fs.Bool("v", false, "log every page")
	cfg := crawler.DefaultConfig()
	bindCrawlerFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	sources, err := crawlSources(*sourcesFile, fs.Args())
	if err != nil {
		return err
	}
	if len(sources) == 0 {
		fs.Usage()
		return errors.New("crawl: give at least one URL or --sources")
	}
	log := newLogger(*verbose)
	ix, err := openIndex(*data, log)
	if err != nil {
		return err
	}
	defer ix.Close()
	defer limitHeap()()
	cfg.DataDir = *data
	cfg.Logger = log
	if isTerminal(os.Stderr) {
		cfg.Progress = os.Stderr
	}
	c, err := crawler.New(cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	p := newPipeline(ix, log)
	report, err := c.Crawl(ctx, sources, p)
	if report != nil {
		fmt.Fprintln(os.Stderr, report)
	}
	if err == nil {
		err = p.finish(ctx)
	}
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	fmt.Fprintf(os.Stderr, "%d articles indexed, %d report a signing, %d other pages skipped; index in %s\n", p.indexed.Load(), p.signing.Load(), p.skipped.Load(), indexDir(*data))
	return nil
}

// crawlSources merges the sources of a config file with one-off start URLs.
func crawlSources(file string, urls []string) ([]crawler.Source, error) {
	var sources []crawler.Source
	if file != "" {
		s, err := crawler.LoadSources(file)
		if err != nil {
			return nil, err
		}
		sources = append(sources, s...)
	}
	for _, u := range urls {
		sources = append(sources, crawler.Source{URL: u})
	}
	return sources, nil
}

// bindCrawlerFlags binds the crawler's politeness and safety settings to flags.
func bindCrawlerFlags(fs *flag.FlagSet, cfg *crawler.Config) {
	fs.StringVar(&cfg.UserAgent, "user-agent", cfg.UserAgent, "User-Agent sent to sites")
	fs.DurationVar(&cfg.Delay, "delay", cfg.Delay, "minimum delay between two requests to one host")
	fs.IntVar(&cfg.Parallelism, "parallel", cfg.Parallelism, "requests in flight per host")
	fs.DurationVar(&cfg.Timeout, "timeout", cfg.Timeout, "timeout of one request")
	fs.Int64Var(&cfg.MaxBodySize, "max-size", cfg.MaxBodySize, "maximum size of one response in bytes")
	fs.IntVar(&cfg.Retries, "retries", cfg.Retries, "retries of a transient error")
	fs.BoolVar(&cfg.AllowPrivate, "allow-private", cfg.AllowPrivate, "allow private, loopback and link-local addresses")
}
