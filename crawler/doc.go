// Package crawler fetches the pages of French press and local-government
// sites with colly and hands them, decoded to UTF-8, to a Handler: the first
// stage of the pipeline (crawler -> extract -> indexer -> search). It never
// imports the later stages; cmd/vigie connects them.
//
// Files:
//   - crawler.go: Crawler, Crawl, the colly collector and response handling
//   - config.go: Config, Source, LoadSources, ParseSchedule, scope rules
//   - host.go: robots.txt Crawl-delay and sitemaps, TDMRep reservations
//   - transport.go: safe dialing (no private addresses), bounded bodies
//   - charset.go: charset detection and decoding to UTF-8
//   - urls.go: URL canonicalisation and crawler-trap detection
//   - discover.go: sitemaps and RSS/Atom feeds
//   - state.go: the persistent crawl state (bbolt) for resume and recrawl
//   - pdf.go: PDF text in pure Go
//   - ingest.go: local files and folders
//   - report.go: Report, Stats, the live progress line
//
// Politeness: robots.txt is honoured (colly ignores it unless
// IgnoreRobotsTxt is false, which Crawl sets after colly has read its
// COLLY_* environment variables, so they cannot turn it off). Every host
// gets its own colly limit rule, prepared before its first request: the
// configured delay and parallelism, or one request at a time at robots.txt's
// Crawl-delay when that is longer. A 429 or 503 pauses the whole host
// until Retry-After (the transport holds requests that already have their
// slot) and the refused request is retried after it.
//
// Durability: the frontier and every acknowledged page are written to the
// bbolt state before colly is asked for them and after Handler.Page
// returned nil, so a crawl stopped at any point resumes without fetching
// again what it had acknowledged; the links of a page are written in one
// transaction, and concurrent acknowledgements share one.
package crawler
