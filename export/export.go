package export

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"vigie"
)

// FieldError is a bad parameter; it wraps vigie.ErrInvalid.
type FieldError struct {
	Field string // name of the parameter
	Msg   string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }
func (e *FieldError) Unwrap() error { return vigie.ErrInvalid }

func invalid(field, format string, args ...any) error {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// EventColumns are the header of an event export in CSV and XLSX.
var EventColumns = []string{"Date", "Lieu", "Code INSEE", "Département", "Région", "Accord", "Type", "Signataires", "Sources"}

// EventCells returns the cells of r under EventColumns. Signatories are
// "Name (role, org); ..." and sources are URLs separated by spaces.
func EventCells(r EventRow) []string {
	return []string{r.Date, r.Place, r.Commune, r.Departement, r.Region, r.Agreement, r.Type,
		r.SignatoriesText(), strings.Join(r.Sources, " ")}
}

var eventWidths = []int{12, 20, 11, 18, 24, 50, 14, 70, 60}

// Options tunes the files of an export.
type Options struct {
	// Semicolon separates CSV fields with ";", what Excel expects when it
	// opens a file by double-click under French regional settings; the
	// default "," suits every other reader (LibreOffice asks on opening).
	Semicolon bool
}

// WriteEvents writes one row per signing event of the documents matching q
// to w in format f, and returns the number of events written.
func WriteEvents(ctx context.Context, src Source, q vigie.Query, f Format, w io.Writer, opt Options) (int, error) {
	n := 0
	if f == JSONL {
		jl := newJSONLines(w)
		err := src.Events(ctx, q, func(r EventRow) error {
			n++
			return jl.Write(r)
		})
		if cerr := jl.Close(); err == nil {
			err = cerr
		}
		return n, err
	}
	t, err := newTable(w, f, opt, "Événements", eventWidths)
	if err != nil {
		return 0, err
	}
	if err := t.Header(EventColumns); err != nil {
		return 0, err
	}
	err = src.Events(ctx, q, func(r EventRow) error {
		n++
		cells := EventCells(r)
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c
		}
		return t.Row(row)
	})
	if cerr := t.Close(); err == nil {
		err = cerr
	}
	return n, err
}

func newTable(w io.Writer, f Format, opt Options, sheet string, widths []int) (table, error) {
	switch f {
	case CSV:
		t := newCSVTable(w)
		if opt.Semicolon {
			t.w.Comma = ';'
		}
		return t, nil
	case XLSX:
		return newXLSXWriter(w, sheet, widths)
	}
	return nil, invalid("format", "unknown format %q", f)
}

// Entity kinds.
const (
	EntityPerson = "personne"
	EntityOrg    = "organisation"
	EntityPlace  = "lieu"
)

// EntityRow is one person, organisation or place with the number of
// documents that name it and of signing events it takes part in (as a
// signatory, the organisation of a signatory, or the place of the signing).
type EntityRow struct {
	Kind      string `json:"kind"` // EntityPerson, EntityOrg or EntityPlace
	Name      string `json:"name"`
	Code      string `json:"code,omitempty"` // INSEE code or SIREN of a resolved place
	Documents int    `json:"documents"`
	Events    int    `json:"events"`
}

// EntityColumns are the header of an entity export in CSV and XLSX.
var EntityColumns = []string{"Type", "Nom", "Code", "Documents", "Événements"}

// Entities counts the entities of the documents matching q, most cited
// first: the documents that name each, and the signing events (as
// /api/events merges them) it takes part in. Memory grows with the number
// of distinct entities, not of documents.
func (s Source) Entities(ctx context.Context, q vigie.Query) ([]EntityRow, error) {
	type key struct{ kind, name string }
	rows := make(map[key]*EntityRow)
	get := func(kind, name, code string) (key, *EntityRow) {
		k := key{kind, Fold(name)}
		r := rows[k]
		if r == nil {
			r = &EntityRow{Kind: kind, Name: name, Code: code}
			rows[k] = r
		}
		if r.Code == "" {
			r.Code = code
		}
		return k, r
	}
	err := s.scan(ctx, q, func(d *vigie.Document, _ []vigie.DocRef) error {
		if d.Gone && !q.IncludeGone {
			return nil
		}
		inDoc := make(map[key]bool)
		count := func(kind, name, code string) {
			if name == "" {
				return
			}
			k, r := get(kind, name, code)
			if !inDoc[k] {
				inDoc[k] = true
				r.Documents++
			}
		}
		for _, p := range d.Persons {
			count(EntityPerson, p, "")
		}
		for _, o := range d.Orgs {
			count(EntityOrg, o, "")
		}
		for _, p := range d.Places {
			count(EntityPlace, p.Name, p.Code)
		}
		for _, e := range d.Events { // signatories the text analysis did not list
			for _, sg := range e.Signatories {
				count(EntityPerson, sg.Name, "")
				count(EntityOrg, sg.Org, "")
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = s.Events(ctx, q, func(e EventRow) error {
		inEvent := make(map[key]bool)
		count := func(kind, name, code string) {
			if name == "" {
				return
			}
			k, r := get(kind, name, code)
			if !inEvent[k] {
				inEvent[k] = true
				r.Events++
			}
		}
		for _, sg := range e.Signatories {
			count(EntityPerson, sg.Name, "")
			count(EntityOrg, sg.Org, "")
		}
		count(EntityPlace, e.Place, e.Commune)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]EntityRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b EntityRow) int {
		return cmp.Or(cmp.Compare(b.Documents, a.Documents), cmp.Compare(b.Events, a.Events),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(Fold(a.Name), Fold(b.Name)))
	})
	return out, nil
}

// WriteEntities writes one row per entity of the documents matching q to w
// in format f, and returns the number of rows written.
func WriteEntities(ctx context.Context, src Source, q vigie.Query, f Format, w io.Writer, opt Options) (int, error) {
	rows, err := src.Entities(ctx, q)
	if err != nil {
		return 0, err
	}
	if f == JSONL {
		jl := newJSONLines(w)
		for _, r := range rows {
			if err := jl.Write(r); err != nil {
				return 0, err
			}
		}
		return len(rows), jl.Close()
	}
	t, err := newTable(w, f, opt, "Entités", []int{14, 40, 12, 12, 12})
	if err != nil {
		return 0, err
	}
	if err := t.Header(EntityColumns); err != nil {
		return 0, err
	}
	for _, r := range rows {
		if err := t.Row([]any{r.Kind, r.Name, r.Code, r.Documents, r.Events}); err != nil {
			return 0, err
		}
	}
	return len(rows), t.Close()
}
