package web

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

var screenshots = flag.String("screenshots", "", "directory where the browser tests write their screenshots (default: a temporary directory)")

// newBrowser starts a headless Chromium, or skips the test when there is
// none or with -short.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		if path, err = exec.LookPath("chromium"); err != nil {
			t.Skip("chromium is not installed (scripts/install-test-deps.sh installs it)")
		}
	}
	// A fresh profile, removed once the browser has exited (not with
	// t.TempDir: Chromium may still be writing its cache when tests end).
	profile, err := os.MkdirTemp("", "vigie-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	bctx := ctx
	ctx, cancelT := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(func() {
		cancelT()
		chromedp.Cancel(bctx) // closes the browser and waits for it
		cancelC()
		cancelA()
		os.RemoveAll(profile)
	})
	if err := chromedp.Run(ctx); err != nil {
		t.Skipf("chromium does not start: %v", err)
	}
	return ctx
}

func shotDir(t *testing.T) string {
	if *screenshots != "" {
		if err := os.MkdirAll(*screenshots, 0o755); err != nil {
			t.Fatal(err)
		}
		return *screenshots
	}
	return t.TempDir()
}

// shot saves a full-page screenshot as dir/name.png.
func shot(t *testing.T, dir, name string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var buf []byte
		if err := chromedp.FullScreenshot(&buf, 100).Do(ctx); err != nil { // 100: PNG
			return err
		}
		return os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	})
}

// TestBrowser drives Chromium through the main pages over a real index.
func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	srv := newTestServer(t)
	dir := shotDir(t)
	// Any JavaScript dialog (alert) means a crafted string ran.
	dialogs := make(chan string, 4)
	chromedp.ListenTarget(ctx, func(ev any) {
		if d, ok := ev.(*cdpage.EventJavascriptDialogOpening); ok {
			dialogs <- d.Message
			go chromedp.Run(ctx, cdpage.HandleJavaScriptDialog(true))
		}
	})
	count := func(sel string, n *int) chromedp.Action {
		return chromedp.Evaluate(`document.querySelectorAll(`+jsString(sel)+`).length`, n)
	}
	var before, after, restored int
	var chipText, heading string
	var bars, points int
	run := func(name string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}

	// 1. A search, then a facet click that narrows the results.
	run("search",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`#q`, chromedp.ByQuery),
		chromedp.SendKeys(`#q`, "signé", chromedp.ByQuery),
		chromedp.Submit(`#q`, chromedp.ByQuery),
		chromedp.WaitVisible(`.hits`, chromedp.ByQuery),
		count(`.hit`, &before),
		chromedp.Text(`#results-heading`, &heading, chromedp.ByQuery),
		count(`.timeline rect.bar`, &bars),
		count(`.map circle.point`, &points),
		shot(t, dir, "recherche"),
	)
	if before == 0 {
		t.Fatalf("search for signé: no hits (heading %q)", heading)
	}
	if bars == 0 || points == 0 {
		t.Errorf("search page: %d timeline bars, %d map points; want both", bars, points)
	}
	// Claire Vautrin signed at Dole only: her checkbox narrows to Dole's documents.
	run("facet click",
		chromedp.Click(`input[name=signatory][value="Claire Vautrin"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.chip`, chromedp.ByQuery),
		count(`.hit`, &after),
		chromedp.Text(`.chip`, &chipText, chromedp.ByQuery),
		chromedp.Location(&heading),
	)
	if after == 0 || after >= before {
		t.Errorf("facet Claire Vautrin: %d hits, want fewer than %d and more than 0", after, before)
	}
	if !strings.Contains(chipText, "Claire Vautrin") {
		t.Errorf("chip = %q, want the signatory", chipText)
	}
	if !strings.Contains(heading, "signatory=Claire+Vautrin") || !strings.Contains(heading, "q=sign") {
		t.Errorf("URL after facet click = %q, want the query and the filter", heading)
	}
	run("chip removal",
		chromedp.Click(`.chip`, chromedp.ByQuery),
		chromedp.WaitNotPresent(`.chip`, chromedp.ByQuery),
		count(`.hit`, &restored),
	)
	if restored != before {
		t.Errorf("after removing the chip: %d hits, want %d", restored, before)
	}

	// 2. A timeline bar filters the period.
	var month string
	run("timeline bar",
		chromedp.Click(`.timeline a[aria-label^="mai 2024"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.chip`, chromedp.ByQuery),
		chromedp.Text(`.chips`, &month, chromedp.ByQuery),
	)
	if !strings.Contains(month, "mai 2024") {
		t.Errorf("after clicking the May 2024 bar, chips = %q, want mai 2024", month)
	}

	// 3. A map point links to the events there.
	var evHeading string
	run("map point",
		chromedp.Navigate(srv.URL+"/"),
		chromedp.Click(`.map a[aria-label^="Besançon"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`table.events`, chromedp.ByQuery),
		chromedp.Text(`#results-heading`, &evHeading, chromedp.ByQuery),
		shot(t, dir, "evenements"),
	)
	if !strings.HasPrefix(evHeading, "8 signatures") {
		t.Errorf("events at Besançon: heading %q, want 8 signatures", evHeading)
	}

	// 4. An event page lists every article that reports it.
	var sources int
	var eventTitle string
	run("event page",
		chromedp.Navigate(srv.URL+"/evenements?place=Dole"),
		chromedp.Click(`table.events td a[href^="/evenements/"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#sources`, chromedp.ByQuery),
		chromedp.Text(`h1`, &eventTitle, chromedp.ByQuery),
		count(`.sources .source`, &sources),
		shot(t, dir, "evenement"),
	)
	if sources != 2 || eventTitle != "contrat Territoire d'industrie" {
		t.Errorf("event page %q: %d sources, want the Dole contract with 2", eventTitle, sources)
	}

	// 5. A document page with its entities highlighted.
	var persons, placesN, orgs, dates int
	run("document page",
		chromedp.Navigate(srv.URL+"/documents/dole1"),
		chromedp.WaitVisible(`.text`, chromedp.ByQuery),
		count(`.text mark.m-person`, &persons),
		count(`.text mark.m-place`, &placesN),
		count(`.text mark.m-org`, &orgs),
		count(`.text mark.m-date`, &dates),
		shot(t, dir, "document"),
	)
	if persons != 3 || placesN != 1 || orgs != 1 || dates != 1 {
		t.Errorf("document marks: %d persons, %d places, %d orgs, %d dates; want 3, 1, 1, 1", persons, placesN, orgs, dates)
	}

	// 6. The crafted document renders as text.
	var title, agreement string
	var scripts int
	run("crafted document",
		chromedp.Navigate(srv.URL+"/?q=piégé"),
		chromedp.WaitVisible(`.hit h3 a`, chromedp.ByQuery),
		chromedp.Text(`.hit h3 a`, &title, chromedp.ByQuery),
		chromedp.Click(`.hit h3 a`, chromedp.ByQuery),
		chromedp.WaitVisible(`.text`, chromedp.ByQuery),
		chromedp.Text(`table.events td:nth-child(3)`, &agreement, chromedp.ByQuery),
		count(`script:not([src])`, &scripts),
		shot(t, dir, "document-piege"),
	)
	if title != xssTitle {
		t.Errorf("crafted title shown as %q, want the literal %q", title, xssTitle)
	}
	if !strings.Contains(agreement, "<b onmouseover") {
		t.Errorf("crafted agreement shown as %q, want the literal markup", agreement)
	}
	if scripts != 0 {
		t.Errorf("%d inline script elements in the crafted document's page", scripts)
	}

	// 7. An entity page and the phone-width search page.
	var cosig int
	run("entity page",
		chromedp.Navigate(srv.URL+"/personnes/Claire%20Vautrin"),
		chromedp.WaitVisible(`h1`, chromedp.ByQuery),
		count(`ul.inline li`, &cosig),
		shot(t, dir, "personne"),
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(srv.URL+"/?q=contrat"),
		chromedp.WaitVisible(`.hits`, chromedp.ByQuery),
		shot(t, dir, "recherche-mobile"),
	)
	if cosig != 1 {
		t.Errorf("Claire Vautrin: %d co-signatories, want 1 (Marc Jobelin)", cosig)
	}
	select {
	case msg := <-dialogs:
		t.Errorf("a JavaScript dialog opened: %q", msg)
	default:
	}
	t.Logf("screenshots in %s", dir)
}

func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}
