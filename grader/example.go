package grader

// Example is a ready-to-paste command against a running stage server, and
// the answer it demonstrates.
type Example struct {
	Title   string `json:"title"`
	Command string `json:"command"`
}
