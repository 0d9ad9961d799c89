package refreshcheck

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"authlab/grader"
	"authlab/grader/probe"
)

// staleAccess is the access token a client check's transport starts with:
// one the grader's resource no longer accepts.
const staleAccess = "at-expired"

// clientCheck fills c's Run: fn with the grader's server refusing as r and
// an HTTP client whose transport is the learner's, holding a stale access
// token and the server's current refresh token.
func clientCheck(t Target, r refusal, c grader.Check, fn func(ctx context.Context, a *authServer, hc *http.Client) error) grader.Check {
	c.Run = func(ctx context.Context) error {
		a := startAuthServer(r)
		defer a.close()
		base := &http.Transport{}
		defer base.CloseIdleConnections()
		a.mu.Lock()
		refresh := a.refresh
		a.mu.Unlock()
		rt := t.NewTransport(base, a.tokenURL(), staleAccess, refresh)
		if rt == nil {
			return failure(phraseNewTransportCall.Say(nil), phraseARoundTripper.Say(nil), grader.Literal("nil"))
		}
		return fn(ctx, a, &http.Client{Transport: rt, CheckRedirect: client.CheckRedirect})
	}
	return c
}

// call sends method with body (replayable: GetBody set) to the resource
// and returns the status and body of the answer.
func call(ctx context.Context, a *authServer, hc *http.Client, method, body string) (int, string, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.srv.URL+"/api", r)
	if err != nil {
		return 0, "", err
	}
	return do(hc, req)
}

// do sends req and reads the answer.
func do(hc *http.Client, req *http.Request) (int, string, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<12))
	return resp.StatusCode, string(b), err
}

// clientChecks are the checks of the learner's refreshing transport.
func clientChecks(t Target) []grader.Check {
	return []grader.Check{
		clientCheck(t, refuseStale, grader.Check{
			ID:     "client-refreshes-and-retries",
			Name:   "On 401 invalid_token the client refreshes once and sends the request again, body and all",
			Sends:  `a POST with a body through your transport holding an expired access token; the server answers 401 error="invalid_token" to it`,
			Expect: "one form-encoded refresh_token grant to the token endpoint, the POST sent again with the new access token and the same body, and 200; a second request uses the new token at once",
			Hint: "In RoundTrip, when the answer is 401 and its WWW-Authenticate holds error=\"invalid_token\": POST " +
				"grant_type=refresh_token&refresh_token=... (url.Values.Encode, Content-Type: application/x-www-form-urlencoded) " +
				"through the base transport, keep both new tokens, then send a clone of the request with req.GetBody() as its body.",
		}, func(ctx context.Context, a *authServer, hc *http.Client) error {
			payload := "payload-" + probe.Random(9)
			sent := phrasePostExpired.Say(nil)
			status, _, err := call(ctx, a, hc, http.MethodPost, payload)
			if err != nil {
				return failure(sent, phrase200AfterRefresh.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
			}
			tokenCalls, bad, resourceCalls := a.counts()
			bodies, auth := a.seen()
			switch {
			case bad > 0:
				return failure(sent, phraseWantGrantPost.Say(nil), phraseUnreadableGrant.Say(nil))
			case tokenCalls != 1:
				return failure(sent, phraseExactlyOneRefresh.Say(nil), phraseTokenRequests.Say(map[string]any{"N": tokenCalls}))
			case resourceCalls != 2:
				return failure(sent, phraseSentTwice.Say(nil), phraseGotTimes.Say(map[string]any{"N": resourceCalls}))
			case bodies[1] != payload:
				return failure(sent, phraseSameBodyRetry.Say(nil), phraseRetryBody.Say(map[string]any{"Body": strconv.Quote(excerpt(bodies[1], 40))}))
			case auth[1] != "Bearer "+a.currentAccess():
				return failure(sent, phraseRetryNewToken.Say(nil), grader.Literal(fmt.Sprintf("Authorization: %q", excerpt(auth[1], 40))))
			case status != http.StatusOK:
				return failure(sent, grader.Literal("200"), grader.Literal(fmt.Sprintf("%d", status)))
			}
			status, _, err = call(ctx, a, hc, http.MethodGet, "")
			tokenCalls, _, _ = a.counts()
			if err != nil || status != http.StatusOK || tokenCalls != 1 {
				return failure(then(sent, phraseAGet.Say(nil)), phraseNoSecondRefresh.Say(nil),
					phraseStatusRefreshes.Say(map[string]any{"Status": status, "Refreshes": tokenCalls, "Err": err}))
			}
			return nil
		}),
		clientCheck(t, refuseAlways, grader.Check{
			ID:     "client-never-loops",
			Name:   "When the retry is refused too, the client gives up",
			Sends:  `a GET through your transport; the server answers every request 401 error="invalid_token", even with a fresh token`,
			Expect: "at most one refresh and two requests, then the 401 handed back",
			Hint: "Refresh and retry once per RoundTrip, never in a loop: whatever the retry gets is the answer. A server that " +
				"refuses a fresh token will refuse the next one too.",
			Deadline: 4 * time.Second,
		}, func(ctx context.Context, a *authServer, hc *http.Client) error {
			sent := phraseRefusesEvery.Say(nil)
			ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			status, _, err := call(ctx, a, hc, http.MethodGet, "")
			tokenCalls, _, resourceCalls := a.counts()
			if tokenCalls > 1 || resourceCalls > 2 {
				return failure(sent, phraseAtMostOne.Say(nil), phraseLoops.Say(map[string]any{"Refreshes": tokenCalls, "Requests": resourceCalls}))
			}
			if err != nil || status != http.StatusUnauthorized {
				return failure(sent, phrase401Back.Say(nil), phraseStatusError.Say(map[string]any{"Status": status, "Err": err}))
			}
			return nil
		}),
		clientCheck(t, refuseStale, grader.Check{
			ID:     "client-no-replay-without-getbody",
			Name:   "A request whose body cannot be sent again is never retried",
			Sends:  `a POST whose body has no GetBody (a plain io.Reader), through your transport holding an expired access token`,
			Expect: "the request sent once, and its 401 handed back",
			Hint: "Before retrying, look at req.GetBody: when req.Body is set and GetBody is nil, the body was consumed by the " +
				"first attempt and cannot be sent again; hand the 401 back.",
		}, func(ctx context.Context, a *authServer, hc *http.Client) error {
			sent := phraseUnreplayable.Say(nil)
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+"/api", io.MultiReader(strings.NewReader("payload")))
			if err != nil {
				return err
			}
			status, _, err := do(hc, req)
			_, _, resourceCalls := a.counts()
			if resourceCalls != 1 {
				return failure(sent, phraseSentOnce.Say(nil), phraseNoBodyToSend.Say(map[string]any{"N": resourceCalls}))
			}
			if err != nil || status != http.StatusUnauthorized {
				return failure(sent, phrase401Back.Say(nil), phraseStatusError.Say(map[string]any{"Status": status, "Err": err}))
			}
			return nil
		}),
		grader.Check{
			ID:     "client-refreshes-only-on-invalid-token",
			Name:   "The client refreshes only when the access token itself is refused",
			Sends:  `a GET answered 403 error="insufficient_scope", and one answered 401 with a challenge naming no error`,
			Expect: "no refresh, the request sent once, and the answer handed back",
			Hint: "Refresh only on 401 whose WWW-Authenticate holds error=\"invalid_token\" (RFC 6750 §3.1): a new token does not " +
				"grant a missing permission, and each needless refresh is a rotation the server must make.",
			Run: func(ctx context.Context) error {
				for _, c := range []struct {
					refusal refusal
					sent    grader.Phrase
					want    int
				}{
					{refuseScope, phraseGet403.Say(nil), http.StatusForbidden},
					{refuseNoError, phraseGet401NoError.Say(nil), http.StatusUnauthorized},
				} {
					check := clientCheck(t, c.refusal, grader.Check{}, func(ctx context.Context, a *authServer, hc *http.Client) error {
						status, _, err := call(ctx, a, hc, http.MethodGet, "")
						tokenCalls, _, resourceCalls := a.counts()
						if tokenCalls != 0 || resourceCalls != 1 || err != nil || status != c.want {
							return failure(c.sent, phraseNoRefreshBack.Say(map[string]any{"Status": c.want}),
								phraseCounts.Say(map[string]any{"Refreshes": tokenCalls, "Requests": resourceCalls, "Status": status, "Err": err}))
						}
						return nil
					})
					if err := check.Run(ctx); err != nil {
						return err
					}
				}
				return nil
			},
		},
	}
}

// clientConcurrentCheck sends requests at once through one transport with
// a stale access token: one refresh must serve them all, since the
// server rotates and a second refresh with the same token is reuse.
func clientConcurrentCheck(t Target) grader.Check {
	const callers = 8
	sent := phraseGetsAtOnce.Say(map[string]any{"N": callers})
	return clientCheck(t, refuseStale, grader.Check{
		ID:     "client-concurrent-refresh-once",
		Name:   "Requests refused at once share one refresh",
		Sends:  sent.Text,
		Expect: "one refresh, and 200 for every request",
		Hint: "Guard the tokens with a sync.Mutex held across the refresh, and before refreshing compare the access token the " +
			"refused request carried with the current one: if another request refreshed meanwhile, retry with its token.",
	}, func(ctx context.Context, a *authServer, hc *http.Client) error {
		statuses, errs := make([]int, callers), make([]error, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Go(func() { statuses[i], _, errs[i] = call(ctx, a, hc, http.MethodGet, "") })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return failure(sent, phrase200Every.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
		}
		tokenCalls, _, _ := a.counts()
		for i, s := range statuses {
			if s != http.StatusOK {
				return failure(sent, phrase200Every.Say(nil), phraseSecondRefused.Say(map[string]any{"N": i + 1, "Status": s, "Refreshes": tokenCalls}))
			}
		}
		if tokenCalls != 1 {
			return failure(sent, phraseOneRefresh.Say(nil), phraseRefreshes.Say(map[string]any{"N": tokenCalls}))
		}
		return nil
	})
}
