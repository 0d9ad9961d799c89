package probe

import (
	"context"
	"runtime/debug"
	"strconv"
	"strings"

	"authlab/grader"
)

// Secret is a credential a check used, which nothing may print.
type Secret struct {
	Label grader.Phrase // how the learner is told what leaked: "the secret"
	Value string
}

// minLeak is the length of the shortest piece of a secret that counts as
// leaked: long enough not to match by chance, short enough to catch a
// "first 16 characters" log line.
const minLeak = 12

// Leaked returns the label of the first secret that output holds whole or
// a piece of (at least minLeak characters), and the piece found: the whole
// secret when any secret shows whole, else the longest run that shows of
// the first secret with a piece in output.
func Leaked(output string, secrets []Secret) (label grader.Phrase, piece string) {
	for _, s := range secrets {
		if s.Value != "" && strings.Contains(output, s.Value) {
			return s.Label, s.Value
		}
	}
	for _, s := range secrets {
		for i := 0; i+minLeak <= len(s.Value); i++ {
			if !strings.Contains(output, s.Value[i:i+minLeak]) {
				continue
			}
			end := i + minLeak
			for end < len(s.Value) && strings.Contains(output, s.Value[i:end+1]) {
				end++
			}
			return s.Label, s.Value[i:end]
		}
	}
	return grader.Phrase{}, ""
}

// The texts of a logs check whose code never returned.
var (
	phraseLogsClean    = grader.NewPhraseForm("logs.clean", "no credential in what your code prints")
	phraseLogsPrinted  = grader.NewPhraseForm("logs.printed", "your code printed {{.Label}}: {{.Line}}")
	phraseLogsAnswered = grader.NewPhraseForm("logs.answered", "the requests answered, and no credential in what your code prints")
	phraseLogsBlocking = grader.NewPhraseForm("logs.blocking", "no answer before the check's deadline: your code is blocking "+
		"(a handler or function that never returns, or a lock held forever)")
)

// QuietLogsCheck returns the check that runs exercise (requests a stage
// makes of the learner's code: good credentials and bad) while capturing
// everything the process prints, and fails when the output holds any of
// the credentials exercise returns, or a piece of one.
func QuietLogsCheck(sends grader.Phrase, exercise func(ctx context.Context) ([]Secret, error)) grader.Check {
	return grader.Check{
		ID: "logs-hold-no-credentials", Name: "Nothing your code prints or logs holds a credential",
		Sends:  sends.Text + ", capturing everything the process prints (stdout, stderr, the log package, slog)",
		Expect: "no credential in the output, whole or in part: neither a secret, a password, a token nor the Authorization header",
		Hint: "Log that a request was refused and why (\"invalid token: expired\"), never what it carried: logs are kept, shipped and read " +
			"by many. If you must tell tokens apart, log a short hash of one, never the token.",
		Run: func(ctx context.Context) error {
			var secrets []Secret
			var runErr error
			finished := make(chan struct{})
			output, err := CaptureOutput(ctx, func() {
				// The exercise runs on a goroutine of its own: a panic in
				// the code under test must fail the check, not the grader.
				defer func() {
					if p := recover(); p != nil {
						root, dir := grader.LearnerDirs()
						runErr = grader.PanicCause(p, string(debug.Stack()), root, dir).PanicFailure(sends)
					}
					close(finished)
				}()
				secrets, runErr = exercise(ctx)
			})
			if err != nil {
				return err
			}
			select {
			case <-finished:
			default:
				// The capture ended with ctx: the code under test never
				// returned, and nothing it would have printed was seen.
				f := grader.Fail(sends, phraseLogsAnswered.Say(nil), phraseLogsBlocking.Say(nil))
				f.Hint = grader.HangHint
				return f
			}
			if runErr != nil {
				return runErr
			}
			if label, piece := Leaked(output, secrets); label.Text != "" {
				line := lineHolding(output, piece, "<"+label.Text+">")
				f := grader.Fail(sends, phraseLogsClean.Say(nil), phraseLogsPrinted.Say(map[string]any{"Label": label, "Line": strconv.Quote(line)}))
				f.SayDetail(phraseLineNamed.Say(map[string]any{"Line": line}))
				return f
			}
			return nil
		},
	}
}

// lineHolding returns the line of output that holds piece, with piece
// replaced by label and the rest cut short.
func lineHolding(output, piece, label string) string {
	for _, line := range strings.Split(output, "\n") {
		if strings.Contains(line, piece) {
			return excerpt(strings.ReplaceAll(strings.TrimSpace(line), piece, label), 200)
		}
	}
	return ""
}

// phraseLineNamed details the log line that leaked a credential.
var phraseLineNamed = grader.NewPhraseForm("detail.probe.line-named", "the line, with the credential replaced by its name: {{.Line}}")
