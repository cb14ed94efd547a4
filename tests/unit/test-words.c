/* test-words.c: the Russian synonyms of enumerated values (cmd/words.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "crm/crm.h"
#include "words.h"

/* Every word list of core an option takes, and the short ones of cmd (OPT_KW). */
static const char *const sorts_client[] = { "name", "last-contact", "value", "created", NULL };
static const char *const sorts_audit[] = { "score", "health", "name", NULL };
static const char *const colors[] = { "auto", "always", "never", NULL };
static const char *const genders[] = { "f", "m", NULL };
static const char *const movers[] = { "manager", "client", NULL };

static const char *const *const lists[] = {
	crm_client_kinds,      crm_client_tiers,     crm_client_statuses, crm_client_stages,
	crm_manager_roles,     crm_manager_statuses, crm_interaction_kinds, crm_promise_kinds,
	crm_incident_kinds,    crm_next_kinds,       crm_handover_reasons, crm_handover_statuses,
	crm_notice_channels,   crm_severities,       crm_log_kinds,       crm_languages,
	crm_vip_question_types, sorts_client,        sorts_audit,         colors,
	genders,               movers,               crm_contact_channels,
};

static bool in(const char *const *words, const char *w)
{
	for (size_t i = 0; words[i]; i++) {
		if (strcmp(words[i], w) == 0) {
			return true;
		}
	}
	return false;
}

/* Each synonym of the table, one at a time: calls fn(word, synonym). */
static void each_synonym(void (*fn)(const char *word, const char *syn))
{
	size_t n;
	const char *const(*t)[2] = word_table(&n);

	for (size_t i = 0; i < n; i++) {
		const char *p = t[i][1];

		while (*p) {
			const char *bar = strchr(p, '|');
			size_t len = bar ? (size_t)(bar - p) : strlen(p);
			char syn[128];

			assert_true(len > 0 && len < sizeof(syn));
			memcpy(syn, p, len);
			syn[len] = '\0';
			fn(t[i][0], syn);
			p = bar ? bar + 1 : p + len;
		}
	}
}

/* the table keeps its synonyms folded: lower case, е for ё, '-' for a space */
static void check_folded(const char *word, const char *syn)
{
	char *f = crm_text_fold(syn);

	assert_non_null(f);
	if (strcmp(f, syn) != 0 || strchr(syn, ' ') || strchr(syn, '_')) {
		fail_msg("synonym '%s' of '%s' is not folded", syn, word);
	}
	free(f);
}

/* each synonym names a word of some list, and in every list holding its
 * word it resolves to that word or to an earlier one sharing it */
static void check_resolves(const char *word, const char *syn)
{
	bool listed = false;

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		const char *got;

		if (!in(lists[l], word)) {
			continue;
		}
		listed = true;
		got = word_find(lists[l], syn);
		if (!got) {
			fail_msg("'%s' names nothing in the list of '%s'", syn, word);
		}
		if (strcmp(got, word) != 0 && !word_names(got, syn)) {
			fail_msg("'%s' resolves to '%s', not '%s'", syn, got, word);
		}
		assert_true(in(lists[l], got));
	}
	if (!listed) {
		fail_msg("'%s' is in no word list of crm", word);
	}
}

static void test_table(void **state)
{
	(void)state;
	each_synonym(check_folded);
	each_synonym(check_resolves);
}

/* every word of every list has a Russian synonym, but for the formats and
 * codes that stay as typed */
static void test_coverage(void **state)
{
	char buf[256];

	(void)state;
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		for (size_t i = 0; lists[l][i]; i++) {
			if (!*word_synonyms(lists[l][i], buf, sizeof(buf))) {
				fail_msg("'%s' has no Russian synonym", lists[l][i]);
			}
		}
	}
}

static void test_folding(void **state)
{
	(void)state;
	assert_string_equal(word_find(crm_client_stages, "шторм"), "storm");
	assert_string_equal(word_find(crm_client_stages, "Шторм"), "storm");
	assert_string_equal(word_find(crm_client_stages, "ШТОРМ"), "storm");
	assert_string_equal(word_find(crm_client_stages, "storm"), "storm");
	assert_string_equal(word_find(crm_handover_reasons, "просьба клиента"), "client-request");
	assert_string_equal(word_find(crm_handover_reasons, "Просьба_клиента"), "client-request");
	assert_string_equal(word_find(crm_handover_reasons, "просьба-клиента"), "client-request");
	/* ё and е are one letter */
	assert_string_equal(word_find(crm_client_statuses, "ушёл"), "lost");
	assert_string_equal(word_find(crm_client_statuses, "ушел"), "lost");
	assert_string_equal(word_find(crm_handover_statuses, "ждёт"), "pending");
	/* one word, two lists: письмо is email among interactions, letter among next actions */
	assert_string_equal(word_find(crm_interaction_kinds, "письмо"), "email");
	assert_string_equal(word_find(crm_next_kinds, "письмо"), "letter");
	/* the kinds the issue names */
	assert_string_equal(word_find(crm_interaction_kinds, "звонок"), "call");
	assert_string_equal(word_find(crm_interaction_kinds, "Встреча"), "meeting");
	assert_string_equal(word_find(crm_interaction_kinds, "заказ"), "order");
	assert_string_equal(word_find(crm_interaction_kinds, "жалоба"), "complaint");
	assert_string_equal(word_find(crm_interaction_kinds, "отзыв"), "feedback");
	assert_string_equal(word_find(crm_interaction_kinds, "конфликт"), "conflict");
	assert_string_equal(word_find(crm_client_tiers, "ВИП"), "vip");
	assert_string_equal(word_find(crm_client_tiers, "ключевой"), "key");
	assert_string_equal(word_find(crm_client_tiers, "обычный"), "regular");
	assert_string_equal(word_find(crm_handover_reasons, "отпуск"), "vacation");
	assert_string_equal(word_find(crm_handover_reasons, "увольнение"), "leaving");
	assert_string_equal(word_find(crm_handover_reasons, "перегрузка"), "overload");
	/* not a word: no partial matches, no synonym of another list */
	assert_null(word_find(crm_client_stages, "штор"));
	assert_null(word_find(crm_client_stages, "штормы"));
	assert_null(word_find(crm_client_tiers, "звонок"));
	assert_null(word_find(crm_client_tiers, ""));
}

static void test_synonyms_text(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(word_synonyms("storm", buf, sizeof(buf)), "шторм");
	assert_string_equal(word_synonyms("regular", buf, sizeof(buf)), "обычный, постоянный");
	assert_string_equal(word_synonyms("nosuch", buf, sizeof(buf)), "");
	/* a short buffer cuts, still a string */
	assert_true(strlen(word_synonyms("email", buf, 8)) < 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_coverage),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_synonyms_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
