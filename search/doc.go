// Package search answers queries over the index: the last stage of the
// pipeline (crawler -> extract -> indexer -> search), and the HTTP API and
// web interface on top of it.
//
//   - syntax.go: the text query language (words, "phrases", -exclusion, OR,
//     field:value) and its errors, which say where the query is wrong;
//   - params.go: the API's query parameters to a vigie.Query;
//   - bleveq.go: a parsed query to bleve queries (the match, and a title
//     query that ranks title matches higher);
//   - service.go: Search: every match from bleve (indexer.Index.Match),
//     filters, stories (duplicates folded), sorting and pages;
//   - filter.go: facet, date and distance filters over the index's columns;
//   - facets.go: facet counts and date histograms from in-memory ordinals,
//     by complement for broad queries, cached until the index changes;
//   - snippet.go: highlighted, HTML-escaped snippets;
//   - events.go: signing events merged across the documents that report
//     them, and GET /api/events;
//   - entities.go: persons, places and organisations (GET /api/entities);
//   - http.go, errors.go: the JSON API and the one error-to-status mapping;
//     openapi.json describes it, API.md documents it;
//   - ui.go, templates/: the HTML search page.
//
// testdata/relevance holds the relevance suite: documents, queries and the
// hits, events and facet counts they must give, run by relevance_test.go.
// bench_test.go measures query latency on 100,000 synthetic documents
// (go test -run X -bench . ./search).
package search
