/*
 * vip-survey.c: the VIP survey: the answers checked against the template
 * (vip-template.c), and what a survey does to the client sheet, all in
 * one transaction; and the drafts of a survey under way.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"

#define DAY 86400
#define CLIP 500   /* characters of an answer quoted in a next action */

/* ---- SQL -------------------------------------------------------------- */

static const char sql_client[] =
	"SELECT name, owner_id, tags FROM client WHERE id = ?1";
static const char sql_manager_name[] = "SELECT name FROM manager WHERE id = ?1";
/* the client's item in the active programme */
static const char sql_item[] =
	"SELECT i.id, i.program_id, i.status, i.surveyor_id FROM vip_item i"
	" JOIN vip_program p ON p.id = i.program_id"
	" WHERE p.status = 'active' AND i.client_id = ?1";
static const char sql_item_done[] =
	"UPDATE vip_item SET status = 'done', done = ?2, survey_id = ?3 WHERE id = ?1";

static const char sql_survey_insert[] =
	"INSERT INTO vip_survey(client_id, program_id, template_version, surveyor_id, surveyor,"
	" at, answers, quality, failures, author, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
static const char sql_survey_links[] =
	"UPDATE vip_survey SET incident_id = ?2, remedy_id = ?3, interaction_id = ?4 WHERE id = ?1";
static const char sql_effect_insert[] =
	"INSERT INTO vip_effect(survey_id, kind, ref_id, text) VALUES (?1, ?2, ?3, ?4)";
static const char sql_survey_last[] =
	"SELECT answers, at, template_version, id FROM vip_survey WHERE client_id = ?1"
	" ORDER BY at DESC, id DESC LIMIT 1";


static const char sql_draft_save[] =
	"INSERT INTO vip_draft(client_id, template_version, surveyor_id, at, answers,"
	" position, author, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	" ON CONFLICT(client_id) DO UPDATE SET template_version = excluded.template_version,"
	" surveyor_id = excluded.surveyor_id, at = excluded.at, answers = excluded.answers,"
	" position = excluded.position, author = excluded.author, updated = excluded.updated";
static const char sql_draft_load[] =
	"SELECT template_version, surveyor_id, at, answers, position, updated FROM vip_draft"
	" WHERE client_id = ?1";
static const char sql_draft_delete[] = "DELETE FROM vip_draft WHERE client_id = ?1";

/* ---- helpers ------------------------------------------------------------ */

/* At most max code points of s (an ellipsis when cut), malloc'd. */
static char *clip(const char *s, size_t max)
{
	size_t i = 0, cps = 0, n = strlen(s);
	char *out = malloc(n + 4);

	if (!out) {
		return NULL;
	}
	while (s[i]) {
		if (((unsigned char)s[i] & 0xc0) != 0x80) {
			if (cps == max) {
				break;
			}
			cps++;
		}
		i++;
	}
	memcpy(out, s, i);
	if (s[i]) {
		memcpy(out + i, "\xe2\x80\xa6", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

/* A number as people write it: 100, 99.5. */
static void num_text(double v, char *buf, size_t n)
{
	snprintf(buf, n, "%.15g", v);
}

/* ---- answers ------------------------------------------------------------- */

static crm_status afail(struct crm_db *db, const char *id, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status afail(struct crm_db *db, const char *id, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return crmi_fail(db, CRM_EDATA, "answer '%s': %s", id, msg);
}

static const struct tq *find_question(const struct tmpl *t, const char *id)
{
	for (size_t i = 0; i < t->nq; i++) {
		if (strcmp(t->q[i].id, id) == 0) {
			return &t->q[i];
		}
	}
	return NULL;
}

bool crmi_vip_answered(const cJSON *v)
{
	if (!v || cJSON_IsNull(v)) {
		return false;
	}
	if (cJSON_IsString(v)) {
		return v->valuestring[0] != '\0';
	}
	if (cJSON_IsArray(v)) {
		return cJSON_GetArraySize(v) > 0;
	}
	return true;
}

static const char *type_of(const cJSON *v)
{
	return cJSON_IsString(v) ? _("a text") : cJSON_IsNumber(v) ? _("a number") :
	       cJSON_IsBool(v) ? _("true or false") : cJSON_IsArray(v) ? _("an array") :
	       cJSON_IsObject(v) ? _("an object") : _("something else");
}

/* A text member of a list entry, checked as check(db, what, s) does. */
static crm_status entry_text(struct crm_db *db, const char *where, const cJSON *e,
			     const char *key, bool required,
			     crm_status (*check)(struct crm_db *, const char *, const char *))
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
	char what[200];
	crm_status st;

	if (!crmi_vip_answered(v)) {
		return required ? crmi_fail(db, CRM_EDATA, "%s: '%s' is missing", where, key)
				: CRM_OK;
	}
	if (!cJSON_IsString(v)) {
		return crmi_fail(db, CRM_EDATA, "%s: '%s' must be a text, got %s", where, key,
				 type_of(v));
	}
	snprintf(what, sizeof(what), "%s: %s", where, key);
	st = check(db, what, v->valuestring);
	if (st != CRM_OK) {
		char msg[sizeof(db->errmsg)];

		snprintf(msg, sizeof(msg), "%s", crm_db_errmsg(db));
		return crmi_fail(db, CRM_EDATA, "%s", msg);
	}
	return CRM_OK;
}

static crm_status check_entry_keys(struct crm_db *db, const char *where, const cJSON *e,
				   const char *const *keys)
{
	const cJSON *m;

	if (!cJSON_IsObject(e)) {
		return crmi_fail(db, CRM_EDATA, "%s: expected an object, got %s", where, type_of(e));
	}
	cJSON_ArrayForEach(m, e) {
		bool ok = false;

		for (size_t i = 0; keys[i] && !ok; i++) {
			ok = strcmp(m->string, keys[i]) == 0;
		}
		if (!ok) {
			return crmi_fail(db, CRM_EDATA, "%s: unknown member '%s'", where, m->string);
		}
	}
	return CRM_OK;
}

static crm_status check_contacts(struct crm_db *db, const char *id, const cJSON *v)
{
	static const char *const keys[] = { "id", "name", "role", "phone", "email", NULL };
	const cJSON *e, *cid;
	char where[160];
	crm_status st = CRM_OK;
	size_t k = 0;

	cJSON_ArrayForEach(e, v) {
		snprintf(where, sizeof(where), _("answer '%s'[%zu]"), id, k++);
		st = check_entry_keys(db, where, e, keys);
		cid = st == CRM_OK ? cJSON_GetObjectItemCaseSensitive(e, "id") : NULL;
		if (cid && (!cJSON_IsNumber(cid) || cid->valuedouble < 1 ||
			    cid->valuedouble != floor(cid->valuedouble))) {
			st = crmi_fail(db, CRM_EDATA, "%s: 'id' must be a contact id", where);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "name", !cid, crm_check_name);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "role", false, crm_check_name);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "phone", false, crm_check_phone);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "email", false, crm_check_email);
		}
		if (st != CRM_OK) {
			break;
		}
	}
	return st;
}

static crm_status check_referrals(struct crm_db *db, const char *id, const cJSON *v)
{
	static const char *const keys[] = { "name", "kind", "contact", "role", "phone", "email",
					    "note", NULL };
	const cJSON *e, *kind;
	char where[160];
	crm_status st = CRM_OK;
	size_t k = 0;

	cJSON_ArrayForEach(e, v) {
		snprintf(where, sizeof(where), _("answer '%s'[%zu]"), id, k++);
		st = check_entry_keys(db, where, e, keys);
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "name", true, crm_check_name);
		}
		kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
		if (st == CRM_OK && crmi_vip_answered(kind) &&
		    (!cJSON_IsString(kind) || (strcmp(kind->valuestring, "company") != 0 &&
					       strcmp(kind->valuestring, "person") != 0))) {
			st = crmi_fail(db, CRM_EDATA, "%s: 'kind' must be company or person", where);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "contact", false, crm_check_name);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "role", false, crm_check_name);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "phone", false, crm_check_phone);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "email", false, crm_check_email);
		}
		if (st == CRM_OK) {
			st = entry_text(db, where, e, "note", false, crm_check_text);
		}
		if (st != CRM_OK) {
			break;
		}
	}
	return st;
}

static crm_status check_text_answer(struct crm_db *db, const char *id, const char *s)
{
	if (!crm_utf8_valid(s, strlen(s))) {
		return afail(db, id, _("not valid UTF-8 text"));
	}
	if (crm_utf8_len(s) > CRM_TEXT_MAX) {
		return afail(db, id, _("too long: %zu characters, at most %d"), crm_utf8_len(s),
			     CRM_TEXT_MAX);
	}
	return CRM_OK;
}

/* One answer v (answered) to question q. */
static crm_status check_answer(struct crm_db *db, const struct tq *q, const cJSON *v)
{
	char a[40], b[40];

	switch (q->type) {
	case Q_TEXT:
		if (!cJSON_IsString(v)) {
			return afail(db, q->id, _("expected a text, got %s"), type_of(v));
		}
		return check_text_answer(db, q->id, v->valuestring);
	case Q_NUMBER:
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			return afail(db, q->id, _("expected a number, got %s"), type_of(v));
		}
		if (q->has_min && v->valuedouble < q->min) {
			num_text(v->valuedouble, a, sizeof(a));
			num_text(q->min, b, sizeof(b));
			return afail(db, q->id, _("%s is below the least allowed, %s"), a, b);
		}
		if (q->has_max && v->valuedouble > q->max) {
			num_text(v->valuedouble, a, sizeof(a));
			num_text(q->max, b, sizeof(b));
			return afail(db, q->id, _("%s is above the most allowed, %s"), a, b);
		}
		return CRM_OK;
	case Q_YESNO:
		return cJSON_IsBool(v) ? CRM_OK
				       : afail(db, q->id, _("expected true or false, got %s"), type_of(v));
	case Q_CHOICE:
		if (!cJSON_IsString(v)) {
			return afail(db, q->id, _("expected one of the choices, got %s"), type_of(v));
		}
		if (!crmi_vip_in_choices(q->choices, v->valuestring)) {
			char *list = cJSON_PrintUnformatted(q->choices);
			crm_status st = afail(db, q->id, _("'%s' is not one of the choices %s"),
					      v->valuestring, list ? list : "");

			cJSON_free(list);
			return st;
		}
		return CRM_OK;
	case Q_CONTACTS:
		if (!cJSON_IsArray(v)) {
			return afail(db, q->id, _("expected an array of contacts, got %s"), type_of(v));
		}
		return check_contacts(db, q->id, v);
	case Q_REFERRALS:
		if (!cJSON_IsArray(v)) {
			return afail(db, q->id, _("expected an array of referrals, got %s"), type_of(v));
		}
		return check_referrals(db, q->id, v);
	}
	return CRM_OK;
}

/* Checks a parsed answers object against t. */
static crm_status answers_check(struct crm_db *db, const struct tmpl *t, const cJSON *answers)
{
	const cJSON *v;
	crm_status st;

	if (!cJSON_IsObject(answers)) {
		return crmi_fail(db, CRM_EDATA, "answers: expected a JSON object keyed by question id");
	}
	cJSON_ArrayForEach(v, answers) {
		const struct tq *q = find_question(t, v->string);

		if (!q) {
			return afail(db, v->string, _("no such question in the template (version %lld)"),
				     (long long)t->version);
		}
		for (const cJSON *w = answers->child; w != v; w = w->next) {
			if (strcmp(w->string, v->string) == 0) {
				return afail(db, v->string, _("given twice"));
			}
		}
		if (crmi_vip_answered(v) && (st = check_answer(db, q, v)) != CRM_OK) {
			return st;
		}
	}
	for (size_t i = 0; i < t->nq; i++) {
		if (t->q[i].required &&
		    !crmi_vip_answered(cJSON_GetObjectItemCaseSensitive(answers, t->q[i].id))) {
			return afail(db, t->q[i].id, _("a required answer is missing"));
		}
	}
	return CRM_OK;
}

static crm_status answers_parse(struct crm_db *db, const char *json, cJSON **out)
{
	const char *end = NULL;

	*out = NULL;
	if (!json || !crm_utf8_valid(json, strlen(json))) {
		return crmi_fail(db, CRM_EDATA, "answers: not valid UTF-8 text");
	}
	*out = cJSON_ParseWithOpts(json, &end, true);
	if (!*out) {
		const char *at = cJSON_GetErrorPtr();

		return crmi_fail(db, CRM_EDATA, "answers: invalid JSON at byte %zu",
				 at && at >= json ? (size_t)(at - json) : (size_t)0);
	}
	return CRM_OK;
}

crm_status crm_vip_answers_check(struct crm_db *db, const char *answers)
{
	struct tmpl t;
	cJSON *a = NULL;
	crm_status st;

	crmi_clear_error(db);
	st = crmi_vip_tmpl_load(db, 0, &t);
	if (st != CRM_OK) {
		return st;
	}
	st = answers_parse(db, answers, &a);
	if (st == CRM_OK) {
		st = answers_check(db, &t, a);
	}
	cJSON_Delete(a);
	crmi_vip_tmpl_release(&t);
	return st;
}

/* ---- quality ---------------------------------------------------------------- */

/*
 * The threshold of an at_least rule: a number, or the number in the
 * client's tag NAME=N (or NAME:N), else the rule's default. false when
 * there is none: the rule cannot be checked.
 */
static bool threshold(const cJSON *rule, const cJSON *tags, double *out)
{
	const cJSON *tag, *def, *t;
	size_t n;

	if (cJSON_IsNumber(rule)) {
		*out = rule->valuedouble;
		return true;
	}
	tag = cJSON_GetObjectItemCaseSensitive(rule, "tag");
	def = cJSON_GetObjectItemCaseSensitive(rule, "default");
	n = strlen(tag->valuestring);
	cJSON_ArrayForEach(t, tags) {
		char *end;
		double v;

		if (!cJSON_IsString(t) || strncmp(t->valuestring, tag->valuestring, n) != 0 ||
		    (t->valuestring[n] != '=' && t->valuestring[n] != ':')) {
			continue;
		}
		v = strtod(t->valuestring + n + 1, &end);
		if (end != t->valuestring + n + 1 && !*end && isfinite(v)) {
			*out = v;
			return true;
		}
	}
	if (cJSON_IsNumber(def)) {
		*out = def->valuedouble;
		return true;
	}
	return false;
}

struct quality {
	int checked, failed;
	cJSON *failures;     /* [{"id", "text"}] */
	char text[2000];     /* the failures in words, "; "-separated */
	char unchecked[600];
};

static void add_words(char *buf, size_t n, const char *s)
{
	size_t len = strlen(buf);

	snprintf(buf + len, n - len, "%s%s", len ? "; " : "", s);
}

/* Evaluates every pass rule answered. */
static void quality_eval(struct crm_db *db, const struct tmpl *t, const cJSON *answers,
			 const cJSON *tags, struct quality *qr)
{
	const char *yes = crmi_base_text(db, "yes", "да"), *no = crmi_base_text(db, "no", "нет");

	for (size_t i = 0; i < t->nq; i++) {
		const struct tq *q = &t->q[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(answers, q->id);
		const cJSON *rule = q->pass ? q->pass->child : NULL;
		char a[40], b[40], words[400];
		bool ok = true;
		double min;

		if (!rule || !crmi_vip_answered(v)) {
			continue;
		}
		words[0] = '\0';
		if (q->type == Q_NUMBER) {
			if (!threshold(rule, tags, &min)) {
				snprintf(words, sizeof(words),
					 crmi_base_text(db, "%s (no tag %s=N on the client's sheet)",
							"%s (в карточке клиента нет метки %s=N)"),
					 q->id,
					 cJSON_GetObjectItemCaseSensitive(rule, "tag")->valuestring);
				add_words(qr->unchecked, sizeof(qr->unchecked), words);
				continue;
			}
			ok = v->valuedouble >= min;
			num_text(v->valuedouble, a, sizeof(a));
			num_text(min, b, sizeof(b));
			snprintf(words, sizeof(words),
				 crmi_base_text(db, "%s: %s%s%s (at least %s expected)",
						"%s: %s%s%s (ожидалось не меньше %s)"),
				 q->id, a, q->unit ? " " : "", q->unit ? q->unit : "", b);
		} else if (q->type == Q_YESNO) {
			ok = cJSON_IsTrue(v) == cJSON_IsTrue(rule);
			snprintf(words, sizeof(words),
				 crmi_base_text(db, "%s: %s (%s expected)", "%s: %s (ожидалось «%s»)"),
				 q->id, cJSON_IsTrue(v) ? yes : no, cJSON_IsTrue(rule) ? yes : no);
		} else if (q->type == Q_CHOICE) {
			ok = crmi_vip_in_choices(rule, v->valuestring);
			snprintf(words, sizeof(words),
				 crmi_base_text(db, "%s: '%s' (not a passing answer)",
						"%s: «%s» (недостаточный ответ)"),
				 q->id, v->valuestring);
		}
		qr->checked++;
		if (!ok) {
			cJSON *f = cJSON_CreateObject();

			qr->failed++;
			add_words(qr->text, sizeof(qr->text), words);
			cJSON_AddStringToObject(f, "id", q->id);
			cJSON_AddStringToObject(f, "text", words);
			cJSON_AddItemToArray(qr->failures, f);
		}
	}
}

/* ---- the survey ---------------------------------------------------------------- */

struct effect {
	char *kind;              /* static strings only */
	int64_t ref;
	char *text;
};

struct survey {
	struct crm_db *db;
	const struct crm_vip_survey_input *in;
	struct tmpl t;
	cJSON *answers;
	cJSON *tags;
	char *client;
	int64_t owner_id;
	int64_t surveyor_id;
	char *surveyor;
	int64_t at;              /* the meeting */
	int64_t today;
	int64_t item_id, item_program;
	bool item_pending;
	int64_t survey_id, incident_id, remedy_id, interaction_id;
	struct quality qr;
	struct effect *fx;
	size_t nfx, capfx;
	int64_t ncontacts, nopp, nref;
};

static crm_status effect(struct survey *s, const char *kind, int64_t ref, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static crm_status effect(struct survey *s, const char *kind, int64_t ref, const char *fmt, ...)
{
	char text[1200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (s->nfx == s->capfx) {
		size_t cap = s->capfx ? s->capfx * 2 : 16;
		struct effect *fx = realloc(s->fx, cap * sizeof(*fx));

		if (!fx) {
			return oom(s->db);
		}
		s->fx = fx;
		s->capfx = cap;
	}
	s->fx[s->nfx].kind = (char *)kind;
	s->fx[s->nfx].ref = ref;
	s->fx[s->nfx].text = strdup(text);
	if (!s->fx[s->nfx].text) {
		return oom(s->db);
	}
	s->nfx++;
	return CRM_OK;
}

static void survey_release(struct survey *s)
{
	for (size_t i = 0; i < s->nfx; i++) {
		free(s->fx[i].text);
	}
	free(s->fx);
	free(s->client);
	free(s->surveyor);
	cJSON_Delete(s->answers);
	cJSON_Delete(s->tags);
	cJSON_Delete(s->qr.failures);
	crmi_vip_tmpl_release(&s->t);
}

static crm_status load_client(struct survey *s)
{
	struct crm_db *db = s->db;
	crmi_stmt *st = crmi_prepare(db, sql_client);
	crm_status ret = CRM_OK;
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, s->in->client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		s->client = strdup(crmi_col_text(st, 0));
		s->owner_id = crmi_col_int64(st, 1);
		s->tags = cJSON_Parse(crmi_col_text(st, 2));
		if (!s->client) {
			ret = oom(db);
		}
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld",
				(long long)s->in->client_id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the client");
	}
	crmi_reset(st);
	return ret;
}

static crm_status load_item(struct survey *s)
{
	crmi_stmt *st = crmi_prepare(s->db, sql_item);
	int rc;

	if (!st) {
		return s->db->errcode;
	}
	crmi_bind_int64(st, 1, s->in->client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		s->item_id = crmi_col_int64(st, 0);
		s->item_program = crmi_col_int64(st, 1);
		s->item_pending = strcmp(crmi_col_text(st, 2), "pending") == 0;
		if (!s->surveyor_id) {
			s->surveyor_id = crmi_col_int64(st, 3);
		}
	}
	crmi_reset(st);
	if (rc != CRMI_ROW && rc != CRMI_DONE) {
		return crmi_sqlfail(s->db, rc, "cannot read the programme's list");
	}
	return CRM_OK;
}

/* Who met the client: the given manager, the actor, or the item's surveyor. */
static crm_status load_surveyor(struct survey *s)
{
	struct crm_db *db = s->db;
	crmi_stmt *st;
	crm_status ret = CRM_OK;
	int rc;

	s->surveyor_id = s->in->surveyor_id ? s->in->surveyor_id : crm_manager_self(db);
	ret = load_item(s);
	if (ret != CRM_OK) {
		return ret;
	}
	if (!s->surveyor_id) {
		return crmi_fail(db, CRM_ECONFLICT,
				 "nobody to record as the surveyor of '%s': act as the manager who "
				 "met the client (--as NAME)", s->client);
	}
	st = crmi_prepare(db, sql_manager_name);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, s->surveyor_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		s->surveyor = strdup(crmi_col_text(st, 0));
		ret = s->surveyor ? CRM_OK : oom(db);
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld",
				(long long)s->surveyor_id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the manager");
	}
	crmi_reset(st);
	return ret;
}

static crm_status insert_survey(struct survey *s)
{
	struct crm_db *db = s->db;
	crmi_stmt *st = crmi_prepare(db, sql_survey_insert);
	char *answers = cJSON_PrintUnformatted(s->answers);
	char *failures = cJSON_PrintUnformatted(s->qr.failures);
	crm_status ret;

	if (!answers || !failures) {
		cJSON_free(answers);
		cJSON_free(failures);
		return oom(db);
	}
	if (!st) {
		cJSON_free(answers);
		cJSON_free(failures);
		return db->errcode;
	}
	crmi_bind_int64(st, 1, s->in->client_id);
	if (s->item_id) {
		crmi_bind_int64(st, 2, s->item_program);
	}
	crmi_bind_int64(st, 3, s->t.version);
	crmi_bind_int64(st, 4, s->surveyor_id);
	crmi_bind_text(st, 5, s->surveyor);
	crmi_bind_int64(st, 6, s->at);
	crmi_bind_text(st, 7, answers);
	if (s->qr.checked) {
		crmi_bind_text(st, 8, s->qr.failed ? "fail" : "pass");
	}
	crmi_bind_text(st, 9, failures);
	crmi_bind_text(st, 10, crm_db_actor(db));
	crmi_bind_int64(st, 11, crm_db_now(db));
	ret = crmi_step_done(db, st, "cannot store the survey");
	s->survey_id = crmi_last_id(db);
	cJSON_free(answers);
	cJSON_free(failures);
	return ret;
}

/* ---- effects: key contacts ---- */

struct known {
	int64_t id;
	char *name, *fold, *role, *phone, *email;
	bool key;
};

static void known_release(struct known *k, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(k[i].name);
		free(k[i].fold);
		free(k[i].role);
		free(k[i].phone);
		free(k[i].email);
	}
	free(k);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* The client's contacts now. */
static crm_status known_load(struct survey *s, struct known **out, size_t *n)
{
	struct crm_contact_filter f = { .client_id = s->in->client_id };
	struct crm_contact_iter *it;
	const struct crm_contact *c;
	struct known *k = NULL;
	size_t cap = 0;
	crm_status st = crm_contact_query(s->db, &f, &it);

	*out = NULL;
	*n = 0;
	if (st != CRM_OK) {
		return st;
	}
	while ((st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		if (*n == cap) {
			struct known *g = realloc(k, (cap ? cap * 2 : 8) * sizeof(*g));

			if (!g) {
				st = oom(s->db);
				break;
			}
			k = g;
			cap = cap ? cap * 2 : 8;
		}
		k[*n] = (struct known){
			.id = c->id, .key = c->key, .name = strdup(c->name),
			.fold = crm_text_fold(c->name), .role = dup_or_null(c->role),
			.phone = dup_or_null(c->phone), .email = dup_or_null(c->email),
		};
		(*n)++;
		if (!k[*n - 1].name || !k[*n - 1].fold) {
			st = oom(s->db);
			break;
		}
	}
	crm_contact_iter_destroy(it);
	if (st != CRM_DONE) {
		known_release(k, *n);
		*n = 0;
		return st;
	}
	*out = k;
	return CRM_OK;
}

static const char *member(const cJSON *e, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);

	return crmi_vip_answered(v) && cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool differs(const char *given, const char *now)
{
	return given && (!now || strcmp(given, now) != 0);
}

/* The known contact an answer names: by id (of this client), else by name. */
static crm_status match_contact(struct survey *s, const char *where, const cJSON *e,
				struct known *k, size_t n, struct known **out)
{
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(e, "id");
	const char *name = member(e, "name");
	char *fold;

	*out = NULL;
	if (cid) {
		for (size_t i = 0; i < n; i++) {
			if (k[i].id == (int64_t)cid->valuedouble) {
				*out = &k[i];
				return CRM_OK;
			}
		}
		return crmi_fail(s->db, CRM_EDATA, "%s: no contact %lld at '%s'", where,
				 (long long)cid->valuedouble, s->client);
	}
	fold = crm_text_fold(name);
	if (!fold) {
		return oom(s->db);
	}
	for (size_t i = 0; i < n && !*out; i++) {
		if (strcmp(k[i].fold, fold) == 0) {
			*out = &k[i];
		}
	}
	free(fold);
	return CRM_OK;
}

static crm_status one_contact(struct survey *s, const char *where, const cJSON *e,
			      struct known *k, size_t n)
{
	struct crm_db *db = s->db;
	struct crm_contact_input in = {
		.name = member(e, "name"), .role = member(e, "role"), .phone = member(e, "phone"),
		.email = member(e, "email"), .key = 1,
	};
	struct known *m;
	int64_t id;
	crm_status st = match_contact(s, where, e, k, n, &m);

	if (st != CRM_OK) {
		return st;
	}
	if (!m) {
		st = crm_contact_add(db, s->in->client_id, &in, &id);
		if (st == CRM_OK) {
			st = crm_contact_verify(db, id, s->at);
		}
		s->ncontacts++;
		return st == CRM_OK ? effect(s, "contact.add", id,
					     crmi_base_text(db, "added key contact '%s'",
							    "добавлен ключевой контакт «%s»"),
					     in.name)
				    : st;
	}
	id = m->id;
	if (differs(in.name, m->name) || differs(in.role, m->role) ||
	    differs(in.phone, m->phone) || differs(in.email, m->email) || !m->key) {
		st = crm_contact_edit(db, id, &in);
		if (st == CRM_OK) {
			st = crm_contact_verify(db, id, s->at);
		}
		s->ncontacts++;
		return st == CRM_OK ? effect(s, "contact.update", id,
					     crmi_base_text(db, "updated key contact '%s'",
							    "обновлён ключевой контакт «%s»"),
					     in.name ? in.name : m->name)
				    : st;
	}
	st = crm_contact_verify(db, id, s->at);
	s->ncontacts++;
	return st == CRM_OK ? effect(s, "contact.verify", id,
				     crmi_base_text(db, "confirmed key contact '%s'",
						    "подтверждён ключевой контакт «%s»"),
				     m->name)
			    : st;
}

static crm_status do_contacts(struct survey *s)
{
	struct known *k = NULL;
	size_t n = 0;
	crm_status st = CRM_OK;
	bool any = false;

	for (size_t i = 0; i < s->t.nq; i++) {
		any = any || (s->t.q[i].type == Q_CONTACTS &&
			      crmi_vip_answered(cJSON_GetObjectItemCaseSensitive(s->answers, s->t.q[i].id)));
	}
	if (!any) {
		return CRM_OK;
	}
	st = known_load(s, &k, &n);
	for (size_t i = 0; st == CRM_OK && i < s->t.nq; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->answers, s->t.q[i].id);
		const cJSON *e;
		size_t j = 0;

		if (s->t.q[i].type != Q_CONTACTS || !crmi_vip_answered(v)) {
			continue;
		}
		cJSON_ArrayForEach(e, v) {
			char where[160];

			snprintf(where, sizeof(where), _("answer '%s'[%zu]"), s->t.q[i].id, j++);
			st = one_contact(s, where, e, k, n);
			if (st != CRM_OK) {
				break;
			}
		}
	}
	known_release(k, n);
	return st;
}

/* ---- effects: quality, opportunities, referrals ---- */

static int64_t due_in(struct survey *s, const char *key)
{
	return s->today + crm_config_int(s->db, key) * DAY;
}

static crm_status do_quality(struct survey *s)
{
	char date[16], text[2400];
	int64_t assignee = s->owner_id ? s->owner_id : s->surveyor_id;
	crm_status st;

	crm_date_format(s->at, date, sizeof(date));
	if (s->qr.unchecked[0]) {
		st = effect(s, "quality", 0,
			    crmi_base_text(s->db, "not checked: %s", "не проверено: %s"),
			    s->qr.unchecked);
		if (st != CRM_OK) {
			return st;
		}
	}
	if (!s->qr.checked) {
		return CRM_OK;
	}
	if (!s->qr.failed) {
		return s->qr.checked == 1
			       ? effect(s, "quality", 0, "%s",
					crmi_base_text(s->db, "quality is good: 1 rule passed",
						       "качество в норме: проверка пройдена"))
			       : effect(s, "quality", 0,
					crmi_base_text(s->db, "quality is good: %d rules passed",
						       "качество в норме: пройдено проверок: %d"),
					s->qr.checked);
	}
	snprintf(text, sizeof(text),
		 crmi_base_text(s->db, "bad quality found by the VIP survey of %s: %s",
				"анкета VIP от %s выявила плохое качество: %s"),
		 date, s->qr.text);
	st = crm_incident_add(s->db, s->in->client_id, "quality", text, &s->incident_id);
	if (st == CRM_OK) {
		st = effect(s, "incident", s->incident_id, "%s", text);
	}
	if (st != CRM_OK) {
		return st;
	}
	snprintf(text, sizeof(text),
		 crmi_base_text(s->db, "technical work: restore the quality of service (%s)",
				"технические работы: восстановить качество обслуживания (%s)"),
		 s->qr.text);
	st = crm_next_add(s->db, s->in->client_id, text, due_in(s, "vip.remedy_days"), assignee,
			  &s->remedy_id);
	if (st == CRM_OK) {
		char d[16];

		crm_date_format(due_in(s, "vip.remedy_days"), d, sizeof(d));
		st = assignee == s->surveyor_id && !s->owner_id
			     ? effect(s, "remedy", s->remedy_id,
				      crmi_base_text(s->db,
						     "next action 'technical work' for %s, due %s",
						     "следующее действие «технические работы» для "
						     "%s, срок %s"),
				      s->surveyor, d)
			     : effect(s, "remedy", s->remedy_id,
				      crmi_base_text(s->db,
						     "next action 'technical work' for the owner, "
						     "due %s",
						     "следующее действие «технические работы» для "
						     "ответственного менеджера, срок %s"),
				      d);
	}
	return st;
}

/* The answer v to opportunity q in words, malloc'd; NULL when "no". */
static char *opportunity_text(struct crm_db *db, const struct tq *q, const cJSON *v)
{
	char buf[64];

	if (q->type == Q_YESNO) {
		return cJSON_IsTrue(v) ? strdup(crmi_base_text(db, "yes", "да")) : NULL;
	}
	if (q->type == Q_NUMBER) {
		if (v->valuedouble == 0) {
			return NULL;
		}
		num_text(v->valuedouble, buf, sizeof(buf));
		return strdup(buf);
	}
	return clip(v->valuestring, CLIP);
}

static crm_status do_opportunities(struct survey *s)
{
	crm_status st = CRM_OK;

	for (size_t i = 0; st == CRM_OK && i < s->t.nq; i++) {
		const struct tq *q = &s->t.q[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->answers, q->id);
		char *words, *text;
		int64_t id;
		size_t n;

		if (!q->opportunity || !crmi_vip_answered(v) || !(words = opportunity_text(s->db, q, v))) {
			continue;
		}
		n = strlen(q->label) + strlen(words) + 48;
		text = malloc(n);
		if (!text) {
			free(words);
			return oom(s->db);
		}
		snprintf(text, n,
			 crmi_base_text(s->db, "VIP opportunity (%s): %s", "возможность VIP (%s): %s"),
			 q->label, words);
		st = crm_next_add(s->db, s->in->client_id, text, due_in(s, "vip.followup_days"),
				  s->surveyor_id, &id);
		if (st == CRM_OK) {
			s->nopp++;
			st = effect(s, "opportunity", id,
				    crmi_base_text(s->db, "next action for %s: %s",
						   "следующее действие для %s: %s"),
				    s->surveyor, text);
		}
		free(text);
		free(words);
	}
	return st;
}

static crm_status referral_contact(struct survey *s, int64_t client, const cJSON *e,
				   const char *name)
{
	struct crm_contact_input in = {
		.name = member(e, "contact"), .role = member(e, "role"),
		.phone = member(e, "phone"), .email = member(e, "email"), .key = 1,
	};
	int64_t id;

	if (!in.name && !in.phone && !in.email && !in.role) {
		return CRM_OK;
	}
	if (!in.name) {
		in.name = name;
	}
	return crm_contact_add(s->db, client, &in, &id);
}

static crm_status one_referral(struct survey *s, const cJSON *e)
{
	struct crm_db *db = s->db;
	const char *name = member(e, "name"), *note = member(e, "note");
	char owner[32], text[1200], *nclip = note ? clip(note, 2000) : NULL;
	char source[1024], *from = clip(s->client, 189);
	struct crm_client_input in = { .contact_every = -1 };
	int64_t id = 0, action = 0, same = crm_client_namesake(db, name, 0);
	crm_status ret;

	if ((note && !nclip) || !from) {
		free(nclip);
		free(from);
		return oom(db);
	}
	snprintf(owner, sizeof(owner), "%lld", (long long)s->surveyor_id);
	snprintf(text, sizeof(text),
		 crmi_base_text(db, "referred by '%s' in the VIP survey%s%s",
				"рекомендация клиента «%s» в анкете VIP%s%s"),
		 s->client, nclip ? ": " : "", nclip ? nclip : "");
	free(nclip);
	in.name = name;
	in.kind = member(e, "kind");
	in.status = "prospect";
	in.owner = owner;
	in.note = text;
	/* the channel it came from: the referring client, "referral: <name>"
	 * (a name of 189 characters at most and an ellipsis, within the 200
	 * of a one-line field) */
	snprintf(source, sizeof(source), "referral: %s", from);
	free(from);
	in.source = source;
	ret = crm_client_add(db, &in, &id);
	if (ret == CRM_OK) {
		ret = crmi_client_set_referred_by(db, id, s->in->client_id);
	}
	if (ret == CRM_OK) {
		ret = referral_contact(s, id, e, name);
	}
	if (ret == CRM_OK) {
		s->nref++;
		ret = effect(s, "referral", id,
			     crmi_base_text(db, "new prospect client '%s' referred by '%s'%s",
					    "новый потенциальный клиент «%s» по рекомендации "
					    "клиента «%s»%s"),
			     name, s->client,
			     !same ? ""
				   : crmi_base_text(db, " (a client of the same name exists)",
						    " (клиент с таким же названием уже есть)"));
	}
	if (ret == CRM_OK) {
		snprintf(text, sizeof(text),
			 crmi_base_text(db, "first contact: referred by '%s'",
					"первый контакт: по рекомендации клиента «%s»"),
			 s->client);
		ret = crm_next_add(db, id, text, due_in(s, "vip.followup_days"), s->surveyor_id,
				   &action);
	}
	if (ret == CRM_OK) {
		ret = effect(s, "first-contact", action,
			     crmi_base_text(db, "next action 'first contact' with '%s' for %s",
					    "следующее действие «первый контакт» с «%s» для %s"),
			     name, s->surveyor);
	}
	return ret;
}

static crm_status do_referrals(struct survey *s)
{
	crm_status st = CRM_OK;

	for (size_t i = 0; st == CRM_OK && i < s->t.nq; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(s->answers, s->t.q[i].id);
		const cJSON *e;

		if (s->t.q[i].type != Q_REFERRALS || !crmi_vip_answered(v)) {
			continue;
		}
		cJSON_ArrayForEach(e, v) {
			st = one_referral(s, e);
			if (st != CRM_OK) {
				break;
			}
		}
	}
	return st;
}

/* ---- effects: the interaction, the item, the record ---- */

static cJSON *interaction_json(struct survey *s, const char *text, const char *outcome)
{
	cJSON *j = cJSON_CreateObject();
	char buf[32];

	crmi_json_int(j, "id", s->interaction_id);
	crmi_json_int(j, "client_id", s->in->client_id);
	crmi_json_str(j, "kind", "survey");
	crmi_json_str(j, "at", crm_time_format(s->at, buf, sizeof(buf)));
	crmi_json_str(j, "author", s->surveyor);
	crmi_json_str(j, "text", text);
	crmi_json_str(j, "outcome", outcome);
	cJSON_AddNullToObject(j, "amount");
	return j;
}

/* The survey as an interaction of kind survey: the timeline and the
 * audit's silent-client rule see it, and it counts as a contact. */
static crm_status do_interaction(struct survey *s)
{
	struct crm_db *db = s->db;
	char text[600], outcome[2200];
	crm_status ret;

	/* Russian names the count after the noun ("noun: N"), which needs no
	 * plural forms: %.0s skips the English endings */
	snprintf(text, sizeof(text),
		 crmi_base_text(db,
				"VIP survey (questionnaire version %lld): %lld key contact%s "
				"refreshed, %lld opportunit%s, %lld referral%s",
				"анкета VIP (версия анкеты %lld): обновлено ключевых контактов: "
				"%lld%.0s, возможностей: %lld%.0s, рекомендаций: %lld%.0s"),
		 (long long)s->t.version, (long long)s->ncontacts, s->ncontacts == 1 ? "" : "s",
		 (long long)s->nopp, s->nopp == 1 ? "y" : "ies", (long long)s->nref,
		 s->nref == 1 ? "" : "s");
	if (!s->qr.checked) {
		snprintf(outcome, sizeof(outcome), "%s",
			 crmi_base_text(db, "quality not checked", "качество не проверено"));
	} else if (s->qr.failed) {
		snprintf(outcome, sizeof(outcome),
			 crmi_base_text(db, "quality bad: %s", "качество плохое: %s"), s->qr.text);
	} else {
		snprintf(outcome, sizeof(outcome), "%s",
			 crmi_base_text(db, "quality good", "качество в норме"));
	}
	ret = crmi_interaction_insert(db, &(struct crmi_interaction_row){
		.client_id = s->in->client_id, .kind = "survey", .at = s->at,
		.author = s->surveyor, .text = text, .outcome = outcome,
		.created = crm_db_now(db) }, &s->interaction_id);
	if (ret == CRM_OK) {
		/* it counts as a contact, not as an order; the status stays */
		ret = crmi_client_noted(db, s->in->client_id, s->at, false, NULL);
	}
	if (ret == CRM_OK) {
		ret = crmi_journal(db, "interaction.add", "interaction", s->interaction_id,
				   interaction_json(s, text, outcome));
	}
	if (ret == CRM_OK) {
		ret = effect(s, "interaction", s->interaction_id, "%s",
			     crmi_base_text(db, "logged a survey interaction",
					    "записано взаимодействие «анкета VIP»"));
	}
	return ret;
}

static crm_status do_item(struct survey *s)
{
	crmi_stmt *st;
	crm_status ret;

	if (!s->item_id || !s->item_pending) {
		return CRM_OK;
	}
	st = crmi_prepare(s->db, sql_item_done);
	if (!st) {
		return s->db->errcode;
	}
	crmi_bind_int64(st, 1, s->item_id);
	crmi_bind_int64(st, 2, crm_db_now(s->db));
	crmi_bind_int64(st, 3, s->survey_id);
	ret = crmi_step_done(s->db, st, "cannot mark the item done");
	return ret == CRM_OK ? effect(s, "item", s->item_id,
				      crmi_base_text(s->db, "marked '%s' done in VIP programme %lld",
						     "клиент «%s» отмечен опрошенным в программе "
						     "VIP %lld"),
				      s->client, (long long)s->item_program)
			     : ret;
}

static crm_status drop_draft(struct crm_db *db, int64_t client_id)
{
	crmi_stmt *st = crmi_prepare(db, sql_draft_delete);
	crm_status ret;
	cJSON *j;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	ret = crmi_step_done(db, st, "cannot drop the draft");
	if (ret == CRM_OK && crmi_changes(db) > 0) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "client_id", client_id);
		crmi_json_str(j, "event", "dropped");
		ret = crmi_journal(db, "vip.draft", "client", client_id, j);
	}
	return ret;
}

static crm_status store_effects(struct survey *s)
{
	struct crm_db *db = s->db;
	crmi_stmt *st;
	crm_status ret = CRM_OK;

	for (size_t i = 0; ret == CRM_OK && i < s->nfx; i++) {
		st = crmi_prepare(db, sql_effect_insert);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_int64(st, 1, s->survey_id);
		crmi_bind_text(st, 2, s->fx[i].kind);
		if (s->fx[i].ref) {
			crmi_bind_int64(st, 3, s->fx[i].ref);
		}
		crmi_bind_text(st, 4, s->fx[i].text);
		ret = crmi_step_done(db, st, "cannot store what the survey did");
	}
	if (ret == CRM_OK && !(st = crmi_prepare(db, sql_survey_links))) {
		ret = db->errcode;
	}
	if (ret == CRM_OK) {
		crmi_bind_int64(st, 1, s->survey_id);
		if (s->incident_id) {
			crmi_bind_int64(st, 2, s->incident_id);
		}
		if (s->remedy_id) {
			crmi_bind_int64(st, 3, s->remedy_id);
		}
		crmi_bind_int64(st, 4, s->interaction_id);
		ret = crmi_step_done(db, st, "cannot store the survey");
	}
	return ret;
}

static crm_status journal_survey(struct survey *s)
{
	cJSON *j = cJSON_CreateObject();
	char buf[16];

	crmi_json_int(j, "client_id", s->in->client_id);
	crmi_json_str(j, "client", s->client);
	crmi_json_int(j, "template_version", s->t.version);
	crmi_json_int(j, "surveyor_id", s->surveyor_id);
	crmi_json_str(j, "surveyor", s->surveyor);
	crmi_json_str(j, "date", crm_date_format(s->at, buf, sizeof(buf)));
	crmi_json_str(j, "quality", !s->qr.checked ? NULL : s->qr.failed ? "fail" : "pass");
	cJSON_AddItemReferenceToObject(j, "answers", s->answers);
	return crmi_journal(s->db, "vip.survey", "vip_survey", s->survey_id, j);
}

static crm_status survey_locked(struct survey *s)
{
	crm_status st = load_client(s);

	if (st == CRM_OK) {
		st = load_surveyor(s);
	}
	if (st != CRM_OK) {
		return st;
	}
	quality_eval(s->db, &s->t, s->answers, s->tags, &s->qr);
	if ((st = insert_survey(s)) != CRM_OK ||
	    (st = effect(s, "survey", s->survey_id,
			 crmi_base_text(s->db,
					"stored the VIP survey of '%s' by %s "
					"(questionnaire version %lld)",
					"сохранена анкета VIP клиента «%s», интервьюер %s "
					"(версия анкеты %lld)"),
			 s->client, s->surveyor, (long long)s->t.version)) != CRM_OK ||
	    (st = do_contacts(s)) != CRM_OK || (st = do_quality(s)) != CRM_OK ||
	    (st = do_opportunities(s)) != CRM_OK || (st = do_referrals(s)) != CRM_OK ||
	    (st = do_interaction(s)) != CRM_OK || (st = do_item(s)) != CRM_OK ||
	    (st = drop_draft(s->db, s->in->client_id)) != CRM_OK ||
	    (st = store_effects(s)) != CRM_OK) {
		return st;
	}
	return journal_survey(s);
}

static crm_status survey_result(struct survey *s, struct crm_vip_survey_result **out)
{
	struct crm_vip_survey_result *r = calloc(1, sizeof(*r));

	if (!r || !(r->effects = calloc(s->nfx ? s->nfx : 1, sizeof(*r->effects)))) {
		free(r);
		return oom(s->db);
	}
	r->survey_id = s->survey_id;
	r->item_id = s->item_pending ? s->item_id : 0;
	r->quality = !s->qr.checked ? NULL : s->qr.failed ? "fail" : "pass";
	for (size_t i = 0; i < s->nfx; i++) {
		r->effects[i].kind = s->fx[i].kind;
		r->effects[i].ref_id = s->fx[i].ref;
		r->effects[i].text = s->fx[i].text;
		s->fx[i].text = NULL;   /* now the result's */
	}
	r->neffects = s->nfx;
	*out = r;
	return CRM_OK;
}

void crm_vip_survey_result_destroy(struct crm_vip_survey_result *r)
{
	if (!r) {
		return;
	}
	for (size_t i = 0; i < r->neffects; i++) {
		free((char *)r->effects[i].text);
	}
	free(r->effects);
	free(r);
}

crm_status crm_vip_survey(struct crm_db *db, const struct crm_vip_survey_input *in,
			  struct crm_vip_survey_result **out)
{
	struct survey s = { .db = db, .in = in };
	char d[16], t[16];
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	s.today = crm_db_today(db);
	s.at = in->at ? crm_day_start(in->at) : crm_db_now(db);
	if (s.at > crm_db_now(db)) {
		return crmi_fail(db, CRM_EINVAL, "the meeting's date %s is after today (%s)",
				 crm_date_format(s.at, d, sizeof(d)),
				 crm_date_format(s.today, t, sizeof(t)));
	}
	s.qr.failures = cJSON_CreateArray();
	if (!s.qr.failures) {
		return oom(db);
	}
	st = crmi_vip_tmpl_load(db, 0, &s.t);
	if (st == CRM_OK) {
		st = answers_parse(db, in->answers, &s.answers);
	}
	if (st == CRM_OK) {
		st = answers_check(db, &s.t, s.answers);
	}
	if (st == CRM_OK) {
		st = crmi_atomic_begin(db);
		if (st == CRM_OK) {
			st = crmi_atomic_end(db, survey_locked(&s));
		}
	}
	if (st == CRM_OK) {
		st = survey_result(&s, out);
	}
	survey_release(&s);
	return st;
}

crm_status crm_vip_survey_last(struct crm_db *db, int64_t client_id, char **answers,
			       int64_t *at, int64_t *version, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql_survey_last);
	crm_status ret = CRM_OK;
	int rc;

	*answers = NULL;
	*at = *version = 0;
	if (id) {
		*id = 0;
	}
	crmi_clear_error(db);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*answers = strdup(crmi_col_text(st, 0));
		*at = crmi_col_int64(st, 1);
		*version = crmi_col_int64(st, 2);
		if (id) {
			*id = crmi_col_int64(st, 3);
		}
		ret = *answers ? CRM_OK : oom(db);
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "client %lld was never surveyed",
				(long long)client_id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the surveys");
	}
	crmi_reset(st);
	return ret;
}

/* ---- drafts ------------------------------------------------------------------ */

static crm_status draft_locked(struct crm_db *db, const struct crm_vip_draft *d)
{
	crmi_stmt *st = crmi_prepare(db, sql_draft_save);
	crm_status ret;
	cJSON *j;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, d->client_id);
	crmi_bind_int64(st, 2, d->version);
	if (d->surveyor_id) {
		crmi_bind_int64(st, 3, d->surveyor_id);
	}
	crmi_bind_int64(st, 4, d->at ? d->at : crm_db_now(db));
	crmi_bind_text(st, 5, d->answers);
	crmi_bind_int64(st, 6, d->position);
	crmi_bind_text(st, 7, crm_db_actor(db));
	crmi_bind_int64(st, 8, crm_db_now(db));
	ret = crmi_step_done(db, st, "cannot save the draft");
	if (ret == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "client_id", d->client_id);
		crmi_json_str(j, "event", "saved");
		crmi_json_int(j, "position", d->position);
		cJSON_AddItemToObject(j, "answers", cJSON_Parse(d->answers));
		ret = crmi_journal(db, "vip.draft", "client", d->client_id, j);
	}
	return ret;
}

crm_status crm_vip_draft_save(struct crm_db *db, const struct crm_vip_draft *d)
{
	cJSON *a = NULL;
	crm_status st;

	crmi_clear_error(db);
	st = answers_parse(db, d->answers, &a);
	if (st == CRM_OK && !cJSON_IsObject(a)) {
		st = crmi_fail(db, CRM_EDATA, "answers: expected a JSON object keyed by question id");
	}
	cJSON_Delete(a);
	if (st == CRM_OK && d->position < 0) {
		st = crmi_fail(db, CRM_EINVAL, "invalid draft position");
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, draft_locked(db, d));
}

crm_status crm_vip_draft_load(struct crm_db *db, int64_t client_id, struct crm_vip_draft *d)
{
	crmi_stmt *st = crmi_prepare(db, sql_draft_load);
	crm_status ret = CRM_OK;
	int rc;

	*d = (struct crm_vip_draft){ .client_id = client_id };
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		d->version = crmi_col_int64(st, 0);
		d->surveyor_id = crmi_col_int64(st, 1);
		d->at = crmi_col_int64(st, 2);
		d->answers = strdup(crmi_col_text(st, 3));
		d->position = crmi_col_int64(st, 4);
		d->updated = crmi_col_int64(st, 5);
		ret = d->answers ? CRM_OK : oom(db);
	} else if (rc == CRMI_DONE) {
		ret = crmi_fail(db, CRM_ENOTFOUND, "no survey of client %lld was left half-way",
				(long long)client_id);
	} else {
		ret = crmi_sqlfail(db, rc, "cannot read the draft");
	}
	crmi_reset(st);
	return ret;
}

void crm_vip_draft_release(struct crm_vip_draft *d)
{
	if (!d) {
		return;
	}
	free(d->answers);
	d->answers = NULL;
}
