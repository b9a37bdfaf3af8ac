package workerbuild

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goEnv runs `go env` for one variable.
func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

// TestPatchWasmExec: the patch applies to this Go's wasm_exec.js and gives
// syumai/workers' behaviour; and where this Go's runtime half is the one
// syumai/workers copied, the result is its file exactly.
func TestPatchWasmExec(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(goEnv(t, "GOROOT"), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := patchWasmExec(src, "go-test")
	if err != nil {
		t.Fatal(err)
	}
	s := string(got)
	for _, want := range []string{"async run(instance, context) {", "const globalProxy = new Proxy(globalThis, {", "[globalProxy, 5],", "// wasm_exec.js of go-test"} {
		if !strings.Contains(s, want) {
			t.Errorf("patched file lacks %q", want)
		}
	}
	if strings.Contains(s, "[globalThis, 5]") || strings.Contains(s, "async run(instance) {") {
		t.Error("patched file still has Go's run()")
	}

	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", WorkersModule).Output()
	if err != nil {
		t.Logf("cannot locate %s (%v); not comparing with its copy", WorkersModule, err)
		return
	}
	theirs, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "cmd", "workers-assets-gen", "assets", "wasm_exec_go.js"))
	if err != nil {
		t.Logf("no wasm_exec_go.js in %s: %v", out, err)
		return
	}
	body := s[strings.Index(s, "// Copyright"):]
	if body == string(theirs) {
		t.Logf("patched wasm_exec.js of %s equals syumai/workers' copy", goEnv(t, "GOVERSION"))
	} else {
		t.Logf("syumai/workers' copy of wasm_exec.js is from another Go release than %s: using Go's, patched", goEnv(t, "GOVERSION"))
	}
}

// TestPatchWasmExecRefusesUnknownFile: a wasm_exec.js whose run() changed
// fails the build instead of giving a Worker that fails at its first
// request.
func TestPatchWasmExecRefusesUnknownFile(t *testing.T) {
	for _, src := range []string{"", "\t\tasync run(instance) {\n", "async run(instance, argv) {}"} {
		if _, err := patchWasmExec([]byte(src), "go-test"); err == nil {
			t.Errorf("patched %q without error", src)
		}
	}
}

// TestCheckOut: Build replaces only a missing folder or one of its own.
func TestCheckOut(t *testing.T) {
	dir := t.TempDir()
	if err := checkOut(filepath.Join(dir, "missing")); err != nil {
		t.Errorf("missing folder: %v", err)
	}
	for _, f := range Files {
		os.WriteFile(filepath.Join(dir, f), nil, 0o644)
	}
	if err := checkOut(dir); err != nil {
		t.Errorf("previous build: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "go.mod"), nil, 0o644)
	if err := checkOut(dir); err == nil || !strings.Contains(err.Error(), "go.mod") {
		t.Errorf("folder with go.mod: %v, want a refusal naming it", err)
	}
}
