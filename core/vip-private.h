/*
 * vip-private.h: what the files of the VIP programme share (vip.c,
 * vip-assign.c, vip-report.c, vip-template.c, vip-survey.c) and nothing
 * else sees.
 */
#ifndef CRM_VIP_PRIVATE_H
#define CRM_VIP_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

static inline crm_status oom(struct crm_db *db)
{
	return crmi_fail(db, CRM_ENOMEM, "out of memory");
}

/* vip.c: a copy of s (NULL stays NULL); ENOMEM into *st, once. */
char *crmi_vip_dup_text(struct crm_db *db, const char *s, crm_status *st);
/* vip.c: t as a date, or null when 0. */
void crmi_vip_json_date(cJSON *obj, const char *key, int64_t t);
/* vip.c: one integer from a statement with ?1 = a (0: unbound); *found tells a row came. */
crm_status crmi_vip_query_int(struct crm_db *db, const char *sql, int64_t a, int64_t *out,
			      bool *found);

/* vip-template.c: the questionnaire as the survey reads it. */
enum qtype { Q_TEXT, Q_NUMBER, Q_YESNO, Q_CHOICE, Q_CONTACTS, Q_REFERRALS };

struct tq {
	const char *id, *text, *label, *unit;
	enum qtype type;
	bool required, opportunity;
	const cJSON *choices, *pass;
	bool has_min, has_max;
	double min, max;
};

struct tmpl {
	cJSON *root;
	int64_t version;
	struct tq *q;
	size_t nq;
};

/*
 * vip-template.c: whether the built-in questionnaire is the English one
 * (vip.language, Russian by default). Not base.language: the answers to
 * its choice questions are its words, and scripts answer in Russian.
 */
bool crmi_vip_builtin_en(struct crm_db *db);
void crmi_vip_tmpl_release(struct tmpl *t);
/* Loads template version (0: the current one) into t. */
crm_status crmi_vip_tmpl_load(struct crm_db *db, int64_t version, struct tmpl *t);
/* Whether s is one of the strings of choices. */
bool crmi_vip_in_choices(const cJSON *choices, const char *s);
/* Whether v is an answer at all: null, "" and [] are none. */
bool crmi_vip_answered(const cJSON *v);

#endif
