/* xmp.c - XMP properties into struct capcat_meta, with expat.
 *
 * expat reports names as "namespace-URI|local"; a small state machine
 * follows rdf:Description > property > (rdf:Alt|Seq|Bag > rdf:li)* and the
 * two IPTC Extension location structs.
 */
#include "capcat/xmp.h"
#include "capcat/buf.h"

#include <expat.h>
#include <pthread.h>

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_PS "http://ns.adobe.com/photoshop/1.0/"
#define NS_CORE "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
#define NS_EXT "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
#define NS_NOTE "http://ns.adobe.com/xmp/note/"
#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define SEP '|'
#define MAX_DEPTH 64
#define MAX_TEXT (256u << 10)
#define EXT_MAX (16u << 20)

enum kind { K_SIMPLE, K_STRUCT_SHOWN, K_STRUCT_CREATED };

static const struct prop {
	const char *name;               /* "URI|local" */
	int field;                      /* enum capcat_field */
	enum kind kind;
} props[] = {
	{ NS_DC "|description", CAPCAT_F_CAPTION, K_SIMPLE },
	{ NS_DC "|title", CAPCAT_F_TITLE, K_SIMPLE },
	{ NS_DC "|creator", CAPCAT_F_CREATOR, K_SIMPLE },
	{ NS_DC "|rights", CAPCAT_F_COPYRIGHT, K_SIMPLE },
	{ NS_DC "|subject", CAPCAT_F_KEYWORD, K_SIMPLE },
	{ NS_PS "|Headline", CAPCAT_F_HEADLINE, K_SIMPLE },
	{ NS_PS "|Credit", CAPCAT_F_CREDIT, K_SIMPLE },
	{ NS_PS "|Source", CAPCAT_F_SOURCE, K_SIMPLE },
	{ NS_PS "|City", CAPCAT_F_CITY, K_SIMPLE },
	{ NS_PS "|State", CAPCAT_F_REGION, K_SIMPLE },
	{ NS_PS "|Country", CAPCAT_F_COUNTRY, K_SIMPLE },
	{ NS_PS "|DateCreated", CAPCAT_F_DATE_CREATED, K_SIMPLE },
	{ NS_PS "|Instructions", CAPCAT_F_INSTRUCTIONS, K_SIMPLE },
	{ NS_PS "|CaptionWriter", CAPCAT_F_CAPTION_WRITER, K_SIMPLE },
	{ NS_PS "|AuthorsPosition", CAPCAT_F_CREATOR_TITLE, K_SIMPLE },
	{ NS_CORE "|Location", CAPCAT_F_SUBLOCATION, K_SIMPLE },
	{ NS_CORE "|CountryCode", CAPCAT_F_COUNTRY_CODE, K_SIMPLE },
	{ NS_EXT "|PersonInImage", CAPCAT_F_PERSON, K_SIMPLE },
	{ NS_EXT "|LocationShown", -1, K_STRUCT_SHOWN },
	{ NS_EXT "|LocationCreated", -1, K_STRUCT_CREATED },
};

/* members of the location structs, in the order of the F_SHOWN_* fields */
static const char *const members[5] = {
	NS_EXT "|Sublocation", NS_EXT "|City", NS_EXT "|ProvinceState",
	NS_EXT "|CountryName", NS_EXT "|CountryCode",
};

struct state {
	struct capcat_meta *m;
	enum capcat_source src;
	XML_Parser parser;
	int depth;
	int rdf_depth;                  /* depth of rdf:RDF, 0 if not inside */
	int desc_depth;                 /* depth of a top-level rdf:Description */
	const struct prop *prop;        /* the property being read, if any */
	int prop_depth;
	int in_li, alt_done;            /* inside rdf:li; lang-alt value taken */
	int is_alt;
	int member;                     /* struct member being read, -1 if none */
	int nstruct;                    /* index of the struct in its bag */
	char *alt_first;                /* first lang-alt item, if no x-default */
	int capture;                    /* collect character data now */
	struct capcat_buf text;
	char guid[33];                  /* xmpNote:HasExtendedXMP */
	int oom;
};

static const struct prop *find_prop(const char *name)
{
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		if (!strcmp(props[i].name, name))
			return &props[i];
	return NULL;
}

static int find_member(const char *name)
{
	for (int i = 0; i < 5; i++)
		if (!strcmp(members[i], name))
			return i;
	return -1;
}

static void add(struct state *s, int field, const char *v, size_t n)
{
	if (field >= 0 && capcat_meta_add(s->m, (enum capcat_field)field, s->src, v, n))
		s->oom = 1;
}

static int member_field(const struct prop *p, int member)
{
	int base = p->kind == K_STRUCT_SHOWN ? CAPCAT_F_SHOWN_SUBLOCATION : CAPCAT_F_CREATED_SUBLOCATION;

	return base + member;
}

/* Struct members written as attributes of rdf:li / rdf:Description. */
static void struct_attrs(struct state *s, const char **attr)
{
	for (int i = 0; attr[i]; i += 2) {
		int k = find_member(attr[i]);
		if (k >= 0)
			add(s, member_field(s->prop, k), attr[i + 1], strlen(attr[i + 1]));
	}
}

/* Simple properties written as attributes of rdf:Description. */
static void description_attrs(struct state *s, const char **attr)
{
	for (int i = 0; attr[i]; i += 2) {
		const struct prop *p = find_prop(attr[i]);
		if (p && p->kind == K_SIMPLE)
			add(s, p->field, attr[i + 1], strlen(attr[i + 1]));
		else if (!strcmp(attr[i], NS_NOTE "|HasExtendedXMP"))
			snprintf(s->guid, sizeof(s->guid), "%s", attr[i + 1]);
	}
}

static const char *xml_lang(const char **attr)
{
	for (int i = 0; attr[i]; i += 2)
		if (!strcmp(attr[i], NS_XML "|lang"))
			return attr[i + 1];
	return NULL;
}

static const struct prop guid_prop = { NS_NOTE "|HasExtendedXMP", -2, K_SIMPLE };

static void reset_text(struct state *s)
{
	capcat_buf_reset(&s->text);
}

/* The last value added belongs to struct number s->nstruct of its bag. */
static void add_member(struct state *s, int field)
{
	size_t before = s->m->n;

	add(s, field, s->text.data, s->text.len);
	if (s->m->n > before)
		s->m->v[s->m->n - 1].seq = s->nstruct;
}

static void start_in_prop(struct state *s, const char *name, const char **attr)
{
	if (!strcmp(name, NS_RDF "|Alt")) {
		s->is_alt = 1;
		s->capture = 0;
	} else if (!strcmp(name, NS_RDF "|Seq") || !strcmp(name, NS_RDF "|Bag")) {
		s->capture = 0;
	} else if (!strcmp(name, NS_RDF "|li")) {
		const char *lang = xml_lang(attr);
		reset_text(s);
		s->capture = s->prop->kind == K_SIMPLE;
		s->member = -1;
		if (s->prop->kind != K_SIMPLE)
			struct_attrs(s, attr);
		/* remember whether this item is the x-default one */
		s->in_li = lang && !strcmp(lang, "x-default") ? 2 : 1;
	} else if (s->prop->kind != K_SIMPLE && !strcmp(name, NS_RDF "|Description")) {
		struct_attrs(s, attr);
	} else if (s->prop->kind != K_SIMPLE && (s->member = find_member(name)) >= 0) {
		reset_text(s);
		s->capture = 1;
	}
}

static void XMLCALL on_start(void *data, const char *name, const char **attr)
{
	struct state *s = data;
	const struct prop *p;

	if (++s->depth > MAX_DEPTH) {
		XML_StopParser(s->parser, XML_FALSE);
		return;
	}
	if (s->prop) {
		start_in_prop(s, name, attr);
		return;
	}
	if (!strcmp(name, NS_RDF "|RDF")) {
		s->rdf_depth = s->depth;
		return;
	}
	/* properties of the resource itself, not fields of some struct */
	if (!strcmp(name, NS_RDF "|Description") && s->rdf_depth && s->depth == s->rdf_depth + 1) {
		s->desc_depth = s->depth;
		description_attrs(s, attr);
		return;
	}
	if (!s->desc_depth || s->depth != s->desc_depth + 1)
		return;
	p = !strcmp(name, guid_prop.name) ? &guid_prop : find_prop(name);
	if (!p)
		return;
	s->prop = p;
	s->prop_depth = s->depth;
	s->in_li = s->alt_done = s->is_alt = s->nstruct = 0;
	s->member = -1;
	reset_text(s);
	s->capture = p->kind == K_SIMPLE;
	if (p->kind != K_SIMPLE)
		struct_attrs(s, attr);          /* a single struct, parseType="Resource" */
}

static void end_li(struct state *s)
{
	if (s->prop->kind != K_SIMPLE) {
		s->nstruct++;
	} else if (!s->is_alt) {
		add(s, s->prop->field, s->text.data, s->text.len);
	} else if (s->in_li == 2 && !s->alt_done) {
		add(s, s->prop->field, s->text.data, s->text.len);
		s->alt_done = 1;
	} else if (!s->alt_first && s->text.len) {
		s->alt_first = strdup(s->text.data);
	}
	s->in_li = 0;
	s->capture = 0;
}

static void end_prop(struct state *s)
{
	if (s->prop == &guid_prop)
		snprintf(s->guid, sizeof(s->guid), "%s", s->text.data);
	else if (s->prop->kind == K_SIMPLE && s->capture)
		add(s, s->prop->field, s->text.data, s->text.len);   /* element form */
	else if (s->is_alt && !s->alt_done && s->alt_first)
		add(s, s->prop->field, s->alt_first, strlen(s->alt_first));
	free(s->alt_first);
	s->alt_first = NULL;
	s->prop = NULL;
	s->capture = 0;
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct state *s = data;

	if (s->depth == s->desc_depth)
		s->desc_depth = 0;
	else if (s->depth == s->rdf_depth)
		s->rdf_depth = 0;
	if (s->prop && s->depth == s->prop_depth)
		end_prop(s);
	else if (s->prop && s->in_li && !strcmp(name, NS_RDF "|li") &&
		 (s->prop->kind == K_SIMPLE || s->member < 0))
		end_li(s);
	else if (s->prop && s->member >= 0) {
		add_member(s, member_field(s->prop, s->member));
		s->member = -1;
		s->capture = 0;
	}
	s->depth--;
}

static void XMLCALL on_text(void *data, const char *t, int len)
{
	struct state *s = data;

	if (!s->capture || len <= 0 || s->text.len + (size_t)len > MAX_TEXT)
		return;
	if (capcat_buf_add(&s->text, t, (size_t)len))
		s->oom = 1;
}

/* Expat salts its hash tables against collision floods, and without a
 * salt given draws a new one for every parser: a getrandom() system call
 * for every photo.  One salt drawn per process protects as well. */
static unsigned long hash_salt;
static pthread_once_t hash_salt_once = PTHREAD_ONCE_INIT;
static pthread_once_t parser_key_once = PTHREAD_ONCE_INIT;

static void draw_hash_salt(void)
{
	if (getrandom(&hash_salt, sizeof(hash_salt), 0) != (ssize_t)sizeof(hash_salt))
		hash_salt = 0;          /* then expat draws its own */
}

/* One parser per thread, reset for each document: making and freeing one
 * was a tenth of parsing a photo's XMP packet.  The thread's key frees it
 * when the thread ends; a parser that read a large document is not kept
 * (expat keeps its buffers as large as the largest document). */
#define KEEP_PARSER_BELOW (256 << 10)

static pthread_key_t parser_key;
static int have_parser_key;
static _Thread_local XML_Parser kept;

static void free_parser(void *p)
{
	XML_ParserFree(p);
}

static void make_parser_key(void)
{
	have_parser_key = pthread_key_create(&parser_key, free_parser) == 0;
}

static XML_Parser take_parser(void)
{
	XML_Parser p = kept;

	kept = NULL;
	if (have_parser_key)
		(void)pthread_setspecific(parser_key, NULL);
	if (p && XML_ParserReset(p, NULL))
		return p;
	if (p)
		XML_ParserFree(p);
	return XML_ParserCreateNS(NULL, SEP);
}

static void give_parser(XML_Parser p, size_t len)
{
	if (len >= KEEP_PARSER_BELOW || !have_parser_key ||
	    pthread_setspecific(parser_key, p) != 0) {
		XML_ParserFree(p);
		return;
	}
	kept = p;
}

/* One XML document; 0, CAPCAT_EFORMAT or CAPCAT_ENOMEM. */
static int parse(struct state *s, const char *xml, size_t len, struct capcat_err *err)
{
	XML_Parser p;
	int rc = 0;

	pthread_once(&hash_salt_once, draw_hash_salt);
	pthread_once(&parser_key_once, make_parser_key);
	if (!(p = take_parser()))
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
	s->parser = p;
	s->depth = s->rdf_depth = s->desc_depth = 0;
	s->prop = NULL;
	s->capture = 0;
	if (hash_salt)
		XML_SetHashSalt(p, hash_salt);
	XML_SetUserData(p, s);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	/* never fetch anything named by the document */
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	if (len > INT32_MAX)
		len = INT32_MAX;
	if (XML_Parse(p, xml, (int)len, XML_TRUE) == XML_STATUS_ERROR)
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "XMP is not well-formed: %s at line %lu",
				    XML_ErrorString(XML_GetErrorCode(p)),
				    (unsigned long)XML_GetCurrentLineNumber(p));
	if (s->oom)
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory reading XMP");
	free(s->alt_first);
	s->alt_first = NULL;
	give_parser(p, len);
	return rc;
}

/* Join the Extended XMP chunks of 'guid' (each: GUID, full length, offset,
 * data) into 'out'. */
static int join_extended(struct capcat_buf *out, const char *guid,
			 const unsigned char *ext, size_t ext_len)
{
	uint32_t full = 0;
	size_t off = 0;

	while (off + 4 <= ext_len) {
		size_t n = (size_t)ext[off] << 24 | (size_t)ext[off + 1] << 16 |
			   (size_t)ext[off + 2] << 8 | ext[off + 3];
		const unsigned char *c = ext + off + 4;
		off += 4;
		if (n > ext_len - off)
			break;
		off += n;
		if (n < 40 || memcmp(c, guid, 32))
			continue;
		uint32_t total = (uint32_t)c[32] << 24 | (uint32_t)c[33] << 16 | (uint32_t)c[34] << 8 | c[35];
		uint32_t at = (uint32_t)c[36] << 24 | (uint32_t)c[37] << 16 | (uint32_t)c[38] << 8 | c[39];
		if (!full) {
			if (total == 0 || total > EXT_MAX || capcat_buf_grow(out, total))
				return CAPCAT_EFORMAT;
			full = total;
			memset(out->data, ' ', total);
			out->len = total;
			out->data[total] = '\0';
		}
		if (total != full || at > full || n - 40 > full - at)
			continue;
		memcpy(out->data + at, c + 40, n - 40);
	}
	return full ? 0 : CAPCAT_ENOTFOUND;
}

int capcat_xmp_read(struct capcat_meta *m, enum capcat_source src,
		    const char *xmp, size_t len, const unsigned char *ext, size_t ext_len,
		    struct capcat_err *err)
{
	struct state s;
	struct capcat_buf joined = CAPCAT_BUF_INIT;
	int rc;

	/* writers pad packets with NULs (HEIF items, fixed-size segments); in
	 * UTF-16 only whole code units, or "...>" in UTF-16LE loses its 00 */
	if (len >= 2 && ((xmp[0] == '<' && !xmp[1]) || ((unsigned char)xmp[0] == 0xff &&
							 (unsigned char)xmp[1] == 0xfe))) {
		len &= ~(size_t)1;
		while (len >= 2 && !xmp[len - 1] && !xmp[len - 2])
			len -= 2;
	} else {
		while (len && xmp[len - 1] == '\0')
			len--;
	}
	memset(&s, 0, sizeof(s));
	s.m = m;
	s.src = src;
	capcat_buf_init(&s.text);
	capcat_buf_init(&joined);
	rc = parse(&s, xmp, len, err);
	if (rc != CAPCAT_ENOMEM && strlen(s.guid) == 32 && ext_len &&
	    join_extended(&joined, s.guid, ext, ext_len) == 0) {
		int rc2 = parse(&s, joined.data, joined.len, err);
		if (!rc)
			rc = rc2;
	}
	capcat_buf_release(&joined);
	capcat_buf_release(&s.text);
	return rc;
}
