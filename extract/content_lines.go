package extract

import (
	"regexp"
	"strings"
)

// relatedHeadRe matches the short heading that opens a block of related
// links, comments or sharing at the end of an article.
var relatedHeadRe = regexp.MustCompile(`(?i)^(?:[àa] lire aussi|lire aussi|sur le même sujet|dans la même rubrique|articles? similaires|vous aimerez aussi|ces articles peuvent vous intéresser|related( articles| posts| stories)?|you (?:might|may) also like|more from|read more|recommended|ähnliche (?:beiträge|artikel)|mehr zum thema|auch interessant|das könnte (?:dich|sie) auch interessieren|weitere artikel|verwandte artikel|(?:\d+ )?(?:kommentare?|comments?|commentaires?)|leave a (?:reply|comment)|laisser un commentaire|kommentar schreiben|schreibe einen kommentar|teilen|share this|partager|tags?|schlagworte|schlagwörter|mots-clés|tagged)\s*:?$`)

// noiseLineRe matches lines that are only a date, a time, a photo credit
// or a label, never article text.
var noiseLineRe = regexp.MustCompile(`(?i)^(?:(?:foto|photo|bild|crédit|credit|image|quelle|source|anzeige|werbung|publicité|advertisement|tags?|tagged|schlagworte|mots-clés)\s*:.{0,60}|\d{1,2}:\d{2}(?:\s*(?:uhr|am|pm|h))?|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*uhr)?)?|(?:anzeige|werbung|advertisement|publicité|weiterlesen|mehr lesen|lire la suite|read more|en savoir plus|zurück|retour|top|nach oben|haut de page))$`)

// cleanLines drops noise lines and, when a related-links heading comes in
// the last part of the text, everything from it on.
func cleanLines(text string) string {
	if text == "" {
		return text
	}
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for i, l := range lines {
		if len(l) < 80 && relatedHeadRe.MatchString(strings.TrimSpace(l)) {
			if i*3 >= len(lines)*2 && i > 0 {
				break
			}
			continue
		}
		if len(l) < 100 && noiseLineRe.MatchString(strings.TrimSpace(l)) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
