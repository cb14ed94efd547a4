/*
 * cmd-vip-survey.c: crm vip survey: the VIP questionnaire taken with a
 * client, from a JSON file of answers or as an interview on a terminal
 * that shows what is already known (the key contacts, the last survey's
 * answers), saves a draft after each section and can be resumed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "commands.h"
#include "escape.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "textin.h"
#include "banned.h"

static const struct emit_col effect_cols[] = {
	{ "effect", N_("EFFECT"), EMIT_STR },
	{ "ref_id", N_("REF_ID"), EMIT_INT },
	{ "text", N_("TEXT"), EMIT_STR },
};

/* Prints what the survey did; returns the exit code. */
static int emit_effects(struct crm_ctx *ctx, const struct crm_vip_survey_result *r)
{
	struct emitter *e = ctx_emitter(ctx, effect_cols, ARRAY_SIZE(effect_cols), 0);

	if (!e) {
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < r->neffects; i++) {
		emit_begin(e);
		emit_str(e, r->effects[i].kind);
		if (r->effects[i].ref_id) {
			emit_int(e, r->effects[i].ref_id);
		} else {
			emit_null(e);
		}
		emit_str(e, r->effects[i].text);
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

/* The record of a survey for the hooks (malloc'd): the survey id and
 * quality once stored (r), the client, the date, the answers. */
static char *hook_record(int64_t client, const char *client_name, const char *answers,
			 int64_t at, const struct crm_vip_survey_result *r)
{
	char day[16], *text;
	cJSON *o = cJSON_CreateObject();
	cJSON *a = cJSON_Parse(answers);

	if (!o) {
		cJSON_Delete(a);
		return NULL;
	}
	if (r) {
		cJSON_AddNumberToObject(o, "id", (double)r->survey_id);
	} else {
		cJSON_AddNullToObject(o, "id");
	}
	cJSON_AddNumberToObject(o, "client_id", (double)client);
	cJSON_AddStringToObject(o, "client", client_name);
	cJSON_AddStringToObject(o, "date", crm_date_format(at, day, sizeof(day)));
	if (r && r->quality) {
		cJSON_AddStringToObject(o, "quality", r->quality);
	} else {
		cJSON_AddNullToObject(o, "quality");
	}
	cJSON_AddItemToObject(o, "answers", a ? a : cJSON_CreateNull());
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	return text;
}

static int submit(struct crm_ctx *ctx, int64_t client, const char *client_name,
		  const char *answers, int64_t at)
{
	struct crm_vip_survey_input in = { .client_id = client, .answers = answers, .at = at };
	struct crm_vip_survey_result *r = NULL;
	crm_status st;
	char *record = NULL;
	int code;

	/* no transaction to veto in (an interview holds none): the pre- hook
	 * sees the answers before they are stored */
	if (hook_wanted(ctx, "vip-survey")) {
		record = hook_record(client, client_name, answers, at, NULL);
		code = hook_event(ctx, "vip-survey", record, NULL);
		free(record);
		if (code) {
			return code;
		}
	}
	st = crm_vip_survey(ctx->db, &in, &r);
	if (st == CRM_OK && hook_wanted(ctx, "vip-survey")) {
		record = hook_record(client, client_name, answers, at, r);
		hook_set_record(record);
		free(record);
	}
	if (st != CRM_OK) {
		code = report(ctx, st);
		if (st == CRM_EDATA) {
			hint("nothing was stored; 'crm vip template show' lists the questions, "
			     "their ids and types");
		}
		return code;
	}
	code = emit_effects(ctx, r);
	if (code == 0) {
		if (!r->quality) {
			info(ctx, "surveyed '%s': survey %lld, quality not checked", client_name,
			     (long long)r->survey_id);
		} else if (strcmp(r->quality, "fail") == 0) {
			info(ctx, "surveyed '%s': survey %lld, quality fail", client_name,
			     (long long)r->survey_id);
		} else {
			info(ctx, "surveyed '%s': survey %lld, quality pass", client_name,
			     (long long)r->survey_id);
		}
	}
	crm_vip_survey_result_destroy(r);
	return code;
}

/* ---- the interview -------------------------------------------------------- */

enum qtype { Q_TEXT, Q_NUMBER, Q_YESNO, Q_CHOICE, Q_CONTACTS, Q_REFERRALS, Q_UNKNOWN };

struct q {
	const cJSON *section;
	const char *id, *text, *help, *unit;
	enum qtype type;
	const cJSON *choices;
	const cJSON *min, *max;
	bool required, opportunity;
};

struct iv {
	struct crm_ctx *ctx;
	int64_t client_id;
	const char *client;
	int64_t at;
	int64_t version;
	cJSON *tmpl;
	struct q *q;
	size_t nq;
	cJSON *answers;          /* being built */
	cJSON *draft;            /* the draft's answers when resuming, else NULL */
	cJSON *last;             /* the last survey's answers, or NULL */
	char last_date[16];
	cJSON *contacts;         /* the key contacts now: [{id, name, role, phone, email}] */
	char *line;
	size_t cap;
};

static enum qtype type_of(const char *t)
{
	static const char *const names[] = { "text",     "number",    "yesno", "choice",
					     "contacts", "referrals", NULL };

	for (int i = 0; names[i]; i++) {
		if (strcmp(t, names[i]) == 0) {
			return (enum qtype)i;
		}
	}
	return Q_UNKNOWN;
}

static const char *str_of(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The questions of the template, in order. */
static bool flatten(struct iv *iv)
{
	const cJSON *s, *q;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(iv->tmpl, "sections")) {
		cJSON_ArrayForEach(q, cJSON_GetObjectItemCaseSensitive(s, "questions")) {
			struct q *grown = realloc(iv->q, (iv->nq + 1) * sizeof(*grown));

			if (!grown) {
				return false;
			}
			iv->q = grown;
			iv->q[iv->nq++] = (struct q){
				.section = s,
				.id = str_of(q, "id"),
				.text = str_of(q, "text"),
				.help = str_of(q, "help"),
				.unit = str_of(q, "unit"),
				.type = type_of(str_of(q, "type")),
				.choices = cJSON_GetObjectItemCaseSensitive(q, "choices"),
				.min = cJSON_GetObjectItemCaseSensitive(q, "min"),
				.max = cJSON_GetObjectItemCaseSensitive(q, "max"),
				.required = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "required")),
				.opportunity =
					cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(q, "opportunity")),
			};
		}
	}
	return true;
}

/* A line from the terminal, trimmed; NULL at the end of input (Ctrl-D). */
static const char *ask(struct iv *iv, const char *prompt)
{
	ssize_t n;
	char *s;

	for (;;) {
		fputs(prompt, stderr);
		fflush(stderr);
		n = getline(&iv->line, &iv->cap, stdin);
		if (n < 0) {
			fputc('\n', stderr);
			return NULL;
		}
		s = iv->line;
		while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
				 s[n - 1] == '\t')) {
			s[--n] = '\0';
		}
		while (*s == ' ' || *s == '\t') {
			s++;
		}
		if (crm_utf8_valid(s, strlen(s))) {
			return s;
		}
		fputs(_("   not valid UTF-8 text: type it again\n"), stderr);
	}
}

/* A short view of an answer for the brackets. */
static void shown(const struct q *q, const cJSON *v, char *buf, size_t n)
{
	const cJSON *e;
	size_t len = 0;

	buf[0] = '\0';
	if (cJSON_IsString(v)) {
		snprintf(buf, n, "%s", v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.15g%s%s", v->valuedouble, q->unit ? " " : "",
			 q->unit ? q->unit : "");
	} else if (cJSON_IsBool(v)) {
		snprintf(buf, n, "%s", cJSON_IsTrue(v) ? _("yes") : _("no"));
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			const char *name = str_of(e, "name");

			len += (size_t)snprintf(buf + len, len < n ? n - len : 0, "%s%s",
						len ? ", " : "", name ? name : "?");
			if (len >= n) {
				break;
			}
		}
	}
	/* clip long text at a character */
	if (strlen(buf) > 70) {
		size_t cut = 66;

		while (cut > 0 && ((unsigned char)buf[cut] & 0xc0) == 0x80) {
			cut--;
		}
		memcpy(buf + cut, "...", 4);
	}
}

static bool has_answer(const cJSON *v)
{
	return v && !cJSON_IsNull(v) && !(cJSON_IsString(v) && !v->valuestring[0]) &&
	       !(cJSON_IsArray(v) && !v->child);
}

static void set_answer(struct iv *iv, const char *id, cJSON *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(iv->answers, id);
	if (v) {
		cJSON_AddItemToObject(iv->answers, id, v);
	}
}

/*
 * The default of question i: its draft answer when resuming, else the
 * last survey's (facts only: an opportunity or a referral kept would be
 * recorded twice).
 */
static const cJSON *default_of(struct iv *iv, const struct q *q, bool *from_last)
{
	const cJSON *v = iv->draft ? cJSON_GetObjectItemCaseSensitive(iv->draft, q->id) : NULL;

	*from_last = false;
	if (has_answer(v)) {
		return v;
	}
	v = iv->last ? cJSON_GetObjectItemCaseSensitive(iv->last, q->id) : NULL;
	if (!has_answer(v)) {
		return NULL;
	}
	*from_last = true;
	return v;
}

static bool parse_number(const char *s, double *out)
{
	char buf[64], *end;
	size_t n = strlen(s);

	if (n == 0 || n >= sizeof(buf)) {
		return false;
	}
	memcpy(buf, s, n + 1);
	for (char *p = buf; *p; p++) {
		if (*p == ',') {
			*p = '.';
		}
	}
	errno = 0;
	*out = strtod(buf, &end);
	return !errno && *end == '\0' && end != buf;
}

/* 1 yes, 0 no, -1 neither; in English or Russian, any case. */
static int yes_no(const char *s)
{
	static const char *const yes[] = { "y", "yes", "д", "да", "true", NULL };
	static const char *const no[] = { "n", "no", "н", "нет", "false", NULL };
	char *fold = crm_text_fold(s);
	int k = -1;

	for (size_t i = 0; fold && yes[i] && k < 0; i++) {
		if (strcmp(fold, yes[i]) == 0) {
			k = 1;
		} else if (strcmp(fold, no[i]) == 0) {
			k = 0;
		}
	}
	free(fold);
	return k;
}

/* A scalar answer (text, number, yesno, choice): *out the new value or
 * NULL for none; false at the end of input. */
static bool ask_scalar(struct iv *iv, const struct q *q, const cJSON *def, cJSON **out)
{
	const char *s;
	const cJSON *c;
	double d;
	int k;

	for (;;) {
		*out = NULL;
		s = ask(iv, "> ");
		if (!s) {
			return false;
		}
		if (!*s) {
			*out = def ? cJSON_Duplicate(def, true) : NULL;
			return true;
		}
		if (strcmp(s, "-") == 0) {
			return true;
		}
		switch (q->type) {
		case Q_TEXT:
			*out = cJSON_CreateString(s);
			return true;
		case Q_NUMBER:
			if (!parse_number(s, &d)) {
				fputs(_("   a number, please (as 100 or 99.5)\n"), stderr);
				continue;
			}
			if ((cJSON_IsNumber(q->min) && d < q->min->valuedouble) ||
			    (cJSON_IsNumber(q->max) && d > q->max->valuedouble)) {
				fputs(_("   out of the allowed range: type it again\n"), stderr);
				continue;
			}
			*out = cJSON_CreateNumber(d);
			return true;
		case Q_YESNO:
			k = yes_no(s);
			if (k < 0) {
				fputs(_("   y or n, please\n"), stderr);
				continue;
			}
			*out = cJSON_CreateBool(k);
			return true;
		case Q_CHOICE:
			k = 0;
			cJSON_ArrayForEach(c, q->choices) {
				k++;
				if (strcmp(s, c->valuestring) == 0 || atoi(s) == k) {
					*out = cJSON_CreateString(c->valuestring);
					return true;
				}
			}
			fputs(_("   one of the choices, by number or as written\n"), stderr);
			continue;
		default:
			return true;
		}
	}
}

/* One field of a list entry: Enter keeps cur, '-' clears it. false at EOF. */
static bool ask_field(struct iv *iv, cJSON *e, const char *key, const char *label,
		      crm_status (*check)(struct crm_db *, const char *, const char *))
{
	const char *cur = str_of(e, key), *s;
	char prompt[300];

	for (;;) {
		snprintf(prompt, sizeof(prompt), "   %s%s%s%s: ", label, cur ? " [" : "",
			 cur ? cur : "", cur ? "]" : "");
		s = ask(iv, prompt);
		if (!s) {
			return false;
		}
		if (!*s) {
			return true;
		}
		if (strcmp(s, "-") == 0) {
			cJSON_DeleteItemFromObjectCaseSensitive(e, key);
			return true;
		}
		if (check && check(iv->ctx->db, label, s) != CRM_OK) {
			fprintf(stderr, "   %s\n", crm_db_errmsg(iv->ctx->db));
			continue;
		}
		cJSON_DeleteItemFromObjectCaseSensitive(e, key);
		cJSON_AddStringToObject(e, key, s);
		return true;
	}
}

static void list_entries(const cJSON *list, const char *empty)
{
	const cJSON *e;
	int k = 0;

	if (!list || !list->child) {
		fprintf(stderr, "   %s\n", empty);
		return;
	}
	cJSON_ArrayForEach(e, list) {
		const char *f[] = { str_of(e, "role"), str_of(e, "kind"), str_of(e, "contact"),
				    str_of(e, "phone"), str_of(e, "email") };
		char more[600] = "";
		size_t len = 0;

		for (size_t i = 0; i < ARRAY_SIZE(f); i++) {
			if (f[i] && len < sizeof(more)) {
				len += (size_t)snprintf(more + len, sizeof(more) - len, "%s%s",
							len ? ", " : "", f[i]);
			}
		}
		fprintf(stderr, "   %d) ", ++k);
		esc_fputs(str_of(e, "name"), 0, stderr);
		fputs(len ? " (" : "", stderr);
		esc_fputs(more, 0, stderr);
		fputs(len ? ")\n" : "\n", stderr);
	}
}

/* The key contacts: Enter confirms the list, a number changes an entry, a
 * name adds one, '-' skips the question. */
static bool ask_contacts(struct iv *iv, const cJSON *def, cJSON **out)
{
	cJSON *list = cJSON_Duplicate(def ? def : iv->contacts, true);
	const char *s;
	char *name;
	int k;

	*out = NULL;
	for (;;) {
		list_entries(list, _("no key contacts yet"));
		s = ask(iv, _("   Enter: confirm these; a number: change one; a name: add one; "
			      "'-': skip\n> "));
		if (!s) {
			cJSON_Delete(list);
			return false;
		}
		if (!*s) {
			*out = cJSON_GetArraySize(list) ? list : (cJSON_Delete(list), NULL);
			return true;
		}
		if (strcmp(s, "-") == 0) {
			cJSON_Delete(list);
			return true;
		}
		k = atoi(s);
		if (k >= 1 && k <= cJSON_GetArraySize(list)) {
			cJSON *e = cJSON_GetArrayItem(list, k - 1);

			if (!ask_field(iv, e, "name", _("name"), crm_check_name) ||
			    !ask_field(iv, e, "role", _("role"), crm_check_name) ||
			    !ask_field(iv, e, "phone", _("phone"), crm_check_phone) ||
			    !ask_field(iv, e, "email", _("email"), crm_check_email)) {
				cJSON_Delete(list);
				return false;
			}
			continue;
		}
		if (crm_check_name(iv->ctx->db, _("name"), s) != CRM_OK) {
			fprintf(stderr, "   %s\n", crm_db_errmsg(iv->ctx->db));
			continue;
		}
		name = strdup(s);
		if (!name) {
			cJSON_Delete(list);
			return false;
		}
		{
			cJSON *e = cJSON_CreateObject();

			cJSON_AddStringToObject(e, "name", name);
			free(name);
			cJSON_AddItemToArray(list, e);
			if (!ask_field(iv, e, "role", _("role"), crm_check_name) ||
			    !ask_field(iv, e, "phone", _("phone"), crm_check_phone) ||
			    !ask_field(iv, e, "email", _("email"), crm_check_email)) {
				cJSON_Delete(list);
				return false;
			}
		}
	}
}

/* Referrals: a name adds one (then its details), Enter ends the list. */
static bool ask_referrals(struct iv *iv, const cJSON *def, cJSON **out)
{
	cJSON *list = def ? cJSON_Duplicate(def, true) : cJSON_CreateArray();
	const char *s;

	*out = NULL;
	for (;;) {
		if (list->child) {
			list_entries(list, "");
		}
		s = ask(iv, _("   a name adds a referral; Enter: no more; '-': none\n> "));
		if (!s) {
			cJSON_Delete(list);
			return false;
		}
		if (!*s || strcmp(s, "-") == 0) {
			if (*s || !list->child) {
				cJSON_Delete(list);
			} else {
				*out = list;
			}
			return true;
		}
		if (crm_check_name(iv->ctx->db, _("name"), s) != CRM_OK) {
			fprintf(stderr, "   %s\n", crm_db_errmsg(iv->ctx->db));
			continue;
		}
		{
			cJSON *e = cJSON_CreateObject();

			cJSON_AddStringToObject(e, "name", s);
			cJSON_AddItemToArray(list, e);
			if (!ask_field(iv, e, "contact", _("contact person"), crm_check_name) ||
			    !ask_field(iv, e, "phone", _("phone"), crm_check_phone) ||
			    !ask_field(iv, e, "email", _("email"), crm_check_email) ||
			    !ask_field(iv, e, "note", _("note"), crm_check_text)) {
				cJSON_Delete(list);
				return false;
			}
		}
	}
}

static void print_question(struct iv *iv, size_t i, const cJSON *def, bool from_last)
{
	const struct q *q = &iv->q[i];
	bool keeps = !from_last || !(q->opportunity || q->type == Q_REFERRALS);
	char buf[400];
	const cJSON *c;
	int k = 0;

	fprintf(stderr, "\n%zu/%zu %s%s%s%s%s\n", i + 1, iv->nq, q->text, q->unit ? ", " : "",
		q->unit ? q->unit : "", q->type == Q_YESNO ? _(" (y/n)") : "",
		q->required ? _(" (required)") : "");
	if (q->help) {
		fprintf(stderr, "   %s\n", q->help);
	}
	if (q->type == Q_CHOICE) {
		cJSON_ArrayForEach(c, q->choices) {
			fprintf(stderr, "   %d) %s\n", ++k, c->valuestring);
		}
	}
	if (def && q->type != Q_CONTACTS) {
		shown(q, def, buf, sizeof(buf));
		if (keeps) {
			fputs("   [", stderr);
			esc_fputs(buf, 0, stderr);
			fprintf(stderr, "]%s\n",
				from_last ? _(" the last survey's answer: Enter keeps it") : "");
		} else {
			fprintf(stderr, _("   last survey (%s): "), iv->last_date);
			esc_fputs(buf, 0, stderr);
			fputc('\n', stderr);
		}
	}
}

/* Asks question i; false at the end of input. */
static bool ask_question(struct iv *iv, size_t i)
{
	const struct q *q = &iv->q[i];
	bool from_last, ok;
	const cJSON *def = default_of(iv, q, &from_last);
	cJSON *v = NULL;

	print_question(iv, i, def, from_last);
	if (from_last && (q->opportunity || q->type == Q_REFERRALS)) {
		def = NULL;
	}
	for (;;) {
		if (q->type == Q_CONTACTS) {
			ok = ask_contacts(iv, from_last ? NULL : def, &v);
		} else if (q->type == Q_REFERRALS) {
			ok = ask_referrals(iv, def, &v);
		} else {
			ok = ask_scalar(iv, q, def, &v);
		}
		if (!ok) {
			return false;
		}
		if (v || !q->required) {
			break;
		}
		fputs(_("   an answer is required\n"), stderr);
	}
	set_answer(iv, q->id, v);
	return true;
}

static int save_draft(struct iv *iv, size_t position)
{
	struct crm_vip_draft d = {
		.client_id = iv->client_id,
		.version = iv->version,
		.surveyor_id = crm_manager_self(iv->ctx->db),
		.at = iv->at,
		.position = (int64_t)position,
	};
	crm_status st;

	d.answers = cJSON_PrintUnformatted(iv->answers);
	if (!d.answers) {
		error("out of memory");
		return EXIT_FAIL;
	}
	st = crm_vip_draft_save(iv->ctx->db, &d);
	cJSON_free(d.answers);
	return st == CRM_OK ? 0 : report(iv->ctx, st);
}

/* The current key contacts as answer entries. */
static int load_contacts(struct iv *iv)
{
	struct crm_contact_filter f = { .client_id = iv->client_id, .key_only = true };
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	crm_status st = crm_contact_query(iv->ctx->db, &f, &it);

	iv->contacts = cJSON_CreateArray();
	if (st != CRM_OK) {
		return report(iv->ctx, st);
	}
	while ((st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddNumberToObject(e, "id", (double)c->id);
		cJSON_AddStringToObject(e, "name", c->name);
		if (c->role) {
			cJSON_AddStringToObject(e, "role", c->role);
		}
		if (c->phone) {
			cJSON_AddStringToObject(e, "phone", c->phone);
		}
		if (c->email) {
			cJSON_AddStringToObject(e, "email", c->email);
		}
		cJSON_AddItemToArray(iv->contacts, e);
	}
	crm_contact_iter_destroy(it);
	return st == CRM_DONE ? 0 : report(iv->ctx, st);
}

/* The template, the last survey and the draft. */
static int iv_load(struct iv *iv, bool resume, bool date_given, size_t *start)
{
	struct crm_vip_draft d;
	char *json = NULL;
	int64_t last_at, last_version;
	crm_status st = crm_vip_template_get(iv->ctx->db, 0, &json, &iv->version);

	if (st != CRM_OK) {
		return report(iv->ctx, st);
	}
	iv->tmpl = cJSON_Parse(json);
	free(json);
	iv->answers = cJSON_CreateObject();
	if (!iv->tmpl || !iv->answers || !flatten(iv)) {
		error("out of memory");
		return EXIT_FAIL;
	}
	st = crm_vip_survey_last(iv->ctx->db, iv->client_id, &json, &last_at, &last_version,
				 NULL);
	if (st == CRM_OK) {
		iv->last = cJSON_Parse(json);
		crm_date_format(last_at, iv->last_date, sizeof(iv->last_date));
		free(json);
	} else if (st != CRM_ENOTFOUND) {
		return report(iv->ctx, st);
	}
	st = crm_vip_draft_load(iv->ctx->db, iv->client_id, &d);
	if (st == CRM_ENOTFOUND && resume) {
		error("no survey of '%s' was left half-way: start one without --resume", iv->client);
		return EXIT_NOTFOUND;
	}
	if (st != CRM_OK && st != CRM_ENOTFOUND) {
		return report(iv->ctx, st);
	}
	if (st == CRM_OK && resume) {
		iv->draft = cJSON_Parse(d.answers);
		cJSON_Delete(iv->answers);
		iv->answers = cJSON_Parse(d.answers);
		*start = d.position < 0 || (size_t)d.position > iv->nq ? 0 : (size_t)d.position;
		if (!date_given) {
			iv->at = d.at;
		}
		if (d.version != iv->version) {
			warning("the draft was taken with questionnaire version %lld, now it is %lld",
				(long long)d.version, (long long)iv->version);
		}
	} else if (st == CRM_OK) {
		warning("a survey of '%s' left half-way is started anew; 'crm vip survey --resume' "
			"would have gone on with it", iv->client);
	}
	crm_vip_draft_release(&d);
	if (!iv->answers) {
		error("out of memory");
		return EXIT_FAIL;
	}
	return load_contacts(iv);
}

static void iv_release(struct iv *iv)
{
	cJSON_Delete(iv->tmpl);
	cJSON_Delete(iv->answers);
	cJSON_Delete(iv->draft);
	cJSON_Delete(iv->last);
	cJSON_Delete(iv->contacts);
	free(iv->q);
	free(iv->line);
}

static int interview(struct crm_ctx *ctx, int64_t client, const char *name, int64_t at,
		     bool resume, bool date_given)
{
	struct iv iv = { .ctx = ctx, .client_id = client, .client = name, .at = at };
	const cJSON *section = NULL;
	size_t i = 0;
	char date[16], *answers;
	int code = iv_load(&iv, resume, date_given, &i);

	if (code) {
		iv_release(&iv);
		return code;
	}
	crm_date_format(iv.at ? iv.at : crm_local_today(ctx->now), date, sizeof(date));
	/* TRANSLATORS: the client's name is printed escaped after this */
	fputs(_("VIP survey of '"), stderr);
	esc_fputs(name, 0, stderr);
	if (iv.last) {
		fprintf(stderr, _("', %s (questionnaire version %lld; last survey %s)\n"), date,
			(long long)iv.version, iv.last_date);
	} else {
		fprintf(stderr, _("', %s (questionnaire version %lld)\n"), date,
			(long long)iv.version);
	}
	fputs(_("Enter keeps the answer in [brackets] or skips the question; '-' clears it;\n"
		"Ctrl-D leaves the survey half-way (go on later with --resume).\n"),
	      stderr);
	if (i > 0) {
		fprintf(stderr, _("going on from question %zu of %zu\n"), i + 1, iv.nq);
	}
	for (; i < iv.nq; i++) {
		if (iv.q[i].section != section) {
			const char *help = str_of(iv.q[i].section, "help");
			const char *title = str_of(iv.q[i].section, "title");

			section = iv.q[i].section;
			fprintf(stderr, "\n== %s ==\n", title ? title : "");
			if (help) {
				fprintf(stderr, "%s\n", help);
			}
			if (i > 0 && (code = save_draft(&iv, i)) != 0) {
				break;
			}
		}
		if (!ask_question(&iv, i)) {
			code = save_draft(&iv, i);
			if (code == 0) {
				info(ctx, "the survey of '%s' is saved half-way: go on with 'crm vip "
				     "survey --resume %s'", name, name);
			}
			iv_release(&iv);
			return code;
		}
	}
	if (code == 0) {
		answers = cJSON_PrintUnformatted(iv.answers);
		code = answers ? submit(ctx, client, name, answers, iv.at) : EXIT_FAIL;
		if (code && answers) {
			save_draft(&iv, iv.nq);
		}
		cJSON_free(answers);
	}
	iv_release(&iv);
	return code;
}

/* ---- the command ------------------------------------------------------------ */

/* Whether the survey would have a surveyor: the actor or the item's one. */
static int check_surveyor(struct crm_ctx *ctx, int64_t client, const char *name)
{
	struct crm_vip_item_filter f = { .client_id = client };
	const struct crm_vip_item *it_row;
	struct crm_vip_item_iter *it;
	int64_t surveyor = 0;

	if (crm_manager_self(ctx->db)) {
		return 0;
	}
	if (crm_vip_program_active(ctx->db, &f.program_id) == CRM_OK &&
	    crm_vip_item_query(ctx->db, &f, &it) == CRM_OK) {
		if (crm_vip_item_iter_next(it, &it_row) == CRM_OK) {
			surveyor = it_row->surveyor_id;
		}
		crm_vip_item_iter_destroy(it);
	}
	if (surveyor) {
		return 0;
	}
	error("nobody to record as the surveyor of '%s': '%s' is not a manager", name,
	      crm_db_actor(ctx->db));
	hint("act as the manager who met the client: crm --as <name> vip survey ...");
	return EXIT_CONFLICT;
}

static int client_name(struct crm_ctx *ctx, int64_t id, char **name)
{
	struct crm_client_filter f = { .id = id };
	const struct crm_client *c;
	struct crm_client_iter *it;
	crm_status st = crm_client_query(ctx->db, &f, &it);

	*name = NULL;
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	st = crm_client_iter_next(it, &c);
	if (st == CRM_OK) {
		*name = strdup(c->name);
	}
	crm_client_iter_destroy(it);
	if (st != CRM_OK) {
		return report(ctx, st == CRM_DONE ? CRM_ENOTFOUND : st);
	}
	if (!*name) {
		error("out of memory");
		return EXIT_FAIL;
	}
	return 0;
}

int cmd_vip_survey(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm vip survey [--date <date>] [--resume] <client>",
		"crm vip survey [--date <date>] --answers (<file> | -) <client>",
		"crm vip survey show (<survey> | <client>)",
		NULL,
	};
	const char *answers_path = NULL, *date = NULL;
	bool resume = false;
	const struct opt opts[] = {
		OPT_STR(0, "answers", &answers_path, "<file>",
			"the answers as a JSON object keyed by question id ('-': stdin)"),
		OPT_STR(0, "date", &date, "<date>", "the day of the meeting, when it was earlier"),
		OPT_FLAG(0, "resume", &resume, "go on with a survey left half-way"),
		OPT_END,
	};
	int64_t client, at = 0;
	char *name = NULL, *json;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 1, 1, &code)) {
		return code;
	}
	if (resume && answers_path) {
		return usage_error(usage, "--resume goes with an interview, not with --answers");
	}
	if (date && !ctx_date(ctx, "--date", date, &at, usage)) {
		return EXIT_USAGE;
	}
	if (!answers_path && !ctx->stdin_tty) {
		return usage_error(usage, "no terminal to hold the interview on: give the answers "
				   "with --answers <file> (or - for stdin)");
	}
	code = ref_client(ctx, argv[0], &client);
	if (!code) {
		code = client_name(ctx, client, &name);
	}
	if (!code) {
		code = check_surveyor(ctx, client, name);
	}
	if (code) {
		free(name);
		return code;
	}
	if (at > ctx->now) {
		error("the meeting's date %s is after today: survey a client once you met them",
		      date);
		free(name);
		return EXIT_USAGE;
	}
	if (answers_path) {
		code = textin_read_file("--answers", answers_path, &json);
		if (!code) {
			code = submit(ctx, client, name, json, at);
		}
		free(json);
	} else {
		code = interview(ctx, client, name, at, resume, date != NULL);
	}
	free(name);
	return code;
}

/* ---- show ------------------------------------------------------------------- */

static const struct emit_col sheet_cols[] = {
	{ "id", N_("SURVEY"), EMIT_INT },
	{ "client_id", N_("CLIENT_ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "date", N_("DATE"), EMIT_DATE },
	{ "surveyor_id", N_("SURVEYOR_ID"), EMIT_INT },
	{ "surveyor", N_("SURVEYOR"), EMIT_STR },
	{ "program_id", N_("PROGRAM_ID"), EMIT_INT },
	{ "program", N_("PROGRAM"), EMIT_STR },
	{ "template_version", N_("VERSION"), EMIT_INT },
	{ "language", N_("LANGUAGE"), EMIT_STR },
	{ "quality", N_("QUALITY"), EMIT_STR },
	{ "failures", N_("FAILURES"), EMIT_JSON },
	{ "incident_id", N_("INCIDENT_ID"), EMIT_INT },
	{ "remedy_id", N_("REMEDY_ID"), EMIT_INT },
	{ "interaction_id", N_("INTERACTION_ID"), EMIT_INT },
	{ "author", N_("AUTHOR"), EMIT_STR },
	{ "created", N_("CREATED"), EMIT_TIME },
	{ "sections", N_("SECTIONS"), EMIT_ROWS },
};

static const struct emit_col section_cols[] = {
	{ "id", N_("ID"), EMIT_STR },
	{ "title", N_("TITLE"), EMIT_STR },
	{ "questions", N_("QUESTIONS"), EMIT_ROWS },
};

static const struct emit_col question_cols[] = {
	{ "number", N_("NUMBER"), EMIT_INT },
	{ "id", N_("ID"), EMIT_STR },
	{ "question", N_("QUESTION"), EMIT_STR },
	{ "type", N_("TYPE"), EMIT_STR },
	{ "unit", N_("UNIT"), EMIT_STR },
	{ "required", N_("REQUIRED"), EMIT_BOOL },
	{ "answer", N_("ANSWER"), EMIT_JSON },
};

static const struct emit_col answer_cols[] = {
	{ "section", N_("SECTION"), EMIT_STR },
	{ "question", N_("QUESTION"), EMIT_STR },
	{ "answer", N_("ANSWER"), EMIT_STR },
};

static const char sheet_table_fields[] = "id,client,date,surveyor,program,template_version,quality";

static void emit_sheet_head(struct emitter *e, const struct crm_vip_survey_sheet *s)
{
	emit_int(e, s->id);
	emit_int(e, s->client_id);
	emit_str(e, s->client);
	emit_date(e, s->date);
	emit_int_or_null(e, s->surveyor_id);
	emit_str(e, s->surveyor);
	emit_int_or_null(e, s->program_id);
	emit_str(e, s->program);
	emit_int(e, s->template_version);
	emit_str(e, s->language);
	emit_str(e, s->quality);
	emit_json(e, s->failures);
	emit_int_or_null(e, s->incident_id);
	emit_int_or_null(e, s->remedy_id);
	emit_int_or_null(e, s->interaction_id);
	emit_str(e, s->author);
	emit_date(e, s->created);
}

/* The survey as one document: json, ndjson, csv, tsv, a table with --fields. */
static int sheet_object(struct crm_ctx *ctx, const struct crm_vip_survey_sheet *s)
{
	struct emitter *e = ctx_emitter(ctx, sheet_cols, ARRAY_SIZE(sheet_cols),
					ctx->format == EMIT_FMT_JSON ? EMIT_SINGLE : 0);
	struct emitter *ls, *lq;

	if (!e) {
		return EXIT_USAGE;
	}
	emit_begin(e);
	emit_sheet_head(e, s);
	ls = emit_begin_list(e, section_cols, ARRAY_SIZE(section_cols), NULL);
	for (size_t i = 0; ls && i < s->nsections; i++) {
		const struct crm_vip_section *sec = &s->sections[i];

		emit_begin(ls);
		emit_str(ls, sec->id);
		emit_str(ls, sec->title);
		lq = emit_begin_list(ls, question_cols, ARRAY_SIZE(question_cols), NULL);
		for (size_t k = 0; lq && k < sec->nquestions; k++) {
			const struct crm_vip_answer *a = &sec->questions[k];

			emit_begin(lq);
			emit_int(lq, a->number);
			emit_str(lq, a->id);
			emit_str(lq, a->question);
			emit_str(lq, a->type);
			emit_str(lq, a->unit);
			emit_bool(lq, a->required);
			emit_json(lq, a->answer);
			emit_end(lq);
		}
		emit_end_list(ls);
		emit_end(ls);
	}
	emit_end_list(e);
	emit_end(e);
	return ctx_emit_done(ctx, e);
}

/* Whether list entry e has a text under one of keys. */
static bool entry_has(const cJSON *e, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++) {
		const char *v = str_of(e, keys[i]);

		if (v && *v) {
			return true;
		}
	}
	return false;
}

/* Writes the texts of keys in list entry e, "a, b". */
static void entry_parts(FILE *f, const cJSON *e, const char *const *keys)
{
	bool any = false;

	for (size_t i = 0; keys[i]; i++) {
		const char *v = str_of(e, keys[i]);

		if (v && *v) {
			fprintf(f, "%s%s", any ? ", " : "", v);
			any = true;
		}
	}
}

/* Writes one entry of a list answer (a contact or a referral). */
static void entry_text(FILE *f, const struct crm_vip_answer *a, const cJSON *e, bool en)
{
	static const char *const contact_keys[] = { "name", "role", "phone", "email", NULL };
	static const char *const referral_keys[] = { "contact", "role", "phone", "email", NULL };
	const cJSON *cid = cJSON_GetObjectItemCaseSensitive(e, "id");
	const char *kind = str_of(e, "kind"), *note = str_of(e, "note");

	if (strcmp(a->type, "referrals") == 0) {
		fputs(str_of(e, "name") ? str_of(e, "name") : "?", f);
		if (kind) {
			fprintf(f, " (%s)", kind);
		}
		if (entry_has(e, referral_keys)) {
			fputs(": ", f);
			entry_parts(f, e, referral_keys);
		}
		if (note && *note) {
			fprintf(f, "; %s", note);
		}
	} else if (entry_has(e, contact_keys)) {
		entry_parts(f, e, contact_keys);
	} else if (cJSON_IsNumber(cid)) {
		fprintf(f, en ? "contact %.0f" : "контакт %.0f", cid->valuedouble);
	}
}

/* An answer as people read it, lines apart; malloc'd, NULL when none. */
static char *answer_text(const struct crm_vip_survey_sheet *s, const struct crm_vip_answer *a)
{
	bool en = s->language && strcmp(s->language, "en") == 0;
	cJSON *v = a->answer ? cJSON_Parse(a->answer) : NULL;
	const cJSON *e;
	char *text = NULL;
	size_t len = 0;
	bool first = true;
	FILE *f;

	if (!v) {
		return NULL;
	}
	f = open_memstream(&text, &len);
	if (!f) {
		cJSON_Delete(v);
		return NULL;
	}
	if (cJSON_IsString(v)) {
		fputs(v->valuestring, f);
	} else if (cJSON_IsNumber(v)) {
		fprintf(f, "%.15g%s%s", v->valuedouble, a->unit ? " " : "", a->unit ? a->unit : "");
	} else if (cJSON_IsBool(v)) {
		fputs(cJSON_IsTrue(v) ? (en ? "yes" : "да") : (en ? "no" : "нет"), f);
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(e, v) {
			fputs(first ? "" : "\n", f);
			first = false;
			entry_text(f, a, e, en);
		}
	} else {
		char *raw = cJSON_PrintUnformatted(v);

		fputs(raw ? raw : "?", f);
		cJSON_free(raw);
	}
	cJSON_Delete(v);
	if (fclose(f) != 0 || len == 0) {
		free(text); /* an empty answer is none */
		return NULL;
	}
	return text;
}

/* The table: the survey's row, then its answers section by section; an
 * answer of several lines takes a row per line. */
static int sheet_table(struct crm_ctx *ctx, const struct crm_vip_survey_sheet *s)
{
	unsigned flags = ctx->color ? EMIT_COLOR : 0;
	char err[512];
	struct emitter *e = emit_create(EMIT_FMT_TABLE, stdout, sheet_cols, ARRAY_SIZE(sheet_cols),
					sheet_table_fields, flags, err, sizeof(err));
	int code;

	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	emit_begin(e);
	emit_sheet_head(e, s);
	emit_null(e);
	emit_end(e);
	code = ctx_emit_done(ctx, e);
	if (code) {
		return code;
	}
	e = emit_create(EMIT_FMT_TABLE, stdout, answer_cols, ARRAY_SIZE(answer_cols), NULL, flags,
			err, sizeof(err));
	if (!e) {
		error("%s", err);
		return EXIT_FAIL;
	}
	putchar('\n');
	for (size_t i = 0; i < s->nsections; i++) {
		const struct crm_vip_section *sec = &s->sections[i];

		for (size_t k = 0; k < sec->nquestions; k++) {
			const struct crm_vip_answer *a = &sec->questions[k];
			char *text = answer_text(s, a), *line, *next;
			char *q = NULL;
			size_t n = strlen(a->question) + 32;

			q = malloc(n);
			if (q) {
				snprintf(q, n, "%lld. %s", (long long)a->number, a->question);
			}
			line = text;
			do {
				next = line ? strchr(line, '\n') : NULL;
				if (next) {
					*next = '\0';
					if (next > line && next[-1] == '\r') {
						next[-1] = '\0';
					}
				}
				emit_begin(e);
				emit_str(e, line == text ? (k == 0 ? sec->title : "") : "");
				emit_str(e, line == text ? (q ? q : a->question) : "");
				if (line) {
					emit_str(e, line);
				} else {
					emit_null(e);
				}
				emit_end(e);
				line = next ? next + 1 : NULL;
			} while (line);
			free(q);
			free(text);
		}
	}
	return ctx_emit_done(ctx, e);
}

/* A survey id: the argument when it is all digits. */
static bool survey_number(const char *s, int64_t *id)
{
	char *end = NULL;
	long long v;

	if (!(s[0] >= '0' && s[0] <= '9')) {
		return false;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end) {
		return false;
	}
	*id = v;
	return true;
}

int cmd_vip_survey_show(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		"crm vip survey show (<survey> | <client>)",
		"crm vip survey show --client <client>",
		NULL,
	};
	const char *client_ref = NULL;
	const struct opt opts[] = {
		OPT_STR(0, "client", &client_ref, "<client>",
			"the client's latest survey (a client named by its id too)"),
		OPT_END,
	};
	struct crm_vip_survey_sheet *s = NULL;
	int64_t id = 0, client, at, version;
	char *answers = NULL;
	char *name = NULL;
	crm_status st;
	int code;

	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 1, &code)) {
		return code;
	}
	if ((argc == 1) == (client_ref != NULL)) {
		return usage_error(usage, "name one survey: its id, or a client (its latest survey)");
	}
	if (argc == 1 && survey_number(argv[0], &id)) {
		st = crm_vip_survey_get(ctx->db, id, &s);
		if (st == CRM_ENOTFOUND) {
			code = report(ctx, st);
			hint("'crm log <client> --kind survey' lists a client's surveys; "
			     "'crm vip survey show --client %s' shows the latest survey of client %s",
			     argv[0], argv[0]);
			return code;
		}
	} else {
		code = ref_client(ctx, client_ref ? client_ref : argv[0], &client);
		if (code) {
			return code;
		}
		st = crm_vip_survey_last(ctx->db, client, &answers, &at, &version, &id);
		free(answers);
		if (st == CRM_ENOTFOUND) {
			code = client_name(ctx, client, &name);
			if (code) {
				return code;
			}
			error("'%s' has no VIP survey", name);
			hint("a survey is taken with 'crm vip survey %s'", name);
			free(name);
			return EXIT_NOTFOUND;
		}
		if (st == CRM_OK) {
			st = crm_vip_survey_get(ctx->db, id, &s);
		}
	}
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_TABLE && !ctx->fields) {
		code = sheet_table(ctx, s);
	} else {
		code = sheet_object(ctx, s);
	}
	crm_vip_survey_sheet_destroy(s);
	return code;
}
