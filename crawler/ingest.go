package crawler

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"vigie"
)

// maxFileSize bounds the size of one ingested file.
const maxFileSize = 64 << 20

// Ingest reads local files and folders (walked recursively) and hands each
// HTML, plain-text or PDF file to h as a page whose URL is its file:// URL.
// Every file that cannot be read is counted in the report with the reason;
// the others are still ingested.
func Ingest(ctx context.Context, paths []string, h Handler) (*Report, error) {
	rep := newReport()
	start := time.Now()
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if ctxErr := ctx.Err(); ctxErr != nil {
				return ctxErr
			}
			if err != nil {
				rep.fail(p, 0, err)
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.Type().IsRegular() {
				rep.skip("not-a-regular-file", p)
				return nil
			}
			page, err := readFile(p)
			if err != nil {
				rep.fail(p, 0, err)
				return nil
			}
			if page == nil {
				rep.skip("unsupported-type:"+strings.ToLower(filepath.Ext(p)), p)
				return nil
			}
			if err := h.Page(ctx, page); err != nil {
				rep.fail(p, 0, err)
				return nil
			}
			rep.count(&rep.Handled)
			if page.ContentType == "application/pdf" {
				rep.count(&rep.PDFs)
			}
			return nil
		})
		if err != nil {
			rep.Duration = time.Since(start)
			return rep, fmt.Errorf("ingest %s: %w", root, err)
		}
	}
	rep.Duration = time.Since(start)
	return rep, nil
}

// readFile reads one local file as a page; nil for a type it does not take.
func readFile(p string) (*vigie.Page, error) {
	ext := strings.ToLower(filepath.Ext(p))
	var ct string
	switch ext {
	case ".html", ".htm", ".xhtml":
		ct = "text/html"
	case ".txt", ".text", ".md":
		ct = "text/plain"
	case ".pdf":
		ct = "application/pdf"
	default:
		return nil, nil
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.Size() > maxFileSize {
		return nil, fmt.Errorf("%d bytes: %w", fi.Size(), ErrTooLarge)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	u := (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
	page := &vigie.Page{URL: u, FetchedURL: u, Site: "fichiers locaux", ContentType: ct, FetchedAt: fi.ModTime()}
	switch ct {
	case "application/pdf":
		text, err := pdfText(data)
		if err != nil {
			return nil, fmt.Errorf("pdf: %w", err)
		}
		page.Body = []byte(text)
	default:
		if looksBinary(data) {
			return nil, fmt.Errorf("binary data in a %s file", ext)
		}
		page.Body = toUTF8(data, "")
	}
	return page, nil
}
