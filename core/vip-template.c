/*
 * vip-template.c: the VIP questionnaire: its template checked question by
 * question, and stored in versions (version 1 is built in,
 * vip-template.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"
#include "vip-template.h"

#define MAX_QUESTIONS 500

const char *const crm_vip_question_types[] = { "text",   "number",   "yesno", "choice",
					       "contacts", "referrals", NULL };

void crmi_vip_tmpl_release(struct tmpl *t)
{
	cJSON_Delete(t->root);
	free(t->q);
	*t = (struct tmpl){ 0 };
}

/* ---- SQL -------------------------------------------------------------- */

static const char sql_template_max[] = "SELECT max(version) FROM vip_template";
static const char sql_template_body[] = "SELECT body FROM vip_template WHERE version = ?1";
static const char sql_template_insert[] =
	"INSERT INTO vip_template(version, body, author, created) VALUES (?1, ?2, ?3, ?4)";

/* ---- the template: validation ------------------------------------------- */

static crm_status tfail(struct crm_db *db, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static crm_status tfail(struct crm_db *db, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return crmi_fail(db, CRM_EDATA, "template: %s%s%s", path, *path ? ": " : "", msg);
}

static bool valid_id(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || !(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0]))) {
		return false;
	}
	for (const char *p = s; *p; p++) {
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && !strchr("_.-", *p)) {
			return false;
		}
	}
	return true;
}

/* A string member: required or not, 1..max characters of valid UTF-8. */
static crm_status check_str(struct crm_db *db, const char *path, const cJSON *obj,
			    const char *key, bool required, size_t max, const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	char p[300];

	*out = NULL;
	snprintf(p, sizeof(p), "%s%s%s", path, *path ? "." : "", key);
	if (!v) {
		return required ? tfail(db, p, _("missing")) : CRM_OK;
	}
	if (!cJSON_IsString(v) || !v->valuestring[0]) {
		return tfail(db, p, _("expected a text of 1 to %zu characters"), max);
	}
	if (!crm_utf8_valid(v->valuestring, strlen(v->valuestring))) {
		return tfail(db, p, _("not valid UTF-8 text"));
	}
	if (crm_utf8_len(v->valuestring) > max) {
		return tfail(db, p, _("too long: at most %zu characters"), max);
	}
	*out = v->valuestring;
	return CRM_OK;
}

static crm_status check_bool(struct crm_db *db, const char *path, const cJSON *obj,
			     const char *key, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = false;
	if (!v) {
		return CRM_OK;
	}
	if (!cJSON_IsBool(v)) {
		return tfail(db, path, _("'%s' must be true or false"), key);
	}
	*out = cJSON_IsTrue(v);
	return CRM_OK;
}

/* Refuses members not in the NULL-terminated list keys. */
static crm_status check_keys(struct crm_db *db, const char *path, const cJSON *obj,
			     const char *const *keys)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, obj) {
		bool ok = false;

		for (size_t i = 0; keys[i] && !ok; i++) {
			ok = strcmp(m->string, keys[i]) == 0;
		}
		if (!ok) {
			return tfail(db, path, _("unknown member '%s'"), m->string);
		}
	}
	return CRM_OK;
}

static crm_status check_choices(struct crm_db *db, const char *path, const cJSON *c)
{
	const cJSON *a, *b;
	size_t n = 0;

	if (!cJSON_IsArray(c) || cJSON_GetArraySize(c) < 2) {
		return tfail(db, path, _("'choices' must be an array of at least two texts"));
	}
	cJSON_ArrayForEach(a, c) {
		if (!cJSON_IsString(a) || !a->valuestring[0] ||
		    !crm_utf8_valid(a->valuestring, strlen(a->valuestring)) ||
		    crm_utf8_len(a->valuestring) > CRM_NAME_MAX) {
			return tfail(db, path, _("choice %zu must be a text of 1 to %d characters"), n,
				     CRM_NAME_MAX);
		}
		cJSON_ArrayForEach(b, c) {
			if (b == a) {
				break;
			}
			if (strcmp(a->valuestring, b->valuestring) == 0) {
				return tfail(db, path, _("choice '%s' is listed twice"), a->valuestring);
			}
		}
		n++;
	}
	return CRM_OK;
}

bool crmi_vip_in_choices(const cJSON *choices, const char *s)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, choices) {
		if (cJSON_IsString(c) && strcmp(c->valuestring, s) == 0) {
			return true;
		}
	}
	return false;
}

static crm_status check_pass_number(struct crm_db *db, const char *path, const cJSON *v)
{
	static const char *const tag_keys[] = { "tag", "default", NULL };
	const cJSON *d;
	const char *tag;
	crm_status st;

	if (cJSON_IsNumber(v)) {
		return isfinite(v->valuedouble) ? CRM_OK : tfail(db, path, _("a bad threshold"));
	}
	if (!cJSON_IsObject(v)) {
		return tfail(db, path, _("'at_least' must be a number or {\"tag\": NAME}"));
	}
	st = check_keys(db, path, v, tag_keys);
	if (st == CRM_OK) {
		st = check_str(db, path, v, "tag", true, 100, &tag);
	}
	if (st == CRM_OK && (strchr(tag, '=') || strchr(tag, ':'))) {
		st = tfail(db, path, _("tag '%s': name the tag without its value"), tag);
	}
	d = cJSON_GetObjectItemCaseSensitive(v, "default");
	if (st == CRM_OK && d && !cJSON_IsNumber(d)) {
		st = tfail(db, path, _("'default' must be a number"));
	}
	return st;
}

/* The pass rule of a question of type t. */
static crm_status check_pass(struct crm_db *db, const char *path, const cJSON *pass,
			     enum qtype t, const cJSON *choices)
{
	char p[320];
	const cJSON *v, *c;

	snprintf(p, sizeof(p), "%s.pass", path);
	if (!cJSON_IsObject(pass) || cJSON_GetArraySize(pass) != 1) {
		return tfail(db, p, _("expected an object with one rule"));
	}
	v = pass->child;
	switch (t) {
	case Q_NUMBER:
		if (strcmp(v->string, "at_least") != 0) {
			return tfail(db, p, _("a number question takes the rule 'at_least'"));
		}
		return check_pass_number(db, p, v);
	case Q_YESNO:
		if (strcmp(v->string, "expect") != 0 || !cJSON_IsBool(v)) {
			return tfail(db, p, _("a yesno question takes the rule 'expect': true or false"));
		}
		return CRM_OK;
	case Q_CHOICE:
		if (strcmp(v->string, "one_of") != 0 || !cJSON_IsArray(v) ||
		    cJSON_GetArraySize(v) < 1) {
			return tfail(db, p, _("a choice question takes the rule 'one_of': [choices]"));
		}
		cJSON_ArrayForEach(c, v) {
			if (!cJSON_IsString(c) || !crmi_vip_in_choices(choices, c->valuestring)) {
				return tfail(db, p, _("'one_of' lists a value that is not a choice"));
			}
		}
		return CRM_OK;
	default:
		return tfail(db, p, _("only number, yesno and choice questions have a pass rule"));
	}
}

static crm_status check_range(struct crm_db *db, const char *path, const cJSON *q, struct tq *tq)
{
	const cJSON *mn = cJSON_GetObjectItemCaseSensitive(q, "min");
	const cJSON *mx = cJSON_GetObjectItemCaseSensitive(q, "max");

	if ((mn || mx) && tq->type != Q_NUMBER) {
		return tfail(db, path, _("only a number question has 'min' and 'max'"));
	}
	if ((mn && !cJSON_IsNumber(mn)) || (mx && !cJSON_IsNumber(mx))) {
		return tfail(db, path, _("'min' and 'max' must be numbers"));
	}
	tq->has_min = mn != NULL;
	tq->has_max = mx != NULL;
	tq->min = mn ? mn->valuedouble : 0;
	tq->max = mx ? mx->valuedouble : 0;
	if (mn && mx && tq->min > tq->max) {
		return tfail(db, path, _("'min' is above 'max'"));
	}
	return CRM_OK;
}

static crm_status check_question(struct crm_db *db, const char *path, const cJSON *q,
				 struct tq *tq)
{
	static const char *const keys[] = { "id", "type", "text", "help", "required", "choices",
					    "unit", "min", "max", "pass", "opportunity", "label",
					    NULL };
	const char *type = NULL, *help, *tail;
	const cJSON *choices;
	crm_status st;
	int t = -1;

	if (!cJSON_IsObject(q)) {
		return tfail(db, path, _("expected an object"));
	}
	st = check_keys(db, path, q, keys);
	if (st == CRM_OK) {
		st = check_str(db, path, q, "id", true, 64, &tq->id);
	}
	if (st == CRM_OK && !valid_id(tq->id, 64)) {
		st = tfail(db, path, _("id '%s': use lower-case letters, digits and . _ -"), tq->id);
	}
	if (st == CRM_OK) {
		st = check_str(db, path, q, "type", true, 20, &type);
	}
	for (int i = 0; st == CRM_OK && crm_vip_question_types[i]; i++) {
		if (strcmp(type, crm_vip_question_types[i]) == 0) {
			t = i;
		}
	}
	if (st == CRM_OK && t < 0) {
		st = tfail(db, path, _("unknown type '%s' (text, number, yesno, choice, contacts, "
			   "referrals)"), type);
	}
	if (st != CRM_OK) {
		return st;
	}
	tq->type = (enum qtype)t;
	if ((st = check_str(db, path, q, "text", true, 1000, &tq->text)) != CRM_OK ||
	    (st = check_str(db, path, q, "help", false, 1000, &help)) != CRM_OK ||
	    (st = check_str(db, path, q, "label", false, 100, &tq->label)) != CRM_OK ||
	    (st = check_str(db, path, q, "unit", false, 32, &tq->unit)) != CRM_OK ||
	    (st = check_bool(db, path, q, "required", &tq->required)) != CRM_OK ||
	    (st = check_bool(db, path, q, "opportunity", &tq->opportunity)) != CRM_OK ||
	    (st = check_range(db, path, q, tq)) != CRM_OK) {
		return st;
	}
	(void)help;
	if (tq->unit && tq->type != Q_NUMBER) {
		return tfail(db, path, _("only a number question has a 'unit'"));
	}
	if (tq->opportunity && (tq->type == Q_CONTACTS || tq->type == Q_REFERRALS)) {
		return tfail(db, path, _("a %s question cannot be an opportunity"), type);
	}
	choices = cJSON_GetObjectItemCaseSensitive(q, "choices");
	if (tq->type == Q_CHOICE) {
		st = check_choices(db, path, choices);
	} else if (choices) {
		st = tfail(db, path, _("only a choice question has 'choices'"));
	}
	tq->choices = choices;
	tq->pass = cJSON_GetObjectItemCaseSensitive(q, "pass");
	if (st == CRM_OK && tq->pass) {
		st = check_pass(db, path, tq->pass, tq->type, choices);
	}
	/* a label names the question in next actions: the id's tail will do */
	if (st == CRM_OK && !tq->label) {
		tail = strrchr(tq->id, '.');
		tq->label = tail ? tail + 1 : tq->id;
	}
	return st;
}

static crm_status check_section(struct crm_db *db, const char *path, const cJSON *s,
				struct tmpl *t, size_t *cap)
{
	static const char *const keys[] = { "id", "title", "help", "questions", NULL };
	const char *id, *title, *help;
	const cJSON *qs, *q;
	crm_status st;
	size_t k = 0;

	if (!cJSON_IsObject(s)) {
		return tfail(db, path, _("expected an object"));
	}
	if ((st = check_keys(db, path, s, keys)) != CRM_OK ||
	    (st = check_str(db, path, s, "id", true, 32, &id)) != CRM_OK ||
	    (st = check_str(db, path, s, "title", true, CRM_NAME_MAX, &title)) != CRM_OK ||
	    (st = check_str(db, path, s, "help", false, 1000, &help)) != CRM_OK) {
		return st;
	}
	if (!valid_id(id, 32)) {
		return tfail(db, path, _("id '%s': use lower-case letters, digits and . _ -"), id);
	}
	qs = cJSON_GetObjectItemCaseSensitive(s, "questions");
	if (!cJSON_IsArray(qs)) {
		return tfail(db, path, _("'questions' must be an array"));
	}
	cJSON_ArrayForEach(q, qs) {
		char p[300];

		snprintf(p, sizeof(p), "%s.questions[%zu]", path, k++);
		if (t->nq >= MAX_QUESTIONS) {
			return tfail(db, p, _("more than %d questions"), MAX_QUESTIONS);
		}
		if (t->nq == *cap) {
			struct tq *grown = realloc(t->q, (*cap ? *cap * 2 : 32) * sizeof(*grown));

			if (!grown) {
				return oom(db);
			}
			t->q = grown;
			*cap = *cap ? *cap * 2 : 32;
		}
		t->q[t->nq] = (struct tq){ 0 };
		st = check_question(db, p, q, &t->q[t->nq]);
		if (st != CRM_OK) {
			return st;
		}
		for (size_t i = 0; i < t->nq; i++) {
			if (strcmp(t->q[i].id, t->q[t->nq].id) == 0) {
				return tfail(db, p, _("question id '%s' is used twice"), t->q[i].id);
			}
		}
		t->nq++;
	}
	return CRM_OK;
}

/* Checks t->root and fills t->q (borrowing from the root). */
static crm_status tmpl_check(struct crm_db *db, struct tmpl *t)
{
	static const char *const keys[] = { "title", "language", "version", "sections", NULL };
	const cJSON *sections, *s, *other;
	const char *title, *lang;
	size_t cap = 0, k = 0;
	crm_status st;

	if (!cJSON_IsObject(t->root)) {
		return tfail(db, "", _("expected a JSON object with \"sections\""));
	}
	if ((st = check_keys(db, "", t->root, keys)) != CRM_OK ||
	    (st = check_str(db, "", t->root, "title", false, CRM_NAME_MAX, &title)) != CRM_OK ||
	    (st = check_str(db, "", t->root, "language", false, 16, &lang)) != CRM_OK) {
		return st;
	}
	sections = cJSON_GetObjectItemCaseSensitive(t->root, "sections");
	if (!cJSON_IsArray(sections) || cJSON_GetArraySize(sections) < 1) {
		return tfail(db, "sections", _("expected an array of at least one section"));
	}
	cJSON_ArrayForEach(s, sections) {
		char p[64];
		const char *id;

		snprintf(p, sizeof(p), "sections[%zu]", k++);
		st = check_section(db, p, s, t, &cap);
		if (st != CRM_OK) {
			return st;
		}
		id = cJSON_GetObjectItemCaseSensitive(s, "id")->valuestring;
		cJSON_ArrayForEach(other, sections) {
			if (other == s) {
				break;
			}
			if (strcmp(cJSON_GetObjectItemCaseSensitive(other, "id")->valuestring, id) == 0) {
				return tfail(db, p, _("section id '%s' is used twice"), id);
			}
		}
	}
	if (t->nq == 0) {
		return tfail(db, "sections", _("not one question"));
	}
	return CRM_OK;
}

/* Parses and checks json into t; EDATA on bad JSON. */
static crm_status tmpl_parse(struct crm_db *db, const char *json, struct tmpl *t)
{
	const char *end = NULL;

	*t = (struct tmpl){ 0 };
	if (!json || !crm_utf8_valid(json, strlen(json))) {
		return crmi_fail(db, CRM_EDATA, "template: not valid UTF-8 text");
	}
	t->root = cJSON_ParseWithOpts(json, &end, true);
	if (!t->root) {
		const char *at = cJSON_GetErrorPtr();
		size_t off = at && at >= json ? (size_t)(at - json) : 0;

		return crmi_fail(db, CRM_EDATA, "template: invalid JSON at byte %zu", off);
	}
	return tmpl_check(db, t);
}

/* ---- the template: versions ----------------------------------------------- */

static crm_status current_version(struct crm_db *db, int64_t *v)
{
	crmi_stmt *st = crmi_prepare(db, sql_template_max);
	int rc;

	*v = 1;
	if (!st) {
		return db->errcode;
	}
	rc = crmi_step(st);
	if (rc == CRMI_ROW && !crmi_col_null(st, 0)) {
		*v = crmi_col_int64(st, 0);
	}
	crmi_reset(st);
	return rc == CRMI_ROW ? CRM_OK : crmi_sqlfail(db, rc, "cannot read the templates");
}

bool crmi_vip_builtin_en(struct crm_db *db)
{
	char *v = NULL;
	bool en;

	if (crm_config_get(db, "vip.language", &v, NULL) != CRM_OK) {
		crmi_clear_error(db);
	}
	en = v && strcmp(v, "en") == 0;
	free(v);
	return en;
}

/* The built-in template in its language (crmi_vip_builtin_en), malloc'd. */
static char *builtin(struct crm_db *db)
{
	char *out;
	const char *const *parts = crmi_vip_builtin_en(db) ? vip_builtin_en : vip_builtin_ru;
	size_t n = 1, len = 0;

	for (size_t i = 0; parts[i]; i++) {
		n += strlen(parts[i]);
	}
	out = malloc(n);
	for (size_t i = 0; out && parts[i]; i++) {
		memcpy(out + len, parts[i], strlen(parts[i]));
		len += strlen(parts[i]);
	}
	if (out) {
		out[len] = '\0';
	}
	return out;
}

/* Loads template version (0: the current one) into t. */
crm_status crmi_vip_tmpl_load(struct crm_db *db, int64_t version, struct tmpl *t)
{
	crmi_stmt *st;
	char *body = NULL;
	crm_status ret = CRM_OK;
	int rc;

	*t = (struct tmpl){ 0 };
	if (version == 0 && (ret = current_version(db, &version)) != CRM_OK) {
		return ret;
	}
	if (version == 1) {
		body = builtin(db);
		ret = body ? tmpl_parse(db, body, t) : oom(db);
		free(body);
	} else {
		st = crmi_prepare(db, sql_template_body);
		if (!st) {
			return db->errcode;
		}
		crmi_bind_int64(st, 1, version);
		rc = crmi_step(st);
		if (rc == CRMI_ROW) {
			body = strdup(crmi_col_text(st, 0));
			ret = body ? CRM_OK : oom(db);
		} else if (rc == CRMI_DONE) {
			ret = crmi_fail(db, CRM_ENOTFOUND, "no questionnaire template version %lld",
					(long long)version);
		} else {
			ret = crmi_sqlfail(db, rc, "cannot read the template");
		}
		crmi_reset(st);
		if (ret == CRM_OK) {
			ret = tmpl_parse(db, body, t);
		}
		free(body);
	}
	t->version = version;
	if (ret != CRM_OK) {
		crmi_vip_tmpl_release(t);
	}
	return ret;
}

crm_status crm_vip_template_get(struct crm_db *db, int64_t version, char **json,
				int64_t *version_out)
{
	struct tmpl t;
	cJSON *out, *item;
	crm_status st;

	*json = NULL;
	if (version_out) {
		*version_out = 0;
	}
	crmi_clear_error(db);
	st = crmi_vip_tmpl_load(db, version, &t);
	if (st != CRM_OK) {
		return st;
	}
	/* the version first, then the template as stored */
	out = cJSON_CreateObject();
	if (!out) {
		crmi_vip_tmpl_release(&t);
		return oom(db);
	}
	crmi_json_int(out, "version", t.version);
	cJSON_DeleteItemFromObjectCaseSensitive(t.root, "version");
	while ((item = t.root->child) != NULL) {
		cJSON_DetachItemViaPointer(t.root, item);
		cJSON_AddItemToObject(out, item->string, item);
	}
	*json = cJSON_Print(out);
	cJSON_Delete(out);
	if (version_out) {
		*version_out = t.version;
	}
	crmi_vip_tmpl_release(&t);
	return *json ? CRM_OK : oom(db);
}

crm_status crm_vip_template_check(struct crm_db *db, const char *json)
{
	struct tmpl t;
	crm_status st;

	crmi_clear_error(db);
	st = tmpl_parse(db, json, &t);
	crmi_vip_tmpl_release(&t);
	return st;
}

static crm_status set_locked(struct crm_db *db, struct tmpl *t, int64_t *version)
{
	crmi_stmt *st;
	char *body;
	cJSON *j;
	crm_status ret = current_version(db, version);

	if (ret != CRM_OK) {
		return ret;
	}
	(*version)++;
	cJSON_DeleteItemFromObjectCaseSensitive(t->root, "version");
	body = cJSON_PrintUnformatted(t->root);
	if (!body) {
		return oom(db);
	}
	st = crmi_prepare(db, sql_template_insert);
	if (!st) {
		cJSON_free(body);
		return db->errcode;
	}
	crmi_bind_int64(st, 1, *version);
	crmi_bind_text(st, 2, body);
	crmi_bind_text(st, 3, crm_db_actor(db));
	crmi_bind_int64(st, 4, crm_db_now(db));
	ret = crmi_step_done(db, st, "cannot store the template");
	cJSON_free(body);
	if (ret == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_int(j, "version", *version);
		crmi_json_int(j, "questions", (int64_t)t->nq);
		cJSON_AddItemReferenceToObject(j, "template", t->root);
		ret = crmi_journal(db, "vip.template.set", "vip_template", *version, j);
	}
	return ret;
}

crm_status crm_vip_template_set(struct crm_db *db, const char *json, int64_t *version)
{
	struct tmpl t;
	int64_t v = 0;
	crm_status st;

	*version = 0;
	crmi_clear_error(db);
	st = tmpl_parse(db, json, &t);
	if (st == CRM_OK) {
		st = crmi_atomic_begin(db);
		if (st == CRM_OK) {
			st = crmi_atomic_end(db, set_locked(db, &t, &v));
		}
	}
	crmi_vip_tmpl_release(&t);
	if (st == CRM_OK) {
		*version = v;
	}
	return st;
}
