package oracle

import (
	"net/http"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLiterals(t *testing.T) {
	fsys := fstest.MapFS{
		"auth.go": {Data: []byte(`package x
import "net/http"
const cookieName = "authlab_secret"
func f(r *http.Request) bool {
	return r.Header.Get("X-Internal") == "yes" || r.URL.Query().Get("k") != "" || r.FormValue("has space") != ""
}
type args struct {
	Perms []string ` + "`json:\"_permissions,omitempty\" form:\"role\"`" + `
}
`)},
		"authlab_test.go": {Data: []byte(`package x
var v = "FromTheEntryFile"`)},
	}
	got := Literals(fsys)
	want := []string{"X-Internal", "_permissions", "authlab_secret", "k", "role", "yes"}
	if len(got) != len(want) {
		t.Fatalf("Literals = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Literals = %v, want %v", got, want)
		}
	}
	if Literals(nil) != nil {
		t.Error("no source must give no literals")
	}
}

// TestFloodIsRefinedToTheOneName gives the explorer a server that lets in
// a request carrying an X-Debug header, and the source that names it
// among other literals: the finding must name X-Debug alone.
func TestFloodIsRefinedToTheOneName(t *testing.T) {
	literals := []string{"A-Thing", "X-Debug", "Zeta"}
	for _, gen := range LiteralClaimGens(literals, "admin") {
		s := gen(nil)
		if len(s.Parts) == 0 {
			t.Fatalf("%q has no parts", s.Name.Text)
		}
	}
	f := exploreWith(t, func(r *http.Request) bool { return r.Header.Get("X-Debug") != "" }, LiteralClaimGens(literals, "admin"), nil)
	if f == nil || len(f.Steps) > 2 || !strings.Contains(Words(f.Steps), `header X-Debug set to`) {
		t.Fatalf("finding = %v, want it refined to the X-Debug header", f)
	}
	f = exploreWith(t, func(r *http.Request) bool { c, err := r.Cookie("Zeta"); return err == nil && c.Value == secret }, nil, LiteralPlaceGens(literals))
	if f == nil || len(f.Steps) != 1 || !strings.Contains(Words(f.Steps), `cookie (Zeta=`) {
		t.Fatalf("finding = %v, want it refined to the Zeta cookie", f)
	}
}
