package i18n

// Error returns an error whose text is message id, filled in with args, in
// the language in use when the text is read, so an error made before the
// learner chose a language still speaks it. A non-nil cause fills the
// message's {{.Err}} and is what errors.Is and errors.As look through.
func Error(id ID, args Args, cause error) error {
	return &messageError{id: id, args: args, cause: cause}
}

// messageError is an error told by a catalog message.
type messageError struct {
	id    ID
	args  Args
	cause error
}

func (e *messageError) Error() string {
	args := Args{}
	for k, v := range e.args {
		args[k] = v
	}
	if e.cause != nil {
		args["Err"] = e.cause.Error()
	}
	return T(e.id, args)
}

func (e *messageError) Unwrap() error { return e.cause }
