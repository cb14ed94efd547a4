/*
 * fixture.c: the setup, teardown and SQL helpers the unit tests share
 * (fixture.h).
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"

struct crm_db *fixture_db(int64_t now, const char *actor)
{
	struct crm_db *db = NULL;
	struct crm_error err;

	if (crm_db_open(":memory:", 0, &db, &err) != CRM_OK) {
		fprintf(stderr, "# open :memory:: %s\n", err.msg);
		return NULL;
	}
	if (now) {
		crm_db_set_now(db, now);
	}
	if (actor && crm_db_set_actor(db, actor) != CRM_OK) {
		fprintf(stderr, "# actor %s: %s\n", actor, crm_db_errmsg(db));
		crm_db_close(db);
		return NULL;
	}
	return db;
}

int fixture_open(void **state, int64_t now, const char *actor)
{
	struct crm_db *db = fixture_db(now, actor);

	if (!db) {
		return -1;
	}
	*state = db;
	return 0;
}

int fixture_setup(void **state)
{
	return fixture_open(state, FIXTURE_NOW, "tester");
}

int fixture_teardown(void **state)
{
	crm_db_close(*state);
	*state = NULL;
	return 0;
}

int fixture_setup_moscow(void **state)
{
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	return fixture_setup(state);
}

int fixture_teardown_moscow(void **state)
{
	setenv("TZ", "UTC", 1);
	tzset();
	return fixture_teardown(state);
}

void sql_exec(struct crm_db *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db->sql, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail_msg("%s: %s", sql, msg);
	}
}

/*
 * sql, with ?1 bound to *id unless id is NULL (a statement without ?1
 * ignores it), stepped to its first row; NULL when it has none.
 */
static sqlite3_stmt *first_row(struct crm_db *db, const char *sql, const int64_t *id)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (id) {
		sqlite3_bind_int64(st, 1, *id);
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static int64_t int_of(struct crm_db *db, const char *sql, const int64_t *id)
{
	sqlite3_stmt *st = first_row(db, sql, id);
	int64_t v = -1;

	if (st) {
		v = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
	}
	return v;
}

static char *text_of(struct crm_db *db, const char *sql, const int64_t *id)
{
	sqlite3_stmt *st = first_row(db, sql, id);
	char *v = NULL;

	if (st && sqlite3_column_text(st, 0)) {
		v = strdup((const char *)sqlite3_column_text(st, 0));
		assert_non_null(v);
	}
	sqlite3_finalize(st);
	return v;
}

int64_t sql_int(struct crm_db *db, const char *sql)
{
	return int_of(db, sql, NULL);
}

char *sql_text(struct crm_db *db, const char *sql)
{
	return text_of(db, sql, NULL);
}

int64_t sql_int_id(struct crm_db *db, const char *sql, int64_t id)
{
	return int_of(db, sql, &id);
}

char *sql_text_id(struct crm_db *db, const char *sql, int64_t id)
{
	return text_of(db, sql, &id);
}

void sql_execf(struct crm_db *db, const char *fmt, ...)
{
	va_list ap;
	char *q;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	assert_non_null(q);
	sql_exec(db, q);
	sqlite3_free(q);
}

int64_t sql_intf(struct crm_db *db, const char *fmt, ...)
{
	va_list ap;
	int64_t v;
	char *q;

	va_start(ap, fmt);
	q = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	assert_non_null(q);
	v = sql_int(db, q);
	sqlite3_free(q);
	return v;
}

void sql_exec_file(const char *path, const char *sql)
{
	sqlite3 *s = NULL;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	if (sqlite3_exec(s, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail_msg("%s: %s", sql, msg);
	}
	sqlite3_close(s);
}

int fixture_tmpdir(char *dir, size_t n, const char *name)
{
	int len = snprintf(dir, n, "/tmp/crm-test-%s.XXXXXX", name);

	if (len < 0 || (size_t)len >= n || !mkdtemp(dir)) {
		return -1;
	}
	return 0;
}

void fixture_rmtree(const char *path)
{
	struct stat sb;
	DIR *d;
	struct dirent *de;
	char sub[512];

	if (lstat(path, &sb) != 0) {
		return;
	}
	if (S_ISDIR(sb.st_mode) && (d = opendir(path))) {
		while ((de = readdir(d))) {
			if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) {
				continue;
			}
			snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
			fixture_rmtree(sub);
		}
		closedir(d);
		rmdir(path);
		return;
	}
	unlink(path);
}
