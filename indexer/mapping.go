package indexer

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"vigie"
)

// The bleve fields of a document. Nothing is stored in bleve (the document
// store keeps the documents) and only "id" has doc values, which map bleve's
// document numbers to Table ordinals.
//
//   - "title": the title, and "text": the title and the text, both with the
//     French analyzer and term vectors for phrase queries (a query searches
//     "text" and ranks title matches higher through "title");
//   - "id": the document id, a single term.
//
// Facet values are not in bleve: field queries such as
// signatory:"Marie Exemple" and filters are FacetQuery clauses, which read
// the Table.
const (
	FieldTitle = "title"
	FieldText  = "text"
	fieldID    = "id"
)

// newMapping returns the bleve mapping: documents are built field by field
// by bleveDoc, so the mapping only declares that nothing is dynamic.
func newMapping() mapping.IndexMapping {
	m := bleve.NewIndexMapping()
	m.DefaultMapping = bleve.NewDocumentStaticMapping()
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	return m
}

const (
	textOptions = index.IndexField | index.IncludeTermVectors
	idOptions   = index.IndexField | index.DocValues
)

// bleveDoc returns the bleve document of d.
func (ix *Index) bleveDoc(d *vigie.Document) *document.Document {
	bd := document.NewDocument(d.ID)
	bd.AddField(document.NewTextFieldCustom(fieldID, nil, []byte(d.ID), idOptions, nil))
	bd.AddField(document.NewTextFieldCustom(FieldTitle, nil, []byte(d.Title), textOptions, ix.an))
	bd.AddField(document.NewTextFieldCustom(FieldText, nil, []byte(d.Title+"\n\n"+d.Text), textOptions, positionsOnly{ix.an}))
	return bd
}

// positionsOnly analyses the "text" field without the tokens' byte
// offsets: phrase queries read the positions only (see PhraseQuery) and
// snippets are made from the stored text, so the term vectors of the
// largest field keep zeros, one byte each instead of two or three.
type positionsOnly struct{ an *frenchAnalyzer }

// Analyze implements analysis.Analyzer.
func (p positionsOnly) Analyze(text []byte) analysis.TokenStream {
	toks := p.an.Analyze(text)
	for _, t := range toks {
		t.Start, t.End = 0, 0
	}
	return toks
}
