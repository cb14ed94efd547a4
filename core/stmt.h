/*
 * stmt.h: the statement layer between core's modules and the backend
 * that holds the base (SQLite's file, or a PostgreSQL server). Modules
 * prepare, bind, step and read columns through it and never call the
 * backend's own API; the SQL they pass is shared where it is standard and
 * chosen per backend where it is not (crmi_backend_sql).
 *
 * The result codes are SQLite's primary codes, whichever the backend:
 * CRMI_ROW and CRMI_DONE from a step, CRMI_OK from a bind or a reset, an
 * error code otherwise (crmi_sqlfail reports it with the backend's
 * message).
 */
#ifndef CRM_STMT_H
#define CRM_STMT_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

enum {
	CRMI_OK = SQLITE_OK,
	CRMI_ERROR = SQLITE_ERROR,
	CRMI_BUSY = SQLITE_BUSY,
	CRMI_NOMEM = SQLITE_NOMEM,
	CRMI_CONSTRAINT = SQLITE_CONSTRAINT,
	CRMI_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT_PRIMARYKEY,
	CRMI_ROW = SQLITE_ROW,
	CRMI_DONE = SQLITE_DONE,
};

struct crm_db;
struct crmi_pg_stmt;

/* A prepared statement of either backend: exactly one member is set. */
typedef struct crmi_stmt {
	sqlite3_stmt *lite;
	struct crmi_pg_stmt *pg;
} crmi_stmt;

/* The PostgreSQL implementation (pg.c), behind the same calls. */
int crmi_pg_step(struct crmi_pg_stmt *s);
int crmi_pg_reset(struct crmi_pg_stmt *s);
int crmi_pg_bind(struct crmi_pg_stmt *s, int idx, const char *text, bool integer);
int crmi_pg_bind_int64(struct crmi_pg_stmt *s, int idx, int64_t v);
int crmi_pg_bind_double(struct crmi_pg_stmt *s, int idx, double v);
int crmi_pg_param_count(struct crmi_pg_stmt *s);
const char *crmi_pg_param_name(struct crmi_pg_stmt *s, int idx);
int64_t crmi_pg_col_int64(struct crmi_pg_stmt *s, int col);
double crmi_pg_col_double(struct crmi_pg_stmt *s, int col);
const char *crmi_pg_col_text(struct crmi_pg_stmt *s, int col);
bool crmi_pg_col_null(struct crmi_pg_stmt *s, int col);
int crmi_pg_col_count(struct crmi_pg_stmt *s);
void crmi_pg_finalize(struct crmi_pg_stmt *s);

/*
 * A statement of sql (any text, not cached) in *out, to be freed with
 * crmi_finalize; returns CRMI_OK or the backend's code (nothing recorded
 * on db: the caller reports it with crmi_sqlfail).
 */
int crmi_stmt_new(struct crm_db *db, const char *sql, crmi_stmt **out);
/* Frees a statement of crmi_stmt_new; NULL is a no-op. */
void crmi_finalize(crmi_stmt *s);

/* The id the last INSERT gave its row, and the rows the last statement changed. */
int64_t crmi_last_id(struct crm_db *db);
int crmi_changes(struct crm_db *db);

static inline int crmi_step(crmi_stmt *s)
{
	return s->pg ? crmi_pg_step(s->pg) : sqlite3_step(s->lite);
}

static inline int crmi_reset(crmi_stmt *s)
{
	return s->pg ? crmi_pg_reset(s->pg) : sqlite3_reset(s->lite);
}

static inline int crmi_bind_int64(crmi_stmt *s, int idx, int64_t v)
{
	return s->pg ? crmi_pg_bind_int64(s->pg, idx, v) : sqlite3_bind_int64(s->lite, idx, v);
}

static inline int crmi_bind_int(crmi_stmt *s, int idx, int v)
{
	return crmi_bind_int64(s, idx, v);
}

static inline int crmi_bind_double(crmi_stmt *s, int idx, double v)
{
	return s->pg ? crmi_pg_bind_double(s->pg, idx, v) : sqlite3_bind_double(s->lite, idx, v);
}

static inline int crmi_bind_null(crmi_stmt *s, int idx)
{
	return s->pg ? crmi_pg_bind(s->pg, idx, NULL, false) : sqlite3_bind_null(s->lite, idx);
}

/* Binds text, or NULL for a NULL pointer; the text must live until the
 * statement is reset (the PostgreSQL side copies it). */
static inline int crmi_bind_text(crmi_stmt *s, int idx, const char *t)
{
	if (s->pg) {
		return crmi_pg_bind(s->pg, idx, t, false);
	}
	return t ? sqlite3_bind_text(s->lite, idx, t, -1, SQLITE_STATIC) :
		   sqlite3_bind_null(s->lite, idx);
}

/* Binds a copy of the text t (or NULL). */
static inline int crmi_bind_text_copy(crmi_stmt *s, int idx, const char *t)
{
	if (s->pg) {
		return crmi_pg_bind(s->pg, idx, t, false);
	}
	return t ? sqlite3_bind_text(s->lite, idx, t, -1, SQLITE_TRANSIENT) :
		   sqlite3_bind_null(s->lite, idx);
}

/*
 * s is an INSERT whose ?1 is an id to keep, stepped by crmi_step_insert:
 * when a row has that id, the step gives CRMI_CONSTRAINT_PRIMARYKEY and
 * changes nothing, and the transaction goes on (on PostgreSQL the INSERT
 * runs with ON CONFLICT (id) DO NOTHING, which aborts nothing).
 */
void crmi_pg_keep_id(struct crmi_pg_stmt *s);
static inline void crmi_stmt_keep_id(crmi_stmt *s)
{
	if (s->pg) {
		crmi_pg_keep_id(s->pg);
	}
}

/* Binds the malloc'd text t (or NULL), which the statement frees. */
int crmi_bind_text_owned(crmi_stmt *s, int idx, char *t);

static inline int crmi_param_count(crmi_stmt *s)
{
	return s->pg ? crmi_pg_param_count(s->pg) : sqlite3_bind_parameter_count(s->lite);
}

/* The name of parameter idx with its prefix (":as_of"), or NULL. */
static inline const char *crmi_param_name(crmi_stmt *s, int idx)
{
	return s->pg ? crmi_pg_param_name(s->pg, idx) : sqlite3_bind_parameter_name(s->lite, idx);
}

static inline int64_t crmi_col_int64(crmi_stmt *s, int col)
{
	return s->pg ? crmi_pg_col_int64(s->pg, col) : sqlite3_column_int64(s->lite, col);
}

static inline int crmi_col_int(crmi_stmt *s, int col)
{
	return (int)crmi_col_int64(s, col);
}

static inline double crmi_col_double(crmi_stmt *s, int col)
{
	return s->pg ? crmi_pg_col_double(s->pg, col) : sqlite3_column_double(s->lite, col);
}

/* The column as text (NULL for NULL), valid until the next step or reset. */
static inline const char *crmi_col_text(crmi_stmt *s, int col)
{
	return s->pg ? crmi_pg_col_text(s->pg, col) :
		       (const char *)sqlite3_column_text(s->lite, col);
}

/* A malloc'd copy of the column's text, NULL for NULL (or out of memory). */
char *crmi_col_dup(crmi_stmt *s, int col);

static inline bool crmi_col_null(crmi_stmt *s, int col)
{
	return s->pg ? crmi_pg_col_null(s->pg, col) :
		       sqlite3_column_type(s->lite, col) == SQLITE_NULL;
}

static inline int crmi_col_count(crmi_stmt *s)
{
	return s->pg ? crmi_pg_col_count(s->pg) : sqlite3_column_count(s->lite);
}

#endif
