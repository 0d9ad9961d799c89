package lessons_test

import (
	"strings"
	"testing"

	"authlab/grader/stages"
	"authlab/lessons"
)

// TestLessonsNameEveryCheck demands that each lesson's list of what the
// grader checks names every check of its stage, fast and deep tier, as
// **id**, so that no failing check comes as a surprise.
func TestLessonsNameEveryCheck(t *testing.T) {
	course, err := lessons.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range course.Stages {
		st, ok := stages.Lookup(s.ID)
		if !ok {
			t.Errorf("stage %s has no checks in grader/stages", s.ID)
			continue
		}
		text, err := lessons.LessonText(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range append(st.Checks, st.Deep...) {
			if !strings.Contains(text, "**"+c.ID+"**") {
				t.Errorf("%s does not name the check %s (%s): add **%s** to its list of what the grader checks",
					s.Lesson, c.ID, c.Name, c.ID)
			}
		}
	}
}
