/*
 * contact.c: key contacts at a client: who they are, how to reach them and
 * when their data was last confirmed with the client (key people change).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define DAY INT64_C(86400)

const char *const crm_genders[] = { "f", "m", NULL };
const char *const crm_contact_channels[] = { "email", "phone", "messenger", NULL };

static const char sql_client_exists[] = "SELECT id FROM client WHERE id = ?1";

static const char sql_uuid_exists[] = "SELECT id FROM contact WHERE uuid = ?1";

static const char sql_insert[] =
	"INSERT INTO contact(id, uuid, client_id, name, name_fold, role, phone, email, is_key,"
	" verified, created, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

static const char sql_get[] =
	"SELECT id, uuid, client_id, name, role, phone, email, is_key, verified, created,"
	" address, first_name, patronymic, last_name, gender, address_as, position, birthday,"
	" interests, note, preferred, messenger, left_on, successor_id FROM contact WHERE id = ?1";

/* a NULL keeps the stored value; a set flag (?4, ?6, ...) writes its value */
static const char sql_update[] =
	"UPDATE contact SET name = coalesce(?2, name), name_fold = coalesce(?3, name_fold),"
	" role = iif(?4 <> 0, ?5, role), phone = iif(?6 <> 0, ?7, phone),"
	" email = iif(?8 <> 0, ?9, email), is_key = coalesce(?10, is_key),"
	" verified = iif(?11 <> 0, ?12, verified), created = coalesce(?13, created),"
	" address = iif(?14 <> 0, ?15, address) WHERE id = ?1"
	" RETURNING client_id, name, role, email, phone, address";

/* what the shared INSERT and UPDATE (crmi_contact_insert, crmi_contact_update,
 * also the import's) leave out: the name in parts for the letters */
static const char sql_parts[] =
	"UPDATE contact SET first_name = ?2, patronymic = ?3, last_name = ?4, gender = ?5,"
	" address_as = ?6 WHERE id = ?1";

/* the person (step 11): written with the name parts, by contact add and edit */
static const char sql_person[] =
	"UPDATE contact SET position = ?2, birthday = ?3, interests = ?4, note = ?5,"
	" preferred = ?6, messenger = ?7 WHERE id = ?1";

/* the person of the import (crmi_contact_row): the columns of step 11 */
static const char sql_row_person[] =
	"UPDATE contact SET position = ?2, birthday = ?3, interests = coalesce(?4, '[]'),"
	" note = ?5, preferred = ?6, messenger = ?7, left_on = ?8 WHERE id = ?1";

static const char sql_successor[] = "UPDATE contact SET successor_id = ?2 WHERE id = ?1";

static const char sql_leave[] =
	"UPDATE contact SET left_on = ?2, successor_id = ?3 WHERE id = ?1";

static const char sql_verify[] = "UPDATE contact SET verified = ?2 WHERE id = ?1";

static const char sql_delete[] = "DELETE FROM contact WHERE id = ?1";

/* Resolution: the name column carries the client too, so that candidates
 * of an ambiguous reference can be told apart: "7 Иван Петров (Ромашка)". */
static const struct crmi_resolve_sql resolve_sql = {
	.sql_id = "SELECT c.id, c.name || ' (' || cl.name || ')' FROM contact c"
		  " JOIN client cl ON cl.id = c.client_id WHERE c.id = ?1",
	.sql_uuid = "SELECT c.id, c.name || ' (' || cl.name || ')' FROM contact c"
		    " JOIN client cl ON cl.id = c.client_id WHERE c.uuid = ?1",
	.sql_exact = "SELECT c.id, c.name || ' (' || cl.name || ')' FROM contact c"
		     " JOIN client cl ON cl.id = c.client_id WHERE c.name_fold = ?1"
		     " ORDER BY c.id LIMIT 11",
	.sql_prefix = "SELECT c.id, c.name || ' (' || cl.name || ')' FROM contact c"
		      " JOIN client cl ON cl.id = c.client_id"
		      " WHERE c.name_fold >= ?1 AND c.name_fold < ?2"
		      " ORDER BY c.name_fold, c.id LIMIT 11",
	.sql_contains = "SELECT c.id, c.name || ' (' || cl.name || ')' FROM contact c"
			" JOIN client cl ON cl.id = c.client_id"
			" WHERE instr(' ' || c.name_fold, ' ' || ?1) > 0"
			" ORDER BY c.name_fold, c.id LIMIT 11",
};

/* The query has three shapes so that each uses its index: one contact, the
 * contacts of one client (contact_client), every contact. ?1 the id or
 * client id, ?2 key only (key people still there: those who left are
 * not key any more), ?3 the stale cutoff (NULL: no stale filter), ?4 only
 * those still at the client. */
#define QUERY_COLS                                                                      \
	"SELECT c.id, c.uuid, c.client_id, cl.name, c.name, c.role, c.phone, c.email,"  \
	" c.is_key, c.verified, c.created, c.address, c.first_name, c.patronymic, c.last_name,"  \
	" c.gender, c.address_as, c.position, c.birthday, c.interests, c.note, c.preferred,"    \
	" c.messenger, c.left_on, c.successor_id"                                        \
	" FROM contact c JOIN client cl ON cl.id = c.client_id"
#define QUERY_FILTER                                                                    \
	" AND (?2 = 0 OR (c.is_key = 1 AND c.left_on IS NULL))"                         \
	" AND (?4 = 0 OR c.left_on IS NULL)"                                            \
	" AND (?3 IS NULL OR c.verified IS NULL OR c.verified < ?3)"

static const char sql_query_one[] = QUERY_COLS " WHERE c.id = ?1" QUERY_FILTER;
static const char sql_query_client[] =
	QUERY_COLS " WHERE c.client_id = ?1" QUERY_FILTER
		   " ORDER BY c.is_key DESC, c.name_fold, c.id";
/* every contact: walk the clients by name (client_name) and each one's
 * contacts (contact_client), so that rows stream in order without a sort
 * of the whole table; CROSS JOIN keeps that order of the loops on SQLite
 * (PostgreSQL has no CROSS JOIN ... ON, and plans the join itself) */
#define QUERY_ALL(join)                                                                  \
	"SELECT c.id, c.uuid, c.client_id, cl.name, c.name, c.role, c.phone, c.email,"   \
	" c.is_key, c.verified, c.created, c.address, c.first_name, c.patronymic,"       \
	" c.last_name, c.gender, c.address_as, c.position, c.birthday, c.interests, c.note," \
	" c.preferred, c.messenger, c.left_on, c.successor_id FROM client cl " join       \
	" contact c ON c.client_id = cl.id WHERE ?1 IS NULL" QUERY_FILTER                \
	" ORDER BY cl.name_fold, cl.id, c.is_key DESC, c.name_fold, c.id"
static const char sql_query_all[] = QUERY_ALL("CROSS JOIN");
static const char sql_query_all_pg[] = QUERY_ALL("JOIN");

/* A contact as stored, with copies of its text (for edit and remove). */
struct stored {
	int64_t id, client_id, verified, created, left, successor_id;
	bool key;
	char *uuid, *name, *role, *phone, *email, *address;
	char *first_name, *patronymic, *last_name, *gender, *address_as;
	char *position, *birthday, *note, *preferred, *messenger;
	char *interests;
};

/* The row of a stored contact c (verified 0: none). */
#define STORED_ROW(c)                                                                        \
	{ .client_id = (c).client_id, .uuid = (c).uuid, .name = (c).name, .role = (c).role,  \
	  .phone = (c).phone, .email = (c).email, .address = (c).address, .is_key = (c).key, \
	  .has_verified = (c).verified != 0, .verified = (c).verified, .created = (c).created }

struct crm_contact_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	struct crm_contact row;
};

static void stored_release(struct stored *c)
{
	free(c->uuid);
	free(c->name);
	free(c->role);
	free(c->phone);
	free(c->email);
	free(c->address);
	free(c->first_name);
	free(c->patronymic);
	free(c->last_name);
	free(c->gender);
	free(c->address_as);
	free(c->position);
	free(c->birthday);
	free(c->note);
	free(c->preferred);
	free(c->messenger);
	free(c->interests);
	*c = (struct stored){ 0 };
}

static crm_status stored_load(struct crm_db *db, int64_t id, struct stored *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_get);
	crm_status ret = CRM_OK;
	int rc;

	*c = (struct stored){ 0 };
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		c->id = crmi_col_int64(st, 0);
		c->uuid = crmi_col_dup(st, 1);
		c->client_id = crmi_col_int64(st, 2);
		c->name = crmi_col_dup(st, 3);
		c->role = crmi_col_dup(st, 4);
		c->phone = crmi_col_dup(st, 5);
		c->email = crmi_col_dup(st, 6);
		c->key = crmi_col_int(st, 7) != 0;
		c->verified = crmi_col_int64(st, 8);
		c->created = crmi_col_int64(st, 9);
		c->address = crmi_col_dup(st, 10);
		c->first_name = crmi_col_dup(st, 11);
		c->patronymic = crmi_col_dup(st, 12);
		c->last_name = crmi_col_dup(st, 13);
		c->gender = crmi_col_dup(st, 14);
		c->address_as = crmi_col_dup(st, 15);
		c->position = crmi_col_dup(st, 16);
		c->birthday = crmi_col_dup(st, 17);
		c->interests = crmi_col_dup(st, 18);
		c->note = crmi_col_dup(st, 19);
		c->preferred = crmi_col_dup(st, 20);
		c->messenger = crmi_col_dup(st, 21);
		c->left = crmi_col_int64(st, 22);
		c->successor_id = crmi_col_int64(st, 23);
		if (!c->uuid || !c->name || !c->interests) {
			ret = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no contact with id %lld", (long long)id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the contact");
	}
	crmi_reset(st);
	if (ret != CRM_OK) {
		stored_release(c);
	}
	return ret;
}

/* True when the one-column statement sql finds a row for ?1 = id or text. */
static crm_status exists(struct crm_db *db, const char *sql, int64_t id, const char *text,
			 bool *found)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int rc;

	*found = false;
	if (!st) {
		return db->errcode;
	}
	if (text) {
		crmi_bind_text(st, 1, text);
	} else {
		crmi_bind_int64(st, 1, id);
	}
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot look up the contact");
	}
	*found = rc == CRMI_ROW;
	return CRM_OK;
}

/* "" means none for the optional fields. */
static const char *opt_text(const char *s)
{
	return s && *s ? s : NULL;
}

/* The optional texts of a contact, in the order they are checked: how,
 * and where the input and the stored contact keep each ("" clears it). */
enum text_check { CHECK_LINE, CHECK_PHONE, CHECK_EMAIL, CHECK_TEXT, CHECK_GENDER, CHECK_CHANNEL };
static const struct text_field {
	const char *what;
	enum text_check check;
	size_t in, stored;
} texts[] = {
#define TEXT(what, check, f) \
	{ what, check, offsetof(struct crm_contact_input, f), offsetof(struct stored, f) }
	TEXT(N_("role"), CHECK_LINE, role),
	TEXT(N_("phone"), CHECK_PHONE, phone),
	TEXT(N_("email"), CHECK_EMAIL, email),
	/* a postal address is one line, as long as a name at most */
	TEXT(N_("address"), CHECK_LINE, address),
	/* the parts of the name and the form of address: one line each */
	TEXT(N_("first name"), CHECK_LINE, first_name),
	TEXT(N_("patronymic"), CHECK_LINE, patronymic),
	TEXT(N_("last name"), CHECK_LINE, last_name),
	TEXT(N_("form of address"), CHECK_LINE, address_as),
	TEXT(N_("gender"), CHECK_GENDER, gender),
	/* the person: a job title and a messenger are one line, a note is text */
	TEXT(N_("position"), CHECK_LINE, position),
	TEXT(N_("messenger"), CHECK_LINE, messenger),
	TEXT(N_("note"), CHECK_TEXT, note),
	TEXT(N_("channel"), CHECK_CHANNEL, preferred),
#undef TEXT
};

static crm_status check_text(struct crm_db *db, const struct text_field *f, const char *v)
{
	switch (f->check) {
	case CHECK_PHONE:
		return crm_check_phone(db, f->what, v);
	case CHECK_EMAIL:
		return crm_check_email(db, f->what, v);
	case CHECK_TEXT:
		return crm_check_text(db, f->what, v);
	case CHECK_GENDER:
		return crmi_enum_check(db, f->what, v, crm_genders);
	case CHECK_CHANNEL:
		return crmi_enum_check(db, f->what, v, crm_contact_channels);
	default:
		return crm_check_name(db, f->what, v);
	}
}

/* Checks what the input sets; a NULL name is allowed on edit only. */
static crm_status check_input(struct crm_db *db, const struct crm_contact_input *in, bool add)
{
	crm_status st = CRM_OK;

	if (add || in->name) {
		st = crm_check_name(db, N_("contact name"), in->name);
	}
	for (size_t i = 0; st == CRM_OK && i < ARRAY_SIZE(texts); i++) {
		const char *v = *(const char *const *)((const char *)in + texts[i].in);

		if (opt_text(v)) {
			st = check_text(db, &texts[i], v);
		}
	}
	if (st == CRM_OK && opt_text(in->birthday) &&
	    !crm_birthday_parse(in->birthday, &(int){ 0 }, &(int){ 0 }, &(int){ 0 })) {
		st = crmi_fail(db, CRM_EINVAL,
			       "invalid birthday '%s': use 1970-05-12, or 05-12 when the year is unknown",
			       in->birthday);
	}
	if (st == CRM_OK && add && in->uuid && !crm_uuid_valid(in->uuid)) {
		st = crmi_fail(db, CRM_EINVAL, "invalid uuid '%s'", in->uuid);
	}
	if (st == CRM_OK && in->verified < 0) {
		st = crmi_fail(db, CRM_EINVAL, "invalid verification date");
	}
	return st;
}

static void json_date(cJSON *obj, const char *key, int64_t t)
{
	char buf[16];

	crmi_json_str(obj, key, t ? crm_date_format(t, buf, sizeof(buf)) : NULL);
}

/* The name parts of a stored contact, by key (the JSON keys and columns). */
static const char *const part_keys[] = {
	"first_name", "patronymic", "last_name", "gender", "address_as",
};
static const size_t part_offs[] = {
	offsetof(struct stored, first_name), offsetof(struct stored, patronymic),
	offsetof(struct stored, last_name), offsetof(struct stored, gender),
	offsetof(struct stored, address_as),
};

/* The person's text fields of a stored contact, by key (JSON keys, columns). */
static const char *const person_keys[] = {
	"position", "birthday", "note", "preferred", "messenger",
};
static const size_t person_offs[] = {
	offsetof(struct stored, position), offsetof(struct stored, birthday),
	offsetof(struct stored, note), offsetof(struct stored, preferred),
	offsetof(struct stored, messenger),
};

static const char *field_at(const struct stored *c, size_t off)
{
	return *(char *const *)((const char *)c + off);
}

/* Writes the person of a stored contact (the columns of step 11). */
static crm_status write_person(struct crm_db *db, const struct stored *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_person);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, c->id);
	for (size_t i = 0; i < ARRAY_SIZE(person_offs); i++) {
		/* ?2 position, ?3 birthday, then ?5 note: ?4 is the interests */
		crmi_bind_text(st, i < 2 ? (int)i + 2 : (int)i + 3, field_at(c, person_offs[i]));
	}
	crmi_bind_text(st, 4, c->interests ? c->interests : "[]");
	return crmi_step_done(db, st, "cannot change the contact");
}

static bool has_person(const struct stored *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(person_offs); i++) {
		if (field_at(c, person_offs[i])) {
			return true;
		}
	}
	return c->interests && strcmp(c->interests, "[]") != 0;
}

/* Writes the name parts of contact id (the columns the shared INSERT and
 * UPDATE leave out). */
static crm_status put_parts(struct crm_db *db, int64_t id, const char *first, const char *patronymic,
			    const char *last, const char *gender, const char *address_as)
{
	crmi_stmt *st = crmi_prepare(db, sql_parts);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, first);
	crmi_bind_text(st, 3, patronymic);
	crmi_bind_text(st, 4, last);
	crmi_bind_text(st, 5, gender);
	crmi_bind_text(st, 6, address_as);
	return crmi_step_done(db, st, "cannot change the contact");
}

static crm_status write_parts(struct crm_db *db, const struct stored *c)
{
	return put_parts(db, c->id, c->first_name, c->patronymic, c->last_name, c->gender,
			 c->address_as);
}

static crm_status row_parts(struct crm_db *db, int64_t id, const struct crmi_contact_row *r)
{
	return put_parts(db, id, r->first_name, r->patronymic, r->last_name, r->gender,
			 r->address_as);
}

static bool row_has_person(const struct crmi_contact_row *r)
{
	return r->position || r->birthday || (r->interests && strcmp(r->interests, "[]") != 0) ||
	       r->note || r->preferred || r->messenger || r->left;
}

static crm_status row_person(struct crm_db *db, int64_t id, const struct crmi_contact_row *r)
{
	crmi_stmt *st = crmi_prepare(db, sql_row_person);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, r->position);
	crmi_bind_text(st, 3, r->birthday);
	crmi_bind_text(st, 4, r->interests);
	crmi_bind_text(st, 5, r->note);
	crmi_bind_text(st, 6, r->preferred);
	crmi_bind_text(st, 7, r->messenger);
	if (r->left) {
		crmi_bind_int64(st, 8, r->left);
	} else {
		crmi_bind_null(st, 8);
	}
	return crmi_step_done(db, st, "cannot change the contact");
}

crm_status crmi_contact_uuid_id(struct crm_db *db, const char *uuid, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_uuid_exists);
	int rc;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_text(st, 1, uuid);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*id = crmi_col_int64(st, 0);
	}
	crmi_reset(st);
	return rc == CRMI_ROW || rc == CRMI_DONE ? CRM_OK
						     : crmi_sqlfail(db, rc, "cannot look up the contact");
}

crm_status crmi_contact_set_successor(struct crm_db *db, int64_t id, int64_t successor)
{
	crmi_stmt *st = crmi_prepare(db, sql_successor);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	if (successor) {
		crmi_bind_int64(st, 2, successor);
	} else {
		crmi_bind_null(st, 2);
	}
	return crmi_step_done(db, st, "cannot change the contact");
}

/* The JSON of a whole contact, for the journal. */
static cJSON *record_json(const struct stored *c)
{
	cJSON *j = cJSON_CreateObject();

	crmi_json_int(j, "id", c->id);
	crmi_json_str(j, "uuid", c->uuid);
	crmi_json_int(j, "client_id", c->client_id);
	crmi_json_str(j, "name", c->name);
	crmi_json_str(j, "role", c->role);
	crmi_json_str(j, "phone", c->phone);
	crmi_json_str(j, "email", c->email);
	crmi_json_str(j, "address", c->address);
	cJSON_AddBoolToObject(j, "key", c->key);
	json_date(j, "verified", c->verified);
	/* the name in parts, when known (older entries have none of them) */
	for (size_t i = 0; i < ARRAY_SIZE(part_keys); i++) {
		const char *v = *(char *const *)((const char *)c + part_offs[i]);

		if (v) {
			crmi_json_str(j, part_keys[i], v);
		}
	}
	/* the person, when known */
	for (size_t i = 0; i < ARRAY_SIZE(person_keys); i++) {
		if (field_at(c, person_offs[i])) {
			crmi_json_str(j, person_keys[i], field_at(c, person_offs[i]));
		}
	}
	if (c->interests && strcmp(c->interests, "[]") != 0) {
		crmi_json_list(j, "interests", c->interests);
	}
	return j;
}

static void bind_opt(crmi_stmt *st, int idx, bool has, int64_t v)
{
	if (has) {
		crmi_bind_int64(st, idx, v);
	} else {
		crmi_bind_null(st, idx);
	}
}

/* Name, role, email, phone and address are what a search for a person finds. */
static crm_status index_contact(struct crm_db *db, int64_t id, int64_t client_id,
				const char *const parts[5], bool new_row)
{
	return (new_row ? crmi_search_add : crmi_search_put)(
		db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT), client_id, parts, 5);
}

/* The one INSERT INTO contact, with its search entry: contact add and the import. */
crm_status crmi_contact_insert(struct crm_db *db, const struct crmi_contact_row *r, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_insert);
	const char *parts[] = { r->name, r->role, r->email, r->phone, r->address };
	char *fold;
	crm_status ret;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	fold = crm_text_fold(r->name);
	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	bind_opt(st, 1, r->id != 0, r->id);
	crmi_bind_text(st, 2, r->uuid);
	crmi_bind_int64(st, 3, r->client_id);
	crmi_bind_text(st, 4, r->name);
	crmi_bind_text_owned(st, 5, fold);
	crmi_bind_text(st, 6, r->role);
	crmi_bind_text(st, 7, r->phone);
	crmi_bind_text(st, 8, r->email);
	crmi_bind_int(st, 9, r->is_key);
	bind_opt(st, 10, r->has_verified, r->verified);
	crmi_bind_int64(st, 11, r->created);
	crmi_bind_text(st, 12, r->address);
	ret = crmi_step_insert(db, st, "cannot add the contact");
	if (ret == CRM_OK) {
		*id = crmi_last_id(db);
		ret = index_contact(db, *id, r->client_id, parts, true);
	}
	if (ret == CRM_OK && (r->first_name || r->patronymic || r->last_name || r->gender ||
			      r->address_as)) {
		ret = row_parts(db, *id, r);
	}
	if (ret == CRM_OK && row_has_person(r)) {
		ret = row_person(db, *id, r);
	}
	return ret;
}

/*
 * The one UPDATE of a contact, with its search entry: contact edit and the
 * import's merge. A NULL name keeps the stored one; role, phone, email,
 * address, is_key, verified and created are written when named in set.
 */
crm_status crmi_contact_update(struct crm_db *db, int64_t id, const struct crmi_contact_row *r,
			       unsigned set)
{
	crmi_stmt *st = crmi_prepare(db, sql_update);
	const char *parts[5];
	char *fold = NULL;
	crm_status ret;
	int rc;

	if (!st) {
		return db->errcode;
	}
	if (r->name && !(fold = crm_text_fold(r->name))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, r->name);
	crmi_bind_text_owned(st, 3, fold);
	crmi_bind_int(st, 4, !!(set & CRMI_CONTACT_ROLE));
	crmi_bind_text(st, 5, r->role);
	crmi_bind_int(st, 6, !!(set & CRMI_CONTACT_PHONE));
	crmi_bind_text(st, 7, r->phone);
	crmi_bind_int(st, 8, !!(set & CRMI_CONTACT_EMAIL));
	crmi_bind_text(st, 9, r->email);
	bind_opt(st, 10, set & CRMI_CONTACT_KEY, r->is_key);
	crmi_bind_int(st, 11, !!(set & CRMI_CONTACT_VERIFIED));
	bind_opt(st, 12, r->has_verified, r->verified);
	bind_opt(st, 13, set & CRMI_CONTACT_CREATED, r->created);
	crmi_bind_int(st, 14, !!(set & CRMI_CONTACT_ADDRESS));
	crmi_bind_text(st, 15, r->address);
	rc = crmi_step(st);
	if (rc != CRMI_ROW) {
		crmi_reset(st);
		if (rc == CRMI_DONE) {
			return crmi_fail(db, CRM_ENOTFOUND, "no contact with id %lld", (long long)id);
		}
		return crmi_sqlfail(db, rc, "cannot change the contact");
	}
	for (int i = 0; i < 5; i++) {
		parts[i] = crmi_col_text(st, i + 1);
	}
	ret = index_contact(db, id, crmi_col_int64(st, 0), parts, false);
	rc = crmi_step(st);
	crmi_reset(st);
	if (ret == CRM_OK && rc != CRMI_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot change the contact");
	}
	if (ret == CRM_OK && (set & CRMI_CONTACT_NAME_PARTS)) {
		ret = row_parts(db, id, r);
	}
	if (ret == CRM_OK && (set & CRMI_CONTACT_PERSON)) {
		ret = row_person(db, id, r);
	}
	return ret;
}

/* The contacts of a client still there, for crmi_contact_find_same. */
static const char sql_same[] =
	"SELECT id, email, phone FROM contact WHERE client_id = ?1 AND id != ?2"
	" AND left_on IS NULL AND (email IS NOT NULL OR phone IS NOT NULL) ORDER BY id";

/* The digits of a phone into buf, a Russian trunk 8 written as 7 (8 916 and
 * +7 916 are one number). */
static void phone_digits(const char *s, char *buf, size_t n)
{
	size_t k = 0;

	for (; *s && k + 1 < n; s++) {
		if (*s >= '0' && *s <= '9') {
			buf[k++] = *s;
		}
	}
	buf[k] = 0;
	if (k == 11 && buf[0] == '8') {
		buf[0] = '7';
	}
}

crm_status crmi_contact_find_same(struct crm_db *db, int64_t client_id, int64_t except,
				  const char *email, const char *phone, int64_t *id,
				  const char **what)
{
	char want_phone[48] = "", have_phone[48];
	char *want_email = NULL, *have_email;
	crm_status ret = CRM_OK;
	int rc = CRMI_DONE;
	crmi_stmt *st;

	*id = 0;
	if (what) {
		*what = NULL;
	}
	email = opt_text(email);
	phone = opt_text(phone);
	if (!email && !phone) {
		return CRM_OK;
	}
	if (email && !(want_email = crm_text_fold(email))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (phone) {
		phone_digits(phone, want_phone, sizeof(want_phone));
	}
	st = crmi_prepare(db, sql_same);
	if (!st) {
		free(want_email);
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	crmi_bind_int64(st, 2, except);
	while (!*id && (rc = crmi_step(st)) == CRMI_ROW) {
		const char *e = crmi_col_text(st, 1), *p = crmi_col_text(st, 2);

		if (want_email && e) {
			have_email = crm_text_fold(e);
			if (!have_email) {
				ret = crmi_fail(db, CRM_ENOMEM, "out of memory");
				break;
			}
			if (strcmp(have_email, want_email) == 0) {
				*id = crmi_col_int64(st, 0);
				if (what) {
					*what = "email";
				}
			}
			free(have_email);
		}
		if (!*id && *want_phone && p) {
			phone_digits(p, have_phone, sizeof(have_phone));
			if (strcmp(have_phone, want_phone) == 0) {
				*id = crmi_col_int64(st, 0);
				if (what) {
					*what = "phone";
				}
			}
		}
	}
	if (ret == CRM_OK && !*id && rc != CRMI_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot look up the contact");
	}
	crmi_reset(st);
	free(want_email);
	return ret;
}

/* Refuses an email or phone that another contact at the client still
 * has (CRM_ECONFLICT naming them), unless the input forces it. */
static crm_status refuse_same(struct crm_db *db, int64_t client_id, int64_t except,
			      const char *email, const char *phone, bool force, bool add)
{
	struct stored other;
	const char *what;
	crm_status st;
	int64_t id;

	if (force) {
		return CRM_OK;
	}
	st = crmi_contact_find_same(db, client_id, except, email, phone, &id, &what);
	if (st != CRM_OK || !id) {
		return st;
	}
	st = stored_load(db, id, &other);
	if (st != CRM_OK) {
		return st;
	}
	if (strcmp(what, "email") == 0) {
		st = add ? crmi_fail(db, CRM_ECONFLICT,
				     "contact %lld %s already has this email: edit that contact, "
				     "or add anyway with --force", (long long)id, other.name)
			 : crmi_fail(db, CRM_ECONFLICT,
				     "contact %lld %s already has this email: change it there "
				     "first, or anyway with --force", (long long)id, other.name);
	} else {
		st = add ? crmi_fail(db, CRM_ECONFLICT,
				     "contact %lld %s already has this phone: edit that contact, "
				     "or add anyway with --force", (long long)id, other.name)
			 : crmi_fail(db, CRM_ECONFLICT,
				     "contact %lld %s already has this phone: change it there "
				     "first, or anyway with --force", (long long)id, other.name);
	}
	stored_release(&other);
	return st;
}

/*
 * The input's birthday in the stored form into buf (c->birthday points at
 * it; "" clears), and the interests with the input's edits applied into
 * *owned (c->interests points at it; c->interests is the old list).
 */
static crm_status person_lists(struct crm_db *db, const struct crm_contact_input *in,
			       struct stored *c, char **owned, char buf[16])
{
	int y, m, d;
	crm_status st;

	if (in->birthday) {
		c->birthday = NULL;
		if (*in->birthday && crm_birthday_parse(in->birthday, &y, &m, &d)) {
			if (y) {
				snprintf(buf, 16, "%04d-%02d-%02d", y, m, d);
			} else {
				snprintf(buf, 16, "--%02d-%02d", m, d);
			}
			c->birthday = buf;
		}
	}
	st = crmi_list_apply(db, "interest", c->interests ? c->interests : "[]", &in->interests,
			     owned);
	if (st == CRM_OK) {
		c->interests = *owned;
	}
	return st;
}

crm_status crm_contact_add(struct crm_db *db, int64_t client_id,
			   const struct crm_contact_input *in, int64_t *id)
{
	char uuid[40], birthday[16];
	struct stored c = { 0 };
	char *interests = NULL;
	crm_status st;
	bool found;

	*id = 0;
	st = check_input(db, in, true);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = exists(db, sql_client_exists, client_id, NULL, &found);
	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	}
	if (st == CRM_OK && in->uuid) {
		st = exists(db, sql_uuid_exists, 0, in->uuid, &found);
		if (st == CRM_OK && found) {
			st = crmi_fail(db, CRM_EEXIST, "a contact with uuid '%s' already exists",
				       in->uuid);
		}
		snprintf(uuid, sizeof(uuid), "%s", in->uuid);
	} else if (st == CRM_OK && crm_uuid_new(uuid, sizeof(uuid)) != CRM_OK) {
		st = crmi_fail(db, CRM_EDB, "cannot make a uuid");
	}
	if (st == CRM_OK) {
		st = refuse_same(db, client_id, 0, in->email, in->phone, in->force, true);
	}
	if (st == CRM_OK) {
		/* c borrows the caller's strings: it is not released */
		c = (struct stored){
			.client_id = client_id,
			.verified = in->verified,
			.created = in->created > 0 ? in->created : crm_db_now(db),
			.key = in->key > 0,
			.uuid = uuid,
			.name = (char *)in->name,
			.role = (char *)opt_text(in->role),
			.phone = (char *)opt_text(in->phone),
			.email = (char *)opt_text(in->email),
			.address = (char *)opt_text(in->address),
			.first_name = (char *)opt_text(in->first_name),
			.patronymic = (char *)opt_text(in->patronymic),
			.last_name = (char *)opt_text(in->last_name),
			.gender = (char *)opt_text(in->gender),
			.address_as = (char *)opt_text(in->address_as),
			.position = (char *)opt_text(in->position),
			.birthday = NULL,
			.note = (char *)opt_text(in->note),
			.preferred = (char *)opt_text(in->preferred),
			.messenger = (char *)opt_text(in->messenger),
		};
		st = person_lists(db, in, &c, &interests, birthday);
		if (st == CRM_OK) {
			st = crmi_contact_insert(db, &(struct crmi_contact_row)STORED_ROW(c), &c.id);
		}
	}
	if (st == CRM_OK && has_person(&c)) {
		st = write_person(db, &c);
	}
	if (st == CRM_OK && (c.first_name || c.patronymic || c.last_name || c.gender ||
			     c.address_as)) {
		st = write_parts(db, &c);
	}
	if (st == CRM_OK) {
		st = crmi_journal(db, "contact.add", "contact", c.id, record_json(&c));
	}
	st = crmi_atomic_end(db, st);
	free(interests);
	if (st == CRM_OK) {
		*id = c.id;
	}
	return st;
}

/* Replaces *field by value when the input sets it ("" clears optional ones). */
static crm_status set_field(struct crm_db *db, char **field, const char *value, bool optional)
{
	char *copy = NULL;

	if (!value) {
		return CRM_OK;
	}
	if (!optional || *value) {
		copy = strdup(value);
		if (!copy) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	free(*field);
	*field = copy;
	return CRM_OK;
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Adds "key": {"old": a, "new": b} to changes when a text field changed. */
static void diff_text(cJSON *changes, const char *key, const char *a, const char *b)
{
	cJSON *c;

	if (!same_text(a, b) && (c = cJSON_AddObjectToObject(changes, key))) {
		crmi_json_str(c, "old", a);
		crmi_json_str(c, "new", b);
	}
}

/* The journal entry of an edit: {"id", "client_id", "name", "changes":
 * {field: {"old", "new"}}}, the changed fields only (the shape of every
 * .edit entry). NULL when nothing changed. */
static cJSON *edit_json(const struct stored *a, const struct stored *b)
{
	cJSON *j, *c, *changes = cJSON_CreateObject();

	diff_text(changes, "name", a->name, b->name);
	diff_text(changes, "role", a->role, b->role);
	diff_text(changes, "phone", a->phone, b->phone);
	diff_text(changes, "email", a->email, b->email);
	diff_text(changes, "address", a->address, b->address);
	for (size_t i = 0; i < ARRAY_SIZE(part_keys); i++) {
		diff_text(changes, part_keys[i], *(char *const *)((const char *)a + part_offs[i]),
			  *(char *const *)((const char *)b + part_offs[i]));
	}
	for (size_t i = 0; i < ARRAY_SIZE(person_keys); i++) {
		diff_text(changes, person_keys[i], field_at(a, person_offs[i]),
			  field_at(b, person_offs[i]));
	}
	if (!same_text(a->interests, b->interests) &&
	    (c = cJSON_AddObjectToObject(changes, "interests"))) {
		crmi_json_list(c, "old", a->interests);
		crmi_json_list(c, "new", b->interests);
	}
	if (a->key != b->key && (c = cJSON_AddObjectToObject(changes, "key"))) {
		cJSON_AddBoolToObject(c, "old", a->key);
		cJSON_AddBoolToObject(c, "new", b->key);
	}
	if (a->verified != b->verified && (c = cJSON_AddObjectToObject(changes, "verified"))) {
		json_date(c, "old", a->verified);
		json_date(c, "new", b->verified);
	}
	if (!changes->child) {
		cJSON_Delete(changes);
		return NULL;
	}
	j = cJSON_CreateObject();
	crmi_json_int(j, "id", a->id);
	crmi_json_int(j, "client_id", a->client_id);
	crmi_json_str(j, "name", b->name);
	cJSON_AddItemToObject(j, "changes", changes);
	return j;
}

crm_status crm_contact_edit(struct crm_db *db, int64_t id, const struct crm_contact_input *in)
{
	struct stored old = { 0 }, c = { 0 };
	char *interests = NULL, birthday[16];
	crm_status st;
	cJSON *j;

	st = check_input(db, in, false);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = stored_load(db, id, &old);
	if (st == CRM_OK) {
		st = stored_load(db, id, &c);
	}
	if (st == CRM_OK) {
		st = set_field(db, &c.name, in->name, false);
	}
	for (size_t i = 0; st == CRM_OK && i < ARRAY_SIZE(texts); i++) {
		st = set_field(db, (char **)((char *)&c + texts[i].stored),
			       *(const char *const *)((const char *)in + texts[i].in), true);
	}
	if (st == CRM_OK && in->birthday) {
		/* person_lists points c.birthday at the stack: old's copy is freed */
		free(c.birthday);
		c.birthday = NULL;
	}
	if (st == CRM_OK) {
		char *stored_list = c.interests;

		st = person_lists(db, in, &c, &interests, birthday);
		if (st == CRM_OK) {
			free(stored_list);
		} else {
			c.interests = stored_list;
		}
		if (st == CRM_OK && c.birthday == birthday && !(c.birthday = strdup(birthday))) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		/* c owns its interests from here */
		interests = NULL;
	}
	if (st == CRM_OK && !c.left &&
	    ((in->email && !same_text(old.email, c.email)) ||
	     (in->phone && !same_text(old.phone, c.phone)))) {
		/* only what changes is compared: an old twin stays as it was */
		st = refuse_same(db, c.client_id, id,
				 same_text(old.email, c.email) ? NULL : c.email,
				 same_text(old.phone, c.phone) ? NULL : c.phone, in->force, false);
	}
	if (st == CRM_OK) {
		c.key = in->key < 0 ? c.key : in->key > 0;
		c.verified = in->verified ? in->verified : c.verified;
		j = edit_json(&old, &c);
		/* nothing changed: nothing to write or journal */
		if (j) {
			st = crmi_contact_update(db, id, &(struct crmi_contact_row)STORED_ROW(c),
						 CRMI_CONTACT_ALL & ~CRMI_CONTACT_CREATED);
			if (st == CRM_OK) {
				st = write_parts(db, &c);
			}
			if (st == CRM_OK) {
				st = write_person(db, &c);
			}
			if (st == CRM_OK) {
				st = crmi_journal(db, "contact.edit", "contact", id, j);
			} else {
				cJSON_Delete(j);
			}
		}
	}
	stored_release(&old);
	stored_release(&c);
	return crmi_atomic_end(db, st);
}

static crm_status put_left(struct crm_db *db, int64_t id, int64_t when, int64_t successor)
{
	crmi_stmt *st = crmi_prepare(db, sql_leave);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_int64(st, 2, when);
	bind_opt(st, 3, successor != 0, successor);
	return crmi_step_done(db, st, "cannot change the contact");
}

crm_status crm_contact_leave(struct crm_db *db, int64_t id, int64_t when,
			     const struct crm_contact_input *successor, int64_t *successor_id)
{
	int64_t today = crm_db_today(db), sid = 0;
	struct stored c = { 0 };
	char buf[16], tbuf[16];
	crm_status st;
	cJSON *j;

	if (successor_id) {
		*successor_id = 0;
	}
	when = when ? crm_day_start(when) : today;
	if (when > today) {
		return crmi_fail(db, CRM_EINVAL,
				 "the day the person left, %s, is in the future: today is %s",
				 crm_date_format(when, buf, sizeof(buf)),
				 crm_date_format(today, tbuf, sizeof(tbuf)));
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = stored_load(db, id, &c);
	if (st == CRM_OK && c.left) {
		st = crmi_fail(db, CRM_ECONFLICT, "contact %lld %s already left the client on %s",
			       (long long)id, c.name, crm_date_format(c.left, buf, sizeof(buf)));
	}
	/* left first: the successor may take over the leaver's phone or email */
	if (st == CRM_OK) {
		st = put_left(db, id, when, 0);
	}
	if (st == CRM_OK && successor) {
		struct crm_contact_input in = *successor;

		in.key = c.key;
		in.role = in.role ? in.role : c.role;
		in.position = in.position ? in.position : c.position;
		st = crm_contact_add(db, c.client_id, &in, &sid);
		if (st == CRM_OK) {
			st = put_left(db, id, when, sid);
		}
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "id", id);
		crmi_json_int(j, "client_id", c.client_id);
		crmi_json_str(j, "name", c.name);
		json_date(j, "left", when);
		if (sid) {
			crmi_json_int(j, "successor_id", sid);
			crmi_json_str(j, "successor", successor->name);
		} else {
			cJSON_AddNullToObject(j, "successor_id");
		}
		st = crmi_journal(db, "contact.leave", "contact", id, j);
	}
	stored_release(&c);
	st = crmi_atomic_end(db, st);
	if (st == CRM_OK && successor_id) {
		*successor_id = sid;
	}
	return st;
}

/*
 * Records that the contact's data was confirmed with the client on the
 * date of when (0: today). A date after today is refused: nobody has
 * confirmed anything yet.
 */
crm_status crm_contact_verify(struct crm_db *db, int64_t id, int64_t when)
{
	int64_t today = crm_db_today(db);
	struct stored c = { 0 };
	char buf[16], tbuf[16];
	crmi_stmt *s;
	crm_status st;
	cJSON *j;

	when = when ? crm_day_start(when) : today;
	if (when > today) {
		return crmi_fail(db, CRM_EINVAL,
				 "verification date %s is in the future: today is %s",
				 crm_date_format(when, buf, sizeof(buf)),
				 crm_date_format(today, tbuf, sizeof(tbuf)));
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = stored_load(db, id, &c);
	if (st == CRM_OK && !(s = crmi_prepare(db, sql_verify))) {
		st = db->errcode;
	}
	if (st == CRM_OK) {
		crmi_bind_int64(s, 1, id);
		crmi_bind_int64(s, 2, when);
		st = crmi_step_done(db, s, "cannot change the contact");
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "id", id);
		crmi_json_int(j, "client_id", c.client_id);
		crmi_json_str(j, "name", c.name);
		json_date(j, "verified", when);
		json_date(j, "old", c.verified);
		st = crmi_journal(db, "contact.verify", "contact", id, j);
	}
	stored_release(&c);
	return crmi_atomic_end(db, st);
}

/* Removes the contact; the journal keeps the whole record. */
crm_status crm_contact_remove(struct crm_db *db, int64_t id)
{
	struct stored c = { 0 };
	crmi_stmt *s;
	crm_status st;

	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = stored_load(db, id, &c);
	if (st == CRM_OK && !(s = crmi_prepare(db, sql_delete))) {
		st = db->errcode;
	}
	if (st == CRM_OK) {
		crmi_bind_int64(s, 1, id);
		st = crmi_step_done(db, s, "cannot remove the contact");
	}
	if (st == CRM_OK) {
		st = crmi_search_del(db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT));
	}
	if (st == CRM_OK) {
		st = crmi_journal(db, "contact.remove", "contact", id, record_json(&c));
	}
	stored_release(&c);
	return crmi_atomic_end(db, st);
}

crm_status crm_contact_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	crmi_clear_error(db);
	return crmi_resolve(db, "contact", ref, &resolve_sql, id);
}

crm_status crm_contact_query(struct crm_db *db, const struct crm_contact_filter *f,
			     struct crm_contact_iter **out)
{
	static const struct crm_contact_filter none = { 0 };
	struct crm_contact_iter *it;
	const char *sql;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	f = f ? f : &none;
	if (f->stale_days < 0) {
		return crmi_fail(db, CRM_EINVAL, "invalid number of days %lld",
				 (long long)f->stale_days);
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	sql = f->id ? sql_query_one :
	      f->client_id ? sql_query_client :
	      CRMI_SQL(db, sql_query_all, sql_query_all_pg);
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot list contacts");
	}
	if (f->id || f->client_id) {
		crmi_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	crmi_bind_int(it->st, 2, f->key_only);
	crmi_bind_int(it->st, 4, f->present_only);
	if (f->stale_days > 0) {
		/* verified on the day DAYS days before today is still fresh */
		crmi_bind_int64(it->st, 3,
				   crm_db_today(db) - f->stale_days * DAY);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_contact_iter_next(struct crm_contact_iter *it, const struct crm_contact **row)
{
	struct crm_contact *c = &it->row;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, it->st, &it->done, "cannot list contacts");
	if (rc != CRM_OK) {
		return rc;
	}
	c->id = crmi_col_int64(it->st, 0);
	c->uuid = crmi_col_text(it->st, 1);
	c->client_id = crmi_col_int64(it->st, 2);
	c->client = crmi_col_text(it->st, 3);
	c->name = crmi_col_text(it->st, 4);
	c->role = crmi_col_text(it->st, 5);
	c->phone = crmi_col_text(it->st, 6);
	c->email = crmi_col_text(it->st, 7);
	c->key = crmi_col_int(it->st, 8) != 0;
	c->verified = crmi_col_int64(it->st, 9);
	c->created = crmi_col_int64(it->st, 10);
	c->address = crmi_col_text(it->st, 11);
	c->first_name = crmi_col_text(it->st, 12);
	c->patronymic = crmi_col_text(it->st, 13);
	c->last_name = crmi_col_text(it->st, 14);
	c->gender = crmi_col_text(it->st, 15);
	c->address_as = crmi_col_text(it->st, 16);
	c->position = crmi_col_text(it->st, 17);
	c->birthday = crmi_col_text(it->st, 18);
	c->interests = crmi_col_text(it->st, 19);
	c->note = crmi_col_text(it->st, 20);
	c->preferred = crmi_col_text(it->st, 21);
	c->messenger = crmi_col_text(it->st, 22);
	c->left = crmi_col_int64(it->st, 23);
	c->successor_id = crmi_col_int64(it->st, 24);
	*row = c;
	return CRM_OK;
}

void crm_contact_iter_destroy(struct crm_contact_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}

static bool digits(const char *s, size_t n, int *v)
{
	*v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

bool crm_birthday_parse(const char *s, int *year, int *month, int *day)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *md;
	int y = 0, m, d;

	*year = *month = *day = 0;
	if (!s) {
		return false;
	}
	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-' && digits(s, 4, &y)) {
		md = s + 5;
		if (y < 1900) {
			return false;
		}
	} else if (strlen(s) == 7 && s[0] == '-' && s[1] == '-' && s[4] == '-') {
		md = s + 2;
	} else if (strlen(s) == 5 && s[2] == '-') {
		md = s;
	} else {
		return false;
	}
	if (!digits(md, 2, &m) || !digits(md + 3, 2, &d) || m < 1 || m > 12 || d < 1 ||
	    d > days[m - 1]) {
		return false;
	}
	if (y && m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))) {
		return false;
	}
	*year = y;
	*month = m;
	*day = d;
	return true;
}
