/*
 * audit-rules.c: the rules of the audit (crm-audit(1)): each rule's query
 * (the columns are described in audit.c), the detail written from a
 * finding's values, the registry of rules with their severities and keys,
 * and the name key of the duplicate rule, an SQL function of the audit's
 * connection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-private.h"

const char *const crm_severities[] = { "info", "warn", "error", NULL };

/* ---- the rules ------------------------------------------------------ */

/* The columns of a rule without texts. */
#define NO_TEXT "NULL AS t1, NULL AS t2, NULL AS t3"
/* The last column of every rule: who must act (NULL: the heads of sales
 * when the rule is for them, see audit.c). */
#define TO_OWNER ", owner_id AS assignee_id"
#define TO_C_OWNER ", c.owner_id AS assignee_id"
#define TO_HEADS ", NULL AS assignee_id"

static const char sql_forgotten[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(last, created) AS since,"
	" (:as_of - coalesce(last, created)) / 86400 AS n1, every AS n2,"
	" CAST(last IS NULL AS INTEGER) AS n3,"
	" CASE WHEN contact_every IS NULL THEN tier END AS t1, NULL AS t2, NULL AS t3,"
	" owner_id AS assignee_id"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created, c.tier, c.contact_every,"
	"   coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN :audit_forgotten_days_vip"
	"     WHEN 'key' THEN :audit_forgotten_days_key"
	"     ELSE :audit_forgotten_days_regular END) AS every,"
	"   (SELECT max(i.at) FROM interaction i"
	"     WHERE i.client_id = c.id AND i.at <= :as_of) AS last"
	"   FROM client c WHERE " LIVE " AND " OWNED " LIMIT -1) AS x"
	/* the LIMIT keeps SQLite from flattening the subquery, which would
	 * copy the correlated subquery into each place that uses it */
	" WHERE coalesce(last, created) < :as_of - every * 86400";

static const char sql_no_next_action[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(done, created) AS since,"
	" (:as_of - coalesce(done, created)) / 86400 AS n1, NULL AS n2,"
	" CAST(done IS NULL AS INTEGER) AS n3, "
	NO_TEXT TO_OWNER
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(n.done) FROM next_action n"
	"     WHERE n.client_id = c.id AND n.done <= :as_of) AS done"
	"   FROM client c WHERE " LIVE " AND " OWNED
	"   AND NOT EXISTS (SELECT 1 FROM next_action n WHERE n.client_id = c.id"
	"     AND n.created <= :as_of AND (n.status = 'open' OR n.done > :as_of))"
	"   LIMIT -1) AS x"
	" WHERE coalesce(done, created) <= :as_of - :audit_no_next_action_days * 86400";

/*
 * Overdue with grace days: a dated action once its day plus the grace
 * days is over in the team's zone (due < today - days), a timed one from
 * its moment plus the grace days (due + days <= as_of). The text and the
 * days are those of the earliest due (the only min/max aggregate).
 */
static const char sql_overdue_action[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(n.due) AS since,"
	" count(*) AS n1,"
	" (CASE WHEN n.timed = 1 THEN :as_of ELSE :today END - min(n.due)) / 86400 AS n2,"
	" NULL AS n3, n.text AS t1, NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM next_action n JOIN client c ON c.id = n.client_id"
	" WHERE " CRMI_NEXT_OVERDUE("n") " AND n.created <= :as_of"
	" AND (n.status = 'open' OR n.done > :as_of) AND " OWNED
	" GROUP BY n.client_id";

static const char sql_no_key_contact[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.created AS since,"
	" (:as_of - c.created) / 86400 AS n1, NULL AS n2, NULL AS n3, " NO_TEXT TO_C_OWNER
	" FROM client c WHERE c.kind = 'company' AND " LIVE " AND " OWNED
	" AND c.created <= :as_of - :audit_no_key_contact_days * 86400"
	" AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.client_id = c.id"
	"   AND k.is_key = 1 AND k.created <= :as_of)";

/* A key contact of alias k still at the client on the audit's day: one
 * who left (contact.left_on, a day) is no longer counted from that day. */
#define PRESENT(k) "(" k ".left_on IS NULL OR " k ".left_on > :today)"

/* A contact counts as confirmed when it was verified, or else when it
 * was entered. */
static const char sql_stale_contact[] =
	"SELECT id AS client_id, name AS client, owner_id, last AS since,"
	" (:as_of - last) / 86400 AS n1, nkey AS n2, NULL AS n3, " NO_TEXT TO_OWNER
	" FROM (SELECT c.id, c.name, c.owner_id,"
	"   max(coalesce(k.verified, k.created)) AS last, count(*) AS nkey"
	"   FROM client c JOIN contact k ON k.client_id = c.id"
	"   WHERE k.is_key = 1 AND k.created <= :as_of AND " PRESENT("k") " AND " LIVE
	"   AND " OWNED " GROUP BY c.id LIMIT -1) AS x"
	" WHERE last < :as_of - :audit_stale_contact_days * 86400";

static const char sql_paper_relationship[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(met, created) AS since,"
	" (:as_of - coalesce(met, created)) / 86400 AS n1, paper AS n2,"
	" :audit_paper_relationship_days AS n3, CASE WHEN met IS NULL THEN 'never' END AS t1,"
	" NULL AS t2, NULL AS t3" TO_OWNER
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT count(*) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('order', 'email') AND i.at <= :as_of"
	"     AND i.at > :as_of - :audit_paper_relationship_days * 86400) AS paper,"
	"   (SELECT max(i.at) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('call', 'meeting', 'survey') AND i.at <= :as_of) AS met"
	"   FROM client c WHERE c.status IN ('active', 'regular') AND c.created <= :as_of"
	"   AND " OWNED " LIMIT -1) AS x"
	" WHERE paper > 0"
	" AND coalesce(met, created) < :as_of - :audit_paper_relationship_days * 86400";

static const char sql_broken_promise[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(p.due) AS since,"
	" count(*) AS n1, (:today - min(p.due)) / 86400 AS n2, NULL AS n3,"
	" p.kind AS t1, p.text AS t2, NULL AS t3" TO_C_OWNER
	" FROM promise p JOIN client c ON c.id = p.client_id"
	" WHERE p.kind IN ('promise', 'guarantee', 'discount')"
	" AND p.due < :today - :audit_broken_promise_days * 86400 AND p.created <= :as_of"
	" AND (p.status = 'open' OR p.closed > :as_of) AND " OWNED
	" GROUP BY p.client_id";

static const char sql_open_conflict[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(x.created) AS since,"
	" count(*) AS n1, (:as_of - min(x.created)) / 86400 AS n2, NULL AS n3,"
	" x.kind AS t1, x.text AS t2, NULL AS t3" TO_C_OWNER
	" FROM incident x JOIN client c ON c.id = x.client_id"
	" WHERE x.kind IN ('conflict', 'mishap')"
	" AND x.created < :as_of - :audit_open_conflict_days * 86400"
	" AND (x.status = 'open' OR x.resolved > :as_of) AND " OWNED
	" GROUP BY x.client_id";

static const char sql_storm[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.stage_since AS since,"
	" (:as_of - c.stage_since) / 86400 AS n1, NULL AS n2, NULL AS n3, " NO_TEXT TO_C_OWNER
	" FROM client c WHERE c.stage = 'storm' AND " LIVE " AND " OWNED
	" AND c.stage_since < :as_of - :audit_storm_days * 86400";

static const char sql_silent_client[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(heard, created) AS since,"
	" (:as_of - coalesce(heard, created)) / 86400 AS n1, NULL AS n2,"
	" CAST(heard IS NULL AS INTEGER) AS n3, " NO_TEXT TO_OWNER
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(i.at) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('complaint', 'feedback', 'survey') AND i.at <= :as_of) AS heard"
	"   FROM client c WHERE c.status IN ('active', 'regular') AND " OWNED
	"   AND c.created < :as_of - :audit_silent_client_days * 86400 LIMIT -1) AS x"
	" WHERE heard IS NULL OR heard < :as_of - :audit_silent_client_days * 86400";

static const char sql_over_capacity[] =
	"SELECT NULL AS client_id, NULL AS client, m.id AS owner_id, NULL AS since,"
	" count(*) AS n1, m.capacity AS n2, NULL AS n3, " NO_TEXT TO_HEADS
	" FROM manager m JOIN client c ON c.owner_id = m.id"
	" WHERE " LIVE " AND (:owner IS NULL OR m.id = :owner)"
	" GROUP BY m.id HAVING count(*) > m.capacity + :audit_over_capacity_margin";

/*
 * Handovers (handover.c). A handover counts from its creation; one
 * accepted, declined or cancelled after as_of was still pending then. The
 * client's owner is taken as now (the receiver once accepted).
 */
#define HANDOVER_JOIN                                                                     \
	" FROM handover h JOIN client c ON c.id = h.client_id JOIN manager t ON t.id = h.to_id" \
	" LEFT JOIN manager f ON f.id = h.from_id"
#define ACCEPTED "h.status = 'accepted' AND h.decided <= :as_of"

/* t1 the receiver, t2 the sender, n2 the handover */
static const char sql_handover_pending[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, h.created AS since,"
	" (:as_of - h.created) / 86400 AS n1, h.id AS n2, NULL AS n3, t.name AS t1,"
	" f.name AS t2, NULL AS t3, h.to_id AS assignee_id" HANDOVER_JOIN
	" WHERE (h.status = 'pending' OR h.decided > :as_of) AND h.created <= :as_of"
	" AND h.created < :as_of - :audit_handover_pending_days * 86400 AND " OWNED;

/* the notice became due at acceptance */
static const char sql_handover_no_notice[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, h.notice_due AS since,"
	" (:as_of - h.notice_due) / 86400 AS n1, h.id AS n2, NULL AS n3, t.name AS t1,"
	" NULL AS t2, NULL AS t3, h.to_id AS assignee_id" HANDOVER_JOIN
	" WHERE " ACCEPTED " AND h.superseded_by IS NULL"
	" AND (h.notice_sent IS NULL OR h.notice_sent > :as_of)"
	" AND h.notice_due < :as_of - :audit_handover_no_notice_days * 86400 AND " OWNED;

/* The receiver, still the owner, let the first action fall due (and not
 * done) without an interaction logged since the acceptance; authors are
 * names, compared as typed or folded. */
static const char sql_handover_no_first_action[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, n.due AS since,"
	" (:today - n.due) / 86400 AS n1, h.id AS n2, NULL AS n3, t.name AS t1, n.text AS t2,"
	" NULL AS t3, h.to_id AS assignee_id" HANDOVER_JOIN
	" JOIN next_action n ON n.id = h.next_action_id"
	" WHERE " ACCEPTED " AND c.owner_id = h.to_id AND " LIVE
	" AND n.due < :today - :audit_handover_no_first_action_days * 86400"
	" AND (n.status = 'open' OR n.done > :as_of)"
	" AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.client_id = h.client_id"
	"   AND i.at >= h.decided AND i.at <= :as_of"
	"   AND (i.author = t.name OR lower(i.author) = t.name_fold))"
	" AND " OWNED;

/* n1 requests (not cancelled) within n2 days: one before the request
 * only a head may make (handover.client_request_escalation) */
static const char sql_client_requests[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(h.created) AS since,"
	" count(*) AS n1, :audit_client_requests_days AS n2, NULL AS n3, " NO_TEXT TO_HEADS
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" WHERE h.reason = 'client-request' AND h.created <= :as_of"
	" AND h.created > :as_of - :audit_client_requests_days * 86400"
	" AND (h.status <> 'cancelled' OR h.decided > :as_of) AND " LIVE " AND " OWNED
	" GROUP BY h.client_id HAVING count(*) >= :handover_client_request_escalation - 1";

/* A cover (until: its last day) whose client the cover still holds, with
 * no accepted return; t1 the manager away, t2 the cover. */
static const char sql_vacation_return[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, h.until AS since,"
	" (:today - h.until) / 86400 AS n1, h.id AS n2, NULL AS n3, f.name AS t1, t.name AS t2,"
	" NULL AS t3" TO_HEADS HANDOVER_JOIN
	" WHERE " ACCEPTED " AND h.until IS NOT NULL AND c.owner_id = h.to_id AND " LIVE
	" AND h.until < :today - :audit_vacation_return_days * 86400"
	" AND NOT EXISTS (SELECT 1 FROM handover r WHERE r.return_of = h.id"
	"   AND r.status = 'accepted' AND r.decided <= :as_of)"
	" AND " OWNED;

/*
 * The VIP programme (vip.c, vip-survey.c). An item of the programme
 * active at as_of still to survey past its due date (t1 'item', t2 the
 * programme, t3 the surveyor); else a vip or key client of long standing
 * without a survey within the days (t1 'survey'; n2 never surveyed).
 */
#define VIP_ITEM_LATE                                                                        \
	" i.due < :today AND p.created <= :as_of AND (p.closed IS NULL OR p.closed > :as_of)" \
	" AND (i.status = 'pending' OR i.done > :as_of)"
static const char sql_vip_not_surveyed[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, i.due AS since,"
	" (:today - i.due) / 86400 AS n1, NULL AS n2, NULL AS n3,"
	" 'item' AS t1, p.name AS t2, s.name AS t3,"
	" coalesce(i.surveyor_id, c.owner_id) AS assignee_id"
	" FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	" JOIN client c ON c.id = i.client_id LEFT JOIN manager s ON s.id = i.surveyor_id"
	" WHERE" VIP_ITEM_LATE " AND " LIVE " AND " OWNED
	" UNION ALL"
	" SELECT id, name, owner_id, coalesce(last, created), (:as_of - coalesce(last, created))"
	" / 86400, CAST(last IS NULL AS INTEGER), NULL, 'survey', NULL, NULL, owner_id"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(v.at) FROM vip_survey v WHERE v.client_id = c.id AND v.at <= :as_of)"
	"   AS last"
	"   FROM client c WHERE c.tier IN ('vip', 'key') AND " LIVE " AND " OWNED
	"   AND c.created < :as_of - :audit_vip_not_surveyed_days * 86400"
	"   AND NOT EXISTS (SELECT 1 FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	"     WHERE i.client_id = c.id AND" VIP_ITEM_LATE ")"
	"   LIMIT -1) AS x"
	" WHERE last IS NULL OR last < :as_of - :audit_vip_not_surveyed_days * 86400";

/* A survey's quality incident still open at as_of, its technical work
 * (the remedy action) due before today less the days of grace. */
static const char sql_quality_unremedied[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(n.due) AS since,"
	" (:today - min(n.due)) / 86400 AS n1, count(*) AS n2, x.id AS n3, x.text AS t1,"
	" CASE WHEN n.status = 'done' AND n.done <= :as_of THEN 'done' END AS t2, NULL AS t3,"
	" coalesce(n.assignee_id, c.owner_id) AS assignee_id"
	" FROM vip_survey v JOIN incident x ON x.id = v.incident_id"
	" JOIN next_action n ON n.id = v.remedy_id JOIN client c ON c.id = v.client_id"
	" WHERE x.created <= :as_of AND (x.status = 'open' OR x.resolved > :as_of)"
	" AND n.due < :today - :audit_quality_unremedied_days * 86400 AND " OWNED
	" GROUP BY v.client_id";

/*
 * Managers leave and go on vacation (manager.c, handover.c). A live
 * client whose owner has left, or is on vacation, or that has no owner at
 * all: nobody looks after it. A client covered during a vacation is not
 * found: the accepted temporary handover (with until) made the cover its
 * owner; a cover who is away himself covers nothing. t1 the owner's
 * status ('left', 'vacation'; NULL: no owner), t2 the owner.
 */
static const char sql_orphaned[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, NULL AS since,"
	" NULL AS n1, NULL AS n2, NULL AS n3, o.status AS t1, o.name AS t2, NULL AS t3"
	TO_HEADS
	" FROM client c LEFT JOIN manager o ON o.id = c.owner_id"
	" WHERE " LIVE " AND " OWNED
	" AND (c.owner_id IS NULL OR o.status IN ('left', 'vacation'))";

/*
 * Trainees (manager.trainee, until the last day trainee_until): a meeting
 * a trainee logged with a client (its author, compared as the
 * handover-no-first-action rule does), whose days have passed with no
 * interaction logged by the mentor or a head of sales with that client
 * within them. One finding per client and trainee: since the first such
 * meeting (n3 meetings). t1 the trainee, t2 the mentor; the mentor acts
 * (the heads when there is none, or the mentor has left).
 */
#define AUTHOR_IS(i, m) "(" i ".author = " m ".name OR lower(" i ".author) = " m ".name_fold)"
/* The window of the blind-zone rules: what happened in the last 30 days. */
#define RECENT_DAYS "30"
#define RECENT(t) t " > :as_of - " RECENT_DAYS " * 86400"
/* Meeting i is its client's first: no meeting before it (ties by id). */
#define FIRST_MEETING(i)                                                                    \
	"NOT EXISTS (SELECT 1 FROM interaction e WHERE e.client_id = " i ".client_id"       \
	" AND e.kind = 'meeting' AND (e.at < " i ".at OR (e.at = " i ".at AND e.id < " i    \
	".id)))"
/* A meeting the rule no-control-call reads (below). */
#define NO_CONTROL_CALL_SEES(i)                                                             \
	i ".author_id IS NOT NULL AND " RECENT(i ".at") " AND " FIRST_MEETING(i)
static const char sql_trainee_unsupervised[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(i.at) AS since,"
	" (:as_of - min(i.at)) / 86400 AS n1, :audit_trainee_unsupervised_days AS n2,"
	" count(*) AS n3, tr.name AS t1, mt.name AS t2, NULL AS t3,"
	" CASE WHEN mt.status <> 'left' THEN mt.id END AS assignee_id"
	" FROM manager tr JOIN interaction i ON i.kind = 'meeting' AND " AUTHOR_IS("i", "tr")
	" JOIN client c ON c.id = i.client_id LEFT JOIN manager mt ON mt.id = tr.mentor_id"
	" WHERE tr.trainee = 1 AND (tr.trainee_until IS NULL OR i.at < tr.trainee_until + 86400)"
	" AND i.at <= :as_of - :audit_trainee_unsupervised_days * 86400 AND " LIVE " AND " OWNED
	" AND NOT EXISTS (SELECT 1 FROM interaction j JOIN manager s"
	"   ON (s.id = tr.mentor_id OR s.role = 'head') AND " AUTHOR_IS("j", "s")
	"   WHERE j.client_id = i.client_id AND j.at >= i.at AND j.at <= :as_of)"
	" AND NOT (" NO_CONTROL_CALL_SEES("i") ")"
	" GROUP BY c.id, tr.id";

/*
 * The head's blind zone (seed 002): field work the head never sees.
 *
 * rescheduled: a next action with a move (next_move, written by crm next
 * move) in the last RECENT_DAYS days, when a manager moved a meeting
 * within audit.rescheduled.hours of its time (from_due - at; a meeting
 * on a date counts from the start of that day in the team's zone, its
 * 00:00 UTC less the zone's offset at as_of), or when the action has been
 * moved audit.rescheduled.moves times or more in all. Older moves are
 * history: they fire no more. One finding per action, on its latest late
 * move, else its latest move: since its time, n1 the moves, n2 and n3 the
 * due dates from and to, t1 the reason, t2 'L' (a late move) or 'M' (the
 * count), the timedness of from and to ('0'/'1') and the action's kind,
 * t3 who asked (client, manager). The heads act.
 */
#define LATE_MOVE                                                                           \
	"(n.kind = 'meeting' AND m.by = 'manager' AND " RECENT("m.at")                      \
	" AND CASE WHEN m.from_timed THEN m.from_due ELSE m.from_due - :zone_offset END"     \
	"   - m.at < :audit_rescheduled_hours * 3600)"
static const char sql_rescheduled[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, mv.at AS since,"
	" g.moves AS n1, mv.from_due AS n2, mv.to_due AS n3, mv.reason AS t1,"
	" CASE WHEN g.late_id IS NOT NULL THEN 'L' ELSE 'M' END || mv.from_timed"
	"   || mv.to_timed || n.kind AS t2, mv.by AS t3" TO_HEADS
	" FROM (SELECT m.action_id, count(*) AS moves, max(m.id) AS last_id,"
	"   max(CASE WHEN " LATE_MOVE " THEN m.id END) AS late_id"
	"   FROM next_move m JOIN next_action n ON n.id = m.action_id"
	"   WHERE m.at <= :as_of GROUP BY m.action_id"
	"   HAVING " RECENT("max(m.at)")
	"   AND (late_id IS NOT NULL OR count(*) >= :audit_rescheduled_moves)) g"
	" JOIN next_move mv ON mv.id = coalesce(g.late_id, g.last_id)"
	" JOIN next_action n ON n.id = g.action_id JOIN client c ON c.id = n.client_id"
	" WHERE n.created <= :as_of AND " LIVE " AND " OWNED;

/*
 * late-meeting: a meeting of the last RECENT_DAYS days that its author, a
 * manager of the team (interaction.author_id), came to
 * audit.late-meeting.minutes late or more (crm note --late). One finding
 * per meeting: n1 the minutes, n2 the threshold, n3 the interaction, t1
 * the author. The heads act.
 */
static const char sql_late_meeting[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, i.at AS since,"
	" i.late AS n1, :audit_late_meeting_minutes AS n2, i.id AS n3, a.name AS t1,"
	" NULL AS t2, NULL AS t3" TO_HEADS
	" FROM manager a JOIN interaction i ON i.author_id = a.id AND i.kind = 'meeting'"
	"   AND i.at <= :as_of AND " RECENT("i.at")
	" JOIN client c ON c.id = i.client_id"
	" WHERE i.late >= :audit_late_meeting_minutes AND " LIVE " AND " OWNED;

/*
 * no-control-call: a client's first meeting (no meeting before it), by a
 * manager of the team, of the last RECENT_DAYS days and at least
 * audit.no-control-call.days old, with no interaction since by a head of
 * sales, nor by the author's mentor when the author was a trainee then
 * (as trainee-unsupervised reads a trainee): the head's control call of
 * the blind zone. The mentor acts for a trainee's meeting (the heads when
 * there is none or the mentor has left); the heads for the others.
 * trainee-unsupervised leaves out the meetings this rule sees, so that no
 * meeting is reported twice. n1 the days since, n2 the days, n3 the
 * interaction, t1 the author, t2 the mentor.
 */
static const char sql_no_control_call[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, i.at AS since,"
	" (:as_of - i.at) / 86400 AS n1, :audit_no_control_call_days AS n2, i.id AS n3,"
	" a.name AS t1, mt.name AS t2, NULL AS t3,"
	" CASE WHEN mt.status <> 'left' THEN mt.id END AS assignee_id"
	" FROM manager a JOIN interaction i ON i.author_id = a.id AND i.kind = 'meeting'"
	"   AND i.at <= :as_of - :audit_no_control_call_days * 86400 AND " RECENT("i.at")
	" JOIN client c ON c.id = i.client_id"
	" LEFT JOIN manager mt ON mt.id = a.mentor_id AND a.trainee = 1"
	"   AND (a.trainee_until IS NULL OR i.at < a.trainee_until + 86400)"
	" WHERE " LIVE " AND " OWNED " AND " FIRST_MEETING("i")
	" AND NOT EXISTS (SELECT 1 FROM interaction j JOIN manager s ON s.id = j.author_id"
	"   WHERE j.client_id = i.client_id AND j.at >= i.at AND j.at <= :as_of"
	"   AND (s.role = 'head' OR s.id = mt.id))";

/*
 * Each later card of a group reports the first one (the lowest id). The
 * groups are formed over the whole base as it is now, and the owner
 * filter comes after: a duplicate of a colleague's client is still a
 * duplicate. Names are keyed in C (crm_name_key); emails and phones by the
 * expressions of the indexes contact_email_key and contact_phone_key
 * (migration 3), which SQLite reads instead of the contacts: keep the
 * expressions here and there the same. A key is shared when the lowest
 * and the highest client id under it differ.
 */
#define EMAIL_KEY(k) "lower(trim(" k ".email))"
/* The legal forms the name key leaves out, folded (legal_forms[] and, on
 * PostgreSQL, PG_NAME_KEY): the first, then X(form) for each other. */
#define LEGAL_FORM_FIRST "ооо"
#define LEGAL_FORMS_MORE(X)                                                                 \
	X("оао") X("зао") X("пао") X("ао") X("нао") X("ип") X("нко") X("ано") X("тоо")       \
	X("чп") X("пбоюл") X("llc") X("inc") X("ltd") X("limited") X("gmbh") X("corp")       \
	X("corporation") X("incorporated") X("co") X("company") X("plc") X("llp") X("lp")    \
	X("ag") X("sa") X("srl") X("bv") X("oy") X("ab")
#define PHONE_KEY(k)                                                                        \
	"substr(replace(replace(replace(replace(replace(" k ".phone, ' ', ''), '-', ''),"   \
	" '(', ''), ')', ''), '+', ''), -10)"
/* the clients of a shared key other than its first one, with the first */
#define SHARED_PAIRS(key, col)                                                              \
	"   SELECT DISTINCT x.client_id, g.first, g.k FROM g JOIN contact x"                \
	"   ON " key("x") " = g.k AND x." col " IS NOT NULL"                                   \
	"   WHERE x.client_id <> g.first) e"                                                \
	" JOIN client c ON c.id = e.client_id JOIN client f ON f.id = e.first"              \
	" WHERE " OWNED
#define SHARED(what, key, col, minlen)                                                       \
	" SELECT c.id, c.name, c.owner_id, c.created, e.first, NULL, NULL, '" what "',"    \
	" f.name, e.k, c.owner_id"                                                          \
	" FROM (WITH g AS MATERIALIZED (SELECT " key("ct") " AS k,"                         \
	"   min(ct.client_id) AS first FROM contact ct"                                     \
	"   WHERE :audit_duplicate_contacts AND ct." col " IS NOT NULL GROUP BY 1"          \
	"   HAVING length(k) >= " minlen " AND min(ct.client_id) <> max(ct.client_id))"      \
	SHARED_PAIRS(key, col)

static const char sql_duplicate[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.created AS since,"
	" d.first AS n1, NULL AS n2, NULL AS n3, 'name' AS t1, f.name AS t2, NULL AS t3"
	TO_C_OWNER
	" FROM (SELECT id, first FROM (SELECT c.id,"
	"     min(c.id) OVER (PARTITION BY crm_name_key(c.name_fold)) AS first FROM client c)"
	"   WHERE id <> first) d"
	" JOIN client c ON c.id = d.id JOIN client f ON f.id = d.first"
	" WHERE " OWNED
	" UNION ALL" SHARED("email", EMAIL_KEY, "email", "3")
	" UNION ALL" SHARED("phone", PHONE_KEY, "phone", "7");

/*
 * key-contact-left: a live client that had key contacts and whose key
 * contacts have all left by the audit's day (a client that never had one
 * is no-key-contact's, which a key contact who left keeps quiet). Since
 * the last one left: n1 the days since, n2 how many left, t1 the last
 * one's name. A successor added as a key contact ends it.
 */
static const char sql_key_contact_left[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, max(k.left_on) AS since,"
	" (:today - max(k.left_on)) / 86400 AS n1, count(*) AS n2, NULL AS n3, k.name AS t1,"
	" NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM contact k JOIN client c ON c.id = k.client_id"
	" WHERE k.is_key = 1 AND k.created <= :as_of AND k.left_on <= :today"
	" AND " LIVE " AND " OWNED
	" AND NOT EXISTS (SELECT 1 FROM contact p WHERE p.client_id = c.id AND p.is_key = 1"
	"   AND p.created <= :as_of AND " PRESENT("p") ")"
	" GROUP BY c.id";

/*
 * birthday: a key contact still at a live client whose birthday (the
 * year known or not: the last five characters are MM-DD) comes within
 * audit.birthday.days days of the audit's day, the day itself included.
 * 29 February is kept on 28 February in a year that is not leap. since
 * the day, n1 the days until it, n2 the contact, n3 the age they reach
 * (NULL: year unknown), t1 the contact's name.
 */
#define AUDIT_YEAR "CAST(strftime('%Y', :today, 'unixepoch') AS INTEGER)"
#define LEAP(y) "((" y ") % 4 = 0 AND ((" y ") % 100 <> 0 OR (" y ") % 400 = 0))"
#define BDAY_IN(y)                                                                          \
	"printf('%04d-%s', " y ", CASE WHEN substr(k.birthday, -5) = '02-29' AND NOT "      \
	LEAP(y) " THEN '02-28' ELSE substr(k.birthday, -5) END)"
static const char sql_birthday[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, unixepoch(b.day) AS since,"
	" (unixepoch(b.day) - :today) / 86400 AS n1, b.id AS n2,"
	" CASE WHEN length(b.birthday) = 10 THEN CAST(substr(b.day, 1, 4) AS INTEGER)"
	"   - CAST(substr(b.birthday, 1, 4) AS INTEGER) END AS n3,"
	" b.name AS t1, NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT k.id, k.client_id, k.name, k.birthday,"
	"   CASE WHEN " BDAY_IN(AUDIT_YEAR) " >= date(:today, 'unixepoch')"
	"     THEN " BDAY_IN(AUDIT_YEAR) " ELSE " BDAY_IN(AUDIT_YEAR " + 1") " END AS day"
	"   FROM contact k WHERE k.is_key = 1 AND k.birthday IS NOT NULL"
	"   AND k.created <= :as_of AND " PRESENT("k") " LIMIT -1) b"
	" JOIN client c ON c.id = b.client_id"
	" WHERE unixepoch(b.day) - :today <= :audit_birthday_days * 86400"
	" AND " LIVE " AND " OWNED;

/*
 * ---- the rules on PostgreSQL ----
 *
 * Where SQLite's text is not PostgreSQL's, a rule has a second one
 * (crmi_audit_impl.pg) with the same columns and the same findings; the
 * SQLite texts above stay as their plans were tuned. What differs:
 * - a bare column beside min() or max() in a grouped query (SQLite takes
 *   it from the row of the min or max, the first such in its scan) is
 *   DISTINCT ON over the rows ordered by that value, then by id, with the
 *   count as a window;
 * - a group by a foreign key whose row's columns are read is grouped by
 *   the row's own id (PostgreSQL reads a column functionally dependent
 *   on a primary key only);
 * - an integer used as a truth value is compared with 1, and HAVING
 *   repeats an expression instead of naming its alias;
 * - the duplicate rule spells crm_name_key (a C function on SQLite) in
 *   SQL (PG_NAME_KEY), and the phone key with right(), as the index
 *   contact_phone_key of core/pg-schema.c does;
 * - the birthday rule's dates are written with to_char and lpad instead
 *   of strftime, date and printf;
 * - the order: SQLite returns a rule's rows in the order of its plan
 *   (the clients by id, the handovers by the index handover_status...),
 *   and sorts the findings of a run stably, so that rows of equal keys
 *   keep that order; PostgreSQL is told it (crmi_audit_impl.pg_order, in
 *   the columns of the rule, f, and the heads, hd), and a column o1 (o2)
 *   gives it where the rule's columns do not.
 */
static const char pg_overdue_action[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, o.due AS since, o.n AS n1,"
	" (CASE WHEN o.timed = 1 THEN :as_of ELSE :today END - o.due) / 86400 AS n2,"
	" NULL AS n3, o.text AS t1, NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT DISTINCT ON (n.client_id) n.client_id, n.due, n.timed, n.text,"
	"   count(*) OVER (PARTITION BY n.client_id) AS n"
	"   FROM next_action n JOIN client c ON c.id = n.client_id"
	"   WHERE " CRMI_NEXT_OVERDUE("n") " AND n.created <= :as_of"
	"   AND (n.status = 'open' OR n.done > :as_of) AND " OWNED
	"   ORDER BY n.client_id, n.due, n.id) o"
	" JOIN client c ON c.id = o.client_id";

static const char pg_broken_promise[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, o.due AS since,"
	" o.n AS n1, (:today - o.due) / 86400 AS n2, NULL AS n3,"
	" o.kind AS t1, o.text AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT DISTINCT ON (p.client_id) p.client_id, p.due, p.kind, p.text,"
	"   count(*) OVER (PARTITION BY p.client_id) AS n"
	"   FROM promise p JOIN client c ON c.id = p.client_id"
	"   WHERE p.kind IN ('promise', 'guarantee', 'discount')"
	"   AND p.due < :today - :audit_broken_promise_days * 86400 AND p.created <= :as_of"
	"   AND (p.status = 'open' OR p.closed > :as_of) AND " OWNED
	"   ORDER BY p.client_id, p.due, p.id) o"
	" JOIN client c ON c.id = o.client_id";

static const char pg_open_conflict[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, o.created AS since,"
	" o.n AS n1, (:as_of - o.created) / 86400 AS n2, NULL AS n3,"
	" o.kind AS t1, o.text AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT DISTINCT ON (x.client_id) x.client_id, x.created, x.kind, x.text,"
	"   count(*) OVER (PARTITION BY x.client_id) AS n"
	"   FROM incident x JOIN client c ON c.id = x.client_id"
	"   WHERE x.kind IN ('conflict', 'mishap')"
	"   AND x.created < :as_of - :audit_open_conflict_days * 86400"
	"   AND (x.status = 'open' OR x.resolved > :as_of) AND " OWNED
	"   ORDER BY x.client_id, x.created, x.id) o"
	" JOIN client c ON c.id = o.client_id";

static const char pg_client_requests[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(h.created) AS since,"
	" count(*) AS n1, :audit_client_requests_days AS n2, NULL AS n3, " NO_TEXT TO_HEADS
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" WHERE h.reason = 'client-request' AND h.created <= :as_of"
	" AND h.created > :as_of - :audit_client_requests_days * 86400"
	" AND (h.status <> 'cancelled' OR h.decided > :as_of) AND " LIVE " AND " OWNED
	" GROUP BY c.id HAVING count(*) >= :handover_client_request_escalation - 1";

/* o1: the item, else the client (SQLite reads them in that order) */
static const char pg_vip_not_surveyed[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, i.due AS since,"
	" (:today - i.due) / 86400 AS n1, NULL AS n2, NULL AS n3,"
	" 'item' AS t1, p.name AS t2, s.name AS t3,"
	" coalesce(i.surveyor_id, c.owner_id) AS assignee_id, i.id AS o1"
	" FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	" JOIN client c ON c.id = i.client_id LEFT JOIN manager s ON s.id = i.surveyor_id"
	" WHERE" VIP_ITEM_LATE " AND " LIVE " AND " OWNED
	" UNION ALL"
	" SELECT id, name, owner_id, coalesce(last, created), (:as_of - coalesce(last, created))"
	" / 86400, CAST(last IS NULL AS INTEGER), NULL, 'survey', NULL, NULL, owner_id, id"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(v.at) FROM vip_survey v WHERE v.client_id = c.id AND v.at <= :as_of)"
	"   AS last"
	"   FROM client c WHERE c.tier IN ('vip', 'key') AND " LIVE " AND " OWNED
	"   AND c.created < :as_of - :audit_vip_not_surveyed_days * 86400"
	"   AND NOT EXISTS (SELECT 1 FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	"     WHERE i.client_id = c.id AND" VIP_ITEM_LATE "))"
	"   AS x"
	" WHERE last IS NULL OR last < :as_of - :audit_vip_not_surveyed_days * 86400";

static const char pg_quality_unremedied[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, o.due AS since,"
	" (:today - o.due) / 86400 AS n1, o.n AS n2, o.incident_id AS n3, o.text AS t1,"
	" CASE WHEN o.status = 'done' AND o.done <= :as_of THEN 'done' END AS t2, NULL AS t3,"
	" coalesce(o.assignee_id, c.owner_id) AS assignee_id"
	" FROM (SELECT DISTINCT ON (v.client_id) v.client_id, n.due, x.id AS incident_id,"
	"   x.text, n.status, n.done, n.assignee_id,"
	"   count(*) OVER (PARTITION BY v.client_id) AS n"
	"   FROM vip_survey v JOIN incident x ON x.id = v.incident_id"
	"   JOIN next_action n ON n.id = v.remedy_id JOIN client c ON c.id = v.client_id"
	"   WHERE x.created <= :as_of AND (x.status = 'open' OR x.resolved > :as_of)"
	"   AND n.due < :today - :audit_quality_unremedied_days * 86400 AND " OWNED
	"   ORDER BY v.client_id, n.due, v.id) o"
	" JOIN client c ON c.id = o.client_id";

static const char pg_trainee_unsupervised[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(i.at) AS since,"
	" (:as_of - min(i.at)) / 86400 AS n1, :audit_trainee_unsupervised_days AS n2,"
	" count(*) AS n3, tr.name AS t1, mt.name AS t2, NULL AS t3,"
	" CASE WHEN mt.status <> 'left' THEN mt.id END AS assignee_id, tr.id AS o1"
	" FROM manager tr JOIN interaction i ON i.kind = 'meeting' AND " AUTHOR_IS("i", "tr")
	" JOIN client c ON c.id = i.client_id LEFT JOIN manager mt ON mt.id = tr.mentor_id"
	" WHERE tr.trainee = 1 AND (tr.trainee_until IS NULL OR i.at < tr.trainee_until + 86400)"
	" AND i.at <= :as_of - :audit_trainee_unsupervised_days * 86400 AND " LIVE " AND " OWNED
	" AND NOT EXISTS (SELECT 1 FROM interaction j JOIN manager s"
	"   ON (s.id = tr.mentor_id OR s.role = 'head') AND " AUTHOR_IS("j", "s")
	"   WHERE j.client_id = i.client_id AND j.at >= i.at AND j.at <= :as_of)"
	" AND NOT (" NO_CONTROL_CALL_SEES("i") ")"
	" GROUP BY c.id, tr.id, mt.id";

#define PG_LATE_MOVE                                                                        \
	"(n.kind = 'meeting' AND m.by = 'manager' AND " RECENT("m.at")                      \
	" AND CASE WHEN m.from_timed = 1 THEN m.from_due ELSE m.from_due - :zone_offset END" \
	"   - m.at < :audit_rescheduled_hours * 3600)"
static const char pg_rescheduled[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, mv.at AS since,"
	" g.moves AS n1, mv.from_due AS n2, mv.to_due AS n3, mv.reason AS t1,"
	" CASE WHEN g.late_id IS NOT NULL THEN 'L' ELSE 'M' END || mv.from_timed"
	"   || mv.to_timed || n.kind AS t2, mv.by AS t3" TO_HEADS ", g.action_id AS o1"
	" FROM (SELECT m.action_id, count(*) AS moves, max(m.id) AS last_id,"
	"   max(CASE WHEN " PG_LATE_MOVE " THEN m.id END) AS late_id"
	"   FROM next_move m JOIN next_action n ON n.id = m.action_id"
	"   WHERE m.at <= :as_of GROUP BY m.action_id"
	"   HAVING " RECENT("max(m.at)")
	"   AND (max(CASE WHEN " PG_LATE_MOVE " THEN m.id END) IS NOT NULL"
	"     OR count(*) >= :audit_rescheduled_moves)) g"
	" JOIN next_move mv ON mv.id = coalesce(g.late_id, g.last_id)"
	" JOIN next_action n ON n.id = g.action_id JOIN client c ON c.id = n.client_id"
	" WHERE n.created <= :as_of AND " LIVE " AND " OWNED;

/*
 * crm_name_key(x) in SQL: the words of x (what lies between separators)
 * but the legal forms, one after the other; x as it is when nothing is
 * left. NAME_SEP is is_separator() below as a class of the regular
 * expression: keep the two the same. (Splitting into words costs a fifth
 * of a regular expression that drops the legal forms in place.)
 */
#define NAME_SEP                                                                            \
	"[\\u0001-\\u002f\\u003a-\\u0040\\u005b-\\u0060\\u007b-\\u00bf\\u00d7\\u00f7"       \
	"\\u2000-\\u206f\\u2100-\\u214f\\u3000-\\u303f\\ufeff]"
#define FORM_ELT(f) ", '" f "'"
#define PG_NAME_KEY(x)                                                                      \
	"coalesce(nullif(array_to_string(ARRAY(SELECT w FROM unnest(regexp_split_to_array("  \
	x ", '" NAME_SEP "+')) WITH ORDINALITY AS t(w, n) WHERE w <> ALL (ARRAY['"             \
	LEGAL_FORM_FIRST "'" LEGAL_FORMS_MORE(FORM_ELT) "]) ORDER BY n), ''), ''), " x ")"
#define PG_PHONE_KEY(k)                                                                     \
	"right(replace(replace(replace(replace(replace(" k ".phone, ' ', ''), '-', ''),"    \
	" '(', ''), ')', ''), '+', ''), 10)"
#define PG_SHARED(what, key, col, minlen)                                                    \
	" SELECT c.id, c.name, c.owner_id, c.created, e.first, NULL, NULL, '" what "',"    \
	" f.name, e.k, c.owner_id, e.k, NULL"                                               \
	" FROM (WITH g AS MATERIALIZED (SELECT " key("ct") " AS k,"                         \
	"   min(ct.client_id) AS first FROM contact ct"                                     \
	"   WHERE :audit_duplicate_contacts = 1 AND ct." col " IS NOT NULL GROUP BY 1"      \
	"   HAVING length(" key("ct") ") >= " minlen                                        \
	"   AND min(ct.client_id) <> max(ct.client_id))"                                    \
	SHARED_PAIRS(key, col)

static const char pg_duplicate[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.created AS since,"
	" d.first AS n1, NULL AS n2, NULL AS n3, 'name' AS t1, f.name AS t2, NULL AS t3"
	TO_C_OWNER ", d.k AS o1, d.name_fold AS o2"
	" FROM (SELECT id, first, k, name_fold FROM (SELECT id, k, name_fold,"
	"     min(id) OVER (PARTITION BY k) AS first FROM (SELECT c.id, c.name_fold, "
	PG_NAME_KEY("c.name_fold") " AS k FROM client c) AS q) AS w"
	"   WHERE id <> first) d"
	" JOIN client c ON c.id = d.id JOIN client f ON f.id = d.first"
	" WHERE " OWNED
	" UNION ALL" PG_SHARED("email", EMAIL_KEY, "email", "3")
	" UNION ALL" PG_SHARED("phone", PG_PHONE_KEY, "phone", "7");

static const char pg_key_contact_left[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, o.left_on AS since,"
	" (:today - o.left_on) / 86400 AS n1, o.n AS n2, NULL AS n3, o.name AS t1,"
	" NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT DISTINCT ON (k.client_id) k.client_id, k.left_on, k.name,"
	"   count(*) OVER (PARTITION BY k.client_id) AS n"
	"   FROM contact k JOIN client c ON c.id = k.client_id"
	"   WHERE k.is_key = 1 AND k.created <= :as_of AND k.left_on <= :today"
	"   AND " LIVE " AND " OWNED
	"   AND NOT EXISTS (SELECT 1 FROM contact p WHERE p.client_id = c.id AND p.is_key = 1"
	"     AND p.created <= :as_of AND " PRESENT("p") ")"
	"   ORDER BY k.client_id, k.left_on DESC, k.id) o"
	" JOIN client c ON c.id = o.client_id";

#define PG_AUDIT_YEAR "CAST(to_char(to_timestamp(:today) AT TIME ZONE 'UTC', 'YYYY') AS INTEGER)"
#define PG_BDAY_IN(y)                                                                       \
	"(lpad(CAST(" y " AS text), 4, '0') || '-' || CASE WHEN right(k.birthday, 5) = '02-29'" \
	" AND NOT " LEAP(y) " THEN '02-28' ELSE right(k.birthday, 5) END)"
static const char pg_birthday[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, unixepoch(b.day) AS since,"
	" (unixepoch(b.day) - :today) / 86400 AS n1, b.id AS n2,"
	" CASE WHEN length(b.birthday) = 10 THEN CAST(substr(b.day, 1, 4) AS INTEGER)"
	"   - CAST(substr(b.birthday, 1, 4) AS INTEGER) END AS n3,"
	" b.name AS t1, NULL AS t2, NULL AS t3" TO_C_OWNER
	" FROM (SELECT k.id, k.client_id, k.name, k.birthday,"
	"   CASE WHEN " PG_BDAY_IN(PG_AUDIT_YEAR) " >= to_char(to_timestamp(:today)"
	"     AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
	"     THEN " PG_BDAY_IN(PG_AUDIT_YEAR) " ELSE " PG_BDAY_IN(PG_AUDIT_YEAR " + 1") " END AS day"
	"   FROM contact k WHERE k.is_key = 1 AND k.birthday IS NOT NULL"
	"   AND k.created <= :as_of AND " PRESENT("k") ") b"
	" JOIN client c ON c.id = b.client_id"
	" WHERE unixepoch(b.day) - :today <= :audit_birthday_days * 86400"
	" AND " LIVE " AND " OWNED;

typedef void detail_fn(char *buf, size_t n, const struct vals *v);

/* At most max code points of s, with an ellipsis when cut, into buf. */
static const char *clip(const char *s, char *buf, size_t n, size_t max)
{
	size_t i = 0, cps = 0;

	if (!s) {
		s = "";
	}
	while (s[i] && i + 4 < n) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (cps == max) {
				break;
			}
			cps++;
		}
		i++;
	}
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80) {
		i--; /* never end inside a character */
	}
	memcpy(buf, s, i);
	if (s[i]) {
		memcpy(buf + i, "\xe2\x80\xa6", 3); /* … */
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

/* "1 day", "5 days" (Russian «1 день», «2 дня», «5 дней»), into buf. */
const char *crmi_audit_days(char *buf, size_t n, int64_t days)
{
	snprintf(buf, n, P_("%lld day", "%lld days", days), (long long)days);
	return buf;
}

static void more(char *buf, size_t n, int64_t count)
{
	if (count > 1) {
		snprintf(buf, n, _(" (and %lld more)"), (long long)(count - 1));
	} else {
		buf[0] = '\0';
	}
}

static void detail_forgotten(char *buf, size_t n, const struct vals *v)
{
	char why[160], tier[64];
	const char *t = v->t1;

	if (t) {
		if (strcmp(t, "vip") == 0) {
			t = _("a vip client");
		} else if (strcmp(t, "key") == 0) {
			t = _("a key client");
		} else if (strcmp(t, "regular") == 0) {
			t = _("a regular client");
		} else {
			snprintf(tier, sizeof(tier), _("a %s client"), t);
			t = tier;
		}
		snprintf(why, sizeof(why), P_("%s is due every %lld day", "%s is due every %lld days",
					      v->n2), t, (long long)v->n2);
	} else {
		snprintf(why, sizeof(why), P_("this client wants contact every %lld day",
					      "this client wants contact every %lld days", v->n2),
			 (long long)v->n2);
	}
	if (v->n3) {
		snprintf(buf, n, P_("no interaction in the %lld day since the card was created (%s): "
				    "call or meet them, and log it with 'crm note'",
				    "no interaction in the %lld days since the card was created (%s): "
				    "call or meet them, and log it with 'crm note'", v->n1),
			 (long long)v->n1, why);
	} else {
		snprintf(buf, n, P_("no interaction for %lld day (%s): call or meet them, and log it "
				    "with 'crm note'",
				    "no interaction for %lld days (%s): call or meet them, and log it "
				    "with 'crm note'", v->n1),
			 (long long)v->n1, why);
	}
}

static void detail_no_next_action(char *buf, size_t n, const struct vals *v)
{
	if (v->n3) {
		snprintf(buf, n, P_("no open next action since the card was created %lld day ago: a "
				    "card without one gets forgotten; plan one with 'crm next add'",
				    "no open next action since the card was created %lld days ago: a "
				    "card without one gets forgotten; plan one with 'crm next add'",
				    v->n1), (long long)v->n1);
	} else {
		snprintf(buf, n, P_("no open next action since the last one was done %lld day ago: a "
				    "card without one gets forgotten; plan one with 'crm next add'",
				    "no open next action since the last one was done %lld days ago: a "
				    "card without one gets forgotten; plan one with 'crm next add'",
				    v->n1), (long long)v->n1);
	}
}

static void detail_overdue_action(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n1);
	clip(v->t1, text, sizeof(text), 60);
	if (v->n2 < 1) {
		/* a time of today that has come */
		snprintf(buf, n, _("next action '%s' is overdue since today%s: do it, or move it "
				   "with 'crm next move'"), text, m);
		return;
	}
	snprintf(buf, n, P_("next action '%s' is %lld day overdue%s: do it, or move it with "
			    "'crm next move'",
			    "next action '%s' is %lld days overdue%s: do it, or move it with "
			    "'crm next move'", v->n2), text, (long long)v->n2, m);
}

static void detail_no_key_contact(char *buf, size_t n, const struct vals *v)
{
	(void)v;
	snprintf(buf, n, "%s", _("no key contact at this company: find out who decides and add "
				 "them with 'crm contact add --key'"));
}

static void detail_stale_contact(char *buf, size_t n, const struct vals *v)
{
	if (v->n2 > 1) {
		snprintf(buf, n, P_("key contacts last confirmed %lld day ago: key people change; "
				    "check who decides now and run 'crm contact verify'",
				    "key contacts last confirmed %lld days ago: key people change; "
				    "check who decides now and run 'crm contact verify'", v->n1),
			 (long long)v->n1);
	} else {
		snprintf(buf, n, P_("key contact last confirmed %lld day ago: key people change; "
				    "check who decides now and run 'crm contact verify'",
				    "key contact last confirmed %lld days ago: key people change; "
				    "check who decides now and run 'crm contact verify'", v->n1),
			 (long long)v->n1);
	}
}

static void detail_paper_relationship(char *buf, size_t n, const struct vals *v)
{
	char met[96], paper[64], days[48];

	if (v->t1) {
		snprintf(met, sizeof(met), "%s", _("never a meeting or call"));
	} else {
		snprintf(met, sizeof(met), P_("no meeting or call for %lld day",
					      "no meeting or call for %lld days", v->n1),
			 (long long)v->n1);
	}
	snprintf(paper, sizeof(paper), P_("%lld order or email", "%lld orders and emails", v->n2),
		 (long long)v->n2);
	snprintf(buf, n, _("%s in %s, but %s: go and see them; a relationship on paper ends with "
			   "the next competitor who visits"), paper,
		 crmi_audit_days(days, sizeof(days), v->n3), met);
}

static void detail_broken_promise(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];
	const char *t1 = v->t1 ? v->t1 : "promise";

	more(m, sizeof(m), v->n1);
	clip(v->t2, text, sizeof(text), 60);
	if (strcmp(t1, "promise") == 0) {
		snprintf(buf, n, P_("promise '%s' was due %lld day ago%s: keep it, or tell the client "
				    "and agree a new date ('crm promise keep' or 'crm promise break')",
				    "promise '%s' was due %lld days ago%s: keep it, or tell the client "
				    "and agree a new date ('crm promise keep' or 'crm promise break')",
				    v->n2), text, (long long)v->n2, m);
	} else if (strcmp(t1, "guarantee") == 0) {
		snprintf(buf, n, P_("guarantee '%s' was due %lld day ago%s: keep it, or tell the "
				    "client and agree a new date ('crm promise keep' or 'crm promise "
				    "break')",
				    "guarantee '%s' was due %lld days ago%s: keep it, or tell the "
				    "client and agree a new date ('crm promise keep' or 'crm promise "
				    "break')", v->n2), text, (long long)v->n2, m);
	} else if (strcmp(t1, "discount") == 0) {
		snprintf(buf, n, P_("discount '%s' was due %lld day ago%s: keep it, or tell the "
				    "client and agree a new date ('crm promise keep' or 'crm promise "
				    "break')",
				    "discount '%s' was due %lld days ago%s: keep it, or tell the "
				    "client and agree a new date ('crm promise keep' or 'crm promise "
				    "break')", v->n2), text, (long long)v->n2, m);
	} else {
		snprintf(buf, n, P_("%s '%s' was due %lld day ago%s: keep it, or tell the client and "
				    "agree a new date ('crm promise keep' or 'crm promise break')",
				    "%s '%s' was due %lld days ago%s: keep it, or tell the client and "
				    "agree a new date ('crm promise keep' or 'crm promise break')",
				    v->n2), t1, text, (long long)v->n2, m);
	}
}

static void detail_open_conflict(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];
	const char *t1 = v->t1 ? v->t1 : "conflict";

	more(m, sizeof(m), v->n1);
	clip(v->t2, text, sizeof(text), 60);
	if (strcmp(t1, "conflict") == 0) {
		snprintf(buf, n, P_("conflict '%s' unresolved for %lld day%s: an open conflict is a "
				    "time bomb; settle it with the client and run 'crm incident "
				    "resolve'",
				    "conflict '%s' unresolved for %lld days%s: an open conflict is a "
				    "time bomb; settle it with the client and run 'crm incident "
				    "resolve'", v->n2), text, (long long)v->n2, m);
	} else if (strcmp(t1, "mishap") == 0) {
		snprintf(buf, n, P_("mishap '%s' unresolved for %lld day%s: an open conflict is a "
				    "time bomb; settle it with the client and run 'crm incident "
				    "resolve'",
				    "mishap '%s' unresolved for %lld days%s: an open conflict is a "
				    "time bomb; settle it with the client and run 'crm incident "
				    "resolve'", v->n2), text, (long long)v->n2, m);
	} else {
		snprintf(buf, n, P_("%s '%s' unresolved for %lld day%s: an open conflict is a time "
				    "bomb; settle it with the client and run 'crm incident resolve'",
				    "%s '%s' unresolved for %lld days%s: an open conflict is a time "
				    "bomb; settle it with the client and run 'crm incident resolve'",
				    v->n2), t1, text, (long long)v->n2, m);
	}
}

static void detail_storm(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, P_("in the storm stage for %lld day: the critical stage; find the cause "
			    "of the problems, fix it with the client and move the stage on",
			    "in the storm stage for %lld days: the critical stage; find the cause "
			    "of the problems, fix it with the client and move the stage on", v->n1),
		 (long long)v->n1);
}

static void detail_silent_client(char *buf, size_t n, const struct vals *v)
{
	if (v->n3) {
		snprintf(buf, n, P_("not one complaint, feedback or survey in %lld day: silence is a "
				    "warning too; ask how satisfied they are and log the answer with "
				    "'crm note --kind feedback'",
				    "not one complaint, feedback or survey in %lld days: silence is a "
				    "warning too; ask how satisfied they are and log the answer with "
				    "'crm note --kind feedback'", v->n1), (long long)v->n1);
	} else {
		snprintf(buf, n, P_("no complaint, feedback or survey for %lld day: silence is a "
				    "warning too; ask how satisfied they are and log the answer with "
				    "'crm note --kind feedback'",
				    "no complaint, feedback or survey for %lld days: silence is a "
				    "warning too; ask how satisfied they are and log the answer with "
				    "'crm note --kind feedback'", v->n1), (long long)v->n1);
	}
}

static void detail_handover_pending(char *buf, size_t n, const struct vals *v)
{
	char to[256];

	clip(v->t1, to, sizeof(to), 60);
	snprintf(buf, n, P_("handover %lld to %s waits for acceptance since %lld day: the client "
			    "hangs between two managers; %s accepts it ('crm handover accept %lld') "
			    "or declines it with a reason",
			    "handover %lld to %s waits for acceptance since %lld days: the client "
			    "hangs between two managers; %s accepts it ('crm handover accept %lld') "
			    "or declines it with a reason", v->n1),
		 (long long)v->n2, to, (long long)v->n1, to, (long long)v->n2);
}

static void detail_handover_no_notice(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, P_("handover %lld was accepted %lld day ago and the client was not told: "
			    "they will call the old manager; send 'crm handover notice %lld' and "
			    "record it with 'crm handover notice --sent %lld'",
			    "handover %lld was accepted %lld days ago and the client was not told: "
			    "they will call the old manager; send 'crm handover notice %lld' and "
			    "record it with 'crm handover notice --sent %lld'", v->n1),
		 (long long)v->n2, (long long)v->n1, (long long)v->n2, (long long)v->n2);
}

static void detail_handover_no_first_action(char *buf, size_t n, const struct vals *v)
{
	char to[256], text[256];

	clip(v->t2, text, sizeof(text), 80);
	clip(v->t1, to, sizeof(to), 60);
	snprintf(buf, n, P_("the first action of handover %lld, '%s', was due %lld day ago and %s "
			    "has logged nothing with the client since taking it over: call them now",
			    "the first action of handover %lld, '%s', was due %lld days ago and %s "
			    "has logged nothing with the client since taking it over: call them now",
			    v->n1), (long long)v->n2, text, (long long)v->n1, to);
}

static void detail_client_requests(char *buf, size_t n, const struct vals *v)
{
	char times[48], days[48];

	snprintf(times, sizeof(times), P_("%lld time", "%lld times", v->n1), (long long)v->n1);
	snprintf(buf, n, _("asked %s in %s for a new manager: the head of sales talks to the "
			   "client before anyone hands it over again"), times,
		 crmi_audit_days(days, sizeof(days), v->n2));
}

static void detail_vacation_return(char *buf, size_t n, const struct vals *v)
{
	char from[256], cover[256];

	clip(v->t2, cover, sizeof(cover), 60);
	if (!v->t1) {
		snprintf(buf, n, P_("the cover by %s (handover %lld) ended %lld day ago and the "
				    "client is not back with its manager: give it back with 'crm "
				    "handover plan --return \"\"'",
				    "the cover by %s (handover %lld) ended %lld days ago and the "
				    "client is not back with its manager: give it back with 'crm "
				    "handover plan --return \"\"'", v->n1),
			 cover, (long long)v->n2, (long long)v->n1);
		return;
	}
	clip(v->t1, from, sizeof(from), 60);
	snprintf(buf, n, P_("the cover by %s (handover %lld) ended %lld day ago and the client is "
			    "not back with %s: give it back with 'crm handover plan --return \"%s\"'",
			    "the cover by %s (handover %lld) ended %lld days ago and the client is "
			    "not back with %s: give it back with 'crm handover plan --return \"%s\"'",
			    v->n1), cover, (long long)v->n2, (long long)v->n1, from, from);
}

static void detail_over_capacity(char *buf, size_t n, const struct vals *v)
{
	char clients[64];

	snprintf(clients, sizeof(clients), P_("%lld live client", "%lld live clients", v->n1),
		 (long long)v->n1);
	snprintf(buf, n, _("holds %s for a capacity of %lld: hand some over to a colleague, or "
			   "raise the capacity with 'crm manager edit --capacity'"), clients,
		 (long long)v->n2);
}

static void detail_vip_not_surveyed(char *buf, size_t n, const struct vals *v)
{
	char prog[256], name[256], who[320];

	if (v->t1 && strcmp(v->t1, "item") == 0) {
		if (v->t3) {
			snprintf(who, sizeof(who), _("%s should meet them"),
				 clip(v->t3, name, sizeof(name), 60));
		} else {
			snprintf(who, sizeof(who), "%s", _("nobody is assigned yet: run 'crm vip "
							   "assign --apply'"));
		}
		snprintf(buf, n, P_("still to survey in the VIP programme '%s', %lld day past its "
				    "due date: %s, then run 'crm vip survey'",
				    "still to survey in the VIP programme '%s', %lld days past its "
				    "due date: %s, then run 'crm vip survey'", v->n1),
			 clip(v->t2, prog, sizeof(prog), 60), (long long)v->n1, who);
		return;
	}
	if (v->n2) {
		snprintf(buf, n, P_("never surveyed in %lld day: renew the relations and the key "
				    "contacts in a VIP survey ('crm vip survey')",
				    "never surveyed in %lld days: renew the relations and the key "
				    "contacts in a VIP survey ('crm vip survey')", v->n1),
			 (long long)v->n1);
	} else {
		snprintf(buf, n, P_("no VIP survey for %lld day: renew the relations and the key "
				    "contacts in a VIP survey ('crm vip survey')",
				    "no VIP survey for %lld days: renew the relations and the key "
				    "contacts in a VIP survey ('crm vip survey')", v->n1),
			 (long long)v->n1);
	}
}

static void detail_quality_unremedied(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n2);
	clip(v->t1, text, sizeof(text), 80);
	snprintf(buf, n, P_("quality incident '%s': the technical work was due %lld day ago%s%s: "
			    "restore the quality, confirm it with the client and run 'crm incident "
			    "resolve %lld'",
			    "quality incident '%s': the technical work was due %lld days ago%s%s: "
			    "restore the quality, confirm it with the client and run 'crm incident "
			    "resolve %lld'", v->n1),
		 text, (long long)v->n1, m,
		 v->t2 ? _(" and is marked done, but the quality incident is still open") : "",
		 (long long)v->n3);
}

static void detail_orphaned(char *buf, size_t n, const struct vals *v)
{
	char who[256];

	clip(v->t2, who, sizeof(who), 60);
	if (v->t1 && strcmp(v->t1, "left") == 0) {
		snprintf(buf, n, _("its manager %s has left and nobody looks after the client: hand "
				   "the clients over with 'crm handover plan --from \"%s\" --reason "
				   "leaving'"), who, who);
	} else if (v->t1) {
		snprintf(buf, n, _("its manager %s is on vacation and no cover holds the client: "
				   "plan one with 'crm handover plan --from \"%s\" --reason vacation "
				   "--until <date>'"), who, who);
	} else {
		snprintf(buf, n, "%s", _("the client has no manager: give it to one with 'crm "
					 "handover <client> --to <manager>'"));
	}
}

static void detail_trainee_unsupervised(char *buf, size_t n, const struct vals *v)
{
	char trainee[256], mentor[256], m[80], ago[48], after[48];

	if (v->n3 > 1) {
		snprintf(m, sizeof(m), P_(" (and %lld more meeting since)",
					  " (and %lld more meetings since)", v->n3 - 1),
			 (long long)(v->n3 - 1));
	} else {
		m[0] = '\0';
	}
	clip(v->t1, trainee, sizeof(trainee), 60);
	crmi_audit_days(ago, sizeof(ago), v->n1);
	crmi_audit_days(after, sizeof(after), v->n2);
	if (v->t2) {
		snprintf(buf, n, _("the trainee %s met the client %s ago%s and neither %s nor a head "
				   "of sales has logged anything with them in the %s after: call the "
				   "client to check how it went, and log it with 'crm note'"),
			 trainee, ago, m, clip(v->t2, mentor, sizeof(mentor), 60), after);
	} else {
		snprintf(buf, n, _("the trainee %s met the client %s ago%s and neither a mentor nor "
				   "a head of sales has logged anything with them in the %s after: "
				   "call the client to check how it went, and log it with 'crm note'"),
			 trainee, ago, m, after);
	}
}

/* A due of a move: a time in the team's zone, or a date. */
static const char *when(int64_t t, bool timed, char *buf, size_t n)
{
	return timed ? crm_local_format(t, buf, n) : crm_date_format(t, buf, n);
}

/* "2026-11-24 10:00 → 11:00": the second without its date when the same. */
static void move_span(const struct vals *v, bool ft, bool tt, char *buf, size_t n)
{
	char from[32], to[32];

	when(v->n2, ft, from, sizeof(from));
	when(v->n3, tt, to, sizeof(to));
	if (ft && tt && strncmp(from, to, 11) == 0) {
		snprintf(buf, n, "%s → %s", from, to + 11);
	} else {
		snprintf(buf, n, "%s → %s", from, to);
	}
}

/* An action moved again and again: the sentence of its kind. */
static void detail_moved_often(char *buf, size_t n, const struct vals *v, const char *kind,
			       const char *span, const char *reason)
{
	const char *by = v->t3 ? v->t3 : "manager";
	char who[64];

	if (strcmp(by, "manager") == 0) {
		snprintf(who, sizeof(who), "%s", _("by the manager"));
	} else if (strcmp(by, "client") == 0) {
		snprintf(who, sizeof(who), "%s", _("by the client"));
	} else {
		snprintf(who, sizeof(who), _("by the %s"), by);
	}
	if (strcmp(kind, "meeting") == 0) {
		snprintf(buf, n, P_("the meeting has been moved %lld time, the last %s %s: %s: find "
				    "out why it keeps moving",
				    "the meeting has been moved %lld times, the last %s %s: %s: find "
				    "out why it keeps moving", v->n1),
			 (long long)v->n1, span, who, reason);
	} else if (strcmp(kind, "call") == 0) {
		snprintf(buf, n, P_("the call has been moved %lld time, the last %s %s: %s: find out "
				    "why it keeps moving",
				    "the call has been moved %lld times, the last %s %s: %s: find out "
				    "why it keeps moving", v->n1),
			 (long long)v->n1, span, who, reason);
	} else if (strcmp(kind, "letter") == 0) {
		snprintf(buf, n, P_("the letter has been moved %lld time, the last %s %s: %s: find "
				    "out why it keeps moving",
				    "the letter has been moved %lld times, the last %s %s: %s: find "
				    "out why it keeps moving", v->n1),
			 (long long)v->n1, span, who, reason);
	} else if (strcmp(kind, "task") == 0) {
		snprintf(buf, n, P_("the task has been moved %lld time, the last %s %s: %s: find out "
				    "why it keeps moving",
				    "the task has been moved %lld times, the last %s %s: %s: find out "
				    "why it keeps moving", v->n1),
			 (long long)v->n1, span, who, reason);
	} else {
		snprintf(buf, n, P_("the %s has been moved %lld time, the last %s %s: %s: find out "
				    "why it keeps moving",
				    "the %s has been moved %lld times, the last %s %s: %s: find out "
				    "why it keeps moving", v->n1),
			 kind, (long long)v->n1, span, who, reason);
	}
}

static void detail_rescheduled(char *buf, size_t n, const struct vals *v)
{
	const char *t2 = v->t2 ? v->t2 : "M00task";
	bool late = t2[0] == 'L', ft = t2[1] == '1', tt = t2[2] == '1';
	const char *kind = t2[0] && t2[1] && t2[2] ? t2 + 3 : "task";
	char span[96], reason[256], before[64], m[80];
	/* the meeting's time: a date from the start of its day in the zone */
	int64_t start = ft ? v->n2 : v->n2 - crm_local_offset(v->n2);
	int64_t ahead = start - v->since;

	clip(v->t1, reason, sizeof(reason), 80);
	move_span(v, ft, tt, span, sizeof(span));
	if (!late) {
		detail_moved_often(buf, n, v, kind, span, reason);
		return;
	}
	if (ahead < 0) {
		snprintf(before, sizeof(before), "%s", _("after its time had passed"));
	} else if (ahead < 3600) {
		snprintf(before, sizeof(before), P_("%lld minute before", "%lld minutes before",
						    ahead / 60), (long long)(ahead / 60));
	} else {
		snprintf(before, sizeof(before), P_("%lld hour before", "%lld hours before",
						    ahead / 3600), (long long)(ahead / 3600));
	}
	if (v->n1 > 1) {
		snprintf(m, sizeof(m), _(" (moved %lld times in all)"), (long long)v->n1);
	} else {
		m[0] = '\0';
	}
	/* a late move is of a meeting (LATE_MOVE) */
	snprintf(buf, n, _("the meeting was moved %s by the manager %s: %s%s: moving a meeting "
			   "for the manager's own reasons is unacceptable; call the client to check"),
		 span, before, reason, m);
}

static void detail_late_meeting(char *buf, size_t n, const struct vals *v)
{
	char who[256], at[32];

	snprintf(buf, n, P_("%s came %lld minute late to the meeting of %s (the limit is %lld): "
			    "talk it over, and call the client to smooth it out",
			    "%s came %lld minutes late to the meeting of %s (the limit is %lld): "
			    "talk it over, and call the client to smooth it out", v->n1),
		 clip(v->t1, who, sizeof(who), 60), (long long)v->n1,
		 crm_day_start(v->since) == v->since ? crm_date_format(v->since, at, sizeof(at)) :
						       crm_local_format(v->since, at, sizeof(at)),
		 (long long)v->n2);
}

static void detail_no_control_call(char *buf, size_t n, const struct vals *v)
{
	char who[256], mentor[256];

	clip(v->t1, who, sizeof(who), 60);
	if (v->t2) {
		snprintf(buf, n, P_("the first meeting with the client, by the trainee %s, was %lld "
				    "day ago and neither the mentor %s nor a head of sales has talked "
				    "to the client since: make the control call and log it with 'crm "
				    "note'",
				    "the first meeting with the client, by the trainee %s, was %lld "
				    "days ago and neither the mentor %s nor a head of sales has talked "
				    "to the client since: make the control call and log it with 'crm "
				    "note'", v->n1),
			 who, (long long)v->n1, clip(v->t2, mentor, sizeof(mentor), 60));
	} else {
		snprintf(buf, n, P_("the first meeting with the client, by %s, was %lld day ago and "
				    "no head of sales has talked to the client since: make the control "
				    "call (how did the meeting go?) and log it with 'crm note'",
				    "the first meeting with the client, by %s, was %lld days ago and "
				    "no head of sales has talked to the client since: make the control "
				    "call (how did the meeting go?) and log it with 'crm note'", v->n1),
			 who, (long long)v->n1);
	}
}

static void detail_duplicate(char *buf, size_t n, const struct vals *v)
{
	char name[256], val[256];

	clip(v->t2, name, sizeof(name), 60);
	if (v->t1 && strcmp(v->t1, "name") == 0) {
		snprintf(buf, n, _("the same name as client %lld '%s' once case, punctuation and "
				   "legal form are set aside: merge the cards or tell them apart"),
			 (long long)v->n1, name);
		return;
	}
	clip(v->t3, val, sizeof(val), 60);
	if (v->t1 && strcmp(v->t1, "email") == 0) {
		snprintf(buf, n, _("shares the email '%s' with client %lld '%s': merge the cards or "
				   "correct the contact"), val, (long long)v->n1, name);
	} else if (v->t1 && strcmp(v->t1, "phone") == 0) {
		snprintf(buf, n, _("shares the phone '%s' with client %lld '%s': merge the cards or "
				   "correct the contact"), val, (long long)v->n1, name);
	} else {
		snprintf(buf, n, _("shares the %s '%s' with client %lld '%s': merge the cards or "
				   "correct the contact"), v->t1 ? v->t1 : "contact", val,
			 (long long)v->n1, name);
	}
}

static void detail_key_contact_left(char *buf, size_t n, const struct vals *v)
{
	char who[256];

	clip(v->t1, who, sizeof(who), 60);
	if (v->n2 > 1) {
		snprintf(buf, n, P_("every key contact has left, the last, %s, %lld day ago: find "
				    "out who decides now and add them with 'crm contact add --key'",
				    "every key contact has left, the last, %s, %lld days ago: find "
				    "out who decides now and add them with 'crm contact add --key'",
				    v->n1), who, (long long)v->n1);
	} else {
		snprintf(buf, n, P_("the key contact %s left %lld day ago: find out who decides now "
				    "and add them with 'crm contact add --key'",
				    "the key contact %s left %lld days ago: find out who decides now "
				    "and add them with 'crm contact add --key'", v->n1),
			 who, (long long)v->n1);
	}
}

static void detail_birthday(char *buf, size_t n, const struct vals *v)
{
	char who[256], day[16], age[64];

	clip(v->t1, who, sizeof(who), 60);
	crm_date_format(v->since, day, sizeof(day));
	if (v->n3 > 0) {
		snprintf(age, sizeof(age), P_(", turning %lld", ", turning %lld", v->n3),
			 (long long)v->n3);
	} else {
		age[0] = '\0';
	}
	if (v->n1 < 1) {
		snprintf(buf, n, _("%s (contact %lld) has a birthday today%s: congratulate them"),
			 who, (long long)v->n2, age);
		return;
	}
	snprintf(buf, n, P_("%s (contact %lld) has a birthday on %s, in %lld day%s: "
			    "prepare the congratulations",
			    "%s (contact %lld) has a birthday on %s, in %lld days%s: "
			    "prepare the congratulations", v->n1),
		 who, (long long)v->n2, day, (long long)v->n1, age);
}

#define KEYS(...) (const char *const[]){ __VA_ARGS__, NULL }
#define NO_KEYS (const char *const[]){ NULL }

/* The registry, in the order of crm-audit(1). A rule whose feature does
 * not exist yet has no SQL: it is listed, and reports nothing. */
const struct crm_audit_rule crmi_audit_rules[] = {
	{ "forgotten", CRM_SEVERITY_WARN,
	  N_("no interaction of any kind for longer than the client's own contact frequency, "
	     "else its tier's: clients are lost silently"),
	  KEYS("audit.forgotten.days.vip", "audit.forgotten.days.key",
	       "audit.forgotten.days.regular"), NULL,
	  "owner" },
	{ "no-next-action", CRM_SEVERITY_WARN,
	  N_("a live client without an open next action: a card without one gets forgotten"),
	  KEYS("audit.no-next-action.days"), NULL,
	  "owner" },
	{ "overdue-action", CRM_SEVERITY_WARN,
	  N_("a next action past its due date: the promised call did not happen"),
	  KEYS("audit.overdue-action.days"), NULL,
	  "owner" },
	{ "no-key-contact", CRM_SEVERITY_WARN,
	  N_("a company client without a key contact: nobody to talk to when it matters"),
	  KEYS("audit.no-key-contact.days"), NULL,
	  "owner" },
	{ "stale-contact", CRM_SEVERITY_INFO,
	  N_("no key contact confirmed for a long time: key people change, and the new ones "
	     "do not know us"),
	  KEYS("audit.stale-contact.days"), NULL,
	  "owner" },
	{ "paper-relationship", CRM_SEVERITY_WARN,
	  N_("orders or emails go on but no meeting or call for long: the relationship lives "
	     "on paper only"),
	  KEYS("audit.paper-relationship.days"), NULL,
	  "owner" },
	{ "broken-promise", CRM_SEVERITY_ERROR,
	  N_("an open promise, guarantee or discount past its due date: trust is broken"),
	  KEYS("audit.broken-promise.days"), NULL,
	  "owner" },
	{ "open-conflict", CRM_SEVERITY_ERROR,
	  N_("a conflict or mishap left unresolved: an open conflict is a time bomb"),
	  KEYS("audit.open-conflict.days"), NULL,
	  "owner" },
	{ "storm", CRM_SEVERITY_WARN,
	  N_("a client stuck in the storm stage: the first problems decide whether they stay"),
	  KEYS("audit.storm.days"), NULL,
	  "owner" },
	{ "silent-client", CRM_SEVERITY_INFO,
	  N_("a client of long standing with no complaint, feedback or survey for long: "
	     "silence is a warning too"),
	  KEYS("audit.silent-client.days"), NULL,
	  "owner" },
	{ "handover-pending", CRM_SEVERITY_WARN,
	  N_("a handover not accepted in time: the client hangs between two managers"),
	  KEYS("audit.handover-pending.days"), NULL,
	  "receiver" },
	{ "handover-no-notice", CRM_SEVERITY_WARN,
	  N_("an accepted handover the client was not told of: they call the old manager"),
	  KEYS("audit.handover-no-notice.days"), NULL,
	  "receiver" },
	{ "handover-no-first-action", CRM_SEVERITY_ERROR,
	  N_("a handover's next action due with no interaction by the new owner since"),
	  KEYS("audit.handover-no-first-action.days"), NULL,
	  "receiver" },
	{ "client-requests", CRM_SEVERITY_WARN,
	  N_("a client asking again and again for a new manager: the head of sales should "
	     "talk to them"),
	  KEYS("audit.client-requests.days", "handover.client_request_escalation"), NULL,
	  "heads" },
	{ "vacation-return", CRM_SEVERITY_WARN,
	  N_("a temporary handover past its end with the clients not given back"),
	  KEYS("audit.vacation-return.days"), NULL,
	  "heads" },
	{ "over-capacity", CRM_SEVERITY_WARN,
	  N_("a manager holding more clients than the capacity: someone will be forgotten"),
	  KEYS("audit.over-capacity.margin"), NULL,
	  "heads" },
	{ "vip-not-surveyed", CRM_SEVERITY_WARN,
	  N_("a vip or key client not surveyed for long, or an overdue item of the programme"),
	  KEYS("audit.vip-not-surveyed.days"), NULL,
	  "surveyor" },
	{ "quality-unremedied", CRM_SEVERITY_ERROR,
	  N_("bad quality found by a survey whose remedy is past due"),
	  KEYS("audit.quality-unremedied.days"), NULL,
	  "remedy" },
	{ "duplicate", CRM_SEVERITY_INFO,
	  N_("two cards for one client: the same name once case, punctuation and legal form "
	     "are set aside, or a shared email or phone"),
	  KEYS("audit.duplicate.contacts"), NULL,
	  "owner" },
	{ "orphaned", CRM_SEVERITY_ERROR,
	  N_("a live client whose manager has left, or is on vacation with no cover: nobody "
	     "looks after it"),
	  NO_KEYS, NULL, "heads" },
	{ "trainee-unsupervised", CRM_SEVERITY_WARN,
	  N_("a trainee's meeting with a client that neither the mentor nor a head followed "
	     "up within the days: clients are no guinea pigs"),
	  KEYS("audit.trainee-unsupervised.days"), NULL, "mentor" },
	{ "rescheduled", CRM_SEVERITY_WARN,
	  N_("a meeting moved by the manager shortly before its time, or an action moved again "
	     "and again: the head's blind zone"),
	  KEYS("audit.rescheduled.hours", "audit.rescheduled.moves"), NULL, "heads" },
	{ "late-meeting", CRM_SEVERITY_WARN,
	  N_("a manager came late to a meeting: the client waited"),
	  KEYS("audit.late-meeting.minutes"), NULL, "heads" },
	{ "no-control-call", CRM_SEVERITY_INFO,
	  N_("a first meeting with a client that no head (or the trainee's mentor) followed up "
	     "with a control call"),
	  KEYS("audit.no-control-call.days"), NULL, "mentor" },
	{ "key-contact-left", CRM_SEVERITY_WARN,
	  N_("every key contact of a client has left: the new people there do not know us"),
	  NO_KEYS, NULL, "owner" },
	{ "birthday", CRM_SEVERITY_INFO,
	  N_("a key contact's birthday is near: a word on the day is remembered"),
	  KEYS("audit.birthday.days"), NULL, "owner" },
};

_Static_assert(ARRAY_SIZE(crmi_audit_rules) == CRMI_AUDIT_NRULES,
	       "CRMI_AUDIT_NRULES counts the rules");

/*
 * How each rule runs, index by index with crmi_audit_rules[]: NULL sql =
 * not yet; heads true: the heads of sales act on the findings whose
 * assignee_id is NULL. To build one, write its query with the eleven
 * columns of the comment at the top of audit.c (binding :as_of, :today,
 * :owner and its keys), a detail function, and its unit tests (a case
 * found, one just under the threshold, the key honoured, who acts); then
 * clear .needs in crmi_audit_rules[] and rewrite the floor with
 * bench/audit.sh --floor.
 */
/* SQLite's order of the rows of a rule, for PostgreSQL (pg_order): the
 * handovers by the index handover_status (created, id), the meetings by
 * the index interaction_author (author_id, at, id) */
#define ORDER_HANDOVER "(SELECT h.created FROM handover h WHERE h.id = f.n2), f.n2"
#define ORDER_MEETING "(SELECT i.author_id FROM interaction i WHERE i.id = f.n3), f.since, f.n3"

const struct crmi_audit_impl crmi_audit_impl[] = {
	{ sql_forgotten, NULL, "f.client_id",
	  detail_forgotten, false },
	{ sql_no_next_action, NULL, "f.client_id",
	  detail_no_next_action, false },
	{ sql_overdue_action, pg_overdue_action, "f.client_id",
	  detail_overdue_action, false },
	{ sql_no_key_contact, NULL, "f.client_id",
	  detail_no_key_contact, false },
	{ sql_stale_contact, NULL, "f.client_id",
	  detail_stale_contact, false },
	{ sql_paper_relationship, NULL, "f.client_id",
	  detail_paper_relationship, false },
	{ sql_broken_promise, pg_broken_promise, "f.client_id",
	  detail_broken_promise, false },
	{ sql_open_conflict, pg_open_conflict, "f.client_id",
	  detail_open_conflict, false },
	{ sql_storm, NULL, "f.client_id",
	  detail_storm, false },
	{ sql_silent_client, NULL, "f.client_id",
	  detail_silent_client, false },
	{ sql_handover_pending, NULL, "f.n2",
	  detail_handover_pending, false },
	{ sql_handover_no_notice, NULL, ORDER_HANDOVER,
	  detail_handover_no_notice, false },
	{ sql_handover_no_first_action, NULL, ORDER_HANDOVER,
	  detail_handover_no_first_action, false },
	{ sql_client_requests, pg_client_requests, "f.client_id, hd.k",
	  detail_client_requests, true },
	{ sql_vacation_return, NULL, ORDER_HANDOVER ", hd.k",
	  detail_vacation_return, true },
	{ sql_over_capacity, NULL, "f.owner_id, hd.k",
	  detail_over_capacity, true },
	{ sql_vip_not_surveyed, pg_vip_not_surveyed, "f.t1 = 'survey', f.o1",
	  detail_vip_not_surveyed, false },
	{ sql_quality_unremedied, pg_quality_unremedied, "f.client_id",
	  detail_quality_unremedied, false },
	{ sql_duplicate, pg_duplicate, "CASE f.t1 WHEN 'name' THEN 0 WHEN 'email' THEN 1 ELSE 2 END,"
	  " f.o1 COLLATE \"C\", f.o2 COLLATE \"C\" NULLS FIRST, f.client_id",
	  detail_duplicate, false },
	{ sql_orphaned, NULL, "f.client_id, hd.k",
	  detail_orphaned, true },
	{ sql_trainee_unsupervised, pg_trainee_unsupervised, "f.client_id, f.o1, hd.k",
	  detail_trainee_unsupervised, true },
	{ sql_rescheduled, pg_rescheduled, "f.o1, hd.k",
	  detail_rescheduled, true },
	{ sql_late_meeting, NULL, ORDER_MEETING ", hd.k",
	  detail_late_meeting, true },
	{ sql_no_control_call, NULL, ORDER_MEETING ", hd.k",
	  detail_no_control_call, true },
	{ sql_key_contact_left, pg_key_contact_left, "f.client_id",
	  detail_key_contact_left, false },
	{ sql_birthday, pg_birthday, "f.n2",
	  detail_birthday, false },
};

_Static_assert(ARRAY_SIZE(crmi_audit_impl) == ARRAY_SIZE(crmi_audit_rules),
	       "one impl per rule");

const struct crm_audit_rule *crm_audit_rules(size_t *n)
{
	*n = CRMI_AUDIT_NRULES;
	return crmi_audit_rules;
}

int crmi_audit_rule_index(const char *id)
{
	for (size_t i = 0; id && i < CRMI_AUDIT_NRULES; i++) {
		if (strcmp(crmi_audit_rules[i].id, id) == 0) {
			return (int)i;
		}
	}
	return -1;
}

const struct crm_audit_rule *crm_audit_rule_find(const char *id)
{
	int i = crmi_audit_rule_index(id);

	return i < 0 ? NULL : &crmi_audit_rules[i];
}

/* ---- keys for the duplicate rule ---------------------------------------- */

/* Decodes one UTF-8 code point at s (a stray byte decodes as itself). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t n = *s < 0x80 ? 1 : *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;

	*cp = n == 1 ? *s : (uint32_t)(*s & (0x7f >> n));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = *s;
			return 1;
		}
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	return n;
}

/* Punctuation, quotes, spaces and symbols: what separates words. */
static bool is_separator(uint32_t cp)
{
	if (cp < 0x80) {
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	}
	return cp <= 0xbf                       /* Latin-1: nbsp « » § © ® ... */
	       || cp == 0xd7 || cp == 0xf7       /* × ÷ */
	       || (cp >= 0x2000 && cp <= 0x206f) /* general punctuation: “ ” „ – — … */
	       || (cp >= 0x2100 && cp <= 0x214f) /* letterlike: № ™ */
	       || (cp >= 0x3000 && cp <= 0x303f) /* CJK punctuation */
	       || cp == 0xfeff;
}

#define FORM_ITEM(f) f,
/* Legal forms, folded, as whole words (LEGAL_FORMS_MORE, above). */
static const char *const legal_forms[] = { LEGAL_FORM_FIRST, LEGAL_FORMS_MORE(FORM_ITEM) };

static bool is_legal_form(const char *w, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(legal_forms); i++) {
		if (strlen(legal_forms[i]) == n && memcmp(legal_forms[i], w, n) == 0) {
			return true;
		}
	}
	return false;
}

/* The key of an already folded name into a malloc'd string. */
static char *name_key(const char *fold)
{
	const unsigned char *s = (const unsigned char *)fold;
	size_t len = strlen(fold), o = 0, i = 0;
	char *out = malloc(len + 1);

	if (!out) {
		return NULL;
	}
	while (i < len) {
		size_t start, end;
		uint32_t cp;

		while (i < len) { /* skip separators */
			size_t k = utf8_next(s + i, &cp);

			if (!is_separator(cp)) {
				break;
			}
			i += k;
		}
		start = i;
		while (i < len) {
			size_t k = utf8_next(s + i, &cp);

			if (is_separator(cp)) {
				break;
			}
			i += k;
		}
		end = i;
		if (end > start && !is_legal_form(fold + start, end - start)) {
			memcpy(out + o, fold + start, end - start);
			o += end - start;
		}
	}
	if (o == 0) { /* nothing but a legal form or punctuation: compare as is */
		memcpy(out, fold, len);
		o = len;
	}
	out[o] = '\0';
	return out;
}

char *crmi_audit_name_key(const char *name)
{
	char *fold = crm_text_fold(name ? name : "");
	char *key = fold ? name_key(fold) : NULL;

	free(fold);
	return key;
}

static void sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = (const char *)sqlite3_value_text(argv[0]);
	char *key;

	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	key = name_key(s);
	if (!key) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, free);
}

/* The function exists on this connection only, for the audit's queries. */
crm_status crmi_audit_register_functions(struct crm_db *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	if (db->pg) {
		return CRM_OK; /* the rule's own SQL spells the key there (PG_NAME_KEY) */
	}
	rc = sqlite3_create_function(db->sql, "crm_name_key", 1, flags, NULL, sql_name_key,
					 NULL, NULL);

	return rc == CRMI_OK ? CRM_OK :
				 crmi_sqlfail(db, rc, _("cannot prepare the audit"));
}
