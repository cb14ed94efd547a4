/*
 * import.c: clients into the base in bulk: the mapping of NDJSON records
 * (read by json-strict.c) and CSV records (read by csv.c) onto the client
 * sheet, checked by the rules of the command line, and the faithful writer
 * (uuids, ids, times, authors and closed states kept) behind crm client
 * import.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define LINE_MAX_BYTES (64u << 20)   /* one record: 64 MiB */
#define PROGRESS_EVERY 1000
/*
 * The page cache during an import, and so its peak memory: SQLite fills the
 * cache up to this size however big the file. 8 MiB holds the hot pages of
 * the uuid and name indexes; 64 MiB (once the figure here) made the import
 * take 78 MB at 100,000 clients and was no faster.
 */
#define IMPORT_CACHE_KIB 8192

/* ---- the record ------------------------------------------------------- */

/* A field as given: set when the key was there; null when it was null. */
struct fstr {
	bool set;
	const char *v;
};

struct fint {
	bool set;
	bool null;
	int64_t v;
};

struct r_contact {
	struct fint id, key, verified, created;
	struct fstr uuid, name, role, phone, email, address;
	/* the name in parts: given together or not at all */
	struct fstr first_name, patronymic, last_name, gender, address_as;
	/* the person: given together or not at all (on a merge, one given
	 * writes them all, the missing cleared) */
	struct fstr position, birthday, interests, note, preferred, messenger;
	struct fint left, successor_id;
};

struct r_inter {
	struct fint id;
	const char *kind, *author, *text, *outcome;
	int64_t at;
	bool has_amount;
	int64_t amount;
	struct fint late;        /* minutes late to a meeting */
};

/* promises, incidents and next actions share one shape */
struct r_item {
	struct fint id;
	const char *kind;        /* promise, incident; NULL for next actions */
	const char *text;
	const char *status;
	const char *reason;      /* why broken, how resolved */
	const char *author;
	int64_t due;             /* 0 none */
	bool timed;              /* a next action's due is a time */
	struct fint at;          /* an incident's moment */
	bool has_created;
	int64_t created;
	int64_t closed;          /* closed, resolved, done; 0 open */
	struct fstr assignee, assignee_uuid;
};

struct rec {
	struct fint id, stage_since, contact_every, value, created, updated;
	struct fstr uuid, name, kind, segment, tier, status, stage, owner, owner_uuid, note;
	struct fstr source;
	struct fstr traits, interests, tags;   /* JSON array text */
	char uuid_buf[37];
	struct r_contact *contacts;
	size_t ncontacts;
	struct r_inter *inters;
	size_t ninters;
	struct r_item *promises, *incidents, *nexts;
	size_t npromises, nincidents, nnexts;
	char **own;               /* texts to free with the record */
	size_t nown;
};

static void rec_release(struct rec *r)
{
	for (size_t i = 0; i < r->nown; i++) {
		free(r->own[i]);
	}
	free(r->own);
	free(r->contacts);
	free(r->inters);
	free(r->promises);
	free(r->incidents);
	free(r->nexts);
	memset(r, 0, sizeof(*r));
}

/* Keeps p to free with the record; frees p and fails on ENOMEM. */
static crm_status rec_own(struct crm_db *db, struct rec *r, char *p)
{
	char **own = realloc(r->own, (r->nown + 1) * sizeof(*own));

	if (!own) {
		free(p);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	r->own = own;
	r->own[r->nown++] = p;
	return CRM_OK;
}

/* ---- field checks ------------------------------------------------------ */

static crm_status bad(struct crm_db *db, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status bad(struct crm_db *db, const char *path, const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return crmi_fail(db, CRM_EDATA, "field '%s': %s", path, why);
}

/* A failed shared check (EINVAL) becomes EDATA naming the field. */
static crm_status wrap(struct crm_db *db, crm_status st, const char *path)
{
	char why[sizeof(db->errmsg)];

	if (st == CRM_OK || st == CRM_ENOMEM) {
		return st;
	}
	snprintf(why, sizeof(why), "%s", db->errmsg);
	return crmi_fail(db, CRM_EDATA, "field '%s': %s", path, why);
}

/* The last component of a path: "contacts[1].email" -> "email". */
static const char *leaf(const char *path)
{
	const char *dot = strrchr(path, '.');

	return dot ? dot + 1 : path;
}

/* CHK_LINE: one-line text (next actions, promises), as crm_check_line */
enum check { CHK_NONE, CHK_NAME, CHK_TEXT, CHK_LINE, CHK_EMAIL, CHK_PHONE, CHK_UUID };

/* A text value (already a C string) checked by kind. */
static crm_status check_value(struct crm_db *db, const char *path, const char *s, enum check c)
{
	switch (c) {
	case CHK_NAME:
		return wrap(db, crm_check_name(db, leaf(path), s), path);
	case CHK_TEXT:
		return wrap(db, crm_check_text(db, leaf(path), s), path);
	case CHK_LINE:
		return wrap(db, crm_check_line(db, leaf(path), s), path);
	case CHK_EMAIL:
		return wrap(db, crm_check_email(db, leaf(path), s), path);
	case CHK_PHONE:
		return wrap(db, crm_check_phone(db, leaf(path), s), path);
	case CHK_UUID:
		if (!crm_uuid_valid(s)) {
			return bad(db, path, _("invalid uuid '%s'"), s);
		}
		return CRM_OK;
	case CHK_NONE:
		break;
	}
	return CRM_OK;
}

/* Only absolute dates and times: relative ones ("+3d") mean nothing in a file. */
static crm_status check_time(struct crm_db *db, const char *path, const char *s, int64_t *t)
{
	if (strlen(s) < 10 || !isdigit((unsigned char)s[0]) || s[4] != '-' ||
	    crm_time_parse(s, crm_db_now(db), t) != CRM_OK) {
		return bad(db, path, _("invalid date '%s': use 2026-11-22 or 2026-11-22T10:00:00Z"), s);
	}
	return CRM_OK;
}

/* An exact whole number from its text; refuses fractions and overflow. */
static crm_status check_whole(struct crm_db *db, const char *path, const char *s, int64_t min,
			      int64_t max, int64_t *v)
{
	const char *p = s + (*s == '-');
	char *end;
	long long n;

	if (!*p || strspn(p, "0123456789") != strlen(p)) {
		return bad(db, path, _("expected a whole number, found '%s'"), s);
	}
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno == ERANGE) {
		return bad(db, path, _("the number %s does not fit in 64 bits"), s);
	}
	if (n < min || n > max) {
		return bad(db, path, _("%s is out of range (%lld to %lld)"), s, (long long)min,
			   (long long)max);
	}
	*v = n;
	return CRM_OK;
}

static crm_status check_money(struct crm_db *db, const char *path, const char *s, int64_t *v)
{
	if (crm_money_parse(s, v) != CRM_OK) {
		return bad(db, path,
			   _("invalid amount '%s': a decimal of at most two places, as \"1234.50\", "
			   "at most 999 999 999 999.99 either way"),
			   s);
	}
	return CRM_OK;
}

/* ---- JSON values ------------------------------------------------------- */

static const char *json_type(const cJSON *it)
{
	if (cJSON_IsString(it)) {
		return _("a string");
	}
	if (cJSON_IsRaw(it)) {
		return _("a number");
	}
	if (cJSON_IsBool(it)) {
		return _("a boolean");
	}
	if (cJSON_IsNull(it)) {
		return "null";
	}
	if (cJSON_IsArray(it)) {
		return _("an array");
	}
	return _("an object");
}

/* A string (or null when nullable) checked by c. */
static crm_status j_str(struct crm_db *db, const char *path, const cJSON *it, bool nullable,
			enum check c, struct fstr *out)
{
	out->set = true;
	out->v = NULL;
	if (nullable && cJSON_IsNull(it)) {
		return CRM_OK;
	}
	if (!cJSON_IsString(it)) {
		return bad(db, path, nullable ? _("expected a string or null, found %s") :
					  _("expected a string, found %s"), json_type(it));
	}
	out->v = it->valuestring;
	return check_value(db, path, out->v, c);
}

static crm_status j_enum(struct crm_db *db, const char *path, const cJSON *it,
			 const char *const *words, struct fstr *out)
{
	out->set = true;
	out->v = NULL;
	if (cJSON_IsNull(it)) {
		return CRM_OK; /* the default */
	}
	if (!cJSON_IsString(it)) {
		return bad(db, path, _("expected a string, found %s"), json_type(it));
	}
	out->v = it->valuestring;
	return wrap(db, crmi_enum_check(db, leaf(path), out->v, words), path);
}

static crm_status j_time(struct crm_db *db, const char *path, const cJSON *it, bool nullable,
			 struct fint *out)
{
	out->set = true;
	out->null = true;
	out->v = 0;
	if (nullable && cJSON_IsNull(it)) {
		return CRM_OK;
	}
	if (!cJSON_IsString(it)) {
		return bad(db, path, nullable ? _("expected a date string or null, found %s") :
					  _("expected a date string, found %s"), json_type(it));
	}
	out->null = false;
	return check_time(db, path, it->valuestring, &out->v);
}

/* A date, or a time (*timed): a next action's due. */
static crm_status j_when(struct crm_db *db, const char *path, const cJSON *it, struct fint *out,
			 bool *timed)
{
	crm_status st = j_time(db, path, it, false, out);

	*timed = st == CRM_OK && strlen(it->valuestring) > 10;
	return st;
}

static crm_status j_whole(struct crm_db *db, const char *path, const cJSON *it, int64_t min,
			  int64_t max, struct fint *out)
{
	out->set = true;
	out->null = true;
	out->v = 0;
	if (cJSON_IsNull(it)) {
		return CRM_OK;
	}
	if (!cJSON_IsRaw(it)) {
		return bad(db, path, _("expected a number or null, found %s"), json_type(it));
	}
	out->null = false;
	return check_whole(db, path, it->valuestring, min, max, &out->v);
}

/* Money as a decimal string ("1234.50") or an exact JSON number. */
static crm_status j_money(struct crm_db *db, const char *path, const cJSON *it, struct fint *out)
{
	out->set = true;
	out->null = true;
	out->v = 0;
	if (cJSON_IsNull(it)) {
		return CRM_OK;
	}
	if (!cJSON_IsString(it) && !cJSON_IsRaw(it)) {
		return bad(db, path, _("expected an amount (\"1234.50\") or null, found %s"),
			   json_type(it));
	}
	out->null = false;
	return check_money(db, path, it->valuestring, &out->v);
}

static crm_status j_bool(struct crm_db *db, const char *path, const cJSON *it, struct fint *out)
{
	out->set = true;
	out->null = false;
	if (!cJSON_IsBool(it)) {
		return bad(db, path, _("expected true or false, found %s"), json_type(it));
	}
	out->v = cJSON_IsTrue(it);
	return CRM_OK;
}

/* A list of words (traits, interests, tags) into a checked JSON array text. */
static crm_status list_text(struct crm_db *db, struct rec *r, const char *path,
			    const char *const *words, size_t n, struct fstr *out)
{
	struct crm_list_edit ed = { .add = words, .nadd = n };
	char what[64], *text = NULL;
	crm_status st;

	/* "tags" -> "tag": the shared check names one item */
	snprintf(what, sizeof(what), "%s", leaf(path));
	if (strlen(what) > 1 && what[strlen(what) - 1] == 's') {
		what[strlen(what) - 1] = '\0';
	}
	st = wrap(db, crmi_list_apply(db, what, "[]", &ed, &text), path);
	if (st == CRM_OK) {
		st = rec_own(db, r, text);
	}
	out->set = true;
	out->v = st == CRM_OK ? text : NULL;
	return st;
}

static crm_status j_list(struct crm_db *db, struct rec *r, const char *path, const cJSON *it,
			 struct fstr *out)
{
	const char **words;
	const cJSON *w;
	size_t n = 0;
	crm_status st;

	if (cJSON_IsNull(it)) {
		return list_text(db, r, path, NULL, 0, out);
	}
	if (!cJSON_IsArray(it)) {
		return bad(db, path, _("expected an array of strings, found %s"), json_type(it));
	}
	words = calloc((size_t)cJSON_GetArraySize(it) + 1, sizeof(*words));
	if (!words) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	cJSON_ArrayForEach(w, it) {
		if (!cJSON_IsString(w)) {
			free(words);
			return bad(db, path, _("item %zu: expected a string, found %s"), n, json_type(w));
		}
		words[n++] = w->valuestring;
	}
	st = list_text(db, r, path, words, n, out);
	free(words);
	return st;
}

/* ---- JSON records --------------------------------------------------------- */

/* Grows an array of records by one zeroed element. */
static void *grow(struct crm_db *db, void **arr, size_t *n, size_t size)
{
	char *p = realloc(*arr, (*n + 1) * size);

	if (!p) {
		crmi_fail(db, CRM_ENOMEM, "out of memory");
		return NULL;
	}
	memset(p + *n * size, 0, size);
	*arr = p;
	return p + (*n)++ * size;
}

/* "base.key" into path (truncated when long: it only names a field). */
static void path_join(char *path, size_t n, const char *base, const char *key)
{
	if (snprintf(path, n, "%s.%s", base, key) >= (int)n) {
		path[n - 1] = '\0';
	}
}

static bool is(const char *k, const char *name)
{
	return strcmp(k, name) == 0;
}

static crm_status unknown(struct crm_db *db, const char *path)
{
	return bad(db, path, _("unknown field (a typo? see crm-client(1), IMPORT AND EXPORT)"));
}

/* A birthday in a file: as contact add takes it, stored as "1970-05-12" or
 * "--05-12". */
static crm_status j_birthday(struct crm_db *db, struct rec *r, const char *path,
			     const cJSON *it, struct fstr *out)
{
	crm_status st = j_str(db, path, it, true, CHK_NONE, out);
	char *text;
	int y, m, d;

	if (st != CRM_OK || !out->v) {
		return st;
	}
	if (!crm_birthday_parse(out->v, &y, &m, &d)) {
		return bad(db, path, _("invalid birthday '%s': use 1970-05-12, or --05-12 when the "
				       "year is unknown"), out->v);
	}
	text = malloc(16);
	if (!text) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (y) {
		snprintf(text, 16, "%04d-%02d-%02d", y, m, d);
	} else {
		snprintf(text, 16, "--%02d-%02d", m, d);
	}
	st = rec_own(db, r, text);
	out->v = st == CRM_OK ? text : NULL;
	return st;
}

static crm_status j_contact(struct crm_db *db, struct rec *r, const char *base,
			    const cJSON *obj, struct r_contact *c)
{
	char path[160];
	const cJSON *it;
	crm_status st = CRM_OK;

	if (!cJSON_IsObject(obj)) {
		return bad(db, base, _("expected an object, found %s"), json_type(obj));
	}
	cJSON_ArrayForEach(it, obj) {
		const char *k = it->string;

		path_join(path, sizeof(path), base, k);
		if (is(k, "id")) {
			st = j_whole(db, path, it, 1, INT64_MAX / 4, &c->id);
		} else if (is(k, "uuid")) {
			st = j_str(db, path, it, true, CHK_UUID, &c->uuid);
		} else if (is(k, "name")) {
			st = j_str(db, path, it, false, CHK_NAME, &c->name);
		} else if (is(k, "role")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->role);
		} else if (is(k, "phone")) {
			st = j_str(db, path, it, true, CHK_PHONE, &c->phone);
		} else if (is(k, "email")) {
			st = j_str(db, path, it, true, CHK_EMAIL, &c->email);
		} else if (is(k, "address")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->address);
		} else if (is(k, "first_name")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->first_name);
		} else if (is(k, "patronymic")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->patronymic);
		} else if (is(k, "last_name")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->last_name);
		} else if (is(k, "gender")) {
			st = j_enum(db, path, it, crm_genders, &c->gender);
		} else if (is(k, "address_as")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->address_as);
		} else if (is(k, "position")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->position);
		} else if (is(k, "birthday")) {
			st = j_birthday(db, r, path, it, &c->birthday);
		} else if (is(k, "interests")) {
			st = j_list(db, r, path, it, &c->interests);
		} else if (is(k, "note")) {
			st = j_str(db, path, it, true, CHK_TEXT, &c->note);
		} else if (is(k, "preferred")) {
			st = j_enum(db, path, it, crm_contact_channels, &c->preferred);
		} else if (is(k, "messenger")) {
			st = j_str(db, path, it, true, CHK_NAME, &c->messenger);
		} else if (is(k, "left")) {
			st = j_time(db, path, it, true, &c->left);
		} else if (is(k, "successor_id")) {
			st = j_whole(db, path, it, 1, INT64_MAX / 4, &c->successor_id);
		} else if (is(k, "key")) {
			st = j_bool(db, path, it, &c->key);
		} else if (is(k, "verified")) {
			st = j_time(db, path, it, true, &c->verified);
		} else if (is(k, "created")) {
			st = j_time(db, path, it, true, &c->created);
		} else if (!is(k, "client_id") && !is(k, "client")) {
			st = unknown(db, path);
		}
		if (st != CRM_OK) {
			return st;
		}
	}
	if (!c->name.set) {
		path_join(path, sizeof(path), base, "name");
		return bad(db, path, _("missing: a contact needs a name"));
	}
	return CRM_OK;
}

static crm_status j_inter(struct crm_db *db, const char *base, const cJSON *obj,
			  struct r_inter *x)
{
	char path[160];
	const cJSON *it;
	struct fstr s;
	struct fint t;
	crm_status st = CRM_OK;
	bool has_at = false;

	if (!cJSON_IsObject(obj)) {
		return bad(db, base, _("expected an object, found %s"), json_type(obj));
	}
	cJSON_ArrayForEach(it, obj) {
		const char *k = it->string;

		path_join(path, sizeof(path), base, k);
		if (is(k, "id")) {
			st = j_whole(db, path, it, 1, INT64_MAX / 4, &x->id);
		} else if (is(k, "kind")) {
			/* "survey": written by the VIP programme, not by crm note */
			if (cJSON_IsString(it) && strcmp(it->valuestring, "survey") == 0) {
				s.v = it->valuestring;
			} else {
				st = j_enum(db, path, it, crm_interaction_kinds, &s);
			}
			x->kind = s.v;
		} else if (is(k, "at")) {
			st = j_time(db, path, it, false, &t);
			x->at = t.v;
			has_at = true;
		} else if (is(k, "author")) {
			st = j_str(db, path, it, true, CHK_NAME, &s);
			x->author = s.v;
		} else if (is(k, "text")) {
			st = j_str(db, path, it, false, CHK_TEXT, &s);
			x->text = s.v;
		} else if (is(k, "outcome")) {
			st = j_str(db, path, it, true, CHK_TEXT, &s);
			x->outcome = s.v;
		} else if (is(k, "amount")) {
			st = j_money(db, path, it, &t);
			x->has_amount = !t.null;
			x->amount = t.v;
		} else if (is(k, "late")) {
			st = j_whole(db, path, it, 0, CRM_LATE_MAX, &x->late);
		} else if (!is(k, "client_id") && !is(k, "client") && !is(k, "created")) {
			st = unknown(db, path);
		}
		if (st != CRM_OK) {
			return st;
		}
	}
	if (!has_at || !x->text) {
		path_join(path, sizeof(path), base, has_at ? "text" : "at");
		return bad(db, path, _("missing: an interaction needs a date and a text"));
	}
	if (x->late.set && !x->late.null && (!x->kind || strcmp(x->kind, "meeting") != 0)) {
		path_join(path, sizeof(path), base, "late");
		return bad(db, path, _("lateness is for a meeting only"));
	}
	return CRM_OK;
}

enum item_type { ITEM_PROMISE, ITEM_INCIDENT, ITEM_NEXT };

static const char *const promise_statuses[] = { "open", "kept", "broken", NULL };
static const char *const incident_statuses[] = { "open", "resolved", NULL };
static const char *const next_statuses[] = { "open", "done", NULL };

/* The key names of one item type: its reason and closing time. */
struct item_keys {
	const char *missing;           /* the message when the text (or due) is missing */
	const char *open;              /* the message when an open one has a closing time */
	const char *reason;            /* "why", "how"; NULL when none */
	const char *former;            /* the closing time's key before "closed"; NULL none */
	const char *const *kinds;      /* NULL: no kind */
	const char *const *statuses;
	bool due_required;
};

static const struct item_keys item_keys[] = {
	[ITEM_PROMISE] = { N_("missing: a promise needs a text"),
			   N_("a promise is open: it has no closed date"), "why", NULL,
			   crm_promise_kinds, promise_statuses, false },
	[ITEM_INCIDENT] = { N_("missing: an incident needs a text"),
			    N_("an incident is open: it has no closed date"), "how", "resolved",
			    crm_incident_kinds, incident_statuses, false },
	[ITEM_NEXT] = { N_("missing: a next action needs a text and a due date"),
			N_("a next action is open: it has no closed date"), NULL, "done",
			crm_next_kinds, next_statuses, true },
};

static crm_status j_item(struct crm_db *db, const char *base, const cJSON *obj,
			 enum item_type type, struct r_item *x)
{
	const struct item_keys *ik = &item_keys[type];
	struct fint t, closed = { 0 }, due = { 0 };
	char path[160];
	const cJSON *it;
	struct fstr s;
	crm_status st = CRM_OK;

	if (!cJSON_IsObject(obj)) {
		return bad(db, base, _("expected an object, found %s"), json_type(obj));
	}
	cJSON_ArrayForEach(it, obj) {
		const char *k = it->string;

		path_join(path, sizeof(path), base, k);
		if (is(k, "id")) {
			st = j_whole(db, path, it, 1, INT64_MAX / 4, &x->id);
		} else if (ik->kinds && is(k, "kind")) {
			st = j_enum(db, path, it, ik->kinds, &s);
			x->kind = s.v;
		} else if (is(k, "text")) {
			/* an incident tells a story; a promise and a next action are one line */
			st = j_str(db, path, it, false, type == ITEM_INCIDENT ? CHK_TEXT : CHK_LINE,
				   &s);
			x->text = s.v;
		} else if (is(k, "status")) {
			st = j_enum(db, path, it, ik->statuses, &s);
			x->status = s.v;
		} else if (ik->reason && is(k, ik->reason)) {
			st = j_str(db, path, it, true, CHK_TEXT, &s);
			x->reason = s.v;
		} else if (is(k, "author")) {
			st = j_str(db, path, it, true, CHK_NAME, &s);
			x->author = s.v;
		} else if (type == ITEM_NEXT && is(k, "due")) {
			st = j_when(db, path, it, &due, &x->timed);
		} else if (is(k, "due")) {
			st = j_time(db, path, it, !ik->due_required, &due);
		} else if (type == ITEM_INCIDENT && is(k, "at")) {
			st = j_time(db, path, it, true, &x->at);
		} else if (type == ITEM_NEXT && is(k, "overdue")) {
			/* computed from due and now: read and left */
			if (!cJSON_IsBool(it) && !cJSON_IsNull(it)) {
				st = bad(db, path, _("expected true, false or null, found %s"),
					 json_type(it));
			}
		} else if (is(k, "created")) {
			st = j_time(db, path, it, true, &t);
			x->has_created = !t.null;
			x->created = t.v;
		} else if (is(k, "closed") || (ik->former && is(k, ik->former))) {
			/* "closed" for all three; exports of crm 0.1 said "resolved"
			 * for an incident and "done" for a next action */
			st = j_time(db, path, it, true, &closed);
		} else if (type == ITEM_NEXT && is(k, "assignee")) {
			st = j_str(db, path, it, true, CHK_NAME, &x->assignee);
		} else if (type == ITEM_NEXT && is(k, "assignee_uuid")) {
			st = j_str(db, path, it, true, CHK_UUID, &x->assignee_uuid);
		} else if (!is(k, "client_id") && !is(k, "client") && !is(k, "assignee_id")) {
			st = unknown(db, path);
		}
		if (st != CRM_OK) {
			return st;
		}
	}
	x->due = due.null ? 0 : due.v;
	if (type == ITEM_NEXT && !x->timed && !due.null) {
		x->due = crm_day_start(x->due);
	}
	if (!x->text || (ik->due_required && !due.set)) {
		path_join(path, sizeof(path), base, x->text ? "due" : "text");
		return bad(db, path, "%s", _(ik->missing));
	}
	if (!x->status) {
		x->status = "open";
	}
	if (strcmp(x->status, "open") == 0 && closed.set && !closed.null) {
		path_join(path, sizeof(path), base, "closed");
		return bad(db, path, "%s", _(ik->open));
	}
	x->closed = closed.null ? 0 : closed.v;
	return CRM_OK;
}

/* One nested array: each element mapped by fn into a grown array. */
static crm_status j_nested(struct crm_db *db, struct rec *r, const char *key, const cJSON *arr,
			   void **items, size_t *n, size_t size, enum item_type type)
{
	char path[160];
	const cJSON *it;
	size_t i = 0;
	crm_status st = CRM_OK;

	if (cJSON_IsNull(arr)) {
		return CRM_OK;
	}
	if (!cJSON_IsArray(arr)) {
		return bad(db, key, _("expected an array, found %s"), json_type(arr));
	}
	cJSON_ArrayForEach(it, arr) {
		void *x = grow(db, items, n, size);

		if (!x) {
			return db->errcode;
		}
		snprintf(path, sizeof(path), "%s[%zu]", key, i++);
		if (strcmp(key, "contacts") == 0) {
			st = j_contact(db, r, path, it, x);
		} else if (strcmp(key, "interactions") == 0) {
			st = j_inter(db, path, it, x);
		} else {
			st = j_item(db, path, it, type, x);
		}
		if (st != CRM_OK) {
			return st;
		}
	}
	return CRM_OK;
}

static crm_status j_client_field(struct crm_db *db, struct rec *r, const char *k,
				 const cJSON *it)
{
	if (is(k, "id")) {
		return j_whole(db, k, it, 1, INT64_MAX / 4, &r->id);
	} else if (is(k, "uuid")) {
		return j_str(db, k, it, true, CHK_UUID, &r->uuid);
	} else if (is(k, "name")) {
		return j_str(db, k, it, false, CHK_NAME, &r->name);
	} else if (is(k, "kind")) {
		return j_enum(db, k, it, crm_client_kinds, &r->kind);
	} else if (is(k, "segment")) {
		return j_str(db, k, it, true, CHK_NAME, &r->segment);
	} else if (is(k, "source")) {
		return j_str(db, k, it, true, CHK_NAME, &r->source);
	} else if (is(k, "tier")) {
		return j_enum(db, k, it, crm_client_tiers, &r->tier);
	} else if (is(k, "status")) {
		return j_enum(db, k, it, crm_client_statuses, &r->status);
	} else if (is(k, "stage")) {
		return j_enum(db, k, it, crm_client_stages, &r->stage);
	} else if (is(k, "stage_since")) {
		return j_time(db, k, it, true, &r->stage_since);
	} else if (is(k, "owner")) {
		return j_str(db, k, it, true, CHK_NAME, &r->owner);
	} else if (is(k, "owner_uuid")) {
		return j_str(db, k, it, true, CHK_UUID, &r->owner_uuid);
	} else if (is(k, "contact_every")) {
		/* 0 is how "not set" may come out of older exports */
		return j_whole(db, k, it, 0, CRMI_CONTACT_EVERY_MAX, &r->contact_every);
	} else if (is(k, "value")) {
		return j_money(db, k, it, &r->value);
	} else if (is(k, "traits")) {
		return j_list(db, r, k, it, &r->traits);
	} else if (is(k, "interests")) {
		return j_list(db, r, k, it, &r->interests);
	} else if (is(k, "tags")) {
		return j_list(db, r, k, it, &r->tags);
	} else if (is(k, "note")) {
		return j_str(db, k, it, true, CHK_TEXT, &r->note);
	} else if (is(k, "created")) {
		return j_time(db, k, it, true, &r->created);
	} else if (is(k, "updated")) {
		return j_time(db, k, it, true, &r->updated);
	} else if (is(k, "contacts")) {
		return j_nested(db, r, k, it, (void **)&r->contacts, &r->ncontacts,
				sizeof(*r->contacts), ITEM_NEXT);
	} else if (is(k, "interactions")) {
		return j_nested(db, r, k, it, (void **)&r->inters, &r->ninters, sizeof(*r->inters),
				ITEM_NEXT);
	} else if (is(k, "promises")) {
		return j_nested(db, r, k, it, (void **)&r->promises, &r->npromises,
				sizeof(*r->promises), ITEM_PROMISE);
	} else if (is(k, "incidents")) {
		return j_nested(db, r, k, it, (void **)&r->incidents, &r->nincidents,
				sizeof(*r->incidents), ITEM_INCIDENT);
	} else if (is(k, "next_actions")) {
		return j_nested(db, r, k, it, (void **)&r->nexts, &r->nnexts, sizeof(*r->nexts),
				ITEM_NEXT);
	} else if (is(k, "owner_id") || is(k, "last_contact") || is(k, "next_due") ||
		   is(k, "orders") || is(k, "handovers") || is(k, "repeat_order_at") ||
		   is(k, "repeat_order")) {
		return CRM_OK; /* derived from other data, or not imported */
	}
	return unknown(db, k);
}

/* Maps a parsed JSON object onto r; strings stay owned by the tree. */
static crm_status map_json(struct crm_db *db, const cJSON *obj, struct rec *r)
{
	const cJSON *it;
	crm_status st;

	if (!cJSON_IsObject(obj)) {
		return crmi_fail(db, CRM_EDATA, "expected a JSON object (one client per line), found %s",
				 json_type(obj));
	}
	cJSON_ArrayForEach(it, obj) {
		st = j_client_field(db, r, it->string, it);
		if (st != CRM_OK) {
			return st;
		}
	}
	return CRM_OK;
}

/* ---- CSV --------------------------------------------------------------- */

const char *const crm_csv_columns[] = {
	"uuid",          "name",       "kind",         "segment",       "tier",
	"status",        "stage",      "owner",        "contact_every", "value",
	"tags",          "note",       "contact_name", "contact_role",  "contact_phone",
	"contact_email", "source",     NULL,
};

enum csv_col {
	COL_UUID, COL_NAME, COL_KIND, COL_SEGMENT, COL_TIER, COL_STATUS, COL_STAGE, COL_OWNER,
	COL_CONTACT_EVERY, COL_VALUE, COL_TAGS, COL_NOTE, COL_CONTACT_NAME, COL_CONTACT_ROLE,
	COL_CONTACT_PHONE, COL_CONTACT_EMAIL, COL_SOURCE, COL__COUNT,
};

/* The column of each header name; EDATA on an unknown or repeated one. */
static crm_status csv_header(struct crm_db *db, const char *const *f, size_t n, int *pos)
{
	char known[300];
	size_t len = 0;

	for (int c = 0; c < COL__COUNT; c++) {
		pos[c] = -1;
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s%s", c ? "," : "",
					crm_csv_columns[c]);
	}
	for (size_t i = 0; i < n; i++) {
		int c = 0;

		while (c < COL__COUNT && strcmp(f[i], crm_csv_columns[c]) != 0) {
			c++;
		}
		if (c == COL__COUNT) {
			return crmi_fail(db, CRM_EDATA, "unknown column '%s' in the header (known: %s)",
					 f[i], known);
		}
		if (pos[c] >= 0) {
			return crmi_fail(db, CRM_EDATA, "column '%s' twice in the header", f[i]);
		}
		pos[c] = (int)i;
	}
	if (pos[COL_NAME] < 0) {
		return crmi_fail(db, CRM_EDATA, "no 'name' column in the header (a header row is "
				 "required: %s)", known);
	}
	return CRM_OK;
}

/*
 * The value of column c in the row, or NULL when absent or empty. A CSV
 * export puts ' before a text that a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR: see crm-output(7)), and before one already
 * made of ' and such a start: one ' is dropped from a text of ' and then
 * one of those, so an export imports as it was.
 */
static const char *cell(const char *const *f, const int *pos, int c)
{
	const char *v;

	if (pos[c] < 0 || !f[pos[c]][0]) {
		return NULL;
	}
	v = f[pos[c]];
	if (v[0] == '\'') {
		size_t q = strspn(v, "'");

		if (v[q] && strchr("=+-@\t\r", v[q])) {
			v++;
		}
	}
	return v;
}

/*
 * Drops the ' that a CSV export puts after a ';' before such a start (a
 * spreadsheet that splits at ';' would see a formula there), as cell()
 * does at the start of the text. In place, once per record.
 */
static void csv_unguard(char *s)
{
	char *w = s;
	const char *p = s;

	while (*p != '\0') {
		char c = *p++;

		*w++ = c;
		if (c == ';' && *p == '\'') {
			size_t q = strspn(p, "'");

			if (p[q] && strchr("=+-@\t\r", p[q])) {
				p++;
			}
		}
	}
	*w = '\0';
}

static crm_status c_str(struct crm_db *db, const char *const *f, const int *pos, int c,
			enum check chk, struct fstr *out)
{
	const char *v = cell(f, pos, c);

	if (!v) {
		return CRM_OK;
	}
	out->set = true;
	out->v = v;
	return check_value(db, crm_csv_columns[c], v, chk);
}

static crm_status c_enum(struct crm_db *db, const char *const *f, const int *pos, int c,
			 const char *const *words, struct fstr *out)
{
	const char *v = cell(f, pos, c);

	if (!v) {
		return CRM_OK;
	}
	out->set = true;
	out->v = v;
	return wrap(db, crmi_enum_check(db, crm_csv_columns[c], v, words), crm_csv_columns[c]);
}

/* tags "a; b;c" -> ["a","b","c"]; "a\;b" is the one tag "a;b" and "a\\"
 * the tag "a\" (what the CSV export writes for a ';' or a backslash inside
 * a tag) */
static crm_status c_tags(struct crm_db *db, struct rec *r, const char *v)
{
	const char **words;
	char *copy = strdup(v), *p, *next;
	size_t n = 0;
	crm_status st;

	words = calloc(strlen(v) + 1, sizeof(*words));
	if (!copy || !words) {
		free(copy);
		free(words);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (p = copy; p; p = next) {
		char *e, *rd, *wr;

		/* the first unescaped ';' ends the tag; the escapes go */
		next = NULL;
		for (rd = wr = p; *rd; rd++) {
			if (*rd == '\\' && (rd[1] == ';' || rd[1] == '\\')) {
				*wr++ = *++rd;
			} else if (*rd == ';') {
				next = rd + 1;
				break;
			} else {
				*wr++ = *rd;
			}
		}
		*wr = '\0';
		while (*p == ' ') {
			p++;
		}
		e = p + strlen(p);
		while (e > p && e[-1] == ' ') {
			*--e = '\0';
		}
		if (*p) {
			words[n++] = p;
		}
	}
	st = list_text(db, r, "tags", words, n, &r->tags);
	free(words);
	free(copy);
	return st;
}

static crm_status map_csv(struct crm_db *db, const char *const *f, const int *pos,
			  struct rec *r)
{
	const char *v;
	crm_status st = CRM_OK;
	struct r_contact *c;

	r->name.v = cell(f, pos, COL_NAME);
	if (!r->name.v) {
		return bad(db, "name", _("empty: every client needs a name"));
	}
	r->name.set = true;
	st = check_value(db, "name", r->name.v, CHK_NAME);
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_UUID, CHK_UUID, &r->uuid);
	}
	if (st == CRM_OK) {
		st = c_enum(db, f, pos, COL_KIND, crm_client_kinds, &r->kind);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_SEGMENT, CHK_NAME, &r->segment);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_SOURCE, CHK_NAME, &r->source);
	}
	if (st == CRM_OK) {
		st = c_enum(db, f, pos, COL_TIER, crm_client_tiers, &r->tier);
	}
	if (st == CRM_OK) {
		st = c_enum(db, f, pos, COL_STATUS, crm_client_statuses, &r->status);
	}
	if (st == CRM_OK) {
		st = c_enum(db, f, pos, COL_STAGE, crm_client_stages, &r->stage);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_OWNER, CHK_NAME, &r->owner);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_NOTE, CHK_TEXT, &r->note);
	}
	if (st == CRM_OK && (v = cell(f, pos, COL_CONTACT_EVERY))) {
		r->contact_every.set = true;
		st = check_whole(db, "contact_every", v, 0, CRMI_CONTACT_EVERY_MAX,
				 &r->contact_every.v);
	}
	if (st == CRM_OK && (v = cell(f, pos, COL_VALUE))) {
		r->value.set = true;
		st = check_money(db, "value", v, &r->value.v);
	}
	if (st == CRM_OK && (v = cell(f, pos, COL_TAGS))) {
		st = c_tags(db, r, v);
	}
	if (st != CRM_OK) {
		return st;
	}
	if (!cell(f, pos, COL_CONTACT_NAME)) {
		if (cell(f, pos, COL_CONTACT_ROLE) || cell(f, pos, COL_CONTACT_PHONE) ||
		    cell(f, pos, COL_CONTACT_EMAIL)) {
			return bad(db, "contact_name",
				   _("empty: a key contact with a role, phone or email needs a name"));
		}
		return CRM_OK;
	}
	c = grow(db, (void **)&r->contacts, &r->ncontacts, sizeof(*r->contacts));
	if (!c) {
		return db->errcode;
	}
	c->key = (struct fint){ true, false, 1 };
	st = c_str(db, f, pos, COL_CONTACT_NAME, CHK_NAME, &c->name);
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_CONTACT_ROLE, CHK_NAME, &c->role);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_CONTACT_PHONE, CHK_PHONE, &c->phone);
	}
	if (st == CRM_OK) {
		st = c_str(db, f, pos, COL_CONTACT_EMAIL, CHK_EMAIL, &c->email);
	}
	return st;
}

/* ---- writing ------------------------------------------------------------ */

/*
 * On a server a look-up is a round trip, and a read of a table the import
 * writes sends its waiting rows first (COPY, crmi_pg_batch). So the uuids
 * that may be in the base are kept, by a hash of each: those its clients
 * and contacts had when the import began, and those the import gave. A
 * uuid outside them is not there, and is not looked up (one whose hash
 * another shares is, which costs a look-up and nothing else).
 */
struct uuid_set {
	struct crmi_keyset hashes;
	bool all; /* any uuid may be there: a text was no uuid, or no memory */
};

/* The hash of a uuid's text (hex digits, '-' between); false for another text. */
static bool uuid_hash(const char *s, uint64_t *h)
{
	uint64_t half[2] = { 0, 0 };
	int n = 0;

	for (; *s && n < 32; s++) {
		int v = isdigit((unsigned char)*s) ? *s - '0' :
			isxdigit((unsigned char)*s) ? tolower((unsigned char)*s) - 'a' + 10 : -1;

		if (v < 0 && *s != '-') {
			return false;
		}
		if (v >= 0) {
			half[n / 16] = half[n / 16] << 4 | (uint64_t)v;
			n++;
		}
	}
	*h = half[0] ^ half[1] * UINT64_C(0x9e3779b97f4a7c15);
	*h = *h ? *h : 1; /* a key set holds no 0 */
	return n == 32 && !*s;
}

static void uuid_add(struct uuid_set *u, const char *s)
{
	uint64_t h;

	if (!u->all && (!uuid_hash(s, &h) || !crmi_keyset_add(&u->hashes, h))) {
		u->all = true;
	}
}

/* False when the uuid s is surely not in the base. */
static bool uuid_maybe(const struct uuid_set *u, const char *s)
{
	uint64_t h;

	return u->all || !uuid_hash(s, &h) || crmi_keyset_has(&u->hashes, h);
}

/* The uuids of a table's rows (sql selects them); false when not read. */
static bool uuid_load(struct crm_db *db, struct uuid_set *u, const char *sql)
{
	crmi_stmt *st = NULL;
	int rc = crmi_stmt_new(db, sql, &st);

	while (rc == CRMI_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		uuid_add(u, crmi_col_text(st, 0) ? crmi_col_text(st, 0) : "");
		rc = CRMI_OK;
	}
	crmi_finalize(st);
	return rc == CRMI_DONE;
}

/* The tables whose imported ids may be kept. */
enum id_table { T_CLIENT, T_CONTACT, T_INTERACTION, T_PROMISE, T_INCIDENT, T_NEXT, T__COUNT };

static const char *const id_tables[T__COUNT] = {
	"client", "contact", "interaction", "promise", "incident", "next_action",
};

struct imp {
	struct crm_db *db;
	unsigned flags;
	struct crm_import_stats *stats;
	int64_t now;
	const char *actor;
	int64_t seq[T__COUNT];    /* the highest id each table had given before */
	/* the managers the authors of interactions are, as looked up: a
	 * base on a server would otherwise be asked for each interaction */
	struct {
		char *name;
		int64_t id;       /* -1: no manager of that name */
	} authors[16];
	size_t nauthors;
	/* the owners' managers, as manager_ref found or made them */
	struct {
		char *key;        /* uuid, '\n', name */
		int64_t id;
	} managers[64];
	size_t nmanagers;
	/* on a server: the uuids that may be in the base (uuid_set) */
	bool sets;
	struct uuid_set clients, contacts;
};

static void authors_forget(struct imp *im)
{
	for (size_t i = 0; i < im->nauthors; i++) {
		free(im->authors[i].name);
	}
	im->nauthors = 0;
}

/* What the import remembered of the base, forgotten at its end. */
static void imp_forget(struct imp *im)
{
	authors_forget(im);
	for (size_t i = 0; i < im->nmanagers; i++) {
		free(im->managers[i].key);
	}
	im->nmanagers = 0;
	crmi_keyset_release(&im->clients.hashes);
	crmi_keyset_release(&im->contacts.hashes);
}

static const char sql_manager_by_uuid[] = "SELECT id FROM manager WHERE uuid = ?1";
static const char sql_manager_by_fold[] = "SELECT id FROM manager WHERE name_fold = ?1";
static const char sql_client_by_uuid[] = "SELECT id, name FROM client WHERE uuid = ?1";
static const char sql_contact_by_uuid[] =
	"SELECT contact.id, contact.client_id, client.name FROM contact"
	" JOIN client ON client.id = contact.client_id WHERE contact.uuid = ?1";
static const char sql_contact_by_name[] =
	"SELECT id FROM contact WHERE client_id = ?1 AND name_fold = ?2 ORDER BY id LIMIT 1";
static const char sql_inter_exists[] =
	"SELECT 1 FROM interaction WHERE client_id = ?1 AND at = ?2 AND kind = ?3 AND text = ?4";
static const char sql_promise_exists[] =
	"SELECT 1 FROM promise WHERE client_id = ?1 AND kind = ?2 AND text = ?3"
	" AND (?4 IS NULL OR created = ?4)";
static const char sql_incident_exists[] =
	"SELECT 1 FROM incident WHERE client_id = ?1 AND kind = ?2 AND text = ?3"
	" AND (?4 IS NULL OR created = ?4)";
static const char sql_next_exists[] =
	"SELECT 1 FROM next_action WHERE client_id = ?1 AND text = ?2"
	" AND (?3 IS NULL OR created = ?3) AND (?3 IS NOT NULL OR due = ?4)";

static void bind_opt_int(crmi_stmt *st, int idx, bool has, int64_t v)
{
	if (has) {
		crmi_bind_int64(st, idx, v);
	} else {
		crmi_bind_null(st, idx);
	}
}

/*
 * Ids are AUTOINCREMENT: never given twice, even after a delete. An
 * imported id above the highest one its table had given when the import
 * began was never used in this base, and is kept; one below may have been
 * a deleted record's, and the row gets a new id. (In a fresh base every id
 * is kept: that is what makes export -> import -> export give the same.)
 */
static const char sql_sequences[] = "SELECT name, seq FROM sqlite_sequence";
/* an identity's sequence: its last value, NULL while it gave none */
static const char sql_pg_sequences[] =
	"SELECT t, pg_sequence_last_value(pg_get_serial_sequence(t, 'id'))"
	" FROM unnest(ARRAY['client', 'contact', 'interaction', 'promise', 'incident',"
	" 'next_action']) AS t";

static void read_sequences(struct imp *im)
{
	crmi_stmt *st = NULL;

	/* no sqlite_sequence table: no AUTOINCREMENT row was ever written */
	if (crmi_stmt_new(im->db, CRMI_SQL(im->db, sql_sequences, sql_pg_sequences), &st) !=
	    CRMI_OK) {
		crmi_finalize(st);
		return;
	}
	while (crmi_step(st) == CRMI_ROW) {
		const char *name = crmi_col_text(st, 0);

		for (int t = 0; name && t < T__COUNT; t++) {
			if (strcmp(name, id_tables[t]) == 0) {
				im->seq[t] = crmi_col_int64(st, 1);
			}
		}
	}
	crmi_finalize(st);
}

/* The record's own id when it may be kept, else 0 (a new one). */
static int64_t kept_id(const struct imp *im, enum id_table t, const struct fint *id)
{
	return id->set && !id->null && id->v > im->seq[t] ? id->v : 0;
}

/* Runs a query with one int64 result; *found tells whether a row came. */
static crm_status query_id(struct crm_db *db, crmi_stmt *st, int64_t *id, bool *found)
{
	int rc = crmi_step(st);

	*found = rc == CRMI_ROW;
	*id = *found ? crmi_col_int64(st, 0) : 0;
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the base");
	}
	return CRM_OK;
}

static void lower_uuid(char *dst, const char *src)
{
	for (int i = 0; i < 36; i++) {
		dst[i] = (char)tolower((unsigned char)src[i]);
	}
	dst[36] = '\0';
}

/*
 * The manager named by uuid or name: found by uuid, else by name, else
 * created with both (a new uuid when none is given). *id 0 when neither.
 */
static crm_status manager_find(struct imp *im, const char *path, const char *name,
			       const char *uuid, int64_t *id)
{
	struct crm_db *db = im->db;
	char ubuf[37];
	char *fold = NULL;
	crmi_stmt *st;
	cJSON *j;
	bool found = false;
	crm_status rc = CRM_OK;

	if (uuid) {
		lower_uuid(ubuf, uuid);
		st = crmi_prepare(db, sql_manager_by_uuid);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_text(st, 1, ubuf);
		rc = query_id(db, st, id, &found);
		if (rc != CRM_OK || found) {
			return rc;
		}
	} else if (crm_uuid_new(ubuf, sizeof(ubuf)) != CRM_OK) {
		return crmi_fail(db, CRM_EDB, "cannot make a uuid");
	}
	if (!name) {
		return bad(db, path, _("no manager with uuid '%s' in the base, and no name to create "
			   "one"), ubuf);
	}
	fold = crm_text_fold(name);
	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_prepare(db, sql_manager_by_fold);
	if (!st) {
		free(fold);
		return db->errcode;
	}
	crmi_bind_text(st, 1, fold);
	rc = query_id(db, st, id, &found);
	if (rc != CRM_OK || found) {
		free(fold);
		return rc;
	}
	free(fold);
	rc = crmi_manager_insert(db, &(struct crmi_manager_row){ .uuid = ubuf, .name = name,
				 .capacity = crm_config_int(db, "manager.capacity"),
				 .created = im->now }, id);
	if (rc != CRM_OK) {
		return rc;
	}
	im->stats->managers++;
	authors_forget(im); /* an author may be this new manager */
	j = cJSON_CreateObject();
	crmi_json_str(j, "uuid", ubuf);
	crmi_json_str(j, "name", name);
	return crmi_journal(db, "manager.import", "manager", *id, j);
}

/*
 * The manager an owner (name, uuid) is, found or made, in *id (0 for no
 * owner): remembered, as the same owners come back record after record.
 */
static crm_status manager_ref(struct imp *im, const char *path, const char *name,
			      const char *uuid, int64_t *id)
{
	char ubuf[37] = "";
	char *key;
	size_t n;
	crm_status rc;

	*id = 0;
	if (!name && !uuid) {
		return CRM_OK;
	}
	if (uuid) {
		lower_uuid(ubuf, uuid);
	}
	n = strlen(ubuf) + 1 + (name ? strlen(name) : 0) + 1;
	key = malloc(n);
	if (key) {
		snprintf(key, n, "%s\n%s", ubuf, name ? name : "");
	}
	for (size_t i = 0; key && i < im->nmanagers; i++) {
		if (strcmp(im->managers[i].key, key) == 0) {
			*id = im->managers[i].id;
			free(key);
			return CRM_OK;
		}
	}
	rc = manager_find(im, path, name, uuid, id);
	if (rc == CRM_OK && key && im->nmanagers < ARRAY_SIZE(im->managers)) {
		im->managers[im->nmanagers].key = key;
		im->managers[im->nmanagers++].id = *id;
	} else {
		free(key);
	}
	return rc;
}

static const char *author_of(const struct imp *im, const char *author)
{
	return author ? author : im->actor;
}

/* The manager an author is (crmi_interaction_row.author_id), remembered. */
static int64_t author_id_of(struct imp *im, const char *author)
{
	int64_t id;
	char *copy;

	for (size_t i = 0; i < im->nauthors; i++) {
		if (strcmp(im->authors[i].name, author) == 0) {
			return im->authors[i].id;
		}
	}
	id = crmi_manager_by_name(im->db, author);
	id = id > 0 ? id : -1;
	if (im->nauthors == ARRAY_SIZE(im->authors)) {
		authors_forget(im);
	}
	copy = strdup(author);
	if (copy) {
		im->authors[im->nauthors].name = copy;
		im->authors[im->nauthors++].id = id;
	}
	return id;
}

/* The row of a contact record, for the insert and the merge alike (the
 * merge writes only what the record names). */
static struct crmi_contact_row contact_row(const struct r_contact *c)
{
	return (struct crmi_contact_row){
		.name = c->name.v,
		.role = c->role.v,
		.phone = c->phone.v,
		.email = c->email.v,
		.address = c->address.v,
		.first_name = c->first_name.v,
		.patronymic = c->patronymic.v,
		.last_name = c->last_name.v,
		.gender = c->gender.v,
		.address_as = c->address_as.v,
		.position = c->position.v,
		.birthday = c->birthday.v,
		.interests = c->interests.v,
		.note = c->note.v,
		.preferred = c->preferred.v,
		.messenger = c->messenger.v,
		.left = c->left.set && !c->left.null ? crm_day_start(c->left.v) : 0,
		.is_key = c->key.set && c->key.v,
		.has_verified = c->verified.set && !c->verified.null,
		.verified = c->verified.v,
		.created = c->created.v,
	};
}

static crm_status contact_insert(struct imp *im, int64_t cid, const struct r_contact *c,
				 const char *uuid, int64_t *id)
{
	struct crm_db *db = im->db;
	struct crmi_contact_row row = contact_row(c);
	char ubuf[37];

	row.id = kept_id(im, T_CONTACT, &c->id);
	row.client_id = cid;
	row.created = c->created.set && !c->created.null ? c->created.v : im->now;

	if (uuid) {
		lower_uuid(ubuf, uuid);
	} else if (crm_uuid_new(ubuf, sizeof(ubuf)) != CRM_OK) {
		return crmi_fail(db, CRM_EDB, "cannot make a uuid");
	}
	row.uuid = ubuf;
	return crmi_contact_insert(db, &row, id);
}

static bool person_given(const struct r_contact *c)
{
	return c->position.set || c->birthday.set || c->interests.set || c->note.set ||
	       c->preferred.set || c->messenger.set || c->left.set;
}

static crm_status contact_merge(struct imp *im, int64_t id, const struct r_contact *c)
{
	struct crmi_contact_row row = contact_row(c);
	unsigned set = (c->role.set ? CRMI_CONTACT_ROLE : 0) |
		       (c->phone.set ? CRMI_CONTACT_PHONE : 0) |
		       (c->email.set ? CRMI_CONTACT_EMAIL : 0) |
		       (c->address.set ? CRMI_CONTACT_ADDRESS : 0) |
		       (c->key.set && !c->key.null ? CRMI_CONTACT_KEY : 0) |
		       (c->verified.set ? CRMI_CONTACT_VERIFIED : 0) |
		       (c->created.set && !c->created.null ? CRMI_CONTACT_CREATED : 0) |
		       (c->first_name.set || c->patronymic.set || c->last_name.set ||
				c->gender.set || c->address_as.set
			? CRMI_CONTACT_NAME_PARTS
			: 0) |
		       (person_given(c) ? CRMI_CONTACT_PERSON : 0);

	return crmi_contact_update(im->db, id, &row, set);
}

/* Adds or (merging) updates the contacts of client cid. */
static crm_status write_contacts(struct imp *im, int64_t cid, const struct rec *r, bool merge)
{
	struct crm_db *db = im->db;
	crm_status rc = CRM_OK;
	int64_t *ids = calloc(r->ncontacts + 1, sizeof(*ids));

	if (!ids) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < r->ncontacts && rc == CRM_OK; i++) {
		const struct r_contact *c = &r->contacts[i];
		int64_t id = 0, owner = 0;
		bool found = false;
		crmi_stmt *st;
		char path[64];

		snprintf(path, sizeof(path), "contacts[%zu].uuid", i);
		if (c->uuid.v && im->sets && !uuid_maybe(&im->contacts, c->uuid.v)) {
			/* a uuid the base cannot hold: a new contact */
		} else if (c->uuid.v) {
			char ubuf[37];

			lower_uuid(ubuf, c->uuid.v);
			st = crmi_prepare(db, sql_contact_by_uuid);
			if (!st) {
				free(ids);
				return db->errcode;
			}
			crmi_bind_text(st, 1, ubuf);
			if (crmi_step(st) == CRMI_ROW) {
				found = true;
				id = crmi_col_int64(st, 0);
				owner = crmi_col_int64(st, 1);
				if (!merge || owner != cid) {
					rc = crmi_fail(db, CRM_EEXIST,
						       "field '%s': contact uuid '%s' already exists (contact "
						       "%lld of client '%s')",
						       path, ubuf, (long long)id,
						       crmi_col_text(st, 2));
				}
			}
			crmi_reset(st);
		} else if (merge) {
			char *fold = crm_text_fold(c->name.v);

			st = fold ? crmi_prepare(db, sql_contact_by_name) : NULL;
			if (!st) {
				free(fold);
				free(ids);
				return fold ? db->errcode : crmi_fail(db, CRM_ENOMEM, "out of memory");
			}
			crmi_bind_int64(st, 1, cid);
			crmi_bind_text(st, 2, fold);
			rc = query_id(db, st, &id, &found);
			free(fold);
		}
		if (rc == CRM_OK) {
			rc = found ? contact_merge(im, id, c) :
				     contact_insert(im, cid, c, c->uuid.v, &id);
		}
		if (rc == CRM_OK && !found && c->uuid.v && im->sets) {
			uuid_add(&im->contacts, c->uuid.v);
		}
		ids[i] = id;
	}
	/* then who took over from whom: the successor may come later in the
	 * list, and its id in the base may differ from the file's */
	for (size_t i = 0; i < r->ncontacts && rc == CRM_OK; i++) {
		const struct r_contact *c = &r->contacts[i];

		if (!c->successor_id.set) {
			continue;
		}
		for (size_t k = 0; k < r->ncontacts; k++) {
			if (!c->successor_id.null && r->contacts[k].id.set &&
			    !r->contacts[k].id.null && r->contacts[k].id.v == c->successor_id.v) {
				rc = crmi_contact_set_successor(db, ids[i], ids[k]);
				break;
			}
		}
		if (c->successor_id.null) {
			rc = crmi_contact_set_successor(db, ids[i], 0);
		}
	}
	free(ids);
	return rc;
}

/* true when a row of the same kind, time and text is there (merging) */
static crm_status exists(struct crm_db *db, crmi_stmt *st, bool *found)
{
	int64_t one;

	return query_id(db, st, &one, found);
}

static crm_status write_inters(struct imp *im, int64_t cid, const struct rec *r, bool merge,
			       int64_t *n)
{
	struct crm_db *db = im->db;
	crm_status rc = CRM_OK;

	for (size_t i = 0; i < r->ninters && rc == CRM_OK; i++) {
		const struct r_inter *x = &r->inters[i];
		const char *kind = x->kind ? x->kind : "note";
		crmi_stmt *st;
		bool found = false;
		int64_t id;

		if (merge) {
			st = crmi_prepare(db, sql_inter_exists);
			if (!st) {
				return db->errcode;
			}
			crmi_bind_int64(st, 1, cid);
			crmi_bind_int64(st, 2, x->at);
			crmi_bind_text(st, 3, kind);
			crmi_bind_text(st, 4, x->text);
			rc = exists(db, st, &found);
			if (rc != CRM_OK || found) {
				continue;
			}
		}
		rc = crmi_interaction_insert(db, &(struct crmi_interaction_row){
			.id = kept_id(im, T_INTERACTION, &x->id), .client_id = cid, .kind = kind,
			.at = x->at, .author = author_of(im, x->author),
			.author_id = author_id_of(im, author_of(im, x->author)), .text = x->text,
			.outcome = x->outcome, .has_amount = x->has_amount, .amount = x->amount,
			.has_late = x->late.set && !x->late.null, .late = x->late.v,
			.created = im->now }, &id);
		(*n)++;
	}
	return rc;
}

static crm_status write_items(struct imp *im, int64_t cid, int64_t owner, const struct rec *r,
			      enum item_type type, bool merge, int64_t *n)
{
	static crm_status (*const insert[])(struct crm_db *, const struct crmi_item_row *,
					    int64_t *) = { crmi_promise_insert, crmi_incident_insert,
							   crmi_next_insert };
	static const enum id_table table[] = { T_PROMISE, T_INCIDENT, T_NEXT };
	static const char *const sql_ex[] = { sql_promise_exists, sql_incident_exists,
					      sql_next_exists };
	const struct r_item *items = type == ITEM_PROMISE ? r->promises :
				     type == ITEM_INCIDENT ? r->incidents : r->nexts;
	size_t count = type == ITEM_PROMISE ? r->npromises :
		       type == ITEM_INCIDENT ? r->nincidents : r->nnexts;
	struct crm_db *db = im->db;
	crm_status rc = CRM_OK;

	for (size_t i = 0; i < count && rc == CRM_OK; i++) {
		const struct r_item *x = &items[i];
		/* a next action without a kind is a task (the insert's default) */
		const char *kind = x->kind || type == ITEM_NEXT ? x->kind : item_keys[type].kinds ?
			item_keys[type].kinds[0] : NULL;
		int64_t created = x->has_created ? x->created : im->now, assignee = owner, id;
		crmi_stmt *st;
		bool found = false;

		if (merge) {
			st = crmi_prepare(db, sql_ex[type]);
			if (!st) {
				return db->errcode;
			}
			crmi_bind_int64(st, 1, cid);
			if (type == ITEM_NEXT) {
				crmi_bind_text(st, 2, x->text);
				bind_opt_int(st, 3, x->has_created, x->created);
				crmi_bind_int64(st, 4, x->due);
			} else {
				crmi_bind_text(st, 2, kind);
				crmi_bind_text(st, 3, x->text);
				bind_opt_int(st, 4, x->has_created, x->created);
			}
			rc = exists(db, st, &found);
			if (rc != CRM_OK || found) {
				continue;
			}
		}
		if (type == ITEM_NEXT && x->assignee.set) {
			char path[64];

			snprintf(path, sizeof(path), "next_actions[%zu].assignee", i);
			rc = manager_ref(im, path, x->assignee.v, x->assignee_uuid.v, &assignee);
			if (rc != CRM_OK) {
				return rc;
			}
		}
		rc = insert[type](db, &(struct crmi_item_row){
			.id = kept_id(im, table[type], &x->id), .client_id = cid, .kind = kind,
			.text = x->text, .status = x->status, .reason = x->reason,
			.author = author_of(im, x->author), .due = x->due,
			.assignee_id = type == ITEM_NEXT ? assignee : 0, .created = created,
			.timed = x->timed, .has_at = x->at.set && !x->at.null, .at = x->at.v,
			/* a closed item without a closing time: the import time */
			.has_closed = strcmp(x->status, "open") != 0,
			.closed = x->closed ? x->closed : im->now }, &id);
		if (rc != CRM_OK) {
			return rc;
		}
		(*n)++;
	}
	return rc;
}

/*
 * The record through the validators of client add and crm note, so that a
 * file is held to the rules of the command line (a negative value, a
 * contact frequency past the limit, an interaction in the future). What
 * only an import has (ids, uuids, creation times, closed items, a due date
 * in the past of a kept promise) is checked by the mapping.
 */
static crm_status rec_validate(struct crm_db *db, const struct rec *r)
{
	/* 0 or null: none, as in older exports */
	bool every = r->contact_every.set && !r->contact_every.null && r->contact_every.v > 0;
	struct crm_client_input in = {
		.name = r->name.v,
		.kind = r->kind.v,
		.segment = r->segment.v,
		.source = r->source.v,
		.tier = r->tier.v,
		.status = r->status.v,
		.stage = r->stage.v,
		.note = r->note.v,
		.contact_every = every ? r->contact_every.v : -1,
		.has_value = r->value.set && !r->value.null,
		.value = r->value.v,
	};
	char path[64], why[sizeof(db->errmsg)];
	crm_status st = crmi_client_check(db, &in);

	if (st != CRM_OK && st != CRM_ENOMEM) {
		snprintf(why, sizeof(why), "%s", db->errmsg);
		return crmi_fail(db, CRM_EDATA, "%s", why);
	}
	for (size_t i = 0; st == CRM_OK && i < r->ninters; i++) {
		const struct r_inter *x = &r->inters[i];
		/* a survey is written by the VIP programme, not by crm note: its
		 * kind was checked by the mapping */
		struct crm_note_input n = {
			.kind = x->kind && strcmp(x->kind, "survey") == 0 ? NULL : x->kind,
			.at = x->at,
			.text = x->text,
			.outcome = x->outcome,
			.has_amount = x->has_amount,
			.amount = x->amount,
			.author = x->author,
		};

		snprintf(path, sizeof(path), "interactions[%zu]", i);
		st = wrap(db, crmi_note_check(db, &n, x->at), path);
	}
	return st;
}

/* A contact's successor is another contact of the same record, by its id
 * in the file; a day left cannot be after today. */
static crm_status successor_check(struct crm_db *db, const struct rec *r, size_t i)
{
	const struct r_contact *c = &r->contacts[i];
	char path[64];

	if (c->left.set && !c->left.null && crm_day_start(c->left.v) > crm_db_today(db)) {
		snprintf(path, sizeof(path), "contacts[%zu].left", i);
		return bad(db, path, _("the day the person left is in the future"));
	}
	if (!c->successor_id.set || c->successor_id.null) {
		return CRM_OK;
	}
	snprintf(path, sizeof(path), "contacts[%zu].successor_id", i);
	if (c->id.set && !c->id.null && c->id.v == c->successor_id.v) {
		return bad(db, path, _("a contact cannot succeed themselves"));
	}
	for (size_t k = 0; k < r->ncontacts; k++) {
		if (r->contacts[k].id.set && !r->contacts[k].id.null &&
		    r->contacts[k].id.v == c->successor_id.v) {
			return CRM_OK;
		}
	}
	return bad(db, path, _("no contact with id %lld in this record: the successor is "
			       "one of the client's contacts"), (long long)c->successor_id.v);
}

/* Checks across fields that the mapping of one field cannot see. */
static crm_status rec_check(struct crm_db *db, const struct rec *r, bool csv)
{
	char path[64];
	crm_status st;

	if (!r->name.set && !(r->uuid.v && !csv)) {
		return bad(db, "name", _("missing: every client needs a name"));
	}
	for (size_t i = 0; i < r->ncontacts; i++) {
		for (size_t k = 0; r->contacts[i].uuid.v && k < i; k++) {
			if (r->contacts[k].uuid.v &&
			    strcasecmp(r->contacts[k].uuid.v, r->contacts[i].uuid.v) == 0) {
				snprintf(path, sizeof(path), "contacts[%zu].uuid", i);
				return bad(db, path, _("the same uuid as contacts[%zu]"), k);
			}
		}
		st = successor_check(db, r, i);
		if (st != CRM_OK) {
			return st;
		}
	}
	return rec_validate(db, r);
}

static void rec_facts(const struct rec *r, int64_t *orders, int64_t *last)
{
	*orders = 0;
	*last = 0;
	for (size_t i = 0; i < r->ninters; i++) {
		if (r->inters[i].kind && strcmp(r->inters[i].kind, "order") == 0) {
			(*orders)++;
		}
		if (i == 0 || r->inters[i].at > *last) {
			*last = r->inters[i].at;
		}
	}
}

/* The fields of r as a row: what is not given is NULL or 0. */
static struct crmi_client_row rec_row(const struct imp *im, const struct rec *r, int64_t owner)
{
	return (struct crmi_client_row){
		.name = r->name.v,
		.kind = r->kind.v,
		.segment = r->segment.v,
		.source = r->source.v,
		.tier = r->tier.v,
		.status = r->status.v,
		.stage = r->stage.v,
		.stage_since = r->stage_since.v,
		.owner_id = owner,
		.contact_every = r->contact_every.set && r->contact_every.v > 0 ?
				 r->contact_every.v : 0,
		.has_value = r->value.set && !r->value.null,
		.value = r->value.v,
		.traits = r->traits.v,
		.interests = r->interests.v,
		.tags = r->tags.v,
		.note = r->note.v,
		.created = r->created.v,
		.updated = r->updated.set && !r->updated.null ? r->updated.v : im->now,
	};
}

static crm_status client_insert(struct imp *im, const struct rec *r, int64_t owner,
				const char *uuid, int64_t *cid)
{
	struct crmi_client_row row = rec_row(im, r, owner);

	row.id = kept_id(im, T_CLIENT, &r->id);
	row.uuid = uuid;
	row.kind = r->kind.v ? r->kind.v : "company";
	row.tier = r->tier.v ? r->tier.v : "regular";
	row.status = r->status.v ? r->status.v : "prospect";
	row.stage = r->stage.v ? r->stage.v : "courtship";
	row.created = r->created.set && !r->created.null ? r->created.v : im->now;
	row.stage_since = r->stage_since.set && !r->stage_since.null ? r->stage_since.v :
			  row.created;
	row.has_last_contact = r->ninters > 0;
	rec_facts(r, &row.orders, &row.last_contact);
	return crmi_client_insert(im->db, &row, cid);
}

static crm_status client_merge(struct imp *im, const struct rec *r, int64_t cid, bool owner_set,
			       int64_t owner)
{
	struct crmi_client_row row = rec_row(im, r, owner);
	unsigned set = (r->segment.set ? CRMI_CLIENT_SEGMENT : 0) |
		       (r->source.set ? CRMI_CLIENT_SOURCE : 0) |
		       (owner_set ? CRMI_CLIENT_OWNER : 0) |
		       (r->contact_every.set ? CRMI_CLIENT_CONTACT_EVERY : 0) |
		       (r->value.set ? CRMI_CLIENT_VALUE : 0) | (r->note.set ? CRMI_CLIENT_NOTE : 0) |
		       (r->stage_since.set && !r->stage_since.null ? CRMI_CLIENT_STAGE_SINCE : 0) |
		       (r->created.set && !r->created.null ? CRMI_CLIENT_CREATED : 0);

	return crmi_client_update(im->db, cid, &row, set);
}

/* Writes one mapped record: a new client, or a merge into the one of its uuid. */
static crm_status write_rec(struct imp *im, const struct rec *r)
{
	struct crm_db *db = im->db;
	struct crm_import_stats *s = im->stats;
	int64_t cid = 0, owner = 0, n[5] = { 0 };
	char ubuf[37];
	bool merge = false, owner_set = r->owner.set || r->owner_uuid.set;
	crmi_stmt *st;
	crm_status rc;
	cJSON *j;

	if (r->uuid.v) {
		lower_uuid(ubuf, r->uuid.v);
	} else if (crm_uuid_new(ubuf, sizeof(ubuf)) != CRM_OK) {
		return crmi_fail(db, CRM_EDB, "cannot make a uuid");
	}
	if (r->uuid.v && (!im->sets || uuid_maybe(&im->clients, ubuf))) {
		st = crmi_prepare(db, sql_client_by_uuid);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_text(st, 1, ubuf);
		if (crmi_step(st) == CRMI_ROW) {
			cid = crmi_col_int64(st, 0);
			if (!(im->flags & CRM_IMPORT_UPDATE)) {
				rc = crmi_fail(db, CRM_EEXIST,
					       "client uuid '%s' already exists (client %lld '%s')", ubuf,
					       (long long)cid, crmi_col_text(st, 1));
				crmi_reset(st);
				return rc;
			}
			merge = true;
		}
		crmi_reset(st);
	}
	if (!merge && !r->name.v) {
		return bad(db, "name", _("missing: a new client needs a name"));
	}
	rc = manager_ref(im, r->owner_uuid.v ? "owner_uuid" : "owner", r->owner.v, r->owner_uuid.v,
			 &owner);
	if (rc == CRM_OK) {
		rc = merge ? client_merge(im, r, cid, owner_set, owner) :
			     client_insert(im, r, owner, ubuf, &cid);
	}
	if (rc == CRM_OK && im->sets && !merge) {
		uuid_add(&im->clients, ubuf);
	}
	if (rc == CRM_OK) {
		rc = write_contacts(im, cid, r, merge);
	}
	if (rc == CRM_OK) {
		rc = write_inters(im, cid, r, merge, &n[1]);
	}
	if (rc == CRM_OK && merge) {
		rc = crmi_client_recount(db, cid, &owner);
	}
	if (rc == CRM_OK) {
		rc = write_items(im, cid, owner, r, ITEM_PROMISE, merge, &n[2]);
	}
	if (rc == CRM_OK) {
		rc = write_items(im, cid, owner, r, ITEM_INCIDENT, merge, &n[3]);
	}
	if (rc == CRM_OK) {
		rc = write_items(im, cid, owner, r, ITEM_NEXT, merge, &n[4]);
	}
	if (rc != CRM_OK) {
		return rc;
	}
	n[0] = (int64_t)r->ncontacts;
	s->contacts += n[0];
	s->interactions += n[1];
	s->promises += n[2];
	s->incidents += n[3];
	s->next_actions += n[4];
	if (merge) {
		s->updated++;
	} else {
		s->added++;
	}
	j = cJSON_CreateObject();
	crmi_json_str(j, "uuid", ubuf);
	crmi_json_str(j, "name", r->name.v);
	cJSON_AddBoolToObject(j, "update", merge);
	crmi_json_int(j, "contacts", n[0]);
	crmi_json_int(j, "interactions", n[1]);
	crmi_json_int(j, "promises", n[2]);
	crmi_json_int(j, "incidents", n[3]);
	crmi_json_int(j, "next_actions", n[4]);
	return crmi_journal(db, "client.import", "client", cid, j);
}

/* ---- the stream ---------------------------------------------------------- */

/* Puts "line N: " before the recorded message. */
static crm_status at_line(struct crm_db *db, crm_status st, int64_t line)
{
	char msg[sizeof(db->errmsg)];

	if (st == CRM_OK) {
		return st;
	}
	snprintf(msg, sizeof(msg), "%s", db->errmsg);
	return crmi_fail(db, st, "line %lld: %s", (long long)line, msg);
}

static void progress(struct imp *im, bool last)
{
	int64_t n = im->stats->records;

	if (im->db->notify && (last || n % PROGRESS_EVERY == 0)) {
		im->db->notify(im->db->notify_data, "import", n, 0);
	}
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') {
			return false;
		}
	}
	return true;
}

static crm_status import_ndjson(struct imp *im, FILE *in)
{
	struct crm_db *db = im->db;
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int64_t lineno = 0;
	bool any = false;
	crm_status st = CRM_OK;

	while (st == CRM_OK && (got = getline(&line, &cap, in)) >= 0) {
		size_t n = (size_t)got;
		const char *text = line;
		struct rec r = { 0 };
		cJSON *obj = NULL;

		lineno++;
		if (n > 0 && text[n - 1] == '\n') {
			n--;
		}
		if (lineno == 1 && n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
			text += 3; /* a byte order mark */
			n -= 3;
		}
		if (blank(text, n)) {
			continue;
		}
		any = true;
		if (n > LINE_MAX_BYTES) {
			st = crmi_fail(db, CRM_EDATA, "a line longer than 64 MiB");
		} else {
			char why[sizeof(db->errmsg)];

			st = crmi_json_parse(text, n, &obj, why, sizeof(why));
			if (st != CRM_OK) {
				crmi_fail(db, st, "%s", why);
			}
		}
		if (st == CRM_OK) {
			st = map_json(db, obj, &r);
		}
		if (st == CRM_OK) {
			st = rec_check(db, &r, false);
		}
		if (st == CRM_OK) {
			st = write_rec(im, &r);
		}
		rec_release(&r);
		cJSON_Delete(obj);
		st = at_line(db, st, lineno);
		if (st == CRM_OK) {
			im->stats->records++;
			progress(im, false);
		}
	}
	if (st == CRM_OK && ferror(in)) {
		st = crmi_fail(db, CRM_EDATA, "cannot read the input: %s", strerror(errno));
	}
	/* an empty input is no JSON text: most likely the wrong file */
	if (st == CRM_OK && !any) {
		st = crmi_fail(db, CRM_EDATA, "no record in the input: it is empty or only white "
			       "space (one JSON object per line expected)");
	}
	free(line);
	return st;
}

static crm_status import_csv(struct imp *im, FILE *in)
{
	struct crm_db *db = im->db;
	const char *const *f;
	struct crmi_csv *csv;
	int pos[COL__COUNT];
	size_t n, want = 0;
	bool header = true;
	crm_status st, rd;

	if (crmi_csv_open(in, &csv) != CRM_OK) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = CRM_OK;
	while (st == CRM_OK && (rd = crmi_csv_next(csv, &f, &n)) == CRM_OK) {
		struct rec r = { 0 };

		if (header) {
			header = false;
			want = n;
			st = at_line(db, csv_header(db, f, n, pos), crmi_csv_line(csv));
			continue;
		}
		if (n != want) {
			st = crmi_fail(db, CRM_EDATA, "%zu fields where the header has %zu", n, want);
		}
		for (size_t i = 0; st == CRM_OK && i < n; i++) {
			csv_unguard((char *)f[i]); /* the reader's own buffer */
		}
		if (st == CRM_OK) {
			st = map_csv(db, f, pos, &r);
		}
		if (st == CRM_OK) {
			st = rec_check(db, &r, true);
		}
		if (st == CRM_OK) {
			st = write_rec(im, &r);
		}
		rec_release(&r);
		st = at_line(db, st, crmi_csv_line(csv));
		if (st == CRM_OK) {
			im->stats->records++;
			progress(im, false);
		}
	}
	if (st == CRM_OK && rd != CRM_DONE) {
		st = crmi_fail(db, rd, "line %lld: %s", (long long)crmi_csv_line(csv),
			       crmi_csv_errmsg(csv));
	}
	if (st == CRM_OK && header) {
		st = crmi_fail(db, CRM_EDATA, "line 1: no header row (a CSV import starts with: %s)",
			       "uuid,name,kind,...: see crm-client(1)");
	}
	crmi_csv_close(csv);
	return st;
}

/* The connection's page cache size (PRAGMA cache_size), or 0. */
static int64_t cache_size(struct crm_db *db)
{
	crmi_stmt *st = NULL;
	int64_t v = 0;

	if (crmi_stmt_new(db, "PRAGMA cache_size", &st) == CRMI_OK &&
	    crmi_step(st) == CRMI_ROW) {
		v = crmi_col_int64(st, 0);
	}
	crmi_finalize(st);
	return v;
}

static void set_cache_size(struct crm_db *db, int64_t v)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = %lld", (long long)v);
	crmi_exec_quiet(db, sql);
}

crm_status crm_import(struct crm_db *db, FILE *in, enum crm_import_format fmt, unsigned flags,
		      struct crm_import_stats *stats)
{
	int64_t cache = db->pg ? 0 : cache_size(db);
	struct crm_import_stats local;
	struct imp im = { .db = db, .flags = flags, .stats = stats ? stats : &local,
			  .now = crm_db_now(db), .actor = crm_db_actor(db) };
	crm_status st;

	memset(im.stats, 0, sizeof(*im.stats));
	read_sequences(&im);
	if (!*im.actor) {
		im.actor = "import";
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	/*
	 * The schema's CHECK (x IN (...)) constraints build a temporary b-tree
	 * at every INSERT, a third of the time of a big import. Every value
	 * written here was checked against the same lists first, so the
	 * checks are off while it runs (a flag pragma: it recompiles the
	 * statements, and again when it is turned back on).
	 */
	st = db->pg ? CRM_OK : crmi_exec(db, "PRAGMA ignore_check_constraints = ON");
	if (st == CRM_OK && db->pg) {
		/* one import is all or nothing: its writes need not wait each */
		int rc;

		im.sets = uuid_load(db, &im.clients, "SELECT uuid FROM client") &&
			  uuid_load(db, &im.contacts, "SELECT uuid FROM contact");
		crmi_pg_batch(db, true);
		st = fmt == CRM_IMPORT_CSV ? import_csv(&im, in) : import_ndjson(&im, in);
		rc = crmi_pg_batch(db, false);
		if (st == CRM_OK && rc != CRMI_OK) {
			st = crmi_sqlfail(db, rc, N_("cannot import"));
		}
	} else if (st == CRM_OK) {
		/* a big import touches the uuid and name indexes all over: a
		 * larger page cache (grown only as needed, to IMPORT_CACHE_KIB)
		 * keeps their hot pages out of the WAL until the commit */
		if (cache < 0 ? cache > -IMPORT_CACHE_KIB : cache < IMPORT_CACHE_KIB / 4) {
			set_cache_size(db, -IMPORT_CACHE_KIB);
		}
		st = fmt == CRM_IMPORT_CSV ? import_csv(&im, in) : import_ndjson(&im, in);
		set_cache_size(db, cache);
		crmi_exec_quiet(db, "PRAGMA ignore_check_constraints = OFF");
	}
	imp_forget(&im);
	if (st == CRM_OK) {
		progress(&im, true);
	} else {
		memset(im.stats, 0, sizeof(*im.stats));
	}
	return crmi_atomic_end(db, st);
}
