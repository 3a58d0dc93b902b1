package indexer

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"

	"vigie"
)

// The store's records. A record written by this version is a marker byte
// followed by a zstd frame of its payload:
//
//   - recordZstd: the JSON of a metaRecord, in the "docs" bucket;
//   - recordTextMentions: in the "text" bucket, the text and the document's
//     mentions, which are positions in it (see appendTextMentions); the
//     metaRecord then has no mentions.
//
// Stores written before compression hold the payload itself: the metaRecord
// JSON, mentions included, and the raw text. Such a record starts with '{'
// (meta) or is UTF-8 text, and neither can start with a marker, which is not
// a UTF-8 byte. Old and new records can sit side by side in one store: a
// document is rewritten in the new format whenever it is put again.
const (
	recordZstd         byte = 0xFA
	recordTextMentions byte = 0xFB
)

// maxRecord bounds the decoded size of a record, so that a damaged frame
// cannot claim gigabytes.
const maxRecord = 256 << 20

// errCorrupt reports a record that cannot be decoded.
var errCorrupt = errors.New("corrupt record")

// codec compresses and decompresses records. Its zstd encoders and decoder
// are shared by all calls and safe for concurrent use.
//
// Once the store has trained its zstd dictionaries (see dict.go), meta and
// text records are compressed with them: documents of a few kilobytes
// share their structure and vocabulary, which a frame of its own cannot
// use. A zstd frame names its dictionary, so records written before and
// after the dictionaries sit side by side.
type codec struct {
	plain *zstd.Encoder
	dicts atomic.Pointer[dictCodec] // nil until the dictionaries are set
	dec   atomic.Pointer[zstd.Decoder]

	mu      sync.Mutex      // guards retired
	retired []*zstd.Decoder // decoders replaced by setDicts, closed with the codec
}

// dictCodec holds the encoders of the two dictionaries.
type dictCodec struct {
	meta, text *zstd.Encoder
}

func newEncoder(opts ...zstd.EOption) (*zstd.Encoder, error) {
	enc, err := zstd.NewWriter(nil, append([]zstd.EOption{
		zstd.WithEncoderLevel(zstd.SpeedFastest),
		zstd.WithEncoderConcurrency(2),
		zstd.WithLowerEncoderMem(true),
		zstd.WithEncoderCRC(true)}, opts...)...)
	if err != nil {
		return nil, fmt.Errorf("record encoder: %w", err)
	}
	return enc, nil
}

func newDecoder(dicts ...[]byte) (*zstd.Decoder, error) {
	dec, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(0),
		zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(maxRecord),
		zstd.WithDecoderDicts(dicts...))
	if err != nil {
		return nil, fmt.Errorf("record decoder: %w", err)
	}
	return dec, nil
}

func newCodec() (*codec, error) {
	enc, err := newEncoder()
	if err != nil {
		return nil, err
	}
	dec, err := newDecoder()
	if err != nil {
		enc.Close()
		return nil, err
	}
	c := &codec{plain: enc}
	c.dec.Store(dec)
	return c, nil
}

// setDicts makes the codec compress meta and text records with the given
// zstd dictionaries, and read records written with them.
func (c *codec) setDicts(meta, text []byte) error {
	dec, err := newDecoder(meta, text)
	if err != nil {
		return err
	}
	me, err := newEncoder(zstd.WithEncoderDict(meta))
	if err != nil {
		dec.Close()
		return err
	}
	te, err := newEncoder(zstd.WithEncoderDict(text))
	if err != nil {
		dec.Close()
		me.Close()
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.retired = append(c.retired, c.dec.Swap(dec))
	if old := c.dicts.Swap(&dictCodec{meta: me, text: te}); old != nil {
		old.meta.Close()
		old.text.Close()
	}
	return nil
}

func (c *codec) close() {
	c.plain.Close()
	if d := c.dicts.Load(); d != nil {
		d.meta.Close()
		d.text.Close()
	}
	c.dec.Load().Close()
	c.mu.Lock()
	for _, d := range c.retired {
		d.Close()
	}
	c.mu.Unlock()
}

// encode returns the record of payload p under marker, with the dictionary
// of its kind if there is one.
func (c *codec) encode(marker byte, p []byte) []byte {
	out := make([]byte, 1, 1+len(p)/2)
	out[0] = marker
	enc := c.plain
	if d := c.dicts.Load(); d != nil {
		enc = d.meta
		if marker == recordTextMentions {
			enc = d.text
		}
	}
	return enc.EncodeAll(p, out)
}

// encodeText returns the "text" record of a text and its mentions.
func (c *codec) encodeText(text string, ms []vigie.Mention) []byte {
	return c.encode(recordTextMentions, appendTextMentions(nil, text, ms))
}

// decodeMeta returns the payload of a "docs" record, appended to dst.
func (c *codec) decodeMeta(dst, v []byte) ([]byte, error) {
	if len(v) > 0 && v[0] == recordZstd {
		return c.decode(dst, v)
	}
	if len(v) == 0 || v[0] != '{' {
		return nil, fmt.Errorf("%w: document record neither compressed nor JSON", errCorrupt)
	}
	return append(dst, v...), nil
}

// decodeText decodes a "text" record. It reports whether the record holds
// the document's mentions (possibly none); old records do not, their
// metaRecord does. With withMentions false, the mentions are not decoded.
func (c *codec) decodeText(v []byte, withMentions bool) (text string, ms []vigie.Mention, has bool, err error) {
	if len(v) == 0 || (v[0] != recordZstd && v[0] != recordTextMentions) {
		if !utf8.Valid(v) {
			return "", nil, false, fmt.Errorf("%w: text record neither compressed nor UTF-8", errCorrupt)
		}
		return string(v), nil, false, nil
	}
	p, err := c.decode(nil, v)
	if err != nil {
		return "", nil, false, err
	}
	if v[0] == recordZstd {
		return string(p), nil, false, nil
	}
	n, k := binary.Uvarint(p)
	if k <= 0 || n > uint64(len(p)-k) {
		return "", nil, false, fmt.Errorf("%w: text length", errCorrupt)
	}
	text = string(p[k : k+int(n)])
	if !withMentions {
		return text, nil, true, nil
	}
	ms, err = decodeMentions(p[k+int(n):], text)
	if err != nil {
		return "", nil, false, err
	}
	return text, ms, true, nil
}

// Mention kinds as one byte; mentionOther is followed by the kind itself.
var mentionKinds = [...]string{vigie.MentionPerson, vigie.MentionPlace, vigie.MentionOrg, vigie.MentionDate}

const mentionOther = 0xFF

// appendTextMentions appends to dst the payload of a "text" record: the
// length of the text as a uvarint, the text, the number of mentions, then
// per mention its kind, its start as a zigzag varint delta from the
// previous start, its length (End-Start) as a varint, and its value: 0
// when it is the text it spans, else its length+1 and its bytes.
func appendTextMentions(dst []byte, text string, ms []vigie.Mention) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(text)))
	dst = append(dst, text...)
	dst = binary.AppendUvarint(dst, uint64(len(ms)))
	prev := 0
	for _, m := range ms {
		k := slices.Index(mentionKinds[:], m.Kind)
		if k >= 0 {
			dst = append(dst, byte(k))
		} else {
			dst = append(dst, mentionOther)
			dst = binary.AppendUvarint(dst, uint64(len(m.Kind)))
			dst = append(dst, m.Kind...)
		}
		dst = binary.AppendVarint(dst, int64(m.Start-prev))
		dst = binary.AppendVarint(dst, int64(m.End-m.Start))
		prev = m.Start
		if m.Start >= 0 && m.Start <= m.End && m.End <= len(text) && text[m.Start:m.End] == m.Value {
			dst = append(dst, 0)
		} else {
			dst = binary.AppendUvarint(dst, uint64(len(m.Value))+1)
			dst = append(dst, m.Value...)
		}
	}
	return dst
}

// decodeMentions decodes the mentions that appendTextMentions wrote after
// text.
func decodeMentions(p []byte, text string) ([]vigie.Mention, error) {
	bad := func(what string) error { return fmt.Errorf("%w: mention %s", errCorrupt, what) }
	uvarint := func() (uint64, bool) {
		v, k := binary.Uvarint(p)
		if k <= 0 {
			return 0, false
		}
		p = p[k:]
		return v, true
	}
	varint := func() (int, bool) {
		v, k := binary.Varint(p)
		if k <= 0 || v > math.MaxInt32 || v < math.MinInt32 {
			return 0, false
		}
		p = p[k:]
		return int(v), true
	}
	str := func(n uint64) (string, bool) {
		if n > uint64(len(p)) {
			return "", false
		}
		s := string(p[:n])
		p = p[n:]
		return s, true
	}
	n, ok := uvarint()
	if !ok || n > uint64(len(p)) { // every mention takes at least one byte
		return nil, bad("count")
	}
	if n == 0 {
		return nil, nil
	}
	ms := make([]vigie.Mention, n)
	prev := 0
	for i := range ms {
		m := &ms[i]
		if len(p) == 0 {
			return nil, bad("kind")
		}
		if k := p[0]; int(k) < len(mentionKinds) {
			m.Kind = mentionKinds[k]
			p = p[1:]
		} else if k == mentionOther {
			p = p[1:]
			l, ok := uvarint()
			if !ok {
				return nil, bad("kind")
			}
			if m.Kind, ok = str(l); !ok {
				return nil, bad("kind")
			}
		} else {
			return nil, bad("kind")
		}
		d, ok1 := varint()
		l, ok2 := varint()
		if !ok1 || !ok2 {
			return nil, bad("position")
		}
		m.Start = prev + d
		m.End = m.Start + l
		prev = m.Start
		v, ok := uvarint()
		if !ok {
			return nil, bad("value")
		}
		if v == 0 {
			if m.Start < 0 || m.Start > m.End || m.End > len(text) {
				return nil, bad("span")
			}
			m.Value = text[m.Start:m.End]
		} else if m.Value, ok = str(v - 1); !ok {
			return nil, bad("value")
		}
	}
	if len(p) != 0 {
		return nil, bad("trailing bytes")
	}
	return ms, nil
}

func (c *codec) decode(dst, v []byte) ([]byte, error) {
	out, err := c.dec.Load().DecodeAll(v[1:], dst)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCorrupt, err)
	}
	return out, nil
}
