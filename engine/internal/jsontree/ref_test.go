package jsontree

// The Token-based tree parser this package used before scan.go: kept as the
// reference that FuzzTreeMatchesEncodingJSON compares the scanner with.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// The decoder reads JSON into a small tree first and maps the tree onto a
// Plan by hand. That costs a few lines, and buys what encoding/json's
// struct decoding does not give: every problem is reported with its full
// path (meetings.itu[3].end), all problems are reported at once, duplicate
// keys are an error, and no reflection is involved.

// parseTreeRef reads one JSON value from data and requires that nothing but
// white space follows it.
func parseTreeRef(data []byte) (*Node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := refParser{dec: dec, data: data}
	n, err := p.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, p.errorf("unexpected data after the JSON value")
	}
	return n, nil
}

type refParser struct {
	dec  *json.Decoder
	data []byte
}

// errorf returns an error located at the decoder's position as line:column.
func (p *refParser) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s", p.pos(p.dec.InputOffset()), fmt.Sprintf(format, args...))
}

func (p *refParser) pos(off int64) string {
	if off > int64(len(p.data)) {
		off = int64(len(p.data))
	}
	line, col := 1, 1
	for _, c := range p.data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

func (p *refParser) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%s: invalid JSON: %s", p.pos(se.Offset), trimJSONRef(se.Error()))
	}
	if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("%s: invalid JSON: unexpected end of input", p.pos(int64(len(p.data))))
	}
	return p.errorf("invalid JSON: %s", trimJSONRef(err.Error()))
}

func trimJSONRef(s string) string {
	if len(s) > 5 && s[:5] == "json:" {
		return s[6:]
	}
	return s
}

func (p *refParser) value(depth int) (*Node, error) {
	if depth > MaxDepth {
		return nil, p.errorf("JSON nested more than %d levels deep", MaxDepth)
	}
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.syntax(err)
	}
	switch t := tok.(type) {
	case nil:
		return &Node{Kind: Null}, nil
	case bool:
		return &Node{Kind: Bool, Bool: t}, nil
	case json.Number:
		return &Node{Kind: Number, Str: string(t)}, nil
	case string:
		return &Node{Kind: String, Str: t}, nil
	case json.Delim:
		switch t {
		case '[':
			n := &Node{Kind: Array}
			for p.dec.More() {
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Arr = append(n.Arr, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			return n, nil
		case '{':
			n := &Node{Kind: Object}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.syntax(err)
				}
				key, _ := kt.(string)
				for _, k := range n.Keys {
					if k == key {
						return nil, p.errorf("duplicate key %q", key)
					}
				}
				v, err := p.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, key)
				n.Arr = append(n.Arr, v)
			}
			if _, err := p.dec.Token(); err != nil {
				return nil, p.syntax(err)
			}
			return n, nil
		}
	}
	return nil, p.errorf("unexpected token %v", tok)
}
