// Package jwtdates enforces RFC 7519 §2 on a token's dates: exp, nbf and
// iat are NumericDates, JSON numbers. golang-jwt's RegisteredClaims also
// decodes them from strings ("exp": "1893456000"), so a claims type that
// embeds it calls Check from its UnmarshalJSON.
package jwtdates

import (
	"encoding/json"
	"fmt"
)

// Names are the registered claims that hold NumericDates.
var Names = []string{"exp", "nbf", "iat"}

// Check returns an error when the JSON object payload holds a NumericDate
// claim that is not a JSON number (a string, null, a list).
func Check(payload []byte) error {
	var claims map[string]json.RawMessage
	if err := json.Unmarshal(payload, &claims); err != nil {
		return err
	}
	for _, name := range Names {
		v, ok := claims[name]
		if !ok {
			continue
		}
		var n json.Number
		if len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9')) || json.Unmarshal(v, &n) != nil {
			return fmt.Errorf("the %s claim is %s, not a NumericDate (a JSON number)", name, v)
		}
	}
	return nil
}
