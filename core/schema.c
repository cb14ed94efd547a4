/*
 * schema.c: the migrations of migrations.c applied at open in one
 * transaction, and the check that a base's schema is exactly crm's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "crm-private.h"
#include "migrations.h"

/* True when the steps are numbered 1, 2, ... N in order (a unit test). */
bool crmi_schema_steps_ok(void)
{
	for (size_t i = 0; i < crmi_migrations_count; i++) {
		if (crmi_migrations[i].version != (int)i + 1) {
			return false;
		}
	}
	return true;
}

int crm_schema_version(void)
{
	return crmi_migrations[crmi_migrations_count - 1].version;
}

int crmi_schema_user_version(struct crm_db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

	if (db->pg) { /* a base on a server is opened only at crm's version */
		return crm_schema_version();
	}
	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* Brings the base from its user_version up to target, all or nothing. */
crm_status crmi_schema_migrate(struct crm_db *db, int target)
{
	crm_status st;
	int from;
	char pragma[64];

	st = crmi_exec(db, "BEGIN IMMEDIATE");
	if (st != CRM_OK) {
		return st;
	}
	from = crmi_schema_user_version(db);
	if (from < 0) {
		st = crmi_fail(db, CRM_EDB, "cannot read the schema version of '%s'", db->path);
		goto fail;
	}
	for (size_t i = 0; i < crmi_migrations_count; i++) {
		const struct crmi_migration *m = &crmi_migrations[i];

		if (m->version <= from || m->version > target) {
			continue;
		}
		st = crmi_exec(db, m->sql);
		if (st != CRM_OK) {
			crmi_fail(db, st, "cannot upgrade '%s' to schema %d: %s", db->path,
				  m->version, sqlite3_errmsg(db->sql));
			goto fail;
		}
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", m->version);
		st = crmi_exec(db, pragma);
		if (st != CRM_OK) {
			goto fail;
		}
	}
	return crmi_exec(db, "COMMIT");
fail:
	sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
	return st;
}

/* ---- the schema is crm's ------------------------------------------ */

static const struct crmi_schema_expected *expected_of(int version)
{
	if (version < 0 || (size_t)version >= crmi_schema_expected_count) {
		return NULL;
	}
	return &crmi_schema_expected[version];
}

/* SQLite's own tables, allowed with exactly the SQL SQLite gives them. */
static bool internal_table(const char *name, const char *sql)
{
	static const char *const known[][2] = {
		{ "sqlite_sequence", "CREATE TABLE sqlite_sequence(name,seq)" },
		{ "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)" },
		{ "sqlite_stat4", "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)" },
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(name, known[i][0]) == 0) {
			return sql && strcmp(sql, known[i][1]) == 0;
		}
	}
	return false;
}

static void differ(crmi_schema_diff_fn *fn, void *data, int *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void differ(crmi_schema_diff_fn *fn, void *data, int *n, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(*n)++;
	if (!fn) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fn(data, buf);
}

/*
 * Walks sqlite_master and crm's schema of version side by side, both in
 * name order, and tells fn of each object that is extra, missing or not
 * as crm makes it. Returns the number of differences, or -1 when the
 * schema cannot be read (the SQLite code in *rc).
 */
int crmi_schema_diff(sqlite3 *db, int version, crmi_schema_diff_fn *fn, void *data, int *rc)
{
	const struct crmi_schema_expected *want = expected_of(version);
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int n = 0, r;

	*rc = SQLITE_OK;
	if (!want) {
		differ(fn, data, &n, "schema version %d is not one crm makes", version);
		return n;
	}
	r = sqlite3_prepare_v2(db,
			       "SELECT type, name, tbl_name, sql FROM main.sqlite_master"
			       " ORDER BY name",
			       -1, &st, NULL);
	while (r == SQLITE_OK && (r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		int c;

		r = SQLITE_OK;
		if (!type || !name || !tbl) {
			differ(fn, data, &n, "an object of sqlite_master has no name");
			continue;
		}
		if (strncmp(name, "sqlite_", 7) == 0 && strcmp(type, "table") == 0 &&
		    internal_table(name, sql)) {
			continue;
		}
		/* the expected objects before this one are missing */
		while (i < want->count && (c = strcmp(want->objs[i].name, name)) < 0) {
			differ(fn, data, &n, "%s '%s' is missing", want->objs[i].type,
			       want->objs[i].name);
			i++;
		}
		if (i >= want->count || strcmp(want->objs[i].name, name) != 0) {
			if (strcmp(type, "table") == 0 || strcmp(type, "view") == 0) {
				differ(fn, data, &n, "%s '%s' is not crm's", type, name);
			} else {
				differ(fn, data, &n, "%s '%s' on '%s' is not crm's", type, name, tbl);
			}
			continue;
		}
		if (strcmp(want->objs[i].type, type) != 0) {
			differ(fn, data, &n, "'%s' is a %s where crm has a %s", name, type,
			       want->objs[i].type);
		} else if (strcmp(want->objs[i].tbl_name, tbl) != 0 ||
			   want->objs[i].sql_hash != crmi_schema_hash(sql)) {
			differ(fn, data, &n, "%s '%s' was altered: it is not as crm makes it", type,
			       name);
		}
		i++;
	}
	if (r != SQLITE_DONE) {
		*rc = r == SQLITE_OK ? SQLITE_ERROR : r;
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	for (; i < want->count; i++) {
		differ(fn, data, &n, "%s '%s' is missing", want->objs[i].type, want->objs[i].name);
	}
	return n;
}

struct first {
	char *buf;
	size_t n;
};

static void keep_first(void *data, const char *difference)
{
	struct first *f = data;

	if (!f->buf[0]) {
		snprintf(f->buf, f->n, "%s", difference);
	}
}

int crmi_schema_first_diff(sqlite3 *db, int version, char *buf, size_t n, int *rc)
{
	struct first f = { buf, n };

	buf[0] = '\0';
	return crmi_schema_diff(db, version, keep_first, &f, rc);
}
