package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"vigie/extract"
)

func runEval(ctx context.Context, args []string) error {
	fs := newFlagSet("eval", "[flags]",
		"Score the extractor on the evaluation sets of the shared directory:\n"+
			"  gold       gold/seeds.jsonl and gold/dev.jsonl, scored by eval/score.py (needs python3)\n"+
			"  htmldate   peer-eval/htmldate: publication date accuracy, all pages and French pages\n"+
			"  trafilatura peer-eval/trafilatura: main-text precision, recall and F1\n"+
			"Predictions on the gold sets are kept in --out for inspection.")
	shared := fs.String("shared", filepath.Join("..", "shared"), "shared directory with gold/, eval/ and peer-eval/")
	sets := fs.String("sets", "gold,htmldate,trafilatura", "comma-separated sets to score")
	out := fs.String("out", "", "directory for the predictions (default: a temporary directory)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := os.Stat(*shared); err != nil {
		return fmt.Errorf("eval: the evaluation sets are not here (%v); give their directory with --shared", err)
	}
	dir := *out
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "vigie-eval-"); err != nil {
			return err
		}
	}
	for _, set := range strings.Split(*sets, ",") {
		var err error
		switch strings.TrimSpace(set) {
		case "gold":
			err = evalGold(ctx, *shared, dir, os.Stdout)
		case "htmldate":
			err = evalPeer(os.Stdout, "htmldate (publication date)", func() (extract.EvalScore, error) {
				return extract.EvalPublished(filepath.Join(*shared, "peer-eval", "htmldate"))
			})
		case "trafilatura":
			err = evalPeer(os.Stdout, "trafilatura (main text)", func() (extract.EvalScore, error) {
				return extract.EvalMainText(filepath.Join(*shared, "peer-eval", "trafilatura"))
			})
		default:
			err = fmt.Errorf("unknown set %q", set)
		}
		if err != nil {
			return fmt.Errorf("eval %s: %w", set, err)
		}
	}
	return nil
}

func evalPeer(w io.Writer, name string, score func() (extract.EvalScore, error)) error {
	s, err := score()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "== %s\n%s\n\n", name, s)
	return nil
}

// evalGold extracts every gold document, writes the predictions in dir and
// scores them with the shared scoring script.
func evalGold(ctx context.Context, shared, dir string, w io.Writer) error {
	p := extract.New()
	for _, name := range []string{"seeds", "dev"} {
		gold := filepath.Join(shared, "gold", name+".jsonl")
		in, err := os.ReadFile(gold)
		if err != nil {
			return err
		}
		var pred bytes.Buffer
		if err := extractLines(ctx, p, bytes.NewReader(in), &pred, w); err != nil {
			return err
		}
		predFile := filepath.Join(dir, name+".pred.jsonl")
		if err := os.WriteFile(predFile, pred.Bytes(), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(w, "== gold/%s.jsonl (predictions in %s)\n", name, predFile)
		python, err := exec.LookPath("python3")
		if err != nil {
			fmt.Fprintln(w, "python3 is not installed: cannot run eval/score.py")
			continue
		}
		cmd := exec.CommandContext(ctx, python, filepath.Join(shared, "eval", "score.py"), gold, predFile)
		cmd.Stdout, cmd.Stderr = w, w
		if err := cmd.Run(); err != nil && !errors.As(err, new(*exec.ExitError)) {
			return err
		}
		fmt.Fprintln(w)
	}
	return nil
}
