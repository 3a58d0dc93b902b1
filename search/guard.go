package search

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// GuardConfig configures Guard, the protection that wraps every response of
// the server.
type GuardConfig struct {
	// Token is the API token that endpoints changing state require (and every
	// endpoint when ProtectReads is set). It must not be empty: use NewToken.
	Token string
	// ProtectReads requires the token for reading too.
	ProtectReads bool
	// CORSOrigins lists the origins allowed to call the API from a browser;
	// empty means no CORS headers at all.
	CORSOrigins []string
	// MaxBodyBytes bounds request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
}

// SessionCookie is the cookie a browser presents instead of the
// Authorization header once the user has given the token in a form.
const SessionCookie = "vigie_token"

// NewToken returns a random API token (32 hex digits).
func NewToken() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("crypto/rand: " + err.Error()) // never fails on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// Guard wraps h with the server's protections:
//   - security headers on every response (Content-Security-Policy without
//     inline script, X-Content-Type-Options, Referrer-Policy, frame-ancestors);
//   - a bound on the size of request bodies;
//   - the API token on every request that changes state (any method but GET,
//     HEAD and OPTIONS), and on reads with ProtectReads, given as
//     "Authorization: Bearer TOKEN", or as the session cookie for browsers;
//     tokens are compared in constant time;
//   - CSRF protection for browser requests that change state: they must come
//     from the same origin (Origin or Sec-Fetch-Site), whatever the cookie;
//   - CORS only for the configured origins.
func Guard(h http.Handler, cfg GuardConfig) http.Handler {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	token := []byte(cfg.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		hdr.Set("X-Content-Type-Options", "nosniff")
		hdr.Set("Referrer-Policy", "same-origin")
		hdr.Set("X-Frame-Options", "DENY")
		cors := corsOrigin(r, cfg.CORSOrigins)
		if cors != "" {
			hdr.Set("Access-Control-Allow-Origin", cors)
			hdr.Set("Vary", "Origin")
		}
		if r.Method == http.MethodOptions {
			if cors == "" {
				guardError(w, http.StatusForbidden, "cross-origin requests are not allowed from this origin")
				return
			}
			hdr.Set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
			hdr.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
			hdr.Set("Access-Control-Max-Age", "600")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, cfg.MaxBodyBytes)
		}
		changes := r.Method != http.MethodGet && r.Method != http.MethodHead
		if !changes && !cfg.ProtectReads {
			h.ServeHTTP(w, r)
			return
		}
		bearer, hasBearer := bearerToken(r)
		switch {
		case hasBearer:
			if !equalToken(bearer, token) {
				guardError(w, http.StatusUnauthorized, "the API token is wrong")
				return
			}
		default:
			c, err := r.Cookie(SessionCookie)
			if err != nil {
				guardError(w, http.StatusUnauthorized, "this request needs the API token: send \"Authorization: Bearer TOKEN\"")
				return
			}
			if !equalToken(c.Value, token) {
				guardError(w, http.StatusUnauthorized, "the API token of the session cookie is wrong")
				return
			}
			// A cookie is sent by the browser whoever made the page: a
			// request that changes state must come from our own pages.
			if changes && !sameOrigin(r) {
				guardError(w, http.StatusForbidden, "cross-site request refused (CSRF protection)")
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}

func bearerToken(r *http.Request) (string, bool) {
	auth := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(auth, "Bearer ")
	return strings.TrimSpace(tok), ok
}

func equalToken(got string, want []byte) bool {
	return len(want) > 0 && subtle.ConstantTimeCompare([]byte(got), want) == 1
}

// sameOrigin reports whether a browser request comes from a page of this
// server: Sec-Fetch-Site says so, or the Origin (or Referer) host is ours.
func sameOrigin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "same-origin":
		return true
	case "cross-site", "same-site":
		return false
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		origin = r.Header.Get("Referer")
	}
	if origin == "" {
		return false
	}
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

func corsOrigin(r *http.Request, allowed []string) string {
	origin := r.Header.Get("Origin")
	if origin == "" || len(allowed) == 0 {
		return ""
	}
	if slices.Contains(allowed, "*") || slices.Contains(allowed, origin) {
		return origin
	}
	return ""
}

func guardError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(errorBody{Error: msg})
}
