/*
 * manager.c: the managers who own clients: their contact data, role,
 * status, capacity (the most clients they should hold), the traits and
 * interests that later match them with clients at a handover, and the
 * training of a new manager (trainee, until when, under which mentor).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define CAPACITY_MAX 100000

static const char sql_manager_insert[] =
	"INSERT INTO manager(uuid, name, name_fold, email, phone, role, status, capacity,"
	" traits, interests, created, trainee, trainee_until, mentor_id)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char sql_manager_update[] =
	"UPDATE manager SET name = ?2, name_fold = ?3, email = ?4, phone = ?5, role = ?6,"
	" status = ?7, capacity = ?8, traits = ?9, interests = ?10, trainee = ?11,"
	" trainee_until = ?12, mentor_id = ?13, gender = ?14, position = ?15 WHERE id = ?1";
/* what the shared INSERT (crmi_manager_insert, also the import's) leaves out */
static const char sql_manager_letter[] =
	"UPDATE manager SET gender = ?2, position = ?3 WHERE id = ?1";
static const char sql_manager_live[] =
	"SELECT count(*) FROM client WHERE owner_id = ?1 AND status NOT IN ('lost', 'farewell')";
/* the trainees (in training on ?2) whose mentor is ?1 */
static const char sql_manager_mentees[] =
	"SELECT count(*), min(name) FROM manager WHERE mentor_id = ?1 AND trainee = 1"
	" AND (trainee_until IS NULL OR trainee_until > ?2)";
static const char sql_manager_by_fold[] = "SELECT id, name FROM manager WHERE name_fold = ?1";

#define MANAGER_SELECT \
	"SELECT m.id, m.uuid, m.name, m.email, m.phone, m.role, m.status, m.capacity," \
	" m.traits, m.interests, m.created," \
	" (SELECT count(*) FROM client c WHERE c.owner_id = m.id)," \
	" m.trainee, m.trainee_until, m.mentor_id," \
	" (SELECT t.name FROM manager t WHERE t.id = m.mentor_id), m.gender, m.position" \
	" FROM manager m"
static const char sql_manager_all[] = MANAGER_SELECT " ORDER BY m.name_fold, m.id";
static const char sql_manager_one[] = MANAGER_SELECT " WHERE m.id = ?1";

/* x with the punctuation that starts a word turned into spaces */
#define WORD_SPACES(x)                                                                  \
	"replace(replace(replace(replace(replace(" x ", '«', ' '), '\"', ' '), '(', ' '),"  \
	" '-', ' '), '.', ' ')"

static const struct crmi_resolve_sql manager_resolve_sql = {
	.sql_id = "SELECT id, name FROM manager WHERE id = ?1",
	.sql_uuid = "SELECT id, name FROM manager WHERE uuid = ?1",
	.sql_exact = "SELECT id, name FROM manager WHERE name_fold = ?1 ORDER BY id LIMIT 11",
	.sql_prefix = "SELECT id, name FROM manager WHERE name_fold >= ?1 AND name_fold < ?2"
		      " ORDER BY name_fold, id LIMIT 11",
	/* the start of a word in the name, when no name starts with the
	 * reference: "ромашка" finds ООО «Ромашка», "палки" Ёлки-палки. A
	 * scan, but only after the indexed passes found nothing. */
	.sql_contains = "SELECT id, name FROM manager WHERE instr(' ' || " WORD_SPACES("name_fold")
			", ' ' || " WORD_SPACES("?1") ") > 0 ORDER BY name_fold, id LIMIT 11",
};

struct crm_manager_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	int64_t now;
	int64_t trainee_flag;  /* of row: marked a trainee, whatever the end */
	struct crm_manager row;
};

/* The values of one manager while it is added or edited (owned strings). */
struct mvals {
	char *name, *fold, *email, *phone, *role, *status, *traits, *interests;
	char *gender, *position;  /* NULL: unknown, none */
	char *mentor;          /* the mentor's name, for the journal */
	int64_t capacity;
	int64_t trainee, trainee_until, mentor_id;  /* 0: none */
};

static void mvals_release(struct mvals *v)
{
	free(v->name);
	free(v->fold);
	free(v->email);
	free(v->phone);
	free(v->role);
	free(v->status);
	free(v->traits);
	free(v->interests);
	free(v->mentor);
	free(v->gender);
	free(v->position);
	*v = (struct mvals){ 0 };
}

/* strdup that records ENOMEM; NULL in gives NULL out with *st untouched. */
static char *dup_or_fail(struct crm_db *db, const char *s, crm_status *st)
{
	char *d;

	if (!s) {
		return NULL;
	}
	d = strdup(s);
	if (!d) {
		*st = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return d;
}

/* Replaces *slot with a copy of s ("" -> NULL). */
static crm_status set_text(struct crm_db *db, char **slot, const char *s)
{
	crm_status st = CRM_OK;
	char *d = *s ? dup_or_fail(db, s, &st) : NULL;

	if (st == CRM_OK) {
		free(*slot);
		*slot = d;
	}
	return st;
}

/* Another manager (not except) whose folded name is fold: EEXIST. */
static crm_status check_unique(struct crm_db *db, const char *name, const char *fold,
			       int64_t except)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_by_fold);
	int64_t other = 0;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_text(st, 1, fold);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		other = crmi_col_int64(st, 0);
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot look up managers");
	}
	if (other && other != except) {
		return crmi_fail(db, CRM_EEXIST, "manager '%s' already exists (id %lld)", name,
				 (long long)other);
	}
	return CRM_OK;
}

/* Checks every given member of in (the ones that are not "unchanged"). */
static crm_status check_input(struct crm_db *db, const struct crm_manager_input *in)
{
	crm_status st = CRM_OK;

	if (in->name) {
		st = crm_check_name(db, "manager name", in->name);
	}
	if (st == CRM_OK && in->email && *in->email) {
		st = crm_check_email(db, "email", in->email);
	}
	if (st == CRM_OK && in->phone && *in->phone) {
		st = crm_check_phone(db, "phone", in->phone);
	}
	if (st == CRM_OK && in->role) {
		st = crmi_enum_check(db, "role", in->role, crm_manager_roles);
	}
	if (st == CRM_OK && in->gender && *in->gender) {
		st = crmi_enum_check(db, N_("gender"), in->gender, crm_genders);
	}
	/* a position is one line of the signature, as long as a name at most */
	if (st == CRM_OK && in->position && *in->position) {
		st = crm_check_name(db, "position", in->position);
	}
	if (st == CRM_OK && in->status) {
		st = crmi_enum_check(db, "status", in->status, crm_manager_statuses);
	}
	if (st == CRM_OK && (in->capacity < -1 || in->capacity > CAPACITY_MAX)) {
		st = crmi_fail(db, CRM_EINVAL, "invalid capacity %lld: expected 0 to %d",
			       (long long)in->capacity, CAPACITY_MAX);
	}
	return st;
}

/* Binds v at i, or NULL for 0. */
static void bind_opt(crmi_stmt *st, int i, int64_t v)
{
	if (v) {
		crmi_bind_int64(st, i, v);
	} else {
		crmi_bind_null(st, i);
	}
}

/* Binds v to the update statement (?2 .. ?13). */
static void bind_vals(crmi_stmt *st, const struct mvals *v)
{
	crmi_bind_text(st, 2, v->name);
	crmi_bind_text(st, 3, v->fold);
	crmi_bind_text(st, 4, v->email);
	crmi_bind_text(st, 5, v->phone);
	crmi_bind_text(st, 6, v->role);
	crmi_bind_text(st, 7, v->status);
	crmi_bind_int64(st, 8, v->capacity);
	crmi_bind_text(st, 9, v->traits);
	crmi_bind_text(st, 10, v->interests);
	crmi_bind_int64(st, 11, v->trainee);
	bind_opt(st, 12, v->trainee_until);
	bind_opt(st, 13, v->mentor_id);
	crmi_bind_text(st, 14, v->gender);
	crmi_bind_text(st, 15, v->position);
}

/* The one INSERT INTO manager: manager add and the import. */
crm_status crmi_manager_insert(struct crm_db *db, const struct crmi_manager_row *r, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_insert);
	char *fold;
	crm_status s;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	fold = crm_text_fold(r->name);
	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_bind_text(st, 1, r->uuid);
	crmi_bind_text(st, 2, r->name);
	crmi_bind_text_owned(st, 3, fold);
	crmi_bind_text(st, 4, r->email);
	crmi_bind_text(st, 5, r->phone);
	crmi_bind_text(st, 6, r->role ? r->role : "manager");
	crmi_bind_text(st, 7, r->status ? r->status : "active");
	crmi_bind_int64(st, 8, r->capacity);
	crmi_bind_text(st, 9, r->traits ? r->traits : "[]");
	crmi_bind_text(st, 10, r->interests ? r->interests : "[]");
	crmi_bind_int64(st, 11, r->created);
	crmi_bind_int64(st, 12, r->trainee != 0);
	bind_opt(st, 13, r->trainee_until);
	bind_opt(st, 14, r->mentor_id);
	s = crmi_step_done(db, st, "cannot add the manager");
	if (s == CRM_OK) {
		*id = crmi_last_id(db);
	}
	return s;
}

/* Adds the date t (0: null) as "YYYY-MM-DD". */
static void json_date(cJSON *obj, const char *key, int64_t t)
{
	char d[16];

	crmi_json_str(obj, key, t ? crm_date_format(t, d, sizeof(d)) : NULL);
}

/* Records {"old": a, "new": b} under key when the two texts differ. */
static void diff_text(cJSON *changes, const char *key, const char *a, const char *b)
{
	cJSON *c;

	if ((!a && !b) || (a && b && strcmp(a, b) == 0)) {
		return;
	}
	c = cJSON_AddObjectToObject(changes, key);
	if (c) {
		crmi_json_str(c, "old", a);
		crmi_json_str(c, "new", b);
	}
}

static cJSON *vals_json(const struct mvals *v, const char *uuid)
{
	cJSON *o = cJSON_CreateObject();

	if (!o) {
		return NULL;
	}
	crmi_json_str(o, "uuid", uuid);
	crmi_json_str(o, "name", v->name);
	crmi_json_str(o, "email", v->email);
	crmi_json_str(o, "phone", v->phone);
	crmi_json_str(o, "role", v->role);
	crmi_json_str(o, "status", v->status);
	crmi_json_int(o, "capacity", v->capacity);
	crmi_json_list(o, "traits", v->traits);
	crmi_json_list(o, "interests", v->interests);
	cJSON_AddBoolToObject(o, "trainee", v->trainee != 0);
	json_date(o, "trainee_until", v->trainee_until);
	crmi_json_str(o, "mentor", v->mentor);
	/* what letters need, when known (older entries have neither) */
	if (v->gender) {
		crmi_json_str(o, "gender", v->gender);
	}
	if (v->position) {
		crmi_json_str(o, "position", v->position);
	}
	return o;
}

/* ---- training -------------------------------------------------------- */

/* Whether a manager marked trainee (until: 0 none) is in training at now:
 * a trainee past the end of the training counts as trained. */
static bool in_training(int64_t trainee, int64_t until, int64_t now)
{
	return trainee && (!until || now < until);
}

/* Checks that manager mentor may mentor manager self (0 at add): another
 * manager, not left, not in training. Sets *name to a copy of its name. */
static crm_status check_mentor(struct crm_db *db, int64_t self, int64_t mentor, char **name)
{
	struct crm_manager_iter *it;
	const struct crm_manager *m;
	crm_status st;

	if (mentor == self) {
		return crmi_fail(db, CRM_ECONFLICT,
				 "a trainee's mentor is another manager, not the trainee");
	}
	st = crm_manager_query(db, mentor, &it);
	if (st != CRM_OK) {
		return st;
	}
	st = crm_manager_iter_next(it, &m);
	if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)mentor);
	} else if (st == CRM_OK && strcmp(m->status, "left") == 0) {
		st = crmi_fail(db, CRM_ECONFLICT, "mentor '%s' has left the firm: choose another",
			       m->name);
	} else if (st == CRM_OK && m->trainee) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       "mentor '%s' is a trainee: a mentor must be trained", m->name);
	} else if (st == CRM_OK) {
		free(*name);
		*name = dup_or_fail(db, m->name, &st);
	}
	crm_manager_iter_destroy(it);
	return st;
}

/*
 * The trainees manager id mentors now: *n of them, the first by name in
 * first (n bytes; "" when none).
 */
static crm_status mentees(struct crm_db *db, int64_t id, int64_t *count, char *first, size_t n)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_mentees);
	int rc;

	*count = 0;
	first[0] = '\0';
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_int64(st, 2, crm_db_now(db));
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*count = crmi_col_int64(st, 0);
		if (!crmi_col_null(st, 1)) {
			snprintf(first, n, "%s", crmi_col_text(st, 1));
		}
	}
	crmi_reset(st);
	return rc == CRMI_ROW ? CRM_OK : crmi_sqlfail(db, rc, "cannot read the managers");
}

/* Refuses to make manager id a trainee while it mentors one. */
static crm_status check_no_mentees(struct crm_db *db, int64_t id, const char *name)
{
	char first[256];
	int64_t n;
	crm_status st = mentees(db, id, &n, first, sizeof(first));

	if (st == CRM_OK && n > 0) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       "manager '%s' mentors the trainee '%s': a trainee cannot mentor; "
			       "give the trainee another mentor first",
			       name, first);
	}
	return st;
}

/*
 * Applies the training part of in to v (manager id; 0 at add), recording
 * the changes in changes (NULL at add).
 */
static crm_status apply_training(struct crm_db *db, int64_t id, const struct crm_manager_input *in,
				 struct mvals *v, cJSON *changes)
{
	int64_t now = crm_db_now(db), today = crm_local_today(now);
	int64_t was = v->trainee, was_until = v->trainee_until;
	char *was_mentor = NULL;
	crm_status st = CRM_OK;
	char d[16];

	if (in->trainee != CRM_TRAINEE_YES && (in->trainee_until || in->mentor_id)) {
		return crmi_fail(db, CRM_EINVAL,
				 "a training end or a mentor is for a trainee only");
	}
	if (in->trainee == CRM_TRAINEE_KEEP) {
		return CRM_OK;
	}
	if (in->trainee_until && in->trainee_until < today) {
		return crmi_fail(db, CRM_EINVAL, "the training cannot end on %s: it is before today",
				 crm_date_format(in->trainee_until, d, sizeof(d)));
	}
	if (v->mentor) {
		was_mentor = strdup(v->mentor);
		if (!was_mentor) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	if (in->trainee == CRM_TRAINEE_NO) {
		v->trainee = 0;
		v->trainee_until = 0;
		v->mentor_id = 0;
		free(v->mentor);
		v->mentor = NULL;
	} else {
		v->trainee = 1;
		if (in->trainee_until) {
			v->trainee_until = in->trainee_until;
		}
		if (in->mentor_id) {
			st = check_mentor(db, id, in->mentor_id, &v->mentor);
			v->mentor_id = in->mentor_id;
		}
		if (st == CRM_OK && !v->mentor_id) {
			st = crmi_fail(db, CRM_EINVAL, "a trainee needs a mentor: name one");
		}
		if (st == CRM_OK && id && !in_training(was, was_until, now)) {
			st = check_no_mentees(db, id, v->name);
		}
	}
	if (st == CRM_OK && changes) {
		if (was != v->trainee) {
			cJSON *c = cJSON_AddObjectToObject(changes, "trainee");

			if (c) {
				cJSON_AddBoolToObject(c, "old", was != 0);
				cJSON_AddBoolToObject(c, "new", v->trainee != 0);
			}
		}
		if (was_until != v->trainee_until) {
			cJSON *c = cJSON_AddObjectToObject(changes, "trainee_until");

			if (c) {
				json_date(c, "old", was_until);
				json_date(c, "new", v->trainee_until);
			}
		}
		diff_text(changes, "mentor", was_mentor, v->mentor);
	}
	free(was_mentor);
	return st;
}

/* ---- leaving --------------------------------------------------------- */

crm_status crm_manager_live_clients(struct crm_db *db, int64_t id, int64_t *n)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_live);
	int rc;

	*n = 0;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*n = crmi_col_int64(st, 0);
	}
	crmi_reset(st);
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot count the manager's clients");
	}
	return CRM_OK;
}

/* A mentor who leaves gives the trainees another mentor first, unless
 * forced (the audit then asks the heads to check on the trainees). */
static crm_status check_leave_mentees(struct crm_db *db, int64_t id, const char *name)
{
	char first[256];
	int64_t n;
	crm_status st = mentees(db, id, &n, first, sizeof(first));

	if (st == CRM_OK && n > 0) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       P_("manager '%s' mentors %lld trainee ('%s'): give the trainee "
				  "another mentor first with 'crm manager edit --mentor <manager> "
				  "<trainee>', or leave with --force",
				  "manager '%s' mentors %lld trainees ('%s' and more): give each "
				  "another mentor first with 'crm manager edit --mentor <manager> "
				  "<trainee>', or leave with --force", n),
			       name, (long long)n, first);
	}
	return st;
}

/* A manager who leaves hands the live clients over and the trainees to
 * another mentor first, unless forced; *forced gets the live clients left
 * behind by a forced leave. */
static crm_status check_leave(struct crm_db *db, int64_t id, const struct crm_manager_input *in,
			      const struct mvals *v, int64_t *forced)
{
	int64_t n = 0;
	crm_status st;

	*forced = 0;
	if (!in->status || strcmp(in->status, "left") != 0 || strcmp(v->status, "left") == 0) {
		return CRM_OK;
	}
	st = crm_manager_live_clients(db, id, &n);
	if (st != CRM_OK) {
		return st;
	}
	if (n > 0 && !in->force) {
		return crmi_fail(db, CRM_ECONFLICT,
				 P_("manager '%s' still owns %lld live client: hand it over "
				    "before the manager leaves",
				    "manager '%s' still owns %lld live clients: hand them over "
				    "before the manager leaves", n),
				 v->name, (long long)n);
	}
	if (!in->force) {
		st = check_leave_mentees(db, id, v->name);
	}
	*forced = n;
	return st;
}

static crm_status add_locked(struct crm_db *db, const struct crm_manager_input *in, int64_t *id)
{
	struct mvals v = { 0 };
	crm_status st;
	char uuid[40];

	st = check_input(db, in);
	if (st == CRM_OK && !in->name) {
		st = crmi_fail(db, CRM_EINVAL, "empty manager name");
	}
	if (st != CRM_OK) {
		return st;
	}
	v.capacity = in->capacity >= 0 ? in->capacity : crm_config_int(db, "manager.capacity");
	v.name = dup_or_fail(db, in->name, &st);
	v.fold = crm_text_fold(in->name);
	v.email = in->email && *in->email ? dup_or_fail(db, in->email, &st) : NULL;
	v.phone = in->phone && *in->phone ? dup_or_fail(db, in->phone, &st) : NULL;
	v.role = dup_or_fail(db, in->role ? in->role : "manager", &st);
	v.status = dup_or_fail(db, in->status ? in->status : "active", &st);
	v.gender = in->gender && *in->gender ? dup_or_fail(db, in->gender, &st) : NULL;
	v.position = in->position && *in->position ? dup_or_fail(db, in->position, &st) : NULL;
	if (st == CRM_OK && !v.fold) {
		st = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "trait", NULL, &in->traits, &v.traits);
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "interest", NULL, &in->interests, &v.interests);
	}
	if (st == CRM_OK) {
		st = check_unique(db, v.name, v.fold, 0);
	}
	if (st == CRM_OK) {
		st = apply_training(db, 0, in, &v, NULL);
	}
	if (st == CRM_OK) {
		st = crm_uuid_new(uuid, sizeof(uuid));
		if (st != CRM_OK) {
			st = crmi_fail(db, st, "cannot make a uuid");
		}
	}
	if (st == CRM_OK) {
		struct crmi_manager_row r = {
			.uuid = uuid, .name = v.name, .email = v.email, .phone = v.phone,
			.role = v.role, .status = v.status, .capacity = v.capacity,
			.traits = v.traits, .interests = v.interests, .created = crm_db_now(db),
			.trainee = v.trainee, .trainee_until = v.trainee_until,
			.mentor_id = v.mentor_id,
		};

		st = crmi_manager_insert(db, &r, id);
	}
	if (st == CRM_OK && (v.gender || v.position)) {
		crmi_stmt *s = crmi_prepare(db, sql_manager_letter);

		if (!s) {
			st = db->errcode;
		} else {
			crmi_bind_int64(s, 1, *id);
			crmi_bind_text(s, 2, v.gender);
			crmi_bind_text(s, 3, v.position);
			st = crmi_step_done(db, s, "cannot add the manager");
		}
	}
	if (st == CRM_OK) {
		st = crmi_journal(db, "manager.add", "manager", *id, vals_json(&v, uuid));
	}
	mvals_release(&v);
	return st;
}

crm_status crm_manager_add(struct crm_db *db, const struct crm_manager_input *in, int64_t *id)
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

/* Loads manager id into v. */
static crm_status load(struct crm_db *db, int64_t id, struct mvals *v)
{
	struct crm_manager_iter *it;
	const struct crm_manager *m;
	crm_status st = crm_manager_query(db, id, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_manager_iter_next(it, &m);
	if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	} else if (st == CRM_OK) {
		v->name = dup_or_fail(db, m->name, &st);
		v->fold = crm_text_fold(m->name);
		v->email = dup_or_fail(db, m->email, &st);
		v->phone = dup_or_fail(db, m->phone, &st);
		v->role = dup_or_fail(db, m->role, &st);
		v->status = dup_or_fail(db, m->status, &st);
		v->traits = dup_or_fail(db, m->traits, &st);
		v->interests = dup_or_fail(db, m->interests, &st);
		v->mentor = dup_or_fail(db, m->mentor, &st);
		v->gender = dup_or_fail(db, m->gender, &st);
		v->position = dup_or_fail(db, m->position, &st);
		v->capacity = m->capacity;
		v->trainee = it->trainee_flag;
		v->trainee_until = m->trainee_until;
		v->mentor_id = m->mentor_id;
		if (st == CRM_OK && !v->fold) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	crm_manager_iter_destroy(it);
	return st;
}

static void diff_list(cJSON *changes, const char *key, const char *a, const char *b)
{
	cJSON *c;

	if (strcmp(a, b) == 0) {
		return;
	}
	c = cJSON_AddObjectToObject(changes, key);
	if (c) {
		crmi_json_list(c, "old", a);
		crmi_json_list(c, "new", b);
	}
}

/* Applies in to v, recording each change in changes. */
static crm_status apply_edit(struct crm_db *db, int64_t id, const struct crm_manager_input *in,
			     struct mvals *v, cJSON *changes)
{
	struct mvals n = { 0 };
	crm_status st = check_input(db, in);

	if (st == CRM_OK && in->name) {
		n.fold = crm_text_fold(in->name);
		if (!n.fold) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			st = check_unique(db, in->name, n.fold, id);
		}
		if (st == CRM_OK) {
			diff_text(changes, "name", v->name, in->name);
			st = set_text(db, &v->name, in->name);
		}
		if (st == CRM_OK) {
			free(v->fold);
			v->fold = n.fold;
			n.fold = NULL;
		}
	}
	if (st == CRM_OK && in->email) {
		diff_text(changes, "email", v->email, *in->email ? in->email : NULL);
		st = set_text(db, &v->email, in->email);
	}
	if (st == CRM_OK && in->phone) {
		diff_text(changes, "phone", v->phone, *in->phone ? in->phone : NULL);
		st = set_text(db, &v->phone, in->phone);
	}
	if (st == CRM_OK && in->gender) {
		diff_text(changes, "gender", v->gender, *in->gender ? in->gender : NULL);
		st = set_text(db, &v->gender, in->gender);
	}
	if (st == CRM_OK && in->position) {
		diff_text(changes, "position", v->position, *in->position ? in->position : NULL);
		st = set_text(db, &v->position, in->position);
	}
	if (st == CRM_OK && in->role) {
		diff_text(changes, "role", v->role, in->role);
		st = set_text(db, &v->role, in->role);
	}
	if (st == CRM_OK && in->status) {
		diff_text(changes, "status", v->status, in->status);
		st = set_text(db, &v->status, in->status);
	}
	if (st == CRM_OK && in->capacity >= 0 && in->capacity != v->capacity) {
		cJSON *c = cJSON_AddObjectToObject(changes, "capacity");

		if (c) {
			crmi_json_int(c, "old", v->capacity);
			crmi_json_int(c, "new", in->capacity);
		}
		v->capacity = in->capacity;
	}
	if (st == CRM_OK) {
		st = crmi_list_apply(db, "trait", v->traits, &in->traits, &n.traits);
	}
	if (st == CRM_OK) {
		diff_list(changes, "traits", v->traits, n.traits);
		free(v->traits);
		v->traits = n.traits;
		n.traits = NULL;
		st = crmi_list_apply(db, "interest", v->interests, &in->interests, &n.interests);
	}
	if (st == CRM_OK) {
		diff_list(changes, "interests", v->interests, n.interests);
		free(v->interests);
		v->interests = n.interests;
		n.interests = NULL;
	}
	mvals_release(&n);
	return st;
}

static crm_status edit_locked(struct crm_db *db, int64_t id, const struct crm_manager_input *in,
			      bool *changed)
{
	struct mvals v = { 0 };
	cJSON *changes = cJSON_CreateObject(), *data;
	crm_status st = changes ? load(db, id, &v) : crmi_fail(db, CRM_ENOMEM, "out of memory");
	int64_t forced = 0;
	crmi_stmt *s;

	if (st == CRM_OK) {
		st = check_leave(db, id, in, &v, &forced);
	}
	if (st == CRM_OK) {
		st = apply_edit(db, id, in, &v, changes);
	}
	if (st == CRM_OK) {
		st = apply_training(db, id, in, &v, changes);
	}
	if (st == CRM_OK && changes->child) {
		s = crmi_prepare(db, sql_manager_update);
		if (!s) {
			st = db->errcode;
		} else {
			crmi_bind_int64(s, 1, id);
			bind_vals(s, &v);
			st = crmi_step_done(db, s, "cannot change the manager");
		}
		if (st == CRM_OK) {
			data = cJSON_CreateObject();
			if (data) {
				crmi_json_str(data, "name", v.name);
				cJSON_AddItemToObject(data, "changes", changes);
				changes = NULL;
				if (forced) {
					/* left with live clients: --force */
					cJSON_AddBoolToObject(data, "forced", true);
					crmi_json_int(data, "live_clients", forced);
				}
			}
			st = crmi_journal(db, "manager.edit", "manager", id, data);
			*changed = true;
		}
	}
	cJSON_Delete(changes);
	mvals_release(&v);
	return st;
}

crm_status crm_manager_edit_changed(struct crm_db *db, int64_t id,
				    const struct crm_manager_input *in, bool *changed)
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

crm_status crm_manager_edit(struct crm_db *db, int64_t id, const struct crm_manager_input *in)
{
	return crm_manager_edit_changed(db, id, in, NULL);
}

crm_status crm_manager_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	crmi_clear_error(db);
	return crmi_resolve(db, "manager", ref, &manager_resolve_sql, id);
}

int64_t crmi_manager_by_name(struct crm_db *db, const char *name)
{
	char *fold;
	crmi_stmt *st;
	int64_t id = 0;

	if (!name || !*name || !(fold = crm_text_fold(name))) {
		return 0;
	}
	st = crmi_prepare(db, sql_manager_by_fold);
	if (st) {
		crmi_bind_text(st, 1, fold);
		if (crmi_step(st) == CRMI_ROW) {
			id = crmi_col_int64(st, 0);
		}
		crmi_reset(st);
	}
	free(fold);
	return id;
}

int64_t crm_manager_self(struct crm_db *db)
{
	return crmi_manager_by_name(db, crm_db_actor(db));
}

crm_status crm_manager_query(struct crm_db *db, int64_t id, struct crm_manager_iter **out)
{
	struct crm_manager_iter *it;
	int rc;

	*out = NULL;
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->now = crm_db_now(db);
	it->sql = id ? sql_manager_one : sql_manager_all;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the managers");
	}
	if (id) {
		crmi_bind_int64(it->st, 1, id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_manager_iter_next(struct crm_manager_iter *it, const struct crm_manager **row)
{
	crmi_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the managers");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_manager){
		.id = crmi_col_int64(s, 0),
		.uuid = crmi_col_text(s, 1),
		.name = crmi_col_text(s, 2),
		.email = crmi_col_text(s, 3),
		.phone = crmi_col_text(s, 4),
		.role = crmi_col_text(s, 5),
		.status = crmi_col_text(s, 6),
		.capacity = crmi_col_int64(s, 7),
		.traits = crmi_col_text(s, 8),
		.interests = crmi_col_text(s, 9),
		.created = crmi_col_int64(s, 10),
		.clients = crmi_col_int64(s, 11),
		.trainee_until = crmi_col_int64(s, 13),
		.mentor_id = crmi_col_int64(s, 14),
		.mentor = crmi_col_text(s, 15),
		.gender = crmi_col_text(s, 16),
		.position = crmi_col_text(s, 17),
	};
	it->trainee_flag = crmi_col_int64(s, 12);
	it->row.trainee = in_training(it->trainee_flag, it->row.trainee_until, it->now);
	*row = &it->row;
	return CRM_OK;
}

void crm_manager_iter_destroy(struct crm_manager_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
