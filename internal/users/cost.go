package users

import (
	"crypto/rand"
	"encoding/base64"
)

// argonCost is the work an argon2id hash asks for: passes over memory KiB.
type argonCost struct{ time, memory uint32 }

// hashCost is the cost HashPassword hashes with: the real one, unless
// UseLowestCost lowered it.
var hashCost = argonCost{time: argonTime, memory: argonMemory}

// lowestCost is the least work argon2id accepts with one thread.
var lowestCost = argonCost{time: 1, memory: 8}

// UseLowestCost makes HashPassword hash at argon2id's lowest cost (one pass
// over 8 KiB) and replaces DummyHash with such a hash. A hash records its
// cost, so VerifyPassword checks these in microseconds instead of tens of
// milliseconds. It is for the grader's own tests, which log in thousands of
// times and whose verdicts never depend on how long a hash takes; the lab
// itself never calls it. Call it before any hash is made (in TestMain).
func UseLowestCost() {
	hashCost = lowestCost
	DummyHash = mustHash(randomSuffix())
}

// mustHash is HashPassword for a password made here, which cannot fail.
func mustHash(password string) string {
	h, err := HashPassword(password)
	if err != nil {
		panic(err)
	}
	return h
}

// randomSuffix is a random password nobody will ever type.
func randomSuffix() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawStdEncoding.EncodeToString(b)
}
