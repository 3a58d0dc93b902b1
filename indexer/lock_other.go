//go:build !unix

package indexer

import "os"

// lockFile opens the lock file at path. Where flock is missing the index
// is not protected against a second process.
func lockFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
}

func unlockFile(f *os.File) { f.Close() }
