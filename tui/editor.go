package tui

import (
	"errors"
	"os"
	"os/exec"
	"strings"

	tea "charm.land/bubbletea/v2"

	"authlab/internal/i18n"
	"authlab/internal/scratch"
)

// editorDoneMsg says the learner's editor exited.
type editorDoneMsg struct {
	stage  string
	editor string
	err    error
}

// editorCommand returns the editor the learner chose: the configured one,
// else $VISUAL, else $EDITOR.
func (m *model) editorCommand() string {
	for _, e := range []string{m.editor, os.Getenv("VISUAL"), os.Getenv("EDITOR")} {
		if strings.TrimSpace(e) != "" {
			return e
		}
	}
	return ""
}

// openEditor suspends the TUI and opens the stage's exercise file in the
// learner's editor. The editor may carry arguments ("code --wait").
func (m *model) openEditor() tea.Cmd {
	file := m.com.lab.Path(m.stage.ExerciseFile())
	editor := m.editorCommand()
	fields := strings.Fields(editor)
	if len(fields) == 0 {
		m.setStatus(statusWarn(i18n.T(i18n.TUINoEditor, i18n.Args{"File": file})))
		return nil
	}
	cmd := exec.Command(fields[0], append(fields[1:], file)...)
	// The editor, and what it starts (a language server, a daemon), may
	// outlive authlab: it keeps the user's temporary folder, not authlab's.
	cmd.Env = scratch.UserEnv(os.Environ())
	stage := m.stage.ID
	return tea.ExecProcess(cmd, func(err error) tea.Msg {
		return editorDoneMsg{stage: stage, editor: fields[0], err: err}
	})
}

// onEditorDone reports an editor that failed and otherwise runs the checks
// on what the learner saved.
func (m *model) onEditorDone(msg editorDoneMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, exec.ErrNotFound) {
			m.setStatus(statusError(i18n.T(i18n.TUIEditorNotFound, i18n.Args{"Editor": msg.editor})))
		} else {
			m.setStatus(statusError(i18n.T(i18n.TUIEditorFailed, i18n.Args{"Editor": msg.editor, "Err": msg.err, "File": m.com.lab.Path(m.stage.ExerciseFile())})))
		}
		return nil
	}
	if msg.stage != m.stage.ID {
		return nil
	}
	return m.check()
}
