// Package geo is Vigie's gazetteer of France, built from official data and
// embedded in the binary: régions, départements, communes with INSEE codes,
// population and coordinates where known, EPCI with their member communes,
// and the other names they go by (communes déléguées and arrondissements,
// former régions, the long and short forms of EPCI names). The extractor
// spots toponyms with IsKnown and Risky and resolves them with Resolve;
// every place carries its département and région, so a search by région
// finds articles that name only a commune.
//
// Names are compared by their Fold: case, accents, hyphens, apostrophes
// and "Saint"/"St" do not matter.
//
// Files: geo.go (loading, Lookup, Resolve and the other queries), fold.go
// (the folding of names into keys), data/ (the generated data and its
// licences), gen/ (the generator, run by gen/generate.sh; see README.md).
package geo
