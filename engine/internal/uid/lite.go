package uid

import (
	"errors"
	"fmt"
	"math/rand/v2"
)

// Lite is a UUID that needs no crypto package: what UUID is in the
// browser. It is compiled everywhere so that its tests run natively,
// against google/uuid.
type Lite [16]byte

// String returns the UUID's canonical form, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.
func (u Lite) String() string {
	const hex = "0123456789abcdef"
	var b [36]byte
	j := 0
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b[j] = '-'
			j++
		}
		b[j], b[j+1] = hex[c>>4], hex[c&15]
		j += 2
	}
	return string(b[:])
}

// MarshalText and UnmarshalText make a Lite read and written as text, as
// google/uuid's UUID is.
func (u Lite) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

func (u *Lite) UnmarshalText(b []byte) error {
	v, err := ParseLite(string(b))
	if err != nil {
		return err
	}
	*u = v
	return nil
}

var errFormat = errors.New("invalid UUID format")

// ParseLite reads a UUID in the forms google/uuid's Parse reads: the
// canonical 36 characters, with the prefix urn:uuid: (45), in braces (38),
// or 32 hex digits without hyphens. The errors say the same as its.
func ParseLite(s string) (Lite, error) {
	var u Lite
	switch len(s) {
	case 36:
	case 36 + 9:
		if !equalFold(s[:9], "urn:uuid:") {
			return u, fmt.Errorf("invalid urn prefix: %q", s[:9])
		}
		s = s[9:]
	case 36 + 2:
		s = s[1:]
	case 32:
		for i := range u {
			v, ok := hexByte(s[2*i], s[2*i+1])
			if !ok {
				return u, errors.New("invalid UUID format")
			}
			u[i] = v
		}
		return u, nil
	default:
		return u, fmt.Errorf("invalid UUID length: %d", len(s))
	}
	// s is now at least 36 bytes long: it must be of the form
	// xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.
	if s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return u, errFormat
	}
	for i, x := range [16]int{0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34} {
		v, ok := hexByte(s[x], s[x+1])
		if !ok {
			return u, errFormat
		}
		u[i] = v
	}
	return u, nil
}

func mustParseLite(s string) Lite {
	u, err := ParseLite(s)
	if err != nil {
		panic("uid: " + s + ": " + err.Error())
	}
	return u
}

// equalFold is strings.EqualFold for ASCII, as google/uuid compares the
// urn prefix.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

func hexByte(a, b byte) (byte, bool) {
	x, ok1 := hexDigit(a)
	y, ok2 := hexDigit(b)
	return x<<4 | y, ok1 && ok2
}

func hexDigit(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// NewSHA1Lite returns the version 5 UUID of data in the namespace ns:
// the first 16 bytes of SHA-1(ns, data), version and variant set.
func NewSHA1Lite(ns Lite, data []byte) Lite {
	var u Lite
	sum := sha1Sum(append(ns[:], data...))
	copy(u[:], sum[:16])
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// newRandomLite returns a version 4 UUID from math/rand/v2's generator.
func newRandomLite() Lite {
	var u Lite
	for i := 0; i < 16; i += 8 {
		v := rand.Uint64()
		for j := range 8 {
			u[i+j] = byte(v >> (8 * j))
		}
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}
