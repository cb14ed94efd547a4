/* test-text.c: UTF-8 validation, length, display width and folding. */
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
	};

	/* The program runs in the "C" locale: results must not depend on it. */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
