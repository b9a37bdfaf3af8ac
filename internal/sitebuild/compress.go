package sitebuild

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/andybalholm/brotli"
)

// compressible are the extensions of text assets (and the wasm) that static
// hosts can serve pre-compressed (.gz, .br beside the file).
var compressible = map[string]bool{
	".html": true, ".css": true, ".js": true, ".mjs": true, ".json": true,
	".svg": true, ".xml": true, ".txt": true, ".wasm": true, ".ics": true, ".csv": true,
}

// minCompress is the size below which compression does not pay for the
// extra request metadata.
const minCompress = 1024

// precompress writes name.gz and name.br beside every compressible file of
// dest that is at least minCompress bytes, using both cores. Compressed
// copies are kept in cache (a folder, "" for none) by the SHA-256 of the
// content and the settings, so a file that did not change since an earlier
// build is never compressed again: the 4 MB planner.wasm alone takes about
// a second of brotli.
func precompress(dest, cache string) error {
	var files []string
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !compressible[strings.ToLower(filepath.Ext(p))] {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() >= minCompress {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c := compressCache(cache)
	work := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for p := range work {
				if err := c.compressFile(p); err != nil {
					errs <- err
				}
			}
		})
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil { // nil when the channel is empty
		return err
	}
	return c.prune(maxCache)
}

// compressSettings names the compression settings; it is part of every
// cache key, so changing compress below must change it.
const compressSettings = "gzip-9 brotli-11 (9 above 512 KiB) v1"

// maxCache bounds the compressed-copy cache: past it, the entries least
// recently used go first.
const maxCache = 64 << 20

// compressCache is a folder of compressed copies named by the SHA-256 of
// the settings and the content: HASH.gz and HASH.br. An entry is written
// to a temporary name and renamed, so concurrent builds never see half a
// file; its modification time is its last use.
type compressCache string

func (c compressCache) compressFile(p string) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var key string
	if c != "" {
		h := sha256.New()
		h.Write([]byte(compressSettings))
		h.Write([]byte{0})
		h.Write(src)
		key = filepath.Join(string(c), hex.EncodeToString(h.Sum(nil)))
		gz, errGz := os.ReadFile(key + ".gz")
		br, errBr := os.ReadFile(key + ".br")
		if errGz == nil && errBr == nil {
			now := time.Now()
			os.Chtimes(key+".gz", now, now)
			os.Chtimes(key+".br", now, now)
			return writeCompressed(p, gz, br)
		}
	}
	gz, br, err := compress(src)
	if err != nil {
		return fmt.Errorf("pre-compressing %s: %w", p, err)
	}
	if err := writeCompressed(p, gz, br); err != nil {
		return err
	}
	if c != "" {
		// A cache that cannot be written only makes the next build slower.
		if os.MkdirAll(string(c), 0o755) == nil {
			writeAtomic(key+".gz", gz)
			writeAtomic(key+".br", br)
		}
	}
	return nil
}

// prune removes the least recently used entries while the cache holds more
// than limit bytes.
func (c compressCache) prune(limit int64) error {
	if c == "" {
		return nil
	}
	entries, err := os.ReadDir(string(c))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	type entry struct {
		name string
		size int64
		used time.Time
	}
	var all []entry
	var total int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || info.IsDir() {
			continue
		}
		all = append(all, entry{e.Name(), info.Size(), info.ModTime()})
		total += info.Size()
	}
	slices.SortFunc(all, func(a, b entry) int { return a.used.Compare(b.used) })
	for _, e := range all {
		if total <= limit {
			break
		}
		os.Remove(filepath.Join(string(c), e.name))
		total -= e.size
	}
	return nil
}

// compress returns src gzipped and brotli-compressed, each at its best.
func compress(src []byte) (gz, br []byte, err error) {
	var gzb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gzb, gzip.BestCompression)
	if _, err := zw.Write(src); err != nil {
		return nil, nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, nil, err
	}
	var brb bytes.Buffer
	// Quality 11 is the best and slowest; the wasm is large, so it gets 9.
	q := brotli.BestCompression
	if len(src) > 512<<10 {
		q = 9
	}
	bw := brotli.NewWriterLevel(&brb, q)
	if _, err := bw.Write(src); err != nil {
		return nil, nil, err
	}
	if err := bw.Close(); err != nil {
		return nil, nil, err
	}
	return gzb.Bytes(), brb.Bytes(), nil
}

func writeCompressed(p string, gz, br []byte) error {
	if err := os.WriteFile(p+".gz", gz, 0o644); err != nil {
		return fmt.Errorf("pre-compressing %s: %w", p, err)
	}
	if err := os.WriteFile(p+".br", br, 0o644); err != nil {
		return fmt.Errorf("pre-compressing %s: %w", p, err)
	}
	return nil
}

// writeAtomic writes b to path through a temporary file in the same folder.
func writeAtomic(path string, b []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
