/* test_caption.c - captions and credit lines: parse, format, round trips.
 *
 * The captions are product.md's five real ones and caption-style.md
 * section 6 (composed cases written out in full), each with every field
 * the parser fills.
 */
#include "capcat/caption.h"
#include "caption_int.h"          /* capcat_name__eq */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EN_DASH "\xE2\x80\x93"

struct want {
	const char *in;             /* caption, or credit line for want_credit() */
	const char *prefix, *text, *instructions;
	int file, no_credit;
	const char *line;
	const char *ph[4];
	const char *agency, *provider, *via, *pool_org, *issuer, *for_client;
	const char *supplier_ref;
	int pool, handout, cfile, illustration, anonymous;
	enum capcat_credit_shape shape;
};

static int failures;

static void check_str(const char *in, const char *what, const char *want, const char *got)
{
	if ((!want && !got) || (want && got && !strcmp(want, got)))
		return;
	print_error("%s\n  %s: want %s%s%s, got %s%s%s\n", in, what,
		    want ? "'" : "", want ? want : "NULL", want ? "'" : "",
		    got ? "'" : "", got ? got : "NULL", got ? "'" : "");
	failures++;
}

static void check_int(const char *in, const char *what, int want, int got)
{
	if (want == got)
		return;
	print_error("%s\n  %s: want %d, got %d\n", in, what, want, got);
	failures++;
}

static void check_credit(const struct want *w, const struct capcat_credit *c)
{
	size_t i, n = 0;

	while (n < 4 && w->ph[n])
		n++;
	check_str(w->in, "line", w->line, c->line);
	check_int(w->in, "nphotographers", (int)n, (int)c->nphotographers);
	for (i = 0; i < n && i < c->nphotographers; i++)
		check_str(w->in, "photographer", w->ph[i], c->photographers[i]);
	check_str(w->in, "agency", w->agency, c->agency);
	check_str(w->in, "provider", w->provider, c->provider);
	check_str(w->in, "via", w->via, c->via);
	check_str(w->in, "pool_org", w->pool_org, c->pool_org);
	check_str(w->in, "issuer", w->issuer, c->issuer);
	check_str(w->in, "for_client", w->for_client, c->for_client);
	check_str(w->in, "supplier_ref", w->supplier_ref, c->supplier_ref);
	check_int(w->in, "pool", w->pool, c->pool);
	check_int(w->in, "handout", w->handout, c->handout);
	check_int(w->in, "credit.file", w->cfile, c->file);
	check_int(w->in, "illustration", w->illustration, c->illustration);
	check_int(w->in, "anonymous", w->anonymous, c->anonymous);
	check_int(w->in, "shape", (int)w->shape, (int)c->shape);
}

static void want_caption(const struct want *w)
{
	struct capcat_caption cap;
	struct capcat_err err = { 0 };

	failures = 0;
	capcat_caption_init(&cap);
	assert_int_equal(capcat_caption_parse(&cap, w->in, &err), 0);
	check_str(w->in, "caption", w->in, cap.caption);
	check_str(w->in, "prefix", w->prefix, cap.prefix);
	check_str(w->in, "text", w->text, cap.text);
	check_str(w->in, "instructions", w->instructions, cap.instructions);
	check_int(w->in, "file", w->file, cap.file);
	check_int(w->in, "has_credit", !w->no_credit, cap.has_credit);
	if (!w->no_credit)
		check_credit(w, &cap.credit);
	capcat_caption_release(&cap);
	assert_int_equal(failures, 0);
}

static void want_credit(const struct want *w)
{
	struct capcat_credit c;
	struct capcat_err err = { 0 };

	failures = 0;
	capcat_credit_init(&c);
	assert_int_equal(capcat_credit_parse(&c, w->in, &err), 0);
	check_credit(w, &c);
	capcat_credit_release(&c);
	assert_int_equal(failures, 0);
}

/* ---- product.md: the five real captions --------------------------------- */

static void test_caption__product_handout_org(void **state)
{
	static const struct want w = {
		.in = "This handout photograph released by the Iraqi President's Office shows "
		      "Iraq's President Abdul Latif Rashid, right, welcoming his counterpart from "
		      "Iran Masoud Pezeshkian in Baghdad on September 11, 2024. "
		      "(Iraqi Presidency Media Office / AFP)",
		.text = "This handout photograph released by the Iraqi President's Office shows "
			"Iraq's President Abdul Latif Rashid, right, welcoming his counterpart from "
			"Iran Masoud Pezeshkian in Baghdad on September 11, 2024.",
		.line = "Iraqi Presidency Media Office / AFP",
		.agency = "AFP", .handout = 1, .issuer = "Iraqi Presidency Media Office",
		.shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__product_pool_no_full_stop(void **state)
{
	static const struct want w = {
		.in = "Iraq's Prime Minister Mohamed Shia al-Sudani (L) walks with Iran's President "
		      "Masoud Pezeshkian in Baghdad on September 11, 2024 "
		      "(Murtada AL-SUDANI / POOL / AFP)",
		.text = "Iraq's Prime Minister Mohamed Shia al-Sudani (L) walks with Iran's "
			"President Masoud Pezeshkian in Baghdad on September 11, 2024",
		.line = "Murtada AL-SUDANI / POOL / AFP",
		.ph = { "Murtada AL-SUDANI" }, .agency = "AFP", .pool = 1,
		.shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__product_photo_by(void **state)
{
	static const struct want w = {
		.in = "A damaged building after an overnight attack in Erbil, the capital of the "
		      "northern Iraqi Kurdish autonomous region, March 13, 2022. "
		      "(Photo by SAFIN HAMED / AFP)",
		.text = "A damaged building after an overnight attack in Erbil, the capital of the "
			"northern Iraqi Kurdish autonomous region, March 13, 2022.",
		.line = "Photo by SAFIN HAMED / AFP",
		.ph = { "SAFIN HAMED" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__product_unspaced_slash(void **state)
{
	static const struct want w = {
		.in = "People walk past a billboard showing a portrait of newly appointed Hamas "
		      "leader Yahya Sinwar (top) next to Palestine Square in Tehran on August 12, "
		      "2024. (Atta Kenare/AFP)",
		.text = "People walk past a billboard showing a portrait of newly appointed Hamas "
			"leader Yahya Sinwar (top) next to Palestine Square in Tehran on August 12, "
			"2024.",
		.line = "Atta Kenare/AFP",
		.ph = { "Atta Kenare" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__product_file_en_dash(void **state)
{
	static const struct want w = {
		.in = "FILE " EN_DASH " Fighters from the Popular Mobilization Forces attend the "
		      "funeral of a commander from the Kataib Hezbollah paramilitary group killed "
		      "in a US airstrike, in Baghdad, Iraq on February 8, 2024. "
		      "(AP Photo/Hadi Mizban, File)",
		.prefix = "FILE " EN_DASH " ", .file = 1,
		.text = "Fighters from the Popular Mobilization Forces attend the funeral of a "
			"commander from the Kataib Hezbollah paramilitary group killed in a US "
			"airstrike, in Baghdad, Iraq on February 8, 2024.",
		.line = "AP Photo/Hadi Mizban, File",
		.ph = { "Hadi Mizban" }, .agency = "AP", .cfile = 1, .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

/* ---- caption-style.md section 6 (rows 1-5 are the captions above) ------- */

static void test_caption__s6_06_ap_position_marker(void **state)
{
	static const struct want w = {
		.in = "Minister Dana Levi, left, greets Samir Haddad in Amman, Jordan, Tuesday, "
		      "Oct. 8, 2024. (AP Photo/Rami Nasser)",
		.text = "Minister Dana Levi, left, greets Samir Haddad in Amman, Jordan, Tuesday, "
			"Oct. 8, 2024.",
		.line = "AP Photo/Rami Nasser",
		.ph = { "Rami Nasser" }, .agency = "AP", .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_07_ap_pool_file(void **state)
{
	static const struct want w = {
		.in = "Delegates arrive for the talks in Geneva, Switzerland, Monday, Jan. 13, "
		      "2025. (AP Photo/Leah Carmel, Pool, File)",
		.text = "Delegates arrive for the talks in Geneva, Switzerland, Monday, Jan. 13, 2025.",
		.file = 1,
		.line = "AP Photo/Leah Carmel, Pool, File",
		.ph = { "Leah Carmel" }, .agency = "AP", .pool = 1, .cfile = 1,
		.shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_08_pool_photo_via_ap(void **state)
{
	static const struct want w = {
		.in = "The president speaks during a news conference in Kyiv, Ukraine, Friday, "
		      "March 11, 2022. (Tom Weller/Pool Photo via AP)",
		.text = "The president speaks during a news conference in Kyiv, Ukraine, Friday, "
			"March 11, 2022.",
		.line = "Tom Weller/Pool Photo via AP",
		.ph = { "Tom Weller" }, .via = "AP", .pool = 1, .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_09_org_via_ap(void **state)
{
	static const struct want w = {
		.in = "This image released by the military shows soldiers operating in the Gaza "
		      "Strip, Sunday, Nov. 5, 2023. (Israel Defense Forces via AP)",
		.text = "This image released by the military shows soldiers operating in the Gaza "
			"Strip, Sunday, Nov. 5, 2023.",
		.line = "Israel Defense Forces via AP",
		.via = "AP", .handout = 1, .issuer = "Israel Defense Forces",
		.shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_10_provider_via_ap(void **state)
{
	static const struct want w = {
		.in = "Police officers stand at the scene in Berlin, Germany, Monday, Dec. 19, "
		      "2016. (Kay Brandt/dpa via AP)",
		.text = "Police officers stand at the scene in Berlin, Germany, Monday, Dec. 19, 2016.",
		.line = "Kay Brandt/dpa via AP",
		.ph = { "Kay Brandt" }, .provider = "dpa", .via = "AP", .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_11_invision_ap_file(void **state)
{
	static const struct want w = {
		.in = "Actress June Holt arrives at the premiere in Los Angeles on Feb. 8, 2024. "
		      "(Photo by Maya Ortiz/Invision/AP, File)",
		.text = "Actress June Holt arrives at the premiere in Los Angeles on Feb. 8, 2024.",
		.file = 1,
		.line = "Photo by Maya Ortiz/Invision/AP, File",
		.ph = { "Maya Ortiz" }, .provider = "Invision", .agency = "AP", .cfile = 1,
		.shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_12_afp_handout_restriction(void **state)
{
	static const struct want w = {
		.in = "This handout picture released by the Lebanese army shows soldiers at the "
		      "site of an air strike in Qlayaa, Lebanon, on October 3, 2024. "
		      "(Photo by Handout / Lebanese Army / AFP) RESTRICTED TO EDITORIAL USE - "
		      "MANDATORY CREDIT \"AFP PHOTO / LEBANESE ARMY\" - NO MARKETING NO "
		      "ADVERTISING CAMPAIGNS - DISTRIBUTED AS A SERVICE TO CLIENTS",
		.text = "This handout picture released by the Lebanese army shows soldiers at the "
			"site of an air strike in Qlayaa, Lebanon, on October 3, 2024.",
		.instructions = "RESTRICTED TO EDITORIAL USE - MANDATORY CREDIT \"AFP PHOTO / "
				"LEBANESE ARMY\" - NO MARKETING NO ADVERTISING CAMPAIGNS - "
				"DISTRIBUTED AS A SERVICE TO CLIENTS",
		.line = "Photo by Handout / Lebanese Army / AFP",
		.agency = "AFP", .handout = 1, .issuer = "Lebanese Army", .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_13_files_prefix(void **state)
{
	static const struct want w = {
		.in = "(FILES) This file photo taken on March 3, 2021 shows Pope Francis arriving "
		      "in Baghdad. (Photo by Karim SAHIB / AFP)",
		.prefix = "(FILES) ", .file = 1,
		.text = "This file photo taken on March 3, 2021 shows Pope Francis arriving in Baghdad.",
		.line = "Photo by Karim SAHIB / AFP",
		.ph = { "Karim SAHIB" }, .agency = "AFP", .cfile = 1, .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_14_afp_and_getty_groups(void **state)
{
	static const struct want w = {
		.in = "A woman waves a flag in Paris on May 1, 2024. (Photo by Lena MOREAU / AFP) "
		      "(Photo by LENA MOREAU/AFP via Getty Images)",
		.text = "A woman waves a flag in Paris on May 1, 2024.",
		.line = "Photo by Lena MOREAU / AFP Photo by LENA MOREAU/AFP via Getty Images",
		.ph = { "Lena MOREAU" }, .agency = "AFP", .via = "Getty Images",
		.shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_15_reuters_plain(void **state)
{
	static const struct want w = {
		.in = "Workers repair an oil pipeline in Basra, Iraq September 11, 2024. "
		      "REUTERS/Khalid Mansour",
		.text = "Workers repair an oil pipeline in Basra, Iraq September 11, 2024.",
		.line = "REUTERS/Khalid Mansour",
		.ph = { "Khalid Mansour" }, .agency = "Reuters", .shape = CAPCAT_SHAPE_REUTERS,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_16_reuters_illustration_file(void **state)
{
	static const struct want w = {
		.in = "FILE PHOTO: A logo is seen on a smartphone in this illustration taken "
		      "January 27, 2025. REUTERS/Anna Vidic/Illustration/File Photo",
		.prefix = "FILE PHOTO: ", .file = 1,
		.text = "A logo is seen on a smartphone in this illustration taken January 27, 2025.",
		.line = "REUTERS/Anna Vidic/Illustration/File Photo",
		.ph = { "Anna Vidic" }, .agency = "Reuters", .illustration = 1, .cfile = 1,
		.shape = CAPCAT_SHAPE_REUTERS,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_17_reuters_handout_note(void **state)
{
	static const struct want w = {
		.in = "A destroyer sails in the Red Sea in this handout picture released on "
		      "March 14, 2026. U.S. Navy/Handout via REUTERS. THIS IMAGE HAS BEEN "
		      "SUPPLIED BY A THIRD PARTY.",
		.text = "A destroyer sails in the Red Sea in this handout picture released on "
			"March 14, 2026.",
		.instructions = "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
		.line = "U.S. Navy/Handout via REUTERS",
		.via = "Reuters", .handout = 1, .issuer = "U.S. Navy", .shape = CAPCAT_SHAPE_REUTERS,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_18_getty_dateline(void **state)
{
	static const struct want w = {
		.in = "WASHINGTON, DC - MARCH 5: A senator speaks to reporters at the U.S. Capitol "
		      "on March 5, 2024 in Washington, DC. (Photo by Chris Dalton/Getty Images)",
		.text = "WASHINGTON, DC - MARCH 5: A senator speaks to reporters at the U.S. "
			"Capitol on March 5, 2024 in Washington, DC.",
		.line = "Photo by Chris Dalton/Getty Images",
		.ph = { "Chris Dalton" }, .agency = "Getty Images", .shape = CAPCAT_SHAPE_GETTY,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_19_getty_for_client(void **state)
{
	static const struct want w = {
		.in = "A singer performs on stage in Austin, Texas on March 9, 2024. "
		      "(Photo by Noa Klein/Getty Images for Acme Festival)",
		.text = "A singer performs on stage in Austin, Texas on March 9, 2024.",
		.line = "Photo by Noa Klein/Getty Images for Acme Festival",
		.ph = { "Noa Klein" }, .agency = "Getty Images", .for_client = "Acme Festival",
		.shape = CAPCAT_SHAPE_GETTY,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_20_provider_via_getty(void **state)
{
	static const struct want w = {
		.in = "A man prays at a mosque in Istanbul, Turkey on April 10, 2024. "
		      "(Photo by Ahmad Saleh/Anadolu via Getty Images)",
		.text = "A man prays at a mosque in Istanbul, Turkey on April 10, 2024.",
		.line = "Photo by Ahmad Saleh/Anadolu via Getty Images",
		.ph = { "Ahmad Saleh" }, .provider = "Anadolu", .via = "Getty Images",
		.shape = CAPCAT_SHAPE_GETTY,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_21_epa_id(void **state)
{
	static const struct want w = {
		.in = "epa11602345 Residents inspect a damaged house in Erbil, Iraq, 14 March "
		      "2022. EPA/GAILAN HAJI",
		.prefix = "epa11602345 ",
		.text = "Residents inspect a damaged house in Erbil, Iraq, 14 March 2022.",
		.line = "EPA/GAILAN HAJI",
		.ph = { "GAILAN HAJI" }, .agency = "EPA", .shape = CAPCAT_SHAPE_EPA,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_22_shutterstock_first_line(void **state)
{
	static const struct want w = {
		.in = "Mandatory Credit: Photo by Jon Reyes/NurPhoto/Shutterstock (16507315bs)\n"
		      "Protesters march through the centre of Madrid.\n"
		      "Protest, Madrid, Spain - 03 Feb 2026",
		.text = "Protesters march through the centre of Madrid.\n"
			"Protest, Madrid, Spain - 03 Feb 2026",
		.line = "Mandatory Credit: Photo by Jon Reyes/NurPhoto/Shutterstock (16507315bs)",
		.ph = { "Jon Reyes" }, .provider = "NurPhoto", .agency = "Shutterstock",
		.supplier_ref = "16507315bs",
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_23_flash90(void **state)
{
	static const struct want w = {
		.in = "Protesters gather in Tel Aviv on March 2, 2024. (Yossi Adler/Flash90)",
		.text = "Protesters gather in Tel Aviv on March 2, 2024.",
		.line = "Yossi Adler/Flash90",
		.ph = { "Yossi Adler" }, .agency = "Flash90",
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_24_courtesy(void **state)
{
	static const struct want w = {
		.in = "A family photo of the hostage, undated. (Courtesy)",
		.text = "A family photo of the hostage, undated.",
		.line = "Courtesy", .handout = 1,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_25_party_of_god(void **state)
{
	static const struct want w = {
		.in = "Members of Hezbollah (Party of God) march during a rally in Beirut on "
		      "October 1, 2024. (Photo by Ali NOUR / AFP)",
		.text = "Members of Hezbollah (Party of God) march during a rally in Beirut on "
			"October 1, 2024.",
		.line = "Photo by Ali NOUR / AFP",
		.ph = { "Ali NOUR" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_26_mid_caption_credit(void **state)
{
	static const struct want w = {
		.in = "A match in Rome. (Alessandro Ricci/LaPresse via AP) Fans celebrated late.",
		.text = "A match in Rome. Fans celebrated late.",
		.line = "Alessandro Ricci/LaPresse via AP",
		.ph = { "Alessandro Ricci" }, .provider = "LaPresse", .via = "AP",
		.shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_27_comma_pool(void **state)
{
	static const struct want w = {
		.in = "Putin in Siberia. (Alexei Orlov, Sputnik, Kremlin Pool Photo via AP)",
		.text = "Putin in Siberia.",
		.line = "Alexei Orlov, Sputnik, Kremlin Pool Photo via AP",
		.ph = { "Alexei Orlov" }, .provider = "Sputnik", .pool = 1,
		.pool_org = "Kremlin Pool", .via = "AP", .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__s6_28_markers_pool(void **state)
{
	static const struct want w = {
		.in = "Leaders pose (L to R) Emmanuel Dubois, Karl Weber and Sofia Russo at the "
		      "summit in Brussels on June 3, 2024. (Photo by Sara LEON / POOL / AFP)",
		.text = "Leaders pose (L to R) Emmanuel Dubois, Karl Weber and Sofia Russo at the "
			"summit in Brussels on June 3, 2024.",
		.line = "Photo by Sara LEON / POOL / AFP",
		.ph = { "Sara LEON" }, .agency = "AFP", .pool = 1, .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_caption(&w);
}

/* ---- negative tests ----------------------------------------------------- */

static void test_caption__no_credit_in_arabic(void **state)
{
	static const struct want w = {
		.in = "A banner reads \"Welcome to Baghdad\" (in Arabic)",
		.text = "A banner reads \"Welcome to Baghdad\" (in Arabic)", .no_credit = 1,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__no_credit_markers(void **state)
{
	static const char *const tails[] = {
		"(L)", "(IDF)", "(160 kilometers)", "(2nd L)", "(top)", "(R)", "(C)", "(L-R)",
		"(Party of God)", "(in Arabic).", NULL
	};
	char buf[256];
	size_t i;

	(void)state;
	for (i = 0; tails[i]; i++) {
		struct want w = { .no_credit = 1 };

		snprintf(buf, sizeof(buf), "Soldiers stand guard near the border %s", tails[i]);
		w.in = w.text = buf;
		want_caption(&w);
	}
}

static void test_caption__no_credit_plain(void **state)
{
	static const struct want w = {
		.in = "  A quiet street in Tehran on August 12, 2024.  ",
		.text = "A quiet street in Tehran on August 12, 2024.", .no_credit = 1,
	};
	static const struct want empty = { .in = "", .no_credit = 1 };
	(void)state;
	want_caption(&w);
	want_caption(&empty);
}

static void test_caption__getty_alone_is_agency(void **state)
{
	static const struct want cap = {
		.in = "A view of the skyline. (Getty Images)", .text = "A view of the skyline.",
		.line = "Getty Images", .agency = "Getty Images", .shape = CAPCAT_SHAPE_GETTY,
	};
	static const struct want line = {
		.in = "Getty Images", .line = "Getty Images", .agency = "Getty Images",
		.shape = CAPCAT_SHAPE_GETTY,
	};
	(void)state;
	want_caption(&cap);
	want_credit(&line);
}

/* ---- more captions ------------------------------------------------------ */

static void test_caption__prefixes(void **state)
{
	static const struct want topshot = {
		.in = "TOPSHOT - Fireworks light up the sky over Sydney on January 1, 2025. "
		      "(Photo by DAVID GRAY / AFP)",
		.prefix = "TOPSHOT - ",
		.text = "Fireworks light up the sky over Sydney on January 1, 2025.",
		.line = "Photo by DAVID GRAY / AFP",
		.ph = { "DAVID GRAY" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP,
	};
	static const struct want ap_hyphen = {
		.in = "FILE - A view of the port in Beirut, Lebanon, Aug. 5, 2020. "
		      "(AP Photo/Hussein Malla, File)",
		.prefix = "FILE - ", .file = 1,
		.text = "A view of the port in Beirut, Lebanon, Aug. 5, 2020.",
		.line = "AP Photo/Hussein Malla, File",
		.ph = { "Hussein Malla" }, .agency = "AP", .cfile = 1, .shape = CAPCAT_SHAPE_AP,
	};
	static const struct want note = {
		.in = "EDITOR'S NOTE: Graphic content. A wounded man is carried in Gaza City, "
		      "Monday, Oct. 9, 2023. (AP Photo/Ali Mahmoud)",
		.instructions = "EDITOR'S NOTE: Graphic content.",
		.text = "A wounded man is carried in Gaza City, Monday, Oct. 9, 2023.",
		.line = "AP Photo/Ali Mahmoud",
		.ph = { "Ali Mahmoud" }, .agency = "AP", .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&topshot);
	want_caption(&ap_hyphen);
	want_caption(&note);
}

static void test_caption__restriction_before_credit(void **state)
{
	static const struct want w = {
		.in = "Iran's president attends a meeting in Tehran on August 12, 2024. / === "
		      "RESTRICTED TO EDITORIAL USE - MANDATORY CREDIT \"AFP PHOTO / HO / IRANIAN "
		      "PRESIDENCY\" - NO MARKETING NO ADVERTISING CAMPAIGNS - DISTRIBUTED AS A "
		      "SERVICE TO CLIENTS === (Photo by Handout / Iranian Presidency / AFP)",
		.text = "Iran's president attends a meeting in Tehran on August 12, 2024.",
		.instructions = "RESTRICTED TO EDITORIAL USE - MANDATORY CREDIT \"AFP PHOTO / HO / "
				"IRANIAN PRESIDENCY\" - NO MARKETING NO ADVERTISING CAMPAIGNS - "
				"DISTRIBUTED AS A SERVICE TO CLIENTS",
		.line = "Photo by Handout / Iranian Presidency / AFP",
		.agency = "AFP", .handout = 1, .issuer = "Iranian Presidency",
		.shape = CAPCAT_SHAPE_AFP,
	};
	static const struct want attention = {
		.in = "Smoke rises over the city in this screen grab obtained from a social media "
		      "video released on May 2, 2024. ATTENTION EDITORS - THIS IMAGE WAS PROVIDED "
		      "BY A THIRD PARTY. NO RESALES. NO ARCHIVES. Social Media/via REUTERS",
		.text = "Smoke rises over the city in this screen grab obtained from a social media "
			"video released on May 2, 2024.",
		.instructions = "ATTENTION EDITORS - THIS IMAGE WAS PROVIDED BY A THIRD PARTY. "
				"NO RESALES. NO ARCHIVES.",
		.line = "Social Media/via REUTERS",
		.issuer = "Social Media", .handout = 1, .via = "Reuters",
		.shape = CAPCAT_SHAPE_REUTERS,
	};
	(void)state;
	want_caption(&w);
	want_caption(&attention);
}

static void test_caption__reuters_junk_and_brackets(void **state)
{
	static const struct want junk = {
		.in = "U.S. President speaks at the White House in Washington, U.S., March 5, "
		      "2024. REUTERS/Kevin Lamarque Purchase Licensing Rights",
		.text = "U.S. President speaks at the White House in Washington, U.S., March 5, 2024.",
		.line = "REUTERS/Kevin Lamarque",
		.ph = { "Kevin Lamarque" }, .agency = "Reuters", .shape = CAPCAT_SHAPE_REUTERS,
	};
	static const struct want bracketed = {
		.in = "Senators walk to a vote. (Chip Somodevilla/Pool via Reuters)",
		.text = "Senators walk to a vote.",
		.line = "Chip Somodevilla/Pool via Reuters",
		.ph = { "Chip Somodevilla" }, .via = "Reuters", .pool = 1,
		.shape = CAPCAT_SHAPE_REUTERS,
	};
	static const struct want pool_file = {
		.in = "FILE PHOTO: Leaders meet in Seoul, South Korea, May 21, 2022. "
		      "Jung Yeon-Je/Pool via REUTERS/File Photo",
		.prefix = "FILE PHOTO: ", .file = 1,
		.text = "Leaders meet in Seoul, South Korea, May 21, 2022.",
		.line = "Jung Yeon-Je/Pool via REUTERS/File Photo",
		.ph = { "Jung Yeon-Je" }, .via = "Reuters", .pool = 1, .cfile = 1,
		.shape = CAPCAT_SHAPE_REUTERS,
	};
	(void)state;
	want_caption(&junk);
	want_caption(&bracketed);
	want_caption(&pool_file);
}

static void test_caption__old_ap_file_photo(void **state)
{
	static const struct want w = {
		.in = "In this Feb. 8, 2024, file photo, mourners gather in Baghdad. (AP Photo/Hadi Mizban)",
		.text = "In this Feb. 8, 2024, file photo, mourners gather in Baghdad.",
		.file = 1,
		.line = "AP Photo/Hadi Mizban",
		.ph = { "Hadi Mizban" }, .agency = "AP", .cfile = 1, .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

static void test_caption__credit_only_caption(void **state)
{
	static const struct want w = {
		.in = "(AP Photo/Hadi Mizban)", .text = NULL,
		.line = "AP Photo/Hadi Mizban",
		.ph = { "Hadi Mizban" }, .agency = "AP", .shape = CAPCAT_SHAPE_AP,
	};
	(void)state;
	want_caption(&w);
}

/* ---- bare credit lines -------------------------------------------------- */

static void test_caption__credit_lines(void **state)
{
	static const struct want lines[] = {
		{ .in = "(Photo by AFP)", .line = "Photo by AFP", .agency = "AFP",
		  .anonymous = CAPCAT_ANON_UNNAMED, .shape = CAPCAT_SHAPE_AFP },
		{ .in = "(Photo by STR / AFP)", .line = "Photo by STR / AFP", .agency = "AFP",
		  .anonymous = CAPCAT_ANON_STR, .shape = CAPCAT_SHAPE_AFP },
		{ .in = "(Photo by -/CCTV/AFP via Getty Images)",
		  .line = "Photo by -/CCTV/AFP via Getty Images", .agency = "AFP",
		  .provider = "CCTV", .via = "Getty Images", .anonymous = CAPCAT_ANON_DASH,
		  .shape = CAPCAT_SHAPE_AFP },
		{ .in = "EPA-EFE/STRINGER", .line = "EPA-EFE/STRINGER", .agency = "EPA-EFE",
		  .anonymous = CAPCAT_ANON_STRINGER, .shape = CAPCAT_SHAPE_EPA },
		{ .in = "epa/Harish Tyagi", .line = "epa/Harish Tyagi", .agency = "EPA",
		  .ph = { "Harish Tyagi" }, .shape = CAPCAT_SHAPE_EPA },
		{ .in = "(AFP PHOTO / GABRIEL BOUYS)", .line = "AFP PHOTO / GABRIEL BOUYS",
		  .ph = { "GABRIEL BOUYS" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP_OLD },
		{ .in = "AFP PHOTO/MONEY SHARMA", .line = "AFP PHOTO/MONEY SHARMA",
		  .ph = { "MONEY SHARMA" }, .agency = "AFP", .shape = CAPCAT_SHAPE_AFP_OLD },
		{ .in = "(Photo by Johannes EISELE / AFP) (Photo by JOHANNES EISELE/AFP via Getty Images)",
		  .line = "Photo by Johannes EISELE / AFP Photo by JOHANNES EISELE/AFP via Getty Images",
		  .ph = { "Johannes EISELE" }, .agency = "AFP", .via = "Getty Images",
		  .shape = CAPCAT_SHAPE_AFP },
		{ .in = "Bandar Algaloud/Courtesy of Saudi Royal Court/Handout via REUTERS",
		  .line = "Bandar Algaloud/Courtesy of Saudi Royal Court/Handout via REUTERS",
		  .ph = { "Bandar Algaloud" }, .issuer = "Saudi Royal Court", .handout = 1,
		  .via = "Reuters", .shape = CAPCAT_SHAPE_REUTERS },
		{ .in = "SANA/Handout via REUTERS", .line = "SANA/Handout via REUTERS",
		  .issuer = "SANA", .handout = 1, .via = "Reuters", .shape = CAPCAT_SHAPE_REUTERS },
		{ .in = "REUTERS/Dado Ruvic/Illustration", .line = "REUTERS/Dado Ruvic/Illustration",
		  .ph = { "Dado Ruvic" }, .agency = "Reuters", .illustration = 1,
		  .shape = CAPCAT_SHAPE_REUTERS },
		{ .in = "RETUERS/Kevin Lamarque", .line = "RETUERS/Kevin Lamarque",
		  .ph = { "Kevin Lamarque" }, .agency = "Reuters", .shape = CAPCAT_SHAPE_REUTERS },
		{ .in = "ALEX HOFFORD/EPA-EFE/Shutterstock", .line = "ALEX HOFFORD/EPA-EFE/Shutterstock",
		  .ph = { "ALEX HOFFORD" }, .provider = "EPA-EFE", .agency = "Shutterstock" },
		{ .in = "Yuri Gripas - Pool via CNP/Shutterstock",
		  .line = "Yuri Gripas - Pool via CNP/Shutterstock", .ph = { "Yuri Gripas" },
		  .pool = 1, .via = "CNP", .agency = "Shutterstock" },
		{ .in = "(Brian Gottesman/The New York Times via AP)",
		  .line = "Brian Gottesman/The New York Times via AP", .ph = { "Brian Gottesman" },
		  .provider = "The New York Times", .via = "AP", .shape = CAPCAT_SHAPE_AP },
		{ .in = "(AP Photo)", .line = "AP Photo", .agency = "AP", .shape = CAPCAT_SHAPE_AP },
		{ .in = "(AP Photo/Hiro Komae, Pool)", .line = "AP Photo/Hiro Komae, Pool",
		  .ph = { "Hiro Komae" }, .agency = "AP", .pool = 1, .shape = CAPCAT_SHAPE_AP },
		{ .in = "photo credit: MOSHE SHAI/FLASH90", .line = "photo credit: MOSHE SHAI/FLASH90",
		  .ph = { "MOSHE SHAI" }, .agency = "Flash90" },
		{ .in = "(David Cohen/GPO)", .line = "David Cohen/GPO", .ph = { "David Cohen" },
		  .agency = "GPO" },
		{ .in = "Photos by Hadi Mizban and José Luis Magaña / AFP",
		  .line = "Photos by Hadi Mizban and José Luis Magaña / AFP",
		  .ph = { "Hadi Mizban", "José Luis Magaña" }, .agency = "AFP",
		  .shape = CAPCAT_SHAPE_AFP },
		{ .in = "Credit: Alamy Stock Photo", .line = "Credit: Alamy Stock Photo",
		  .agency = "Alamy" },
		{ .in = "Associated Press", .line = "Associated Press", .agency = "AP",
		  .shape = CAPCAT_SHAPE_AP },
		{ .in = "", .line = NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		want_credit(&lines[i]);
}

static void test_caption__photographer_dedupe_accents(void **state)
{
	static const struct want w = {
		.in = "(Photo by José Luis MAGAÑA / AFP) "
		      "(Photo by JOSE LUIS MAGANA/AFP via Getty Images)",
		.line = "Photo by José Luis MAGAÑA / AFP "
			"Photo by JOSE LUIS MAGANA/AFP via Getty Images",
		.ph = { "José Luis MAGAÑA" }, .agency = "AFP",
		.via = "Getty Images", .shape = CAPCAT_SHAPE_AFP,
	};
	(void)state;
	want_credit(&w);
}

static void test_caption__agency_normalise(void **state)
{
	static const char *const pairs[][2] = {
		{ "Associated Press", "AP" }, { "AP", "AP" }, { "AFP PHOTO", "AFP" },
		{ "Agence France-Presse", "AFP" }, { "REUTERS", "Reuters" },
		{ "RETUERS", "Reuters" }, { "Getty", "Getty Images" },
		{ "WireImage", "Getty Images" }, { "FilmMagic", "Getty Images" },
		{ "EPA", "EPA" }, { "epa-efe", "EPA-EFE" }, { "FLASH90", "Flash90" },
		{ "GPO", "GPO" }, { "Rex", "Shutterstock" }, { "Shutterstock", "Shutterstock" },
		{ "AAP Image", "AAP" }, { "Alamy Stock Photo", "Alamy" }, { "PA Wire", "PA" },
		{ "PA Images", "PA" }, { "Xinhua", "Xinhua" }, { "Anadolu Agency", "Anadolu" },
		{ "DPA", "dpa" }, { "Sputnik", "Sputnik" }, { "NurPhoto", "NurPhoto" },
		{ "LaPresse", "LaPresse" }, { "Invision", "Invision" }, { "CNP", "CNP" },
		{ "ZUMA Press", "ZUMA" }, { "SOPA Images", "SOPA Images" },
		{ "Bloomberg", "Bloomberg" }, { "  Reuters  ", "Reuters" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const char *n = capcat_agency_normalise(pairs[i][0], strlen(pairs[i][0]));

		assert_non_null(n);
		assert_string_equal(n, pairs[i][1]);
	}
	assert_null(capcat_agency_normalise("Hadi Mizban", 11));
	assert_null(capcat_agency_normalise("", 0));
	assert_null(capcat_agency_normalise(NULL, 0));
	/* the length bounds the name: "APX" is not looked at past "AP" */
	assert_string_equal(capcat_agency_normalise("APX", 2), "AP");
}

static void test_caption__style_names(void **state)
{
	enum capcat_credit_style s;
	int i;

	(void)state;
	for (i = 0; i < CAPCAT_STYLE_COUNT; i++) {
		const char *name = capcat_credit_style_name((enum capcat_credit_style)i);

		assert_non_null(name);
		assert_int_equal(capcat_credit_style_from_name(&s, name), 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(capcat_credit_style_from_name(&s, "Reuters"), 0);
	assert_int_equal(s, CAPCAT_STYLE_REUTERS);
	assert_int_equal(capcat_credit_style_from_name(&s, "toi"), CAPCAT_EUSAGE);
	assert_int_equal(capcat_credit_style_from_name(&s, NULL), CAPCAT_EUSAGE);
	assert_null(capcat_credit_style_name(CAPCAT_STYLE_COUNT));
}

/* ---- formatting --------------------------------------------------------- */

static char *fmt(const struct capcat_credit *c, enum capcat_credit_style style)
{
	struct capcat_err err = { 0 };
	char *out = NULL;

	assert_int_equal(capcat_credit_format(&out, c, style, &err), 0);
	assert_non_null(out);
	return out;
}

static void expect_format(const char *line, enum capcat_credit_style style, const char *want)
{
	struct capcat_credit c;
	struct capcat_err err = { 0 };
	char *out;

	capcat_credit_init(&c);
	assert_int_equal(capcat_credit_parse(&c, line, &err), 0);
	out = fmt(&c, style);
	if (strcmp(out, want))
		fail_msg("%s in %s: want '%s', got '%s'", line,
			 capcat_credit_style_name(style), want, out);
	free(out);
	capcat_credit_release(&c);
}

/* format(parse(line)) == line for lines already in the house style. */
static void test_caption__format_keeps_house_lines(void **state)
{
	static const struct { enum capcat_credit_style style; const char *line; } lines[] = {
		{ CAPCAT_STYLE_ARTICLE, "Murtada AL-SUDANI / POOL / AFP" },
		{ CAPCAT_STYLE_ARTICLE, "Iraqi Presidency Media Office / AFP" },
		{ CAPCAT_STYLE_ARTICLE, "SAFIN HAMED / AFP" },
		{ CAPCAT_STYLE_ARTICLE, "AP Photo/Hadi Mizban, File" },
		{ CAPCAT_STYLE_ARTICLE, "AP Photo/Leah Carmel, Pool, File" },
		{ CAPCAT_STYLE_ARTICLE, "AP Photo" },
		{ CAPCAT_STYLE_ARTICLE, "REUTERS/Kevin Lamarque" },
		{ CAPCAT_STYLE_ARTICLE, "REUTERS/Anna Vidic/Illustration/File Photo" },
		{ CAPCAT_STYLE_ARTICLE, "U.S. Navy/Handout via REUTERS" },
		{ CAPCAT_STYLE_ARTICLE, "Atta Kenare/Getty Images" },
		{ CAPCAT_STYLE_ARTICLE, "Yossi Adler/Flash90" },
		{ CAPCAT_STYLE_ARTICLE, "David Cohen/GPO" },
		{ CAPCAT_STYLE_ARTICLE, "Kay Brandt/dpa via AP" },
		{ CAPCAT_STYLE_ARTICLE, "Tom Weller/Pool Photo via AP" },
		{ CAPCAT_STYLE_ARTICLE, "Israel Defense Forces via AP" },
		{ CAPCAT_STYLE_ARTICLE, "Alessandro Ricci/LaPresse via AP" },
		{ CAPCAT_STYLE_ARTICLE, "Alexei Orlov, Sputnik, Kremlin Pool Photo via AP" },
		{ CAPCAT_STYLE_ARTICLE, "EPA/GAILAN HAJI" },
		{ CAPCAT_STYLE_ARTICLE, "Courtesy" },
		{ CAPCAT_STYLE_ARTICLE, "Yossi Adler/Flash90, File" },
		{ CAPCAT_STYLE_AP, "AP Photo/Hadi Mizban" },
		{ CAPCAT_STYLE_AP, "AP Photo/Hiro Komae, Pool" },
		{ CAPCAT_STYLE_AP, "AP Photo/Hadi Mizban, File" },
		{ CAPCAT_STYLE_AP, "Yuri Kochetkov/Pool Photo via AP" },
		{ CAPCAT_STYLE_AP, "Kay Nietfeld/dpa via AP" },
		{ CAPCAT_STYLE_AP, "Photo by Chris Pizzello/Invision/AP, File" },
		{ CAPCAT_STYLE_AP, "Israel Defense Forces via AP" },
		{ CAPCAT_STYLE_AP, "Mikhail Klimentyev, Sputnik, Kremlin Pool Photo via AP" },
		{ CAPCAT_STYLE_AFP, "Photo by SAFIN HAMED / AFP" },
		{ CAPCAT_STYLE_AFP, "Photo by Johannes EISELE / AFP" },
		{ CAPCAT_STYLE_AFP, "Photo by Murtada AL-SUDANI / POOL / AFP" },
		{ CAPCAT_STYLE_AFP, "Photo by Handout / Iranian Presidency / AFP" },
		{ CAPCAT_STYLE_AFP, "Photo by STR / AFP" },
		{ CAPCAT_STYLE_AFP, "Photo by AFP" },
		{ CAPCAT_STYLE_REUTERS, "REUTERS/Kevin Lamarque" },
		{ CAPCAT_STYLE_REUTERS, "REUTERS/Kevin Lamarque/File Photo" },
		{ CAPCAT_STYLE_REUTERS, "REUTERS/Dado Ruvic/Illustration" },
		{ CAPCAT_STYLE_REUTERS, "REUTERS/Dado Ruvic/Illustration/File Photo" },
		{ CAPCAT_STYLE_REUTERS, "Jung Yeon-Je/Pool via REUTERS/File Photo" },
		{ CAPCAT_STYLE_REUTERS, "U.S. Navy/Handout via REUTERS" },
		{ CAPCAT_STYLE_REUTERS, "SANA/Handout via REUTERS" },
		{ CAPCAT_STYLE_REUTERS,
		  "Bandar Algaloud/Courtesy of Saudi Royal Court/Handout via REUTERS" },
		{ CAPCAT_STYLE_GETTY, "Photo by Chris Dalton/Getty Images" },
		{ CAPCAT_STYLE_GETTY, "Photo by Noa Klein/Getty Images for Acme Festival" },
		{ CAPCAT_STYLE_GETTY, "Photo by Ahmad Saleh/Anadolu via Getty Images" },
		{ CAPCAT_STYLE_GETTY, "Photo by ANGELA WEISS/AFP via Getty Images" },
		{ CAPCAT_STYLE_GETTY, "Photo by -/CCTV/AFP via Getty Images" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		expect_format(lines[i].line, lines[i].style, lines[i].line);
}

static void test_caption__format_house_styles(void **state)
{
	(void)state;
	/* the same Reuters picture in every style */
	expect_format("REUTERS/Kevin Lamarque/File Photo", CAPCAT_STYLE_ARTICLE,
		      "REUTERS/Kevin Lamarque/File Photo");
	expect_format("REUTERS/Kevin Lamarque", CAPCAT_STYLE_AFP,
		      "Photo by Kevin LAMARQUE / REUTERS");
	expect_format("REUTERS/Kevin Lamarque", CAPCAT_STYLE_GETTY,
		      "Photo by Kevin Lamarque/REUTERS");
	/* AFP: given name, SURNAME; names already in that form are kept */
	expect_format("Hadi Mizban/AFP", CAPCAT_STYLE_AFP, "Photo by Hadi MIZBAN / AFP");
	expect_format("José Luis Magaña/AFP", CAPCAT_STYLE_AFP,
		      "Photo by José Luis MAGAÑA / AFP");
	expect_format("Oscar del Pozo/AFP", CAPCAT_STYLE_AFP, "Photo by Oscar DEL POZO / AFP");
	expect_format("Atta Kenare/AFP", CAPCAT_STYLE_ARTICLE, "Atta Kenare / AFP");
	expect_format("Iraqi Presidency Media Office / AFP", CAPCAT_STYLE_AFP,
		      "Photo by Handout / Iraqi Presidency Media Office / AFP");
	expect_format("Murtada AL-SUDANI / POOL / AFP", CAPCAT_STYLE_GETTY,
		      "Photo by Murtada AL-SUDANI/Pool/AFP");
	expect_format("Photo by Maya Ortiz/Invision/AP, File", CAPCAT_STYLE_ARTICLE,
		      "Maya Ortiz/Invision/AP, File");
	/* file photos: AFP and Getty leave it to the caption prefix */
	expect_format("AP Photo/Hadi Mizban, File", CAPCAT_STYLE_AFP, "Photo by Hadi MIZBAN / AP");
	expect_format("AP Photo/Hadi Mizban, File", CAPCAT_STYLE_REUTERS,
		      "Hadi Mizban/AP/File Photo");
	expect_format("Mandatory Credit: Photo by Jon Reyes/NurPhoto/Shutterstock (16507315bs)",
		      CAPCAT_STYLE_ARTICLE, "Jon Reyes/NurPhoto/Shutterstock (16507315bs)");
	expect_format("", CAPCAT_STYLE_ARTICLE, "");
}

static void test_caption__format_from_fields(void **state)
{
	char *names[] = { "Hadi Mizban" };
	struct capcat_credit c;
	struct capcat_err err = { 0 };
	char *out = NULL;

	(void)state;
	capcat_credit_init(&c);
	c.photographers = names;
	c.nphotographers = 1;
	c.agency = "Associated Press";
	c.file = 1;
	out = fmt(&c, CAPCAT_STYLE_ARTICLE);
	assert_string_equal(out, "AP Photo/Hadi Mizban, File");
	free(out);
	c.agency = NULL;
	c.via = "AP";
	c.provider = "dpa";
	out = fmt(&c, CAPCAT_STYLE_AP);
	assert_string_equal(out, "Hadi Mizban/dpa via AP, File");
	free(out);
	c.via = NULL;
	c.provider = NULL;
	c.nphotographers = 0;
	c.handout = 1;
	c.issuer = "U.S. Navy";
	c.via = "Reuters";
	c.file = 0;
	out = fmt(&c, CAPCAT_STYLE_REUTERS);
	assert_string_equal(out, "U.S. Navy/Handout via REUTERS");
	free(out);
	assert_int_equal(capcat_credit_format(&out, &c, CAPCAT_STYLE_COUNT, &err), CAPCAT_EUSAGE);
	assert_int_equal(capcat_credit_format(&out, NULL, CAPCAT_STYLE_AP, &err), CAPCAT_EUSAGE);
}

static void expect_caption_format(const char *text, const char *credit_line,
				  enum capcat_credit_style style, const char *want)
{
	struct capcat_credit c;
	struct capcat_err err = { 0 };
	char *out = NULL;

	capcat_credit_init(&c);
	assert_int_equal(capcat_credit_parse(&c, credit_line, &err), 0);
	assert_int_equal(capcat_caption_format(&out, text, &c, style, &err), 0);
	if (strcmp(out, want))
		fail_msg("%s + %s in %s: want '%s', got '%s'", text, credit_line,
			 capcat_credit_style_name(style), want, out);
	free(out);
	capcat_credit_release(&c);
}

static void test_caption__caption_format(void **state)
{
	static const char text[] = "Fighters attend a funeral in Baghdad, Iraq on February 8, 2024.";
	struct capcat_err err = { 0 };
	char *out = NULL;

	(void)state;
	expect_caption_format(text, "AP Photo/Hadi Mizban, File", CAPCAT_STYLE_ARTICLE,
			      "FILE " EN_DASH " Fighters attend a funeral in Baghdad, Iraq on "
			      "February 8, 2024. (AP Photo/Hadi Mizban, File)");
	expect_caption_format(text, "AP Photo/Hadi Mizban, File", CAPCAT_STYLE_AP,
			      "FILE " EN_DASH " Fighters attend a funeral in Baghdad, Iraq on "
			      "February 8, 2024. (AP Photo/Hadi Mizban, File)");
	expect_caption_format(text, "REUTERS/Hadi Mizban/File Photo", CAPCAT_STYLE_REUTERS,
			      "FILE PHOTO: Fighters attend a funeral in Baghdad, Iraq on "
			      "February 8, 2024. REUTERS/Hadi Mizban/File Photo");
	expect_caption_format("Fighters attend a funeral in Baghdad", "REUTERS/Hadi Mizban",
			      CAPCAT_STYLE_REUTERS,
			      "Fighters attend a funeral in Baghdad. REUTERS/Hadi Mizban");
	expect_caption_format(text, "Hadi Mizban/AFP, File", CAPCAT_STYLE_AFP,
			      "(FILES) Fighters attend a funeral in Baghdad, Iraq on February 8, "
			      "2024. (Photo by Hadi MIZBAN / AFP)");
	expect_caption_format(text, "Murtada AL-SUDANI / POOL / AFP", CAPCAT_STYLE_ARTICLE,
			      "Fighters attend a funeral in Baghdad, Iraq on February 8, 2024. "
			      "(Murtada AL-SUDANI / POOL / AFP)");
	expect_caption_format(text, "Chris Dalton/Getty Images", CAPCAT_STYLE_GETTY,
			      "Fighters attend a funeral in Baghdad, Iraq on February 8, 2024. "
			      "(Photo by Chris Dalton/Getty Images)");
	/* a non-Reuters credit keeps its brackets in a Reuters-style caption */
	expect_caption_format(text, "Atta Kenare/AFP", CAPCAT_STYLE_REUTERS,
			      "Fighters attend a funeral in Baghdad, Iraq on February 8, 2024. "
			      "(Atta Kenare/AFP)");
	assert_int_equal(capcat_caption_format(&out, "  Just text.  ", NULL,
					       CAPCAT_STYLE_ARTICLE, &err), 0);
	assert_string_equal(out, "Just text.");
	free(out);
	assert_int_equal(capcat_caption_format(&out, NULL, NULL, CAPCAT_STYLE_AP, &err), 0);
	assert_string_equal(out, "");
	free(out);
}

/* Formatting what the parser made of any line, then parsing and formatting
 * again, changes nothing: the formatter only writes what it can read. */
static void test_caption__format_is_stable(void **state)
{
	static const char *const lines[] = {
		"Iraqi Presidency Media Office / AFP", "Murtada AL-SUDANI / POOL / AFP",
		"Photo by SAFIN HAMED / AFP", "Atta Kenare/AFP", "AP Photo/Hadi Mizban, File",
		"AP Photo/Leah Carmel, Pool, File", "Tom Weller/Pool Photo via AP",
		"Israel Defense Forces via AP", "Kay Brandt/dpa via AP",
		"Photo by Maya Ortiz/Invision/AP, File", "Photo by Handout / Lebanese Army / AFP",
		"Photo by Lena MOREAU / AFP", "REUTERS/Anna Vidic/Illustration/File Photo",
		"U.S. Navy/Handout via REUTERS", "Photo by Noa Klein/Getty Images for Acme Festival",
		"Photo by Ahmad Saleh/Anadolu via Getty Images", "EPA/GAILAN HAJI",
		"Mandatory Credit: Photo by Jon Reyes/NurPhoto/Shutterstock (16507315bs)",
		"Courtesy", "Courtesy of the family", "Alexei Orlov, Sputnik, Kremlin Pool Photo via AP",
		"Photo by -/CCTV/AFP via Getty Images", "EPA-EFE/STRINGER", "Photo by AFP",
		"Bandar Algaloud/Courtesy of Saudi Royal Court/Handout via REUTERS",
		"SANA/Handout via REUTERS", "Banday/Handout via REUTERS", "Banda/y/Handout via REUTERS",
		"Yuri Gripas - Pool via CNP/Shutterstock", "ALEX HOFFORD/EPA-EFE/Shutterstock",
		"Social Media/via REUTERS", "Hadi Mizban/STR/AFP", "x,via AP", "(by -//AFP via Getty)",
		"EPA/Iraqi Media Office/Ministry of Defence", "Reuters, EPA-EFE, Name Here",
		"(Photo by/CCTV/AFP)", "=pa via/Handout/Police Office", "Name (AFP",
		"Hadi Mizban/dpa/Handout/AFP", "dpa/Iraqi Presidency Media Office/AFP",
	};
	size_t i;
	int style;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		for (style = 0; style < CAPCAT_STYLE_COUNT; style++) {
			struct capcat_credit a, b;
			struct capcat_err err = { 0 };
			char *l1, *l2;

			capcat_credit_init(&a);
			capcat_credit_init(&b);
			assert_int_equal(capcat_credit_parse(&a, lines[i], &err), 0);
			l1 = fmt(&a, (enum capcat_credit_style)style);
			assert_int_equal(capcat_credit_parse(&b, l1, &err), 0);
			l2 = fmt(&b, (enum capcat_credit_style)style);
			if (strcmp(l1, l2))
				fail_msg("'%s' in %s: '%s' then '%s'", lines[i],
					 capcat_credit_style_name((enum capcat_credit_style)style),
					 l1, l2);
			free(l1);
			free(l2);
			capcat_credit_release(&a);
			capcat_credit_release(&b);
		}
	}
}

/* ---- round trips over generated credits --------------------------------- */

static const char *const rt_names[] = {
	"Murtada AL-SUDANI", "Hadi Mizban", "José Luis Magaña"
};
static const int rt_people[][3] = {
	{ -1 }, { 0, -1 }, { 1, -1 }, { 2, -1 }, { 1, 2, -1 }
};
static const char *const rt_agencies[] = {
	NULL, "AP", "AFP", "Reuters", "Getty Images", "Flash90", "EPA"
};
static const char *const rt_providers[] = { NULL, "dpa", "Anadolu" };
static const char *const rt_vias[] = { NULL, "AP", "Getty Images", "Reuters" };
static const char *const rt_issuers[] = {
	NULL, NULL, "Iraqi Presidency Media Office", "U.S. Navy"
};

struct rt {
	struct capcat_credit c;
	char *names[3];
	char desc[256];
};

/* Combination number 'k' of the generator; 0 when it runs out. */
static int rt_make(struct rt *r, unsigned k)
{
	unsigned people = k % 6, ag, pr, via, pool, ho, file;
	size_t i;

	k /= 6;
	ag = k % 7; k /= 7;
	pr = k % 3; k /= 3;
	via = k % 4; k /= 4;
	pool = k % 2; k /= 2;
	ho = k % 4; k /= 4;
	file = k % 2; k /= 2;
	if (k)
		return 0;
	memset(r, 0, sizeof(*r));
	capcat_credit_init(&r->c);
	r->c.photographers = r->names;
	if (people == 5) {
		r->c.anonymous = CAPCAT_ANON_STR;
	} else {
		for (i = 0; rt_people[people][i] >= 0; i++)
			r->names[r->c.nphotographers++] = (char *)rt_names[rt_people[people][i]];
	}
	r->c.agency = (char *)rt_agencies[ag];
	r->c.provider = (char *)rt_providers[pr];
	r->c.via = (char *)rt_vias[via];
	r->c.pool = (int)pool;
	r->c.handout = ho > 0;
	r->c.issuer = (char *)rt_issuers[ho];
	r->c.file = (int)file;
	snprintf(r->desc, sizeof(r->desc), "people=%u agency=%s provider=%s via=%s pool=%u "
		 "handout=%u file=%u", people, rt_agencies[ag] ? rt_agencies[ag] : "-",
		 rt_providers[pr] ? rt_providers[pr] : "-", rt_vias[via] ? rt_vias[via] : "-",
		 pool, ho, file);
	return 1;
}

static int rt_skip(const struct rt *r)
{
	/* "AP via AP" says nothing */
	return r->c.agency && r->c.via && !strcmp(r->c.agency, r->c.via);
}

static int names_equal(const char *a, const char *b, int fold)
{
	/* AFP writes SURNAMES in capitals: compare as the parser dedupes */
	if (fold)
		return capcat_name__eq(a, strlen(a), b, strlen(b));
	return !strcmp(a, b);
}

static void rt_compare(const char *what, const struct rt *r, const struct capcat_credit *got,
		       enum capcat_credit_style style, const char *line)
{
	const struct capcat_credit *c = &r->c;
	int afp = style == CAPCAT_STYLE_AFP;
	int file_in_credit = style != CAPCAT_STYLE_AFP && style != CAPCAT_STYLE_GETTY;
	size_t i;

	failures = 0;
	check_int(line, "nphotographers", (int)c->nphotographers, (int)got->nphotographers);
	for (i = 0; i < c->nphotographers && i < got->nphotographers; i++)
		if (!names_equal(c->photographers[i], got->photographers[i], afp))
			check_str(line, "photographer", c->photographers[i], got->photographers[i]);
	check_str(line, "agency", c->agency, got->agency);
	check_str(line, "provider", c->provider, got->provider);
	check_str(line, "via", c->via, got->via);
	check_str(line, "issuer", c->issuer, got->issuer);
	check_int(line, "pool", c->pool, got->pool);
	check_int(line, "handout", c->handout, got->handout);
	check_int(line, "anonymous", c->anonymous, got->anonymous);
	if (file_in_credit || !strcmp(what, "caption"))
		check_int(line, "file", c->file, got->file);
	if (failures)
		fail_msg("%s round trip in %s style failed for %s: '%s'", what,
			 capcat_credit_style_name(style), r->desc, line);
}

static void test_caption__roundtrip_credit(void **state)
{
	struct rt r;
	unsigned k, n = 0;
	int style;

	(void)state;
	for (k = 0; rt_make(&r, k); k++) {
		if (rt_skip(&r))
			continue;
		for (style = 0; style < CAPCAT_STYLE_COUNT; style++) {
			struct capcat_credit got;
			struct capcat_err err = { 0 };
			char *line = fmt(&r.c, (enum capcat_credit_style)style);

			capcat_credit_init(&got);
			assert_int_equal(capcat_credit_parse(&got, line, &err), 0);
			rt_compare("credit", &r, &got, (enum capcat_credit_style)style, line);
			capcat_credit_release(&got);
			free(line);
			n++;
		}
	}
	assert_true(n > 30000);
}

/* Credits that a caption can only show as a name in brackets ("(Hadi
 * Mizban)") are not credits there, rightly. */
static int rt_caption_worthy(const struct rt *r)
{
	const struct capcat_credit *c = &r->c;

	return c->agency || c->via || c->provider || c->pool || c->handout || c->anonymous;
}

static void test_caption__roundtrip_caption(void **state)
{
	static const char text[] = "Fighters attend a funeral in Baghdad, Iraq on February 8, 2024.";
	struct rt r;
	unsigned k;
	int style;

	(void)state;
	for (k = 0; rt_make(&r, k); k++) {
		if (rt_skip(&r) || !rt_caption_worthy(&r))
			continue;
		for (style = 0; style < CAPCAT_STYLE_COUNT; style++) {
			struct capcat_caption cap;
			struct capcat_err err = { 0 };
			char *s = NULL;

			assert_int_equal(capcat_caption_format(&s, text, &r.c,
							       (enum capcat_credit_style)style,
							       &err), 0);
			capcat_caption_init(&cap);
			assert_int_equal(capcat_caption_parse(&cap, s, &err), 0);
			if (!cap.has_credit || !cap.text || strcmp(cap.text, text) ||
			    cap.file != r.c.file)
				fail_msg("caption round trip in %s style failed for %s: '%s'",
					 capcat_credit_style_name((enum capcat_credit_style)style),
					 r.desc, s);
			rt_compare("caption", &r, &cap.credit, (enum capcat_credit_style)style, s);
			capcat_caption_release(&cap);
			free(s);
		}
	}
}

/* ---- robustness --------------------------------------------------------- */

static void parse_anything(const char *s)
{
	struct capcat_caption cap;
	struct capcat_credit c;
	struct capcat_err err = { 0 };
	int style;

	capcat_caption_init(&cap);
	assert_int_equal(capcat_caption_parse(&cap, s, &err), 0);
	for (style = 0; style < CAPCAT_STYLE_COUNT; style++) {
		char *out = NULL;

		assert_int_equal(capcat_caption_format(&out, cap.text, &cap.credit,
						       (enum capcat_credit_style)style, &err), 0);
		free(out);
	}
	capcat_caption_release(&cap);
	capcat_credit_init(&c);
	assert_int_equal(capcat_credit_parse(&c, s, &err), 0);
	capcat_credit_release(&c);
}

static void test_caption__hostile_inputs(void **state)
{
	static const char *const inputs[] = {
		"(", ")", "()", "((((", "))))", ")(", "(/)", "/", "//", " via ", "via", "(via)",
		"FILE", "FILE -", "FILE \xE2\x80", "(FILES)", "epa123", "epa12345",
		"Mandatory Credit:", "Mandatory Credit: (", "(Photo by", "Photo by )",
		"\xC3", "\xE2\x80\x93", "text (\xC3\xA9/AFP", "x (a/b (c/AFP)",
		"RESTRICTED TO EDITORIAL USE", "\"RESTRICTED TO EDITORIAL USE \"(",
		"(EDITORS NOTE: (", "Purchase Licensing Rights",
		"A. REUTERS/", "A. REUTERS", "x via REUTERS", ", File", ", Pool, File, Pool",
		"(16507315bs)", "x (1)", "Courtesy of", "Handout", "Handout/Handout/Handout",
		"STR/STR/-/-", "AP Photo/, File", "a and b and c / AFP",
		"\xC2\xA0(\xC2\xA0\x41\x46\x50\xC2\xA0)\xC2\xA0",
	};
	char *big;
	size_t i, n = 20000;

	(void)state;
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		parse_anything(inputs[i]);
	big = malloc(n + 1);
	assert_non_null(big);
	for (i = 0; i < n; i++)
		big[i] = "(/)( a/AFP) via ,x. "[i % 20];
	big[n] = '\0';
	parse_anything(big);
	memset(big, '(', n);
	parse_anything(big);
	memset(big, ')', n);
	parse_anything(big);
	memset(big, '/', n);
	parse_anything(big);
	for (i = 0; i < n; i++)
		big[i] = (char)(0x80 + i % 0x7F);
	parse_anything(big);
	free(big);
}

static void test_caption__reparse_after_release(void **state)
{
	struct capcat_caption cap;
	struct capcat_err err = { 0 };

	(void)state;
	capcat_caption_init(&cap);
	assert_int_equal(capcat_caption_parse(&cap, "A. (AP Photo/Hadi Mizban, File)", &err), 0);
	assert_int_equal(cap.credit.nphotographers, 1);
	capcat_caption_release(&cap);
	assert_null(cap.text);
	assert_int_equal(cap.has_credit, 0);
	assert_int_equal(capcat_caption_parse(&cap, "Second caption. REUTERS/Kevin Lamarque", &err), 0);
	assert_string_equal(cap.credit.agency, "Reuters");
	capcat_caption_release(&cap);
	capcat_caption_release(&cap);
	assert_int_equal(capcat_caption_parse(&cap, NULL, &err), CAPCAT_EUSAGE);
	assert_int_equal(capcat_credit_parse(&cap.credit, NULL, &err), CAPCAT_EUSAGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caption__product_handout_org),
		cmocka_unit_test(test_caption__product_pool_no_full_stop),
		cmocka_unit_test(test_caption__product_photo_by),
		cmocka_unit_test(test_caption__product_unspaced_slash),
		cmocka_unit_test(test_caption__product_file_en_dash),
		cmocka_unit_test(test_caption__s6_06_ap_position_marker),
		cmocka_unit_test(test_caption__s6_07_ap_pool_file),
		cmocka_unit_test(test_caption__s6_08_pool_photo_via_ap),
		cmocka_unit_test(test_caption__s6_09_org_via_ap),
		cmocka_unit_test(test_caption__s6_10_provider_via_ap),
		cmocka_unit_test(test_caption__s6_11_invision_ap_file),
		cmocka_unit_test(test_caption__s6_12_afp_handout_restriction),
		cmocka_unit_test(test_caption__s6_13_files_prefix),
		cmocka_unit_test(test_caption__s6_14_afp_and_getty_groups),
		cmocka_unit_test(test_caption__s6_15_reuters_plain),
		cmocka_unit_test(test_caption__s6_16_reuters_illustration_file),
		cmocka_unit_test(test_caption__s6_17_reuters_handout_note),
		cmocka_unit_test(test_caption__s6_18_getty_dateline),
		cmocka_unit_test(test_caption__s6_19_getty_for_client),
		cmocka_unit_test(test_caption__s6_20_provider_via_getty),
		cmocka_unit_test(test_caption__s6_21_epa_id),
		cmocka_unit_test(test_caption__s6_22_shutterstock_first_line),
		cmocka_unit_test(test_caption__s6_23_flash90),
		cmocka_unit_test(test_caption__s6_24_courtesy),
		cmocka_unit_test(test_caption__s6_25_party_of_god),
		cmocka_unit_test(test_caption__s6_26_mid_caption_credit),
		cmocka_unit_test(test_caption__s6_27_comma_pool),
		cmocka_unit_test(test_caption__s6_28_markers_pool),
		cmocka_unit_test(test_caption__no_credit_in_arabic),
		cmocka_unit_test(test_caption__no_credit_markers),
		cmocka_unit_test(test_caption__no_credit_plain),
		cmocka_unit_test(test_caption__getty_alone_is_agency),
		cmocka_unit_test(test_caption__prefixes),
		cmocka_unit_test(test_caption__restriction_before_credit),
		cmocka_unit_test(test_caption__reuters_junk_and_brackets),
		cmocka_unit_test(test_caption__old_ap_file_photo),
		cmocka_unit_test(test_caption__credit_only_caption),
		cmocka_unit_test(test_caption__credit_lines),
		cmocka_unit_test(test_caption__photographer_dedupe_accents),
		cmocka_unit_test(test_caption__agency_normalise),
		cmocka_unit_test(test_caption__style_names),
		cmocka_unit_test(test_caption__format_keeps_house_lines),
		cmocka_unit_test(test_caption__format_house_styles),
		cmocka_unit_test(test_caption__format_from_fields),
		cmocka_unit_test(test_caption__caption_format),
		cmocka_unit_test(test_caption__format_is_stable),
		cmocka_unit_test(test_caption__roundtrip_credit),
		cmocka_unit_test(test_caption__roundtrip_caption),
		cmocka_unit_test(test_caption__hostile_inputs),
		cmocka_unit_test(test_caption__reparse_after_release),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
