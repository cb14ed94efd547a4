/*
 * mkbase: writes a crm base of an older schema, exactly as the crm of that
 * version made it, by running crm's own migration steps 1 .. VERSION on a
 * new file. The tests use it for upgrades and restores of older bases
 * (a current base with tables dropped is not such a base, and crm refuses
 * it since its schema is checked).
 * usage: mkbase FILE VERSION
 */
#include <stdio.h>
#include <stdlib.h>

#include <sqlite3.h>

#include "migrations.h"

int main(int argc, char **argv)
{
	sqlite3 *db = NULL;
	int version, rc = SQLITE_OK;

	if (argc != 3 || (version = atoi(argv[2])) < 0 || (size_t)version > crmi_migrations_count) {
		fputs("usage: mkbase FILE VERSION\n", stderr);
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "mkbase: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	for (int v = 1; v <= version && rc == SQLITE_OK; v++) {
		char pragma[64];

		rc = sqlite3_exec(db, crmi_migrations[v - 1].sql, NULL, NULL, NULL);
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", v);
		if (rc == SQLITE_OK) {
			rc = sqlite3_exec(db, pragma, NULL, NULL, NULL);
		}
	}
	if (version == 0) {
		rc = sqlite3_exec(db, "PRAGMA application_id = 1129467185", NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		fprintf(stderr, "mkbase: %s\n", sqlite3_errmsg(db));
	}
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
