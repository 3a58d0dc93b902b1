package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver, with FTS5

	"vigie"
)

// sqlitePeer is SQLite FTS5 (unicode61 tokenizer, accents removed, no
// stemming: FTS5 has no French stemmer), with facet values in a side table
// counted with GROUP BY. It runs in the harness's process: its "round trip"
// is a function call.
type sqlitePeer struct {
	path string
	db   *sql.DB
}

func newSQLitePeer(dir string, conns int) (*sqlitePeer, error) {
	path := filepath.Join(dir, "sqlite", "docs.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	os.Remove(path)
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=cache_size(-65536)")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return &sqlitePeer{path: path, db: db}, nil
}

func (p *sqlitePeer) Name() string { return "SQLite FTS5" }
func (p *sqlitePeer) Close()       { p.db.Close() }

var sqliteSchema = []string{
	`CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT NOT NULL, site TEXT NOT NULL,
		title TEXT NOT NULL, published TEXT, year INTEGER, is_signing INTEGER)`,
	`CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`,
	`CREATE TABLE facets (doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL)`,
}

var sqliteIndexes = []string{
	`CREATE INDEX facets_doc ON facets (doc, field, value)`,
	`CREATE INDEX facets_value ON facets (field, value, doc)`,
	`CREATE INDEX docs_published ON docs (published)`,
	`ANALYZE`,
}

// Load creates the schema and inserts the documents in transactions of a
// thousand, then builds the indexes. It returns the number loaded.
func (p *sqlitePeer) Load(ctx context.Context, path string) (int, error) {
	for _, s := range sqliteSchema {
		if _, err := p.db.ExecContext(ctx, s); err != nil {
			return 0, fmt.Errorf("sqlite schema: %w", err)
		}
	}
	n := 0
	err := readDocs(path, 1000, func(docs []*vigie.Document) error {
		tx, err := p.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		insDoc, err := tx.PrepareContext(ctx, `INSERT INTO docs (rowid, id, url, site, title, published, year, is_signing) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		insFTS, err := tx.PrepareContext(ctx, `INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		insFacet, err := tx.PrepareContext(ctx, `INSERT INTO facets (doc, field, value) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		for _, d := range docs {
			n++
			var pub any
			if d.Published != "" {
				pub = d.Published
			}
			if _, err := insDoc.ExecContext(ctx, n, d.ID, d.URL, d.Site, d.Title, pub, year(d.Published), d.IsSigning); err != nil {
				return fmt.Errorf("insert %s: %w", d.ID, err)
			}
			if _, err := insFTS.ExecContext(ctx, n, d.Title, d.Text); err != nil {
				return fmt.Errorf("insert %s: %w", d.ID, err)
			}
			for f, vs := range facetValues(d) {
				for _, v := range vs {
					if _, err := insFacet.ExecContext(ctx, n, f, v); err != nil {
						return fmt.Errorf("insert %s: %w", d.ID, err)
					}
				}
			}
		}
		return tx.Commit()
	})
	if err != nil {
		return n, fmt.Errorf("sqlite load: %w", err)
	}
	for _, s := range sqliteIndexes {
		if _, err := p.db.ExecContext(ctx, s); err != nil {
			return n, fmt.Errorf("sqlite index: %w", err)
		}
	}
	if _, err := p.db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return n, fmt.Errorf("sqlite checkpoint: %w", err)
	}
	return n, nil
}

// Size returns the size of the database file.
func (p *sqlitePeer) Size(context.Context) (int64, error) {
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		if fi, err := os.Stat(p.path + suffix); err == nil {
			total += fi.Size()
		}
	}
	return total, nil
}

// ftsMatch writes q's text as an FTS5 query: every word and phrase quoted
// (so that punctuation and keywords are taken literally), all required.
func ftsMatch(text string) string {
	phrases, terms := words(text)
	var parts []string
	for _, p := range append(phrases, terms...) {
		parts = append(parts, `"`+strings.ReplaceAll(p, `"`, `""`)+`"`)
	}
	return strings.Join(parts, " AND ")
}

// sqliteMatches returns the subquery selecting the rowids q matches, with
// its arguments.
func sqliteMatches(q Query) (string, []any) {
	var where []string
	var args []any
	from := "docs"
	if m := ftsMatch(q.Q.Text); m != "" {
		from = "fts JOIN docs ON docs.rowid = fts.rowid"
		where = append(where, "fts MATCH ?")
		args = append(args, m)
	}
	facet := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		where = append(where, fmt.Sprintf("docs.rowid IN (SELECT doc FROM facets WHERE field = '%s' AND value IN (?%s))",
			field, strings.Repeat(", ?", len(values)-1)))
		for _, v := range values {
			args = append(args, v)
		}
	}
	facet("regions", q.Q.Regions)
	facet("departements", q.Q.Departements)
	facet("types", q.Q.Types)
	if q.Q.FromDate != "" {
		where = append(where, "docs.published >= ?")
		args = append(args, dateBound(q.Q.FromDate, false))
	}
	if q.Q.ToDate != "" {
		where = append(where, "docs.published <= ?")
		args = append(args, dateBound(q.Q.ToDate, true))
	}
	if len(where) == 0 {
		where = append(where, "1")
	}
	return fmt.Sprintf("SELECT docs.rowid AS rowid FROM %s WHERE %s", from, strings.Join(where, " AND ")), args
}

// Search runs q in one read transaction: the top hits by bm25, then the
// total, facet counts and date histograms over the matching rowids, which
// are materialised once in a temporary table.
func (p *sqlitePeer) Search(ctx context.Context, q Query) (*vigie.Results, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite search: %w", err)
	}
	defer conn.Close()
	match, args := sqliteMatches(q)
	r := &vigie.Results{Facets: map[string][]vigie.FacetValue{}}
	order := "docs.published DESC"
	hitsSQL := fmt.Sprintf("SELECT docs.id, docs.title FROM (%s) m JOIN docs ON docs.rowid = m.rowid ORDER BY %s LIMIT %d", match, order, hitsPerPage)
	if ftsMatch(q.Q.Text) != "" {
		hitsSQL = strings.Replace(match, "SELECT docs.rowid AS rowid", "SELECT docs.id, docs.title", 1) + fmt.Sprintf(" ORDER BY bm25(fts) LIMIT %d", hitsPerPage)
	}
	rows, err := conn.QueryContext(ctx, hitsSQL, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite search %q: %w", q.Name, err)
	}
	for rows.Next() {
		var h vigie.Hit
		if err := rows.Scan(&h.ID, &h.Title); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite search %q: %w", q.Name, err)
		}
		r.Hits = append(r.Hits, h)
	}
	rows.Close()
	// Total, facets and histogram, from the matching rowids.
	stmt := fmt.Sprintf(`WITH m AS MATERIALIZED (%s)
SELECT 'total', '', count(*) FROM m
UNION ALL SELECT field, value, count(*) FROM facets JOIN m ON facets.doc = m.rowid GROUP BY field, value
UNION ALL SELECT 'years', CAST(docs.year AS TEXT), count(*) FROM docs JOIN m ON docs.rowid = m.rowid WHERE docs.year > 0 GROUP BY docs.year
UNION ALL SELECT 'months', substr(docs.published, 1, 7) mo, count(*) FROM docs JOIN m ON docs.rowid = m.rowid WHERE length(docs.published) >= 7 GROUP BY mo`, match)
	rows, err = conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite facets %q: %w", q.Name, err)
	}
	defer rows.Close()
	all := map[string][]vigie.FacetValue{}
	for rows.Next() {
		var field, value string
		var n int
		if err := rows.Scan(&field, &value, &n); err != nil {
			return nil, fmt.Errorf("sqlite facets %q: %w", q.Name, err)
		}
		if field == "total" {
			r.Total = uint64(n)
			continue
		}
		all[field] = append(all[field], vigie.FacetValue{Value: value, Count: n})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite facets %q: %w", q.Name, err)
	}
	for field, vs := range all {
		if field != "years" && field != "months" {
			vs = topFacet(vs, 10)
		}
		r.Facets[field] = vs
	}
	return r, nil
}

// topFacet keeps the n largest counts, ties by value.
func topFacet(vs []vigie.FacetValue, n int) []vigie.FacetValue {
	sort.Slice(vs, func(i, j int) bool {
		if vs[i].Count != vs[j].Count {
			return vs[i].Count > vs[j].Count
		}
		return vs[i].Value < vs[j].Value
	})
	if len(vs) > n {
		vs = vs[:n]
	}
	return vs
}
