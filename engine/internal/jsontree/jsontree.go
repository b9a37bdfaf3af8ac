// Package jsontree reads JSON into a small tree of values, keeping the order
// of object keys and rejecting duplicate keys, so that a decoder can map it
// onto its types by hand and report every problem with its full path
// (meetings.itu[3].end), all at once, without reflection. The plan format
// and the rule sets are read with it, so the planner's WebAssembly needs no
// JSON decoder at all, which keeps it 60 KB (gzip) smaller.
package jsontree

import (
	"fmt"
	"slices"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind is the kind of a JSON value.
type Kind uint8

// The kinds of JSON value.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

func (k Kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

// Node is a JSON value.
type Node struct {
	Kind Kind
	Bool bool
	Str  string // a string's value, or the text of a number
	Arr  []*Node
	Keys []string // an object's keys, in input order
	Vals []*Node
}

// Get returns the value of an object's key, or nil.
func (n *Node) Get(key string) *Node {
	for i, k := range n.Keys {
		if k == key {
			return n.Vals[i]
		}
	}
	return nil
}

// fewKeys is the size up to which an object's duplicate keys are found by
// comparing each key with the earlier ones, which is quicker than a map.
const fewKeys = 16

// MaxDepth bounds nesting (a plan is four levels deep).
const MaxDepth = 32

// Parse reads one JSON value from data and requires that nothing but
// white space follows it. The input must be valid UTF-8 (callers check).
//
// It scans the bytes itself rather than through encoding/json's Decoder:
// the Decoder's Token API allocates for every token and made parsing the
// planner's slowest step in the browser (1.6 ms of a 4 ms recompute for a
// plan with 70 meetings). The grammar is RFC 8259's; FuzzTreeMatches-
// EncodingJSON checks that the scanner accepts exactly what encoding/json
// accepts and builds the same tree.
func Parse(data []byte) (*Node, error) {
	sc := scanner{data: data}
	sc.space()
	n, err := sc.value(0)
	if err != nil {
		return nil, err
	}
	sc.space()
	if sc.i < len(data) {
		return nil, sc.errorf(sc.i, "unexpected data after the JSON value")
	}
	return n, nil
}

type scanner struct {
	data []byte
	i    int
	// slab holds Nodes not yet used: allocating them a few hundred at a
	// time rather than one by one halves the allocations of a large
	// document (a hostile 1 MiB plan holds half a million values).
	slab  []Node
	ptrs  []*Node // a block that elems carves arrays' elements from
	stack []*Node // elements of the arrays being read
}

// elems returns a copy of vs, carved from a shared block like the Nodes.
func (sc *scanner) elems(vs []*Node) []*Node {
	if len(vs) > cap(sc.ptrs)-len(sc.ptrs) {
		sc.ptrs = make([]*Node, 0, max(1024, len(vs)))
	}
	start := len(sc.ptrs)
	sc.ptrs = append(sc.ptrs, vs...)
	return sc.ptrs[start:len(sc.ptrs):len(sc.ptrs)]
}

// node returns a new Node of kind k.
func (sc *scanner) node(k Kind) *Node {
	if len(sc.slab) == 0 {
		sc.slab = make([]Node, 256)
	}
	n := &sc.slab[0]
	sc.slab = sc.slab[1:]
	n.Kind = k
	return n
}

// errorf returns an error located at byte offset off, as line:column.
func (sc *scanner) errorf(off int, format string, args ...any) error {
	return fmt.Errorf("%s: %s", pos(sc.data, off), fmt.Sprintf(format, args...))
}

// syntax reports invalid JSON at the current byte.
func (sc *scanner) syntax(context string) error {
	if sc.i >= len(sc.data) {
		return sc.errorf(len(sc.data), "invalid JSON: unexpected end of input")
	}
	return sc.errorf(sc.i, "invalid JSON: invalid character %s %s", quoteChar(sc.data[sc.i]), context)
}

func pos(data []byte, off int) string {
	if off > len(data) {
		off = len(data)
	}
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

func quoteChar(c byte) string {
	switch {
	case c == '\'':
		return `'\''`
	case c == '"':
		return `'"'`
	case c < 0x20 || c >= 0x7f:
		return fmt.Sprintf("%q", rune(c))
	}
	return "'" + string(rune(c)) + "'"
}

func (sc *scanner) space() {
	for sc.i < len(sc.data) {
		switch sc.data[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *scanner) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, sc.errorf(sc.i, "JSON nested more than %d levels deep", MaxDepth)
	}
	if sc.i >= len(sc.data) {
		return nil, sc.syntax("")
	}
	switch c := sc.data[sc.i]; {
	case c == '{':
		return sc.object(depth)
	case c == '[':
		return sc.array(depth)
	case c == '"':
		s, err := sc.str()
		if err != nil {
			return nil, err
		}
		n := sc.node(String)
		n.Str = s
		return n, nil
	case c == '-' || c >= '0' && c <= '9':
		return sc.number()
	case c == 't':
		n := sc.node(Bool)
		n.Bool = true
		return sc.literal("true", n)
	case c == 'f':
		return sc.literal("false", sc.node(Bool))
	case c == 'n':
		return sc.literal("null", sc.node(Null))
	}
	return nil, sc.syntax("looking for beginning of value")
}

func (sc *scanner) literal(word string, n *Node) (*Node, error) {
	for j := 0; j < len(word); j++ {
		if sc.i >= len(sc.data) || sc.data[sc.i] != word[j] {
			return nil, sc.syntax("in literal " + word)
		}
		sc.i++
	}
	return n, nil
}

func (sc *scanner) object(depth int) (*Node, error) {
	sc.i++ // {
	n := sc.node(Object)
	// The keys seen so far: a plan's objects have a few keys, checked
	// against each other directly; past fewKeys, a map keeps the check
	// linear in the object's size (a hostile plan may hold 100,000).
	var seen map[string]struct{}
	sc.space()
	if sc.i < len(sc.data) && sc.data[sc.i] == '}' {
		sc.i++
		return n, nil
	}
	for {
		if sc.i >= len(sc.data) || sc.data[sc.i] != '"' {
			return nil, sc.syntax("looking for beginning of object key string")
		}
		key, err := sc.str()
		if err != nil {
			return nil, err
		}
		if seen == nil && len(n.Keys) >= fewKeys {
			seen = make(map[string]struct{}, 2*len(n.Keys))
			for _, k := range n.Keys {
				seen[k] = struct{}{}
			}
		}
		if seen != nil {
			if _, dup := seen[key]; dup {
				return nil, sc.errorf(sc.i, "duplicate key %q", key)
			}
			seen[key] = struct{}{}
		} else if slices.Contains(n.Keys, key) {
			return nil, sc.errorf(sc.i, "duplicate key %q", key)
		}
		sc.space()
		if sc.i >= len(sc.data) || sc.data[sc.i] != ':' {
			return nil, sc.syntax("after object key")
		}
		sc.i++
		sc.space()
		v, err := sc.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.Keys = append(n.Keys, key)
		n.Vals = append(n.Vals, v)
		sc.space()
		if sc.i >= len(sc.data) {
			return nil, sc.syntax("")
		}
		switch sc.data[sc.i] {
		case ',':
			sc.i++
			sc.space()
		case '}':
			sc.i++
			return n, nil
		default:
			return nil, sc.syntax("after object key:value pair")
		}
	}
}

func (sc *scanner) array(depth int) (*Node, error) {
	sc.i++ // [
	n := sc.node(Array)
	sc.space()
	if sc.i < len(sc.data) && sc.data[sc.i] == ']' {
		sc.i++
		return n, nil
	}
	// The elements gather on sc.stack, shared by every array being read,
	// and are copied into a slice of their own at the end.
	base := len(sc.stack)
	for {
		v, err := sc.value(depth + 1)
		if err != nil {
			return nil, err
		}
		sc.stack = append(sc.stack, v)
		sc.space()
		if sc.i >= len(sc.data) {
			return nil, sc.syntax("")
		}
		switch sc.data[sc.i] {
		case ',':
			sc.i++
			sc.space()
		case ']':
			sc.i++
			n.Arr = sc.elems(sc.stack[base:])
			sc.stack = sc.stack[:base]
			return n, nil
		default:
			return nil, sc.syntax("after array element")
		}
	}
}

// number reads a number (RFC 8259, 6) and keeps its text.
func (sc *scanner) number() (*Node, error) {
	start := sc.i
	digits := func() int {
		n := 0
		for sc.i < len(sc.data) && sc.data[sc.i] >= '0' && sc.data[sc.i] <= '9' {
			sc.i++
			n++
		}
		return n
	}
	if sc.data[sc.i] == '-' {
		sc.i++
	}
	if sc.i < len(sc.data) && sc.data[sc.i] == '0' {
		sc.i++
	} else if digits() == 0 {
		return nil, sc.syntax("in numeric literal")
	}
	if sc.i < len(sc.data) && sc.data[sc.i] == '.' {
		sc.i++
		if digits() == 0 {
			return nil, sc.syntax("after decimal point in numeric literal")
		}
	}
	if sc.i < len(sc.data) && (sc.data[sc.i] == 'e' || sc.data[sc.i] == 'E') {
		sc.i++
		if sc.i < len(sc.data) && (sc.data[sc.i] == '+' || sc.data[sc.i] == '-') {
			sc.i++
		}
		if digits() == 0 {
			return nil, sc.syntax("in exponent of numeric literal")
		}
	}
	n := sc.node(Number)
	n.Str = string(sc.data[start:sc.i])
	return n, nil
}

// str reads a string literal, decoding its escapes as encoding/json does
// (an invalid surrogate becomes U+FFFD). The input is valid UTF-8 (Parse
// checks that first).
func (sc *scanner) str() (string, error) {
	sc.i++ // opening quote
	start := sc.i
	// Fast path: no escapes.
	for sc.i < len(sc.data) {
		c := sc.data[sc.i]
		if c == '"' {
			s := string(sc.data[start:sc.i])
			sc.i++
			return s, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", sc.syntax("in string literal")
		}
		sc.i++
	}
	b := append([]byte(nil), sc.data[start:sc.i]...)
	for sc.i < len(sc.data) {
		c := sc.data[sc.i]
		switch {
		case c == '"':
			sc.i++
			return string(b), nil
		case c < 0x20:
			return "", sc.syntax("in string literal")
		case c != '\\':
			b = append(b, c)
			sc.i++
			continue
		}
		sc.i++ // backslash
		if sc.i >= len(sc.data) {
			return "", sc.syntax("")
		}
		switch e := sc.data[sc.i]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := sc.hex4(sc.i + 1)
			if !ok {
				return "", sc.syntax("in \\u hexadecimal character escape")
			}
			sc.i += 4
			if utf16.IsSurrogate(r) {
				if r2, ok := sc.hex4(sc.i + 3); ok && sc.i+2 < len(sc.data) && sc.data[sc.i+1] == '\\' && sc.data[sc.i+2] == 'u' {
					if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
						sc.i += 6
						b = utf8.AppendRune(b, dec)
						break
					}
				}
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
		default:
			return "", sc.syntax("in string escape code")
		}
		sc.i++
	}
	return "", sc.syntax("")
}

// hex4 reads four hexadecimal digits at offset i.
func (sc *scanner) hex4(i int) (rune, bool) {
	if i+4 > len(sc.data) {
		return 0, false
	}
	var r rune
	for _, c := range sc.data[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}
