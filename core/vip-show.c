/*
 * vip-show.c: a completed VIP survey read back, section by section, with
 * the questionnaire version it was taken with (vip-template.c) and the
 * record vip-survey.c stored.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"

static const char sql_survey[] =
	"SELECT s.client_id, c.name, s.program_id, p.name, s.template_version, s.surveyor_id,"
	" s.surveyor, s.at, s.answers, s.quality, s.failures, s.incident_id, s.remedy_id,"
	" s.interaction_id, s.author, s.created"
	" FROM vip_survey s JOIN client c ON c.id = s.client_id"
	" LEFT JOIN vip_program p ON p.id = s.program_id WHERE s.id = ?1";
/* the same order as crm_vip_survey_last: the latest meeting, then the latest record */
/* The sheet with what it owns. */
struct sheet {
	struct crm_vip_survey_sheet pub;
	struct tmpl t;           /* the questions' texts are borrowed from it */
	char *strs[7];           /* client, program, surveyor, quality, failures, author, language */
};

static char *dup_col(crmi_stmt *st, int i, bool *oom)
{
	const char *s = crmi_col_text(st, i);
	char *d;

	if (!s) {
		return NULL;
	}
	d = strdup(s);
	if (!d) {
		*oom = true;
	}
	return d;
}

void crm_vip_survey_sheet_destroy(struct crm_vip_survey_sheet *s)
{
	struct sheet *sh = (struct sheet *)s;

	if (!s) {
		return;
	}
	for (size_t i = 0; i < s->nsections; i++) {
		for (size_t k = 0; k < s->sections[i].nquestions; k++) {
			cJSON_free((char *)s->sections[i].questions[k].answer);
		}
		free(s->sections[i].questions);
	}
	free(s->sections);
	for (size_t i = 0; i < ARRAY_SIZE(sh->strs); i++) {
		free(sh->strs[i]);
	}
	crmi_vip_tmpl_release(&sh->t);
	free(sh);
}

/* The sections of sh->t with the answers of a (question ids in t.q order). */
static crm_status fill_sections(struct crm_db *db, struct sheet *sh, const cJSON *a)
{
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(sh->t.root, "sections"), *s, *q;
	size_t n = (size_t)cJSON_GetArraySize(sections), k = 0;
	struct crm_vip_survey_sheet *p = &sh->pub;

	p->sections = calloc(n ? n : 1, sizeof(*p->sections));
	if (!p->sections) {
		return oom(db);
	}
	cJSON_ArrayForEach(s, sections) {
		struct crm_vip_section *sec = &p->sections[p->nsections++];
		const cJSON *qs = cJSON_GetObjectItemCaseSensitive(s, "questions");
		size_t nq = (size_t)cJSON_GetArraySize(qs);

		sec->id = cJSON_GetObjectItemCaseSensitive(s, "id")->valuestring;
		sec->title = cJSON_GetObjectItemCaseSensitive(s, "title")->valuestring;
		sec->questions = calloc(nq ? nq : 1, sizeof(*sec->questions));
		if (!sec->questions) {
			return oom(db);
		}
		cJSON_ArrayForEach(q, qs) {
			/* the checked questions come in the order of the sections */
			const struct tq *tq = &sh->t.q[k++];
			struct crm_vip_answer *ans = &sec->questions[sec->nquestions++];
			const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, tq->id);

			(void)q;
			ans->number = (int64_t)k;
			ans->id = tq->id;
			ans->question = tq->text;
			ans->type = crm_vip_question_types[tq->type];
			ans->unit = tq->unit;
			ans->required = tq->required;
			if (crmi_vip_answered(v) && !(ans->answer = cJSON_PrintUnformatted(v))) {
				return oom(db);
			}
		}
	}
	return CRM_OK;
}

static crm_status read_row(struct crm_db *db, int64_t id, struct sheet *sh, char **answers)
{
	struct crm_vip_survey_sheet *p = &sh->pub;
	crmi_stmt *st = crmi_prepare(db, sql_survey);
	bool nomem = false;
	int rc;

	*answers = NULL;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_DONE) {
		crmi_reset(st);
		return crmi_fail(db, CRM_ENOTFOUND, "no VIP survey with id %lld", (long long)id);
	}
	if (rc != CRMI_ROW) {
		crmi_reset(st);
		return crmi_sqlfail(db, rc, "cannot read the survey");
	}
	p->id = id;
	p->client_id = crmi_col_int64(st, 0);
	p->client = sh->strs[0] = dup_col(st, 1, &nomem);
	p->program_id = crmi_col_int64(st, 2);
	p->program = sh->strs[1] = dup_col(st, 3, &nomem);
	p->template_version = crmi_col_int64(st, 4);
	p->surveyor_id = crmi_col_int64(st, 5);
	p->surveyor = sh->strs[2] = dup_col(st, 6, &nomem);
	p->date = crmi_col_int64(st, 7);
	*answers = dup_col(st, 8, &nomem);
	p->quality = sh->strs[3] = dup_col(st, 9, &nomem);
	p->failures = sh->strs[4] = dup_col(st, 10, &nomem);
	p->incident_id = crmi_col_int64(st, 11);
	p->remedy_id = crmi_col_int64(st, 12);
	p->interaction_id = crmi_col_int64(st, 13);
	p->author = sh->strs[5] = dup_col(st, 14, &nomem);
	p->created = crmi_col_int64(st, 15);
	crmi_reset(st);
	return nomem ? oom(db) : CRM_OK;
}

crm_status crm_vip_survey_get(struct crm_db *db, int64_t id, struct crm_vip_survey_sheet **out)
{
	struct sheet *sh = calloc(1, sizeof(*sh));
	const cJSON *lang;
	char *answers = NULL;
	cJSON *a = NULL;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	if (!sh) {
		return oom(db);
	}
	st = read_row(db, id, sh, &answers);
	if (st == CRM_OK) {
		st = crmi_vip_tmpl_load(db, sh->pub.template_version, &sh->t);
	}
	if (st == CRM_OK) {
		a = cJSON_Parse(answers);
		if (!cJSON_IsObject(a)) {
			st = crmi_fail(db, CRM_EDB, "survey %lld: its answers are not a JSON object",
				       (long long)id);
		}
	}
	if (st == CRM_OK) {
		lang = cJSON_GetObjectItemCaseSensitive(sh->t.root, "language");
		if (cJSON_IsString(lang) && !(sh->strs[6] = strdup(lang->valuestring))) {
			st = oom(db);
		}
		sh->pub.language = sh->strs[6];
	}
	if (st == CRM_OK) {
		st = fill_sections(db, sh, a);
	}
	cJSON_Delete(a);
	free(answers);
	if (st != CRM_OK) {
		crm_vip_survey_sheet_destroy(&sh->pub);
		return st;
	}
	*out = &sh->pub;
	return CRM_OK;
}

