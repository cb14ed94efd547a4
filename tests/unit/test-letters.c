/*
 * test-letters.c: the pieces of a letter to a client: the greeting for
 * each case, the split of a one-line name (both orders; an ambiguous name
 * is not split), the date in words for every month and at the bounds of
 * the year, sums, and names in quotes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm-private.h"
#include "letters.h"

static void greets(bool ru, const struct crmi_person *p, const char *want)
{
	char *g = crmi_letters_greeting(ru, p);

	assert_non_null(g);
	assert_string_equal(g, want);
	free(g);
}

static void test_greeting_ru(void **state)
{
	(void)state;
	/* parts and gender */
	greets(true, &(struct crmi_person){ .first_name = "Андрей", .patronymic = "Викторович",
					     .gender = "m", .name = "Сергеев Андрей Викторович" },
	       "Уважаемый Андрей Викторович!");
	greets(true, &(struct crmi_person){ .first_name = "Анна", .patronymic = "Сергеевна",
					     .gender = "f" },
	       "Уважаемая Анна Сергеевна!");
	/* parts without a gender: neutral, even with a patronymic that tells */
	greets(true, &(struct crmi_person){ .first_name = "Андрей", .patronymic = "Викторович" },
	       "Добрый день, Андрей Викторович!");
	greets(true, &(struct crmi_person){ .first_name = "Андрей", .patronymic = "Викторович",
					     .gender = "" },
	       "Добрый день, Андрей Викторович!");
	/* a given name alone */
	greets(true, &(struct crmi_person){ .first_name = "Джон", .gender = "m" },
	       "Уважаемый Джон!");
	/* the form of address wins over every part */
	greets(true, &(struct crmi_person){ .first_name = "Андрей", .patronymic = "Викторович",
					     .gender = "m", .address_as = "Андрей" },
	       "Уважаемый Андрей!");
	greets(true, &(struct crmi_person){ .address_as = "госпожа Смирнова" },
	       "Добрый день, госпожа Смирнова!");
	/* a legacy one-line name, split: gender from the patronymic */
	greets(true, &(struct crmi_person){ .name = "Сергеев Андрей Викторович" },
	       "Уважаемый Андрей Викторович!");
	greets(true, &(struct crmi_person){ .name = "Анна Сергеевна Иванова" },
	       "Уважаемая Анна Сергеевна!");
	/* a stored gender wins over the patronymic's */
	greets(true, &(struct crmi_person){ .name = "Анна Сергеевна Иванова", .gender = "m" },
	       "Уважаемый Анна Сергеевна!");
	/* nothing usable: never surname first */
	greets(true, &(struct crmi_person){ .name = "Иван Петров" }, "Добрый день!");
	greets(true, &(struct crmi_person){ .name = "Сергей Иванович Бабич" }, "Добрый день!");
	greets(true, &(struct crmi_person){ 0 }, "Добрый день!");
	greets(true, NULL, "Добрый день!");
}

static void test_greeting_en(void **state)
{
	(void)state;
	greets(false, &(struct crmi_person){ .first_name = "Андрей", .patronymic = "Викторович",
					      .gender = "m" },
	       "Dear Андрей Викторович,");
	greets(false, &(struct crmi_person){ .name = "Сергеев Андрей Викторович" },
	       "Dear Андрей Викторович,");
	greets(false, &(struct crmi_person){ .name = "John Smith" }, "Dear John Smith,");
	greets(false, &(struct crmi_person){ .address_as = "Mr Smith" }, "Dear Mr Smith,");
	greets(false, NULL, "Dear Sir or Madam,");
}

static void splits(const char *name, const char *first, const char *patronymic,
		   const char *last, const char *gender)
{
	struct crmi_name_parts p;

	assert_true(crmi_letters_split(name, &p));
	assert_string_equal(p.first, first);
	assert_string_equal(p.patronymic, patronymic);
	if (last) {
		assert_string_equal(p.last, last);
	} else {
		assert_null(p.last);
	}
	assert_string_equal(p.gender, gender);
}

static void no_split(const char *name)
{
	struct crmi_name_parts p;

	assert_false(crmi_letters_split(name, &p));
	assert_null(p.first);
	assert_null(p.patronymic);
	assert_null(p.last);
	assert_null(p.gender);
}

static void test_split(void **state)
{
	(void)state;
	/* Фамилия Имя Отчество */
	splits("Сергеев Андрей Викторович", "Андрей", "Викторович", "Сергеев", "m");
	splits("Кузнецова Алёна Игоревна", "Алёна", "Игоревна", "Кузнецова", "f");
	splits("Бабич Сергей Иванович", "Сергей", "Иванович", "Бабич", "m");
	/* Имя Отчество Фамилия */
	splits("Анна Сергеевна Иванова", "Анна", "Сергеевна", "Иванова", "f");
	splits("Пётр Ильич Чайковский", "Пётр", "Ильич", "Чайковский", "m");
	splits("Мария Ильинична Ульянова", "Мария", "Ильинична", "Ульянова", "f");
	splits("Ольга Юрьевна Смирнова", "Ольга", "Юрьевна", "Смирнова", "f");
	splits("Никита Саввич Лунин", "Никита", "Саввич", "Лунин", "m");
	/* Имя Отчество; extra spaces do not matter */
	splits("  Андрей   Викторович ", "Андрей", "Викторович", NULL, "m");
	/* ambiguous or not a Russian full name: left whole */
	no_split("Сергей Иванович Бабич");   /* both could be the patronymic */
	no_split("Иван Петров");
	no_split("Петров Иван");
	no_split("Андрей");
	no_split("John Smith");
	no_split("Сергеев Андрей Викторович Младший");
	no_split("Ич Ич");                   /* the ending alone is no name */
	no_split("");
	no_split(NULL);
}

static int64_t day(const char *iso)
{
	int64_t t = 0;

	assert_int_equal(crm_date_parse(iso, 0, &t), CRM_OK);
	return t;
}

static void test_date(void **state)
{
	static const char *const want[12] = {
		"1 января 2026 г.", "1 февраля 2026 г.", "1 марта 2026 г.", "1 апреля 2026 г.",
		"1 мая 2026 г.", "1 июня 2026 г.", "1 июля 2026 г.", "1 августа 2026 г.",
		"1 сентября 2026 г.", "1 октября 2026 г.", "1 ноября 2026 г.", "1 декабря 2026 г.",
	};
	static const char *const want_en[12] = {
		"1 January 2026", "1 February 2026", "1 March 2026", "1 April 2026",
		"1 May 2026", "1 June 2026", "1 July 2026", "1 August 2026",
		"1 September 2026", "1 October 2026", "1 November 2026", "1 December 2026",
	};
	char buf[64], iso[16];

	(void)state;
	for (int m = 1; m <= 12; m++) {
		snprintf(iso, sizeof(iso), "2026-%02d-01", m);
		assert_string_equal(crmi_letters_date(true, day(iso), buf, sizeof(buf)), want[m - 1]);
		assert_string_equal(crmi_letters_date(false, day(iso), buf, sizeof(buf)),
				    want_en[m - 1]);
	}
	assert_string_equal(crmi_letters_date(true, day("2026-12-31"), buf, sizeof(buf)),
			    "31 декабря 2026 г.");
	assert_string_equal(crmi_letters_date(true, day("2027-01-01"), buf, sizeof(buf)),
			    "1 января 2027 г.");
	assert_string_equal(crmi_letters_date(true, day("2028-02-29"), buf, sizeof(buf)),
			    "29 февраля 2028 г.");
	assert_string_equal(crmi_letters_date(true, day("2026-11-25"), buf, sizeof(buf)),
			    "25 ноября 2026 г.");
	/* a moment in the day is that day */
	assert_string_equal(crmi_letters_date(true, day("2026-12-31") + 86399, buf, sizeof(buf)),
			    "31 декабря 2026 г.");
	assert_null(crmi_letters_date(true, 0, buf, sizeof(buf)));
}

static void test_money(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(crmi_letters_money(true, 120000000, buf, sizeof(buf)),
			    "1 200 000,00 ₽");
	assert_string_equal(crmi_letters_money(true, 0, buf, sizeof(buf)), "0,00 ₽");
	assert_string_equal(crmi_letters_money(true, 99999, buf, sizeof(buf)), "999,99 ₽");
	assert_string_equal(crmi_letters_money(true, 100000, buf, sizeof(buf)), "1 000,00 ₽");
	assert_string_equal(crmi_letters_money(true, -150050, buf, sizeof(buf)), "-1 500,50 ₽");
	assert_string_equal(crmi_letters_money(false, 120000000, buf, sizeof(buf)),
			    "1,200,000.00 RUB");
}

static void test_quoted_and_passed(void **state)
{
	char *q;

	(void)state;
	q = crmi_letters_quoted(true, "Городская Дума");
	assert_string_equal(q, "«Городская Дума»");
	free(q);
	/* a name with quotes of its own keeps them */
	q = crmi_letters_quoted(true, "ООО «Ромашка»");
	assert_string_equal(q, "ООО «Ромашка»");
	free(q);
	q = crmi_letters_quoted(false, "Городская Дума");
	assert_string_equal(q, "Городская Дума");
	free(q);
	assert_string_equal(crmi_letters_passed(true, "m"), "передал");
	assert_string_equal(crmi_letters_passed(true, "f"), "передала");
	assert_string_equal(crmi_letters_passed(true, NULL), "передаёт");
	assert_string_equal(crmi_letters_passed(false, "f"), "has passed on");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_greeting_ru),
		cmocka_unit_test(test_greeting_en),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_quoted_and_passed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
