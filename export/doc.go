// Package export turns the results of a search into files for reports:
// one row per signing event, or one row per entity with its counts, written
// as CSV, JSON lines or XLSX, and a printable report page.
//
// It sits after search in the pipeline: it reads documents and signing
// events through the small Searcher and Documents interfaces (satisfied by
// *search.Service and *indexer.Index) and never touches the index itself.
// Events are those of /api/events, merged across their sources by search.
//
// Every writer streams: the events and documents of a query are read page
// by page and written as they come. Only the entity export keeps one
// counter per distinct entity.
//
// Files:
//
//	events.go   EventRow (a signing flattened for a table), Fold
//	scan.go     paging through the documents and events of a query
//	table.go    the CSV (UTF-8 with BOM, comma) and XLSX table writers
//	xlsx.go     a streaming XLSX (Office Open XML) writer
//	export.go   Events and Entities: a query to a file in a format
//	http.go     GET /api/export
//	report.go   the report page /rapport, printable and downloadable as one HTML file
package export
