/*
 * test-db.c: opening and creating a base, refusing what is not a crm
 * base, migrations, transactions and the atomic units of core calls.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"
#include "migrations.h"

struct fixture {
	struct crm_db *db;   /* a fresh :memory: base */
	char dir[64];        /* a fresh temp dir for the tests that need files */
	char path[256];      /* dir/a/b/crm.db */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f) {
		return -1;
	}
	if (fixture_tmpdir(f->dir, sizeof(f->dir), "db") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/a/b/crm.db", f->dir);
	f->db = fixture_db(0, NULL);
	if (!f->db) {
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	crm_db_close(f->db);
	fixture_rmtree(f->dir);
	free(f);
	return 0;
}

static int64_t journal_rows(struct crm_db *db)
{
	return sql_int(db, "SELECT count(*) FROM journal");
}

static char *config_value(struct crm_db *db, const char *key)
{
	char *v = NULL;
	bool is_set = true;

	assert_int_equal(crm_config_get(db, key, &v, &is_set), CRM_OK);
	assert_int_equal(is_set, v != NULL);
	return v;
}

static void create_base(const char *path)
{
	struct crm_db *db = NULL;
	struct crm_error err;

	if (crm_db_open(path, CRM_OPEN_CREATE, &db, &err) != CRM_OK) {
		fail_msg("create %s: %s", path, err.msg);
	}
	crm_db_close(db);
}

static void test_memory_is_current(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(crmi_schema_user_version(f->db), crm_schema_version());
	/* migrations are numbered 1..N in order: a gap or a swap would skip
	 * steps on bases that stopped between them */
	assert_true(crmi_schema_steps_ok());
	assert_int_equal(sql_int(f->db, "PRAGMA application_id"), CRM_APPLICATION_ID);
	assert_int_equal(sql_int(f->db, "PRAGMA application_id"), 1129467185);
	assert_int_equal(sql_int(f->db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(sql_int(f->db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(journal_rows(f->db), 0);
	assert_string_equal(crm_db_path(f->db), ":memory:");
	assert_string_equal(crm_db_errmsg(f->db), "");
	assert_int_equal(crm_db_errcode(f->db), CRM_OK);
}

static void test_open_missing(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	struct stat sb;

	assert_int_equal(crm_db_open(f->path, 0, &db, &err), CRM_ENOTFOUND);
	assert_null(db);
	assert_int_equal(err.code, CRM_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no crm base at"));
	assert_non_null(strstr(err.msg, f->path));
	/* nothing was created on the way */
	assert_int_equal(stat(f->path, &sb), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_create_modes(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = NULL;
	struct crm_error err;
	struct stat sb;
	char sub[300];
	mode_t old = umask(022);

	assert_int_equal(crm_db_open(f->path, CRM_OPEN_CREATE, &db, &err), CRM_OK);
	umask(old);
	assert_non_null(db);
	assert_int_equal(err.code, CRM_OK);
	assert_int_equal(crmi_schema_user_version(db), crm_schema_version());
	assert_int_equal(sql_int(db, "PRAGMA application_id"), CRM_APPLICATION_ID);
	crm_db_close(db);

	assert_int_equal(stat(f->path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_mode & 07777, 0600);
	snprintf(sub, sizeof(sub), "%s/a/b", f->dir);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
	snprintf(sub, sizeof(sub), "%s/a", f->dir);
	assert_int_equal(stat(sub, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0700);
}

static void test_create_exists(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	struct stat before, after;

	create_base(f->path);
	assert_int_equal(stat(f->path, &before), 0);
	assert_int_equal(crm_db_open(f->path, CRM_OPEN_CREATE, &db, &err), CRM_EEXIST);
	assert_null(db);
	assert_int_equal(err.code, CRM_EEXIST);
	assert_non_null(strstr(err.msg, "already exists"));
	/* the existing base is still there, untouched */
	assert_int_equal(stat(f->path, &after), 0);
	assert_int_equal(after.st_size, before.st_size);
	assert_int_equal(crm_db_open(f->path, 0, &db, &err), CRM_OK);
	crm_db_close(db);
}

static void test_open_text_file(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	char path[300];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/notes.txt", f->dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	for (int i = 0; i < 100; i++) {
		fputs("these are my notes, not a database\n", fp);
	}
	fclose(fp);
	assert_int_equal(crm_db_open(path, 0, &db, &err), CRM_EDB);
	assert_null(db);
	assert_int_equal(err.code, CRM_EDB);
	assert_non_null(strstr(err.msg, path));
}

static void test_open_other_program(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	char path[300];
	sqlite3 *s;
	sqlite3_stmt *st;

	snprintf(path, sizeof(path), "%s/other.db", f->dir);
	sql_exec_file(path, "CREATE TABLE t(x); INSERT INTO t VALUES (42)");
	assert_int_equal(crm_db_open(path, 0, &db, &err), CRM_EDB);
	assert_null(db);
	assert_non_null(strstr(err.msg, "not a crm base"));
	/* the file of the other program is left as it was: no WAL switch */
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "delete");
	sqlite3_finalize(st);
	sqlite3_close(s);
}

static void test_open_newer(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	char sql[64];

	create_base(f->path);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", crm_schema_version() + 1);
	sql_exec_file(f->path, sql);
	assert_int_equal(crm_db_open(f->path, 0, &db, &err), CRM_ESCHEMA);
	assert_null(db);
	assert_int_equal(err.code, CRM_ESCHEMA);
	assert_non_null(strstr(err.msg, "newer"));
	assert_non_null(strstr(err.msg, "upgrade crm"));
	/* read-only is refused too */
	assert_int_equal(crm_db_open(f->path, CRM_OPEN_READONLY, &db, &err), CRM_ESCHEMA);
	assert_null(db);
}

static void test_migrate_from_v0(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = NULL;
	struct crm_error err;
	char path[300];

	snprintf(path, sizeof(path), "%s/v0.db", f->dir);
	sql_exec_file(path, "PRAGMA application_id = 1129467185");
	assert_int_equal(crm_db_open(path, 0, &db, &err), CRM_OK);
	assert_int_equal(crmi_schema_user_version(db), crm_schema_version());
	assert_int_equal(sql_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
				     "('config', 'journal', 'journal_no_update', "
				     "'journal_no_delete')"),
			 4);
	assert_int_equal(journal_rows(db), 0);
	assert_int_equal(crm_config_set(db, "company.name", "Анна"), CRM_OK);
	crm_db_close(db);

	/* and it stays migrated */
	assert_int_equal(crm_db_open(path, 0, &db, &err), CRM_OK);
	assert_int_equal(crmi_schema_user_version(db), crm_schema_version());
	assert_int_equal(journal_rows(db), 1);
	crm_db_close(db);
}

static void test_readonly_no_migration(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = (struct crm_db *)1;
	struct crm_error err;
	char path[300];

	snprintf(path, sizeof(path), "%s/v0.db", f->dir);
	sql_exec_file(path, "PRAGMA application_id = 1129467185");
	assert_int_equal(crm_db_open(path, CRM_OPEN_READONLY, &db, &err), CRM_EDB);
	assert_null(db);
	assert_non_null(strstr(err.msg, "read-only"));
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long len;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	len = ftell(fp);
	assert_true(len > 0);
	rewind(fp);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return buf;
}

static void test_current_untouched(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = NULL;
	struct crm_error err;
	unsigned char *before, *after;
	size_t nb, na;

	assert_int_equal(crm_db_open(f->path, CRM_OPEN_CREATE, &db, &err), CRM_OK);
	assert_int_equal(crm_config_set(db, "user.email", "a@b.c"), CRM_OK);
	crm_db_close(db);
	before = slurp(f->path, &nb);

	assert_int_equal(crm_db_open(f->path, 0, &db, &err), CRM_OK);
	assert_int_equal(crmi_schema_user_version(db), crm_schema_version());
	assert_int_equal(journal_rows(db), 1);
	crm_db_close(db);

	after = slurp(f->path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(after, before, nb);
	free(before);
	free(after);
}

static void test_tx_rollback(void **state)
{
	struct fixture *f = *state;
	char *v;

	crm_db_set_actor(f->db, "anna");
	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	/* a second begin while one is open is refused */
	assert_int_equal(crm_tx_begin(f->db), CRM_EINVAL);
	assert_int_equal(crm_config_set(f->db, "company.name", "Boris"), CRM_OK);
	v = config_value(f->db, "company.name");
	assert_string_equal(v, "Boris");
	free(v);
	assert_int_equal(journal_rows(f->db), 1);
	crm_tx_rollback(f->db);

	v = config_value(f->db, "company.name");
	assert_null(v);
	assert_int_equal(journal_rows(f->db), 0);
	assert_true(sqlite3_get_autocommit(f->db->sql));
	/* rollback with no transaction open, and on NULL, is harmless */
	crm_tx_rollback(f->db);
	crm_tx_rollback(NULL);
}

static void test_tx_commit(void **state)
{
	struct fixture *f = *state;
	char *v;

	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "company.name", "Boris"), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "user.email", "b@x.ru"), CRM_OK);
	assert_int_equal(crm_tx_commit(f->db), CRM_OK);
	assert_true(sqlite3_get_autocommit(f->db->sql));
	v = config_value(f->db, "company.name");
	assert_string_equal(v, "Boris");
	free(v);
	assert_int_equal(journal_rows(f->db), 2);
}

/* A failing core call inside a command's transaction undoes only itself. */
static void test_tx_failed_call_keeps_others(void **state)
{
	struct fixture *f = *state;
	char *v;

	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "company.name", "Boris"), CRM_OK);
	assert_int_equal(crm_config_unset(f->db, "user.email"), CRM_ENOTFOUND);
	assert_int_equal(crm_db_errcode(f->db), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(f->db), "config key 'user.email' is not set");
	assert_false(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(crm_tx_commit(f->db), CRM_OK);
	v = config_value(f->db, "company.name");
	assert_string_equal(v, "Boris");
	free(v);
	assert_int_equal(journal_rows(f->db), 1);
}

static crm_status insert_value(struct crm_db *db, const char *key, const char *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, "INSERT INTO config(key, value) VALUES (?1, ?2)",
				    -1, &st, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CRM_OK : crmi_sqlfail(db, rc, "insert");
}

static void test_atomic_nesting(void **state)
{
	struct fixture *f = *state;

	/* outer unit opens the transaction itself */
	assert_true(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_false(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(f->db->atomic_depth, 1);
	assert_int_equal(insert_value(f->db, "outer.a", "1"), CRM_OK);

	/* an inner unit that fails is rolled back alone */
	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_int_equal(f->db->atomic_depth, 2);
	assert_int_equal(insert_value(f->db, "inner.fail", "2"), CRM_OK);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config"), 2);
	assert_int_equal(crmi_atomic_end(f->db, CRM_ECONFLICT), CRM_ECONFLICT);
	assert_int_equal(f->db->atomic_depth, 1);
	assert_false(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config"), 1);

	/* an inner unit that succeeds stays */
	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_int_equal(insert_value(f->db, "inner.ok", "3"), CRM_OK);
	assert_int_equal(crmi_atomic_end(f->db, CRM_OK), CRM_OK);
	assert_false(sqlite3_get_autocommit(f->db->sql));

	/* the outer end commits */
	assert_int_equal(crmi_atomic_end(f->db, CRM_OK), CRM_OK);
	assert_int_equal(f->db->atomic_depth, 0);
	assert_int_equal(f->db->atomic_own, 0);
	assert_true(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config"), 2);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config WHERE key IN "
					"('outer.a', 'inner.ok')"),
			 2);
}

static void test_atomic_outer_failure(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_int_equal(insert_value(f->db, "outer.a", "1"), CRM_OK);
	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_int_equal(insert_value(f->db, "inner.ok", "2"), CRM_OK);
	assert_int_equal(crmi_atomic_end(f->db, CRM_OK), CRM_OK);
	/* the outer unit fails: everything goes, the inner success too */
	assert_int_equal(crmi_atomic_end(f->db, CRM_EINVAL), CRM_EINVAL);
	assert_int_equal(f->db->atomic_depth, 0);
	assert_true(sqlite3_get_autocommit(f->db->sql));
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config"), 0);
}

static void test_atomic_inside_tx(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	assert_int_equal(crmi_atomic_begin(f->db), CRM_OK);
	assert_int_equal(f->db->atomic_own, 0);
	assert_int_equal(insert_value(f->db, "a", "1"), CRM_OK);
	assert_int_equal(crmi_atomic_end(f->db, CRM_OK), CRM_OK);
	/* the unit did not commit the command's transaction */
	assert_false(sqlite3_get_autocommit(f->db->sql));
	crm_tx_rollback(f->db);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config"), 0);
}

static void test_status_str(void **state)
{
	const char *seen[CRM_ENOINPUT + 1];

	(void)state;
	for (int s = CRM_OK; s <= CRM_ENOINPUT; s++) {
		const char *str = crm_status_str((crm_status)s);

		assert_non_null(str);
		assert_true(str[0] != '\0');
		assert_string_not_equal(str, "unknown status");
		for (int j = CRM_OK; j < s; j++) {
			assert_string_not_equal(str, seen[j]);
		}
		seen[s] = str;
	}
	assert_string_equal(crm_status_str(CRM_OK), "ok");
	assert_string_equal(crm_status_str(CRM_ENOTFOUND), "not found");
	assert_string_equal(crm_status_str((crm_status)999), "unknown status");
}

static void test_actor_and_clock(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(crm_db_actor(f->db), "");
	assert_int_equal(crm_db_set_actor(f->db, "Мария"), CRM_OK);
	assert_string_equal(crm_db_actor(f->db), "Мария");
	assert_int_equal(crm_db_set_actor(f->db, NULL), CRM_OK);
	assert_string_equal(crm_db_actor(f->db), "");
	crm_db_set_now(f->db, 1795341600);
	assert_int_equal(crm_db_now(f->db), 1795341600);
	crm_db_close(NULL);
}

/* ---- the schema is crm's ------------------------------------------- */

struct diffs {
	int n;
	char text[8][256];
};

static void note_diff(void *data, const char *d)
{
	struct diffs *ds = data;

	if (ds->n < 8) {
		snprintf(ds->text[ds->n], sizeof(ds->text[0]), "%s", d);
	}
	ds->n++;
}

static int diff_of(sqlite3 *s, int version, struct diffs *ds)
{
	int rc = SQLITE_OK;

	memset(ds, 0, sizeof(*ds));
	return crmi_schema_diff(s, version, note_diff, ds, &rc);
}

/* Every version made by its steps matches its record, and no other. */
static void test_schema_each_version(void **state)
{
	sqlite3 *s = NULL;
	struct diffs ds;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &s), SQLITE_OK);
	assert_int_equal(diff_of(s, 0, &ds), 0);
	for (int v = 1; v <= crm_schema_version(); v++) {
		assert_int_equal(sqlite3_exec(s, crmi_migrations[v - 1].sql, NULL, NULL, NULL),
				 SQLITE_OK);
		assert_int_equal(diff_of(s, v, &ds), 0);
		/* the version before: everything of step v is extra or altered;
		 * step 12 changes data only (it drops the base's user.name) */
		if (v == 12) {
			assert_int_equal(diff_of(s, v - 1, &ds), 0);
		} else {
			assert_true(diff_of(s, v - 1, &ds) > 0);
		}
	}
	assert_true(diff_of(s, crm_schema_version() + 1, &ds) == 1);
	assert_non_null(strstr(ds.text[0], "is not one crm makes"));
	/* SQLite's own statistics tables are allowed as SQLite makes them */
	assert_int_equal(sqlite3_exec(s, "ANALYZE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(diff_of(s, crm_schema_version(), &ds), 0);
	sqlite3_close(s);
}

static void test_schema_hostile(void **state)
{
	struct fixture *f = *state;
	sqlite3 *s = f->db->sql;
	struct diffs ds;
	int v = crm_schema_version();

	assert_int_equal(diff_of(s, v, &ds), 0);
	/* an extra trigger */
	assert_int_equal(sqlite3_exec(s, "CREATE TRIGGER zz AFTER INSERT ON interaction"
					 " BEGIN DELETE FROM next_action; END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(diff_of(s, v, &ds), 1);
	assert_string_equal(ds.text[0], "trigger 'zz' on 'interaction' is not crm's");
	assert_int_equal(sqlite3_exec(s, "DROP TRIGGER zz", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(diff_of(s, v, &ds), 0);
	/* the journal's trigger rewritten to let deletes through: one byte more */
	assert_int_equal(sqlite3_exec(s, "DROP TRIGGER journal_no_delete;"
					 "CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
					 " WHEN 0 BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(diff_of(s, v, &ds), 1);
	assert_string_equal(ds.text[0],
			    "trigger 'journal_no_delete' was altered: it is not as crm makes it");
	/* an index gone */
	assert_int_equal(sqlite3_exec(s, "DROP INDEX journal_at", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(diff_of(s, v, &ds), 2);
	assert_string_equal(ds.text[0], "index 'journal_at' is missing");
	/* a table behind a view of the same name */
	assert_int_equal(sqlite3_exec(s, "PRAGMA legacy_alter_table = ON;"
					 "ALTER TABLE config RENAME TO config_all;"
					 "CREATE VIEW config AS SELECT * FROM config_all WHERE 0",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_true(diff_of(s, v, &ds) >= 4);
	assert_string_equal(ds.text[0], "'config' is a view where crm has a table");
}

/* Defensive mode: no SQL can write the schema table behind SQLite's back. */
static void test_defensive(void **state)
{
	struct fixture *f = *state;
	int on = 0;

	assert_int_equal(sqlite3_db_config(f->db->sql, SQLITE_DBCONFIG_DEFENSIVE, -1, &on), SQLITE_OK);
	assert_int_equal(on, 1);
	assert_int_equal(sqlite3_db_config(f->db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &on),
			 SQLITE_OK);
	assert_int_equal(on, 0);
	sqlite3_exec(f->db->sql, "PRAGMA writable_schema = ON", NULL, NULL, NULL);
	assert_int_not_equal(sqlite3_exec(f->db->sql,
					  "UPDATE sqlite_master SET sql = 'x' WHERE name = 'journal'",
					  NULL, NULL, NULL),
			     SQLITE_OK);
}

/* A file whose schema differs: refused at open, read by ANY_SCHEMA alone. */
static void test_open_refuses_foreign_schema(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db = NULL;
	struct crm_error err;

	assert_int_equal(crm_db_open(f->path, CRM_OPEN_CREATE, &db, &err), CRM_OK);
	assert_int_equal(crmi_exec(db, "CREATE TABLE kept(x)"), CRM_OK);
	crm_db_close(db);
	assert_int_equal(crm_db_open(f->path, 0, &db, &err), CRM_EDB);
	assert_null(db);
	assert_non_null(strstr(err.msg, "has a schema crm did not make (table 'kept' is not crm's)"));
	assert_int_equal(crm_db_open(f->path, CRM_OPEN_ANY_SCHEMA, &db, &err), CRM_OK);
	assert_int_equal(crm_tx_begin(db), CRM_EDB);
	assert_non_null(strstr(crm_db_errmsg(db), "nothing is written to it"));
	crm_db_close(db);
}

/* Iterators' statements: lent to one at a time, given back reset. */
static void test_stmt_take_give(void **state)
{
	static const char sql[] = "SELECT value FROM json_each('[1,2,3]')";
	static const char other[] = "SELECT 1";
	struct crm_db *db = fixture_db(FIXTURE_NOW, "tester");
	crmi_stmt *a = NULL, *b = NULL, *c = NULL, *d = NULL;

	(void)state;
	assert_non_null(db);
	assert_int_equal(crmi_stmt_take(db, sql, &a), SQLITE_OK);
	assert_int_equal(crmi_step(a), SQLITE_ROW);
	assert_int_equal(crmi_col_int(a, 0), 1);
	/* a nested query of the same text gets its own statement */
	assert_int_equal(crmi_stmt_take(db, sql, &b), SQLITE_OK);
	assert_ptr_not_equal(a, b);
	assert_int_equal(crmi_step(b), SQLITE_ROW);
	assert_int_equal(crmi_col_int(b, 0), 1);
	assert_int_equal(crmi_step(a), SQLITE_ROW);
	assert_int_equal(crmi_col_int(a, 0), 2);
	/* crmi_prepare never hands out a lent one */
	assert_ptr_not_equal(crmi_prepare(db, sql), a);
	crmi_stmt_give(db, sql, b);
	assert_int_equal(sqlite3_stmt_busy(b->lite), 0);
	/* given back, it is lent again, from the first row */
	assert_int_equal(crmi_stmt_take(db, sql, &c), SQLITE_OK);
	assert_ptr_equal(c, b);
	assert_int_equal(crmi_step(c), SQLITE_ROW);
	assert_int_equal(crmi_col_int(c, 0), 1);
	crmi_stmt_give(db, sql, c);
	crmi_stmt_give(db, sql, a);
	assert_int_equal(sqlite3_stmt_busy(a->lite), 0);
	crmi_stmt_give(db, sql, NULL);
	/* an error of SQLite is returned, and nothing is lent */
	assert_int_not_equal(crmi_stmt_take(db, "SELECT FROM nothing", &d), SQLITE_OK);
	assert_null(d);
	assert_int_equal(crmi_stmt_take(db, other, &d), SQLITE_OK);
	crmi_stmt_give(db, other, d);
	crm_db_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stmt_take_give),
		cmocka_unit_test_setup_teardown(test_memory_is_current, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_text_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_other_program, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_newer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_from_v0, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_no_migration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_current_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tx_failed_call_keeps_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_outer_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_inside_tx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_str, setup, teardown),
		cmocka_unit_test_setup_teardown(test_actor_and_clock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_each_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defensive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_refuses_foreign_schema, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
