package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"authlab/internal/labcopy"
)

// codeBlocks returns the fenced code blocks of a Markdown text, each with
// its language.
func codeBlocks(markdown string) (langs, blocks []string) {
	lines := strings.SplitAfter(markdown, "\n")
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(strings.TrimRight(lines[i], "\n"), "```")
		if !ok {
			continue
		}
		var b strings.Builder
		for i++; i < len(lines) && strings.TrimRight(lines[i], "\n") != "```"; i++ {
			b.WriteString(lines[i])
		}
		langs, blocks = append(langs, lang), append(blocks, b.String())
	}
	return langs, blocks
}

// TestCIExamplesMatchTheirFiles keeps the CI examples the README shows
// equal to the files teachers copy, and makes sure they build the binary
// (go run turns every exit code into 1) and write the JUnit report.
func TestCIExamplesMatchTheirFiles(t *testing.T) {
	root := labcopy.Root(t)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	langs, blocks := codeBlocks(string(readme))
	tests := []struct {
		file string
		want []string
	}{
		{"docs/ci/github-actions.yml", []string{"run: go build -o authlab ./cmd/authlab", "run: ./authlab check --all --junit authlab-junit.xml", "actions/upload-artifact"}},
		{"docs/ci/gitlab-ci.yml", []string{"- go build -o authlab ./cmd/authlab", "- ./authlab check --all --junit authlab-junit.xml", "junit: authlab-junit.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(tt.file)))
			if err != nil {
				t.Fatal(err)
			}
			file := string(b)
			shown := false
			for i, block := range blocks {
				shown = shown || langs[i] == "yaml" && block == file
			}
			if !shown {
				t.Errorf("README.md has no ```yaml block equal to %s: copy the file into the README", tt.file)
			}
			for _, want := range tt.want {
				if !strings.Contains(file, want) {
					t.Errorf("%s lacks %q", tt.file, want)
				}
			}
		})
	}
}

// TestREADMENeverGradesThroughGoRun catches a CI example that runs the
// checks with go run, which reports a lab that could not run (exit 3) as
// a failed check (exit 1).
func TestREADMENeverGradesThroughGoRun(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(labcopy.Root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, blocks := codeBlocks(string(readme))
	for _, block := range blocks {
		for _, line := range strings.Split(block, "\n") {
			if strings.Contains(line, "go run ./cmd/authlab check") {
				t.Errorf("README.md grades with %q: build the binary (go build -o authlab ./cmd/authlab) and run ./authlab check", strings.TrimSpace(line))
			}
		}
	}
}

// TestREADMEListsEveryCommandAsUsageDoes keeps the README's command table
// in step with the flags each command takes.
func TestREADMEListsEveryCommandAsUsageDoes(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(labcopy.Root(t), "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range commands {
		want := "| `authlab " + cmd.name + " " + strings.ReplaceAll(cmd.args, "|", `\|`) + "` |"
		if !strings.Contains(string(readme), want) {
			t.Errorf("README.md's command table lacks the row %q", want)
		}
	}
}
