package geo

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold returns the key under which a toponym is looked up: lower case,
// without accents, with hyphens, apostrophes (' and ’), dots and runs of
// spaces as one space, and the words "saint" and "sainte" as "st" and
// "ste". "Dôle", "DOLE" and "dole" fold alike, and so do "Nord Franche
// Comté" and "Nord-Franche-Comté", "Île-de-France" and "Ile de France",
// "St-Denis" and "Saint-Denis", "L'Haÿ" and "L’Hay".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // at the start, or after a separator
	for i := 0; i < len(s); {
		c := s[i]
		var r rune
		if c < 0x80 {
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(s[i:])
			i += n
		}
		if isSep(r) {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		space = false
		switch {
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
		case r < 0x80:
			b.WriteByte(byte(r))
		default:
			r = unicode.ToLower(r)
			if m := foldRune(r); m != "" {
				b.WriteString(m)
			} else {
				b.WriteRune(r)
			}
		}
	}
	out := strings.TrimSuffix(b.String(), " ")
	if strings.Contains(out, "saint") {
		out = foldSaint(out)
	}
	return out
}

// foldSaint writes the words "saint" and "sainte" as "st" and "ste".
func foldSaint(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		switch w {
		case "saint":
			words[i] = "st"
		case "sainte":
			words[i] = "ste"
		}
	}
	return strings.Join(words, " ")
}

// isSep reports whether r separates the words of a toponym.
func isSep(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '-', '\'', '.', ',', '’', '‘', '–', '—', '‐', '‑', '\u00a0', '\u202f', '\u2009':
		return true
	}
	return false
}

// foldRune maps the accented and special letters of French (and a few
// others found in place names) to plain letters, or returns "".
func foldRune(r rune) string {
	switch r {
	case 'à', 'â', 'ä', 'á', 'ã', 'å':
		return "a"
	case 'ç':
		return "c"
	case 'é', 'è', 'ê', 'ë':
		return "e"
	case 'î', 'ï', 'í', 'ì':
		return "i"
	case 'ô', 'ö', 'ó', 'ò', 'õ':
		return "o"
	case 'ù', 'û', 'ü', 'ú':
		return "u"
	case 'ÿ':
		return "y"
	case 'ñ':
		return "n"
	case 'œ':
		return "oe"
	case 'æ':
		return "ae"
	case 'ß':
		return "ss"
	}
	return ""
}
