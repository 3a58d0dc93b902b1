package indexer

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// boltBuckets are the buckets of the bbolt document store that versions
// before the log kept in docs.db.
var boltBuckets = []struct {
	name string
	b    bucket
}{{"docs", bucketDocs}, {"text", bucketText}, {"config", bucketConfig}}

// migrateBolt copies the bbolt document store at boltPath into a new log at
// path and removes the bbolt file once the log is safely written. The
// records are copied as they are: record.go reads every format.
func migrateBolt(boltPath, path string) error {
	db, err := bolt.Open(boltPath, 0o644, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return errStoreLocked
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", boltPath, err)
	}
	defer db.Close()
	tmp := path + ".migrate"
	out, err := openStoreFile(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	err = db.View(func(tx *bolt.Tx) error {
		for _, bb := range boltBuckets {
			bk := tx.Bucket([]byte(bb.name))
			if bk == nil {
				continue
			}
			var recs []record
			size := 0
			err := bk.ForEach(func(k, v []byte) error {
				recs = append(recs, record{bb.b, string(k), bytes.Clone(v)})
				if size += len(v); size < 4<<20 {
					return nil
				}
				err := out.write(recs)
				recs, size = recs[:0], 0
				return err
			})
			if err == nil {
				err = out.write(recs)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err2 := out.close(); err == nil {
		err = err2
	}
	if err != nil {
		return fmt.Errorf("migrate %s: %w", boltPath, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if err := syncDir(filepath.Dir(path)); err != nil {
		return err
	}
	db.Close()
	return os.Remove(boltPath)
}
