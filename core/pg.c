/*
 * pg.c: the PostgreSQL backend behind the statement layer (stmt.h).
 *
 * A base on a server is named by a libpq URL (postgresql://host/db) or a
 * connection string (service=crm). Passwords come from libpq's own
 * sources (~/.pgpass, the service file), never from crm, and the name
 * crm shows of the base has any password in the URL masked.
 *
 * Statements are written with SQLite's placeholders (?1, ?, :name); the
 * text is translated once to $n, prepared on the server at its first run
 * with the types of its first bindings, and each run fetches its whole
 * result, so that several statements can be read at once as on SQLite.
 *
 * As on SQLite, a failed statement inside a transaction undoes only
 * itself (a savepoint around each write), and writers take turns: a
 * write transaction holds crm's advisory lock, which waits up to the
 * busy timeout (lock_timeout) before the command gives up with EBUSY.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libpq-fe.h>

#include "crm-private.h"
#include "pg-schema.h"

#define INT8OID 20
#define TEXTOID 25
#define FLOAT8OID 701
/* the key of crm's advisory lock: "crm" */
#define WRITE_LOCK "SELECT pg_advisory_xact_lock(6517357)"

struct crmi_pg_stmt {
	struct crm_db *db;
	char *sql;      /* translated to $n */
	char name[32];  /* its prepared name on the server, "" until prepared */
	int nparams;
	char **pnames;  /* a parameter's name with its prefix, or NULL */
	char **values;  /* the bound texts (owned), NULL for NULL */
	unsigned *types;
	bool *guessed;  /* a type the server could not tell, guessed (guess_type) */
	bool write;     /* not a SELECT */
	bool rows;      /* it gives rows: a SELECT, VALUES or RETURNING */
	bool keep_id;   /* an INSERT of an id that may be taken (crmi_stmt_keep_id) */
	bool returning_id; /* " RETURNING id" added to learn the new row's id */
	char *table;    /* then the table it inserts into */
	PGresult *res;
	int row, nrows;
	bool queued;    /* sent in a batch: its step is done */
	int copy;       /* in a batch: 1 + its rows' struct copy_buf in copies,
			 * -1 when it is no plain INSERT, 0 not looked at yet */
};

/*
 * SQLite gives a new row the id after the table's largest (AUTOINCREMENT:
 * after the largest it ever gave, in sqlite_sequence), and a transaction or
 * a savepoint rolled back takes its ids back with its rows: a dry run, a
 * refused statement or a failed step leaves the next id as it was. A
 * PostgreSQL sequence keeps what nextval gave. So, inside a write
 * transaction (crm's lock held: no other writer takes ids meanwhile), the
 * first INSERT into a table reads its sequence (base), each INSERT's
 * RETURNING id raises hi, an undo log keeps hi as it was at each open
 * savepoint, and a rollback sets the sequence back with setval: to
 * max(base, hi) of the savepoint, or to base for the whole transaction.
 */
struct seq_table {
	char *table;
	int64_t base; /* the sequence's last value before the transaction, 0 none */
	int64_t hi;   /* the largest id inserted in the transaction */
};

struct seq_undo {
	int table;  /* an index in seqs, or -1: a savepoint opened here */
	int64_t hi; /* its hi before the savepoint's first INSERT into it */
};

/* A statement sent in a batch, whose result is read later (flush). */
struct sent {
	bool stmt;     /* a statement of crm, not a savepoint */
	bool id;       /* it returns a new row's id */
	bool keep_id;  /* it keeps a given id (crmi_stmt_keep_id) */
	int seq;       /* its table in seqs, or -1 */
};

/*
 * The rows a batch's plain INSERTs into one table's columns give, in
 * COPY's text format, sent with COPY when a statement needs them there
 * (copy_flush). A row's new id is one the sequence gave ahead (next..end).
 */
struct copy_buf {
	char *target;    /* "table(column, ...)", as the INSERT names them */
	char *table;
	size_t rank;     /* where crmi_pg_schema creates the table: parents first */
	int id_col;      /* the parameter that is the id, or -1 */
	char *buf;
	size_t len, cap;
	int64_t next, end; /* the ids reserved ahead and not given yet */
	int64_t given;     /* the largest id a row came with */
	int64_t block;     /* how many ids the next reservation takes */
	struct crmi_keyset used; /* the ids the batch's rows took */
};

struct crmi_pg {
	PGconn *conn;
	struct seq_table *seqs;
	int nseqs;
	struct seq_undo *undo;
	int nundo, capundo;
	int64_t last_id;
	int changes;
	bool batch;        /* crmi_pg_batch: statements are sent without waiting */
	int queued;        /* statements sent in the pipeline, their results unread */
	struct sent *sent;  /* what each statement a batch sent is, in order */
	bool id_pending;   /* the last new id is in a result not read yet */
	int batch_cap;
	int batch_error;   /* the first failure of a batch, for the next call */
	char batch_msg[1024];
	struct copy_buf *copies; /* the tables a batch has written by COPY */
	int ncopies;
	size_t copy_bytes;  /* the rows the copies hold, not sent yet */
	bool copy_last;     /* the last statement was a copied row */
	unsigned serial;   /* prepared statement names */
	int sqlstate_code; /* the last error's code (SQLite's) */
	char errmsg[1024];
};

static struct crmi_pg *pg_of(struct crm_db *db)
{
	return db->pg;
}

/* ---- the target ---------------------------------------------------- */

bool crm_db_on_server(const char *path)
{
	return crmi_pg_target(path);
}

bool crmi_pg_target(const char *path)
{
	static const char *const prefixes[] = { "postgresql://", "postgres://", "service=",
						"host=", "dbname=" };

	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0) {
			return true;
		}
	}
	return false;
}

/* The name of the base to show: the URL with any password masked. */
char *crmi_pg_shown(const char *path)
{
	char *s = strdup(path);
	char *at, *colon, *start;

	if (!s || strncmp(s, "postgres", 8) != 0 || !(start = strstr(s, "://"))) {
		return s;
	}
	start += 3;
	at = strchr(start, '@');
	colon = strchr(start, ':');
	if (at && colon && colon < at) {
		memmove(colon + 1, at, strlen(at) + 1);
	}
	return s;
}

/* ---- errors ---------------------------------------------------------- */

/* SQLite's code for a PostgreSQL error, its message kept on the base. */
static int fail_res(struct crm_db *db, const PGresult *res)
{
	struct crmi_pg *pg = pg_of(db);
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	const char *constraint = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	int code = SQLITE_ERROR;
	size_t n;

	if (!primary) {
		primary = PQerrorMessage(pg->conn);
	}
	snprintf(pg->errmsg, sizeof(pg->errmsg), "%s", primary);
	n = strlen(pg->errmsg);
	while (n > 0 && (pg->errmsg[n - 1] == '\n' || pg->errmsg[n - 1] == ' ')) {
		pg->errmsg[--n] = '\0';
	}
	if (!state) {
		code = PQstatus(pg->conn) == CONNECTION_BAD ? SQLITE_IOERR : SQLITE_ERROR;
	} else if (strcmp(state, "23505") == 0 && constraint &&
		   strlen(constraint) > 5 && strcmp(constraint + strlen(constraint) - 5, "_pkey") == 0) {
		code = SQLITE_CONSTRAINT_PRIMARYKEY;
	} else if (strncmp(state, "23", 2) == 0) {
		code = SQLITE_CONSTRAINT;
	} else if (strcmp(state, "55P03") == 0 || strcmp(state, "40001") == 0 ||
		   strcmp(state, "40P01") == 0 || strcmp(state, "57014") == 0) {
		code = SQLITE_BUSY;
	} else if (strcmp(state, "53100") == 0) {
		code = SQLITE_FULL;
	} else if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0) {
		code = SQLITE_IOERR;
	} else if (strcmp(state, "25006") == 0) {
		code = SQLITE_READONLY;
	}
	pg->sqlstate_code = code;
	return code;
}

struct pg_conn *crmi_pg_conn(struct crm_db *db)
{
	return db->pg ? db->pg->conn : NULL;
}

const char *crmi_pg_errmsg(struct crm_db *db)
{
	return pg_of(db)->errmsg;
}

/* ---- translation ------------------------------------------------------ */

static int param_index(struct crmi_pg_stmt *s, const char *name, size_t len)
{
	for (int i = 0; i < s->nparams; i++) {
		if (s->pnames[i] && strlen(s->pnames[i]) == len &&
		    strncmp(s->pnames[i], name, len) == 0) {
			return i + 1;
		}
	}
	return 0;
}

static bool grow_params(struct crmi_pg_stmt *s, int n)
{
	char **names, **values;
	unsigned *types;
	bool *guessed;

	if (n <= s->nparams) {
		return true;
	}
	names = realloc(s->pnames, (size_t)n * sizeof(*names));
	if (!names) {
		return false;
	}
	s->pnames = names;
	values = realloc(s->values, (size_t)n * sizeof(*values));
	if (!values) {
		return false;
	}
	s->values = values;
	types = realloc(s->types, (size_t)n * sizeof(*types));
	if (!types) {
		return false;
	}
	s->types = types;
	guessed = realloc(s->guessed, (size_t)n * sizeof(*guessed));
	if (!guessed) {
		return false;
	}
	s->guessed = guessed;
	for (int i = s->nparams; i < n; i++) {
		s->pnames[i] = NULL;
		s->values[i] = NULL;
		s->types[i] = 0;
		s->guessed[i] = false;
	}
	s->nparams = n;
	return true;
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static bool word_at(const char *p, const char *word)
{
	size_t n = strlen(word);

	return strncasecmp(p, word, n) == 0 && !is_name_char(p[n]);
}

/*
 * SQLite's text to PostgreSQL's: placeholders numbered as SQLite numbers
 * them (?N is N, ? the next after the largest so far, a name its first
 * number), and SQLite's "LIMIT -1" (no limit) as "LIMIT ALL". Quoted
 * text and identifiers are copied as they are.
 */
static bool translate(struct crmi_pg_stmt *s, const char *sql)
{
	struct crmi_buf b = { 0 };
	int max = 0;
	char num[16];

	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			const char *q = p + 1;
			char quote = *p;

			while (*q && !(*q == quote && q[1] != quote)) {
				q += *q == quote ? 2 : 1;
			}
			if (*q) {
				q++;
			}
			crmi_buf_add(&b, p, (size_t)(q - p));
			p = q;
		} else if (p[0] == '-' && p[1] == '-') {
			const char *q = strchr(p, '\n');

			p = q ? q : p + strlen(p);
		} else if (*p == ':' && p[1] == ':') {
			crmi_buf_add(&b, p, 2);
			p += 2;
		} else if (*p == '?') {
			int n;
			const char *q = p + 1;

			if (*q >= '0' && *q <= '9') {
				n = (int)strtol(q, (char **)&q, 10);
			} else {
				n = max + 1;
			}
			if (n <= 0 || n > 999 || !grow_params(s, n)) {
				free(b.p);
				return false;
			}
			max = n > max ? n : max;
			snprintf(num, sizeof(num), "$%d", n);
			crmi_buf_adds(&b, num);
			p = q;
		} else if ((*p == ':' || *p == '@' || *p == '$') && is_name_char(p[1]) &&
			   !(*p == '$' && p[1] >= '0' && p[1] <= '9')) {
			const char *q = p + 1;
			int n;

			while (is_name_char(*q)) {
				q++;
			}
			n = param_index(s, p, (size_t)(q - p));
			if (!n) {
				n = max + 1;
				if (!grow_params(s, n) || !(s->pnames[n - 1] = strndup(p, (size_t)(q - p)))) {
					free(b.p);
					return false;
				}
				max = n;
			}
			snprintf(num, sizeof(num), "$%d", n);
			crmi_buf_adds(&b, num);
			p = q;
		} else if (word_at(p, "LIMIT") && strncmp(p + 5, " -1", 3) == 0 &&
			   !is_name_char(p[8])) {
			crmi_buf_adds(&b, "LIMIT ALL");
			p += 8;
		} else if (word_at(p, "LIMIT") && p[5] == ' ' && p[6] == '?' && p[7] >= '0' &&
			   p[7] <= '9') {
			/* a negative limit is none on SQLite, an error on PostgreSQL */
			const char *q = p + 7;
			int n = (int)strtol(q, (char **)&q, 10);

			if (n <= 0 || n > 999 || !grow_params(s, n)) {
				free(b.p);
				return false;
			}
			max = n > max ? n : max;
			snprintf(num, sizeof(num), "$%d", n);
			crmi_buf_adds(&b, "LIMIT (CASE WHEN ");
			crmi_buf_adds(&b, num);
			crmi_buf_adds(&b, "::bigint >= 0 THEN ");
			crmi_buf_adds(&b, num);
			crmi_buf_adds(&b, "::bigint END)");
			p = q;
		} else {
			crmi_buf_add(&b, p, 1);
			p++;
		}
	}
	if (b.oom || !b.p) {
		free(b.p);
		return false;
	}
	s->sql = b.p;
	return true;
}

/* ---- statements -------------------------------------------------------- */

static const char *skip_space(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '(') {
		p++;
	}
	return p;
}

/* The table an INSERT writes (malloc'd in *table), when it has an id crm
 * reads back. */
static bool inserts_with_id(const char *sql, char **table)
{
	static const char *const without[] = { "config", "search", "vip_staff", "vip_template",
					       "vip_draft", "erasure_entry" };
	const char *p = skip_space(sql);
	const char *t;
	size_t n;

	if (!word_at(p, "INSERT") || strstr(sql, "RETURNING") || strstr(sql, "returning")) {
		return false;
	}
	t = strstr(p, "INTO ");
	if (!t) {
		return false;
	}
	t += 5;
	for (n = 0; is_name_char(t[n]); n++) {
	}
	for (size_t i = 0; i < ARRAY_SIZE(without); i++) {
		if (strlen(without[i]) == n && strncmp(t, without[i], n) == 0) {
			return false;
		}
	}
	if (n == 0 || strncmp(t, "temp", 4) == 0) {
		return false;
	}
	*table = strndup(t, n);
	return *table != NULL;
}

int crmi_pg_prepare(struct crm_db *db, const char *sql, struct crmi_pg_stmt **out)
{
	struct crmi_pg_stmt *s = calloc(1, sizeof(*s));
	const char *p = skip_space(sql);

	*out = NULL;
	if (!s) {
		return SQLITE_NOMEM;
	}
	s->db = db;
	s->row = -1;
	if (!translate(s, sql)) {
		crmi_pg_finalize(s);
		return SQLITE_NOMEM;
	}
	s->write = !word_at(p, "SELECT") && !word_at(p, "VALUES");
	s->rows = !s->write || strstr(sql, "RETURNING") || strstr(sql, "returning");
	if (inserts_with_id(sql, &s->table)) {
		size_t n = strlen(s->sql);
		char *more;

		while (n > 0 && (s->sql[n - 1] == ';' || s->sql[n - 1] == ' ')) {
			s->sql[--n] = '\0';
		}
		more = realloc(s->sql, n + sizeof(" RETURNING id"));
		if (!more) {
			crmi_pg_finalize(s);
			return SQLITE_NOMEM;
		}
		memcpy(more + n, " RETURNING id", sizeof(" RETURNING id"));
		s->sql = more;
		s->returning_id = true;
	}
	*out = s;
	return SQLITE_OK;
}

static void clear_result(struct crmi_pg_stmt *s)
{
	s->queued = false;
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->nrows = 0;
}

void crmi_pg_keep_id(struct crmi_pg_stmt *s)
{
	if (!s->keep_id && !s->name[0] && s->returning_id && !strstr(s->sql, "ON CONFLICT")) {
		char *at = strstr(s->sql, " RETURNING id");
		size_t n = strlen(s->sql);
		static const char clause[] = " ON CONFLICT (id) DO NOTHING";
		char *more = at ? malloc(n + sizeof(clause)) : NULL;

		if (!more) {
			return; /* a taken id fails as any other statement */
		}
		memcpy(more, s->sql, (size_t)(at - s->sql));
		memcpy(more + (at - s->sql), clause, sizeof(clause) - 1);
		memcpy(more + (at - s->sql) + sizeof(clause) - 1, at, strlen(at) + 1);
		free(s->sql);
		s->sql = more;
		s->keep_id = true;
	}
}

int crmi_pg_reset(struct crmi_pg_stmt *s)
{
	clear_result(s);

	return SQLITE_OK;
}

void crmi_pg_clear_bindings(struct crmi_pg_stmt *s)
{
	for (int i = 0; i < s->nparams; i++) {
		free(s->values[i]);
		s->values[i] = NULL;
	}
}

void crmi_pg_finalize(struct crmi_pg_stmt *s)
{
	if (!s) {
		return;
	}
	/* its prepared statement on the server goes with the session */
	clear_result(s);
	crmi_pg_clear_bindings(s);
	for (int i = 0; i < s->nparams; i++) {
		free(s->pnames[i]);
	}
	free(s->pnames);
	free(s->values);
	free(s->types);
	free(s->guessed);
	free(s->table);
	free(s->sql);
	free(s);
}

int crmi_pg_bind(struct crmi_pg_stmt *s, int idx, const char *text, bool integer)
{
	char *copy = NULL;

	if (idx < 1 || idx > s->nparams) {
		return SQLITE_RANGE;
	}
	if (text && !(copy = strdup(text))) {
		return SQLITE_NOMEM;
	}
	free(s->values[idx - 1]);
	s->values[idx - 1] = copy;
	if (!s->name[0]) {
		s->types[idx - 1] = integer ? INT8OID : 0;
	}
	return SQLITE_OK;
}

int crmi_pg_bind_int64(struct crmi_pg_stmt *s, int idx, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	return crmi_pg_bind(s, idx, num, true);
}

int crmi_pg_bind_double(struct crmi_pg_stmt *s, int idx, double v)
{
	char num[40];
	int rc;

	snprintf(num, sizeof(num), "%.17g", v);
	rc = crmi_pg_bind(s, idx, num, false);
	if (rc == SQLITE_OK && !s->name[0]) {
		s->types[idx - 1] = FLOAT8OID;
	}
	return rc;
}

int crmi_pg_param_count(struct crmi_pg_stmt *s)
{
	return s->nparams;
}

const char *crmi_pg_param_name(struct crmi_pg_stmt *s, int idx)
{
	return idx >= 1 && idx <= s->nparams ? s->pnames[idx - 1] : NULL;
}

/*
 * Reads the results of what a batch sent and leaves the pipeline: CRMI_OK,
 * or the code of the first that failed (its message kept), which the next
 * call on the base returns. The last one sent is want's, when want is not
 * NULL (a read sent in the pipeline): its result stays in want->res.
 */
static int flush(struct crm_db *db, struct crmi_pg_stmt *want)
{
	struct crmi_pg *pg = pg_of(db);
	PGresult *res;
	int rc = SQLITE_OK;

	if (PQpipelineStatus(pg->conn) == PQ_PIPELINE_OFF) {
		rc = pg->batch_error; /* kept by a call that could not say it */
		pg->batch_error = SQLITE_OK;
		return rc;
	}
	if (pg->queued > 0 && PQpipelineSync(pg->conn) != 1) {
		rc = fail_res(db, NULL);
	}
	for (int i = 0; rc == SQLITE_OK && i < pg->queued; i++) {
		bool last = i == pg->queued - 1;

		/* each one's result, then NULL; aborted ones after a failure */
		while ((res = PQgetResult(pg->conn)) != NULL) {
			ExecStatusType st = PQresultStatus(res);

			if ((st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) && pg->sent[i].stmt) {
				const char *n = PQcmdTuples(res);

				pg->changes = *n ? atoi(n) : 0;
			}
			if (st == PGRES_TUPLES_OK && last && want) {
				want->res = res;
				continue;
			}
			if (st == PGRES_TUPLES_OK && PQntuples(res) > 0 && pg->sent[i].id) {
				int t = pg->sent[i].seq;

				for (int r = 0; r < PQntuples(res); r++) {
					pg->last_id = strtoll(PQgetvalue(res, r, 0), NULL, 10);
					if (t >= 0 && pg->last_id > pg->seqs[t].hi) {
						pg->seqs[t].hi = pg->last_id;
					}
				}
			} else if (st == PGRES_TUPLES_OK && pg->sent[i].keep_id &&
				   pg->batch_error == SQLITE_OK) {
				/* ON CONFLICT (id) DO NOTHING in a batch: a taken id */
				snprintf(pg->errmsg, sizeof(pg->errmsg), "the id is taken");
				pg->batch_error = SQLITE_CONSTRAINT_PRIMARYKEY;
			} else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK &&
				   st != PGRES_PIPELINE_ABORTED && pg->batch_error == SQLITE_OK) {
				pg->batch_error = fail_res(db, res);
			}
			PQclear(res);
		}
	}
	/* the sync's own result, then leave the pipeline */
	while ((res = PQgetResult(pg->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(res);

		PQclear(res);
		if (st == PGRES_PIPELINE_SYNC) {
			break;
		}
	}
	pg->queued = 0;
	pg->id_pending = false;
	if (PQexitPipelineMode(pg->conn) != 1 && rc == SQLITE_OK) {
		rc = fail_res(db, NULL);
	}
	if (rc == SQLITE_OK && pg->batch_error != SQLITE_OK) {
		rc = pg->batch_error;
	}
	pg->batch_error = SQLITE_OK;
	if (rc != SQLITE_OK && want) {
		PQclear(want->res);
		want->res = NULL;
	}
	return rc;
}

/*
 * With on, the statements of an import are sent to the server without
 * waiting for each result (libpq's pipeline mode): a read, a command, the
 * new id of a row or the end of the batch read them all, and the first
 * failure fails that call. Only for a run whose every failure fails it
 * whole: a failed write is known late.
 */
static int copy_end(struct crm_db *db);

int crmi_pg_batch(struct crm_db *db, bool on)
{
	struct crmi_pg *pg = pg_of(db);
	int rc = on ? flush(db, NULL) : copy_end(db);

	pg->batch = on;
	return rc;
}

bool crmi_pg_batching(struct crm_db *db)
{
	return db->pg && pg_of(db)->batch;
}

/* Sends sql (prepared s, or the plain text sql) in the batch's pipeline;
 * seq: the table in seqs an INSERT of s writes, or -1. */
static bool queue(struct crm_db *db, struct crmi_pg_stmt *s, const char *sql, int seq)
{
	struct crmi_pg *pg = pg_of(db);
	int ok;

	if (pg->queued == pg->batch_cap) {
		int cap = pg->batch_cap ? 2 * pg->batch_cap : 64;
		struct sent *more = realloc(pg->sent, (size_t)cap * sizeof(*more));

		if (!more) {
			return false;
		}
		pg->sent = more;
		pg->batch_cap = cap;
	}
	if (PQpipelineStatus(pg->conn) == PQ_PIPELINE_OFF && PQenterPipelineMode(pg->conn) != 1) {
		return false;
	}
	if (s) {
		ok = PQsendQueryPrepared(pg->conn, s->name, s->nparams,
					 (const char *const *)s->values, NULL, NULL, 0);
	} else {
		ok = PQsendQueryParams(pg->conn, sql, 0, NULL, NULL, NULL, NULL, 0);
	}
	if (ok != 1) {
		return false;
	}
	pg->copy_last = false;
	pg->sent[pg->queued] = (struct sent){
		.stmt = s != NULL, .id = s && s->returning_id, .keep_id = s && s->keep_id, .seq = seq,
	};
	pg->queued++;
	if (s && s->returning_id) {
		/* an id given is the new row's, unless taken (then the batch fails) */
		pg->id_pending = !(s->keep_id && s->nparams > 0 && s->values[0]);
		if (!pg->id_pending) {
			pg->last_id = strtoll(s->values[0], NULL, 10);
		}
	}
	return true;
}

/* ---- ids as SQLite gives them (struct seq_table) ---------------------- */

/* Sets the sequence of t back so that the next id is the one after v. */
static void seq_set(struct crmi_pg *pg, const struct seq_table *t, int64_t v)
{
	char num[24];
	const char *params[2] = { t->table, num };
	PGresult *res;

	snprintf(num, sizeof(num), "%lld", (long long)(v > 0 ? v : 1));
	res = PQexecParams(pg->conn, v > 0 ? "SELECT setval(pg_get_serial_sequence($1, 'id'), $2)" :
			   "SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)",
			   2, NULL, params, NULL, NULL, 0);
	PQclear(res);
}

static void seq_clear(struct crmi_pg *pg)
{
	for (int i = 0; i < pg->nseqs; i++) {
		free(pg->seqs[i].table);
	}
	pg->nseqs = 0;
	pg->nundo = 0;
}

/* The whole transaction is rolled back: every sequence as it was. */
static void seq_rollback(struct crmi_pg *pg)
{
	for (int i = 0; i < pg->nseqs; i++) {
		if (pg->seqs[i].hi > pg->seqs[i].base) {
			seq_set(pg, &pg->seqs[i], pg->seqs[i].base);
		}
	}
	seq_clear(pg);
}

static bool seq_push(struct crmi_pg *pg, int table, int64_t hi)
{
	if (pg->nundo == pg->capundo) {
		int cap = pg->capundo ? 2 * pg->capundo : 32;
		struct seq_undo *u = realloc(pg->undo, (size_t)cap * sizeof(*u));

		if (!u) {
			return false;
		}
		pg->undo = u;
		pg->capundo = cap;
	}
	pg->undo[pg->nundo++] = (struct seq_undo){ .table = table, .hi = hi };
	return true;
}

/* The index of the innermost open savepoint's mark in the undo log, or -1. */
static int seq_mark(const struct crmi_pg *pg, int below)
{
	int i = below - 1;

	while (i >= 0 && pg->undo[i].table >= 0) {
		i--;
	}
	return i;
}

/* Whether the undo log holds table t between from and to (excluded). */
static bool seq_logged(const struct crmi_pg *pg, int from, int to, int t)
{
	for (int i = from; i < to; i++) {
		if (pg->undo[i].table == t) {
			return true;
		}
	}
	return false;
}

/* A savepoint released: its entries join the enclosing one's, where that
 * one has none of the table yet. */
static void seq_release(struct crmi_pg *pg)
{
	int m = seq_mark(pg, pg->nundo), w = m;
	int from;

	if (m < 0) {
		return;
	}
	from = seq_mark(pg, m) + 1;
	for (int i = m + 1; i < pg->nundo; i++) {
		if (!seq_logged(pg, from, w, pg->undo[i].table)) {
			pg->undo[w++] = pg->undo[i];
		}
	}
	pg->nundo = w;
}

/* Rolled back to the innermost savepoint, which stays open. */
static void seq_rollback_to(struct crmi_pg *pg)
{
	int m = seq_mark(pg, pg->nundo);

	while (pg->nundo > m + 1) {
		const struct seq_undo *u = &pg->undo[--pg->nundo];
		struct seq_table *t = &pg->seqs[u->table];

		t->hi = u->hi;
		seq_set(pg, t, t->hi > t->base ? t->hi : t->base);
	}
}

/* True when the transaction has read the sequence of table already. */
static bool seq_known(const struct crmi_pg *pg, const char *table)
{
	for (int t = 0; t < pg->nseqs; t++) {
		if (strcmp(pg->seqs[t].table, table) == 0) {
			return true;
		}
	}
	return false;
}

/*
 * Before an INSERT into table inside a transaction: the table's entry
 * (its base read now at the first INSERT), logged for the innermost
 * savepoint. Its index, or -1 when it cannot be kept.
 */
static int seq_before_insert(struct crmi_pg *pg, const char *table)
{
	int t = 0;

	while (t < pg->nseqs && strcmp(pg->seqs[t].table, table) != 0) {
		t++;
	}
	if (t == pg->nseqs) {
		const char *params[1] = { table };
		struct seq_table *more = realloc(pg->seqs, (size_t)(t + 1) * sizeof(*more));
		PGresult *res;

		if (!more) {
			return -1;
		}
		pg->seqs = more;
		res = PQexecParams(pg->conn, "SELECT pg_sequence_last_value("
				   "CAST(pg_get_serial_sequence($1, 'id') AS regclass))",
				   1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1 ||
		    !(more[t].table = strdup(table))) {
			PQclear(res);
			return -1;
		}
		more[t].base = PQgetisnull(res, 0, 0) ? 0 : strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		more[t].hi = 0;
		PQclear(res);
		pg->nseqs++;
	}
	if (!seq_logged(pg, seq_mark(pg, pg->nundo) + 1, pg->nundo, t) &&
	    !seq_push(pg, t, pg->seqs[t].hi)) {
		return -1;
	}
	return t;
}

/* What the transaction commands of sql (';'-separated) do to the log:
 * before (true) or after (false) they ran, ok when they worked. */
static void seq_track(struct crmi_pg *pg, const char *sql, bool before, bool ok)
{
	for (const char *p = sql; p && *p; p = strchr(p, ';'), p = p ? p + 1 : NULL) {
		while (*p == ' ') {
			p++;
		}
		bool to = word_at(p, "ROLLBACK") && p[8] == ' ' && word_at(p + 9, "TO");

		if (word_at(p, "ROLLBACK") && !to) {
			/* set back while crm's lock is held, unless the transaction
			 * failed and can run nothing more */
			if (before ? PQtransactionStatus(pg->conn) == PQTRANS_INTRANS : pg->nseqs > 0) {
				seq_rollback(pg);
			}
		} else if (word_at(p, "COMMIT") && !before) {
			/* a failed COMMIT rolled the transaction back */
			if (ok) {
				seq_clear(pg);
			} else {
				seq_rollback(pg);
			}
		} else if (before || !ok) {
			continue;
		} else if (word_at(p, "SAVEPOINT")) {
			seq_push(pg, -1, 0);
		} else if (word_at(p, "RELEASE")) {
			seq_release(pg);
		} else if (to) {
			seq_rollback_to(pg);
		} else if (word_at(p, "BEGIN") || word_at(p, "END")) {
			seq_clear(pg);
		}
	}
}

/* Runs a command of crm's own (a savepoint): true when it worked. */
static bool command(struct crm_db *db, const char *sql)
{
	struct crmi_pg *pg = pg_of(db);
	PGresult *res;
	bool ok;

	seq_track(pg, sql, true, true);
	res = PQexec(pg->conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	seq_track(pg, sql, false, ok);
	if (!ok) {
		fail_res(db, res);
	}
	PQclear(res);
	return ok;
}

/*
 * A parameter given no type (bound NULL, or text) that the server could
 * not type from its first use ("?3 IS NULL OR at >= ?3"): guessed text
 * first, then a number when text does not fit its other uses. True when
 * a guess changed, for another try.
 */
static bool guess_type(const PGresult *res, struct crmi_pg_stmt *s)
{
	const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
	const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
	const char *dollar;
	int n;

	if (!state || !msg) {
		return false;
	}
	if (strcmp(state, "42P18") == 0 || strcmp(state, "42P08") == 0) {
		if (!(dollar = strrchr(msg, '$'))) {
			return false;
		}
		n = atoi(dollar + 1);
		if (n < 1 || n > s->nparams || s->types[n - 1] != 0) {
			return false;
		}
		s->types[n - 1] = TEXTOID;
		s->guessed[n - 1] = true;
		return true;
	}
	if (strcmp(state, "42883") == 0 || strcmp(state, "42804") == 0) {
		for (int i = s->nparams - 1; i >= 0; i--) {
			if (s->guessed[i] && s->types[i] == TEXTOID) {
				s->types[i] = INT8OID;
				return true;
			}
		}
	}
	return false;
}

/* ---- a batch's INSERTs by COPY (struct copy_buf) ------------------------ */

/* A batch sends its rows when they reach this many bytes, at the latest. */
#define COPY_FLUSH_BYTES (8u << 20)
/* The first and the largest reservation of ids ahead, per table. */
#define COPY_BLOCK_FIRST 64
#define COPY_BLOCK_MAX 65536
/* copy_row's answer for a row that goes as a statement after all */
#define COPY_NOT (-1)

/* p past a literal text, or NULL. */
static const char *past(const char *p, const char *text)
{
	size_t n = strlen(text);

	return p && strncmp(p, text, n) == 0 ? p + n : NULL;
}

/* p past text when it is there, else p. */
static const char *past_any(const char *p, const char *text)
{
	const char *q = past(p, text);

	return q ? q : p;
}

/* Where crmi_pg_schema creates table; after them all when it does not. */
static size_t schema_rank(const char *table)
{
	size_t n = strlen(table);

	for (const char *d = crmi_pg_schema; (d = strstr(d, "CREATE TABLE ")) != NULL;) {
		d += 13;
		if (strncmp(d, table, n) == 0 && !is_name_char(d[n])) {
			return (size_t)(d - crmi_pg_schema);
		}
	}
	return SIZE_MAX;
}

/*
 * The copy of s: 1 + its index in copies, -1 when s is no plain
 * "INSERT INTO t(columns) VALUES ($1, ..., $n)" (with " ON CONFLICT (id)
 * DO NOTHING" and " RETURNING id" as crm adds them), 0 out of memory. Its
 * columns then take their parameters' texts as COPY reads them: through
 * the same input functions as an INSERT's parameters.
 */
static int copy_of(struct crm_db *db, struct crmi_pg_stmt *s)
{
	struct crmi_pg *pg = pg_of(db);
	const char *name = past(s->sql, "INSERT INTO "), *open, *close, *p, *at;
	struct copy_buf *more;
	char want[16];
	int id_col = -1;
	size_t tlen;

	if (!name || s->nparams == 0 || !(open = strchr(name, '(')) ||
	    !(close = strchr(open, ')')) || !(p = past(close, ") VALUES ("))) {
		return -1;
	}
	for (int i = 1; i <= s->nparams && p; i++) {
		snprintf(want, sizeof(want), i < s->nparams ? "$%d, " : "$%d)", i);
		p = past(p, want);
	}
	p = past_any(p, " ON CONFLICT (id) DO NOTHING");
	p = past_any(p, " RETURNING id");
	if (!p || *p) {
		return -1;
	}
	/* the columns: one a value, perhaps one of them the id */
	at = open + 1;
	for (int i = 0; i < s->nparams; i++) {
		const char *end = at;

		while (is_name_char(*end)) {
			end++;
		}
		if (end == at || (i < s->nparams - 1 ? !past(end, ", ") : end != close)) {
			return -1;
		}
		if (end - at == 2 && strncmp(at, "id", 2) == 0) {
			id_col = i;
		}
		at = end + 2;
	}
	tlen = (size_t)(close - name);
	/* an id left to its default is given here all the same */
	snprintf(want, sizeof(want), "%s)", id_col < 0 && s->returning_id ? ", id" : "");
	id_col = id_col < 0 && s->returning_id ? s->nparams : id_col;
	for (int i = 0; i < pg->ncopies; i++) {
		const char *t = pg->copies[i].target;

		if (strncmp(t, name, tlen) == 0 && strcmp(t + tlen, want) == 0) {
			return i + 1;
		}
	}
	more = realloc(pg->copies, (size_t)(pg->ncopies + 1) * sizeof(*more));
	if (!more) {
		return 0;
	}
	pg->copies = more;
	more[pg->ncopies] = (struct copy_buf){
		.target = malloc(tlen + sizeof(want)), .table = strndup(name, (size_t)(open - name)),
		.id_col = id_col, .block = COPY_BLOCK_FIRST,
	};
	if (!more[pg->ncopies].target || !more[pg->ncopies].table) {
		free(more[pg->ncopies].target);
		free(more[pg->ncopies].table);
		return 0;
	}
	memcpy(more[pg->ncopies].target, name, tlen);
	memcpy(more[pg->ncopies].target + tlen, want, strlen(want) + 1);
	more[pg->ncopies].rank = schema_rank(more[pg->ncopies].table);
	return ++pg->ncopies;
}

/* Whether sql names a table whose rows wait in a copy. */
static bool copy_needed(const struct crmi_pg *pg, const char *sql)
{
	for (int i = 0; i < pg->ncopies; i++) {
		const char *t = pg->copies[i].table;
		size_t n = strlen(t);

		if (pg->copies[i].len == 0) {
			continue;
		}
		for (const char *p = sql; (p = strstr(p, t)) != NULL; p += n) {
			if ((p == sql || !is_name_char(p[-1])) && !is_name_char(p[n])) {
				return true;
			}
		}
	}
	return false;
}

/* The rows wait no more: rolled back with their transaction or savepoint,
 * and the ids reserved ahead may be given again. */
static void copy_drop(struct crmi_pg *pg)
{
	for (int i = 0; i < pg->ncopies; i++) {
		pg->copies[i].len = 0;
		pg->copies[i].next = pg->copies[i].end = 0;
		pg->copies[i].given = 0;
		crmi_keyset_release(&pg->copies[i].used);
	}
	pg->copy_bytes = 0;
}

/*
 * Sends the rows of every copy, parents' first, each table by one COPY,
 * after what the pipeline holds: CRMI_OK, or the first failure's code.
 */
static int copy_flush(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);
	int rc = flush(db, NULL);

	while (rc == SQLITE_OK && pg->copy_bytes > 0) {
		struct copy_buf *c = NULL;
		char sql[512];
		PGresult *res;

		for (int i = 0; i < pg->ncopies; i++) {
			if (pg->copies[i].len > 0 && (!c || pg->copies[i].rank < c->rank)) {
				c = &pg->copies[i];
			}
		}
		if (!c) {
			break;
		}
		snprintf(sql, sizeof(sql), "COPY %s FROM STDIN", c->target);
		res = PQexec(pg->conn, sql);
		if (PQresultStatus(res) != PGRES_COPY_IN) {
			rc = fail_res(db, res);
			PQclear(res);
			break;
		}
		PQclear(res);
		if (PQputCopyData(pg->conn, c->buf, (int)c->len) != 1 ||
		    PQputCopyEnd(pg->conn, NULL) != 1) {
			rc = fail_res(db, NULL);
		}
		while ((res = PQgetResult(pg->conn)) != NULL) {
			if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == SQLITE_OK) {
				rc = fail_res(db, res);
			}
			PQclear(res);
		}
		pg->copy_bytes -= c->len;
		c->len = 0;
	}
	if (rc != SQLITE_OK) {
		copy_drop(pg); /* the transaction failed: its rows go with it */
	}
	return rc;
}

/*
 * The end of a batch: its rows sent, and each sequence set back to the
 * last id given, as if no id had been reserved ahead.
 */
static int copy_end(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);
	int rc = copy_flush(db);

	for (int i = 0; i < pg->ncopies; i++) {
		struct copy_buf *c = &pg->copies[i];

		for (int t = 0; rc == SQLITE_OK && c->next < c->end && t < pg->nseqs; t++) {
			if (strcmp(pg->seqs[t].table, c->table) == 0) {
				seq_set(pg, &pg->seqs[t], pg->seqs[t].hi > pg->seqs[t].base ?
					pg->seqs[t].hi : pg->seqs[t].base);
			}
		}
		c->next = c->end = c->given = 0;
		crmi_keyset_release(&c->used);
	}
	return rc;
}

/* Reserves c->block ids of c's table past every id given so far. */
static int copy_reserve(struct crm_db *db, struct copy_buf *c)
{
	struct crmi_pg *pg = pg_of(db);
	char given[24], block[24];
	const char *params[3] = { c->table, given, block };
	PGresult *res;
	int rc = flush(db, NULL);
	int64_t top;

	if (rc != SQLITE_OK) {
		return rc;
	}
	snprintf(given, sizeof(given), "%lld", (long long)c->given);
	snprintf(block, sizeof(block), "%lld", (long long)c->block);
	res = PQexecParams(pg->conn,
			   "SELECT setval(s, greatest(coalesce(pg_sequence_last_value(s), 0), $2::int8)"
			   " + $3::int8) FROM CAST(pg_get_serial_sequence($1, 'id') AS regclass) AS s",
			   3, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		rc = fail_res(db, res);
		PQclear(res);
		return rc;
	}
	top = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	c->next = top - c->block + 1;
	c->end = top + 1;
	if (c->block < COPY_BLOCK_MAX) {
		c->block *= 2;
	}
	return SQLITE_OK;
}

/* Appends text to c's rows; escaped as COPY's text format reads it, unless
 * raw. */
static bool copy_put(struct copy_buf *c, const char *text, bool raw)
{
	size_t n = strlen(text), need = c->len + 2 * n + 1;

	if (need > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		char *more;

		while (cap < need) {
			cap *= 2;
		}
		if (!(more = realloc(c->buf, cap))) {
			return false;
		}
		c->buf = more;
		c->cap = cap;
	}
	for (const char *p = text; *p; p++) {
		char e = raw ? 0 : *p == '\\' ? '\\' : *p == '\t' ? 't' : *p == '\n' ? 'n' :
			 *p == '\r' ? 'r' : 0;

		if (e) {
			c->buf[c->len++] = '\\';
			c->buf[c->len++] = e;
		} else {
			c->buf[c->len++] = *p;
		}
	}
	return true;
}

/* The row s inserts, kept in its copy; its id (a new one reserved ahead) is
 * the base's last id. */
static int copy_row(struct crm_db *db, struct crmi_pg_stmt *s)
{
	struct crmi_pg *pg = pg_of(db);
	struct copy_buf *c = &pg->copies[s->copy - 1];
	size_t before = c->len;
	char num[24];
	int rc = SQLITE_OK, t = -1;

	if (c->id_col >= 0) {
		const char *v = c->id_col < s->nparams ? s->values[c->id_col] : NULL;
		int64_t id;

		/* the first row of a table reads its sequence first */
		if (!seq_known(pg, c->table) && (rc = flush(db, NULL)) != SQLITE_OK) {
			return rc;
		}
		if ((t = seq_before_insert(pg, c->table)) < 0) {
			return fail_res(db, NULL);
		}
		if (v && (id = strtoll(v, NULL, 10)) <= pg->seqs[t].base) {
			/* an id the base may hold: the server says */
			return COPY_NOT;
		}
		if (v && crmi_keyset_has(&c->used, (uint64_t)id)) {
			/* as ON CONFLICT (id) DO NOTHING says it (run) */
			pg->changes = 0;
			snprintf(pg->errmsg, sizeof(pg->errmsg), "the id is taken");
			return SQLITE_CONSTRAINT_PRIMARYKEY;
		}
		if (v) {
			/* a row's own id: none reserved up to it may be given */
			c->given = id > c->given ? id : c->given;
			c->next = id >= c->next ? id + 1 : c->next;
		} else {
			if (c->next >= c->end && (rc = copy_reserve(db, c)) != SQLITE_OK) {
				return rc;
			}
			id = c->next++;
		}
		if (!crmi_keyset_add(&c->used, (uint64_t)id)) {
			snprintf(pg->errmsg, sizeof(pg->errmsg), "out of memory");
			return SQLITE_NOMEM;
		}
		pg->last_id = id;
		pg->seqs[t].hi = id > pg->seqs[t].hi ? id : pg->seqs[t].hi;
		pg->id_pending = false;
	}
	/* the id may be a column the INSERT leaves to its default (the last) */
	for (int i = 0; i < s->nparams || i == c->id_col; i++) {
		const char *v = i < s->nparams ? s->values[i] : NULL;

		if (i == c->id_col) {
			snprintf(num, sizeof(num), "%lld", (long long)pg->last_id);
			v = num;
		}
		if (!copy_put(c, i > 0 ? "\t" : "", true) || !copy_put(c, v ? v : "\\N", !v)) {
			c->len = before;
			snprintf(pg->errmsg, sizeof(pg->errmsg), "out of memory");
			return SQLITE_NOMEM;
		}
	}
	if (!copy_put(c, "\n", true)) {
		c->len = before;
		snprintf(pg->errmsg, sizeof(pg->errmsg), "out of memory");
		return SQLITE_NOMEM;
	}
	pg->copy_bytes += c->len - before;
	pg->changes = 1;
	pg->copy_last = true;
	s->queued = true;
	if (pg->copy_bytes >= COPY_FLUSH_BYTES) {
		rc = copy_flush(db);
	}
	return rc;
}

/*
 * Runs s and keeps its whole result. A failed statement aborts a
 * PostgreSQL transaction, where SQLite undoes the statement alone: the
 * core call that ran it fails, and its savepoint (crmi_atomic_begin) takes
 * the transaction back to where the call began. The failures crm goes on
 * after never abort: a statement the server has not prepared yet runs in a
 * savepoint of its own (its parameters' types are tried), and an id that
 * is taken gives no row (crmi_stmt_keep_id).
 */
static int run(struct crmi_pg_stmt *s)
{
	struct crm_db *db = s->db;
	struct crmi_pg *pg = pg_of(db);
	bool guard;
	ExecStatusType status;
	int rc = SQLITE_OK, seq;

	if (pg->batch && !crmi_pg_autocommit(db)) {
		/* a plain INSERT's row waits in its copy; a statement that
		 * could see those rows sends them first */
		if (s->copy == 0 && (s->copy = copy_of(db, s)) == 0) {
			snprintf(pg->errmsg, sizeof(pg->errmsg), "out of memory");
			return SQLITE_NOMEM;
		}
		if (s->copy > 0 && (rc = copy_row(db, s)) != COPY_NOT) {
			return rc;
		}
		pg->copy_last = false;
		if (pg->copy_bytes > 0 && (s->write || copy_needed(pg, s->sql)) &&
		    (rc = copy_flush(db)) != SQLITE_OK) {
			return rc;
		}
	}
	/* a batch sends a prepared statement without waiting: a write's
	 * result is read later, a read's at once with all before it */
	if (pg->batch && s->name[0] && !crmi_pg_autocommit(db)) {
		seq = -1;
		if (s->table) {
			/* the first INSERT into a table reads its sequence first */
			if (!seq_known(pg, s->table) && (rc = flush(db, NULL)) != SQLITE_OK) {
				return rc;
			}
			seq = seq_before_insert(pg, s->table);
		}
		if (!queue(db, s, NULL, seq)) {
			return fail_res(db, NULL);
		}
		if (!s->rows) {
			s->queued = true;
			return SQLITE_OK;
		}
		rc = flush(db, s);
		if (rc != SQLITE_OK) {
			return rc;
		}
		s->nrows = s->res ? PQntuples(s->res) : 0;
		return SQLITE_OK;
	}
	rc = flush(db, NULL);
	if (rc != SQLITE_OK) {
		return rc;
	}
	guard = !crmi_pg_autocommit(db) && !s->name[0];

	if (guard && !command(db, "SAVEPOINT crm_statement")) {
		return pg->sqlstate_code;
	}
	if (!s->name[0]) {
		PGresult *res;

		snprintf(s->name, sizeof(s->name), "crm_%u", ++pg->serial);
		res = PQprepare(pg->conn, s->name, s->sql, s->nparams, s->types);
		/* a parameter only tested for NULL ("?2 IS NULL"): make it text */
		for (int tries = 0; tries < 2 * s->nparams && guess_type(res, s); tries++) {
			PQclear(res);
			if (guard) {
				command(db, "ROLLBACK TO crm_statement");
			}
			res = PQprepare(pg->conn, s->name, s->sql, s->nparams, s->types);
		}
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			rc = fail_res(db, res);
			PQclear(res);
			s->name[0] = '\0';
			goto undo;
		}
		PQclear(res);
	}
	seq = s->table && !crmi_pg_autocommit(db) ? seq_before_insert(pg, s->table) : -1;
	s->res = PQexecPrepared(pg->conn, s->name, s->nparams, (const char *const *)s->values,
				NULL, NULL, 0);
	status = PQresultStatus(s->res);
	if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
		rc = fail_res(db, s->res);
		clear_result(s);
		goto undo;
	}
	if (guard && !command(db, "RELEASE crm_statement")) {
		clear_result(s);
		return pg->sqlstate_code;
	}
	s->nrows = PQntuples(s->res);
	if (s->write) {
		const char *n = PQcmdTuples(s->res);

		pg->changes = *n ? atoi(n) : 0;
	}
	if (s->returning_id) {
		for (int i = 0; i < s->nrows; i++) {
			pg->last_id = strtoll(PQgetvalue(s->res, i, 0), NULL, 10);
			if (seq >= 0 && pg->last_id > pg->seqs[seq].hi) {
				pg->seqs[seq].hi = pg->last_id;
			}
		}
		if (s->nrows == 0 && s->keep_id) {
			/* ON CONFLICT (id) DO NOTHING: the id is taken */
			clear_result(s);
			pg->changes = 0;
			snprintf(pg->errmsg, sizeof(pg->errmsg), "the id is taken");
			return SQLITE_CONSTRAINT_PRIMARYKEY;
		}
		s->nrows = 0;
	}
	return SQLITE_OK;
undo:
	if (guard) {
		command(db, "ROLLBACK TO crm_statement; RELEASE crm_statement");
		pg->sqlstate_code = rc;
	}
	return rc;
}

int crmi_pg_step(struct crmi_pg_stmt *s)
{
	if (s->queued) {
		return SQLITE_DONE;
	}
	if (!s->res) {
		int rc = run(s);

		if (rc != SQLITE_OK) {
			return rc;
		}
	}
	if (s->row + 1 < s->nrows) {
		s->row++;
		return SQLITE_ROW;
	}
	s->row = s->nrows;
	return SQLITE_DONE;
}

static const char *value(struct crmi_pg_stmt *s, int col)
{
	if (!s->res || s->row < 0 || s->row >= s->nrows || col < 0 || col >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, col)) {
		return NULL;
	}
	return PQgetvalue(s->res, s->row, col);
}

int64_t crmi_pg_col_int64(struct crmi_pg_stmt *s, int col)
{
	const char *v = value(s, col);

	if (!v) {
		return 0;
	}
	if (v[0] == 't' && !v[1]) {
		return 1;
	}
	if (v[0] == 'f' && !v[1]) {
		return 0;
	}
	if (strchr(v, '.') || strchr(v, 'e')) {
		return (int64_t)strtod(v, NULL);
	}
	return strtoll(v, NULL, 10);
}

double crmi_pg_col_double(struct crmi_pg_stmt *s, int col)
{
	const char *v = value(s, col);

	return v ? strtod(v, NULL) : 0.0;
}

const char *crmi_pg_col_text(struct crmi_pg_stmt *s, int col)
{
	return value(s, col);
}

bool crmi_pg_col_null(struct crmi_pg_stmt *s, int col)
{
	return value(s, col) == NULL;
}

int crmi_pg_col_count(struct crmi_pg_stmt *s)
{
	return s->res ? PQnfields(s->res) : 0;
}

/* ---- the connection ---------------------------------------------------- */

int crmi_pg_exec(struct crm_db *db, const char *sql)
{
	struct crmi_pg *pg = pg_of(db);
	PGresult *res;
	ExecStatusType status;
	int rc = SQLITE_OK;

	/* the rows waiting in copies: sent before a savepoint (a rollback to
	 * it then drops those that wait), at a commit, before any command */
	if (strncmp(sql, "ROLLBACK", 8) == 0) {
		copy_drop(pg);
	} else if (strncmp(sql, "COMMIT", 6) == 0 || strncmp(sql, "END", 3) == 0) {
		rc = copy_end(db);
	} else if (strncmp(sql, "RELEASE ", 8) != 0 && pg->copy_bytes > 0) {
		rc = copy_flush(db);
	}
	if (rc != SQLITE_OK) {
		return rc;
	}
	/* a savepoint of a core call joins the batch (no ';': one statement) */
	if (pg->batch && (strncmp(sql, "SAVEPOINT ", 10) == 0 || strncmp(sql, "RELEASE ", 8) == 0) &&
	    !strchr(sql, ';') && !crmi_pg_autocommit(db)) {
		pg->copy_last = false;
		if (!queue(db, NULL, sql, -1)) {
			return fail_res(db, NULL);
		}
		seq_track(pg, sql, false, true); /* a failure fails the batch whole */
		return SQLITE_OK;
	}
	rc = flush(db, NULL);
	if (rc != SQLITE_OK) {
		/* a failed batch: the rollback still runs, nothing else does */
		if (strncmp(sql, "ROLLBACK", 8) != 0) {
			return rc;
		}
		rc = SQLITE_OK;
	}

	if (strcmp(sql, "BEGIN IMMEDIATE") == 0) {
		sql = "BEGIN; " WRITE_LOCK;
	} else if (strcmp(sql, "BEGIN") == 0) {
		sql = "BEGIN ISOLATION LEVEL REPEATABLE READ";
	}
	seq_track(pg, sql, true, true);
	res = PQexec(pg->conn, sql);
	status = PQresultStatus(res);
	seq_track(pg, sql, false, status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		rc = fail_res(db, res);
	}
	PQclear(res);
	return rc;
}

int64_t crmi_pg_last_id(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);

	if (pg->queued && pg->id_pending) {
		pg->batch_error = flush(db, NULL);
	}
	return pg->last_id;
}

int crmi_pg_changes(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);

	if (pg->queued && !pg->copy_last) {
		pg->batch_error = flush(db, NULL);
	}
	return pg->changes;
}

bool crmi_pg_autocommit(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);

	/* a batch runs inside a transaction, whatever the pipeline says */
	if (pg && pg->conn && PQpipelineStatus(pg->conn) != PQ_PIPELINE_OFF) {
		return false;
	}
	return !pg || !pg->conn || PQtransactionStatus(pg->conn) == PQTRANS_IDLE;
}

void crmi_pg_set_busy_timeout(struct crm_db *db, int ms)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "SET lock_timeout = %d", ms > 0 ? ms : 1);
	crmi_pg_exec(db, sql);
}

/* A libpq message without its trailing newline, in buf. */
static const char *conn_message(PGconn *conn, char *buf, size_t n)
{
	size_t len;

	snprintf(buf, n, "%s", conn ? PQerrorMessage(conn) : "out of memory");
	len = strlen(buf);
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' ')) {
		buf[--len] = '\0';
	}
	return buf;
}

/* The schema version recorded in the base, 0 with none, -1 on an error. */
static int schema_version(struct crm_db *db, bool *foreign)
{
	struct crmi_pg *pg = pg_of(db);
	PGresult *res;
	bool ours;
	int v = 0;

	res = PQexec(pg->conn,
		     "SELECT obj_description(to_regclass('crm_schema'), 'pg_class') = 'crm',"
		     " (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fail_res(db, res);
		PQclear(res);
		return -1;
	}
	ours = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	*foreign = !ours && atoi(PQgetvalue(res, 0, 1)) > 0;
	PQclear(res);
	if (!ours) {
		return 0;
	}
	res = PQexec(pg->conn, "SELECT max(version) FROM crm_schema");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		fail_res(db, res);
		PQclear(res);
		return -1;
	}
	v = PQgetisnull(res, 0, 0) ? 0 : atoi(PQgetvalue(res, 0, 0));
	PQclear(res);
	return v;
}

static crm_status create_schema(struct crm_db *db, struct crm_error *err)
{
	struct crmi_pg *pg = pg_of(db);
	PGresult *res;
	ExecStatusType status;

	if (crmi_pg_exec(db, "BEGIN") != SQLITE_OK) {
		return crmi_set_error(err, CRM_EDB, _("cannot create crm's schema in '%s': %s"),
				      db->path, pg->errmsg);
	}
	res = PQexec(pg->conn, crmi_pg_schema);
	status = PQresultStatus(res);
	if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
		PQclear(res);
		res = PQexec(pg->conn, crmi_pg_functions);
		status = PQresultStatus(res);
	}
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		fail_res(db, res);
		PQclear(res);
		crmi_pg_exec(db, "ROLLBACK");
		return crmi_set_error(err, CRM_EDB, _("cannot create crm's schema in '%s': %s"),
				      db->path, pg->errmsg);
	}
	PQclear(res);
	if (crmi_pg_exec(db, "COMMIT") != SQLITE_OK) {
		return crmi_set_error(err, CRM_EDB, _("cannot create crm's schema in '%s': %s"),
				      db->path, pg->errmsg);
	}
	return CRM_OK;
}

crm_status crmi_pg_open(struct crm_db *db, const char *target, unsigned flags,
			struct crm_error *err)
{
	struct crmi_pg *pg = calloc(1, sizeof(*pg));
	bool create = (flags & CRM_OPEN_CREATE) != 0;
	bool foreign;
	char msg[1024];
	int v;

	if (!pg) {
		return crmi_set_error(err, CRM_ENOMEM, _("out of memory"));
	}
	db->pg = pg;
	pg->conn = PQconnectdb(target);
	if (!pg->conn || PQstatus(pg->conn) != CONNECTION_OK) {
		return crmi_set_error(err, CRM_EDB,
				      _("cannot reach the server of the base '%s': %s; check the "
				      "server, --db or CRM_DB, and ~/.pgpass"),
				      db->path, conn_message(pg->conn, msg, sizeof(msg)));
	}
	/* no JIT: crm runs each statement once, and compiling the plans of
	 * the audit cost more than running them (30 of 37 seconds on 20,000
	 * clients) */
	if (crmi_pg_exec(db, "SET client_encoding = 'UTF8'; SET client_min_messages = warning;"
			     " SET lock_timeout = 10000; SET jit = off") != SQLITE_OK) {
		return crmi_set_error(err, CRM_EDB, _("cannot use the base '%s': %s"), db->path,
				      pg->errmsg);
	}
	v = schema_version(db, &foreign);
	if (v < 0) {
		return crmi_set_error(err, CRM_EDB, _("cannot read '%s': %s"), db->path, pg->errmsg);
	}
	if (create) {
		if (v > 0) {
			return crmi_set_error(err, CRM_EEXIST,
					      _("the database '%s' holds a crm base already"), db->path);
		}
		if (foreign) {
			return crmi_set_error(err, CRM_EEXIST,
					      _("the database '%s' is not empty: crm creates its "
					      "base only in an empty database"), db->path);
		}
		if (db->readonly) {
			return crmi_set_error(err, CRM_EDB, _("the base '%s' is opened read-only"),
					      db->path);
		}
		return create_schema(db, err);
	}
	if (v == 0) {
		if (foreign) {
			return crmi_set_error(err, CRM_EDB,
					      _("'%s' is not a crm base (a database of another "
					      "program): check --db or CRM_DB"), db->path);
		}
		return crmi_set_error(err, CRM_ENOTFOUND, _("no crm base at '%s'"), db->path);
	}
	if (v > crm_schema_version()) {
		return crmi_set_error(err, CRM_ESCHEMA,
				      _("the base '%s' has schema version %lld, newer than this crm "
				      "knows (%d): upgrade crm"), db->path, (long long)v,
				      crm_schema_version());
	}
	if (v < crm_schema_version()) {
		return crmi_set_error(err, CRM_ESCHEMA,
				      _("the base '%s' has schema version %d, older than any this crm "
				      "can upgrade on PostgreSQL (%d)"), db->path, v,
				      crm_schema_version());
	}
	return CRM_OK;
}

void crmi_pg_close(struct crm_db *db)
{
	struct crmi_pg *pg = pg_of(db);

	if (pg) {
		free(pg->sent);
		for (int i = 0; i < pg->ncopies; i++) {
			free(pg->copies[i].target);
			free(pg->copies[i].table);
			free(pg->copies[i].buf);
			crmi_keyset_release(&pg->copies[i].used);
		}
		free(pg->copies);
		PQfinish(pg->conn);
		seq_clear(pg);
		free(pg->seqs);
		free(pg->undo);
		free(pg);
		db->pg = NULL;
	}
}
