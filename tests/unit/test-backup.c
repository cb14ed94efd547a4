/*
 * test-backup.c: online backup, verify, restore, check and the disk-full
 * test hook.
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

#define NOW INT64_C(1795341600) /* 2026-11-22T10:00:00Z */

struct fixture {
	struct crm_db *db;   /* a file base with a little data, at base */
	char dir[64];
	char base[128];
	char file[128];      /* dir/backup.db: where backups go */
	char before[160];    /* base.before-restore */
};

static struct crm_db *open_base(const char *path, unsigned flags)
{
	struct crm_db *db = NULL;
	struct crm_error err;

	if (crm_db_open(path, flags, &db, &err) != CRM_OK) {
		fail_msg("open %s: %s", path, err.msg);
	}
	crm_db_set_now(db, NOW);
	crm_db_set_actor(db, "tester");
	return db;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f) {
		return -1;
	}
	if (fixture_tmpdir(f->dir, sizeof(f->dir), "backup") != 0) {
		free(f);
		return -1;
	}
	snprintf(f->base, sizeof(f->base), "%s/crm.db", f->dir);
	snprintf(f->file, sizeof(f->file), "%s/backup.db", f->dir);
	snprintf(f->before, sizeof(f->before), "%s%s", f->base, CRM_BEFORE_RESTORE);
	f->db = open_base(f->base, CRM_OPEN_CREATE);
	if (crm_config_set(f->db, "company.name", "Анна") != CRM_OK) {
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

static char *config_value(struct crm_db *db, const char *key)
{
	char *v = NULL;

	assert_int_equal(crm_config_get(db, key, &v, NULL), CRM_OK);
	return v;
}

static void assert_value(struct crm_db *db, const char *key, const char *want)
{
	char *v = config_value(db, key);

	if (want) {
		assert_non_null(v);
		assert_string_equal(v, want);
	} else {
		assert_null(v);
	}
	free(v);
}

/* The number of pages of a base file, read with plain SQLite. */
static int64_t query_pages(const char *path)
{
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(s);
	return n;
}

static int file_mode(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0) {
		return -1;
	}
	return (int)(sb.st_mode & 07777);
}

static bool exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

/* Number of entries in the folder (without . and ..). */
static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	}
	closedir(d);
	return n;
}

static void write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* ---- backup ---------------------------------------------------------- */

static void test_backup_copy(void **state)
{
	struct fixture *f = *state;
	struct crm_backup_info info;
	struct crm_db *copy;
	mode_t old = umask(0);
	unsigned char hdr[2];
	FILE *fp;

	assert_int_equal(crm_backup(f->db, f->file, 0, &info), CRM_OK);
	umask(old);
	assert_int_equal(file_mode(f->file), 0600);
	assert_int_equal(info.schema_version, crm_schema_version());
	assert_true(info.pages > 1);
	assert_int_equal(info.bytes, info.pages * sql_int(f->db, "PRAGMA page_size"));
	/* one standalone file: rollback journal (header bytes 18-19 = 1), no -wal */
	fp = fopen(f->file, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 18, SEEK_SET), 0);
	assert_int_equal(fread(hdr, 1, 2, fp), 2);
	fclose(fp);
	assert_int_equal(hdr[0], 1);
	assert_int_equal(hdr[1], 1);
	/* crm.db, its -wal and -shm, and the backup: no temporary file left */
	assert_int_equal(dir_entries(f->dir), 4);

	copy = open_base(f->file, 0);
	assert_value(copy, "company.name", "Анна");
	assert_int_equal(sql_int(copy, "SELECT count(*) FROM journal"),
			 sql_int(f->db, "SELECT count(*) FROM journal"));
	crm_db_close(copy);
}

static void test_backup_memory(void **state)
{
	struct fixture *f = *state;
	struct crm_db *mem = open_base(":memory:", 0), *copy;

	assert_int_equal(crm_config_set(mem, "user.email", "a@example.com"), CRM_OK);
	assert_int_equal(crm_backup(mem, f->file, 0, NULL), CRM_OK);
	crm_db_close(mem);
	copy = open_base(f->file, 0);
	assert_value(copy, "user.email", "a@example.com");
	crm_db_close(copy);
}

static void test_backup_exists(void **state)
{
	struct fixture *f = *state;
	struct crm_db *copy;

	write_file(f->file, "keep me\n");
	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_EEXIST);
	assert_int_equal(crm_db_errcode(f->db), CRM_EEXIST);
	assert_non_null(strstr(crm_db_errmsg(f->db), "already exists"));
	assert_non_null(strstr(crm_db_errmsg(f->db), f->file));
	/* untouched, and no temporary file left */
	assert_int_equal(dir_entries(f->dir), 4);
	{
		char buf[32] = "";
		FILE *fp = fopen(f->file, "r");

		assert_non_null(fp);
		assert_non_null(fgets(buf, sizeof(buf), fp));
		fclose(fp);
		assert_string_equal(buf, "keep me\n");
	}
	/* --force replaces it, 0600 whatever the old file's mode */
	chmod(f->file, 0644);
	assert_int_equal(crm_backup(f->db, f->file, CRM_BACKUP_FORCE, NULL), CRM_OK);
	assert_int_equal(file_mode(f->file), 0600);
	copy = open_base(f->file, 0);
	assert_value(copy, "company.name", "Анна");
	crm_db_close(copy);
}

static void test_backup_symlink(void **state)
{
	struct fixture *f = *state;
	char target[160];

	/* a symlink at the path is an existing file: never followed */
	snprintf(target, sizeof(target), "%s/elsewhere", f->dir);
	assert_int_equal(symlink(target, f->file), 0);
	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_EEXIST);
	assert_false(exists(target));
	/* with --force the link itself is replaced, not its target written */
	assert_int_equal(crm_backup(f->db, f->file, CRM_BACKUP_FORCE, NULL), CRM_OK);
	assert_false(exists(target));
	{
		struct stat sb;

		assert_int_equal(lstat(f->file, &sb), 0);
		assert_true(S_ISREG(sb.st_mode));
	}
}

static void test_backup_refusals(void **state)
{
	struct fixture *f = *state;
	char path[200];

	assert_int_equal(crm_backup(f->db, f->base, CRM_BACKUP_FORCE, NULL), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(f->db), "is the base itself"));
	assert_int_equal(crm_backup(f->db, "", 0, NULL), CRM_EINVAL);
	snprintf(path, sizeof(path), "%s/no/such/folder/b.db", f->dir);
	assert_int_equal(crm_backup(f->db, path, 0, NULL), CRM_EDB);
	assert_non_null(strstr(crm_db_errmsg(f->db), path));
	assert_int_equal(dir_entries(f->dir), 3);
	/* the base is still fine */
	assert_value(f->db, "company.name", "Анна");
}

/* A backup sees what is committed, not what another writer has pending. */
static void test_backup_consistent(void **state)
{
	struct fixture *f = *state;
	struct crm_db *copy;
	sqlite3 *other = NULL;

	assert_int_equal(sqlite3_open(f->base, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other,
				      "BEGIN IMMEDIATE;"
				      " INSERT INTO config VALUES ('user.email', 'pending@example.com')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(other);
	copy = open_base(f->file, 0);
	assert_value(copy, "company.name", "Анна");
	assert_value(copy, "user.email", NULL);
	crm_db_close(copy);
	assert_value(f->db, "user.email", "pending@example.com");
}

/* ---- verify ---------------------------------------------------------- */

static void test_verify(void **state)
{
	struct fixture *f = *state;
	struct crm_error err;
	char path[200];
	int version = -1;

	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	assert_int_equal(crm_backup_verify(path, &version, &err), CRM_ENOINPUT);
	assert_non_null(strstr(err.msg, "no file at"));
	/* a folder is no file to read: the same status as a missing one */
	assert_int_equal(crm_backup_verify(f->dir, NULL, &err), CRM_ENOINPUT);
	assert_non_null(strstr(err.msg, "Is a directory"));
	/* a path through a file, as if it were a folder */
	snprintf(path, sizeof(path), "%s/plain", f->dir);
	write_file(path, "x");
	snprintf(path, sizeof(path), "%s/plain/none.db", f->dir);
	assert_int_equal(crm_backup_verify(path, NULL, &err), CRM_ENOINPUT);
	assert_non_null(strstr(err.msg, "cannot read"));
	/* a FIFO is not a regular file: no base */
	snprintf(path, sizeof(path), "%s/fifo", f->dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_int_equal(crm_backup_verify(path, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "not a regular file"));
	unlink(path);

	write_file(path, "name,phone\nAcme,1\n");
	assert_int_equal(crm_backup_verify(path, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "is not a crm base"));
	write_file(path, "");
	assert_int_equal(crm_backup_verify(path, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "an empty file"));
	unlink(path);
	sql_exec_file(path, "CREATE TABLE t(x)");
	assert_int_equal(crm_backup_verify(path, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "another program"));

	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	assert_int_equal(crm_backup_verify(f->file, &version, &err), CRM_OK);
	assert_int_equal(version, crm_schema_version());
	sql_exec_file(f->file, "PRAGMA user_version = 99");
	assert_int_equal(crm_backup_verify(f->file, &version, &err), CRM_ESCHEMA);
	assert_non_null(strstr(err.msg, "newer"));
	assert_non_null(strstr(err.msg, "99"));
}

static void test_verify_corrupt(void **state)
{
	struct fixture *f = *state;
	struct crm_error err;
	char junk[4096];
	int fd;

	for (int i = 0; i < 40; i++) {
		char key[32];

		snprintf(key, sizeof(key), "company.name");
		assert_int_equal(crm_config_set(f->db, key, "a longer name to fill pages"), CRM_OK);
	}
	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	/* garbage over the b-tree pages after the first */
	memset(junk, 0x5a, sizeof(junk));
	fd = open(f->file, O_WRONLY);
	assert_true(fd >= 0);
	for (int page = 1; page < 6; page++) {
		assert_int_equal(pwrite(fd, junk, sizeof(junk), (off_t)page * 4096), sizeof(junk));
	}
	close(fd);
	assert_int_equal(crm_backup_verify(f->file, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "corrupt"));
}

/* ---- restore --------------------------------------------------------- */

static void test_restore(void **state)
{
	struct fixture *f = *state;
	struct crm_restore_info info;
	struct crm_error err;

	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "company.name", "after the backup"), CRM_OK);
	/* restore while the base is open in f->db: the other connection sees it */
	assert_int_equal(crm_restore(f->base, f->file, 0, &info, &err), CRM_OK);
	assert_int_equal(info.from_version, crm_schema_version());
	assert_true(info.kept);
	assert_false(info.created);
	assert_false(info.moved);
	assert_true(info.pages > 1);
	assert_value(f->db, "company.name", "Анна");
	assert_int_equal(file_mode(f->before), 0600);
	{
		struct crm_db *old = open_base(f->before, 0);

		assert_value(old, "company.name", "after the backup");
		crm_db_close(old);
	}
	/* a second restore would lose the kept copy: refused, nothing changed */
	assert_int_equal(crm_config_set(f->db, "company.name", "second"), CRM_OK);
	assert_int_equal(crm_restore(f->base, f->file, 0, &info, &err), CRM_EEXIST);
	assert_non_null(strstr(err.msg, f->before));
	assert_non_null(strstr(err.msg, "move it away"));
	assert_value(f->db, "company.name", "second");
	/* the base is the backup itself */
	assert_int_equal(crm_restore(f->base, f->base, 0, &info, &err), CRM_EINVAL);
}

static void test_restore_refuses(void **state)
{
	struct fixture *f = *state;
	struct crm_error err;
	char path[200];

	snprintf(path, sizeof(path), "%s/none.db", f->dir);
	assert_int_equal(crm_restore(f->base, path, 0, NULL, &err), CRM_ENOINPUT);
	write_file(path, "not a base");
	assert_int_equal(crm_restore(f->base, path, 0, NULL, &err), CRM_EDB);
	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	sql_exec_file(f->file, "PRAGMA user_version = 99");
	assert_int_equal(crm_restore(f->base, f->file, 0, NULL, &err), CRM_ESCHEMA);
	/* nothing kept, nothing changed */
	assert_false(exists(f->before));
	assert_value(f->db, "company.name", "Анна");
}

static void test_restore_missing_base(void **state)
{
	struct fixture *f = *state;
	struct crm_restore_info info;
	struct crm_error err;
	struct crm_db *db;
	char base[200], dir[200];

	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	snprintf(dir, sizeof(dir), "%s/new", f->dir);
	snprintf(base, sizeof(base), "%s/new/crm.db", f->dir);
	assert_int_equal(crm_restore(base, f->file, 0, &info, &err), CRM_OK);
	assert_true(info.created);
	assert_false(info.kept);
	assert_int_equal(file_mode(base), 0600);
	assert_int_equal(file_mode(dir), 0700);
	db = open_base(base, 0);
	assert_value(db, "company.name", "Анна");
	crm_db_close(db);
}

/* A backup of schema 1 is restored as it is and migrated on open. */
static void test_restore_older(void **state)
{
	struct fixture *f = *state;
	struct crm_restore_info info;
	struct crm_error err;
	sqlite3 *s = NULL;
	sqlite3_stmt *st = NULL;

	/* a schema 1 base as crm's first schema made it: step 1 alone */
	assert_int_equal(sqlite3_open(f->file, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, crmi_migrations[0].sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s,
				      "PRAGMA user_version = 1;"
				      "INSERT INTO config VALUES ('company.name', 'Анна');"
				      "INSERT INTO config VALUES ('user.name', 'Анна')",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(s);
	(void)st;

	crm_db_close(f->db);
	f->db = NULL;
	assert_int_equal(crm_restore(f->base, f->file, 0, &info, &err), CRM_OK);
	assert_int_equal(info.from_version, 1);
	f->db = open_base(f->base, 0);
	assert_int_equal(crmi_schema_user_version(f->db), crm_schema_version());
	assert_value(f->db, "company.name", "Анна");
	/* schema 12 dropped the identity the base kept */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config WHERE key = 'user.name'"), 0);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM client"), 0);
}

/* A base whose header is garbage is moved aside whole, -wal included. */
static void test_restore_unreadable(void **state)
{
	struct fixture *f = *state;
	struct crm_restore_info info;
	struct crm_error err;
	char wal[200], before_wal[200];
	int fd;

	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	crm_db_close(f->db);
	f->db = NULL;
	fd = open(f->base, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "XXXXXXXXXXXXXXXX", 16, 0), 16);
	close(fd);
	snprintf(wal, sizeof(wal), "%s-wal", f->base);
	snprintf(before_wal, sizeof(before_wal), "%s-wal", f->before);
	write_file(wal, "stale wal");

	assert_int_equal(crm_restore(f->base, f->file, 0, &info, &err), CRM_OK);
	assert_true(info.moved);
	assert_true(info.kept);
	assert_int_equal(file_mode(f->before), 0600);
	assert_true(exists(before_wal));
	assert_false(exists(wal));
	{
		char head[17] = "";
		FILE *fp = fopen(f->before, "rb");

		assert_non_null(fp);
		assert_int_equal(fread(head, 1, 16, fp), 16);
		fclose(fp);
		assert_string_equal(head, "XXXXXXXXXXXXXXXX");
	}
	f->db = open_base(f->base, 0);
	assert_value(f->db, "company.name", "Анна");
}

static void test_restore_foreign_base(void **state)
{
	struct fixture *f = *state;
	struct crm_error err;
	char other[200];

	assert_int_equal(crm_backup(f->db, f->file, 0, NULL), CRM_OK);
	snprintf(other, sizeof(other), "%s/other.db", f->dir);
	sql_exec_file(other, "CREATE TABLE t(x); INSERT INTO t VALUES (42)");
	assert_int_equal(crm_restore(other, f->file, 0, NULL, &err), CRM_EDB);
	assert_non_null(strstr(err.msg, "another program"));
	/* crm.db, -wal, -shm, backup.db, other.db: nothing kept, nothing added */
	assert_int_equal(dir_entries(f->dir), 5);
	{
		sqlite3 *s = NULL;
		sqlite3_stmt *st = NULL;

		assert_int_equal(sqlite3_open(other, &s), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(s, "SELECT x FROM t", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 42);
		sqlite3_finalize(st);
		sqlite3_close(s);
	}
}

/* ---- check ----------------------------------------------------------- */

struct found {
	int n;
	char checks[16][32];
	char problems[16][200];
	int64_t ids[16];
};

static void collect(void *data, const struct crm_check_problem *p)
{
	struct found *fd = data;

	if (fd->n < 16) {
		snprintf(fd->checks[fd->n], sizeof(fd->checks[0]), "%s", p->check);
		snprintf(fd->problems[fd->n], sizeof(fd->problems[0]), "%s", p->problem);
		fd->ids[fd->n] = p->entity_id;
	}
	fd->n++;
}

static bool found_text(const struct found *fd, const char *check, const char *text)
{
	for (int i = 0; i < fd->n && i < 16; i++) {
		if (strcmp(fd->checks[i], check) == 0 && strstr(fd->problems[i], text)) {
			return true;
		}
	}
	return false;
}

static void test_check_sound(void **state)
{
	struct fixture *f = *state;
	struct crm_db *mem = open_base(":memory:", 0);
	struct found fd = { 0 };
	int64_t n = -1;

	assert_int_equal(crm_check(f->db, 0, collect, &fd, &n), CRM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(crm_check(f->db, CRM_CHECK_FULL, collect, &fd, &n), CRM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(fd.n, 0);
	assert_int_equal(crm_check(mem, CRM_CHECK_FULL, NULL, NULL, &n), CRM_OK);
	assert_int_equal(n, 0);
	crm_db_close(mem);
}

static void test_check_finds(void **state)
{
	struct fixture *f = *state;
	struct found fd = { 0 };
	int64_t n = -1;

	/* a client owned by a manager who does not exist */
	sql_exec(f->db,
		 "PRAGMA foreign_keys = OFF;"
		 "INSERT INTO client(id, uuid, name, name_fold, stage_since, owner_id, created, updated)"
		 " VALUES (7, '00000000-0000-4000-8000-000000000007', 'Рога и копыта', 'рога и копыта',"
		 "  0, 99, 0, 0);"
		 "PRAGMA foreign_keys = ON;");
	/* a search entry of a contact that does not exist */
	sql_exec(f->db, "INSERT INTO search(rowid, body, client_id) VALUES (4 * 55 + 1, 'ghost', 7)");
	/* a journal entry removed behind crm's back, another made invalid */
	sql_exec(f->db,
		 "INSERT INTO journal(at, actor, action, entity, data) VALUES (0, 'x', 'a', 'b', '{}');"
		 "INSERT INTO journal(at, actor, action, entity, data) VALUES (0, 'x', 'a', 'b', '{}');"
		 "INSERT INTO journal(at, actor, action, entity, data) VALUES (0, 'x', 'a', 'b', '{}');"
		 "DROP TRIGGER journal_no_delete;"
		 "DROP TRIGGER journal_no_update;"
		 "DELETE FROM journal WHERE id = 3;"
		 "UPDATE journal SET data = 'not json' WHERE id = 4;");

	/* the quick check sees nothing of crm's rules, but the schema */
	assert_int_equal(crm_check(f->db, 0, collect, &fd, &n), CRM_OK);
	assert_int_equal(n, 2);
	assert_true(found_text(&fd, "schema", "trigger 'journal_no_delete' is missing"));
	assert_true(found_text(&fd, "schema", "trigger 'journal_no_update' is missing"));
	fd.n = 0;
	assert_int_equal(crm_check(f->db, CRM_CHECK_FULL, collect, &fd, &n), CRM_OK);
	for (int i = 0; i < fd.n && i < 16; i++) {
		print_message("# %s: %s\n", fd.checks[i], fd.problems[i]);
	}
	assert_true(found_text(&fd, "foreign_key_check", "client 7 refers to a missing manager"));
	assert_true(found_text(&fd, "owner", "client 'Рога и копыта' is owned by manager 99"));
	assert_true(found_text(&fd, "schema", "trigger 'journal_no_delete' is missing"));
	assert_true(found_text(&fd, "schema", "trigger 'journal_no_update' is missing"));
	assert_true(found_text(&fd, "journal", "journal entry 3 is missing"));
	assert_true(found_text(&fd, "journal", "journal entry 4 is not a JSON object"));
	assert_true(found_text(&fd, "search", "client 7 is missing from the search index"));
	assert_true(found_text(&fd, "search", "entry 221 belongs to no client"));
	assert_int_equal(n, fd.n);
	assert_int_equal(n, 8);
}

static void test_check_gaps(void **state)
{
	struct fixture *f = *state;
	struct found fd = { 0 };
	int64_t n = -1;

	for (int i = 0; i < 10; i++) {
		sql_exec(f->db, "INSERT INTO journal(at, actor, action, entity, data)"
				" VALUES (0, 'x', 'a', 'b', '{}')");
	}
	sql_exec(f->db, "DROP TRIGGER journal_no_delete;"
			"DELETE FROM journal WHERE id IN (1, 5, 6, 7);"
			"CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal"
			"  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;");
	assert_int_equal(crm_check(f->db, CRM_CHECK_FULL, collect, &fd, &n), CRM_OK);
	assert_int_equal(n, 2);
	assert_true(found_text(&fd, "journal", "journal entry 1 is missing"));
	assert_true(found_text(&fd, "journal", "journal entries 5 to 7 are missing"));
}

static void test_check_corrupt(void **state)
{
	struct fixture *f = *state;
	struct crm_db *db;
	struct found fd = { 0 };
	char junk[4096];
	int64_t n = -1;
	int fd_;

	for (int i = 0; i < 200; i++) {
		sql_exec(f->db, "INSERT INTO journal(at, actor, action, entity, data)"
				" VALUES (0, 'someone with a long name', 'a', 'b',"
				" '{\"padding\":\"..................................................\"}')");
	}
	crm_db_close(f->db);
	f->db = NULL;
	/* checkpoint everything into the file, then damage a page in the middle */
	sql_exec_file(f->base, "PRAGMA wal_checkpoint(TRUNCATE)");
	memset(junk, 0xa5, sizeof(junk));
	fd_ = open(f->base, O_WRONLY);
	assert_true(fd_ >= 0);
	assert_int_equal(pwrite(fd_, junk, sizeof(junk), (off_t)(query_pages(f->base) - 2) * 4096),
			 sizeof(junk));
	close(fd_);
	db = open_base(f->base, 0);
	if (crm_check(db, 0, collect, &fd, &n) != CRM_OK) {
		fail_msg("check: %s", crm_db_errmsg(db));
	}
	assert_true(n > 0);
	assert_string_equal(fd.checks[0], "quick_check");
	fd.n = 0;
	assert_int_equal(crm_check(db, CRM_CHECK_FULL, collect, &fd, &n), CRM_OK);
	assert_true(n > 0);
	assert_string_equal(fd.checks[0], "integrity_check");
	crm_db_close(db);
}

/* ---- disk full ------------------------------------------------------- */

static void test_max_pages(void **state)
{
	struct fixture *f = *state;
	char big[CRM_NAME_MAX + 1]; /* company.name: 200 characters */
	crm_status st = CRM_OK;
	int64_t journal = sql_int(f->db, "SELECT count(*) FROM journal"), n = -1;
	int done = 0;

	assert_int_equal(crm_db_set_max_pages(f->db, 0), CRM_EINVAL);
	/* never below the current size: 1 means "no more pages" */
	assert_int_equal(crm_db_set_max_pages(f->db, 1), CRM_OK);
	assert_int_equal(sql_int(f->db, "PRAGMA max_page_count"),
			 sql_int(f->db, "PRAGMA page_count"));
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* each set journals the old and new values: the journal grows */
	while (done < 2000) {
		big[0] = (char)('a' + done % 26);
		st = crm_config_set(f->db, "company.name", big);
		if (st != CRM_OK) {
			break;
		}
		done++;
	}
	assert_int_equal(st, CRM_EDB);
	assert_non_null(strstr(crm_db_errmsg(f->db), "no space left"));
	/* the failed call left nothing behind; the base is sound */
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM journal"), journal + done);
	if (done) {
		char want[sizeof(big)];

		memcpy(want, big, sizeof(want));
		want[0] = (char)('a' + (done - 1) % 26);
		assert_value(f->db, "company.name", want);
	} else {
		assert_value(f->db, "company.name", "Анна");
	}
	assert_int_equal(crm_check(f->db, CRM_CHECK_FULL, NULL, NULL, &n), CRM_OK);
	assert_int_equal(n, 0);
}

/*
 * After an i/o error SQLite may roll a transaction back by itself; what
 * runs after must not commit on its own (found by t7002's fiu-run runs).
 * The rollback is simulated by a ROLLBACK behind crm's back.
 */
static void test_lost_transaction(void **state)
{
	struct fixture *f = *state;
	int64_t journal = sql_int(f->db, "SELECT count(*) FROM journal");
	int rc;

	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "user.email", "a@example.com"), CRM_OK);
	sql_exec(f->db, "ROLLBACK");
	/* a core call refuses to start a transaction of its own */
	assert_int_equal(crm_config_set(f->db, "company.name", "lost"), CRM_EDB);
	assert_non_null(strstr(crm_db_errmsg(f->db), "rolled the command back"));
	/* a statement that would commit on its own is turned into a rollback */
	rc = sqlite3_exec(f->db->sql, "INSERT INTO config VALUES ('user.phone', '1')", NULL, NULL,
			  NULL);
	assert_int_equal(rc, SQLITE_CONSTRAINT_COMMITHOOK);
	/* the command's commit fails: nothing of it is kept */
	assert_int_equal(crm_tx_commit(f->db), CRM_EDB);
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM journal"), journal);
	assert_value(f->db, "user.email", NULL);
	assert_value(f->db, "company.name", "Анна");
	assert_int_equal(sql_int(f->db, "SELECT count(*) FROM config WHERE key = 'user.phone'"), 0);
	/* and the next command works as usual */
	assert_int_equal(crm_config_set(f->db, "company.name", "после"), CRM_OK);
	assert_value(f->db, "company.name", "после");
	assert_int_equal(crm_tx_begin(f->db), CRM_OK);
	assert_int_equal(crm_config_set(f->db, "user.email", "b@example.com"), CRM_OK);
	assert_int_equal(crm_tx_commit(f->db), CRM_OK);
	assert_value(f->db, "user.email", "b@example.com");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_backup_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_exists, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup_consistent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_missing_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_older, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restore_foreign_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_sound, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_finds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_check_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_transaction, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
