package pertoolcheck

import (
	"context"
	"net/http"
	"testing"
	"time"

	"authlab/grader/probe"
	"authlab/grader/tokenlab"
	"authlab/internal/catalog"

	"github.com/golang-jwt/jwt/v5"
)

// TestHTTPLayerChallenges checks the grader's own token layer: every 401 it
// sends carries a well-formed Bearer challenge, with error="invalid_token"
// when a token was sent and none when not, and a valid token gets through.
func TestHTTPLayerChallenges(t *testing.T) {
	ctx := context.Background()
	f, err := tokenlab.Start(httpLayer)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Lab.Close()
	session, closeSession, err := f.Lab.DirectSession(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeSession()
	expired := f.With(func(c jwt.MapClaims) { c["exp"] = time.Now().Add(-time.Hour).Unix() })
	notAList := f.With(func(c jwt.MapClaims) { c["permissions"] = adminWrite })
	otherKey := tokenlab.Sign(jwt.SigningMethodHS256, f.Claims(), []byte(probe.Random(32)))
	cases := []struct {
		name, authorization string
		want                probe.Refusal
	}{
		{"no Authorization header", "", probe.NoCredential},
		{"the scheme Basic", "Basic " + f.Valid(), probe.NoCredential},
		{"Bearer and nothing", "Bearer ", probe.NoCredential},
		{"a token signed with another key", "Bearer " + otherKey, tokenlab.InvalidToken},
		{"an expired token", "Bearer " + expired, tokenlab.InvalidToken},
		{"permissions that are not a list", "Bearer " + notAList, tokenlab.InvalidToken},
		{"not a token at all", "Bearer x", tokenlab.InvalidToken},
	}
	for _, c := range cases {
		headers := map[string]string{"Mcp-Session-Id": session}
		if c.authorization != "" {
			headers["Authorization"] = c.authorization
		}
		before := f.Lab.Reached()
		ex, err := f.Lab.Send(ctx, probe.ToolCall(catalog.ToolListProducts, struct{}{}), headers)
		switch {
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case f.Lab.Reached() > before:
			t.Errorf("%s: reached the MCP handler", c.name)
		default:
			if wrong := c.want.Judge(ex.Status, ex.WWWAuthenticate); wrong != "" {
				t.Errorf("%s: %s (%s)", c.name, wrong, ex.Describe())
			}
		}
	}
	ex, err := f.Lab.Send(ctx, probe.ToolCall(catalog.ToolListProducts, struct{}{}),
		map[string]string{"Mcp-Session-Id": session, "Authorization": "Bearer  " + f.Valid()})
	if err != nil || ex.Status != http.StatusOK {
		t.Errorf("a valid token after two spaces: %v %v", ex, err)
	}
}
