/*
 * common.c: what every module of the client sheet shares: the words of the
 * enumerations, checks of input text, uuids, list fields, references by
 * id or name, and the folded search index.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

const char *const crm_client_kinds[] = { "company", "person", NULL };
const char *const crm_client_tiers[] = { "vip", "key", "regular", NULL };
const char *const crm_client_statuses[] = { "prospect", "active", "regular", "lost", "farewell",
					    NULL };
const char *const crm_client_stages[] = { "courtship", "sale",          "honeymoon", "storm",
					  "normalization", "support", NULL };
const char *const crm_manager_roles[] = { "manager", "head", NULL };
const char *const crm_manager_statuses[] = { "active", "vacation", "left", NULL };
const char *const crm_interaction_kinds[] = { "call",      "meeting",  "email",    "order",
					      "complaint", "feedback", "conflict", "note",
					      NULL };
const char *const crm_promise_kinds[] = { "promise", "guarantee", "discount", "doubt", "risk",
					  NULL };
const char *const crm_incident_kinds[] = { "misunderstanding", "mishap", "conflict", "quality",
					   NULL };

crm_status crmi_enum_check(struct crm_db *db, const char *what, const char *value,
			   const char *const *words)
{
	char list[256];
	size_t len = 0;

	what = _(what);
	for (size_t i = 0; words[i]; i++) {
		if (value && strcmp(value, words[i]) == 0) {
			return CRM_OK;
		}
		len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%s", i ? ", " : "",
					words[i]);
		if (len >= sizeof(list)) {
			len = sizeof(list) - 1;
		}
	}
	return crmi_fail(db, CRM_EINVAL, "invalid %s '%s' (%s)", what, value ? value : "", list);
}

static crm_status check_len(struct crm_db *db, const char *what, const char *s, size_t max)
{
	size_t n;

	what = _(what);
	if (!s || !*s) {
		return crmi_fail(db, CRM_EINVAL, "empty %s", what);
	}
	n = strlen(s);
	if (!crm_utf8_valid(s, n)) {
		return crmi_fail(db, CRM_EINVAL, "%s is not valid UTF-8 text", what);
	}
	if (crm_utf8_len(s) > max) {
		return crmi_fail(db, CRM_EINVAL, "%s is too long: %zu characters, at most %zu", what,
				 crm_utf8_len(s), max);
	}
	return CRM_OK;
}

/* check_len, and one line (crm_text_line_check: the rule lives in text.c). */
static crm_status check_line(struct crm_db *db, const char *what, const char *s, size_t max)
{
	char msg[400];

	if (check_len(db, what, s, max) != CRM_OK) {
		return db->errcode;
	}
	if (!crm_text_line_check(what, s, max, msg, sizeof(msg))) {
		return crmi_fail(db, CRM_EINVAL, "%s", msg);
	}
	return CRM_OK;
}

crm_status crm_check_name(struct crm_db *db, const char *what, const char *s)
{
	crm_status st = check_line(db, what, s, CRM_NAME_MAX);

	what = _(what);
	if (st == CRM_OK && (isspace((unsigned char)s[0]) ||
			     isspace((unsigned char)s[strlen(s) - 1]))) {
		return crmi_fail(db, CRM_EINVAL, "%s '%s' starts or ends with a space", what, s);
	}
	return st;
}

crm_status crm_check_text(struct crm_db *db, const char *what, const char *s)
{
	return check_len(db, what, s, CRM_TEXT_MAX);
}

crm_status crm_check_line(struct crm_db *db, const char *what, const char *s)
{
	return check_line(db, what, s, CRM_TEXT_MAX);
}

crm_status crm_check_email(struct crm_db *db, const char *what, const char *s)
{
	const char *at, *dot;

	what = _(what);
	if (check_line(db, what, s, 254) != CRM_OK) {
		return db->errcode;
	}
	at = strchr(s, '@');
	dot = at ? strrchr(at, '.') : NULL;
	if (!at || at == s || strchr(at + 1, '@') || !dot || dot == at + 1 || !dot[1] ||
	    strpbrk(s, " \t\r\n,;<>\"")) {
		return crmi_fail(db, CRM_EINVAL, "%s '%s' does not look like an email address", what,
				 s);
	}
	return CRM_OK;
}

crm_status crm_check_phone(struct crm_db *db, const char *what, const char *s)
{
	size_t digits = 0;

	what = _(what);
	if (check_line(db, what, s, 40) != CRM_OK) {
		return db->errcode;
	}
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
		} else if (!strchr("+ ()-.", *p) || (*p == '+' && p != s)) {
			return crmi_fail(db, CRM_EINVAL,
					 "%s '%s' does not look like a phone number (digits, spaces, + ( ) - .)",
					 what, s);
		}
	}
	if (digits < 5 || digits > 15) {
		return crmi_fail(db, CRM_EINVAL, "%s '%s' does not look like a phone number (5 to 15 digits)",
				 what, s);
	}
	return CRM_OK;
}

crm_status crm_uuid_new(char *buf, size_t n)
{
	unsigned char b[16];
	size_t got = 0;

	if (n < 37) {
		return CRM_EINVAL;
	}
	while (got < sizeof(b)) {
		ssize_t r = getrandom(b + got, sizeof(b) - got, 0);

		if (r < 0) {
			if (errno == EINTR) {
				continue;
			}
			return CRM_EDB;
		}
		got += (size_t)r;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(buf, n,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
	return CRM_OK;
}

bool crm_uuid_valid(const char *s)
{
	if (!s || strlen(s) != 36) {
		return false;
	}
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* Applies adds and removes to a JSON array of words; *out is malloc'd. */
crm_status crmi_list_apply(struct crm_db *db, const char *what, const char *json,
			   const struct crm_list_edit *ed, char **out)
{
	cJSON *arr = cJSON_Parse(json && *json ? json : "[]");
	crm_status st = CRM_OK;
	char *text;

	what = _(what);
	*out = NULL;
	if (!arr || !cJSON_IsArray(arr)) {
		cJSON_Delete(arr);
		arr = cJSON_CreateArray();
	}
	for (size_t i = 0; ed && i < ed->nadd && st == CRM_OK; i++) {
		const char *w = ed->add[i];
		bool dup = false;
		cJSON *it;

		st = crm_check_name(db, what, w);
		if (st == CRM_OK && crm_utf8_len(w) > 100) {
			st = crmi_fail(db, CRM_EINVAL, "%s '%s' is too long", what, w);
		}
		cJSON_ArrayForEach(it, arr) {
			dup = dup || (cJSON_IsString(it) && strcmp(it->valuestring, w) == 0);
		}
		if (st == CRM_OK && !dup) {
			cJSON_AddItemToArray(arr, cJSON_CreateString(w));
		}
	}
	for (size_t i = 0; ed && i < ed->nremove && st == CRM_OK; i++) {
		int idx = 0;
		cJSON *it, *found = NULL;

		cJSON_ArrayForEach(it, arr) {
			if (!found && cJSON_IsString(it) && strcmp(it->valuestring, ed->remove[i]) == 0) {
				found = it;
				break;
			}
			idx++;
		}
		if (!found) {
			st = crmi_fail(db, CRM_ENOTFOUND, "no %s '%s' to remove", what, ed->remove[i]);
		} else {
			cJSON_DeleteItemFromArray(arr, idx);
		}
	}
	if (st == CRM_OK) {
		text = cJSON_PrintUnformatted(arr);
		if (!text) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			*out = strdup(text);
			cJSON_free(text);
			if (!*out) {
				st = crmi_fail(db, CRM_ENOMEM, "out of memory");
			}
		}
	}
	cJSON_Delete(arr);
	return st;
}

/* The upper bound of a prefix range over folded UTF-8 text. */
static char *prefix_end(const char *fold)
{
	size_t n = strlen(fold);
	char *end = malloc(n + 5);

	if (end) {
		memcpy(end, fold, n);
		memcpy(end + n, "\xf4\x8f\xbf\xbf", 5);
	}
	return end;
}

static bool all_digits(const char *s)
{
	if (!*s) {
		return false;
	}
	for (; *s; s++) {
		if (*s < '0' || *s > '9') {
			return false;
		}
	}
	return true;
}

/*
 * Resolves a reference to a record: an id (all digits), a uuid, an exact
 * case-folded name, else a unique name prefix, else a unique word start
 * in the name. Each statement selects
 * (id, name): sql_id binds ?1 id; sql_uuid ?1 uuid; sql_exact ?1 the folded
 * name; sql_prefix ?1 and ?2 the bounds of the folded prefix range;
 * sql_contains ?1 the folded part. At most
 * ten candidates are listed when the reference is ambiguous.
 */
crm_status crmi_resolve(struct crm_db *db, const char *what, const char *ref,
			const struct crmi_resolve_sql *q, int64_t *id)
{
	char *fold = NULL, *end = NULL;
	char list[400];
	size_t len = 0;
	int n = 0, pass, rc;
	crmi_stmt *st;
	int64_t found = 0;

	what = _(what);
	*id = 0;
	if (!ref || !*ref) {
		return crmi_fail(db, CRM_EINVAL, "empty %s reference", what);
	}
	if (all_digits(ref)) {
		st = crmi_prepare(db, q->sql_id);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_int64(st, 1, strtoll(ref, NULL, 10));
		rc = crmi_step(st);
		if (rc == CRMI_ROW) {
			*id = crmi_col_int64(st, 0);
		}
		crmi_reset(st);
		if (rc != CRMI_ROW && rc != CRMI_DONE) {
			return crmi_sqlfail(db, rc, N_("cannot look up the reference"));
		}
		return *id ? CRM_OK : crmi_fail(db, CRM_ENOTFOUND, "no %s with id %s", what, ref);
	}
	if (crm_uuid_valid(ref) && q->sql_uuid) {
		st = crmi_prepare(db, q->sql_uuid);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_text(st, 1, ref);
		if (crmi_step(st) == CRMI_ROW) {
			*id = crmi_col_int64(st, 0);
		}
		crmi_reset(st);
		if (*id) {
			return CRM_OK;
		}
	}
	fold = crm_text_fold(ref);
	end = fold ? prefix_end(fold) : NULL;
	if (!fold || !end) {
		free(fold);
		free(end);
		return crmi_fail(db, CRM_EINVAL, "invalid %s reference", what);
	}
	/* exact name, then a name prefix, then the start of a word in the
	 * name: "ромашка" finds ООО «Ромашка» when nothing else does */
	for (pass = 0; pass < 3 && n == 0; pass++) {
		const char *sql = pass == 0 ? q->sql_exact : pass == 1 ? q->sql_prefix
								      : q->sql_contains;

		if (!sql) {
			break;
		}
		st = crmi_prepare(db, sql);
		if (!st) {
			free(fold);
			free(end);
			return db->errcode;
		}
		crmi_bind_text(st, 1, fold);
		if (pass == 1) {
			crmi_bind_text(st, 2, end);
		}
		len = 0;
		while ((rc = crmi_step(st)) == CRMI_ROW) {
			if (n++ == 0) {
				found = crmi_col_int64(st, 0);
			}
			if (n <= 10 && len < sizeof(list)) {
				len += (size_t)snprintf(list + len, sizeof(list) - len, "%s%lld %s",
							n > 1 ? ", " : "",
							(long long)crmi_col_int64(st, 0),
							crmi_col_text(st, 1));
			}
		}
		crmi_reset(st);
		if (rc != CRMI_DONE) {
			free(fold);
			free(end);
			return crmi_sqlfail(db, rc, N_("cannot look up the reference"));
		}
	}
	free(fold);
	free(end);
	if (n == 1) {
		*id = found;
		return CRM_OK;
	}
	if (n == 0) {
		return crmi_fail(db, CRM_ENOTFOUND, "no %s matches '%s'", what, ref);
	}
	if (len >= sizeof(list)) {
		/* cut at a character, not inside one */
		len = sizeof(list) - 1;
		while (len > 0 && !crm_utf8_valid(list, len)) {
			len--;
		}
	}
	list[len] = '\0';
	return crmi_fail(db, CRM_EAMBIGUOUS, "%s '%s' is ambiguous: %s%s", what, ref, list,
			 n > 10 ? ", ..." : "");
}

static const char sql_search_put[] =
	"INSERT OR REPLACE INTO search(rowid, body, client_id) VALUES (?1, ?2, ?3)";
static const char sql_search_add[] =
	"INSERT INTO search(rowid, body, client_id) VALUES (?1, ?2, ?3)";
/* on PostgreSQL, search is a table keyed by rowid: one upsert for both */
static const char sql_search_put_pg[] =
	"INSERT INTO search(rowid, body, client_id) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (rowid) DO UPDATE SET body = excluded.body, client_id = excluded.client_id";
static const char sql_search_del[] = "DELETE FROM search WHERE rowid = ?1";

/* The parts (NULLs skipped) joined by newlines and folded; malloc'd. */
static char *search_body(const char *const *parts, size_t nparts)
{
	char buf[2048], *joined = buf, *fold;
	size_t total = 1, used = 0;

	for (size_t i = 0; i < nparts; i++) {
		total += parts[i] ? strlen(parts[i]) + 1 : 0;
	}
	if (total > sizeof(buf) && !(joined = malloc(total))) {
		return NULL;
	}
	for (size_t i = 0; i < nparts; i++) {
		if (parts[i]) {
			size_t n = strlen(parts[i]);

			if (used) {
				joined[used++] = '\n';
			}
			memcpy(joined + used, parts[i], n);
			used += n;
		}
	}
	joined[used] = '\0';
	fold = crm_text_fold(joined);
	if (joined != buf) {
		free(joined);
	}
	return fold;
}

/* Runs sql (one of the two above) with the entry: CRM_OK, or the SQLite code in *rc. */
static crm_status search_write(struct crm_db *db, const char *sql, int64_t rowid,
			       int64_t client_id, const char *body, int *rc)
{
	crmi_stmt *s = crmi_prepare(db, sql);

	*rc = CRMI_ERROR;
	if (!s) {
		return db->errcode;
	}
	crmi_bind_int64(s, 1, rowid);
	crmi_bind_text(s, 2, body);
	crmi_bind_int64(s, 3, client_id);
	*rc = crmi_step(s);
	crmi_reset(s);
	return *rc == CRMI_DONE ? CRM_OK : CRM_EDB;
}

/* search_put or search_add: a plain INSERT first when the row is new. */
static crm_status search_index(struct crm_db *db, bool new_row, int64_t rowid,
			       int64_t client_id, const char *const *parts, size_t nparts)
{
	char *body = search_body(parts, nparts);
	crm_status st;
	int rc;

	if (!body) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	/* a batch's new row: a plain INSERT, which it sends by COPY */
	st = search_write(db, db->pg && !(new_row && crmi_pg_batching(db)) ? sql_search_put_pg :
			  new_row ? sql_search_add : sql_search_put,
			  rowid, client_id, body, &rc);
	if (new_row && !db->pg && (rc & 0xff) == CRMI_CONSTRAINT) {
		st = search_write(db, sql_search_put, rowid, client_id, body, &rc);
	}
	free(body);
	if (st != CRM_OK && rc != CRMI_ERROR) {
		st = crmi_sqlfail(db, rc, N_("cannot update the search index"));
	}
	return st;
}

/* Indexes the folded text of the given parts (NULLs skipped), under rowid. */
crm_status crmi_search_put(struct crm_db *db, int64_t rowid, int64_t client_id,
			   const char *const *parts, size_t nparts)
{
	return search_index(db, false, rowid, client_id, parts, nparts);
}

/*
 * crmi_search_put for a new row, with a plain INSERT: an INSERT OR REPLACE
 * into FTS5 first looks the rowid up. A stale entry left under that rowid
 * is replaced all the same.
 */
crm_status crmi_search_add(struct crm_db *db, int64_t rowid, int64_t client_id,
			   const char *const *parts, size_t nparts)
{
	return search_index(db, true, rowid, client_id, parts, nparts);
}

static const char sql_search_erase[] = "DELETE FROM search WHERE client_id = ?1";
/* FTS5 keeps a deleted text in its segments until they merge: merge all */
static const char sql_search_optimize[] = "INSERT INTO search(search) VALUES ('optimize')";

/* Every entry of a client goes, and out of the index's segments too (an erasure). */
crm_status crmi_search_erase_client(struct crm_db *db, int64_t client_id)
{
	crmi_stmt *st = crmi_prepare(db, sql_search_erase);
	crm_status s;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	s = crmi_step_done(db, st, N_("cannot erase the client"));
	if (db->pg) {
		/* a table's deleted rows go at its VACUUM: nothing to merge */
		return s;
	}
	if (s == CRM_OK && !(st = crmi_prepare(db, sql_search_optimize))) {
		s = db->errcode;
	}
	return s == CRM_OK ? crmi_step_done(db, st, N_("cannot erase the client")) : s;
}

crm_status crmi_search_del(struct crm_db *db, int64_t rowid)
{
	crmi_stmt *st = crmi_prepare(db, sql_search_del);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, rowid);
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, N_("cannot update the search index"));
	}
	return CRM_OK;
}

/*
 * Steps an iterator's statement: CRM_OK on a row, CRM_DONE at the end and
 * on every call after it (stepping a finished statement would restart the
 * query), an error recorded on db otherwise.
 */
crm_status crmi_iter_step(struct crm_db *db, crmi_stmt *st, bool *done, const char *what)
{
	int rc;

	if (*done) {
		return CRM_DONE;
	}
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		return CRM_OK;
	}
	if (rc == CRMI_DONE) {
		*done = true;
		return CRM_DONE;
	}
	return crmi_sqlfail(db, rc, what);
}

/* Runs a one-row statement that changes data; ENOTFOUND when nothing changed. */
crm_status crmi_step_done(struct crm_db *db, crmi_stmt *st, const char *what)
{
	int rc = crmi_step(st);

	crmi_reset(st);
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, what);
	}
	return CRM_OK;
}

/*
 * Steps an INSERT whose ?1 is the id to keep (or NULL for a new one): when
 * that id is taken in this base, the row gets a new one.
 */
crm_status crmi_step_insert(struct crm_db *db, crmi_stmt *st, const char *what)
{
	int rc;

	crmi_stmt_keep_id(st);
	rc = crmi_step(st);

	crmi_reset(st);
	if (rc == CRMI_CONSTRAINT_PRIMARYKEY && crmi_col_count(st) == 0) {
		crmi_bind_null(st, 1);
		rc = crmi_step(st);
		crmi_reset(st);
	}
	return rc == CRMI_DONE ? CRM_OK : crmi_sqlfail(db, rc, what);
}

/* ---- the items of a sheet: promises, incidents, next actions ---- */

static void bind_opt(crmi_stmt *st, int idx, bool has, int64_t v)
{
	if (has) {
		crmi_bind_int64(st, idx, v);
	} else {
		crmi_bind_null(st, idx);
	}
}

crm_status crmi_item_insert(struct crm_db *db, const struct crmi_item_table *t,
			    const struct crmi_item_row *r, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, t->sql_insert);
	char what[160];
	crm_status s;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	bind_opt(st, 1, r->id != 0, r->id);
	crmi_bind_int64(st, 2, r->client_id);
	crmi_bind_text(st, 3, r->kind);
	crmi_bind_text(st, 4, r->text);
	crmi_bind_int64(st, 5, r->due);
	crmi_bind_text(st, 6, r->status ? r->status : "open");
	crmi_bind_text(st, 7, r->reason);
	crmi_bind_text(st, 8, r->author);
	crmi_bind_int64(st, 9, r->created);
	bind_opt(st, 10, r->has_closed, r->closed);
	bind_opt(st, 11, r->assignee_id != 0, r->assignee_id);
	if (crmi_param_count(st) >= 12) {
		crmi_bind_int(st, 12, r->timed);
	}
	if (crmi_param_count(st) >= 13) {
		bind_opt(st, 13, r->has_at, r->at);
	}
	snprintf(what, sizeof(what), _("cannot add the %s"), _(t->what));
	s = crmi_step_insert(db, st, what);
	if (s == CRM_OK) {
		*id = crmi_last_id(db);
	}
	return s;
}

/*
 * Reads the item, refuses unless it is open, runs the change, lets c->then
 * add to the journal data (and do more in the same transaction), touches
 * the client and journals the change.
 */
crm_status crmi_item_change(struct crm_db *db, const struct crmi_item_table *t, int64_t id,
			    const struct crmi_item_change *c)
{
	crmi_stmt *st = crmi_prepare(db, t->sql_get);
	int64_t client_id = 0, due = 0;
	char old[16] = "", what[160];
	crm_status s;
	cJSON *data;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		client_id = crmi_col_int64(st, 0);
		snprintf(old, sizeof(old), "%s", crmi_col_text(st, 1));
		due = crmi_col_int64(st, 2);
	}
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no %s with id %lld", _(t->what), (long long)id);
	}
	if (rc != CRMI_ROW) {
		snprintf(what, sizeof(what), _("cannot read the %s"), _(t->what));
		return crmi_sqlfail(db, rc, what);
	}
	if (strcmp(old, "open") != 0) {
		return crmi_fail(db, CRM_ECONFLICT, "%s %lld is already %s", _(t->what), (long long)id,
				 _(old));
	}
	st = crmi_prepare(db, c->sql);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, c->status);
	crmi_bind_text(st, 3, c->reason);
	crmi_bind_int64(st, 4, c->t);
	snprintf(what, sizeof(what), _("cannot update the %s"), _(t->what));
	s = crmi_step_done(db, st, what);
	data = s == CRM_OK ? cJSON_CreateObject() : NULL;
	if (s == CRM_OK && !data) {
		s = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (s == CRM_OK) {
		crmi_json_int(data, "client_id", client_id);
		s = c->then ? c->then(db, client_id, due, data, c->arg) : CRM_OK;
	}
	if (s == CRM_OK) {
		s = crmi_client_touch(db, client_id);
	}
	if (s != CRM_OK) {
		cJSON_Delete(data);
		return s;
	}
	return crmi_journal(db, c->action, t->entity, id, data);
}

/* ---- a growing text ---- */

void crmi_buf_add(struct crmi_buf *b, const char *s, size_t n)
{
	if (b->oom) {
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (b->len + n + 1 > cap) {
			cap *= 2;
		}
		p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void crmi_buf_adds(struct crmi_buf *b, const char *s)
{
	crmi_buf_add(b, s, strlen(s));
}

/* ---- kept texts ---- */

const char *crmi_strings_keep(struct crmi_strings *l, const char *s, bool *oom)
{
	char *copy;

	if (!s) {
		return NULL;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **p = realloc(l->items, cap * sizeof(*p));

		if (!p) {
			*oom = true;
			return NULL;
		}
		l->items = p;
		l->cap = cap;
	}
	copy = strdup(s);
	if (!copy) {
		*oom = true;
		return NULL;
	}
	l->items[l->n++] = copy;
	return copy;
}

void crmi_strings_release(struct crmi_strings *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->items[i]);
	}
	free(l->items);
	*l = (struct crmi_strings){ 0 };
}

/* The slot of key in s: its own, or the free one it would take. */
static size_t keyset_slot(const struct crmi_keyset *s, uint64_t key)
{
	size_t i = (size_t)((key * UINT64_C(0x9e3779b97f4a7c15)) >> 17) & (s->cap - 1);

	while (s->keys[i] != 0 && s->keys[i] != key) {
		i = (i + 1) & (s->cap - 1);
	}
	return i;
}

bool crmi_keyset_add(struct crmi_keyset *s, uint64_t key)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct crmi_keyset more = { .cap = s->cap ? 2 * s->cap : 1024 };

		if (!(more.keys = calloc(more.cap, sizeof(*more.keys)))) {
			return false;
		}
		for (size_t old = 0; old < s->cap; old++) {
			if (s->keys[old] != 0) {
				more.keys[keyset_slot(&more, s->keys[old])] = s->keys[old];
			}
		}
		free(s->keys);
		s->keys = more.keys;
		s->cap = more.cap;
	}
	i = keyset_slot(s, key);
	if (s->keys[i] == 0) {
		s->keys[i] = key;
		s->n++;
	}
	return true;
}

bool crmi_keyset_has(const struct crmi_keyset *s, uint64_t key)
{
	return s->cap > 0 && key != 0 && s->keys[keyset_slot(s, key)] == key;
}

void crmi_keyset_release(struct crmi_keyset *s)
{
	free(s->keys);
	*s = (struct crmi_keyset){ 0 };
}
