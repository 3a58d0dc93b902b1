package indexer

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

// The store's records. A record written by this version is a marker byte
// followed by a zstd frame of its payload: the JSON of a metaRecord in the
// "docs" bucket, the raw text in the "text" bucket. Stores written before
// compression hold the payload itself; such a record starts with '{' (meta)
// or is UTF-8 text, and neither can start with the marker, which is not a
// UTF-8 byte. Old and new records can sit side by side in one store: a
// document is rewritten in the new format whenever it is put again.
const recordZstd byte = 0xFA

// maxRecord bounds the decoded size of a record, so that a damaged frame
// cannot claim gigabytes.
const maxRecord = 256 << 20

// errCorrupt reports a record that cannot be decoded.
var errCorrupt = errors.New("corrupt record")

// codec compresses and decompresses records. Its zstd encoder and decoder
// are shared by all calls and safe for concurrent use.
type codec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newCodec() (*codec, error) {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithEncoderConcurrency(2),
		zstd.WithLowerEncoderMem(true),
		zstd.WithEncoderCRC(true))
	if err != nil {
		return nil, fmt.Errorf("record encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(0),
		zstd.WithDecoderLowmem(true),
		zstd.WithDecoderMaxMemory(maxRecord))
	if err != nil {
		enc.Close()
		return nil, fmt.Errorf("record decoder: %w", err)
	}
	return &codec{enc: enc, dec: dec}, nil
}

func (c *codec) close() {
	c.enc.Close()
	c.dec.Close()
}

// encode returns the record of payload p.
func (c *codec) encode(p []byte) []byte {
	out := make([]byte, 1, 1+len(p)/2)
	out[0] = recordZstd
	return c.enc.EncodeAll(p, out)
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

// decodeText returns the payload of a "text" record, appended to dst.
func (c *codec) decodeText(dst, v []byte) ([]byte, error) {
	if len(v) > 0 && v[0] == recordZstd {
		return c.decode(dst, v)
	}
	if !utf8.Valid(v) {
		return nil, fmt.Errorf("%w: text record neither compressed nor UTF-8", errCorrupt)
	}
	return append(dst, v...), nil
}

func (c *codec) decode(dst, v []byte) ([]byte, error) {
	out, err := c.dec.DecodeAll(v[1:], dst)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errCorrupt, err)
	}
	return out, nil
}
