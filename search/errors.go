package search

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"vigie"
)

func invalidf(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, vigie.ErrInvalid)...)
}

// statusOf maps an error to the HTTP status the API answers with. It is the
// only place that does.
func statusOf(err error) int {
	switch {
	case errors.Is(err, vigie.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, vigie.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
