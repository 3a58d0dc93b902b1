package extract

import (
	"slices"
	"testing"
)

// TestLoweredRegexpsAgree checks that a case-insensitive gated regexp run
// on the lowered text finds what the original finds on the text.
func TestLoweredRegexpsAgree(t *testing.T) {
	texts := []string{
		"Lundi 15 Mai 2024, la Société GÉNÉRALE a signé avec L'Entreprise Dupont.",
		"SAMEDI DERNIER, le 1er JUILLET 2023, chez Airbus ; Ce Matin, en Septembre 2021.",
		"Avant-hier à la Préfecture de l’Ain, les salariés d’Arcelor ; le 3 déc. 2022.",
		"LA SOCIÉTÉ Michelin, LE 14 FÉVRIER 2020 ; Aujourd’hui, FIN 2025 ou début 2026, la fermeture de l'usine de Florange.",
	}
	for name, g := range map[string]gatedRe{"dayMonthRe": dayMonthRe, "monthYearRe": monthYearRe, "relativeRe": relativeRe, "yearRe": yearRe, "companyCue": companyCue} {
		if g.lre == nil {
			t.Fatalf("%s: no lowered regexp", name)
		}
		for _, text := range texts {
			want := g.re.FindAllStringSubmatchIndex(text, -1)
			got := g.lre.FindAllStringSubmatchIndex(lowerASCII(text), -1)
			if !slices.EqualFunc(want, got, slices.Equal[[]int]) {
				t.Errorf("%s on %q: lowered %v, original %v", name, text, got, want)
			}
		}
	}
}
