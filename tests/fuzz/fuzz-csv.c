/*
 * fuzz-csv: the CSV reader (crm_csv_*) on any bytes, then crm client
 * import of the same bytes as CSV into an in-memory base, rolled back.
 * Every field the reader gives is valid UTF-8 without NUL; the line
 * numbers never go back.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crm-private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct crm_db *db;

static void read_all(const uint8_t *data, size_t size)
{
	const char *const *fields;
	struct crmi_csv *r = NULL;
	int64_t line = 0;
	crm_status st;
	size_t n;
	FILE *in = fmemopen((void *)data, size, "r");

	if (!in) {
		return;
	}
	if (crmi_csv_open(in, &r) != CRM_OK) {
		abort();
	}
	while ((st = crmi_csv_next(r, &fields, &n)) == CRM_OK) {
		if (n < 1 || crmi_csv_line(r) < line || crmi_csv_line(r) < 1) {
			abort();
		}
		line = crmi_csv_line(r);
		for (size_t i = 0; i < n; i++) {
			if (!fields[i] || !crm_utf8_valid(fields[i], strlen(fields[i]))) {
				abort();
			}
		}
	}
	if (st != CRM_DONE && (st != CRM_EDATA || !*crmi_csv_errmsg(r))) {
		abort();
	}
	crmi_csv_close(r);
	fclose(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crm_import_stats stats;
	struct crm_error err;
	crm_status st;
	FILE *in;

	if (size == 0) {
		return 0;
	}
	read_all(data, size);
	if (!db) {
		if (crm_db_open(":memory:", 0, &db, &err) != CRM_OK) {
			fprintf(stderr, "fuzz-csv: %s\n", err.msg);
			abort();
		}
		crm_db_set_now(db, INT64_C(1795341600));
		crm_db_set_actor(db, "fuzz");
	}
	in = fmemopen((void *)data, size, "r");
	if (!in) {
		return 0;
	}
	if (crm_tx_begin(db) != CRM_OK) {
		abort();
	}
	st = crm_import(db, in, CRM_IMPORT_CSV, 0, &stats);
	fclose(in);
	if (st != CRM_OK && st != CRM_EDATA && st != CRM_EEXIST && st != CRM_EINVAL) {
		abort();
	}
	crm_tx_rollback(db);
	return 0;
}
