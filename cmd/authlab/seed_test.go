package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// queryTokenBug makes stage 1's solution also accept the secret as
// ?access_token=, which the MCP specification forbids: a bug only the
// differential check finds.
const queryTokenBug = `		if q := r.URL.Query().Get("access_token"); q != "" && equalDigests(q, want) {
			next.ServeHTTP(w, r)
			return
		}
`

// sessionID matches the session id the server issued: it is the server's
// own random choice, not part of the variant the seed draws.
var sessionID = regexp.MustCompile(`(Mcp-Session-Id: )\S+`)

// checkBlock returns the lines `check` printed for the check with the given
// id: its mark line and its details, up to the next check.
func checkBlock(out, id string) string {
	var block []string
	in := false
	for _, line := range strings.Split(out, "\n") {
		isMark := strings.HasPrefix(line, "  ✓ ") || strings.HasPrefix(line, "  ✗ ")
		switch {
		case isMark && strings.HasPrefix(line[len("  ✓ "):], id+" "):
			in = true
		case in && (isMark || strings.TrimSpace(line) == ""):
			return strings.Join(block, "\n")
		}
		if in {
			block = append(block, line)
		}
	}
	return strings.Join(block, "\n")
}

// assertSeedReplays puts a bug only the differential check finds into
// stage 1's exercise in labDir and checks it twice with one seed: both runs
// must report the same shrunk variant, and say the deep checks wait.
func assertSeedReplays(t *testing.T, labDir string) {
	t.Helper()
	solution, err := os.ReadFile(filepath.Join(labDir, "solutions", "basicauth", "auth.go"))
	if err != nil {
		t.Fatal(err)
	}
	anchor := "\t\theader := r.Header.Get(\"Authorization\")\n"
	if !strings.Contains(string(solution), anchor) {
		t.Fatalf("the solution has no line %q to put the bug before", anchor)
	}
	buggy := strings.Replace(string(solution), anchor, queryTokenBug+anchor, 1)
	editFile(t, labDir, "exercises/basicauth/auth.go", []byte(buggy))

	var blocks []string
	for range 2 {
		out, _, code := run(t, labDir, "check", "basic-auth", "--seed", "777")
		if code != 1 {
			t.Fatalf("check --seed 777 on the bug: exit %d, want 1\n%s", code, out)
		}
		if n := strings.Count(out, "  ✗ "); n != 1 || !strings.Contains(out, "  ✗ differential ") {
			t.Fatalf("want only the differential check to fail, %d failed:\n%s", n, out)
		}
		for _, want := range []string{"`authlab check basic-auth --seed 777` sends the same ones again.", fmt.Sprintf("Deep checks (%d): not run yet.", stageOneDeepChecks(t))} {
			if !strings.Contains(out, want) {
				t.Errorf("check --seed 777 lacks %q:\n%s", want, out)
			}
		}
		block := checkBlock(out, "differential")
		if !strings.Contains(block, "sent:") || !strings.Contains(block, "access_token") {
			t.Fatalf("the differential check does not show the shrunk variant with access_token:\n%s", out)
		}
		blocks = append(blocks, sessionID.ReplaceAllString(block, "${1}<session>"))
	}
	if blocks[0] != blocks[1] {
		t.Errorf("the same seed reported two different variants:\n%s\n---\n%s", blocks[0], blocks[1])
	}
}
