package testneed

import "testing"

// TestRequired: one rule for every test that needs a tool (issue 12: CI=true
// did not make the browser tests required, and COMMONTEXT_REQUIRE_BROWSER=0
// counted as required).
func TestRequired(t *testing.T) {
	for _, tt := range []struct {
		require, ci string
		want        bool
	}{
		{"", "", false},
		{"", "true", true},
		{"", "false", false},
		{"1", "", true},
		{"true", "", true},
		{"0", "", false},
		{"0", "true", false},
		{"false", "true", false},
		{"yes please", "", true},
	} {
		t.Setenv(Env, tt.require)
		t.Setenv("CI", tt.ci)
		if got := Required(); got != tt.want {
			t.Errorf("%s=%q CI=%q: Required() = %v, want %v", Env, tt.require, tt.ci, got, tt.want)
		}
	}
}
