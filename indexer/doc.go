// Package indexer stores Vigie's documents and indexes them with bleve. It is
// the third stage of the pipeline (crawler -> extract -> indexer -> search):
// cmd/vigie hands it the extractor's *vigie.Document values, and search reads
// them back through its Table and Match.
//
// Three stores hold one truth:
//
//   - store.go: the documents themselves, as JSON in a bbolt file beside the
//     bleve index (in memory for OpenMem). It is the source of truth: the
//     other two are rebuilt from it.
//   - mapping.go, analysis.go: the bleve index of the text (French analysis:
//     elision, stop words, folded accents, a minimal stemmer) and of the facet
//     values as exact keywords. Nothing is stored in bleve.
//   - table.go: an in-memory Table with one compact Entry per document: its
//     facet values as small integer ordinals, its dates as day ranges, its
//     events. search filters, sorts and counts facets from it.
//
// index.go opens, writes (Put, MarkGone, Delete) and reads (Get, Count,
// Read); match.go runs a bleve query and hands every match to the caller as
// a Table ordinal.
package indexer
