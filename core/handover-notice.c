/*
 * handover-notice.c: the letters that tell a client of a handover or of a
 * farewell, written from a template (built in, Russian or English as
 * handover.notice_language says, or the caller's) whose {placeholders}
 * take the values of the handover or the client.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "handover-private.h"

/* ---- templates -------------------------------------------------------------- */

static const char notice_ru[] =
	"Здравствуйте, {contact}!\n"
	"\n"
	"С {date} вашим персональным менеджером в нашей компании становится {manager}.\n"
	"{old_manager} передал(а) коллеге всю историю нашей работы с {client}.\n"
	"\n"
	"Все наши договорённости, обещания, скидки и гарантии остаются в силе.\n"
	"\n"
	"Контакты вашего менеджера:\n"
	"  телефон: {phone}\n"
	"  e-mail: {email}\n"
	"{trainee} — новый сотрудник нашей компании, стажёр.\n"
	"Работу нового менеджера ведёт опытный наставник, к нему вы всегда "
	"можете обратиться: {mentor}\n"
	"  телефон наставника: {mentor_phone}\n"
	"  e-mail наставника: {mentor_email}\n"
	"\n"
	"Следующий согласованный контакт: {next_date}.\n"
	"\n"
	"С уважением,\n"
	"{manager}\n";

static const char notice_en[] =
	"Dear {contact},\n"
	"\n"
	"From {date}, your personal manager at our company is {manager}.\n"
	"{old_manager} has passed on the whole history of our work with {client}.\n"
	"\n"
	"Every agreement, promise, discount and guarantee we made stays valid.\n"
	"\n"
	"Your manager's contacts:\n"
	"  phone: {phone}\n"
	"  email: {email}\n"
	"{trainee} is new with our company, a trainee.\n"
	"An experienced mentor guides the work, and you can always turn to them: {mentor}\n"
	"  mentor's phone: {mentor_phone}\n"
	"  mentor's email: {mentor_email}\n"
	"\n"
	"Our next agreed contact: {next_date}.\n"
	"\n"
	"Kind regards,\n"
	"{manager}\n";

static const char farewell_ru[] =
	"Здравствуйте, {contact}!\n"
	"\n"
	"Благодарим вас за время, что мы работали вместе с {client}.\n"
	"Мы больше не сможем вести ваши дела так, как вы того заслуживаете,\n"
	"и поэтому с {date} завершаем наше сотрудничество.\n"
	"\n"
	"Все обязательства, взятые нами ранее, мы выполним.\n"
	"Если вам понадобится помощь, мы будем рады вас выслушать:\n"
	"  телефон: {phone}\n"
	"  e-mail: {email}\n"
	"\n"
	"Желаем вам успехов!\n"
	"\n"
	"С уважением,\n"
	"{manager}\n";

static const char farewell_en[] =
	"Dear {contact},\n"
	"\n"
	"Thank you for the time we have worked together with {client}.\n"
	"We can no longer serve you as well as you deserve, and so\n"
	"from {date} we bring our cooperation to a close.\n"
	"\n"
	"We will honour every commitment we have made to you.\n"
	"Should you need help, we will gladly listen:\n"
	"  phone: {phone}\n"
	"  email: {email}\n"
	"\n"
	"We wish you every success.\n"
	"\n"
	"Kind regards,\n"
	"{manager}\n";

enum {
	PH_CLIENT, PH_CONTACT, PH_MANAGER, PH_PHONE, PH_EMAIL, PH_OLD_MANAGER, PH_NEXT_DATE,
	PH_DATE, PH_HANDOVER, PH_TRAINEE, PH_MENTOR, PH_MENTOR_PHONE, PH_MENTOR_EMAIL, PH__COUNT
};

static const char *const ph_names[PH__COUNT] = {
	"client", "contact", "manager", "phone", "email", "old_manager", "next_date", "date",
	"handover", "trainee", "mentor", "mentor_phone", "mentor_email",
};


/*
 * A value is one line of the letter: a line break or tab held by a name
 * an older crm accepted is written as the two characters \n or \t, so
 * that no name can add a line to what the client reads.
 */
static void out_value(struct crmi_buf *o, const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '\n') {
			crmi_buf_add(o, "\\n", 2);
		} else if (*p == '\t') {
			crmi_buf_add(o, "\\t", 2);
		} else if (*p == '\r') {
			crmi_buf_add(o, "\\r", 2);
		} else {
			crmi_buf_add(o, p, 1);
		}
	}
}

/*
 * Expands one line (without its newline) of n bytes into o; sets *drop
 * when a placeholder of the line has no value. EDATA on an unknown
 * placeholder or a lone brace.
 */
static crm_status expand_line(struct crm_db *db, const char *line, size_t n, size_t lineno,
			      const char *const *vals, struct crmi_buf *o, bool *drop)
{
	size_t i = 0;

	*drop = false;
	while (i < n) {
		const char *close;
		size_t k, len;

		if (line[i] == '{' && i + 1 < n && line[i + 1] == '{') {
			crmi_buf_add(o, "{", 1);
			i += 2;
			continue;
		}
		if (line[i] == '}' && i + 1 < n && line[i + 1] == '}') {
			crmi_buf_add(o, "}", 1);
			i += 2;
			continue;
		}
		if (line[i] == '}') {
			return crmi_fail(db, CRM_EDATA, "template line %zu: '}' without '{' (write "
					 "'}}' for a brace)", lineno);
		}
		if (line[i] != '{') {
			crmi_buf_add(o, line + i, 1);
			i++;
			continue;
		}
		close = memchr(line + i, '}', n - i);
		if (!close) {
			return crmi_fail(db, CRM_EDATA, "template line %zu: '{' without '}' (write "
					 "'{{' for a brace)", lineno);
		}
		len = (size_t)(close - line - i - 1);
		for (k = 0; k < PH__COUNT; k++) {
			if (strlen(ph_names[k]) == len && memcmp(ph_names[k], line + i + 1, len) == 0) {
				break;
			}
		}
		if (k == PH__COUNT) {
			return crmi_fail(db, CRM_EDATA, "template line %zu: unknown placeholder "
					 "'%.*s' (known: {client} {contact} {manager} {phone} {email} "
					 "{old_manager} {next_date} {date} {handover} {trainee} {mentor} "
					 "{mentor_phone} {mentor_email})", lineno,
					 (int)(len + 2 < 100 ? len + 2 : 100), line + i);
		}
		if (!vals[k] || !*vals[k]) {
			*drop = true;
		} else {
			out_value(o, vals[k]);
		}
		i += len + 2;
	}
	return CRM_OK;
}

/* The template with the values; a line whose placeholder has no value is
 * left out. *text is malloc'd. */
static crm_status expand(struct crm_db *db, const char *tmpl, const char *const *vals,
			 char **text)
{
	struct crmi_buf o = { 0 };
	size_t lineno = 0;
	const char *p = tmpl;
	crm_status s = CRM_OK;

	*text = NULL;
	if (!crm_utf8_valid(tmpl, strlen(tmpl))) {
		return crmi_fail(db, CRM_EDATA, "the template is not valid UTF-8 text");
	}
	while (*p && s == CRM_OK) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t mark = o.len;
		bool drop;

		lineno++;
		s = expand_line(db, p, n, lineno, vals, &o, &drop);
		if (drop) {
			o.len = mark;
			if (o.p) {
				o.p[o.len] = '\0';
			}
		} else if (nl) {
			crmi_buf_add(&o, "\n", 1);
		}
		p += n + (nl ? 1 : 0);
	}
	if (s == CRM_OK && !o.p) {
		crmi_buf_add(&o, "", 0);
	}
	if (s == CRM_OK && o.oom) {
		s = crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (s != CRM_OK) {
		free(o.p);
		return s;
	}
	*text = o.p;
	return CRM_OK;
}

static bool lang_en(struct crm_db *db)
{
	char *v = NULL;
	bool en;

	crm_config_get(db, "handover.notice_language", &v, NULL);
	en = v && strcmp(v, "en") == 0;
	free(v);
	return en;
}

/*
 * The values of a handover's notice. The manager is the client's owner now
 * once the handover is accepted (a later change of owner is what the
 * client must hear of), its receiver while pending; the contact is the
 * client's key person reachable by the planned channel, else any key
 * person, else any contact: never the company's name. {trainee} and the
 * mentor's values are set when that manager is a trainee now (?2).
 */
static const char sql_notice_vals[] =
	"SELECT c.name, coalesce((SELECT k.name FROM contact k WHERE k.client_id = c.id"
	"   AND CASE h.notify_via WHEN 'email' THEN trim(ifnull(k.email, '')) <> ''"
	"   WHEN 'phone' THEN trim(ifnull(k.phone, '')) <> ''"
	"   WHEN 'letter' THEN trim(ifnull(k.address, '')) <> '' ELSE 1 END"
	"   ORDER BY k.is_key DESC, k.id LIMIT 1),"
	"  (SELECT k.name FROM contact k WHERE k.client_id = c.id"
	"   ORDER BY k.is_key DESC, k.id LIMIT 1)),"
	" t.name, t.phone, t.email, f.name,"
	" coalesce((SELECT n.due FROM next_action n WHERE n.id = h.next_action_id), h.next_due),"
	" h.status, h.superseded_by, h.client_id,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN t.name END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.name END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.phone END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.email END"
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" JOIN manager t ON t.id = CASE WHEN h.status = 'accepted' AND c.owner_id IS NOT NULL"
	"   THEN c.owner_id ELSE h.to_id END"
	" LEFT JOIN manager x ON x.id = t.mentor_id"
	" LEFT JOIN manager f ON f.id = h.from_id WHERE h.id = ?1";

static const char sql_farewell_vals[] =
	"SELECT c.name, coalesce((SELECT k.name FROM contact k WHERE k.client_id = c.id"
	"   ORDER BY k.is_key DESC, k.id LIMIT 1), c.name),"
	" m.name, m.phone, m.email"
	" FROM client c LEFT JOIN manager m ON m.id = c.owner_id WHERE c.id = ?1";

crm_status crm_handover_notice(struct crm_db *db, int64_t id, const char *tmpl, char **text)
{
	const char *vals[PH__COUNT] = { 0 };
	char date[32], next[32], hid[32];
	crm_status s = CRM_OK;
	sqlite3_stmt *st;
	int rc;

	*text = NULL;
	crmi_clear_error(db);
	st = crmi_prepare(db, sql_notice_vals);
	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, crm_db_now(db));
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no handover with id %lld", (long long)id);
	} else if (rc != SQLITE_ROW) {
		s = crmi_sqlfail(db, rc, "cannot read the handover");
	} else if (strcmp(col_text(st, 7), "pending") != 0 &&
		   strcmp(col_text(st, 7), "accepted") != 0) {
		s = crmi_fail(db, CRM_ECONFLICT, "handover %lld is %s: there is nothing to tell "
			      "the client", (long long)id, col_text(st, 7));
	} else if (sqlite3_column_int64(st, 8)) {
		int64_t by = sqlite3_column_int64(st, 8), client = sqlite3_column_int64(st, 9);

		sqlite3_reset(st);
		return crmi_handover_superseded(db, id, client, by);
	} else {
		vals[PH_CLIENT] = col_text(st, 0);
		vals[PH_CONTACT] = col_text(st, 1);
		vals[PH_MANAGER] = col_text(st, 2);
		vals[PH_PHONE] = col_text(st, 3);
		vals[PH_EMAIL] = col_text(st, 4);
		vals[PH_OLD_MANAGER] = col_text(st, 5);
		vals[PH_NEXT_DATE] = date_str(sqlite3_column_int64(st, 6), next, sizeof(next));
		vals[PH_DATE] = date_str(crm_db_now(db), date, sizeof(date));
		snprintf(hid, sizeof(hid), "%lld", (long long)id);
		vals[PH_HANDOVER] = hid;
		vals[PH_TRAINEE] = col_text(st, 10);
		vals[PH_MENTOR] = col_text(st, 11);
		vals[PH_MENTOR_PHONE] = col_text(st, 12);
		vals[PH_MENTOR_EMAIL] = col_text(st, 13);
		if (!tmpl) {
			tmpl = lang_en(db) ? notice_en : notice_ru;
		}
		s = expand(db, tmpl, vals, text);
	}
	sqlite3_reset(st);
	return s;
}

crm_status crm_farewell_notice(struct crm_db *db, int64_t client_id, const char *tmpl,
			       char **text)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_farewell_vals);
	const char *vals[PH__COUNT] = { 0 };
	char date[32];
	crm_status s = CRM_OK;
	int rc;

	*text = NULL;
	crmi_clear_error(db);
	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, client_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	} else if (rc != SQLITE_ROW) {
		s = crmi_sqlfail(db, rc, "cannot read the client");
	} else {
		vals[PH_CLIENT] = col_text(st, 0);
		vals[PH_CONTACT] = col_text(st, 1);
		vals[PH_MANAGER] = col_text(st, 2);
		vals[PH_PHONE] = col_text(st, 3);
		vals[PH_EMAIL] = col_text(st, 4);
		vals[PH_DATE] = date_str(crm_db_now(db), date, sizeof(date));
		if (!tmpl) {
			tmpl = lang_en(db) ? farewell_en : farewell_ru;
		}
		s = expand(db, tmpl, vals, text);
	}
	sqlite3_reset(st);
	return s;
}
