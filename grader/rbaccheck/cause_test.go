package rbaccheck

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/gradertest"
)

// TestWithPermissionNamesTheCause checks that when a valid token with
// User.Read is refused, with-permission-works says why, with the hint for
// that cause: the user never looked up, looked up under another name,
// found and the permission refused, or the token refused as invalid.
func TestWithPermissionNamesTheCause(t *testing.T) {
	tests := []struct {
		mutant string
		got    []string
		hint   string
	}{
		{"user looked up in a store of its own", []string{"401 Unauthorized", "your code never looked the user up in cfg.Users"}, hintNoLookup},
		{"user looked up by name, not sub", []string{"401 Unauthorized", `your code looked up "Grace `, "(the token's name claim)", `not the token's sub "user-`}, hintWrongKey},
		{"only the first permission looked at", []string{"403 Forbidden", `your code found user "user-`, "then refused the permission"}, hintPermission},
		{"permissions read as a space-separated string", []string{"401 Unauthorized", "your code refused the token as invalid"}, hintParsed},
		{"token read from the wrong header", []string{"401 Unauthorized", "your code answered as if no token had been sent"}, hintParsed},
		{"TokenInfo without Expiration", []string{"401 Unauthorized", "a 401 with no challenge", "token missing expiration"}, hintSDK401},
	}
	// Code that never finds the token: no mutant of its own, since it
	// fails nearly every check.
	wrongHeader := mutant{Name: "token read from the wrong header", Target: with(func(m *middleware) {
		m.bearer = func(r *http.Request) (string, bool) { return r.Header.Get("X-Token"), r.Header.Get("X-Token") != "" }
	})}
	for _, tt := range tests {
		t.Run(tt.mutant, func(t *testing.T) {
			m := gradertest.MutantNamed(t, append(mutants(), wrongHeader), tt.mutant)
			c := gradertest.Named(t, Checks(m.Target), "with-permission-works")
			r := grader.RunCheck(context.Background(), c, c.Limit())
			if r.Pass {
				t.Fatal("with-permission-works passed, want it to catch the mutant")
			}
			for _, want := range tt.got {
				if !strings.Contains(r.Got, want) {
					t.Errorf("got %q, want it to mention %q", r.Got, want)
				}
			}
			if r.Hint != tt.hint {
				t.Errorf("hint %q, want %q", r.Hint, tt.hint)
			}
		})
	}
}
