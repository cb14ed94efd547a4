/*
 * sqlx: runs SQL on a file and prints each row as values joined by '|'.
 * The CLI tests use it to build fixtures (an older schema, a newer one)
 * and to look inside a base, without needing the sqlite3 shell.
 * usage: sqlx FILE SQL
 */
#include <stdio.h>

#include <sqlite3.h>

static int row(void *data, int n, char **vals, char **names)
{
	(void)data;
	(void)names;
	for (int i = 0; i < n; i++) {
		printf("%s%s", i ? "|" : "", vals[i] ? vals[i] : "");
	}
	putchar('\n');
	return 0;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	char *err = NULL;
	int rc;

	if (argc != 3) {
		fputs("usage: sqlx FILE SQL\n", stderr);
		return 2;
	}
	if (sqlite3_open(argv[1], &db) != SQLITE_OK) {
		fprintf(stderr, "sqlx: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	sqlite3_busy_timeout(db, 5000);
	rc = sqlite3_exec(db, argv[2], row, NULL, &err);
	if (rc != SQLITE_OK) {
		fprintf(stderr, "sqlx: %s\n", err ? err : sqlite3_errstr(rc));
		sqlite3_free(err);
	}
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : 1;
}
