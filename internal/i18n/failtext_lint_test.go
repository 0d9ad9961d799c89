package i18n

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// failTextsWithoutPhraseMax is how many places in the check packages may
// still build a failure's text (what was sent, expected or came back) from
// English the Korean catalog cannot translate. Lower it as they become
// phrases; it must never go up.
const failTextsWithoutPhraseMax = 0

// runtimeHintsWithoutPhraseMax is how many places in the check packages
// may still set a hint or a detail chosen at run time (for the cause a
// check found) to English the Korean catalog cannot translate. Lower it as
// they become phrases (Failure.SayHint, Failure.SayDetail); it must never
// go up.
const runtimeHintsWithoutPhraseMax = 0

// checkPackages are the grader packages whose failures a learner reads, as
// glob patterns: every stage's check package, the one a new stage gets
// included, and the probes they share.
var checkPackages = []string{"grader/*check", "grader/tokenlab", "grader/probe", "grader/oracle"}

// englishWords matches text with two English words in a row: a sentence
// or its fragment, as opposed to a format such as "%d %s" or a name.
var englishWords = regexp.MustCompile(`[A-Za-z]{2,}[,:]? +\(?[A-Za-z]{2,}`)

// failureFields are the fields of a failure, a disagreement, an oracle
// step and a leaked secret that a learner reads.
var failureFields = map[string]bool{"Sent": true, "Expected": true, "Got": true, "Name": true, "Label": true}

// runtimeFields are the fields of a failure, a disagreement, an oracle step
// and a table of causes that hold a hint or a detail chosen at run time.
var runtimeFields = map[string]bool{"Hint": true, "Detail": true}

// runtimeHintNote starts what the lint says of English in a runtime field,
// so that it is counted against runtimeHintsWithoutPhraseMax.
const runtimeHintNote = "runtime "

// failureTypes are the composite literals whose failureFields a learner
// reads: a token's Sent becomes what a failure says was sent, a secret's
// Label what it says leaked.
var failureTypes = map[string]bool{"Failure": true, "Disagreement": true, "Step": true, "Token": true, "Secret": true, "RefusedRequest": true}

// TestFailTextsSayPhrases fails when a check package builds a failure's
// text without a declared phrase (grader.NewPhraseForm): a grader.Failf,
// a Lab.Fail or Lab.FailPhrases, which take English strings, English put
// straight into a Failure, a Disagreement or a Step, text appended to one
// of their fields as a string, or English passed to grader.Literal, which
// no catalog translates.
func TestFailTextsSayPhrases(t *testing.T) {
	var found, hints []string
	for _, f := range failTextsWithoutPhrase(t, checkPackages) {
		t.Log(f)
		if strings.Contains(f, ": "+runtimeHintNote) {
			hints = append(hints, f)
		} else {
			found = append(found, f)
		}
	}
	t.Logf("%d failure texts and %d runtime hints or details without a phrase (limits %d, %d)",
		len(found), len(hints), failTextsWithoutPhraseMax, runtimeHintsWithoutPhraseMax)
	if len(hints) > runtimeHintsWithoutPhraseMax {
		t.Errorf("%d places set a runtime hint or detail to English no catalog translates (limit runtimeHintsWithoutPhraseMax = %d): "+
			"declare the text with grader.NewPhraseForm, give it a Korean entry in %s and set it with Failure.SayHint or Failure.SayDetail "+
			"(a Hint or Detail field of a Step, a Disagreement or a table of causes takes a grader.Phrase)",
			len(hints), runtimeHintsWithoutPhraseMax, PhraseCatalogFile(Korean))
	}
	if len(found) > failTextsWithoutPhraseMax {
		t.Errorf("%d places build a failure's text from English no catalog translates (limit failTextsWithoutPhraseMax = %d): "+
			"declare the text with grader.NewPhraseForm, say it with Say, give it a Korean entry in %s and fail with grader.Fail "+
			"or Lab.FailSay", len(found), failTextsWithoutPhraseMax, PhraseCatalogFile(Korean))
	}
}

// TestFailTextLintFindsEnglish runs the lint on small sources: each
// English failure text is found, and phrases and data are not.
func TestFailTextLintFindsEnglish(t *testing.T) {
	tests := []struct {
		name, src string
		want      int
	}{
		{"Failf", `grader.Failf(sent, want, "%d requests", n)`, 1},
		{"lab Fail", `lab.Fail(sent, want, err.Error())`, 1},
		{"lab FailPhrases", `l.FailPhrases("", "", p)`, 1},
		{"English in a Failure", `_ = &grader.Failure{Expected: "no panic", Got: c.Got}`, 1},
		{"English in a Disagreement", `_ = &oracle.Disagreement{Got: "no answer within " + d.String()}`, 1},
		{"English step name", `_ = Step{Name: grader.Literal("sent as " + m)}`, 1},
		{"English secret label", `_ = []probe.Secret{{Label: "the token", Value: tok}}`, 1},
		{"English token in a list", `_ = []tokenlab.Token{{Sent: "a token signed with another key"}}`, 1},
		{"English token", `_ = tokenlab.Token{Sent: "a token signed with another key"}`, 1},
		{"English Literal", `_ = grader.Literal(fmt.Sprintf("the tools %s", names))`, 1},
		{"English appended to Got", `f.Got += "; the same request sent alone"`, 1},
		{"text appended to Got", `f.Got += "; " + cause`, 1},
		{"phrase added to Got", `f.AddGot(phraseCause.Say(nil))`, 0},
		{"phrases", `grader.Fail(phraseSent.Say(nil), phraseWant.Say(nil), phraseGot.Say(map[string]any{"N": n}))`, 0},
		{"data as Literal", `_ = grader.Literal(fmt.Sprintf("%d %s", code, text))`, 0},
		{"Failure of phrases", `_ = &grader.Failure{Expected: want.Text, ExpectedPhrase: &want, Got: c.Got}`, 0},
		{"Fail of the grader", `_ = grader.Fail(sent, want, got)`, 0},
		{"English hint in a Failure", `_ = &grader.Failure{Got: c.Got, Hint: "look at the header"}`, 1},
		{"English detail in a Disagreement", `_ = &oracle.Disagreement{Detail: "the server said " + body}`, 1},
		{"English hint in a Step", `_ = Step{Name: phraseName.Say(nil), Hint: "send it once"}`, 1},
		{"English hint in a table of causes", `_ = []struct{ got, Hint string }{{got: "x", Hint: "check the key"}}`, 1},
		{"English hint assigned", `f.Hint = "Check the signature first"`, 1},
		{"English detail assigned", `f.Detail = fmt.Sprintf("the log said %s", line)`, 1},
		{"hint of a phrase", `f.SayHint(phraseHint.Say(nil))`, 0},
		{"hint phrase in a table of causes", `_ = []struct{ Hint grader.Phrase }{{Hint: phraseHint.Say(nil)}}`, 0},
		{"data as detail", `f.Detail = body`, 0},
		{"check's own hint", `_ = grader.Check{ID: "x", Hint: "look at the header"}`, 0},
		{"English hint variable", `hint := "Take the user from the sub claim"`, 1},
		{"English hint constant", `const hintKey = "Verify the signature with your key"`, 1},
		{"hint constant declared as a phrase", `const hintKey = "Verify the signature with your key"
var _ = grader.NewPhraseForm("hint.key", hintKey)`, 0},
	}
	for _, tt := range tests {
		src := "package x\nfunc f() {\n" + tt.src + "\n}\n"
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "x.go", src, 0)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := englishFailTexts(fset, file); len(got) != tt.want {
			t.Errorf("%s: found %q, want %d", tt.name, got, tt.want)
		}
	}
}

// failTextsWithoutPhrase lists, as file:line: what, each place in the
// non-test files of pkgs (folders, or glob patterns of folders) that
// builds a failure's text from English.
func failTextsWithoutPhrase(t *testing.T, pkgs []string) []string {
	t.Helper()
	var found []string
	for _, pkg := range pkgs {
		files, err := filepath.Glob(filepath.Join(repoRoot, pkg, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			file, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			found = append(found, englishFailTexts(fset, file)...)
		}
	}
	slices.Sort(found)
	return found
}

// englishFailTexts lists the places in file that build a failure's text
// from English, one per line.
func englishFailTexts(fset *token.FileSet, file *ast.File) []string {
	var found []string
	lines := map[int]bool{}
	report := func(n ast.Node, what string) {
		pos := fset.Position(n.Pos())
		if lines[pos.Line] {
			return
		}
		lines[pos.Line] = true
		found = append(found, fmt.Sprintf("%s:%d: %s", filepath.ToSlash(strings.TrimPrefix(pos.Filename, repoRoot+"/")), pos.Line, what))
	}
	checkFields := func(lit *ast.CompositeLit, name string) {
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			key, ok := kv.Key.(*ast.Ident)
			switch {
			case !ok || !hasEnglish(kv.Value):
			case failureFields[key.Name]:
				report(kv, name+"."+key.Name+" set to English: say it in a phrase")
			case runtimeFields[key.Name]:
				report(kv, runtimeHintNote+name+"."+key.Name+" set to English: say it in a phrase")
			}
		}
	}
	declared := declaredPhrases(file)
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) && hintName(name.Name) && !declared[name.Name] && hasEnglish(n.Values[i]) {
					report(n, runtimeHintNote+name.Name+" is English no catalog translates: declare it with grader.NewPhraseForm")
				}
			}
		case *ast.CallExpr:
			pkg, name := callee(n.Fun)
			switch {
			case pkg == "grader" && name == "Failf":
				report(n, "grader.Failf takes English: use grader.Fail with phrases")
			case pkg != "grader" && (name == "Fail" || name == "FailPhrases"):
				report(n, name+" takes English: use Lab.FailSay with phrases")
			case pkg == "grader" && name == "Literal" && len(n.Args) == 1 && hasEnglish(n.Args[0]):
				report(n, "grader.Literal of English: declare a phrase")
			}
		case *ast.CompositeLit:
			if _, name := callee(n.Type); failureTypes[name] {
				checkFields(n, name)
			}
			if causeTable(n.Type) {
				checkFields(n, "cause")
			}
			if list, ok := n.Type.(*ast.ArrayType); ok {
				if causeTable(list.Elt) {
					for _, el := range n.Elts {
						if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
							checkFields(lit, "cause")
						}
					}
				}
				if _, name := callee(list.Elt); failureTypes[name] {
					for _, el := range n.Elts {
						if lit, ok := el.(*ast.CompositeLit); ok && lit.Type == nil {
							checkFields(lit, name)
						}
					}
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if id, ok := lhs.(*ast.Ident); ok && hintName(id.Name) && i < len(n.Rhs) && hasEnglish(n.Rhs[i]) {
					report(n, runtimeHintNote+id.Name+" set to English: declare it with grader.NewPhraseForm")
				}
				sel, ok := lhs.(*ast.SelectorExpr)
				switch {
				case !ok || i >= len(n.Rhs):
				case runtimeFields[sel.Sel.Name] && hasEnglish(n.Rhs[i]):
					report(n, runtimeHintNote+sel.Sel.Name+" set to English: say it with Failure.SayHint or Failure.SayDetail")
				case !failureFields[sel.Sel.Name]:
				case n.Tok == token.ADD_ASSIGN:
					report(n, sel.Sel.Name+" appended to as a string: add phrases with Failure.AddGot")
				case hasEnglish(n.Rhs[i]):
					report(n, sel.Sel.Name+" set to English: say it in a phrase")
				}
			}
		}
		return true
	})
	return found
}

// hintName reports whether a variable or constant named name holds a hint.
func hintName(name string) bool {
	return strings.HasPrefix(name, "hint") || strings.HasPrefix(name, "Hint") || strings.HasSuffix(name, "Hint")
}

// declaredPhrases returns the names file passes as a phrase's English to
// grader.NewPhraseForm: hints that FixedPhrase finds by their English.
func declaredPhrases(file *ast.File) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(file, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok && len(call.Args) == 2 {
			if _, name := callee(call.Fun); name == "NewPhraseForm" {
				if id, ok := call.Args[1].(*ast.Ident); ok {
					names[id.Name] = true
				}
				if sel, ok := call.Args[1].(*ast.SelectorExpr); ok {
					names[sel.Sel.Name] = true
				}
			}
		}
		return true
	})
	return names
}

// causeTable reports whether typ is an anonymous struct with a Hint or a
// Detail field: a table of the causes a check tells apart.
func causeTable(typ ast.Expr) bool {
	st, ok := typ.(*ast.StructType)
	if !ok {
		return false
	}
	for _, field := range st.Fields.List {
		for _, name := range field.Names {
			if runtimeFields[name.Name] {
				return true
			}
		}
	}
	return false
}

// callee returns the package or receiver and the name of fun: "grader",
// "Failf" for grader.Failf; "", "Fail" for a bare Fail.
func callee(fun ast.Expr) (pkg, name string) {
	switch f := fun.(type) {
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name, f.Sel.Name
		}
		return "", f.Sel.Name
	case *ast.Ident:
		return "", f.Name
	}
	return "", ""
}

// hasEnglish reports whether e holds a string literal with English words.
func hasEnglish(e ast.Expr) bool {
	english := false
	ast.Inspect(e, func(n ast.Node) bool {
		if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && englishWords.MatchString(s) {
				english = true
			}
		}
		return !english
	})
	return english
}
