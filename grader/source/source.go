// Package source reads the learner's package as Go syntax, for the few
// properties behaviour cannot show: how a secret is compared, whether a
// RoundTripper changes the request it was given, which names the code
// reads from a request.
package source

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"authlab/grader"
)

// Package is the parsed Go files of a package, its tests aside.
type Package struct {
	Fset  *token.FileSet
	Files []*ast.File
	Names []string // the files' names, as in the folder
}

// Parse reads the Go files at the root of fsys, but the _test.go files.
func Parse(fsys fs.FS) (*Package, error) {
	p := &Package{Fset: token.NewFileSet()}
	if fsys == nil {
		return p, nil
	}
	names, err := fs.Glob(fsys, "*.go")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		file, err := parser.ParseFile(p.Fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		p.Files = append(p.Files, file)
		p.Names = append(p.Names, name)
	}
	return p, nil
}

// Pos returns "file.go:42" for pos.
func (p *Package) Pos(pos token.Pos) string {
	at := p.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", at.Filename, at.Line)
}

// LearnerPath turns "auth.go:42" into the learner's path from the module
// root, when the file is in the folder the checks run in; "" otherwise.
func LearnerPath(pos string) string {
	root, dir := grader.LearnerDirs()
	name, line, _ := strings.Cut(pos, ":")
	file := filepath.Join(dir, name)
	if _, err := os.Stat(file); err != nil || dir == "" {
		return ""
	}
	if rel, err := filepath.Rel(root, file); err == nil && root != "" {
		file = rel
	}
	return filepath.ToSlash(file) + ":" + line
}
