/*
 * handover-notice.c: the letters that tell a client of a handover or of a
 * farewell, written from a template (built in, Russian or English as
 * letters.language says, or the caller's) whose {placeholders} take the
 * values of the handover or the client; letters.c writes the pieces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"
#include "handover-private.h"
#include "letters.h"

/* ---- templates -------------------------------------------------------------- */

/*
 * The built-in letters, as a Russian company writes them (DOMAIN.md):
 * no name in a case crm cannot decline (the values stand in the
 * nominative, or in quotes after a noun: «с компанией «…»»), the verb
 * of the manager who hands over agrees with the manager's gender or is
 * neutral, dates in words, a subject line, the signature with the
 * position and the phone. A temporary cover says until when and who
 * comes back.
 */
/* What the notices share: the line of the manager who hands over, and
 * from the promises kept to the signature. */
#define NOTICE_PASSED_RU "{old_manager} {passed} коллеге всю историю нашей работы {with_client}.\n"
#define NOTICE_TAIL_RU                                                                     \
	"\n"                                                                                \
	"Все наши договорённости, обещания, скидки и гарантии остаются в силе.\n"           \
	"\n"                                                                                \
	"{trainee} — новый сотрудник нашей компании.\n"                                    \
	"Наставник нового менеджера — {mentor}, к наставнику Вы всегда можете обратиться.\n" \
	"  телефон наставника: {mentor_phone}\n"                                            \
	"  e-mail наставника: {mentor_email}\n"                                             \
	"\n"                                                                                \
	"Следующий согласованный контакт: {next_date_words}\n"                              \
	"\n"                                                                                \
	"С уважением,\n"                                                                    \
	"{manager}\n"                                                                       \
	"{position}\n"                                                                      \
	"{company}\n"                                                                       \
	"тел.: {phone}\n"                                                                   \
	"e-mail: {email}\n"
#define NOTICE_PASSED_EN "{old_manager} {passed} the whole history of our work {with_client}.\n"
#define NOTICE_TAIL_EN                                                                     \
	"\n"                                                                                \
	"Every agreement, promise, discount and guarantee we made stays valid.\n"           \
	"\n"                                                                                \
	"{trainee} is new with our company.\n"                                             \
	"The new manager's mentor is {mentor}, and you can always turn to the mentor too.\n" \
	"  mentor's phone: {mentor_phone}\n"                                                \
	"  mentor's email: {mentor_email}\n"                                                \
	"\n"                                                                                \
	"Our next agreed contact: {next_date_words}.\n"                                     \
	"\n"                                                                                \
	"Kind regards,\n"                                                                   \
	"{manager}\n"                                                                       \
	"{position}\n"                                                                      \
	"{company}\n"                                                                       \
	"phone: {phone}\n"                                                                  \
	"email: {email}\n"

static const char notice_ru[] =
	"Тема: Ваш новый персональный менеджер\n"
	"\n"
	"{greeting}\n"
	"\n"
	"С {date_words} Вашим персональным менеджером {in_company} становится {manager}.\n"
	NOTICE_PASSED_RU NOTICE_TAIL_RU;

static const char notice_temp_ru[] =
	"Тема: временная замена Вашего персонального менеджера\n"
	"\n"
	"{greeting}\n"
	"\n"
	"С {date_words} по {until} включительно Вашим персональным менеджером {in_company} "
	"будет {manager}.\n"
	NOTICE_PASSED_RU
	"С {return_date} Вашим персональным менеджером снова будет {returning}.\n"
	NOTICE_TAIL_RU;

static const char notice_en[] =
	"Subject: your new personal manager\n"
	"\n"
	"{greeting}\n"
	"\n"
	"From {date_words}, your personal manager {in_company} is {manager}.\n"
	NOTICE_PASSED_EN NOTICE_TAIL_EN;

static const char notice_temp_en[] =
	"Subject: a temporary change of your personal manager\n"
	"\n"
	"{greeting}\n"
	"\n"
	"From {date_words} to {until} inclusive, your personal manager {in_company} "
	"is {manager}.\n"
	NOTICE_PASSED_EN
	"From {return_date}, {returning} is your personal manager again.\n"
	NOTICE_TAIL_EN;

static const char farewell_ru[] =
	"Тема: завершение сотрудничества\n"
	"\n"
	"{greeting}\n"
	"\n"
	"Благодарим Вас за время нашей совместной работы.\n"
	"Мы больше не сможем вести Ваши дела так, как Вы того заслуживаете,\n"
	"и поэтому с {date_words} завершаем наше сотрудничество.\n"
	"\n"
	"Все обязательства, взятые нами ранее, мы выполним.\n"
	"Если Вам понадобится помощь, мы будем рады Вас выслушать.\n"
	"\n"
	"Желаем Вам успехов!\n"
	"\n"
	"С уважением,\n"
	"{manager}\n"
	"{position}\n"
	"{company}\n"
	"тел.: {phone}\n"
	"e-mail: {email}\n";

static const char farewell_en[] =
	"Subject: the end of our cooperation\n"
	"\n"
	"{greeting}\n"
	"\n"
	"Thank you for the time we have worked together.\n"
	"We can no longer serve you as well as you deserve, and so\n"
	"from {date_words} we bring our cooperation to a close.\n"
	"\n"
	"We will honour every commitment we have made to you.\n"
	"Should you need help, we will gladly listen.\n"
	"\n"
	"We wish you every success.\n"
	"\n"
	"Kind regards,\n"
	"{manager}\n"
	"{position}\n"
	"{company}\n"
	"phone: {phone}\n"
	"email: {email}\n";

enum {
	PH_CLIENT, PH_CONTACT, PH_MANAGER, PH_PHONE, PH_EMAIL, PH_OLD_MANAGER, PH_NEXT_DATE,
	PH_DATE, PH_HANDOVER, PH_TRAINEE, PH_MENTOR, PH_MENTOR_PHONE, PH_MENTOR_EMAIL,
	PH_GREETING, PH_COMPANY, PH_IN_COMPANY, PH_WITH_CLIENT, PH_PASSED, PH_DATE_WORDS,
	PH_NEXT_DATE_WORDS, PH_POSITION, PH_UNTIL, PH_RETURN_DATE, PH_RETURNING, PH__COUNT
};

static const char *const ph_names[PH__COUNT] = {
	"client", "contact", "manager", "phone", "email", "old_manager", "next_date", "date",
	"handover", "trainee", "mentor", "mentor_phone", "mentor_email",
	"greeting", "company", "in_company", "with_client", "passed", "date_words",
	"next_date_words", "position", "until", "return_date", "returning",
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
					 "{mentor_phone} {mentor_email} {greeting} {company} {in_company} "
					 "{with_client} {passed} {date_words} {next_date_words} {position} "
					 "{until} {return_date} {returning})", lineno,
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
	bool dropped = false;  /* a line was left out since the last blank one */

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
		/* a blank line after a blank line, with only lines left out
		 * between them, goes too: a paragraph left out whole leaves no
		 * gap of two lines */
		if (n == 0 && dropped && o.len >= 2 && o.p[o.len - 1] == '\n' &&
		    o.p[o.len - 2] == '\n') {
			p += nl ? 1 : 0;
			continue;
		}
		s = expand_line(db, p, n, lineno, vals, &o, &drop);
		if (n == 0) {
			dropped = false;
		}
		if (drop) {
			dropped = true;
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

/* The texts of a letter that crm composes (malloc'd), freed together. */
struct letter {
	bool ru;
	char *greeting, *company, *in_company, *with_client;
	char date_words[64], next_words[64], until_words[64], return_words[64];
};

static void letter_release(struct letter *l)
{
	free(l->greeting);
	free(l->company);
	free(l->in_company);
	free(l->with_client);
}

/* "<pre><quoted name>" with the name in «» (crmi_letters_quoted); malloc'd. */
static char *phrase(bool ru, const char *pre, const char *name)
{
	char *q = crmi_letters_quoted(ru, name), *s = NULL;
	size_t n;

	if (q) {
		n = strlen(pre) + strlen(q) + 1;
		s = malloc(n);
		if (s) {
			snprintf(s, n, "%s%s", pre, q);
		}
		free(q);
	}
	return s;
}

/*
 * The values every letter shares: the language (letters.language), the
 * greeting of the person, our company (company.name: "в компании «…»",
 * or "в нашей компании" when unset) and the client after a noun ("с
 * компанией «…»", "с Вами" for a private person).
 */
static crm_status letter_init(struct crm_db *db, struct letter *l, const struct crmi_person *who,
			      const char *client, const char *kind, const char **vals)
{
	bool person = kind && strcmp(kind, "person") == 0;
	char *company = NULL;

	memset(l, 0, sizeof(*l));
	l->ru = crmi_letters_ru(db);
	if (crm_config_get(db, "company.name", &company, NULL) != CRM_OK) {
		crmi_clear_error(db);
	}
	l->company = company && *company ? company : NULL;
	if (!l->company) {
		free(company);
	}
	l->greeting = crmi_letters_greeting(l->ru, who);
	if (l->company) {
		l->in_company = phrase(l->ru, l->ru ? "в компании " : "at ", l->company);
	} else {
		l->in_company = strdup(l->ru ? "в нашей компании" : "at our company");
	}
	if (person) {
		l->with_client = strdup(l->ru ? "с Вами" : "with you");
	} else {
		l->with_client = phrase(l->ru, l->ru ? "с компанией " : "with ", client);
	}
	if (!l->greeting || !l->in_company || !l->with_client) {
		letter_release(l);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	vals[PH_GREETING] = l->greeting;
	vals[PH_COMPANY] = l->company;
	vals[PH_IN_COMPANY] = l->in_company;
	vals[PH_WITH_CLIENT] = l->with_client;
	vals[PH_DATE_WORDS] = crmi_letters_date(l->ru, crm_local_today(crm_db_now(db)), l->date_words,
						sizeof(l->date_words));
	return CRM_OK;
}

/*
 * The values of a handover's notice. The manager is the client's owner now
 * once the handover is accepted (a later change of owner is what the
 * client must hear of), its receiver while pending; the contact is the
 * client's key person reachable by the planned channel, else any key
 * person, else any contact, never one who has left the client, and never
 * the company's name. {trainee} and the
 * mentor's values are set when that manager is a trainee now (?2).
 */
static const char sql_notice_vals[] =
	"SELECT c.name, k.name, t.name, t.phone, t.email, f.name,"
	" coalesce((SELECT n.due FROM next_action n WHERE n.id = h.next_action_id), h.next_due),"
	" h.status, h.superseded_by, h.client_id,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN t.name END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.name END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.phone END,"
	" CASE WHEN " CRMI_SQL_TRAINEE("t", "?2") " THEN x.email END,"
	" k.first_name, k.patronymic, k.gender, k.address_as, t.position, f.gender, h.until,"
	" c.kind"
	" FROM handover h JOIN client c ON c.id = h.client_id"
	" JOIN manager t ON t.id = CASE WHEN h.status = 'accepted' AND c.owner_id IS NOT NULL"
	"   THEN c.owner_id ELSE h.to_id END"
	" LEFT JOIN manager x ON x.id = t.mentor_id"
	" LEFT JOIN manager f ON f.id = h.from_id"
	" LEFT JOIN contact k ON k.id = coalesce((SELECT k.id FROM contact k"
	"   WHERE k.client_id = c.id AND k.left_on IS NULL"
	"   AND CASE h.notify_via WHEN 'email' THEN trim(ifnull(k.email, '')) <> ''"
	"   WHEN 'phone' THEN trim(ifnull(k.phone, '')) <> ''"
	"   WHEN 'letter' THEN trim(ifnull(k.address, '')) <> '' ELSE TRUE END"
	"   ORDER BY k.is_key DESC, k.id LIMIT 1),"
	"  (SELECT k.id FROM contact k WHERE k.client_id = c.id AND k.left_on IS NULL"
	"   ORDER BY k.is_key DESC, k.id LIMIT 1))"
	" WHERE h.id = ?1";

/* The farewell: the key contact (else any) still there, or for a private person
 * without one, the client's own name. */
static const char sql_farewell_vals[] =
	"SELECT c.name, coalesce(k.name, c.name), m.name, m.phone, m.email,"
	" k.first_name, k.patronymic, k.gender, k.address_as, m.position, c.kind, k.name"
	" FROM client c LEFT JOIN manager m ON m.id = c.owner_id"
	" LEFT JOIN contact k ON k.id = (SELECT k.id FROM contact k WHERE k.client_id = c.id"
	"   AND k.left_on IS NULL ORDER BY k.is_key DESC, k.id LIMIT 1)"
	" WHERE c.id = ?1";

#define DAY INT64_C(86400)

static crm_status notice_row(struct crm_db *db, crmi_stmt *st, int64_t id, const char *tmpl,
			     char **text)
{
	const char *vals[PH__COUNT] = { 0 };
	struct crmi_person who = {
		/* a private person without a contact is the client itself */
		.name = crmi_col_text(st, 1) ? crmi_col_text(st, 1)
			: crmi_col_text(st, 21) && strcmp(crmi_col_text(st, 21), "person") == 0
			? crmi_col_text(st, 0) : NULL,
		.first_name = crmi_col_text(st, 14),
		.patronymic = crmi_col_text(st, 15), .gender = crmi_col_text(st, 16),
		.address_as = crmi_col_text(st, 17),
	};
	int64_t until = crmi_col_int64(st, 20);
	char date[32], next[32], hid[32];
	struct letter l;
	crm_status s;

	s = letter_init(db, &l, &who, crmi_col_text(st, 0), crmi_col_text(st, 21), vals);
	if (s != CRM_OK) {
		return s;
	}
	vals[PH_CLIENT] = crmi_col_text(st, 0);
	vals[PH_CONTACT] = crmi_col_text(st, 1);
	vals[PH_MANAGER] = crmi_col_text(st, 2);
	vals[PH_PHONE] = crmi_col_text(st, 3);
	vals[PH_EMAIL] = crmi_col_text(st, 4);
	vals[PH_OLD_MANAGER] = crmi_col_text(st, 5);
	vals[PH_NEXT_DATE] = date_str(crmi_col_int64(st, 6), next, sizeof(next));
	vals[PH_NEXT_DATE_WORDS] = crmi_letters_date(l.ru, crmi_col_int64(st, 6),
						     l.next_words, sizeof(l.next_words));
	vals[PH_DATE] = date_str(crm_db_now(db), date, sizeof(date));
	snprintf(hid, sizeof(hid), "%lld", (long long)id);
	vals[PH_HANDOVER] = hid;
	vals[PH_TRAINEE] = crmi_col_text(st, 10);
	vals[PH_MENTOR] = crmi_col_text(st, 11);
	vals[PH_MENTOR_PHONE] = crmi_col_text(st, 12);
	vals[PH_MENTOR_EMAIL] = crmi_col_text(st, 13);
	vals[PH_POSITION] = crmi_col_text(st, 18);
	vals[PH_PASSED] = crmi_letters_passed(l.ru, crmi_col_text(st, 19));
	if (until) {
		/* the last day of the cover: the manager who handed over is back
		 * the day after */
		vals[PH_UNTIL] = crmi_letters_date(l.ru, until, l.until_words,
						   sizeof(l.until_words));
		vals[PH_RETURN_DATE] = crmi_letters_date(l.ru, crm_day_start(until) + DAY,
							 l.return_words, sizeof(l.return_words));
		vals[PH_RETURNING] = crmi_col_text(st, 5);
	}
	if (!tmpl) {
		tmpl = until ? (l.ru ? notice_temp_ru : notice_temp_en)
			     : (l.ru ? notice_ru : notice_en);
	}
	s = expand(db, tmpl, vals, text);
	letter_release(&l);
	return s;
}

crm_status crm_handover_notice(struct crm_db *db, int64_t id, const char *tmpl, char **text)
{
	crm_status s = CRM_OK;
	crmi_stmt *st;
	int rc;

	*text = NULL;
	crmi_clear_error(db);
	st = crmi_prepare(db, sql_notice_vals);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_int64(st, 2, crm_db_now(db));
	rc = crmi_step(st);
	if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no handover with id %lld", (long long)id);
	} else if (rc != CRMI_ROW) {
		s = crmi_sqlfail(db, rc, "cannot read the handover");
	} else if (strcmp(crmi_col_text(st, 7), "pending") != 0 &&
		   strcmp(crmi_col_text(st, 7), "accepted") != 0) {
		s = crmi_fail(db, CRM_ECONFLICT, "handover %lld is %s: there is nothing to tell "
			      "the client", (long long)id, crmi_col_text(st, 7));
	} else if (crmi_col_int64(st, 8)) {
		int64_t by = crmi_col_int64(st, 8), client = crmi_col_int64(st, 9);

		crmi_reset(st);
		return crmi_handover_superseded(db, id, client, by);
	} else {
		s = notice_row(db, st, id, tmpl, text);
	}
	crmi_reset(st);
	return s;
}

crm_status crm_farewell_notice(struct crm_db *db, int64_t client_id, const char *tmpl,
			       char **text)
{
	crmi_stmt *st = crmi_prepare(db, sql_farewell_vals);
	const char *vals[PH__COUNT] = { 0 };
	struct crmi_person who = { 0 };
	struct letter l;
	char date[32];
	crm_status s = CRM_OK;
	int rc;

	*text = NULL;
	crmi_clear_error(db);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc == CRMI_DONE) {
		s = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	} else if (rc != CRMI_ROW) {
		s = crmi_sqlfail(db, rc, "cannot read the client");
	} else {
		/* a company without a contact is greeted without a name: its own
		 * name is no person's */
		who = (struct crmi_person){
			.name = crmi_col_text(st, 11) ? crmi_col_text(st, 11)
				: crmi_col_text(st, 10) && strcmp(crmi_col_text(st, 10), "person") == 0
				? crmi_col_text(st, 0) : NULL,
			.first_name = crmi_col_text(st, 5), .patronymic = crmi_col_text(st, 6),
			.gender = crmi_col_text(st, 7), .address_as = crmi_col_text(st, 8),
		};
		s = letter_init(db, &l, &who, crmi_col_text(st, 0), crmi_col_text(st, 10), vals);
		if (s == CRM_OK) {
			vals[PH_CLIENT] = crmi_col_text(st, 0);
			vals[PH_CONTACT] = crmi_col_text(st, 1);
			vals[PH_MANAGER] = crmi_col_text(st, 2);
			vals[PH_PHONE] = crmi_col_text(st, 3);
			vals[PH_EMAIL] = crmi_col_text(st, 4);
			vals[PH_POSITION] = crmi_col_text(st, 9);
			vals[PH_DATE] = date_str(crm_db_now(db), date, sizeof(date));
			if (!tmpl) {
				tmpl = l.ru ? farewell_ru : farewell_en;
			}
			s = expand(db, tmpl, vals, text);
			letter_release(&l);
		}
	}
	crmi_reset(st);
	return s;
}
