package oracle

import (
	"authlab/grader"
	"encoding/json"
	"go/ast"
	"go/token"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"authlab/grader/source"
)

// nameLike matches a literal that could name a header, a cookie, a query
// parameter or a JSON field.
var nameLike = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.\-]{0,63}$`)

// tagName matches the name each key of a struct tag gives its field, as
// _permissions in `json:"_permissions,omitempty"`.
var tagName = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*:"([^",]*)`)

// maxLiterals bounds how many of a package's literals are explored.
const maxLiterals = 80

// Literals returns the string literals and struct tag names of the Go files
// in fsys (the grader entry file and tests aside) that could name a place
// in a request. A
// server can only read a credential, or a claim of identity, from a place
// its code names; so wherever the code under test looks, the explorer puts
// a credential or a claim there too, whatever the name.
func Literals(fsys fs.FS) []string {
	pkg, err := source.Parse(fsys)
	if err != nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range pkg.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if _, isImport := n.(*ast.ImportSpec); isImport {
				return false
			}
			add := func(s string) {
				if nameLike.MatchString(s) && !seen[s] && len(out) < maxLiterals {
					seen[s] = true
					out = append(out, s)
				}
			}
			if field, ok := n.(*ast.Field); ok && field.Tag != nil {
				// `json:"_permissions"` names a field as surely as a
				// string literal does.
				if tag, err := strconv.Unquote(field.Tag.Value); err == nil {
					for _, m := range tagName.FindAllStringSubmatch(tag, -1) {
						add(m[1])
					}
				}
				return true
			}
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil {
				add(s)
			}
			return true
		})
	}
	slices.Sort(out)
	return out
}

// LiteralPlaceGens put the credential, instead of in Authorization, at
// every place the literals could name, one kind of place at a time: in a
// cookie, a query parameter, a header and a top-level JSON field of each
// name at once. A finding is refined to the one name that shows it. They
// need no pairing with a refuser: a request without Authorization must be
// refused wherever else it carries the credential.
func LiteralPlaceGens(literals []string) []Gen {
	if len(literals) == 0 {
		return nil
	}
	var gens []Gen
	for _, kind := range []string{"cookie", "query", "header", "body"} {
		var parts []Step
		for _, name := range literals {
			if kind == "header" && !validHeaderName(name) {
				continue
			}
			p := Place{Kind: kind, Name: name}
			parts = append(parts, Step{
				Name:  phraseNamedMoved.Say(map[string]any{"Where": placeText(p), "Name": strconv.Quote(name)}),
				Hint:  hintWhere,
				Apply: func(d *Draft) { moveCredential(d, p) },
			})
		}
		gens = append(gens, Fixed(flood(phraseFloodMoved.Say(map[string]any{"Kind": kindNames[kind].Say(nil)}), hintWhere, parts)))
	}
	return gens
}

// moveCredential writes the credential at p instead of in Authorization.
func moveCredential(d *Draft, p Place) {
	d.Places = slices.DeleteFunc(d.Places, func(q Place) bool { return q == Authorization })
	d.Places = append(d.Places, p)
}

// flood is one step made of parts: all of them at once.
func flood(name grader.Phrase, hint string, parts []Step) Step {
	return Step{Name: name, Hint: hint, Parts: parts, Apply: func(d *Draft) {
		for _, p := range parts {
			p.Apply(d)
		}
	}}
}

// LiteralClaimGens write, one kind of place at a time, every literal as a
// header, a query parameter, a cookie, an MCP _meta field or a tool
// argument, set to "true", to values[0] (a permission or a user worth
// claiming), or, in _meta and arguments, to the list of values: a code
// path that trusts what the caller writes there (a debug switch, an
// X-Internal header, a role in _meta) shows when such a request lacks a
// valid credential or permission. A finding is refined to the one name.
func LiteralClaimGens(literals []string, values ...string) []Gen {
	if len(literals) == 0 {
		return nil
	}
	claims := []any{"true"}
	if len(values) > 0 {
		list := make([]any, len(values))
		for i, v := range values {
			list[i] = v
		}
		claims = append(claims, values[0], list)
	}
	var gens []Gen
	for _, kind := range []string{"header", "query", "cookie", "_meta field", "tool argument"} {
		for _, value := range claims {
			_, isList := value.([]any)
			if isList && (kind == "header" || kind == "query" || kind == "cookie") {
				continue
			}
			text := jsonValue(value)
			var parts []Step
			for _, name := range literals {
				if kind == "header" && !validHeaderName(name) {
					continue
				}
				parts = append(parts, Step{
					Name: phraseNamedSet.Say(map[string]any{"Kind": kindNames[kind].Say(nil), "Name": name, "Value": text, "Quoted": strconv.Quote(name)}),
					Hint: hintIdentity,
					Apply: func(d *Draft) {
						switch kind {
						case "header":
							d.Header[name] = append(d.Header[name], value.(string))
						case "query":
							addQuery(d, name, value.(string))
						case "cookie":
							d.Header["Cookie"] = append(d.Header["Cookie"], name+"="+url.QueryEscape(value.(string)))
						case "_meta field":
							setMeta(d, name, cloneValue(value))
						case "tool argument":
							setArg(d, name, cloneValue(value))
						}
					},
				})
			}
			gens = append(gens, Fixed(flood(phraseFloodSet.Say(map[string]any{"Kind": kindNames[kind].Say(nil), "Value": text}), hintIdentity, parts)))
		}
	}
	return gens
}

func jsonValue(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func validHeaderName(name string) bool {
	return !strings.ContainsAny(name, ".") && name != "" && !strings.EqualFold(name, "Authorization") && !strings.EqualFold(name, "Host") &&
		!strings.EqualFold(name, "Content-Length") && !strings.EqualFold(name, "Transfer-Encoding")
}
