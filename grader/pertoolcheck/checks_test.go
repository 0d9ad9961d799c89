package pertoolcheck

// The grader's own tests for stage 4. Every check runs in-process through
// grader.RunCheck, as the harness runs it. Mutants may open listeners, so no
// test here runs in parallel.

import (
	"context"
	"strings"
	"testing"

	"authlab/grader"
	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/pertool"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// runAll runs every check against target, in order, and returns the results
// by check id.
func runAll(t *testing.T, target Target) map[string]grader.CheckResult {
	t.Helper()
	return gradertest.RunAll(t, Checks(target))
}

// checkIDs returns the ids of Checks, in order.
func checkIDs() []string { return gradertest.IDs(Checks(Target{})) }

// TestStage proves stage 4's checks: the solution passes them all; the
// starter lets every call through and lists every tool, so exactly the
// checks that need a refusal or a filtered list fail; and every mutant is
// caught by exactly the checks meant to catch it.
func TestStage(t *testing.T) {
	gradertest.Prove(t, gradertest.Stage[Target]{
		Checks: Checks, Solution: solution, Starter: Target{Protect: starter.Protect}, Mutants: mutants,
		StarterFails: []string{
			"checked-every-request",
			"delete-needs-admin",
			"denied-call-is-tool-error",
			"list-shows-allowed-tools",
			"no-identity-denied",
			"unknown-tool-denied",
		},
	})
}

func checkNamed(t *testing.T, target Target, id string) grader.Check {
	t.Helper()
	return gradertest.Named(t, Checks(target), id)
}

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	tests := []struct {
		mutant, check string
		got           []string // substrings of the result's Got
		sent          string   // substring of the result's Sent, if set
	}{
		{"tool runs, then its result is replaced", "delete-needs-admin", []string{"the tool ran", "3 before, 2 after"}, "tools/call delete_product with User.Write"},
		{"tool runs, then its result is replaced", "denied-call-is-tool-error", []string{"the tool ran", "3 before, 4 after"}, "tools/call create_product with User.Read"},
		{"denial returned as a Go error", "denied-call-is-tool-error", []string{"a protocol error instead of a tool error", "permission to call tool create_product"}, ""},
		{"denial does not name the tool", "denied-call-is-tool-error", []string{"does not name the tool", `"Permission denied."`}, ""},
		{"denial without IsError", "denied-call-is-tool-error", []string{"a successful result that did not come from the tool"}, ""},
		{"denial without IsError", "unknown-tool-denied", []string{"a successful result that did not come from the tool", "permission to call tool export_catalog_"}, ""},
		{"unlisted tool allowed", "unknown-tool-denied", []string{"the tool ran", "your map does not list"}, "tools/call export_catalog_"},
		{"all-of instead of any-of", "any-of-permissions", []string{"a tool error", "create_product"}, "tools/call create_product with User.Write"},
		{"tools/list unfiltered", "list-shows-allowed-tools", []string{"[create_product, delete_product, get_product, list_products]"}, "tools/list with Guest.Read"},
		{"permissions cached per session", "checked-every-request", []string{"the tool ran"}, "tools/call delete_product with Guest.Read"},
		{"strings.EqualFold on permissions", "delete-needs-admin", []string{"the tool ran"}, "tools/call delete_product with admin.write"},
		{"strings.HasPrefix(held, required)", "delete-needs-admin", []string{"the tool ran"}, "tools/call delete_product with Admin.Writer"},
		{"nil TokenInfo dereferenced", "no-identity-denied", []string{"your code panicked (runtime error: invalid memory address or nil pointer dereference)", "protocol error"}, "with no permissions"},
		{"serves itself on every interface", "listens-on-loopback-only", []string{"your code listens on"}, ""},
	}
	for _, tt := range tests {
		if tt.check == "listens-on-loopback-only" && !gradertest.SocketsVisible {
			continue
		}
		m := gradertest.MutantNamed(t, mutants(), tt.mutant)
		var r grader.CheckResult
		if tt.check == "listens-on-loopback-only" {
			// It sees what the checks before it made the mutant open.
			r = runAll(t, m.Target)[tt.check]
		} else {
			r = grader.RunCheck(context.Background(), checkNamed(t, m.Target, tt.check), grader.CheckDeadline)
		}
		if m.Cleanup != nil {
			m.Cleanup()
		}
		if r.Pass {
			t.Errorf("%s: check %s passed, want it to catch the mutant", tt.mutant, tt.check)
			continue
		}
		for _, want := range tt.got {
			if !strings.Contains(r.Got, want) {
				t.Errorf("%s: check %s got %q, want it to mention %q", tt.mutant, tt.check, r.Got, want)
			}
		}
		if !strings.Contains(r.Sent, tt.sent) {
			t.Errorf("%s: check %s sent %q, want it to name the request that showed the bug, %q", tt.mutant, tt.check, r.Sent, tt.sent)
		}
	}
}

// TestPanicIsAFailedResult runs every check against code that panics, in
// the receiving middleware on every tools/call and tools/list, and in
// Protect itself: each check that reaches it must come back failed, saying
// so, instead of crashing the grader (the go-sdk recovers nothing on the
// goroutines that handle requests; probe's lab does).
func TestPanicIsAFailedResult(t *testing.T) {
	middlewarePanics := Target{Protect: func(s *mcp.Server) {
		s.AddReceivingMiddleware(func(next mcp.MethodHandler) mcp.MethodHandler {
			return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
				if method == "tools/call" || method == "tools/list" {
					var seen map[string]bool
					seen[method] = true // panics: assignment to entry in nil map
				}
				return next(ctx, method, req)
			}
		})
	}}
	protectPanics := Target{Protect: func(*mcp.Server) { panic("Protect is not written yet") }}
	// Every check but the last, listens-on-loopback-only, calls a tool.
	ids := checkIDs()
	calling := ids[:len(ids)-1]
	tests := []struct {
		name   string
		target Target
		checks []string // the checks that reach the panicking code
		got    string   // in the Got of each of them
	}{
		{"middleware panics", middlewarePanics, calling, "your code panicked (assignment to entry in nil map)"},
		{"Protect panics", protectPanics, calling, "panic: Protect is not written yet"},
	}
	for _, tt := range tests {
		results := runAll(t, tt.target)
		for _, id := range tt.checks {
			r := results[id]
			switch {
			case r.Pass:
				t.Errorf("%s: check %s passed, want it to catch the panic", tt.name, id)
			case !strings.Contains(r.Got, tt.got):
				t.Errorf("%s: check %s got %q, want it to mention %q", tt.name, id, r.Got, tt.got)
			}
		}
		if r := results["listens-on-loopback-only"]; !r.Pass {
			t.Errorf("%s: check listens-on-loopback-only failed: %s", tt.name, gradertest.Describe(r))
		}
	}
}
