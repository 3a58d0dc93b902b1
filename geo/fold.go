package geo

import "strings"

// foldMap maps the accented and special letters of French to plain letters.
var foldMap = map[rune]string{
	'à': "a", 'â': "a", 'ä': "a", 'á': "a", 'ã': "a", 'å': "a",
	'ç': "c", 'é': "e", 'è': "e", 'ê': "e", 'ë': "e",
	'î': "i", 'ï': "i", 'í': "i", 'ì': "i",
	'ô': "o", 'ö': "o", 'ó': "o", 'ò': "o", 'õ': "o",
	'ù': "u", 'û': "u", 'ü': "u", 'ú': "u", 'ÿ': "y", 'ñ': "n",
	'œ': "oe", 'æ': "ae", 'ß': "ss",
}

// Fold returns the key under which a toponym is looked up: lower case,
// without accents, with hyphens, apostrophes and runs of spaces as one
// space, and "Saint"/"Sainte" as "st"/"ste". "Dôle", "DOLE" and "dole" fold
// alike, and so do "Nord Franche Comté" and "Nord-Franche-Comté".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '-' || r == '\'' || r == '’' || r == ' ' || r == '\t' || r == '\n' || r == '.' || r == '‘' || r == '–':
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case r < 0x80:
			b.WriteRune(r)
		default:
			if m, ok := foldMap[r]; ok {
				b.WriteString(m)
			} else {
				b.WriteRune(r)
			}
		}
		space = false
	}
	out := strings.TrimSuffix(b.String(), " ")
	if strings.HasPrefix(out, "saint ") || strings.Contains(out, " saint ") {
		out = strings.ReplaceAll(" "+out, " saint ", " st ")[1:]
	}
	if strings.HasPrefix(out, "sainte ") || strings.Contains(out, " sainte ") {
		out = strings.ReplaceAll(" "+out, " sainte ", " ste ")[1:]
	}
	return out
}
