/*
 * schema.c: numbered migrations, applied at open in one transaction.
 * A shipped step is never edited: fixes go in a new step.
 */
#include <stdio.h>

#include "crm-private.h"

struct migration {
	int version;
	const char *sql;
};

static const struct migration migrations[] = {
	{ 1,
	  /* the foundation: settings and the append-only journal */
	  "PRAGMA application_id = 1129467185;"
	  "CREATE TABLE config ("
	  "  key TEXT PRIMARY KEY,"
	  "  value TEXT NOT NULL"
	  ") STRICT;"
	  "CREATE TABLE journal ("
	  "  id INTEGER PRIMARY KEY,"
	  "  at INTEGER NOT NULL,"
	  "  actor TEXT NOT NULL,"
	  "  action TEXT NOT NULL,"
	  "  entity TEXT NOT NULL,"
	  "  entity_id INTEGER,"
	  "  data TEXT NOT NULL DEFAULT '{}'"
	  ") STRICT;"
	  "CREATE INDEX journal_at ON journal(at);"
	  "CREATE INDEX journal_entity ON journal(entity, entity_id);"
	  "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal"
	  "  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;"
	  "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
	  "  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;" },
};

int crm_schema_version(void)
{
	return migrations[ARRAY_SIZE(migrations) - 1].version;
}

int crmi_schema_user_version(struct crm_db *db)
{
	sqlite3_stmt *st = NULL;
	int v = -1;

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
	for (size_t i = 0; i < ARRAY_SIZE(migrations); i++) {
		const struct migration *m = &migrations[i];

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
