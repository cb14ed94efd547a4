/*
 * test-commands.c: every command table (cmd/commands.c: top_cmds and each
 * table under it through .sub) is sorted by name, byte by byte, with no
 * name twice, as the dispatcher, help and completion expect.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "commands.h"

/* Deeper than any command line of crm: a table that holds itself. */
#define MAX_DEPTH 8

/*
 * Checks table, named path ("crm vip program"), and every table under it;
 * counts them in *tables. False with what is wrong in msg.
 */
static bool table_sorted(const struct crm_cmd *table, const char *path, int depth, int *tables,
			 char *msg, size_t n)
{
	char sub[256];

	if (depth > MAX_DEPTH) {
		snprintf(msg, n, "%s: tables nest deeper than %d", path, MAX_DEPTH);
		return false;
	}
	++*tables;
	for (const struct crm_cmd *c = table; c->name; c++) {
		if (c->name[0] == '\0') {
			snprintf(msg, n, "%s: an empty name", path);
			return false;
		}
		if (c != table && strcmp(c[-1].name, c->name) >= 0) {
			snprintf(msg, n, "%s: '%s' comes after '%s'", path, c->name, c[-1].name);
			return false;
		}
		if (c->sub) {
			snprintf(sub, sizeof(sub), "%s %s", path, c->name);
			if (!table_sorted(c->sub, sub, depth + 1, tables, msg, n)) {
				return false;
			}
		}
	}
	return true;
}

static void test_tables_sorted(void **state)
{
	char msg[512] = "";
	int tables = 0;

	(void)state;
	if (!table_sorted(top_cmds, "crm", 0, &tables, msg, sizeof(msg))) {
		fail_msg("%s", msg);
	}
	/* the walk went down into the groups' tables */
	assert_true(tables > 1);
}

/* The check itself finds a verb out of order, one twice, and a loop. */
static const struct crm_cmd unsorted[] = {
	{ .name = "list" },
	{ .name = "add" },
	{ 0 },
};
static const struct crm_cmd twice[] = {
	{ .name = "add" },
	{ .name = "add" },
	{ 0 },
};
static const struct crm_cmd looped[] = {
	{ .name = "again", .sub = looped },
	{ 0 },
};
static const struct crm_cmd nested[] = {
	{ .name = "a" },
	{ .name = "b", .sub = twice },
	{ 0 },
};

static void test_check_finds_faults(void **state)
{
	char msg[512];
	int tables = 0;

	(void)state;
	assert_false(table_sorted(unsorted, "crm x", 0, &tables, msg, sizeof(msg)));
	assert_string_equal(msg, "crm x: 'add' comes after 'list'");
	assert_false(table_sorted(twice, "crm x", 0, &tables, msg, sizeof(msg)));
	assert_string_equal(msg, "crm x: 'add' comes after 'add'");
	assert_false(table_sorted(nested, "crm x", 0, &tables, msg, sizeof(msg)));
	assert_string_equal(msg, "crm x b: 'add' comes after 'add'");
	assert_false(table_sorted(looped, "crm", 0, &tables, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "tables nest deeper than 8"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_sorted),
		cmocka_unit_test(test_check_finds_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
