package crawler

import (
	"net/url"
	"path"
	"sort"
	"strings"
)

// trackingParams are query parameters that identify a campaign or a
// session, not a page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "mc_cid": true, "mc_eid": true,
	"xtor": true, "at_medium": true, "at_campaign": true,
	"sid": true, "sessionid": true, "session_id": true, "phpsessid": true, "jsessionid": true,
	"cfid": true, "cftoken": true, "_ga": true, "igshid": true, "ocid": true,
}

// Canonicalize returns the canonical form of an absolute http(s) URL:
// lower-case scheme and host, no default port, no fragment, no tracking or
// session parameters (utm_*, fbclid, ...), sorted query, no ";jsessionid"
// path parameter, "/" for an empty path.
func Canonicalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	return canonical(u), nil
}

func canonical(u *url.URL) string {
	c := *u
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = strings.ToLower(c.Host)
	if (c.Scheme == "http" && strings.HasSuffix(c.Host, ":80")) || (c.Scheme == "https" && strings.HasSuffix(c.Host, ":443")) {
		c.Host = c.Host[:strings.LastIndexByte(c.Host, ':')]
	}
	c.Fragment, c.RawFragment = "", ""
	c.User = nil
	if i := strings.Index(strings.ToLower(c.Path), ";jsessionid="); i >= 0 {
		c.Path = c.Path[:i]
		c.RawPath = ""
	}
	if c.Path == "" {
		c.Path = "/"
	}
	if c.RawQuery != "" {
		// Filter the raw parameters rather than re-encode them: a key
		// without a value ("?article12") must stay as it is.
		var keep []string
		for _, part := range strings.Split(c.RawQuery, "&") {
			if part == "" {
				continue
			}
			k, _, _ := strings.Cut(part, "=")
			lk := strings.ToLower(k)
			if uk, err := url.QueryUnescape(k); err == nil {
				lk = strings.ToLower(uk)
			}
			if strings.HasPrefix(lk, "utm_") || trackingParams[lk] {
				continue
			}
			keep = append(keep, part)
		}
		sort.Strings(keep)
		c.RawQuery = strings.Join(keep, "&")
	}
	c.ForceQuery = false
	return c.String()
}

// trap reports why a URL looks like a crawler trap (an endless calendar,
// repeating path segments, endless query strings), or "" if it does not.
func trap(u *url.URL) string {
	raw := u.String()
	if len(raw) > 512 {
		return "url-too-long"
	}
	q := u.Query()
	if len(q) > 6 {
		return "too-many-parameters"
	}
	segs := strings.Split(strings.Trim(path.Clean(u.Path), "/"), "/")
	if len(segs) > 12 {
		return "path-too-deep"
	}
	seen := map[string]int{}
	for _, s := range segs {
		if s == "" {
			continue
		}
		seen[s]++
		if seen[s] >= 3 {
			return "repeating-path"
		}
	}
	lower := strings.ToLower(raw)
	for _, w := range []string{"calendar", "calendrier", "agenda", "ical", "/events/", "/evenements/"} {
		if strings.Contains(lower, w) && (hasDateLike(lower) || q.Has("month") || q.Has("mois") || q.Has("date") || q.Has("day") || q.Has("jour")) {
			return "calendar"
		}
	}
	for k := range q {
		lk := strings.ToLower(k)
		if lk == "replytocom" || lk == "share" || lk == "print" || lk == "format" && q.Get(k) == "amp" {
			return "variant-of-page"
		}
	}
	return ""
}

// hasDateLike reports whether s holds a yyyy-mm or yyyy/mm sequence.
func hasDateLike(s string) bool {
	for i := 0; i+7 <= len(s); i++ {
		if isDigits(s[i:i+4]) && (s[i+4] == '-' || s[i+4] == '/') && isDigits(s[i+5:i+7]) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
