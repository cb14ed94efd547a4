/*
 * vip.c: the VIP programme (DOMAIN.md, seed 004): one active programme at
 * a time, its list of clients, the split of the list among its staff and
 * the programme's report. The questionnaire and the survey live in
 * vip-survey.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"
#include "fit.h"

#define DAY 86400
#define YEAR (365 * DAY)

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
	"INSERT OR IGNORE INTO vip_staff(program_id, manager_id) VALUES (?1, ?2)";

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

#define PROGRAM_SELECT                                                                   \
	"SELECT p.id, p.name, p.lead_id, m.name,"                                        \
	" (SELECT json_group_array(name) FROM (SELECT s.name FROM vip_staff vs"          \
	"   JOIN manager s ON s.id = vs.manager_id WHERE vs.program_id = p.id"           \
	"   ORDER BY s.name_fold, s.id)),"                                               \
	" p.tier, p.segment, p.until, p.status, p.author, p.created, p.closed,"           \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id),"                   \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.surveyor_id IS NOT NULL),"                                              \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.status = 'done'),"                                                      \
	" (SELECT count(*) FROM vip_item i WHERE i.program_id = p.id"                     \
	"   AND i.status = 'pending' AND i.due < ?2)"                                     \
	" FROM vip_program p JOIN manager m ON m.id = p.lead_id"
static const char sql_program_one[] = PROGRAM_SELECT " WHERE p.id = ?1";
static const char sql_program_all[] = PROGRAM_SELECT " WHERE ?1 IS NULL ORDER BY p.id DESC";

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

static char *dup_text(struct crm_db *db, const char *s, crm_status *st)
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

static void json_date(cJSON *obj, const char *key, int64_t t)
{
	char buf[16];

	crmi_json_str(obj, key, t ? crm_date_format(t, buf, sizeof(buf)) : NULL);
}

/* One integer from a statement with ?1 = a (0: unbound); *found tells a row came. */
static crm_status query_int(struct crm_db *db, const char *sql, int64_t a, int64_t *out,
			    bool *found)
{
	sqlite3_stmt *st = crmi_prepare(db, sql);
	int rc;

	*out = 0;
	if (found) {
		*found = false;
	}
	if (!st) {
		return db->errcode;
	}
	if (a) {
		sqlite3_bind_int64(st, 1, a);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		if (found) {
			*found = true;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the VIP programme");
	}
	return CRM_OK;
}

/* The manager's name (malloc'd) and whether active; ENOTFOUND. */
static crm_status manager_get(struct crm_db *db, int64_t id, char **name, bool *active)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_manager);
	crm_status ret = CRM_OK;
	int rc;

	*name = NULL;
	*active = false;
	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*name = dup_text(db, (const char *)sqlite3_column_text(st, 0), &ret);
		*active = strcmp((const char *)sqlite3_column_text(st, 1), "active") == 0;
	} else if (rc == SQLITE_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the manager");
	}
	sqlite3_reset(st);
	return ret;
}

/* ---- the programme -------------------------------------------------------- */

crm_status crm_vip_program_active(struct crm_db *db, int64_t *id)
{
	bool found;
	crm_status st;

	crmi_clear_error(db);
	st = query_int(db, sql_active, 0, id, &found);
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
	st = query_int(db, sql_active, 0, id, &found);
	if (st == CRM_OK && !found) {
		st = query_int(db, sql_newest, 0, id, &found);
	}
	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND,
			       "no VIP programme yet: start one with 'crm vip program start'");
	}
	return st;
}

static crm_status check_program_input(struct crm_db *db, const struct crm_vip_program_input *in)
{
	int64_t today = crm_day_start(crm_db_now(db));
	char d[16], t[16];
	crm_status st = crm_check_name(db, "programme name", in->name);

	if (st == CRM_OK && in->tier) {
		st = crmi_enum_check(db, "tier", in->tier, crm_client_tiers);
	}
	if (st == CRM_OK && in->segment) {
		st = crm_check_name(db, "segment", in->segment);
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
	sqlite3_stmt *st;
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
		sqlite3_bind_int64(st, 1, program);
		sqlite3_bind_int64(st, 2, manager);
		ret = crmi_step_done(db, st, "cannot add the staff member");
	}
	if (ret == CRM_OK && sqlite3_changes(db->sql) > 0) {
		cJSON_AddItemToArray(names, cJSON_CreateString(name));
	}
	free(name);
	return ret;
}

static crm_status add_all_active(struct crm_db *db, int64_t program, cJSON *names)
{
	sqlite3_stmt *st = NULL;
	crm_status ret = CRM_OK;
	int rc = sqlite3_prepare_v2(db->sql, sql_active_managers, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(db, rc, "cannot read the managers");
	}
	while (ret == CRM_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ret = add_staff(db, program, sqlite3_column_int64(st, 0), names);
	}
	if (ret == CRM_OK && rc != SQLITE_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the managers");
	}
	sqlite3_finalize(st);
	return ret;
}

static crm_status insert_program(struct crm_db *db, const struct crm_vip_program_input *in,
				 int64_t *id)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_program_insert);
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
	sqlite3_bind_int64(st, 3, in->lead_id);
	crmi_bind_text(st, 4, in->tier);
	crmi_bind_text(st, 5, in->segment);
	if (in->until) {
		sqlite3_bind_int64(st, 6, crm_day_start(in->until));
	}
	crmi_bind_text(st, 7, crm_db_actor(db));
	sqlite3_bind_int64(st, 8, crm_db_now(db));
	ret = crmi_step_done(db, st, "cannot start the programme");
	free(fold);
	*id = sqlite3_last_insert_rowid(db->sql);
	return ret;
}

static crm_status build_list(struct crm_db *db, int64_t id, const struct crm_vip_program_input *in,
			     int64_t *n)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_items_build);
	crm_status ret;

	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, id);
	if (in->until) {
		sqlite3_bind_int64(st, 2, crm_day_start(in->until));
	}
	crmi_bind_text(st, 3, in->tier);
	crmi_bind_text(st, 4, in->segment);
	ret = crmi_step_done(db, st, "cannot build the programme's list");
	*n = sqlite3_changes(db->sql);
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
		st = query_int(db, sql_active, 0, &other, &found);
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
		json_date(j, "until", in->until ? crm_day_start(in->until) : 0);
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
	sqlite3_stmt *st;
	bool found;
	cJSON *j;
	crm_status ret = query_int(db, sql_active, 0, id, &found);

	if (ret == CRM_OK && !found) {
		return crmi_fail(db, CRM_ENOTFOUND, "no VIP programme is active");
	}
	if (ret == CRM_OK) {
		ret = query_int(db, sql_pending_count, *id, pending, NULL);
	}
	if (ret == CRM_OK && *pending > 0 && !force) {
		return crmi_fail(db, CRM_ECONFLICT,
				 "VIP programme %lld still has %lld client%s to survey: survey them, "
				 "or close it anyway with --force", (long long)*id,
				 (long long)*pending, *pending == 1 ? "" : "s");
	}
	if (ret == CRM_OK && !(st = crmi_prepare(db, sql_program_close))) {
		ret = db->errcode;
	}
	if (ret == CRM_OK) {
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, crm_db_now(db));
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
	sqlite3_stmt *st;
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
	rc = sqlite3_prepare_v2(db->sql, id ? sql_program_one : sql_program_all, -1, &it->st, NULL);
	if (rc != SQLITE_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the VIP programmes");
	}
	if (id) {
		sqlite3_bind_int64(it->st, 1, id);
	}
	sqlite3_bind_int64(it->st, 2, crm_day_start(crm_db_now(db)));
	*out = it;
	return CRM_OK;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

crm_status crm_vip_program_iter_next(struct crm_vip_program_iter *it,
				     const struct crm_vip_program **row)
{
	sqlite3_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the VIP programmes");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_vip_program){
		.id = sqlite3_column_int64(s, 0),
		.name = col_text(s, 1),
		.lead_id = sqlite3_column_int64(s, 2),
		.lead = col_text(s, 3),
		.staff = col_text(s, 4),
		.tier = col_text(s, 5),
		.segment = col_text(s, 6),
		.until = sqlite3_column_int64(s, 7),
		.status = col_text(s, 8),
		.author = col_text(s, 9),
		.created = sqlite3_column_int64(s, 10),
		.closed = sqlite3_column_int64(s, 11),
		.clients = sqlite3_column_int64(s, 12),
		.assigned = sqlite3_column_int64(s, 13),
		.done = sqlite3_column_int64(s, 14),
		.overdue = sqlite3_column_int64(s, 15),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_vip_program_iter_destroy(struct crm_vip_program_iter *it)
{
	if (!it) {
		return;
	}
	sqlite3_finalize(it->st);
	free(it);
}

/* ---- the list -------------------------------------------------------------- */

struct crm_vip_item_iter {
	struct crm_db *db;
	sqlite3_stmt *st;
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
	rc = sqlite3_prepare_v2(db->sql, sql_item_query, -1, &it->st, NULL);
	if (rc != SQLITE_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	sqlite3_bind_int64(it->st, 1, f->program_id);
	if (f->surveyor_id) {
		sqlite3_bind_int64(it->st, 2, f->surveyor_id);
	}
	crmi_bind_text(it->st, 3, f->status);
	if (f->client_id) {
		sqlite3_bind_int64(it->st, 4, f->client_id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_vip_item_iter_next(struct crm_vip_item_iter *it, const struct crm_vip_item **row)
{
	sqlite3_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the programme's list");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_vip_item){
		.id = sqlite3_column_int64(s, 0),
		.program_id = sqlite3_column_int64(s, 1),
		.client_id = sqlite3_column_int64(s, 2),
		.client = col_text(s, 3),
		.kind = col_text(s, 4),
		.tier = col_text(s, 5),
		.segment = col_text(s, 6),
		.owner_id = sqlite3_column_int64(s, 7),
		.owner = col_text(s, 8),
		.monopolized = sqlite3_column_int(s, 9) != 0,
		.surveyor_id = sqlite3_column_int64(s, 10),
		.surveyor = col_text(s, 11),
		.status = col_text(s, 12),
		.reason = col_text(s, 13),
		.due = sqlite3_column_int64(s, 14),
		.done = sqlite3_column_int64(s, 15),
		.survey_id = sqlite3_column_int64(s, 16),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_vip_item_iter_destroy(struct crm_vip_item_iter *it)
{
	if (!it) {
		return;
	}
	sqlite3_finalize(it->st);
	free(it);
}

/* ---- assignment ------------------------------------------------------------ */

static const char sql_plan_staff[] =
	"SELECT m.id, m.name, (SELECT count(*) FROM vip_item i WHERE i.program_id = ?1"
	"   AND i.surveyor_id = m.id AND i.status = 'done')"
	" FROM vip_staff vs JOIN manager m ON m.id = vs.manager_id"
	" WHERE vs.program_id = ?1 AND m.status = 'active' ORDER BY m.name_fold, m.id";

/* The pending items with what the owner's relations are judged by. */
static const char sql_plan_items[] =
	"SELECT i.id, c.id, c.name, c.owner_id, o.name, c.monopolized, i.surveyor_id,"
	" c.last_contact,"
	" coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN ?2 WHEN 'key' THEN ?3"
	"   ELSE ?4 END),"
	" EXISTS (SELECT 1 FROM incident x WHERE x.client_id = c.id AND x.status = 'open'"
	"   AND x.kind = 'conflict'),"
	" (SELECT count(*) FROM promise p WHERE p.client_id = c.id"
	"   AND p.kind IN ('promise', 'guarantee', 'discount')"
	"   AND ((p.status = 'broken' AND p.closed >= ?5) OR (p.status = 'open' AND p.due < ?6))),"
	" (SELECT max(k.verified) FROM contact k WHERE k.client_id = c.id AND k.is_key = 1),"
	" i.reason"
	" FROM vip_item i JOIN client c ON c.id = i.client_id"
	" LEFT JOIN manager o ON o.id = c.owner_id"
	" WHERE i.program_id = ?1 AND i.status = 'pending' ORDER BY c.name_fold, c.id";

static const char sql_program_closed[] =
	"SELECT status = 'closed' FROM vip_program WHERE id = ?1";
static const char sql_plan_store[] =
	"UPDATE vip_item SET surveyor_id = ?2, reason = ?3, assigned = ?4 WHERE id = ?1";

struct member {
	int64_t id;
	char *name;
	int64_t load;          /* items on the list: done ones and those planned */
	int64_t kept;
	int64_t done;
	int64_t fit;           /* index in the fit engine; -1 none */
};

struct pitem {
	int64_t item_id, client_id, owner_id, stored;
	char *client, *owner, *stored_reason;
	char *head;            /* why not the owner, when another takes it */
	bool monopolized, conflict;
	int64_t last_contact, every, broken, verified;
	/* the plan */
	int64_t surveyor;      /* index in the members + 1; 0 none */
	bool kept;
	char *reason;
};

struct plan {
	struct crm_vip_plan pub;   /* first: crm_vip_plan_destroy casts */
	struct member *m;
	size_t nm;
	struct pitem *p;
	size_t np;
	int64_t base, extra;       /* every member's share: base or base + 1 */
};

void crm_vip_plan_destroy(struct crm_vip_plan *pub)
{
	struct plan *pl = (struct plan *)pub;

	if (!pl) {
		return;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		free(pl->m[i].name);
	}
	for (size_t i = 0; i < pl->np; i++) {
		free(pl->p[i].client);
		free(pl->p[i].owner);
		free(pl->p[i].stored_reason);
		free(pl->p[i].reason);
		free(pl->p[i].head);
	}
	free(pl->m);
	free(pl->p);
	free(pl->pub.items);
	free(pl->pub.loads);
	free(pl);
}

static crm_status grow(struct crm_db *db, void **arr, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap) {
		return CRM_OK;
	}
	c = *cap ? *cap * 2 : 16;
	p = realloc(*arr, c * size);
	if (!p) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*arr = p;
	*cap = c;
	return CRM_OK;
}

static crm_status load_staff(struct crm_db *db, int64_t program, struct plan *pl)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	crm_status ret = CRM_OK;
	int rc = sqlite3_prepare_v2(db->sql, sql_plan_staff, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's staff");
	}
	sqlite3_bind_int64(st, 1, program);
	while (ret == CRM_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct member *m;

		ret = grow(db, (void **)&pl->m, &cap, pl->nm, sizeof(*pl->m));
		if (ret != CRM_OK) {
			break;
		}
		m = &pl->m[pl->nm++];
		*m = (struct member){ .id = sqlite3_column_int64(st, 0), .fit = -1 };
		m->name = dup_text(db, col_text(st, 1), &ret);
		m->done = m->load = sqlite3_column_int64(st, 2);
	}
	if (ret == CRM_OK && rc != SQLITE_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the programme's staff");
	}
	sqlite3_finalize(st);
	return ret;
}

static crm_status load_items(struct crm_db *db, int64_t program, struct plan *pl)
{
	int64_t now = crm_db_now(db), today = crm_day_start(now);
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	crm_status ret = CRM_OK;
	int rc = sqlite3_prepare_v2(db->sql, sql_plan_items, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	sqlite3_bind_int64(st, 1, program);
	sqlite3_bind_int64(st, 2, crm_config_int(db, "audit.forgotten.days.vip"));
	sqlite3_bind_int64(st, 3, crm_config_int(db, "audit.forgotten.days.key"));
	sqlite3_bind_int64(st, 4, crm_config_int(db, "audit.forgotten.days.regular"));
	sqlite3_bind_int64(st, 5, now - YEAR);
	sqlite3_bind_int64(st, 6, today);
	while (ret == CRM_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pitem *p;

		ret = grow(db, (void **)&pl->p, &cap, pl->np, sizeof(*pl->p));
		if (ret != CRM_OK) {
			break;
		}
		p = &pl->p[pl->np++];
		*p = (struct pitem){
			.item_id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.owner_id = sqlite3_column_int64(st, 3),
			.monopolized = sqlite3_column_int(st, 5) != 0,
			.stored = sqlite3_column_int64(st, 6),
			.last_contact = sqlite3_column_int64(st, 7),
			.every = sqlite3_column_int64(st, 8),
			.conflict = sqlite3_column_int(st, 9) != 0,
			.broken = sqlite3_column_int64(st, 10),
			.verified = sqlite3_column_int64(st, 11),
		};
		p->client = dup_text(db, col_text(st, 2), &ret);
		p->owner = dup_text(db, col_text(st, 4), &ret);
		p->stored_reason = dup_text(db, col_text(st, 12), &ret);
	}
	if (ret == CRM_OK && rc != SQLITE_DONE) {
		ret = crmi_sqlfail(db, rc, "cannot read the programme's list");
	}
	sqlite3_finalize(st);
	return ret;
}

/* Appends "; "-separated text to buf. */
static void add_why(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void add_why(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 2 < n) {
		memcpy(buf + len, "; ", 3);
		len += 2;
	}
	if (len >= n) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

/*
 * Whether relations between the owner and the client are good enough for
 * the owner to keep it in the programme (seed 004: "if not sure, someone
 * else takes it"). why gets the facts either way.
 */
static bool relations_good(const struct pitem *p, int64_t now, char *why, size_t n)
{
	int64_t today = crm_day_start(now);
	bool good = true;
	char d[16];

	why[0] = '\0';
	if (!p->last_contact) {
		add_why(why, n, "never contacted");
		good = false;
	} else if (p->last_contact < now - p->every * DAY) {
		add_why(why, n, "no contact for %lld days (every %lld wanted)",
			(long long)((now - p->last_contact) / DAY), (long long)p->every);
		good = false;
	} else {
		add_why(why, n, "last contact %lld days ago (every %lld)",
			(long long)((now - p->last_contact) / DAY), (long long)p->every);
	}
	if (p->conflict) {
		add_why(why, n, "an open conflict");
		good = false;
	}
	if (p->broken) {
		add_why(why, n, "%lld broken promise%s", (long long)p->broken,
			p->broken == 1 ? "" : "s");
		good = false;
	}
	if (!p->verified || p->verified < today - YEAR) {
		add_why(why, n, "no key contact verified within a year");
		good = false;
	} else {
		add_why(why, n, "a key contact verified on %s",
			crm_date_format(p->verified, d, sizeof(d)));
	}
	return good;
}

/* Whether member i may take one more item and stay within the shares. */
static bool has_room(const struct plan *pl, size_t i)
{
	size_t over = 0;

	if (pl->m[i].load < pl->base) {
		return true;
	}
	if (pl->m[i].load > pl->base) {
		return false;
	}
	for (size_t k = 0; k < pl->nm; k++) {
		over += pl->m[k].load > pl->base;
	}
	return (int64_t)over < pl->extra;
}

static int64_t member_of(const struct plan *pl, int64_t manager_id)
{
	for (size_t i = 0; i < pl->nm; i++) {
		if (pl->m[i].id == manager_id) {
			return (int64_t)i;
		}
	}
	return -1;
}

static crm_status set_reason(struct crm_db *db, struct pitem *p, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;

	free(p->reason);
	p->reason = malloc(n);
	if (!p->reason) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	snprintf(p->reason, n, "%s%s", a, b);
	return CRM_OK;
}

/* The member with room (any member with full) who fits the client best,
 * never its owner; -1 when none. */
static int64_t best_fit(struct plan *pl, struct fit_engine *fe, const struct pitem *p, bool full,
			char *why, size_t n, crm_status *st)
{
	struct fit_client fc = { 0 };
	int64_t best = -1;
	int best_score = 0;
	bool scored = false;

	why[0] = '\0';
	if (fe) {
		*st = fit_client_read(fe, &fc, p->client_id);
		if (*st != CRM_OK) {
			return -1;
		}
		scored = true;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		int score = 0;

		if (pl->m[i].id == p->owner_id || (!full && !has_room(pl, i))) {
			continue;
		}
		if (scored && pl->m[i].fit >= 0) {
			score = fit_score(fe, &fc, (size_t)pl->m[i].fit, 0);
		}
		/* ties go to the member with the shortest list, then by name */
		if (best < 0 || score > best_score ||
		    (score == best_score && pl->m[i].load < pl->m[best].load)) {
			best = (int64_t)i;
			best_score = score;
		}
	}
	if (best >= 0 && scored && pl->m[best].fit >= 0) {
		char fw[400];

		fit_why(fe, &fc, (size_t)pl->m[best].fit, 0, fw, sizeof(fw));
		snprintf(why, n, "%sbest fit %s (%s; %lld on the list)",
			 full ? "every share is full: " : "", pl->m[best].name, fw,
			 (long long)pl->m[best].load);
	} else if (best >= 0) {
		snprintf(why, n, "%sthe shortest list: %s (%lld on the list)",
			 full ? "every share is full: " : "", pl->m[best].name,
			 (long long)pl->m[best].load);
	}
	if (scored) {
		fit_client_release(&fc);
	}
	return best;
}

/* First pass: owners on the staff with good relations keep their clients. */
static crm_status plan_keep(struct crm_db *db, struct plan *pl, char *why, size_t n)
{
	int64_t now = crm_db_now(db);
	crm_status st = CRM_OK;

	for (size_t k = 0; k < pl->np && st == CRM_OK; k++) {
		struct pitem *p = &pl->p[k];
		int64_t i = p->owner_id ? member_of(pl, p->owner_id) : -1;

		if (i < 0 || p->monopolized || !relations_good(p, now, why, n)) {
			continue;
		}
		if (!has_room(pl, (size_t)i)) {
			char head[1400];

			snprintf(head, sizeof(head), "relations are good (%s), but %s's share is "
				 "full; ", why, pl->m[i].name);
			st = set_reason(db, p, head, "");
			continue;
		}
		p->surveyor = i + 1;
		p->kept = true;
		pl->m[i].load++;
		pl->m[i].kept++;
		st = set_reason(db, p, "the owner keeps it: relations are good: ", why);
	}
	return st;
}

/* Why the owner does not keep the client, as the head of the reason. */
static void lost_why(const struct plan *pl, const struct pitem *p, int64_t now, char *head,
		     size_t n)
{
	char why[600];

	if (!p->owner_id) {
		snprintf(head, n, "no owner; ");
	} else if (p->monopolized) {
		snprintf(head, n, "monopolised by the owner %s: it goes to someone else; ",
			 p->owner);
	} else if (member_of(pl, p->owner_id) < 0) {
		snprintf(head, n, "the owner %s is not on the programme's staff; ", p->owner);
	} else {
		relations_good(p, now, why, sizeof(why));
		snprintf(head, n, "relations with the owner %s are not good enough (%s); ",
			 p->owner, why);
	}
}

/* Second pass: every other client to the member who fits best. */
static crm_status plan_rest(struct crm_db *db, struct plan *pl, struct fit_engine *fe)
{
	int64_t now = crm_db_now(db);
	char head[800], why[800];
	crm_status st = CRM_OK;

	for (size_t k = 0; k < pl->np && st == CRM_OK; k++) {
		struct pitem *p = &pl->p[k];
		int64_t i;

		if (p->surveyor) {
			continue;
		}
		if (p->reason) {
			snprintf(head, sizeof(head), "%s", p->reason);
		} else {
			lost_why(pl, p, now, head, sizeof(head));
		}
		i = best_fit(pl, fe, p, false, why, sizeof(why), &st);
		if (st == CRM_OK && i < 0) {
			/* the balancing pass evens the lists out afterwards */
			i = best_fit(pl, fe, p, true, why, sizeof(why), &st);
		}
		if (st != CRM_OK) {
			break;
		}
		if (i < 0) {
			snprintf(why, sizeof(why), "nobody else on the staff to take it");
		}
		if (i >= 0) {
			p->surveyor = i + 1;
			pl->m[i].load++;
		}
		p->head = strdup(head);
		st = p->head ? set_reason(db, p, head, why) : crmi_fail(db, CRM_ENOMEM,
									"out of memory");
	}
	return st;
}

/*
 * Third pass: the greedy passes can leave a member short when the clients
 * still to place were all its own (which it may not keep). Each member
 * below the base share takes an item from a member above it, one it may
 * survey (not its own client), until no such move is left.
 */
static crm_status plan_balance(struct crm_db *db, struct plan *pl)
{
	char why[200];
	crm_status st = CRM_OK;
	bool moved = true;

	while (moved && st == CRM_OK) {
		moved = false;
		for (size_t u = 0; u < pl->nm && !moved; u++) {
			if (pl->m[u].load >= pl->base) {
				continue;
			}
			for (size_t k = 0; k < pl->np && !moved; k++) {
				struct pitem *p = &pl->p[k];
				struct member *o = p->surveyor ? &pl->m[p->surveyor - 1] : NULL;

				if (!o || p->kept || o->load <= pl->base || p->owner_id == pl->m[u].id) {
					continue;
				}
				o->load--;
				pl->m[u].load++;
				p->surveyor = (int64_t)u + 1;
				snprintf(why, sizeof(why), "%s, so that the lists stay balanced (%lld on "
					 "the list)", pl->m[u].name, (long long)pl->m[u].load - 1);
				st = set_reason(db, p, p->head ? p->head : "", why);
				moved = true;
			}
		}
	}
	return st;
}

static crm_status plan_output(struct crm_db *db, struct plan *pl)
{
	struct crm_vip_plan *o = &pl->pub;

	o->items = calloc(pl->np ? pl->np : 1, sizeof(*o->items));
	o->loads = calloc(pl->nm ? pl->nm : 1, sizeof(*o->loads));
	if (!o->items || !o->loads) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < pl->np; k++) {
		const struct pitem *p = &pl->p[k];
		const struct member *m = p->surveyor ? &pl->m[p->surveyor - 1] : NULL;

		o->items[k] = (struct crm_vip_assignment){
			.item_id = p->item_id,
			.client_id = p->client_id,
			.client = p->client,
			.owner_id = p->owner_id,
			.owner = p->owner,
			.surveyor_id = m ? m->id : 0,
			.surveyor = m ? m->name : NULL,
			.kept = p->kept,
			.changed = (m ? m->id : 0) != p->stored ||
				   !p->stored_reason || strcmp(p->stored_reason, p->reason) != 0,
			.reason = p->reason,
		};
	}
	o->n = pl->np;
	for (size_t i = 0; i < pl->nm; i++) {
		o->loads[i] = (struct crm_vip_load){
			.manager_id = pl->m[i].id,
			.manager = pl->m[i].name,
			.items = pl->m[i].load,
			.kept = pl->m[i].kept,
			.done = pl->m[i].done,
		};
	}
	o->nloads = pl->nm;
	return CRM_OK;
}

static crm_status plan_store(struct crm_db *db, int64_t program, const struct crm_vip_plan *o)
{
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	sqlite3_stmt *st;
	int64_t changed = 0;
	crm_status ret = j && arr ? CRM_OK : crmi_fail(db, CRM_ENOMEM, "out of memory");

	for (size_t k = 0; ret == CRM_OK && k < o->n; k++) {
		const struct crm_vip_assignment *a = &o->items[k];
		cJSON *e;

		if (!a->changed) {
			continue;
		}
		st = crmi_prepare(db, sql_plan_store);
		if (!st) {
			ret = db->errcode;
			break;
		}
		sqlite3_bind_int64(st, 1, a->item_id);
		if (a->surveyor_id) {
			sqlite3_bind_int64(st, 2, a->surveyor_id);
		}
		crmi_bind_text(st, 3, a->reason);
		sqlite3_bind_int64(st, 4, crm_db_now(db));
		ret = crmi_step_done(db, st, "cannot store the assignment");
		changed++;
		e = cJSON_CreateObject();
		crmi_json_int(e, "item_id", a->item_id);
		crmi_json_int(e, "client_id", a->client_id);
		if (a->surveyor_id) {
			crmi_json_int(e, "surveyor_id", a->surveyor_id);
		} else {
			cJSON_AddNullToObject(e, "surveyor_id");
		}
		cJSON_AddBoolToObject(e, "kept", a->kept);
		cJSON_AddItemToArray(arr, e);
	}
	if (ret == CRM_OK) {
		crmi_json_int(j, "pending", (int64_t)o->n);
		crmi_json_int(j, "changed", changed);
		cJSON_AddItemToObject(j, "assignments", arr);
		arr = NULL;
		ret = crmi_journal(db, "vip.assign", "vip_program", program, j);
		j = NULL;
	}
	cJSON_Delete(arr);
	cJSON_Delete(j);
	return ret;
}

static crm_status assign_locked(struct crm_db *db, int64_t program, bool apply, struct plan *pl)
{
	struct fit_engine *fe = NULL;
	char why[600];
	int64_t total;
	bool found;
	crm_status st = query_int(db, sql_program_closed, program, &total, &found);

	if (st == CRM_OK && !found) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no VIP programme with id %lld", (long long)program);
	} else if (st == CRM_OK && total) {
		st = crmi_fail(db, CRM_ECONFLICT, "VIP programme %lld is closed: nothing to assign",
			       (long long)program);
	}
	if (st == CRM_OK) {
		st = load_staff(db, program, pl);
	}

	if (st == CRM_OK && pl->nm == 0) {
		st = crmi_fail(db, CRM_ECONFLICT,
			       "VIP programme %lld has no active staff member to survey its clients",
			       (long long)program);
	}
	if (st == CRM_OK) {
		st = load_items(db, program, pl);
	}
	if (st != CRM_OK) {
		return st;
	}
	total = (int64_t)pl->np;
	for (size_t i = 0; i < pl->nm; i++) {
		total += pl->m[i].done;
	}
	pl->base = total / (int64_t)pl->nm;
	pl->extra = total % (int64_t)pl->nm;
	st = fit_engine_create(db, &fe);
	if (st != CRM_OK) {
		return st;
	}
	for (size_t i = 0; i < pl->nm; i++) {
		pl->m[i].fit = fit_engine_find(fe, pl->m[i].id);
	}
	st = plan_keep(db, pl, why, sizeof(why));
	if (st == CRM_OK) {
		st = plan_rest(db, pl, fe);
	}
	if (st == CRM_OK) {
		st = plan_balance(db, pl);
	}
	fit_engine_destroy(fe);
	if (st == CRM_OK) {
		st = plan_output(db, pl);
	}
	if (st == CRM_OK && apply) {
		st = plan_store(db, program, &pl->pub);
	}
	return st;
}

crm_status crm_vip_assign(struct crm_db *db, int64_t program_id, bool apply,
			  struct crm_vip_plan **out)
{
	struct plan *pl;
	crm_status st;

	*out = NULL;
	pl = calloc(1, sizeof(*pl));
	if (!pl) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_atomic_begin(db);
	if (st == CRM_OK) {
		st = assign_locked(db, program_id, apply, pl);
		/* a plan that is not applied writes nothing: roll back anyway */
		st = crmi_atomic_end(db, st);
	}
	if (st != CRM_OK) {
		crm_vip_plan_destroy(&pl->pub);
		return st;
	}
	*out = &pl->pub;
	return CRM_OK;
}

/* ---- the report ------------------------------------------------------------ */

static const char sql_report_coverage[] =
	"SELECT x.sid, m.name, count(i.id), coalesce(sum(i.status = 'done'), 0),"
	" coalesce(sum(i.status = 'pending'), 0),"
	" coalesce(sum(i.status = 'pending' AND i.due < ?2), 0)"
	" FROM (SELECT manager_id AS sid FROM vip_staff WHERE program_id = ?1"
	"   UNION SELECT surveyor_id FROM vip_item WHERE program_id = ?1"
	"   AND surveyor_id IS NOT NULL) x"
	" JOIN manager m ON m.id = x.sid"
	" LEFT JOIN vip_item i ON i.program_id = ?1 AND i.surveyor_id = x.sid"
	" GROUP BY x.sid ORDER BY m.name_fold, x.sid";
static const char sql_report_unassigned[] =
	"SELECT count(*), coalesce(sum(status = 'done'), 0), coalesce(sum(status = 'pending'), 0),"
	" coalesce(sum(status = 'pending' AND due < ?2), 0)"
	" FROM vip_item WHERE program_id = ?1 AND surveyor_id IS NULL";
static const char sql_report_surveys[] =
	"SELECT count(*), coalesce(sum(quality = 'pass'), 0), coalesce(sum(quality = 'fail'), 0),"
	" coalesce(sum(quality IS NULL), 0) FROM vip_survey WHERE program_id = ?1";
static const char sql_report_failures[] =
	"SELECT s.id, s.client_id, c.name, s.at, s.failures, s.incident_id, x.status, x.resolved,"
	" s.remedy_id, n.due, n.status, m.name"
	" FROM vip_survey s JOIN client c ON c.id = s.client_id"
	" LEFT JOIN incident x ON x.id = s.incident_id"
	" LEFT JOIN next_action n ON n.id = s.remedy_id"
	" LEFT JOIN manager m ON m.id = n.assignee_id"
	" WHERE s.program_id = ?1 AND s.quality = 'fail' ORDER BY s.at, s.id";
static const char sql_report_referrals[] =
	"SELECT e.ref_id, c.name, c.status, s.client_id, r.name, s.at"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id AND e.kind = 'referral'"
	" JOIN client c ON c.id = e.ref_id JOIN client r ON r.id = s.client_id"
	" WHERE s.program_id = ?1 ORDER BY e.id";
static const char sql_report_opportunities[] =
	"SELECT n.id, n.client_id, c.name, n.text, n.assignee_id, m.name, n.due, n.status"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id AND e.kind = 'opportunity'"
	" JOIN next_action n ON n.id = e.ref_id JOIN client c ON c.id = n.client_id"
	" LEFT JOIN manager m ON m.id = n.assignee_id"
	" WHERE s.program_id = ?1 ORDER BY e.id";
static const char sql_report_contacts[] =
	"SELECT coalesce(sum(e.kind = 'contact.add'), 0), coalesce(sum(e.kind = 'contact.update'), 0),"
	" coalesce(sum(e.kind = 'contact.verify'), 0), count(DISTINCT s.client_id)"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id"
	" AND e.kind IN ('contact.add', 'contact.update', 'contact.verify')"
	" WHERE s.program_id = ?1";

static void json_opt_int(cJSON *o, const char *key, int64_t v)
{
	if (v) {
		crmi_json_int(o, key, v);
	} else {
		cJSON_AddNullToObject(o, key);
	}
}

/* Steps a fresh statement over the programme; row() adds each row to acc. */
static crm_status report_rows(struct crm_db *db, const char *sql, int64_t program,
			      void (*row)(sqlite3_stmt *st, cJSON *acc, int64_t *counts),
			      cJSON *acc, int64_t *counts)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's report");
	}
	sqlite3_bind_int64(st, 1, program);
	if (sqlite3_bind_parameter_count(st) >= 2) {
		sqlite3_bind_int64(st, 2, crm_day_start(crm_db_now(db)));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row(st, acc, counts);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CRM_OK : crmi_sqlfail(db, rc, "cannot read the programme's report");
}

static void coverage_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	bool unassigned = sqlite3_column_count(st) == 4;
	int k = unassigned ? 0 : 2;

	(void)counts;
	if (unassigned && sqlite3_column_int64(st, 0) == 0) {
		cJSON_Delete(o);
		return;
	}
	if (unassigned) {
		cJSON_AddNullToObject(o, "manager_id");
		cJSON_AddNullToObject(o, "manager");
	} else {
		crmi_json_int(o, "manager_id", sqlite3_column_int64(st, 0));
		crmi_json_str(o, "manager", col_text(st, 1));
	}
	crmi_json_int(o, "assigned", sqlite3_column_int64(st, k));
	crmi_json_int(o, "done", sqlite3_column_int64(st, k + 1));
	crmi_json_int(o, "left", sqlite3_column_int64(st, k + 2));
	crmi_json_int(o, "overdue", sqlite3_column_int64(st, k + 3));
	cJSON_AddItemToArray(arr, o);
}

static void counts_row(sqlite3_stmt *st, cJSON *acc, int64_t *counts)
{
	(void)acc;
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		counts[i] = sqlite3_column_int64(st, i);
	}
}

static void failure_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject(), *f = cJSON_Parse(col_text(st, 4)), *e, *ids;
	bool remedied = col_text(st, 6) && strcmp(col_text(st, 6), "resolved") == 0;

	crmi_json_int(o, "survey_id", sqlite3_column_int64(st, 0));
	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 1));
	crmi_json_str(o, "client", col_text(st, 2));
	json_date(o, "date", sqlite3_column_int64(st, 3));
	ids = cJSON_AddArrayToObject(o, "failed");
	cJSON_ArrayForEach(e, f) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");

		if (cJSON_IsString(id)) {
			cJSON_AddItemToArray(ids, cJSON_CreateString(id->valuestring));
		}
	}
	cJSON_Delete(f);
	json_opt_int(o, "incident_id", sqlite3_column_int64(st, 5));
	json_opt_int(o, "remedy_id", sqlite3_column_int64(st, 8));
	crmi_json_str(o, "remedy_assignee", col_text(st, 11));
	json_date(o, "remedy_due", sqlite3_column_int64(st, 9));
	crmi_json_str(o, "remedy_status", col_text(st, 10));
	cJSON_AddBoolToObject(o, "remedied", remedied);
	json_date(o, "remedied_on", remedied ? sqlite3_column_int64(st, 7) : 0);
	counts[0] += remedied;
	cJSON_AddItemToArray(arr, o);
}

static void referral_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	const char *status = col_text(st, 2);
	bool active = strcmp(status, "active") == 0 || strcmp(status, "regular") == 0;

	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 0));
	crmi_json_str(o, "client", col_text(st, 1));
	crmi_json_str(o, "status", status);
	cJSON_AddBoolToObject(o, "active", active);
	crmi_json_int(o, "referred_by_id", sqlite3_column_int64(st, 3));
	crmi_json_str(o, "referred_by", col_text(st, 4));
	json_date(o, "date", sqlite3_column_int64(st, 5));
	counts[0]++;
	counts[1] += active;
	cJSON_AddItemToArray(arr, o);
}

static void opportunity_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	bool done = strcmp(col_text(st, 7), "done") == 0;

	crmi_json_int(o, "id", sqlite3_column_int64(st, 0));
	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 1));
	crmi_json_str(o, "client", col_text(st, 2));
	crmi_json_str(o, "text", col_text(st, 3));
	json_opt_int(o, "assignee_id", sqlite3_column_int64(st, 4));
	crmi_json_str(o, "assignee", col_text(st, 5));
	json_date(o, "due", sqlite3_column_int64(st, 6));
	crmi_json_str(o, "status", col_text(st, 7));
	counts[0]++;
	counts[1] += done;
	cJSON_AddItemToArray(arr, o);
}

static crm_status report_program(struct crm_db *db, int64_t id, cJSON *root)
{
	struct crm_vip_program_iter *it;
	const struct crm_vip_program *p;
	cJSON *o;
	crm_status st = crm_vip_program_query(db, id, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_vip_program_iter_next(it, &p);
	if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no VIP programme with id %lld", (long long)id);
	}
	if (st == CRM_OK) {
		o = cJSON_AddObjectToObject(root, "program");
		crmi_json_int(o, "id", p->id);
		crmi_json_str(o, "name", p->name);
		crmi_json_str(o, "status", p->status);
		crmi_json_str(o, "lead", p->lead);
		json_date(o, "started", p->created);
		json_date(o, "until", p->until);
		json_date(o, "closed", p->closed);
		crmi_json_int(o, "clients", p->clients);
		crmi_json_int(o, "done", p->done);
		crmi_json_int(o, "left", p->clients - p->done);
		crmi_json_int(o, "overdue", p->overdue);
	}
	crm_vip_program_iter_destroy(it);
	return st;
}

static crm_status report_quality(struct crm_db *db, int64_t id, cJSON *root)
{
	int64_t c[4] = { 0 }, remedied = 0;
	cJSON *o = cJSON_AddObjectToObject(root, "quality"), *arr = cJSON_CreateArray();
	crm_status st = report_rows(db, sql_report_surveys, id, counts_row, NULL, c);

	if (st == CRM_OK) {
		st = report_rows(db, sql_report_failures, id, failure_row, arr, &remedied);
	}
	crmi_json_int(o, "surveys", c[0]);
	crmi_json_int(o, "passed", c[1]);
	crmi_json_int(o, "failed", c[2]);
	crmi_json_int(o, "unchecked", c[3]);
	crmi_json_int(o, "remedied", remedied);
	crmi_json_int(o, "unremedied", c[2] - remedied);
	cJSON_AddItemToObject(o, "failures", arr);
	return st;
}

static crm_status report_lists(struct crm_db *db, int64_t id, cJSON *root)
{
	int64_t r[2] = { 0 }, op[2] = { 0 }, k[4] = { 0 };
	cJSON *ref = cJSON_AddObjectToObject(root, "referrals"), *rarr = cJSON_CreateArray();
	cJSON *opp = cJSON_AddObjectToObject(root, "opportunities"), *oarr = cJSON_CreateArray();
	cJSON *con = cJSON_AddObjectToObject(root, "contacts");
	crm_status st = report_rows(db, sql_report_referrals, id, referral_row, rarr, r);

	if (st == CRM_OK) {
		st = report_rows(db, sql_report_opportunities, id, opportunity_row, oarr, op);
	}
	if (st == CRM_OK) {
		st = report_rows(db, sql_report_contacts, id, counts_row, NULL, k);
	}
	crmi_json_int(ref, "collected", r[0]);
	crmi_json_int(ref, "active", r[1]);
	cJSON_AddItemToObject(ref, "clients", rarr);
	crmi_json_int(opp, "created", op[0]);
	crmi_json_int(opp, "done", op[1]);
	cJSON_AddItemToObject(opp, "actions", oarr);
	crmi_json_int(con, "refreshed", k[0] + k[1] + k[2]);
	crmi_json_int(con, "added", k[0]);
	crmi_json_int(con, "updated", k[1]);
	crmi_json_int(con, "confirmed", k[2]);
	crmi_json_int(con, "clients", k[3]);
	return st;
}

crm_status crm_vip_report(struct crm_db *db, int64_t program_id, char **json)
{
	cJSON *root = cJSON_CreateObject(), *cov;
	crm_status st;

	*json = NULL;
	crmi_clear_error(db);
	if (!root) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = report_program(db, program_id, root);
	if (st == CRM_OK) {
		cov = cJSON_AddArrayToObject(root, "coverage");
		st = report_rows(db, sql_report_coverage, program_id, coverage_row, cov, NULL);
		if (st == CRM_OK) {
			st = report_rows(db, sql_report_unassigned, program_id, coverage_row, cov,
					 NULL);
		}
	}
	if (st == CRM_OK) {
		st = report_quality(db, program_id, root);
	}
	if (st == CRM_OK) {
		st = report_lists(db, program_id, root);
	}
	if (st == CRM_OK) {
		*json = cJSON_PrintUnformatted(root);
		if (!*json) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	cJSON_Delete(root);
	return st;
}
