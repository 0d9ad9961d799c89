package oracle

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// nameLike matches a literal that could name a header, a cookie, a query
// parameter or a JSON field.
var nameLike = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.\-]{0,63}$`)

// maxLiterals bounds how many of a package's literals are explored.
const maxLiterals = 80

// Literals returns the string literals of the Go files in fsys (the grader
// entry file and tests aside) that could name a place in a request. A
// server can only read a credential, or a claim of identity, from a place
// its code names; so wherever the code under test looks, the explorer puts
// a credential or a claim there too, whatever the name.
func Literals(fsys fs.FS) []string {
	if fsys == nil {
		return nil
	}
	files, err := fs.Glob(fsys, "*.go")
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			continue
		}
		f, err := parser.ParseFile(fset, path.Base(name), src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if _, isImport := n.(*ast.ImportSpec); isImport {
				return false
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && nameLike.MatchString(s) && !seen[s] && len(out) < maxLiterals {
				seen[s] = true
				out = append(out, s)
			}
			return true
		})
	}
	slices.Sort(out)
	return out
}

// LiteralPlaceGens put the credential, instead of in Authorization, at
// each place the literals could name: a cookie, a query parameter, a
// header, a top-level JSON field. They need no pairing with a refuser: a
// request without Authorization must be refused wherever else it carries
// the credential.
func LiteralPlaceGens(literals []string) []Gen {
	var gens []Gen
	for _, name := range literals {
		for _, kind := range []string{"cookie", "query", "header", "body"} {
			p := Place{Kind: kind, Name: name}
			if kind == "header" && !validHeaderName(name) {
				continue
			}
			gens = append(gens, Fixed(Step{
				Name: "the credential sent in " + placeText(p) + " instead of Authorization (your code names " + strconv.Quote(name) + ")",
				Hint: hintWhere,
				Apply: func(d *Draft) {
					d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
					d.Places = append(d.Places, p)
				},
			}))
		}
	}
	return gens
}

// LiteralClaimGens add each literal as a header, a query parameter, a
// cookie, an MCP _meta field or a tool argument whose value is "1", "true"
// or another of the literals: a code path that trusts what the caller
// writes there (a debug switch, an X-Internal header, a role in _meta)
// shows when such a request lacks a valid credential or permission.
func LiteralClaimGens(literals []string) []Gen {
	if len(literals) == 0 {
		return nil
	}
	var gens []Gen
	for _, name := range literals {
		gens = append(gens, func(r *rand.Rand) Step {
			value := []string{"1", "true", literals[r.IntN(len(literals))]}[r.IntN(3)]
			kind := []string{"header", "query", "cookie", "_meta field", "tool argument"}[r.IntN(5)]
			if kind == "header" && !validHeaderName(name) {
				kind = "query"
			}
			return Step{
				Name: fmt.Sprintf("%s %s=%s added (your code names %q)", kind, name, value, name),
				Hint: hintIdentity,
				Apply: func(d *Draft) {
					switch kind {
					case "header":
						d.Header[name] = append(d.Header[name], value)
					case "query":
						addQuery(d, name, value)
					case "cookie":
						d.Header["Cookie"] = append(d.Header["Cookie"], name+"="+value)
					case "_meta field":
						setMeta(d, name, value)
					case "tool argument":
						setArg(d, name, value)
					}
				},
			}
		})
	}
	return gens
}

func validHeaderName(name string) bool {
	return !strings.ContainsAny(name, ".") && name != "" && !strings.EqualFold(name, "Authorization") && !strings.EqualFold(name, "Host") &&
		!strings.EqualFold(name, "Content-Length") && !strings.EqualFold(name, "Transfer-Encoding")
}
