package search

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGuard(t *testing.T) {
	const token = "s3cret-token"
	var reached int
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		if _, err := io.ReadAll(r.Body); err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	tests := []struct {
		name      string
		cfg       GuardConfig
		method    string
		body      string
		header    map[string]string
		cookie    string
		want      int
		wantInner bool
	}{
		{name: "read open", method: "GET", want: 200, wantInner: true},
		{name: "write without token", method: "POST", want: 401},
		{name: "write with wrong token", method: "DELETE", header: map[string]string{"Authorization": "Bearer nope"}, want: 401},
		{name: "write with token", method: "POST", header: map[string]string{"Authorization": "Bearer " + token}, want: 200, wantInner: true},
		{name: "read protected without token", cfg: GuardConfig{ProtectReads: true}, method: "GET", want: 401},
		{name: "read protected with token", cfg: GuardConfig{ProtectReads: true}, method: "GET", header: map[string]string{"Authorization": "Bearer " + token}, want: 200, wantInner: true},
		{name: "cookie form post same origin", method: "POST", cookie: token, header: map[string]string{"Origin": "http://example.test"}, want: 200, wantInner: true},
		{name: "cookie form post cross site", method: "POST", cookie: token, header: map[string]string{"Origin": "http://evil.test"}, want: 403},
		{name: "cookie form post fetch metadata cross site", method: "POST", cookie: token, header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "http://example.test"}, want: 403},
		{name: "cookie post without origin", method: "POST", cookie: token, want: 403},
		{name: "wrong cookie", method: "POST", cookie: "x", header: map[string]string{"Origin": "http://example.test"}, want: 401},
		{name: "body too large", cfg: GuardConfig{MaxBodyBytes: 10}, method: "POST", body: strings.Repeat("x", 100), header: map[string]string{"Authorization": "Bearer " + token}, want: 413, wantInner: true},
		{name: "preflight refused without CORS", method: "OPTIONS", header: map[string]string{"Origin": "http://other.test"}, want: 403},
		{name: "preflight allowed origin", cfg: GuardConfig{CORSOrigins: []string{"http://other.test"}}, method: "OPTIONS", header: map[string]string{"Origin": "http://other.test"}, want: 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reached = 0
			cfg := tt.cfg
			cfg.Token = token
			h := Guard(inner, cfg)
			r := httptest.NewRequest(tt.method, "http://example.test/api/alerts", strings.NewReader(tt.body))
			for k, v := range tt.header {
				r.Header.Set(k, v)
			}
			if tt.cookie != "" {
				r.AddCookie(&http.Cookie{Name: SessionCookie, Value: tt.cookie})
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tt.want {
				t.Errorf("%s: status %d, want %d (%s)", tt.method, w.Code, tt.want, w.Body)
			}
			if (reached > 0) != tt.wantInner {
				t.Errorf("%s: handler reached %v, want %v", tt.method, reached > 0, tt.wantInner)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if w.Header().Get(h) == "" {
					t.Errorf("response lacks %s", h)
				}
			}
			if csp := w.Header().Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("CSP %q allows inline script or framing", csp)
			}
			if acao := w.Header().Get("Access-Control-Allow-Origin"); acao != "" && len(tt.cfg.CORSOrigins) == 0 {
				t.Errorf("CORS header %q without configured origins", acao)
			}
		})
	}
}

func TestGuardEmptyTokenRefusesWrites(t *testing.T) {
	h := Guard(http.NotFoundHandler(), GuardConfig{})
	r := httptest.NewRequest("POST", "/api/alerts", nil)
	r.Header.Set("Authorization", "Bearer ")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusUnauthorized {
		t.Errorf("empty configured token accepted an empty bearer: status %d", w.Code)
	}
}
