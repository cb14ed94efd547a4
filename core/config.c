/*
 * config.c: settings stored in the base, checked against a registry of
 * known keys with their types, defaults and one-line descriptions.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

#define CONFIG_VALUE_MAX 1000

/* Keep sorted by key: lookups bisect, and a unit test checks the order. */
static const struct crm_config_key registry[] = {
	{ "audit.birthday.days", CRM_CONFIG_INT, "7", NULL, 0, 366,
	  N_("audit: days before a key contact's birthday that the owner is reminded of it") },
	{ "audit.broken-promise.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days of grace after a promise, guarantee or discount falls due") },
	{ "audit.client-requests.days", CRM_CONFIG_INT, "365", NULL, 1, 36500,
	  N_("audit: the window in days for counting client-requested handovers") },
	{ "audit.duplicate.contacts", CRM_CONFIG_BOOL, "true", NULL, 0, 0,
	  N_("audit: also report clients whose contacts share an email or a phone") },
	{ "audit.forgotten.days.key", CRM_CONFIG_INT, "45", NULL, 1, 36500,
	  N_("audit: days without any interaction before a key client counts as forgotten") },
	{ "audit.forgotten.days.regular", CRM_CONFIG_INT, "90", NULL, 1, 36500,
	  N_("audit: days without any interaction before a regular client counts as forgotten") },
	{ "audit.forgotten.days.vip", CRM_CONFIG_INT, "30", NULL, 1, 36500,
	  N_("audit: days without any interaction before a vip client counts as forgotten") },
	{ "audit.handover-no-first-action.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days of grace after a handover's next action falls due") },
	{ "audit.handover-no-notice.days", CRM_CONFIG_INT, "3", NULL, 0, 36500,
	  N_("audit: days after acceptance by which the client must be told of a handover") },
	{ "audit.handover-pending.days", CRM_CONFIG_INT, "3", NULL, 0, 36500,
	  N_("audit: days a handover may wait for acceptance") },
	{ "audit.late-meeting.minutes", CRM_CONFIG_INT, "15", NULL, 1, 1440,
	  N_("audit: minutes late to a meeting that the head of sales is told of") },
	{ "audit.no-control-call.days", CRM_CONFIG_INT, "7", NULL, 1, 365,
	  N_("audit: days after a first meeting (or a trainee's meeting) by which the head or mentor calls the client") },
	{ "audit.no-key-contact.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days a new company client may go without a key contact") },
	{ "audit.no-next-action.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days a client may go without an open next action") },
	{ "audit.open-conflict.days", CRM_CONFIG_INT, "14", NULL, 0, 36500,
	  N_("audit: days a conflict or mishap may stay unresolved") },
	{ "audit.over-capacity.margin", CRM_CONFIG_INT, "0", NULL, 0, 100000,
	  N_("audit: clients a manager may hold above the capacity") },
	{ "audit.overdue-action.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days of grace after a next action falls due") },
	{ "audit.paper-relationship.days", CRM_CONFIG_INT, "180", NULL, 1, 36500,
	  N_("audit: days without a meeting or call while orders or emails go on") },
	{ "audit.quality-unremedied.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days of grace after a quality remedy falls due") },
	{ "audit.rescheduled.hours", CRM_CONFIG_INT, "24", NULL, 1, 720,
	  N_("audit: hours before a meeting within which a manager's move of it is reported") },
	{ "audit.rescheduled.moves", CRM_CONFIG_INT, "3", NULL, 1, 1000,
	  N_("audit: moves of one next action that the head of sales is told of") },
	{ "audit.silent-client.days", CRM_CONFIG_INT, "365", NULL, 1, 36500,
	  N_("audit: days without a complaint, feedback or survey (and the least age of the client)") },
	{ "audit.stale-contact.days", CRM_CONFIG_INT, "365", NULL, 1, 36500,
	  N_("audit: days after which a key contact counts as unconfirmed") },
	{ "audit.storm.days", CRM_CONFIG_INT, "30", NULL, 0, 36500,
	  N_("audit: days a client may stay in the storm stage") },
	{ "audit.trainee-unsupervised.days", CRM_CONFIG_INT, "7", NULL, 1, 365,
	  N_("audit: days after a trainee's meeting within which the mentor or a head must contact the client") },
	{ "audit.vacation-return.days", CRM_CONFIG_INT, "0", NULL, 0, 36500,
	  N_("audit: days of grace after a temporary handover ends") },
	{ "audit.vip-not-surveyed.days", CRM_CONFIG_INT, "365", NULL, 1, 36500,
	  N_("audit: days a vip or key client may go without a survey") },
	{ "base.language", CRM_CONFIG_ENUM, "en", "ru,en", 0, 0,
	  N_("the language of the texts crm writes into the base (first actions, remedies, status notes); crm init sets it from the locale") },
	{ "calendar.duration", CRM_CONFIG_INT, "60", NULL, 5, 1440,
	  N_("ics: the length in minutes of a next action with a time, as a calendar event") },
	{ "client.regular.days", CRM_CONFIG_INT, "180", NULL, 1, 36500,
	  N_("the fewest days between the first and the last order of a candidate for regular") },
	{ "client.regular.orders", CRM_CONFIG_INT, "3", NULL, 2, 1000,
	  N_("the fewest orders of a candidate for regular (crm audit clients)") },
	{ "company.name", CRM_CONFIG_STRING, NULL, NULL, 0, 0,
	  N_("the company's name, as the letters to clients give it (ООО «Связь-Сервис»)") },
	{ "core.hooksPath", CRM_CONFIG_STRING, NULL, NULL, 0, 0,
	  N_("the folder of hooks (default: $XDG_CONFIG_HOME/crm/hooks)") },
	{ "core.pager", CRM_CONFIG_STRING, NULL, NULL, 0, 0,
	  N_("the pager of long output on a terminal (default: $PAGER, else less -FRX)") },
	{ "csv.excel", CRM_CONFIG_BOOL, "false", NULL, 0, 0,
	  N_("--format csv writes for a Russian Excel: a byte order mark, ';' and CRLF (as --excel)") },
	{ "handover.client_request_escalation", CRM_CONFIG_INT, "5", NULL, 1, 1000,
	  N_("the client-requested handover (counting this one) that only a head may make, with --escalated") },
	{ "handover.min_brief_chars", CRM_CONFIG_INT, "200", NULL, 1, 10000,
	  N_("the fewest characters a handover briefing may have") },
	{ "handover.min_brief_words", CRM_CONFIG_INT, "30", NULL, 1, 10000,
	  N_("the fewest distinct words a handover briefing may have") },
	{ "hooks.timeout", CRM_CONFIG_INT, "10", NULL, 1, 3600,
	  N_("seconds a hook may run before it is killed") },
	{ "letters.language", CRM_CONFIG_ENUM, "ru", "ru,en", 0, 0,
	  N_("the language of the letters to clients: the handover notice, the farewell") },
	{ "manager.capacity", CRM_CONFIG_INT, "50", NULL, 0, 100000,
	  N_("clients a new manager should hold at most, when crm manager add has no --capacity") },
	{ "time.zone", CRM_CONFIG_STRING, "UTC", NULL, 0, 0,
	  N_("the team's time zone (IANA name, e.g. Europe/Moscow): times are read and shown in it") },
	{ "user.email", CRM_CONFIG_STRING, NULL, NULL, 0, 0,
	  N_("email of the person using this base, shown in messages to clients") },
	{ "vip.followup_days", CRM_CONFIG_INT, "14", NULL, 0, 365,
	  N_("vip: days after a survey by which its opportunities and referrals are due") },
	{ "vip.language", CRM_CONFIG_ENUM, "ru", "ru,en", 0, 0,
	  N_("vip: the language of the built-in questionnaire (ru, en)") },
	{ "vip.remedy_days", CRM_CONFIG_INT, "7", NULL, 0, 365,
	  N_("vip: days after a survey that found bad quality by which technical work is due") },
};

const struct crm_config_key *crm_config_keys(size_t *n)
{
	*n = ARRAY_SIZE(registry);
	return registry;
}

static int key_cmp(const void *a, const void *b)
{
	const char *key = a;
	const struct crm_config_key *k = b;

	return strcmp(key, k->key);
}

const struct crm_config_key *crm_config_key_find(const char *key)
{
	if (!key) {
		return NULL;
	}
	return bsearch(key, registry, ARRAY_SIZE(registry), sizeof(registry[0]), key_cmp);
}

static bool parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static bool parse_int(const char *v, int64_t *out)
{
	char *end;
	long long n;

	if (!*v || (*v != '-' && (*v < '0' || *v > '9'))) {
		return false;
	}
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || *end) {
		return false;
	}
	*out = n;
	return true;
}

/* True when word is one of the comma-separated choices. */
static bool in_choices(const char *choices, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = choices; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (len == n && memcmp(p, word, n) == 0) {
			return true;
		}
		p += len + (comma ? 1 : 0);
	}
	return false;
}

crm_status crm_config_check(const struct crm_config_key *k, const char *value, char *errbuf,
			    size_t errlen)
{
	bool b;
	int64_t n;

	if (!value || !*value) {
		snprintf(errbuf, errlen, _("empty value for '%s': use 'crm config unset %s'"), k->key,
			 k->key);
		return CRM_EINVAL;
	}
	if (strlen(value) > CONFIG_VALUE_MAX || !crm_utf8_valid(value, strlen(value))) {
		snprintf(errbuf, errlen, _("invalid value for '%s': not UTF-8 text of at most %d bytes"),
			 k->key, CONFIG_VALUE_MAX);
		return CRM_EINVAL;
	}
	switch (k->type) {
	case CRM_CONFIG_STRING:
		if (strcmp(k->key, "time.zone") == 0) {
			crm_status z = crm_zone_check(value);

			if (z != CRM_OK) {
				snprintf(errbuf, errlen,
					 z == CRM_ENOTFOUND
						 ? _("unknown time zone '%s': use an IANA name such as "
						     "Europe/Moscow (the zones come with the tzdata package)")
						 : _("invalid time zone '%s': use an IANA name such as "
						     "Europe/Moscow or UTC"),
					 value);
				return CRM_EINVAL;
			}
			return CRM_OK;
		}
		/* user.name and user.email: one line, as every name (the identity
		 * at most CRM_NAME_MAX characters) */
		if (!crm_text_line_check(k->key, value,
					 strcmp(k->key, "user.name") == 0 ? CRM_NAME_MAX : 0, errbuf,
					 errlen)) {
			return CRM_EINVAL;
		}
		return CRM_OK;
	case CRM_CONFIG_BOOL:
		if (!parse_bool(value, &b)) {
			snprintf(errbuf, errlen, _("invalid value '%s' for '%s': expected true or false"),
				 value, k->key);
			return CRM_EINVAL;
		}
		/* as crm.h promises: the normalised value goes into buf */
		snprintf(errbuf, errlen, "%s", b ? "true" : "false");
		return CRM_OK;
	case CRM_CONFIG_INT:
		if (!parse_int(value, &n) || n < k->min || n > k->max) {
			snprintf(errbuf, errlen,
				 _("invalid value '%s' for '%s': expected a whole number from %lld to %lld"),
				 value, k->key, (long long)k->min, (long long)k->max);
			return CRM_EINVAL;
		}
		return CRM_OK;
	case CRM_CONFIG_ENUM:
		if (!in_choices(k->choices, value)) {
			snprintf(errbuf, errlen, _("invalid value '%s' for '%s': expected one of %s"),
				 value, k->key, k->choices);
			return CRM_EINVAL;
		}
		return CRM_OK;
	}
	return CRM_EINVAL;
}

static const char sql_config_get[] = "SELECT value FROM config WHERE key = ?1";
static const char sql_config_set[] =
	"INSERT INTO config(key, value) VALUES (?1, ?2)"
	" ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char sql_config_unset[] = "DELETE FROM config WHERE key = ?1";

/* The stored value (malloc'd) or NULL; st gets the outcome. */
static char *stored_value(struct crm_db *db, const char *key, crm_status *st)
{
	crmi_stmt *s = crmi_prepare(db, sql_config_get);
	char *v = NULL;
	int rc;

	*st = CRM_OK;
	if (!s) {
		*st = db->errcode;
		return NULL;
	}
	crmi_bind_text(s, 1, key);
	rc = crmi_step(s);
	if (rc == CRMI_ROW) {
		v = strdup(crmi_col_text(s, 0));
		if (!v) {
			*st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	} else if (rc != CRMI_DONE) {
		*st = crmi_sqlfail(db, rc, N_("cannot read the settings"));
	}
	crmi_reset(s);
	return v;
}

crm_status crm_config_get(struct crm_db *db, const char *key, char **value, bool *is_set)
{
	const struct crm_config_key *k = crm_config_key_find(key);
	crm_status st;
	char *v;

	*value = NULL;
	if (is_set) {
		*is_set = false;
	}
	if (!k) {
		return crmi_fail(db, CRM_ENOTFOUND, "unknown config key '%s'", key);
	}
	v = stored_value(db, key, &st);
	if (st != CRM_OK) {
		return st;
	}
	if (v) {
		if (is_set) {
			*is_set = true;
		}
	} else if (k->def && !(v = strdup(k->def))) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	*value = v;
	return CRM_OK;
}

int64_t crm_config_int(struct crm_db *db, const char *key)
{
	char *v = NULL;
	int64_t n = 0;

	if (crm_config_get(db, key, &v, NULL) == CRM_OK && v) {
		parse_int(v, &n);
	}
	free(v);
	return n;
}

bool crm_config_bool(struct crm_db *db, const char *key)
{
	char *v = NULL;
	bool b = false;

	if (crm_config_get(db, key, &v, NULL) == CRM_OK && v) {
		parse_bool(v, &b);
	}
	free(v);
	return b;
}

char *crmi_team_zone(struct crm_db *db)
{
	char *zone = NULL;

	if (crm_config_get(db, "time.zone", &zone, NULL) != CRM_OK || !zone ||
	    crm_zone_check(zone) != CRM_OK) {
		free(zone);
		return strdup("UTC");
	}
	return zone;
}

crm_status crm_config_set(struct crm_db *db, const char *key, const char *value)
{
	const struct crm_config_key *k = crm_config_key_find(key);
	char msg[256];
	char *old;
	const char *norm = value;
	crmi_stmt *s;
	crm_status st;
	cJSON *j;
	bool b = false;
	int rc;

	db->base_lang = 0; /* read again after the write, or its rollback */
	if (!k) {
		return crmi_fail(db, CRM_ENOTFOUND, "unknown config key '%s'", key);
	}
	if (crm_config_check(k, value, msg, sizeof(msg)) != CRM_OK) {
		return crmi_fail(db, CRM_EINVAL, "%s", msg);
	}
	if (k->type == CRM_CONFIG_BOOL) {
		parse_bool(value, &b);
		norm = b ? "true" : "false";
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	old = stored_value(db, key, &st);
	if (st == CRM_OK && (s = crmi_prepare(db, sql_config_set))) {
		crmi_bind_text(s, 1, key);
		crmi_bind_text(s, 2, norm);
		rc = crmi_step(s);
		crmi_reset(s);
		if (rc != CRMI_DONE) {
			st = crmi_sqlfail(db, rc, N_("cannot store the setting"));
		}
	} else if (st == CRM_OK) {
		st = db->errcode;
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_str(j, "key", key);
		crmi_json_str(j, "value", norm);
		crmi_json_str(j, "old", old);
		st = crmi_journal(db, "config.set", "config", 0, j);
	}
	free(old);
	return crmi_atomic_end(db, st);
}

crm_status crm_config_unset(struct crm_db *db, const char *key)
{
	const struct crm_config_key *k = crm_config_key_find(key);
	crmi_stmt *s;
	crm_status st;
	char *old;
	cJSON *j;
	int rc;

	db->base_lang = 0; /* read again after the write, or its rollback */
	if (!k) {
		return crmi_fail(db, CRM_ENOTFOUND, "unknown config key '%s'", key);
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	old = stored_value(db, key, &st);
	if (st == CRM_OK && !old) {
		st = crmi_fail(db, CRM_ENOTFOUND, "config key '%s' is not set", key);
	}
	if (st == CRM_OK && (s = crmi_prepare(db, sql_config_unset))) {
		crmi_bind_text(s, 1, key);
		rc = crmi_step(s);
		crmi_reset(s);
		if (rc != CRMI_DONE) {
			st = crmi_sqlfail(db, rc, N_("cannot remove the setting"));
		}
	} else if (st == CRM_OK) {
		st = db->errcode;
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_str(j, "key", key);
		crmi_json_str(j, "old", old);
		st = crmi_journal(db, "config.unset", "config", 0, j);
	}
	free(old);
	return crmi_atomic_end(db, st);
}

static crm_status init_set(struct crm_db *db, const char *key, const char *value)
{
	crmi_stmt *s = crmi_prepare(db, sql_config_set);
	int rc;

	if (!s) {
		return db->errcode;
	}
	crmi_bind_text(s, 1, key);
	crmi_bind_text(s, 2, value);
	rc = crmi_step(s);
	crmi_reset(s);
	return rc == CRMI_DONE ? CRM_OK : crmi_sqlfail(db, rc, N_("cannot store the setting"));
}

crm_status crm_base_init(struct crm_db *db, const char *zone, const char *language)
{
	crm_status st;
	cJSON *j;

	db->base_lang = 0; /* read again after the write, or its rollback */
	if (crm_zone_check(zone) != CRM_OK) {
		return crmi_fail(db, CRM_EINVAL, "unknown time zone '%s': use an IANA name such as "
			       "Europe/Moscow or UTC", zone ? zone : "");
	}
	st = crmi_enum_check(db, N_("base language"), language, crm_languages);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = init_set(db, "time.zone", zone);
	if (st == CRM_OK) {
		st = init_set(db, "base.language", language);
	}
	if (st == CRM_OK) {
		j = cJSON_CreateObject();
		crmi_json_str(j, "time_zone", zone);
		crmi_json_str(j, "language", language);
		st = crmi_journal(db, "base.init", "base", 0, j);
	}
	return crmi_atomic_end(db, st);
}

const char *const crm_languages[] = { "ru", "en", NULL };

/* "ru" when key holds ru, else "en" (a key that cannot be read: its default) */
static bool is_ru(struct crm_db *db, const char *key)
{
	char *v = NULL;
	bool ru;

	if (crm_config_get(db, key, &v, NULL) != CRM_OK) {
		crmi_clear_error(db);
	}
	ru = v && strcmp(v, "ru") == 0;
	free(v);
	return ru;
}

/* Read once per command, not once per text: the VIP assignment writes
 * several texts for each of thousands of clients. */
const char *crmi_base_text(struct crm_db *db, const char *en, const char *ru)
{
	if (db->base_lang == 0) {
		db->base_lang = is_ru(db, "base.language") ? 2 : 1;
	}
	return db->base_lang == 2 ? ru : en;
}

bool crmi_letters_ru(struct crm_db *db)
{
	return is_ru(db, "letters.language");
}
