package bench

// The lexicons of the synthetic corpus. Persons are fictional: real French
// first names joined to surnames built from invented stems and endings
// ("Bertoval", "Quenardel") that are not the names of public figures.
// Places come from the gazetteer; organisations are built from places, from
// a few real public institutions and from invented company names.

var femaleFirstNames = []string{
	"Anne", "Brigitte", "Camille", "Catherine", "Céline", "Chantal", "Claire",
	"Corinne", "Delphine", "Élise", "Émilie", "Florence", "Françoise", "Hélène",
	"Isabelle", "Jacqueline", "Julie", "Karine", "Laure", "Léa", "Lucie",
	"Marie", "Marion", "Martine", "Mathilde", "Nathalie", "Nicole", "Pascale",
	"Sandrine", "Sophie", "Stéphanie", "Sylvie", "Valérie", "Véronique",
	"Agnès", "Béatrice", "Cécile", "Dominique", "Édith", "Géraldine",
}

var maleFirstNames = []string{
	"Alain", "André", "Antoine", "Bernard", "Bruno", "Christian", "Christophe",
	"Claude", "Daniel", "David", "Didier", "Éric", "Étienne", "François",
	"Frédéric", "Gérard", "Gilles", "Guillaume", "Hervé", "Jacques",
	"Jean-Luc", "Jean-Marc", "Jean-Pierre", "Julien", "Laurent", "Luc",
	"Marc", "Mathieu", "Michel", "Nicolas", "Olivier", "Pascal", "Patrick",
	"Philippe", "Pierre", "Rémi", "Serge", "Stéphane", "Thierry", "Yves",
}

// surnameStems and surnameEndings combine into invented surnames.
var surnameStems = []string{
	"Bert", "Quen", "Valm", "Tross", "Gald", "Morv", "Ebr", "Lirn", "Sauv",
	"Drav", "Furn", "Clav", "Vesc", "Hald", "Marg", "Pell", "Orv", "Brig",
	"Carn", "Dulm", "Ferv", "Gorn", "Jarl", "Kerv", "Lomb", "Norb", "Parv",
	"Rosc", "Sarv", "Tavr", "Urb", "Verz", "Walb", "Zerm", "Aub", "Blaz",
	"Crev", "Dorn", "Estr", "Flav",
}

var surnameEndings = []string{
	"oval", "ardel", "eronde", "iaque", "ouzet", "ardin", "ignol", "ebrac",
	"aumier", "olet", "ivard", "anchou", "elmont", "orgue", "avenne", "issac",
	"uchard", "ondel", "agnol", "erval", "ousset", "inaud", "ennec", "audrel",
}

// agreement is a kind of agreement the corpus signs.
type agreement struct {
	Type     string // vigie.Event.Type
	Name     string // as written after the article
	Feminine bool
}

var agreements = []agreement{
	{"contrat", "contrat Territoires d'industrie", false},
	{"contrat", "contrat de relance et de transition écologique (CRTE)", false},
	{"contrat", "contrat bourg-centre", false},
	{"contrat", "contrat de ville", false},
	{"contrat", "contrat local de santé", false},
	{"contrat", "contrat de réciprocité ville-campagne", false},
	{"convention", "convention Petites villes de demain", true},
	{"convention", "convention de partenariat pour le développement économique", true},
	{"convention", "convention-cadre Action cœur de ville", true},
	{"convention", "convention de revitalisation du bassin d'emploi", true},
	{"convention", "convention de financement du pôle d'échanges multimodal", true},
	{"convention", "convention d'objectifs pour la transition énergétique", true},
	{"déclaration", "déclaration commune pour la réindustrialisation", true},
	{"déclaration", "déclaration d'intention pour l'hydrogène vert", true},
	{"pacte", "pacte territorial pour l'emploi", false},
	{"pacte", "pacte pour la transition écologique", false},
	{"accord", "accord-cadre de coopération", false},
	{"accord", "accord de relance du contrat de plan État-Région", false},
	{"charte", "charte d'engagement pour la sobriété foncière", true},
	{"charte", "charte de coopération transfrontalière", true},
	{"protocole", "protocole d'accord pour la revitalisation du site", false},
	{"protocole", "protocole de coopération sur la gestion de l'eau", false},
}

// institutions are real public bodies that sign as organisations.
var institutions = []string{
	"Bpifrance", "Banque des Territoires", "ADEME", "Action Logement",
	"Business France", "France Travail", "Agence nationale de la cohésion des territoires",
	"Caisse des Dépôts", "Agence régionale de santé", "Chambre de commerce et d'industrie",
	"Chambre d'agriculture", "Établissement public foncier",
}

// companyStems and companySuffixes make invented company names.
var companyStems = []string{
	"Valtro", "Forge", "Méca", "Sylva", "Hydro", "Lumin", "Agri", "Tech",
	"Ferro", "Océa", "Terra", "Vitr", "Plast", "Therm", "Bois", "Granit",
}

var companyEndings = []string{
	"nix", "val", "dis", "core", "line", "tem", "sud", "nord", "flex", "matic",
}

var companyKinds = []string{
	"Industrie", "SAS", "Énergies", "Composites", "Logistique", "Services",
	"Mécanique", "Agroalimentaire",
}

var themes = []string{
	"la réindustrialisation", "la transition écologique", "la mobilité durable",
	"l'accès aux soins", "le très haut débit", "la rénovation énergétique des bâtiments",
	"la formation professionnelle", "l'économie circulaire", "la revitalisation des centres-bourgs",
	"la gestion de l'eau", "le tourisme de pleine nature", "l'agriculture biologique",
	"l'habitat inclusif", "l'emploi des jeunes", "la sobriété foncière",
	"l'hydrogène vert", "les circuits courts", "la biodiversité", "l'inclusion numérique",
	"la sécurité routière", "la méthanisation agricole", "la petite enfance",
	"le commerce de proximité", "la prévention des inondations", "la filière bois",
	"l'enseignement supérieur", "la culture en milieu rural", "le vieillissement de la population",
}

// projects carry their article: "le ", "la " or "l'".
var projects = []string{
	"le pôle d'échanges multimodal", "la maison de santé pluriprofessionnelle", "le tiers-lieu",
	"la médiathèque intercommunale", "la zone d'activités économiques", "la piste cyclable",
	"la station d'épuration", "la chaufferie biomasse", "la halle gourmande", "le gymnase",
	"le groupe scolaire", "la friche industrielle", "le centre aquatique", "le réseau de chaleur",
	"le parc photovoltaïque", "le méthaniseur", "l'espace France services", "la voie verte",
	"la pépinière d'entreprises", "le centre de formation des apprentis", "la résidence seniors",
	"l'office de tourisme", "la crèche intercommunale", "la salle polyvalente", "l'éco-quartier",
	"la plateforme logistique", "l'atelier de découpe", "le centre de tri", "l'aire de covoiturage",
	"le conservatoire de musique", "le marché couvert", "l'unité de production d'hydrogène",
}

var adjectives = []string{
	"ambitieux", "structurant", "inédit", "concret", "durable", "innovant",
	"attendu", "décisif", "essentiel", "partenarial", "stratégique", "exemplaire",
}

var monthNames = []string{
	"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre",
}

var weekdayNames = []string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// pressTitles are the fictional regional papers and news sites of the corpus.
var pressTitles = []struct{ Name, Host string }{
	{"Le Petit Courrier", "petit-courrier.fr"},
	{"L'Écho des Territoires", "echo-territoires.fr"},
	{"La Gazette des Communes rurales", "gazette-communes-rurales.fr"},
	{"Le Journal des Élus locaux", "journal-elus-locaux.fr"},
	{"Territoires Hebdo", "territoires-hebdo.fr"},
	{"Actu Régions", "actu-regions.fr"},
	{"Le Réveil du Bocage", "reveil-bocage.fr"},
	{"La Voix des Vallées", "voix-des-vallees.fr"},
	{"Le Messager du Plateau", "messager-plateau.fr"},
	{"L'Informateur local", "informateur-local.fr"},
	{"Le Républicain des Collines", "republicain-collines.fr"},
	{"La Tribune des Bourgs", "tribune-bourgs.fr"},
	{"Le Progrès rural", "progres-rural.fr"},
	{"L'Observateur du Littoral", "observateur-littoral.fr"},
	{"Info Intercos", "info-intercos.fr"},
	{"Le Moniteur des Territoires", "moniteur-territoires.fr"},
	{"Économie & Territoires", "economie-territoires.fr"},
	{"La Lettre des Régions", "lettre-des-regions.fr"},
	{"Le Carnet du Massif", "carnet-massif.fr"},
	{"L'Hebdo de la Plaine", "hebdo-plaine.fr"},
}

var navItems = []string{
	"Accueil", "Actualités", "Économie", "Politique", "Territoires", "Société",
	"Environnement", "Sports", "Culture", "Agenda", "Emploi", "Contact",
}

var tagWords = []string{
	"Industrie", "Intercommunalité", "Région", "Département", "Transition",
	"Santé", "Mobilité", "Emploi", "Ruralité", "Contrat", "Convention",
	"Aménagement", "Énergie", "Eau", "Logement", "Numérique",
}
