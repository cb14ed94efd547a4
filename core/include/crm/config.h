/*
 * crm/config.h: the settings kept in the base.
 * Part of crm/crm.h, whose ownership rules apply here.
 */
#ifndef CRM_CRM_CONFIG_H
#define CRM_CRM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crm/db.h"

#ifdef __cplusplus
extern "C" {
#endif

enum crm_config_type {
	CRM_CONFIG_STRING,
	CRM_CONFIG_INT,
	CRM_CONFIG_BOOL,
	CRM_CONFIG_ENUM,
};

struct crm_config_key {
	const char *key;
	enum crm_config_type type;
	const char *def;      /* default as text, or NULL for none */
	const char *choices;  /* ENUM: "ru,en"; NULL otherwise */
	int64_t min, max;     /* INT bounds */
	const char *summary;  /* one line */
};

/* The registry of known keys, sorted by key; *n gets the count. */
const struct crm_config_key *crm_config_keys(size_t *n);
/* The registry entry of key, or NULL when the key is unknown. */
const struct crm_config_key *crm_config_key_find(const char *key);

/*
 * Checks value against the key's type; normalises booleans to
 * "true"/"false" into buf. EINVAL with a message in errbuf on a bad value.
 */
crm_status crm_config_check(const struct crm_config_key *k, const char *value,
			    char *errbuf, size_t errlen);

/*
 * The value of key: the stored one, else the default. *value is a malloc'd
 * copy the caller frees (NULL when neither is set); *is_set tells whether a
 * value is stored. ENOTFOUND for an unknown key.
 */
crm_status crm_config_get(struct crm_db *db, const char *key, char **value,
			  bool *is_set);
/* Typed readers for core's own rules: the stored value or the default. */
int64_t crm_config_int(struct crm_db *db, const char *key);
bool crm_config_bool(struct crm_db *db, const char *key);

/* Stores a value (journaled). ENOTFOUND unknown key, EINVAL bad value. */
crm_status crm_config_set(struct crm_db *db, const char *key, const char *value);
/* The languages of texts for people (base.language, letters.language). */
extern const char *const crm_languages[]; /* ru, en */
/* A new base's first entries: the team's zone (time.zone), the language
 * of the texts crm writes into it (base.language, ru or en), and the
 * journal's base.init, which names both. */
crm_status crm_base_init(struct crm_db *db, const char *zone, const char *language);
/* Removes a stored value (journaled). ENOTFOUND unknown key or not set. */
crm_status crm_config_unset(struct crm_db *db, const char *key);

#ifdef __cplusplus
}
#endif
#endif
