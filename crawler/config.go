package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

// Source is one site (or feed, or sitemap) to crawl, with its scope rules.
type Source struct {
	Name         string   `json:"name"`          // display name; becomes vigie.Page.Site (default: host without "www.")
	URL          string   `json:"url"`           // start URL
	Feeds        []string `json:"feeds"`         // RSS or Atom feeds listing articles
	Sitemaps     []string `json:"sitemaps"`      // sitemaps (index, gzip and news sitemaps accepted)
	AllowedHosts []string `json:"allowed_hosts"` // hosts the crawl may visit (default: the hosts of URL, Feeds and Sitemaps, with and without "www.")
	Include      []string `json:"include"`       // regexps; when given, a URL must match one to be fetched
	Exclude      []string `json:"exclude"`       // regexps; a URL matching one is never fetched
	MaxDepth     int      `json:"max_depth"`     // link depth from the start URL (0: the default of Config)
	MaxPages     int      `json:"max_pages"`     // pages per host (0: the default of Config)
	Schedule     string   `json:"schedule"`      // when to crawl again, e.g. "@every 6h" or "daily 06:00"

	include, exclude []*regexp.Regexp
	hosts            map[string]bool
}

// Config configures a Crawler. Zero fields take the values of DefaultConfig.
type Config struct {
	DataDir      string        // directory of the crawl state (crawl.db); "" keeps it in memory
	UserAgent    string        // names the product and a contact URL
	Delay        time.Duration // minimum delay between two requests to one host (robots.txt Crawl-delay may raise it)
	Parallelism  int           // requests in flight per host
	InFlight     int           // requests of all hosts together from sending until their page is handled
	Timeout      time.Duration // timeout of one request, body included
	MaxBodySize  int64         // larger responses are cut off and reported
	Retries      int           // retries of a transient error (429, 503, 5xx, network)
	MaxBackoff   time.Duration // longest wait before a retry, Retry-After included
	MaxDepth     int           // default link depth of a source
	MaxPages     int           // default pages per host
	AllowPrivate bool          // allow private, loopback and link-local addresses
	Logger       *slog.Logger  // structured logs; nil discards them
	Progress     io.Writer     // live progress line (a terminal); nil for none
	Now          func() time.Time
}

// DefaultConfig returns the configuration of a polite daily crawl.
func DefaultConfig() Config {
	return Config{
		UserAgent:   "Vigie/1.0 (+https://github.com/vigie-presse/vigie; veille des signatures d'accords)",
		Delay:       time.Second,
		Parallelism: 2,
		InFlight:    32,
		Timeout:     30 * time.Second,
		MaxBodySize: 10 << 20,
		Retries:     3,
		MaxBackoff:  2 * time.Minute,
		MaxDepth:    5,
		MaxPages:    5000,
		Now:         time.Now,
	}
}

func (c *Config) fill() {
	d := DefaultConfig()
	if c.UserAgent == "" {
		c.UserAgent = d.UserAgent
	}
	if c.Parallelism <= 0 {
		c.Parallelism = d.Parallelism
	}
	if c.InFlight <= 0 {
		c.InFlight = d.InFlight
	}
	if c.Timeout <= 0 {
		c.Timeout = d.Timeout
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = d.MaxBodySize
	}
	if c.Retries < 0 {
		c.Retries = 0
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = d.MaxBackoff
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = d.MaxDepth
	}
	if c.MaxPages <= 0 {
		c.MaxPages = d.MaxPages
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// sourceFile is the format of a sources config file.
type sourceFile struct {
	Sources []Source `json:"sources"`
}

// LoadSources reads the sources of a JSON config file (see the README).
func LoadSources(path string) ([]Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load sources: %w", err)
	}
	var f sourceFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("load sources %s: %w", path, err)
	}
	for i := range f.Sources {
		if err := f.Sources[i].compile(); err != nil {
			return nil, fmt.Errorf("load sources %s: source %d: %w", path, i+1, err)
		}
	}
	return f.Sources, nil
}

// compile checks the source and prepares its scope rules.
func (s *Source) compile() error {
	if s.URL == "" && len(s.Feeds) == 0 && len(s.Sitemaps) == 0 {
		return errors.New("a source needs a url, feeds or sitemaps")
	}
	s.hosts = map[string]bool{}
	for _, raw := range append(append([]string{s.URL}, s.Feeds...), s.Sitemaps...) {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("bad URL %q: want an absolute http or https URL", raw)
		}
		if len(s.AllowedHosts) == 0 {
			// Sites redirect between a.fr and www.a.fr: both are the site.
			h := strings.ToLower(u.Host)
			s.hosts[h] = true
			if twin, ok := strings.CutPrefix(h, "www."); ok {
				s.hosts[twin] = true
			} else if net.ParseIP(u.Hostname()) == nil && strings.Contains(h, ".") {
				s.hosts["www."+h] = true
			}
		}
		if s.Name == "" {
			s.Name = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		}
	}
	for _, h := range s.AllowedHosts {
		s.hosts[strings.ToLower(h)] = true
	}
	s.include, s.exclude = nil, nil
	for _, p := range s.Include {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("include pattern: %w", err)
		}
		s.include = append(s.include, re)
	}
	for _, p := range s.Exclude {
		re, err := regexp.Compile(p)
		if err != nil {
			return fmt.Errorf("exclude pattern: %w", err)
		}
		s.exclude = append(s.exclude, re)
	}
	if s.Schedule != "" {
		if _, err := ParseSchedule(s.Schedule); err != nil {
			return err
		}
	}
	return nil
}

// allows reports whether u is inside the source's scope, and if not why.
func (s *Source) allows(u *url.URL) (bool, string) {
	if !s.hosts[strings.ToLower(u.Host)] {
		return false, "out-of-scope"
	}
	raw := u.String()
	for _, re := range s.exclude {
		if re.MatchString(raw) {
			return false, "excluded"
		}
	}
	if len(s.include) > 0 {
		for _, re := range s.include {
			if re.MatchString(raw) {
				return true, ""
			}
		}
		return false, "not-included"
	}
	return true, ""
}

// ParseSchedule parses a crawl schedule: "@every 6h", "hourly", "daily" or
// "daily 06:00". It returns the interval between two crawls.
func ParseSchedule(s string) (time.Duration, error) {
	f := strings.Fields(strings.ToLower(s))
	switch {
	case len(f) == 2 && f[0] == "@every":
		d, err := time.ParseDuration(f[1])
		if err != nil || d < time.Minute {
			return 0, fmt.Errorf("schedule %q: want a duration of at least 1m after @every", s)
		}
		return d, nil
	case len(f) == 1 && f[0] == "hourly":
		return time.Hour, nil
	case len(f) >= 1 && f[0] == "daily":
		if len(f) == 2 {
			if _, err := time.Parse("15:04", f[1]); err != nil {
				return 0, fmt.Errorf("schedule %q: want daily HH:MM", s)
			}
		}
		return 24 * time.Hour, nil
	}
	return 0, fmt.Errorf("schedule %q: want \"@every DURATION\", \"hourly\" or \"daily [HH:MM]\"", s)
}
