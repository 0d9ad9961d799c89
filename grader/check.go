// Package grader holds authlab's check model, the result model shared by the
// TUI, the CLI and JSON output, and the runner that grades a target package
// in a separate process.
package grader

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Check is one graded behaviour of a stage. Checks are data: the same list
// drives the TUI, the CLI, JSON output and the grader's own tests.
type Check struct {
	ID     string // stable, kebab-case, unique within a stage
	Name   string // one line saying what is checked
	Sends  string // what the grader sends
	Expect string // what a correct implementation answers
	Hint   string // what to look at when the check fails
	// Deadline, when set, replaces CheckDeadline for this check: the deep
	// tier's longer explorations need more.
	Deadline time.Duration
	// Run performs the check. It returns nil on success and, preferably, a
	// *Failure otherwise.
	Run func(ctx context.Context) error
}

// Failure is a failed check: what was sent, what should have come back and
// what came back from the learner's code.
type Failure struct {
	Sent     string
	Expected string
	Got      string
	Detail   string // optional: body excerpt, server log, panic text
	// Where, when known, is the line of learner code the failure comes
	// from (see LearnerFrame).
	Where string
	// Hint, when set, replaces the check's hint: it follows the cause this
	// failure found, where one check can fail for several reasons.
	Hint string
	// GotPhrases, when set, are the parts of Got that authlab may
	// translate: Got is JoinPhrases(GotPhrases).
	GotPhrases []Phrase
	// ExpectedPhrase, when set, says Expected in a phrase authlab may
	// translate.
	ExpectedPhrase *Phrase
	// SentPhrase, when set, says Sent in a phrase authlab may translate.
	SentPhrase *Phrase
	// HintPhrase, when set, says Hint in a phrase authlab may translate.
	HintPhrase *Phrase
	// DetailPhrase, when set, says Detail in a phrase authlab may translate.
	DetailPhrase *Phrase
}

func (f *Failure) Error() string {
	var b strings.Builder
	if f.Sent != "" {
		fmt.Fprintf(&b, "sent %s; ", f.Sent)
	}
	fmt.Fprintf(&b, "expected %s; got %s", f.Expected, f.Got)
	return b.String()
}

// Fail builds a *Failure from phrases authlab may translate: what was sent
// (a zero Phrase when nothing), what should have come back and what came
// back. It is the usual way for a check to fail.
func Fail(sent, expected Phrase, got ...Phrase) *Failure {
	f := &Failure{Expected: expected.Text, ExpectedPhrase: &expected, Got: JoinPhrases(got), GotPhrases: got}
	f.SaySent(sent)
	return f
}

// SaySent sets what f says was sent to sent, a phrase authlab may
// translate; a zero Phrase says nothing was.
func (f *Failure) SaySent(sent Phrase) {
	f.Sent, f.SentPhrase = sent.Text, nil
	if sent.Text != "" {
		f.SentPhrase = &sent
	}
}

// SayHint sets f's hint, which replaces the check's, to hint, a phrase
// authlab may translate.
func (f *Failure) SayHint(hint Phrase) *Failure {
	f.Hint, f.HintPhrase = hint.Text, &hint
	return f
}

// SayDetail sets f's detail to detail, a phrase authlab may translate.
func (f *Failure) SayDetail(detail Phrase) *Failure {
	f.Detail, f.DetailPhrase = detail.Text, &detail
	return f
}

// AddGot adds got to what f says came back, after what it says already.
func (f *Failure) AddGot(got ...Phrase) {
	if len(f.GotPhrases) == 0 && f.Got != "" {
		f.GotPhrases = []Phrase{Literal(f.Got)}
	}
	f.GotPhrases = append(f.GotPhrases, got...)
	f.Got = JoinPhrases(f.GotPhrases)
}

// phraseCheckCompletes is what a check that ended in an error expected.
var phraseCheckCompletes = NewPhraseForm("expect.check-completes", "the check to complete")

// AsFailure turns any error returned by a check into a *Failure, keeping the
// fields of one that is already a *Failure.
func AsFailure(err error) *Failure {
	var f *Failure
	if errors.As(err, &f) {
		return f
	}
	return Fail(Phrase{}, phraseCheckCompletes.Say(nil), Literal(err.Error()))
}

// Limit returns how long c may run.
func (c Check) Limit() time.Duration {
	if c.Deadline > 0 {
		return c.Deadline
	}
	return CheckDeadline
}
