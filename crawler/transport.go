package crawler

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// ErrPrivateAddress is returned when a connection would reach a private,
// loopback or link-local address and private addresses are not allowed.
var ErrPrivateAddress = errors.New("private, loopback or link-local address refused")

// ErrTooLarge is returned when a response body exceeds the maximum size.
var ErrTooLarge = errors.New("response body exceeds the maximum size")

// SafeDialer returns a dialer that refuses private, loopback and link-local
// addresses unless allowPrivate is set. The check runs on the address
// actually connected to, after name resolution, so a host name that
// resolves to an internal address is refused too.
func SafeDialer(allowPrivate bool) *net.Dialer {
	d := &net.Dialer{Timeout: 15 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip := net.ParseIP(host)
			if ip == nil || isPrivate(ip) {
				return fmt.Errorf("connect to %s: %w", address, ErrPrivateAddress)
			}
			return nil
		}
	}
	return d
}

func isPrivate(ip net.IP) bool {
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsUnspecified() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() ||
		// carrier-grade NAT 100.64.0.0/10 and the IPv4-mapped forms are private too
		(ip.To4() != nil && ip.To4()[0] == 100 && ip.To4()[1]&0xc0 == 64)
}

// SafeTransport returns an HTTP transport that dials with SafeDialer.
func SafeTransport(allowPrivate bool) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = SafeDialer(allowPrivate).DialContext
	t.Proxy = nil // a proxy would hide the address actually reached
	t.MaxIdleConnsPerHost = 8
	t.ResponseHeaderTimeout = 30 * time.Second
	return t
}

// limitTransport cuts every response body at max bytes (after
// decompression, so a gzip bomb is cut too) with ErrTooLarge, and
// decompresses gzip bodies itself so that no later reader does it unbounded.
type limitTransport struct {
	base http.RoundTripper
	max  int64
	hold func(*http.Request) error // if set, called before sending: waits while the host is paused
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A RoundTripper must not modify the caller's request.
	req = req.Clone(req.Context())
	req.Header.Set("Accept-Encoding", "gzip")
	if t.hold != nil {
		if err := t.hold(req); err != nil {
			return nil, err
		}
	}
	res, err := t.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if res.ContentLength > t.max {
		res.Body.Close()
		return nil, fmt.Errorf("%s: %d bytes announced: %w", req.URL, res.ContentLength, ErrTooLarge)
	}
	body := res.Body
	gz := strings.Contains(strings.ToLower(res.Header.Get("Content-Encoding")), "gzip") ||
		strings.HasSuffix(strings.ToLower(req.URL.Path), ".gz")
	if gz {
		zr, err := newLazyGzip(body)
		if err != nil {
			body.Close()
			return nil, fmt.Errorf("%s: gzip: %w", req.URL, err)
		}
		body = zr
		res.Header.Del("Content-Encoding")
		res.Header.Del("Content-Length")
		res.ContentLength = -1
	}
	res.Uncompressed = true
	res.Body = &limitedBody{r: body, left: t.max, url: req.URL.String()}
	return res, nil
}

// lazyGzip decompresses a body that starts with the gzip magic number and
// passes any other body through (servers mislabel plain sitemaps as .gz).
type lazyGzip struct {
	io.Reader
	c io.Closer
}

func newLazyGzip(body io.ReadCloser) (io.ReadCloser, error) {
	var head [2]byte
	n, err := io.ReadFull(body, head[:])
	r := io.MultiReader(strings.NewReader(string(head[:n])), body)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if n == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, err
		}
		return &lazyGzip{Reader: zr, c: body}, nil
	}
	return &lazyGzip{Reader: r, c: body}, nil
}

func (z *lazyGzip) Close() error { return z.c.Close() }

type limitedBody struct {
	r    io.ReadCloser
	left int64
	url  string
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more than allowed tells a cut body from an exact fit.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("%s: %w", b.url, ErrTooLarge)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.r.Close() }

// newClient returns the HTTP client of the crawler: safe dialing, bounded
// bodies, a per-request timeout and at most 10 redirects.
func newClient(cfg Config) *http.Client {
	return &http.Client{
		Transport: &limitTransport{base: SafeTransport(cfg.AllowPrivate), max: cfg.MaxBodySize},
		Timeout:   cfg.Timeout,
	}
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
