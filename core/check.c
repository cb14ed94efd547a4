/*
 * check.c: crm check, the checks of a base beyond SQLite's own: its pages,
 * foreign keys, owners, handovers, schema, journal and search index, each
 * problem reported to the caller as it is found.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-private.h"

/* ---- check ---------------------------------------------------------- */

struct checker {
	struct crm_db *db;
	crm_check_fn *fn;
	void *data;
	int64_t count;
	char text[512];
};

static void problem(struct checker *c, const char *check, const char *entity, int64_t id,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void problem(struct checker *c, const char *check, const char *entity, int64_t id,
		    const char *fmt, ...)
{
	struct crm_check_problem p = { check, entity, id, c->text };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->text, sizeof(c->text), fmt, ap);
	va_end(ap);
	c->count++;
	if (c->fn) {
		c->fn(c->data, &p);
	}
}

static crm_status prepare(struct checker *c, const char *sql, crmi_stmt **st)
{
	int rc = crmi_stmt_new(c->db, sql, st);

	if (rc != CRMI_OK) {
		return crmi_sqlfail(c->db, rc, N_("cannot check the base"));
	}
	return CRM_OK;
}

static bool is_corrupt(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/*
 * Finalizes the statement of a check that ended with rc: CRMI_DONE is
 * CRM_OK; pages too broken to read are a finding of that check, not a
 * failure to check (the other checks go on).
 */
static crm_status finish(struct checker *c, const char *check, crmi_stmt *st, int rc)
{
	crmi_finalize(st);
	if (is_corrupt(rc)) {
		problem(c, check, NULL, 0, "%s", crmi_errmsg(c->db));
		return CRM_OK;
	}
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(c->db, rc, N_("cannot check the base"));
	}
	return CRM_OK;
}

/* quick_check or integrity_check: each row other than "ok" is a problem. */
static crm_status check_pages(struct checker *c, bool full)
{
	const char *name = full ? "integrity_check" : "quick_check";
	crmi_stmt *st;
	int rc;

	if (prepare(c, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		const char *t = crmi_col_text(st, 0);

		if (t && strcmp(t, "ok") != 0) {
			problem(c, name, NULL, 0, "%s", t);
		}
	}
	return finish(c, name, st, rc);
}

static crm_status check_foreign_keys(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	if (c->db->pg) {
		return CRM_OK; /* a server enforces its foreign keys on every write */
	}
	if (prepare(c, "PRAGMA foreign_key_check", &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		const char *table = crmi_col_text(st, 0);
		const char *parent = crmi_col_text(st, 2);
		int64_t row = crmi_col_int64(st, 1);

		problem(c, "foreign_key_check", table, row, "%s %lld refers to a missing %s",
			table ? table : "?", (long long)row, parent ? parent : "row");
	}
	return finish(c, "foreign_key_check", st, rc);
}

static crm_status check_owners(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT c.id, c.name, c.owner_id FROM client c"
		    " WHERE c.owner_id IS NOT NULL"
		    "   AND NOT EXISTS (SELECT 1 FROM manager m WHERE m.id = c.owner_id)"
		    " ORDER BY c.id LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		problem(c, "owner", "client", crmi_col_int64(st, 0),
			"client '%s' is owned by manager %lld, who does not exist",
			crmi_col_text(st, 1),
			(long long)crmi_col_int64(st, 2));
	}
	return finish(c, "owner", st, rc);
}

/*
 * Every accepted handover moved the owner: its acceptance is in the
 * journal, and the client still belongs to the receiver of its latest
 * accepted handover unless a later change of owner was journaled.
 */
static crm_status check_handovers(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT h.id, c.name, 'has no acceptance in the journal' FROM handover h"
		    " JOIN client c ON c.id = h.client_id"
		    " WHERE h.status = 'accepted' AND NOT EXISTS (SELECT 1 FROM journal j"
		    "   WHERE j.entity = 'handover' AND j.entity_id = h.id"
		    "     AND j.action = 'handover.accept')"
		    " UNION ALL "
		    "SELECT h.id, c.name, 'was accepted but the client has another owner'"
		    " FROM handover h JOIN client c ON c.id = h.client_id"
		    " WHERE h.status = 'accepted' AND c.owner_id IS DISTINCT FROM h.to_id"
		    "   AND h.decided = (SELECT max(x.decided) FROM handover x"
		    "     WHERE x.client_id = h.client_id AND x.status = 'accepted')"
		    "   AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.entity = 'client'"
		    "     AND j.entity_id = c.id AND j.id > (SELECT max(a.id) FROM journal a"
		    "       WHERE a.entity = 'handover' AND a.entity_id = h.id"
		    "         AND a.action = 'handover.accept')"
		    "     AND (j.action = 'client.import'"
		    "       OR json_extract(j.data, '$.changes.owner') IS NOT NULL))"
		    " LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		problem(c, "handover", "handover", crmi_col_int64(st, 0),
			"handover %lld of client '%s' %s", (long long)crmi_col_int64(st, 0),
			crmi_col_text(st, 1),
			crmi_col_text(st, 2));
	}
	return finish(c, "handover", st, rc);
}

/* An erasure whose data a scrub has not yet cleared from the files. */
static crm_status check_scrub(struct checker *c)
{
	int64_t pending = 0;
	crm_status st = crm_scrub_pending(c->db, &pending);

	if (st == CRM_OK && pending) {
		problem(c, "erasure", "erasure", pending,
			"the data erased by erasure %lld may still be in the files of the base: "
			"run 'crm scrub'", (long long)pending);
	}
	return st;
}

static void schema_problem(void *data, const char *difference)
{
	problem(data, "schema", NULL, 0, "%s", difference);
}

/*
 * The schema is exactly crm's for the base's version: an extra trigger or
 * view, a missing table, or a trigger rewritten (the journal's, say, made
 * to let deletes through) is a problem each.
 */
static crm_status check_schema(struct checker *c)
{
	int rc, n;

	n = crmi_schema_diff(c->db->sql, crmi_schema_user_version(c->db), schema_problem, c, &rc);
	if (n < 0) {
		return crmi_sqlfail(c->db, rc, N_("cannot check the base"));
	}
	return CRM_OK;
}

static crm_status check_journal_ids(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	/* each missing run: from the id after an entry whose successor is
	 * absent to the id before the next present one; and before the first */
	if (prepare(c,
		    "SELECT 1, min(id) - 1 FROM journal HAVING min(id) > 1"
		    " UNION ALL"
		    " SELECT j.id + 1, (SELECT min(k.id) FROM journal k WHERE k.id > j.id) - 1"
		    " FROM journal j"
		    " WHERE j.id < (SELECT max(id) FROM journal)"
		    "   AND NOT EXISTS (SELECT 1 FROM journal k WHERE k.id = j.id + 1)"
		    " LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		int64_t a = crmi_col_int64(st, 0), b = crmi_col_int64(st, 1);

		if (a == b) {
			problem(c, "journal", "journal", a, "journal entry %lld is missing",
				(long long)a);
		} else {
			problem(c, "journal", "journal", a, "journal entries %lld to %lld are missing",
				(long long)a, (long long)b);
		}
	}
	return finish(c, "journal", st, rc);
}

static crm_status check_journal_data(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT id FROM journal"
		    " WHERE NOT json_valid(data) OR json_type(data) <> 'object'"
		    " ORDER BY id LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		int64_t id = crmi_col_int64(st, 0);

		problem(c, "journal", "journal", id,
			"the data of journal entry %lld is not a JSON object", (long long)id);
	}
	return finish(c, "journal", st, rc);
}

/* The search index: entries per source against the rows they index. */
static const struct {
	int source;
	const char *table;
	const char *missing_sql;  /* rows without their entry */
} search_sources[] = {
	{ CRMI_SEARCH_CLIENT, "client",
	  "SELECT id FROM client t WHERE NOT EXISTS"
	  " (SELECT 1 FROM search s WHERE s.rowid = t.id * 4 + 0) ORDER BY id LIMIT 100" },
	{ CRMI_SEARCH_CONTACT, "contact",
	  "SELECT id FROM contact t WHERE NOT EXISTS"
	  " (SELECT 1 FROM search s WHERE s.rowid = t.id * 4 + 1) ORDER BY id LIMIT 100" },
	{ CRMI_SEARCH_INTERACTION, "interaction",
	  "SELECT id FROM interaction t WHERE NOT EXISTS"
	  " (SELECT 1 FROM search s WHERE s.rowid = t.id * 4 + 2) ORDER BY id LIMIT 100" },
};

static crm_status search_rows_missing(struct checker *c, size_t i)
{
	crmi_stmt *st;
	int rc;

	if (prepare(c, search_sources[i].missing_sql, &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		int64_t id = crmi_col_int64(st, 0);

		problem(c, "search", search_sources[i].table, id,
			"%s %lld is missing from the search index", search_sources[i].table,
			(long long)id);
	}
	return finish(c, "search", st, rc);
}

/* Index entries whose row is gone, or which belong to no source. */
static crm_status search_orphans(struct checker *c)
{
	crmi_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT s.rowid FROM search s WHERE CASE s.rowid % 4"
		    " WHEN 0 THEN NOT EXISTS (SELECT 1 FROM client t WHERE t.id = s.rowid / 4)"
		    " WHEN 1 THEN NOT EXISTS (SELECT 1 FROM contact t WHERE t.id = s.rowid / 4)"
		    " WHEN 2 THEN NOT EXISTS (SELECT 1 FROM interaction t WHERE t.id = s.rowid / 4)"
		    " ELSE 1 END"
		    " ORDER BY s.rowid LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		int64_t rowid = crmi_col_int64(st, 0);

		problem(c, "search", "search", rowid,
			"search index entry %lld belongs to no client, contact or interaction",
			(long long)rowid);
	}
	return finish(c, "search", st, rc);
}

static crm_status check_search(struct checker *c)
{
	int64_t rows[3] = { 0 }, entries[4] = { 0 };
	crmi_stmt *st;
	crm_status s;
	int rc;

	if (prepare(c,
		    "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM contact),"
		    " (SELECT count(*) FROM interaction)",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		for (int i = 0; i < 3; i++) {
			rows[i] = crmi_col_int64(st, i);
		}
		rc = CRMI_DONE;
	}
	/* unreadable tables: a finding, and no counts to compare */
	if (is_corrupt(rc)) {
		return finish(c, "search", st, rc);
	}
	if ((s = finish(c, "search", st, rc)) != CRM_OK) {
		return s;
	}
	if (prepare(c, "SELECT rowid % 4, count(*) FROM search GROUP BY 1", &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		int64_t src = crmi_col_int64(st, 0);

		entries[src >= 0 && src < 4 ? src : 3] += crmi_col_int64(st, 1);
	}
	if (is_corrupt(rc)) {
		return finish(c, "search", st, rc);
	}
	if ((s = finish(c, "search", st, rc)) != CRM_OK) {
		return s;
	}
	/* the counts are cheap; the rows are listed only when they differ */
	for (size_t i = 0; i < ARRAY_SIZE(search_sources); i++) {
		int src = search_sources[i].source;

		if (rows[src] != entries[src] &&
		    (s = search_rows_missing(c, i)) != CRM_OK) {
			return s;
		}
	}
	if (rows[0] != entries[0] || rows[1] != entries[1] || rows[2] != entries[2] ||
	    entries[3]) {
		return search_orphans(c);
	}
	return CRM_OK;
}

/*
 * FTS5's own check that its index matches its content. It is an INSERT, so
 * it runs on its own, before the read transaction of the other checks.
 */
static crm_status check_search_index(struct checker *c)
{
	int rc = sqlite3_exec(c->db->sql, "INSERT INTO search(search) VALUES ('integrity-check')",
			      NULL, NULL, NULL);

	if ((rc & 0xff) == SQLITE_CORRUPT) {
		problem(c, "search", "search", 0, "the search index does not match its content: %s",
			crmi_errmsg(c->db));
		return CRM_OK;
	}
	if ((rc & 0xff) == SQLITE_READONLY) {
		return CRM_OK; /* a read-only base: the other checks still run */
	}
	if (rc != CRMI_OK) {
		return crmi_sqlfail(c->db, rc, N_("cannot check the search index"));
	}
	return CRM_OK;
}

crm_status crm_check(struct crm_db *db, unsigned flags, crm_check_fn *fn, void *data,
		     int64_t *problems)
{
	struct checker c = { .db = db, .fn = fn, .data = data };
	bool full = (flags & CRM_CHECK_FULL) != 0;
	crm_status st = CRM_OK;
	bool own_tx;

	crmi_clear_error(db);
	if (problems) {
		*problems = 0;
	}
	own_tx = crmi_autocommit(db);
	/* a base whose schema is not crm's is only read: its triggers must not run */
	if (full && own_tx && !db->foreign_schema && !db->pg) {
		st = check_search_index(&c);
	}
	/* one snapshot for every count: a read transaction never upgrades */
	if (st == CRM_OK && own_tx) {
		st = crmi_exec(db, "BEGIN");
	}
	/* what the file of an SQLite base needs checked: a server checks its
	 * pages and foreign keys itself, and keeps no erased bytes in a file
	 * crm could scrub */
	if (st == CRM_OK && !db->pg) {
		st = check_schema(&c);
	}
	if (st == CRM_OK && !db->pg) {
		st = check_pages(&c, full);
	}
	if (st == CRM_OK && !db->foreign_schema && !db->pg) {
		st = check_scrub(&c);
	}
	if (full) {
		static crm_status (*const rules[])(struct checker *) = {
			check_foreign_keys, check_owners, check_handovers, check_journal_ids,
			check_journal_data, check_search,
		};

		for (size_t i = 0; st == CRM_OK && i < ARRAY_SIZE(rules); i++) {
			st = rules[i](&c);
			/* a schema that is not crm's may lack what a rule reads:
			 * say so, and go on with the others */
			if (st != CRM_OK && st != CRM_EBUSY && db->foreign_schema) {
				problem(&c, "schema", NULL, 0, "a check could not run: %s", db->errmsg);
				crmi_clear_error(db);
				st = CRM_OK;
			}
		}
	}
	if (own_tx) {
		crmi_exec_quiet(db, "COMMIT");
	}
	if (problems) {
		*problems = c.count;
	}
	return st;
}
