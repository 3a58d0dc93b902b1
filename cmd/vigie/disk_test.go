package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vigie/indexer"
)

// TestFullDisk crawls into a data directory on a tiny tmpfs: the crawl
// must stop with a clear error, and once space is back the index opens
// with what was acknowledged and the crawl completes. It needs root (to
// mount) and skips otherwise.
func TestFullDisk(t *testing.T) {
	if testing.Short() || os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs; skipped")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	defer exec.Command("umount", dir).Run()
	site, _ := articleSite(t, 300)
	args := []string{"--data", dir, "--allow-private", "--delay", "0", site.URL + "/"}
	err := runCrawl(context.Background(), args)
	if err == nil || !strings.Contains(err.Error(), "no space left") {
		t.Fatalf("crawl on a full disk: %v, want a clear no-space error", err)
	}
	t.Logf("full disk: %v", err)
	if out, err := exec.Command("mount", "-o", "remount,size=256m", dir).CombinedOutput(); err != nil {
		t.Fatalf("remount: %v %s", err, out)
	}
	ix, err := indexer.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatalf("index after the full disk does not open: %v", err)
	}
	before, _ := ix.Count()
	ix.Close()
	if err := runCrawl(context.Background(), args); err != nil {
		t.Fatalf("crawl once space is back: %v", err)
	}
	ix, err = indexer.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 300 {
		t.Errorf("after the full disk: %d documents (then %d), want 300", n, before)
	}
}
