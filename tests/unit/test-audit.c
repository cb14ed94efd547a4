/*
 * test-audit.c: every rule of the audit with a fixed now: a case it must
 * find, one just under its threshold that it must not, and its config
 * key honoured; then owners, as-of, order, severity, saved runs and the
 * trend, client health, scorecards, the SQL script and the read snapshot.
 * The fixtures go straight into the tables, so that each case states its
 * dates exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <locale.h>

#include "audit-private.h"
#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define NOW INT64_C(1795341600) /* 2026-11-22T10:00:00Z */
#define TODAY (NOW - 10 * 3600)  /* 2026-11-22 */

/* ---- fixtures ---------------------------------------------------------- */

static int64_t last_id(struct crm_db *db)
{
	return sqlite3_last_insert_rowid(db->sql);
}

static int64_t manager(struct crm_db *db, const char *name, int64_t capacity)
{
	static int n;
	char *fold = crm_text_fold(name);

	sql_execf(db, "INSERT INTO manager(uuid, name, name_fold, email, capacity, created)"
		      " VALUES ('m-%d', %Q, %Q, %Q, %lld, %lld)", ++n, name, fold, "m@example.com",
		  (long long)capacity, (long long)(NOW - 1000 * DAY));
	free(fold);
	return last_id(db);
}

struct cl {
	const char *name;
	const char *kind;    /* company */
	const char *tier;    /* regular */
	const char *status;  /* active */
	const char *stage;   /* normalization */
	int64_t stage_since; /* 0: created */
	int64_t owner;       /* 0: none */
	int64_t every;       /* 0: none */
	int64_t created;     /* 0: 1000 days ago */
};

static int64_t client_of(struct crm_db *db, struct cl c)
{
	static int n;
	char *fold = crm_text_fold(c.name);
	int64_t created = c.created ? c.created : NOW - 1000 * DAY;

	sql_execf(db, "INSERT INTO client(uuid, name, name_fold, kind, tier, status, stage, stage_since,"
		      " owner_id, contact_every, created, updated)"
		      " VALUES ('c-%d', %Q, %Q, %Q, %Q, %Q, %Q, %lld, nullif(%lld, 0), nullif(%lld, 0),"
		      " %lld, %lld)", ++n, c.name, fold, c.kind ? c.kind : "company",
		  c.tier ? c.tier : "regular", c.status ? c.status : "active",
		  c.stage ? c.stage : "normalization",
		  (long long)(c.stage_since ? c.stage_since : created), (long long)c.owner,
		  (long long)c.every, (long long)created, (long long)created);
	free(fold);
	return last_id(db);
}

#define client(db, ...) client_of(db, (struct cl){ __VA_ARGS__ })

static void note(struct crm_db *db, int64_t client, const char *kind, int64_t at)
{
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, text, created)"
		      " VALUES (%lld, %Q, %lld, 'tester', 'x', %lld)", (long long)client, kind,
		  (long long)at, (long long)at);
}

/* done 0: open */
static void next_action(struct crm_db *db, int64_t client, int64_t due, int64_t created,
			int64_t done)
{
	sql_execf(db, "INSERT INTO next_action(client_id, text, due, status, author, created, done)"
		      " VALUES (%lld, 'call them back', %lld, %Q, 'tester', %lld, nullif(%lld, 0))",
		  (long long)client, (long long)due, done ? "done" : "open", (long long)created,
		  (long long)done);
}

static void promise(struct crm_db *db, int64_t client, const char *kind, int64_t due,
		    const char *status, int64_t closed)
{
	sql_execf(db, "INSERT INTO promise(client_id, kind, text, due, status, author, created, closed)"
		      " VALUES (%lld, %Q, 'deliver in 90 days', %lld, %Q, 'tester', %lld,"
		      " nullif(%lld, 0))", (long long)client, kind, (long long)due, status,
		  (long long)(NOW - 200 * DAY), (long long)closed);
}

static void incident(struct crm_db *db, int64_t client, const char *kind, int64_t created,
		     int64_t resolved)
{
	sql_execf(db, "INSERT INTO incident(client_id, kind, text, status, author, created, resolved)"
		      " VALUES (%lld, %Q, 'late delivery', %Q, 'tester', %lld, nullif(%lld, 0))",
		  (long long)client, kind, resolved ? "resolved" : "open", (long long)created,
		  (long long)resolved);
}

static void contact(struct crm_db *db, int64_t client, bool key, int64_t verified,
		    const char *email, const char *phone)
{
	static int n;

	sql_execf(db, "INSERT INTO contact(uuid, client_id, name, name_fold, email, phone, is_key,"
		      " verified, created) VALUES ('k-%d', %lld, 'Иван', 'иван', %Q, %Q, %d,"
		      " nullif(%lld, 0), %lld)", ++n, (long long)client, email, phone, key ? 1 : 0,
		  (long long)verified, (long long)(NOW - 800 * DAY));
}

static void set(struct crm_db *db, const char *key, const char *value)
{
	assert_int_equal(crm_config_set(db, key, value), CRM_OK);
}

/* ---- running -------------------------------------------------------- */

struct found {
	int n;               /* findings of the rule for the client */
	int64_t since;
	char detail[1024];
	char owner[64];
	char assignee[256];  /* the assignees of the findings, joined by ',' ('-': none) */
	int repeats;         /* listings marked as repeats */
};

/*
 * Runs one rule (as of `as_of`, 0 now; owner 0 any) and collects its
 * findings about client (0: about nobody in particular: every finding).
 */
static struct found run_as_of(struct crm_db *db, const char *rule, int64_t client,
			      int64_t owner, int64_t as_of)
{
	const char *rules[] = { rule };
	struct crm_audit_options o = { .rules = rules, .nrules = 1, .owner_id = owner,
				       .as_of = as_of };
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it = NULL;
	struct found r = { 0 };
	crm_status st;

	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while ((st = crm_audit_iter_next(it, &f)) == CRM_OK) {
		assert_string_equal(f->rule, rule);
		if (client && f->client_id != client) {
			continue;
		}
		r.n++;
		r.since = f->since;
		snprintf(r.detail, sizeof(r.detail), "%s", f->detail);
		snprintf(r.owner, sizeof(r.owner), "%s", f->owner ? f->owner : "");
		snprintf(r.assignee + strlen(r.assignee), sizeof(r.assignee) - strlen(r.assignee),
			 "%s%s", r.n > 1 ? "," : "", f->assignee ? f->assignee : "-");
		r.repeats += f->repeat;
		if (f->assignee) {
			assert_non_null(f->assignee_email);
			assert_true(f->assignee_id > 0);
		} else {
			assert_null(f->assignee_email);
			assert_int_equal(f->assignee_id, 0);
		}
	}
	assert_int_equal(st, CRM_DONE);
	/* a finished iterator stays finished */
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_DONE);
	crm_audit_iter_destroy(it);
	return r;
}

static struct found run(struct crm_db *db, const char *rule, int64_t client)
{
	return run_as_of(db, rule, client, 0, 0);
}

static int found(struct crm_db *db, const char *rule, int64_t client)
{
	return run(db, rule, client).n;
}

/* ---- the registry ------------------------------------------------------- */

static void test_registry(void **state)
{
	struct crm_db *db = *state;
	const struct crm_audit_rule *r;
	size_t n;

	r = crm_audit_rules(&n);
	assert_int_equal(n, 26);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(crm_audit_rule_find(r[i].id), &r[i]);
		assert_true(r[i].severity <= CRM_SEVERITY_ERROR);
		assert_true(strlen(r[i].why) > 10);
		for (size_t j = 0; j < i; j++) {
			assert_string_not_equal(r[i].id, r[j].id);
		}
		/* every threshold is a registered config key */
		for (const char *const *k = r[i].keys; *k; k++) {
			assert_non_null(crm_config_key_find(*k));
			if (strcmp(*k, "handover.client_request_escalation") == 0) {
				/* one number for the refusal and the warning */
				assert_string_equal(r[i].id, "client-requests");
				continue;
			}
			assert_int_equal(strncmp(*k, "audit.", 6), 0);
			assert_int_equal(strncmp(*k + 6, r[i].id, strlen(r[i].id)), 0);
		}
	}
	assert_null(crm_audit_rule_find("nope"));
	assert_string_equal(crm_severities[CRM_SEVERITY_WARN], "warn");
	/* every feature the rules wait for is built */
	assert_null(crm_audit_rule_find("handover-pending")->needs);
	assert_null(crm_audit_rule_find("vip-not-surveyed")->needs);
	assert_null(crm_audit_rule_find("forgotten")->needs);
	(void)db;
}

static void test_unknown_rule(void **state)
{
	struct crm_db *db = *state;
	const char *rules[] = { "forgotten", "forgoten" };
	struct crm_audit_options o = { .rules = rules, .nrules = 2 };
	struct crm_audit_iter *it = (void *)1;
	char *text = (void *)1;

	assert_int_equal(crm_audit_query(db, &o, &it), CRM_EINVAL);
	assert_null(it);
	assert_non_null(strstr(crm_db_errmsg(db), "unknown rule 'forgoten'"));
	assert_int_equal(crm_audit_sql(db, &o, &text), CRM_EINVAL);
	assert_null(text);
}

/* A handover: created, and accepted (or declined, cancelled) at decided. */
struct ho {
	int64_t client, from, to;
	const char *reason;  /* refresh */
	const char *status;  /* pending */
	int64_t created, decided;
	int64_t next_action; /* 0: none */
	int64_t notice_sent; /* 0: not sent */
	int64_t until;       /* 0: permanent */
	int64_t return_of;
};

static int64_t handover_of(struct crm_db *db, struct ho h)
{
	sql_execf(db, "INSERT INTO handover(client_id, from_id, to_id, reason, status, brief, dossier,"
		      " next_text, next_due, next_action_id, notice_due, notice_sent, until, return_of,"
		      " created_by, created, decided, decided_by)"
		      " VALUES (%lld, nullif(%lld, 0), %lld, %Q, %Q, 'brief', '{}', 'call them', %lld,"
		      " nullif(%lld, 0), nullif(%lld, 0), nullif(%lld, 0), nullif(%lld, 0),"
		      " nullif(%lld, 0), 'tester', %lld, nullif(%lld, 0), 'tester')",
		  (long long)h.client, (long long)h.from, (long long)h.to,
		  h.reason ? h.reason : "refresh", h.status ? h.status : "pending",
		  (long long)h.created, (long long)h.next_action,
		  (long long)(h.status && strcmp(h.status, "accepted") == 0 ? h.decided : 0),
		  (long long)h.notice_sent, (long long)h.until, (long long)h.return_of,
		  (long long)h.created, (long long)h.decided);
	return last_id(db);
}

#define handover(db, ...) handover_of(db, (struct ho){ __VA_ARGS__ })

static void test_handover_pending(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t late = client(db, .name = "Late", .owner = ann);
	int64_t young = client(db, .name = "Young", .owner = ann);
	int64_t taken = client(db, .name = "Taken", .owner = bob);
	int64_t h;
	struct found f;

	h = handover(db, .client = late, .from = ann, .to = bob, .created = NOW - 4 * DAY);
	handover(db, .client = young, .from = ann, .to = bob, .created = NOW - 2 * DAY);
	handover(db, .client = taken, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 10 * DAY, .decided = NOW - 5 * DAY);
	f = run(db, "handover-pending", late);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 4 * DAY);
	assert_string_equal(f.owner, "Ann");
	assert_non_null(strstr(f.detail, "handover 1 to Bob waits for acceptance since 4 days"));
	assert_non_null(strstr(f.detail, "'crm handover accept 1'"));
	assert_int_equal(found(db, "handover-pending", young), 0);
	assert_int_equal(found(db, "handover-pending", taken), 0);
	/* six days ago the accepted one was still waiting, for 4 days */
	assert_int_equal(run_as_of(db, "handover-pending", taken, 0, NOW - 6 * DAY).n, 1);
	/* before it was made there was nothing */
	assert_int_equal(run_as_of(db, "handover-pending", late, 0, NOW - 5 * DAY).n, 0);
	set(db, "audit.handover-pending.days", "4");
	assert_int_equal(found(db, "handover-pending", late), 0);
	(void)h;
}

static void test_handover_no_notice(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t silent = client(db, .name = "Silent", .owner = bob);
	int64_t told = client(db, .name = "Told", .owner = bob);
	int64_t fresh = client(db, .name = "Fresh", .owner = bob);
	struct found f;

	handover(db, .client = silent, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 9 * DAY, .decided = NOW - 5 * DAY);
	handover(db, .client = told, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 9 * DAY, .decided = NOW - 5 * DAY, .notice_sent = NOW - DAY);
	handover(db, .client = fresh, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 9 * DAY, .decided = NOW - 2 * DAY);
	f = run(db, "handover-no-notice", silent);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 5 * DAY);
	assert_string_equal(f.owner, "Bob");
	assert_non_null(strstr(f.detail, "handover 1 was accepted 5 days ago and the client was "
					 "not told"));
	assert_int_equal(found(db, "handover-no-notice", told), 0);
	assert_int_equal(found(db, "handover-no-notice", fresh), 0);
	/* before the notice went out, it was missing for 4 days */
	assert_int_equal(run_as_of(db, "handover-no-notice", told, 0, NOW - DAY - 3600).n, 1);
	set(db, "audit.handover-no-notice.days", "5");
	assert_int_equal(found(db, "handover-no-notice", silent), 0);
}

static void test_handover_no_first_action(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob Orlov", 10);
	int64_t idle = client(db, .name = "Idle", .owner = bob);
	int64_t called = client(db, .name = "Called", .owner = bob);
	int64_t other = client(db, .name = "Other", .owner = bob);
	int64_t early = client(db, .name = "Early", .owner = bob);
	int64_t done = client(db, .name = "Done", .owner = bob);
	int64_t moved = client(db, .name = "Moved", .owner = ann);
	int64_t c[] = { idle, called, other, early, done, moved };
	int64_t due[] = { TODAY - 5 * DAY, TODAY - 5 * DAY, TODAY - 5 * DAY, TODAY,
			  TODAY - 5 * DAY, TODAY - 5 * DAY };
	struct found f;

	for (size_t i = 0; i < 6; i++) {
		next_action(db, c[i], due[i], NOW - 10 * DAY, c[i] == done ? NOW - DAY : 0);
		handover(db, .client = c[i], .from = ann, .to = bob, .status = "accepted",
			 .created = NOW - 12 * DAY, .decided = NOW - 10 * DAY,
			 .next_action = last_id(db));
	}
	/* Bob called one (folded name); someone else called another */
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES"
		      " (%lld, 'call', %lld, 'bob orlov', 'hi', 0), (%lld, 'call', %lld, 'Ann', 'hi', 0)",
		  (long long)called, (long long)(NOW - DAY), (long long)other,
		  (long long)(NOW - DAY));
	f = run(db, "handover-no-first-action", idle);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 5 * DAY);
	assert_non_null(strstr(f.detail, "the first action of handover 1, 'call them back', was "
					 "due 5 days ago and Bob Orlov has logged nothing"));
	assert_int_equal(found(db, "handover-no-first-action", called), 0);
	assert_int_equal(found(db, "handover-no-first-action", other), 1);
	assert_int_equal(found(db, "handover-no-first-action", early), 0);
	assert_int_equal(found(db, "handover-no-first-action", done), 0);
	assert_int_equal(found(db, "handover-no-first-action", moved), 0);
	/* before the call, that one was idle too */
	assert_int_equal(run_as_of(db, "handover-no-first-action", called, 0, NOW - 2 * DAY).n,
			 1);
	set(db, "audit.handover-no-first-action.days", "5");
	assert_int_equal(found(db, "handover-no-first-action", idle), 0);
}

static void test_client_requests(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t often = client(db, .name = "Often", .owner = ann);
	int64_t twice = client(db, .name = "Twice", .owner = ann);
	int64_t old = client(db, .name = "Old", .owner = ann);
	struct found f;

	/* the rule warns one request before the refusal: at 3 of 4 */
	set(db, "handover.client_request_escalation", "4");
	handover(db, .client = often, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 300 * DAY, .decided = NOW - 299 * DAY);
	handover(db, .client = often, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 100 * DAY, .decided = NOW - 99 * DAY);
	handover(db, .client = often, .from = ann, .to = bob, .reason = "client-request",
		 .created = NOW - 10 * DAY);
	/* cancelled, or another reason: not a request */
	handover(db, .client = twice, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 50 * DAY, .decided = NOW - 49 * DAY);
	handover(db, .client = twice, .from = ann, .to = bob, .reason = "client-request",
		 .status = "cancelled", .created = NOW - 40 * DAY, .decided = NOW - 39 * DAY);
	handover(db, .client = twice, .from = ann, .to = bob, .reason = "refresh",
		 .created = NOW - 30 * DAY);
	handover(db, .client = twice, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 20 * DAY, .decided = NOW - 19 * DAY);
	/* three, but one is over a year old */
	handover(db, .client = old, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 400 * DAY, .decided = NOW - 399 * DAY);
	handover(db, .client = old, .from = ann, .to = bob, .reason = "client-request",
		 .status = "declined", .created = NOW - 200 * DAY, .decided = NOW - 199 * DAY);
	handover(db, .client = old, .from = ann, .to = bob, .reason = "client-request",
		 .created = NOW - 5 * DAY);
	f = run(db, "client-requests", often);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 300 * DAY);
	assert_non_null(strstr(f.detail, "asked 3 times in 365 days for a new manager"));
	assert_int_equal(found(db, "client-requests", twice), 0);
	assert_int_equal(found(db, "client-requests", old), 0);
	/* before the cancellation, the twice client had asked three times */
	assert_int_equal(run_as_of(db, "client-requests", twice, 0, NOW - 39 * DAY - 1).n, 0);
	set(db, "handover.client_request_escalation", "3");
	assert_int_equal(found(db, "client-requests", twice), 1);
	assert_int_equal(found(db, "client-requests", old), 1);
	set(db, "audit.client-requests.days", "100");
	assert_int_equal(found(db, "client-requests", often), 0);
}

static void test_vacation_return(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t kept = client(db, .name = "Kept", .owner = bob);
	int64_t back = client(db, .name = "Back", .owner = ann);
	int64_t later = client(db, .name = "Later", .owner = bob);
	int64_t gone = client(db, .name = "Gone", .owner = ann);
	int64_t h;
	struct found f;

	handover(db, .client = kept, .from = ann, .to = bob, .reason = "vacation",
		 .status = "accepted", .created = NOW - 30 * DAY, .decided = NOW - 29 * DAY,
		 .until = TODAY - 3 * DAY);
	h = handover(db, .client = back, .from = ann, .to = bob, .reason = "vacation",
		     .status = "accepted", .created = NOW - 30 * DAY, .decided = NOW - 29 * DAY,
		     .until = TODAY - 3 * DAY);
	handover(db, .client = back, .from = bob, .to = ann, .reason = "vacation",
		 .status = "accepted", .created = NOW - 2 * DAY, .decided = NOW - DAY,
		 .return_of = h);
	handover(db, .client = later, .from = ann, .to = bob, .reason = "vacation",
		 .status = "accepted", .created = NOW - 30 * DAY, .decided = NOW - 29 * DAY,
		 .until = TODAY);
	/* a client that moved on otherwise is no longer the cover's */
	handover(db, .client = gone, .from = ann, .to = bob, .reason = "vacation",
		 .status = "accepted", .created = NOW - 30 * DAY, .decided = NOW - 29 * DAY,
		 .until = TODAY - 3 * DAY);
	f = run(db, "vacation-return", kept);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 3 * DAY);
	assert_string_equal(f.owner, "Bob");
	assert_non_null(strstr(f.detail, "the cover by Bob (handover 1) ended 3 days ago and the "
					 "client is not back with Ann: give it back with 'crm "
					 "handover plan --return \"Ann\"'"));
	assert_int_equal(found(db, "vacation-return", back), 0);
	assert_int_equal(found(db, "vacation-return", later), 0);
	assert_int_equal(found(db, "vacation-return", gone), 0);
	set(db, "audit.vacation-return.days", "3");
	assert_int_equal(found(db, "vacation-return", kept), 0);
}

/* ---- each rule ----------------------------------------------------------- */

static void test_forgotten(void **state)
{
	struct crm_db *db = *state;
	int64_t late = client(db, .name = "Late");
	int64_t fresh = client(db, .name = "Fresh");
	int64_t vip = client(db, .name = "Vip", .tier = "vip");
	int64_t own = client(db, .name = "Own", .every = 10);
	int64_t never = client(db, .name = "Never", .created = NOW - 100 * DAY);
	int64_t young = client(db, .name = "Young", .created = NOW - 80 * DAY);
	int64_t lost = client(db, .name = "Lost", .status = "lost");
	struct found f;

	note(db, late, "order", NOW - 90 * DAY - 60); /* just over 90 days */
	note(db, late, "call", NOW - 400 * DAY);
	note(db, fresh, "note", NOW - 90 * DAY + 60); /* just under: any kind resets */
	note(db, vip, "call", NOW - 31 * DAY);
	note(db, own, "call", NOW - 11 * DAY);
	note(db, lost, "call", NOW - 500 * DAY);
	f = run(db, "forgotten", late);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 90 * DAY - 60);
	assert_non_null(strstr(f.detail, "no interaction for 90 days"));
	assert_non_null(strstr(f.detail, "a regular client is due every 90 days"));
	assert_int_equal(found(db, "forgotten", fresh), 0);
	assert_int_equal(found(db, "forgotten", vip), 1);
	f = run(db, "forgotten", own);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "this client wants contact every 10 days"));
	f = run(db, "forgotten", never);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 100 * DAY);
	assert_non_null(strstr(f.detail, "no interaction in the 100 days since the card was created"));
	assert_int_equal(found(db, "forgotten", young), 0);
	assert_int_equal(found(db, "forgotten", lost), 0);
	/* the thresholds come from config */
	set(db, "audit.forgotten.days.regular", "120");
	assert_int_equal(found(db, "forgotten", late), 0);
	assert_int_equal(found(db, "forgotten", never), 0);
	set(db, "audit.forgotten.days.vip", "40");
	assert_int_equal(found(db, "forgotten", vip), 0);
	set(db, "audit.forgotten.days.key", "5");
	sql_execf(db, "UPDATE client SET tier = 'key' WHERE id = %lld", (long long)vip);
	assert_int_equal(found(db, "forgotten", vip), 1);
}

static void test_no_next_action(void **state)
{
	struct crm_db *db = *state;
	int64_t none = client(db, .name = "None", .created = NOW - 10 * DAY);
	int64_t open = client(db, .name = "Open");
	int64_t done = client(db, .name = "Done");
	int64_t prospect = client(db, .name = "Prospect", .status = "prospect");
	int64_t lost = client(db, .name = "Lost", .status = "lost");
	struct found f;

	next_action(db, open, NOW + 5 * DAY, NOW - 20 * DAY, 0);
	next_action(db, done, NOW - 3 * DAY, NOW - 20 * DAY, NOW - 4 * DAY);
	f = run(db, "no-next-action", none);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 10 * DAY);
	assert_non_null(strstr(f.detail, "since the card was created 10 days ago"));
	assert_int_equal(found(db, "no-next-action", open), 0);
	f = run(db, "no-next-action", done);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 4 * DAY);
	assert_non_null(strstr(f.detail, "since the last one was done 4 days ago"));
	assert_int_equal(found(db, "no-next-action", prospect), 1);
	assert_int_equal(found(db, "no-next-action", lost), 0);
	/* days of grace */
	set(db, "audit.no-next-action.days", "5");
	assert_int_equal(found(db, "no-next-action", done), 0);
	assert_int_equal(found(db, "no-next-action", none), 1);
	set(db, "audit.no-next-action.days", "4");
	assert_int_equal(found(db, "no-next-action", done), 1);
	/* as of a week ago the action was still open */
	assert_int_equal(run_as_of(db, "no-next-action", done, 0, NOW - 7 * DAY).n, 0);
}

static void test_overdue_action(void **state)
{
	struct crm_db *db = *state;
	int64_t late = client(db, .name = "Late");
	int64_t today = client(db, .name = "Today");
	int64_t done = client(db, .name = "Done");
	struct found f;

	next_action(db, late, TODAY - 3 * DAY, NOW - 30 * DAY, 0);
	next_action(db, late, TODAY - DAY, NOW - 30 * DAY, 0);
	next_action(db, today, TODAY, NOW - 30 * DAY, 0); /* due today: not yet */
	next_action(db, done, TODAY - 9 * DAY, NOW - 30 * DAY, NOW - 8 * DAY);
	f = run(db, "overdue-action", late);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 3 * DAY);
	assert_non_null(strstr(f.detail, "'call them back' is 3 days overdue (and 1 more)"));
	assert_int_equal(found(db, "overdue-action", today), 0);
	assert_int_equal(found(db, "overdue-action", done), 0);
	/* as of before it was done, it was overdue */
	assert_int_equal(run_as_of(db, "overdue-action", done, 0, NOW - 8 * DAY - 3600).n, 1);
	/* as of before it was created, it did not exist */
	assert_int_equal(run_as_of(db, "overdue-action", late, 0, NOW - 31 * DAY).n, 0);
	set(db, "audit.overdue-action.days", "2");
	f = run(db, "overdue-action", late);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "3 days overdue:"));
	set(db, "audit.overdue-action.days", "3");
	assert_int_equal(found(db, "overdue-action", late), 0);
}

/*
 * A timed action is overdue from its minute, plus the grace days; a dated
 * one once its day is over in the team's zone (Moscow: at 21:00Z).
 */
static void test_overdue_action_timed(void **state)
{
	struct crm_db *db = *state;
	int64_t timed = client(db, .name = "Timed");
	int64_t dated = client(db, .name = "Dated");
	const int64_t at = NOW + 2 * 3600, day_over = TODAY + 21 * 3600;
	struct found f;

	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	sql_execf(db, "INSERT INTO next_action(client_id, text, due, timed, kind, status, author,"
		      " created) VALUES (%lld, 'meet', %lld, 1, 'meeting', 'open', 'tester', %lld)",
		  (long long)timed, (long long)at, (long long)(NOW - DAY));
	next_action(db, dated, TODAY, NOW - DAY, 0);
	assert_int_equal(run_as_of(db, "overdue-action", timed, 0, at - 60).n, 0);
	f = run_as_of(db, "overdue-action", timed, 0, at);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, at);
	assert_non_null(strstr(f.detail, "'meet' is overdue since today:"));
	assert_int_equal(run_as_of(db, "overdue-action", timed, 0, at + 60).n, 1);
	f = run_as_of(db, "overdue-action", timed, 0, at + DAY);
	assert_non_null(strstr(f.detail, "'meet' is 1 day overdue:"));
	assert_int_equal(run_as_of(db, "overdue-action", dated, 0, day_over - 60).n, 0);
	assert_int_equal(run_as_of(db, "overdue-action", dated, 0, day_over).n, 1);
	assert_int_equal(run_as_of(db, "overdue-action", dated, 0, day_over + 60).n, 1);
	/* one grace day: counted from the moment for a timed action */
	set(db, "audit.overdue-action.days", "1");
	assert_int_equal(run_as_of(db, "overdue-action", timed, 0, at + DAY - 60).n, 0);
	assert_int_equal(run_as_of(db, "overdue-action", timed, 0, at + DAY).n, 1);
	assert_int_equal(run_as_of(db, "overdue-action", dated, 0, day_over + DAY - 60).n, 0);
	assert_int_equal(run_as_of(db, "overdue-action", dated, 0, day_over + DAY).n, 1);
	setenv("TZ", "UTC", 1);
	tzset();
}

static void test_no_key_contact(void **state)
{
	struct crm_db *db = *state;
	int64_t bare = client(db, .name = "Bare", .created = NOW - 3 * DAY);
	int64_t person = client(db, .name = "Person", .kind = "person");
	int64_t keyed = client(db, .name = "Keyed");
	int64_t plain = client(db, .name = "Plain");
	struct found f;

	contact(db, keyed, true, 0, NULL, NULL);
	contact(db, plain, false, 0, NULL, NULL);
	f = run(db, "no-key-contact", bare);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 3 * DAY);
	assert_non_null(strstr(f.detail, "crm contact add --key"));
	assert_int_equal(found(db, "no-key-contact", person), 0);
	assert_int_equal(found(db, "no-key-contact", keyed), 0);
	assert_int_equal(found(db, "no-key-contact", plain), 1);
	set(db, "audit.no-key-contact.days", "4");
	assert_int_equal(found(db, "no-key-contact", bare), 0);
	assert_int_equal(found(db, "no-key-contact", plain), 1);
	set(db, "audit.no-key-contact.days", "3");
	assert_int_equal(found(db, "no-key-contact", bare), 1);
}

static void test_stale_contact(void **state)
{
	struct crm_db *db = *state;
	int64_t stale = client(db, .name = "Stale");
	int64_t recent = client(db, .name = "Recent");
	int64_t never = client(db, .name = "Never");
	int64_t none = client(db, .name = "None");
	struct found f;

	contact(db, stale, true, NOW - 366 * DAY, NULL, NULL);
	contact(db, stale, false, NOW - DAY, NULL, NULL); /* not a key contact */
	contact(db, recent, true, NOW - 364 * DAY, NULL, NULL);
	contact(db, recent, true, NOW - 900 * DAY, NULL, NULL);
	contact(db, never, true, 0, NULL, NULL); /* entered 800 days ago, never verified */
	f = run(db, "stale-contact", stale);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 366 * DAY);
	assert_non_null(strstr(f.detail, "key contact last confirmed 366 days ago"));
	assert_int_equal(found(db, "stale-contact", recent), 0);
	f = run(db, "stale-contact", never);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 800 * DAY);
	assert_int_equal(found(db, "stale-contact", none), 0); /* no-key-contact's business */
	set(db, "audit.stale-contact.days", "400");
	assert_int_equal(found(db, "stale-contact", stale), 0);
	assert_int_equal(found(db, "stale-contact", never), 1);
}

/* A person at client: key or not, a birthday (NULL none), the day they
 * left (0: still there). */
static int64_t person(struct crm_db *db, int64_t client, bool key, const char *birthday,
		      int64_t left, const char *name)
{
	static int n;

	sql_execf(db, "INSERT INTO contact(uuid, client_id, name, name_fold, is_key, birthday,"
		      " left_on, created) VALUES ('p-%d', %lld, %Q, %Q, %d, %Q, nullif(%lld, 0),"
		      " %lld)", ++n, (long long)client, name, name, key ? 1 : 0, birthday,
		  (long long)left, (long long)(NOW - 800 * DAY));
	return last_id(db);
}

static void test_key_contact_left(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10);
	int64_t gone = client(db, .name = "Gone", .owner = ann);
	int64_t two = client(db, .name = "Two", .owner = ann);
	int64_t kept = client(db, .name = "Kept", .owner = ann);
	int64_t plain = client(db, .name = "Plain", .owner = ann);
	int64_t today = client(db, .name = "Today", .owner = ann);
	int64_t lost = client(db, .name = "Lost", .status = "lost", .owner = ann);
	struct found f;

	person(db, gone, true, NULL, TODAY - 10 * DAY, "Ivan");
	person(db, gone, false, NULL, 0, "Clerk"); /* not a key person: does not count */
	person(db, two, true, NULL, TODAY - 30 * DAY, "Olga");
	person(db, two, true, NULL, TODAY - 3 * DAY, "Oleg");
	person(db, kept, true, NULL, TODAY - 10 * DAY, "Petr");
	person(db, kept, true, NULL, 0, "Maria"); /* the successor */
	person(db, plain, false, NULL, TODAY - 10 * DAY, "Nina");
	person(db, today, true, NULL, TODAY, "Fedor");
	person(db, lost, true, NULL, TODAY - 10 * DAY, "Lev");
	f = run(db, "key-contact-left", gone);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 10 * DAY);
	assert_string_equal(f.assignee, "Ann");
	assert_non_null(strstr(f.detail, "the key contact Ivan left 10 days ago"));
	assert_non_null(strstr(f.detail, "crm contact add --key"));
	/* two key people, both gone: since the last one */
	f = run(db, "key-contact-left", two);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 3 * DAY);
	assert_non_null(strstr(f.detail, "the last, Oleg, 3 days ago"));
	assert_int_equal(found(db, "key-contact-left", kept), 0);
	assert_int_equal(found(db, "key-contact-left", plain), 0);
	assert_int_equal(found(db, "key-contact-left", lost), 0);
	/* gone on the audit's day, not the day before */
	assert_int_equal(found(db, "key-contact-left", today), 1);
	assert_int_equal(run_as_of(db, "key-contact-left", today, 0, NOW - DAY).n, 0);
	/* before they left, they were there */
	assert_int_equal(run_as_of(db, "key-contact-left", gone, 0, NOW - 11 * DAY).n, 0);
	assert_int_equal(run_as_of(db, "key-contact-left", gone, 0, NOW - 10 * DAY).n, 1);
	/* a client whose key people left is this rule's, not no-key-contact's */
	assert_int_equal(found(db, "no-key-contact", gone), 0);
	assert_int_equal(found(db, "no-key-contact", plain), 1);
	/* nor stale-contact's: those who left are not confirmed any more */
	assert_int_equal(found(db, "stale-contact", gone), 0);
	assert_int_equal(found(db, "stale-contact", kept), 1);
	f = run(db, "stale-contact", kept);
	assert_non_null(strstr(f.detail, "key contact last confirmed 800 days ago"));
}

static void test_birthday(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10);
	int64_t c = client(db, .name = "Romashka", .owner = ann);
	int64_t other = client(db, .name = "Other", .owner = ann);
	int64_t at6 = person(db, c, true, "--11-28", 0, "Six");
	int64_t at7 = person(db, c, true, "1970-11-29", 0, "Seven");
	int64_t at0 = person(db, other, true, "--11-22", 0, "Zero");
	int64_t jan3, leap, hit;
	struct found f;

	person(db, c, true, "1970-11-30", 0, "Eight");
	person(db, c, true, "1970-11-21", 0, "Yesterday"); /* next year's */
	person(db, c, false, "1970-11-23", 0, "Clerk");     /* not a key person */
	person(db, c, true, "1970-11-23", TODAY - DAY, "Gone");
	f = run(db, "birthday", 0);
	assert_int_equal(f.n, 3);
	f = run(db, "birthday", other);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY);
	assert_string_equal(f.assignee, "Ann");
	assert_non_null(strstr(f.detail, "Zero (contact "));
	assert_non_null(strstr(f.detail, "has a birthday today: congratulate them"));
	f = run(db, "birthday", c);
	assert_int_equal(f.n, 2);
	/* the last one: the 7th day, with the age they reach */
	assert_int_equal(f.since, TODAY + 7 * DAY);
	assert_non_null(strstr(f.detail, "has a birthday on 2026-11-29, in 7 days, turning 56"));
	(void)at6;
	(void)at7;
	(void)at0;
	/* the days are a key: 6 leaves the 7th day out, 0 the day itself only */
	set(db, "audit.birthday.days", "6");
	assert_int_equal(run(db, "birthday", c).n, 1);
	assert_int_equal(run(db, "birthday", c).since, TODAY + 6 * DAY);
	set(db, "audit.birthday.days", "0");
	assert_int_equal(found(db, "birthday", c), 0);
	assert_int_equal(found(db, "birthday", other), 1);
	set(db, "audit.birthday.days", "7");

	/* across the new year: an audit of 28 December, birthdays of 3 to 5 January */
	jan3 = client(db, .name = "January", .owner = ann);
	person(db, jan3, true, "1980-01-04", 0, "Jan4");
	person(db, jan3, true, "1980-01-05", 0, "Jan5");
	person(db, jan3, true, "--01-03", 0, "Jan3");
	f = run_as_of(db, "birthday", jan3, 0, NOW + 36 * DAY); /* 2026-12-28 */
	assert_int_equal(f.n, 2);
	f = run_as_of(db, "birthday", jan3, 0, NOW + 37 * DAY); /* 2026-12-29 */
	assert_int_equal(f.n, 3);

	/* 29 February: on the 28th in a year that is not leap */
	leap = client(db, .name = "Leap", .owner = ann);
	hit = person(db, leap, true, "1980-02-29", 0, "Leapling");
	/* 2027-02-21: the 28th is the 7th day; 2027-02-20: the 8th */
	f = run_as_of(db, "birthday", leap, 0, NOW + 91 * DAY);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY + 98 * DAY); /* 2027-02-28 */
	assert_int_equal(run_as_of(db, "birthday", leap, 0, NOW + 90 * DAY).n, 0);
	/* 2027-03-01: past, and the next is 2028-02-29 */
	assert_int_equal(run_as_of(db, "birthday", leap, 0, NOW + 99 * DAY).n, 0);
	/* 2028-02-22: the 29th is the 7th day; 2028-02-21: the 8th, and never the 28th */
	f = run_as_of(db, "birthday", leap, 0, NOW + 457 * DAY);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY + 464 * DAY); /* 2028-02-29 */
	assert_int_equal(run_as_of(db, "birthday", leap, 0, NOW + 456 * DAY).n, 0);
	(void)hit;
}

static void test_paper_relationship(void **state)
{
	struct crm_db *db = *state;
	int64_t paper = client(db, .name = "Paper");
	int64_t met = client(db, .name = "Met");
	int64_t quiet = client(db, .name = "Quiet");
	int64_t never = client(db, .name = "Never", .status = "regular");
	int64_t prospect = client(db, .name = "Prospect", .status = "prospect");
	struct found f;

	note(db, paper, "meeting", NOW - 200 * DAY);
	note(db, paper, "order", NOW - 10 * DAY);
	note(db, paper, "email", NOW - 20 * DAY);
	note(db, met, "call", NOW - 170 * DAY);
	note(db, met, "order", NOW - 10 * DAY);
	note(db, quiet, "meeting", NOW - 300 * DAY);
	note(db, quiet, "order", NOW - 181 * DAY);
	note(db, never, "email", NOW - DAY);
	note(db, prospect, "email", NOW - DAY);
	f = run(db, "paper-relationship", paper);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 200 * DAY);
	assert_non_null(strstr(f.detail, "2 orders and emails in 180 days, but no meeting or call "
					 "for 200 days"));
	assert_int_equal(found(db, "paper-relationship", met), 0);
	assert_int_equal(found(db, "paper-relationship", quiet), 0);
	f = run(db, "paper-relationship", never);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "never a meeting or call"));
	assert_int_equal(found(db, "paper-relationship", prospect), 0);
	set(db, "audit.paper-relationship.days", "250");
	assert_int_equal(found(db, "paper-relationship", paper), 0);
	set(db, "audit.paper-relationship.days", "150");
	assert_int_equal(found(db, "paper-relationship", met), 1);
}

static void test_broken_promise(void **state)
{
	struct crm_db *db = *state;
	int64_t broken = client(db, .name = "Broken");
	int64_t today = client(db, .name = "Today");
	int64_t doubt = client(db, .name = "Doubt");
	int64_t kept = client(db, .name = "Kept");
	struct found f;

	promise(db, broken, "guarantee", TODAY - DAY, "open", 0);
	promise(db, today, "promise", TODAY, "open", 0);
	promise(db, doubt, "doubt", TODAY - 30 * DAY, "open", 0);
	promise(db, kept, "discount", TODAY - 30 * DAY, "kept", NOW - 31 * DAY);
	f = run(db, "broken-promise", broken);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - DAY);
	assert_non_null(strstr(f.detail, "guarantee 'deliver in 90 days' was due 1 day ago"));
	assert_int_equal(found(db, "broken-promise", today), 0);
	assert_int_equal(found(db, "broken-promise", doubt), 0);
	assert_int_equal(found(db, "broken-promise", kept), 0);
	set(db, "audit.broken-promise.days", "1");
	assert_int_equal(found(db, "broken-promise", broken), 0);
	set(db, "audit.broken-promise.days", "0");
	assert_int_equal(found(db, "broken-promise", broken), 1);
}

static void test_open_conflict(void **state)
{
	struct crm_db *db = *state;
	int64_t old = client(db, .name = "Old");
	int64_t young = client(db, .name = "Young");
	int64_t done = client(db, .name = "Done");
	int64_t misunderstanding = client(db, .name = "Misunderstanding");
	struct found f;

	incident(db, old, "mishap", NOW - 15 * DAY, 0);
	incident(db, old, "conflict", NOW - 20 * DAY, 0);
	incident(db, young, "conflict", NOW - 13 * DAY, 0);
	incident(db, done, "conflict", NOW - 40 * DAY, NOW - DAY);
	incident(db, misunderstanding, "misunderstanding", NOW - 40 * DAY, 0);
	f = run(db, "open-conflict", old);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 20 * DAY);
	assert_non_null(strstr(f.detail, "conflict 'late delivery' unresolved for 20 days "
					 "(and 1 more)"));
	assert_int_equal(found(db, "open-conflict", young), 0);
	assert_int_equal(found(db, "open-conflict", done), 0);
	assert_int_equal(found(db, "open-conflict", misunderstanding), 0);
	/* two days ago it was still open */
	assert_int_equal(run_as_of(db, "open-conflict", done, 0, NOW - 2 * DAY).n, 1);
	set(db, "audit.open-conflict.days", "12");
	assert_int_equal(found(db, "open-conflict", young), 1);
	set(db, "audit.open-conflict.days", "30");
	assert_int_equal(found(db, "open-conflict", old), 0);
}

static void test_storm(void **state)
{
	struct crm_db *db = *state;
	int64_t stuck = client(db, .name = "Stuck", .stage = "storm", .stage_since = NOW - 31 * DAY);
	int64_t fresh = client(db, .name = "Fresh", .stage = "storm", .stage_since = NOW - 29 * DAY);
	int64_t calm = client(db, .name = "Calm", .stage = "support", .stage_since = NOW - 99 * DAY);
	struct found f;

	f = run(db, "storm", stuck);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 31 * DAY);
	assert_non_null(strstr(f.detail, "storm stage for 31 days"));
	assert_int_equal(found(db, "storm", fresh), 0);
	assert_int_equal(found(db, "storm", calm), 0);
	set(db, "audit.storm.days", "28");
	assert_int_equal(found(db, "storm", fresh), 1);
	set(db, "audit.storm.days", "31");
	assert_int_equal(found(db, "storm", stuck), 0);
}

static void test_silent_client(void **state)
{
	struct crm_db *db = *state;
	int64_t silent = client(db, .name = "Silent", .created = NOW - 400 * DAY);
	int64_t heard = client(db, .name = "Heard", .created = NOW - 400 * DAY);
	int64_t surveyed = client(db, .name = "Surveyed", .created = NOW - 900 * DAY);
	int64_t young = client(db, .name = "Young", .created = NOW - 300 * DAY);
	int64_t long_ago = client(db, .name = "LongAgo", .created = NOW - 900 * DAY);
	struct found f;

	note(db, silent, "order", NOW - DAY); /* orders do not speak of satisfaction */
	note(db, heard, "complaint", NOW - 100 * DAY);
	note(db, surveyed, "survey", NOW - 364 * DAY);
	note(db, long_ago, "feedback", NOW - 366 * DAY);
	f = run(db, "silent-client", silent);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 400 * DAY);
	assert_non_null(strstr(f.detail, "not one complaint, feedback or survey in 400 days"));
	assert_int_equal(found(db, "silent-client", heard), 0);
	assert_int_equal(found(db, "silent-client", surveyed), 0);
	assert_int_equal(found(db, "silent-client", young), 0);
	f = run(db, "silent-client", long_ago);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "no complaint, feedback or survey for 366 days"));
	set(db, "audit.silent-client.days", "500");
	assert_int_equal(found(db, "silent-client", silent), 0);
	assert_int_equal(found(db, "silent-client", long_ago), 0);
	set(db, "audit.silent-client.days", "90");
	assert_int_equal(found(db, "silent-client", heard), 1);
}

static void test_over_capacity(void **state)
{
	struct crm_db *db = *state;
	int64_t busy = manager(db, "Busy", 2);
	int64_t fine = manager(db, "Fine", 2);
	struct found f;

	client(db, .name = "A", .owner = busy);
	client(db, .name = "B", .owner = busy);
	client(db, .name = "C", .owner = busy);
	client(db, .name = "D", .owner = fine);
	client(db, .name = "E", .owner = fine);
	client(db, .name = "F", .owner = fine, .status = "lost"); /* no work: not counted */
	f = run(db, "over-capacity", 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.owner, "Busy");
	assert_int_equal(f.since, 0);
	assert_non_null(strstr(f.detail, "holds 3 live clients for a capacity of 2"));
	set(db, "audit.over-capacity.margin", "1");
	assert_int_equal(run(db, "over-capacity", 0).n, 0);
	/* with --owner, only that manager */
	set(db, "audit.over-capacity.margin", "0");
	assert_int_equal(run_as_of(db, "over-capacity", 0, fine, 0).n, 0);
	assert_int_equal(run_as_of(db, "over-capacity", 0, busy, 0).n, 1);
}

/* The VIP programme's fixtures: a programme, an item, a survey. */
static int64_t vip_program(struct crm_db *db, int64_t lead, int64_t created, int64_t closed)
{
	sql_execf(db, "INSERT INTO vip_program(name, name_fold, lead_id, status, author, created, closed)"
		      " VALUES ('VIP 2026', 'vip 2026', %lld, %Q, 'tester', %lld, nullif(%lld, 0))",
		  (long long)lead, closed ? "closed" : "active", (long long)created, (long long)closed);
	return last_id(db);
}

static void vip_item(struct crm_db *db, int64_t program, int64_t client, int64_t surveyor,
		     int64_t due, int64_t done)
{
	sql_execf(db, "INSERT INTO vip_item(program_id, client_id, surveyor_id, status, due, done)"
		      " VALUES (%lld, %lld, nullif(%lld, 0), %Q, %lld, nullif(%lld, 0))",
		  (long long)program, (long long)client, (long long)surveyor,
		  done ? "done" : "pending", (long long)due, (long long)done);
}

static int64_t vip_survey(struct crm_db *db, int64_t client, int64_t at)
{
	sql_execf(db, "INSERT INTO vip_survey(client_id, template_version, surveyor, at, answers, author,"
		      " created) VALUES (%lld, 1, 'Ann', %lld, '{}', 'tester', %lld)", (long long)client,
		  (long long)at, (long long)at);
	return last_id(db);
}

static void test_vip_not_surveyed(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10);
	int64_t never = client(db, .name = "Never", .tier = "vip");
	int64_t old = client(db, .name = "Old", .tier = "key");
	int64_t recent = client(db, .name = "Recent", .tier = "vip");
	int64_t regular = client(db, .name = "Regular");
	int64_t young = client(db, .name = "Young", .tier = "vip", .created = NOW - 100 * DAY);
	int64_t late = client(db, .name = "Late");
	int64_t surveyed = client(db, .name = "Surveyed");
	int64_t closed = client(db, .name = "Closed");
	int64_t p = vip_program(db, ann, NOW - 60 * DAY, 0);
	int64_t q = vip_program(db, ann, NOW - 400 * DAY, NOW - 300 * DAY);
	struct found f;

	vip_survey(db, old, NOW - 366 * DAY);
	vip_survey(db, recent, NOW - 364 * DAY);
	vip_item(db, p, late, ann, TODAY - 3 * DAY, 0);
	vip_item(db, p, surveyed, ann, TODAY - 10 * DAY, NOW - 5 * DAY);
	vip_item(db, q, closed, 0, TODAY - 310 * DAY, 0);
	f = run(db, "vip-not-surveyed", never);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "never surveyed in 1000 days"));
	f = run(db, "vip-not-surveyed", old);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 366 * DAY);
	assert_non_null(strstr(f.detail, "no VIP survey for 366 days"));
	assert_int_equal(found(db, "vip-not-surveyed", recent), 0);
	assert_int_equal(found(db, "vip-not-surveyed", regular), 0);
	assert_int_equal(found(db, "vip-not-surveyed", young), 0);
	f = run(db, "vip-not-surveyed", late);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 3 * DAY);
	assert_non_null(strstr(f.detail, "still to survey in the VIP programme 'VIP 2026', 3 days "
					 "past its due date: Ann should meet them"));
	assert_int_equal(found(db, "vip-not-surveyed", surveyed), 0);
	assert_int_equal(found(db, "vip-not-surveyed", closed), 0);
	/* before it was done, the surveyed one was late too */
	assert_int_equal(run_as_of(db, "vip-not-surveyed", surveyed, 0, NOW - 6 * DAY).n, 1);
	/* before the programme started, nothing was late */
	assert_int_equal(run_as_of(db, "vip-not-surveyed", late, 0, NOW - 61 * DAY).n, 0);
	/* a late vip client is reported once, as a late item */
	vip_item(db, p, never, 0, TODAY - DAY, 0);
	f = run(db, "vip-not-surveyed", never);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "nobody is assigned yet"));
	set(db, "audit.vip-not-surveyed.days", "400");
	assert_int_equal(found(db, "vip-not-surveyed", old), 0);
}

/* A survey that found bad quality, with its incident and its remedy. */
static void quality_case(struct crm_db *db, int64_t client, int64_t due, bool resolved,
			 bool done)
{
	int64_t s = vip_survey(db, client, NOW - 20 * DAY), x, n;

	incident(db, client, "quality", NOW - 20 * DAY, resolved ? NOW - DAY : 0);
	x = last_id(db);
	next_action(db, client, due, NOW - 20 * DAY, done ? NOW - 2 * DAY : 0);
	n = last_id(db);
	sql_execf(db, "UPDATE vip_survey SET quality = 'fail', incident_id = %lld, remedy_id = %lld"
		      " WHERE id = %lld", (long long)x, (long long)n, (long long)s);
}

static void test_quality_unremedied(void **state)
{
	struct crm_db *db = *state;
	int64_t late = client(db, .name = "Late");
	int64_t due = client(db, .name = "Due");
	int64_t fixed = client(db, .name = "Fixed");
	int64_t worked = client(db, .name = "Worked");
	int64_t other = client(db, .name = "Other");
	struct found f;

	quality_case(db, late, TODAY - 5 * DAY, false, false);
	quality_case(db, due, TODAY, false, false);
	quality_case(db, fixed, TODAY - 5 * DAY, true, true);
	quality_case(db, worked, TODAY - 5 * DAY, false, true);
	incident(db, other, "quality", NOW - 30 * DAY, 0); /* not from a survey */
	f = run(db, "quality-unremedied", late);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 5 * DAY);
	assert_non_null(strstr(f.detail, "quality incident 'late delivery': the technical work was due 5 "
					 "days ago:"));
	assert_non_null(strstr(f.detail, "'crm incident resolve"));
	assert_int_equal(found(db, "quality-unremedied", due), 0);
	assert_int_equal(found(db, "quality-unremedied", fixed), 0);
	assert_int_equal(found(db, "quality-unremedied", other), 0);
	f = run(db, "quality-unremedied", worked);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "is marked done, but the quality incident is still open"));
	/* two days ago the fixed one was not fixed yet */
	assert_int_equal(run_as_of(db, "quality-unremedied", fixed, 0, NOW - 2 * DAY).n, 1);
	set(db, "audit.quality-unremedied.days", "5");
	assert_int_equal(found(db, "quality-unremedied", late), 0);
}

static void test_duplicate(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = manager(db, "Анна", 50), boris = manager(db, "Борис", 50);
	int64_t a = client(db, .name = "ООО «Ромашка»", .owner = anna);
	int64_t b = client(db, .name = "Ромашка, LLC", .owner = boris);
	int64_t c = client(db, .name = "Ромашка 2", .owner = boris);
	int64_t d = client(db, .name = "Acme Inc.", .owner = anna);
	int64_t e = client(db, .name = "Zeta", .owner = boris);
	int64_t g = client(db, .name = "Gamma", .owner = boris);
	struct found f;

	contact(db, d, true, 0, "Sales@Acme.example", "+7 (912) 000-00-01");
	contact(db, e, false, 0, " sales@acme.example ", NULL);
	contact(db, g, false, 0, NULL, "8 912 000 00 01");
	f = run(db, "duplicate", b);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 1000 * DAY);
	assert_non_null(strstr(f.detail, "the same name as client"));
	assert_non_null(strstr(f.detail, "'ООО «Ромашка»'"));
	assert_int_equal(found(db, "duplicate", a), 0); /* the first card is the original */
	assert_int_equal(found(db, "duplicate", c), 0);
	f = run(db, "duplicate", e);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "shares the email 'sales@acme.example' with client"));
	f = run(db, "duplicate", g);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "shares the phone '9120000001'"));
	assert_int_equal(found(db, "duplicate", d), 0);
	/* the owner filter applies after the groups: Boris's duplicate of Anna's card */
	assert_int_equal(run_as_of(db, "duplicate", b, boris, 0).n, 1);
	assert_int_equal(run_as_of(db, "duplicate", 0, anna, 0).n, 0);
	set(db, "audit.duplicate.contacts", "false");
	assert_int_equal(found(db, "duplicate", e), 0);
	assert_int_equal(found(db, "duplicate", g), 0);
	assert_int_equal(found(db, "duplicate", b), 1);
}

static void test_name_key(void **state)
{
	static const char *const same[][2] = {
		{ "ООО «Ромашка»", "Ромашка, LLC" },
		{ "ЗАО \"Рога и копыта\"", "рога-и-копыта" },
		{ "ПАО Ёлка", "елка ао" },
		{ "ИП Иванов", "Иванов" },
		{ "Acme Inc.", "ACME Ltd" },
		{ "Acme GmbH", "“Acme”" },
		{ "Smith & Sons, Co.", "smith sons" },
	};
	char *a, *b;

	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		a = crmi_audit_name_key(same[i][0]);
		b = crmi_audit_name_key(same[i][1]);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	a = crmi_audit_name_key("ООО «Ромашка»");
	assert_string_equal(a, "ромашка");
	free(a);
	a = crmi_audit_name_key("Ромашка 2");
	assert_string_equal(a, "ромашка2");
	free(a);
	a = crmi_audit_name_key("ООО"); /* a legal form alone stays itself */
	assert_string_equal(a, "ооо");
	free(a);
}

/* ---- the language of the details -------------------------------------- */

/* The detail of rule id written from v. */
static const char *detail_of(const char *id, const struct vals *v, char *buf, size_t n)
{
	int i = crmi_audit_rule_index(id);

	assert_true(i >= 0);
	crmi_audit_impl[i].detail(buf, n, v);
	return buf;
}

static void test_days_english(void **state)
{
	char buf[64], d[1024];
	struct vals v = { .n1 = 1, .n2 = 1, .t1 = "guarantee", .t2 = "deliver" };

	(void)state;
	assert_string_equal(crmi_audit_days(buf, sizeof(buf), 0), "0 days");
	assert_string_equal(crmi_audit_days(buf, sizeof(buf), 1), "1 day");
	assert_string_equal(crmi_audit_days(buf, sizeof(buf), 2), "2 days");
	assert_string_equal(crmi_audit_days(buf, sizeof(buf), 21), "21 days");
	assert_non_null(strstr(detail_of("broken-promise", &v, d, sizeof(d)),
			       "guarantee 'deliver' was due 1 day ago:"));
	v.n2 = 21;
	assert_non_null(strstr(detail_of("broken-promise", &v, d, sizeof(d)),
			       "guarantee 'deliver' was due 21 days ago:"));
}

/*
 * Under ru_RU.UTF-8, with the catalogue of the build tree (po/ beside
 * tests/, found from this program's path): the three Russian forms. Skipped
 * when the locale or the catalogue is missing.
 */
static void test_days_russian(void **state)
{
	static const struct {
		int64_t n;
		const char *days;
	} forms[] = {
		{ 0, "0 дней" },    { 1, "1 день" },     { 2, "2 дня" },     { 4, "4 дня" },
		{ 5, "5 дней" },    { 11, "11 дней" },   { 12, "12 дней" },  { 14, "14 дней" },
		{ 21, "21 день" },  { 22, "22 дня" },    { 25, "25 дней" },  { 101, "101 день" },
		{ 111, "111 дней" }, { 112, "112 дней" }, { 122, "122 дня" },
	};
	char exe[4096], dir[4200], mo[4300], buf[64], d[1024], want[128];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;
	struct vals v = { .n1 = 1, .t1 = "guarantee", .t2 = "deliver" };

	(void)state;
	if (len <= 0) {
		skip();
	}
	exe[len] = '\0';
	slash = strrchr(exe, '/');
	if (!slash) {
		skip();
	}
	*slash = '\0';
	snprintf(dir, sizeof(dir), "%s/../po", exe);
	snprintf(mo, sizeof(mo), "%s/ru/LC_MESSAGES/crm.mo", dir);
	if (access(mo, R_OK) != 0 || !setlocale(LC_ALL, "ru_RU.UTF-8")) {
		skip();
	}
	bindtextdomain(CRM_TEXTDOMAIN, dir);
	bind_textdomain_codeset(CRM_TEXTDOMAIN, "UTF-8");
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		assert_string_equal(crmi_audit_days(buf, sizeof(buf), forms[i].n), forms[i].days);
		v.n2 = forms[i].n;
		snprintf(want, sizeof(want), "срок по гарантии «deliver» истёк %s назад:",
			 forms[i].days);
		assert_non_null(strstr(detail_of("broken-promise", &v, d, sizeof(d)), want));
	}
	v = (struct vals){ .n1 = 5, .n2 = 2 };
	assert_string_equal(detail_of("over-capacity", &v, d, sizeof(d)),
			    "ведёт 5 действующих клиентов при лимите 2: передайте часть клиентов "
			    "коллеге или поднимите лимит командой «crm manager edit --capacity»");
	setlocale(LC_ALL, "C");
	assert_string_equal(crmi_audit_days(buf, sizeof(buf), 21), "21 days");
}

/* ---- who acts ---------------------------------------------------------- */

static void note_by(struct crm_db *db, int64_t client, const char *kind, int64_t at,
		    const char *author)
{
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, text, created)"
		      " VALUES (%lld, %Q, %lld, %Q, 'x', %lld)", (long long)client, kind,
		  (long long)at, author, (long long)at);
}

static int64_t head(struct crm_db *db, const char *name, const char *status)
{
	int64_t id = manager(db, name, 10);

	sql_execf(db, "UPDATE manager SET role = 'head', status = %Q WHERE id = %lld", status,
		  (long long)id);
	return id;
}

/* The handover rules go to the receiver, the programme to the surveyor,
 * the remedy to its assignee, the rest to the owner. */
static void test_assignees(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t cat = manager(db, "Cat", 10);
	int64_t pending = client(db, .name = "Pending", .owner = ann);
	int64_t silent = client(db, .name = "Silent", .owner = bob);
	int64_t idle = client(db, .name = "Idle", .owner = bob);
	int64_t item = client(db, .name = "Item", .owner = ann);
	int64_t nobody = client(db, .name = "Nobody", .owner = ann);
	int64_t vip = client(db, .name = "Vip", .tier = "vip", .owner = ann);
	int64_t bad = client(db, .name = "Bad", .owner = ann);
	int64_t worse = client(db, .name = "Worse", .owner = ann);
	int64_t p = vip_program(db, ann, NOW - 60 * DAY, 0);
	struct found f;

	handover(db, .client = pending, .from = ann, .to = bob, .created = NOW - 4 * DAY);
	handover(db, .client = silent, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 9 * DAY, .decided = NOW - 5 * DAY);
	next_action(db, idle, TODAY - 5 * DAY, NOW - 10 * DAY, 0);
	handover(db, .client = idle, .from = ann, .to = bob, .status = "accepted",
		 .created = NOW - 12 * DAY, .decided = NOW - 10 * DAY, .next_action = last_id(db));
	f = run(db, "handover-pending", pending);
	assert_string_equal(f.owner, "Ann");
	assert_string_equal(f.assignee, "Bob");
	assert_string_equal(run(db, "handover-no-notice", silent).assignee, "Bob");
	assert_string_equal(run(db, "handover-no-first-action", idle).assignee, "Bob");
	/* the programme's surveyor, else the owner; the survey branch: the owner */
	vip_item(db, p, item, cat, TODAY - 3 * DAY, 0);
	vip_item(db, p, nobody, 0, TODAY - 3 * DAY, 0);
	f = run(db, "vip-not-surveyed", item);
	assert_string_equal(f.owner, "Ann");
	assert_string_equal(f.assignee, "Cat");
	assert_string_equal(run(db, "vip-not-surveyed", nobody).assignee, "Ann");
	assert_string_equal(run(db, "vip-not-surveyed", vip).assignee, "Ann");
	/* the remedy's assignee, else the owner */
	quality_case(db, bad, TODAY - 5 * DAY, false, false);
	sql_execf(db, "UPDATE next_action SET assignee_id = %lld WHERE id = %lld", (long long)cat,
		  (long long)last_id(db));
	quality_case(db, worse, TODAY - 5 * DAY, false, false);
	assert_string_equal(run(db, "quality-unremedied", bad).assignee, "Cat");
	assert_string_equal(run(db, "quality-unremedied", worse).assignee, "Ann");
	/* the others: the owner */
	assert_string_equal(run(db, "no-next-action", pending).assignee, "Ann");
	(void)cat;
}

/* A finding for the heads: once per head who has not left, counted once;
 * with no head, once with no assignee. */
static void test_heads(void **state)
{
	struct crm_db *db = *state;
	const char *rules[] = { "over-capacity" };
	struct crm_audit_options o = { .rules = rules, .nrules = 1 };
	const struct crm_audit_count *c;
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	int64_t ann = manager(db, "Ann", 1), run_id = 0;
	int64_t zoe, yan;
	size_t n;
	struct found r;

	client(db, .name = "One", .owner = ann);
	client(db, .name = "Two", .owner = ann);
	r = run(db, "over-capacity", 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.assignee, "-");
	assert_int_equal(r.repeats, 0);
	zoe = head(db, "Zoe", "active");
	head(db, "Xena", "left");
	yan = head(db, "Yan", "vacation");
	r = run(db, "over-capacity", 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.assignee, "Yan,Zoe");
	assert_int_equal(r.repeats, 1);
	assert_string_equal(r.owner, "Ann");
	/* counted once, and saved once */
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	c = crm_audit_iter_counts(it, &n);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].count, 1);
	assert_int_equal(crm_audit_save(db, it, &run_id), CRM_OK);
	crm_audit_iter_destroy(it);
	assert_int_equal(sql_int(db, "SELECT findings FROM audit_run"), 1);
	/* one head's own: listed once, no repeat, counted */
	o.assignee_id = zoe;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_OK);
	assert_string_equal(f->assignee, "Zoe");
	assert_false(f->repeat);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_DONE);
	c = crm_audit_iter_counts(it, &n);
	assert_int_equal(c[0].count, 1);
	/* a run of one assignee is not saved */
	assert_int_equal(crm_audit_save(db, it, &run_id), CRM_EINVAL);
	crm_audit_iter_destroy(it);
	/* the manager who is no head sees nothing of it */
	o.assignee_id = ann;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_DONE);
	crm_audit_iter_destroy(it);
	(void)yan;
}

/* --assignee selects what one manager must do, --owner the clients of
 * one; they combine. */
static void test_assignee_filter(void **state)
{
	struct crm_db *db = *state;
	const char *rules[] = { "handover-pending", "no-next-action" };
	struct crm_audit_options o = { .rules = rules, .nrules = 2,
				       .order = CRM_AUDIT_ORDER_ASSIGNEE };
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t a = client(db, .name = "A", .owner = ann);
	int64_t b = client(db, .name = "B", .owner = bob);
	int n = 0;

	handover(db, .client = a, .from = ann, .to = bob, .created = NOW - 4 * DAY);
	next_action(db, b, NOW + DAY, NOW - DAY, 0);
	/* by assignee: Ann's no-next-action on A, then Bob's pending A */
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_OK);
	assert_string_equal(f->assignee, "Ann");
	assert_string_equal(f->rule, "no-next-action");
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_OK);
	assert_string_equal(f->assignee, "Bob");
	assert_string_equal(f->rule, "handover-pending");
	assert_string_equal(f->owner, "Ann");
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_DONE);
	crm_audit_iter_destroy(it);
	o.assignee_id = bob;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
		assert_string_equal(f->assignee, "Bob");
		n++;
	}
	crm_audit_iter_destroy(it);
	assert_int_equal(n, 1);
	/* Bob's, about Bob's clients: none */
	o.owner_id = bob;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_DONE);
	crm_audit_iter_destroy(it);
	(void)b;
}

static void test_orphaned(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t cat = manager(db, "Cat", 10);
	int64_t gone = client(db, .name = "Gone", .owner = bob);
	int64_t away = client(db, .name = "Away", .owner = cat);
	int64_t covered = client(db, .name = "Covered", .owner = ann);
	int64_t fine = client(db, .name = "Fine", .owner = ann);
	int64_t none = client(db, .name = "None");
	int64_t lost = client(db, .name = "Lost", .status = "lost", .owner = bob);
	int64_t later = client(db, .name = "Later", .owner = bob, .created = NOW + DAY);
	struct found f;

	sql_execf(db, "UPDATE manager SET status = 'left' WHERE id = %lld", (long long)bob);
	sql_execf(db, "UPDATE manager SET status = 'vacation' WHERE id = %lld", (long long)cat);
	/* Cat's other client is covered by Ann until her return */
	handover(db, .client = covered, .from = cat, .to = ann, .reason = "vacation",
		 .status = "accepted", .created = NOW - 5 * DAY, .decided = NOW - 4 * DAY,
		 .until = TODAY + 10 * DAY);
	f = run(db, "orphaned", gone);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.owner, "Bob");
	assert_string_equal(f.assignee, "-"); /* no head of sales yet */
	assert_non_null(strstr(f.detail, "its manager Bob has left"));
	assert_non_null(strstr(f.detail, "'crm handover plan --from \"Bob\" --reason leaving'"));
	f = run(db, "orphaned", away);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "Cat is on vacation and no cover holds the client"));
	assert_non_null(strstr(f.detail, "--reason vacation --until <date>"));
	f = run(db, "orphaned", none);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "the client has no manager"));
	assert_int_equal(found(db, "orphaned", covered), 0);
	assert_int_equal(found(db, "orphaned", fine), 0);
	assert_int_equal(found(db, "orphaned", lost), 0);
	assert_int_equal(found(db, "orphaned", later), 0);
	/* the heads act: each of them */
	head(db, "Vera", "active");
	head(db, "Uma", "active");
	f = run(db, "orphaned", gone);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.assignee, "Uma,Vera");
	assert_int_equal(f.repeats, 1);
	/* the owner filter: the clients of the one who left */
	assert_int_equal(run_as_of(db, "orphaned", 0, bob, 0).n, 2);
}

static void trainee(struct crm_db *db, int64_t id, int64_t mentor, int64_t until)
{
	sql_execf(db, "UPDATE manager SET trainee = 1, mentor_id = nullif(%lld, 0),"
		      " trainee_until = nullif(%lld, 0) WHERE id = %lld", (long long)mentor,
		  (long long)until, (long long)id);
}

static void test_trainee_unsupervised(void **state)
{
	struct crm_db *db = *state;
	int64_t max = manager(db, "Max Petrov", 10), tim = manager(db, "Tim", 10);
	int64_t ned = manager(db, "Ned", 10), ola = manager(db, "Ola", 10);
	int64_t c6 = client(db, .name = "Six", .owner = tim);
	int64_t c7 = client(db, .name = "Seven", .owner = tim);
	int64_t c8 = client(db, .name = "Eight", .owner = tim);
	int64_t seen = client(db, .name = "Seen", .owner = tim);
	int64_t late = client(db, .name = "Late", .owner = tim);
	int64_t headed = client(db, .name = "Headed", .owner = tim);
	int64_t other = client(db, .name = "Other", .owner = tim);
	int64_t call = client(db, .name = "Call", .owner = tim);
	int64_t after = client(db, .name = "After", .owner = ned);
	int64_t free_ = client(db, .name = "Free", .owner = ola);
	struct found f;

	trainee(db, tim, max, 0);
	trainee(db, ned, 0, TODAY - 20 * DAY); /* a trainee to the end of that day */
	note_by(db, c6, "meeting", NOW - 6 * DAY, "Tim");
	note_by(db, c7, "meeting", NOW - 7 * DAY, "tim");
	note_by(db, c8, "meeting", NOW - 8 * DAY, "Tim");
	/* the mentor called within the days: at the last moment */
	note_by(db, seen, "meeting", NOW - 10 * DAY, "Tim");
	note_by(db, seen, "call", NOW - 3 * DAY, "max petrov");
	/* ... or too late: found until then, and then the check is done */
	note_by(db, late, "meeting", NOW - 10 * DAY, "Tim");
	note_by(db, late, "call", NOW - 2 * DAY, "Max Petrov");
	/* a head followed up; someone else's call does not count */
	note_by(db, headed, "meeting", NOW - 10 * DAY, "Tim");
	note_by(db, headed, "note", NOW - 9 * DAY, "Hana");
	note_by(db, other, "meeting", NOW - 10 * DAY, "Tim");
	note_by(db, other, "call", NOW - 9 * DAY, "Ola");
	/* a call is no meeting */
	note_by(db, call, "call", NOW - 10 * DAY, "Tim");
	/* Ned's meetings: one on his last day as a trainee, one after */
	note_by(db, after, "meeting", TODAY - 20 * DAY + 12 * 3600, "Ned");
	note_by(db, after, "meeting", TODAY - 19 * DAY + 3600, "Ned");
	/* Ola is no trainee */
	note_by(db, free_, "meeting", NOW - 10 * DAY, "Ola");
	head(db, "Hana", "active");
	/* 6 days after: not yet; exactly 7: found; 8: found */
	assert_int_equal(found(db, "trainee-unsupervised", c6), 0);
	f = run(db, "trainee-unsupervised", c7);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 7 * DAY);
	assert_string_equal(f.owner, "Tim");
	assert_string_equal(f.assignee, "Max Petrov");
	assert_non_null(strstr(f.detail, "the trainee Tim met the client 7 days ago and neither "
					 "Max Petrov nor a head of sales has logged anything with "
					 "them in the 7 days after"));
	assert_int_equal(found(db, "trainee-unsupervised", c8), 1);
	assert_int_equal(found(db, "trainee-unsupervised", seen), 0);
	assert_int_equal(found(db, "trainee-unsupervised", late), 0);
	assert_int_equal(run_as_of(db, "trainee-unsupervised", late, 0, NOW - 2 * DAY - 1).n, 1);
	assert_int_equal(run_as_of(db, "trainee-unsupervised", late, 0, NOW - 2 * DAY).n, 0);
	assert_int_equal(found(db, "trainee-unsupervised", headed), 0);
	assert_int_equal(found(db, "trainee-unsupervised", other), 1);
	assert_int_equal(found(db, "trainee-unsupervised", call), 0);
	assert_int_equal(found(db, "trainee-unsupervised", free_), 0);
	/* Ned has no mentor: the heads act; the meeting after his training is his own */
	f = run(db, "trainee-unsupervised", after);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, TODAY - 20 * DAY + 12 * 3600);
	assert_string_equal(f.assignee, "Hana");
	assert_non_null(strstr(f.detail, "neither a mentor nor a head"));
	/* the days come from config: 8, and the 7-day meeting is not due */
	set(db, "audit.trainee-unsupervised.days", "8");
	assert_int_equal(found(db, "trainee-unsupervised", c7), 0);
	assert_int_equal(found(db, "trainee-unsupervised", c8), 1);
	set(db, "audit.trainee-unsupervised.days", "7");
	/* a mentor who left: the heads */
	sql_execf(db, "UPDATE manager SET status = 'left' WHERE id = %lld", (long long)max);
	assert_string_equal(run(db, "trainee-unsupervised", c7).assignee, "Hana");
	/* no longer a trainee: nothing */
	sql_execf(db, "UPDATE manager SET trainee = 0 WHERE id = %lld", (long long)tim);
	assert_int_equal(found(db, "trainee-unsupervised", c7), 0);
}

/* ---- the head's blind zone --------------------------------------------- */

/* An interaction by manager id (its name as the author, and author_id, as
 * crm note writes them); late < 0: none. */
static int64_t met_by(struct crm_db *db, int64_t client, const char *kind, int64_t at,
		      int64_t author, int64_t late)
{
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, author_id, late, text,"
		      " created) SELECT %lld, %Q, %lld, name, id, nullif(%lld, -1), 'x', %lld"
		      " FROM manager WHERE id = %lld", (long long)client, kind, (long long)at,
		  (long long)late, (long long)at, (long long)author);
	return last_id(db);
}

/* An open next action of kind, due at due (timed or a date). */
static int64_t action(struct crm_db *db, int64_t client, const char *kind, int64_t due,
		      bool timed)
{
	sql_execf(db, "INSERT INTO next_action(client_id, text, due, timed, kind, status, author,"
		      " created) VALUES (%lld, 'meet at their office', %lld, %d, %Q, 'open',"
		      " 'tester', %lld)", (long long)client, (long long)due, timed ? 1 : 0, kind,
		  (long long)(NOW - 60 * DAY));
	return last_id(db);
}

/* A move of action id at at, from from to to (both timed), by who. */
static void move(struct crm_db *db, int64_t id, int64_t at, int64_t from, int64_t to,
		 const char *by, const char *reason)
{
	sql_execf(db, "INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed,"
		      " by, reason, actor) VALUES (%lld, %lld, %lld, 1, %lld, 1, %Q, %Q, 'tester')",
		  (long long)id, (long long)at, (long long)from, (long long)to, by, reason);
	sql_execf(db, "UPDATE next_action SET due = %lld WHERE id = %lld", (long long)to,
		  (long long)id);
}

static void test_rescheduled(void **state)
{
	struct crm_db *db = *state;
	int64_t vera = manager(db, "Vera", 10);
	int64_t T = NOW - 3600; /* the meeting: 2026-11-22 09:00 */
	int64_t c23 = client(db, .name = "Under", .owner = vera);
	int64_t c24 = client(db, .name = "At", .owner = vera);
	int64_t c25 = client(db, .name = "Over", .owner = vera);
	int64_t asked = client(db, .name = "Asked", .owner = vera);
	int64_t call = client(db, .name = "Call", .owner = vera);
	int64_t dated = client(db, .name = "Dated", .owner = vera);
	int64_t m2 = client(db, .name = "Two", .owner = vera);
	int64_t m3 = client(db, .name = "Three", .owner = vera);
	int64_t m4 = client(db, .name = "Four", .owner = vera);
	int64_t old = client(db, .name = "Old", .owner = vera);
	int64_t a;
	struct found f;

	head(db, "Hana", "active");
	/* moved by the manager 23h59, 24h00 and 24h01 before the meeting */
	move(db, action(db, c23, "meeting", T, true), T - 24 * 3600 + 60, T, T + 3600,
	     "manager", "нет машины");
	move(db, action(db, c24, "meeting", T, true), T - 24 * 3600, T, T + 3600, "manager", "x");
	move(db, action(db, c25, "meeting", T, true), T - 24 * 3600 - 60, T, T + 3600, "manager",
	     "x");
	/* the client asked; a call is no meeting */
	move(db, action(db, asked, "meeting", T, true), T - 3600, T, T + 3600, "client", "x");
	move(db, action(db, call, "call", T, true), T - 3600, T, T + 3600, "manager", "x");
	/* a meeting on a date: from the start of its day (UTC here) */
	a = action(db, dated, "meeting", TODAY + DAY, false);
	sql_execf(db, "INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed,"
		      " by, reason, actor) VALUES (%lld, %lld, %lld, 0, %lld, 0, 'manager', 'x',"
		      " 'tester')", (long long)a, (long long)(TODAY + DAY - 23 * 3600),
		  (long long)(TODAY + DAY), (long long)(TODAY + 2 * DAY));
	/* moved 2, 3 and 4 times by the client, long before */
	a = action(db, m2, "task", T, true);
	for (int i = 0; i < 2; i++) {
		move(db, a, NOW - (10 - i) * DAY, T, T, "client", "в отпуске");
	}
	a = action(db, m3, "task", T, true);
	for (int i = 0; i < 3; i++) {
		move(db, a, NOW - (10 - i) * DAY, T, T, "client", "в отпуске");
	}
	a = action(db, m4, "task", T, true);
	for (int i = 0; i < 4; i++) {
		move(db, a, NOW - (10 - i) * DAY, T, T, "client", "в отпуске");
	}
	/* three moves, the last 31 days ago: history */
	a = action(db, old, "task", T, true);
	for (int i = 0; i < 3; i++) {
		move(db, a, NOW - (33 - i) * DAY, T, T, "client", "x");
	}

	f = run(db, "rescheduled", c23);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, T - 24 * 3600 + 60);
	assert_string_equal(f.assignee, "Hana");
	assert_non_null(strstr(f.detail, "the meeting was moved 2026-11-22 09:00 → 10:00 by the "
					 "manager 23 hours before: нет машины"));
	assert_int_equal(found(db, "rescheduled", c24), 0);
	assert_int_equal(found(db, "rescheduled", c25), 0);
	assert_int_equal(found(db, "rescheduled", asked), 0);
	assert_int_equal(found(db, "rescheduled", call), 0);
	assert_int_equal(found(db, "rescheduled", dated), 1);
	assert_int_equal(found(db, "rescheduled", m2), 0);
	f = run(db, "rescheduled", m3);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "the task has been moved 3 times, the last "
					 "2026-11-22 09:00 → 09:00 by the client: в отпуске"));
	assert_int_equal(found(db, "rescheduled", m4), 1);
	assert_int_equal(found(db, "rescheduled", old), 0);
	/* as of 29 days after its last move, it was news */
	assert_int_equal(run_as_of(db, "rescheduled", old, 0, NOW - 2 * DAY).n, 1);
	/* the keys: 25 hours, 4 moves */
	set(db, "audit.rescheduled.hours", "25");
	set(db, "audit.rescheduled.moves", "4");
	assert_int_equal(found(db, "rescheduled", c24), 1);
	assert_int_equal(found(db, "rescheduled", c25), 1);
	assert_int_equal(found(db, "rescheduled", m3), 0);
	assert_int_equal(found(db, "rescheduled", m4), 1);
}

static void test_late_meeting(void **state)
{
	struct crm_db *db = *state;
	int64_t vera = manager(db, "Vera", 10);
	int64_t c14 = client(db, .name = "Fourteen", .owner = vera);
	int64_t c15 = client(db, .name = "Fifteen", .owner = vera);
	int64_t c16 = client(db, .name = "Sixteen", .owner = vera);
	int64_t old = client(db, .name = "Old", .owner = vera);
	int64_t call = client(db, .name = "Call", .owner = vera);
	int64_t stranger = client(db, .name = "Stranger", .owner = vera);
	struct found f;

	head(db, "Hana", "active");
	met_by(db, c14, "meeting", NOW - DAY, vera, 14);
	met_by(db, c15, "meeting", NOW - 2 * DAY, vera, 15);
	met_by(db, c16, "meeting", NOW - DAY, vera, 16);
	met_by(db, old, "meeting", NOW - 31 * DAY, vera, 40);
	met_by(db, call, "call", NOW - DAY, vera, 40); /* the SQL allows it: no meeting */
	note_by(db, stranger, "meeting", NOW - DAY, "Someone"); /* no manager's */
	sql_execf(db, "UPDATE interaction SET late = 40 WHERE client_id = %lld",
		  (long long)stranger);
	assert_int_equal(found(db, "late-meeting", c14), 0);
	f = run(db, "late-meeting", c15);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 2 * DAY);
	assert_string_equal(f.assignee, "Hana");
	assert_non_null(strstr(f.detail, "Vera came 15 minutes late to the meeting of "
					 "2026-11-20 10:00 (the limit is 15)"));
	assert_int_equal(found(db, "late-meeting", c16), 1);
	assert_int_equal(found(db, "late-meeting", old), 0);
	assert_int_equal(run_as_of(db, "late-meeting", old, 0, NOW - 2 * DAY).n, 1);
	assert_int_equal(found(db, "late-meeting", call), 0);
	assert_int_equal(found(db, "late-meeting", stranger), 0);
	set(db, "audit.late-meeting.minutes", "16");
	assert_int_equal(found(db, "late-meeting", c15), 0);
	assert_int_equal(found(db, "late-meeting", c16), 1);
}

static void test_no_control_call(void **state)
{
	struct crm_db *db = *state;
	int64_t vera = manager(db, "Vera", 10), max = manager(db, "Max", 10);
	int64_t tim = manager(db, "Tim", 10), ola = manager(db, "Ola", 10);
	int64_t hana = head(db, "Hana", "active");
	int64_t c6 = client(db, .name = "Six", .owner = vera);
	int64_t c7 = client(db, .name = "Seven", .owner = vera);
	int64_t c8 = client(db, .name = "Eight", .owner = vera);
	int64_t called = client(db, .name = "Called", .owner = vera);
	int64_t other = client(db, .name = "Other", .owner = vera);
	int64_t second = client(db, .name = "Second", .owner = vera);
	int64_t old = client(db, .name = "Old", .owner = vera);
	int64_t tfirst = client(db, .name = "TraineeFirst", .owner = tim);
	int64_t mentored = client(db, .name = "Mentored", .owner = tim);
	int64_t tsecond = client(db, .name = "TraineeSecond", .owner = tim);
	struct found f;

	trainee(db, tim, max, 0);
	/* first meetings 6, 7 and 8 days ago */
	met_by(db, c6, "meeting", NOW - 6 * DAY, vera, -1);
	met_by(db, c7, "meeting", NOW - 7 * DAY, vera, -1);
	met_by(db, c8, "meeting", NOW - 8 * DAY, vera, -1);
	/* the head called after the meeting; a colleague's call does not count */
	met_by(db, called, "meeting", NOW - 10 * DAY, vera, -1);
	met_by(db, called, "call", NOW - 2 * DAY, hana, -1);
	met_by(db, other, "meeting", NOW - 10 * DAY, vera, -1);
	met_by(db, other, "call", NOW - 2 * DAY, ola, -1);
	/* not the first meeting */
	met_by(db, second, "meeting", NOW - 20 * DAY, ola, -1);
	sql_execf(db, "UPDATE interaction SET at = %lld WHERE client_id = %lld",
		  (long long)(NOW - 40 * DAY), (long long)second);
	met_by(db, second, "meeting", NOW - 10 * DAY, vera, -1);
	/* a first meeting 31 days ago: history */
	met_by(db, old, "meeting", NOW - 31 * DAY, vera, -1);
	/* the trainee's first meetings: the mentor acts; his call is the check */
	met_by(db, tfirst, "meeting", NOW - 8 * DAY, tim, -1);
	met_by(db, mentored, "meeting", NOW - 8 * DAY, tim, -1);
	met_by(db, mentored, "call", NOW - 7 * DAY, max, -1);
	/* the trainee's second meeting: trainee-unsupervised's, not this rule's */
	met_by(db, tsecond, "meeting", NOW - 40 * DAY, vera, -1);
	met_by(db, tsecond, "meeting", NOW - 8 * DAY, tim, -1);

	assert_int_equal(found(db, "no-control-call", c6), 0);
	f = run(db, "no-control-call", c7);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.since, NOW - 7 * DAY);
	assert_string_equal(f.assignee, "Hana");
	assert_non_null(strstr(f.detail, "the first meeting with the client, by Vera, was 7 days "
					 "ago and no head of sales has talked to the client since"));
	assert_int_equal(found(db, "no-control-call", c8), 1);
	assert_int_equal(found(db, "no-control-call", called), 0);
	assert_int_equal(run_as_of(db, "no-control-call", called, 0, NOW - 2 * DAY - 1).n, 1);
	assert_int_equal(found(db, "no-control-call", other), 1);
	assert_int_equal(found(db, "no-control-call", second), 0);
	assert_int_equal(found(db, "no-control-call", old), 0);
	f = run(db, "no-control-call", tfirst);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.assignee, "Max");
	assert_non_null(strstr(f.detail, "by the trainee Tim, was 8 days ago and neither the "
					 "mentor Max nor a head of sales"));
	assert_int_equal(found(db, "no-control-call", mentored), 0);
	assert_int_equal(found(db, "no-control-call", tsecond), 0);
	/* one report per meeting: the trainee's first is not trainee-unsupervised's */
	assert_int_equal(found(db, "trainee-unsupervised", tfirst), 0);
	assert_int_equal(found(db, "trainee-unsupervised", tsecond), 1);
	/* ... unless it is too old for no-control-call */
	assert_int_equal(run_as_of(db, "trainee-unsupervised", tfirst, 0, NOW + 23 * DAY).n, 1);
	/* the days from config */
	set(db, "audit.no-control-call.days", "8");
	assert_int_equal(found(db, "no-control-call", c7), 0);
	assert_int_equal(found(db, "no-control-call", c8), 1);
}

/* A survey as crm vip survey writes it: the survey and its interaction. */
static void surveyed(struct crm_db *db, int64_t client, int64_t at)
{
	note(db, client, "survey", at);
	sql_execf(db, "INSERT INTO vip_survey(client_id, template_version, surveyor, at, answers,"
		      " author, created, interaction_id) VALUES (%lld, 1, 'Ann', %lld, '{}', 'tester',"
		      " %lld, %lld)", (long long)client, (long long)at, (long long)at,
		  (long long)last_id(db));
}

/* A completed VIP survey counts as a meeting: the client it saved is not
 * "no meeting or call for 439 days" after it. */
static void test_survey_counts_as_meeting(void **state)
{
	struct crm_db *db = *state;
	int64_t paper = client(db, .name = "Paper"), saved = client(db, .name = "Saved");
	int64_t lone = client(db, .name = "Lone"), kept = client(db, .name = "Kept");
	int64_t mute = client(db, .name = "Mute"), heard = client(db, .name = "Heard");

	/* paper-relationship: orders, the last call 439 days ago */
	note(db, paper, "call", NOW - 439 * DAY);
	note(db, paper, "order", NOW - 20 * DAY);
	note(db, saved, "call", NOW - 439 * DAY);
	note(db, saved, "order", NOW - 20 * DAY);
	surveyed(db, saved, NOW - 10 * DAY);
	assert_int_equal(found(db, "paper-relationship", paper), 1);
	assert_int_equal(found(db, "paper-relationship", saved), 0);
	assert_int_equal(run_as_of(db, "paper-relationship", saved, 0, NOW - 10 * DAY - 1).n, 1);
	/* forgotten: nothing for 439 days */
	note(db, lone, "call", NOW - 439 * DAY);
	note(db, kept, "call", NOW - 439 * DAY);
	surveyed(db, kept, NOW - 10 * DAY);
	assert_int_equal(found(db, "forgotten", lone), 1);
	assert_int_equal(found(db, "forgotten", kept), 0);
	/* silent-client: no feedback for the client of 1000 days */
	note(db, mute, "order", NOW - DAY);
	surveyed(db, heard, NOW - 10 * DAY);
	assert_int_equal(found(db, "silent-client", mute), 1);
	assert_int_equal(found(db, "silent-client", heard), 0);
}

/* A handover superseded by a later one of the same client asks for no
 * notice; the later one does. */
static void test_superseded_notice(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t c = client(db, .name = "Moved", .owner = ann);
	int64_t h1, h2;
	struct found f;

	h1 = handover(db, .client = c, .from = ann, .to = bob, .reason = "client-request",
		      .status = "accepted", .created = NOW - 20 * DAY, .decided = NOW - 19 * DAY);
	h2 = handover(db, .client = c, .from = bob, .to = ann, .reason = "client-request",
		      .status = "accepted", .created = NOW - 10 * DAY, .decided = NOW - 9 * DAY);
	assert_int_equal(found(db, "handover-no-notice", c), 2);
	sql_execf(db, "UPDATE handover SET superseded_by = %lld WHERE id = %lld", (long long)h2,
		  (long long)h1);
	f = run(db, "handover-no-notice", c);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "handover 2 was accepted"));
	assert_string_equal(f.assignee, "Ann");
}

/* The default escalation (5): the rule warns at the fourth request, not
 * at the third. */
static void test_client_requests_default(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 10), bob = manager(db, "Bob", 10);
	int64_t c = client(db, .name = "Often", .owner = ann);
	struct found f;

	for (int i = 0; i < 3; i++) {
		handover(db, .client = c, .from = ann, .to = bob, .reason = "client-request",
			 .status = "declined", .created = NOW - (100 - i) * DAY,
			 .decided = NOW - (99 - i) * DAY);
	}
	assert_int_equal(found(db, "client-requests", c), 0);
	handover(db, .client = c, .from = ann, .to = bob, .reason = "client-request",
		 .created = NOW - DAY);
	f = run(db, "client-requests", c);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.detail, "asked 4 times in 365 days"));
	assert_string_equal(f.assignee, "-"); /* no head */
}

/* The health of a client names the regular candidate with its reasons. */
static const struct crm_audit_health *health_of(struct crm_audit_health_iter *it,
						 int64_t client)
{
	const struct crm_audit_health *h;

	while (crm_audit_health_iter_next(it, &h) == CRM_OK) {
		if (h->client_id == client) {
			return h;
		}
	}
	fail_msg("client %lld not listed", (long long)client);
	return NULL;
}

static void orders(struct crm_db *db, int64_t client, int n, int64_t first, int64_t last)
{
	for (int i = 0; i < n; i++) {
		note(db, client, "order", i == 0 ? first : i == n - 1 ? last : first + DAY);
	}
}

static bool candidate(struct crm_db *db, int64_t client, char *why, size_t n)
{
	struct crm_audit_options o = { 0 };
	struct crm_audit_health_iter *it;
	const struct crm_audit_health *h;
	bool r;

	assert_int_equal(crm_audit_clients(db, &o, &it), CRM_OK);
	h = health_of(it, client);
	r = h->regular_candidate;
	snprintf(why, n, "%s", h->regular_reasons);
	if (!r) {
		assert_string_equal(h->regular_reasons, "[]");
	}
	crm_audit_health_iter_destroy(it);
	return r;
}

static void test_regular_candidate(void **state)
{
	struct crm_db *db = *state;
	int64_t ann = manager(db, "Ann", 50);
	int64_t three = client(db, .name = "Three", .owner = ann);
	int64_t two = client(db, .name = "Two", .owner = ann);
	int64_t d179 = client(db, .name = "D179", .owner = ann);
	int64_t d180 = client(db, .name = "D180", .owner = ann);
	int64_t d181 = client(db, .name = "D181", .owner = ann);
	int64_t quiet = client(db, .name = "Quiet", .owner = ann);
	int64_t fight = client(db, .name = "Fight", .owner = ann);
	int64_t already = client(db, .name = "Already", .status = "regular", .owner = ann);
	int64_t often = client(db, .name = "Often", .owner = ann, .every = 20);
	int64_t c[] = { three, two, d179, d180, d181, quiet, fight, already, often };
	char why[512];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		note(db, c[i], c[i] == quiet ? "email" : "meeting", NOW - 30 * DAY);
	}
	orders(db, three, 3, NOW - 300 * DAY, NOW - 40 * DAY);
	orders(db, two, 2, NOW - 300 * DAY, NOW - 40 * DAY);
	orders(db, d179, 3, NOW - 300 * DAY, NOW - 121 * DAY);
	orders(db, d180, 3, NOW - 300 * DAY, NOW - 120 * DAY);
	orders(db, d181, 3, NOW - 300 * DAY, NOW - 119 * DAY);
	orders(db, quiet, 3, NOW - 300 * DAY, NOW - 40 * DAY);
	orders(db, fight, 3, NOW - 300 * DAY, NOW - 40 * DAY);
	orders(db, already, 3, NOW - 300 * DAY, NOW - 40 * DAY);
	orders(db, often, 3, NOW - 300 * DAY, NOW - 40 * DAY);
	incident(db, fight, "conflict", NOW - 50 * DAY, 0);
	assert_true(candidate(db, three, why, sizeof(why)));
	assert_string_equal(why, "[\"3 orders over 260 days\",\"a meeting or call 30 days ago, "
				 "within its 90 days\",\"no open conflict\"]");
	assert_false(candidate(db, two, why, sizeof(why)));
	assert_false(candidate(db, d179, why, sizeof(why)));
	assert_true(candidate(db, d180, why, sizeof(why)));
	assert_non_null(strstr(why, "3 orders over 180 days"));
	assert_true(candidate(db, d181, why, sizeof(why)));
	assert_false(candidate(db, quiet, why, sizeof(why)));  /* only an email */
	assert_false(candidate(db, fight, why, sizeof(why)));
	assert_false(candidate(db, already, why, sizeof(why)));
	assert_false(candidate(db, often, why, sizeof(why)));  /* due every 20 days */
	/* the keys: two orders are enough, and the conflict resolved */
	set(db, "client.regular.orders", "2");
	sql_execf(db, "UPDATE incident SET status = 'resolved', resolved = %lld",
		  (long long)(NOW - DAY));
	assert_true(candidate(db, two, why, sizeof(why)));
	assert_true(candidate(db, fight, why, sizeof(why)));
	set(db, "client.regular.days", "181");
	assert_false(candidate(db, d180, why, sizeof(why)));
	assert_true(candidate(db, d181, why, sizeof(why)));
}

/* ---- the run ---------------------------------------------------------- */

/* A base where several rules find something, for two managers. */
static void fill(struct crm_db *db, int64_t *anna, int64_t *boris)
{
	int64_t a, b, c;

	*anna = manager(db, "Анна", 50);
	*boris = manager(db, "Борис", 50);
	/* younger than a year: not silent clients */
	a = client(db, .name = "Alpha", .owner = *anna, .created = NOW - 300 * DAY);
	b = client(db, .name = "Beta", .owner = *boris, .created = NOW - 300 * DAY);
	c = client(db, .name = "Gamma", .created = NOW - 300 * DAY);
	note(db, a, "call", NOW - 100 * DAY);
	note(db, b, "call", NOW - DAY);
	note(db, c, "call", NOW - DAY);
	note(db, b, "call", NOW - 50 * DAY);
	note(db, c, "call", NOW - 50 * DAY);
	promise(db, a, "promise", TODAY - 5 * DAY, "open", 0);
	promise(db, b, "promise", TODAY - 2 * DAY, "open", 0);
	contact(db, a, true, NOW - DAY, NULL, NULL);
	contact(db, b, true, NOW - DAY, NULL, NULL);
	contact(db, c, true, NOW - DAY, NULL, NULL);
	next_action(db, a, NOW + DAY, NOW - DAY, 0);
	next_action(db, b, NOW + DAY, NOW - DAY, 0);
	next_action(db, c, NOW + DAY, NOW - DAY, 0);
}

struct seen {
	char rule[32];
	int sev;
	char owner[32];
	int64_t client;
};

static size_t collect(struct crm_db *db, const struct crm_audit_options *o, struct seen *out,
		      size_t max)
{
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	crm_status st;
	size_t n = 0;

	assert_int_equal(crm_audit_query(db, o, &it), CRM_OK);
	while ((st = crm_audit_iter_next(it, &f)) == CRM_OK) {
		assert_true(n < max);
		snprintf(out[n].rule, sizeof(out[n].rule), "%s", f->rule);
		snprintf(out[n].owner, sizeof(out[n].owner), "%s", f->owner ? f->owner : "");
		out[n].sev = (int)f->severity;
		out[n].client = f->client_id;
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	crm_audit_iter_destroy(it);
	return n;
}

static void test_orders_and_filters(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { 0 };
	struct seen s[16];
	int64_t anna, boris;
	size_t n;

	fill(db, &anna, &boris);
	/* rule order: forgotten (Alpha), broken-promise (Alpha, Beta), then
	 * orphaned (Gamma, which has no owner) */
	n = collect(db, &o, s, 16);
	assert_int_equal(n, 4);
	assert_string_equal(s[0].rule, "forgotten");
	assert_string_equal(s[1].rule, "broken-promise");
	assert_string_equal(s[2].rule, "broken-promise");
	assert_string_equal(s[3].rule, "orphaned");
	/* by severity: the errors first, by owner (none last) */
	o.order = CRM_AUDIT_ORDER_SEVERITY;
	n = collect(db, &o, s, 16);
	assert_int_equal(n, 4);
	assert_string_equal(s[0].rule, "broken-promise");
	assert_string_equal(s[0].owner, "Анна");
	assert_string_equal(s[1].rule, "broken-promise");
	assert_string_equal(s[1].owner, "Борис");
	assert_string_equal(s[2].rule, "orphaned");
	assert_string_equal(s[2].owner, "");
	assert_string_equal(s[3].rule, "forgotten");
	/* by owner: Anna's two, the most severe first, then Boris's, then none */
	o.order = CRM_AUDIT_ORDER_OWNER;
	n = collect(db, &o, s, 16);
	assert_int_equal(n, 4);
	assert_string_equal(s[0].owner, "Анна");
	assert_string_equal(s[0].rule, "broken-promise");
	assert_string_equal(s[1].owner, "Анна");
	assert_string_equal(s[1].rule, "forgotten");
	assert_string_equal(s[2].owner, "Борис");
	assert_string_equal(s[3].owner, "");
	/* one owner */
	o.owner_id = boris;
	n = collect(db, &o, s, 16);
	assert_int_equal(n, 1);
	assert_string_equal(s[0].owner, "Борис");
	/* the least severity leaves out rules below it */
	o.owner_id = 0;
	o.min_severity = CRM_SEVERITY_ERROR;
	n = collect(db, &o, s, 16);
	assert_int_equal(n, 3);
	assert_int_equal(s[0].sev, CRM_SEVERITY_ERROR);
	assert_int_equal(s[2].sev, CRM_SEVERITY_ERROR);
	/* as of 20 days ago: Alpha was not yet forgotten, the promises not due */
	o.min_severity = CRM_SEVERITY_INFO;
	o.as_of = NOW - 20 * DAY;
	n = collect(db, &o, s, 16);
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(s[i].rule, "forgotten");
		assert_string_not_equal(s[i].rule, "broken-promise");
	}
}

static void test_counts_save_history(void **state)
{
	struct crm_db *db = *state;
	const char *rules[] = { "forgotten", "broken-promise", "handover-pending" };
	struct crm_audit_options o = { .rules = rules, .nrules = 3 };
	const struct crm_audit_finding *f;
	const struct crm_audit_count *c;
	const struct crm_audit_trend *t;
	const struct crm_audit_run *r;
	struct crm_audit_trend_iter *ti;
	struct crm_audit_run_iter *ri;
	struct crm_audit_iter *it;
	int64_t anna, boris, id1 = 0, id2 = 0;
	size_t n;

	fill(db, &anna, &boris);
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	/* not finished: nothing to save */
	assert_int_equal(crm_audit_save(db, it, &id1), CRM_EINVAL);
	assert_int_equal(id1, 0);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	c = crm_audit_iter_counts(it, &n);
	assert_int_equal(n, 3);
	assert_string_equal(c[0].rule, "forgotten");
	assert_int_equal(c[0].count, 1);
	assert_string_equal(c[1].rule, "broken-promise");
	assert_int_equal(c[1].count, 2);
	assert_string_equal(c[2].rule, "handover-pending");
	assert_int_equal(c[2].count, 0);
	assert_int_equal(crm_audit_iter_as_of(it), NOW);
	assert_int_equal(crm_audit_save(db, it, &id1), CRM_OK);
	assert_true(id1 > 0);
	crm_audit_iter_destroy(it);
	/* the journal has it */
	{
		sqlite3_stmt *s;

		assert_int_equal(sqlite3_prepare_v2(db->sql,
						    "SELECT entity_id, data FROM journal"
						    " WHERE action = 'audit.save'", -1, &s, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int64(s, 0), id1);
		assert_non_null(strstr((const char *)sqlite3_column_text(s, 1),
				       "\"broken-promise\":2"));
		sqlite3_finalize(s);
	}
	/* a day later, a promise kept and the forgotten client called */
	sql_execf(db, "UPDATE promise SET status = 'kept', closed = %lld WHERE client_id ="
		      " (SELECT id FROM client WHERE name = 'Beta')", (long long)NOW);
	note(db, 1, "call", NOW);
	crm_db_set_now(db, NOW + DAY);
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	assert_int_equal(crm_audit_save(db, it, &id2), CRM_OK);
	crm_audit_iter_destroy(it);
	/* an owner's run is kept apart */
	o.owner_id = anna;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	assert_int_equal(crm_audit_save(db, it, &id1), CRM_OK);
	crm_audit_iter_destroy(it);

	assert_int_equal(crm_audit_runs(db, 0, 0, &ri), CRM_OK);
	assert_int_equal(crm_audit_run_iter_next(ri, &r), CRM_OK);
	assert_int_equal(r->id, id2); /* newest first */
	assert_int_equal(r->as_of, NOW + DAY);
	assert_int_equal(r->findings, 1);
	assert_string_equal(r->actor, "tester");
	assert_int_equal(r->owner_id, 0);
	assert_int_equal(crm_audit_run_iter_next(ri, &r), CRM_OK);
	assert_int_equal(r->findings, 3);
	assert_int_equal(crm_audit_run_iter_next(ri, &r), CRM_DONE);
	assert_int_equal(crm_audit_run_iter_next(ri, &r), CRM_DONE);
	crm_audit_run_iter_destroy(ri);
	assert_int_equal(crm_audit_runs(db, anna, 5, &ri), CRM_OK);
	assert_int_equal(crm_audit_run_iter_next(ri, &r), CRM_OK);
	assert_string_equal(r->owner, "Анна");
	crm_audit_run_iter_destroy(ri);

	assert_int_equal(crm_audit_history(db, 0, 10, &ti), CRM_OK);
	assert_int_equal(crm_audit_trend_iter_next(ti, &t), CRM_OK);
	assert_string_equal(t->rule, "forgotten");
	assert_int_equal(t->runs, 2);
	assert_string_equal(t->counts, "[1,0]");
	assert_int_equal(t->first, 1);
	assert_int_equal(t->last, 0);
	assert_int_equal(t->change, -1);
	assert_string_equal(t->trend, "better");
	assert_int_equal(crm_audit_trend_iter_next(ti, &t), CRM_OK);
	assert_string_equal(t->rule, "broken-promise");
	assert_string_equal(t->counts, "[2,1]");
	assert_int_equal(crm_audit_trend_iter_next(ti, &t), CRM_OK);
	assert_string_equal(t->rule, "handover-pending");
	assert_string_equal(t->counts, "[0,0]");
	assert_string_equal(t->trend, "same");
	assert_int_equal(crm_audit_trend_iter_next(ti, &t), CRM_DONE);
	crm_audit_trend_iter_destroy(ti);
	/* the last run only */
	assert_int_equal(crm_audit_history(db, 0, 1, &ti), CRM_OK);
	assert_int_equal(crm_audit_trend_iter_next(ti, &t), CRM_OK);
	assert_string_equal(t->counts, "[0]");
	assert_int_equal(t->change, 0);
	crm_audit_trend_iter_destroy(ti);
}

static void test_health(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { 0 };
	const struct crm_audit_health *h;
	struct crm_audit_health_iter *it;
	int64_t anna, boris;

	fill(db, &anna, &boris);
	client(db, .name = "Lost", .status = "lost"); /* gone: not listed */
	/* Alpha: broken-promise (error) + forgotten (warn); Beta: broken-promise */
	assert_int_equal(crm_audit_clients(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Alpha");
	assert_int_equal(h->health, 100 - CRM_HEALTH_ERROR - CRM_HEALTH_WARN);
	assert_int_equal(h->rules, 2);
	assert_string_equal(h->reasons, "[\"broken-promise\",\"forgotten\"]");
	assert_string_equal(h->owner, "Анна");
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Beta");
	assert_int_equal(h->health, 100 - CRM_HEALTH_ERROR);
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Gamma");
	assert_int_equal(h->health, 100 - CRM_HEALTH_ERROR);
	assert_string_equal(h->reasons, "[\"orphaned\"]");
	assert_null(h->owner);
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_DONE);
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_DONE);
	crm_audit_health_iter_destroy(it);
	/* by name, at most two, of one owner, from some rules */
	o.sort = CRM_AUDIT_SORT_NAME;
	o.limit = 2;
	assert_int_equal(crm_audit_clients(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Alpha");
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Beta");
	assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_DONE);
	crm_audit_health_iter_destroy(it);
	{
		const char *rules[] = { "forgotten" };
		struct crm_audit_options p = { .rules = rules, .nrules = 1, .owner_id = anna };

		assert_int_equal(crm_audit_clients(db, &p, &it), CRM_OK);
		assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
		assert_int_equal(h->health, 100 - CRM_HEALTH_WARN);
		assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_DONE);
		crm_audit_health_iter_destroy(it);
	}
	/* many severe rules: never below zero */
	{
		int64_t x = client(db, .name = "Doomed");

		promise(db, x, "promise", TODAY - 5 * DAY, "open", 0);
		incident(db, x, "conflict", NOW - 40 * DAY, 0);
		incident(db, x, "mishap", NOW - 40 * DAY, 0);
		sql_execf(db, "UPDATE client SET stage = 'storm', stage_since = %lld WHERE id = %lld",
			  (long long)(NOW - 99 * DAY), (long long)x);
		o = (struct crm_audit_options){ 0 };
		assert_int_equal(crm_audit_clients(db, &o, &it), CRM_OK);
		assert_int_equal(crm_audit_health_iter_next(it, &h), CRM_OK);
		assert_string_equal(h->client, "Doomed");
		assert_int_equal(h->health, 0);
		crm_audit_health_iter_destroy(it);
	}
}

static void test_scorecards(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { 0 };
	const struct crm_audit_scorecard *s;
	struct crm_audit_scorecard_iter *it;
	int64_t anna = manager(db, "Анна", 2), boris = manager(db, "Борис", 10);
	int64_t a1 = client(db, .name = "A1", .owner = anna);
	int64_t a2 = client(db, .name = "A2", .owner = anna);
	int64_t a3 = client(db, .name = "A3", .owner = anna);
	int64_t b1 = client(db, .name = "B1", .owner = boris);

	manager(db, "Gone", 5);
	sql_execf(db, "UPDATE manager SET status = 'left' WHERE name = 'Gone'");
	note(db, a1, "order", NOW - 100 * DAY); /* forgotten */
	note(db, a1, "order", NOW - 200 * DAY);
	note(db, a2, "order", NOW - 10 * DAY);
	note(db, a3, "call", NOW - 20 * DAY);
	note(db, b1, "call", NOW - 5 * DAY);
	next_action(db, a2, TODAY - DAY, NOW - 9 * DAY, 0);
	promise(db, a3, "promise", TODAY - DAY, "open", 0);
	promise(db, a3, "discount", TODAY - 50 * DAY, "broken", NOW - 40 * DAY);
	incident(db, a1, "conflict", NOW - DAY, 0);
	/* B1 came from Anna 10 days ago; A2 from Boris, but 100 days ago; a
	 * handover still pending moves nobody */
	sql_execf(db, "INSERT INTO handover(client_id, from_id, to_id, reason, status, brief, dossier,"
		      " next_text, next_due, created_by, created, decided) VALUES"
		      " (%lld, %lld, %lld, 'overload', 'accepted', 'b', '{}', 'call', %lld, 'x', %lld, %lld),"
		      " (%lld, %lld, %lld, 'refresh', 'accepted', 'b', '{}', 'call', %lld, 'x', %lld, %lld),"
		      " (%lld, %lld, %lld, 'refresh', 'pending', 'b', '{}', 'call', %lld, 'x', %lld, NULL)",
		  (long long)b1, (long long)anna, (long long)boris, (long long)NOW,
		  (long long)(NOW - 11 * DAY), (long long)(NOW - 10 * DAY), (long long)a2,
		  (long long)boris, (long long)anna, (long long)NOW, (long long)(NOW - 101 * DAY),
		  (long long)(NOW - 100 * DAY), (long long)a3, (long long)anna, (long long)boris,
		  (long long)NOW, (long long)(NOW - DAY));
	assert_int_equal(crm_audit_managers(db, &o, &it), CRM_OK);
	/* the lowest score first: Anna */
	assert_int_equal(crm_audit_scorecard_iter_next(it, &s), CRM_OK);
	assert_string_equal(s->manager, "Анна");
	assert_int_equal(s->manager_id, anna);
	assert_int_equal(s->clients, 3);
	assert_int_equal(s->capacity, 2);
	assert_int_equal(s->forgotten, 1);
	assert_int_equal(s->forgotten_pct, 33);
	assert_int_equal(s->overdue_actions, 1);
	assert_int_equal(s->broken_promises, 2);
	assert_int_equal(s->open_conflicts, 1);
	assert_int_equal(s->repeat_rate, 50); /* A1 ordered twice, A2 once */
	assert_int_equal(s->median_days, 20); /* 10, 20, 100 */
	assert_int_equal(s->handovers_in, 0);
	assert_int_equal(s->handovers_out, 1);
	/* 100 x (1 - 0.4/3 - 0.2/3 - 0.2 x 2/3 - 0.1/3 - 0.1 x 1/2) = 58.3 */
	assert_int_equal(s->score, 58);
	assert_int_equal(crm_audit_scorecard_iter_next(it, &s), CRM_OK);
	assert_string_equal(s->manager, "Борис");
	assert_int_equal(s->score, 100);
	assert_int_equal(s->repeat_rate, -1);
	assert_int_equal(s->median_days, 5);
	assert_int_equal(s->handovers_in, 1);
	assert_int_equal(s->handovers_out, 0);
	/* a manager who left with no clients is not listed */
	assert_int_equal(crm_audit_scorecard_iter_next(it, &s), CRM_DONE);
	crm_audit_scorecard_iter_destroy(it);
	o.sort = CRM_AUDIT_SORT_NAME;
	o.owner_id = boris;
	assert_int_equal(crm_audit_managers(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_scorecard_iter_next(it, &s), CRM_OK);
	assert_string_equal(s->manager, "Борис");
	assert_int_equal(crm_audit_scorecard_iter_next(it, &s), CRM_DONE);
	crm_audit_scorecard_iter_destroy(it);
}

static void test_sql_script(void **state)
{
	struct crm_db *db = *state;
	const char *rules[] = { "storm", "vip-not-surveyed" };
	struct crm_audit_options o = { .rules = rules, .nrules = 2, .owner_id = 7 };
	char *text = NULL;

	set(db, "audit.storm.days", "45");
	assert_int_equal(crm_audit_sql(db, &o, &text), CRM_OK);
	assert_non_null(strstr(text, ".parameter set :as_of 1795341600\n"));
	assert_non_null(strstr(text, ".parameter set :owner 7\n"));
	assert_non_null(strstr(text, ".parameter set :audit_storm_days 45\n"));
	assert_non_null(strstr(text, "-- storm\nSELECT 8 AS r, 1 AS s, 'storm' AS rule"));
	assert_null(strstr(text, "forgotten"));
	assert_non_null(strstr(text, ".parameter set :audit_vip_not_surveyed_days 365\n"));
	assert_non_null(strstr(text, "-- vip-not-surveyed\nSELECT 16 AS r, 1 AS s, "
				     "'vip-not-surveyed' AS rule"));
	free(text);
	o.order = CRM_AUDIT_ORDER_SEVERITY;
	o.owner_id = 0;
	assert_int_equal(crm_audit_sql(db, &o, &text), CRM_OK);
	assert_non_null(strstr(text, ".parameter set :owner NULL\n"));
	assert_non_null(strstr(text, "ORDER BY s DESC"));
	free(text);
}

/* The audit reads a snapshot: a writer in another process is not held up. */
static void test_does_not_block_writers(void **state)
{
	char path[] = "/tmp/test-audit-XXXXXX";
	struct crm_db *db = NULL, *other = NULL;
	struct crm_audit_options o = { 0 };
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	struct crm_error err;
	char file[64];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	snprintf(file, sizeof(file), "%s", path);
	assert_int_equal(crm_db_open(file, CRM_OPEN_CREATE, &db, &err), CRM_OK);
	crm_db_set_now(db, NOW);
	crm_db_set_actor(db, "tester");
	client(db, .name = "Alpha");
	client(db, .name = "Beta");
	assert_int_equal(crm_db_open(file, 0, &other, &err), CRM_OK);
	crm_db_set_busy_timeout(other, 0);
	crm_db_set_actor(other, "writer");
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	assert_int_equal(crm_audit_iter_next(it, &f), CRM_OK);
	/* mid-audit, another connection writes at once */
	assert_int_equal(crm_config_set(other, "audit.storm.days", "3"), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	/* and the audit, once done, can save (its read has ended) */
	{
		int64_t id;

		assert_int_equal(crm_audit_save(db, it, &id), CRM_OK);
	}
	crm_audit_iter_destroy(it);
	crm_db_close(other);
	crm_db_close(db);
	unlink(file);
	snprintf(file, sizeof(file), "%s-wal", path);
	unlink(file);
	snprintf(file, sizeof(file), "%s-shm", path);
	unlink(file);
}

static int progress_calls;
static int64_t progress_done, progress_total;

static void count_progress(void *data, const char *what, int64_t done, int64_t total)
{
	assert_ptr_equal(data, &progress_calls);
	assert_non_null(what);
	assert_true(done <= total);
	progress_calls++;
	progress_done = done;
	progress_total = total;
}

/* Long work reports its progress: once per rule, and at the end. */
static void test_progress(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { 0 };
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;

	client(db, .name = "Alpha");
	crm_db_set_notify(db, count_progress, &progress_calls);
	progress_calls = 0;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	crm_audit_iter_destroy(it);
	assert_int_equal(progress_calls, 26 + 1); /* the rules with SQL, then done */
	assert_int_equal(progress_done, progress_total);
	o.order = CRM_AUDIT_ORDER_SEVERITY;
	progress_calls = 0;
	assert_int_equal(crm_audit_query(db, &o, &it), CRM_OK);
	while (crm_audit_iter_next(it, &f) == CRM_OK) {
	}
	crm_audit_iter_destroy(it);
	assert_int_equal(progress_calls, 2);
	assert_int_equal(progress_done, progress_total);
	crm_db_set_notify(db, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_rule, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_handover_pending, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_handover_no_notice, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_handover_no_first_action, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_client_requests, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vacation_return, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_forgotten, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_no_next_action, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overdue_action_timed, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overdue_action, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_no_key_contact, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_key_contact_left, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_birthday, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_stale_contact, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_paper_relationship, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_broken_promise, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_open_conflict, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_storm, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_silent_client, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_over_capacity, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vip_not_surveyed, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_quality_unremedied, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assignees, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_heads, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_assignee_filter, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_orphaned, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trainee_unsupervised, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_rescheduled, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_late_meeting, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_no_control_call, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_survey_counts_as_meeting, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_superseded_notice, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_client_requests_default, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_regular_candidate, fixture_setup,
						fixture_teardown),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test_setup_teardown(test_orders_and_filters, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_counts_save_history, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_health, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_scorecards, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_sql_script, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_does_not_block_writers),
		cmocka_unit_test(test_days_english),
		cmocka_unit_test(test_days_russian),
		cmocka_unit_test_setup_teardown(test_progress, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
