package refreshstore

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestStore(t *testing.T) {
	s := New()
	exp := time.Now().Add(time.Hour)
	for _, k := range []string{"a1", "a2", "b1"} {
		if err := s.Add(k, Record{Family: k[:1], Subject: "ada", Expires: exp}); err != nil {
			t.Fatalf("Add(%s): %v", k, err)
		}
	}
	if err := s.Add("a1", Record{}); !errors.Is(err, ErrExists) {
		t.Errorf("Add of a taken key = %v, want ErrExists", err)
	}
	refuse := errors.New("refused")
	tests := []struct {
		name     string
		key      string
		change   func(*Record) error
		wantErr  error
		wantUsed bool
	}{
		{"a change is kept", "a1", func(r *Record) error { r.Used = true; return nil }, nil, true},
		{"a refused change is dropped", "a2", func(r *Record) error { r.Used = true; return refuse }, refuse, false},
		{"an unknown key", "zz", func(*Record) error { return nil }, ErrNotFound, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := s.Update(tt.key, tt.change); !errors.Is(err, tt.wantErr) {
				t.Fatalf("Update = %v, want %v", err, tt.wantErr)
			}
			if r, _ := s.Get(tt.key); r.Used != tt.wantUsed {
				t.Errorf("Used = %v after Update, want %v", r.Used, tt.wantUsed)
			}
		})
	}
	if n := s.DeleteFamily("a"); n != 2 {
		t.Errorf("DeleteFamily(a) = %d, want 2", n)
	}
	if got := s.Keys(); !slices.Equal(got, []string{"b1"}) {
		t.Errorf("Keys after DeleteFamily = %v, want [b1]", got)
	}
	s.Delete("b1")
	if len(s.Records()) != 0 {
		t.Errorf("Records after Delete = %v, want none", s.Records())
	}
}

// TestUpdateHasOneWinner proves that Update decides and writes in one step:
// of many callers marking the same record used, exactly one sees it unused,
// even with reads slowed down.
func TestUpdateHasOneWinner(t *testing.T) {
	s := New()
	s.SlowReads(5 * time.Millisecond)
	if err := s.Add("k", Record{}); err != nil {
		t.Fatal(err)
	}
	var winners atomic.Int32
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			_, err := s.Update("k", func(r *Record) error {
				if r.Used {
					return errors.New("used")
				}
				r.Used = true
				return nil
			})
			if err == nil {
				winners.Add(1)
			}
		})
	}
	wg.Wait()
	if n := winners.Load(); n != 1 {
		t.Errorf("%d callers won, want 1", n)
	}
}
