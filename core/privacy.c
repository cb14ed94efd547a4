/*
 * privacy.c: what crm holds about one client, for an access or
 * portability request (crm client export --subject), and the erasure of
 * it (crm client erase).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

/*
 * The journal entries about a client: those of the client itself, of its
 * rows (contacts, interactions, promises, incidents, next actions, still
 * there or not), and any other entry whose data names it by client_id
 * (a removed contact, a handover, a VIP programme). The last test reads
 * every entry: an access request is rare, a complete answer is the rule.
 */
#define SUBJECT_ROWS                                                               \
	"  (j.entity = 'client' AND j.entity_id = ?1)"                               \
	"  OR (j.entity = 'contact' AND j.entity_id IN"                              \
	"      (SELECT id FROM contact WHERE client_id = ?1))"                       \
	"  OR (j.entity = 'interaction' AND j.entity_id IN"                          \
	"      (SELECT id FROM interaction WHERE client_id = ?1))"                   \
	"  OR (j.entity = 'promise' AND j.entity_id IN"                              \
	"      (SELECT id FROM promise WHERE client_id = ?1))"                       \
	"  OR (j.entity = 'incident' AND j.entity_id IN"                             \
	"      (SELECT id FROM incident WHERE client_id = ?1))"                      \
	"  OR (j.entity = 'next' AND j.entity_id IN"                                 \
	"      (SELECT id FROM next_action WHERE client_id = ?1))"
#define SUBJECT_WHERE                                                              \
	SUBJECT_ROWS "  OR (json_valid(j.data) AND json_extract(j.data, '$.client_id') = ?1)"
/* on PostgreSQL json_extract gives text (pg-schema.c), and compact JSON is
 * made with row_to_json and array_to_json, whose text is SQLite's */
#define SUBJECT_WHERE_PG                                                           \
	SUBJECT_ROWS "  OR (json_valid(j.data) AND json_extract(j.data, '$.client_id') ="     \
	" CAST(?1 AS text))"
#define ISO_TIME_PG(x) "to_char(to_timestamp(" x ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

static const char sql_subject_journal[] =
	"SELECT json_group_array(json_object("
	"  'id', id, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', at, 'unixepoch'),"
	"  'actor', actor, 'action', action, 'entity', entity,"
	"  'entity_id', entity_id, 'data', json(data)))"
	" FROM (SELECT * FROM journal j WHERE" SUBJECT_WHERE
	" ORDER BY j.id)";
static const char sql_subject_journal_pg[] =
	"SELECT coalesce(array_to_json(array_agg(row_to_json(x) ORDER BY x.id))::text, '[]')"
	" FROM (SELECT j.id, " ISO_TIME_PG("j.at") " AS at, j.actor, j.action, j.entity,"
	"   j.entity_id, CAST(j.data AS json) AS data FROM journal j WHERE" SUBJECT_WHERE_PG ") x";

crm_status crm_subject_journal(struct crm_db *db, int64_t client_id, char **json)
{
	crmi_stmt *st = crmi_prepare(db, CRMI_SQL(db, sql_subject_journal, sql_subject_journal_pg));
	const char *text;
	int rc;

	*json = NULL;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc != CRMI_ROW) {
		crmi_reset(st);
		return crmi_sqlfail(db, rc, N_("cannot read the journal"));
	}
	text = crmi_col_text(st, 0);
	*json = strdup(text ? text : "[]");
	crmi_reset(st);
	if (!*json) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return CRM_OK;
}

/* ---- erasure ---------------------------------------------------------------- */

static const char sql_erase_client[] = "SELECT uuid FROM client WHERE id = ?1";
static const char sql_erase_counts[] =
	"SELECT json_object("
	"  'contacts', (SELECT count(*) FROM contact WHERE client_id = ?1),"
	"  'interactions', (SELECT count(*) FROM interaction WHERE client_id = ?1),"
	"  'promises', (SELECT count(*) FROM promise WHERE client_id = ?1),"
	"  'incidents', (SELECT count(*) FROM incident WHERE client_id = ?1),"
	"  'next_actions', (SELECT count(*) FROM next_action WHERE client_id = ?1),"
	"  'handovers', (SELECT count(*) FROM handover WHERE client_id = ?1),"
	"  'vip_surveys', (SELECT count(*) FROM vip_survey WHERE client_id = ?1),"
	"  'vip_items', (SELECT count(*) FROM vip_item WHERE client_id = ?1),"
	"  'vip_drafts', (SELECT count(*) FROM vip_draft WHERE client_id = ?1),"
	"  'search', (SELECT count(*) FROM search WHERE client_id = ?1),"
	"  'journal_redacted', (SELECT count(*) FROM journal j WHERE" SUBJECT_WHERE "))";
static const char sql_erase_counts_pg[] =
	"SELECT row_to_json(x)::text FROM (SELECT"
	"  (SELECT count(*) FROM contact WHERE client_id = ?1) AS contacts,"
	"  (SELECT count(*) FROM interaction WHERE client_id = ?1) AS interactions,"
	"  (SELECT count(*) FROM promise WHERE client_id = ?1) AS promises,"
	"  (SELECT count(*) FROM incident WHERE client_id = ?1) AS incidents,"
	"  (SELECT count(*) FROM next_action WHERE client_id = ?1) AS next_actions,"
	"  (SELECT count(*) FROM handover WHERE client_id = ?1) AS handovers,"
	"  (SELECT count(*) FROM vip_survey WHERE client_id = ?1) AS vip_surveys,"
	"  (SELECT count(*) FROM vip_item WHERE client_id = ?1) AS vip_items,"
	"  (SELECT count(*) FROM vip_draft WHERE client_id = ?1) AS vip_drafts,"
	"  (SELECT count(*) FROM search WHERE client_id = ?1) AS search,"
	"  (SELECT count(*) FROM journal j WHERE" SUBJECT_WHERE_PG ") AS journal_redacted) x";
static const char sql_erasure_insert[] =
	"INSERT INTO erasure(at, actor, reason, client_uuid, client_id, counts)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_erasure_entries[] =
	"INSERT INTO erasure_entry(journal_id, erasure_id)"
	" SELECT j.id, ?2 FROM journal j WHERE" SUBJECT_WHERE;
static const char sql_erasure_entries_pg[] =
	"INSERT INTO erasure_entry(journal_id, erasure_id)"
	" SELECT j.id, ?2 FROM journal j WHERE" SUBJECT_WHERE_PG;
/* the extract of the event log for the act: the redacted entries */
static const char sql_erasure_extract[] =
	"SELECT json_group_array(json_object("
	"  'id', j.id, 'at', strftime('%Y-%m-%dT%H:%M:%SZ', j.at, 'unixepoch'),"
	"  'actor', j.actor, 'action', j.action, 'entity', j.entity,"
	"  'entity_id', j.entity_id))"
	" FROM (SELECT * FROM journal WHERE id IN"
	"  (SELECT journal_id FROM erasure_entry WHERE erasure_id = ?1) ORDER BY id) j";
static const char sql_erasure_extract_pg[] =
	"SELECT coalesce(array_to_json(array_agg(row_to_json(x) ORDER BY x.id))::text, '[]')"
	" FROM (SELECT j.id, " ISO_TIME_PG("j.at") " AS at, j.actor, j.action, j.entity,"
	"   j.entity_id FROM journal j WHERE id IN"
	"  (SELECT journal_id FROM erasure_entry WHERE erasure_id = ?1)) x";

static crm_status erase_step(struct crm_db *db, const char *sql, int64_t a, int64_t b)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, a);
	if (crmi_param_count(st) >= 2) {
		crmi_bind_int64(st, 2, b);
	}
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, N_("cannot erase the client"));
	}
	return CRM_OK;
}

/* A one-column text row of sql bound to id, copied into a malloc'd *out. */
static crm_status erase_text(struct crm_db *db, const char *sql, int64_t id, char **out)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int rc;

	*out = NULL;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*out = strdup(crmi_col_text(st, 0));
	}
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no client %lld", (long long)id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, N_("cannot erase the client"));
	}
	return *out ? CRM_OK : crmi_fail(db, CRM_ENOMEM, "out of memory");
}

static crm_status erasure_insert(struct crm_db *db, struct crm_erasure *e)
{
	crmi_stmt *st = crmi_prepare(db, sql_erasure_insert);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, e->at);
	crmi_bind_text(st, 2, e->actor);
	crmi_bind_text(st, 3, e->reason);
	crmi_bind_text(st, 4, e->uuid);
	crmi_bind_int64(st, 5, e->client_id);
	crmi_bind_text(st, 6, e->counts);
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, N_("cannot record the erasure"));
	}
	e->id = crmi_last_id(db);
	return CRM_OK;
}

static crm_status erase_rows(struct crm_db *db, struct crm_erasure *e)
{
	crm_status st = erasure_insert(db, e);
	cJSON *j;

	/* the journal entries are picked while the rows still name them */
	if (st == CRM_OK) {
		st = erase_step(db, CRMI_SQL(db, sql_erasure_entries, sql_erasure_entries_pg),
				e->client_id, e->id);
	}
	if (st == CRM_OK) {
		st = crmi_journal_redact(db, e->id);
	}
	if (st == CRM_OK) {
		st = erase_text(db, CRMI_SQL(db, sql_erasure_extract, sql_erasure_extract_pg), e->id,
				&e->journal);
	}
	if (st == CRM_OK) {
		st = crmi_search_erase_client(db, e->client_id);
	}
	/* contacts, interactions, promises, incidents, next actions,
	 * handovers and VIP rows go with the client (ON DELETE CASCADE) */
	if (st == CRM_OK) {
		st = crmi_client_erase(db, e->client_id);
	}
	if (st != CRM_OK) {
		return st;
	}
	j = cJSON_CreateObject();
	if (!j) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_int(j, "erasure_id", e->id);
	crmi_json_str(j, "uuid", e->uuid);
	crmi_json_str(j, "reason", e->reason);
	return crmi_journal(db, "client.erase", "client", e->client_id, j);
}

crm_status crm_client_erase(struct crm_db *db, int64_t id, const char *reason,
			    struct crm_erasure *out)
{
	crm_status st;

	memset(out, 0, sizeof(*out));
	st = crm_check_text(db, "reason", reason);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	out->client_id = id;
	out->at = crm_db_now(db);
	out->actor = crm_db_actor(db);
	out->reason = reason;
	/* secure_delete: SQLite zeroes what it deletes, in the pages written
	 * (a server keeps dead rows until VACUUM: crm-server(7)) */
	st = db->pg ? CRM_OK : crmi_exec(db, "PRAGMA secure_delete = ON");
	if (st == CRM_OK) {
		st = erase_text(db, sql_erase_client, id, &out->uuid);
	}
	if (st == CRM_OK) {
		st = erase_text(db, CRMI_SQL(db, sql_erase_counts, sql_erase_counts_pg), id,
				&out->counts);
	}
	if (st == CRM_OK) {
		st = erase_rows(db, out);
	}
	return crmi_atomic_end(db, st);
}

void crm_erasure_release(struct crm_erasure *e)
{
	if (!e) {
		return;
	}
	free(e->uuid);
	free(e->counts);
	free(e->journal);
	e->uuid = NULL;
	e->counts = NULL;
	e->journal = NULL;
}

/*
 * After the erasure is committed: the old pages still lie in the WAL and
 * in the free pages of the file. A checkpoint writes the new pages into
 * the file and empties the WAL (TRUNCATE); VACUUM rewrites the file
 * without its free pages; a second checkpoint empties the WAL VACUUM used.
 * A checkpoint that cannot finish (a reader holds an older snapshot) is a
 * failure, not a success: the erased pages are still there. Once all of
 * it passed, a base.scrub entry names the last erasure it covers, which is
 * how crm check knows no erased byte is left. Outside any transaction.
 */
static crm_status checkpoint(struct crm_db *db)
{
	int log = 0, done = 0;
	int rc = sqlite3_wal_checkpoint_v2(db->sql, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &done);

	if ((rc & 0xff) == SQLITE_BUSY || (rc == CRMI_OK && log > 0 && done < log)) {
		return crmi_fail(db, CRM_EBUSY,
				 "another process holds the base '%s' open", db->path);
	}
	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, N_("cannot clear the erased data from the files"));
	}
	return CRM_OK;
}

/* The id of an erasure sql selects (0: none) in *id. */
static crm_status read_erasure(struct crm_db *db, const char *sql, int64_t *id)
{
	crmi_stmt *st = crmi_prepare(db, sql);
	int rc;

	*id = 0;
	if (!st) {
		return db->errcode;
	}
	rc = crmi_step(st);
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, N_("cannot read the erasures"));
	}
	*id = crmi_col_int64(st, 0);
	crmi_reset(st);
	return CRM_OK;
}

/* The id of the last erasure in *last (0: none). */
static crm_status last_erasure(struct crm_db *db, int64_t *last)
{
	return read_erasure(db, "SELECT coalesce(max(id), 0) FROM erasure", last);
}

/* A base.scrub entry naming the last erasure a scrub covered (0: none). */
static crm_status scrub_record(struct crm_db *db, int64_t last)
{
	cJSON *data;

	if (last <= 0) {
		return CRM_OK;
	}
	data = cJSON_CreateObject();
	if (!data || !cJSON_AddNumberToObject(data, "erasure_id", (double)last)) {
		cJSON_Delete(data);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	return crmi_journal(db, "base.scrub", "erasure", last, data);
}

/*
 * On a server the erased rows stay in their tables' files as dead tuples
 * until a vacuum: VACUUM FULL writes every table that held the client's
 * rows anew, without them (it locks each table while it runs, and needs
 * its owner). WAL archives and earlier dumps still hold them: crm-server(7).
 */
static crm_status pg_scrub(struct crm_db *db)
{
	int64_t last;
	crm_status s = last_erasure(db, &last);

	if (s != CRM_OK) {
		return s;
	}
	s = crmi_exec(db, "VACUUM FULL client, contact, interaction, promise, incident, next_action,"
			  " next_move, handover, vip_survey, vip_item, vip_draft, search, journal");
	return s == CRM_OK ? scrub_record(db, last) : s;
}

crm_status crm_db_scrub(struct crm_db *db)
{
	int64_t last = 0;
	crm_status s;
	int rc;

	crmi_clear_error(db);
	if (!crmi_autocommit(db)) {
		return crmi_fail(db, CRM_EINVAL, "the scrub runs outside a transaction");
	}
	if (db->pg) {
		return pg_scrub(db);
	}
	rc = sqlite3_exec(db->sql, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, N_("cannot clear the erased data from the files"));
	}
	/* the last erasure this scrub covers, read before it starts */
	s = last_erasure(db, &last);
	if (s != CRM_OK) {
		return s;
	}
	s = checkpoint(db);
	if (s == CRM_OK) {
		rc = sqlite3_exec(db->sql, "VACUUM", NULL, NULL, NULL);
		s = rc == CRMI_OK ? checkpoint(db)
				    : crmi_sqlfail(db, rc, N_("cannot clear the erased data from the files"));
	}
	return s == CRM_OK ? scrub_record(db, last) : s;
}

/*
 * The last erasure whose data may still be in the files (0: none): one
 * after the last base.scrub entry.
 */
crm_status crm_scrub_pending(struct crm_db *db, int64_t *erasure_id)
{
	return read_erasure(db,
		"SELECT coalesce(max(id), 0) FROM erasure WHERE id > coalesce("
		"  (SELECT max(entity_id) FROM journal WHERE action = 'base.scrub'), 0)",
		erasure_id);
}

const char crmi_sql_backup_paths[] =
	"SELECT p FROM (SELECT json_extract(data, '$.path') AS p, id"
	"  FROM journal WHERE action = 'base.backup' AND json_valid(data)"
	" UNION ALL SELECT b.value, j.id FROM journal AS j,"
	"  json_each(CASE WHEN json_valid(j.data) THEN j.data ELSE '{}' END,"
	"  '$.backups') AS b WHERE j.action = 'base.restore')"
	" WHERE p IS NOT NULL GROUP BY p ORDER BY min(id)";
static const char sql_backup_paths_pg[] =
	"SELECT p FROM (SELECT json_extract(data, '$.path') AS p, id"
	"  FROM journal WHERE action = 'base.backup' AND json_valid(data)"
	" UNION ALL SELECT b.value, j.id FROM journal AS j,"
	"  json_array_elements_text(CASE WHEN json_valid(j.data) AND"
	"   json_type(j.data, '$.backups') = 'array' THEN CAST(j.data AS json) -> 'backups'"
	"   ELSE CAST('[]' AS json) END) AS b(value) WHERE j.action = 'base.restore') x"
	" WHERE p IS NOT NULL GROUP BY p ORDER BY min(id)";

/*
 * Where copies of erased data may remain beyond the base: the copy the
 * last restore kept, and every backup crm made (journaled as base.backup),
 * each told to fn with whether the file is still there.
 */
crm_status crm_erasure_copies(struct crm_db *db, crm_copy_fn *fn, void *data)
{
	char *before = malloc(strlen(db->path) + sizeof(CRM_BEFORE_RESTORE));
	crmi_stmt *st;
	struct stat sb;
	int rc;

	if (!before) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	snprintf(before, strlen(db->path) + sizeof(CRM_BEFORE_RESTORE), "%s%s", db->path,
		 CRM_BEFORE_RESTORE);
	if (lstat(before, &sb) == 0) {
		fn(data, "before-restore", before, true);
	}
	free(before);
	st = crmi_prepare(db, CRMI_SQL(db, crmi_sql_backup_paths, sql_backup_paths_pg));
	if (!st) {
		return db->errcode;
	}
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		const char *path = crmi_col_text(st, 0);

		fn(data, "backup", path, lstat(path, &sb) == 0);
	}
	crmi_reset(st);
	return rc == CRMI_DONE ? CRM_OK : crmi_sqlfail(db, rc, N_("cannot read the journal"));
}
