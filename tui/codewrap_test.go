package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestSplitLine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name              string
		text              string
		lead, first, rest int
		want              []string
	}{
		{"fits", "return nil", 0, 20, 20, []string{"return nil"}},
		{"at spaces, the indentation kept", "    // secret would make an empty credential valid", 0, 24, 20,
			[]string{"    // secret would make", "an empty credential", "valid"}},
		{"a JSON body after its punctuation", `{"ok":false,"error":"forbidden"}`, 0, 12, 12,
			[]string{`{"ok":false,`, `"error":`, `"forbidden"}`}},
		{"a JSON body after a whole item first", `{"scope":"tools:call","id":7}`, 0, 25, 25,
			[]string{`{"scope":"tools:call",`, `"id":7}`}},
		{"an import path after its slashes", `"github.com/modelcontextprotocol/go-sdk/mcp"`, 0, 22, 22,
			[]string{`"github.com/`, `modelcontextprotocol/`, `go-sdk/mcp"`}},
		{"only a word wider than a row is cut inside", "see averyveryverylongname now", 0, 10, 10,
			[]string{"see", "averyveryv", "erylongnam", "e now"}},
		{"spaces at a cut are dropped", "one    two", 0, 5, 5, []string{"one", "two"}},
		{"a diff's + and indentation are no row by themselves", `+        w.Header().Set("Bearer")`, 1, 20, 12,
			[]string{`+        w.Header().`, `Set(`, `"Bearer")`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, r := range splitLine(tt.text, tt.lead, tt.first, tt.rest) {
				got = append(got, ansi.Cut(tt.text, r[0], r[1]))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("splitLine(%q, %d, %d, %d) = %q, want %q", tt.text, tt.lead, tt.first, tt.rest, got, tt.want)
			}
		})
	}
}

func TestWrapCode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		line  string
		width int
		lead  int
		want  []string
	}{
		{"fits", "    return nil", 20, 0, []string{"    return nil"}},
		{"code keeps its indentation", `        return fmt.Errorf("no issuer: %w", err)`, 30, 0,
			[]string{`        return fmt.Errorf("no`, `        ↪ issuer: %w", err)`}},
		{"a diff line keeps its + and its indentation", "+    // The secret comes from the environment", 30, 1,
			[]string{"+    // The secret comes from", "+    ↪ the environment"}},
		{"deep indentation gives way", strings.Repeat(" ", 24) + "if err := check(ctx, token); err != nil {", 40, 0,
			[]string{strings.Repeat(" ", 24) + "if err :=", strings.Repeat(" ", 18) + "↪ check(ctx, token);", strings.Repeat(" ", 18) + "↪ err != nil {"}},
		{"a word too wide beside the indentation takes some of it", "            http.Error(w, http.StatusInternalServerError)", 35, 0,
			[]string{"            http.Error(w,", "       ↪ http.", "       ↪ StatusInternalServerError)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapCode(tt.line, tt.width, tt.lead, continuation)
			if !slices.Equal(got, tt.want) {
				t.Errorf("wrapCode(%q, %d) =\n%q\nwant\n%q", tt.line, tt.width, got, tt.want)
			}
		})
	}
}

func TestWrapCodeKeepsColours(t *testing.T) {
	t.Parallel()
	comment := lipgloss.NewStyle().Foreground(lipgloss.Color("#8b949e")).Italic(true)
	line := "    " + comment.Render("// the secret comes from the environment, never from the code")
	rows := wrapCode(line, 30, 0, continuation)
	plain := wrapCode(ansi.Strip(line), 30, 0, continuation)
	if len(rows) < 2 || len(rows) != len(plain) {
		t.Fatalf("wrapCode gave %d coloured rows and %d plain ones", len(rows), len(plain))
	}
	for i, row := range rows {
		if got := ansi.Strip(row); got != plain[i] {
			t.Errorf("row %d reads %q coloured, %q plain", i, got, plain[i])
		}
		if !strings.Contains(row, "\x1b[3") {
			t.Errorf("row %d lost the comment's colour: %q", i, row)
		}
	}
}

// assertWrappedAtWords fails when a row of rendered code is wider than
// width, or when a row and the continuation rows under it do not read as
// a whole line of the source: cut inside a word, or wrapped with no
// marker. A continuation row must not be indented deeper than its line,
// nor, given the room, not at all. lead is the width of
// the diff's +, - or space column.
func assertWrappedAtWords(t *testing.T, rows []string, width, lead int, source []string) {
	t.Helper()
	for i, row := range rows {
		if w := ansi.StringWidth(row); w > width {
			t.Errorf("row %d is %d cells wide, want at most %d: %q", i, w, width, row)
		}
	}
	for i := 0; i < len(rows); {
		head := ansi.Cut(rows[i], lead, width)
		indent := len(head) - len(strings.TrimLeft(head, " "))
		pieces := []string{head}
		for i++; i < len(rows); i++ {
			body := ansi.Cut(rows[i], lead, width)
			rest, ok := strings.CutPrefix(strings.TrimLeft(body, " "), continuation)
			if !ok {
				break
			}
			if got := len(body) - len(strings.TrimLeft(body, " ")); got > indent || indent > 0 && got == 0 && width > 40 {
				t.Errorf("row %d is indented %d, its line %d: %q", i, got, indent, rows[i])
			}
			pieces = append(pieces, rest)
		}
		if !slices.ContainsFunc(source, func(line string) bool { return readsAs(line, pieces) }) {
			t.Errorf("no line of the source reads as these rows without a word cut in two: %q", pieces)
		}
	}
}

// readsAs reports whether the rows of a wrapped line, put back together,
// read as line, each cut falling at spaces or beside a character that
// ends no word.
func readsAs(line string, rows []string) bool {
	rest, ok := strings.CutPrefix(line, rows[0])
	if !ok {
		return false
	}
	prev := rows[0]
	for _, row := range rows[1:] {
		trimmed := strings.TrimLeft(rest, " ")
		if trimmed == rest && isWordRune(lastRune(prev)) && isWordRune([]rune(row)[0]) {
			return false
		}
		if rest, ok = strings.CutPrefix(trimmed, row); !ok {
			return false
		}
		prev = row
	}
	return strings.TrimSpace(rest) == ""
}

func lastRune(s string) rune {
	rs := []rune(s)
	return rs[len(rs)-1]
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

// TestSolutionWrapsAtWords wraps every stage's reference solution to pane
// widths from the smallest terminal's up.
func TestSolutionWrapsAtWords(t *testing.T) {
	t.Parallel()
	l := newTestLab(t)
	for _, s := range l.Course.Stages {
		src, err := l.SolutionText(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, width := range []int{35, 55, 75} {
			t.Run(fmt.Sprintf("%s/%d", s.ID, width), func(t *testing.T) {
				out := highlightGo(src, width, true, continuation)
				rows := strings.Split(ansi.Strip(out), "\n")
				rows = rows[slices.Index(rows, "")+1:] // below the file's name
				assertWrappedAtWords(t, rows, width, 0, strings.Split(expandTabs(src), "\n"))
				text := strings.ReplaceAll(ansi.Strip(out), continuation, "")
				if got, want := strings.Join(strings.Fields(text), ""), strings.Join(strings.Fields(src), ""); got != want {
					t.Errorf("the wrapped solution lost or gained text")
				}
			})
		}
	}
}

// TestDiffWrapsAtWords shows the first stage's diff on the smallest and a
// common terminal.
func TestDiffWrapsAtWords(t *testing.T) {
	t.Parallel()
	for _, sz := range []struct{ width, height int }{{60, 16}, {80, 24}} {
		t.Run(fmt.Sprintf("%dx%d", sz.width, sz.height), func(t *testing.T) {
			l := newTestLab(t)
			s := l.Course.Stages[0]
			m := newTestModel(t, l, Options{}, sz.width, sz.height)
			press(m, "d", "y")
			out := m.diff.render()
			if !strings.Contains(ansi.Strip(out), continuation) {
				t.Fatalf("no line of the diff wraps at %d cells; the test needs one:\n%s", m.diff.Width(), ansi.Strip(out))
			}
			source := strings.Split(expandTabs(readFile(t, l, s.ExerciseFile())+readFile(t, l, s.SolutionFile())), "\n")
			all := strings.Split(ansi.Strip(out), "\n")
			var rows []string // the hunks' rows, below the files' names
			for _, row := range all[slices.Index(all, "+++ "+s.SolutionFile())+1:] {
				if !strings.HasPrefix(row, "⋯") {
					rows = append(rows, row)
				}
			}
			assertWrappedAtWords(t, rows, m.diff.Width(), 1, source)
		})
	}
}
