// Package engine_test enforces, as a test rather than as comments, the
// promises the engine makes to the places it runs in:
//
//   - no package under engine/ imports syscall/js, so the same code runs in
//     the browser, the CLI, the Worker and the build;
//   - the planner's WebAssembly (./wasm) links no code from html,
//     html/template, net/http or os/exec, and no JSON encoder or decoder:
//     those would cost the reader's download and are not needed (the engine
//     writes JSON with engine/internal/jsonw and reads it with
//     engine/internal/jsontree);
//   - the layers only go down: no package under engine/ imports
//     commontext/internal/ (the build, the API, the Worker glue), and the
//     engine's tests import from there only the test helpers of
//     internal/testkit/.
//
// The second check reads the function names of an unstripped GOOS=js build
// from the module's "name" custom section: go tool nm cannot read wasm, and
// debug/ has no wasm reader.
package engine_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestEngineImportsNoSyscallJS: no package of the engine, built for the
// browser, depends on syscall/js.
func TestEngineImportsNoSyscallJS(t *testing.T) {
	// On js/wasm the standard library's syscall itself imports syscall/js,
	// so the test looks at what the engine's own packages, and the modules
	// they use, import.
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if not .Standard}}{{.ImportPath}}: {{join .Imports " "}}{{end}}`, "./...")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	if !strings.Contains(string(out), "github.com/commontext/commontext/engine/planpage:") {
		t.Fatalf("go list ./... from engine/ did not list the engine:\n%s", out)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, ":")
		if slices.Contains(strings.Fields(imports), "syscall/js") {
			t.Errorf("%s imports syscall/js", pkg)
		}
	}
}

// TestEngineLayersGoDown: nothing under engine/ imports the project's
// internal/ packages, which sit above the engine (the site build, the API);
// the engine's own helpers live in engine/internal/. Tests may use the
// shared test helpers in internal/testkit/, and nothing else of internal/.
func TestEngineLayersGoDown(t *testing.T) {
	const module = "github.com/commontext/commontext/"
	cmd := exec.Command("go", "list", "-f", `{{.ImportPath}}|{{join .Imports " "}}|{{join .TestImports " "}} {{join .XTestImports " "}}`, "./...")
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		parts := strings.SplitN(line, "|", 3)
		if len(parts) != 3 {
			t.Fatalf("go list printed %q", line)
		}
		checked++
		for _, imp := range strings.Fields(parts[1]) {
			if strings.HasPrefix(imp, module+"internal/") {
				t.Errorf("%s imports %s: the engine must not depend on the layers above it", parts[0], imp)
			}
		}
		for _, imp := range strings.Fields(parts[2]) {
			if strings.HasPrefix(imp, module+"internal/") && !strings.HasPrefix(imp, module+"internal/testkit/") {
				t.Errorf("%s's tests import %s: engine tests may use only internal/testkit/", parts[0], imp)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("go list ./... listed %d engine packages:\n%s", checked, out)
	}
}

// forbidden are the packages whose code must not be linked into the
// planner's wasm.
var forbidden = []string{"html", "html/template", "net/http", "os/exec", "encoding/json",
	// No crypto: the engine's UUIDs are engine/internal/uid's in the
	// browser, which links neither google/uuid nor, through it,
	// crypto/rand, crypto/md5, crypto/sha1 and the FIPS 140 module behind
	// them (68 KB gzip).
	"github.com/google/uuid", "crypto/rand", "crypto/md5", "crypto/sha1",
	"crypto/internal/fips140/aes", "crypto/internal/fips140/drbg", "crypto/internal/fips140/sha256"}

// allowed are the functions of a forbidden package that are linked all the
// same and never run: none since the browser's build stopped linking
// google/uuid, whose NullUUID kept encoding/json's initialisation and
// method tables. An entry no longer linked fails the test, so the list
// stays true.
var allowed = map[string]bool{}

// TestPlannerWasmLinksNoForbiddenCode builds ./wasm for the browser,
// unstripped, and lists the functions it links from forbidden packages.
func TestPlannerWasmLinksNoForbiddenCode(t *testing.T) {
	if testing.Short() {
		t.Skip("links the planner's WebAssembly")
	}
	mod := buildPlannerWasm(t)
	names, err := functionNames(mod)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(names, wasmName("github.com/commontext/commontext/engine/planpage.Compute")) {
		t.Fatalf("the name section of %d functions does not list planpage.Compute: not an unstripped build?", len(names))
	}
	ok := make(map[string]bool, len(allowed))
	for n := range allowed {
		ok[wasmName(n)] = true
	}
	var bad []string
	for _, n := range names {
		if isForbidden(n) && !ok[n] {
			bad = append(bad, n)
		}
	}
	for n := range allowed {
		if !slices.Contains(names, wasmName(n)) {
			t.Errorf("%s is allowed but no longer linked: remove it from allowed", n)
		}
	}
	if len(bad) > 0 {
		t.Errorf("the planner's wasm links %d functions from %v:\n%s", len(bad), forbidden, strings.Join(bad, "\n"))
	}
}

// isForbidden reports whether a linked function (named as in the name
// section) belongs to a forbidden package, or is a type's equality or
// hash function of one.
func isForbidden(name string) bool {
	name = strings.TrimPrefix(name, wasmName("type:.eq."))
	name = strings.TrimPrefix(name, wasmName("type:.hash."))
	for _, p := range forbidden {
		if strings.HasPrefix(name, wasmName(p+".")) {
			return true
		}
	}
	return false
}

// wasmName is a Go symbol name as the linker writes it in the name
// section: every character other than a letter, digit, '_' or '.' becomes
// '_' (cmd/link/internal/wasm).
func wasmName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '_'
	}, s)
}

// TestFunctionNames checks the name-section reader on a hand-made module,
// so that a reader bug cannot make the purity test pass vacuously.
func TestFunctionNames(t *testing.T) {
	names := []string{"main.main", "net/http.Get"}
	var sub bytes.Buffer
	sub.Write(uleb(uint64(len(names))))
	for i, n := range names {
		sub.Write(uleb(uint64(i)))
		sub.Write(uleb(uint64(len(n))))
		sub.WriteString(n)
	}
	var name bytes.Buffer
	name.Write(uleb(4))
	name.WriteString("name")
	name.WriteByte(0) // module name subsection, skipped
	name.Write(uleb(2))
	name.Write([]byte{1, 'm'})
	name.WriteByte(1)
	name.Write(uleb(uint64(sub.Len())))
	name.Write(sub.Bytes())
	mod := []byte("\x00asm\x01\x00\x00\x00")
	mod = append(mod, 1, 1, 0) // a type section of one byte
	mod = append(mod, 0)
	mod = append(mod, uleb(uint64(name.Len()))...)
	mod = append(mod, name.Bytes()...)
	got, err := functionNames(mod)
	if err != nil || !slices.Equal(got, names) {
		t.Fatalf("functionNames = %q, %v; want %q", got, err, names)
	}
	if _, err := functionNames(mod[:len(mod)-3]); err == nil {
		t.Error("a truncated module read without error")
	}
	if _, err := functionNames([]byte("\x00asm\x01\x00\x00\x00")); err == nil {
		t.Error("a module with no name section read without error")
	}
}

// functionNames returns the function names of a wasm module's "name"
// custom section (subsection 1), in index order.
func functionNames(mod []byte) ([]string, error) {
	names, _, err := indexedFunctionNames(mod)
	return names, err
}

// indexedFunctionNames returns the function names of a wasm module's
// "name" custom section (subsection 1) and the function index of each.
func indexedFunctionNames(mod []byte) ([]string, []uint64, error) {
	if !bytes.HasPrefix(mod, []byte("\x00asm\x01\x00\x00\x00")) {
		return nil, nil, errors.New("not a wasm module (version 1)")
	}
	r := reader{b: mod[8:]}
	for len(r.b) > 0 {
		id := r.byte()
		body := r.bytes(r.uleb())
		if r.err != nil {
			return nil, nil, r.err
		}
		if id != 0 {
			continue
		}
		s := reader{b: body}
		if string(s.bytes(s.uleb())) != "name" {
			continue
		}
		for len(s.b) > 0 && s.err == nil {
			sid := s.byte()
			sub := reader{b: s.bytes(s.uleb())}
			if sid != 1 {
				continue
			}
			n := sub.uleb()
			names := make([]string, 0, min(n, uint64(len(sub.b))))
			indexes := make([]uint64, 0, cap(names))
			for range n {
				indexes = append(indexes, sub.uleb())
				names = append(names, string(sub.bytes(sub.uleb())))
			}
			if sub.err != nil {
				return nil, nil, sub.err
			}
			return names, indexes, nil
		}
		if s.err != nil {
			return nil, nil, s.err
		}
	}
	return nil, nil, errors.New("no function names: the module has no name section (built with -ldflags=-s?)")
}

// reader reads the wasm binary format's bytes and LEB128 integers; the
// first error sticks and later reads return zero values.
type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	b := r.bytes(1)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

func (r *reader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)) {
		r.err = fmt.Errorf("wasm: %d bytes wanted, %d left", n, len(r.b))
		return nil
	}
	b := r.b[:n]
	r.b = r.b[n:]
	return b
}

func (r *reader) uleb() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b) // LEB128 unsigned is the same encoding
	if n <= 0 {
		r.err = errors.New("wasm: bad LEB128 integer")
		return 0
	}
	r.b = r.b[n:]
	return v
}

func uleb(v uint64) []byte { return binary.AppendUvarint(nil, v) }

// wasmGzipBudget is the planner's WebAssembly, built as the site builds it
// (-trimpath, -ldflags=-s -w) and gzipped at the best compression, as last
// recorded, in bytes. TestPlannerWasmSizeBudget fails when the wasm grows
// more than 2 % over it: a new dependency (fmt on a new path, a JSON
// package, a crypto package) shows up here first. When it shrinks, record
// the new figure. History: 1,248,276 (the worker); 1,305,954 (the limits
// table, link v2 with its CRC-32, hostile-input messages); 1,349,683
// (actuals, baseline and slip, issue 18); 1,397,163 (the status report and
// the programme of work, issue 18); 1,324,328 (issue 22: the engine's
// UUIDs from engine/internal/uid, no google/uuid and so no crypto in the
// browser's build, -72,835).
const wasmGzipBudget = 1_324_328

// TestPlannerWasmSizeBudget builds ./wasm for the browser and compares its
// gzip size with wasmGzipBudget.
func TestPlannerWasmSizeBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("links the planner's WebAssembly")
	}
	mod := buildPlannerWasm(t, "-ldflags=-s -w")
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(mod)
	w.Close()
	got := buf.Len()
	t.Logf("planner wasm: %d bytes raw, %d gzip (budget %d)", len(mod), got, wasmGzipBudget)
	if limit := wasmGzipBudget * 102 / 100; got > limit {
		t.Errorf("the planner's wasm is %d bytes gzip, over 2 %% more than the recorded %d (limit %d): find what grew it (go tool nm cannot read wasm; an unstripped build's name section can), or record the new figure if the growth is worth it", got, wasmGzipBudget, limit)
	}
}

// buildPlannerWasm builds ./wasm for the browser (unstripped unless flags
// say otherwise, so that its name section can be read) and returns it.
func buildPlannerWasm(tb testing.TB, flags ...string) []byte {
	tb.Helper()
	out := filepath.Join(tb.TempDir(), "planner.wasm")
	args := append(append([]string{"build", "-trimpath"}, flags...), "-o", out, "../wasm")
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("building the planner: %v\n%s", err, b)
	}
	mod, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	return mod
}
