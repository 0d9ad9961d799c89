package basicauthcheck

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestScanSourceResolvesImports checks that the source check finds a
// constant-time comparison however the learner imports it, and only where
// it is really the standard library's.
func TestScanSourceResolvesImports(t *testing.T) {
	tests := []struct {
		name     string
		files    map[string]string
		constant bool   // a constant-time comparison is found
		variable string // the first variable-time comparison named, if any
	}{
		{
			name:     "subtle imported by its name",
			files:    map[string]string{"auth.go": goFile(`import "crypto/subtle"`, `subtle.ConstantTimeCompare(a, b) == 1`)},
			constant: true,
		},
		{
			name:     "subtle imported under another name",
			files:    map[string]string{"auth.go": goFile(`import ct "crypto/subtle"`, `ct.ConstantTimeCompare(a, b) == 1`)},
			constant: true,
		},
		{
			name:     "subtle dot-imported",
			files:    map[string]string{"auth.go": goFile(`import . "crypto/subtle"`, `ConstantTimeCompare(a, b) == 1`)},
			constant: true,
		},
		{
			name:     "hmac.Equal",
			files:    map[string]string{"auth.go": goFile(`import "crypto/hmac"`, `hmac.Equal(a, b)`)},
			constant: true,
		},
		{
			name: "the comparison in another file of the package",
			files: map[string]string{
				"auth.go":    goFile(``, `a[0] == b[0]`),
				"compare.go": goFile(`import "crypto/subtle"`, `subtle.ConstantTimeCompare(a, b) == 1`),
			},
			constant: true,
		},
		{
			name:     "bytes.Equal",
			files:    map[string]string{"auth.go": goFile(`import "bytes"`, `bytes.Equal(a, b)`)},
			variable: "bytes.Equal",
		},
		{
			name:  "==",
			files: map[string]string{"auth.go": goFile(``, `string(a) == string(b)`)},
		},
		{
			name:     "subtle blank-imported",
			files:    map[string]string{"auth.go": goFile(`import (_ "crypto/subtle"; "bytes")`, `bytes.Equal(a, b)`)},
			variable: "bytes.Equal",
		},
		{
			name:  "another package called subtle",
			files: map[string]string{"auth.go": goFile(`import "example.com/subtle"`, `subtle.ConstantTimeCompare(a, b) == 1`)},
		},
		{
			name: "the call only in a test file",
			files: map[string]string{
				"auth.go":      goFile(``, `string(a) == string(b)`),
				"auth_test.go": goFile(`import "crypto/subtle"`, `subtle.ConstantTimeCompare(a, b) == 1`),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys[name] = &fstest.MapFile{Data: []byte(text)}
			}
			found, err := scanSource(fsys)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(found.constantTime) > 0; got != tt.constant {
				t.Errorf("constant-time comparison found = %v, want %v (%+v)", got, tt.constant, found)
			}
			var variable string
			if len(found.variableTime) > 0 {
				variable = found.variableTime[0].call
			}
			if variable != tt.variable {
				t.Errorf("variable-time comparison = %q, want %q", variable, tt.variable)
			}
		})
	}
}

// TestScanSourceReportsSyntaxErrors checks that a file that does not parse
// is an error, not a pass.
func TestScanSourceReportsSyntaxErrors(t *testing.T) {
	_, err := scanSource(fstest.MapFS{"auth.go": {Data: []byte("package basicauth\nfunc {")}})
	if err == nil || !strings.Contains(err.Error(), "auth.go") {
		t.Errorf("err = %v, want one that names auth.go", err)
	}
}

// goFile is a Go file with the given imports whose one function returns
// expr, comparing a and b.
func goFile(imports, expr string) string {
	return "package basicauth\n\n" + imports + "\n\nfunc same(a, b []byte) bool { return " + expr + " }\n"
}
