/*
 * db.c: opening the base, errors, the statement cache and transactions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crm-private.h"

#define DEFAULT_BUSY_MS 10000
#define STMT_BUCKETS 256

struct stmt_slot {
	const char *sql;
	crmi_stmt st;
	struct stmt_slot *next;
	bool lent;   /* an iterator's (crmi_stmt_take), never crmi_prepare's */
	bool busy;   /* lent now, until crmi_stmt_give */
};

struct stmt_cache {
	struct stmt_slot *bucket[STMT_BUCKETS];
};

static struct stmt_cache *cache_of(struct crm_db *db);

/* ---- errors ------------------------------------------------------- */

crm_status crmi_fail(struct crm_db *db, crm_status st, const char *fmt, ...)
{
	va_list ap;

	if (!db) {
		return st;
	}
	db->errcode = st;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof(db->errmsg), _(fmt), ap);
	va_end(ap);
	return st;
}

void crmi_clear_error(struct crm_db *db)
{
	db->errcode = CRM_OK;
	db->errmsg[0] = '\0';
}

static crm_status status_of_sqlite(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return CRM_EBUSY;
	case SQLITE_NOMEM:
		return CRM_ENOMEM;
	case SQLITE_CONSTRAINT:
		return CRM_ECONFLICT;
	default:
		return CRM_EDB;
	}
}

/*
 * A base that cannot be written: name the file that makes it so. A -shm
 * or -wal left read-only (after chmod 400, then 600 on the base alone)
 * keeps every connection read-only although the base itself is writable.
 */
static crm_status readonly_fail(struct crm_db *db, const char *m)
{
	static const char *const suffixes[] = { "", "-wal", "-shm" };
	char file[4096];

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(file, sizeof(file), "%s%s", db->path, suffixes[i]);
		if (access(file, F_OK) == 0 && access(file, W_OK) != 0) {
			return crmi_fail(db, CRM_EDB,
					 "the base '%s' is read-only: the file '%s' cannot be written "
					 "(%s): run chmod 600 '%s'",
					 db->path, file, strerror(errno), file);
		}
	}
	return crmi_fail(db, CRM_EDB, "the base '%s' is read-only: %s", db->path, m);
}

crm_status crmi_sqlfail(struct crm_db *db, int rc, const char *what)
{
	const char *m = db->sql || db->pg ? crmi_errmsg(db) : sqlite3_errstr(rc);

	what = _(what);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return crmi_fail(db, CRM_EBUSY,
				 "the base '%s' stayed locked by another process: retry later",
				 db->path);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return crmi_fail(db, CRM_EDB,
				 "the base '%s' is corrupt (%s): run 'crm check' or restore a backup",
				 db->path, m);
	case SQLITE_READONLY:
		return readonly_fail(db, m);
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_COMMITHOOK) {
			return crmi_fail(db, CRM_EDB,
					 "the base '%s' rolled the command back after an i/o error: "
					 "nothing was written", db->path);
		}
		return crmi_fail(db, CRM_ECONFLICT, "%s: %s", what, m);
	case SQLITE_FULL:
		return crmi_fail(db, CRM_EDB,
				 "no space left for the base '%s' (%s): nothing was written",
				 db->path, m);
	case SQLITE_IOERR:
		return crmi_fail(db, CRM_EDB, "i/o error on the base '%s' (%s): nothing was written",
				 db->path, m);
	default:
		return crmi_fail(db, status_of_sqlite(rc), "%s: %s", what, m);
	}
}

const char *crm_db_errmsg(const struct crm_db *db)
{
	return db ? db->errmsg : "";
}

crm_status crm_db_errcode(const struct crm_db *db)
{
	return db ? db->errcode : CRM_OK;
}

/* ---- statements --------------------------------------------------- */

static size_t slot_hash(const char *sql)
{
	uintptr_t p = (uintptr_t)sql;

	return (size_t)((p >> 3) ^ (p >> 11)) % STMT_BUCKETS;
}

static struct stmt_cache *cache_of(struct crm_db *db)
{
	return (struct stmt_cache *)db->stmts;
}

/* Resets a statement and clears its bindings. */
static void stmt_clear(crmi_stmt *st)
{
	if (st->pg) {
		crmi_pg_reset(st->pg);
		crmi_pg_clear_bindings(st->pg);
	} else {
		sqlite3_reset(st->lite);
		sqlite3_clear_bindings(st->lite);
	}
}

/*
 * The cached statement of sql in *out: a shared one (lent false) for
 * crmi_prepare, or one no iterator holds now (lent true) for
 * crmi_stmt_take. A new slot is prepared when none is free. Returns
 * SQLite's code; nothing is recorded on the db.
 */
static int slot_get(struct crm_db *db, const char *sql, bool lent, struct stmt_slot **out)
{
	struct stmt_cache *c = cache_of(db);
	size_t h = slot_hash(sql);
	struct stmt_slot *s;
	int rc;

	for (s = c->bucket[h]; s; s = s->next) {
		if (s->sql == sql && s->lent == lent && !s->busy) {
			stmt_clear(&s->st);
			*out = s;
			return SQLITE_OK;
		}
	}
	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		return SQLITE_NOMEM;
	}
	if (db->pg) {
		rc = crmi_pg_prepare(db, sql, &s->st.pg);
	} else {
		rc = sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st.lite,
					NULL);
	}
	if (rc != SQLITE_OK) {
		free(s);
		return rc;
	}
	s->sql = sql;
	s->lent = lent;
	s->next = c->bucket[h];
	c->bucket[h] = s;
	*out = s;
	return SQLITE_OK;
}

crmi_stmt *crmi_prepare(struct crm_db *db, const char *sql)
{
	struct stmt_slot *s;
	int rc = slot_get(db, sql, false, &s);

	if (rc == SQLITE_NOMEM && !s) {
		crmi_fail(db, CRM_ENOMEM, "out of memory");
	} else if (rc != SQLITE_OK) {
		crmi_sqlfail(db, rc, N_("cannot prepare a statement"));
	}
	return s ? &s->st : NULL;
}

int crmi_stmt_take(struct crm_db *db, const char *sql, crmi_stmt **st)
{
	struct stmt_slot *s;
	int rc = slot_get(db, sql, true, &s);

	*st = NULL;
	if (rc == SQLITE_OK) {
		s->busy = true;
		*st = &s->st;
	}
	return rc;
}

void crmi_stmt_give(struct crm_db *db, const char *sql, crmi_stmt *st)
{
	struct stmt_cache *c;

	if (!db || !st || !(c = cache_of(db))) {
		return;
	}
	for (struct stmt_slot *s = c->bucket[slot_hash(sql)]; s; s = s->next) {
		if (&s->st == st) {
			stmt_clear(st); /* ends its read of the base now */
			s->busy = false;
			return;
		}
	}
	crmi_finalize(st); /* not from the cache */
}

int crmi_stmt_new(struct crm_db *db, const char *sql, crmi_stmt **out)
{
	crmi_stmt *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s) {
		return SQLITE_NOMEM;
	}
	if (db->pg) {
		rc = crmi_pg_prepare(db, sql, &s->pg);
	} else {
		rc = sqlite3_prepare_v2(db->sql, sql, -1, &s->lite, NULL);
	}
	if (rc != SQLITE_OK) {
		free(s);
		return rc;
	}
	*out = s;
	return SQLITE_OK;
}

static void stmt_free(crmi_stmt *s)
{
	if (s->pg) {
		crmi_pg_finalize(s->pg);
	} else {
		sqlite3_finalize(s->lite);
	}
}

void crmi_finalize(crmi_stmt *s)
{
	if (s) {
		stmt_free(s);
		free(s);
	}
}

char *crmi_col_dup(crmi_stmt *s, int col)
{
	const char *t = crmi_col_text(s, col);

	return t ? strdup(t) : NULL;
}

int64_t crmi_last_id(struct crm_db *db)
{
	return db->pg ? crmi_pg_last_id(db) : sqlite3_last_insert_rowid(db->sql);
}

int crmi_changes(struct crm_db *db)
{
	return db->pg ? crmi_pg_changes(db) : sqlite3_changes(db->sql);
}

bool crmi_autocommit(struct crm_db *db)
{
	return db->pg ? crmi_pg_autocommit(db) : sqlite3_get_autocommit(db->sql) != 0;
}

const char *crmi_errmsg(struct crm_db *db)
{
	if (db->pg) {
		return crmi_pg_errmsg(db);
	}
	return db->sql ? sqlite3_errmsg(db->sql) : "";
}

void crmi_exec_quiet(struct crm_db *db, const char *sql)
{
	if (db->pg) {
		crmi_pg_exec(db, sql);
	} else {
		sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
	}
}

static void cache_clear(struct crm_db *db)
{
	struct stmt_cache *c = cache_of(db);

	if (!c) {
		return;
	}
	for (size_t i = 0; i < STMT_BUCKETS; i++) {
		struct stmt_slot *s = c->bucket[i];

		while (s) {
			struct stmt_slot *next = s->next;

			stmt_free(&s->st);
			free(s);
			s = next;
		}
	}
	free(c);
	db->stmts = NULL;
}

crm_status crmi_exec(struct crm_db *db, const char *sql)
{
	char *msg = NULL;
	int rc;

	if (db->pg) {
		rc = crmi_pg_exec(db, sql);
		return rc == SQLITE_OK ? CRM_OK : crmi_sqlfail(db, rc, N_("cannot update the base"));
	}
	rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		crm_status st = crmi_sqlfail(db, rc, N_("cannot update the base"));

		sqlite3_free(msg);
		return st;
	}
	return CRM_OK;
}

int crmi_bind_text_owned(crmi_stmt *s, int idx, char *t)
{
	int rc;

	if (s->pg) {
		rc = crmi_pg_bind(s->pg, idx, t, false);
		free(t);
		return rc;
	}
	return t ? sqlite3_bind_text(s->lite, idx, t, -1, free) : sqlite3_bind_null(s->lite, idx);
}

/* ---- transactions ------------------------------------------------- */

/*
 * After an i/o error or a full disk SQLite may roll a transaction back by
 * itself. Statements run after that (an error that was not passed on)
 * would each commit on their own, outside the command's transaction, and
 * leave it half done. So while crm's transaction is open, every commit
 * but crm_tx_commit's own is refused: SQLite turns it into a rollback.
 */
static int commit_hook(void *data)
{
	struct crm_db *db = data;

	return db->tx_open && !db->committing;
}

static crm_status begin_immediate(struct crm_db *db)
{
	crm_status st;

	if (db->readonly) {
		return crmi_fail(db, CRM_EDB, "the base '%s' is opened read-only", db->path);
	}
	if (db->foreign_schema) {
		return crmi_fail(db, CRM_EDB,
				 "the base '%s' has a schema crm did not make: nothing is written to it",
				 db->path);
	}
	st = crmi_exec(db, "BEGIN IMMEDIATE");
	db->tx_open = st == CRM_OK;
	return st;
}

crm_status crm_tx_begin(struct crm_db *db)
{
	crm_status st;

	if (!crmi_autocommit(db)) {
		return crmi_fail(db, CRM_EINVAL, "a transaction is already open");
	}
	st = begin_immediate(db);
	return st;
}

crm_status crm_tx_commit(struct crm_db *db)
{
	crm_status st;

	db->committing = true;
	st = crmi_exec(db, "COMMIT");
	db->committing = false;
	if (st == CRM_OK) {
		db->tx_open = false;
	} else {
		crm_tx_rollback(db);
		return st;
	}
	return CRM_OK;
}

void crm_tx_rollback(struct crm_db *db)
{
	if (db && (db->sql || db->pg) && !crmi_autocommit(db)) {
		crmi_exec_quiet(db, "ROLLBACK");
	}
	if (db) {
		db->tx_open = false;
		db->base_lang = 0; /* a setting written in the transaction is gone */
	}
}

/*
 * A core call outside any transaction opens its own BEGIN IMMEDIATE (a
 * deferred one could fail to upgrade to a write lock); inside one it nests
 * as a savepoint so that a failed call leaves the command's other work.
 */
crm_status crmi_atomic_begin(struct crm_db *db)
{
	crm_status st;

	crmi_clear_error(db);
	if (db->tx_open && crmi_autocommit(db)) {
		/* the command's transaction is gone: SQLite rolled it back */
		return crmi_fail(db, CRM_EDB,
				 "the base '%s' rolled the command back after an i/o error: "
				 "nothing was written", db->path);
	}
	if (crmi_autocommit(db)) {
		st = begin_immediate(db);
		if (st != CRM_OK) {
			return st;
		}
		db->atomic_own = db->atomic_depth + 1;
	}
	db->atomic_depth++;
	st = crmi_exec(db, "SAVEPOINT crm_atomic");
	if (st != CRM_OK) {
		crmi_atomic_end(db, st);
	}
	return st;
}

crm_status crmi_atomic_end(struct crm_db *db, crm_status st)
{
	int level = db->atomic_depth--;

	if (db->tx_open && crmi_autocommit(db)) {
		/* SQLite rolled the transaction back after an error */
		if (db->atomic_own == level) {
			db->atomic_own = 0;
			db->tx_open = false;
		}
		if (st == CRM_OK) {
			st = crmi_fail(db, CRM_EDB,
				       "the base '%s' rolled the command back after an i/o error: "
				       "nothing was written", db->path);
		}
		return st;
	}

	if (st == CRM_OK) {
		st = crmi_exec(db, "RELEASE crm_atomic");
	}
	if (st != CRM_OK) {
		crmi_exec_quiet(db, "ROLLBACK TO crm_atomic; RELEASE crm_atomic");
		db->base_lang = 0;
	}
	if (db->atomic_own == level) {
		db->atomic_own = 0;
		if (st == CRM_OK) {
			return crm_tx_commit(db);
		}
		crm_tx_rollback(db);
	}
	return st;
}

/* ---- open and close ----------------------------------------------- */

#define set_err crmi_set_error

crm_status crmi_set_error(struct crm_error *err, crm_status st, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		err->code = st;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return st;
}

/* mkdir -p for the folders above path, each created 0700. */
int crmi_make_parents(const char *path)
{
	char *dir = strdup(path);
	int rc = 0;

	if (!dir) {
		errno = ENOMEM;
		return -1;
	}
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/') {
			continue;
		}
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

static int64_t query_int(struct crm_db *db, const char *sql, int *rc_out)
{
	sqlite3_stmt *st = NULL;
	int64_t v = 0;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	*rc_out = rc;
	return v;
}

static void remove_base_files(const char *path)
{
	char buf[4096];

	unlink(path);
	snprintf(buf, sizeof(buf), "%s-wal", path);
	unlink(buf);
	snprintf(buf, sizeof(buf), "%s-shm", path);
	unlink(buf);
}

static crm_status check_and_migrate(struct crm_db *db, bool created, unsigned flags,
				    struct crm_error *err)
{
	int rc, n;
	int64_t app, ver;
	crm_status st;
	char what[256];

	app = query_int(db, "PRAGMA application_id", &rc);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
			return set_err(err, CRM_EDB, _("'%s' is not a crm base (%s)"), db->path,
				       sqlite3_errstr(rc));
		}
		if ((rc & 0xff) == SQLITE_BUSY) {
			return set_err(err, CRM_EBUSY,
				       _("the base '%s' stayed locked by another process: retry later"),
				       db->path);
		}
		return set_err(err, CRM_EDB, _("cannot read '%s': %s"), db->path,
			       sqlite3_errmsg(db->sql));
	}
	ver = query_int(db, "PRAGMA user_version", &rc);
	if (rc != SQLITE_OK) {
		return set_err(err, CRM_EDB, _("cannot read '%s': %s"), db->path,
			       sqlite3_errmsg(db->sql));
	}
	if (!created && app != CRM_APPLICATION_ID) {
		return set_err(err, CRM_EDB,
			       _("'%s' is not a crm base (an SQLite file of another program): "
			       "check --db or CRM_DB"), db->path);
	}
	if (ver > crm_schema_version()) {
		return set_err(err, CRM_ESCHEMA,
			       _("the base '%s' has schema version %lld, newer than this crm "
			       "knows (%d): upgrade crm"), db->path, (long long)ver,
			       crm_schema_version());
	}
	/* the file is input like any other: its schema must be crm's own, or
	 * its triggers and views would run someone else's SQL on our writes */
	n = crmi_schema_first_diff(db->sql, (int)ver, what, sizeof(what), &rc);
	if (n < 0) {
		if ((rc & 0xff) == SQLITE_BUSY) {
			return set_err(err, CRM_EBUSY,
				       _("the base '%s' stayed locked by another process: retry later"),
				       db->path);
		}
		return set_err(err, CRM_EDB, _("cannot read the schema of '%s': %s"), db->path,
			       sqlite3_errstr(rc));
	}
	if (n > 0) {
		if (flags & CRM_OPEN_ANY_SCHEMA) {
			db->foreign_schema = true;
			return CRM_OK;
		}
		return set_err(err, CRM_EDB,
			       _("the base '%s' has a schema crm did not make (%s%s): it is not "
			       "opened; run 'crm check' to list the differences, or restore a backup"),
			       db->path, what, n > 1 ? ", and more" : "");
	}
	if (ver == crm_schema_version()) {
		return CRM_OK;
	}
	if (db->readonly) {
		return set_err(err, CRM_EDB,
			       _("the base '%s' needs an upgrade to schema %d and is opened read-only"),
			       db->path, crm_schema_version());
	}
	st = crmi_schema_migrate(db, crm_schema_version());
	if (st != CRM_OK) {
		return set_err(err, st, "%s", db->errmsg);
	}
	return CRM_OK;
}

static crm_status open_sqlite(struct crm_db *db, int oflags, struct crm_error *err)
{
	int rc = sqlite3_open_v2(db->path, &db->sql, oflags, NULL);

	if (rc != SQLITE_OK) {
		return set_err(err, CRM_EDB, _("cannot open '%s': %s"), db->path,
			       db->sql ? sqlite3_errmsg(db->sql) : sqlite3_errstr(rc));
	}
	sqlite3_extended_result_codes(db->sql, 1);
	/* no writable_schema, no shadow-table writes: SQL cannot corrupt the file */
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db->sql, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_busy_timeout(db->sql, DEFAULT_BUSY_MS);
	sqlite3_commit_hook(db->sql, commit_hook, db);
	return CRM_OK;
}

/*
 * The connection pragmas, or with wal the switch to WAL mode: that one
 * writes to the file, so it waits until the file is known to be ours (an
 * SQLite file of another program must come out of crm unchanged).
 */
static crm_status apply_pragmas(struct crm_db *db, bool wal, struct crm_error *err)
{
	static const char *const common =
		"PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF; PRAGMA synchronous=NORMAL;";
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, wal ? "PRAGMA journal_mode=WAL" : common, NULL, NULL,
			      &msg);

	if (rc != SQLITE_OK) {
		crm_status st = (rc & 0xff) == SQLITE_BUSY ? CRM_EBUSY : CRM_EDB;

		set_err(err, st, _("'%s' is not a usable crm base (%s)"), db->path,
			msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return st;
	}
	return CRM_OK;
}

crm_status crm_db_open(const char *path, unsigned flags, struct crm_db **out,
		       struct crm_error *err)
{
	struct crm_db *db;
	bool memory = strcmp(path, ":memory:") == 0;
	bool create = (flags & CRM_OPEN_CREATE) != 0;
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
	crm_status st;
	struct stat sb;

	*out = NULL;
	if (err) {
		err->code = CRM_OK;
		err->msg[0] = '\0';
	}
	db = calloc(1, sizeof(*db));
	if (!db || !(db->path = strdup(path)) || !(db->stmts = calloc(1, sizeof(struct stmt_cache)))) {
		if (db) {
			free(db->path);
		}
		free(db);
		return set_err(err, CRM_ENOMEM, _("out of memory"));
	}
	db->readonly = (flags & CRM_OPEN_READONLY) != 0;
	if (crmi_pg_target(path)) {
		free(db->path);
		db->path = crmi_pg_shown(path);
		st = db->path ? crmi_pg_open(db, path, flags, err) :
				set_err(err, CRM_ENOMEM, _("out of memory"));
		if (st != CRM_OK) {
			goto fail;
		}
		*out = db;
		return CRM_OK;
	}
	/* SQLite opens no symlink (NOFOLLOW): say so, the same for init */
	if (!memory && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		target[n > 0 ? n : 0] = '\0';
		st = set_err(err, CRM_EDB,
			     _("'%s' is a symbolic link (to '%s'): crm opens a base only by its own "
			     "path; point --db or CRM_DB at the file itself"),
			     path, target);
		goto fail;
	}
	if (memory) {
		oflags |= SQLITE_OPEN_CREATE;
	} else if (create) {
		int fd;

		if (crmi_make_parents(path) != 0) {
			st = set_err(err, CRM_EDB, _("cannot create the folder of '%s': %s"), path,
				     strerror(errno));
			goto fail;
		}
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0) {
			if (errno == EEXIST) {
				st = set_err(err, CRM_EEXIST, _("a file already exists at '%s'"), path);
			} else {
				st = set_err(err, CRM_EDB, _("cannot create '%s': %s"), path,
					     strerror(errno));
			}
			goto fail;
		}
		close(fd);
	} else if (stat(path, &sb) != 0) {
		if (errno == ENOENT) {
			st = set_err(err, CRM_ENOTFOUND, _("no crm base at '%s'"), path);
		} else {
			st = set_err(err, CRM_EDB, _("cannot open '%s': %s"), path, strerror(errno));
		}
		goto fail;
	} else if (!S_ISREG(sb.st_mode)) {
		st = set_err(err, CRM_EDB, _("'%s' is not a crm base (not a regular file)"), path);
		goto fail;
	} else if (sb.st_size == 0) {
		st = set_err(err, CRM_EDB, _("'%s' is an empty file, not a crm base: check --db or CRM_DB"),
			     path);
		goto fail;
	} else if (db->readonly) {
		oflags = SQLITE_OPEN_READONLY;
	}
	st = open_sqlite(db, oflags, err);
	if (st == CRM_OK) {
		st = apply_pragmas(db, false, err);
	}
	if (st == CRM_OK) {
		st = check_and_migrate(db, create || memory, flags, err);
	}
	if (st == CRM_OK && !memory && !db->readonly) {
		st = apply_pragmas(db, true, err);
	}
	if (st != CRM_OK) {
		if (create) {
			sqlite3_close_v2(db->sql);
			db->sql = NULL;
			remove_base_files(path);
		}
		goto fail;
	}
	*out = db;
	return CRM_OK;
fail:
	crm_db_close(db);
	return st;
}

void crm_db_close(struct crm_db *db)
{
	if (!db) {
		return;
	}
	cache_clear(db);
	crmi_pg_close(db);
	if (db->sql) {
		sqlite3_close_v2(db->sql);
	}
	free(db->path);
	free(db->actor);
	free(db);
}

const char *crm_db_path(const struct crm_db *db)
{
	return db->path;
}

crm_status crm_db_set_actor(struct crm_db *db, const char *actor)
{
	char *copy = strdup(actor ? actor : "");

	if (!copy) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	free(db->actor);
	db->actor = copy;
	return CRM_OK;
}

const char *crm_db_actor(const struct crm_db *db)
{
	return db->actor ? db->actor : "";
}

void crm_db_set_now(struct crm_db *db, int64_t now)
{
	db->now = now;
}

int64_t crm_db_now(const struct crm_db *db)
{
	return db->now ? db->now : (int64_t)time(NULL);
}

int64_t crm_db_today(const struct crm_db *db)
{
	return crm_local_today(crm_db_now(db));
}

void crm_db_set_busy_timeout(struct crm_db *db, int ms)
{
	if (db->pg) {
		crmi_pg_set_busy_timeout(db, ms);
		return;
	}
	sqlite3_busy_timeout(db->sql, ms);
}

void crm_db_set_notify(struct crm_db *db, crm_notify_fn *fn, void *data)
{
	db->notify = fn;
	db->notify_data = data;
}

const char *crm_sqlite_version(void)
{
	return sqlite3_libversion();
}
