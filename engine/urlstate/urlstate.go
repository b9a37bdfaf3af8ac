// Package urlstate encodes a plan into a short string for a URL fragment,
// so that a planner page can be bookmarked and shared without a server.
//
// The form is "p2." followed by, in unpadded base64url (RFC 4648, 5), the
// plan's compact JSON compressed with DEFLATE (RFC 1951) and then the
// CRC-32 (IEEE, as in gzip) of that JSON, four bytes big-endian. The "p2"
// prefix names the version of this encoding. Version 1 ("p1.") had no
// checksum: DEFLATE carries none, so a one-character typo could decode to
// another valid plan (issue 23: 617 of 15,269 typos of one link did, a
// meeting ending on another day). Links of version 1 still open; nothing
// may follow their DEFLATE stream. Fields the plan gains later are
// optional fields of the JSON, in this same version.
//
// Decoding treats its input as hostile: it bounds the encoded length and
// the decompressed size (a small fragment can inflate to gigabytes), and
// decodes the JSON with the plan package's strict decoder.
package urlstate

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"

	"github.com/commontext/commontext/engine/limits"
	"github.com/commontext/commontext/engine/plan"
)

// Prefix starts every plan Encode writes; PrefixV1 started those of
// version 1, which Decode still reads.
const (
	Prefix   = "p2."
	PrefixV1 = "p1."
)

// Limits of Decode.
const (
	// MaxEncoded is the longest fragment Decode accepts. Browsers keep
	// far longer URLs, but a plan with a five-year calendar encodes to
	// a few kilobytes.
	MaxEncoded = limits.LinkBytes
	// MaxDecoded bounds the decompressed JSON, as plan.MaxSize does for
	// files.
	MaxDecoded = limits.LinkInflated
	// A link's plan inflates to at most MaxInflation times its
	// compressed size plus InflationFloor bytes: plans compress 2 to 11
	// times (500 regular meetings: 11), while a hostile link of 1.4 KB
	// inflated to 1 MiB of zeros (issue 23). The bound keeps the memory a
	// link costs proportionate to the link.
	MaxInflation   = limits.LinkInflation
	InflationFloor = 16 << 10
)

var errTooMuch = errors.New("too much")

// readAtMost reads r to its end into one buffer of max+1 bytes, returning
// errTooMuch if r holds more than max.
func readAtMost(r io.Reader, max int) ([]byte, error) {
	buf := make([]byte, max+1)
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err == io.EOF {
			return buf[:n:n], nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, errTooMuch
}

// Encode returns the URL form of the plan.
func Encode(p *plan.Plan) (string, error) {
	js, err := plan.MarshalCompact(p)
	if err != nil {
		return "", fmt.Errorf("urlstate: %w", err)
	}
	var buf bytes.Buffer
	zw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", fmt.Errorf("urlstate: %w", err)
	}
	if _, err := zw.Write(js); err != nil {
		return "", fmt.Errorf("urlstate: %w", err)
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("urlstate: %w", err)
	}
	buf.Write(binary.BigEndian.AppendUint32(nil, crc32.ChecksumIEEE(js)))
	s := Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if len(s) > MaxEncoded {
		return "", fmt.Errorf("urlstate: the plan encodes to %d bytes, more than the %d a URL may carry", len(s), MaxEncoded)
	}
	return s, nil
}

// Errors of Decode that callers may want to tell apart. Their messages are
// sentences for people, capitalized as the page shows them, so they are of
// a type of their own rather than the lower-case errors of Go's custom.
var (
	ErrVersion  error = Message("This is not a plan link, or it is one from a newer version of the planner (a plan link starts with " + Prefix + ")")
	ErrTooLong  error = Message(fmt.Sprintf("This link is longer than the %d KiB a plan link may be", MaxEncoded>>10))
	ErrTooLarge error = Message(fmt.Sprintf("This link holds a plan larger than the %d KiB a plan may be", MaxDecoded>>10))
	// ErrDamaged is wrapped by every error about a link whose characters
	// were changed, cut or added to: it opens nothing.
	ErrDamaged error = Message("This link is damaged")
)

// Message is an error about a link itself, in words for people.
type Message string

func (m Message) Error() string { return string(m) }

// damaged returns an ErrDamaged saying why.
func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s; nothing was opened. Ask for the link again, or open the plan's file", ErrDamaged, fmt.Sprintf(format, args...))
}

// Decode parses the URL form of a plan. A leading '#' is ignored. Errors
// say whether the link is damaged (ErrDamaged: changed, cut short or
// added to), too large or from another version; a plan that decodes but
// is invalid returns plan.Errors.
func Decode(s string) (*plan.Plan, error) {
	s = strings.TrimPrefix(s, "#")
	if len(s) > MaxEncoded {
		return nil, ErrTooLong
	}
	v2 := strings.HasPrefix(s, Prefix)
	if !v2 && !strings.HasPrefix(s, PrefixV1) {
		return nil, ErrVersion
	}
	raw, err := base64.RawURLEncoding.DecodeString(s[len(Prefix):])
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) && int(ce) >= len(s)-len(Prefix)-1 {
			return nil, damaged("it is cut short")
		}
		if errors.As(err, &ce) {
			return nil, damaged("character %d is not one a link holds", int(ce)+len(Prefix)+1)
		}
		return nil, damaged("%v", err)
	}
	// The flate reader takes bytes from br one at a time, as it needs
	// them, so what br holds when the stream ends is what followed it.
	br := bytes.NewReader(raw)
	zr := flate.NewReader(br)
	defer zr.Close()
	// One buffer, as large as this link may inflate to: io.ReadAll grows
	// its buffer by doubling, allocating twice the plan or more.
	bound := min(MaxDecoded, MaxInflation*len(raw)+InflationFloor)
	js, err := readAtMost(zr, bound)
	if err == errTooMuch && bound < MaxDecoded {
		return nil, fmt.Errorf("%w (it inflates to more than %d times its size)", ErrTooLarge, MaxInflation)
	}
	if err == errTooMuch {
		return nil, ErrTooLarge
	}
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, damaged("it is cut short (the compressed plan ends early)")
		}
		return nil, damaged("the compressed plan is corrupt (%v)", err)
	}
	rest := raw[len(raw)-br.Len():]
	if v2 {
		switch {
		case len(rest) < 4:
			return nil, damaged("it is cut short (its checksum is missing)")
		case len(rest) > 4:
			return nil, damaged("%d characters follow the plan", (len(rest)-4)*4/3+1)
		case binary.BigEndian.Uint32(rest) != crc32.ChecksumIEEE(js):
			return nil, damaged("its checksum does not match the plan it holds (a character was changed)")
		}
	} else if len(rest) > 0 {
		return nil, damaged("%d characters follow the plan", len(rest)*4/3+1)
	}
	return plan.Parse(js)
}
