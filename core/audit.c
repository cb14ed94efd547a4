/*
 * audit.c: the revision of the base that cron runs every night.
 *
 * Each rule is one set-based query over the client sheet tables: it scans
 * the clients (or the actions, promises, incidents) once and probes the
 * indexes per row, never a query per client from C. Every rule query
 * returns the same columns
 *
 *     client_id, client, owner_id, since, n1, n2, n3, t1, t2, t3
 *
 * where n* and t* are the numbers and texts its detail is written from.
 * A run wraps each selected rule as
 *
 *     SELECT <no> AS r, <severity> AS s, '<id>' AS rule, f.*, owner, email
 *
 * and either steps them one after the other (the cheapest order) or joins
 * them with UNION ALL under one ORDER BY, so that SQLite sorts (spilling
 * to disk when large) and memory never grows with the findings. The SQL
 * text is composed only from the constant fragments below; every value is
 * a bound parameter: :as_of, :today, :owner and one :audit_<key> per
 * config key (dots and dashes become underscores).
 *
 * bench/audit-floor.sql holds the same queries for the sqlite3 shell: keep
 * the two in step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define DAY 86400

const char *const crm_severities[] = { "info", "warn", "error", NULL };

/* ---- the rules ------------------------------------------------------ */

/* Clients the relationship rules look at: not lost, not said farewell,
 * and already on the books at as_of. */
#define LIVE "c.status NOT IN ('lost', 'farewell') AND c.created <= :as_of"
#define OWNED "(:owner IS NULL OR c.owner_id = :owner)"
/* The columns of a rule without texts. */
#define NO_TEXT "NULL AS t1, NULL AS t2, NULL AS t3"

static const char sql_forgotten[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(last, created) AS since,"
	" (:as_of - coalesce(last, created)) / 86400 AS n1, every AS n2, last IS NULL AS n3,"
	" CASE WHEN contact_every IS NULL THEN tier END AS t1, NULL AS t2, NULL AS t3"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created, c.tier, c.contact_every,"
	"   coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN :audit_forgotten_days_vip"
	"     WHEN 'key' THEN :audit_forgotten_days_key"
	"     ELSE :audit_forgotten_days_regular END) AS every,"
	"   (SELECT max(i.at) FROM interaction i"
	"     WHERE i.client_id = c.id AND i.at <= :as_of) AS last"
	"   FROM client c WHERE " LIVE " AND " OWNED " LIMIT -1)"
	/* the LIMIT keeps SQLite from flattening the subquery, which would
	 * copy the correlated subquery into each place that uses it */
	" WHERE coalesce(last, created) < :as_of - every * 86400";

static const char sql_no_next_action[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(done, created) AS since,"
	" (:as_of - coalesce(done, created)) / 86400 AS n1, NULL AS n2, done IS NULL AS n3, "
	NO_TEXT
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(n.done) FROM next_action n"
	"     WHERE n.client_id = c.id AND n.done <= :as_of) AS done"
	"   FROM client c WHERE " LIVE " AND " OWNED
	"   AND NOT EXISTS (SELECT 1 FROM next_action n WHERE n.client_id = c.id"
	"     AND n.created <= :as_of AND (n.status = 'open' OR n.done > :as_of))"
	"   LIMIT -1)"
	" WHERE coalesce(done, created) <= :as_of - :audit_no_next_action_days * 86400";

static const char sql_overdue_action[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(n.due) AS since,"
	" count(*) AS n1, (:today - min(n.due)) / 86400 AS n2, NULL AS n3,"
	" n.text AS t1, NULL AS t2, NULL AS t3"
	" FROM next_action n JOIN client c ON c.id = n.client_id"
	" WHERE n.due < :today - :audit_overdue_action_days * 86400 AND n.created <= :as_of"
	" AND (n.status = 'open' OR n.done > :as_of) AND " OWNED
	" GROUP BY n.client_id";

static const char sql_no_key_contact[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.created AS since,"
	" (:as_of - c.created) / 86400 AS n1, NULL AS n2, NULL AS n3, " NO_TEXT
	" FROM client c WHERE c.kind = 'company' AND " LIVE " AND " OWNED
	" AND c.created <= :as_of - :audit_no_key_contact_days * 86400"
	" AND NOT EXISTS (SELECT 1 FROM contact k WHERE k.client_id = c.id"
	"   AND k.is_key = 1 AND k.created <= :as_of)";

/* A contact counts as confirmed when it was verified, or else when it
 * was entered. */
static const char sql_stale_contact[] =
	"SELECT id AS client_id, name AS client, owner_id, last AS since,"
	" (:as_of - last) / 86400 AS n1, nkey AS n2, NULL AS n3, " NO_TEXT
	" FROM (SELECT c.id, c.name, c.owner_id,"
	"   max(coalesce(k.verified, k.created)) AS last, count(*) AS nkey"
	"   FROM client c JOIN contact k ON k.client_id = c.id"
	"   WHERE k.is_key = 1 AND k.created <= :as_of AND " LIVE " AND " OWNED
	"   GROUP BY c.id LIMIT -1)"
	" WHERE last < :as_of - :audit_stale_contact_days * 86400";

static const char sql_paper_relationship[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(met, created) AS since,"
	" (:as_of - coalesce(met, created)) / 86400 AS n1, paper AS n2,"
	" :audit_paper_relationship_days AS n3, CASE WHEN met IS NULL THEN 'never' END AS t1,"
	" NULL AS t2, NULL AS t3"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT count(*) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('order', 'email') AND i.at <= :as_of"
	"     AND i.at > :as_of - :audit_paper_relationship_days * 86400) AS paper,"
	"   (SELECT max(i.at) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('call', 'meeting') AND i.at <= :as_of) AS met"
	"   FROM client c WHERE c.status IN ('active', 'regular') AND c.created <= :as_of"
	"   AND " OWNED " LIMIT -1)"
	" WHERE paper > 0"
	" AND coalesce(met, created) < :as_of - :audit_paper_relationship_days * 86400";

static const char sql_broken_promise[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(p.due) AS since,"
	" count(*) AS n1, (:today - min(p.due)) / 86400 AS n2, NULL AS n3,"
	" p.kind AS t1, p.text AS t2, NULL AS t3"
	" FROM promise p JOIN client c ON c.id = p.client_id"
	" WHERE p.kind IN ('promise', 'guarantee', 'discount')"
	" AND p.due < :today - :audit_broken_promise_days * 86400 AND p.created <= :as_of"
	" AND (p.status = 'open' OR p.closed > :as_of) AND " OWNED
	" GROUP BY p.client_id";

static const char sql_open_conflict[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(x.created) AS since,"
	" count(*) AS n1, (:as_of - min(x.created)) / 86400 AS n2, NULL AS n3,"
	" x.kind AS t1, x.text AS t2, NULL AS t3"
	" FROM incident x JOIN client c ON c.id = x.client_id"
	" WHERE x.kind IN ('conflict', 'mishap')"
	" AND x.created < :as_of - :audit_open_conflict_days * 86400"
	" AND (x.status = 'open' OR x.resolved > :as_of) AND " OWNED
	" GROUP BY x.client_id";

static const char sql_storm[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.stage_since AS since,"
	" (:as_of - c.stage_since) / 86400 AS n1, NULL AS n2, NULL AS n3, " NO_TEXT
	" FROM client c WHERE c.stage = 'storm' AND " LIVE " AND " OWNED
	" AND c.stage_since < :as_of - :audit_storm_days * 86400";

static const char sql_silent_client[] =
	"SELECT id AS client_id, name AS client, owner_id, coalesce(heard, created) AS since,"
	" (:as_of - coalesce(heard, created)) / 86400 AS n1, NULL AS n2,"
	" heard IS NULL AS n3, " NO_TEXT
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(i.at) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind IN ('complaint', 'feedback', 'survey') AND i.at <= :as_of) AS heard"
	"   FROM client c WHERE c.status IN ('active', 'regular') AND " OWNED
	"   AND c.created < :as_of - :audit_silent_client_days * 86400 LIMIT -1)"
	" WHERE heard IS NULL OR heard < :as_of - :audit_silent_client_days * 86400";

static const char sql_over_capacity[] =
	"SELECT NULL AS client_id, NULL AS client, m.id AS owner_id, NULL AS since,"
	" count(*) AS n1, m.capacity AS n2, NULL AS n3, " NO_TEXT
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
	" f.name AS t2, NULL AS t3" HANDOVER_JOIN
	" WHERE (h.status = 'pending' OR h.decided > :as_of) AND h.created <= :as_of"
	" AND h.created < :as_of - :audit_handover_pending_days * 86400 AND " OWNED;

/* the notice became due at acceptance */
static const char sql_handover_no_notice[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, h.notice_due AS since,"
	" (:as_of - h.notice_due) / 86400 AS n1, h.id AS n2, NULL AS n3, t.name AS t1,"
	" NULL AS t2, NULL AS t3" HANDOVER_JOIN
	" WHERE " ACCEPTED " AND (h.notice_sent IS NULL OR h.notice_sent > :as_of)"
	" AND h.notice_due < :as_of - :audit_handover_no_notice_days * 86400 AND " OWNED;

/* The receiver, still the owner, let the first action fall due (and not
 * done) without an interaction logged since the acceptance; authors are
 * names, compared as typed or folded. */
static const char sql_handover_no_first_action[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, n.due AS since,"
	" (:today - n.due) / 86400 AS n1, h.id AS n2, NULL AS n3, t.name AS t1, n.text AS t2,"
	" NULL AS t3" HANDOVER_JOIN " JOIN next_action n ON n.id = h.next_action_id"
	" WHERE " ACCEPTED " AND c.owner_id = h.to_id AND " LIVE
	" AND n.due < :today - :audit_handover_no_first_action_days * 86400"
	" AND (n.status = 'open' OR n.done > :as_of)"
	" AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.client_id = h.client_id"
	"   AND i.at >= h.decided AND i.at <= :as_of"
	"   AND (i.author = t.name OR lower(i.author) = t.name_fold))"
	" AND " OWNED;

/* n1 requests (not cancelled) within n2 days */
static const char sql_client_requests[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(h.created) AS since,"
	" count(*) AS n1, :audit_client_requests_days AS n2, NULL AS n3, " NO_TEXT
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" WHERE h.reason = 'client-request' AND h.created <= :as_of"
	" AND h.created > :as_of - :audit_client_requests_days * 86400"
	" AND (h.status <> 'cancelled' OR h.decided > :as_of) AND " LIVE " AND " OWNED
	" GROUP BY h.client_id HAVING count(*) >= :audit_client_requests_count";

/* A cover (until: its last day) whose client the cover still holds, with
 * no accepted return; t1 the manager away, t2 the cover. */
static const char sql_vacation_return[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, h.until AS since,"
	" (:today - h.until) / 86400 AS n1, h.id AS n2, NULL AS n3, f.name AS t1, t.name AS t2,"
	" NULL AS t3" HANDOVER_JOIN
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
	" 'item' AS t1, p.name AS t2, s.name AS t3"
	" FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	" JOIN client c ON c.id = i.client_id LEFT JOIN manager s ON s.id = i.surveyor_id"
	" WHERE" VIP_ITEM_LATE " AND " LIVE " AND " OWNED
	" UNION ALL"
	" SELECT id, name, owner_id, coalesce(last, created), (:as_of - coalesce(last, created))"
	" / 86400, last IS NULL, NULL, 'survey', NULL, NULL"
	" FROM (SELECT c.id, c.name, c.owner_id, c.created,"
	"   (SELECT max(v.at) FROM vip_survey v WHERE v.client_id = c.id AND v.at <= :as_of)"
	"   AS last"
	"   FROM client c WHERE c.tier IN ('vip', 'key') AND " LIVE " AND " OWNED
	"   AND c.created < :as_of - :audit_vip_not_surveyed_days * 86400"
	"   AND NOT EXISTS (SELECT 1 FROM vip_item i JOIN vip_program p ON p.id = i.program_id"
	"     WHERE i.client_id = c.id AND" VIP_ITEM_LATE ")"
	"   LIMIT -1)"
	" WHERE last IS NULL OR last < :as_of - :audit_vip_not_surveyed_days * 86400";

/* A survey's quality incident still open at as_of, its technical work
 * (the remedy action) due before today less the days of grace. */
static const char sql_quality_unremedied[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, min(n.due) AS since,"
	" (:today - min(n.due)) / 86400 AS n1, count(*) AS n2, x.id AS n3, x.text AS t1,"
	" CASE WHEN n.status = 'done' AND n.done <= :as_of THEN 'done' END AS t2, NULL AS t3"
	" FROM vip_survey v JOIN incident x ON x.id = v.incident_id"
	" JOIN next_action n ON n.id = v.remedy_id JOIN client c ON c.id = v.client_id"
	" WHERE x.created <= :as_of AND (x.status = 'open' OR x.resolved > :as_of)"
	" AND n.due < :today - :audit_quality_unremedied_days * 86400 AND " OWNED
	" GROUP BY v.client_id";

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
#define PHONE_KEY(k)                                                                        \
	"substr(replace(replace(replace(replace(replace(" k ".phone, ' ', ''), '-', ''),"   \
	" '(', ''), ')', ''), '+', ''), -10)"
#define SHARED(what, key, col, minlen)                                                       \
	" SELECT c.id, c.name, c.owner_id, c.created, e.first, NULL, NULL, '" what "',"    \
	" f.name, e.k"                                                                      \
	" FROM (WITH g AS MATERIALIZED (SELECT " key("ct") " AS k,"                         \
	"   min(ct.client_id) AS first FROM contact ct"                                     \
	"   WHERE :audit_duplicate_contacts AND ct." col " IS NOT NULL GROUP BY 1"          \
	"   HAVING length(k) >= " minlen " AND min(ct.client_id) <> max(ct.client_id))"      \
	"   SELECT DISTINCT x.client_id, g.first, g.k FROM g JOIN contact x"                \
	"   ON " key("x") " = g.k AND x." col " IS NOT NULL"                                   \
	"   WHERE x.client_id <> g.first) e"                                                \
	" JOIN client c ON c.id = e.client_id JOIN client f ON f.id = e.first"              \
	" WHERE " OWNED

static const char sql_duplicate[] =
	"SELECT c.id AS client_id, c.name AS client, c.owner_id, c.created AS since,"
	" d.first AS n1, NULL AS n2, NULL AS n3, 'name' AS t1, f.name AS t2, NULL AS t3"
	" FROM (SELECT id, first FROM (SELECT c.id,"
	"     min(c.id) OVER (PARTITION BY crm_name_key(c.name_fold)) AS first FROM client c)"
	"   WHERE id <> first) d"
	" JOIN client c ON c.id = d.id JOIN client f ON f.id = d.first"
	" WHERE " OWNED
	" UNION ALL" SHARED("email", EMAIL_KEY, "email", "3")
	" UNION ALL" SHARED("phone", PHONE_KEY, "phone", "7");

/* The values one finding's detail is written from. */
struct vals {
	int64_t since;
	int64_t n1, n2, n3;
	const char *t1, *t2, *t3;
};

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

static void more(char *buf, size_t n, int64_t count)
{
	if (count > 1) {
		snprintf(buf, n, " (and %lld more)", (long long)(count - 1));
	} else {
		buf[0] = '\0';
	}
}

static void detail_forgotten(char *buf, size_t n, const struct vals *v)
{
	char why[96];

	if (v->t1) {
		snprintf(why, sizeof(why), "a %s client is due every %lld days", v->t1,
			 (long long)v->n2);
	} else {
		snprintf(why, sizeof(why), "this client wants contact every %lld days",
			 (long long)v->n2);
	}
	snprintf(buf, n, "no interaction %s %lld days%s (%s): call or meet them, and log it "
		 "with 'crm note'", v->n3 ? "in the" : "for", (long long)v->n1,
		 v->n3 ? " since the card was created" : "", why);
}

static void detail_no_next_action(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "no open next action %s %lld days ago: a card without one gets "
		 "forgotten; plan one with 'crm next add'",
		 v->n3 ? "since the card was created" : "since the last one was done",
		 (long long)v->n1);
}

static void detail_overdue_action(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n1);
	snprintf(buf, n, "next action '%s' is %lld days overdue%s: do it, or move it with "
		 "'crm next move'", clip(v->t1, text, sizeof(text), 60), (long long)v->n2, m);
}

static void detail_no_key_contact(char *buf, size_t n, const struct vals *v)
{
	(void)v;
	snprintf(buf, n, "no key contact at this company: find out who decides and add them "
		 "with 'crm contact add --key'");
}

static void detail_stale_contact(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "key contact%s last confirmed %lld days ago: key people change; "
		 "check who decides now and run 'crm contact verify'",
		 v->n2 > 1 ? "s" : "", (long long)v->n1);
}

static void detail_paper_relationship(char *buf, size_t n, const struct vals *v)
{
	char met[64];

	if (v->t1) {
		snprintf(met, sizeof(met), "never a meeting or call");
	} else {
		snprintf(met, sizeof(met), "no meeting or call for %lld days", (long long)v->n1);
	}
	snprintf(buf, n, "%lld orders and emails in %lld days, but %s: go and see them; a "
		 "relationship on paper ends with the next competitor who visits",
		 (long long)v->n2, (long long)v->n3, met);
}

static void detail_broken_promise(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n1);
	snprintf(buf, n, "%s '%s' was due %lld days ago%s: keep it, or tell the client and "
		 "agree a new date ('crm promise keep' or 'crm promise break')", v->t1,
		 clip(v->t2, text, sizeof(text), 60), (long long)v->n2, m);
}

static void detail_open_conflict(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n1);
	snprintf(buf, n, "%s '%s' unresolved for %lld days%s: an open conflict is a time bomb; "
		 "settle it with the client and run 'crm incident resolve'", v->t1,
		 clip(v->t2, text, sizeof(text), 60), (long long)v->n2, m);
}

static void detail_storm(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "in the storm stage for %lld days: the critical stage; find the cause "
		 "of the problems, fix it with the client and move the stage on",
		 (long long)v->n1);
}

static void detail_silent_client(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "%s %lld days: silence is a warning too; ask how satisfied they are "
		 "and log the answer with 'crm note --kind feedback'",
		 v->n3 ? "not one complaint, feedback or survey in" :
			 "no complaint, feedback or survey for",
		 (long long)v->n1);
}

static void detail_handover_pending(char *buf, size_t n, const struct vals *v)
{
	char to[256];

	snprintf(buf, n, "handover %lld to %s waits for acceptance since %lld days: the client "
		 "hangs between two managers; %s accepts it ('crm handover accept %lld') or "
		 "declines it with a reason", (long long)v->n2, clip(v->t1, to, sizeof(to), 60),
		 (long long)v->n1, to, (long long)v->n2);
}

static void detail_handover_no_notice(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "handover %lld was accepted %lld days ago and the client was not told: "
		 "they will call the old manager; send 'crm handover notice %lld' and record it "
		 "with 'crm handover notice --sent %lld'", (long long)v->n2, (long long)v->n1,
		 (long long)v->n2, (long long)v->n2);
}

static void detail_handover_no_first_action(char *buf, size_t n, const struct vals *v)
{
	char to[256], text[256];

	snprintf(buf, n, "the first action of handover %lld, '%s', was due %lld days ago and %s "
		 "has logged nothing with the client since taking it over: call them now",
		 (long long)v->n2, clip(v->t2, text, sizeof(text), 80), (long long)v->n1,
		 clip(v->t1, to, sizeof(to), 60));
}

static void detail_client_requests(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "asked %lld times in %lld days for a new manager: the head of sales "
		 "talks to the client before anyone hands it over again", (long long)v->n1,
		 (long long)v->n2);
}

static void detail_vacation_return(char *buf, size_t n, const struct vals *v)
{
	char from[256], cover[256];

	clip(v->t1, from, sizeof(from), 60);
	snprintf(buf, n, "the cover by %s (handover %lld) ended %lld days ago and the client is "
		 "not back with %s: give it back with 'crm handover plan --return \"%s\"'",
		 clip(v->t2, cover, sizeof(cover), 60), (long long)v->n2, (long long)v->n1,
		 v->t1 ? from : "its manager", v->t1 ? from : "");
}

static void detail_over_capacity(char *buf, size_t n, const struct vals *v)
{
	snprintf(buf, n, "holds %lld live clients for a capacity of %lld: hand some over to a "
		 "colleague, or raise the capacity with 'crm manager edit --capacity'",
		 (long long)v->n1, (long long)v->n2);
}

static void detail_vip_not_surveyed(char *buf, size_t n, const struct vals *v)
{
	char prog[256], name[256], who[320];

	if (v->t1 && strcmp(v->t1, "item") == 0) {
		if (v->t3) {
			snprintf(who, sizeof(who), "%s should meet them",
				 clip(v->t3, name, sizeof(name), 60));
		} else {
			snprintf(who, sizeof(who), "nobody is assigned yet: run 'crm vip assign "
				 "--apply'");
		}
		snprintf(buf, n, "still to survey in the VIP programme '%s', %lld days past its due "
			 "date: %s, then run 'crm vip survey'", clip(v->t2, prog, sizeof(prog), 60),
			 (long long)v->n1, who);
		return;
	}
	snprintf(buf, n, "%s %lld days: renew the relations and the key contacts in a VIP "
		 "survey ('crm vip survey')", v->n2 ? "never surveyed in" : "no VIP survey for",
		 (long long)v->n1);
}

static void detail_quality_unremedied(char *buf, size_t n, const struct vals *v)
{
	char text[256], m[48];

	more(m, sizeof(m), v->n2);
	snprintf(buf, n, "quality incident '%s': the technical work was due %lld days ago%s%s: "
		 "restore the quality, confirm it with the client and run 'crm incident resolve "
		 "%lld'",
		 clip(v->t1, text, sizeof(text), 80), (long long)v->n1, m,
		 v->t2 ? " and is marked done, but the quality incident is still open" : "",
		 (long long)v->n3);
}

static void detail_duplicate(char *buf, size_t n, const struct vals *v)
{
	char name[256], val[256];

	clip(v->t2, name, sizeof(name), 60);
	if (v->t1 && strcmp(v->t1, "name") == 0) {
		snprintf(buf, n, "the same name as client %lld '%s' once case, punctuation and "
			 "legal form are set aside: merge the cards or tell them apart",
			 (long long)v->n1, name);
	} else {
		snprintf(buf, n, "shares the %s '%s' with client %lld '%s': merge the cards or "
			 "correct the contact", v->t1 ? v->t1 : "contact",
			 clip(v->t3, val, sizeof(val), 60), (long long)v->n1, name);
	}
}

#define KEYS(...) (const char *const[]){ __VA_ARGS__, NULL }
#define NO_KEYS (const char *const[]){ NULL }

/* The registry, in the order of crm-audit(1). A rule whose feature does
 * not exist yet has no SQL: it is listed, and reports nothing. */
static const struct crm_audit_rule rules[] = {
	{ "forgotten", CRM_SEVERITY_WARN,
	  "no interaction of any kind for longer than the client's own contact frequency, "
	  "else its tier's: clients are lost silently",
	  KEYS("audit.forgotten.days.vip", "audit.forgotten.days.key",
	       "audit.forgotten.days.regular"), NULL },
	{ "no-next-action", CRM_SEVERITY_WARN,
	  "a live client without an open next action: a card without one gets forgotten",
	  KEYS("audit.no-next-action.days"), NULL },
	{ "overdue-action", CRM_SEVERITY_WARN,
	  "a next action past its due date: the promised call did not happen",
	  KEYS("audit.overdue-action.days"), NULL },
	{ "no-key-contact", CRM_SEVERITY_WARN,
	  "a company client without a key contact: nobody to talk to when it matters",
	  KEYS("audit.no-key-contact.days"), NULL },
	{ "stale-contact", CRM_SEVERITY_INFO,
	  "no key contact confirmed for a long time: key people change, and the new ones "
	  "do not know us",
	  KEYS("audit.stale-contact.days"), NULL },
	{ "paper-relationship", CRM_SEVERITY_WARN,
	  "orders or emails go on but no meeting or call for long: the relationship lives "
	  "on paper only",
	  KEYS("audit.paper-relationship.days"), NULL },
	{ "broken-promise", CRM_SEVERITY_ERROR,
	  "an open promise, guarantee or discount past its due date: trust is broken",
	  KEYS("audit.broken-promise.days"), NULL },
	{ "open-conflict", CRM_SEVERITY_ERROR,
	  "a conflict or mishap left unresolved: an open conflict is a time bomb",
	  KEYS("audit.open-conflict.days"), NULL },
	{ "storm", CRM_SEVERITY_WARN,
	  "a client stuck in the storm stage: the first problems decide whether they stay",
	  KEYS("audit.storm.days"), NULL },
	{ "silent-client", CRM_SEVERITY_INFO,
	  "a client of long standing with no complaint, feedback or survey for long: "
	  "silence is a warning too",
	  KEYS("audit.silent-client.days"), NULL },
	{ "handover-pending", CRM_SEVERITY_WARN,
	  "a handover not accepted in time: the client hangs between two managers",
	  KEYS("audit.handover-pending.days"), NULL },
	{ "handover-no-notice", CRM_SEVERITY_WARN,
	  "an accepted handover the client was not told of: they call the old manager",
	  KEYS("audit.handover-no-notice.days"), NULL },
	{ "handover-no-first-action", CRM_SEVERITY_ERROR,
	  "a handover's next action due with no interaction by the new owner since",
	  KEYS("audit.handover-no-first-action.days"), NULL },
	{ "client-requests", CRM_SEVERITY_WARN,
	  "a client asking again and again for a new manager: the head of sales should "
	  "talk to them",
	  KEYS("audit.client-requests.count", "audit.client-requests.days"), NULL },
	{ "vacation-return", CRM_SEVERITY_WARN,
	  "a temporary handover past its end with the clients not given back",
	  KEYS("audit.vacation-return.days"), NULL },
	{ "over-capacity", CRM_SEVERITY_WARN,
	  "a manager holding more clients than the capacity: someone will be forgotten",
	  KEYS("audit.over-capacity.margin"), NULL },
	{ "vip-not-surveyed", CRM_SEVERITY_WARN,
	  "a vip or key client not surveyed for long, or an overdue item of the programme",
	  KEYS("audit.vip-not-surveyed.days"), NULL },
	{ "quality-unremedied", CRM_SEVERITY_ERROR,
	  "bad quality found by a survey whose remedy is past due",
	  KEYS("audit.quality-unremedied.days"), NULL },
	{ "duplicate", CRM_SEVERITY_INFO,
	  "two cards for one client: the same name once case, punctuation and legal form "
	  "are set aside, or a shared email or phone",
	  KEYS("audit.duplicate.contacts"), NULL },
};

#define NRULES ARRAY_SIZE(rules)

/*
 * How each rule runs, index by index with rules[]: NULL sql = not yet.
 * To build one, write its query with the ten columns of the comment at
 * the top (binding :as_of, :today, :owner and its keys), a detail
 * function, and its unit tests (a case found, one just under the
 * threshold, the key honoured); then clear .needs in rules[] and rewrite
 * the floor with bench/audit.sh --floor.
 */
static const struct {
	const char *sql;
	detail_fn *detail;
} impl[] = {
	{ sql_forgotten, detail_forgotten },
	{ sql_no_next_action, detail_no_next_action },
	{ sql_overdue_action, detail_overdue_action },
	{ sql_no_key_contact, detail_no_key_contact },
	{ sql_stale_contact, detail_stale_contact },
	{ sql_paper_relationship, detail_paper_relationship },
	{ sql_broken_promise, detail_broken_promise },
	{ sql_open_conflict, detail_open_conflict },
	{ sql_storm, detail_storm },
	{ sql_silent_client, detail_silent_client },
	{ sql_handover_pending, detail_handover_pending },
	{ sql_handover_no_notice, detail_handover_no_notice },
	{ sql_handover_no_first_action, detail_handover_no_first_action },
	{ sql_client_requests, detail_client_requests },
	{ sql_vacation_return, detail_vacation_return },
	{ sql_over_capacity, detail_over_capacity },
	{ sql_vip_not_surveyed, detail_vip_not_surveyed },
	{ sql_quality_unremedied, detail_quality_unremedied },
	{ sql_duplicate, detail_duplicate },
};

_Static_assert(ARRAY_SIZE(impl) == ARRAY_SIZE(rules), "one impl per rule");

const struct crm_audit_rule *crm_audit_rules(size_t *n)
{
	*n = NRULES;
	return rules;
}

static int rule_index(const char *id)
{
	for (size_t i = 0; id && i < NRULES; i++) {
		if (strcmp(rules[i].id, id) == 0) {
			return (int)i;
		}
	}
	return -1;
}

const struct crm_audit_rule *crm_audit_rule_find(const char *id)
{
	int i = rule_index(id);

	return i < 0 ? NULL : &rules[i];
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

/* Legal forms, folded, as whole words. */
static const char *const legal_forms[] = {
	"ооо", "оао", "зао", "пао", "ао", "нао", "ип", "нко", "ано", "тоо", "чп", "пбоюл",
	"llc", "inc", "ltd", "limited", "gmbh", "corp", "corporation", "incorporated",
	"co", "company", "plc", "llp", "lp", "ag", "sa", "srl", "bv", "oy", "ab",
};

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

char *crm_audit_name_key(const char *name)
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
static crm_status register_functions(struct crm_db *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc = sqlite3_create_function(db->sql, "crm_name_key", 1, flags, NULL, sql_name_key,
					 NULL, NULL);

	return rc == SQLITE_OK ? CRM_OK : crmi_sqlfail(db, rc, "cannot prepare the audit");
}

/* ---- composing and binding ----------------------------------------------- */

struct sbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *s)
{
	size_t n = strlen(s);

	if (b->oom) {
		return;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
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
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* The SELECT that runs rule i with the common columns. */
static void sb_rule(struct sbuf *b, size_t i)
{
	char head[160];

	snprintf(head, sizeof(head), "SELECT %zu AS r, %d AS s, '%s' AS rule, f.*,", i,
		 (int)rules[i].severity, rules[i].id);
	sb_add(b, head);
	sb_add(b, " m.name AS owner, m.email AS owner_email FROM (");
	sb_add(b, impl[i].sql);
	sb_add(b, ") AS f LEFT JOIN manager m ON m.id = f.owner_id");
}

/* The selected rules that have SQL, joined by UNION ALL; false if none. */
static bool sb_compound(struct sbuf *b, const bool *sel)
{
	bool any = false;

	for (size_t i = 0; i < NRULES; i++) {
		if (!sel[i] || !impl[i].sql) {
			continue;
		}
		if (any) {
			sb_add(b, " UNION ALL ");
		}
		sb_rule(b, i);
		any = true;
	}
	return any;
}

/* ":audit_forgotten_days_vip" for "audit.forgotten.days.vip". */
static void bind_name(const char *key, char *buf, size_t n)
{
	size_t i = 0;

	buf[i++] = ':';
	for (; *key && i + 1 < n; key++) {
		buf[i++] = (*key == '.' || *key == '-') ? '_' : *key;
	}
	buf[i] = '\0';
}

/* The value of a rule's config key as a number (booleans 0 or 1). */
static int64_t key_value(struct crm_db *db, const char *key)
{
	const struct crm_config_key *k = crm_config_key_find(key);

	if (k && k->type == CRM_CONFIG_BOOL) {
		return crm_config_bool(db, key);
	}
	return crm_config_int(db, key);
}

struct binds {
	int64_t as_of;
	int64_t owner_id;    /* 0: NULL */
	int64_t limit;       /* 0: -1 */
};

/* Binds every parameter the statement names. */
static crm_status bind_all(struct crm_db *db, sqlite3_stmt *st, const struct binds *b)
{
	int n = sqlite3_bind_parameter_count(st);
	char buf[96];

	for (int p = 1; p <= n; p++) {
		const char *name = sqlite3_bind_parameter_name(st, p);
		bool done = false;

		if (!name) {
			continue;
		}
		if (strcmp(name, ":as_of") == 0) {
			sqlite3_bind_int64(st, p, b->as_of);
			continue;
		}
		if (strcmp(name, ":today") == 0) {
			sqlite3_bind_int64(st, p, crm_day_start(b->as_of));
			continue;
		}
		if (strcmp(name, ":owner") == 0) {
			if (b->owner_id) {
				sqlite3_bind_int64(st, p, b->owner_id);
			} else {
				sqlite3_bind_null(st, p);
			}
			continue;
		}
		if (strcmp(name, ":limit") == 0) {
			sqlite3_bind_int64(st, p, b->limit > 0 ? b->limit : -1);
			continue;
		}
		for (size_t i = 0; i < NRULES && !done; i++) {
			for (const char *const *k = rules[i].keys; *k && !done; k++) {
				bind_name(*k, buf, sizeof(buf));
				if (strcmp(buf, name) == 0) {
					sqlite3_bind_int64(st, p, key_value(db, *k));
					done = true;
				}
			}
		}
		if (!done) {
			return crmi_fail(db, CRM_EINVAL, "the audit has no value for '%s'", name);
		}
	}
	return CRM_OK;
}

static crm_status prepare(struct crm_db *db, const char *sql, const struct binds *b,
			  sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, out, NULL);
	crm_status st;

	if (rc != SQLITE_OK) {
		*out = NULL;
		return crmi_sqlfail(db, rc, "cannot prepare the audit");
	}
	st = bind_all(db, *out, b);
	if (st != CRM_OK) {
		sqlite3_finalize(*out);
		*out = NULL;
	}
	return st;
}

/* Marks the rules of o in sel; EINVAL on an unknown id. */
static crm_status select_rules(struct crm_db *db, const struct crm_audit_options *o, bool *sel)
{
	for (size_t i = 0; i < NRULES; i++) {
		sel[i] = o->rules == NULL;
	}
	for (size_t j = 0; o->rules && j < o->nrules; j++) {
		int i = rule_index(o->rules[j]);

		if (i < 0) {
			return crmi_fail(db, CRM_EINVAL,
					 "unknown rule '%s': 'crm audit rules' lists them",
					 o->rules[j] ? o->rules[j] : "");
		}
		sel[i] = true;
	}
	for (size_t i = 0; i < NRULES; i++) {
		if (rules[i].severity < o->min_severity) {
			sel[i] = false;
		}
	}
	return CRM_OK;
}

/* ---- findings -------------------------------------------------------- */

enum {
	COL_R, COL_S, COL_RULE, COL_CLIENT_ID, COL_CLIENT, COL_OWNER_ID, COL_SINCE,
	COL_N1, COL_N2, COL_N3, COL_T1, COL_T2, COL_T3, COL_OWNER, COL_EMAIL,
};

struct crm_audit_iter {
	struct crm_db *db;
	struct crm_audit_options o;
	struct binds b;
	bool sel[NRULES];
	int slot[NRULES];          /* rule -> index in counts, or -1 */
	struct crm_audit_count counts[NRULES];
	size_t ncounts;
	sqlite3_stmt *st;
	size_t next_rule;          /* ORDER_RULE: the next rule to run */
	bool compound;             /* one statement for every rule */
	bool own_tx;               /* the read transaction is ours */
	bool finished;
	int64_t findings;
	char detail[1024];
	struct crm_audit_finding row;
};

static void notify(struct crm_audit_iter *it, const char *what, int64_t done, int64_t total)
{
	if (it->db->notify) {
		it->db->notify(it->db->notify_data, what, done, total);
	}
}

/* Ends the statement and the read transaction. */
static void iter_end(struct crm_audit_iter *it)
{
	sqlite3_finalize(it->st);
	it->st = NULL;
	if (it->own_tx) {
		sqlite3_exec(it->db->sql, "COMMIT", NULL, NULL, NULL);
		it->own_tx = false;
	}
}

static const char order_severity[] =
	" ORDER BY s DESC, owner IS NULL, owner, owner_id, client_id IS NOT NULL, client,"
	" client_id, r";
static const char order_owner[] =
	" ORDER BY owner IS NULL, owner, owner_id, s DESC, since, client, client_id, r";

crm_status crm_audit_query(struct crm_db *db, const struct crm_audit_options *o,
			   struct crm_audit_iter **out)
{
	struct crm_audit_iter *it;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->o = *o;
	it->o.rules = NULL; /* not kept: the caller's */
	it->b.as_of = o->as_of ? o->as_of : crm_db_now(db);
	it->b.owner_id = o->owner_id;
	st = select_rules(db, o, it->sel);
	if (st == CRM_OK) {
		st = register_functions(db);
	}
	if (st != CRM_OK) {
		free(it);
		return st;
	}
	for (size_t i = 0; i < NRULES; i++) {
		it->slot[i] = -1;
		if (it->sel[i]) {
			it->slot[i] = (int)it->ncounts;
			it->counts[it->ncounts++] = (struct crm_audit_count){ rules[i].id,
									      rules[i].severity, 0 };
		}
	}
	/* one snapshot for every rule, without the write lock */
	if (sqlite3_get_autocommit(db->sql)) {
		st = crmi_exec(db, "BEGIN");
		if (st != CRM_OK) {
			free(it);
			return st;
		}
		it->own_tx = true;
	}
	if (o->order != CRM_AUDIT_ORDER_RULE) {
		struct sbuf b = { 0 };

		it->compound = true;
		sb_add(&b, "SELECT * FROM (");
		if (sb_compound(&b, it->sel)) {
			sb_add(&b, ")");
			sb_add(&b, o->order == CRM_AUDIT_ORDER_OWNER ? order_owner : order_severity);
			st = b.oom ? crmi_fail(db, CRM_ENOMEM, "out of memory") :
				     prepare(db, b.p, &it->b, &it->st);
		}
		free(b.p);
		if (st != CRM_OK) {
			iter_end(it);
			free(it);
			return st;
		}
	}
	*out = it;
	return CRM_OK;
}

/* ORDER_RULE: prepares the next selected rule that has SQL; false at the end. */
static bool next_statement(struct crm_audit_iter *it, crm_status *st)
{
	struct sbuf b = { 0 };

	while (it->next_rule < NRULES &&
	       (!it->sel[it->next_rule] || !impl[it->next_rule].sql)) {
		it->next_rule++;
	}
	if (it->next_rule == NRULES) {
		return false;
	}
	notify(it, rules[it->next_rule].id, (int64_t)it->next_rule, (int64_t)NRULES);
	sb_rule(&b, it->next_rule++);
	*st = b.oom ? crmi_fail(it->db, CRM_ENOMEM, "out of memory") :
		      prepare(it->db, b.p, &it->b, &it->st);
	free(b.p);
	return *st == CRM_OK;
}

static const char *col_text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

static void fill_row(struct crm_audit_iter *it)
{
	sqlite3_stmt *st = it->st;
	size_t r = (size_t)sqlite3_column_int64(st, COL_R);
	struct vals v = {
		.since = sqlite3_column_int64(st, COL_SINCE),
		.n1 = sqlite3_column_int64(st, COL_N1),
		.n2 = sqlite3_column_int64(st, COL_N2),
		.n3 = sqlite3_column_int64(st, COL_N3),
		.t1 = col_text(st, COL_T1),
		.t2 = col_text(st, COL_T2),
		.t3 = col_text(st, COL_T3),
	};

	if (r >= NRULES) {
		r = 0;
	}
	impl[r].detail(it->detail, sizeof(it->detail), &v);
	it->row = (struct crm_audit_finding){
		.rule = rules[r].id,
		.severity = rules[r].severity,
		.client_id = sqlite3_column_int64(st, COL_CLIENT_ID),
		.client = col_text(st, COL_CLIENT),
		.owner_id = sqlite3_column_int64(st, COL_OWNER_ID),
		.owner = col_text(st, COL_OWNER),
		.owner_email = col_text(st, COL_EMAIL),
		.since = v.since,
		.detail = it->detail,
	};
	if (it->slot[r] >= 0) {
		it->counts[it->slot[r]].count++;
	}
	it->findings++;
}

crm_status crm_audit_iter_next(struct crm_audit_iter *it, const struct crm_audit_finding **row)
{
	crm_status st = CRM_OK;
	int rc;

	*row = NULL;
	if (it->finished) {
		return CRM_DONE;
	}
	if (it->compound && it->findings == 0) {
		notify(it, "the rules", 0, 1);
	}
	for (;;) {
		if (!it->st) {
			if (it->compound || !next_statement(it, &st)) {
				break;
			}
		}
		rc = sqlite3_step(it->st);
		if (rc == SQLITE_ROW) {
			fill_row(it);
			*row = &it->row;
			return CRM_OK;
		}
		if (rc != SQLITE_DONE) {
			st = crmi_sqlfail(it->db, rc, "cannot audit the base");
			break;
		}
		sqlite3_finalize(it->st);
		it->st = NULL;
		if (it->compound) {
			break;
		}
	}
	iter_end(it);
	it->finished = true;
	notify(it, "audit", (int64_t)NRULES, (int64_t)NRULES);
	if (st != CRM_OK) {
		it->ncounts = 0;
		return st;
	}
	return CRM_DONE;
}

int64_t crm_audit_iter_as_of(const struct crm_audit_iter *it)
{
	return it->b.as_of;
}

const struct crm_audit_count *crm_audit_iter_counts(const struct crm_audit_iter *it, size_t *n)
{
	*n = it->ncounts;
	return it->counts;
}

void crm_audit_iter_destroy(struct crm_audit_iter *it)
{
	if (!it) {
		return;
	}
	iter_end(it);
	free(it);
}

/* ---- the SQL of a run ----------------------------------------------------- */

static void sb_param(struct sbuf *b, const char *name, const char *value)
{
	sb_add(b, ".parameter set ");
	sb_add(b, name);
	sb_add(b, " ");
	sb_add(b, value);
	sb_add(b, "\n");
}

static void sb_param_int(struct sbuf *b, const char *name, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	sb_param(b, name, num);
}

crm_status crm_audit_sql(struct crm_db *db, const struct crm_audit_options *o, char **out)
{
	int64_t as_of = o->as_of ? o->as_of : crm_db_now(db);
	struct sbuf b = { 0 };
	bool sel[NRULES];
	char name[96];
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = select_rules(db, o, sel);
	if (st != CRM_OK) {
		return st;
	}
	sb_add(&b, "-- the queries of one 'crm audit' run, for the sqlite3 shell\n"
		   ".parameter init\n");
	sb_param_int(&b, ":as_of", as_of);
	sb_param_int(&b, ":today", crm_day_start(as_of));
	if (o->owner_id) {
		sb_param_int(&b, ":owner", o->owner_id);
	} else {
		sb_param(&b, ":owner", "NULL");
	}
	for (size_t i = 0; i < NRULES; i++) {
		for (const char *const *k = rules[i].keys; sel[i] && impl[i].sql && *k; k++) {
			bind_name(*k, name, sizeof(name));
			sb_param_int(&b, name, key_value(db, *k));
		}
	}
	if (o->order == CRM_AUDIT_ORDER_RULE) {
		for (size_t i = 0; i < NRULES; i++) {
			if (sel[i] && impl[i].sql) {
				sb_add(&b, "-- ");
				sb_add(&b, rules[i].id);
				sb_add(&b, "\n");
				sb_rule(&b, i);
				sb_add(&b, ";\n");
			}
		}
	} else {
		sb_add(&b, "SELECT * FROM (");
		if (!sb_compound(&b, sel)) {
			sb_add(&b, "SELECT NULL WHERE 0");
		}
		sb_add(&b, ")");
		sb_add(&b, o->order == CRM_AUDIT_ORDER_OWNER ? order_owner : order_severity);
		sb_add(&b, ";\n");
	}
	if (b.oom) {
		free(b.p);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*out = b.p;
	return CRM_OK;
}

/* ---- saved runs ---------------------------------------------------------- */

static const char sql_run_insert[] =
	"INSERT INTO audit_run(at, as_of, actor, owner_id, findings, counts)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

crm_status crm_audit_save(struct crm_db *db, const struct crm_audit_iter *it, int64_t *run_id)
{
	cJSON *counts, *j;
	char *text = NULL;
	sqlite3_stmt *s;
	crm_status st;
	int rc;

	*run_id = 0;
	if (!it->finished || it->ncounts == 0) {
		return crmi_fail(db, CRM_EINVAL, "the audit did not finish: nothing to save");
	}
	counts = cJSON_CreateObject();
	for (size_t i = 0; counts && i < it->ncounts; i++) {
		crmi_json_int(counts, it->counts[i].rule, it->counts[i].count);
	}
	text = counts ? cJSON_PrintUnformatted(counts) : NULL;
	if (!text) {
		cJSON_Delete(counts);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		cJSON_Delete(counts);
		cJSON_free(text);
		return st;
	}
	s = crmi_prepare(db, sql_run_insert);
	if (!s) {
		st = db->errcode;
	} else {
		sqlite3_bind_int64(s, 1, crm_db_now(db));
		sqlite3_bind_int64(s, 2, it->b.as_of);
		crmi_bind_text(s, 3, crm_db_actor(db));
		if (it->b.owner_id) {
			sqlite3_bind_int64(s, 4, it->b.owner_id);
		} else {
			sqlite3_bind_null(s, 4);
		}
		sqlite3_bind_int64(s, 5, it->findings);
		crmi_bind_text(s, 6, text);
		rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			st = crmi_sqlfail(db, rc, "cannot save the audit run");
		} else {
			*run_id = sqlite3_last_insert_rowid(db->sql);
		}
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "as_of", it->b.as_of);
		if (it->b.owner_id) {
			crmi_json_int(j, "owner_id", it->b.owner_id);
		} else {
			cJSON_AddNullToObject(j, "owner_id");
		}
		crmi_json_int(j, "findings", it->findings);
		cJSON_AddItemToObject(j, "counts", counts);
		counts = NULL;
		st = crmi_journal(db, "audit.save", "audit_run", *run_id, j);
	}
	cJSON_Delete(counts);
	cJSON_free(text);
	st = crmi_atomic_end(db, st);
	if (st != CRM_OK) {
		*run_id = 0;
	}
	return st;
}

static const char sql_runs[] =
	"SELECT r.id, r.at, r.as_of, r.actor, r.owner_id, m.name, r.findings, r.counts"
	" FROM audit_run r LEFT JOIN manager m ON m.id = r.owner_id"
	" WHERE r.owner_id IS ?1 ORDER BY r.as_of DESC, r.id DESC LIMIT ?2";

struct crm_audit_run_iter {
	struct crm_db *db;
	sqlite3_stmt *st;
	bool done;
	struct crm_audit_run row;
};

crm_status crm_audit_runs(struct crm_db *db, int64_t owner_id, int64_t last,
			  struct crm_audit_run_iter **out)
{
	struct crm_audit_run_iter *it;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = sqlite3_prepare_v2(db->sql, sql_runs, -1, &it->st, NULL);
	if (rc != SQLITE_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the saved audits");
	}
	if (owner_id) {
		sqlite3_bind_int64(it->st, 1, owner_id);
	}
	sqlite3_bind_int64(it->st, 2, last > 0 ? last : 10);
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_run_iter_next(struct crm_audit_run_iter *it, const struct crm_audit_run **row)
{
	int rc;

	*row = NULL;
	if (it->done) {
		return CRM_DONE;
	}
	rc = sqlite3_step(it->st);
	if (rc == SQLITE_DONE) {
		it->done = true;
		return CRM_DONE;
	}
	if (rc != SQLITE_ROW) {
		it->done = true;
		return crmi_sqlfail(it->db, rc, "cannot read the saved audits");
	}
	it->row = (struct crm_audit_run){
		.id = sqlite3_column_int64(it->st, 0),
		.at = sqlite3_column_int64(it->st, 1),
		.as_of = sqlite3_column_int64(it->st, 2),
		.actor = col_text(it->st, 3),
		.owner_id = sqlite3_column_int64(it->st, 4),
		.owner = col_text(it->st, 5),
		.findings = sqlite3_column_int64(it->st, 6),
		.counts = col_text(it->st, 7),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_audit_run_iter_destroy(struct crm_audit_run_iter *it)
{
	if (!it) {
		return;
	}
	sqlite3_finalize(it->st);
	free(it);
}

/* ---- trends ---------------------------------------------------------- */

struct crm_audit_trend_iter {
	struct crm_audit_trend rows[NRULES];
	char *counts[NRULES];
	size_t n, next;
};

void crm_audit_trend_iter_destroy(struct crm_audit_trend_iter *it)
{
	if (!it) {
		return;
	}
	for (size_t i = 0; i < NRULES; i++) {
		free(it->counts[i]);
	}
	free(it);
}

/* Loads the counts of the last runs, oldest first, into cJSON objects. */
static crm_status load_runs(struct crm_db *db, int64_t owner_id, int64_t last, cJSON **runs,
			    size_t *nruns)
{
	struct crm_audit_run_iter *ri;
	const struct crm_audit_run *run;
	crm_status st = crm_audit_runs(db, owner_id, last, &ri);
	cJSON *list;

	*runs = NULL;
	*nruns = 0;
	if (st != CRM_OK) {
		return st;
	}
	list = cJSON_CreateArray();
	while (list && (st = crm_audit_run_iter_next(ri, &run)) == CRM_OK) {
		cJSON *c = cJSON_Parse(run->counts ? run->counts : "{}");

		if (!cJSON_IsObject(c)) {
			cJSON_Delete(c);
			c = cJSON_CreateObject();
		}
		/* newest first from the query: prepend for oldest first */
		if (!c || !cJSON_InsertItemInArray(list, 0, c)) {
			cJSON_Delete(c);
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
			break;
		}
		(*nruns)++;
	}
	crm_audit_run_iter_destroy(ri);
	if (!list) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (st != CRM_DONE) {
		cJSON_Delete(list);
		return st;
	}
	*runs = list;
	return CRM_OK;
}

crm_status crm_audit_history(struct crm_db *db, int64_t owner_id, int64_t last,
			     struct crm_audit_trend_iter **out)
{
	struct crm_audit_trend_iter *it;
	cJSON *runs, *run;
	size_t nruns;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = load_runs(db, owner_id, last, &runs, &nruns);
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		cJSON_Delete(runs);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < NRULES; i++) {
		struct crm_audit_trend *t = &it->rows[it->n];
		cJSON *series = cJSON_CreateArray();
		int64_t prev = 0;

		*t = (struct crm_audit_trend){ .rule = rules[i].id, .severity = rules[i].severity };
		cJSON_ArrayForEach(run, runs) {
			const cJSON *c = cJSON_GetObjectItemCaseSensitive(run, rules[i].id);
			int64_t v;

			if (!cJSON_IsNumber(c)) {
				continue;
			}
			v = (int64_t)c->valuedouble;
			if (t->runs == 0) {
				t->first = v;
			}
			prev = t->runs ? t->last : v;
			t->last = v;
			t->runs++;
			cJSON_AddItemToArray(series, cJSON_CreateNumber((double)v));
		}
		if (t->runs == 0) {
			cJSON_Delete(series);
			continue;
		}
		t->change = t->last - prev;
		t->trend = t->last < t->first ? "better" : t->last > t->first ? "worse" : "same";
		it->counts[it->n] = cJSON_PrintUnformatted(series);
		cJSON_Delete(series);
		if (!it->counts[it->n]) {
			cJSON_Delete(runs);
			crm_audit_trend_iter_destroy(it);
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		t->counts = it->counts[it->n];
		it->n++;
	}
	cJSON_Delete(runs);
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_trend_iter_next(struct crm_audit_trend_iter *it,
				     const struct crm_audit_trend **row)
{
	if (it->next >= it->n) {
		*row = NULL;
		return CRM_DONE;
	}
	*row = &it->rows[it->next++];
	return CRM_OK;
}

/* ---- client health ----------------------------------------------------- */

struct crm_audit_health_iter {
	struct crm_db *db;
	sqlite3_stmt *st;
	bool done;
	struct crm_audit_health row;
};

crm_status crm_audit_clients(struct crm_db *db, const struct crm_audit_options *o,
			     struct crm_audit_health_iter **out)
{
	struct crm_audit_health_iter *it;
	struct binds b = { o->as_of ? o->as_of : crm_db_now(db), o->owner_id, o->limit };
	struct sbuf q = { 0 };
	bool sel[NRULES];
	char weights[160];
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = select_rules(db, o, sel);
	if (st == CRM_OK) {
		st = register_functions(db);
	}
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	snprintf(weights, sizeof(weights), "sum(CASE s WHEN %d THEN %d WHEN %d THEN %d ELSE %d END)",
		 CRM_SEVERITY_ERROR, CRM_HEALTH_ERROR, CRM_SEVERITY_WARN, CRM_HEALTH_WARN,
		 CRM_HEALTH_INFO);
	sb_add(&q, "SELECT c.id, c.name, c.tier, c.status, c.owner_id, m.name,"
		   " max(0, 100 - coalesce(f.penalty, 0)) AS health, coalesce(f.n, 0),"
		   " coalesce(f.reasons, '[]') FROM client c LEFT JOIN (SELECT client_id, ");
	sb_add(&q, weights);
	sb_add(&q, " AS penalty, count(*) AS n, json_group_array(rule) AS reasons"
		   " FROM (SELECT DISTINCT client_id, s, r, rule FROM (");
	if (!sb_compound(&q, sel)) {
		sb_add(&q, "SELECT NULL AS client_id, 0 AS s, 0 AS r, '' AS rule");
	}
	sb_add(&q, ") WHERE client_id IS NOT NULL ORDER BY client_id, s DESC, r)"
		   " GROUP BY client_id) f ON f.client_id = c.id"
		   " LEFT JOIN manager m ON m.id = c.owner_id"
		   " WHERE " LIVE " AND " OWNED);
	sb_add(&q, o->sort == CRM_AUDIT_SORT_NAME ? " ORDER BY c.name_fold, c.id" :
		   " ORDER BY health, f.n DESC, c.name_fold, c.id");
	sb_add(&q, " LIMIT :limit");
	st = q.oom ? crmi_fail(db, CRM_ENOMEM, "out of memory") : prepare(db, q.p, &b, &it->st);
	free(q.p);
	if (st != CRM_OK) {
		free(it);
		return st;
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_health_iter_next(struct crm_audit_health_iter *it,
				      const struct crm_audit_health **row)
{
	sqlite3_stmt *s = it->st;
	int rc;

	*row = NULL;
	if (it->done) {
		return CRM_DONE;
	}
	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		it->done = true;
		return CRM_DONE;
	}
	if (rc != SQLITE_ROW) {
		it->done = true;
		return crmi_sqlfail(it->db, rc, "cannot audit the base");
	}
	it->row = (struct crm_audit_health){
		.client_id = sqlite3_column_int64(s, 0),
		.client = col_text(s, 1),
		.tier = col_text(s, 2),
		.status = col_text(s, 3),
		.owner_id = sqlite3_column_int64(s, 4),
		.owner = col_text(s, 5),
		.health = sqlite3_column_int64(s, 6),
		.rules = sqlite3_column_int64(s, 7),
		.reasons = col_text(s, 8),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_audit_health_iter_destroy(struct crm_audit_health_iter *it)
{
	if (!it) {
		return;
	}
	sqlite3_finalize(it->st);
	free(it);
}

/* ---- scorecards ------------------------------------------------------- */

/*
 * One pass over the live clients with an owner (their last contact, due
 * frequency and orders), then per-manager sums. The counts of overdue
 * actions, broken promises and open conflicts use the same definitions
 * (and keys) as the rules.
 */
static const char sql_scorecards[] =
	"WITH cl AS MATERIALIZED (SELECT c.id, c.owner_id,"
	"   coalesce((SELECT max(i.at) FROM interaction i"
	"     WHERE i.client_id = c.id AND i.at <= :as_of), c.created) AS last,"
	"   coalesce(c.contact_every, CASE c.tier WHEN 'vip' THEN :audit_forgotten_days_vip"
	"     WHEN 'key' THEN :audit_forgotten_days_key"
	"     ELSE :audit_forgotten_days_regular END) AS every,"
	"   (SELECT count(*) FROM interaction i WHERE i.client_id = c.id"
	"     AND i.kind = 'order' AND i.at <= :as_of) AS orders"
	"   FROM client c WHERE c.owner_id IS NOT NULL AND " LIVE " AND " OWNED "),"
	" agg AS (SELECT owner_id, count(*) AS n, sum(last < :as_of - every * 86400) AS forgotten,"
	"   sum(orders >= 1) AS ordered, sum(orders >= 2) AS repeated FROM cl GROUP BY owner_id),"
	" med AS (SELECT owner_id, avg(d) AS median FROM (SELECT owner_id,"
	"     (:as_of - last) / 86400 AS d,"
	"     row_number() OVER (PARTITION BY owner_id ORDER BY last DESC) AS rn,"
	"     count(*) OVER (PARTITION BY owner_id) AS cnt FROM cl)"
	"   WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY owner_id),"
	" ov AS (SELECT c.owner_id, count(*) AS k FROM next_action n"
	"   JOIN client c ON c.id = n.client_id"
	"   WHERE n.due < :today - :audit_overdue_action_days * 86400 AND n.created <= :as_of"
	"   AND (n.status = 'open' OR n.done > :as_of) GROUP BY c.owner_id),"
	" bp AS (SELECT c.owner_id, count(*) AS k FROM promise p"
	"   JOIN client c ON c.id = p.client_id"
	"   WHERE p.kind IN ('promise', 'guarantee', 'discount') AND p.created <= :as_of"
	"   AND ((p.due < :today - :audit_broken_promise_days * 86400"
	"       AND (p.status = 'open' OR p.closed > :as_of))"
	"     OR (p.status = 'broken' AND p.closed <= :as_of"
	"       AND p.closed > :as_of - 365 * 86400))"
	"   GROUP BY c.owner_id),"
	" oc AS (SELECT c.owner_id, count(*) AS k FROM incident x"
	"   JOIN client c ON c.id = x.client_id"
	"   WHERE x.kind IN ('conflict', 'mishap') AND x.created <= :as_of"
	"   AND (x.status = 'open' OR x.resolved > :as_of) GROUP BY c.owner_id),"
	/* handovers accepted in the 90 days to as_of, into and out of a hand */
	" hd AS (SELECT to_id, from_id FROM handover WHERE status = 'accepted'"
	"   AND decided <= :as_of AND decided > :as_of - 90 * 86400),"
	" hs AS (SELECT mid, sum(dir > 0) AS hin, sum(dir < 0) AS hout FROM"
	"   (SELECT to_id AS mid, 1 AS dir FROM hd UNION ALL"
	"    SELECT from_id, -1 FROM hd WHERE from_id IS NOT NULL) GROUP BY mid)"
	" SELECT m.id, m.name, m.status, m.capacity, coalesce(agg.n, 0),"
	" coalesce(agg.forgotten, 0), coalesce(ov.k, 0), coalesce(bp.k, 0), coalesce(oc.k, 0),"
	" coalesce(agg.ordered, 0), coalesce(agg.repeated, 0), med.median,"
	" coalesce(hs.hin, 0), coalesce(hs.hout, 0)"
	" FROM manager m LEFT JOIN agg ON agg.owner_id = m.id"
	" LEFT JOIN med ON med.owner_id = m.id LEFT JOIN ov ON ov.owner_id = m.id"
	" LEFT JOIN bp ON bp.owner_id = m.id LEFT JOIN oc ON oc.owner_id = m.id"
	" LEFT JOIN hs ON hs.mid = m.id"
	" WHERE (:owner IS NULL OR m.id = :owner) AND (m.status <> 'left' OR agg.n > 0)"
	" ORDER BY m.name_fold, m.id";

struct crm_audit_scorecard_iter {
	struct crm_audit_scorecard *rows;
	size_t n, next;
};

static double share(int64_t k, int64_t n)
{
	double s = n > 0 ? (double)k / (double)n : 0.0;

	return s > 1.0 ? 1.0 : s;
}

/* The score of crm-audit(1): 100 x (1 - 0.4F - 0.2A - 0.2B - 0.1C - 0.1X). */
static int64_t score_of(const struct crm_audit_scorecard *c)
{
	int64_t over = c->clients > c->capacity ? c->clients - c->capacity : 0;
	double x = share(over, c->capacity > 0 ? c->capacity : 1);
	double s = 1.0 - 0.4 * share(c->forgotten, c->clients) -
		   0.2 * share(c->overdue_actions, c->clients) -
		   0.2 * share(c->broken_promises, c->clients) -
		   0.1 * share(c->open_conflicts, c->clients) - 0.1 * x;

	if (c->clients == 0 && over == 0) {
		return 100;
	}
	return (int64_t)(100.0 * s + 0.5);
}

static int by_score(const void *a, const void *b)
{
	const struct crm_audit_scorecard *x = a, *y = b;

	if (x->score != y->score) {
		return x->score < y->score ? -1 : 1;
	}
	return 0;
}

void crm_audit_scorecard_iter_destroy(struct crm_audit_scorecard_iter *it)
{
	if (!it) {
		return;
	}
	for (size_t i = 0; i < it->n; i++) {
		free((char *)it->rows[i].manager);
		free((char *)it->rows[i].status);
	}
	free(it->rows);
	free(it);
}

static crm_status scorecard_row(struct crm_db *db, sqlite3_stmt *s, struct crm_audit_scorecard *c)
{
	int64_t ordered = sqlite3_column_int64(s, 9), repeated = sqlite3_column_int64(s, 10);

	*c = (struct crm_audit_scorecard){
		.manager_id = sqlite3_column_int64(s, 0),
		.manager = strdup(col_text(s, 1) ? col_text(s, 1) : ""),
		.status = strdup(col_text(s, 2) ? col_text(s, 2) : ""),
		.capacity = sqlite3_column_int64(s, 3),
		.clients = sqlite3_column_int64(s, 4),
		.forgotten = sqlite3_column_int64(s, 5),
		.overdue_actions = sqlite3_column_int64(s, 6),
		.broken_promises = sqlite3_column_int64(s, 7),
		.open_conflicts = sqlite3_column_int64(s, 8),
		.repeat_rate = ordered ? (repeated * 100 + ordered / 2) / ordered : -1,
		.median_days = sqlite3_column_type(s, 11) == SQLITE_NULL ?
				       -1 : (int64_t)sqlite3_column_double(s, 11),
		.handovers_in = sqlite3_column_int64(s, 12),
		.handovers_out = sqlite3_column_int64(s, 13),
	};
	if (!c->manager || !c->status) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	c->forgotten_pct = c->clients ? (c->forgotten * 100 + c->clients / 2) / c->clients : 0;
	c->score = score_of(c);
	return CRM_OK;
}

crm_status crm_audit_managers(struct crm_db *db, const struct crm_audit_options *o,
			      struct crm_audit_scorecard_iter **out)
{
	struct binds b = { o->as_of ? o->as_of : crm_db_now(db), o->owner_id, 0 };
	struct crm_audit_scorecard_iter *it;
	size_t cap = 0;
	sqlite3_stmt *s;
	crm_status st;
	int rc = SQLITE_DONE;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = prepare(db, sql_scorecards, &b, &s);
	while (st == CRM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (it->n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct crm_audit_scorecard *p = realloc(it->rows, ncap * sizeof(*p));

			if (!p) {
				st = crmi_fail(db, CRM_ENOMEM, "out of memory");
				break;
			}
			it->rows = p;
			cap = ncap;
		}
		st = scorecard_row(db, s, &it->rows[it->n]);
		it->n++;
	}
	if (st == CRM_OK && rc != SQLITE_DONE) {
		st = crmi_sqlfail(db, rc, "cannot audit the base");
	}
	sqlite3_finalize(s);
	if (st != CRM_OK) {
		crm_audit_scorecard_iter_destroy(it);
		return st;
	}
	if (o->sort == CRM_AUDIT_SORT_WORST && it->n > 1) {
		/* rows come by name; a stable sort by score keeps that order
		 * among equal scores: insertion sort, managers are few */
		for (size_t i = 1; i < it->n; i++) {
			struct crm_audit_scorecard c = it->rows[i];
			size_t j = i;

			while (j > 0 && by_score(&it->rows[j - 1], &c) > 0) {
				it->rows[j] = it->rows[j - 1];
				j--;
			}
			it->rows[j] = c;
		}
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_scorecard_iter_next(struct crm_audit_scorecard_iter *it,
					 const struct crm_audit_scorecard **row)
{
	if (it->next >= it->n) {
		*row = NULL;
		return CRM_DONE;
	}
	*row = &it->rows[it->next++];
	return CRM_OK;
}
