// Package vigie holds the domain types shared by every stage of the pipeline:
// the crawler produces Pages, the extractor turns them into Documents with
// their entities and signing Events, the indexer stores Documents, and search
// answers Queries with Results.
//
// Data flows one way: crawler -> extract -> indexer -> search. The packages
// speak to each other only in these types; cmd/vigie wires them together.
package vigie

import "time"

// Page is one fetched resource, decoded to UTF-8, as the crawler hands it to
// the extractor.
type Page struct {
	URL          string    // canonical URL of the page
	FetchedURL   string    // URL actually fetched (after redirects)
	Site         string    // host name of the source site, e.g. "actu-dole.fr"
	Status       int       // HTTP status code (0 for local files)
	ContentType  string    // media type without parameters, e.g. "text/html"
	Body         []byte    // body decoded to UTF-8 (HTML or plain text)
	FetchedAt    time.Time // when it was fetched
	LastModified string    // Last-Modified header, if any
	ETag         string    // ETag header, if any
	Depth        int       // link depth from the seed URL
}

// Document is an extracted article: its text, metadata and entities.
type Document struct {
	ID          string    `json:"id"`                     // stable id derived from the canonical URL
	URL         string    `json:"url"`                    // canonical URL
	Site        string    `json:"site"`                   // source site (host name)
	Title       string    `json:"title"`                  // article title
	Text        string    `json:"text"`                   // main text, without page chrome
	Published   string    `json:"published"`              // publication date at the page's precision: "2024-05-27", "2019-03", "2019" or ""
	FetchedAt   time.Time `json:"fetched_at"`             // when the page was fetched
	ContentHash string    `json:"content_hash"`           // hash of Title+Text, for exact duplicates
	Gone        bool      `json:"gone,omitempty"`         // the page now answers 404/410
	DuplicateOf string    `json:"duplicate_of,omitempty"` // id of the document this one near-duplicates

	IsSigning bool      `json:"is_signing"`         // the document reports a signing
	Events    []Event   `json:"events"`             // signing events reported
	Persons   []string  `json:"persons"`            // every person named, normalised
	Places    []Place   `json:"places"`             // every place named, resolved where possible
	Orgs      []string  `json:"orgs"`               // every organisation named
	Dates     []string  `json:"dates,omitempty"`    // dates found in the text (ISO or --MM-DD)
	Mentions  []Mention `json:"mentions,omitempty"` // entity positions in Text
}

// Event is one signing: what was signed, when, where and by whom.
type Event struct {
	Date        string      `json:"date"`                // ISO date at the text's precision, or "--MM-DD", or ""
	Place       string      `json:"place"`               // commune (official name) or venue as written, or ""
	PlaceRef    *Place      `json:"place_ref,omitempty"` // resolved place, when Place is a known place
	Agreement   string      `json:"agreement"`           // name of the agreement as written
	Type        string      `json:"type"`                // contrat, convention, déclaration, pacte, accord, charte, protocole, ...
	Signatories []Signatory `json:"signatories"`         // people who signed
}

// Signatory is a person who signed, with the role and organisation given.
type Signatory struct {
	Name string `json:"name"`
	Role string `json:"role"`
	Org  string `json:"org"`
}

// Place kinds.
const (
	PlaceCommune     = "commune"
	PlaceEPCI        = "epci"
	PlaceDepartement = "departement"
	PlaceRegion      = "region"
	PlaceCountry     = "pays"
	PlaceOther       = "autre" // a toponym that is not an administrative unit (Charolais, Sud Alsace)
)

// Place is a toponym named in a document, resolved against the gazetteer when
// it could be. Departement and Region are names ("Jura", "Bourgogne-Franche-Comté").
type Place struct {
	Name        string  `json:"name"`                  // official name, or as written when unresolved
	Kind        string  `json:"kind"`                  // one of the Place* constants
	Code        string  `json:"code,omitempty"`        // INSEE code (commune, département, région) or SIREN (EPCI)
	Departement string  `json:"departement,omitempty"` // département name, for communes and départements
	Region      string  `json:"region,omitempty"`      // région name
	Lat         float64 `json:"lat,omitempty"`
	Lon         float64 `json:"lon,omitempty"`
	Ambiguous   bool    `json:"ambiguous,omitempty"` // homonymous communes that context could not separate
}

// HasCoords reports whether the place has coordinates.
func (p Place) HasCoords() bool { return p.Lat != 0 || p.Lon != 0 }

// Mention kinds.
const (
	MentionPerson = "person"
	MentionPlace  = "place"
	MentionOrg    = "org"
	MentionDate   = "date"
)

// Mention is one occurrence of an entity in a document's Text, so a UI can
// highlight it. Start and End are byte offsets into Text.
type Mention struct {
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	Value string `json:"value"` // normalised value (the person's name, the place's official name, the ISO date)
}

// Query is a search over documents or events. Values within one filter are
// OR-ed; filters are AND-ed.
type Query struct {
	Text         string     `json:"q"`
	Signatories  []string   `json:"signatory,omitempty"`
	Persons      []string   `json:"person,omitempty"`
	Places       []string   `json:"place,omitempty"`
	Communes     []string   `json:"commune,omitempty"`
	Departements []string   `json:"departement,omitempty"`
	Regions      []string   `json:"region,omitempty"`
	Orgs         []string   `json:"org,omitempty"`
	Types        []string   `json:"type,omitempty"`
	Sites        []string   `json:"site,omitempty"`
	FromDate     string     `json:"from_date,omitempty"`  // inclusive, YYYY[-MM[-DD]]
	ToDate       string     `json:"to_date,omitempty"`    // inclusive, YYYY[-MM[-DD]]
	DateField    string     `json:"date_field,omitempty"` // "published" (default) or "event"
	Near         *GeoFilter `json:"near,omitempty"`
	Sort         string     `json:"sort,omitempty"` // "relevance" (default), "date" (newest first), "date_asc"
	From         int        `json:"from,omitempty"`
	Size         int        `json:"size,omitempty"`
	IncludeGone  bool       `json:"include_gone,omitempty"`
}

// GeoFilter keeps documents with a place within Km of (Lat, Lon).
type GeoFilter struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
	Km  float64 `json:"km"`
}

// Results answers a Query over documents.
type Results struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets"`
	Took   time.Duration           `json:"took_ns"`
}

// Hit is one matching document.
type Hit struct {
	ID          string   `json:"id"`
	URL         string   `json:"url"`
	Title       string   `json:"title"`
	Site        string   `json:"site"`
	Published   string   `json:"published"`
	Snippet     string   `json:"snippet"` // HTML-escaped text with <mark> around matches
	Score       float64  `json:"score"`
	Signatories []string `json:"signatories,omitempty"`
	Places      []string `json:"places,omitempty"`
	Duplicates  []DocRef `json:"duplicates,omitempty"` // other documents carrying the same story, folded into this hit
}

// DocRef names a document: a source of an event, a duplicate of a hit.
type DocRef struct {
	ID        string `json:"id"`
	URL       string `json:"url"`
	Title     string `json:"title"`
	Site      string `json:"site"`
	Published string `json:"published"`
}

// FacetValue is one value of a facet and the number of matches that have it.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}
