/*
 * client.c: the client sheet's own fields: who the client is, tier,
 * status, lifecycle stage, owner, contact frequency, value, traits,
 * interests, tags and a note. Contacts, interactions, promises, incidents
 * and next actions live in their own modules; full-text search in find.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

/* The longest contact frequency: ten years. */

static const char sql_client_insert[] =
	"INSERT INTO client(id, uuid, name, name_fold, kind, segment, tier, status, stage,"
	" stage_since, owner_id, contact_every, value, traits, interests, tags, note, created,"
	" updated, last_contact, orders, source)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
	" ?18, ?19, ?20, ?21, ?22)";
/* a NULL text keeps the stored one; a set flag (?5, ?12, ...) writes its value */
static const char sql_client_update[] =
	"UPDATE client SET"
	" name = coalesce(?2, name), name_fold = coalesce(?3, name_fold),"
	" kind = coalesce(?4, kind), segment = iif(?5 <> 0, ?6, segment),"
	" tier = coalesce(?7, tier), status = coalesce(?8, status),"
	" stage_since = CASE WHEN ?11 IS NOT NULL THEN ?11"
	"   WHEN ?9 IS NOT NULL AND ?9 <> stage THEN ?10 ELSE stage_since END,"
	" stage = coalesce(?9, stage),"
	" owner_id = iif(?12 <> 0, ?13, owner_id),"
	" contact_every = iif(?14 <> 0, ?15, contact_every),"
	" value = iif(?16 <> 0, ?17, value), traits = coalesce(?18, traits),"
	" interests = coalesce(?19, interests), tags = coalesce(?20, tags),"
	" note = iif(?21 <> 0, ?22, note), created = coalesce(?23, created), updated = ?24,"
	" source = iif(?25 <> 0, ?26, source)"
	" WHERE id = ?1 RETURNING name, note";
static const char sql_client_recount[] =
	"UPDATE client SET"
	" orders = (SELECT count(*) FROM interaction WHERE client_id = ?1 AND kind = 'order'),"
	" last_contact = (SELECT max(at) FROM interaction WHERE client_id = ?1)"
	" WHERE id = ?1 RETURNING owner_id";
/* last_contact only moves forward: a back-dated note leaves it alone */
static const char sql_client_noted[] =
	"UPDATE client SET last_contact = max(coalesce(last_contact, ?2), ?2), updated = ?3,"
	" orders = orders + ?4, status = coalesce(?5, status) WHERE id = ?1";
static const char sql_client_touch[] = "UPDATE client SET updated = ?2 WHERE id = ?1";
static const char sql_client_set_owner[] =
	"UPDATE client SET owner_id = ?2, updated = ?3 WHERE id = ?1";
static const char sql_client_set_status[] =
	"UPDATE client SET status = ?2, updated = ?3 WHERE id = ?1";
/* its sheet goes with it: ON DELETE CASCADE */
static const char sql_client_erase[] = "DELETE FROM client WHERE id = ?1";
static const char sql_client_set_referred_by[] =
	"UPDATE client SET referred_by = ?2 WHERE id = ?1";
static const char sql_client_by_uuid[] = "SELECT id FROM client WHERE uuid = ?1";
static const char sql_client_namesake[] =
	"SELECT id FROM client WHERE name_fold = ?1 AND id <> ?2 ORDER BY id LIMIT 1";
static const char sql_manager_name[] = "SELECT name FROM manager WHERE id = ?1";

/*
 * One row of the client list. last_contact (the latest interaction) and
 * orders are kept on the client row by interaction.c; next_due, the
 * earliest open next action, is one lookup in the index next_client.
 */
#define CLIENT_SELECT \
	"SELECT c.id, c.uuid, c.name, c.kind, c.segment, c.tier, c.status, c.stage," \
	" c.stage_since, c.owner_id, m.name, c.contact_every, c.value, c.traits, c.interests," \
	" c.tags, c.note, c.created, c.updated," \
	" c.last_contact AS lc," \
	" (SELECT min(n.due) FROM next_action n" \
	"   WHERE n.client_id = c.id AND n.status = 'open') AS nd," \
	" c.orders, c.source" \
	" FROM client c LEFT JOIN manager m ON m.id = c.owner_id"
/* tagged: "EXISTS (... WHERE tag = ?6)" over the tags of c, per backend */
#define CLIENT_WHERE(tagged) \
	" WHERE (?1 IS NULL OR c.owner_id = ?1) AND (?2 IS NULL OR c.tier = ?2)" \
	"   AND (?3 IS NULL OR c.status = ?3) AND (?4 IS NULL OR c.stage = ?4)" \
	"   AND (?5 IS NULL OR c.segment = ?5)" \
	"   AND (?6 IS NULL OR " tagged ")" \
	"   AND (?8 IS NULL OR c.source = ?8)"
#define TAGGED_LITE "EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value = ?6)"
#define TAGGED_PG \
	"EXISTS (SELECT 1 FROM json_array_elements_text(c.tags::json) t WHERE t = ?6)"

/* by last contact: never contacted first, then the longest ago (SQLite
 * sorts NULL first by itself, PostgreSQL needs NULLS FIRST) */
#define CLIENT_LIST(where, lc)                                                             \
	{                                                                                  \
		[CRM_SORT_NAME] = CLIENT_SELECT where " ORDER BY c.name_fold, c.id LIMIT ?7", \
		[CRM_SORT_LAST_CONTACT] = CLIENT_SELECT where                              \
		" ORDER BY " lc ", c.id LIMIT ?7",                                         \
		[CRM_SORT_VALUE] = CLIENT_SELECT where                                     \
		" ORDER BY c.value DESC NULLS LAST, c.id LIMIT ?7",                        \
		[CRM_SORT_CREATED] = CLIENT_SELECT where " ORDER BY c.created, c.id LIMIT ?7", \
	}
static const char *const sql_client_list[] = CLIENT_LIST(CLIENT_WHERE(TAGGED_LITE), "lc");
static const char *const sql_client_list_pg[] = CLIENT_LIST(CLIENT_WHERE(TAGGED_PG),
								  "lc NULLS FIRST");
static const char sql_client_one[] = CLIENT_SELECT " WHERE c.id = ?1";

/* x with the punctuation that starts a word turned into spaces */
#define WORD_SPACES(x)                                                                  \
	"replace(replace(replace(replace(replace(" x ", '«', ' '), '\"', ' '), '(', ' '),"  \
	" '-', ' '), '.', ' ')"

static const struct crmi_resolve_sql client_resolve_sql = {
	.sql_id = "SELECT id, name FROM client WHERE id = ?1",
	.sql_uuid = "SELECT id, name FROM client WHERE uuid = ?1",
	.sql_exact = "SELECT id, name FROM client WHERE name_fold = ?1 ORDER BY id LIMIT 11",
	.sql_prefix = "SELECT id, name FROM client WHERE name_fold >= ?1 AND name_fold < ?2"
		      " ORDER BY name_fold, id LIMIT 11",
	/* the start of a word in the name, when no name starts with the
	 * reference: "ромашка" finds ООО «Ромашка», "палки" Ёлки-палки. A
	 * scan, but only after the indexed passes found nothing. */
	.sql_contains = "SELECT id, name FROM client WHERE instr(' ' || " WORD_SPACES("name_fold")
			", ' ' || " WORD_SPACES("?1") ") > 0 ORDER BY name_fold, id LIMIT 11",
};

struct crm_client_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	struct crm_client row;
};

/* The fields of one client while it is added or edited (owned strings). */
struct cvals {
	char *name, *fold, *kind, *segment, *tier, *status, *stage;
	char *owner, *traits, *interests, *tags, *note, *source;
	int64_t stage_since, owner_id, contact_every; /* contact_every 0: none */
	bool has_value;
	int64_t value;
};

static void cvals_release(struct cvals *v)
{
	char **s[] = { &v->name,  &v->fold,   &v->kind,   &v->segment,   &v->tier, &v->status,
		       &v->stage, &v->owner,  &v->traits, &v->interests, &v->tags, &v->note,
		       &v->source };

	for (size_t i = 0; i < ARRAY_SIZE(s); i++) {
		free(*s[i]);
	}
	*v = (struct cvals){ 0 };
}

/* Replaces *slot with a copy of s; "" and NULL give NULL. */
static crm_status set_text(struct crm_db *db, char **slot, const char *s)
{
	char *d = NULL;

	if (s && *s && !(d = strdup(s))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	free(*slot);
	*slot = d;
	return CRM_OK;
}

/* ---- checks ------------------------------------------------------- */

/*
 * Checks every given member of in; edit allows "" to clear. The one
 * validator of a client's fields: add, edit and the import call it.
 */
crm_status crmi_client_check(struct crm_db *db, const struct crm_client_input *in)
{
	crm_status st = CRM_OK;

	if (in->name) {
		st = crm_check_name(db, "client name", in->name);
	}
	if (st == CRM_OK && in->kind) {
		st = crmi_enum_check(db, N_("kind"), in->kind, crm_client_kinds);
	}
	if (st == CRM_OK && in->tier) {
		st = crmi_enum_check(db, N_("tier"), in->tier, crm_client_tiers);
	}
	if (st == CRM_OK && in->status) {
		st = crmi_enum_check(db, N_("status"), in->status, crm_client_statuses);
	}
	if (st == CRM_OK && in->stage) {
		st = crmi_enum_check(db, N_("stage"), in->stage, crm_client_stages);
	}
	if (st == CRM_OK && in->segment && *in->segment) {
		st = crm_check_name(db, "segment", in->segment);
	}
	if (st == CRM_OK && in->source && *in->source) {
		st = crm_check_name(db, "source", in->source);
	}
	if (st == CRM_OK && in->note && *in->note) {
		st = crm_check_text(db, "note", in->note);
	}
	if (st == CRM_OK && (in->contact_every < -1 || in->contact_every > CRMI_CONTACT_EVERY_MAX)) {
		st = crmi_fail(db, CRM_EINVAL, "invalid contact frequency %lld: expected 1 to %d days",
			       (long long)in->contact_every, CRMI_CONTACT_EVERY_MAX);
	}
	if (st == CRM_OK && in->has_value && !crm_money_in_range(in->value)) {
		char buf[32];

		st = crmi_fail(db, CRM_EINVAL, "invalid value %s: at most 999 999 999 999.99",
			       crm_money_format(in->value, buf, sizeof(buf)));
	}
	if (st == CRM_OK && in->has_value && in->value < 0) {
		char buf[32];

		st = crmi_fail(db, CRM_EINVAL, "invalid value %s: the value of a client cannot be"
			       " negative", crm_money_format(in->value, buf, sizeof(buf)));
	}
	return st;
}

static crm_status owner_name(struct crm_db *db, int64_t id, char **out)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_name);
	crm_status res = CRM_OK;
	int rc;

	*out = NULL;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		res = set_text(db, out, crmi_col_text(st, 0));
	} else if (rc == CRMI_DONE) {
		res = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	} else {
		res = crmi_sqlfail(db, rc, "cannot look up the manager");
	}
	crmi_reset(st);
	return res;
}

/* Sets v's owner from a reference: "" none, else a manager. */
static crm_status set_owner(struct crm_db *db, struct cvals *v, const char *ref)
{
	int64_t id = 0;
	crm_status st;

	if (!*ref) {
		v->owner_id = 0;
		return set_text(db, &v->owner, NULL);
	}
	st = crm_manager_resolve(db, ref, &id);
	if (st == CRM_OK) {
		v->owner_id = id;
		free(v->owner);
		st = owner_name(db, id, &v->owner);
	}
	return st;
}

/* ---- journal data ------------------------------------------------- */

static void json_opt_int(cJSON *obj, const char *key, bool has, int64_t v)
{
	if (has) {
		crmi_json_int(obj, key, v);
	} else {
		cJSON_AddNullToObject(obj, key);
	}
}

static void json_money(cJSON *obj, const char *key, bool has, int64_t cents)
{
	char buf[32];

	crmi_json_str(obj, key, has ? crm_money_format(cents, buf, sizeof(buf)) : NULL);
}

static cJSON *vals_json(const struct cvals *v, const char *uuid)
{
	cJSON *o = cJSON_CreateObject();

	if (!o) {
		return NULL;
	}
	crmi_json_str(o, "uuid", uuid);
	crmi_json_str(o, "name", v->name);
	crmi_json_str(o, "kind", v->kind);
	crmi_json_str(o, "segment", v->segment);
	crmi_json_str(o, "tier", v->tier);
	crmi_json_str(o, "status", v->status);
	crmi_json_str(o, "stage", v->stage);
	json_opt_int(o, "owner_id", v->owner_id != 0, v->owner_id);
	crmi_json_str(o, "owner", v->owner);
	json_opt_int(o, "contact_every", v->contact_every != 0, v->contact_every);
	json_money(o, "value", v->has_value, v->value);
	crmi_json_list(o, "traits", v->traits);
	crmi_json_list(o, "interests", v->interests);
	crmi_json_list(o, "tags", v->tags);
	crmi_json_str(o, "note", v->note);
	crmi_json_str(o, "source", v->source);
	return o;
}

/* ---- add ---------------------------------------------------------- */

static void bind_opt(crmi_stmt *s, int idx, bool has, int64_t v)
{
	if (has) {
		crmi_bind_int64(s, idx, v);
	} else {
		crmi_bind_null(s, idx);
	}
}

static crm_status index_client(struct crm_db *db, int64_t id, const char *name, const char *note,
			       bool new_row)
{
	const char *parts[] = { name, note };

	return (new_row ? crmi_search_add : crmi_search_put)(
		db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CLIENT), id, parts, ARRAY_SIZE(parts));
}

/* The one INSERT INTO client: client add and the import. */
crm_status crmi_client_insert(struct crm_db *db, const struct crmi_client_row *r, int64_t *id)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_insert);
	char *fold;
	crm_status st;

	*id = 0;
	if (!s) {
		return db->errcode;
	}
	fold = crm_text_fold(r->name);
	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	bind_opt(s, 1, r->id != 0, r->id);
	crmi_bind_text(s, 2, r->uuid);
	crmi_bind_text(s, 3, r->name);
	crmi_bind_text_owned(s, 4, fold);
	crmi_bind_text(s, 5, r->kind);
	crmi_bind_text(s, 6, r->segment);
	crmi_bind_text(s, 7, r->tier);
	crmi_bind_text(s, 8, r->status);
	crmi_bind_text(s, 9, r->stage);
	crmi_bind_int64(s, 10, r->stage_since);
	bind_opt(s, 11, r->owner_id != 0, r->owner_id);
	bind_opt(s, 12, r->contact_every != 0, r->contact_every);
	bind_opt(s, 13, r->has_value, r->value);
	crmi_bind_text(s, 14, r->traits ? r->traits : "[]");
	crmi_bind_text(s, 15, r->interests ? r->interests : "[]");
	crmi_bind_text(s, 16, r->tags ? r->tags : "[]");
	crmi_bind_text(s, 17, r->note);
	crmi_bind_int64(s, 18, r->created);
	crmi_bind_int64(s, 19, r->updated);
	bind_opt(s, 20, r->has_last_contact, r->last_contact);
	crmi_bind_int64(s, 21, r->orders);
	crmi_bind_text(s, 22, r->source);
	st = crmi_step_insert(db, s, "cannot add the client");
	if (st == CRM_OK) {
		*id = crmi_last_id(db);
		st = index_client(db, *id, r->name, r->note, true);
	}
	return st;
}

/*
 * The one UPDATE of a client's fields: client edit and the import's merge.
 * NULL texts and 0 times keep the stored value, except the members named
 * in set; a new stage without a stage_since starts now.
 */
crm_status crmi_client_update(struct crm_db *db, int64_t id, const struct crmi_client_row *r,
			      unsigned set)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_update);
	char *fold = NULL;
	const char *parts[2];
	crm_status st;
	int rc;

	if (!s) {
		return db->errcode;
	}
	if (r->name && !(fold = crm_text_fold(r->name))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_bind_int64(s, 1, id);
	crmi_bind_text(s, 2, r->name);
	crmi_bind_text_owned(s, 3, fold);
	crmi_bind_text(s, 4, r->kind);
	crmi_bind_int(s, 5, !!(set & CRMI_CLIENT_SEGMENT));
	crmi_bind_text(s, 6, r->segment);
	crmi_bind_text(s, 7, r->tier);
	crmi_bind_text(s, 8, r->status);
	crmi_bind_text(s, 9, r->stage);
	crmi_bind_int64(s, 10, crm_db_now(db));
	bind_opt(s, 11, set & CRMI_CLIENT_STAGE_SINCE, r->stage_since);
	crmi_bind_int(s, 12, !!(set & CRMI_CLIENT_OWNER));
	bind_opt(s, 13, r->owner_id != 0, r->owner_id);
	crmi_bind_int(s, 14, !!(set & CRMI_CLIENT_CONTACT_EVERY));
	bind_opt(s, 15, r->contact_every != 0, r->contact_every);
	crmi_bind_int(s, 16, !!(set & CRMI_CLIENT_VALUE));
	bind_opt(s, 17, r->has_value, r->value);
	crmi_bind_text(s, 18, r->traits);
	crmi_bind_text(s, 19, r->interests);
	crmi_bind_text(s, 20, r->tags);
	crmi_bind_int(s, 21, !!(set & CRMI_CLIENT_NOTE));
	crmi_bind_text(s, 22, r->note);
	bind_opt(s, 23, set & CRMI_CLIENT_CREATED, r->created);
	crmi_bind_int64(s, 24, r->updated);
	crmi_bind_int(s, 25, !!(set & CRMI_CLIENT_SOURCE));
	crmi_bind_text(s, 26, r->source);
	rc = crmi_step(s);
	if (rc != CRMI_ROW) {
		crmi_reset(s);
		if (rc == CRMI_DONE) {
			return crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
		}
		return crmi_sqlfail(db, rc, "cannot change the client");
	}
	/* the search entry of the name and note as they are now */
	parts[0] = crmi_col_text(s, 0);
	parts[1] = crmi_col_text(s, 1);
	st = crmi_search_put(db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CLIENT), id, parts, 2);
	rc = crmi_step(s);
	crmi_reset(s);
	if (st == CRM_OK && rc != CRMI_DONE) {
		st = crmi_sqlfail(db, rc, "cannot change the client");
	}
	return st;
}

/* Orders and last contact counted again from the interactions; the owner in *owner_id. */
crm_status crmi_client_recount(struct crm_db *db, int64_t id, int64_t *owner_id)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_recount);
	int rc;

	*owner_id = 0;
	if (!s) {
		return db->errcode;
	}
	crmi_bind_int64(s, 1, id);
	rc = crmi_step(s);
	if (rc == CRMI_ROW) {
		*owner_id = crmi_col_int64(s, 0);
		rc = crmi_step(s);
	}
	crmi_reset(s);
	return rc == CRMI_DONE ? CRM_OK : crmi_sqlfail(db, rc, "cannot update the client");
}

/*
 * An interaction at time at was recorded: the last contact moves forward,
 * an order counts, status (NULL: unchanged) is set.
 */
crm_status crmi_client_noted(struct crm_db *db, int64_t id, int64_t at, bool order,
			     const char *status)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_noted);

	if (!s) {
		return db->errcode;
	}
	crmi_bind_int64(s, 1, id);
	crmi_bind_int64(s, 2, at);
	crmi_bind_int64(s, 3, crm_db_now(db));
	crmi_bind_int(s, 4, order);
	crmi_bind_text(s, 5, status);
	return crmi_step_done(db, s, "cannot update the client");
}

/* Bumps client.updated; ENOTFOUND when there is no such client. */
crm_status crmi_client_touch(struct crm_db *db, int64_t client_id)
{
	crmi_stmt *st = crmi_prepare(db, sql_client_touch);
	crm_status s;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	crmi_bind_int64(st, 2, crm_db_now(db));
	s = crmi_step_done(db, st, "cannot update the client");
	if (s == CRM_OK && crmi_changes(db) == 0) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	}
	return s;
}

/* Runs sql (?1 id, ?2 the number or else the text, ?3 now). */
static crm_status set_one(struct crm_db *db, const char *sql, int64_t id, int64_t v,
			  const char *text, const char *what)
{
	crmi_stmt *s = crmi_prepare(db, sql);

	if (!s) {
		return db->errcode;
	}
	crmi_bind_int64(s, 1, id);
	if (text) {
		crmi_bind_text(s, 2, text);
	} else {
		crmi_bind_int64(s, 2, v);
	}
	crmi_bind_int64(s, 3, crm_db_now(db));
	return crmi_step_done(db, s, what);
}

/* A handover's change of owner (journaled by the handover). */
crm_status crmi_client_set_owner(struct crm_db *db, int64_t id, int64_t owner_id)
{
	return set_one(db, sql_client_set_owner, id, owner_id, NULL, "cannot change the owner");
}

/* A change of status by a process (farewell), journaled by it. */
crm_status crmi_client_set_status(struct crm_db *db, int64_t id, const char *status)
{
	return set_one(db, sql_client_set_status, id, 0, status, "cannot change the client");
}

/* The client whose VIP survey brought client id in. */
crm_status crmi_client_set_referred_by(struct crm_db *db, int64_t id, int64_t by)
{
	return set_one(db, sql_client_set_referred_by, id, by, NULL, "cannot link the referral");
}

/* An erasure: the client and, by the schema, every row of its sheet. */
crm_status crmi_client_erase(struct crm_db *db, int64_t id)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_erase);

	if (!s) {
		return db->errcode;
	}
	crmi_bind_int64(s, 1, id);
	return crmi_step_done(db, s, "cannot erase the client");
}

/* The row of the fields in v. */
static struct crmi_client_row vals_row(const struct cvals *v)
{
	return (struct crmi_client_row){
		.name = v->name, .kind = v->kind, .segment = v->segment, .tier = v->tier,
		.status = v->status, .stage = v->stage, .traits = v->traits,
		.interests = v->interests, .tags = v->tags, .note = v->note, .source = v->source,
		.stage_since = v->stage_since, .owner_id = v->owner_id,
		.contact_every = v->contact_every, .has_value = v->has_value, .value = v->value,
	};
}

/* The uuid of a new client: the imported one (checked) or a new one. */
static crm_status new_uuid(struct crm_db *db, const char *given, char *buf, size_t n)
{
	crmi_stmt *s;
	int64_t other = 0;
	int rc;

	if (!given) {
		if (crm_uuid_new(buf, n) != CRM_OK) {
			return crmi_fail(db, CRM_EDB, "cannot make a uuid");
		}
		return CRM_OK;
	}
	if (!crm_uuid_valid(given)) {
		return crmi_fail(db, CRM_EINVAL, "invalid uuid '%s'", given);
	}
	s = crmi_prepare(db, sql_client_by_uuid);
	if (!s) {
		return db->errcode;
	}
	crmi_bind_text(s, 1, given);
	rc = crmi_step(s);
	if (rc == CRMI_ROW) {
		other = crmi_col_int64(s, 0);
	}
	crmi_reset(s);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot look up the uuid");
	}
	if (other) {
		return crmi_fail(db, CRM_EEXIST, "a client with uuid '%s' already exists (id %lld)",
				 given, (long long)other);
	}
	snprintf(buf, n, "%s", given);
	return CRM_OK;
}

/* The fields of a new client from in and the defaults. */
static crm_status fill_new(struct crm_db *db, const struct crm_client_input *in, struct cvals *v)
{
	crm_status st = crmi_client_check(db, in);

	if (st == CRM_OK && !in->name) {
		st = crmi_fail(db, CRM_EINVAL, "empty client name");
	}
	if (st != CRM_OK) {
		return st;
	}
	v->stage_since = crm_db_now(db);
	v->contact_every = in->contact_every > 0 ? in->contact_every : 0;
	v->has_value = in->has_value;
	v->value = in->value;
	v->fold = crm_text_fold(in->name);
	if (!v->fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if ((st = set_text(db, &v->name, in->name)) != CRM_OK ||
	    (st = set_text(db, &v->kind, in->kind ? in->kind : "company")) != CRM_OK ||
	    (st = set_text(db, &v->segment, in->segment)) != CRM_OK ||
	    (st = set_text(db, &v->source, in->source)) != CRM_OK ||
	    (st = set_text(db, &v->tier, in->tier ? in->tier : "regular")) != CRM_OK ||
	    (st = set_text(db, &v->status, in->status ? in->status : "prospect")) != CRM_OK ||
	    (st = set_text(db, &v->stage, in->stage ? in->stage : "courtship")) != CRM_OK ||
	    (st = set_text(db, &v->note, in->note)) != CRM_OK) {
		return st;
	}
	if (in->owner) {
		st = set_owner(db, v, in->owner);
	} else if ((v->owner_id = crm_manager_self(db)) != 0) {
		/* the default owner: whoever adds the client, when a manager */
		st = owner_name(db, v->owner_id, &v->owner);
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "trait", NULL, &in->traits, &v->traits);
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "interest", NULL, &in->interests, &v->interests);
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "tag", NULL, &in->tags, &v->tags);
	}
	return st;
}

static crm_status add_locked(struct crm_db *db, const struct crm_client_input *in, int64_t *id)
{
	struct cvals v = { 0 };
	struct crmi_client_row r;
	char uuid[40];
	crm_status st = fill_new(db, in, &v);

	if (st == CRM_OK) {
		st = new_uuid(db, in->uuid, uuid, sizeof(uuid));
	}
	if (st == CRM_OK) {
		r = vals_row(&v);
		r.uuid = uuid;
		r.created = r.updated = crm_db_now(db);
		st = crmi_client_insert(db, &r, id);
	}
	if (st == CRM_OK) {
		st = crmi_journal(db, "client.add", "client", *id, vals_json(&v, uuid));
	}
	cvals_release(&v);
	return st;
}

crm_status crm_client_add(struct crm_db *db, const struct crm_client_input *in, int64_t *id)
{
	crm_status st;

	*id = 0;
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = add_locked(db, in, id);
	if (st != CRM_OK) {
		*id = 0;
	}
	return crmi_atomic_end(db, st);
}

/* ---- edit --------------------------------------------------------- */

/* Copies the fields of row c into v. */
static crm_status copy_row(struct crm_db *db, const struct crm_client *c, struct cvals *v)
{
	struct {
		char **slot;
		const char *s;
	} texts[] = {
		{ &v->name, c->name },     { &v->kind, c->kind },
		{ &v->segment, c->segment }, { &v->tier, c->tier },
		{ &v->status, c->status }, { &v->stage, c->stage },
		{ &v->owner, c->owner },   { &v->traits, c->traits },
		{ &v->interests, c->interests }, { &v->tags, c->tags },
		{ &v->note, c->note },     { &v->source, c->source },
	};
	crm_status st = CRM_OK;

	v->stage_since = c->stage_since;
	v->owner_id = c->owner_id;
	v->contact_every = c->contact_every;
	v->has_value = c->has_value;
	v->value = c->value;
	v->fold = crm_text_fold(c->name);
	if (!v->fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < ARRAY_SIZE(texts) && st == CRM_OK; i++) {
		st = set_text(db, texts[i].slot, texts[i].s);
	}
	return st;
}

static crm_status load(struct crm_db *db, int64_t id, struct cvals *v)
{
	struct crm_client_filter f = { .id = id };
	struct crm_client_iter *it;
	const struct crm_client *c;
	crm_status st = crm_client_query(db, &f, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_client_iter_next(it, &c);
	if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
	} else if (st == CRM_OK) {
		st = copy_row(db, c, v);
	}
	crm_client_iter_destroy(it);
	return st;
}

/* {"old": a, "new": b} under key when the texts differ; true if they do. */
static bool diff_text(cJSON *changes, const char *key, const char *a, const char *b)
{
	cJSON *c;

	if ((!a && !b) || (a && b && strcmp(a, b) == 0)) {
		return false;
	}
	c = cJSON_AddObjectToObject(changes, key);
	if (c) {
		crmi_json_str(c, "old", a);
		crmi_json_str(c, "new", b);
	}
	return true;
}

/* A text field: in (NULL unchanged, "" clears when clearable) into *slot. */
static crm_status edit_text(struct crm_db *db, cJSON *changes, const char *key, char **slot,
			    const char *in)
{
	if (!in) {
		return CRM_OK;
	}
	if (!diff_text(changes, key, *slot, *in ? in : NULL)) {
		return CRM_OK;
	}
	return set_text(db, slot, in);
}

static crm_status edit_list(struct crm_db *db, cJSON *changes, const char *what,
			    const char *key, char **slot, const struct crm_list_edit *ed)
{
	char *list = NULL;
	cJSON *c;
	crm_status st = crmi_list_apply(db, what, *slot, ed, &list);

	if (st != CRM_OK) {
		return st;
	}
	if (strcmp(list, *slot ? *slot : "[]") == 0) {
		free(list);
		return CRM_OK;
	}
	c = cJSON_AddObjectToObject(changes, key);
	if (c) {
		crmi_json_list(c, "old", *slot);
		crmi_json_list(c, "new", list);
	}
	free(*slot);
	*slot = list;
	return CRM_OK;
}

static crm_status edit_name(struct crm_db *db, cJSON *changes, struct cvals *v, const char *name)
{
	char *fold;

	if (!name || strcmp(name, v->name) == 0) {
		return CRM_OK;
	}
	fold = crm_text_fold(name);
	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	free(v->fold);
	v->fold = fold;
	diff_text(changes, "name", v->name, name);
	return set_text(db, &v->name, name);
}

static crm_status edit_owner(struct crm_db *db, cJSON *changes, struct cvals *v, const char *ref)
{
	int64_t old_id = v->owner_id;
	char *old = v->owner;
	cJSON *c;
	crm_status st;

	if (!ref) {
		return CRM_OK;
	}
	v->owner = NULL;
	st = set_owner(db, v, ref);
	if (st == CRM_OK && v->owner_id != old_id) {
		diff_text(changes, "owner", old, v->owner);
		c = cJSON_AddObjectToObject(changes, "owner_id");
		if (c) {
			json_opt_int(c, "old", old_id != 0, old_id);
			json_opt_int(c, "new", v->owner_id != 0, v->owner_id);
		}
	}
	free(old);
	return st;
}

/* contact_every and value. */
static void edit_numbers(cJSON *changes, struct cvals *v, const struct crm_client_input *in)
{
	cJSON *c;

	if (in->contact_every >= 0 && in->contact_every != v->contact_every) {
		c = cJSON_AddObjectToObject(changes, "contact_every");
		if (c) {
			json_opt_int(c, "old", v->contact_every != 0, v->contact_every);
			json_opt_int(c, "new", in->contact_every != 0, in->contact_every);
		}
		v->contact_every = in->contact_every;
	}
	if (in->has_value && (!v->has_value || in->value != v->value)) {
		c = cJSON_AddObjectToObject(changes, "value");
		if (c) {
			json_money(c, "old", v->has_value, v->value);
			json_money(c, "new", true, in->value);
		}
		v->has_value = true;
		v->value = in->value;
	}
}

static crm_status apply_edit(struct crm_db *db, const struct crm_client_input *in,
			     struct cvals *v, cJSON *changes)
{
	crm_status st = crmi_client_check(db, in);
	bool new_stage = in->stage && strcmp(in->stage, v->stage) != 0;

	if (st == CRM_OK && (st = edit_name(db, changes, v, in->name)) == CRM_OK &&
	    (st = edit_text(db, changes, "kind", &v->kind, in->kind)) == CRM_OK &&
	    (st = edit_text(db, changes, "segment", &v->segment, in->segment)) == CRM_OK &&
	    (st = edit_text(db, changes, "source", &v->source, in->source)) == CRM_OK &&
	    (st = edit_text(db, changes, "tier", &v->tier, in->tier)) == CRM_OK &&
	    (st = edit_text(db, changes, "status", &v->status, in->status)) == CRM_OK &&
	    (st = edit_text(db, changes, "stage", &v->stage, in->stage)) == CRM_OK &&
	    (st = edit_owner(db, changes, v, in->owner)) == CRM_OK &&
	    (st = edit_text(db, changes, "note", &v->note, in->note)) == CRM_OK &&
	    (st = edit_list(db, changes, "trait", "traits", &v->traits, &in->traits)) == CRM_OK &&
	    (st = edit_list(db, changes, "interest", "interests", &v->interests,
			    &in->interests)) == CRM_OK &&
	    (st = edit_list(db, changes, "tag", "tags", &v->tags, &in->tags)) == CRM_OK) {
		edit_numbers(changes, v, in);
		/* a new stage starts now: stage_since dates the current one */
		if (new_stage) {
			v->stage_since = crm_db_now(db);
		}
	}
	return st;
}

static crm_status edit_locked(struct crm_db *db, int64_t id, const struct crm_client_input *in,
			      bool *changed)
{
	struct cvals v = { 0 };
	cJSON *changes = cJSON_CreateObject(), *data = NULL;
	crm_status st = changes ? load(db, id, &v) : crmi_fail(db, CRM_ENOMEM, "out of memory");
	struct crmi_client_row r;

	if (st == CRM_OK) {
		st = apply_edit(db, in, &v, changes);
	}
	if (st != CRM_OK || !changes->child) {
		goto done;
	}
	r = vals_row(&v);
	r.updated = crm_db_now(db);
	st = crmi_client_update(db, id, &r, CRMI_CLIENT_ALL & ~CRMI_CLIENT_CREATED);
	if (st == CRM_OK) {
		data = cJSON_CreateObject();
		if (data) {
			crmi_json_str(data, "name", v.name);
			cJSON_AddItemToObject(data, "changes", changes);
			changes = NULL;
		}
		st = crmi_journal(db, "client.edit", "client", id, data);
		*changed = st == CRM_OK;
	}
done:
	cJSON_Delete(changes);
	cvals_release(&v);
	return st;
}

crm_status crm_client_edit_changed(struct crm_db *db, int64_t id,
				   const struct crm_client_input *in, bool *changed)
{
	bool dummy = false;
	crm_status st;

	if (!changed) {
		changed = &dummy;
	}
	*changed = false;
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = edit_locked(db, id, in, changed);
	if (st != CRM_OK) {
		*changed = false;
	}
	return crmi_atomic_end(db, st);
}

crm_status crm_client_edit(struct crm_db *db, int64_t id, const struct crm_client_input *in)
{
	return crm_client_edit_changed(db, id, in, NULL);
}

/* ---- references and queries -------------------------------------- */

crm_status crm_client_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	crmi_clear_error(db);
	return crmi_resolve(db, "client", ref, &client_resolve_sql, id);
}

int64_t crm_client_namesake(struct crm_db *db, const char *name, int64_t except)
{
	char *fold = name ? crm_text_fold(name) : NULL;
	crmi_stmt *st;
	int64_t id = 0;

	if (!fold) {
		return 0;
	}
	st = crmi_prepare(db, sql_client_namesake);
	if (st) {
		crmi_bind_text(st, 1, fold);
		crmi_bind_int64(st, 2, except);
		if (crmi_step(st) == CRMI_ROW) {
			id = crmi_col_int64(st, 0);
		}
		crmi_reset(st);
	}
	free(fold);
	return id;
}

static const char sql_client_ids[] = "SELECT id FROM client ORDER BY id";

struct crm_id_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
};

crm_status crm_client_ids(struct crm_db *db, struct crm_id_iter **out)
{
	struct crm_id_iter *it = calloc(1, sizeof(*it));
	int rc;

	*out = NULL;
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_take(db, sql_client_ids, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot list the clients");
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_id_iter_next(struct crm_id_iter *it, int64_t *id)
{
	crm_status rc = crmi_iter_step(it->db, it->st, &it->done, "cannot list the clients");

	*id = rc == CRM_OK ? crmi_col_int64(it->st, 0) : 0;
	return rc;
}

void crm_id_iter_destroy(struct crm_id_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, sql_client_ids, it->st);
	free(it);
}

crm_status crm_client_query(struct crm_db *db, const struct crm_client_filter *f,
			    struct crm_client_iter **out)
{
	static const struct crm_client_filter none = { 0 };
	struct crm_client_iter *it;
	const char *sql;
	int rc;

	*out = NULL;
	if (!f) {
		f = &none;
	}
	if ((unsigned)f->sort >= ARRAY_SIZE(sql_client_list)) {
		return crmi_fail(db, CRM_EINVAL, "invalid sort order %d", (int)f->sort);
	}
	sql = f->id ? sql_client_one : (db->pg ? sql_client_list_pg : sql_client_list)[f->sort];
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the clients");
	}
	if (f->id) {
		crmi_bind_int64(it->st, 1, f->id);
	} else {
		if (f->owner_id) {
			crmi_bind_int64(it->st, 1, f->owner_id);
		}
		crmi_bind_text(it->st, 2, f->tier);
		crmi_bind_text(it->st, 3, f->status);
		crmi_bind_text(it->st, 4, f->stage);
		crmi_bind_text(it->st, 5, f->segment);
		crmi_bind_text(it->st, 6, f->tag);
		crmi_bind_text(it->st, 8, f->source);
		crmi_bind_int64(it->st, 7, f->limit > 0 ? f->limit : -1);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_client_iter_next(struct crm_client_iter *it, const struct crm_client **row)
{
	crmi_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the clients");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_client){
		.id = crmi_col_int64(s, 0),
		.uuid = crmi_col_text(s, 1),
		.name = crmi_col_text(s, 2),
		.kind = crmi_col_text(s, 3),
		.segment = crmi_col_text(s, 4),
		.tier = crmi_col_text(s, 5),
		.status = crmi_col_text(s, 6),
		.stage = crmi_col_text(s, 7),
		.stage_since = crmi_col_int64(s, 8),
		.owner_id = crmi_col_int64(s, 9),
		.owner = crmi_col_text(s, 10),
		.contact_every = crmi_col_int64(s, 11),
		.has_value = !crmi_col_null(s, 12),
		.value = crmi_col_int64(s, 12),
		.traits = crmi_col_text(s, 13),
		.interests = crmi_col_text(s, 14),
		.tags = crmi_col_text(s, 15),
		.note = crmi_col_text(s, 16),
		.created = crmi_col_int64(s, 17),
		.updated = crmi_col_int64(s, 18),
		.last_contact = crmi_col_int64(s, 19),
		.next_due = crmi_col_int64(s, 20),
		.orders = crmi_col_int64(s, 21),
		.source = crmi_col_text(s, 22),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_client_iter_destroy(struct crm_client_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}

/* ---- monopolised clients (the VIP programme, migration 5) ------------- */

static const char sql_client_monopolized[] =
	"SELECT c.name, c.monopolized, m.name FROM client c"
	" LEFT JOIN manager m ON m.id = c.owner_id WHERE c.id = ?1";
static const char sql_client_set_monopolized[] =
	"UPDATE client SET monopolized = ?2, updated = ?3 WHERE id = ?1";
static const char sql_actor_role[] = "SELECT role FROM manager WHERE id = ?1";

/* ECONFLICT unless the actor is a manager of role head. */
static crm_status check_head(struct crm_db *db)
{
	int64_t me = crm_manager_self(db);
	crmi_stmt *s = me ? crmi_prepare(db, sql_actor_role) : NULL;
	bool head = false;

	if (me && !s) {
		return db->errcode;
	}
	if (s) {
		crmi_bind_int64(s, 1, me);
		head = crmi_step(s) == CRMI_ROW &&
		       strcmp(crmi_col_text(s, 0), "head") == 0;
		crmi_reset(s);
	}
	if (!head) {
		return crmi_fail(db, CRM_ECONFLICT,
				 "only a head of sales may mark a client monopolised: '%s' is not a "
				 "manager of role head", crm_db_actor(db));
	}
	return CRM_OK;
}

static crm_status monopolize_locked(struct crm_db *db, int64_t id, bool on, bool *changed)
{
	crmi_stmt *s = crmi_prepare(db, sql_client_monopolized);
	char *name = NULL, *owner = NULL;
	bool was = false;
	crm_status st = s ? CRM_OK : db->errcode;
	cJSON *j;
	int rc;

	if (st != CRM_OK) {
		return st;
	}
	crmi_bind_int64(s, 1, id);
	rc = crmi_step(s);
	if (rc == CRMI_ROW) {
		was = crmi_col_int(s, 1) != 0;
		st = set_text(db, &name, crmi_col_text(s, 0));
		if (st == CRM_OK) {
			st = set_text(db, &owner, crmi_col_text(s, 2));
		}
	} else if (rc == CRMI_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
	} else {
		st = crmi_sqlfail(db, rc, "cannot read the client");
	}
	crmi_reset(s);
	if (st == CRM_OK) {
		st = check_head(db);
	}
	if (st == CRM_OK && was != on) {
		s = crmi_prepare(db, sql_client_set_monopolized);
		st = s ? CRM_OK : db->errcode;
		if (st == CRM_OK) {
			crmi_bind_int64(s, 1, id);
			crmi_bind_int(s, 2, on);
			crmi_bind_int64(s, 3, crm_db_now(db));
			st = crmi_step_done(db, s, "cannot change the client");
		}
		if (st == CRM_OK) {
			j = cJSON_CreateObject();
			crmi_json_str(j, "name", name);
			crmi_json_str(j, "owner", owner);
			cJSON_AddBoolToObject(j, "old", was);
			cJSON_AddBoolToObject(j, "new", on);
			st = crmi_journal(db, "client.monopolized", "client", id, j);
		}
		*changed = st == CRM_OK;
	}
	free(name);
	free(owner);
	return st;
}

crm_status crm_client_set_monopolized(struct crm_db *db, int64_t client_id, bool on,
				      bool *changed)
{
	bool dummy = false;
	crm_status st;

	if (!changed) {
		changed = &dummy;
	}
	*changed = false;
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = monopolize_locked(db, client_id, on, changed);
	if (st != CRM_OK) {
		*changed = false;
	}
	return crmi_atomic_end(db, st);
}
