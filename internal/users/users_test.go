package users

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAddLookupVerify(t *testing.T) {
	s := NewStore()
	if err := s.Add("ada", "correct horse", "Ada Lovelace", "User.Read", "User.Write"); err != nil {
		t.Fatal(err)
	}
	u, ok := s.Lookup("ada")
	if !ok || u.Name != "Ada Lovelace" || len(u.Permissions) != 2 || !strings.HasPrefix(u.PasswordHash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("Lookup = %+v, %v", u, ok)
	}
	u.Permissions[0] = "Admin.Write"
	if again, _ := s.Lookup("ada"); again.Permissions[0] != "User.Read" {
		t.Error("changing a looked-up user changed the store")
	}
	before := Verifications()
	for _, tt := range []struct {
		password string
		want     bool
	}{{"correct horse", true}, {"correct hors", false}, {"correct horsex", false}, {"", false}} {
		ok, err := VerifyPassword(u.PasswordHash, tt.password)
		if err != nil || ok != tt.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tt.password, ok, err, tt.want)
		}
	}
	if Verifications()-before != 4 {
		t.Errorf("Verifications grew by %d, want 4", Verifications()-before)
	}
	if ok, err := VerifyPassword(DummyHash, "anything"); ok || err != nil {
		t.Errorf("DummyHash verified: %v, %v", ok, err)
	}
}

func TestSaltsDiffer(t *testing.T) {
	a, _ := HashPassword("same")
	b, _ := HashPassword("same")
	if a == b {
		t.Error("two hashes of the same password are equal: the salt is not random")
	}
}

func TestMalformedHashes(t *testing.T) {
	before := Verifications()
	for _, h := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=18$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=x$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$!!$AAAA"} {
		if ok, err := VerifyPassword(h, "x"); ok || !errors.Is(err, ErrMalformedHash) {
			t.Errorf("VerifyPassword(%q) = %v, %v; want ErrMalformedHash", h, ok, err)
		}
	}
	// A hash refused before argon2id runs costs no time: counting it would
	// let an unknown user checked against the zero User's "" pass for one
	// that cost a real verification.
	if n := Verifications() - before; n != 0 {
		t.Errorf("Verifications grew by %d for malformed hashes, want 0", n)
	}
	if err := NewStore().Add("", "x", "X"); err == nil {
		t.Error("Add accepted an empty user name")
	}
}

func TestWatchLookups(t *testing.T) {
	s := NewStore()
	if err := s.Add("ada", "pw", "Ada"); err != nil {
		t.Fatal(err)
	}
	s.Lookup("before")
	w := s.WatchLookups()
	other := s.WatchLookups()
	other.Stop()
	var wg sync.WaitGroup
	for _, name := range []string{"ada", "Ada", "ghost"} {
		wg.Go(func() { s.Lookup(name) })
	}
	wg.Wait()
	w.Stop()
	s.Lookup("after")
	got := w.Names()
	slices.Sort(got)
	if want := []string{"Ada", "ada", "ghost"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	if n := other.Names(); len(n) != 0 {
		t.Errorf("a stopped watch recorded %q", n)
	}
	if u, ok := s.Lookup("ada"); !ok || u.Name != "Ada" {
		t.Errorf("Lookup(ada) = %+v, %v while watched", u, ok)
	}
}

func TestAddHashed(t *testing.T) {
	s := NewStore()
	hash, err := HashPassword("pw")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddHashed("ada", hash, "Ada", "User.Read"); err != nil {
		t.Fatal(err)
	}
	u, ok := s.Lookup("ada")
	if !ok || u.Name != "Ada" || !slices.Equal(u.Permissions, []string{"User.Read"}) || u.PasswordHash != hash {
		t.Fatalf("Lookup = %+v, %v", u, ok)
	}
	if ok, err := VerifyPassword(u.PasswordHash, "pw"); !ok || err != nil {
		t.Errorf("VerifyPassword = %v, %v", ok, err)
	}
	for _, tt := range []struct{ user, hash string }{{"", hash}, {"bob", ""}} {
		if err := s.AddHashed(tt.user, tt.hash, "X"); err == nil {
			t.Errorf("AddHashed(%q, %q) accepted", tt.user, tt.hash)
		}
	}
}

func TestSlowLookups(t *testing.T) {
	s := NewStore()
	if err := s.AddHashed("ada", DummyHash, "Ada"); err != nil {
		t.Fatal(err)
	}
	s.SlowLookups(20 * time.Millisecond)
	start := time.Now()
	if _, ok := s.Lookup("ada"); !ok {
		t.Fatal("Lookup(ada) found nobody")
	}
	if took := time.Since(start); took < 20*time.Millisecond {
		t.Errorf("a slowed Lookup took %s, want at least 20ms", took)
	}
	s.SlowLookups(0)
	start = time.Now()
	s.Lookup("ada")
	if took := time.Since(start); took > 10*time.Millisecond {
		t.Errorf("Lookup took %s after SlowLookups(0)", took)
	}
}

// TestDummyHashCostsAsMuchAsARealHash guards the DummyHash literal: it must
// carry the parameters and lengths HashPassword uses, or refusing an unknown
// user would take a different time than refusing a wrong password.
func TestDummyHashCostsAsMuchAsARealHash(t *testing.T) {
	real, err := HashPassword("a password")
	if err != nil {
		t.Fatal(err)
	}
	want, got := strings.Split(real, "$"), strings.Split(DummyHash, "$")
	if len(got) != len(want) {
		t.Fatalf("DummyHash has %d fields, a real hash %d", len(got), len(want))
	}
	for i, name := range []string{"", "algorithm", "version", "parameters"} {
		if i > 0 && got[i] != want[i] {
			t.Errorf("DummyHash's %s is %q, HashPassword's %q", name, got[i], want[i])
		}
	}
	for i, name := range map[int]string{4: "salt", 5: "key"} {
		if len(got[i]) != len(want[i]) {
			t.Errorf("DummyHash's %s is %d characters long, HashPassword's %d", name, len(got[i]), len(want[i]))
		}
	}
}
