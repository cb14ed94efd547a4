/*
 * vip.c: the VIP programme (DOMAIN.md, seed 004): one active programme at
 * a time and its list of clients. The split of the list among its staff
 * is in vip-assign.c, the programme's report in vip-report.c, the
 * questionnaire in vip-template.c and the survey in vip-survey.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"

/* ---- SQL -------------------------------------------------------------- */

static const char sql_active[] = "SELECT id FROM vip_program WHERE status = 'active'";
static const char sql_newest[] = "SELECT id FROM vip_program ORDER BY id DESC LIMIT 1";
static const char sql_manager[] = "SELECT name, status FROM manager WHERE id = ?1";
static const char sql_active_managers[] =
	"SELECT id FROM manager WHERE status = 'active' ORDER BY name_fold, id";

static const char sql_program_insert[] =
	"INSERT INTO vip_program(name, name_fold, lead_id, tier, segment, until, author, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char sql_staff_insert[] =
	"INSERT INTO vip_staff(program_id, manager_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";

/*
 * The list: company clients with status active or regular, plus private
 * clients of tier vip or key with the same statuses (a prospect is not a
 * client yet; a lost one is not surveyed), narrowed by tier and segment.
 */
static const char sql_items_build[] =
	"INSERT INTO vip_item(program_id, client_id, due)"
	" SELECT ?1, c.id, ?2 FROM client c"
	" WHERE c.status IN ('active', 'regular')"
	"   AND (c.kind = 'company' OR c.tier IN ('vip', 'key'))"
	"   AND (?3 IS NULL OR c.tier = ?3) AND (?4 IS NULL OR c.segment = ?4)"
	" ORDER BY c.id";

static const char sql_pending_count[] =
	"SELECT count(*) FROM vip_item WHERE program_id = ?1 AND status = 'pending'";
static const char sql_program_close[] =
	"UPDATE vip_program SET status = 'closed', closed = ?2 WHERE id = ?1";

static const struct crmi_resolve_sql program_resolve_sql = {
	.sql_id = "SELECT id, name FROM vip_program WHERE id = ?1",
	.sql_uuid = NULL,
	.sql_exact = "SELECT id, name FROM vip_program WHERE name_fold = ?1 ORDER BY id LIMIT 11",
	.sql_prefix = "SELECT id, name FROM vip_program WHERE name_fold >= ?1 AND name_fold < ?2"
		      " ORDER BY name_fold, id LIMIT 11",
	.sql_contains = NULL,
};

/* the staff's names in order: SQLite's aggregate reads its sorted
 * subquery's rows in order, PostgreSQL's takes the order in the call */
#define PROGRAM_STAFF                                                                    \
	" (SELECT json_group_array(name) FROM (SELECT s.name FROM vip_staff vs"          \
	"   JOIN manager s ON s.id = vs.manager_id WHERE vs.program_id = p.id"           \
	"   ORDER BY s.name_fold, s.id) x),"
#define PROGRAM_STAFF_PG                                                                 \
	" (SELECT json_group_array(s.name ORDER BY s.name_fold, s.id) FROM vip_staff vs"  \
	"   JOIN manager s ON s.id = vs.manager_id WHERE vs.program_id = p.id),"
#define PROGRAM_SELECT(staff)                                                            \
	"SELECT p.id, p.name, p.lead_id, m.name," staff                                  \
	" p.tier, p.segment, p.until, p.status, p.author, p.created, p.closed,"           \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id),"                   \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.surveyor_id IS NOT NULL),"                                              \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.status = 'done'),"                                                      \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.status = 'pending' AND i.due < ?2)"                                     \
	" FROM vip_program p JOIN manager m ON m.id = p.lead_id"
static const char sql_program_one[] = PROGRAM_SELECT(PROGRAM_STAFF) " WHERE p.id = ?1";
static const char sql_program_all[] =
	PROGRAM_SELECT(PROGRAM_STAFF) " WHERE ?1 IS NULL ORDER BY p.id DESC";
static const char sql_program_one_pg[] = PROGRAM_SELECT(PROGRAM_STAFF_PG) " WHERE p.id = ?1";
static const char sql_program_all_pg[] =
	PROGRAM_SELECT(PROGRAM_STAFF_PG) " WHERE ?1 IS NULL ORDER BY p.id DESC";

static const char sql_item_query[] =
	"SELECT i.id, i.program_id, i.client_id, c.name, c.kind, c.tier, c.segment,"
	" c.owner_id, o.name, c.monopolized, i.surveyor_id, s.name, i.status, i.reason,"
	" i.due, i.done, i.survey_id"
	" FROM vip_item i JOIN client c ON c.id = i.client_id"
	" LEFT JOIN manager o ON o.id = c.owner_id"
	" LEFT JOIN manager s ON s.id = i.surveyor_id"
	" WHERE i.program_id = ?1 AND (?2 IS NULL OR i.surveyor_id = ?2)"
	"   AND (?3 IS NULL OR i.status = ?3) AND (?4 IS NULL OR i.client_id = ?4)"
	" ORDER BY s.id IS NULL, s.name_fold, s.id, i.status = 'done', i.due, c.name_fold, i.id";

/* ---- small helpers ------------------------------------------------------ */

char *crmi_vip_dup_text(struct crm_db *db, const char *s, crm_status *st)
{
	char *d;

	if (!s) {
		return NULL;
	}
	d = strdup(s);
	if (!d && *st == CRM_OK) {
		*st = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return d;
}

void crmi_vip_json_date(cJSON *obj, const char *key, int64_t t)
{
	char buf[16];

	crmi_json_str(obj, key, t ? crm_date_format(t, buf, sizeof(buf)) : NULL);
}

/* One integer from a statement with ?1 = a (0: unbound); *found tells a row came. */
crm_status crmi_vip_query_int(struct crm_db *db, const char *sql, int64_t a, int64_t *out,
			      bool *found)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int rc;

	*out = 0;
	if (found) {
		*found = false;
	}
	if (!st) {
		return db->errcode;
	}
	if (a) {
		crmi_bind_int64(st, 1, a);
	}
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*out = crmi_col_int64(st, 0);
		if (found) {
			*found = true;
		}
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the VIP programme");
	}
	return CRM_OK;
}

/* The manager's name (malloc'd) and whether active; ENOTFOUND. */
static crm_status manager_get(struct crm_db *db, int64_t id, char **name, bool *active)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager);
	crm_status ret = CRM_OK;
	int rc;

	*name = NULL;
	*active = false;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*name = crmi_vip_dup_text(db, crmi_col_text(st, 0), &ret);
		*active = strcmp(crmi_col_text(st, 1), "active") == 0;
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the manager");
	}
	crmi_reset(st);
	return ret;
}

/* ---- the programme -------------------------------------------------------- */

crm_status crm_vip_program_active(struct crm_db *db, int64_t *id)
{
	bool found;
	crm_status st;

	crmi_clear_error(db);
	st = crmi_vip_query_int(db, sql_active, 0, id, &found);
	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND,
			       "no VIP programme is active: start one with 'crm vip program start'");
	}
	return st;
}

crm_status crm_vip_program_resolve(struct crm_db *db, const char *ref, int64_t *id)
{
	bool found;
	crm_status st;

	*id = 0;
	crmi_clear_error(db);
	if (ref) {
		return crmi_resolve(db, "VIP programme", ref, &program_resolve_sql, id);
	}
	st = crmi_vip_query_int(db, sql_active, 0, id, &found);
	if (st == CRM_OK && !found) {
		st = crmi_vip_query_int(db, sql_newest, 0, id, &found);
	}
	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND,
			       "no VIP programme yet: start one with 'crm vip program start'");
	}
	return st;
}

static crm_status check_program_input(struct crm_db *db, const struct crm_vip_program_input *in)
{
	int64_t today = crm_db_today(db);
	char d[16], t[16];
	crm_status st = crm_check_name(db, _("programme name"), in->name);

	if (st == CRM_OK && in->tier) {
		st = crmi_enum_check(db, N_("tier"), in->tier, crm_client_tiers);
	}
	if (st == CRM_OK && in->segment) {
		st = crm_check_name(db, _("segment"), in->segment);
	}
	if (st == CRM_OK && in->until && crm_day_start(in->until) < today) {
		st = crmi_fail(db, CRM_EINVAL, "--until %s is before today (%s)",
			       crm_date_format(in->until, d, sizeof(d)),
			       crm_date_format(today, t, sizeof(t)));
	}
	if (st == CRM_OK && !in->lead_id) {
		st = crmi_fail(db, CRM_EINVAL, "a VIP programme needs a lead");
	}
	return st;
}

/* Adds one staff member; a member who left cannot take part. */
static crm_status add_staff(struct crm_db *db, int64_t program, int64_t manager, cJSON *names)
{
	crmi_stmt *st;
	char *name = NULL;
	bool active;
	crm_status ret = manager_get(db, manager, &name, &active);

	if (ret == CRM_OK && !active) {
		ret = crmi_fail(db, CRM_ECONFLICT,
				"manager '%s' is not active: only active managers can work on the "
				"programme", name);
	}
	if (ret == CRM_OK && !(st = crmi_prepare(db, sql_staff_insert))) {
		ret = db->errcode;
	}
	if (ret == CRM_OK) {
		crmi_bind_int64(st, 1, program);
		crmi_bind_int64(st, 2, manager);
		ret = crmi_step_done(db, st, "cannot add the staff member");
	}
	if (ret == CRM_OK && crmi_changes(db) > 0) {
		cJSON_AddItemToArray(names, cJSON_CreateString(name));
	}
	free(name);
	return ret;
}

static crm_status add_all_active(struct crm_db *db, int64_t program, cJSON *names)
{
	crmi_stmt *st = NULL;
	crm_status ret = CRM_OK;
	int rc = crmi_stmt_new(db, sql_active_managers, &st);

	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the managers");
	}
	while (ret == CRM_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		ret = add_staff(db, program, crmi_col_int64(st, 0), names);
	}
	if (ret == CRM_OK && rc != CRMI_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the managers");
	}
	crmi_finalize(st);
	return ret;
}

static crm_status insert_program(struct crm_db *db, const struct crm_vip_program_input *in,
				 int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_program_insert);
	char *fold = crm_text_fold(in->name);
	crm_status ret;

	if (!fold) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (!st) {
		free(fold);
		return db->errcode;
	}
	crmi_bind_text(st, 1, in->name);
	crmi_bind_text(st, 2, fold);
	crmi_bind_int64(st, 3, in->lead_id);
	crmi_bind_text(st, 4, in->tier);
	crmi_bind_text(st, 5, in->segment);
	if (in->until) {
		crmi_bind_int64(st, 6, crm_day_start(in->until));
	}
	crmi_bind_text(st, 7, crm_db_actor(db));
	crmi_bind_int64(st, 8, crm_db_now(db));
	ret = crmi_step_done(db, st, "cannot start the programme");
	free(fold);
	*id = crmi_last_id(db);
	return ret;
}

static crm_status build_list(struct crm_db *db, int64_t id, const struct crm_vip_program_input *in,
			     int64_t *n)
{
	crmi_stmt *st = crmi_prepare(db, sql_items_build);
	crm_status ret;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	if (in->until) {
		crmi_bind_int64(st, 2, crm_day_start(in->until));
	}
	crmi_bind_text(st, 3, in->tier);
	crmi_bind_text(st, 4, in->segment);
	ret = crmi_step_done(db, st, "cannot build the programme's list");
	*n = crmi_changes(db);
	return ret;
}

static crm_status start_locked(struct crm_db *db, const struct crm_vip_program_input *in,
			       int64_t *id, int64_t *clients)
{
	int64_t other = 0;
	char *lead = NULL;
	bool found, active;
	cJSON *staff = cJSON_CreateArray(), *j;
	crm_status st = staff ? CRM_OK : crmi_fail(db, CRM_ENOMEM, "out of memory");

	if (st == CRM_OK) {
		st = crmi_vip_query_int(db, sql_active, 0, &other, &found);
	}
	if (st == CRM_OK && found) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       "VIP programme %lld is still active: close it first with "
			       "'crm vip program close'", (long long)other);
	}
	if (st == CRM_OK) {
		st = manager_get(db, in->lead_id, &lead, &active);
	}
	if (st == CRM_OK && !active) {
		st = crmi_fail(db, CRM_ECONFLICT, "manager '%s' is not active: choose another lead",
			       lead);
	}
	if (st == CRM_OK) {
		st = insert_program(db, in, id);
	}
	for (size_t i = 0; st == CRM_OK && i < in->nstaff; i++) {
		st = add_staff(db, *id, in->staff[i], staff);
	}
	if (st == CRM_OK && in->nstaff == 0) {
		st = add_all_active(db, *id, staff);
	}
	if (st == CRM_OK) {
		st = build_list(db, *id, in, clients);
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_str(j, "name", in->name);
		crmi_json_int(j, "lead_id", in->lead_id);
		crmi_json_str(j, "lead", lead);
		cJSON_AddItemToObject(j, "staff", staff);
		staff = NULL;
		crmi_json_str(j, "tier", in->tier);
		crmi_json_str(j, "segment", in->segment);
		crmi_vip_json_date(j, "until", in->until ? crm_day_start(in->until) : 0);
		crmi_json_int(j, "clients", *clients);
		st = crmi_journal(db, "vip.program.start", "vip_program", *id, j);
	}
	cJSON_Delete(staff);
	free(lead);
	return st;
}

crm_status crm_vip_program_start(struct crm_db *db, const struct crm_vip_program_input *in,
				 int64_t *id, int64_t *clients)
{
	int64_t new_id = 0, n = 0;
	crm_status st;

	*id = 0;
	if (clients) {
		*clients = 0;
	}
	crmi_clear_error(db);
	st = check_program_input(db, in);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_end(db, start_locked(db, in, &new_id, &n));
	if (st == CRM_OK) {
		*id = new_id;
		if (clients) {
			*clients = n;
		}
	}
	return st;
}

static crm_status close_locked(struct crm_db *db, bool force, int64_t *id, int64_t *pending)
{
	crmi_stmt *st;
	bool found;
	cJSON *j;
	crm_status ret = crmi_vip_query_int(db, sql_active, 0, id, &found);

	if (ret == CRM_OK && !found) {
		return crmi_fail(db, CRM_ENOTFOUND, "no VIP programme is active");
	}
	if (ret == CRM_OK) {
		ret = crmi_vip_query_int(db, sql_pending_count, *id, pending, NULL);
	}
	if (ret == CRM_OK && *pending > 0 && !force) {
		return crmi_fail(db, CRM_ECONFLICT,
				 P_("VIP programme %lld still has %lld client to survey: survey it, "
				    "or close the programme anyway with --force",
				    "VIP programme %lld still has %lld clients to survey: survey them, "
				    "or close it anyway with --force",
				    *pending),
				 (long long)*id, (long long)*pending);
	}
	if (ret == CRM_OK && !(st = crmi_prepare(db, sql_program_close))) {
		ret = db->errcode;
	}
	if (ret == CRM_OK) {
		crmi_bind_int64(st, 1, *id);
		crmi_bind_int64(st, 2, crm_db_now(db));
		ret = crmi_step_done(db, st, "cannot close the programme");
	}
	if (ret == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "pending", *pending);
		cJSON_AddBoolToObject(j, "force", force);
		ret = crmi_journal(db, "vip.program.close", "vip_program", *id, j);
	}
	return ret;
}

crm_status crm_vip_program_close(struct crm_db *db, bool force, int64_t *id, int64_t *pending)
{
	int64_t pid = 0, n = 0;
	crm_status st = crmi_atomic_begin(db);

	if (id) {
		*id = 0;
	}
	if (pending) {
		*pending = 0;
	}
	if (st != CRM_OK) {
		return st;
	}
	st = close_locked(db, force, &pid, &n);
	st = crmi_atomic_end(db, st);
	if (id) {
		*id = pid;
	}
	if (pending) {
		*pending = n;
	}
	return st;
}

struct crm_vip_program_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_vip_program row;
};

crm_status crm_vip_program_query(struct crm_db *db, int64_t id, struct crm_vip_program_iter **out)
{
	struct crm_vip_program_iter *it;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_new(db, id ? CRMI_SQL(db, sql_program_one, sql_program_one_pg) :
				    CRMI_SQL(db, sql_program_all, sql_program_all_pg), &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the VIP programmes");
	}
	if (id) {
		crmi_bind_int64(it->st, 1, id);
	}
	crmi_bind_int64(it->st, 2, crm_db_today(db));
	*out = it;
	return CRM_OK;
}

crm_status crm_vip_program_iter_next(struct crm_vip_program_iter *it,
				     const struct crm_vip_program **row)
{
	crmi_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the VIP programmes");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_vip_program){
		.id = crmi_col_int64(s, 0),
		.name = crmi_col_text(s, 1),
		.lead_id = crmi_col_int64(s, 2),
		.lead = crmi_col_text(s, 3),
		.staff = crmi_col_text(s, 4),
		.tier = crmi_col_text(s, 5),
		.segment = crmi_col_text(s, 6),
		.until = crmi_col_int64(s, 7),
		.status = crmi_col_text(s, 8),
		.author = crmi_col_text(s, 9),
		.created = crmi_col_int64(s, 10),
		.closed = crmi_col_int64(s, 11),
		.clients = crmi_col_int64(s, 12),
		.assigned = crmi_col_int64(s, 13),
		.done = crmi_col_int64(s, 14),
		.overdue = crmi_col_int64(s, 15),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_vip_program_iter_destroy(struct crm_vip_program_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it);
}

/* ---- the list -------------------------------------------------------------- */

struct crm_vip_item_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_vip_item row;
};

crm_status crm_vip_item_query(struct crm_db *db, const struct crm_vip_item_filter *f,
			      struct crm_vip_item_iter **out)
{
	struct crm_vip_item_iter *it;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	if (f->status && strcmp(f->status, "pending") != 0 && strcmp(f->status, "done") != 0) {
		return crmi_fail(db, CRM_EINVAL, "invalid item status '%s' (pending, done)",
				 f->status);
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_new(db, sql_item_query, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	crmi_bind_int64(it->st, 1, f->program_id);
	if (f->surveyor_id) {
		crmi_bind_int64(it->st, 2, f->surveyor_id);
	}
	crmi_bind_text(it->st, 3, f->status);
	if (f->client_id) {
		crmi_bind_int64(it->st, 4, f->client_id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_vip_item_iter_next(struct crm_vip_item_iter *it, const struct crm_vip_item **row)
{
	crmi_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the programme's list");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_vip_item){
		.id = crmi_col_int64(s, 0),
		.program_id = crmi_col_int64(s, 1),
		.client_id = crmi_col_int64(s, 2),
		.client = crmi_col_text(s, 3),
		.kind = crmi_col_text(s, 4),
		.tier = crmi_col_text(s, 5),
		.segment = crmi_col_text(s, 6),
		.owner_id = crmi_col_int64(s, 7),
		.owner = crmi_col_text(s, 8),
		.monopolized = crmi_col_int(s, 9) != 0,
		.surveyor_id = crmi_col_int64(s, 10),
		.surveyor = crmi_col_text(s, 11),
		.status = crmi_col_text(s, 12),
		.reason = crmi_col_text(s, 13),
		.due = crmi_col_int64(s, 14),
		.done = crmi_col_int64(s, 15),
		.survey_id = crmi_col_int64(s, 16),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_vip_item_iter_destroy(struct crm_vip_item_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it);
}
