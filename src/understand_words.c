/* understand_words.c - the word lists behind the caption understanding.
 *
 * All lists are lower-case ASCII and compared case-insensitively against
 * whole tokens (without a possessive 's).  They are deliberately closed:
 * a word missing here makes the understanding miss a fact, never invent
 * one.
 */
#include "understand_int.h"

#include <pthread.h>
#include <string.h>

/* The months, then the AP abbreviations and the common three-letter
 * forms; month_of[] says which month each is. */
static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
	"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
	NULL
};
static const unsigned char month_of[] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
	1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12,
};

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", NULL
};

/* Titles stripped before a name; their presence also vouches for a
 * one-word name ("President Putin"). */
static const char *const titles[] = {
	"president", "president-elect", "minister", "premier", "chancellor", "king", "queen",
	"prince", "princess", "emir", "sultan", "sheikh", "sheik", "pope", "ayatollah",
	"imam", "cardinal", "archbishop", "bishop", "patriarch", "rabbi", "reverend", "rev",
	"general", "gen", "lieutenant", "lt", "colonel", "col", "major", "maj", "brigadier",
	"brig", "sergeant", "sgt", "captain", "capt", "commander", "cmdr", "admiral", "adm",
	"marshal", "secretary", "secretary-general", "senator", "sen", "rep",
	"representative", "congressman", "congresswoman", "mayor", "governor", "gov",
	"ambassador", "envoy", "speaker", "spokesman", "spokeswoman", "spokesperson",
	"chairman", "chairwoman", "director", "judge", "leader", "mr", "mrs", "ms", "dr",
	"prof", "professor", "sir", "dame", "lord", "lady", "mp", "ceo", "counterpart",
	"actress", "actor", "singer", "coach", "sayyed", "sayyid", "mufti", "mullah",
	"chief", "head", "officer", "cleric", "activist", "journalist", "photographer",
	"player", "striker", "goalkeeper", "corporal", "cpl", "pvt", "pfc", "spc", "specialist",
	"seaman", "airman", "ensign", "commodore", "midshipman", "cadet", NULL
};

/* Words that make a title only together with one above ("Prime Minister",
 * "Foreign Minister", "Supreme Leader", "Crown Prince"). */
static const char *const title_mods[] = {
	"vice", "prime", "crown", "supreme", "deputy", "acting", "former", "foreign",
	"defence", "defense", "interior", "finance", "health", "first", "grand", "field",
	"prime-minister", "opposition", "army", "military", "police", "state", "federal",
	"national", "security", "energy", "oil", "economy", "justice", "education",
	"chief", "general", "attorney", "press", "white", "house", "of", "staff", "master",
	"gunnery", "lance", "senior", "command", "warrant", "petty", "rear", "apprentice",
	"recruit", NULL
};

/* Lower-case nouns that vouch for the name right after them ("Hamas
 * leader Yahya Sinwar", "his counterpart Masoud Pezeshkian"). */
static const char *const cues[] = {
	"leader", "president", "minister", "premier", "counterpart", "spokesman",
	"spokeswoman", "spokesperson", "commander", "chief", "envoy", "ambassador",
	"secretary", "chairman", "king", "queen", "prince", "princess", "pope", "sheikh",
	"cleric", "activist", "journalist", "lawmaker", "candidate", "singer", "actor",
	"actress", "player", "coach", "striker", "midfielder", "goalkeeper", "son",
	"daughter", "wife", "husband", "widow", "mother", "father", "brother", "sister",
	"founder", "officer", "soldier", "mayor", "governor", "senator", "hostage",
	"detainee", "prisoner", "survivor", "director", "ceo", "president-elect",
	"artist", "author", "poet", "rapper", "musician", "cardinal", "rabbi", "imam",
	"general", NULL
};

/* Organisations, movements, events: a name holding one is no person. */
static const char *const orgs[] = {
	"forces", "force", "army", "ministry", "ministries", "office", "presidency",
	"presidential", "media", "party", "brigades", "brigade", "battalion", "battalions",
	"hezbollah", "hizbollah", "hamas", "kataib", "kata'ib", "group", "council",
	"committee", "commission", "university", "organisation", "organization",
	"movement", "front", "union", "association", "league", "federation", "foundation",
	"company", "corporation", "corp", "inc", "ltd", "news", "press", "agency",
	"authority", "authorities", "government", "parliament", "assembly", "court",
	"police", "navy", "guard", "guards", "corps", "command", "militia", "militias",
	"mobilization", "mobilisation", "resistance", "jihad", "taliban",
	"houthi", "houthis", "isis", "isil", "daesh", "nations", "nato", "red", "crescent",
	"cross", "airlines", "airways", "club", "team", "fc", "games", "olympics", "cup",
	"championship", "championships", "festival", "summit", "conference", "forum",
	"day", "week", "year", "war", "revolution", "ceremony", "prize", "award",
	"awards", "times", "post", "journal", "channel", "tv", "television", "radio",
	"network", "service", "services", "institute", "department", "bureau",
	"directorate", "cabinet", "senate", "congress", "kremlin", "mission",
	"observatory", "trust", "fund", "programme", "program", "project", "coalition",
	"alliance", "popular", "democratic", "liberation", "revolutionary", "republic",
	"kingdom", "emirates", "international", "national", "islamic", "global", "world",
	"bank", "state", "states", "administration", "secretariat", "municipality",
	"society", "brothers", "brotherhood", "order", "military", "affairs", "relief", "aid",
	"crisis", "unrest", "election", "elections", "protest", "protests", "strike", "strikes",
	"attack",
	"google", "apple", "facebook", "meta", "twitter", "instagram", "telegram",
	"real", "inter", "united", "athletic", "atletico", "sporting", "olympique",
	"borussia", "dynamo", "rovers", "wanderers", "hotspur", "cf", "sc", "ac", NULL
};

/* Buildings and open spaces: a sublocation when named as where. */
static const char *const venues[] = {
	"square", "street", "st", "avenue", "ave", "road", "boulevard", "highway",
	"airport", "mosque", "church", "cathedral", "basilica", "synagogue", "temple",
	"shrine", "hospital", "clinic", "stadium", "arena", "palace", "hall", "center",
	"centre", "park", "bridge", "gate", "market", "bazaar", "museum", "university",
	"school", "college", "academy", "camp", "base", "port", "harbour", "harbor",
	"station", "cemetery", "castle", "tower", "towers", "embassy", "consulate",
	"house", "building", "compound", "plaza", "mall", "hotel", "prison", "crossing",
	"checkpoint", "capitol", "parliament", "headquarters", "garden", "gardens",
	"beach", "zoo", "theatre", "theater", "cinema", "library", "monument",
	"memorial", "terminal", "pier", "dam", "refinery", "field", "court", "kremlin",
	"airbase", NULL
};

/* Seas, rivers, deserts: places, but not of a gazetteer of cities and
 * regions ("the Red Sea" is no Red Sea Governorate). */
static const char *const naturals[] = {
	"sea", "ocean", "river", "lake", "gulf", "strait", "straits", "canal", "mountains",
	"desert", NULL
};

/* "in northern Iraq", "in the southern Gaza Strip". */
static const char *const compass[] = {
	"northern", "southern", "eastern", "western", "central", "northeastern",
	"northwestern", "southeastern", "southwestern", "north-eastern", "north-western",
	"south-eastern", "south-western", NULL
};

/* Geographic nouns: part of a place name, never of a person's. */
static const char *const place_nouns[] = {
	"city", "strip", "bank", "province", "governorate", "region", "district",
	"county", "state", "valley", "river", "sea", "lake", "mountains", "mountain",
	"mount", "mt", "island", "islands", "desert", "gulf", "bay", "coast", "heights",
	"peninsula", "canal", "border", "hills", "hill", "plain", "plains", "oasis",
	"territory", "territories", "oblast", "krai", "prefecture", "canton",
	"municipality", "village", "town", "quarter", "neighbourhood", "neighborhood",
	"kurdistan", "capital", "north", "south", "east", "west", "northern", "southern",
	"eastern", "western", "central", "upper", "lower", "greater", NULL
};

/* Capitalised words that start sentences but never a name. */
static const char *const commons[] = {
	"a", "an", "the", "this", "that", "these", "those", "in", "on", "at", "from",
	"after", "during", "as", "with", "while", "when", "where", "here", "there", "it",
	"he", "she", "they", "we", "his", "her", "their", "its", "people", "fighters",
	"protesters", "protestors", "demonstrators", "residents", "members", "mourners",
	"soldiers", "troops", "children", "women", "men", "man", "woman", "boy", "girl",
	"supporters", "worshippers", "worshipers", "pilgrims", "relatives", "rescuers",
	"firefighters", "officials", "leaders", "delegates", "students", "workers",
	"thousands", "hundreds", "dozens", "smoke", "flames", "displaced", "wounded",
	"injured", "local", "rescue", "emergency", "armed", "masked", "young", "newly",
	"fans", "visitors", "tourists", "voters", "farmers", "police", "security",
	"civil", "medics", "doctors", "nurses", "journalists", "reporters", "photographers",
	"file", "photo", "handout", "picture", "image", "view", "general", "aerial",
	"scene", "inside", "outside", "near", "some", "many", "several", "two", "three",
	"four", "five", "one", "both", "all", "other", "another", "each", "every", "no",
	"not", "but", "and", "or", "so", "if", "also", "meanwhile", "today", "tonight",
	"yesterday", "undated", "editor's", "editors", "note", "graphic", "content",
	"warning", "update", "updated", "correction", "corrects", "refiles", "caption",
	"mandatory", "credit", "restricted", "editorial", "use", "only", "welcome",
	"happy", "merry", "god", "allah", "prophet", "christmas", "easter", "ramadan",
	"eid", "hanukkah", "passover", "new", "old", "lady", "mr", "mrs", NULL
};

/* Ship prefixes, matched in capitals only ("USS Ronald Reagan", "HMS
 * Queen Elizabeth"): what follows is a ship's name. */
static const char *const ship_prefixes[] = {
	"uss", "usns", "uscgc", "hms", "hmcs", "hmas", "hmnzs", "hnlms", "hdms", "ins",
	"rfs", "roks", "js", "tcg", "fgs", "ara", "mv", "ms", "mt", "my", "ss", "rms",
	"rv", "fv", "sv", NULL
};

/* Kinds of ship or boat: "the aircraft carrier Ronald Reagan". */
static const char *const ship_nouns[] = {
	"carrier", "destroyer", "frigate", "cruiser", "corvette", "submarine", "warship",
	"battleship", "ship", "vessel", "boat", "tanker", "freighter", "ferry", "liner",
	"yacht", "trawler", "icebreaker", "minesweeper", "schooner", "steamer", "steamship",
	"tug", "tugboat", "gunboat", NULL
};

/* Nouns of a credit: "photo by", "Photo:", "pictures by". */
static const char *const photo_nouns[] = {
	"photo", "photos", "photograph", "photographs", "picture", "pictures", "pic",
	"image", "images", "video", "footage", NULL
};

/* Words that make no sentence on their own: articles, prepositions and
 * conjunctions ("Sunset over the Lake" has no verb). */
static const char *const function_words[] = {
	"a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "with", "without",
	"by", "over", "under", "near", "and", "or", "nor", "but", "vs", "versus", "v",
	"into", "onto", "off", "up", "down", "per", "via", "between", "among", "amid",
	"after", "before", "during", "across", "around", "along", "behind", "beyond",
	"inside", "outside", "above", "below", "beneath", "through", "against", "toward",
	"towards", "within", "upon", "about", "like", "than", "as", NULL
};

/* Lower-case particles inside names. */
static const char *const particles[] = {
	"bin", "bint", "ibn", "abu", "al", "el", "de", "da", "di", "do", "dos", "das",
	"du", "del", "della", "van", "von", "der", "den", "ter", "la", "le", "y", NULL
};

static const char *const determiners[] = {
	"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", NULL
};

static const struct { const char *w, *cc; } demonyms[] = {
	{ "iraqi", "IQ" }, { "iranian", "IR" }, { "israeli", "IL" }, { "palestinian", "PS" },
	{ "syrian", "SY" }, { "lebanese", "LB" }, { "jordanian", "JO" }, { "libyan", "LY" },
	{ "egyptian", "EG" }, { "turkish", "TR" }, { "turk", "TR" }, { "saudi", "SA" },
	{ "emirati", "AE" }, { "qatari", "QA" }, { "kuwaiti", "KW" }, { "yemeni", "YE" },
	{ "omani", "OM" }, { "bahraini", "BH" }, { "american", "US" }, { "british", "GB" },
	{ "french", "FR" }, { "german", "DE" }, { "russian", "RU" }, { "ukrainian", "UA" },
	{ "chinese", "CN" }, { "japanese", "JP" }, { "indian", "IN" }, { "pakistani", "PK" },
	{ "afghan", "AF" }, { "italian", "IT" }, { "spanish", "ES" }, { "belarusian", "BY" },
	{ "polish", "PL" }, { "greek", "GR" }, { "canadian", "CA" }, { "mexican", "MX" },
	{ "brazilian", "BR" }, { "tunisian", "TN" }, { "algerian", "DZ" },
	{ "moroccan", "MA" }, { "sudanese", "SD" }, { "ethiopian", "ET" },
	{ "nigerian", "NG" }, { "kenyan", "KE" }, { "armenian", "AM" },
	{ "azerbaijani", "AZ" }, { "georgian", "GE" }, { "kazakh", "KZ" }, { "uzbek", "UZ" },
	{ "australian", "AU" }, { "dutch", "NL" }, { "belgian", "BE" }, { "swiss", "CH" },
	{ "austrian", "AT" }, { "swedish", "SE" }, { "norwegian", "NO" }, { "danish", "DK" },
	{ "finnish", "FI" }, { "irish", "IE" }, { "portuguese", "PT" }, { "hungarian", "HU" },
	{ "czech", "CZ" }, { "romanian", "RO" }, { "serbian", "RS" }, { "croatian", "HR" },
	{ "bulgarian", "BG" }, { "venezuelan", "VE" }, { "colombian", "CO" },
	{ "argentine", "AR" }, { "argentinian", "AR" }, { "cuban", "CU" },
	{ "filipino", "PH" }, { "indonesian", "ID" }, { "vietnamese", "VN" }, { "thai", "TH" },
	{ "malaysian", "MY" }, { "bangladeshi", "BD" }, { "somali", "SO" },
	{ "eritrean", "ER" }, { "cypriot", "CY" }, { "maltese", "MT" }, { "kurdish", "" },
	{ "kurd", "" }, { "arab", "" }, { "arabic", "" }, { "persian", "" }, { "farsi", "" },
	{ "hebrew", "" }, { "english", "" }, { "jewish", "" }, { "jew", "" }, { "muslim", "" },
	{ "christian", "" }, { "shiite", "" }, { "shi'ite", "" }, { "sunni", "" },
	{ "catholic", "" }, { "orthodox", "" }, { "druze", "" }, { "yazidi", "" },
	{ "alawite", "" }, { "bedouin", "" }, { "western", "" }, { "european", "" },
	{ "african", "" }, { "asian", "" }, { "gazan", "PS" }, { "peshmerga", "" },
	{ "sikh", "" }, { "hindu", "" }, { "buddhist", "" }, { "coptic", "" },
};

/* Two-letter US states and Canadian provinces (Getty datelines). */
static const struct { const char *ab, *name, *cc; } states[] = {
	{ "al", "Alabama", "US" }, { "ak", "Alaska", "US" }, { "az", "Arizona", "US" },
	{ "ar", "Arkansas", "US" }, { "ca", "California", "US" }, { "co", "Colorado", "US" },
	{ "ct", "Connecticut", "US" }, { "de", "Delaware", "US" },
	{ "dc", "District of Columbia", "US" }, { "d.c", "District of Columbia", "US" },
	{ "fl", "Florida", "US" }, { "ga", "Georgia", "US" }, { "hi", "Hawaii", "US" },
	{ "id", "Idaho", "US" }, { "il", "Illinois", "US" }, { "in", "Indiana", "US" },
	{ "ia", "Iowa", "US" }, { "ks", "Kansas", "US" }, { "ky", "Kentucky", "US" },
	{ "la", "Louisiana", "US" }, { "me", "Maine", "US" }, { "md", "Maryland", "US" },
	{ "ma", "Massachusetts", "US" }, { "mi", "Michigan", "US" },
	{ "mn", "Minnesota", "US" }, { "ms", "Mississippi", "US" }, { "mo", "Missouri", "US" },
	{ "mt", "Montana", "US" }, { "ne", "Nebraska", "US" }, { "nv", "Nevada", "US" },
	{ "nh", "New Hampshire", "US" }, { "nj", "New Jersey", "US" },
	{ "nm", "New Mexico", "US" }, { "ny", "New York", "US" },
	{ "nc", "North Carolina", "US" }, { "nd", "North Dakota", "US" }, { "oh", "Ohio", "US" },
	{ "ok", "Oklahoma", "US" }, { "or", "Oregon", "US" }, { "pa", "Pennsylvania", "US" },
	{ "ri", "Rhode Island", "US" }, { "sc", "South Carolina", "US" },
	{ "sd", "South Dakota", "US" }, { "tn", "Tennessee", "US" }, { "tx", "Texas", "US" },
	{ "ut", "Utah", "US" }, { "vt", "Vermont", "US" }, { "va", "Virginia", "US" },
	{ "wa", "Washington", "US" }, { "wv", "West Virginia", "US" },
	{ "wi", "Wisconsin", "US" }, { "wy", "Wyoming", "US" }, { "pr", "Puerto Rico", "US" },
	{ "ab", "Alberta", "CA" }, { "bc", "British Columbia", "CA" },
	{ "mb", "Manitoba", "CA" }, { "nb", "New Brunswick", "CA" },
	{ "nl", "Newfoundland and Labrador", "CA" }, { "ns", "Nova Scotia", "CA" },
	{ "on", "Ontario", "CA" }, { "pe", "Prince Edward Island", "CA" },
	{ "qc", "Quebec", "CA" }, { "sk", "Saskatchewan", "CA" },
};

static const char *const suffixes[] = {
	"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
	"xv", "xvi", "jr", "sr", NULL
};

int capcat_und__month(const struct und_cx *cx, size_t i)
{
	long k = capcat_und__in_at(cx, i, months);

	return k >= 0 ? month_of[k] : 0;
}

int capcat_und__weekday(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, weekdays);
}

int capcat_und__title(const struct und_cx *cx, size_t i)
{
	if (capcat_und__in(cx, i, titles))
		return 2;
	return capcat_und__in(cx, i, title_mods) ? 1 : 0;
}

int capcat_und__cue(const struct und_cx *cx, size_t i)
{
	return capcat_und__lower(cx, i) && capcat_und__in(cx, i, cues);
}

int capcat_und__org(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, orgs);
}

int capcat_und__venue(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, venues);
}

int capcat_und__natural(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, naturals);
}

int capcat_und__compass(const struct und_cx *cx, size_t i)
{
	return capcat_und__lower(cx, i) && capcat_und__in(cx, i, compass);
}

int capcat_und__place_noun(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, place_nouns);
}

int capcat_und__common(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, commons);
}

int capcat_und__ship_prefix(const struct und_cx *cx, size_t i)
{
	return i < cx->nt && (cx->t[i].flags & UF_UPPER) && capcat_und__in(cx, i, ship_prefixes);
}

int capcat_und__ship_noun(const struct und_cx *cx, size_t i)
{
	return i < cx->nt && !(cx->t[i].flags & UF_POSS) && capcat_und__in(cx, i, ship_nouns);
}

int capcat_und__photo_noun(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, photo_nouns);
}

int capcat_und__function_word(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, function_words);
}

int capcat_und__particle(const struct und_cx *cx, size_t i)
{
	return capcat_und__lower(cx, i) && capcat_und__in(cx, i, particles);
}

int capcat_und__determiner(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, determiners);
}

/* The words of demonyms[] as a list, for capcat_und__in_plural_at(). */
static const char *demonym_words[sizeof(demonyms) / sizeof(demonyms[0]) + 1];
static pthread_once_t demonym_once = PTHREAD_ONCE_INIT;

static void demonym_list(void)
{
	for (size_t k = 0; k < sizeof(demonyms) / sizeof(demonyms[0]); k++)
		demonym_words[k] = demonyms[k].w;
}

int capcat_und__demonym(const struct und_cx *cx, size_t i, const char **cc)
{
	long k;

	pthread_once(&demonym_once, demonym_list);
	if ((k = capcat_und__in_plural_at(cx, i, demonym_words)) < 0)
		return 0;
	*cc = demonyms[k].cc;
	return 1;
}

const char *capcat_und__state(const struct und_cx *cx, size_t i, const char **cc)
{
	size_t k;

	if (i >= cx->nt || !(cx->t[i].flags & UF_UPPER) || cx->t[i].e - cx->t[i].a > 3)
		return NULL;
	for (k = 0; k < sizeof(states) / sizeof(states[0]); k++) {
		if (capcat_und__eq(cx, i, states[k].ab)) {
			*cc = states[k].cc;
			return states[k].name;
		}
	}
	return NULL;
}

int capcat_und__name_suffix(const struct und_cx *cx, size_t i)
{
	return capcat_und__in(cx, i, suffixes);
}
