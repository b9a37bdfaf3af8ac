//go:build !(js && wasm)

package uid

import "github.com/google/uuid"

// UUID is a UUID; natively, google/uuid's.
type UUID = uuid.UUID

var (
	// Nil is the zero UUID: no id.
	Nil = uuid.Nil
	// NameSpaceURL is RFC 9562's namespace of URLs.
	NameSpaceURL = uuid.NameSpaceURL
)

// New returns a random (version 4) UUID.
func New() UUID { return uuid.New() }

// Parse reads a UUID in any of the forms google/uuid reads.
func Parse(s string) (UUID, error) { return uuid.Parse(s) }

// NewSHA1 returns the name-based (SHA-1, version 5) UUID of data in the
// namespace ns.
func NewSHA1(ns UUID, data []byte) UUID { return uuid.NewSHA1(ns, data) }
