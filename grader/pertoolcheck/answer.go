package pertoolcheck

import (
	"authlab/grader"
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// answer is a JSON-RPC answer to a tools/call or tools/list, as the client
// read it.
type answer struct {
	rpcError string // the JSON-RPC error's message, when there is one
	result   map[string]any
	isError  bool
	text     string        // the text content of a tools/call result, joined
	tools    []string      // the tool names of a tools/list result, sorted
	bad      grader.Phrase // why the body is not a JSON-RPC answer, when it is not
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
		return answer{bad: phraseNotJSONRPC.Say(map[string]any{"Body": excerpt(body)})}
	}
	if msg.Error != nil {
		return answer{rpcError: msg.Error.Message}
	}
	if msg.Result == nil {
		return answer{bad: phraseNeither.Say(nil)}
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
func (a answer) describe() grader.Phrase {
	switch {
	case a.bad.Text != "":
		return a.bad
	case a.rpcError != "":
		return phraseRPCError.Say(map[string]any{"Message": strconv.Quote(excerpt(a.rpcError))})
	case a.tools != nil:
		return phraseTheList.Say(map[string]any{"Tools": listText(a.tools)})
	case a.isError:
		return phraseAToolError.Say(map[string]any{"Text": strconv.Quote(excerpt(a.text))})
	}
	return phraseAResult.Say(map[string]any{"Text": strconv.Quote(excerpt(a.text))})
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
