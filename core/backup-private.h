/*
 * backup-private.h: what backup.c shares with restore.c and nothing else
 * sees: the durable writing of files, and errors into a struct crm_error.
 */
#ifndef CRM_BACKUP_PRIVATE_H
#define CRM_BACKUP_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#include "crm-private.h"

crm_status crmi_set_err(struct crm_error *err, crm_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void crmi_clear_err(struct crm_error *err);

/* path + suffix, malloc'd. */
char *crmi_path_with(const char *path, const char *suffix);
/* The folder of path, malloc'd: "." when path has no slash. */
char *crmi_dir_of(const char *path);
int crmi_fsync_path(const char *path, bool dir);
void crmi_unlink_with(const char *path, const char *suffix);
/* Removes a temporary base and whatever SQLite left beside it. */
void crmi_temp_remove(const char *tmp);
/* Maps the SQLite error of writing a copy to a status and message. */
crm_status crmi_copy_fail(struct crm_error *err, int rc, const char *what, const char *path,
			  sqlite3 *db);
/* The whole database src into a new temporary file beside target, fsynced. */
crm_status crmi_copy_to_temp(sqlite3 *src, const char *target, const char *what,
			     char **tmp, int64_t *pages, struct crm_error *err);
/* Puts tmp in place at target (replacing it only when replace), fsyncs the folder. */
crm_status crmi_publish(const char *tmp, const char *target, bool replace, const char *what,
			struct crm_error *err);
/* Copies src to target through a temporary file; see crmi_publish for replace. */
crm_status crmi_write_copy(sqlite3 *src, const char *target, bool replace, const char *what,
			   int64_t *pages, struct crm_error *err);
bool crmi_same_file(const char *a, const char *b);

#endif
