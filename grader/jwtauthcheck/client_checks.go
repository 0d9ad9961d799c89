package jwtauthcheck

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"authlab/grader"
	"authlab/grader/probe"
	"authlab/internal/catalog"
)

// reference is a server with the grader's own, correct login and token
// check, so client checks depend on the learner's client alone.
type reference struct {
	lab                       *probe.Lab
	username, password, token string
}

func startReference() (*reference, error) {
	ref := &reference{username: "user-" + probe.Random(6), password: probe.Random(12), token: probe.Random(32)}
	lab, err := probe.Start(func(next http.Handler) (http.Handler, error) {
		mux := http.NewServeMux()
		mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
			var creds struct{ Username, Password string }
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Pragma", "no-cache")
			if json.NewDecoder(r.Body).Decode(&creds) != nil || creds.Username != ref.username || creds.Password != ref.password {
				// The OAuth 2.0 error answer (RFC 6749 §5.2): it decodes as
				// JSON, so only a client that reads the status notices it.
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "invalid user name or password"})
				return
			}
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(map[string]any{"access_token": ref.token, "token_type": "Bearer", "expires_in": 900})
		})
		mux.Handle("/mcp", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer "+ref.token {
				w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
				http.Error(w, "Unauthorized", http.StatusUnauthorized)
				return
			}
			next.ServeHTTP(w, r)
		}))
		return mux, nil
	})
	ref.lab = lab
	return ref, err
}

func clientChecks(t Target) []grader.Check {
	return []grader.Check{
		{
			ID: "client-login", Name: "Your client logs in and returns the access token",
			Sends:  "Login(ctx, baseURL, user, password) against a server whose POST /login answers a token",
			Expect: "the access_token the server issued, and no error; an error for a wrong password",
			Hint:   "POST JSON {\"username\", \"password\"} to baseURL+\"/login\", check for 200, decode the JSON and return its access_token.",
			Run: func(ctx context.Context) error {
				ref, err := startReference()
				if err != nil {
					return err
				}
				defer ref.lab.Close()
				sent := phraseLoginRight.Say(nil)
				got, err := t.Login(ctx, ref.lab.BaseURL, ref.username, ref.password)
				switch {
				case err != nil:
					return grader.Fail(sent, phraseTheToken.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
				case got != ref.token:
					return grader.Fail(sent, phraseAccessTokenJSON.Say(nil), grader.Literal(strconv.Quote(excerpt(got, 80))))
				}
				if _, err := t.Login(ctx, ref.lab.BaseURL, ref.username, ref.password+"x"); err == nil {
					return grader.Fail(phraseLoginWrong.Say(nil), phraseErrorInvalidGrant.Say(nil), phraseNoError.Say(nil))
				}
				return nil
			},
		},
		{
			ID: "client-sends-token", Name: "Your client calls a tool with the token on every MCP request",
			Sends:  "CallTool(ctx, endpoint, token, \"list_products\") against a server that demands Authorization: Bearer <token>",
			Expect: "the text of the real list_products result, with Bearer <token> on every request",
			Hint:   "Give the StreamableClientTransport an http.Client whose RoundTripper clones each request and sets Authorization: Bearer <token>.",
			Run: func(ctx context.Context) error {
				ref, err := startReference()
				if err != nil {
					return err
				}
				defer ref.lab.Close()
				text, err := t.CallTool(ctx, ref.lab.URL, ref.token, catalog.ToolListProducts)
				sent := phraseCallToolSent.Say(nil)
				// A request without the token comes first: it is why the
				// server refused, and so why CallTool failed, if it did.
				reqs := ref.lab.Requests()
				for i, r := range reqs {
					if r.Authorization != "Bearer "+ref.token {
						carried := phraseNoAuthHeader.Say(nil)
						if r.HasAuth {
							carried = grader.Literal(fmt.Sprintf("Authorization: %q", strings.ReplaceAll(r.Authorization, ref.token, "<token>")))
						}
						return grader.Fail(sent, phraseTokenEveryRequest.Say(nil), phraseRequestCarried.Say(map[string]any{
							"N": i + 1, "Of": len(reqs), "Label": strings.TrimSpace(r.Method + " " + r.RPCMethod), "Auth": carried}))
					}
				}
				if err != nil {
					return grader.Fail(sent, probe.PhraseToolResult.Say(nil), probe.PhraseErrorSaid.Say(map[string]any{"Err": err}))
				}
				if !ref.lab.Catalog.Ran(catalog.ToolListProducts) || !strings.Contains(text, ref.lab.Catalog.Marker()) {
					return grader.Fail(sent, phraseRealListText.Say(nil), phraseNotProduced.Say(map[string]any{"Text": strconv.Quote(excerpt(text, 120))}))
				}
				return nil
			},
		},
	}
}
