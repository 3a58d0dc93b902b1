package crawler

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// mediaType returns the media type of a Content-Type header, lower case,
// or "" when there is none.
func mediaType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		mt, _, _ = strings.Cut(contentType, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}

// toUTF8 decodes an HTML or text body to UTF-8, using the charset of the
// Content-Type header, then a BOM or <meta> declaration, then the content:
// valid UTF-8 stays as it is and anything else is read as windows-1252 (a
// superset of ISO-8859-1 for printable text, and the usual undeclared
// charset of French sites). Invalid sequences become U+FFFD.
func toUTF8(body []byte, contentType string) []byte {
	enc, name, certain := charset.DetermineEncoding(body, contentType)
	if !certain && utf8.Valid(body) {
		return body
	}
	if name == "utf-8" {
		if utf8.Valid(body) {
			return bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
		}
		if !certain {
			enc = charmap.Windows1252
		}
	}
	if name == "iso-8859-1" || name == "windows-1252" {
		enc = charmap.Windows1252
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), body)
	if err != nil {
		return bytes.ToValidUTF8(body, []byte("\uFFFD"))
	}
	return bytes.ToValidUTF8(out, []byte("\uFFFD"))
}

// looksBinary reports whether a body announced as text is binary data:
// NUL bytes or many control characters in its first kilobytes.
func looksBinary(body []byte) bool {
	head := body
	if len(head) > 4096 {
		head = head[:4096]
	}
	ctl := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			ctl++
		}
	}
	return len(head) > 0 && ctl*10 > len(head)
}
