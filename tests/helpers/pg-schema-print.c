/*
 * pg-schema-print: prints crm's SQL for PostgreSQL (core/pg-schema.c), for
 * the tests that run it on a throwaway server with psql.
 * usage: pg-schema-print (schema | functions)
 */
#include <stdio.h>
#include <string.h>

#include "pg-schema.h"

int main(int argc, char **argv)
{
	const char *sql = NULL;

	if (argc == 2 && strcmp(argv[1], "schema") == 0) {
		sql = crmi_pg_schema;
	} else if (argc == 2 && strcmp(argv[1], "functions") == 0) {
		sql = crmi_pg_functions;
	}
	if (sql == NULL) {
		fputs("usage: pg-schema-print (schema | functions)\n", stderr);
		return 2;
	}
	if (fputs(sql, stdout) == EOF || fflush(stdout) != 0) {
		perror("pg-schema-print");
		return 1;
	}
	return 0;
}
