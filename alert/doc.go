// Package alert is Vigie's monitoring: saved searches ("alertes") whose new
// matches are recorded once, listed in an Atom feed and on a page of what is
// new since the user last looked, and posted to webhooks; and the watcher
// that crawls sources on their schedules and then checks the alerts.
//
// It sits beside search at the end of the pipeline (crawler -> extract ->
// indexer -> search): it reads results through the Searcher and Documents
// interfaces, satisfied by *search.Service and *indexer.Index, and keeps its
// own state in DATA/alerts.db (bbolt).
//
// A match is new once. Over documents it is keyed by document id, so a
// recrawl of an unchanged or edited article does not alert again. Over
// signing events (as /api/events merges them) it is keyed by the event's id
// and by each source's report of it, so a second source of a signing does not
// alert again: it is added to the recorded match instead. An alert's results
// when it is created or its query changes are not news: they are marked seen
// without becoming matches.
//
// Webhooks use a transactional outbox: a new match and its delivery are
// written in the same transaction, and a delivery leaves the outbox only
// when its receiver answers 2xx. A crash or restart at any point sends it
// again, never loses it; every attempt carries the same X-Vigie-Delivery
// id, so a receiver that dedupes on it sees each match once. Bodies are
// signed with X-Vigie-Signature: sha256=HMAC-SHA256(secret, body). Failed
// attempts are retried with exponential backoff.
//
// Files:
//
//	alert.go     Alert, Webhook, Match, Delivery
//	store.go     the bbolt store: alerts, matches, seen keys, outbox, crawl times
//	monitor.go   Monitor: runs each alert's search and records new matches; the webhook payload
//	deliver.go   Deliverer: the outbox worker; Sign and Verify
//	schedule.go  ParseSchedule: "@every 6h", "hourly", "daily 06:00"
//	watch.go     Watcher: scheduled crawls, then alert checks
//	service.go   Service: validation, create and edit, wiring of the above
//	http.go      the JSON API under /api/alerts
//	atom.go      the Atom feed of an alert
//	pages.go     the French pages /alertes and /alertes/{id}
package alert
