package basicauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
)

// deadlineGiven is when the context given to ListTools expires, and
// deadlineLimit how long after the call ListTools may take to return.
const (
	deadlineGiven = 300 * time.Millisecond
	deadlineLimit = time.Second
)

// deadlineCheck calls the learner's client with a short deadline against a
// server that never answers.
func deadlineCheck(t Target) grader.Check {
	return grader.Check{
		ID: "client-honours-deadline", Name: "Your client gives up when the caller's deadline passes",
		Sends: fmt.Sprintf("ListTools with a context that expires after %s, against a server that accepts every request and never answers "+
			"one (notifications aside)", deadlineGiven),
		Expect: fmt.Sprintf("an error within %s of the call", deadlineLimit),
		Hint: "Pass the ctx you were given to client.Connect and to every call on the session; never replace it with " +
			"context.Background(). The caller's deadline is how it bounds the wait for a server that hangs.",
		Run: func(ctx context.Context) error {
			release := make(chan struct{})
			server := httptest.NewServer(stuckServer(release))
			defer func() {
				close(release)
				server.CloseClientConnections()
				server.Close()
			}()
			callCtx, cancel := context.WithTimeout(ctx, deadlineGiven)
			defer cancel()
			type result struct {
				names []string
				err   error
			}
			done := make(chan result, 1)
			began := time.Now()
			go func() {
				names, err := t.ListTools(callCtx, server.URL+"/mcp", probe.Random(24))
				done <- result{names, err}
			}()
			sent := phraseDeadlineSent.Say(map[string]any{"Deadline": deadlineGiven})
			expected := phraseErrorWithin.Say(map[string]any{"Limit": deadlineLimit})
			select {
			case r := <-done:
				if r.err == nil {
					return grader.Fail(sent, expected, phraseNoErrorAfter.Say(map[string]any{"After": time.Since(began).Round(time.Millisecond),
						"Tools": strings.Join(r.names, ", ")}))
				}
				return nil
			case <-time.After(deadlineLimit):
				return grader.Fail(sent, expected, phraseStillWaiting.Say(map[string]any{"Limit": deadlineLimit, "Past": deadlineLimit - deadlineGiven}))
			}
		},
	}
}

// stuckServer never answers a request until release is closed or its
// client goes away, but for JSON-RPC notifications, which it acknowledges
// at once (202). The go-sdk client sends one, notifications/cancelled, when
// a call's context ends, and waits for it before Connect returns: a client
// that honours its deadline must not be failed for that.
func stuckServer(release <-chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			var msg map[string]any
			if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&msg); err == nil && msg["id"] == nil && msg["method"] != nil {
				w.WriteHeader(http.StatusAccepted)
				return
			}
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
}
