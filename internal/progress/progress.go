// Package progress stores which stages a learner has passed. The Store is the
// single owner of that state and saves inside its own mutators, atomically,
// so progress is never half-written and never silently lost.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"authlab/internal/i18n"
)

// FormatVersion is the version of the progress file this build writes.
const FormatVersion = 1

// file is the on-disk form.
type file struct {
	Version int                  `json:"version"`
	Current string               `json:"current,omitempty"`
	Passed  map[string]time.Time `json:"passed"`
}

// Store is a learner's progress, backed by one JSON file.
type Store struct {
	path string

	mu   sync.Mutex
	data file
	// warning is set when Open had to set an unreadable file aside; it is
	// an error only so that its text speaks the language in use when read.
	warning error
}

// Open loads the progress file at path. A missing file means a fresh start.
// A corrupt file, or one of an unknown format, is renamed aside (never
// deleted) and the lab starts fresh; Warning then says where it went.
func Open(path string) (*Store, error) {
	s := &Store{path: path, data: file{Version: FormatVersion, Passed: map[string]time.Time{}}}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, i18n.Error(i18n.ProgressReadFailed, nil, err)
	}
	var f file
	var problem error
	switch err := json.Unmarshal(b, &f); {
	case err != nil:
		problem = i18n.Error(i18n.ProgressNotJSON, nil, err)
	case f.Version != FormatVersion:
		problem = i18n.Error(i18n.ProgressWrongVersion, i18n.Args{"Have": f.Version, "Want": FormatVersion}, nil)
	}
	if problem == nil {
		if f.Passed == nil {
			f.Passed = map[string]time.Time{}
		}
		s.data = f
		return s, nil
	}
	aside := fmt.Sprintf("%s.unreadable-%s", path, time.Now().Format("20060102-150405"))
	if err := os.Rename(path, aside); err != nil {
		return nil, i18n.Error(i18n.ProgressAsideFailed, i18n.Args{"Path": path, "Problem": problem}, err)
	}
	s.warning = i18n.Error(i18n.ProgressSetAside, i18n.Args{"Problem": problem, "Aside": aside}, nil)
	return s, nil
}

// Warning returns what Open had to do to an unreadable file, or "".
func (s *Store) Warning() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warning == nil {
		return ""
	}
	return s.warning.Error()
}

// Passed reports whether the stage has been passed.
func (s *Store) Passed(stage string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.data.Passed[stage]
	return ok
}

// PassedAt returns when the stage was first passed.
func (s *Store) PassedAt(stage string) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.data.Passed[stage]
	return t, ok
}

// Current returns the stage the learner last worked on, or "".
func (s *Store) Current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.Current
}

// MarkPassed records the stage as passed (keeping the first time it was) and
// saves.
func (s *Store) MarkPassed(stage string, at time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.data.Passed[stage]; ok {
		return nil
	}
	s.data.Passed[stage] = at.UTC().Truncate(time.Second)
	return s.save()
}

// SetCurrent records the stage the learner is working on and saves.
func (s *Store) SetCurrent(stage string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.data.Current == stage {
		return nil
	}
	s.data.Current = stage
	return s.save()
}

// save writes the file atomically: a temporary file in the same folder,
// synced, then renamed over the old one. The caller holds s.mu.
func (s *Store) save() error {
	b, err := json.MarshalIndent(s.data, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	tmp, err := os.CreateTemp(dir, ".progress-*.tmp")
	if err != nil {
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	if err := tmp.Close(); err != nil {
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	if err := os.Rename(tmp.Name(), s.path); err != nil {
		return i18n.Error(i18n.ProgressSaveFailed, nil, err)
	}
	return nil
}
