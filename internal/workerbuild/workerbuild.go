// Package workerbuild builds the Cloudflare Worker (cmd/worker) into a
// folder that wrangler can run or deploy: app.wasm, compiled by Go for
// js/wasm, and the JavaScript shim of github.com/syumai/workers (worker.mjs,
// runtime.mjs, wasm_exec.js).
//
// The shim comes from the workers-assets-gen command of the syumai/workers
// version in go.mod, except two files. worker.mjs, the entry point, is
// cmd/worker/worker.mjs, which keeps one Go program per isolate rather than
// one per request. And wasm_exec.js, the JavaScript half
// of the Go runtime for js/wasm: its import object must match the Go release
// that compiled app.wasm, and the copy embedded in workers-assets-gen is
// whatever Go release syumai/workers last copied it from. So Build takes
// $(go env GOROOT)/lib/wasm/wasm_exec.js from the very Go that compiles the
// wasm and applies syumai/workers' one change to it (see patchWasmExec).
package workerbuild

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// WorkersModule is the module whose shim generator Build runs; its version
// is the one in go.mod.
const WorkersModule = "github.com/syumai/workers"

// Files are the files Build writes; worker.mjs is the Worker's entry point
// (main in wrangler.toml), copied from cmd/worker.
var Files = []string{"worker.mjs", "runtime.mjs", "wasm_exec.js", "app.wasm"}

// Options say what to build where.
type Options struct {
	// Root is the module root (the folder with go.mod); "." if empty.
	Root string
	// Out is the output folder, created if missing. Build replaces its
	// contents, so it refuses a folder holding files other than Files.
	Out string
	// Go is the go command ("go" if empty).
	Go string
	// Log receives the commands' output (discarded if nil).
	Log io.Writer
}

// Result describes a build.
type Result struct {
	Dir          string        // the output folder, absolute
	GoVersion    string        // of the Go that compiled app.wasm and gave wasm_exec.js
	WasmBytes    int64         // app.wasm
	WasmGzip     int64         // app.wasm gzipped (default level)
	BundleGzip   int64         // all Files gzipped, one by one: what the size limit counts, roughly
	Duration     time.Duration // of the whole build
	WasmExecFrom string        // path of the wasm_exec.js that was patched
}

// Build builds the Worker. It runs the go command, so it needs the module
// cache or the module proxy for syumai/workers.
func Build(ctx context.Context, opt Options) (*Result, error) {
	start := time.Now()
	if opt.Root == "" {
		opt.Root = "."
	}
	if opt.Go == "" {
		opt.Go = "go"
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	root, err := filepath.Abs(opt.Root)
	if err != nil {
		return nil, err
	}
	if opt.Out == "" {
		return nil, fmt.Errorf("workerbuild: no output folder")
	}
	out, err := filepath.Abs(opt.Out)
	if err != nil {
		return nil, err
	}
	if err := checkOut(out); err != nil {
		return nil, err
	}
	goCmd := func(env []string, args ...string) ([]byte, error) {
		cmd := exec.CommandContext(ctx, opt.Go, args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		var stdout bytes.Buffer
		cmd.Stdout = io.MultiWriter(&stdout, opt.Log)
		cmd.Stderr = opt.Log
		fmt.Fprintf(opt.Log, "workerbuild: %s %s\n", strings.Join(env, " "), strings.Join(cmd.Args, " "))
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("workerbuild: %s: %w", strings.Join(cmd.Args, " "), err)
		}
		return stdout.Bytes(), nil
	}

	// The shim. workers-assets-gen empties its output folder first, which
	// checkOut has made safe.
	if _, err := goCmd(nil, "run", WorkersModule+"/cmd/workers-assets-gen", "-mode=go", "-o", out); err != nil {
		return nil, err
	}
	entry, err := os.ReadFile(filepath.Join(out, "worker.mjs"))
	if err != nil {
		return nil, fmt.Errorf("workerbuild: the generator wrote no worker.mjs: %w", err)
	}
	if !bytes.Contains(entry, []byte(`import "./wasm_exec.js";`)) || !bytes.Contains(entry, []byte(`from "./runtime.mjs";`)) {
		return nil, fmt.Errorf("workerbuild: the generated worker.mjs no longer imports ./wasm_exec.js and ./runtime.mjs; check how it loads the Go runtime before replacing it and wasm_exec.js")
	}
	// The entry point: ours, which keeps one Go program per isolate
	// (see cmd/worker/worker.mjs for why).
	own, err := os.ReadFile(filepath.Join(root, "cmd", "worker", "worker.mjs"))
	if err != nil {
		return nil, fmt.Errorf("workerbuild: %w", err)
	}
	if err := os.WriteFile(filepath.Join(out, "worker.mjs"), own, 0o644); err != nil {
		return nil, err
	}

	// wasm_exec.js from the Go that compiles app.wasm.
	env, err := goCmd(nil, "env", "GOROOT", "GOVERSION")
	if err != nil {
		return nil, err
	}
	lines := strings.Fields(string(env))
	if len(lines) != 2 {
		return nil, fmt.Errorf("workerbuild: go env GOROOT GOVERSION printed %q", env)
	}
	goroot, goVersion := lines[0], lines[1]
	wasmExecFrom := filepath.Join(goroot, "lib", "wasm", "wasm_exec.js")
	src, err := os.ReadFile(wasmExecFrom)
	if err != nil {
		return nil, fmt.Errorf("workerbuild: %w", err)
	}
	patched, err := patchWasmExec(src, goVersion)
	if err != nil {
		return nil, fmt.Errorf("workerbuild: %s: %w", wasmExecFrom, err)
	}
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), patched, 0o644); err != nil {
		return nil, err
	}

	// The Worker. -trimpath and -s -w keep paths and symbols out of the
	// upload, which the 3 MB (gzip) free-plan limit counts.
	wasm := filepath.Join(out, "app.wasm")
	if _, err := goCmd([]string{"GOOS=js", "GOARCH=wasm", "CGO_ENABLED=0"},
		"build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./cmd/worker"); err != nil {
		return nil, err
	}

	res := &Result{Dir: out, GoVersion: goVersion, WasmExecFrom: wasmExecFrom}
	for _, name := range Files {
		raw, gz, err := sizes(filepath.Join(out, name))
		if err != nil {
			return nil, err
		}
		if name == "app.wasm" {
			res.WasmBytes, res.WasmGzip = raw, gz
		}
		res.BundleGzip += gz
	}
	res.Duration = time.Since(start)
	return res, nil
}

// checkOut refuses an output folder with files Build does not write, so
// that a wrong -o cannot empty a folder that matters.
func checkOut(out string) error {
	entries, err := os.ReadDir(out)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("workerbuild: %w", err)
	}
	for _, e := range entries {
		known := false
		for _, f := range Files {
			known = known || e.Name() == f
		}
		if !known {
			return fmt.Errorf("workerbuild: %s holds %s, which a Worker build does not write; refusing to replace the folder", out, e.Name())
		}
	}
	return nil
}

// patchWasmExec applies syumai/workers' change to Go's wasm_exec.js:
// Go.run takes a second argument, the request's runtime context, and the Go
// program sees it as the global "context" (package workers reads
// js.Global().Get("context") for its bindings). A Proxy over globalThis
// gives each Go instance its own context even when requests overlap. Every
// anchor must match exactly once, so a change in Go's file fails the build
// rather than giving a Worker that fails at its first request.
func patchWasmExec(src []byte, goVersion string) ([]byte, error) {
	s := string(src)
	for _, r := range []struct{ old, new string }{
		{"\t\tasync run(instance) {\n", "\t\tasync run(instance, context) {\n"},
		{
			"\t\t\tthis._inst = instance;\n\t\t\tthis.mem = new DataView(this._inst.exports.mem.buffer);\n",
			"\t\t\tthis._inst = instance;\n\t\t\tthis.mem = new DataView(this._inst.exports.mem.buffer);\n" +
				"\t\t\tconst globalProxy = new Proxy(globalThis, {\n" +
				"\t\t\t\tget(target, prop) {\n" +
				"\t\t\t\t\tif (prop === 'context') {\n" +
				"\t\t\t\t\t\treturn context;\n" +
				"\t\t\t\t\t}\n" +
				"\t\t\t\t\treturn Reflect.get(target, prop, target);\n" +
				"\t\t\t\t}\n" +
				"\t\t\t})\n",
		},
		{"\t\t\t\tfalse,\n\t\t\t\tglobalThis,\n\t\t\t\tthis,\n", "\t\t\t\tfalse,\n\t\t\t\tglobalProxy,\n\t\t\t\tthis,\n"},
		{"\t\t\t\t[globalThis, 5],\n", "\t\t\t\t[globalProxy, 5],\n"},
	} {
		if n := strings.Count(s, r.old); n != 1 {
			return nil, fmt.Errorf("patch anchor %q found %d times, want once", firstLine(r.old), n)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	header := "// wasm_exec.js of " + goVersion + " (the Go that compiled app.wasm: the two must\n" +
		"// match), with github.com/syumai/workers' change: Go.run(instance, context)\n" +
		"// exposes the request's runtime context as the global \"context\".\n" +
		"// Written by internal/workerbuild; do not edit.\n"
	return []byte(header + s), nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i] + "…"
	}
	return s
}

// sizes returns a file's size, raw and gzipped at the default level.
func sizes(path string) (raw, gz int64, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var cw countWriter
	zw := gzip.NewWriter(&cw)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		return 0, 0, err
	}
	return int64(len(b)), cw.n, nil
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
