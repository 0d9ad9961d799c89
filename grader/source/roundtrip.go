package source

import (
	"go/ast"
	"go/token"
)

// RequestChange is a RoundTrip method that changes the request it was
// given.
type RequestChange struct {
	Pos  string // "jwt.go:212"
	What string // "req.Header.Set"
}

// RequestChanges finds the RoundTrip methods that change their *http.Request
// parameter, which http.RoundTripper forbids, before (or instead of)
// replacing it with a copy: headers set, added or deleted, or a field
// assigned. A change made after `req = req.Clone(...)` is to the copy and
// does not count.
func (p *Package) RequestChanges() []RequestChange {
	var out []RequestChange
	for _, file := range p.Files {
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || fn.Name.Name != "RoundTrip" || fn.Body == nil {
				continue
			}
			param := requestParam(fn)
			if param == "" {
				continue
			}
			out = append(out, p.changesIn(fn.Body, param)...)
		}
	}
	return out
}

// requestParam returns the name of fn's *http.Request parameter.
func requestParam(fn *ast.FuncDecl) string {
	params := fn.Type.Params.List
	if len(params) != 1 || len(params[0].Names) != 1 {
		return ""
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return ""
	}
	if sel, ok := star.X.(*ast.SelectorExpr); !ok || sel.Sel.Name != "Request" {
		return ""
	}
	return params[0].Names[0].Name
}

// changesIn returns the changes to param in body that come before param is
// first assigned anew.
func (p *Package) changesIn(body *ast.BlockStmt, param string) []RequestChange {
	replaced := token.NoPos
	ast.Inspect(body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, lhs := range as.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && id.Name == param && (replaced == token.NoPos || as.Pos() < replaced) {
					replaced = as.Pos()
				}
			}
		}
		return true
	})
	var out []RequestChange
	note := func(at token.Pos, what string) {
		if replaced == token.NoPos || at < replaced {
			out = append(out, RequestChange{Pos: p.Pos(at), What: what})
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			// req.Header.Set(...), Add, Del
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "Set" || sel.Sel.Name == "Add" || sel.Sel.Name == "Del") {
				if inner, ok := sel.X.(*ast.SelectorExpr); ok && inner.Sel.Name == "Header" && isIdent(inner.X, param) {
					note(n.Pos(), param+".Header."+sel.Sel.Name)
				}
			}
		case *ast.AssignStmt:
			for _, lhs := range n.Lhs {
				if root, what := rootedAt(lhs, param); root {
					note(n.Pos(), what)
				}
			}
		}
		return true
	})
	return out
}

// rootedAt reports whether expr is a field or an element of param
// (req.Header, req.Header["X"], req.URL.Host), and says which.
func rootedAt(expr ast.Expr, param string) (bool, string) {
	switch e := expr.(type) {
	case *ast.SelectorExpr:
		if isIdent(e.X, param) {
			return true, param + "." + e.Sel.Name
		}
		return rootedAt(e.X, param)
	case *ast.IndexExpr:
		return rootedAt(e.X, param)
	}
	return false, ""
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
