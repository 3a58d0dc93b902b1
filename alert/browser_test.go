package alert

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"vigie/search"
)

// TestBrowserPages drives the alert pages in a real Chromium, behind the
// server's Guard (API token as the session cookie, Content-Security-Policy):
// create an alert with the form, edit it, delete it.
func TestBrowserPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium not installed (scripts/install-test-deps.sh installs it)")
	}
	st := mustOpen(t, t.TempDir())
	defer st.Close()
	docs := newDocSet(t, signing("http://actu.test/a", "Contrat signé à Dole", "2024-05-15", "Dole", "39198", "Marie Exemple"))
	s := New(st, Config{Search: docs, Documents: docs, ParseQuery: parseQuery})
	mux := http.NewServeMux()
	s.Register(mux)
	srv := httptest.NewServer(search.Guard(mux, search.GuardConfig{Token: "jeton"}))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chrome), chromedp.NoSandbox, chromedp.Headless)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()

	var mu sync.Mutex
	var problems []string
	chromedp.ListenTarget(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			// A missing favicon is not the pages' concern; a missing
			// script or a blocked one (CSP) is.
			if ev.Entry.Level == log.LevelError && !strings.Contains(ev.Entry.URL, "favicon") {
				problems = append(problems, "console: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *page.EventJavascriptDialogOpening:
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(true)) // confirm the deletion
		}
	})

	var title string
	err = chromedp.Run(ctx,
		log.Enable(),
		chromedp.ActionFunc(func(ctx context.Context) error {
			return network.SetCookie("vigie_token", "jeton").WithURL(srv.URL).Do(ctx)
		}),
		chromedp.Navigate(srv.URL+"/alertes"),
		chromedp.SendKeys("#name", "Contrats du Jura", chromedp.ByQuery),
		chromedp.SendKeys("#query", "q=contrat", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector('#over').value = 'events'`, nil),
		chromedp.Click("#creer button", chromedp.ByQuery),
	)
	if err == nil {
		wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
		err = chromedp.Run(wctx, chromedp.WaitVisible("#modifier", chromedp.ByQuery), chromedp.Text("h1", &title, chromedp.ByQuery))
		wcancel()
	}
	if err != nil {
		var msg string
		chromedp.Run(ctx, chromedp.Text("#message", &msg, chromedp.ByQuery))
		t.Fatalf("create with the form: %v (message %q, problems: %q)", err, msg, problems)
	}
	alerts, _ := st.List()
	if len(alerts) != 1 || alerts[0].Name != "Contrats du Jura" || alerts[0].Over != OverEvents || title != "Contrats du Jura" {
		t.Fatalf("after the form: alerts %+v, page title %q", alerts, title)
	}

	var msg string
	err = chromedp.Run(ctx,
		chromedp.Evaluate(`document.querySelector('#name').value = 'Contrats de Dole'`, nil),
		chromedp.Click(`#modifier button:not([data-delete])`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[@id="message"][contains(., "enregistrée")]`),
		chromedp.Text("#message", &msg, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("edit with the form: %v (problems: %q)", err, problems)
	}
	if a, _ := st.Get(alerts[0].ID); a.Name != "Contrats de Dole" {
		t.Errorf("after editing, name = %q", a.Name)
	}

	err = chromedp.Run(ctx,
		chromedp.Click(`button[data-delete]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[contains(., "Aucune alerte")]`),
	)
	if err != nil {
		t.Fatalf("delete: %v (problems: %q)", err, problems)
	}
	if alerts, _ := st.List(); len(alerts) != 0 {
		t.Errorf("%d alerts left after deleting", len(alerts))
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range problems {
		t.Errorf("browser reported %s", p)
	}
}
