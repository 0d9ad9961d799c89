package probe

import (
	"net/http"
	"slices"
	"strings"
)

// watchWriter notes the headers a handler sets after the status line was
// written: net/http sends the headers as they were at WriteHeader (which
// http.Error and the first Write call), so later ones are silently lost.
type watchWriter struct {
	http.ResponseWriter
	sent   http.Header // the headers when the status was written
	status int
}

func (w *watchWriter) WriteHeader(code int) {
	if w.sent == nil {
		w.sent, w.status = w.Header().Clone(), code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *watchWriter) Write(b []byte) (int, error) {
	if w.sent == nil {
		w.sent, w.status = w.Header().Clone(), http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming responses through.
func (w *watchWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (w *watchWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// late returns the names of the headers set or changed after the status was
// written, sorted.
func (w *watchWriter) late() []string {
	if w.sent == nil {
		return nil
	}
	var names []string
	for k, v := range w.Header() {
		if strings.HasPrefix(k, http.TrailerPrefix) {
			continue
		}
		if !slices.Equal(w.sent[k], v) {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	return names
}
