package export

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Format is a file format of an export.
type Format string

// Export formats.
const (
	CSV   Format = "csv"   // UTF-8 with a byte-order mark, comma-separated, RFC 4180 quoting
	JSONL Format = "jsonl" // one JSON object per line
	XLSX  Format = "xlsx"  // Office Open XML workbook with one sheet
)

// ParseFormat returns the format named s ("csv", "jsonl" or "xlsx"; "" is
// CSV), or an error wrapping vigie.ErrInvalid.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case "":
		return CSV, nil
	case CSV, JSONL, XLSX:
		return f, nil
	case "json", "ndjson":
		return JSONL, nil
	}
	return "", invalid("format", "unknown format %q: want csv, jsonl or xlsx", s)
}

// ContentType returns the media type of files of the format.
func (f Format) ContentType() string {
	switch f {
	case JSONL:
		return "application/x-ndjson; charset=utf-8"
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Ext returns the file name extension of the format, with its dot.
func (f Format) Ext() string { return "." + string(f) }

// table is a sink of rows with a header: CSV or XLSX.
type table interface {
	Header(cols []string) error
	Row(cells []any) error // strings and ints
	Close() error
}

// utf8BOM starts every CSV file: without it Excel reads UTF-8 as the local
// ANSI code page and mangles accents. LibreOffice ignores it.
const utf8BOM = "\uFEFF"

// csvTable writes comma-separated values after a UTF-8 byte-order mark.
// The comma (not the semicolon of French Excel defaults) keeps the files
// readable by every CSV parser; Excel and LibreOffice both detect it when
// they open a file with a BOM.
type csvTable struct {
	bw *bufio.Writer
	w  *csv.Writer
}

func newCSVTable(w io.Writer) *csvTable {
	bw := bufio.NewWriterSize(w, 32<<10)
	bw.WriteString(utf8BOM)
	return &csvTable{bw: bw, w: csv.NewWriter(bw)}
}

func (t *csvTable) Header(cols []string) error { return t.w.Write(cols) }

func (t *csvTable) Row(cells []any) error {
	rec := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case int:
			rec[i] = strconv.Itoa(v)
		case string:
			rec[i] = defuseFormula(v)
		default:
			panic(fmt.Sprintf("csv cell of type %T", c))
		}
	}
	return t.w.Write(rec)
}

func (t *csvTable) Close() error {
	t.w.Flush()
	if err := t.w.Error(); err != nil {
		return fmt.Errorf("write csv: %w", err)
	}
	return t.bw.Flush()
}

// defuseFormula prefixes with an apostrophe a text cell that a spreadsheet
// would run as a formula (it starts with "=", "+" or "@"), so that a crawled
// page cannot plant a formula in an analyst's spreadsheet. Vigie's own
// values never start so; "-" is left alone for dates like "--05-12".
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// jsonLines encodes one value per line, without HTML escaping.
type jsonLines struct {
	bw  *bufio.Writer
	enc *json.Encoder
}

func newJSONLines(w io.Writer) *jsonLines {
	bw := bufio.NewWriterSize(w, 32<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	return &jsonLines{bw: bw, enc: enc}
}

func (j *jsonLines) Write(v any) error { return j.enc.Encode(v) }
func (j *jsonLines) Close() error      { return j.bw.Flush() }
