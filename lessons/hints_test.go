package lessons

import (
	"bufio"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

// rung is a hint's place on a stage's ladder: what the idea is, then which
// API does it (with a link to its documentation), then the code itself.
type rung int

const (
	conceptRung rung = iota
	apiRung
	codeRung
)

func (r rung) String() string { return [...]string{"concept", "API", "code"}[r] }

var (
	// linkPattern finds the links in a hint; a closing parenthesis or
	// punctuation right after one is the sentence's, not the link's.
	linkPattern = regexp.MustCompile(`https?://[^\s)]+[^\s).,;:]`)
	// codePattern finds code: a call (a name right before a parenthesis),
	// a composite literal, a short variable declaration, or a fenced block.
	codePattern = regexp.MustCompile("[\\w\\]]\\(|[\\w\\]]\\{|\\{\"|:=|```")
)

// linkHosts are the documentation sites a hint may link to.
var linkHosts = map[string]bool{
	"pkg.go.dev":                 true,
	"www.rfc-editor.org":         true,
	"datatracker.ietf.org":       true,
	"modelcontextprotocol.io":    true,
	"cheatsheetseries.owasp.org": true,
}

// classify says which rung a hint stands on.
func classify(hint string) rung {
	switch {
	case codePattern.MatchString(hint):
		return codeRung
	case linkPattern.MatchString(hint):
		return apiRung
	default:
		return conceptRung
	}
}

// requiredModules reads the module paths go.mod requires.
func requiredModules(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var mods []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "require (":
			in = true
		case line == ")":
			in = false
		case in && line != "":
			mods = append(mods, strings.Fields(line)[0])
		case strings.HasPrefix(line, "require "):
			mods = append(mods, strings.Fields(line)[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return mods
}

// documented reports whether a pkg.go.dev import path is in the standard
// library or in a module the lab requires, so a hint never sends the
// learner to a package the lab does not use.
func documented(importPath string, mods []string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	if !strings.Contains(first, ".") {
		return true
	}
	for _, m := range mods {
		if importPath == m || strings.HasPrefix(importPath, m+"/") {
			return true
		}
	}
	return false
}

func TestClassify(t *testing.T) {
	tests := []struct {
		hint string
		want rung
	}{
		{"Refuse first, then return: writing a status does not stop the request.", conceptRung},
		{"Scheme names are case-insensitive (RFC 9110 §11.1).", conceptRung},
		{"Use subtle.ConstantTimeCompare (https://pkg.go.dev/crypto/subtle#ConstantTimeCompare).", apiRung},
		{"Call os.Getenv(SecretEnv) first.", codeRung},
		{"secret := os.Getenv", codeRung},
		{"Cast with []byte(got) and compare.", codeRung},
		{`"delete_product": {"Admin.Write"}`, codeRung},
		{"Return &mcp.CallToolResult{IsError: true}.", codeRung},
		{"```go\nx\n```", codeRung},
	}
	for _, tt := range tests {
		if got := classify(tt.hint); got != tt.want {
			t.Errorf("classify(%q) = %v, want %v", tt.hint, got, tt.want)
		}
	}
}

// TestHintLadders demands that every stage's hints climb a ladder: ideas
// first, then the APIs with links to their documentation, then code, never
// back down; so that the first hint a learner asks for never gives the
// answer away.
func TestHintLadders(t *testing.T) {
	course, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	mods := requiredModules(t)
	for _, s := range course.Stages {
		t.Run(s.ID, func(t *testing.T) {
			if len(s.Hints) < 3 {
				t.Fatalf("%d hints; a ladder needs at least a concept, an API and a code hint", len(s.Hints))
			}
			seen := map[rung]bool{}
			prev := conceptRung
			for i, h := range s.Hints {
				r := classify(h)
				seen[r] = true
				if i == 0 && r != conceptRung {
					t.Errorf("hint 1 is a %v hint; the first hint gives the idea, with no code and no link: %q", r, h)
				}
				if r < prev {
					t.Errorf("hint %d is a %v hint after a %v hint; order them concept, API, code: %q", i+1, r, prev, h)
				}
				prev = max(prev, r)
				for _, link := range linkPattern.FindAllString(h, -1) {
					u, err := url.Parse(link)
					if err != nil || u.Scheme != "https" || !linkHosts[u.Host] {
						t.Errorf("hint %d links to %s; link over https to a documentation site (%v)", i+1, link, hostList())
						continue
					}
					if u.Host == "pkg.go.dev" && !documented(strings.TrimPrefix(u.Path, "/"), mods) {
						t.Errorf("hint %d links to %s, a package neither in the standard library nor required by go.mod", i+1, link)
					}
				}
			}
			for _, r := range []rung{conceptRung, apiRung, codeRung} {
				if !seen[r] {
					t.Errorf("no %v hint: the ladder goes concept, API with a link, code", r)
				}
			}
		})
	}
}

func hostList() string {
	var hs []string
	for h := range linkHosts {
		hs = append(hs, h)
	}
	return strings.Join(hs, ", ")
}
