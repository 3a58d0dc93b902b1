package extract

import (
	_ "embed"
	"strings"
)

// Lexicons generated from Debian's French dictionary (see lexicon/).
var (
	//go:embed lexicon/prenoms.txt
	prenomsData string
	//go:embed lexicon/mots.txt
	motsData string

	firstNames = wordSet(prenomsData, true) // folded: "Edouard" is "Édouard"
	// commonWords are commune names that are also French words.
	commonWords = wordSet(motsData, true)
)

func wordSet(data string, lower bool) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Split(data, "\n") {
		if w = strings.TrimSpace(w); w != "" {
			if lower {
				w = fold(w)
			}
			set[w] = true
		}
	}
	return set
}

// notFirstNames are dictionary first names that, capitalised in press text,
// are far more often something else: places, organisations, words.
var notFirstNames = map[string]bool{
	"France": true, "Paris": true, "Nancy": true, "Lorraine": true, "Loire": true,
	"Chance": true, "Avril": true, "Mai": true, "Juin": true, "Août": true, "Saint": true, "Sainte": true,
	"Grand": true, "Grande": true, "Région": true, "Ville": true, "Aube": true, "Marne": true, "Orne": true,
	"Vienne": true, "Lys": true, "Rose": true, "Reine": true, "Prince": true, "Roi": true, "Lourdes": true,
	"Valence": true, "Angers": true, "Sedan": true, "Nice": true, "Cannes": true, "Agen": true, "Orange": true,
	"Bastia": true, "Dax": true, "Auch": true, "Albi": true, "Tulle": true, "Foix": true, "Gap": true, "Pau": true,
	"Charlotte": false, "Europe": true, "Victoire": true, "Espérance": true, "Constance": true, "Providence": true,
	"Bretagne": true, "Normandie": true, "Savoie": true, "Guadeloupe": true, "Martinique": true, "Guyane": true,
	"Corse": true, "Occitanie": true, "Alsace": true, "Champagne": true, "Picardie": true, "Provence": true,
	"Action": true, "Territoires": true, "Initiative": true, "Petites": true, "Villes": true, "Cœur": true,
	"Ain": true, "Lot": true, "Var": true, "Gard": true, "Cher": true, "Indre": true, "Jura": true,
}

// titleWords are the civilities and titles before a name.
var titleWords = map[string]bool{
	"M": true, "M.": true, "Mme": true, "Mmes": true, "MM": true, "Mlle": true, "Monsieur": true, "Madame": true,
	"Dr": true, "Docteur": true, "Me": true, "Maître": true, "Pr": true, "Professeur": true,
}

// nameParticles may stand inside a family name.
var nameParticles = map[string]bool{
	"de": true, "d'": true, "d’": true, "du": true, "des": true, "de la": true, "van": true, "von": true,
	"der": true, "den": true, "di": true, "da": true, "dos": true, "del": true, "della": true, "ben": true, "el": true,
	"Le": true, "La": true, "Du": true, "Des": true, "De": true, "Van": true, "Von": true, "Di": true, "Da": true, "El": true, "Ben": true, "Mac": true,
}

// roleWords start the role of a person: "Marie Dupont, présidente de ...".
var roleWords = []string{
	"président", "présidente", "vice-président", "vice-présidente", "maire", "adjoint", "adjointe",
	"premier adjoint", "première adjointe", "préfet", "préfète", "sous-préfet", "sous-préfète",
	"ministre", "secrétaire d'état", "secrétaire d’état", "secrétaire général", "secrétaire générale",
	"directeur", "directrice", "délégué", "déléguée", "député", "députée", "sénateur", "sénatrice",
	"conseiller", "conseillère", "chef", "cheffe", "responsable", "gérant", "gérante", "fondateur", "fondatrice",
	"pdg", "p-dg", "ceo", "dg", "recteur", "rectrice", "élu", "élue", "administrateur", "administratrice",
	"commissaire", "coordinateur", "coordinatrice", "chargé", "chargée", "haut-commissaire", "trésorier", "trésorière",
	"porte-parole", "représentant", "représentante", "premier ministre", "première ministre", "vice-présidents",
	"présidents", "maires", "ministres", "préfets", "administrateurs", "directeurs", "sous-préfets", "déléguée générale",
}

// orgHeads are the words that start the name of a body.
var orgHeads = map[string]bool{
	"Région": true, "Département": true, "Communauté": true, "Métropole": true, "Mairie": true, "Ville": true,
	"Préfecture": true, "Ministère": true, "Conseil": true, "Agence": true, "Association": true, "Fédération": true,
	"Syndicat": true, "Chambre": true, "Caisse": true, "Banque": true, "Office": true, "Institut": true, "Union": true,
	"Établissement": true, "Etablissement": true, "Université": true, "Société": true, "Groupe": true, "Comité": true,
	"Conférence": true, "Commission": true, "Direction": true, "Centre": true, "Pôle": true, "Collectivité": true,
	"Assemblée": true, "Parc": true, "Syndicats": true, "Intercommunalités": true, "Régions": true, "Départements": true,
}

// knownOrgs are national bodies and large companies named in the press
// without a generic head word. The value is the canonical name.
var knownOrgs = map[string]string{
	"bpifrance": "Bpifrance", "bpi france": "Bpifrance", "banque des territoires": "Banque des Territoires",
	"business france": "Business France", "pole emploi": "Pôle emploi", "france travail": "France Travail",
	"caisse des depots": "Caisse des Dépôts", "caisse des depots et consignations": "Caisse des Dépôts",
	"ademe": "ADEME", "anct": "ANCT", "cerema": "Cerema", "intercommunalites de france": "Intercommunalités de France",
	"adcf": "AdCF", "regions de france": "Régions de France", "departements de france": "Départements de France",
	"association des maires de france": "Association des maires de France", "amf": "AMF",
	"france urbaine": "France urbaine", "villes de france": "Villes de France", "action logement": "Action Logement",
	"edf": "EDF", "enedis": "Enedis", "grdf": "GRDF", "sncf": "SNCF", "sncf reseau": "SNCF Réseau", "la poste": "La Poste",
	"engie": "Engie", "veolia": "Veolia", "suez": "Suez", "rte": "RTE", "airbus": "Airbus", "renault": "Renault",
	"stellantis": "Stellantis", "michelin": "Michelin", "safran": "Safran", "totalenergies": "TotalEnergies",
	"anru": "ANRU", "anah": "Anah", "cci france": "CCI France", "medef": "Medef", "cpme": "CPME", "epf": "EPF",
	"conseil national de l'industrie": "Conseil national de l'industrie", "france industrie": "France Industrie",
	"afp": "AFP", "reuters": "Reuters", "ouest-france": "Ouest-France", "ouest france": "Ouest-France", "le monde": "Le Monde", "le figaro": "Le Figaro",
	"liberation": "Libération", "les echos": "Les Echos", "la voix du nord": "La Voix du Nord", "midi libre": "Midi Libre", "la depeche": "La Dépêche",
	"la depeche du midi": "La Dépêche du Midi", "sud ouest": "Sud Ouest", "le parisien": "Le Parisien", "le progres": "Le Progrès",
	"l'est republicain": "L'Est Républicain", "le telegramme": "Le Télégramme", "nice-matin": "Nice-Matin", "nice matin": "Nice-Matin",
	"la provence": "La Provence", "france 3": "France 3", "france bleu": "France Bleu", "franceinfo": "franceinfo", "france info": "franceinfo",
	"localtis": "Localtis", "maire-info": "Maire-info", "maire info": "Maire-info", "acteurs publics": "Acteurs publics",
	"la gazette des communes": "La Gazette des communes", "le dauphine libere": "Le Dauphiné libéré", "l'indépendant": "L'Indépendant",
	"agence regionale de sante": "Agence régionale de santé", "ars": "ARS", "caf": "CAF", "cci": "CCI", "cma": "CMA",
	"air france": "Air France", "la banque postale": "La Banque postale", "credit agricole": "Crédit agricole", "caisse d'epargne": "Caisse d'épargne",
	"gendarmerie nationale": "Gendarmerie nationale", "police nationale": "Police nationale", "education nationale": "Éducation nationale",
	"union europeenne": "Union européenne", "commission europeenne": "Commission européenne", "afd": "AFD",
	"epa": "EPA", "insee": "Insee", "cnes": "CNES", "cea": "CEA", "cnrs": "CNRS", "inrae": "INRAE",
	"bouygues": "Bouygues", "vinci": "Vinci", "eiffage": "Eiffage", "thales": "Thales",
}

// acronymStop are upper-case words that are not organisations.
var acronymStop = map[string]bool{
	"PME": true, "TPE": true, "ETI": true, "PIB": true, "TVA": true, "RSA": true, "SA": true, "SAS": true, "SARL": true,
	"EPCI": true, "CRTE": true, "CPER": true, "CTR": true, "PVD": true, "ACV": true, "PLU": true, "PLUI": true, "SCOT": true,
	"ZAC": true, "ZAE": true, "TGV": true, "TER": true, "RN": true, "UE": true, "EU": true, "CO2": true, "HT": true,
	"TTC": true, "OK": true, "II": true, "III": true, "IV": true, "VI": true, "XX": true, "XXI": true, "XXE": true,
	"XIXE": true, "PDF": true, "HTML": true, "RGPD": true, "FAQ": true, "NB": true, "PS": true, "JO": true, "AFP": false,
	"MW": true, "KW": true, "KM": true, "AM": true, "PM": true, "TV": true, "BTP": true, "RH": true, "EHPAD": true,
	"QPV": true, "HLM": true, "SNCF": false, "AOC": true, "IGP": true, "BTS": true, "CAP": true, "DUT": true, "BAC": true, "CDI": true, "CDD": true, "SMS": true, "GPS": true, "LED": true, "ONG": true, "ENR": true, "EPT": true, "CA": true, "CC": true, "CU": true, "DSIL": true, "DETR": true, "FNADT": true,
	"FEDER": true, "FSE": true, "ORT": true, "OPAH": true, "NPNRU": true, "ANR": false, "USA": true, "VIP": true,
	"CEO": true, "PDG": true, "DG": true, "DGS": true, "M": true, "MME": true, "MM": true, "N°": true,
}

// signingVerbs are the forms that report a signature.
var signingWords = []string{
	"signé", "signée", "signés", "signées", "signent", "signera", "signeront", "signait", "signaient", "signe",
	"signature", "signatures", "signataire", "signataires", "paraphé", "paraphée", "paraphés", "paraphées",
	"paraphent", "paraphe", "cosigné", "cosignée", "cosignés", "cosignées", "cosignent", "cosignataires",
	"contresigné", "contresignée", "signer", "parapher", "cosigner", "conclu", "conclue", "conclus", "conclues",
	"scellé", "scellée", "ratifié", "ratifiée", "s'engagent",
}

// agreementHeads are the nouns that name what is signed, with their type.
var agreementHeads = map[string]string{
	"contrat": "contrat", "contrats": "contrat", "convention": "convention", "conventions": "convention",
	"convention-cadre": "convention", "conventions-cadres": "convention", "déclaration": "déclaration",
	"declaration": "déclaration", "pacte": "pacte", "pactes": "pacte", "accord": "accord", "accords": "accord",
	"accord-cadre": "accord", "charte": "charte", "chartes": "charte", "protocole": "protocole", "protocoles": "protocole",
	"avenant": "avenant", "avenants": "avenant", "partenariat": "partenariat", "engagement": "engagement", "crte": "contrat",
	"cper": "contrat", "feuille": "feuille de route", "mémorandum": "protocole", "memorandum": "protocole",
}
