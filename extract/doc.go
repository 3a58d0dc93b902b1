// Package extract turns fetched pages into Vigie documents: the second
// stage of the pipeline (crawler -> extract -> indexer -> search). It finds
// the main text of a page without its chrome, the publication date, then,
// with French-language rules and lexicons, the dates, persons, places
// (resolved with package geo), organisations and signing events of the
// text, with the signatories, their roles and the bodies they represent.
//
// Parser.Page takes a vigie.Page; Parser.HTML and Parser.Text take HTML or
// plain text directly. The clock and the reference date of relative dates
// are passed in, never read from the system inside the parsers.
//
// Files:
//   - extract.go: Parser, the order of the finders, the evaluation schema
//   - page.go, content.go, content_lines.go, chrome.go: HTML, title, main text
//   - pubdate.go, pubdate_scan.go: publication date from metadata, URL and text
//   - text.go, scan.go: tokens, sentences, keyword-gated regexps
//   - dates.go: dates in the text, with years resolved against a reference
//   - persons.go: people, with the first-name lexicon and civilities
//   - orgs.go: organisations (collectivités, State, agencies, companies, acronyms)
//   - places.go: toponyms, territories and their resolution
//   - events.go: signing events, signatories, roles and organisations
//   - lexicon.go, lexicon/: word lists and their generator
//   - peereval.go: scoring on the public main-text and date benchmarks
package extract
