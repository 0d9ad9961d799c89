// Package refresh is the reference solution of stage 5 of
// authlab, Refresh.
package refresh

import "net/http"

// Protect returns next wrapped in middleware that refuses a request with no
// Authorization header.
func Protect(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
