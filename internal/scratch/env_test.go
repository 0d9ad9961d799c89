package scratch

import (
	"os"
	"slices"
	"testing"
)

// TestUserEnvGivesBackTheUsersTemp holds the editor to the user's own
// temporary folder while authlab and the go commands it starts use the
// scratch one: UserEnv restores TMPDIR, TMP and TEMP as they were, unset
// where they were unset.
func TestUserEnvGivesBackTheUsersTemp(t *testing.T) {
	tests := []struct {
		name string
		user map[string]string // the variables set before Use; the others are unset
		want []string          // UserEnv's temp variables, sorted
	}{
		{"TMPDIR set", map[string]string{"TMPDIR": "/home/me/tmp"}, []string{"TMPDIR=/home/me/tmp"}},
		{"all three set", map[string]string{"TMPDIR": "/a", "TMP": "/b", "TEMP": "/c"}, []string{"TEMP=/c", "TMP=/b", "TMPDIR=/a"}},
		{"none set", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scratch := t.TempDir() // before TMPDIR changes
			for _, name := range tempVars {
				t.Setenv(name, "") // restored when the test ends
				if v, ok := tt.user[name]; ok {
					os.Setenv(name, v)
				} else {
					os.Unsetenv(name)
				}
			}
			t.Cleanup(func() { userTemp, used = nil, false })
			Use(scratch)
			Use(scratch) // a second call keeps the user's values, not the scratch folder
			for _, name := range tempVars {
				if got := os.Getenv(name); got != scratch {
					t.Errorf("after Use, %s=%q, want the scratch folder %q", name, got, scratch)
				}
			}
			env := UserEnv(append(os.Environ(), "Tmp=/windows/spelling"))
			var got []string
			for _, kv := range env {
				if slices.ContainsFunc(tempVars, func(v string) bool { return len(kv) > len(v) && kv[:len(v)+1] == v+"=" }) {
					got = append(got, kv)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) || slices.Contains(env, "Tmp=/windows/spelling") {
				t.Errorf("UserEnv's temporary folders = %q, want %q", got, tt.want)
			}
			if !slices.Contains(env, "PATH="+os.Getenv("PATH")) {
				t.Errorf("UserEnv dropped PATH")
			}
		})
	}
}
