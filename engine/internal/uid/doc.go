// Package uid gives the engine its UUIDs (plan ids, calendar event UIDs)
// without linking crypto into the planner's WebAssembly.
//
// Natively, UUID is github.com/google/uuid's UUID and every function is
// that package's: the project's dependency for ids and UIDs. Built for the
// browser (js/wasm), google/uuid is not linked: importing it at all links
// crypto/rand, crypto/md5 and crypto/sha1 with the standard library's
// FIPS 140 module behind them (its DRBG, AES, SHA-2 and SHA-3), about
// 210 KB raw and 68 KB gzip of the download, for one random id per new
// plan and a SHA-1 per calendar event. There, UUID is Lite, which parses
// and prints exactly as google/uuid does, makes version 5 UUIDs with its
// own SHA-1 and version 4 UUIDs from math/rand/v2 (ChaCha8, seeded by the
// runtime from crypto.getRandomValues: a plan id must be unique, it is no
// secret). The tests hold Lite to google/uuid and the SHA-1 to crypto/sha1
// natively, byte for byte.
package uid
