// Package bench measures what Vigie costs and compares it with the tools its
// users would otherwise pick: PostgreSQL full-text search and SQLite FTS5.
//
// It stands beside the pipeline rather than in it: cmd/vigie/bench.go wires
// it to extract, indexer and search, and nothing imports it but that file.
//
//   - corpus.go, lexicon.go, html.go: a deterministic generator of synthetic
//     French press-release pages. Page i is a pure function of (seed, i), so a
//     million pages stream in constant memory, in parallel, and two runs
//     compare.
//   - harness.go: the phases of a run (end-to-end ingest, indexing of the
//     extracted documents, queries over HTTP, peers) and the table it prints.
//   - queries.go: the fixed query mix, built from the generator's lexicons.
//   - postgres.go, sqlite.go: the same documents and queries against the
//     peers, with facet counts computed in SQL.
//   - latency.go, rss.go: latency percentiles, concurrent clients, peak RSS.
//
// Results measured on the project's machine are committed under results/.
package bench
