// Package search answers queries over the index: the last stage of the
// pipeline (crawler -> extract -> indexer -> search), and the HTTP API and
// web interface on top of it.
//
//   - syntax.go: the text query language (words, "phrases", -exclusion, OR,
//     field:value) and its errors, which say where the query is wrong;
//   - params.go: the API's query parameters to a vigie.Query;
//   - bleveq.go: a parsed query to a bleve query;
//   - service.go: Search: matches from bleve, filters, sorting and pages;
//   - filter.go: facet, date and distance filters over the index's Table;
//   - facets.go: facet counts and date histograms from in-memory ordinals;
//   - snippet.go: highlighted, HTML-escaped snippets;
//   - http.go, errors.go: the JSON API and the one error-to-status mapping;
//   - ui.go, templates/: the HTML search page.
package search
