package extract

import (
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// EvalScore is the score of an extraction stage on a peer evaluation set,
// counted the way the set's authors count it.
type EvalScore struct {
	Set                string
	Pages              int
	TP, FP, FN, TN     int
	French             *EvalScore // the French pages alone
	NullAsTrueNegative float64    // dates only: accuracy when a missing date for a null gold counts as right
}

// Precision, Recall, Accuracy and F1 of the counts.
func (s EvalScore) Precision() float64 { return ratio(s.TP, s.TP+s.FP) }
func (s EvalScore) Recall() float64    { return ratio(s.TP, s.TP+s.FN) }
func (s EvalScore) Accuracy() float64  { return ratio(s.TP+s.TN, s.TP+s.TN+s.FP+s.FN) }
func (s EvalScore) F1() float64        { return ratio(2*s.TP, 2*s.TP+s.FP+s.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func (s EvalScore) String() string {
	line := func(name string, s EvalScore) string {
		return fmt.Sprintf("%-8s pages %4d  P %.3f  R %.3f  Acc %.3f  F1 %.3f  (TP %d FP %d FN %d TN %d)",
			name, s.Pages, s.Precision(), s.Recall(), s.Accuracy(), s.F1(), s.TP, s.FP, s.FN, s.TN)
	}
	out := line("all", s)
	if s.French != nil {
		out += "\n" + line("French", *s.French)
	}
	return out
}

// peerPage is one entry of a peer set's expected.json.
type peerPage struct {
	URL     string   `json:"url"`
	Path    string   `json:"path"`
	French  bool     `json:"french"`
	Date    *string  `json:"date"`
	With    []string `json:"with"`
	Without []string `json:"without"`
}

func loadPeer(dir string) ([]peerPage, error) {
	data, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		return nil, err
	}
	var pages []peerPage
	if err := json.Unmarshal(data, &pages); err != nil {
		return nil, fmt.Errorf("%s/expected.json: %w", dir, err)
	}
	return pages, nil
}

func readGz(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// EvalPublished scores publication dates on the htmldate set in dir
// (peer-eval/htmldate): only the day counts; a missing date for a null gold
// is a false negative as in the peer's code, and NullAsTrueNegative gives
// the stricter reading. The tests score every third page for speed.
func EvalPublished(dir string) (EvalScore, error) { return evalPublished(dir, 1) }

func evalPublished(dir string, every int) (EvalScore, error) {
	pages, err := loadPeer(dir)
	if err != nil {
		return EvalScore{}, err
	}
	all, fr := EvalScore{Set: "htmldate"}, EvalScore{Set: "htmldate French"}
	nullTN := 0
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, pg := range pages {
		if i%every != 0 {
			continue
		}
		body, err := readGz(filepath.Join(dir, "..", pg.Path))
		if err != nil {
			return all, err
		}
		got := ""
		if pc, err := parsePageAt(body, pg.URL, now); err == nil {
			got = pc.Published
		}
		for _, s := range []*EvalScore{&all, &fr} {
			if s == &fr && !pg.French {
				continue
			}
			s.Pages++
			switch {
			case len(got) != 10:
				s.FN++
				if pg.Date == nil && s == &all {
					nullTN++
				}
			case pg.Date != nil && got == *pg.Date:
				s.TP++
			default:
				s.FP++
			}
		}
	}
	all.French = &fr
	all.NullAsTrueNegative = ratio(all.TP+nullTN, all.Pages)
	return all, nil
}

// EvalMainText scores main-text extraction on the trafilatura set in dir
// (peer-eval/trafilatura): each "with" snippet found is a true positive,
// each "without" snippet found a false positive.
func EvalMainText(dir string) (EvalScore, error) { return evalMainText(dir, 1) }

func evalMainText(dir string, every int) (EvalScore, error) {
	pages, err := loadPeer(dir)
	if err != nil {
		return EvalScore{}, err
	}
	all, fr := EvalScore{Set: "trafilatura"}, EvalScore{Set: "trafilatura French"}
	for i, pg := range pages {
		if i%every != 0 {
			continue
		}
		body, err := readGz(filepath.Join(dir, "..", pg.Path))
		if err != nil {
			return all, err
		}
		text := ""
		if pc, err := parsePage(body, pg.URL); err == nil {
			text = squash(pc.Title + "\n" + pc.Text)
			if strings.TrimSpace(pc.Text) == "" {
				text = ""
			}
		}
		for _, s := range []*EvalScore{&all, &fr} {
			if s == &fr && !pg.French {
				continue
			}
			s.Pages++
			for _, w := range pg.With {
				if text != "" && strings.Contains(text, squash(w)) {
					s.TP++
				} else {
					s.FN++
				}
			}
			for _, w := range pg.Without {
				if text != "" && strings.Contains(text, squash(w)) {
					s.FP++
				} else {
					s.TN++
				}
			}
		}
	}
	all.French = &fr
	return all, nil
}
