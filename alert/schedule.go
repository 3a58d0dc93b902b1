package alert

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris for daily schedules, even without a system tz database

	"vigie"
)

// Schedule says when a source is crawled again.
type Schedule struct {
	Every time.Duration // "@every 6h", "hourly": interval since the last crawl
	Daily bool          // "daily 06:00": every day at Hour:Minute
	Hour  int
	Min   int
	Loc   *time.Location // time zone of a daily schedule; nil means Europe/Paris
}

// DefaultSchedule is the schedule of a source that gives none: every six hours.
var DefaultSchedule = Schedule{Every: 6 * time.Hour}

// MinInterval is the shortest interval a schedule may have, to stay polite.
const MinInterval = time.Minute

// ParseSchedule parses a source's schedule: "@every DURATION" (Go
// duration, at least a minute: "@every 6h", "@every 90m"), "hourly",
// "daily" (at 06:00), "daily HH:MM" (Paris time), or "" for
// DefaultSchedule. Errors wrap vigie.ErrInvalid.
func ParseSchedule(s string) (Schedule, error) {
	f := strings.Fields(strings.ToLower(s))
	bad := func(why string) (Schedule, error) {
		return Schedule{}, fmt.Errorf("schedule %q: %s: %w", s, why, vigie.ErrInvalid)
	}
	switch {
	case len(f) == 0:
		return DefaultSchedule, nil
	case len(f) == 1 && (f[0] == "hourly" || f[0] == "@hourly"):
		return Schedule{Every: time.Hour}, nil
	case len(f) == 1 && (f[0] == "daily" || f[0] == "@daily"):
		return Schedule{Daily: true, Hour: 6}, nil
	case len(f) == 2 && f[0] == "@every":
		d, err := time.ParseDuration(f[1])
		if err != nil {
			return bad("want a duration such as 6h or 30m")
		}
		if d < MinInterval {
			return bad("shorter than a minute")
		}
		return Schedule{Every: d}, nil
	case len(f) == 2 && (f[0] == "daily" || f[0] == "@daily"):
		hh, mm, ok := strings.Cut(f[1], ":")
		h, err1 := strconv.Atoi(hh)
		m, err2 := strconv.Atoi(mm)
		if !ok || err1 != nil || err2 != nil || h < 0 || h > 23 || m < 0 || m > 59 {
			return bad("want daily HH:MM")
		}
		return Schedule{Daily: true, Hour: h, Min: m}, nil
	}
	return bad(`want "@every 6h", "hourly" or "daily 06:00"`)
}

// Next returns when a source last crawled at last is due again; a source
// never crawled (zero last) is due at once.
func (s Schedule) Next(last time.Time) time.Time {
	if last.IsZero() {
		return time.Time{}
	}
	if !s.Daily {
		every := s.Every
		if every <= 0 {
			every = DefaultSchedule.Every
		}
		return last.Add(every)
	}
	loc := s.Loc
	if loc == nil {
		loc = paris()
	}
	l := last.In(loc)
	next := time.Date(l.Year(), l.Month(), l.Day(), s.Hour, s.Min, 0, 0, loc)
	if !next.After(l) {
		next = time.Date(l.Year(), l.Month(), l.Day()+1, s.Hour, s.Min, 0, 0, loc)
	}
	return next
}

// String returns the schedule in the syntax ParseSchedule reads.
func (s Schedule) String() string {
	if s.Daily {
		return fmt.Sprintf("daily %02d:%02d", s.Hour, s.Min)
	}
	return "@every " + s.Every.String()
}

func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.FixedZone("CET", 3600) // no tz database on this system
	}
	return loc
}
