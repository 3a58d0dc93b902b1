// Package geo is Vigie's gazetteer of France, built from official data and
// embedded in the binary: régions, départements, communes with INSEE codes,
// population and coordinates where known, EPCI with their member communes,
// and the other names they go by (communes déléguées, former régions, the
// long and short forms of EPCI names). The extractor resolves the toponyms
// it finds with it, and every place carries its département and région, so
// a search by région finds articles that name only a commune.
//
// Files: geo.go (the gazetteer, Lookup, Resolve), fold.go (the folding of
// names into lookup keys), data/ (the generated data and its licences),
// gen/ (the generator; see README.md).
package geo
