package extract

import (
	"regexp"
	"strings"
)

// relatedHeadRe matches the short heading that opens a block of related
// links, comments, sharing or the author's box at the end of an article,
// in the languages of the pages Vigie meets.
var relatedHeadRe = regexp.MustCompile(`(?i)^(?:` +
	// French
	`[àa] lire aussi|lire aussi|[àa] découvrir(?: aussi)?|[àa] voir aussi|voir aussi|sur le même (?:sujet|thème)|dans la même rubrique|articles? similaires|vous aimerez aussi|ces articles peuvent vous intéresser|pour aller plus loin|nos derniers articles|les plus lus|vos réactions|réagir|[àa] propos de l'auteur|laisser un commentaire|partager(?: cet article)?|mots-clés|` +
	// English
	`related(?: articles| posts| stories| coverage| content| topics)?|you (?:might|may) also like|more from.{0,40}|more stories|explore further|more on this(?: story| topic)?|read more|recommended(?: for you)?|about the author|comments are closed\.?|leave a (?:reply|comment)|share this(?: article| post| story| page)?|tagged|` +
	// German
	`ähnliche (?:beiträge|artikel)|empfohlene (?:beiträge|artikel)|schon gelesen|mehr zu diesem thema|weitere (?:artikel|beiträge|nachrichten|meldungen) zum thema|weiterführende informationen|über diese (?:reihe|serie)|mehr aus (?:dem|der) .{0,30}|empfehlungen aus .{0,40}|teilnehmende blogs|permalink|permalien|mehr zum thema.{0,30}|mehr themen|weitere themen|weitere artikel|weitere beiträge.{0,40}|verwandte artikel|auch interessant|das (?:könnte|thema könnte) (?:dich|sie) auch interessieren|zum weiterlesen|weiterführende? links?|über (?:den autor|die autorin)|aktuelle berichte aus dieser kategorie|meistdiskutierte artikel|meistgelesene artikel|kommentare (?:geschlossen|insgesamt.{0,10})|kommentar schreiben|schreibe einen kommentar|(?:diese seite|news|artikel) teilen|möchten sie (?:den|diesen) artikel teilen\??|war (?:der|dieser) artikel (?:nützlich|hilfreich)\??|teilen|schlagworte|schlagwörter|` +
	// Spanish, Portuguese, Italian, Polish
	`więcej informacji|temas relacionados|noticias relacionadas|v[íi]deo recomendado|te puede interesar|veja também|leia também|leggi anche|articoli correlati|zobacz (?:również|także)|czytaj (?:także|też)|inne artykuły autora|` +
	// any language
	`(?:\d+ )?(?:kommentare?|comments?|commentaires?|comentarios?|commenti|komentarze)|tags?` +
	`)\s*[:?!]?$`)

// noiseLineRe matches lines that are only a date, a time, a reading time,
// a photo credit, a publication stamp or a label, never article text.
var noiseLineRe = regexp.MustCompile(`(?i)^(?:` +
	// labels with a short value
	`(?:foto|fotos|photo|photos|bild|crédits?(?: photos?)?|credits?|image|quelle|source|źródło|titelbild|beitragsbild|anzeige|werbung|publicité|advertisement|tags?|tagged|schlagworte|mots-clés|kategorie|catégories?|categories|lesezeit|temps de lecture|reading time)\s*:.{0,60}|` +
	// publication and update stamps that hold a date
	`(?:publié|mis à jour|modifié|aktualisiert|publiziert|veröffentlicht|erstellt|stand|updated|published|posted|last updated|pubblicato|publicado|actualizado|publikacja|aktualizacja)(?: le| am| on| il| el)?\s*:?\s*[^\n]{0,40}\d[^\n]{0,30}|` +
	// a bare date, possibly with a weekday and a time
	`(?:\pL+\.?,?\s+)?\d{1,2}(?:er)?\.?\s+\pL{3,12}\.?,?\s+\d{4}(?:,?\s*(?:um|à|at|-|\|)?\s*\d{1,2}[:h.]\d{2}(?:\s*(?:uhr|h|am|pm))?)?|` +
	`(?:\pL+,?\s+)?\pL{3,12}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?:,?\s*(?:at|-|\|)?\s*\d{1,2}:\d{2}(?:\s*(?:am|pm))?)?|` +
	`\d{1,2}:\d{2}(?:\s*(?:uhr|am|pm|h))?|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*uhr)?)?|` +
	// reading time
	`(?:lesezeit\s*:?\s*)?\d{1,3}\s*(?:min\.?|minutes?|minuten|minut|minutos)(?:\s+(?:read|lesezeit|de lecture|czytania|lectura|lesen))?(?:\s*[-–|·]\s*[\d.,]+\s*(?:words|wörter|mots))?|` +
	// lines made only of a credit
	`[^\n]{0,80}(?:©|\(c\)\s)[^\n]{0,60}|[^\n]{0,60}\s/\s*(?:getty images|afp|reuters|dpa|ap|shutterstock|istock(?:photo)?|picture-alliance|imago(?: images)?|pixabay|unsplash|clipdealer|adobe stock|fotolia)|` +
	`[-–\s]*(?:anzeige|werbung|advertisement|publicité)[-–\s]*|` +
	// debris of players, embeds and scripts that did not run
	`(?:loading|laden|wird geladen|chargement(?: en cours)?|cargando|caricamento)(?:\s+(?:the\s+)?(?:video|player|vidéo|lecteur|inhalt|content))?\s*(?:\.\.\.|…)?|` +
	`.{0,40}(?:um den inhalt von|to load (?:the )?content from|pour charger le contenu de).{0,50}|(?:please |bitte |veuillez )?(?:enable|aktivieren sie|activer) (?:le )?javascript.{0,60}|` +
	`weiterlesen|mehr lesen|lire la suite|read more|en savoir plus|zurück|retour|top|nach oben|haut de page` +
	`)$`)

// tailNoise lists, lower-case, the phrases of the service lines that close
// an article: newsletter and subscription calls, licences, filing notes,
// pleas for support, spam notices and disclaimers. A line is matched by
// substring search: a regexp alternation of them cost 0.1 ms a line.
var tailNoise = []string{
	"newsletter", "abonnez-vous", "inscrivez-vous", "abonnieren sie", "jetzt abonnieren", "subscribe", "sign up",
	"akismet", "creative commons", "cc-by", "cc by", "unter der lizenz", "sous licence", "abgelegt unter",
	"filed under", "this entry was posted", "cet article a été publié", "posted in ", "veröffentlicht und wurde unter",
	"unterstütze", "support our", "support us", "soutenez", "faire un don", "spenden sie", "donate",
	"letter to the editor", "meinung des autors", "opinion of the author", "n'engage que", "in kontakt treten",
	"suggested citation", "zitiervorschlag", "zapraszamy", "suscríbete", "suscribirse",
}

// isTailNoise reports whether line holds one of the tailNoise phrases.
func isTailNoise(line string) bool {
	l := strings.ToLower(line)
	for _, p := range tailNoise {
		if strings.Contains(l, p) {
			return true
		}
	}
	return false
}

// seeAlsoLineRe matches a line pointing to another article inside the
// text ("Lire aussi : ...", "Lesen Sie auch ...").
var seeAlsoLineRe = regexp.MustCompile(`(?i)^(?:[àa] lire aussi|lire aussi|[àa] lire également|lire également|[àa] voir aussi|voir aussi|lesen sie auch|lesen sie mehr|read also|also read|see also|leia também|lea también|lee también|leggi anche|czytaj też|czytaj także|zobacz też|zobacz także)(?:[\s:»>|–-].{0,160})?$`)

// authorLineRe matches an author line at the head of an article: "Par Jean
// Dupont", "Von Anna Schmidt, dpa", "By Jane Doe on May 4, 2020".
var authorLineRe = regexp.MustCompile(`^(?i:par|by|von|por|door|di|auteur\s*:|autor\s*:|texte\s*:|written by|geschrieben von|propos recueillis par)\s+(?:\p{Lu}[\pL'’.-]*\s*){1,4}(?:(?:[,|/–-]|\s(?i:le|am|on|el)\s).{0,60})?$`)

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
		if i < 6 && len(l) < 100 && authorLineRe.MatchString(strings.TrimSpace(l)) {
			continue
		}
		if len(l) < 200 && seeAlsoLineRe.MatchString(strings.TrimSpace(l)) {
			continue
		}
		if len(l) < 100 && noiseLineRe.MatchString(strings.TrimSpace(l)) {
			continue
		}
		if len(l) < 200 && i*3 >= len(lines)*2 && i > 0 && isTailNoise(l) {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}
