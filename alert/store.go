package alert

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"vigie"
)

// Buckets of alerts.db.
var (
	bucketAlerts   = []byte("alerts")   // alert id -> Alert
	bucketMatches  = []byte("matches")  // alert id -> (seq -> Match)
	bucketSeen     = []byte("seen")     // alert id -> (match key -> seq, 0 for a baseline)
	bucketOutbox   = []byte("outbox")   // outbox seq -> Delivery
	bucketSchedule = []byte("schedule") // source -> last crawl start (RFC 3339)
)

// Store keeps alerts, their matches and the webhook outbox in a bbolt file.
// It is safe for concurrent use. Every change is one transaction: a match
// and its delivery are recorded together or not at all.
type Store struct {
	db *bolt.DB
}

// FileName is the name of the store in the data directory.
const FileName = "alerts.db"

// Open opens (or creates) the store DATA/alerts.db. Only one process may
// hold it: a second one fails after a second instead of waiting.
func Open(dataDir string) (*Store, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("open alerts: %w", err)
	}
	path := filepath.Join(dataDir, FileName)
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open alerts %s: in use by another vigie process", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open alerts %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketAlerts, bucketMatches, bucketSeen, bucketOutbox, bucketSchedule} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open alerts %s: %w", path, err)
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

func newID() string {
	var b [6]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

// Create stores a new alert, giving it an id, and returns it.
func (s *Store) Create(a Alert) (Alert, error) {
	a.ID = newID()
	err := s.db.Update(func(tx *bolt.Tx) error {
		if _, err := tx.Bucket(bucketMatches).CreateBucket([]byte(a.ID)); err != nil {
			return err
		}
		if _, err := tx.Bucket(bucketSeen).CreateBucket([]byte(a.ID)); err != nil {
			return err
		}
		return putAlert(tx, a)
	})
	if err != nil {
		return Alert{}, fmt.Errorf("create alert: %w", err)
	}
	return a, nil
}

func putAlert(tx *bolt.Tx, a Alert) error {
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return tx.Bucket(bucketAlerts).Put([]byte(a.ID), b)
}

func getAlert(tx *bolt.Tx, id string) (Alert, error) {
	v := tx.Bucket(bucketAlerts).Get([]byte(id))
	if v == nil {
		return Alert{}, fmt.Errorf("alert %s: %w", id, vigie.ErrNotFound)
	}
	var a Alert
	if err := json.Unmarshal(v, &a); err != nil {
		return Alert{}, fmt.Errorf("alert %s: %w", id, err)
	}
	return a, nil
}

// Get returns the alert with the given id, or vigie.ErrNotFound.
func (s *Store) Get(id string) (Alert, error) {
	var a Alert
	err := s.db.View(func(tx *bolt.Tx) (err error) {
		a, err = getAlert(tx, id)
		return err
	})
	return a, err
}

// List returns every alert, oldest first.
func (s *Store) List() ([]Alert, error) {
	var out []Alert
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAlerts).ForEach(func(k, v []byte) error {
			var a Alert
			if err := json.Unmarshal(v, &a); err != nil {
				return fmt.Errorf("alert %s: %w", k, err)
			}
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list alerts: %w", err)
	}
	slices.SortFunc(out, func(a, b Alert) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out, nil
}

// Update applies f to the stored alert with the given id and stores the
// result, or returns vigie.ErrNotFound. If f returns an error nothing
// changes.
func (s *Store) Update(id string, f func(*Alert) error) (Alert, error) {
	var a Alert
	err := s.db.Update(func(tx *bolt.Tx) (err error) {
		if a, err = getAlert(tx, id); err != nil {
			return err
		}
		if err := f(&a); err != nil {
			return err
		}
		a.ID = id
		return putAlert(tx, a)
	})
	return a, err
}

// Delete removes an alert with its matches and pending deliveries, or
// returns vigie.ErrNotFound.
func (s *Store) Delete(id string) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if _, err := getAlert(tx, id); err != nil {
			return err
		}
		tx.Bucket(bucketAlerts).Delete([]byte(id))
		for _, b := range [][]byte{bucketMatches, bucketSeen} {
			if err := tx.Bucket(b).DeleteBucket([]byte(id)); err != nil && !errors.Is(err, bolt.ErrBucketNotFound) {
				return err
			}
		}
		out := tx.Bucket(bucketOutbox)
		var drop [][]byte
		err := out.ForEach(func(k, v []byte) error {
			var d Delivery
			if json.Unmarshal(v, &d) == nil && d.AlertID == id {
				drop = append(drop, slices.Clone(k))
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range drop {
			out.Delete(k)
		}
		return nil
	})
}

// Candidate is a result of an alert's search, before the store knows
// whether it is new.
type Candidate = Match

// Record records the candidates of one run of the alert's search in one
// transaction and returns those never seen before, now numbered. A
// candidate seen before only updates its stored match (an event gains the
// sources of its new reports). With baseline set, new candidates are marked
// seen without becoming matches: the results an alert has when it is
// created or edited are not news. For an alert with a webhook each new
// match is put in the outbox in the same transaction, with the body built
// by payload.
func (s *Store) Record(id string, cands []Candidate, baseline bool, now time.Time, payload func(Alert, Match) ([]byte, error)) ([]Match, error) {
	var fresh []Match
	err := s.db.Update(func(tx *bolt.Tx) error {
		fresh = fresh[:0]
		a, err := getAlert(tx, id)
		if err != nil {
			return err
		}
		seen, err := tx.Bucket(bucketSeen).CreateBucketIfNotExists([]byte(id))
		if err != nil {
			return err
		}
		matches, err := tx.Bucket(bucketMatches).CreateBucketIfNotExists([]byte(id))
		if err != nil {
			return err
		}
		outbox := tx.Bucket(bucketOutbox)
		for _, c := range cands {
			keys := append([]string{c.Key}, c.AltKeys...)
			var seenSeq uint64
			known := false
			for _, k := range keys {
				if v := seen.Get([]byte(k)); v != nil {
					known, seenSeq = true, binary.BigEndian.Uint64(v)
					break
				}
			}
			if known {
				for _, k := range keys { // a new source of a known event
					if seen.Get([]byte(k)) == nil {
						if err := seen.Put([]byte(k), u64(seenSeq)); err != nil {
							return err
						}
					}
				}
				if seenSeq > 0 && c.Event != nil {
					if err := mergeEvent(matches, seenSeq, c, now); err != nil {
						return err
					}
				}
				continue
			}
			if baseline {
				for _, k := range keys {
					if err := seen.Put([]byte(k), u64(0)); err != nil {
						return err
					}
				}
				continue
			}
			seq, _ := matches.NextSequence()
			m := c
			m.Seq, m.AlertID, m.FoundAt = seq, id, now
			b, err := json.Marshal(m)
			if err != nil {
				return err
			}
			if err := matches.Put(u64(seq), b); err != nil {
				return err
			}
			for _, k := range keys {
				if err := seen.Put([]byte(k), u64(seq)); err != nil {
					return err
				}
			}
			fresh = append(fresh, m)
			a.Matches++
			if a.Webhook != nil && a.Webhook.URL != "" && payload != nil {
				body, err := payload(a, m)
				if err != nil {
					return err
				}
				d := Delivery{ID: m.DeliveryID(), AlertID: id, URL: a.Webhook.URL, Body: body, NextAttempt: now, CreatedAt: now}
				db, err := json.Marshal(d)
				if err != nil {
					return err
				}
				n, _ := outbox.NextSequence()
				if err := outbox.Put(u64(n), db); err != nil {
					return err
				}
			}
		}
		a.LastCheck, a.LastError = now, ""
		return putAlert(tx, a)
	})
	if err != nil {
		return nil, fmt.Errorf("record matches of alert %s: %w", id, err)
	}
	return fresh, nil
}

// mergeEvent updates the event of the stored match seq with what new
// sources brought. The match keeps its key, sequence number and time.
func mergeEvent(matches *bolt.Bucket, seq uint64, c Candidate, now time.Time) error {
	v := matches.Get(u64(seq))
	if v == nil {
		return nil
	}
	var m Match
	if err := json.Unmarshal(v, &m); err != nil {
		return err
	}
	if m.Event == nil || slices.Equal(m.Event.Sources, c.Event.Sources) {
		return nil
	}
	ev := *c.Event
	m.Event, m.UpdatedAt = &ev, now
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return matches.Put(u64(seq), b)
}

// SetCheckError records that the alert's search failed.
func (s *Store) SetCheckError(id string, now time.Time, cerr error) error {
	_, err := s.Update(id, func(a *Alert) error {
		a.LastCheck, a.LastError = now, cerr.Error()
		return nil
	})
	return err
}

// Matches returns the matches of an alert with a sequence number above
// after, newest first, at most limit of them (0: all).
func (s *Store) Matches(id string, after uint64, limit int) ([]Match, error) {
	var out []Match
	err := s.db.View(func(tx *bolt.Tx) error {
		if _, err := getAlert(tx, id); err != nil {
			return err
		}
		b := tx.Bucket(bucketMatches).Bucket([]byte(id))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, v := c.Last(); k != nil && binary.BigEndian.Uint64(k) > after; k, v = c.Prev() {
			var m Match
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("match %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, m)
			if limit > 0 && len(out) == limit {
				break
			}
		}
		return nil
	})
	return out, err
}

// Due returns the deliveries of the outbox due at now, oldest first, with
// their outbox keys.
func (s *Store) Due(now time.Time, limit int) ([]uint64, []Delivery, error) {
	var keys []uint64
	var out []Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			if limit > 0 && len(out) >= limit {
				return nil
			}
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return fmt.Errorf("outbox %d: %w", binary.BigEndian.Uint64(k), err)
			}
			if !d.Failed && !d.NextAttempt.After(now) {
				keys = append(keys, binary.BigEndian.Uint64(k))
				out = append(out, d)
			}
			return nil
		})
	})
	return keys, out, err
}

// NextDue returns when the next pending delivery is due, or false when the
// outbox has none.
func (s *Store) NextDue() (time.Time, bool, error) {
	var next time.Time
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return nil
			}
			if !d.Failed && (!found || d.NextAttempt.Before(next)) {
				next, found = d.NextAttempt, true
			}
			return nil
		})
	})
	return next, found, err
}

// Delivered removes a delivery from the outbox.
func (s *Store) Delivered(key uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).Delete(u64(key))
	})
}

// Retry records a failed attempt of a delivery: when to try again, or that
// it failed for good.
func (s *Store) Retry(key uint64, d Delivery) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		out := tx.Bucket(bucketOutbox)
		if out.Get(u64(key)) == nil {
			return nil // its alert was deleted meanwhile
		}
		b, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return out.Put(u64(key), b)
	})
}

// Outbox returns the deliveries of an alert still in the outbox, pending
// or failed.
func (s *Store) Outbox(id string) ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).ForEach(func(k, v []byte) error {
			var d Delivery
			if err := json.Unmarshal(v, &d); err == nil && d.AlertID == id {
				out = append(out, d)
			}
			return nil
		})
	})
	return out, err
}

// LastCrawl returns when the source was last crawled, or the zero time.
func (s *Store) LastCrawl(source string) (time.Time, error) {
	var t time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketSchedule).Get([]byte(source)); v != nil {
			return t.UnmarshalText(v)
		}
		return nil
	})
	return t, err
}

// SetLastCrawl records when the source was last crawled.
func (s *Store) SetLastCrawl(source string, t time.Time) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b, err := t.UTC().MarshalText()
		if err != nil {
			return err
		}
		return tx.Bucket(bucketSchedule).Put([]byte(source), b)
	})
}
