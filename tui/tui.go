// Package tui is authlab's terminal UI: a stage list, a tabbed pane with the
// lesson, the checks, the solution and a diff against it, and the keys that
// edit, grade, hint, reveal and reset. Every action goes through lab.Lab,
// like the CLI's; learner code only ever reaches the TUI as a grader.Report.
package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"authlab/internal/lab"
)

// Options configure the TUI.
type Options struct {
	// Watch starts with watch mode on: saving the exercise runs the checks.
	// The CLI turns it on unless told otherwise.
	Watch bool
	// Editor is the command that opens the exercise file, arguments
	// allowed ("code --wait"). "" means $VISUAL, then $EDITOR.
	Editor string
}

// quitGrace is how long Run waits, after the program ends, for cancelled
// grader runs to take their processes down with them.
const quitGrace = 5 * time.Second

// Run runs the TUI on the terminal, in the alternate screen, until the
// learner quits or ctx is cancelled (authlab was told to stop): either way
// it quits as the q key does, giving the terminal back as it found it.
func Run(ctx context.Context, l *lab.Lab, opts Options) error {
	m := newModel(ctx, l, opts)
	p := tea.NewProgram(m)
	stop := context.AfterFunc(ctx, p.Quit)
	_, err := p.Run()
	stop()
	m.shutdown()
	m.com.jobs.wait(quitGrace)
	return err
}

// New returns the TUI's root model, for driving it without a terminal.
func New(l *lab.Lab, opts Options) tea.Model {
	return newModel(context.Background(), l, opts)
}
