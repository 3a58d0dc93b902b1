// Package web is Vigie's web interface: server-rendered French pages over a
// search.Service, with templates and static files embedded in the binary.
//
// It sits at the end of the pipeline, beside search's JSON API: cmd/vigie
// mounts the API under /api/ and this handler at / for everything else.
//
//	web.go      the handler, its routes and the security headers
//	pages.go    one method per page: search, events, event, document, entities
//	format.go   French dates, URL state, entity highlighting
//	svg.go      the timeline and the map, drawn as inline SVG
//	templates/  html/template pages; static/ the stylesheet and the one script
//
// Every page works without JavaScript; static/vigie.js only submits the
// filter form when a checkbox or the sort order changes.
package web
