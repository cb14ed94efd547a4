/*
 * fixture.h: what the unit tests of core start from: a fresh base with a
 * fixed clock and actor, SQL run straight on its tables, a temp folder.
 * fixture.c is linked into every unit test.
 */
#ifndef CRM_TEST_FIXTURE_H
#define CRM_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "crm/crm.h"

/* The clock of the fixtures: 2026-11-22T10:00:00Z. */
#define FIXTURE_NOW INT64_C(1795341600)

/*
 * A fresh ":memory:" base with its clock at now (0: left to the system
 * clock) and its actor (NULL: none); NULL with the reason on stderr.
 */
struct crm_db *fixture_db(int64_t now, const char *actor);

/* cmocka setups: fixture_db into *state; 0, or -1 when it failed. */
int fixture_open(void **state, int64_t now, const char *actor);
/* fixture_open at FIXTURE_NOW as "tester": the setup most tests use. */
int fixture_setup(void **state);
/* The teardown: closes the base in *state (NULL is fine). */
int fixture_teardown(void **state);
/* fixture_setup and fixture_teardown in a team in Moscow (UTC+3 all
 * year): TZ is Europe/Moscow between them, UTC after. */
int fixture_setup_moscow(void **state);
int fixture_teardown_moscow(void **state);

/* Runs sql on the base's connection; an error fails the test. */
void sql_exec(struct crm_db *db, const char *sql);
/* The first column of the first row as an integer; -1 when no row. */
int64_t sql_int(struct crm_db *db, const char *sql);
/* The same as a malloc'd string; NULL when no row or a NULL value. */
char *sql_text(struct crm_db *db, const char *sql);
/* sql_int and sql_text with ?1 bound to id (if the SQL has a ?1). */
int64_t sql_int_id(struct crm_db *db, const char *sql, int64_t id);
char *sql_text_id(struct crm_db *db, const char *sql, int64_t id);
/* sql_exec and sql_int of the SQL sqlite3_mprintf makes (%Q, %lld, %%). */
void sql_execf(struct crm_db *db, const char *fmt, ...);
int64_t sql_intf(struct crm_db *db, const char *fmt, ...);
/* Runs sql on the file at path with plain SQLite, not through crm. */
void sql_exec_file(const char *path, const char *sql);

/* Makes a fresh folder /tmp/crm-test-<name>.XXXXXX into dir; 0 or -1. */
int fixture_tmpdir(char *dir, size_t n, const char *name);
/* Removes path and everything under it; a missing path is fine. */
void fixture_rmtree(const char *path);

#endif
