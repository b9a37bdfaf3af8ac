// Package testneed decides, in one place, what a test does when this
// machine lacks a tool it needs (Chromium, axe-core, Node, wrangler): it
// skips with a message saying what to install, or, where the tests must
// run (CI), it fails. The browser tests and the Worker tests follow this
// one rule.
//
// The rule: COMMONTEXT_REQUIRE_BROWSER=1 (or true) makes a missing tool a
// failure and COMMONTEXT_REQUIRE_BROWSER=0 (or false) a skip; without it,
// CI=true makes it a failure. Any other value of the variable is a failure
// too, so that a typo cannot turn required tests into skipped ones.
package testneed

import (
	"os"
	"strconv"
	"testing"
)

// Env names the variable that makes a missing tool a failure.
const Env = "COMMONTEXT_REQUIRE_BROWSER"

// Required reports whether a missing tool is a failure rather than a skip.
func Required() bool {
	if v, ok := os.LookupEnv(Env); ok && v != "" {
		b, err := strconv.ParseBool(v)
		return b || err != nil
	}
	return os.Getenv("CI") == "true"
}

// Missing ends the test for a missing tool: a skip whose message starts
// with "SKIP:" (make test lists these), or a failure when Required.
func Missing(t testing.TB, what string) {
	t.Helper()
	if Required() {
		t.Fatalf("%s (required: %s=1 or CI=true; set %s=0 to skip)", what, Env, Env)
	}
	t.Skipf("SKIP: %s (set %s=1 to make this a failure)", what, Env)
}
