package crawler

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ledongthuc/pdf"
)

// maxPDFText bounds the text taken from one PDF.
const maxPDFText = 4 << 20

// pdfText extracts the plain text of a PDF document, in pure Go.
func pdfText(data []byte) (text string, err error) {
	defer func() {
		// The PDF reader panics on some malformed files.
		if p := recover(); p != nil {
			text, err = "", fmt.Errorf("malformed PDF: %v", p)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	tr, err := r.GetPlainText()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if _, err := io.Copy(&b, io.LimitReader(tr, maxPDFText)); err != nil {
		return "", err
	}
	out := strings.TrimSpace(b.String())
	if out == "" {
		return "", errors.New("no text in PDF (scanned document?)")
	}
	return out, nil
}
