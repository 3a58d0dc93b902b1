package indexer

import (
	"bytes"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// store keeps the documents themselves in a bbolt file next to the bleve
// index (or in memory). It is the source of truth: the bleve index and the
// in-memory Table are rebuilt from it when needed.
//
// Two buckets: "docs" holds the document without its text and mentions
// (what Open loads into memory), and "text" its text and mentions; both
// compressed (see record.go).
type store struct {
	db *bolt.DB

	mu  sync.RWMutex // guards mem
	mem map[string]map[string][]byte
}

var (
	bucketDocs   = []byte("docs")
	bucketText   = []byte("text")
	bucketConfig = []byte("config")
)

func openStore(path string) (*store, error) {
	if path == "" {
		return &store{mem: map[string]map[string][]byte{
			string(bucketDocs): {}, string(bucketText): {}, string(bucketConfig): {},
		}}, nil
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{NoFreelistSync: true})
	if err != nil {
		return nil, fmt.Errorf("open document store %s: %w", path, err)
	}
	// bbolt grows its file 16 MB ahead by default; the records of a batch
	// of documents take a few hundred kilobytes.
	db.AllocSize = 4 << 20
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketDocs, bucketText, bucketConfig} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open document store %s: %w", path, err)
	}
	return &store{db: db}, nil
}

func (s *store) close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

// record is one key's new value in a bucket; a nil value deletes the key.
type record struct {
	bucket []byte
	key    string
	value  []byte
}

// write applies the records in one transaction.
func (s *store) write(recs []record) error {
	if s.db == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, r := range recs {
			if r.value == nil {
				delete(s.mem[string(r.bucket)], r.key)
			} else {
				s.mem[string(r.bucket)][r.key] = r.value
			}
		}
		return nil
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		for _, r := range recs {
			b := tx.Bucket(r.bucket)
			var err error
			if r.value == nil {
				err = b.Delete([]byte(r.key))
			} else {
				err = b.Put([]byte(r.key), r.value)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// get returns a copy of the value of key in bucket, or nil.
func (s *store) get(bucket []byte, key string) ([]byte, error) {
	if s.db == nil {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return s.mem[string(bucket)][key], nil
	}
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		out = bytes.Clone(tx.Bucket(bucket).Get([]byte(key)))
		return nil
	})
	return out, err
}

// each calls fn with every key and value of bucket. The value is only valid
// during the call.
func (s *store) each(bucket []byte, fn func(k string, v []byte) error) error {
	if s.db == nil {
		s.mu.RLock()
		defer s.mu.RUnlock()
		for k, v := range s.mem[string(bucket)] {
			if err := fn(k, v); err != nil {
				return err
			}
		}
		return nil
	}
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error { return fn(string(k), v) })
	})
}
