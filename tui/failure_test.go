package tui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapWords(t *testing.T) {
	t.Parallel()
	race := "Note: the race detector cannot run on this machine (go: -race requires cgo; enable cgo by setting CGO_ENABLED=1)."
	tests := []struct {
		text  string
		width int
		whole []string // words no line may break
	}{
		{race, 55, []string{"-race", "CGO_ENABLED=1)."}},
		{race, 60, []string{"-race", "CGO_ENABLED=1)."}},
		{race, 85, []string{"-race", "CGO_ENABLED=1)."}},
		{"at exercises/basicauth/auth.go:57 and exercises/pertool/middleware.go:123", 40,
			[]string{"exercises/basicauth/auth.go:57", "exercises/pertool/middleware.go:123"}},
		{"a word wider than the width: abcdefghijklmnopqrstuvwxyz", 10, nil},
	}
	for _, tt := range tests {
		got := wrapWords(tt.text, tt.width)
		for _, line := range strings.Split(got, "\n") {
			if w := ansi.StringWidth(line); w > tt.width {
				t.Errorf("width %d: line %q is %d cells wide", tt.width, line, w)
			}
		}
		if strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(tt.text), "") {
			t.Errorf("width %d: wrapping changed the text:\n%s", tt.width, got)
		}
		for _, word := range tt.whole {
			if !strings.Contains(got, word) {
				t.Errorf("width %d: %q was broken:\n%s", tt.width, word, got)
			}
		}
	}
}

// TestDetailWrapsAtPunctuation shows a failure whose Detail is a raw JSON
// body, one long line without a space: it wraps after its commas and
// colons, never inside a key or a value.
func TestDetailWrapsAtPunctuation(t *testing.T) {
	t.Parallel()
	body := `{"jsonrpc":"2.0","id":17,"error":{"code":-32600,"message":"insufficient_scope","data":{"required":"tools:call","granted":"tools:list"}}}`
	l := newTestLab(t)
	for _, sz := range sizes {
		t.Run(fmt.Sprintf("%dx%d", sz.width, sz.height), func(t *testing.T) {
			m := newTestModel(t, l, Options{}, sz.width, sz.height)
			press(m, "c")
			rep := syntheticReport(l, false)
			rep.Checks[0].Detail = body
			m.Update(runDoneMsg{run: m.run.id, report: rep})
			card := ansi.Strip(m.checks.render().text)
			for _, word := range regexp.MustCompile(`"[^"]*"|-?\d+`).FindAllString(body, -1) {
				if !strings.Contains(card, word) {
					t.Errorf("%s was cut in two:\n%s", word, card)
				}
			}
		})
	}
}
