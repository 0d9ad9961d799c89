package tui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"authlab/internal/i18n"
)

// useKorean speaks Korean for the rest of the test, and English after. The
// language is the process's, so a test that calls it must not run in
// parallel: tests that do run only after it has ended.
func useKorean(t *testing.T) {
	t.Helper()
	i18n.Use(i18n.Korean)
	t.Cleanup(func() { i18n.Use(i18n.English) })
}

// TestKoreanFitsAt80x24 lays the TUI out in Korean, whose letters take two
// cells each, in every state a learner meets: no line may be wider than the
// terminal in display cells (ansi.StringWidth), nor the screen taller.
func TestKoreanFitsAt80x24(t *testing.T) {
	useKorean(t)
	l := newTestLab(t)
	states := []struct {
		name string
		keys []string
		want []string // texts the screen shows, in Korean
	}{
		{"start", nil, []string{"단계 ", "레슨", "검사", "답안", "e 편집", "q 종료", "감시 끔"}},
		{"full help", []string{"?"}, []string{"실습 되돌리기", "이전 단계", "단계 목록으로"}},
		{"hint", []string{"h"}, []string{"힌트 1/7", "할 일은 두 가지"}},
		{"confirm dialog", []string{"s"}, []string{"그래도 답안을 볼까요?", "y 예", "n 아니요"}},
		{"checks tab", []string{"2"}, []string{"c 키로 검사를 실행하거나"}},
		{"solution hidden", []string{"3"}, []string{"모범 답안은 숨겨 둡니다"}},
		{"solution", []string{"s", "y"}, []string{"모범 답안"}},
		{"diff", []string{"d", "y"}, []string{"- 줄은 내 코드"}},
		{"reset dialog", []string{"?", "h", "r"}, []string{"시작 코드로 되돌릴까요?"}},
		{"running", []string{"c"}, []string{"코드 컴파일 중"}},
	}
	for _, st := range states {
		for _, sz := range []struct{ width, height int }{{80, 24}, {60, 16}} {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, sz.width, sz.height), func(t *testing.T) {
				m := newTestModel(t, l, Options{}, sz.width, sz.height)
				press(m, st.keys...)
				assertFits(t, m)
				if sz.width == 80 {
					assertContains(t, m, st.want...)
				}
			})
		}
	}
}

// TestKoreanFailureCard shows a failed check in Korean at 80×24: the card's
// labels are Korean, every line fits, and each value starts in the column
// after its label whatever the label's width.
func TestKoreanFailureCard(t *testing.T) {
	useKorean(t)
	l := newTestLab(t)
	m := newTestModel(t, l, Options{}, 80, 24)
	press(m, "c")
	m.Update(runDoneMsg{run: m.run.id, report: syntheticReport(l, false)})
	assertFits(t, m)
	assertContains(t, m, "보낸 요청", "기대한 결과", "결과(내 코드)", "힌트")
	card := ansi.Strip(m.checks.render().text)
	column := -1
	for _, line := range strings.Split(card, "\n") {
		for _, value := range []string{"GET /mcp", "403 Forbidden", "200 OK"} {
			i := strings.Index(line, value)
			if i < 0 {
				continue
			}
			if c := ansi.StringWidth(line[:i]); column < 0 {
				column = c
			} else if c != column {
				t.Errorf("%q starts at cell %d, the other values at %d:\n%s", value, c, column, card)
			}
		}
	}
	if column < 0 {
		t.Fatalf("the card shows no value:\n%s", card)
	}
}

// TestKoreanTooSmall says so in Korean, centred, within the terminal.
func TestKoreanTooSmall(t *testing.T) {
	useKorean(t)
	m := newTestModel(t, newTestLab(t), Options{}, 50, 10)
	assertContains(t, m, "터미널이 너무 작습니다", "60×16", "50×10")
	assertFits(t, m)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	assertLacks(t, m, "터미널이 너무 작습니다")
}

// TestKoreanCheckNamesFit lists every stage's checks in Korean on the
// smallest and the usual terminal: each name is translated, wraps within
// the pane, and breaks only between words or after a hyphen (WWW-
// Authenticate), so none is cut or split.
func TestKoreanCheckNamesFit(t *testing.T) {
	useKorean(t)
	l := newTestLab(t)
	for _, sz := range []struct{ width, height int }{{80, 24}, {60, 16}} {
		m := newTestModel(t, l, Options{}, sz.width, sz.height)
		for i, s := range l.Course.Stages {
			if i > 0 {
				press(m, "n")
			}
			if m.stage.ID != s.ID {
				t.Fatalf("%dx%d: stage on show is %s, want %s", sz.width, sz.height, m.stage.ID, s.ID)
			}
			list := ansi.Strip(m.checks.render().text)
			for n, line := range strings.Split(list, "\n") {
				if w := ansi.StringWidth(line); w > m.checks.Width() {
					t.Errorf("%s %dx%d: line %d of the check list is %d cells wide, the pane has %d: %q", s.ID, sz.width, sz.height, n, w, m.checks.Width(), line)
				}
			}
			flatList := joinHyphens(flat(list))
			for _, c := range append(m.checks.state.checks, m.checks.state.deepChecks...) {
				if !strings.ContainsFunc(c.Name, func(r rune) bool { return r >= '가' && r <= '힣' }) {
					t.Errorf("%s: check %s is not in Korean: %q", s.ID, c.ID, c.Name)
				}
				if !strings.Contains(flatList, joinHyphens(flat(c.Name))) {
					t.Errorf("%s %dx%d: check %s's name is cut or split inside a word:\n%s", s.ID, sz.width, sz.height, c.ID, list)
				}
			}
		}
	}
}

// joinHyphens undoes a line break after a hyphen in flattened text.
func joinHyphens(s string) string { return strings.ReplaceAll(s, "- ", "-") }
