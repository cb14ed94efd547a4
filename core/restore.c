/*
 * restore.c: the check of a backup (crm_backup_verify) and the restore of
 * one over the base, in two steps (prepare, then finish) so that a
 * command can ask before the base is replaced; files are written as
 * backup.c writes them.
 */
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

#define RESTORE_BUSY_MS 10000

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
			return crmi_set_err(err, CRM_ENOINPUT, _("no file at '%s'"), path);
		}
		return crmi_set_err(err, CRM_ENOINPUT, _("cannot read '%s': %s"), path,
				    strerror(errno));
	}
	if (S_ISDIR(sb.st_mode)) {
		return crmi_set_err(err, CRM_ENOINPUT, _("cannot read '%s': %s"), path,
				    strerror(EISDIR));
	}
	if (access(path, R_OK) != 0) {
		return crmi_set_err(err, CRM_ENOINPUT, _("cannot read '%s': %s"), path,
				    strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		return crmi_set_err(err, CRM_EDB, _("'%s' is not a crm base (not a regular file)"),
				    path);
	}
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		crmi_set_err(err, CRM_EDB, _("cannot open '%s': %s"), path,
			     db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(db, RESTORE_BUSY_MS);
	app = pragma_int(db, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		crmi_set_err(err, CRM_EDB, _("'%s' is not a crm base (%s)"), path, sqlite3_errstr(rc));
		goto fail;
	}
	if (app != CRM_APPLICATION_ID) {
		crmi_set_err(err, CRM_EDB, _("'%s' is not a crm base%s"), path,
			     sb.st_size ? " (an SQLite file of another program)"
					: " (an empty file)");
		goto fail;
	}
	ver = pragma_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK) {
		crmi_set_err(err, CRM_EDB, _("cannot read '%s': %s"), path, sqlite3_errmsg(db));
		goto fail;
	}
	if (ver > crm_schema_version()) {
		crmi_set_err(err, CRM_ESCHEMA,
			     _("the backup '%s' has schema version %lld, newer than this crm "
			     "knows (%d): upgrade crm"), path, (long long)ver, crm_schema_version());
		goto fail;
	}
	if (!quick_check_ok(db, why, sizeof(why))) {
		crmi_set_err(err, CRM_EDB, _("the backup '%s' is corrupt (%s)"), path, why);
		goto fail;
	}
	n = crmi_schema_first_diff(db, (int)ver, why, sizeof(why), &rc);
	if (n != 0) {
		if (n < 0) {
			crmi_set_err(err, CRM_EDB, _("cannot read the schema of '%s': %s"), path,
				     sqlite3_errstr(rc));
		} else {
			crmi_set_err(err, CRM_EDB,
				     _("the backup '%s' has a schema crm did not make (%s%s): it is "
				     "not restored"), path, why, n > 1 ? ", and more" : "");
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
	crmi_clear_err(err);
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
		return crmi_set_err(err, CRM_EDB, _("cannot read '%s': %s"), base, strerror(errno));
	}
	if (!S_ISREG(sb.st_mode)) {
		return crmi_set_err(err, CRM_EDB, _("'%s' is not a crm base (not a regular file)"),
				    base);
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
			return crmi_set_err(err, CRM_EBUSY, _("the base '%s' stayed locked by "
					    "another process: retry later"), base);
		}
		return crmi_set_err(err, CRM_EDB, _("cannot open '%s': %s"), base, sqlite3_errstr(rc));
	}
	/* an empty file is what crm init leaves before its first write */
	if (app != CRM_APPLICATION_ID && sb.st_size > 0) {
		sqlite3_close(db);
		return crmi_set_err(err, CRM_EDB,
				    _("'%s' is not a crm base (an SQLite file of another program): "
			       "restore will not replace it"), base);
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
		return crmi_copy_fail(err, sqlite3_errcode(live), N_("the base"), base, live);
	}
	rc = sqlite3_backup_step(b, -1);
	*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		return crmi_copy_fail(err, rc, N_("the base"), base, live);
	}
	return CRM_OK;
}

/* Renames path+suffix to to+suffix when it exists, made 0600. */
static int move_aside(const char *path, const char *to, const char *suffix)
{
	char *a = crmi_path_with(path, suffix), *b = crmi_path_with(to, suffix);
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

	st = crmi_copy_to_temp(src, base, N_("the base"), &tmp, pages, err);
	if (st != CRM_OK) {
		return st;
	}
	if (link(base, before) != 0) {
		st = errno == EEXIST
			? crmi_set_err(err, CRM_EEXIST, _("a file already exists at '%s'"), before)
			: crmi_set_err(err, CRM_EDB, _("cannot keep the base as '%s': %s"), before,
				       strerror(errno));
		goto fail;
	}
	chmod(before, 0600);
	/* a -wal left beside the new file would be replayed into it */
	if (move_aside(base, before, "-wal") != 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot move '%s-wal' aside: %s"), base,
				  strerror(errno));
		goto fail;
	}
	crmi_unlink_with(base, "-shm");
	if (rename(tmp, base) != 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot write the base '%s': %s"), base,
				  strerror(errno));
		goto fail;
	}
	free(tmp);
	dir = crmi_dir_of(base);
	if (!dir || crmi_fsync_path(dir, true) != 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot sync the folder of '%s'"), base);
	}
	free(dir);
	return st;
fail:
	crmi_temp_remove(tmp);
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
		crmi_temp_remove(r->tmp);
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
	crmi_clear_err(err);
	if (busy_ms <= 0) {
		busy_ms = RESTORE_BUSY_MS;
	}
	r = calloc(1, sizeof(*r));
	if (!r || !(r->base = strdup(base)) ||
	    !(r->before = crmi_path_with(base, CRM_BEFORE_RESTORE))) {
		crm_restore_destroy(r);
		return crmi_set_err(err, CRM_ENOMEM, _("out of memory"));
	}
	st = open_backup(from, &src, &r->info.from_version, err);
	if (st != CRM_OK) {
		goto fail;
	}
	if (crmi_same_file(from, base)) {
		st = crmi_set_err(err, CRM_EINVAL, _("'%s' is the base itself: restore from a backup"),
				  from);
		goto fail;
	}
	st = probe_base(base, &r->live, busy_ms, &r->state, err);
	if (st != CRM_OK) {
		goto fail;
	}
	if (r->state != BASE_ABSENT && lstat(r->before, &sb) == 0) {
		st = crmi_set_err(err, CRM_EEXIST, _("'%s' is kept from an earlier restore: move it "
				  "away first"), r->before);
		goto fail;
	}
	if (r->state == BASE_ABSENT && crmi_make_parents(base) != 0) {
		st = crmi_set_err(err, CRM_EDB, _("cannot create the folder of '%s': %s"), base,
				  strerror(errno));
		goto fail;
	}
	st = crmi_copy_to_temp(src, base, N_("the copy of the backup"), &r->tmp, &pages, err);
	sqlite3_close(src);
	src = NULL;
	if (st != CRM_OK) {
		goto fail;
	}
	st = crm_db_open(r->tmp, 0, &r->db, err);
	if (st != CRM_OK) {
		/* name the backup, not the temporary copy */
		char msg[sizeof(err->msg)];
		int w = snprintf(msg, sizeof(msg), _("the backup '%s' cannot be restored: "), from);

		if (w > 0 && (size_t)w < sizeof(msg)) {
			snprintf(msg + w, sizeof(msg) - (size_t)w, "%.*s", (int)(sizeof(msg) - (size_t)w - 1),
				 err->msg);
		}
		crmi_set_err(err, st, "%s", msg);
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
		crmi_set_err(err, CRM_EDB, _("cannot read the copy of the backup '%s': %s"), r->tmp,
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

	crmi_clear_err(err);
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
		crmi_unlink_with(r->base, "-wal");
		crmi_unlink_with(r->base, "-shm");
		sqlite3_close(src);
		src = NULL;
		st = crmi_publish(r->tmp, r->base, false, N_("the base"), err);
		free(r->tmp);
		r->tmp = NULL; /* publish removed it, or it is the base now */
		if (st == CRM_OK) {
			r->info.created = true;
		}
		break;
	case BASE_READABLE:
		st = crmi_write_copy(r->live, r->before, false, N_("the copy of the base"), &kept_pages,
				     err);
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
