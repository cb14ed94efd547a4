/*
 * test-report.c: the head of sales' report (core/report.c): the section
 * names, the saved runs of the period by severity (pinned at the period's
 * edges in the team's zone), the heat map of findings by the person who
 * acts and rule against the audit's own stream, the clients at risk, the
 * sources of an owner, and the refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define NOW FIXTURE_NOW         /* 2026-11-22T10:00:00Z */
#define TODAY (NOW - 10 * 3600) /* 2026-11-22 */
#define SINCE (TODAY - 21 * DAY) /* 2026-11-01 */
#define UNTIL (TODAY - 1 * DAY)  /* 2026-11-21 */
/* Europe/Moscow is UTC+3 all year: the period's edges in UTC */
#define FROM (SINCE - 3 * 3600)
#define TO (UNTIL + DAY - 3 * 3600)


static int64_t manager(struct crm_db *db, const char *name, const char *role, const char *status)
{
	static int n;
	char *fold = crm_text_fold(name);

	sql_execf(db, "INSERT INTO manager(uuid, name, name_fold, role, status, capacity, created)"
		      " VALUES ('m-%d', %Q, %Q, %Q, %Q, 50, %lld)", ++n, name, fold, role, status,
		  (long long)(NOW - 1000 * DAY));
	free(fold);
	return sqlite3_last_insert_rowid(db->sql);
}

static int64_t client(struct crm_db *db, const char *name, int64_t owner, const char *source)
{
	static int n;
	char *fold = crm_text_fold(name);

	sql_execf(db, "INSERT INTO client(uuid, name, name_fold, owner_id, source, stage_since, created, updated)"
		      " VALUES ('c-%d', %Q, %Q, nullif(%lld, 0), %Q, %lld, %lld, %lld)", ++n, name, fold,
		  (long long)owner, source, (long long)(NOW - 1000 * DAY), (long long)(NOW - 1000 * DAY),
		  (long long)(NOW - 1000 * DAY));
	free(fold);
	return sqlite3_last_insert_rowid(db->sql);
}

/* A client the rules leave alone: contacted yesterday, with a next action
 * and a verified key contact, contacted every 30 days. */
static int64_t healthy(struct crm_db *db, const char *name, int64_t owner)
{
	int64_t id = client(db, name, owner, NULL);

	sql_execf(db, "UPDATE client SET contact_every = 30, last_contact = %lld WHERE id = %lld",
		  (long long)(NOW - DAY), (long long)id);
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, text, created)"
		      " VALUES (%lld, 'call', %lld, 'tester', 'call', %lld)",
		  (long long)id, (long long)(NOW - DAY), (long long)(NOW - DAY));
	sql_execf(db, "INSERT INTO next_action(client_id, text, due, assignee_id, author, created)"
		      " VALUES (%lld, 'call', %lld, nullif(%lld, 0), 'tester', %lld)",
		  (long long)id, (long long)(TODAY + 7 * DAY), (long long)owner,
		  (long long)(NOW - DAY));
	sql_execf(db, "INSERT INTO contact(uuid, client_id, name, name_fold, phone, is_key, verified,"
		      " created) VALUES ('k-' || %lld, %lld, 'Иван', 'иван', '+7 495 1', 1, %lld, %lld)",
		  (long long)id, (long long)id, (long long)(NOW - DAY), (long long)(NOW - 1000 * DAY));
	return id;
}

static void run(struct crm_db *db, int64_t as_of, const char *counts)
{
	sql_execf(db, "INSERT INTO audit_run(at, as_of, actor, findings, counts)"
		      " VALUES (%lld, %lld, 'tester', 1, %Q)", (long long)as_of, (long long)as_of,
		  counts);
}

static struct crm_report *build(struct crm_db *db, struct crm_report_options o)
{
	struct crm_report *r = NULL;

	if (!o.as_of) {
		o.as_of = NOW;
	}
	assert_int_equal(crm_report_build(db, &o, &r), CRM_OK);
	assert_non_null(r);
	return r;
}

static void test_section_names(void **state)
{
	(void)state;
	assert_int_equal(crm_report_section_find("health"), CRM_REPORT_HEALTH);
	assert_int_equal(crm_report_section_find("findings"), CRM_REPORT_FINDINGS);
	assert_int_equal(crm_report_section_find("managers"), CRM_REPORT_MANAGERS);
	assert_int_equal(crm_report_section_find("clients"), CRM_REPORT_CLIENTS);
	assert_int_equal(crm_report_section_find("sources"), CRM_REPORT_SOURCES);
	assert_int_equal(crm_report_section_find("vip"), CRM_REPORT_VIP);
	assert_int_equal(crm_report_section_find("Health"), 0);
	assert_int_equal(crm_report_section_find("heal"), 0);
	assert_int_equal(crm_report_section_find("healthy"), 0);
	assert_int_equal(crm_report_section_find(""), 0);
	assert_int_equal(crm_report_section_find(NULL), 0);
	assert_null(crm_report_section_names[6]);
	assert_int_equal(CRM_REPORT_ALL, (1u << 6) - 1);
}

/* The runs of the period: as_of from since's 00:00 local to until's end,
 * both edges pinned one second either side; by severity, oldest first. */
static void test_runs_of_the_period(void **state)
{
	struct crm_db *db = *state;
	struct crm_report *r;

	run(db, FROM - 1, "{\"forgotten\":100}");
	run(db, FROM, "{\"forgotten\":1,\"broken-promise\":2,\"silent-client\":4}");
	run(db, TO - 1, "{\"forgotten\":3,\"no-such-rule\":50,\"orphaned\":1}");
	run(db, FROM + DAY, "{}");
	run(db, TO, "{\"forgotten\":200}");
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_HEALTH, .since = SINCE,
						    .until = UNTIL });
	assert_int_equal(r->sections, CRM_REPORT_HEALTH);
	assert_int_equal(r->nruns, 3);
	assert_int_equal(r->runs[0].as_of, FROM);
	assert_int_equal(r->runs[0].by_severity[CRM_SEVERITY_WARN], 1);
	assert_int_equal(r->runs[0].by_severity[CRM_SEVERITY_ERROR], 2);
	assert_int_equal(r->runs[0].by_severity[CRM_SEVERITY_INFO], 4);
	assert_int_equal(r->runs[1].as_of, FROM + DAY);
	assert_int_equal(r->runs[1].by_severity[CRM_SEVERITY_WARN], 0);
	assert_int_equal(r->runs[2].as_of, TO - 1);
	/* a rule this crm does not know counts in no severity */
	assert_int_equal(r->runs[2].by_severity[CRM_SEVERITY_WARN], 3);
	assert_int_equal(r->runs[2].by_severity[CRM_SEVERITY_ERROR], 1);
	assert_int_equal(r->runs[2].by_severity[CRM_SEVERITY_INFO], 0);
	/* the other sections are not gathered */
	assert_int_equal(r->total, 0);
	assert_int_equal(r->npeople, 0);
	assert_int_equal(r->nmanagers, 0);
	assert_null(r->vip);
	crm_report_destroy(r);
}

/* An owner's runs are those saved with --owner; the base's are the others. */
static void test_runs_of_an_owner(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = manager(db, "Анна", "manager", "active");
	struct crm_report *r;

	run(db, TO - 1, "{\"forgotten\":1}");
	sql_execf(db, "INSERT INTO audit_run(at, as_of, actor, owner_id, findings, counts)"
		      " VALUES (%lld, %lld, 'tester', %lld, 2, '{\"forgotten\":2}')",
		  (long long)(TO - 1), (long long)(TO - 1), (long long)anna);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_HEALTH, .owner_id = anna,
						    .since = SINCE, .until = UNTIL });
	assert_int_equal(r->nruns, 1);
	assert_int_equal(r->runs[0].by_severity[CRM_SEVERITY_WARN], 2);
	assert_string_equal(r->owner, "Анна");
	crm_report_destroy(r);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_HEALTH, .since = SINCE,
						    .until = UNTIL });
	assert_int_equal(r->nruns, 1);
	assert_int_equal(r->runs[0].by_severity[CRM_SEVERITY_WARN], 1);
	assert_null(r->owner);
	crm_report_destroy(r);
}

/* The heat map against the audit's own stream: every finding in its
 * person's row, the heads' repeats in each head's row but counted once. */
static void test_findings_by_person_and_rule(void **state)
{
	struct crm_db *db = *state;
	int64_t boris = manager(db, "Борис", "manager", "active");
	int64_t vera = manager(db, "Вера", "head", "active");
	int64_t anna = manager(db, "Анна", "head", "active");
	int64_t gone = manager(db, "Глеб", "manager", "left");
	const struct crm_audit_finding *f;
	const struct crm_audit_rule *rules;
	struct crm_audit_options ao = { .as_of = NOW };
	struct crm_audit_iter *it;
	struct crm_report *r;
	int64_t total = 0, repeats = 0, orphaned_rows = 0, sum = 0;
	size_t nall;

	client(db, "Acme", boris, NULL);
	client(db, "Beta", boris, NULL);
	client(db, "Сирота", gone, NULL);
	client(db, "Ничей", 0, NULL);
	healthy(db, "Здоровый", boris);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_FINDINGS });
	/* people by name, nobody last */
	assert_true(r->npeople >= 3);
	for (size_t i = 1; i < r->npeople; i++) {
		if (r->people[i].id) {
			assert_true(strcmp(r->people[i - 1].name, r->people[i].name) < 0);
		}
	}
	assert_int_equal(r->people[0].id, anna);
	assert_int_equal(r->people[1].id, boris);
	assert_int_equal(r->people[2].id, vera);
	/* each cell is the count of the stream's findings of that pair */
	rules = crm_audit_rules(&nall);
	assert_int_equal(crm_audit_query(db, &ao, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
		size_t p = 0, k = 0;

		while (p < r->npeople && r->people[p].id != f->assignee_id) {
			p++;
		}
		while (k < r->nrules && strcmp(r->rules[k]->id, f->rule) != 0) {
			k++;
		}
		assert_true(p < r->npeople);
		assert_true(k < r->nrules);
		total += !f->repeat;
		repeats += f->repeat;
		orphaned_rows += strcmp(f->rule, "orphaned") == 0;
	}
	crm_audit_iter_destroy(it);
	assert_int_equal(r->total, total);
	assert_int_equal(r->by_severity[0] + r->by_severity[1] + r->by_severity[2], total);
	/* the orphans, for both heads: two rows, one finding each */
	assert_true(repeats >= 2);
	for (size_t k = 0; k < r->nrules; k++) {
		int64_t col = 0;

		for (size_t p = 0; p < r->npeople; p++) {
			col += crm_report_cell(r, p, k);
		}
		sum += col;
		if (strcmp(r->rules[k]->id, "orphaned") == 0) {
			/* Сирота and Ничей, each listed for both heads */
			assert_int_equal(r->rule_totals[k], 2);
			assert_int_equal(col, 4);
			assert_int_equal(orphaned_rows, 4);
			assert_int_equal(crm_report_cell(r, 0, k), 2); /* Анна */
			assert_int_equal(crm_report_cell(r, 1, k), 0); /* Борис */
			assert_int_equal(crm_report_cell(r, 2, k), 2); /* Вера */
		}
		/* registry order, and only rules that found something */
		assert_true(r->rule_totals[k] > 0);
		if (k) {
			assert_true(r->rules[k - 1] < r->rules[k]);
		}
		assert_true(r->rules[k] >= rules && r->rules[k] < rules + nall);
	}
	assert_int_equal(sum, total + repeats);
	for (size_t p = 0; p < r->npeople; p++) {
		int64_t row = 0;

		for (size_t k = 0; k < r->nrules; k++) {
			row += crm_report_cell(r, p, k);
		}
		assert_int_equal(row, r->people[p].total);
	}
	crm_report_destroy(r);

	/* an assignee's findings only: his row alone */
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_FINDINGS,
						    .assignee_id = boris });
	assert_int_equal(r->npeople, 1);
	assert_int_equal(r->people[0].id, boris);
	assert_string_equal(r->assignee, "Борис");
	crm_report_destroy(r);
}

/* The clients at risk: the lowest health first, at most the limit, the
 * healthy left out; an owner's only. */
static void test_clients_at_risk(void **state)
{
	struct crm_db *db = *state;
	int64_t boris = manager(db, "Борис", "manager", "active");
	int64_t vera = manager(db, "Вера", "manager", "active");
	struct crm_report *r;
	int64_t low = 0;

	client(db, "Acme", boris, NULL);
	client(db, "Beta", vera, NULL);
	healthy(db, "Здоровый", boris);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_CLIENTS });
	assert_int_equal(r->nat_risk, 2);
	for (size_t i = 0; i < r->nat_risk; i++) {
		assert_true(r->at_risk[i].health < 100);
		assert_string_not_equal(r->at_risk[i].client, "Здоровый");
		low += r->at_risk[i].health < CRM_REPORT_LOW;
	}
	assert_int_equal(r->clients_judged, 3);
	assert_int_equal(r->clients_at_risk, 2);
	assert_int_equal(r->clients_low, low);
	crm_report_destroy(r);
	/* the limit cuts the list, not the counts */
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_CLIENTS, .at_risk = 1 });
	assert_int_equal(r->nat_risk, 1);
	assert_int_equal(r->clients_at_risk, 2);
	assert_int_equal(r->clients_judged, 3);
	crm_report_destroy(r);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_CLIENTS,
						    .owner_id = vera });
	assert_int_equal(r->nat_risk, 1);
	assert_string_equal(r->at_risk[0].client, "Beta");
	assert_string_equal(r->at_risk[0].owner, "Вера");
	crm_report_destroy(r);
}

/* Sources of an owner's clients, as the audit counts them. */
static void test_sources_of_an_owner(void **state)
{
	struct crm_db *db = *state;
	int64_t boris = manager(db, "Борис", "manager", "active");
	int64_t vera = manager(db, "Вера", "manager", "active");
	struct crm_report *r;

	client(db, "Acme", boris, "сайт");
	client(db, "Beta", vera, "выставка");
	client(db, "Gamma", vera, "выставка");
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_SOURCES });
	assert_int_equal(r->nsources, 2);
	crm_report_destroy(r);
	r = build(db, (struct crm_report_options){ .sections = CRM_REPORT_SOURCES,
						    .owner_id = vera });
	assert_int_equal(r->nsources, 1);
	assert_string_equal(r->sources[0].source, "выставка");
	crm_report_destroy(r);
}

/* Every section at once, on a base with no VIP programme: vip NULL. */
static void test_all_sections(void **state)
{
	struct crm_db *db = *state;
	int64_t boris = manager(db, "Борис", "manager", "active");
	struct crm_report *r;

	client(db, "Acme", boris, NULL);
	r = build(db, (struct crm_report_options){ 0 });
	assert_int_equal(r->sections, CRM_REPORT_ALL);
	assert_int_equal(r->nmanagers, 1);
	assert_string_equal(r->managers[0].manager, "Борис");
	assert_int_equal(r->nat_risk, 1);
	assert_true(r->total > 0);
	assert_null(r->vip);
	/* the default period: the 30 days to the day judged */
	assert_int_equal(r->until, TODAY);
	assert_int_equal(r->since, TODAY - 29 * DAY);
	crm_report_destroy(r);
}

/* The findings of a run as "rule client assignee repeat" lines, in order. */
static char *findings_text(struct crm_db *db, const struct crm_audit_options *o)
{
	struct crm_audit_iter *it;
	const struct crm_audit_finding *f;
	char *text = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);

	assert_non_null(mem);
	assert_int_equal(crm_audit_query(db, o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
		fprintf(mem, "%s %lld %lld %d %s\n", f->rule, (long long)f->client_id,
			(long long)f->assignee_id, f->repeat, f->detail);
	}
	crm_audit_iter_destroy(it);
	fclose(mem);
	return text;
}

/* The health of every client as "client health rules reasons" lines. */
static char *health_text(struct crm_db *db, const struct crm_audit_options *o)
{
	struct crm_audit_health_iter *it;
	const struct crm_audit_health *h;
	char *text = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&text, &n);

	assert_non_null(mem);
	assert_int_equal(crm_audit_clients(db, o, &it), CRM_OK);
	while (crm_audit_health_iter_next(it, &h) == CRM_OK) {
		fprintf(mem, "%lld %lld %lld %s %d\n", (long long)h->client_id, (long long)h->health,
			(long long)h->rules, h->reasons, h->regular_candidate);
	}
	crm_audit_health_iter_destroy(it);
	fclose(mem);
	return text;
}

/* The stage (the rules run once for the findings and the clients at risk)
 * gives what the rules give, and serves only the runs it was made for: the
 * findings of a client added after it show in another owner's, moment's or
 * assignee's run, and not in the staged one (a report reads one snapshot,
 * where nothing is added). */
static void test_stage(void **state)
{
	struct crm_db *db = *state;
	int64_t boris = manager(db, "Борис", "manager", "active");
	int64_t vera = manager(db, "Вера", "head", "active");
	struct crm_audit_options all = { .as_of = NOW }, sev = all, mine = all, later = all;
	char *f_rule, *f_sev, *h, *x;

	client(db, "Acme", boris, NULL);
	client(db, "Ничей", 0, NULL);
	healthy(db, "Здоровый", vera);
	sev.order = CRM_AUDIT_ORDER_SEVERITY;
	mine.owner_id = boris;
	later.as_of = NOW + 1;
	f_rule = findings_text(db, &all);
	f_sev = findings_text(db, &sev);
	h = health_text(db, &all);
	assert_true(strlen(f_rule) > 0);

	assert_int_equal(crmi_audit_stage(db, &all), CRM_OK);
	assert_true(db->audit_staged);
	/* what the stage serves equals what the rules give */
	x = findings_text(db, &all);
	assert_string_equal(x, f_rule);
	free(x);
	x = findings_text(db, &sev);
	assert_string_equal(x, f_sev);
	free(x);
	x = health_text(db, &all);
	assert_string_equal(x, h);
	free(x);
	/* a new client: only the runs the stage does not serve see it */
	client(db, "Новый", boris, NULL);
	x = findings_text(db, &all);
	assert_string_equal(x, f_rule);
	assert_null(strstr(x, "Новый"));
	free(x);
	/* the clients are read as they are; their findings from the stage */
	x = health_text(db, &all);
	assert_int_equal(strncmp(x, h, strlen(h)), 0);
	assert_string_equal(x + strlen(h), "4 100 0 [] 0\n");
	free(x);
	x = findings_text(db, &later);
	assert_non_null(strstr(x, " 4 "));
	free(x);
	x = findings_text(db, &mine);
	assert_non_null(strstr(x, " 4 "));
	free(x);
	mine = all;
	mine.assignee_id = boris;
	x = findings_text(db, &mine);
	assert_non_null(strstr(x, " 4 "));
	free(x);
	crmi_audit_unstage(db);
	assert_false(db->audit_staged);
	x = findings_text(db, &all);
	assert_non_null(strstr(x, " 4 "));
	free(x);
	x = health_text(db, &all);
	assert_null(strstr(x, "4 100 0 [] 0\n"));
	free(x);
	crmi_audit_unstage(db);  /* twice is fine */
	crmi_audit_unstage(NULL);
	/* an assignee's findings are no stage */
	assert_int_equal(crmi_audit_stage(db, &mine), CRM_EINVAL);
	assert_false(db->audit_staged);
	free(f_rule);
	free(f_sev);
	free(h);
}

static void test_refusals(void **state)
{
	struct crm_db *db = *state;
	struct crm_report *r = (struct crm_report *)1;
	struct crm_report_options o = { .as_of = NOW, .since = UNTIL + DAY, .until = UNTIL };

	assert_int_equal(crm_report_build(db, &o, &r), CRM_EINVAL);
	assert_null(r);
	/* one day is a period */
	o.since = UNTIL;
	assert_int_equal(crm_report_build(db, &o, &r), CRM_OK);
	crm_report_destroy(r);
	o = (struct crm_report_options){ .as_of = NOW, .sections = CRM_REPORT_ALL + 1 };
	assert_int_equal(crm_report_build(db, &o, &r), CRM_EINVAL);
	o = (struct crm_report_options){ .as_of = NOW, .at_risk = -1 };
	assert_int_equal(crm_report_build(db, &o, &r), CRM_EINVAL);
	o = (struct crm_report_options){ .as_of = NOW, .owner_id = 999 };
	assert_int_equal(crm_report_build(db, &o, &r), CRM_ENOTFOUND);
	assert_null(r);
	crm_report_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_names),
		cmocka_unit_test_setup_teardown(test_runs_of_the_period, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_runs_of_an_owner, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_findings_by_person_and_rule, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_clients_at_risk, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_sources_of_an_owner, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_all_sections, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_stage, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_refusals, fixture_setup_moscow, fixture_teardown_moscow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
