package basicauthcheck

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"

	"authlab/grader"
	"authlab/grader/probe"
)

// originCheck points the learner's client at a server that redirects it to
// another origin, and demands that the secret does not follow.
func originCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-secret-only-to-server", Name: "Your client sends the secret to the server it was given, and nowhere else",
		Sends: "ListTools(ctx, endpoint, secret) against a server whose /mcp answers 307 Temporary Redirect to another origin " +
			"(127.0.0.1 on another port), which records every request it receives",
		Expect: "the other origin never receives the secret: a redirect to another origin is not followed with the credential",
		Hint: "Your RoundTripper adds the secret to every request the http.Client sends, and the http.Client follows redirects by itself, " +
			"to wherever the server says. Give it a CheckRedirect that refuses a redirect to another scheme, host or port (compare req.URL " +
			"with via[0].URL), so the secret only ever goes to the server it was given.",
		Run: func(ctx context.Context) error {
			secret := probe.Random(24)
			elsewhere := &recordingServer{}
			other := httptest.NewServer(elsewhere)
			defer other.Close()
			origin := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, other.URL+r.URL.Path, http.StatusTemporaryRedirect)
			}))
			defer origin.Close()

			_, err := t.ListTools(ctx, origin.URL+"/mcp", secret)
			sent := phraseListRedirected.Say(map[string]any{"Origin": origin.URL, "Other": other.URL})
			reqs := elsewhere.requests()
			for i, r := range reqs {
				label, piece := probe.Leaked(r.text, []probe.Secret{{Label: probe.PhraseSecretSecret.Say(nil), Value: secret}})
				if label.Text == "" {
					continue
				}
				f := grader.Fail(sent, phraseNothingAt.Say(map[string]any{"Other": other.URL}),
					phraseOtherReceived.Say(map[string]any{"N": i + 1, "Of": len(reqs), "Other": other.URL, "Line": r.line, "Label": label,
						"Where": where(r.text, secret, piece)}))
				if err == nil {
					f.SayDetail(phraseFollowedRedirect.Say(nil))
				}
				return f
			}
			return nil
		},
	}
}

// recordingServer records every request it receives, headers and body,
// and answers 404.
type recordingServer struct {
	mu   sync.Mutex
	seen []recorded
}

// recorded is one request a recordingServer received.
type recorded struct {
	line string // "POST /mcp"
	text string // the request line, headers and body
}

func (s *recordingServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", r.Method, r.URL.RequestURI())
	names := make([]string, 0, len(r.Header))
	for k := range r.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range r.Header[k] {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	b.Write(body)
	s.mu.Lock()
	s.seen = append(s.seen, recorded{line: r.Method + " " + r.URL.Path, text: b.String()})
	s.mu.Unlock()
	http.NotFound(w, r)
}

func (s *recordingServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.seen...)
}

// where names the part of a recorded request that holds piece of secret:
// a header, or the line with the secret replaced by its name.
func where(text, secret, piece string) grader.Phrase {
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, piece) {
			if name, _, ok := strings.Cut(line, ": "); ok && !strings.Contains(name, piece) {
				return phraseInHeader.Say(map[string]any{"Name": name})
			}
			line = strings.ReplaceAll(line, secret, "<the secret>")
			return phraseInLine.Say(map[string]any{"Line": strings.ReplaceAll(line, piece, "<part of the secret>")})
		}
	}
	return grader.Phrase{}
}

// phraseFollowedRedirect details a client that followed a redirect to another origin without an error.
var phraseFollowedRedirect = grader.NewPhraseForm("detail.basicauthcheck.followed-redirect",
	"ListTools returned no error: it followed the redirect and talked to the other origin as if it were the server.")
