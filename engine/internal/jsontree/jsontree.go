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
	"strconv"
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

// Node is a JSON value. It is 72 bytes: an object's values share Arr with
// an array's elements (there was a Vals slice of their own, which made
// every node, a number's too, 96 bytes). Nodes of null, true, false, an
// empty object or array and a short number are shared between the places
// they occur, so a hostile array of a million zeros costs a pointer per
// element, not a node: callers must not change a tree.
type Node struct {
	Kind Kind
	Bool bool
	Str  string   // a string's value, or the text of a number
	Arr  []*Node  // an array's elements, or an object's values (same order as Keys)
	Keys []string // an object's keys, in input order
}

// Get returns the value of an object's key, or nil.
func (n *Node) Get(key string) *Node {
	for i, k := range n.Keys {
		if k == key {
			return n.Arr[i]
		}
	}
	return nil
}

// ErrorKind tells the problems Parse reports apart, so that a caller can
// say "not valid JSON" only of JSON that is not valid.
type ErrorKind uint8

// The kinds of Error.
const (
	Syntax        ErrorKind = iota // not valid JSON (RFC 8259)
	TooDeep                        // valid JSON, nested more than MaxDepth levels
	DuplicateKey                   // valid JSON, an object with a key twice
	TooManyValues                  // valid JSON, more values than the caller allows
)

// Error is a problem found by Parse, located in the text (line, column) and
// in the tree (Path, such as meetings.itu[3]: where the nesting went too
// deep, or the object holding a duplicate key).
type Error struct {
	Kind      ErrorKind
	Line, Col int
	Path      string // "" for the top level
	Key       string // the duplicate key (DuplicateKey)
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Col, e.Msg) }

// Where says where the problem is, in words: "line 2, column 14, in start".
func (e *Error) Where() string {
	w := fmt.Sprintf("line %d, column %d", e.Line, e.Col)
	if e.Path != "" {
		w += ", in " + e.Path
	}
	return w
}

// prefix adds the key or index that leads to the value of a nested error
// to its path, as the error passes up through the object or array holding
// that value: a path costs nothing unless there is an error.
func prefix(err error, seg string) error {
	if e, ok := err.(*Error); ok && e.Kind != Syntax {
		if e.Path == "" || e.Path[0] == '[' {
			e.Path = seg + e.Path
		} else {
			e.Path = seg + "." + e.Path
		}
	}
	return err
}

// keySeg is a key as a segment of a path: plain names bare, others quoted.
func keySeg(key string) string {
	plain := key != ""
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			plain = false
			break
		}
	}
	if plain {
		return key
	}
	if len(key) > 40 {
		key = key[:40] + "…"
	}
	return "[" + strconv.Quote(key) + "]"
}

// fewKeys is the size up to which an object's duplicate keys are found by
// comparing each key with the earlier ones, which is quicker than a map.
const fewKeys = 16

// Numbers of up to maxShared characters share their Node, up to maxNums
// distinct ones: a document of many small numbers (a hostile array of
// zeros) then costs a pointer per number.
const (
	maxShared = 4
	maxNums   = 256
)

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
	return ParseMax(data, 0)
}

// ParseMax is Parse that stops with a TooManyValues error at the first
// value past maxValues (0: no limit), counting every string, number,
// literal, array and object. A decoder that knows the most values a valid
// document holds passes that, so that a hostile document (a 1 MiB array of
// zeros holds half a million) fails fast, having built a tree no larger
// than a valid one.
func ParseMax(data []byte, maxValues int) (*Node, error) {
	sc := scanner{data: data, left: maxValues, limit: maxValues}
	if maxValues <= 0 {
		sc.left = -1
	}
	sc.space()
	n, err := sc.value(0)
	if err != nil {
		return nil, err
	}
	sc.space()
	if sc.i < len(data) {
		return nil, sc.fail(Syntax, sc.i, "unexpected data after the JSON value")
	}
	return n, nil
}

type scanner struct {
	data []byte
	i    int
	// slab holds Nodes not yet used: allocating them a few hundred at a
	// time rather than one by one halves the allocations of a large
	// document.
	slab  []Node
	ptrs  []*Node          // a block that elems carves arrays' elements from
	stack []*Node          // elements and values of the arrays and objects being read
	keys  []string         // keys of the objects being read
	left  int              // values that may still be read; negative: no limit
	limit int              // ParseMax's maxValues
	nums  map[string]*Node // short numbers read so far, shared
}

// Shared nodes (see Node).
var (
	nullNode  = &Node{Kind: Null}
	trueNode  = &Node{Kind: Bool, Bool: true}
	falseNode = &Node{Kind: Bool}
	emptyObj  = &Node{Kind: Object}
	emptyArr  = &Node{Kind: Array}
)

// elems returns a copy of vs, carved from a shared block like the Nodes.
func (sc *scanner) elems(vs []*Node) []*Node {
	if len(vs) > cap(sc.ptrs)-len(sc.ptrs) {
		sc.ptrs = make([]*Node, 0, max(256, len(vs)))
	}
	start := len(sc.ptrs)
	sc.ptrs = append(sc.ptrs, vs...)
	return sc.ptrs[start:len(sc.ptrs):len(sc.ptrs)]
}

// node returns a new Node of kind k.
func (sc *scanner) node(k Kind) *Node {
	if len(sc.slab) == 0 {
		sc.slab = make([]Node, 64)
	}
	n := &sc.slab[0]
	sc.slab = sc.slab[1:]
	n.Kind = k
	return n
}

// fail returns an Error of kind k located at byte offset off.
func (sc *scanner) fail(k ErrorKind, off int, format string, args ...any) *Error {
	line, col := pos(sc.data, off)
	return &Error{Kind: k, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// syntax reports invalid JSON at the current byte.
func (sc *scanner) syntax(context string) error {
	if sc.i >= len(sc.data) {
		return sc.fail(Syntax, len(sc.data), "invalid JSON: unexpected end of input")
	}
	return sc.fail(Syntax, sc.i, "invalid JSON: invalid character %s %s", quoteChar(sc.data[sc.i]), context)
}

func pos(data []byte, off int) (line, col int) {
	if off > len(data) {
		off = len(data)
	}
	line, col = 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
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
		return nil, sc.fail(TooDeep, sc.i, "JSON nested more than %d levels deep", MaxDepth)
	}
	if sc.i >= len(sc.data) {
		return nil, sc.syntax("")
	}
	if sc.left == 0 {
		return nil, sc.fail(TooManyValues, sc.i, "more values than the %d allowed", sc.limit)
	}
	sc.left--
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
		return sc.literal("true", trueNode)
	case c == 'f':
		return sc.literal("false", falseNode)
	case c == 'n':
		return sc.literal("null", nullNode)
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
	sc.space()
	if sc.i < len(sc.data) && sc.data[sc.i] == '}' {
		sc.i++
		return emptyObj, nil
	}
	// The keys and values gather on sc.keys and sc.stack, shared by every
	// object being read, and are copied into slices of their own at the
	// end. The keys seen so far: a plan's objects have a few keys, checked
	// against each other directly; past fewKeys, a map keeps the check
	// linear in the object's size (a hostile plan may hold 100,000).
	kbase, vbase := len(sc.keys), len(sc.stack)
	var seen map[string]struct{}
	for {
		if sc.i >= len(sc.data) || sc.data[sc.i] != '"' {
			return nil, sc.syntax("looking for beginning of object key string")
		}
		key, err := sc.str()
		if err != nil {
			return nil, err
		}
		keys := sc.keys[kbase:]
		if seen == nil && len(keys) >= fewKeys {
			seen = make(map[string]struct{}, 2*len(keys))
			for _, k := range keys {
				seen[k] = struct{}{}
			}
		}
		dup := false
		if seen != nil {
			_, dup = seen[key]
			seen[key] = struct{}{}
		} else {
			dup = slices.Contains(keys, key)
		}
		if dup {
			e := sc.fail(DuplicateKey, sc.i, "duplicate key %q", key)
			e.Key = key
			return nil, e
		}
		sc.space()
		if sc.i >= len(sc.data) || sc.data[sc.i] != ':' {
			return nil, sc.syntax("after object key")
		}
		sc.i++
		sc.space()
		v, err := sc.value(depth + 1)
		if err != nil {
			return nil, prefix(err, keySeg(key))
		}
		sc.keys = append(sc.keys, key)
		sc.stack = append(sc.stack, v)
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
			n := sc.node(Object)
			n.Keys = slices.Clone(sc.keys[kbase:])
			n.Arr = sc.elems(sc.stack[vbase:])
			clear(sc.keys[kbase:])
			sc.keys, sc.stack = sc.keys[:kbase], sc.stack[:vbase]
			return n, nil
		default:
			return nil, sc.syntax("after object key:value pair")
		}
	}
}

func (sc *scanner) array(depth int) (*Node, error) {
	sc.i++ // [
	sc.space()
	if sc.i < len(sc.data) && sc.data[sc.i] == ']' {
		sc.i++
		return emptyArr, nil
	}
	// The elements gather on sc.stack, shared by every array being read,
	// and are copied into a slice of their own at the end.
	base := len(sc.stack)
	for i := 0; ; i++ {
		v, err := sc.value(depth + 1)
		if err != nil {
			return nil, prefix(err, "["+strconv.Itoa(i)+"]")
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
			n := sc.node(Array)
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
	text := sc.data[start:sc.i]
	if len(text) > maxShared {
		n := sc.node(Number)
		n.Str = string(text)
		return n, nil
	}
	if n := sc.nums[string(text)]; n != nil { // no allocation for the look-up
		return n, nil
	}
	if sc.nums == nil {
		sc.nums = make(map[string]*Node)
	}
	n := sc.node(Number)
	n.Str = string(text)
	if len(sc.nums) < maxNums {
		sc.nums[n.Str] = n
	}
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
