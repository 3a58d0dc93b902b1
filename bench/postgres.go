package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"vigie"
)

// pgServer is a PostgreSQL server the harness started for itself on
// loopback, in a temporary directory.
type pgServer struct {
	dir  string
	port int
	cmd  *exec.Cmd
	log  *slog.Logger
}

// pgBinDir finds the directory of initdb and postgres: on the PATH, or in
// Debian's /usr/lib/postgresql/N/bin.
func pgBinDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		if _, err := exec.LookPath("postgres"); err == nil {
			return filepath.Dir(p)
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "postgres")); err == nil {
			return d
		}
	}
	return ""
}

// errNoPostgres says that no PostgreSQL server binary is available and the
// harness could not install one.
var errNoPostgres = errors.New("no PostgreSQL server binary (initdb, postgres) found")

// installPostgres installs Debian's postgresql package when running as
// root on a system with apt-get, and says so.
func installPostgres(ctx context.Context, log *slog.Logger) error {
	if os.Geteuid() != 0 {
		return fmt.Errorf("%w, and not root to install it: run scripts/install-postgres.sh as root", errNoPostgres)
	}
	if _, err := exec.LookPath("apt-get"); err != nil {
		return fmt.Errorf("%w, and no apt-get to install it", errNoPostgres)
	}
	log.Warn("PostgreSQL is missing: installing the postgresql package with apt-get (this takes a minute)")
	for _, args := range [][]string{{"update"}, {"install", "-y", "--no-install-recommends", "postgresql", "postgresql-contrib"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			if args[0] == "install" {
				// postgresql-contrib is a virtual package on some releases.
				cmd = exec.CommandContext(ctx, "apt-get", "install", "-y", "--no-install-recommends", "postgresql")
				cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
				if out2, err2 := cmd.CombinedOutput(); err2 == nil {
					continue
				} else {
					out = out2
				}
			}
			return fmt.Errorf("apt-get %s: %w: %s", args[0], err, lastLines(out, 5))
		}
	}
	log.Info("PostgreSQL installed")
	return nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// freePort returns a free TCP port on loopback.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// startPostgres initialises a cluster in a temporary directory and starts
// it on 127.0.0.1 on a free port, installing PostgreSQL first if needed
// (and install is true). As root, the server runs as the postgres user, as
// PostgreSQL refuses to run as root.
func startPostgres(ctx context.Context, log *slog.Logger, install bool) (*pgServer, error) {
	bin := pgBinDir()
	if bin == "" {
		if !install {
			return nil, errNoPostgres
		}
		if err := installPostgres(ctx, log); err != nil {
			return nil, err
		}
		if bin = pgBinDir(); bin == "" {
			return nil, errNoPostgres
		}
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("postgres: running as root and no postgres user to run the server: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	base, err := os.MkdirTemp("", "vigie-bench-pg-")
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	s := &pgServer{dir: filepath.Join(base, "data"), log: log}
	if err := os.Mkdir(s.dir, 0o700); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if cred != nil {
		if err := os.Chown(s.dir, int(cred.Uid), int(cred.Gid)); err != nil {
			return nil, fmt.Errorf("postgres: %w", err)
		}
	}
	run := func(name string, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, filepath.Join(bin, name), args...)
		cmd.Dir = base
		if cred != nil {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		}
		return cmd
	}
	if out, err := run("initdb", "-D", s.dir, "-U", "vigie", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8").CombinedOutput(); err != nil {
		os.RemoveAll(base)
		return nil, fmt.Errorf("postgres initdb: %w: %s", err, lastLines(out, 5))
	}
	if s.port, err = freePort(); err != nil {
		os.RemoveAll(base)
		return nil, fmt.Errorf("postgres: %w", err)
	}
	// Defaults, but for memory sized for a 100k-document index build and
	// no Unix socket (loopback TCP only).
	s.cmd = run("postgres", "-D", s.dir, "-p", strconv.Itoa(s.port),
		"-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
		"-c", "shared_buffers=256MB", "-c", "work_mem=16MB", "-c", "maintenance_work_mem=256MB",
		"-c", "max_connections=40", "-c", "max_wal_size=2GB")
	logFile, err := os.Create(filepath.Join(base, "postgres.log"))
	if err == nil {
		s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	}
	s.cmd.Cancel = func() error { return s.cmd.Process.Signal(syscall.SIGINT) }
	if err := s.cmd.Start(); err != nil {
		os.RemoveAll(base)
		return nil, fmt.Errorf("postgres start: %w", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		c, err := pgx.Connect(ctx, s.url())
		if err == nil {
			c.Close(ctx)
			break
		}
		if time.Now().After(deadline) {
			s.stop()
			return nil, fmt.Errorf("postgres did not start in 30 s: %w", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	log.Info("started PostgreSQL on loopback", "bin", bin, "port", s.port, "dir", s.dir)
	return s, nil
}

func (s *pgServer) url() string {
	return fmt.Sprintf("postgres://vigie@127.0.0.1:%d/postgres?sslmode=disable", s.port)
}

// stop shuts the server down (fast shutdown) and removes its files.
func (s *pgServer) stop() {
	if s.cmd != nil && s.cmd.Process != nil {
		s.cmd.Process.Signal(syscall.SIGINT)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	os.RemoveAll(filepath.Dir(s.dir))
}

// pgPeer is PostgreSQL full-text search with the french configuration and
// unaccent, a GIN index on a stored tsvector, and facets as text[] columns
// counted with unnest and GROUP BY.
type pgPeer struct {
	pool *pgxpool.Pool
}

func newPGPeer(ctx context.Context, url string, conns int) (*pgPeer, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	cfg.MaxConns = int32(conns)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return &pgPeer{pool: pool}, nil
}

func (p *pgPeer) Name() string { return "PostgreSQL" }
func (p *pgPeer) Close()       { p.pool.Close() }

// pgSchema creates the table; the indexes come after the load.
var pgSchema = []string{
	`CREATE EXTENSION IF NOT EXISTS unaccent`,
	`DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent`,
	`CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french)`,
	`ALTER TEXT SEARCH CONFIGURATION fr_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem`,
	`DROP TABLE IF EXISTS docs`,
}

func pgCreateTable() string {
	var b strings.Builder
	b.WriteString(`CREATE TABLE docs (
	id text PRIMARY KEY, url text NOT NULL, site text NOT NULL, title text NOT NULL, body text NOT NULL,
	published text, year int, is_signing bool,
	tsv tsvector GENERATED ALWAYS AS (setweight(to_tsvector('fr_unaccent'::regconfig, title), 'A') || setweight(to_tsvector('fr_unaccent'::regconfig, body), 'B')) STORED`)
	for _, f := range facetNames {
		fmt.Fprintf(&b, ",\n\tf_%s text[] NOT NULL", f)
	}
	b.WriteString(")")
	return b.String()
}

var pgIndexes = []string{
	`CREATE INDEX docs_tsv ON docs USING gin (tsv)`,
	`CREATE INDEX docs_regions ON docs USING gin (f_regions)`,
	`CREATE INDEX docs_departements ON docs USING gin (f_departements)`,
	`CREATE INDEX docs_types ON docs USING gin (f_types)`,
	`CREATE INDEX docs_published ON docs (published)`,
	`ANALYZE docs`,
}

// Load creates the schema and copies the documents in, then builds the
// indexes. It returns the number of documents loaded.
func (p *pgPeer) Load(ctx context.Context, path string) (int, error) {
	for _, s := range append(pgSchema, pgCreateTable()) {
		if _, err := p.pool.Exec(ctx, s); err != nil {
			return 0, fmt.Errorf("postgres schema: %s: %w", firstWords(s, 6), err)
		}
	}
	cols := []string{"id", "url", "site", "title", "body", "published", "year", "is_signing"}
	for _, f := range facetNames {
		cols = append(cols, "f_"+f)
	}
	n := 0
	err := readDocs(path, 1000, func(docs []*vigie.Document) error {
		rows := make([][]any, len(docs))
		for i, d := range docs {
			var pub any
			if d.Published != "" {
				pub = d.Published
			}
			row := []any{d.ID, d.URL, d.Site, d.Title, d.Text, pub, year(d.Published), d.IsSigning}
			fv := facetValues(d)
			for _, f := range facetNames {
				row = append(row, append([]string{}, fv[f]...))
			}
			rows[i] = row
		}
		_, err := p.pool.CopyFrom(ctx, pgx.Identifier{"docs"}, cols, pgx.CopyFromRows(rows))
		n += len(docs)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("postgres copy: %w", err)
	}
	for _, s := range pgIndexes {
		if _, err := p.pool.Exec(ctx, s); err != nil {
			return n, fmt.Errorf("postgres index: %s: %w", s, err)
		}
	}
	return n, nil
}

// Size returns the bytes the table and its indexes take on disk.
func (p *pgPeer) Size(ctx context.Context) (int64, error) {
	var n int64
	err := p.pool.QueryRow(ctx, `SELECT pg_total_relation_size('docs')`).Scan(&n)
	return n, err
}

// pgQuery returns the SQL statement and arguments that answer q in one
// round trip: the total, the top hits by ts_rank, the top 10 values of
// every facet and the yearly and monthly histograms, as JSON.
func pgQuery(q Query) (string, []any) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	rank := "0::real"
	if strings.TrimSpace(q.Q.Text) != "" {
		where = append(where, "tsv @@ websearch_to_tsquery('fr_unaccent', "+arg(q.Q.Text)+")")
		rank = "ts_rank(tsv, websearch_to_tsquery('fr_unaccent', $1))"
	}
	if len(q.Q.Regions) > 0 {
		where = append(where, "f_regions && "+arg(q.Q.Regions))
	}
	if len(q.Q.Departements) > 0 {
		where = append(where, "f_departements && "+arg(q.Q.Departements))
	}
	if len(q.Q.Types) > 0 {
		where = append(where, "f_types && "+arg(q.Q.Types))
	}
	if q.Q.FromDate != "" {
		where = append(where, "published >= "+arg(dateBound(q.Q.FromDate, false)))
	}
	if q.Q.ToDate != "" {
		where = append(where, "published <= "+arg(dateBound(q.Q.ToDate, true)))
	}
	if len(where) == 0 {
		where = append(where, "true")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "WITH m AS MATERIALIZED (SELECT id, title, year, published, %s AS rank", rank)
	for _, f := range facetNames {
		fmt.Fprintf(&b, ", f_%s", f)
	}
	fmt.Fprintf(&b, " FROM docs WHERE %s)\nSELECT (SELECT count(*) FROM m),\n", strings.Join(where, " AND "))
	fmt.Fprintf(&b, " (SELECT coalesce(json_agg(h), '[]') FROM (SELECT id, title FROM m ORDER BY rank DESC LIMIT %d) h),\n", hitsPerPage)
	b.WriteString(" json_build_object(")
	for i, f := range facetNames {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "'%s', (SELECT coalesce(json_agg(json_build_array(v, c)), '[]') FROM (SELECT v, count(*) c FROM m, unnest(m.f_%s) v GROUP BY v ORDER BY c DESC, v LIMIT 10) t)", f, f)
	}
	b.WriteString(",\n 'years', (SELECT coalesce(json_agg(json_build_array(y::text, c)), '[]') FROM (SELECT year y, count(*) c FROM m WHERE year > 0 GROUP BY year ORDER BY year) t),\n 'months', (SELECT coalesce(json_agg(json_build_array(mo, c)), '[]') FROM (SELECT substr(published, 1, 7) mo, count(*) c FROM m WHERE length(published) >= 7 GROUP BY mo ORDER BY mo) t))")
	return b.String(), args
}

// Search runs q and returns the total and the facets.
func (p *pgPeer) Search(ctx context.Context, q Query) (*vigie.Results, error) {
	sql, args := pgQuery(q)
	var total int64
	var hits []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	var facets map[string][][2]any
	if err := p.pool.QueryRow(ctx, sql, args...).Scan(&total, &hits, &facets); err != nil {
		return nil, fmt.Errorf("postgres search %q: %w", q.Name, err)
	}
	r := &vigie.Results{Total: uint64(total), Facets: map[string][]vigie.FacetValue{}}
	for _, h := range hits {
		r.Hits = append(r.Hits, vigie.Hit{ID: h.ID, Title: h.Title})
	}
	for name, vs := range facets {
		for _, v := range vs {
			s, _ := v[0].(string)
			c, _ := v[1].(float64)
			r.Facets[name] = append(r.Facets[name], vigie.FacetValue{Value: s, Count: int(c)})
		}
	}
	return r, nil
}
