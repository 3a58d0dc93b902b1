// Package indexer stores Vigie's documents and indexes them with bleve. It is
// the third stage of the pipeline (crawler -> extract -> indexer -> search):
// cmd/vigie hands it the extractor's *vigie.Document values, and search reads
// them back through its Table and Match.
//
// Three stores hold one truth:
//
//   - store.go, record.go: the documents themselves, as zstd-compressed
//     records (text and mentions apart) in an append-only log beside the
//     bleve index (in memory for OpenMem), read with positioned reads. It
//     is the source of truth: the other two are rebuilt from it when they
//     disagree. dict.go trains the zstd dictionaries of the records once
//     the store has a few hundred documents; migrate.go moves the bbolt
//     store of earlier versions into the log; lock_*.go keeps a second
//     process out.
//   - mapping.go, analysis.go: the bleve index of the text (French analysis:
//     elision, stop words, folded accents, a minimal stemmer). Nothing is
//     stored in bleve, and facet values are not indexed in it.
//   - table.go: an in-memory Table with one Entry per document and dense
//     columns by document ordinal: facet values as small integer ordinals,
//     dates as day ranges, flags. search filters, sorts and counts facets
//     from them.
//
// index.go opens, writes (Put, MarkGone, Delete) and reads (Get, Text,
// Count, Read); match.go runs a bleve query and hands every match to the
// caller as a Table ordinal, mapping bleve's per-segment document numbers
// through doc values once per segment; facetquery.go matches facet values
// in bleve queries from the Table's columns; dedup.go links exact and near
// duplicates (MinHash over shingles) into stories.
package indexer
