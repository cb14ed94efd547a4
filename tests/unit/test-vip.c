/*
 * test-vip.c: the VIP programme: the list a programme builds, one active
 * programme at a time and closing it, the assignment rules (the owner
 * keeps a client only with good relations; a monopolised client always
 * goes to someone else; the lists stay balanced), the questionnaire's
 * validation and versions, the answers' checks, the quality pass rules,
 * everything a survey does in its one transaction, drafts, and the report.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define TODAY INT64_C(1795305600)       /* 2026-11-22T00:00:00Z */
#define NOW (TODAY + 10 * 3600)         /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, NOW, "Head");
}

/* ---- fixtures ---------------------------------------------------------- */

static int64_t manager(struct crm_db *db, const char *name, const char *role)
{
	struct crm_manager_input in = { .name = name, .role = role, .capacity = -1 };
	int64_t id = 0;

	assert_int_equal(crm_manager_add(db, &in, &id), CRM_OK);
	return id;
}

struct cl {
	const char *name;
	const char *kind;
	const char *tier;
	const char *status;    /* active */
	const char *segment;
	const char *owner;
	int64_t every;
	const char *tag;
	const char *stage;     /* courtship */
};

static int64_t client_of(struct crm_db *db, struct cl c)
{
	const char *tags[] = { c.tag };
	struct crm_client_input in = {
		.name = c.name, .kind = c.kind, .tier = c.tier,
		.status = c.status ? c.status : "active", .segment = c.segment,
		.owner = c.owner ? c.owner : "", .contact_every = c.every, .stage = c.stage,
		.tags = { .add = tags, .nadd = c.tag ? 1 : 0 },
	};
	int64_t id = 0;

	assert_int_equal(crm_client_add(db, &in, &id), CRM_OK);
	return id;
}

#define client(db, ...) client_of(db, (struct cl){ __VA_ARGS__ })

/* Good relations: a call now, a key contact verified now. */
static void good_relations(struct crm_db *db, int64_t client)
{
	struct crm_note_input n = { .kind = "call", .text = "called" };
	struct crm_note_result r;
	struct crm_contact_input k = { .name = "Key Person", .key = 1 };
	int64_t id;

	assert_int_equal(crm_note_add(db, client, &n, &r), CRM_OK);
	assert_int_equal(crm_contact_add(db, client, &k, &id), CRM_OK);
	assert_int_equal(crm_contact_verify(db, id, 0), CRM_OK);
}

static int64_t start(struct crm_db *db, int64_t lead, const int64_t *staff, size_t n)
{
	struct crm_vip_program_input in = { .name = "VIP 2026", .lead_id = lead, .staff = staff,
					    .nstaff = n, .until = TODAY + 30 * DAY };
	int64_t id = 0, clients = -1;

	assert_int_equal(crm_vip_program_start(db, &in, &id, &clients), CRM_OK);
	assert_true(id > 0);
	return id;
}

/* The assignment of client in a plan. */
static const struct crm_vip_assignment *plan_of(const struct crm_vip_plan *p, int64_t client)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->items[i].client_id == client) {
			return &p->items[i];
		}
	}
	fail_msg("client %lld is not in the plan", (long long)client);
	return NULL;
}

static int64_t journal_count(struct crm_db *db, const char *action)
{
	return sql_intf(db, "SELECT count(*) FROM journal WHERE action = %Q", action);
}

/* ---- the programme ------------------------------------------------------ */

static void test_list_building(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t a = client(db, .name = "Company Active");
	int64_t r = client(db, .name = "Company Regular", .status = "regular", .segment = "telecom");
	int64_t vip = client(db, .name = "Private Vip", .kind = "person", .tier = "vip");
	int64_t key = client(db, .name = "Private Key", .kind = "person", .tier = "key");
	int64_t plain = client(db, .name = "Private Plain", .kind = "person");
	int64_t prospect = client(db, .name = "Prospect", .status = "prospect");
	int64_t lost = client(db, .name = "Lost", .status = "lost", .tier = "vip");
	struct crm_vip_program_input in = { .name = "Telecom", .lead_id = lead,
					    .segment = "telecom" };
	const struct crm_vip_program *p;
	struct crm_vip_program_iter *it;
	int64_t id, other, clients = 0;

	id = start(db, lead, NULL, 0);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_item WHERE program_id = %lld",
				  (long long)id), 4);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_item WHERE client_id IN (%lld, %lld,"
				  " %lld, %lld)", (long long)a, (long long)r, (long long)vip,
				  (long long)key), 4);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_item WHERE client_id IN (%lld, %lld,"
				  " %lld)", (long long)plain, (long long)prospect, (long long)lost), 0);
	/* every item is due at the end of the programme */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_item WHERE due = %lld",
				  (long long)(TODAY + 30 * DAY)), 4);
	/* the staff defaults to every active manager */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_staff WHERE program_id = %lld",
				  (long long)id), 1);
	/* one active programme at a time */
	assert_int_equal(crm_vip_program_start(db, &in, &other, &clients), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "is still active"));
	assert_int_equal(other, 0);
	assert_int_equal(journal_count(db, "vip.program.start"), 1);
	/* closing with items to survey is refused unless forced */
	assert_int_equal(crm_vip_program_close(db, false, &other, &clients), CRM_ECONFLICT);
	assert_int_equal(clients, 4);
	assert_non_null(strstr(crm_db_errmsg(db), "still has 4 clients to survey"));
	assert_int_equal(crm_vip_program_close(db, true, &other, &clients), CRM_OK);
	assert_int_equal(other, id);
	assert_int_equal(crm_vip_program_close(db, true, &other, &clients), CRM_ENOTFOUND);
	/* --segment narrows the list */
	assert_int_equal(crm_vip_program_start(db, &in, &other, &clients), CRM_OK);
	assert_int_equal(clients, 1);
	assert_int_equal(sql_intf(db, "SELECT client_id FROM vip_item WHERE program_id = %lld",
				  (long long)other), r);
	/* the newest programme and the counts */
	assert_int_equal(crm_vip_program_resolve(db, NULL, &id), CRM_OK);
	assert_int_equal(id, other);
	assert_int_equal(crm_vip_program_resolve(db, "vip", &id), CRM_OK);
	assert_int_equal(crm_vip_program_resolve(db, "nope", &id), CRM_ENOTFOUND);
	assert_int_equal(crm_vip_program_query(db, other, &it), CRM_OK);
	assert_int_equal(crm_vip_program_iter_next(it, &p), CRM_OK);
	assert_string_equal(p->name, "Telecom");
	assert_string_equal(p->segment, "telecom");
	assert_string_equal(p->staff, "[\"Head\"]");
	assert_int_equal(p->clients, 1);
	assert_int_equal(p->done, 0);
	assert_int_equal(crm_vip_program_iter_next(it, &p), CRM_DONE);
	crm_vip_program_iter_destroy(it);
}

static void test_start_checks(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t gone = manager(db, "Gone", NULL);
	struct crm_manager_input left = { .status = "left", .capacity = -1 };
	struct crm_vip_program_input in = { .name = "", .lead_id = lead };
	int64_t id = -1;

	assert_int_equal(crm_vip_program_start(db, &in, &id, NULL), CRM_EINVAL);
	assert_int_equal(id, 0);
	in.name = "VIP";
	in.until = TODAY - DAY;
	assert_int_equal(crm_vip_program_start(db, &in, &id, NULL), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "is before today"));
	in.until = 0;
	in.tier = "gold";
	assert_int_equal(crm_vip_program_start(db, &in, &id, NULL), CRM_EINVAL);
	in.tier = NULL;
	assert_int_equal(crm_manager_edit(db, gone, &left), CRM_OK);
	in.staff = &gone;
	in.nstaff = 1;
	assert_int_equal(crm_vip_program_start(db, &in, &id, NULL), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "'Gone' is not active"));
	in.lead_id = 999;
	in.nstaff = 0;
	assert_int_equal(crm_vip_program_start(db, &in, &id, NULL), CRM_ENOTFOUND);
	/* nothing was written by the failures */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_program"), 0);
}

/* ---- assignment ----------------------------------------------------------- */

static void test_assign_good_relations(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t ann = manager(db, "Ann", NULL);
	int64_t bob = manager(db, "Bob", NULL);
	int64_t staff[] = { ann, bob };
	int64_t good = client(db, .name = "Good", .owner = "Ann", .every = 30);
	int64_t silent = client(db, .name = "Silent", .owner = "Ann", .every = 30);
	int64_t conflict = client(db, .name = "Conflict", .owner = "Bob");
	int64_t broken = client(db, .name = "Broken", .owner = "Bob");
	int64_t stale = client(db, .name = "Stale", .owner = "Ann");
	struct crm_vip_plan *plan = NULL;
	const struct crm_vip_assignment *a;
	int64_t program, x, p;

	(void)lead;
	good_relations(db, good);
	good_relations(db, conflict);
	good_relations(db, broken);
	good_relations(db, stale);
	/* silent: the last contact is older than its frequency */
	good_relations(db, silent);
	sql_execf(db, "UPDATE interaction SET at = %lld WHERE client_id = %lld",
		  (long long)(NOW - 31 * DAY), (long long)silent);
	sql_execf(db, "UPDATE client SET last_contact = %lld WHERE id = %lld",
		  (long long)(NOW - 31 * DAY), (long long)silent);
	assert_int_equal(crm_incident_add(db, conflict, "conflict", "shouted", &x), CRM_OK);
	assert_int_equal(crm_promise_add(db, broken, "promise", "deliver", TODAY, &p), CRM_OK);
	assert_int_equal(crm_promise_break(db, p, "late"), CRM_OK);
	sql_execf(db, "UPDATE contact SET verified = %lld WHERE client_id = %lld",
		  (long long)(TODAY - 366 * DAY), (long long)stale);
	program = start(db, lead, staff, 2);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	assert_int_equal(plan->n, 5);
	a = plan_of(plan, good);
	assert_true(a->kept);
	assert_int_equal(a->surveyor_id, ann);
	assert_non_null(strstr(a->reason, "the owner keeps it: relations are good"));
	a = plan_of(plan, silent);
	assert_false(a->kept);
	assert_int_equal(a->surveyor_id, bob);
	assert_non_null(strstr(a->reason, "no contact for 31 days (every 30 wanted)"));
	a = plan_of(plan, conflict);
	assert_int_equal(a->surveyor_id, ann);
	assert_non_null(strstr(a->reason, "an open conflict"));
	a = plan_of(plan, broken);
	assert_int_equal(a->surveyor_id, ann);
	assert_non_null(strstr(a->reason, "1 broken promise"));
	a = plan_of(plan, stale);
	assert_int_equal(a->surveyor_id, bob);
	assert_non_null(strstr(a->reason, "no key contact verified within a year"));
	/* without apply nothing is stored */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_item WHERE surveyor_id IS NOT NULL"), 0);
	assert_int_equal(journal_count(db, "vip.assign"), 0);
	crm_vip_plan_destroy(plan);
	/* with apply the plan is stored and journaled; again, nothing changes */
	assert_int_equal(crm_vip_assign(db, program, true, &plan), CRM_OK);
	assert_true(plan_of(plan, good)->changed);
	crm_vip_plan_destroy(plan);
	assert_int_equal(sql_intf(db, "SELECT surveyor_id FROM vip_item WHERE client_id = %lld",
				  (long long)silent), bob);
	assert_int_equal(journal_count(db, "vip.assign"), 1);
	assert_int_equal(crm_vip_assign(db, program, true, &plan), CRM_OK);
	for (size_t i = 0; i < plan->n; i++) {
		assert_false(plan->items[i].changed);
	}
	crm_vip_plan_destroy(plan);
}

static void test_assign_monopoly(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t ann = manager(db, "Ann", NULL);
	int64_t bob = manager(db, "Bob", NULL);
	int64_t staff[] = { ann, bob };
	int64_t mono = client(db, .name = "Mono", .owner = "Ann");
	struct crm_vip_plan *plan = NULL;
	bool changed = false;
	int64_t program;

	good_relations(db, mono);
	/* only a head marks a client monopolised */
	crm_db_set_actor(db, "Ann");
	assert_int_equal(crm_client_set_monopolized(db, mono, true, &changed), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "only a head of sales"));
	assert_false(changed);
	crm_db_set_actor(db, "Nobody");
	assert_int_equal(crm_client_set_monopolized(db, mono, true, &changed), CRM_ECONFLICT);
	crm_db_set_actor(db, "Head");
	assert_int_equal(crm_client_set_monopolized(db, 999, true, &changed), CRM_ENOTFOUND);
	assert_int_equal(crm_client_set_monopolized(db, mono, true, &changed), CRM_OK);
	assert_true(changed);
	assert_int_equal(crm_client_set_monopolized(db, mono, true, &changed), CRM_OK);
	assert_false(changed);
	assert_int_equal(journal_count(db, "client.monopolized"), 1);
	program = start(db, lead, staff, 2);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	/* good relations, but monopolised: someone else takes it */
	assert_false(plan_of(plan, mono)->kept);
	assert_int_equal(plan_of(plan, mono)->surveyor_id, bob);
	assert_non_null(strstr(plan_of(plan, mono)->reason, "monopolised by the owner Ann"));
	crm_vip_plan_destroy(plan);
	/* with nobody else on the staff it stays unassigned */
	sql_execf(db, "DELETE FROM vip_staff WHERE manager_id = %lld", (long long)bob);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	assert_int_equal(plan_of(plan, mono)->surveyor_id, 0);
	assert_non_null(strstr(plan_of(plan, mono)->reason, "nobody else on the staff"));
	crm_vip_plan_destroy(plan);
	/* and the mark comes off */
	assert_int_equal(crm_client_set_monopolized(db, mono, false, &changed), CRM_OK);
	assert_true(changed);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	assert_int_equal(plan_of(plan, mono)->surveyor_id, ann);
	crm_vip_plan_destroy(plan);
}

static void test_assign_balance(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t m[3] = { manager(db, "Ann", NULL), manager(db, "Bob", NULL),
			 manager(db, "Cid", NULL) };
	struct crm_vip_plan *plan = NULL;
	char name[32];
	int64_t program, counts[3] = { 0 };

	/* ten clients, all Ann's, all with good relations: she keeps only her share */
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "Client %02d", i);
		good_relations(db, client(db, .name = name, .owner = "Ann"));
	}
	program = start(db, lead, m, 3);
	assert_int_equal(crm_vip_assign(db, program, true, &plan), CRM_OK);
	assert_int_equal(plan->nloads, 3);
	for (size_t i = 0; i < plan->n; i++) {
		for (int k = 0; k < 3; k++) {
			counts[k] += plan->items[i].surveyor_id == m[k];
		}
	}
	/* 10 over 3: 4, 3, 3 */
	assert_int_equal(counts[0] + counts[1] + counts[2], 10);
	for (int k = 0; k < 3; k++) {
		assert_true(counts[k] == 3 || counts[k] == 4);
		assert_int_equal(plan->loads[k].items, counts[k]);
	}
	assert_int_equal(plan->loads[0].kept, counts[0]);
	crm_vip_plan_destroy(plan);
	/* a closed programme takes no assignment */
	assert_int_equal(crm_vip_program_close(db, true, NULL, NULL), CRM_OK);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_ECONFLICT);
	assert_null(plan);
}

/* Clients that are all their owner's, who may not keep them, still end
 * up balanced: the third pass moves one over. */
static void test_assign_rebalance(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t m[3] = { manager(db, "Ann", NULL), manager(db, "Bob", NULL),
			 manager(db, "Cid", NULL) };
	struct crm_vip_plan *plan = NULL;
	int64_t program;

	client(db, .name = "A1", .owner = "Ann");
	client(db, .name = "A2", .owner = "Ann");
	client(db, .name = "B1", .owner = "Bob");
	client(db, .name = "B2", .owner = "Bob");
	client(db, .name = "C1", .owner = "Cid");
	client(db, .name = "C2", .owner = "Cid");
	program = start(db, lead, m, 3);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	for (size_t i = 0; i < plan->n; i++) {
		assert_int_not_equal(plan->items[i].surveyor_id, plan->items[i].owner_id);
		assert_int_not_equal(plan->items[i].surveyor_id, 0);
	}
	for (size_t k = 0; k < plan->nloads; k++) {
		assert_int_equal(plan->loads[k].items, 2);
	}
	crm_vip_plan_destroy(plan);
}


/* A trainee under mentor, in training for a month. */
static int64_t trainee(struct crm_db *db, const char *name, int64_t mentor)
{
	struct crm_manager_input in = { .name = name, .capacity = -1, .trainee = CRM_TRAINEE_YES,
					.mentor_id = mentor, .trainee_until = TODAY + 30 * DAY };
	int64_t id = 0;

	assert_int_equal(crm_manager_add(db, &in, &id), CRM_OK);
	return id;
}

/* Clients in trouble (storm, an open conflict or incident) go to an
 * experienced member, not to the trainee with the emptier list. */
static void test_assign_trouble_to_experienced(void **state)
{
	struct crm_db *db = *state;
	int64_t lead = manager(db, "Head", "head");
	int64_t exp = manager(db, "Exp", NULL);
	int64_t m[2] = { exp, trainee(db, "Tra", exp) };
	const struct crm_vip_assignment *a;
	struct crm_vip_plan *plan = NULL;
	int64_t program, storm, calm, mishap, conflict, id;

	/* Exp keeps two clients of his own: his list is the fuller */
	good_relations(db, client(db, .name = "Own 1", .owner = "Exp"));
	good_relations(db, client(db, .name = "Own 2", .owner = "Exp"));
	storm = client(db, .name = "Storm", .stage = "storm");
	program = start(db, lead, m, 2);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	a = plan_of(plan, storm);
	assert_int_equal(a->surveyor_id, exp);
	assert_non_null(strstr(a->reason, "stage storm: given to an experienced manager, not to "
					  "balance the lists: "));
	/* uneven, as the rule says: the balancing pass leaves it there */
	assert_int_equal(plan->loads[0].manager_id, exp);
	assert_int_equal(plan->loads[0].items, 3);
	assert_int_equal(plan->loads[1].items, 0);
	crm_vip_plan_destroy(plan);
	assert_int_equal(crm_vip_program_close(db, true, NULL, NULL), CRM_OK);

	/* the same client out of the storm goes by the shares: to the trainee */
	calm = client(db, .name = "Calm", .stage = "honeymoon");
	program = start(db, lead, m, 2);
	assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
	assert_int_equal(plan_of(plan, calm)->surveyor_id, m[1]);
	assert_null(strstr(plan_of(plan, calm)->reason, "experienced"));
	assert_int_equal(plan_of(plan, storm)->surveyor_id, exp);
	crm_vip_plan_destroy(plan);
	assert_int_equal(crm_vip_program_close(db, true, NULL, NULL), CRM_OK);

	/* an open mishap on the trainee's own client with good relations: the
	 * trainee does not keep it; an open conflict goes to Exp as well */
	mishap = client(db, .name = "Mishap", .owner = "Tra");
	good_relations(db, mishap);
	assert_int_equal(crm_incident_add(db, mishap, "mishap", "late delivery", &id), CRM_OK);
	conflict = client(db, .name = "Quarrel");
	assert_int_equal(crm_incident_add(db, conflict, "conflict", "an angry call", &id), CRM_OK);
	program = start(db, lead, m, 2);
	assert_int_equal(crm_vip_assign(db, program, true, &plan), CRM_OK);
	a = plan_of(plan, mishap);
	assert_int_equal(a->surveyor_id, exp);
	assert_false(a->kept);
	assert_non_null(strstr(a->reason, "an open mishap: the owner Tra is a trainee; an open "
					  "mishap: given to an experienced manager"));
	a = plan_of(plan, conflict);
	assert_int_equal(a->surveyor_id, exp);
	assert_non_null(strstr(a->reason, "an open conflict: given to an experienced manager"));
	assert_int_equal(plan_of(plan, calm)->surveyor_id, m[1]);
	/* stored as planned */
	assert_int_equal(sql_intf(db, "SELECT surveyor_id FROM vip_item WHERE client_id = %lld"
				  " AND program_id = %lld", (long long)mishap, (long long)program),
			 exp);
	crm_vip_plan_destroy(plan);
	assert_int_equal(crm_vip_program_close(db, true, NULL, NULL), CRM_OK);

	/* a trainee past the training counts as experienced */
	crm_db_set_now(db, TODAY + 30 * DAY + 3600);
	{
		int64_t other = manager(db, "Newer", NULL);
		int64_t staff[2] = { m[1], other };
		struct crm_vip_program_input in = { .name = "VIP 2027", .lead_id = lead,
						    .staff = staff, .nstaff = 2,
						    .until = TODAY + 60 * DAY };
		int64_t clients = 0;

		/* as many clients as Tra: the same room, the same score */
		client(db, .name = "Newer's", .owner = "Newer");
		assert_int_equal(crm_vip_program_start(db, &in, &program, &clients), CRM_OK);
		assert_int_equal(crm_vip_assign(db, program, false, &plan), CRM_OK);
		/* both experienced now: the storm client to the one longer in the
		 * firm (Tra), all else being equal */
		a = plan_of(plan, storm);
		assert_int_equal(a->surveyor_id, m[1]);
		assert_non_null(strstr(a->reason, "given to an experienced manager"));
		crm_vip_plan_destroy(plan);
	}
}

/* ---- the questionnaire --------------------------------------------------- */

static void test_builtin_template(void **state)
{
	struct crm_db *db = *state;
	char *json = NULL;
	int64_t v = 0;
	cJSON *t;

	assert_int_equal(crm_vip_template_get(db, 0, &json, &v), CRM_OK);
	assert_int_equal(v, 1);
	assert_int_equal(crm_vip_template_check(db, json), CRM_OK);
	t = cJSON_Parse(json);
	assert_non_null(t);
	assert_string_equal(cJSON_GetObjectItem(t, "language")->valuestring, "ru");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(t, "sections")), 8);
	assert_string_equal(t->child->string, "version");
	cJSON_Delete(t);
	free(json);
	assert_int_equal(crm_config_set(db, "vip.language", "en"), CRM_OK);
	assert_int_equal(crm_vip_template_get(db, 1, &json, &v), CRM_OK);
	assert_non_null(strstr(json, "\"Carnegie questions\""));
	assert_non_null(strstr(json, "\"at_least\""));
	assert_int_equal(crm_vip_template_check(db, json), CRM_OK);
	free(json);
	assert_int_equal(crm_vip_template_get(db, 7, &json, &v), CRM_ENOTFOUND);
	assert_null(json);
}

static void expect_bad_template(struct crm_db *db, const char *json, const char *msg)
{
	int64_t v = -1;

	assert_int_equal(crm_vip_template_check(db, json), CRM_EDATA);
	if (!strstr(crm_db_errmsg(db), msg)) {
		fail_msg("'%s' not in '%s'", msg, crm_db_errmsg(db));
	}
	assert_int_equal(crm_vip_template_set(db, json, &v), CRM_EDATA);
	assert_int_equal(v, 0);
}

#define Q1 "{\"sections\": [{\"id\": \"s\", \"title\": \"S\", \"questions\": ["
#define Q2 "]}]}"

static void test_template_validation(void **state)
{
	struct crm_db *db = *state;
	char *json = NULL;
	int64_t v = 0;

	expect_bad_template(db, "{", "invalid JSON at byte");
	expect_bad_template(db, "[]", "expected a JSON object");
	expect_bad_template(db, "{\"sections\": []}", "sections: expected an array of at least");
	expect_bad_template(db, "{\"sections\": [], \"colour\": 1}", "unknown member 'colour'");
	expect_bad_template(db, Q1 Q2, "not one question");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"essay\", \"text\": \"A?\"}" Q2,
			    "sections[0].questions[0]: unknown type 'essay'");
	expect_bad_template(db, Q1 "{\"id\": \"A b\", \"type\": \"text\", \"text\": \"A?\"}" Q2,
			    "id 'A b': use lower-case letters");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"text\"}" Q2,
			    "sections[0].questions[0].text: missing");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"text\", \"text\": \"A?\"},"
			    "{\"id\": \"a\", \"type\": \"yesno\", \"text\": \"B?\"}" Q2,
			    "question id 'a' is used twice");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"choice\", \"text\": \"A?\"}" Q2,
			    "'choices' must be an array of at least two texts");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"text\", \"text\": \"A?\","
			    " \"pass\": {\"expect\": true}}" Q2,
			    "only number, yesno and choice questions have a pass rule");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"yesno\", \"text\": \"A?\","
			    " \"pass\": {\"at_least\": 3}}" Q2, "takes the rule 'expect'");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"number\", \"text\": \"A?\","
			    " \"pass\": {\"at_least\": {\"tag\": \"speed=5\"}}}" Q2,
			    "name the tag without its value");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"choice\", \"text\": \"A?\","
			    " \"choices\": [\"x\", \"y\"], \"pass\": {\"one_of\": [\"z\"]}}" Q2,
			    "'one_of' lists a value that is not a choice");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"contacts\", \"text\": \"A?\","
			    " \"opportunity\": true}" Q2, "cannot be an opportunity");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"number\", \"text\": \"A?\","
			    " \"min\": 5, \"max\": 1}" Q2, "'min' is above 'max'");
	expect_bad_template(db, Q1 "{\"id\": \"a\", \"type\": \"text\", \"text\": \"A?\","
			    " \"required\": \"yes\"}" Q2, "'required' must be true or false");
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_template"), 0);
	/* a good one becomes version 2, then 3; version 1 stays the built-in */
	assert_int_equal(crm_vip_template_set(db, Q1 "{\"id\": \"a\", \"type\": \"yesno\","
					      " \"text\": \"A?\", \"required\": true}" Q2, &v),
			 CRM_OK);
	assert_int_equal(v, 2);
	assert_int_equal(crm_vip_template_set(db, "{\"version\": 9," "\"sections\": [{\"id\":"
					      " \"s\", \"title\": \"S\", \"questions\": [{\"id\":"
					      " \"b\", \"type\": \"text\", \"text\": \"B?\"}]}]}", &v),
			 CRM_OK);
	assert_int_equal(v, 3);
	assert_int_equal(crm_vip_template_get(db, 0, &json, &v), CRM_OK);
	assert_int_equal(v, 3);
	assert_non_null(strstr(json, "\"version\":\t3"));
	free(json);
	assert_int_equal(crm_vip_template_get(db, 1, &json, &v), CRM_OK);
	assert_non_null(strstr(json, "VIP-анкета"));
	free(json);
	assert_int_equal(journal_count(db, "vip.template.set"), 2);
}

/* ---- the survey ---------------------------------------------------------- */

struct world {
	int64_t head, ann, bob, acme, program;
};

static void world(struct crm_db *db, struct world *w)
{
	int64_t staff[2];

	w->head = manager(db, "Head", "head");
	w->ann = manager(db, "Ann", NULL);
	w->bob = manager(db, "Bob", NULL);
	w->acme = client(db, .name = "Acme", .owner = "Bob", .tag = "speed=100");
	staff[0] = w->ann;
	staff[1] = w->bob;
	w->program = start(db, w->head, staff, 2);
}

static crm_status survey(struct crm_db *db, int64_t client, const char *answers,
			 struct crm_vip_survey_result **r)
{
	struct crm_vip_survey_input in = { .client_id = client, .answers = answers };

	return crm_vip_survey(db, &in, r);
}

static void expect_bad_answers(struct crm_db *db, int64_t client, const char *answers,
			       const char *msg)
{
	struct crm_vip_survey_result *r = (void *)1;

	assert_int_equal(crm_vip_answers_check(db, answers), CRM_EDATA);
	assert_int_equal(survey(db, client, answers, &r), CRM_EDATA);
	if (!strstr(crm_db_errmsg(db), msg)) {
		fail_msg("'%s' not in '%s'", msg, crm_db_errmsg(db));
	}
	assert_null(r);
}

#define REQ "\"cooperation.rating\": \"хорошо\", \"quality.outage\": false"

static void test_answers_checked(void **state)
{
	struct crm_db *db = *state;
	struct crm_vip_survey_result *r = NULL;
	struct world w;

	world(db, &w);
	crm_db_set_actor(db, "Ann");
	expect_bad_answers(db, w.acme, "[1]", "expected a JSON object keyed by question id");
	expect_bad_answers(db, w.acme, "{" REQ ", \"nope\": 1}",
			   "answer 'nope': no such question in the template (version 1)");
	expect_bad_answers(db, w.acme, "{\"quality.outage\": false}",
			   "answer 'cooperation.rating': a required answer is missing");
	expect_bad_answers(db, w.acme, "{\"cooperation.rating\": \"хорошо\","
			   " \"quality.outage\": null}", "answer 'quality.outage': a required");
	expect_bad_answers(db, w.acme, "{" REQ ", \"quality.speed\": \"fast\"}",
			   "answer 'quality.speed': expected a number, got a text");
	expect_bad_answers(db, w.acme, "{" REQ ", \"quality.speed\": -1}",
			   "answer 'quality.speed': -1 is below the least allowed, 0");
	expect_bad_answers(db, w.acme, "{\"cooperation.rating\": \"so-so\","
			   " \"quality.outage\": false}", "'so-so' is not one of the choices");
	expect_bad_answers(db, w.acme, "{" REQ ", \"contacts.key\": [{\"role\": \"CEO\"}]}",
			   "answer 'contacts.key'[0]: 'name' is missing");
	expect_bad_answers(db, w.acme, "{" REQ ", \"contacts.key\": [{\"name\": \"Ivan\","
			   " \"email\": \"nope\"}]}", "does not look like an email address");
	expect_bad_answers(db, w.acme, "{" REQ ", \"referrals.list\": [{\"name\": \"X\","
			   " \"kind\": \"robot\"}]}", "'kind' must be company or person");
	expect_bad_answers(db, w.acme, "{" REQ ", \"referrals.list\": {}}",
			   "expected an array of referrals");
	/* a contact id is checked against the client's contacts by the survey */
	assert_int_equal(survey(db, w.acme, "{" REQ ", \"contacts.key\": [{\"id\": 99}]}", &r),
			 CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "answer 'contacts.key'[0]: no contact 99 at "
				"'Acme'"));
	assert_null(r);
	/* nothing was stored */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_survey"), 0);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM interaction"), 0);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM client"), 1);
	assert_int_equal(crm_vip_answers_check(db, "{" REQ ", \"carnegie.plans\": \"\"}"), CRM_OK);
}

static void test_survey_effects(void **state)
{
	struct crm_db *db = *state;
	struct world w;
	struct crm_vip_survey_result *r = NULL;
	struct crm_contact_input k = { .name = "Ivan Petrov", .role = "CEO", .key = 0 };
	int64_t ivan, omega;
	char *last = NULL;
	int64_t at, version;

	world(db, &w);
	assert_int_equal(crm_contact_add(db, w.acme, &k, &ivan), CRM_OK);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(crm_vip_survey_last(db, w.acme, &last, &at, &version, NULL), CRM_ENOTFOUND);
	assert_int_equal(survey(db, w.acme,
				"{" REQ ", \"quality.speed\": 40, \"quality.outage\": true,"
				" \"contacts.key\": [{\"name\": \"ivan petrov\", \"phone\":"
				" \"+7 495 111-22-33\"}, {\"name\": \"Olga\", \"role\": \"CTO\"}],"
				" \"expand.volume\": \"two more offices\", \"offers.interest\": \"\","
				" \"referrals.list\": [{\"name\": \"Omega\", \"contact\": \"Pavel\","
				" \"phone\": \"+7 999 123-45-67\", \"note\": \"wants fibre\"}]}", &r),
			 CRM_EDATA); /* quality.outage given twice */
	assert_int_equal(survey(db, w.acme,
				"{\"cooperation.rating\": \"хорошо\", \"quality.speed\": 40,"
				" \"quality.outage\": true,"
				" \"contacts.key\": [{\"name\": \"ivan petrov\", \"phone\":"
				" \"+7 495 111-22-33\"}, {\"name\": \"Olga\", \"role\": \"CTO\"}],"
				" \"expand.volume\": \"two more offices\", \"offers.interest\": \"\","
				" \"referrals.list\": [{\"name\": \"Omega\", \"contact\": \"Pavel\","
				" \"phone\": \"+7 999 123-45-67\", \"note\": \"wants fibre\"}]}", &r),
			 CRM_OK);
	assert_non_null(r);
	assert_string_equal(r->quality, "fail");
	assert_true(r->item_id > 0);
	/* stored with the version, the surveyor and the date */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_survey WHERE id = %lld AND"
				  " template_version = 1 AND surveyor_id = %lld AND at = %lld AND"
				  " program_id = %lld AND quality = 'fail'", (long long)r->survey_id,
				  (long long)w.ann, (long long)NOW, (long long)w.program), 1);
	/* the key contacts: Ivan updated (and made key), Olga added, both verified */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM contact WHERE client_id = %lld AND"
				  " is_key = 1 AND verified = %lld", (long long)w.acme,
				  (long long)TODAY), 2);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM contact WHERE id = %lld AND phone ="
				  " '+7 495 111-22-33' AND name = 'ivan petrov'", (long long)ivan), 1);
	/* quality: an incident and technical work for the owner in 7 days */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM incident WHERE client_id = %lld AND"
				  " kind = 'quality' AND status = 'open' AND text LIKE"
				  " '%%quality.speed: 40 Мбит/с (at least 100 expected)%%'",
				  (long long)w.acme), 1);
	assert_int_equal(sql_intf(db, "SELECT assignee_id FROM next_action WHERE client_id = %lld"
				  " AND text LIKE 'technical work:%%' AND due = %lld",
				  (long long)w.acme, (long long)(TODAY + 7 * DAY)), w.bob);
	/* an opportunity for the surveyor; the empty answer makes none */
	assert_int_equal(sql_intf(db, "SELECT assignee_id FROM next_action WHERE client_id = %lld"
				  " AND text = 'VIP opportunity (рост объёма): two more offices' AND"
				  " due = %lld", (long long)w.acme, (long long)(TODAY + 14 * DAY)), w.ann);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM next_action WHERE text LIKE"
				  " 'VIP opportunity%%'"), 1);
	/* the referral: a prospect owned by the surveyor, with its contact and first contact */
	omega = sql_intf(db, "SELECT id FROM client WHERE name = 'Omega'");
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM client WHERE id = %lld AND"
				  " status = 'prospect' AND referred_by = %lld AND owner_id = %lld",
				  (long long)omega, (long long)w.acme, (long long)w.ann), 1);
	/* its source: the referring client */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM client WHERE id = %lld AND"
				  " source = 'referral: Acme'", (long long)omega), 1);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM contact WHERE client_id = %lld AND"
				  " name = 'Pavel' AND is_key = 1", (long long)omega), 1);
	assert_int_equal(sql_intf(db, "SELECT assignee_id FROM next_action WHERE client_id = %lld"
				  " AND text = 'first contact: referred by ''Acme'''", (long long)omega),
			 w.ann);
	/* the interaction of kind survey, by the surveyor; the item is done */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM interaction WHERE client_id = %lld AND"
				  " kind = 'survey' AND author = 'Ann'", (long long)w.acme), 1);
	assert_int_equal(sql_intf(db, "SELECT last_contact FROM client WHERE id = %lld",
				  (long long)w.acme), NOW);
	assert_int_equal(sql_intf(db, "SELECT survey_id FROM vip_item WHERE client_id = %lld AND"
				  " status = 'done'", (long long)w.acme), r->survey_id);
	assert_int_equal(journal_count(db, "vip.survey"), 1);
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_effect WHERE survey_id = %lld",
				  (long long)r->survey_id), (int64_t)r->neffects);
	assert_string_equal(r->effects[0].kind, "survey");
	assert_string_equal(r->effects[r->neffects - 1].kind, "item");
	crm_vip_survey_result_destroy(r);
	assert_int_equal(crm_vip_survey_last(db, w.acme, &last, &at, &version, NULL), CRM_OK);
	assert_non_null(strstr(last, "two more offices"));
	assert_int_equal(version, 1);
	free(last);
}

/* In a base whose language is Russian what the survey writes is Russian. */
static void test_survey_in_base_language(void **state)
{
	struct crm_db *db = *state;
	struct world w;
	struct crm_vip_survey_result *r = NULL;
	struct crm_vip_plan *plan = NULL;
	char *text;
	int64_t omega;

	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	world(db, &w);
	assert_int_equal(crm_vip_assign(db, w.program, true, &plan), CRM_OK);
	assert_non_null(strstr(plan->items[0].reason, "ответственным менеджером Bob"));
	crm_vip_plan_destroy(plan);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(survey(db, w.acme,
				"{\"cooperation.rating\": \"хорошо\", \"quality.speed\": 40,"
				" \"quality.outage\": true, \"expand.volume\": \"ещё два офиса\","
				" \"referrals.list\": [{\"name\": \"Omega\", \"note\": \"нужна оптика\"}]}",
				&r),
			 CRM_OK);
	assert_string_equal(r->quality, "fail");
	assert_string_equal(r->effects[0].text,
			    "сохранена анкета VIP клиента «Acme», интервьюер Ann (версия анкеты 1)");
	crm_vip_survey_result_destroy(r);
	text = sql_text(db, "SELECT text FROM next_action WHERE text LIKE 'технические работы%'");
	assert_string_equal(text, "технические работы: восстановить качество обслуживания"
			    " (quality.speed: 40 Мбит/с (ожидалось не меньше 100);"
			    " quality.outage: да (ожидалось «нет»))");
	free(text);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action WHERE"
				 " text = 'возможность VIP (рост объёма): ещё два офиса'"), 1);
	omega = sql_int(db, "SELECT id FROM client WHERE name = 'Omega'");
	text = sql_text_id(db, "SELECT text FROM next_action WHERE client_id = ?1", omega);
	assert_string_equal(text, "первый контакт: по рекомендации клиента «Acme»");
	free(text);
	text = sql_text(db, "SELECT text || ' / ' || outcome FROM interaction WHERE kind = 'survey'");
	assert_string_equal(text, "анкета VIP (версия анкеты 1): обновлено ключевых контактов: 0,"
			    " возможностей: 1, рекомендаций: 1 / качество плохое:"
			    " quality.speed: 40 Мбит/с (ожидалось не меньше 100);"
			    " quality.outage: да (ожидалось «нет»)");
	free(text);
	/* the referral's note; its source stays the channel's name */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM client WHERE id = %lld AND source ="
				  " 'referral: Acme'", (long long)omega), 1);
}

/* The built-in questionnaire is vip.language's, whatever base.language. */
static void test_builtin_language(void **state)
{
	struct crm_db *db = *state;
	char *json = NULL;
	int64_t v = 0;

	assert_int_equal(crm_config_set(db, "base.language", "en"), CRM_OK);
	assert_int_equal(crm_vip_template_get(db, 1, &json, &v), CRM_OK);
	assert_non_null(strstr(json, "\"language\":\t\"ru\""));
	free(json);
	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	assert_int_equal(crm_config_set(db, "vip.language", "en"), CRM_OK);
	assert_int_equal(crm_vip_template_get(db, 1, &json, &v), CRM_OK);
	assert_non_null(strstr(json, "\"language\":\t\"en\""));
	free(json);
}

static void test_survey_rules(void **state)
{
	struct crm_db *db = *state;
	struct world w;
	struct crm_vip_survey_result *r = NULL;
	struct crm_vip_survey_input in = { .answers = "{" REQ ", \"quality.speed\": 100}" };
	int64_t plain;

	world(db, &w);
	plain = client(db, .name = "Plain", .owner = "Bob");
	/* the actor is no manager and Plain is on nobody's list */
	crm_db_set_actor(db, "Stranger");
	in.client_id = plain;
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "nobody to record as the surveyor"));
	/* at the threshold passes; no speed tag: not checked, outage alone decides */
	crm_db_set_actor(db, "Bob");
	in.client_id = w.acme;
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_string_equal(r->quality, "pass");
	crm_vip_survey_result_destroy(r);
	in.client_id = plain;
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_string_equal(r->quality, "pass");
	assert_int_equal(r->item_id, 0);
	assert_non_null(strstr(r->effects[1].text, "not checked: quality.speed (no tag speed=N"));
	crm_vip_survey_result_destroy(r);
	/* a template with a default threshold and a choice rule */
	assert_int_equal(crm_vip_template_set(db, Q1
					      "{\"id\": \"speed\", \"type\": \"number\", \"text\":"
					      " \"Speed\", \"pass\": {\"at_least\": {\"tag\": \"speed\","
					      " \"default\": 10}}},"
					      "{\"id\": \"mood\", \"type\": \"choice\", \"text\": \"Mood\","
					      " \"choices\": [\"good\", \"bad\"], \"pass\": {\"one_of\":"
					      " [\"good\"]}}" Q2, &in.surveyor_id), CRM_OK);
	in.surveyor_id = 0;
	in.answers = "{\"speed\": 9, \"mood\": \"good\"}";
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_string_equal(r->quality, "fail");
	crm_vip_survey_result_destroy(r);
	in.answers = "{\"speed\": 10, \"mood\": \"bad\"}";
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_string_equal(r->quality, "fail");
	crm_vip_survey_result_destroy(r);
	in.answers = "{\"speed\": 10}";
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_string_equal(r->quality, "pass");
	crm_vip_survey_result_destroy(r);
	in.answers = "{}";
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_null(r->quality);
	crm_vip_survey_result_destroy(r);
	/* surveys keep the version they were taken with */
	assert_int_equal(sql_intf(db, "SELECT count(*) FROM vip_survey WHERE template_version = 2"), 4);
	/* a meeting after today is refused; one earlier is dated so */
	in.at = TODAY + DAY;
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_EINVAL);
	in.at = TODAY - 3 * DAY;
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	assert_int_equal(sql_intf(db, "SELECT at FROM vip_survey WHERE id = %lld",
				  (long long)r->survey_id), TODAY - 3 * DAY);
	crm_vip_survey_result_destroy(r);
}

static void test_drafts(void **state)
{
	struct crm_db *db = *state;
	struct world w;
	struct crm_vip_draft d = { 0 }, got = { 0 };
	struct crm_vip_survey_result *r = NULL;

	world(db, &w);
	assert_int_equal(crm_vip_draft_load(db, w.acme, &got), CRM_ENOTFOUND);
	d = (struct crm_vip_draft){ .client_id = w.acme, .version = 1, .surveyor_id = w.ann,
				    .answers = "{\"carnegie.plans\": \"grow\"}", .position = 4 };
	assert_int_equal(crm_vip_draft_save(db, &d), CRM_OK);
	d.answers = "[1]";
	assert_int_equal(crm_vip_draft_save(db, &d), CRM_EDATA);
	assert_int_equal(crm_vip_draft_load(db, w.acme, &got), CRM_OK);
	assert_string_equal(got.answers, "{\"carnegie.plans\": \"grow\"}");
	assert_int_equal(got.position, 4);
	assert_int_equal(got.at, NOW);
	assert_int_equal(got.surveyor_id, w.ann);
	crm_vip_draft_release(&got);
	crm_vip_draft_release(NULL);
	assert_int_equal(journal_count(db, "vip.draft"), 1);
	/* the survey drops the draft */
	crm_db_set_actor(db, "Ann");
	assert_int_equal(survey(db, w.acme, "{" REQ "}", &r), CRM_OK);
	crm_vip_survey_result_destroy(r);
	assert_int_equal(crm_vip_draft_load(db, w.acme, &got), CRM_ENOTFOUND);
	assert_int_equal(journal_count(db, "vip.draft"), 2);
}

static void test_report(void **state)
{
	struct crm_db *db = *state;
	struct world w;
	struct crm_vip_survey_result *r = NULL;
	struct crm_vip_plan *plan = NULL;
	struct crm_vip_report *rep = NULL;
	int64_t omega, incident;

	world(db, &w);
	sql_execf(db, "INSERT INTO vip_item(program_id, client_id) VALUES (%lld, %lld)",
		  (long long)w.program, (long long)client(db, .name = "Beta", .owner = "Ann"));
	assert_int_equal(crm_vip_assign(db, w.program, true, &plan), CRM_OK);
	crm_vip_plan_destroy(plan);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(survey(db, w.acme, "{" REQ ", \"quality.speed\": 50,"
				" \"expand.units\": \"a branch\", \"referrals.list\": [{\"name\":"
				" \"Omega\"}, {\"name\": \"Sigma\", \"kind\": \"person\"}],"
				" \"contacts.key\": [{\"name\": \"Olga\"}]}", &r), CRM_OK);
	crm_vip_survey_result_destroy(r);
	omega = sql_intf(db, "SELECT id FROM client WHERE name = 'Omega'");
	sql_execf(db, "UPDATE client SET status = 'active' WHERE id = %lld", (long long)omega);
	incident = sql_intf(db, "SELECT id FROM incident WHERE kind = 'quality'");
	assert_int_equal(crm_incident_resolve(db, incident, "line replaced"), CRM_OK);
	assert_int_equal(crm_vip_report(db, w.program, &rep), CRM_OK);
	assert_int_equal(rep->program.clients, 2);
	assert_int_equal(rep->program.done, 1);
	assert_int_equal(rep->ncoverage, 2);
	assert_int_equal(rep->quality.failed, 1);
	assert_int_equal(rep->quality.remedied, 1);
	assert_int_equal(rep->quality.nfailures, 1);
	assert_true(rep->quality.failures[0].remedied);
	assert_int_equal(rep->referrals.nclients, 2);
	assert_int_equal(rep->referrals.active, 1);
	assert_int_equal(rep->opportunities.nactions, 1);
	assert_int_equal(rep->contacts.added, 1);
	assert_int_equal(rep->contacts.refreshed, 1);
	crm_vip_report_destroy(rep);
	assert_int_equal(crm_vip_report(db, 99, &rep), CRM_ENOTFOUND);
	assert_null(rep);
}

/* ---- a survey read back, the printed form, the log's link ---------------- */

static const struct crm_vip_answer *answer_of(const struct crm_vip_survey_sheet *s,
					      const char *id)
{
	for (size_t i = 0; i < s->nsections; i++) {
		for (size_t k = 0; k < s->sections[i].nquestions; k++) {
			if (strcmp(s->sections[i].questions[k].id, id) == 0) {
				return &s->sections[i].questions[k];
			}
		}
	}
	fail_msg("no question '%s'", id);
	return NULL;
}

static void test_survey_read_back(void **state)
{
	struct crm_db *db = *state;
	struct crm_vip_survey_result *r = NULL;
	struct crm_vip_survey_sheet *s = (void *)1;
	struct crm_vip_survey_input in = { 0 };
	int64_t first, second, older, id = -1, at, version;
	char *answers = NULL;
	struct world w;
	size_t n = 0;

	world(db, &w);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(crm_vip_survey_last(db, w.acme, &answers, &at, &version, &id),
			 CRM_ENOTFOUND);
	assert_int_equal(id, 0);
	assert_int_equal(crm_vip_survey_get(db, 1, &s), CRM_ENOTFOUND);
	assert_null(s);
	assert_string_equal(crm_db_errmsg(db), "no VIP survey with id 1");

	in = (struct crm_vip_survey_input){
		.client_id = w.acme, .at = TODAY - 2 * DAY,
		.answers = "{" REQ ", \"quality.speed\": 120,"
			   " \"carnegie.history\": \"Основана в 1998 году.\\nГордимся филиалами.\","
			   " \"carnegie.plans\": \"\","
			   " \"contacts.key\": [{\"name\": \"Иван\", \"role\": \"CEO\"}]}",
	};
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	first = r->survey_id;
	crm_vip_survey_result_destroy(r);
	assert_int_equal(survey(db, w.acme, "{\"cooperation.rating\": \"плохо\","
				" \"quality.outage\": true}", &r), CRM_OK);
	second = r->survey_id;
	crm_vip_survey_result_destroy(r);
	/* recorded last, met earliest: not the latest survey */
	in.at = TODAY - 5 * DAY;
	in.answers = "{" REQ "}";
	assert_int_equal(crm_vip_survey(db, &in, &r), CRM_OK);
	older = r->survey_id;
	crm_vip_survey_result_destroy(r);
	assert_int_equal(crm_vip_survey_last(db, w.acme, &answers, &at, &version, &id), CRM_OK);
	free(answers);
	assert_int_equal(id, second);
	assert_true(older > second);

	assert_int_equal(crm_vip_survey_get(db, first, &s), CRM_OK);
	assert_int_equal(s->id, first);
	assert_int_equal(s->client_id, w.acme);
	assert_string_equal(s->client, "Acme");
	assert_int_equal(s->program_id, w.program);
	assert_non_null(s->program);
	assert_int_equal(s->template_version, 1);
	assert_string_equal(s->language, "ru");
	assert_string_equal(s->surveyor, "Ann");
	assert_int_equal(s->surveyor_id, w.ann);
	assert_int_equal(s->date, TODAY - 2 * DAY);
	assert_string_equal(s->quality, "pass");
	assert_string_equal(s->failures, "[]");
	assert_int_equal(s->incident_id, 0);
	assert_true(s->interaction_id > 0);
	/* the sections of the questionnaire, in order, every question numbered */
	assert_int_equal(s->nsections, 8);
	assert_string_equal(s->sections[0].id, "company");
	assert_string_equal(s->sections[2].title, "Вопросы по Карнеги");
	assert_string_equal(s->sections[7].id, "referrals");
	for (size_t i = 0; i < s->nsections; i++) {
		for (size_t k = 0; k < s->sections[i].nquestions; k++) {
			assert_int_equal(s->sections[i].questions[k].number, (int64_t)++n);
		}
	}
	assert_int_equal(n, 15);
	/* each answer as given; a text keeps its line; "" is no answer */
	assert_string_equal(answer_of(s, "carnegie.history")->answer,
			    "\"Основана в 1998 году.\\nГордимся филиалами.\"");
	assert_null(answer_of(s, "carnegie.plans")->answer);
	assert_null(answer_of(s, "carnegie.success")->answer);
	assert_string_equal(answer_of(s, "quality.speed")->answer, "120");
	assert_string_equal(answer_of(s, "quality.speed")->unit, "Мбит/с");
	assert_string_equal(answer_of(s, "quality.speed")->type, "number");
	assert_string_equal(answer_of(s, "quality.outage")->answer, "false");
	assert_true(answer_of(s, "quality.outage")->required);
	assert_false(answer_of(s, "carnegie.history")->required);
	assert_string_equal(answer_of(s, "cooperation.rating")->answer, "\"хорошо\"");
	assert_string_equal(answer_of(s, "contacts.key")->answer,
			    "[{\"name\":\"Иван\",\"role\":\"CEO\"}]");
	crm_vip_survey_sheet_destroy(s);

	assert_int_equal(crm_vip_survey_get(db, second, &s), CRM_OK);
	assert_string_equal(s->quality, "fail");
	assert_true(s->incident_id > 0 && s->remedy_id > 0);
	assert_non_null(strstr(s->failures, "quality.outage"));
	crm_vip_survey_sheet_destroy(s);
	crm_vip_survey_sheet_destroy(NULL);
}

static void test_survey_read_back_version(void **state)
{
	struct crm_db *db = *state;
	struct crm_vip_survey_result *r = NULL;
	struct crm_vip_survey_sheet *s = NULL;
	int64_t first, v = 0;
	struct world w;

	world(db, &w);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(survey(db, w.acme, "{" REQ "}", &r), CRM_OK);
	first = r->survey_id;
	crm_vip_survey_result_destroy(r);
	assert_int_equal(crm_vip_template_set(db, "{\"title\": \"Short\", \"language\": \"en\","
				" \"sections\": [{\"id\": \"s\", \"title\": \"Only\", \"questions\":"
				" [{\"id\": \"q\", \"type\": \"yesno\", \"text\": \"Happy?\"}]}]}", &v),
			 CRM_OK);
	assert_int_equal(survey(db, w.acme, "{\"q\": true}", &r), CRM_OK);
	assert_int_equal(crm_vip_survey_get(db, r->survey_id, &s), CRM_OK);
	crm_vip_survey_result_destroy(r);
	assert_int_equal(s->template_version, v);
	assert_string_equal(s->language, "en");
	assert_int_equal(s->nsections, 1);
	assert_int_equal(s->sections[0].nquestions, 1);
	assert_string_equal(s->sections[0].questions[0].question, "Happy?");
	assert_string_equal(s->sections[0].questions[0].answer, "true");
	crm_vip_survey_sheet_destroy(s);
	/* the first survey still reads with version 1 */
	assert_int_equal(crm_vip_survey_get(db, first, &s), CRM_OK);
	assert_int_equal(s->template_version, 1);
	assert_int_equal(s->nsections, 8);
	crm_vip_survey_sheet_destroy(s);
}

static void test_log_names_the_survey(void **state)
{
	struct crm_db *db = *state;
	struct crm_vip_survey_result *r = NULL;
	struct crm_log_filter f = { .kind = "survey" };
	const struct crm_log_entry *e;
	struct crm_log_iter *it;
	struct world w;
	int64_t sid;

	world(db, &w);
	crm_db_set_actor(db, "Ann");
	assert_int_equal(survey(db, w.acme, "{" REQ ", \"quality.speed\": 10}", &r), CRM_OK);
	sid = r->survey_id;
	crm_vip_survey_result_destroy(r);
	f.client_id = w.acme;
	assert_int_equal(crm_log_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_log_iter_next(it, &e), CRM_OK);
	assert_string_equal(e->event, "survey");
	assert_int_equal(e->survey_id, sid);
	assert_int_equal(crm_log_iter_next(it, &e), CRM_DONE);
	crm_log_iter_destroy(it);
	/* the other entries of the survey (its incident, its next action) name none */
	f.kind = NULL;
	assert_int_equal(crm_log_query(db, &f, &it), CRM_OK);
	while (crm_log_iter_next(it, &e) == CRM_OK) {
		assert_int_equal(e->survey_id, strcmp(e->event, "survey") == 0 ? sid : 0);
	}
	crm_log_iter_destroy(it);
}

/* The longest line of text, in characters. */
static size_t longest_line(const char *text)
{
	size_t best = 0, n = 0;

	for (const char *p = text; *p; p++) {
		if (*p == '\n') {
			best = n > best ? n : best;
			n = 0;
		} else if (((unsigned char)*p & 0xc0) != 0x80) {
			n++;
		}
	}
	return n > best ? n : best;
}

static void test_template_form(void **state)
{
	struct crm_db *db = *state;
	const char *lang = NULL;
	char *text = NULL, word[400], tmpl[1200], want[64];
	int64_t v = 0, got = 0;
	const char *at;

	/* the built-in form, numbered through the sections */
	assert_int_equal(crm_vip_template_form(db, 0, CRM_VIP_FORM_TEXT, &text, &got, &lang),
			 CRM_OK);
	assert_int_equal(got, 1);
	assert_string_equal(lang, "ru");
	assert_true(strncmp(text, "VIP-анкета\n==========\nВерсия анкеты: 1\n\nКлиент: ___", 60)
		    == 0);
	at = text;
	for (int k = 1; k <= 15; k++) {
		snprintf(want, sizeof(want), "\n%2d. ", k);
		at = strstr(at, want);
		assert_non_null(at);
	}
	assert_null(strstr(text, "\n16. "));
	assert_non_null(strstr(text, "\n 7. Как вы оцениваете сотрудничество с нами? (обязательно)\n"
				     "    [ ] отлично   [ ] хорошо   [ ] удовлетворительно   [ ] плохо\n"));
	assert_true(longest_line(text) <= 80);
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_true(text[strlen(text) - 2] != '\n');
	free(text);

	assert_int_equal(crm_vip_template_form(db, 1, CRM_VIP_FORM_MD, &text, NULL, NULL), CRM_OK);
	assert_true(strncmp(text, "# VIP-анкета\n\n", 16) == 0);
	assert_non_null(strstr(text, "\n## Ключевые лица\n\n2.  Контактные данные"));
	assert_non_null(strstr(text, "\n10. Были ли заметные сбои"));
	free(text);

	/* a long text wraps within 80 columns; a word longer than a line is cut */
	memset(word, 'w', 150);
	word[150] = '\0';
	snprintf(tmpl, sizeof(tmpl),
		 "{\"language\": \"en\", \"sections\": [{\"id\": \"s\", \"title\": \"S\","
		 " \"questions\": [{\"id\": \"a\", \"type\": \"text\", \"text\": \"%s end\"},"
		 " {\"id\": \"b\", \"type\": \"choice\", \"text\": \"Pick\", \"choices\":"
		 " [\"%.70s\", \"two\"]}]}]}", word, word);
	assert_int_equal(crm_vip_template_set(db, tmpl, &v), CRM_OK);
	assert_int_equal(crm_vip_template_form(db, 0, CRM_VIP_FORM_TEXT, &text, &got, &lang),
			 CRM_OK);
	assert_int_equal(got, v);
	assert_string_equal(lang, "en");
	assert_true(strncmp(text, "VIP questionnaire\n", 18) == 0);
	assert_true(longest_line(text) <= 80);
	assert_true(longest_line(text) >= 78);
	assert_non_null(strstr(text, " end\n"));
	/* the box stays with its choice on the next line */
	assert_non_null(strstr(text, "\n    [ ] two\n"));
	free(text);

	/* Markdown: what would be markup is escaped */
	assert_int_equal(crm_vip_template_set(db, "{\"title\": \"T #1\", \"sections\": [{\"id\":"
				" \"s\", \"title\": \"- S\", \"questions\": [{\"id\": \"a\", \"type\":"
				" \"text\", \"text\": \"12. *a* _b_ [c] <d> `e`\"}]}]}", &v), CRM_OK);
	assert_int_equal(crm_vip_template_form(db, 0, CRM_VIP_FORM_MD, &text, NULL, &lang),
			 CRM_OK);
	assert_string_equal(lang, "ru");
	assert_true(strncmp(text, "# T \\#1\n\n", 9) == 0);
	assert_non_null(strstr(text, "\n## \\- S\n"));
	assert_non_null(strstr(text, "\n1.  12\\. \\*a\\* \\_b\\_ \\[c\\] \\<d\\> \\`e\\`\n"));
	free(text);

	assert_int_equal(crm_vip_template_form(db, 99, CRM_VIP_FORM_TEXT, &text, &got, &lang),
			 CRM_ENOTFOUND);
	assert_null(text);
	assert_int_equal(got, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_list_building, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_start_checks, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assign_good_relations, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assign_monopoly, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assign_balance, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assign_rebalance, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assign_trouble_to_experienced, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_template, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_template_validation, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_answers_checked, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_effects, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_in_base_language, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_builtin_language, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_rules, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_drafts, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_report, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_read_back, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_read_back_version, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_log_names_the_survey, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_template_form, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
