package crawler

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// pageState is what the crawl remembers of one URL.
type pageState struct {
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	Hash         string    `json:"hash,omitempty"` // SHA-256 of the decoded body last handled
	Status       int       `json:"status"`
	Run          uint64    `json:"run"` // the crawl run that last handled it
	Handled      bool      `json:"handled"`
	Gone         bool      `json:"gone,omitempty"`
	FetchedAt    time.Time `json:"fetched_at"`
}

// queued is a URL waiting in the frontier.
type queued struct {
	Source int    `json:"source"`
	Key    string `json:"key,omitempty"` // the source's start URL: positions change between calls
	Depth  int    `json:"depth"`
	Kind   int    `json:"kind"` // kindPage, kindFeed, kindSitemap
	Done   bool   `json:"done,omitempty"`
}

var (
	bucketMeta  = []byte("meta")
	bucketPages = []byte("pages")
	bucketQueue = []byte("queue")
	keyRun      = []byte("run")
	keyFinished = []byte("finished")
)

// state is the persistent crawl state: the pages seen and the frontier of
// the current run. Every write is a committed bbolt transaction, so a crawl
// killed at any moment finds what it had acknowledged.
type state struct {
	db   *bolt.DB
	temp string // file to remove on close, for an in-memory crawl
}

// openState opens the crawl state in dir/crawl.db, or in a temporary file
// removed on close when dir is "".
func openState(dir string) (*state, error) {
	path := ""
	if dir == "" {
		f, err := os.CreateTemp("", "vigie-crawl-*.db")
		if err != nil {
			return nil, fmt.Errorf("crawl state: %w", err)
		}
		path = f.Name()
		f.Close()
		os.Remove(path)
	} else {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("crawl state: %w", err)
		}
		path = filepath.Join(dir, "crawl.db")
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second})
	if err != nil {
		return nil, fmt.Errorf("crawl state %s: %w (is another vigie process using this data directory?)", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketPages, bucketQueue} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("crawl state %s: %w", path, err)
	}
	db.MaxBatchDelay = 2 * time.Millisecond
	s := &state{db: db}
	if dir == "" {
		s.temp = path
	}
	return s, nil
}

func (s *state) close() error {
	err := s.db.Close()
	if s.temp != "" {
		os.Remove(s.temp)
	}
	return err
}

// beginRun starts a crawl run. When the previous run did not finish, it is
// resumed: the same run number, with its frontier. Otherwise a new run
// starts with an empty frontier.
func (s *state) beginRun() (run uint64, resumed bool, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if v := m.Get(keyRun); v != nil {
			run = binary.BigEndian.Uint64(v)
		}
		if run > 0 && m.Get(keyFinished) == nil {
			resumed = true
			return nil
		}
		run++
		if err := m.Put(keyRun, binary.BigEndian.AppendUint64(nil, run)); err != nil {
			return err
		}
		if err := m.Delete(keyFinished); err != nil {
			return err
		}
		if err := tx.DeleteBucket(bucketQueue); err != nil {
			return err
		}
		_, err := tx.CreateBucket(bucketQueue)
		return err
	})
	return run, resumed, err
}

// finishRun records that the current run went through its whole frontier.
func (s *state) finishRun() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyFinished, []byte{1})
	})
}

// enqueueAll adds to the frontier, in one transaction, the URLs of qs that
// are not there already.
func (s *state) enqueueAll(qs map[string]queued) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketQueue)
		for u, q := range qs {
			if b.Get([]byte(u)) != nil {
				continue
			}
			v, err := json.Marshal(q)
			if err != nil {
				return err
			}
			if err := b.Put([]byte(u), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// frontier returns the URLs still queued.
func (s *state) frontier() (map[string]queued, error) {
	out := map[string]queued{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketQueue).ForEach(func(k, v []byte) error {
			var q queued
			if err := json.Unmarshal(v, &q); err != nil {
				return nil // a damaged entry is dropped, the page will be found again
			}
			if !q.Done {
				out[string(k)] = q
			}
			return nil
		})
	})
	return out, err
}

// page returns what is known of u.
func (s *state) page(u string) (pageState, bool) {
	var ps pageState
	found := false
	s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketPages).Get([]byte(u)); v != nil {
			found = json.Unmarshal(v, &ps) == nil
		}
		return nil
	})
	return ps, found
}

// done records what was learnt of u and takes it out of the frontier, in
// one transaction. Queue entries are marked done rather than deleted so
// that a resumed run does not queue them again.
//
// Concurrent calls share one transaction and one disk sync (bbolt's
// Batch); each returns once its record is on disk.
func (s *state) done(u string, ps pageState) error {
	return s.db.Batch(func(tx *bolt.Tx) error {
		v, err := json.Marshal(ps)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketPages).Put([]byte(u), v); err != nil {
			return err
		}
		q := tx.Bucket(bucketQueue)
		if cur := q.Get([]byte(u)); cur != nil {
			return q.Put([]byte(u), []byte(`{"done":true}`))
		}
		return nil
	})
}

// isDone reports whether u was finished in the current run.
func (s *state) isDone(u string) bool {
	done := false
	s.db.View(func(tx *bolt.Tx) error {
		done = string(tx.Bucket(bucketQueue).Get([]byte(u))) == `{"done":true}`
		return nil
	})
	return done
}
