/* test-money.c: parsing and formatting of amounts in integer cents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "crm/crm.h"

static void check_parse(const char *s, int64_t want)
{
	int64_t c = -1;

	if (crm_money_parse(s, &c) != CRM_OK) {
		fail_msg("'%s' rejected", s);
	}
	assert_int_equal(c, want);
}

static void check_bad(const char *s)
{
	int64_t c = -1;

	if (crm_money_parse(s, &c) != CRM_EINVAL) {
		fail_msg("'%s' accepted", s);
	}
	assert_int_equal(c, 0);
}

static void test_parse(void **state)
{
	(void)state;
	check_parse("0", 0);
	check_parse("-0", 0);
	check_parse("7", 700);
	check_parse("007", 700);
	check_parse("1234", 123400);
	check_parse("1234.5", 123450);
	check_parse("1234.56", 123456);
	check_parse("1234,56", 123456);
	check_parse("1234.05", 123405);
	check_parse("0.5", 50);
	check_parse("0,05", 5);
	check_parse("0.00", 0);
	check_parse("-3", -300);
	check_parse("-0.01", -1);
	check_parse("-1234.5", -123450);
}

static void test_parse_groups(void **state)
{
	(void)state;
	check_parse("1 234,50", 123450);
	check_parse("1\xC2\xA0" "234,50", 123450); /* NBSP */
	check_parse("1 234", 123400);
	check_parse("12 345 678.90", 1234567890);
	check_parse("123 456", 12345600);
	check_parse("1\xC2\xA0" "234 567", 123456700); /* mixed separators */
	check_parse("-1 234.5", -123450);
	/* A separator sits between groups of three digits, once. */
	check_bad("1  234");
	check_bad("1 23");
	check_bad("1 2345");
	check_bad("1234 567");
	check_bad(" 1");
	check_bad("1 ");
	check_bad("1 .5");
	check_bad("1 234 ,5");
	check_bad("- 1");
	check_bad("1\xC2");       /* half an NBSP */
	check_bad("1\xA0" "234"); /* a lone A0 byte */
	check_bad("1\t234");
}

static void test_parse_bad(void **state)
{
	int64_t c = -1;

	(void)state;
	check_bad("");
	check_bad("-");
	check_bad("1.234");
	check_bad("1,234");
	check_bad("1 234,567");
	check_bad("1.");
	check_bad(".5");
	check_bad(",5");
	check_bad("1..5");
	check_bad("1.2.3");
	check_bad("1.5,0");
	check_bad("abc");
	check_bad("12a");
	check_bad("1e3");
	check_bad("0x10");
	check_bad("+5");
	check_bad("--5");
	check_bad(" 5");
	check_bad("5 ");
	check_bad("5\n");
	check_bad("1.5 ");
	check_bad("5 руб");
	assert_int_equal(crm_money_parse(NULL, &c), CRM_EINVAL);
	assert_int_equal(c, 0);
}

/*
 * The documented range: 999 999 999 999.99 either way. Beyond it every
 * amount is refused, above all those near the 64-bit limits, which once
 * went in and then made the SQL of a handover fail with "integer overflow".
 */
static void test_parse_limits(void **state)
{
	(void)state;
	check_parse("999999999999.99", CRM_MONEY_MAX);
	check_parse("999 999 999 999,99", CRM_MONEY_MAX);
	check_parse("999999999999.9", INT64_C(99999999999990));
	check_parse("999999999999", INT64_C(99999999999900));
	check_parse("-999999999999.99", -CRM_MONEY_MAX);
	check_parse("-999\xC2\xA0" "999\xC2\xA0" "999\xC2\xA0" "999.99", -CRM_MONEY_MAX);
	check_bad("1000000000000.00");
	check_bad("1000000000000");
	check_bad("1 000 000 000 000");
	check_bad("-1000000000000.00");
	check_bad("-1000000000000");
	/* one cent past the boundary, either way */
	check_bad("1000000000000.01");
	check_bad("-1000000000000.01");
	/* the 64-bit limits, which the range keeps far away */
	check_bad("92233720368547758.07");
	check_bad("92 233 720 368 547 758,07");
	check_bad("-92233720368547758.08");
	check_bad("-92233720368547758.07");
	check_bad("92233720368547758.08");
	check_bad("92233720368547758.1");
	check_bad("92233720368547759");
	check_bad("-92233720368547758.09");
	check_bad("99999999999999999999");
	check_bad("184467440737095516.16"); /* 2^64 cents wraps to 0 */
	check_bad("1000000000000000000000000");
	check_bad("-1000000000000000000000000000000000000000000000000000000000000.00");
	check_bad("000000000000000000000000000000000000000000000000000000000001000000000000");
	/* leading zeros do not count: a long string of a small amount is fine */
	check_parse("000000000000000000000000000000000000000000000000000000000000999999999999.99",
		    CRM_MONEY_MAX);
}

static void test_in_range(void **state)
{
	(void)state;
	assert_true(crm_money_in_range(0));
	assert_true(crm_money_in_range(CRM_MONEY_MAX));
	assert_true(crm_money_in_range(-CRM_MONEY_MAX));
	assert_false(crm_money_in_range(CRM_MONEY_MAX + 1));
	assert_false(crm_money_in_range(-CRM_MONEY_MAX - 1));
	assert_false(crm_money_in_range(INT64_MAX));
	assert_false(crm_money_in_range(INT64_MIN));
}

static void test_format(void **state)
{
	char buf[32];
	char small[4];

	(void)state;
	assert_string_equal(crm_money_format(0, buf, sizeof buf), "0.00");
	assert_string_equal(crm_money_format(1, buf, sizeof buf), "0.01");
	assert_string_equal(crm_money_format(5, buf, sizeof buf), "0.05");
	assert_string_equal(crm_money_format(50, buf, sizeof buf), "0.50");
	assert_string_equal(crm_money_format(-5, buf, sizeof buf), "-0.05");
	assert_string_equal(crm_money_format(-100, buf, sizeof buf), "-1.00");
	assert_string_equal(crm_money_format(123450, buf, sizeof buf), "1234.50");
	assert_string_equal(crm_money_format(-123450, buf, sizeof buf), "-1234.50");
	assert_string_equal(crm_money_format(1234567890, buf, sizeof buf), "12345678.90");
	assert_string_equal(crm_money_format(INT64_MAX, buf, sizeof buf),
			    "92233720368547758.07");
	assert_string_equal(crm_money_format(INT64_MIN, buf, sizeof buf),
			    "-92233720368547758.08");
	/* A short buffer is truncated, never overrun. */
	assert_ptr_equal(crm_money_format(123450, small, sizeof small), small);
	assert_string_equal(small, "123");
}

static void test_round_trip(void **state)
{
	static const int64_t values[] = {
		0, 1, -1, 9, 10, 99, 100, 101, -250, 123456, -987654321,
		INT64_C(100000000000), CRM_MONEY_MAX, -CRM_MONEY_MAX, CRM_MONEY_MAX - 1,
	};
	char buf[32];
	int64_t back;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof values / sizeof values[0]; i++) {
		crm_money_format(values[i], buf, sizeof buf);
		assert_int_equal(crm_money_parse(buf, &back), CRM_OK);
		assert_int_equal(back, values[i]);
	}
}

/* groups of three from the right: the boundaries at 3, 4, 6 and 7 digits */
static void test_format_grouped(void **state)
{
	static const struct {
		int64_t cents;
		const char *want;
	} cases[] = {
		{ 0, "0,00" },
		{ 5, "0,05" },
		{ 99999, "999,99" },
		{ 100000, "1 000,00" },
		{ 99999999, "999 999,99" },
		{ 100000000, "1 000 000,00" },
		{ 120000000, "1 200 000,00" },
		{ -123456, "-1 234,56" },
		{ CRM_MONEY_MAX, "999 999 999 999,99" },
		{ -CRM_MONEY_MAX, "-999 999 999 999,99" },
	};
	char buf[64], back_buf[64];
	int64_t back;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		crm_money_format_grouped(cases[i].cents, " ", ",", buf, sizeof buf);
		assert_string_equal(buf, cases[i].want);
		/* what people read parses back */
		assert_int_equal(crm_money_parse(buf, &back), CRM_OK);
		assert_int_equal(back, cases[i].cents);
	}
	/* a separator of several bytes (U+00A0), and a buffer too short: cut, terminated */
	crm_money_format_grouped(120000000, "\u00a0", ",", buf, sizeof buf);
	assert_string_equal(buf, "1\u00a0200\u00a0000,00");
	crm_money_format_grouped(120000000, " ", ",", back_buf, 6);
	assert_string_equal(back_buf, "1 200");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_parse_groups),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_in_range),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_format_grouped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
