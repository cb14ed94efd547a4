/* test-text.c: UTF-8 validation, length, display width, folding, one-line text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"

/* Valid when the whole literal (its sizeof - 1 bytes) is valid. */
#define VALID(lit) crm_utf8_valid((lit), sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("plain ASCII ~"));
	assert_true(VALID("Иванов"));
	assert_true(VALID("日本"));
	assert_true(VALID("\xC2\x80"));         /* U+0080, smallest 2-byte */
	assert_true(VALID("\xDF\xBF"));         /* U+07FF */
	assert_true(VALID("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
	assert_true(VALID("\xED\x9F\xBF"));     /* U+D7FF, below surrogates */
	assert_true(VALID("\xEE\x80\x80"));     /* U+E000, above surrogates */
	assert_true(VALID("\xEF\xBF\xBF"));     /* U+FFFF */
	assert_true(VALID("\xF0\x90\x80\x80")); /* U+10000, smallest 4-byte */
	assert_true(VALID("\xF0\x9F\x98\x80")); /* U+1F600 */
	assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF, the last */
	/* n limits the check: the first byte alone is fine here. */
	assert_true(crm_utf8_valid("ab\xFF", 2));
	assert_true(crm_utf8_valid("x", 0));
	assert_false(crm_utf8_valid(NULL, 0));
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	/* Overlong forms. */
	assert_false(VALID("\xC0\x80"));
	assert_false(VALID("\xC1\xBF"));
	assert_false(VALID("\xE0\x80\x80"));
	assert_false(VALID("\xE0\x9F\xBF"));
	assert_false(VALID("\xF0\x80\x80\x80"));
	assert_false(VALID("\xF0\x8F\xBF\xBF"));
	/* Surrogates. */
	assert_false(VALID("\xED\xA0\x80"));
	assert_false(VALID("\xED\xBF\xBF"));
	/* Above U+10FFFF and bytes that never occur. */
	assert_false(VALID("\xF4\x90\x80\x80"));
	assert_false(VALID("\xF5\x80\x80\x80"));
	assert_false(VALID("\xF8\x88\x80\x80\x80"));
	assert_false(VALID("\xFE"));
	assert_false(VALID("\xFF"));
	/* Stray continuation bytes. */
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xBF"));
	assert_false(VALID("\xD0\x98\x98"));
	/* Truncated sequences, at the end and before another character. */
	assert_false(VALID("\xC3"));
	assert_false(VALID("\xE2\x82"));
	assert_false(VALID("\xF0\x9F\x98"));
	assert_false(VALID("\xC3" "A"));
	assert_false(VALID("\xE2\x28\xA1"));
	assert_false(crm_utf8_valid("\xD0\x98", 1)); /* cut by n */
	assert_false(crm_utf8_valid("Ив", 3));
	/* An embedded NUL. */
	assert_false(crm_utf8_valid("a\0b", 3));
	assert_false(crm_utf8_valid("", 1));
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(crm_utf8_len(""), 0);
	assert_int_equal(crm_utf8_len("abc"), 3);
	assert_int_equal(crm_utf8_len("Иванов"), 6);
	assert_int_equal(crm_utf8_len("日本"), 2);
	assert_int_equal(crm_utf8_len("\xF0\x9F\x98\x80"), 1);
	assert_int_equal(crm_utf8_len("aИ日\xF0\x9F\x98\x80"), 4);
	assert_int_equal(crm_utf8_len(NULL), 0);
}

static void test_text_width(void **state)
{
	(void)state;
	assert_int_equal(crm_text_width(""), 0);
	assert_int_equal(crm_text_width("abc"), 3);
	assert_int_equal(crm_text_width("Иванов"), 6);
	assert_int_equal(crm_text_width("日本"), 4);
	assert_int_equal(crm_text_width("Иванов 日本"), 11);
	assert_int_equal(crm_text_width("\xEF\xBC\xA1"), 2);   /* U+FF21 fullwidth A */
	assert_int_equal(crm_text_width("e\xCC\x81"), 1);      /* e + combining acute */
	assert_int_equal(crm_text_width("a\xE2\x80\x8B" "b"), 2); /* zero width space */
	/* Control characters and invalid bytes count 1: a cell never shrinks. */
	assert_int_equal(crm_text_width("a\tb"), 3);
	assert_int_equal(crm_text_width("\x01\x1F\x7F"), 3);
	assert_int_equal(crm_text_width("a\xFF" "b"), 3);
	assert_int_equal(crm_text_width("\xC3"), 1);
	assert_int_equal(crm_text_width(NULL), 0);
	/* The thread's locale is put back. */
	assert_true(uselocale((locale_t)0) == LC_GLOBAL_LOCALE);
}

/* Folds s and compares with want; frees the result. */
static void check_fold(const char *s, const char *want)
{
	char *f = crm_text_fold(s);

	assert_non_null(f);
	assert_string_equal(f, want);
	free(f);
}

static void test_fold_cyrillic(void **state)
{
	char *f;

	(void)state;
	check_fold("ИВАНОВ Ёлка", "иванов елка");
	check_fold("Иванов", "иванов");
	check_fold("иванов", "иванов");
	check_fold("Ёё", "ее");
	check_fold("ЁЖИК", "ежик");
	check_fold("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ",
		   "абвгдежзийклмнопрстуфхцчшщъыьэюя");
	check_fold("ЇЖАК Ґанок Є І Ў", "їжак ґанок є і ў");
	check_fold("ООО «Ромашка»", "ооо «ромашка»");
	f = crm_text_fold("ООО «Ромашка»");
	assert_non_null(f);
	assert_non_null(strstr(f, "ромашка"));
	free(f);
}

static void test_fold_other_scripts(void **state)
{
	(void)state;
	check_fold("", "");
	check_fold("Hello WORLD 42!", "hello world 42!");
	check_fold("ÀÉÎÕÜ Ç Ñ", "àéîõü ç ñ");
	check_fold("ΑΒΓ ΔΕΖ ΣΩ", "αβγ δεζ σω");
	check_fold("ΟΔΥΣΣΕΥΣ", "οδυσσευσ"); /* no final-sigma rule */
	check_fold("ＡＢＣ", "ａｂｃ");      /* fullwidth */
	check_fold("日本 ₽ \xF0\x9F\x98\x80", "日本 ₽ \xF0\x9F\x98\x80");
	/* Lower case may change the byte length: U+023A -> U+2C65, U+0130 -> i. */
	check_fold("\xC8\xBA", "\xE2\xB1\xA5");
	check_fold("\xC4\xB0stanbul", "istanbul");
}

static void test_fold_idempotent(void **state)
{
	const char *in = "Mixed ÜBER Иванов Ёлка ΣΟΦΙΑ";
	char *once, *twice;

	(void)state;
	once = crm_text_fold(in);
	assert_non_null(once);
	twice = crm_text_fold(once);
	assert_non_null(twice);
	assert_string_equal(once, twice);
	free(once);
	free(twice);
}

static void test_fold_invalid(void **state)
{
	(void)state;
	assert_null(crm_text_fold(NULL));
	assert_null(crm_text_fold("\xC0\x80"));
	assert_null(crm_text_fold("ab\xFF"));
	assert_null(crm_text_fold("\xED\xA0\x80"));
	assert_null(crm_text_fold("Ив\xD0"));
}

/* True when the one-line rule takes s; else the code point and offset. */
static bool oneline(const char *s, uint32_t *cp, size_t *off)
{
	return crm_text_oneline_check(s, cp, off);
}

static void test_oneline_classes(void **state)
{
	uint32_t cp = 0;
	size_t off = 0;

	(void)state;
	assert_true(oneline("ООО «Рога и копыта» — Acme, Inc. 日本 😀", NULL, NULL));
	assert_true(oneline("", NULL, NULL));
	assert_true(oneline(NULL, NULL, NULL));
	/* C0, each kind, with the offset of the first */
	assert_false(oneline("Ok\x1b[31m", &cp, &off));
	assert_int_equal(cp, 0x1b);
	assert_int_equal(off, 2);
	assert_false(oneline("a\tb", &cp, &off));
	assert_int_equal(cp, '\t');
	assert_false(oneline("\x01", &cp, &off));
	assert_int_equal(off, 0);
	assert_false(oneline("x\x1f", &cp, NULL));
	assert_int_equal(cp, 0x1f);
	assert_int_equal(crm_text_char_class(0x1b), CRM_CHAR_CONTROL);
	/* line breaks */
	assert_false(oneline("Ok Ltd\n1. [error] Globex", &cp, &off));
	assert_int_equal(cp, '\n');
	assert_int_equal(off, 6);
	assert_false(oneline("a\rb", &cp, NULL));
	assert_int_equal(cp, '\r');
	assert_int_equal(crm_text_char_class('\n'), CRM_CHAR_BREAK);
	assert_int_equal(crm_text_char_class('\r'), CRM_CHAR_BREAK);
	/* DEL and C1: U+009B is a CSI; the offset counts bytes */
	assert_false(oneline("Иa\x7f", &cp, &off));
	assert_int_equal(cp, 0x7f);
	assert_int_equal(off, 3);
	assert_false(oneline("x\xc2\x9b" "31m", &cp, &off));
	assert_int_equal(cp, 0x9b);
	assert_int_equal(off, 1);
	assert_int_equal(crm_text_char_class(0x9b), CRM_CHAR_CONTROL);
	/* separators and bidi controls */
	assert_false(oneline("a\xe2\x80\xa8z", &cp, NULL));
	assert_int_equal(cp, 0x2028);
	assert_false(oneline("a\xe2\x80\xa9z", &cp, NULL));
	assert_int_equal(cp, 0x2029);
	assert_int_equal(crm_text_char_class(0x2029), CRM_CHAR_BREAK);
	assert_false(oneline("evil\xe2\x80\xaegpj.exe", &cp, &off));
	assert_int_equal(cp, 0x202e);
	assert_int_equal(off, 4);
	assert_int_equal(crm_text_char_class(0x202e), CRM_CHAR_BIDI);
	assert_false(oneline("\xd8\x9c", &cp, NULL));
	assert_int_equal(cp, 0x061c);
	assert_false(oneline("\xe2\x80\x8e", &cp, NULL));
	assert_int_equal(cp, 0x200e);
	assert_false(oneline("\xe2\x80\x8f", &cp, NULL));
	assert_int_equal(cp, 0x200f);
	assert_false(oneline("\xe2\x80\xaa", &cp, NULL));
	assert_int_equal(cp, 0x202a);
	/* invalid UTF-8 is crm_utf8_valid's business; what follows is still seen */
	assert_true(oneline("ab\xff", NULL, NULL));
	assert_false(oneline("\xff\x1b", &cp, &off));
	assert_int_equal(off, 1);
}

static void test_oneline_boundaries(void **state)
{
	static const struct {
		uint32_t cp;
		bool ok;
	} cases[] = {
		{ 0x1f, false },   { 0x20, true },    { 0x7e, true },    { 0x7f, false },
		{ 0x80, false },   { 0x9f, false },   { 0xa0, true },    { 0x061b, true },
		{ 0x061c, false }, { 0x061d, true },  { 0x200d, true },  { 0x200e, false },
		{ 0x200f, false }, { 0x2010, true },  { 0x2027, true },  { 0x2028, false },
		{ 0x2029, false }, { 0x202a, false }, { 0x202e, false }, { 0x202f, true },
		{ 0x2065, true },  { 0x2066, false }, { 0x2069, false }, { 0x206a, true },
		{ 0xfeff, true },  { 0x10ffff, true },
	};
	char buf[8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t c = cases[i].cp, got = 0;
		size_t n = 0;

		/* encode by hand: the decoder is what is tested alongside */
		if (c < 0x80) {
			buf[n++] = (char)c;
		} else if (c < 0x800) {
			buf[n++] = (char)(0xc0 | (c >> 6));
			buf[n++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			buf[n++] = (char)(0xe0 | (c >> 12));
			buf[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[n++] = (char)(0x80 | (c & 0x3f));
		} else {
			buf[n++] = (char)(0xf0 | (c >> 18));
			buf[n++] = (char)(0x80 | ((c >> 12) & 0x3f));
			buf[n++] = (char)(0x80 | ((c >> 6) & 0x3f));
			buf[n++] = (char)(0x80 | (c & 0x3f));
		}
		buf[n] = '\0';
		assert_int_equal(crm_utf8_decode(buf, n, &got), n);
		assert_int_equal(got, c);
		if (oneline(buf, NULL, NULL) != cases[i].ok) {
			fail_msg("U+%04X should be %s", (unsigned)c, cases[i].ok ? "allowed" : "refused");
		}
		assert_int_equal(crm_text_char_class(c) == CRM_CHAR_PLAIN, cases[i].ok);
	}
}

static void test_line_check(void **state)
{
	char msg[400], s[2 * 201 + 1];

	(void)state;
	assert_true(crm_text_line_check("client name", "Acme", CRM_NAME_MAX, msg, sizeof(msg)));
	assert_false(crm_text_line_check("client name", "", CRM_NAME_MAX, msg, sizeof(msg)));
	assert_string_equal(msg, "empty client name");
	assert_false(crm_text_line_check("--as", "ab\xff", CRM_NAME_MAX, msg, sizeof(msg)));
	assert_string_equal(msg, "--as is not valid UTF-8 text");
	/* the message names the field, the character and where, never echoes it */
	assert_false(crm_text_line_check("tag", "Ив\x1b[2J", CRM_NAME_MAX, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "tag holds a control character (U+001B) at character 3"));
	assert_non_null(strstr(msg, "remove it"));
	assert_null(strchr(msg, 0x1b));
	assert_false(crm_text_line_check("text", "a\nb", 0, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "text holds a line break (U+000A) at character 2"));
	assert_false(crm_text_line_check("segment", "\xe2\x80\xae", 0, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "segment holds a bidi control (U+202E) at character 1"));
	assert_false(crm_text_line_check("x", "\xc2\x9b", 0, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "(U+009B)"));
	/* the identity: 200 characters (counted as characters: Cyrillic, 2 bytes each) */
	for (size_t i = 0; i < 200; i++) {
		memcpy(s + 2 * i, "ж", 2);
	}
	s[400] = '\0';
	assert_true(crm_text_line_check("--as", s, CRM_NAME_MAX, msg, sizeof(msg)));
	memcpy(s + 400, "ж", 2);
	s[402] = '\0';
	assert_false(crm_text_line_check("--as", s, CRM_NAME_MAX, msg, sizeof(msg)));
	assert_string_equal(msg, "--as is too long: 201 characters, at most 200");
	assert_true(crm_text_line_check("note", s, 0, msg, sizeof(msg)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_fold_cyrillic),
		cmocka_unit_test(test_fold_other_scripts),
		cmocka_unit_test(test_fold_idempotent),
		cmocka_unit_test(test_fold_invalid),
		cmocka_unit_test(test_oneline_classes),
		cmocka_unit_test(test_oneline_boundaries),
		cmocka_unit_test(test_line_check),
	};

	/* The program runs in the "C" locale: results must not depend on it. */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
