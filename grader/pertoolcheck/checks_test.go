package pertoolcheck

// The grader's own tests for stage 4. Every check runs in-process through
// grader.RunCheck, as the harness runs it. Mutants may open listeners, so no
// test here runs in parallel.

import (
	"context"
	"os"
	"testing"

	"authlab/grader/gradertest"
	starter "authlab/lessons/starters/pertool"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// stage is stage 4 under test. The starter lets every call through and
// lists every tool, so exactly the checks that need a refusal or a filtered
// list fail.
var stage = gradertest.Stage[Target]{
	Checks:   Checks,
	Deep:     Deep,
	Solution: solution,
	Starter:  Target{Protect: starter.Protect, Authorize: starter.Authorize},
	Mutants:  mutants,
	StarterFails: []string{
		"checked-every-request",
		"delete-needs-admin",
		"denied-call-is-tool-error",
		"differential",
		"list-shows-allowed-tools",
		"lower-token-lower-answers",
		"no-identity-denied",
		"unknown-tool-denied",
	},
}

// TestMain runs the tests with the garbage collector gradertest.Main sets,
// TestFailureSaysWhatCameBack in a process of its own beside the others.
func TestMain(m *testing.M) { os.Exit(gradertest.Main(m.Run, "TestFailureSaysWhatCameBack")) }

// TestStage proves stage 4's checks: the solution passes them all, the
// starter fails exactly stage.StarterFails, and every mutant is caught by
// exactly the checks meant to catch it.
func TestStage(t *testing.T) { gradertest.Prove(t, stage) }

// TestFailureSaysWhatCameBack checks that a failed result tells the learner
// what their code did, not just that it was wrong.
func TestFailureSaysWhatCameBack(t *testing.T) {
	if gradertest.RanApart(t) {
		return
	}
	stage.AssertFailuresSay(t, []gradertest.Failure{
		{Mutant: "tool runs, then its result is replaced", Check: "delete-needs-admin", Got: []string{"the tool ran", "3 before, 2 after"}, Sent: "tools/call delete_product with User.Write"},
		{Mutant: "tool runs, then its result is replaced", Check: "denied-call-is-tool-error", Got: []string{"the tool ran", "3 before, 4 after"}, Sent: "tools/call create_product with User.Read"},
		{Mutant: "denial returned as a Go error", Check: "denied-call-is-tool-error", Got: []string{"a protocol error instead of a tool error", "permission to call tool create_product"}},
		{Mutant: "denial does not name the tool", Check: "denied-call-is-tool-error", Got: []string{"does not name the tool", `"Permission denied."`}},
		{Mutant: "denial without IsError", Check: "denied-call-is-tool-error", Got: []string{"a successful result that did not come from the tool"}},
		{Mutant: "denial without IsError", Check: "unknown-tool-denied", Got: []string{"a successful result that did not come from the tool", "permission to call tool export_catalog_"}},
		{Mutant: "unlisted tool allowed", Check: "unknown-tool-denied", Got: []string{"the tool ran", "your map does not list"}, Sent: "tools/call export_catalog_"},
		{Mutant: "all-of instead of any-of", Check: "any-of-permissions", Got: []string{"a tool error", "create_product"}, Sent: "tools/call create_product with User.Write"},
		{Mutant: "tools/list unfiltered", Check: "list-shows-allowed-tools", Got: []string{"[create_product, delete_product, get_product, list_products]"}, Sent: "tools/list with Guest.Read"},
		{Mutant: "permissions cached per session", Check: "checked-every-request", Got: []string{"the tool ran"}, Sent: "tools/call delete_product with Guest.Read"},
		{Mutant: "strings.EqualFold on permissions", Check: "delete-needs-admin", Got: []string{"the tool ran"}, Sent: "tools/call delete_product with admin.write"},
		{Mutant: "strings.HasPrefix(held, required)", Check: "delete-needs-admin", Got: []string{"the tool ran"}, Sent: "tools/call delete_product with Admin.Writer"},
		{Mutant: "nil TokenInfo dereferenced", Check: "no-identity-denied", Got: []string{"your code panicked (runtime error: invalid memory address or nil pointer dereference)", "protocol error"}, Sent: "with no permissions"},
		{Mutant: "serves itself on every interface", Check: "listens-on-loopback-only", Got: []string{"your code listens on"}},
		{Mutant: "only the first permission counts", Check: "multi-permission-tokens", Got: []string{"a tool error", "delete_product"}, Sent: "Guest.Read, Admin.Write"},
		{Mutant: "filtered list cached per session", Check: "lower-token-lower-answers", Got: []string{"[create_product, delete_product, get_product, list_products]"}, Sent: "tools/list with Guest.Read after a list with Admin.Write"},
		{Mutant: "decisions cached per session and tool", Check: "lower-token-lower-answers", Got: []string{"[create_product, delete_product, get_product, list_products]"}, Sent: "tools/list with Guest.Read after a list with Admin.Write"},
		{Mutant: "slices.DeleteFunc on the map's rows", Check: "no-shared-mutation", Got: []string{"your code changed the map it was given"}},
		{Mutant: "tools/list trimmed in place", Check: "no-shared-mutation", Got: []string{"tools/list showed", "answering an earlier caller changed something"}, Sent: "after the other callers' requests"},
		{Mutant: "the request's headers logged", Check: "logs-hold-no-credentials", Got: []string{"your code printed the token"}},
		{Mutant: "strings.EqualFold on tool names", Check: "differential", Got: []string{"it shows CREATE_PRODUCT, DELETE_PRODUCT", "which the caller may not call"}, Sent: "tools/list sent instead"},
		{Mutant: "X-Permissions header trusted", Check: "differential", Got: []string{"ran: your check let the call through"}, Sent: "X-Permissions"},
		{Mutant: "_meta permissions trusted", Check: "differential", Got: []string{"your check let the call through"}, Sent: "params._meta.permissions"},
		{Mutant: "tools/list unfiltered", Check: "differential", Got: []string{"the list [", "which the caller may not call"}, Sent: "tools/list sent instead"},
		{Mutant: `"*" allows every tool`, Check: "differential", Got: []string{"the tool delete_product ran"}, Sent: `permissions set to ["*"]`},
		{Mutant: "current caller kept in a shared variable", Check: "concurrent-callers", Got: []string{"the list ["}, Sent: "other callers sent theirs at the same time"},
		{Mutant: "the map kept in a package variable", Check: "two-instances", Got: []string{"the list ["}, Sent: "to server A"},
		{Mutant: "decisions cached across servers", Check: "two-instances", Got: []string{"the list [get_product, list_products]", "did not come from the map this server's Authorize was given"}, Sent: "to server B"},
	})
}

// TestPanicIsAFailedResult runs every check against code that panics, in
// the receiving middleware on every tools/call and tools/list, and in
// Protect itself: each check that reaches it must come back failed, saying
// so, instead of crashing the grader (the go-sdk recovers nothing on the
// goroutines that handle requests; probe's lab does).
func TestPanicIsAFailedResult(t *testing.T) {
	panicking := func(map[string][]string) mcp.Middleware {
		return func(next mcp.MethodHandler) mcp.MethodHandler {
			return func(ctx context.Context, method string, req mcp.Request) (mcp.Result, error) {
				if method == "tools/call" || method == "tools/list" {
					var seen map[string]bool
					seen[method] = true // panics: assignment to entry in nil map
				}
				return next(ctx, method, req)
			}
		}
	}
	middlewarePanics := Target{Protect: func(s *mcp.Server) { s.AddReceivingMiddleware(panicking(nil)) }, Authorize: panicking}
	protectPanics := Target{
		Protect:   func(*mcp.Server) { panic("Protect is not written yet") },
		Authorize: func(map[string][]string) mcp.Middleware { panic("Protect is not written yet") },
	}
	// Every check but the last, listens-on-loopback-only, calls a tool.
	ids := gradertest.IDs(Checks(Target{}))
	calling, loopback := ids[:len(ids)-1], []string{"listens-on-loopback-only"}
	stage.AssertCrashesCaught(t, []gradertest.Crash[Target]{
		{Name: "middleware panics", Target: middlewarePanics, Checks: calling, Got: "your code panicked (assignment to entry in nil map)", MustPass: loopback},
		{Name: "Protect panics", Target: protectPanics, Checks: calling, Got: "panic: Protect is not written yet", MustPass: loopback},
	})
}
