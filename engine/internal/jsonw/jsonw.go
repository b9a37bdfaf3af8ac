// Package jsonw writes JSON by hand: objects, arrays, strings and numbers,
// compact or indented, with encoding/json's escaping. It exists so that the
// planner's WebAssembly needs no encoding/json at all (its reflection-based
// encoder is 117 KB of the gzipped module); the types the planner sends
// out write themselves with it, and tests check the bytes against
// encoding/json's.
package jsonw

import (
	"strconv"
	"unicode/utf8"
)

// Writer appends JSON to a buffer.
type Writer struct {
	b      []byte
	indent string
	// stack holds, for each open object or array, whether it has an
	// element yet (so the next one needs a comma).
	stack    []bool
	afterKey bool
}

// New returns a Writer; a non-empty indent writes one element per line,
// as json.MarshalIndent(v, "", indent) does.
func New(indent string) *Writer { return &Writer{indent: indent} }

// Bytes returns the JSON written so far.
func (w *Writer) Bytes() []byte { return w.b }

// String returns the JSON written so far.
func (w *Writer) String() string { return string(w.b) }

// value starts a value: a comma and a new line when it follows another
// element, nothing after a key.
func (w *Writer) value() {
	if w.afterKey {
		w.afterKey = false
		return
	}
	if n := len(w.stack); n > 0 {
		if w.stack[n-1] {
			w.b = append(w.b, ',')
		}
		w.stack[n-1] = true
		w.newline(n)
	}
}

func (w *Writer) newline(depth int) {
	if w.indent == "" {
		return
	}
	w.b = append(w.b, '\n')
	for range depth {
		w.b = append(w.b, w.indent...)
	}
}

func (w *Writer) open(c byte) {
	w.value()
	w.b = append(w.b, c)
	w.stack = append(w.stack, false)
}

func (w *Writer) close(c byte) {
	n := len(w.stack)
	if w.stack[n-1] {
		w.newline(n - 1)
	}
	w.stack = w.stack[:n-1]
	w.b = append(w.b, c)
}

// BeginObject, EndObject, BeginArray and EndArray open and close.
func (w *Writer) BeginObject() { w.open('{') }
func (w *Writer) EndObject()   { w.close('}') }
func (w *Writer) BeginArray()  { w.open('[') }
func (w *Writer) EndArray()    { w.close(']') }

// Key writes an object's key; the next call writes its value.
func (w *Writer) Key(k string) {
	w.value()
	w.b = AppendString(w.b, k)
	w.b = append(w.b, ':')
	if w.indent != "" {
		w.b = append(w.b, ' ')
	}
	w.afterKey = true
}

// String writes a string value.
func (w *Writer) Str(s string) {
	w.value()
	w.b = AppendString(w.b, s)
}

// Int writes an integer value.
func (w *Writer) Int(n int) {
	w.value()
	w.b = strconv.AppendInt(w.b, int64(n), 10)
}

// Bool writes true or false.
func (w *Writer) Bool(v bool) {
	w.value()
	w.b = strconv.AppendBool(w.b, v)
}

// Null writes null.
func (w *Writer) Null() {
	w.value()
	w.b = append(w.b, "null"...)
}

// Raw writes JSON that is already encoded (compact).
func (w *Writer) Raw(js []byte) {
	w.value()
	w.b = append(w.b, js...)
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string, escaped as encoding/json does by
// default: control characters, quote and backslash, the HTML-sensitive
// <, > and &, U+2028 and U+2029, and invalid UTF-8 as U+FFFD.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
