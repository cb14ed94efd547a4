/*
 * handover.c: passing a client to another manager, the way the source
 * says it must be done: a written briefing with the sheet frozen beside it
 * (the dossier), two stages (pending, then accepted by the receiver), the
 * next action scheduled at once for the new owner, and the client told.
 * The bulk plans are in handover-plan.c, the letters to the client in
 * handover-notice.c, the farewell that ends a relationship in farewell.c.
 *
 * Every change is one atomic step with its journal entries: entity
 * "handover", entity_id the handover, data with client_id, from, to and a
 * text, which the client's timeline (log.c) shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fit.h"
#include "handover-private.h"

/* The interactions a dossier keeps. */
#define DOSSIER_INTERACTIONS 10

const char *const crm_handover_reasons[] = {
	"cannot-cope", "conflict", "client-request", "refresh", "vacation", "overload",
	"monopoly", "leaving", "vip-program", NULL,
};
const char *const crm_handover_statuses[] = { "pending", "accepted", "declined", "cancelled",
					      NULL };
const char *const crm_notice_channels[] = { "email", "phone", "letter", "meeting", NULL };

/* ---- SQL ------------------------------------------------------------------ */

#define ISO_TIME(x) "strftime('%Y-%m-%dT%H:%M:%SZ', " x ", 'unixepoch')"
#define ISO_DATE(x) "strftime('%Y-%m-%d', " x ", 'unixepoch')"
/* cents as "1234.50", as crm_money_format writes them */
#define MONEY(x)                                                                         \
	"CASE WHEN " x " IS NULL THEN NULL ELSE (CASE WHEN " x " < 0 THEN '-' ELSE '' END)"  \
	" || (abs(" x ") / 100) || '.' || printf('%02d', abs(" x ") % 100) END"

/*
 * The dossier in one statement: the client's fields and, from its indexes,
 * its contacts (key first), open promises (discounts, guarantees, doubts
 * and risks too), open incidents, open next actions and the latest
 * interactions. ?1 client, ?2 brief, ?3 the time it is frozen.
 */
static const char sql_dossier[] =
	"SELECT json_object("
	" 'brief', ?2,"
	" 'frozen', " ISO_TIME("?3") ","
	" 'client', json_object('id', c.id, 'name', c.name, 'kind', c.kind,"
	"   'segment', c.segment, 'tier', c.tier, 'status', c.status, 'stage', c.stage,"
	"   'owner_id', c.owner_id, 'owner', m.name, 'contact_every', c.contact_every,"
	"   'value', " MONEY("c.value") ", 'traits', json(c.traits),"
	"   'interests', json(c.interests), 'tags', json(c.tags), 'note', c.note,"
	"   'last_contact', " ISO_TIME("c.last_contact") ", 'orders', c.orders),"
	" 'contacts', (SELECT json_group_array(json_object('id', k.id, 'name', k.name,"
	"   'role', k.role, 'phone', k.phone, 'email', k.email, 'address', k.address,"
	"   'key', json(CASE k.is_key WHEN 1 THEN 'true' ELSE 'false' END),"
	"   'verified', " ISO_DATE("k.verified") "))"
	"   FROM (SELECT * FROM contact WHERE client_id = c.id AND left_on IS NULL"
	"   ORDER BY is_key DESC, id) k),"
	" 'promises', (SELECT json_group_array(json_object('id', p.id, 'kind', p.kind,"
	"   'text', p.text, 'due', " ISO_DATE("p.due") ", 'author', p.author,"
	"   'created', " ISO_TIME("p.created") "))"
	"   FROM (SELECT * FROM promise WHERE client_id = c.id AND status = 'open'"
	"   ORDER BY id) p),"
	" 'incidents', (SELECT json_group_array(json_object('id', i.id, 'kind', i.kind,"
	"   'text', i.text, 'author', i.author, 'created', " ISO_TIME("i.created") "))"
	"   FROM (SELECT * FROM incident WHERE client_id = c.id AND status = 'open'"
	"   ORDER BY id) i),"
	" 'next_actions', (SELECT json_group_array(json_object('id', a.id, 'text', a.text,"
	"   'kind', a.kind, 'due', CASE a.timed WHEN 1 THEN " ISO_TIME("a.due")
	"   ELSE " ISO_DATE("a.due") " END, 'assignee', a.assignee, 'author', a.author))"
	"   FROM (SELECT n.*, x.name AS assignee FROM next_action n"
	"   LEFT JOIN manager x ON x.id = n.assignee_id"
	"   WHERE n.client_id = c.id AND n.status = 'open' ORDER BY n.due, n.id) a),"
	" 'interactions', (SELECT json_group_array(json_object('id', t.id, 'kind', t.kind,"
	"   'at', " ISO_TIME("t.at") ", 'author', t.author, 'text', t.text,"
	"   'outcome', t.outcome, 'amount', " MONEY("t.amount") "))"
	"   FROM (SELECT * FROM interaction WHERE client_id = c.id"
	"   ORDER BY at DESC, id DESC LIMIT 10) t))"
	" FROM client c LEFT JOIN manager m ON m.id = c.owner_id WHERE c.id = ?1";

/*
 * The dossier on PostgreSQL, the same text: row_to_json and
 * json_group_array (pg-schema.c) write compact JSON, keys in the order of
 * the columns, text escaped as SQLite's json_object escapes it; json()'s
 * minifying of the stored lists is the white space outside strings
 * dropped.
 */
#define PG_ISO_TIME(x)                                                                   \
	"to_char(to_timestamp(" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define PG_ISO_DATE(x) "to_char(to_timestamp(" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
#define PG_MONEY(x)                                                                      \
	"CASE WHEN " x " IS NULL THEN NULL ELSE (CASE WHEN " x " < 0 THEN '-' ELSE '' END)"  \
	" || (abs(" x ") / 100) || '.' || lpad(CAST(abs(" x ") % 100 AS text), 2, '0') END"
#define PG_JSON(x)                                                                       \
	"CAST(regexp_replace(" x ", '(\"(?:[^\"\\\\]|\\\\.)*\")|[ \\t\\n\\r]+', '\\1', 'g')"     \
	" AS json)"

/* a JSON object of the columns, named as they are */
#define PG_OBJECT(cols) "(SELECT row_to_json(r) FROM (SELECT " cols ") r)"

static const char sql_dossier_pg[] =
	"SELECT CAST(" PG_OBJECT(
	" CAST(?2 AS text) AS brief,"
	" " PG_ISO_TIME("?3") " AS frozen,"
	" " PG_OBJECT("c.id, c.name, c.kind, c.segment, c.tier, c.status, c.stage,"
	"   c.owner_id, m.name AS owner, c.contact_every,"
	"   " PG_MONEY("c.value") " AS value, " PG_JSON("c.traits") " AS traits,"
	"   " PG_JSON("c.interests") " AS interests, " PG_JSON("c.tags") " AS tags, c.note,"
	"   " PG_ISO_TIME("c.last_contact") " AS last_contact, c.orders") " AS client,"
	" CAST((SELECT json_group_array(k.j ORDER BY k.is_key DESC, k.id) FROM (SELECT"
	"   " PG_OBJECT("o.id, o.name, o.role, o.phone, o.email, o.address,"
	"   o.is_key = 1 AS key, " PG_ISO_DATE("o.verified") " AS verified") " AS j,"
	"   o.is_key, o.id FROM contact o WHERE o.client_id = c.id AND o.left_on IS NULL) k) AS json)"
	"   AS contacts,"
	" CAST((SELECT json_group_array(k.j ORDER BY k.id) FROM (SELECT"
	"   " PG_OBJECT("p.id, p.kind, p.text, " PG_ISO_DATE("p.due") " AS due, p.author,"
	"   " PG_ISO_TIME("p.created") " AS created") " AS j, p.id"
	"   FROM promise p WHERE p.client_id = c.id AND p.status = 'open') k)"
	"   AS json) AS promises,"
	" CAST((SELECT json_group_array(k.j ORDER BY k.id) FROM (SELECT"
	"   " PG_OBJECT("i.id, i.kind, i.text, i.author, " PG_ISO_TIME("i.created") " AS created")
	"   AS j, i.id FROM incident i WHERE i.client_id = c.id AND i.status = 'open') k) AS json)"
	"   AS incidents,"
	" CAST((SELECT json_group_array(k.j ORDER BY k.due, k.id) FROM (SELECT"
	"   " PG_OBJECT("a.id, a.text, a.kind, CASE a.timed WHEN 1 THEN " PG_ISO_TIME("a.due")
	"   ELSE " PG_ISO_DATE("a.due") " END AS due, x.name AS assignee, a.author")
	"   AS j, a.due, a.id FROM next_action a LEFT JOIN manager x ON x.id = a.assignee_id"
	"   WHERE a.client_id = c.id AND a.status = 'open') k)"
	"   AS json) AS next_actions,"
	" CAST((SELECT json_group_array(k.j ORDER BY k.at DESC, k.id DESC) FROM (SELECT"
	"   " PG_OBJECT("t.id, t.kind, " PG_ISO_TIME("t.at") " AS at, t.author, t.text,"
	"   t.outcome, " PG_MONEY("t.amount") " AS amount") " AS j, t.at, t.id"
	"   FROM interaction t WHERE t.client_id = c.id"
	"   ORDER BY t.at DESC, t.id DESC LIMIT 10) k) AS json)"
	"   AS interactions") " AS text)"
	" FROM client c LEFT JOIN manager m ON m.id = c.owner_id WHERE c.id = ?1";

static const char sql_client_state[] =
	"SELECT c.name, c.owner_id, c.status, m.name FROM client c"
	" LEFT JOIN manager m ON m.id = c.owner_id WHERE c.id = ?1";
static const char sql_manager_state[] =
	"SELECT name, status, role, capacity FROM manager WHERE id = ?1";
/* what a capacity is measured against, as in fit.c */
static const char sql_manager_load[] =
	"SELECT (SELECT count(*) FROM client c WHERE c.owner_id = ?1"
	"   AND c.status NOT IN ('lost', 'farewell'))"
	" + (SELECT count(*) FROM handover h WHERE h.to_id = ?1 AND h.status = 'pending')";
static const char sql_manager_role[] = "SELECT role FROM manager WHERE id = ?1";
const char crmi_sql_handover_pending_of[] =
	"SELECT id FROM handover WHERE client_id = ?1 AND status = 'pending'";
static const char sql_requests[] =
	"SELECT count(*) FROM handover WHERE client_id = ?1 AND reason = 'client-request'"
	" AND status <> 'cancelled'";
/* The client-request handovers of client ?1 from manager ?2 since ?3 that
 * were not withdrawn: the client asked to be rid of that manager. */
static const char sql_asked_away[] =
	"SELECT id, created FROM handover WHERE client_id = ?1 AND from_id = ?2"
	" AND reason = 'client-request' AND status NOT IN ('cancelled', 'declined')"
	" AND created >= ?3 ORDER BY id DESC LIMIT 1";
/* Whether client ?1 is vip or key and manager ?2 a trainee at ?3, with its
 * mentor's name. */
static const char sql_trainee_check[] =
	"SELECT c.tier, m.name, (SELECT x.name FROM manager x WHERE x.id = m.mentor_id)"
	" FROM client c, manager m WHERE c.id = ?1 AND m.id = ?2"
	" AND c.tier IN ('vip', 'key') AND " CRMI_SQL_TRAINEE("m", "?3");
/* The contacts of client ?1 reachable by channel ?2 (NULL: email or phone);
 * not those who left the client */
static const char sql_reachable[] =
	"SELECT count(*) FROM contact WHERE client_id = ?1 AND left_on IS NULL AND CASE ?2"
	" WHEN 'email' THEN trim(ifnull(email, '')) <> ''"
	" WHEN 'phone' THEN trim(ifnull(phone, '')) <> ''"
	" WHEN 'letter' THEN trim(ifnull(address, '')) <> ''"
	" ELSE trim(ifnull(email, '')) <> '' OR trim(ifnull(phone, '')) <> '' END";
/* The earlier accepted handovers of client ?1 that handover ?2 replaces. */
static const char sql_to_supersede[] =
	"SELECT h.id, h.from_id, f.name, h.to_id, t.name FROM handover h"
	" LEFT JOIN manager f ON f.id = h.from_id JOIN manager t ON t.id = h.to_id"
	" WHERE h.client_id = ?1 AND h.id < ?2 AND h.status = 'accepted'"
	" AND h.notice_sent IS NULL AND h.superseded_by IS NULL ORDER BY h.id";
static const char sql_supersede[] =
	"UPDATE handover SET superseded_by = ?2 WHERE id = ?1 AND superseded_by IS NULL";
/* The newest accepted handover of client ?1. */
static const char sql_current[] =
	"SELECT max(id) FROM handover WHERE client_id = ?1 AND status = 'accepted'";
static const char sql_return_of[] =
	"SELECT client_id, from_id, to_id, status, until FROM handover WHERE id = ?1";

static const char sql_insert[] =
	"INSERT INTO handover(client_id, from_id, to_id, reason, brief, dossier, next_text,"
	" next_due, notify_via, until, return_of, escalated, over_capacity, created_by, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

static const char sql_get[] =
	"SELECT h.client_id, c.name, h.from_id, f.name, h.to_id, t.name, h.status,"
	" h.next_text, h.next_due, h.created_by, h.notify_via, h.notice_sent, h.next_action_id,"
	" h.reason, h.until, t.status, h.superseded_by"
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" LEFT JOIN manager f ON f.id = h.from_id JOIN manager t ON t.id = h.to_id"
	" WHERE h.id = ?1";

static const char sql_accept[] =
	"UPDATE handover SET status = 'accepted', decided = ?2, decided_by = ?3,"
	" next_action_id = ?4, notice_due = ?2 WHERE id = ?1 AND status = 'pending'";
static const char sql_close[] =
	"UPDATE handover SET status = ?2, decided = ?3, decided_by = ?4, why = ?5"
	" WHERE id = ?1 AND status = 'pending'";
static const char sql_notice_sent[] =
	"UPDATE handover SET notice_sent = ?2, notice_via = ?3 WHERE id = ?1";

#define HANDOVER_FROM                                                                  \
	" FROM handover h JOIN client c ON c.id = h.client_id"                           \
	" LEFT JOIN manager f ON f.id = h.from_id JOIN manager t ON t.id = h.to_id"
#define HANDOVER_SELECT(dossier)                                                       \
	"SELECT h.id, h.client_id, c.name, h.from_id, f.name, h.to_id, t.name, h.reason,"   \
	" h.status, h.brief, " dossier ", h.next_text, h.next_due, h.next_action_id,"      \
	" h.notify_via, h.notice_due, h.notice_sent, h.notice_via, h.until, h.return_of,"   \
	" h.escalated, h.over_capacity, h.created_by, h.created, h.decided, h.decided_by,"  \
	" h.why, h.superseded_by" HANDOVER_FROM
#define HANDOVER_WHERE                                                                 \
	" WHERE (?1 IS NULL OR h.client_id = ?1) AND (?2 IS NULL OR h.from_id = ?2)"       \
	" AND (?3 IS NULL OR h.to_id = ?3) AND (?4 IS NULL OR h.status = ?4)"              \
	" ORDER BY h.id DESC LIMIT ?5"

static const char sql_query_one[] = HANDOVER_SELECT("h.dossier") " WHERE h.id = ?1";
static const char sql_query[] = HANDOVER_SELECT("h.dossier") HANDOVER_WHERE;
static const char sql_query_client[] =
	HANDOVER_SELECT("h.dossier") " WHERE h.client_id = ?1 AND (?2 IS NULL OR h.from_id = ?2)"
	" AND (?3 IS NULL OR h.to_id = ?3) AND (?4 IS NULL OR h.status = ?4)"
	" ORDER BY h.id DESC LIMIT ?5";

/* ---- small helpers -------------------------------------------------------- */

static void json_opt_int(cJSON *o, const char *key, int64_t v)
{
	if (v) {
		crmi_json_int(o, key, v);
	} else {
		cJSON_AddNullToObject(o, key);
	}
}

static void json_opt_date(cJSON *o, const char *key, int64_t t)
{
	char buf[32];

	crmi_json_str(o, key, t ? date_str(t, buf, sizeof(buf)) : NULL);
}

/* The actor as a manager: its id (0 none) and whether a head. */
static int64_t actor_manager(struct crm_db *db, bool *head)
{
	int64_t id = crm_manager_self(db);
	crmi_stmt *st;

	*head = false;
	if (!id || !(st = crmi_prepare(db, sql_manager_role))) {
		return id;
	}
	crmi_bind_int64(st, 1, id);
	if (crmi_step(st) == CRMI_ROW) {
		const char *role = crmi_col_text(st, 0);

		*head = role && strcmp(role, "head") == 0;
	}
	crmi_reset(st);
	return id;
}

/* ---- the state of a client and a manager ---------------------------------- */

void crmi_client_state_release(struct crmi_client_state *c)
{
	free(c->name);
	free(c->owner);
	*c = (struct crmi_client_state){ 0 };
}

crm_status crmi_client_state_read(struct crm_db *db, int64_t id, struct crmi_client_state *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_client_state);
	crm_status s = CRM_OK;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		c->name = crmi_col_dup(st, 0);
		c->owner_id = crmi_col_int64(st, 1);
		snprintf(c->status, sizeof(c->status), "%s", crmi_col_text(st, 2));
		c->owner = crmi_col_dup(st, 3);
		if (!c->name) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
	} else {
		s = crmi_sqlfail(db, rc, "cannot read the client");
	}
	crmi_reset(st);
	return s;
}

struct manager_state {
	char *name;
	char status[16];
	bool head;
	int64_t capacity;
};

static crm_status read_manager(struct crm_db *db, int64_t id, struct manager_state *m)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_state);
	crm_status s = CRM_OK;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		const char *role = crmi_col_text(st, 2);

		m->name = crmi_col_dup(st, 0);
		snprintf(m->status, sizeof(m->status), "%s", crmi_col_text(st, 1));
		m->head = role && strcmp(role, "head") == 0;
		m->capacity = crmi_col_int64(st, 3);
		if (!m->name) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	} else {
		s = crmi_sqlfail(db, rc, "cannot read the manager");
	}
	crmi_reset(st);
	return s;
}

int64_t crmi_handover_one_int(struct crm_db *db, const char *sql, int64_t arg, crm_status *s)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int64_t v = 0;
	int rc;

	if (!st) {
		*s = db->errcode;
		return 0;
	}
	crmi_bind_int64(st, 1, arg);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		v = crmi_col_int64(st, 0);
	} else if (rc != CRMI_DONE) {
		*s = crmi_sqlfail(db, rc, "cannot read the handovers");
	}
	crmi_reset(st);
	return v;
}

int64_t crmi_handover_client_requests(struct crm_db *db, int64_t client_id)
{
	crm_status s = CRM_OK;

	return crmi_handover_one_int(db, sql_requests, client_id, &s);
}

/* ---- the dossier ----------------------------------------------------------- */

static crm_status dossier(struct crm_db *db, int64_t client_id, const char *brief, char **json)
{
	crmi_stmt *st = crmi_prepare(db, CRMI_SQL(db, sql_dossier, sql_dossier_pg));
	crm_status s = CRM_OK;
	int rc;

	*json = NULL;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	crmi_bind_text(st, 2, brief);
	crmi_bind_int64(st, 3, crm_db_now(db));
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*json = crmi_col_dup(st, 0);
		if (!*json) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	} else {
		s = crmi_sqlfail(db, rc, "cannot read the client sheet");
	}
	crmi_reset(st);
	return s;
}

crm_status crm_handover_dossier(struct crm_db *db, int64_t client_id, const char *brief,
				char **json)
{
	crmi_clear_error(db);
	return dossier(db, client_id, brief, json);
}

/* ---- create ---------------------------------------------------------------- */

/* The checks of the input's own values: EINVAL. */
static crm_status check_input(struct crm_db *db, const struct crm_handover_input *in)
{
	crm_status st = crmi_enum_check(db, N_("reason"), in->reason, crm_handover_reasons);

	if (st == CRM_OK && in->notify_via) {
		st = crmi_enum_check(db, N_("notice channel"), in->notify_via, crm_notice_channels);
	}
	if (st == CRM_OK) {
		st = crm_check_line(db, N_("next action"), in->next_text);
	}
	if (st == CRM_OK && !in->brief) {
		st = crmi_fail(db, CRM_EINVAL, "a handover needs a briefing");
	}
	if (st == CRM_OK && *in->brief) {
		st = crm_check_text(db, N_("briefing"), in->brief);
	}
	if (st == CRM_OK && !in->next_due) {
		st = crmi_fail(db, CRM_EINVAL, "a handover's next action needs a due date");
	}
	return st;
}

crm_status crmi_handover_check_dates(struct crm_db *db, const struct crm_handover_input *in)
{
	int64_t today = crm_db_today(db);
	char d[32], t[32];

	if (crm_day_start(in->next_due) < today) {
		return crmi_fail(db, CRM_ECONFLICT, "the next action's due date %s is in the past "
				 "(today is %s): agree a date from today on",
				 date_str(in->next_due, d, sizeof(d)), date_str(today, t, sizeof(t)));
	}
	if (in->until && crm_day_start(in->until) < today) {
		return crmi_fail(db, CRM_ECONFLICT, "the cover's last day %s is in the past "
				 "(today is %s)", date_str(in->until, d, sizeof(d)),
				 date_str(today, t, sizeof(t)));
	}
	return CRM_OK;
}

/* The client asks for a new manager again: from the configured count on,
 * only a head who talked to the client may do it (--escalated). */
static crm_status check_escalation(struct crm_db *db, const struct crm_handover_input *in,
				   const struct crmi_client_state *c)
{
	bool client_request = strcmp(in->reason, "client-request") == 0, head = false;
	int64_t limit, nth;
	crm_status s = CRM_OK;

	if (client_request || (in->flags & CRM_HANDOVER_ESCALATED)) {
		actor_manager(db, &head);
	}
	if ((in->flags & CRM_HANDOVER_ESCALATED) && !head) {
		return crmi_fail(db, CRM_ECONFLICT, "only a head of sales may escalate a handover "
				 "(you are '%s')", crm_db_actor(db));
	}
	if (!client_request) {
		return CRM_OK;
	}
	limit = crm_config_int(db, "handover.client_request_escalation");
	nth = crmi_handover_one_int(db, sql_requests, in->client_id, &s) + 1;
	if (s == CRM_OK && nth >= limit && !(in->flags & CRM_HANDOVER_ESCALATED)) {
		s = crmi_fail(db, CRM_ECONFLICT,
			      "this is request %lld of client '%s' for a new manager "
			      "(handover.client_request_escalation is %lld): a head of sales talks "
			      "to the client first, then hands it over with --escalated",
			      (long long)nth, c->name, (long long)limit);
	}
	return s;
}

/* One year back: the client's wish to be rid of a manager holds that long. */
#define ASKED_AWAY_DAYS 365

/* The client asked to be rid of the receiver (a client-request handover
 * from it within a year): only a head who talked to the client may give
 * it back (--escalated; check_escalation refused anyone else's). */
static crm_status check_asked_away(struct crm_db *db, const struct crm_handover_input *in,
				   const struct crmi_client_state *c,
				   const struct manager_state *m)
{
	crmi_stmt *st = crmi_prepare(db, sql_asked_away);
	int64_t hid = 0, when = 0;
	char d[32];
	int rc;

	if (in->flags & CRM_HANDOVER_ESCALATED) {
		return CRM_OK;
	}
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, in->client_id);
	crmi_bind_int64(st, 2, in->to_id);
	crmi_bind_int64(st, 3, crm_db_now(db) - ASKED_AWAY_DAYS * INT64_C(86400));
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		hid = crmi_col_int64(st, 0);
		when = crmi_col_int64(st, 1);
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the handovers");
	}
	if (!hid) {
		return CRM_OK;
	}
	return crmi_fail(db, CRM_ECONFLICT, "client '%s' asked to be rid of '%s' (handover %lld "
			 "of %s, client-request): choose another manager ('crm handover suggest' "
			 "ranks them), or a head who talked to the client hands it over with "
			 "--escalated", c->name, m->name, (long long)hid, date_str(when, d, sizeof(d)));
}

/* A vip or key client goes to a trainee only by a head's --escalated. */
static crm_status check_trainee(struct crm_db *db, const struct crm_handover_input *in,
				const struct crmi_client_state *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_trainee_check);
	char tier[16] = "", name[256] = "", mentor[300] = "";
	int rc;

	if (in->flags & CRM_HANDOVER_ESCALATED) {
		return CRM_OK;
	}
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, in->client_id);
	crmi_bind_int64(st, 2, in->to_id);
	crmi_bind_int64(st, 3, crm_db_now(db));
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		snprintf(tier, sizeof(tier), "%s", crmi_col_text(st, 0));
		snprintf(name, sizeof(name), "%s", crmi_col_text(st, 1));
		if (crmi_col_text(st, 2)) {
			snprintf(mentor, sizeof(mentor), _(" (mentor '%s')"), crmi_col_text(st, 2));
		}
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the receiver");
	}
	if (rc == CRMI_DONE) {
		return CRM_OK;
	}
	return crmi_fail(db, CRM_ECONFLICT, "'%s' is a trainee%s and client '%s' is %s: choose an "
			 "experienced manager, hand it to the mentor, or a head hands it over with "
			 "--escalated", name, mentor, c->name, tier);
}

crm_status crmi_handover_reachable(struct crm_db *db, int64_t client_id, const char *channel,
				   char *buf, size_t n)
{
	crmi_stmt *st;
	int64_t k;
	int rc;

	buf[0] = '\0';
	if (channel && strcmp(channel, "meeting") == 0) {
		return CRM_OK;
	}
	if (!(st = crmi_prepare(db, sql_reachable))) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	crmi_bind_text(st, 2, channel);
	rc = crmi_step(st);
	k = rc == CRMI_ROW ? crmi_col_int64(st, 0) : 0;
	crmi_reset(st);
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the contacts");
	}
	if (k) {
		return CRM_OK;
	}
	if (!channel) {
		snprintf(buf, n, _("no contact of the client has an email or a phone to tell of the "
				   "new manager: add one ('crm contact add --email <address> %lld "
				   "<name>' or --phone), or tell the client in person with --notify-via "
				   "meeting"),
			 (long long)client_id);
	} else if (strcmp(channel, "letter") == 0) {
		snprintf(buf, n, _("no contact of the client has a postal address to send the "
				   "letter to: add one ('crm contact add --address <address> %lld "
				   "<name>', or 'crm contact edit --address'), or tell the client in "
				   "person with --notify-via meeting"),
			 (long long)client_id);
	} else if (strcmp(channel, "email") == 0) {
		snprintf(buf, n, _("no contact of the client has an email to send the notice to: "
				   "add one ('crm contact add --email <address> %lld <name>', or 'crm "
				   "contact edit --email'), or tell the client in person with "
				   "--notify-via meeting"),
			 (long long)client_id);
	} else {
		snprintf(buf, n, _("no contact of the client has a phone to send the notice to: add "
				   "one ('crm contact add --phone <number> %lld <name>', or 'crm "
				   "contact edit --phone'), or tell the client in person with "
				   "--notify-via meeting"),
			 (long long)client_id);
	}
	return CRM_OK;
}

/* Someone at the client must be told of the new manager, by the channel
 * chosen; a meeting tells it in person. */
static crm_status check_reachable(struct crm_db *db, const struct crm_handover_input *in,
				  const struct crmi_client_state *c)
{
	char why[512];
	crm_status s = crmi_handover_reachable(db, in->client_id, in->notify_via, why,
					       sizeof(why));

	if (s == CRM_OK && *why) {
		s = crmi_fail(db, CRM_ECONFLICT, "client '%s': %s", c->name, why);
	}
	return s;
}

static crm_status check_receiver(struct crm_db *db, const struct crm_handover_input *in,
				 const struct crmi_client_state *c, const struct manager_state *m,
				 const struct crmi_handover_create_ctx *cx)
{
	crm_status s = CRM_OK;
	int64_t load;

	if (in->to_id == c->owner_id) {
		return crmi_fail(db, CRM_ECONFLICT, "'%s' already owns client '%s': choose another "
				 "manager ('crm handover suggest' ranks them)", m->name, c->name);
	}
	if (strcmp(m->status, "active") != 0) {
		return crmi_fail(db, CRM_ECONFLICT, "'%s' is not an active manager (%s): choose "
				 "another one", m->name, m->status);
	}
	if (cx->capacity_checked || (in->flags & CRM_HANDOVER_OVER_CAPACITY)) {
		return CRM_OK;
	}
	load = crmi_handover_one_int(db, sql_manager_load, in->to_id, &s);
	if (s == CRM_OK && load >= m->capacity) {
		s = crmi_fail(db, CRM_ECONFLICT, "'%s' is at capacity (%lld of %lld clients, "
			      "pending handovers included): choose another manager, or hand over "
			      "with --over-capacity", m->name, (long long)load,
			      (long long)m->capacity);
	}
	return s;
}

static crm_status check_client(struct crm_db *db, const struct crm_handover_input *in,
			       const struct crmi_client_state *c)
{
	crm_status s = CRM_OK;
	int64_t pending;

	if (strcmp(c->status, "farewell") == 0) {
		return crmi_fail(db, CRM_ECONFLICT, "client '%s' said farewell: there is nobody to "
				 "hand over", c->name);
	}
	pending = crmi_handover_one_int(db, crmi_sql_handover_pending_of, in->client_id, &s);
	if (s == CRM_OK && pending) {
		s = crmi_fail(db, CRM_ECONFLICT, "client '%s' already has a pending handover (%lld): "
			      "accept, decline or cancel it first", c->name, (long long)pending);
	}
	return s;
}

/* A return gives back an accepted temporary handover of this client whose
 * cover (its receiver) still owns it, to the one who handed it over. */
static crm_status check_return(struct crm_db *db, const struct crm_handover_input *in,
			       const struct crmi_client_state *c)
{
	crmi_stmt *st = crmi_prepare(db, sql_return_of);
	bool ok = false;
	int rc;

	if (!in->return_of) {
		return CRM_OK;
	}
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, in->return_of);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		ok = crmi_col_int64(st, 0) == in->client_id &&
		     crmi_col_int64(st, 1) == in->to_id &&
		     crmi_col_int64(st, 2) == c->owner_id &&
		     strcmp(crmi_col_text(st, 3), "accepted") == 0 &&
		     !crmi_col_null(st, 4);
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, "cannot read the handover");
	}
	if (!ok) {
		return crmi_fail(db, CRM_ECONFLICT, "handover %lld is not an accepted temporary "
				 "handover of client '%s' that this one gives back",
				 (long long)in->return_of, c->name);
	}
	return CRM_OK;
}

static crm_status insert(struct crm_db *db, const struct crm_handover_input *in,
			 const struct crmi_client_state *c, const char *dossier_json, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_insert);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, in->client_id);
	if (c->owner_id) {
		crmi_bind_int64(st, 2, c->owner_id);
	}
	crmi_bind_int64(st, 3, in->to_id);
	crmi_bind_text(st, 4, in->reason);
	crmi_bind_text(st, 5, in->brief);
	crmi_bind_text(st, 6, dossier_json);
	crmi_bind_text(st, 7, in->next_text);
	crmi_bind_int64(st, 8, crm_day_start(in->next_due));
	crmi_bind_text(st, 9, in->notify_via);
	if (in->until) {
		crmi_bind_int64(st, 10, crm_day_start(in->until));
	}
	if (in->return_of) {
		crmi_bind_int64(st, 11, in->return_of);
	}
	crmi_bind_int(st, 12, (in->flags & CRM_HANDOVER_ESCALATED) != 0);
	crmi_bind_int(st, 13, (in->flags & CRM_HANDOVER_OVER_CAPACITY) != 0);
	crmi_bind_text(st, 14, crm_db_actor(db));
	crmi_bind_int64(st, 15, crm_db_now(db));
	if (crmi_step_done(db, st, "cannot add the handover") != CRM_OK) {
		return db->errcode;
	}
	*id = crmi_last_id(db);
	return CRM_OK;
}

/* The common part of every handover journal entry. */
static cJSON *entry(int64_t client_id, int64_t from_id, const char *from, int64_t to_id,
		    const char *to, const char *text)
{
	cJSON *j = cJSON_CreateObject();

	if (j) {
		crmi_json_int(j, "client_id", client_id);
		json_opt_int(j, "from_id", from_id);
		crmi_json_str(j, "from", from);
		crmi_json_int(j, "to_id", to_id);
		crmi_json_str(j, "to", to);
		crmi_json_str(j, "text", text);
	}
	return j;
}

static crm_status journal_add(struct crm_db *db, int64_t id, const struct crm_handover_input *in,
			      const struct crmi_client_state *c, const struct manager_state *m)
{
	char text[600], due[32];
	cJSON *j;

	if (base_ru(db)) {
		snprintf(text, sizeof(text), "%s -> %s: %s%s", c->owner ? c->owner : "-", m->name,
			 in->reason, in->return_of ? " (возврат клиента)" : "");
	} else {
		snprintf(text, sizeof(text), "%s -> %s: %s%s", c->owner ? c->owner : "-", m->name,
			 in->reason, in->return_of ? " (giving back)" : "");
	}
	j = entry(in->client_id, c->owner_id, c->owner, in->to_id, m->name, text);
	if (!j) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_str(j, "client", c->name);
	crmi_json_str(j, "reason", in->reason);
	crmi_json_str(j, "brief", in->brief);
	crmi_json_str(j, "next_text", in->next_text);
	crmi_json_str(j, "next_due", date_str(in->next_due, due, sizeof(due)));
	crmi_json_str(j, "notify_via", in->notify_via);
	json_opt_date(j, "until", in->until);
	json_opt_int(j, "return_of", in->return_of);
	cJSON_AddBoolToObject(j, "escalated", (in->flags & CRM_HANDOVER_ESCALATED) != 0);
	cJSON_AddBoolToObject(j, "over_capacity", (in->flags & CRM_HANDOVER_OVER_CAPACITY) != 0);
	return crmi_journal(db, "handover.add", "handover", id, j);
}

crm_status crmi_handover_create_locked(struct crm_db *db, const struct crm_handover_input *in,
				       const struct crmi_handover_create_ctx *cx, int64_t *id)
{
	struct crmi_client_state c = { 0 };
	struct manager_state m = { 0 };
	char *doss = NULL;
	crm_status s;

	s = check_input(db, in);
	if (s == CRM_OK) {
		s = crmi_client_state_read(db, in->client_id, &c);
	}
	if (s == CRM_OK) {
		s = read_manager(db, in->to_id, &m);
	}
	if (s == CRM_OK) {
		s = check_client(db, in, &c);
	}
	if (s == CRM_OK) {
		s = check_receiver(db, in, &c, &m, cx);
	}
	if (s == CRM_OK) {
		int64_t min = cx->min_brief ? cx->min_brief
					    : crm_config_int(db, "handover.min_brief_chars");
		int64_t words = cx->min_words ? cx->min_words
					      : crm_config_int(db, "handover.min_brief_words");

		s = crmi_handover_check_brief(db, in->brief, min, words);
	}
	if (s == CRM_OK) {
		s = check_reachable(db, in, &c);
	}
	if (s == CRM_OK) {
		s = crmi_handover_check_dates(db, in);
	}
	if (s == CRM_OK) {
		s = check_escalation(db, in, &c);
	}
	if (s == CRM_OK) {
		s = check_asked_away(db, in, &c, &m);
	}
	if (s == CRM_OK) {
		s = check_trainee(db, in, &c);
	}
	if (s == CRM_OK) {
		s = check_return(db, in, &c);
	}
	if (s == CRM_OK) {
		s = dossier(db, in->client_id, in->brief, &doss);
	}
	if (s == CRM_OK) {
		s = insert(db, in, &c, doss, id);
	}
	if (s == CRM_OK) {
		s = journal_add(db, *id, in, &c, &m);
	}
	free(doss);
	free(m.name);
	crmi_client_state_release(&c);
	return s;
}

crm_status crm_handover_create(struct crm_db *db, const struct crm_handover_input *in,
			       int64_t *id)
{
	static const struct crmi_handover_create_ctx cx = { 0 };
	int64_t new_id = 0;
	crm_status s;

	*id = 0;
	s = crmi_atomic_begin(db);
	if (s != CRM_OK) {
		return s;
	}
	s = crmi_atomic_end(db, crmi_handover_create_locked(db, in, &cx, &new_id));
	if (s == CRM_OK) {
		*id = new_id;
	}
	return s;
}

/* ---- the state machine -------------------------------------------------------- */

struct hstate {
	int64_t client_id;
	char *client;
	int64_t from_id;
	char *from;
	int64_t to_id;
	char *to;
	char status[16];
	char *next_text;
	int64_t next_due;
	char *created_by;
	char *notify_via;
	int64_t notice_sent;
	int64_t next_action_id;
	char reason[32];
	int64_t until;
	bool to_active;
	int64_t superseded_by;
};

static void hstate_release(struct hstate *h)
{
	free(h->client);
	free(h->from);
	free(h->to);
	free(h->next_text);
	free(h->created_by);
	free(h->notify_via);
	*h = (struct hstate){ 0 };
}

static crm_status read_handover(struct crm_db *db, int64_t id, struct hstate *h)
{
	crmi_stmt *st = crmi_prepare(db, sql_get);
	crm_status s = CRM_OK;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		h->client_id = crmi_col_int64(st, 0);
		h->client = crmi_col_dup(st, 1);
		h->from_id = crmi_col_int64(st, 2);
		h->from = crmi_col_dup(st, 3);
		h->to_id = crmi_col_int64(st, 4);
		h->to = crmi_col_dup(st, 5);
		snprintf(h->status, sizeof(h->status), "%s", crmi_col_text(st, 6));
		h->next_text = crmi_col_dup(st, 7);
		h->next_due = crmi_col_int64(st, 8);
		h->created_by = crmi_col_dup(st, 9);
		h->notify_via = crmi_col_dup(st, 10);
		h->notice_sent = crmi_col_int64(st, 11);
		h->next_action_id = crmi_col_int64(st, 12);
		snprintf(h->reason, sizeof(h->reason), "%s", crmi_col_text(st, 13));
		h->until = crmi_col_int64(st, 14);
		h->to_active = strcmp(crmi_col_text(st, 15), "active") == 0;
		h->superseded_by = crmi_col_int64(st, 16);
		if (!h->client || !h->to || !h->next_text || !h->created_by) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no handover with id %lld", (long long)id);
	} else {
		s = crmi_sqlfail(db, rc, "cannot read the handover");
	}
	crmi_reset(st);
	return s;
}

static crm_status must_be_pending(struct crm_db *db, int64_t id, const struct hstate *h)
{
	if (strcmp(h->status, "pending") != 0) {
		return crmi_fail(db, CRM_ECONFLICT, "handover %lld is already %s: only a pending "
				 "handover can be accepted, declined or cancelled", (long long)id,
				 h->status);
	}
	return CRM_OK;
}

/* Accept and decline: the receiver or a head. */
static crm_status may_decide(struct crm_db *db, int64_t id, const struct hstate *h,
			     bool accept)
{
	bool head = false;
	int64_t self = actor_manager(db, &head);

	if (self == h->to_id || head) {
		return CRM_OK;
	}
	if (accept) {
		return crmi_fail(db, CRM_ECONFLICT, "only the receiver '%s' or a head of sales may "
				 "accept handover %lld (you are '%s')", h->to, (long long)id,
				 crm_db_actor(db));
	}
	return crmi_fail(db, CRM_ECONFLICT, "only the receiver '%s' or a head of sales may "
			 "decline handover %lld (you are '%s')", h->to, (long long)id,
			 crm_db_actor(db));
}

/* The owner's change, journaled as the client.edit of a hand edit would
 * be, so that the timeline and every tool reading the journal see it. */
static crm_status move_owner(struct crm_db *db, int64_t id, const struct hstate *h)
{
	cJSON *j, *ch, *o;

	if (crmi_client_set_owner(db, h->client_id, h->to_id) != CRM_OK) {
		return db->errcode;
	}
	j = cJSON_CreateObject();
	if (!j) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_str(j, "name", h->client);
	ch = cJSON_AddObjectToObject(j, "changes");
	if ((o = cJSON_AddObjectToObject(ch, "owner"))) {
		crmi_json_str(o, "old", h->from);
		crmi_json_str(o, "new", h->to);
	}
	if ((o = cJSON_AddObjectToObject(ch, "owner_id"))) {
		json_opt_int(o, "old", h->from_id);
		crmi_json_int(o, "new", h->to_id);
	}
	crmi_json_int(j, "handover_id", id);
	return crmi_journal(db, "client.edit", "client", h->client_id, j);
}

/* The client's open actions of the sender (or of nobody) go to the
 * receiver; their ids into arr. */
static crm_status reassign(struct crm_db *db, const struct hstate *h, cJSON *arr)
{
	return crmi_next_reassign(db, h->client_id, h->from_id, h->to_id, arr);
}

/* The earlier accepted handovers of the client whose notice was never
 * sent are replaced by this one: the client is told once, of the manager
 * it has now. Each is journaled as handover.supersede. */
static crm_status supersede(struct crm_db *db, int64_t id, const struct hstate *h)
{
	crmi_stmt *sel = crmi_prepare(db, sql_to_supersede);
	struct {
		int64_t id, from_id, to_id;
		char from[200], to[200];
	} old[16];
	size_t n = 0;
	crm_status s = CRM_OK;
	int rc;

	if (!sel) {
		return db->errcode;
	}
	do {
		/* a batch at a time: the update below resets the cached select */
		n = 0;
		crmi_bind_int64(sel, 1, h->client_id);
		crmi_bind_int64(sel, 2, id);
		while (n < 16 && (rc = crmi_step(sel)) == CRMI_ROW) {
			old[n].id = crmi_col_int64(sel, 0);
			old[n].from_id = crmi_col_int64(sel, 1);
			snprintf(old[n].from, sizeof(old[n].from), "%s",
				 crmi_col_text(sel, 2) ? crmi_col_text(sel, 2) : "");
			old[n].to_id = crmi_col_int64(sel, 3);
			snprintf(old[n].to, sizeof(old[n].to), "%s", crmi_col_text(sel, 4));
			n++;
		}
		if (n < 16 && rc != CRMI_DONE) {
			s = crmi_sqlfail(db, rc, "cannot read the handovers");
		}
		crmi_reset(sel);
		for (size_t i = 0; i < n && s == CRM_OK; i++) {
			crmi_stmt *up = crmi_prepare(db, sql_supersede);
			char text[200];
			cJSON *j;

			if (!up) {
				return db->errcode;
			}
			crmi_bind_int64(up, 1, old[i].id);
			crmi_bind_int64(up, 2, id);
			s = crmi_step_done(db, up, "cannot mark the handover superseded");
			if (s != CRM_OK) {
				break;
			}
			if (base_ru(db)) {
				snprintf(text, sizeof(text), "заменена передачей %lld: уведомлять "
					 "клиента о ней больше не нужно", (long long)id);
			} else {
				snprintf(text, sizeof(text), "superseded by handover %lld: its "
					 "notice is no longer due", (long long)id);
			}
			j = entry(h->client_id, old[i].from_id, old[i].from_id ? old[i].from : NULL,
				  old[i].to_id, old[i].to, text);
			if (!j) {
				return crmi_fail(db, CRM_ENOMEM, "out of memory");
			}
			crmi_json_int(j, "superseded_by", id);
			s = crmi_journal(db, "handover.supersede", "handover", old[i].id, j);
		}
	} while (s == CRM_OK && n == 16);
	return s;
}

static crm_status accept_locked(struct crm_db *db, int64_t id)
{
	struct hstate h = { 0 };
	struct crmi_client_state c = { 0 };
	int64_t today = crm_db_today(db), due, action = 0;
	cJSON *moved = NULL, *j;
	char text[600], d[32];
	crm_status s;

	s = read_handover(db, id, &h);
	if (s == CRM_OK) {
		s = must_be_pending(db, id, &h);
	}
	if (s == CRM_OK) {
		s = may_decide(db, id, &h, true);
	}
	if (s == CRM_OK && !h.to_active) {
		s = crmi_fail(db, CRM_ECONFLICT, "'%s' is no longer an active manager: cancel "
			      "handover %lld and hand the client to someone else", h.to, (long long)id);
	}
	if (s == CRM_OK) {
		s = crmi_client_state_read(db, h.client_id, &c);
	}
	if (s == CRM_OK && c.owner_id != h.from_id) {
		s = crmi_fail(db, CRM_ECONFLICT, "client '%s' now belongs to '%s', not to '%s' who "
			      "handed it over: cancel handover %lld and start a new one", c.name,
			      c.owner ? c.owner : _("nobody"), h.from ? h.from : _("nobody"),
			      (long long)id);
	}
	if (s == CRM_OK) {
		s = move_owner(db, id, &h);
	}
	if (s == CRM_OK) {
		moved = cJSON_CreateArray();
		s = moved ? reassign(db, &h, moved) : crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	/* the agreed date, or today when the acceptance came later */
	due = h.next_due < today ? today : h.next_due;
	if (s == CRM_OK) {
		s = crm_next_add(db, h.client_id, h.next_text, due, h.to_id, &action);
	}
	if (s == CRM_OK) {
		crmi_stmt *st = crmi_prepare(db, sql_accept);

		if (!st) {
			s = db->errcode;
		} else {
			crmi_bind_int64(st, 1, id);
			crmi_bind_int64(st, 2, crm_db_now(db));
			crmi_bind_text(st, 3, crm_db_actor(db));
			crmi_bind_int64(st, 4, action);
			s = crmi_step_done(db, st, "cannot accept the handover");
		}
	}
	if (s == CRM_OK) {
		date_str(due, d, sizeof(d));
		if (base_ru(db)) {
			snprintf(text, sizeof(text), "принята: %s -> %s; следующее действие: %s "
				 "(срок %s)", h.from ? h.from : "-", h.to, h.next_text, d);
		} else {
			snprintf(text, sizeof(text), "accepted: %s -> %s; next: %s (due %s)",
				 h.from ? h.from : "-", h.to, h.next_text, d);
		}
		j = entry(h.client_id, h.from_id, h.from, h.to_id, h.to, text);
		if (!j) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			crmi_json_int(j, "next_action_id", action);
			crmi_json_str(j, "next_due", d);
			cJSON_AddItemToObject(j, "reassigned", moved);
			moved = NULL;
			s = crmi_journal(db, "handover.accept", "handover", id, j);
		}
	}
	if (s == CRM_OK) {
		s = supersede(db, id, &h);
	}
	cJSON_Delete(moved);
	crmi_client_state_release(&c);
	hstate_release(&h);
	return s;
}

crm_status crm_handover_accept(struct crm_db *db, int64_t id)
{
	crm_status s = crmi_atomic_begin(db);

	if (s != CRM_OK) {
		return s;
	}
	return crmi_atomic_end(db, accept_locked(db, id));
}

/* declined or cancelled, with why. */
static crm_status close_handover(struct crm_db *db, int64_t id, const struct hstate *h,
				 const char *status, const char *why)
{
	crmi_stmt *st = crmi_prepare(db, sql_close);
	char text[600];
	cJSON *j;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, status);
	crmi_bind_int64(st, 3, crm_db_now(db));
	crmi_bind_text(st, 4, crm_db_actor(db));
	crmi_bind_text(st, 5, why);
	if (crmi_step_done(db, st, "cannot change the handover") != CRM_OK) {
		return db->errcode;
	}
	snprintf(text, sizeof(text), "%s: %s -> %s%s%s",
		 !base_ru(db) ? status : strcmp(status, "declined") == 0 ? "отклонена" : "отменена",
		 h->from ? h->from : "-", h->to, why ? ": " : "", why ? why : "");
	j = entry(h->client_id, h->from_id, h->from, h->to_id, h->to, text);
	if (!j) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_str(j, "why", why);
	return crmi_journal(db, strcmp(status, "declined") == 0 ? "handover.decline"
								 : "handover.cancel",
			    "handover", id, j);
}

static crm_status decline_locked(struct crm_db *db, int64_t id, const char *why)
{
	struct hstate h = { 0 };
	crm_status s = read_handover(db, id, &h);

	if (s == CRM_OK) {
		s = must_be_pending(db, id, &h);
	}
	if (s == CRM_OK) {
		s = may_decide(db, id, &h, false);
	}
	if (s == CRM_OK) {
		s = close_handover(db, id, &h, "declined", why);
	}
	hstate_release(&h);
	return s;
}

crm_status crm_handover_decline(struct crm_db *db, int64_t id, const char *why)
{
	crm_status s;

	crmi_clear_error(db);
	s = crm_check_text(db, N_("why"), why);
	if (s == CRM_OK) {
		s = crmi_atomic_begin(db);
	}
	if (s != CRM_OK) {
		return s;
	}
	return crmi_atomic_end(db, decline_locked(db, id, why));
}

crm_status crmi_handover_cancel_locked(struct crm_db *db, int64_t id, const char *why, bool any)
{
	struct hstate h = { 0 };
	bool head = false;
	crm_status s = read_handover(db, id, &h);
	int64_t self = actor_manager(db, &head);

	if (s == CRM_OK) {
		s = must_be_pending(db, id, &h);
	}
	if (s == CRM_OK && !any && !head && !(self && self == h.from_id) &&
	    strcmp(h.created_by, crm_db_actor(db)) != 0) {
		s = crmi_fail(db, CRM_ECONFLICT, "only the sender '%s', who created it ('%s') or a "
			      "head of sales may cancel handover %lld (you are '%s')",
			      h.from ? h.from : "-", h.created_by, (long long)id, crm_db_actor(db));
	}
	if (s == CRM_OK) {
		s = close_handover(db, id, &h, "cancelled", why);
	}
	hstate_release(&h);
	return s;
}

crm_status crm_handover_cancel(struct crm_db *db, int64_t id, const char *why)
{
	crm_status s = CRM_OK;

	crmi_clear_error(db);
	if (why) {
		s = crm_check_text(db, N_("why"), why);
	}
	if (s == CRM_OK) {
		s = crmi_atomic_begin(db);
	}
	if (s != CRM_OK) {
		return s;
	}
	return crmi_atomic_end(db, crmi_handover_cancel_locked(db, id, why, false));
}

static crm_status notice_locked(struct crm_db *db, int64_t id, const char *via)
{
	struct hstate h = { 0 };
	crm_status s = read_handover(db, id, &h);
	char text[600], when[32];
	crmi_stmt *st;
	cJSON *j;

	if (s == CRM_OK && strcmp(h.status, "accepted") != 0) {
		s = crmi_fail(db, CRM_ECONFLICT, "handover %lld is %s: the client is told of an "
			      "accepted handover only", (long long)id, h.status);
	}
	if (s == CRM_OK && h.superseded_by) {
		s = crmi_handover_superseded(db, id, h.client_id, h.superseded_by);
	}
	if (s == CRM_OK && h.notice_sent) {
		s = crmi_fail(db, CRM_ECONFLICT, "the notice of handover %lld was already sent on %s",
			      (long long)id, date_str(h.notice_sent, when, sizeof(when)));
	}
	if (!via) {
		via = h.notify_via;
	}
	if (s == CRM_OK && !(st = crmi_prepare(db, sql_notice_sent))) {
		s = db->errcode;
	}
	if (s == CRM_OK) {
		crmi_bind_int64(st, 1, id);
		crmi_bind_int64(st, 2, crm_db_now(db));
		crmi_bind_text(st, 3, via);
		s = crmi_step_done(db, st, "cannot record the notice");
	}
	if (s == CRM_OK) {
		if (base_ru(db)) {
			snprintf(text, sizeof(text), "клиент уведомлён о передаче %s -> %s%s%s",
				 h.from ? h.from : "-", h.to, via ? ", способ: " : "", via ? via : "");
		} else {
			snprintf(text, sizeof(text), "client told of %s -> %s%s%s",
				 h.from ? h.from : "-", h.to, via ? " via " : "", via ? via : "");
		}
		j = entry(h.client_id, h.from_id, h.from, h.to_id, h.to, text);
		if (!j) {
			s = crmi_fail(db, CRM_ENOMEM, "out of memory");
		} else {
			crmi_json_str(j, "via", via);
			s = crmi_journal(db, "handover.notice", "handover", id, j);
		}
	}
	hstate_release(&h);
	return s;
}

crm_status crm_handover_notice_sent(struct crm_db *db, int64_t id, const char *via)
{
	crm_status s = CRM_OK;

	crmi_clear_error(db);
	if (via) {
		s = crmi_enum_check(db, N_("notice channel"), via, crm_notice_channels);
	}
	if (s == CRM_OK) {
		s = crmi_atomic_begin(db);
	}
	if (s != CRM_OK) {
		return s;
	}
	return crmi_atomic_end(db, notice_locked(db, id, via));
}

crm_status crmi_handover_superseded(struct crm_db *db, int64_t id, int64_t client_id,
				    int64_t by)
{
	crm_status s = CRM_OK;
	int64_t cur = crmi_handover_one_int(db, sql_current, client_id, &s);

	if (s != CRM_OK) {
		return s;
	}
	return crmi_fail(db, CRM_ECONFLICT, "handover %lld was superseded by handover %lld before "
			 "its notice went out: the client is told once, of its current manager: "
			 "'crm handover notice %lld'", (long long)id, (long long)by,
			 (long long)(cur ? cur : by));
}

/* ---- queries --------------------------------------------------------------------- */

struct crm_handover_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_handover row;
};

crm_status crm_handover_query(struct crm_db *db, const struct crm_handover_filter *f,
			      struct crm_handover_iter **out)
{
	static const struct crm_handover_filter none = { 0 };
	struct crm_handover_iter *it;
	const char *sql;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	if (!f) {
		f = &none;
	}
	if (f->status && crmi_enum_check(db, N_("handover status"), f->status,
					 crm_handover_statuses) != CRM_OK) {
		return db->errcode;
	}
	sql = f->id ? sql_query_one : f->client_id ? sql_query_client : sql_query;
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_new(db, sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the handovers");
	}
	if (f->id) {
		crmi_bind_int64(it->st, 1, f->id);
	} else {
		if (f->client_id) {
			crmi_bind_int64(it->st, 1, f->client_id);
		}
		if (f->from_id) {
			crmi_bind_int64(it->st, 2, f->from_id);
		}
		if (f->to_id) {
			crmi_bind_int64(it->st, 3, f->to_id);
		}
		crmi_bind_text(it->st, 4, f->status);
		crmi_bind_int64(it->st, 5, f->limit > 0 ? f->limit : -1);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_handover_iter_next(struct crm_handover_iter *it, const struct crm_handover **row)
{
	crmi_stmt *s = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, s, &it->done, "cannot read the handovers");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_handover){
		.id = crmi_col_int64(s, 0),
		.client_id = crmi_col_int64(s, 1),
		.client = crmi_col_text(s, 2),
		.from_id = crmi_col_int64(s, 3),
		.from = crmi_col_text(s, 4),
		.to_id = crmi_col_int64(s, 5),
		.to = crmi_col_text(s, 6),
		.reason = crmi_col_text(s, 7),
		.status = crmi_col_text(s, 8),
		.brief = crmi_col_text(s, 9),
		.dossier = crmi_col_text(s, 10),
		.next_text = crmi_col_text(s, 11),
		.next_due = crmi_col_int64(s, 12),
		.next_action_id = crmi_col_int64(s, 13),
		.notify_via = crmi_col_text(s, 14),
		.notice_due = crmi_col_int64(s, 15),
		.notice_sent = crmi_col_int64(s, 16),
		.notice_via = crmi_col_text(s, 17),
		.until = crmi_col_int64(s, 18),
		.return_of = crmi_col_int64(s, 19),
		.escalated = crmi_col_int(s, 20) != 0,
		.over_capacity = crmi_col_int(s, 21) != 0,
		.created_by = crmi_col_text(s, 22),
		.created = crmi_col_int64(s, 23),
		.decided = crmi_col_int64(s, 24),
		.decided_by = crmi_col_text(s, 25),
		.why = crmi_col_text(s, 26),
		.superseded_by = crmi_col_int64(s, 27),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_handover_iter_destroy(struct crm_handover_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it);
}
