package pertoolcheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// answer is a JSON-RPC answer to a tools/call or tools/list, as the client
// read it.
type answer struct {
	rpcError string // the JSON-RPC error's message, when there is one
	result   map[string]any
	isError  bool
	text     string   // the text content of a tools/call result, joined
	tools    []string // the tool names of a tools/list result, sorted
	bad      string   // why the body is not a JSON-RPC answer, when it is not
}

// parseAnswer reads a JSON-RPC answer from an HTTP body.
func parseAnswer(body string) answer {
	var msg struct {
		Result map[string]any `json:"result"`
		Error  *struct {
			Message string `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&msg); err != nil {
		return answer{bad: "not a JSON-RPC answer: " + excerpt(body)}
	}
	if msg.Error != nil {
		return answer{rpcError: msg.Error.Message}
	}
	if msg.Result == nil {
		return answer{bad: "a JSON-RPC answer with neither result nor error"}
	}
	a := answer{result: msg.Result}
	a.isError, _ = msg.Result["isError"].(bool)
	if content, ok := msg.Result["content"].([]any); ok {
		var parts []string
		for _, c := range content {
			if m, ok := c.(map[string]any); ok && m["type"] == "text" {
				s, _ := m["text"].(string)
				parts = append(parts, s)
			}
		}
		a.text = strings.Join(parts, "\n")
	}
	if tools, ok := msg.Result["tools"].([]any); ok {
		a.tools = []string{}
		for _, t := range tools {
			if m, ok := t.(map[string]any); ok {
				name, _ := m["name"].(string)
				a.tools = append(a.tools, name)
			}
		}
		slices.Sort(a.tools)
	}
	return a
}

// sameCallResult reports whether a tools/call result carries the same
// content and error flag as the server's answer, given as JSON.
func (a answer) sameCallResult(server json.RawMessage) bool {
	var s map[string]any
	dec := json.NewDecoder(bytes.NewReader(server))
	dec.UseNumber()
	if dec.Decode(&s) != nil {
		return false
	}
	sErr, _ := s["isError"].(bool)
	return a.isError == sErr && reflect.DeepEqual(a.result["content"], s["content"])
}

// describe says in a few words what came back.
func (a answer) describe() string {
	switch {
	case a.bad != "":
		return a.bad
	case a.rpcError != "":
		return fmt.Sprintf("a JSON-RPC error (%q)", excerpt(a.rpcError))
	case a.tools != nil:
		return "the list " + listText(a.tools)
	case a.isError:
		return fmt.Sprintf("a tool error %q", excerpt(a.text))
	}
	return fmt.Sprintf("a result %q", excerpt(a.text))
}

// names reports whether a tool error names tool: as sent, or at least in
// another case or without the spaces around it.
func (a answer) names(tool string) bool {
	want := strings.ToLower(strings.TrimSpace(tool))
	return strings.Contains(a.text, tool) || strings.Contains(strings.ToLower(a.text), want)
}

func excerpt(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}
