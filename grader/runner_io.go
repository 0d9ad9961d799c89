package grader

import (
	"bufio"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
)

// reportReader reads the harness's report file incrementally.
type reportReader struct {
	path   string
	offset int64
}

// next returns the results appended since the last call.
func (r *reportReader) next() []CheckResult {
	f, err := os.Open(r.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if _, err := f.Seek(r.offset, 0); err != nil {
		return nil
	}
	var out []CheckResult
	br := bufio.NewReader(f)
	for {
		line, err := br.ReadBytes('\n')
		if err != nil { // a partial line waits for the next call
			break
		}
		r.offset += int64(len(line))
		var res CheckResult
		if json.Unmarshal(line, &res) == nil {
			out = append(out, res)
		}
	}
	return out
}

// compileLine matches the compiler's "file.go:line:col: message".
var compileLine = regexp.MustCompile(`^(\S+\.go):(\d+)(?::(\d+))?: (.+)$`)

// parseBuild extracts file:line errors from the build output.
func parseBuild(output string) *BuildFailure {
	bf := &BuildFailure{Output: strings.TrimSpace(output)}
	for _, line := range strings.Split(output, "\n") {
		m := compileLine.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		bf.Errors = append(bf.Errors, CompileError{
			File: strings.TrimPrefix(m[1], "./"), Line: ln, Column: col, Message: m[4],
		})
	}
	return bf
}

// tailBuffer keeps the last few kilobytes written to it: enough to show why
// a test process died without holding a runaway log in memory.
type tailBuffer struct {
	buf []byte
}

const tailLimit = 16 * 1024

func (t *tailBuffer) WriteString(s string) {
	t.buf = append(t.buf, s...)
	if len(t.buf) > tailLimit {
		t.buf = t.buf[len(t.buf)-tailLimit:]
	}
}

func (t *tailBuffer) String() string { return strings.TrimSpace(string(t.buf)) }
