package basicauthcheck

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/grader/source"
)

// constantTime are the functions that compare in constant time, by import
// path: one of them must be called.
var constantTime = map[string]string{"crypto/subtle": "ConstantTimeCompare", "crypto/hmac": "Equal"}

// variableTime are comparisons that stop at the first differing byte; when
// no constant-time one is found, the failure names these.
var variableTime = map[string][]string{
	"bytes":   {"Equal", "Compare"},
	"strings": {"Compare"},
	"reflect": {"DeepEqual"},
}

// constantTimeCheck reads the learner's package: the timing of a
// comparison shows only in statistics over many requests, so this is the
// one check that looks at the code rather than its behaviour.
func constantTimeCheck(t Target) grader.Check {
	return grader.Check{
		ID: "constant-time-compare", Name: "The secret is compared in constant time",
		Sends:  "nothing: the grader reads the Go files of your package (all but the _test.go files)",
		Expect: "a call to crypto/subtle.ConstantTimeCompare or crypto/hmac.Equal, which take as long whichever byte differs",
		Hint: "A comparison with == or bytes.Equal stops at the first byte that differs, so how long a refusal takes tells an " +
			"attacker how many leading bytes of a guess were right, and the secret falls one byte at a time. Compare with " +
			"subtle.ConstantTimeCompare([]byte(credential), []byte(secret)) == 1 from crypto/subtle (or hash both with crypto/sha256 first " +
			"and compare the digests with it, so that the secret's length stays hidden too).",
		Run: func(context.Context) error {
			if t.Source == nil {
				return errors.New("the grader entry file gives no source folder: authlab restores that file before every check")
			}
			found, err := scanSource(t.Source)
			if err != nil {
				return err
			}
			if len(found.constantTime) > 0 {
				return nil
			}
			sent := phraseGoFilesNamed.Say(map[string]any{"Files": strings.Join(found.files, ", ")})
			expected := phraseConstantTime.Say(nil)
			if len(found.files) == 0 {
				return grader.Fail(phraseGoFiles.Say(nil), expected, phraseNoGoFile.Say(nil))
			}
			if len(found.variableTime) > 0 {
				first := found.variableTime[0]
				f := grader.Fail(sent, expected, phraseNoCallSeems.Say(map[string]any{"Call": first.call, "Pos": first.pos}))
				f.Where = source.LearnerPath(first.pos)
				return f
			}
			return grader.Fail(sent, expected, phraseNoCallEquals.Say(nil))
		},
	}
}

// sourceFindings is what scanSource found in a package's files.
type sourceFindings struct {
	files        []string  // the files read
	constantTime []finding // calls to a constant-time comparison
	variableTime []finding // calls to a comparison that is not
}

// finding is one reference to a function of interest.
type finding struct {
	call string // "subtle.ConstantTimeCompare", as imported
	pos  string // "auth.go:42"
}

// scanSource reads the Go files at the root of fsys, but the _test.go
// files, and finds the comparisons they refer to. Import names are
// resolved: an aliased or dot import counts, a blank one does not.
func scanSource(fsys fs.FS) (sourceFindings, error) {
	var found sourceFindings
	pkg, err := source.Parse(fsys)
	if err != nil {
		return found, err
	}
	found.files = pkg.Names
	for _, file := range pkg.Files {
		scanFile(pkg.Fset, file, &found)
	}
	return found, nil
}

// scanFile adds to found the comparisons file refers to.
func scanFile(fset *token.FileSet, file *ast.File, found *sourceFindings) {
	byName := map[string]string{} // local name → import path
	var dotted []string           // paths imported with "."
	for _, spec := range file.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		switch name := path.Base(p); {
		case spec.Name == nil:
			byName[name] = p
		case spec.Name.Name == ".":
			dotted = append(dotted, p)
		case spec.Name.Name != "_":
			byName[spec.Name.Name] = p
		}
	}
	note := func(p, fn, shown string, at token.Pos) {
		pos := fset.Position(at)
		f := finding{call: shown, pos: fmt.Sprintf("%s:%d", pos.Filename, pos.Line)}
		switch {
		case constantTime[p] == fn:
			found.constantTime = append(found.constantTime, f)
		case slices.Contains(variableTime[p], fn):
			found.variableTime = append(found.variableTime, f)
		}
	}
	var visit func(ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if x, ok := n.X.(*ast.Ident); ok {
				if p, ok := byName[x.Name]; ok {
					note(p, n.Sel.Name, x.Name+"."+n.Sel.Name, n.Pos())
				}
			} else {
				ast.Inspect(n.X, visit)
			}
			return false // a selector's Sel is no dot-imported name
		case *ast.Ident:
			for _, p := range dotted {
				note(p, n.Name, n.Name, n.Pos())
			}
		}
		return true
	}
	ast.Inspect(file, visit)
}
