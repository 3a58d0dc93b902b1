package webui

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"vigie/search"
)

const chromiumPath = "/usr/bin/chromium"

// TestBrowser drives a real Chromium through the interface, behind the
// server's Guard (and so its Content-Security-Policy): a search, a facet
// checkbox, a chip, the timeline and map, a document and an event page.
// Screenshots go to $VIGIE_SCREENSHOTS, or a temporary directory.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("browser test skipped: %s not found", chromiumPath)
	}
	h, _ := mustHandler(t)
	mux := http.NewServeMux()
	for _, p := range Patterns() {
		mux.Handle(p, h)
	}
	srv := httptest.NewServer(search.Guard(mux, search.GuardConfig{Token: "t"}))
	defer srv.Close()

	shots := os.Getenv("VIGIE_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	// Chromium may still write to its profile as it exits: a directory of
	// our own, removed on a best-effort basis.
	profile, err := os.MkdirTemp("", "vigie-webui-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for range 20 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	opts := append([]chromedp.ExecAllocatorOption{},
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 45*time.Second)
	defer cancel()

	shot := func(name string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var buf []byte
			if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), buf, 0o644)
		})
	}
	count := func(sel string, n *int) chromedp.Action {
		return chromedp.Evaluate(`document.querySelectorAll(`+"`"+sel+"`"+`).length`, n)
	}

	var before, after, timeline, mapPts, chips int
	var total string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/?q=d%C3%A9claration"),
		chromedp.WaitVisible(`.hits`),
		count(`.hit`, &before),
		count(`.timeline rect`, &timeline),
		count(`.map circle`, &mapPts),
		shot("1-recherche"),
		// The script submits the form when a box changes.
		chromedp.Click(`input[name="site"][value="journal-b.example"]`),
		chromedp.WaitVisible(`.chips a[aria-label*="Source"]`),
		count(`.hit`, &after),
		count(`.chips a[aria-label*="Source"]`, &chips),
		chromedp.Text(`.total`, &total),
		shot("2-filtre"),
	)
	if err != nil {
		t.Fatalf("search page: %v", err)
	}
	t.Logf("hits %d -> %d, timeline bars %d, map points %d, chips %d, total %q", before, after, timeline, mapPts, chips, total)
	if before < 2 || after != 1 || chips != 1 {
		t.Errorf("facet click: hits %d -> %d with %d chips, want fewer hits (1) and one chip", before, after, chips)
	}
	if mapPts < 1 {
		t.Errorf("map has %d points, want at least 1", mapPts)
	}

	// Remove the chip: back to every hit.
	var back int
	var loc string
	err = chromedp.Run(ctx,
		chromedp.Click(`.chips a[aria-label*="Source"]`),
		chromedp.WaitNotPresent(`.chips a[aria-label*="Source"]`),
		count(`.hit`, &back),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatalf("remove chip: %v", err)
	}
	if back != before || strings.Contains(loc, "site=") {
		t.Errorf("after removing the chip: %d hits at %s, want %d without site=", back, loc, before)
	}

	// The home page lists every month: the timeline.
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`.timeline svg`),
		count(`.timeline rect`, &timeline),
		shot("3-accueil"),
	)
	if err != nil {
		t.Fatalf("home page: %v", err)
	}
	if timeline < 2 {
		t.Errorf("timeline has %d bars, want at least 2", timeline)
	}

	// A document with its entities highlighted.
	var persons, places, dates int
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/?q=title%3Acommune"),
		chromedp.WaitVisible(`.hit h2 a`),
		chromedp.Click(`.hit h2 a`),
		chromedp.WaitVisible(`.doc .text`),
		count(`.text .m-person`, &persons),
		count(`.text .m-place`, &places),
		count(`.text .m-date`, &dates),
		shot("4-document"),
	)
	if err != nil {
		t.Fatalf("document page: %v", err)
	}
	if persons == 0 || places == 0 || dates == 0 {
		t.Errorf("document highlights: %d persons, %d places, %d dates, want some of each", persons, places, dates)
	}

	// An event with its sources.
	var sources int
	var heading string
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/evenements"),
		chromedp.WaitVisible(`.events`),
		shot("5-evenements"),
		chromedp.Click(`.event h2 a`),
		chromedp.WaitVisible(`.event-page`),
		chromedp.Text(`h1`, &heading),
		count(`.sources li`, &sources),
		shot("6-evenement"),
	)
	if err != nil {
		t.Fatalf("event page: %v", err)
	}
	if sources < 2 {
		t.Errorf("event page %q lists %d sources, want 2", heading, sources)
	}

	// A person, reached from the event page.
	var cosig int
	err = chromedp.Run(ctx,
		chromedp.Click(`.signatories a[href^="/personnes/"]`),
		chromedp.WaitVisible(`.entity`),
		count(`.entity a[href^="/evenements/"]`, &cosig),
		shot("8-personne"),
	)
	if err != nil {
		t.Fatalf("person page: %v", err)
	}
	if cosig == 0 {
		t.Errorf("person page links no event")
	}

	// Phone width.
	err = chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/?q=d%C3%A9claration"),
		chromedp.WaitVisible(`.hits`),
		shot("7-mobile"),
	)
	if err != nil {
		t.Fatalf("phone width: %v", err)
	}
	t.Logf("screenshots in %s", shots)
}
