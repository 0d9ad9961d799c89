package probe

import (
	"errors"
	"fmt"
	"strings"
)

// Challenge is one parsed WWW-Authenticate challenge.
type Challenge struct {
	Scheme string
	// Params holds the auth-params by lower-cased name, unquoted.
	Params map[string]string
}

// ParseChallenge parses the first challenge of a WWW-Authenticate value by
// the grammar of RFC 9110 §11.6.1, with the rules RFC 6750 §3 adds for the
// Bearer scheme: parameter values are quoted strings, and no parameter
// appears twice. Its error says what is wrong in words a learner can act
// on.
func ParseChallenge(v string) (Challenge, error) {
	p := &challengeParser{s: v}
	p.skip(" \t")
	scheme := p.token()
	if scheme == "" {
		return Challenge{}, errors.New("it does not start with a scheme name such as Bearer")
	}
	c := Challenge{Scheme: scheme, Params: map[string]string{}}
	if p.done() {
		return c, nil
	}
	if p.skip(" ") == 0 {
		return c, fmt.Errorf("the scheme %q must be followed by a space", scheme)
	}
	for !p.done() {
		start := p.i
		name := p.token()
		if name == "" {
			return c, fmt.Errorf("expected a parameter name at %q", excerpt(p.rest(), 20))
		}
		p.skip(" \t")
		if !p.eat('=') {
			if len(c.Params) > 0 {
				p.i = start // the next challenge starts here
				return c, nil
			}
			return c, fmt.Errorf("%q has no value: parameters are written name=\"value\"", name)
		}
		p.skip(" \t")
		if p.peek() != '"' {
			value := p.token()
			return c, fmt.Errorf("the value of %s must be a quoted string (%s=%q), not %s", name, name, value, value)
		}
		value, err := p.quoted()
		if err != nil {
			return c, fmt.Errorf("the value of %s: %v", name, err)
		}
		key := strings.ToLower(name)
		if _, dup := c.Params[key]; dup {
			return c, fmt.Errorf("the parameter %s appears twice", name)
		}
		c.Params[key] = value
		p.skip(" \t")
		if p.done() {
			break
		}
		if !p.eat(',') {
			return c, fmt.Errorf("parameters must be separated by commas, at %q", excerpt(p.rest(), 20))
		}
		p.skip(" \t")
		for p.eat(',') {
			p.skip(" \t")
		}
	}
	return c, nil
}

type challengeParser struct {
	s string
	i int
}

func (p *challengeParser) done() bool   { return p.i >= len(p.s) }
func (p *challengeParser) rest() string { return p.s[p.i:] }

func (p *challengeParser) peek() byte {
	if p.done() {
		return 0
	}
	return p.s[p.i]
}

func (p *challengeParser) eat(b byte) bool {
	if p.peek() == b && !p.done() {
		p.i++
		return true
	}
	return false
}

func (p *challengeParser) skip(set string) int {
	n := 0
	for !p.done() && strings.IndexByte(set, p.s[p.i]) >= 0 {
		p.i++
		n++
	}
	return n
}

// token reads an RFC 9110 token.
func (p *challengeParser) token() string {
	start := p.i
	for !p.done() && isTchar(p.s[p.i]) {
		p.i++
	}
	return p.s[start:p.i]
}

// quoted reads an RFC 9110 quoted-string and returns it unquoted.
func (p *challengeParser) quoted() (string, error) {
	p.i++ // the opening quote
	var b strings.Builder
	for !p.done() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '"':
			return b.String(), nil
		case c == '\\':
			if p.done() {
				return "", errors.New("it ends with a backslash")
			}
			b.WriteByte(p.s[p.i])
			p.i++
		default:
			b.WriteByte(c)
		}
	}
	return "", errors.New("the closing quote is missing")
}

func isTchar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
