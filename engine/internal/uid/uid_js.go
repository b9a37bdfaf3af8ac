//go:build js && wasm

package uid

// UUID is a UUID; in the browser, Lite (see the package comment).
type UUID = Lite

var (
	// Nil is the zero UUID: no id.
	Nil UUID
	// NameSpaceURL is RFC 9562's namespace of URLs.
	NameSpaceURL = mustParseLite("6ba7b811-9dad-11d1-80b4-00c04fd430c8")
)

// New returns a random (version 4) UUID.
func New() UUID { return newRandomLite() }

// Parse reads a UUID in any of the forms google/uuid reads.
func Parse(s string) (UUID, error) { return ParseLite(s) }

// NewSHA1 returns the name-based (SHA-1, version 5) UUID of data in the
// namespace ns.
func NewSHA1(ns UUID, data []byte) UUID { return NewSHA1Lite(ns, data) }
