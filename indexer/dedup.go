package indexer

import (
	"encoding/binary"
	"unicode"
	"unicode/utf8"
)

// Near-duplicate detection: the same press release republished by several
// sites, lightly edited. Each text gets a MinHash signature over its
// four-word shingles; locality-sensitive hashing of the signature in bands
// finds candidates, and a candidate whose estimated resemblance is at least
// nearDupThreshold is the same story. The later document is linked to the
// earlier one (Document.DuplicateOf), which stands for the story.
const (
	minHashes        = 64
	lshBands         = 16
	lshRows          = minHashes / lshBands
	shingleWords     = 4
	minShingles      = 40 // shorter texts are not compared
	nearDupThreshold = 0.6
)

// signature returns the MinHash signature of text, or nil if the text is
// too short to compare.
func signature(text string) []uint32 {
	var ring [shingleWords]uint64
	n := 0
	sig := make([]uint32, minHashes)
	for i := range sig {
		sig[i] = ^uint32(0)
	}
	shingles := 0
	i := 0
	for i < len(text) {
		r, sz := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += sz
			continue
		}
		// One word: a 64-bit FNV-1a hash of its lower-cased runes.
		h := uint64(14695981039346656037)
		for i < len(text) {
			r, sz := utf8.DecodeRuneInString(text[i:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			r = unicode.ToLower(r)
			h ^= uint64(r)
			h *= 1099511628211
			i += sz
		}
		ring[n%shingleWords] = h
		n++
		if n < shingleWords {
			continue
		}
		var sh uint64
		for k := range shingleWords {
			sh = (sh ^ ring[(n+k)%shingleWords]) * 0x9E3779B97F4A7C15
		}
		shingles++
		for k := range sig {
			v := uint32(mix64(sh^uint64(k)*0xBF58476D1CE4E5B9) >> 32)
			if v < sig[k] {
				sig[k] = v
			}
		}
	}
	if shingles < minShingles {
		return nil
	}
	return sig
}

func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xBF58476D1CE4E5B9
	x ^= x >> 27
	x *= 0x94D049BB133111EB
	x ^= x >> 31
	return x
}

// bandKeys returns the LSH keys of a signature, one per band.
func bandKeys(sig []uint32) [lshBands]uint64 {
	var keys [lshBands]uint64
	var buf [4 * lshRows]byte
	for b := range lshBands {
		for r := range lshRows {
			binary.LittleEndian.PutUint32(buf[4*r:], sig[b*lshRows+r])
		}
		h := uint64(b+1) * 0x9E3779B97F4A7C15
		for _, c := range buf {
			h = (h ^ uint64(c)) * 1099511628211
		}
		keys[b] = h
	}
	return keys
}

// resemblance estimates the Jaccard similarity of two signatures.
func resemblance(a, b []uint32) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
