/*
 * audit.c: the revision of the base that cron runs every night: the
 * runner, which composes the rules (audit-rules.c) into statements and
 * steps them into findings, saves a run, and reads the health of the
 * clients and the managers' scorecards. The saved runs are read back in
 * audit-history.c.
 *
 * Each rule is one set-based query over the client sheet tables: it scans
 * the clients (or the actions, promises, incidents) once and probes the
 * indexes per row, never a query per client from C. Every rule query
 * returns the same columns
 *
 *     client_id, client, owner_id, since, n1, n2, n3, t1, t2, t3, assignee_id
 *
 * where n* and t* are the numbers and texts its detail is written from,
 * and assignee_id the manager who must act. A run wraps each selected
 * rule as
 *
 *     SELECT <no> AS r, <severity> AS s, '<id>' AS rule, f.client_id, ...,
 *       owner, owner_email, assignee_id, assignee, assignee_email, rep
 *
 * where a rule for the heads of sales (crmi_audit_impl.heads) joins the
 * heads to the findings whose assignee_id is NULL: one row per head, rep
 * 1 on all but the first, which alone counts. A run either steps them
 * one after the other (the cheapest order) or joins them with UNION ALL
 * under one ORDER BY, so that SQLite sorts (spilling to disk when large)
 * and memory never grows with the findings. The SQL text is composed only
 * from the constant fragments below; every value is a bound parameter:
 * :as_of, :today, :owner, :assignee and one :audit_<key> per config key
 * (dots and dashes become underscores; client health also binds the
 * client.regular.* keys).
 *
 * bench/audit-floor.sql holds the same queries for the sqlite3 shell: keep
 * the two in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit-private.h"

#define DAY 86400

/* ---- composing and binding ----------------------------------------------- */

/* The heads of sales, who act on the findings of the rules for them:
 * k numbers them (by name), the first counts the finding. */
#define HEADS                                                                          \
	"SELECT id, row_number() OVER (ORDER BY name_fold, id) AS k FROM manager"      \
	" WHERE role = 'head' AND status <> 'left'"

/* The SELECT that runs rule i with the common columns (in db's dialect). */
static void sb_rule(const struct crm_db *db, struct crmi_buf *b, size_t i)
{
	char head[160];
	bool heads = crmi_audit_impl[i].heads;

	snprintf(head, sizeof(head), "SELECT %zu AS r, %d AS s, '%s' AS rule,", i,
		 (int)crmi_audit_rules[i].severity, crmi_audit_rules[i].id);
	crmi_buf_adds(b, head);
	/* PostgreSQL takes a rule's NULL AS n1 for text: the numbers are cast */
	crmi_buf_adds(b, CRMI_SQL(db, " f.client_id, f.client, f.owner_id, f.since, f.n1, f.n2, f.n3,",
				  " CAST(f.client_id AS bigint) AS client_id, f.client, f.owner_id,"
				  " CAST(f.since AS bigint) AS since, CAST(f.n1 AS bigint) AS n1,"
				  " CAST(f.n2 AS bigint) AS n2, CAST(f.n3 AS bigint) AS n3,"));
	crmi_buf_adds(b, " f.t1, f.t2, f.t3, m.name AS owner, m.email AS owner_email,"
		  " a.id AS assignee_id, a.name AS assignee, a.email AS assignee_email,");
	crmi_buf_adds(b, heads ? " CAST(coalesce(hd.k, 1) > 1 AND :assignee IS NULL AS INTEGER) AS rep" :
				 " 0 AS rep");
	if (db->pg) {
		/* the rank of the row in SQLite's order (see order_by) */
		crmi_buf_adds(b, ", row_number() OVER (ORDER BY ");
		crmi_buf_adds(b, crmi_audit_impl[i].pg_order);
		crmi_buf_adds(b, ") AS nat");
	}
	crmi_buf_adds(b, " FROM (");
	crmi_buf_adds(b, db->pg && crmi_audit_impl[i].pg ? crmi_audit_impl[i].pg :
							  crmi_audit_impl[i].sql);
	crmi_buf_adds(b, ") AS f LEFT JOIN manager m ON m.id = f.owner_id");
	/* a rule's NULL AS assignee_id is text to PostgreSQL: made a bigint */
	crmi_buf_adds(b, !heads ? " LEFT JOIN manager a ON a.id = f.assignee_id" :
			 db->pg ? " LEFT JOIN (" HEADS ") AS hd ON f.assignee_id IS NULL"
				  " LEFT JOIN manager a"
				  " ON a.id = coalesce(CAST(f.assignee_id AS bigint), hd.id)" :
				  " LEFT JOIN (" HEADS ") AS hd ON f.assignee_id IS NULL"
				  " LEFT JOIN manager a ON a.id = coalesce(f.assignee_id, hd.id)");
	crmi_buf_adds(b, " WHERE :assignee IS NULL OR a.id = :assignee");
}

/* The name of the stage: the rules run once for several readers (a
 * temporary table: SQLite's schema temp, PostgreSQL's pg_temp). */
#define STAGE(db) CRMI_SQL(db, "temp.crm_audit_stage", "pg_temp.crm_audit_stage")

/*
 * The selected rules that have SQL, joined by UNION ALL, or the stage
 * when staged (it holds those rows: stage_for); false if none.
 */
static bool sb_compound(const struct crm_db *db, struct crmi_buf *b, const bool *sel,
			bool staged)
{
	bool any = false;

	if (staged) {
		crmi_buf_adds(b, "SELECT * FROM ");
		crmi_buf_adds(b, STAGE(db));
		return true;
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		if (!sel[i] || !crmi_audit_impl[i].sql) {
			continue;
		}
		if (any) {
			crmi_buf_adds(b, " UNION ALL ");
		}
		sb_rule(db, b, i);
		any = true;
	}
	return any;
}

/* ":audit_forgotten_days_vip" for "audit.forgotten.days.vip". */
static void bind_name(const char *key, char *buf, size_t n)
{
	size_t i = 0;

	buf[i++] = ':';
	for (; *key && i + 1 < n; key++) {
		buf[i++] = (*key == '.' || *key == '-') ? '_' : *key;
	}
	buf[i] = '\0';
}

/* The value of a rule's config key as a number (booleans 0 or 1). */
static int64_t key_value(struct crm_db *db, const char *key)
{
	const struct crm_config_key *k = crm_config_key_find(key);

	if (k && k->type == CRM_CONFIG_BOOL) {
		return crm_config_bool(db, key);
	}
	return crm_config_int(db, key);
}

struct binds {
	int64_t as_of;
	int64_t owner_id;    /* 0: NULL */
	int64_t limit;       /* 0: -1 */
	int64_t assignee_id; /* 0: NULL */
	int64_t from, to;    /* the period of the figures: [from, to) */
};

/* Keys the queries read beside the rules' own (client health). */
static const char *const other_keys[] = { "client.regular.orders", "client.regular.days", NULL };

/* The value of key when name is its parameter; false if not. */
static bool key_param(struct crm_db *db, const char *name, const char *key, int64_t *v)
{
	char buf[96];

	bind_name(key, buf, sizeof(buf));
	if (strcmp(buf, name) != 0) {
		return false;
	}
	*v = key_value(db, key);
	return true;
}

/*
 * The value of the parameter name into *v (*null: NULL instead); false
 * when the audit has none.
 */
static bool param_value(struct crm_db *db, const struct binds *b, const char *name, int64_t *v,
			bool *null)
{
	*null = false;
	*v = 0;
	if (strcmp(name, ":as_of") == 0) {
		*v = b->as_of;
	} else if (strcmp(name, ":today") == 0) {
		*v = crm_local_today(b->as_of);
	} else if (strcmp(name, ":zone_offset") == 0) {
		*v = crm_local_offset(b->as_of);
	} else if (strcmp(name, ":owner") == 0) {
		*null = b->owner_id == 0;
		*v = b->owner_id;
	} else if (strcmp(name, ":limit") == 0) {
		/* no limit: SQLite's -1, PostgreSQL's NULL */
		*null = b->limit <= 0 && db->pg;
		*v = b->limit > 0 ? b->limit : -1;
	} else if (strcmp(name, ":assignee") == 0) {
		*null = b->assignee_id == 0;
		*v = b->assignee_id;
	} else if (strcmp(name, ":from") == 0) {
		*v = b->from;
	} else if (strcmp(name, ":to") == 0) {
		*v = b->to;
	} else {
		for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
			for (const char *const *k = crmi_audit_rules[i].keys; *k; k++) {
				if (key_param(db, name, *k, v)) {
					return true;
				}
			}
		}
		for (const char *const *k = other_keys; *k; k++) {
			if (key_param(db, name, *k, v)) {
				return true;
			}
		}
		return false;
	}
	return true;
}

/* Binds every parameter the statement names. */
static crm_status bind_all(struct crm_db *db, crmi_stmt *st, const struct binds *b)
{
	int n = crmi_param_count(st);

	for (int p = 1; p <= n; p++) {
		const char *name = crmi_param_name(st, p);
		int64_t v;
		bool null;

		if (!name) {
			continue;
		}
		if (!param_value(db, b, name, &v, &null)) {
			return crmi_fail(db, CRM_EINVAL, "the audit has no value for '%s'", name);
		}
		if (null && st->pg) {
			/* a NULL of the type of every value of the audit: in
			 * ":owner IS NULL OR c.owner_id = :owner" PostgreSQL cannot
			 * tell the type of the first :owner from the second */
			crmi_pg_bind(st->pg, p, NULL, true);
		} else if (null) {
			crmi_bind_null(st, p);
		} else {
			crmi_bind_int64(st, p, v);
		}
	}
	return CRM_OK;
}

static crm_status prepare(struct crm_db *db, const char *sql, const struct binds *b,
			  crmi_stmt **out)
{
	int rc = crmi_stmt_new(db, sql, out);
	crm_status st;

	if (rc != CRMI_OK) {
		*out = NULL;
		return crmi_sqlfail(db, rc, _("cannot prepare the audit"));
	}
	st = bind_all(db, *out, b);
	if (st != CRM_OK) {
		crmi_finalize(*out);
		*out = NULL;
	}
	return st;
}

/* Marks the rules of o in sel; EINVAL on an unknown id. */
static crm_status select_rules(struct crm_db *db, const struct crm_audit_options *o, bool *sel)
{
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		sel[i] = o->rules == NULL;
	}
	for (size_t j = 0; o->rules && j < o->nrules; j++) {
		int i = crmi_audit_rule_index(o->rules[j]);

		if (i < 0) {
			return crmi_fail(db, CRM_EINVAL,
					 "unknown rule '%s': 'crm audit rules' lists them",
					 o->rules[j] ? o->rules[j] : "");
		}
		sel[i] = true;
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		if (crmi_audit_rules[i].severity < o->min_severity) {
			sel[i] = false;
		}
	}
	return CRM_OK;
}

/* The rules of sel as bits by registry index. */
static uint64_t rule_bits(const bool *sel)
{
	uint64_t bits = 0;

	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		bits |= (uint64_t)sel[i] << i;
	}
	return bits;
}

/* Whether the stage holds what a run of sel with b reads: the same rules,
 * owner and moment, and no assignee (whose filter the stage lacks). */
static bool stage_for(const struct crm_db *db, const bool *sel, const struct binds *b)
{
	return db->audit_staged && b->assignee_id == 0 && b->owner_id == db->audit_stage_owner &&
	       b->as_of == db->audit_stage_as_of && rule_bits(sel) == db->audit_stage_rules;
}

crm_status crmi_audit_stage(struct crm_db *db, const struct crm_audit_options *o)
{
	struct binds b = { o->as_of ? o->as_of : crm_db_now(db), o->owner_id, 0, 0, 0, 0 };
	bool sel[CRMI_AUDIT_NRULES];
	struct crmi_buf q = { 0 };
	crmi_stmt *s = NULL;
	crm_status st;
	int rc;

	crmi_audit_unstage(db);
	if (o->assignee_id) {
		return crmi_fail(db, CRM_EINVAL, "the audit stages no assignee's findings");
	}
	st = select_rules(db, o, sel);
	if (st == CRM_OK) {
		st = crmi_audit_register_functions(db);
	}
	if (st != CRM_OK) {
		return st;
	}
	crmi_buf_adds(&q, "CREATE TEMP TABLE crm_audit_stage AS SELECT * FROM (");
	if (!sb_compound(db, &q, sel, false)) {
		free(q.p);
		return CRM_OK;  /* no rule to run: each reader finds nothing alone */
	}
	crmi_buf_adds(&q, ") AS f");
	st = q.oom ? crmi_fail(db, CRM_ENOMEM, "out of memory") : prepare(db, q.p, &b, &s);
	free(q.p);
	if (st != CRM_OK) {
		return st;
	}
	if (db->notify) {
		db->notify(db->notify_data, _("the rules"), 0, 1);
	}
	rc = crmi_step(s);
	crmi_finalize(s);
	if (rc != CRMI_DONE) {
		crmi_exec_quiet(db, CRMI_SQL(db, "DROP TABLE IF EXISTS temp.crm_audit_stage",
					     "DROP TABLE IF EXISTS pg_temp.crm_audit_stage"));
		return crmi_sqlfail(db, rc, _("cannot audit the base"));
	}
	db->audit_staged = true;
	db->audit_stage_rules = rule_bits(sel);
	db->audit_stage_owner = b.owner_id;
	db->audit_stage_as_of = b.as_of;
	return CRM_OK;
}

void crmi_audit_unstage(struct crm_db *db)
{
	if (db && db->audit_staged) {
		crmi_exec_quiet(db, CRMI_SQL(db, "DROP TABLE IF EXISTS temp.crm_audit_stage",
					     "DROP TABLE IF EXISTS pg_temp.crm_audit_stage"));
		db->audit_staged = false;
	}
}

/* ---- findings -------------------------------------------------------- */

enum {
	COL_R, COL_S, COL_RULE, COL_CLIENT_ID, COL_CLIENT, COL_OWNER_ID, COL_SINCE,
	COL_N1, COL_N2, COL_N3, COL_T1, COL_T2, COL_T3, COL_OWNER, COL_EMAIL,
	COL_ASSIGNEE_ID, COL_ASSIGNEE, COL_ASSIGNEE_EMAIL, COL_REP,
};

struct crm_audit_iter {
	struct crm_db *db;
	struct crm_audit_options o;
	struct binds b;
	bool sel[CRMI_AUDIT_NRULES];
	int slot[CRMI_AUDIT_NRULES];          /* rule -> index in counts, or -1 */
	struct crm_audit_count counts[CRMI_AUDIT_NRULES];
	size_t ncounts;
	crmi_stmt *st;
	size_t next_rule;          /* ORDER_RULE: the next rule to run */
	bool compound;             /* one statement for every rule */
	bool own_tx;               /* the read transaction is ours */
	bool finished;
	int64_t findings;
	char detail[1024];
	struct crm_audit_finding row;
};

static void notify(struct crm_audit_iter *it, const char *what, int64_t done, int64_t total)
{
	if (it->db->notify) {
		it->db->notify(it->db->notify_data, what, done, total);
	}
}

/* Ends the statement and the read transaction. */
static void iter_end(struct crm_audit_iter *it)
{
	crmi_finalize(it->st);
	it->st = NULL;
	if (it->own_tx) {
		crmi_exec_quiet(it->db, "COMMIT");
		it->own_tx = false;
	}
}

static const char order_severity[] =
	" ORDER BY s DESC, owner IS NULL, owner, owner_id, client_id IS NOT NULL, client,"
	" client_id, r, rep, assignee, assignee_id";
static const char order_owner[] =
	" ORDER BY owner IS NULL, owner, owner_id, s DESC, since, client, client_id, r, rep,"
	" assignee, assignee_id";
static const char order_assignee[] =
	" ORDER BY assignee IS NULL, assignee, assignee_id, s DESC, since, client, client_id, r";

/*
 * The same orders on PostgreSQL, which sorts NULL last where SQLite sorts
 * it first (NULLS FIRST), and text by the database's collation where
 * SQLite compares bytes (COLLATE "C"). SQLite's sort is stable: rows of
 * equal keys come in the order the rules gave them, rule after rule, each
 * in the order of its plan; on PostgreSQL that order is nat, each rule's
 * rank of the row in it (sb_rule, crmi_audit_impl.pg_order).
 */
static const char pg_order_severity[] =
	" ORDER BY s DESC, owner IS NULL, owner COLLATE \"C\" NULLS FIRST, owner_id NULLS FIRST,"
	" client_id IS NOT NULL, client COLLATE \"C\" NULLS FIRST, client_id NULLS FIRST, r, rep,"
	" assignee COLLATE \"C\" NULLS FIRST, assignee_id NULLS FIRST, nat";
static const char pg_order_owner[] =
	" ORDER BY owner IS NULL, owner COLLATE \"C\" NULLS FIRST, owner_id NULLS FIRST, s DESC,"
	" since NULLS FIRST, client COLLATE \"C\" NULLS FIRST, client_id NULLS FIRST, r, rep,"
	" assignee COLLATE \"C\" NULLS FIRST, assignee_id NULLS FIRST, nat";
static const char pg_order_assignee[] =
	" ORDER BY assignee IS NULL, assignee COLLATE \"C\" NULLS FIRST, assignee_id NULLS FIRST,"
	" s DESC, since NULLS FIRST, client COLLATE \"C\" NULLS FIRST, client_id NULLS FIRST, r, nat";

static const char *order_by(const struct crm_db *db, enum crm_audit_order o)
{
	if (db->pg) {
		return o == CRM_AUDIT_ORDER_OWNER ? pg_order_owner :
		       o == CRM_AUDIT_ORDER_ASSIGNEE ? pg_order_assignee : pg_order_severity;
	}
	return o == CRM_AUDIT_ORDER_OWNER ? order_owner :
	       o == CRM_AUDIT_ORDER_ASSIGNEE ? order_assignee : order_severity;
}

crm_status crm_audit_query(struct crm_db *db, const struct crm_audit_options *o,
			   struct crm_audit_iter **out)
{
	struct crm_audit_iter *it;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->o = *o;
	it->o.rules = NULL; /* not kept: the caller's */
	it->b.as_of = o->as_of ? o->as_of : crm_db_now(db);
	it->b.owner_id = o->owner_id;
	it->b.assignee_id = o->assignee_id;
	st = select_rules(db, o, it->sel);
	if (st == CRM_OK) {
		st = crmi_audit_register_functions(db);
	}
	if (st != CRM_OK) {
		free(it);
		return st;
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		it->slot[i] = -1;
		if (it->sel[i]) {
			it->slot[i] = (int)it->ncounts;
			it->counts[it->ncounts++] = (struct crm_audit_count){
				crmi_audit_rules[i].id, crmi_audit_rules[i].severity, 0
			};
		}
	}
	/* one snapshot for every rule, without the write lock */
	if (crmi_autocommit(db)) {
		st = crmi_exec(db, "BEGIN");
		if (st != CRM_OK) {
			free(it);
			return st;
		}
		it->own_tx = true;
	}
	/* staged, even rule by rule reads the stage: filled rule by rule */
	if (o->order != CRM_AUDIT_ORDER_RULE || stage_for(db, it->sel, &it->b)) {
		struct crmi_buf b = { 0 };

		it->compound = true;
		crmi_buf_adds(&b, "SELECT * FROM (");
		if (sb_compound(db, &b, it->sel, stage_for(db, it->sel, &it->b))) {
			crmi_buf_adds(&b, ") AS f");
			if (o->order != CRM_AUDIT_ORDER_RULE) {
				crmi_buf_adds(&b, order_by(db, o->order));
			}
			st = b.oom ? crmi_fail(db, CRM_ENOMEM, "out of memory") :
				     prepare(db, b.p, &it->b, &it->st);
		}
		free(b.p);
		if (st != CRM_OK) {
			iter_end(it);
			free(it);
			return st;
		}
	}
	*out = it;
	return CRM_OK;
}

/* ORDER_RULE: prepares the next selected rule that has SQL; false at the end. */
static bool next_statement(struct crm_audit_iter *it, crm_status *st)
{
	struct crmi_buf b = { 0 };

	while (it->next_rule < CRMI_AUDIT_NRULES &&
	       (!it->sel[it->next_rule] || !crmi_audit_impl[it->next_rule].sql)) {
		it->next_rule++;
	}
	if (it->next_rule == CRMI_AUDIT_NRULES) {
		return false;
	}
	notify(it, crmi_audit_rules[it->next_rule].id, (int64_t)it->next_rule,
	       (int64_t)CRMI_AUDIT_NRULES);
	sb_rule(it->db, &b, it->next_rule);
	if (it->db->pg) {
		/* SQLite's order of the rule's rows, said */
		crmi_buf_adds(&b, " ORDER BY ");
		crmi_buf_adds(&b, crmi_audit_impl[it->next_rule].pg_order);
	}
	it->next_rule++;
	*st = b.oom ? crmi_fail(it->db, CRM_ENOMEM, "out of memory") :
		      prepare(it->db, b.p, &it->b, &it->st);
	free(b.p);
	return *st == CRM_OK;
}

static void fill_row(struct crm_audit_iter *it)
{
	crmi_stmt *st = it->st;
	size_t r = (size_t)crmi_col_int64(st, COL_R);
	struct vals v = {
		.since = crmi_col_int64(st, COL_SINCE),
		.n1 = crmi_col_int64(st, COL_N1),
		.n2 = crmi_col_int64(st, COL_N2),
		.n3 = crmi_col_int64(st, COL_N3),
		.t1 = crmi_col_text(st, COL_T1),
		.t2 = crmi_col_text(st, COL_T2),
		.t3 = crmi_col_text(st, COL_T3),
	};

	if (r >= CRMI_AUDIT_NRULES) {
		r = 0;
	}
	crmi_audit_impl[r].detail(it->detail, sizeof(it->detail), &v);
	it->row = (struct crm_audit_finding){
		.rule = crmi_audit_rules[r].id,
		.severity = crmi_audit_rules[r].severity,
		.client_id = crmi_col_int64(st, COL_CLIENT_ID),
		.client = crmi_col_text(st, COL_CLIENT),
		.owner_id = crmi_col_int64(st, COL_OWNER_ID),
		.owner = crmi_col_text(st, COL_OWNER),
		.owner_email = crmi_col_text(st, COL_EMAIL),
		.assignee_id = crmi_col_int64(st, COL_ASSIGNEE_ID),
		.assignee = crmi_col_text(st, COL_ASSIGNEE),
		.assignee_email = crmi_col_text(st, COL_ASSIGNEE_EMAIL),
		.repeat = crmi_col_int64(st, COL_REP) != 0,
		.since = v.since,
		.detail = it->detail,
	};
	if (it->row.repeat) {
		return; /* counted with its first listing */
	}
	if (it->slot[r] >= 0) {
		it->counts[it->slot[r]].count++;
	}
	it->findings++;
}

crm_status crm_audit_iter_next(struct crm_audit_iter *it, const struct crm_audit_finding **row)
{
	crm_status st = CRM_OK;
	int rc;

	*row = NULL;
	if (it->finished) {
		return CRM_DONE;
	}
	if (it->compound && it->findings == 0) {
		notify(it, _("the rules"), 0, 1);
	}
	for (;;) {
		if (!it->st) {
			if (it->compound || !next_statement(it, &st)) {
				break;
			}
		}
		rc = crmi_step(it->st);
		if (rc == CRMI_ROW) {
			fill_row(it);
			*row = &it->row;
			return CRM_OK;
		}
		if (rc != CRMI_DONE) {
			st = crmi_sqlfail(it->db, rc, _("cannot audit the base"));
			break;
		}
		crmi_finalize(it->st);
		it->st = NULL;
		if (it->compound) {
			break;
		}
	}
	iter_end(it);
	it->finished = true;
	notify(it, "audit", (int64_t)CRMI_AUDIT_NRULES, (int64_t)CRMI_AUDIT_NRULES);
	if (st != CRM_OK) {
		it->ncounts = 0;
		return st;
	}
	return CRM_DONE;
}

int64_t crm_audit_iter_as_of(const struct crm_audit_iter *it)
{
	return it->b.as_of;
}

const struct crm_audit_count *crm_audit_iter_counts(const struct crm_audit_iter *it, size_t *n)
{
	*n = it->ncounts;
	return it->counts;
}

void crm_audit_iter_destroy(struct crm_audit_iter *it)
{
	if (!it) {
		return;
	}
	iter_end(it);
	free(it);
}

/* ---- the SQL of a run ----------------------------------------------------- */

/* EINVAL on PostgreSQL: the script of --sql is for the sqlite3 shell. */
static crm_status sql_of_sqlite(struct crm_db *db)
{
	if (!db->pg) {
		return CRM_OK;
	}
	return crmi_fail(db, CRM_EINVAL,
			 "--sql prints a script for the sqlite3 shell, and the base '%s' is on "
			 "PostgreSQL: run the audit itself", db->path);
}

static void sb_param(struct crmi_buf *b, const char *name, const char *value)
{
	crmi_buf_adds(b, ".parameter set ");
	crmi_buf_adds(b, name);
	crmi_buf_adds(b, " ");
	crmi_buf_adds(b, value);
	crmi_buf_adds(b, "\n");
}

static void sb_param_int(struct crmi_buf *b, const char *name, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	sb_param(b, name, num);
}

crm_status crm_audit_sql(struct crm_db *db, const struct crm_audit_options *o, char **out)
{
	int64_t as_of = o->as_of ? o->as_of : crm_db_now(db);
	struct crmi_buf b = { 0 };
	bool sel[CRMI_AUDIT_NRULES];
	char name[96];
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = sql_of_sqlite(db);
	if (st == CRM_OK) {
		st = select_rules(db, o, sel);
	}
	if (st != CRM_OK) {
		return st;
	}
	crmi_buf_adds(&b, "-- the queries of one 'crm audit' run, for the sqlite3 shell\n"
		   ".parameter init\n");
	sb_param_int(&b, ":as_of", as_of);
	sb_param_int(&b, ":today", crm_local_today(as_of));
	sb_param_int(&b, ":zone_offset", crm_local_offset(as_of));
	if (o->owner_id) {
		sb_param_int(&b, ":owner", o->owner_id);
	} else {
		sb_param(&b, ":owner", "NULL");
	}
	if (o->assignee_id) {
		sb_param_int(&b, ":assignee", o->assignee_id);
	} else {
		sb_param(&b, ":assignee", "NULL");
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		for (const char *const *k = crmi_audit_rules[i].keys;
		     sel[i] && crmi_audit_impl[i].sql && *k; k++) {
			bind_name(*k, name, sizeof(name));
			sb_param_int(&b, name, key_value(db, *k));
		}
	}
	if (o->order == CRM_AUDIT_ORDER_RULE) {
		for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
			if (sel[i] && crmi_audit_impl[i].sql) {
				crmi_buf_adds(&b, "-- ");
				crmi_buf_adds(&b, crmi_audit_rules[i].id);
				crmi_buf_adds(&b, "\n");
				sb_rule(db, &b, i);
				crmi_buf_adds(&b, ";\n");
			}
		}
	} else {
		crmi_buf_adds(&b, "SELECT * FROM (");
		if (!sb_compound(db, &b, sel, false)) {
			crmi_buf_adds(&b, "SELECT NULL WHERE 0");
		}
		crmi_buf_adds(&b, ")");
		crmi_buf_adds(&b, order_by(db, o->order));
		crmi_buf_adds(&b, ";\n");
	}
	if (b.oom) {
		free(b.p);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*out = b.p;
	return CRM_OK;
}

/* ---- saved runs ---------------------------------------------------------- */

static const char sql_run_insert[] =
	"INSERT INTO audit_run(at, as_of, actor, owner_id, findings, counts)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

crm_status crm_audit_save(struct crm_db *db, const struct crm_audit_iter *it, int64_t *run_id)
{
	cJSON *counts, *j;
	char *text = NULL;
	crmi_stmt *s;
	crm_status st;
	int rc;

	*run_id = 0;
	if (!it->finished || it->ncounts == 0) {
		return crmi_fail(db, CRM_EINVAL, "the audit did not finish: nothing to save");
	}
	if (it->b.assignee_id) {
		return crmi_fail(db, CRM_EINVAL, "the runs kept are of the whole base or of one "
				 "owner, not of one assignee");
	}
	counts = cJSON_CreateObject();
	for (size_t i = 0; counts && i < it->ncounts; i++) {
		crmi_json_int(counts, it->counts[i].rule, it->counts[i].count);
	}
	text = counts ? cJSON_PrintUnformatted(counts) : NULL;
	if (!text) {
		cJSON_Delete(counts);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		cJSON_Delete(counts);
		cJSON_free(text);
		return st;
	}
	s = crmi_prepare(db, sql_run_insert);
	if (!s) {
		st = db->errcode;
	} else {
		crmi_bind_int64(s, 1, crm_db_now(db));
		crmi_bind_int64(s, 2, it->b.as_of);
		crmi_bind_text(s, 3, crm_db_actor(db));
		if (it->b.owner_id) {
			crmi_bind_int64(s, 4, it->b.owner_id);
		} else {
			crmi_bind_null(s, 4);
		}
		crmi_bind_int64(s, 5, it->findings);
		crmi_bind_text(s, 6, text);
		rc = crmi_step(s);
		crmi_reset(s);
		if (rc != CRMI_DONE) {
			st = crmi_sqlfail(db, rc, _("cannot save the audit run"));
		} else {
			*run_id = crmi_last_id(db);
		}
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "as_of", it->b.as_of);
		if (it->b.owner_id) {
			crmi_json_int(j, "owner_id", it->b.owner_id);
		} else {
			cJSON_AddNullToObject(j, "owner_id");
		}
		crmi_json_int(j, "findings", it->findings);
		cJSON_AddItemToObject(j, "counts", counts);
		counts = NULL;
		st = crmi_journal(db, "audit.save", "audit_run", *run_id, j);
	}
	cJSON_Delete(counts);
	cJSON_free(text);
	st = crmi_atomic_end(db, st);
	if (st != CRM_OK) {
		*run_id = 0;
	}
	return st;
}

/* ---- client health ----------------------------------------------------- */

struct crm_audit_health_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	int64_t as_of, orders, days;  /* client.regular.* */
	char *why;                    /* the row's regular_reasons */
	struct crm_audit_health row;
};

/*
 * The evidence that an active client may be made regular (client.regular.*
 * in crm-config(1)): its orders, the span between the first and the last,
 * its last meeting or call against its contact frequency (that of the
 * forgotten rule) and its open conflicts, for the candidacy in C.
 */
#define REGULAR_COLS(json_array)                                                            \
	", CASE WHEN c.status = 'active' THEN (SELECT " json_array "(count(*), min(i.at), max(i.at))" \
	"   FROM interaction i WHERE i.client_id = c.id AND i.kind = 'order'"                 \
	"   AND i.at <= :as_of) END,"                                                           \
	" CASE WHEN c.status = 'active' THEN (SELECT max(i.at) FROM interaction i"             \
	"   WHERE i.client_id = c.id AND i.kind IN ('meeting', 'call') AND i.at <= :as_of) END," \
	" coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN :audit_forgotten_days_vip"    \
	"   WHEN 'key' THEN :audit_forgotten_days_key ELSE :audit_forgotten_days_regular END),"  \
	" CASE WHEN c.status = 'active' THEN EXISTS (SELECT 1 FROM incident x"                 \
	"   WHERE x.client_id = c.id AND x.kind = 'conflict' AND x.created <= :as_of"         \
	"   AND (x.status = 'open' OR x.resolved > :as_of)) END"

crm_status crm_audit_clients(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_health_iter **out)
{
	struct crm_audit_health_iter *it;
	struct binds b = { o->as_of ? o->as_of : crm_db_now(db), o->owner_id, o->limit, 0, 0, 0 };
	struct crmi_buf q = { 0 };
	bool sel[CRMI_AUDIT_NRULES];
	char weights[160];
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = select_rules(db, o, sel);
	if (st == CRM_OK) {
		st = crmi_audit_register_functions(db);
	}
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->as_of = b.as_of;
	it->orders = crm_config_int(db, "client.regular.orders");
	it->days = crm_config_int(db, "client.regular.days");
	snprintf(weights, sizeof(weights), "sum(CASE s WHEN %d THEN %d WHEN %d THEN %d ELSE %d END)",
		 CRM_SEVERITY_ERROR, CRM_HEALTH_ERROR, CRM_SEVERITY_WARN, CRM_HEALTH_WARN,
		 CRM_HEALTH_INFO);
	/* the reasons by severity then rule: in the order of the rows on
	 * SQLite, said in the aggregate on PostgreSQL (json_array is
	 * SQLite's, the evidence of the orders is read in C) */
	crmi_buf_adds(&q, "SELECT c.id, c.name, c.tier, c.status, c.owner_id, m.name,"
		   " max(0, 100 - coalesce(f.penalty, 0)) AS health, coalesce(f.n, 0),"
		   " coalesce(f.reasons, '[]')");
	crmi_buf_adds(&q, CRMI_SQL(db, REGULAR_COLS("json_array"), REGULAR_COLS("json_build_array")));
	crmi_buf_adds(&q, " FROM client c LEFT JOIN (SELECT client_id, ");
	crmi_buf_adds(&q, weights);
	crmi_buf_adds(&q, CRMI_SQL(db, " AS penalty, count(*) AS n, json_group_array(rule) AS reasons",
				   " AS penalty, count(*) AS n,"
				   " json_group_array(rule ORDER BY s DESC, r) AS reasons"));
	crmi_buf_adds(&q, " FROM (SELECT DISTINCT client_id, s, r, rule FROM (");
	if (!sb_compound(db, &q, sel, stage_for(db, sel, &b))) {
		crmi_buf_adds(&q, "SELECT CAST(NULL AS INTEGER) AS client_id, 0 AS s, 0 AS r,"
			   " '' AS rule");
	}
	crmi_buf_adds(&q, ") AS a WHERE client_id IS NOT NULL ORDER BY client_id, s DESC, r) AS d"
		   " GROUP BY client_id) f ON f.client_id = c.id"
		   " LEFT JOIN manager m ON m.id = c.owner_id"
		   " WHERE " LIVE " AND " OWNED);
	crmi_buf_adds(&q, o->sort == CRM_AUDIT_SORT_NAME ? " ORDER BY c.name_fold, c.id" :
		   " ORDER BY health, f.n DESC, c.name_fold, c.id");
	crmi_buf_adds(&q, " LIMIT :limit");
	st = q.oom ? crmi_fail(db, CRM_ENOMEM, "out of memory") : prepare(db, q.p, &b, &it->st);
	free(q.p);
	if (st != CRM_OK) {
		free(it);
		return st;
	}
	*out = it;
	return CRM_OK;
}

/* Adds a reason of the candidacy to a; false when out of memory. */
static bool reason(cJSON *a, const char *text)
{
	cJSON *j = cJSON_CreateString(text);

	return j && cJSON_AddItemToArray(a, j);
}

/*
 * Whether the row's client is a candidate to regular, and the evidence
 * into it->why: the orders (columns 9: [count, first, last]), the last
 * meeting or call (10) within the contact frequency (11), no open
 * conflict (12).
 */
static crm_status regular_candidate(struct crm_audit_health_iter *it, crmi_stmt *s)
{
	cJSON *ord = NULL, *why = cJSON_CreateArray();
	int64_t n = 0, first = 0, last = 0, met, every = crmi_col_int64(s, 11);
	bool ok = why != NULL, cand;
	const char *o = crmi_col_text(s, 9);

	free(it->why);
	it->why = NULL;
	if (o && (ord = cJSON_Parse(o)) && cJSON_GetArraySize(ord) == 3) {
		n = (int64_t)cJSON_GetNumberValue(cJSON_GetArrayItem(ord, 0));
		first = (int64_t)cJSON_GetNumberValue(cJSON_GetArrayItem(ord, 1));
		last = (int64_t)cJSON_GetNumberValue(cJSON_GetArrayItem(ord, 2));
	}
	cJSON_Delete(ord);
	met = crmi_col_null(s, 10) ? -1 : crmi_col_int64(s, 10);
	cand = o && n >= it->orders && n > 0 && last - first >= it->days * DAY && met >= 0 &&
	       met >= it->as_of - every * DAY && crmi_col_int64(s, 12) == 0;
	if (ok && cand) {
		char orders[160], contact[192], count[64], span[48], ago[48], days[48];

		snprintf(count, sizeof(count), P_("%lld order", "%lld orders", n), (long long)n);
		snprintf(orders, sizeof(orders), _("%s over %s"), count,
			 crmi_audit_days(span, sizeof(span), (last - first) / DAY));
		snprintf(contact, sizeof(contact), _("a meeting or call %s ago, within its %s"),
			 crmi_audit_days(ago, sizeof(ago), (it->as_of - met) / DAY),
			 crmi_audit_days(days, sizeof(days), every));
		ok = reason(why, orders) && reason(why, contact) &&
		     reason(why, _("no open conflict"));
	}
	it->why = ok ? cJSON_PrintUnformatted(why) : NULL;
	cJSON_Delete(why);
	if (!it->why) {
		return crmi_fail(it->db, CRM_ENOMEM, "out of memory");
	}
	it->row.regular_candidate = cand;
	it->row.regular_reasons = it->why;
	return CRM_OK;
}

crm_status crm_audit_health_iter_next(struct crm_audit_health_iter *it,
				      const struct crm_audit_health **row)
{
	crmi_stmt *s = it->st;
	crm_status st;
	int rc;

	*row = NULL;
	if (it->done) {
		return CRM_DONE;
	}
	rc = crmi_step(s);
	if (rc == CRMI_DONE) {
		it->done = true;
		return CRM_DONE;
	}
	if (rc != CRMI_ROW) {
		it->done = true;
		return crmi_sqlfail(it->db, rc, _("cannot audit the base"));
	}
	it->row = (struct crm_audit_health){
		.client_id = crmi_col_int64(s, 0),
		.client = crmi_col_text(s, 1),
		.tier = crmi_col_text(s, 2),
		.status = crmi_col_text(s, 3),
		.owner_id = crmi_col_int64(s, 4),
		.owner = crmi_col_text(s, 5),
		.health = crmi_col_int64(s, 6),
		.rules = crmi_col_int64(s, 7),
		.reasons = crmi_col_text(s, 8),
	};
	st = regular_candidate(it, s);
	if (st != CRM_OK) {
		it->done = true;
		return st;
	}
	*row = &it->row;
	return CRM_OK;
}

void crm_audit_health_iter_destroy(struct crm_audit_health_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it->why);
	free(it);
}

/* ---- scorecards ------------------------------------------------------- */

/*
 * One pass over the live clients with an owner (their last contact, due
 * frequency and orders), then per-manager sums. The counts of overdue
 * actions, broken promises and open conflicts use the same definitions
 * (and keys) as the rules.
 */
static const char sql_scorecards[] =
	"WITH cl AS MATERIALIZED (SELECT c.id, c.owner_id,"
	"   coalesce((SELECT max(i.at) FROM interaction i"
	"     WHERE i.client_id = c.id AND i.at <= :as_of), c.created) AS last,"
	"   coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN :audit_forgotten_days_vip"
	"     WHEN 'key' THEN :audit_forgotten_days_key"
	"     ELSE :audit_forgotten_days_regular END) AS every,"
	"   (SELECT count(*) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind = 'order' AND i.at <= :as_of) AS orders"
	"   FROM client c WHERE c.owner_id IS NOT NULL AND " LIVE " AND " OWNED "),"
	" agg AS (SELECT owner_id, count(*) AS n, sum(CAST(last < :as_of - every * 86400 AS INTEGER))"
	"   AS forgotten, sum(CAST(orders >= 1 AS INTEGER)) AS ordered,"
	"   sum(CAST(orders >= 2 AS INTEGER)) AS repeated FROM cl GROUP BY owner_id),"
	" med AS (SELECT owner_id, avg(d) AS median FROM (SELECT owner_id,"
	"     (:as_of - last) / 86400 AS d,"
	"     row_number() OVER (PARTITION BY owner_id ORDER BY last DESC) AS rn,"
	"     count(*) OVER (PARTITION BY owner_id) AS cnt FROM cl) AS r"
	"   WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY owner_id),"
	" ov AS (SELECT c.owner_id, count(*) AS k FROM next_action n"
	"   JOIN client c ON c.id = n.client_id"
	"   WHERE " CRMI_NEXT_OVERDUE("n") " AND n.created <= :as_of"
	"   AND (n.status = 'open' OR n.done > :as_of) GROUP BY c.owner_id),"
	" bp AS (SELECT c.owner_id, count(*) AS k FROM promise p"
	"   JOIN client c ON c.id = p.client_id"
	"   WHERE p.kind IN ('promise', 'guarantee', 'discount') AND p.created <= :as_of"
	"   AND ((p.due < :today - :audit_broken_promise_days * 86400"
	"       AND (p.status = 'open' OR p.closed > :as_of))"
	"     OR (p.status = 'broken' AND p.closed <= :as_of"
	"       AND p.closed > :as_of - 365 * 86400))"
	"   GROUP BY c.owner_id),"
	" oc AS (SELECT c.owner_id, count(*) AS k FROM incident x"
	"   JOIN client c ON c.id = x.client_id"
	"   WHERE x.kind IN ('conflict', 'mishap') AND x.created <= :as_of"
	"   AND (x.status = 'open' OR x.resolved > :as_of) GROUP BY c.owner_id),"
	/* handovers accepted in the 90 days to as_of, into and out of a hand */
	" hd AS (SELECT to_id, from_id FROM handover WHERE status = 'accepted'"
	"   AND decided <= :as_of AND decided > :as_of - 90 * 86400),"
	" hs AS (SELECT mid, sum(CAST(dir > 0 AS INTEGER)) AS hin,"
	"   sum(CAST(dir < 0 AS INTEGER)) AS hout FROM"
	"   (SELECT to_id AS mid, 1 AS dir FROM hd UNION ALL"
	"    SELECT from_id, -1 FROM hd WHERE from_id IS NOT NULL) AS u GROUP BY mid),"
	/* the figures of the period [:from, :to): orders and late meetings
	 * the manager wrote */
	" pi AS (SELECT author_id AS mid, sum(CAST(kind = 'order' AS INTEGER)) AS orders,"
	"   coalesce(sum(CASE kind WHEN 'order' THEN amount END), 0) AS total,"
	"   sum(CAST(kind = 'meeting' AND late > 0 AS INTEGER)) AS late FROM interaction"
	"   WHERE author_id IS NOT NULL AND (:owner IS NULL OR author_id = :owner)"
	"   AND kind IN ('order', 'meeting') AND at >= :from AND at < :to GROUP BY author_id),"
	/* clients won and lost (status_since NULL: since created) */
	" pc AS (SELECT c.owner_id AS mid,"
	"   sum(CAST(c.created >= :from AND c.created < :to AS INTEGER)) AS won,"
	"   sum(CAST(c.status IN ('lost', 'farewell')"
	"     AND coalesce(c.status_since, c.created) >= :from"
	"     AND coalesce(c.status_since, c.created) < :to AS INTEGER)) AS lost"
	"   FROM client c WHERE c.owner_id IS NOT NULL AND " OWNED " GROUP BY c.owner_id),"
	/* promises closed, on the clients the manager owns */
	" pp AS (SELECT c.owner_id AS mid, sum(CAST(p.status = 'kept' AS INTEGER)) AS kept,"
	"   sum(CAST(p.status = 'broken' AS INTEGER)) AS broken"
	" FROM promise p JOIN client c ON c.id = p.client_id"
	"   WHERE p.status IN ('kept', 'broken') AND p.closed >= :from AND p.closed < :to"
	"   AND c.owner_id IS NOT NULL AND " OWNED " GROUP BY c.owner_id),"
	/* handovers accepted in the period: days to the receiver's first
	 * interaction with the client after acceptance (before :to) */
	" hf AS (SELECT mid, d FROM (SELECT h.to_id AS mid,"
	"   ((SELECT min(i.at) FROM interaction i WHERE i.author_id = h.to_id"
	"     AND i.client_id = h.client_id AND i.at >= h.decided AND i.at < :to)"
	"     - h.decided) / 86400.0 AS d"
	"   FROM handover h WHERE h.status = 'accepted' AND h.decided >= :from"
	"   AND h.decided < :to AND (:owner IS NULL OR h.to_id = :owner)) AS a"
	"   WHERE d IS NOT NULL),"
	" hm AS (SELECT mid, avg(d) AS median FROM (SELECT mid, d,"
	"     row_number() OVER (PARTITION BY mid ORDER BY d) AS rn,"
	"     count(*) OVER (PARTITION BY mid) AS cnt FROM hf) AS r"
	"   WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY mid),"
	/* moves of next actions the manager asked for */
	" pm AS (SELECT actor_id AS mid, count(*) AS n FROM next_move"
	"   WHERE actor_id IS NOT NULL AND (:owner IS NULL OR actor_id = :owner)"
	"   AND by = 'manager' AND at >= :from AND at < :to GROUP BY actor_id)"
	" SELECT m.id, m.name, m.status, m.capacity, coalesce(agg.n, 0),"
	" coalesce(agg.forgotten, 0), coalesce(ov.k, 0), coalesce(bp.k, 0), coalesce(oc.k, 0),"
	" coalesce(agg.ordered, 0), coalesce(agg.repeated, 0), med.median,"
	" coalesce(hs.hin, 0), coalesce(hs.hout, 0),"
	" coalesce(pi.orders, 0), coalesce(pi.total, 0), coalesce(pc.won, 0),"
	" coalesce(pc.lost, 0), coalesce(pp.kept, 0), coalesce(pp.broken, 0), hm.median,"
	" coalesce(pm.n, 0), coalesce(pi.late, 0)"
	" FROM manager m LEFT JOIN agg ON agg.owner_id = m.id"
	" LEFT JOIN med ON med.owner_id = m.id LEFT JOIN ov ON ov.owner_id = m.id"
	" LEFT JOIN bp ON bp.owner_id = m.id LEFT JOIN oc ON oc.owner_id = m.id"
	" LEFT JOIN hs ON hs.mid = m.id LEFT JOIN pi ON pi.mid = m.id"
	" LEFT JOIN pc ON pc.mid = m.id LEFT JOIN pp ON pp.mid = m.id"
	" LEFT JOIN hm ON hm.mid = m.id LEFT JOIN pm ON pm.mid = m.id"
	" WHERE (:owner IS NULL OR m.id = :owner) AND (m.status <> 'left' OR agg.n > 0)"
	" ORDER BY m.name_fold, m.id";

struct crm_audit_scorecard_iter {
	struct crm_audit_scorecard *rows;
	size_t n, next;
};

static double share(int64_t k, int64_t n)
{
	double s = n > 0 ? (double)k / (double)n : 0.0;

	return s > 1.0 ? 1.0 : s;
}

/* The score of crm-audit(1): 100 x (1 - 0.4F - 0.2A - 0.2B - 0.1C - 0.1X). */
static int64_t score_of(const struct crm_audit_scorecard *c)
{
	int64_t over = c->clients > c->capacity ? c->clients - c->capacity : 0;
	double x = share(over, c->capacity > 0 ? c->capacity : 1);
	double s = 1.0 - 0.4 * share(c->forgotten, c->clients) -
		   0.2 * share(c->overdue_actions, c->clients) -
		   0.2 * share(c->broken_promises, c->clients) -
		   0.1 * share(c->open_conflicts, c->clients) - 0.1 * x;

	if (c->clients == 0 && over == 0) {
		return 100;
	}
	return (int64_t)(100.0 * s + 0.5);
}

static int by_score(const void *a, const void *b)
{
	const struct crm_audit_scorecard *x = a, *y = b;

	if (x->score != y->score) {
		return x->score < y->score ? -1 : 1;
	}
	return 0;
}

void crm_audit_scorecard_iter_destroy(struct crm_audit_scorecard_iter *it)
{
	if (!it) {
		return;
	}
	for (size_t i = 0; i < it->n; i++) {
		free((char *)it->rows[i].manager);
		free((char *)it->rows[i].status);
	}
	free(it->rows);
	free(it);
}

static crm_status scorecard_row(struct crm_db *db, crmi_stmt *s, struct crm_audit_scorecard *c)
{
	int64_t ordered = crmi_col_int64(s, 9), repeated = crmi_col_int64(s, 10);

	*c = (struct crm_audit_scorecard){
		.manager_id = crmi_col_int64(s, 0),
		.manager = strdup(crmi_col_text(s, 1) ? crmi_col_text(s, 1) : ""),
		.status = strdup(crmi_col_text(s, 2) ? crmi_col_text(s, 2) : ""),
		.capacity = crmi_col_int64(s, 3),
		.clients = crmi_col_int64(s, 4),
		.forgotten = crmi_col_int64(s, 5),
		.overdue_actions = crmi_col_int64(s, 6),
		.broken_promises = crmi_col_int64(s, 7),
		.open_conflicts = crmi_col_int64(s, 8),
		.repeat_rate = ordered ? (repeated * 100 + ordered / 2) / ordered : -1,
		.median_days = crmi_col_null(s, 11) ?
				       -1 : (int64_t)crmi_col_double(s, 11),
		.handovers_in = crmi_col_int64(s, 12),
		.handovers_out = crmi_col_int64(s, 13),
		.orders = crmi_col_int64(s, 14),
		.orders_sum = crmi_col_int64(s, 15),
		.new_clients = crmi_col_int64(s, 16),
		.lost_clients = crmi_col_int64(s, 17),
		.promises_kept = crmi_col_int64(s, 18),
		.promises_broken = crmi_col_int64(s, 19),
		.first_contact_days = crmi_col_null(s, 20) ?
					      -1.0 : crmi_col_double(s, 20),
		.moves = crmi_col_int64(s, 21),
		.late_meetings = crmi_col_int64(s, 22),
	};
	if (!c->manager || !c->status) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	c->forgotten_pct = c->clients ? (c->forgotten * 100 + c->clients / 2) / c->clients : 0;
	c->score = score_of(c);
	return CRM_OK;
}

/* The binds of a scorecard run, its period from o (crm/audit.h). */
static crm_status period_binds(struct crm_db *db, const struct crm_audit_options *o,
			       struct binds *b)
{
	int64_t until, since;

	*b = (struct binds){ o->as_of ? o->as_of : crm_db_now(db), o->owner_id, 0, 0, 0, 0 };
	until = o->until ? o->until : crm_local_today(b->as_of);
	since = o->since ? o->since : until - 29 * DAY;
	if (since > until) {
		char a[16], z[16];

		return crmi_fail(db, CRM_EINVAL, "the period starts on %s, after its end on %s",
				 crm_date_format(since, a, sizeof(a)),
				 crm_date_format(until, z, sizeof(z)));
	}
	/* since's 00:00 local is the end of the day before it */
	b->from = crm_day_end(since - DAY);
	b->to = crm_day_end(until);
	return CRM_OK;
}

crm_status crm_audit_managers_sql(struct crm_db *db, const struct crm_audit_options *o,
				  char **out)
{
	struct crmi_buf q = { 0 };
	struct binds b;
	crmi_stmt *s = NULL;
	crm_status st;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	st = sql_of_sqlite(db);
	if (st == CRM_OK) {
		st = period_binds(db, o, &b);
	}
	if (st != CRM_OK) {
		return st;
	}
	rc = crmi_stmt_new(db, sql_scorecards, &s);
	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, _("cannot prepare the audit"));
	}
	crmi_buf_adds(&q, "-- the statement of one 'crm audit managers' run, for the sqlite3"
			  " shell\n.parameter init\n");
	for (int p = 1; p <= crmi_param_count(s); p++) {
		const char *name = crmi_param_name(s, p);
		int64_t v;
		bool null;

		/* a name used twice has one index: each is listed once */
		if (!name || !param_value(db, &b, name, &v, &null)) {
			continue;
		}
		if (null) {
			sb_param(&q, name, "NULL");
		} else {
			sb_param_int(&q, name, v);
		}
	}
	crmi_finalize(s);
	crmi_buf_adds(&q, sql_scorecards);
	crmi_buf_adds(&q, ";\n");
	if (q.oom) {
		free(q.p);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*out = q.p;
	return CRM_OK;
}

crm_status crm_audit_managers(struct crm_db *db, const struct crm_audit_options *o,
			      struct crm_audit_scorecard_iter **out)
{
	struct crm_audit_scorecard_iter *it;
	struct binds b;
	size_t cap = 0;
	crmi_stmt *s;
	crm_status st;
	int rc = CRMI_DONE;

	*out = NULL;
	crmi_clear_error(db);
	st = period_binds(db, o, &b);
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = prepare(db, sql_scorecards, &b, &s);
	while (st == CRM_OK && (rc = crmi_step(s)) == CRMI_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct crm_audit_scorecard *p = realloc(it->rows, ncap * sizeof(*p));

			if (!p) {
				st = crmi_fail(db, CRM_ENOMEM, "out of memory");
				break;
			}
			it->rows = p;
			cap = ncap;
		}
		st = scorecard_row(db, s, &it->rows[it->n]);
		it->n++;
	}
	if (st == CRM_OK && rc != CRMI_DONE) {
		st = crmi_sqlfail(db, rc, _("cannot audit the base"));
	}
	crmi_finalize(s);
	if (st != CRM_OK) {
		crm_audit_scorecard_iter_destroy(it);
		return st;
	}
	if (o->sort == CRM_AUDIT_SORT_WORST && it->n > 1) {
		/* rows come by name; a stable sort by score keeps that order
		 * among equal scores: insertion sort, managers are few */
		for (size_t i = 1; i < it->n; i++) {
			struct crm_audit_scorecard c = it->rows[i];
			size_t j = i;

			while (j > 0 && by_score(&it->rows[j - 1], &c) > 0) {
				it->rows[j] = it->rows[j - 1];
				j--;
			}
			it->rows[j] = c;
		}
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_scorecard_iter_next(struct crm_audit_scorecard_iter *it,
					 const struct crm_audit_scorecard **row)
{
	if (it->next >= it->n) {
		*row = NULL;
		return CRM_DONE;
	}
	*row = &it->rows[it->next++];
	return CRM_OK;
}

/* ---- sources ---------------------------------------------------------- */

/*
 * One pass over the orders up to the period's end, per client, then one
 * over the clients created by then, per source.
 */
static const char sql_sources[] =
	"WITH o AS (SELECT client_id, count(*) AS n,"
	"   sum(CAST(at >= :from AS INTEGER)) AS k,"
	"   coalesce(sum(iif(at >= :from, amount, NULL)), 0) AS rev"
	"   FROM interaction WHERE kind = 'order' AND at < :to GROUP BY client_id)"
	" SELECT c.source, sum(CAST(c.created >= :from AS INTEGER)) AS won,"
	"   coalesce(sum(CAST(o.n >= 2 AND o.k >= 1 AS INTEGER)), 0), coalesce(sum(o.k), 0),"
	"   coalesce(sum(o.rev), 0) AS revenue,"
	"   sum(CAST(c.status IN ('lost', 'farewell')"
	"     AND coalesce(c.status_since, c.created) >= :from"
	"     AND coalesce(c.status_since, c.created) < :to AS INTEGER))"
	" FROM client c LEFT JOIN o ON o.client_id = c.id WHERE c.created < :to"
	"   AND (:owner IS NULL OR c.owner_id = :owner)"
	" GROUP BY c.source ORDER BY revenue DESC, won DESC, c.source IS NULL, c.source";

struct crm_audit_source_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_audit_source row;
};

crm_status crm_audit_sources(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_source_iter **out)
{
	struct crm_audit_source_iter *it;
	struct binds b;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = period_binds(db, o, &b);
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	st = prepare(db, sql_sources, &b, &it->st);
	if (st != CRM_OK) {
		free(it);
		return st;
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_source_iter_next(struct crm_audit_source_iter *it,
				      const struct crm_audit_source **row)
{
	crmi_stmt *s = it->st;
	int rc;

	*row = NULL;
	if (it->done) {
		return CRM_DONE;
	}
	rc = crmi_step(s);
	if (rc != CRMI_ROW) {
		it->done = true;
		return rc == CRMI_DONE ? CRM_DONE :
					   crmi_sqlfail(it->db, rc, _("cannot audit the base"));
	}
	it->row = (struct crm_audit_source){
		.source = crmi_col_text(s, 0),
		.new_clients = crmi_col_int64(s, 1),
		.repeat_clients = crmi_col_int64(s, 2),
		.orders = crmi_col_int64(s, 3),
		.revenue = crmi_col_int64(s, 4),
		.lost_clients = crmi_col_int64(s, 5),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_audit_source_iter_destroy(struct crm_audit_source_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it);
}
