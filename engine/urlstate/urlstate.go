// Package urlstate encodes a plan into a short string for a URL fragment,
// so that a planner page can be bookmarked and shared without a server.
//
// The form is "p1." followed by the plan's compact JSON, compressed with
// DEFLATE (RFC 1951) and encoded in unpadded base64url (RFC 4648, 5). The
// "p1" prefix names the version of this encoding. Decoding treats its input
// as hostile: it bounds the encoded length and the decompressed size (a
// small fragment can inflate to gigabytes), and decodes the JSON with the
// plan package's strict decoder.
package urlstate

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/commontext/commontext/engine/plan"
)

// Prefix starts every encoded plan.
const Prefix = "p1."

// Limits of Decode.
const (
	// MaxEncoded is the longest fragment Decode accepts. Browsers keep
	// far longer URLs, but a plan with a five-year calendar encodes to
	// a few kilobytes.
	MaxEncoded = 64 << 10
	// MaxDecoded bounds the decompressed JSON, as plan.MaxSize does for
	// files.
	MaxDecoded = plan.MaxSize
)

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
	s := Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes())
	if len(s) > MaxEncoded {
		return "", fmt.Errorf("urlstate: the plan encodes to %d bytes, more than the %d a URL may carry", len(s), MaxEncoded)
	}
	return s, nil
}

// Errors of Decode that callers may want to tell apart.
var (
	ErrVersion  = errors.New("urlstate: not a plan link, or one from a newer version (want the prefix \"" + Prefix + "\")")
	ErrTooLong  = fmt.Errorf("urlstate: link longer than %d bytes", MaxEncoded)
	ErrTooLarge = fmt.Errorf("urlstate: the plan inflates to more than %d bytes", MaxDecoded)
)

// Decode parses the URL form of a plan. A leading '#' is ignored. Errors
// say whether the link is truncated, corrupt, too large or from another
// version; a plan that decodes but is invalid returns plan.Errors.
func Decode(s string) (*plan.Plan, error) {
	s = strings.TrimPrefix(s, "#")
	if len(s) > MaxEncoded {
		return nil, ErrTooLong
	}
	if !strings.HasPrefix(s, Prefix) {
		return nil, ErrVersion
	}
	raw, err := base64.RawURLEncoding.DecodeString(s[len(Prefix):])
	if err != nil {
		var ce base64.CorruptInputError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("urlstate: the link is damaged: not base64url at character %d", int(ce)+len(Prefix))
		}
		return nil, fmt.Errorf("urlstate: the link is damaged: %v", err)
	}
	zr := flate.NewReader(bytes.NewReader(raw))
	defer zr.Close()
	js, err := io.ReadAll(io.LimitReader(zr, MaxDecoded+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, errors.New("urlstate: the link is truncated (the compressed data ends early)")
		}
		return nil, fmt.Errorf("urlstate: the link is damaged: %v", err)
	}
	if len(js) > MaxDecoded {
		return nil, ErrTooLarge
	}
	return plan.Parse(js)
}
