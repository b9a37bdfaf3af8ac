package sitebuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// The service worker (static/sw.js, published as sw.js at the site's
// root) keeps the site for offline reading. Its version must change
// whenever any file of the site changes, or browsers would keep serving
// the old copy; so the build stamps it with a hash of every file written,
// and lists those files in offline.json for the worker to fetch.
const (
	swFile          = "sw.js"
	offlineList     = "offline.json"
	versionMarker   = "__COMMONTEXT_VERSION__"
	versionHexChars = 16
)

// writeOffline lists the files of dest in offline.json (as URLs relative
// to the site's root: a page "guide/x/index.html" as "guide/x/") and
// stamps sw.js with their hash. It runs before pre-compression, so that
// neither the .gz/.br files nor the two files it writes are in the list.
func writeOffline(dest string) error {
	swPath := filepath.Join(dest, swFile)
	sw, err := os.ReadFile(swPath)
	if err != nil {
		return fmt.Errorf("offline copy: %w", err)
	}
	if !bytes.Contains(sw, []byte(versionMarker)) {
		return fmt.Errorf("offline copy: %s has no %s to stamp", swPath, versionMarker)
	}
	var files []string
	err = filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dest, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if offlineSkip(rel) {
			return nil
		}
		files = append(files, rel)
		return nil
	})
	if err != nil {
		return fmt.Errorf("offline copy: %w", err)
	}
	slices.Sort(files)
	h := sha256.New()
	urls := make([]string, 0, len(files))
	for _, rel := range files {
		b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			return fmt.Errorf("offline copy: %w", err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(b))
		h.Write(b)
		urls = append(urls, offlineURL(rel))
	}
	version := hex.EncodeToString(h.Sum(nil))[:versionHexChars]
	list, err := json.Marshal(urls)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dest, offlineList), list, 0o644); err != nil {
		return fmt.Errorf("offline copy: %w", err)
	}
	return os.WriteFile(swPath, bytes.ReplaceAll(sw, []byte(versionMarker), []byte(version)), 0o644)
}

// offlineSkip reports the files a reader never requests: pre-compressed
// copies, host configuration (_headers, dot files), crawler files, and
// the worker's own two.
func offlineSkip(rel string) bool {
	switch rel {
	case swFile, offlineList, "_headers", "robots.txt", "sitemap.xml":
		return true
	}
	return strings.HasPrefix(path.Base(rel), ".") || strings.HasSuffix(rel, ".gz") || strings.HasSuffix(rel, ".br")
}

// offlineURL is the URL by which pages link to a file: a folder's
// index.html by the folder.
func offlineURL(rel string) string {
	if path.Base(rel) == "index.html" {
		return strings.TrimSuffix(rel, "index.html")
	}
	return rel
}
