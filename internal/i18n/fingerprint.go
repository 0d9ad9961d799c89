package i18n

import (
	"crypto/sha256"
	"encoding/hex"
)

// Fingerprint identifies an English text: "sha256:" and the first 8 hex
// digits of its SHA-256. A translation records the fingerprint of the
// English it translates; when the English changes, the two differ.
func Fingerprint(english string) string {
	sum := sha256.Sum256([]byte(english))
	return "sha256:" + hex.EncodeToString(sum[:])[:8]
}
