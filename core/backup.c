/*
 * backup.c: online backups, restore and the checks of crm check.
 *
 * Files are written the durable way: a temporary file created 0600 with
 * O_CREAT|O_EXCL|O_NOFOLLOW in the target's folder, filled, fsynced, then
 * renamed (or linked, when nothing may be replaced) over the target, and
 * the folder fsynced, so that the target holds either the old file or the
 * whole new one, whatever happens.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define RESTORE_BUSY_MS 10000

static crm_status set_err(struct crm_error *err, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status set_err(struct crm_error *err, crm_status st, const char *fmt, ...)
{
	va_list ap;

	err->code = st;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return st;
}

static void clear_err(struct crm_error *err)
{
	err->code = CRM_OK;
	err->msg[0] = '\0';
}

/* path + suffix, malloc'd. */
static char *path_with(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *s = malloc(n);

	if (s) {
		snprintf(s, n, "%s%s", path, suffix);
	}
	return s;
}

/* The folder of path, malloc'd: "." when path has no slash. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *d;

	if (!slash) {
		return strdup(".");
	}
	n = slash == path ? 1 : (size_t)(slash - path);
	d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

static int fsync_path(const char *path, bool dir)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
	int rc;

	if (fd < 0) {
		return -1;
	}
	rc = fsync(fd);
	close(fd);
	return rc;
}

static void unlink_with(const char *path, const char *suffix)
{
	char *p = path_with(path, suffix);

	if (p) {
		unlink(p);
		free(p);
	}
}

/* Removes a temporary base and whatever SQLite left beside it. */
static void temp_remove(const char *tmp)
{
	unlink(tmp);
	unlink_with(tmp, "-journal");
	unlink_with(tmp, "-wal");
	unlink_with(tmp, "-shm");
}

/*
 * Creates an empty file 0600 beside target, named .<name>.tmp-<random>;
 * *tmp gets its path (malloc'd).
 */
static crm_status temp_create(const char *target, char **tmp, struct crm_error *err)
{
	const char *slash = strrchr(target, '/');
	const char *name = slash ? slash + 1 : target;
	size_t dlen = slash ? (size_t)(slash - target) + 1 : 0;
	size_t n = dlen + strlen(name) + 32;
	static unsigned counter;
	struct timespec ts;

	*tmp = malloc(n);
	if (!*tmp) {
		return set_err(err, CRM_ENOMEM, "out of memory");
	}
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned long r;
		int fd;

		clock_gettime(CLOCK_REALTIME, &ts);
		r = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16) ^ (++counter * 2654435761u);
		snprintf(*tmp, n, "%.*s.%s.tmp-%08lx", (int)dlen, target, name, r & 0xffffffffu);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			/* exactly 0600, whatever the umask */
			if (fchmod(fd, 0600) != 0 || close(fd) != 0) {
				unlink(*tmp);
				break;
			}
			return CRM_OK;
		}
		if (errno != EEXIST) {
			break;
		}
	}
	set_err(err, CRM_EDB, "cannot create a file beside '%s': %s", target, strerror(errno));
	free(*tmp);
	*tmp = NULL;
	return err->code;
}

/* Maps the SQLite error of writing a copy to a status and message. */
static crm_status copy_fail(struct crm_error *err, int rc, const char *what, const char *path,
			    sqlite3 *db)
{
	const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return set_err(err, CRM_EDB, "no space left to write %s '%s' (%s)", what, path, m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return set_err(err, CRM_EBUSY,
			       "the base '%s' stayed locked by another process: retry later", path);
	case SQLITE_NOMEM:
		return set_err(err, CRM_ENOMEM, "out of memory");
	default:
		return set_err(err, CRM_EDB, "cannot write %s '%s': %s", what, path, m);
	}
}

/*
 * Copies the whole database src into a new temporary file beside target,
 * as a standalone file (journal_mode=DELETE), closed and fsynced; *tmp gets
 * its path. One backup step copies everything under one read transaction
 * of src: a consistent snapshot, even while others write.
 */
static crm_status copy_to_temp(sqlite3 *src, const char *target, const char *what,
			       char **tmp, int64_t *pages, struct crm_error *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int rc;

	if (temp_create(target, tmp, err) != CRM_OK) {
		return err->code;
	}
	rc = sqlite3_open_v2(*tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		copy_fail(err, rc, what, target, dst);
		goto fail;
	}
	sqlite3_extended_result_codes(dst, 1);
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		copy_fail(err, sqlite3_errcode(dst), what, target, dst);
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		/* a source error is named by the source connection */
		if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
			set_err(err, CRM_EDB, "cannot copy '%s': %s", sqlite3_db_filename(src, "main"),
				sqlite3_errstr(rc));
		} else {
			copy_fail(err, rc, what, target, dst);
		}
		goto fail;
	}
	/* the copy keeps the WAL flag of its source: make it one standalone file */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		copy_fail(err, rc, what, target, dst);
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		copy_fail(err, rc, what, target, NULL);
		goto fail;
	}
	if (fsync_path(*tmp, false) != 0) {
		set_err(err, CRM_EDB, "cannot write %s '%s': %s", what, target, strerror(errno));
		goto fail;
	}
	return CRM_OK;
fail:
	sqlite3_close(dst);
	temp_remove(*tmp);
	free(*tmp);
	*tmp = NULL;
	return err->code;
}

/*
 * Puts tmp in place at target: rename() when target may be replaced;
 * otherwise link() then unlink(), which fails rather than replace a file
 * that appeared meanwhile. Then fsyncs the folder. Removes tmp on failure.
 */
static crm_status publish(const char *tmp, const char *target, bool replace, const char *what,
			  struct crm_error *err)
{
	char *dir;
	int rc;

	if (replace) {
		rc = rename(tmp, target);
	} else {
		rc = link(tmp, target);
		if (rc != 0 && (errno == EPERM || errno == ENOTSUP || errno == ENOSYS)) {
			/* no hard links on this file system: check, then rename */
			struct stat sb;

			if (lstat(target, &sb) == 0) {
				errno = EEXIST;
			} else {
				rc = rename(tmp, target);
			}
		}
		if (rc == 0) {
			unlink(tmp);
		}
	}
	if (rc != 0) {
		int e = errno;

		temp_remove(tmp);
		if (e == EEXIST) {
			return set_err(err, CRM_EEXIST, "a file already exists at '%s'", target);
		}
		return set_err(err, CRM_EDB, "cannot write %s '%s': %s", what, target, strerror(e));
	}
	dir = dir_of(target);
	if (!dir) {
		return set_err(err, CRM_ENOMEM, "out of memory");
	}
	rc = fsync_path(dir, true);
	free(dir);
	if (rc != 0) {
		return set_err(err, CRM_EDB, "cannot sync the folder of '%s': %s", target,
			       strerror(errno));
	}
	return CRM_OK;
}

/* Copies src to target through a temporary file; see publish for replace. */
static crm_status write_copy(sqlite3 *src, const char *target, bool replace, const char *what,
			     int64_t *pages, struct crm_error *err)
{
	char *tmp = NULL;
	crm_status st;

	st = copy_to_temp(src, target, what, &tmp, pages, err);
	if (st == CRM_OK) {
		st = publish(tmp, target, replace, what, err);
	}
	free(tmp);
	return st;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* The folder of path resolved, then its last name: equal for two paths of
 * one place even when no file is there yet. malloc'd; NULL on failure. */
static char *canonical(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir = dir_of(path), *real = dir ? realpath(dir, NULL) : NULL, *out = NULL;

	if (real) {
		size_t n = strlen(real) + strlen(name) + 2;

		out = malloc(n);
		if (out) {
			snprintf(out, n, "%s/%s", real, name);
		}
	}
	free(real);
	free(dir);
	return out;
}

static bool same_place(const char *a, const char *b)
{
	char *ca, *cb;
	bool same;

	if (same_file(a, b)) {
		return true;
	}
	ca = canonical(a);
	cb = canonical(b);
	same = ca && cb && strcmp(ca, cb) == 0;
	free(ca);
	free(cb);
	return same;
}

static const char *const companions[] = { "-wal", "-shm", "-journal" };

/* ---- backup --------------------------------------------------------- */

crm_status crm_backup(struct crm_db *db, const char *path, unsigned flags,
		      struct crm_backup_info *info)
{
	struct crm_error err;
	struct stat sb;
	int64_t pages = 0;

	crmi_clear_error(db);
	clear_err(&err);
	if (info) {
		memset(info, 0, sizeof(*info));
	}
	if (!*path) {
		return crmi_fail(db, CRM_EINVAL, "the backup needs a file name");
	}
	if (same_file(path, db->path)) {
		return crmi_fail(db, CRM_EINVAL,
				 "'%s' is the base itself: back up to another file", path);
	}
	/* SQLite deletes or replays these: a copy there would vanish */
	for (size_t i = 0; i < ARRAY_SIZE(companions); i++) {
		char *c = path_with(db->path, companions[i]);
		bool same = c && same_place(path, c);

		free(c);
		if (same) {
			return crmi_fail(db, CRM_EINVAL,
					 "'%s' is the %s file of the base: back up to another file", path,
					 companions[i] + 1);
		}
	}
	if (!(flags & CRM_BACKUP_FORCE) && lstat(path, &sb) == 0) {
		return crmi_fail(db, CRM_EEXIST, "a file already exists at '%s'", path);
	}
	if (write_copy(db->sql, path, flags & CRM_BACKUP_FORCE, "the backup", &pages, &err) !=
	    CRM_OK) {
		return crmi_fail(db, err.code, "%s", err.msg);
	}
	if (info) {
		info->pages = pages;
		info->bytes = stat(path, &sb) == 0 ? (int64_t)sb.st_size : 0;
		info->schema_version = crmi_schema_user_version(db);
	}
	return CRM_OK;
}

/*
 * Journals a backup made of the base (base.backup, with the copy's absolute
 * path), so that an erasure can later name the copies that may still hold
 * what it erased.
 */
crm_status crm_backup_record(struct crm_db *db, const char *path, const struct crm_backup_info *info)
{
	char *abs = realpath(path, NULL);
	cJSON *data = cJSON_CreateObject();

	if (!data || !cJSON_AddStringToObject(data, "path", abs ? abs : path) ||
	    !cJSON_AddNumberToObject(data, "bytes", info ? (double)info->bytes : 0) ||
	    !cJSON_AddNumberToObject(data, "schema_version", crmi_schema_user_version(db))) {
		free(abs);
		cJSON_Delete(data);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	free(abs);
	return crmi_journal(db, "base.backup", "base", 0, data);
}

/* ---- verify and restore --------------------------------------------- */

static int64_t pragma_int(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;

	*rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (*rc == SQLITE_OK) {
		*rc = sqlite3_step(st);
		if (*rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			*rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return v;
}

/* PRAGMA quick_check: true when it says ok; else the first problem in buf. */
static bool quick_check_ok(sqlite3 *db, char *buf, size_t n)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		ok = t && strcmp(t, "ok") == 0;
		snprintf(buf, n, "%s", t ? t : "no answer");
	} else {
		snprintf(buf, n, "%s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return ok;
}

/* Opens path read-only as a backup to restore, checked; see crm_backup_verify. */
static crm_status open_backup(const char *path, sqlite3 **out, int *version,
			      struct crm_error *err)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int64_t app, ver;
	char why[256];
	int rc, n;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (errno == ENOENT) {
			return set_err(err, CRM_ENOTFOUND, "no file at '%s'", path);
		}
		return set_err(err, CRM_EDB, "cannot read '%s': %s", path, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		return set_err(err, CRM_EDB, "'%s' is not a crm base (not a regular file)", path);
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, CRM_EDB, "cannot open '%s': %s", path,
			db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(db, RESTORE_BUSY_MS);
	app = pragma_int(db, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		set_err(err, CRM_EDB, "'%s' is not a crm base (%s)", path, sqlite3_errstr(rc));
		goto fail;
	}
	if (app != CRM_APPLICATION_ID) {
		set_err(err, CRM_EDB, "'%s' is not a crm base%s", path,
			sb.st_size ? " (an SQLite file of another program)" : " (an empty file)");
		goto fail;
	}
	ver = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK) {
		set_err(err, CRM_EDB, "cannot read '%s': %s", path, sqlite3_errmsg(db));
		goto fail;
	}
	if (ver > crm_schema_version()) {
		set_err(err, CRM_ESCHEMA,
			"the backup '%s' has schema version %lld, newer than this crm knows (%d): "
			"upgrade crm", path, (long long)ver, crm_schema_version());
		goto fail;
	}
	if (!quick_check_ok(db, why, sizeof(why))) {
		set_err(err, CRM_EDB, "the backup '%s' is corrupt (%s)", path, why);
		goto fail;
	}
	n = crmi_schema_first_diff(db, (int)ver, why, sizeof(why), &rc);
	if (n != 0) {
		if (n < 0) {
			set_err(err, CRM_EDB, "cannot read the schema of '%s': %s", path,
				sqlite3_errstr(rc));
		} else {
			set_err(err, CRM_EDB,
				"the backup '%s' has a schema crm did not make (%s%s): it is not "
				"restored", path, why, n > 1 ? ", and more" : "");
		}
		goto fail;
	}
	if (version) {
		*version = (int)ver;
	}
	*out = db;
	return CRM_OK;
fail:
	sqlite3_close(db);
	return err->code;
}

crm_status crm_backup_verify(const char *path, int *version, struct crm_error *err)
{
	struct crm_error local;
	sqlite3 *db;
	crm_status st;

	if (!err) {
		err = &local;
	}
	clear_err(err);
	st = open_backup(path, &db, version, err);
	sqlite3_close(db);
	return st;
}

/*
 * What the current base is: absent, an SQLite file SQLite can read (a crm
 * base; another program's file is refused), or unreadable (a corrupt
 * header: moved aside whole).
 */
enum base_state { BASE_ABSENT, BASE_READABLE, BASE_UNREADABLE };

static crm_status probe_base(const char *base, sqlite3 **out, int busy_ms, enum base_state *state,
			     struct crm_error *err)
{
	sqlite3 *db = NULL;
	struct stat sb;
	int64_t app = 0;
	int rc;

	*out = NULL;
	if (lstat(base, &sb) != 0) {
		if (errno == ENOENT) {
			*state = BASE_ABSENT;
			return CRM_OK;
		}
		return set_err(err, CRM_EDB, "cannot read '%s': %s", base, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		return set_err(err, CRM_EDB, "'%s' is not a crm base (not a regular file)", base);
	}
	/* a read-only look first: a read-write connection would checkpoint or
	 * delete the -wal of a base that turns out to be unreadable */
	rc = sqlite3_open_v2(base, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, busy_ms);
		app = pragma_int(db, "PRAGMA application_id", &rc);
	}
	sqlite3_close(db);
	db = NULL;
	if (rc == SQLITE_OK) {
		rc = sqlite3_open_v2(base, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	}
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(db, 1);
		sqlite3_busy_timeout(db, busy_ms);
	}
	if (rc != SQLITE_OK) {
		sqlite3_close(db);
		if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
			*state = BASE_UNREADABLE;
			return CRM_OK;
		}
		if ((rc & 0xff) == SQLITE_BUSY) {
			return set_err(err, CRM_EBUSY,
				       "the base '%s' stayed locked by another process: retry later",
				       base);
		}
		return set_err(err, CRM_EDB, "cannot open '%s': %s", base, sqlite3_errstr(rc));
	}
	/* an empty file is what crm init leaves before its first write */
	if (app != CRM_APPLICATION_ID && sb.st_size > 0) {
		sqlite3_close(db);
		return set_err(err, CRM_EDB,
			       "'%s' is not a crm base (an SQLite file of another program): "
			       "restore will not replace it", base);
	}
	*state = BASE_READABLE;
	*out = db;
	return CRM_OK;
}

/* Copies src into the open base live, in one write transaction. */
static crm_status copy_into(sqlite3 *live, sqlite3 *src, const char *base, int64_t *pages,
			    struct crm_error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(live, "main", src, "main");
	int rc;

	if (!b) {
		return copy_fail(err, sqlite3_errcode(live), "the base", base, live);
	}
	rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		return copy_fail(err, rc, "the base", base, live);
	}
	return CRM_OK;
}

/* Renames path+suffix to to+suffix when it exists, made 0600. */
static int move_aside(const char *path, const char *to, const char *suffix)
{
	char *a = path_with(path, suffix), *b = path_with(to, suffix);
	int rc = -1;

	if (a && b) {
		rc = rename(a, b);
		if (rc == 0) {
			chmod(b, 0600);
		} else if (errno == ENOENT) {
			rc = 0;
		}
	}
	free(a);
	free(b);
	return rc;
}

/*
 * The base cannot be read: keep it as it is under the before-restore name
 * (a hard link, which fails if that name exists), with its -wal, then
 * rename the copy of the backup into place.
 */
static crm_status replace_unreadable(sqlite3 *src, const char *base, const char *before,
				     int64_t *pages, struct crm_error *err)
{
	char *tmp = NULL, *dir;
	crm_status st;

	st = copy_to_temp(src, base, "the base", &tmp, pages, err);
	if (st != CRM_OK) {
		return st;
	}
	if (link(base, before) != 0) {
		st = errno == EEXIST ? set_err(err, CRM_EEXIST, "a file already exists at '%s'", before)
				     : set_err(err, CRM_EDB, "cannot keep the base as '%s': %s", before,
					       strerror(errno));
		goto fail;
	}
	chmod(before, 0600);
	/* a -wal left beside the new file would be replayed into it */
	if (move_aside(base, before, "-wal") != 0) {
		st = set_err(err, CRM_EDB, "cannot move '%s-wal' aside: %s", base, strerror(errno));
		goto fail;
	}
	unlink_with(base, "-shm");
	if (rename(tmp, base) != 0) {
		st = set_err(err, CRM_EDB, "cannot write the base '%s': %s", base, strerror(errno));
		goto fail;
	}
	free(tmp);
	dir = dir_of(base);
	if (!dir || fsync_path(dir, true) != 0) {
		st = set_err(err, CRM_EDB, "cannot sync the folder of '%s'", base);
	}
	free(dir);
	return st;
fail:
	temp_remove(tmp);
	free(tmp);
	return st;
}

struct crm_restore {
	char *base;
	char *before;
	char *tmp;               /* the prepared copy beside the base, until installed */
	struct crm_db *db;       /* the prepared copy, opened: migrated and checked */
	sqlite3 *live;           /* the current base (BASE_READABLE) */
	enum base_state state;
	struct crm_restore_info info;
};

void crm_restore_destroy(struct crm_restore *r)
{
	if (!r) {
		return;
	}
	crm_db_close(r->db);
	sqlite3_close(r->live);
	if (r->tmp) {
		temp_remove(r->tmp);
	}
	free(r->tmp);
	free(r->before);
	free(r->base);
	free(r);
}

struct crm_db *crm_restore_db(struct crm_restore *r)
{
	return r->db;
}

int crm_restore_version(const struct crm_restore *r)
{
	return r->info.from_version;
}

/* The backups the base being replaced knows of, added to paths. */
static crm_status known_backups(struct crm_restore *r, cJSON *paths)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!r->live) {
		return CRM_OK;
	}
	rc = sqlite3_prepare_v2(r->live, crmi_sql_backup_paths, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		if (!cJSON_AddItemToArray(paths, cJSON_CreateString(
							 (const char *)sqlite3_column_text(st, 0)))) {
			rc = SQLITE_NOMEM;
		}
	}
	sqlite3_finalize(st);
	/* a base too old or too broken to say: it names none */
	return rc == SQLITE_NOMEM ? crmi_fail(r->db, CRM_ENOMEM, "out of memory") : CRM_OK;
}

crm_status crm_restore_record(struct crm_restore *r, const char *from, const char *kept)
{
	cJSON *data = cJSON_CreateObject(), *paths;
	crm_status st;

	if (!data || !cJSON_AddStringToObject(data, "from", from) ||
	    !cJSON_AddNumberToObject(data, "schema_version", r->info.from_version) ||
	    !(kept ? cJSON_AddStringToObject(data, "kept", kept) : cJSON_AddNullToObject(data, "kept")) ||
	    !(paths = cJSON_AddArrayToObject(data, "backups"))) {
		cJSON_Delete(data);
		return crmi_fail(r->db, CRM_ENOMEM, "out of memory");
	}
	st = known_backups(r, paths);
	if (st != CRM_OK) {
		cJSON_Delete(data);
		return st;
	}
	st = crm_tx_begin(r->db);
	if (st != CRM_OK) {
		cJSON_Delete(data);
		return st;
	}
	st = crmi_journal(r->db, "base.restore", "base", 0, data);
	if (st == CRM_OK) {
		st = crm_tx_commit(r->db);
	}
	if (st != CRM_OK) {
		crm_tx_rollback(r->db);
	}
	return st;
}

/*
 * Everything that can fail before the base is touched: the backup is
 * checked, copied beside the base, and that copy opened as a base (which
 * migrates an older schema and checks the result is crm's). The caller
 * may journal into crm_restore_db(r); crm_restore_finish installs it.
 */
crm_status crm_restore_prepare(const char *base, const char *from, int busy_ms,
			       struct crm_restore **out, struct crm_error *err)
{
	struct crm_restore *r;
	sqlite3 *src = NULL;
	struct stat sb;
	int64_t pages = 0;
	crm_status st;

	*out = NULL;
	clear_err(err);
	if (busy_ms <= 0) {
		busy_ms = RESTORE_BUSY_MS;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->base = strdup(base)) || !(r->before = path_with(base, CRM_BEFORE_RESTORE))) {
		crm_restore_destroy(r);
		return set_err(err, CRM_ENOMEM, "out of memory");
	}
	st = open_backup(from, &src, &r->info.from_version, err);
	if (st != CRM_OK) {
		goto fail;
	}
	if (same_file(from, base)) {
		st = set_err(err, CRM_EINVAL, "'%s' is the base itself: restore from a backup", from);
		goto fail;
	}
	st = probe_base(base, &r->live, busy_ms, &r->state, err);
	if (st != CRM_OK) {
		goto fail;
	}
	if (r->state != BASE_ABSENT && lstat(r->before, &sb) == 0) {
		st = set_err(err, CRM_EEXIST,
			     "'%s' is kept from an earlier restore: move it away first", r->before);
		goto fail;
	}
	if (r->state == BASE_ABSENT && crmi_make_parents(base) != 0) {
		st = set_err(err, CRM_EDB, "cannot create the folder of '%s': %s", base,
			     strerror(errno));
		goto fail;
	}
	st = copy_to_temp(src, base, "the copy of the backup", &r->tmp, &pages, err);
	sqlite3_close(src);
	src = NULL;
	if (st != CRM_OK) {
		goto fail;
	}
	st = crm_db_open(r->tmp, 0, &r->db, err);
	if (st != CRM_OK) {
		/* name the backup, not the temporary copy */
		char msg[sizeof(err->msg)];
		int w = snprintf(msg, sizeof(msg), "the backup '%s' cannot be restored: ", from);

		if (w > 0 && (size_t)w < sizeof(msg)) {
			snprintf(msg + w, sizeof(msg) - (size_t)w, "%.*s", (int)(sizeof(msg) - (size_t)w - 1),
				 err->msg);
		}
		set_err(err, st, "%s", msg);
		goto fail;
	}
	crm_db_set_busy_timeout(r->db, busy_ms);
	*out = r;
	return CRM_OK;
fail:
	sqlite3_close(src);
	crm_restore_destroy(r);
	return st;
}

/* Closes the prepared copy and opens it again as the source of a copy. */
static crm_status reopen_prepared(struct crm_restore *r, sqlite3 **src, struct crm_error *err)
{
	int rc;

	crm_db_close(r->db); /* the last connection: its WAL goes into the file */
	r->db = NULL;
	rc = sqlite3_open_v2(r->tmp, src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		set_err(err, CRM_EDB, "cannot read the copy of the backup '%s': %s", r->tmp,
			*src ? sqlite3_errmsg(*src) : sqlite3_errstr(rc));
		sqlite3_close(*src);
		*src = NULL;
		return err->code;
	}
	return CRM_OK;
}

crm_status crm_restore_finish(struct crm_restore *r, int busy_ms, struct crm_restore_info *info,
			      struct crm_error *err)
{
	sqlite3 *src = NULL;
	int64_t kept_pages = 0;
	crm_status st;

	clear_err(err);
	if (busy_ms <= 0) {
		busy_ms = RESTORE_BUSY_MS;
	}
	st = reopen_prepared(r, &src, err);
	if (st != CRM_OK) {
		return st;
	}
	switch (r->state) {
	case BASE_ABSENT:
		/* a -wal left without its base would be replayed into the new one */
		unlink_with(r->base, "-wal");
		unlink_with(r->base, "-shm");
		sqlite3_close(src);
		src = NULL;
		st = publish(r->tmp, r->base, false, "the base", err);
		free(r->tmp);
		r->tmp = NULL; /* publish removed it, or it is the base now */
		if (st == CRM_OK) {
			r->info.created = true;
		}
		break;
	case BASE_READABLE:
		st = write_copy(r->live, r->before, false, "the copy of the base", &kept_pages, err);
		if (st != CRM_OK) {
			break;
		}
		sqlite3_busy_timeout(r->live, busy_ms);
		st = copy_into(r->live, src, r->base, &r->info.pages, err);
		if (st != CRM_OK) {
			/* nothing was replaced: the copy kept for it would block a retry */
			unlink(r->before);
			break;
		}
		r->info.kept = true;
		break;
	case BASE_UNREADABLE:
		st = replace_unreadable(src, r->base, r->before, &r->info.pages, err);
		if (st == CRM_OK) {
			r->info.kept = r->info.moved = true;
		}
		break;
	}
	sqlite3_close(src);
	if (info) {
		*info = r->info;
	}
	return st;
}

crm_status crm_restore(const char *base, const char *from, int busy_ms,
		       struct crm_restore_info *info, struct crm_error *err)
{
	struct crm_error local_err;
	struct crm_restore *r = NULL;
	crm_status st;

	if (!err) {
		err = &local_err;
	}
	if (info) {
		memset(info, 0, sizeof(*info));
	}
	st = crm_restore_prepare(base, from, busy_ms, &r, err);
	if (st == CRM_OK) {
		st = crm_restore_finish(r, busy_ms, info, err);
	}
	crm_restore_destroy(r);
	return st;
}

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

static crm_status prepare(struct checker *c, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v2(c->db->sql, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(c->db, rc, "cannot check the base");
	}
	return CRM_OK;
}

static bool is_corrupt(int rc)
{
	return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/*
 * Finalizes the statement of a check that ended with rc: SQLITE_DONE is
 * CRM_OK; pages too broken to read are a finding of that check, not a
 * failure to check (the other checks go on).
 */
static crm_status finish(struct checker *c, const char *check, sqlite3_stmt *st, int rc)
{
	sqlite3_finalize(st);
	if (is_corrupt(rc)) {
		problem(c, check, NULL, 0, "%s", sqlite3_errmsg(c->db->sql));
		return CRM_OK;
	}
	if (rc != SQLITE_DONE) {
		return crmi_sqlfail(c->db, rc, "cannot check the base");
	}
	return CRM_OK;
}

/* quick_check or integrity_check: each row other than "ok" is a problem. */
static crm_status check_pages(struct checker *c, bool full)
{
	const char *name = full ? "integrity_check" : "quick_check";
	sqlite3_stmt *st;
	int rc;

	if (prepare(c, full ? "PRAGMA integrity_check" : "PRAGMA quick_check", &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t && strcmp(t, "ok") != 0) {
			problem(c, name, NULL, 0, "%s", t);
		}
	}
	return finish(c, name, st, rc);
}

static crm_status check_foreign_keys(struct checker *c)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(c, "PRAGMA foreign_key_check", &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);
		const char *parent = (const char *)sqlite3_column_text(st, 2);
		int64_t row = sqlite3_column_int64(st, 1);

		problem(c, "foreign_key_check", table, row, "%s %lld refers to a missing %s",
			table ? table : "?", (long long)row, parent ? parent : "row");
	}
	return finish(c, "foreign_key_check", st, rc);
}

static crm_status check_owners(struct checker *c)
{
	sqlite3_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT c.id, c.name, c.owner_id FROM client c"
		    " WHERE c.owner_id IS NOT NULL"
		    "   AND NOT EXISTS (SELECT 1 FROM manager m WHERE m.id = c.owner_id)"
		    " ORDER BY c.id LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		problem(c, "owner", "client", sqlite3_column_int64(st, 0),
			"client '%s' is owned by manager %lld, who does not exist",
			(const char *)sqlite3_column_text(st, 1),
			(long long)sqlite3_column_int64(st, 2));
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
	sqlite3_stmt *st;
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
		    " WHERE h.status = 'accepted' AND c.owner_id IS NOT h.to_id"
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		problem(c, "handover", "handover", sqlite3_column_int64(st, 0),
			"handover %lld of client '%s' %s", (long long)sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2));
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
		return crmi_sqlfail(c->db, rc, "cannot check the base");
	}
	return CRM_OK;
}

static crm_status check_journal_ids(struct checker *c)
{
	sqlite3_stmt *st;
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(st, 0), b = sqlite3_column_int64(st, 1);

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
	sqlite3_stmt *st;
	int rc;

	if (prepare(c,
		    "SELECT id FROM journal"
		    " WHERE NOT json_valid(data) OR json_type(data) <> 'object'"
		    " ORDER BY id LIMIT 100",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

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
	sqlite3_stmt *st;
	int rc;

	if (prepare(c, search_sources[i].missing_sql, &st) != CRM_OK) {
		return c->db->errcode;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		problem(c, "search", search_sources[i].table, id,
			"%s %lld is missing from the search index", search_sources[i].table,
			(long long)id);
	}
	return finish(c, "search", st, rc);
}

/* Index entries whose row is gone, or which belong to no source. */
static crm_status search_orphans(struct checker *c)
{
	sqlite3_stmt *st;
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t rowid = sqlite3_column_int64(st, 0);

		problem(c, "search", "search", rowid,
			"search index entry %lld belongs to no client, contact or interaction",
			(long long)rowid);
	}
	return finish(c, "search", st, rc);
}

static crm_status check_search(struct checker *c)
{
	int64_t rows[3] = { 0 }, entries[4] = { 0 };
	sqlite3_stmt *st;
	crm_status s;
	int rc;

	if (prepare(c,
		    "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM contact),"
		    " (SELECT count(*) FROM interaction)",
		    &st) != CRM_OK) {
		return c->db->errcode;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 3; i++) {
			rows[i] = sqlite3_column_int64(st, i);
		}
		rc = SQLITE_DONE;
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
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t src = sqlite3_column_int64(st, 0);

		entries[src >= 0 && src < 4 ? src : 3] += sqlite3_column_int64(st, 1);
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
			sqlite3_errmsg(c->db->sql));
		return CRM_OK;
	}
	if ((rc & 0xff) == SQLITE_READONLY) {
		return CRM_OK; /* a read-only base: the other checks still run */
	}
	if (rc != SQLITE_OK) {
		return crmi_sqlfail(c->db, rc, "cannot check the search index");
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
	own_tx = sqlite3_get_autocommit(db->sql);
	/* a base whose schema is not crm's is only read: its triggers must not run */
	if (full && own_tx && !db->foreign_schema) {
		st = check_search_index(&c);
	}
	/* one snapshot for every count: a read transaction never upgrades */
	if (st == CRM_OK && own_tx) {
		st = crmi_exec(db, "BEGIN");
	}
	if (st == CRM_OK) {
		st = check_schema(&c);
	}
	if (st == CRM_OK) {
		st = check_pages(&c, full);
	}
	if (st == CRM_OK && !db->foreign_schema) {
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
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
	}
	if (problems) {
		*problems = c.count;
	}
	return st;
}

/* ---- test hooks ----------------------------------------------------- */

crm_status crm_db_set_max_pages(struct crm_db *db, int64_t n)
{
	char sql[64];

	if (n < 1) {
		return crmi_fail(db, CRM_EINVAL, "invalid page count %lld", (long long)n);
	}
	snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", (long long)n);
	return crmi_exec(db, sql);
}
