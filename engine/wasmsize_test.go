package engine_test

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

// BenchmarkPlannerWasmByPackage prints where the planner's WebAssembly's
// bytes are: the code section's function bodies summed by Go package (the
// 25 largest, and the rest), each with the gzip size of its bodies
// compressed alone (an estimate of what the package costs the download:
// compressed together, code shares some of its patterns), then the other
// sections (data: the runtime's type and pclntab tables, the strings). It
// reads the function names of an unstripped build; the stripped build the
// site ships has the same code and data, without the name section.
// Printed, never asserted (TestPlannerWasmSizeBudget asserts the total).
func BenchmarkPlannerWasmByPackage(b *testing.B) {
	mod := buildPlannerWasm(b)
	var sz wasmSizes
	var err error
	for range b.N {
		if sz, err = sizesByPackage(mod); err != nil {
			b.Fatal(err)
		}
	}
	var rows []pkgSize
	for p, s := range sz.pkgs {
		rows = append(rows, pkgSize{pkg: p, raw: s.Len()})
	}
	slices.SortFunc(rows, func(x, y pkgSize) int { return cmp.Or(y.raw-x.raw, strings.Compare(x.pkg, y.pkg)) })
	var code int
	for _, r := range rows {
		code += r.raw
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "planner wasm (unstripped build, %d B; stripped as shipped: code and data the same): code %d B in %d functions of %d packages, data %d B, other sections %d B\n",
		len(mod), code, sz.funcs, len(rows), sz.data, sz.other)
	fmt.Fprintf(&sb, "%-58s %10s %10s %6s\n", "package (code section)", "raw B", "gzip B*", "share")
	var restRaw int
	var rest bytes.Buffer
	for i, r := range rows {
		if i >= 25 {
			restRaw += r.raw
			rest.Write(sz.pkgs[r.pkg].Bytes())
			continue
		}
		fmt.Fprintf(&sb, "%-58s %10d %10d %5.1f%%\n", r.pkg, r.raw, gzipLen(sz.pkgs[r.pkg].Bytes()), 100*float64(r.raw)/float64(code))
	}
	fmt.Fprintf(&sb, "%-58s %10d %10d %5.1f%%\n", fmt.Sprintf("(%d other packages)", len(rows)-min(len(rows), 25)), restRaw, gzipLen(rest.Bytes()), 100*float64(restRaw)/float64(code))
	fmt.Fprintf(&sb, "%-58s %10d %10d\n", "data section", sz.data, gzipLen(sz.dataBytes))
	groups := map[string]*bytes.Buffer{}
	for _, r := range rows {
		g := groupOf(r.pkg)
		if groups[g] == nil {
			groups[g] = new(bytes.Buffer)
		}
		groups[g].Write(sz.pkgs[r.pkg].Bytes())
	}
	for _, g := range slices.Sorted(maps.Keys(groups)) {
		fmt.Fprintf(&sb, "%-58s %10d %10d %5.1f%%\n", "group "+g, groups[g].Len(), gzipLen(groups[g].Bytes()), 100*float64(groups[g].Len())/float64(code))
	}
	sb.WriteString("* each package's function bodies gzipped alone (best compression)\n")
	b.Log("\n" + sb.String())
	b.ReportMetric(float64(code), "code-bytes")
	b.ReportMetric(float64(sz.data), "data-bytes")
}

type pkgSize struct {
	pkg string
	raw int
}

// wasmSizes is a module's code by package, and its other sections.
type wasmSizes struct {
	pkgs        map[string]*bytes.Buffer // function bodies, by package
	funcs       int
	data, other int
	dataBytes   []byte
}

// sizesByPackage splits a wasm module's code section by the Go package of
// each function, named by the name section. Function indexes count the
// imported functions first, so the import section is read for their number.
func sizesByPackage(mod []byte) (wasmSizes, error) {
	list, indexes, err := indexedFunctionNames(mod)
	if err != nil {
		return wasmSizes{}, err
	}
	names := make(map[uint64]string, len(list))
	for i, n := range list {
		names[indexes[i]] = n
	}
	sz := wasmSizes{pkgs: map[string]*bytes.Buffer{}}
	var imported uint64
	var code []byte
	r := reader{b: mod[8:]}
	for len(r.b) > 0 && r.err == nil {
		id := r.byte()
		body := r.bytes(r.uleb())
		switch id {
		case 2: // imports: module, name, kind, then the kind's description
			s := reader{b: body}
			for range s.uleb() {
				s.bytes(s.uleb())
				s.bytes(s.uleb())
				switch s.byte() {
				case 0: // function: type index
					s.uleb()
					imported++
				case 1: // table: element type, limits
					s.byte()
					limits(&s)
				case 2: // memory: limits
					limits(&s)
				case 3: // global: value type, mutability
					s.byte()
					s.byte()
				}
			}
			if s.err != nil {
				return sz, fmt.Errorf("import section: %w", s.err)
			}
		case 10:
			code = body
		case 11:
			sz.data += len(body)
			sz.dataBytes = body
		case 0:
			// custom sections (names, build id): not shipped when stripped
		default:
			sz.other += len(body)
		}
	}
	if r.err != nil {
		return sz, r.err
	}
	if code == nil {
		return sz, errors.New("no code section")
	}
	c := reader{b: code}
	n := c.uleb()
	for i := range n {
		body := c.bytes(c.uleb())
		if c.err != nil {
			return sz, fmt.Errorf("code section, function %d: %w", i, c.err)
		}
		idx := imported + i
		pkg := "(unnamed)"
		if n, ok := names[idx]; ok {
			pkg = packageOf(n)
		}
		buf := sz.pkgs[pkg]
		if buf == nil {
			buf = new(bytes.Buffer)
			sz.pkgs[pkg] = buf
		}
		buf.Write(body)
		sz.funcs++
	}
	return sz, nil
}

// limits reads a table's or memory's limits.
func limits(r *reader) {
	if r.byte()&1 != 0 {
		r.uleb()
		r.uleb()
		return
	}
	r.uleb()
}

// packageOf returns the Go package of a function as the linker names it in
// the name section, where '/' became '_' (wasmName): the name up to its
// first '.' after the module's host name, with '_' read back as '/'. A
// type's equality and hash functions count as their type's package.
func packageOf(name string) string {
	for _, p := range []string{"type_.eq.", "type_.hash.", "go_.", "type_."} {
		if strings.HasPrefix(name, p) {
			if p == "go_." || p == "type_." {
				return p[:len(p)-1]
			}
			name = strings.TrimPrefix(name, p)
			name = strings.TrimLeft(name, "_") // a pointer type's (*T)
		}
	}
	host := 0
	for _, h := range []string{"github.com_", "golang.org_", "gopkg.in_"} {
		if strings.HasPrefix(name, h) {
			host = len(h)
		}
	}
	i := strings.IndexByte(name[host:], '.')
	if i < 0 {
		return name
	}
	return strings.ReplaceAll(name[:host+i], "_", "/")
}

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// groupOf puts a package in one of a few groups that say who can shrink
// it: the Go runtime, the engine (ours), crypto (through google/uuid), the
// URL state's DEFLATE and checksum, the rest of the standard library, other
// modules.
func groupOf(pkg string) string {
	switch {
	case pkg == "runtime" || strings.HasPrefix(pkg, "internal/runtime/") || pkg == "internal/abi" || pkg == "internal/bytealg" || pkg == "sync/atomic" || pkg == "internal/sync" || pkg == "go_" || pkg == "type_" || pkg == "(unnamed)":
		return "Go runtime (runtime, internal/runtime/*, abi, atomics)"
	case strings.HasPrefix(pkg, "github.com/commontext/commontext/") || pkg == "main":
		return "commontext (engine/*, wasm main)"
	case strings.HasPrefix(pkg, "crypto/") || pkg == "crypto" || pkg == "math/big":
		return "crypto/*"
	case pkg == "compress/flate" || pkg == "hash/crc32" || pkg == "bufio":
		return "compress/flate, hash/crc32, bufio (the URL state)"
	case strings.Contains(pkg, "."):
		return "other modules"
	}
	return "rest of the standard library"
}
