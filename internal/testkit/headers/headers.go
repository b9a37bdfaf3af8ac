// Package headers reads a _headers file (the format of Netlify, Cloudflare
// Pages and Workers Static Assets) and applies it to an http.Handler, so
// that the tests see the same headers — the Content-Security-Policy above
// all — as a real static host. Only tests use it (serve renders through
// Hugo's own server).
package headers

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Rule is one path pattern and the headers it sets. A '*' in the pattern
// matches any run of characters (a "splat").
type Rule struct {
	Pattern string
	Header  http.Header
}

// Parse reads a _headers file: a pattern at the start of a line, then its
// headers indented below it as "Name: value".
func Parse(r io.Reader) ([]Rule, error) {
	var rules []Rule
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		raw := sc.Text()
		text := strings.TrimSpace(raw)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if raw[0] != ' ' && raw[0] != '\t' {
			if !strings.HasPrefix(text, "/") {
				return nil, fmt.Errorf("_headers line %d: pattern %q must start with /", line, text)
			}
			rules = append(rules, Rule{Pattern: text, Header: http.Header{}})
			continue
		}
		if len(rules) == 0 {
			return nil, fmt.Errorf("_headers line %d: header before any path pattern", line)
		}
		name, value, ok := strings.Cut(text, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, fmt.Errorf("_headers line %d: %q is not \"Name: value\"", line, text)
		}
		rules[len(rules)-1].Header.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	return rules, sc.Err()
}

// Match reports whether path matches pattern.
func Match(pattern, path string) bool {
	parts := strings.Split(pattern, "*")
	if len(parts) == 1 {
		return pattern == path
	}
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	path = path[len(parts[0]):]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(path, p)
		}
		j := strings.Index(path, p)
		if j < 0 {
			return false
		}
		path = path[j+len(p):]
	}
	return true
}

// For returns the headers that rules set for path. Repeated names are
// joined with ", ", as the hosts do.
func For(rules []Rule, path string) http.Header {
	h := http.Header{}
	for _, r := range rules {
		if !Match(r.Pattern, path) {
			continue
		}
		for k, vs := range r.Header {
			for _, v := range vs {
				if old := h.Get(k); old != "" {
					h.Set(k, old+", "+v)
				} else {
					h.Set(k, v)
				}
			}
		}
	}
	return h
}

// Handler serves next with the headers of rules added to each response.
func Handler(rules []Rule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range For(rules, r.URL.Path) {
			w.Header()[k] = v
		}
		next.ServeHTTP(w, r)
	})
}
