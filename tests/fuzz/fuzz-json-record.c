/*
 * fuzz-json-record: crm client import of NDJSON (the JSON record mapper
 * and the writes behind it) on any bytes, into an in-memory base, each
 * input in a transaction that is rolled back. An import either succeeds
 * or fails with EDATA, EEXIST or EINVAL and leaves the base as it was.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "crm-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct crm_db *db;

static int64_t count_clients(void)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM client", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

static void open_base(void)
{
	struct crm_error err;
	int64_t id;

	if (crm_db_open(":memory:", 0, &db, &err) != CRM_OK) {
		fprintf(stderr, "fuzz-json-record: %s\n", err.msg);
		abort();
	}
	crm_db_set_now(db, INT64_C(1795341600));
	crm_db_set_actor(db, "fuzz");
	/* something for uuids and names to collide with */
	if (crm_manager_add(db, &(struct crm_manager_input){ .name = "Анна", .capacity = -1 },
			    &id) != CRM_OK ||
	    crm_client_add(db, &(struct crm_client_input){ .name = "Acme", .contact_every = -1,
							   .uuid = "00000000-0000-4000-8000-000000000001" },
			   &id) != CRM_OK) {
		fprintf(stderr, "fuzz-json-record: setup: %s\n", crm_db_errmsg(db));
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_import_stats stats;
	crm_status st;
	FILE *in;

	if (!db) {
		open_base();
	}
	if (size == 0) {
		return 0;
	}
	in = fmemopen((void *)data, size, "r");
	if (!in) {
		return 0;
	}
	if (crm_tx_begin(db) != CRM_OK) {
		abort();
	}
	st = crm_import(db, in, CRM_IMPORT_NDJSON, size & 1 ? CRM_IMPORT_UPDATE : 0, &stats);
	fclose(in);
	if (st != CRM_OK && st != CRM_EDATA && st != CRM_EEXIST && st != CRM_EINVAL) {
		abort();
	}
	/* all or nothing */
	if (st != CRM_OK && count_clients() != 1) {
		abort();
	}
	crm_tx_rollback(db);
	return 0;
}
