package oracle

import (
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
`)},
		"authlab_test.go": {Data: []byte(`package x
var v = "FromTheEntryFile"`)},
	}
	got := Literals(fsys)
	want := []string{"X-Internal", "authlab_secret", "k", "yes"}
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
