package export

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// xlsxWriter writes one worksheet of an XLSX workbook row by row. The
// worksheet is deflated straight into the zip on the output, so memory use
// does not grow with the number of rows. Strings are inline strings (no
// shared-string table to keep), the first row is bold and frozen.
type xlsxWriter struct {
	zw    *zip.Writer
	sheet *bufio.Writer
	row   int
	err   error
}

// maxCellLen is the most characters Excel accepts in one cell.
const maxCellLen = 32767

func newXLSXWriter(w io.Writer, sheetName string, widths []int) (*xlsxWriter, error) {
	x := &xlsxWriter{zw: zip.NewWriter(w)}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="` + xmlEscape(sheetName) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`},
	}
	for _, p := range parts {
		f, err := x.zw.Create(p.name)
		if err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", p.name, err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return nil, fmt.Errorf("xlsx %s: %w", p.name, err)
		}
	}
	f, err := x.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, fmt.Errorf("xlsx sheet: %w", err)
	}
	x.sheet = bufio.NewWriterSize(f, 32<<10)
	x.sheet.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	if len(widths) > 0 {
		x.sheet.WriteString("<cols>")
		for i, w := range widths {
			fmt.Fprintf(x.sheet, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, i+1, i+1, w)
		}
		x.sheet.WriteString("</cols>")
	}
	x.sheet.WriteString("<sheetData>")
	return x, nil
}

// Header writes the bold first row.
func (x *xlsxWriter) Header(cols []string) error {
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = c
	}
	return x.write(cells, 1)
}

// Row writes one row; cells are strings or ints.
func (x *xlsxWriter) Row(cells []any) error { return x.write(cells, 0) }

func (x *xlsxWriter) write(cells []any, style int) error {
	if x.err != nil {
		return x.err
	}
	x.row++
	fmt.Fprintf(x.sheet, `<row r="%d">`, x.row)
	for i, c := range cells {
		ref := columnName(i) + strconv.Itoa(x.row)
		s := ""
		if style > 0 {
			s = fmt.Sprintf(` s="%d"`, style)
		}
		switch v := c.(type) {
		case int:
			fmt.Fprintf(x.sheet, `<c r="%s"%s><v>%d</v></c>`, ref, s, v)
		case string:
			if v == "" {
				continue
			}
			if len(v) > maxCellLen {
				v = truncateRunes(v, maxCellLen)
			}
			fmt.Fprintf(x.sheet, `<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, s, xmlEscape(v))
		default:
			panic(fmt.Sprintf("xlsx cell of type %T", c))
		}
	}
	_, x.err = x.sheet.WriteString("</row>")
	return x.err
}

// Close ends the worksheet and writes the zip's central directory.
func (x *xlsxWriter) Close() error {
	if x.err != nil {
		return x.err
	}
	x.sheet.WriteString("</sheetData></worksheet>")
	if err := x.sheet.Flush(); err != nil {
		return fmt.Errorf("xlsx sheet: %w", err)
	}
	if err := x.zw.Close(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

// Flush pushes the rows written so far to the output.
func (x *xlsxWriter) Flush() error {
	if err := x.sheet.Flush(); err != nil {
		return err
	}
	return x.zw.Flush()
}

// columnName returns the spreadsheet name of the 0-based column i: A, B, ..., Z, AA, ...
func columnName(i int) string {
	name := ""
	for i++; i > 0; i = (i - 1) / 26 {
		name = string(rune('A'+(i-1)%26)) + name
	}
	return name
}

// xmlEscape escapes s for XML text and attributes and drops the characters
// XML 1.0 cannot carry.
func xmlEscape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func truncateRunes(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}
