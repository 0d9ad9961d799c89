package main

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// TestRealKoreanTUIInTmux runs the real TUI with --lang ko in an 80×24
// terminal: Korean letters take two cells, so every captured line is
// measured in display cells and must fit, in each state a learner opens.
func TestRealKoreanTUIInTmux(t *testing.T) {
	s := startTmux(t, sharedLab(t), 80, 24, binary, "--lang", "ko")
	steps := []struct {
		keys []string
		want string
	}{
		{nil, "1. 기본 인증:"},
		{[]string{"?"}, "실습 되돌리기"},
		{[]string{"?", "h"}, "힌트 1/7"},
		{[]string{"esc", "s"}, "그래도 답안을 볼까요?"},
		{[]string{"n", "2"}, "c 키로 검사를 실행하거나"},
	}
	for _, step := range steps {
		if len(step.keys) > 0 {
			s.keys(step.keys...)
		}
		screen := s.waitFor(step.want, 10*time.Second)
		lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
		if len(lines) > 24 {
			t.Errorf("after %v the screen has %d lines, the terminal 24:\n%s", step.keys, len(lines), screen)
		}
		for i, line := range lines {
			if w := ansi.StringWidth(line); w > 80 {
				t.Errorf("after %v line %d is %d cells wide, the terminal 80: %q", step.keys, i, w, line)
			}
		}
	}
	s.keys("q")
}
