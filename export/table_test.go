package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestColumnName(t *testing.T) {
	tests := []struct {
		i    int
		want string
	}{{0, "A"}, {8, "I"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}}
	for _, tt := range tests {
		if got := columnName(tt.i); got != tt.want {
			t.Errorf("columnName(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"": CSV, "csv": CSV, "XLSX": XLSX, "jsonl": JSONL, "ndjson": JSONL} {
		got, err := ParseFormat(in)
		if err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error(`ParseFormat("pdf") succeeded`)
	}
}

var tableRows = [][]any{
	{"Région Bourgogne-Franche-Comté", "Déclaration « commune »", 3},
	{"Hauts-de-France", "ligne 1\nligne 2, avec \"guillemets\"", 0},
	{"=HYPERLINK(\"x\")", "", 12},
	{"contrôle\x01caractère", "<b>&</b>", -4},
}

func TestCSVTable(t *testing.T) {
	var buf bytes.Buffer
	tb := newCSVTable(&buf)
	if err := tb.Header([]string{"Nom", "Accord", "N"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range tableRows {
		if err := tb.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := tb.Close(); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("CSV does not start with a UTF-8 BOM: % x", b[:3])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(tableRows)+1 {
		t.Fatalf("got %d records, want %d", len(recs), len(tableRows)+1)
	}
	if recs[1][1] != "Déclaration « commune »" || recs[2][1] != "ligne 1\nligne 2, avec \"guillemets\"" {
		t.Errorf("records do not round-trip: %q", recs[1:3])
	}
	if recs[3][0] != "'=HYPERLINK(\"x\")" {
		t.Errorf("formula cell = %q, want it defused with an apostrophe", recs[3][0])
	}
	if recs[4][2] != "-4" {
		t.Errorf("int cell = %q, want -4", recs[4][2])
	}
}

func TestXLSXTable(t *testing.T) {
	var buf bytes.Buffer
	x, err := newXLSXWriter(&buf, "Événements", []int{20, 30, 5})
	if err != nil {
		t.Fatal(err)
	}
	x.Header([]string{"Nom", "Accord", "N"})
	for _, r := range tableRows {
		if err := x.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	long := strings.Repeat("é", maxCellLen+10)
	x.Row([]any{long, "", 1})
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Événements" {
		t.Fatalf("sheets = %q, want [Événements]", got)
	}
	rows, err := f.GetRows("Événements")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(tableRows)+2 {
		t.Fatalf("got %d rows, want %d", len(rows), len(tableRows)+2)
	}
	want := [][]string{
		{"Nom", "Accord", "N"},
		{"Région Bourgogne-Franche-Comté", "Déclaration « commune »", "3"},
		{"Hauts-de-France", "ligne 1\nligne 2, avec \"guillemets\"", "0"},
		{"=HYPERLINK(\"x\")", "", "12"},
		{"contrôlecaractère", "<b>&</b>", "-4"},
	}
	for i, w := range want {
		if strings.Join(rows[i], "|") != strings.Join(w, "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], w)
		}
	}
	if n := len([]rune(rows[len(rows)-1][0])); n != maxCellLen {
		t.Errorf("long cell has %d characters, want it cut to %d", n, maxCellLen)
	}
	// Numbers are numbers, not text.
	if typ, _ := f.GetCellType("Événements", "C2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("C2 has type %v, want a number", typ)
	}
}
