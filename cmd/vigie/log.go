package main

import (
	"log/slog"
	"os"
)

// newLogger returns the structured logger of the command line: text on
// standard error, debug level with -v.
func newLogger(verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// isTerminal reports whether f is a character device (a terminal), so a
// live progress line makes sense on it.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
