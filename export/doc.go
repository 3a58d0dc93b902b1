// Package export turns the results of a search into files for reports:
// one row per signing event, or one row per entity with its counts, written
// as CSV, JSON lines or XLSX, and a printable report page.
//
// It sits after search in the pipeline: it reads documents through the small
// Searcher and Documents interfaces (satisfied by *search.Service and
// *indexer.Index) and never touches the index itself.
//
// Every writer streams. The documents of a query are read page by page; an
// event export makes two passes, the first collecting only the identity and
// source URLs of each event, the second writing each event once, with all its
// sources, as soon as it is met. Nothing holds the documents' text in memory.
//
// Files:
//
//	events.go   EventRow, EventKey (the identity of a signing across sources), event filters
//	scan.go     paging through the documents of a query
//	table.go    the CSV (UTF-8 with BOM, comma) and XLSX table writers
//	xlsx.go     a streaming XLSX (Office Open XML) writer
//	export.go   Events and Entities: a query to a file in a format
//	http.go     GET /api/export
//	report.go   the report page /rapport, printable and downloadable as one HTML file
package export
