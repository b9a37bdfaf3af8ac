package sitebuild

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

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
// dest that is at least minCompress bytes, using both cores.
func precompress(dest string) error {
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
	work := make(chan string)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				if err := compressFile(p); err != nil {
					errs <- err
				}
			}
		}()
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs // nil when the channel is empty
}

func compressFile(p string) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(src); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	var br bytes.Buffer
	// Quality 11 is the best and slowest; the wasm is large, so it gets 9.
	q := brotli.BestCompression
	if len(src) > 512<<10 {
		q = 9
	}
	bw := brotli.NewWriterLevel(&br, q)
	if _, err := io.Copy(bw, bytes.NewReader(src)); err != nil {
		return err
	}
	if err := bw.Close(); err != nil {
		return err
	}
	for ext, b := range map[string][]byte{".gz": gz.Bytes(), ".br": br.Bytes()} {
		if err := os.WriteFile(p+ext, b, 0o644); err != nil {
			return fmt.Errorf("pre-compressing %s: %w", p, err)
		}
	}
	return nil
}
