/*
 * schema-gen: a build tool. It applies crm's migrations one by one to an
 * empty in-memory database and writes, for every version, the objects of
 * sqlite_master (type, name, table and a hash of the SQL) as C data: the
 * exact schema a crm base of that version has. crm compares a base with it
 * at open, restore and check (schema.c), so that a file whose schema was
 * edited is refused instead of running someone else's SQL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "migrations.h"

static int dump(sqlite3 *db, FILE *out, int version, size_t *count)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*count = 0;
	rc = sqlite3_prepare_v2(db,
				"SELECT type, name, tbl_name, sql FROM sqlite_master"
				" WHERE name NOT IN ('sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4')"
				" ORDER BY name",
				-1, &st, NULL);
	if (rc != SQLITE_OK) {
		return rc;
	}
	fprintf(out, "static const struct crmi_schema_obj v%d[] = {\n", version);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out, "\t{ \"%s\", \"%s\", \"%s\", 0x%016llxULL },\n",
			(const char *)sqlite3_column_text(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2),
			crmi_schema_hash((const char *)sqlite3_column_text(st, 3)));
		(*count)++;
	}
	if (*count == 0) {
		fputs("\t{ NULL, NULL, NULL, 0 },\n", out);
	}
	fputs("};\n\n", out);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	FILE *out;
	size_t *counts;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: schema-gen OUTPUT.c\n");
		return 2;
	}
	counts = calloc(crmi_migrations_count + 1, sizeof(*counts));
	out = fopen(argv[1], "w");
	if (!counts || !out || sqlite3_open(":memory:", &db) != SQLITE_OK) {
		fprintf(stderr, "schema-gen: cannot start\n");
		return 1;
	}
	fputs("/* written by schema-gen from migrations.c: do not edit */\n"
	      "#include \"migrations.h\"\n\n",
	      out);
	rc = dump(db, out, 0, &counts[0]);
	for (size_t i = 0; rc == SQLITE_OK && i < crmi_migrations_count; i++) {
		char *msg = NULL;

		rc = sqlite3_exec(db, crmi_migrations[i].sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			fprintf(stderr, "schema-gen: step %d: %s\n", crmi_migrations[i].version,
				msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			break;
		}
		rc = dump(db, out, crmi_migrations[i].version, &counts[i + 1]);
	}
	if (rc == SQLITE_OK) {
		fputs("const struct crmi_schema_expected crmi_schema_expected[] = {\n", out);
		for (size_t v = 0; v <= crmi_migrations_count; v++) {
			fprintf(out, "\t{ %zu, v%zu, %zu },\n", v, v, counts[v]);
		}
		fprintf(out, "};\n\nconst size_t crmi_schema_expected_count = %zu;\n",
			crmi_migrations_count + 1);
	}
	sqlite3_close(db);
	free(counts);
	if (fclose(out) != 0 || rc != SQLITE_OK) {
		fprintf(stderr, "schema-gen: cannot write '%s'\n", argv[1]);
		remove(argv[1]);
		return 1;
	}
	return 0;
}
