package users

import (
	"strings"
	"testing"
)

// TestUseLowestCost checks that the grader's tests, which lower the cost,
// still get hashes VerifyPassword checks, DummyHash among them, and that
// the cost is recorded in each hash.
func TestUseLowestCost(t *testing.T) {
	realCost, realDummy := hashCost, DummyHash
	t.Cleanup(func() { hashCost, DummyHash = realCost, realDummy })
	UseLowestCost()
	h, err := HashPassword("correct horse")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, hash, password string
		want                 bool
	}{
		{"the right password", h, "correct horse", true},
		{"a wrong password", h, "correct hors", false},
		{"DummyHash", DummyHash, "correct horse", false},
	} {
		if !strings.HasPrefix(tt.hash, "$argon2id$v=19$m=8,t=1,p=1$") {
			t.Errorf("%s: hash %q does not record the lowest cost", tt.name, tt.hash)
		}
		if ok, err := VerifyPassword(tt.hash, tt.password); ok != tt.want || err != nil {
			t.Errorf("%s: VerifyPassword = %v, %v; want %v", tt.name, ok, err, tt.want)
		}
	}
	if DummyHash == realDummy {
		t.Error("DummyHash kept the real cost")
	}
}
