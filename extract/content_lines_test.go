package extract

import "testing"

func TestTailNoise(t *testing.T) {
	for _, tt := range []struct {
		line string
		want bool
	}{
		{"Abonnez-vous à notre Newsletter", true},
		{"Contenu sous licence CC BY-SA 4.0", true},
		{"Cet article a été publié dans la rubrique Territoires.", true},
		{"Posted in Actualités", true},
		{"SUPPORT OUR WORK", true},
		{"Unterstützen Sie uns", true},
		{"La convention a été signée en présence du préfet.", false},
		{"Le support technique sera assuré par la commune.", false},
		{"Le site accueille un nouveau poste.", false},
	} {
		if got := isTailNoise(tt.line); got != tt.want {
			t.Errorf("isTailNoise(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}
