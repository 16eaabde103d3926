/* sidecar.c - write XMP sidecars, updating an existing one.
 *
 * The old sidecar is parsed with expat *without* namespace processing into
 * a small tree that keeps names and attributes as written, so that what
 * capcat does not manage goes back out unchanged in meaning.  Prefixes are
 * resolved here from the xmlns declarations in scope, so that a managed
 * property is recognised whatever prefix the writer chose, in attribute and
 * in element form.  capcat's own properties go into a new rdf:Description
 * that declares its own namespaces: no prefix the old file bound otherwise
 * can clash with them.
 */
#include "capcat/sidecar.h"
#include "capcat/buf.h"
#include "capcat/util.h"

#include <expat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_PS "http://ns.adobe.com/photoshop/1.0/"
#define NS_CORE "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
#define NS_EXT "http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
#define NS_XML "http://www.w3.org/XML/1998/namespace"
#define NS_XMLNS "http://www.w3.org/2000/xmlns/"
#define NS_META "adobe:ns:meta/"
#define MAX_DEPTH 256
#define MAX_OLD (16u << 20)

/* What a sidecar looks like before capcat adds anything; a new sidecar is
 * this, updated like any other. */
static const char skeleton[] =
	"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	"<x:xmpmeta xmlns:x=\"" NS_META "\" x:xmptk=\"capcat\">\n"
	" <rdf:RDF xmlns:rdf=\"" NS_RDF "\">\n"
	" </rdf:RDF>\n"
	"</x:xmpmeta>\n"
	"<?xpacket end=\"w\"?>\n";

enum form { FORM_TEXT, FORM_ALT, FORM_SEQ, FORM_BAG };

static const struct managed {
	enum capcat_field field;
	const char *ns, *qname, *local;
	enum form form;
} managed[] = {
	{ CAPCAT_F_CAPTION, NS_DC, "dc:description", "description", FORM_ALT },
	{ CAPCAT_F_TITLE, NS_DC, "dc:title", "title", FORM_ALT },
	{ CAPCAT_F_HEADLINE, NS_PS, "photoshop:Headline", "Headline", FORM_TEXT },
	{ CAPCAT_F_CREDIT, NS_PS, "photoshop:Credit", "Credit", FORM_TEXT },
	{ CAPCAT_F_CREATOR, NS_DC, "dc:creator", "creator", FORM_SEQ },
	{ CAPCAT_F_CREATOR_TITLE, NS_PS, "photoshop:AuthorsPosition", "AuthorsPosition", FORM_TEXT },
	{ CAPCAT_F_SOURCE, NS_PS, "photoshop:Source", "Source", FORM_TEXT },
	{ CAPCAT_F_COPYRIGHT, NS_DC, "dc:rights", "rights", FORM_ALT },
	{ CAPCAT_F_CITY, NS_PS, "photoshop:City", "City", FORM_TEXT },
	{ CAPCAT_F_REGION, NS_PS, "photoshop:State", "State", FORM_TEXT },
	{ CAPCAT_F_COUNTRY, NS_PS, "photoshop:Country", "Country", FORM_TEXT },
	{ CAPCAT_F_SUBLOCATION, NS_CORE, "Iptc4xmpCore:Location", "Location", FORM_TEXT },
	{ CAPCAT_F_COUNTRY_CODE, NS_CORE, "Iptc4xmpCore:CountryCode", "CountryCode", FORM_TEXT },
	{ CAPCAT_F_INSTRUCTIONS, NS_PS, "photoshop:Instructions", "Instructions", FORM_TEXT },
	{ CAPCAT_F_CAPTION_WRITER, NS_PS, "photoshop:CaptionWriter", "CaptionWriter", FORM_TEXT },
	{ CAPCAT_F_DATE_CREATED, NS_PS, "photoshop:DateCreated", "DateCreated", FORM_TEXT },
	{ CAPCAT_F_PERSON, NS_EXT, "Iptc4xmpExt:PersonInImage", "PersonInImage", FORM_BAG },
	{ CAPCAT_F_KEYWORD, NS_DC, "dc:subject", "subject", FORM_BAG },
};
#define NMANAGED (sizeof(managed) / sizeof(managed[0]))

/* ---- the tree ---------------------------------------------------------- */

enum kind { N_DOC, N_ELEM, N_TEXT, N_COMMENT, N_PI };

struct node {
	enum kind kind;
	char *name;                     /* element qname or PI target, as written */
	char **attr;                    /* element: name, value, ..., NULL */
	struct capcat_buf text;         /* text, comment or PI data */
	struct node *parent, *child, *last, *next;
	int drop;                       /* managed property or emptied description */
};

static void node_free(struct node *n)
{
	while (n) {
		struct node *next = n->next;
		node_free(n->child);    /* depth is capped at MAX_DEPTH */
		free(n->name);
		for (size_t i = 0; n->attr && n->attr[i]; i++)
			free(n->attr[i]);
		free(n->attr);
		capcat_buf_release(&n->text);
		free(n);
		n = next;
	}
}

struct parse {
	XML_Parser p;
	struct node *doc, *cur;
	int depth;
	int stopped;                    /* 0, or why: CAPCAT_ENOMEM, 1 depth, 2 DTD */
	int has_decl, standalone;       /* <?xml ...?> seen; its standalone= */
};

static void stop(struct parse *ps, int why)
{
	if (!ps->stopped)
		ps->stopped = why;
	XML_StopParser(ps->p, XML_FALSE);
}

static struct node *node_add(struct parse *ps, enum kind k)
{
	struct node *n = calloc(1, sizeof(*n));

	if (!n) {
		stop(ps, CAPCAT_ENOMEM);
		return NULL;
	}
	n->kind = k;
	capcat_buf_init(&n->text);
	n->parent = ps->cur;
	if (ps->cur->last)
		ps->cur->last->next = n;
	else
		ps->cur->child = n;
	ps->cur->last = n;
	return n;
}

static char **copy_attrs(const char **attr)
{
	size_t n = 0;
	char **out;

	while (attr[n])
		n++;
	if (!(out = calloc(n + 1, sizeof(*out))))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!(out[i] = strdup(attr[i]))) {
			while (i--)
				free(out[i]);
			free(out);
			return NULL;
		}
	}
	return out;
}

static void XMLCALL on_start(void *data, const char *name, const char **attr)
{
	struct parse *ps = data;
	struct node *n;

	if (ps->stopped)
		return;
	if (++ps->depth > MAX_DEPTH) {
		stop(ps, 1);
		return;
	}
	if (!(n = node_add(ps, N_ELEM)))
		return;
	ps->cur = n;
	if (!(n->name = strdup(name)) || !(n->attr = copy_attrs(attr)))
		stop(ps, CAPCAT_ENOMEM);
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct parse *ps = data;

	(void)name;
	if (ps->stopped)
		return;
	ps->cur = ps->cur->parent;
	ps->depth--;
}

static void XMLCALL on_text(void *data, const char *s, int len)
{
	struct parse *ps = data;
	struct node *n;

	if (ps->stopped || len <= 0)
		return;
	n = ps->cur->last;
	if ((!n || n->kind != N_TEXT) && !(n = node_add(ps, N_TEXT)))
		return;
	if (capcat_buf_add(&n->text, s, (size_t)len))
		stop(ps, CAPCAT_ENOMEM);
}

static void XMLCALL on_comment(void *data, const char *s)
{
	struct parse *ps = data;
	struct node *n;

	if (ps->stopped || !(n = node_add(ps, N_COMMENT)))
		return;
	if (capcat_buf_adds(&n->text, s))
		stop(ps, CAPCAT_ENOMEM);
}

static void XMLCALL on_pi(void *data, const char *target, const char *s)
{
	struct parse *ps = data;
	struct node *n;

	if (ps->stopped || !(n = node_add(ps, N_PI)))
		return;
	if (!(n->name = strdup(target)) || capcat_buf_adds(&n->text, s))
		stop(ps, CAPCAT_ENOMEM);
}

static void XMLCALL on_decl(void *data, const char *version, const char *encoding,
			    int standalone)
{
	struct parse *ps = data;

	(void)version;
	(void)encoding;         /* expat hands us UTF-8 whatever it was */
	if (version)            /* NULL for a text declaration */
		ps->has_decl = 1;
	ps->standalone = standalone;
}

/* A DTD could declare entities and default attributes that a copy without
 * it would lose (or load from elsewhere); XMP never has one. */
static void XMLCALL on_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal;
	stop(data, 2);
}

static int parse_error(struct parse *ps, struct capcat_err *err)
{
	if (ps->stopped == CAPCAT_ENOMEM)
		return capcat_err_set(err, CAPCAT_ENOMEM, "out of memory reading the sidecar");
	if (ps->stopped == 1)
		return capcat_err_set(err, CAPCAT_EFORMAT, "XMP nests deeper than %d elements",
				      MAX_DEPTH);
	if (ps->stopped == 2)
		return capcat_err_set(err, CAPCAT_EFORMAT, "XMP has a DOCTYPE, which it may not");
	return capcat_err_set(err, CAPCAT_EFORMAT, "XMP is not well-formed: %s at line %lu",
			      XML_ErrorString(XML_GetErrorCode(ps->p)),
			      (unsigned long)XML_GetCurrentLineNumber(ps->p));
}

/* Parse 'xml' into ps->doc; 0, CAPCAT_EFORMAT or CAPCAT_ENOMEM. */
static int parse_tree(struct parse *ps, const char *xml, size_t len, struct capcat_err *err)
{
	int rc = 0;

	memset(ps, 0, sizeof(*ps));
	ps->standalone = -1;
	if (len > MAX_OLD)
		return capcat_err_set(err, CAPCAT_EFORMAT, "XMP is larger than %u MiB",
				      MAX_OLD >> 20);
	ps->doc = calloc(1, sizeof(*ps->doc));
	ps->p = XML_ParserCreate(NULL);
	if (!ps->doc || !ps->p) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	ps->doc->kind = N_DOC;
	capcat_buf_init(&ps->doc->text);
	ps->cur = ps->doc;
	XML_SetUserData(ps->p, ps);
	XML_SetElementHandler(ps->p, on_start, on_end);
	XML_SetCharacterDataHandler(ps->p, on_text);
	XML_SetCommentHandler(ps->p, on_comment);
	XML_SetProcessingInstructionHandler(ps->p, on_pi);
	XML_SetXmlDeclHandler(ps->p, on_decl);
	XML_SetStartDoctypeDeclHandler(ps->p, on_doctype);
	/* never fetch anything the document names */
	XML_SetParamEntityParsing(ps->p, XML_PARAM_ENTITY_PARSING_NEVER);
	if (XML_Parse(ps->p, xml, (int)len, XML_TRUE) == XML_STATUS_ERROR || ps->stopped)
		rc = parse_error(ps, err);
cleanup:
	if (ps->p)
		XML_ParserFree(ps->p);
	ps->p = NULL;
	return rc;
}

/* ---- namespaces: find the managed properties --------------------------- */

struct binding {
	const char *prefix;             /* "" for the default namespace */
	size_t plen;
	const char *uri;
};

struct walk {
	struct binding *b;
	size_t n, cap;
	struct node *rdf;               /* the first rdf:RDF: capcat's goes there */
	const char *bad;                /* a name breaking the namespace rules */
	const char *about;              /* what the first description is about */
};

enum ctx { C_OTHER, C_IN_RDF, C_IN_DESC };

static int bind(struct walk *w, const char *prefix, size_t plen, const char *uri)
{
	struct binding *b = capcat_grow(w->b, &w->cap, w->n + 1, sizeof(*b), 32);

	if (!b)
		return CAPCAT_ENOMEM;
	w->b = b;
	w->b[w->n++] = (struct binding){ prefix, plen, uri };
	return 0;
}

/* Whether binding 'prefix' to 'uri' breaks the Namespaces in XML rules:
 * no unbinding, xml only to its namespace, xmlns never. */
static int bad_binding(const char *prefix, const char *uri)
{
	if (!strcmp(prefix, "xml"))
		return strcmp(uri, NS_XML) != 0;
	return !*uri || !strcmp(prefix, "xmlns") || !strcmp(uri, NS_XML) || !strcmp(uri, NS_XMLNS);
}

/* The element's xmlns and xmlns:p attributes, in scope for it and below. */
static int bind_decls(struct walk *w, const struct node *e)
{
	for (size_t i = 0; e->attr[i]; i += 2) {
		const char *a = e->attr[i], *uri = e->attr[i + 1];
		if (!strcmp(a, "xmlns")) {
			if (!strcmp(uri, NS_XML) || !strcmp(uri, NS_XMLNS))
				w->bad = a;
			if (bind(w, "", 0, uri))
				return CAPCAT_ENOMEM;
		} else if (!strncmp(a, "xmlns:", 6)) {
			if (bad_binding(a + 6, uri))
				w->bad = a;
			if (bind(w, a + 6, strlen(a + 6), uri))
				return CAPCAT_ENOMEM;
		}
	}
	return 0;
}

/* Whether 's' can start an NCName: it is the rest of an XML Name, so
 * only the characters a name may hold but not start with are refused. */
static int ncname_start(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (!*u || *u == ':' || *u == '-' || *u == '.' || (*u >= '0' && *u <= '9'))
		return 0;
	if (u[0] == 0xC2 && u[1] == 0xB7)                               /* U+00B7 */
		return 0;
	if ((u[0] == 0xCC && u[1] >= 0x80) || (u[0] == 0xCD && u[1] <= 0xAF))
		return 0;                                               /* U+0300-036F */
	if (u[0] == 0xE2 && ((u[1] == 0x80 && u[2] == 0xBF) || (u[1] == 0x81 && u[2] == 0x80)))
		return 0;                                               /* U+203F-2040 */
	return 1;
}

/* The namespace of 'qname' and its local part; NULL for none.  An
 * unprefixed attribute has no namespace.  A name a namespace-aware parser
 * would refuse (unbound prefix, empty part, a second colon) is noted. */
static const char *resolve(struct walk *w, const char *qname, int is_attr, const char **local)
{
	const char *colon = strchr(qname, ':');
	size_t plen = colon ? (size_t)(colon - qname) : 0;

	*local = colon ? colon + 1 : qname;
	if (colon && (!plen || !ncname_start(*local) || strchr(*local, ':'))) {
		w->bad = qname;
		return NULL;
	}
	if (!colon && is_attr)
		return NULL;
	if (plen == 3 && !strncmp(qname, "xml", 3))
		return NS_XML;
	if (plen == 5 && !strncmp(qname, "xmlns", 5))
		return NS_XMLNS;
	for (size_t i = w->n; i-- > 0;)
		if (w->b[i].plen == plen && !strncmp(w->b[i].prefix, qname, plen))
			return *w->b[i].uri ? w->b[i].uri : NULL;
	if (colon)
		w->bad = qname;
	return NULL;
}

static int is_managed(const char *ns, const char *local)
{
	if (!ns)
		return 0;
	for (size_t i = 0; i < NMANAGED; i++)
		if (!strcmp(managed[i].ns, ns) && !strcmp(managed[i].local, local))
			return 1;
	return 0;
}

static int is_rdf(const char *ns, const char *local, const char *want)
{
	return ns && !strcmp(ns, NS_RDF) && !strcmp(local, want);
}

static int is_space(const struct capcat_buf *t)
{
	return strspn(t->data, " \t\r\n") == t->len;
}

/* Check the prefixes of the element's attributes and, for a top-level
 * rdf:Description ('strip'), drop the managed ones; *props counts the
 * remaining attributes that are properties.  Returns whether any went. */
static int strip_attrs(struct walk *w, struct node *d, int strip, int *props)
{
	size_t k = 0;
	int removed = 0;

	*props = 0;
	for (size_t i = 0; d->attr[i]; i += 2) {
		const char *local, *ns = resolve(w, d->attr[i], 1, &local);
		if (strip && is_managed(ns, local)) {
			free(d->attr[i]);
			free(d->attr[i + 1]);
			removed = 1;
			continue;
		}
		if (strcmp(d->attr[i], "xmlns") && strncmp(d->attr[i], "xmlns:", 6) &&
		    !(ns && !strcmp(ns, NS_RDF)))
			(*props)++;
		d->attr[k++] = d->attr[i];
		d->attr[k++] = d->attr[i + 1];
	}
	d->attr[k] = NULL;
	return removed;
}

struct qname {
	const char *ns, *local, *name;
};

static int qname_cmp(const void *pa, const void *pb)
{
	const struct qname *a = pa, *b = pb;
	int c = strcmp(a->ns, b->ns);

	return c ? c : strcmp(a->local, b->local);
}

/* Two attributes that are one once prefixes are resolved (p:a and q:a,
 * p and q bound to the same namespace) are noted, as expat in namespace
 * mode would refuse them. */
static int check_dups(struct walk *w, const struct node *e)
{
	size_t n = 0, k = 0;
	struct qname *v;

	while (e->attr[2 * n])
		n++;
	if (n < 2)
		return 0;
	if (!(v = malloc(n * sizeof(*v))))
		return CAPCAT_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const char *local, *ns = resolve(w, e->attr[2 * i], 1, &local);
		if (ns)
			v[k++] = (struct qname){ ns, local, e->attr[2 * i] };
	}
	qsort(v, k, sizeof(*v), qname_cmp);
	for (size_t i = 1; i < k; i++)
		if (!qname_cmp(&v[i - 1], &v[i]))
			w->bad = v[i].name;
	free(v);
	return 0;
}

/* How many child elements are dropped, or -1 when anything else than
 * those and blank text is left. */
static int dropped_children(const struct node *d)
{
	int n = 0;

	for (const struct node *c = d->child; c; c = c->next) {
		if (c->kind == N_ELEM && c->drop)
			n++;
		else if (!(c->kind == N_TEXT && is_space(&c->text)))
			return -1;
	}
	return n;
}

static int walk_elem(struct walk *w, struct node *e, enum ctx ctx);

/* The resource a top-level description is about: its rdf:about, or the
 * unprefixed about= of older RDF; NULL for none. */
static const char *about_of(struct walk *w, const struct node *d)
{
	for (size_t i = 0; d->attr[i]; i += 2) {
		const char *local, *ns = resolve(w, d->attr[i], 1, &local);
		if (is_rdf(ns, local, "about") || !strcmp(d->attr[i], "about"))
			return d->attr[i + 1];
	}
	return NULL;
}

static int walk_children(struct walk *w, struct node *e, enum ctx ctx)
{
	for (struct node *c = e->child; c; c = c->next) {
		if (c->kind == N_PI && strchr(c->name, ':'))
			w->bad = c->name;       /* not a PI target with namespaces */
		else if (c->kind == N_ELEM && walk_elem(w, c, ctx))
			return CAPCAT_ENOMEM;
	}
	return 0;
}

/* Resolve 'e' and below, marking the managed properties of top-level
 * descriptions (children of rdf:RDF) to be dropped.  Properties inside
 * nested descriptions are struct fields, not the photo's: kept. */
static int walk_elem(struct walk *w, struct node *e, enum ctx ctx)
{
	size_t mark = w->n;
	const char *local, *ns;
	int rc, is_desc, is_rdf_root, removed, props, k;

	if ((rc = bind_decls(w, e)))
		goto cleanup;
	ns = resolve(w, e->name, 0, &local);
	if (ctx == C_IN_DESC && is_managed(ns, local)) {
		e->drop = 1;
		goto cleanup;
	}
	is_desc = ctx == C_IN_RDF && is_rdf(ns, local, "Description");
	is_rdf_root = is_rdf(ns, local, "RDF");
	if (is_rdf_root && !w->rdf)
		w->rdf = e;
	removed = strip_attrs(w, e, is_desc, &props);
	if (is_desc && !w->about)
		w->about = about_of(w, e);
	if ((rc = check_dups(w, e)))
		goto cleanup;
	rc = walk_children(w, e, is_rdf_root ? C_IN_RDF : is_desc ? C_IN_DESC : C_OTHER);
	/* text directly in rdf:RDF or a description is not RDF and means
	 * nothing; kept, it made each rewrite differ in its blank lines */
	for (struct node *c = e->child; (is_rdf_root || is_desc) && c; c = c->next)
		if (c->kind == N_TEXT && !is_space(&c->text))
			c->drop = 1;
	/* a description that only held managed properties would otherwise
	 * stay behind, empty, at every update */
	if (is_desc && !props && (k = dropped_children(e)) >= 0 && (removed || k > 0))
		e->drop = 1;
cleanup:
	w->n = mark;
	return rc;
}

/* ---- writing ----------------------------------------------------------- */

/* Text and attribute values of the old file (expat gave valid UTF-8).  A
 * CR, and in attributes tab and newline, are character references so that
 * the next parser does not normalise them away. */
static int put_escaped(struct capcat_buf *b, const char *s, size_t n, int attr)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		const char *rep = NULL;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\r': rep = "&#13;"; break;
		case '"': rep = attr ? "&quot;" : NULL; break;
		case '\n': rep = attr ? "&#10;" : NULL; break;
		case '\t': rep = attr ? "&#9;" : NULL; break;
		default: break;
		}
		rc = rep ? capcat_buf_adds(b, rep) : capcat_buf_addch(b, s[i]);
	}
	return rc;
}

/* Length of the valid UTF-8 sequence at 's' (at most 'n' bytes) and its
 * code point; 0 if invalid (overlong, surrogate, above U+10FFFF). */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned c = s[0];
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) { len = 2; *cp = c & 0x1F; }
	else if (c >= 0xE0 && c <= 0xEF) { len = 3; *cp = c & 0x0F; }
	else if (c >= 0xF0 && c <= 0xF4) { len = 4; *cp = c & 0x07; }
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && *cp < 0x800) || (len == 4 && *cp < 0x10000) ||
	    *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return len;
}

/* One of capcat's values as element content: invalid bytes and the two
 * non-characters XML forbids become U+FFFD, control characters other than
 * tab and newline are dropped (XML 1.0 cannot carry them). */
static int put_value(struct capcat_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k;
	unsigned long cp;
	int rc = 0;

	while (n && !rc) {
		if (*p < 0x20 && *p != '\t' && *p != '\n') {
			k = 1;
		} else if (*p < 0x80) {
			k = 1;
			rc = *p == '"' ? capcat_buf_adds(b, "&quot;") : put_escaped(b, (const char *)p, 1, 0);
		} else if ((k = utf8_seq(p, n, &cp)) == 0 || cp == 0xFFFE || cp == 0xFFFF) {
			k = k ? k : 1;
			rc = capcat_buf_adds(b, "\xEF\xBF\xBD");
		} else {
			rc = capcat_buf_add(b, p, k);
		}
		p += k;
		n -= k;
	}
	return rc;
}

/* Whether value i of 'm' repeats an earlier value of its field. */
static int seen_before(const struct capcat_meta *m, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (m->v[j].field == m->v[i].field && m->v[j].value &&
		    !strcmp(m->v[j].value, m->v[i].value))
			return 1;
	return 0;
}

/* Property 'p' with its values from 'm' (none: nothing). */
static int put_prop(struct capcat_buf *b, const struct managed *p, const struct capcat_meta *m)
{
	static const char *const array[] = { "", "rdf:Alt", "rdf:Seq", "rdf:Bag" };
	struct capcat_buf v;
	size_t nval = 0;
	int rc = 0;

	capcat_buf_init(&v);
	for (size_t i = 0; i < m->n && !rc; i++) {
		if (m->v[i].field != p->field || !m->v[i].value || seen_before(m, i))
			continue;
		capcat_buf_reset(&v);
		if ((rc = put_value(&v, m->v[i].value)) || !v.len)
			continue;
		if (!nval++) {
			rc |= capcat_buf_printf(b, "   <%s>", p->qname);
			if (p->form != FORM_TEXT)
				rc |= capcat_buf_printf(b, "\n    <%s>\n", array[p->form]);
		}
		if (p->form == FORM_ALT)
			rc |= capcat_buf_adds(b, "     <rdf:li xml:lang=\"x-default\">");
		else if (p->form != FORM_TEXT)
			rc |= capcat_buf_adds(b, "     <rdf:li>");
		rc |= capcat_buf_add(b, v.data, v.len);
		if (p->form == FORM_TEXT || p->form == FORM_ALT)
			break;          /* a single value */
		rc |= capcat_buf_adds(b, "</rdf:li>\n");
	}
	if (nval && !rc && p->form != FORM_TEXT)
		rc |= capcat_buf_printf(b, "%s    </%s>\n   ", p->form == FORM_ALT ? "</rdf:li>\n" : "",
					array[p->form]);
	if (nval && !rc)
		rc |= capcat_buf_printf(b, "</%s>\n", p->qname);
	capcat_buf_release(&v);
	return rc ? CAPCAT_ENOMEM : 0;
}

/* capcat's rdf:Description, or nothing when 'm' has no managed value.
 * It is about what the file's descriptions are about: readers take
 * descriptions of different resources for an error. */
static int render_desc(struct capcat_buf *out, const struct capcat_meta *m, const char *about)
{
	struct capcat_buf body;
	int rc = 0;

	capcat_buf_init(&body);
	for (size_t i = 0; i < NMANAGED && !rc; i++)
		rc = put_prop(&body, &managed[i], m);
	if (!rc && body.len) {
		rc |= capcat_buf_adds(out, "  <rdf:Description rdf:about=\"");
		rc |= put_escaped(out, about ? about : "", about ? strlen(about) : 0, 1);
		rc |= capcat_buf_printf(out, "\"\n"
					"    xmlns:rdf=\"" NS_RDF "\"\n"
					"    xmlns:dc=\"" NS_DC "\"\n"
					"    xmlns:photoshop=\"" NS_PS "\"\n"
					"    xmlns:Iptc4xmpCore=\"" NS_CORE "\"\n"
					"    xmlns:Iptc4xmpExt=\"" NS_EXT "\">\n"
					"%s  </rdf:Description>", body.data);
	}
	capcat_buf_release(&body);
	return rc ? CAPCAT_ENOMEM : 0;
}

struct out {
	struct capcat_buf b;
	const struct node *at;          /* capcat's description goes in here */
	int wrap;                       /* ... inside a new rdf:RDF */
	const struct capcat_buf *desc;  /* capcat's description; may be empty */
};

static int put_desc(struct out *o)
{
	if (o->wrap)
		return capcat_buf_printf(&o->b, "\n <rdf:RDF xmlns:rdf=\"" NS_RDF "\">\n%s\n </rdf:RDF>",
					 o->desc->data);
	return capcat_buf_printf(&o->b, "\n%s", o->desc->data);
}

static int put_node(struct out *o, const struct node *n);

/* The children of 'e', without the dropped ones and the blank text before
 * them; capcat's description goes before the blank text that ends 'e'. */
static int put_children(struct out *o, const struct node *e)
{
	int here = e == o->at && o->desc->len;

	for (const struct node *c = e->child; c; c = c->next) {
		if (c->kind == N_TEXT && is_space(&c->text)) {
			if (c->next && c->next->kind == N_ELEM && c->next->drop)
				continue;
			if (here && !c->next) {
				if (put_desc(o))
					return CAPCAT_ENOMEM;
				here = 0;
			}
		}
		if (put_node(o, c))
			return CAPCAT_ENOMEM;
	}
	if (here && (put_desc(o) || capcat_buf_addch(&o->b, '\n')))
		return CAPCAT_ENOMEM;
	return 0;
}

/* How far the line being written is indented, -1 if it holds more than
 * blanks: an element with many attributes gets one a line under it. */
static long line_indent(const struct capcat_buf *b)
{
	size_t i = b->len;

	while (i && (b->data[i - 1] == ' ' || b->data[i - 1] == '\t'))
		i--;
	return !i || b->data[i - 1] == '\n' ? (long)(b->len - i) : -1;
}

/* Whether 'e' is written with its children: it has some, and they are
 * not all dropped (with only blanks between them), so that an element
 * emptied by one rewrite is written as the next one writes it, <e/>. */
static int shows_children(const struct node *e)
{
	int dropped = 0;

	for (const struct node *c = e->child; c; c = c->next) {
		if (c->drop)
			dropped = 1;
		else if (!(c->kind == N_TEXT && is_space(&c->text)))
			return 1;
	}
	return e->child && !dropped;
}

static int put_elem(struct out *o, const struct node *e)
{
	struct capcat_buf *b = &o->b;
	long indent = line_indent(b);
	char pad[64];           /* a copy: printf may move b->data */
	size_t nattr = 0;
	int rc = 0;

	if (indent >= 0 && indent < (long)sizeof(pad))
		memcpy(pad, b->data + b->len - (size_t)indent, (size_t)indent);
	else
		indent = -1;
	while (e->attr[nattr])
		nattr += 2;
	rc |= capcat_buf_addch(b, '<');
	rc |= capcat_buf_adds(b, e->name);
	for (size_t i = 0; e->attr[i] && !rc; i += 2) {
		if (i && nattr > 4 && indent >= 0)
			rc |= capcat_buf_printf(b, "\n%.*s  %s=\"", (int)indent, pad,
						e->attr[i]);
		else
			rc |= capcat_buf_printf(b, " %s=\"", e->attr[i]);
		rc |= put_escaped(b, e->attr[i + 1], strlen(e->attr[i + 1]), 1);
		rc |= capcat_buf_addch(b, '"');
	}
	if (!shows_children(e) && !(e == o->at && o->desc->len))
		return rc | capcat_buf_adds(b, "/>");
	rc |= capcat_buf_addch(b, '>');
	if (!rc)
		rc = put_children(o, e);
	return rc | capcat_buf_printf(b, "</%s>", e->name);
}

static int put_node(struct out *o, const struct node *n)
{
	struct capcat_buf *b = &o->b;

	switch (n->kind) {
	case N_ELEM:
		return n->drop ? 0 : put_elem(o, n);
	case N_TEXT:
		return n->drop ? 0 : put_escaped(b, n->text.data, n->text.len, 0);
	case N_COMMENT:
		return capcat_buf_printf(b, "<!--%s-->", n->text.data);
	case N_PI:
		return capcat_buf_printf(b, "<?%s%s%s?>", n->name, n->text.len ? " " : "",
					 n->text.data);
	case N_DOC:
		break;
	}
	return 0;
}

/* The whole document: the top-level nodes (xpacket wrapper, comments, the
 * root element) one a line.  Whatever the old encoding, this is UTF-8. */
static int put_doc(struct out *o, const struct parse *ps)
{
	int rc = 0;

	if (ps->has_decl)
		rc |= capcat_buf_printf(&o->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"%s?>\n",
					ps->standalone == 1 ? " standalone=\"yes\"" :
					ps->standalone == 0 ? " standalone=\"no\"" : "");
	for (const struct node *c = ps->doc->child; c && !rc; c = c->next) {
		rc |= put_node(o, c);
		rc |= capcat_buf_addch(&o->b, '\n');
	}
	return rc ? CAPCAT_ENOMEM : 0;
}

/* Where capcat's description goes: the first rdf:RDF, else an x:xmpmeta
 * root (in a new rdf:RDF). */
static int find_place(struct out *o, struct walk *w, const struct node *doc,
		      struct capcat_err *err)
{
	const struct node *root = doc->child;
	const char *local, *ns;

	while (root && root->kind != N_ELEM)
		root = root->next;
	if (w->rdf) {
		o->at = w->rdf;
		return 0;
	}
	w->n = 0;
	if (root && !bind_decls(w, root) && (ns = resolve(w, root->name, 0, &local)) &&
	    !strcmp(ns, NS_META) && !strcmp(local, "xmpmeta")) {
		o->at = root;
		o->wrap = 1;
		return 0;
	}
	return capcat_err_set(err, CAPCAT_EFORMAT, "not XMP: no rdf:RDF element");
}

int capcat_sidecar_render(char **out, size_t *out_len, const char *old, size_t old_len,
			  const struct capcat_meta *m, struct capcat_err *err)
{
	struct parse ps;
	struct walk w;
	struct out o;
	struct capcat_buf desc;
	int rc;

	memset(&w, 0, sizeof(w));
	memset(&o, 0, sizeof(o));
	capcat_buf_init(&o.b);
	capcat_buf_init(&desc);
	o.desc = &desc;
	if (!old || !old_len) {
		old = skeleton;
		old_len = sizeof(skeleton) - 1;
	}
	if ((rc = parse_tree(&ps, old, old_len, err)))
		goto cleanup;
	if (walk_children(&w, ps.doc, C_OTHER)) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (w.bad) {
		rc = capcat_err_set(err, CAPCAT_EFORMAT, "XMP breaks the XML namespace rules at '%s'",
				    w.bad);
		goto cleanup;
	}
	if ((rc = find_place(&o, &w, ps.doc, err)))
		goto cleanup;
	if (render_desc(&desc, m, w.about) || put_doc(&o, &ps)) {
		rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* o.b holds at least the root element: detaching allocates nothing */
	*out = capcat_buf_detach(&o.b, out_len);
cleanup:
	node_free(ps.doc);
	free(w.b);
	capcat_buf_release(&desc);
	capcat_buf_release(&o.b);
	return rc;
}

/* ---- the file ---------------------------------------------------------- */

static int io_err(struct capcat_err *err, const char *path)
{
	return capcat_err_set_path(err, CAPCAT_EIO, path, "%s", strerror(errno));
}

/* The old sidecar, if there is one, into 'old'; *st gets its status and
 * *exists says whether there was one. */
static int read_old(struct capcat_buf *old, struct stat *st, int *exists, const char *path,
		    struct capcat_err *err)
{
	/* O_NONBLOCK: a FIFO in the sidecar's place must not hang us */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	int rc = 0;

	*exists = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : io_err(err, path);
	if (fstat(fd, st)) {
		rc = io_err(err, path);
		goto cleanup;
	}
	if (!S_ISREG(st->st_mode)) {
		rc = capcat_err_set_path(err, CAPCAT_EIO, path, "not a regular file");
		goto cleanup;
	}
	if (st->st_size > (off_t)MAX_OLD)
		goto too_big;
	*exists = 1;
	for (;;) {
		ssize_t n;
		if (capcat_buf_grow(old, 65536)) {
			rc = capcat_err_set(err, CAPCAT_ENOMEM, "out of memory");
			goto cleanup;
		}
		n = read(fd, old->data + old->len, old->cap - old->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_err(err, path);
			goto cleanup;
		}
		if (n == 0)
			break;
		old->len += (size_t)n;
		old->data[old->len] = '\0';
		if (old->len > MAX_OLD)
			goto too_big;   /* it grew while we read */
	}
	goto cleanup;
too_big:
	rc = capcat_err_set_path(err, CAPCAT_EFORMAT, path, "sidecar is larger than %u MiB",
				 MAX_OLD >> 20);
cleanup:
	close(fd);
	return rc;
}

int capcat_sidecar_write(const char *path, const struct capcat_meta *m, struct capcat_err *err)
{
	struct capcat_buf old;
	struct stat st;
	struct iovec iov;
	char *out = NULL;
	size_t out_len = 0;
	int exists, rc;

	capcat_buf_init(&old);
	if ((rc = read_old(&old, &st, &exists, path, err)))
		goto cleanup;
	if ((rc = capcat_sidecar_render(&out, &out_len, old.data, old.len, m, err))) {
		if (err)
			snprintf(err->path, sizeof(err->path), "%s", path);
		goto cleanup;
	}
	iov.iov_base = out;
	iov.iov_len = out_len;
	rc = capcat_file_replace(path, &iov, 1, exists ? &st : NULL, err);
cleanup:
	free(out);
	capcat_buf_release(&old);
	return rc;
}
