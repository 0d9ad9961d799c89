package authserver

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/http"
	"strconv"
)

// withoutIDToken removes the id_token from token endpoint answers. The
// provider always issues one, with the access token's audience: the
// resource. Signed by the same key, with the same iss, aud and typ, it
// would pass a resource server's checks as if it were an access token, so
// this server, which is an OAuth server for MCP clients and not an OpenID
// login, issues access tokens only.
type withoutIDToken struct {
	token string // path of the token endpoint
	next  http.Handler
}

func (h *withoutIDToken) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != h.token {
		h.next.ServeHTTP(w, r)
		return
	}
	rec := &recordedResponse{header: http.Header{}, status: http.StatusOK}
	h.next.ServeHTTP(rec, r)
	body := rec.body.Bytes()
	var fields map[string]json.RawMessage
	if rec.status == http.StatusOK && json.Unmarshal(body, &fields) == nil {
		if _, ok := fields["id_token"]; ok {
			delete(fields, "id_token")
			body, _ = json.Marshal(fields) // re-encoding decoded raw JSON cannot fail
		}
	}
	maps.Copy(w.Header(), rec.header)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(body)
}

// recordedResponse holds a handler's answer until it is rewritten.
type recordedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recordedResponse) Header() http.Header         { return r.header }
func (r *recordedResponse) WriteHeader(status int)      { r.status = status }
func (r *recordedResponse) Write(b []byte) (int, error) { return r.body.Write(b) }
