/*
 * backup.c: online backups, and the durable writing of files that restore
 * (restore.c) shares. The checks of crm check are in check.c.
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

#include "backup-private.h"

crm_status crmi_set_err(struct crm_error *err, crm_status st, const char *fmt, ...)
{
	va_list ap;

	err->code = st;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return st;
}

void crmi_clear_err(struct crm_error *err)
{
	err->code = CRM_OK;
	err->msg[0] = '\0';
}

/* path + suffix, malloc'd. */
char *crmi_path_with(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *s = malloc(n);

	if (s) {
		snprintf(s, n, "%s%s", path, suffix);
	}
	return s;
}

/* The folder of path, malloc'd: "." when path has no slash. */
char *crmi_dir_of(const char *path)
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

int crmi_fsync_path(const char *path, bool dir)
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

void crmi_unlink_with(const char *path, const char *suffix)
{
	char *p = crmi_path_with(path, suffix);

	if (p) {
		unlink(p);
		free(p);
	}
}

/* Removes a temporary base and whatever SQLite left beside it. */
void crmi_temp_remove(const char *tmp)
{
	unlink(tmp);
	crmi_unlink_with(tmp, "-journal");
	crmi_unlink_with(tmp, "-wal");
	crmi_unlink_with(tmp, "-shm");
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
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
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
	crmi_set_err(err, CRM_EDB, _("cannot create a file beside '%s': %s"), target, strerror(errno));
	free(*tmp);
	*tmp = NULL;
	return err->code;
}

/* Maps the SQLite error of writing a copy to a status and message. */
crm_status crmi_copy_fail(struct crm_error *err, int rc, const char *what, const char *path,
			  sqlite3 *db)
{
	const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_FULL:
		return crmi_set_err(err, CRM_EDB, _("no space left to write %s '%s' (%s)"), _(what),
				    path, m);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return crmi_set_err(err, CRM_EBUSY, _("the base '%s' stayed locked by another "
				    "process: retry later"), path);
	case SQLITE_NOMEM:
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
	default:
		return crmi_set_err(err, CRM_EDB, _("cannot write %s '%s': %s"), _(what), path, m);
	}
}

/*
 * Copies the whole database src into a new temporary file beside target,
 * as a standalone file (journal_mode=DELETE), closed and fsynced; *tmp gets
 * its path. One backup step copies everything under one read transaction
 * of src: a consistent snapshot, even while others write.
 */
crm_status crmi_copy_to_temp(sqlite3 *src, const char *target, const char *what,
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
		crmi_copy_fail(err, rc, what, target, dst);
		goto fail;
	}
	sqlite3_extended_result_codes(dst, 1);
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		crmi_copy_fail(err, sqlite3_errcode(dst), what, target, dst);
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		/* a source error is named by the source connection */
		if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB) {
			crmi_set_err(err, CRM_EDB, _("cannot copy '%s': %s"),
				     sqlite3_db_filename(src, "main"), sqlite3_errstr(rc));
		} else {
			crmi_copy_fail(err, rc, what, target, dst);
		}
		goto fail;
	}
	/* the copy keeps the WAL flag of its source: make it one standalone file */
	rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		crmi_copy_fail(err, rc, what, target, dst);
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		crmi_copy_fail(err, rc, what, target, NULL);
		goto fail;
	}
	if (crmi_fsync_path(*tmp, false) != 0) {
		crmi_set_err(err, CRM_EDB, _("cannot write %s '%s': %s"), _(what), target,
			     strerror(errno));
		goto fail;
	}
	return CRM_OK;
fail:
	sqlite3_close(dst);
	crmi_temp_remove(*tmp);
	free(*tmp);
	*tmp = NULL;
	return err->code;
}

/*
 * Puts tmp in place at target: rename() when target may be replaced;
 * otherwise link() then unlink(), which fails rather than replace a file
 * that appeared meanwhile. Then fsyncs the folder. Removes tmp on failure.
 */
crm_status crmi_publish(const char *tmp, const char *target, bool replace, const char *what,
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

		crmi_temp_remove(tmp);
		if (e == EEXIST) {
			return crmi_set_err(err, CRM_EEXIST, _("a file already exists at '%s'"),
					    target);
		}
		return crmi_set_err(err, CRM_EDB, _("cannot write %s '%s': %s"), _(what), target,
				    strerror(e));
	}
	dir = crmi_dir_of(target);
	if (!dir) {
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
	}
	rc = crmi_fsync_path(dir, true);
	free(dir);
	if (rc != 0) {
		return crmi_set_err(err, CRM_EDB, _("cannot sync the folder of '%s': %s"), target,
				    strerror(errno));
	}
	return CRM_OK;
}

/* Copies src to target through a temporary file; see publish for replace. */
crm_status crmi_write_copy(sqlite3 *src, const char *target, bool replace, const char *what,
			   int64_t *pages, struct crm_error *err)
{
	char *tmp = NULL;
	crm_status st;

	st = crmi_copy_to_temp(src, target, what, &tmp, pages, err);
	if (st == CRM_OK) {
		st = crmi_publish(tmp, target, replace, what, err);
	}
	free(tmp);
	return st;
}

bool crmi_same_file(const char *a, const char *b)
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
	char *dir = crmi_dir_of(path), *real = dir ? realpath(dir, NULL) : NULL, *out = NULL;

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

	if (crmi_same_file(a, b)) {
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
	crmi_clear_err(&err);
	if (info) {
		memset(info, 0, sizeof(*info));
	}
	if (!*path) {
		return crmi_fail(db, CRM_EINVAL, "the backup needs a file name");
	}
	if (db->pg) {
		return crmi_pg_backup(db, path, flags, info);
	}
	if (crmi_same_file(path, db->path)) {
		return crmi_fail(db, CRM_EINVAL,
				 "'%s' is the base itself: back up to another file", path);
	}
	/* SQLite deletes or replays these: a copy there would vanish */
	for (size_t i = 0; i < ARRAY_SIZE(companions); i++) {
		char *c = crmi_path_with(db->path, companions[i]);
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
	if (crmi_write_copy(db->sql, path, flags & CRM_BACKUP_FORCE, N_("the backup"), &pages,
			    &err) != CRM_OK) {
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
