// Package webui is Vigie's French web interface: server-side pages over a
// *search.Service, rendered with html/template, with their stylesheet and a
// small script embedded. It sits at the end of the pipeline, beside the JSON
// API of package search, and reads the index only through search.Service.
//
// webui.go serves the pages (search, events, event, document, entities) and
// builds their view data; format.go holds the French dates and the cutting
// of a document's text at its entity mentions; svg.go draws the monthly
// timeline and the map of France as inline SVG. templates/ and static/ are
// embedded.
//
// Pages carry no inline script or style, so they run under a
// Content-Security-Policy of "default-src 'self'". All text is escaped by
// html/template, except search snippets, which package search escapes and
// marks up with <mark> only.
package webui
