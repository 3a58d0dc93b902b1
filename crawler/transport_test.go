package crawler

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSafeTransport checks that the address is refused when connecting,
// after name resolution: a host name that resolves to loopback is refused
// as well as a literal address, and allowPrivate lets both through.
func TestSafeTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	for _, u := range []string{srv.URL, "http://localhost:" + port} {
		res, err := (&http.Client{Transport: SafeTransport(false)}).Get(u)
		if err == nil {
			res.Body.Close()
			t.Errorf("SafeTransport(false).Get(%q) succeeded, want ErrPrivateAddress", u)
		} else if !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("SafeTransport(false).Get(%q) = %v, want ErrPrivateAddress", u, err)
		}
		res, err = (&http.Client{Transport: SafeTransport(true)}).Get(u)
		if err != nil {
			t.Errorf("SafeTransport(true).Get(%q) = %v", u, err)
		} else {
			res.Body.Close()
		}
	}
	for _, ip := range []string{"127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "100.64.0.1", "::1", "fe80::1", "fd00::1", "0.0.0.0", "::ffff:127.0.0.1"} {
		if !isPrivate(net.ParseIP(ip)) {
			t.Errorf("isPrivate(%s) = false, want true", ip)
		}
	}
	for _, ip := range []string{"93.184.216.34", "2001:4860:4860::8888"} {
		if isPrivate(net.ParseIP(ip)) {
			t.Errorf("isPrivate(%s) = true, want false", ip)
		}
	}
}
