package sitebuild

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// wasmStamp summarises everything the planner's WebAssembly is built from
// that can change between two builds in this folder: every Go file of the
// module, go.mod and go.sum (name, size and modification time), the go
// command found on PATH, and the environment variables that change what
// it builds. When the stamp kept beside the wasm matches, the build skips
// running go (whose own up-to-date check costs a few hundred milliseconds
// on a busy 2-core machine): a build with no Go change then spends its
// time in Hugo.
func wasmStamp(root, goBin string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "go %s\n", goBin)
	if info, err := os.Stat(goBin); err == nil {
		fmt.Fprintf(h, "%d %d\n", info.Size(), info.ModTime().UnixNano())
	}
	for _, v := range []string{"GOFLAGS", "GOEXPERIMENT", "GOTOOLCHAIN", "GOROOT", "GOPATH", "GOWORK", "GOWASM"} {
		fmt.Fprintf(h, "%s=%s\n", v, os.Getenv(v))
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules" || name == "testdata" ||
				p == filepath.Join(root, "public") || p == filepath.Join(root, "assets") || p == filepath.Join(root, "content") ||
				p == filepath.Join(root, "resources") || p == filepath.Join(root, "build")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") && name != "go.mod" && name != "go.sum" && name != "go.work" {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		fmt.Fprintf(h, "%s %d %d\n", rel, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// wasmUpToDate reports whether the files buildWasm writes exist and were
// made from what stamp summarises.
func wasmUpToDate(gen, stamp string) bool {
	old, err := os.ReadFile(filepath.Join(gen, "wasm", "planner.stamp"))
	if err != nil || string(old) != stamp {
		return false
	}
	for _, f := range []string{filepath.Join(gen, "wasm", "planner.wasm"), filepath.Join(gen, "js", "wasm_exec.js")} {
		if _, err := os.Stat(f); err != nil {
			return false
		}
	}
	return true
}
