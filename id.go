package vigie

import (
	"crypto/sha256"
	"encoding/hex"
)

// DocumentID returns the stable id of the document at the canonical URL u:
// the first 16 hex digits of its SHA-256.
func DocumentID(u string) string {
	sum := sha256.Sum256([]byte(u))
	return hex.EncodeToString(sum[:8])
}
