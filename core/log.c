/*
 * log.c: a client's timeline as one stream, newest first: interactions,
 * promises and their fate, incidents, next actions and their moves, status and owner
 * changes, milestones (the repeat order) and handovers. One UNION ALL query over the tables and the
 * journal, so that it streams and each branch uses its client index.
 */
#include <stdlib.h>

#include "crm-private.h"

const char *const crm_log_kinds[] = {
	"interaction", "promise", "incident", "next", "move", "status", "owner", "handover",
	"milestone",
	"call", "meeting", "email", "order", "complaint", "feedback", "conflict", "note", "survey",
	NULL,
};

/*
 * ?1 client id, ?2 kind (an entry kind or an interaction kind; NULL: all),
 * ?3 since (NULL: all), ?4 limit (-1: all).
 *
 * Who closed a promise, incident or next action is not in its row: it is
 * the actor of the journal entry written at the closing time (the entry of
 * the close itself); the author when the journal has none.
 *
 * seq orders events of the same second: what was opened or added comes
 * before what closed it, and both before the changes of the client that
 * the journal records (an order before the status change it caused);
 * newest first reverses it all. The kind breaks the last tie: one
 * client.edit entry can change both the owner and the status.
 */
/* A next action's due: a day, or a time in the team's zone (TZ). */
#define DUE_LITE(due, timed)                                                       \
	"CASE WHEN " timed " = 1 THEN strftime('%Y-%m-%d %H:%M', " due ", 'unixepoch',"  \
	" 'localtime') ELSE date(" due ", 'unixepoch') END"
#define DAY_LITE(t) "date(" t ", 'unixepoch')"
/* on PostgreSQL the team's zone is ?13, the name of the zone TZ names */
#define DUE_PG(due, timed)                                                         \
	"CASE WHEN " timed " = 1 THEN to_char(to_timestamp(" due ") AT TIME ZONE ?13,"   \
	" 'YYYY-MM-DD HH24:MI') ELSE " DAY_PG(due) " END"
#define DAY_PG(t) "to_char(to_timestamp(" t ") AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

#define CLOSER(entity, row, time)                                                  \
	"coalesce((SELECT j.actor FROM journal j WHERE j.entity = '" entity "'"    \
	" AND j.entity_id = " row ".id AND j.at = " row "." time                   \
	" ORDER BY j.id DESC LIMIT 1), " row ".author)"

#define SQL_LOG(DUE, DAY, client_id_is)                                            \
	"SELECT at, kind, event, text, actor, ref_id," \
	/* the VIP survey a survey interaction records (vip-survey.c) */ \
	" CASE WHEN kind = 'interaction' AND event = 'survey' THEN (SELECT v.id FROM vip_survey v" \
	"  WHERE v.client_id = ?1 AND v.interaction_id = ref_id) END FROM (" \
	/* interactions */ \
	" SELECT i.at AS at, 'interaction' AS kind, i.kind AS event," \
	"  i.text || coalesce(?5 || i.outcome || ')', '')" \
	"   || coalesce(?6 || i.late || ?7, '') AS text," \
	"  i.author AS actor, i.id AS ref_id, 0 AS seq" \
	"  FROM interaction i WHERE i.client_id = ?1" \
	/* promises: added, then kept or broken */ \
	" UNION ALL" \
	" SELECT p.created, 'promise', 'added'," \
	"  CASE p.kind WHEN 'promise' THEN p.text ELSE p.kind || ': ' || p.text END" \
	"   || coalesce(?8 || " DAY("p.due") " || ')', '')," \
	"  p.author, p.id, 0 FROM promise p WHERE p.client_id = ?1" \
	" UNION ALL" \
	" SELECT p.closed, 'promise', p.status," \
	"  p.text || coalesce(?9 || p.why || ')', '')," \
	"  " CLOSER("promise", "p", "closed") ", p.id, 1" \
	"  FROM promise p WHERE p.client_id = ?1 AND p.closed IS NOT NULL" \
	/* incidents: opened, then resolved */ \
	" UNION ALL" \
	" SELECT coalesce(n.at, n.created), 'incident', 'opened', n.kind || ': ' || n.text," \
	"  n.author, n.id, 0" \
	"  FROM incident n WHERE n.client_id = ?1" \
	" UNION ALL" \
	" SELECT n.resolved, 'incident', 'resolved'," \
	"  n.text || coalesce(?10 || n.how || ')', '')," \
	"  " CLOSER("incident", "n", "resolved") ", n.id, 1" \
	"  FROM incident n WHERE n.client_id = ?1 AND n.resolved IS NOT NULL" \
	/* next actions: added (with the due it was added with: before its \
	 * first move), then done */ \
	" UNION ALL" \
	" SELECT a.created, 'next', 'added'," \
	"  a.text || ' (' || CASE a.kind WHEN 'task' THEN '' ELSE a.kind || ', ' END || ?11" \
	"  || " DUE("coalesce(m.from_due, a.due)", "coalesce(m.from_timed, a.timed)") " || ')'," \
	"  a.author, a.id, 0 FROM next_action a" \
	"  LEFT JOIN next_move m ON m.id = (SELECT f.id FROM next_move f" \
	"    WHERE f.action_id = a.id ORDER BY f.at, f.id LIMIT 1)" \
	"  WHERE a.client_id = ?1" \
	/* moves of next actions: from -> to, by whom and why */ \
	" UNION ALL" \
	" SELECT m.at, 'move', 'moved', a.text || ': ' || " DUE("m.from_due", "m.from_timed") \
	"  || ' -> ' || " DUE("m.to_due", "m.to_timed") " || ?12 || m.by || ': ' || m.reason" \
	"  || ')', m.actor, a.id, 1" \
	"  FROM next_move m JOIN next_action a ON a.id = m.action_id WHERE a.client_id = ?1" \
	" UNION ALL" \
	" SELECT a.done, 'next', 'done', a.text, " CLOSER("next", "a", "done") ", a.id, 1" \
	"  FROM next_action a WHERE a.client_id = ?1 AND a.done IS NOT NULL" \
	/* status changes by a rule (client.status) or by hand (client.edit) */ \
	" UNION ALL" \
	" SELECT j.at, 'status', 'changed'," \
	"  coalesce(json_extract(j.data, '$.old'), '-') || ' -> '" \
	"   || coalesce(json_extract(j.data, '$.new'), '-')" \
	"   || coalesce(': ' || json_extract(j.data, '$.reason'), '')," \
	"  j.actor, j.id, 2 FROM journal j" \
	"  WHERE j.entity = 'client' AND j.entity_id = ?1 AND j.action = 'client.status'" \
	"   AND json_valid(j.data)" \
	" UNION ALL" \
	" SELECT j.at, 'status', 'changed'," \
	"  coalesce(json_extract(j.data, '$.changes.status.old'), '-') || ' -> '" \
	"   || coalesce(json_extract(j.data, '$.changes.status.new'), '-')," \
	"  j.actor, j.id, 2 FROM journal j" \
	"  WHERE j.entity = 'client' AND j.entity_id = ?1 AND j.action = 'client.edit'" \
	"   AND json_valid(j.data) AND json_type(j.data, '$.changes.status') = 'object'" \
	/* milestones: the repeat order, the first dangerous stage passed */ \
	" UNION ALL" \
	" SELECT j.at, 'milestone', 'repeat-order', json_extract(j.data, '$.text')," \
	"  j.actor, j.id, 2 FROM journal j" \
	"  WHERE j.entity = 'client' AND j.entity_id = ?1 AND j.action = 'client.repeat_order'" \
	"   AND json_valid(j.data)" \
	/* owner changes by hand (client.edit) */ \
	" UNION ALL" \
	" SELECT j.at, 'owner', 'changed'," \
	"  coalesce(json_extract(j.data, '$.changes.owner.old'), '-') || ' -> '" \
	"   || coalesce(json_extract(j.data, '$.changes.owner.new'), '-')," \
	"  j.actor, j.id, 2 FROM journal j" \
	"  WHERE j.entity = 'client' AND j.entity_id = ?1 AND j.action = 'client.edit'" \
	"   AND json_valid(j.data) AND json_type(j.data, '$.changes.owner') = 'object'" \
	/* handovers: journal entries of entity 'handover' naming the client; \
	 * the event is the verb of the action ("handover.done" -> "done") */ \
	" UNION ALL" \
	" SELECT j.at, 'handover', substr(j.action, instr(j.action, '.') + 1)," \
	"  coalesce(json_extract(j.data, '$.text')," \
	"   coalesce(json_extract(j.data, '$.from'), '-') || ' -> '" \
	"   || coalesce(json_extract(j.data, '$.to'), '-'))," \
	"  j.actor, j.entity_id, 2 FROM journal j" \
	"  WHERE j.entity = 'handover' AND json_valid(j.data)" \
	"   AND json_extract(j.data, '$.client_id') = " client_id_is \
	") AS e" \
	" WHERE (?2 IS NULL OR kind = ?2 OR (kind = 'interaction' AND event = ?2))" \
	"  AND (?3 IS NULL OR at >= ?3)" \
	" ORDER BY at DESC, seq DESC, ref_id DESC, kind" \
	" LIMIT ?4"

static const char sql_log[] = SQL_LOG(DUE_LITE, DAY_LITE, "?1");
/* json_extract gives text on PostgreSQL */
static const char sql_log_pg[] = SQL_LOG(DUE_PG, DAY_PG, "CAST(?1 AS text)");

/*
 * The words around the data in a timeline's texts, ?5 to ?12 of sql_log:
 * English as JSON and CSV keep them, or translated for a table.
 */
static const char *const log_words[] = {
	/* TRANSLATORS: the words around the data of a timeline entry (crm log);
	 * "Called (outcome: meeting on Wednesday)" */
	N_(" (outcome: "),
	/* TRANSLATORS: "Meeting (late: 25 min)" */
	N_(" (late: "),
	N_(" min)"),
	/* TRANSLATORS: a promise, "Discount 5% (due 2026-12-01)" */
	N_(" (due "),
	/* TRANSLATORS: a broken promise, "... (why: the supplier failed)" */
	N_(" (why: "),
	/* TRANSLATORS: a resolved incident, "... (how: apologised, 10% off)" */
	N_(" (how: "),
	/* TRANSLATORS: a next action, "Call back (call, due 2026-12-01)" */
	N_("due "),
	/* TRANSLATORS: a moved next action, "... (by client: on holiday)", by whose
	 * request: manager or client */
	N_(" (by "),
};

static const char sql_client_exists[] = "SELECT 1 FROM client WHERE id = ?1";

struct crm_log_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;
	struct crm_log_entry row;
};

static crm_status client_exists(struct crm_db *db, int64_t id)
{
	crmi_stmt *st = crmi_prepare(db, sql_client_exists);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the client");
	}
	return CRM_OK;
}

crm_status crm_log_query(struct crm_db *db, const struct crm_log_filter *f,
			 struct crm_log_iter **out)
{
	struct crm_log_iter *it;
	crm_status st;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	if (!f || f->client_id <= 0) {
		return crmi_fail(db, CRM_EINVAL, "the timeline is of one client: name it");
	}
	if (f->kind) {
		st = crmi_enum_check(db, N_("timeline kind"), f->kind, crm_log_kinds);
		if (st != CRM_OK) {
			return st;
		}
	}
	st = client_exists(db, f->client_id);
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = CRMI_SQL(db, sql_log, sql_log_pg);
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the timeline");
	}
	if (db->pg) {
		crmi_bind_text_owned(it->st, 13, crmi_team_zone(db));
	}
	crmi_bind_int64(it->st, 1, f->client_id);
	crmi_bind_text(it->st, 2, f->kind);
	if (f->since) {
		crmi_bind_int64(it->st, 3, f->since);
	}
	crmi_bind_int64(it->st, 4, f->limit > 0 ? f->limit : -1);
	for (size_t i = 0; i < sizeof(log_words) / sizeof(log_words[0]); i++) {
		crmi_bind_text(it->st, 5 + (int)i, f->human ? _(log_words[i]) : log_words[i]);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_log_iter_next(struct crm_log_iter *it, const struct crm_log_entry **row)
{
	struct crm_log_entry *r = &it->row;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, it->st, &it->done, "cannot read the timeline");
	if (rc != CRM_OK) {
		return rc;
	}
	r->at = crmi_col_int64(it->st, 0);
	r->kind = crmi_col_text(it->st, 1);
	r->event = crmi_col_text(it->st, 2);
	r->text = crmi_col_text(it->st, 3);
	r->actor = crmi_col_text(it->st, 4);
	r->ref_id = crmi_col_int64(it->st, 5);
	r->survey_id = crmi_col_int64(it->st, 6);
	*row = r;
	return CRM_OK;
}

void crm_log_iter_destroy(struct crm_log_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
