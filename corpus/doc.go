// Package corpus bundles five small publisher websites, each an
// http.Handler, whose articles are the five seed documents of the project.
// `vigie demo` serves them on loopback ports and crawls them; the crawler,
// extractor and end-to-end tests use them as realistic input.
//
// Article text is the seed text, unchanged: one seed line is one paragraph
// (or heading, list item, caption) of the page. Two seeds are captures of
// whole pages, page chrome included (a cookie banner, share links, a
// newsletter form, a text-to-speech player); their sites print those lines
// as chrome, on every page, so that extraction learns to leave them out.
//
// Around the text, each site has its own chrome and markup: a WordPress-like
// news site, a semantic HTML5 federation site, a Bootstrap-like local
// government site, a Drupal-like agency site, and an old table-based SPIP
// magazine served in windows-1252. Metadata appear only where a real page
// would have them, and never a date the seed does not support: the seeds
// without a publication date have no date in their pages, metadata, sitemaps
// or feeds.
//
// Every site has a home page listing its articles, robots.txt, a sitemap and
// an RSS or Atom feed linked from its pages. Absolute URLs are built from the
// request's Host, so a site works on any port.
//
// Files:
//   - corpus.go: Site, Article, Sites, Articles and the definition of each site.
//   - server.go: the HTTP handler: routing, rendering, charset, JSON-LD.
//   - feeds.go: sitemaps and feeds.
//   - templates/: one html/template file per site.
//   - seeds/: the seed texts, embedded with go:embed.
package corpus
