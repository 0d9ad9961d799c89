package oracle

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"

	"authlab/grader/probe"
)

const secret = "s3cret-Value-For-Tests-0123456789"

// guard is a stage-1 style middleware; bug, when set, lets a request in
// that the rule refuses.
func guard(bug func(r *http.Request) bool) func(http.Handler) (http.Handler, error) {
	return func(next http.Handler) (http.Handler, error) {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if bug != nil && bug(r) {
				next.ServeHTTP(w, r)
				return
			}
			h := r.Header.Get("Authorization")
			if h == "" {
				w.Header().Set("WWW-Authenticate", "Bearer")
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			scheme, cred, _ := strings.Cut(h, " ")
			if !strings.EqualFold(scheme, "Bearer") || strings.TrimLeft(cred, " ") != secret {
				http.Error(w, "Forbidden", http.StatusForbidden)
				return
			}
			next.ServeHTTP(w, r)
		}), nil
	}
}

func rule(view probe.RawRequest) Expect {
	return OnlyFirst(view, func(v string) Expect {
		if v == "" {
			return Refused(probe.NoCredential)
		}
		cred, strict, lenient := BearerCredential(v)
		switch {
		case strict && cred == secret:
			return Allowed()
		case !strict && lenient == secret:
			return Allowed().Or(Refused(probe.Refusal{Status: 403}))
		case strings.EqualFold(v, "Bearer"):
			return Refused(probe.Refusal{Status: 403}).Or(Refused(probe.NoCredential))
		}
		return Refused(probe.Refusal{Status: 403})
	})
}

// explore runs the whole step library against middleware with bug.
func explore(t *testing.T, bug func(*http.Request) bool, seed uint64) *Finding {
	t.Helper()
	gens := slices.Concat(MethodGens(), PathGens(), SchemeGens(), CredentialGens(), PlaceGens(), AuthHeaderGens(),
		IdentityGens("admin", "User.Read"), QueryGens())
	return exploreSeeded(t, bug, gens, nil, seed)
}

// exploreWith explores only gens and singles against middleware with bug.
func exploreWith(t *testing.T, bug func(*http.Request) bool, gens, singles []Gen) *Finding {
	t.Helper()
	return exploreSeeded(t, bug, gens, singles, 1)
}

func exploreSeeded(t *testing.T, bug func(*http.Request) bool, gens, singles []Gen, seed uint64) *Finding {
	t.Helper()
	lab, err := probe.Start(guard(bug))
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	ctx := context.Background()
	session, closeSession, err := lab.DirectSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession()
	base := &Draft{
		Method: http.MethodPost, Path: "/mcp", Header: http.Header{"Mcp-Session-Id": {session}},
		Body: map[string]any{"jsonrpc": "2.0", "id": 1, "method": "tools/call",
			"params": map[string]any{"name": "create_product", "arguments": map[string]any{"name": "x", "price": 1}}},
		Cred: secret, Scheme: "Bearer", Sep: " ", Places: []Place{Authorization}, Labels: map[string]string{secret: "the secret"},
	}
	spec := Spec{Base: base.Clone, Gens: gens, Refusers: Refusers(), Singles: singles, Judge: HTTP(lab, rule)}
	f, _, err := Explore(ctx, spec, Budget{Variants: 1000, MaxSteps: 3}, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestExploreFindsNothingOnACorrectServer(t *testing.T) {
	if f := explore(t, nil, 1); f != nil {
		t.Fatalf("a correct server disagreed with the rule: %s\n%s\nexpected %s\ngot %s", Words(f.Steps), f.Draft.Describe(), f.Expected, f.Got)
	}
}

// TestExploreFindsAndShrinks gives the explorer bugs that no fixed check
// names, and demands each is found and shrunk to the one change that shows
// it.
func TestExploreFindsAndShrinks(t *testing.T) {
	tests := []struct {
		name     string
		bug      func(*http.Request) bool
		wantStep string
	}{
		{"token in the query", func(r *http.Request) bool { return r.URL.Query().Get("access_token") == secret }, "?access_token="},
		{"X-Api-Key", func(r *http.Request) bool { return r.Header.Get("X-Api-Key") == secret }, "X-Api-Key"},
		{"a cookie", func(r *http.Request) bool { c, err := r.Cookie("session"); return err == nil && c.Value == secret }, "session="},
		{"case-insensitive secret", func(r *http.Request) bool {
			scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			return strings.EqualFold(scheme, "Bearer") && strings.EqualFold(cred, secret)
		}, "case"},
		{"trusts X-Permissions", func(r *http.Request) bool { return r.Header.Get("X-Permissions") != "" }, "X-Permissions"},
		{"any Authorization value", func(r *http.Request) bool {
			return slices.Contains(r.Header.Values("Authorization"), "Bearer "+secret)
		}, "Authorization header"},
		{"GET unguarded", func(r *http.Request) bool { return r.Method == http.MethodGet }, "sent as GET"},
		{"other paths unguarded", func(r *http.Request) bool { return r.URL.Path != "/mcp" }, "sent to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := explore(t, tt.bug, 7)
			if f == nil {
				t.Fatal("the bug was not found")
			}
			if len(f.Steps) > 2 || !strings.Contains(Words(f.Steps), tt.wantStep) {
				t.Errorf("shrunk to %q, want at most two changes, one mentioning %q", Words(f.Steps), tt.wantStep)
			}
			if strings.Contains(f.Draft.Describe(), secret) {
				t.Errorf("the description shows the secret:\n%s", f.Draft.Describe())
			}
		})
	}
}

// TestSameSeedSameVariants replays a run: the same seed sends the same
// variants in the same order, and another seed other ones.
func TestSameSeedSameVariants(t *testing.T) {
	sent := func(seed uint64) []string {
		var seen []string
		spec := Spec{
			Base:     (&Draft{Method: "POST", Path: "/mcp", Cred: secret, Scheme: "Bearer", Sep: " ", Places: []Place{Authorization}}).Clone,
			Gens:     slices.Concat(SchemeGens(), CredentialGens(), PlaceGens()),
			Refusers: Refusers(),
			Judge: func(_ context.Context, d *Draft) (*Disagreement, error) {
				seen = append(seen, d.Describe())
				return nil, nil
			},
		}
		if _, _, err := Explore(context.Background(), spec, Budget{Variants: 500, MaxSteps: 4}, rand.New(rand.NewPCG(seed, 9))); err != nil {
			t.Fatal(err)
		}
		return seen
	}
	first, again, other := sent(42), sent(42), sent(43)
	if len(first) != 500 || !slices.Equal(first, again) {
		t.Errorf("seed 42 sent %d variants, then %d, not the same ones", len(first), len(again))
	}
	if slices.Equal(first, other) {
		t.Error("seeds 42 and 43 sent the same variants")
	}
}
