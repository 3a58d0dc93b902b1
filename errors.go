package vigie

import "errors"

// Sentinel errors shared by every package. search maps them to HTTP status
// codes in one place.
var (
	// ErrNotFound is returned when a document, event, entity or alert does not exist.
	ErrNotFound = errors.New("not found")
	// ErrInvalid is returned for bad input: a malformed query, parameter or document.
	ErrInvalid = errors.New("invalid input")
)
