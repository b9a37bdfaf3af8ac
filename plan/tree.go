package plan

import (
	"fmt"
	"unicode/utf16"
	"unicode/utf8"
)

// The decoder reads JSON into a small tree first and maps the tree onto a
// Plan by hand. That costs a few lines, and buys what encoding/json's
// struct decoding does not give: every problem is reported with its full
// path (meetings.itu[3].end), all problems are reported at once, duplicate
// keys are an error, and no reflection is involved.

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

func (k kind) String() string {
	return [...]string{"null", "boolean", "number", "string", "array", "object"}[k]
}

type node struct {
	kind kind
	b    bool
	s    string // string value, or the text of a number
	arr  []*node
	keys []string // object keys in input order
	vals []*node
}

func (n *node) get(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// maxDepth bounds nesting; a plan is four levels deep.
const maxDepth = 32

// parseTree reads one JSON value from data and requires that nothing but
// white space follows it.
//
// It scans the bytes itself rather than through encoding/json's Decoder:
// the Decoder's Token API allocates for every token and made parsing the
// planner's slowest step in the browser (1.6 ms of a 4 ms recompute for a
// plan with 70 meetings). The grammar is RFC 8259's; FuzzTreeMatches-
// EncodingJSON checks that the scanner accepts exactly what encoding/json
// accepts and builds the same tree.
func parseTree(data []byte) (*node, error) {
	sc := scanner{data: data}
	sc.space()
	n, err := sc.value(0)
	if err != nil {
		return nil, err
	}
	sc.space()
	if sc.i < len(data) {
		return nil, sc.errorf(sc.i, "unexpected data after the plan's closing brace")
	}
	return n, nil
}

type scanner struct {
	data []byte
	i    int
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

func (sc *scanner) value(depth int) (*node, error) {
	if depth > maxDepth {
		return nil, sc.errorf(sc.i, "JSON nested more than %d levels deep", maxDepth)
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
		return &node{kind: kString, s: s}, nil
	case c == '-' || c >= '0' && c <= '9':
		return sc.number()
	case c == 't':
		return sc.literal("true", &node{kind: kBool, b: true})
	case c == 'f':
		return sc.literal("false", &node{kind: kBool})
	case c == 'n':
		return sc.literal("null", &node{kind: kNull})
	}
	return nil, sc.syntax("looking for beginning of value")
}

func (sc *scanner) literal(word string, n *node) (*node, error) {
	for j := 0; j < len(word); j++ {
		if sc.i >= len(sc.data) || sc.data[sc.i] != word[j] {
			return nil, sc.syntax("in literal " + word)
		}
		sc.i++
	}
	return n, nil
}

func (sc *scanner) object(depth int) (*node, error) {
	sc.i++ // {
	n := &node{kind: kObject}
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
		for _, k := range n.keys {
			if k == key {
				return nil, sc.errorf(sc.i, "duplicate key %q", key)
			}
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
		n.keys = append(n.keys, key)
		n.vals = append(n.vals, v)
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

func (sc *scanner) array(depth int) (*node, error) {
	sc.i++ // [
	n := &node{kind: kArray}
	sc.space()
	if sc.i < len(sc.data) && sc.data[sc.i] == ']' {
		sc.i++
		return n, nil
	}
	for {
		v, err := sc.value(depth + 1)
		if err != nil {
			return nil, err
		}
		n.arr = append(n.arr, v)
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
			return n, nil
		default:
			return nil, sc.syntax("after array element")
		}
	}
}

// number reads a number (RFC 8259, 6) and keeps its text.
func (sc *scanner) number() (*node, error) {
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
	return &node{kind: kNumber, s: string(sc.data[start:sc.i])}, nil
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
