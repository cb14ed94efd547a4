/*
 * migrations.h: crm's schema steps as plain data, shared by the library
 * and by schema-gen, the build tool that records each version's schema.
 */
#ifndef CRM_MIGRATIONS_H
#define CRM_MIGRATIONS_H

#include <stddef.h>

struct crmi_migration {
	int version;
	const char *sql;
};

extern const struct crmi_migration crmi_migrations[];
extern const size_t crmi_migrations_count;

/*
 * One object of a schema as sqlite_master holds it: its type, name and
 * table, and a 64-bit FNV-1a hash of its SQL (0 when the SQL is NULL, as
 * for the automatic indexes).
 */
struct crmi_schema_obj {
	const char *type;
	const char *name;
	const char *tbl_name;
	unsigned long long sql_hash;
};

/* The schema of version v: objects sorted by name (memcmp order). */
struct crmi_schema_expected {
	int version;
	const struct crmi_schema_obj *objs;
	size_t count;
};

/* schema-expected.c, written by schema-gen: versions 0 .. N in order. */
extern const struct crmi_schema_expected crmi_schema_expected[];
extern const size_t crmi_schema_expected_count;

/* The hash of sqlite_master.sql, shared by schema-gen and the check. */
static inline unsigned long long crmi_schema_hash(const char *sql)
{
	unsigned long long h = 14695981039346656037ULL;

	if (!sql) {
		return 0;
	}
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

#endif
