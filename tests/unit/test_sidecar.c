/* test_sidecar.c - the XMP sidecar writer: a new packet read back with
 * capcat_xmp_read, updating a darktable sidecar (unmanaged properties kept,
 * managed ones replaced whatever their prefix and form), removal, value
 * cleaning, malformed input, the atomic file write and, when ExifTool is
 * installed, what ExifTool reads from the result. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testutil.h"

#include "capcat/err.h"
#include "capcat/meta.h"
#include "capcat/sidecar.h"
#include "capcat/xmp.h"

#include <dirent.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static const enum capcat_field managed[] = {
	CAPCAT_F_CAPTION, CAPCAT_F_TITLE, CAPCAT_F_HEADLINE, CAPCAT_F_CREDIT,
	CAPCAT_F_CREATOR, CAPCAT_F_CREATOR_TITLE, CAPCAT_F_SOURCE, CAPCAT_F_COPYRIGHT,
	CAPCAT_F_CITY, CAPCAT_F_REGION, CAPCAT_F_COUNTRY, CAPCAT_F_SUBLOCATION,
	CAPCAT_F_COUNTRY_CODE, CAPCAT_F_INSTRUCTIONS, CAPCAT_F_CAPTION_WRITER,
	CAPCAT_F_DATE_CREATED, CAPCAT_F_PERSON, CAPCAT_F_KEYWORD,
};
#define NMANAGED (sizeof(managed) / sizeof(managed[0]))

/* A darktable sidecar: develop history, rating, derived-from, a caption in
 * element form (prefix dc) and another in attribute form (prefix d2, bound
 * to the dc namespace), a city attribute, a description holding nothing
 * but managed properties, a comment and a processing instruction. */
static const char darktable[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"XMP Core 4.4.0-Exiv2\">\n"
	" <!-- kept comment -->\n"
	" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	"  <rdf:Description rdf:about=\"\"\n"
	"    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	"    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	"    xmlns:darktable=\"http://darktable.sf.net/\"\n"
	"    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	"    xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
	"    xmp:Rating=\"3\"\n"
	"    xmpMM:DerivedFrom=\"IMG_0001.CR2\"\n"
	"    photoshop:City=\"Old City\"\n"
	"    darktable:xmp_version=\"5\"\n"
	"    darktable:history_end=\"2\">\n"
	"   <dc:description>\n"
	"    <rdf:Alt>\n"
	"     <rdf:li xml:lang=\"x-default\">old element caption</rdf:li>\n"
	"    </rdf:Alt>\n"
	"   </dc:description>\n"
	"   <darktable:history>\n"
	"    <rdf:Seq>\n"
	"     <rdf:li darktable:operation=\"exposure\" darktable:enabled=\"1\"\n"
	"       darktable:params=\"a&amp;b&#10;c&lt;&quot;\"/>\n"
	"     <rdf:li darktable:operation=\"colorin\" darktable:enabled=\"0\"/>\n"
	"    </rdf:Seq>\n"
	"   </darktable:history>\n"
	"   <dc:subject><rdf:Bag><rdf:li>old keyword</rdf:li></rdf:Bag></dc:subject>\n"
	"  </rdf:Description>\n"
	"  <rdf:Description rdf:about=\"\" xmlns:d2=\"http://purl.org/dc/elements/1.1/\"\n"
	"    xmlns:lr=\"http://ns.adobe.com/lightroom/1.0/\"\n"
	"    d2:description=\"old attribute caption\">\n"
	"   <lr:hierarchicalSubject><rdf:Bag><rdf:li>places|old</rdf:li></rdf:Bag></lr:hierarchicalSubject>\n"
	"   <?capcat-test keep me?>\n"
	"  </rdf:Description>\n"
	"  <rdf:Description rdf:about=\"\" xmlns:ps=\"http://ns.adobe.com/photoshop/1.0/\">\n"
	"   <ps:Headline>old headline</ps:Headline>\n"
	"  </rdf:Description>\n"
	" </rdf:RDF>\n"
	"</x:xmpmeta>\n";

static void add(struct capcat_meta *m, enum capcat_field f, const char *v)
{
	assert_int_equal(capcat_meta_add(m, f, CAPCAT_SRC_USER, v, strlen(v)), 0);
}

/* A value for every managed field; several creators, keywords, persons. */
static void fill(struct capcat_meta *m)
{
	capcat_meta_init(m);
	add(m, CAPCAT_F_CAPTION, "José Luis Magaña waves to supporters in Madrid.\nSecond line.");
	add(m, CAPCAT_F_TITLE, "Rally");
	add(m, CAPCAT_F_HEADLINE, "<b>&\"quotes\"</b>");
	add(m, CAPCAT_F_CREDIT, "AFP/Getty Images");
	add(m, CAPCAT_F_CREATOR, "José Luis Magaña");
	add(m, CAPCAT_F_CREATOR, "Hadi Mizban");
	add(m, CAPCAT_F_CREATOR_TITLE, "Staff photographer");
	add(m, CAPCAT_F_SOURCE, "AFP");
	add(m, CAPCAT_F_COPYRIGHT, "© 2024 AFP");
	add(m, CAPCAT_F_CITY, "Madrid");
	add(m, CAPCAT_F_REGION, "Comunidad de Madrid");
	add(m, CAPCAT_F_COUNTRY, "España");
	add(m, CAPCAT_F_SUBLOCATION, "Puerta del Sol");
	add(m, CAPCAT_F_COUNTRY_CODE, "ESP");
	add(m, CAPCAT_F_INSTRUCTIONS, "No sales; editorial use only");
	add(m, CAPCAT_F_CAPTION_WRITER, "jm/ab");
	add(m, CAPCAT_F_DATE_CREATED, "2024-02-08T14:30:00+01:00");
	add(m, CAPCAT_F_PERSON, "José Luis Magaña");
	add(m, CAPCAT_F_PERSON, "Ana <Pérez> & co");
	add(m, CAPCAT_F_KEYWORD, "politics");
	add(m, CAPCAT_F_KEYWORD, "rally");
	add(m, CAPCAT_F_KEYWORD, "Spain & Europe");
}

static char *render(const char *old, const struct capcat_meta *m, size_t *len)
{
	struct capcat_err err = {0};
	char *out = NULL;
	size_t n = 0;
	int rc = capcat_sidecar_render(&out, &n, old, old ? strlen(old) : 0, m, &err);

	if (rc)
		fail_msg("render: %d %s", rc, err.msg);
	assert_non_null(out);
	assert_int_equal(strlen(out), n);
	if (len)
		*len = n;
	return out;
}

static void read_back(struct capcat_meta *back, const char *xmp)
{
	struct capcat_err err = {0};

	capcat_meta_init(back);
	if (capcat_xmp_read(back, CAPCAT_SRC_SIDECAR, xmp, strlen(xmp), NULL, 0, &err))
		fail_msg("read back: %s\n%s", err.msg, xmp);
}

/* Every managed field of 'want' (source user) is in 'got' (sidecar). */
static void assert_same(const struct capcat_meta *want, const struct capcat_meta *got)
{
	for (size_t i = 0; i < NMANAGED; i++) {
		const char *a[16], *b[16];
		size_t na = capcat_meta_get(want, managed[i], CAPCAT_SRC_USER, a, 16);
		size_t nb = capcat_meta_get(got, managed[i], CAPCAT_SRC_SIDECAR, b, 16);
		if (na != nb)
			fail_msg("%s: %zu values, want %zu", capcat_field_name(managed[i]), nb, na);
		for (size_t k = 0; k < na; k++)
			assert_string_equal(b[k], a[k]);
	}
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], len;
		unsigned long cp;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
		else
			return 0;
		if (n - i < len)
			return 0;
		for (unsigned k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += len;
	}
	return 1;
}

/* ---- names as a namespace-aware parser sees them ----------------------- */

struct names {
	char *all;              /* "\nURI|local\n" for every element and attribute */
	size_t len;
};

static void names_add(struct names *ns, const char *name, char kind)
{
	size_t n = strlen(name);
	char *p = realloc(ns->all, ns->len + n + 4);

	assert_non_null(p);
	ns->all = p;
	p[ns->len++] = kind;
	memcpy(p + ns->len, name, n);
	ns->len += n;
	p[ns->len++] = '\n';
	p[ns->len] = '\0';
}

static void XMLCALL names_start(void *data, const char *name, const char **attr)
{
	names_add(data, name, 'E');
	for (size_t i = 0; attr[i]; i += 2)
		names_add(data, attr[i], 'A');
}

static void XMLCALL names_end(void *data, const char *name)
{
	(void)data;
	(void)name;
}

/* Parse 'xml' with expat in namespace mode: lines "E<uri>|<local>" and
 * "A<uri>|<local>"; fails the test if it is not namespace-well-formed. */
static char *names_of(const char *xml)
{
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	struct names ns = { NULL, 0 };

	assert_non_null(p);
	names_add(&ns, "", '\n');
	XML_SetUserData(p, &ns);
	XML_SetElementHandler(p, names_start, names_end);
	if (XML_Parse(p, xml, (int)strlen(xml), XML_TRUE) == XML_STATUS_ERROR)
		fail_msg("output is not well-formed: %s\n%s", XML_ErrorString(XML_GetErrorCode(p)), xml);
	XML_ParserFree(p);
	return ns.all;
}

/* ---- rendering ---------------------------------------------------------- */

static void test_sidecar__new_packet_round_trips(void **state)
{
	static const char head[] =
		"<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\" x:xmptk=\"capcat\">\n"
		" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		"  <rdf:Description rdf:about=\"\"\n";
	struct capcat_meta m, back;
	size_t len;
	char *out;

	(void)state;
	fill(&m);
	out = render(NULL, &m, &len);
	assert_true(!strncmp(out, head, strlen(head)));
	assert_non_null(strstr(out, "<?xpacket end=\"w\"?>"));
	assert_int_equal(count(out, "<rdf:Description"), 1);
	assert_non_null(strstr(out, "<rdf:li xml:lang=\"x-default\">José Luis Magaña waves"));
	assert_non_null(strstr(out, "<photoshop:Headline>&lt;b&gt;&amp;&quot;quotes&quot;&lt;/b&gt;<"));
	assert_non_null(strstr(out, "<dc:creator>\n    <rdf:Seq>\n     <rdf:li>José Luis Magaña</rdf:li>"));
	assert_non_null(strstr(out, "<dc:subject>\n    <rdf:Bag>"));
	assert_non_null(strstr(out, "<Iptc4xmpExt:PersonInImage>\n    <rdf:Bag>"));
	assert_true(valid_utf8((const unsigned char *)out, len));
	free(names_of(out));
	read_back(&back, out);
	assert_same(&m, &back);
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(out);
}

static void test_sidecar__empty_meta_gives_empty_rdf(void **state)
{
	struct capcat_meta m, back;
	char *out;

	(void)state;
	capcat_meta_init(&m);
	out = render("", &m, NULL);
	assert_null(strstr(out, "rdf:Description"));
	assert_non_null(strstr(out, "<rdf:RDF"));
	read_back(&back, out);
	assert_int_equal(back.n, 0);
	capcat_meta_release(&back);
	free(out);
}

/* Values in order whatever their source; a field's duplicates once; a
 * single-valued property takes the first. */
static void test_sidecar__values_in_order_duplicates_once(void **state)
{
	struct capcat_meta m, back;
	const char *v[8];
	char *out;

	(void)state;
	capcat_meta_init(&m);
	assert_int_equal(capcat_meta_add(&m, CAPCAT_F_KEYWORD, CAPCAT_SRC_XMP, "b", 1), 0);
	assert_int_equal(capcat_meta_add(&m, CAPCAT_F_CAPTION, CAPCAT_SRC_IPTC, "first", 5), 0);
	assert_int_equal(capcat_meta_add(&m, CAPCAT_F_KEYWORD, CAPCAT_SRC_USER, "a", 1), 0);
	assert_int_equal(capcat_meta_add(&m, CAPCAT_F_KEYWORD, CAPCAT_SRC_USER, "b", 1), 0);
	assert_int_equal(capcat_meta_add(&m, CAPCAT_F_CAPTION, CAPCAT_SRC_USER, "second", 6), 0);
	out = render(NULL, &m, NULL);
	read_back(&back, out);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_KEYWORD, CAPCAT_SRC_SIDECAR, v, 8), 2);
	assert_string_equal(v[0], "b");
	assert_string_equal(v[1], "a");
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CAPTION, CAPCAT_SRC_SIDECAR, v, 8), 1);
	assert_string_equal(v[0], "first");
	assert_null(strstr(out, "second"));
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(out);
}

static void test_sidecar__invalid_utf8_and_controls_cleaned(void **state)
{
	struct capcat_meta m, back;
	const char *v[1];
	size_t len;
	char *out;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "a\xFF" "b\x01\x1F\r" "c\td\xC3(e\xEF\xBF\xBE" "f\xED\xA0\x80g");
	out = render(NULL, &m, &len);
	assert_true(valid_utf8((const unsigned char *)out, len));
	read_back(&back, out);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CAPTION, CAPCAT_SRC_SIDECAR, v, 1), 1);
	assert_string_equal(v[0], "a\xEF\xBF\xBD" "bc\td\xEF\xBF\xBD(e\xEF\xBF\xBD"
			    "f\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDg");
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(out);
}

static void test_sidecar__darktable_keeps_unmanaged(void **state)
{
	struct capcat_meta m, back;
	char *out, *names;

	(void)state;
	fill(&m);
	out = render(darktable, &m, NULL);
	names = names_of(out);
	/* unmanaged properties, as properties of the same namespaces */
	assert_non_null(strstr(names, "\nAhttp://ns.adobe.com/xap/1.0/|Rating\n"));
	assert_non_null(strstr(names, "\nAhttp://ns.adobe.com/xap/1.0/mm/|DerivedFrom\n"));
	assert_non_null(strstr(names, "\nEhttp://darktable.sf.net/|history\n"));
	assert_non_null(strstr(names, "\nAhttp://darktable.sf.net/|history_end\n"));
	assert_non_null(strstr(names, "\nEhttp://ns.adobe.com/lightroom/1.0/|hierarchicalSubject\n"));
	/* the managed ones once, in capcat's description */
	assert_int_equal(count(names, "|description\n"), 1);
	assert_int_equal(count(names, "\nE" NS_DC "|description\n"), 1);
	assert_int_equal(count(names, "http://ns.adobe.com/photoshop/1.0/|City\n"), 1);
	assert_int_equal(count(names, "\nE" NS_DC "|title\n"), 1);
	/* values and markup kept as they meant */
	assert_non_null(strstr(out, "darktable:params=\"a&amp;b&#10;c&lt;&quot;\""));
	assert_non_null(strstr(out, "<!-- kept comment -->"));
	assert_non_null(strstr(out, "<?capcat-test keep me?>"));
	assert_non_null(strstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
	assert_non_null(strstr(out, "x:xmptk=\"XMP Core 4.4.0-Exiv2\""));
	assert_null(strstr(out, "Old City"));
	assert_null(strstr(out, "old element caption"));
	assert_null(strstr(out, "old attribute caption"));
	assert_null(strstr(out, "old keyword"));
	assert_null(strstr(out, "old headline"));
	/* the description that only held a headline is gone: 2 old + ours */
	assert_int_equal(count(out, "<rdf:Description"), 3);
	read_back(&back, out);
	assert_same(&m, &back);
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(names);
	free(out);
}

/* Rendering the result again changes nothing: capcat's old description
 * goes and the same one comes back in its place. */
static void test_sidecar__update_is_idempotent(void **state)
{
	struct capcat_meta m;
	char *once, *twice;

	(void)state;
	fill(&m);
	once = render(darktable, &m, NULL);
	twice = render(once, &m, NULL);
	assert_string_equal(twice, once);
	free(twice);
	free(once);
	twice = render(NULL, &m, NULL);
	once = render(twice, &m, NULL);
	assert_string_equal(once, twice);
	capcat_meta_release(&m);
	free(twice);
	free(once);
}

static void test_sidecar__removing_a_value_removes_the_property(void **state)
{
	struct capcat_meta m, back;
	char *first, *second, *third;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "keep");
	add(&m, CAPCAT_F_CITY, "Madrid");
	add(&m, CAPCAT_F_KEYWORD, "k1");
	first = render(darktable, &m, NULL);
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "keep");
	second = render(first, &m, NULL);
	assert_null(strstr(second, "City"));
	assert_null(strstr(second, "dc:subject"));
	read_back(&back, second);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CITY, CAPCAT_SRC_SIDECAR, NULL, 0), 0);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_KEYWORD, CAPCAT_SRC_SIDECAR, NULL, 0), 0);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CAPTION, CAPCAT_SRC_SIDECAR, NULL, 0), 1);
	capcat_meta_release(&back);
	/* nothing left to say: capcat's description goes, darktable's stays */
	capcat_meta_release(&m);
	capcat_meta_init(&m);
	third = render(second, &m, NULL);
	assert_null(strstr(third, ">keep<"));
	assert_null(strstr(third, "Iptc4xmpCore"));
	assert_non_null(strstr(third, "darktable:history"));
	assert_int_equal(count(third, "<rdf:Description"), 2);
	free(names_of(third));
	free(first);
	free(second);
	free(third);
}

/* Prefixes are resolved: a default namespace finds dc:description, a "dc"
 * bound elsewhere is not Dublin Core, a redeclared prefix counts where it
 * is in scope; nested structs are left alone. */
static void test_sidecar__prefixes_resolved_not_matched(void **state)
{
	static const char old[] =
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
		"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://example.com/notdc/\""
		" dc:title=\"not dublin core\">"
		"<description xmlns=\"" NS_DC "\">default ns caption</description>"
		"<dc:description>other description</dc:description>"
		"<dc:subject xmlns:dc=\"" NS_DC "\">real keyword</dc:subject>"
		"<dc:Thing rdf:parseType=\"Resource\" xmlns:d2=\"" NS_DC "\">"
		"<d2:title>struct field &amp; more</d2:title></dc:Thing>"
		"</rdf:Description></rdf:RDF>";
	struct capcat_meta m;
	char *out;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "new");
	out = render(old, &m, NULL);
	assert_null(strstr(out, "default ns caption"));
	assert_null(strstr(out, "real keyword"));
	assert_non_null(strstr(out, "dc:title=\"not dublin core\""));
	assert_non_null(strstr(out, "<dc:description>other description</dc:description>"));
	/* inside a struct, dc:title is a field of the struct, not the photo's */
	assert_non_null(strstr(out, "<d2:title>struct field &amp; more</d2:title>"));
	free(names_of(out));
	capcat_meta_release(&m);
	free(out);
}

/* rdf:RDF may be the root; CDATA, character references and a CR in text
 * keep their meaning. */
static void test_sidecar__bare_rdf_root(void **state)
{
	static const char old[] =
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"u:\"><rdf:Description>"
		"<p:a><![CDATA[<x> & y]]>&#13;&#x41;</p:a></rdf:Description></rdf:RDF>";
	static const char head[] =
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"u:\">"
		"<rdf:Description><p:a>&lt;x&gt; &amp; y&#13;A</p:a></rdf:Description>\n"
		"  <rdf:Description rdf:about=\"\"\n";
	struct capcat_meta m, back;
	char *out;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CREDIT, "AP");
	out = render(old, &m, NULL);
	if (strncmp(out, head, strlen(head)))
		fail_msg("got:\n%s", out);
	read_back(&back, out);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CREDIT, CAPCAT_SRC_SIDECAR, NULL, 0), 1);
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(out);
}

/* An x:xmpmeta with no rdf:RDF gets one. */
static void test_sidecar__xmpmeta_without_rdf(void **state)
{
	struct capcat_meta m, back;
	char *out;

	(void)state;
	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CREDIT, "AP");
	out = render("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>", &m, NULL);
	free(names_of(out));
	read_back(&back, out);
	assert_int_equal(capcat_meta_get(&back, CAPCAT_F_CREDIT, CAPCAT_SRC_SIDECAR, NULL, 0), 1);
	capcat_meta_release(&back);
	capcat_meta_release(&m);
	free(out);
}

static void assert_eformat(const char *old, size_t len)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *out = NULL;
	size_t n = 7;

	capcat_meta_init(&m);
	add(&m, CAPCAT_F_CAPTION, "x");
	assert_int_equal(capcat_sidecar_render(&out, &n, old, len, &m, &err), CAPCAT_EFORMAT);
	assert_int_equal(err.code, CAPCAT_EFORMAT);
	assert_true(err.msg[0] != '\0');
	assert_null(out);
	assert_int_equal(n, 7);
	capcat_meta_release(&m);
}

static void test_sidecar__malformed_old_is_eformat(void **state)
{
	static const char *const bad[] = {
		"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF>",          /* truncated */
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
		"<rdf:Description nope:a=\"1\"/></rdf:RDF>",                /* unbound prefix */
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
		"<rdf:Description>&undefined;</rdf:Description></rdf:RDF>",
		"<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",               /* DTD */
		"<foo/>",                                                     /* not XMP */
		"   ",
		"<a>\xFF</a>",                                                /* bad UTF-8 */
		/* well-formed XML, but not with namespaces, as XMP must be */
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"u:\" xmlns:q=\"u:\">"
		"<rdf:Description p:a=\"1\" q:a=\"2\"/></rdf:RDF>",
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\"><rdf:Description xmlns:xml=\"u:\"/></rdf:RDF>",
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"u:\"><p:3a/></rdf:RDF>",
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"u:\"><p:a:b/></rdf:RDF>",
		"<rdf:RDF xmlns:rdf=\"" NS_RDF "\" xmlns:p=\"\"/>",
		"<?a:b c?><rdf:RDF xmlns:rdf=\"" NS_RDF "\"/>",
	};
	char *deep, *big;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_eformat(bad[i], strlen(bad[i]));
	deep = malloc(300 * 3 + 300 * 4 + 1);
	assert_non_null(deep);
	deep[0] = '\0';
	for (int i = 0; i < 300; i++)
		strcat(deep, "<a>");
	for (int i = 0; i < 300; i++)
		strcat(deep, "</a>");
	assert_eformat(deep, strlen(deep));
	free(deep);
	big = malloc((16u << 20) + 1);
	assert_non_null(big);
	memset(big, ' ', (16u << 20) + 1);
	memcpy(big, "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>", 37);
	assert_eformat(big, (16u << 20) + 1);
	free(big);
}

/* ---- the file ---------------------------------------------------------- */

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

static mode_t get_umask(void)
{
	mode_t u = umask(022);

	umask(u);
	return u;
}

static void test_sidecar__write_new_file(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "photo.jpg.xmp"), *want, *got;
	struct stat st;

	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), 0);
	assert_int_equal(entries(*state), 1);       /* no temporary file left */
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644 & ~get_umask());
	want = render(NULL, &m, NULL);
	got = (char *)tu_read_file(path, NULL);
	assert_string_equal(got, want);
	capcat_meta_release(&m);
	free(want);
	free(got);
	free(path);
}

static void test_sidecar__write_updates_keeping_mode(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "IMG_0001.CR2.xmp"), *want, *got;
	struct stat st;

	tu_write_file(path, darktable, strlen(darktable));
	assert_int_equal(chmod(path, 0640), 0);
	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), 0);
	assert_int_equal(entries(*state), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	want = render(darktable, &m, NULL);
	got = (char *)tu_read_file(path, NULL);
	assert_string_equal(got, want);
	capcat_meta_release(&m);
	free(want);
	free(got);
	free(path);
}

static void test_sidecar__write_malformed_leaves_old(void **state)
{
	static const char broken[] = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF>";
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "a.xmp"), *got;

	tu_write_file(path, broken, strlen(broken));
	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), CAPCAT_EFORMAT);
	assert_string_equal(err.path, path);
	got = (char *)tu_read_file(path, NULL);
	assert_string_equal(got, broken);
	assert_int_equal(entries(*state), 1);
	capcat_meta_release(&m);
	free(got);
	free(path);
}

static void test_sidecar__write_missing_folder_is_eio(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *dir = tu_join(*state, "no-such-folder"), *path = tu_join(dir, "a.xmp");

	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), CAPCAT_EIO);
	assert_int_equal(err.code, CAPCAT_EIO);
	assert_string_equal(err.path, path);
	assert_false(tu_exists(dir));
	capcat_meta_release(&m);
	free(path);
	free(dir);
}

static void test_sidecar__write_over_folder_is_eio(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "a.xmp");

	assert_int_equal(mkdir(path, 0755), 0);
	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), CAPCAT_EIO);
	assert_true(tu_is_dir(path));
	assert_int_equal(entries(*state), 1);
	capcat_meta_release(&m);
	free(path);
}

/* ---- what ExifTool reads ------------------------------------------------ */

static int on_path(const char *prog)
{
	const char *env = getenv("PATH");
	char *copy, *save = NULL;
	int found = 0;

	if (!env)
		return 0;
	copy = strdup(env);
	assert_non_null(copy);
	for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		char *p = tu_join(*dir ? dir : ".", prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(copy);
	return found;
}

/* The output of `prog args 'path'`, as one string. */
static char *run_on(const char *prog, const char *path)
{
	char *cmd = malloc(strlen(prog) + strlen(path) + 16), *out = NULL;
	size_t len = 0, cap = 0, n;
	FILE *f;

	assert_non_null(cmd);
	assert_null(strchr(path, '\''));
	sprintf(cmd, "%s '%s' 2>&1", prog, path);
	f = popen(cmd, "r");
	assert_non_null(f);
	do {
		if (len + 4096 + 1 > cap) {
			cap = cap ? cap * 2 : 8192;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		n = fread(out + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	out[len] = '\0';
	if (pclose(f) != 0)
		fail_msg("%s failed:\n%s", prog, out);
	free(cmd);
	return out;
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("the output lacks %s:\n%s", want, text);
}

static void test_sidecar__exiftool_reads_it(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "IMG_0001.CR2.xmp"), *json;

	if (!on_path("exiftool")) {
		print_message("exiftool is not on PATH: skipping the ExifTool check\n");
		free(path);
		skip();
	}
	tu_write_file(path, darktable, strlen(darktable));
	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), 0);
	json = run_on("exiftool -j -XMP:all", path);
	assert_has(json, "\"Description\": \"José Luis Magaña waves to supporters in Madrid.\\nSecond line.\"");
	assert_has(json, "\"Headline\": \"<b>&\\\"quotes\\\"</b>\"");
	assert_has(json, "\"Credit\": \"AFP/Getty Images\"");
	assert_has(json, "\"Creator\": [\"José Luis Magaña\",\"Hadi Mizban\"]");
	assert_has(json, "\"Subject\": [\"politics\",\"rally\",\"Spain & Europe\"]");
	assert_has(json, "\"City\": \"Madrid\"");
	assert_has(json, "\"PersonInImage\": [\"José Luis Magaña\",\"Ana <Pérez> & co\"]");
	/* and darktable's own is still there */
	assert_has(json, "\"Rating\": 3");
	assert_has(json, "\"DerivedFrom\": \"IMG_0001.CR2\"");
	assert_null(strstr(json, "old element"));
	assert_null(strstr(json, "old attribute"));
	assert_null(strstr(json, "old keyword"));
	assert_null(strstr(json, "Old City"));
	assert_null(strstr(json, "Warning"));
	capcat_meta_release(&m);
	free(json);
	free(path);
}

/* Exiv2 is what darktable and digiKam read sidecars with. */
static void test_sidecar__exiv2_reads_it(void **state)
{
	struct capcat_meta m;
	struct capcat_err err = {0};
	char *path = tu_join(*state, "IMG_0001.CR2.xmp"), *text;

	if (!on_path("exiv2")) {
		print_message("exiv2 is not on PATH: skipping the Exiv2 check\n");
		free(path);
		skip();
	}
	tu_write_file(path, darktable, strlen(darktable));
	fill(&m);
	assert_int_equal(capcat_sidecar_write(path, &m, &err), 0);
	text = run_on("exiv2 -px", path);
	assert_has(text, "Xmp.dc.description                           LangAlt");
	assert_has(text, "lang=\"x-default\" José Luis Magaña waves");
	assert_has(text, "Xmp.dc.subject                               XmpBag      3  politics, rally, Spain & Europe");
	assert_has(text, "Xmp.iptcExt.PersonInImage");
	assert_has(text, "Xmp.xmp.Rating                               XmpText     1  3");
	assert_has(text, "Xmp.darktable.history[1]/darktable:operation XmpText     8  exposure");
	assert_null(strstr(text, "Old City"));
	assert_null(strstr(text, "Warning"));
	assert_null(strstr(text, "Error"));
	capcat_meta_release(&m);
	free(text);
	free(path);
}

#define TMP(f) cmocka_unit_test_setup_teardown(f, tu_tmpdir_setup, tu_tmpdir_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sidecar__new_packet_round_trips),
		cmocka_unit_test(test_sidecar__empty_meta_gives_empty_rdf),
		cmocka_unit_test(test_sidecar__values_in_order_duplicates_once),
		cmocka_unit_test(test_sidecar__invalid_utf8_and_controls_cleaned),
		cmocka_unit_test(test_sidecar__darktable_keeps_unmanaged),
		cmocka_unit_test(test_sidecar__update_is_idempotent),
		cmocka_unit_test(test_sidecar__removing_a_value_removes_the_property),
		cmocka_unit_test(test_sidecar__prefixes_resolved_not_matched),
		cmocka_unit_test(test_sidecar__bare_rdf_root),
		cmocka_unit_test(test_sidecar__xmpmeta_without_rdf),
		cmocka_unit_test(test_sidecar__malformed_old_is_eformat),
		TMP(test_sidecar__write_new_file),
		TMP(test_sidecar__write_updates_keeping_mode),
		TMP(test_sidecar__write_malformed_leaves_old),
		TMP(test_sidecar__write_missing_folder_is_eio),
		TMP(test_sidecar__write_over_folder_is_eio),
		TMP(test_sidecar__exiftool_reads_it),
		TMP(test_sidecar__exiv2_reads_it),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
